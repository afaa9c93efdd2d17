//! The book model and the style into the typesetter's input (sections of blocks, footnotes),
//! then pages; two passes so the contents can print the page numbers they link to.

use crate::config::style::Style;
mod author;
mod blocks;
mod contents;
mod definitions;
mod entry;
mod figures;
mod front;
mod handout;
mod inlines;
mod outline;
mod passes;

/// The passes counted, and a drawing made to prove wrong, for the tests of `build`.
#[cfg(test)]
pub(crate) use passes::{FORGET, PASSES};
mod responses;
mod tags;

use crate::lang::{Direction, Lang};
use crate::locale::{self, Locale};
use crate::model::{self, Align, Book, Comment, CommentKind, Entry, Identifier, Inline};
use crate::typeset::content::SUPERSCRIPT_SCALE;
use crate::typeset::content::{
    Alignment, Block, CellAlign, Footnote, Paragraph, ParagraphStyle, Span, Table,
};
use crate::typeset::font::{Family, FontBook, FontRequest};
use crate::typeset::frame::{
    self, DocumentInfo, ImageData, ImageFormat, LinkTarget, OutlineEntry, PageSink, Role,
    StructNode,
};
use crate::typeset::inline::Setter;
use crate::typeset::paginate::{self, Furniture, Geometry, Rules, Section, Start};
use figures::Part;
use std::collections::HashMap;
use std::sync::Arc;

/// Indent per level of quotes, lists and comment replies, in em of the text size.
const INDENT_EM: f32 = 1.5;
/// Side of a QR code with its quiet zone, in points (22 mm: phones read it from a hand's
/// length).
const QR_SIDE: f32 = 62.0;
/// Smallest module, in points (0.35 mm prints cleanly on office printers).
const QR_MIN_MODULE: f32 = 1.0;
/// Light modules around a QR code, as the standard asks (ISO/IEC 18004: four).
const QR_QUIET_ZONE: usize = 4;

/// Passes of layout at most while the page numbers printed in the contents settle. Each pass
/// prints the numbers the previous one found; two agree after the second pass unless a
/// number's width moves a break, which a third or fourth pass settles. Eight leaves room for
/// pathological books and bounds the time.
const MAX_PASSES: usize = 8;

/// A laid-out book and what the build reports about it.
pub struct Layout {
    /// The pages, outline, images and structure.
    pub document: frame::Document,
    /// Words wider than their line, broken by force (in order, each once).
    pub forced_breaks: Vec<String>,
    /// Tables wider than the page, and how they were fitted (in order, each once).
    pub wide_tables: Vec<crate::typeset::inline::WideTable>,
    /// False when the contents' page numbers still changed after `MAX_PASSES` (8) passes (some
    /// may then be off).
    pub settled: bool,
}

/// What a layout holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The whole book: cover, front matter, contents, every entry, the author pages.
    Book,
    /// One entry (its index in the book's entries) as a document of its own, a handout: the
    /// entry with its notes and responses, then the pages of its authors; its first page is
    /// page 1.
    Handout(usize),
}

/// Lays the book out into pages.
pub fn layout(book: &Book, style: &Style, fonts: &FontBook) -> frame::Document {
    layout_reporting(book, style, fonts).document
}

impl Layout {
    /// The document, and the rest as a [`Report`].
    pub fn into_parts(self) -> (frame::Document, Report) {
        let pages = self.document.pages.len();
        let report = Report {
            forced_breaks: self.forced_breaks,
            wide_tables: self.wide_tables,
            settled: self.settled,
            pages,
        };
        (self.document, report)
    }
}

/// What laying a book out tells besides its pages.
pub struct Report {
    /// Words wider than their line, broken by force (in order, each once).
    pub forced_breaks: Vec<String>,
    /// Tables wider than the page, and how they were fitted (in order, each once).
    pub wide_tables: Vec<crate::typeset::inline::WideTable>,
    /// False when the contents' page numbers still changed after `MAX_PASSES` (8) passes (some
    /// may then be off).
    pub settled: bool,
    /// The number of pages.
    pub pages: usize,
}

/// Lays the book out into pages, until the page numbers in the contents are those the pages
/// have, and tells which words were broken by force. The whole document is held in memory:
/// for writing a long book, [`layout_into`] gives the pages one at a time.
pub fn layout_reporting(book: &Book, style: &Style, fonts: &FontBook) -> Layout {
    layout_scope(book, style, fonts, Scope::Book)
}

/// Lays out what `scope` holds, the whole document in memory (a handout is one entry: small).
pub fn layout_scope(book: &Book, style: &Style, fonts: &FontBook, scope: Scope) -> Layout {
    /// Keeps the pages.
    struct Collect(frame::Document);
    impl PageSink for Collect {
        fn begin(&mut self, document: frame::Document) {
            self.0 = frame::Document {
                pages: Vec::new(),
                ..document
            };
        }
        fn page(&mut self, page: frame::Page) {
            self.0.pages.push(page);
        }
    }
    let mut collect = Collect(frame::Document::default());
    let report = layout_scope_into(book, style, fonts, scope, &mut collect);
    Layout {
        document: collect.0,
        forced_breaks: report.forced_breaks,
        wide_tables: report.wide_tables,
        settled: report.settled,
    }
}

/// Lays the book out and gives its pages to `sink` one at a time, each as soon as it is
/// made, so that memory stays flat however long the book.
///
/// The first pass, which prints placeholders for the contents' page numbers, keeps of each
/// page only its anchors and the text of its links ([`frame::Page::outline_only`]), and of
/// each set paragraph only what filling pages needs, beside its lines packed for drawing (a
/// few bytes a glyph). Each later pass is drawn as it is laid out, the sink begun with the
/// previous pass's outline pages (after this pass's own up to the first page after the
/// contents, whose links say the numbers this pass prints). When a pass finds the numbers it
/// printed (or after `MAX_PASSES`) and its pages have the anchors and link texts the drawing
/// used, what was drawn is the book; else (rare) the sink is begun again and the pass's
/// input laid out once more, drawn with its own outline pages.
pub fn layout_into(
    book: &Book,
    style: &Style,
    fonts: &FontBook,
    sink: &mut dyn PageSink,
) -> Report {
    layout_scope_into(book, style, fonts, Scope::Book, sink)
}

/// [`layout_into`] for what `scope` holds.
pub fn layout_scope_into(
    book: &Book,
    style: &Style,
    fonts: &FontBook,
    scope: Scope,
    sink: &mut dyn PageSink,
) -> Report {
    passes::run(book, style, fonts, scope, sink)
}

/// Anchor names, shared by links, the contents and the bookmarks.
fn entry_anchor(entry: &Entry) -> String {
    format!("entry-{}", entry.id)
}
fn responses_anchor(entry: &Entry) -> String {
    format!("responses-{}", entry.id)
}
/// The anchor of heading `id` of the document whose anchor is `doc`.
fn heading_anchor(doc: &str, id: &str) -> String {
    format!("{doc}#{id}")
}
fn author_anchor(id: &str) -> String {
    format!("author-{id}")
}

/// Inline formatting in force while converting.
#[derive(Clone)]
struct InlineState {
    font: FontRequest,
    size: f32,
    lang: Lang,
    link: Option<LinkTarget>,
}

/// Converts the model, keeping the footnotes it collects.
struct Builder<'b> {
    book: &'b Book,
    style: &'b Style,
    notes: Vec<Footnote>,
    /// What is laid out.
    scope: Scope,
    /// Entry source file name → anchor, for links between entries.
    entry_links: HashMap<String, String>,
    /// Entry source file name → the original post's address, for links to entries that are
    /// not in a handout.
    elsewhere: HashMap<String, String>,
    /// The anchor of the entry or author page being converted: `#id` links and heading
    /// anchors are relative to it.
    doc_anchor: String,
    /// Which images are used, as frame images.
    image_map: HashMap<usize, usize>,
    image_list: Vec<ImageData>,
    /// Running headers and folios.
    furniture: Furniture,
    /// The structure elements made so far (rebuilt on every pass, identically).
    structure: Vec<StructNode>,
    /// The element new elements go into (`None`: the document).
    parent: Option<usize>,
    /// QR codes made so far, by address.
    qr_codes: HashMap<String, Option<(Vec<bool>, usize)>>,
    /// Setting a table's cells: images too tall for a line keep their size (blocks of the
    /// cell) instead of being set in the line.
    in_cell: bool,
    /// How many lists the blocks being converted are inside: a nested list is part of its
    /// item and takes no space of its own.
    lists: usize,
    /// What a note reference is read as ("Note 1" in the text's language), by its target.
    note_names: HashMap<LinkTarget, String>,
    /// The link element of each footnote's first reference, by footnote (index into
    /// `notes`): the note is read right after it.
    note_refs: HashMap<usize, usize>,
    /// What the cover page is drawn on (set with the cover).
    backdrop: Option<front::Backdrop>,
    /// The sections, structure elements and notes the front matter made in the last pass.
    front: (usize, usize, usize),
    /// The entries and author pages of the last pass, given back ([`Builder::keep_body`]):
    /// only the contents change between passes (they print the page numbers), so the next
    /// pass converts the front matter again and takes these as they are.
    body: Option<Body>,
}

/// What the entries and author pages of a pass were converted into: their sections, and the
/// notes and structure elements they added after the front matter's.
struct Body {
    front: (usize, usize, usize),
    sections: Vec<Section>,
    notes: Vec<Footnote>,
    structure: Vec<StructNode>,
}

impl<'b> Builder<'b> {
    fn new(book: &'b Book, style: &'b Style, scope: Scope) -> Self {
        let file = |e: &Entry| Some(e.source.file_name()?.to_string_lossy().into_owned());
        let inside = |i: usize| scope == Scope::Book || scope == Scope::Handout(i);
        let entry_links = (book.entries.iter().enumerate())
            .filter(|(i, _)| inside(*i))
            .filter_map(|(_, e)| Some((file(e)?, entry_anchor(e))))
            .collect();
        let elsewhere = (book.entries.iter().enumerate())
            .filter(|(i, _)| !inside(*i))
            .filter_map(|(_, e)| Some((file(e)?, e.url.clone()?)))
            .collect();
        let mut left_title = Span::new(
            &book.meta.title,
            FontRequest {
                family: Family::Serif,
                bold: false,
                italic: true,
            },
            style.header.font_size,
        );
        left_title.lang = Some(book.meta.lang.to_string());
        let furniture = Furniture {
            left_title,
            font: FontRequest {
                family: Family::Serif,
                bold: false,
                italic: false,
            },
            size: style.header.font_size,
        };
        Builder {
            book,
            style,
            notes: Vec::new(),
            scope,
            entry_links,
            elsewhere,
            doc_anchor: String::new(),
            image_map: HashMap::new(),
            image_list: Vec::new(),
            furniture,
            structure: Vec::new(),
            parent: None,
            qr_codes: HashMap::new(),
            in_cell: false,
            lists: 0,
            note_names: HashMap::new(),
            note_refs: HashMap::new(),
            backdrop: None,
            front: (0, 0, 0),
            body: None,
        }
    }

    /// Height of the text area.
    fn text_height(&self) -> f32 {
        self.style.page.height - self.style.page.margin_top - self.style.page.margin_bottom
    }

    fn serif(&self) -> FontRequest {
        FontRequest {
            family: Family::Serif,
            bold: false,
            italic: false,
        }
    }

    fn sans(&self, bold: bool) -> FontRequest {
        FontRequest {
            family: Family::Sans,
            bold,
            italic: false,
        }
    }

    fn input<'a>(&'a self, sections: &'a [Section], notes: &'a [Footnote]) -> paginate::Input<'a> {
        let s = self.style;
        paginate::Input {
            geometry: Geometry {
                width: s.page.width,
                height: s.page.height,
                top: s.page.margin_top,
                bottom: s.page.margin_bottom,
                inner: s.page.margin_inner,
                outer: s.page.margin_outer,
            },
            sections,
            notes,
            furniture: &self.furniture,
            rules: Rules {
                widows: s.flow.widows,
                orphans: s.flow.orphans,
                separator: s.footnotes.separator_width,
                notes_gap: s.footnotes.gap,
                notes_leading: s.footnotes.leading,
                grid: s.text.baseline_grid.then_some(s.text.leading),
            },
        }
    }

    fn header_span(&self, text: &str, lang: &Lang) -> Span {
        let mut span = Span::new(
            text,
            FontRequest {
                family: Family::Serif,
                bold: false,
                italic: true,
            },
            self.style.header.font_size,
        );
        span.lang = Some(lang.to_string());
        span
    }

    fn paragraph_style(&self, lang: &Lang) -> ParagraphStyle {
        let t = &self.style.text;
        ParagraphStyle {
            align: if t.justify {
                Alignment::Justify
            } else {
                Alignment::Start
            },
            leading: t.leading,
            first_indent: 0.0,
            start_indent: 0.0,
            end_indent: 0.0,
            space_before: t.paragraph_spacing,
            space_after: 0.0,
            keep_with_next: false,
            hyphenate: t.hyphenate,
            hyphen_limit: t.consecutive_hyphens,
            rtl: lang.direction() == Direction::Rtl,
            preformatted: false,
            hang: 0.0,
            marker: None,
            trailer: None,
            wrap: None,
            balance: false,
        }
    }

    fn plain(&self, text: &str, font: FontRequest, size: f32, lang: &Lang) -> Span {
        let mut span = Span::new(text, font, size);
        span.lang = Some(lang.to_string());
        span
    }

    /// A paragraph of one span, in a given alignment.
    fn line(&self, span: Span, align: Alignment, leading: f32, space_before: f32) -> Block {
        let lang = span
            .lang
            .as_deref()
            .and_then(|l| Lang::parse(l).ok())
            .unwrap_or_else(|| self.book.meta.lang.clone());
        let mut style = self.paragraph_style(&lang);
        style.align = align;
        style.leading = leading;
        style.space_before = space_before;
        style.hyphenate = false;
        Block::Paragraph(Paragraph {
            spans: vec![span],
            style,
            node: None,
        })
    }

    fn sections(&mut self, numbers: &HashMap<String, usize>) -> (Vec<Section>, Vec<Footnote>) {
        self.notes.clear();
        self.structure.clear();
        self.parent = None;
        self.backdrop = None;
        if let Scope::Handout(_) = self.scope {
            return self.handout_sections();
        }
        let body = self.body.take();
        let mut sections = vec![
            self.part(None, Self::cover),
            self.part(None, Self::title_page),
            self.part(None, Self::copyright_page),
            self.part(None, |b| b.contents(numbers)),
        ];
        self.front = (sections.len(), self.structure.len(), self.notes.len());
        // The last pass's entries fit after front matter of the same elements and notes.
        if let Some(body) = body.filter(|body| body.front == self.front) {
            sections.extend(body.sections);
            self.notes.extend(body.notes);
            self.structure.extend(body.structure);
            return (sections, std::mem::take(&mut self.notes));
        }
        for entry in &self.book.entries {
            sections.push(self.part(Some(&entry.lang), |b| b.entry(entry)));
        }
        for author in &self.book.authors {
            if author.has_page {
                sections.push(self.part(Some(&author.lang), |b| b.author(author)));
            }
        }
        (sections, std::mem::take(&mut self.notes))
    }

    /// Takes back the last pass's input, made by [`Builder::sections`], for the next pass to
    /// reuse its entries and author pages.
    fn keep_body(&mut self, mut sections: Vec<Section>, mut notes: Vec<Footnote>) {
        let (parts, elements, before) = self.front;
        if self.scope != Scope::Book || sections.len() < parts || notes.len() < before {
            return;
        }
        self.body = Some(Body {
            front: self.front,
            sections: sections.split_off(parts),
            notes: notes.split_off(before),
            structure: self.structure.get(elements..).unwrap_or_default().to_vec(),
        });
    }
}

/// Where footnotes of the text being converted go.
#[derive(Clone)]
struct NoteScope {
    /// Index of note 1 in the document's footnotes (`usize::MAX` inside a note).
    base: usize,
    /// Prefix of note anchors, unique per entry, comment or author page.
    prefix: String,
}

#[derive(Clone)]
struct Context {
    lang: Lang,
    indent: f32,
    notes: NoteScope,
}
