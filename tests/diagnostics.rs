//! Bad input: each case in the table of docs/bad-input.md is made here, run through the real binary, and
//! its message, file, line, exit status and the absence of output are checked.

use std::path::{Path, PathBuf};

mod common;

use common::cli::*;

/// Builds the book; returns (exit code, stderr, files in the output folder).
fn build(root: &Path) -> (i32, String, Vec<PathBuf>) {
    let out = root.join("out");
    let output = chapbook(&[
        "build",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    // Every file but the output folder's lock (which a build that writes leaves there).
    let files = std::fs::read_dir(&out)
        .map(|r| {
            r.flatten()
                .map(|e| e.path())
                .filter(|p| !p.ends_with(chapbook::build::LOCK_FILE))
                .collect()
        })
        .unwrap_or_default();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stderr).unwrap(),
        files,
    )
}

/// Asserts the build fails with exit 1, writes nothing, and prints an error with `message`
/// at `location` (a `file:line` suffix) followed by a hint.
fn assert_error(root: &Path, location: &str, message: &str) {
    let (code, stderr, files) = build(root);
    assert_eq!(code, 1, "exit status\n{stderr}");
    assert!(files.is_empty(), "nothing may be written: {files:?}");
    let found = stderr.split("\n\n").any(|block| {
        block.starts_with("error: ")
            && block.contains(message)
            && block
                .lines()
                .any(|l| l.trim_start().starts_with("-->") && l.ends_with(location))
            && block.contains("= help: ")
    });
    assert!(
        found,
        "expected error `{message}` at {location}, got:\n{stderr}"
    );
    let check = chapbook(&["check", root.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(1), "check must fail too");
}

#[test]
fn malformed_front_matter() {
    let b = book();
    write(
        b.path(),
        "entries/fine.md",
        b"+++\ntitle = \"Unclosed\nauthors = [\"ann\"]\n+++\nText.\n",
    );
    assert_error(b.path(), "entries/fine.md:2", "invalid basic string");
}

#[test]
fn front_matter_never_closed() {
    let b = book();
    write(b.path(), "entries/fine.md", b"+++\ntitle = \"A\"\nText.\n");
    assert_error(
        b.path(),
        "entries/fine.md:1",
        "front matter opened with `+++` is never closed",
    );
}

#[test]
fn unknown_key_in_front_matter() {
    let b = book();
    write(
        b.path(),
        "entries/fine.md",
        b"+++\ntitle = \"A\"\n\ncolour = \"red\"\n+++\nText.\n",
    );
    assert_error(b.path(), "entries/fine.md:4", "unknown key `colour`");
}

#[test]
fn unknown_key_in_book_toml() {
    let b = book();
    write(
        b.path(),
        "book.toml",
        format!("{BOOK}theme = \"dark\"\n").as_bytes(),
    );
    assert_error(b.path(), "book.toml:4", "unknown key `theme`");
}

#[test]
fn footnote_without_definition() {
    let b = book();
    write(
        b.path(),
        "entries/fine.md",
        b"+++\ntitle = \"A\"\n+++\nFirst paragraph.\n\nCites[^missing] here.\n",
    );
    assert_error(
        b.path(),
        "entries/fine.md:6",
        "footnote [^missing] is cited but never defined",
    );
}

#[test]
fn comment_parent_missing() {
    let b = book();
    write(b.path(), "entries/fine.comments.toml", b"[[comment]]\nid = \"c1\"\nauthor = \"R\"\nbody = \"Hi\"\n\n[[comment]]\nid = \"c2\"\nparent = \"c7\"\nauthor = \"S\"\nbody = \"Reply\"\n");
    assert_error(
        b.path(),
        "entries/fine.comments.toml:8",
        "comment `c2` replies to `c7`, which is not in this file",
    );
}

#[test]
fn comment_reply_cycle() {
    let b = book();
    write(b.path(), "entries/fine.comments.toml", b"[[comment]]\nid = \"a\"\nparent = \"b\"\nauthor = \"R\"\n\n[[comment]]\nid = \"b\"\nparent = \"a\"\nauthor = \"S\"\n");
    assert_error(
        b.path(),
        "entries/fine.comments.toml:2",
        "comment `a` is part of a reply cycle",
    );
}

#[test]
fn unknown_comment_kind() {
    let b = book();
    write(
        b.path(),
        "entries/fine.comments.toml",
        b"[[comment]]\nid = \"c1\"\nauthor = \"R\"\nkind = \"spam\"\n",
    );
    assert_error(
        b.path(),
        "entries/fine.comments.toml:4",
        "unknown comment kind `spam`",
    );
}

#[test]
fn duplicate_comment_id() {
    let b = book();
    write(
        b.path(),
        "entries/fine.comments.toml",
        b"[[comment]]\nid = \"c1\"\nauthor = \"R\"\n\n[[comment]]\nid = \"c1\"\nauthor = \"S\"\n",
    );
    assert_error(
        b.path(),
        "entries/fine.comments.toml:6",
        "comment id `c1` is used twice",
    );
}

#[test]
fn missing_image() {
    let b = book();
    write(
        b.path(),
        "entries/fine.md",
        b"+++\ntitle = \"A\"\n+++\nSee:\n\n![A yurt](../images/yurt.png)\n",
    );
    assert_error(
        b.path(),
        "entries/fine.md:6",
        "image `../images/yurt.png` cannot be read",
    );
}

#[test]
fn image_path_leaving_the_book() {
    let b = book();
    write(
        b.path(),
        "entries/fine.md",
        b"+++\ntitle = \"A\"\n+++\n![Secret](../../outside.png)\n",
    );
    assert_error(
        b.path(),
        "entries/fine.md:4",
        "image path `../../outside.png` leads outside the book folder",
    );
}

#[test]
fn absolute_image_path() {
    let b = book();
    write(
        b.path(),
        "entries/fine.md",
        b"+++\ntitle = \"A\"\n+++\n![Passwd](/etc/passwd.png)\n",
    );
    assert_error(
        b.path(),
        "entries/fine.md:4",
        "image path `/etc/passwd.png` is absolute",
    );
}

/// An image on the web is never downloaded: by default it becomes a link with a warning
/// (tests/links.rs), and with `[build] remote-images = "error"` it is an error, as it was.
#[test]
fn remote_image() {
    let b = book();
    write(
        b.path(),
        "book.toml",
        format!("{BOOK}[build]\nremote-images = \"error\"\n").as_bytes(),
    );
    write(
        b.path(),
        "entries/fine.md",
        b"+++\ntitle = \"A\"\n+++\n![Logo](https://example.org/logo.png)\n",
    );
    assert_error(
        b.path(),
        "entries/fine.md:4",
        "is not a file in the book folder",
    );
}

#[cfg(unix)]
#[test]
fn image_symlink_leaving_the_book() {
    let b = book();
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "x.png", b"not really a png");
    std::fs::create_dir_all(b.path().join("images")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("x.png"), b.path().join("images/x.png"))
        .unwrap();
    write(
        b.path(),
        "entries/fine.md",
        b"+++\ntitle = \"A\"\n+++\n![X](../images/x.png)\n",
    );
    assert_error(
        b.path(),
        "entries/fine.md:4",
        "is a link to a file outside the book folder",
    );
}

#[test]
fn invalid_utf8() {
    let b = book();
    write(
        b.path(),
        "entries/fine.md",
        b"+++\ntitle = \"A\"\n+++\nline four\ncaf\xe9 in Latin-1\n",
    );
    assert_error(b.path(), "entries/fine.md:5", "the file is not valid UTF-8");
}

#[test]
fn invalid_language_tag() {
    let b = book();
    write(
        b.path(),
        "entries/fine.md",
        b"+++\ntitle = \"A\"\nlang = \"Kazakh language\"\n+++\nText.\n",
    );
    assert_error(
        b.path(),
        "entries/fine.md:3",
        "`Kazakh language` is not a language tag",
    );
}

#[test]
fn invalid_span_language() {
    let b = book();
    write(
        b.path(),
        "entries/fine.md",
        b"+++\ntitle = \"A\"\n+++\nSay [hello]{lang=english!}.\n",
    );
    assert_error(
        b.path(),
        "entries/fine.md:4",
        "`english!` is not a language tag",
    );
}

#[test]
fn invalid_isbn() {
    let b = book();
    write(
        b.path(),
        "book.toml",
        format!("{BOOK}identifier = \"978-3-16-148410-9\"\n").as_bytes(),
    );
    assert_error(b.path(), "book.toml:4", "is not a valid ISBN-13");
}

#[test]
fn bad_date() {
    let b = book();
    write(
        b.path(),
        "entries/fine.md",
        b"+++\ntitle = \"A\"\ndate = \"last Tuesday\"\n+++\nText.\n",
    );
    assert_error(
        b.path(),
        "entries/fine.md:3",
        "`last Tuesday` is not a date",
    );
}

#[test]
fn entry_order_names_a_missing_file() {
    let b = book();
    write(
        b.path(),
        "book.toml",
        format!("{BOOK}entries = [\"fine.md\", \"gone.md\"]\n").as_bytes(),
    );
    assert_error(
        b.path(),
        "book.toml:4",
        "entries lists `gone.md`, which is not in entries/",
    );
}

#[test]
fn unknown_pdf_style_key() {
    let b = book();
    write(
        b.path(),
        "book.toml",
        format!("{BOOK}\n[pdf.page]\nsize = \"A4\"\ncolour = \"red\"\n").as_bytes(),
    );
    assert_error(b.path(), "book.toml:7", "unknown key `[pdf.page] colour`");
}

#[test]
fn bad_pdf_length() {
    let b = book();
    write(
        b.path(),
        "book.toml",
        format!("{BOOK}[pdf.text]\nfont-size = \"12 furlongs\"\n").as_bytes(),
    );
    assert_error(b.path(), "book.toml:5", "`12 furlongs` is not a length");
}

#[test]
fn margins_leave_no_room() {
    let b = book();
    write(
        b.path(),
        "book.toml",
        format!("{BOOK}[pdf.page]\nmargin-inner = \"80mm\"\nmargin-outer = \"70mm\"\n").as_bytes(),
    );
    assert_error(b.path(), "book.toml:4", "too small to set text in");
}

/// A character no bundled font has is an error before any layout, naming the file, the line
/// and the character (U+13000, an Egyptian hieroglyph).
#[test]
fn character_no_font_has() {
    let b = book();
    write(
        b.path(),
        "entries/fine.md",
        "+++\ntitle = \"A\"\n+++\nFine text.\n\nA sign: \u{13000}.\n".as_bytes(),
    );
    assert_error(
        b.path(),
        "entries/fine.md:6",
        "no font has the Egyptian Hieroglyphs script: 1 character (`\u{13000}` U+13000)",
    );
}

#[test]
fn missing_book_toml() {
    let b = book();
    std::fs::remove_file(b.path().join("book.toml")).unwrap();
    assert_error(b.path(), "book.toml", "cannot read the file: no such file");
}

#[test]
fn output_folder_inside_the_sources() {
    let b = book();
    let out = b.path().join("entries/out");
    let output = chapbook(&[
        "build",
        b.path().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("is inside the book's entries/ folder: outputs would mix with the sources")
    );
    assert!(!out.exists());
}

/// A missing author page is a warning: the book builds, the byline shows the id.
#[test]
fn author_without_page_is_a_warning() {
    let b = book();
    std::fs::remove_file(b.path().join("authors/ann.md")).unwrap();
    let (code, stderr, files) = build(b.path());
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(files.len(), 2, "EPUB and PDF");
    assert!(
        stderr.contains("warning: author `ann` has no page (authors/ann.md)"),
        "{stderr}"
    );
    assert!(stderr.contains("entries/fine.md:3"), "{stderr}");
}

#[test]
fn unused_footnote_is_a_warning() {
    let b = book();
    write(
        b.path(),
        "entries/fine.md",
        b"+++\ntitle = \"A\"\n+++\nNo citation.\n\n[^lonely]: Never cited.\n",
    );
    let (code, stderr, _) = build(b.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning: footnote [^lonely] is defined but never cited"),
        "{stderr}"
    );
}

/// Every problem of a book is reported in one run, not just the first.
#[test]
fn all_problems_in_one_run() {
    let b = book();
    write(
        b.path(),
        "entries/fine.md",
        b"+++\ntitle = \"A\"\ndate = 2026-13-01\n+++\nCites[^x] and ![m](../images/m.png).\n",
    );
    write(
        b.path(),
        "entries/second.md",
        b"+++\ntitle = \"B\"\nflavour = 1\n+++\nText.\n",
    );
    write(
        b.path(),
        "entries/third.md",
        b"+++\ntitle = \"C\"\n+++\n\xff\n",
    );
    write(
        b.path(),
        "entries/third.comments.toml",
        b"[[comment]]\nid = \"c\"\nparent = \"nobody\"\nauthor = \"R\"\n",
    );
    let (code, stderr, files) = build(b.path());
    assert_eq!(code, 1);
    assert!(files.is_empty());
    for expected in [
        "fine.md:3",
        "fine.md:5",
        "[^x]",
        "images/m.png",
        "second.md:3",
        "third.md:4",
        "third.comments.toml:3",
    ] {
        assert!(
            stderr.contains(expected),
            "`{expected}` not reported:\n{stderr}"
        );
    }
}

/// A failed build keeps the last good output as it was.
#[test]
fn failed_build_keeps_last_good_output() {
    let b = book();
    let (code, _, files) = build(b.path());
    assert_eq!(code, 0);
    let before = std::fs::read(&files[0]).unwrap();
    write(
        b.path(),
        "entries/fine.md",
        b"+++\ntitle = \"A\"\n+++\nBroken[^x].\n",
    );
    let (code, _, files_after) = build(b.path());
    assert_eq!(code, 1);
    assert_eq!(files_after, files, "no temporary file may be left behind");
    assert_eq!(std::fs::read(&files[0]).unwrap(), before);
}

#[test]
fn bad_command_line_exits_2() {
    let output = chapbook(&["build", "--format", "docx"]);
    assert_eq!(output.status.code(), Some(2));
    let output = chapbook(&["frobnicate"]);
    assert_eq!(output.status.code(), Some(2));
}
