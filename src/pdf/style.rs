//! The PDF style: `styles/default.toml`, overridden key by key by book.toml's `[pdf.…]`
//! tables, resolved into lengths in points.
//!
//! Two steps, as for the command line: what the book wrote ([`StyleSpec`], every key optional,
//! parsed with the rest of `book.toml` so unknown keys and unreadable lengths are reported by
//! the TOML reader with their line), then the checked settings ([`Style`], plain points) from
//! [`resolve`], whose errors point at the line of the key to fix.

use crate::diag::{Diagnostic, line_of};
use serde::Deserialize;
use std::path::Path;
use std::str::FromStr;
use toml::Spanned;

/// The defaults, built into the binary.
pub const DEFAULT: &str = include_str!("../../styles/default.toml");

/// A length as written: `pt`, `mm`, `cm` and `in` become points when parsed; `em` waits for the
/// body text size, and `%` (the footnote separator only) for the text width.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Length {
    /// Absolute, in points.
    Pt(f32),
    /// Multiples of the body text size.
    Em(f32),
    /// Percent of the text width (only where documented).
    Percent(f32),
}

impl FromStr for Length {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let t = text.trim();
        let split = t
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+'))
            .unwrap_or(t.len());
        let (number, unit) = t.split_at(split);
        let bad = || {
            format!(
                "`{text}` is not a length: write a number and a unit (pt, mm, cm, in, em), such as \"12pt\""
            )
        };
        let value: f32 = number.parse().map_err(|_| bad())?;
        if !value.is_finite() {
            return Err(bad());
        }
        if value < 0.0 {
            return Err(format!(
                "`{text}` is negative: lengths must be zero or more"
            ));
        }
        Ok(match unit.trim() {
            "pt" => Length::Pt(value),
            "mm" => Length::Pt(value * 72.0 / 25.4),
            "cm" => Length::Pt(value * 72.0 / 2.54),
            "in" => Length::Pt(value * 72.0),
            "em" => Length::Em(value),
            "%" => Length::Percent(value),
            _ => return Err(bad()),
        })
    }
}

impl<'de> Deserialize<'de> for Length {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A page size: A4, A5, A6, Letter, HalfLetter (any case), or "W x H" in absolute units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSize {
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
}

impl FromStr for PageSize {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mm = |w: f32, h: f32| PageSize {
            width: w * 72.0 / 25.4,
            height: h * 72.0 / 25.4,
        };
        let named = match text
            .trim()
            .to_ascii_lowercase()
            .replace(['-', '_', ' '], "")
            .as_str()
        {
            "a4" => Some(mm(210.0, 297.0)),
            "a5" => Some(mm(148.0, 210.0)),
            "a6" => Some(mm(105.0, 148.0)),
            "letter" => Some(PageSize {
                width: 612.0,
                height: 792.0,
            }),
            "halfletter" => Some(PageSize {
                width: 396.0,
                height: 612.0,
            }),
            _ => None,
        };
        if let Some(size) = named {
            return Ok(size);
        }
        let bad = || {
            format!(
                "`{text}` is not a page size: use A4, A5, A6, Letter, HalfLetter or \"148mm x 210mm\""
            )
        };
        let (w, h) = text.split_once(['x', 'X', '×']).ok_or_else(bad)?;
        match (w.parse::<Length>(), h.parse::<Length>()) {
            (Ok(Length::Pt(width)), Ok(Length::Pt(height))) if width > 0.0 && height > 0.0 => {
                Ok(PageSize { width, height })
            }
            _ => Err(bad()),
        }
    }
}

impl<'de> Deserialize<'de> for PageSize {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// An sRGB colour written "#rrggbb".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Color(pub [u8; 3]);

impl FromStr for Color {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let hex = text.trim().strip_prefix('#').unwrap_or("");
        let channel = |i: usize| {
            hex.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        };
        match (hex.len(), channel(0), channel(2), channel(4)) {
            (6, Some(r), Some(g), Some(b)) => Ok(Color([r, g, b])),
            _ => Err(format!(
                "`{text}` is not a colour: write it as \"#rrggbb\", such as \"#dce6ee\""
            )),
        }
    }
}

impl<'de> Deserialize<'de> for Color {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A standard the PDF conforms to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Standard {
    /// PDF/UA-1: tagged, accessible PDF (ISO 14289-1).
    #[serde(rename = "pdf/ua-1")]
    Ua1,
    /// PDF/A-2b: archival, visual appearance preserved (ISO 19005-2, level B).
    #[serde(rename = "pdf/a-2b")]
    A2b,
    /// PDF/A-2u: PDF/A-2b whose text also maps to Unicode.
    #[serde(rename = "pdf/a-2u")]
    A2u,
    /// PDF/A-2a: PDF/A-2u, tagged.
    #[serde(rename = "pdf/a-2a")]
    A2a,
}

/// `impose` as written: "none", "booklet" or "2up".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum ImposeSpec {
    /// No imposed file.
    #[serde(rename = "none")]
    None,
    /// A saddle-stitched booklet.
    #[serde(rename = "booklet")]
    Booklet,
    /// Two pages per sheet.
    #[serde(rename = "2up")]
    TwoUp,
}

impl From<ImposeSpec> for super::impose::Impose {
    fn from(spec: ImposeSpec) -> Self {
        match spec {
            ImposeSpec::None => super::impose::Impose::None,
            ImposeSpec::Booklet => super::impose::Impose::Booklet,
            ImposeSpec::TwoUp => super::impose::Impose::TwoUp,
        }
    }
}

/// The paper of imposed sheets: "auto" (two pages side by side) or a page size, used in
/// landscape.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SheetSize {
    /// Two pages side by side.
    Auto,
    /// A paper size.
    Size(PageSize),
}

impl<'de> Deserialize<'de> for SheetSize {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        if text.trim().eq_ignore_ascii_case("auto") {
            return Ok(SheetSize::Auto);
        }
        text.parse()
            .map(SheetSize::Size)
            .map_err(serde::de::Error::custom)
    }
}

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
            fn merge(self, base: Self) -> Self {
                $name { $($field: self.$field.or(base.$field),)* }
            }
            fn offset(&self, key: &str) -> Option<usize> {
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
    /// `[flow]`.
    pub flow: Option<FlowSpec>,
    /// `[fonts]` (book.toml only; read by the book loader, not part of [`Style`]).
    pub fonts: Option<FontsSpec>,
}

impl StyleSpec {
    /// Where `key` ("section.key-name") is written in this spec's file, if it gives it.
    fn offset(&self, key: &str) -> Option<usize> {
        let (section, key) = key.split_once('.')?;
        match section {
            "page" => self.page.as_ref()?.get_ref().offset(key),
            "text" => self.text.as_ref()?.offset(key),
            "headings" => self.headings.as_ref()?.offset(key),
            "footnotes" => self.footnotes.as_ref()?.offset(key),
            "code" => self.code.as_ref()?.offset(key),
            "header" => self.header.as_ref()?.offset(key),
            "flow" => self.flow.as_ref()?.offset(key),
            "imposition" => self.imposition.as_ref()?.offset(key),
            "cover" => self.cover.as_ref()?.offset(key),
            _ => None,
        }
    }
}

fn merge_section<T: Default>(over: Option<T>, base: Option<T>, merge: fn(T, T) -> T) -> T {
    merge(over.unwrap_or_default(), base.unwrap_or_default())
}

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
    pub impose: super::impose::Impose,
    /// The imposed sheets' paper (landscape width, height); `None`: two pages side by side.
    pub sheet: Option<(f32, f32)>,
    /// Sheets per signature (0: one).
    pub signature: usize,
    /// Creep per sheet, in points.
    pub creep: f32,
    /// Fold and crop marks.
    pub marks: bool,
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

/// What a length may be.
#[derive(Clone, Copy, PartialEq)]
enum Allowed {
    /// Zero or more (margins, spacing, indents).
    ZeroOrMore,
    /// More than zero (sizes and leadings).
    Positive,
}

/// Resolves lengths and collects every problem, each at the line of the key to fix.
struct Resolver<'a> {
    /// The book's overrides (empty when it has none).
    book: &'a StyleSpec,
    /// The text of book.toml, for line numbers.
    text: &'a str,
    file: &'a Path,
    errors: Vec<Diagnostic>,
}

impl Resolver<'_> {
    /// Records an error about `key` ("section.key-name"); it points at the key when the book
    /// sets it, otherwise at the book's first `[pdf` table.
    fn error(&mut self, key: &str, message: String, hint: &str) {
        let at = self
            .book
            .offset(key)
            .or_else(|| self.text.find("[pdf"))
            .map(|at| line_of(self.text, at));
        self.errors
            .push(Diagnostic::error(self.file, at, message).with_hint(hint));
    }

    /// A value the merged style lacks: only possible if styles/default.toml lost a key.
    fn missing(&mut self, key: &str) {
        self.errors.push(Diagnostic::error(
            "styles/default.toml",
            None,
            format!("the default style lacks {}", label(key)),
        ));
    }

    /// A length in points; `em` is `font_size` points. A wrong value is recorded and stands
    /// as `fallback` so that resolving goes on and reports every problem.
    fn length(
        &mut self,
        key: &str,
        value: Option<Spanned<Length>>,
        font_size: f32,
        allowed: Allowed,
    ) -> f32 {
        const FALLBACK: f32 = 10.0;
        let Some(value) = value else {
            self.missing(key);
            return FALLBACK;
        };
        let points = match value.into_inner() {
            Length::Pt(v) => v,
            Length::Em(v) => v * font_size,
            Length::Percent(_) => {
                self.error(
                    key,
                    format!(
                        "{}: a percentage is only allowed for [pdf.footnotes] separator-width",
                        label(key)
                    ),
                    "give a length in pt, mm, cm, in or em",
                );
                return FALLBACK;
            }
        };
        if allowed == Allowed::Positive && points <= 0.0 {
            self.error(
                key,
                format!("{} must be more than zero", label(key)),
                "give a size such as \"10pt\"",
            );
            return FALLBACK;
        }
        points
    }

    /// A flag or count; only styles/default.toml can lack one.
    fn value<T: Default>(&mut self, key: &str, value: Option<Spanned<T>>) -> T {
        match value {
            Some(v) => v.into_inner(),
            None => {
                self.missing(key);
                T::default()
            }
        }
    }
}

/// "text.font-size" as the user sees it: "[pdf.text] font-size".
fn label(key: &str) -> String {
    match key.split_once('.') {
        Some((section, name)) => format!("[pdf.{section}] {name}"),
        None => format!("[pdf] {key}"),
    }
}

/// The style for a book: `styles/default.toml` with the book's `[pdf]` overrides over it, key
/// by key. `book_toml` is the text the overrides were parsed from and `file` its name, for the
/// diagnostics: a size of zero, a percentage where none is allowed, or margins that leave no
/// room for text, each at the line of the key (or table) to fix. Unknown keys and unreadable
/// lengths never get here: parsing book.toml reports them.
pub fn resolve(
    overrides: Option<&StyleSpec>,
    book_toml: &str,
    file: &Path,
) -> Result<Style, Vec<Diagnostic>> {
    let base: StyleSpec = toml::from_str(DEFAULT).map_err(|e| {
        vec![Diagnostic::error(
            "styles/default.toml",
            e.span().map(|s| line_of(DEFAULT, s.start)),
            e.message().trim().to_string(),
        )]
    })?;
    let empty = StyleSpec::default();
    let book = overrides.unwrap_or(&empty);
    let o = book.clone();
    let page = merge_section(
        o.page.map(Spanned::into_inner),
        base.page.map(Spanned::into_inner),
        PageSpec::merge,
    );
    let text = merge_section(o.text, base.text, TextSpec::merge);
    let headings = merge_section(o.headings, base.headings, HeadingsSpec::merge);
    let footnotes = merge_section(o.footnotes, base.footnotes, FootnotesSpec::merge);
    let code = merge_section(o.code, base.code, CodeSpec::merge);
    let header = merge_section(o.header, base.header, HeaderSpec::merge);
    let flow = merge_section(o.flow, base.flow, FlowSpec::merge);
    let imposition = merge_section(o.imposition, base.imposition, ImpositionSpec::merge);
    let cover = merge_section(o.cover, base.cover, CoverSpec::merge);
    let standard = o.standard.or(base.standard);
    let impose = o.impose.or(base.impose);

    let mut r = Resolver {
        book,
        text: book_toml,
        file,
        errors: Vec::new(),
    };
    use Allowed::{Positive, ZeroOrMore};
    // The text size first: `em` everywhere else is relative to it. An `em` here would be
    // circular, so it must be absolute.
    let font_size = match text.font_size.as_ref().map(|v| *v.get_ref()) {
        Some(Length::Em(_) | Length::Percent(_)) => {
            r.error(
                "text.font-size",
                "[pdf.text] font-size must be absolute (pt, mm, cm or in): em means the text size itself".into(),
                "give a size such as \"10pt\"",
            );
            10.0
        }
        _ => r.length("text.font-size", text.font_size, 0.0, Positive),
    };
    let size = match page.size {
        Some(size) => size.into_inner(),
        None => {
            r.missing("page.size");
            "A5".parse().expect("A5 is a named size")
        }
    };
    let page_style = PageStyle {
        width: size.width,
        height: size.height,
        margin_top: r.length("page.margin-top", page.margin_top, font_size, ZeroOrMore),
        margin_bottom: r.length(
            "page.margin-bottom",
            page.margin_bottom,
            font_size,
            ZeroOrMore,
        ),
        margin_inner: r.length(
            "page.margin-inner",
            page.margin_inner,
            font_size,
            ZeroOrMore,
        ),
        margin_outer: r.length(
            "page.margin-outer",
            page.margin_outer,
            font_size,
            ZeroOrMore,
        ),
    };
    let text_width = page_style.width - page_style.margin_inner - page_style.margin_outer;
    let text_height = page_style.height - page_style.margin_top - page_style.margin_bottom;
    let text_style = TextStyle {
        font_size,
        leading: r.length("text.leading", text.leading, font_size, Positive),
        paragraph_indent: r.length(
            "text.paragraph-indent",
            text.paragraph_indent,
            font_size,
            ZeroOrMore,
        ),
        paragraph_spacing: r.length(
            "text.paragraph-spacing",
            text.paragraph_spacing,
            font_size,
            ZeroOrMore,
        ),
        justify: r.value("text.justify", text.justify),
        hyphenate: r.value("text.hyphenate", text.hyphenate),
    };
    let separator_width = match footnotes.separator_width.as_ref().map(|v| *v.get_ref()) {
        Some(Length::Percent(p)) if p > 100.0 => {
            r.error(
                "footnotes.separator-width",
                format!(
                    "[pdf.footnotes] separator-width is {p}% of the text width, more than all of it"
                ),
                "give a percentage from 0% to 100%",
            );
            0.25
        }
        Some(Length::Percent(p)) => p / 100.0,
        // A length: as a fraction of the text width (clamped; too wide is harmless).
        Some(_) => {
            let points = r.length(
                "footnotes.separator-width",
                footnotes.separator_width,
                font_size,
                ZeroOrMore,
            );
            (points / text_width.max(1.0)).min(1.0)
        }
        None => {
            r.missing("footnotes.separator-width");
            0.25
        }
    };
    let style = Style {
        text: text_style,
        headings: HeadingsStyle {
            title_size: r.length(
                "headings.title-size",
                headings.title_size,
                font_size,
                Positive,
            ),
            h2_size: r.length("headings.h2-size", headings.h2_size, font_size, Positive),
            h3_size: r.length("headings.h3-size", headings.h3_size, font_size, Positive),
            space_before: r.length(
                "headings.space-before",
                headings.space_before,
                font_size,
                ZeroOrMore,
            ),
            space_after: r.length(
                "headings.space-after",
                headings.space_after,
                font_size,
                ZeroOrMore,
            ),
        },
        footnotes: FootnotesStyle {
            font_size: r.length(
                "footnotes.font-size",
                footnotes.font_size,
                font_size,
                Positive,
            ),
            leading: r.length("footnotes.leading", footnotes.leading, font_size, Positive),
            separator_width,
            gap: r.length("footnotes.gap", footnotes.gap, font_size, ZeroOrMore),
        },
        code: CodeStyle {
            font_size: r.length("code.font-size", code.font_size, font_size, Positive),
            leading: r.length("code.leading", code.leading, font_size, Positive),
        },
        header: HeaderStyle {
            font_size: r.length("header.font-size", header.font_size, font_size, Positive),
        },
        flow: FlowStyle {
            widows: r.value("flow.widows", flow.widows).max(1),
            orphans: r.value("flow.orphans", flow.orphans).max(1),
            recto: r.value("flow.recto", flow.recto),
        },
        output: OutputStyle {
            standards: {
                let mut list = standard.map(Spanned::into_inner).unwrap_or_default();
                list.dedup();
                list
            },
            impose: impose
                .map(|i| i.into_inner().into())
                .unwrap_or(super::impose::Impose::None),
            sheet: match imposition.sheet.map(Spanned::into_inner) {
                Some(SheetSize::Size(size)) => {
                    Some((size.width.max(size.height), size.width.min(size.height)))
                }
                _ => None,
            },
            signature: r.value("imposition.signature", imposition.signature),
            creep: r.length("imposition.creep", imposition.creep, font_size, ZeroOrMore),
            marks: r.value("imposition.marks", imposition.marks),
        },
        cover_background: r.value("cover.background", cover.background).0,
        qr: r.value("qr", o.qr.or(base.qr)),
        page: page_style,
    };
    // Room for a few words on a line and a few lines on a page; narrower measures are set
    // ragged by the engine, but below this nothing sensible can be set at all.
    if text_width < 4.0 * font_size || text_height < 6.0 * style.text.leading {
        let at = book
            .page
            .as_ref()
            .map(|p| p.span().start)
            .or_else(|| book_toml.find("[pdf"))
            .map(|at| line_of(book_toml, at));
        r.errors.push(
            Diagnostic::error(
                file,
                at,
                format!(
                    "[pdf.page] the margins leave a text area of {:.0} × {:.0} pt, too small to set text in",
                    text_width.max(0.0),
                    text_height.max(0.0)
                ),
            )
            .with_hint(format!(
                "the page is {:.0} × {:.0} pt; make the margins smaller or the page larger (the text needs at least 4 em across and 6 lines down)",
                style.page.width, style.page.height
            )),
        );
    }
    if r.errors.is_empty() {
        Ok(style)
    } else {
        Err(r.errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config;

    /// A book.toml of a title line and `pdf`, parsed as a book's is; the style, or the first
    /// problem's line and message.
    fn book(pdf: &str) -> Result<Style, (Option<usize>, String)> {
        let text = format!("title = \"T\"\n{pdf}");
        let file = Path::new("book.toml");
        let config = config::parse(&text, file).map_err(|d| (d.line, d.message))?;
        resolve(config.pdf.as_ref(), &text, file).map_err(|d| (d[0].line, d[0].message.clone()))
    }

    fn close(a: f32, b: f32) -> bool {
        (a - b).abs() < 0.01
    }

    #[test]
    fn defaults_parse_and_resolve() {
        let spec: StyleSpec = toml::from_str(DEFAULT).unwrap();
        assert!(
            spec.fonts.is_none(),
            "fonts belong to books, not the defaults"
        );
        // resolve reports any key the defaults lack, so this also checks they are complete.
        let s = resolve(None, "", Path::new("book.toml")).unwrap();
        assert!(
            close(s.page.width, 419.53) && close(s.page.height, 595.28),
            "A5"
        );
        assert!(close(s.page.margin_inner, 16.0 * 72.0 / 25.4));
        assert_eq!(s.text.font_size, 10.0);
        assert_eq!(s.text.leading, 13.5);
        assert!(close(s.text.paragraph_indent, 12.0), "1.2em of 10pt");
        assert!(s.text.justify && s.text.hyphenate);
        assert_eq!(s.footnotes.separator_width, 0.25);
        assert_eq!((s.flow.widows, s.flow.orphans, s.flow.recto), (2, 2, false));
        assert_eq!(Style::default(), s);
    }

    #[test]
    fn every_unit() {
        assert_eq!("12pt".parse::<Length>(), Ok(Length::Pt(12.0)));
        assert_eq!("1in".parse::<Length>(), Ok(Length::Pt(72.0)));
        assert!(matches!("25.4mm".parse::<Length>(), Ok(Length::Pt(v)) if close(v, 72.0)));
        assert!(matches!("2.54cm".parse::<Length>(), Ok(Length::Pt(v)) if close(v, 72.0)));
        assert_eq!("1.5em".parse::<Length>(), Ok(Length::Em(1.5)));
        assert_eq!("25%".parse::<Length>(), Ok(Length::Percent(25.0)));
        assert_eq!(" .5 pt ".parse::<Length>(), Ok(Length::Pt(0.5)));
        assert!("12 furlongs".parse::<Length>().is_err());
        assert!("12".parse::<Length>().is_err(), "a unit is required");
        assert!("pt".parse::<Length>().is_err());
        assert!("-3mm".parse::<Length>().unwrap_err().contains("negative"));
    }

    #[test]
    fn em_is_the_text_size_as_overridden() {
        let s = book("[pdf.text]\nfont-size = \"12pt\"\n[pdf.headings]\nspace-before = \"2em\"\n")
            .unwrap();
        assert!(close(s.text.paragraph_indent, 14.4), "1.2em of 12pt");
        assert!(close(s.headings.space_before, 24.0));
        let (line, message) = book("[pdf.text]\nfont-size = \"1em\"\n").unwrap_err();
        assert_eq!(line, Some(3));
        assert!(message.contains("must be absolute"), "{message}");
    }

    #[test]
    fn named_sizes_and_w_x_h() {
        let mm = |v: f32| v * 72.0 / 25.4;
        for (name, w, h) in [
            ("A4", mm(210.0), mm(297.0)),
            ("a5", 419.53, 595.28),
            ("A6", mm(105.0), mm(148.0)),
            ("Letter", 612.0, 792.0),
            ("HalfLetter", 396.0, 612.0),
            ("half-letter", 396.0, 612.0),
        ] {
            let size: PageSize = name.parse().unwrap();
            assert!(
                close(size.width, w) && close(size.height, h),
                "{name}: {size:?}"
            );
        }
        let custom: PageSize = "100mm x 6in".parse().unwrap();
        assert!(close(custom.width, mm(100.0)) && close(custom.height, 432.0));
        assert_eq!("5inx8in".parse::<PageSize>().unwrap().width, 360.0);
        assert!("B7".parse::<PageSize>().is_err());
        assert!("100mm".parse::<PageSize>().is_err());
        assert!(
            "10em x 20em".parse::<PageSize>().is_err(),
            "em has no size here"
        );
        assert!("0mm x 20mm".parse::<PageSize>().is_err());
    }

    #[test]
    fn overrides_merge_key_by_key() {
        let s = book("[pdf.page]\nsize = \"A4\"\n[pdf.text]\njustify = false\n").unwrap();
        let d = Style::default();
        assert!(close(s.page.width, 595.28) && close(s.page.height, 841.89));
        assert!(!s.text.justify);
        assert_eq!(
            s.page.margin_top, d.page.margin_top,
            "same section, untouched key"
        );
        assert_eq!(s.text.font_size, d.text.font_size);
        assert!(s.text.hyphenate);
        assert_eq!(s.headings, d.headings, "untouched section");
        assert_eq!(s.flow, d.flow);
        // Dotted keys and inline tables are the same tables to TOML.
        let dotted = book("pdf.page.size = \"A4\"\npdf.text = { justify = false }\n").unwrap();
        assert_eq!(dotted, s);
        assert_eq!(book("").unwrap(), d, "no [pdf] at all");
    }

    #[test]
    fn unknown_key_names_its_line_and_the_accepted_keys() {
        let (line, message) = book("[pdf.page]\nsize = \"A4\"\ncolour = \"red\"\n").unwrap_err();
        assert_eq!(line, Some(4));
        assert!(message.contains("unknown field `colour`"), "{message}");
        assert!(
            message
                .contains("`size`, `margin-top`, `margin-bottom`, `margin-inner`, `margin-outer`"),
            "{message}"
        );
        let (line, message) = book("\n[pdf.pages]\nsize = \"A4\"\n").unwrap_err();
        assert_eq!(line, Some(3));
        assert!(message.contains("unknown field `pages`") && message.contains("`flow`"));
        // Keys sit in their sections, not directly under [pdf].
        let (line, message) = book("[pdf]\nsize = \"A4\"\n").unwrap_err();
        assert_eq!(line, Some(3));
        assert!(message.contains("unknown field `size`"), "{message}");
        // snake_case is not the spelling.
        assert!(book("[pdf.text]\nfont_size = \"9pt\"\n").is_err());
    }

    #[test]
    fn bad_lengths_name_their_line() {
        let (line, message) = book("[pdf.text]\nfont-size = \"12 furlongs\"\n").unwrap_err();
        assert_eq!(line, Some(3));
        assert!(
            message.contains("`12 furlongs` is not a length"),
            "{message}"
        );
        let (line, message) =
            book("[pdf.page]\nsize = \"A5\"\nmargin-top = \"-3mm\"\n").unwrap_err();
        assert_eq!(line, Some(4));
        assert!(message.contains("negative"), "{message}");
        let (line, message) = book("[pdf.page]\nsize = \"B7\"\n").unwrap_err();
        assert_eq!(line, Some(3));
        assert!(message.contains("not a page size"), "{message}");
        assert!(
            book("[pdf.text]\nfont-size = 10\n").is_err(),
            "a number without a unit"
        );
        // Values that parse but cannot be used are found when resolving, also with their line.
        let (line, message) =
            book("[pdf.text]\njustify = false\nfont-size = \"0pt\"\n").unwrap_err();
        assert_eq!(line, Some(4));
        assert!(
            message.contains("[pdf.text] font-size must be more than zero"),
            "{message}"
        );
        let (line, message) = book("[pdf.page]\n\nmargin-top = \"10%\"\n").unwrap_err();
        assert_eq!(line, Some(4));
        assert!(message.contains("percentage"), "{message}");
        let (line, message) = book("[pdf.footnotes]\nseparator-width = \"150%\"\n").unwrap_err();
        assert_eq!(line, Some(3));
        assert!(message.contains("more than all of it"), "{message}");
    }

    #[test]
    fn every_problem_is_reported() {
        let text =
            "title = \"T\"\n[pdf.code]\nleading = \"0pt\"\n[pdf.header]\nfont-size = \"0mm\"\n";
        let config = config::parse(text, Path::new("book.toml")).unwrap();
        let problems = resolve(config.pdf.as_ref(), text, Path::new("book.toml")).unwrap_err();
        let lines: Vec<_> = problems.iter().map(|d| d.line).collect();
        assert_eq!(lines, [Some(3), Some(5)]);
        assert!(problems.iter().all(|d| d.is_error() && d.hint.is_some()));
    }

    #[test]
    fn margins_that_leave_no_room() {
        let (line, message) = book(
            "[pdf.text]\njustify = false\n[pdf.page]\nmargin-inner = \"80mm\"\nmargin-outer = \"70mm\"\n",
        )
        .unwrap_err();
        assert_eq!(line, Some(4), "the [pdf.page] header");
        assert!(message.contains("too small to set text in"), "{message}");
        // Top and bottom too, and a small page with the default margins.
        assert!(book("[pdf.page]\nmargin-top = \"100mm\"\nmargin-bottom = \"100mm\"\n").is_err());
        assert!(book("[pdf.page]\nsize = \"40mm x 60mm\"\n").is_err());
        // Large text on the default page is the same problem.
        assert!(book("[pdf.text]\nfont-size = \"96pt\"\nleading = \"100pt\"\n").is_err());
    }

    #[test]
    fn separator_width_as_a_length_is_a_fraction_of_the_text_width() {
        let s = book("[pdf.footnotes]\nseparator-width = \"30mm\"\n").unwrap();
        let text_width = s.page.width - s.page.margin_inner - s.page.margin_outer;
        assert!(close(
            s.footnotes.separator_width * text_width,
            30.0 * 72.0 / 25.4
        ));
    }
}
