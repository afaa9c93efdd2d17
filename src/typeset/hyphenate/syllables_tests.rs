//! Unit tests of `syllables`, kept beside it so that the code file stays short.

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
