//! Hyphenation by syllables for the Turkic languages that have no pattern set: Kazakh
//! (Cyrillic, and the Latin alphabet of 2021), Kyrgyz (Cyrillic) and Uzbek (Latin and
//! Cyrillic). A word is broken only between syllables, and each line keeps two letters of it.
//!
//! # Sources
//!
//! - Kazakh: *Қазақ тілінің емле ережелері* (the orthography rules, 2013; the sections on
//!   syllables and on *тасымал*, carrying a word over) and the Kazakh Latin alphabet approved
//!   in 2021 (ä ğ ı i ñ ö q ş ū ü y, where y is ы, ı is і, i is и and й, u is у).
//! - Uzbek: *Oʻzbek tilining asosiy imlo qoidalari* (the main spelling rules, Cabinet of
//!   Ministers decree no. 339 of 1995; the section *Boʻgʻin koʻchirish*), and for Cyrillic
//!   the rules of 1956, which divide the same way.
//! - Kyrgyz: divided by the Kazakh rules, the syllable structure being the same; the alphabet
//!   has ң ө ү, no ә ғ қ ұ һ і, and writes long vowels double (тоо, баары): one syllable.
//!
//! # Rules
//!
//! Native syllables are V, CV, VC, CVC, VCC and CVCC: a syllable has one vowel and starts with
//! at most one consonant. Between two vowels, then:
//!
//! - no consonant: the break falls between the vowels (би-ік, sa-o-dat);
//! - one consonant goes with the following vowel (ба-ла, ki-tob);
//! - two consonants split (ал-ма, бал-та, mak-tab);
//! - three or more (Russian loans, a few native words): only the last starts the next
//!   syllable (айт-ты, зерт-теу, ми-нистр-лік, э-лект-рон). That is the native rule applied
//!   as it stands; it keeps every syllable with its vowel and never puts a cluster the
//!   language does not pronounce at the start of a line, at the price of breaks that Russian
//!   would make differently (Russian э-лек-трон, here элект-рон). Consonants before the first
//!   vowel or after the last stay with it (спорт, ми-нистр).
//!
//! Letters that are not plain vowels or consonants:
//!
//! - Kazakh и is always a vowel: it stands for ій/ый, a vowel with a closing glide, and the
//!   rules divide киім, биік as ки-ім, би-ік. ю (йу) and я (йа) are vowels with an opening
//!   glide: а-ю, қо-ян. The glide is part of the letter, so it never splits off.
//! - Kazakh у is the consonant \[w\] after a vowel (тау, а-уыл, тә-уел-сіз) and at the start of
//!   a word before a vowel (уа-қыт); elsewhere it stands for ұу/үу and is a vowel (су, о-қу,
//!   у-ни-вер-си-тет, ту-у). The same holds for Latin u, and for Latin i (и and й): a glide
//!   after a vowel (ai-na, a-iaq) or at the start before one, a vowel otherwise (bi-ık).
//!   Kyrgyz у is always a vowel.
//! - ь (soft sign, Russian loans) stays with the consonant before it and adds no sound:
//!   аль-бом, ком-пью-тер.
//! - ъ (hard sign in Russian loans; the Uzbek tutuq belgisi in Cyrillic) and the Uzbek Latin
//!   tutuq belgisi ʼ stay with the syllable before them and end it when a vowel follows:
//!   объ-ект, маъ-но, sanʼ-at, jurʼ-at. An apostrophe in a Kazakh or Kyrgyz word does the same.
//! - Uzbek Latin oʻ and gʻ are single letters, with ʻ (U+02BB) or a typed stand-in for it:
//!   ‘ (U+2018), ' , ` or ’ (U+2019, what word processors turn ' into) after o or g. ʼ (U+02BC)
//!   is always the tutuq belgisi. sh, ch and ng are single letters and never split
//!   (the rules' examples: mash-hur, pi-choq, si-ngil, koʻ-ngil, tong-da, soʻng-gi). The
//!   rules keep ng whole only where it is one sound and ask the writer to know those words
//!   (ing-ramoq); without a word list, ng is always taken as one letter here (Na-ma-ngan
//!   rather than Na-man-gan). Cyrillic нг is treated alike.
//!
//! And for the line: no break leaves fewer than two letters at either end (а-та stays ата;
//! oʻ, gʻ, sh, ch and ng count as one letter each), and a word written in capitals only is
//! taken for an abbreviation and not broken (ЮНЕСКО, BMT): the rules never divide those.
//!
//! The script is read from each word, so `kk` text in Latin letters and `uz` text in
//! Cyrillic are both hyphenated. Punctuation at either end of a word (quotes, a comma) is
//! ignored; a word with anything else in it (digits, a full stop inside) is not broken.

/// A language hyphenated by syllables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// Kazakh, Cyrillic or the Latin alphabet of 2021.
    Kazakh,
    /// Kyrgyz, Cyrillic.
    Kyrgyz,
    /// Uzbek, Latin or Cyrillic.
    Uzbek,
}

impl Language {
    /// The language of a BCP 47 tag (`kk`, `kk-Latn`, `uz-Cyrl-UZ`, `ky`), or `None` when it
    /// is not one of these or names a script these rules do not cover (`kk-Arab`).
    pub fn from_tag(tag: &str) -> Option<Language> {
        let tag = tag.to_ascii_lowercase();
        let mut subtags = tag.split(['-', '_']);
        let language = match subtags.next()? {
            "kk" => Language::Kazakh,
            "ky" => Language::Kyrgyz,
            "uz" => Language::Uzbek,
            _ => return None,
        };
        // A script subtag is the four-letter one after the language.
        let script = subtags.find(|s| s.len() == 4 && s.chars().all(|c| c.is_ascii_alphabetic()));
        match script {
            None | Some("cyrl") => Some(language),
            Some("latn") if language != Language::Kyrgyz => Some(language),
            Some(_) => None,
        }
    }

    /// Byte offsets inside `word` where it may be hyphenated: syllable boundaries that leave
    /// at least `min` letters on each side.
    pub fn breaks(self, word: &str, min: usize) -> Vec<usize> {
        let Some(units) = units(self, word) else {
            return Vec::new();
        };
        let total: usize = units.iter().map(|u| u.letters).sum();
        let mut before = 0;
        let mut next = 0;
        let mut out = Vec::new();
        for b in boundaries(&units) {
            before += units[next..b].iter().map(|u| u.letters).sum::<usize>();
            next = b;
            if before >= min && total - before >= min {
                out.push(units[b].at);
            }
        }
        out
    }
}

/// The alphabet of one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Alphabet {
    KazakhCyrillic,
    KazakhLatin,
    KyrgyzCyrillic,
    UzbekLatin,
    UzbekCyrillic,
}

/// What a letter is to the syllable rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Vowel,
    Consonant,
    /// Kazakh у, Latin u and i: a vowel or a consonant depending on its neighbours.
    Glide,
    /// ь: part of the consonant before it.
    Soft,
    /// ъ, the tutuq belgisi: part of the letter before it, and a syllable ends after it.
    Separator,
}

/// One letter as the rules see it, with any sign or mark that belongs to it.
#[derive(Debug, Clone, Copy)]
struct Unit {
    /// Byte offset of its first character in the word.
    at: usize,
    /// The lower-case letter (ŏ and ğ for Uzbek oʻ and gʻ).
    base: char,
    vowel: bool,
    /// Letters of the alphabet it counts as (ь and ъ are letters; ʻ and ʼ are not).
    letters: usize,
    /// A syllable ends after it (it carries ъ or ʼ).
    closes: bool,
}

/// Apostrophe-like characters: the Uzbek ʻ and ʼ and what is typed for them.
fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\u{02BB}' | '\u{02BC}' | '\u{2018}' | '\u{2019}' | '\'' | '`'
    )
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

fn class(alphabet: Alphabet, c: char) -> Option<Class> {
    use Class::*;
    if is_apostrophe(c) {
        return Some(Separator);
    }
    Some(match alphabet {
        Alphabet::KazakhCyrillic => match c {
            'а' | 'ә' | 'е' | 'ё' | 'и' | 'о' | 'ө' | 'ұ' | 'ү' | 'ы' | 'і' | 'э' | 'ю' | 'я' => {
                Vowel
            }
            'у' => Glide,
            'б' | 'в' | 'г' | 'ғ' | 'д' | 'ж' | 'з' | 'й' | 'к' | 'қ' | 'л' | 'м' | 'н' | 'ң'
            | 'п' | 'р' | 'с' | 'т' | 'ф' | 'х' | 'һ' | 'ц' | 'ч' | 'ш' | 'щ' => {
                Consonant
            }
            'ь' => Soft,
            'ъ' => Separator,
            _ => return None,
        },
        Alphabet::KyrgyzCyrillic => match c {
            'а' | 'е' | 'ё' | 'и' | 'о' | 'ө' | 'у' | 'ү' | 'ы' | 'э' | 'ю' | 'я' => {
                Vowel
            }
            'б' | 'в' | 'г' | 'д' | 'ж' | 'з' | 'й' | 'к' | 'л' | 'м' | 'н' | 'ң' | 'п' | 'р'
            | 'с' | 'т' | 'ф' | 'х' | 'ц' | 'ч' | 'ш' | 'щ' => Consonant,
            'ь' => Soft,
            'ъ' => Separator,
            _ => return None,
        },
        Alphabet::UzbekCyrillic => match c {
            // ы only in Russian loans written as in Russian.
            'а' | 'е' | 'ё' | 'и' | 'о' | 'у' | 'ў' | 'э' | 'ю' | 'я' | 'ы' => Vowel,
            'б' | 'в' | 'г' | 'ғ' | 'д' | 'ж' | 'з' | 'й' | 'к' | 'қ' | 'л' | 'м' | 'н' | 'п'
            | 'р' | 'с' | 'т' | 'ф' | 'х' | 'ҳ' | 'ц' | 'ч' | 'ш' | 'щ' => Consonant,
            'ь' => Soft,
            'ъ' => Separator,
            _ => return None,
        },
        Alphabet::KazakhLatin => match c {
            'a' | 'ä' | 'e' | 'ı' | 'o' | 'ö' | 'ū' | 'ü' | 'y' => Vowel,
            'i' | 'u' => Glide,
            'b' | 'c' | 'ç' | 'd' | 'f' | 'g' | 'ğ' | 'h' | 'j' | 'k' | 'l' | 'm' | 'n' | 'ñ'
            | 'p' | 'q' | 'r' | 's' | 'ş' | 't' | 'v' | 'w' | 'x' | 'z' => Consonant,
            _ => return None,
        },
        Alphabet::UzbekLatin => match c {
            'a' | 'e' | 'i' | 'o' | 'u' => Vowel,
            'b' | 'c' | 'd' | 'f' | 'g' | 'h' | 'j' | 'k' | 'l' | 'm' | 'n' | 'p' | 'q' | 'r'
            | 's' | 't' | 'v' | 'w' | 'x' | 'y' | 'z' => Consonant,
            _ => return None,
        },
    })
}

/// The lower case of `c` as the alphabet has it: Kazakh Latin pairs I with ı and İ with i.
fn lower(alphabet: Alphabet, c: char) -> char {
    match (alphabet, c) {
        (Alphabet::KazakhLatin, 'I') => 'ı',
        (_, 'İ') => 'i',
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

/// The alphabet of a word, from its letters and language; `None` when it mixes scripts or
/// the language has no rules for its script.
fn alphabet(language: Language, letters: &str) -> Option<Alphabet> {
    let mut cyrillic = false;
    let mut latin = false;
    for c in letters.chars().filter(|&c| !is_apostrophe(c)) {
        if is_cyrillic(c) {
            cyrillic = true;
        } else {
            latin = true;
        }
    }
    match (language, cyrillic, latin) {
        (Language::Kazakh, true, false) => Some(Alphabet::KazakhCyrillic),
        (Language::Kazakh, false, true) => Some(Alphabet::KazakhLatin),
        (Language::Kyrgyz, true, false) => Some(Alphabet::KyrgyzCyrillic),
        (Language::Uzbek, true, false) => Some(Alphabet::UzbekCyrillic),
        (Language::Uzbek, false, true) => Some(Alphabet::UzbekLatin),
        _ => None,
    }
}

/// The word's letters as units, or `None` when it should not be broken: it is empty, has
/// characters outside the alphabet, or is written in capitals only.
fn units(language: Language, word: &str) -> Option<Vec<Unit>> {
    // Punctuation at the ends is not part of the word. Apostrophes may end one (bogʻ, a
    // final tutuq belgisi) but not start one.
    let trimmed = word.trim_start_matches(|c: char| !c.is_alphabetic() || is_apostrophe(c));
    let offset = word.len() - trimmed.len();
    let trimmed = trimmed.trim_end_matches(|c: char| !c.is_alphabetic() && !is_apostrophe(c));
    let letters = || trimmed.chars().filter(|&c| !is_apostrophe(c));
    if !letters().any(|c| c.is_lowercase()) {
        // An abbreviation (or nothing at all).
        return None;
    }
    let alphabet = alphabet(language, trimmed)?;
    let chars: Vec<(usize, char, Class)> = trimmed
        .char_indices()
        .map(|(i, c)| {
            let c = lower(alphabet, c);
            class(alphabet, c).map(|class| (offset + i, c, class))
        })
        .collect::<Option<_>>()?;
    let mut units: Vec<Unit> = Vec::new();
    let mut i = 0;
    while let Some(&(at, c, class)) = chars.get(i) {
        let next = chars.get(i + 1).map(|&(_, c, _)| c);
        let next_class = chars.get(i + 1).map(|&(_, _, class)| class);
        i += 1;
        let mut unit = Unit {
            at,
            base: c,
            vowel: class == Class::Vowel,
            letters: 1,
            closes: false,
        };
        match class {
            Class::Soft | Class::Separator => {
                // A sign belongs to the letter before it. An apostrophe after Uzbek o or g
                // (other than ʼ, always the tutuq belgisi) is the ʻ of oʻ and gʻ.
                let last = units.last_mut()?;
                let apostrophe = is_apostrophe(c);
                if alphabet == Alphabet::UzbekLatin
                    && apostrophe
                    && c != '\u{02BC}'
                    && matches!(chars[i - 2].1, 'o' | 'g')
                {
                    last.base = if last.base == 'o' { 'ŏ' } else { 'ğ' };
                    continue;
                }
                if !apostrophe {
                    last.letters += 1;
                }
                last.closes |= class == Class::Separator;
                continue;
            }
            Class::Glide => {
                let prev = units.last();
                // у after у is ұу again: ту-у.
                let after_vowel =
                    prev.is_some_and(|p| p.vowel && !(p.base == c && matches!(c, 'у' | 'u')));
                let opens = prev.is_none() && next_class == Some(Class::Vowel);
                unit.vowel = !(after_vowel || opens);
            }
            Class::Vowel => {
                // Kyrgyz writes a long vowel twice: one syllable.
                if alphabet == Alphabet::KyrgyzCyrillic && next == Some(c) {
                    unit.letters = 2;
                    i += 1;
                }
            }
            Class::Consonant => {
                // sh, ch, ng (нг) are one letter; g in ng must not be the g of gʻ.
                let digraph = match (alphabet, c, next) {
                    (Alphabet::UzbekLatin, 's' | 'c', Some('h')) => true,
                    (Alphabet::UzbekLatin, 'n', Some('g'))
                    | (Alphabet::UzbekCyrillic, 'н', Some('г')) => !chars
                        .get(i + 1)
                        .is_some_and(|&(_, c, _)| is_apostrophe(c) && c != '\u{02BC}'),
                    _ => false,
                };
                if digraph {
                    i += 1;
                }
            }
        }
        units.push(unit);
    }
    Some(units)
}

/// Indices of the units that start a syllable, after the first.
fn boundaries(units: &[Unit]) -> Vec<usize> {
    let nuclei: Vec<usize> = (0..units.len()).filter(|&i| units[i].vowel).collect();
    nuclei
        .windows(2)
        .map(|pair| {
            let (p, q) = (pair[0], pair[1]);
            // After a unit that closes its syllable, the consonants left; of them only the
            // last starts the next syllable.
            let free = (p..q)
                .rev()
                .find(|&k| units[k].closes)
                .map_or(p + 1, |k| k + 1);
            free.max(q - 1)
        })
        .collect()
}

#[cfg(test)]
#[path = "syllables_tests.rs"]
mod tests;
