//! Addresses an export hands the book (a post's `<link>`, a feed's alternate link, an
//! author's `<uri>`, a commenter's site): only `http`, `https` and (for links a reader writes
//! to) `mailto`, and never with the direction controls that make an address read as another.

use crate::diag::Diagnostic;
use crate::model::links;
use std::path::Path;

/// Which addresses a field may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Allow {
    /// `http` and `https` only (a commenter's or author's site: a `mailto:` there would
    /// publish an address).
    Web,
    /// `http`, `https` and `mailto` (a post's own link).
    WebOrMail,
}

/// `raw` without direction controls and surrounding white space when it is an address of
/// an allowed scheme; otherwise the reason it is refused (the scheme, or `not an absolute
/// address`).
pub(crate) fn address(raw: &str, allow: Allow) -> Result<String, String> {
    let cleaned = links::strip_bidi(raw);
    let cleaned = cleaned.trim();
    match links::scheme(cleaned).as_deref() {
        Some("http" | "https") if cleaned.contains("://") && !cleaned.ends_with("://") => {
            Ok(cleaned.to_string())
        }
        Some("mailto") if allow == Allow::WebOrMail => Ok(cleaned.to_string()),
        Some(other) => Err(format!("a `{other}:` address")),
        None => Err("not an absolute web address".to_string()),
    }
}

/// [`address`] of an optional field; a refused address is dropped with a warning naming
/// `what` (the field) and `item` (the entry or comment), at `line` of `file`.
pub(crate) fn keep(
    raw: Option<String>,
    allow: Allow,
    what: &str,
    item: &str,
    file: &Path,
    line: Option<usize>,
    warnings: &mut Vec<Diagnostic>,
) -> Option<String> {
    let raw = raw.filter(|r| !r.trim().is_empty())?;
    match address(&raw, allow) {
        Ok(kept) => Some(kept),
        Err(why) => {
            let shown: String = links::strip_bidi(&raw).chars().take(60).collect();
            let at = line.map(|l| format!("line {l}: ")).unwrap_or_default();
            warnings.push(
                Diagnostic::warning(
                    file,
                    line,
                    format!("{at}{what} of {item} is {why} (`{shown}`); it was left out"),
                )
                .with_hint("only http and https addresses (and mailto for a post's link) are kept; nothing to do unless the address was meant"),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_are_kept_without_direction_controls() {
        assert_eq!(
            address(" https://a.org/\u{202E}x ", Allow::Web),
            Ok("https://a.org/x".into())
        );
        assert_eq!(
            address("mailto:a@b.org", Allow::WebOrMail),
            Ok("mailto:a@b.org".into())
        );
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\u{202E}script:alert(1)",
            "data:text/html,<script>",
            "vbscript:msgbox",
            "file:///etc/passwd",
            "mailto:a@b.org",
            "java\tscript:x",
            "/relative",
            "https://",
        ] {
            assert!(address(bad, Allow::Web).is_err(), "{bad:?}");
        }
    }
}
