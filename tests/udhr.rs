//! Conformance over `../shared/corpora/udhr/`: the Universal Declaration of Human Rights in ten
//! languages and four scripts (Kazakh, Kyrgyz, Russian, Ukrainian, Uzbek and Turkmen in Latin and
//! Cyrillic, Arabic right to left, English) built into one book. The EPUB passes EPUBCheck with
//! every language marked; the PDF gives back every paragraph of every language, compared modulo
//! line ends and hyphenation.

mod common;

use chapbook::build::{BuildOptions, Format, build};
use common::*;
use std::process::Command;

/// Text compared modulo line ends and hyphenation: white space, hyphens and the bidi marks
/// pdftotext adds around right-to-left lines are removed. Arabic vowel marks (harakat) are
/// compared apart: a letter with a mark is one cluster of two glyphs, which krilla maps back
/// to its text with `/ActualText` (so Acrobat and Chrome copy it exactly); poppler ignores
/// `/ActualText` and places the mark by position, next to the wrong letter. The marks are
/// then checked to be all present, in number, per paragraph.
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !is_arabic_mark(*c) && !matches!(c, '-' | '\u{2010}' | '\u{00AD}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .collect()
}

fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}')
}

fn marks(text: &str) -> Vec<char> {
    let mut m: Vec<char> = text.chars().filter(|c| is_arabic_mark(*c)).collect();
    m.sort();
    m
}

#[test]
fn udhr_in_ten_languages() {
    let Some(shared) = shared() else {
        eprintln!("NOTE: ../shared not found; UDHR conformance not run");
        return;
    };
    let book = tempfile::tempdir().unwrap();
    let languages = udhr::write_book(&shared, book.path());
    let out = tempfile::tempdir().unwrap();
    let outcome = build(&BuildOptions {
        impose: None,
        handouts: false,
        book_dir: book.path().to_path_buf(),
        out_dir: out.path().to_path_buf(),
        formats: vec![Format::Epub, Format::Pdf],
    });
    let messages: Vec<String> = outcome.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        !outcome.failed(),
        "the UDHR book does not build:\n{}",
        messages.join("\n")
    );

    // EPUB: valid, every entry in its language, Arabic right to left.
    let epub_path = &outcome.outputs[0];
    assert_epubcheck_clean(epub_path);
    let mut epub = Epub::open(epub_path);
    for l in &languages {
        let name = format!(
            "OEBPS/text/{}.xhtml",
            chapbook::model::slug::safe_id(&l.key)
        );
        let xhtml = epub.text(&name);
        let doc = parse_xml(&name, &xhtml);
        let html = doc.root_element();
        assert_eq!(html.attribute("lang"), Some(l.tag.as_str()), "{name}");
        assert_eq!(
            html.attribute((XML, "lang")),
            Some(l.tag.as_str()),
            "{name}"
        );
        assert_eq!(
            html.attribute("dir") == Some("rtl"),
            l.rtl,
            "{name}: direction"
        );
    }

    // PDF: every paragraph of every language comes back.
    let pdf = &outcome.outputs[1];
    let mut titles: Vec<String> = languages.iter().map(|l| squash(&l.title)).collect();
    titles.push(squash("UDHR"));
    let mut pages = Vec::new();
    let mut raw_pages = Vec::new();
    for n in 1.. {
        let s = n.to_string();
        // The foot of the page (the folio) is cropped off: pdftotext would join it to a
        // last line that ends in a hyphen ("эф-" + "15" → "эф15").
        let Ok(output) = Command::new("pdftotext")
            .args(["-f", &s, "-l", &s, "-enc", "UTF-8", "-r", "72"])
            .args(["-x", "0", "-y", "0", "-W", "1000", "-H", "555"])
            .arg(pdf)
            .arg("-")
            .output()
        else {
            assert!(!strict(), "pdftotext is required (CHAPBOOK_STRICT=1)");
            return;
        };
        if !output.status.success() {
            break;
        }
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        let mut lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        if lines
            .last()
            .is_some_and(|l| l.trim().chars().all(|c| c.is_ascii_digit()))
        {
            lines.pop();
        }
        if n > 4 && lines.first().is_some_and(|l| titles.contains(&squash(l))) {
            lines.remove(0);
        }
        raw_pages.push(lines.join("\n"));
        pages.push(squash(&lines.join("\n")));
    }
    let all = pages.concat();
    let all_marks = marks(&raw_pages.concat());
    let mut failures = Vec::new();
    for l in &languages {
        let found = l
            .paragraphs
            .iter()
            .filter(|p| all.contains(&squash(p)))
            .count();
        eprintln!(
            "udhr {:8} {:7}: {found}/{} paragraphs found in the PDF text",
            l.key,
            l.tag,
            l.paragraphs.len()
        );
        for p in l.paragraphs.iter().filter(|p| !all.contains(&squash(p))) {
            failures.push(format!("{} ({}): {p}", l.key, l.tag));
        }
    }
    assert!(
        failures.is_empty(),
        "paragraphs missing from the PDF text:\n{}",
        failures.join("\n")
    );
    // Every Arabic vowel mark of the text is in the PDF's text, none lost or added.
    let expected_marks = marks(
        &languages
            .iter()
            .flat_map(|l| l.paragraphs.iter().cloned())
            .collect::<String>(),
    );
    assert!(!expected_marks.is_empty());
    assert_eq!(
        all_marks, expected_marks,
        "Arabic vowel marks lost or added"
    );
}

/// The multilingual fixture (`tests/fixtures/multilingual/`, which needs no `../shared`): every
/// paragraph of every entry, in each of its languages, comes back from `pdftotext`, compared as
/// above; each language is reported with its count.
#[test]
fn multilingual_fixture_text_comes_back_in_every_language() {
    use chapbook::model::{Block, Inline};
    /// Every paragraph and heading with its language, and each language span on its own.
    fn collect(blocks: &[Block], lang: &str, out: &mut Vec<(String, String)>) {
        fn spans(content: &[Inline], out: &mut Vec<(String, String)>) {
            for i in content {
                match i {
                    Inline::Span { lang, content } => {
                        out.push((format!("span:{lang}"), Inline::plain_text(content)));
                        spans(content, out);
                    }
                    Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) => spans(c, out),
                    Inline::Link { content, .. } => spans(content, out),
                    _ => {}
                }
            }
        }
        for block in blocks {
            match block {
                Block::Paragraph { lang: own, content } => {
                    let lang = own.as_ref().map_or(lang.to_string(), |l| l.to_string());
                    out.push((lang, Inline::plain_text(content)));
                    spans(content, out);
                }
                Block::Heading { content, .. } => {
                    out.push((lang.to_string(), Inline::plain_text(content)))
                }
                Block::Quote { blocks } => collect(blocks, lang, out),
                Block::List { items, .. } => {
                    for item in items {
                        collect(&item.blocks, lang, out);
                    }
                }
                _ => {}
            }
        }
    }
    let dir = repo().join("tests/fixtures/multilingual");
    let out = tempfile::tempdir().unwrap();
    let outcome = build(&BuildOptions {
        impose: None,
        handouts: false,
        book_dir: dir.clone(),
        out_dir: out.path().to_path_buf(),
        formats: vec![Format::Pdf],
    });
    assert!(!outcome.failed());
    let Ok(output) = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&outcome.outputs[0])
        .arg("-")
        .output()
    else {
        assert!(!strict(), "pdftotext is required (CHAPBOOK_STRICT=1)");
        return;
    };
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let all = squash(&text);
    let (book, _) = chapbook::source::load(&dir);
    let book = book.unwrap();
    let mut failures = Vec::new();
    let mut expected_marks = String::new();
    for entry in &book.entries {
        let mut by_lang: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
        let mut texts = vec![(entry.lang.to_string(), entry.title.clone())];
        collect(&entry.body, &entry.lang.to_string(), &mut texts);
        for (lang, plain) in texts {
            let lang = match lang.strip_prefix("span:") {
                Some(span) => span.to_string(),
                None => {
                    expected_marks.push_str(&plain);
                    lang
                }
            };
            let found = all.contains(&squash(&plain));
            let count = by_lang.entry(lang.clone()).or_default();
            count.1 += 1;
            if found {
                count.0 += 1;
            } else {
                failures.push(format!("{} ({lang}): {plain}", entry.source.display()));
            }
        }
        for (lang, (found, total)) in by_lang {
            eprintln!(
                "{:28} {lang:8}: {found}/{total} paragraphs found in the PDF text",
                entry.source.display()
            );
        }
    }
    assert!(
        failures.is_empty(),
        "paragraphs missing from the PDF text:\n{}",
        failures.join("\n")
    );
    // Every Arabic vowel mark of the book's text is in the PDF's text, none lost or added.
    assert_eq!(
        marks(&text),
        marks(&expected_marks),
        "Arabic vowel marks lost or added"
    );
}
