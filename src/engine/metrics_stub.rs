//! TEMPORARY stand-ins for the traffic helper's metrics API (issue 5), so the time series
//! and charts build before that branch lands. Every method answers `None`; at merge time the
//! real `pod_cpu_usage_millis`, `pod_metrics` and `service_stats` replace this file.

use crate::engine::time::{SimDuration, SimTime};
use crate::engine::Cluster;

/// What metrics-server reports for one pod (a rate between its last two scrapes).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodMetrics {
    /// CPU usage [millicores].
    pub cpu_millis: f64,
    /// Working-set memory [bytes].
    pub memory_bytes: f64,
    /// When the later of the two scrapes happened.
    pub timestamp: SimTime,
    /// The span the rate was computed over.
    pub window: SimDuration,
}

/// Traffic through one Service over the last second.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServiceStats {
    pub ok_per_sec: f64,
    pub failed_per_sec: f64,
    pub latency_p50_ms: f64,
    pub latency_p95_ms: f64,
    pub latency_p99_ms: f64,
}

impl Cluster {
    /// CPU the pod's containers use right now [millicores] (engine truth).
    pub fn pod_cpu_usage_millis(&self, _pod: &str) -> Option<f64> {
        None
    }

    /// The pod's latest metrics-server sample.
    pub fn pod_metrics(&self, _pod: &str) -> Option<PodMetrics> {
        None
    }

    /// Requests per second and latency percentiles through a Service.
    pub fn service_stats(&self, _service: &str) -> Option<ServiceStats> {
        None
    }
}
