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
//! - Kazakh у is the consonant [w] after a vowel (тау, а-уыл, тә-уел-сіз) and at the start of
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
mod tests {
    //! How the expected divisions below were written, from the rules in the module docs:
    //!
    //! 1. Mark the vowels. Kazakh и, ю, я, ё, е are vowels; у is a consonant after a vowel
    //!    (тау, ауыл) or at the start before one (уақыт), a vowel elsewhere (су, оқу); Latin
    //!    u and i the same (Kazakh Latin y is ы, ı is і). Kyrgyz у is a vowel and a doubled
    //!    vowel (тоо) is one. Uzbek oʻ is one vowel; y is a consonant.
    //! 2. Glue the signs: ь to the consonant before it, ъ and ʼ to the letter before it; glue
    //!    the Uzbek digraphs sh, ch, ng, gʻ.
    //! 3. Between two vowels: none → break between them; one consonant → before it; two →
    //!    between them; three or more → before the last. After ъ or ʼ → right after the sign.
    //! 4. For hyphenation, drop the breaks that leave a single letter on either side; oʻ and
    //!    gʻ are single letters.
    //!
    //! Tricky cases are noted beside the words.

    use super::*;

    /// `word` with a hyphen at each of `breaks`.
    fn join(word: &str, breaks: &[usize]) -> String {
        let mut out = String::new();
        let mut last = 0;
        for &b in breaks {
            assert!(word.is_char_boundary(b), "{word}: {b} is not a boundary");
            out.push_str(&word[last..b]);
            out.push('-');
            last = b;
        }
        out.push_str(&word[last..]);
        out
    }

    /// Every syllable boundary of `word`.
    fn syllables(language: Language, word: &str) -> String {
        join(word, &language.breaks(word, 1))
    }

    /// `word` as hyphenated: two letters at least on each side.
    fn hyphenated(language: Language, word: &str) -> String {
        join(word, &language.breaks(word, 2))
    }

    /// Letters in `part` for the two-letter minimum: the apostrophes are not letters.
    fn letters(part: &str) -> usize {
        part.chars().filter(|&c| !is_apostrophe(c)).count()
    }

    /// The division with the breaks that leave one letter at either end taken out.
    fn drop_single_letters(divided: &str) -> String {
        let parts: Vec<&str> = divided.split('-').collect();
        let total: usize = parts.iter().map(|p| letters(p)).sum();
        let mut out = String::from(parts[0]);
        let mut before = letters(parts[0]);
        for part in &parts[1..] {
            if before >= 2 && total - before >= 2 {
                out.push('-');
            }
            out.push_str(part);
            before += letters(part);
        }
        out
    }

    /// Checks each word's syllables, then that hyphenation keeps all but the breaks that
    /// would leave one letter.
    fn check(language: Language, table: &[(&str, &str)]) {
        let mut failures = Vec::new();
        for &(word, expected) in table {
            assert_eq!(expected.replace('-', ""), word, "table entry for {word}");
            let got = syllables(language, word);
            if got != expected {
                failures.push(format!("{word}: expected {expected}, got {got}"));
            }
            let got = hyphenated(language, word);
            let expected = drop_single_letters(expected);
            if got != expected {
                failures.push(format!("{word} hyphenated: expected {expected}, got {got}"));
            }
        }
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    }

    #[test]
    fn kazakh_cyrillic() {
        check(
            Language::Kazakh,
            &[
                // V-CV, CV-CV, VC-CV, CVC-CV: one consonant goes on, two split.
                ("ата", "а-та"),
                ("ана", "а-на"),
                ("бала", "ба-ла"),
                ("алма", "ал-ма"),
                ("балта", "бал-та"),
                ("қалам", "қа-лам"),
                ("ол", "ол"),
                ("әке", "ә-ке"),
                ("екі", "е-кі"),
                ("екінші", "е-кін-ші"),
                ("кітап", "кі-тап"),
                ("кітапхана", "кі-тап-ха-на"),
                ("мектеп", "мек-теп"),
                ("мұғалім", "мұ-ға-лім"),
                ("қазақ", "қа-зақ"),
                ("тіл", "тіл"),
                ("тілі", "ті-лі"),
                ("сөздік", "сөз-дік"),
                ("жұмыс", "жұ-мыс"),
                ("жұмысшы", "жұ-мыс-шы"),
                ("ынтымақ", "ын-ты-мақ"),
                ("ынтымақтастық", "ын-ты-мақ-тас-тық"),
                ("халық", "ха-лық"),
                ("халықаралық", "ха-лы-қа-ра-лық"),
                ("ғылым", "ғы-лым"),
                ("ғылыми", "ғы-лы-ми"),
                ("білім", "бі-лім"),
                ("білімді", "бі-лім-ді"),
                ("бағдарлама", "бағ-дар-ла-ма"),
                ("жаңалық", "жа-ңа-лық"),
                ("жыл", "жыл"),
                ("жылдар", "жыл-дар"),
                ("отбасы", "от-ба-сы"),
                ("ақпарат", "ақ-па-рат"),
                ("құқық", "құ-қық"),
                ("көшбасшы", "көш-бас-шы"),
                ("ұлы", "ұ-лы"),
                ("ұзақ", "ұ-зақ"),
                ("оның", "о-ның"),
                ("кеңес", "ке-ңес"),
                ("шығарма", "шы-ғар-ма"),
                ("ерекше", "е-рек-ше"),
                ("теміржол", "те-мір-жол"),
                ("құрылыс", "құ-ры-лыс"),
                ("сұрақ", "сұ-рақ"),
                ("тұрғын", "тұр-ғын"),
                // Long compounds.
                ("мемлекеттік", "мем-ле-кет-тік"),
                ("университеттер", "у-ни-вер-си-тет-тер"),
                ("жауапкершілік", "жа-уап-кер-ші-лік"),
                // VCC and CVCC: a closing pair stays, the third consonant goes on.
                ("айт", "айт"),
                ("айтты", "айт-ты"),
                ("ант", "ант"),
                ("қайтты", "қайт-ты"),
                ("жүрт", "жүрт"),
                ("ұлттық", "ұлт-тық"),
                ("зерттеу", "зерт-теу"),
                ("зерттеуші", "зерт-теу-ші"),
                // Й is a consonant: ұ-йым, like any single consonant between vowels.
                ("үй", "үй"),
                ("үйлер", "үй-лер"),
                ("ұйым", "ұ-йым"),
                ("ұйымдастыру", "ұ-йым-дас-ты-ру"),
                ("Абай", "А-бай"),
                // у: [w] after a vowel or first before one, ұу/үу otherwise.
                ("ауыл", "а-уыл"),
                ("тау", "тау"),
                ("су", "су"),
                ("оқу", "о-қу"),
                ("оқушы", "о-қу-шы"),
                ("оқулық", "о-қу-лық"),
                ("оқытушы", "о-қы-ту-шы"),
                ("ауа", "а-уа"),
                ("ауру", "ау-ру"),
                ("бауыр", "ба-уыр"),
                ("тәуелсіз", "тә-уел-сіз"),
                ("тәуелсіздік", "тә-уел-сіз-дік"),
                ("әлеумет", "ә-леу-мет"),
                ("әлеуметтік", "ә-леу-мет-тік"),
                ("аударма", "ау-дар-ма"),
                ("аудару", "ау-да-ру"),
                ("сұрау", "сұ-рау"),
                ("жауап", "жа-уап"),
                ("уақыт", "уа-қыт"),
                ("уәде", "уә-де"),
                // Initial у before ы is [w]: one syllable, as spoken.
                ("уыз", "уыз"),
                ("күту", "кү-ту"),
                ("күтуші", "кү-ту-ші"),
                // у after a consonant is ұу even before a vowel; the glide is inside it.
                ("қуаныш", "қу-а-ныш"),
                // у after у is ұу again: ту-у (the verb ту- and the suffix -у).
                ("туу", "ту-у"),
                ("жуушы", "жу-у-шы"),
                // и is always a vowel (ій/ый): би-ік, not бий-ік.
                ("биік", "би-ік"),
                ("киім", "ки-ім"),
                ("сиыр", "си-ыр"),
                ("қиын", "қи-ын"),
                ("тиіс", "ти-іс"),
                ("ие", "и-е"),
                ("иесі", "и-е-сі"),
                ("дүние", "дү-ни-е"),
                ("оқиға", "о-қи-ға"),
                ("жиырма", "жи-ыр-ма"),
                ("тарих", "та-рих"),
                ("тарихи", "та-ри-хи"),
                ("әдебиет", "ә-де-би-ет"),
                ("мәдениет", "мә-де-ни-ет"),
                ("өркениет", "өр-ке-ни-ет"),
                // ю (йу) and я (йа) are vowels; their glide never splits off.
                ("аю", "а-ю"),
                ("ою", "о-ю"),
                ("жаю", "жа-ю"),
                ("қоян", "қо-ян"),
                ("баян", "ба-ян"),
                ("аялдама", "а-ял-да-ма"),
                ("ояну", "о-я-ну"),
                ("дария", "да-ри-я"),
                // Capitals keep their case and divide the same.
                ("Еуропа", "Еу-ро-па"),
                ("Алматы", "Ал-ма-ты"),
                ("Астана", "Ас-та-на"),
                ("Шымкент", "Шым-кент"),
                ("Нұрсұлтан", "Нұр-сұл-тан"),
                // Three consonants: only the last goes on. Russian would say Қа-зақ-стан;
                // the native rule gives Қа-зақс-тан, a legal if unusual break.
                ("Қазақстан", "Қа-зақс-тан"),
                ("Қазақстанның", "Қа-зақс-тан-ның"),
                // Russian loans: clusters at either end stay with their vowel.
                ("министр", "ми-нистр"),
                ("министрлік", "ми-нистр-лік"),
                ("спорт", "спорт"),
                ("спортшы", "спорт-шы"),
                ("стол", "стол"),
                ("цирк", "цирк"),
                ("трактор", "трак-тор"),
                ("электр", "э-лектр"),
                ("электрон", "э-лект-рон"),
                ("институт", "инс-ти-тут"),
                ("республика", "рес-пуб-ли-ка"),
                ("демократия", "де-мок-ра-ти-я"),
                ("экономика", "э-ко-но-ми-ка"),
                ("телефон", "те-ле-фон"),
                ("вагон", "ва-гон"),
                ("журналист", "жур-на-лист"),
                ("миллион", "мил-ли-он"),
                // ь stays with its consonant; ъ too, and ends the syllable before a vowel.
                ("компьютер", "ком-пью-тер"),
                ("альбом", "аль-бом"),
                ("фильм", "фильм"),
                ("фильмдер", "фильм-дер"),
                ("пьеса", "пье-са"),
                ("бульон", "бу-льон"),
                ("медальдар", "ме-даль-дар"),
                ("фестиваль", "фес-ти-валь"),
                ("объект", "объ-ект"),
                ("субъект", "субъ-ект"),
                ("подъезд", "подъ-езд"),
                ("съезд", "съезд"),
            ],
        );
    }

    #[test]
    fn uzbek_latin() {
        check(
            Language::Uzbek,
            &[
                ("kitob", "ki-tob"),
                ("kitoblar", "ki-tob-lar"),
                ("bola", "bo-la"),
                ("bolalar", "bo-la-lar"),
                ("aka", "a-ka"),
                ("maktab", "mak-tab"),
                ("Toshkent", "Tosh-kent"),
                ("Samarqand", "Sa-mar-qand"),
                ("Buxoro", "Bu-xo-ro"),
                ("Andijon", "An-di-jon"),
                ("mustaqillik", "mus-ta-qil-lik"),
                ("rahmat", "rah-mat"),
                ("mehnat", "meh-nat"),
                ("assalomu", "as-sa-lo-mu"),
                ("alaykum", "a-lay-kum"),
                ("televizor", "te-le-vi-zor"),
                ("gazeta", "ga-ze-ta"),
                ("universitet", "u-ni-ver-si-tet"),
                ("respublika", "res-pub-li-ka"),
                ("prezident", "pre-zi-dent"),
                // Vowels side by side divide between them.
                ("oila", "o-i-la"),
                ("saodat", "sa-o-dat"),
                ("mutolaa", "mu-to-la-a"),
                // oʻ is one vowel, gʻ one consonant.
                ("oʻzbek", "oʻz-bek"),
                ("Oʻzbekiston", "Oʻz-be-kis-ton"),
                ("Oʻzbekistonning", "Oʻz-be-kis-ton-ning"),
                ("oʻqituvchi", "oʻ-qi-tuv-chi"),
                ("oʻquvchi", "oʻ-quv-chi"),
                ("oʻrta", "oʻr-ta"),
                ("oʻn", "oʻn"),
                ("oʻnta", "oʻn-ta"),
                ("oʻgʻil", "oʻ-gʻil"),
                ("toʻrt", "toʻrt"),
                ("koʻcha", "koʻ-cha"),
                ("koʻchalar", "koʻ-cha-lar"),
                ("soʻz", "soʻz"),
                ("soʻzlar", "soʻz-lar"),
                ("soʻzlashmoq", "soʻz-lash-moq"),
                ("xoʻjalik", "xoʻ-ja-lik"),
                ("qoʻshiq", "qoʻ-shiq"),
                ("qoʻshiqchi", "qoʻ-shiq-chi"),
                ("shoʻrva", "shoʻr-va"),
                ("choʻpon", "choʻ-pon"),
                ("choʻl", "choʻl"),
                ("gʻisht", "gʻisht"),
                ("gʻalaba", "gʻa-la-ba"),
                ("gʻoya", "gʻo-ya"),
                ("gʻoyalar", "gʻo-ya-lar"),
                ("togʻ", "togʻ"),
                ("togʻlar", "togʻ-lar"),
                ("bogʻ", "bogʻ"),
                ("bogʻi", "bo-gʻi"),
                ("bogʻcha", "bogʻ-cha"),
                ("yagʻoch", "ya-gʻoch"),
                ("Fargʻona", "Far-gʻo-na"),
                ("tugʻilgan", "tu-gʻil-gan"),
                ("sogʻliq", "sogʻ-liq"),
                ("bugʻdoy", "bugʻ-doy"),
                // sh, ch, ng are single letters.
                ("mashina", "ma-shi-na"),
                ("ashula", "a-shu-la"),
                ("shahar", "sha-har"),
                ("shaharlar", "sha-har-lar"),
                ("qishloq", "qish-loq"),
                ("ishchi", "ish-chi"),
                ("ishlash", "ish-lash"),
                ("tushuncha", "tu-shun-cha"),
                ("yoshlar", "yosh-lar"),
                ("quyosh", "qu-yosh"),
                ("choy", "choy"),
                ("chiroyli", "chi-roy-li"),
                ("ochiq", "o-chiq"),
                ("ichida", "i-chi-da"),
                ("chiqish", "chi-qish"),
                ("kechirasiz", "ke-chi-ra-siz"),
                ("chechak", "che-chak"),
                ("dengiz", "de-ngiz"),
                ("singil", "si-ngil"),
                ("koʻngil", "koʻ-ngil"),
                ("yangi", "ya-ngi"),
                ("yangilik", "ya-ngi-lik"),
                ("tong", "tong"),
                // The rules' own examples: sh, ch, ng go over or stay together.
                ("mashhur", "mash-hur"),
                ("pichoq", "pi-choq"),
                ("peshana", "pe-sha-na"),
                ("sochiq", "so-chiq"),
                ("tongda", "tong-da"),
                ("singlisi", "sing-li-si"),
                ("soʻnggi", "soʻng-gi"),
                ("otangiz", "o-ta-ngiz"),
                ("ming", "ming"),
                ("mingta", "ming-ta"),
                // ng across a morpheme boundary (Naman+gan) is still taken as one letter.
                ("Namangan", "Na-ma-ngan"),
                // y is a consonant.
                ("dunyo", "dun-yo"),
                ("bayram", "bay-ram"),
                ("hayot", "ha-yot"),
                ("ayol", "a-yol"),
                ("oyna", "oy-na"),
                ("yulduz", "yul-duz"),
                ("jamiyat", "ja-mi-yat"),
                ("iqtisodiyot", "iq-ti-so-di-yot"),
                // Three consonants: the last goes on, so komp-yu-ter (Russian kom-pyu-ter).
                ("kompyuter", "komp-yu-ter"),
                // Russian clusters stay with their vowel at the ends.
                ("ministr", "mi-nistr"),
                ("sport", "sport"),
                ("elektr", "e-lektr"),
                ("elektron", "e-lekt-ron"),
                ("dekabr", "de-kabr"),
                ("oktabr", "ok-tabr"),
                // The tutuq belgisi stays with the syllable before it and ends it.
                ("maʼno", "maʼ-no"),
                ("maʼlumot", "maʼ-lu-mot"),
                ("taʼlim", "taʼ-lim"),
                ("taʼsir", "taʼ-sir"),
                ("sanʼat", "sanʼ-at"),
                ("jurʼat", "jurʼ-at"),
                ("qatʼiy", "qatʼ-iy"),
                // The rules write no tutuq belgisi after oʻ (moʻjiza, moʻtabar).
                ("moʻjiza", "moʻ-ji-za"),
            ],
        );
    }

    #[test]
    fn uzbek_apostrophes_as_typed() {
        // ʻ typed as ‘, ', ` or ’ after o and g is still oʻ, gʻ; after any other letter an
        // apostrophe is the tutuq belgisi.
        for (word, expected) in [
            ("o‘zbek", "o‘z-bek"),
            ("o'zbek", "o'z-bek"),
            ("o`zbek", "o`z-bek"),
            ("o’zbek", "o’z-bek"),
            ("bog'i", "bo-g'i"),
            ("O'zbekiston", "O'z-be-kis-ton"),
            ("ma'no", "ma'-no"),
            ("san’at", "san’-at"),
            ("ta'lim", "ta'-lim"),
        ] {
            assert_eq!(syllables(Language::Uzbek, word), expected);
        }
        // The letters count once: oʻ alone is one letter, so oʻqi is the first piece.
        assert_eq!(hyphenated(Language::Uzbek, "o'qituvchi"), "o'qi-tuv-chi");
        assert_eq!(hyphenated(Language::Uzbek, "oʻgʻil"), "oʻgʻil");
        // The tutuq belgisi never starts a line.
        for word in ["maʼno", "sanʼat", "ma'no", "jur’at", "qatʼiy"] {
            for b in Language::Uzbek.breaks(word, 1) {
                assert!(!word[b..].starts_with(is_apostrophe), "{word} at {b}");
            }
        }
    }

    #[test]
    fn uzbek_cyrillic() {
        check(
            Language::Uzbek,
            &[
                ("китоб", "ки-тоб"),
                ("мактаб", "мак-таб"),
                ("Тошкент", "Тош-кент"),
                ("қишлоқ", "қиш-лоқ"),
                ("ғалаба", "ға-ла-ба"),
                ("шаҳар", "ша-ҳар"),
                // ў is the vowel oʻ.
                ("ўзбек", "ўз-бек"),
                ("Ўзбекистон", "Ўз-бе-кис-тон"),
                ("ўқитувчи", "ў-қи-тув-чи"),
                ("кўча", "кў-ча"),
                // ъ is the tutuq belgisi.
                ("маъно", "маъ-но"),
                ("санъат", "санъ-ат"),
                ("таълим", "таъ-лим"),
                ("мўъжиза", "мўъ-жи-за"),
                // нг as in Latin ng.
                ("денгиз", "де-нгиз"),
                // ё, ю, я are vowels; Latin spells their glide as y (dun-yo).
                ("дунё", "ду-нё"),
                ("қуёш", "қу-ёш"),
                ("ҳаёт", "ҳа-ёт"),
                ("жамият", "жа-ми-ят"),
            ],
        );
    }

    #[test]
    fn kazakh_latin() {
        // The 2021 alphabet: y is ы, ı is і, i is и and й, u is у, ş is ш.
        check(
            Language::Kazakh,
            &[
                ("bala", "ba-la"),
                ("qazaq", "qa-zaq"),
                ("Qazaqstan", "Qa-zaqs-tan"),
                ("memlekettık", "mem-le-ket-tık"),
                ("jauapkerşılık", "ja-uap-ker-şı-lık"),
                ("täuelsızdık", "tä-uel-sız-dık"),
                ("auyl", "a-uyl"),
                ("uaqyt", "ua-qyt"),
                ("oqu", "o-qu"),
                ("oqyrman", "o-qyr-man"),
                ("ūlttyq", "ūlt-tyq"),
                ("kıtap", "kı-tap"),
                ("Bılım", "Bı-lım"),
                ("Ädebiet", "Ä-de-bi-et"),
                // i is и (a vowel) after a consonant, й (a glide) after a vowel: bi-ık, ai-na.
                ("biık", "bi-ık"),
                ("aina", "ai-na"),
                ("üilerı", "üi-le-rı"),
                // я is written ia, ю iu: a-iaq as а-яқ, si-iaq-ty as си-яқ-ты.
                ("aiaq", "a-iaq"),
                ("siiaqty", "si-iaq-ty"),
            ],
        );
        // Capital I is ı (a vowel), not i: Ilım is І-лім.
        assert_eq!(syllables(Language::Kazakh, "Ilımdı"), "I-lım-dı");
        assert_eq!(hyphenated(Language::Kazakh, "Ilımdı"), "Ilım-dı");
    }

    #[test]
    fn kyrgyz() {
        check(
            Language::Kyrgyz,
            &[
                ("китеп", "ки-теп"),
                ("мектеп", "мек-теп"),
                ("Бишкек", "Биш-кек"),
                ("ашкана", "аш-ка-на"),
                ("кеңеш", "ке-ңеш"),
                ("өлкө", "өл-кө"),
                ("ырчы", "ыр-чы"),
                ("маданият", "ма-да-ни-ят"),
                ("адабият", "а-да-би-ят"),
                // у is always a vowel.
                ("университет", "у-ни-вер-си-тет"),
                // A doubled vowel is one long vowel, one syllable.
                ("тоо", "тоо"),
                ("тоолор", "тоо-лор"),
                ("баары", "баа-ры"),
                ("жооп", "жооп"),
                ("жооптор", "жооп-тор"),
                ("суу", "суу"),
                ("суусун", "суу-сун"),
                ("үйрөнүү", "үй-рө-нүү"),
                ("түшүнүү", "тү-шү-нүү"),
                ("Кыргызстан", "Кыр-гызс-тан"),
            ],
        );
        // Letters Kyrgyz does not have: not Kyrgyz, not broken.
        assert!(Language::Kyrgyz.breaks("мемлекеттік", 2).is_empty());
    }

    #[test]
    fn short_words_and_abbreviations() {
        for word in ["ол", "бала", "ата", "аю", "aka", "oʻgʻil", "тоо"] {
            let language = if word.is_ascii() || word.contains('ʻ') {
                Language::Uzbek
            } else {
                Language::Kazakh
            };
            let got = hyphenated(language, word);
            let expected = if word == "бала" {
                "ба-ла"
            } else {
                word
            };
            assert_eq!(got, expected);
        }
        // Capitals only: an abbreviation.
        assert!(Language::Kazakh.breaks("ЮНЕСКО", 2).is_empty());
        assert!(Language::Uzbek.breaks("OʻZBEKISTON", 2).is_empty());
    }

    #[test]
    fn punctuation_at_the_ends() {
        assert_eq!(
            hyphenated(Language::Kazakh, "«мемлекеттік»,"),
            "«мем-ле-кет-тік»,"
        );
        assert_eq!(hyphenated(Language::Uzbek, "'kitoblar'"), "'ki-tob-lar'");
        assert_eq!(hyphenated(Language::Uzbek, "(Toshkent)."), "(Tosh-kent).");
        // Inside a word, anything but letters stops it being broken.
        assert!(Language::Kazakh.breaks("бала.бала", 2).is_empty());
        assert!(Language::Uzbek.breaks("kitob+lar", 2).is_empty());
        // Mixed scripts: neither alphabet's rules apply.
        assert!(Language::Kazakh.breaks("Facebookтағы", 2).is_empty());
    }

    #[test]
    fn tags() {
        for tag in [
            "kk",
            "kk-Cyrl",
            "kk-Latn",
            "kk-KZ",
            "KK-cyrl-kz",
            "uz",
            "uz-Latn",
            "uz-Cyrl",
            "ky",
            "ky-KG",
        ] {
            assert!(Language::from_tag(tag).is_some(), "{tag}");
        }
        for tag in ["kk-Arab", "uz-Arab", "ky-Latn", "tr", "ru", "kkk", ""] {
            assert!(Language::from_tag(tag).is_none(), "{tag}");
        }
    }
}
