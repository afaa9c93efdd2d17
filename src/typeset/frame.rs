//! Positioned output: pages of glyph runs, rules and link areas, in points with the origin at
//! the top left and y growing down. Format-independent: only `pdf::write` turns it into PDF.

use super::shape::ShapedRun;
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
    /// Image files (PNG or JPEG bytes) that pages refer to by index.
    pub images: Vec<ImageData>,
}

/// An image file.
#[derive(Debug, Clone)]
pub struct ImageData {
    /// The file's bytes.
    pub data: Arc<Vec<u8>>,
    /// Its format.
    pub format: ImageFormat,
}

/// Raster formats the writer embeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
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
    },
    /// A clickable area.
    Link {
        /// Width.
        width: f32,
        /// Height.
        height: f32,
        /// Where it leads.
        target: LinkTarget,
    },
}

/// A run of glyphs with the text it sets (glyph ranges index into `text`).
#[derive(Debug, Clone)]
pub struct TextItem {
    /// The glyphs.
    pub run: ShapedRun,
    /// The text the run's ranges refer to (usually the whole paragraph).
    pub text: Arc<str>,
}

/// Where a link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
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
        }
    }
}
