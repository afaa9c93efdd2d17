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

/// Characters that change the direction or visibility of text without being seen: bidi
/// marks, embeddings, overrides and isolates, the Arabic letter mark, zero-width spaces, the
/// word joiner and invisible operators, the BOM. (The joiners ZWJ and ZWNJ are not among
/// them: some scripts and emoji sequences need them inside words.)
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}')
}

#[cfg(test)]
mod tests {
    use super::*;

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
