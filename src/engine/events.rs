//! The event recorder: Kubernetes Events aggregated as client-go's correlator does (an identical
//! event bumps `count` and `lastTimestamp`), plus a bounded stream of every occurrence in order,
//! which feeds `kubeplay run --events`, the UI timeline and the determinism test.

use crate::api::{Event, ObjectReference};
use crate::engine::time::{SimDuration, SimTime};
use std::collections::{BTreeMap, VecDeque};
use std::fmt::Write;

/// Events older than this are dropped, as the API server's `--event-ttl` (1h) does.
pub const EVENT_TTL: SimDuration = SimDuration::from_secs(3600);
/// Upper bound on stored aggregated events; the oldest go first.
pub const MAX_EVENTS: usize = 5000;
/// Upper bound on the occurrence stream.
pub const MAX_STREAM: usize = 5000;

/// One occurrence, in the order the engine produced them.
#[derive(Clone, Debug, PartialEq)]
pub struct Occurrence {
    pub at: SimTime,
    pub type_: &'static str,
    pub reason: String,
    pub object: ObjectReference,
    pub message: String,
    pub source: &'static str,
}

#[derive(Clone, Debug, Default)]
pub struct EventLog {
    /// Boxed: one B-tree type with the scheduler queue's (docs/size.md).
    events: BTreeMap<u64, Box<Event>>,
    /// Event id by `aggregation_key`. Boxed and keyed by text: the map shares the B-tree
    /// code of the other `BTreeMap<String, Box<_>>`s.
    index: BTreeMap<String, Box<u64>>,
    next_id: u64,
    stream: VecDeque<Occurrence>,
    /// Total occurrences ever recorded (the stream is capped, this is not).
    pub total: u64,
}

impl EventLog {
    #[allow(clippy::too_many_arguments)]
    pub fn record(
        &mut self,
        now: SimTime,
        type_: &'static str,
        reason: &str,
        kind: &str,
        name: &str,
        field_path: Option<String>,
        message: String,
        source: &'static str,
    ) {
        self.total += 1;
        let object = ObjectReference { kind: kind.to_string(), name: name.to_string(), field_path };
        if self.stream.len() >= MAX_STREAM {
            self.stream.pop_front();
        }
        self.stream.push_back(Occurrence {
            at: now,
            type_,
            reason: reason.to_string(),
            object: object.clone(),
            message: message.clone(),
            source,
        });
        let key = aggregation_key(&object, type_, reason, &message, source);
        if let Some(id) = self.index.get(&key) {
            if let Some(event) = self.events.get_mut(&**id) {
                event.count += 1;
                event.last_timestamp = now;
                return;
            }
        }
        let id = self.next_id;
        self.next_id += 1;
        self.events.insert(
            id,
            Box::new(Event {
                type_: type_.to_string(),
                reason: reason.to_string(),
                message,
                involved_object: object,
                source: source.to_string(),
                count: 1,
                first_timestamp: now,
                last_timestamp: now,
            }),
        );
        self.index.insert(key, Box::new(id));
        if self.events.len() > MAX_EVENTS {
            self.prune(now, true);
        }
    }

    /// Drops events past the TTL (and, when `force`, the oldest until under the cap).
    pub fn prune(&mut self, now: SimTime, force: bool) {
        let horizon = now - EVENT_TTL;
        let stale: Vec<u64> = self
            .events
            .iter()
            .filter(|(_, e)| e.last_timestamp < horizon && now.as_millis() >= EVENT_TTL.as_millis())
            .map(|(id, _)| *id)
            .collect();
        for id in stale {
            self.remove(id);
        }
        while force && self.events.len() > MAX_EVENTS * 9 / 10 {
            let Some((&id, _)) = self.events.iter().next() else { break };
            self.remove(id);
        }
    }

    fn remove(&mut self, id: u64) {
        if let Some(e) = self.events.remove(&id) {
            self.index.remove(&aggregation_key(&e.involved_object, &e.type_, &e.reason, &e.message, &e.source));
        }
    }

    /// All stored events in the order they were first seen.
    pub fn events(&self) -> impl Iterator<Item = &Event> {
        self.events.values().map(|e| &**e)
    }

    /// Events about one object, oldest first.
    pub fn for_object<'a>(&'a self, kind: &'a str, name: &'a str) -> impl Iterator<Item = &'a Event> + 'a {
        self.events
            .values()
            .map(|e| &**e)
            .filter(move |e| e.involved_object.kind == kind && e.involved_object.name == name)
    }

    pub fn stream(&self) -> &VecDeque<Occurrence> {
        &self.stream
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }
}

/// The fields an event is aggregated by (object, type, reason, message, source), each
/// preceded by its length so that different fields never give the same text.
fn aggregation_key(object: &ObjectReference, type_: &str, reason: &str, message: &str, source: &str) -> String {
    let mut key = String::new();
    let field_path = object.field_path.as_deref();
    for field in
        [Some(&*object.kind), Some(&*object.name), field_path, Some(type_), Some(reason), Some(message), Some(source)]
    {
        match field {
            Some(text) => {
                let _ = write!(key, "{}:{text}", text.len());
            }
            None => key.push('-'),
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_events_aggregate() {
        let mut log = EventLog::default();
        for t in [1, 5, 9] {
            log.record(
                SimTime::from_secs(t),
                "Warning",
                "Unhealthy",
                "Pod",
                "p",
                None,
                "Liveness probe failed: x".into(),
                "kubelet",
            );
        }
        log.record(SimTime::from_secs(10), "Normal", "Killing", "Pod", "p", None, "k".into(), "kubelet");
        let events: Vec<_> = log.events().collect();
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].count, 3);
        assert_eq!(events[0].first_timestamp, SimTime::from_secs(1));
        assert_eq!(events[0].last_timestamp, SimTime::from_secs(9));
        assert_eq!(log.stream().len(), 4);
    }
}
