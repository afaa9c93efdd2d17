//! The Markdown Pandoc, Hugo and Zola users write (issue #13), on the real-world fixture:
//! `entries/pandoc-markdown.md` (sub- and superscript, a definition list, math, an escaped
//! `\[^x]`, a title with straight quotes and `---`) and `entries/arabic-code.md` (code spans
//! in Arabic sentences), built to both formats and read back from each.

mod common;

use chapbook::build::{BuildOptions, Format, build};
use chapbook::typeset::frame::{Document, Item, Role};
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

const TITLE: &str = "“Nothing lost” — the Markdown Pandoc users write";
const INLINE_MATH: &str = "$\\alpha + \\beta = \\gamma$";
const THIN_SPACE_MATH: &str = "$a\\,b$";
const DISPLAY_MATH: &str = "\\int_0^1 x^2\\,dx = \\frac{1}{3}";

fn fixture() -> PathBuf {
    repo().join("tests/fixtures/real-world")
}

struct Built {
    _out: tempfile::TempDir,
    epub: PathBuf,
    pdf: PathBuf,
    messages: Vec<String>,
}

fn built() -> Built {
    let out = tempfile::tempdir().unwrap();
    let outcome = build(&BuildOptions {
        impose: None,
        handouts: false,
        book_dir: fixture(),
        out_dir: out.path().to_path_buf(),
        formats: vec![Format::Epub, Format::Pdf],
    });
    let messages: Vec<String> = outcome.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(!outcome.failed(), "{}", messages.join("\n"));
    let epub = outcome.outputs[0].clone();
    let pdf = outcome.outputs[1].clone();
    Built {
        _out: out,
        epub,
        pdf,
        messages,
    }
}

fn tool(name: &str, args: &[&str], pdf: &Path) -> Option<String> {
    match Command::new(name).args(args).arg(pdf).output() {
        Ok(out) => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Err(e) => {
            assert!(!strict(), "{name} is required (CHAPBOOK_STRICT=1): {e}");
            eprintln!("NOTE: {name} not found; check skipped");
            None
        }
    }
}

fn frames() -> Document {
    let fonts = chapbook::typeset::font::FontBook::bundled();
    let (book, _) = chapbook::source::load(&fixture());
    let book = book.expect("the fixture loads");
    chapbook::layout::layout(&book, &book.pdf_style, &fonts)
}

/// The math is one warning for its file, naming both lines; the escaped `\[^label]` is no
/// citation, so nothing says it is undefined.
#[test]
fn math_is_one_warning_naming_its_lines_and_the_escape_is_no_citation() {
    let built = built();
    let math: Vec<&String> = built
        .messages
        .iter()
        .filter(|m| m.contains("math is not typeset"))
        .collect();
    assert_eq!(math.len(), 1, "{:#?}", built.messages);
    assert!(
        math[0].contains("entries/pandoc-markdown.md:22"),
        "{}",
        math[0]
    );
    assert!(math[0].contains("lines 22 and 24"), "{}", math[0]);
    assert!(
        !built.messages.iter().any(|m| m.contains("[^label]")),
        "{:#?}",
        built.messages
    );
}

#[test]
fn epub_has_scripts_definitions_verbatim_math_and_isolated_code() {
    let built = built();
    assert_epubcheck_clean(&built.epub);
    let mut epub = Epub::open(&built.epub);
    let pandoc = epub.text("OEBPS/text/pandoc-markdown.xhtml");
    for expected in [
        "H<sub>2</sub>O",
        "<del>this sentence</del>",
        "a<sup>2</sup>",
        "2<sup>10</sup>",
        "<dl>\n<dt>Subscript</dt>\n<dd>",
        "<dt>Definition list</dt>\n<dd>A term on a line of its own, then its definition after a colon.</dd>\n<dd>A term may have a second definition.</dd>\n</dl>",
        &format!("<code dir=\"ltr\">{INLINE_MATH}</code>"),
        &format!("<code dir=\"ltr\">{THIN_SPACE_MATH}</code>"),
        &format!("<code class=\"language-math\">$$\n{DISPLAY_MATH}\n$$\n</code>"),
        "Pandoc users write [^label] in the text",
        &format!("<h1 id=\"entry-title\">{TITLE}</h1>"),
    ] {
        assert!(pandoc.contains(expected), "{expected}\n{pandoc}");
    }
    let arabic = epub.text("OEBPS/text/arabic-code.xhtml");
    for code in [
        "print(&quot;مرحبا&quot;)",
        "len(items)",
        "count += 1",
        "git commit -m &quot;تعديل&quot;",
    ] {
        assert!(
            arabic.contains(&format!("<code dir=\"ltr\">{code}</code>")),
            "{code}\n{arabic}"
        );
    }
    let nav = epub.text("OEBPS/nav.xhtml");
    assert!(nav.contains(&format!(">{TITLE}</a>")), "{nav}");
    assert!(!nav.contains("---") && !nav.contains("&quot;"), "{nav}");
}

#[test]
fn pdf_text_has_the_math_verbatim_the_scripts_and_the_terms() {
    let built = built();
    let Some(text) = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&built.pdf)
        .arg("-")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
    else {
        assert!(!strict(), "pdftotext is required (CHAPBOOK_STRICT=1)");
        return;
    };
    let text = format!("{text}-").replace('\n', " ");
    for expected in [
        INLINE_MATH,
        THIN_SPACE_MATH,
        DISPLAY_MATH,
        "Water is H2O",
        "E = mc2",
        "is a2, and 210 bytes",
        "Subscript Text set smaller",
        "Superscript Text set smaller",
        "Definition list A term on a line",
        "write [^label] in the text",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    // The contents page and the bookmarks show the title with its marks and dash.
    assert!(text.contains(TITLE), "{text}");
    let Some(json) = tool("qpdf", &["--json", "--json-key=outlines"], &built.pdf) else {
        return;
    };
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let titles: Vec<&str> = json["outlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["title"].as_str().unwrap())
        .collect();
    assert!(titles.contains(&TITLE), "{titles:?}");
}

/// Sub- and superscripts are smaller and set below and above the baseline of their line.
#[test]
fn scripts_are_smaller_and_shifted_in_the_pdf() {
    let document = frames();
    let runs: Vec<(f32, f32, String)> = document
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|p| match &p.item {
            Item::Text(t) => Some((p.y, t.run.size, t.text[t.run.range.clone()].to_string())),
            _ => None,
        })
        .collect();
    // A run of "2" between the text before and after it: H₂O and a².
    let script = |before: &str, after: &str| {
        let i = runs
            .windows(3)
            .position(|w| w[0].2.ends_with(before) && w[1].2 == "2" && w[2].2.starts_with(after))
            .unwrap_or_else(|| panic!("{before}2{after} in {runs:#?}"));
        (runs[i].clone(), runs[i + 1].clone())
    };
    let ((base, size, _), (y, small, _)) = script("H", "O");
    assert!(
        small < size && y > base,
        "subscript {y} {small} vs {base} {size}"
    );
    let ((base, size, _), (y, small, _)) = script("a", ",");
    assert!(
        small < size && y < base,
        "superscript {y} {small} vs {base} {size}"
    );
}

/// The definition list is tagged as a list without numbering: one item per term, its label
/// the term, its body the definitions.
#[test]
fn definition_list_is_tagged_as_a_list_of_labels_and_bodies() {
    let document = frames();
    let s = &document.structure;
    let list = s
        .iter()
        .position(|n| n.role == Role::DefinitionList)
        .expect("a definition list");
    let children = |parent: usize| -> Vec<usize> {
        (0..s.len())
            .filter(|&i| s[i].parent == Some(parent))
            .collect()
    };
    let items = children(list);
    assert_eq!(items.len(), 3);
    for item in items {
        assert_eq!(s[item].role, Role::ListItem);
        let roles: Vec<Role> = children(item).iter().map(|&c| s[c].role).collect();
        assert_eq!(roles, vec![Role::Label, Role::ListBody]);
    }
}

/// In an Arabic sentence a code span is one left-to-right run: the quote that ends
/// `git commit -m "تعديل"` stays inside it instead of joining the right-to-left text around
/// (brackets keep their pair's direction by UAX #9's rule N0 even without the isolate; quotes
/// do not: this is the case that fails without it).
#[test]
fn code_in_arabic_text_is_a_left_to_right_isolate() {
    let document = frames();
    let runs: Vec<(bool, String)> = document
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|p| match &p.item {
            Item::Text(t) => Some((t.run.rtl, t.text[t.run.range.clone()].to_string())),
            _ => None,
        })
        .collect();
    for code in ["len(items)", "count += 1", "git commit -m \""] {
        assert!(
            runs.iter().any(|(rtl, t)| !rtl && t.trim() == code),
            "{code} is not one left-to-right run: {:#?}",
            runs.iter()
                .filter(|(_, t)| t.contains(code.split('(').next().unwrap()))
                .collect::<Vec<_>>()
        );
    }
}
