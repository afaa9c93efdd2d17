//! A paragraph into lines: collect the spans, find the bidi levels, shape, turn the text into
//! boxes, glue and penalties (UAX #14 break opportunities, hyphenation), break the lines
//! (Knuth–Plass, first-fit fallback) and finalize each line into positioned glyph runs.

use super::content::{Alignment, Paragraph, SUPERSCRIPT_SCALE, Span};
use super::font::FontBook;
use super::frame::{Item, Positioned, TextItem};
use super::hyphenate::Hyphenator;
use super::linebreak::{self, Item as BreakItem};
use super::shape::{Glyph, ShapeRequest, ShapedRun, Shaper};
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;
use unicode_bidi::{BidiInfo, Level};
use unicode_linebreak::{BreakOpportunity, linebreaks};

/// Extra cost of breaking at a hyphenation point. Typst uses 135 (above the paper's 50)
/// because lower values hyphenate too eagerly; we follow it.
const HYPHEN_COST: f32 = 135.0;
/// Cost of breaking after an explicit hyphen or dash: cheaper than hyphenating, since no
/// character is added, but not free, so words such as "well-known" prefer to stay whole.
const EXPLICIT_BREAK_COST: f32 = 50.0;
/// Inter-word space may stretch by half its width and shrink by a third, as in TeX.
const SPACE_STRETCH: f32 = 0.5;
const SPACE_SHRINK: f32 = 1.0 / 3.0;
/// The most a justified line's spaces may stretch, as an adjustment ratio: 3 lets a space
/// grow to two and a half times its width.
const MAX_RATIO: f32 = 3.0;
/// Below this many ems of measure, justified paragraphs are set ragged right.
const NARROW_MEASURE: f32 = 18.0;
/// Where the baseline sits in a line box, as a fraction of the leading from the top.
pub const BASELINE: f32 = 0.78;
/// Superscripts are raised by this fraction of the size of the text around them.
const SUPERSCRIPT_RISE: f32 = 0.33;

/// One set line, positioned relative to its own box: x from the paragraph's left edge, y from
/// the baseline (negative is up).
#[derive(Debug, Clone)]
pub struct Line {
    /// Glyph runs, links and the like.
    pub items: Vec<Positioned>,
    /// Footnotes cited on this line (indices given by the layout).
    pub notes: Vec<usize>,
    /// Anchors defined on this line.
    pub anchors: Vec<String>,
    /// The line is wider than the measure (a word that cannot be broken).
    pub overfull: bool,
    /// The text of the line (for tests and debugging dumps).
    pub text: String,
    /// Natural width of the line's content, in points.
    pub width: f32,
}

/// The engine's shared state for setting paragraphs.
pub struct Setter<'f> {
    fonts: &'f FontBook,
    shaper: Shaper<'f>,
    /// Paragraphs already set, by a fingerprint of their content, style and width: layout runs
    /// twice (the contents need page numbers), and the second run changes only the contents.
    cache: RefCell<HashMap<u64, (NodeSignature, Vec<Line>)>>,
    /// Hyphenation points by language tag, then word: text repeats its words, and finding
    /// a word's points by patterns costs more than looking them up.
    hyphenation: RefCell<HashMap<String, HashMap<String, Vec<usize>>>>,
    /// Words wider than their line, broken by force, in order, each once.
    forced: RefCell<Vec<String>>,
}

/// A stretch of shaped text with its span and bidi level.
struct Piece {
    span: usize,
    level: Level,
    run: ShapedRun,
}

/// What a break item stands for in the text.
#[derive(Debug, Clone)]
enum Source {
    Content(Range<usize>),
    Space(Range<usize>),
    /// A break point at this byte; `hyphen` when breaking here adds a hyphen.
    Break {
        at: usize,
        hyphen: bool,
    },
}

impl<'f> Setter<'f> {
    /// A setter over `fonts`.
    pub fn new(fonts: &'f FontBook) -> Self {
        Setter {
            fonts,
            shaper: Shaper::new(fonts),
            cache: RefCell::new(HashMap::new()),
            hyphenation: RefCell::new(HashMap::new()),
            forced: RefCell::new(Vec::new()),
        }
    }

    /// The words so far that were wider than their line and broken by force (where a word has
    /// hyphenation points, the piece between two of them), in order, each once.
    pub fn forced_breaks(&self) -> Vec<String> {
        self.forced.borrow().clone()
    }

    /// Sets `paragraphs` at `width` on the threads of the current rayon pool and keeps the
    /// lines, so that the (sequential) page filling that follows finds them ready. Nothing is
    /// done on one thread. The lines are those [`Setter::set`] would make: setting a paragraph
    /// depends on nothing but the paragraph, the width and the fonts.
    pub fn prewarm(&self, paragraphs: &[&Paragraph], width: f32) {
        use rayon::prelude::*;
        let threads = rayon::current_num_threads();
        if threads < 2 {
            return;
        }
        let mut seen = std::collections::HashSet::new();
        let todo: Vec<(u64, &Paragraph)> = {
            let cache = self.cache.borrow();
            paragraphs
                .iter()
                .map(|p| (fingerprint(p, width), *p))
                .filter(|(key, _)| !cache.contains_key(key) && seen.insert(*key))
                .collect()
        };
        // A few chunks per thread: each chunk has a setter of its own (shaper, caches), and
        // paragraphs vary in length.
        let chunk = todo.len().div_ceil(threads * 4).max(16);
        let fonts = self.fonts;
        // Per chunk: its set paragraphs, and the words it broke by force.
        type Chunk = (Vec<(u64, CacheEntry)>, Vec<String>);
        let set: Vec<Chunk> = todo
            .par_chunks(chunk)
            .map(|chunk| {
                let setter = Setter::new(fonts);
                let lines = chunk
                    .iter()
                    .map(|(key, p)| {
                        let lines = setter.set_uncached(p, width, true);
                        (*key, (node_signature(p), lines))
                    })
                    .collect();
                (lines, setter.forced.into_inner())
            })
            .collect();
        // Chunks are in the order of the paragraphs, so words broken by force are reported in
        // the order they occur, each once, as when the paragraphs are set one by one.
        let mut cache = self.cache.borrow_mut();
        let mut forced = self.forced.borrow_mut();
        for (lines, words) in set {
            cache.extend(lines);
            for word in words {
                if !forced.contains(&word) {
                    forced.push(word);
                }
            }
        }
    }

    /// Where `word`, in language `lang`, may be hyphenated (byte offsets), remembered.
    fn hyphenation_points(&self, lang: &str, word: &str) -> Vec<usize> {
        let mut cache = self.hyphenation.borrow_mut();
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

    /// The fonts.
    pub fn fonts(&self) -> &'f FontBook {
        self.fonts
    }

    /// Sets a paragraph into lines of at most `width` points.
    pub fn set(&self, par: &Paragraph, width: f32) -> Vec<Line> {
        self.set_cached(par, width, true)
    }

    /// Sets a paragraph only to measure it (a table column's narrowest and widest setting):
    /// words broken by force here are not reported by [`Setter::forced_breaks`].
    pub fn probe(&self, par: &Paragraph, width: f32) -> Vec<Line> {
        self.set_cached(par, width, false)
    }

    fn set_cached(&self, par: &Paragraph, width: f32, report: bool) -> Vec<Line> {
        // The structure elements do not change how a paragraph is set, only which element
        // its items belong to: a paragraph set before under other elements is reused, its
        // items moved to this paragraph's elements.
        let key = fingerprint(par, width);
        let nodes = node_signature(par);
        if let Some((cached_nodes, lines)) = self.cache.borrow().get(&key) {
            let mut lines = lines.clone();
            if *cached_nodes != nodes {
                let map: HashMap<usize, Option<usize>> = cached_nodes
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
            return lines;
        }
        let lines = self.set_uncached(par, width, report);
        self.cache.borrow_mut().insert(key, (nodes, lines.clone()));
        lines
    }

    fn set_uncached(&self, par: &Paragraph, width: f32, report: bool) -> Vec<Line> {
        let (text, span_ranges) = collect(&par.spans);
        if text.is_empty() {
            return Vec::new();
        }
        let text: Arc<str> = Arc::from(text);
        let pieces = self.shape(par, &text, &span_ranges);
        let advance = advances(&text, &pieces);
        let first =
            (width - par.style.start_indent - par.style.end_indent - par.style.first_indent)
                .max(1.0);
        let rest = (width - par.style.start_indent - par.style.end_indent).max(1.0);
        let measure = Measure {
            width: first.min(rest),
            prefix: &advance,
            forced: report.then_some(&self.forced),
        };
        let (items, sources) = self.items(par, &text, &span_ranges, &measure, &pieces);
        // A measure under NARROW_MEASURE ems (deeply nested replies, table cells) is set ragged:
        // justified, its few spaces per line would gape.
        let size = par.spans.iter().map(|s| s.size).fold(0.0, f32::max);
        let narrow = rest < NARROW_MEASURE * size;
        let params = linebreak::Params {
            mode: if par.style.align == Alignment::Justify && !narrow {
                linebreak::Mode::Justified
            } else {
                linebreak::Mode::Ragged
            },
        };
        let breaks = linebreak::linebreak(&items, &[first, rest], &params);
        let ends = line_ends(&breaks);
        self.finalize(
            par,
            &text,
            &span_ranges,
            &pieces,
            &items,
            &sources,
            &ends,
            width,
        )
    }
}

/// A hash of everything that decides how a paragraph is set.
/// The structure elements a paragraph's items can belong to, in a fixed order: the
/// paragraph's, each span's, the marker's and the trailer's.
type NodeSignature = Vec<Option<usize>>;

/// A set paragraph in the cache: the structure elements it was set under, and its lines.
type CacheEntry = (NodeSignature, Vec<Line>);

fn node_signature(par: &Paragraph) -> NodeSignature {
    let mut nodes = vec![par.node];
    nodes.extend(par.spans.iter().map(|s| s.node));
    nodes.push(par.style.marker.as_ref().and_then(|s| s.node));
    nodes.push(par.style.trailer.as_ref().and_then(|s| s.node));
    nodes
}

fn fingerprint(par: &Paragraph, width: f32) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    width.to_bits().hash(&mut h);
    let span = |s: &Span, h: &mut std::collections::hash_map::DefaultHasher| {
        s.text.hash(h);
        (s.font.family as u8, s.font.bold, s.font.italic).hash(h);
        s.size.to_bits().hash(h);
        s.lang.hash(h);
        format!("{:?}", s.link).hash(h);
        s.superscript.hash(h);
        s.notes.hash(h);
        s.anchors.hash(h);
    };
    for s in &par.spans {
        span(s, &mut h);
    }
    let st = &par.style;
    format!("{:?}", st.align).hash(&mut h);
    for f in [
        st.leading,
        st.first_indent,
        st.start_indent,
        st.end_indent,
        st.space_before,
        st.space_after,
    ] {
        f.to_bits().hash(&mut h);
    }
    (st.keep_with_next, st.hyphenate, st.rtl, st.preformatted).hash(&mut h);
    for s in st.marker.iter().chain(st.trailer.iter()) {
        span(s, &mut h);
    }
    h.finish()
}

/// Concatenates the spans' text; returns it and each span's byte range.
fn collect(spans: &[Span]) -> (String, Vec<Range<usize>>) {
    let mut text = String::new();
    let mut ranges = Vec::with_capacity(spans.len());
    for span in spans {
        let start = text.len();
        text.push_str(&span.text);
        ranges.push(start..text.len());
    }
    (text, ranges)
}

/// The bidi embedding level of every byte. A run of spans in a language written the other
/// way from the paragraph is analysed as an isolate (LRI or RLI … PDI, as the EPUB's `dir`
/// attributes make it), so neutral characters at its edges, such as a closing "!", stay with
/// it instead of joining the surrounding text.
fn bidi_levels(
    par: &Paragraph,
    text: &str,
    span_ranges: &[Range<usize>],
    base: Level,
) -> Vec<Level> {
    let direction = |i: usize| {
        par.spans[i]
            .lang
            .as_deref()
            .and_then(|l| crate::lang::Lang::parse(l).ok())
            .map(|l| l.direction() == crate::lang::Direction::Rtl)
    };
    let mut isolated = String::with_capacity(text.len() + 16);
    let mut map = vec![0usize; text.len() + 1];
    let mut open: Option<Option<String>> = None;
    for (i, range) in span_ranges.iter().enumerate() {
        let rtl = direction(i);
        let foreign = rtl.is_some_and(|rtl| rtl != base.is_rtl());
        let lang = par.spans[i].lang.clone();
        // Close an isolate when the language changes; open one for a foreign direction.
        if open.as_ref().is_some_and(|l| *l != lang || !foreign) {
            isolated.push('\u{2069}');
            open = None;
        }
        if foreign && open.is_none() {
            isolated.push(if rtl == Some(true) {
                '\u{2067}'
            } else {
                '\u{2066}'
            });
            open = Some(lang);
        }
        for (j, c) in text[range.clone()].char_indices() {
            for k in 0..c.len_utf8() {
                map[range.start + j + k] = isolated.len() + k;
            }
            isolated.push(c);
        }
    }
    if open.is_some() {
        isolated.push('\u{2069}');
    }
    map[text.len()] = isolated.len();
    let bidi = BidiInfo::new(&isolated, Some(base));
    (0..text.len()).map(|b| bidi.levels[map[b]]).collect()
}

/// Per-byte prefix sums of glyph widths (in points): `prefix[i]` is the width of the glyphs
/// whose cluster starts before byte `i`.
fn advances(text: &str, pieces: &[Piece]) -> Vec<f32> {
    let mut width_at = vec![0.0f32; text.len() + 1];
    for piece in pieces {
        for g in &piece.run.glyphs {
            if !is_line_end(text, g.range.start) {
                width_at[g.range.start + 1] += g.advance * piece.run.size;
            }
        }
    }
    let mut sum = 0.0;
    for w in width_at.iter_mut() {
        sum += *w;
        *w = sum;
    }
    width_at
}

fn is_line_end(text: &str, at: usize) -> bool {
    matches!(text.as_bytes().get(at), Some(b'\n' | b'\r'))
}

/// Letters that belong inside words for hyphenation, beyond alphabetic characters: the Uzbek
/// and Ukrainian apostrophe letters, and the marks typed in their place (‘ ’ ' `); the
/// hyphenators ignore such marks at either end of a word.
fn is_word_char(c: char) -> bool {
    c.is_alphabetic()
        || matches!(
            c,
            '\u{02BB}' | '\u{02BC}' | '\u{2018}' | '\u{2019}' | '\u{0027}' | '`'
        )
        || is_mark(c)
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{0483}'..='\u{0489}')
}

impl Setter<'_> {
    fn shape(&self, par: &Paragraph, text: &Arc<str>, span_ranges: &[Range<usize>]) -> Vec<Piece> {
        let base = if par.style.rtl {
            Level::rtl()
        } else {
            Level::ltr()
        };
        let levels = bidi_levels(par, text, span_ranges, base);
        let mut pieces = Vec::new();
        for (index, range) in span_ranges.iter().enumerate() {
            let span = &par.spans[index];
            let chain = self.fonts.chain(span.font);
            let mut start = range.start;
            while start < range.end {
                let level = levels[start];
                let mut end = start;
                while end < range.end && levels[end] == level {
                    end += 1;
                }
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                let mut runs = self.shaper.shape(&ShapeRequest {
                    text,
                    range: start..end,
                    chain: &chain,
                    size: span.size,
                    lang: span.lang.as_deref(),
                    rtl: level.is_rtl(),
                });
                if level.is_rtl() {
                    // The shaper returns right-to-left runs in visual order; pieces are kept in
                    // logical order and reordered per line.
                    runs.reverse();
                }
                pieces.extend(runs.into_iter().map(|run| Piece {
                    span: index,
                    level,
                    run,
                }));
                start = end;
            }
        }
        pieces
    }

    /// The text as boxes, glue and penalties, with what each stands for.
    fn items(
        &self,
        par: &Paragraph,
        text: &str,
        span_ranges: &[Range<usize>],
        measure: &Measure,
        pieces: &[Piece],
    ) -> (Vec<BreakItem>, Vec<Source>) {
        let prefix = measure.prefix;
        let mut items = Vec::new();
        let mut sources = Vec::new();
        let span_at = |at: usize| {
            span_ranges
                .iter()
                .position(|r| r.contains(&at))
                .unwrap_or(0)
        };
        let width = |r: &Range<usize>| prefix[r.end] - prefix[r.start];
        let preformatted = par.style.preformatted;
        let mut pos = 0;
        for (at, kind) in linebreaks(text) {
            let segment = &text[pos..at];
            let trimmed = segment.trim_end_matches(|c: char| c.is_whitespace());
            let mut content_end = pos + trimmed.len();
            // In code, indentation after a line end is content, not a breakable space.
            let line_start = pos == 0 || is_line_end(text, pos - 1);
            if preformatted && line_start && trimmed.is_empty() {
                content_end = pos + segment.trim_end_matches(['\n', '\r']).len();
            }
            if content_end > pos {
                self.content(
                    par,
                    text,
                    pos..content_end,
                    &span_at,
                    measure,
                    pieces,
                    &mut items,
                    &mut sources,
                );
            }
            let space_end = pos + segment.trim_end_matches(['\n', '\r']).len();
            if space_end > content_end {
                let range = content_end..space_end;
                let w = width(&range);
                let (stretch, shrink) = if preformatted {
                    (0.0, 0.0)
                } else {
                    (w * SPACE_STRETCH, w * SPACE_SHRINK)
                };
                items.push(BreakItem::Glue {
                    width: w,
                    stretch,
                    shrink,
                });
                sources.push(Source::Space(range));
            } else if kind == BreakOpportunity::Allowed && at < text.len() {
                items.push(BreakItem::Penalty {
                    width: 0.0,
                    cost: EXPLICIT_BREAK_COST,
                    flagged: false,
                });
                sources.push(Source::Break { at, hyphen: false });
            }
            if kind == BreakOpportunity::Mandatory && at < text.len() {
                let line_end = pos + segment.trim_end_matches(['\n', '\r']).len();
                items.push(BreakItem::Glue {
                    width: 0.0,
                    stretch: linebreak::FILL,
                    shrink: 0.0,
                });
                sources.push(Source::Break {
                    at: line_end,
                    hyphen: false,
                });
                items.push(BreakItem::Penalty {
                    width: 0.0,
                    cost: -linebreak::INFINITE_PENALTY,
                    flagged: false,
                });
                sources.push(Source::Break {
                    at: line_end,
                    hyphen: false,
                });
            }
            pos = at;
        }
        let before = items.len();
        linebreak::finish_paragraph(&mut items);
        for _ in before..items.len() {
            sources.push(Source::Break {
                at: text.len(),
                hyphen: false,
            });
        }
        (items, sources)
    }

    /// A stretch of text without spaces: one box, split at hyphenation points.
    #[allow(clippy::too_many_arguments)]
    fn content(
        &self,
        par: &Paragraph,
        text: &str,
        range: Range<usize>,
        span_at: &dyn Fn(usize) -> usize,
        measure: &Measure,
        pieces: &[Piece],
        items: &mut Vec<BreakItem>,
        sources: &mut Vec<Source>,
    ) {
        let mut cuts: Vec<(usize, f32)> = Vec::new();
        if par.style.hyphenate && !par.style.preformatted {
            let mut word_start = None;
            let chars: Vec<(usize, char)> = text[range.clone()]
                .char_indices()
                .map(|(i, c)| (range.start + i, c))
                .collect();
            for (k, &(i, c)) in chars.iter().enumerate() {
                let inside = is_word_char(c);
                if inside && word_start.is_none() {
                    word_start = Some(i);
                }
                let last = k + 1 == chars.len();
                if let Some(start) = word_start
                    && (!inside || last)
                {
                    let end = if inside { i + c.len_utf8() } else { i };
                    let span = &par.spans[span_at(start)];
                    if let Some(lang) = span.lang.as_deref() {
                        let points = self.hyphenation_points(lang, &text[start..end]);
                        if !points.is_empty() {
                            let hyphen = self.hyphen_width(span, pieces, start);
                            for offset in points {
                                cuts.push((start + offset, hyphen));
                            }
                        }
                    }
                    word_start = None;
                }
            }
        }
        let mut from = range.start;
        for (cut, hyphen) in cuts {
            measure.push_box(text, from..cut, items, sources);
            items.push(BreakItem::Penalty {
                width: hyphen,
                cost: HYPHEN_COST,
                flagged: true,
            });
            sources.push(Source::Break {
                at: cut,
                hyphen: true,
            });
            from = cut;
        }
        measure.push_box(text, from..range.end, items, sources);
    }

    fn hyphen_width(&self, span: &Span, pieces: &[Piece], at: usize) -> f32 {
        let font = pieces
            .iter()
            .find(|p| p.run.range.contains(&at))
            .map(|p| p.run.font);
        let face = font.map(|f| self.fonts.face(f));
        face.and_then(|f| f.advance('-')).unwrap_or(0.33) * span.size
    }
}

/// What kind of line is being finalized.
#[derive(Debug, Clone, Copy)]
struct LineFlags {
    first: bool,
    last: bool,
    wrapped: bool,
    overfull: bool,
}

/// The breaker's result as line ends.
fn line_ends(breaks: &[linebreak::Line]) -> Vec<LineEnd> {
    breaks
        .iter()
        .map(|b| LineEnd {
            index: b.index,
            ratio: b.ratio,
            overfull: b.overfull,
        })
        .collect()
}

/// The narrowest line of a paragraph and the text's widths, for breaking words by force.
struct Measure<'a> {
    width: f32,
    prefix: &'a [f32],
    /// Where the words broken by force are recorded, unless the paragraph is only measured.
    forced: Option<&'a RefCell<Vec<String>>>,
}

/// Cost of breaking inside a word that is wider than the line: allowed only because nothing
/// else fits, and dearer than any hyphenation.
const FORCED_SPLIT_COST: f32 = 5000.0;

impl Measure<'_> {
    /// Pushes a box for `range`, split into pieces that fit the line when it is wider.
    fn push_box(
        &self,
        text: &str,
        range: Range<usize>,
        items: &mut Vec<BreakItem>,
        sources: &mut Vec<Source>,
    ) {
        let prefix = self.prefix;
        let mut start = range.start;
        while prefix[range.end] - prefix[start] > self.width {
            let mut end = start;
            for (i, c) in text[start..range.end].char_indices() {
                let at = start + i;
                let next = at + c.len_utf8();
                // Never split a letter from its combining marks.
                let before_mark = text[next..].chars().next().is_some_and(is_mark);
                if prefix[next] - prefix[start] > self.width && end > start {
                    break;
                }
                if !before_mark {
                    end = next;
                }
            }
            if end <= start || end >= range.end {
                break;
            }
            if let Some(forced) = self.forced.filter(|_| start == range.start) {
                let word = &text[range.clone()];
                let mut forced = forced.borrow_mut();
                if !forced.iter().any(|w| w == word) {
                    forced.push(word.to_string());
                }
            }
            items.push(BreakItem::Box {
                width: prefix[end] - prefix[start],
            });
            sources.push(Source::Content(start..end));
            items.push(BreakItem::Penalty {
                width: 0.0,
                cost: FORCED_SPLIT_COST,
                flagged: false,
            });
            sources.push(Source::Break {
                at: end,
                hyphen: false,
            });
            start = end;
        }
        items.push(BreakItem::Box {
            width: prefix[range.end] - prefix[start],
        });
        sources.push(Source::Content(start..range.end));
    }
}

/// Where a line ends and how its glue is set.
struct LineEnd {
    /// Index of the break item.
    index: usize,
    /// Adjustment ratio for the line's glue.
    ratio: f32,
    /// The line could not be made to fit.
    overfull: bool,
}

impl Setter<'_> {
    #[allow(clippy::too_many_arguments)]
    fn finalize(
        &self,
        par: &Paragraph,
        text: &Arc<str>,
        span_ranges: &[Range<usize>],
        pieces: &[Piece],
        items: &[BreakItem],
        sources: &[Source],
        ends: &[LineEnd],
        width: f32,
    ) -> Vec<Line> {
        let mut lines = Vec::with_capacity(ends.len());
        let mut start_item = 0;
        for (number, end) in ends.iter().enumerate() {
            // After a break, glue and penalties are discarded up to the next box.
            while start_item < end.index && !matches!(items[start_item], BreakItem::Box { .. }) {
                start_item += 1;
            }
            let line_start = match &sources[start_item] {
                Source::Content(r) | Source::Space(r) => r.start,
                Source::Break { at, .. } => *at,
            };
            let (line_end, hyphen) = match &sources[end.index] {
                Source::Space(r) => (r.start, false),
                Source::Content(r) => (r.end, false),
                Source::Break { at, hyphen } => (*at, *hyphen),
            };
            let line_end = line_end.max(line_start);
            // Glue set to the line's ratio: the extra width goes to the first glyph of each space.
            let mut extra: Vec<(usize, f32)> = Vec::new();
            // Spaces never grow past MAX_RATIO: a line that would need more is set a little
            // short instead, since very wide gaps read as column breaks (to readers and to
            // text extraction alike).
            let ratio = end.ratio.min(MAX_RATIO);
            for k in start_item..end.index {
                if let (
                    BreakItem::Glue {
                        stretch, shrink, ..
                    },
                    Source::Space(r),
                ) = (&items[k], &sources[k])
                {
                    let delta = if ratio >= 0.0 {
                        ratio * stretch
                    } else {
                        ratio * shrink
                    };
                    if delta.is_finite() && delta != 0.0 {
                        extra.push((r.start, delta));
                    }
                }
            }
            let first = number == 0;
            let last = number + 1 == ends.len();
            // A code line that had to wrap gets a mark at the end edge.
            let forced = matches!(items[end.index], BreakItem::Penalty { cost, .. } if cost <= -linebreak::INFINITE_PENALTY);
            let wrapped = par.style.preformatted && !forced && !last;
            let flags = LineFlags {
                first,
                last,
                wrapped,
                overfull: end.overfull,
            };
            lines.push(self.line(
                par,
                text,
                pieces,
                line_start..line_end,
                hyphen,
                &extra,
                flags,
                width,
            ));
            start_item = end.index + 1;
        }
        // Notes and anchors go to the line holding the start of their span.
        for (index, range) in span_ranges.iter().enumerate() {
            let span = &par.spans[index];
            if span.notes.is_empty() && span.anchors.is_empty() {
                continue;
            }
            let line =
                line_of(&lines, ends, sources, range.start).min(lines.len().saturating_sub(1));
            if let Some(line) = lines.get_mut(line) {
                line.notes.extend(span.notes.iter().copied());
                line.anchors.extend(span.anchors.iter().cloned());
            }
        }
        lines
    }

    #[allow(clippy::too_many_arguments)]
    fn line(
        &self,
        par: &Paragraph,
        text: &Arc<str>,
        pieces: &[Piece],
        range: Range<usize>,
        hyphen: bool,
        extra: &[(usize, f32)],
        flags: LineFlags,
        width: f32,
    ) -> Line {
        let LineFlags {
            first,
            last,
            wrapped,
            overfull,
        } = flags;
        let style = &par.style;
        // The pieces' glyphs that fall on this line, in logical order of pieces.
        let mut runs: Vec<(usize, Level, ShapedRun)> = Vec::new();
        for piece in pieces {
            if piece.run.range.end <= range.start || piece.run.range.start >= range.end {
                continue;
            }
            let glyphs: Vec<Glyph> = piece
                .run
                .glyphs
                .iter()
                .filter(|g| {
                    g.range.start >= range.start
                        && g.range.start < range.end
                        && !is_line_end(text, g.range.start)
                })
                .map(|g| {
                    let mut g = g.clone();
                    if let Some((_, delta)) = extra.iter().find(|(at, _)| *at == g.range.start) {
                        g.advance += delta / piece.run.size;
                    }
                    g
                })
                .collect();
            if glyphs.is_empty() {
                continue;
            }
            let run = ShapedRun {
                glyphs,
                range: range.start.max(piece.run.range.start)..range.end.min(piece.run.range.end),
                ..piece.run.clone()
            };
            runs.push((piece.span, piece.level, run));
        }
        if hyphen && let Some((_, _, run)) = runs.last_mut() {
            let face = self.fonts.face(run.font);
            if let (Some(id), Some(advance)) = (face.glyph('-'), face.advance('-')) {
                let at = run.range.end;
                let glyph = Glyph {
                    id,
                    advance,
                    x_offset: 0.0,
                    y_offset: 0.0,
                    range: at..at,
                };
                if run.rtl {
                    run.glyphs.insert(0, glyph)
                } else {
                    run.glyphs.push(glyph)
                }
            }
        }
        // Visual order (UAX #9, rule L2) over the runs' levels.
        let levels: Vec<Level> = runs.iter().map(|(_, l, _)| *l).collect();
        let order = if levels.iter().any(|l| l.is_rtl()) {
            BidiInfo::reorder_visual(&levels)
        } else {
            (0..runs.len()).collect()
        };
        let natural: f32 = runs.iter().map(|(_, _, r)| r.width()).sum();
        let indent = if first { style.first_indent } else { 0.0 };
        let available = width - style.start_indent - style.end_indent - indent;
        let slack = available - natural;
        let align = match style.align {
            // The last line of a justified paragraph, and any overfull line, sit at the start.
            Alignment::Justify => Alignment::Start,
            other => other,
        };
        let offset = match align {
            Alignment::Start | Alignment::Justify => 0.0,
            Alignment::Center => slack / 2.0,
            Alignment::End => slack,
        };
        let mut x = if style.rtl {
            width - style.start_indent - indent - natural - offset
        } else {
            style.start_indent + indent + offset
        };
        let mut items = Vec::new();
        for &i in &order {
            let (span_index, _, run) = &runs[i];
            let span = &par.spans[*span_index];
            let w = run.width();
            let y = if span.superscript {
                -SUPERSCRIPT_RISE * span.size / SUPERSCRIPT_SCALE
            } else {
                0.0
            };
            if let Some(target) = &span.link {
                items.push(Positioned {
                    x,
                    y: y - span.size * 0.9,
                    item: Item::Link {
                        width: w,
                        height: span.size * 1.2,
                        target: target.clone(),
                        node: span.node,
                    },
                });
            }
            items.push(Positioned {
                x,
                y,
                item: Item::Text(TextItem {
                    run: run.clone(),
                    text: text.clone(),
                    node: span.node.or(par.node),
                    lang: span.lang.as_deref().map(Arc::from),
                }),
            });
            x += w;
        }
        if first && let Some(marker) = &style.marker {
            let gap = marker.size * 0.5;
            let w = self.span_width(marker);
            let x = if style.rtl {
                width - style.start_indent + gap
            } else {
                style.start_indent - gap - w
            };
            // Before the text, so that the label comes first in the reading order.
            let marker_items = self.place_span(marker, x);
            items.splice(0..0, marker_items);
        }
        if wrapped && let Some(span) = par.spans.first() {
            // A small corner drawn in the margin, not a character, so copied code stays code.
            let size = span.size * 0.45;
            let x = if style.rtl { -size - 2.0 } else { width + 2.0 };
            let stroke = 0.5;
            items.push(Positioned {
                x: x + size - stroke,
                y: -size,
                item: Item::Rule {
                    width: stroke,
                    thickness: size,
                },
            });
            items.push(Positioned {
                x,
                y: -stroke,
                item: Item::Rule {
                    width: size,
                    thickness: stroke,
                },
            });
        }
        if last && let Some(trailer) = &style.trailer {
            let w = self.span_width(trailer);
            let x = if style.rtl { 0.0 } else { width - w };
            items.extend(self.place_span(trailer, x));
        }
        let mut line_text = text[range].to_string();
        if hyphen {
            line_text.push('-');
        }
        Line {
            items,
            notes: Vec::new(),
            anchors: Vec::new(),
            overfull,
            text: line_text,
            width: natural,
        }
    }

    /// Width of a span set on its own.
    pub fn span_width(&self, span: &Span) -> f32 {
        let chain = self.fonts.chain(span.font);
        let runs = self.shaper.shape(&ShapeRequest {
            text: &span.text,
            range: 0..span.text.len(),
            chain: &chain,
            size: span.size,
            lang: span.lang.as_deref(),
            rtl: false,
        });
        runs.iter().map(ShapedRun::width).sum()
    }

    /// A span set on its own at `x` on the baseline (markers, page numbers, headers).
    pub fn place_span(&self, span: &Span, x: f32) -> Vec<Positioned> {
        let text: Arc<str> = Arc::from(span.text.as_str());
        let chain = self.fonts.chain(span.font);
        let runs = self.shaper.shape(&ShapeRequest {
            text: &text,
            range: 0..text.len(),
            chain: &chain,
            size: span.size,
            lang: span.lang.as_deref(),
            rtl: false,
        });
        let mut x = x;
        let mut out = Vec::new();
        let total: f32 = runs.iter().map(ShapedRun::width).sum();
        if let Some(target) = &span.link {
            out.push(Positioned {
                x,
                y: -span.size * 0.9,
                item: Item::Link {
                    width: total,
                    height: span.size * 1.2,
                    target: target.clone(),
                    node: span.node,
                },
            });
        }
        for run in runs {
            let rw = run.width();
            out.push(Positioned {
                x,
                y: 0.0,
                item: Item::Text(TextItem {
                    run,
                    text: text.clone(),
                    node: span.node,
                    lang: span.lang.as_deref().map(Arc::from),
                }),
            });
            x += rw;
        }
        out
    }
}

/// The line that holds byte `at`.
fn line_of(lines: &[Line], ends: &[LineEnd], sources: &[Source], at: usize) -> usize {
    for (i, end) in ends.iter().enumerate() {
        let stop = match &sources[end.index] {
            Source::Space(r) => r.end,
            Source::Content(r) => r.end,
            Source::Break { at, .. } => *at,
        };
        if at < stop {
            return i;
        }
    }
    lines.len().saturating_sub(1)
}
