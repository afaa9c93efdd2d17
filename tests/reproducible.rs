//! Building the same book twice gives the same bytes, and the build never touches its sources.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::Path;

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for item in std::fs::read_dir(&d).unwrap().flatten() {
            let path = item.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(
                    path.strip_prefix(dir).unwrap().display().to_string(),
                    std::fs::read(&path).unwrap(),
                );
            }
        }
    }
    files
}

#[test]
fn sample_book_builds_to_identical_bytes() {
    let book = repo().join("book");
    let sources_before = snapshot(&book);
    let (_a, first) = build_epub(&book);
    let (_b, second) = build_epub(&book);
    let first = std::fs::read(first).unwrap();
    let second = std::fs::read(second).unwrap();
    assert!(first.len() > 10_000);
    assert!(first == second, "two builds of book/ differ");
    assert_eq!(
        snapshot(&book),
        sources_before,
        "a build must not change the book folder"
    );
}

/// Zip entries carry the book's date, not the time of the build.
#[test]
fn zip_times_come_from_the_book() {
    let (_dir, path) = build_epub(&repo().join("book"));
    let mut epub = Epub::open(&path);
    for i in 0..epub.archive.len() {
        let file = epub.archive.by_index(i).unwrap();
        let t = file.last_modified().unwrap();
        if std::env::var("SOURCE_DATE_EPOCH").is_err() {
            assert_eq!(
                (t.year(), t.month(), t.day()),
                (2026, 11, 28),
                "{}",
                file.name().unwrap()
            );
        }
    }
    // Entries are in a fixed order: mimetype, container, then sorted paths.
    let names = epub.names();
    assert_eq!(
        &names[..2],
        &["mimetype".to_string(), "META-INF/container.xml".to_string()]
    );
    let mut rest = names[2..].to_vec();
    rest.sort();
    assert_eq!(rest, names[2..].to_vec());
}

/// The PDF too: the same book gives the same bytes.
#[test]
fn sample_book_pdf_is_reproducible() {
    let build = || {
        let out = tempfile::tempdir().unwrap();
        let outcome = chapbook::build::build(&chapbook::build::BuildOptions {
            impose: None,
            handouts: false,
            book_dir: repo().join("book"),
            out_dir: out.path().to_path_buf(),
            formats: vec![chapbook::build::Format::Pdf],
        });
        assert!(!outcome.failed());
        std::fs::read(&outcome.outputs[0]).unwrap()
    };
    let first = build();
    assert!(first.starts_with(b"%PDF-"));
    assert!(first == build(), "two builds of the PDF differ");
}

/// The same bytes on one thread as on two (issue #18): with two, paragraphs are set in
/// parallel, the PDF is drawn on a thread of its own while the layout fills the next pages,
/// and the EPUB is made beside the PDF; with one (`RAYON_NUM_THREADS=1`), everything runs in
/// turn on the main thread. The sample book (images, tables, notes, Arabic) and the
/// multilingual fixture, both formats, by the binary.
#[test]
fn same_bytes_on_one_thread_and_on_two() {
    for book in [
        repo().join("book"),
        repo().join("tests/fixtures/multilingual"),
    ] {
        let build = |threads: &str| {
            let out = tempfile::tempdir().unwrap();
            let output = std::process::Command::new(bin())
                .args(["build", &book.display().to_string(), "--out"])
                .arg(out.path())
                .args(["--format", "epub,pdf"])
                .env("RAYON_NUM_THREADS", threads)
                .env("SOURCE_DATE_EPOCH", "1767225600")
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            snapshot(out.path())
                .into_iter()
                .filter(|(name, _)| !name.starts_with('.'))
                .collect::<BTreeMap<_, _>>()
        };
        let one = build("1");
        let two = build("2");
        let names: Vec<&String> = one.keys().collect();
        assert!(
            names.iter().any(|n| n.ends_with(".pdf")) && names.iter().any(|n| n.ends_with(".epub")),
            "{}: {names:?}",
            book.display()
        );
        assert_eq!(names, two.keys().collect::<Vec<_>>(), "{}", book.display());
        for (name, bytes) in &one {
            assert!(bytes.len() > 1_000, "{name} is nearly empty");
            assert!(
                *bytes == two[name],
                "{}: {name} differs between one thread and two",
                book.display()
            );
        }
    }
}
