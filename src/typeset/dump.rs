//! A plain-text dump of laid-out pages, the layout's test surface: snapshot tests compare it
//! with a file beside the fixture and show a change as a diff, without rendering a PDF.
//!
//! ```text
//! page 1 419.5x595.3
//!   y 80.1 x 56.7..362.8 The first line of text
//!   rule 100.0x0.4 at 56.7,520.0
//!   image 120.0x80.0 at 56.7,100.0 (#0)
//!   link 30.0x12.0 at 56.7,70.3 -> https://example.org/
//!   anchor entry-1 at 72.0
//! ```
//!
//! Text items in a row (the runs of one line, a superscript among them) make one line, with
//! the lowest baseline, the leftmost start, the rightmost end and the runs' text joined; a
//! hyphen added at a break shows as `-`. Every number is in points with one decimal; the
//! order is the drawing order, which is the reading order. Nothing depends on addresses or on
//! the order of a hash map, so the dump is the same on every run.

use super::frame::{Document, Item, LinkTarget, Page, TextItem};
use std::fmt::Write;

/// The dump of every page of `document`.
pub fn dump(document: &Document) -> String {
    let mut out = String::new();
    for (index, page) in document.pages.iter().enumerate() {
        dump_page(&mut out, index + 1, page);
    }
    out
}

/// A text line being gathered: baseline, start, end, text, and the links over it.
struct Row {
    y: f32,
    x0: f32,
    x1: f32,
    text: String,
    links: Vec<String>,
}

/// Writes the row, if any, then its links.
fn flush(row: &mut Option<Row>, out: &mut String) {
    if let Some(r) = row.take() {
        let _ = writeln!(
            out,
            "  y {} x {}..{} {}",
            pt(r.y),
            pt(r.x0),
            pt(r.x1),
            r.text
        );
        for link in r.links {
            out.push_str(&link);
        }
    }
}

fn dump_page(out: &mut String, number: usize, page: &Page) {
    // A landscape page says so: its items are in the turned frame (x along the height).
    let turned = if page.turned { " turned" } else { "" };
    let _ = writeln!(
        out,
        "page {number} {}x{}{turned}",
        pt(page.width),
        pt(page.height)
    );
    let mut row: Option<Row> = None;
    // A link is drawn just before the text it covers: it is written after that text's row,
    // so that it does not split the row.
    let mut pending: Vec<String> = Vec::new();
    for positioned in &page.items {
        let (x, y) = (positioned.x, positioned.y);
        let item = &positioned.item;
        if !matches!(item, Item::Text(_) | Item::Link { .. }) {
            flush(&mut row, out);
            for link in pending.drain(..) {
                out.push_str(&link);
            }
        }
        match item {
            Item::Text(text) => {
                let width = text.run.width();
                let size = text.run.size;
                let words = run_text(text);
                // A run belongs to the row when its baseline is within its own size of the
                // row's (a superscript is raised by less than that, the next line by more).
                match &mut row {
                    Some(r) if (r.y - y).abs() < size => {
                        r.y = r.y.max(y);
                        r.x0 = r.x0.min(x);
                        r.x1 = r.x1.max(x + width);
                        r.text.push_str(&words);
                        r.links.append(&mut pending);
                    }
                    _ => {
                        flush(&mut row, out);
                        row = Some(Row {
                            y,
                            x0: x,
                            x1: x + width,
                            text: words,
                            links: std::mem::take(&mut pending),
                        });
                    }
                }
            }
            Item::Link {
                width,
                height,
                target,
                ..
            } => {
                let target = match target {
                    LinkTarget::Url(url) => url.clone(),
                    LinkTarget::Anchor(name) => format!("#{name}"),
                };
                pending.push(format!(
                    "  link {}x{} at {},{} -> {target}\n",
                    pt(*width),
                    pt(*height),
                    pt(x),
                    pt(y)
                ));
            }
            Item::Rule { width, thickness } => {
                let _ = writeln!(
                    out,
                    "  rule {}x{} at {},{}",
                    pt(*width),
                    pt(*thickness),
                    pt(x),
                    pt(y)
                );
            }
            Item::Image {
                image,
                width,
                height,
                ..
            } => {
                let _ = writeln!(
                    out,
                    "  image {}x{} at {},{} (#{image})",
                    pt(*width),
                    pt(*height),
                    pt(x),
                    pt(y)
                );
            }
            Item::Fill { rects, color, .. } => {
                let [r, g, b] = color;
                let _ = writeln!(
                    out,
                    "  fill {} rects #{r:02x}{g:02x}{b:02x} at {},{}",
                    rects.len(),
                    pt(x),
                    pt(y)
                );
            }
        }
    }
    flush(&mut row, out);
    for link in pending {
        out.push_str(&link);
    }
    for anchor in &page.anchors {
        let _ = writeln!(out, "  anchor {} at {}", anchor.name, pt(anchor.y));
    }
}

/// The text a run sets, with a `-` for each glyph that sets none (the hyphen added at a
/// break); line ends and other controls are written as escapes.
fn run_text(item: &TextItem) -> String {
    let range = item.run.range.clone();
    let text = item.text.get(range).unwrap_or_default();
    let mut out: String = text.chars().flat_map(char::escape_debug).collect();
    // A quotation mark or apostrophe needs no escape in a dump.
    out = out.replace("\\\"", "\"").replace("\\'", "'");
    for glyph in &item.run.glyphs {
        if glyph.range.is_empty() {
            out.push('-');
        }
    }
    out
}

/// A length with one decimal, never "-0.0".
fn pt(value: f32) -> String {
    let s = format!("{value:.1}");
    if s == "-0.0" { "0.0".to_string() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::font::FontId;
    use crate::typeset::frame::{Anchor, Positioned};
    use crate::typeset::shape::{Glyph, ShapedRun};
    use std::sync::Arc;

    /// A run over `text[range]`, one glyph of half an em per byte.
    fn run(text: &Arc<str>, range: std::ops::Range<usize>, size: f32) -> TextItem {
        let glyphs = range
            .clone()
            .map(|i| Glyph {
                id: 1,
                advance: 0.5,
                x_offset: 0.0,
                y_offset: 0.0,
                range: i..i + 1,
            })
            .collect();
        TextItem {
            run: ShapedRun {
                font: FontId(0),
                size,
                rtl: false,
                range,
                glyphs,
                track: 0.0,
            },
            text: text.clone(),
            node: None,
            lang: None,
        }
    }

    fn at(x: f32, y: f32, item: Item) -> Positioned {
        Positioned { x, y, item }
    }

    #[test]
    fn lines_rules_images_links_and_anchors() {
        let text: Arc<str> = Arc::from("Hello world1 next");
        let mut hyphenated = run(&text, 13..17, 10.0);
        hyphenated.run.glyphs.push(Glyph {
            id: 2,
            advance: 0.3,
            x_offset: 0.0,
            y_offset: 0.0,
            range: 17..17,
        });
        let mut page = Page::new(419.53, 595.28);
        page.items = vec![
            at(
                50.0,
                100.0,
                Item::Link {
                    width: 30.0,
                    height: 12.0,
                    target: LinkTarget::Url("https://example.org/".into()),
                    node: None,
                },
            ),
            at(50.0, 100.0, Item::Text(run(&text, 0..6, 10.0))),
            at(80.0, 100.0, Item::Text(run(&text, 6..11, 10.0))),
            // A note marker, raised and smaller: still the same line.
            at(105.0, 95.3, Item::Text(run(&text, 11..12, 7.0))),
            at(50.0, 114.0, Item::Text(hyphenated)),
            at(
                50.0,
                120.04,
                Item::Rule {
                    width: 100.0,
                    thickness: 0.4,
                },
            ),
            at(
                -0.01,
                130.0,
                Item::Image {
                    image: 0,
                    width: 120.0,
                    height: 80.0,
                    node: Some(3),
                },
            ),
            at(
                50.0,
                220.0,
                Item::Fill {
                    rects: vec![[0.0, 0.0, 1.0, 1.0], [2.0, 0.0, 1.0, 1.0]],
                    color: [0, 0, 0],
                    node: None,
                },
            ),
            at(
                60.0,
                240.0,
                Item::Link {
                    width: 10.0,
                    height: 12.0,
                    target: LinkTarget::Anchor("note-1".into()),
                    node: None,
                },
            ),
        ];
        page.anchors.push(Anchor {
            name: "entry-1".into(),
            y: 72.0,
        });
        let document = Document {
            pages: vec![page, Page::new(100.0, 200.0)],
            ..Document::default()
        };
        let expected = "\
page 1 419.5x595.3
  y 100.0 x 50.0..108.5 Hello world1
  link 30.0x12.0 at 50.0,100.0 -> https://example.org/
  y 114.0 x 50.0..73.0 next-
  rule 100.0x0.4 at 50.0,120.0
  image 120.0x80.0 at 0.0,130.0 (#0)
  fill 2 rects #000000 at 50.0,220.0
  link 10.0x12.0 at 60.0,240.0 -> #note-1
  anchor entry-1 at 72.0
page 2 100.0x200.0
";
        assert_eq!(dump(&document), expected);
    }

    #[test]
    fn controls_are_escaped_and_quotes_kept() {
        let text: Arc<str> = Arc::from("it's \"code\"\n");
        let mut page = Page::new(100.0, 100.0);
        page.items = vec![at(0.0, 10.0, Item::Text(run(&text, 0..text.len(), 10.0)))];
        let document = Document {
            pages: vec![page],
            ..Document::default()
        };
        assert_eq!(
            dump(&document),
            "page 1 100.0x100.0\n  y 10.0 x 0.0..60.0 it's \"code\"\\n\n"
        );
    }
}
