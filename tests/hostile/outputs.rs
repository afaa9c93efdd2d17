//! Outputs that never lie (issue 14): two builds or batches writing into one folder take turns
//! (the folder is locked), a stamp records the bytes a build wrote, and a build that cannot
//! write every format changes none. Through the real binary, two processes at a time, except
//! where a writer has to be slipped between a build and its stamp (through the library).

use chapbook::batch::{self, RunOptions, Status};
use chapbook::build::{self, BuildHooks, BuildOptions, BuildOutcome};
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const TITLE: &str = "Same Title";

fn write(root: &Path, name: &str, text: &str) {
    let path = root.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A book `name` under `root` titled [`TITLE`] (so every such book has the same output names),
/// whose text says `marker`.
fn book(root: &Path, name: &str, marker: &str) -> PathBuf {
    write(
        root,
        &format!("{name}/book.toml"),
        &format!("title = \"{TITLE}\"\nlanguage = \"en\"\ndate = 2026-01-01\n"),
    );
    write(
        root,
        &format!("{name}/entries/a.md"),
        &format!("+++\ntitle = \"Entry\"\ndate = 2026-01-02\n+++\nThis book is {marker}.\n"),
    );
    root.join(name)
}

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(crate::common::bin());
    c.current_dir(dir)
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH");
    c
}

fn run(dir: &Path, args: &[&str]) -> Output {
    command(dir, args).output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A book's EPUB and PDF.
#[derive(Clone, PartialEq, Debug)]
struct Outputs {
    epub: Vec<u8>,
    pdf: Vec<u8>,
}

/// A name and the outputs that are its book's.
type Named<'a> = (&'a str, &'a Outputs);

/// The EPUB and PDF of `book` built alone (builds are reproducible: the same bytes wherever
/// they go).
fn reference(book: &Path) -> Outputs {
    let out = tempfile::tempdir().unwrap();
    let o = run(
        Path::new("."),
        &[
            "build",
            book.to_str().unwrap(),
            "-o",
            out.path().to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    Outputs {
        epub: std::fs::read(out.path().join("same-title.epub")).unwrap(),
        pdf: std::fs::read(out.path().join("same-title.pdf")).unwrap(),
    }
}

/// A child started with stderr piped, and its stderr lines as they come.
fn spawn(mut command: Command) -> (Child, mpsc::Receiver<String>) {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let err = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines() {
            if tx.send(line.unwrap_or_default()).is_err() {
                break;
            }
        }
    });
    (child, rx)
}

/// Waits (at most two minutes) for a line of `lines` containing `what`; returns the lines read.
fn wait_for(lines: &mpsc::Receiver<String>, what: &str) -> Vec<String> {
    let mut seen = Vec::new();
    loop {
        match lines.recv_timeout(Duration::from_secs(120)) {
            Ok(line) => {
                let found = line.contains(what);
                seen.push(line);
                if found {
                    return seen;
                }
            }
            Err(_) => panic!("no line with `{what}`; got:\n{}", seen.join("\n")),
        }
    }
}

/// Which of the books (by their reference outputs) the files in `out` are: (EPUB's, PDF's).
fn whose(out: &Path, refs: &[Named]) -> (String, String) {
    let epub = std::fs::read(out.join("same-title.epub")).unwrap();
    let pdf = std::fs::read(out.join("same-title.pdf")).unwrap();
    let name = |found: Option<&Named>| found.map_or("neither".to_string(), |(n, _)| n.to_string());
    (
        name(refs.iter().find(|(_, r)| r.epub == epub)),
        name(refs.iter().find(|(_, r)| r.pdf == pdf)),
    )
}

/// No temporary file or copy of an old output is left in `out`.
fn no_leftovers(out: &Path) {
    for item in std::fs::read_dir(out).unwrap().flatten() {
        let name = item.file_name().to_string_lossy().into_owned();
        assert!(
            !name.ends_with(".part") && !name.ends_with(".old"),
            "{name} left in the output folder"
        );
    }
}

#[test]
fn two_builds_into_one_folder_take_turns() {
    let root = tempfile::tempdir().unwrap();
    let a = book(root.path(), "a", "alpha");
    let b = book(root.path(), "b", "beta");
    let refs = [("a", &reference(&a)), ("b", &reference(&b))];
    assert_ne!(refs[0].1, refs[1].1);
    let out = root.path().join("out");
    for round in 0..3 {
        // While the folder is locked, both builds make their files and wait; released, they
        // write one after the other.
        let (lock, locked) = build::lock_output(&out, &|| panic!("no one else is here")).unwrap();
        assert!(locked);
        let mut children = Vec::new();
        for book in [&a, &b] {
            let (child, lines) = spawn(command(
                root.path(),
                &["build", book.to_str().unwrap(), "-o", "out"],
            ));
            let seen = wait_for(&lines, "waiting for another build writing into out…");
            assert!(!seen.iter().any(|l| l.starts_with("wrote")), "{seen:?}");
            children.push((child, lines));
        }
        drop(lock);
        for (child, lines) in children {
            let status = child.wait_with_output().unwrap().status;
            let rest: Vec<String> = lines.try_iter().collect();
            assert!(status.success(), "round {round}: {rest:?}");
        }
        let (epub, pdf) = whose(&out, &refs);
        assert_eq!(
            epub, pdf,
            "round {round}: one book's EPUB beside another's PDF"
        );
        assert_ne!(epub, "neither", "round {round}");
        no_leftovers(&out);
    }
    // And racing freely, without the test's lock.
    for round in 0..4 {
        let children: Vec<Child> = [&a, &b]
            .iter()
            .map(|book| {
                command(root.path(), &["build", book.to_str().unwrap(), "-o", "out"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut c in children {
            assert!(c.wait().unwrap().success(), "free round {round}");
        }
        let (epub, pdf) = whose(&out, &refs);
        assert_eq!(
            epub, pdf,
            "free round {round}: one book's EPUB beside another's PDF"
        );
    }
}

/// Runs a batch of `manifest` in `root` as JSON: (status of its one book, report).
fn batch_json(root: &Path, manifest: &str) -> (String, Value) {
    let o = run(
        root,
        &["batch", manifest, "--format", "json", "--jobs", "1"],
    );
    let report: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("no JSON report ({e}): {}", stderr(&o)));
    assert!(o.status.success(), "{}", stderr(&o));
    let status = report["books"][0]["status"].as_str().unwrap().to_string();
    (status, report)
}

fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let digest = <sha2::Sha256 as sha2::Digest>::digest(bytes);
    digest.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Two manifests whose books (different, same title) both go to `out/shared`.
fn two_manifests(root: &Path) -> [(&'static str, Outputs); 2] {
    let a = book(root, "a", "alpha");
    let b = book(root, "b", "beta");
    for (m, dir) in [("m-a.toml", "a"), ("m-b.toml", "b")] {
        write(
            root,
            m,
            &format!("[[book]]\npath = \"{dir}\"\nname = \"shared\"\n"),
        );
    }
    [("m-a.toml", reference(&a)), ("m-b.toml", reference(&b))]
}

#[test]
fn two_batches_sharing_out_name_never_call_another_books_outputs_up_to_date() {
    let root = tempfile::tempdir().unwrap();
    let books = two_manifests(root.path());
    let refs: Vec<Named> = books.iter().map(|(m, r)| (*m, r)).collect();
    let out = root.path().join("out/shared");
    for round in 0..2 {
        // Both batches at once, released together by the test's lock on out/shared.
        let (lock, _) = build::lock_output(&out, &|| {}).unwrap();
        let children: Vec<_> = books
            .iter()
            .map(|(m, _)| {
                let (child, lines) = spawn(command(
                    root.path(),
                    &["batch", m, "--format", "json", "--jobs", "1"],
                ));
                wait_for(
                    &lines,
                    "shared: waiting for another build writing into its output folder",
                );
                child
            })
            .collect();
        drop(lock);
        for child in children {
            let o = child.wait_with_output().unwrap();
            assert!(o.status.success(), "round {round}");
            let report: Value = serde_json::from_slice(&o.stdout).unwrap();
            // A report's hashes are those of the book's own outputs.
            let manifest = if report["books"][0]["path"] == "a" {
                &books[0]
            } else {
                &books[1]
            };
            let outputs = report["books"][0]["outputs"].as_array().unwrap();
            assert_eq!(
                outputs[0]["sha256"],
                sha256_hex(&manifest.1.epub),
                "{report:#}"
            );
            assert_eq!(
                outputs[1]["sha256"],
                sha256_hex(&manifest.1.pdf),
                "{report:#}"
            );
        }
        let (epub, pdf) = whose(&out, &refs);
        assert_eq!(epub, pdf, "round {round}");
        // A rerun of each: up to date only if the outputs on disk are its book's; afterwards
        // they are, either way.
        for (m, _) in &books {
            let before = whose(&out, &refs).0;
            let (status, report) = batch_json(root.path(), m);
            if status == "up-to-date" {
                assert_eq!(before, *m, "{m} called the other book's outputs up to date");
            } else {
                assert_eq!(status, "built", "{report:#}");
                assert_ne!(before, *m, "{m} rebuilt outputs that were its own");
            }
            assert_eq!(whose(&out, &refs), (m.to_string(), m.to_string()));
        }
    }
}

#[test]
fn a_stamp_records_the_bytes_written_not_what_is_on_disk_later() {
    let root = tempfile::tempdir().unwrap();
    let books = two_manifests(root.path());
    let alpha = &books[0].1;
    // A batch's builder lives as long as the program.
    let beta: &'static Outputs = Box::leak(Box::new(books[1].1.clone()));
    let manifest = batch::load_manifest(&root.path().join("m-a.toml")).unwrap();
    let jobs: Vec<_> = manifest.books.iter().collect();
    // Another writer (one that ignores the lock: an older chapbook, a copy by hand) puts the
    // other book's files in place between this build's write and its stamp.
    let intruder = |options: &BuildOptions, hooks: BuildHooks| -> BuildOutcome {
        let outcome = build::build_with(options, hooks);
        std::fs::write(options.out_dir.join("same-title.epub"), &beta.epub).unwrap();
        std::fs::write(options.out_dir.join("same-title.pdf"), &beta.pdf).unwrap();
        outcome
    };
    let options = RunOptions {
        jobs: 1,
        ..RunOptions::default()
    };
    no_source_date_epoch();
    let report = batch::run_with(&jobs, options, &|_| {}, std::sync::Arc::new(intruder));
    assert_eq!(report.books[0].status, Status::Built);
    let outputs = &report.books[0].outputs;
    assert_eq!(
        outputs[0].sha256,
        sha256_hex(&alpha.epub),
        "the EPUB this build wrote"
    );
    assert_eq!(
        outputs[1].sha256,
        sha256_hex(&alpha.pdf),
        "the PDF this build wrote"
    );
    assert_eq!(outputs[0].bytes, alpha.epub.len() as u64);
    // The stamp says so too: the rerun sees the files are not what it wrote, and rebuilds.
    let (status, _) = batch_json(root.path(), "m-a.toml");
    assert_eq!(status, "built");
    let out = root.path().join("out/shared");
    assert_eq!(
        std::fs::read(out.join("same-title.epub")).unwrap(),
        alpha.epub
    );
    assert_eq!(
        std::fs::read(out.join("same-title.pdf")).unwrap(),
        alpha.pdf
    );
    assert_eq!(batch_json(root.path(), "m-a.toml").0, "up-to-date");
}

/// The library reads `SOURCE_DATE_EPOCH` from this process; the tests here never set it, and
/// the binary is run without it, so both see the same (none).
fn no_source_date_epoch() {
    assert!(
        std::env::var_os("SOURCE_DATE_EPOCH").is_none(),
        "run these tests without SOURCE_DATE_EPOCH"
    );
}

#[test]
fn a_format_that_cannot_be_written_leaves_every_previous_output() {
    let root = tempfile::tempdir().unwrap();
    let a = book(root.path(), "a", "alpha");
    let out = root.path().join("out");
    let o = run(
        root.path(),
        &["build", "a", "-o", "out", "--format", "epub"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let epub = std::fs::read(out.join("same-title.epub")).unwrap();
    // The PDF's name is taken by a folder; the book changes, so a new EPUB would differ.
    std::fs::create_dir(out.join("same-title.pdf")).unwrap();
    write(&out, "same-title.pdf/keep.txt", "mine");
    write(
        &a,
        "entries/a.md",
        "+++\ntitle = \"Entry\"\ndate = 2026-01-02\n+++\nThis book has changed.\n",
    );
    let o = run(root.path(), &["build", "a", "-o", "out"]);
    let text = stderr(&o);
    assert_eq!(
        std::fs::read(out.join("same-title.epub")).unwrap(),
        epub,
        "the EPUB was replaced by a build that failed"
    );
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(
        text.contains("error: cannot write the output: Is a directory (os error 21); no output was changed\n  --> out/same-title.pdf"),
        "{text}"
    );
    assert!(
        text.contains("help: a folder has the output's name"),
        "{text}"
    );
    assert!(!text.contains("wrote "), "{text}");
    assert_eq!(std::fs::read(out.join("same-title.epub")).unwrap(), epub);
    assert_eq!(
        std::fs::read_to_string(out.join("same-title.pdf/keep.txt")).unwrap(),
        "mine"
    );
    no_leftovers(&out);
}

/// A tmpfs of `bytes` mounted at `dir` for as long as it lives (root only).
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, bytes: u64) -> Option<Tmpfs> {
        std::fs::create_dir_all(dir).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={bytes}"), "tmpfs"])
            .arg(dir)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(dir.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_while_writing_the_pdf_changes_no_output() {
    let root = tempfile::tempdir().unwrap();
    let a = book(root.path(), "a", "alpha");
    let Outputs {
        epub: old_epub,
        pdf: old_pdf,
    } = reference(&a);
    write(
        &a,
        "entries/b.md",
        &format!(
            "+++\ntitle = \"More\"\ndate = 2026-01-03\n+++\n{}\n",
            "A longer book now, with more to print. ".repeat(400)
        ),
    );
    let Outputs {
        epub: new_epub,
        pdf: new_pdf,
    } = reference(&a);
    let page = |n: usize| (n as u64).div_ceil(4096) * 4096;
    // Room for the old outputs, the new EPUB and half of the new PDF.
    let size =
        page(old_epub.len()) + page(old_pdf.len()) + page(new_epub.len()) + page(new_pdf.len()) / 2;
    let out = root.path().join("out");
    let Some(_disk) = Tmpfs::mount(&out, size) else {
        eprintln!("skipped: a tmpfs cannot be mounted here (the test needs root)");
        return;
    };
    // The old book's outputs, as a previous build left them.
    std::fs::write(out.join("same-title.epub"), &old_epub).unwrap();
    std::fs::write(out.join("same-title.pdf"), &old_pdf).unwrap();
    let o = run(root.path(), &["build", "a", "-o", "out"]);
    let text = stderr(&o);
    assert_eq!(
        std::fs::read(out.join("same-title.epub")).unwrap(),
        old_epub,
        "the EPUB was replaced by a build that failed"
    );
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(
        text.contains("error: cannot write the output: No space left on device (os error 28); no output was changed\n  --> out/same-title.pdf"),
        "{text}"
    );
    assert!(text.contains("the disk is not full"), "{text}");
    assert_eq!(
        std::fs::read(out.join("same-title.epub")).unwrap(),
        old_epub
    );
    assert_eq!(std::fs::read(out.join("same-title.pdf")).unwrap(), old_pdf);
    no_leftovers(&out);
}

/// A manifest in `root` of a small book `quick` (an EPUB, well under a second) and the book
/// `other`, built with `--timeout 3`: (exit status, the JSON report, stderr).
fn batch_with_timeout(root: &Path, other: &str) -> (Option<i32>, Value, String) {
    book(root, "quick", "quick");
    write(
        root,
        "books.toml",
        &format!(
            "[[book]]\npath = \"quick\"\nformats = [\"epub\"]\n\n[[book]]\npath = \"{other}\"\n"
        ),
    );
    let o = run(
        root,
        &["batch", "books.toml", "--format", "json", "--timeout", "3"],
    );
    let report = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("no JSON report ({e}): {}", stderr(&o)));
    (o.status.code(), report, stderr(&o))
}

#[test]
fn a_book_that_runs_past_the_timeout_fails_and_the_report_is_written() {
    let root = tempfile::tempdir().unwrap();
    // Far more than three seconds of work in any build of chapbook: 3,000 entries to typeset
    // (a release build sets about 450 a second).
    let slow = book(root.path(), "slow", "slow");
    let words = "Words to set in lines and pages, again and again. ".repeat(30);
    for i in 0..3000 {
        write(
            &slow,
            &format!("entries/e{i:04}.md"),
            &format!("+++\ntitle = \"Entry {i}\"\ndate = 2026-01-02\n+++\n{words}\n"),
        );
    }
    let (code, report, text) = batch_with_timeout(root.path(), "slow");
    assert_eq!(code, Some(1), "{text}");
    assert_eq!(report["summary"]["built"], 1, "{report:#}");
    assert_eq!(report["summary"]["failed"], 1, "{report:#}");
    let book = &report["books"][1];
    assert_eq!(book["name"], "slow");
    assert_eq!(book["status"], "failed");
    assert_eq!(book["outputs"], Value::Array(vec![]));
    let error = &book["errors"][0];
    assert_eq!(
        error["message"],
        "timed out after 3 s: the build was stopped"
    );
    assert_eq!(error["file"], "slow");
    assert!(error["hint"].as_str().unwrap().contains("raise --timeout"));
    assert!(book["seconds"].as_f64().unwrap() >= 3.0, "{book:#}");
    // The human lines say so too.
    assert!(text.contains("FAILED slow"), "{text}");
    assert!(text.contains("error: timed out after 3 s"), "{text}");
    assert_eq!(report["books"][0]["status"], "built");
}

#[cfg(unix)]
#[test]
fn a_book_that_blocks_on_a_fifo_fails_and_the_report_is_written() {
    let root = tempfile::tempdir().unwrap();
    let stuck = book(root.path(), "stuck", "stuck");
    let fifo = std::ffi::CString::new(stuck.join("entries/b.md").to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    let (code, report, text) = batch_with_timeout(root.path(), "stuck");
    assert_eq!(code, Some(1), "{text}");
    assert_eq!(report["books"][0]["status"], "built", "{report:#}");
    let book = &report["books"][1];
    assert_eq!(book["status"], "failed", "{report:#}");
    // Stopped by the timeout, or (once files are opened by type) refused as a FIFO.
    let message = book["errors"][0]["message"].as_str().unwrap();
    let file = book["errors"][0]["file"].as_str().unwrap();
    assert!(
        message == "timed out after 3 s: the build was stopped" || file == "stuck/entries/b.md",
        "{report:#}"
    );
}

/// A child process killed (and reaped) when it goes out of scope.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `chapbook watch` into a folder another build holds says that it waits, as `build` does,
/// then writes once the other is done.
#[test]
fn watch_says_when_it_waits_for_another_build() {
    let root = tempfile::tempdir().unwrap();
    let a = book(root.path(), "a", "alpha");
    let out = root.path().join("out");
    let (lock, _) = build::lock_output(&out, &|| {}).unwrap();
    let (child, lines) = spawn(command(
        root.path(),
        &[
            "watch",
            a.to_str().unwrap(),
            "-o",
            "out",
            "--format",
            "epub",
        ],
    ));
    // `watch` runs until it is stopped: stopped here too when the test fails.
    let child = KillOnDrop(child);
    let seen = wait_for(&lines, "waiting for another build writing into out");
    assert!(
        !out.join("same-title.epub").exists(),
        "wrote while the folder was locked: {seen:?}"
    );
    drop(lock);
    wait_for(&lines, "wrote out/same-title.epub");
    drop(child);
    assert_eq!(
        std::fs::read(out.join("same-title.epub")).unwrap(),
        reference(&a).epub
    );
}
