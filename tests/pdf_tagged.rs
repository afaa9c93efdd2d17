//! Tagged PDF (PDF/UA-1, and PDF/A-2b on request), checked without veraPDF (which no registry
//! this project can reach offers): qpdf turns the PDF into JSON, and the test walks the
//! structure tree and the content streams itself.
//!
//! What is checked, for `book/` and the multilingual fixture:
//! - the catalog: document language, `MarkInfo /Marked true`, `DisplayDocTitle`, and the
//!   PDF/UA identification in the XMP metadata;
//! - every text-showing operator on every page is inside marked content (tagged or an
//!   artifact), and the marked-content ids on each page are exactly those the structure tree
//!   points to on that page: nothing untagged, nothing tagged twice, nothing missing;
//! - headings carry their titles, figures their alternative text, links their annotations;
//! - the reading order: the entry titles, read from the tree, come in the book's order;
//! - languages: every language the book's text is written in is declared in the tree or on
//!   the marked content that sets it.

mod common;

use chapbook::build::{BuildOptions, Format, build};
use common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The PDF as qpdf's JSON, with streams decoded.
struct Pdf {
    objects: serde_json::Map<String, Value>,
}

impl Pdf {
    fn open(path: &Path) -> Option<Pdf> {
        let out = match Command::new("qpdf")
            .args([
                "--json",
                "--json-stream-data=inline",
                "--decode-level=generalized",
            ])
            .arg(path)
            .output()
        {
            Ok(out) => out,
            Err(e) => {
                assert!(!strict(), "qpdf is required (CHAPBOOK_STRICT=1): {e}");
                eprintln!("NOTE: qpdf not found; structure checks skipped");
                return None;
            }
        };
        let json: Value = serde_json::from_slice(&out.stdout).expect("qpdf JSON");
        let objects = json["qpdf"][1].as_object().expect("objects").clone();
        Some(Pdf { objects })
    }

    /// Follows a reference ("12 0 R") to its value; other values are returned as they are.
    fn get<'a>(&'a self, value: &'a Value) -> &'a Value {
        match value.as_str() {
            Some(r) if r.ends_with(" R") => {
                let obj = &self.objects[&format!("obj:{r}")];
                obj.get("value").unwrap_or_else(|| &obj["stream"]["dict"])
            }
            _ => value,
        }
    }

    fn root(&self) -> &Value {
        self.get(&self.objects["trailer"]["value"]["/Root"])
    }

    /// A stream's decoded bytes.
    fn stream(&self, reference: &str) -> Vec<u8> {
        let data = self.objects[&format!("obj:{reference}")]["stream"]["data"]
            .as_str()
            .unwrap_or_default();
        base64_decode(data)
    }

    /// The pages' references, in order.
    fn pages(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.collect_pages(&self.root()["/Pages"], &mut out);
        out
    }

    fn collect_pages(&self, node: &Value, out: &mut Vec<String>) {
        let dict = self.get(node);
        if dict["/Type"] == "/Page" {
            out.push(node.as_str().unwrap().to_string());
            return;
        }
        for kid in dict["/Kids"].as_array().into_iter().flatten() {
            self.collect_pages(kid, out);
        }
    }
}

/// Base64 as qpdf writes it (standard alphabet, padded).
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for v in text.bytes().filter_map(value) {
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// A structure element: its type, /T, /Alt and /Lang, and its parent element (by index).
struct Element {
    kind: String,
    parent: Option<usize>,
    title: Option<String>,
    alt: Option<String>,
    lang: Option<String>,
}

/// What a walk of the structure tree found.
#[derive(Default)]
struct Tree {
    /// Elements in document order.
    elements: Vec<Element>,
    /// Marked-content ids per page reference.
    mcids: BTreeMap<String, Vec<i64>>,
    /// Annotations referenced (OBJR).
    annotations: usize,
}

fn text_of(v: &Value) -> Option<String> {
    v.as_str()
        .map(|s| s.strip_prefix("u:").unwrap_or(s).to_string())
}

fn walk(pdf: &Pdf, node: &Value, page: Option<String>, parent: Option<usize>, tree: &mut Tree) {
    if let Some(mcid) = node.as_i64() {
        let page = page.expect("a marked-content id with a page");
        tree.mcids.entry(page).or_default().push(mcid);
        return;
    }
    let dict = pdf.get(node);
    let Some(map) = dict.as_object() else { return };
    let page = map
        .get("/Pg")
        .and_then(|p| p.as_str())
        .map(str::to_string)
        .or(page);
    match map.get("/Type").and_then(|t| t.as_str()) {
        Some("/OBJR") => {
            tree.annotations += 1;
            return;
        }
        Some("/MCR") => {
            let page = map["/Pg"].as_str().map(str::to_string).or(page).unwrap();
            let mcid = map["/MCID"].as_i64().unwrap();
            tree.mcids.entry(page).or_default().push(mcid);
            return;
        }
        _ => {}
    }
    let mut parent = parent;
    if let Some(s) = map.get("/S").and_then(|s| s.as_str()) {
        tree.elements.push(Element {
            kind: s.to_string(),
            parent,
            title: map.get("/T").and_then(text_of),
            alt: map.get("/Alt").and_then(text_of),
            lang: map.get("/Lang").and_then(text_of),
        });
        parent = Some(tree.elements.len() - 1);
    }
    match map.get("/K") {
        Some(Value::Array(kids)) => {
            for kid in kids {
                walk(pdf, kid, page.clone(), parent, tree);
            }
        }
        Some(kid) => walk(pdf, kid, page, parent, tree),
        None => {}
    }
}

/// Marked content on one page: the ids, the languages on marked content, and the number of
/// text-showing operators outside any marked content. Operators are found as words that end
/// at a delimiter (krilla writes glyphs as hex strings, so no text can look like one).
fn scan_content(content: &[u8]) -> (Vec<i64>, BTreeSet<String>, usize) {
    let text = String::from_utf8_lossy(content);
    let bytes = text.as_bytes();
    let is_delimiter = |b: u8| b.is_ascii_whitespace() || b"()<>[]{}/%".contains(&b);
    let mut mcids = Vec::new();
    let mut langs = BTreeSet::new();
    let mut depth = 0usize;
    let mut untagged = 0;
    let mut at = 0;
    while at < bytes.len() {
        if is_delimiter(bytes[at]) {
            at += 1;
            continue;
        }
        let start = at;
        while at < bytes.len() && !is_delimiter(bytes[at]) {
            at += 1;
        }
        // A word right after `/` is a name, not an operator.
        if start > 0 && bytes[start - 1] == b'/' {
            continue;
        }
        match &text[start..at] {
            "BDC" => {
                depth += 1;
                let props = &text[text[..start].rfind("<<").unwrap_or(start)..start];
                if let Some(i) = props.find("/MCID") {
                    let n: String = props[i + 5..]
                        .trim_start()
                        .chars()
                        .take_while(|c| c.is_ascii_digit())
                        .collect();
                    mcids.push(n.parse().unwrap());
                }
                if let Some(i) = props.find("/Lang(") {
                    let lang: String = props[i + 6..].chars().take_while(|c| *c != ')').collect();
                    langs.insert(lang);
                }
            }
            "BMC" => depth += 1,
            "EMC" => depth = depth.saturating_sub(1),
            "Tj" | "TJ" if depth == 0 => untagged += 1,
            _ => {}
        }
    }
    (mcids, langs, untagged)
}

struct Checked {
    tree: Tree,
    langs: BTreeSet<String>,
    xmp: String,
    /// The subtypes of the artifacts on the pages (`/Header`, `/Footer`).
    artifact_subtypes: BTreeSet<String>,
}

/// Every check that holds for any tagged PDF chapbook writes.
fn check_tagged(path: &Path) -> Option<Checked> {
    let pdf = Pdf::open(path)?;
    let root = pdf.root();
    assert!(
        root.get("/Lang").is_some(),
        "the catalog declares a language"
    );
    assert_eq!(pdf.get(&root["/MarkInfo"])["/Marked"], true);
    assert_eq!(
        pdf.get(&root["/ViewerPreferences"])["/DisplayDocTitle"],
        true
    );
    let metadata = root["/Metadata"].as_str().expect("XMP metadata");
    let xmp = String::from_utf8(pdf.stream(metadata)).unwrap();
    assert!(xmp.contains("pdfuaid:part"), "PDF/UA identification");

    let mut tree = Tree::default();
    let mut artifact_subtypes = BTreeSet::new();
    walk(&pdf, &root["/StructTreeRoot"], None, None, &mut tree);
    let mut langs: BTreeSet<String> = tree
        .elements
        .iter()
        .filter_map(|e| e.lang.clone())
        .collect();
    for page in pdf.pages() {
        let page_ref = Value::String(page.clone());
        let dict = pdf.get(&page_ref);
        let contents: Vec<String> = match &dict["/Contents"] {
            Value::Array(a) => a.iter().map(|c| c.as_str().unwrap().to_string()).collect(),
            Value::String(s) => vec![s.clone()],
            _ => Vec::new(),
        };
        let mut bytes = Vec::new();
        for c in contents {
            bytes.extend(pdf.stream(&c));
            bytes.push(b'\n');
        }
        let text = String::from_utf8_lossy(&bytes);
        for (at, _) in text.match_indices("/Artifact") {
            let props = &text[at..text.len().min(at + 120)];
            if let Some(i) = props.find("/Subtype") {
                let name: String = props[i + 8..]
                    .trim_start()
                    .trim_start_matches('/')
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                artifact_subtypes.insert(format!("/{name}"));
            }
        }
        let (mut on_page, page_langs, untagged) = scan_content(&bytes);
        assert_eq!(untagged, 0, "{page}: text outside marked content");
        langs.extend(page_langs);
        let mut in_tree = tree.mcids.get(&page).cloned().unwrap_or_default();
        on_page.sort();
        in_tree.sort();
        assert_eq!(
            on_page, in_tree,
            "{page}: the marked content and the structure tree disagree"
        );
    }
    for Element {
        kind, title, alt, ..
    } in &tree.elements
    {
        if kind.starts_with("/H") && kind.len() == 3 {
            assert!(
                title.as_deref().is_some_and(|t| !t.is_empty()),
                "{kind} without a title"
            );
        }
        if kind == "/Figure" {
            assert!(
                alt.as_deref().is_some_and(|t| !t.is_empty()),
                "figure without alternative text"
            );
        }
    }
    Some(Checked {
        tree,
        langs,
        xmp,
        artifact_subtypes,
    })
}

fn build_pdf(book_dir: &Path, out: &Path) -> PathBuf {
    let outcome = build(&BuildOptions {
        book_dir: book_dir.to_path_buf(),
        out_dir: out.to_path_buf(),
        formats: vec![Format::Pdf],
        impose: None,
        handouts: false,
    });
    let messages: Vec<String> = outcome.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(!outcome.failed(), "{}", messages.join("\n"));
    outcome.outputs[0].clone()
}

/// The languages of a book's text: entries, comments, inline spans.
fn book_languages(book_dir: &Path) -> (Vec<String>, BTreeSet<String>) {
    use chapbook::model::{Block, Inline};
    fn inlines(content: &[Inline], out: &mut BTreeSet<String>) {
        for i in content {
            match i {
                Inline::Span { lang, content } => {
                    out.insert(lang.to_string());
                    inlines(content, out);
                }
                Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) => inlines(c, out),
                Inline::Link { content, .. } => inlines(content, out),
                _ => {}
            }
        }
    }
    fn blocks(content: &[Block], out: &mut BTreeSet<String>) {
        for b in content {
            match b {
                Block::Paragraph { lang, content } => {
                    if let Some(l) = lang {
                        out.insert(l.to_string());
                    }
                    inlines(content, out);
                }
                Block::Heading { content, .. } => inlines(content, out),
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
    let (book, _) = chapbook::source::load(book_dir);
    let book = book.unwrap();
    let mut langs = BTreeSet::new();
    langs.insert(book.meta.lang.to_string());
    for entry in &book.entries {
        langs.insert(entry.lang.to_string());
        blocks(&entry.body, &mut langs);
    }
    let titles = book.entries.iter().map(|e| e.title.clone()).collect();
    (titles, langs)
}

fn check_book(book_dir: &Path) -> Option<Checked> {
    let out = tempfile::tempdir().unwrap();
    let pdf = build_pdf(book_dir, out.path());
    let checked = check_tagged(&pdf)?;
    let (titles, langs) = book_languages(book_dir);
    // Reading order: the level-1 headings in tree order are the entry titles in book order.
    let h1: Vec<String> = checked
        .tree
        .elements
        .iter()
        .filter(|e| e.kind == "/H1")
        .filter_map(|e| e.title.clone())
        .collect();
    let positions: Vec<usize> = titles
        .iter()
        .map(|t| {
            h1.iter()
                .position(|h| h == t)
                .unwrap_or_else(|| panic!("no heading for entry {t:?} in {h1:?}"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "entries out of order in the structure tree: {h1:?}"
    );
    // Every language of the book in the XMP's dc:language (issue #16).
    let dc_language = checked
        .xmp
        .split("<dc:language>")
        .nth(1)
        .and_then(|x| x.split("</dc:language>").next())
        .unwrap_or_default();
    for lang in &langs {
        assert!(
            dc_language.contains(&format!("<rdf:li>{lang}</rdf:li>")),
            "{}: {lang} not in dc:language: {dc_language}",
            book_dir.display()
        );
        assert!(
            checked.langs.contains(lang),
            "{}: the language {lang} is not declared anywhere in the PDF (found {:?})",
            book_dir.display(),
            checked.langs
        );
    }
    assert!(checked.tree.annotations > 0, "links are tagged");
    // Folios are footer artifacts (issue #16); the sample book's running heads, headers.
    assert!(
        checked.artifact_subtypes.contains("/Footer"),
        "{}: no /Footer artifact (found {:?})",
        book_dir.display(),
        checked.artifact_subtypes
    );
    for kind in ["/Part", "/P", "/H1", "/Link"] {
        assert!(
            checked.tree.elements.iter().any(|e| e.kind == kind),
            "no {kind} element"
        );
    }
    Some(checked)
}

#[test]
fn sample_book_is_tagged_with_every_language() {
    if let Some(checked) = check_book(&repo().join("book")) {
        assert!(
            checked.artifact_subtypes.contains("/Header"),
            "running heads are header artifacts: {:?}",
            checked.artifact_subtypes
        );
        // One dc:creator entry per author (issue #16).
        let (book, _) = chapbook::source::load(&repo().join("book"));
        let creators = book.unwrap().meta.creators;
        assert!(creators.len() >= 2);
        for creator in &creators {
            assert!(
                checked.xmp.contains(&format!("<rdf:li>{creator}</rdf:li>")),
                "{creator} is not an entry of dc:creator:\n{}",
                checked.xmp
            );
        }
        // Issue #16: each note is read inside the paragraph that cites it, its number a
        // label that says "Note N" (the reference too: a link with that /Alt).
        let elements = &checked.tree.elements;
        let notes: Vec<usize> = (0..elements.len())
            .filter(|&i| elements[i].kind == "/Note")
            .collect();
        assert!(notes.len() >= 6, "the sample book's notes: {}", notes.len());
        for &n in &notes {
            let parent = elements[n].parent.expect("a note has a parent");
            assert_eq!(elements[parent].kind, "/P", "note {n} outside a paragraph");
            let first = elements.iter().position(|e| e.parent == Some(n));
            assert_eq!(
                first.map(|f| elements[f].kind.as_str()),
                Some("/Lbl"),
                "note {n} starts with its label"
            );
            // The reference right before it in the paragraph.
            let before = (0..n)
                .rev()
                .find(|&i| elements[i].parent == Some(parent))
                .expect("the reference before the note");
            assert_eq!(elements[before].kind, "/Link");
            assert!(
                elements[before]
                    .alt
                    .as_deref()
                    .is_some_and(|a| a.starts_with("Note ")
                        || a.starts_with("Примечание ")
                        || a.starts_with("Ескертпе ")),
                "the reference reads as a note: {:?}",
                elements[before].alt
            );
        }
    }
}

#[test]
fn multilingual_fixture_declares_every_language_change() {
    check_book(&repo().join("tests/fixtures/multilingual"));
}

/// The real-world fixture: its landscape page (the wide table, drawn turned, `/Rotate 90`
/// written into the finished file) and its pictures in cells are tagged like every other
/// page: all text in marked content, and the marked content the tree points to.
#[test]
fn real_world_fixture_with_its_landscape_page_is_tagged() {
    check_book(&repo().join("tests/fixtures/real-world"));
}

#[test]
fn pdf_a_2b_on_request() {
    // A copy of the sample book that asks for PDF/A-2b as well as PDF/UA-1.
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    common::copy_dir(&repo().join("book"), &book);
    let toml = std::fs::read_to_string(book.join("book.toml")).unwrap();
    let toml = format!("{}\n[pdf]\nstandard = [\"pdf/ua-1\", \"pdf/a-2b\"]\n", toml);
    std::fs::write(book.join("book.toml"), toml).unwrap();
    let out = dir.path().join("out");
    let pdf = build_pdf(&book, &out);
    let Some(checked) = check_tagged(&pdf) else {
        return;
    };
    assert!(checked.xmp.contains("pdfaid:part"), "PDF/A identification");
    assert!(
        checked.xmp.contains("<pdfaid:part>2</pdfaid:part>")
            || checked.xmp.contains("pdfaid:part=\"2\""),
        "PDF/A part 2:\n{}",
        checked.xmp
    );
    let pdf = Pdf::open(&pdf).unwrap();
    assert!(
        pdf.root().get("/OutputIntents").is_some(),
        "PDF/A needs an output intent"
    );
}

/// Regression (found importing the WordPress theme unit test): a hyphen added at a line break
/// in a face whose text has no hyphen of its own mapped to no character, which PDF/UA forbids,
/// and the build failed. The hyphen now copies out as a soft hyphen.
#[test]
fn a_line_end_hyphen_in_a_face_without_hyphens_maps_to_text() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    std::fs::create_dir_all(book.join("entries")).unwrap();
    std::fs::write(
        book.join("book.toml"),
        "title = \"Узкая\"\nlanguage = \"ru\"\n[pdf.page]\nsize = \"75mm x 120mm\"\n",
    )
    .unwrap();
    let words = "Достопримечательности переосвидетельствование высокопревосходительство \
                 человеконенавистничество достопримечательности";
    std::fs::write(
        book.join("entries/one.md"),
        format!("+++\ntitle = \"Слова\"\n+++\n**{words} {words}**\n"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let pdf = build_pdf(&book, &out);
    let Ok(text) = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
    else {
        assert!(!strict(), "pdftotext is required (CHAPBOOK_STRICT=1)");
        return;
    };
    // The hyphen maps to a soft hyphen (U+00AD), which PDF reserves for a hyphen that only
    // breaks the line: the word is whole without it and its line end. pdftotext keeps it as
    // it is (it joins only a hyphen-minus), so the join is made here.
    let text = String::from_utf8_lossy(&text.stdout);
    let joined = text.replace("\u{ad}\n", "");
    assert!(
        joined.len() < text.len(),
        "no soft hyphen at a line end:\n{text}"
    );
    let flat: String = joined.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(&format!("{words} {words}")),
        "the words come back whole:\n{text}"
    );
}

/// Issue #13: a figure's caption is read with its picture: each `Caption` element sits in a
/// `Div` beside exactly one `Figure`, and there is one for every captioned figure of the
/// real-world fixture.
#[test]
fn captions_sit_beside_their_figures() {
    use chapbook::model::Block;
    fn captioned(blocks: &[Block]) -> usize {
        blocks
            .iter()
            .map(|b| match b {
                Block::Figure(f) => usize::from(
                    !chapbook::model::Inline::plain_text(&f.caption)
                        .trim()
                        .is_empty(),
                ),
                Block::Quote { blocks } => captioned(blocks),
                Block::List { items, .. } => items.iter().map(|i| captioned(&i.blocks)).sum(),
                _ => 0,
            })
            .sum()
    }
    let book_dir = repo().join("tests/fixtures/real-world");
    let (book, _) = chapbook::source::load(&book_dir);
    let expected: usize = book
        .unwrap()
        .entries
        .iter()
        .map(|e| captioned(&e.body))
        .sum();
    assert!(expected >= 2, "the fixture has captioned figures");
    let out = tempfile::tempdir().unwrap();
    let pdf = build_pdf(&book_dir, out.path());
    let Some(checked) = check_tagged(&pdf) else {
        return;
    };
    let elements = &checked.tree.elements;
    let mut captions = 0;
    for (i, e) in elements.iter().enumerate() {
        if e.kind != "/Caption" {
            continue;
        }
        captions += 1;
        let parent = e.parent.expect("a caption has a parent");
        assert_eq!(elements[parent].kind, "/Div", "caption {i} outside a Div");
        let siblings: Vec<&str> = elements
            .iter()
            .filter(|s| s.parent == Some(parent))
            .map(|s| s.kind.as_str())
            .collect();
        assert_eq!(
            siblings,
            ["/Figure", "/Caption"],
            "caption {i}: the Div holds {siblings:?}"
        );
    }
    assert_eq!(captions, expected, "one Caption per captioned figure");
}

/// Issue #16: comment threads are nested lists, as in the EPUB: each comment an `LI` whose
/// `LBody` holds the `L` of its replies, so who answers whom is in the structure. The deep
/// thread fixture's deepest reply sits as many lists down as it is replies deep.
#[test]
fn comment_threads_are_nested_lists() {
    fn depth(comments: &[chapbook::model::Comment]) -> usize {
        comments
            .iter()
            .map(|c| 1 + depth(&c.replies))
            .max()
            .unwrap_or(0)
    }
    let book_dir = repo().join("tests/fixtures/deep-thread");
    let (book, _) = chapbook::source::load(&book_dir);
    let deepest = book
        .unwrap()
        .entries
        .iter()
        .map(|e| depth(&e.responses))
        .max()
        .unwrap();
    assert!(deepest >= 3, "the fixture has a deep thread");
    let out = tempfile::tempdir().unwrap();
    let pdf = build_pdf(&book_dir, out.path());
    let Some(checked) = check_tagged(&pdf) else {
        return;
    };
    let elements = &checked.tree.elements;
    // How many lists an element sits in, each list item's parent being a list and each
    // list body's parent an item.
    let lists_above = |mut at: usize| {
        let mut lists = 0;
        while let Some(parent) = elements[at].parent {
            if elements[parent].kind == "/L" {
                lists += 1;
                assert_eq!(elements[at].kind, "/LI", "a list holds items");
            }
            if elements[parent].kind == "/LI" {
                assert!(
                    ["/LBody", "/Lbl"].contains(&elements[at].kind.as_str()),
                    "an item holds a label and a body, not {}",
                    elements[at].kind
                );
            }
            at = parent;
        }
        lists
    };
    let nested = (0..elements.len())
        .filter(|&i| elements[i].kind == "/P")
        .map(lists_above)
        .max()
        .unwrap_or(0);
    assert_eq!(nested, deepest, "the deepest reply is {deepest} lists down");
}
