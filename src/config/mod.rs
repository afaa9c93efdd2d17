//! `book.toml`, typed. Unknown keys are errors that name the file and line.

pub mod keys;
pub mod read;
pub mod reference;
pub mod resolve;
pub mod spec;
pub mod style;
pub mod units;

pub use resolve::{DEFAULT, resolve};
pub use spec::StyleSpec;
pub use style::Style;
pub use units::Impose;

use crate::diag::{Diagnostic, line_of};
use serde::Deserialize;
use std::path::Path;

/// The latest second `SOURCE_DATE_EPOCH` may name: 9999-12-31 23:59:59 UTC.
const LAST_EPOCH_SECOND: i64 = 253_402_300_799;

/// `SOURCE_DATE_EPOCH` (reproducible-builds.org): the seconds since 1970-01-01 UTC that stand
/// for "now" in every output. Unset or empty, `None`; anything but a whole number of seconds
/// (digits only, up to the last second of the year 9999) is an error naming the variable and
/// its value, since ignoring it would silently make outputs that differ between machines.
pub fn source_date_epoch() -> Result<Option<i64>, Diagnostic> {
    let Some(value) = std::env::var_os("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let text = value.to_string_lossy();
    if text.trim().is_empty() {
        return Ok(None);
    }
    let trimmed = text.trim();
    match trimmed.parse::<i64>() {
        Ok(secs)
            if trimmed.bytes().all(|b| b.is_ascii_digit()) && secs <= LAST_EPOCH_SECOND =>
        {
            Ok(Some(secs))
        }
        _ => Err(Diagnostic::error(
            "",
            None,
            format!(
                "the environment variable SOURCE_DATE_EPOCH is `{text}`, not a whole number of seconds since 1970-01-01"
            ),
        )
        .with_hint(
            "set it to a Unix time such as 1767225600 (e.g. `git log -1 --format=%ct`), or unset it to use the book's date",
        )),
    }
}

/// The contents of `book.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookConfig {
    /// Main title (required: an empty or missing title is reported by the loader, so that
    /// the rest of the file is still read).
    #[serde(default)]
    pub title: String,
    /// Subtitle.
    pub subtitle: Option<String>,
    /// The book's language as a BCP 47 tag; defaults to `en`.
    pub language: Option<toml::Spanned<String>>,
    /// The book's creators, as displayed.
    #[serde(default)]
    pub authors: Vec<String>,
    /// Editors, as displayed.
    #[serde(default)]
    pub editors: Vec<String>,
    /// Publisher.
    pub publisher: Option<String>,
    /// The blog's address: printed, with a QR code, on the copyright page.
    pub url: Option<String>,
    /// Copyright statement.
    pub rights: Option<String>,
    /// Licence (name or text).
    #[serde(alias = "license")]
    pub licence: Option<String>,
    /// ISBN-13, `urn:uuid:…`, or another URI; derived from the title when absent.
    pub identifier: Option<toml::Spanned<String>>,
    /// Publication date: a TOML date or an RFC 3339 string.
    pub date: Option<toml::Spanned<toml::Value>>,
    /// Short description.
    pub description: Option<String>,
    /// Subject headings.
    #[serde(default)]
    pub subjects: Vec<String>,
    /// Cover image, relative to the book folder.
    pub cover: Option<toml::Spanned<String>>,
    /// Explicit entry order: file names in `entries/`.
    pub entries: Option<Vec<toml::Spanned<String>>>,
    /// EPUB settings.
    #[serde(default)]
    pub epub: EpubConfig,
    /// Build settings.
    #[serde(default)]
    pub build: BuildConfig,
    /// PDF style overrides (`[pdf.page]`, `[pdf.text]`…), over `styles/default.toml`.
    pub pdf: Option<crate::config::StyleSpec>,
}

/// `[epub]` settings.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EpubConfig {
    /// A CSS file in the book folder, added after the default style.
    pub css: Option<toml::Spanned<String>>,
    /// Embed chapbook's bundled fonts (Noto Serif, Noto Naskh Arabic) in the EPUB.
    #[serde(default)]
    pub embed_fonts: bool,
}

/// `[build]` settings.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BuildConfig {
    /// What an image at a web address (`![](https://…)`) becomes.
    #[serde(default)]
    pub remote_images: RemoteImages,
}

/// What an image at a web address becomes: chapbook never downloads anything.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RemoteImages {
    /// A link to the address, with the alternative text, and one warning.
    #[default]
    Link,
    /// An error: the image must be copied into the book.
    Error,
}

/// Parses `book.toml` text; `file` names it in diagnostics. The first problem only: the book
/// loader uses [`read_book`], which reports them all.
pub fn parse(text: &str, file: &Path) -> Result<BookConfig, Diagnostic> {
    match read_book(text, file) {
        (Some(config), problems) if problems.is_empty() => Ok(config),
        (_, problems) => Err(problems
            .into_iter()
            .next()
            .unwrap_or_else(|| Diagnostic::error(file, None, "book.toml cannot be read"))),
    }
}

/// Reads `book.toml` text with every problem: the settings that could be read (refused keys
/// left out), and a diagnostic for each key refused.
pub fn read_book(text: &str, file: &Path) -> (Option<BookConfig>, Vec<Diagnostic>) {
    read::read(read::Input {
        text,
        file,
        line_offset: 0,
        keys: keys::BOOK,
    })
}

/// Turns a TOML or serde error into a diagnostic with the line it points at.
/// `line_offset` is added for TOML embedded in a larger file (front matter).
pub fn toml_diagnostic(
    e: &toml::de::Error,
    text: &str,
    file: &Path,
    line_offset: usize,
) -> Diagnostic {
    let line = e.span().map(|span| line_of(text, span.start) + line_offset);
    let message = e.message().trim().to_string();
    let hint = if message.starts_with("unknown field") {
        "remove or rename the key; `chapbook reference` lists the keys each file takes"
    } else if message.starts_with("missing field") {
        "add the missing key"
    } else {
        "fix the TOML syntax (strings need quotes, lists need [ ], each key once)"
    };
    Diagnostic::error(file, line, message).with_hint(hint)
}

/// Checks an ISBN-13 (hyphens and spaces allowed) and returns its 13 digits.
pub fn isbn13(text: &str) -> Option<String> {
    let digits: String = text
        .trim_start_matches("urn:isbn:")
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .collect();
    if digits.len() != 13 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if !(digits.starts_with("978") || digits.starts_with("979")) {
        return None;
    }
    let sum: u32 = digits
        .bytes()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    sum.is_multiple_of(10).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isbn_checksum() {
        assert_eq!(
            isbn13("978-3-16-148410-0").as_deref(),
            Some("9783161484100")
        );
        assert_eq!(isbn13("9783161484101"), None);
        assert_eq!(isbn13("978316148410"), None);
        assert_eq!(isbn13("1234567890128"), None);
    }

    #[test]
    fn unknown_key_names_line() {
        let d = parse("title = \"A\"\ncolour = \"red\"\n", Path::new("book.toml")).unwrap_err();
        assert_eq!(d.line, Some(2));
        assert_eq!(d.message, "unknown key `colour`");
    }
}
