//! A style as written: every section and key optional, each value with its place in the file.

use super::units::{Color, ImposeSpec, Length, PageSize, SheetSize, Standard};
use serde::Deserialize;
use toml::Spanned;

/// Declares a style section: every key optional (so an override may give any subset) and kept
/// with its place in the file, kebab case, unknown keys rejected; `merge` takes the override's
/// keys over the base, `offset` finds where a key was written.
macro_rules! section {
    ($(#[$doc:meta])* $name:ident { $($(#[$fdoc:meta])* $field:ident: $ty:ty),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, Deserialize)]
        #[serde(deny_unknown_fields, rename_all = "kebab-case")]
        pub struct $name {
            $($(#[$fdoc])* pub $field: Option<Spanned<$ty>>,)*
        }
        impl $name {
            pub(super) fn merge(self, base: Self) -> Self {
                $name { $($field: self.$field.or(base.$field),)* }
            }
            pub(super) fn offset(&self, key: &str) -> Option<usize> {
                let field = key.replace('-', "_");
                $(if field == stringify!($field) {
                    return self.$field.as_ref().map(|v| v.span().start);
                })*
                None
            }
        }
    };
}

section!(
    /// `[page]`: size and margins.
    PageSpec {
        /// Page size.
        size: PageSize,
        /// Top margin; the running header sits in it.
        margin_top: Length,
        /// Bottom margin; the folio sits in it.
        margin_bottom: Length,
        /// Binding-side margin.
        margin_inner: Length,
        /// Outer margin.
        margin_outer: Length,
    }
);
section!(
    /// `[text]`: body text.
    TextSpec {
        /// Body text size; `em` elsewhere means this.
        font_size: Length,
        /// Baseline to baseline.
        leading: Length,
        /// First-line indent of a paragraph after a paragraph.
        paragraph_indent: Length,
        /// Extra space between paragraphs.
        paragraph_spacing: Length,
        /// Justified text (otherwise ragged right, or left in right-to-left text).
        justify: bool,
        /// Hyphenation, in the languages that have rules.
        hyphenate: bool,
        /// The most lines in a row that may end in a hyphen (0: no limit).
        consecutive_hyphens: usize,
        /// Body lines on a baseline grid of the leading.
        baseline_grid: bool,
        /// Text of a script set this many times the size around it, by ISO 15924 code.
        script_sizes: std::collections::BTreeMap<String, f32>,
    }
);
section!(
    /// `[headings]`: entry titles and Markdown headings.
    HeadingsSpec {
        /// Entry titles.
        title_size: Length,
        /// Second-level headings.
        h2_size: Length,
        /// Third-level and lower headings.
        h3_size: Length,
        /// Space above a heading.
        space_before: Length,
        /// Space below a heading.
        space_after: Length,
    }
);
section!(
    /// `[footnotes]`: the notes at the foot of the page.
    FootnotesSpec {
        /// Note text size.
        font_size: Length,
        /// Note leading.
        leading: Length,
        /// Separator rule width: a percentage of the text width, or a length.
        separator_width: Length,
        /// Space between the text and the separator.
        gap: Length,
    }
);
section!(
    /// `[code]`: code blocks and inline code.
    CodeSpec {
        /// Code text size.
        font_size: Length,
        /// Code leading.
        leading: Length,
    }
);
section!(
    /// `[header]`: running headers and folios.
    HeaderSpec {
        /// Their text size.
        font_size: Length,
    }
);
section!(
    /// `[tables]`: how tables wider than the measure are fitted.
    TablesSpec {
        /// The smallest fraction of its size a table's type is scaled to before its columns
        /// are set in groups.
        min_scale: f32,
    }
);
section!(
    /// `[front]`: the front matter (generated cover and title page).
    FrontSpec {
        /// Text size of the title on the generated cover.
        cover_title_size: Length,
        /// Leading of the title on the generated cover.
        cover_title_leading: Length,
        /// Text size of the subtitle on the generated cover.
        cover_subtitle_size: Length,
        /// Leading of the subtitle on the generated cover.
        cover_subtitle_leading: Length,
        /// Text size of the title on the title page.
        title_size: Length,
        /// Leading of the title on the title page.
        title_leading: Length,
        /// Text size of the subtitle on the title page.
        subtitle_size: Length,
        /// Leading of the subtitle on the title page.
        subtitle_leading: Length,
        /// Text size of the creators, on the cover and the title page.
        byline_size: Length,
        /// Leading of the creators, on the cover and the title page.
        byline_leading: Length,
        /// Text size of the editors and the publisher.
        small_size: Length,
        /// Leading of the editors and the publisher.
        small_leading: Length,
    }
);
section!(
    /// `[cover]`: the cover chapbook draws when the book has no cover image.
    CoverSpec {
        /// The background colour.
        background: Color,
    }
);
section!(
    /// `[imposition]`: the sheets of `impose`.
    ImpositionSpec {
        /// The paper, used in landscape: "auto" (two pages side by side) or a page size.
        sheet: SheetSize,
        /// Sheets per signature of a booklet (0: one signature).
        signature: usize,
        /// Shift toward the fold per sheet from the outside of a signature.
        creep: Length,
        /// Fold marks, and crop marks where the paper has room.
        marks: bool,
    }
);
section!(
    /// `[flow]`: page-breaking rules.
    FlowSpec {
        /// Fewest lines of a paragraph alone at the top of a page (0 counts as 1).
        widows: usize,
        /// Fewest lines of a paragraph alone at the bottom of a page (0 counts as 1).
        orphans: usize,
        /// Every entry starts on a right-hand page.
        recto: bool,
    }
);

/// `[fonts]`: font files of the book, tried after the bundled faces for characters those
/// lack (paths relative to the book folder).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FontsSpec {
    /// TrueType or OpenType files, in the order to try them.
    #[serde(default)]
    pub fallback: Vec<Spanned<String>>,
    /// The body text's font, in place of Noto Serif.
    pub body: Option<Spanned<String>>,
    /// The font of titles and headings, in place of Noto Sans.
    pub heading: Option<Spanned<String>>,
    /// The font of code, in place of Noto Sans Mono.
    pub mono: Option<Spanned<String>>,
}

/// A style as written (the defaults, or book.toml's `[pdf]` table): every section and key
/// optional, each value with its place in the file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StyleSpec {
    /// `standard`: the standards the PDF conforms to.
    pub standard: Option<Spanned<Vec<Standard>>>,
    /// `impose`: an imposed copy for printing.
    pub impose: Option<Spanned<ImposeSpec>>,
    /// `qr`: QR codes to the blog and to each entry's original post.
    pub qr: Option<Spanned<bool>>,
    /// `handouts`: one PDF per entry as well, in `handouts/`.
    pub handouts: Option<Spanned<bool>>,
    /// `[imposition]`.
    pub imposition: Option<ImpositionSpec>,
    /// `[cover]`.
    pub cover: Option<CoverSpec>,
    /// `[page]`, with the place of its header (margin errors point there).
    pub page: Option<Spanned<PageSpec>>,
    /// `[text]`.
    pub text: Option<TextSpec>,
    /// `[headings]`.
    pub headings: Option<HeadingsSpec>,
    /// `[footnotes]`.
    pub footnotes: Option<FootnotesSpec>,
    /// `[code]`.
    pub code: Option<CodeSpec>,
    /// `[header]`.
    pub header: Option<HeaderSpec>,
    /// `[front]`.
    pub front: Option<FrontSpec>,
    /// `[tables]`.
    pub tables: Option<TablesSpec>,
    /// `[flow]`.
    pub flow: Option<FlowSpec>,
    /// `[fonts]` (book.toml only; read by the book loader, not part of [`Style`](super::Style)).
    pub fonts: Option<FontsSpec>,
}

impl StyleSpec {
    /// Where `key` ("section.key-name") is written in this spec's file, if it gives it.
    pub(super) fn offset(&self, key: &str) -> Option<usize> {
        let (section, key) = key.split_once('.')?;
        match section {
            "page" => self.page.as_ref()?.get_ref().offset(key),
            "text" => self.text.as_ref()?.offset(key),
            "headings" => self.headings.as_ref()?.offset(key),
            "footnotes" => self.footnotes.as_ref()?.offset(key),
            "code" => self.code.as_ref()?.offset(key),
            "header" => self.header.as_ref()?.offset(key),
            "front" => self.front.as_ref()?.offset(key),
            "tables" => self.tables.as_ref()?.offset(key),
            "flow" => self.flow.as_ref()?.offset(key),
            "imposition" => self.imposition.as_ref()?.offset(key),
            "cover" => self.cover.as_ref()?.offset(key),
            _ => None,
        }
    }
}

pub(super) fn merge_section<T: Default>(
    over: Option<T>,
    base: Option<T>,
    merge: fn(T, T) -> T,
) -> T {
    merge(over.unwrap_or_default(), base.unwrap_or_default())
}
