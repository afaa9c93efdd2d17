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

/// Every bundled font, for the PDF engine: the EPUB set plus Noto Sans (headings) and
/// Noto Sans Mono (code).
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
];

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
