//! Issue #13, images wherever they occur: the real-world fixture built to both formats holds
//! every picture in each (aligned in paragraphs, in the line, a gallery, GIF, WebP, SVG, a file
//! named with a space and `#`, captions), the EPUB passes EPUBCheck, and no alternative text is
//! printed as `[alt]` in the PDF.

mod common;

use chapbook::build::{BuildOptions, Format, build};
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

const BOOK: &str = "tests/fixtures/real-world";

fn build_both(out: &Path) -> (PathBuf, PathBuf) {
    let outcome = build(&BuildOptions {
        impose: None,
        handouts: false,
        book_dir: repo().join(BOOK),
        out_dir: out.to_path_buf(),
        formats: vec![Format::Epub, Format::Pdf],
    });
    let messages: Vec<String> = outcome.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(!outcome.failed(), "build failed:\n{}", messages.join("\n"));
    let epub = outcome
        .outputs
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == "epub"));
    let pdf = outcome
        .outputs
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == "pdf"));
    (epub.unwrap().clone(), pdf.unwrap().clone())
}

/// The `src` of every `<img>` in the EPUB's documents, in reading order.
fn epub_sources(epub: &Path) -> Vec<String> {
    let mut book = Epub::open(epub);
    let mut out = Vec::new();
    for (name, text) in book.xhtml() {
        let doc = parse_xml(&name, &text);
        for node in doc.descendants().filter(|n| n.has_tag_name("img")) {
            out.push(node.attribute("src").unwrap_or_default().to_string());
        }
    }
    out
}

/// The number of raster images `pdfimages -list` counts (soft masks not counted), or `None`
/// without poppler.
pub fn pdf_rasters(pdf: &Path) -> Option<usize> {
    let out = match Command::new("pdfimages").arg("-list").arg(pdf).output() {
        Ok(out) => out,
        Err(e) => {
            assert!(!strict(), "pdfimages is required (CHAPBOOK_STRICT=1): {e}");
            return None;
        }
    };
    let list = String::from_utf8_lossy(&out.stdout);
    Some(
        list.lines()
            .skip(2)
            .filter(|l| l.split_whitespace().nth(2) == Some("image"))
            .count(),
    )
}

#[test]
fn every_picture_reaches_both_formats() {
    let dir = tempfile::tempdir().unwrap();
    let (epub, pdf) = build_both(dir.path());

    let sources = epub_sources(&epub);
    let wanted = [
        "sunset-left.jpg",
        "lighthouse-right.png",
        "smile.png",
        "gallery-1.jpg",
        "gallery-2.jpg",
        "gallery-3.jpg",
        "spinner.gif",
        "meadow.webp",
        "flow.svg",
        "my_photo_%231.png",
        "harbour.jpg",
    ];
    for name in wanted {
        assert!(
            sources.iter().any(|s| s.ends_with(&format!("/{name}"))),
            "{name} is not in the EPUB: {sources:?}"
        );
    }
    // Every source is a file of the container (percent-decoded), and none is written raw.
    let names = Epub::open(&epub).names();
    for src in &sources {
        let path = format!("OEBPS/{}", src.trim_start_matches("../")).replace("%23", "#");
        assert!(names.contains(&path), "{src} is not in the container");
        assert!(
            !src.contains(' ') && !src.contains('#'),
            "{src} is not encoded"
        );
    }
    let text = Epub::open(&epub)
        .xhtml()
        .into_iter()
        .map(|(_, t)| t)
        .collect::<String>();
    assert!(text.contains("<figure class=\"alignleft\">") || text.contains("class=\"alignleft\""));
    assert!(text.contains("<div class=\"gallery\">"), "no gallery");
    assert!(text.contains(
        "<figcaption>The harbour at dawn, from <a href=\"https://harbour.example.org/\">"
    ));
    assert_epubcheck_clean(&epub);

    // The PDF: every raster picture of the EPUB once, the SVG drawn as paths.
    let rasters = sources.iter().filter(|s| !s.ends_with(".svg")).count();
    if let Some(count) = pdf_rasters(&pdf) {
        assert_eq!(
            count, rasters,
            "pictures in the PDF vs raster references in the EPUB"
        );
    }
    let book = chapbook::source::load(&repo().join(BOOK)).0.expect("loads");
    let fonts = chapbook::typeset::font::FontBook::bundled();
    let layout = chapbook::layout::layout(&book, &book.pdf_style, &fonts);
    let svg_index = layout
        .images
        .iter()
        .position(|i| i.format == chapbook::typeset::frame::ImageFormat::Svg)
        .expect("the SVG is a document image");
    let dump = chapbook::typeset::dump::dump(&layout);
    assert!(
        dump.contains(&format!("(#{svg_index})")),
        "the SVG is on no page:\n{dump}"
    );

    if let Ok(out) = Command::new("pdftotext").arg(&pdf).arg("-").output() {
        let text = String::from_utf8_lossy(&out.stdout);
        for alt in [
            "[A low sun",
            "[A white",
            "[smiling",
            "[A plum",
            "[A control",
            "[]",
        ] {
            assert!(!text.contains(alt), "`{alt}` printed in the PDF");
        }
        assert!(
            text.contains("Control flow of a loop, drawn in SVG"),
            "SVG caption"
        );
        assert!(text.contains("A spinner, its first frame"), "GIF caption");
    } else {
        assert!(!strict(), "pdftotext is required (CHAPBOOK_STRICT=1)");
    }
}

/// A hostile SVG is cleaned before it reaches either format, with a warning naming the file;
/// one that declares entities is refused with an error naming it.
#[test]
fn hostile_svgs_are_cleaned_or_refused() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("entries")).unwrap();
    std::fs::create_dir_all(root.join("images")).unwrap();
    std::fs::write(root.join("book.toml"), "title = \"T\"\nlanguage = \"en\"\n").unwrap();
    std::fs::write(
        root.join("images/evil.svg"),
        r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="20" height="20" onload="alert(1)"><script>alert(2)</script><foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject><image xlink:href="https://tracker.example/p.png" width="1" height="1"/><rect width="20" height="20" fill="red" onclick="steal()"/></svg>"##,
    )
    .unwrap();
    std::fs::write(
        root.join("entries/a.md"),
        "+++\ntitle = \"A\"\n+++\n![A red square](../images/evil.svg)\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let outcome = build(&BuildOptions {
        impose: None,
        handouts: false,
        book_dir: root.to_path_buf(),
        out_dir: out.path().to_path_buf(),
        formats: vec![Format::Epub, Format::Pdf],
    });
    let messages: Vec<String> = outcome.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(!outcome.failed(), "{messages:?}");
    assert!(
        messages
            .iter()
            .any(|m| m.contains("evil.svg") && m.contains("a script")),
        "{messages:?}"
    );
    let epub = outcome
        .outputs
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == "epub"));
    let mut book = Epub::open(epub.unwrap());
    let svg = book.text("OEBPS/media/images/evil.svg");
    for bad in ["script", "onload", "onclick", "foreignObject", "tracker"] {
        assert!(!svg.contains(bad), "{bad} left in {svg}");
    }
    assert!(svg.contains("<rect"), "{svg}");

    std::fs::write(
        root.join("images/evil.svg"),
        r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg">&b;</svg>"#,
    )
    .unwrap();
    let outcome = build(&BuildOptions {
        impose: None,
        handouts: false,
        book_dir: root.to_path_buf(),
        out_dir: out.path().to_path_buf(),
        formats: vec![Format::Epub],
    });
    assert!(outcome.failed());
    let messages: Vec<String> = outcome.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("evil.svg") && m.contains("entities")),
        "{messages:?}"
    );
}

/// An image whose data cannot be decoded is an error naming its file, whatever its format.
#[test]
fn an_undecodable_image_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("entries")).unwrap();
    std::fs::create_dir_all(root.join("images")).unwrap();
    std::fs::write(root.join("book.toml"), "title = \"T\"\nlanguage = \"en\"\n").unwrap();
    // A WebP header with a size but no picture after it.
    let mut webp = b"RIFF\x20\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00".to_vec();
    webp.extend_from_slice(&[0, 0, 0, 0, 9, 0, 0, 9, 0, 0]);
    std::fs::write(root.join("images/broken.webp"), webp).unwrap();
    std::fs::write(
        root.join("entries/a.md"),
        "+++\ntitle = \"A\"\n+++\n![Broken](../images/broken.webp)\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let outcome = build(&BuildOptions {
        impose: None,
        handouts: false,
        book_dir: root.to_path_buf(),
        out_dir: out.path().to_path_buf(),
        formats: vec![Format::Pdf],
    });
    assert!(outcome.failed());
    let messages: Vec<String> = outcome.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        messages.iter().any(|m| m.contains("broken.webp")),
        "{messages:?}"
    );
}

/// Issue #13, "an image in running text is set in the line when it is small; otherwise as a
/// figure of its own at that point": a big picture inside a heading is a figure right after
/// the heading, one inside emphasis or inside a link's text is a figure where it stands (the
/// text around it goes on in its emphasis or link), and one in a table cell is a block of the
/// cell scaled to its column; the smiley in the next cell stays in the line. Checked on the
/// frame dump (drawn sizes and order) and on the PDF's text (no `[alt]`).
#[test]
fn big_pictures_in_headings_emphasis_links_and_cells_are_pictures() {
    let book = chapbook::source::load(&repo().join(BOOK)).0.expect("loads");
    let fonts = chapbook::typeset::font::FontBook::with_fallbacks(
        &book.fonts,
        &book.pdf_style.text.script_sizes,
    );
    let layout = chapbook::layout::layout(&book, &book.pdf_style, &fonts);
    let dump = chapbook::typeset::dump::dump(&layout);
    let images = repo().join(BOOK).join("images");
    // The document's index of a fixture file, found by its bytes.
    let index_of = |name: &str| -> usize {
        let bytes = std::fs::read(images.join(name)).unwrap();
        layout
            .images
            .iter()
            .position(|i| *i.data == bytes)
            .unwrap_or_else(|| panic!("{name} is not a document image"))
    };
    // Where image `index` is drawn: (line of the dump, width, height, x).
    let drawn = |index: usize| -> (usize, f32, f32, f32) {
        let lines: Vec<&str> = dump.lines().collect();
        let at = lines
            .iter()
            .position(|l| {
                l.trim_start().starts_with("image ") && l.ends_with(&format!("(#{index})"))
            })
            .unwrap_or_else(|| panic!("image #{index} is on no page"));
        let rest = lines[at].trim_start().strip_prefix("image ").unwrap();
        let (size, rest) = rest.split_once(" at ").unwrap();
        let (w, h) = size.split_once('x').unwrap();
        let x = rest.split(',').next().unwrap();
        (
            at,
            w.parse().unwrap(),
            h.parse().unwrap(),
            x.parse().unwrap(),
        )
    };
    let line_of = |needle: &str| -> usize {
        dump.lines()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("`{needle}` is set"))
    };
    let leading = book.pdf_style.text.leading;
    let style = &book.pdf_style.page;
    let measure = style.width - style.margin_inner - style.margin_outer;
    for (name, px_w, px_h) in [
        ("heading-pier.png", 320.0, 200.0),
        ("emphasis-meadow.png", 300.0, 180.0),
        ("link-dusk.png", 280.0, 180.0),
    ] {
        let (_, w, h, _) = drawn(index_of(name));
        assert!(
            h > 2.0 * leading && w <= measure + 0.5,
            "{name} is drawn as a picture, not an icon: {w}x{h}"
        );
        // At 96 pixels an inch (0.75 pt a pixel) unless the measure is narrower.
        assert!(
            (w - (px_w * 0.75f32).min(measure)).abs() < 1.0,
            "{name}: {w} wide"
        );
        assert!(
            (w / h - px_w / px_h).abs() < 0.02,
            "{name} keeps its proportions: {w}x{h}"
        );
    }
    // In reading order: the heading, its picture, the text after it; the emphasis and the
    // link go on after their pictures.
    let (pier, ..) = drawn(index_of("heading-pier.png"));
    assert!(line_of("The pier at noon") < pier);
    assert!(pier < line_of("The picture of the heading follows"));
    let (meadow, ..) = drawn(index_of("emphasis-meadow.png"));
    assert!(line_of("emphasis around a picture") < meadow);
    assert!(meadow < line_of("that goes on after it"));
    let (dusk, ..) = drawn(index_of("link-dusk.png"));
    assert!(line_of("link whose text holds a picture") < dusk);
    assert!(dusk < line_of("and words around it"));
    // The cell's picture: as tall as a picture, no wider than the measure (its column),
    // inside the text block, below its row's top, and the smiley of the next row is an icon.
    let (lamp, w, h, x) = drawn(index_of("cell-lamp.png"));
    assert!(
        h > 2.0 * leading,
        "the cell's picture is a picture: {w}x{h}"
    );
    assert!(
        x >= style.margin_inner.min(style.margin_outer) - 0.5
            && x + w <= style.width - style.margin_inner.min(style.margin_outer) + 0.5,
        "the cell's picture is inside the text block: {x}+{w}"
    );
    assert!(line_of("The lamp room") < lamp && lamp < line_of("The steps"));
    let (_, sw, sh, _) = drawn(index_of("smile.png"));
    assert!(
        sh < leading && sw < leading,
        "the smiley is an icon: {sw}x{sh}"
    );

    // Nothing prints as `[alt]`, and the text around the pictures is all there.
    let dir = tempfile::tempdir().unwrap();
    let (_, pdf) = build_both(dir.path());
    if let Ok(out) = Command::new("pdftotext").arg(&pdf).arg("-").output() {
        let text = String::from_utf8_lossy(&out.stdout);
        for alt in ["[A wooden", "[A green", "[An orange", "[A lamp", "[smiling"] {
            assert!(!text.contains(alt), "`{alt}` printed in the PDF");
        }
        for words in [
            "The pier at noon",
            "that goes on after it",
            "and words around it",
        ] {
            assert!(text.contains(words), "`{words}` in the PDF");
        }
    } else {
        assert!(!strict(), "pdftotext is required (CHAPBOOK_STRICT=1)");
    }
}
