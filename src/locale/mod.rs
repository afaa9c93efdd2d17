//! The strings a booklet prints, per language, from the data table `locales.toml`.

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
    /// Form for `one`.
    pub one: Option<String>,
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

/// The locale for `lang`: an exact match (case-insensitive), else the base language
/// (`uz-Latn` → `uz`), else English.
pub fn for_lang(lang: &Lang) -> &'static Locale {
    let table = table();
    table
        .iter()
        .find(|(tag, _)| tag.eq_ignore_ascii_case(lang.as_str()))
        .or_else(|| {
            table
                .iter()
                .find(|(tag, _)| tag.eq_ignore_ascii_case(&lang.base()))
        })
        .map(|(_, locale)| locale)
        .unwrap_or_else(|| &table["en"])
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
        let pick = match self.plural {
            PluralRule::OneOther if n == 1 => forms.one.as_ref(),
            PluralRule::EastSlavic if n % 10 == 1 && n % 100 != 11 => forms.one.as_ref(),
            PluralRule::EastSlavic
                if (2..=4).contains(&(n % 10)) && !(12..=14).contains(&(n % 100)) =>
            {
                forms.few.as_ref()
            }
            PluralRule::EastSlavic => forms.many.as_ref(),
            _ => None,
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
            for n in [0, 1, 2, 5, 11, 21, 22, 25, 101, 112] {
                let text = locale.count(&locale.counts.responses, n);
                assert!(text.contains(&n.to_string()), "{tag} {n}: {text}");
            }
        }
    }

    #[test]
    fn dates_per_language() {
        let d = Date {
            year: 2026,
            month: 11,
            day: 28,
        };
        assert_eq!(for_lang(&lang("en")).date(&d), "28 November 2026");
        assert_eq!(for_lang(&lang("ru")).date(&d), "28 ноября 2026 г.");
        assert_eq!(for_lang(&lang("kk")).date(&d), "2026 жылғы 28 қараша");
        assert_eq!(for_lang(&lang("uz-Latn")).date(&d), "2026-yil 28-noyabr");
        assert_eq!(for_lang(&lang("uz-Cyrl")).date(&d), "2026 йил 28 ноябрь");
    }

    #[test]
    fn plurals() {
        let ru = for_lang(&lang("ru"));
        let c = |n| ru.count(&ru.counts.responses, n);
        assert_eq!(c(1), "1 отклик");
        assert_eq!(c(2), "2 отклика");
        assert_eq!(c(5), "5 откликов");
        assert_eq!(c(11), "11 откликов");
        assert_eq!(c(21), "21 отклик");
        let en = for_lang(&lang("en"));
        assert_eq!(en.count(&en.counts.responses, 1), "1 response");
        assert_eq!(en.count(&en.counts.responses, 2), "2 responses");
        let kk = for_lang(&lang("kk"));
        assert_eq!(kk.count(&kk.counts.responses, 2), "2 жауап");
    }

    #[test]
    fn fallback_to_base_then_english() {
        assert_eq!(for_lang(&lang("ru-RU")).labels.contents, "Содержание");
        assert_eq!(for_lang(&lang("de")).labels.contents, "Contents");
        assert!(has(&lang("kk-Cyrl")));
        assert!(!has(&lang("de")));
    }
}
