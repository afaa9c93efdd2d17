//! The fonts chapbook ships in `fonts/` (SIL Open Font License 1.1), built into the binary so
//! a book builds the same anywhere: embedded in EPUBs on request, and used by the PDF engine.

/// File name and bytes of each bundled font.
pub const BUNDLED: &[(&str, &[u8])] = &[
    (
        "NotoSerif-Regular.ttf",
        include_bytes!("../fonts/NotoSerif-Regular.ttf"),
    ),
    (
        "NotoSerif-Bold.ttf",
        include_bytes!("../fonts/NotoSerif-Bold.ttf"),
    ),
    (
        "NotoSerif-Italic.ttf",
        include_bytes!("../fonts/NotoSerif-Italic.ttf"),
    ),
    (
        "NotoSerif-BoldItalic.ttf",
        include_bytes!("../fonts/NotoSerif-BoldItalic.ttf"),
    ),
    (
        "NotoNaskhArabic-Regular.ttf",
        include_bytes!("../fonts/NotoNaskhArabic-Regular.ttf"),
    ),
    (
        "NotoNaskhArabic-Bold.ttf",
        include_bytes!("../fonts/NotoNaskhArabic-Bold.ttf"),
    ),
];

/// Every bundled font, for the PDF engine: the EPUB set plus Noto Sans (headings), Noto Sans
/// Mono (code) and the symbol, emoji and kana fallbacks.
pub const ALL: &[(&str, &[u8])] = &[
    ("NotoSerif-Regular.ttf", BUNDLED[0].1),
    ("NotoSerif-Bold.ttf", BUNDLED[1].1),
    ("NotoSerif-Italic.ttf", BUNDLED[2].1),
    ("NotoSerif-BoldItalic.ttf", BUNDLED[3].1),
    ("NotoNaskhArabic-Regular.ttf", BUNDLED[4].1),
    ("NotoNaskhArabic-Bold.ttf", BUNDLED[5].1),
    (
        "NotoSans-Regular.ttf",
        include_bytes!("../fonts/NotoSans-Regular.ttf"),
    ),
    (
        "NotoSans-Bold.ttf",
        include_bytes!("../fonts/NotoSans-Bold.ttf"),
    ),
    (
        "NotoSansMono-Regular.ttf",
        include_bytes!("../fonts/NotoSansMono-Regular.ttf"),
    ),
    // Symbols, arrows and math letters, emoji and kana: fallbacks for the characters the
    // families above lack, in this order (see `fonts/README.md`).
    (
        "NotoSansSymbols2-Regular.ttf",
        include_bytes!("../fonts/NotoSansSymbols2-Regular.ttf"),
    ),
    (
        "NotoSansMath-Regular.ttf",
        include_bytes!("../fonts/NotoSansMath-Regular.ttf"),
    ),
    (
        "NotoEmoji-Regular.ttf",
        include_bytes!("../fonts/NotoEmoji-Regular.ttf"),
    ),
    (
        "NotoSansCJKjp-Kana.ttf",
        include_bytes!("../fonts/NotoSansCJKjp-Kana.ttf"),
    ),
];

/// A font file the book brings (`[pdf.fonts] fallback`): a file of the book folder or a font
/// installed on the machine, found by family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontFile {
    /// What diagnostics and the language report call it: the path relative to the book for a
    /// file of the book, the absolute path for an installed font (so a report tells which file
    /// set the text, and builds on two machines can be compared).
    pub name: String,
    /// The file's bytes.
    pub data: Vec<u8>,
    /// The face's index in a collection (`.ttc`); 0 for a single font.
    pub index: u32,
    /// What the book sets in it.
    pub role: FontRole,
}

/// What a font the book brings is for (`[pdf.fonts]`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FontRole {
    /// `fallback`: tried for characters the other fonts lack.
    #[default]
    Fallback,
    /// `body`: body text, in place of Noto Serif.
    Body,
    /// `heading`: titles and headings, in place of Noto Sans.
    Heading,
    /// `mono`: code, in place of Noto Sans Mono.
    Mono,
}

/// CSS family, weight and style of a bundled font, from its file name.
pub fn face_of(file: &str) -> (&'static str, u16, &'static str) {
    let family = if file.starts_with("NotoNaskhArabic") {
        "Noto Naskh Arabic"
    } else {
        "Noto Serif"
    };
    let weight = if file.contains("Bold") { 700 } else { 400 };
    let style = if file.contains("Italic") {
        "italic"
    } else {
        "normal"
    };
    (family, weight, style)
}

/// True when `data` parses as a font.
pub fn is_font(data: &[u8]) -> bool {
    rustybuzz::ttf_parser::Face::parse(data, 0).is_ok()
}

#[cfg(test)]
mod tests {
    /// Every bundled font has TrueType outlines, none CFF: krilla embeds a CFF font with its
    /// FontMatrix in real numbers, which page-validation 0.11.0 misreads (`fonts/README.md`).
    #[test]
    fn bundled_fonts_have_truetype_outlines() {
        for (name, data) in super::ALL {
            let face = rustybuzz::ttf_parser::Face::parse(data, 0).unwrap();
            let tables = face.tables();
            assert!(
                tables.glyf.is_some() && tables.cff.is_none(),
                "{name} has no TrueType outlines"
            );
        }
    }
}
