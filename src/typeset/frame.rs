//! Positioned output: pages of glyph runs, rules and link areas, in points with the origin at
//! the top left and y growing down. Format-independent: only `pdf::write` turns it into PDF.

use super::shape::ShapedRun;
use std::collections::HashMap;
use std::sync::Arc;

/// A laid-out document.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The pages, in order.
    pub pages: Vec<Page>,
    /// The bookmarks.
    pub outline: Vec<OutlineEntry>,
    /// Document information.
    pub info: DocumentInfo,
    /// Image files (PNG, JPEG, GIF, WebP or SVG bytes) that pages refer to by index.
    pub images: Vec<ImageData>,
    /// The logical structure (headings, paragraphs, lists…) that drawn items belong to, for
    /// tagged PDF. Items with no node are artifacts (running headers, folios, rules).
    pub structure: Vec<StructNode>,
}

/// A structure element: its role, its parent (none for a child of the document) and what a
/// reader is told about it. Children are found by their parent; their order is the order in
/// which their content is drawn, which is the logical order.
#[derive(Debug, Clone, PartialEq)]
pub struct StructNode {
    /// What it is.
    pub role: Role,
    /// The enclosing element; `None` for a top-level element.
    pub parent: Option<usize>,
    /// Its language (BCP 47) when it differs from the document's.
    pub lang: Option<String>,
    /// Alternative text (figures), a heading's title, or what a link is read as when its
    /// text says too little (a note reference's "1" read as "Note 1").
    pub alt: Option<String>,
    /// An element read right after element `after` (in `after`'s parent) rather than where
    /// its content is drawn: a note, after the reference that cites it, instead of at the
    /// foot of the page.
    pub after: Option<usize>,
}

/// Roles of structure elements: the standard structure types of PDF (ISO 32000-1, 14.8.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A part of the book: an entry, an author page, the front matter.
    Part,
    /// A section within a part (the responses to an entry).
    Section,
    /// A generic block (a figure with its caption).
    Div,
    /// A heading of a level (1 for entry titles).
    Heading(u8),
    /// A paragraph.
    Paragraph,
    /// A block quotation.
    BlockQuote,
    /// A list; `numbered` for an ordered list.
    List {
        /// Ordered (decimal numbers) or not (bullets).
        numbered: bool,
    },
    /// A thread of comments: a list without numbers, each comment an item whose body holds
    /// the list of its replies.
    Thread,
    /// A definition list: each term a label, its definitions the body (PDF/UA's usual
    /// mapping: L, LI, Lbl, LBody, with no numbering).
    DefinitionList,
    /// A list item.
    ListItem,
    /// A list item's label (its bullet or number).
    Label,
    /// A list item's body.
    ListBody,
    /// A table.
    Table,
    /// A table row.
    TableRow,
    /// A header cell (its scope is the column).
    TableHeader,
    /// A data cell.
    TableCell,
    /// A figure (an image with alternative text).
    Figure,
    /// A figure's caption.
    Caption,
    /// A note (a footnote's text).
    Note,
    /// A link (its text and its clickable areas).
    Link,
    /// Code.
    Code,
    /// A table of contents.
    Contents,
    /// An item of the table of contents.
    ContentsItem,
}

/// An image file.
#[derive(Debug, Clone)]
pub struct ImageData {
    /// The file's bytes.
    pub data: Arc<Vec<u8>>,
    /// Its format.
    pub format: ImageFormat,
}

/// Image formats the writer embeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
    /// GIF (its first frame).
    Gif,
    /// WebP (its first frame).
    Webp,
    /// SVG, drawn as vector paths.
    Svg,
}

impl ImageFormat {
    /// The format of a media type, if it is one the writer embeds.
    pub fn from_media_type(media_type: &str) -> Option<ImageFormat> {
        Some(match media_type {
            "image/png" => ImageFormat::Png,
            "image/jpeg" => ImageFormat::Jpeg,
            "image/gif" => ImageFormat::Gif,
            "image/webp" => ImageFormat::Webp,
            "image/svg+xml" => ImageFormat::Svg,
            _ => return None,
        })
    }
}

/// Title, authors and the rest of a document's information dictionary.
#[derive(Debug, Clone, Default)]
pub struct DocumentInfo {
    /// Title.
    pub title: String,
    /// Authors.
    pub authors: Vec<String>,
    /// Main language (BCP 47).
    pub lang: Option<String>,
    /// Subject (the description).
    pub subject: Option<String>,
    /// Keywords.
    pub keywords: Vec<String>,
    /// When the document was made (year, month, day, hour, minute, second, UTC): from the
    /// book, never the clock, so that the same book gives the same bytes.
    pub date: Option<(u16, u8, u8, u8, u8, u8)>,
}

/// A bookmark, pointing at an anchor.
#[derive(Debug, Clone)]
pub struct OutlineEntry {
    /// The text shown.
    pub title: String,
    /// The anchor it opens.
    pub anchor: String,
    /// Nested bookmarks.
    pub children: Vec<OutlineEntry>,
}

/// One page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
    /// What is drawn, in drawing order.
    pub items: Vec<Positioned>,
    /// Named places on the page that links and bookmarks can point to.
    pub anchors: Vec<Anchor>,
    /// A landscape page (a table too wide for the measure): the page keeps its size, its
    /// items are laid out on it turned a quarter to the left (x along the page's height from
    /// its bottom edge, y across its width from its left edge: the top of what they draw is
    /// at the page's left edge), and viewers are asked to show it turned a quarter clockwise
    /// (`/Rotate 90`). Its anchors are at its top.
    pub turned: bool,
    /// Where the running header ends and the footer (the folio) begins, from the top: text
    /// of no structure element above the first is the header, below the second the footer.
    /// `[0, height]` on a page without them.
    pub furniture: [f32; 2],
}

/// A named place: `name` at `y` points from the top of its page.
#[derive(Debug, Clone)]
pub struct Anchor {
    /// The name, unique in the document.
    pub name: String,
    /// Distance from the top of the page.
    pub y: f32,
}

/// An item at a position.
#[derive(Debug, Clone)]
pub struct Positioned {
    /// Left edge.
    pub x: f32,
    /// For text, the baseline; for other items, the top edge.
    pub y: f32,
    /// The item.
    pub item: Item,
}

/// Something drawn on a page.
#[derive(Debug, Clone)]
pub enum Item {
    /// Shaped glyphs.
    Text(TextItem),
    /// A filled rectangle (rules, separators).
    Rule {
        /// Width.
        width: f32,
        /// Thickness.
        thickness: f32,
    },
    /// An image scaled to a box (top-left at the position).
    Image {
        /// Index into [`Document::images`].
        image: usize,
        /// Width.
        width: f32,
        /// Height.
        height: f32,
        /// The figure it belongs to (`None`: decorative, an artifact).
        node: Option<usize>,
    },
    /// Rectangles filled with one colour, as one shape: a generated cover's background, the
    /// modules of a QR code.
    Fill {
        /// The rectangles (x, y, width, height), relative to the item's position.
        rects: Vec<[f32; 4]>,
        /// sRGB colour.
        color: [u8; 3],
        /// The figure it draws part of (`None`: decoration, an artifact).
        node: Option<usize>,
    },
    /// A clickable area.
    Link {
        /// Width.
        width: f32,
        /// Height.
        height: f32,
        /// Where it leads.
        target: LinkTarget,
        /// The link element it belongs to.
        node: Option<usize>,
    },
}

/// A run of glyphs with the text it sets (glyph ranges index into `text`).
#[derive(Debug, Clone)]
pub struct TextItem {
    /// The glyphs.
    pub run: ShapedRun,
    /// The text the run's ranges refer to (usually the whole paragraph).
    pub text: Arc<str>,
    /// The structure element it belongs to (`None`: an artifact, such as a folio).
    pub node: Option<usize>,
    /// Its language (BCP 47).
    pub lang: Option<Arc<str>>,
}

/// Where a link leads.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LinkTarget {
    /// An address outside the document.
    Url(String),
    /// An anchor in the document.
    Anchor(String),
}

impl Page {
    /// An empty page.
    pub fn new(width: f32, height: f32) -> Self {
        Page {
            width,
            height,
            items: Vec::new(),
            anchors: Vec::new(),
            turned: false,
            furniture: [0.0, height],
        }
    }
}

impl Page {
    /// The page as the writer needs it before the pages are drawn: its anchors (where links
    /// lead) and its links with their text ([`link_text_items`]), nothing else.
    pub fn outline_only(&self) -> Page {
        Page {
            width: self.width,
            height: self.height,
            items: link_text_items(&self.items),
            anchors: self.anchors.clone(),
            turned: self.turned,
            furniture: self.furniture,
        }
    }
}

/// The link areas of `items`, and the text items that can be part of a link's text, without
/// their glyphs: those of an element that also has a link area among `items` (the layout
/// makes link elements only for the spans of a link, and the setter draws each such span's
/// area with its text). In their order.
pub fn link_text_items(items: &[Positioned]) -> Vec<Positioned> {
    let links: Vec<usize> = items
        .iter()
        .filter_map(|p| match &p.item {
            Item::Link { node, .. } => *node,
            _ => None,
        })
        .collect();
    items
        .iter()
        .filter_map(|p| match &p.item {
            Item::Text(text) if text.node.is_some_and(|n| links.contains(&n)) => Some(Positioned {
                x: p.x,
                y: p.y,
                item: Item::Text(text.without_glyphs()),
            }),
            Item::Link { .. } => Some(p.clone()),
            _ => None,
        })
        .collect()
}

impl TextItem {
    /// The same text item with no glyphs: what it says and where, without how it is drawn.
    pub fn without_glyphs(&self) -> TextItem {
        TextItem {
            run: ShapedRun {
                font: self.run.font,
                size: self.run.size,
                rtl: self.run.rtl,
                range: self.run.range.clone(),
                glyphs: Vec::new(),
                track: self.run.track,
            },
            text: self.text.clone(),
            node: self.node,
            lang: self.lang.clone(),
        }
    }
}

/// Where laid-out pages go one at a time, so that a long book is never held whole: each page
/// is drawn and dropped as soon as it is made.
pub trait PageSink {
    /// Called before the first page, with everything but the drawing: the outline,
    /// information, images and structure, and every page as [`Page::outline_only`] makes it,
    /// so that a link can lead to a page not made yet and be named by its whole text. Called
    /// again, it starts over: the pages given before are thrown away (the layout draws a pass
    /// that may prove wrong and draws it again).
    fn begin(&mut self, document: Document);
    /// The next page, in order.
    fn page(&mut self, page: Page);
}

/// What drawing a page reads of the other pages (from their outlines,
/// [`Page::outline_only`]): where each anchor is, for the links that lead there, and the
/// text of each link element, which a link is read as.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Targets {
    /// Each anchor's page (from 0) and height: the first of a name.
    pub anchors: HashMap<String, (usize, f32)>,
    /// The text of each link element ([`Role::Link`]) of `structure`.
    pub link_texts: HashMap<usize, String>,
}

impl Targets {
    /// The targets of `pages` (outlines will do), whose items belong to `structure`.
    pub fn of(pages: &[Page], structure: &[StructNode]) -> Targets {
        let mut anchors = HashMap::new();
        for (index, page) in pages.iter().enumerate() {
            for anchor in &page.anchors {
                anchors
                    .entry(anchor.name.clone())
                    .or_insert((index, anchor.y));
            }
        }
        Targets {
            anchors,
            link_texts: link_texts(pages, structure),
        }
    }
}

/// The text of each link element, gathered over the pages: runs that follow each other in
/// their text are joined as they are (a word broken across lines reads whole), others with a
/// space between them (the last word of a line and the first of the next, a title and its
/// page number in the contents).
fn link_texts(pages: &[Page], structure: &[StructNode]) -> HashMap<usize, String> {
    let mut texts: HashMap<usize, (String, Arc<str>, usize)> = HashMap::new();
    for page in pages {
        for positioned in &page.items {
            if let Item::Text(text) = &positioned.item
                && let Some(node) = text.node
                && structure.get(node).is_some_and(|n| n.role == Role::Link)
                && let Some(part) = text.text.get(text.run.range.clone())
            {
                let (joined, source, end) = texts.entry(node).or_insert((
                    String::new(),
                    text.text.clone(),
                    text.run.range.start,
                ));
                if !Arc::ptr_eq(source, &text.text) || *end != text.run.range.start {
                    joined.push(' ');
                }
                joined.push_str(part);
                (*source, *end) = (text.text.clone(), text.run.range.end);
            }
        }
    }
    let mut texts: HashMap<usize, String> = texts
        .into_iter()
        .map(|(node, (text, ..))| (node, text))
        .collect();
    for text in texts.values_mut() {
        *text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    texts
}
