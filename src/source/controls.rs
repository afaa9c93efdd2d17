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

/// For each byte, whether a character that starts with it may be unwanted (or, with `TAB`,
/// may be a TAB): the ASCII controls, DEL, and the lead bytes of the C1 controls (C2), of
/// U+FDD0–U+FDEF, U+FFFE and U+FFFF (EF) and of every other plane's last two code points
/// (F0–F4). Every other character is wanted, so a text is scanned byte by byte and only the
/// characters these bytes start are asked [`is_unwanted`].
const fn candidates(tab: bool) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b != b'\n' as usize && (tab || b != b'\t' as usize);
        b += 1;
    }
    table[0x7F] = true;
    table[0xC2] = true;
    table[0xEF] = true;
    let mut b = 0xF0;
    while b <= 0xF4 {
        table[b] = true;
        b += 1;
    }
    table
}

const UNWANTED: [bool; 256] = candidates(false);
const UNWANTED_OR_TAB: [bool; 256] = candidates(true);

/// The byte offset of the first unwanted character of `text` (or TAB, with `tab`).
fn first(text: &str, tab: bool) -> Option<usize> {
    let table = if tab { &UNWANTED_OR_TAB } else { &UNWANTED };
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(found) = bytes[at..].iter().position(|&b| table[usize::from(b)]) {
        at += found;
        // A candidate byte starts a character: continuation bytes (80–BF) are never one.
        let c = text[at..].chars().next().expect("a character starts here");
        if is_unwanted(c) || (tab && c == '\t') {
            return Some(at);
        }
        at += c.len_utf8();
    }
    None
}

/// `text` without unwanted characters, and the lines (from 1, each once) they were on.
pub fn strip(text: String) -> (String, Vec<usize>) {
    let Some(start) = first(&text, false) else {
        return (text, Vec::new());
    };
    let mut lines: Vec<usize> = Vec::new();
    let mut line = 1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..start]).count();
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..start]);
    for c in text[start..].chars() {
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
    if first(text, true).is_none() {
        return text.to_string();
    }
    text.chars()
        .filter(|&c| !is_unwanted(c))
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect()
}

/// Code: each TAB goes to the next tab stop ([`TAB_STOP`] columns, counted in characters
/// from the start of its line).
pub fn code(text: &str) -> String {
    if first(text, true).is_none() {
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

    /// The byte scan finds what `chars().position` finds, for every character there is
    /// (ASCII, C1, the noncharacters, every plane's last two code points, all the rest), at
    /// the start of a text, after ASCII and after a character of another length.
    #[test]
    fn the_byte_scan_answers_as_the_character_rule_on_every_character() {
        let by_chars = |text: &str, tab: bool| {
            text.char_indices()
                .find(|&(_, c)| is_unwanted(c) || (tab && c == '\t'))
                .map(|(at, _)| at)
        };
        let mut text = String::new();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for before in ["", "a", "ж", "中", "\u{1F600}"] {
                text.clear();
                text.push_str(before);
                text.push(c);
                text.push_str("z\u{A0}");
                for tab in [false, true] {
                    assert_eq!(
                        first(&text, tab),
                        by_chars(&text, tab),
                        "{c:?} after {before:?}"
                    );
                }
            }
        }
    }

    /// The fast paths give what the character-by-character rules give.
    #[test]
    fn the_fast_paths_change_nothing() {
        let texts = [
            "",
            "plain ASCII text\nwith lines\n",
            "tab\there",
            "Қазақ «тілі» — مرحبا 中文，标点\u{FF0C}\u{FDCF}\u{FDF0}",
            "bell\u{7} after\nline two\u{85}\u{FDD0}\u{FFFE}\n\u{10FFFF}\u{1FFFE}x",
            "\u{A0}\u{AB}\u{BB}\u{9F}\u{7F}\r",
        ];
        for text in texts {
            let (stripped, lines) = strip(text.to_string());
            assert_eq!(
                stripped,
                text.chars()
                    .filter(|&c| !is_unwanted(c))
                    .collect::<String>()
            );
            let mut expected = Vec::new();
            for (n, line) in text.split('\n').enumerate() {
                if line.chars().any(is_unwanted) {
                    expected.push(n + 1);
                }
            }
            assert_eq!(lines, expected, "{text:?}");
            let prose_by_chars: String = text
                .chars()
                .filter(|&c| !is_unwanted(c))
                .map(|c| if c == '\t' { ' ' } else { c })
                .collect();
            assert_eq!(prose(text), prose_by_chars, "{text:?}");
            assert!(!code(text).contains('\t'), "{text:?}");
        }
    }

    #[test]
    fn a_tab_is_a_space_in_prose_and_a_tab_stop_in_code() {
        assert_eq!(prose("a\tb\u{7}c"), "a bc");
        assert_eq!(code("a\tb\nabcd\te\n\tf"), "a   b\nabcd    e\n    f");
        assert_eq!(code("ab\t\tc"), "ab      c");
    }
}
