//! Helpers shared by the integration tests.

use kubeplay::cmd::{self, NoFiles};
use kubeplay::engine::time::{SimDuration, SimTime};
use kubeplay::engine::Cluster;

/// Runs one command; panics with the output if it failed.
pub fn sh(cluster: &mut Cluster, line: &str) -> String {
    let out = cmd::run(cluster, &NoFiles, line);
    assert!(out.ok, "`{line}` failed:\n{}", out.text);
    out.text
}

pub fn apply(cluster: &mut Cluster, yaml: &str) {
    cluster.apply_yaml(yaml).unwrap_or_else(|e| panic!("apply failed: {e}"));
}

pub fn secs(s: u64) -> SimTime {
    SimTime::from_secs(s)
}

pub fn run_until(cluster: &mut Cluster, s: f64) {
    cluster.run_until(SimTime((s * 1000.0) as u64));
}

pub fn advance(cluster: &mut Cluster, s: u64) {
    cluster.run_for(SimDuration::from_secs(s));
}

/// Times (in seconds) at which events with `reason` about objects whose name starts with
/// `object` were recorded, in order.
pub fn event_times(cluster: &Cluster, reason: &str, object: &str) -> Vec<f64> {
    cluster
        .events()
        .stream()
        .iter()
        .filter(|e| e.reason == reason && e.object.name.starts_with(object))
        .map(|e| e.at.as_millis() as f64 / 1000.0)
        .collect()
}

pub fn assert_near(actual: f64, expected: f64, tolerance: f64, what: &str) {
    assert!((actual - expected).abs() <= tolerance, "{what}: expected {expected}s ± {tolerance}s, got {actual}s");
}

/// STATUS column of one pod.
pub fn status(cluster: &Cluster, pod: &str) -> String {
    kubeplay::print::pod_status(cluster.store().pod(pod).unwrap_or_else(|| panic!("no pod {pod}")))
}

pub fn restarts(cluster: &Cluster, pod: &str) -> i64 {
    cluster
        .store()
        .pod(pod)
        .and_then(|p| p.status.as_ref())
        .map(|s| s.container_statuses.iter().map(|c| c.restart_count).sum())
        .unwrap_or(0)
}

pub fn pods_with_prefix(cluster: &Cluster, prefix: &str) -> Vec<String> {
    cluster.store().pods().keys().filter(|n| n.starts_with(prefix)).cloned().collect()
}

pub const WEB3: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
";
