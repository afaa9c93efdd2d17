//! Tests of resolving the style: the defaults, every unit, and each error's line.

use super::*;
use crate::config;

/// A book.toml of a title line and `pdf`, parsed as a book's is; the style, or the first
/// problem's line and message.
fn book(pdf: &str) -> Result<Style, (Option<usize>, String)> {
    let text = format!("title = \"T\"\n{pdf}");
    let file = Path::new("book.toml");
    let config = config::parse(&text, file).map_err(|d| {
        (
            d.line,
            format!("{} ({})", d.message, d.hint.unwrap_or_default()),
        )
    })?;
    resolve(config.pdf.as_ref(), &text, file).map_err(|d| (d[0].line, d[0].message.clone()))
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() < 0.01
}

#[test]
fn defaults_parse_and_resolve() {
    let spec: StyleSpec = toml::from_str(DEFAULT).unwrap();
    assert!(
        spec.fonts.is_none(),
        "fonts belong to books, not the defaults"
    );
    // resolve reports any key the defaults lack, so this also checks they are complete.
    let s = resolve(None, "", Path::new("book.toml")).unwrap();
    assert!(
        close(s.page.width, 419.53) && close(s.page.height, 595.28),
        "A5"
    );
    assert!(close(s.page.margin_inner, 12.0 * 72.0 / 25.4));
    assert!(close(s.page.margin_outer, 18.0 * 72.0 / 25.4));
    assert_eq!(s.text.script_sizes, vec![(*b"Arab", 1.15)]);
    assert_eq!(s.text.font_size, 10.0);
    assert_eq!(s.text.leading, 13.5);
    assert!(close(s.text.paragraph_indent, 12.0), "1.2em of 10pt");
    assert!(s.text.justify && s.text.hyphenate);
    assert_eq!(s.text.consecutive_hyphens, 2);
    assert_eq!(s.footnotes.separator_width, 0.25);
    assert_eq!((s.flow.widows, s.flow.orphans, s.flow.recto), (2, 2, false));
    assert_eq!(Style::default(), s);
}

#[test]
fn script_sizes_are_iso_15924_codes_with_factors() {
    let s = book("[pdf.text]\nscript-sizes = { Arab = 1.2, Cyrl = 1.05 }\n").unwrap();
    assert_eq!(s.text.script_sizes, vec![(*b"Arab", 1.2), (*b"Cyrl", 1.05)]);
    let none = book("[pdf.text]\nscript-sizes = {}\n").unwrap();
    assert!(none.text.script_sizes.is_empty());
    let (line, message) = book("[pdf.text]\nscript-sizes = { arabic = 1.2 }\n").unwrap_err();
    assert_eq!(line, Some(3));
    assert!(
        message.contains("`arabic` is not an ISO 15924 script code"),
        "{message}"
    );
    let (_, message) = book("[pdf.text]\nscript-sizes = { Arab = 115 }\n").unwrap_err();
    assert!(
        message.contains("Arab = 115 is not a size factor"),
        "{message}"
    );
}

#[test]
fn every_unit() {
    assert_eq!("12pt".parse::<Length>(), Ok(Length::Pt(12.0)));
    assert_eq!("1in".parse::<Length>(), Ok(Length::Pt(72.0)));
    assert!(matches!("25.4mm".parse::<Length>(), Ok(Length::Pt(v)) if close(v, 72.0)));
    assert!(matches!("2.54cm".parse::<Length>(), Ok(Length::Pt(v)) if close(v, 72.0)));
    assert_eq!("1.5em".parse::<Length>(), Ok(Length::Em(1.5)));
    assert_eq!("25%".parse::<Length>(), Ok(Length::Percent(25.0)));
    assert_eq!(" .5 pt ".parse::<Length>(), Ok(Length::Pt(0.5)));
    assert!("12 furlongs".parse::<Length>().is_err());
    assert!("12".parse::<Length>().is_err(), "a unit is required");
    assert!("pt".parse::<Length>().is_err());
    assert!("-3mm".parse::<Length>().unwrap_err().contains("negative"));
}

#[test]
fn em_is_the_text_size_as_overridden() {
    let s =
        book("[pdf.text]\nfont-size = \"12pt\"\n[pdf.headings]\nspace-before = \"2em\"\n").unwrap();
    assert!(close(s.text.paragraph_indent, 14.4), "1.2em of 12pt");
    assert!(close(s.headings.space_before, 24.0));
    let (line, message) = book("[pdf.text]\nfont-size = \"1em\"\n").unwrap_err();
    assert_eq!(line, Some(3));
    assert!(message.contains("must be absolute"), "{message}");
}

#[test]
fn named_sizes_and_w_x_h() {
    let mm = |v: f32| v * 72.0 / 25.4;
    for (name, w, h) in [
        ("A4", mm(210.0), mm(297.0)),
        ("a5", 419.53, 595.28),
        ("A6", mm(105.0), mm(148.0)),
        ("Letter", 612.0, 792.0),
        ("HalfLetter", 396.0, 612.0),
        ("half-letter", 396.0, 612.0),
    ] {
        let size: PageSize = name.parse().unwrap();
        assert!(
            close(size.width, w) && close(size.height, h),
            "{name}: {size:?}"
        );
    }
    let custom: PageSize = "100mm x 6in".parse().unwrap();
    assert!(close(custom.width, mm(100.0)) && close(custom.height, 432.0));
    assert_eq!("5inx8in".parse::<PageSize>().unwrap().width, 360.0);
    assert!("B7".parse::<PageSize>().is_err());
    assert!("100mm".parse::<PageSize>().is_err());
    assert!(
        "10em x 20em".parse::<PageSize>().is_err(),
        "em has no size here"
    );
    assert!("0mm x 20mm".parse::<PageSize>().is_err());
    // The PDF limit: 14,400 pt (5080 mm, 200 in) a side.
    assert!("5080mm x 200in".parse::<PageSize>().is_ok());
    for big in ["100000mm x 100mm", "100mm x 5081mm", "14401pt x 10pt"] {
        let message = big.parse::<PageSize>().unwrap_err();
        assert!(
            message.contains("larger than a PDF page may be"),
            "{message}"
        );
    }
}

#[test]
fn overrides_merge_key_by_key() {
    let s = book("[pdf.page]\nsize = \"A4\"\n[pdf.text]\njustify = false\n").unwrap();
    let d = Style::default();
    assert!(close(s.page.width, 595.28) && close(s.page.height, 841.89));
    assert!(!s.text.justify);
    assert_eq!(
        s.page.margin_top, d.page.margin_top,
        "same section, untouched key"
    );
    assert_eq!(s.text.font_size, d.text.font_size);
    assert!(s.text.hyphenate);
    assert_eq!(s.headings, d.headings, "untouched section");
    assert_eq!(s.flow, d.flow);
    // Dotted keys and inline tables are the same tables to TOML.
    let dotted = book("pdf.page.size = \"A4\"\npdf.text = { justify = false }\n").unwrap();
    assert_eq!(dotted, s);
    assert_eq!(book("").unwrap(), d, "no [pdf] at all");
}

#[test]
fn unknown_key_names_its_line_and_the_accepted_keys() {
    let (line, message) = book("[pdf.page]\nsize = \"A4\"\ncolour = \"red\"\n").unwrap_err();
    assert_eq!(line, Some(4));
    assert!(
        message.contains("unknown key `[pdf.page] colour`"),
        "{message}"
    );
    assert!(
        message.contains("`size`, `margin-top`, `margin-bottom`, `margin-inner`, `margin-outer`"),
        "{message}"
    );
    let (line, message) = book("\n[pdf.pages]\nsize = \"A4\"\n").unwrap_err();
    assert_eq!(line, Some(3));
    assert!(
        message.contains("unknown key `[pdf] pages` (did you mean `page`?)"),
        "{message}"
    );
    // Keys sit in their sections, not directly under [pdf].
    let (line, message) = book("[pdf]\nsize = \"A4\"\n").unwrap_err();
    assert_eq!(line, Some(3));
    assert!(message.contains("unknown key `[pdf] size`"), "{message}");
    // snake_case is not the spelling.
    assert!(book("[pdf.text]\nfont_size = \"9pt\"\n").is_err());
}

#[test]
fn a_page_beyond_the_pdf_limit_names_its_line() {
    let (line, message) = book("\n[pdf.page]\nsize = \"100000mm x 100mm\"\n").unwrap_err();
    assert_eq!(line, Some(4));
    assert!(
        message.contains("larger than a PDF page may be"),
        "{message}"
    );
    let (line, message) = book("[pdf.imposition]\nsheet = \"100mm x 6000mm\"\n").unwrap_err();
    assert_eq!(line, Some(3));
    assert!(
        message.contains("larger than a PDF page may be"),
        "{message}"
    );
    // Two pages of 8000 pt on an "auto" sheet: 16,000 pt; a paper size fixes it.
    let big = "[pdf]\nimpose = \"2up\"\n[pdf.page]\nsize = \"8000pt x 8000pt\"\n";
    let (line, message) = book(big).unwrap_err();
    assert_eq!(line, Some(3), "the impose key");
    assert!(message.contains("16000 pt wide"), "{message}");
    let sized = format!("{big}[pdf.imposition]\nsheet = \"14000pt x 9000pt\"\n");
    assert!(book(&sized).is_ok());
    assert!(book("[pdf.page]\nsize = \"8000pt x 8000pt\"\n").is_ok());
}

#[test]
fn bad_lengths_name_their_line() {
    let (line, message) = book("[pdf.text]\nfont-size = \"12 furlongs\"\n").unwrap_err();
    assert_eq!(line, Some(3));
    assert!(
        message.contains("`12 furlongs` is not a length"),
        "{message}"
    );
    let (line, message) = book("[pdf.page]\nsize = \"A5\"\nmargin-top = \"-3mm\"\n").unwrap_err();
    assert_eq!(line, Some(4));
    assert!(message.contains("negative"), "{message}");
    let (line, message) = book("[pdf.page]\nsize = \"B7\"\n").unwrap_err();
    assert_eq!(line, Some(3));
    assert!(message.contains("not a page size"), "{message}");
    assert!(
        book("[pdf.text]\nfont-size = 10\n").is_err(),
        "a number without a unit"
    );
    // Values that parse but cannot be used are found when resolving, also with their line.
    let (line, message) = book("[pdf.text]\njustify = false\nfont-size = \"0pt\"\n").unwrap_err();
    assert_eq!(line, Some(4));
    assert!(
        message.contains("[pdf.text] font-size must be more than zero"),
        "{message}"
    );
    let (line, message) = book("[pdf.page]\n\nmargin-top = \"10%\"\n").unwrap_err();
    assert_eq!(line, Some(4));
    assert!(message.contains("percentage"), "{message}");
    let (line, message) = book("[pdf.footnotes]\nseparator-width = \"150%\"\n").unwrap_err();
    assert_eq!(line, Some(3));
    assert!(message.contains("more than all of it"), "{message}");
}

#[test]
fn every_problem_is_reported() {
    let text = "title = \"T\"\n[pdf.code]\nleading = \"0pt\"\n[pdf.header]\nfont-size = \"0mm\"\n";
    let config = config::parse(text, Path::new("book.toml")).unwrap();
    let problems = resolve(config.pdf.as_ref(), text, Path::new("book.toml")).unwrap_err();
    let lines: Vec<_> = problems.iter().map(|d| d.line).collect();
    assert_eq!(lines, [Some(3), Some(5)]);
    assert!(problems.iter().all(|d| d.is_error() && d.hint.is_some()));
}

#[test]
fn margins_that_leave_no_room() {
    let (line, message) = book(
        "[pdf.text]\njustify = false\n[pdf.page]\nmargin-inner = \"80mm\"\nmargin-outer = \"70mm\"\n",
    )
    .unwrap_err();
    assert_eq!(line, Some(4), "the [pdf.page] header");
    assert!(message.contains("too small to set text in"), "{message}");
    // Top and bottom too, and a small page with the default margins.
    assert!(book("[pdf.page]\nmargin-top = \"100mm\"\nmargin-bottom = \"100mm\"\n").is_err());
    assert!(book("[pdf.page]\nsize = \"40mm x 60mm\"\n").is_err());
    // Large text on the default page is the same problem.
    assert!(book("[pdf.text]\nfont-size = \"96pt\"\nleading = \"100pt\"\n").is_err());
}

#[test]
fn separator_width_as_a_length_is_a_fraction_of_the_text_width() {
    let s = book("[pdf.footnotes]\nseparator-width = \"30mm\"\n").unwrap();
    let text_width = s.page.width - s.page.margin_inner - s.page.margin_outer;
    assert!(close(
        s.footnotes.separator_width * text_width,
        30.0 * 72.0 / 25.4
    ));
}
