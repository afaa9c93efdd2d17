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
    /// Where each group's words are in `maps`.
    groups: HashMap<G, usize, Fast>,
    maps: Vec<HashMap<Box<str>, V, Fast>>,
}

impl<G: Hash + Eq, V> Kept<G, V> {
    /// Where `group`'s words are, a new empty map if it has none yet.
    fn group<Q>(&mut self, group: &Q) -> usize
    where
        G: Borrow<Q>,
        Q: Hash + Eq + ToOwned<Owned = G> + ?Sized,
    {
        if let Some(&at) = self.groups.get(group) {
            return at;
        }
        self.maps.push(HashMap::default());
        self.groups.insert(group.to_owned(), self.maps.len() - 1);
        self.maps.len() - 1
    }
}

/// A group of a [`Remembered`], found once for the many words looked up in it (a run of text
/// in one face, a paragraph's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Group(usize);

/// The hasher of the maps: keys are the book's own words, and SipHash's defence against
/// chosen collisions cost more than the rest of a lookup (a twentieth of a PDF build's
/// instructions). A multiply-and-rotate hash over eight bytes at a time, as rustc's `FxHasher`.
type Fast = std::hash::BuildHasherDefault<FastHasher>;

/// See [`Fast`].
#[derive(Default)]
pub struct FastHasher(u64);

impl FastHasher {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::SEED);
    }
}

impl std::hash::Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
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
                groups: HashMap::default(),
                maps: Vec::new(),
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
        let at = {
            let mut kept = self.lock();
            let at = kept.group(group);
            if let Some(value) = kept.maps[at].get(word) {
                return value.clone();
            }
            at
        };
        self.make_in(Group(at), word, make)
    }

    /// The handle of `group`, for [`Remembered::get_or_in`]. Groups are few (a face with its
    /// script and language, a language) and each is kept, empty once the words are.
    pub fn group<Q>(&self, group: &Q) -> Group
    where
        G: Borrow<Q>,
        Q: Hash + Eq + ToOwned<Owned = G> + ?Sized,
    {
        Group(self.lock().group(group))
    }

    /// [`Remembered::get_or`] in a group found before.
    pub fn get_or_in(&self, group: Group, word: &str, make: impl FnOnce() -> V) -> V {
        if let Some(value) = self.lock().maps[group.0].get(word) {
            return value.clone();
        }
        self.make_in(group, word, make)
    }

    /// `make`'s value for `word`, kept in `group` if there is room.
    fn make_in(&self, group: Group, word: &str, make: impl FnOnce() -> V) -> V {
        let value = make();
        let mut kept = self.lock();
        if kept.words < self.limit
            && kept.maps[group.0]
                .insert(word.into(), value.clone())
                .is_none()
        {
            kept.words += 1;
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

    #[test]
    fn a_group_found_once_reads_the_same_words() {
        let memo: Remembered<String, usize> = Remembered::new(10);
        let en = memo.group("en");
        assert_eq!(memo.group("en"), en, "the same group");
        assert_ne!(memo.group("ru"), en);
        assert_eq!(memo.get_or_in(en, "word", || 1), 1);
        assert_eq!(memo.get_or("en", "word", || 9), 1, "kept in the group");
        assert_eq!(memo.get_or("ru", "word", || 2), 2);
        assert_eq!(memo.len(), 2);
    }
}
