//! `~~struck~~` text keeps its meaning in the PDF: a line is drawn through it (it used to
//! print as plain text).

mod common;

use chapbook::build::Format;
use common::cli;

#[test]
fn struck_text_has_a_line_through_it() {
    let dir = cli::book();
    let entry = "+++\ntitle = \"Fine\"\nauthors = [\"ann\"]\ndate = 2026-01-02\n+++\nThe meeting is on ~~Monday~~ Tuesday.\n";
    cli::write(dir.path(), "entries/fine.md", entry.as_bytes());
    let (outcome, _out) = common::build_to(dir.path(), &[Format::Pdf]);
    assert!(!outcome.failed(), "{:?}", outcome.diagnostics);
    let (book, _) = chapbook::load(dir.path());
    let book = book.unwrap();
    let fonts = chapbook::typeset::font::FontBook::with_fallbacks(
        &book.fonts,
        &book.pdf_style.text.script_sizes,
    );
    let frames = chapbook::layout::layout(&book, &book.pdf_style, &fonts);
    let dump = chapbook::typeset::dump::dump(&frames);
    let lines: Vec<&str> = dump.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("The meeting is on"))
        .unwrap_or_else(|| panic!("the line is set:\n{dump}"));
    // The rule is drawn right after the word it strikes, before the rest of the line.
    let rule = lines[at + 1..]
        .iter()
        .take(3)
        .find(|l| l.trim_start().starts_with("rule "));
    let rule = rule.unwrap_or_else(|| {
        panic!(
            "a rule through the struck word:\n{}",
            lines[at..].join("\n")
        )
    });
    // As wide as the word "Monday" in the body size, not the whole line.
    let width: f32 = rule.trim_start()["rule ".len()..]
        .split('x')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(width > 20.0 && width < 60.0, "{rule}");
}
