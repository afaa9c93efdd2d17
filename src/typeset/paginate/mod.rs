//! Blocks into pages: lines and other units flow down the text area; headings keep with what
//! follows; widows and orphans are avoided; footnotes go to the bottom of the page that cites
//! them (a long one split, its citing line kept); tables split between rows, three or more
//! on each side, and repeat their header row; running headers and folios are added last.
//!
//! `units` turns blocks into units of fixed height, `table` sets a table's rows, `grid` keeps
//! body lines on the baseline grid, `notes` decides where a unit's notes go; this file fills
//! the pages with them.

mod figures;
mod grid;
mod notes;
mod table;
#[cfg(test)]
mod tests;
mod units;

use super::content::{Block, Footnote, Paragraph, Span};
use super::font::FontRequest;
use super::frame::{Anchor, Item, Page, Positioned};
use super::inline::{BASELINE, PREWARM_BATCH, Setter};
use std::collections::VecDeque;
use units::{Unit, UnitKind};

/// The page and its margins, in points.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    /// Page width.
    pub width: f32,
    /// Page height.
    pub height: f32,
    /// Top margin (the running header sits in it).
    pub top: f32,
    /// Bottom margin (the folio sits in it).
    pub bottom: f32,
    /// Margin on the binding side.
    pub inner: f32,
    /// Margin on the outer side.
    pub outer: f32,
}

impl Geometry {
    /// Width of the text area.
    pub fn text_width(&self) -> f32 {
        self.width - self.inner - self.outer
    }

    /// Height of the text area.
    pub fn text_height(&self) -> f32 {
        self.height - self.top - self.bottom
    }

    /// Left edge of the text area on page `number` (1-based; odd pages are right-hand pages,
    /// whose binding side is on the left).
    pub fn left(&self, number: usize) -> f32 {
        if number % 2 == 1 {
            self.inner
        } else {
            self.outer
        }
    }
}

/// Where a section starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// Right after the previous section.
    Continue,
    /// On a new page.
    NewPage,
    /// On a new right-hand (odd) page, leaving a blank page if needed.
    NewRecto,
}

/// A run of blocks with the same running header.
#[derive(Debug, Clone)]
pub struct Section {
    /// The content.
    pub blocks: Vec<Block>,
    /// Where it starts.
    pub start: Start,
    /// The right-hand running header while this section is on the page.
    pub running_title: Option<Span>,
    /// Whether the page the section opens on has a running header.
    pub header_on_opening: bool,
    /// Whether its pages carry folios.
    pub folios: bool,
    /// Whether its body lines sit on the baseline grid ([`Rules::grid`]); the cover and the
    /// title page are set free.
    pub grid: bool,
}

/// Running headers and folios.
#[derive(Debug, Clone)]
pub struct Furniture {
    /// The left-hand running header (the book title).
    pub left_title: Span,
    /// Face of the folios.
    pub font: FontRequest,
    /// Size of headers and folios.
    pub size: f32,
}

/// Page-level rules.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    /// Fewest lines of a paragraph alone at the top of a page.
    pub widows: usize,
    /// Fewest lines of a paragraph alone at the bottom of a page.
    pub orphans: usize,
    /// Width of the footnote separator, as a fraction of the text width.
    pub separator: f32,
    /// Space between the text and the footnote separator.
    pub notes_gap: f32,
    /// Leading of footnotes.
    pub notes_leading: f32,
    /// The baseline grid's pitch, the body leading: lines set at it sit on its multiples
    /// from the top of the text area, and everything else is padded to whole multiples of
    /// it (`None`: no grid).
    pub grid: Option<f32>,
}

/// Everything pagination needs.
pub struct Input<'a> {
    /// Page geometry.
    pub geometry: Geometry,
    /// The sections in order.
    pub sections: &'a [Section],
    /// Footnotes, referred to by index from spans.
    pub notes: &'a [Footnote],
    /// Running headers and folios.
    pub furniture: &'a Furniture,
    /// Widows, orphans, notes.
    pub rules: Rules,
}

/// A page being filled.
#[derive(Default)]
struct Filling {
    units: Vec<(Unit, f32)>,
    used: f32,
    notes: Vec<Unit>,
    notes_height: f32,
    /// Note lines each placed unit brought, at the page's foot and continued on the next
    /// page, so that a unit moved to the next page takes them along.
    notes_added: Vec<(usize, usize)>,
    /// The section in force when the page's first unit was placed (for running headers).
    section: Option<usize>,
    /// The page starts with a table's header row repeated (which does not count as content
    /// when the page must keep something).
    repeated: bool,
}

/// Lays the sections out into pages.
pub fn paginate(setter: &Setter, input: &Input) -> Vec<Page> {
    let mut pages = Vec::new();
    paginate_into(setter, input, &mut |page| pages.push(page));
    pages
}

/// The paragraphs of `blocks` (body paragraphs, set at the text width).
fn paragraphs(blocks: &[Block]) -> impl Iterator<Item = &Paragraph> {
    blocks.iter().filter_map(|b| match b {
        Block::Paragraph(par) => Some(par),
        _ => None,
    })
}

/// Lays the sections out into pages and gives each to `sink` as soon as it is finished
/// (running header and folio included), so that a long book is never held whole.
pub fn paginate_into(setter: &Setter, input: &Input, sink: &mut dyn FnMut(Page)) {
    let width = input.geometry.text_width();
    setter.begin_pass();
    if !setter.drawing() {
        // Body paragraphs and notes are set at the text width: set them all in parallel first.
        let all: Vec<&Paragraph> = input
            .sections
            .iter()
            .flat_map(|s| paragraphs(&s.blocks))
            .chain(input.notes.iter().flat_map(|n| &n.paragraphs))
            .collect();
        setter.prewarm(&all, width);
    }
    let mut p = Paginator {
        setter,
        input,
        pages: 0,
        sink,
        page: Filling::default(),
        carry: VecDeque::new(),
        note_cache: vec![None; input.notes.len()],
        sections: Vec::new(),
        current: 0,
        turned: None,
        pending: Vec::new(),
        grid: None,
    };
    // The first section whose lines are not set ahead yet (drawing).
    let mut ahead = 0;
    for (index, section) in input.sections.iter().enumerate() {
        p.current = index;
        p.grid = input.rules.grid.filter(|_| section.grid);
        let has_content = !p.page.units.is_empty() || !p.page.notes.is_empty();
        match section.start {
            Start::Continue => {}
            Start::NewPage => {
                if has_content {
                    p.flush();
                }
            }
            Start::NewRecto => {
                if has_content {
                    p.flush();
                }
                if p.pages % 2 == 1 {
                    p.blank();
                }
            }
        }
        let opening = p.pages;
        if p.sections.len() <= opening {
            p.sections.resize(opening + 1, PageInfo::default());
        }
        if section.start != Start::Continue || p.sections[opening].opening.is_none() {
            p.sections[opening].opening.get_or_insert(index);
        }
        if setter.drawing() && index >= ahead {
            // Drawing, lines are set ahead (in parallel) for the sections of about a batch
            // of paragraphs and freed as their pages go, so only those are held.
            let mut own: Vec<&Paragraph> = Vec::new();
            while ahead < input.sections.len() && own.len() < PREWARM_BATCH {
                own.extend(paragraphs(&input.sections[ahead].blocks));
                ahead += 1;
            }
            setter.prewarm(&own, width);
        }
        let units = p.units(&section.blocks);
        let mut queue: VecDeque<Unit> = units.into();
        while let Some(unit) = queue.pop_front() {
            p.place(unit, &mut queue);
        }
    }
    while !p.carry.is_empty() || !p.page.units.is_empty() || !p.page.notes.is_empty() {
        p.flush();
    }
    p.drain();
}

#[derive(Debug, Clone, Default)]
struct PageInfo {
    /// The section that opens on this page, if any.
    opening: Option<usize>,
    /// The section in force at the top of the page.
    current: usize,
}

struct Paginator<'s, 'a, 'k> {
    setter: &'s Setter<'s>,
    input: &'a Input<'a>,
    /// Pages made so far.
    pages: usize,
    /// Where each finished page goes.
    sink: &'k mut dyn FnMut(Page),
    page: Filling,
    /// Note lines continued from the previous page.
    carry: VecDeque<Unit>,
    note_cache: Vec<Option<Vec<Unit>>>,
    sections: Vec<PageInfo>,
    current: usize,
    /// While a table is set on landscape pages: the number the next of them gets.
    turned: Option<usize>,
    /// Landscape pages made, waiting for the page being filled to be finished.
    pending: Vec<Page>,
    /// The baseline grid of the section being laid out.
    grid: Option<f32>,
}

impl Paginator<'_, '_, '_> {
    /// The page being filled: the book's, or turned (a landscape page: its width the
    /// page's height, its margins the page's turned with it, the top one on the binding or
    /// the outer side as the page's number says).
    fn geometry(&self) -> Geometry {
        let g = self.input.geometry;
        let Some(number) = self.turned else {
            return g;
        };
        let top = g.left(number);
        Geometry {
            width: g.height,
            height: g.width,
            top,
            bottom: g.width - top - g.text_width(),
            inner: g.bottom,
            outer: g.top,
        }
    }

    /// Sets `rows` (a table's, at the text height) on landscape pages of their own, which
    /// follow the page being filled (the text before the table goes on filling it, as a
    /// float) or, when no page is being filled, come now.
    fn turn(&mut self, rows: Vec<Unit>) {
        let waiting =
            !self.page.units.is_empty() || !self.page.notes.is_empty() || !self.carry.is_empty();
        let page = std::mem::take(&mut self.page);
        let carry = std::mem::take(&mut self.carry);
        self.turned = Some(self.pages + 1 + usize::from(waiting) + self.pending.len());
        let mut queue: VecDeque<Unit> = rows.into();
        while let Some(unit) = queue.pop_front() {
            self.place(unit, &mut queue);
        }
        while !self.carry.is_empty() || !self.page.units.is_empty() || !self.page.notes.is_empty() {
            self.flush();
        }
        self.turned = None;
        self.page = page;
        self.carry = carry;
        if !waiting {
            self.drain();
        }
    }

    /// Gives away the landscape pages waiting for the page before them.
    fn drain(&mut self) {
        for page in std::mem::take(&mut self.pending) {
            self.pages += 1;
            let i = self.pages - 1;
            if self.sections.len() <= i {
                self.sections.resize(
                    i + 1,
                    PageInfo {
                        opening: None,
                        current: self.current,
                    },
                );
            }
            // A section that was to open on this page opens on the next one.
            if let Some(opening) = self.sections[i].opening.take() {
                if self.sections.len() <= i + 1 {
                    self.sections.resize(i + 2, PageInfo::default());
                }
                self.sections[i + 1].opening = Some(opening);
            }
            (self.sink)(page);
        }
    }

    /// Places one unit, breaking the page first when it does not fit.
    fn place(&mut self, unit: Unit, queue: &mut VecDeque<Unit>) {
        let unit = match unit.kind {
            UnitKind::Turned(rows) => return self.turn(rows),
            kind => Unit { kind, ..unit },
        };
        if self.page.units.is_empty() && self.page.notes.is_empty() && !self.carry.is_empty() {
            self.take_carry();
        }
        if self.page.units.is_empty() && matches!(unit.kind, UnitKind::Space) {
            return;
        }
        if self.page.units.is_empty()
            && let Some(header) = &unit.header
        {
            let header = (**header).clone();
            self.push(header, Vec::new(), Vec::new());
            self.page.repeated = true;
        }
        let top = self.top(&unit);
        let mut note_lines: Vec<Unit> = Vec::new();
        for &n in &unit.notes {
            note_lines.extend(self.note_units(n));
        }
        let body = top + unit.height;
        let note_lines = match self.notes_here(note_lines, body, queue) {
            Ok((here, carried)) => return self.push(unit, here, carried),
            Err(lines) => lines,
        };
        if self.page.units.len() == usize::from(self.page.repeated) {
            // Taller than a page on its own: place it anyway rather than loop (its notes, which
            // have no room left, at the next page's foot).
            self.push(unit, Vec::new(), note_lines);
            return;
        }
        // Break before the last unit that allows it, and move what follows.
        let mut from = if unit.breakable {
            self.page.units.len()
        } else {
            self.break_point().unwrap_or(self.page.units.len())
        };
        // A right-hand page does not end in a hyphen, where the reader turns the leaf in the
        // middle of a word (TeX's \brokenpenalty): it ends a line sooner when it may.
        let units = &self.page.units;
        let recto = self.turned.is_none() && (self.pages + 1) % 2 == 1;
        if recto && from > 1 && units[from - 1].0.ends_in_hyphen() {
            let sooner = from - 1;
            if units[sooner].0.breakable && !units[sooner - 1].0.ends_in_hyphen() {
                from = sooner;
            }
        }
        let moved = self.unplace(from);
        self.flush();
        queue.push_front(unit);
        for u in moved.into_iter().rev() {
            queue.push_front(u);
        }
    }

    /// Where `unit` starts on the page being filled: below the space above it (none at the
    /// top of the page), on the next grid line if it is a body line.
    fn top(&self, unit: &Unit) -> f32 {
        if self.page.units.is_empty() {
            return 0.0;
        }
        let top = self.page.used + unit.space_before;
        match self.grid {
            Some(g) if grid::on_grid(unit, g) => grid::snap(top, g),
            _ => top,
        }
    }

    /// The last index at which the page may break (never 0, nor 1 after a repeated header:
    /// something must stay).
    fn break_point(&self) -> Option<usize> {
        (1 + usize::from(self.page.repeated)..self.page.units.len())
            .rev()
            .find(|&i| self.page.units[i].0.breakable)
    }

    /// Takes units `from..` off the page, with the note lines they brought (those continued
    /// on the next page are the last ones waiting).
    fn unplace(&mut self, from: usize) -> Vec<Unit> {
        let moved: Vec<(Unit, f32)> = self.page.units.split_off(from);
        let (here, carried) = self
            .page
            .notes_added
            .split_off(from)
            .into_iter()
            .fold((0, 0), |(h, c), (a, b)| (h + a, c + b));
        let keep = self.page.notes.len().saturating_sub(here);
        self.page.notes.truncate(keep);
        self.page.notes_height = if self.page.notes.is_empty() {
            0.0
        } else {
            self.input.rules.notes_gap + Self::notes_height(&self.page.notes)
        };
        self.carry
            .truncate(self.carry.len().saturating_sub(carried));
        self.page.used = self
            .page
            .units
            .last()
            .map(|(u, y)| y + u.height)
            .unwrap_or(0.0);
        moved.into_iter().map(|(u, _)| u).collect()
    }

    fn push(&mut self, unit: Unit, notes: Vec<Unit>, carry: Vec<Unit>) {
        self.page.section.get_or_insert(self.current);
        let top = self.top(&unit);
        self.page.used = top + unit.height;
        if self.page.notes.is_empty() && !notes.is_empty() {
            self.page.notes_height += self.input.rules.notes_gap;
        }
        self.page.notes_added.push((notes.len(), carry.len()));
        self.page.notes_height += Self::notes_height(&notes);
        self.page.notes.extend(notes);
        self.carry.extend(carry);
        self.page.units.push((unit, top));
    }

    fn blank(&mut self) {
        let g = self.geometry();
        self.pages += 1;
        self.sections.resize(
            self.pages,
            PageInfo {
                opening: None,
                current: self.current,
            },
        );
        // A blank page has no header or folio.
        (self.sink)(Page::new(g.width, g.height));
    }

    /// Writes the filled page out.
    fn flush(&mut self) {
        if self.page.units.is_empty() && self.page.notes.is_empty() && !self.carry.is_empty() {
            self.take_carry();
        }
        let g = self.geometry();
        let number = self.turned.unwrap_or(self.pages + 1);
        let left = if self.turned.is_some() {
            g.inner
        } else {
            g.left(number)
        };
        let mut page = Page::new(g.width, g.height);
        let filling = std::mem::take(&mut self.page);
        let section = filling.section;
        for (unit, top) in filling.units {
            let y0 = g.top + top;
            match unit.kind {
                UnitKind::Line { line, leading } => {
                    let baseline = y0 + BASELINE * leading;
                    for anchor in line.anchors {
                        page.anchors.push(Anchor {
                            name: anchor,
                            y: y0,
                        });
                    }
                    for item in line.items {
                        page.items.push(Positioned {
                            x: left + item.x,
                            y: baseline + item.y,
                            ..item
                        });
                    }
                }
                UnitKind::Block(items) => {
                    for item in items {
                        page.items.push(Positioned {
                            x: left + item.x,
                            y: y0 + item.y,
                            ..item
                        });
                    }
                }
                UnitKind::Anchor(name) => page.anchors.push(Anchor { name, y: y0 }),
                UnitKind::Space | UnitKind::Turned(_) => {}
            }
        }
        if !filling.notes.is_empty() {
            let mut y = g.height - g.bottom - filling.notes_height;
            let rule_y = y + self.input.rules.notes_gap * 0.4;
            page.items.push(Positioned {
                x: left,
                y: rule_y,
                item: Item::Rule {
                    width: g.text_width() * self.input.rules.separator,
                    thickness: 0.4,
                },
            });
            y += self.input.rules.notes_gap;
            for unit in filling.notes {
                y += unit.space_before;
                if let UnitKind::Line { line, leading } = unit.kind {
                    let baseline = y + BASELINE * leading;
                    for anchor in line.anchors {
                        page.anchors.push(Anchor { name: anchor, y });
                    }
                    for item in line.items {
                        page.items.push(Positioned {
                            x: left + item.x,
                            y: baseline + item.y,
                            ..item
                        });
                    }
                }
                y += unit.height;
            }
        }
        if self.turned.is_some() {
            // A landscape page: the book's size, no running header or folio (they would run
            // across the turned table's edge); its anchors at its top.
            let mut page = Page {
                width: page.height,
                height: page.width,
                turned: true,
                furniture: [0.0, page.width],
                ..page
            };
            for anchor in &mut page.anchors {
                anchor.y = 0.0;
            }
            self.pending.push(page);
            self.turned = Some(number + 1);
            return;
        }
        self.pages += 1;
        if self.sections.len() < self.pages {
            self.sections.resize(self.pages, PageInfo::default());
        }
        let info = &mut self.sections[self.pages - 1];
        info.current = section.unwrap_or(self.current);
        // What the page's header and folio depend on is known once it is flushed: a section
        // that opens later opens on a later page.
        self.furnish(self.pages - 1, &mut page);
        (self.sink)(page);
        self.drain();
    }

    /// The running header and folio of page `i` (from 0).
    fn furnish(&self, i: usize, page: &mut Page) {
        let g = self.geometry();
        let f = self.input.furniture;
        let number = i + 1;
        let info = self.sections.get(i).cloned().unwrap_or_default();
        let section_index = info.opening.unwrap_or(info.current);
        let Some(section) = self.input.sections.get(section_index) else {
            return;
        };
        if page.items.is_empty() {
            return;
        }
        let left = g.left(number);
        page.furniture = [g.top, g.height - g.bottom];
        let header_y = g.top * 0.55;
        let show_header = info.opening.is_none() || section.header_on_opening;
        let header = if number.is_multiple_of(2) {
            Some(&f.left_title)
        } else {
            section.running_title.as_ref()
        };
        if show_header && let Some(span) = header {
            let w = self.setter.span_width(span);
            let x = if number.is_multiple_of(2) {
                left
            } else {
                left + g.text_width() - w
            };
            page.items.extend(
                self.setter
                    .place_span(span, x)
                    .into_iter()
                    .map(|item| Positioned {
                        y: header_y + item.y,
                        ..item
                    }),
            );
        }
        if section.folios {
            let span = Span::new(number.to_string(), f.font, f.size);
            let w = self.setter.span_width(&span);
            let x = left + (g.text_width() - w) / 2.0;
            let y = g.height - g.bottom * 0.45;
            page.items
                .extend(
                    self.setter
                        .place_span(&span, x)
                        .into_iter()
                        .map(|item| Positioned {
                            y: y + item.y,
                            ..item
                        }),
                );
        }
    }
}
