//! The last stage: each line the breaker chose into positioned glyph runs, in visual order,
//! with its glue set, its hyphen, its marker or trailer, and the notes and anchors it holds.

use super::items::{LETTER_STRETCH, Source};
use super::ligature;
use super::prepare::{Prepared, is_space};
use super::{Line, Setter, is_line_end};
use crate::typeset::content::{Alignment, SUPERSCRIPT_SCALE};
use crate::typeset::frame::{Item, Positioned, TextItem};
use crate::typeset::linebreak::{self, Item as BreakItem};
use crate::typeset::shape::{Glyph, ShapedRun};
use std::ops::Range;
use std::sync::Arc;
use unicode_bidi::{BidiInfo, Level};

/// Height of a strikethrough line above the baseline, as a fraction of the text size.
const STRIKE_HEIGHT: f32 = 0.3;
/// Thickness of a strikethrough line, as a fraction of the text size.
const STRIKE_THICKNESS: f32 = 0.06;

/// The most a justified line's spaces may stretch, as an adjustment ratio: 3 lets a space
/// grow to two and a half times its width.
const MAX_RATIO: f32 = 3.0;
/// The most a justified line expands its letters, as an adjustment ratio: 1 draws them at
/// most 4 % wider ([`LETTER_STRETCH`]); a looser line gives the rest of its room to its
/// spaces.
const MAX_TRACK_RATIO: f32 = 1.0;
/// Dot leaders (from a contents line's title to its page number) stand this many ems apart,
/// on a grid from the line's start, so that the dots of every line stand in columns.
const LEADER_STEP: f32 = 0.5;
/// Room kept clear of dots after the title and before the number, in ems.
const LEADER_GAP: f32 = 0.4;
/// Superscripts are raised by this fraction of the size of the text around them.
const SUPERSCRIPT_RISE: f32 = 0.33;
/// Subscripts are lowered by this fraction of the size of the text around them: TeX's
/// (`sub1` of Computer Modern, 0.15 em), low enough to read as a subscript and high enough
/// to keep clear of the line below.
const SUBSCRIPT_DROP: f32 = 0.15;

/// One line to set: its text, how its glue is set and where it sits in the paragraph.
struct LineSpec {
    /// The bytes of the text on the line.
    range: Range<usize>,
    /// The line ends at a hyphenation point: a hyphen is added.
    hyphen: bool,
    /// Width added to the first glyph of each space (by the byte it sets), from the glue.
    extra: Vec<(usize, f32)>,
    /// The fraction of its width added to each letter that may be spaced out, from the boxes'
    /// stretch (see `items::LETTER_STRETCH`).
    track: f32,
    /// The paragraph's first line.
    first: bool,
    /// The paragraph's last line.
    last: bool,
    /// A code line that had to wrap (marked at the end edge).
    wrapped: bool,
    /// The line continues one that had to wrap: it hangs by the paragraph's `hang`.
    continued: bool,
    /// Wider than the measure.
    overfull: bool,
    /// Room kept free at the left and at the right edge (beside a floated image).
    room: (f32, f32),
}

/// The lines of `p`, broken at `breaks`.
pub(super) fn finalize(setter: &Setter, p: &Prepared, breaks: &[linebreak::Line]) -> Vec<Line> {
    let items = &p.items;
    let mut lines = Vec::with_capacity(breaks.len());
    let mut start_item = 0;
    let mut continued = false;
    for (number, end) in breaks.iter().enumerate() {
        // After a break, glue and penalties are discarded up to the next box.
        while start_item < end.index && !matches!(items.item(start_item), BreakItem::Box { .. }) {
            start_item += 1;
        }
        let line_start = match items.source(start_item) {
            Source::Content(r) | Source::Space(r) => r.start,
            Source::Break { at, .. } => *at,
        };
        let (line_end, hyphen) = match items.source(end.index) {
            Source::Space(r) => (r.start, false),
            Source::Content(r) => (r.end, false),
            Source::Break { at, hyphen } => (*at, *hyphen),
        };
        let line_end = line_end.max(line_start);
        // Glue set to the line's ratio: the extra width goes to the first glyph of each space.
        let mut extra: Vec<(usize, f32)> = Vec::new();
        let justified = p.params.mode == linebreak::Mode::Justified;
        // The letters' share of the line's room (their stretch, as the breaker counted it)
        // and the spaces'.
        let (mut letters, mut spaces) = (0.0, 0.0);
        for k in start_item..end.index {
            match items.item(k) {
                BreakItem::Box { stretch, .. } => letters += stretch,
                BreakItem::Glue { stretch, .. } => spaces += stretch,
                BreakItem::Penalty { .. } => {}
            }
        }
        let track = if !justified {
            0.0
        } else if end.ratio > 0.0 {
            end.ratio.min(MAX_TRACK_RATIO) * LETTER_STRETCH
        } else {
            // A tight line's letters shrink with its spaces, at most by their share.
            end.ratio.max(-1.0) * LETTER_STRETCH * linebreak::LETTER_SHRINK
        };
        // What the letters do not take past their limit goes to the spaces.
        let passed = if track > 0.0 && spaces > 0.0 {
            (end.ratio - MAX_TRACK_RATIO).max(0.0) * letters / spaces
        } else {
            0.0
        };
        // Spaces never grow past MAX_RATIO: a line that would need more is set a little
        // short instead, since very wide gaps read as column breaks (to readers and to
        // text extraction alike).
        let ratio = (end.ratio + passed).min(MAX_RATIO);
        for k in start_item..end.index {
            if let (
                BreakItem::Glue {
                    stretch, shrink, ..
                },
                Source::Space(r),
            ) = (items.item(k), items.source(k))
            {
                let delta = if ratio >= 0.0 {
                    ratio * stretch
                } else {
                    ratio * shrink
                };
                if delta.is_finite() && delta != 0.0 {
                    extra.push((r.start, delta));
                }
            }
        }
        let last = number + 1 == breaks.len();
        // A code line that had to wrap gets a mark at the end edge.
        let forced = matches!(items.item(end.index), BreakItem::Penalty { cost, .. } if *cost <= -linebreak::INFINITE_PENALTY);
        let wrapped = p.par.style.preformatted && !forced && !last;
        let spec = LineSpec {
            range: line_start..line_end,
            hyphen,
            extra,
            track,
            first: number == 0,
            last,
            wrapped,
            continued,
            overfull: end.overfull,
            room: match p.par.style.wrap {
                Some(wrap) if number < wrap.lines && wrap.left => (wrap.width, 0.0),
                Some(wrap) if number < wrap.lines => (0.0, wrap.width),
                _ => (0.0, 0.0),
            },
        };
        lines.push(line(setter, p, spec));
        continued = wrapped;
        start_item = end.index + 1;
    }
    // Notes and anchors go to the line holding the start of their span.
    let stops = Stops::new(p, breaks);
    for (index, range) in p.spans.iter().enumerate() {
        let span = &p.par.spans[index];
        if span.notes.is_empty() && span.anchors.is_empty() {
            continue;
        }
        let line = stops
            .line_of(range.start)
            .min(lines.len().saturating_sub(1));
        if let Some(line) = lines.get_mut(line) {
            line.notes.extend(span.notes.iter().copied());
            line.anchors.extend(span.anchors.iter().cloned());
        }
    }
    lines
}

/// One line of `p`, positioned from the paragraph's left edge and the baseline.
fn line(setter: &Setter, p: &Prepared, spec: LineSpec) -> Line {
    let LineSpec {
        range,
        hyphen,
        extra,
        track,
        first,
        last,
        wrapped,
        continued,
        overfull,
        room: (room_left, room_right),
    } = spec;
    let (par, text, width) = (p.par, &p.text, p.width);
    let style = &par.style;
    // The pieces' glyphs that fall on this line, in logical order of pieces.
    let mut runs: Vec<(usize, Level, ShapedRun)> = Vec::new();
    // Only the pieces of the line, and of each only the glyphs of the line, are looked at:
    // both are found by binary search, so a line costs what it holds, not its paragraph.
    for piece in p.pieces_in(&range) {
        if piece.run.range.end <= range.start || piece.run.range.start >= range.end {
            continue;
        }
        let glyphs: Vec<Glyph> = piece
            .glyphs_in(&range)
            .iter()
            .filter(|g| {
                g.range.start >= range.start
                    && g.range.start < range.end
                    && !is_line_end(text, g.range.start)
            })
            .map(|g| {
                let mut g = g.clone();
                if let Some((_, delta)) = extra.iter().find(|(at, _)| *at == g.range.start) {
                    g.advance += delta / piece.run.size;
                }
                g
            })
            .collect();
        // A ligature cut by a hyphen at either end of the line: its part on the line.
        let mut glyphs = ligature::mend(setter, p, piece, &range, glyphs);
        if glyphs.is_empty() {
            continue;
        }
        // The letters are spaced out by expanding the whole run (see `ShapedRun::track`):
        // what must keep its width (a space, which has its share of the line's room already,
        // and a glyph that sets no letter) is given its width before the expansion.
        let tracks = track != 0.0 && piece.tracks(par);
        if tracks {
            for g in glyphs.iter_mut() {
                if g.range.is_empty() || is_space(text, g.range.start) {
                    g.advance /= 1.0 + track;
                    g.x_offset /= 1.0 + track;
                }
            }
        }
        let run = ShapedRun {
            glyphs,
            range: range.start.max(piece.run.range.start)..range.end.min(piece.run.range.end),
            track: if tracks { track } else { 0.0 },
            ..piece.run.clone()
        };
        runs.push((piece.span, piece.level, run));
    }
    if hyphen && let Some((_, _, run)) = runs.last_mut() {
        let face = setter.fonts.face(run.font);
        if let (Some(id), Some(advance)) = (face.glyph('-'), face.advance('-')) {
            let at = run.range.end;
            let glyph = Glyph {
                id,
                // Not expanded with the run's letters: the breaker counted its width as is.
                advance: advance / (1.0 + run.track),
                x_offset: 0.0,
                y_offset: 0.0,
                range: at..at,
            };
            if run.rtl {
                run.glyphs.insert(0, glyph)
            } else {
                run.glyphs.push(glyph)
            }
        }
    }
    if !hyphen && !last {
        line_end_space(setter, par, text, range.end, &mut runs);
    }
    // Visual order (UAX #9, rule L2) over the runs' levels.
    let levels: Vec<Level> = runs.iter().map(|(_, l, _)| *l).collect();
    let order = if levels.iter().any(|l| l.is_rtl()) {
        BidiInfo::reorder_visual(&levels)
    } else {
        (0..runs.len()).collect()
    };
    let natural: f32 = runs.iter().map(|(_, _, r)| r.width()).sum();
    // The measure the breaker set the line to (with the room a continued line hangs into
    // kept free at its end), and where the line starts in it.
    let hang = if continued { style.hang } else { 0.0 };
    let first_indent = if first { style.first_indent } else { 0.0 };
    let indent = first_indent + hang;
    let available = width
        - style.start_indent
        - style.end_indent
        - style.hang
        - first_indent
        - room_left
        - room_right;
    let slack = available - natural;
    let align = match style.align {
        // The last line of a justified paragraph, and any overfull line, sit at the start.
        Alignment::Justify => Alignment::Start,
        other => other,
    };
    let offset = match align {
        Alignment::Start | Alignment::Justify => 0.0,
        Alignment::Center => slack / 2.0,
        Alignment::End => slack,
    };
    let mut x = if style.rtl {
        width - style.start_indent - indent - natural - offset - room_right
    } else {
        style.start_indent + indent + offset + room_left
    };
    // Each run's place, from the line's start edge in visual order; the runs are then given
    // in logical order, which is the order they are drawn and read in (a right-to-left
    // line's words, a number or a Latin phrase among them, come to a reader as written).
    let mut starts = vec![0.0; runs.len()];
    for &i in &order {
        starts[i] = x;
        x += runs[i].2.width();
    }
    let text_end = x;
    let mut items = Vec::new();
    for (i, (span_index, _, run)) in runs.iter().enumerate() {
        let x = starts[i];
        let span = &par.spans[*span_index];
        let w = run.width();
        let y = if span.superscript {
            -SUPERSCRIPT_RISE * span.size / SUPERSCRIPT_SCALE
        } else if span.subscript {
            SUBSCRIPT_DROP * span.size / SUPERSCRIPT_SCALE
        } else {
            0.0
        };
        if let Some(image) = &span.image {
            items.push(Positioned {
                x,
                y: image.descent - image.height,
                item: Item::Image {
                    image: image.image,
                    width: image.width,
                    height: image.height,
                    node: image.node,
                },
            });
            continue;
        }
        if let Some(target) = &span.link {
            items.push(Positioned {
                x,
                y: y - span.size * 0.9,
                item: Item::Link {
                    width: w,
                    height: span.size * 1.2,
                    target: target.clone(),
                    node: span.node,
                },
            });
        }
        items.push(Positioned {
            x,
            y,
            item: Item::Text(TextItem {
                run: run.clone(),
                text: text.clone(),
                node: span.node.or(par.node),
                lang: span.lang.as_deref().map(Arc::from),
            }),
        });
        if span.strike {
            // Through the middle of the lower-case letters (x-height about half the size),
            // as thick as a regular stroke.
            items.push(Positioned {
                x,
                y: y - span.size * STRIKE_HEIGHT,
                item: Item::Rule {
                    width: w,
                    thickness: span.size * STRIKE_THICKNESS,
                },
            });
        }
    }
    if first && let Some(marker) = &style.marker {
        let gap = marker.size * 0.5;
        let w = setter.span_width(marker);
        let x = if style.rtl {
            width - style.start_indent + gap
        } else {
            style.start_indent - gap - w
        };
        // Before the text, so that the label comes first in the reading order.
        let marker_items = setter.place_span(marker, x);
        items.splice(0..0, marker_items);
    }
    if wrapped && let Some(span) = par.spans.first() {
        // A small corner drawn in the margin, not a character, so copied code stays code.
        let size = span.size * 0.45;
        let x = if style.rtl { -size - 2.0 } else { width + 2.0 };
        let stroke = 0.5;
        items.push(Positioned {
            x: x + size - stroke,
            y: -size,
            item: Item::Rule {
                width: stroke,
                thickness: size,
            },
        });
        items.push(Positioned {
            x,
            y: -stroke,
            item: Item::Rule {
                width: size,
                thickness: stroke,
            },
        });
    }
    if last && let Some(trailer) = &style.trailer {
        let w = setter.span_width(trailer);
        let x = if style.rtl { 0.0 } else { width - w };
        if !style.rtl {
            items.extend(leaders(setter, trailer, text_end, x));
        }
        items.extend(setter.place_span(trailer, x));
    }
    let mut line_text = text[range].to_string();
    if hyphen {
        line_text.push('-');
    }
    Line {
        items,
        notes: Vec::new(),
        anchors: Vec::new(),
        overfull,
        text: line_text,
        width: natural,
    }
}

/// Dots on the baseline from `from` to `to` in the face and size of `span` (a contents line's
/// leaders to its page number), on a grid of [`LEADER_STEP`] from the line's start: an
/// artifact, which a screen reader skips, and one run of glyphs, whatever their number.
fn leaders(
    setter: &Setter,
    span: &crate::typeset::content::Span,
    from: f32,
    to: f32,
) -> Option<Positioned> {
    let size = span.size;
    let step = LEADER_STEP * size;
    let font = *setter.fonts.chain(span.font).first()?;
    let face = setter.fonts.face(font);
    let (id, advance) = (face.glyph('.')?, face.advance('.')?);
    let first = ((from + LEADER_GAP * size) / step).ceil() * step;
    let room = to - LEADER_GAP * size - advance * size - first;
    if room < 0.0 || !room.is_finite() {
        return None;
    }
    let count = (room / step).floor() as usize + 1;
    let glyphs = (0..count)
        .map(|i| Glyph {
            id,
            advance: LEADER_STEP,
            x_offset: 0.0,
            y_offset: 0.0,
            range: i..i + 1,
        })
        .collect();
    Some(Positioned {
        x: first,
        y: 0.0,
        item: Item::Text(TextItem {
            run: ShapedRun {
                font,
                size,
                rtl: false,
                range: 0..count,
                glyphs,
                track: 0.0,
            },
            text: Arc::from(".".repeat(count)),
            node: None,
            lang: None,
        }),
    })
}

/// A line that ends at white space (a space the break took, or a line end in the text) ends a
/// word: it gets that white space as a glyph of no width after its logically last glyph, so
/// that text read out of the page, in structure order or by copying, has a word break there
/// rather than the next line's first word joined on (PDF 1.7, 14.8.2.5: words are separated
/// by spaces in the text, not by the gap a reader has to guess from positions). The glyph is
/// the face's space, so it draws nothing; its text is the white space it stands for.
fn line_end_space(
    setter: &Setter,
    par: &crate::typeset::content::Paragraph,
    text: &str,
    end: usize,
    runs: &mut [(usize, Level, ShapedRun)],
) {
    let Some(c) = text[end..].chars().next().filter(|c| c.is_whitespace()) else {
        return;
    };
    // The last run drawn as text (not an image in the line) whose face has a space.
    let Some((run, id)) = runs.iter_mut().rev().find_map(|(span, _, run)| {
        if par.spans[*span].image.is_some() {
            return None;
        }
        let id = setter.fonts.face(run.font).glyph(' ')?;
        Some((run, id))
    }) else {
        return;
    };
    let glyph = Glyph {
        id,
        advance: 0.0,
        x_offset: 0.0,
        y_offset: 0.0,
        range: end..end + c.len_utf8(),
    };
    if run.rtl {
        run.glyphs.insert(0, glyph);
    } else {
        run.glyphs.push(glyph);
    }
}

/// Where each line's text stops (the end of the text its break item stands for), to find the
/// line that holds a byte.
struct Stops {
    stops: Vec<usize>,
    /// The stops rise line by line (as breaks are made), so a binary search finds the line.
    rising: bool,
}

impl Stops {
    fn new(p: &Prepared, breaks: &[linebreak::Line]) -> Stops {
        let stops: Vec<usize> = breaks
            .iter()
            .map(|end| match p.items.source(end.index) {
                Source::Space(r) => r.end,
                Source::Content(r) => r.end,
                Source::Break { at, .. } => *at,
            })
            .collect();
        let rising = stops.windows(2).all(|w| w[0] <= w[1]);
        Stops { stops, rising }
    }

    /// The line that holds byte `at`: the first whose text stops after it (else the last).
    fn line_of(&self, at: usize) -> usize {
        let found = if self.rising {
            Some(self.stops.partition_point(|&stop| stop <= at)).filter(|&i| i < self.stops.len())
        } else {
            self.stops.iter().position(|&stop| at < stop)
        };
        found.unwrap_or(self.stops.len().saturating_sub(1))
    }
}
