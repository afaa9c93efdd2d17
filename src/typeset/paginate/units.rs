//! Blocks into units of the flow: lines of paragraphs, rules, space, anchors, images and QR
//! codes, each with a fixed height and whether a page may break before it.

use super::Paginator;
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
}

impl Paginator<'_, '_> {
    /// Turns blocks into units.
    pub(super) fn units(&self, blocks: &[Block]) -> Vec<Unit> {
        let mut units = Vec::new();
        let width = self.geometry().text_width();
        let mut keep_next = false;
        for block in blocks {
            let start = units.len();
            match block {
                Block::Paragraph(par) => {
                    let lines = self.setter.set(par, width);
                    let n = lines.len();
                    let rules = self.input.rules;
                    for (i, line) in lines.into_iter().enumerate() {
                        // A page may break before line i only if it leaves `orphans` lines
                        // behind and `widows` lines ahead.
                        let breakable = i == 0 || (i >= rules.orphans && n - i >= rules.widows);
                        let notes = line.notes.clone();
                        units.push(Unit {
                            kind: UnitKind::Line {
                                line,
                                leading: par.style.leading,
                            },
                            height: par.style.leading,
                            space_before: if i == 0 { par.style.space_before } else { 0.0 },
                            breakable,
                            notes,
                            header: None,
                        });
                    }
                    if let Some(last) = units.last_mut().filter(|_| n > 0) {
                        last.height += par.style.space_after;
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
                } => {
                    let max_w = width - start_indent;
                    // Pixels at 96 per inch, never wider than the measure nor taller than
                    // 70% of the text area.
                    let mut w = (*width_px as f32 * 0.75).min(max_w);
                    let mut h = w * *height_px as f32 / (*width_px).max(1) as f32;
                    let max_h = self.geometry().text_height() * 0.7;
                    if h > max_h {
                        w *= max_h / h;
                        h = max_h;
                    }
                    let x = start_indent + (max_w - w) / 2.0;
                    let item = Positioned {
                        x,
                        y: 0.0,
                        item: Item::Image {
                            image: *image,
                            width: w,
                            height: h,
                            node: *node,
                        },
                    };
                    units.push(Unit {
                        kind: UnitKind::Block(vec![item]),
                        height: h + 6.0,
                        space_before: 6.0,
                        breakable: true,
                        notes: Vec::new(),
                        header: None,
                    });
                }
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
        units
    }
}
