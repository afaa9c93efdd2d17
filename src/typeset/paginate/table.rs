//! A table as one unit per row, column widths from the content, the header row repeated
//! (as an artifact) on every page the table runs over.

use super::Paginator;
use super::units::{Unit, UnitKind};
use crate::typeset::content::{
    Alignment, CellAlign, InlineImage, Paragraph, ParagraphStyle, Span, Table,
};
use crate::typeset::frame::{Item, Positioned};
use crate::typeset::inline::{BASELINE, WideTable, unbreakable_pieces};

/// Padding inside a cell, each side, in points.
const PAD: f32 = 3.0;
/// The narrowest a picture in a cell is set, when the column must be narrow.
const PICTURE_MIN: f32 = 36.0;
/// The fewest body rows of a table on either side of a page break (the rows' widows and
/// orphans): a table of fewer than twice as many moves whole.
const ROWS_KEPT: usize = 3;

impl Paginator<'_, '_, '_> {
    /// A table as one unit per row; column widths from the content. A table whose words
    /// alone are wider than the measure never runs off the page: its type is made smaller,
    /// down to `min_scale`; if that is not enough, it is set on a landscape page of its own
    /// (one [`UnitKind::Turned`] unit: the text height as its measure, its type as large as
    /// that allows down to `min_scale`), and only if even that is too narrow are its columns
    /// set in groups one after the other there (the first column, which usually names the
    /// rows, again in each group). The setter keeps a note of it for the build's warnings.
    pub(super) fn table(&self, table: &Table, width: f32) -> Vec<Unit> {
        let avail = width - table.start_indent;
        let (_, minimum) = self.column_widths(table);
        let min_total: f32 = minimum.iter().sum();
        if min_total <= avail || minimum.is_empty() {
            return self.table_fitted(table, width);
        }
        let floor = table.min_scale.min(1.0);
        let scale = (avail / min_total).max(floor);
        let scaled_table = scaled(table, scale);
        let (_, minimum) = self.column_widths(&scaled_table);
        let note = |scale: f32, groups: usize, landscape: bool| {
            self.setter.note_wide_table(WideTable {
                header: table
                    .header
                    .iter()
                    .map(|cell| cell.iter().map(|s| s.text.as_str()).collect::<String>())
                    .collect(),
                scale,
                groups,
                landscape,
            });
        };
        if minimum.iter().sum::<f32>() <= avail {
            note(scale, 1, false);
            return self.table_fitted(&scaled_table, width);
        }
        // Turned, the text block's height is the measure.
        let long = self.input.geometry.text_height();
        let long_avail = long - table.start_indent;
        if long_avail <= avail {
            let groups = column_groups(&minimum, avail);
            note(scale, groups.len(), false);
            return self.in_groups(&scaled_table, &groups, width);
        }
        // The padding does not shrink with the type: a few steps find the size that fits.
        let mut scale = (long_avail / min_total).clamp(floor, 1.0);
        let mut turned = scaled(table, scale);
        let (_, mut minimum) = self.column_widths(&turned);
        for _ in 0..8 {
            let total: f32 = minimum.iter().sum();
            if total <= long_avail || scale <= floor {
                break;
            }
            scale = (scale * long_avail / total * 0.995).max(floor);
            turned = scaled(table, scale);
            minimum = self.column_widths(&turned).1;
        }
        let groups = if minimum.iter().sum::<f32>() <= long_avail {
            vec![(0..minimum.len()).collect()]
        } else {
            column_groups(&minimum, long_avail)
        };
        note(scale, groups.len(), true);
        let rows = self.in_groups(&turned, &groups, long);
        vec![Unit {
            kind: UnitKind::Turned(rows),
            height: 0.0,
            space_before: 0.0,
            breakable: true,
            notes: Vec::new(),
            header: None,
        }]
    }

    /// The units of `table` with its columns in `groups`, one group after the other.
    fn in_groups(&self, table: &Table, groups: &[Vec<usize>], width: f32) -> Vec<Unit> {
        if groups.len() == 1 {
            return self.table_fitted(table, width);
        }
        groups
            .iter()
            .enumerate()
            .flat_map(|(g, columns)| self.table_fitted(&subset(table, columns, g > 0), width))
            .collect()
    }

    /// The natural and the smallest width of each column (the smallest: its widest word, or
    /// widest piece of an address, with the cell's padding).
    fn column_widths(&self, table: &Table) -> (Vec<f32>, Vec<f32>) {
        let columns = table.align.len().max(table.header.len());
        let cell = |spans: &[Span]| Paragraph {
            spans: spans.to_vec(),
            style: ParagraphStyle {
                rtl: table.rtl,
                ..cell_style(table.leading, CellAlign::Start)
            },
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
                    s.text
                        .split_whitespace()
                        .flat_map(unbreakable_pieces)
                        .map(move |word| {
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
                let (spans, pictures) = cell_pictures(spans, table.leading);
                let spans = spans.as_slice();
                for picture in &pictures {
                    natural[c] = natural[c].max(picture.width + 2.0 * PAD + 1.0);
                    minimum[c] = minimum[c].max(picture.width.min(PICTURE_MIN) + 2.0 * PAD + 1.0);
                }
                let lines = self.setter.probe(&cell(spans), 1.0e6);
                // The same point of slack as below: a line set in exactly its natural width
                // may not fit once rounded, and would wrap.
                natural[c] = natural[c]
                    .max(lines.iter().map(|l| l.width).fold(0.0, f32::max) + 2.0 * PAD + 1.0);
                // A point of slack: a word set in exactly its own width may not fit once
                // the line's rounding is done.
                minimum[c] = minimum[c].max(widest_word(spans, r == 0) + 2.0 * PAD + 1.0);
            }
        }
        // The header is set in bold, which the natural widths did not measure.
        for (n, m) in natural.iter_mut().zip(&minimum) {
            *n = n.max(*m);
        }
        (natural, minimum)
    }

    /// A table whose columns fit the measure as well as its words allow.
    fn table_fitted(&self, table: &Table, width: f32) -> Vec<Unit> {
        let columns = table.align.len().max(table.header.len());
        if columns == 0 {
            return Vec::new();
        }
        let avail = width - table.start_indent;
        let (natural, minimum) = self.column_widths(table);
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
        // A right-to-left table stands against the right edge of the measure.
        let left = if table.rtl {
            table.start_indent + (avail - widths.iter().sum::<f32>()).max(0.0)
        } else {
            table.start_indent
        };
        // Row 0 is the header.
        let row_unit = |index: usize, row: &[Vec<Span>], bold: bool| -> Unit {
            let mut items = Vec::new();
            let full: f32 = widths.iter().sum();
            // Right-to-left tables run from the right: the first column is the rightmost.
            let mut x = table.start_indent;
            let mut height: f32 = 0.0;
            let mut cells = Vec::new();
            for (c, w) in widths.iter().enumerate() {
                let (spans, pictures) =
                    cell_pictures(row.get(c).map_or(&[][..], Vec::as_slice), table.leading);
                let spans: Vec<Span> = spans
                    .into_iter()
                    .map(|mut s| {
                        s.font.bold |= bold;
                        s
                    })
                    .collect();
                let align = table.align.get(c).copied().unwrap_or(CellAlign::Start);
                let par = Paragraph {
                    spans,
                    style: ParagraphStyle {
                        rtl: table.rtl,
                        ..cell_style(table.leading, align)
                    },
                    node: table
                        .cell_nodes
                        .get(index)
                        .and_then(|r| r.get(c))
                        .copied()
                        .flatten(),
                };
                let lines = self.setter.set(&par, w - 2.0 * PAD);
                let cell_x = if table.rtl {
                    left + full - (x - table.start_indent) - w
                } else {
                    x
                };
                // Pictures below the cell's text, each scaled to the column if wider.
                let mut y = PAD + lines.len() as f32 * table.leading;
                let mut drawn = Vec::new();
                for picture in pictures {
                    if y > PAD {
                        y += PAD;
                    }
                    let pw = picture.width.min(w - 2.0 * PAD).max(1.0);
                    let ph = picture.height * pw / picture.width.max(1.0);
                    let px = if table.rtl {
                        cell_x + w - PAD - pw
                    } else {
                        cell_x + PAD
                    };
                    drawn.push(Positioned {
                        x: px,
                        y,
                        item: Item::Image {
                            image: picture.image,
                            width: pw,
                            height: ph,
                            node: picture.node,
                        },
                    });
                    y += ph;
                }
                height = height.max(lines.len() as f32 * table.leading).max(y - PAD);
                cells.push((cell_x, lines, drawn));
                x += w;
            }
            let height = height.max(table.leading) + 2.0 * PAD;
            // Notes cited in the row's cells go to the foot of the page the row lands on.
            let mut notes: Vec<usize> = Vec::new();
            for (cx, lines, drawn) in cells {
                for (i, line) in lines.into_iter().enumerate() {
                    for n in &line.notes {
                        if !notes.contains(n) {
                            notes.push(*n);
                        }
                    }
                    let baseline = PAD + i as f32 * table.leading + BASELINE * table.leading;
                    for item in line.items {
                        items.push(Positioned {
                            x: cx + PAD + item.x,
                            y: baseline + item.y,
                            ..item
                        });
                    }
                }
                items.extend(drawn);
            }
            items.push(Positioned {
                x: left,
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
                notes,
                header: None,
            }
        };
        let mut header = row_unit(0, &table.header, true);
        header.space_before = 6.0;
        if let UnitKind::Block(items) = &mut header.kind {
            let full: f32 = widths.iter().sum();
            items.push(Positioned {
                x: left,
                y: 0.0,
                item: Item::Rule {
                    width: full,
                    thickness: 0.8,
                },
            });
        }
        let mut units = vec![header.clone()];
        let n = table.rows.len();
        for (i, row) in table.rows.iter().enumerate() {
            let mut unit = row_unit(i + 1, row, false);
            // A page may break before a row only with `ROWS_KEPT` rows before it and as many
            // from it on (the first row always stays with the header); the rows after the
            // break repeat the header.
            unit.breakable = row_breakable(i, n);
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

/// Whether a page may break before body row `i` (from 0) of a table of `n` rows.
fn row_breakable(i: usize, n: usize) -> bool {
    i >= ROWS_KEPT && n - i >= ROWS_KEPT
}

/// A cell's spans without its pictures (images too tall for two of its lines, which layout
/// gives at their size), and the pictures, in order.
fn cell_pictures(spans: &[Span], leading: f32) -> (Vec<Span>, Vec<InlineImage>) {
    let mut text = Vec::new();
    let mut pictures = Vec::new();
    for span in spans {
        match &span.image {
            Some(image) if image.height > 2.0 * leading => pictures.push(image.clone()),
            _ => text.push(span.clone()),
        }
    }
    (text, pictures)
}

fn cell_style(leading: f32, align: CellAlign) -> ParagraphStyle {
    let align = match align {
        CellAlign::Start => Alignment::Start,
        CellAlign::Center => Alignment::Center,
        CellAlign::End => Alignment::End,
    };
    ParagraphStyle::plain(align, leading)
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

/// `table` with its type and leading scaled by `scale`.
fn scaled(table: &Table, scale: f32) -> Table {
    let scale_row = |row: &Vec<Vec<Span>>| -> Vec<Vec<Span>> {
        row.iter()
            .map(|cell| {
                cell.iter()
                    .map(|s| Span {
                        size: s.size * scale,
                        ..s.clone()
                    })
                    .collect()
            })
            .collect()
    };
    Table {
        header: scale_row(&table.header),
        rows: table.rows.iter().map(scale_row).collect(),
        leading: table.leading * scale,
        ..table.clone()
    }
}

/// The columns in groups that fit `avail` side by side: the first group from the first
/// column, each later one with the first column again (it names the rows) and as many of the
/// next columns as fit (at least one).
fn column_groups(minimum: &[f32], avail: f32) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut used = 0.0;
    for (c, &w) in minimum.iter().enumerate() {
        // A group holds at least one column besides the first.
        let fresh = current.len() <= 1;
        if !fresh && used + w > avail {
            groups.push(std::mem::take(&mut current));
            current.push(0);
            used = minimum[0];
        }
        current.push(c);
        used += w;
    }
    if !current.is_empty() {
        groups.push(current);
    }
    groups
}

/// The columns `columns` of `table`; with `repeat`, its first column is a copy for the eye
/// (an artifact: it is tagged where it first stands).
fn subset(table: &Table, columns: &[usize], repeat: bool) -> Table {
    let pick = |row: &Vec<Vec<Span>>| -> Vec<Vec<Span>> {
        columns
            .iter()
            .map(|&c| row.get(c).cloned().unwrap_or_default())
            .collect()
    };
    Table {
        align: columns
            .iter()
            .map(|&c| table.align.get(c).copied().unwrap_or(CellAlign::Start))
            .collect(),
        header: pick(&table.header),
        rows: table.rows.iter().map(pick).collect(),
        cell_nodes: table
            .cell_nodes
            .iter()
            .map(|row| {
                columns
                    .iter()
                    .enumerate()
                    .map(|(k, &c)| {
                        if repeat && k == 0 {
                            None
                        } else {
                            row.get(c).copied().flatten()
                        }
                    })
                    .collect()
            })
            .collect(),
        ..table.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::column_groups;

    #[test]
    fn columns_are_grouped_to_fit_with_the_first_column_again() {
        let groups = column_groups(&[30.0, 50.0, 50.0, 50.0, 50.0], 140.0);
        assert_eq!(groups, vec![vec![0, 1, 2], vec![0, 3, 4]]);
        // A column wider than the measure still gets a group of its own.
        assert_eq!(
            column_groups(&[30.0, 200.0, 20.0], 100.0),
            vec![vec![0, 1], vec![0, 2]]
        );
    }
}
