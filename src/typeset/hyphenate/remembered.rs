//! Hyphenation points remembered per language and word: text repeats its words, and finding
//! a word's points by patterns or syllable rules costs more than looking them up. One cache
//! is shared by the threads that set paragraphs, and it is bounded.

use super::Hyphenator;
use crate::typeset::remember::Remembered;
use std::sync::Arc;

/// Words kept at most (about 9 MB of words and points, some 90 bytes a word); past them, a
/// word's points are found each time it is set.
const LIMIT: usize = 100_000;

/// Hyphenation points by language tag, then word.
pub struct HyphenationCache(Remembered<String, Arc<[usize]>>);

impl Default for HyphenationCache {
    fn default() -> Self {
        HyphenationCache(Remembered::new(LIMIT))
    }
}

impl HyphenationCache {
    /// Where `word`, in language `lang`, may be hyphenated (byte offsets), remembered.
    pub fn points(&self, lang: &str, word: &str) -> Arc<[usize]> {
        self.0.get_or(lang, word, || {
            Hyphenator::for_lang(lang)
                .map(|h| h.breaks(word))
                .unwrap_or_default()
                .into()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_are_those_of_the_hyphenator_and_kept_once() {
        let cache = HyphenationCache::default();
        let word = "hyphenation";
        let expected = Hyphenator::for_lang("en").unwrap().breaks(word);
        assert!(!expected.is_empty());
        assert_eq!(*cache.points("en", word), *expected);
        assert_eq!(*cache.points("en", word), *expected);
        assert_eq!(cache.0.len(), 1);
        // Another language is another entry, with its own points.
        assert!(cache.points("xx", word).is_empty());
        assert_eq!(cache.0.len(), 2);
    }
}
