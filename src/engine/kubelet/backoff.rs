//! CrashLoopBackOff: 10 s doubling to 300 s, forgotten after 600 s between terminations.
//! Models pkg/kubelet/kuberuntime/kuberuntime_manager.go `doBackOff` with client-go's
//! `flowcontrol.Backoff` (v1.35; no jitter in the value itself).

use crate::engine::time::{SimDuration, SimTime};

pub const INITIAL: SimDuration = SimDuration::from_secs(10);
pub const MAX: SimDuration = SimDuration::from_secs(300);

/// One back-off entry per (pod, container).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Backoff {
    entry: Option<(SimDuration, SimTime)>,
}

/// What the kubelet may do with an exited container now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Start it now (the back-off was advanced).
    Start,
    /// Wait until this time; the duration is the current back-off (for the message).
    Wait { until: SimTime, backoff: SimDuration },
}

impl Backoff {
    /// `finished_at` is the FinishedAt of the most recent exited instance.
    pub fn decide(&mut self, finished_at: SimTime, now: SimTime) -> Decision {
        if let Some((duration, last_update)) = self.entry {
            let expired = finished_at.since(last_update) > MAX + MAX;
            if !expired && now.since(finished_at) < duration {
                return Decision::Wait { until: finished_at + duration, backoff: duration };
            }
        }
        let next = match self.entry {
            Some((duration, last_update)) if finished_at.since(last_update) <= MAX + MAX => {
                SimDuration::from_millis((duration.as_millis() * 2).min(MAX.as_millis()))
            }
            _ => INITIAL,
        };
        self.entry = Some((next, finished_at));
        Decision::Start
    }

    /// Records a failure at `at` (image pulls): the next attempt must wait the new duration.
    pub fn record_failure(&mut self, at: SimTime) {
        let next = match self.entry {
            Some((duration, last_update)) if at.since(last_update) <= MAX + MAX => {
                SimDuration::from_millis((duration.as_millis() * 2).min(MAX.as_millis()))
            }
            _ => INITIAL,
        };
        self.entry = Some((next, at));
    }

    /// When an attempt may be made again after the failure recorded at `at`.
    pub fn ready_at(&self) -> Option<SimTime> {
        self.entry.map(|(d, last)| last + d)
    }

    /// Current back-off duration, if any.
    pub fn current(&self) -> Option<SimDuration> {
        self.entry.map(|(d, _)| d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A container that crashes right after each start restarts after 0, 10, 20, 40, 80,
    /// 160, 300, 300 s (reference §2.2.3).
    #[test]
    fn crash_loop_schedule() {
        let mut backoff = Backoff::default();
        let mut now = SimTime::from_secs(100);
        let mut waits = Vec::new();
        for _ in 0..8 {
            let finished = now;
            let mut t = finished + SimDuration::from_secs(1);
            loop {
                match backoff.decide(finished, t) {
                    Decision::Start => break,
                    Decision::Wait { until, .. } => t = until,
                }
            }
            waits.push(t.since(finished).whole_secs());
            now = t;
        }
        assert_eq!(waits, vec![1, 10, 20, 40, 80, 160, 300, 300]);
    }

    #[test]
    fn resets_after_ten_minutes_of_running() {
        let mut backoff = Backoff::default();
        assert_eq!(backoff.decide(SimTime::from_secs(0), SimTime::from_secs(1)), Decision::Start);
        assert!(matches!(backoff.decide(SimTime::from_secs(5), SimTime::from_secs(6)), Decision::Wait { .. }));
        assert_eq!(backoff.decide(SimTime::from_secs(5), SimTime::from_secs(15)), Decision::Start);
        // Next crash more than 600 s after the last update: the entry has expired.
        assert_eq!(backoff.decide(SimTime::from_secs(700), SimTime::from_secs(701)), Decision::Start);
        assert_eq!(backoff.current(), Some(INITIAL));
    }
}
