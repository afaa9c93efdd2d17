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
