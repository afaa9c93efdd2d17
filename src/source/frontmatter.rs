//! TOML front matter between `+++` lines, and the date forms chapbook accepts.

use crate::config::read::{Input, read};
use crate::diag::Diagnostic;
use crate::model::{Date, Timestamp};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::path::Path;

/// Front matter of an entry.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryFront {
    /// Title (required).
    pub title: String,
    /// One author id.
    pub author: Option<toml::Spanned<String>>,
    /// Several author ids.
    #[serde(default)]
    pub authors: Vec<toml::Spanned<String>>,
    /// Date: TOML date/datetime or RFC 3339 string.
    pub date: Option<toml::Spanned<toml::Value>>,
    /// Language tag.
    pub lang: Option<toml::Spanned<String>>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Category.
    pub category: Option<String>,
    /// Slug (used for file names and ids).
    pub slug: Option<String>,
    /// Original address.
    pub url: Option<String>,
}

/// Front matter of an author page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthorFront {
    /// Display name (required).
    pub name: String,
    /// Links.
    #[serde(default)]
    pub links: Vec<String>,
    /// Photo, relative to the author page.
    pub photo: Option<toml::Spanned<String>>,
    /// Language of the bio.
    pub lang: Option<toml::Spanned<String>>,
}

/// A file split into its front matter and body.
pub struct Split<'a> {
    /// The TOML between the `+++` lines.
    pub front: &'a str,
    /// The Markdown after the closing `+++`.
    pub body: &'a str,
    /// Number of lines before the body starts (to map body lines back to the file).
    pub body_line_offset: usize,
}

/// Splits `+++` front matter from the body.
pub fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let missing = || {
        Diagnostic::error(
            file,
            Some(1),
            "the file does not start with `+++` front matter",
        )
        .with_hint("start the file with a line `+++`, then `title = \"…\"`, then a line `+++`")
    };
    let first_end = text.find('\n').ok_or_else(missing)?;
    let first = text[..first_end].trim_end();
    if first == "---" {
        return Err(Diagnostic::error(
            file,
            Some(1),
            "the front matter is YAML (between `---` lines), as Jekyll, Hugo and Eleventy write it; a book's entries have TOML between `+++` lines",
        )
        .with_hint("convert the whole site with `chapbook import site SITE_FOLDER --out BOOK_FOLDER`, or rewrite this front matter as TOML (`title = \"…\"`) between `+++` lines"));
    }
    if first != "+++" {
        return Err(missing());
    }
    let rest = &text[first_end + 1..];
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let front_lines = front.matches('\n').count();
            return Ok(Split {
                front,
                body,
                body_line_offset: front_lines + 2,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        file,
        Some(1),
        "the front matter opened with `+++` is never closed",
    )
    .with_hint("add a line `+++` after the last front-matter key"))
}

/// Parses front matter TOML whose keys are `keys` ([`crate::config::keys::ENTRY`] or
/// [`crate::config::keys::AUTHOR`]): the value, when every problem is one it could leave out,
/// and every problem, with lines counted from the top of the file.
pub fn parse<T: DeserializeOwned>(
    front: &str,
    file: &Path,
    keys: &[crate::config::keys::Key],
) -> (Option<T>, Vec<Diagnostic>) {
    read(Input {
        text: front,
        file,
        // The opening `+++` is line 1, so the TOML's line 1 is the file's line 2.
        line_offset: 1,
        keys,
    })
}

/// Reads a date from a TOML date, datetime or an RFC 3339 string.
pub fn timestamp(value: &toml::Value) -> Result<Timestamp, String> {
    let datetime = match value {
        toml::Value::Datetime(dt) => *dt,
        toml::Value::String(s) => s
            .trim()
            .parse::<toml::value::Datetime>()
            .map_err(|_| format!("`{s}` is not a date"))?,
        other => return Err(format!("`{other}` is not a date")),
    };
    let date = datetime
        .date
        .ok_or_else(|| format!("`{datetime}` has no date part"))?;
    let date = Date {
        year: i32::from(date.year),
        month: date.month,
        day: date.day,
    };
    let time = datetime
        .time
        .map(|t| (t.hour, t.minute, t.second.unwrap_or(0)));
    let offset = datetime.offset.map(|o| o.to_string());
    Ok(Timestamp { date, time, offset })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let s = split("+++\ntitle = \"A\"\n+++\nBody\n", Path::new("a.md"))
            .ok()
            .unwrap();
        assert_eq!(s.front, "title = \"A\"\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line_offset, 3);
    }

    #[test]
    fn the_reference_lists_exactly_the_front_matter_keys() {
        use crate::config::keys::{AUTHOR, ENTRY, Key, accepted};
        let names = |keys: &[Key]| keys.iter().map(|k| k.name.to_string()).collect::<Vec<_>>();
        assert_eq!(names(ENTRY), accepted::<EntryFront>());
        assert_eq!(names(AUTHOR), accepted::<AuthorFront>());
    }

    #[test]
    fn dates_in_three_forms() {
        let d = timestamp(&toml::Value::String("2026-11-28T10:00:00+05:00".into())).unwrap();
        assert_eq!(d.iso(), "2026-11-28T10:00:00+05:00");
        let v: toml::Table = toml::from_str("d = 2026-03-08").unwrap();
        assert_eq!(timestamp(&v["d"]).unwrap().iso(), "2026-03-08");
        assert!(timestamp(&toml::Value::String("yesterday".into())).is_err());
    }
}
