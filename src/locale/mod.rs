//! The strings a booklet prints, per language, from the data table `locales.toml`.

pub mod quotes;

use crate::lang::Lang;
use crate::model::Date;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The words of one language.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Locale {
    /// Plural rule for counts.
    pub plural: PluralRule,
    /// Date template with `{day}`, `{month}`, `{year}`.
    pub date: String,
    /// Month names as used in dates (genitive where the language needs it).
    pub months: [String; 12],
    /// Fixed labels.
    pub labels: Labels,
    /// Counted phrases.
    pub counts: Counts,
    /// Quotation marks and the spaces around punctuation.
    pub typography: Typography,
    /// The sentences of the EPUB's accessibility summary.
    pub accessibility: Accessibility,
}

/// The sentences the EPUB's `schema:accessibilitySummary` is made of; each is used only when
/// the book holds what it speaks of.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Accessibility {
    pub structure: String,
    pub notes: String,
    pub images_described: String,
    pub images_undescribed: String,
    pub tables: String,
    pub languages: String,
    pub reading: String,
    pub reading_animated: String,
}

/// How a language marks quotations and where its spaces must not break.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Typography {
    /// The quotation marks, outer and nested.
    pub quotes: Quotes,
    /// The space between a word and a following spaced dash (— or –) does not break, so a
    /// line never starts with the dash.
    #[serde(default)]
    pub nbsp_before_dash: bool,
    /// A space set just inside quotation marks (French: U+202F narrow no-break space).
    #[serde(default)]
    pub space_inside_quotes: Option<String>,
    /// What the space already written before `;`, `:`, `!` and `?` becomes (French: U+202F).
    #[serde(default)]
    pub space_before_punctuation: Option<String>,
}

/// Opening and closing quotation marks, for a quotation and for one inside it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quotes {
    /// Opens a quotation.
    pub open: String,
    /// Closes a quotation.
    pub close: String,
    /// Opens a quotation inside a quotation.
    pub inner_open: String,
    /// Closes a quotation inside a quotation.
    pub inner_close: String,
}

/// Which plural rule a language follows (CLDR categories).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PluralRule {
    /// `one` for 1, `other` for the rest.
    OneOther,
    /// `one`, `few`, `many` as in Russian and Ukrainian.
    EastSlavic,
    /// One form for every number.
    Other,
    /// `one` for 0 and 1, `many` for whole millions, `other` for the rest, as in French.
    French,
    /// `zero`, `one`, `two`, `few` (…03–…10), `many` (…11–…99), `other`, as in Arabic.
    Arabic,
}

/// A CLDR plural category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Category {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

impl PluralRule {
    /// The category of the whole number `n` under this rule (CLDR's rules with no fraction
    /// digits: `i = n`, `v = 0`).
    pub fn category(self, n: u64) -> Category {
        match self {
            PluralRule::OneOther if n == 1 => Category::One,
            PluralRule::EastSlavic if n % 10 == 1 && n % 100 != 11 => Category::One,
            PluralRule::EastSlavic
                if (2..=4).contains(&(n % 10)) && !(12..=14).contains(&(n % 100)) =>
            {
                Category::Few
            }
            PluralRule::EastSlavic => Category::Many,
            PluralRule::French if n <= 1 => Category::One,
            PluralRule::French if n.is_multiple_of(1_000_000) => Category::Many,
            PluralRule::Arabic => match (n, n % 100) {
                (0, _) => Category::Zero,
                (1, _) => Category::One,
                (2, _) => Category::Two,
                (_, 3..=10) => Category::Few,
                (_, 11..=99) => Category::Many,
                _ => Category::Other,
            },
            _ => Category::Other,
        }
    }
}

/// Labels printed in a booklet.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Labels {
    pub contents: String,
    pub responses: String,
    pub comments: String,
    pub pingbacks: String,
    pub pingback: String,
    pub trackback: String,
    pub about_the_author: String,
    pub footnotes: String,
    /// One note, as a reference to it is read: "Note" followed by its number.
    pub note: String,
    /// A done task-list item's box ("[x]"), as it is read.
    pub task_done: String,
    /// An open task-list item's box ("[ ]"), as it is read.
    pub task_open: String,
    pub back_to_text: String,
    pub by: String,
    pub tags: String,
    pub category: String,
    pub publisher: String,
    pub copyright: String,
    pub licence: String,
    pub identifier: String,
    pub published: String,
    pub original_post: String,
    pub cover: String,
    pub title_page: String,
    pub edited_by: String,
    pub authors: String,
    pub guide: String,
    pub in_reply_to: String,
}

/// Phrases with a number in them, in each plural form the language uses.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    /// "{n} responses".
    pub responses: PluralForms,
}

/// The forms of a counted phrase; `{n}` stands for the number.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PluralForms {
    /// Form for `zero`.
    pub zero: Option<String>,
    /// Form for `one`.
    pub one: Option<String>,
    /// Form for `two`.
    pub two: Option<String>,
    /// Form for `few`.
    pub few: Option<String>,
    /// Form for `many`.
    pub many: Option<String>,
    /// Form for `other` (required unless the rule's own forms cover every number).
    pub other: Option<String>,
}

static TABLE: OnceLock<BTreeMap<String, Locale>> = OnceLock::new();

fn table() -> &'static BTreeMap<String, Locale> {
    TABLE.get_or_init(|| {
        toml::from_str(include_str!("locales.toml"))
            .expect("locales.toml is checked by a unit test")
    })
}

/// The locale for `lang`: an exact match (case-insensitive), else language and script
/// (`uz-Cyrl-UZ` → `uz-Cyrl`), else the base language (`uz-Latn` → `uz`), else English.
pub fn for_lang(lang: &Lang) -> &'static Locale {
    let table = table();
    let with_script = lang
        .script()
        .map(|script| format!("{}-{script}", lang.base()));
    table
        .iter()
        .find(|(tag, _)| tag.eq_ignore_ascii_case(lang.as_str()))
        .or_else(|| {
            let with_script = with_script.as_deref()?;
            table
                .iter()
                .find(|(tag, _)| tag.eq_ignore_ascii_case(with_script))
        })
        .or_else(|| {
            table
                .iter()
                .find(|(tag, _)| tag.eq_ignore_ascii_case(&lang.base()))
        })
        .map(|(_, locale)| locale)
        .unwrap_or_else(|| &table["en"])
}

/// The accessibility sentences for `lang`, with the language they are written in: `lang`
/// itself when the table has words for it, else English (`en`).
pub fn accessibility_for(lang: &Lang) -> (String, &'static Accessibility) {
    if has(lang) {
        (lang.as_str().to_string(), &for_lang(lang).accessibility)
    } else {
        ("en".into(), &table()["en"].accessibility)
    }
}

/// True when the table has words for `lang` (itself or its base language).
pub fn has(lang: &Lang) -> bool {
    table().keys().any(|tag| {
        tag.eq_ignore_ascii_case(lang.as_str()) || tag.eq_ignore_ascii_case(&lang.base())
    })
}

impl Locale {
    /// A date as this language writes it.
    pub fn date(&self, date: &Date) -> String {
        let month = &self.months[usize::from(date.month.clamp(1, 12)) - 1];
        self.date
            .replace("{day}", &date.day.to_string())
            .replace("{month}", month)
            .replace("{year}", &date.year.to_string())
    }

    /// A counted phrase in the right plural form.
    pub fn count(&self, forms: &PluralForms, n: u64) -> String {
        let pick = match self.plural.category(n) {
            Category::Zero => forms.zero.as_ref(),
            Category::One => forms.one.as_ref(),
            Category::Two => forms.two.as_ref(),
            Category::Few => forms.few.as_ref(),
            Category::Many => forms.many.as_ref(),
            Category::Other => None,
        };
        let template = pick
            .or(forms.other.as_ref())
            .or(forms.many.as_ref())
            .or(forms.one.as_ref())
            .map(String::as_str)
            .unwrap_or("{n}");
        template.replace("{n}", &n.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(tag: &str) -> Lang {
        Lang::parse(tag).unwrap()
    }

    #[test]
    fn table_parses_and_every_language_counts() {
        let parsed: BTreeMap<String, Locale> =
            toml::from_str(include_str!("locales.toml")).unwrap();
        for (tag, locale) in &parsed {
            for n in [0, 1, 2, 3, 5, 11, 21, 22, 25, 100, 101, 102, 112, 1_000_000] {
                let text = locale.count(&locale.counts.responses, n);
                // Only a category that is one exact number may leave the number out.
                let exact = locale.plural == PluralRule::Arabic && n <= 2;
                assert!(exact || text.contains(&n.to_string()), "{tag} {n}: {text}");
                assert!(!text.contains("{n}"), "{tag} {n}: {text}");
            }
            assert!(locale.months.iter().all(|m| !m.is_empty()), "{tag}");
            let q = &locale.typography.quotes;
            for mark in [&q.open, &q.close, &q.inner_open, &q.inner_close] {
                assert_eq!(mark.chars().count(), 1, "{tag}: {mark:?}");
            }
        }
    }

    fn date(tag: &str, month: u8) -> String {
        let d = Date {
            year: 2026,
            month,
            day: 28,
        };
        for_lang(&lang(tag)).date(&d)
    }

    #[test]
    fn dates_per_language() {
        assert_eq!(date("en", 11), "28 November 2026");
        assert_eq!(date("ru", 11), "28 ноября 2026 г.");
        assert_eq!(date("ru", 3), "28 марта 2026 г.");
        assert_eq!(date("kk", 11), "2026 жылғы 28 қараша");
        assert_eq!(date("uz-Latn", 11), "2026-yil 28-noyabr");
        assert_eq!(date("uz", 5), "2026-yil 28-may");
        assert_eq!(date("uz-Cyrl", 11), "2026 йил 28 ноябрь");
        assert_eq!(date("ky", 11), "2026-ж., 28-ноябрь");
        assert_eq!(date("ky-KG", 1), "2026-ж., 28-январь");
        assert_eq!(date("tk", 11), "28 noýabr 2026");
        assert_eq!(date("tk", 7), "28 iýul 2026");
        assert_eq!(date("ar", 11), "28 نوفمبر 2026");
        assert_eq!(date("ar-EG", 2), "28 فبراير 2026");
        assert_eq!(date("fr", 8), "28 août 2026");
        assert_eq!(date("de", 3), "28. März 2026");
    }

    /// The phrase for each of 0, 1, 2, 3, 5, 11, 21, 100, 101, 102.
    fn counts(tag: &str) -> Vec<String> {
        let l = for_lang(&lang(tag));
        [0, 1, 2, 3, 5, 11, 21, 100, 101, 102]
            .into_iter()
            .map(|n| l.count(&l.counts.responses, n))
            .collect()
    }

    #[test]
    fn plurals() {
        assert_eq!(
            counts("ru"),
            [
                "0 откликов",
                "1 отклик",
                "2 отклика",
                "3 отклика",
                "5 откликов",
                "11 откликов",
                "21 отклик",
                "100 откликов",
                "101 отклик",
                "102 отклика"
            ]
        );
        assert_eq!(
            counts("en"),
            [
                "0 responses",
                "1 response",
                "2 responses",
                "3 responses",
                "5 responses",
                "11 responses",
                "21 responses",
                "100 responses",
                "101 responses",
                "102 responses"
            ]
        );
        let same = |tag: &str, noun: &str| {
            let expected: Vec<String> = [0, 1, 2, 3, 5, 11, 21, 100, 101, 102]
                .iter()
                .map(|n| format!("{n} {noun}"))
                .collect();
            assert_eq!(counts(tag), expected, "{tag}");
        };
        same("kk", "жауап");
        same("ky", "жооп");
        same("tk", "jogap");
        same("uz", "ta javob");
        same("uz-Latn", "ta javob");
        same("uz-Cyrl", "та жавоб");
        assert_eq!(
            counts("ar"),
            [
                "لا ردود",
                "رد واحد",
                "ردان",
                "3 ردود",
                "5 ردود",
                "11 ردًا",
                "21 ردًا",
                "100 رد",
                "101 رد",
                "102 رد"
            ]
        );
        assert_eq!(counts("fr")[..3], ["0 réponse", "1 réponse", "2 réponses"]);
        let fr = for_lang(&lang("fr"));
        assert_eq!(
            fr.count(&fr.counts.responses, 2_000_000),
            "2000000 de réponses"
        );
        assert_eq!(counts("de")[..2], ["0 Antworten", "1 Antwort"]);
    }

    #[test]
    fn arabic_plural_categories_follow_cldr() {
        use Category::*;
        let c = |n| PluralRule::Arabic.category(n);
        let cases = [
            (0, Zero),
            (1, One),
            (2, Two),
            (3, Few),
            (10, Few),
            (11, Many),
            (99, Many),
            (100, Other),
            (101, Other),
            (102, Other),
            (103, Few),
            (111, Many),
            (1000, Other),
            (1003, Few),
        ];
        for (n, category) in cases {
            assert_eq!(c(n), category, "{n}");
        }
    }

    #[test]
    fn fallback_to_base_then_english() {
        assert_eq!(for_lang(&lang("ru-RU")).labels.contents, "Содержание");
        assert_eq!(for_lang(&lang("uz-Latn")).labels.contents, "Mundarija");
        assert_eq!(for_lang(&lang("uz-Latn-UZ")).labels.contents, "Mundarija");
        assert_eq!(for_lang(&lang("UZ-CYRL")).labels.contents, "Мундарижа");
        assert_eq!(for_lang(&lang("uz-Cyrl-UZ")).labels.contents, "Мундарижа");
        assert_eq!(for_lang(&lang("ky-KG")).labels.contents, "Мазмуну");
        assert_eq!(for_lang(&lang("tk-TM")).labels.contents, "Mazmuny");
        assert_eq!(for_lang(&lang("ar-SA")).labels.contents, "المحتويات");
        assert_eq!(for_lang(&lang("ja")).labels.contents, "Contents");
        assert!(has(&lang("kk-Cyrl")));
        assert!(has(&lang("ar")));
        assert!(!has(&lang("ja")));
    }
}
