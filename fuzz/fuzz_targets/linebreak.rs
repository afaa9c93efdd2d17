//! The line breaker on arbitrary boxes, glue and penalties: it must always return lines that
//! end at legal breaks, in order, and end the paragraph.
#![no_main]

use chapbook::typeset::linebreak::{self, INFINITE_PENALTY, Item, Mode, Params};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let mode = if first & 1 == 0 {
        Mode::Justified
    } else {
        Mode::Ragged
    };
    // Up to four line widths (1 to 256 points), then items of three bytes each.
    let n_widths = usize::from(first >> 1) % 4 + 1;
    if rest.len() < n_widths {
        return;
    }
    // 0 to 3 hyphenated lines in a row (0: no limit).
    let hyphen_limit = usize::from(first >> 3) % 4;
    let (width_bytes, rest) = rest.split_at(n_widths);
    let widths: Vec<f32> = width_bytes.iter().map(|&b| f32::from(b) + 1.0).collect();
    let mut items: Vec<Item> = rest
        .chunks_exact(3)
        .map(|c| match c[0] % 4 {
            // Boxes of kind 1 may stretch (spaced letters of a justified line).
            k @ (0 | 1) => Item::Box {
                width: f32::from(c[1]) / 4.0,
                stretch: if k == 1 { f32::from(c[2]) / 64.0 } else { 0.0 },
            },
            2 => Item::Glue {
                width: f32::from(c[1]) / 16.0,
                stretch: f32::from(c[2] & 0x0f) / 4.0,
                shrink: f32::from(c[2] >> 4) / 8.0,
            },
            _ => Item::Penalty {
                width: f32::from(c[1] & 0x0f),
                cost: match c[2] {
                    0 => INFINITE_PENALTY,
                    1 => -INFINITE_PENALTY,
                    v => (f32::from(v) - 128.0) * 10.0,
                },
                flagged: c[1] & 0x80 != 0,
            },
        })
        .collect();
    linebreak::finish_paragraph(&mut items);
    let lines = linebreak::linebreak(&items, &widths, &Params { mode, hyphen_limit });
    assert!(!lines.is_empty(), "a paragraph has at least one line");
    assert_eq!(
        lines.last().unwrap().index,
        items.len() - 1,
        "the last line ends the paragraph"
    );
    let mut previous = None;
    for line in &lines {
        assert!(line.index < items.len());
        assert!(previous.is_none_or(|p| line.index > p), "lines in order");
        assert!(!line.ratio.is_nan(), "ratio is a number");
        match items[line.index] {
            Item::Penalty { cost, .. } => assert!(cost < INFINITE_PENALTY, "forbidden break"),
            Item::Glue { .. } => assert!(
                line.index > 0 && matches!(items[line.index - 1], Item::Box { .. }),
                "glue breaks only after a box"
            ),
            Item::Box { .. } => panic!("a line ends inside a box"),
        }
        previous = Some(line.index);
    }
});
