//! Handouts (issue #19), through the binary: `chapbook build --handouts` writes one PDF per
//! entry into `out/handouts/`, each holding exactly the text of the book's pages for that entry
//! and its authors' pages (pdftotext, page by page, with the running heads and folios checked
//! and taken off), numbered from 1; `--impose 2up` imposes them too; `[pdf] handouts = true`
//! in book.toml asks for them as well; a book with an error writes none; the bytes are the
//! same on one thread and on two.

mod common;

use common::cli::write;
use common::{bin, repo, strict};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the binary with `args` and `RAYON_NUM_THREADS=threads`.
fn chapbook(args: &[&str], threads: &str) -> Output {
    Command::new(bin())
        .args(args)
        .env("RAYON_NUM_THREADS", threads)
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .output()
        .unwrap()
}

/// Builds `book` into `out` with `extra` arguments; panics with the messages on failure.
fn build(book: &Path, out: &Path, extra: &[&str], threads: &str) {
    let mut args = vec![
        "build",
        book.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let output = chapbook(&args, threads);
    assert!(
        output.status.success(),
        "build of {} failed:\n{}",
        book.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The files of `dir` (not its folders), by name, with their bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let Ok(list) = std::fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    list.flatten()
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Runs a poppler or qpdf tool; `None` (with a note) when it is not installed, unless strict.
fn tool(name: &str, args: &[&str], pdf: &Path) -> Option<String> {
    match Command::new(name).args(args).arg(pdf).output() {
        Ok(out) => {
            assert!(out.status.success(), "{name} failed on {}", pdf.display());
            Some(String::from_utf8_lossy(&out.stdout).into_owned())
        }
        Err(e) => {
            assert!(!strict(), "{name} is required (CHAPBOOK_STRICT=1): {e}");
            eprintln!("NOTE: {name} not found; check skipped");
            None
        }
    }
}

/// Each page's text (pdftotext, reading order), its lines trimmed.
fn pages(pdf: &Path) -> Option<Vec<Vec<String>>> {
    let text = match Command::new("pdftotext").arg(pdf).arg("-").output() {
        Ok(out) => {
            assert!(
                out.status.success(),
                "pdftotext failed on {}",
                pdf.display()
            );
            String::from_utf8(out.stdout).unwrap()
        }
        Err(e) => {
            assert!(!strict(), "pdftotext is required (CHAPBOOK_STRICT=1): {e}");
            eprintln!("NOTE: pdftotext not found; check skipped");
            return None;
        }
    };
    let mut pages: Vec<Vec<String>> = text
        .split('\u{c}')
        .map(|page| {
            page.lines()
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect()
        })
        .collect();
    // pdftotext ends the last page with a form feed too.
    if pages.last().is_some_and(Vec::is_empty) {
        pages.pop();
    }
    Some(pages)
}

/// A bookmark: its title, the page it points to (from 1) and its children.
struct Mark {
    title: String,
    page: usize,
    kids: Vec<Mark>,
}

/// The PDF's bookmarks (qpdf's JSON).
fn outline(pdf: &Path) -> Option<Vec<Mark>> {
    fn marks(list: &serde_json::Value) -> Vec<Mark> {
        (list.as_array().unwrap().iter())
            .map(|m| Mark {
                title: m["title"].as_str().unwrap().to_string(),
                page: m["destpageposfrom1"].as_u64().unwrap() as usize,
                kids: marks(&m["kids"]),
            })
            .collect()
    }
    let json = tool("qpdf", &["--json", "--json-key=outlines"], pdf)?;
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    Some(marks(&json["outlines"]))
}

/// A run of pages of one section (an entry or an author page): where it opens (from 1), how
/// many pages, and the right-hand running head of its pages.
struct Run {
    first: usize,
    count: usize,
    running: String,
}

/// The text of `pages` for `runs`, in order, each page without its running head (checked:
/// the book's title on even pages, the section's on odd ones, none on a section's opening
/// page) and its folio (checked: the page's own number); `what` names the document.
fn body_text(what: &str, pages: &[Vec<String>], runs: &[Run], title: &str) -> Vec<String> {
    let mut text = Vec::new();
    for run in runs {
        for number in run.first..run.first + run.count {
            let mut lines = pages[number - 1].clone();
            let folio = lines.pop();
            assert_eq!(
                folio.as_deref(),
                Some(number.to_string().as_str()),
                "{what}: page {number} ends with its number"
            );
            if number != run.first {
                let head = if number % 2 == 0 { title } else { &run.running };
                assert_eq!(
                    lines.first().map(String::as_str),
                    Some(head),
                    "{what}: page {number}'s running head"
                );
                lines.remove(0);
            }
            text.extend(lines);
        }
    }
    text
}

/// The sample book and its handouts, built once for the tests below.
struct Built {
    _dir: tempfile::TempDir,
    out: PathBuf,
    book: chapbook::model::Book,
}

fn built(extra: &[&str], threads: &str) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut args = vec!["--handouts"];
    args.extend_from_slice(extra);
    build(&repo().join("book"), &out, &args, threads);
    let (book, diagnostics) = chapbook::source::load(&repo().join("book"));
    let book = book.unwrap_or_else(|| panic!("{diagnostics:?}"));
    Built {
        _dir: dir,
        out,
        book,
    }
}

/// Each handout holds exactly its entry's pages of the book and its authors' pages, text for
/// text, numbered from 1; one PDF per entry and nothing else; the same bytes on one thread.
#[test]
fn each_handout_holds_its_entry_as_the_book_sets_it() {
    let built = built(&[], "2");
    let handouts = built.out.join("handouts");
    let names: Vec<String> = files(&handouts).into_keys().collect();
    let expected: Vec<String> = (built.book.entries.iter())
        .map(|e| format!("{}.pdf", e.id))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(names, expected, "one PDF per entry, named by its id");
    assert_eq!(names.len(), 5, "the sample book has five entries");

    let pdf = built.out.join("steppe-notes.pdf");
    let (Some(book_pages), Some(marks)) = (pages(&pdf), outline(&pdf)) else {
        return;
    };
    let title = &built.book.meta.title;
    let entries = &built.book.entries;
    // The book's bookmarks: each entry, then "Authors" with each author page.
    assert_eq!(marks.len(), entries.len() + 1);
    let authors = &marks[entries.len()].kids;
    let mut words = 0;
    let mut figures = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        // The entry's pages in the book: from its bookmark to the next one.
        let end = marks[i + 1].page;
        let mut runs = vec![Run {
            first: marks[i].page,
            count: end - marks[i].page,
            running: entry.title.clone(),
        }];
        for id in &entry.authors {
            let author = built.book.authors.iter().find(|a| &a.id == id).unwrap();
            let at = authors.iter().position(|m| m.title == author.name).unwrap();
            let next = authors.get(at + 1).map_or(book_pages.len() + 1, |m| m.page);
            runs.push(Run {
                first: authors[at].page,
                count: next - authors[at].page,
                running: author.name.clone(),
            });
        }
        let from_book = body_text("the book", &book_pages, &runs, title);

        let handout = handouts.join(format!("{}.pdf", entry.id));
        let handout_pages = pages(&handout).unwrap();
        let handout_marks = outline(&handout).unwrap();
        assert_eq!(handout_marks[0].title, entry.title);
        assert_eq!(
            handout_marks[0].page, 1,
            "{}: the entry opens page 1",
            entry.id
        );
        // The handout's own runs: the entry from page 1, then each author page.
        let mut own = Vec::new();
        let mut first = 1;
        for run in &runs {
            own.push(Run {
                first,
                count: run.count,
                running: run.running.clone(),
            });
            first += run.count;
        }
        assert_eq!(
            handout_pages.len(),
            first - 1,
            "{}: as many pages as the book gives the entry and its authors",
            entry.id
        );
        let from_handout = body_text(&entry.id, &handout_pages, &own, title);
        assert_eq!(
            from_handout.join("\n"),
            from_book.join("\n"),
            "{}: the handout's text is the book's",
            entry.id
        );
        // Not an empty comparison: the title, the body, the notes and the responses are there.
        let all = from_handout.join("\n");
        assert!(all.contains(&entry.title.split_whitespace().next().unwrap().to_string()));
        if !entry.responses.is_empty() {
            let heading = &handout_marks[0].kids[0].title;
            assert!(all.contains(heading.as_str()), "{}: {heading}", entry.id);
        }
        let count = all.split_whitespace().count();
        assert!(count > 300, "{}: only {count} words", entry.id);
        words += count;
        figures.push(format!("{} {}p {count}w", entry.id, handout_pages.len()));
        let info = tool("pdfinfo", &[], &handout).unwrap();
        let field = |key: &str| {
            info.lines()
                .find_map(|l| l.strip_prefix(key))
                .map(|v| v.trim().to_string())
        };
        assert_eq!(field("Title:").as_deref(), Some(entry.title.as_str()));
        assert_eq!(field("Tagged:").as_deref(), Some("yes"), "{}", entry.id);
    }
    eprintln!(
        "handouts compared with the book: {} entries, {words} words ({})",
        entries.len(),
        figures.join(", ")
    );

    // The same bytes with one thread.
    let again = self::built(&[], "1");
    assert_eq!(
        files(&again.out.join("handouts")),
        files(&handouts),
        "the handouts differ between one thread and two"
    );
}

/// `--impose 2up` imposes the handouts too: two pages to a sheet, the same words.
#[test]
fn imposing_imposes_the_handouts() {
    let built = built(&["--impose", "2up"], "2");
    let handouts = built.out.join("handouts");
    let names: Vec<String> = files(&handouts).into_keys().collect();
    assert_eq!(names.len(), 2 * built.book.entries.len(), "{names:?}");
    for entry in &built.book.entries {
        let plain = handouts.join(format!("{}.pdf", entry.id));
        let sheets = handouts.join(format!("{}-2up.pdf", entry.id));
        let (Some(pages), Some(sheet_pages)) = (pages(&plain), pages(&sheets)) else {
            return;
        };
        assert_eq!(sheet_pages.len(), pages.len().div_ceil(2), "{}", entry.id);
        let words = |pages: &[Vec<String>]| {
            let mut w: Vec<String> = (pages.iter().flatten())
                .flat_map(|l| l.split_whitespace().map(str::to_string).collect::<Vec<_>>())
                .collect();
            w.sort();
            w
        };
        assert_eq!(words(&sheet_pages), words(&pages), "{}", entry.id);
        let info = tool("pdfinfo", &[], &sheets).unwrap();
        let size = |info: &str| {
            let line = info.lines().find(|l| l.starts_with("Page size:")).unwrap();
            let n: Vec<f32> = (line.split_whitespace())
                .filter_map(|w| w.parse().ok())
                .collect();
            (n[0], n[1])
        };
        let page = size(&tool("pdfinfo", &[], &plain).unwrap());
        let sheet = size(&info);
        assert!(
            (sheet.0 - 2.0 * page.0).abs() < 1.0 && (sheet.1 - page.1).abs() < 1.0,
            "{}: a sheet of {sheet:?} for pages of {page:?}",
            entry.id
        );
    }
}

/// A copy of the sample book in a temporary folder, with `extra` added to its book.toml.
fn book_copy(extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = repo().join("book");
    for folder in ["", "entries", "authors", "images"] {
        for item in std::fs::read_dir(from.join(folder)).unwrap().flatten() {
            if item.file_type().unwrap().is_file() {
                let name = Path::new(folder).join(item.file_name());
                write(
                    dir.path(),
                    name.to_str().unwrap(),
                    &std::fs::read(item.path()).unwrap(),
                );
            }
        }
    }
    let toml = std::fs::read_to_string(dir.path().join("book.toml")).unwrap();
    write(
        dir.path(),
        "book.toml",
        format!("{toml}\n{extra}").as_bytes(),
    );
    dir
}

/// `[pdf] handouts = true` in book.toml asks for them without the flag; `false` (the default)
/// writes none.
#[test]
fn book_toml_asks_for_handouts() {
    let book = book_copy("[pdf]\nhandouts = true\n");
    let out = book.path().join("out");
    build(book.path(), &out, &[], "2");
    assert_eq!(files(&out.join("handouts")).len(), 5);

    let plain = tempfile::tempdir().unwrap();
    build(&repo().join("book"), plain.path(), &[], "2");
    assert!(!plain.path().join("handouts").exists());
}

/// A book with an error in one entry writes nothing: no book, no handout of any entry.
#[test]
fn a_failing_entry_writes_no_handouts() {
    let book = book_copy("");
    let entry = book.path().join("entries/nauryz-auylda.md");
    let text = std::fs::read_to_string(&entry).unwrap();
    std::fs::write(&entry, text.replacen("+++\n", "+++\nauthro = \"x\"\n", 1)).unwrap();
    let out = book.path().join("out");
    let output = chapbook(
        &[
            "build",
            book.path().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--handouts",
        ],
        "2",
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("nauryz-auylda.md"), "{stderr}");
    assert!(!out.join("handouts").exists(), "{:?}", files(&out));
    assert!(
        files(&out).keys().all(|n| n.starts_with('.')),
        "{:?}",
        files(&out).keys()
    );
}

/// A batch builds handouts when a book (or the manifest's overrides) asks for them, lists them
/// in its report and stamp, and rebuilds the book when one of them is gone.
#[test]
fn a_batch_keeps_track_of_handouts() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "a/book.toml", common::cli::BOOK.as_bytes());
    write(root, "a/entries/fine.md", common::cli::ENTRY.as_bytes());
    write(root, "a/authors/ann.md", common::cli::AUTHOR.as_bytes());
    let manifest =
        "formats = [\"pdf\"]\n[[book]]\npath = \"a\"\n[book.config.pdf]\nhandouts = true\n";
    write(root, "books.toml", manifest.as_bytes());
    let batch = || {
        let out = Command::new(bin())
            .current_dir(root)
            .args(["batch", "books.toml", "--format", "json"])
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
        report["books"][0].clone()
    };
    let first = batch();
    assert_eq!(first["status"], "built", "{first:#}");
    let files: Vec<&str> = (first["outputs"].as_array().unwrap().iter())
        .map(|o| o["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["out/a/test-book.pdf", "out/a/handouts/fine.pdf"]);
    assert_eq!(batch()["status"], "up-to-date");
    std::fs::remove_file(root.join("out/a/handouts/fine.pdf")).unwrap();
    assert_eq!(batch()["status"], "built");
    assert!(root.join("out/a/handouts/fine.pdf").is_file());
}

/// A link to another entry goes, in a handout that does not hold it, to that entry's original
/// post when it has a `url` (and nowhere when it has none); in the book it stays a link inside
/// the PDF.
#[test]
fn links_to_other_entries_go_to_their_posts() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "book.toml", common::cli::BOOK.as_bytes());
    let entry = |title: &str, url: &str, body: &str| {
        format!("+++\ntitle = \"{title}\"\ndate = 2026-01-02\n{url}+++\n{body}\n")
    };
    let body = "See [the second](b.md) and [the third](c.md#top).";
    write(root, "entries/a.md", entry("First", "", body).as_bytes());
    let url = "url = \"https://example.org/b/\"\n";
    write(
        root,
        "entries/b.md",
        entry("Second", url, "Two.").as_bytes(),
    );
    write(
        root,
        "entries/c.md",
        entry("Third", "", "Three.").as_bytes(),
    );
    let out = root.join("out");
    build(root, &out, &["--handouts", "--format", "pdf"], "2");
    // The uncompressed objects, where link actions and destinations can be read.
    let objects = |pdf: &Path| {
        let output = Command::new("qpdf")
            .args(["--qdf", "--object-streams=disable"])
            .arg(pdf)
            .arg("-")
            .output();
        match output {
            Ok(o) => Some(String::from_utf8_lossy(&o.stdout).into_owned()),
            Err(e) => {
                assert!(!strict(), "qpdf is required (CHAPBOOK_STRICT=1): {e}");
                None
            }
        }
    };
    let (Some(handout), Some(book)) = (
        objects(&out.join("handouts/a.pdf")),
        objects(&out.join("test-book.pdf")),
    ) else {
        return;
    };
    let links = |pdf: &str| pdf.matches("/Subtype /Link").count();
    assert!(
        handout.contains("/URI (https://example.org/b/)"),
        "{handout}"
    );
    assert_eq!(links(&handout), 1, "the third has no address: no link");
    // In the book, the address is only the second entry's own "Original post" line: the
    // first entry's links go to pages of the book.
    assert_eq!(book.matches("/URI (https://example.org/b/)").count(), 1);
}

/// A build killed between renaming one handout and the next (`CHAPBOOK_ABORT_AFTER_RENAMES`,
/// as `tests/hostile/kill.rs` does for the EPUB and the PDF) leaves a journal that names the
/// handouts in their folder; the next build, even a failing one, finishes the switch: every
/// output and every handout is then the new one, and nothing temporary is left.
#[test]
fn a_build_killed_among_its_handouts_is_finished_by_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    let text = |word: &str| {
        let entry = |title: &str| {
            format!("+++\ntitle = \"{title}\"\ndate = 2026-01-02\n+++\nThe {word} text.\n")
        };
        write(&book, "entries/a.md", entry("First").as_bytes());
        write(&book, "entries/b.md", entry("Second").as_bytes());
    };
    write(&book, "book.toml", common::cli::BOOK.as_bytes());
    text("old");
    let out = dir.path().join("out");
    let run = |out: &Path, abort: Option<&str>| {
        let mut command = Command::new(bin());
        command.args(["build", book.to_str().unwrap(), "--handouts", "--out"]);
        command.arg(out).env("SOURCE_DATE_EPOCH", "1767225600");
        if let Some(n) = abort {
            command.env("CHAPBOOK_ABORT_AFTER_RENAMES", n);
        }
        command.output().unwrap().status
    };
    let all = |out: &Path| {
        let mut all = files(out);
        all.extend(
            files(&out.join("handouts"))
                .into_iter()
                .map(|(n, b)| (format!("handouts/{n}"), b)),
        );
        all.retain(|name, _| !name.starts_with('.'));
        all
    };
    assert!(run(&out, None).success());
    let old = all(&out);
    text("new");
    let elsewhere = dir.path().join("elsewhere");
    assert!(run(&elsewhere, None).success());
    let new = all(&elsewhere);
    let names: Vec<&str> = new.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "handouts/a.pdf",
            "handouts/b.pdf",
            "test-book.epub",
            "test-book.pdf"
        ]
    );
    // EPUB, PDF, then the handouts in the entries' order: stopped after the first handout.
    assert!(
        !run(&out, Some("3")).success(),
        "the build was to be stopped"
    );
    let half = all(&out);
    assert!(half["handouts/a.pdf"] == new["handouts/a.pdf"]);
    assert!(half["handouts/b.pdf"] == old["handouts/b.pdf"]);
    assert!(old["handouts/b.pdf"] != new["handouts/b.pdf"]);
    let journal = std::fs::read_to_string(out.join(chapbook::build::JOURNAL_FILE)).unwrap();
    assert!(journal.contains("\"handouts/b.pdf\""), "{journal}");

    // A failing build writes nothing, yet finishes the switch first.
    write(&book, "entries/a.md", b"+++\ntitel = \"x\"\n+++\nBroken.\n");
    assert_eq!(run(&out, None).code(), Some(1));
    assert!(all(&out) == new, "every output is the new one");
    let left: Vec<String> = (files(&out).into_keys())
        .filter(|n| n.starts_with(".chapbook-") && n != ".chapbook.lock")
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// `handouts` in the output folder as a link to another folder is not followed: the build
/// says what is in the way and writes nothing, there or beside it.
#[cfg(unix)]
#[test]
fn a_link_in_place_of_the_handouts_folder_is_not_followed() {
    let book = common::cli::book();
    let dir = tempfile::tempdir().unwrap();
    let (out, elsewhere) = (dir.path().join("out"), dir.path().join("elsewhere"));
    std::fs::create_dir_all(&out).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("handouts")).unwrap();
    let args = [
        "build",
        book.path().to_str().unwrap(),
        "--handouts",
        "--out",
    ];
    let output = Command::new(bin()).args(args).arg(&out).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("is a file or a link, not a folder"),
        "{stderr}"
    );
    assert!(stderr.contains("move it away"), "{stderr}");
    assert!(files(&elsewhere).is_empty());
    let written: Vec<String> = (files(&out).into_keys())
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert!(written.is_empty(), "{written:?}");
}

/// Two entries whose handouts would have one name (the imposed copy of `a`, `a-2up.pdf`, and
/// the handout of an entry whose slug is `a-2up`) are named, with the fix; nothing is written.
#[test]
fn handouts_of_one_name_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "book.toml", common::cli::BOOK.as_bytes());
    let entry = |title: &str| format!("+++\ntitle = \"{title}\"\ndate = 2026-01-02\n+++\nText.\n");
    write(root, "entries/a.md", entry("A").as_bytes());
    write(root, "entries/a-2up.md", entry("A, two up").as_bytes());
    let out = root.join("out");
    let args = [
        "build",
        root.to_str().unwrap(),
        "--handouts",
        "--impose",
        "2up",
    ];
    let output = Command::new(bin())
        .args(args)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("would both be handouts/a-2up.pdf"),
        "{stderr}"
    );
    assert!(stderr.contains("another slug"), "{stderr}");
    assert!(!out.join("handouts").exists());
    // Without imposition there is no clash.
    build(root, &out, &["--handouts"], "2");
    assert_eq!(files(&out.join("handouts")).len(), 2);
}
