//! Shaping: text → positioned glyphs (rustybuzz), with a font chosen per character from a
//! fallback chain, and every glyph mapped back to the bytes it sets (for copyable PDF text).

use super::font::{FontBook, FontId};
use super::remember::{Group, Remembered};
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;
use std::str::FromStr;
use std::sync::Arc;

/// One shaped glyph. Lengths are in em: multiply by the font size.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Glyph id in its font.
    pub id: u16,
    /// How far the pen moves after it.
    pub advance: f32,
    /// Horizontal offset from the pen position.
    pub x_offset: f32,
    /// Vertical offset from the baseline (up is positive).
    pub y_offset: f32,
    /// The bytes of the source text this glyph's cluster sets.
    pub range: Range<usize>,
}

/// A run of glyphs in one font, size and direction, in visual (left-to-right) order.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapedRun {
    /// The face.
    pub font: FontId,
    /// Font size in points.
    pub size: f32,
    /// True when the run was shaped right to left.
    pub rtl: bool,
    /// The bytes of the source text the run covers.
    pub range: Range<usize>,
    /// The glyphs.
    pub glyphs: Vec<Glyph>,
    /// How much a justified line expands the run (or, below 0, condenses it), as a fraction
    /// of its width (0 for most runs): the whole run is drawn `1 + track` times as wide, as pdfTeX's font expansion
    /// draws it, with one scale for the run rather than an adjustment on every glyph. The
    /// glyphs' advances are before the expansion.
    pub track: f32,
}

impl ShapedRun {
    /// Width in points, as drawn.
    pub fn width(&self) -> f32 {
        self.glyphs.iter().map(|g| g.advance).sum::<f32>() * self.size * (1.0 + self.track)
    }
}

/// What to shape: a slice of a paragraph's text with its properties.
#[derive(Debug, Clone)]
pub struct ShapeRequest<'a> {
    /// The paragraph's whole text (glyph ranges index into it).
    pub text: &'a str,
    /// The part to shape.
    pub range: Range<usize>,
    /// Faces to try, in order.
    pub chain: &'a [FontId],
    /// Font size in points.
    pub size: f32,
    /// BCP 47 language, for language-specific forms.
    pub lang: Option<&'a str>,
    /// Right-to-left direction.
    pub rtl: bool,
}

/// Shapes text with rustybuzz, keeping one parsed face per font.
pub struct Shaper<'f> {
    fonts: &'f FontBook,
    faces: Vec<Option<rustybuzz::Face<'static>>>,
    /// Shaping plans by font and segment properties: making a plan costs more than shaping a
    /// line of text with it, and a book needs only a few.
    plans: RefCell<HashMap<PlanKey, Rc<rustybuzz::ShapePlan>>>,
    /// Words already shaped (shared with the shapers of other threads).
    words: Arc<WordCache>,
}

/// What a shaping plan depends on: the font, direction, script and language.
type PlanKey = (
    usize,
    rustybuzz::Direction,
    Option<rustybuzz::Script>,
    Option<rustybuzz::Language>,
);

impl<'f> Shaper<'f> {
    /// A shaper over `fonts`.
    pub fn new(fonts: &'f FontBook) -> Self {
        let faces = fonts.faces().map(|(_, f)| f.shaper()).collect();
        Shaper {
            fonts,
            faces,
            plans: RefCell::new(HashMap::new()),
            words: Arc::default(),
        }
    }

    /// A shaper over `fonts` that keeps its shaped words in `words` (shared with shapers on
    /// other threads).
    pub fn with_words(fonts: &'f FontBook, words: Arc<WordCache>) -> Self {
        Shaper {
            words,
            ..Shaper::new(fonts)
        }
    }

    /// Where this shaper keeps its shaped words.
    pub fn words(&self) -> Arc<WordCache> {
        self.words.clone()
    }

    /// The plan for shaping `buffer` (its properties already guessed) in `font`, made once.
    fn plan(
        &self,
        font: FontId,
        face: &rustybuzz::Face<'static>,
        buffer: &rustybuzz::UnicodeBuffer,
    ) -> Rc<rustybuzz::ShapePlan> {
        // A buffer whose script could not be guessed has none (never UNKNOWN itself), as
        // `rustybuzz::shape` plans it.
        let script = Some(buffer.script()).filter(|s| *s != rustybuzz::script::UNKNOWN);
        let key = (font.0, buffer.direction(), script, buffer.language());
        self.plans
            .borrow_mut()
            .entry(key)
            .or_insert_with_key(|(_, direction, script, language)| {
                Rc::new(rustybuzz::ShapePlan::new(
                    face,
                    *direction,
                    *script,
                    language.as_ref(),
                    &[],
                ))
            })
            .clone()
    }

    /// Shapes `request.range` into runs, one per stretch of text a single face can set.
    pub fn shape(&self, request: &ShapeRequest) -> Vec<ShapedRun> {
        let mut runs = Vec::new();
        for (range, font) in self.segments(request) {
            runs.push(self.shape_segment(request, range, font));
        }
        if request.rtl {
            // Segments were found in logical order; right to left, the last one is leftmost.
            runs.reverse();
        }
        runs
    }

    /// Splits the text by the face that sets each character ([`FontBook::segments`]).
    fn segments(&self, request: &ShapeRequest) -> Vec<(Range<usize>, FontId)> {
        let start = request.range.start;
        self.fonts
            .segments(request.chain, &request.text[request.range.clone()])
            .into_iter()
            .map(|(range, font)| (start + range.start..start + range.end, font))
            .collect()
    }

    fn shape_segment(
        &self,
        request: &ShapeRequest,
        range: Range<usize>,
        font: FontId,
    ) -> ShapedRun {
        let mut glyphs = Vec::new();
        // A script set larger or smaller than the text around it (`FontBook::script_size`),
        // by the script of the run's first letters.
        let mut scale = 1.0;
        if let Some(face) = self.faces[font.0].as_ref() {
            let text = &request.text[range.clone()];
            let language = request
                .lang
                .and_then(|l| rustybuzz::Language::from_str(l).ok());
            let props = WordProps {
                font,
                rtl: request.rtl,
                script: segment_script(text),
                language,
            };
            scale = self.fonts.script_size(props.script);
            let words = words(text);
            // Right to left, the glyphs come in visual order: the last word's first.
            let mut order: Vec<Range<usize>> = words.collect();
            if request.rtl {
                order.reverse();
            }
            let group = self.words.0.group(&props);
            for word in order {
                let offset = range.start + word.start;
                let shaped = self.word(face, &props, group, &text[word]);
                glyphs.extend(shaped.iter().map(|g| Glyph {
                    range: offset + g.range.start..offset + g.range.end,
                    ..*g
                }));
            }
        }
        ShapedRun {
            font,
            size: request.size * scale,
            rtl: request.rtl,
            range,
            glyphs,
            track: 0.0,
        }
    }

    /// The glyphs of one word (with the spaces after it), from the cache or shaped; their
    /// ranges are byte offsets into `word`.
    fn word(
        &self,
        face: &rustybuzz::Face<'static>,
        props: &WordProps,
        group: Group,
        word: &str,
    ) -> Arc<[Glyph]> {
        self.words
            .0
            .get_or_in(group, word, || self.shape_word(face, props, word))
    }

    /// [`Shaper::word`], not remembered.
    fn shape_word(
        &self,
        face: &rustybuzz::Face<'static>,
        props: &WordProps,
        word: &str,
    ) -> Arc<[Glyph]> {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(word);
        buffer.set_direction(if props.rtl {
            rustybuzz::Direction::RightToLeft
        } else {
            rustybuzz::Direction::LeftToRight
        });
        if let Some(language) = &props.language {
            buffer.set_language(language.clone());
        }
        // The script of the whole segment, so that a word of digits or punctuation is shaped
        // with the plan of the words around it, as it would be in the segment shaped whole.
        if let Some(script) = props.script {
            buffer.set_script(script);
        }
        buffer.guess_segment_properties();
        let plan = self.plan(props.font, face, &buffer);
        let shaped = rustybuzz::shape_with_plan(face, &plan, buffer);
        let units = self.fonts.face(props.font).units_per_em;
        // Cluster values are byte offsets into `word`; a glyph's cluster spans up to the next
        // larger cluster value.
        let mut clusters: Vec<usize> = shaped
            .glyph_infos()
            .iter()
            .map(|i| i.cluster as usize)
            .collect();
        clusters.sort_unstable();
        clusters.dedup();
        shaped
            .glyph_infos()
            .iter()
            .zip(shaped.glyph_positions())
            .map(|(info, pos)| {
                let start = info.cluster as usize;
                // `clusters` is sorted: a binary search, not a scan per glyph.
                let end = clusters
                    .get(clusters.partition_point(|&c| c <= start))
                    .copied()
                    .unwrap_or(word.len());
                Glyph {
                    id: u16::try_from(info.glyph_id).unwrap_or(0),
                    advance: pos.x_advance as f32 / units,
                    x_offset: pos.x_offset as f32 / units,
                    y_offset: pos.y_offset as f32 / units,
                    range: start..end,
                }
            })
            .collect()
    }
}

/// What a word's glyphs depend on besides its text: the face, the direction, the script of
/// its segment and the language (not the size: glyphs are measured in em).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct WordProps {
    font: FontId,
    rtl: bool,
    script: Option<rustybuzz::Script>,
    language: Option<rustybuzz::Language>,
}

/// The script rustybuzz guesses for `text` (that of its first character with one that is
/// not common or inherited), or none.
fn segment_script(text: &str) -> Option<rustybuzz::Script> {
    // Guessing reads every character up to the first with a script: a word at a time.
    let mut probe = rustybuzz::UnicodeBuffer::new();
    for word in words(text) {
        probe.push_str(&text[word]);
        probe.guess_segment_properties();
        let script = probe.script();
        if script != rustybuzz::script::UNKNOWN {
            return Some(script);
        }
        probe.clear();
    }
    None
}

/// `text` cut after each run of spaces, into words that are shaped alone: nothing in a face
/// reaches across a space (Arabic letters do not join across one, and no kerning or
/// ligature of the bundled faces involves it), so the glyphs are those of the text shaped
/// whole. A space before a combining mark, joiner or selector stays with what follows it.
fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let mut at = start;
        loop {
            match bytes[at..].iter().position(|&b| b == b' ') {
                None => at = text.len(),
                Some(space) => {
                    at += space;
                    while bytes.get(at) == Some(&b' ') {
                        at += 1;
                    }
                    let next = text[at..].chars().next();
                    if next.is_some_and(super::font::attaches_to_previous) {
                        continue;
                    }
                }
            }
            break;
        }
        let word = start..at;
        start = at;
        Some(word)
    })
}

/// Words already shaped, shared by the threads that set paragraphs: shaping is pure, and a
/// book repeats its words (the 160,000 words of `benches/peers.sh` are 8,920 distinct ones).
/// At most 50,000 words are kept (about 16 MB: a word of eight glyphs takes about 330 bytes);
/// past them, words are shaped each time.
pub struct WordCache(Remembered<WordProps, Arc<[Glyph]>>);

impl Default for WordCache {
    fn default() -> Self {
        WordCache(Remembered::new(50_000))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::font::{Family, FontRequest};

    fn shape(text: &str, rtl: bool, lang: &str) -> (FontBook, Vec<ShapedRun>) {
        let fonts = FontBook::bundled();
        let runs = shape_with(&fonts, text, rtl, lang);
        (fonts, runs)
    }

    /// `text` shaped at 10 pt in the serif chain of `fonts`.
    fn shape_with(fonts: &FontBook, text: &str, rtl: bool, lang: &str) -> Vec<ShapedRun> {
        let chain = fonts.chain(FontRequest {
            family: Family::Serif,
            bold: false,
            italic: false,
        });
        Shaper::new(fonts).shape(&ShapeRequest {
            text,
            range: 0..text.len(),
            chain: &chain,
            size: 10.0,
            lang: Some(lang),
            rtl,
        })
    }

    /// Every byte of the text is covered by exactly the glyph clusters, in order.
    fn assert_ranges_cover(text: &str, runs: &[ShapedRun]) {
        let mut ranges: Vec<Range<usize>> = runs
            .iter()
            .flat_map(|r| r.glyphs.iter().map(|g| g.range.clone()))
            .collect();
        ranges.sort_by_key(|r| r.start);
        ranges.dedup();
        let mut at = 0;
        for r in &ranges {
            assert_eq!(
                r.start, at,
                "gap or overlap at byte {at} in {text:?}: {ranges:?}"
            );
            at = r.end;
        }
        assert_eq!(at, text.len());
    }

    #[test]
    fn kazakh_shapes_without_missing_glyphs() {
        let text = "Қазақстан әлемі — өңір, ұлт, үміт, һәм ізгілік";
        let (_, runs) = shape(text, false, "kk");
        assert_eq!(runs.len(), 1);
        assert!(runs[0].glyphs.iter().all(|g| g.id != 0), "no .notdef");
        assert!(runs[0].width() > 100.0);
        assert_ranges_cover(text, &runs);
    }

    #[test]
    fn ligatures_keep_their_text() {
        let text = "office affluent";
        let (_, runs) = shape(text, false, "en");
        assert_ranges_cover(text, &runs);
        let glyphs = runs[0].glyphs.len();
        assert!(
            glyphs < text.chars().count(),
            "expected an ffi/ff ligature, got {glyphs} glyphs"
        );
    }

    #[test]
    fn arabic_comes_from_the_naskh_face_and_joins() {
        let text = "مرحبا";
        let (fonts, runs) = shape(text, true, "ar");
        assert_eq!(fonts.face(runs[0].font).name, "NotoNaskhArabic-Regular.ttf");
        assert_ranges_cover(text, &runs);
        // Joined letters take initial/medial/final forms: the same letter standing alone
        // shapes to a different glyph.
        let (_, alone) = shape("م", true, "ar");
        let first_letter = runs[0].glyphs.iter().find(|g| g.range.start == 0).unwrap();
        assert_ne!(first_letter.id, alone[0].glyphs[0].id);
        // Visual order: the first letter of the word is the rightmost glyph.
        assert_eq!(runs[0].glyphs.last().unwrap().range.start, 0);
    }

    #[test]
    fn mixed_text_falls_back_per_character() {
        let text = "Word سلام word";
        let (fonts, runs) = shape(text, false, "en");
        let names: Vec<&str> = runs.iter().map(|r| fonts.face(r.font).name).collect();
        assert_eq!(
            names,
            vec![
                "NotoSerif-Regular.ttf",
                "NotoNaskhArabic-Regular.ttf",
                "NotoSerif-Regular.ttf"
            ]
        );
        assert_ranges_cover(text, &runs);
    }

    #[test]
    fn a_script_given_a_size_is_set_at_it_and_the_rest_as_asked() {
        let text = "Word سلام word";
        let mut fonts = FontBook::bundled();
        fonts.set_script_sizes(&[(*b"Arab", 1.15), (*b"Zzzz", 3.0)]);
        let runs = shape_with(&fonts, text, false, "en");
        let sizes: Vec<f32> = runs.iter().map(|r| r.size).collect();
        assert_eq!(sizes, vec![10.0, 11.5, 10.0]);
        // The width follows the size: the Arabic word is 15 % wider than at 10 pt.
        let word = "سلام";
        let (_, plain) = shape(word, true, "ar");
        let scaled = shape_with(&fonts, word, true, "ar");
        let width = |runs: &[ShapedRun]| runs.iter().map(ShapedRun::width).sum::<f32>();
        assert!((width(&scaled) - width(&plain) * 1.15).abs() < 0.01);
    }
}
