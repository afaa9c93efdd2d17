//! Words of text in the book.

use crate::model::Book;
use crate::model::walk::{self, Kind};

/// Words of text in the entries: their titles and bodies, their notes and responses (with
/// the responses' notes), images' alternative text included; names, tags and the author
/// pages are not counted. Words are runs between white space in each piece of text, so a
/// word split by emphasis (`con*cat*enate`) counts as its pieces.
pub fn words(book: &Book) -> usize {
    let mut count = 0;
    walk::walk(book, &mut |text| {
        let counted = matches!(
            text.kind,
            Kind::Title | Kind::Prose | Kind::Code | Kind::ImageText
        );
        if text.entry.is_some() && counted {
            count += count_words(text.text);
        }
    });
    count
}

/// What each byte starts: `WORD` a character that is not white space, `SPACE` one that is,
/// `ASK` one that may be (C2, E1, E2 and E3 lead every non-ASCII white space: U+0085, U+00A0,
/// U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000), `INSIDE` nothing (a
/// continuation byte).
const WORD: u8 = 0;
const SPACE: u8 = 1;
const ASK: u8 = 2;
const INSIDE: u8 = 3;
const CLASS: [u8; 256] = {
    let mut table = [WORD; 256];
    let mut b = 0x80;
    while b < 0xC0 {
        table[b] = INSIDE;
        b += 1;
    }
    let mut b = 0x09;
    while b <= 0x0D {
        table[b] = SPACE;
        b += 1;
    }
    table[0x20] = SPACE;
    table[0xC2] = ASK;
    table[0xE1] = ASK;
    table[0xE2] = ASK;
    table[0xE3] = ASK;
    table
};

/// `text.split_whitespace().count()`: the characters that start a word. Eight bytes at a
/// time as one `u64` while they hold no control and no character that may be white space
/// beyond ASCII's (most of any text, in any script): a word starts at each byte that is not a
/// space after one that is. The rest a byte at a time.
fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut in_word = false;
    let mut at = 0;
    while at < bytes.len() {
        let end = at + 8;
        if let Some(word) = bytes.get(at..end)
            && let Ok(word) = <[u8; 8]>::try_from(word)
            && !needs_care(text, at, u64::from_le_bytes(word))
        {
            let spaces = equal_bytes(u64::from_le_bytes(word), b' ');
            // A byte's high bit, as `spaces` has them, for the byte before this word.
            let before = if in_word { 0 } else { 0x80 };
            let starts = !spaces & HIGH & ((spaces << 8) | before);
            // The starts summed by a multiplication, which adds every byte into the top one
            // (at most 8: no carry), where a software `count_ones` takes a dozen steps.
            count += ((starts >> 7).wrapping_mul(LOW) >> 56) as usize;
            in_word = spaces >> 63 == 0;
            at = end;
            continue;
        }
        // A byte at a time up to a character's start at or past the word's end, so that the
        // next word never starts inside a character the loop has classed.
        while at < bytes.len() && (at < end || CLASS[usize::from(bytes[at])] == INSIDE) {
            let space = match CLASS[usize::from(bytes[at])] {
                WORD => false,
                SPACE => true,
                INSIDE => {
                    at += 1;
                    continue;
                }
                _ => text[at..].chars().next().is_some_and(char::is_whitespace),
            };
            count += usize::from(!space && !in_word);
            in_word = !space;
            at += 1;
        }
    }
    count
}

/// Each byte's lowest and highest bit.
const LOW: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` that equals `byte`, and no other bit (exact: no carry
/// crosses a byte).
fn equal_bytes(x: u64, byte: u8) -> u64 {
    let t = x ^ (LOW * u64::from(byte));
    !(((t & !HIGH).wrapping_add(!HIGH)) | t) & HIGH
}

/// True when the eight bytes `x`, at `at` in `text`, hold a control (TAB and the line ends
/// among them, which are white space), or start a white space character beyond ASCII (a
/// no-break space, a thin space…): only the characters C2 and E1–E3 start may be one
/// (E0 is asked too, and is never one).
fn needs_care(text: &str, at: usize, x: u64) -> bool {
    if x.wrapping_sub(LOW * 0x20) & !x & HIGH != 0 {
        return true;
    }
    let leads = equal_bytes(x, 0xC2) | equal_bytes(x & (LOW * 0xFC), 0xE0);
    leads != 0
        && (0..8).any(|i| {
            leads >> (8 * i + 7) & 1 == 1
                && text[at + i..]
                    .chars()
                    .next()
                    .is_some_and(char::is_whitespace)
        })
}

#[cfg(test)]
mod tests {
    use super::count_words;

    /// The byte count agrees with `split_whitespace` for every character there is, between
    /// words and alone.
    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        let mut text = String::new();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for (before, after) in [
                ("", ""),
                ("a", "b"),
                (" ", "ж"),
                ("中", " "),
                ("x ", "\u{A0}y"),
            ] {
                text.clear();
                text.push_str(before);
                text.push(c);
                text.push_str(after);
                assert_eq!(count_words(&text), text.split_whitespace().count(), "{c:?}");
            }
        }
        for text in [
            "",
            "  ",
            "one",
            " two words ",
            "a\u{3000}b\u{2028}c\u{85}d",
            "Қазақ тілі — «сөз»",
        ] {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    /// Long texts, counted eight bytes at a time and byte by byte, agree with
    /// `split_whitespace` wherever eight bytes end: inside a word, a space, a letter of two or three bytes, a
    /// no-break or an ideographic space.
    #[test]
    fn long_texts_are_counted_across_chunks() {
        let pieces = [
            "word",
            " ",
            "Қазақ",
            "\u{A0}",
            "—",
            "«",
            "»",
            "\u{3000}",
            "\t",
            "中文",
            "\u{2009}",
            "\u{2028}",
            "x",
            "  ",
            "ab\u{85}c",
            "\u{1680}",
            "’",
            "\n",
        ];
        let mut state: u32 = 7;
        let mut next = || {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (state >> 16) as usize
        };
        for _ in 0..3000 {
            let mut text = String::new();
            let len = next() % 256;
            while text.len() < len {
                text.push_str(pieces[next() % pieces.len()]);
            }
            for skip in 0..4 {
                let Some(text) = text.get(skip..) else {
                    continue;
                };
                assert_eq!(
                    count_words(text),
                    text.split_whitespace().count(),
                    "{text:?}"
                );
            }
        }
    }
}
