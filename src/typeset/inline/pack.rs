//! Set lines packed tightly, so that a long book's paragraphs can be kept from the passes that
//! find the page numbers to the pass that draws the pages, without setting them twice and
//! without holding them as lines of glyph structs.
//!
//! A [`Line`] holds each glyph as a 32-byte struct, and each text item its own copy of its
//! language. Packed, a glyph is mostly one or two bytes: its index among the paragraph's
//! distinct glyphs (an id and the bits of an advance, each kept once: a paragraph uses a few
//! dozen, many times over), and flags; its text range only when it is not the next character
//! (a ligature, right-to-left text, a hyphen), its offsets only when they are not zero. Lines
//! and items take a few bytes more, and the paragraph's text is not kept at all: it is the
//! spans' text joined ([`collect`]), made again when the lines are unpacked. Every number
//! keeps its bits (an `f32` is stored whole), so the lines unpacked are the lines packed: the
//! pages and the PDF they make do not change by a byte. Items other than glyph runs (links,
//! rules, images, which are few) are kept as they are.

use super::Line;
use super::collect::collect;
use crate::typeset::content::Paragraph;
use crate::typeset::font::FontId;
use crate::typeset::frame::{Item, Positioned, TextItem};
use crate::typeset::shape::{Glyph, ShapedRun};
use std::collections::HashMap;
use std::sync::Arc;

/// Lines as bytes, and what does not go into bytes.
#[derive(Debug, Clone, Default)]
pub(super) struct Packed {
    /// The lines, one after another (see [`pack`] for the layout).
    bytes: Vec<u8>,
    /// The items that are not glyph runs, in order.
    others: Vec<Positioned>,
    /// Texts other than the paragraph's (a marker's, a line's text that is not a slice of
    /// the paragraph), languages and anchors, each once.
    strings: Vec<Arc<str>>,
    /// The glyphs (id, and the bits of the advance) the lines use, each once: a paragraph
    /// uses a few dozen, most many times over, so a glyph is mostly one byte.
    glyphs: Vec<(u16, u32)>,
}

// Flags of a line.
const OVERFULL: u64 = 1;
const NOTES: u64 = 2;
const ANCHORS: u64 = 4;
/// The line's text is a string of its own, not a slice of the paragraph's text.
const OWN_TEXT: u64 = 8;
/// The line's text is its slice of the paragraph's text and a hyphen.
const HYPHEN: u64 = 16;

// Flags of an item (shifted past its kind, the lowest bit).
const RTL: u64 = 1;
/// The item's text is a string of its own, not the paragraph's.
const OWN: u64 = 2;
const LANG: u64 = 4;
const NODE: u64 = 8;
/// The run is expanded (`ShapedRun::track`).
const TRACK: u64 = 16;

/// Kinds of an item.
const OTHER: u64 = 0;
const TEXT: u64 = 1;

/// How far past the start of the line before a line's text is looked for, in bytes.
const SEARCH: usize = 256;

// Flags of a glyph (below its index among the glyphs).
/// Its offsets are not both zero.
const OFFSETS: u64 = 1;
/// Its range is written out: it does not start where the glyph before ended, or it is not
/// one character long.
const RANGE: u64 = 2;

/// `lines` of `par`, packed.
pub(super) fn pack(par: &Paragraph, lines: &[Line]) -> Packed {
    let text = collect(&par.spans).text;
    let mut p = Packer {
        out: Packed::default(),
        text: &text,
        paragraph: None,
        cursor: 0,
        known: HashMap::new(),
    };
    p.varint(lines.len() as u64);
    for line in lines {
        p.line(line);
    }
    p.out.bytes.shrink_to_fit();
    p.out.others.shrink_to_fit();
    p.out.strings.shrink_to_fit();
    p.out.glyphs.shrink_to_fit();
    p.out
}

struct Packer<'t> {
    out: Packed,
    /// The paragraph's text.
    text: &'t str,
    /// The paragraph's text as the items hold it, once found.
    paragraph: Option<Arc<str>>,
    /// Where the last line's text starts in the paragraph's text.
    cursor: usize,
    /// The index of each glyph in `out.glyphs`.
    known: HashMap<(u16, u32), u64>,
}

impl Packer<'_> {
    fn varint(&mut self, mut value: u64) {
        while value >= 0x80 {
            self.out.bytes.push((value as u8) | 0x80);
            value >>= 7;
        }
        self.out.bytes.push(value as u8);
    }

    fn float(&mut self, value: f32) {
        self.out
            .bytes
            .extend_from_slice(&value.to_bits().to_le_bytes());
    }

    /// The index of `s` among the strings, added if it is not there.
    fn string(&mut self, s: &Arc<str>) -> u64 {
        let strings = &mut self.out.strings;
        let at = match strings
            .iter()
            .position(|known| Arc::ptr_eq(known, s) || **known == **s)
        {
            Some(at) => at,
            None => {
                strings.push(s.clone());
                strings.len() - 1
            }
        };
        at as u64
    }

    /// Layout: flags, width, text, notes, anchors, then the items.
    fn line(&mut self, line: &Line) {
        let Line {
            items,
            notes,
            anchors,
            overfull,
            text,
            width,
        } = line;
        let slice = self.find_slice(text);
        let mut flags = 0;
        if *overfull {
            flags |= OVERFULL;
        }
        if !notes.is_empty() {
            flags |= NOTES;
        }
        if !anchors.is_empty() {
            flags |= ANCHORS;
        }
        match slice {
            Some((_, _, true)) => flags |= HYPHEN,
            Some(_) => {}
            None => flags |= OWN_TEXT,
        }
        self.varint(flags);
        self.float(*width);
        match slice {
            Some((start, end, _)) => {
                self.varint(start as u64);
                self.varint((end - start) as u64);
            }
            None => {
                // Not looked up among the strings: each line's is its own.
                self.out.strings.push(Arc::from(text.as_str()));
                self.varint(self.out.strings.len() as u64 - 1);
            }
        }
        if !notes.is_empty() {
            self.varint(notes.len() as u64);
            for note in notes {
                self.varint(*note as u64);
            }
        }
        if !anchors.is_empty() {
            self.varint(anchors.len() as u64);
            for anchor in anchors {
                let at = self.string(&Arc::from(anchor.as_str()));
                self.varint(at);
            }
        }
        self.varint(items.len() as u64);
        for item in items {
            match &item.item {
                Item::Text(text) => self.text_item(item.x, item.y, text),
                _ => {
                    self.varint(OTHER);
                    self.out.others.push(item.clone());
                }
            }
        }
    }

    /// Where a line's text is in the paragraph's text (start, end, and whether a hyphen
    /// follows), looked for a little way from where the line before stopped (lines follow
    /// each other in the text, a space or so apart), so that packing a paragraph is linear in
    /// its length; checked to give back the same string. `None`: not found there.
    fn find_slice(&mut self, line: &str) -> Option<(usize, usize, bool)> {
        let mut candidates = vec![(line, false)];
        if let Some(body) = line.strip_suffix('-') {
            // A hyphen the setter added.
            candidates.push((body, true));
        }
        for (body, hyphen) in candidates {
            let mut end = (self.cursor + SEARCH + body.len()).min(self.text.len());
            while !self.text.is_char_boundary(end) {
                end += 1;
            }
            if let Some(found) = self.text[self.cursor..end].find(body) {
                let start = self.cursor + found;
                self.cursor = start;
                return Some((start, start + body.len(), hyphen));
            }
        }
        None
    }

    /// Layout: kind and flags, x, y, font, size, range, node, language, own text, expansion,
    /// glyphs.
    fn text_item(&mut self, x: f32, y: f32, item: &TextItem) {
        let TextItem {
            run,
            text,
            node,
            lang,
        } = item;
        let ShapedRun {
            font,
            size,
            rtl,
            range,
            glyphs,
            track,
        } = run;
        let own = !self.is_paragraph(text);
        let mut flags = 0;
        if *rtl {
            flags |= RTL;
        }
        if own {
            flags |= OWN;
        }
        if lang.is_some() {
            flags |= LANG;
        }
        if node.is_some() {
            flags |= NODE;
        }
        let tracked = track.to_bits() != 0;
        if tracked {
            flags |= TRACK;
        }
        self.varint(TEXT | flags << 1);
        self.float(x);
        self.float(y);
        self.varint(font.0 as u64);
        self.float(*size);
        self.varint(range.start as u64);
        self.varint((range.end - range.start) as u64);
        if let Some(node) = node {
            self.varint(*node as u64);
        }
        if let Some(lang) = lang {
            let at = self.string(lang);
            self.varint(at);
        }
        if own {
            let at = self.string(text);
            self.varint(at);
        }
        if tracked {
            self.float(*track);
        }
        self.varint(glyphs.len() as u64);
        let mut end = range.start;
        for glyph in glyphs {
            end = self.glyph(glyph, text, end);
        }
    }

    /// True when `text` is the paragraph's text (found by its bytes once, then by pointer).
    fn is_paragraph(&mut self, text: &Arc<str>) -> bool {
        match &self.paragraph {
            Some(known) => Arc::ptr_eq(known, text) || **known == **text,
            None if **text == *self.text => {
                self.paragraph = Some(text.clone());
                true
            }
            None => false,
        }
    }

    /// Layout: its index among the glyphs and flags; if its range is not the character
    /// where the glyph before ended, the range's start as a step from `end` and its length;
    /// the offsets if any. Returns the glyph's end.
    fn glyph(&mut self, glyph: &Glyph, text: &str, end: usize) -> usize {
        let Glyph {
            id,
            advance,
            x_offset,
            y_offset,
            range,
        } = glyph;
        let offsets = x_offset.to_bits() != 0 || y_offset.to_bits() != 0;
        let implicit = range.start == end && range.end == end + char_length(text, end);
        let next = self.known.len() as u64;
        let index = *self.known.entry((*id, advance.to_bits())).or_insert(next);
        if index == next {
            self.out.glyphs.push((*id, advance.to_bits()));
        }
        let mut head = index << 2;
        if offsets {
            head |= OFFSETS;
        }
        if !implicit {
            head |= RANGE;
        }
        self.varint(head);
        if !implicit {
            self.varint(zigzag(range.start as i64 - end as i64));
            self.varint((range.end - range.start) as u64);
        }
        if offsets {
            self.float(*x_offset);
            self.float(*y_offset);
        }
        range.end
    }
}

/// The length in bytes of the character of `text` at byte `at` (0 past its end or off a
/// character's start).
fn char_length(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|rest| rest.chars().next())
        .map_or(0, char::len_utf8)
}

fn zigzag(value: i64) -> u64 {
    ((value << 1) ^ (value >> 63)) as u64
}

fn unzigzag(value: u64) -> i64 {
    (value >> 1) as i64 ^ -((value & 1) as i64)
}

impl Packed {
    /// The bytes it holds (what keeping it costs, about).
    #[cfg(test)]
    pub(super) fn size(&self) -> usize {
        self.bytes.len()
            + self.others.len() * std::mem::size_of::<Positioned>()
            + self.strings.iter().map(|s| s.len() + 16).sum::<usize>()
            + self.glyphs.len() * std::mem::size_of::<(u16, u32)>()
    }

    /// The lines packed, given back; `par` is the paragraph they were set from (or one with
    /// the same spans' text).
    pub(super) fn unpack(&self, par: &Paragraph) -> Vec<Line> {
        let paragraph: Arc<str> = Arc::from(collect(&par.spans).text);
        let mut u = Unpacker {
            packed: self,
            at: 0,
            others: self.others.iter(),
            paragraph: paragraph.clone(),
            text: &paragraph,
        };
        let count = u.varint() as usize;
        (0..count).map(|_| u.line()).collect()
    }
}

struct Unpacker<'p> {
    packed: &'p Packed,
    at: usize,
    others: std::slice::Iter<'p, Positioned>,
    paragraph: Arc<str>,
    text: &'p str,
}

impl Unpacker<'_> {
    fn varint(&mut self) -> u64 {
        let mut value = 0;
        let mut shift = 0;
        loop {
            let byte = self.packed.bytes[self.at];
            self.at += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return value;
            }
            shift += 7;
        }
    }

    fn index(&mut self) -> usize {
        self.varint() as usize
    }

    fn float(&mut self) -> f32 {
        let bytes = &self.packed.bytes[self.at..self.at + 4];
        self.at += 4;
        f32::from_bits(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }

    fn string(&mut self) -> Arc<str> {
        let at = self.index();
        self.packed.strings[at].clone()
    }

    fn line(&mut self) -> Line {
        let flags = self.varint();
        let width = self.float();
        let text = if flags & OWN_TEXT != 0 {
            self.string().to_string()
        } else {
            let start = self.index();
            let end = start + self.index();
            let mut text = self.text[start..end].to_string();
            if flags & HYPHEN != 0 {
                text.push('-');
            }
            text
        };
        let notes = if flags & NOTES != 0 {
            let count = self.index();
            (0..count).map(|_| self.index()).collect()
        } else {
            Vec::new()
        };
        let anchors = if flags & ANCHORS != 0 {
            let count = self.index();
            (0..count).map(|_| self.string().to_string()).collect()
        } else {
            Vec::new()
        };
        let count = self.index();
        let items = (0..count).map(|_| self.item()).collect();
        Line {
            items,
            notes,
            anchors,
            overfull: flags & OVERFULL != 0,
            text,
            width,
        }
    }

    fn item(&mut self) -> Positioned {
        let head = self.varint();
        if head & 1 == OTHER {
            return self
                .others
                .next()
                .expect("an item packed as another is kept")
                .clone();
        }
        let flags = head >> 1;
        let x = self.float();
        let y = self.float();
        let font = FontId(self.index());
        let size = self.float();
        let start = self.index();
        let range = start..start + self.index();
        let node = (flags & NODE != 0).then(|| self.index());
        let lang = (flags & LANG != 0).then(|| self.string());
        let text = if flags & OWN != 0 {
            self.string()
        } else {
            self.paragraph.clone()
        };
        let track = if flags & TRACK != 0 {
            self.float()
        } else {
            0.0
        };
        let count = self.index();
        let mut glyphs = Vec::with_capacity(count);
        let mut end = range.start;
        for _ in 0..count {
            let glyph = self.glyph(&text, end);
            end = glyph.range.end;
            glyphs.push(glyph);
        }
        Positioned {
            x,
            y,
            item: Item::Text(TextItem {
                run: ShapedRun {
                    font,
                    size,
                    rtl: flags & RTL != 0,
                    range,
                    glyphs,
                    track,
                },
                text,
                node,
                lang,
            }),
        }
    }

    fn glyph(&mut self, text: &str, end: usize) -> Glyph {
        let head = self.varint();
        let (id, advance) = self.packed.glyphs[(head >> 2) as usize];
        let range = if head & RANGE != 0 {
            let start = (end as i64 + unzigzag(self.varint())) as usize;
            start..start + self.index()
        } else {
            end..end + char_length(text, end)
        };
        let (x_offset, y_offset) = if head & OFFSETS != 0 {
            (self.float(), self.float())
        } else {
            (0.0, 0.0)
        };
        Glyph {
            id,
            advance: f32::from_bits(advance),
            x_offset,
            y_offset,
            range,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::content::{Alignment, InlineImage, ParagraphStyle, Span};
    use crate::typeset::font::{Family, FontBook, FontRequest};
    use crate::typeset::frame::LinkTarget;
    use crate::typeset::inline::Setter;

    fn serif(italic: bool) -> FontRequest {
        FontRequest {
            family: Family::Serif,
            bold: false,
            italic,
        }
    }

    fn span(text: &str, lang: &str) -> Span {
        let mut span = Span::new(text, serif(false), 10.0);
        span.lang = Some(lang.into());
        span
    }

    /// Paragraphs with every kind of item and line: justified and hyphenated prose, a link,
    /// a note's superscript, an anchor, struck text, an inline image, Arabic right to left,
    /// a list marker and a trailer, code kept as written, an overfull word.
    fn paragraphs() -> Vec<Paragraph> {
        let prose = "Every paragraph of a long book is set once, and its lines are kept \
                     packed until the pages are drawn; extraordinarily uncharacteristically \
                     long words are hyphenated where the patterns allow. ";
        let mut style = ParagraphStyle::plain(Alignment::Justify, 13.0);
        style.hyphenate = true;
        let mut link = span("a link to somewhere else", "en");
        link.link = Some(LinkTarget::Url("https://example.org/".into()));
        link.node = Some(7);
        let mut note = span("1", "en");
        note.superscript = true;
        note.size = 7.0;
        note.notes = vec![3];
        let mut anchored = span(&prose.repeat(2), "en");
        anchored.anchors = vec!["entry-a#part".into()];
        let mut struck = Span::new("struck through", serif(true), 10.0);
        struck.strike = true;
        let image = Span::image(
            InlineImage {
                image: 2,
                width: 9.0,
                height: 9.0,
                descent: 1.0,
                node: Some(9),
            },
            serif(false),
            10.0,
        );
        let first = Paragraph {
            spans: vec![
                span(&prose.repeat(3), "en"),
                link,
                note,
                anchored,
                struck,
                image,
                span(" and Cyrillic: Всеобщая декларация прав человека.", "ru"),
            ],
            style: style.clone(),
            node: Some(1),
        };
        let mut rtl = ParagraphStyle::plain(Alignment::Justify, 13.0);
        rtl.rtl = true;
        let arabic = Paragraph {
            spans: vec![span(
                &"يولد جميع الناس أحرارًا متساوين في الكرامة والحقوق (UDHR 1948) ".repeat(6),
                "ar",
            )],
            style: rtl,
            node: Some(2),
        };
        let mut listed = style.clone();
        listed.start_indent = 20.0;
        listed.marker = Some(Box::new(span("12.", "en")));
        listed.trailer = Some(Box::new(span("345", "en")));
        let item = Paragraph {
            spans: vec![span(&prose.repeat(2), "en")],
            style: listed,
            node: None,
        };
        let mut code = ParagraphStyle::plain(Alignment::Start, 12.0);
        code.preformatted = true;
        let code = Paragraph {
            spans: vec![Span::new(
                "fn main() {\n    println!(\"a line of code far too long for the measure it is set at, so it wraps\");\n}\n",
                FontRequest {
                    family: Family::Mono,
                    bold: false,
                    italic: false,
                },
                9.0,
            )],
            style: code,
            node: Some(4),
        };
        let overfull = Paragraph {
            spans: vec![span(&"x".repeat(300), "en")],
            style: ParagraphStyle::plain(Alignment::Start, 12.0),
            node: None,
        };
        vec![first, arabic, item, code, overfull]
    }

    #[test]
    fn lines_unpacked_are_the_lines_packed() {
        let fonts = FontBook::bundled();
        let setter = Setter::new(&fonts);
        // Bytes packed, glyphs.
        let mut total = (0, 0);
        for par in paragraphs() {
            for width in [120.0, 300.0] {
                let lines = setter.set(&par, width);
                assert!(!lines.is_empty());
                let packed = pack(&par, &lines);
                // Debug prints every field, floats to their last bit (as a -0.0, too).
                assert_eq!(
                    format!("{:?}", packed.unpack(&par)),
                    format!("{lines:?}"),
                    "{:?}",
                    par.spans[0].text
                );
                let glyphs: usize = lines
                    .iter()
                    .flat_map(|l| &l.items)
                    .map(|p| match &p.item {
                        Item::Text(t) => t.run.glyphs.len(),
                        _ => 0,
                    })
                    .sum();
                total.0 += packed.size();
                total.1 += glyphs;
            }
        }
        // A glyph struct alone takes 32 bytes; packed, with its share of its line and item,
        // about four: letters at their own advances (an expanded run keeps them and records
        // its expansion once), a justified line's spaces at advances of their own.
        let per_glyph = total.0 as f32 / total.1 as f32;
        assert!(per_glyph < 4.0, "{per_glyph} bytes a glyph");
    }

    #[test]
    fn a_line_text_found_nowhere_is_kept_whole() {
        let fonts = FontBook::bundled();
        let setter = Setter::new(&fonts);
        let par = &paragraphs()[0];
        let mut lines = setter.set(par, 200.0);
        lines[1].text = "not in the paragraph".into();
        lines[2].text = "hyphen-".into();
        let packed = pack(par, &lines);
        assert_eq!(format!("{:?}", packed.unpack(par)), format!("{lines:?}"));
    }
}
