//! metrics-server: every 15 s it scrapes each reachable kubelet's cumulative CPU counters and
//! working sets, and serves the metrics.k8s.io view that `kubectl top` and the HPA read: CPU
//! as the rate between the last two scrapes, memory as the working set at the last one.
//!
//! Models metrics-server pkg/storage (pod.go, node.go) with `--metric-resolution=15s` as in
//! the official components.yaml; the minimum container age check is left out. Each
//! container keeps its last two samples (`AppState::scrapes`), so a scrape walks the runtimes
//! without looking pods up by name, and a pod's metrics are computed when asked for.

use crate::engine::apps;
use crate::engine::fxhash::FxHashMap;
use crate::engine::kubelet::{CState, ContainerRuntime};
use crate::engine::time::{SimDuration, SimTime};
use crate::engine::{Cluster, Ev};
use std::collections::BTreeMap;

/// `--metric-resolution` of the official manifest.
pub const RESOLUTION: SimDuration = SimDuration::from_secs(15);
/// The first scrape: off the 0/5/15 s grids of the node monitor and the HPA, so their order
/// never depends on queue ties.
pub const FIRST_SCRAPE: SimDuration = SimDuration::from_secs(7);
/// CPU the node's own daemons use (kubelet, containerd, kube-proxy, the OS) [millicores].
pub const NODE_SYSTEM_CPU_MILLIS: f64 = 60.0;
/// Memory they use [bytes].
pub const NODE_SYSTEM_MEMORY_BYTES: i64 = 600 * 1024 * 1024;

/// metrics.k8s.io PodMetrics, summed over the pod's containers.
#[derive(Clone, Debug, PartialEq)]
pub struct PodMetrics {
    pub cpu_millis: i64,
    pub memory_bytes: i64,
    /// When the later of the two samples was taken.
    pub timestamp: SimTime,
    /// Time between the two samples the CPU rate comes from.
    pub window: SimDuration,
}

/// metrics.k8s.io NodeMetrics.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeMetrics {
    pub cpu_millis: i64,
    pub memory_bytes: i64,
    pub timestamp: SimTime,
    pub window: SimDuration,
}

/// One container's part of a PodMetrics (`kubectl top pod --containers`).
#[derive(Clone, Debug, PartialEq)]
pub struct ContainerMetrics {
    pub name: String,
    pub cpu_millis: i64,
    pub memory_bytes: i64,
}

/// What metrics-server holds besides the containers' samples: scrape times and nodes.
#[derive(Clone, Debug, Default)]
pub struct MetricsServer {
    /// Scrapes so far; the number of the latest.
    scrapes: u64,
    /// Times of the previous and the latest scrape.
    times: [SimTime; 2],
    nodes: BTreeMap<String, Box<NodeSample>>,
}

#[derive(Clone, Debug, Default)]
struct NodeSample {
    at: SimTime,
    metrics: Option<NodeMetrics>,
}

/// A CPU rate [millicores] as clients read it: metrics-server serves whole nanocores and
/// `Quantity.MilliValue()` rounds up, so 50.000001m reads as 51m while exactly 50m stays 50m.
pub fn milli_value(millicores: f64) -> i64 {
    let nanocores = (millicores.max(0.0) * 1e6).round() as i64;
    (nanocores + 999_999) / 1_000_000
}

/// CPU used between a container's last two scrapes [millicore-seconds] and its working set,
/// if the latest scrape saw it and the one before too.
fn container_window(c: &ContainerRuntime, latest: u64) -> Option<(f64, i64)> {
    match c.app.scrapes {
        [Some((before_no, before)), Some((last_no, last))] if last_no == latest && before_no + 1 == last_no => {
            Some(((last - before).max(0.0), c.app.scraped_memory))
        }
        _ => None,
    }
}

impl Cluster {
    /// metrics.k8s.io view of a pod as metrics-server serves it: None until two scrapes of all
    /// its containers.
    pub fn pod_metrics(&self, pod: &str) -> Option<PodMetrics> {
        let server = &self.metrics_server;
        let window = server.times[1].since(server.times[0]);
        let rt = self.runtimes.get(pod)?;
        if rt.containers.is_empty() || window.as_millis() == 0 {
            return None;
        }
        let (mut cpu, mut memory) = (0.0, 0i64);
        for c in &rt.containers {
            let (used, working_set) = container_window(c, server.scrapes)?;
            cpu += used;
            memory += working_set;
        }
        Some(PodMetrics {
            cpu_millis: milli_value(cpu / window.as_secs_f64()),
            memory_bytes: memory,
            timestamp: server.times[1],
            window,
        })
    }

    /// metrics.k8s.io view of a node: None until two scrapes of its kubelet in a row.
    pub fn node_metrics(&self, node: &str) -> Option<NodeMetrics> {
        self.metrics_server.nodes.get(node)?.metrics.clone()
    }

    /// Per-container figures of a pod that has metrics, in spec order.
    pub fn pod_container_metrics(&self, pod: &str) -> Option<Vec<ContainerMetrics>> {
        self.pod_metrics(pod)?;
        let server = &self.metrics_server;
        let window_s = server.times[1].since(server.times[0]).as_secs_f64();
        let rt = self.runtimes.get(pod)?;
        rt.containers
            .iter()
            .map(|c| {
                let (used, working_set) = container_window(c, server.scrapes)?;
                Some(ContainerMetrics {
                    name: c.spec.name.clone(),
                    cpu_millis: milli_value(used / window_s),
                    memory_bytes: working_set,
                })
            })
            .collect()
    }

    /// Whether metrics-server is installed (the metrics.k8s.io API exists).
    pub fn metrics_api_available(&self) -> bool {
        self.config.metrics_server
    }

    /// Installs metrics-server (`kubectl apply -f` of its manifest): it scrapes from now on.
    /// Returns false if it was already there.
    pub fn install_metrics_server(&mut self) -> bool {
        if self.config.metrics_server {
            return false;
        }
        self.config.metrics_server = true;
        let at = self.now() + FIRST_SCRAPE;
        self.schedule(at, Ev::MetricsScrape);
        true
    }

    /// Whether metrics-server has served anything yet (`kubectl top` fails before).
    pub fn metrics_available(&self) -> bool {
        self.metrics_server.nodes.values().any(|n| n.metrics.is_some())
    }

    /// Nodes metrics-server holds samples of (for memory checks; pods keep theirs in their
    /// containers).
    pub fn metrics_footprint(&self) -> usize {
        self.metrics_server.nodes.len()
    }

    /// One scrape of every reachable kubelet.
    pub(crate) fn metrics_scrape(&mut self) {
        let now = self.now();
        self.schedule_in(RESOLUTION, Ev::MetricsScrape);
        self.flush_traffic_cpu();
        let server = &mut self.metrics_server;
        server.scrapes += 1;
        let scrape = server.scrapes;
        server.times = [server.times[1], now];
        let slots = self.agents.values().map(|a| a.index).max().unwrap_or(0) + 1;
        let mut reachable = vec![false; slots];
        let mut node_index: FxHashMap<&str, usize> = FxHashMap::default();
        for (name, agent) in &self.agents {
            reachable[agent.index] = agent.reachable();
            node_index.insert(name.as_str(), agent.index);
        }
        // Per node: CPU used since its last scrape [micro-millicore-seconds, integers so that
        // the sum does not depend on the runtimes' hash order] and working sets [bytes].
        let mut node_cpu = vec![0i64; slots];
        let mut node_memory = vec![0i64; slots];
        for rt in self.runtimes.values_mut() {
            let Some(&idx) = node_index.get(rt.node.as_str()) else {
                continue;
            };
            if !reachable[idx] {
                continue;
            }
            for c in rt.containers.iter_mut() {
                if !matches!(c.state, CState::Running { .. }) {
                    continue;
                }
                let total = c.app.cpu_total(now);
                let working_set = apps::memory_bytes(&c.profile, &c.app, now).min(i64::MAX as u64) as i64;
                // A container new since the last scrape ran all its CPU inside the window.
                let used = match c.app.scrapes[1] {
                    Some((no, before)) if no + 1 == scrape => total - before,
                    _ => total,
                };
                node_cpu[idx] += (used.max(0.0) * 1000.0).round() as i64;
                node_memory[idx] += working_set;
                c.app.scrapes = [c.app.scrapes[1], Some((scrape, total))];
                c.app.scraped_memory = working_set;
            }
        }
        for (name, agent) in &self.agents {
            if !agent.reachable() {
                server.nodes.remove(name);
                continue;
            }
            let idx = agent.index;
            let Some(node) = server.nodes.get_mut(name) else {
                server.nodes.insert(name.clone(), Box::new(NodeSample { at: now, metrics: None }));
                continue;
            };
            let window = now.since(node.at);
            if window.as_millis() > 0 {
                let cpu = NODE_SYSTEM_CPU_MILLIS + node_cpu[idx] as f64 / 1000.0 / window.as_secs_f64();
                let memory = NODE_SYSTEM_MEMORY_BYTES + node_memory[idx];
                node.metrics =
                    Some(NodeMetrics { cpu_millis: milli_value(cpu), memory_bytes: memory, timestamp: now, window });
            }
            node.at = now;
        }
    }
}

#[cfg(test)]
mod milli_tests {
    use super::milli_value;

    /// `Quantity.MilliValue()` rounds up; a usage exactly on a millicore stays there.
    #[test]
    fn usage_rounds_up_to_millicores() {
        assert_eq!(milli_value(50.0), 50);
        assert_eq!(milli_value(50.000_001), 51);
        assert_eq!(milli_value(49.2), 50);
        assert_eq!(milli_value(0.0), 0);
        assert_eq!(milli_value(0.000_000_1), 0, "below a nanocore");
        assert_eq!(milli_value(100.0 / 3.0 * 3.0), 100, "float noise is not a nanocore");
        assert_eq!(milli_value(-1.0), 0);
    }
}
