//! `chapbook batch`: the manifest and its errors, isolation of a failing (or panicking) book,
//! the JSON report, exit statuses, sharding, incremental builds and reproducibility across
//! job counts. Through the real binary, except the panic, which needs a builder that panics.

mod common;

use chapbook::batch::{self, RunOptions, Status};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ENTRY: &str = "+++\ntitle = \"Fine\"\nauthors = [\"ann\"]\ndate = 2026-01-02\n+++\nA sentence with a note.[^a]\n\n[^a]: The note.\n";
const AUTHOR: &str = "+++\nname = \"Ann Example\"\n+++\nAnn writes.\n";

fn write(root: &Path, name: &str, text: &str) {
    let path = root.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A valid one-entry book `name` under `root`, titled after it.
fn book(root: &Path, name: &str) {
    write(
        root,
        &format!("{name}/book.toml"),
        &format!("title = \"Book {name}\"\nlanguage = \"en\"\ndate = 2026-01-01\n"),
    );
    write(root, &format!("{name}/entries/fine.md"), ENTRY);
    write(root, &format!("{name}/authors/ann.md"), AUTHOR);
}

/// A manifest listing `names` (EPUB only, to keep the tests fast, unless `formats` says).
fn manifest(root: &Path, names: &[&str], formats: &str) {
    let mut text = format!("formats = {formats}\n");
    for n in names {
        text.push_str(&format!("\n[[book]]\npath = \"{n}\"\n"));
    }
    write(root, "books.toml", &text);
}

fn chapbook(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chapbook"))
        .current_dir(root)
        .args(args)
        .output()
        .unwrap()
}

/// Runs `batch books.toml --format json` with `extra` arguments: (exit status, report, stderr).
fn batch_json(root: &Path, extra: &[&str]) -> (i32, Value, String) {
    let mut args = vec!["batch", "books.toml", "--format", "json"];
    args.extend(extra);
    let out = chapbook(root, &args);
    let stderr = String::from_utf8(out.stderr).unwrap();
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("no JSON report ({e}):\n{stderr}"));
    (out.status.code().unwrap(), report, stderr)
}

fn status_of<'a>(report: &'a Value, name: &str) -> &'a str {
    report["books"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["name"] == name)
        .unwrap_or_else(|| panic!("no book {name} in {report:#}"))["status"]
        .as_str()
        .unwrap()
}

/// Every file under `dir`, by relative path.
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

/// Asserts exit status 2 and an error `message` at `books.toml:line`.
fn assert_manifest_error(root: &Path, line: usize, message: &str) {
    let out = chapbook(root, &["batch", "books.toml"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(message) && stderr.contains(&format!("--> books.toml:{line}\n")),
        "expected `{message}` at books.toml:{line}, got:\n{stderr}"
    );
    assert!(!root.join("out").exists(), "nothing may be built");
}

#[test]
fn unknown_key_in_the_manifest_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    book(dir.path(), "a");
    write(
        dir.path(),
        "books.toml",
        "[[book]]\npath = \"a\"\ncolour = \"red\"\n",
    );
    assert_manifest_error(dir.path(), 3, "unknown field `colour`");
}

#[test]
fn unknown_override_key_names_its_line_in_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    book(dir.path(), "a");
    write(
        dir.path(),
        "books.toml",
        "[[book]]\npath = \"a\"\n[book.config]\nlanguage = \"ru\"\ntheme = \"dark\"\n",
    );
    assert_manifest_error(dir.path(), 5, "unknown field `theme`");
    write(
        dir.path(),
        "books.toml",
        "[[book]]\npath = \"a\"\n[book.config.pdf.page]\nsize = \"A4\"\ncolour = 1\n",
    );
    assert_manifest_error(dir.path(), 5, "unknown field `colour`");
    write(
        dir.path(),
        "books.toml",
        "[[book]]\npath = \"a\"\n[book.config]\nlanguage = \"Kazakh language\"\n",
    );
    assert_manifest_error(dir.path(), 4, "is not a language tag");
}

#[test]
fn manifest_errors_are_all_reported_with_lines() {
    let dir = tempfile::tempdir().unwrap();
    book(dir.path(), "a");
    write(
        dir.path(),
        "books.toml",
        "[[book]]\npath = \"missing\"\n\n[[book]]\npath = \"a\"\nformats = [\"docx\"]\n\n[[book]]\npath = \"a\"\n\n[[book]]\npath = \"a\"\n",
    );
    let out = chapbook(dir.path(), &["batch", "books.toml"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    for (message, line) in [
        ("`missing` is not a book folder", 2),
        ("unknown format `docx`", 6),
        ("two books are named `a`", 11),
    ] {
        assert!(
            stderr.contains(message) && stderr.contains(&format!("--> books.toml:{line}\n")),
            "expected `{message}` at line {line}:\n{stderr}"
        );
    }
}

#[test]
fn bad_command_line_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    book(dir.path(), "a");
    manifest(dir.path(), &["a"], "[\"epub\"]");
    for args in [
        &["batch", "books.toml", "--shard", "3/2"][..],
        &["batch", "books.toml", "--shard", "0/2"],
        &["batch", "books.toml", "--jobs", "many"],
        &["batch", "no-such-manifest.toml"],
        &["batch"],
    ] {
        let out = chapbook(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
    let help = chapbook(dir.path(), &["batch", "--help"]);
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(help.contains("Exit status: 0"), "{help}");
}

#[test]
fn a_failing_book_is_reported_and_the_others_are_built() {
    let dir = tempfile::tempdir().unwrap();
    for n in ["a", "bad", "c"] {
        book(dir.path(), n);
    }
    write(
        dir.path(),
        "bad/entries/fine.md",
        "+++\ntitle = \"Bad\"\n+++\nFirst line.\n\nA note that is not there.[^missing]\n",
    );
    manifest(dir.path(), &["a", "bad", "c"], "[\"epub\", \"pdf\"]");
    let (code, report, _) = batch_json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(status_of(&report, "a"), "built");
    assert_eq!(status_of(&report, "c"), "built");
    assert_eq!(status_of(&report, "bad"), "failed");
    assert_eq!(report["summary"]["failed"], 1);
    let bad = &report["books"][1];
    let error = &bad["errors"][0];
    assert_eq!(error["file"], "bad/entries/fine.md");
    assert_eq!(error["line"], 6);
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("[^missing] is cited but never defined"),
        "{error}"
    );
    assert!(dir.path().join("out/a/book-a.pdf").is_file());
    assert!(dir.path().join("out/c/book-c.epub").is_file());
    assert!(!dir.path().join("out/bad/book-bad.epub").exists());
}

/// Books `a`, `b` and `c` in a folder, and their manifest (EPUB only), loaded.
fn three_books() -> (tempfile::TempDir, batch::Manifest) {
    let dir = tempfile::tempdir().unwrap();
    for n in ["a", "b", "c"] {
        book(dir.path(), n);
    }
    manifest(dir.path(), &["a", "b", "c"], "[\"epub\"]");
    let manifest = batch::load_manifest(&dir.path().join("books.toml")).unwrap();
    (dir, manifest)
}

#[test]
fn a_panic_in_one_book_does_not_stop_the_others() {
    let (_dir, manifest) = three_books();
    let books: Vec<_> = manifest.books.iter().collect();
    fn builder(
        options: &chapbook::build::BuildOptions,
        hooks: chapbook::build::BuildHooks,
    ) -> chapbook::build::BuildOutcome {
        if options.book_dir.ends_with("b") {
            panic!("the typesetter fell over");
        }
        chapbook::build::build_with(options, hooks)
    }
    let report = batch::run_with(
        &books,
        RunOptions {
            jobs: 2,
            ..RunOptions::default()
        },
        &|_| {},
        std::sync::Arc::new(builder),
    );
    let statuses: Vec<Status> = report.books.iter().map(|b| b.status).collect();
    assert_eq!(statuses, [Status::Built, Status::Failed, Status::Built]);
    assert!(
        report.books[1].errors[0]
            .message
            .contains("the typesetter fell over")
    );
    assert!(!report.success());
}

/// The library's batch (`batch::run`: each book on a thread in this process) has a timeout
/// as the command line's processes do: a book still building after it is reported as failed,
/// the others are built and the report comes back. A thread cannot be stopped, so the stuck
/// build goes on; when it ends at last, it may not write: no output and no stamp appear.
#[test]
fn a_stuck_book_in_the_library_batch_times_out_and_writes_nothing() {
    use chapbook::build::{BuildHooks, BuildOptions, BuildOutcome};
    use std::sync::atomic::{AtomicU8, Ordering};
    use std::sync::{Arc, Condvar, Mutex};
    use std::time::{Duration, Instant};
    /// Set when the stuck build may go on.
    static RELEASE: (Mutex<bool>, Condvar) = (Mutex::new(false), Condvar::new());
    /// 0: the stuck build is not done; 1: it failed (wrote nothing); 2: it succeeded.
    static STUCK: AtomicU8 = AtomicU8::new(0);
    fn builder(options: &BuildOptions, hooks: BuildHooks) -> BuildOutcome {
        if options.book_dir.ends_with("b") {
            let (released, wake) = &RELEASE;
            let mut go = released.lock().unwrap();
            while !*go {
                go = wake.wait(go).unwrap();
            }
            drop(go);
            let outcome = chapbook::build::build_with(options, hooks);
            STUCK.store(if outcome.failed() { 1 } else { 2 }, Ordering::SeqCst);
            return outcome;
        }
        chapbook::build::build_with(options, hooks)
    }
    let (dir, manifest) = three_books();
    let books: Vec<_> = manifest.books.iter().collect();
    let started = Instant::now();
    let report = batch::run_with(
        &books,
        RunOptions {
            jobs: 2,
            timeout: Some(Duration::from_secs(15)),
            ..RunOptions::default()
        },
        &|_| {},
        Arc::new(builder),
    );
    let statuses: Vec<Status> = report.books.iter().map(|b| b.status).collect();
    assert_eq!(statuses, [Status::Built, Status::Failed, Status::Built]);
    let error = &report.books[1].errors[0];
    assert!(error.message.contains("timed out after 15 s"), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(120));
    assert!(dir.path().join("out/a/book-a.epub").is_file());
    assert!(dir.path().join("out/c/book-c.epub").is_file());

    // Now the stuck build goes on, and ends: it fails, and writes nothing.
    *RELEASE.0.lock().unwrap() = true;
    RELEASE.1.notify_all();
    let waited = Instant::now();
    while STUCK.load(Ordering::SeqCst) == 0 && waited.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(50));
    }
    // The batch's own stamp write comes after the build returns: give it a moment.
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(STUCK.load(Ordering::SeqCst), 1, "the late build failed");
    let left: Vec<String> = std::fs::read_dir(dir.path().join("out/b"))
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n != ".chapbook.lock")
                .collect()
        })
        .unwrap_or_default();
    assert!(left.is_empty(), "the late build wrote {left:?}");
}

#[test]
fn json_report_follows_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    book(dir.path(), "a");
    write(
        dir.path(),
        "a/entries/fine.md",
        "+++\ntitle = \"Fine\"\nauthors = [\"ann\"]\n+++\nText.\n\n[^lonely]: Never cited.\n",
    );
    manifest(dir.path(), &["a"], "[\"epub\", \"pdf\"]");
    let (code, report, _) = batch_json(dir.path(), &[]);
    assert_eq!(code, 0);
    assert_eq!(report["schema_version"], 1);
    assert_eq!(report["chapbook_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(report["shard"], Value::Null);
    let keys = |v: &Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    let mut top = keys(&report);
    top.sort();
    assert_eq!(
        top,
        [
            "books",
            "chapbook_version",
            "schema_version",
            "shard",
            "summary"
        ]
    );
    let mut summary = keys(&report["summary"]);
    summary.sort();
    assert_eq!(summary, ["books", "built", "failed", "up_to_date"]);
    let b = &report["books"][0];
    let mut fields = keys(b);
    fields.sort();
    assert_eq!(
        fields,
        [
            "errors", "name", "outputs", "pages", "path", "seconds", "status", "warnings", "words"
        ]
    );
    assert_eq!(b["name"], "a");
    assert_eq!(b["path"], "a");
    assert!(b["seconds"].as_f64().unwrap() >= 0.0);
    assert!(b["pages"].as_u64().unwrap() >= 3, "{b}");
    // The title and the text ("Fine", "Text."); the uncited note is not printed.
    assert_eq!(b["words"], 2, "{b}");
    let warning = &b["warnings"][0];
    assert_eq!(warning["file"], "a/entries/fine.md");
    assert_eq!(warning["line"], 7);
    assert!(warning["hint"].is_string());
    let outputs = b["outputs"].as_array().unwrap();
    assert_eq!(outputs.len(), 2);
    for (o, format) in outputs.iter().zip(["epub", "pdf"]) {
        assert_eq!(o["format"], format);
        let file = o["file"].as_str().unwrap();
        assert_eq!(file, format!("out/a/book-a.{format}"));
        let bytes = std::fs::read(dir.path().join(file)).unwrap();
        assert_eq!(o["bytes"], bytes.len() as u64);
        let sha = o["sha256"].as_str().unwrap();
        assert_eq!(sha.len(), 64);
        assert!(
            sha.chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_uppercase())
        );
        // Compare with the system's sha256sum when there is one.
        if let Ok(out) = Command::new("sha256sum")
            .arg(dir.path().join(file))
            .output()
        {
            let sum = String::from_utf8(out.stdout).unwrap();
            assert!(sum.starts_with(sha), "{sum} vs {sha}");
        }
    }
    // No absolute paths or user names: the report names files from the manifest's folder.
    let text = report.to_string();
    assert!(!text.contains(&*dir.path().to_string_lossy()), "{text}");
    if let Ok(user) = std::env::var("USER") {
        assert!(!text.contains(&format!("/{user}/")), "{text}");
    }
}

#[test]
fn exit_status_and_deny_warnings() {
    let dir = tempfile::tempdir().unwrap();
    book(dir.path(), "a");
    book(dir.path(), "w");
    // A warning: a footnote defined but never cited.
    write(
        dir.path(),
        "w/entries/fine.md",
        "+++\ntitle = \"W\"\nauthors = [\"ann\"]\n+++\nText.\n\n[^lonely]: Never cited.\n",
    );
    manifest(dir.path(), &["a", "w"], "[\"epub\"]");
    let (code, report, _) = batch_json(dir.path(), &[]);
    assert_eq!(code, 0, "{report:#}");
    // Up to date, the warning is still reported and still fails the book when denied.
    let (code, report, _) = batch_json(dir.path(), &["--deny-warnings"]);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(status_of(&report, "a"), "up-to-date");
    assert_eq!(status_of(&report, "w"), "failed");
    let (code, report, _) = batch_json(dir.path(), &["--deny-warnings", "--force"]);
    assert_eq!(code, 1);
    assert_eq!(status_of(&report, "a"), "built");
    assert_eq!(status_of(&report, "w"), "failed");
    // Quiet prints nothing on success.
    write(dir.path(), "books.toml", "[[book]]\npath = \"a\"\n");
    let out = chapbook(dir.path(), &["batch", "books.toml", "--quiet"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    // Not a terminal: plain lines, one per book.
    let out = chapbook(dir.path(), &["batch", "books.toml"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("[1/1] up to date a"), "{stderr}");
}

#[test]
fn shards_split_the_books_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let names = ["b1", "b2", "b3", "b4", "b5"];
    for n in names {
        book(dir.path(), n);
    }
    manifest(dir.path(), &names, "[\"epub\"]");
    let mut seen = Vec::new();
    for i in 1..=3 {
        let (code, report, _) = batch_json(dir.path(), &["--shard", &format!("{i}/3")]);
        assert_eq!(code, 0);
        assert_eq!(report["shard"]["index"], i);
        assert_eq!(report["shard"]["count"], 3);
        for b in report["books"].as_array().unwrap() {
            seen.push(b["name"].as_str().unwrap().to_string());
        }
    }
    seen.sort();
    assert_eq!(seen, names, "every book in exactly one shard");
}

#[test]
fn unchanged_books_are_not_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    book(dir.path(), "a");
    book(dir.path(), "b");
    manifest(dir.path(), &["a", "b"], "[\"epub\"]");
    let (_, first, _) = batch_json(dir.path(), &[]);
    assert_eq!(first["summary"]["built"], 2);
    let epub = dir.path().join("out/a/book-a.epub");
    let modified = std::fs::metadata(&epub).unwrap().modified().unwrap();
    let (_, second, _) = batch_json(dir.path(), &[]);
    assert_eq!(second["summary"]["up_to_date"], 2, "{second:#}");
    assert_eq!(
        std::fs::metadata(&epub).unwrap().modified().unwrap(),
        modified,
        "an up-to-date book is not written"
    );
    assert_eq!(
        first["books"][0]["outputs"], second["books"][0]["outputs"],
        "same outputs, same hashes"
    );
    // A changed entry rebuilds its book only.
    write(
        dir.path(),
        "b/entries/fine.md",
        &ENTRY.replace("A sentence", "Another sentence"),
    );
    let (_, third, _) = batch_json(dir.path(), &[]);
    assert_eq!(status_of(&third, "a"), "up-to-date");
    assert_eq!(status_of(&third, "b"), "built");
    // An output deleted or changed on disk is rebuilt.
    std::fs::remove_file(&epub).unwrap();
    let (_, fourth, _) = batch_json(dir.path(), &[]);
    assert_eq!(status_of(&fourth, "a"), "built");
    std::fs::write(&epub, b"tampered").unwrap();
    let (_, fifth, _) = batch_json(dir.path(), &[]);
    assert_eq!(status_of(&fifth, "a"), "built");
    // A different SOURCE_DATE_EPOCH makes different bytes, so it rebuilds.
    let out = Command::new(env!("CARGO_BIN_EXE_chapbook"))
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .args(["batch", "books.toml", "--format", "json"])
        .output()
        .unwrap();
    let sixth: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(sixth["summary"]["built"], 2, "{sixth:#}");
    // --force rebuilds everything.
    let (_, seventh, _) = batch_json(dir.path(), &["--force"]);
    assert_eq!(seventh["summary"]["built"], 2);
}

#[test]
fn overrides_change_the_book_not_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    book(dir.path(), "a");
    write(
        dir.path(),
        "books.toml",
        "formats = [\"epub\"]\n[[book]]\npath = \"a\"\nname = \"a-ru\"\n[book.config]\nlanguage = \"ru\"\n",
    );
    let before = snapshot(&dir.path().join("a"));
    let (code, report, stderr) = batch_json(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let file = dir
        .path()
        .join(report["books"][0]["outputs"][0]["file"].as_str().unwrap());
    let mut zip = zip::ZipArchive::new(std::fs::File::open(file).unwrap()).unwrap();
    let mut opf = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("OEBPS/content.opf").unwrap(), &mut opf)
        .unwrap();
    assert!(opf.contains("<dc:language>ru</dc:language>"), "{opf}");
    assert_eq!(snapshot(&dir.path().join("a")), before);
}

/// A problem only the overrides make is reported against the book's book.toml, without a line
/// (the lines of the merged text are not the file's), and fails that book alone.
#[test]
fn a_problem_made_by_overrides_names_book_toml_without_a_line() {
    let dir = tempfile::tempdir().unwrap();
    book(dir.path(), "a");
    book(dir.path(), "b");
    write(
        dir.path(),
        "books.toml",
        "formats = [\"pdf\"]\n[[book]]\npath = \"a\"\n[book.config.pdf.page]\nmargin-inner = \"140mm\"\n\n[[book]]\npath = \"b\"\n",
    );
    let (code, report, _) = batch_json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(status_of(&report, "b"), "built");
    let error = &report["books"][0]["errors"][0];
    assert_eq!(error["file"], "a/book.toml", "{error}");
    assert_eq!(error["line"], Value::Null, "{error}");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("margins") && message.contains("merged in"),
        "{message}"
    );
}

/// The sample book built by a batch with overrides (Russian, A4) is still a valid EPUB, and
/// its PDF, on larger pages, has fewer of them than the book as it is.
#[test]
fn overridden_sample_book_passes_epubcheck() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&common::repo().join("book"), &dir.path().join("steppe"));
    write(
        dir.path(),
        "books.toml",
        "[[book]]\npath = \"steppe\"\nname = \"plain\"\n\n[[book]]\npath = \"steppe\"\nname = \"ru-a4\"\n[book.config]\nlanguage = \"ru\"\n[book.config.pdf.page]\nsize = \"A4\"\n",
    );
    let (code, report, stderr) = batch_json(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let (plain, a4) = (&report["books"][0], &report["books"][1]);
    let epub = dir.path().join(a4["outputs"][0]["file"].as_str().unwrap());
    common::assert_epubcheck_clean(&epub);
    assert!(
        a4["pages"].as_u64().unwrap() < plain["pages"].as_u64().unwrap(),
        "A4: {}, A5: {}",
        a4["pages"],
        plain["pages"]
    );
}

/// The same manifest built with one job and with two, in two different folders, gives the
/// same bytes: outputs, stamps and the report (but for the seconds).
#[test]
fn same_bytes_with_one_job_or_two() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let build = |jobs: &str| {
        let dir = tempfile::tempdir().unwrap();
        common::copy_dir(&repo.join("book"), &dir.path().join("steppe"));
        book(dir.path(), "small");
        book(dir.path(), "other");
        write(
            dir.path(),
            "books.toml",
            "[[book]]\npath = \"steppe\"\n\n[[book]]\npath = \"small\"\n\n[[book]]\npath = \"other\"\n[book.config.pdf.page]\nsize = \"A4\"\n",
        );
        let (code, mut report, stderr) = batch_json(dir.path(), &["--jobs", jobs]);
        assert_eq!(code, 0, "{stderr}");
        for b in report["books"].as_array_mut().unwrap() {
            b["seconds"] = Value::Null;
        }
        let files = snapshot(&dir.path().join("out"));
        (report, files, dir)
    };
    let (report1, files1, _d1) = build("1");
    let (report2, files2, _d2) = build("2");
    // Per book: the EPUB, the PDF, the stamp and the (empty) lock file.
    assert_eq!(files1.len(), 12, "{:?}", files1.keys());
    assert_eq!(
        files1.keys().collect::<Vec<_>>(),
        files2.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &files1 {
        assert!(
            bytes == &files2[name],
            "{name} differs between --jobs 1 and 2"
        );
    }
    assert_eq!(report1, report2);
}
