//! Inputs far larger than a real book's (issue #14): what they must still get right. How long
//! they take is measured by `benches/growth.sh`, never asserted here.

use chapbook::build::{BuildOptions, Format, build};
use std::path::Path;
use std::process::Command;

/// A one-entry book in a temporary folder: `body` below the front matter, and the comments
/// file if given.
fn book(body: &str, comments: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("entries")).unwrap();
    std::fs::write(
        root.join("book.toml"),
        "title = \"Growth\"\nlanguage = \"en\"\ndate = 2026-01-01\n",
    )
    .unwrap();
    std::fs::write(
        root.join("entries/post.md"),
        format!("+++\ntitle = \"Post\"\ndate = 2026-01-02\n+++\n{body}\n"),
    )
    .unwrap();
    if let Some(comments) = comments {
        std::fs::write(root.join("entries/post.comments.toml"), comments).unwrap();
    }
    dir
}

fn run(root: &Path, format: Format) -> chapbook::build::BuildOutcome {
    build(&BuildOptions {
        impose: None,
        handouts: false,
        book_dir: root.to_path_buf(),
        out_dir: root.join("out"),
        formats: vec![format],
    })
}

/// Line numbers of comments come from a line index, not from counting each time: the 2,000th
/// and the 4,000th comment of one file are still placed on their own lines.
#[test]
fn the_4000th_comment_is_reported_on_its_line() {
    let mut file = String::new();
    let mut expected = Vec::new();
    for i in 1..=4_000 {
        let bad = i == 2_000 || i == 4_000;
        file.push_str(&format!(
            "[[comment]]\nid = \"c{i}\"\nauthor = \"Reader {i}\"\n"
        ));
        if bad {
            // The line this `date =` is on: the lines written so far, plus one.
            expected.push((format!("c{i}"), file.matches('\n').count() + 1));
            file.push_str("date = \"the day after\"\n");
        } else {
            file.push_str("date = 2026-01-02T10:00:00Z\n");
        }
        file.push_str(&format!(
            "body = \"\"\"\nComment number {i}, with a second sentence.\n\"\"\"\n\n"
        ));
    }
    let dir = book("A short post.", Some(&file));
    let outcome = run(dir.path(), Format::Epub);
    let dates: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.file == Path::new("entries/post.comments.toml") && d.is_error())
        .collect();
    assert_eq!(dates.len(), 2, "{dates:?}");
    for ((id, line), d) in expected.iter().zip(&dates) {
        assert_eq!(d.line, Some(*line), "comment {id}: {d}");
    }
    // The line is the one of the bad date in the file as written.
    let lines: Vec<&str> = file.lines().collect();
    for (_, line) in &expected {
        assert_eq!(lines[line - 1], "date = \"the day after\"");
    }
}

/// The words of `text` that look like the generated words (`word<number>`), in order.
fn numbered_words(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace())
        .filter(|w| {
            let stem = w.trim_end_matches(|c: char| c.is_ascii_digit());
            stem.len() < w.len() && !stem.is_empty() && stem.chars().all(|c| c.is_ascii_lowercase())
        })
        .collect()
}

/// Words in the long paragraph: 100,000 in an optimised build (`cargo test --release`), a
/// tenth in the unoptimised one, where shaping alone takes minutes for the full size.
const PARAGRAPH_WORDS: usize = if cfg!(debug_assertions) {
    10_000
} else {
    100_000
};

/// One paragraph of 100,000 words (set by a line breaker whose active list is bounded and a
/// finalizer that finds each line's glyphs by binary search) keeps every word, in order: in
/// the laid-out lines and in the PDF's text.
#[test]
fn a_100000_word_paragraph_sets_every_word_in_order() {
    // Stems of three letters, too short to hyphenate, and a number in every word: each comes
    // back whole, and its place in the order shows.
    let stems = ["sun", "sea", "bus", "sky", "map", "tea", "van", "ink"];
    let words: Vec<String> = (0..PARAGRAPH_WORDS)
        .map(|i| format!("{}{i}", stems[i % stems.len()]))
        .collect();
    let dir = book(&words.join(" "), None);
    let loaded = chapbook::source::load(dir.path())
        .0
        .expect("the book loads");
    let fonts = chapbook::typeset::font::FontBook::bundled();
    let frames = chapbook::layout::layout(&loaded, &loaded.pdf_style, &fonts);
    let mut set = String::new();
    for page in &frames.pages {
        for item in &page.items {
            // Body text only: running heads and folios belong to no element.
            if let chapbook::typeset::frame::Item::Text(text) = &item.item
                && text.node.is_some()
            {
                set.push_str(&text.text[text.run.range.clone()]);
                set.push(' ');
            }
        }
    }
    let found = numbered_words(&set);
    assert_eq!(
        found.len(),
        words.len(),
        "words lost or added in the layout"
    );
    assert!(
        found.iter().zip(&words).all(|(a, b)| a == b),
        "words out of order"
    );
    // About 290 words to a page.
    let pages = frames.pages.len();
    assert!(pages > PARAGRAPH_WORDS / 400, "{pages} pages");

    let outcome = run(dir.path(), Format::Pdf);
    assert!(
        !outcome.diagnostics.has_errors(),
        "{:?}",
        outcome.diagnostics
    );
    let pdf = dir.path().join("out/growth.pdf");
    match Command::new("pdftotext").arg(&pdf).arg("-").output() {
        Ok(out) if out.status.success() => {
            let text = String::from_utf8_lossy(&out.stdout);
            let found = numbered_words(&text);
            assert_eq!(found.len(), words.len(), "words lost or added in the PDF");
            assert!(
                found.iter().zip(&words).all(|(a, b)| a == b),
                "PDF out of order"
            );
        }
        other => {
            assert!(
                std::env::var_os("CHAPBOOK_STRICT").is_none(),
                "pdftotext is required (CHAPBOOK_STRICT=1): {other:?}"
            );
            eprintln!("NOTE: pdftotext not found; the PDF's text was not read back");
        }
    }
}

/// A word of 200,000 letters (20,000 unoptimised) with no space, hyphenated by patterns then
/// broken by force, is set whole, in order, on as many lines as it needs.
#[test]
fn a_word_of_200000_letters_is_set_whole() {
    let letters = "abcdefghijklmnopqrstuvwxyz";
    let length = if cfg!(debug_assertions) {
        20_000
    } else {
        200_000
    };
    let word: String = (0..length)
        .map(|i| letters.as_bytes()[(i * 7) % 26] as char)
        .collect();
    let dir = book(&format!("Before {word} after."), None);
    let loaded = chapbook::source::load(dir.path())
        .0
        .expect("the book loads");
    let fonts = chapbook::typeset::font::FontBook::bundled();
    let frames = chapbook::layout::layout(&loaded, &loaded.pdf_style, &fonts);
    let mut set = String::new();
    for page in &frames.pages {
        for item in &page.items {
            // Body text only: running heads and folios belong to no element.
            if let chapbook::typeset::frame::Item::Text(text) = &item.item
                && text.node.is_some()
            {
                set.push_str(&text.text[text.run.range.clone()]);
            }
        }
    }
    let joined: String = set.split_whitespace().collect();
    let start = joined.find("Before").expect("the paragraph is set");
    assert!(
        joined[start..].starts_with(&format!("Before{word}after.")),
        "the word is not set whole and in order"
    );
}
