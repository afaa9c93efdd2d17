//! A run of glyphs into the page, with the text it stands for: the glyph-to-text mapping
//! (ToUnicode, and krilla's `/ActualText` for clusters and `/ReversedChars` for
//! right-to-left words) and the soft hyphen of a line-break hyphen.

use crate::pdf::tags::TagBuilder;
use crate::typeset::frame::TextItem;
use krilla::geom::{Point, Transform};
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, SpanTag};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use std::borrow::Cow;

/// The soft hyphen: the text of a hyphen added where a line breaks inside a word. It is how
/// PDF marks a hyphen that only breaks the line (ISO 32000-1, 14.8.2.2.3), so that the word
/// reads whole.
const SOFT_HYPHEN: char = '\u{ad}';

/// Draws `text` at `at` in `font`; with `tags`, as content of its structure element (or as an
/// artifact of kind `artifact` when it has none).
pub(super) fn draw_text(
    surface: &mut Surface,
    text: &TextItem,
    at: Point,
    font: Font,
    tags: Option<&mut TagBuilder>,
    artifact: ArtifactType,
) {
    let (content, glyphs) = glyphs(text);
    let expand = 1.0 + text.run.track;
    let draw = |surface: &mut Surface| {
        if expand == 1.0 {
            surface.draw_glyphs(at, &glyphs, font, &content, text.run.size, false);
            return;
        }
        // An expanded run is drawn at its advances and scaled as a whole: one transform
        // for the run, where spacing out each letter would write an adjustment per glyph
        // (krilla has no character spacing, `Tc`), three quarters more bytes in a book.
        surface.push_transform(&Transform::from_row(expand, 0.0, 0.0, 1.0, at.x, at.y));
        surface.draw_glyphs(
            Point::from_xy(0.0, 0.0),
            &glyphs,
            font,
            &content,
            text.run.size,
            false,
        );
        surface.pop();
    };
    let Some(tags) = tags else {
        draw(surface);
        return;
    };
    let Some(node) = text.node else {
        surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(artifact)));
        draw(surface);
        surface.end_tagged();
        return;
    };
    let lang = text
        .lang
        .as_deref()
        .filter(|l| Some(*l) != tags.lang_of(node).as_deref());
    // A right-to-left run keeps its glyphs in visual order, with krilla's `/ReversedChars`
    // on each word: what PDFium, MuPDF and poppler read best. `/ActualText` in logical order
    // (on the marked content or on a structure element) would say the words exactly, but
    // those three read it as visual text and give every word reversed (and MuPDF 1.26
    // crashes on it per word): see tests/reading_order.rs.
    let id = surface.start_tagged(ContentTag::Span(SpanTag::empty().with_lang(lang)));
    tags.leaf(node, id);
    draw(surface);
    surface.end_tagged();
}

/// The text the glyphs map into (the run's own, with a soft hyphen after it when a hyphen was
/// added at the line's end) and the glyphs with their ranges in it.
fn glyphs(text: &TextItem) -> (Cow<'_, str>, Vec<KrillaGlyph>) {
    // A hyphen added at a break sets no character of the text: it has an empty range.
    let hyphenated = text.run.glyphs.iter().any(|g| g.range.is_empty());
    // The stretch of text the run's glyphs set (a cluster may reach past the run's range).
    let set = text
        .run
        .glyphs
        .iter()
        .filter(|g| !g.range.is_empty())
        .fold(text.run.range.clone(), |r, g| {
            r.start.min(g.range.start)..r.end.max(g.range.end)
        });
    let (content, base, own): (Cow<str>, usize, bool) = match text.text.get(set.clone()) {
        Some(own) if hyphenated => (format!("{own}{SOFT_HYPHEN}").into(), set.start, true),
        _ => (Cow::Borrowed(&text.text), 0, false),
    };
    let hyphen = content.len().saturating_sub(SOFT_HYPHEN.len_utf8())..content.len();
    let glyphs = text
        .run
        .glyphs
        .iter()
        .map(|g| {
            KrillaGlyph::new(
                GlyphId::new(u32::from(g.id)),
                g.advance,
                g.x_offset,
                -g.y_offset,
                0.0,
                if g.range.is_empty() && own {
                    hyphen.clone()
                } else {
                    g.range.start.saturating_sub(base)..g.range.end.saturating_sub(base)
                },
                None,
            )
        })
        .collect();
    (content, glyphs)
}
