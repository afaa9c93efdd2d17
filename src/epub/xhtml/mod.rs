//! Model → XHTML content documents: cover, title page, copyright page, contents, one
//! document per entry (byline, body, footnotes, responses) and one per author.

mod pages;
mod writer;
use writer::*;

use super::{escape, escape_into, url_path};
use crate::lang::{Direction, Lang};
use crate::locale::{self, Locale};
use crate::model::{
    Align, Block, Book, Comment, CommentKind, Entry, Figure, ImageAlign, Inline, Note,
};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

/// One XHTML document of the package.
pub(crate) struct Document {
    /// Path inside `OEBPS/` (the file's name; [`url_path`] makes it an href).
    pub path: String,
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

/// Where an entry's document lives, relative to `OEBPS/` (the file's name in the package).
pub(crate) fn entry_path(entry: &Entry) -> String {
    format!("text/{}.xhtml", entry.id)
}

/// Where an author's page lives, relative to `OEBPS/`.
pub(crate) fn author_path(id: &str) -> String {
    format!("text/author-{}.xhtml", crate::model::slug::safe_id(id))
}

/// Where each image of the book lives, relative to `OEBPS/`, by image index. Spaces in a
/// container's file names trouble older reading systems (EPUBCheck warns, PKG-010): they
/// become underscores there; everything else is kept and percent-encoded where it is
/// referred to (see `url_path`). Two images whose names would then meet (`a b.png` and
/// `a_b.png`) keep the first name for the first in the book, and the other gets a number
/// (`a_b-2.png`), so no file of the container overwrites another.
pub(crate) fn image_paths(images: &[crate::model::Image]) -> Vec<String> {
    let mut used = std::collections::HashSet::new();
    // A name without spaces is the image's own: it is never given to another.
    let own: std::collections::HashSet<&str> = images
        .iter()
        .map(|i| i.path.as_str())
        .filter(|p| !p.contains(' '))
        .collect();
    images
        .iter()
        .map(|image| {
            let plain = image.path.replace(' ', "_");
            let taken =
                |name: &str| used.contains(name) || (name != image.path && own.contains(name));
            let mut name = plain.clone();
            let mut n = 2;
            while taken(&name) {
                name = match plain.rsplit_once('.') {
                    Some((stem, ext)) if !stem.is_empty() && !ext.contains('/') => {
                        format!("{stem}-{n}.{ext}")
                    }
                    _ => format!("{plain}-{n}"),
                };
                n += 1;
            }
            used.insert(name.clone());
            format!("media/{name}")
        })
        .collect()
}

/// [`entry_path`] as a URL, relative to `OEBPS/`.
pub(crate) fn entry_href(entry: &Entry) -> String {
    url_path(&entry_path(entry))
}

/// [`author_path`] as a URL, relative to `OEBPS/`.
pub(crate) fn author_href(id: &str) -> String {
    url_path(&author_path(id))
}

/// An image's path of [`image_paths`] as a URL, relative to `OEBPS/`.
pub(crate) fn image_href(path: &str) -> String {
    url_path(path)
}

/// All content documents in reading order.
pub(crate) fn documents(book: &Book) -> Vec<Document> {
    let cx = Context::new(book);
    let mut docs = vec![
        Document {
            path: "text/cover.xhtml".into(),
            content: cx.cover(),
            role: Role::Cover,
        },
        Document {
            path: "text/title.xhtml".into(),
            content: cx.title_page(),
            role: Role::TitlePage,
        },
        Document {
            path: "text/copyright.xhtml".into(),
            content: cx.copyright(),
            role: Role::Copyright,
        },
        Document {
            path: "nav.xhtml".into(),
            content: cx.contents(),
            role: Role::Contents,
        },
    ];
    for (i, entry) in book.entries.iter().enumerate() {
        docs.push(Document {
            path: entry_path(entry),
            content: cx.entry(entry),
            role: Role::Entry(i),
        });
    }
    for (i, author) in book.authors.iter().enumerate() {
        if author.has_page {
            docs.push(Document {
                path: author_path(&author.id),
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
    /// Each image's place in the container, by index ([`image_paths`]).
    media: Vec<String>,
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
