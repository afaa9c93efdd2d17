//! The one table of HTML named character references, shared by the HTML converter and the
//! XML reader: the 2,231 names of HTML (from the `entities` crate, which comrak already
//! builds), of which the ones written with their `;` are read.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The longest name in the table (`CounterClockwiseContourIntegral`), so that a reader can
/// stop looking for the `;` that ends a reference.
pub(crate) const LONGEST_NAME: usize = 31;

/// The text `&name;` stands for in HTML (`Omega` → `Ω`), or `None` when HTML has no such
/// name. Names are case-sensitive (`Eacute` is `É`, `eacute` is `é`).
pub(crate) fn named(name: &str) -> Option<&'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            entities::ENTITIES
                .iter()
                .filter_map(|e| {
                    let name = e.entity.strip_prefix('&')?.strip_suffix(';')?;
                    Some((name, e.characters))
                })
                .collect()
        })
        .get(name)
        .copied()
}

/// True when `name` could be the name of a reference (`&name;`): an ASCII letter, then ASCII
/// letters and digits, as all of HTML's are.
pub(crate) fn is_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
        && name.len() <= LONGEST_NAME
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_html_table() {
        assert_eq!(named("Omega"), Some("Ω"));
        assert_eq!(named("hearts"), Some("♥"));
        assert_eq!(named("frac34"), Some("¾"));
        assert_eq!(named("Eacute"), Some("É"));
        assert_eq!(named("eacute"), Some("é"));
        assert_eq!(named("nbsp"), Some("\u{a0}"));
        assert_eq!(named("apos"), Some("'"));
        assert_eq!(named("bogus"), None);
        // Legacy names without `;` are in the table as `&amp`; they are not names here.
        assert_eq!(named("amp;"), None);
        let longest = entities::ENTITIES
            .iter()
            .filter_map(|e| e.entity.strip_prefix('&')?.strip_suffix(';'))
            .map(str::len)
            .max();
        assert_eq!(longest, Some(LONGEST_NAME));
    }
}
