//! The one rule for names made from text: entry, comment and author ids (file names of the
//! EPUB, XML ids and anchors of both formats), the file stems the importers write and the
//! names of the outputs. Letters and digits of every script are kept, lower-cased; every other
//! run of visible characters becomes one hyphen; invisible controls are dropped.

use crate::lang::is_invisible;

/// `text` as a slug: `Қазақ тілі, 2026!` → `қазақ-тілі-2026`. Empty when `text` has no letter
/// or digit.
pub fn slug(text: &str) -> String {
    slug_within(text, usize::MAX)
}

/// [`slug`], stopping once it holds `max_bytes` bytes or more (whole characters only).
pub fn slug_within(text: &str, max_bytes: usize) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() && !is_invisible(c) {
            out.extend(c.to_lowercase());
        } else if !is_invisible(c) && !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= max_bytes {
            break;
        }
    }
    out.trim_matches('-').to_string()
}

/// An id safe in file names, XML ids and anchors: the [`slug`] of `text`, `entry` when that
/// is empty, and `e-` before one that starts with a digit (an XML name starts with a letter).
pub fn safe_id(text: &str) -> String {
    let out = slug(text);
    match out.chars().next() {
        None => "entry".into(),
        Some(c) if c.is_numeric() => format!("e-{out}"),
        Some(_) => out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_every_script_and_start_with_a_letter() {
        assert_eq!(safe_id("Hello, World!"), "hello-world");
        assert_eq!(safe_id("2026 review"), "e-2026-review");
        assert_eq!(safe_id("Қазақ тілі"), "қазақ-тілі");
        assert_eq!(safe_id("Oʻzbekcha matn"), "oʻzbekcha-matn");
        assert_eq!(safe_id("جامعة المقابلات"), "جامعة-المقابلات");
        assert_eq!(safe_id("!!!"), "entry");
        assert_eq!(safe_id("a\u{202E}b"), "ab");
    }

    #[test]
    fn a_slug_stops_at_its_length_on_a_character_boundary() {
        let long = "қ".repeat(100);
        let s = slug_within(&long, 80);
        assert_eq!(s.len(), 80);
        assert!(s.chars().all(|c| c == 'қ'));
    }
}
