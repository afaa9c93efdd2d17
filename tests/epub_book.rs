//! The sample book `book/` built to EPUB: validated with EPUBCheck, then parsed and compared
//! with its sources (front matter, comments files, footnote definitions, language spans).

mod common;

use common::*;
use roxmltree::Node;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

struct Built {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
}

fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let (dir, path) = build_epub(&repo().join("book"));
        Built { _dir: dir, path }
    })
}

fn book_toml() -> toml::Table {
    toml::from_str(&std::fs::read_to_string(repo().join("book/book.toml")).unwrap()).unwrap()
}

/// Entry file names in the order book.toml gives.
fn entry_files() -> Vec<String> {
    book_toml()["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

fn front_matter(file: &str) -> toml::Table {
    let text = std::fs::read_to_string(repo().join("book/entries").join(file)).unwrap();
    let front = text.split("+++").nth(1).unwrap();
    toml::from_str(front).unwrap()
}

fn body(file: &str) -> String {
    let text = std::fs::read_to_string(repo().join("book/entries").join(file)).unwrap();
    text.splitn(3, "+++").nth(2).unwrap().to_string()
}

fn slug(file: &str) -> String {
    front_matter(file)
        .get("slug")
        .and_then(|s| s.as_str())
        .map(str::to_string)
        .unwrap_or_else(|| file.trim_end_matches(".md").to_string())
}

fn entry_doc_name(file: &str) -> String {
    format!("OEBPS/text/{}.xhtml", slug(file))
}

fn attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attribute(name)
}

fn epub_type<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    node.attribute((OPS, "type"))
}

fn text_of(node: Node) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .map(|n| n.text().unwrap())
        .collect()
}

/// The language in force at a node (nearest `xml:lang`).
fn lang_at(node: Node) -> Option<String> {
    node.ancestors()
        .find_map(|n| n.attribute((XML, "lang")))
        .map(str::to_string)
}

#[test]
fn passes_epubcheck() {
    assert_epubcheck_clean(&built().path);
}

#[test]
fn container_starts_with_stored_mimetype() {
    let mut epub = Epub::open(&built().path);
    let first = epub.archive.by_index(0).unwrap();
    assert_eq!(first.name().unwrap(), "mimetype");
    assert_eq!(first.compression(), zip::CompressionMethod::Stored);
    drop(first);
    assert_eq!(epub.text("mimetype"), "application/epub+zip");
    let container = epub.text("META-INF/container.xml");
    assert!(container.contains("full-path=\"OEBPS/content.opf\""));
}

#[test]
fn every_xhtml_document_is_well_formed() {
    let mut epub = Epub::open(&built().path);
    let docs = epub.xhtml();
    assert!(docs.len() >= 4 + entry_files().len() + 2, "{}", docs.len());
    for (name, text) in &docs {
        let doc = parse_xml(name, text);
        let html = doc.root_element();
        assert_eq!(html.tag_name().namespace(), Some(XHTML), "{name}");
        let lang = attr(html, "lang").unwrap_or_else(|| panic!("{name}: no lang on <html>"));
        assert_eq!(
            html.attribute((XML, "lang")),
            Some(lang),
            "{name}: lang and xml:lang differ"
        );
    }
}

#[test]
fn package_metadata_is_complete() {
    let mut epub = Epub::open(&built().path);
    let opf = epub.text("OEBPS/content.opf");
    let doc = parse_xml("content.opf", &opf);
    let package = doc.root_element();
    assert_eq!(package.attribute((XML, "lang")), Some("en"));
    let unique = attr(package, "unique-identifier").unwrap();
    let dc = |name: &str| -> Vec<String> {
        doc.descendants()
            .filter(|n| {
                n.tag_name().name() == name
                    && n.tag_name().namespace() == Some("http://purl.org/dc/elements/1.1/")
            })
            .map(text_of)
            .collect()
    };
    let identifier = doc
        .descendants()
        .find(|n| n.tag_name().name() == "identifier")
        .unwrap();
    assert_eq!(attr(identifier, "id"), Some(unique));
    assert!(text_of(identifier).starts_with("urn:uuid:"));
    let config = book_toml();
    assert!(dc("title").contains(&config["title"].as_str().unwrap().to_string()));
    assert_eq!(
        dc("publisher"),
        vec![config["publisher"].as_str().unwrap().to_string()]
    );
    assert!(dc("rights")[0].contains(config["rights"].as_str().unwrap()));
    assert_eq!(dc("date"), vec!["2026-11-28".to_string()]);
    let creators = dc("creator");
    assert_eq!(
        creators,
        vec!["Aigerim Nurlanovna".to_string(), "Daniel Hale".to_string()]
    );
    assert_eq!(dc("contributor"), vec!["Saule Bekova".to_string()]);
    let languages: BTreeSet<String> = dc("language").into_iter().collect();
    for lang in ["en", "ru", "kk", "uz", "ar"] {
        assert!(
            languages.contains(lang),
            "dc:language {lang} missing: {languages:?}"
        );
    }
    assert_eq!(
        dc("language")[0],
        "en",
        "the book's own language comes first"
    );
    let metas: Vec<(String, String)> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "meta" && n.attribute("property").is_some())
        .map(|n| (n.attribute("property").unwrap().to_string(), text_of(n)))
        .collect();
    let has = |p: &str, v: &str| {
        metas
            .iter()
            .any(|(k, t)| k == p && (v.is_empty() || t == v))
    };
    assert!(
        has("dcterms:modified", "2026-11-28T00:00:00Z")
            || std::env::var("SOURCE_DATE_EPOCH").is_ok()
    );
    for (property, value) in [
        ("schema:accessMode", "textual"),
        ("schema:accessMode", "visual"),
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "alternativeText"),
        ("schema:accessibilityFeature", "readingOrder"),
        ("schema:accessibilityHazard", "none"),
        ("schema:accessibilitySummary", ""),
        (
            "dcterms:conformsTo",
            "EPUB Accessibility 1.1 - WCAG 2.1 Level AA",
        ),
    ] {
        assert!(
            has(property, value),
            "missing <meta property=\"{property}\">{value}"
        );
    }
    // The cover image is declared, and the spine reads cover, title, copyright, contents,
    // the entries in book.toml's order, then the author pages.
    let items: BTreeMap<String, (String, Option<String>)> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "item")
        .map(|n| {
            (
                n.attribute("id").unwrap().to_string(),
                (
                    n.attribute("href").unwrap().to_string(),
                    n.attribute("properties").map(str::to_string),
                ),
            )
        })
        .collect();
    assert!(
        items.values().any(
            |(href, p)| href == "media/images/cover.png" && p.as_deref() == Some("cover-image")
        )
    );
    assert!(
        items
            .values()
            .any(|(href, p)| href == "nav.xhtml" && p.as_deref() == Some("nav"))
    );
    let spine: Vec<String> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "itemref")
        .map(|n| items[n.attribute("idref").unwrap()].0.clone())
        .collect();
    let mut expected = vec![
        "text/cover.xhtml".to_string(),
        "text/title.xhtml".into(),
        "text/copyright.xhtml".into(),
        "nav.xhtml".into(),
    ];
    expected.extend(
        entry_files()
            .iter()
            .map(|f| format!("text/{}.xhtml", slug(f))),
    );
    assert_eq!(&spine[..expected.len()], &expected[..]);
    let authors: BTreeSet<&str> = spine[expected.len()..].iter().map(String::as_str).collect();
    assert_eq!(
        authors,
        BTreeSet::from(["text/author-aigerim.xhtml", "text/author-daniel.xhtml"])
    );
}

#[test]
fn contents_and_landmarks() {
    let mut epub = Epub::open(&built().path);
    let nav = epub.text("OEBPS/nav.xhtml");
    let doc = parse_xml("nav.xhtml", &nav);
    let toc = doc
        .descendants()
        .find(|n| epub_type(*n) == Some("toc"))
        .expect("toc nav");
    let links: Vec<(String, String)> = toc
        .descendants()
        .filter(|n| n.tag_name().name() == "a")
        .map(|n| (n.attribute("href").unwrap().to_string(), text_of(n)))
        .collect();
    let titles: Vec<(String, String)> = entry_files()
        .iter()
        .map(|f| {
            (
                format!("text/{}.xhtml", slug(f)),
                front_matter(f)["title"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let entry_links: Vec<(String, String)> = links
        .iter()
        .filter(|(h, _)| !h.contains('#') && !h.contains("author-"))
        .cloned()
        .collect();
    assert_eq!(
        entry_links, titles,
        "the contents list every entry, in order, with its title"
    );
    assert!(links.iter().any(|(h, _)| h.ends_with("#responses")));
    let landmarks = doc
        .descendants()
        .find(|n| epub_type(*n) == Some("landmarks"))
        .expect("landmarks nav");
    let kinds: BTreeSet<&str> = landmarks.descendants().filter_map(epub_type).collect();
    for kind in ["cover", "toc", "bodymatter", "titlepage", "copyright-page"] {
        assert!(kinds.contains(kind), "landmark {kind} missing: {kinds:?}");
    }
}

#[test]
fn entries_have_title_byline_date_tags_and_author_links() {
    let mut epub = Epub::open(&built().path);
    for file in entry_files() {
        let front = front_matter(&file);
        let name = entry_doc_name(&file);
        let text = epub.text(&name);
        let doc = parse_xml(&name, &text);
        let h1 = doc
            .descendants()
            .find(|n| n.tag_name().name() == "h1")
            .unwrap();
        assert_eq!(text_of(h1), front["title"].as_str().unwrap(), "{file}");
        let lang = front.get("lang").and_then(|l| l.as_str()).unwrap_or("en");
        assert_eq!(doc.root_element().attribute("lang"), Some(lang), "{file}");
        let byline = doc
            .descendants()
            .find(|n| n.attribute("class") == Some("byline"))
            .unwrap_or_else(|| panic!("{file}: no byline"));
        let authors: Vec<String> = front
            .get("authors")
            .map(|a| {
                a.as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_else(|| vec![front["author"].as_str().unwrap().to_string()]);
        let hrefs: Vec<&str> = byline
            .descendants()
            .filter(|n| n.tag_name().name() == "a")
            .filter_map(|n| n.attribute("href"))
            .collect();
        for author in &authors {
            assert!(
                hrefs.contains(&format!("author-{author}.xhtml").as_str()),
                "{file}: byline does not link {author}"
            );
        }
        assert!(
            byline.descendants().any(|n| n.tag_name().name() == "time"),
            "{file}: no date"
        );
        for tag in front["tags"].as_array().unwrap() {
            assert!(
                doc.descendants()
                    .any(|n| n.attribute("class") == Some("tag")
                        && text_of(n) == tag.as_str().unwrap()),
                "{file}: tag {tag} missing"
            );
        }
    }
}

#[test]
fn author_pages_are_localised_and_complete() {
    let mut epub = Epub::open(&built().path);
    for id in ["aigerim", "daniel"] {
        let source = std::fs::read_to_string(repo().join(format!("book/authors/{id}.md"))).unwrap();
        let front: toml::Table = toml::from_str(source.split("+++").nth(1).unwrap()).unwrap();
        let name = format!("OEBPS/text/author-{id}.xhtml");
        let text = epub.text(&name);
        let doc = parse_xml(&name, &text);
        let h1 = doc
            .descendants()
            .find(|n| n.tag_name().name() == "h1")
            .unwrap();
        assert_eq!(text_of(h1), front["name"].as_str().unwrap());
        assert!(text.contains("About the author"));
        let first_words: String = source
            .splitn(3, "+++")
            .nth(2)
            .unwrap()
            .trim()
            .chars()
            .take(20)
            .collect();
        assert!(
            text_of(doc.root_element()).contains(first_words.trim()),
            "{id}: bio missing"
        );
    }
}

/// Every comment of every comments file sits in the thread position its `parent` gives, in
/// file order among its siblings; pingbacks and trackbacks are listed apart.
#[test]
fn comments_keep_their_threads_and_pingbacks_are_apart() {
    let mut epub = Epub::open(&built().path);
    let mut seen_kinds = BTreeSet::new();
    let mut max_depth = 0;
    for file in entry_files() {
        let comments_path = repo()
            .join("book/entries")
            .join(file.replace(".md", ".comments.toml"));
        if !comments_path.exists() {
            continue;
        }
        let parsed: toml::Table =
            toml::from_str(&std::fs::read_to_string(&comments_path).unwrap()).unwrap();
        let records = parsed["comment"].as_array().unwrap();
        let name = entry_doc_name(&file);
        let text = epub.text(&name);
        let doc = parse_xml(&name, &text);
        let mut siblings: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for record in records {
            let id = record["id"].as_str().unwrap();
            let kind = record
                .get("kind")
                .and_then(|k| k.as_str())
                .unwrap_or("comment");
            seen_kinds.insert(kind.to_string());
            let li = doc
                .descendants()
                .find(|n| n.attribute("id") == Some(&format!("comment-{id}")))
                .unwrap_or_else(|| panic!("{file}: comment {id} missing"));
            assert_eq!(
                li.attribute("class"),
                Some(kind),
                "{file}: {id} has the wrong kind"
            );
            let parent_li = li.ancestors().skip(1).find(|n| n.tag_name().name() == "li");
            let parent = record.get("parent").and_then(|p| p.as_str());
            assert_eq!(
                parent_li.and_then(|p| p.attribute("id")),
                parent.map(|p| format!("comment-{p}")).as_deref(),
                "{file}: {id} is not under its parent"
            );
            let list = li.parent().unwrap();
            if kind == "comment" {
                assert!(
                    matches!(list.attribute("class"), Some("comment-list" | "replies")),
                    "{file}: {id}"
                );
            } else {
                assert_eq!(
                    list.attribute("class"),
                    Some("pingback-list"),
                    "{file}: {id} is not listed apart"
                );
            }
            let author = record["author"].as_str().unwrap();
            assert!(text_of(li).contains(author), "{file}: {id} lost its author");
            if let Some(lang) = record.get("lang").and_then(|l| l.as_str()) {
                assert_eq!(
                    lang_at(li).as_deref(),
                    Some(lang),
                    "{file}: {id} lost its language"
                );
            } else {
                assert!(lang_at(li).is_some());
            }
            let depth = li
                .ancestors()
                .filter(|n| n.tag_name().name() == "li")
                .count();
            max_depth = max_depth.max(depth);
            // Pingbacks and trackbacks are listed apart from the comments, so top-level order
            // is kept within each of the two lists.
            let group = match (parent, kind) {
                (Some(p), _) => p.to_string(),
                (None, "comment") => "top-level comments".to_string(),
                (None, _) => "pingbacks and trackbacks".to_string(),
            };
            siblings
                .entry(group)
                .or_default()
                .push(format!("comment-{id}"));
        }
        // Sibling order in the document is the file's order.
        for (parent, expected) in siblings {
            let in_doc: Vec<String> = doc
                .descendants()
                .filter(|n| {
                    n.tag_name().name() == "li"
                        && n.attribute("id")
                            .is_some_and(|i| expected.iter().any(|e| e == i))
                })
                .map(|n| n.attribute("id").unwrap().to_string())
                .collect();
            assert_eq!(
                in_doc, expected,
                "{file}: replies to `{parent}` out of order"
            );
        }
    }
    assert!(
        seen_kinds.contains("pingback") && seen_kinds.contains("trackback"),
        "{seen_kinds:?}"
    );
    assert!(
        max_depth >= 3,
        "the sample book should have a thread at least 3 deep"
    );
}

/// Footnote labels defined in a Markdown text, in order of definition.
fn footnote_labels(markdown: &str) -> Vec<String> {
    markdown
        .lines()
        .filter_map(|l| l.strip_prefix("[^"))
        .filter_map(|l| l.split_once("]:").map(|(label, _)| label.to_string()))
        .collect()
}

#[test]
fn footnotes_pop_up_and_link_back() {
    let mut epub = Epub::open(&built().path);
    let mut labels_per_entry = Vec::new();
    let mut cited_twice = 0;
    for file in entry_files() {
        let markdown = body(&file);
        let labels = footnote_labels(&markdown);
        let name = entry_doc_name(&file);
        let text = epub.text(&name);
        let doc = parse_xml(&name, &text);
        let asides: Vec<Node> = doc
            .descendants()
            .filter(|n| epub_type(*n) == Some("footnote"))
            .collect();
        assert_eq!(
            asides.len(),
            labels.len(),
            "{file}: one pop-up footnote per definition"
        );
        let refs: Vec<Node> = doc
            .descendants()
            .filter(|n| epub_type(*n) == Some("noteref"))
            .collect();
        let ids: BTreeSet<&str> = doc
            .descendants()
            .filter_map(|n| n.attribute("id"))
            .collect();
        for r in &refs {
            let target = r.attribute("href").unwrap().trim_start_matches('#');
            assert!(
                asides.iter().any(|a| a.attribute("id") == Some(target)),
                "{file}: noteref to missing note {target}"
            );
            assert_eq!(r.attribute("role"), Some("doc-noteref"));
        }
        // Numbers run 1, 2, 3… in order of first citation.
        let mut first_seen: Vec<String> = Vec::new();
        for r in &refs {
            let n = text_of(*r);
            if !first_seen.contains(&n) {
                first_seen.push(n);
            }
        }
        let expected: Vec<String> = (1..=first_seen.len()).map(|n| n.to_string()).collect();
        assert_eq!(first_seen, expected, "{file}");
        for aside in &asides {
            let id = aside.attribute("id").unwrap();
            let back: Vec<&str> = aside
                .descendants()
                .filter(|n| n.attribute("role") == Some("doc-backlink"))
                .map(|n| n.attribute("href").unwrap().trim_start_matches('#'))
                .collect();
            let citing: Vec<&str> = refs
                .iter()
                .filter(|r| r.attribute("href") == Some(&format!("#{id}")))
                .map(|r| r.attribute("id").unwrap())
                .collect();
            assert_eq!(
                back, citing,
                "{file}: note {id} must link back to each citation"
            );
            for b in &back {
                assert!(ids.contains(b));
            }
            if back.len() > 1 {
                cited_twice += 1;
            }
        }
        labels_per_entry.push(labels);
    }
    assert!(cited_twice >= 1, "the sample book cites one note twice");
    // The same label in two entries makes two notes.
    let with_1 = labels_per_entry
        .iter()
        .filter(|l| l.contains(&"1".to_string()))
        .count();
    assert!(with_1 >= 2);
}

/// Language spans `[…]{lang=xx}` in the sources: (text, lang), for spans without markup.
fn lang_spans(markdown: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = markdown;
    while let Some(at) = rest.find("]{lang=") {
        let before = &rest[..at];
        let start = before.rfind('[').unwrap();
        let text = &before[start + 1..];
        let after = &rest[at + 7..];
        let end = after.find('}').unwrap();
        if !text.contains(['*', '_', '`', '"']) {
            out.push((text.to_string(), after[..end].to_string()));
        }
        rest = &after[end..];
    }
    out
}

#[test]
fn every_language_change_is_marked() {
    let mut epub = Epub::open(&built().path);
    let mut spans_checked = 0;
    for file in entry_files() {
        let name = entry_doc_name(&file);
        let text = epub.text(&name);
        let doc = parse_xml(&name, &text);
        for (span, lang) in lang_spans(&body(&file)) {
            let found = doc
                .descendants()
                .filter(|n| n.is_text() && n.text().unwrap().contains(span.trim()));
            let marked = found
                .into_iter()
                .any(|n| lang_at(n.parent().unwrap()).as_deref() == Some(lang.as_str()));
            assert!(marked, "{file}: `{span}` is not marked as {lang}");
            spans_checked += 1;
        }
        // No element repeats its parent's language, and right-to-left text says so.
        for node in doc
            .descendants()
            .filter(|n| n.is_element() && n.attribute("lang").is_some())
        {
            let lang = node.attribute("lang").unwrap();
            assert_eq!(
                node.attribute((XML, "lang")),
                Some(lang),
                "{file}: lang without xml:lang"
            );
            if node.parent_element().is_some() {
                let inherited = lang_at(node.parent().unwrap()).unwrap();
                assert_ne!(
                    inherited,
                    lang,
                    "{file}: <{}> repeats its parent's language",
                    node.tag_name().name()
                );
            }
            if lang == "ar" {
                assert_eq!(
                    node.attribute("dir"),
                    Some("rtl"),
                    "{file}: Arabic without dir=rtl"
                );
            }
        }
    }
    assert!(spans_checked >= 10, "only {spans_checked} spans checked");
}

#[test]
fn labels_follow_the_entry_language() {
    let mut epub = Epub::open(&built().path);
    for file in entry_files() {
        let lang = front_matter(&file)
            .get("lang")
            .and_then(|l| l.as_str())
            .unwrap_or("en")
            .to_string();
        let has_notes = !footnote_labels(&body(&file)).is_empty();
        let has_comments = repo()
            .join("book/entries")
            .join(file.replace(".md", ".comments.toml"))
            .exists();
        let text = epub.text(&entry_doc_name(&file));
        let (footnotes, responses) = match lang.as_str() {
            "ru" => ("Примечания", "Отклики"),
            "kk" => ("Ескертпелер", "Пікірлер"),
            _ => ("Footnotes", "Responses"),
        };
        if has_notes {
            assert!(text.contains(footnotes), "{file}: {footnotes}");
        }
        if has_comments {
            assert!(text.contains(responses), "{file}: {responses}");
        }
    }
}
