//! Footnotes at the foot of the page that cites them. A note too long for the room left is
//! split, as TeX splits an insertion: the citing line stays where it is with the note's
//! first lines under it, and the rest continues at the foot of the next page, before that
//! page's own notes. A note breaks as a paragraph does, with `orphans` lines at least at the
//! first foot and `widows` on the next. Room is kept for the lines that must follow the citing
//! line on its page (the rest of a paragraph before its next legal break), so that a note
//! moves its citing line on only when not even its first lines fit, and never leaves one line
//! of a paragraph alone.

use super::Paginator;
use super::units::{Unit, UnitKind};
use std::collections::VecDeque;

impl Paginator<'_, '_, '_> {
    /// The lines of note `index`, set once.
    pub(super) fn note_units(&mut self, index: usize) -> Vec<Unit> {
        if let Some(units) = &self.note_cache[index] {
            return units.clone();
        }
        // Notes are set at the measure, on landscape pages too.
        let width = self.input.geometry.text_width();
        let mut units = Vec::new();
        for par in &self.input.notes[index].paragraphs {
            for (i, line) in self.setter.set(par, width).into_iter().enumerate() {
                let space_before = if i == 0 && !units.is_empty() {
                    2.0
                } else {
                    0.0
                };
                units.push(Unit {
                    kind: UnitKind::Line {
                        line,
                        leading: par.style.leading,
                    },
                    height: par.style.leading,
                    space_before,
                    breakable: true,
                    notes: Vec::new(),
                    header: None,
                });
            }
        }
        self.note_cache[index] = Some(units.clone());
        units
    }

    /// The room `units` take down the page.
    pub(super) fn notes_height(units: &[Unit]) -> f32 {
        units.iter().map(|u| u.height + u.space_before).sum()
    }

    /// Where the note lines `lines` of a unit go if the unit is placed on this page with its
    /// bottom at `body`: `Ok((here, carried))`, the lines at this page's foot and those that
    /// continue on the next; `Err(lines)` when the unit and its notes cannot stay on this
    /// page (not even the notes' first lines fit), and the page must break before it.
    pub(super) fn notes_here(
        &mut self,
        mut lines: Vec<Unit>,
        body: f32,
        queue: &VecDeque<Unit>,
    ) -> Result<(Vec<Unit>, Vec<Unit>), Vec<Unit>> {
        let avail = self.geometry().text_height();
        let fits = |h: f32| h <= avail;
        if lines.is_empty() || !self.carry.is_empty() {
            // Without notes, or while a note of this page continues on the next: the notes
            // cited now follow it there (they may not start before its end).
            return if fits(body + self.page.notes_height) {
                Ok((Vec::new(), lines))
            } else {
                Err(lines)
            };
        }
        let gap = if self.page.notes.is_empty() {
            self.input.rules.notes_gap
        } else {
            0.0
        };
        let base = body + self.page.notes_height + gap;
        let total = Self::notes_height(&lines);
        // A note breaks as a paragraph does: at least `orphans` of its lines at this foot and
        // `widows` on the next, so a shorter note is never split.
        let (orphans, widows) = (self.input.rules.orphans.max(1), self.input.rules.widows);
        // The lines that must stay with this one keep their room, when the page has it for
        // them and the note's first lines at all; when it has not, the page breaks before
        // this unit anyway.
        let tail = tail_height(queue);
        let first = Self::notes_height(&lines[..orphans.min(lines.len())]);
        let tail = if fits(base + tail + first) { tail } else { 0.0 };
        if fits(base + tail + total) {
            return Ok((lines, Vec::new()));
        }
        let room = avail - base - tail;
        let mut fit = 0;
        let mut h = 0.0;
        while fit < lines.len() && h + lines[fit].height + lines[fit].space_before <= room {
            h += lines[fit].height + lines[fit].space_before;
            fit += 1;
        }
        fit = fit.min(lines.len().saturating_sub(widows));
        if fit < orphans {
            return Err(lines);
        }
        let rest = lines.split_off(fit);
        Ok((lines, rest))
    }

    /// Starts a page's notes with the lines continued from the previous page, up to half the
    /// page (the rest continues again on the next, `widows` lines at least).
    pub(super) fn take_carry(&mut self) {
        let avail = self.geometry().text_height() * 0.5;
        let mut h = self.input.rules.notes_gap;
        let mut take = 0;
        for u in &self.carry {
            if take > 0 && h + u.height > avail {
                break;
            }
            h += u.height + u.space_before;
            take += 1;
        }
        let over = self.carry.len() - take;
        if over > 0 && over < self.input.rules.widows {
            take = take.saturating_sub(self.input.rules.widows - over).max(1);
        }
        self.page.notes.extend(self.carry.drain(..take));
        self.page.notes_height = self.input.rules.notes_gap + Self::notes_height(&self.page.notes);
    }
}

/// The height of the units at the front of `queue` that the page may not break before: they
/// follow the unit being placed on its page.
fn tail_height(queue: &VecDeque<Unit>) -> f32 {
    queue
        .iter()
        .take_while(|u| !u.breakable)
        .map(|u| u.space_before + u.height)
        .sum()
}
