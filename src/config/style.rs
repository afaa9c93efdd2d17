//! The resolved style: every length in points, every key present.

use super::resolve::resolve;
use super::units::{MAX_PAGE_SIDE, Standard};
use crate::diag::Diagnostic;
use std::path::Path;

/// The resolved style: every length in points, every key present.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    /// Page and margins.
    pub page: PageStyle,
    /// Body text.
    pub text: TextStyle,
    /// Headings.
    pub headings: HeadingsStyle,
    /// Footnotes.
    pub footnotes: FootnotesStyle,
    /// Code.
    pub code: CodeStyle,
    /// Running headers and folios.
    pub header: HeaderStyle,
    /// The front matter.
    pub front: FrontStyle,
    /// The smallest fraction of its size a table's type is scaled to, to fit the measure.
    pub table_min_scale: f32,
    /// Page-breaking rules.
    pub flow: FlowStyle,
    /// Standards and imposition.
    pub output: OutputStyle,
    /// The generated cover's background colour (sRGB).
    pub cover_background: [u8; 3],
    /// QR codes to the blog (copyright page) and to each entry's original post.
    pub qr: bool,
}

/// What files the PDF output is and which standards it meets.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputStyle {
    /// The standards the logical PDF conforms to (checked as it is written).
    pub standards: Vec<Standard>,
    /// An imposed copy for printing, beside the logical PDF.
    pub impose: super::units::Impose,
    /// The imposed sheets' paper (landscape width, height); `None`: two pages side by side.
    pub sheet: Option<(f32, f32)>,
    /// Sheets per signature (0: one).
    pub signature: usize,
    /// Creep per sheet, in points.
    pub creep: f32,
    /// Fold and crop marks.
    pub marks: bool,
    /// One PDF per entry as well (a handout: the entry, its notes, responses and authors'
    /// pages, from page 1), in the output folder's `handouts/`.
    pub handouts: bool,
}

/// Page size and margins, in points.
#[derive(Debug, Clone, PartialEq)]
pub struct PageStyle {
    /// Page width.
    pub width: f32,
    /// Page height.
    pub height: f32,
    /// Top margin.
    pub margin_top: f32,
    /// Bottom margin.
    pub margin_bottom: f32,
    /// Binding-side margin: left on right-hand (odd) pages, right on left-hand pages.
    pub margin_inner: f32,
    /// Outer margin.
    pub margin_outer: f32,
}

/// Body text settings, in points.
#[derive(Debug, Clone, PartialEq)]
pub struct TextStyle {
    /// Text size (more than zero).
    pub font_size: f32,
    /// Baseline to baseline (more than zero).
    pub leading: f32,
    /// First-line indent of a paragraph that follows another.
    pub paragraph_indent: f32,
    /// Extra space between paragraphs.
    pub paragraph_spacing: f32,
    /// Justified text.
    pub justify: bool,
    /// Hyphenation.
    pub hyphenate: bool,
    /// The most lines in a row that may end in a hyphen (0: no limit).
    pub consecutive_hyphens: usize,
    /// Body lines on a baseline grid of the leading: spaces in whole lines, everything else
    /// padded to whole lines, so the lines of facing pages line up.
    pub baseline_grid: bool,
    /// Text of a script set this many times the size around it: its ISO 15924 code (`Arab`)
    /// and the factor, each script once, in code order.
    pub script_sizes: Vec<([u8; 4], f32)>,
}

/// Heading sizes and spacing, in points.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadingsStyle {
    /// Entry titles.
    pub title_size: f32,
    /// Second-level headings.
    pub h2_size: f32,
    /// Third-level and lower headings.
    pub h3_size: f32,
    /// Space above a heading.
    pub space_before: f32,
    /// Space below a heading.
    pub space_after: f32,
}

/// Footnote settings, in points except `separator_width`.
#[derive(Debug, Clone, PartialEq)]
pub struct FootnotesStyle {
    /// Note text size.
    pub font_size: f32,
    /// Note leading.
    pub leading: f32,
    /// Separator rule width as a fraction of the text width (0 to 1).
    pub separator_width: f32,
    /// Space between the text and the separator.
    pub gap: f32,
}

/// Code settings, in points.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeStyle {
    /// Code text size.
    pub font_size: f32,
    /// Code leading.
    pub leading: f32,
}

/// Sizes and leadings of the front matter (generated cover, title page), in points.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontStyle {
    /// Text size of the title on the generated cover.
    pub cover_title_size: f32,
    /// Leading of the title on the generated cover.
    pub cover_title_leading: f32,
    /// Text size of the subtitle on the generated cover.
    pub cover_subtitle_size: f32,
    /// Leading of the subtitle on the generated cover.
    pub cover_subtitle_leading: f32,
    /// Text size of the title on the title page.
    pub title_size: f32,
    /// Leading of the title on the title page.
    pub title_leading: f32,
    /// Text size of the subtitle on the title page.
    pub subtitle_size: f32,
    /// Leading of the subtitle on the title page.
    pub subtitle_leading: f32,
    /// Text size of the creators, on the cover and the title page.
    pub byline_size: f32,
    /// Leading of the creators, on the cover and the title page.
    pub byline_leading: f32,
    /// Text size of the editors and the publisher.
    pub small_size: f32,
    /// Leading of the editors and the publisher.
    pub small_leading: f32,
}

/// Running header and folio settings, in points.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderStyle {
    /// Their text size.
    pub font_size: f32,
}

/// Page-breaking rules.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowStyle {
    /// Fewest lines alone at the top of a page (at least 1).
    pub widows: usize,
    /// Fewest lines alone at the bottom of a page (at least 1).
    pub orphans: usize,
    /// Entries start on right-hand pages.
    pub recto: bool,
}

impl Default for Style {
    /// `styles/default.toml`, resolved.
    fn default() -> Self {
        resolve(None, "", Path::new("book.toml"))
            .expect("styles/default.toml is valid (checked by a unit test)")
    }
}

/// An error when imposing `style`'s pages two by two on "auto" sheets would make a sheet
/// wider than a PDF page may be; `line` is where book.toml asks for it (if it does).
pub fn sheet_problem(style: &Style, file: &Path, line: Option<usize>) -> Option<Diagnostic> {
    let width = 2.0 * style.page.width;
    (width > MAX_PAGE_SIDE).then(|| {
        Diagnostic::error(
            file,
            line,
            format!(
                "[pdf] an imposed sheet of two {:.0} pt pages would be {width:.0} pt wide, larger than a PDF page may be (at most 14400 pt)",
                style.page.width
            ),
        )
        .with_hint("make the page smaller, give [pdf.imposition] sheet = \"A3\" or another paper size, or do not impose")
    })
}
