//! Probe workers: one per (pod, container, probe kind). Models pkg/kubelet/prober/worker.go
//! (v1.35): initial results (readiness Failure, liveness Success, startup Unknown), counting
//! runs of identical results against the thresholds, and going on hold after a liveness or
//! startup failure until the container is replaced.

use crate::api::Probe;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProbeKind {
    Liveness,
    Readiness,
    Startup,
}

impl ProbeKind {
    pub fn title(self) -> &'static str {
        match self {
            ProbeKind::Liveness => "Liveness",
            ProbeKind::Readiness => "Readiness",
            ProbeKind::Startup => "Startup",
        }
    }
    pub fn index(self) -> usize {
        match self {
            ProbeKind::Liveness => 0,
            ProbeKind::Readiness => 1,
            ProbeKind::Startup => 2,
        }
    }
    pub const ALL: [ProbeKind; 3] = [ProbeKind::Liveness, ProbeKind::Readiness, ProbeKind::Startup];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProbeResult {
    Success,
    Failure,
    Unknown,
}

#[derive(Clone, Debug)]
pub struct ProbeWorker {
    pub kind: ProbeKind,
    pub probe: Probe,
    pub result: ProbeResult,
    last: Option<bool>,
    run: i64,
    pub on_hold: bool,
    /// Bumped to invalidate scheduled ticks when the ticker is re-anchored.
    pub gen: u64,
    /// Not ticking: the outcome cannot change until the container is replaced.
    pub dormant: bool,
}

impl ProbeWorker {
    pub fn new(kind: ProbeKind, probe: Probe) -> ProbeWorker {
        let mut worker = ProbeWorker {
            kind,
            probe,
            result: ProbeResult::Unknown,
            last: None,
            run: 0,
            on_hold: false,
            gen: 0,
            dormant: false,
        };
        worker.reset();
        worker
    }

    /// Back to the initial result, as when the container ID changes.
    pub fn reset(&mut self) {
        self.result = match self.kind {
            ProbeKind::Readiness => ProbeResult::Failure,
            ProbeKind::Liveness => ProbeResult::Success,
            ProbeKind::Startup => ProbeResult::Unknown,
        };
        self.last = None;
        self.run = 0;
        self.on_hold = false;
    }

    /// Whether the probe has run since the container (re)started.
    pub fn has_run(&self) -> bool {
        self.last.is_some()
    }

    /// How many probes in a row failed, the latest included (0 when the latest passed).
    pub fn failures_in_a_row(&self) -> i64 {
        if self.last == Some(false) {
            self.run
        } else {
            0
        }
    }

    /// Feeds one probe outcome; returns the new cached result when it changed.
    pub fn observe(&mut self, success: bool) -> Option<ProbeResult> {
        if self.last == Some(success) {
            self.run += 1;
        } else {
            self.last = Some(success);
            self.run = 1;
        }
        let threshold = if success { self.probe.success_threshold() } else { self.probe.failure_threshold() };
        if self.run < threshold {
            return None;
        }
        let new = if success { ProbeResult::Success } else { ProbeResult::Failure };
        if new == self.result {
            return None;
        }
        self.result = new;
        if !success && self.kind != ProbeKind::Readiness {
            self.on_hold = true;
            self.run = 0;
        }
        Some(new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe(success: i64, failure: i64) -> Probe {
        Probe { success_threshold: Some(success), failure_threshold: Some(failure), ..Default::default() }
    }

    #[test]
    fn liveness_needs_three_failures_in_a_row() {
        let mut w = ProbeWorker::new(ProbeKind::Liveness, probe(1, 3));
        assert_eq!(w.observe(false), None);
        assert_eq!(w.observe(true), None);
        assert_eq!(w.observe(false), None);
        assert_eq!(w.observe(false), None);
        assert_eq!(w.observe(false), Some(ProbeResult::Failure));
        assert!(w.on_hold);
    }

    #[test]
    fn readiness_starts_failed_and_flips_on_first_success() {
        let mut w = ProbeWorker::new(ProbeKind::Readiness, probe(1, 3));
        assert_eq!(w.result, ProbeResult::Failure);
        assert_eq!(w.observe(true), Some(ProbeResult::Success));
        assert_eq!(w.observe(false), None);
        assert_eq!(w.observe(false), None);
        assert_eq!(w.observe(false), Some(ProbeResult::Failure));
        assert!(!w.on_hold);
    }
}
