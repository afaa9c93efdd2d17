//! The cover image of a book that has none: an SVG of the title, subtitle, authors and
//! publisher on the style's cover colour, so that e-readers show a real cover in their
//! libraries (the XHTML cover page shows the same on the same colour).

use super::escape;
use crate::model::Book;
use std::fmt::Write;

/// Where the generated cover goes in the package.
pub(crate) const PATH: &str = "media/generated-cover.svg";

/// Width and height of the cover, in SVG user units (2:3, the shape of a paperback).
const WIDTH: f32 = 600.0;
const HEIGHT: f32 = 900.0;

/// The cover as an SVG document.
pub(crate) fn svg(book: &Book) -> String {
    let meta = &book.meta;
    let [r, g, b] = book.pdf_style.cover_background;
    let lang = meta.lang.to_string();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"{WIDTH}\" height=\"{HEIGHT}\" xml:lang=\"{lang}\">"
    );
    let _ = writeln!(s, "<title>{}</title>", escape(&meta.title));
    let _ = writeln!(
        s,
        "<rect x=\"0\" y=\"0\" width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"#{r:02x}{g:02x}{b:02x}\"/>"
    );
    let mut y = HEIGHT * 0.3;
    // Title: large, bold, wrapped to about 18 characters a line.
    for line in wrap(&meta.title, 18) {
        text(&mut s, y, 46.0, "bold", &line);
        y += 56.0;
    }
    y += 10.0;
    let _ = writeln!(
        s,
        "<rect x=\"{}\" y=\"{y}\" width=\"{}\" height=\"2\" fill=\"#222222\"/>",
        WIDTH * 0.35,
        WIDTH * 0.3
    );
    y += 50.0;
    if let Some(sub) = &meta.subtitle {
        for line in wrap(sub, 34) {
            text(&mut s, y, 26.0, "normal", &line);
            y += 34.0;
        }
        y += 20.0;
    }
    if !meta.creators.is_empty() {
        for line in wrap(&meta.creators.join(", "), 36) {
            text(&mut s, y, 24.0, "normal", &line);
            y += 32.0;
        }
    }
    if let Some(publisher) = &meta.publisher {
        text(&mut s, HEIGHT - 70.0, 20.0, "normal", publisher);
    }
    s.push_str("</svg>\n");
    s
}

fn text(s: &mut String, y: f32, size: f32, weight: &str, content: &str) {
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"{y}\" font-family=\"Noto Sans, sans-serif\" font-size=\"{size}\" font-weight=\"{weight}\" text-anchor=\"middle\" fill=\"#222222\">{}</text>",
        WIDTH / 2.0,
        escape(content)
    );
}

/// Splits text into lines of about `width` characters at spaces (a word longer than that
/// stands alone).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_at_spaces() {
        assert_eq!(
            wrap("UDHR, Articles 1 and 2 of the Declaration", 18),
            vec!["UDHR, Articles 1", "and 2 of the", "Declaration"]
        );
        assert_eq!(
            wrap("Өте-ұзын-сөз-бір-жолда", 5),
            vec!["Өте-ұзын-сөз-бір-жолда"]
        );
    }
}
