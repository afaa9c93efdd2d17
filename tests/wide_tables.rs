//! Wide tables never run off the page (issue #13): cells wrap (addresses break after `/ . ?
//! & -`), the type shrinks down to `[pdf.tables] min-scale`, then the columns are set in
//! groups, and a warning says which; right-to-left tables run right to left.

mod common;

use chapbook::build::Format;
use common::cli;

/// Every line of every page, from the page dump: (page width, x start, x end, text).
fn lines(dump: &str) -> Vec<(f32, f32, f32, String)> {
    let mut width = 0.0;
    let mut out = Vec::new();
    for line in dump.lines() {
        if let Some(rest) = line.strip_prefix("page ") {
            let size = rest.split_whitespace().nth(1).unwrap();
            width = size.split('x').next().unwrap().parse().unwrap();
        } else if let Some(rest) = line.trim_start().strip_prefix("y ") {
            let mut parts = rest.splitn(4, ' ');
            let _y = parts.next();
            let _x = parts.next();
            let (a, b) = parts.next().unwrap().split_once("..").unwrap();
            out.push((
                width,
                a.parse().unwrap(),
                b.parse().unwrap(),
                parts.next().unwrap_or("").to_string(),
            ));
        }
    }
    out
}

#[test]
fn wide_tables_stay_inside_the_text_block_and_say_how() {
    let dir = cli::book();
    let header: Vec<String> = (1..=12).map(|i| format!("Column{i}")).collect();
    let row: Vec<String> = (1..=12).map(|i| format!("value{i}longer")).collect();
    let twelve = format!(
        "| {} |\n|{}\n| {} |\n| {} |\n",
        header.join(" | "),
        "---|".repeat(12),
        row.join(" | "),
        row.join(" | ")
    );
    let url = "| Source | Address |\n|---|---|\n| report | https://www.example.org/reports/2026/annual-review/appendix-b/tables/full-list.html?section=3&lang=en |\n";
    let body = format!("A wide table.\n\n{twelve}\nA table with an address.\n\n{url}");
    let entry =
        format!("+++\ntitle = \"Tables\"\nauthors = [\"ann\"]\ndate = 2026-01-02\n+++\n{body}");
    cli::write(dir.path(), "entries/fine.md", entry.as_bytes());
    let (outcome, _out) = common::build_to(dir.path(), &[Format::Pdf]);
    let messages: Vec<String> = outcome.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(!outcome.failed(), "{messages:?}");
    assert!(
        messages.iter().any(
            |m| m.contains("the table with the columns `Column1`, `Column2`")
                && m.contains("groups")
                && m.contains("entries/fine.md:")
        ),
        "a warning names the table, says how it was fitted and where it is: {messages:?}"
    );
    assert!(
        !messages.iter().any(|m| m.contains("broken by force")),
        "the address breaks at its own break points: {messages:?}"
    );
    let (book, _) = chapbook::load(dir.path());
    let book = book.unwrap();
    let fonts = chapbook::typeset::font::FontBook::with_fallbacks(&book.fonts);
    let frames = chapbook::layout::layout(&book, &book.pdf_style, &fonts);
    let dump = chapbook::typeset::dump::dump(&frames);
    let page = &book.pdf_style.page;
    let margin = page.margin_inner.min(page.margin_outer);
    for (width, start, end, text) in lines(&dump) {
        assert!(
            start >= margin - 0.5 && end <= width - margin + 0.5,
            "`{text}` runs from {start} to {end}, outside the text block ({margin}..{})",
            width - margin
        );
    }
    // Every cell is printed: the first column in each group, every other column once.
    let all: String = lines(&dump).into_iter().map(|l| l.3 + " ").collect();
    for i in 1..=12 {
        assert!(all.contains(&format!("Column{i}")), "Column{i}");
        assert!(all.contains(&format!("value{i}longer")), "value{i}longer");
    }
    assert!(
        all.contains("full-list.html"),
        "the address is printed whole, over lines"
    );
}

#[test]
fn right_to_left_tables_run_right_to_left() {
    let dir = cli::book();
    let entry = "+++\ntitle = \"جدول\"\nlang = \"ar\"\nauthors = [\"ann\"]\ndate = 2026-01-02\n+++\nنص.\n\n| الأول | الثاني |\n|---|---|\n| واحد | اثنان |\n";
    cli::write(dir.path(), "entries/fine.md", entry.as_bytes());
    // The bold Arabic header words are measured in their joined forms, so none is broken.
    let (outcome, _out) = common::build_to(dir.path(), &[Format::Pdf]);
    assert!(
        outcome
            .diagnostics
            .iter()
            .all(|d| !d.message.contains("broken by force")),
        "{:?}",
        outcome.diagnostics
    );
    let (book, diags) = chapbook::load(dir.path());
    let book = book.unwrap_or_else(|| panic!("{diags:?}"));
    let fonts = chapbook::typeset::font::FontBook::with_fallbacks(&book.fonts);
    let frames = chapbook::layout::layout(&book, &book.pdf_style, &fonts);
    // The x of the run that sets `word`.
    let x_of = |word: &str| -> f32 {
        frames
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .find_map(|pos| match &pos.item {
                chapbook::typeset::frame::Item::Text(t) => {
                    let range = t.run.range.clone();
                    (t.text.get(range)?.trim() == word).then_some(pos.x)
                }
                _ => None,
            })
            .unwrap_or_else(|| {
                let runs: Vec<String> = frames
                    .pages
                    .iter()
                    .flat_map(|p| &p.items)
                    .filter_map(|pos| match &pos.item {
                        chapbook::typeset::frame::Item::Text(t) => {
                            t.text.get(t.run.range.clone()).map(str::to_string)
                        }
                        _ => None,
                    })
                    .collect();
                panic!("`{word}` is set: {runs:?}")
            })
    };
    // (The header's words are set in two runs each by the bold face; the body's in one.)
    assert!(
        x_of("واحد") > x_of("اثنان"),
        "the first column is the rightmost"
    );
}
