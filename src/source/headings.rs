//! Heading ids: written after the heading (`## Setup {#setup}`, Pandoc's and kramdown's
//! attribute), else made from its text the way GitHub and Pandoc make them, so that the links
//! of every README's table of contents (`[Setup](#setup)`) find their heading.

use crate::model::Inline;
use std::collections::HashSet;

/// The id of a heading whose text is `content`, unique among `used` (which it joins). A
/// trailing `{#id}` (with classes or attributes after it: `{#id .class}`) is taken out of
/// the text and gives the id.
pub fn id(content: &mut Vec<Inline>, used: &mut HashSet<String>) -> String {
    let base = explicit(content).unwrap_or_else(|| generated(&Inline::plain_text(content)));
    let mut id = base.clone();
    let mut n = 1;
    while !used.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// GitHub's rule: lower case; letters, digits, `-` and `_` of any script kept; spaces become
/// hyphens; everything else is dropped. An id with nothing left is `section`.
pub fn generated(text: &str) -> String {
    let text = text.trim();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            // The same rule, without the Unicode tables.
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                out.push(c.to_ascii_lowercase());
            } else if c == ' ' {
                out.push('-');
            }
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
    if out.is_empty() {
        "section".into()
    } else {
        out
    }
}

/// Takes a trailing `{#id …}` off the heading's text, and returns the id.
fn explicit(content: &mut Vec<Inline>) -> Option<String> {
    let Some(Inline::Text(last)) = content.last_mut() else {
        return None;
    };
    let trimmed = last.trim_end();
    let inner = trimmed.strip_suffix('}')?;
    let open = inner.rfind('{')?;
    let attrs = &inner[open + 1..];
    let id = attrs
        .split_whitespace()
        .find_map(|a| a.strip_prefix('#'))?
        .to_string();
    if id.is_empty() || id.chars().any(|c| c.is_whitespace() || c == '#') {
        return None;
    }
    let keep = inner[..open].trim_end().to_string();
    if keep.is_empty() {
        content.pop();
    } else {
        *last = keep;
    }
    Some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(text: &str, used: &mut HashSet<String>) -> (String, String) {
        let mut content = vec![Inline::Text(text.into())];
        let id = id(&mut content, used);
        (id, Inline::plain_text(&content))
    }

    #[test]
    fn ids_are_made_as_github_makes_them_and_kept_unique() {
        let mut used = HashSet::new();
        assert_eq!(heading("Getting started", &mut used).0, "getting-started");
        assert_eq!(heading("Getting started", &mut used).0, "getting-started-1");
        assert_eq!(heading("C# & C++: why?", &mut used).0, "c--c-why");
        assert_eq!(heading("Қазақ тілі", &mut used).0, "қазақ-тілі");
        assert_eq!(heading("!!!", &mut used).0, "section");
    }

    /// The ASCII path keeps the rule: every ASCII character gives what the Unicode rule gives.
    #[test]
    fn ascii_characters_follow_the_unicode_rule() {
        for c in (0..128u8).map(char::from) {
            let by_rule: String = if c.is_alphanumeric() || c == '-' || c == '_' {
                c.to_lowercase().collect()
            } else if c == ' ' {
                "-".into()
            } else {
                String::new()
            };
            let text = format!("x{c}y");
            assert_eq!(generated(&text), format!("x{by_rule}y"), "{c:?}");
        }
    }

    #[test]
    fn an_attribute_after_the_heading_gives_its_id_and_leaves_the_text() {
        let mut used = HashSet::new();
        assert_eq!(
            heading("Setup {#setup}", &mut used),
            ("setup".to_string(), "Setup".to_string())
        );
        assert_eq!(
            heading("Install {#install .unnumbered}", &mut used),
            ("install".to_string(), "Install".to_string())
        );
        // Braces that are not an attribute stay text.
        assert_eq!(heading("Sets {a, b}", &mut used).1, "Sets {a, b}");
    }
}
