//! Links and addresses (issue #13): heading ids and links to them in both formats, a check
//! for links that lead nowhere, relative addresses resolved against `url`, only http, https,
//! mailto and links inside the book as links, every href percent-encoded, remote images as
//! links, orphan comments files reported.

mod common;

use chapbook::build::Format;
use common::cli::{self, chapbook};
use common::{Epub, assert_epubcheck_clean};
use std::path::Path;

fn entry(front: &str, body: &str) -> String {
    format!("+++\ntitle = \"Guide\"\nauthors = [\"ann\"]\ndate = 2026-01-02\n{front}+++\n{body}")
}

fn run(dir: &Path) -> (chapbook::BuildOutcome, tempfile::TempDir) {
    common::build_to(dir, &[Format::Epub, Format::Pdf])
}

fn messages(outcome: &chapbook::BuildOutcome) -> String {
    outcome
        .diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

const GUIDE: &str = "Contents: [Setup](#setup), [Install](#install-it), [C#](#c-notes), [far](fine.md#anns-part), [kk](#қазақ-тілі).\n\n## Қазақ тілі\n\nТөртінші.\n\n## Setup {#setup}\n\nFirst.\n\n## Install it\n\nSecond.\n\n## C# notes\n\nThird, with [a page](https://example.org/docs#the-[features]-section) and [another](https://example.org/lang#C#).\n";

#[test]
fn heading_ids_and_links_to_them_work_in_both_formats() {
    let dir = cli::book();
    cli::write(
        dir.path(),
        "entries/fine.md",
        entry("", "## Ann's part\n\nBy Ann.\n").as_bytes(),
    );
    cli::write(dir.path(), "entries/guide.md", entry("", GUIDE).as_bytes());
    let (outcome, out) = run(dir.path());
    assert!(!outcome.failed(), "{}", messages(&outcome));
    assert!(
        outcome
            .diagnostics
            .iter()
            .all(|d| !d.message.contains("link")),
        "no link warnings: {}",
        messages(&outcome)
    );
    let epub_path = outcome
        .outputs
        .iter()
        .find(|p| p.extension().unwrap() == "epub")
        .unwrap();
    let mut epub = Epub::open(epub_path);
    let guide = epub.text("OEBPS/text/guide.xhtml");
    for expected in [
        "<h2 id=\"setup\">Setup</h2>",
        "<h2 id=\"install-it\">",
        "<h2 id=\"c-notes\">",
        "href=\"#setup\"",
        "href=\"#install-it\"",
        "href=\"#c-notes\"",
        "href=\"fine.xhtml#anns-part\"",
        "<h2 id=\"қазақ-тілі\">",
        "href=\"#%D2%9B%D0%B0%D0%B7%D0%B0%D2%9B-%D1%82%D1%96%D0%BB%D1%96\"",
        "href=\"https://example.org/docs#the-%5Bfeatures%5D-section\"",
        "href=\"https://example.org/lang#C%23\"",
    ] {
        assert!(guide.contains(expected), "{expected} in:\n{guide}");
    }
    assert!(!guide.contains("{#setup}"), "the attribute is not printed");
    assert_epubcheck_clean(epub_path);

    // The PDF: every internal link has a destination on the heading's page.
    let (book, _) = chapbook::load(dir.path());
    let book = book.unwrap();
    let fonts = chapbook::typeset::font::FontBook::with_fallbacks(
        &book.fonts,
        &book.pdf_style.text.script_sizes,
    );
    let frames = chapbook::layout::layout(&book, &book.pdf_style, &fonts);
    let dump = chapbook::typeset::dump::dump(&frames);
    for target in [
        "-> #entry-guide#setup",
        "-> #entry-guide#install-it",
        "-> #entry-guide#c-notes",
        "-> #entry-fine#anns-part",
    ] {
        assert!(dump.contains(target), "{target} in the page dump");
    }
    let anchors: Vec<&str> = frames
        .pages
        .iter()
        .flat_map(|p| p.anchors.iter().map(|a| a.name.as_str()))
        .collect();
    for anchor in [
        "entry-guide#setup",
        "entry-guide#install-it",
        "entry-fine#anns-part",
    ] {
        assert!(anchors.contains(&anchor), "{anchor} in {anchors:?}");
    }
    drop(out);
}

#[test]
fn check_reports_links_that_lead_nowhere_with_their_lines() {
    let dir = cli::book();
    let body = "## Setup\n\nText.\n\nSee [nothing](#nowhere) and [gone](missing.md).\n";
    cli::write(dir.path(), "entries/guide.md", entry("", body).as_bytes());
    let run = chapbook(&["check", dir.path().to_str().unwrap()]);
    let all =
        String::from_utf8_lossy(&run.stderr).into_owned() + &String::from_utf8_lossy(&run.stdout);
    assert!(
        all.contains("the link to `#nowhere` leads to no heading")
            && all.contains("entries/guide.md:10"),
        "{all}"
    );
    assert!(
        all.contains("the link to `missing.md` leads to no entry"),
        "{all}"
    );
}

#[test]
fn addresses_are_links_only_when_they_may_be() {
    let dir = cli::book();
    let body = "A [script](javascript:alert(1)), a [file](file:///etc/passwd), [data](data:text/html,hi), [VB](vbscript:x), a [relative](/blog/basic-post.html) one and a [mail](mailto:ann@example.org).\n\n![a remote picture](https://example.org/pic.png)\n";
    cli::write(dir.path(), "entries/fine.md", entry("", body).as_bytes());
    let comments = "[[comment]]\nid = \"c1\"\nauthor = \"Eve\"\nurl = \"javascript:steal()\"\nbody = \"Hi.\"\n";
    cli::write(
        dir.path(),
        "entries/fine.comments.toml",
        comments.as_bytes(),
    );
    cli::write(
        dir.path(),
        "entries/renamed.comments.toml",
        comments.as_bytes(),
    );
    cli::write(
        dir.path(),
        "authors/ann.md",
        b"+++\nname = \"Ann Example\"\nlinks = [\"javascript:x\", \"https://ann.example.org/\"]\n+++\nAnn writes.\n",
    );
    let (outcome, _out) = run(dir.path());
    assert!(!outcome.failed(), "{}", messages(&outcome));
    let all = messages(&outcome);
    for scheme in ["javascript", "file", "data", "vbscript"] {
        assert!(
            all.contains(&format!("`{scheme}:` addresses are not links")),
            "{scheme}: {all}"
        );
    }
    assert!(
        all.contains("the relative address `/blog/basic-post.html` is kept as text"),
        "{all}"
    );
    assert!(all.contains("is on the web: it becomes a link"), "{all}");
    assert!(
        all.contains("entries/renamed.comments.toml") && all.contains("belong to no entry"),
        "{all}"
    );
    for output in &outcome.outputs {
        let bytes = std::fs::read(output).unwrap();
        let text = if output.extension().unwrap() == "epub" {
            let mut epub = Epub::open(output);
            epub.xhtml().into_iter().map(|(_, t)| t).collect::<String>()
        } else {
            String::from_utf8_lossy(&bytes).into_owned()
        };
        for bad in ["javascript:", "vbscript:", "file:///", "data:text"] {
            assert!(
                !text.contains(&format!("href=\"{bad}")) && !text.contains(&format!("/URI ({bad}")),
                "{bad} in {}",
                output.display()
            );
        }
        if output.extension().unwrap() == "epub" {
            assert!(text.contains("href=\"mailto:ann@example.org\""));
            assert!(
                text.contains("href=\"https://example.org/pic.png\""),
                "the remote image is a link"
            );
            assert!(text.contains("href=\"https://ann.example.org/\""));
            assert!(text.contains("script"), "the link text stays");
            assert_epubcheck_clean(output);
        }
    }

    // With a url, the relative address resolves against it.
    cli::write(
        dir.path(),
        "entries/fine.md",
        entry(
            "url = \"https://blog.example.org/2024/05/fine.html\"\n",
            "A [relative](/blog/basic-post.html) link.\n",
        )
        .as_bytes(),
    );
    std::fs::remove_file(dir.path().join("entries/renamed.comments.toml")).unwrap();
    let (outcome, _out) = run(dir.path());
    let epub = outcome
        .outputs
        .iter()
        .find(|p| p.extension().unwrap() == "epub")
        .unwrap();
    let text: String = Epub::open(epub)
        .xhtml()
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    assert!(
        text.contains("href=\"https://blog.example.org/blog/basic-post.html\""),
        "{text}"
    );

    // [build] remote-images = "error" keeps the strict behaviour.
    cli::write(
        dir.path(),
        "book.toml",
        format!("{}[build]\nremote-images = \"error\"\n", cli::BOOK).as_bytes(),
    );
    cli::write(
        dir.path(),
        "entries/fine.md",
        entry("", "![a remote picture](https://example.org/pic.png)\n").as_bytes(),
    );
    let (outcome, _out) = run(dir.path());
    assert!(outcome.failed(), "{}", messages(&outcome));
}

#[test]
fn every_problem_of_a_book_is_reported_in_one_run() {
    let dir = cli::book();
    cli::write(
        dir.path(),
        "entries/fine.md",
        entry(
            "",
            "![missing](../images/none.png)\n\nA character no font has: ꆈ.\n",
        )
        .as_bytes(),
    );
    let (outcome, _out) = run(dir.path());
    let all = messages(&outcome);
    assert!(outcome.failed());
    assert!(all.contains("none.png"), "the image problem: {all}");
    assert!(
        all.contains("U+A188"),
        "and the glyph problem, in the same run: {all}"
    );
}
