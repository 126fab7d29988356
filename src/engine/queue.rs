//! The event queue: events ordered by `(at, seq)`, so same-time events stay FIFO. The heap
//! holds only small keys; events live in a slab, so sifting moves 24 bytes, and cancelling
//! just empties the slot.

use super::time::SimTime;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Identifies one scheduled event, for cancellation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EventKey {
    slot: u32,
    seq: u64,
}

#[derive(Debug)]
pub struct EventQueue<E> {
    heap: BinaryHeap<Reverse<(SimTime, u64, u32)>>,
    slots: Vec<Option<(u64, E)>>,
    free: Vec<u32>,
    next_seq: u64,
    live: usize,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        EventQueue { heap: BinaryHeap::new(), slots: Vec::new(), free: Vec::new(), next_seq: 0, live: 0 }
    }
}

impl<E> EventQueue<E> {
    pub fn push(&mut self, at: SimTime, event: E) -> EventKey {
        let seq = self.next_seq;
        self.next_seq += 1;
        let slot = match self.free.pop() {
            Some(slot) => {
                self.slots[slot as usize] = Some((seq, event));
                slot
            }
            None => {
                self.slots.push(Some((seq, event)));
                (self.slots.len() - 1) as u32
            }
        };
        self.heap.push(Reverse((at, seq, slot)));
        self.live += 1;
        EventKey { slot, seq }
    }

    /// Cancels a scheduled event; a key that already fired or was cancelled is ignored.
    pub fn cancel(&mut self, key: EventKey) {
        if let Some(entry) = self.slots.get_mut(key.slot as usize) {
            if entry.as_ref().is_some_and(|(seq, _)| *seq == key.seq) {
                *entry = None;
                self.live -= 1;
            }
        }
    }

    /// Time of the next live event.
    pub fn peek_time(&mut self) -> Option<SimTime> {
        self.skip_cancelled();
        self.heap.peek().map(|Reverse((at, _, _))| *at)
    }

    pub fn pop(&mut self) -> Option<(SimTime, E)> {
        self.skip_cancelled();
        let Reverse((at, _, slot)) = self.heap.pop()?;
        let (_, event) = self.slots[slot as usize].take()?;
        self.free.push(slot);
        self.live -= 1;
        Some((at, event))
    }

    /// Number of live (not cancelled) events.
    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Drops heap keys whose event was cancelled. A slot has exactly one heap key at a time
    /// (it is only freed when that key pops), so an empty slot means "cancelled".
    fn skip_cancelled(&mut self) {
        while let Some(Reverse((_, _, slot))) = self.heap.peek() {
            let slot = *slot;
            if self.slots[slot as usize].is_some() {
                break;
            }
            self.heap.pop();
            self.free.push(slot);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifo_within_same_time_and_cancel() {
        let mut q = EventQueue::default();
        q.push(SimTime(10), "b");
        let k = q.push(SimTime(5), "x");
        q.push(SimTime(10), "c");
        q.push(SimTime(5), "a");
        q.cancel(k);
        assert_eq!(q.len(), 3);
        let order: Vec<_> = std::iter::from_fn(|| q.pop()).map(|(_, e)| e).collect();
        assert_eq!(order, vec!["a", "b", "c"]);
        assert!(q.is_empty());
    }

    #[test]
    fn cancelled_slot_is_reused_safely() {
        let mut q = EventQueue::default();
        let k = q.push(SimTime(5), 1);
        q.cancel(k);
        q.cancel(k);
        q.push(SimTime(7), 2);
        q.push(SimTime(6), 3);
        let order: Vec<_> = std::iter::from_fn(|| q.pop()).collect();
        assert_eq!(order, vec![(SimTime(6), 3), (SimTime(7), 2)]);
    }
}
