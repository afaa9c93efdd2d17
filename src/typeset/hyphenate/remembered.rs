//! Hyphenation points remembered per language and word: text repeats its words, and finding
//! a word's points by patterns or syllable rules costs more than looking them up. One cache
//! is shared by the threads that set paragraphs, and it is bounded.

use super::Hyphenator;
use std::collections::HashMap;
use std::sync::Mutex;

/// Words kept at most (about 8 MB of words and points); past them, a word's points are found
/// each time it is set.
const LIMIT: usize = 200_000;

/// Hyphenation points by language tag, then word.
#[derive(Default)]
pub struct HyphenationCache {
    /// Words kept, and the points of each by language.
    words: Mutex<(usize, HashMap<String, HashMap<Box<str>, Box<[usize]>>>)>,
}

impl HyphenationCache {
    /// Where `word`, in language `lang`, may be hyphenated (byte offsets), remembered.
    pub fn points(&self, lang: &str, word: &str) -> Vec<usize> {
        {
            let words = self.words.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(points) = words.1.get(lang).and_then(|w| w.get(word)) {
                return points.to_vec();
            }
        }
        // Found without the lock held, so the other threads go on meanwhile.
        let points = Hyphenator::for_lang(lang)
            .map(|h| h.breaks(word))
            .unwrap_or_default();
        let mut words = self.words.lock().unwrap_or_else(|e| e.into_inner());
        let (count, by_lang) = &mut *words;
        if *count < LIMIT {
            if !by_lang.contains_key(lang) {
                by_lang.insert(lang.to_string(), HashMap::new());
            }
            let kept = by_lang.get_mut(lang).expect("inserted above");
            if kept.insert(word.into(), points.clone().into()).is_none() {
                *count += 1;
            }
        }
        points
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
        assert_eq!(cache.points("en", word), expected);
        assert_eq!(cache.points("en", word), expected);
        assert_eq!(cache.words.lock().unwrap().0, 1);
        // Another language is another entry, with its own points.
        assert_eq!(cache.points("xx", word), Vec::<usize>::new());
        assert_eq!(cache.words.lock().unwrap().0, 2);
    }
}
