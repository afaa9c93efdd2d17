//! Where a line may end: one function, [`breakpoints`], merges the break opportunities of
//! UAX #14 with the hyphenation points of each word, in the order of the text.

use super::Setter;
use super::prepare::Prepared;
use crate::typeset::font::Family;
use unicode_linebreak::{BreakOpportunity, linebreaks};

/// A place where a line may or must end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Breakpoint {
    /// A break UAX #14 allows (after a space, a hyphen, a dash, an ideograph).
    Normal,
    /// A break UAX #14 requires (a line end in the text), or the end of the text.
    Mandatory,
    /// A hyphenation point inside the word that starts at byte `word`: breaking here adds a
    /// hyphen, in the face that sets the word's start.
    Hyphen {
        /// Where the word starts.
        word: usize,
        /// Letters of the word before the break, and after it: a break near either edge of a
        /// word costs more (see `items::hyphen_cost`).
        before: usize,
        after: usize,
        /// The word is the paragraph's last: it is broken only if it is wider than a line.
        last: bool,
    },
}

/// Calls `f` with every break opportunity of the paragraph, in the order of the text: the
/// hyphenation points of a stretch of text come before the opportunity that ends it. A
/// `Normal` or `Mandatory` opportunity at byte `at` ends the stretch `..at` (spaces before it
/// included); the last one is at the end of the text.
///
/// Words are hyphenated in their span's language when the paragraph allows it (never in
/// code). The paragraph's last word is marked: its second half would make a last line of a
/// fragment, "coun-" / "try.", which no cost keeps out when the line before cannot stretch
/// enough, so it is broken only when it is wider than a line (InDesign's "hyphenate last
/// word" off). An address (`https://…`, `www.…`) is never hyphenated: it may break after `/`, `.`,
/// `?`, `&`, `=`, `-`, `_` and `#` instead (as Typst and the Chicago Manual do), with no
/// hyphen added, so a long URL in a narrow table cell wraps instead of running over.
pub(super) fn breakpoints(setter: &Setter, p: &Prepared, mut f: impl FnMut(usize, Breakpoint)) {
    let text = &*p.text;
    let style = &p.par.style;
    let hyphenate = style.hyphenate && !style.preformatted;
    // The addresses of the text, as byte ranges: UAX #14 may cut one into several stretches.
    let addresses: Vec<(usize, usize)> = words(text)
        .filter(|&(start, end)| is_address(&text[start..end]))
        .collect();
    // Where the paragraph's last word ends: it is not hyphenated.
    let last_word_end = text.trim_end_matches(|c: char| !is_word_char(c)).len();
    let mut pos = 0;
    // The first address that does not end before `pos`: addresses are in the order of the
    // text and `pos` only moves forward, so each is passed once (a search from the first
    // address at every opportunity made a paragraph of many addresses quadratic).
    let mut next_address = 0;
    for (at, kind) in linebreaks(text) {
        let segment = &text[pos..at];
        let content = segment.trim_end_matches(|c: char| c.is_whitespace());
        while addresses
            .get(next_address)
            .is_some_and(|&(_, end)| end <= pos)
        {
            next_address += 1;
        }
        let inside = addresses
            .get(next_address)
            .filter(|&&(start, end)| start < pos + content.len().max(1) && pos < end);
        if let Some(&(start, end)) = inside {
            for offset in address_breaks(&text[start..end]) {
                let b = start + offset;
                if b > pos && b < pos + content.len() {
                    f(b, Breakpoint::Normal);
                }
            }
        } else if hyphenate {
            hyphenation_points(setter, p, pos, content, last_word_end, &mut f);
        }
        let breakpoint = match kind {
            BreakOpportunity::Mandatory => Breakpoint::Mandatory,
            BreakOpportunity::Allowed => Breakpoint::Normal,
        };
        f(at, breakpoint);
        pos = at;
    }
}

/// The hyphenation points of the words of `content`, which starts at byte `start`. A word is a
/// run of letters (see [`is_word_char`]); its language is that of the span it starts in.
fn hyphenation_points(
    setter: &Setter,
    p: &Prepared,
    start: usize,
    content: &str,
    last_word_end: usize,
    f: &mut impl FnMut(usize, Breakpoint),
) {
    let mut word_start = None;
    let chars: Vec<(usize, char)> = content
        .char_indices()
        .map(|(i, c)| (start + i, c))
        .collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let inside = is_word_char(c);
        if inside && word_start.is_none() {
            word_start = Some(i);
        }
        let last = k + 1 == chars.len();
        if let Some(word) = word_start
            && (!inside || last)
        {
            let end = if inside { i + c.len_utf8() } else { i };
            let span = &p.par.spans[p.span_at(word)];
            // Inline code is never hyphenated: a hyphen would read as part of the code.
            let code = span.font.family == Family::Mono;
            let last = end == last_word_end;
            if let Some(lang) = span.lang.as_deref().filter(|_| !code) {
                let letters = &p.text[word..end];
                let total = letters.chars().filter(|&c| is_letter(c)).count();
                // Letters before each point, counted on from the point before (the points
                // rise), so that a word of a million letters is not counted from its start
                // at each of its points.
                let mut counted = (0, 0);
                for &offset in setter.hyphenation.points(lang, letters).iter() {
                    if offset < counted.0 {
                        counted = (0, 0);
                    }
                    let more = letters[counted.0..offset]
                        .chars()
                        .filter(|&c| is_letter(c))
                        .count();
                    counted = (offset, counted.1 + more);
                    let before = counted.1;
                    f(
                        word + offset,
                        Breakpoint::Hyphen {
                            word,
                            before,
                            after: total - before,
                            last,
                        },
                    );
                }
            }
            word_start = None;
        }
    }
}

/// The byte ranges of the white-space-separated words of `text`.
fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start = None;
    text.char_indices()
        .chain(std::iter::once((text.len(), ' ')))
        .filter_map(move |(i, c)| {
            if c.is_whitespace() {
                start.take().map(|s| (s, i))
            } else {
                start.get_or_insert(i);
                None
            }
        })
}

/// True for a word that is a web address: it starts with a scheme and `//`, or with `www.`.
pub(crate) fn is_address(word: &str) -> bool {
    let word = word.trim_start_matches(['(', '<', '[', '"', '\'', '«', '“']);
    word.starts_with("www.")
        || word.split_once("://").is_some_and(|(scheme, rest)| {
            !scheme.is_empty()
                && !rest.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        })
}

/// The byte offsets inside an address after which a line may end: after each `/ . ? & = - _ #`
/// that has more of the address after it (never inside the `://`).
pub(crate) fn address_breaks(word: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = word.as_bytes();
    word.char_indices().filter_map(move |(i, c)| {
        let end = i + c.len_utf8();
        let breaks = matches!(c, '/' | '.' | '?' | '&' | '=' | '-' | '_' | '#');
        let in_scheme_slashes =
            c == '/' && (bytes.get(end) == Some(&b'/') || (i > 0 && bytes[i - 1] == b':'));
        (breaks && !in_scheme_slashes && end < word.len()).then_some(end)
    })
}

/// The widest piece of `word` that cannot be broken without force: the whole word, or for an
/// address the widest stretch between its break points.
pub(crate) fn unbreakable_pieces(word: &str) -> Vec<&str> {
    if !is_address(word) {
        return vec![word];
    }
    let mut out = Vec::new();
    let mut start = 0;
    for end in address_breaks(word) {
        out.push(&word[start..end]);
        start = end;
    }
    out.push(&word[start..]);
    out
}

/// Letters that belong inside words for hyphenation, beyond alphabetic characters: the Uzbek
/// and Ukrainian apostrophe letters, and the marks typed in their place (‘ ’ ' `); the
/// hyphenators ignore such marks at either end of a word.
fn is_word_char(c: char) -> bool {
    is_letter(c)
        || matches!(
            c,
            '\u{02BB}' | '\u{02BC}' | '\u{2018}' | '\u{2019}' | '\u{0027}' | '`'
        )
        || crate::lang::is_combining_mark(c)
}

/// Letters whose ranges are all alphabetic, answered without the Unicode tables (asked of
/// every character of every paragraph): Latin-1's and Latin Extended-A's letters, Cyrillic's
/// and the Arabic letters.
const LETTERS: [std::ops::RangeInclusive<char>; 7] = [
    '\u{00C0}'..='\u{00D6}',
    '\u{00D8}'..='\u{00F6}',
    '\u{00F8}'..='\u{017F}',
    '\u{0400}'..='\u{0481}',
    '\u{048A}'..='\u{04FF}',
    '\u{0621}'..='\u{063A}',
    '\u{0641}'..='\u{064A}',
];

/// `c.is_alphabetic()`, most text's letters first without the tables.
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    LETTERS.iter().any(|r| r.contains(&c)) || c.is_alphabetic()
}

#[cfg(test)]
mod tests {
    /// The ranges `is_letter` answers without the tables are alphabetic throughout, and it
    /// answers as `is_alphabetic` for every character.
    #[test]
    fn the_fast_ranges_are_letters() {
        for range in super::LETTERS {
            for c in range {
                assert!(c.is_alphabetic(), "{c:?} U+{:04X}", c as u32);
                assert!(super::is_word_char(c));
            }
        }
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(super::is_letter(c), c.is_alphabetic(), "U+{:04X}", c as u32);
        }
    }
}
