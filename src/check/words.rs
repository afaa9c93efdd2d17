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

/// `text.split_whitespace().count()`, a byte at a time: the characters that start a word.
fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut in_word = false;
    for (at, &byte) in bytes.iter().enumerate() {
        let space = match CLASS[usize::from(byte)] {
            WORD => false,
            SPACE => true,
            INSIDE => continue,
            _ => text[at..].chars().next().is_some_and(char::is_whitespace),
        };
        count += usize::from(!space && !in_word);
        in_word = !space;
    }
    count
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
}
