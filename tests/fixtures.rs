//! Fixture books under tests/fixtures/: each passes EPUBCheck and shows what it is for.

mod common;

use common::*;

fn build_fixture(name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    build_epub(&repo().join("tests/fixtures").join(name))
}

/// Every book under tests/fixtures/ builds to EPUB and PDF, and the EPUB passes EPUBCheck.
#[test]
fn every_fixture_book_passes_epubcheck_and_builds_a_pdf() {
    let mut count = 0;
    for item in std::fs::read_dir(repo().join("tests/fixtures"))
        .unwrap()
        .flatten()
    {
        if !item.path().join("book.toml").exists() {
            continue;
        }
        let out = tempfile::tempdir().unwrap();
        let outcome = chapbook::build::build(&chapbook::build::BuildOptions {
            impose: None,
            handouts: false,
            book_dir: item.path(),
            out_dir: out.path().to_path_buf(),
            formats: vec![chapbook::build::Format::Epub, chapbook::build::Format::Pdf],
        });
        let messages: Vec<String> = outcome.diagnostics.iter().map(|d| d.to_string()).collect();
        assert!(
            !outcome.failed(),
            "{}: {}",
            item.path().display(),
            messages.join("\n")
        );
        assert_eq!(outcome.outputs.len(), 2);
        assert_epubcheck_clean(&outcome.outputs[0]);
        let pdf = std::fs::read(&outcome.outputs[1]).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        count += 1;
    }
    assert!(count >= 4, "{count} fixture books");
}

#[test]
fn minimal_book_gets_a_generated_cover_and_its_isbn() {
    let (_dir, path) = build_fixture("minimal");
    let mut epub = Epub::open(&path);
    let opf = epub.text("OEBPS/content.opf");
    assert!(opf.contains("<dc:identifier id=\"pub-id\">urn:isbn:9783161484100</dc:identifier>"));
    assert!(opf.contains("property=\"identifier-type\" scheme=\"onix:codelist5\">15<"));
    // No cover image was given: chapbook draws one, on the style's cover colour.
    assert!(
        opf.contains(
            "<item id=\"cover-image\" href=\"media/generated-cover.svg\" media-type=\"image/svg+xml\" properties=\"cover-image\"/>"
        ),
        "{opf}"
    );
    let svg = epub.text("OEBPS/media/generated-cover.svg");
    let doc = parse_xml("generated-cover.svg", &svg);
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    assert!(texts.concat().contains("Краткая"), "{texts:?}");
    assert!(svg.contains("fill=\"#dce6ee\""), "the default cover colour");
    let cover = epub.text("OEBPS/text/cover.xhtml");
    assert!(cover.contains("generated-cover") && cover.contains("Краткая книга"));
    assert!(cover.contains("background-color: #dce6ee"));
    let copyright = epub.text("OEBPS/text/copyright.xhtml");
    assert!(
        copyright.contains("ISBN 978-3-16148-4100") || copyright.contains("ISBN 978-3"),
        "{copyright}"
    );
    assert!(copyright.contains("Тестовое издательство"));
    // Labels are Russian, since the book is.
    let nav = epub.text("OEBPS/nav.xhtml");
    assert!(nav.contains("Содержание"));
    let entry = epub.text("OEBPS/text/only.xhtml");
    assert!(entry.contains("Примечания"));
    assert!(
        !entry.contains("class=\"byline\""),
        "no author and no date: no byline"
    );
}

#[test]
fn right_to_left_book_with_embedded_fonts() {
    let (_dir, path) = build_fixture("rtl-arabic");
    let mut epub = Epub::open(&path);
    let names = epub.names();
    assert!(names.contains(&"OEBPS/fonts/NotoNaskhArabic-Regular.ttf".to_string()));
    assert!(names.contains(&"OEBPS/css/book.css".to_string()));
    let opf = epub.text("OEBPS/content.opf");
    assert!(opf.contains("media-type=\"font/ttf\""));
    let entry = epub.text("OEBPS/text/first.xhtml");
    let doc = parse_xml("first.xhtml", &entry);
    let html = doc.root_element();
    assert_eq!(html.attribute("dir"), Some("rtl"));
    assert_eq!(html.attribute("lang"), Some("ar"));
    let span = doc
        .descendants()
        .find(|n| n.attribute("lang") == Some("en"))
        .unwrap();
    assert_eq!(
        span.attribute("dir"),
        Some("ltr"),
        "an English span in Arabic text needs dir=ltr"
    );
    let kk = doc
        .descendants()
        .find(|n| n.attribute("lang") == Some("kk"))
        .unwrap();
    assert_eq!(kk.attribute("dir"), Some("ltr"));
    assert!(entry.contains("css/fonts.css") && entry.contains("css/book.css"));
}

#[test]
fn entries_in_date_order_and_a_ten_deep_thread() {
    let (_dir, path) = build_fixture("deep-thread");
    let mut epub = Epub::open(&path);
    let opf = epub.text("OEBPS/content.opf");
    let earlier = opf
        .find("itemref idref=\"i-text-z-earlier-xhtml\"")
        .unwrap();
    let later = opf.find("itemref idref=\"i-text-b-later-xhtml\"").unwrap();
    assert!(
        earlier < later,
        "entries must follow their dates when book.toml gives no order"
    );
    let entry = epub.text("OEBPS/text/z-earlier.xhtml");
    let doc = parse_xml("z-earlier.xhtml", &entry);
    for i in 1..=10 {
        let li = doc
            .descendants()
            .find(|n| n.attribute("id") == Some(&format!("comment-r{i}")))
            .unwrap();
        let depth = li
            .ancestors()
            .filter(|n| n.tag_name().name() == "li")
            .count();
        assert_eq!(depth, i, "reply r{i} must be nested {i} deep");
    }
    assert!(entry.contains("10 responses"));
    let later = epub.text("OEBPS/text/b-later.xhtml");
    assert!(later.contains("class=\"pingback-list\""));
    assert!(later.contains("Trackback:") && later.contains("Pingback:"));
    assert!(
        !later.contains("class=\"comment-list\""),
        "no comments, only pings"
    );
}

/// `chapbook init` makes a book that builds as it is and passes EPUBCheck.
#[test]
fn init_makes_a_book_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("new-book");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_chapbook"))
        .arg("init")
        .arg(&book)
        .status()
        .unwrap();
    assert!(status.success());
    let (_out, path) = build_epub(&book);
    assert_epubcheck_clean(&path);
    // A second init into the same folder refuses and changes nothing.
    let before = std::fs::read(book.join("book.toml")).unwrap();
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_chapbook"))
        .arg("init")
        .arg(&book)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(std::fs::read(book.join("book.toml")).unwrap(), before);
}

/// Every change of language in the multilingual fixture is in its EPUB's XHTML: each entry's
/// document carries the entry's language, and each inline language span of the model is an
/// element with that `lang` and `xml:lang` (and `dir` where the direction changes).
#[test]
fn multilingual_fixture_marks_every_language_change_in_the_epub() {
    use chapbook::model::{Block, Inline};
    fn spans(content: &[Inline], out: &mut Vec<(String, String)>) {
        for i in content {
            match i {
                Inline::Span { lang, content } => {
                    out.push((lang.to_string(), Inline::plain_text(content)));
                    spans(content, out);
                }
                Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) => spans(c, out),
                Inline::Link { content, .. } => spans(content, out),
                _ => {}
            }
        }
    }
    fn blocks(content: &[Block], out: &mut Vec<(String, String)>) {
        for b in content {
            match b {
                Block::Paragraph { lang, content } => {
                    // A paragraph wholly in another language carries it itself.
                    if let Some(lang) = lang {
                        out.push((lang.to_string(), Inline::plain_text(content)));
                    }
                    spans(content, out)
                }
                Block::Heading { content, .. } => spans(content, out),
                Block::Quote { blocks: inner } => blocks(inner, out),
                Block::List { items, .. } => {
                    for item in items {
                        blocks(&item.blocks, out);
                    }
                }
                _ => {}
            }
        }
    }
    const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
    let dir = repo().join("tests/fixtures/multilingual");
    let (_out, path) = build_epub(&dir);
    let mut epub = Epub::open(&path);
    let (book, _) = chapbook::source::load(&dir);
    let book = book.unwrap();
    let mut changes = 0;
    for entry in &book.entries {
        let name = format!(
            "OEBPS/text/{}.xhtml",
            chapbook::model::slug::safe_id(&entry.id)
        );
        let xhtml = epub.text(&name);
        let doc = parse_xml(&name, &xhtml);
        let html = doc.root_element();
        let lang = entry.lang.to_string();
        assert_eq!(html.attribute("lang"), Some(lang.as_str()), "{name}");
        assert_eq!(
            html.attribute((XML_NS, "lang")),
            Some(lang.as_str()),
            "{name}"
        );
        let mut found = Vec::new();
        blocks(&entry.body, &mut found);
        for (span_lang, text) in found {
            let element = doc
                .descendants()
                .find(|n| {
                    n.attribute("lang") == Some(span_lang.as_str())
                        && n.text().is_some_and(|t| text.starts_with(t.trim()))
                })
                .unwrap_or_else(|| panic!("{name}: no element with lang={span_lang} for {text:?}"));
            assert_eq!(
                element.attribute((XML_NS, "lang")),
                Some(span_lang.as_str()),
                "{name}: xml:lang"
            );
            changes += 1;
        }
    }
    assert!(
        changes >= 4,
        "the mixed entry changes language four times, found {changes}"
    );
}
