//! Pages → sheets for printing: a saddle-stitched booklet (pages two-up on sheets folded in
//! half, in signatures) or a plain two-up handout. The page order is a small pure function;
//! the geometry places each page (scaled if the paper is smaller) and adds printer's marks.

use crate::config::Impose;

/// One side of a sheet: the logical pages (0-based) on its left and right halves; `None` is a
/// blank page added to fill the signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Side {
    /// The left half.
    pub left: Option<usize>,
    /// The right half.
    pub right: Option<usize>,
    /// How deep the sheet lies in its signature (0: the outermost sheet), for creep.
    pub depth: usize,
}

/// The sides of a saddle-stitched booklet of `pages` pages, in printing order: for each sheet
/// its front, then its back. The pages are padded with blanks to a multiple of four and split
/// into signatures of `sheets_per_signature` sheets (0: one signature for the whole book),
/// each folded on its own and the signatures gathered in order.
///
/// In a signature of `n` pages starting at page `b`, sheet `i` carries on its front the pages
/// `b+n-1-2i` (left) and `b+2i` (right), and on its back `b+2i+1` (left) and `b+n-2-2i`
/// (right): for 8 pages, 8|1 and 2|7 on the outer sheet, 6|3 and 4|5 on the inner one (in
/// page numbers from 1).
pub fn booklet_order(pages: usize, sheets_per_signature: usize) -> Vec<Side> {
    let padded = pages.div_ceil(4) * 4;
    let per_signature = if sheets_per_signature == 0 {
        padded.max(4)
    } else {
        sheets_per_signature * 4
    };
    let real = |p: usize| (p < pages).then_some(p);
    let mut sides = Vec::new();
    let mut base = 0;
    while base < padded {
        let n = per_signature.min(padded - base);
        for i in 0..n / 4 {
            sides.push(Side {
                left: real(base + n - 1 - 2 * i),
                right: real(base + 2 * i),
                depth: i,
            });
            sides.push(Side {
                left: real(base + 2 * i + 1),
                right: real(base + n - 2 - 2 * i),
                depth: i,
            });
        }
        base += n;
    }
    sides
}

/// Two-up handout order: pages 1|2, 3|4…, a blank after an odd last page.
pub fn two_up_order(pages: usize) -> Vec<Side> {
    (0..pages.div_ceil(2))
        .map(|i| Side {
            left: Some(2 * i),
            right: (2 * i + 1 < pages).then_some(2 * i + 1),
            depth: 0,
        })
        .collect()
}

/// Imposition settings, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Booklet or two-up.
    pub mode: Impose,
    /// The paper (landscape width, height); `None`: exactly two pages side by side.
    pub sheet: Option<(f32, f32)>,
    /// Sheets per signature (booklets; 0: one signature).
    pub signature: usize,
    /// How far each sheet's pages move toward the fold per sheet from the outside, so that
    /// the inner pages, which stick out once folded and are trimmed more, keep their margins.
    pub creep: f32,
    /// Fold marks at the spine and crop marks at the page corners (where the paper has room).
    pub marks: bool,
}

/// A page placed on a sheet: its top-left corner and scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slot {
    /// The logical page (0-based); `None` for a blank.
    pub page: Option<usize>,
    /// Left edge on the sheet.
    pub x: f32,
    /// Top edge on the sheet.
    pub y: f32,
    /// Scale of the page.
    pub scale: f32,
}

/// A thin filled rectangle: a printer's mark.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mark {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

/// One side of a printed sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// Width in points (landscape).
    pub width: f32,
    /// Height in points.
    pub height: f32,
    /// The pages on it.
    pub slots: Vec<Slot>,
    /// Printer's marks.
    pub marks: Vec<Mark>,
}

/// Length of a crop or fold mark.
const MARK_LENGTH: f32 = 14.0;
/// Gap between a crop mark and the page corner it marks.
const MARK_OFFSET: f32 = 4.0;
/// Mark line thickness (a hairline that still prints).
const MARK_WEIGHT: f32 = 0.3;

/// The sheets for `pages` pages of `page` size (width, height).
pub fn impose(pages: usize, page: (f32, f32), settings: &Settings) -> Vec<Sheet> {
    let sides = match settings.mode {
        Impose::None => return Vec::new(),
        Impose::Booklet => booklet_order(pages, settings.signature),
        Impose::TwoUp => two_up_order(pages),
    };
    let (pw, ph) = page;
    let (sw, sh) = settings.sheet.unwrap_or((2.0 * pw, ph));
    // The pair of pages fits the paper, centred; a smaller paper scales it down.
    let scale = (sw / (2.0 * pw)).min(sh / ph).min(1.0);
    let (w, h) = (pw * scale, ph * scale);
    let x0 = (sw - 2.0 * w) / 2.0;
    let y0 = (sh - h) / 2.0;
    sides
        .iter()
        .map(|side| {
            let shift = if settings.mode == Impose::Booklet {
                (side.depth as f32 * settings.creep).min(w / 4.0)
            } else {
                0.0
            };
            let slots = vec![
                Slot {
                    page: side.left,
                    x: x0 + shift,
                    y: y0,
                    scale,
                },
                Slot {
                    page: side.right,
                    x: x0 + w - shift,
                    y: y0,
                    scale,
                },
            ];
            let marks = if settings.marks {
                marks(sh, x0, y0, w, h)
            } else {
                Vec::new()
            };
            Sheet {
                width: sw,
                height: sh,
                slots,
                marks,
            }
        })
        .collect()
}

/// Fold marks at the spine, on the paper's top and bottom edges; crop marks at the corners of
/// the two-page spread where the paper leaves room outside it.
fn marks(sh: f32, x0: f32, y0: f32, w: f32, h: f32) -> Vec<Mark> {
    let spine = x0 + w;
    let fold = MARK_LENGTH.min(y0.max(MARK_LENGTH));
    let mut out = vec![
        Mark {
            x: spine - MARK_WEIGHT / 2.0,
            y: 0.0,
            width: MARK_WEIGHT,
            height: fold,
        },
        Mark {
            x: spine - MARK_WEIGHT / 2.0,
            y: sh - fold,
            width: MARK_WEIGHT,
            height: fold,
        },
    ];
    let room = MARK_OFFSET + MARK_LENGTH;
    if x0 >= room && y0 >= room {
        let (left, right, top, bottom) = (x0, x0 + 2.0 * w, y0, y0 + h);
        for &x in &[left, right] {
            for &y in &[top, bottom] {
                // Horizontal arm, outside the spread.
                let hx = if x == left { x - room } else { x + MARK_OFFSET };
                out.push(Mark {
                    x: hx,
                    y: y - MARK_WEIGHT / 2.0,
                    width: MARK_LENGTH,
                    height: MARK_WEIGHT,
                });
                let vy = if y == top { y - room } else { y + MARK_OFFSET };
                out.push(Mark {
                    x: x - MARK_WEIGHT / 2.0,
                    y: vy,
                    width: MARK_WEIGHT,
                    height: MARK_LENGTH,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Page numbers from 1 (0 for a blank), left|right per side.
    fn numbers(sides: &[Side]) -> Vec<(usize, usize)> {
        let n = |p: Option<usize>| p.map_or(0, |p| p + 1);
        sides.iter().map(|s| (n(s.left), n(s.right))).collect()
    }

    #[test]
    fn eight_pages_classic_order() {
        // Outer sheet: front 8|1, back 2|7; inner sheet: front 6|3, back 4|5.
        assert_eq!(
            numbers(&booklet_order(8, 0)),
            vec![(8, 1), (2, 7), (6, 3), (4, 5)]
        );
    }

    #[test]
    fn sixteen_pages_classic_order() {
        assert_eq!(
            numbers(&booklet_order(16, 0)),
            vec![
                (16, 1),
                (2, 15),
                (14, 3),
                (4, 13),
                (12, 5),
                (6, 11),
                (10, 7),
                (8, 9)
            ]
        );
    }

    #[test]
    fn facing_pages_of_a_signature_add_up_to_its_size_plus_one() {
        for n in (4..=48).step_by(4) {
            for s in booklet_order(n, 0) {
                let (l, r) = (
                    s.left.expect("no blank") + 1,
                    s.right.expect("no blank") + 1,
                );
                assert_eq!(l + r, n + 1, "{n} pages: {s:?}");
            }
        }
    }

    #[test]
    fn odd_page_counts_are_padded_with_blanks_at_the_end() {
        // 5 pages → 8: pages 6, 7, 8 are blanks.
        assert_eq!(
            numbers(&booklet_order(5, 0)),
            vec![(0, 1), (2, 0), (0, 3), (4, 5)]
        );
        // 1 page → one sheet.
        assert_eq!(numbers(&booklet_order(1, 0)), vec![(0, 1), (0, 0)]);
        // 0 pages → nothing.
        assert!(booklet_order(0, 0).is_empty());
    }

    #[test]
    fn every_page_appears_exactly_once() {
        for pages in 0..=70 {
            for sig in 0..=4 {
                let mut seen: Vec<usize> = booklet_order(pages, sig)
                    .iter()
                    .flat_map(|s| [s.left, s.right])
                    .flatten()
                    .collect();
                seen.sort();
                assert_eq!(seen, (0..pages).collect::<Vec<_>>(), "{pages} pages, {sig}");
            }
        }
    }

    #[test]
    fn signatures_are_folded_separately_and_gathered_in_order() {
        // 16 pages in signatures of 2 sheets (8 pages each): pages 1-8, then 9-16.
        assert_eq!(
            numbers(&booklet_order(16, 2)),
            vec![
                (8, 1),
                (2, 7),
                (6, 3),
                (4, 5),
                (16, 9),
                (10, 15),
                (14, 11),
                (12, 13)
            ]
        );
        // 12 pages in signatures of 2 sheets: the last signature has one sheet.
        assert_eq!(
            numbers(&booklet_order(12, 2)),
            vec![(8, 1), (2, 7), (6, 3), (4, 5), (12, 9), (10, 11)]
        );
    }

    #[test]
    fn two_up_pairs_consecutive_pages() {
        assert_eq!(numbers(&two_up_order(5)), vec![(1, 2), (3, 4), (5, 0)]);
    }

    #[test]
    fn a5_pages_fill_an_a4_sheet_exactly() {
        let (w, h) = (420.94, 595.28);
        let sheets = impose(
            8,
            (w, h),
            &Settings {
                mode: Impose::Booklet,
                sheet: None,
                signature: 0,
                creep: 0.0,
                marks: false,
            },
        );
        assert_eq!(sheets.len(), 4);
        let s = &sheets[0];
        assert!((s.width - 2.0 * w).abs() < 0.01 && (s.height - h).abs() < 0.01);
        assert_eq!(s.slots[0].page, Some(7));
        assert_eq!((s.slots[0].x, s.slots[1].x), (0.0, w));
        assert_eq!(s.slots[0].scale, 1.0);
    }

    #[test]
    fn creep_moves_inner_sheets_toward_the_fold() {
        let settings = Settings {
            mode: Impose::Booklet,
            sheet: None,
            signature: 0,
            creep: 0.5,
            marks: false,
        };
        let sheets = impose(12, (100.0, 150.0), &settings);
        // Sheet depth 0, 1, 2: the left page moves right, the right page left.
        let xs: Vec<(f32, f32)> = sheets
            .iter()
            .step_by(2)
            .map(|s| (s.slots[0].x, s.slots[1].x))
            .collect();
        assert_eq!(xs, vec![(0.0, 100.0), (0.5, 99.5), (1.0, 99.0)]);
    }

    #[test]
    fn a_smaller_sheet_scales_the_pages_and_marks_fit_a_larger_one() {
        let small = impose(
            2,
            (595.0, 842.0),
            &Settings {
                mode: Impose::TwoUp,
                sheet: Some((842.0, 595.0)),
                signature: 0,
                creep: 0.0,
                marks: false,
            },
        );
        // A4 pages two-up on A4 landscape: limited by the height, 595 / 842.
        assert!((small[0].slots[0].scale - 595.0 / 842.0).abs() < 1e-4);
        let large = impose(
            4,
            (300.0, 400.0),
            &Settings {
                mode: Impose::Booklet,
                sheet: Some((700.0, 500.0)),
                signature: 0,
                creep: 0.0,
                marks: true,
            },
        );
        // Two fold marks and eight crop-mark arms.
        assert_eq!(large[0].marks.len(), 10);
        assert_eq!(large[0].slots[0].x, 50.0);
    }
}
