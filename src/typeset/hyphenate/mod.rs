//! Hyphenation by language: Liang's patterns (the `hyphenation` crate's embedded
//! dictionaries) for the languages that have them, and syllable rules ([`syllables`]) for
//! Kazakh, Kyrgyz and Uzbek, which have no pattern set.

mod remembered;
pub mod syllables;

pub use remembered::HyphenationCache;

use hyphenation::{Hyphenator as _, Language, Load, Standard};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// Hyphenation for one language.
#[derive(Clone, Copy)]
pub struct Hyphenator {
    method: Method,
}

/// How a language is hyphenated.
#[derive(Clone, Copy)]
enum Method {
    /// Liang's patterns.
    Patterns(&'static Standard),
    /// Breaks between syllables, found by the language's rules.
    Syllables(syllables::Language),
}

/// The pattern language for a BCP 47 tag, if there is one.
fn language(tag: &str) -> Option<Language> {
    let tag = tag.to_ascii_lowercase();
    let base = tag.split('-').next().unwrap_or_default();
    Some(match (base, tag.as_str()) {
        ("en", "en-gb") | ("en", "en-au") | ("en", "en-nz") | ("en", "en-ie") => {
            Language::EnglishGB
        }
        ("en", _) => Language::EnglishUS,
        ("ru", _) => Language::Russian,
        ("uk", _) => Language::Ukrainian,
        ("be", _) => Language::Belarusian,
        ("bg", _) => Language::Bulgarian,
        ("tr", _) => Language::Turkish,
        ("tk", _) => Language::Turkmen,
        ("de", _) => Language::German1996,
        ("fr", _) => Language::French,
        ("es", _) => Language::Spanish,
        ("it", _) => Language::Italian,
        ("pl", _) => Language::Polish,
        ("pt", _) => Language::Portuguese,
        ("nl", _) => Language::Dutch,
        ("mn", _) => Language::Mongolian,
        ("ka", _) => Language::Georgian,
        ("hy", _) => Language::Armenian,
        _ => return None,
    })
}

/// Loaded dictionaries, each loaded once per process.
fn dictionaries() -> &'static Mutex<HashMap<Language, Option<&'static Standard>>> {
    static CACHE: OnceLock<Mutex<HashMap<Language, Option<&'static Standard>>>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// True when `tag` is hyphenated, by patterns or by syllable rules.
pub fn supported(tag: &str) -> bool {
    Hyphenator::for_lang(tag).is_some()
}

/// Fewest letters left before a hyphen, and carried after it.
const MIN_LETTERS: usize = 2;

const SOFT_HYPHEN: char = '\u{00AD}';

impl Hyphenator {
    /// The hyphenator for a language tag, or `None` when the language has neither patterns
    /// nor syllable rules.
    pub fn for_lang(tag: &str) -> Option<Hyphenator> {
        if let Some(language) = syllables::Language::from_tag(tag) {
            return Some(Hyphenator {
                method: Method::Syllables(language),
            });
        }
        let language = language(tag)?;
        let mut cache = dictionaries().lock().ok()?;
        let dictionary = *cache.entry(language).or_insert_with(|| {
            // Loaded once and kept for the life of the process, like the fonts.
            Standard::from_embedded(language)
                .ok()
                .map(|d| &*Box::leak(Box::new(d)))
        });
        dictionary.map(|dictionary| Hyphenator {
            method: Method::Patterns(dictionary),
        })
    }

    /// Byte offsets inside `word` where a hyphen may be inserted. `word` should be letters
    /// only; a word the author already broke (a hyphen or soft hyphen in it) or one with
    /// digits is left as written: a soft hyphen marks the only places it may break.
    pub fn breaks(&self, word: &str) -> Vec<usize> {
        if word.contains(SOFT_HYPHEN) {
            return word
                .match_indices(SOFT_HYPHEN)
                .map(|(i, _)| i + SOFT_HYPHEN.len_utf8())
                .collect();
        }
        if word.chars().count() < 2 * MIN_LETTERS
            || word
                .chars()
                .any(|c| c.is_ascii_digit() || c == '-' || c == '\u{2010}')
            || is_all_caps(word)
        {
            return Vec::new();
        }
        match self.method {
            Method::Patterns(dictionary) => pattern_breaks(dictionary, word),
            // The rules check the letters themselves and ignore punctuation at the ends.
            Method::Syllables(language) => language.breaks(word, MIN_LETTERS),
        }
    }
}

/// True for a word of capitals only (an abbreviation, or a word set in capitals for emphasis:
/// "PERMITTED"), which typographers leave whole: a hyphen in capitals is conspicuous, and
/// patterns made for lower-case words break abbreviations at random.
fn is_all_caps(word: &str) -> bool {
    let mut letters = word.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(char::is_uppercase)
}

/// Breaks by Liang's patterns, for a word of letters only.
fn pattern_breaks(dictionary: &Standard, word: &str) -> Vec<usize> {
    if word.chars().any(|c| !(c.is_alphabetic() || is_inner(c))) {
        return Vec::new();
    }
    let lower = word.to_lowercase();
    if lower.len() != word.len() {
        // Lower-casing changed byte lengths (rare: İ and the like); offsets would not map.
        return Vec::new();
    }
    let offsets = dictionary.hyphenate(&lower).breaks;
    // Letters before a break, by binary search over where each letter starts: counting them
    // from the start of the word at every break made a long word quadratic to hyphenate.
    let starts: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
    offsets
        .into_iter()
        .filter(|&i| word.is_char_boundary(i))
        .filter(|&i| {
            let before = starts.partition_point(|&s| s < i);
            before >= MIN_LETTERS && starts.len() - before >= MIN_LETTERS
        })
        .collect()
}

/// Characters that may sit inside a word: apostrophe letters and combining marks.
fn is_inner(c: char) -> bool {
    matches!(c, '\u{02BB}' | '\u{02BC}' | '\u{2019}' | '\'') || crate::lang::is_combining_mark(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(tag: &str, word: &str) -> String {
        let h = Hyphenator::for_lang(tag).unwrap();
        let mut out = String::new();
        let mut last = 0;
        for b in h.breaks(word) {
            out.push_str(&word[last..b]);
            out.push('-');
            last = b;
        }
        out.push_str(&word[last..]);
        out
    }

    #[test]
    fn english() {
        // The US patterns give hy-phen-a-tion; British ones differ but also break the word.
        assert_eq!(split("en", "hyphenation"), "hy-phen-a-tion");
        assert_eq!(
            split("en-GB", "transliteration").replace('-', ""),
            "transliteration"
        );
        assert!(split("en-GB", "transliteration").contains('-'));
        assert_eq!(
            split("en", "Hyphenation"),
            "Hy-phen-a-tion",
            "capitals are kept"
        );
    }

    #[test]
    fn russian_and_ukrainian() {
        let ru = split("ru", "информация");
        assert!(
            ru.contains('-') && ru.replace('-', "") == "информация",
            "{ru}"
        );
        let uk = split("uk", "незалежність");
        assert!(uk.contains('-'), "{uk}");
    }

    #[test]
    fn turkish_and_turkmen() {
        assert!(split("tr", "kütüphane").contains('-'));
        assert!(Hyphenator::for_lang("tk").is_some());
    }

    #[test]
    fn languages_without_hyphenation() {
        assert!(Hyphenator::for_lang("ar").is_none());
        assert!(!supported("ar"));
        assert!(
            !supported("kk-Arab"),
            "Kazakh in Arabic script has no rules here"
        );
        assert!(supported("ru-RU"));
    }

    #[test]
    fn kazakh_kyrgyz_and_uzbek_by_syllables() {
        for tag in [
            "kk", "kk-Cyrl", "kk-Latn", "kk-KZ", "uz", "uz-Latn", "uz-Cyrl", "ky", "ky-KG",
        ] {
            assert!(supported(tag), "{tag}");
        }
        for (tag, word, expected) in [
            ("kk", "мемлекеттік", "мем-ле-кет-тік"),
            ("kk-Cyrl", "университеттер", "уни-вер-си-тет-тер"),
            ("kk", "жауапкершілік", "жа-уап-кер-ші-лік"),
            ("kk-Latn", "memlekettık", "mem-le-ket-tık"),
            // The script is read from the word, whatever the tag says.
            ("kk-Latn", "ауыл", "ауыл"),
            ("uz", "oʻqituvchi", "oʻqi-tuv-chi"),
            ("uz-Latn", "maʼlumot", "maʼ-lu-mot"),
            ("uz-Cyrl", "ўқитувчи", "ўқи-тув-чи"),
            ("uz", "Toshkent", "Tosh-kent"),
            ("ky", "тоолор", "тоо-лор"),
        ] {
            assert_eq!(split(tag, word), expected, "{tag}");
        }
    }

    #[test]
    fn capitals_and_punctuation_by_syllables() {
        assert_eq!(split("kk", "Мемлекеттік"), "Мем-ле-кет-тік");
        assert_eq!(split("uz", "Oʻzbekiston"), "Oʻz-be-kis-ton");
        assert_eq!(split("kk", "«Мемлекеттік»"), "«Мем-ле-кет-тік»");
        assert_eq!(split("uz", "kitoblar,"), "ki-tob-lar,");
        // Capitals only: an abbreviation, left whole; likewise digits and hyphens.
        assert_eq!(split("kk", "ЮНЕСКО"), "ЮНЕСКО");
        assert_eq!(split("kk", "2024жылы"), "2024жылы");
        assert_eq!(split("uz", "oʻzbek-rus"), "oʻzbek-rus");
        assert_eq!(
            Hyphenator::for_lang("kk")
                .unwrap()
                .breaks("мем\u{00AD}лекеттік"),
            vec!["мем\u{00AD}".len()]
        );
    }

    #[test]
    fn words_left_alone() {
        let h = Hyphenator::for_lang("en").unwrap();
        assert!(h.breaks("").is_empty());
        assert!(h.breaks("at").is_empty());
        assert!(h.breaks("well-known").is_empty());
        assert!(h.breaks("COVID19").is_empty());
        // Capitals only: "PER-MITTED" in the GPL's disclaimer.
        assert!(h.breaks("PERMITTED").is_empty());
        assert!(!h.breaks("Permitted").is_empty());
        assert!(
            Hyphenator::for_lang("ru")
                .unwrap()
                .breaks("ГОСУДАРСТВО")
                .is_empty()
        );
        assert_eq!(h.breaks("hyph\u{00AD}enation"), vec![6]);
    }

    #[test]
    fn offsets_are_boundaries_with_two_letters_each_side() {
        for (tag, word) in [
            ("ru", "государство"),
            ("en", "extraordinarily"),
            ("uk", "університет"),
            ("ru", "Объединение"),
            ("kk", "Жауапкершілік"),
            ("kk", "университеттер"),
            ("kk-Latn", "Täuelsızdık"),
            ("ky", "Кыргызстан"),
            ("uz", "Oʻzbekistonning"),
            ("uz", "mo'jizalar"),
            ("uz", "maʼlumotlar"),
            ("uz-Cyrl", "мўъжизалар"),
        ] {
            let h = Hyphenator::for_lang(tag).unwrap();
            for b in h.breaks(word) {
                assert!(word.is_char_boundary(b));
                assert!(
                    word[..b].chars().count() >= 2 && word[b..].chars().count() >= 2,
                    "{word} at {b}"
                );
            }
        }
    }
}
