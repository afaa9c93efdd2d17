//! The PDF as a screen reader reads it (issue #16): the structure tree walked in order, the
//! text of each element's marked content (`/ActualText` where a span has one, a figure's
//! `/Alt`), compared word for word with the book's own text, for the sample book, every
//! fixture and the UDHR corpus in its ten languages. Every word must come back, in order, as
//! a listener would hear it: no two words run together at a line end, no word split by its
//! line-break hyphen, right-to-left words in logical order with their vowel marks.
//!
//! The reader is `tests/tools/structure_text.py` (pikepdf, which `.ci/run` installs in the
//! page-validation virtualenv); without it the test prints a note, and fails under
//! `CHAPBOOK_STRICT=1`.

mod common;

use chapbook::build::{BuildOptions, Format, build};
use common::reading::{Comparison, compare, expected_text, reader_python};
use common::*;
use std::path::{Path, PathBuf};

/// Builds `book_dir`'s PDF and compares its structure-order text with the book's words.
fn read_back(python: &Path, book_dir: &Path) -> Comparison {
    let out = tempfile::tempdir().unwrap();
    let outcome = build(&BuildOptions {
        impose: None,
        book_dir: book_dir.to_path_buf(),
        out_dir: out.path().to_path_buf(),
        formats: vec![Format::Pdf],
    });
    let messages: Vec<String> = outcome.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(!outcome.failed(), "{}", messages.join("\n"));
    let (book, _) = chapbook::source::load(book_dir);
    let expected = expected_text(&book.expect("the book loads"));
    compare(python, &outcome.outputs[0], &expected)
}

/// Every book of the tests: the sample book, each fixture and (with `../shared`) the UDHR.
fn books(scratch: &Path) -> Vec<(String, PathBuf)> {
    let mut books = vec![("book".to_string(), repo().join("book"))];
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(repo().join("tests/fixtures"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("book.toml").is_file())
        .collect();
    fixtures.sort();
    for dir in fixtures {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        books.push((name, dir));
    }
    match shared() {
        Some(shared) => {
            let dir = scratch.join("udhr");
            udhr::write_book(&shared, &dir);
            books.push(("udhr".to_string(), dir));
        }
        None => eprintln!("NOTE: ../shared not found; the UDHR book is not read"),
    }
    books
}

#[test]
fn every_word_reads_back_in_structure_order() {
    let Some(python) = reader_python() else {
        return;
    };
    let scratch = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for (name, dir) in books(scratch.path()) {
        let c = read_back(&python, &dir);
        eprintln!(
            "{name:14} {:6}/{:6} source words read back in order ({:.2} %), {} extra PDF words",
            c.matched,
            c.source_words,
            c.percent(),
            c.extra.len()
        );
        for extra in &c.extra {
            eprintln!("    extra {extra}");
        }
        assert!(c.source_words > 0, "{name}: no source words");
        if c.matched < c.source_words {
            failures.push(format!(
                "{name}: {} of {} words ({:.2} %):\n  {}",
                c.matched,
                c.source_words,
                c.percent(),
                c.missing.join("\n  ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "words not read back as the source has them:\n{}",
        failures.join("\n")
    );
}
