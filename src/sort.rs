//! Stable sorting with one copy of the sort algorithm for the whole program.
//!
//! `slice::sort_by` is generic: each element type and comparison gets its own copy of the
//! standard library's driftsort (about 4 KB of wasm each, over 100 KB for the web app's call
//! sites). These sort a list of indices through a `dyn` comparison, which is instantiated once,
//! and then move the elements into place. The result is exactly `sort_by`'s: the same stable
//! order.

use std::cmp::Ordering;

/// `sort`, `sort_by` and `sort_by_key` with the standard library's (stable) results.
pub trait SmallSort<T> {
    fn sort_small(&mut self)
    where
        T: Ord;
    fn sort_small_by<F: FnMut(&T, &T) -> Ordering>(&mut self, compare: F);
    fn sort_small_by_key<K: Ord, F: FnMut(&T) -> K>(&mut self, key: F);
}

impl<T> SmallSort<T> for [T] {
    fn sort_small(&mut self)
    where
        T: Ord,
    {
        self.sort_small_by(T::cmp);
    }

    fn sort_small_by<F: FnMut(&T, &T) -> Ordering>(&mut self, mut compare: F) {
        let items: &[T] = self;
        let order = sorted_indices(items.len(), &mut |a, b| compare(&items[a], &items[b]));
        permute(self, order);
    }

    fn sort_small_by_key<K: Ord, F: FnMut(&T) -> K>(&mut self, mut key: F) {
        self.sort_small_by(|a, b| key(a).cmp(&key(b)));
    }
}

/// The indices `0..len` in stable sorted order.
#[inline(never)]
fn sorted_indices(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Rearranges `items` so that position `k` holds what was at `order[k]`, following the
/// permutation's cycles with swaps.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        let mut current = start;
        loop {
            let next = order[current];
            if next == usize::MAX {
                break;
            }
            order[current] = usize::MAX;
            if next == start {
                break;
            }
            items.swap(current, next);
            current = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_order_as_the_standard_stable_sort() {
        let mut seed = 7u64;
        for len in 0..60 {
            let items: Vec<(u8, usize)> = (0..len)
                .map(|idx| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    (((seed >> 33) % 5) as u8, idx)
                })
                .collect();
            let mut expected = items.clone();
            expected.sort_by_key(|item| item.0);
            let mut got = items.clone();
            got.sort_small_by_key(|item| item.0);
            assert_eq!(got, expected);
            let mut expected = items.clone();
            expected.sort_by(|a, b| b.cmp(a));
            let mut got = items;
            got.sort_small_by(|a, b| b.cmp(a));
            assert_eq!(got, expected);
        }
        let mut words = vec!["b".to_string(), "a".into(), "c".into(), "a".into()];
        words.sort_small();
        assert_eq!(words, ["a", "a", "b", "c"]);
    }
}
