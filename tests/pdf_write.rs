//! The PDF writer on hand-made frames: text in four scripts copies out exactly, fonts are
//! embedded and subset, bookmarks and links are present, qpdf finds no fault, bytes repeat.

mod common;

use chapbook::config::units::Standard;
use chapbook::typeset::font::{Family, FontBook, FontRequest};
use chapbook::typeset::frame::{
    Anchor, Document, DocumentInfo, Item, LinkTarget, OutlineEntry, Page, Positioned, Role,
    StructNode, TextItem,
};
use chapbook::typeset::shape::{ShapeRequest, Shaper};
use std::process::Command;
use std::sync::Arc;

const LINES: &[(&str, &str, bool)] = &[
    ("en", "The office affluent fjord — “quoted”", false),
    ("kk", "Қазақ тілі: ә ғ қ ң ө ұ ү һ і", false),
    ("ru", "Съешь же ещё этих мягких французских булок", false),
    ("uz", "Oʻzbekiston, togʻ, Gʻijduvon", false),
    ("ar", "اطلبوا العلم من المهد إلى اللحد", true),
];

fn document(fonts: &FontBook) -> Document {
    let shaper = Shaper::new(fonts);
    let chain = fonts.chain(FontRequest {
        family: Family::Serif,
        bold: false,
        italic: false,
    });
    let mut pages = Vec::new();
    // Each line is a paragraph whose text is a link.
    let mut structure = Vec::new();
    for (i, (lang, text, rtl)) in LINES.iter().enumerate() {
        structure.push(StructNode {
            role: Role::Paragraph,
            parent: None,
            lang: (*lang != "en").then(|| lang.to_string()),
            alt: None,
            after: None,
        });
        structure.push(StructNode {
            role: Role::Link,
            parent: Some(structure.len() - 1),
            lang: None,
            alt: None,
            after: None,
        });
        let link_node = structure.len() - 1;
        let mut page = Page::new(420.0, 595.0);
        let shared: Arc<str> = Arc::from(*text);
        let runs = shaper.shape(&ShapeRequest {
            text,
            range: 0..text.len(),
            chain: &chain,
            size: 12.0,
            lang: Some(lang),
            rtl: *rtl,
        });
        let width: f32 = runs.iter().map(|r| r.width()).sum();
        let mut x = if *rtl { 380.0 - width } else { 40.0 };
        for run in runs {
            let w = run.width();
            page.items.push(Positioned {
                x,
                y: 100.0,
                item: Item::Text(TextItem {
                    run,
                    text: shared.clone(),
                    node: Some(link_node),
                    lang: Some(Arc::from(*lang)),
                }),
            });
            x += w;
        }
        page.items.push(Positioned {
            x: 40.0,
            y: 110.0,
            item: Item::Rule {
                width: 100.0,
                thickness: 0.5,
            },
        });
        page.anchors.push(Anchor {
            name: format!("page-{i}"),
            y: 80.0,
        });
        let target = if i == 0 {
            LinkTarget::Url("https://example.org/".into())
        } else {
            LinkTarget::Anchor("page-0".into())
        };
        page.items.push(Positioned {
            x: 40.0,
            y: 88.0,
            item: Item::Link {
                width: width.min(300.0),
                height: 14.0,
                target,
                node: Some(link_node),
            },
        });
        pages.push(page);
    }
    let outline = vec![OutlineEntry {
        title: "Lines".into(),
        anchor: "page-0".into(),
        children: (1..LINES.len())
            .map(|i| OutlineEntry {
                title: format!("Line {i}"),
                anchor: format!("page-{i}"),
                children: vec![],
            })
            .collect(),
    }];
    Document {
        pages,
        outline,
        info: DocumentInfo {
            title: "Writer test".into(),
            authors: vec!["A. Tester".into()],
            lang: Some("en".into()),
            subject: None,
            keywords: vec![],
            date: Some((2026, 11, 29, 12, 0, 0)),
        },
        images: vec![],
        structure,
    }
}

fn tool(name: &str) -> bool {
    let found = Command::new(name).arg("-v").output().is_ok()
        || Command::new(name).arg("--version").output().is_ok();
    assert!(
        found || !common::strict(),
        "{name} is required (CHAPBOOK_STRICT=1)"
    );
    if !found {
        eprintln!("NOTE: {name} not found; that part of the check is skipped");
    }
    found
}

#[test]
fn text_fonts_bookmarks_and_structure() {
    let fonts = FontBook::bundled();
    let standards = [Standard::Ua1, Standard::A2b];
    let bytes = chapbook::pdf::write::write(&document(&fonts), &fonts, &standards).unwrap();
    assert_eq!(
        bytes,
        chapbook::pdf::write::write(&document(&fonts), &fonts, &standards).unwrap(),
        "same frames, same bytes"
    );
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains("pdfuaid:part") && text.contains("pdfaid:part"),
        "PDF/UA and PDF/A identification in the XMP metadata"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.pdf");
    std::fs::write(&path, &bytes).unwrap();
    if let Ok(keep) = std::env::var("CHAPBOOK_KEEP_PDF") {
        std::fs::write(keep, &bytes).unwrap();
    }
    if tool("pdftotext") {
        for (i, (lang, text, _)) in LINES.iter().enumerate() {
            let page = (i + 1).to_string();
            let out = Command::new("pdftotext")
                .args(["-f", &page, "-l", &page, "-enc", "UTF-8"])
                .arg(&path)
                .arg("-")
                .output()
                .unwrap();
            // pdftotext wraps right-to-left lines in U+202B … U+202C embedding marks of its
            // own; the text between them must be ours, in logical order.
            let extracted: String = String::from_utf8(out.stdout)
                .unwrap()
                .chars()
                .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}'))
                .collect();
            assert_eq!(
                extracted.trim(),
                *text,
                "{lang}: text must copy out exactly"
            );
        }
    }
    if tool("pdffonts") {
        let out = String::from_utf8(Command::new("pdffonts").arg(&path).output().unwrap().stdout)
            .unwrap();
        let rows: Vec<&str> = out.lines().skip(2).collect();
        assert_eq!(rows.len(), 2, "serif and Naskh Arabic:\n{out}");
        for row in rows {
            let name = row.split_whitespace().next().unwrap();
            assert!(
                name.len() > 7 && name.as_bytes()[6] == b'+',
                "font not subset: {row}"
            );
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            assert_eq!(
                &cols[n - 5..n - 2],
                &["yes", "yes", "yes"],
                "emb sub uni: {row}"
            );
        }
    }
    if tool("qpdf") {
        let check = Command::new("qpdf")
            .arg("--check")
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{}",
            String::from_utf8_lossy(&check.stdout)
        );
        let json = String::from_utf8(
            Command::new("qpdf")
                .args(["--json", "--json-key=outlines"])
                .arg(&path)
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap();
        assert_eq!(json.matches("\"title\"").count(), LINES.len(), "{json}");
    }
}
