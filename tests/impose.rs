//! Booklet and two-up imposition of `book/`: every half of every sheet holds the logical page
//! the saddle-stitch order puts there, read back with `pdftotext` from that half alone; the
//! logical PDF is unchanged by imposing.

mod common;

use chapbook::build::{BuildOptions, Format, build};
use chapbook::config::Impose;
use chapbook::pdf::impose::{Side, booklet_order, two_up_order};
use common::*;
use std::path::Path;
use std::process::Command;

fn pdftotext(pdf: &Path, page: usize, crop: Option<(f32, f32, f32, f32)>) -> Option<String> {
    let n = page.to_string();
    let mut cmd = Command::new("pdftotext");
    cmd.args(["-f", &n, "-l", &n, "-enc", "UTF-8", "-r", "72"]);
    if let Some((x, y, w, h)) = crop {
        for (flag, v) in [("-x", x), ("-y", y), ("-W", w), ("-H", h)] {
            cmd.arg(flag).arg((v.round() as i64).to_string());
        }
    }
    match cmd.arg(pdf).arg("-").output() {
        Ok(out) => Some(
            String::from_utf8_lossy(&out.stdout)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        ),
        Err(e) => {
            assert!(!strict(), "pdftotext is required (CHAPBOOK_STRICT=1): {e}");
            None
        }
    }
}

fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

fn check(mode: Impose, order: fn(usize) -> Vec<Side>, suffix: &str) {
    let dir = tempfile::tempdir().unwrap();
    let outcome = build(&BuildOptions {
        book_dir: repo().join("book"),
        out_dir: dir.path().to_path_buf(),
        formats: vec![Format::Pdf],
        impose: Some(mode),
        handouts: false,
    });
    assert!(!outcome.failed());
    assert_eq!(
        outcome.outputs.len(),
        2,
        "the logical PDF and the imposed one"
    );
    let logical = &outcome.outputs[0];
    let imposed = &outcome.outputs[1];
    assert!(
        imposed.to_string_lossy().ends_with(suffix),
        "{}",
        imposed.display()
    );
    if pdftotext(logical, 1, None).is_none() {
        return;
    }
    let n = pages(logical);
    let sides = order(n);
    assert_eq!(pages(imposed), sides.len(), "one PDF page per sheet side");
    // A5 pages on A4 landscape: each half is one page, unscaled.
    let (w, h) = (419.53, 595.28);
    let page_text =
        |p: Option<usize>| p.map_or(String::new(), |p| pdftotext(logical, p + 1, None).unwrap());
    for (i, side) in sides.iter().enumerate() {
        let left = pdftotext(imposed, i + 1, Some((0.0, 0.0, w, h))).unwrap();
        let right = pdftotext(imposed, i + 1, Some((w, 0.0, w, h))).unwrap();
        assert_eq!(left, page_text(side.left), "side {}: left half", i + 1);
        assert_eq!(right, page_text(side.right), "side {}: right half", i + 1);
    }
}

#[test]
fn booklet_sheets_hold_the_saddle_stitch_pages() {
    check(Impose::Booklet, |n| booklet_order(n, 0), "-booklet.pdf");
}

#[test]
fn two_up_sheets_hold_consecutive_pages() {
    check(Impose::TwoUp, two_up_order, "-2up.pdf");
}

#[test]
fn first_booklet_sheet_has_the_cover_right_and_page_two_on_its_back() {
    // The order itself, for a 21-page book: padded to 24, the outer sheet carries the last
    // (blank) page left of the cover, and on its back page 2 beside page 23 (blank).
    let sides = booklet_order(21, 0);
    assert_eq!((sides[0].left, sides[0].right), (None, Some(0)));
    assert_eq!((sides[1].left, sides[1].right), (Some(1), None));
    assert_eq!((sides[3].left, sides[3].right), (Some(3), Some(20)));
}
