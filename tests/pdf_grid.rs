//! The baseline grid, read back from the PDF's word boxes (`pdftotext -bbox-layout`): every
//! line of body text, on every page, has its baseline a whole number of leadings below the
//! top of the text area (so facing pages line up), whatever came before it on the page —
//! lists, quotations, code, headings, tables, definition lists, notes; a list has as much
//! space before it as after it; and `[pdf.text] baseline-grid = false` lets lines off it.

mod common;

use chapbook::build::Format;
use chapbook::config::Style;
use chapbook::typeset::inline::BASELINE;
use common::*;
use std::path::Path;
use std::process::Command;

/// How far from the grid a baseline may be: a tenth of a point (pdftotext prints the boxes
/// to a millionth).
const TOLERANCE: f32 = 0.1;

/// A line of the PDF as pdftotext groups it: its page (from 1), its words, and the baseline
/// of its body-size words (`None`: it has none).
struct Line {
    page: usize,
    text: String,
    baseline: Option<f32>,
}

/// The body font's ascent and descent, as fractions of its size (what pdftotext's boxes
/// span: from the ascent above the baseline to the descent below it).
fn body_metrics() -> (f32, f32) {
    let face = rustybuzz::ttf_parser::Face::parse(chapbook::fonts::BUNDLED[0].1, 0)
        .expect("the bundled body face parses");
    let em = face.units_per_em() as f32;
    (face.ascender() as f32 / em, -(face.descender() as f32) / em)
}

/// The lines of `pdf`, each with the baseline of its body-size words (those whose box is as
/// tall as the body face at the body size).
fn lines(pdf: &Path, size: f32) -> Vec<Line> {
    let Ok(out) = Command::new("pdftotext")
        .arg("-bbox-layout")
        .arg(pdf)
        .arg("-")
        .output()
    else {
        assert!(!strict(), "pdftotext is required (CHAPBOOK_STRICT=1)");
        return Vec::new();
    };
    let xml = String::from_utf8_lossy(&out.stdout);
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(&xml, options).expect("bbox XHTML");
    let (ascent, descent) = body_metrics();
    let body_height = (ascent + descent) * size;
    let attr = |n: &roxmltree::Node, a: &str| -> f32 {
        n.attribute(a)
            .and_then(|v| v.parse().ok())
            .unwrap_or(f32::NAN)
    };
    let mut lines = Vec::new();
    let pages = doc.descendants().filter(|n| n.has_tag_name("page"));
    for (i, page) in pages.enumerate() {
        for line in page.descendants().filter(|n| n.has_tag_name("line")) {
            let words: Vec<_> = line
                .descendants()
                .filter(|n| n.has_tag_name("word"))
                .collect();
            let text = words
                .iter()
                .map(|w| w.text().unwrap_or(""))
                .collect::<Vec<_>>()
                .join(" ");
            // A note marker or inline code beside body words has a box of its own size.
            let mut bottoms: Vec<f32> = words
                .iter()
                .filter(|w| (attr(w, "yMax") - attr(w, "yMin") - body_height).abs() < 0.05)
                .map(|w| attr(w, "yMax"))
                .collect();
            bottoms.sort_by(f32::total_cmp);
            let baseline = bottoms.get(bottoms.len() / 2).map(|b| b - descent * size);
            lines.push(Line {
                page: i + 1,
                text,
                baseline,
            });
        }
    }
    lines
}

/// The pages that carry a folio (the last line of the page is its number): the cover and
/// the title page, set free of the grid, carry none.
fn folio_pages(lines: &[Line]) -> Vec<usize> {
    let last = lines.iter().map(|l| l.page).max().unwrap_or(0);
    (1..=last)
        .filter(|&p| {
            lines
                .iter()
                .rfind(|l| l.page == p)
                .is_some_and(|l| l.text == p.to_string())
        })
        .collect()
}

/// The body lines of the pages with folios whose baseline is off the grid, as messages, and
/// how many body lines there were.
fn off_grid(lines: &[Line], style: &Style) -> (Vec<String>, usize) {
    let leading = style.text.leading;
    let first = style.page.margin_top + BASELINE * leading;
    let pages = folio_pages(lines);
    let mut off = Vec::new();
    let mut count = 0;
    for line in lines.iter().filter(|l| pages.contains(&l.page)) {
        let Some(baseline) = line.baseline else {
            continue;
        };
        count += 1;
        let k = (baseline - first) / leading;
        let miss = (k - k.round()).abs() * leading;
        if miss > TOLERANCE {
            off.push(format!(
                "page {}: baseline {baseline:.2} is {miss:.2} pt off the grid (line {k:.2}): {}",
                line.page, line.text
            ));
        }
    }
    (off, count)
}

fn build_pdf(book: &Path) -> (tempfile::TempDir, std::path::PathBuf) {
    let (outcome, out) = build_to(book, &[Format::Pdf]);
    let messages: Vec<String> = outcome.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(!outcome.failed(), "{}", messages.join("\n"));
    let pdf = outcome.outputs[0].clone();
    (out, pdf)
}

/// One part of the test entry: every kind of block that takes other space than body lines.
fn part(n: usize) -> String {
    format!(
        "Before the list {n}, a paragraph long enough to run over two lines of the measure, so that \
the list follows a full line of text.

- Alpha item {n}
- Beta item {n}, which is long enough to wrap onto a second line of the list, as items do.
- Gamma item {n}

After the list {n}, the text goes on. Here is a note.[^n{n}] And a numbered list:

1. First
2. Second

> A quotation {n}, set in italics and indented from both sides, long enough to take two lines
> of the measure.

The text between the quotation and the code.

```
let grid = 13.5; // code {n} is set smaller, at its own leading
let lines = 3;
for line in 0..lines {{ print(line); }}
```

## A heading {n}

Under the heading, a paragraph of body text that runs on for a while to fill two lines.

| Town | Population |
|---|---:|
| Astana {n} | 1 350 000 |
| Almaty | 2 200 000 |
| Shymkent | 1 200 000 |

After the table, the text is back on the grid.

### A smaller heading {n}

Term {n}
: Its definition, indented below it.

Another term
: Another definition.

#### Under a heading {n}

- Delta item {n}
- Epsilon item {n}

After the second list {n}, which follows a heading: a line after it all the same.

"
    )
}

fn grid_book(extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("entries")).unwrap();
    std::fs::write(
        root.join("book.toml"),
        format!("title = \"Grid\"\nlanguage = \"en\"\nentries = [\"grid.md\"]\n{extra}"),
    )
    .unwrap();
    let mut body: String = (1..=6).map(part).collect();
    for n in 1..=6 {
        body.push_str(&format!(
            "[^n{n}]: A footnote, set smaller at the foot of the page.\n\n"
        ));
    }
    std::fs::write(
        root.join("entries/grid.md"),
        format!("+++\ntitle = \"On the grid\"\n+++\n{body}"),
    )
    .unwrap();
    dir
}

/// The lines of the test book's PDF, built with `extra` in its book.toml.
fn grid_lines(extra: &str) -> Vec<Line> {
    let book = grid_book(extra);
    let (_out, pdf) = build_pdf(book.path());
    lines(&pdf, Style::default().text.font_size)
}

#[test]
fn every_body_line_of_every_page_sits_on_the_grid() {
    let style = Style::default();
    let lines = grid_lines("");
    if lines.is_empty() {
        return;
    }
    let pages = folio_pages(&lines);
    assert!(pages.len() >= 6, "the book runs over pages: {pages:?}");
    let (off, count) = off_grid(&lines, &style);
    assert!(count >= 100, "only {count} body lines were found");
    assert!(
        off.is_empty(),
        "{} of {count} off the grid:\n{}",
        off.len(),
        off.join("\n")
    );
}

#[test]
fn a_list_has_as_much_space_before_as_after() {
    let style = Style::default();
    let leading = style.text.leading;
    let lines = grid_lines("");
    if lines.is_empty() {
        return;
    }
    let at = |text: &str| -> (usize, f32) {
        let i = lines
            .iter()
            .position(|l| l.text.contains(text))
            .unwrap_or_else(|| panic!("no line holds {text:?}"));
        (i, lines[i].baseline.expect("a body line"))
    };
    let (alpha, first_item) = at("Alpha item 1");
    let (gamma, last_item) = at("Gamma item 1");
    let (after, next) = at("After the list 1,");
    let before = lines[alpha - 1].baseline.expect("the line before the list");
    let between = first_item - before;
    let following = next - last_item;
    assert!(
        lines[alpha - 1].page == lines[after].page && lines[gamma].page == lines[after].page,
        "the first list should stand on one page"
    );
    assert!(
        (between - following).abs() < TOLERANCE,
        "{between:.2} pt from the text to the list, {following:.2} pt from the list to the text"
    );
    // A whole line is left before and after it; its items follow each other line by line.
    assert!((between - 2.0 * leading).abs() < TOLERANCE, "{between:.2}");
    let (beta, second_item) = at("Beta item 1");
    assert_eq!(beta, alpha + 1);
    assert!((second_item - first_item - leading).abs() < TOLERANCE);
    // A list right under a heading has no space above but its line below.
    let mut seen = 0;
    for n in 1..=6 {
        let (last, last_item) = at(&format!("Epsilon item {n}"));
        let (after, next) = at(&format!("After the second list {n},"));
        if lines[last].page == lines[after].page {
            seen += 1;
            let following = next - last_item;
            assert!(
                (following - 2.0 * leading).abs() < TOLERANCE,
                "{following:.2}"
            );
        }
    }
    assert!(
        seen > 0,
        "no list under a heading stands on one page with what follows"
    );
}

#[test]
fn the_sample_book_and_the_fixtures_sit_on_the_grid() {
    let style = Style::default();
    let mut books = vec![repo().join("book")];
    books.extend(fixture_dirs());
    let mut total = 0;
    for book in books {
        let (_out, pdf) = build_pdf(&book);
        let lines = lines(&pdf, style.text.font_size);
        let (off, count) = off_grid(&lines, &style);
        total += count;
        assert!(
            off.is_empty(),
            "{}: {} of {count} body lines off the grid:\n{}",
            book.display(),
            off.len(),
            off.join("\n")
        );
    }
    assert!(
        total >= 500 || !lines_available(),
        "{total} body lines in all"
    );
}

/// Whether pdftotext runs here.
fn lines_available() -> bool {
    Command::new("pdftotext").arg("-v").output().is_ok()
}

#[test]
fn the_grid_can_be_turned_off() {
    let style = Style::default();
    let lines = grid_lines("[pdf.text]\nbaseline-grid = false\n");
    if lines.is_empty() {
        return;
    }
    // Without it, the space around a table or code block takes lines off the grid.
    let (off, count) = off_grid(&lines, &style);
    assert!(
        off.len() * 4 > count,
        "only {} of {count} lines off the grid without it",
        off.len()
    );
}
