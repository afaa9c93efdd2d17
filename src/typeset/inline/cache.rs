//! What the setter remembers: paragraphs already set, keyed by everything that decides how
//! they are set, and the hyphenation points of words already seen.
//!
//! The key is a value with derived `Hash` and `Eq`, made from the paragraph by destructuring
//! each input struct without `..`: a field added to [`Span`] or [`ParagraphStyle`] does not
//! compile until it is put in the key (or left out on purpose, as the structure elements are),
//! so the cache can never serve lines set for another input.

use super::Line;
use crate::typeset::content::{Alignment, InlineImage, Paragraph, ParagraphStyle, Span};
use crate::typeset::font::FontRequest;
use crate::typeset::frame::{Item, LinkTarget};
use crate::typeset::hyphenate::Hyphenator;
use std::cell::RefCell;
use std::collections::HashMap;

/// A length in a key, by its bits: `f32` is neither `Eq` nor `Hash`, and two lengths that set
/// the same lines have the same bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Bits(u32);

impl From<f32> for Bits {
    fn from(value: f32) -> Self {
        Bits(value.to_bits())
    }
}

/// Everything about a span that decides how a paragraph is set.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct SpanKey {
    text: String,
    font: FontRequest,
    size: Bits,
    lang: Option<String>,
    link: Option<LinkTarget>,
    superscript: bool,
    subscript: bool,
    strike: bool,
    ltr: bool,
    notes: Vec<usize>,
    anchors: Vec<String>,
    /// An inline image's index, width, height and descent.
    image: Option<(usize, Bits, Bits, Bits)>,
}

impl From<&Span> for SpanKey {
    fn from(span: &Span) -> Self {
        let Span {
            text,
            font,
            size,
            lang,
            link,
            superscript,
            subscript,
            strike,
            ltr,
            notes,
            anchors,
            // Not how the text is set, only which element it belongs to: see `NodeSignature`.
            node: _,
            image,
        } = span;
        SpanKey {
            text: text.clone(),
            font: *font,
            size: Bits::from(*size),
            lang: lang.clone(),
            link: link.clone(),
            superscript: *superscript,
            subscript: *subscript,
            strike: *strike,
            ltr: *ltr,
            notes: notes.clone(),
            anchors: anchors.clone(),
            image: image.as_ref().map(|i| {
                let InlineImage {
                    image,
                    width,
                    height,
                    descent,
                    // See `NodeSignature`.
                    node: _,
                } = i;
                (
                    *image,
                    Bits::from(*width),
                    Bits::from(*height),
                    Bits::from(*descent),
                )
            }),
        }
    }
}

/// Everything about a paragraph's style that decides how it is set.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct StyleKey {
    align: Alignment,
    leading: Bits,
    first_indent: Bits,
    start_indent: Bits,
    end_indent: Bits,
    space_before: Bits,
    space_after: Bits,
    keep_with_next: bool,
    hyphenate: bool,
    rtl: bool,
    preformatted: bool,
    marker: Option<SpanKey>,
    trailer: Option<SpanKey>,
    wrap: Option<(usize, Bits, bool)>,
}

impl From<&ParagraphStyle> for StyleKey {
    fn from(style: &ParagraphStyle) -> Self {
        let ParagraphStyle {
            align,
            leading,
            first_indent,
            start_indent,
            end_indent,
            space_before,
            space_after,
            keep_with_next,
            hyphenate,
            rtl,
            preformatted,
            marker,
            trailer,
            wrap,
        } = style;
        StyleKey {
            align: *align,
            leading: Bits::from(*leading),
            first_indent: Bits::from(*first_indent),
            start_indent: Bits::from(*start_indent),
            end_indent: Bits::from(*end_indent),
            space_before: Bits::from(*space_before),
            space_after: Bits::from(*space_after),
            keep_with_next: *keep_with_next,
            hyphenate: *hyphenate,
            rtl: *rtl,
            preformatted: *preformatted,
            marker: marker.as_ref().map(SpanKey::from),
            trailer: trailer.as_ref().map(SpanKey::from),
            wrap: wrap.map(|w| (w.lines, Bits::from(w.width), w.left)),
        }
    }
}

/// A paragraph and the width it is set at, less its structure elements.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Key {
    spans: Vec<SpanKey>,
    style: StyleKey,
    width: Bits,
}

impl Key {
    /// The key of `par` set at `width`.
    pub(super) fn new(par: &Paragraph, width: f32) -> Key {
        let Paragraph {
            spans,
            style,
            // See `NodeSignature`.
            node: _,
        } = par;
        Key {
            spans: spans.iter().map(SpanKey::from).collect(),
            style: StyleKey::from(style),
            width: Bits::from(width),
        }
    }
}

/// The structure elements a paragraph's items can belong to, in a fixed order: the
/// paragraph's, each span's, the marker's and the trailer's. They do not change how a
/// paragraph is set, only which element its items belong to, so they are not in the key: a
/// paragraph set before under other elements is reused, its items moved to the new ones.
type NodeSignature = Vec<Option<usize>>;

fn node_signature(par: &Paragraph) -> NodeSignature {
    let mut nodes = vec![par.node];
    nodes.extend(par.spans.iter().map(|s| s.node));
    nodes.extend(
        par.spans
            .iter()
            .map(|s| s.image.as_ref().and_then(|i| i.node)),
    );
    nodes.push(par.style.marker.as_ref().and_then(|s| s.node));
    nodes.push(par.style.trailer.as_ref().and_then(|s| s.node));
    nodes
}

/// A set paragraph: the structure elements it was set under, and its lines.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    nodes: NodeSignature,
    lines: Vec<Line>,
}

impl Entry {
    /// The lines of `par`.
    pub(super) fn new(par: &Paragraph, lines: Vec<Line>) -> Entry {
        Entry {
            nodes: node_signature(par),
            lines,
        }
    }
}

/// Paragraphs already set: layout runs twice (the contents need page numbers), and the second
/// run changes only the contents.
#[derive(Default)]
pub(super) struct ParagraphCache {
    entries: RefCell<HashMap<Key, Entry>>,
}

impl ParagraphCache {
    /// True when the paragraph of `key` has been set.
    pub(super) fn contains(&self, key: &Key) -> bool {
        self.entries.borrow().contains_key(key)
    }

    /// The lines of `par` if a paragraph of the same key has been set, their items moved to
    /// the structure elements of `par`.
    pub(super) fn get(&self, key: &Key, par: &Paragraph) -> Option<Vec<Line>> {
        let entries = self.entries.borrow();
        let entry = entries.get(key)?;
        let mut lines = entry.lines.clone();
        let nodes = node_signature(par);
        if entry.nodes != nodes {
            let map: HashMap<usize, Option<usize>> = entry
                .nodes
                .iter()
                .zip(&nodes)
                .filter_map(|(old, new)| old.map(|o| (o, *new)))
                .collect();
            let remap = |node: &mut Option<usize>| {
                if let Some(n) = node
                    && let Some(new) = map.get(n)
                {
                    *node = *new;
                }
            };
            for line in &mut lines {
                for item in &mut line.items {
                    match &mut item.item {
                        Item::Text(text) => remap(&mut text.node),
                        Item::Link { node, .. }
                        | Item::Image { node, .. }
                        | Item::Fill { node, .. } => remap(node),
                        Item::Rule { .. } => {}
                    }
                }
            }
        }
        Some(lines)
    }

    /// Remembers set paragraphs.
    pub(super) fn extend(&self, entries: impl IntoIterator<Item = (Key, Entry)>) {
        self.entries.borrow_mut().extend(entries);
    }
}

/// Hyphenation points by language tag, then word: text repeats its words, and finding a
/// word's points by patterns costs more than looking them up.
#[derive(Default)]
pub(super) struct HyphenationCache {
    words: RefCell<HashMap<String, HashMap<String, Vec<usize>>>>,
}

impl HyphenationCache {
    /// Where `word`, in language `lang`, may be hyphenated (byte offsets), remembered.
    pub(super) fn points(&self, lang: &str, word: &str) -> Vec<usize> {
        let mut cache = self.words.borrow_mut();
        if !cache.contains_key(lang) {
            cache.insert(lang.to_string(), HashMap::new());
        }
        let words = cache.get_mut(lang).expect("inserted above");
        if let Some(points) = words.get(word) {
            return points.clone();
        }
        let points = Hyphenator::for_lang(lang)
            .map(|h| h.breaks(word))
            .unwrap_or_default();
        words.insert(word.to_string(), points.clone());
        points
    }
}
