//! Characters that once stopped the PDF writer: a TAB in a paragraph failed the build with
//! krilla's debug output (`ContainsNotDefGlyph(Font {..}, None, "\t"), Validators {…}`). TABs
//! are now spaces in running text (issue #13); a character that has no glyph is reported by
//! the coverage check before layout, and should the writer still refuse one, `pdf::error`
//! names it in words (its unit test).

mod common;

use common::cli::{self, chapbook};

/// A TAB in a paragraph is a space in the PDF, and the build succeeds.
#[test]
fn a_tab_in_a_paragraph_is_a_space() {
    let dir = cli::book();
    let entry = "+++\ntitle = \"Fine\"\nauthors = [\"ann\"]\ndate = 2026-01-02\n+++\nA\ttab.\n";
    cli::write(dir.path(), "entries/fine.md", entry.as_bytes());
    let out = tempfile::tempdir().unwrap();
    let (run, all) = build_pdf(dir.path(), out.path());
    assert_eq!(run.status.code(), Some(0), "{all}");
    let pdf = std::fs::read_dir(out.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .expect("a PDF");
    let Ok(text) = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
    else {
        assert!(!common::strict(), "pdftotext is required");
        return;
    };
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("A tab."), "the TAB is a space:\n{text}");
}

/// A character no font has stops the build before layout, named once with what to do.
#[test]
fn a_character_without_a_glyph_is_named_in_words() {
    let dir = cli::book();
    // U+13000 EGYPTIAN HIEROGLYPH A001 is in no bundled font.
    let entry = "+++\ntitle = \"Fine\"\nauthors = [\"ann\"]\ndate = 2026-01-02\n+++\nA 𓀀 here.\n";
    cli::write(dir.path(), "entries/fine.md", entry.as_bytes());
    let out = tempfile::tempdir().unwrap();
    let (run, all) = build_pdf(dir.path(), out.path());
    assert_eq!(run.status.code(), Some(1), "{all}");
    assert!(all.contains("U+13000"), "the character is named:\n{all}");
    assert!(all.contains("entries/fine.md:6"), "its place:\n{all}");
    assert!(
        !all.contains("ContainsNotDefGlyph") && !all.contains("Validators") && !all.contains("{"),
        "no debug output:\n{all}"
    );
    assert!(all.contains("[pdf.fonts]"), "what to do:\n{all}");
}

/// `chapbook build BOOK --out OUT --format pdf` through the real binary: its output and all
/// it printed.
fn build_pdf(book: &std::path::Path, out: &std::path::Path) -> (std::process::Output, String) {
    let run = chapbook(&[
        "build",
        book.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "pdf",
    ]);
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    (run, all)
}
