//! Fonts for the typesetter: the bundled faces, their metrics, fallback chains per style,
//! and the coverage check that runs before layout.

use rustybuzz::ttf_parser;
use std::ops::Range;

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
    /// The face's index in its file (a `.ttc` collection holds several).
    pub index: u32,
    /// True for an emoji font: emoji sequences (`❤️`, `👩‍💻`) are set from it first.
    pub emoji: bool,
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
    /// Which characters of the Basic Multilingual Plane the face has, as far as asked.
    coverage: Coverage,
}

/// A face's answers to "has it a glyph for `c`?" for the characters below U+10000, two bits
/// each (16 KB a face), filled in as they are asked: the answer is pure, every paragraph
/// asks it of every character, and the font's `cmap` takes a search to answer. Shared by
/// the threads that set paragraphs, so it is atomic.
struct Coverage(Box<[std::sync::atomic::AtomicU32]>);

impl Coverage {
    /// Characters per word: two bits each.
    const PER_WORD: u32 = 16;
    const YES: u32 = 1;
    const NO: u32 = 2;

    fn new() -> Self {
        let words = 0x10000 / Self::PER_WORD as usize;
        Coverage((0..words).map(|_| Default::default()).collect())
    }

    /// The answer for `c`, from `ask` the first time it is asked.
    fn get(&self, c: char, ask: impl FnOnce() -> bool) -> bool {
        use std::sync::atomic::Ordering::Relaxed;
        let code = c as u32;
        let Some(word) = self.0.get((code / Self::PER_WORD) as usize) else {
            return ask();
        };
        let shift = 2 * (code % Self::PER_WORD);
        // 0: not asked yet.
        match (word.load(Relaxed) >> shift) & 3 {
            Self::YES => true,
            Self::NO => false,
            _ => {
                let has = ask();
                // Every thread that asks finds the same answer: the order of writes is moot.
                let answer = if has { Self::YES } else { Self::NO };
                word.fetch_or(answer << shift, Relaxed);
                has
            }
        }
    }
}

impl std::fmt::Debug for Coverage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Coverage")
    }
}

impl FontFace {
    /// Parses face `index` of a font file.
    pub fn parse(name: &'static str, data: &'static [u8], index: u32) -> Option<FontFace> {
        let face = ttf_parser::Face::parse(data, index).ok()?;
        let units_per_em = f32::from(face.units_per_em());
        // The bundled families by file name: `NotoSansMath`, `NotoSansSymbols2` and the like
        // are fallbacks, not Noto Sans.
        let family = if name.starts_with("NotoSerif-") {
            Some(Family::Serif)
        } else if name.starts_with("NotoSansMono-") {
            Some(Family::Mono)
        } else if name.starts_with("NotoSans-") {
            Some(Family::Sans)
        } else {
            None
        };
        let emoji = name.contains("Emoji")
            || face
                .names()
                .into_iter()
                .filter(|n| n.name_id == ttf_parser::name_id::FAMILY)
                .filter_map(|n| n.to_string())
                .any(|n| n.contains("Emoji"));
        Some(FontFace {
            name,
            data,
            index,
            emoji,
            family,
            fallback: family.is_none(),
            bold: name.contains("Bold"),
            italic: name.contains("Italic"),
            units_per_em,
            ascender: f32::from(face.ascender()) / units_per_em,
            descender: f32::from(face.descender()) / units_per_em,
            face,
            coverage: Coverage::new(),
        })
    }

    /// True when the face has a glyph for `c`. A control character is never covered, even
    /// when a font maps it (Noto Sans Symbols 2 maps TAB and U+0007 to empty glyphs): the
    /// sources drop controls and turn TABs into spaces, and one that gets through is reported.
    pub fn covers(&self, c: char) -> bool {
        self.coverage.get(c, || {
            !c.is_control() && self.face.glyph_index(c).is_some_and(|g| g.0 != 0)
        })
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
        rustybuzz::Face::from_slice(self.data, self.index)
    }
}

/// The first of the bundled symbol fonts (see `crate::fonts::ALL`).
const SYMBOLS: &str = "NotoSansSymbols2-Regular.ttf";

/// All faces available to a book, and the size each script is set at.
#[derive(Debug)]
pub struct FontBook {
    faces: Vec<FontFace>,
    /// Scripts set larger or smaller than the text around them, and by how much.
    script_sizes: Vec<(rustybuzz::Script, f32)>,
}

/// Characters that belong to the font of the character before them: combining marks,
/// joiners and variation selectors, so a cluster is never split between two fonts.
pub(crate) fn attaches_to_previous(c: char) -> bool {
    use crate::lang::{is_combining_mark, is_joiner, is_variation_selector};
    is_combining_mark(c) || is_joiner(c) || is_variation_selector(c)
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
    /// The bundled fonts with the book's own: its body, heading and code fonts first, in place
    /// of the bundled families, and its fallback fonts after the families and Arabic,
    /// before the bundled symbol, math, emoji and kana fonts, so a font the book asks for
    /// sets what it has (chess pieces, CJK punctuation) even where a bundled one has it too.
    /// Text of each script in `script_sizes` is set at its factor times the size asked for
    /// ([`FontBook::set_script_sizes`]).
    pub fn with_fallbacks(
        fonts: &[crate::fonts::FontFile],
        script_sizes: &[([u8; 4], f32)],
    ) -> FontBook {
        use crate::fonts::FontRole;
        let mut book = FontBook::bundled();
        // A family the book sets in its own font: the bundled faces of that family step
        // aside (they stay last in every chain, for characters the book's font lacks), so a
        // bold request finds the book's regular face before Noto's bold one.
        let mut own: Vec<FontFace> = Vec::new();
        for file in fonts {
            let family = match file.role {
                FontRole::Fallback => continue,
                FontRole::Body => Family::Serif,
                FontRole::Heading => Family::Sans,
                FontRole::Mono => Family::Mono,
            };
            let name = std::str::from_utf8(keep(file.name.as_bytes())).unwrap_or("book font");
            if let Some(face) = FontFace::parse(name, keep(&file.data), file.index) {
                for bundled in book.faces.iter_mut().filter(|f| f.family == Some(family)) {
                    bundled.family = None;
                }
                own.push(FontFace {
                    family: Some(family),
                    fallback: false,
                    ..face
                });
            }
        }
        book.faces.splice(0..0, own);
        let mut at = book
            .faces
            .iter()
            .position(|f| f.name == SYMBOLS)
            .unwrap_or(book.faces.len());
        for file in fonts.iter().filter(|f| f.role == FontRole::Fallback) {
            let name = std::str::from_utf8(keep(file.name.as_bytes())).unwrap_or("book font");
            if let Some(face) = FontFace::parse(name, keep(&file.data), file.index) {
                let face = FontFace {
                    family: None,
                    fallback: true,
                    ..face
                };
                book.faces.insert(at, face);
                at += 1;
            }
        }
        book.set_script_sizes(script_sizes);
        book
    }

    /// The fonts chapbook ships (see `fonts/README.md`).
    pub fn bundled() -> FontBook {
        let faces = crate::fonts::ALL
            .iter()
            .filter_map(|(name, data)| FontFace::parse(name, data, 0))
            .collect();
        FontBook {
            faces,
            script_sizes: Vec::new(),
        }
    }

    /// Sets text of each script (an ISO 15924 code, as `Arab`) at its factor times the size
    /// it is asked for (CSS's `font-size-adjust` per script): Naskh's letters are small for
    /// their size beside Latin ones. A code no script has is left out.
    pub fn set_script_sizes(&mut self, sizes: &[([u8; 4], f32)]) {
        self.script_sizes = sizes
            .iter()
            .filter_map(|(code, factor)| {
                let tag = rustybuzz::ttf_parser::Tag::from_bytes(code);
                rustybuzz::Script::from_iso15924_tag(tag).map(|s| (s, *factor))
            })
            .collect();
    }

    /// How many times its size text of `script` is set (1 for most).
    pub fn script_size(&self, script: Option<rustybuzz::Script>) -> f32 {
        script
            .and_then(|s| self.script_sizes.iter().find(|(k, _)| *k == s))
            .map_or(1.0, |(_, factor)| *factor)
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

    /// The first emoji face of `chain` that has `c`.
    fn resolve_emoji(&self, chain: &[FontId], c: char) -> Option<FontId> {
        chain
            .iter()
            .copied()
            .find(|&id| self.faces[id.0].emoji && self.faces[id.0].covers(c))
    }

    /// Splits `text` into stretches that one face of `chain` sets (byte ranges of `text`):
    /// an emoji sequence goes whole to an emoji face that has its first character; a
    /// combining mark, joiner or selector stays with the character before it; a space stays
    /// in the face before it unless that is an emoji face (whose spaces are an emoji wide); any other character goes to the face before it when that is
    /// not a fallback and has it, else to the first face of the chain that has it (else the
    /// first face of the chain, and [`FontBook::missing`] reports it). Shaping and the
    /// coverage check both split text here, so what the check passes shapes with glyphs.
    pub fn segments(&self, chain: &[FontId], text: &str) -> Vec<(Range<usize>, FontId)> {
        let first = chain.first().copied().unwrap_or(FontId(0));
        let mut segments: Vec<(Range<usize>, FontId)> = Vec::new();
        let mut at = 0;
        while let Some(c) = text[at..].chars().next() {
            let current = segments.last().map(|(_, f)| *f);
            let (len, font) = match super::emoji::sequence(&text[at..]) {
                Some(len) => {
                    let font = self
                        .resolve_emoji(chain, c)
                        .or_else(|| self.resolve(chain, c));
                    (len, font.unwrap_or(first))
                }
                None => {
                    let font = match current {
                        Some(f)
                            if attaches_to_previous(c)
                                || c.is_whitespace()
                                    && self.face(f).covers(c)
                                    && !self.face(f).emoji =>
                        {
                            f
                        }
                        Some(f) if self.face(f).covers(c) && !self.face(f).fallback => f,
                        _ => self.resolve(chain, c).unwrap_or(first),
                    };
                    (c.len_utf8(), font)
                }
            };
            match segments.last_mut() {
                Some((range, f)) if *f == font => range.end = at + len,
                _ => segments.push((at..at + len, font)),
            }
            at += len;
        }
        segments
    }

    /// Characters of `text` that would have no glyph, each once, in order of appearance: the
    /// face [`FontBook::segments`] gives them lacks them, and shaping does not hide them.
    pub fn missing(&self, chain: &[FontId], text: &str) -> Vec<char> {
        let mut missing = Vec::new();
        for (range, font) in self.segments(chain, text) {
            for c in text[range].chars() {
                if !super::emoji::needs_no_glyph(c)
                    && !self.face(font).covers(c)
                    && !missing.contains(&c)
                {
                    missing.push(c);
                }
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
        assert!(book.faces().count() >= 13);
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
        // A TAB or a control has no glyph anywhere: it is reported, never left to the writer.
        assert_eq!(book.missing(&chain, "a\tb\u{7}"), vec!['\t', '\u{7}']);
    }

    #[test]
    fn emoji_symbols_arrows_and_kana_are_covered() {
        let book = FontBook::bundled();
        let chain = book.chain(serif());
        let text = "🙂 🚀 ⚠️ ❤️ ❤ 👩‍💻 👋🏽 #️⃣ 🇫🇷 ¯\\_(ツ)_/¯ 𝕠 → ⇒ ✓ ☐";
        assert!(
            book.missing(&chain, text).is_empty(),
            "{:?}",
            book.missing(&chain, text)
        );
        let face_of = |s: &str| {
            let at = text.find(s).unwrap();
            let (_, f) = book
                .segments(&chain, text)
                .into_iter()
                .find(|(r, _)| r.contains(&at))
                .unwrap();
            book.face(f).name
        };
        assert_eq!(face_of("❤️"), "NotoEmoji-Regular.ttf");
        assert_eq!(face_of("❤ "), "NotoSansSymbols2-Regular.ttf");
        assert_eq!(face_of("👩‍💻"), "NotoEmoji-Regular.ttf");
        assert_eq!(face_of("#️⃣"), "NotoEmoji-Regular.ttf");
        assert_eq!(face_of("ツ"), "NotoSansCJKjp-Kana.ttf");
        assert_eq!(face_of("𝕠"), "NotoSansMath-Regular.ttf");
    }
}
