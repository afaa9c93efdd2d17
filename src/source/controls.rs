//! Characters no page can show: control characters and noncharacters are dropped as a file
//! is read (one warning per file names the lines), and TABs become spaces in running text or
//! go to the next tab stop in code. Both formats then see the same cleaned text: the EPUB
//! carries no character XML 1.0 forbids, and the PDF none without a glyph.

use crate::diag::Diagnostic;
use std::path::Path;

/// Columns between tab stops in code blocks and inline code. Four, not a terminal's eight:
/// code in a booklet's narrow column keeps more of its lines, and four is what most editors
/// and style guides (and GitHub's default for most languages) use for a TAB.
pub const TAB_STOP: usize = 4;

/// True for a character a text file should not hold: a C0 control other than TAB and the
/// line end, DEL, a C1 control, or a Unicode noncharacter (U+FDD0–U+FDEF and the last two
/// code points of every plane).
pub fn is_unwanted(c: char) -> bool {
    let n = c as u32;
    (c.is_control() && c != '\t' && c != '\n')
        || (0xFDD0..=0xFDEF).contains(&n)
        || n & 0xFFFE == 0xFFFE
}

/// `text` without unwanted characters, and the lines (from 1, each once) they were on.
pub fn strip(text: String) -> (String, Vec<usize>) {
    if !text.chars().any(is_unwanted) {
        return (text, Vec::new());
    }
    let mut lines: Vec<usize> = Vec::new();
    let mut line = 1;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_unwanted(c) {
            if lines.last() != Some(&line) {
                lines.push(line);
            }
            continue;
        }
        if c == '\n' {
            line += 1;
        }
        out.push(c);
    }
    (out, lines)
}

/// The one warning for a file whose unwanted characters were dropped, at the first line and
/// naming every line.
pub fn warning(file: &Path, lines: &[usize]) -> Option<Diagnostic> {
    let first = *lines.first()?;
    let list: Vec<String> = lines.iter().map(usize::to_string).collect();
    let (noun, verb) = if lines.len() == 1 {
        ("line", "holds")
    } else {
        ("lines", "hold")
    };
    Some(
        Diagnostic::warning(
            file,
            Some(first),
            format!(
                "{noun} {} {verb} control characters or noncharacters (a bell, an escape, a NUL…), which no page can show: they are left out of every format",
                list.join(", ")
            ),
        )
        .with_hint("delete them in an editor that shows invisible characters; they usually come with pasted text"),
    )
}

/// Running text: a TAB is a space (and anything unwanted that came through an escape, such
/// as `\u0007` in TOML, is dropped).
pub fn prose(text: &str) -> String {
    text.chars()
        .filter(|&c| !is_unwanted(c))
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect()
}

/// Code: each TAB goes to the next tab stop ([`TAB_STOP`] columns, counted in characters
/// from the start of its line).
pub fn code(text: &str) -> String {
    if !text.chars().any(|c| c == '\t' || is_unwanted(c)) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut column = 0;
    for c in text.chars().filter(|&c| !is_unwanted(c)) {
        match c {
            '\t' => {
                let spaces = TAB_STOP - column % TAB_STOP;
                out.extend(std::iter::repeat_n(' ', spaces));
                column += spaces;
            }
            '\n' => {
                out.push(c);
                column = 0;
            }
            _ => {
                out.push(c);
                column += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_noncharacters_are_dropped_with_their_lines() {
        let (text, lines) = strip("a\u{7}b\nc\td\n\u{1b}[0m e\u{7}\u{FFFF}\n\u{85}\u{FDD0}".into());
        assert_eq!(text, "ab\nc\td\n[0m e\n");
        assert_eq!(lines, vec![1, 3, 4]);
        assert_eq!(strip("plain\ttext\n".into()).1, Vec::<usize>::new());
        let w = warning(Path::new("entries/a.md"), &lines).unwrap();
        assert_eq!(w.line, Some(1));
        assert!(
            w.message
                .starts_with("lines 1, 3, 4 hold control characters")
        );
        assert!(warning(Path::new("a"), &[]).is_none());
    }

    #[test]
    fn a_tab_is_a_space_in_prose_and_a_tab_stop_in_code() {
        assert_eq!(prose("a\tb\u{7}c"), "a bc");
        assert_eq!(code("a\tb\nabcd\te\n\tf"), "a   b\nabcd    e\n    f");
        assert_eq!(code("ab\t\tc"), "ab      c");
    }
}
