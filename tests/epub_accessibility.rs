//! Issue #16: the EPUB's accessibility metadata says what the book holds, in the book's
//! language: no claim of notes, images or tables a book does not have, no conformance claim
//! when an image has no text alternative, a flashing hazard left open when there are GIFs.

mod common;

use common::cli::write;
use common::*;

/// The accessibility `<meta>` of the package: (property, xml:lang, text), in order.
fn accessibility(root: &std::path::Path) -> Vec<(String, Option<String>, String)> {
    let (_out, epub) = build_epub(root);
    assert_epubcheck_clean(&epub);
    let opf = Epub::open(&epub).text("OEBPS/content.opf");
    let doc = parse_xml("content.opf", &opf);
    doc.descendants()
        .filter(|n| n.has_tag_name("meta"))
        .filter_map(|n| {
            let property = n.attribute("property")?;
            (property.starts_with("schema:") || property == "dcterms:conformsTo").then(|| {
                (
                    property.to_string(),
                    n.attribute(("http://www.w3.org/XML/1998/namespace", "lang"))
                        .map(str::to_string),
                    n.text().unwrap_or_default().to_string(),
                )
            })
        })
        .collect()
}

fn values<'a>(metas: &'a [(String, Option<String>, String)], property: &str) -> Vec<&'a str> {
    metas
        .iter()
        .filter(|(p, ..)| p == property)
        .map(|(.., t)| t.as_str())
        .collect()
}

#[test]
fn a_plain_russian_book_claims_only_what_it_has() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "book.toml",
        "title = \"Заметки\"\nlanguage = \"ru\"\ndate = 2026-01-01\n".as_bytes(),
    );
    write(
        dir.path(),
        "entries/a.md",
        "+++\ntitle = \"Первая\"\ndate = 2026-01-02\n+++\nПростой текст без примечаний.\n"
            .as_bytes(),
    );
    let metas = accessibility(dir.path());
    let summary = metas
        .iter()
        .find(|(p, ..)| p == "schema:accessibilitySummary")
        .expect("a summary");
    assert_eq!(summary.1.as_deref(), Some("ru"), "{summary:?}");
    assert!(
        summary.2.starts_with("Издание размечено заголовками"),
        "{summary:?}"
    );
    for absent in ["Примечания", "изображени", "таблиц", "смена языка"]
    {
        assert!(
            !summary.2.contains(absent),
            "claims {absent}: {}",
            summary.2
        );
    }
    assert_eq!(values(&metas, "schema:accessMode"), ["textual"]);
    assert!(!values(&metas, "schema:accessibilityFeature").contains(&"alternativeText"));
    assert_eq!(values(&metas, "schema:accessibilityHazard"), ["none"]);
    assert_eq!(values(&metas, "dcterms:conformsTo").len(), 1);
}

#[test]
fn an_undescribed_image_and_a_gif_are_told() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "book.toml",
        b"title = \"Pictures\"\nlanguage = \"en\"\ndate = 2026-01-01\n",
    );
    write(
        dir.path(),
        "entries/a.md",
        b"+++\ntitle = \"A\"\ndate = 2026-01-02\n+++\nA note.[^1]\n\n![](../images/smile.png)\n\n![A spinner](../images/spinner.gif)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: The note.\n",
    );
    let images = repo().join("tests/fixtures/real-world/images");
    for name in ["smile.png", "spinner.gif"] {
        write(
            dir.path(),
            &format!("images/{name}"),
            &std::fs::read(images.join(name)).unwrap(),
        );
    }
    let metas = accessibility(dir.path());
    let summary = &values(&metas, "schema:accessibilitySummary")[0];
    for said in [
        "Notes are linked",
        "Some images have no text alternative.",
        "Tables have header cells.",
        "may flash",
    ] {
        assert!(summary.contains(said), "does not say {said:?}: {summary}");
    }
    assert_eq!(values(&metas, "schema:accessMode"), ["textual", "visual"]);
    assert_eq!(
        values(&metas, "schema:accessModeSufficient"),
        ["textual,visual"]
    );
    assert!(!values(&metas, "schema:accessibilityFeature").contains(&"alternativeText"));
    assert!(values(&metas, "schema:accessibilityHazard").contains(&"unknownFlashingHazard"));
    assert!(
        values(&metas, "dcterms:conformsTo").is_empty(),
        "claims WCAG AA with an undescribed image"
    );
}
