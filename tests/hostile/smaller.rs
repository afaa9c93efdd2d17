//! The "Smaller" items of issue 14, through the real binary: a `SOURCE_DATE_EPOCH` that is not
//! a number, a page beyond the PDF limit, dates with an hour taken for phone numbers, and
//! output paths in messages as the user gave them.

use crate::common::cli::{book, write};
use std::path::Path;
use std::process::{Command, Output};

fn chapbook_in(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut command = Command::new(crate::common::bin());
    command.current_dir(dir).args(args);
    command.env_remove("SOURCE_DATE_EPOCH");
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn source_date_epoch_that_is_not_a_number_is_an_error() {
    let book = book();
    let outs = tempfile::tempdir().unwrap();
    let out = outs.path().join("out");
    for value in ["abc", "1.5", "-3", "12e3", "99999999999999"] {
        let run = chapbook_in(
            book.path(),
            &[("SOURCE_DATE_EPOCH", value)],
            &[
                "build",
                ".",
                "-o",
                out.to_str().unwrap(),
                "--format",
                "epub",
            ],
        );
        let text = stderr(&run);
        assert_eq!(run.status.code(), Some(1), "{value}: {text}");
        assert!(
            text.contains(&format!(
                "the environment variable SOURCE_DATE_EPOCH is `{value}`, not a whole number of seconds"
            )),
            "{value}: {text}"
        );
        assert!(text.contains("help: set it to a Unix time"), "{text}");
        assert!(!out.exists(), "{value}: nothing is written");
        // `check` reports it too.
        let check = chapbook_in(
            book.path(),
            &[("SOURCE_DATE_EPOCH", value)],
            &["check", "."],
        );
        assert_eq!(check.status.code(), Some(1), "{value}");
        assert!(stderr(&check).contains("SOURCE_DATE_EPOCH is"), "{value}");
    }
    // A number builds, and so does an empty value (as if unset).
    for value in ["1767225600", "", " 0 "] {
        let run = chapbook_in(
            book.path(),
            &[("SOURCE_DATE_EPOCH", value)],
            &[
                "build",
                ".",
                "-o",
                out.to_str().unwrap(),
                "--format",
                "epub",
            ],
        );
        assert_eq!(run.status.code(), Some(0), "`{value}`: {}", stderr(&run));
    }
}

#[test]
fn a_page_beyond_the_pdf_limit_is_an_error_at_its_line() {
    let book = book();
    write(
        book.path(),
        "book.toml",
        b"title = \"Test Book\"\nlanguage = \"en\"\n\n[pdf.page]\nsize = \"100000mm x 100mm\"\n",
    );
    let out = tempfile::tempdir().unwrap();
    let run = chapbook_in(
        book.path(),
        &[],
        &["build", ".", "-o", out.path().to_str().unwrap()],
    );
    let text = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{text}");
    assert!(
        text.contains(
            "`100000mm x 100mm` is 283465 × 283 pt, larger than a PDF page may be (at most 14400 pt"
        ),
        "{text}"
    );
    assert!(text.contains("--> book.toml:5"), "{text}");
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);

    // A page that fits, imposed two-up on a sheet of two pages side by side, does not.
    write(
        book.path(),
        "book.toml",
        b"title = \"Test Book\"\nlanguage = \"en\"\n\n[pdf.page]\nsize = \"8000pt x 8000pt\"\n",
    );
    let run = chapbook_in(
        book.path(),
        &[],
        &[
            "build",
            ".",
            "-o",
            out.path().to_str().unwrap(),
            "--format",
            "pdf",
            "--impose",
            "2up",
        ],
    );
    let text = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{text}");
    assert!(
        text.contains("an imposed sheet of two 8000 pt pages would be 16000 pt wide"),
        "{text}"
    );
    assert!(text.contains("--> book.toml"), "{text}");
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn check_privacy_takes_a_date_and_an_hour_for_what_they_are() {
    let book = book();
    write(
        book.path(),
        "entries/fine.md",
        b"+++\ntitle = \"Fine\"\ndate = 2026-01-02\n+++\nPosted 2024-03-01 10 and again 2024-03-01 10:30.\n\nCall 2024-03-01 555-123-4567 or +7 701 234 56 78.\n",
    );
    let run = chapbook_in(book.path(), &[], &["check", ".", "--privacy"]);
    let text = stderr(&run);
    assert_eq!(run.status.code(), Some(0), "{text}");
    let found: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("warning: what looks like a phone number"))
        .collect();
    assert_eq!(
        found,
        [
            "warning: what looks like a phone number `555-123-4567` in an entry",
            "warning: what looks like a phone number `+7 701 234 56 78` in an entry"
        ],
        "{text}"
    );
    assert!(text.contains("--> entries/fine.md:7"), "{text}");
}

/// A book whose outputs cannot be written (the test puts a folder where its EPUB
/// goes), to see how messages name the output.
fn unwritable_book(root: &Path) {
    let title = "Unwritable";
    write(
        root,
        "c1/long_title/book.toml",
        format!("title = \"{title}\"\nlanguage = \"en\"\ndate = 2026-01-01\n").as_bytes(),
    );
    write(
        root,
        "c1/long_title/entries/a.md",
        b"+++\ntitle = \"A\"\n+++\nText.\n",
    );
}

#[test]
fn output_paths_in_messages_are_as_the_user_gave_them() {
    let root = tempfile::tempdir().unwrap();
    unwritable_book(root.path());
    let name = "unwritable.epub".to_string();
    let absolute = root.path().join("abs");
    for (dir, book, out) in [
        (".", "c1/long_title", "o"),
        (".", "c1/long_title", "c1/long_title/o"),
        (".", "./c1/long_title", "./o"),
        ("c1", "long_title", "../o"),
        (".", "c1/long_title", absolute.to_str().unwrap()),
    ] {
        std::fs::create_dir_all(root.path().join(dir).join(out).join(&name)).unwrap();
        let run = chapbook_in(
            &root.path().join(dir),
            &[],
            &["build", book, "-o", out, "--format", "epub"],
        );
        let text = stderr(&run);
        assert_eq!(run.status.code(), Some(1), "{text}");
        assert!(
            text.contains("error: cannot write the output"),
            "{book} -o {out}: {text}"
        );
        let location = text.lines().find_map(|l| l.strip_prefix("  --> ")).unwrap();
        assert_eq!(location, format!("{out}/{name}"), "{book} -o {out}");
    }
    // In a batch, relative to the manifest.
    write(
        root.path(),
        "c1/books.toml",
        b"out = \"o\"\n[[book]]\npath = \"long_title\"\nformats = [\"epub\"]\n",
    );
    std::fs::create_dir_all(root.path().join("c1/o/long_title/unwritable.epub")).unwrap();
    let run = chapbook_in(
        root.path(),
        &[],
        &["batch", "c1/books.toml", "--format", "json"],
    );
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let error = &report["books"][0]["errors"][0];
    assert_eq!(error["file"], format!("o/long_title/{name}"), "{report:#}");
}

/// A book titled with 5,000 characters, or with 150 Cyrillic letters (300 bytes, more than a
/// file name holds): it builds, and its outputs are named with at most about 100 bytes, cut
/// on a character boundary.
#[test]
fn a_book_with_a_5000_character_or_150_cyrillic_letter_title_builds() {
    for (title, language) in [
        ("word ".repeat(1000).trim().to_string(), "en"),
        ("Ж".repeat(150), "ru"),
    ] {
        let book = book();
        write(
            book.path(),
            "book.toml",
            format!("title = \"{title}\"\nlanguage = \"{language}\"\ndate = 2026-01-01\n")
                .as_bytes(),
        );
        let outs = tempfile::tempdir().unwrap();
        let run = chapbook_in(
            outs.path(),
            &[],
            &["build", book.path().to_str().unwrap(), "-o", "o"],
        );
        let text = stderr(&run);
        assert!(run.status.success(), "{language}: {text}");
        let mut names: Vec<String> = std::fs::read_dir(outs.path().join("o"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != ".chapbook.lock")
            .collect();
        names.sort();
        assert_eq!(names.len(), 2, "{language}: {names:?}");
        for name in &names {
            assert!(name.len() <= 110, "{name}: {} bytes", name.len());
            let stem = name.rsplit_once('.').unwrap().0;
            assert!(
                title.to_lowercase().replace(' ', "-").starts_with(stem),
                "{name} is not the start of the title"
            );
        }
        assert!(
            names[0].ends_with(".epub") && names[1].ends_with(".pdf"),
            "{names:?}"
        );
    }
}
