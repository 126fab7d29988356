//! A set of names that shares the B-tree code of the name-keyed maps of boxed values.
//!
//! Every `BTreeSet<T>` and `BTreeMap<K, V>` type brings its own copy of the B-tree's code (4 to
//! 7 KB of wasm each, docs/size.md), but every `BTreeMap<String, Box<_>>` has the same layout,
//! so they all share one copy. This set is such a map with an empty box (`Box<()>` allocates
//! nothing) as each value, and `BTreeSet<String>`'s behaviour for the methods it has.

use std::collections::btree_map::{self, BTreeMap};
use std::fmt;
use std::ops::RangeBounds;

/// Names in order, each once.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct NameSet {
    names: BTreeMap<String, Box<()>>,
}

impl NameSet {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `name`; false when it was there already.
    pub fn insert(&mut self, name: String) -> bool {
        match self.names.entry(name) {
            btree_map::Entry::Vacant(entry) => {
                entry.insert(Box::new(()));
                true
            }
            btree_map::Entry::Occupied(_) => false,
        }
    }

    /// Takes `name` out; false when it was not there.
    pub fn remove(&mut self, name: &str) -> bool {
        self.names.remove(name).is_some()
    }

    pub fn contains(&self, name: &str) -> bool {
        self.names.contains_key(name)
    }

    /// Takes out the first name.
    pub fn pop_first(&mut self) -> Option<String> {
        self.names.pop_first().map(|(name, _)| name)
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub fn iter(&self) -> btree_map::Keys<'_, String, Box<()>> {
        self.names.keys()
    }

    /// The names within `range`, in order.
    pub fn range<R: RangeBounds<String>>(&self, range: R) -> impl Iterator<Item = &String> {
        self.names.range(range).map(|(name, _)| name)
    }

    /// Keeps the names for which `keep` is true.
    pub fn retain(&mut self, mut keep: impl FnMut(&String) -> bool) {
        self.names.retain(|name, _| keep(name));
    }
}

impl fmt::Debug for NameSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl FromIterator<String> for NameSet {
    fn from_iter<I: IntoIterator<Item = String>>(names: I) -> Self {
        let mut set = NameSet::new();
        for name in names {
            set.insert(name);
        }
        set
    }
}

impl<'a> IntoIterator for &'a NameSet {
    type Item = &'a String;
    type IntoIter = btree_map::Keys<'a, String, Box<()>>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn behaves_as_a_btree_set() {
        let mut set = NameSet::new();
        let mut reference = BTreeSet::new();
        let names = ["web-2", "web-10", "a", "", "web-2", "zz", "a/b", "a", "web-1"];
        for (i, name) in names.iter().enumerate() {
            assert_eq!(set.insert(name.to_string()), reference.insert(name.to_string()));
            if i % 3 == 2 {
                assert_eq!(set.remove("a"), reference.remove("a"));
            }
            assert_eq!(set.len(), reference.len());
            assert!(set.iter().eq(reference.iter()));
            assert_eq!(format!("{set:?}"), format!("{reference:?}"));
        }
        assert!(set.range("web".to_string()..).eq(reference.range("web".to_string()..)));
        assert_eq!(set.contains("zz"), reference.contains("zz"));
        set.retain(|name| !name.starts_with("web"));
        reference.retain(|name| !name.starts_with("web"));
        assert!(set.iter().eq(reference.iter()));
        assert_eq!(set.pop_first(), reference.pop_first());
        let collected: NameSet = names.iter().map(|n| n.to_string()).collect();
        assert!(collected.iter().eq(names.iter().map(|n| n.to_string()).collect::<BTreeSet<_>>().iter()));
    }
}
