//! The PDF writer's errors reach the user as sentences naming the text, never as krilla's
//! debug output (`ContainsNotDefGlyph(Font {..}, None, "\t"), Validators {…}`).

mod common;

use common::cli::{self, chapbook};

/// A TAB in a paragraph has no glyph in any font; until TABs are set as spaces (issue #13) the
/// PDF cannot be written, and the message names the character and what to do.
#[test]
fn a_character_without_a_glyph_is_named_in_words() {
    let dir = cli::book();
    let entry = "+++\ntitle = \"Fine\"\nauthors = [\"ann\"]\ndate = 2026-01-02\n+++\nA\ttab.\n";
    cli::write(dir.path(), "entries/fine.md", entry.as_bytes());
    let out = tempfile::tempdir().unwrap();
    let run = chapbook(&[
        "build",
        dir.path().to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--format",
        "pdf",
    ]);
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    // When TABs become spaces (#13), this test needs another character without a glyph.
    assert_eq!(run.status.code(), Some(1), "{all}");
    assert!(all.contains("U+0009"), "the character is named:\n{all}");
    assert!(
        !all.contains("ContainsNotDefGlyph") && !all.contains("Validators") && !all.contains("{"),
        "no debug output:\n{all}"
    );
    assert!(all.contains("[pdf.fonts] fallback"), "what to do:\n{all}");
}
