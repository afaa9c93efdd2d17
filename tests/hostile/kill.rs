//! Hostile conditions around a build: a build killed with SIGKILL at any moment leaves the last
//! good output or none, never a truncated one; a build, failed or not, never changes a source
//! file; `chapbook check --privacy` lists personal data for review.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Instant, SystemTime};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for item in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(item.file_name());
        if item.file_type().unwrap().is_dir() {
            copy_dir(&item.path(), &target);
        } else {
            std::fs::copy(item.path(), target).unwrap();
        }
    }
}

/// The sample book with each entry (and its comments) copied `copies` times, so a build takes
/// long enough to be interrupted at many points.
fn big_book(copies: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("book"), dir.path());
    let entries = dir.path().join("entries");
    let names: Vec<String> = std::fs::read_dir(&entries)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    for name in names {
        let stem = name.trim_end_matches(".md");
        for copy in 1..copies {
            std::fs::copy(
                entries.join(&name),
                entries.join(format!("{stem}-{copy}.md")),
            )
            .unwrap();
            let comments = entries.join(format!("{stem}.comments.toml"));
            if comments.exists() {
                std::fs::copy(
                    &comments,
                    entries.join(format!("{stem}-{copy}.comments.toml")),
                )
                .unwrap();
            }
        }
    }
    // The sample book lists its entries; the copies are appended, with a warning each.
    dir
}

fn build_command(book: &Path, out: &Path) -> Command {
    let mut command = Command::new(crate::common::bin());
    command
        .args([
            "build",
            book.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    command
}

/// The file names in `dir` that start with `.chapbook-` (temporary files, old copies, the
/// journal of a switch).
fn temporaries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".chapbook-"))
        .collect();
    names.sort();
    names
}

/// An EPUB that a zip reader opens whole (every entry's CRC checked) with `mimetype` first.
fn assert_complete_epub(bytes: &[u8]) {
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("the EPUB is a complete zip");
    assert_eq!(archive.by_index(0).unwrap().name().unwrap(), "mimetype");
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        std::io::copy(&mut file, &mut std::io::sink()).expect("every entry reads back");
    }
}

/// A PDF with its header, its cross-reference table and its end-of-file marker.
fn assert_complete_pdf(bytes: &[u8]) {
    assert!(bytes.starts_with(b"%PDF-"), "PDF header");
    let tail = &bytes[bytes.len().saturating_sub(64)..];
    assert!(tail.trim_ascii_end().ends_with(b"%%EOF"), "PDF end marker");
    assert!(
        bytes.windows(9).any(|w| w == b"startxref"),
        "PDF cross-reference"
    );
}

/// The outputs in `out` (files not starting with `.`), each checked whole.
fn outputs(out: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    for item in std::fs::read_dir(out).into_iter().flatten().flatten() {
        let name = item.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            // A temporary file a killed build could not remove (a new output, or the copy of
            // an old one kept until all are renamed), or the folder's lock; never an output's
            // name.
            assert!(
                name.ends_with(".part")
                    || name.ends_with(".old")
                    || name == ".chapbook.lock"
                    || name == ".chapbook-switch.json",
                "stray file {name}"
            );
            continue;
        }
        let bytes = std::fs::read(item.path()).unwrap();
        match name.rsplit('.').next() {
            Some("epub") => assert_complete_epub(&bytes),
            Some("pdf") => assert_complete_pdf(&bytes),
            _ => panic!("unexpected file {name}"),
        }
        found.insert(name, bytes);
    }
    found
}

/// A build killed with SIGKILL at twelve moments, from its start to its end, with and without
/// a previous good output: the output folder holds the last good files or none, never a
/// truncated one.
#[test]
fn killed_build_leaves_last_good_output_or_none() {
    let book = big_book(6);
    let out_dir = tempfile::tempdir().unwrap();
    // How long a whole build takes here.
    let good_out = out_dir.path().join("good");
    let started = Instant::now();
    let status = build_command(book.path(), &good_out).status().unwrap();
    let full = started.elapsed();
    assert!(status.success());
    let good = outputs(&good_out);
    assert_eq!(good.len(), 2, "EPUB and PDF");

    let mut interrupted = 0;
    for round in 0..12u32 {
        let delay = full.mul_f64(f64::from(round) / 11.0);
        // Without a previous output: afterwards, nothing or a complete file.
        let fresh = out_dir.path().join(format!("fresh-{round}"));
        let mut child = build_command(book.path(), &fresh).spawn().unwrap();
        std::thread::sleep(delay);
        child.kill().ok(); // SIGKILL
        child.wait().unwrap();
        let written = outputs(&fresh);
        if written.len() < 2 {
            interrupted += 1;
        }
        for (name, bytes) in written {
            // Builds are reproducible, so a complete file is the good one.
            assert!(bytes == good[&name], "round {round}: {name} differs");
        }
        // Over a previous output: afterwards, still the good file.
        let over = out_dir.path().join(format!("over-{round}"));
        copy_dir(&good_out, &over);
        let mut child = build_command(book.path(), &over).spawn().unwrap();
        std::thread::sleep(delay);
        child.kill().ok();
        child.wait().unwrap();
        let after = outputs(&over);
        assert_eq!(after.len(), 2, "round {round}: an output disappeared");
        assert!(after == good, "round {round}: an output changed");
    }
    assert!(
        interrupted > 0,
        "no build was interrupted before it finished"
    );
}

/// A build killed between renaming its EPUB and its PDF into place (with
/// `CHAPBOOK_ABORT_AFTER_RENAMES=1` the process aborts right there, as a `kill -9` at that
/// moment would end it; no timing hits that moment reliably) leaves the EPUB new, the PDF old
/// and a journal of the renames. The next build, even one that fails and writes nothing,
/// finishes the switch before anything else: both outputs are then the new ones, and no
/// temporary file, copy or journal is left.
#[test]
fn a_build_killed_between_two_renames_is_finished_by_the_next() {
    let book = big_book(1);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    assert!(build_command(book.path(), &out).status().unwrap().success());
    let old = outputs(&out);
    let entry = book.path().join("entries/egov-saturdays.md");
    let text = std::fs::read_to_string(&entry).unwrap();
    std::fs::write(
        &entry,
        format!("{text}\nOne more paragraph, written after the first build.\n"),
    )
    .unwrap();
    // What the changed book builds to, built elsewhere (builds are reproducible).
    let elsewhere = dir.path().join("elsewhere");
    assert!(
        build_command(book.path(), &elsewhere)
            .status()
            .unwrap()
            .success()
    );
    let new = outputs(&elsewhere);
    let names: Vec<&String> = new.keys().collect();
    let (epub, pdf) = (names[0], names[1]);
    assert!(epub.ends_with(".epub") && pdf.ends_with(".pdf"));
    assert!(old[epub] != new[epub] && old[pdf] != new[pdf]);

    let status = build_command(book.path(), &out)
        .env("CHAPBOOK_ABORT_AFTER_RENAMES", "1")
        .status()
        .unwrap();
    assert!(!status.success(), "the build was to be stopped");
    let half = outputs(&out);
    assert!(half[epub] == new[epub], "the EPUB was renamed into place");
    assert!(half[pdf] == old[pdf], "the PDF was not");
    assert!(
        out.join(".chapbook-switch.json").is_file(),
        "the journal is left: {:?}",
        temporaries(&out)
    );

    // The next build has an error in the book: it writes nothing, yet finishes the switch.
    std::fs::write(&entry, format!("{text}\nBroken[^nowhere].\n")).unwrap();
    let status = build_command(book.path(), &out).status().unwrap();
    assert_eq!(status.code(), Some(1));
    assert!(outputs(&out) == new, "both outputs are the new ones");
    assert_eq!(temporaries(&out), Vec::<String>::new());
}

/// Every file of a folder: its bytes, permissions and modification time.
fn fingerprint(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, u32, SystemTime)> {
    use std::os::unix::fs::PermissionsExt;
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for item in std::fs::read_dir(&d).unwrap().flatten() {
            let path = item.path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path.clone());
            }
            let bytes = if meta.is_file() {
                std::fs::read(&path).unwrap()
            } else {
                Vec::new()
            };
            files.insert(
                path.strip_prefix(dir).unwrap().to_path_buf(),
                (bytes, meta.permissions().mode(), meta.modified().unwrap()),
            );
        }
    }
    files
}

/// A build, successful or failed, in every format, never modifies, moves, adds or deletes
/// anything in the book folder.
#[cfg(unix)]
#[test]
fn build_never_touches_the_sources() {
    let book = big_book(1);
    let out = tempfile::tempdir().unwrap();
    let before = fingerprint(book.path());
    assert!(
        build_command(book.path(), out.path())
            .status()
            .unwrap()
            .success()
    );
    assert!(
        fingerprint(book.path()) == before,
        "a good build changed the book"
    );
    // Now a book with errors in an entry and a comments file.
    let entry = book.path().join("entries/egov-saturdays.md");
    let text = std::fs::read_to_string(&entry).unwrap();
    std::fs::write(&entry, format!("{text}\nBroken[^nowhere].\n")).unwrap();
    let comments = book.path().join("entries/egov-saturdays.comments.toml");
    let text = std::fs::read_to_string(&comments).unwrap();
    std::fs::write(
        &comments,
        format!("{text}\n[[comment]]\nid = \"x\"\nparent = \"nobody\"\nauthor = \"X\"\n"),
    )
    .unwrap();
    let before = fingerprint(book.path());
    let status = build_command(book.path(), out.path()).status().unwrap();
    assert_eq!(status.code(), Some(1));
    assert!(
        fingerprint(book.path()) == before,
        "a failed build changed the book"
    );
    let check = Command::new(crate::common::bin())
        .args(["check", "--privacy", book.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    assert!(fingerprint(book.path()) == before, "check changed the book");
}

/// `check --privacy` lists e-mail addresses and phone numbers in comments, entries and author
/// pages with file and line, as warnings: the check still passes, nothing is changed.
#[test]
fn check_privacy_lists_emails_and_phone_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let files = [
        ("book.toml", "title = \"T\"\ndate = 2026-01-01\n"),
        (
            "entries/a.md",
            "+++\ntitle = \"A\"\nauthors = [\"ann\"]\ndate = 2026-01-02\n+++\nPublished 2026-01-02, 1500 copies.\n\nCall the office: +7 (727) 123-45-67.\n",
        ),
        (
            "entries/a.comments.toml",
            "[[comment]]\nid = \"c1\"\nauthor = \"R\"\ndate = 2026-01-03T10:00:00+05:00\nbody = \"\"\"\nGreat post!\nWrite me at reader.one@example.org\n\"\"\"\n",
        ),
        (
            "authors/ann.md",
            "+++\nname = \"Ann\"\n+++\nAnn is on 8 701 234 56 78.\n",
        ),
    ];
    for (name, text) in files {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let run = |privacy: bool| {
        let mut args = vec!["check"];
        if privacy {
            args.push("--privacy");
        }
        args.push(root.to_str().unwrap());
        let output = Command::new(crate::common::bin())
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        String::from_utf8(output.stderr).unwrap()
    };
    let stderr = run(true);
    for (message, location) in [
        (
            "warning: what looks like a phone number `+7 (727) 123-45-67` in an entry",
            "entries/a.md:8",
        ),
        (
            "warning: an e-mail address `reader.one@example.org` in a comment",
            "entries/a.comments.toml:7",
        ),
        (
            "warning: what looks like a phone number `8 701 234 56 78` in an author page",
            "authors/ann.md:4",
        ),
    ] {
        let found = stderr.split("\n\n").any(|block| {
            block.starts_with(message) && block.contains(location) && block.contains("= help: ")
        });
        assert!(found, "`{message}` at {location} not reported:\n{stderr}");
    }
    assert_eq!(stderr.matches("warning:").count(), 3, "{stderr}");
    assert!(!run(false).contains("e-mail"), "only with --privacy");
}

/// Wall-clock bounds are not asserted here (the machine is shared); this only checks that
/// Markdown built to defeat parsers gives a book, not a crash. `benches/hostile.sh` times it.
#[test]
fn pathological_markdown_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("entries")).unwrap();
    std::fs::write(root.join("book.toml"), "title = \"T\"\ndate = 2026-01-01\n").unwrap();
    let bodies = [
        "[".repeat(20_000),
        "[a](".repeat(5_000),
        "*_".repeat(10_000),
        "**a ".repeat(10_000),
        "`".repeat(5_000) + &" x `".repeat(2_000),
        "<".repeat(10_000),
        "[x]{lang=kk}".repeat(5_000),
        "[".repeat(5_000) + &"]{lang=kk}".repeat(5_000),
        "a\\\n".repeat(5_000),
        "| a |\n|---|\n".to_string() + &"| b |\n".repeat(5_000),
    ];
    for (i, body) in bodies.iter().enumerate() {
        std::fs::write(
            root.join(format!("entries/e{i:02}.md")),
            format!("+++\ntitle = \"E{i}\"\n+++\n{body}\n"),
        )
        .unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let output = build_command(root, out.path())
        .args(["--format", "epub"])
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
}
