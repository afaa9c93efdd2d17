//! A table as one unit per row, column widths from the content, the header row repeated
//! (as an artifact) on every page the table runs over.

use super::Paginator;
use super::units::{Unit, UnitKind};
use crate::typeset::content::{Alignment, CellAlign, Paragraph, ParagraphStyle, Span, Table};
use crate::typeset::frame::{Item, Positioned};
use crate::typeset::inline::BASELINE;

impl Paginator<'_, '_> {
    /// A table as one unit per row; column widths from the content.
    pub(super) fn table(&self, table: &Table, width: f32) -> Vec<Unit> {
        const PAD: f32 = 3.0;
        let columns = table.align.len().max(table.header.len());
        if columns == 0 {
            return Vec::new();
        }
        let avail = width - table.start_indent;
        let cell = |spans: &[Span]| Paragraph {
            spans: spans.to_vec(),
            style: cell_style(table.leading, CellAlign::Start),
            node: None,
        };
        let mut natural = vec![0.0f32; columns];
        let mut minimum = vec![0.0f32; columns];
        // A column is never narrower than its widest word (header words in bold), so that
        // words are broken by force only when the words alone overfill the measure.
        let widest_word = |spans: &[Span], bold: bool| -> f32 {
            spans
                .iter()
                .flat_map(|s| {
                    s.text.split_whitespace().map(move |word| {
                        let mut one = Span::new(word, s.font, s.size);
                        one.font.bold |= bold;
                        one.lang = s.lang.clone();
                        one
                    })
                })
                .map(|one| self.setter.span_width(&one))
                .fold(0.0, f32::max)
        };
        for (r, row) in std::iter::once(&table.header)
            .chain(table.rows.iter())
            .enumerate()
        {
            for (c, spans) in row.iter().enumerate().take(columns) {
                let lines = self.setter.probe(&cell(spans), 1.0e6);
                natural[c] =
                    natural[c].max(lines.iter().map(|l| l.width).fold(0.0, f32::max) + 2.0 * PAD);
                // A point of slack: a word set in exactly its own width may not fit once
                // the line's rounding is done.
                minimum[c] = minimum[c].max(widest_word(spans, r == 0) + 2.0 * PAD + 1.0);
            }
        }
        // The header is set in bold, which the natural widths did not measure.
        for (n, m) in natural.iter_mut().zip(&minimum) {
            *n = n.max(*m);
        }
        let total: f32 = natural.iter().sum();
        let widths: Vec<f32> = if total <= avail {
            natural.clone()
        } else {
            let min_total: f32 = minimum.iter().sum();
            let flex: f32 = natural.iter().zip(&minimum).map(|(n, m)| n - m).sum();
            let room = (avail - min_total).max(0.0);
            natural
                .iter()
                .zip(&minimum)
                .map(|(n, m)| {
                    m + if flex > 0.0 {
                        (n - m) / flex * room
                    } else {
                        0.0
                    }
                })
                .collect()
        };
        // Row 0 is the header.
        let row_unit = |index: usize, row: &[Vec<Span>], bold: bool| -> Unit {
            let mut items = Vec::new();
            let mut x = table.start_indent;
            let mut height: f32 = 0.0;
            let mut cells = Vec::new();
            for (c, w) in widths.iter().enumerate() {
                let spans: Vec<Span> = row
                    .get(c)
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|mut s| {
                        s.font.bold |= bold;
                        s
                    })
                    .collect();
                let align = table.align.get(c).copied().unwrap_or(CellAlign::Start);
                let par = Paragraph {
                    spans,
                    style: cell_style(table.leading, align),
                    node: table.cell_nodes.get(index).and_then(|r| r.get(c)).copied(),
                };
                let lines = self.setter.set(&par, w - 2.0 * PAD);
                height = height.max(lines.len() as f32 * table.leading);
                cells.push((x, lines));
                x += w;
            }
            let height = height.max(table.leading) + 2.0 * PAD;
            for (cx, lines) in cells {
                for (i, line) in lines.into_iter().enumerate() {
                    let baseline = PAD + i as f32 * table.leading + BASELINE * table.leading;
                    for item in line.items {
                        items.push(Positioned {
                            x: cx + PAD + item.x,
                            y: baseline + item.y,
                            ..item
                        });
                    }
                }
            }
            let full: f32 = widths.iter().sum();
            items.push(Positioned {
                x: table.start_indent,
                y: height - 0.4,
                item: Item::Rule {
                    width: full,
                    thickness: 0.4,
                },
            });
            Unit {
                kind: UnitKind::Block(items),
                height,
                space_before: 0.0,
                breakable: true,
                notes: Vec::new(),
                header: None,
            }
        };
        let mut header = row_unit(0, &table.header, true);
        header.space_before = 6.0;
        if let UnitKind::Block(items) = &mut header.kind {
            let full: f32 = widths.iter().sum();
            items.push(Positioned {
                x: table.start_indent,
                y: 0.0,
                item: Item::Rule {
                    width: full,
                    thickness: 0.8,
                },
            });
        }
        let mut units = vec![header.clone()];
        for (i, row) in table.rows.iter().enumerate() {
            let mut unit = row_unit(i + 1, row, false);
            // The first row stays with the header; later rows repeat it on a new page.
            unit.breakable = i > 0;
            // A repeated header is pagination, not content: an artifact.
            unit.header = Some(Box::new(Unit {
                space_before: 0.0,
                ..artifact(header.clone())
            }));
            units.push(unit);
        }
        if let Some(last) = units.last_mut() {
            last.height += 6.0;
        }
        units
    }
}

fn cell_style(leading: f32, align: CellAlign) -> ParagraphStyle {
    ParagraphStyle {
        align: match align {
            CellAlign::Start => Alignment::Start,
            CellAlign::Center => Alignment::Center,
            CellAlign::End => Alignment::End,
        },
        leading,
        first_indent: 0.0,
        start_indent: 0.0,
        end_indent: 0.0,
        space_before: 0.0,
        space_after: 0.0,
        keep_with_next: false,
        hyphenate: false,
        rtl: false,
        preformatted: false,
        marker: None,
        trailer: None,
        wrap: None,
    }
}

/// A unit whose items belong to no structure element (and carry no links): content drawn
/// again for the reader's eye only, such as a table header repeated on a new page.
pub(super) fn artifact(mut unit: Unit) -> Unit {
    if let UnitKind::Block(items) = &mut unit.kind {
        items.retain(|p| !matches!(p.item, Item::Link { .. }));
        for p in items.iter_mut() {
            if let Item::Text(text) = &mut p.item {
                text.node = None;
            }
        }
    }
    unit
}
