//! Page layout rules on small books made for each rule: table headers repeat on every page a
//! table runs over, entries can start on right-hand pages, a long footnote continues on the
//! next page, a word longer than the line is set rather than lost, and a right-to-left book
//! reads back in order.

mod common;

use chapbook::build::{BuildOptions, Format, build};
use common::*;
use std::path::Path;
use std::process::Command;

fn write(root: &Path, name: &str, text: &str) {
    let path = root.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Builds a book to PDF, in a temporary folder that lives as long as the one returned.
fn build_pdf(root: &Path) -> (tempfile::TempDir, std::path::PathBuf) {
    let (outcome, out) = build_to(root, &[Format::Pdf]);
    let messages: Vec<String> = outcome.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(!outcome.failed(), "{}", messages.join("\n"));
    (out, outcome.outputs[0].clone())
}

/// Builds a book to PDF and returns the text of each page (empty without pdftotext).
fn pages(root: &Path) -> Vec<String> {
    let (_out, pdf) = build_pdf(root);
    let pdf = &pdf;
    let mut texts = Vec::new();
    for n in 1.. {
        let s = n.to_string();
        let Ok(out) = Command::new("pdftotext")
            .args(["-f", &s, "-l", &s, "-enc", "UTF-8"])
            .arg(pdf)
            .arg("-")
            .output()
        else {
            assert!(!strict(), "pdftotext is required (CHAPBOOK_STRICT=1)");
            return Vec::new();
        };
        if !out.status.success() {
            break;
        }
        texts.push(String::from_utf8_lossy(&out.stdout).into_owned());
    }
    texts
}

fn book(entries: &[(&str, &str)], extra_config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "book.toml",
        &format!("title = \"Layout\"\nlanguage = \"en\"\n{extra_config}"),
    );
    for (name, text) in entries {
        write(dir.path(), &format!("entries/{name}"), text);
    }
    dir
}

#[test]
fn table_header_repeats_on_every_page() {
    let mut md =
        String::from("+++\ntitle = \"Table\"\n+++\n| Oblast | Centre | Note |\n|---|---|---|\n");
    for i in 1..=90 {
        md.push_str(&format!("| Region {i} | Town {i} | row {i} |\n"));
    }
    let dir = book(&[("t.md", &md)], "");
    let texts = pages(dir.path());
    let with_rows: Vec<&String> = texts.iter().filter(|t| t.contains("Region ")).collect();
    assert!(
        with_rows.len() >= 2,
        "the table should run over pages: {}",
        with_rows.len()
    );
    for t in with_rows {
        assert!(
            t.contains("Oblast") && t.contains("Centre"),
            "a page of the table lacks its header:\n{t}"
        );
    }
    let all: String = texts.concat();
    for i in 1..=90 {
        assert!(
            all.contains(&format!("Region {i}\n")) || all.contains(&format!("Region {i} ")),
            "row {i} lost"
        );
    }
}

#[test]
fn entries_start_on_right_hand_pages_when_asked() {
    let entry = |t: &str| format!("+++\ntitle = \"{t}\"\n+++\nA short entry called {t}.\n");
    let (a, b, c) = (entry("Alpha"), entry("Beta"), entry("Gamma"));
    let dir = book(
        &[("a.md", &a), ("b.md", &b), ("c.md", &c)],
        "entries = [\"a.md\", \"b.md\", \"c.md\"]\n[pdf.flow]\nrecto = true\n",
    );
    let texts = pages(dir.path());
    if texts.is_empty() {
        return;
    }
    for title in ["Alpha", "Beta", "Gamma"] {
        let page = texts
            .iter()
            .position(|t| t.contains(&format!("A short entry called {title}")))
            .unwrap()
            + 1;
        assert_eq!(
            page % 2,
            1,
            "{title} opens on page {page}, a left-hand page"
        );
    }
}

#[test]
fn long_footnote_continues_on_the_next_page() {
    let filler = "The steppe was quiet that evening, and the bus was late again. ".repeat(40);
    let note = "This note is long. ".repeat(300);
    let md = format!(
        "+++\ntitle = \"Notes\"\n+++\n{filler}\n\n{filler}\n\nHere is the citation.[^n] {filler}\n\n[^n]: {note}End of the note.\n"
    );
    let dir = book(&[("n.md", &md)], "");
    let texts = pages(dir.path());
    if texts.is_empty() {
        return;
    }
    let start = texts
        .iter()
        .position(|t| t.contains("1. This note is long."))
        .expect("note start");
    let cited = texts
        .iter()
        .position(|t| t.contains("Here is the citation."))
        .expect("citation");
    assert_eq!(start, cited, "the note starts on the page that cites it");
    let end = texts
        .iter()
        .position(|t| t.contains("End of the note."))
        .expect("note end");
    assert!(
        end > start,
        "the note is too long for one page and continues"
    );
}

#[test]
fn a_word_longer_than_the_line_is_set_not_lost() {
    let word =
        "Taumatawhakatangihangakoauauotamateaturipukakapikimaungahoronukupokaiwhenuakitanatahu"
            .repeat(2);
    let md = format!("+++\ntitle = \"Long\"\n+++\nBefore {word} after.\n");
    let dir = book(&[("l.md", &md)], "[pdf.text]\nhyphenate = false\n");
    let texts = pages(dir.path());
    if texts.is_empty() {
        return;
    }
    let all: String = texts.concat().split_whitespace().collect();
    assert!(all.contains(&word), "the long word must come back whole");
    assert!(all.contains("Before") && all.contains("after."));
}

#[test]
fn right_to_left_book_reads_back_in_order() {
    let dir = repo().join("tests/fixtures/rtl-arabic");
    let texts = pages(&dir);
    if texts.is_empty() {
        return;
    }
    let all: String = texts
        .concat()
        .chars()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}'))
        .collect::<String>()
        .split_whitespace()
        .collect();
    // pdftotext rebuilds logical order from positions with its own bidi pass, which cannot see
    // the isolate around the Kazakh phrase: the "!" that we set at its right end comes back
    // on the Arabic side. The letters must come back whole and in order.
    for expected in [
        "وصلناإلىالمدينةفيالصباح",
        "Қошкелдіңіздер",
        "WelcometoAlmaty",
        "بالإنجليزية",
    ] {
        assert!(all.contains(expected), "`{expected}` not found in:\n{all}");
    }
}

/// A font the book names in `[pdf.fonts] fallback` sets the characters it has, before the
/// bundled Noto Sans Symbols 2 (which has them too since issue #13); without it the same book
/// builds with the bundled symbols.
#[test]
fn book_fallback_font_sets_what_it_has_before_the_bundled_symbols() {
    let fixture = repo().join("tests/fixtures/fallback-font");
    let texts = pages(&fixture);
    if !texts.is_empty() {
        let all: String = texts.concat();
        for c in ['♔', '♟', '☐', '☑'] {
            assert!(all.contains(c), "{c} not in the PDF text");
        }
    }
    let (book, _) = chapbook::source::load(&fixture);
    let book = book.expect("the fixture loads");
    let fonts = chapbook::typeset::font::FontBook::with_fallbacks(
        &book.fonts,
        &book.pdf_style.text.script_sizes,
    );
    let chain = fonts.chain(chapbook::typeset::font::FontRequest {
        family: chapbook::typeset::font::Family::Serif,
        bold: false,
        italic: false,
    });
    let face = fonts.resolve(&chain, '♔').map(|f| fonts.face(f).name);
    assert_eq!(
        face,
        Some(book.fonts[0].name.as_str()),
        "the book's font sets ♔"
    );
    let copy = tempfile::tempdir().unwrap();
    write(copy.path(), "book.toml", "title = \"No Fallback\"\n");
    let entry = std::fs::read_to_string(fixture.join("entries/chess.md")).unwrap();
    write(copy.path(), "entries/chess.md", &entry);
    let out = tempfile::tempdir().unwrap();
    let outcome = build(&BuildOptions {
        impose: None,
        handouts: false,
        book_dir: copy.path().to_path_buf(),
        out_dir: out.path().to_path_buf(),
        formats: vec![Format::Pdf],
    });
    assert!(!outcome.failed(), "{:?}", outcome.diagnostics);
}

/// A paragraph with no language mark, written wholly in Arabic inside an English entry, is set
/// right to left in both outputs (its letters detected; its language is not guessed).
#[test]
fn undeclared_arabic_paragraph_is_right_to_left() {
    let md = "+++\ntitle = \"Detect\"\n+++\nAn English paragraph first.\n\nالعلم نور والجهل ظلام.\n";
    let dir = book(&[("d.md", md)], "");
    let out = tempfile::tempdir().unwrap();
    let outcome = build(&BuildOptions {
        impose: None,
        handouts: false,
        book_dir: dir.path().to_path_buf(),
        out_dir: out.path().to_path_buf(),
        formats: vec![Format::Epub, Format::Pdf],
    });
    assert!(!outcome.failed());
    let mut epub = Epub::open(&outcome.outputs[0]);
    let xhtml = epub.text("OEBPS/text/d.xhtml");
    assert!(
        xhtml.contains("<p dir=\"rtl\">العلم نور والجهل ظلام.</p>"),
        "{xhtml}"
    );
    // In the PDF the Arabic line ends at the right margin: its last glyph is further right
    // than the English line's first glyph is from the left margin.
    let fonts = chapbook::typeset::font::FontBook::bundled();
    let (loaded, _) = chapbook::source::load(dir.path());
    let loaded = loaded.unwrap();
    let frames = chapbook::layout::layout(&loaded, &loaded.pdf_style, &fonts);
    let page = frames
        .pages
        .iter()
        .find(|p| p.anchors.iter().any(|a| a.name == "entry-d"))
        .unwrap();
    let runs: Vec<(f32, f32, &str)> = page
        .items
        .iter()
        .filter_map(|p| match &p.item {
            chapbook::typeset::frame::Item::Text(t) => {
                Some((p.x, p.x + t.run.width(), &t.text[t.run.range.clone()]))
            }
            _ => None,
        })
        .collect();
    let arabic = runs
        .iter()
        .find(|(_, _, text)| text.contains("العلم"))
        .unwrap();
    let english = runs
        .iter()
        .find(|(_, _, text)| text.contains("English paragraph"))
        .unwrap();
    let right_margin = page.width
        - loaded
            .pdf_style
            .page
            .margin_inner
            .min(loaded.pdf_style.page.margin_outer);
    assert!(
        arabic.1 > right_margin - 60.0,
        "Arabic paragraph should sit at the right: {arabic:?}"
    );
    assert!(arabic.0 > english.0 + 100.0, "{arabic:?} vs {english:?}");
}

/// Issue #15, on the makeup fixture (measured from the PDF's word boxes): its ten-row table,
/// at the foot of a page, splits between rows with at least three on each side and its header
/// on both pages; its long note, cited from the first line of a two-line paragraph near a
/// page's foot, starts under that paragraph on its page and ends at the foot of the next,
/// before that page's own note; no page starts or ends with a single line of a paragraph.
#[test]
fn the_makeup_fixture_splits_its_table_and_its_long_note() {
    let (_out, pdf) = build_pdf(&repo().join("tests/fixtures/makeup"));
    let Some(pages) = bbox::pages(&pdf) else {
        return;
    };
    // The table: rows in order, split over two pages, three or more on each side, the
    // header row on both.
    // Each row by its time, a line of its own.
    let stops = [
        "07:15", "07:24", "07:31", "07:40", "07:52", "08:10", "08:22", "08:35", "08:47", "08:55",
    ];
    let rows: Vec<usize> = stops.iter().map(|s| bbox::page_of(&pages, s)).collect();
    assert!(rows.is_sorted(), "rows out of order: {rows:?}");
    let (first, last) = (rows[0], rows[9]);
    assert_eq!(last, first + 1, "the table runs over two pages: {rows:?}");
    let before = rows.iter().filter(|&&p| p == first).count();
    assert!(
        before >= 3 && 10 - before >= 3,
        "split {before}/{}",
        10 - before
    );
    for page in [first, last] {
        let has = |cell: &str| pages[page].iter().any(|l| l.text.starts_with(cell));
        assert!(
            has("Stop") && has("Leaves"),
            "page {} of the table has no header row",
            page + 1
        );
    }
    // The note: cited from the first line of a two-line paragraph, begun under it on its
    // page, continued at the next page's foot before that page's own note.
    let (cited, citing) = bbox::find(&pages, "wrote to the company about the bus").unwrap();
    let (second, second_line) =
        bbox::find(&pages, "to four pages, and the company kept the old bus").unwrap();
    assert_eq!(cited, second, "the two-line paragraph is split");
    assert_eq!(
        cited,
        bbox::page_of(&pages, "correct his figures from the back seat"),
        "the citing paragraph moved on, leaving its page short"
    );
    let (start, opening) = bbox::find(&pages, "1. The company had proposed").unwrap();
    assert_eq!(
        start, cited,
        "the note starts on another page than its citation"
    );
    assert!(opening.y0 > second_line.y1 && second_line.y0 > citing.y0);
    let (end, closing) = bbox::find(&pages, "with a basket of bread from the town").unwrap();
    assert_eq!(end, cited + 1, "the note continues on the next page");
    let (own, own_note) = bbox::find(&pages, "2. A diesel engine older").unwrap();
    assert_eq!(own, end);
    assert!(own_note.y0 > closing.y0, "the continuation comes first");
    // The continuation sits at the foot, under the page's text, in the notes' smaller type.
    let body = bbox::body_height(&pages, first);
    assert!(closing.height() < body - 1.0);
    assert!(
        pages[end]
            .iter()
            .filter(|l| (l.height() - body).abs() < 0.3)
            .all(|l| l.y1 < closing.y0)
    );
    assert_no_single_lines(&pages, bbox::page_of(&pages, "The bus to the lake leaves"));
}

/// No page from `from` on starts with the last line of a paragraph begun on the page before
/// (a widow) or ends with the first line of one that goes on over the page (an orphan).
/// Body lines are those of the commonest height; a line is full when it reaches the right
/// edge of the page's body lines, a paragraph's first line is indented or follows something
/// that is not a body line (a table, a heading).
fn assert_no_single_lines(pages: &[Vec<bbox::Line>], from: usize) {
    let body = bbox::body_height(pages, from);
    let lines: Vec<Vec<&bbox::Line>> = pages[from..]
        .iter()
        .map(|page| {
            let mut lines: Vec<&bbox::Line> = page
                .iter()
                .filter(|l| (l.height() - body).abs() < 0.3)
                .collect();
            lines.sort_by(|a, b| a.y0.total_cmp(&b.y0));
            lines
        })
        .collect();
    let edges = |page: &[&bbox::Line]| {
        let left = page.iter().map(|l| l.x0).fold(f32::MAX, f32::min);
        let right = page.iter().map(|l| l.x1).fold(0.0, f32::max);
        (left, right)
    };
    for (i, pair) in lines.windows(2).enumerate() {
        let (page, next) = (&pair[0], &pair[1]);
        let (Some(last), Some(first)) = (page.last(), next.first()) else {
            continue;
        };
        let (left, right) = edges(page);
        let (next_left, next_right) = edges(next);
        let continues = last.x1 >= right - 1.0 && first.x0 <= next_left + 1.0;
        if !continues {
            continue;
        }
        let n = from + i + 1;
        // The paragraph's last line alone at the top of the next page.
        assert!(
            first.x1 >= next_right - 1.0 || next.len() == 1,
            "a widow at the top of page {}: `{}`",
            n + 1,
            first.text
        );
        // The paragraph's first line alone at the foot of this page.
        let above = page.len().checked_sub(2).map(|k| page[k]);
        let starts = last.x0 > left + 1.0
            || above.is_none_or(|a| a.x1 < right - 1.0 || last.y0 - a.y1 > 3.0);
        assert!(
            !starts,
            "an orphan at the foot of page {n}: `{}`",
            last.text
        );
    }
}
