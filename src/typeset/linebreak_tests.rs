//! Unit tests of `linebreak`, kept beside it so that the code file stays short.

use super::*;
use std::cell::Cell;

thread_local! {
    /// The longest active list of the breaks run on this thread since the last `take_peak`.
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

/// Called by the breaker after each breakpoint, in tests only.
pub(super) fn note_active(len: usize) {
    PEAK.with(|p| p.set(p.get().max(len)));
}

fn take_peak() -> usize {
    PEAK.with(|p| p.replace(0))
}

/// Words of the given widths separated by spaces of width 1 (stretch 0.5, shrink 0.33).
fn words(ws: &[f32]) -> Vec<Item> {
    spaced(ws, 0.5)
}

/// Words of the given widths separated by spaces of width 1 that may stretch by `stretch` and
/// shrink by a third.
fn spaced(ws: &[f32], stretch: f32) -> Vec<Item> {
    let mut items = Vec::new();
    for (i, &w) in ws.iter().enumerate() {
        if i > 0 {
            items.push(Item::Glue {
                width: 1.0,
                stretch,
                shrink: 1.0 / 3.0,
            });
        }
        items.push(Item::Box {
            width: w,
            stretch: 0.0,
        });
    }
    finish_paragraph(&mut items);
    items
}

fn valid(items: &[Item], lines: &[Line]) {
    let mut prev = None;
    for l in lines {
        assert!(
            breakpoint(items, l.index, true).is_some(),
            "{l:?} is not a legal break"
        );
        assert!(prev.is_none_or(|p| l.index > p));
        prev = Some(l.index);
    }
    assert_eq!(lines.last().unwrap().index, items.len() - 1);
}

#[test]
fn equal_words_fill_lines() {
    let items = words(&[4.0; 30]);
    let lines = linebreak(&items, &[24.0], &Params::default());
    valid(&items, &lines);
    assert_eq!(lines.len(), 6);
    for l in &lines[..lines.len() - 1] {
        assert!(l.ratio.abs() <= TOLERANCE, "{l:?}");
    }
}

#[test]
fn total_fit_is_never_looser_than_first_fit() {
    // Over a long paragraph of mixed word lengths, the worst line of the total-fit
    // solution is no looser than the worst greedy line, and within tolerance.
    let ws: Vec<f32> = (0..600).map(|i| 2.0 + ((i * 7919) % 11) as f32).collect();
    let items = words(&ws);
    let sums = Sums::new(&items);
    let params = Params::default();
    let worst = |lines: &[Line]| {
        let mut start = line_start_at_beginning(&items);
        let mut worst: f32 = 0.0;
        for l in &lines[..lines.len() - 1] {
            let extra = match items[l.index] {
                Item::Penalty { width, .. } => width,
                _ => 0.0,
            };
            worst = worst.max(ratio(&sums, start, l.index, extra, 90.0, Mode::Justified).abs());
            start = line_start(&items, l.index);
        }
        worst
    };
    let total = linebreak(&items, &[90.0], &params);
    let greedy = first_fit(&items, &[90.0], &params, &sums);
    valid(&items, &total);
    valid(&items, &greedy);
    assert!(worst(&total) <= TOLERANCE, "{}", worst(&total));
    assert!(
        worst(&total) <= worst(&greedy),
        "{} > {}",
        worst(&total),
        worst(&greedy)
    );
}

#[test]
fn forced_breaks_break() {
    let mut items = vec![
        Item::Box {
            width: 3.0,
            stretch: 0.0,
        },
        Item::Glue {
            width: 0.0,
            stretch: FILL,
            shrink: 0.0,
        },
        Item::Penalty {
            width: 0.0,
            cost: -INFINITE_PENALTY,
            flagged: false,
        },
        Item::Box {
            width: 3.0,
            stretch: 0.0,
        },
    ];
    finish_paragraph(&mut items);
    let lines = linebreak(&items, &[100.0], &Params::default());
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].index, 2);
}

#[test]
fn a_box_wider_than_the_line_is_overfull_not_lost() {
    let items = words(&[5.0, 50.0, 5.0]);
    let lines = linebreak(&items, &[20.0], &Params::default());
    valid(&items, &lines);
    assert!(lines.len() >= 2);
}

#[test]
fn first_fit_marks_overfull_lines() {
    let items = words(&[50.0, 5.0]);
    let lines = first_fit(&items, &[20.0], &Params::default(), &Sums::new(&items));
    assert!(lines[0].overfull);
    valid(&items, &lines);
}

#[test]
fn consecutive_hyphens_cost_extra() {
    let hyphen = Item::Penalty {
        width: 1.0,
        cost: 50.0,
        flagged: true,
    };
    let mut items = Vec::new();
    for i in 0..12 {
        if i > 0 {
            items.push(Item::Glue {
                width: 1.0,
                stretch: 0.5,
                shrink: 0.33,
            });
        }
        items.push(Item::Box {
            width: 3.0,
            stretch: 0.0,
        });
        items.push(hyphen);
        items.push(Item::Box {
            width: 3.0,
            stretch: 0.0,
        });
    }
    finish_paragraph(&mut items);
    let lines = linebreak(&items, &[20.0], &Params::default());
    valid(&items, &lines);
    let flagged: Vec<bool> = lines
        .iter()
        .map(|l| matches!(items[l.index], Item::Penalty { flagged: true, .. }))
        .collect();
    assert!(
        !flagged.windows(2).any(|w| w[0] && w[1]),
        "two hyphenated lines in a row: {flagged:?}"
    );
}

#[test]
fn widths_vary_per_line() {
    let items = words(&[4.0; 20]);
    let lines = linebreak(&items, &[10.0, 30.0], &Params::default());
    valid(&items, &lines);
    // The first line holds two words, later ones six.
    assert_eq!(lines[0].index, 3);
}

#[test]
fn empty_and_degenerate_input() {
    assert!(linebreak(&[], &[10.0], &Params::default()).is_empty());
    let mut only_glue = vec![Item::Glue {
        width: 1.0,
        stretch: 1.0,
        shrink: 0.0,
    }];
    finish_paragraph(&mut only_glue);
    let lines = linebreak(&only_glue, &[10.0], &Params::default());
    assert_eq!(lines.len(), 1);
    let zero = words(&[0.0, 0.0]);
    assert!(!linebreak(&zero, &[0.0], &Params::default()).is_empty());
}

#[test]
fn ragged_lines_keep_natural_spaces() {
    let items = words(&[4.0, 7.0, 3.0, 5.0, 9.0, 2.0, 6.0, 4.0, 8.0]);
    let lines = linebreak(
        &items,
        &[20.0],
        &Params {
            mode: Mode::Ragged,
            ..Params::default()
        },
    );
    valid(&items, &lines);
    assert!(lines.iter().all(|l| l.ratio == 0.0));
}

#[test]
fn long_paragraph_completes() {
    let ws: Vec<f32> = (0..10_000).map(|i| 2.0 + (i % 7) as f32).collect();
    let items = words(&ws);
    let lines = linebreak(&items, &[60.0], &Params::default());
    valid(&items, &lines);
    assert!(lines.len() > 500);
}

#[test]
fn total_fit_avoids_the_loose_line_first_fit_makes() {
    // First fit takes "1 4 4 1" (shrunk, r = -0.67) and leaves "6 2" very loose (r = 6);
    // total fit sets "1 4 4" and "1 6 2", both at r = 1.
    let items = words(&[1.0, 4.0, 4.0, 1.0, 6.0, 2.0, 4.0]);
    let greedy = first_fit(&items, &[12.0], &Params::default(), &Sums::new(&items));
    assert_eq!(
        greedy.iter().map(|l| l.index).collect::<Vec<_>>(),
        [7, 11, 15]
    );
    let lines = linebreak(&items, &[12.0], &Params::default());
    valid(&items, &lines);
    assert_eq!(
        lines.iter().map(|l| l.index).collect::<Vec<_>>(),
        [5, 11, 15]
    );
    for l in &lines[..2] {
        assert!((l.ratio - 1.0).abs() < 1e-4, "{l:?}");
        assert!(!l.overfull);
    }
}

#[test]
fn total_fit_avoids_two_hyphenated_lines_in_a_row() {
    // Words "3 1 4-3 3 1-2 4 2-4 3" in a measure of 12. Without the flagged demerits the
    // best breaks are after "4-", "1-" and "2-": three hyphenated lines in a row.
    let hyphen = Item::Penalty {
        width: 1.0,
        cost: 50.0,
        flagged: true,
    };
    let space = Item::Glue {
        width: 1.0,
        stretch: 0.5,
        shrink: 1.0 / 3.0,
    };
    let mut items = Vec::new();
    for (i, word) in [
        &[3.0][..],
        &[1.0],
        &[4.0, 3.0],
        &[3.0],
        &[1.0, 2.0],
        &[4.0],
        &[2.0, 4.0],
        &[3.0],
    ]
    .iter()
    .enumerate()
    {
        if i > 0 {
            items.push(space);
        }
        for (k, &w) in word.iter().enumerate() {
            if k > 0 {
                items.push(hyphen);
            }
            items.push(Item::Box {
                width: w,
                stretch: 0.0,
            });
        }
    }
    finish_paragraph(&mut items);
    let lines = linebreak(&items, &[12.0], &Params::default());
    valid(&items, &lines);
    let flagged: Vec<bool> = lines
        .iter()
        .map(|l| matches!(items[l.index], Item::Penalty { flagged: true, .. }))
        .collect();
    assert_eq!(flagged, [true, false, false, false]);
}

#[test]
fn an_overlong_word_falls_back_to_first_fit_and_is_marked() {
    let items = words(&[5.0, 50.0, 5.0]);
    let lines = linebreak(&items, &[20.0], &Params::default());
    valid(&items, &lines);
    let overfull: Vec<bool> = lines.iter().map(|l| l.overfull).collect();
    // "5" fits; "50" alone is overfull; "5" ends the paragraph.
    assert_eq!(lines.iter().map(|l| l.index).collect::<Vec<_>>(), [1, 3, 7]);
    assert_eq!(overfull, [false, true, false]);
}

#[test]
fn the_active_list_stays_bounded_on_text_of_tiny_pieces() {
    // Pieces so narrow that a line holds 500 of them: every break of the last line's width
    // stays active, which without a bound would be thousands.
    let mut items = Vec::new();
    for _ in 0..20_000 {
        items.push(Item::Box {
            width: 0.01,
            stretch: 0.0,
        });
        items.push(Item::Glue {
            width: 0.01,
            stretch: 1.0,
            shrink: 0.0,
        });
    }
    finish_paragraph(&mut items);
    take_peak();
    let lines = linebreak(&items, &[10.0], &Params::default());
    let peak = take_peak();
    assert!(peak <= MAX_ACTIVE, "{peak} active breaks");
    assert!(
        peak > MAX_ACTIVE / 2,
        "the bound was not reached ({peak}): the test tests nothing"
    );
    valid(&items, &lines);
    // Every line is set within tolerance, none overfull: pruning kept good breaks.
    for l in &lines[..lines.len() - 1] {
        assert!(
            !l.overfull && l.ratio >= -1.0 && l.ratio <= EMERGENCY_TOLERANCE,
            "{l:?}"
        );
    }
    // 40,000 pieces of 0.01 (nothing shrinks) in lines of 10: at least 40 lines, and not
    // many more, since every line could be nearly full.
    assert!((40..=45).contains(&lines.len()), "{} lines", lines.len());
}

#[test]
fn real_text_never_reaches_the_bound() {
    // A long paragraph of ordinary words keeps a few dozen breaks active, far below the
    // bound, so pruning never changes how it is set.
    let ws: Vec<f32> = (0..5_000).map(|i| 2.0 + ((i * 7919) % 11) as f32).collect();
    let items = words(&ws);
    take_peak();
    let lines = linebreak(&items, &[60.0], &Params::default());
    valid(&items, &lines);
    assert!(take_peak() < MAX_ACTIVE / 4);
}

/// Words of `pieces` pieces of width 1 with a hyphenation point between each two that pays a
/// bonus, and spaces of width 1 that may stretch by 5: hyphenating every line fits exactly and
/// earns the bonus, anything else stretches.
fn hyphen_everywhere(words: usize, pieces: usize) -> Vec<Item> {
    let mut items = Vec::new();
    for i in 0..words {
        if i > 0 {
            items.push(Item::Glue {
                width: 1.0,
                stretch: 5.0,
                shrink: 0.0,
            });
        }
        for k in 0..pieces {
            if k > 0 {
                items.push(Item::Penalty {
                    width: 0.0,
                    cost: -500.0,
                    flagged: true,
                });
            }
            items.push(Item::Box {
                width: 1.0,
                stretch: 0.0,
            });
        }
    }
    finish_paragraph(&mut items);
    items
}

/// The longest run of lines in a row that end at a flagged break.
fn longest_ladder(items: &[Item], lines: &[Line]) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for l in lines {
        if matches!(items[l.index], Item::Penalty { flagged: true, .. }) {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    longest
}

#[test]
fn the_hyphen_limit_is_never_passed() {
    // Words of 3 in a measure of 10: the bonuses make every line end in a hyphen, unless the
    // limit stops it (a line of two spaces may then stretch).
    let items = hyphen_everywhere(60, 3);
    let unlimited = Params {
        hyphen_limit: 0,
        ..Params::default()
    };
    let free = linebreak(&items, &[10.0], &unlimited);
    valid(&items, &free);
    assert!(
        longest_ladder(&items, &free) >= 3,
        "the case needs no limit: {free:?}"
    );
    for limit in [1, 2, 3] {
        let params = Params {
            hyphen_limit: limit,
            ..Params::default()
        };
        let lines = linebreak(&items, &[10.0], &params);
        valid(&items, &lines);
        assert!(
            longest_ladder(&items, &lines) <= limit,
            "{limit}: {lines:?}"
        );
        assert!(lines.iter().all(|l| !l.overfull));
    }
}

/// Words of width 4 with spaces of width 1 that may stretch by 2.
fn loose_words(n: usize) -> Vec<Item> {
    spaced(&vec![4.0; n], 2.0)
}

#[test]
fn a_last_line_of_one_word_costs_extra() {
    // Eleven words, five to a full line of 24: first fit leaves the last word alone, a
    // runt; total fit takes a little stretch to give the last line two words.
    let items = loose_words(11);
    let greedy = first_fit(&items, &[24.0], &Params::default(), &Sums::new(&items));
    let last_words = |lines: &[Line]| {
        let start = lines[lines.len() - 2].index;
        items[start..]
            .iter()
            .filter(|i| matches!(i, Item::Box { .. }))
            .count()
    };
    assert_eq!(last_words(&greedy), 1);
    let lines = linebreak(&items, &[24.0], &Params::default());
    valid(&items, &lines);
    assert!(last_words(&lines) >= 2, "{lines:?}");
}
