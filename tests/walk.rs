//! Regressions of the one walk over the book (`model::walk`): every check sees every text.

mod common;

use common::cli::{self, chapbook};

/// A comment whose footnote holds a character no font has (Devanagari `न`): the font check
/// used to read comments but not their notes, so `check` passed and the PDF build failed with
/// krilla's debug output. Now `check` and `build` report it as an error naming the comments
/// file and the line of the character, and nothing is written.
#[test]
fn a_comment_footnote_with_a_missing_glyph_is_an_error_with_file_and_line() {
    let dir = cli::book();
    let comments = "[[comment]]\nid = \"c1\"\nauthor = \"Reader\"\nbody = \"\"\"\nA greeting.[^n]\n\n[^n]: In Hindi: नमस्ते.\n\"\"\"\n";
    cli::write(
        dir.path(),
        "entries/fine.comments.toml",
        comments.as_bytes(),
    );
    let book = dir.path().to_str().unwrap();

    let check = chapbook(&["check", book]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    let stdout = String::from_utf8_lossy(&check.stdout);
    let all = format!("{stdout}{stderr}");
    assert_eq!(check.status.code(), Some(1), "check must fail:\n{all}");
    assert!(
        all.contains("no font has the Devanagari script") && all.contains("`न` U+0928"),
        "the character is named:\n{all}"
    );
    assert!(
        all.contains("entries/fine.comments.toml:7"),
        "the comments file and the note's line (7) are named:\n{all}"
    );

    let out = tempfile::tempdir().unwrap();
    let build = chapbook(&["build", book, "--out", out.path().to_str().unwrap()]);
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&build.stdout),
        String::from_utf8_lossy(&build.stderr)
    );
    assert_eq!(build.status.code(), Some(1), "build must fail:\n{all}");
    assert!(all.contains("entries/fine.comments.toml:7"), "{all}");
    assert!(
        !all.contains("ContainsNotDefGlyph") && !all.contains("report this as a bug"),
        "no debug output reaches the user:\n{all}"
    );
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        0,
        "nothing is written"
    );
}

/// Every kind of text reaches the walk, in reading order: metadata, the entry's title, tags,
/// body (heading, table cell, list item, quote, code), its notes, a comment with its note and
/// a reply, and the author page with its note.
#[test]
fn the_walk_visits_every_text_in_reading_order() {
    let dir = cli::book();
    let entry = "+++\ntitle = \"Title T\"\nauthors = [\"ann\"]\ntags = [\"tag-t\"]\ndate = 2026-01-02\n+++\n## Heading H\n\nBody B.[^a]\n\n| cell C |\n|---|\n| row R |\n\n- item I\n\n> quote Q\n\n```\ncode K\n```\n\n[^a]: Note N.\n";
    cli::write(dir.path(), "entries/fine.md", entry.as_bytes());
    let comments = "[[comment]]\nid = \"c1\"\nauthor = \"Reader X\"\nbody = \"Comment Y.[^z]\\n\\n[^z]: Comment note Z.\"\n\n[[comment]]\nid = \"c2\"\nparent = \"c1\"\nauthor = \"Replier V\"\nbody = \"Reply W.\"\n";
    cli::write(
        dir.path(),
        "entries/fine.comments.toml",
        comments.as_bytes(),
    );
    cli::write(
        dir.path(),
        "authors/ann.md",
        b"+++\nname = \"Ann Example\"\n+++\nBio O.[^b]\n\n[^b]: Bio note P.\n",
    );
    let (book, diags) = chapbook::source::load(dir.path());
    let book = book.unwrap_or_else(|| panic!("{diags:?}"));
    let mut seen: Vec<(String, String, chapbook::model::walk::Part)> = Vec::new();
    chapbook::model::walk::walk(&book, &mut |t| {
        if !t.kind.is_printed() {
            return;
        }
        seen.push((
            t.file.to_string_lossy().into_owned(),
            t.text.trim().to_string(),
            t.part,
        ))
    });
    let texts: Vec<&str> = seen.iter().map(|(_, t, _)| t.as_str()).collect();
    let expected = [
        "Test Book",
        "Title T",
        "tag-t",
        "Heading H",
        "Body B.",
        "cell C",
        "row R",
        "item I",
        "quote Q",
        "code K",
        "Note N.",
        "Reader X",
        "Comment Y.",
        "Comment note Z.",
        "Replier V",
        "Reply W.",
        "Ann Example",
        "Bio O.",
        "Bio note P.",
    ];
    assert_eq!(texts, expected);
    let file_of = |text: &str| {
        seen.iter()
            .find(|(_, t, _)| t == text)
            .map(|(f, _, _)| f.clone())
            .unwrap()
    };
    assert_eq!(file_of("Test Book"), "book.toml");
    assert_eq!(file_of("Note N."), "entries/fine.md");
    assert_eq!(file_of("Comment note Z."), "entries/fine.comments.toml");
    assert_eq!(file_of("Bio note P."), "authors/ann.md");
}
