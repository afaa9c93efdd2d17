//! What the setter remembers: paragraphs already set, keyed by everything that decides how
//! they are set, and the hyphenation points of words already seen.
//!
//! The key is made from the paragraph by destructuring each input struct without `..`: a
//! field added to [`Span`] or [`ParagraphStyle`] does not compile until it is put in the key
//! (or left out on purpose, as the structure elements are). What is kept is not the key but
//! its fingerprint, the first 128 bits of a SHA-256 hash of it (a key would hold a second copy
//! of the book's text): two inputs that differ in anything the key holds have different
//! fingerprints, short of a SHA-256 collision, which no one has ever found, so the cache never
//! serves lines set for another input.

use super::Line;
use super::pack::{Packed, pack};
use crate::typeset::content::{Alignment, InlineImage, Paragraph, ParagraphStyle, Span};
use crate::typeset::font::FontRequest;
use crate::typeset::frame::{Item, LinkTarget, link_text_items};
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

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
#[derive(Hash)]
struct SpanKey<'a> {
    text: &'a str,
    font: FontRequest,
    size: Bits,
    lang: Option<&'a str>,
    link: Option<&'a LinkTarget>,
    superscript: bool,
    subscript: bool,
    strike: bool,
    ltr: bool,
    notes: &'a [usize],
    anchors: &'a [String],
    /// An inline image's index, width, height and descent.
    image: Option<(usize, Bits, Bits, Bits)>,
}

impl<'a> From<&'a Span> for SpanKey<'a> {
    fn from(span: &'a Span) -> Self {
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
            text,
            font: *font,
            size: Bits::from(*size),
            lang: lang.as_deref(),
            link: link.as_ref(),
            superscript: *superscript,
            subscript: *subscript,
            strike: *strike,
            ltr: *ltr,
            notes,
            anchors,
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
#[derive(Hash)]
struct StyleKey<'a> {
    align: Alignment,
    leading: Bits,
    first_indent: Bits,
    start_indent: Bits,
    end_indent: Bits,
    space_before: Bits,
    space_after: Bits,
    keep_with_next: bool,
    hyphenate: bool,
    hyphen_limit: usize,
    rtl: bool,
    preformatted: bool,
    hang: Bits,
    marker: Option<SpanKey<'a>>,
    trailer: Option<SpanKey<'a>>,
    wrap: Option<(usize, Bits, bool)>,
    balance: bool,
}

impl<'a> From<&'a ParagraphStyle> for StyleKey<'a> {
    fn from(style: &'a ParagraphStyle) -> Self {
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
            hyphen_limit,
            rtl,
            preformatted,
            hang,
            marker,
            trailer,
            wrap,
            balance,
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
            hyphen_limit: *hyphen_limit,
            rtl: *rtl,
            preformatted: *preformatted,
            hang: Bits::from(*hang),
            marker: marker.as_deref().map(SpanKey::from),
            trailer: trailer.as_deref().map(SpanKey::from),
            wrap: wrap.map(|w| (w.lines, Bits::from(w.width), w.left)),
            balance: *balance,
        }
    }
}

/// A paragraph and the width it is set at, less its structure elements.
#[derive(Hash)]
struct KeyParts<'a> {
    spans: Vec<SpanKey<'a>>,
    style: StyleKey<'a>,
    width: Bits,
}

/// The fingerprint of a paragraph's key (see the module's comment).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Key([u8; 16]);

impl Key {
    /// The key of `par` set at `width`.
    pub(super) fn new(par: &Paragraph, width: f32) -> Key {
        let Paragraph {
            spans,
            style,
            // See `NodeSignature`.
            node: _,
        } = par;
        let parts = KeyParts {
            spans: spans.iter().map(SpanKey::from).collect(),
            style: StyleKey::from(style),
            width: Bits::from(width),
        };
        // What `Hash` writes is gathered first and hashed in one call: SHA-256 of the same
        // bytes, without a call into the hash for every field (most are a few bytes).
        let digest = BYTES.with_borrow_mut(|bytes| {
            bytes.clear();
            parts.hash(&mut Fingerprinter(bytes));
            let digest = Sha256::digest(&bytes[..]);
            // A very long paragraph's buffer is not kept.
            if bytes.capacity() > 1 << 20 {
                *bytes = Vec::new();
            }
            digest
        });
        let mut key = [0; 16];
        key.copy_from_slice(&digest[..16]);
        Key(key)
    }
}

thread_local! {
    /// The bytes of the key being fingerprinted, one buffer per thread.
    static BYTES: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Gathers what `Hash` writes, for SHA-256. The derived `Hash` of the key's types writes every
/// field, the length of every list and a terminator after every string, so different keys
/// write different bytes.
struct Fingerprinter<'b>(&'b mut Vec<u8>);

impl Hasher for Fingerprinter<'_> {
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }

    /// Not used: the fingerprint is the whole digest ([`Key::new`]).
    fn finish(&self) -> u64 {
        0
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

/// A set paragraph: the structure elements it was set under, and its lines, whole (set ahead
/// for the pass that draws the pages) or as outlines (see [`outline`]) beside the whole lines
/// packed ([`Packed`]).
#[derive(Debug, Clone)]
pub(super) struct Entry {
    nodes: NodeSignature,
    lines: Vec<Line>,
    /// The whole lines, packed, when `lines` are outlines.
    packed: Option<Packed>,
}

impl Entry {
    /// The lines of `par`, whole: to be drawn, once.
    pub(super) fn new(par: &Paragraph, lines: Vec<Line>) -> Entry {
        Entry {
            nodes: node_signature(par),
            lines,
            packed: None,
        }
    }

    /// The lines of `par` to keep across the passes: their outlines, which filling pages
    /// reads, and the whole lines packed, which the pass that draws the pages unpacks.
    pub(super) fn kept(par: &Paragraph, lines: &[Line]) -> Entry {
        Entry {
            nodes: node_signature(par),
            lines: lines.iter().map(outline).collect(),
            packed: Some(pack(par, lines)),
        }
    }
}

/// A line as the passes that only find where things land need it: its notes, anchors, width,
/// whether it is overfull, the last character of its text (whether it ends in a hyphen: a
/// recto's page does not turn after one) and the text items that may be part of a link's
/// text (without glyphs, [`link_text_items`]); not its glyphs, rules or link areas, nor the
/// rest of its text. Pages filled with outlines break where pages of whole lines break, since
/// filling a page reads nothing else (`paginate`'s test
/// `outlines_fill_pages_as_whole_lines_do` holds it to that).
fn outline(line: &Line) -> Line {
    let mut items = link_text_items(&line.items);
    items.shrink_to_fit();
    Line {
        items,
        notes: line.notes.clone(),
        anchors: line.anchors.clone(),
        overfull: line.overfull,
        text: line
            .text
            .chars()
            .next_back()
            .map(String::from)
            .unwrap_or_default(),
        width: line.width,
    }
}

/// Paragraphs already set: layout runs twice (the contents need page numbers), and the second
/// run changes only the contents.
#[derive(Default)]
pub(super) struct ParagraphCache {
    entries: RefCell<HashMap<Key, Entry>>,
    /// How many times each paragraph was asked for in the pass so far (before the pass that
    /// draws, which lays out the same input again: there, the uses still to come).
    uses: RefCell<HashMap<Key, u32>>,
    /// The keys of this pass's paragraphs made when they were set ahead, by the paragraph's
    /// address and width: a paragraph's key is made once a pass, not again when its page is
    /// filled. Valid while the pass's input is, which holds its paragraphs in place: cleared
    /// when a pass begins.
    keys: RefCell<HashMap<(usize, u32), Key>>,
}

impl ParagraphCache {
    /// A pass over the whole input begins (`drawing`: the pass that draws, which keeps the
    /// uses the pass before it counted; any other counts them afresh).
    pub(super) fn begin_pass(&self, drawing: bool) {
        self.keys.borrow_mut().clear();
        if !drawing {
            self.uses.borrow_mut().clear();
        }
    }

    /// The key of `par` at `width`: the one made when it was set ahead in this pass, or a
    /// new one.
    pub(super) fn key(&self, par: &Paragraph, width: f32) -> Key {
        let at = (std::ptr::from_ref(par) as usize, width.to_bits());
        let known = self.keys.borrow().get(&at).copied();
        known.unwrap_or_else(|| Key::new(par, width))
    }

    /// Remembers the keys of paragraphs of this pass, at `width`.
    pub(super) fn remember_keys<'p>(
        &self,
        width: f32,
        keys: impl IntoIterator<Item = (&'p Paragraph, Key)>,
    ) {
        let mut known = self.keys.borrow_mut();
        for (par, key) in keys {
            known.insert((std::ptr::from_ref(par) as usize, width.to_bits()), key);
        }
    }

    /// Counts a use of the paragraph of `key` in this pass.
    pub(super) fn count_use(&self, key: &Key) {
        *self.uses.borrow_mut().entry(*key).or_default() += 1;
    }

    /// True when the paragraph of `key` has been set (and, drawing, not drawn yet).
    pub(super) fn contains(&self, key: &Key) -> bool {
        self.entries.borrow().contains_key(key)
    }

    /// The lines of `par` if a paragraph of the same key has been set: outlines for the
    /// passes that fill pages, whole lines (set ahead) for the pass that draws them.
    pub(super) fn get(&self, key: &Key, par: &Paragraph) -> Option<Vec<Line>> {
        let entries = self.entries.borrow();
        let entry = entries.get(key)?;
        Some(remapped(&entry.nodes, entry.lines.clone(), par))
    }

    /// The whole lines of `par` if a paragraph of the same key was set, unpacked, taken out
    /// of the cache at its last use in the pass that draws the pages (which makes the uses
    /// the pass before it counted), so that each is freed once drawn and set only once
    /// however often the book repeats it.
    pub(super) fn take_whole(&self, key: &Key, par: &Paragraph) -> Option<Vec<Line>> {
        let again = self.uses.borrow_mut().get_mut(key).is_some_and(|left| {
            *left = left.saturating_sub(1);
            *left > 0
        });
        let mut entries = self.entries.borrow_mut();
        if again {
            let entry = entries.get(key)?;
            let lines =
                (entry.packed.as_ref()).map_or_else(|| entry.lines.clone(), |p| p.unpack(par));
            return Some(remapped(&entry.nodes, lines, par));
        }
        let entry = entries.remove(key)?;
        let lines = match &entry.packed {
            Some(packed) => packed.unpack(par),
            None => entry.lines,
        };
        Some(remapped(&entry.nodes, lines, par))
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
