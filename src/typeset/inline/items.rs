//! The paragraph as boxes, glue and penalties for the line breaker, each item with what it
//! stands for in the text, built from the break opportunities of [`breakpoints`].

use super::breakpoints::{Breakpoint, breakpoints};
use super::ligature;
use super::prepare::Prepared;
use super::{Setter, is_line_end};
use crate::lang::is_combining_mark as is_mark;
use crate::typeset::font::Family;
use crate::typeset::linebreak::{self, Item as BreakItem};
use std::cell::RefCell;
use std::ops::Range;

/// Extra cost of breaking at a hyphenation point, squared with the line's badness (see
/// `linebreak::line_demerits`). Typst uses 135 (above the paper's 50) because lower values
/// hyphenate too eagerly; with letters that may be spaced out and condensed
/// ([`LETTER_STRETCH`]) a line is cheaper to make even. Measured with
/// `benches/typography.rs` (hyphenated lines per 100 in English / Russian / Kazakh, and lines
/// whose spaces stretch past 1.5×): 100 gave 1.7 / 11.8 / 13.0 (0.7 / 2.4 / 4.0 %), 130 gives
/// 1.6 / 11.8 / 11.6 (0.9 / 2.4 / 6.0 %), 170 gave 1.0 / 11.3 / 9.7 but 10.7 % of the Kazakh
/// lines loose.
const HYPHEN_COST: f32 = 130.0;
/// A hyphen closer than this many letters to either edge of its word costs more, by
/// [`EDGE_STEP`] of [`HYPHEN_COST`] per letter short on each side (Typst's rule): "re-" and
/// "-ly" are legal breaks that a reader stumbles over.
const EDGE_LETTERS: usize = 5;
const EDGE_STEP: f32 = 0.15;
/// Cost of breaking after an explicit hyphen or dash: cheaper than hyphenating, since no
/// character is added, but not free, so words such as "well-known" prefer to stay whole.
const EXPLICIT_BREAK_COST: f32 = 50.0;
/// Inter-word space may stretch by half its width and shrink by a third, as in TeX.
const SPACE_STRETCH: f32 = 0.5;
const SPACE_SHRINK: f32 = 1.0 / 3.0;
/// A justified line's letters may be drawn wider by this fraction of their width for each
/// unit of the line's adjustment ratio (as its spaces by [`SPACE_STRETCH`]): 4 % at a ratio
/// of 1, where the spaces are half as wide again, and as much narrower on a tight line
/// (`linebreak::LETTER_SHRINK`). Spread over the letters, the room a line must gain or lose
/// makes its spaces less uneven, so fewer words need a hyphen (pdfTeX's font expansion and
/// InDesign's glyph scaling do the same). Measured with `benches/typography.rs`: at 3 %
/// (2 % narrower) Russian and Kazakh had 20.3 and 21.1 hyphenated lines per 100; at 4 % both
/// ways 11.8 and 11.6, with fewer loose lines. The whole line is drawn under one scale, so
/// the letters of a line keep one width, which the eye forgives far more than uneven spaces.
/// Code, images and joined scripts keep their letters (`prepare::Piece::tracks`).
pub(super) const LETTER_STRETCH: f32 = 0.04;
/// Cost of breaking inside a word that is wider than the line: allowed only because nothing
/// else fits, and dearer than any hyphenation.
const FORCED_SPLIT_COST: f32 = 5000.0;
/// Width of a hyphen, in em, when the face has none.
const FALLBACK_HYPHEN: f32 = 0.33;

/// What a break item stands for in the text.
#[derive(Debug, Clone)]
pub(super) enum Source {
    /// Text set as a box.
    Content(Range<usize>),
    /// Spaces set as glue.
    Space(Range<usize>),
    /// A break point at byte `at`; `hyphen` when breaking here adds a hyphen.
    Break {
        /// Where in the text.
        at: usize,
        /// Breaking here adds a hyphen.
        hyphen: bool,
    },
}

/// The items and their sources, always of the same length: [`Items::push`] is the only way
/// in, and the breaker reads the items alone through [`Items::breakable`].
#[derive(Debug, Default)]
pub(super) struct Items {
    items: Vec<BreakItem>,
    sources: Vec<Source>,
}

impl Items {
    /// Adds an item and what it stands for.
    pub(super) fn push(&mut self, item: BreakItem, source: Source) {
        self.items.push(item);
        self.sources.push(source);
    }

    /// The items, for the line breaker.
    pub(super) fn breakable(&self) -> &[BreakItem] {
        &self.items
    }

    /// Item `i`.
    pub(super) fn item(&self, i: usize) -> &BreakItem {
        &self.items[i]
    }

    /// What item `i` stands for.
    pub(super) fn source(&self, i: usize) -> &Source {
        &self.sources[i]
    }

    /// Ends the paragraph (see [`linebreak::finish_paragraph`]) at byte `end` of the text.
    fn finish(&mut self, end: usize) {
        // Trailing space is dropped, with its source.
        if matches!(self.items.last(), Some(BreakItem::Glue { .. })) {
            self.items.pop();
            self.sources.pop();
        }
        let before = self.items.len();
        linebreak::finish_paragraph(&mut self.items);
        for _ in before..self.items.len() {
            self.sources.push(Source::Break {
                at: end,
                hyphen: false,
            });
        }
    }
}

/// The narrowest line of a paragraph and the text's widths, for breaking words by force.
pub(super) struct Measure<'a> {
    /// The narrowest line, in points.
    pub(super) width: f32,
    /// Per-byte prefix sums of the glyphs' widths.
    pub(super) prefix: &'a [f32],
    /// Where the words broken by force are recorded, unless the paragraph is only measured.
    pub(super) forced: Option<&'a RefCell<Vec<String>>>,
    /// In a justified paragraph, per-byte prefix sums of the widths of the letters that may be
    /// spaced out ([`LETTER_STRETCH`]).
    pub(super) tracked: Option<&'a [f32]>,
}

/// The text of `p` as boxes, glue and penalties: a box per stretch of text between two
/// break opportunities (split further where it is wider than the line), glue for spaces,
/// penalties for hyphenation points, breaks after hyphens and line ends.
pub(super) fn build(setter: &Setter, p: &Prepared, measure: &Measure) -> Items {
    let text = &*p.text;
    let prefix = measure.prefix;
    let width = |r: &Range<usize>| prefix[r.end] - prefix[r.start];
    let preformatted = p.par.style.preformatted;
    let mut items = Items::default();
    // The start of the stretch of text the next opportunity ends, and of its next box.
    let mut pos = 0;
    let mut from = 0;
    // The hyphen's width for the word of the last hyphenation point: a word has several.
    let mut hyphen: Option<(usize, f32)> = None;
    breakpoints(setter, p, |at, breakpoint| {
        if let Breakpoint::Hyphen {
            word,
            before,
            after,
            last,
        } = breakpoint
        {
            // The last word is left whole when it fits on a line (see `breakpoints`).
            if at <= from || (last && prefix[text.len()] - prefix[word] <= measure.width) {
                // Inside a ligature already split at an earlier point of the word.
                return;
            }
            let width = match hyphen {
                Some((start, width)) if start == word => width,
                _ => hyphen_width(setter, p, word),
            };
            hyphen = Some((word, width));
            let cost = hyphen_cost(before, after);
            from = match ligature::split(setter, p, at) {
                Some(split) => {
                    measure.push_box(text, from..split.cluster.start, &mut items);
                    let letters = measure.letters(split.cluster.clone());
                    split.push(&mut items, width, cost, letters);
                    split.cluster.end
                }
                None => {
                    measure.push_box(text, from..at, &mut items);
                    items.push(
                        BreakItem::Penalty {
                            width,
                            cost,
                            flagged: true,
                        },
                        Source::Break { at, hyphen: true },
                    );
                    at
                }
            };
            return;
        }
        let segment = &text[pos..at];
        let trimmed = segment.trim_end_matches(|c: char| c.is_whitespace());
        let mut content_end = pos + trimmed.len();
        // In code, indentation after a line end is content, not a breakable space.
        let line_start = pos == 0 || is_line_end(text, pos - 1);
        if preformatted && line_start && trimmed.is_empty() {
            content_end = pos + segment.trim_end_matches(['\n', '\r']).len();
        }
        if content_end > pos {
            measure.push_box(text, from..content_end, &mut items);
        }
        let space_end = pos + segment.trim_end_matches(['\n', '\r']).len();
        if space_end > content_end {
            let range = content_end..space_end;
            let w = width(&range);
            // Spaces in code keep their width, as in a code block: code is never stretched.
            let code = p.par.spans[p.span_at(content_end)].font.family == Family::Mono;
            let (stretch, shrink) = if preformatted || code {
                (0.0, 0.0)
            } else {
                (w * SPACE_STRETCH, w * SPACE_SHRINK)
            };
            items.push(
                BreakItem::Glue {
                    width: w,
                    stretch,
                    shrink,
                },
                Source::Space(range),
            );
        } else if breakpoint == Breakpoint::Normal && at < text.len() {
            // After a hyphen written in the text ("well-/known"), the line ends in a hyphen
            // as a hyphenated one does: flagged, so that it counts toward a ladder.
            let flagged = text[..at].ends_with(['-', '\u{2010}']);
            items.push(
                BreakItem::Penalty {
                    width: 0.0,
                    cost: EXPLICIT_BREAK_COST,
                    flagged,
                },
                Source::Break { at, hyphen: false },
            );
        }
        if breakpoint == Breakpoint::Mandatory && at < text.len() {
            let line_end = Source::Break {
                at: space_end,
                hyphen: false,
            };
            items.push(
                BreakItem::Glue {
                    width: 0.0,
                    stretch: linebreak::FILL,
                    shrink: 0.0,
                },
                line_end.clone(),
            );
            items.push(
                BreakItem::Penalty {
                    width: 0.0,
                    cost: -linebreak::INFINITE_PENALTY,
                    flagged: false,
                },
                line_end,
            );
        }
        pos = at;
        from = at;
    });
    items.finish(text.len());
    items
}

/// The cost of a hyphen with `before` letters of its word before it and `after` after it.
pub(super) fn hyphen_cost(before: usize, after: usize) -> f32 {
    let short = EDGE_LETTERS.saturating_sub(before) + EDGE_LETTERS.saturating_sub(after);
    HYPHEN_COST * (1.0 + EDGE_STEP * short as f32)
}

/// Width of the hyphen added when the word that starts at `word` is broken, in the face that
/// sets the word's start.
fn hyphen_width(setter: &Setter, p: &Prepared, word: usize) -> f32 {
    let size = p.par.spans[p.span_at(word)].size;
    let font = p
        .pieces_in(&(word..word + 1))
        .iter()
        .find(|piece| piece.run.range.contains(&word))
        .map(|piece| piece.run.font);
    let face = font.map(|f| setter.fonts.face(f));
    face.and_then(|f| f.advance('-')).unwrap_or(FALLBACK_HYPHEN) * size
}

impl Measure<'_> {
    /// Pushes a box for `range`, split into pieces that fit the line when it is wider.
    fn push_box(&self, text: &str, range: Range<usize>, items: &mut Items) {
        let prefix = self.prefix;
        let mut start = range.start;
        while prefix[range.end] - prefix[start] > self.width {
            let mut end = start;
            for (i, c) in text[start..range.end].char_indices() {
                let at = start + i;
                let next = at + c.len_utf8();
                // Never split a letter from its combining marks.
                let before_mark = text[next..].chars().next().is_some_and(is_mark);
                if prefix[next] - prefix[start] > self.width && end > start {
                    break;
                }
                if !before_mark {
                    end = next;
                }
            }
            if end <= start || end >= range.end {
                break;
            }
            if let Some(forced) = self.forced.filter(|_| start == range.start) {
                let word = &text[range.clone()];
                let mut forced = forced.borrow_mut();
                if !forced.iter().any(|w| w == word) {
                    forced.push(word.to_string());
                }
            }
            items.push(
                BreakItem::Box {
                    width: prefix[end] - prefix[start],
                    stretch: self.letters(start..end),
                },
                Source::Content(start..end),
            );
            items.push(
                BreakItem::Penalty {
                    width: 0.0,
                    cost: FORCED_SPLIT_COST,
                    flagged: false,
                },
                Source::Break {
                    at: end,
                    hyphen: false,
                },
            );
            start = end;
        }
        items.push(
            BreakItem::Box {
                width: prefix[range.end] - prefix[start],
                stretch: self.letters(start..range.end),
            },
            Source::Content(start..range.end),
        );
    }

    /// How much the letters of `range` may grow in a justified line.
    pub(super) fn letters(&self, range: Range<usize>) -> f32 {
        self.tracked
            .map_or(0.0, |t| LETTER_STRETCH * (t[range.end] - t[range.start]))
    }
}
