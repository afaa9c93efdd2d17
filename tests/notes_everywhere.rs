//! Footnotes wherever they are cited (issue #13): in a heading, a table cell, a list item, a
//! quote, a comment and an author page, each note is printed at the foot of the page that
//! cites it (notes in headings and table cells used to be lost in the PDF, and the heading's
//! mark with them, so notes were numbered from 2).

mod common;

use chapbook::build::Format;
use common::cli;
use std::process::Command;

/// The text of each page of a PDF.
fn pages(pdf: &std::path::Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is needed");
    String::from_utf8_lossy(&out.stdout)
        .split('\u{c}')
        .map(str::to_string)
        .collect()
}

#[test]
fn every_note_is_on_the_page_that_cites_it() {
    let dir = cli::book();
    let entry = "+++\ntitle = \"Notes\"\nauthors = [\"ann\"]\ndate = 2026-01-02\n+++\n## Heading with a note[^h]\n\nBody text.[^b]\n\n| A | B |\n|---|---|\n| cell text[^c] | x |\n\n- item text[^i]\n\n> quote text[^q]\n\n[^h]: HEADNOTE text.\n[^b]: BODYNOTE text.\n[^c]: CELLNOTE text.\n[^i]: ITEMNOTE text.\n[^q]: QUOTENOTE text.\n";
    cli::write(dir.path(), "entries/fine.md", entry.as_bytes());
    let comments = "[[comment]]\nid = \"c1\"\nauthor = \"Reader\"\nbody = \"\"\"\ncomment text[^z]\n\n[^z]: COMMENTNOTE text.\n\"\"\"\n";
    cli::write(
        dir.path(),
        "entries/fine.comments.toml",
        comments.as_bytes(),
    );
    cli::write(
        dir.path(),
        "authors/ann.md",
        b"+++\nname = \"Ann Example\"\n+++\nbio text[^a]\n\n[^a]: AUTHORNOTE text.\n",
    );
    let (outcome, _out) = common::build_to(dir.path(), &[Format::Pdf]);
    assert!(!outcome.failed(), "{:?}", outcome.diagnostics);
    let pages = pages(&outcome.outputs[0]);
    let page_of = |text: &str| {
        let found: Vec<usize> = (0..pages.len())
            .filter(|&i| pages[i].contains(text))
            .collect();
        assert_eq!(found.len(), 1, "`{text}` on exactly one page: {found:?}");
        found[0]
    };
    for (cited, note, mark) in [
        ("Heading with a note", "HEADNOTE", "1."),
        ("Body text.", "BODYNOTE", "2."),
        ("cell text", "CELLNOTE", "3."),
        ("item text", "ITEMNOTE", "4."),
        ("quote text", "QUOTENOTE", "5."),
        ("comment text", "COMMENTNOTE", "1."),
        ("bio text", "AUTHORNOTE", "1."),
    ] {
        let page = page_of(cited);
        assert_eq!(
            page_of(note),
            page,
            "{note} at the foot of the page citing it"
        );
        assert!(
            pages[page].contains(&format!("{mark} {note}")),
            "{note} numbered {mark}:\n{}",
            pages[page]
        );
    }
}
