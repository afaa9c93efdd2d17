//! A run of glyphs into the page, with the text it stands for: the glyph-to-text mapping
//! (ToUnicode, and krilla's `/ActualText` for clusters), the soft hyphen of a line-break
//! hyphen, and right-to-left runs drawn a word at a time in logical order, each word tagged
//! with its text, so that every reader gets the words in the order they are read.

use crate::pdf::tags::TagBuilder;
use crate::typeset::frame::TextItem;
use krilla::geom::Point;
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, SpanTag};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use std::borrow::Cow;
use std::ops::Range;

/// The soft hyphen: the text of a hyphen added where a line breaks inside a word. It is how
/// PDF marks a hyphen that only breaks the line (ISO 32000-1, 14.8.2.2.3), so that the word
/// reads whole.
const SOFT_HYPHEN: char = '\u{ad}';

/// Draws `text` at `at` in `font`; with `tags`, as content of its structure element (or as an
/// artifact when it has none).
pub(super) fn draw_text(
    surface: &mut Surface,
    text: &TextItem,
    at: Point,
    font: Font,
    tags: Option<&mut TagBuilder>,
) {
    let (content, glyphs) = glyphs(text);
    let draw = |surface: &mut Surface, glyphs: &[KrillaGlyph], x: f32| {
        surface.draw_glyphs(
            Point::from_xy(x, at.y),
            glyphs,
            font.clone(),
            &content,
            text.run.size,
            false,
        );
    };
    let Some(tags) = tags else {
        draw(surface, &glyphs, at.x);
        return;
    };
    let Some(node) = text.node else {
        surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
            ArtifactType::PaginationOther,
        )));
        draw(surface, &glyphs, at.x);
        surface.end_tagged();
        return;
    };
    let lang = text
        .lang
        .as_deref()
        .filter(|l| Some(*l) != tags.lang_of(node).as_deref());
    if !text.run.rtl {
        let id = surface.start_tagged(ContentTag::Span(SpanTag::empty().with_lang(lang)));
        tags.leaf(node, id);
        draw(surface, &glyphs, at.x);
        surface.end_tagged();
        return;
    }
    // Right to left: the glyphs are in visual order, the text in logical order. Each word
    // (with the space that follows it, at its left) is drawn on its own, the first word read
    // first, tagged with its text: readers that follow the content (a screen reader walking
    // the structure tree) and readers that follow the positions (text extraction) both get
    // the words in logical order, each whole with its marks.
    let words = words(&content, &glyphs);
    for word in words.iter().rev() {
        let actual = &content[word.text.clone()];
        let id = surface.start_tagged(ContentTag::Span(
            SpanTag::empty()
                .with_lang(lang)
                .with_actual_text(Some(actual)),
        ));
        tags.leaf(node, id);
        draw(
            surface,
            &glyphs[word.glyphs.clone()],
            at.x + word.x * text.run.size,
        );
        surface.end_tagged();
    }
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

/// A word of a right-to-left run: its glyphs (in visual order), its text in `content`, and
/// where it starts, in ems from the run's start.
struct Word {
    glyphs: Range<usize>,
    text: Range<usize>,
    x: f32,
}

/// The words of a right-to-left run, in visual order: a new word starts at each space glyph,
/// which belongs to the word at its right (the one it follows in reading).
fn words(content: &str, glyphs: &[KrillaGlyph]) -> Vec<Word> {
    use krilla::text::Glyph;
    let is_space = |g: &KrillaGlyph| {
        content
            .get(g.text_range())
            .is_some_and(|t| !t.is_empty() && t.chars().all(char::is_whitespace))
    };
    let mut words: Vec<Word> = Vec::new();
    let mut x = 0.0;
    for (i, g) in glyphs.iter().enumerate() {
        let range = g.text_range();
        match words.last_mut() {
            // A space glyph, after a space glyph or not, starts a new word, unless the word
            // so far is only spaces.
            Some(word)
                if !(is_space(g) && glyphs[word.glyphs.clone()].iter().any(|w| !is_space(w))) =>
            {
                word.glyphs.end = i + 1;
                word.text = word.text.start.min(range.start)..word.text.end.max(range.end);
            }
            _ => words.push(Word {
                glyphs: i..i + 1,
                text: range,
                x,
            }),
        }
        x += g.x_advance(1.0);
    }
    words
}
