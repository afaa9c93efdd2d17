//! A PDF's lines of text with their boxes, as poppler's `pdftotext -bbox-layout` reads them:
//! what tests of page makeup measure (which page a line is on, where, how wide, how tall).

use std::path::Path;
use std::process::Command;

/// A line of words as pdftotext groups them, in points from the page's top-left corner.
#[derive(Debug, Clone)]
pub struct Line {
    /// Its words joined by single spaces.
    pub text: String,
    /// Left edge.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
    /// Top.
    pub y0: f32,
    /// Bottom.
    pub y1: f32,
}

impl Line {
    /// Its height (the size of its type, with the face's ascent and descent).
    pub fn height(&self) -> f32 {
        self.y1 - self.y0
    }
}

/// The lines of each page of `pdf`, in pdftotext's reading order; `None` when pdftotext is
/// not installed (a failure with `CHAPBOOK_STRICT=1`).
pub fn pages(pdf: &Path) -> Option<Vec<Vec<Line>>> {
    let out = match Command::new("pdftotext")
        .arg("-bbox-layout")
        .arg(pdf)
        .arg("-")
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            assert!(
                !super::strict(),
                "pdftotext is required (CHAPBOOK_STRICT=1): {e}"
            );
            eprintln!("NOTE: pdftotext not found; the page makeup is not measured");
            return None;
        }
    };
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    let xhtml = String::from_utf8(out.stdout).expect("pdftotext writes UTF-8");
    // The DOCTYPE names a DTD that is not fetched; roxmltree refuses DTDs by default.
    let body = &xhtml[xhtml.find("<html").expect("an html element")..];
    let doc = roxmltree::Document::parse(body).expect("pdftotext's XHTML parses");
    let number = |node: roxmltree::Node, name: &str| -> f32 {
        node.attribute(name)
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("a line without {name}"))
    };
    let pages = doc
        .descendants()
        .filter(|n| n.has_tag_name("page"))
        .map(|page| {
            page.descendants()
                .filter(|n| n.has_tag_name("line"))
                .map(|line| Line {
                    text: line
                        .children()
                        .filter(|w| w.has_tag_name("word"))
                        .filter_map(|w| w.text())
                        .collect::<Vec<_>>()
                        .join(" "),
                    x0: number(line, "xMin"),
                    x1: number(line, "xMax"),
                    y0: number(line, "yMin"),
                    y1: number(line, "yMax"),
                })
                .collect()
        })
        .collect();
    Some(pages)
}

/// The index (from 0) of the first page with a line containing `needle`.
pub fn page_of(pages: &[Vec<Line>], needle: &str) -> usize {
    find(pages, needle)
        .unwrap_or_else(|| panic!("no line contains `{needle}`"))
        .0
}

/// The first line containing `needle`, and its page (from 0).
pub fn find<'a>(pages: &'a [Vec<Line>], needle: &str) -> Option<(usize, &'a Line)> {
    pages.iter().enumerate().find_map(|(i, page)| {
        page.iter()
            .find(|line| line.text.contains(needle))
            .map(|line| (i, line))
    })
}

/// The height of body lines: the commonest line height of the pages from `from` on, to a
/// tenth of a point.
pub fn body_height(pages: &[Vec<Line>], from: usize) -> f32 {
    let mut counts: std::collections::BTreeMap<i32, usize> = Default::default();
    for line in pages[from..].iter().flatten() {
        *counts
            .entry((line.height() * 10.0).round() as i32)
            .or_default() += 1;
    }
    let (tenths, _) = counts
        .into_iter()
        .max_by_key(|&(h, n)| (n, -h))
        .expect("lines");
    tenths as f32 / 10.0
}
