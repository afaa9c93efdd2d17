//! One walk over every text of the book, for everything that must see all of it: the font
//! coverage check, word counts, language reports, the package's language list.
//!
//! The order is the reading order of the PDF: the book's metadata, then each entry (title,
//! tags and category, body, notes, responses with their notes and replies, depth first),
//! then the author pages. A new kind of content is added here once and every check sees it.

use super::{Block, Book, Comment, Inline, Note};
use crate::lang::Lang;
use std::path::{Path, PathBuf};

/// What a piece of text is, for the checks that treat kinds differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A field of `book.toml` printed in the front matter (title, subtitle, creators,
    /// editors, publisher, rights, licence).
    Metadata,
    /// A field of `book.toml` that only the package metadata holds (description, subjects).
    Catalogue,
    /// An entry's title.
    Title,
    /// A tag or the category of an entry.
    Taxonomy,
    /// Running text: paragraphs, headings, list items, table cells, quotes, definition lists.
    Prose,
    /// Inline code or a code block (set in the monospaced face).
    Code,
    /// An image's alternative text or title.
    ImageText,
    /// The name of a commenter or of an author.
    Name,
    /// The address a link points at, as the model keeps it (`#id`, `other.md#id`, an
    /// absolute URL): not printed as such.
    Address,
    /// The id of a heading, which links point at: not printed.
    Anchor,
}

impl Kind {
    /// True for text the PDF prints (so it needs glyphs) and that is in a language.
    pub fn is_printed(self) -> bool {
        !matches!(self, Kind::Catalogue | Kind::Address | Kind::Anchor)
    }
}

/// Where a piece of text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The book's metadata.
    Book,
    /// An entry's own text (title, body).
    Entry,
    /// A footnote of an entry, a comment or an author page.
    Note,
    /// A comment, pingback or trackback.
    Comment,
    /// An author page.
    Author,
}

/// One piece of text of the book.
#[derive(Debug, Clone, Copy)]
pub struct Text<'a> {
    /// The source file, relative to the book folder.
    pub file: &'a Path,
    /// The line of the file where the text's container starts (a comment's body, a note's
    /// definition), when the model knows it; the text itself is at or after this line.
    pub line: Option<usize>,
    /// The entry the text belongs to (`None` for the book's metadata and author pages).
    pub entry: Option<usize>,
    /// Its language.
    pub lang: &'a Lang,
    /// The text.
    pub text: &'a str,
    /// What it is.
    pub kind: Kind,
    /// Where it comes from.
    pub part: Part,
}

/// Calls `visit` for every piece of text of the book, in reading order. What it is given is
/// borrowed for the call; a visitor that keeps a text copies it.
pub fn walk(book: &Book, visit: &mut dyn FnMut(Text<'_>)) {
    let mut w = Walker {
        visit,
        file: Path::new("book.toml"),
        line: None,
        entry: None,
        part: Part::Book,
    };
    let lang = &book.meta.lang;
    let meta = &book.meta;
    let fields = [&meta.title]
        .into_iter()
        .chain(&meta.subtitle)
        .chain(&meta.creators)
        .chain(&meta.editors)
        .chain(&meta.publisher)
        .chain(&meta.rights)
        .chain(&meta.licence);
    for field in fields {
        w.text(field, lang, Kind::Metadata);
    }
    for field in meta.description.iter().chain(&meta.subjects) {
        w.text(field, lang, Kind::Catalogue);
    }
    for (index, entry) in book.entries.iter().enumerate() {
        w.entry = Some(index);
        w.file = &entry.source;
        w.line = None;
        w.part = Part::Entry;
        let lang = &entry.lang;
        w.text(&entry.title, lang, Kind::Title);
        for tag in entry.tags.iter().chain(&entry.category) {
            w.text(tag, lang, Kind::Taxonomy);
        }
        w.blocks(&entry.body, lang);
        w.notes(&entry.notes, lang);
        if !entry.responses.is_empty() {
            let comments = comments_file(&entry.source);
            let mut inner = Walker {
                visit: &mut *w.visit,
                file: &comments,
                line: None,
                entry: Some(index),
                part: Part::Comment,
            };
            inner.comments(&entry.responses);
        }
    }
    w.entry = None;
    for author in &book.authors {
        let file = Path::new("authors").join(format!("{}.md", author.id));
        let mut inner = Walker {
            visit: &mut *w.visit,
            file: &file,
            line: None,
            entry: None,
            part: Part::Author,
        };
        inner.text(&author.name, &author.lang, Kind::Name);
        inner.blocks(&author.bio, &author.lang);
        inner.notes(&author.notes, &author.lang);
    }
}

/// The comments file of an entry: `entries/NAME.comments.toml` beside `entries/NAME.md`.
pub fn comments_file(entry_source: &Path) -> PathBuf {
    let stem = entry_source
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    entry_source.with_file_name(format!("{stem}.comments.toml"))
}

struct Walker<'v, 'f> {
    visit: &'v mut dyn FnMut(Text<'_>),
    file: &'f Path,
    line: Option<usize>,
    entry: Option<usize>,
    part: Part,
}

impl Walker<'_, '_> {
    fn text(&mut self, text: &str, lang: &Lang, kind: Kind) {
        let text = Text {
            file: self.file,
            line: self.line,
            entry: self.entry,
            lang,
            text,
            kind,
            part: self.part,
        };
        (self.visit)(text);
    }

    fn notes(&mut self, notes: &[Note], lang: &Lang) {
        let part = std::mem::replace(&mut self.part, Part::Note);
        for note in notes {
            self.blocks(&note.body, lang);
        }
        self.part = part;
    }

    fn comments(&mut self, comments: &[Comment]) {
        for c in comments {
            self.line = c.line;
            self.text(&c.author, &c.lang, Kind::Name);
            self.blocks(&c.body, &c.lang);
            self.notes(&c.notes, &c.lang);
            self.comments(&c.replies);
        }
    }

    fn blocks(&mut self, blocks: &[Block], lang: &Lang) {
        for block in blocks {
            match block {
                Block::Paragraph { lang: own, content } => {
                    self.inlines(content, own.as_ref().unwrap_or(lang))
                }
                Block::Heading { id, content, .. } => {
                    self.text(id, lang, Kind::Anchor);
                    self.inlines(content, lang)
                }
                Block::Quote { blocks } => self.blocks(blocks, lang),
                Block::List { items, .. } => {
                    for item in items {
                        self.blocks(&item.blocks, lang);
                    }
                }
                Block::Code { text, .. } => self.text(text, lang, Kind::Code),
                Block::Table { header, rows, .. } => {
                    for cell in header.iter().chain(rows.iter().flatten()) {
                        self.inlines(cell, lang);
                    }
                }
                Block::Rule => {}
                Block::Figure(figure) => self.figure(figure, lang),
                Block::Gallery { figures } => {
                    for figure in figures {
                        self.figure(figure, lang);
                    }
                }
                Block::Definitions { items } => {
                    for item in items {
                        self.inlines(&item.term, lang);
                        for details in &item.details {
                            self.blocks(details, lang);
                        }
                    }
                }
            }
        }
    }

    fn figure(&mut self, figure: &super::Figure, lang: &Lang) {
        self.text(&figure.alt, lang, Kind::ImageText);
        // A caption from the alternative text repeats it: its text is seen once.
        if Inline::plain_text(&figure.caption) != figure.alt {
            self.inlines(&figure.caption, lang);
        }
    }

    fn inlines(&mut self, content: &[Inline], lang: &Lang) {
        for inline in content {
            match inline {
                Inline::Text(t) => self.text(t, lang, Kind::Prose),
                Inline::Code(t) => self.text(t, lang, Kind::Code),
                Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) => self.inlines(c, lang),
                Inline::Subscript(c) | Inline::Superscript(c) => self.inlines(c, lang),
                Inline::Link { url, content, .. } => {
                    self.text(url, lang, Kind::Address);
                    self.inlines(content, lang)
                }
                Inline::Span { lang, content } => self.inlines(content, lang),
                Inline::Image { alt, title, .. } => {
                    self.text(alt, lang, Kind::ImageText);
                    if let Some(title) = title {
                        self.text(title, lang, Kind::ImageText);
                    }
                }
                Inline::NoteRef { .. } | Inline::LineBreak | Inline::SoftBreak => {}
            }
        }
    }
}

/// Every image index an entry holds (in its body, notes and responses, figures and galleries
/// included), each given to `visit` to change: entries read apart number their images apart,
/// and the loader numbers them again in the book's order. The matches name every kind of
/// content, so a new one that may hold an image cannot be forgotten here either.
pub fn entry_images_mut(entry: &mut super::Entry, visit: &mut dyn FnMut(&mut usize)) {
    blocks_images_mut(&mut entry.body, visit);
    notes_images_mut(&mut entry.notes, visit);
    comments_images_mut(&mut entry.responses, visit);
}

fn comments_images_mut(comments: &mut [Comment], visit: &mut dyn FnMut(&mut usize)) {
    for comment in comments {
        blocks_images_mut(&mut comment.body, visit);
        notes_images_mut(&mut comment.notes, visit);
        comments_images_mut(&mut comment.replies, visit);
    }
}

fn notes_images_mut(notes: &mut [Note], visit: &mut dyn FnMut(&mut usize)) {
    for note in notes {
        blocks_images_mut(&mut note.body, visit);
    }
}

fn blocks_images_mut(blocks: &mut [Block], visit: &mut dyn FnMut(&mut usize)) {
    for block in blocks {
        match block {
            Block::Paragraph { content, .. } | Block::Heading { content, .. } => {
                inlines_images_mut(content, visit)
            }
            Block::Quote { blocks } => blocks_images_mut(blocks, visit),
            Block::List { items, .. } => {
                for item in items {
                    blocks_images_mut(&mut item.blocks, visit);
                }
            }
            Block::Table { header, rows, .. } => {
                for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                    inlines_images_mut(cell, visit);
                }
            }
            Block::Figure(figure) => figure_images_mut(figure, visit),
            Block::Gallery { figures } => {
                for figure in figures {
                    figure_images_mut(figure, visit);
                }
            }
            Block::Definitions { items } => {
                for item in items {
                    inlines_images_mut(&mut item.term, visit);
                    for detail in &mut item.details {
                        blocks_images_mut(detail, visit);
                    }
                }
            }
            Block::Code { .. } | Block::Rule => {}
        }
    }
}

fn figure_images_mut(figure: &mut super::Figure, visit: &mut dyn FnMut(&mut usize)) {
    visit(&mut figure.image);
    inlines_images_mut(&mut figure.caption, visit);
}

fn inlines_images_mut(content: &mut [Inline], visit: &mut dyn FnMut(&mut usize)) {
    for inline in content {
        match inline {
            Inline::Image { image, .. } => visit(image),
            Inline::Emph(inner)
            | Inline::Strong(inner)
            | Inline::Strike(inner)
            | Inline::Subscript(inner)
            | Inline::Superscript(inner)
            | Inline::Link { content: inner, .. }
            | Inline::Span { content: inner, .. } => inlines_images_mut(inner, visit),
            Inline::Text(_)
            | Inline::Code(_)
            | Inline::NoteRef { .. }
            | Inline::LineBreak
            | Inline::SoftBreak => {}
        }
    }
}
