//! A small valid book and the real binary, for the tests that feed `chapbook` bad input
//! (`tests/diagnostics.rs`, `tests/bad_input.rs`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// book.toml of the valid book.
pub const BOOK: &str = "title = \"Test Book\"\nlanguage = \"en\"\ndate = 2026-01-01\n";
/// Its one entry, with an author and a footnote.
pub const ENTRY: &str = "+++\ntitle = \"Fine\"\nauthors = [\"ann\"]\ndate = 2026-01-02\n+++\nA sentence with a note.[^a]\n\n[^a]: The note.\n";
/// Its author page.
pub const AUTHOR: &str = "+++\nname = \"Ann Example\"\n+++\nAnn writes.\n";

/// A valid one-entry book in a temporary folder.
pub fn book() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "book.toml", BOOK.as_bytes());
    write(dir.path(), "entries/fine.md", ENTRY.as_bytes());
    write(dir.path(), "authors/ann.md", AUTHOR.as_bytes());
    dir
}

/// Writes `bytes` to `root/name`, making its folders.
pub fn write(root: &Path, name: &str, bytes: &[u8]) {
    let path = root.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Runs the real `chapbook` binary (or `CHAPBOOK_BIN`: [`super::bin`]).
pub fn chapbook(args: &[&str]) -> Output {
    Command::new(super::bin()).args(args).output().unwrap()
}

/// Runs `chapbook import KIND SOURCE --out OUT EXTRA…`: (exit code, stdout, stderr).
pub fn import(kind: &str, source: &Path, out: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec![
        "import",
        kind,
        source.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let output = chapbook(&args);
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Builds `book` with the binary; returns the EPUB and PDF paths.
pub fn build_outputs(book: &Path, out: &Path) -> (PathBuf, PathBuf) {
    let output = chapbook(&[
        "build",
        book.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "build of {} failed:\n{stderr}",
        book.display()
    );
    let mut epub = None;
    let mut pdf = None;
    for item in std::fs::read_dir(out).unwrap().flatten() {
        let path = item.path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("epub") => epub = Some(path),
            Some("pdf") => pdf = Some(path),
            _ => {}
        }
    }
    (epub.expect("an EPUB"), pdf.expect("a PDF"))
}

/// Runs `chapbook import` ([`import`]) and asserts success; returns (stdout, stderr).
pub fn import_ok(kind: &str, source: &Path, out: &Path, extra: &[&str]) -> (String, String) {
    let (code, stdout, stderr) = import(kind, source, out, extra);
    assert_eq!(
        code,
        0,
        "import of {} failed:\n{stdout}\n{stderr}",
        source.display()
    );
    (stdout, stderr)
}
