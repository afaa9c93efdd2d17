//! A paragraph into lines, in four verbs (as Typst's inline layout reads):
//!
//! ```text
//! let collected = collect(&par.spans);                     // collect.rs
//! let p = prepare(self, par, collected, width, report);    // prepare.rs, items.rs, breakpoints.rs
//! let breaks = linebreak(p.items.breakable(), ...);        // ../linebreak.rs
//! finalize(self, &p, &breaks)                              // finalize.rs
//! ```
//!
//! `collect` joins the spans' text; `prepare` finds the bidi levels, shapes, and turns the text
//! into boxes, glue and penalties at the break opportunities of `breakpoints` (UAX #14 and
//! hyphenation, in one function); the breaker chooses the lines (Knuth–Plass, first-fit
//! fallback; `balance.rs` narrows the measure of display text until its lines are even);
//! `finalize` positions each line's glyph runs. `cache` remembers set paragraphs,
//! as outlines and lines packed by `pack`.

mod balance;
mod breakpoints;

pub(crate) use breakpoints::unbreakable_pieces;
mod cache;
mod collect;
mod finalize;
mod items;
mod ligature;
mod pack;
mod prepare;

use super::content::{Paragraph, Span};
use super::font::FontBook;
use super::frame::{Item, Positioned, TextItem};
use super::hyphenate::HyphenationCache;
use super::linebreak;
use super::shape::{ShapeRequest, ShapedRun, Shaper};
use cache::{Entry, Key, ParagraphCache};
use collect::collect;
use finalize::finalize;
use prepare::prepare;
use std::cell::{Cell, RefCell};
use std::sync::Arc;

/// Where the baseline sits in a line box, as a fraction of the leading from the top.
pub const BASELINE: f32 = 0.78;

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
    /// The text of the line (for tests and debugging dumps, and [`Line::ends_in_hyphen`]; a
    /// line kept as an outline keeps only its last character).
    pub text: String,
    /// Natural width of the line's content, in points.
    pub width: f32,
}

impl Line {
    /// True when the line ends in a hyphen, added at a break or written: a recto's page
    /// should not turn after it.
    pub fn ends_in_hyphen(&self) -> bool {
        self.text.ends_with(['-', '\u{2010}'])
    }
}

/// The engine's shared state for setting paragraphs.
pub struct Setter<'f> {
    fonts: &'f FontBook,
    shaper: Shaper<'f>,
    /// Paragraphs already set.
    cache: ParagraphCache,
    /// Hyphenation points of words already seen (shared with the setters of other threads).
    hyphenation: Arc<HyphenationCache>,
    /// Words wider than their line, broken by force, in order, each once.
    forced: RefCell<Vec<String>>,
    /// Tables wider than the measure, and how they were fitted, in order.
    wide_tables: RefCell<Vec<WideTable>>,
    /// Set for the pass that draws the pages: lines are whole, taken from the cache once
    /// (and freed) or set again.
    drawing: Cell<bool>,
}

/// Paragraphs set in parallel at a time before they are kept (about 150 pages of prose): few
/// enough to hold, many enough that each thread's setter (its shaping plans and caches) is
/// made once for many paragraphs.
pub const PREWARM_BATCH: usize = 2_048;

/// A table whose words alone were wider than the measure, and what was done so that it
/// does not run off the page.
#[derive(Debug, Clone, PartialEq)]
pub struct WideTable {
    /// The text of its header cells.
    pub header: Vec<String>,
    /// The fraction of its size its type was set at.
    pub scale: f32,
    /// The groups its columns were set in (1: side by side, as written).
    pub groups: usize,
    /// Set on a landscape page of its own (turned: the text height as its width).
    pub landscape: bool,
}

impl<'f> Setter<'f> {
    /// A setter over `fonts`.
    pub fn new(fonts: &'f FontBook) -> Self {
        Setter::sharing(fonts, Shaper::new(fonts), Arc::default())
    }

    /// A setter with `shaper` that keeps hyphenation points in `hyphenation`.
    fn sharing(
        fonts: &'f FontBook,
        shaper: Shaper<'f>,
        hyphenation: Arc<HyphenationCache>,
    ) -> Self {
        Setter {
            fonts,
            shaper,
            cache: ParagraphCache::default(),
            hyphenation,
            forced: RefCell::new(Vec::new()),
            wide_tables: RefCell::new(Vec::new()),
            drawing: Cell::new(false),
        }
    }

    /// From now on, lines are for drawing: whole, and each taken from the cache once.
    pub fn start_drawing(&self) {
        self.drawing.set(true);
    }

    /// A pass that fills pages with the whole input begins. One that does not draw counts
    /// how often each paragraph is used, which the pass that draws, laying out the same
    /// input, follows to free each paragraph's lines after their last use. The input must
    /// stay in place until the next pass begins (the keys of its paragraphs are remembered
    /// by their addresses).
    pub fn begin_pass(&self) {
        self.cache.begin_pass(self.drawing.get());
    }

    /// True in the pass that draws the pages (see [`Setter::start_drawing`]).
    pub fn drawing(&self) -> bool {
        self.drawing.get()
    }

    /// The entry to keep for `par`, set into `lines`: drawing, the lines as they are (set
    /// ahead, taken and freed as the pages are drawn); before, their outlines and the lines
    /// packed, so that the book is set once and never held as whole lines.
    fn entry(&self, par: &Paragraph, lines: Vec<Line>) -> Entry {
        if self.drawing.get() {
            Entry::new(par, lines)
        } else {
            Entry::kept(par, &lines)
        }
    }

    /// Keeps a note of a table that was fitted to the measure.
    pub fn note_wide_table(&self, table: WideTable) {
        let mut tables = self.wide_tables.borrow_mut();
        // The layout passes over the book several times: each table once.
        if !tables.contains(&table) {
            tables.push(table);
        }
    }

    /// The tables so far that were wider than the measure, in order.
    pub fn wide_tables(&self) -> Vec<WideTable> {
        self.wide_tables.borrow().clone()
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
        let threads = rayon::current_num_threads();
        if threads < 2 {
            return;
        }
        let keys: Vec<(Key, &Paragraph)> = paragraphs
            .iter()
            .map(|p| (self.cache.key(p, width), *p))
            .collect();
        // Filling the pages asks for these paragraphs again, in this pass (see
        // `Setter::begin_pass`).
        self.cache
            .remember_keys(width, keys.iter().map(|&(key, p)| (p, key)));
        let mut seen = std::collections::HashSet::new();
        let todo: Vec<(Key, &Paragraph)> = keys
            .into_iter()
            .filter(|(key, _)| !self.cache.contains(key) && seen.insert(*key))
            .collect();
        // A batch at a time, each kept (packed) before the next is set, so that a long
        // book is never held whole as set lines.
        for batch in todo.chunks(PREWARM_BATCH) {
            self.prewarm_batch(batch, width);
        }
    }

    /// Sets `todo` in parallel: a few chunks per thread, each chunk with a setter of its own
    /// (shaper, caches), since paragraphs vary in length.
    fn prewarm_batch(&self, todo: &[(Key, &Paragraph)], width: f32) {
        use rayon::prelude::*;
        let threads = rayon::current_num_threads();
        let chunk = todo.len().div_ceil(threads * 4).max(16);
        let fonts = self.fonts;
        // Shaped words and hyphenation points are shared between the threads.
        let words = self.shaper.words();
        let hyphenation = self.hyphenation.clone();
        let drawing = self.drawing.get();
        // Per chunk: its set paragraphs, and the words it broke by force.
        type Chunk = (Vec<(Key, Entry)>, Vec<String>);
        let set: Vec<Chunk> = todo
            .par_chunks(chunk)
            .map(|chunk| {
                let shaper = Shaper::with_words(fonts, words.clone());
                let setter = Setter::sharing(fonts, shaper, hyphenation.clone());
                setter.drawing.set(drawing);
                // Packed here, on the chunk's thread.
                let lines = chunk
                    .iter()
                    .map(|(key, p)| {
                        let lines = setter.set_uncached(p, width, true);
                        (*key, setter.entry(p, lines))
                    })
                    .collect();
                (lines, setter.forced.into_inner())
            })
            .collect();
        // Chunks are in the order of the paragraphs, so words broken by force are reported in
        // the order they occur, each once, as when the paragraphs are set one by one.
        let mut forced = self.forced.borrow_mut();
        for (lines, words) in set {
            self.cache.extend(lines);
            for word in words {
                if !forced.contains(&word) {
                    forced.push(word);
                }
            }
        }
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
        let key = self.cache.key(par, width);
        if self.drawing.get() {
            // Whole lines, used once: taken from the cache, or set again (and not kept).
            return match self.cache.take_whole(&key, par) {
                Some(lines) => lines,
                None => self.set_uncached(par, width, report),
            };
        }
        self.cache.count_use(&key);
        if let Some(lines) = self.cache.get(&key, par) {
            return lines;
        }
        let lines = self.set_uncached(par, width, report);
        let entry = Entry::kept(par, &lines);
        self.cache.extend([(key, entry)]);
        lines
    }

    /// The four stages.
    fn set_uncached(&self, par: &Paragraph, width: f32, report: bool) -> Vec<Line> {
        let collected = collect(&par.spans);
        if collected.text.is_empty() {
            return Vec::new();
        }
        let p = prepare(self, par, collected, width, report);
        let mut breaks = linebreak::linebreak(p.items.breakable(), &p.widths, &p.params);
        if par.style.balance {
            breaks = balance::balance(&p, breaks);
        }
        finalize(self, &p, &breaks)
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
            // Arabic letters take their joined forms only when shaped right to left, and
            // those are the widths they are set in.
            rtl: span.text.chars().any(is_right_to_left),
        });
        runs.iter().map(ShapedRun::width).sum()
    }

    /// A span set on its own at `x` on the baseline (markers, page numbers, headers).
    pub fn place_span(&self, span: &Span, x: f32) -> Vec<Positioned> {
        if span.text.chars().any(is_right_to_left) {
            return self.place_bidi_span(span, x);
        }
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

impl Setter<'_> {
    /// [`Setter::place_span`] for text with right-to-left characters (an Arabic title in a
    /// running header): set as a paragraph of one line, so that it is shaped and ordered as
    /// the bidi algorithm says, in the direction of its first strong character, and placed
    /// from `x`.
    fn place_bidi_span(&self, span: &Span, x: f32) -> Vec<Positioned> {
        let rtl = span
            .text
            .chars()
            .find(|&c| is_right_to_left(c) || c.is_alphabetic())
            .is_some_and(is_right_to_left);
        let par = Paragraph {
            spans: vec![span.clone()],
            style: crate::typeset::content::ParagraphStyle {
                rtl,
                ..crate::typeset::content::ParagraphStyle::plain(
                    crate::typeset::content::Alignment::Start,
                    span.size,
                )
            },
            node: span.node,
        };
        let Some(line) = self.set(&par, 1.0e5).into_iter().next() else {
            return Vec::new();
        };
        let start = line.items.iter().map(|p| p.x).fold(f32::INFINITY, f32::min);
        let shift = if start.is_finite() { x - start } else { 0.0 };
        line.items
            .into_iter()
            .map(|p| Positioned {
                x: p.x + shift,
                ..p
            })
            .collect()
    }
}

/// A letter of a right-to-left script (the crate's one script table, `lang::script_of`).
fn is_right_to_left(c: char) -> bool {
    use crate::lang::{Script, script_of};
    matches!(script_of(c), Some(Script::Arabic | Script::Hebrew))
}

/// True when byte `at` of `text` is a line end (set as a break, never as a glyph).
fn is_line_end(text: &str, at: usize) -> bool {
    matches!(text.as_bytes().get(at), Some(b'\n' | b'\r'))
}

#[cfg(test)]
mod tests;
