//! Fonts for the typesetter: the bundled faces, their metrics, fallback chains per style,
//! and the coverage check that runs before layout.

use rustybuzz::ttf_parser;

/// Index of a face in a [`FontBook`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FontId(pub usize);

/// The typeface families a style can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// Body text (Noto Serif).
    Serif,
    /// Headings (Noto Sans).
    Sans,
    /// Code (Noto Sans Mono).
    Mono,
}

/// What a run of text asks for; the chain of faces that can set it follows from this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FontRequest {
    /// The family.
    pub family: Family,
    /// Bold weight.
    pub bold: bool,
    /// Italic style.
    pub italic: bool,
}

/// One font face with the metrics layout needs.
#[derive(Debug)]
pub struct FontFace {
    /// The file name, for diagnostics and the PDF's font names.
    pub name: &'static str,
    /// The font file.
    pub data: &'static [u8],
    /// Family this face belongs to (`None` for script fallbacks such as Arabic).
    pub family: Option<Family>,
    /// True for a script fallback face (used only for characters the family lacks).
    pub fallback: bool,
    /// Bold weight.
    pub bold: bool,
    /// Italic style.
    pub italic: bool,
    /// Design units per em.
    pub units_per_em: f32,
    /// Ascender, in em.
    pub ascender: f32,
    /// Descender (negative), in em.
    pub descender: f32,
    face: ttf_parser::Face<'static>,
}

impl FontFace {
    /// Parses a face from a font file.
    pub fn parse(name: &'static str, data: &'static [u8]) -> Option<FontFace> {
        let face = ttf_parser::Face::parse(data, 0).ok()?;
        let units_per_em = f32::from(face.units_per_em());
        let family = if name.starts_with("NotoSerif") {
            Some(Family::Serif)
        } else if name.starts_with("NotoSansMono") {
            Some(Family::Mono)
        } else if name.starts_with("NotoSans") {
            Some(Family::Sans)
        } else {
            None
        };
        Some(FontFace {
            name,
            data,
            family,
            fallback: family.is_none(),
            bold: name.contains("Bold"),
            italic: name.contains("Italic"),
            units_per_em,
            ascender: f32::from(face.ascender()) / units_per_em,
            descender: f32::from(face.descender()) / units_per_em,
            face,
        })
    }

    /// True when the face has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some()
    }

    /// The advance width of `c`'s glyph, in em.
    pub fn advance(&self, c: char) -> Option<f32> {
        let glyph = self.face.glyph_index(c)?;
        Some(f32::from(self.face.glyph_hor_advance(glyph)?) / self.units_per_em)
    }

    /// The glyph id of `c`.
    pub fn glyph(&self, c: char) -> Option<u16> {
        self.face.glyph_index(c).map(|g| g.0)
    }

    /// The face for shaping.
    pub fn shaper(&self) -> Option<rustybuzz::Face<'static>> {
        rustybuzz::Face::from_slice(self.data, 0)
    }
}

/// All faces available to a book.
#[derive(Debug)]
pub struct FontBook {
    faces: Vec<FontFace>,
}

/// Characters that never need a glyph of their own: controls, joiners and marks of
/// direction, which shaping handles or drops.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}')
}

/// A font file the book brings, kept for the life of the process: each distinct file is held
/// once (by content), so repeated builds of the same book do not grow memory.
fn keep(data: &[u8]) -> &'static [u8] {
    use std::collections::HashMap;
    use std::hash::{Hash, Hasher};
    use std::sync::{Mutex, OnceLock};
    static KEPT: OnceLock<Mutex<HashMap<u64, &'static [u8]>>> = OnceLock::new();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    data.hash(&mut hasher);
    let key = hasher.finish();
    let mut kept = KEPT
        .get_or_init(|| Mutex::new(HashMap::new()))
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    kept.entry(key)
        .or_insert_with(|| Box::leak(data.to_vec().into_boxed_slice()))
}

impl FontBook {
    /// The bundled fonts followed by the book's own fallback fonts.
    pub fn with_fallbacks(fonts: &[(String, Vec<u8>)]) -> FontBook {
        let mut book = FontBook::bundled();
        for (name, data) in fonts {
            let name = std::str::from_utf8(keep(name.as_bytes())).unwrap_or("book font");
            if let Some(face) = FontFace::parse(name, keep(data)) {
                book.faces.push(FontFace {
                    family: None,
                    fallback: true,
                    ..face
                });
            }
        }
        book
    }

    /// The fonts chapbook ships (see `fonts/README.md`).
    pub fn bundled() -> FontBook {
        let faces = crate::fonts::ALL
            .iter()
            .filter_map(|(name, data)| FontFace::parse(name, data))
            .collect();
        FontBook { faces }
    }

    /// A face by id.
    pub fn face(&self, id: FontId) -> &FontFace {
        &self.faces[id.0]
    }

    /// Every face, with its id.
    pub fn faces(&self) -> impl Iterator<Item = (FontId, &FontFace)> {
        self.faces.iter().enumerate().map(|(i, f)| (FontId(i), f))
    }

    /// The faces to try, in order, for a request: the exact face, then the family's regular
    /// face, then the script fallbacks (matching weight first), then the other families.
    pub fn chain(&self, request: FontRequest) -> Vec<FontId> {
        let mut chain: Vec<FontId> = Vec::new();
        let push = |chain: &mut Vec<FontId>, pred: &dyn Fn(&FontFace) -> bool| {
            for (id, face) in self.faces() {
                if pred(face) && !chain.contains(&id) {
                    chain.push(id);
                }
            }
        };
        let FontRequest {
            family,
            bold,
            italic,
        } = request;
        push(&mut chain, &|f| {
            f.family == Some(family) && f.bold == bold && f.italic == italic
        });
        push(&mut chain, &|f| f.family == Some(family) && f.bold == bold);
        push(&mut chain, &|f| f.family == Some(family));
        push(&mut chain, &|f| f.fallback && f.bold == bold);
        push(&mut chain, &|f| f.fallback);
        push(&mut chain, &|f| f.family == Some(Family::Serif));
        push(&mut chain, &|_| true);
        chain
    }

    /// The first face of `chain` that has `c`.
    pub fn resolve(&self, chain: &[FontId], c: char) -> Option<FontId> {
        chain.iter().copied().find(|&id| self.faces[id.0].covers(c))
    }

    /// Characters of `text` that no face of `chain` has, each once, in order of appearance.
    pub fn missing(&self, chain: &[FontId], text: &str) -> Vec<char> {
        let mut missing = Vec::new();
        for c in text.chars() {
            if !is_invisible(c)
                && !c.is_whitespace()
                && self.resolve(chain, c).is_none()
                && !missing.contains(&c)
            {
                missing.push(c);
            }
        }
        missing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serif() -> FontRequest {
        FontRequest {
            family: Family::Serif,
            bold: false,
            italic: false,
        }
    }

    #[test]
    fn bundled_faces_parse_with_sane_metrics() {
        let book = FontBook::bundled();
        assert!(book.faces().count() >= 9);
        for (_, face) in book.faces() {
            assert!(face.units_per_em >= 1000.0, "{}", face.name);
            assert!(face.ascender > 0.5 && face.descender < 0.0, "{}", face.name);
        }
    }

    #[test]
    fn chain_prefers_the_exact_face_then_arabic() {
        let book = FontBook::bundled();
        let chain = book.chain(FontRequest {
            family: Family::Serif,
            bold: true,
            italic: true,
        });
        assert_eq!(book.face(chain[0]).name, "NotoSerif-BoldItalic.ttf");
        let arabic = book.resolve(&chain, 'ع').unwrap();
        assert_eq!(book.face(arabic).name, "NotoNaskhArabic-Bold.ttf");
    }

    #[test]
    fn kazakh_uzbek_russian_are_covered() {
        let book = FontBook::bundled();
        let chain = book.chain(serif());
        assert!(
            book.missing(
                &chain,
                "әғқңөұүһі ӘҒҚҢӨҰҮҺІ Oʻzbekiston gʻ ʼ Привет «ёлка» — مرحبا"
            )
            .is_empty()
        );
    }

    #[test]
    fn uncovered_characters_are_reported_once() {
        let book = FontBook::bundled();
        let chain = book.chain(serif());
        // U+13000 EGYPTIAN HIEROGLYPH A001 is in none of the bundled fonts.
        assert_eq!(book.missing(&chain, "a 𓀀 b 𓀀"), vec!['𓀀']);
    }
}
