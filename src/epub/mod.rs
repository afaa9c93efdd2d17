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
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}
