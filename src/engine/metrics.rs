//! TEMPORARY STUB of the metrics-server API for the `hpa` branch, so the HPA controller can
//! be built and tested before the traffic branch lands; its real `metrics.rs` replaces this
//! file at merge time (same `PodMetrics` struct, same `Cluster::pod_metrics` signature).
//!
//! The stub reads a pod's CPU usage from the annotation `kubeplay.dev/test-cpu-usage: "250m"`
//! (1m when absent) and, like metrics-server after its second scrape, reports it only once
//! every container has been running for 30 s. Samples sit on the 15 s scrape grid.

use crate::engine::time::{SimDuration, SimTime};
use crate::engine::Cluster;

/// The annotation the stub reads a pod's CPU usage from.
pub const TEST_CPU_USAGE: &str = "kubeplay.dev/test-cpu-usage";

/// metrics-server `--metric-resolution` of the official manifest.
pub const METRIC_RESOLUTION: SimDuration = SimDuration::from_secs(15);

/// One pod's sample from the resource metrics API (`metrics.k8s.io` PodMetrics, summed over
/// containers).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodMetrics {
    /// CPU usage [millicores], the rate between the last two scrapes.
    pub cpu_millis: i64,
    /// Working set at the last scrape [bytes].
    pub memory_bytes: i64,
    /// When the sample was taken (the last scrape).
    pub timestamp: SimTime,
    /// The span the CPU rate covers.
    pub window: SimDuration,
}

impl Cluster {
    /// The metrics API's current sample for a pod; None until metrics-server has scraped it
    /// twice while running.
    pub fn pod_metrics(&self, pod: &str) -> Option<PodMetrics> {
        let pod = self.store.pod(pod)?;
        let status = pod.status.as_ref()?;
        if status.container_statuses.is_empty() {
            return None;
        }
        let mut started = SimTime::ZERO;
        for container in &status.container_statuses {
            started = started.max(container.state.running.as_ref()?.started_at);
        }
        let now = self.now();
        if now < started + METRIC_RESOLUTION + METRIC_RESOLUTION {
            return None;
        }
        let cpu_millis = pod.metadata.annotations.get(TEST_CPU_USAGE).and_then(|q| crate::api::Quantity(q.clone()).millis()).unwrap_or(1);
        let grid = METRIC_RESOLUTION.as_millis();
        Some(PodMetrics {
            cpu_millis,
            memory_bytes: 16 * 1024 * 1024,
            timestamp: SimTime(now.as_millis() / grid * grid),
            window: METRIC_RESOLUTION,
        })
    }
}
