//! Balanced lines for display text (a title, a subtitle), as CSS's `text-wrap: balance`
//! sets them: the lines the narrowest measure gives that needs no more lines than the whole
//! measure, found by bisection with the paragraph's own breaker. Two lines of a subtitle then
//! come out nearly equal, never a long line and one word alone under it.

use super::prepare::Prepared;
use crate::typeset::linebreak::{self, Line};

/// Bisection stops when the narrowest measure is known to this many points: a quarter of a
/// point is far below what the eye sees in a ragged edge, and costs about ten settings of a
/// short paragraph.
const PRECISION: f32 = 0.25;

/// The narrowest width in `0..=widest`, to within [`PRECISION`] and never under it, at which
/// `fits` holds, given that it holds at `widest`. Bisection: the measures at which a text
/// fits in a number of lines are (nearly) all those past a threshold.
pub(super) fn narrowest(widest: f32, mut fits: impl FnMut(f32) -> bool) -> f32 {
    let (mut lo, mut hi) = (0.0, widest);
    while hi - lo > PRECISION {
        let mid = (lo + hi) / 2.0;
        if fits(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

/// The breaks of `p`, `breaks` at the whole measure, balanced: set again at the narrowest
/// measure that takes no more lines and overfills none. One line, or a paragraph that
/// overfills its measure anyway, is left as it is.
///
/// The narrowest measure is found with greedy breaking, whose count of lines never grows as
/// the measure widens (Knuth–Plass may choose more, evener lines at one measure than at a
/// narrower one, which would mislead the bisection); the lines at that measure are then
/// chosen by Knuth–Plass, evenly full, or greedily if it needs more of them.
pub(super) fn balance(p: &Prepared, breaks: Vec<Line>) -> Vec<Line> {
    let count = breaks.len();
    let fits = |lines: &[Line]| lines.len() <= count && !lines.iter().any(|l| l.overfull);
    if count < 2 || !fits(&breaks) {
        return breaks;
    }
    let items = p.items.breakable();
    let widths = |measure: f32| -> Vec<f32> { p.widths.iter().map(|w| w.min(measure)).collect() };
    let widest = p.widths.iter().copied().fold(0.0, f32::max);
    let measure = narrowest(widest, |measure| {
        fits(&linebreak::greedy(items, &widths(measure), &p.params))
    });
    let even = linebreak::linebreak(items, &widths(measure), &p.params);
    if fits(&even) {
        even
    } else {
        linebreak::greedy(items, &widths(measure), &p.params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrowest_finds_the_threshold_from_above() {
        let mut tries = 0;
        let found = narrowest(300.0, |w| {
            tries += 1;
            w >= 123.4
        });
        assert!((123.4..123.4 + PRECISION).contains(&found), "{found}");
        // Bisection: about log2(300 / 0.25) settings, not one per point.
        assert!(tries <= 12, "{tries} tries");
    }

    #[test]
    fn narrowest_keeps_the_whole_measure_when_nothing_narrower_fits() {
        assert_eq!(narrowest(200.0, |w| w >= 200.0), 200.0);
    }
}
