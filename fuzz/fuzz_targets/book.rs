//! The whole build of a one-entry book to EPUB and PDF, in a temporary folder. The input is
//! the entry file, then optionally a NUL byte and the entry's comments file. A build either
//! fails with errors and writes nothing, or writes a complete EPUB (a zip) and PDF.
#![no_main]

use chapbook::build::{BuildOptions, Format, build};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (entry, comments) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], Some(&data[at + 1..])),
        None => (data, None),
    };
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    std::fs::create_dir_all(book.join("entries")).unwrap();
    std::fs::write(
        book.join("book.toml"),
        "title = \"Fuzz\"\nlanguage = \"en\"\ndate = 2026-01-01\n",
    )
    .unwrap();
    std::fs::write(book.join("entries/e.md"), entry).unwrap();
    if let Some(comments) = comments {
        std::fs::write(book.join("entries/e.comments.toml"), comments).unwrap();
    }
    let out = dir.path().join("out");
    let outcome = build(&BuildOptions {
        impose: None,
        handouts: false,
        book_dir: book.clone(),
        out_dir: out.clone(),
        formats: vec![Format::Epub, Format::Pdf],
    });
    // The outputs; `.chapbook.lock`, which the build takes on the folder while it writes, stays.
    let written: Vec<_> = std::fs::read_dir(&out)
        .map(|r| {
            r.flatten()
                .filter(|e| e.file_name() != ".chapbook.lock")
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default();
    if outcome.failed() {
        assert!(written.is_empty(), "a failed build wrote {written:?}");
    } else {
        assert_eq!(written.len(), 2, "{written:?}");
        let epub = std::fs::read(out.join("fuzz.epub")).unwrap();
        assert!(epub.starts_with(b"PK\x03\x04"));
        let pdf = std::fs::read(out.join("fuzz.pdf")).unwrap();
        assert!(pdf.starts_with(b"%PDF-") && pdf.trim_ascii_end().ends_with(b"%%EOF"));
    }
});
