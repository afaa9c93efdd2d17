//! Language tags checked against the IANA Language Subtag Registry (`subtags.tsv`, made from
//! the registry by `scripts/subtags.py`): a tag that is well formed but names no language
//! (`kz`, Kazakhstan's country code; `english`, a name; `xx`) is an error that says what was
//! meant, since the outputs would otherwise declare it and every check would pass.

use crate::diag::Severity;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The registry's subtags, compiled in.
const TABLE: &str = include_str!("subtags.tsv");

/// One registered subtag.
#[derive(Clone, Copy)]
struct Subtag {
    kind: u8,
    /// As registered (`kk`, `Latn`, `KZ`).
    subtag: &'static str,
    description: &'static str,
    /// The subtag to use instead of a deprecated one.
    preferred: Option<&'static str>,
}

/// The table's lines: kind, subtag, description and the preferred subtag, if any.
fn lines() -> impl Iterator<Item = (u8, &'static str, &'static str, Option<&'static str>)> {
    TABLE
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let (kind, subtag, description) = (fields.next()?, fields.next()?, fields.next()?);
            let preferred = fields.next().filter(|p| !p.is_empty());
            Some((kind.as_bytes()[0], subtag, description, preferred))
        })
}

/// Languages by lower-cased description ("kazakh" → kk), shortest subtag first: only for
/// the hint of a tag that is not in the registry, so made only then (lower-casing every
/// name is most of the cost of reading the table).
fn by_name() -> &'static HashMap<String, &'static str> {
    static BY_NAME: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    BY_NAME.get_or_init(|| {
        let mut by_name: HashMap<String, &'static str> = HashMap::new();
        for (_, subtag, description, _) in lines().filter(|l| l.0 == b'l' && l.3.is_none()) {
            let name = description.to_lowercase();
            if by_name
                .get(&name)
                .is_none_or(|known| known.len() > subtag.len())
            {
                by_name.insert(name, subtag);
            }
        }
        by_name
    })
}

/// The table's lines are sorted by kind (in the order `lesrv`, as `scripts/subtags.py` writes
/// them) and then by lower-cased subtag: this is that order's key.
fn key(kind: u8, subtag: &str) -> (usize, impl Iterator<Item = u8> + '_) {
    let rank = b"lesrv"
        .iter()
        .position(|&k| k == kind)
        .unwrap_or(usize::MAX);
    (rank, subtag.bytes().map(|b| b.to_ascii_lowercase()))
}

fn order(a: (u8, &str), b: (u8, &str)) -> std::cmp::Ordering {
    let (rank_a, bytes_a) = key(a.0, a.1);
    let (rank_b, bytes_b) = key(b.0, b.1);
    rank_a.cmp(&rank_b).then_with(|| bytes_a.cmp(bytes_b))
}

/// One line of the table: kind, subtag, description and the preferred subtag, if any.
fn parse_line(line: &'static str) -> Option<Subtag> {
    let mut fields = line.split('\t');
    let (kind, subtag, description) = (fields.next()?, fields.next()?, fields.next()?);
    let preferred = fields.next().filter(|p| !p.is_empty());
    Some(Subtag {
        kind: *kind.as_bytes().first()?,
        subtag,
        description,
        preferred,
    })
}

/// The registered subtag of `kind` written `subtag` (in any case): a binary search of the
/// sorted table as it is compiled in, so nothing is read or built before the first tag and
/// a tag costs a few lines' comparisons (a test checks the order).
fn get(kind: u8, subtag: &str) -> Option<Subtag> {
    let body = &TABLE[TABLE.find('\n').map_or(0, |at| at + 1)..];
    // `low` and `high` are line starts (or the end); the line sought is between them.
    let (mut low, mut high) = (0, body.len());
    while low < high {
        let middle = low + (high - low) / 2;
        // Bytes, as `middle` may fall inside a character; line starts and ends never do.
        let bytes = body.as_bytes();
        let start = memchr::memrchr(b'\n', &bytes[low..middle]).map_or(low, |at| low + at + 1);
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(body.len(), |at| start + at);
        let found = parse_line(&body[start..end])?;
        match order((found.kind, found.subtag), (kind, subtag)) {
            std::cmp::Ordering::Less => low = end + 1,
            std::cmp::Ordering::Greater => high = start,
            std::cmp::Ordering::Equal => return Some(found),
        }
    }
    None
}

/// What is wrong with a well-formed tag, if anything: severity, message and the fix.
pub fn check(tag: &str) -> Option<(Severity, String, String)> {
    let tag = tag.trim();
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    if primary.eq_ignore_ascii_case("x") || primary.eq_ignore_ascii_case("i") {
        return None; // private use, and the few old `i-` tags
    }
    if let Some(problem) = primary_problem(tag, primary) {
        return Some(problem);
    }
    let mut singleton = false;
    for part in parts {
        if singleton || part.len() == 1 {
            // An extension or private-use sequence: its subtags are not registered here.
            singleton = true;
            continue;
        }
        let digits = part.bytes().all(|b| b.is_ascii_digit());
        let (kind, what) = match part.len() {
            2 => (b'r', "region"),
            3 if digits => (b'r', "region"),
            3 => (b'e', "extended language"),
            4 if !part.as_bytes()[0].is_ascii_digit() => (b's', "script"),
            _ => (b'v', "variant"),
        };
        if get(kind, part).is_none() {
            return Some((
                Severity::Error,
                format!("`{tag}`: `{part}` is not a {what} subtag in the IANA registry"),
                nearest_hint(kind, part),
            ));
        }
    }
    None
}

/// What is wrong with the primary language subtag.
fn primary_problem(tag: &str, primary: &str) -> Option<(Severity, String, String)> {
    if let Some(language) = get(b'l', primary) {
        return language.preferred.map(|preferred| {
            (
                Severity::Warning,
                format!(
                    "`{primary}` is a deprecated tag for {}; the registry's tag is {preferred}",
                    language.description
                ),
                format!("write {}", tag.replacen(primary, preferred, 1)),
            )
        });
    }
    let by_name = by_name().get(&primary.to_lowercase());
    if let Some(subtag) = by_name {
        let name = get(b'l', subtag).map_or(*subtag, |l| l.description);
        return Some((
            Severity::Error,
            format!("`{primary}` is a language's name, not its tag; {name} is {subtag}"),
            format!("write {}", tag.replacen(primary, subtag, 1)),
        ));
    }
    if let Some(region) = get(b'r', primary).filter(|_| primary.len() == 2) {
        let message = match language_of_country(region.description) {
            Some(language) => format!(
                "`{primary}` is a country code ({}); {} is {}",
                region.description, language.description, language.subtag
            ),
            None => format!(
                "`{primary}` is a country code ({}), not a language",
                region.description
            ),
        };
        let hint = match language_of_country(region.description) {
            Some(language) => format!(
                "write {}; a country goes after the language, as in {}-{}",
                tag.replacen(primary, language.subtag, 1),
                language.subtag,
                region.subtag
            ),
            None => nearest_hint(b'l', primary),
        };
        return Some((Severity::Error, message, hint));
    }
    Some((
        Severity::Error,
        format!("`{primary}` is not a language in the IANA registry"),
        nearest_hint(b'l', primary),
    ))
}

/// The language named most like a country ("Kazakhstan": Kazakh), when the names share at
/// least their first five letters.
fn language_of_country(country: &str) -> Option<Subtag> {
    let country = country.to_lowercase();
    let common = |a: &str| {
        a.chars()
            .zip(country.chars())
            .take_while(|(x, y)| x == y)
            .count()
    };
    by_name()
        .iter()
        .map(|(name, subtag)| (common(name), name.len(), *subtag))
        .filter(|&(shared, _, _)| shared >= 5)
        .max_by_key(|&(shared, len, subtag)| {
            (
                shared,
                std::cmp::Reverse(subtag.len()),
                std::cmp::Reverse(len),
                std::cmp::Reverse(subtag),
            )
        })
        .and_then(|(_, _, subtag)| get(b'l', subtag))
}

/// "did you mean" with the registered subtags of `kind` nearest to `subtag`.
fn nearest_hint(kind: u8, subtag: &str) -> String {
    let lower = subtag.to_ascii_lowercase();
    let mut near: Vec<(usize, Subtag)> = lines()
        .map(|(kind, subtag, description, preferred)| Subtag {
            kind,
            subtag,
            description,
            preferred,
        })
        .filter(|s| s.kind == kind && s.preferred.is_none() && s.subtag.len() == subtag.len())
        .map(|s| {
            let distance =
                crate::config::read::edit_distance(&lower, &s.subtag.to_ascii_lowercase());
            (distance, s)
        })
        .filter(|&(d, _)| d <= 1)
        .collect();
    near.sort_by_key(|&(d, s)| (d, s.subtag));
    let listed: Vec<String> = near
        .iter()
        .take(6)
        .map(|(_, s)| format!("{} ({})", s.subtag, s.description))
        .collect();
    if listed.is_empty() {
        "use a tag from the IANA registry, such as en, ru, kk, uz-Latn, ar".to_string()
    } else {
        format!("the nearest known tags: {}", listed.join(", "))
    }
}

/// Reads a language tag written at `file` and `line`: the language, unless the tag is
/// malformed or names no language in the registry, and the problem with it, if any (a
/// deprecated tag is read, with a warning).
pub fn read(
    tag: &str,
    file: &std::path::Path,
    line: Option<usize>,
) -> (Option<crate::lang::Lang>, Option<crate::diag::Diagnostic>) {
    match crate::lang::Lang::parse(tag) {
        Ok(lang) => {
            let problem = diagnose(tag, file, line);
            let refused = problem
                .as_ref()
                .is_some_and(crate::diag::Diagnostic::is_error);
            ((!refused).then_some(lang), problem)
        }
        Err(message) => (
            None,
            Some(
                crate::diag::Diagnostic::error(file, line, message)
                    .with_hint("use a BCP 47 tag such as en, ru, kk, uz-Latn, ar"),
            ),
        ),
    }
}

/// [`check`] as a diagnostic at `file` and `line`.
pub fn diagnose(
    tag: &str,
    file: &std::path::Path,
    line: Option<usize>,
) -> Option<crate::diag::Diagnostic> {
    let (severity, message, hint) = check(tag)?;
    let d = match severity {
        Severity::Error => crate::diag::Diagnostic::error(file, line, message),
        Severity::Warning => crate::diag::Diagnostic::warning(file, line, message),
    };
    Some(d.with_hint(hint))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(tag: &str) -> String {
        check(tag)
            .map(|(_, m, h)| format!("{m} / {h}"))
            .unwrap_or_default()
    }

    /// The binary search needs the table in its order, and finds every line of it, in any
    /// case; a subtag of another kind, or none, is not found.
    #[test]
    fn the_table_is_in_order_and_every_subtag_is_found() {
        let all: Vec<_> = lines().collect();
        assert!(all.len() > 9000);
        for pair in all.windows(2) {
            let (a, b) = ((pair[0].0, pair[0].1), (pair[1].0, pair[1].1));
            assert_eq!(order(a, b), std::cmp::Ordering::Less, "{a:?} {b:?}");
        }
        for (kind, subtag, description, preferred) in all {
            for written in [
                subtag.to_string(),
                subtag.to_uppercase(),
                subtag.to_lowercase(),
            ] {
                let found = get(kind, &written).expect(subtag);
                assert_eq!(
                    (found.kind, found.subtag, found.description, found.preferred),
                    (kind, subtag, description, preferred)
                );
            }
        }
        for (kind, subtag) in [
            (b'l', "qqq"),
            (b'l', "Latn"),
            (b's', "en"),
            (b'r', ""),
            (b'x', "en"),
        ] {
            assert!(get(kind, subtag).is_none(), "{subtag}");
        }
        assert_eq!(get(b'l', "ZZJ").map(|s| s.subtag), Some("zzj"));
        assert_eq!(get(b'v', "1996").map(|s| s.subtag), Some("1996"));
    }

    #[test]
    fn registered_tags_pass() {
        for tag in [
            "en",
            "kk",
            "uz-Latn",
            "kk-Cyrl-KZ",
            "zh-Hant-TW",
            "es-419",
            "de-CH-1996",
            "x-mine",
            "en-x-ours",
        ] {
            assert_eq!(check(tag), None, "{tag}");
        }
    }

    #[test]
    fn mistakes_are_named_with_their_fix() {
        for (tag, expected) in [
            ("kz", "`kz` is a country code (Kazakhstan); Kazakh is kk"),
            (
                "Kazakh",
                "`Kazakh` is a language's name, not its tag; Kazakh is kk",
            ),
            ("english", "English is en"),
            ("xx", "`xx` is not a language in the IANA registry"),
            ("uz-Latm", "`Latm` is not a script"),
            ("uz-Latm", "Latn (Latin)"),
        ] {
            assert!(message(tag).contains(expected), "{tag}: {}", message(tag));
        }
        assert_eq!(check("iw").map(|c| c.0), Some(Severity::Warning));
    }
}
