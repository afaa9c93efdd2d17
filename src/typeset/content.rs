//! What the engine is given: styled paragraphs and other blocks, independent of Markdown.
//! `layout` builds these from the book model and the style.

use super::font::FontRequest;
use super::frame::LinkTarget;

/// Superscripts (note markers) are set at this fraction of the text size. The layout makes a
/// superscript span this much smaller; the setter divides by it to recover the size of the
/// text around, since a superscript is raised by a fraction of that size, not of its own.
pub const SUPERSCRIPT_SCALE: f32 = 0.7;

/// A piece of text with one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// The text.
    pub text: String,
    /// Which face family, weight and style.
    pub font: FontRequest,
    /// Font size in points.
    pub size: f32,
    /// BCP 47 language of the text (for shaping and hyphenation).
    pub lang: Option<String>,
    /// Where the text links to.
    pub link: Option<LinkTarget>,
    /// Raised as a superscript (note markers); its `size` is already scaled by
    /// [`SUPERSCRIPT_SCALE`].
    pub superscript: bool,
    /// Lowered as a subscript; its `size` is already scaled by [`SUPERSCRIPT_SCALE`].
    pub subscript: bool,
    /// Struck through (`~~text~~`): a line is drawn through it.
    pub strike: bool,
    /// Set left to right and isolated from the text around (code in right-to-left text), as
    /// an LRI … PDI would set it.
    pub ltr: bool,
    /// Footnotes cited here: they go to the bottom of the page this span lands on.
    pub notes: Vec<usize>,
    /// Anchors defined at the start of this span.
    pub anchors: Vec<String>,
    /// The structure element of its text when not the paragraph's (a link, a list label);
    /// see [`super::frame::StructNode`].
    pub node: Option<usize>,
    /// An image set in the line in place of the text (which is one U+FFFC, the object
    /// replacement character): a smiley, an icon.
    pub image: Option<InlineImage>,
}

/// An image set in a line of text, sitting on the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct InlineImage {
    /// Index into the document's images.
    pub image: usize,
    /// Width in points.
    pub width: f32,
    /// Height in points (above the baseline, less `descent`).
    pub height: f32,
    /// How far it reaches below the baseline, in points.
    pub descent: f32,
    /// The figure it is (`None`: decorative).
    pub node: Option<usize>,
}

/// The character that stands for an inline image in the text.
pub const OBJECT: char = '\u{FFFC}';

impl Span {
    /// Plain text in a face and size.
    pub fn new(text: impl Into<String>, font: FontRequest, size: f32) -> Self {
        Span {
            text: text.into(),
            font,
            size,
            lang: None,
            link: None,
            superscript: false,
            subscript: false,
            strike: false,
            ltr: false,
            notes: Vec::new(),
            anchors: Vec::new(),
            node: None,
            image: None,
        }
    }

    /// An image set in the line, `width` by `height` points, `descent` of it below the
    /// baseline.
    pub fn image(image: InlineImage, font: FontRequest, size: f32) -> Self {
        let mut span = Span::new(OBJECT.to_string(), font, size);
        span.image = Some(image);
        span
    }
}

/// How the lines of a paragraph are set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Alignment {
    /// Justified, with the last line set to the start edge.
    Justify,
    /// Aligned to the start edge (left for left-to-right), ragged at the end.
    Start,
    /// Centred.
    Center,
    /// Aligned to the end edge.
    End,
}

/// Paragraph-level settings.
#[derive(Debug, Clone, PartialEq)]
pub struct ParagraphStyle {
    /// How lines are aligned.
    pub align: Alignment,
    /// Baseline-to-baseline distance.
    pub leading: f32,
    /// Indent of the first line (on the start side).
    pub first_indent: f32,
    /// Indent of every line on the start side.
    pub start_indent: f32,
    /// Indent of every line on the end side.
    pub end_indent: f32,
    /// Space above.
    pub space_before: f32,
    /// Space below.
    pub space_after: f32,
    /// Keep on the same page as the next block (headings).
    pub keep_with_next: bool,
    /// Hyphenate words where the language allows.
    pub hyphenate: bool,
    /// The most lines in a row that may end in a hyphen (0: no limit).
    pub hyphen_limit: usize,
    /// Right-to-left base direction.
    pub rtl: bool,
    /// Keep spaces and line ends as written (code).
    pub preformatted: bool,
    /// How far a preformatted line that continues a wrapped one is indented past the others,
    /// so that it does not read as a line of its own (code). Every line is set with this
    /// much room free at its end, so the line moved in still fits.
    pub hang: f32,
    /// A marker set in the start margin of the first line (list bullets, numbers).
    pub marker: Option<Box<Span>>,
    /// A span set flush against the end edge of the last line, with dot leaders from the
    /// text to it (page numbers in contents).
    pub trailer: Option<Box<Span>>,
    /// Room left beside the first lines for an image floated there.
    pub wrap: Option<Wrap>,
    /// Lines of nearly equal length (display text: a title, a subtitle), as CSS's
    /// `text-wrap: balance` sets them: the lines the narrowest measure that needs no more of
    /// them gives, placed (centred, aligned) in the whole measure.
    pub balance: bool,
}

impl ParagraphStyle {
    /// A line of text on its own, as table cells and running headers are set: `align`ed,
    /// at `leading`, no indents or spacing, not hyphenated.
    pub fn plain(align: Alignment, leading: f32) -> Self {
        ParagraphStyle {
            align,
            leading,
            first_indent: 0.0,
            start_indent: 0.0,
            end_indent: 0.0,
            space_before: 0.0,
            space_after: 0.0,
            keep_with_next: false,
            hyphenate: false,
            hyphen_limit: crate::typeset::linebreak::DEFAULT_HYPHEN_LIMIT,
            rtl: false,
            preformatted: false,
            hang: 0.0,
            marker: None,
            trailer: None,
            wrap: None,
            balance: false,
        }
    }
}

/// Room kept free beside the first lines of a paragraph, for a floated image.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Wrap {
    /// How many lines are shortened.
    pub lines: usize,
    /// By how much, in points.
    pub width: f32,
    /// The room is at the left edge (else at the right).
    pub left: bool,
}

/// The side an image floats to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Left, text on its right.
    Left,
    /// Right, text on its left.
    Right,
}

/// A paragraph: spans and how to set them.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    /// The text.
    pub spans: Vec<Span>,
    /// The settings.
    pub style: ParagraphStyle,
    /// The structure element its text belongs to (`None`: an artifact).
    pub node: Option<usize>,
}

/// A table cell's alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellAlign {
    /// Start edge.
    Start,
    /// Centre.
    Center,
    /// End edge.
    End,
}

/// A table: rows of cells, each cell a paragraph's spans.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column alignments.
    pub align: Vec<CellAlign>,
    /// The header row, repeated on every page the table runs over.
    pub header: Vec<Vec<Span>>,
    /// The body rows.
    pub rows: Vec<Vec<Vec<Span>>>,
    /// Font size and leading of the cells.
    pub leading: f32,
    /// Indent from the start margin.
    pub start_indent: f32,
    /// The structure element of each cell, row by row, the header row first (empty: the
    /// table is not tagged; `None`: the cell is a copy for the eye, an artifact).
    pub cell_nodes: Vec<Vec<Option<usize>>>,
    /// The columns run from right to left (the first is the rightmost) and the cells are
    /// set right to left.
    pub rtl: bool,
    /// The smallest fraction of its size the table's type may be scaled to so that its
    /// columns fit the measure.
    pub min_scale: f32,
}

/// A block of the flow.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // paragraphs are by far the most common block
pub enum Block {
    /// A paragraph.
    Paragraph(Paragraph),
    /// A horizontal rule of a fraction of the measure, centred.
    Rule {
        /// Fraction of the text width.
        fraction: f32,
        /// Thickness in points.
        thickness: f32,
        /// Space above and below.
        space: f32,
    },
    /// Vertical space.
    Space(f32),
    /// An image scaled to fit the measure (and the page), centred or floated to a side,
    /// with its caption below it.
    Image {
        /// Index into the document's images.
        image: usize,
        /// Natural width in pixels.
        width_px: u32,
        /// Natural height in pixels.
        height_px: u32,
        /// Indent from the start margin.
        start_indent: f32,
        /// The figure it belongs to (`None`: decorative).
        node: Option<usize>,
        /// The caption, set under the image at its width (or the measure's, centred).
        caption: Option<Paragraph>,
        /// Floated to a side with the following text around it (when there is room).
        float: Option<Side>,
    },
    /// Images in rows of equal height that fill the measure, in order.
    Gallery {
        /// The images.
        images: Vec<GalleryImage>,
        /// Indent from the start margin.
        start_indent: f32,
    },
    /// A table.
    Table(Table),
    /// A QR code: `size` × `size` modules, row by row, dark where true (quiet zone included).
    Qr {
        /// The modules.
        modules: Vec<bool>,
        /// Modules per side.
        size: usize,
        /// Side of a module in points.
        module: f32,
        /// Indent from the start margin.
        start_indent: f32,
        /// The figure it is.
        node: Option<usize>,
    },
    /// A named place.
    Anchor(String),
}

/// An image of a gallery.
#[derive(Debug, Clone, PartialEq)]
pub struct GalleryImage {
    /// Index into the document's images.
    pub image: usize,
    /// Natural width in pixels.
    pub width_px: u32,
    /// Natural height in pixels.
    pub height_px: u32,
    /// The figure it is (`None`: decorative).
    pub node: Option<usize>,
}

/// A footnote: its number's paragraphs, set at the bottom of the page that cites it.
#[derive(Debug, Clone, PartialEq)]
pub struct Footnote {
    /// The paragraphs of the note (the first starts with its number).
    pub paragraphs: Vec<Paragraph>,
}
