//! The second stage: the collected text analysed for direction (UAX #9), shaped into pieces,
//! measured, and turned into boxes, glue and penalties, all held by one [`Prepared`] value
//! that the line breaker and the finalizer read.

use super::collect::Collected;
use super::items::{self, Items, Measure};
use super::{Setter, is_line_end};
use crate::lang::{Direction, Lang};
use crate::typeset::content::{Alignment, Paragraph};
use crate::typeset::linebreak;
use crate::typeset::shape::{Glyph, ShapeRequest, ShapedRun};
use std::ops::Range;
use std::sync::Arc;
use unicode_bidi::{BidiInfo, Level};

/// Below this many ems of measure, justified paragraphs are set ragged right.
const NARROW_MEASURE: f32 = 18.0;

/// A stretch of shaped text with its span and bidi level.
pub(super) struct Piece {
    /// Index of its span in the paragraph.
    pub(super) span: usize,
    /// Its bidi embedding level.
    pub(super) level: Level,
    /// Its glyphs.
    pub(super) run: ShapedRun,
    /// How the glyphs' cluster starts are ordered, so that a line finds its glyphs by binary
    /// search (scanning every glyph of the piece for each line made a long paragraph
    /// quadratic to set).
    pub(super) order: Order,
}

/// The order of the cluster starts of a run's glyphs: rising left to right, falling right to
/// left (rustybuzz keeps clusters monotone), or neither, when each line scans them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Order {
    Rising,
    Falling,
    Unordered,
}

impl Piece {
    fn new(span: usize, level: Level, run: ShapedRun) -> Piece {
        let starts = || {
            run.glyphs
                .windows(2)
                .map(|w| (w[0].range.start, w[1].range.start))
        };
        let order = if starts().all(|(a, b)| a <= b) {
            Order::Rising
        } else if starts().all(|(a, b)| a >= b) {
            Order::Falling
        } else {
            Order::Unordered
        };
        Piece {
            span,
            level,
            run,
            order,
        }
    }

    /// True when the piece's letters may be spaced out to justify a line: text of the serif
    /// or sans faces, left to right (Arabic letters join, and spacing would break them), not
    /// code (whose columns must stay aligned), not an image.
    pub(super) fn tracks(&self, par: &Paragraph) -> bool {
        let span = &par.spans[self.span];
        !self.run.rtl
            && !par.style.preformatted
            && span.image.is_none()
            && span.font.family != crate::typeset::font::Family::Mono
    }

    /// The glyphs whose cluster starts in `range`, in the run's order.
    pub(super) fn glyphs_in(&self, range: &Range<usize>) -> &[Glyph] {
        let glyphs = &self.run.glyphs;
        let (from, to) = match self.order {
            Order::Rising => (
                glyphs.partition_point(|g| g.range.start < range.start),
                glyphs.partition_point(|g| g.range.start < range.end),
            ),
            Order::Falling => (
                glyphs.partition_point(|g| g.range.start >= range.end),
                glyphs.partition_point(|g| g.range.start >= range.start),
            ),
            Order::Unordered => (0, glyphs.len()),
        };
        &glyphs[from..to.max(from)]
    }
}

/// A paragraph ready to be broken into lines: everything the later stages need.
pub(super) struct Prepared<'a> {
    /// The paragraph.
    pub(super) par: &'a Paragraph,
    /// Its text (glyph ranges index into it).
    pub(super) text: Arc<str>,
    /// The byte range of each span in `text`.
    pub(super) spans: Vec<Range<usize>>,
    /// The shaped text, in logical order.
    pub(super) pieces: Vec<Piece>,
    /// The text as boxes, glue and penalties.
    pub(super) items: Items,
    /// The width the paragraph is set at, indents included.
    pub(super) width: f32,
    /// The measure of each line, for the line breaker (the last holds for the lines after):
    /// `first`, then `rest`, less the room kept for a floated image.
    pub(super) widths: Vec<f32>,
    /// Justified or ragged.
    pub(super) params: linebreak::Params,
    /// Per-byte prefix sums of the widths of the letters that may be spaced out to justify a
    /// line (see [`Piece::tracks`]).
    pub(super) tracked: Vec<f32>,
    /// The pieces' ranges rise and do not overlap (as `shape` makes them), so the pieces of a
    /// stretch of text are found by binary search; else every piece is looked at.
    pub(super) ordered: bool,
}

impl Prepared<'_> {
    /// The index of the span that holds byte `at` (the first span when none does). Spans
    /// follow each other in the text (`collect`): a binary search.
    pub(super) fn span_at(&self, at: usize) -> usize {
        let first = self.spans.partition_point(|r| r.end <= at);
        match self.spans.get(first) {
            Some(r) if r.contains(&at) => first,
            _ => 0,
        }
    }

    /// The pieces that may hold text of `range`: those that overlap it, and when the pieces are
    /// not ordered, all of them (callers check the overlap).
    pub(super) fn pieces_in(&self, range: &Range<usize>) -> &[Piece] {
        if !self.ordered {
            return &self.pieces;
        }
        let from = self
            .pieces
            .partition_point(|p| p.run.range.end <= range.start);
        let to = from + self.pieces[from..].partition_point(|p| p.run.range.start < range.end);
        &self.pieces[from..to]
    }
}

/// Shapes and measures `collected` (not empty), the text of `par`, for lines of `width`
/// points. Words wider than the measure are recorded as broken by force when `report`.
pub(super) fn prepare<'a>(
    setter: &Setter,
    par: &'a Paragraph,
    collected: Collected,
    width: f32,
    report: bool,
) -> Prepared<'a> {
    let text: Arc<str> = Arc::from(collected.text);
    let spans = collected.ranges;
    // A continued code line hangs into room that every line keeps free (`ParagraphStyle::hang`).
    let measure = width - par.style.start_indent - par.style.end_indent - par.style.hang;
    let first = (measure - par.style.first_indent).max(1.0);
    let rest = measure.max(1.0);
    // A measure under NARROW_MEASURE ems (deeply nested replies, table cells) is set ragged:
    // justified, its few spaces per line would gape.
    let size = par.spans.iter().map(|s| s.size).fold(0.0, f32::max);
    let narrow = rest < NARROW_MEASURE * size;
    let params = linebreak::Params {
        mode: if par.style.align == Alignment::Justify && !narrow {
            linebreak::Mode::Justified
        } else {
            linebreak::Mode::Ragged
        },
        hyphen_limit: par.style.hyphen_limit,
    };
    let widths = match par.style.wrap {
        Some(wrap) if wrap.lines > 0 => (0..=wrap.lines)
            .map(|n| {
                let base = if n == 0 { first } else { rest };
                if n < wrap.lines {
                    (base - wrap.width).max(1.0)
                } else {
                    base
                }
            })
            .collect(),
        _ => vec![first, rest],
    };
    let narrowest = widths.iter().copied().fold(f32::INFINITY, f32::min);
    let pieces = shape(setter, par, &text, &spans);
    let ordered = pieces.windows(2).all(|w| {
        let (a, b) = (&w[0].run.range, &w[1].run.range);
        a.start <= a.end && a.end <= b.start && b.start <= b.end
    });
    let mut p = Prepared {
        par,
        pieces,
        text,
        spans,
        items: Items::default(),
        width,
        widths,
        params,
        tracked: Vec::new(),
        ordered,
    };
    let prefix = advances(&p.text, &p.pieces, |_, _| true);
    // The letters that may be spaced out to justify a line: not spaces, not code or images,
    // not joined scripts (`Piece::tracks`).
    p.tracked = advances(&p.text, &p.pieces, |piece, g| {
        piece.tracks(par) && !is_space(&p.text, g.range.start)
    });
    let measure = Measure {
        width: narrowest,
        prefix: &prefix,
        forced: report.then_some(&setter.forced),
        tracked: (params.mode == linebreak::Mode::Justified).then_some(&p.tracked[..]),
    };
    p.items = items::build(setter, &p, &measure);
    p
}

/// The bidi embedding level of every byte. A run of spans in a language written the other
/// way from the paragraph is analysed as an isolate (LRI or RLI … PDI, as the EPUB's `dir`
/// attributes make it), so neutral characters at its edges, such as a closing "!", stay with
/// it instead of joining the surrounding text. A span marked
/// [`ltr`](crate::typeset::content::Span::ltr) (code) counts as left-to-right whatever its
/// language, so in right-to-left text it is an LRI … PDI isolate too.
fn bidi_levels(
    par: &Paragraph,
    text: &str,
    span_ranges: &[Range<usize>],
    base: Level,
) -> Vec<Level> {
    let directions: Vec<Option<bool>> = par
        .spans
        .iter()
        .take(span_ranges.len())
        .map(|span| {
            if span.ltr {
                return Some(false);
            }
            span.lang
                .as_deref()
                .and_then(|l| Lang::parse(l).ok())
                .map(|l| l.direction() == Direction::Rtl)
        })
        .collect();
    // Most paragraphs are left to right throughout: every level is the paragraph's, without
    // the analysis (a tenth of the time a paragraph takes to set).
    if !base.is_rtl() && directions.iter().all(|&rtl| rtl != Some(true)) && all_left_to_right(text)
    {
        return vec![base; text.len()];
    }
    let direction = |i: usize| directions.get(i).copied().flatten();
    let mut isolated = String::with_capacity(text.len() + 16);
    let mut map = vec![0usize; text.len() + 1];
    let mut open: Option<Option<String>> = None;
    for (i, range) in span_ranges.iter().enumerate() {
        let rtl = direction(i);
        let foreign = rtl.is_some_and(|rtl| rtl != base.is_rtl());
        let lang = par.spans[i].lang.clone();
        // Close an isolate when the language changes; open one for a foreign direction.
        if open.as_ref().is_some_and(|l| *l != lang || !foreign) {
            isolated.push('\u{2069}');
            open = None;
        }
        if foreign && open.is_none() {
            isolated.push(if rtl == Some(true) {
                '\u{2067}'
            } else {
                '\u{2066}'
            });
            open = Some(lang);
        }
        for (j, c) in text[range.clone()].char_indices() {
            for k in 0..c.len_utf8() {
                map[range.start + j + k] = isolated.len() + k;
            }
            isolated.push(c);
        }
    }
    if open.is_some() {
        isolated.push('\u{2069}');
    }
    map[text.len()] = isolated.len();
    let bidi = BidiInfo::new(&isolated, Some(base));
    (0..text.len()).map(|b| bidi.levels[map[b]]).collect()
}

/// True when the bidi algorithm leaves every character of `text` at level 0 in a
/// left-to-right paragraph: none is right to left (R, AL), an Arabic number (AN) or an
/// explicit embedding, override or isolate. What is left resolves to L: European numbers
/// after the paragraph's start or an L (rule W7), neutrals between Ls (N1). No character
/// below U+0590 (Hebrew) is of those classes, so most text is answered without the tables.
fn all_left_to_right(text: &str) -> bool {
    use unicode_bidi::BidiClass::*;
    text.chars().all(|c| {
        c < '\u{590}'
            || !matches!(
                unicode_bidi::bidi_class(c),
                R | AL | AN | LRE | RLE | LRO | RLO | PDF | LRI | RLI | FSI | PDI
            )
    })
}

/// The text shaped span by span and, within a span, level run by level run.
fn shape(
    setter: &Setter,
    par: &Paragraph,
    text: &Arc<str>,
    span_ranges: &[Range<usize>],
) -> Vec<Piece> {
    let base = if par.style.rtl {
        Level::rtl()
    } else {
        Level::ltr()
    };
    let levels = bidi_levels(par, text, span_ranges, base);
    let mut pieces = Vec::new();
    for (index, range) in span_ranges.iter().enumerate() {
        let span = &par.spans[index];
        let chain = setter.fonts.chain(span.font);
        if let Some(image) = &span.image {
            // An image is one glyph of its width, drawn as the image: never shaped.
            let level = levels.get(range.start).copied().unwrap_or(base);
            pieces.push(Piece::new(
                index,
                level,
                ShapedRun {
                    font: chain[0],
                    size: span.size,
                    rtl: level.is_rtl(),
                    range: range.clone(),
                    track: 0.0,
                    glyphs: vec![Glyph {
                        id: 0,
                        advance: image.width / span.size.max(0.01),
                        x_offset: 0.0,
                        y_offset: 0.0,
                        range: range.clone(),
                    }],
                },
            ));
            continue;
        }
        let mut start = range.start;
        while start < range.end {
            let level = levels[start];
            let mut end = start;
            while end < range.end && levels[end] == level {
                end += 1;
            }
            while !text.is_char_boundary(end) {
                end += 1;
            }
            let mut runs = setter.shaper.shape(&ShapeRequest {
                text,
                range: start..end,
                chain: &chain,
                size: span.size,
                lang: span.lang.as_deref(),
                rtl: level.is_rtl(),
            });
            if level.is_rtl() {
                // The shaper returns right-to-left runs in visual order; pieces are kept in
                // logical order and reordered per line.
                runs.reverse();
            }
            pieces.extend(runs.into_iter().map(|run| Piece::new(index, level, run)));
            start = end;
        }
    }
    pieces
}

/// True when byte `at` of `text` starts a white-space character.
pub(super) fn is_space(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(char::is_whitespace)
}

/// Per-byte prefix sums of the widths (in points) of the glyphs that `counts`: `prefix[i]` is
/// the width of those whose cluster starts before byte `i`.
fn advances(text: &str, pieces: &[Piece], counts: impl Fn(&Piece, &Glyph) -> bool) -> Vec<f32> {
    let mut width_at = vec![0.0f32; text.len() + 1];
    for piece in pieces {
        for g in &piece.run.glyphs {
            if !is_line_end(text, g.range.start) && counts(piece, g) {
                width_at[g.range.start + 1] += g.advance * piece.run.size;
            }
        }
    }
    let mut sum = 0.0;
    for w in width_at.iter_mut() {
        sum += *w;
        *w = sum;
    }
    width_at
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The levels the algorithm gives `text` in a left-to-right paragraph, by byte.
    fn analysed(text: &str) -> Vec<Level> {
        let bidi = BidiInfo::new(text, Some(Level::ltr()));
        bidi.levels.clone()
    }

    #[test]
    fn text_without_right_to_left_characters_is_left_to_right_as_the_algorithm_finds() {
        let texts = [
            "Plain words, digits 1,234.50 and 12:30 – “quotes”, ‘apostrophes’ and dashes—here.",
            "Қазақстан әлемі — өңір, ұлт; Ўзбекистон: «Ёш» 2026 й.",
            "Tabs\tand\nlines, 50 % +3 −4 № 5 § 6 ¶ 7 € 8 $9 #10 1/2 (a) [b] {c}",
            "Combining marks: e\u{301}, a\u{308}; zero\u{200B}width joiner\u{200D} and LRM\u{200E}.",
            "CJK 日本語のテキスト、한국어 텍스트 and ¯\\_(ツ)_/¯ 🙂",
            "12 34 56 ... , , , 7",
            " leading and trailing spaces ",
        ];
        for text in texts {
            assert!(all_left_to_right(text), "{text:?}");
            assert!(
                analysed(text).iter().all(|l| *l == Level::ltr()),
                "{text:?} has a level above 0"
            );
        }
    }

    #[test]
    fn right_to_left_characters_arabic_numbers_and_controls_take_the_full_analysis() {
        for text in [
            "Hebrew שלום here",
            "Arabic مرحبا here",
            "Arabic-Indic digits ١٢٣ in English",
            "right-to-left mark \u{200F} here",
            "an isolate \u{2067}x\u{2069} here",
            "an embedding \u{202B}x\u{202C} here",
            "an override \u{202D}x\u{202C} here",
            "first strong \u{2068}x\u{2069} here",
        ] {
            assert!(!all_left_to_right(text), "{text:?}");
        }
        // Each of them does raise a level, so the shortcut would have been wrong.
        for text in ["Hebrew שלום", "digits ١٢٣", "x\u{202B}y"] {
            assert!(
                analysed(text).iter().any(|l| *l != Level::ltr()),
                "{text:?}"
            );
        }
    }

    #[test]
    fn every_character_below_hebrew_is_of_a_class_that_resolves_left_to_right() {
        use unicode_bidi::BidiClass::*;
        for c in '\0'..'\u{590}' {
            assert!(
                !matches!(
                    unicode_bidi::bidi_class(c),
                    R | AL | AN | LRE | RLE | LRO | RLO | PDF | LRI | RLI | FSI | PDI
                ),
                "{c:?}"
            );
        }
    }
}
