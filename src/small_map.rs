//! A map kept as a sorted `Vec`, for maps that hold a handful of entries.
//!
//! Every `BTreeMap<K, V>` type brings its own copy of the B-tree's code (4 to 7 KB of wasm per
//! key/value type, docs/size.md); this map's code is a binary search and a `Vec` insert or
//! remove. Use it only where the map stays small (a shell's traps, its loop frames): inserts
//! and removes move the entries after the position.

use std::borrow::Borrow;
use std::fmt;

/// Entries in key order, each key once: `BTreeMap`'s behaviour for the methods it has.
#[derive(Clone, PartialEq, Eq)]
pub struct SmallMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for SmallMap<K, V> {
    fn default() -> Self {
        SmallMap { entries: Vec::new() }
    }
}

impl<K: Ord, V> SmallMap<K, V> {
    pub fn new() -> Self {
        Self::default()
    }

    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.entries.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &mut self.entries[i].1)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    /// Sets `key` to `value`; returns the value it replaced.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    /// The value of `key`, inserted as `V::default()` when missing (`entry(key).or_default()`).
    pub fn get_or_default(&mut self, key: K) -> &mut V
    where
        V: Default,
    {
        let i = match self.find(&key) {
            Ok(i) => i,
            Err(i) => {
                self.entries.insert(i, (key, V::default()));
                i
            }
        };
        &mut self.entries[i].1
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| self.entries.remove(i).1)
    }

    /// The entries in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&K, &V)> + ExactSizeIterator {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator {
        self.entries.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.entries.iter().map(|(_, v)| v)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

/// Prints as `BTreeMap` does: `{k: v, ...}`.
impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for SmallMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.entries.iter().map(|(k, v)| (k, v))).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn behaves_as_a_btree_map() {
        let mut small = SmallMap::new();
        let mut btree = BTreeMap::new();
        for (i, key) in [5, 1, 9, 1, 3, 9, 0, 5, 7].into_iter().enumerate() {
            assert_eq!(small.insert(key, i), btree.insert(key, i));
            if i % 3 == 2 {
                assert_eq!(small.remove(&(key + 2)), btree.remove(&(key + 2)));
            }
            assert_eq!(small.iter().collect::<Vec<_>>(), btree.iter().collect::<Vec<_>>());
        }
        for key in -1..11 {
            assert_eq!(small.get(&key), btree.get(&key));
            assert_eq!(small.contains_key(&key), btree.contains_key(&key));
        }
        if let Some(v) = small.get_mut(&3) {
            *v = 42;
        }
        btree.insert(3, 42);
        assert_eq!(format!("{small:?}"), format!("{btree:?}"));
        assert_eq!(small.keys().collect::<Vec<_>>(), btree.keys().collect::<Vec<_>>());
        assert_eq!((small.len(), small.is_empty()), (btree.len(), btree.is_empty()));
        let mut names: SmallMap<String, u8> = SmallMap::new();
        names.insert("b".into(), 1);
        assert_eq!(names.get("b"), Some(&1));
        assert_eq!(names.remove("b"), Some(1));
        assert!(names.is_empty());
    }
}
