//! Hyphenation points inside a ligature. The patterns break "reaf-firmed" and "dif-ferent",
//! but the face sets "ffi" and "ff" as one glyph, whose cluster starts before the point: left
//! alone, the break moves to the ligature's end ("reaffi-rmed"). As TeX rebuilds ligatures at
//! a discretionary and Typst reshapes the line ends, the two halves are shaped on their own
//! when the line breaks there, and the line breaker is given their widths.

use super::Setter;
use super::items::{Items, Source};
use super::prepare::{Order, Piece, Prepared};
use crate::typeset::linebreak::Item as BreakItem;
use crate::typeset::shape::{Glyph, ShapeRequest};
use std::ops::Range;

/// A hyphenation point inside a ligature, with the widths the breaker needs.
pub(super) struct Split {
    /// The bytes the ligature sets.
    pub(super) cluster: Range<usize>,
    /// The hyphenation point, inside `cluster`.
    at: usize,
    /// The ligature's width, in points.
    whole: f32,
    /// The widths of its text before the point and after it, each shaped on its own.
    before: f32,
    after: f32,
}

/// The split at `at`, when `at` falls inside a cluster of several characters of left-to-right
/// text (a ligature).
pub(super) fn split(setter: &Setter, p: &Prepared, at: usize) -> Option<Split> {
    let piece = p
        .pieces_in(&(at..at + 1))
        .iter()
        .find(|piece| piece.run.range.start < at && at < piece.run.range.end)?;
    if piece.run.rtl {
        return None;
    }
    let before = piece.glyphs_in(&(piece.run.range.start..at));
    let cluster = last_holding(piece, before, at)?.range.clone();
    let whole: f32 = piece
        .glyphs_in(&cluster)
        .iter()
        .filter(|g| g.range == cluster)
        .map(|g| g.advance)
        .sum::<f32>()
        * piece.run.size;
    let width = |range: Range<usize>| -> f32 {
        shape(setter, p, piece, range)
            .iter()
            .map(|g| g.advance)
            .sum::<f32>()
            * piece.run.size
    };
    Some(Split {
        before: width(cluster.start..at),
        after: width(at..cluster.end),
        whole,
        cluster,
        at,
    })
}

impl Split {
    /// The items of the ligature with a break inside: the hyphen's penalty carries the width
    /// of the first half (and the hyphen); a rigid glue, dropped when the line breaks there,
    /// makes up the ligature's width when it does not; the second half starts the next line,
    /// with the stretch of the whole ligature's letters (`letters`).
    pub(super) fn push(&self, items: &mut Items, hyphen: f32, cost: f32, letters: f32) {
        items.push(
            BreakItem::Penalty {
                width: self.before + hyphen,
                cost,
                flagged: true,
            },
            Source::Break {
                at: self.at,
                hyphen: true,
            },
        );
        items.push(
            BreakItem::Glue {
                width: self.whole - self.after,
                stretch: 0.0,
                shrink: 0.0,
            },
            Source::Break {
                at: self.at,
                hyphen: false,
            },
        );
        items.push(
            BreakItem::Box {
                width: self.after,
                stretch: letters,
            },
            Source::Content(self.at..self.cluster.end),
        );
    }
}

/// `glyphs`, the glyphs of `piece` on the line `range`, with a ligature cut by either end of
/// the line replaced by its part on the line, shaped on its own.
pub(super) fn mend(
    setter: &Setter,
    p: &Prepared,
    piece: &Piece,
    range: &Range<usize>,
    mut glyphs: Vec<Glyph>,
) -> Vec<Glyph> {
    if piece.run.rtl {
        return glyphs;
    }
    // The end: a ligature that starts on the line and ends after it.
    if let Some(cut) = glyphs
        .last()
        .filter(|g| g.range.start < range.end && range.end < g.range.end)
        .map(|g| g.range.clone())
    {
        while glyphs.last().is_some_and(|g| g.range == cut) {
            glyphs.pop();
        }
        glyphs.extend(shape(setter, p, piece, cut.start..range.end));
    }
    // The start: a ligature that starts before the line and ends on it.
    let before = piece.glyphs_in(&(piece.run.range.start..range.start));
    if let Some(cut) = last_holding(piece, before, range.start).map(|g| g.range.clone()) {
        let end = cut.end.min(range.end);
        let mut head = shape(setter, p, piece, range.start..end);
        head.append(&mut glyphs);
        glyphs = head;
    }
    glyphs
}

/// Of `before`, the glyphs of `piece` whose clusters start before `at`, the one whose cluster
/// holds `at` inside it. With clusters rising from left to right only the last can: a scan
/// from the run's start, at every point and line of a long word, would be quadratic.
fn last_holding<'g>(piece: &Piece, before: &'g [Glyph], at: usize) -> Option<&'g Glyph> {
    let inside = |g: &&Glyph| g.range.start < at && at < g.range.end;
    match piece.order {
        Order::Rising => before.last().filter(inside),
        _ => before.iter().find(inside),
    }
}

/// The glyphs of `range` shaped on their own in `piece`'s face, size and language.
fn shape(setter: &Setter, p: &Prepared, piece: &Piece, range: Range<usize>) -> Vec<Glyph> {
    let span = &p.par.spans[piece.span];
    setter
        .shaper
        .shape(&ShapeRequest {
            text: &p.text,
            range,
            chain: &[piece.run.font],
            size: piece.run.size,
            lang: span.lang.as_deref(),
            rtl: false,
        })
        .into_iter()
        .flat_map(|run| run.glyphs)
        .collect()
}
