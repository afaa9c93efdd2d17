//! The values a style is written in: lengths, page sizes, colours, standards, imposition.

use serde::Deserialize;
use std::str::FromStr;

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

/// The longest side a PDF page may have, in points: 14,400 default user units (200 inches),
/// the limit of PDF 1.6 and later (ISO 32000-1, annex C); readers refuse or clip larger pages.
pub const MAX_PAGE_SIDE: f32 = 14_400.0;

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
                if width > MAX_PAGE_SIDE || height > MAX_PAGE_SIDE {
                    return Err(format!(
                        "`{text}` is {width:.0} × {height:.0} pt, larger than a PDF page may be (at most 14400 pt, 5080 mm or 200 in a side)"
                    ));
                }
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

impl From<ImposeSpec> for Impose {
    fn from(spec: ImposeSpec) -> Self {
        match spec {
            ImposeSpec::None => Impose::None,
            ImposeSpec::Booklet => Impose::Booklet,
            ImposeSpec::TwoUp => Impose::TwoUp,
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

/// How pages are put on sheets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Impose {
    /// No imposed file.
    None,
    /// A saddle-stitched booklet: sheets folded in half, printed on both sides (short-edge
    /// flip), in signatures.
    Booklet,
    /// Two consecutive pages side by side on each sheet, one-sided.
    TwoUp,
}
