//! What can go wrong while writing a PDF, as data: the build turns each into a diagnostic
//! that names the text or the file concerned, so krilla's debug output never reaches a user.

use krilla::configure::ValidationError;
use krilla::error::KrillaError;
use std::fmt;

/// Why a PDF could not be written.
#[derive(Debug, Clone, PartialEq)]
pub enum PdfError {
    /// The standards asked for (`[pdf] standard`) cannot be met by one file.
    Standards,
    /// A page or sheet has no area.
    PageSize,
    /// A font file cannot be embedded.
    Font {
        /// The face's file name.
        face: String,
    },
    /// An image cannot be decoded or embedded.
    Image {
        /// Its index among the document's images.
        index: usize,
        /// What the decoder said.
        reason: String,
    },
    /// The file would break the standard it claims (each problem once).
    Validation(Vec<Violation>),
    /// The writer refused the document for a reason of its own (a bug in chapbook).
    Writer(&'static str),
}

/// One way in which the file would break its standard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Violation {
    /// No font used for this text has a glyph for it (it would print as a box).
    MissingGlyph {
        /// The text without a glyph.
        text: String,
    },
    /// A glyph whose text cannot be told (copying or reading it aloud would lose it).
    NoTextMapping,
    /// Any other requirement, in words.
    Other(&'static str),
}

impl PdfError {
    /// The error krilla reported, as data.
    pub fn from_krilla(error: KrillaError) -> PdfError {
        match error {
            KrillaError::Validation(errors) => {
                let mut out: Vec<Violation> = Vec::new();
                for (error, _) in errors {
                    let v = Violation::from(&error);
                    if !out.contains(&v) {
                        out.push(v);
                    }
                }
                PdfError::Validation(out)
            }
            KrillaError::Font(..) => PdfError::Font {
                face: "a font of the book".into(),
            },
            KrillaError::Image(_, _, reason) => PdfError::Image {
                index: usize::MAX,
                reason,
            },
            KrillaError::Limit(_) => PdfError::Writer("a limit of the PDF format was exceeded"),
            KrillaError::DuplicateNamedDestination(_) => {
                PdfError::Writer("two link destinations have one name")
            }
            KrillaError::DuplicateTagId(..) | KrillaError::UnknownTagId(..) => {
                PdfError::Writer("the structure tree names an element twice or not at all")
            }
            _ => PdfError::Writer("the PDF writer refused the document"),
        }
    }

    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            PdfError::Standards => "choose standards that fit together in [pdf] standard",
            PdfError::Image { .. } => "open the image in an image editor and save it again",
            PdfError::Font { .. } => "use another font file, or convert it to TrueType",
            PdfError::Validation(v)
                if v.iter()
                    .all(|v| matches!(v, Violation::MissingGlyph { .. })) =>
            {
                "replace the character, or add a font that has it: [pdf.fonts] fallback"
            }
            _ => "please report this as a bug in chapbook, with the book if you can",
        }
    }
}

impl From<&ValidationError> for Violation {
    fn from(error: &ValidationError) -> Self {
        use ValidationError as E;
        match error {
            E::ContainsNotDefGlyph(_, _, text) => Violation::MissingGlyph { text: text.clone() },
            E::NoCodepointMapping(..)
            | E::InvalidCodepointMapping(..)
            | E::UnicodePrivateArea(..) => Violation::NoTextMapping,
            E::NoDocumentLanguage => Violation::Other("the document has no language"),
            E::NoDocumentTitle => Violation::Other("the document has no title"),
            E::MissingAltText(_) => Violation::Other("an image has no alternative text"),
            E::MissingHeadingTitle => Violation::Other("a heading has no text"),
            E::MissingAnnotationAltText(_) => Violation::Other("a link has no text"),
            E::MissingTagging => Violation::Other("the document is not tagged"),
            E::Transparency(_) => Violation::Other("transparency, which PDF/A-1 forbids"),
            E::ImageInterpolation(_) => Violation::Other("image smoothing, which PDF/A forbids"),
            E::RestrictedLicense(_) => Violation::Other("a font whose licence forbids embedding"),
            _ => Violation::Other("another requirement of the standard"),
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Violation::MissingGlyph { text } => {
                let codes: Vec<String> = text
                    .chars()
                    .map(|c| format!("U+{:04X}", c as u32))
                    .collect();
                write!(
                    f,
                    "no font has the character `{text}` ({}); it would print as a box",
                    codes.join(" ")
                )
            }
            Violation::NoTextMapping => f.write_str("a glyph whose text cannot be told"),
            Violation::Other(what) => f.write_str(what),
        }
    }
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            PdfError::Standards => f.write_str("these PDF standards cannot be combined"),
            PdfError::PageSize => f.write_str("a page has no size"),
            PdfError::Font { face } => write!(f, "the font {face} cannot be embedded"),
            PdfError::Image { reason, .. } => write!(f, "an image cannot be embedded: {reason}"),
            PdfError::Validation(list) => {
                f.write_str("the PDF would not meet its standard ([pdf] standard): ")?;
                for (i, v) in list.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{v}")?;
                }
                Ok(())
            }
            PdfError::Writer(what) => write!(f, "the PDF could not be written: {what}"),
        }
    }
}

impl std::error::Error for PdfError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_glyph_names_the_character_and_asks_for_a_font() {
        let e = PdfError::Validation(vec![Violation::MissingGlyph { text: "\t".into() }]);
        assert_eq!(
            e.to_string(),
            "the PDF would not meet its standard ([pdf] standard): no font has the character `\t` (U+0009); it would print as a box"
        );
        assert!(e.hint().contains("[pdf.fonts] fallback"));
        assert!(PdfError::Writer("x").hint().contains("bug"));
    }
}
