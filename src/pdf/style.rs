//! The PDF style: `styles/default.toml`, overridden key by key by book.toml's `[pdf.…]`
//! tables, resolved into lengths in points.

use serde::Deserialize;
use std::str::FromStr;

/// The defaults, built into the binary.
pub const DEFAULT: &str = include_str!("../../styles/default.toml");

/// A length as written: points, or relative to the text size or the text width.
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

/// A page size: a named size or "W x H".
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

/// Declares a style section: every key optional (so an override may give any subset), kebab
/// case, unknown keys rejected, and a `merge` that takes the override's keys over the base.
macro_rules! section {
    ($(#[$doc:meta])* $name:ident { $($(#[$fdoc:meta])* $field:ident: $ty:ty),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, Deserialize)]
        #[serde(deny_unknown_fields, rename_all = "kebab-case")]
        pub struct $name {
            $($(#[$fdoc])* pub $field: Option<$ty>,)*
        }
        impl $name {
            fn merge(self, base: Self) -> Self {
                $name { $($field: self.$field.or(base.$field),)* }
            }
        }
    };
}

section!(
    /// `[page]`.
    PageSpec {
        /// Page size.
        size: PageSize,
        /// Top margin.
        margin_top: Length,
        /// Bottom margin.
        margin_bottom: Length,
        /// Binding-side margin.
        margin_inner: Length,
        /// Outer margin.
        margin_outer: Length,
    }
);
section!(
    /// `[text]`.
    TextSpec {
        /// Body text size.
        font_size: Length,
        /// Baseline to baseline.
        leading: Length,
        /// First-line indent of a paragraph after a paragraph.
        paragraph_indent: Length,
        /// Extra space between paragraphs.
        paragraph_spacing: Length,
        /// Justified text.
        justify: bool,
        /// Hyphenation.
        hyphenate: bool,
    }
);
section!(
    /// `[headings]`.
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
    /// `[footnotes]`.
    FootnotesSpec {
        /// Note text size.
        font_size: Length,
        /// Note leading.
        leading: Length,
        /// Separator rule width (a percentage of the text width, or a length).
        separator_width: Length,
        /// Space above the separator.
        gap: Length,
    }
);
section!(
    /// `[code]`.
    CodeSpec {
        /// Code text size.
        font_size: Length,
        /// Code leading.
        leading: Length,
    }
);
section!(
    /// `[header]`.
    HeaderSpec {
        /// Size of running headers and folios.
        font_size: Length,
    }
);
section!(
    /// `[flow]`.
    FlowSpec {
        /// Fewest lines alone at the top of a page.
        widows: usize,
        /// Fewest lines alone at the bottom of a page.
        orphans: usize,
        /// Entries start on right-hand pages.
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
    pub fallback: Vec<toml::Spanned<String>>,
}

/// A style as written (defaults or an override): every section optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StyleSpec {
    /// `[page]`.
    pub page: Option<PageSpec>,
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
    /// `[fonts]` (book.toml only).
    pub fonts: Option<FontsSpec>,
}

fn merge_section<T: Default>(over: Option<T>, base: Option<T>, merge: fn(T, T) -> T) -> T {
    merge(over.unwrap_or_default(), base.unwrap_or_default())
}

/// The resolved style, in points.
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
}

/// Page size and margins in points.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub struct PageStyle {
    pub width: f32,
    pub height: f32,
    pub margin_top: f32,
    pub margin_bottom: f32,
    pub margin_inner: f32,
    pub margin_outer: f32,
}

/// Body text settings.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub struct TextStyle {
    pub font_size: f32,
    pub leading: f32,
    pub paragraph_indent: f32,
    pub paragraph_spacing: f32,
    pub justify: bool,
    pub hyphenate: bool,
}

/// Heading sizes and spacing.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub struct HeadingsStyle {
    pub title_size: f32,
    pub h2_size: f32,
    pub h3_size: f32,
    pub space_before: f32,
    pub space_after: f32,
}

/// Footnote settings; `separator_width` is a fraction of the text width.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub struct FootnotesStyle {
    pub font_size: f32,
    pub leading: f32,
    pub separator_width: f32,
    pub gap: f32,
}

/// Code settings.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub struct CodeStyle {
    pub font_size: f32,
    pub leading: f32,
}

/// Header and folio settings.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub struct HeaderStyle {
    pub font_size: f32,
}

/// Page-breaking rules.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub struct FlowStyle {
    pub widows: usize,
    pub orphans: usize,
    pub recto: bool,
}

impl Default for Style {
    fn default() -> Self {
        resolve(None).expect("styles/default.toml is valid (checked by a unit test)")
    }
}

/// The style for a book: the defaults with the book's overrides over them. An error says
/// which setting is wrong and why.
pub fn resolve(overrides: Option<&StyleSpec>) -> Result<Style, String> {
    let base: StyleSpec =
        toml::from_str(DEFAULT).map_err(|e| format!("styles/default.toml: {e}"))?;
    let o = overrides.cloned().unwrap_or_default();
    let page = merge_section(o.page, base.page, PageSpec::merge);
    let text = merge_section(o.text, base.text, TextSpec::merge);
    let headings = merge_section(o.headings, base.headings, HeadingsSpec::merge);
    let footnotes = merge_section(o.footnotes, base.footnotes, FootnotesSpec::merge);
    let code = merge_section(o.code, base.code, CodeSpec::merge);
    let header = merge_section(o.header, base.header, HeaderSpec::merge);
    let flow = merge_section(o.flow, base.flow, FlowSpec::merge);
    let missing = |key: &str| format!("styles/default.toml lacks {key}");
    let font_size = match text.font_size.ok_or_else(|| missing("text.font-size"))? {
        Length::Pt(v) if v > 0.0 => v,
        _ => {
            return Err(
                "[pdf.text] font-size must be a positive length in pt, mm, cm or in".into(),
            );
        }
    };
    let len = |value: Option<Length>, key: &str| -> Result<f32, String> {
        match value.ok_or_else(|| missing(key))? {
            Length::Pt(v) => Ok(v),
            Length::Em(v) => Ok(v * font_size),
            Length::Percent(_) => Err(format!(
                "[pdf] {key}: a percentage is only allowed for footnotes.separator-width"
            )),
        }
    };
    let positive = |value: Option<Length>, key: &str| -> Result<f32, String> {
        let v = len(value, key)?;
        if v > 0.0 {
            Ok(v)
        } else {
            Err(format!("[pdf] {key} must be more than zero"))
        }
    };
    let size = page.size.ok_or_else(|| missing("page.size"))?;
    let style = Style {
        page: PageStyle {
            width: size.width,
            height: size.height,
            margin_top: len(page.margin_top, "page.margin-top")?,
            margin_bottom: len(page.margin_bottom, "page.margin-bottom")?,
            margin_inner: len(page.margin_inner, "page.margin-inner")?,
            margin_outer: len(page.margin_outer, "page.margin-outer")?,
        },
        text: TextStyle {
            font_size,
            leading: positive(text.leading, "text.leading")?,
            paragraph_indent: len(text.paragraph_indent, "text.paragraph-indent")?,
            paragraph_spacing: len(text.paragraph_spacing, "text.paragraph-spacing")?,
            justify: text.justify.unwrap_or(true),
            hyphenate: text.hyphenate.unwrap_or(true),
        },
        headings: HeadingsStyle {
            title_size: positive(headings.title_size, "headings.title-size")?,
            h2_size: positive(headings.h2_size, "headings.h2-size")?,
            h3_size: positive(headings.h3_size, "headings.h3-size")?,
            space_before: len(headings.space_before, "headings.space-before")?,
            space_after: len(headings.space_after, "headings.space-after")?,
        },
        footnotes: FootnotesStyle {
            font_size: positive(footnotes.font_size, "footnotes.font-size")?,
            leading: positive(footnotes.leading, "footnotes.leading")?,
            separator_width: match footnotes
                .separator_width
                .ok_or_else(|| missing("footnotes.separator-width"))?
            {
                Length::Percent(p) => (p / 100.0).min(1.0),
                Length::Pt(v) => v / (size.width - 1.0).max(1.0),
                Length::Em(v) => v * font_size / (size.width - 1.0).max(1.0),
            },
            gap: len(footnotes.gap, "footnotes.gap")?,
        },
        code: CodeStyle {
            font_size: positive(code.font_size, "code.font-size")?,
            leading: positive(code.leading, "code.leading")?,
        },
        header: HeaderStyle {
            font_size: positive(header.font_size, "header.font-size")?,
        },
        flow: FlowStyle {
            widows: flow.widows.unwrap_or(2).max(1),
            orphans: flow.orphans.unwrap_or(2).max(1),
            recto: flow.recto.unwrap_or(false),
        },
    };
    let text_width = style.page.width - style.page.margin_inner - style.page.margin_outer;
    let text_height = style.page.height - style.page.margin_top - style.page.margin_bottom;
    if text_width < 4.0 * font_size || text_height < 6.0 * style.text.leading {
        return Err(format!(
            "[pdf.page] the margins leave a text area of {:.0} × {:.0} pt, too small to set text in",
            text_width.max(0.0),
            text_height.max(0.0)
        ));
    }
    Ok(style)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(text: &str) -> StyleSpec {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn defaults_resolve() {
        let s = Style::default();
        assert!(
            (s.page.width - 419.53).abs() < 0.01 && (s.page.height - 595.28).abs() < 0.01,
            "A5"
        );
        assert_eq!(s.text.font_size, 10.0);
        assert!(
            (s.text.paragraph_indent - 12.0).abs() < 1e-4,
            "1.2em of 10pt"
        );
        assert_eq!(s.footnotes.separator_width, 0.25);
    }

    #[test]
    fn units() {
        assert_eq!("12pt".parse::<Length>(), Ok(Length::Pt(12.0)));
        assert_eq!("1in".parse::<Length>(), Ok(Length::Pt(72.0)));
        assert!(matches!("25.4mm".parse::<Length>(), Ok(Length::Pt(v)) if (v - 72.0).abs() < 1e-3));
        assert!(matches!("2.54cm".parse::<Length>(), Ok(Length::Pt(v)) if (v - 72.0).abs() < 1e-3));
        assert_eq!("1.5em".parse::<Length>(), Ok(Length::Em(1.5)));
        assert_eq!("25%".parse::<Length>(), Ok(Length::Percent(25.0)));
        assert!("12 furlongs".parse::<Length>().is_err());
        assert!("-3mm".parse::<Length>().unwrap_err().contains("negative"));
        assert!("pt".parse::<Length>().is_err());
    }

    #[test]
    fn page_sizes() {
        let a4: PageSize = "A4".parse().unwrap();
        assert!((a4.width - 595.28).abs() < 0.01 && (a4.height - 841.89).abs() < 0.01);
        assert_eq!("Letter".parse::<PageSize>().unwrap().width, 612.0);
        let custom: PageSize = "100mm x 150mm".parse().unwrap();
        assert!((custom.height - 425.2).abs() < 0.1);
        assert!("B7".parse::<PageSize>().is_err());
    }

    #[test]
    fn overrides_merge_key_by_key() {
        let s = resolve(Some(&spec(
            "[page]\nsize = \"A4\"\n[text]\njustify = false\n",
        )))
        .unwrap();
        assert!((s.page.width - 595.28).abs() < 0.01);
        assert!(!s.text.justify);
        assert_eq!(s.text.font_size, 10.0, "untouched keys keep their defaults");
        assert!(s.page.margin_top > 40.0);
    }

    #[test]
    fn unknown_keys_and_bad_values_are_refused() {
        assert!(
            toml::from_str::<StyleSpec>("[page]\ncolour = \"red\"\n")
                .unwrap_err()
                .to_string()
                .contains("unknown field `colour`")
        );
        assert!(toml::from_str::<StyleSpec>("[pages]\nsize = \"A4\"\n").is_err());
        assert!(
            toml::from_str::<StyleSpec>("[text]\nfont-size = \"12 furlongs\"\n")
                .unwrap_err()
                .to_string()
                .contains("not a length")
        );
        assert!(resolve(Some(&spec("[text]\nfont-size = \"0pt\"\n"))).is_err());
        let err = resolve(Some(&spec(
            "[page]\nmargin-inner = \"80mm\"\nmargin-outer = \"70mm\"\n",
        )))
        .unwrap_err();
        assert!(err.contains("too small"), "{err}");
    }
}
