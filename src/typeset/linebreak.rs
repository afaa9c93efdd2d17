//! Line breaking over boxes, glue and penalties: Knuth and Plass's total-fit algorithm
//! ("Breaking Paragraphs into Lines", 1981) in up to three passes of growing tolerance, with
//! a first-fit fallback that never fails, for text no tolerance can set (a word wider than
//! the measure, a very narrow column).

/// A penalty this high forbids a break; its negative forces one.
pub const INFINITE_PENALTY: f32 = 10_000.0;
/// Stretch that behaves as infinite: the glue that fills the last line of a paragraph.
pub const FILL: f32 = 100_000.0;
/// A box's letters may shrink by this share of what they may stretch (pdfTeX's font
/// expansion shrinks as much as it stretches by default): a tight line gains room in its
/// letters as well as its spaces, so more lines can end at a whole word.
pub const LETTER_SHRINK: f32 = 1.0;

/// Added to every line's badness before squaring, so fewer lines are preferred (TeX's
/// \linepenalty).
const LINE_PENALTY: f32 = 10.0;
/// Extra demerits for two hyphenated lines in a row (TeX's \doublehyphendemerits, 10,000 in
/// plain TeX). Beside the hyphen's own cost, which is squared with the line's badness, this
/// is what makes a second hyphen in a row dearer than a loose line: 60,000 is about a line
/// whose spaces stretch by 1.4 of their stretch (measured with `benches/typography.rs`:
/// 10,000 left 13 pairs of hyphenated lines in 700 lines of English, 60,000 leaves one, at
/// the cost of less than a point of loose lines).
const DOUBLE_HYPHEN_DEMERITS: f32 = 60_000.0;
/// Extra demerits when the last line of a paragraph (or the line before a forced break)
/// starts with the end of a hyphenated word (TeX's \finalhyphendemerits, 5,000 in plain
/// TeX): "coun-" / "try." reads badly.
const FINAL_HYPHEN_DEMERITS: f32 = 5_000.0;
/// Extra demerits when the last line of a paragraph is a single word (a runt): about those of
/// a line whose spaces stretch by half (Typst's runt cost of 100, squared).
const RUNT_DEMERITS: f32 = 10_000.0;
/// Extra demerits when adjacent lines differ by more than one fitness class, so a tight line
/// is not followed by a very loose one (TeX's \adjdemerits).
const FITNESS_DEMERITS: f32 = 10_000.0;
/// First pass: no hyphenation, and only lines whose spaces stretch at most this much (TeX's
/// \pretolerance 100 is a ratio of about 1).
const PRETOLERANCE: f32 = 1.0;
/// Second pass, with hyphenation (TeX's \tolerance 200 is a ratio of about 1.26; we accept a
/// little more, since booklet measures are narrow).
const TOLERANCE: f32 = 2.0;
/// Third pass before giving up on total fit: loose lines are better than overfull ones.
const EMERGENCY_TOLERANCE: f32 = 10.0;
/// The most breaks kept active at once. Each active break is tried as the start of a line at
/// every later break, so an unbounded list makes a paragraph quadratic to set: real text keeps
/// a few dozen (the sample book and the benchmark book at most 61), but text of zero-width
/// pieces would keep every break it has. Past the limit, the breaks with the most demerits
/// are dropped until half remain, as an optimal path rarely goes through them (Typst and
/// other total-fit breakers prune the same way).
const MAX_ACTIVE: usize = 400;
/// In ragged mode, a line may fall short by its whole width at a ratio of this value: lines
/// are judged by how much room they leave, as if the end of each line could stretch by a third
/// of the measure.
const RAGGED_STRETCH: f32 = 1.0 / 3.0;

/// One element of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item {
    /// Something that cannot be broken: a piece of a word.
    Box {
        /// Its width.
        width: f32,
        /// How much it may grow when its line is justified (its letters spaced out), at the
        /// same ratio as the line's glue, and [`LETTER_SHRINK`] of it how much it may
        /// shrink; 0 for most boxes.
        stretch: f32,
    },
    /// Space between words: a line may break at glue that follows a box.
    Glue {
        /// Natural width.
        width: f32,
        /// How much it may grow.
        stretch: f32,
        /// How much it may shrink.
        shrink: f32,
    },
    /// A possible break with a cost: a hyphenation point, a forced break.
    Penalty {
        /// Width added when the line breaks here (the hyphen).
        width: f32,
        /// Cost of breaking here; ±[`INFINITE_PENALTY`] forbids or forces it.
        cost: f32,
        /// A flagged break (a hyphen): two in a row cost extra.
        flagged: bool,
    },
}

/// How lines are set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Justified: glue stretches and shrinks to fill each line.
    Justified,
    /// Ragged: glue keeps its width; lines are chosen to be evenly full.
    Ragged,
}

/// Settings for a paragraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Justified or ragged.
    pub mode: Mode,
    /// The most lines in a row that may end in a hyphen (flagged breaks): a hard limit, as
    /// InDesign's "hyphen limit"; a break past it is never taken while any other setting is
    /// possible. 0 sets no limit.
    pub hyphen_limit: usize,
}

/// The default limit of hyphenated lines in a row (`[text] consecutive-hyphens`).
pub const DEFAULT_HYPHEN_LIMIT: usize = 2;

impl Default for Params {
    fn default() -> Self {
        Params {
            mode: Mode::Justified,
            hyphen_limit: DEFAULT_HYPHEN_LIMIT,
        }
    }
}

/// Where one line ends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    /// Index of the item the line breaks at.
    pub index: usize,
    /// How the line's glue is set: width + ratio × stretch (ratio ≥ 0) or + ratio × shrink.
    pub ratio: f32,
    /// The line is wider than the measure even at full shrink.
    pub overfull: bool,
}

/// Ends a paragraph the usual way: glue that fills the last line, then a forced break.
pub fn finish_paragraph(items: &mut Vec<Item>) {
    if let Some(Item::Glue { .. }) = items.last() {
        items.pop();
    }
    items.push(Item::Penalty {
        width: 0.0,
        cost: INFINITE_PENALTY,
        flagged: false,
    });
    items.push(Item::Glue {
        width: 0.0,
        stretch: FILL,
        shrink: 0.0,
    });
    items.push(Item::Penalty {
        width: 0.0,
        cost: -INFINITE_PENALTY,
        flagged: false,
    });
}

/// Breaks `items` into lines. `widths[n]` is the width of line `n`; the last value holds for
/// all later lines. Never fails: what total fit cannot set is set first-fit, overfull if it
/// must be.
pub fn linebreak(items: &[Item], widths: &[f32], params: &Params) -> Vec<Line> {
    if items.is_empty() || widths.is_empty() {
        return Vec::new();
    }
    let sums = Sums::new(items);
    let passes = [
        (PRETOLERANCE, false),
        (TOLERANCE, true),
        (EMERGENCY_TOLERANCE, true),
    ];
    for (tolerance, hyphenate) in passes {
        if let Some(lines) = total_fit(items, widths, params, &sums, tolerance, hyphenate) {
            return lines;
        }
    }
    first_fit(items, widths, params, &sums)
}

/// Greedy breaking alone: each line takes as much as fits, which gives the fewest lines the
/// measure allows (and so a count that never grows as the measure widens, which balancing
/// display lines bisects on).
pub fn greedy(items: &[Item], widths: &[f32], params: &Params) -> Vec<Line> {
    if items.is_empty() || widths.is_empty() {
        return Vec::new();
    }
    first_fit(items, widths, params, &Sums::new(items))
}

/// Running totals of width, stretch and shrink before each item: `stretch` of the glue,
/// `letters` of the boxes.
struct Sums {
    width: Vec<f32>,
    stretch: Vec<f32>,
    letters: Vec<f32>,
    shrink: Vec<f32>,
}

impl Sums {
    fn new(items: &[Item]) -> Self {
        let n = items.len() + 1;
        let (mut width, mut stretch, mut letters, mut shrink) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        let (mut w, mut st, mut le, mut sh) = (0.0f32, 0.0f32, 0.0f32, 0.0f32);
        for item in items {
            width.push(w);
            stretch.push(st);
            letters.push(le);
            shrink.push(sh);
            match *item {
                Item::Box { width, stretch } => {
                    w += width;
                    le += stretch;
                }
                Item::Glue {
                    width,
                    stretch,
                    shrink,
                } => {
                    w += width;
                    st += stretch;
                    sh += shrink;
                }
                Item::Penalty { .. } => {}
            }
        }
        width.push(w);
        stretch.push(st);
        letters.push(le);
        shrink.push(sh);
        Sums {
            width,
            stretch,
            letters,
            shrink,
        }
    }
}

/// Whether a line may end at item `i`, and the cost and width of doing so.
fn breakpoint(items: &[Item], i: usize, hyphenate: bool) -> Option<(f32, f32, bool)> {
    match items[i] {
        Item::Glue { .. } if i > 0 && matches!(items[i - 1], Item::Box { .. }) => {
            Some((0.0, 0.0, false))
        }
        Item::Penalty {
            width,
            cost,
            flagged,
        } if cost < INFINITE_PENALTY => {
            // A break that adds a hyphen waits for the hyphenating passes; one after a hyphen
            // already written (flagged, but adding nothing) may be taken in any pass.
            if flagged && width > 0.0 && !hyphenate && cost > -INFINITE_PENALTY {
                None
            } else {
                Some((cost, width, flagged))
            }
        }
        _ => None,
    }
}

/// Where the next line starts after a break at `i`: discardable items are skipped, up to
/// the next box or forced break.
fn line_start(items: &[Item], i: usize) -> usize {
    let mut j = i + 1;
    while j < items.len() {
        match items[j] {
            Item::Box { .. } => break,
            Item::Penalty { cost, .. } if cost <= -INFINITE_PENALTY && j > i => break,
            _ => j += 1,
        }
    }
    j
}

/// The adjustment ratio of a line from `start` to the break at `end`.
fn ratio(sums: &Sums, start: usize, end: usize, extra: f32, available: f32, mode: Mode) -> f32 {
    let natural = sums.width[end] - sums.width[start] + extra;
    if mode == Mode::Ragged {
        let fill = sums.stretch[end] - sums.stretch[start];
        if natural > available {
            return -f32::INFINITY;
        }
        // The paragraph's last line (which has fill glue) is never penalised for being short.
        if fill >= FILL {
            return 0.0;
        }
        return (available - natural) / (available * RAGGED_STRETCH).max(1.0);
    }
    if natural < available {
        let stretch =
            sums.stretch[end] - sums.stretch[start] + (sums.letters[end] - sums.letters[start]);
        if stretch > 0.0 {
            (available - natural) / stretch
        } else {
            f32::INFINITY
        }
    } else if natural > available {
        let shrink = sums.shrink[end] - sums.shrink[start]
            + LETTER_SHRINK * (sums.letters[end] - sums.letters[start]);
        if shrink > 0.0 {
            (available - natural) / shrink
        } else {
            -f32::INFINITY
        }
    } else {
        0.0
    }
}

/// The demerits of one line set at ratio `r` and ending at a break that costs `cost`, in the
/// form Typst uses, `(l + b + p)²`, rather than TeX's `(l + b)² + p²`: squared together with
/// the line's badness, a hyphen costs more on a loose line than on a good one, so the breaker
/// does not hyphenate to save a line a little stretch. A bonus (a negative cost) is taken off
/// as in TeX; a forced break costs nothing of itself.
fn line_demerits(r: f32, cost: f32) -> f32 {
    let badness = 100.0 * r.abs().powi(3);
    if cost >= 0.0 {
        (LINE_PENALTY + badness + cost).powi(2)
    } else if cost > -INFINITE_PENALTY {
        (LINE_PENALTY + badness).powi(2) - cost * cost
    } else {
        (LINE_PENALTY + badness).powi(2)
    }
}

/// True when the line from `start` to `end` holds no space that stretches but the paragraph's
/// fill: a single word (or the end of one). Only glue counts, not the letters' stretch.
fn is_one_word(sums: &Sums, start: usize, end: usize) -> bool {
    let stretch = sums.stretch[end] - sums.stretch[start];
    // The sums are large (each fill adds FILL), so compare with a margin far below any
    // space's stretch but above the rounding of f32 at that size.
    (FILL - 0.25..FILL + 0.25).contains(&stretch)
}

fn fitness(r: f32) -> usize {
    if r < -0.5 {
        0
    } else if r <= 0.5 {
        1
    } else if r <= 1.0 {
        2
    } else {
        3
    }
}

#[derive(Debug, Clone, Copy)]
struct Node {
    /// The break item (or usize::MAX for the paragraph start).
    index: usize,
    /// Where the line after this break starts.
    start: usize,
    line: usize,
    fitness: usize,
    /// Lines in a row ending with a hyphen, this one included (0: it does not).
    hyphens: usize,
    demerits: f32,
    ratio: f32,
    prev: Option<usize>,
}

fn total_fit(
    items: &[Item],
    widths: &[f32],
    params: &Params,
    sums: &Sums,
    tolerance: f32,
    hyphenate: bool,
) -> Option<Vec<Line>> {
    let width_of = |line: usize| widths[line.min(widths.len() - 1)];
    let mut nodes = vec![Node {
        index: usize::MAX,
        start: line_start_at_beginning(items),
        line: 0,
        fitness: 1,
        hyphens: 0,
        demerits: 0.0,
        ratio: 0.0,
        prev: None,
    }];
    let mut active: Vec<usize> = vec![0];
    for b in 0..items.len() {
        let Some((cost, extra, flagged)) = breakpoint(items, b, hyphenate) else {
            continue;
        };
        let forced = cost <= -INFINITE_PENALTY;
        // Best candidate per fitness class and count of hyphens in a row:
        // (class, hyphens, demerits, node, ratio).
        let mut best: Vec<(usize, usize, f32, usize, f32)> = Vec::new();
        active.retain(|&a| {
            let node = nodes[a];
            if node.start > b {
                return true;
            }
            let r = ratio(sums, node.start, b, extra, width_of(node.line), params.mode);
            let keep = r >= -1.0 && !forced;
            let hyphens = if flagged { node.hyphens + 1 } else { 0 };
            let limit = params.hyphen_limit;
            let within_limit = limit == 0 || hyphens <= limit;
            if r >= -1.0 && r <= tolerance && within_limit {
                let mut d = line_demerits(r, cost);
                if flagged && node.hyphens > 0 {
                    d += DOUBLE_HYPHEN_DEMERITS;
                }
                if forced && node.hyphens > 0 {
                    d += FINAL_HYPHEN_DEMERITS;
                }
                if forced && is_one_word(sums, node.start, b) {
                    d += RUNT_DEMERITS;
                }
                let class = fitness(r);
                if node.index != usize::MAX && class.abs_diff(node.fitness) > 1 {
                    d += FITNESS_DEMERITS;
                }
                let total = node.demerits + d;
                match best.iter_mut().find(|c| c.0 == class && c.1 == hyphens) {
                    Some(c) if total < c.2 => *c = (class, hyphens, total, a, r),
                    Some(_) => {}
                    None => best.push((class, hyphens, total, a, r)),
                }
            }
            keep
        });
        let start = line_start(items, b);
        for (class, hyphens, demerits, from, r) in best {
            nodes.push(Node {
                index: b,
                start,
                line: nodes[from].line + 1,
                fitness: class,
                hyphens,
                demerits,
                ratio: r,
                prev: Some(from),
            });
            active.push(nodes.len() - 1);
        }
        if active.is_empty() {
            return None;
        }
        if active.len() > MAX_ACTIVE {
            prune(&mut active, &nodes);
        }
        #[cfg(test)]
        tests::note_active(active.len());
    }
    // The paragraph ends at its last item; the best node there wins.
    let last = items.len() - 1;
    let end = active
        .iter()
        .copied()
        .filter(|&a| nodes[a].index == last)
        .min_by(|&a, &b| nodes[a].demerits.total_cmp(&nodes[b].demerits))?;
    let mut lines = Vec::new();
    let mut at = Some(end);
    while let Some(n) = at {
        let node = nodes[n];
        if node.index != usize::MAX {
            lines.push(Line {
                index: node.index,
                ratio: if params.mode == Mode::Ragged {
                    0.0
                } else {
                    node.ratio
                },
                overfull: false,
            });
        }
        at = node.prev;
    }
    lines.reverse();
    Some(lines)
}

/// Keeps the half of `active` with the fewest demerits (ties go to the earlier node), in their
/// order.
fn prune(active: &mut Vec<usize>, nodes: &[Node]) {
    let keep = MAX_ACTIVE / 2;
    let worse = |a: &usize, b: &usize| {
        nodes[*a]
            .demerits
            .total_cmp(&nodes[*b].demerits)
            .then(a.cmp(b))
    };
    let mut ranked = active.clone();
    ranked.select_nth_unstable_by(keep - 1, worse);
    let cut = ranked[keep - 1];
    active.retain(|a| worse(a, &cut).is_le());
}

fn line_start_at_beginning(items: &[Item]) -> usize {
    items
        .iter()
        .position(|i| matches!(i, Item::Box { .. }))
        .unwrap_or(0)
}

/// Greedy breaking: each line takes as much as fits, breaking at the last legal point; a line
/// with no legal point that fits breaks at the first one after, overfull.
fn first_fit(items: &[Item], widths: &[f32], params: &Params, sums: &Sums) -> Vec<Line> {
    let width_of = |line: usize| widths[line.min(widths.len() - 1)];
    let mut lines = Vec::new();
    let mut start = line_start_at_beginning(items);
    let mut last_fit: Option<(usize, f32)> = None;
    let mut b = start;
    while b < items.len() {
        let Some((cost, extra, _)) = breakpoint(items, b, true) else {
            b += 1;
            continue;
        };
        let available = width_of(lines.len());
        let natural = sums.width[b] - sums.width[start] + extra;
        let fits = natural <= available + sums.shrink[b] - sums.shrink[start];
        let forced = cost <= -INFINITE_PENALTY;
        if fits && !forced {
            last_fit = Some((b, ratio(sums, start, b, extra, available, params.mode)));
            b += 1;
            continue;
        }
        let (index, r, overfull) = match (fits, last_fit) {
            (true, _) => (
                b,
                ratio(sums, start, b, extra, available, params.mode),
                false,
            ),
            (false, Some((i, r))) => (i, r, false),
            (false, None) => (b, -1.0, true),
        };
        let r = if params.mode == Mode::Ragged {
            0.0
        } else {
            r.clamp(-1.0, 1.0)
        };
        lines.push(Line {
            index,
            ratio: r,
            overfull,
        });
        start = line_start(items, index);
        last_fit = None;
        b = start.max(index + 1);
    }
    if lines.last().is_none_or(|l| l.index != items.len() - 1) {
        lines.push(Line {
            index: items.len() - 1,
            ratio: 0.0,
            overfull: false,
        });
    }
    lines
}

#[cfg(test)]
#[path = "linebreak_tests.rs"]
mod tests;
