//! Language tags (BCP 47) and what follows from them: direction, base language.

use std::fmt;

/// A well-formed BCP 47 language tag, kept as written (`kk`, `uz-Latn`, `ar`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lang(String);

/// Writing direction of a run of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Left to right.
    Ltr,
    /// Right to left.
    Rtl,
}

/// Languages whose default script is written right to left.
const RTL_LANGUAGES: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku-arab", "ps", "sd", "syr", "ug", "ur",
    "yi",
];

/// Scripts written right to left (ISO 15924), for tags such as `uz-Arab` or `kk-Arab`.
const RTL_SCRIPTS: &[&str] = &[
    "arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg", "mand", "samr",
];

impl Lang {
    /// Parses a tag, checking the shape BCP 47 gives it: a primary language subtag of 2–3
    /// (or 5–8) letters, then subtags of 1–8 letters or digits separated by hyphens.
    pub fn parse(tag: &str) -> Result<Lang, String> {
        let tag = tag.trim();
        let mut parts = tag.split('-');
        let primary = parts.next().unwrap_or_default();
        let primary_ok = matches!(primary.len(), 2 | 3 | 5..=8)
            && primary.chars().all(|c| c.is_ascii_alphabetic());
        let rest_ok = parts
            .all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
        if primary_ok && rest_ok {
            Ok(Lang(tag.to_string()))
        } else {
            Err(format!("`{tag}` is not a language tag"))
        }
    }

    /// The tag as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary language subtag, lower-cased (`uz` for `uz-Latn`).
    pub fn base(&self) -> String {
        self.0
            .split('-')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase()
    }

    /// The script subtag, lower-cased, if the tag names one (`latn` for `uz-Latn`).
    pub fn script(&self) -> Option<String> {
        self.0
            .split('-')
            .skip(1)
            .find(|p| p.len() == 4 && p.chars().all(|c| c.is_ascii_alphabetic()))
            .map(|p| p.to_ascii_lowercase())
    }

    /// The direction text in this language is written in.
    pub fn direction(&self) -> Direction {
        let rtl = match self.script() {
            Some(script) => RTL_SCRIPTS.contains(&script.as_str()),
            None => RTL_LANGUAGES.contains(&self.base().as_str()),
        };
        if rtl { Direction::Rtl } else { Direction::Ltr }
    }

    /// True when the two tags name the same language (tags compare case-insensitively).
    pub fn same_as(&self, other: &Lang) -> bool {
        self.0.eq_ignore_ascii_case(&other.0)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Unicode's `Default_Ignorable_Code_Point`: characters a renderer shows as nothing when the
/// font has no glyph for them (joiners, variation selectors, marks of direction, the soft
/// hyphen, fillers, tags). Every [`is_invisible`] character is one of them.
pub fn is_default_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// Combining marks a letter carries (Latin, Greek and Cyrillic diacritics, Cyrillic
/// titlos, Hebrew and Arabic vowel signs, the extended and supplementary diacritics and those
/// for symbols): never split from the letter before them, by a line break, a hyphen or a
/// change of font.
pub fn is_combining_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{0483}'..='\u{0489}'
            | '\u{0591}'..='\u{05BD}'
            | '\u{05BF}'
            | '\u{05C1}'..='\u{05C2}'
            | '\u{05C4}'..='\u{05C5}'
            | '\u{05C7}'
            | '\u{0610}'..='\u{061A}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{06D6}'..='\u{06DC}'
            | '\u{06DF}'..='\u{06E4}'
            | '\u{06E7}'..='\u{06E8}'
            | '\u{06EA}'..='\u{06ED}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}

/// The joiners ZWNJ and ZWJ, which some scripts and emoji sequences need inside words.
pub fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

/// Variation selectors (text or emoji presentation, and the ideographic ones).
pub fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// Characters that change the direction or visibility of text without being seen: bidi
/// marks, embeddings, overrides and isolates, the Arabic letter mark, zero-width spaces, the
/// word joiner and invisible operators, the BOM. (The joiners ZWJ and ZWNJ are not among
/// them: some scripts and emoji sequences need them inside words.)
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}')
}

/// The writing systems chapbook tells apart, for reports and font choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Script {
    /// Latin letters (English, Uzbek, Turkmen, Kazakh 2021…).
    Latin,
    /// Cyrillic letters (Russian, Kazakh, Kyrgyz, Uzbek Cyrillic…).
    Cyrillic,
    /// Arabic letters.
    Arabic,
    /// Greek letters.
    Greek,
    /// Hebrew letters.
    Hebrew,
    /// Any other script.
    Other,
}

impl Script {
    /// The script's English name.
    pub fn name(self) -> &'static str {
        match self {
            Script::Latin => "Latin",
            Script::Cyrillic => "Cyrillic",
            Script::Arabic => "Arabic",
            Script::Greek => "Greek",
            Script::Hebrew => "Hebrew",
            Script::Other => "other",
        }
    }
}

/// The script of a character, or `None` for characters common to all scripts (digits,
/// punctuation, spaces, symbols). Modifier letters used as Uzbek and Ukrainian apostrophes
/// count as Latin.
pub fn script_of(c: char) -> Option<Script> {
    if !c.is_alphabetic() {
        return None;
    }
    Some(match c as u32 {
        0x0041..=0x024F | 0x1E00..=0x1EFF | 0x02B0..=0x02FF | 0xA720..=0xA7FF | 0xFF21..=0xFF5A => {
            Script::Latin
        }
        0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            Script::Arabic
        }
        0x0370..=0x03FF | 0x1F00..=0x1FFF => Script::Greek,
        0x0590..=0x05FF => Script::Hebrew,
        _ => Script::Other,
    })
}

#[cfg(test)]
mod script_tests {
    use super::*;

    #[test]
    fn scripts() {
        assert_eq!(script_of('қ'), Some(Script::Cyrillic));
        assert_eq!(script_of('ʻ'), Some(Script::Latin));
        assert_eq!(script_of('ğ'), Some(Script::Latin));
        assert_eq!(script_of('ع'), Some(Script::Arabic));
        assert_eq!(script_of('1'), None);
        assert_eq!(script_of('«'), None);
    }

    #[test]
    fn paragraphs_all_in_arabic_are_right_to_left() {
        assert_eq!(detected_direction("«مرحبا بكم» 2026"), Some(Direction::Rtl));
        assert_eq!(detected_direction("مرحبا means hello"), None);
        assert_eq!(detected_direction("12, 13"), None);
    }
}

/// Bytes [`find_byte`] asks together.
const SCAN: usize = 32;

/// The offset of the first byte of `bytes` that `wanted` accepts. Each chunk of [`SCAN`]
/// bytes is asked as a whole first, with no branch per byte, so that the compiler compares
/// many bytes at once (give it comparisons joined by `|`: a table lookup, `||` or `matches!`
/// keeps it to one byte at a time), and byte by byte only when
/// it holds one: the scans of every text of a book (controls, quotation marks, escapes)
/// mostly find nothing.
pub fn find_byte(bytes: &[u8], wanted: impl Fn(u8) -> bool) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(SCAN);
    let mut base = 0;
    for chunk in &mut chunks {
        if chunk
            .iter()
            .fold(false, |found, &byte| found | wanted(byte))
        {
            return chunk
                .iter()
                .position(|&byte| wanted(byte))
                .map(|at| base + at);
        }
        base += SCAN;
    }
    let rest = chunks.remainder();
    rest.iter()
        .position(|&byte| wanted(byte))
        .map(|at| base + at)
}

#[cfg(test)]
mod find_byte_tests {
    use super::{SCAN, find_byte};

    /// The chunked scan finds what `position` finds, wherever the byte is.
    #[test]
    fn finds_the_first_wanted_byte_anywhere() {
        for len in [0, 1, SCAN - 1, SCAN, SCAN + 1, 3 * SCAN + 5] {
            let mut bytes = vec![b'a'; len];
            assert_eq!(find_byte(&bytes, |b| b == b'x'), None);
            for at in 0..len {
                bytes[at] = b'x';
                if at + 2 < len {
                    bytes[at + 2] = b'x';
                }
                assert_eq!(find_byte(&bytes, |b| b == b'x'), Some(at), "{len} {at}");
                bytes.fill(b'a');
            }
        }
    }
}

/// Right to left when every letter of `text` is in a right-to-left script: the base
/// direction of a paragraph written, say, all in Arabic inside an English entry without a
/// language mark. A paragraph with any left-to-right letter keeps its language's direction,
/// and the bidi algorithm orders the runs inside it.
pub fn detected_direction(text: &str) -> Option<Direction> {
    let mut letters = text.chars().filter_map(script_of).peekable();
    letters.peek()?;
    letters
        .all(|s| matches!(s, Script::Arabic | Script::Hebrew))
        .then_some(Direction::Rtl)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_character_tables_agree() {
        // Every invisible control is default-ignorable; joiners and selectors too; no
        // combining mark is ignorable (it needs its glyph).
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            if is_invisible(c) || is_joiner(c) || (is_variation_selector(c) && (c as u32) < 0xE0000)
            {
                assert!(is_default_ignorable(c), "U+{:04X}", c as u32);
            }
            // U+034F, the combining grapheme joiner, is both.
            if is_combining_mark(c) && c != '\u{034F}' {
                assert!(!is_default_ignorable(c), "U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn parses_and_rejects() {
        assert!(Lang::parse("en").is_ok());
        assert!(Lang::parse("uz-Latn").is_ok());
        assert!(Lang::parse("zh-Hant-TW").is_ok());
        assert!(Lang::parse("english language").is_err());
        assert!(Lang::parse("").is_err());
        assert!(Lang::parse("e").is_err());
        assert!(Lang::parse("en--US").is_err());
    }

    #[test]
    fn direction_from_language_and_script() {
        assert_eq!(Lang::parse("ar").unwrap().direction(), Direction::Rtl);
        assert_eq!(Lang::parse("kk").unwrap().direction(), Direction::Ltr);
        assert_eq!(Lang::parse("uz-Arab").unwrap().direction(), Direction::Rtl);
        assert_eq!(Lang::parse("ug-Latn").unwrap().direction(), Direction::Ltr);
    }
}
