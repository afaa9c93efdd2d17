//! `chapbook import`: WordPress exports and feeds, run through the real binary, checked against
//! the export itself, built, validated, and searched for leaked e-mail and IP addresses.
//!
//! The shared corpus (`../shared/corpora/{wordpress,feeds}`) is used when present; the
//! fixtures under `tests/import-fixtures/` were written for these tests from the WXR format.

mod common;

use common::cli::{build_outputs as build, import, import_ok};
use common::{assert_epubcheck_clean, repo, shared, strict};
use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const WP: &str = "wordpress.org/export/";

fn chapbook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chapbook"))
        .args(args)
        .output()
        .unwrap()
}

/// Imports and asserts failure with an error naming line and column.
fn import_error(source: &Path, line: usize, message: &str) {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("book");
    let (code, _, stderr) = import("wordpress", source, &target, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(&format!("error: line {line}, column ")) && stderr.contains(message),
        "expected an error at line {line} with `{message}`:\n{stderr}"
    );
    assert!(
        stderr.contains(&format!("{}:{line}", source.display())),
        "the error names the file and line:\n{stderr}"
    );
    assert!(!target.exists(), "nothing may be written after an error");
}

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/import-fixtures").join(name)
}

/// Every file under `dir`.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for item in std::fs::read_dir(&d).unwrap().flatten() {
            let p = item.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// One `[[comment]]` record as written.
#[derive(Debug, Clone)]
struct Written {
    id: String,
    parent: Option<String>,
    kind: String,
    author: String,
}

/// Every comments file of a book folder: entry stem → records in file order.
fn comments(book: &Path) -> BTreeMap<String, Vec<Written>> {
    let mut out = BTreeMap::new();
    for name in names_in(&book.join("entries")) {
        let Some(stem) = name.strip_suffix(".comments.toml") else {
            continue;
        };
        let text = std::fs::read_to_string(book.join("entries").join(&name)).unwrap();
        let table: toml::Table = text.parse().unwrap();
        let records = table["comment"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| Written {
                id: c["id"].as_str().unwrap().to_string(),
                parent: c.get("parent").map(|p| p.as_str().unwrap().to_string()),
                kind: c
                    .get("kind")
                    .map_or("comment", |k| k.as_str().unwrap())
                    .to_string(),
                author: c["author"].as_str().unwrap().to_string(),
            })
            .collect();
        out.insert(stem.to_string(), records);
    }
    out
}

fn count_kinds(all: &BTreeMap<String, Vec<Written>>) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for records in all.values() {
        for r in records {
            *counts.entry(r.kind.clone()).or_insert(0) += 1;
        }
    }
    counts
}

/// The longest chain of replies (a top-level comment has depth 0), with its ids top-down.
fn deepest_chain(records: &[Written]) -> Vec<String> {
    let parent: HashMap<&str, Option<&str>> = records
        .iter()
        .map(|r| (r.id.as_str(), r.parent.as_deref()))
        .collect();
    let mut best: Vec<String> = Vec::new();
    for r in records {
        let mut chain = vec![r.id.clone()];
        let mut at = r.parent.as_deref();
        while let Some(p) = at {
            chain.push(p.to_string());
            at = parent.get(p).copied().flatten();
        }
        if chain.len() > best.len() {
            chain.reverse();
            best = chain;
        }
    }
    best
}

/// Everything a reader of the output could see: the folder's files, the EPUB's entries and the
/// PDF's text.
fn all_output_text(book: &Path, epub: &Path, pdf: &Path) -> String {
    let mut text = String::new();
    for file in files(book) {
        text.push_str(&String::from_utf8_lossy(&std::fs::read(&file).unwrap()));
        text.push_str(&file.to_string_lossy());
    }
    let mut archive = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        text.push_str(&String::from_utf8_lossy(&bytes));
    }
    match Command::new("pdftotext").arg(pdf).arg("-").output() {
        Ok(o) if o.status.success() => text.push_str(&String::from_utf8_lossy(&o.stdout)),
        other => {
            assert!(
                !strict(),
                "pdftotext is required (CHAPBOOK_STRICT=1): {other:?}"
            );
            eprintln!("NOTE: pdftotext not found; the PDF's text was not searched");
        }
    }
    text.to_lowercase()
}

/// Private fields of an export (e-mail and IP addresses), read independently with roxmltree.
fn private_values(export: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(export).unwrap();
    let mut values: Vec<String> = doc
        .descendants()
        .filter(|n| {
            n.tag_name().namespace().is_some_and(|ns| ns.contains(WP))
                && matches!(
                    n.tag_name().name(),
                    "comment_author_email" | "comment_author_IP" | "author_email"
                )
        })
        .filter_map(|n| n.text().map(|t| t.trim().to_lowercase()))
        .filter(|t| !t.is_empty())
        .collect();
    values.sort();
    values.dedup();
    values
}

fn wp_text<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<&'a str> {
    node.children()
        .find(|c| {
            c.tag_name().name() == name && c.tag_name().namespace().is_some_and(|n| n.contains(WP))
        })
        .and_then(|c| c.text())
}

/// What the export holds, counted independently of the importer.
struct ExportCounts {
    /// Published, not password-protected posts.
    posts: usize,
    /// Approved responses on those posts, by kind.
    kept: BTreeMap<String, usize>,
    /// All responses in the export, by kind.
    all: BTreeMap<String, usize>,
    /// The reply chain (comment ids, top-down) of the deepest thread.
    deepest: Vec<String>,
    /// Logins of the authors of the kept posts.
    authors: Vec<String>,
}

fn count_export(text: &str) -> ExportCounts {
    let doc = roxmltree::Document::parse(text).unwrap();
    let mut counts = ExportCounts {
        posts: 0,
        kept: BTreeMap::new(),
        all: BTreeMap::new(),
        deepest: Vec::new(),
        authors: Vec::new(),
    };
    for item in doc.descendants().filter(|n| n.has_tag_name("item")) {
        let post = wp_text(item, "post_type") == Some("post")
            && wp_text(item, "status") == Some("publish")
            && wp_text(item, "post_password").unwrap_or("").is_empty();
        let mut parents = HashMap::new();
        for c in item.children().filter(|c| c.tag_name().name() == "comment") {
            let kind = match wp_text(c, "comment_type").unwrap_or("").trim() {
                "pingback" => "pingback",
                "trackback" => "trackback",
                _ => "comment",
            };
            *counts.all.entry(kind.to_string()).or_insert(0) += 1;
            if post && wp_text(c, "comment_approved") == Some("1") {
                *counts.kept.entry(kind.to_string()).or_insert(0) += 1;
            }
            let id = wp_text(c, "comment_id").unwrap().to_string();
            let parent = wp_text(c, "comment_parent").unwrap_or("0").to_string();
            parents.insert(id, parent);
        }
        for id in parents.keys() {
            let mut chain = vec![format!("c{id}")];
            let mut at = id;
            while let Some(p) = parents.get(at).filter(|p| *p != "0") {
                chain.push(format!("c{p}"));
                at = p;
            }
            if chain.len() > counts.deepest.len() {
                chain.reverse();
                counts.deepest = chain;
            }
        }
        if post {
            counts.posts += 1;
            let creator = item
                .children()
                .find(|c| c.tag_name().name() == "creator")
                .and_then(|c| c.text())
                .unwrap_or("")
                .trim_matches(|c: char| c == '<' || c == '>' || c.is_whitespace())
                .to_string();
            if !counts.authors.contains(&creator) {
                counts.authors.push(creator);
            }
        }
    }
    counts
}

#[test]
fn theme_unit_test_export_imports_builds_and_leaks_nothing() {
    let Some(shared) = shared() else {
        eprintln!("NOTE: ../shared not found; the WordPress theme unit test import was not run");
        return;
    };
    let export = shared.join("corpora/wordpress/themeunittestdata.wordpress.xml");
    let text = std::fs::read_to_string(&export).unwrap();
    let expected = count_export(&text);
    // The numbers the issue names, read from the export itself.
    assert_eq!(expected.all["comment"], 29);
    assert_eq!(expected.all["pingback"], 2);
    assert_eq!(expected.all["trackback"], 2);
    assert_eq!(
        expected.deepest.len(),
        10,
        "a top-level comment and 9 replies"
    );

    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    let (stdout, _) = import_ok("wordpress", &export, &book, &[]);
    assert!(
        stdout.contains(&format!("kept: {} × post", expected.posts)),
        "{stdout}"
    );
    assert!(
        stdout.contains("left out: 1 × post with status `draft`"),
        "{stdout}"
    );
    assert!(
        stdout.contains("left out: 1 × password-protected post"),
        "{stdout}"
    );
    let entries: Vec<String> = names_in(&book.join("entries"))
        .into_iter()
        .filter(|n| n.ends_with(".md"))
        .collect();
    assert_eq!(entries.len(), expected.posts);
    let written = comments(&book);
    assert_eq!(count_kinds(&written), expected.kept);
    // The deepest thread, in order.
    let chain = written
        .values()
        .map(|r| deepest_chain(r))
        .max_by_key(Vec::len)
        .unwrap();
    assert_eq!(chain, expected.deepest);
    // Authors: one page per author of the kept posts.
    assert_eq!(expected.authors.len(), 2);
    assert_eq!(names_in(&book.join("authors")).len(), 2);

    // The loader reads the folder as written: entries and threaded responses.
    let (loaded, diags) = chapbook::source::load(&book);
    let loaded = loaded.unwrap_or_else(|| panic!("{:?}", diags.into_vec()));
    assert_eq!(loaded.entries.len(), expected.posts);
    fn depth(c: &chapbook::model::Comment) -> usize {
        1 + c.replies.iter().map(depth).max().unwrap_or(0)
    }
    let deepest = loaded
        .entries
        .iter()
        .flat_map(|e| e.responses.iter())
        .map(depth)
        .max()
        .unwrap();
    assert_eq!(deepest, 10);

    let out = dir.path().join("out");
    let (epub, pdf) = build(&book, &out);
    assert_epubcheck_clean(&epub);
    let everything = all_output_text(&book, &epub, &pdf);
    let private = private_values(&text);
    assert!(!private.is_empty());
    for value in &private {
        assert!(
            !everything.contains(value.as_str()),
            "`{value}` leaked into the output"
        );
    }

    // Everything on request: all 29 comments, 2 pingbacks and 2 trackbacks of the export.
    let all = dir.path().join("all");
    import_ok(
        "wordpress",
        &export,
        &all,
        &[
            "--include-pages",
            "--include-unapproved",
            "--include-protected",
        ],
    );
    assert_eq!(count_kinds(&comments(&all)), expected.all);
}

#[test]
fn block_test_export_imports_and_builds() {
    let Some(shared) = shared() else {
        eprintln!("NOTE: ../shared not found; the Gutenberg block import was not run");
        return;
    };
    let export = shared.join("corpora/wordpress/64-block-test-data.xml");
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    import_ok("wordpress", &export, &book, &[]);
    let text = std::fs::read_to_string(&export).unwrap();
    assert_eq!(
        names_in(&book.join("entries"))
            .iter()
            .filter(|n| n.ends_with(".md"))
            .count(),
        count_export(&text).posts
    );
    // The core footnotes block: its notes become Markdown footnotes.
    let bodies: String = files(&book.join("entries"))
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    assert!(
        bodies.contains("[^1]: A note"),
        "footnotes were not converted"
    );
    assert!(
        !bodies.contains("<!-- wp:"),
        "block comments must not reach the Markdown"
    );
    let (epub, _pdf) = build(&book, &dir.path().join("out"));
    assert_epubcheck_clean(&epub);
}

#[test]
fn shared_feeds_import_with_their_threads() {
    let Some(shared) = shared() else {
        eprintln!("NOTE: ../shared not found; the feed corpus was not run");
        return;
    };
    let feeds = shared.join("corpora/feeds");
    let dir = tempfile::tempdir().unwrap();

    // A blog feed whose reply feeds (3299.atom, …) are not beside it: entries imported, and
    // each announced thread named as not imported.
    let source = feeds.join("intertwingly.atom");
    let text = std::fs::read_to_string(&source).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let entries = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .count();
    let announced = doc
        .descendants()
        .filter(|n| n.attribute("rel") == Some("replies"))
        .filter(|n| {
            n.attributes()
                .any(|a| a.name() == "count" && a.value() != "0")
        })
        .count();
    let book = dir.path().join("intertwingly");
    let (stdout, stderr) = import_ok("feed", &source, &book, &[]);
    assert!(
        stdout.contains(&format!("kept: {entries} × entry")),
        "{stdout}"
    );
    assert_eq!(
        stderr.matches("not beside the feed").count(),
        announced,
        "{stderr}"
    );
    assert!(!files(&book).iter().any(|f| {
        std::fs::read_to_string(f)
            .unwrap_or_default()
            .contains("rubys@intertwingly.net")
    }));
    let (epub, _) = build(&book, &dir.path().join("out1"));
    assert_epubcheck_clean(&epub);

    // A comment feed: its comment hangs on an entry made for the post it answers.
    let book = dir.path().join("with-entry");
    import_ok(
        "feed",
        &feeds.join("atomthreadingwithentry.xml"),
        &book,
        &[],
    );
    let written = comments(&book);
    assert_eq!(written.len(), 1);
    let records = written.values().next().unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].author, "John");
    let (epub, _) = build(&book, &dir.path().join("out2"));
    assert_epubcheck_clean(&epub);

    // A feed with no entries at all is a clear error.
    let (code, _, stderr) = import(
        "feed",
        &feeds.join("atomthreading.xml"),
        &dir.path().join("empty"),
        &[],
    );
    assert_eq!(code, 1);
    assert!(stderr.contains("the feed has no entries"), "{stderr}");
}

#[test]
fn blog_fixture_threads_pings_coauthors_footnotes_images_privacy() {
    let dir = tempfile::tempdir().unwrap();
    // The export with its uploads folder beside it (the image is a PNG of our own sample).
    let source_dir = dir.path().join("export");
    std::fs::create_dir_all(source_dir.join("uploads/2020/01")).unwrap();
    std::fs::copy(fixture("blog.xml"), source_dir.join("blog.xml")).unwrap();
    std::fs::copy(
        repo().join("book/images/route-map.png"),
        source_dir.join("uploads/2020/01/map.png"),
    )
    .unwrap();
    let book = dir.path().join("book");
    let (stdout, stderr) = import_ok("wordpress", &source_dir.join("blog.xml"), &book, &[]);
    assert!(
        stdout.contains(
            "kept: 3 × post, 5 × comment, 1 × pingback, 1 × trackback, 3 × author, 1 × image"
        ),
        "{stdout}"
    );
    for line in [
        "left out: 1 × post with status `draft` (keep with --status draft)",
        "left out: 1 × page (keep pages with --include-pages)",
        "left out: 1 × comment spam (keep with --include-unapproved)",
        "left out: 1 × comment unapproved (keep with --include-unapproved)",
        "left out: 1 × comment in the trash (keep with --include-unapproved)",
    ] {
        assert!(stdout.contains(line), "missing `{line}` in\n{stdout}");
    }
    // The reply to a spam comment moved up, and said so.
    assert!(
        stderr.contains("answered a comment that was left out"),
        "{stderr}"
    );
    // An image not beside the export is a note, never a download.
    assert!(
        stderr.contains("https://elsewhere.example/photo.jpg"),
        "{stderr}"
    );

    let rivers = std::fs::read_to_string(book.join("entries/on-rivers.md")).unwrap();
    assert!(
        rivers.contains("authors = [\"ann\", \"ben\", \"guest-writer\"]"),
        "{rivers}"
    );
    assert!(
        rivers.contains("date = \"2024-03-01T10:00:00+05:00\""),
        "{rivers}"
    );
    assert!(rivers.contains("category = \"Nature\"\n"), "{rivers}");
    assert!(rivers.contains("# also in categories: Water"), "{rivers}");
    assert!(
        rivers.contains("Rivers are **long**.\\\nThey run to the sea."),
        "{rivers}"
    );
    assert!(
        rivers.contains("![A map of the river](../images/map.png \"The river, drawn\")"),
        "{rivers}"
    );
    assert!(
        rivers.contains(
            "*(Image not imported: A photo — [photo.jpg](https://elsewhere.example/photo.jpg))*"
        ),
        "{rivers}"
    );
    assert!(rivers.contains("```\nlet x = a < b;\n```"), "{rivers}");
    assert_eq!(
        std::fs::read(book.join("images/map.png")).unwrap(),
        std::fs::read(repo().join("book/images/route-map.png")).unwrap()
    );
    let footnoted = std::fs::read_to_string(book.join("entries/footnoted.md")).unwrap();
    assert!(
        footnoted.contains("A claim[^1] and another[^2]."),
        "{footnoted}"
    );
    assert!(
        footnoted.contains("[^1]: The first *note*.\n[^2]: The second note."),
        "{footnoted}"
    );
    assert!(
        footnoted.contains("| River | Km |\n| --- | --- |\n| Ural | 2428 |"),
        "{footnoted}"
    );
    let ann = std::fs::read_to_string(book.join("authors/ann.md")).unwrap();
    assert_eq!(
        ann,
        "+++\nname = \"Ann Example\"\n+++\nAnn writes about *rivers*.\n"
    );

    let written = &comments(&book)["on-rivers"];
    let summary: Vec<(&str, Option<&str>, &str)> = written
        .iter()
        .map(|c| (c.id.as_str(), c.parent.as_deref(), c.kind.as_str()))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("c1", None, "comment"),
            ("c2", Some("c1"), "comment"),
            ("c4", None, "comment"),
            ("c6", None, "pingback"),
            ("c7", None, "trackback"),
            ("c8", None, "comment"),
            ("c10", None, "comment"),
        ]
    );
    // A commenter who typed an e-mail address as a name.
    assert_eq!(written[5].author, "(address removed)");

    // `chapbook check` warns about the empty bios import wrote.
    let check = chapbook(&["check", book.to_str().unwrap()]);
    let check_err = String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success(), "{check_err}");
    assert!(check_err.contains("Ben Sample has no bio"), "{check_err}");
    assert!(check_err.contains("authors/ben.md:4"), "{check_err}");

    let (epub, pdf) = build(&book, &dir.path().join("out"));
    assert_epubcheck_clean(&epub);
    let everything = all_output_text(&book, &epub, &pdf);
    let export = std::fs::read_to_string(fixture("blog.xml")).unwrap();
    for value in private_values(&export) {
        assert!(
            !everything.contains(&value),
            "`{value}` leaked into the output"
        );
    }
    assert!(everything.contains("the river, drawn"));

    // Attachments as entries: the attachment and the post's resized copy share one image.
    let att = dir.path().join("att");
    let (stdout, _) = import_ok(
        "wordpress",
        &source_dir.join("blog.xml"),
        &att,
        &["--include-attachments"],
    );
    assert!(stdout.contains("1 × attachment"), "{stdout}");
    assert_eq!(names_in(&att.join("images")), ["map.png"]);
    let attachment = std::fs::read_to_string(att.join("entries/map-png.md")).unwrap();
    assert!(
        attachment.contains("![](../images/map.png)"),
        "{attachment}"
    );

    // Unapproved on request: the spam comment is back and the reply answers it again.
    let all = dir.path().join("all");
    import_ok(
        "wordpress",
        &source_dir.join("blog.xml"),
        &all,
        &["--include-unapproved"],
    );
    let written = &comments(&all)["on-rivers"];
    assert_eq!(written.len(), 10);
    assert_eq!(written[3].parent.as_deref(), Some("c3"));
}

#[test]
fn filters_keep_what_was_asked_and_say_why_the_rest_went() {
    let source = fixture("blog.xml");
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, args: &[&str]| -> (Vec<String>, String) {
        let book = dir.path().join(name);
        let (stdout, _) = import_ok("wordpress", &source, &book, args);
        let names = names_in(&book.join("entries"))
            .into_iter()
            .filter(|n| n.ends_with(".md"))
            .collect();
        (names, stdout)
    };
    let (names, out) = run("cat", &["--category", "water"]);
    assert_eq!(names, ["footnoted.md", "on-rivers.md"]);
    assert!(
        out.contains("left out: 1 × post not in category water"),
        "{out}"
    );
    let (names, out) = run("tag", &["--tag", "notes"]);
    assert_eq!(names, ["footnoted.md"]);
    assert!(
        out.contains("left out: 2 × post without tag notes"),
        "{out}"
    );
    let (names, _) = run("author", &["--author", "Ben Sample"]);
    // Ben wrote one post and co-wrote another.
    assert_eq!(names, ["footnoted.md", "on-rivers.md"]);
    let (names, out) = run("since", &["--since", "2024-01-01", "--until", "2024-03-31"]);
    assert_eq!(names, ["on-rivers.md"]);
    assert!(
        out.contains("left out: 1 × post dated before 2024-01-01"),
        "{out}"
    );
    assert!(
        out.contains("left out: 1 × post dated after 2024-03-31"),
        "{out}"
    );
    let (names, _) = run("status", &["--status", "publish,draft"]);
    assert_eq!(
        names,
        ["a-draft.md", "footnoted.md", "old-news.md", "on-rivers.md"]
    );
    let draft = std::fs::read_to_string(dir.path().join("status/entries/a-draft.md")).unwrap();
    // A draft has no GMT date: the local date is kept, without an offset.
    assert!(draft.contains("date = \"2024-05-01T09:00:00\""), "{draft}");
    let (names, _) = run("pages", &["--include-pages"]);
    assert!(names.contains(&"about.md".to_string()));
    // A bad date is a command-line error (exit 2).
    let (code, _, stderr) = import(
        "wordpress",
        &source,
        &dir.path().join("bad"),
        &["--since", "March"],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("`March` is not a day"), "{stderr}");
    // Filters that keep nothing: a clear error, nothing written.
    let (code, _, stderr) = import(
        "wordpress",
        &source,
        &dir.path().join("none"),
        &["--tag", "no-such-tag"],
    );
    assert_eq!(code, 1);
    assert!(stderr.contains("nothing to import"), "{stderr}");
    assert!(!dir.path().join("none").exists());
}

#[test]
fn reimport_keeps_edits_unless_forced_and_never_deletes() {
    let source = fixture("blog.xml");
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    import_ok("wordpress", &source, &book, &[]);
    // Same export again: nothing changes.
    let (stdout, _) = import_ok("wordpress", &source, &book, &[]);
    assert!(
        stdout.contains("0 created, 0 updated, 8 unchanged"),
        "{stdout}"
    );
    // The user edits an entry and adds a file of their own.
    let entry = book.join("entries/on-rivers.md");
    let edited = std::fs::read_to_string(&entry).unwrap() + "\nMy own closing line.\n";
    std::fs::write(&entry, &edited).unwrap();
    std::fs::write(
        book.join("entries/mine.md"),
        "+++\ntitle = \"Mine\"\n+++\nHi.\n",
    )
    .unwrap();
    let (code, _, stderr) = import("wordpress", &source, &book, &[]);
    assert_eq!(code, 1);
    assert!(stderr.contains("on-rivers.md"), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&entry).unwrap(), edited);
    // A narrower import does not touch (or delete) what it no longer writes.
    import_ok("wordpress", &source, &book, &["--tag", "notes"]);
    assert!(entry.exists() && book.join("entries/old-news.md").exists());
    assert_eq!(std::fs::read_to_string(&entry).unwrap(), edited);
    // --force overwrites the edit; the user's own file stays.
    let (stdout, _) = import_ok("wordpress", &source, &book, &["--force"]);
    assert!(stdout.contains("1 overwritten with --force"), "{stdout}");
    assert_ne!(std::fs::read_to_string(&entry).unwrap(), edited);
    assert!(book.join("entries/mine.md").exists());
    // A folder with a book.toml that import did not write is refused.
    let other = dir.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("book.toml"), "title = \"Mine\"\n").unwrap();
    let (code, _, stderr) = import("wordpress", &source, &other, &[]);
    assert_eq!(code, 1);
    assert!(stderr.contains("book.toml"), "{stderr}");
}

#[test]
fn raw_ampersands_are_repaired_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    let source = fixture("raw-ampersand.xml");
    let (_, stderr) = import_ok("wordpress", &source, &book, &[]);
    assert!(
        stderr.contains("warning: line 25, column 38: repaired: a raw `&`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("warning: line 37, column 51: repaired: a raw `&`"),
        "{stderr}"
    );
    let entry = std::fs::read_to_string(book.join("entries/links.md")).unwrap();
    assert!(
        entry.contains("url = \"https://blog.example.org/?p=1&preview=true\""),
        "{entry}"
    );
    assert!(
        entry.contains("[the page](https://example.org/?a=1&b=2)"),
        "{entry}"
    );
    let c = std::fs::read_to_string(book.join("entries/links.comments.toml")).unwrap();
    assert!(c.contains("url = \"https://bob.example/?x=1&y=2\""), "{c}");
    build(&book, &dir.path().join("out"));
}

#[test]
fn unknown_namespaces_are_ignored_and_undeclared_prefixes_named() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    let (_, stderr) = import_ok("wordpress", &fixture("unknown-namespace.xml"), &book, &[]);
    assert!(
        stderr
            .contains("line 37, column 3: repaired: the prefix `bar:` is used but never declared"),
        "{stderr}"
    );
    let entry = std::fs::read_to_string(book.join("entries/plugin-data.md")).unwrap();
    assert!(entry.ends_with("+++\nBody text.\n"), "{entry}");
}

#[test]
fn cdata_split_around_brackets_is_joined() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    import_ok("wordpress", &fixture("split-cdata.xml"), &book, &[]);
    let entry = std::fs::read_to_string(book.join("entries/arrays.md")).unwrap();
    assert!(
        entry.contains("Index it as `a[b[0]]>` and go on."),
        "{entry}"
    );
    build(&book, &dir.path().join("out"));
}

#[test]
fn wxr_versions_and_a_missing_version_tag() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old");
    let (_, stderr) = import_ok("wordpress", &fixture("no-version-wxr-1.0.xml"), &old, &[]);
    assert!(
        stderr.contains("line 5, column 1: the export has no <wp:wxr_version>; read as WXR 1.2"),
        "{stderr}"
    );
    let entry = std::fs::read_to_string(old.join("entries/hello-world.md")).unwrap();
    assert!(entry.contains("category = \"Uncategorized\""), "{entry}");
    assert!(entry.contains("tags = [\"first\"]"), "{entry}");
    // wpautop: a blank line separates paragraphs, a newline is a line break.
    assert!(
        entry.ends_with(
            "+++\nWelcome to WordPress.\n\nThis is your first post.\\\nEdit or delete it.\n"
        ),
        "{entry}"
    );
    // WXR 1.0 lists no authors: a page is made from the login.
    assert!(old.join("authors/admin.md").exists());
    build(&old, &dir.path().join("out-old"));

    let eleven = dir.path().join("eleven");
    let (_, stderr) = import_ok("wordpress", &fixture("wxr-1.1-https.xml"), &eleven, &[]);
    assert!(!stderr.contains("warning"), "{stderr}");
    assert!(eleven.join("entries/eleven.md").exists());
    assert!(eleven.join("authors/ann.md").exists());
}

#[test]
fn bidi_overrides_zero_width_and_hostile_slugs_make_safe_names() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    let (_, stderr) = import_ok("wordpress", &fixture("bidi-and-slugs.xml"), &book, &[]);
    assert!(stderr.contains("line 23, column 2: the title \"Invoice\\u{202e}fdp.exe\" holds invisible or direction-changing characters"), "{stderr}");
    assert!(
        stderr.contains("the slug \"zero\\u{200b}width\""),
        "{stderr}"
    );
    assert_eq!(
        names_in(&book.join("entries")),
        [
            "con-post.md",
            "etc-passwd.md",
            "invoicefdp-exe.md",
            "same-2.md",
            "same.md",
            "zerowidth.md",
            "кириллица.md"
        ]
    );
    let invoice = std::fs::read_to_string(book.join("entries/invoicefdp-exe.md")).unwrap();
    assert!(invoice.contains("title = \"Invoicefdp.exe\""), "{invoice}");
    let isolate = std::fs::read_to_string(book.join("entries/zerowidth.md")).unwrap();
    assert!(
        isolate.contains("title = \"Zerowidth isolate\""),
        "{isolate}"
    );
    // Nothing outside the folder.
    assert!(files(dir.path()).iter().all(|f| f.starts_with(&book)));
    // Stable between runs: the same names again, nothing changed.
    let (stdout, _) = import_ok("wordpress", &fixture("bidi-and-slugs.xml"), &book, &[]);
    assert!(
        stdout.contains("0 created, 0 updated, 9 unchanged"),
        "{stdout}"
    );
    build(&book, &dir.path().join("out"));
}

#[test]
fn entity_bomb_external_entity_and_bad_nesting_are_errors_with_line_and_column() {
    import_error(&fixture("entity-bomb.xml"), 38, "(an entity bomb?)");
    import_error(
        &fixture("external-entity.xml"),
        27,
        "refers to an external entity",
    );
    import_error(
        &fixture("malformed.xml"),
        32,
        "expected `</wp:status>`, but `</wp:post_type>` was found",
    );
    // An export saved in Latin-1: the first byte that is not UTF-8 is named.
    let dir = tempfile::tempdir().unwrap();
    let latin1 = dir.path().join("latin1.xml");
    let mut bytes = std::fs::read(fixture("split-cdata.xml")).unwrap();
    let at = bytes.windows(6).position(|w| w == b"Arrays").unwrap();
    bytes[at] = 0xC4; // `Ä` in Latin-1, not a UTF-8 sequence here
    std::fs::write(&latin1, &bytes).unwrap();
    import_error(&latin1, 24, "the file is not valid UTF-8");
}

#[test]
fn three_hundred_authors() {
    let dir = tempfile::tempdir().unwrap();
    let mut export = String::from(
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel><title>Many hands</title><wp:wxr_version>1.2</wp:wxr_version>\n",
    );
    for i in 0..300 {
        // Logins that collide once simplified (`Writer.7` and `writer-7`) get distinct pages.
        let login = if i % 2 == 0 {
            format!("writer-{i}")
        } else {
            format!("Writer.{}", i - 1)
        };
        export.push_str(&format!(
            "<wp:author><wp:author_login><![CDATA[{login}]]></wp:author_login><wp:author_email>w{i}@mail.example</wp:author_email><wp:author_display_name><![CDATA[Writer {i}]]></wp:author_display_name></wp:author>\n"
        ));
    }
    for i in 0..300 {
        let login = if i % 2 == 0 {
            format!("writer-{i}")
        } else {
            format!("Writer.{}", i - 1)
        };
        export.push_str(&format!(
            "<item><title>Post {i}</title><dc:creator>{login}</dc:creator><content:encoded><![CDATA[<p>By writer {i}.</p>]]></content:encoded><wp:post_id>{i}</wp:post_id><wp:post_date>2024-01-01 00:00:00</wp:post_date><wp:post_name>post-{i}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>\n"
        ));
    }
    export.push_str("</channel></rss>\n");
    let source = dir.path().join("many.xml");
    std::fs::write(&source, export).unwrap();
    let book = dir.path().join("book");
    let (stdout, _) = import_ok("wordpress", &source, &book, &[]);
    assert!(
        stdout.contains("kept: 300 × post, 300 × author"),
        "{stdout}"
    );
    assert_eq!(names_in(&book.join("authors")).len(), 300);
    let (loaded, diags) = chapbook::source::load(&book);
    let loaded = loaded.unwrap_or_else(|| panic!("{:?}", diags.into_vec()));
    assert_eq!(loaded.authors.len(), 300);
    assert!(loaded.authors.iter().all(|a| a.has_page));
}

/// Regression: an entry whose slug is `title` or `cover` (the block test data has both) once
/// made the EPUB writer panic on a duplicate file name.
#[test]
fn slugs_that_name_the_epubs_own_pages_do_not_clash() {
    let dir = tempfile::tempdir().unwrap();
    let mut export = String::from(
        "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel><title>Pages</title><wp:wxr_version>1.2</wp:wxr_version>\n",
    );
    for (i, slug) in [
        "cover",
        "title",
        "copyright",
        "nav",
        "toc",
        "author-ann",
        "title",
    ]
    .iter()
    .enumerate()
    {
        export.push_str(&format!(
            "<item><title>{slug}</title><dc:creator>ann</dc:creator><content:encoded>&lt;p&gt;Text {i}.&lt;/p&gt;</content:encoded><wp:post_id>{i}</wp:post_id><wp:post_date>2024-01-0{} 00:00:00</wp:post_date><wp:post_name>{slug}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>\n",
            i + 1
        ));
    }
    export.push_str("</channel></rss>\n");
    let source = dir.path().join("pages.xml");
    std::fs::write(&source, export).unwrap();
    let book = dir.path().join("book");
    import_ok("wordpress", &source, &book, &[]);
    let (epub, _) = build(&book, &dir.path().join("out"));
    assert_epubcheck_clean(&epub);
    let names = common::Epub::open(&epub).names();
    for page in ["title", "cover", "title-2", "title-3", "e-author-ann"] {
        assert!(
            names.contains(&format!("OEBPS/text/{page}.xhtml")),
            "{page}: {names:?}"
        );
    }
}

#[test]
fn atom_feed_with_reply_feeds_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    let (stdout, stderr) = import_ok("feed", &fixture("feeds/blog.atom"), &book, &[]);
    assert!(
        stdout.contains("kept: 2 × entry, 5 × comment, 1 × author"),
        "{stdout}"
    );
    // `5 < 12` in a text construct: repaired, with the place named.
    assert!(
        stderr.contains("line 33, column 37: repaired: a `<` that starts no tag was read as text"),
        "{stderr}"
    );
    // 1.atom is beside the feed and read; 2.atom is not, and is named.
    assert!(
        stderr
            .contains("4 repl(ies) to “Buses & trams” are in 2.atom, which is not beside the feed"),
        "{stderr}"
    );
    let written = comments(&book);
    let trains: Vec<(&str, Option<&str>)> = written["trains"]
        .iter()
        .map(|c| (c.id.as_str(), c.parent.as_deref()))
        .collect();
    assert_eq!(
        trains,
        [("c1", None), ("c2", Some("c1")), ("c3", Some("c2"))]
    );
    let buses: Vec<(&str, Option<&str>, &str)> = written["buses"]
        .iter()
        .map(|c| (c.id.as_str(), c.parent.as_deref(), c.author.as_str()))
        .collect();
    assert_eq!(
        buses,
        [("c1", None, "Marat"), ("c2", Some("c1"), "Aigerim")]
    );
    let entry = std::fs::read_to_string(book.join("entries/buses.md")).unwrap();
    assert!(entry.contains("title = \"Buses & trams\""), "{entry}");
    assert!(
        entry.contains("Route **12** is back.\n\n- Mornings\n- Evenings"),
        "{entry}"
    );
    let trains = std::fs::read_to_string(book.join("entries/trains.md")).unwrap();
    assert!(
        trains.contains("url = \"https://log.example.org/2024/03/trains\""),
        "{trains}"
    );
    assert!(
        trains.contains("date = \"2024-03-01T10:00:00+05:00\""),
        "{trains}"
    );
    let (epub, pdf) = build(&book, &dir.path().join("out"));
    assert_epubcheck_clean(&epub);
    let everything = all_output_text(&book, &epub, &pdf);
    assert!(!everything.contains("@mail.example"));
    assert!(everything.contains("5 < 12 buses a day"));
}

#[test]
fn rss_feed_with_a_comment_feed_given() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    let comments_feed = fixture("feeds/spring-flood-comments.rss");
    let (stdout, _) = import_ok(
        "feed",
        &fixture("feeds/blog.rss"),
        &book,
        &["--comments", comments_feed.to_str().unwrap()],
    );
    assert!(
        stdout.contains("kept: 2 × entry, 2 × comment, 2 × author"),
        "{stdout}"
    );
    let written = comments(&book);
    let flood: Vec<&str> = written["spring-flood"]
        .iter()
        .map(|c| c.author.as_str())
        .collect();
    assert_eq!(flood, ["Cara", "Dan"]);
    let quiet = std::fs::read_to_string(book.join("entries/quiet-week.md")).unwrap();
    assert!(quiet.contains("date = \"2024-04-08T08:30:00Z\""), "{quiet}");
    assert!(quiet.contains("authors = [\"ben\"]"), "{quiet}");
    assert!(!files(&book).iter().any(|f| {
        std::fs::read_to_string(f)
            .unwrap_or_default()
            .contains("someone@mail.example")
    }));
    let (epub, _) = build(&book, &dir.path().join("out"));
    assert_epubcheck_clean(&epub);
}

/// One post of a WordPress export written for a regression test.
struct Post<'a> {
    slug: &'a str,
    /// What stands inside `<content:encoded>`, as written (CDATA or XML-escaped).
    content: &'a str,
    /// `<wp:post_date>` and `<wp:post_date_gmt>`.
    dates: (&'a str, &'a str),
}

/// A WXR 1.2 export by one author holding `posts`.
fn export_of(posts: &[Post]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n\
         <rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\n\
         <channel>\n<title>Regressions</title>\n<language>en</language>\n\
         <wp:wxr_version>1.2</wp:wxr_version>\n\
         <wp:author><wp:author_login>ann</wp:author_login><wp:author_display_name>Ann</wp:author_display_name></wp:author>\n",
    );
    for (n, post) in posts.iter().enumerate() {
        xml.push_str(&format!(
            "<item>\n<title>{slug}</title>\n<dc:creator>ann</dc:creator>\n\
             <content:encoded>{content}</content:encoded>\n\
             <wp:post_id>{id}</wp:post_id>\n<wp:post_date>{local}</wp:post_date>\n\
             <wp:post_date_gmt>{gmt}</wp:post_date_gmt>\n<wp:post_name>{slug}</wp:post_name>\n\
             <wp:status>publish</wp:status>\n<wp:post_type>post</wp:post_type>\n</item>\n",
            slug = post.slug,
            content = post.content,
            id = n + 1,
            local = post.dates.0,
            gmt = post.dates.1,
        ));
    }
    xml.push_str("</channel>\n</rss>\n");
    xml
}

/// The 1-based line and column (in bytes, as the import counts) of the first `needle`.
fn position_of(text: &str, needle: &str) -> (usize, usize) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in the text"));
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (text[..at].matches('\n').count() + 1, at - line_start + 1)
}

/// The Markdown body of an imported entry (after its front matter).
fn body_of(book: &Path, slug: &str) -> String {
    let text = std::fs::read_to_string(book.join(format!("entries/{slug}.md"))).unwrap();
    text.rsplit_once("+++\n").unwrap().1.to_string()
}

/// Issue #12: `&Omega; &hearts; &frac34; &Eacute;` in a WordPress post imported as literal
/// `\&Omega;` text (two tables of 33 and 23 names); HTML has 2,231, and a name it does not
/// have is kept as text with a warning naming line and column.
#[test]
fn html_entities_of_the_whole_table_import_as_characters() {
    let dir = tempfile::tempdir().unwrap();
    let dates = ("2024-03-01 10:00:00", "2024-03-01 10:00:00");
    let export = export_of(&[
        Post {
            slug: "in-cdata",
            content: "<![CDATA[<p>&Omega; &hearts; &frac34; &Eacute;</p>]]>",
            dates,
        },
        Post {
            slug: "escaped",
            content: "&lt;p&gt;&amp;Omega; &amp;hearts; &amp;frac34; &amp;Eacute;&lt;/p&gt;",
            dates,
        },
        Post {
            slug: "raw-in-xml",
            content: "&Omega; &hearts; &frac34; &Eacute;",
            dates,
        },
        Post {
            slug: "unknown-in-cdata",
            content: "<![CDATA[<p>An &notaname; here.</p>]]>",
            dates,
        },
        Post {
            slug: "unknown-escaped",
            content: "&lt;p&gt;An &amp;alsonot; here.&lt;/p&gt;",
            dates,
        },
        Post {
            slug: "unknown-raw",
            content: "An &rawnot; here.",
            dates,
        },
    ]);
    let source = dir.path().join("export.xml");
    std::fs::write(&source, &export).unwrap();
    let book = dir.path().join("book");
    let (_, stderr) = import_ok("wordpress", &source, &book, &[]);
    for slug in ["in-cdata", "escaped", "raw-in-xml"] {
        assert_eq!(body_of(&book, slug), "Ω ♥ ¾ É\n", "{slug}");
    }
    // Raw in the XML text the names are not XML's: read, with the reader's repair warning.
    let (line, column) = position_of(&export, "&Omega; &hearts; &frac34; &Eacute;</content");
    assert!(
        stderr.contains(&format!(
            "warning: line {line}, column {column}: repaired: `&Omega;` is an HTML entity, not an XML one; read as `Ω`"
        )),
        "{stderr}"
    );
    // Unknown names stay as text, each warned about once, where it is written.
    assert_eq!(
        body_of(&book, "unknown-in-cdata"),
        "An \\&notaname; here.\n"
    );
    assert_eq!(body_of(&book, "unknown-escaped"), "An \\&alsonot; here.\n");
    assert_eq!(body_of(&book, "unknown-raw"), "An \\&rawnot; here.\n");
    for needle in ["&notaname;", "&amp;alsonot;"] {
        let (line, column) = position_of(&export, needle);
        let name = needle.trim_start_matches("&amp;").trim_start_matches('&');
        let expected = format!(
            "warning: line {line}, column {column}: `&{name}` is not an HTML entity; kept as text"
        );
        assert_eq!(stderr.matches(&expected).count(), 1, "{expected}\n{stderr}");
    }
    // Raw in the XML text, the reader itself names it; the converter does not repeat it.
    let (line, column) = position_of(&export, "&rawnot;");
    assert!(
        stderr.contains(&format!(
            "warning: line {line}, column {column}: repaired: unknown entity `&rawnot;` kept as written"
        )),
        "{stderr}"
    );
    assert_eq!(stderr.matches("&rawnot;").count(), 1, "{stderr}");
}

/// The `date = …` line of an entry's front matter, if it has one.
fn date_line(book: &Path, slug: &str) -> Option<String> {
    let text = std::fs::read_to_string(book.join(format!("entries/{slug}.md"))).unwrap();
    text.lines()
        .find(|l| l.starts_with("date = "))
        .map(str::to_string)
}

/// Issue #12: the WordPress importer accepted 31 February; a day the month does not have is
/// a warning naming the line and column of the element, and the entry has no date. The
/// WordPress "no date" (`0000-00-00 00:00:00`) stays silent.
#[test]
fn wordpress_dates_the_calendar_does_not_have_are_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let export = export_of(&[
        Post {
            slug: "leap",
            content: "Leap day.",
            dates: ("2024-02-29 20:15:40", "2024-02-29 15:15:40"),
        },
        Post {
            slug: "no-such-day",
            content: "The thirty-first.",
            dates: ("2024-02-31 10:00:00", "2024-02-31 05:00:00"),
        },
        Post {
            slug: "draft-date",
            content: "No GMT date.",
            dates: ("2013-01-10 20:15:40", "0000-00-00 00:00:00"),
        },
    ]);
    let source = dir.path().join("export.xml");
    std::fs::write(&source, &export).unwrap();
    let book = dir.path().join("book");
    let (_, stderr) = import_ok("wordpress", &source, &book, &[]);
    assert_eq!(
        date_line(&book, "leap").as_deref(),
        Some("date = \"2024-02-29T20:15:40+05:00\"")
    );
    assert_eq!(date_line(&book, "no-such-day"), None);
    assert_eq!(
        date_line(&book, "draft-date").as_deref(),
        Some("date = \"2013-01-10T20:15:40\"")
    );
    for (element, text) in [
        ("<wp:post_date>", "2024-02-31 10:00:00"),
        ("<wp:post_date_gmt>", "2024-02-31 05:00:00"),
    ] {
        let (line, column) = position_of(&export, &format!("{element}{text}"));
        let expected = format!(
            "warning: line {line}, column {column}: {element} `{text}` is not a date: February 2024 has 29 days, not 31; it is imported without this date"
        );
        assert!(stderr.contains(&expected), "{expected}\n{stderr}");
    }
    assert!(!stderr.contains("0000-00-00"), "{stderr}");
}

/// Issue #12: the feed importer read an unknown zone such as `ALMT` silently as UTC and
/// accepted 31 February. A zone RFC 822 does not name keeps the date and time without an
/// offset, with a warning naming the line and column; an impossible day is a warning and no
/// date; the zones RFC 822 names are read.
#[test]
fn feed_dates_with_unknown_zones_or_impossible_days_are_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let item = |slug: &str, date: &str| {
        format!(
            "<item><title>{slug}</title><link>https://d.example/{slug}</link>\
             <pubDate>{date}</pubDate><description>Text.</description></item>\n"
        )
    };
    let rss = format!(
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Dates</title>\n{}{}{}{}</channel></rss>\n",
        item("almaty", "Tue, 10 Jun 2003 04:00:00 ALMT"),
        item("february", "Sat, 31 Feb 2024 10:00:00 GMT"),
        item("pacific", "Tue, 10 Jun 2003 04:00:00 PDT"),
        item("zulu", "Tue, 10 Jun 2003 04:00:00 Z"),
    );
    let source = dir.path().join("feed.rss");
    std::fs::write(&source, &rss).unwrap();
    let book = dir.path().join("book");
    let (_, stderr) = import_ok("feed", &source, &book, &[]);
    assert_eq!(
        date_line(&book, "almaty").as_deref(),
        Some("date = \"2003-06-10T04:00:00\"")
    );
    let (line, column) = position_of(&rss, "<pubDate>Tue, 10 Jun 2003 04:00:00 ALMT");
    assert!(
        stderr.contains(&format!(
            "warning: line {line}, column {column}: <pubDate> `Tue, 10 Jun 2003 04:00:00 ALMT`: the time zone `ALMT` is not one RFC 822 names"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("the date and time are kept as written, without a time zone"),
        "{stderr}"
    );
    assert_eq!(date_line(&book, "february"), None);
    let (line, column) = position_of(&rss, "<pubDate>Sat, 31 Feb");
    assert!(
        stderr.contains(&format!(
            "warning: line {line}, column {column}: <pubDate> `Sat, 31 Feb 2024 10:00:00 GMT` is not a date: February 2024 has 29 days, not 31"
        )),
        "{stderr}"
    );
    assert_eq!(
        date_line(&book, "pacific").as_deref(),
        Some("date = \"2003-06-10T04:00:00-07:00\"")
    );
    assert_eq!(
        date_line(&book, "zulu").as_deref(),
        Some("date = \"2003-06-10T04:00:00Z\"")
    );
    // Atom: RFC 3339, checked against the calendar too.
    let atom = "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>A</title>\n\
        <entry><id>urn:a</id><title>Bad day</title><link href=\"https://d.example/bad-day\"/>\n\
        <published>2023-02-29T10:00:00Z</published><content type=\"html\">x</content></entry></feed>\n";
    let source = dir.path().join("feed.atom");
    std::fs::write(&source, atom).unwrap();
    let book = dir.path().join("atom-book");
    let (_, stderr) = import_ok("feed", &source, &book, &[]);
    assert_eq!(date_line(&book, "bad-day"), None);
    let (line, column) = position_of(atom, "<published>");
    assert!(
        stderr.contains(&format!(
            "warning: line {line}, column {column}: <published> `2023-02-29T10:00:00Z` is not a date: February 2023 has 28 days, not 29"
        )),
        "{stderr}"
    );
}
