//! The baseline grid: every body line sits a whole number of body leadings below the top of
//! the text area, so the lines of facing pages (and of the two sides of a leaf) line up, and
//! the text returns to the beat after a heading, a list, a table or a picture.
//!
//! Three rules keep it there, as the grid packages of TeX and good book typesetting do:
//! - a body line starts on the first grid line at or below where the space above it ends
//!   ([`snap`]);
//! - the space above and below a body paragraph counts in whole lines ([`whole_lines`]);
//! - anything else (headings, code, tables, figures, captions, rules) takes a whole number of
//!   lines with the space around it ([`fit`]): what it lacks of the next whole line goes half
//!   above and half below it, or all above a heading, which stays close to what it heads.

use super::units::{Unit, UnitKind};

/// How far past a grid line a position may lie and still count as on it (rounding in sums
/// of `f32`, far below a visible step).
const TOLERANCE: f32 = 0.01;

/// The first grid line at or below `y` (`grid` apart, from 0).
pub(super) fn snap(y: f32, grid: f32) -> f32 {
    ((y - TOLERANCE) / grid).ceil().max(0.0) * grid
}

/// A space as a whole number of lines, the nearest (half a line or more counts as one).
pub(super) fn whole_lines(space: f32, grid: f32) -> f32 {
    (space / grid).round() * grid
}

/// Whether `leading` is the grid's: lines at it are body lines, which sit on the grid.
pub(super) fn is_grid_leading(leading: f32, grid: f32) -> bool {
    (leading - grid).abs() < TOLERANCE
}

/// Whether `unit` is a body line, whose top is snapped to the grid.
pub(super) fn on_grid(unit: &Unit, grid: f32) -> bool {
    matches!(unit.kind, UnitKind::Line { leading, .. } if is_grid_leading(leading, grid))
}

/// Pads the units of one block that is not set on the grid (its space above included) to a
/// whole number of lines: what it lacks goes above it when it `keeps` with what follows (a
/// heading), else half above and half below. A block that takes no room is left alone.
pub(super) fn fit(units: &mut [Unit], grid: f32, keeps: bool) {
    let Some(first) = units.first() else {
        return;
    };
    let height = first.space_before
        + units.iter().map(|u| u.height).sum::<f32>()
        + units.iter().skip(1).map(|u| u.space_before).sum::<f32>();
    if height <= 0.0 {
        return;
    }
    let lacking = snap(height, grid) - height;
    let above = if keeps { lacking } else { lacking / 2.0 };
    units[0].space_before += above;
    if let Some(last) = units.last_mut() {
        last.height += lacking - above;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GRID: f32 = 13.5;

    fn block(space_before: f32, height: f32) -> Unit {
        Unit {
            kind: UnitKind::Block(Vec::new()),
            height,
            space_before,
            breakable: true,
            notes: Vec::new(),
            header: None,
        }
    }

    fn extent(units: &[Unit]) -> f32 {
        units.iter().map(|u| u.space_before + u.height).sum()
    }

    #[test]
    fn positions_snap_down_to_the_next_grid_line() {
        assert_eq!(snap(0.0, GRID), 0.0);
        assert_eq!(snap(GRID, GRID), GRID);
        // Rounding in a sum does not cost a whole line.
        assert_eq!(snap(GRID * 3.0 + 0.001, GRID), GRID * 3.0);
        assert_eq!(snap(GRID * 3.0 + 0.5, GRID), GRID * 4.0);
        assert_eq!(snap(1.0, GRID), GRID);
    }

    #[test]
    fn spaces_round_to_whole_lines() {
        assert_eq!(whole_lines(0.2 * GRID, GRID), 0.0);
        assert_eq!(whole_lines(0.5 * GRID, GRID), GRID);
        assert_eq!(whole_lines(1.2 * GRID, GRID), GRID);
        assert_eq!(whole_lines(2.0 * GRID, GRID), 2.0 * GRID);
    }

    #[test]
    fn a_block_is_padded_to_whole_lines_evenly() {
        // A table: 6 pt above, three rows of 12 pt, 6 pt below (in the last row's height):
        // 48 pt, padded to four lines (54 pt), 3 pt more above and 3 pt more below.
        let mut units = vec![block(6.0, 12.0), block(0.0, 12.0), block(0.0, 18.0)];
        fit(&mut units, GRID, false);
        assert!((extent(&units) - 4.0 * GRID).abs() < 1e-4);
        assert!((units[0].space_before - 9.0).abs() < 1e-4);
        assert!((units[2].height - 21.0).abs() < 1e-4);
        // Already whole: nothing changes.
        let mut whole = vec![block(GRID, GRID)];
        fit(&mut whole, GRID, false);
        assert_eq!((whole[0].space_before, whole[0].height), (GRID, GRID));
    }

    #[test]
    fn a_heading_takes_its_padding_above() {
        // A 12.5 pt heading at 15.625 pt, 12 pt above and 4 pt below (in its height): three
        // lines, the 8.875 pt it lacks all above, so it stays close to its text.
        let mut units = vec![block(12.0, 15.625 + 4.0)];
        fit(&mut units, GRID, true);
        assert!((extent(&units) - 3.0 * GRID).abs() < 1e-4);
        assert!((units[0].space_before - 20.875).abs() < 1e-4);
        assert!((units[0].height - 19.625).abs() < 1e-4);
    }

    #[test]
    fn a_block_that_takes_no_room_is_left_alone() {
        let mut floated = vec![block(0.0, 0.0)];
        fit(&mut floated, GRID, false);
        assert_eq!((floated[0].space_before, floated[0].height), (0.0, 0.0));
        fit(&mut [], GRID, true);
    }
}
