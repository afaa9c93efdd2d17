//! `chapbook watch`: builds at once, rebuilds after a change, and keeps the last good output
//! when a change breaks the book.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ENTRY: &str = "+++\ntitle = \"Fine\"\ndate = 2026-01-02\n+++\nThe first text.\n";

fn write(root: &Path, name: &str, text: &str) {
    let path = root.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Waits up to 30 s for `done` to hold.
fn wait_for(what: &str, done: impl Fn() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn rebuilds_on_change_and_keeps_the_last_good_output() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    write(
        &book,
        "book.toml",
        "title = \"Watched\"\nlanguage = \"en\"\ndate = 2026-01-01\n",
    );
    write(&book, "entries/fine.md", ENTRY);
    let out = dir.path().join("out");
    let epub = out.join("watched.epub");
    let mut child = Command::new(env!("CARGO_BIN_EXE_chapbook"))
        .args(["watch", book.to_str().unwrap(), "--out"])
        .arg(&out)
        .args(["--format", "epub"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let read = || std::fs::read(&epub).unwrap_or_default();
    wait_for("the first build", || !read().is_empty());
    let first = read();

    // A broken entry: the build fails and the good EPUB stays.
    write(
        &book,
        "entries/fine.md",
        "+++\ntitle = \"Broken\"\n+++\nA note that is not there.[^gone]\n",
    );
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(
        read(),
        first,
        "a failed build must keep the last good output"
    );

    // Fixed with new text: rebuilt.
    write(
        &book,
        "entries/fine.md",
        &ENTRY.replace("The first text.", "The second text."),
    );
    wait_for("the rebuild", || {
        let now = read();
        !now.is_empty() && now != first
    });
    child.kill().unwrap();
    child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(
        stderr.contains("footnote [^gone] is cited but never defined"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the last good outputs are kept"),
        "{stderr}"
    );
    assert!(stderr.contains("changed: entries/fine.md"), "{stderr}");
}
