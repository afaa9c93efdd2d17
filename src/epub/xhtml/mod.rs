//! Model → XHTML content documents: cover, title page, copyright page, contents, one
//! document per entry (byline, body, footnotes, responses) and one per author.

mod pages;
mod writer;
use writer::*;

use super::escape;
use crate::lang::{Direction, Lang};
use crate::locale::{self, Locale};
use crate::model::{
    Align, Block, Book, Comment, CommentKind, Entry, Figure, ImageAlign, Inline, Note,
};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

/// One XHTML document of the package.
pub(crate) struct Document {
    /// Path inside `OEBPS/`.
    pub href: String,
    /// The XHTML.
    pub content: String,
    /// What the document is, for the spine, the landmarks and the NCX.
    pub role: Role,
}

/// The part a document plays in the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Cover,
    TitlePage,
    Copyright,
    Contents,
    Entry(usize),
    Author(usize),
}

/// Where an entry's or author's document lives, relative to `OEBPS/`.
pub(crate) fn entry_href(entry: &Entry) -> String {
    format!("text/{}.xhtml", entry.id)
}

pub(crate) fn author_href(id: &str) -> String {
    format!("text/author-{}.xhtml", crate::model::slug::safe_id(id))
}

/// Path of an image inside `OEBPS/`.
pub(crate) fn image_href(path: &str) -> String {
    // Spaces in a container's file names trouble older reading systems (EPUBCheck warns,
    // PKG-010): they become underscores there; everything else is kept and percent-encoded
    // where it is referred to (see `url_path`).
    format!("media/{}", path.replace(' ', "_"))
}

/// A file's path in the container as a URL path: every byte but the unreserved characters of
/// RFC 3986 and `/` percent-encoded, so that `my photo #1.png` is `my%20photo%20%231.png`
/// (a bare `#` would start a fragment, a space is no URL character).
pub(crate) fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// All content documents in reading order.
pub(crate) fn documents(book: &Book) -> Vec<Document> {
    let cx = Context::new(book);
    let mut docs = vec![
        Document {
            href: "text/cover.xhtml".into(),
            content: cx.cover(),
            role: Role::Cover,
        },
        Document {
            href: "text/title.xhtml".into(),
            content: cx.title_page(),
            role: Role::TitlePage,
        },
        Document {
            href: "text/copyright.xhtml".into(),
            content: cx.copyright(),
            role: Role::Copyright,
        },
        Document {
            href: "nav.xhtml".into(),
            content: cx.contents(),
            role: Role::Contents,
        },
    ];
    for (i, entry) in book.entries.iter().enumerate() {
        docs.push(Document {
            href: entry_href(entry),
            content: cx.entry(entry),
            role: Role::Entry(i),
        });
    }
    for (i, author) in book.authors.iter().enumerate() {
        if author.has_page {
            docs.push(Document {
                href: author_href(&author.id),
                content: cx.author(i),
                role: Role::Author(i),
            });
        }
    }
    docs
}

struct Context<'b> {
    book: &'b Book,
    /// Entry source file name (`x.md`) → document href, for links between entries.
    entry_links: HashMap<String, String>,
}

/// Attributes for an element in `lang` inside a parent in `parent`: nothing when they agree.
fn lang_attrs(lang: &Lang, parent: &Lang) -> String {
    if lang.same_as(parent) {
        return String::new();
    }
    let mut out = format!(" lang=\"{0}\" xml:lang=\"{0}\"", escape(lang.as_str()));
    if lang.direction() != parent.direction() {
        out.push_str(match lang.direction() {
            Direction::Rtl => " dir=\"rtl\"",
            Direction::Ltr => " dir=\"ltr\"",
        });
    }
    out
}

fn page(
    lang: &Lang,
    title: &str,
    body_attrs: &str,
    body: &str,
    css: &[&str],
    depth: &str,
) -> String {
    let dir = match lang.direction() {
        Direction::Rtl => " dir=\"rtl\"",
        Direction::Ltr => "",
    };
    let mut out = String::with_capacity(body.len() + 600);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n");
    let _ = write!(
        out,
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{0}\" xml:lang=\"{0}\"{dir}>\n<head>\n<meta charset=\"UTF-8\"/>\n<title>{1}</title>\n",
        escape(lang.as_str()),
        escape(title)
    );
    for sheet in css {
        let _ = writeln!(
            out,
            "<link rel=\"stylesheet\" type=\"text/css\" href=\"{depth}css/{sheet}\"/>"
        );
    }
    let _ = write!(out, "</head>\n<body{body_attrs}>\n{body}</body>\n</html>\n");
    out
}
