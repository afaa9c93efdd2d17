//! The real-world fixture (`tests/fixtures/real-world/`, issue #13) as a whole: built to both
//! formats, nothing is lost and nothing hostile gets through. The emoji thread has its own
//! test (`real_world_chars.rs`); this one checks the notes, the tables, the links and the
//! Arabic entry's running heads.

mod common;

use chapbook::build::Format;
use common::{Epub, repo};
use std::process::Command;

struct Built {
    _out: tempfile::TempDir,
    epub: std::path::PathBuf,
    pdf: std::path::PathBuf,
}

fn built() -> Built {
    let (outcome, out) = common::build_to(
        &repo().join("tests/fixtures/real-world"),
        &[Format::Epub, Format::Pdf],
    );
    assert!(!outcome.failed(), "{:?}", outcome.diagnostics);
    let find = |ext: &str| {
        outcome
            .outputs
            .iter()
            .find(|p| p.extension().unwrap() == ext)
            .unwrap()
            .clone()
    };
    Built {
        epub: find("epub"),
        pdf: find("pdf"),
        _out: out,
    }
}

fn pdf_pages(pdf: &std::path::Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext");
    String::from_utf8_lossy(&out.stdout)
        .split('\u{c}')
        .map(str::to_string)
        .collect()
}

#[test]
fn every_note_is_printed_on_the_page_that_cites_it() {
    let b = built();
    let pages = pdf_pages(&b.pdf);
    for (cited, note) in [
        ("Notes everywhere", "A note cited in a heading"),
        ("a cited", "A note cited in a table cell"),
        ("a list item with a note", "A note cited in a list item"),
        ("A quotation with a note", "A note cited in a quotation"),
        ("The city figures match", "A note cited in a comment"),
    ] {
        let page = pages
            .iter()
            .position(|p| p.contains(cited))
            .unwrap_or_else(|| panic!("`{cited}` is printed"));
        assert!(
            pages[page].contains(note),
            "`{note}` on the page of `{cited}` (page {})",
            page + 1
        );
    }
    let epub = Epub::open(&b.epub)
        .xhtml()
        .into_iter()
        .map(|(_, t)| t)
        .collect::<String>();
    for note in [
        "A note cited in a heading",
        "A note cited in a table cell",
        "A note cited in a comment",
    ] {
        assert!(epub.contains(note), "{note} in the EPUB");
    }
}

#[test]
fn no_hostile_address_reaches_either_format() {
    let b = built();
    let mut epub = Epub::open(&b.epub);
    for name in epub.names() {
        use std::io::Read;
        let mut bytes = Vec::new();
        epub.archive
            .by_name(&name)
            .unwrap()
            .read_to_end(&mut bytes)
            .unwrap();
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        assert!(!text.contains("javascript:"), "javascript: in {name}");
    }
    // The PDF's objects uncompressed, so that link actions can be read.
    let qdf = b.pdf.with_extension("qdf.pdf");
    let status = Command::new("qpdf")
        .args([
            "--qdf",
            "--object-streams=disable",
            b.pdf.to_str().unwrap(),
            qdf.to_str().unwrap(),
        ])
        .status()
        .expect("qpdf");
    assert!(status.success() || status.code() == Some(3));
    let bytes = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).to_lowercase();
    assert!(!bytes.contains("javascript"), "no javascript in the PDF");
    for url in [
        "https://blog.example.org/about/",
        "https://blog.example.org/2026/11/other-post.html",
        "https://reader.example.net/",
    ] {
        assert!(bytes.contains(url), "{url} is a link in the PDF");
    }
    let xhtml: String = epub.xhtml().into_iter().map(|(_, t)| t).collect();
    for href in [
        "href=\"#city-populations\"",
        "href=\"emoji-thread.xhtml\"",
        "href=\"https://blog.example.org/about/\"",
        "href=\"https://upload.example.org/steppe-dawn.jpg\"",
    ] {
        assert!(xhtml.contains(href), "{href} in the EPUB");
    }
}

#[test]
fn every_table_cell_is_inside_the_text_block() {
    let (book, _) = chapbook::load(&repo().join("tests/fixtures/real-world"));
    let book = book.unwrap();
    let fonts = chapbook::typeset::font::FontBook::with_fallbacks(
        &book.fonts,
        &book.pdf_style.text.script_sizes,
    );
    let frames = chapbook::layout::layout(&book, &book.pdf_style, &fonts);
    let page = &book.pdf_style.page;
    let margin = page.margin_inner.min(page.margin_outer);
    let dump = chapbook::typeset::dump::dump(&frames);
    // The text block's x extent on the current page: a landscape page (the wide table,
    // `turned`) runs along the page's height, from the bottom margin to the top one.
    let (mut x0, mut x1) = (0.0f32, 0.0f32);
    let mut text = String::new();
    for line in dump.lines() {
        if let Some(rest) = line.strip_prefix("page ") {
            let mut words = rest.split_whitespace().skip(1);
            let (w, h) = words.next().unwrap().split_once('x').unwrap();
            let (w, h): (f32, f32) = (w.parse().unwrap(), h.parse().unwrap());
            (x0, x1) = if words.next() == Some("turned") {
                (page.margin_bottom, h - page.margin_top)
            } else {
                (margin, w - margin)
            };
        } else if let Some(rest) = line.trim_start().strip_prefix("y ") {
            let mut parts = rest.splitn(4, ' ');
            parts.next();
            parts.next();
            let (a, b) = parts.next().unwrap().split_once("..").unwrap();
            let (a, b): (f32, f32) = (a.parse().unwrap(), b.parse().unwrap());
            let shown = parts.next().unwrap_or("");
            assert!(
                a >= x0 - 0.5 && b <= x1 + 0.5,
                "`{shown}` at {a}..{b} leaves the text block"
            );
            text.push_str(shown);
            text.push(' ');
        }
    }
    for cell in [
        "Almaty",
        "Kostanay",
        "2228675",
        "224326",
        "stat.gov.kz",
        "format=print",
        "الحرية والمساواة",
    ] {
        assert!(text.contains(cell), "`{cell}` is printed");
    }
}

#[test]
fn the_arabic_running_head_reads_in_logical_order() {
    let b = built();
    let title = "الإعلان العالمي لحقوق الإنسان: مقتطفات";
    let clean = |s: &str| {
        s.chars()
            .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{200E}' | '\u{200F}'))
            .collect::<String>()
            .trim()
            .to_string()
    };
    let heads: Vec<String> = pdf_pages(&b.pdf)
        .iter()
        .filter_map(|p| p.lines().next().map(clean))
        .filter(|first| first.contains("العالمي") || first.contains("يملاعلا"))
        .collect();
    assert!(!heads.is_empty(), "the Arabic entry has a running head");
    // Compared word by word: pdftotext puts the colon, a neutral between two Arabic runs,
    // in an embedding of its own (` :`), though the page shows it where it belongs.
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    for head in heads {
        assert_eq!(words(&head), words(title), "{head}");
    }
}
