//! The one id rule (`model::slug`): entries named in Cyrillic, Arabic or Latin keep their
//! letters in their ids (they used to become `entry`, `entry-2`), the EPUB's file names keep
//! them, every href to them is percent-encoded, and the package passes EPUBCheck.

mod common;

use common::cli;
use common::{Epub, assert_epubcheck_clean, build_epub};

#[test]
fn entries_named_in_any_script_keep_their_names_and_the_epub_is_valid() {
    let dir = cli::book();
    let entry = |title: &str| {
        format!(
            "+++\ntitle = \"{title}\"\nauthors = [\"ann\"]\ndate = 2026-01-02\n+++\nText of {title}.\n"
        )
    };
    cli::write(
        dir.path(),
        "entries/қазақ-тілі.md",
        entry("Қазақ тілі").as_bytes(),
    );
    cli::write(
        dir.path(),
        "entries/русский.md",
        entry("Русский").as_bytes(),
    );
    cli::write(dir.path(), "entries/العربية.md", entry("Arabic").as_bytes());
    let (book, diags) = chapbook::load(dir.path());
    let book = book.unwrap_or_else(|| panic!("{diags:?}"));
    let mut ids: Vec<&str> = book.entries.iter().map(|e| e.id.as_str()).collect();
    ids.sort();
    assert_eq!(ids, ["fine", "русский", "қазақ-тілі", "العربية"]);

    let (_out, path) = build_epub(dir.path());
    let mut epub = Epub::open(&path);
    let names = epub.names();
    assert!(
        names.contains(&"OEBPS/text/қазақ-тілі.xhtml".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"OEBPS/text/русский.xhtml".to_string()),
        "{names:?}"
    );
    let opf = epub.text("OEBPS/content.opf");
    assert!(
        opf.contains("href=\"text/%D2%9B%D0%B0%D0%B7%D0%B0%D2%9B-%D1%82%D1%96%D0%BB%D1%96.xhtml\""),
        "the manifest's href is percent-encoded:\n{opf}"
    );
    // Manifest ids are unique though the names share no ASCII letter.
    let ids: Vec<&str> = opf
        .match_indices("<item id=\"")
        .map(|(at, m)| {
            let rest = &opf[at + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    assert_epubcheck_clean(&path);
}

#[test]
fn outputs_are_named_by_the_same_rule() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        chapbook::build::output_name("Дала жазбалары: 2026!", dir.path()),
        "дала-жазбалары-2026"
    );
    assert_eq!(
        chapbook::model::slug::slug("Дала жазбалары: 2026!"),
        "дала-жазбалары-2026"
    );
    // A title of 150 Cyrillic letters (300 bytes) is cut on a character boundary, so a build
    // can write it (a file name holds 255 bytes).
    let long = "Қ".repeat(150);
    let name = chapbook::build::output_name(&long, dir.path());
    assert!(
        name.len() <= 104 && name.len() >= 98,
        "{} bytes",
        name.len()
    );
    assert!(long.to_lowercase().starts_with(&name));
}

#[test]
fn a_book_with_a_very_long_title_builds() {
    let dir = tempfile::tempdir().unwrap();
    let title = "Очень длинное название ".repeat(20);
    std::fs::create_dir_all(dir.path().join("entries")).unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        format!(
            "title = \"{}\"\nlanguage = \"ru\"\ndate = 2026-01-01\n",
            title.trim()
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("entries/a.md"),
        "+++\ntitle = \"А\"\ndate = 2026-01-02\n+++\nТекст.\n",
    )
    .unwrap();
    let (_out, epub) = build_epub(dir.path());
    assert!(epub.file_name().unwrap().len() <= 110, "{}", epub.display());
}
