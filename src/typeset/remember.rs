//! A bounded memo shared by threads: values of a pure function of a group (a face and its
//! shaping properties, a language) and a word, kept up to a number of words and then no
//! more (the function is simply called again), so memory stays bounded however long the
//! book. Used for shaped words (`shape.rs`) and hyphenation points (`hyphenate/`).

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

/// Values by group, then word, and how many words are kept.
struct Kept<G, V> {
    words: usize,
    groups: HashMap<G, HashMap<Box<str>, V>>,
}

/// See the module's documentation.
pub struct Remembered<G, V> {
    limit: usize,
    kept: Mutex<Kept<G, V>>,
}

impl<G: Hash + Eq, V: Clone> Remembered<G, V> {
    /// Keeps at most `limit` words.
    pub fn new(limit: usize) -> Self {
        Remembered {
            limit,
            kept: Mutex::new(Kept {
                words: 0,
                groups: HashMap::new(),
            }),
        }
    }

    /// The value kept for `word` in `group`, or `make`'s, kept if there is room. `make` runs
    /// without the lock held, so the other threads go on meanwhile.
    pub fn get_or<Q>(&self, group: &Q, word: &str, make: impl FnOnce() -> V) -> V
    where
        G: Borrow<Q>,
        Q: Hash + Eq + ToOwned<Owned = G> + ?Sized,
    {
        if let Some(value) = self
            .lock()
            .groups
            .get(group)
            .and_then(|words| words.get(word))
        {
            return value.clone();
        }
        let value = make();
        let mut kept = self.lock();
        if kept.words < self.limit {
            if !kept.groups.contains_key(group) {
                kept.groups.insert(group.to_owned(), HashMap::new());
            }
            let words = kept.groups.get_mut(group).expect("inserted above");
            if words.insert(word.into(), value.clone()).is_none() {
                kept.words += 1;
            }
        }
        value
    }

    /// How many words are kept.
    pub fn len(&self) -> usize {
        self.lock().words
    }

    /// True when no word is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Kept<G, V>> {
        // A thread that panicked holding the lock left the maps whole: each change is one
        // insert.
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_values_by_group_and_word_up_to_the_limit() {
        let memo: Remembered<String, usize> = Remembered::new(2);
        let calls = std::cell::Cell::new(0);
        let make = |v: usize| {
            calls.set(calls.get() + 1);
            v
        };
        assert_eq!(memo.get_or("en", "word", || make(1)), 1);
        assert_eq!(memo.get_or("en", "word", || make(9)), 1, "kept");
        assert_eq!(memo.get_or("ru", "word", || make(2)), 2, "another group");
        assert_eq!(memo.len(), 2);
        assert_eq!(calls.get(), 2);
        // Full: the value is made each time, and right.
        assert_eq!(memo.get_or("en", "other", || make(3)), 3);
        assert_eq!(memo.get_or("en", "other", || make(3)), 3);
        assert_eq!(calls.get(), 4);
        assert_eq!(memo.len(), 2);
    }
}
