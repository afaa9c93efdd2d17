//! EPUB 3 from the model: XHTML documents, the package (OPF, nav, NCX), the zip container.
//!
//! The package is written from our model with the `zip` crate rather than epub-builder: see the
//! README's design notes for why.

mod cover;
mod package;
mod xhtml;

use crate::model::Book;

/// The stylesheet every book gets, before its own.
pub const DEFAULT_CSS: &str = include_str!("../../styles/epub.css");

/// Writes the whole EPUB into memory. The same book gives the same bytes.
pub fn write(book: &Book) -> Vec<u8> {
    let documents = xhtml::documents(book);
    package::assemble(book, documents)
}

/// A path inside the package written as a URL path: every byte but the unreserved characters
/// of RFC 3986 and `/` percent-encoded, so `text/қазақ.xhtml` and `media/my photo #1.png` are
/// hrefs every reader resolves to the file of that name.
pub(crate) fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A heading id as an XML id: an XML name starts with a letter or `_` and holds no `:`, so
/// `2024-review` becomes `h-2024-review`; links to it are written the same way.
pub(crate) fn xml_id(id: &str) -> String {
    let id = id.replace(':', "-");
    match id.chars().next() {
        Some(c) if c.is_alphabetic() || c == '_' => id,
        _ => format!("h-{id}"),
    }
}

/// Escapes text for XML content and attribute values, dropping characters XML 1.0 forbids.
/// Runs of ordinary text are copied whole: every text of the book passes here.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    out
}

/// The bytes that may need more than copying: `& < > "`, the C0 controls but TAB, LF and
/// CR, and EF, the first byte of U+FFFE and U+FFFF (EF BF BE, EF BF BF).
const SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = !matches!(b, 0x09 | 0x0A | 0x0D);
        b += 1;
    }
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'"' as usize] = true;
    table[0xEF] = true;
    table
};

/// [`escape`], appended to `out` (without a string of its own).
pub(crate) fn escape_into(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = bytes[at..].iter().position(|&b| SPECIAL[usize::from(b)]) {
        at += found;
        let (replacement, len) = match bytes[at] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            0xEF if bytes.get(at + 1) == Some(&0xBF)
                && matches!(bytes.get(at + 2), Some(0xBE | 0xBF)) =>
            {
                ("", 3)
            }
            0xEF => {
                at += 1;
                continue;
            }
            _ => ("", 1),
        };
        out.push_str(&text[copied..at]);
        out.push_str(replacement);
        at += len;
        copied = at;
    }
    out.push_str(&text[copied..]);
}

#[cfg(test)]
mod escape_tests {
    /// The byte scan escapes as the rule reads, character by character.
    #[test]
    fn escape_agrees_with_its_rule() {
        let by_chars = |text: &str| -> String {
            text.chars()
                .filter_map(|c| match c {
                    '&' => Some("&amp;".to_string()),
                    '<' => Some("&lt;".to_string()),
                    '>' => Some("&gt;".to_string()),
                    '"' => Some("&quot;".to_string()),
                    '\t' | '\n' | '\r' => Some(c.to_string()),
                    c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => None,
                    c => Some(c.to_string()),
                })
                .collect()
        };
        let texts = [
            "",
            "plain",
            "a & b < c > d \"e\" 'f'",
            "tab\tline\nreturn\r",
            "bell\u{7}nul\u{0}esc\u{1b}end",
            "\u{FFFE}x\u{FFFF}y\u{FFFD}z\u{EFBF}",
            "Қазақ «тілі» — مرحبا & 中文",
            "&&&<<<>>>",
            "\u{7f}\u{80}\u{9f}",
            "\u{EF}\u{FEFF}\u{FFFD}\u{FFFE}\u{FFFF}\u{FF0C}\u{10FFFF}\u{FFFE}&",
            "ends in a special character&",
            "中文，标点\u{0}\u{1f}\u{20}",
        ];
        for text in texts {
            assert_eq!(super::escape(text), by_chars(text), "{text:?}");
            let mut out = String::from("before ");
            super::escape_into(&mut out, text);
            assert_eq!(out, format!("before {}", by_chars(text)), "{text:?}");
        }
        // Every character, alone and between others.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("a{c}\u{FF0C}{c}");
            assert_eq!(super::escape(&text), by_chars(&text), "{c:?}");
        }
    }
}
