//! Page layout rules on small books made for each rule: table headers repeat on every page a
//! table runs over, entries can start on right-hand pages, a long footnote continues on the
//! next page, a word longer than the line is set rather than lost, and a right-to-left book
//! reads back in order.

mod common;

use chapbook::build::{BuildOptions, Format, build};
use common::*;
use std::path::Path;
use std::process::Command;

fn write(root: &Path, name: &str, text: &str) {
    let path = root.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Builds a book to PDF and returns the text of each page (empty without pdftotext).
fn pages(root: &Path) -> Vec<String> {
    let out = tempfile::tempdir().unwrap();
    let outcome = build(&BuildOptions {
        impose: None,
        handouts: false,
        book_dir: root.to_path_buf(),
        out_dir: out.path().to_path_buf(),
        formats: vec![Format::Pdf],
    });
    let messages: Vec<String> = outcome.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(!outcome.failed(), "{}", messages.join("\n"));
    let pdf = &outcome.outputs[0];
    let mut texts = Vec::new();
    for n in 1.. {
        let s = n.to_string();
        let Ok(out) = Command::new("pdftotext")
            .args(["-f", &s, "-l", &s, "-enc", "UTF-8"])
            .arg(pdf)
            .arg("-")
            .output()
        else {
            assert!(!strict(), "pdftotext is required (CHAPBOOK_STRICT=1)");
            return Vec::new();
        };
        if !out.status.success() {
            break;
        }
        texts.push(String::from_utf8_lossy(&out.stdout).into_owned());
    }
    texts
}

fn book(entries: &[(&str, &str)], extra_config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "book.toml",
        &format!("title = \"Layout\"\nlanguage = \"en\"\n{extra_config}"),
    );
    for (name, text) in entries {
        write(dir.path(), &format!("entries/{name}"), text);
    }
    dir
}

#[test]
fn table_header_repeats_on_every_page() {
    let mut md =
        String::from("+++\ntitle = \"Table\"\n+++\n| Oblast | Centre | Note |\n|---|---|---|\n");
    for i in 1..=90 {
        md.push_str(&format!("| Region {i} | Town {i} | row {i} |\n"));
    }
    let dir = book(&[("t.md", &md)], "");
    let texts = pages(dir.path());
    let with_rows: Vec<&String> = texts.iter().filter(|t| t.contains("Region ")).collect();
    assert!(
        with_rows.len() >= 2,
        "the table should run over pages: {}",
        with_rows.len()
    );
    for t in with_rows {
        assert!(
            t.contains("Oblast") && t.contains("Centre"),
            "a page of the table lacks its header:\n{t}"
        );
    }
    let all: String = texts.concat();
    for i in 1..=90 {
        assert!(
            all.contains(&format!("Region {i}\n")) || all.contains(&format!("Region {i} ")),
            "row {i} lost"
        );
    }
}

#[test]
fn entries_start_on_right_hand_pages_when_asked() {
    let entry = |t: &str| format!("+++\ntitle = \"{t}\"\n+++\nA short entry called {t}.\n");
    let (a, b, c) = (entry("Alpha"), entry("Beta"), entry("Gamma"));
    let dir = book(
        &[("a.md", &a), ("b.md", &b), ("c.md", &c)],
        "entries = [\"a.md\", \"b.md\", \"c.md\"]\n[pdf.flow]\nrecto = true\n",
    );
    let texts = pages(dir.path());
    if texts.is_empty() {
        return;
    }
    for title in ["Alpha", "Beta", "Gamma"] {
        let page = texts
            .iter()
            .position(|t| t.contains(&format!("A short entry called {title}")))
            .unwrap()
            + 1;
        assert_eq!(
            page % 2,
            1,
            "{title} opens on page {page}, a left-hand page"
        );
    }
}

#[test]
fn long_footnote_continues_on_the_next_page() {
    let filler = "The steppe was quiet that evening, and the bus was late again. ".repeat(40);
    let note = "This note is long. ".repeat(300);
    let md = format!(
        "+++\ntitle = \"Notes\"\n+++\n{filler}\n\n{filler}\n\nHere is the citation.[^n] {filler}\n\n[^n]: {note}End of the note.\n"
    );
    let dir = book(&[("n.md", &md)], "");
    let texts = pages(dir.path());
    if texts.is_empty() {
        return;
    }
    let start = texts
        .iter()
        .position(|t| t.contains("1. This note is long."))
        .expect("note start");
    let cited = texts
        .iter()
        .position(|t| t.contains("Here is the citation."))
        .expect("citation");
    assert_eq!(start, cited, "the note starts on the page that cites it");
    let end = texts
        .iter()
        .position(|t| t.contains("End of the note."))
        .expect("note end");
    assert!(
        end > start,
        "the note is too long for one page and continues"
    );
}

#[test]
fn a_word_longer_than_the_line_is_set_not_lost() {
    let word =
        "Taumatawhakatangihangakoauauotamateaturipukakapikimaungahoronukupokaiwhenuakitanatahu"
            .repeat(2);
    let md = format!("+++\ntitle = \"Long\"\n+++\nBefore {word} after.\n");
    let dir = book(&[("l.md", &md)], "[pdf.text]\nhyphenate = false\n");
    let texts = pages(dir.path());
    if texts.is_empty() {
        return;
    }
    let all: String = texts.concat().split_whitespace().collect();
    assert!(all.contains(&word), "the long word must come back whole");
    assert!(all.contains("Before") && all.contains("after."));
}

#[test]
fn right_to_left_book_reads_back_in_order() {
    let dir = repo().join("tests/fixtures/rtl-arabic");
    let texts = pages(&dir);
    if texts.is_empty() {
        return;
    }
    let all: String = texts
        .concat()
        .chars()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}'))
        .collect::<String>()
        .split_whitespace()
        .collect();
    // pdftotext rebuilds logical order from positions with its own bidi pass, which cannot see
    // the isolate around the Kazakh phrase: the "!" that we set at its right end comes back
    // on the Arabic side. The letters must come back whole and in order.
    for expected in [
        "وصلناإلىالمدينةفيالصباح",
        "Қошкелдіңіздер",
        "WelcometoAlmaty",
        "بالإنجليزية",
    ] {
        assert!(all.contains(expected), "`{expected}` not found in:\n{all}");
    }
}

/// A font the book names in `[pdf.fonts] fallback` sets the characters it has, before the
/// bundled Noto Sans Symbols 2 (which has them too since issue #13); without it the same book
/// builds with the bundled symbols.
#[test]
fn book_fallback_font_sets_what_it_has_before_the_bundled_symbols() {
    let fixture = repo().join("tests/fixtures/fallback-font");
    let texts = pages(&fixture);
    if !texts.is_empty() {
        let all: String = texts.concat();
        for c in ['♔', '♟', '☐', '☑'] {
            assert!(all.contains(c), "{c} not in the PDF text");
        }
    }
    let (book, _) = chapbook::source::load(&fixture);
    let book = book.expect("the fixture loads");
    let fonts = chapbook::typeset::font::FontBook::with_fallbacks(
        &book.fonts,
        &book.pdf_style.text.script_sizes,
    );
    let chain = fonts.chain(chapbook::typeset::font::FontRequest {
        family: chapbook::typeset::font::Family::Serif,
        bold: false,
        italic: false,
    });
    let face = fonts.resolve(&chain, '♔').map(|f| fonts.face(f).name);
    assert_eq!(
        face,
        Some(book.fonts[0].name.as_str()),
        "the book's font sets ♔"
    );
    let copy = tempfile::tempdir().unwrap();
    write(copy.path(), "book.toml", "title = \"No Fallback\"\n");
    let entry = std::fs::read_to_string(fixture.join("entries/chess.md")).unwrap();
    write(copy.path(), "entries/chess.md", &entry);
    let out = tempfile::tempdir().unwrap();
    let outcome = build(&BuildOptions {
        impose: None,
        handouts: false,
        book_dir: copy.path().to_path_buf(),
        out_dir: out.path().to_path_buf(),
        formats: vec![Format::Pdf],
    });
    assert!(!outcome.failed(), "{:?}", outcome.diagnostics);
}

/// A paragraph with no language mark, written wholly in Arabic inside an English entry, is set
/// right to left in both outputs (its letters detected; its language is not guessed).
#[test]
fn undeclared_arabic_paragraph_is_right_to_left() {
    let md = "+++\ntitle = \"Detect\"\n+++\nAn English paragraph first.\n\nالعلم نور والجهل ظلام.\n";
    let dir = book(&[("d.md", md)], "");
    let out = tempfile::tempdir().unwrap();
    let outcome = build(&BuildOptions {
        impose: None,
        handouts: false,
        book_dir: dir.path().to_path_buf(),
        out_dir: out.path().to_path_buf(),
        formats: vec![Format::Epub, Format::Pdf],
    });
    assert!(!outcome.failed());
    let mut epub = Epub::open(&outcome.outputs[0]);
    let xhtml = epub.text("OEBPS/text/d.xhtml");
    assert!(
        xhtml.contains("<p dir=\"rtl\">العلم نور والجهل ظلام.</p>"),
        "{xhtml}"
    );
    // In the PDF the Arabic line ends at the right margin: its last glyph is further right
    // than the English line's first glyph is from the left margin.
    let fonts = chapbook::typeset::font::FontBook::bundled();
    let (loaded, _) = chapbook::source::load(dir.path());
    let loaded = loaded.unwrap();
    let frames = chapbook::layout::layout(&loaded, &loaded.pdf_style, &fonts);
    let page = frames
        .pages
        .iter()
        .find(|p| p.anchors.iter().any(|a| a.name == "entry-d"))
        .unwrap();
    let runs: Vec<(f32, f32, &str)> = page
        .items
        .iter()
        .filter_map(|p| match &p.item {
            chapbook::typeset::frame::Item::Text(t) => {
                Some((p.x, p.x + t.run.width(), &t.text[t.run.range.clone()]))
            }
            _ => None,
        })
        .collect();
    let arabic = runs
        .iter()
        .find(|(_, _, text)| text.contains("العلم"))
        .unwrap();
    let english = runs
        .iter()
        .find(|(_, _, text)| text.contains("English paragraph"))
        .unwrap();
    let right_margin = page.width
        - loaded
            .pdf_style
            .page
            .margin_inner
            .min(loaded.pdf_style.page.margin_outer);
    assert!(
        arabic.1 > right_margin - 60.0,
        "Arabic paragraph should sit at the right: {arabic:?}"
    );
    assert!(arabic.0 > english.0 + 100.0, "{arabic:?} vs {english:?}");
}
