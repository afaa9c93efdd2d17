//! The book model and the style into the engine's input (sections of blocks, footnotes),
//! then pages; two passes so the contents can print the page numbers they link to.

use crate::lang::{Direction, Lang};
use crate::locale::{self, Locale};
use crate::model::{self, Align, Book, Comment, CommentKind, Entry, Identifier, Inline};
use crate::pdf::style::Style;
use crate::typeset::content::{
    Alignment, Block, CellAlign, Footnote, Paragraph, ParagraphStyle, Span, Table,
};
use crate::typeset::font::{Family, FontBook, FontRequest};
use crate::typeset::frame::{
    self, DocumentInfo, ImageData, ImageFormat, LinkTarget, OutlineEntry, Role, StructNode,
};
use crate::typeset::inline::Setter;
use crate::typeset::paginate::{self, Furniture, Geometry, Rules, Section, Start};
use std::collections::HashMap;
use std::sync::Arc;

/// Superscripts (note markers) are set at this fraction of the text size.
use crate::typeset::content::SUPERSCRIPT_SCALE;
/// Indent per level of quotes, lists and comment replies, in em of the text size.
const INDENT_EM: f32 = 1.5;
/// Side of a QR code with its quiet zone, in points (22 mm: phones read it from a hand's
/// length).
const QR_SIDE: f32 = 62.0;
/// Smallest module, in points (0.35 mm prints cleanly on office printers).
const QR_MIN_MODULE: f32 = 1.0;
/// Light modules around a QR code, as the standard asks (ISO/IEC 18004: four).
const QR_QUIET_ZONE: usize = 4;

/// Lays the book out into pages.
pub fn layout(book: &Book, style: &Style, fonts: &FontBook) -> frame::Document {
    layout_reporting(book, style, fonts).0
}

/// Lays the book out into pages, and tells which words were wider than their line and broken
/// by force (in order, each once).
pub fn layout_reporting(
    book: &Book,
    style: &Style,
    fonts: &FontBook,
) -> (frame::Document, Vec<String>) {
    let setter = Setter::new(fonts);
    let mut builder = Builder::new(book, style);
    // First pass with placeholder page numbers, to learn where everything lands; the
    // contents take the same room either way, since numbers are set flush right.
    let mut numbers: HashMap<String, usize> = HashMap::new();
    let mut pages = Vec::new();
    for _ in 0..3 {
        // The previous pass's pages go before the next are made: a long book holds one
        // set of pages at a time, not two.
        drop(std::mem::take(&mut pages));
        let (sections, notes) = builder.sections(&numbers);
        pages = paginate::paginate(&setter, &builder.input(&sections, &notes));
        let found = anchor_pages(&pages);
        if found == numbers {
            break;
        }
        numbers = found;
    }
    // A generated cover sits on a page-sized field of the style's colour.
    if book.cover.is_none()
        && let Some(cover) = pages.first_mut()
    {
        let (width, height) = (cover.width, cover.height);
        cover.items.insert(
            0,
            frame::Positioned {
                x: 0.0,
                y: 0.0,
                item: frame::Item::Fill {
                    rects: vec![[0.0, 0.0, width, height]],
                    color: style.cover_background,
                    node: None,
                },
            },
        );
    }
    let document = frame::Document {
        pages,
        outline: builder.outline(),
        info: builder.info(),
        images: builder.images(),
        structure: std::mem::take(&mut builder.structure),
    };
    (document, setter.forced_breaks())
}

/// Characters of the book's text that none of the fonts has, with the file they are in.
pub fn uncovered(book: &Book, fonts: &FontBook) -> Vec<(std::path::PathBuf, char)> {
    let chain = fonts.chain(FontRequest {
        family: Family::Serif,
        bold: false,
        italic: false,
    });
    let mut out = Vec::new();
    let mut check = |file: &std::path::Path, text: &str| {
        for c in fonts.missing(&chain, text) {
            if !out
                .iter()
                .any(|(f, k): &(std::path::PathBuf, char)| f == file && *k == c)
            {
                out.push((file.to_path_buf(), c));
            }
        }
    };
    check(std::path::Path::new("book.toml"), &book.meta.title);
    for entry in &book.entries {
        let mut text = entry.title.clone();
        collect_blocks(&entry.body, &mut text);
        for note in &entry.notes {
            collect_blocks(&note.body, &mut text);
        }
        check(&entry.source, &text);
        let mut comments = String::new();
        collect_comments(&entry.responses, &mut comments);
        let stem = entry
            .source
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        check(
            &entry.source.with_file_name(format!("{stem}.comments.toml")),
            &comments,
        );
    }
    for author in &book.authors {
        let mut text = author.name.clone();
        collect_blocks(&author.bio, &mut text);
        check(
            &std::path::Path::new("authors").join(format!("{}.md", author.id)),
            &text,
        );
    }
    out
}

fn collect_comments(comments: &[Comment], out: &mut String) {
    for c in comments {
        out.push_str(&c.author);
        out.push(' ');
        collect_blocks(&c.body, out);
        collect_comments(&c.replies, out);
    }
}

fn collect_blocks(blocks: &[model::Block], out: &mut String) {
    for b in blocks {
        match b {
            model::Block::Paragraph { content, .. } | model::Block::Heading { content, .. } => {
                out.push_str(&Inline::plain_text(content));
                out.push(' ');
            }
            model::Block::Quote { blocks } => collect_blocks(blocks, out),
            model::Block::List { items, .. } => {
                items.iter().for_each(|i| collect_blocks(&i.blocks, out))
            }
            model::Block::Code { text, .. } => out.push_str(text),
            model::Block::Table { header, rows, .. } => {
                for cell in header.iter().chain(rows.iter().flatten()) {
                    out.push_str(&Inline::plain_text(cell));
                    out.push(' ');
                }
            }
            model::Block::Rule => {}
        }
    }
}

/// The page (1-based) each anchor is on.
fn anchor_pages(pages: &[frame::Page]) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for (i, page) in pages.iter().enumerate() {
        for anchor in &page.anchors {
            out.entry(anchor.name.clone()).or_insert(i + 1);
        }
    }
    out
}

/// Anchor names, shared by links, the contents and the bookmarks.
fn entry_anchor(entry: &Entry) -> String {
    format!("entry-{}", entry.id)
}
fn responses_anchor(entry: &Entry) -> String {
    format!("responses-{}", entry.id)
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
    /// Entry source file name → anchor, for links between entries.
    entry_links: HashMap<String, String>,
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
}

impl<'b> Builder<'b> {
    fn new(book: &'b Book, style: &'b Style) -> Self {
        let entry_links = book
            .entries
            .iter()
            .filter_map(|e| {
                Some((
                    e.source.file_name()?.to_string_lossy().into_owned(),
                    entry_anchor(e),
                ))
            })
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
            entry_links,
            image_map: HashMap::new(),
            image_list: Vec::new(),
            furniture,
            structure: Vec::new(),
            parent: None,
            qr_codes: HashMap::new(),
        }
    }

    /// A new structure element in the current parent; `lang` is kept when it is not the
    /// book's.
    fn node(&mut self, role: Role, lang: Option<&Lang>) -> usize {
        // The language in force where the element goes: the nearest ancestor's, else the book's.
        let mut inherited = None;
        let mut up = self.parent;
        while let Some(n) = up {
            if let Some(l) = &self.structure[n].lang {
                inherited = Some(l.clone());
                break;
            }
            up = self.structure[n].parent;
        }
        let inherited = inherited.unwrap_or_else(|| self.book.meta.lang.to_string());
        let lang = lang.map(|l| l.to_string()).filter(|l| *l != inherited);
        self.structure.push(StructNode {
            role,
            parent: self.parent,
            lang,
            alt: None,
        });
        self.structure.len() - 1
    }

    /// Runs `f` with `node` as the parent of new elements.
    fn within<R>(&mut self, node: usize, f: impl FnOnce(&mut Self) -> R) -> R {
        let saved = self.parent.replace(node);
        let result = f(self);
        self.parent = saved;
        result
    }

    /// Makes a block a structure element of `role` in the current parent (a paragraph's text,
    /// an image's figure), with link elements for its links.
    fn tag(&mut self, block: &mut Block, role: Role) {
        if let Block::Paragraph(p) = block
            && p.node.is_none()
        {
            let lang = p.spans.first().and_then(|s| s.lang.as_deref());
            let lang = lang.and_then(|l| Lang::parse(l).ok());
            let node = self.node(role, lang.as_ref());
            if let Role::Heading(_) = role {
                let title: String = p.spans.iter().map(|s| s.text.as_str()).collect();
                self.structure[node].alt = Some(title);
            }
            p.node = Some(node);
        }
        self.tag_links(block);
    }

    /// Gives every run of linked spans that has no element of its own a link element, in the
    /// element of its paragraph or table cell.
    fn tag_links(&mut self, block: &mut Block) {
        match block {
            Block::Paragraph(p) => {
                let Some(parent) = p.node else { return };
                let mut spans: Vec<&mut Span> = p.spans.iter_mut().collect();
                if let Some(trailer) = p.style.trailer.as_mut() {
                    spans.push(trailer);
                }
                self.link_nodes(parent, spans);
            }
            Block::Table(t) => {
                let rows = std::iter::once(&mut t.header).chain(t.rows.iter_mut());
                for (r, row) in rows.enumerate() {
                    for (c, cell) in row.iter_mut().enumerate() {
                        if let Some(&parent) = t.cell_nodes.get(r).and_then(|n| n.get(c)) {
                            self.link_nodes(parent, cell.iter_mut().collect());
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn link_nodes(&mut self, parent: usize, spans: Vec<&mut Span>) {
        let mut current: Option<(LinkTarget, usize)> = None;
        for span in spans {
            let Some(target) = span.link.clone() else {
                current = None;
                continue;
            };
            if span.node.is_some() {
                current = None;
                continue;
            }
            let node = match &current {
                Some((t, n)) if *t == target => *n,
                _ => {
                    let n = self.within(parent, |b| b.node(Role::Link, None));
                    current = Some((target, n));
                    n
                }
            };
            span.node = Some(node);
        }
    }

    /// Tags what a section's explicit structure left: paragraphs become paragraphs of the
    /// current parent; links get their elements.
    fn tag_rest(&mut self, blocks: &mut [Block]) {
        for block in blocks {
            self.tag(block, Role::Paragraph);
        }
    }

    /// A heading, tagged.
    fn heading(&mut self, text: &str, level: u8, lang: &Lang) -> Block {
        let mut block = self.heading_block(text, level, lang);
        self.tag(&mut block, Role::Heading(level));
        block
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
            rtl: lang.direction() == Direction::Rtl,
            preformatted: false,
            marker: None,
            trailer: None,
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
        let mut sections = vec![
            self.part(None, Self::cover),
            self.part(None, Self::title_page),
            self.part(None, Self::copyright_page),
            self.part(None, |b| b.contents(numbers)),
        ];
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

    /// A section as a part of the document's structure; what it did not tag itself becomes
    /// paragraphs of the part.
    fn part(&mut self, lang: Option<&Lang>, f: impl FnOnce(&mut Self) -> Section) -> Section {
        let part = self.node(Role::Part, lang);
        self.within(part, |b| {
            let mut section = f(b);
            b.tag_rest(&mut section.blocks);
            section
        })
    }

    fn front(&self, blocks: Vec<Block>) -> Section {
        Section {
            blocks,
            start: Start::NewPage,
            running_title: None,
            header_on_opening: false,
            folios: false,
        }
    }

    fn cover(&mut self) -> Section {
        let meta = &self.book.meta;
        let lang = &meta.lang;
        if let Some(index) = self.book.cover
            && let Some(block) = self.image_block(index, 0.0, Some(&meta.title))
        {
            return self.front(vec![block]);
        }
        let h = self.text_height();
        // The anchor holds the space below it at the top of the page (space alone at the top
        // of a page is dropped).
        let mut blocks = vec![Block::Anchor("cover".into()), Block::Space(h * 0.25)];
        blocks.push(self.line(
            self.plain(&meta.title, self.sans(true), 26.0, lang),
            Alignment::Center,
            32.0,
            0.0,
        ));
        if let Some(sub) = &meta.subtitle {
            blocks.push(self.line(
                self.plain(sub, self.serif(), 13.0, lang),
                Alignment::Center,
                17.0,
                10.0,
            ));
        }
        blocks.push(Block::Rule {
            fraction: 0.3,
            thickness: 1.0,
            space: 18.0,
        });
        if !meta.creators.is_empty() {
            blocks.push(self.line(
                self.plain(&meta.creators.join(", "), self.sans(false), 12.0, lang),
                Alignment::Center,
                16.0,
                0.0,
            ));
        }
        if let Some(publisher) = &meta.publisher {
            blocks.push(Block::Space(h * 0.25));
            blocks.push(self.line(
                self.plain(publisher, self.sans(false), 10.0, lang),
                Alignment::Center,
                14.0,
                0.0,
            ));
        }
        self.front(blocks)
    }

    fn title_page(&mut self) -> Section {
        let meta = &self.book.meta;
        let lang = &meta.lang;
        let l = locale::for_lang(lang);
        let h = self.text_height();
        let mut blocks = vec![Block::Anchor("title-page".into()), Block::Space(h * 0.2)];
        blocks.push(self.line(
            self.plain(&meta.title, self.sans(true), 20.0, lang),
            Alignment::Center,
            25.0,
            0.0,
        ));
        if let Some(sub) = &meta.subtitle {
            blocks.push(self.line(
                self.plain(
                    sub,
                    FontRequest {
                        italic: true,
                        ..self.serif()
                    },
                    12.0,
                    lang,
                ),
                Alignment::Center,
                16.0,
                8.0,
            ));
        }
        if !meta.creators.is_empty() {
            blocks.push(self.line(
                self.plain(&meta.creators.join(", "), self.serif(), 12.0, lang),
                Alignment::Center,
                16.0,
                30.0,
            ));
        }
        if !meta.editors.is_empty() {
            let text = format!("{} {}", l.labels.edited_by, meta.editors.join(", "));
            blocks.push(self.line(
                self.plain(&text, self.serif(), 10.0, lang),
                Alignment::Center,
                14.0,
                8.0,
            ));
        }
        if let Some(publisher) = &meta.publisher {
            blocks.push(Block::Space(h * 0.3));
            blocks.push(self.line(
                self.plain(publisher, self.sans(false), 10.0, lang),
                Alignment::Center,
                14.0,
                0.0,
            ));
        }
        self.front(blocks)
    }

    fn copyright_page(&mut self) -> Section {
        let meta = &self.book.meta;
        let lang = &meta.lang;
        let l = locale::for_lang(lang);
        let size = self.style.footnotes.font_size;
        let leading = self.style.footnotes.leading;
        let h = self.text_height();
        let mut lines: Vec<String> = vec![meta.title.clone()];
        if let Some(rights) = &meta.rights {
            lines.push(rights.clone());
        }
        if let Some(licence) = &meta.licence {
            lines.push(format!("{}: {licence}", l.labels.licence));
        }
        if let Some(publisher) = &meta.publisher {
            lines.push(format!("{}: {publisher}", l.labels.publisher));
        }
        if let Some(date) = &meta.date {
            lines.push(format!("{}: {}", l.labels.published, l.date(date)));
        }
        lines.push(match &meta.identifier {
            Identifier::Isbn13(_) => meta.identifier.printed(),
            other => format!("{}: {}", l.labels.identifier, other.urn()),
        });
        let url = meta.url.clone();
        let qr = match &url {
            Some(url) if self.style.qr => self.qr_block(url, 0.0),
            _ => None,
        };
        // The notice sits at the foot of the page; a QR code takes its room above it.
        let qr_height = match &qr {
            Some(Block::Qr { size, module, .. }) => *size as f32 * module + 4.0,
            _ => 0.0,
        };
        let mut blocks = vec![
            Block::Anchor("copyright".into()),
            Block::Space((h * 0.6 - qr_height).max(0.0)),
        ];
        for (i, text) in lines.iter().enumerate() {
            let mut p = self.line(
                self.plain(text, self.serif(), size, lang),
                Alignment::Start,
                leading,
                if i == 0 { 0.0 } else { 3.0 },
            );
            if let Block::Paragraph(par) = &mut p {
                par.style.hyphenate = false;
            }
            blocks.push(p);
        }
        if let Some(url) = url {
            let mut span = self.plain(&url, self.serif(), size, lang);
            span.link = Some(LinkTarget::Url(url.clone()));
            blocks.push(self.line(span, Alignment::Start, leading, 3.0));
        }
        blocks.extend(qr);
        self.front(blocks)
    }

    fn contents(&mut self, numbers: &HashMap<String, usize>) -> Section {
        let lang = &self.book.meta.lang;
        let l = locale::for_lang(lang);
        let t = &self.style.text;
        let mut blocks = vec![self.heading_block(&l.labels.contents, 1, lang)];
        let number = |anchor: &str| {
            numbers
                .get(anchor)
                .map(|n| n.to_string())
                .unwrap_or_else(|| "000".into())
        };
        let mut entry_line = |title: &str, lang: &Lang, anchor: String, indent: f32, bold: bool| {
            let font = FontRequest {
                family: Family::Serif,
                bold,
                italic: false,
            };
            let mut span = self.plain(title, font, t.font_size, lang);
            span.link = Some(LinkTarget::Anchor(anchor.clone()));
            let mut trailer = self.plain(
                &number(&anchor),
                self.serif(),
                t.font_size,
                &self.book.meta.lang,
            );
            trailer.link = Some(LinkTarget::Anchor(anchor));
            let mut style = self.paragraph_style(lang);
            style.align = Alignment::Start;
            style.hyphenate = false;
            style.start_indent = indent;
            style.end_indent = t.font_size * 3.0;
            style.space_before = if indent == 0.0 { t.leading * 0.4 } else { 0.0 };
            style.rtl = false;
            style.trailer = Some(trailer);
            blocks.push(Block::Paragraph(Paragraph {
                spans: vec![span],
                style,
                node: None,
            }));
        };
        for entry in &self.book.entries {
            entry_line(&entry.title, &entry.lang, entry_anchor(entry), 0.0, false);
            if !entry.responses.is_empty() {
                let el = locale::for_lang(&entry.lang);
                entry_line(
                    &el.labels.responses,
                    &entry.lang,
                    responses_anchor(entry),
                    t.font_size * INDENT_EM,
                    false,
                );
            }
        }
        let pages: Vec<_> = self.book.authors.iter().filter(|a| a.has_page).collect();
        if let Some(first) = pages.first() {
            entry_line(
                &l.labels.authors,
                lang,
                author_anchor(&first.id),
                0.0,
                false,
            );
            for a in &pages {
                entry_line(
                    &a.name,
                    &a.lang,
                    author_anchor(&a.id),
                    t.font_size * INDENT_EM,
                    false,
                );
            }
        }
        // The heading, then the contents: an item per line, each a paragraph of links.
        if let Some((heading, lines)) = blocks.split_first_mut() {
            self.tag(heading, Role::Heading(1));
            let toc = self.node(Role::Contents, None);
            for line in lines {
                let item = self.within(toc, |b| b.node(Role::ContentsItem, None));
                self.within(item, |b| b.tag(line, Role::Paragraph));
            }
        }
        Section {
            blocks,
            start: Start::NewPage,
            running_title: Some(self.header_span(&l.labels.contents, lang)),
            header_on_opening: false,
            folios: true,
        }
    }

    fn heading_block(&self, text: &str, level: u8, lang: &Lang) -> Block {
        let h = &self.style.headings;
        let size = match level {
            1 => h.title_size,
            2 => h.h2_size,
            _ => h.h3_size,
        };
        let mut style = self.paragraph_style(lang);
        style.align = Alignment::Start;
        style.leading = size * 1.25;
        style.space_before = if level == 1 { 0.0 } else { h.space_before };
        style.space_after = h.space_after;
        style.keep_with_next = true;
        style.hyphenate = false;
        Block::Paragraph(Paragraph {
            spans: vec![self.plain(text, self.sans(true), size, lang)],
            style,
            node: None,
        })
    }

    fn entry(&mut self, entry: &Entry) -> Section {
        let l = locale::for_lang(&entry.lang);
        let lang = &entry.lang;
        let t = &self.style.text;
        let mut blocks = vec![
            Block::Anchor(entry_anchor(entry)),
            self.heading(&entry.title, 1, lang),
        ];
        // Byline: authors linked to their pages, then the date.
        let mut byline: Vec<Span> = Vec::new();
        let small = t.font_size * 0.9;
        if !entry.authors.is_empty() {
            byline.push(self.plain(&format!("{} ", l.labels.by), self.sans(false), small, lang));
            for (i, id) in entry.authors.iter().enumerate() {
                if i > 0 {
                    byline.push(self.plain(", ", self.sans(false), small, lang));
                }
                let author = self.book.authors.iter().find(|a| &a.id == id);
                let name = author.map(|a| a.name.as_str()).unwrap_or(id);
                let mut span = self.plain(name, self.sans(true), small, lang);
                if author.is_some_and(|a| a.has_page) {
                    span.link = Some(LinkTarget::Anchor(author_anchor(id)));
                }
                byline.push(span);
            }
        }
        if let Some(date) = &entry.date {
            let sep = if byline.is_empty() { "" } else { " · " };
            byline.push(self.plain(
                &format!("{sep}{}", l.date(&date.date)),
                self.sans(false),
                small,
                lang,
            ));
        }
        if !byline.is_empty() {
            let mut style = self.paragraph_style(lang);
            style.align = Alignment::Start;
            style.hyphenate = false;
            style.space_after = t.leading;
            blocks.push(Block::Paragraph(Paragraph {
                spans: byline,
                style,
                node: None,
            }));
        }
        let note_base = self.notes.len();
        let cx = Context {
            lang: lang.clone(),
            indent: 0.0,
            notes: NoteScope {
                base: note_base,
                prefix: format!("{}-", entry.id),
            },
        };
        self.blocks(&entry.body, &cx, &mut blocks);
        self.footnotes(&entry.notes, &cx);
        // Category, tags, original address.
        let mut meta_lines = Vec::new();
        if let Some(category) = &entry.category {
            meta_lines.push(vec![self.plain(
                &format!("{}: {category}", l.labels.category),
                self.sans(false),
                small,
                lang,
            )]);
        }
        if !entry.tags.is_empty() {
            meta_lines.push(vec![self.plain(
                &format!("{}: {}", l.labels.tags, entry.tags.join(", ")),
                self.sans(false),
                small,
                lang,
            )]);
        }
        if let Some(url) = &entry.url {
            let mut link = self.plain(url, self.sans(false), small, lang);
            link.link = Some(LinkTarget::Url(url.clone()));
            meta_lines.push(vec![
                self.plain(
                    &format!("{}: ", l.labels.original_post),
                    self.sans(false),
                    small,
                    lang,
                ),
                link,
            ]);
        }
        for (i, spans) in meta_lines.into_iter().enumerate() {
            let mut style = self.paragraph_style(lang);
            style.align = Alignment::Start;
            style.hyphenate = false;
            style.leading = small * 1.35;
            style.space_before = if i == 0 { t.leading } else { 0.0 };
            blocks.push(Block::Paragraph(Paragraph {
                spans,
                style,
                node: None,
            }));
        }
        if self.style.qr
            && let Some(url) = &entry.url
            && let Some(qr) = self.qr_block(url, 0.0)
        {
            blocks.push(qr);
        }
        if !entry.responses.is_empty() {
            self.responses(entry, l, &mut blocks);
        }
        Section {
            blocks,
            start: if self.style.flow.recto {
                Start::NewRecto
            } else {
                Start::NewPage
            },
            running_title: Some(self.header_span(&entry.title, lang)),
            header_on_opening: false,
            folios: true,
        }
    }

    fn responses(&mut self, entry: &Entry, l: &Locale, blocks: &mut Vec<Block>) {
        let section = self.node(Role::Section, None);
        self.within(section, |b| b.responses_in_section(entry, l, blocks));
    }

    fn responses_in_section(&mut self, entry: &Entry, l: &Locale, blocks: &mut Vec<Block>) {
        let lang = &entry.lang;
        blocks.push(Block::Anchor(responses_anchor(entry)));
        let heading = self.heading(&l.labels.responses, 2, lang);
        blocks.push(heading);
        let total = count(&entry.responses);
        let t = &self.style.text;
        let mut count_line = self.line(
            self.plain(
                &l.count(&l.counts.responses, total),
                FontRequest {
                    italic: true,
                    ..self.serif()
                },
                t.font_size * 0.9,
                lang,
            ),
            Alignment::Start,
            t.leading,
            0.0,
        );
        self.tag(&mut count_line, Role::Paragraph);
        blocks.push(count_line);
        let (comments, pings): (Vec<&Comment>, Vec<&Comment>) = entry
            .responses
            .iter()
            .partition(|c| c.kind == CommentKind::Comment);
        for c in comments {
            self.comment(entry, c, 0, blocks);
        }
        if !pings.is_empty() {
            let heading = self.heading(&l.labels.pingbacks, 3, lang);
            blocks.push(heading);
            for c in pings {
                self.comment(entry, c, 0, blocks);
            }
        }
    }

    fn comment(&mut self, entry: &Entry, c: &Comment, depth: usize, blocks: &mut Vec<Block>) {
        let div = self.node(Role::Div, Some(&c.lang));
        self.within(div, |b| b.comment_in_div(entry, c, depth, blocks));
    }

    fn comment_in_div(
        &mut self,
        entry: &Entry,
        c: &Comment,
        depth: usize,
        blocks: &mut Vec<Block>,
    ) {
        let t = &self.style.text;
        let cl = locale::for_lang(&c.lang);
        let indent = depth as f32 * t.font_size * INDENT_EM;
        let small = t.font_size * 0.9;
        let mut meta = Vec::new();
        if c.kind != CommentKind::Comment {
            let label = if c.kind == CommentKind::Pingback {
                &cl.labels.pingback
            } else {
                &cl.labels.trackback
            };
            meta.push(self.plain(
                &format!("{label}: "),
                FontRequest {
                    italic: true,
                    ..self.sans(false)
                },
                small,
                &c.lang,
            ));
        }
        let mut author = self.plain(&c.author, self.sans(true), small, &c.lang);
        if let Some(url) = &c.url {
            author.link = Some(LinkTarget::Url(url.clone()));
        }
        meta.push(author);
        if let Some(date) = &c.date {
            meta.push(self.plain(
                &format!(" · {}", cl.date(&date.date)),
                self.sans(false),
                small,
                &c.lang,
            ));
        }
        let mut style = self.paragraph_style(&c.lang);
        style.align = Alignment::Start;
        style.hyphenate = false;
        style.start_indent = indent;
        style.space_before = t.leading * 0.6;
        style.leading = small * 1.35;
        style.keep_with_next = !c.body.is_empty();
        blocks.push(Block::Anchor(format!("comment-{}-{}", entry.id, c.id)));
        let mut meta = Block::Paragraph(Paragraph {
            spans: meta,
            style,
            node: None,
        });
        self.tag(&mut meta, Role::Paragraph);
        blocks.push(meta);
        let cx = Context {
            lang: c.lang.clone(),
            indent,
            notes: NoteScope {
                base: self.notes.len(),
                prefix: format!("{}-{}-", entry.id, c.id),
            },
        };
        let mut body = Vec::new();
        self.blocks(&c.body, &cx, &mut body);
        for block in &mut body {
            if let Block::Paragraph(p) = block {
                p.style.first_indent = 0.0;
            }
        }
        blocks.extend(body);
        self.footnotes(&c.notes, &cx);
        for reply in &c.replies {
            self.comment(entry, reply, depth + 1, blocks);
        }
    }

    fn author(&mut self, author: &model::Author) -> Section {
        let l = locale::for_lang(&author.lang);
        let lang = &author.lang;
        let t = &self.style.text;
        let mut blocks = vec![Block::Anchor(author_anchor(&author.id))];
        let mut label = self.line(
            self.plain(
                &l.labels.about_the_author,
                self.sans(false),
                t.font_size * 0.85,
                lang,
            ),
            Alignment::Start,
            t.leading,
            0.0,
        );
        if let Block::Paragraph(p) = &mut label {
            p.style.keep_with_next = true;
        }
        self.tag(&mut label, Role::Paragraph);
        blocks.push(label);
        let heading = self.heading(&author.name, 1, lang);
        blocks.push(heading);
        if let Some(photo) = author.photo
            && let Some(block) = self.image_block(photo, 0.0, Some(&author.name))
        {
            blocks.push(block);
        }
        let cx = Context {
            lang: lang.clone(),
            indent: 0.0,
            notes: NoteScope {
                base: self.notes.len(),
                prefix: format!("author-{}-", author.id),
            },
        };
        self.blocks(&author.bio, &cx, &mut blocks);
        for link in &author.links {
            let mut span = self.plain(link, self.sans(false), t.font_size * 0.9, lang);
            span.link = Some(LinkTarget::Url(link.clone()));
            blocks.push(self.line(span, Alignment::Start, t.leading, 0.0));
        }
        self.footnotes(&author.notes, &cx);
        Section {
            blocks,
            start: Start::NewPage,
            running_title: Some(self.header_span(&author.name, lang)),
            header_on_opening: false,
            folios: true,
        }
    }

    /// A QR code that leads to `url`, as a figure whose alternative text is the address; `None`
    /// if the address is too long to encode.
    fn qr_block(&mut self, url: &str, start_indent: f32) -> Option<Block> {
        // Encoding (choosing the mask) is the costly part; layout runs more than once.
        let (modules, size) = match self.qr_codes.get(url) {
            Some(code) => code.clone()?,
            None => {
                let code = qr_modules(url);
                self.qr_codes.insert(url.to_string(), code.clone());
                code?
            }
        };
        let module = (QR_SIDE / size as f32).max(QR_MIN_MODULE);
        let node = self.node(Role::Figure, None);
        self.structure[node].alt = Some(format!("QR code: {url}"));
        Some(Block::Qr {
            modules,
            size,
            module,
            start_indent,
            node: Some(node),
        })
    }

    /// An image; a figure with `alt` as its alternative text, or decorative (an artifact)
    /// when it has none.
    fn image_block(&mut self, index: usize, start_indent: f32, alt: Option<&str>) -> Option<Block> {
        let image = self.book.images.get(index)?;
        let format = match image.media_type {
            "image/png" => ImageFormat::Png,
            "image/jpeg" => ImageFormat::Jpeg,
            _ => return None,
        };
        let (width_px, height_px) = crate::source::images::pixel_size(&image.data)?;
        let next = self.image_list.len();
        let frame_index = *self.image_map.entry(index).or_insert(next);
        if frame_index == next {
            self.image_list.push(ImageData {
                data: Arc::new(image.data.clone()),
                format,
            });
        }
        let node = alt.map(str::trim).filter(|a| !a.is_empty()).map(|alt| {
            let node = self.node(Role::Figure, None);
            self.structure[node].alt = Some(alt.to_string());
            node
        });
        Some(Block::Image {
            image: frame_index,
            width_px,
            height_px,
            start_indent,
            node,
        })
    }

    fn images(&self) -> Vec<ImageData> {
        self.image_list.clone()
    }

    fn footnotes(&mut self, notes: &[model::Note], cx: &Context) {
        let size = self.style.footnotes.font_size;
        let leading = self.style.footnotes.leading;
        for note in notes {
            let note_node = self.node(Role::Note, None);
            let saved = self.parent.replace(note_node);
            let ncx = Context {
                lang: cx.lang.clone(),
                indent: 0.0,
                notes: NoteScope {
                    base: usize::MAX,
                    prefix: cx.notes.prefix.clone(),
                },
            };
            let mut blocks = Vec::new();
            self.blocks_sized(&note.body, &ncx, size, leading, &mut blocks);
            let mut paragraphs: Vec<Paragraph> = blocks
                .into_iter()
                .filter_map(|b| match b {
                    Block::Paragraph(p) => Some(p),
                    _ => None,
                })
                .collect();
            let mut number =
                self.plain(&format!("{}. ", note.number), self.serif(), size, &cx.lang);
            number
                .anchors
                .push(format!("note-{}{}", cx.notes.prefix, note.number));
            number.link = Some(LinkTarget::Anchor(format!(
                "noteref-{}{}-1",
                cx.notes.prefix, note.number
            )));
            match paragraphs.first_mut() {
                Some(first) => first.spans.insert(0, number),
                None => {
                    let mut style = self.paragraph_style(&cx.lang);
                    style.leading = leading;
                    paragraphs.push(Paragraph {
                        spans: vec![number],
                        style,
                        node: None,
                    });
                }
            }
            for p in &mut paragraphs {
                p.style.first_indent = 0.0;
                p.style.space_before = 0.0;
                let mut block = Block::Paragraph(std::mem::replace(
                    p,
                    Paragraph {
                        spans: Vec::new(),
                        style: p.style.clone(),
                        node: None,
                    },
                ));
                self.tag(&mut block, Role::Paragraph);
                if let Block::Paragraph(tagged) = block {
                    *p = tagged;
                }
            }
            self.parent = saved;
            self.notes.push(Footnote { paragraphs });
        }
    }

    fn blocks(&mut self, blocks: &[model::Block], cx: &Context, out: &mut Vec<Block>) {
        let size = self.style.text.font_size;
        let leading = self.style.text.leading;
        self.blocks_sized(blocks, cx, size, leading, out);
    }

    /// Converts blocks at a text size (body text, or notes).
    fn blocks_sized(
        &mut self,
        blocks: &[model::Block],
        cx: &Context,
        size: f32,
        leading: f32,
        out: &mut Vec<Block>,
    ) {
        let mut previous_paragraph = false;
        for block in blocks {
            let is_paragraph = matches!(block, model::Block::Paragraph { .. });
            match block {
                model::Block::Paragraph { lang, content } => {
                    let lang = lang.clone().unwrap_or_else(|| cx.lang.clone());
                    if let [Inline::Image { image, alt, .. }] = content.as_slice()
                        && let Some(b) = self.image_block(*image, cx.indent, Some(alt))
                    {
                        out.push(b);
                        continue;
                    }
                    let state = InlineState {
                        font: self.serif(),
                        size,
                        lang: lang.clone(),
                        link: None,
                    };
                    let undeclared = matches!(block, model::Block::Paragraph { lang: None, .. });
                    let spans = self.spans(content, &state, cx);
                    let mut style = self.paragraph_style(&lang);
                    // A paragraph without a language of its own, written wholly in a
                    // right-to-left script, is set right to left.
                    if undeclared
                        && crate::lang::detected_direction(&Inline::plain_text(content))
                            == Some(Direction::Rtl)
                    {
                        style.rtl = true;
                    }
                    style.leading = leading;
                    style.start_indent = cx.indent;
                    if previous_paragraph {
                        style.first_indent =
                            self.style.text.paragraph_indent * size / self.style.text.font_size;
                    }
                    let mut block = Block::Paragraph(Paragraph {
                        spans,
                        style,
                        node: None,
                    });
                    self.tag(&mut block, Role::Paragraph);
                    out.push(block);
                }
                model::Block::Heading { level, content } => {
                    let text = Inline::plain_text(content);
                    let mut b = self.heading(&text, (*level).max(2), &cx.lang);
                    if let Block::Paragraph(p) = &mut b {
                        p.style.start_indent = cx.indent;
                    }
                    out.push(b);
                }
                model::Block::Quote { blocks } => {
                    let inner = Context {
                        indent: cx.indent + size * INDENT_EM,
                        ..cx.clone()
                    };
                    let mut quoted = Vec::new();
                    let quote = self.node(Role::BlockQuote, None);
                    self.within(quote, |b| {
                        b.blocks_sized(blocks, &inner, size, leading, &mut quoted)
                    });
                    for (i, b) in quoted.iter_mut().enumerate() {
                        if let Block::Paragraph(p) = b {
                            p.style.end_indent += size;
                            p.style.first_indent = 0.0;
                            if i == 0 {
                                p.style.space_before = leading * 0.5;
                            }
                            if !p.style.rtl {
                                for s in &mut p.spans {
                                    s.font.italic = !s.font.italic;
                                }
                            }
                        }
                    }
                    if let Some(Block::Paragraph(p)) = quoted.last_mut() {
                        p.style.space_after = leading * 0.5;
                    }
                    out.extend(quoted);
                }
                model::Block::List { start, items, .. } => {
                    let inner = Context {
                        indent: cx.indent + size * INDENT_EM,
                        ..cx.clone()
                    };
                    let list = self.node(
                        Role::List {
                            numbered: start.is_some(),
                        },
                        None,
                    );
                    for (i, item) in items.iter().enumerate() {
                        let li = self.within(list, |b| b.node(Role::ListItem, None));
                        let (label, body) = self.within(li, |b| {
                            (b.node(Role::Label, None), b.node(Role::ListBody, None))
                        });
                        let marker = match (item.task, start) {
                            (Some(true), _) => "[x]".to_string(),
                            (Some(false), _) => "[ ]".to_string(),
                            (None, Some(n)) => format!("{}.", *n as usize + i),
                            (None, None) => "•".to_string(),
                        };
                        let mut converted = Vec::new();
                        self.within(body, |b| {
                            b.blocks_sized(&item.blocks, &inner, size, leading, &mut converted)
                        });
                        let mut marked = false;
                        for b in &mut converted {
                            if let Block::Paragraph(p) = b {
                                p.style.first_indent = 0.0;
                                if !marked {
                                    let mut span =
                                        self.plain(&marker, self.serif(), size, &cx.lang);
                                    span.node = Some(label);
                                    p.style.marker = Some(span);
                                    p.style.space_before = leading * 0.2;
                                    marked = true;
                                }
                            }
                        }
                        out.extend(converted);
                    }
                }
                model::Block::Code { text, .. } => {
                    let code = &self.style.code;
                    let mut style = self.paragraph_style(&cx.lang);
                    style.align = Alignment::Start;
                    style.leading = code.leading;
                    style.hyphenate = false;
                    style.preformatted = true;
                    style.rtl = false;
                    style.start_indent = cx.indent + size * 0.8;
                    style.space_before = leading * 0.5;
                    style.space_after = leading * 0.5;
                    let text = text.trim_end_matches('\n').replace('\t', "    ");
                    let span = self.plain(
                        &text,
                        FontRequest {
                            family: Family::Mono,
                            bold: false,
                            italic: false,
                        },
                        code.font_size,
                        &cx.lang,
                    );
                    let p = self.node(Role::Paragraph, None);
                    let code = self.within(p, |b| b.node(Role::Code, None));
                    out.push(Block::Paragraph(Paragraph {
                        spans: vec![span],
                        style,
                        node: Some(code),
                    }));
                }
                model::Block::Table {
                    align,
                    header,
                    rows,
                } => {
                    let state = InlineState {
                        font: self.serif(),
                        size: size * 0.9,
                        lang: cx.lang.clone(),
                        link: None,
                    };
                    let cells = |b: &mut Self, row: &[Vec<Inline>]| {
                        row.iter()
                            .map(|c| b.spans(c, &state, cx))
                            .collect::<Vec<_>>()
                    };
                    let header = cells(self, header);
                    let rows: Vec<_> = rows.iter().map(|r| cells(self, r)).collect();
                    let table = self.node(Role::Table, None);
                    let mut cell_nodes = Vec::new();
                    for (r, row) in std::iter::once(&header).chain(rows.iter()).enumerate() {
                        let tr = self.within(table, |b| b.node(Role::TableRow, None));
                        let role = if r == 0 {
                            Role::TableHeader
                        } else {
                            Role::TableCell
                        };
                        let columns = align.len().max(row.len());
                        cell_nodes.push(
                            (0..columns)
                                .map(|_| self.within(tr, |b| b.node(role, None)))
                                .collect(),
                        );
                    }
                    let mut block = Block::Table(Table {
                        align: align
                            .iter()
                            .map(|a| match a {
                                Align::Center => CellAlign::Center,
                                Align::Right => CellAlign::End,
                                _ => CellAlign::Start,
                            })
                            .collect(),
                        header,
                        rows,
                        leading: leading * 0.9,
                        start_indent: cx.indent,
                        cell_nodes,
                    });
                    self.tag_links(&mut block);
                    out.push(block);
                }
                model::Block::Rule => out.push(Block::Rule {
                    fraction: 0.3,
                    thickness: 0.5,
                    space: leading * 0.6,
                }),
            }
            previous_paragraph = is_paragraph;
        }
    }

    fn spans(&mut self, content: &[Inline], state: &InlineState, cx: &Context) -> Vec<Span> {
        let mut out = Vec::new();
        self.collect_spans(content, state, cx, &mut out);
        out
    }

    fn collect_spans(
        &mut self,
        content: &[Inline],
        state: &InlineState,
        cx: &Context,
        out: &mut Vec<Span>,
    ) {
        for inline in content {
            match inline {
                Inline::Text(t) => out.push(self.span(t, state)),
                Inline::SoftBreak => out.push(self.span(" ", state)),
                Inline::LineBreak => out.push(self.span("\n", state)),
                Inline::Emph(c) => self.collect_spans(
                    c,
                    &InlineState {
                        font: FontRequest {
                            italic: !state.font.italic,
                            ..state.font
                        },
                        ..state.clone()
                    },
                    cx,
                    out,
                ),
                Inline::Strong(c) => self.collect_spans(
                    c,
                    &InlineState {
                        font: FontRequest {
                            bold: true,
                            ..state.font
                        },
                        ..state.clone()
                    },
                    cx,
                    out,
                ),
                Inline::Strike(c) => self.collect_spans(c, state, cx, out),
                Inline::Code(t) => out.push(self.span(
                    t,
                    &InlineState {
                        font: FontRequest {
                            family: Family::Mono,
                            bold: false,
                            italic: false,
                        },
                        size: state.size * 0.9,
                        ..state.clone()
                    },
                )),
                Inline::Link { url, content, .. } => {
                    let target = self.link_target(url);
                    self.collect_spans(
                        content,
                        &InlineState {
                            link: target.or(state.link.clone()),
                            ..state.clone()
                        },
                        cx,
                        out,
                    );
                }
                Inline::Image { alt, .. } => out.push(self.span(&format!("[{alt}]"), state)),
                Inline::NoteRef { number, citation } => {
                    let mut span = self.span(
                        &number.to_string(),
                        &InlineState {
                            size: state.size * SUPERSCRIPT_SCALE,
                            ..state.clone()
                        },
                    );
                    span.superscript = true;
                    span.link = Some(LinkTarget::Anchor(format!(
                        "note-{}{number}",
                        cx.notes.prefix
                    )));
                    span.anchors
                        .push(format!("noteref-{}{number}-{citation}", cx.notes.prefix));
                    // The note goes to the page of its first citation.
                    if *citation == 1 && cx.notes.base != usize::MAX {
                        span.notes.push(cx.notes.base + *number as usize - 1);
                    }
                    out.push(span);
                }
                Inline::Span { lang, content } => self.collect_spans(
                    content,
                    &InlineState {
                        lang: lang.clone(),
                        ..state.clone()
                    },
                    cx,
                    out,
                ),
            }
        }
    }

    fn span(&self, text: &str, state: &InlineState) -> Span {
        let mut span = Span::new(text, state.font, state.size);
        span.lang = Some(state.lang.to_string());
        span.link = state.link.clone();
        span
    }

    fn link_target(&self, url: &str) -> Option<LinkTarget> {
        let has_scheme = url.split_once(':').is_some_and(|(s, _)| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        });
        if has_scheme {
            return Some(LinkTarget::Url(url.to_string()));
        }
        let path = url.split('#').next().unwrap_or(url);
        let name = path.rsplit('/').next().unwrap_or(path);
        self.entry_links
            .get(name)
            .map(|a| LinkTarget::Anchor(a.clone()))
    }

    fn outline(&self) -> Vec<OutlineEntry> {
        let mut out = Vec::new();
        for entry in &self.book.entries {
            let mut children = Vec::new();
            if !entry.responses.is_empty() {
                let l = locale::for_lang(&entry.lang);
                children.push(OutlineEntry {
                    title: l.labels.responses.clone(),
                    anchor: responses_anchor(entry),
                    children: Vec::new(),
                });
            }
            out.push(OutlineEntry {
                title: entry.title.clone(),
                anchor: entry_anchor(entry),
                children,
            });
        }
        let pages: Vec<_> = self.book.authors.iter().filter(|a| a.has_page).collect();
        if let Some(first) = pages.first() {
            let l = locale::for_lang(&self.book.meta.lang);
            out.push(OutlineEntry {
                title: l.labels.authors.clone(),
                anchor: author_anchor(&first.id),
                children: pages
                    .iter()
                    .map(|a| OutlineEntry {
                        title: a.name.clone(),
                        anchor: author_anchor(&a.id),
                        children: Vec::new(),
                    })
                    .collect(),
            });
        }
        out
    }

    fn info(&self) -> DocumentInfo {
        let meta = &self.book.meta;
        DocumentInfo {
            title: meta.title.clone(),
            authors: meta.creators.clone(),
            lang: Some(meta.lang.to_string()),
            subject: meta.description.clone(),
            keywords: meta.subjects.clone(),
            date: {
                let m = &meta.modified;
                let (h, min, sec) = m.time.unwrap_or((0, 0, 0));
                u16::try_from(m.date.year)
                    .ok()
                    .map(|y| (y, m.date.month, m.date.day, h, min, sec))
            },
        }
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

/// The modules of a QR code for `text` (error correction M), with the quiet zone, row by
/// row, and the number per side; `None` if the text is too long for a QR code.
fn qr_modules(text: &str) -> Option<(Vec<bool>, usize)> {
    let code =
        qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M).ok()?;
    let inner = code.width();
    let size = inner + 2 * QR_QUIET_ZONE;
    let mut modules = vec![false; size * size];
    for (i, color) in code.to_colors().iter().enumerate() {
        let (row, col) = (i / inner + QR_QUIET_ZONE, i % inner + QR_QUIET_ZONE);
        modules[row * size + col] = *color == qrcode::Color::Dark;
    }
    Some((modules, size))
}

fn count(comments: &[Comment]) -> u64 {
    comments.iter().map(|c| 1 + count(&c.replies)).sum()
}
