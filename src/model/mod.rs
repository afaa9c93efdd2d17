//! The book as chapbook understands it, independent of any input or output format.
//!
//! Markdown is parsed once into these types; the EPUB and PDF writers read only this.

pub mod links;
pub mod slug;
pub mod walk;

use crate::lang::Lang;
use std::path::PathBuf;

/// A whole booklet.
#[derive(Debug, Clone)]
pub struct Book {
    /// Title page and package metadata.
    pub meta: Metadata,
    /// The entries in reading order.
    pub entries: Vec<Entry>,
    /// Author pages, in order of first appearance in the entries.
    pub authors: Vec<Author>,
    /// The cover image, as an index into [`Book::images`], if the book has one.
    pub cover: Option<usize>,
    /// Every image the book uses (cover, entry images, author photos), each once.
    pub images: Vec<Image>,
    /// Extra CSS the book adds after the default style.
    pub extra_css: Option<String>,
    /// Whether the bundled fonts are embedded in the EPUB.
    pub embed_fonts: bool,
    /// The PDF style: the defaults with the book's overrides.
    pub pdf_style: crate::config::style::Style,
    /// Font files the book adds (`[pdf.fonts]`: its body, heading and code fonts, then its
    /// fallbacks): files of the book and fonts installed on the machine, in the order given.
    pub fonts: Vec<crate::fonts::FontFile>,
}

/// Book-level metadata from `book.toml`.
#[derive(Debug, Clone)]
pub struct Metadata {
    /// Main title.
    pub title: String,
    /// Optional subtitle.
    pub subtitle: Option<String>,
    /// The book's main language.
    pub lang: Lang,
    /// The book's creators, as displayed.
    pub creators: Vec<String>,
    /// Editors, as displayed.
    pub editors: Vec<String>,
    /// Publisher name.
    pub publisher: Option<String>,
    /// The blog's address.
    pub url: Option<String>,
    /// Copyright statement.
    pub rights: Option<String>,
    /// Licence name or text.
    pub licence: Option<String>,
    /// The unique identifier of this edition.
    pub identifier: Identifier,
    /// Publication date.
    pub date: Option<Date>,
    /// The modification time written to the package: from `SOURCE_DATE_EPOCH`, else the
    /// book's date, else the newest entry's date, so builds are reproducible.
    pub modified: Timestamp,
    /// A short description.
    pub description: Option<String>,
    /// Subject headings.
    pub subjects: Vec<String>,
}

/// The book's unique identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identifier {
    /// An ISBN-13, digits only, checksum verified.
    Isbn13(String),
    /// A UUID, either given or derived from the title (`urn:uuid:` form without the prefix).
    Uuid(String),
    /// Another URI the publisher gave (a DOI, a URL).
    Uri(String),
}

impl Identifier {
    /// The identifier as printed on a copyright page: an ISBN in its usual groups
    /// (prefix, group, registrant, publication, check digit, by fixed widths), others as URNs.
    pub fn printed(&self) -> String {
        match self {
            Identifier::Isbn13(d) => format!(
                "ISBN {}-{}-{}-{}-{}",
                &d[..3],
                &d[3..4],
                &d[4..8],
                &d[8..12],
                &d[12..]
            ),
            other => other.urn(),
        }
    }

    /// The identifier as a URN or URI, as written into the package.
    pub fn urn(&self) -> String {
        match self {
            Identifier::Isbn13(digits) => format!("urn:isbn:{digits}"),
            Identifier::Uuid(uuid) => format!("urn:uuid:{uuid}"),
            Identifier::Uri(uri) => uri.clone(),
        }
    }
}

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Year (e.g. 2026).
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
}

impl Date {
    /// `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A date with an optional time of day, as given in the source.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp {
    /// The calendar date.
    pub date: Date,
    /// Hours, minutes, seconds, if given.
    pub time: Option<(u8, u8, u8)>,
    /// The UTC offset as written (`Z`, `+05:00`), if given.
    pub offset: Option<String>,
}

impl Timestamp {
    /// A date without a time.
    pub fn from_date(date: Date) -> Self {
        Timestamp {
            date,
            time: None,
            offset: None,
        }
    }

    /// RFC 3339 / HTML `datetime` form of what was given.
    pub fn iso(&self) -> String {
        let mut out = self.date.iso();
        if let Some((h, m, s)) = self.time {
            out.push_str(&format!("T{h:02}:{m:02}:{s:02}"));
            if let Some(offset) = &self.offset {
                out.push_str(offset);
            }
        }
        out
    }
}

/// One blog entry.
#[derive(Debug, Clone)]
pub struct Entry {
    /// A stable identifier, safe in file names and XML ids (from the slug or file name).
    pub id: String,
    /// The source file, relative to the book folder.
    pub source: PathBuf,
    /// Title as plain text.
    pub title: String,
    /// Author ids (file stems in `authors/`).
    pub authors: Vec<String>,
    /// Publication date and time.
    pub date: Option<Timestamp>,
    /// The entry's language.
    pub lang: Lang,
    /// Tags, in the order given.
    pub tags: Vec<String>,
    /// Category, if any.
    pub category: Option<String>,
    /// The original post's address.
    pub url: Option<String>,
    /// The body.
    pub body: Vec<Block>,
    /// Footnotes, numbered from 1 in order of first citation.
    pub notes: Vec<Note>,
    /// Responses as a forest in source order: comments with their replies, pingbacks, trackbacks.
    pub responses: Vec<Comment>,
}

/// A footnote of an entry, comment or author page.
#[derive(Debug, Clone)]
pub struct Note {
    /// Its number, from 1, in order of first citation within its document.
    pub number: u32,
    /// The label used in the source (`[^label]`).
    pub label: String,
    /// How many times the text cites it (one back-link each).
    pub citations: u32,
    /// The line of its definition in the source file, when it has one.
    pub line: Option<usize>,
    /// The note's content.
    pub body: Vec<Block>,
}

/// What kind of response a comment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentKind {
    /// A reader's comment.
    Comment,
    /// An automatic notice that another blog linked here.
    Pingback,
    /// A manual notice from another blog, usually with an excerpt.
    Trackback,
}

/// A reader response, with its replies.
#[derive(Debug, Clone)]
pub struct Comment {
    /// The id from the comments file, unique within the entry.
    pub id: String,
    /// Comment, pingback or trackback.
    pub kind: CommentKind,
    /// Commenter's name, or the linking post's title for pingbacks.
    pub author: String,
    /// Commenter's site, or the linking post's address.
    pub url: Option<String>,
    /// When it was written.
    pub date: Option<Timestamp>,
    /// Its language (the entry's unless given).
    pub lang: Lang,
    /// The line of the comments file where its text starts (its record's `id` when it has
    /// no body).
    pub line: Option<usize>,
    /// The text.
    pub body: Vec<Block>,
    /// Footnotes of the comment body (rare, but allowed).
    pub notes: Vec<Note>,
    /// Replies, in source order.
    pub replies: Vec<Comment>,
}

/// An author page.
#[derive(Debug, Clone)]
pub struct Author {
    /// The id entries use (the file stem in `authors/`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Links (homepage, profiles).
    pub links: Vec<String>,
    /// Photo, as an index into [`Book::images`].
    pub photo: Option<usize>,
    /// Language of the bio.
    pub lang: Lang,
    /// The bio.
    pub bio: Vec<Block>,
    /// Footnotes of the bio.
    pub notes: Vec<Note>,
    /// False when no `authors/ID.md` exists: the name is the id and there is no page.
    pub has_page: bool,
}

/// An image file of the book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// Path relative to the book folder, with `/` separators.
    pub path: String,
    /// Media type (`image/png`, `image/jpeg`, `image/gif`, `image/webp`, `image/svg+xml`).
    pub media_type: &'static str,
    /// The file's bytes.
    pub data: Vec<u8>,
    /// Width and height in pixels, read from the header when the book was loaded (`None`
    /// for formats whose size is not read there).
    pub pixels: Option<(u32, u32)>,
}

/// Horizontal alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// No alignment given.
    Default,
    /// Left.
    Left,
    /// Centre.
    Center,
    /// Right.
    Right,
}

/// A block of content.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph; `lang` is set when the whole paragraph is in another language.
    Paragraph {
        /// The paragraph's own language, if it differs from its container's.
        lang: Option<Lang>,
        /// Its text.
        content: Vec<Inline>,
    },
    /// A heading inside an entry (level 2–6; the entry title is level 1).
    Heading {
        /// 1–6 as written in the source.
        level: u8,
        /// Its id, unique in its document: written after it (`## Setup {#setup}`), else made
        /// from its text as GitHub and Pandoc make them (`#setup`); links point at it.
        id: String,
        /// Its text.
        content: Vec<Inline>,
    },
    /// A block quotation.
    Quote {
        /// Its content.
        blocks: Vec<Block>,
    },
    /// A bulleted or numbered list.
    List {
        /// `Some(start)` for numbered lists.
        start: Option<u32>,
        /// True when items are single paragraphs without spacing.
        tight: bool,
        /// The items.
        items: Vec<ListItem>,
    },
    /// Preformatted code.
    Code {
        /// The info string's first word (`rust`), if any.
        language: Option<String>,
        /// The code, with its line ends.
        text: String,
    },
    /// A table.
    Table {
        /// One alignment per column.
        align: Vec<Align>,
        /// The header row.
        header: Vec<Vec<Inline>>,
        /// The body rows.
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// A thematic break.
    Rule,
    /// An image set apart from the text (an image alone in its paragraph), with its caption.
    Figure(Figure),
    /// Images set side by side in rows (a paragraph of images only, or a WordPress
    /// `[gallery]`), in order.
    Gallery {
        /// The images.
        figures: Vec<Figure>,
    },
    /// A definition list (`Term` then `: definition`): terms, each with its definitions.
    Definitions {
        /// The terms in order.
        items: Vec<Definition>,
    },
}

/// An image set apart from the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Index into [`Book::images`].
    pub image: usize,
    /// Alternative text.
    pub alt: String,
    /// Where it sits beside the text.
    pub align: ImageAlign,
    /// The caption: the image's title, else the alternative text as written (with its
    /// emphasis and links, as Pandoc makes implicit figures); empty for none.
    pub caption: Vec<Inline>,
}

/// How an image sits beside the text: WordPress's `alignleft`, `alignright` and
/// `aligncenter` classes, written `{.alignleft}` after the image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ImageAlign {
    /// As it comes: in the line, or centred when set apart.
    #[default]
    None,
    /// At the left edge, the text running around it on the right.
    Left,
    /// At the right edge, the text running around it on the left.
    Right,
    /// Centred, on a line of its own.
    Center,
}

impl ImageAlign {
    /// The class the importer writes and the EPUB carries (`alignleft`), if any.
    pub fn class(self) -> Option<&'static str> {
        match self {
            ImageAlign::None => None,
            ImageAlign::Left => Some("alignleft"),
            ImageAlign::Right => Some("alignright"),
            ImageAlign::Center => Some("aligncenter"),
        }
    }
}

/// One term of a definition list with what defines it.
#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    /// The term.
    pub term: Vec<Inline>,
    /// Its definitions, each one or more blocks (a term may have several).
    pub details: Vec<Vec<Block>>,
}

/// One item of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    /// `Some(done)` for task list items.
    pub task: Option<bool>,
    /// The item's content.
    pub blocks: Vec<Block>,
}

/// Inline content.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Plain text (typographic punctuation already applied).
    Text(String),
    /// Emphasis.
    Emph(Vec<Inline>),
    /// Strong emphasis.
    Strong(Vec<Inline>),
    /// Struck-out text.
    Strike(Vec<Inline>),
    /// Inline code.
    Code(String),
    /// A hyperlink.
    Link {
        /// Target address.
        url: String,
        /// Optional title.
        title: Option<String>,
        /// Link text.
        content: Vec<Inline>,
    },
    /// An image.
    Image {
        /// Index into [`Book::images`].
        image: usize,
        /// Alternative text.
        alt: String,
        /// Optional title (caption).
        title: Option<String>,
        /// Where it sits beside the text.
        align: ImageAlign,
    },
    /// A citation of a footnote.
    NoteRef {
        /// The note's number.
        number: u32,
        /// Which citation of that note this is, from 1.
        citation: u32,
    },
    /// A span in another language: `[текст]{lang=kk}`.
    Span {
        /// The span's language.
        lang: Lang,
        /// Its content.
        content: Vec<Inline>,
    },
    /// Subscript text: `H~2~O`.
    Subscript(Vec<Inline>),
    /// Superscript text: `x^2^`.
    Superscript(Vec<Inline>),
    /// A hard line break.
    LineBreak,
    /// A line end in the source (a space when rendered).
    SoftBreak,
}

impl Inline {
    /// The plain text of inline content (for titles, alt text and searching).
    pub fn plain_text(content: &[Inline]) -> String {
        let mut out = String::new();
        collect_text(content, &mut out);
        out
    }
}

fn collect_text(content: &[Inline], out: &mut String) {
    for inline in content {
        match inline {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) => collect_text(c, out),
            Inline::Subscript(c) | Inline::Superscript(c) => collect_text(c, out),
            Inline::Link { content, .. } | Inline::Span { content, .. } => {
                collect_text(content, out)
            }
            Inline::Image { alt, .. } => out.push_str(alt),
            Inline::NoteRef { .. } => {}
            Inline::LineBreak | Inline::SoftBreak => out.push(' '),
        }
    }
}
