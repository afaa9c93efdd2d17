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
use crate::typeset::frame::{Item, LinkTarget, link_text_items};
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

/// A set paragraph: the structure elements it was set under, and its lines, whole or as an
/// outline (see [`outline`]).
#[derive(Debug, Clone)]
pub(super) struct Entry {
    nodes: NodeSignature,
    lines: Vec<Line>,
    /// The lines have their glyphs: they can be drawn.
    pub(super) whole: bool,
}

impl Entry {
    /// The lines of `par`, whole.
    pub(super) fn new(par: &Paragraph, lines: Vec<Line>) -> Entry {
        Entry {
            nodes: node_signature(par),
            lines,
            whole: true,
        }
    }

    /// The number of glyphs its lines hold (what keeping it costs).
    pub(super) fn glyphs(&self) -> usize {
        self.lines
            .iter()
            .flat_map(|l| &l.items)
            .map(|p| match &p.item {
                Item::Text(text) => text.run.glyphs.len(),
                _ => 0,
            })
            .sum()
    }

    /// The entry with its lines as outlines.
    pub(super) fn outlined(self) -> Entry {
        Entry {
            nodes: self.nodes,
            lines: self.lines.iter().map(outline).collect(),
            whole: false,
        }
    }
}

/// A line as the passes that only find where things land need it: its notes, anchors, width
/// and whether it is overfull, and the text items that may be part of a link's text (without
/// glyphs, [`link_text_items`]); not its glyphs, rules or link areas, nor its text for dumps.
/// Pages filled with outlines break where pages of whole lines break, since filling a page
/// reads nothing else.
fn outline(line: &Line) -> Line {
    let mut items = link_text_items(&line.items);
    items.shrink_to_fit();
    Line {
        items,
        notes: line.notes.clone(),
        anchors: line.anchors.clone(),
        overfull: line.overfull,
        text: String::new(),
        width: line.width,
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

    /// True when the paragraph of `key` has been set and kept whole.
    pub(super) fn contains_whole(&self, key: &Key) -> bool {
        self.entries.borrow().get(key).is_some_and(|e| e.whole)
    }

    /// The lines of `par` if a paragraph of the same key has been set (whole or as outlines),
    /// their items moved to the structure elements of `par`.
    pub(super) fn get(&self, key: &Key, par: &Paragraph) -> Option<Vec<Line>> {
        let entries = self.entries.borrow();
        let entry = entries.get(key)?;
        Some(remapped(&entry.nodes, entry.lines.clone(), par))
    }

    /// The whole lines of `par` if a paragraph of the same key was kept whole, taken out of
    /// the cache (the pass that draws the pages uses each once, and frees it).
    pub(super) fn take_whole(&self, key: &Key, par: &Paragraph) -> Option<Vec<Line>> {
        let mut entries = self.entries.borrow_mut();
        if !entries.get(key)?.whole {
            return None;
        }
        let entry = entries.remove(key)?;
        Some(remapped(&entry.nodes, entry.lines, par))
    }

    /// Remembers set paragraphs.
    pub(super) fn extend(&self, entries: impl IntoIterator<Item = (Key, Entry)>) {
        self.entries.borrow_mut().extend(entries);
    }
}

/// `lines`, set under the structure elements `set_under`, with their items moved to the
/// structure elements of `par`.
fn remapped(set_under: &NodeSignature, mut lines: Vec<Line>, par: &Paragraph) -> Vec<Line> {
    {
        let nodes = node_signature(par);
        if *set_under != nodes {
            let map: HashMap<usize, Option<usize>> = set_under
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
    }
    lines
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
