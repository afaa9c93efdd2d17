//! Blocks into units of the flow: lines of paragraphs, rules, space, anchors, images and QR
//! codes, each with a fixed height and whether a page may break before it.

use super::Paginator;
use super::figures::{Figure, Float};
use super::grid;
use crate::typeset::content::Block;
use crate::typeset::frame::{Item, Positioned};
use crate::typeset::inline::Line;

/// A piece of the flow with a fixed height.
#[derive(Debug, Clone)]
pub(super) struct Unit {
    /// What it holds.
    pub(super) kind: UnitKind,
    /// The room it takes down the page.
    pub(super) height: f32,
    /// Space above it, dropped at the top of a page.
    pub(super) space_before: f32,
    /// A page may break before this unit.
    pub(super) breakable: bool,
    /// The footnotes it cites, set at the bottom of the page it lands on.
    pub(super) notes: Vec<usize>,
    /// For table rows: the header row to repeat when the row starts a page.
    pub(super) header: Option<Box<Unit>>,
}

/// What a unit holds.
#[derive(Debug, Clone)]
pub(super) enum UnitKind {
    /// A line set at `leading`; items relative to the paragraph's left edge and the baseline.
    Line {
        /// The line.
        line: Line,
        /// Its pitch (the unit's height may add the paragraph's space after).
        leading: f32,
    },
    /// Items relative to the unit's top-left corner (rules, images, table rows).
    Block(Vec<Positioned>),
    /// A named place.
    Anchor(String),
    /// Empty space (dropped at the top of a page).
    Space,
    /// A table set on landscape pages of its own (its rows, set at the text height): the
    /// text flows on where it stands, and the pages follow the page being filled.
    Turned(Vec<Unit>),
}

impl Unit {
    /// A line that ends in a hyphen (added or written): the page should not turn after it.
    pub(super) fn ends_in_hyphen(&self) -> bool {
        matches!(&self.kind, UnitKind::Line { line, .. } if line.ends_in_hyphen())
    }
}

impl Paginator<'_, '_, '_> {
    /// Turns blocks into units.
    pub(super) fn units(&self, blocks: &[Block]) -> Vec<Unit> {
        let mut units = Vec::new();
        let width = self.geometry().text_width();
        let mut keep_next = false;
        // A floated image the text is still set beside.
        let mut beside: Option<Float> = None;
        for block in blocks {
            // Anything but text goes below a float.
            if !matches!(block, Block::Paragraph(_) | Block::Anchor(_))
                && let Some(float) = beside.take()
            {
                units.push(clearance(float.remaining));
            }
            let start = units.len();
            match block {
                Block::Paragraph(par) => {
                    // Beside a float, the first lines keep room for it and stay with it.
                    let wrapped = beside.map(|float| self.wrapped(par, &float));
                    let par = wrapped.as_ref().unwrap_or(par);
                    let kept = par.style.wrap.map_or(0, |w| w.lines);
                    let lines = self.setter.set(par, width);
                    let n = lines.len();
                    // On the grid, a body paragraph's spaces are whole lines.
                    let body = self
                        .grid
                        .filter(|&g| grid::is_grid_leading(par.style.leading, g));
                    let (space_before, space_after) = match body {
                        Some(g) => (
                            grid::whole_lines(par.style.space_before, g),
                            grid::whole_lines(par.style.space_after, g),
                        ),
                        None => (par.style.space_before, par.style.space_after),
                    };
                    if let Some(float) = &mut beside {
                        float.remaining -=
                            space_before + n as f32 * par.style.leading + space_after;
                        if float.remaining <= 0.0 {
                            beside = None;
                        }
                    }
                    let rules = self.input.rules;
                    for (i, line) in lines.into_iter().enumerate() {
                        // A page may break before line i only if it leaves `orphans` lines
                        // behind and `widows` lines ahead.
                        let breakable =
                            (i == 0 || (i >= rules.orphans && n - i >= rules.widows)) && i >= kept;
                        let notes = line.notes.clone();
                        units.push(Unit {
                            kind: UnitKind::Line {
                                line,
                                leading: par.style.leading,
                            },
                            height: par.style.leading,
                            space_before: if i == 0 { space_before } else { 0.0 },
                            breakable,
                            notes,
                            header: None,
                        });
                    }
                    if let Some(last) = units.last_mut().filter(|_| n > 0) {
                        last.height += space_after;
                    }
                    // Anything else set in text (a heading, code, a caption's own lines) is
                    // padded to whole lines.
                    if let Some(g) = self.grid.filter(|_| body.is_none()) {
                        grid::fit(&mut units[start..], g, par.style.keep_with_next);
                    }
                    if n > 0 {
                        if keep_next {
                            units[start].breakable = false;
                        }
                        keep_next = par.style.keep_with_next;
                        if keep_next {
                            continue;
                        }
                    }
                }
                Block::Rule {
                    fraction,
                    thickness,
                    space,
                } => {
                    let w = width * fraction;
                    let item = Positioned {
                        x: (width - w) / 2.0,
                        y: *space,
                        item: Item::Rule {
                            width: w,
                            thickness: *thickness,
                        },
                    };
                    units.push(Unit {
                        kind: UnitKind::Block(vec![item]),
                        height: space * 2.0 + thickness,
                        space_before: 0.0,
                        breakable: true,
                        notes: Vec::new(),
                        header: None,
                    });
                }
                Block::Space(h) => units.push(Unit {
                    kind: UnitKind::Space,
                    height: *h,
                    space_before: 0.0,
                    breakable: true,
                    notes: Vec::new(),
                    header: None,
                }),
                // An anchor between a heading and what it keeps with must not become a break.
                Block::Anchor(name) => units.push(Unit {
                    kind: UnitKind::Anchor(name.clone()),
                    height: 0.0,
                    space_before: 0.0,
                    breakable: !keep_next,
                    notes: Vec::new(),
                    header: None,
                }),
                Block::Image {
                    image,
                    width_px,
                    height_px,
                    start_indent,
                    node,
                    caption,
                    float,
                } => {
                    let figure = Figure {
                        image: *image,
                        width_px: *width_px,
                        height_px: *height_px,
                        start_indent: *start_indent,
                        node: *node,
                        caption: caption.as_ref(),
                        float: *float,
                    };
                    let (made, floated) = self.image_units(&figure, width);
                    units.extend(made);
                    beside = floated;
                }
                Block::Gallery {
                    images,
                    start_indent,
                } => units.extend(self.gallery_units(images, *start_indent, width)),
                Block::Table(table) => units.extend(self.table(table, width)),
                Block::Qr {
                    modules,
                    size,
                    module,
                    start_indent,
                    node,
                } => {
                    // One rectangle per run of dark modules in a row, all one shape.
                    let mut rects = Vec::new();
                    for (row, cells) in modules.chunks(*size).enumerate() {
                        let mut col = 0;
                        while col < cells.len() {
                            if !cells[col] {
                                col += 1;
                                continue;
                            }
                            let start = col;
                            while col < cells.len() && cells[col] {
                                col += 1;
                            }
                            rects.push([
                                start as f32 * module,
                                row as f32 * module,
                                (col - start) as f32 * module,
                                *module,
                            ]);
                        }
                    }
                    let item = Positioned {
                        x: *start_indent,
                        y: 0.0,
                        item: Item::Fill {
                            rects,
                            color: [0, 0, 0],
                            node: *node,
                        },
                    };
                    units.push(Unit {
                        kind: UnitKind::Block(vec![item]),
                        height: *size as f32 * module,
                        space_before: 4.0,
                        breakable: true,
                        notes: Vec::new(),
                        header: None,
                    });
                }
            }
            // Tables, figures, galleries, rules and QR codes take whole lines too.
            if let Some(g) = self.grid
                && !matches!(
                    block,
                    Block::Paragraph(_) | Block::Anchor(_) | Block::Space(_)
                )
            {
                grid::fit(&mut units[start..], g, false);
            }
            // A heading keeps with the next unit that has content (anchors take no room).
            if keep_next
                && let Some(first) = units[start..]
                    .iter_mut()
                    .find(|u| !matches!(u.kind, UnitKind::Anchor(_)))
            {
                first.breakable = false;
                keep_next = false;
            }
        }
        if let Some(float) = beside {
            units.push(clearance(float.remaining));
        }
        units
    }
}

/// Space below the text beside a float, down to the float's end; a page may not break
/// before it (the float and the text beside it stay on one page).
fn clearance(height: f32) -> Unit {
    Unit {
        kind: UnitKind::Space,
        height,
        space_before: 0.0,
        breakable: false,
        notes: Vec::new(),
        header: None,
    }
}
