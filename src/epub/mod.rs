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
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 8);
    let mut copied = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        let (replacement, len) = match byte {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\t' | b'\n' | b'\r' => continue,
            0..=0x1F => ("", 1),
            // U+FFFE and U+FFFF (EF BF BE, EF BF BF).
            0xEF if bytes.get(at + 1) == Some(&0xBF)
                && matches!(bytes.get(at + 2), Some(0xBE | 0xBF)) =>
            {
                ("", 3)
            }
            _ => continue,
        };
        out.push_str(&text[copied..at]);
        out.push_str(replacement);
        copied = at + len;
    }
    out.push_str(&text[copied..]);
    out
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
        ];
        for text in texts {
            assert_eq!(super::escape(text), by_chars(text), "{text:?}");
        }
    }
}
