//! metrics-server: every 15 s it scrapes each reachable kubelet's cumulative CPU counters and
//! working sets, and serves the metrics.k8s.io view that `kubectl top` and the HPA read: CPU
//! as the rate between the last two scrapes, memory as the working set at the last one.
//!
//! Models metrics-server pkg/storage (pod.go, node.go) with `--metric-resolution=15s` as in
//! the official components.yaml; the minimum container age check is left out.

use crate::engine::apps;
use crate::engine::kubelet::CState;
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

/// What metrics-server holds: the last sample of every pod and node it could scrape.
#[derive(Clone, Debug, Default)]
pub struct MetricsServer {
    pods: BTreeMap<String, PodSample>,
    nodes: BTreeMap<String, NodeSample>,
    scrapes: u64,
}

#[derive(Clone, Debug, Default)]
struct PodSample {
    /// Runtime instance the sample belongs to.
    inst: u64,
    at: SimTime,
    /// Per container: generation (None: not running) and cumulative CPU [millicore-seconds].
    counters: Vec<(Option<u64>, f64)>,
    /// Per container: CPU [millicores] and working set [bytes] of the last window.
    usage: Vec<(i64, i64)>,
    metrics: Option<PodMetrics>,
    scrape: u64,
}

#[derive(Clone, Debug, Default)]
struct NodeSample {
    at: SimTime,
    metrics: Option<NodeMetrics>,
}

impl Cluster {
    /// metrics.k8s.io view of a pod as metrics-server serves it: None until two scrapes of all
    /// its containers.
    pub fn pod_metrics(&self, pod: &str) -> Option<PodMetrics> {
        self.metrics_server.pods.get(pod)?.metrics.clone()
    }

    /// metrics.k8s.io view of a node: None until two scrapes of its kubelet in a row.
    pub fn node_metrics(&self, node: &str) -> Option<NodeMetrics> {
        self.metrics_server.nodes.get(node)?.metrics.clone()
    }

    /// Per-container figures of a pod that has metrics, in spec order.
    pub fn pod_container_metrics(&self, pod: &str) -> Option<Vec<ContainerMetrics>> {
        let sample = self.metrics_server.pods.get(pod)?;
        sample.metrics.as_ref()?;
        let spec = self.store.pod(pod)?;
        Some(
            spec.spec
                .containers
                .iter()
                .zip(&sample.usage)
                .map(|(c, (cpu, memory))| ContainerMetrics { name: c.name.clone(), cpu_millis: *cpu, memory_bytes: *memory })
                .collect(),
        )
    }

    /// Whether metrics-server has served anything yet (`kubectl top` fails before).
    pub fn metrics_available(&self) -> bool {
        self.metrics_server.nodes.values().any(|n| n.metrics.is_some())
            || self.metrics_server.pods.values().any(|p| p.metrics.is_some())
    }

    /// Pods and nodes metrics-server holds samples of (for memory checks).
    pub fn metrics_footprint(&self) -> usize {
        self.metrics_server.pods.len() + self.metrics_server.nodes.len()
    }

    /// One scrape of every reachable kubelet.
    pub(crate) fn metrics_scrape(&mut self) {
        let now = self.now();
        self.schedule_in(RESOLUTION, Ev::MetricsScrape);
        self.flush_traffic_cpu();
        let mut server = std::mem::take(&mut self.metrics_server);
        server.scrapes += 1;
        let scrape = server.scrapes;
        // Per node index: CPU used in the window [millicore-seconds] and working sets [bytes].
        let mut node_cpu = vec![0.0f64; self.agents.len() + 2];
        let mut node_memory = vec![0i64; self.agents.len() + 2];
        // In pod name order (the runtimes are a hash map, never iterated).
        for (name, pod) in self.store.pods() {
            let Some(rt) = self.runtimes.get(name).filter(|rt| rt.uid == pod.metadata.uid) else { continue };
            let Some(agent) = self.agents.get(&rt.node).filter(|a| a.reachable()) else { continue };
            let node_idx = agent.index.min(node_cpu.len() - 1);
            let sample = match server.pods.get_mut(name) {
                Some(sample) => sample,
                None => server.pods.entry(name.clone()).or_default(),
            };
            let previous = if sample.inst == rt.inst && sample.scrape + 1 == scrape { Some(sample.at) } else { None };
            if previous.is_none() {
                sample.counters.clear();
            }
            sample.counters.resize(rt.containers.len(), (None, 0.0));
            sample.usage.clear();
            let window = previous.map(|at| now.since(at));
            let window_s = window.map(|w| w.as_secs_f64()).unwrap_or(0.0);
            let mut complete = window_s > 0.0;
            let (mut cpu, mut memory) = (0.0, 0i64);
            for (c, counter) in rt.containers.iter().zip(sample.counters.iter_mut()) {
                if !matches!(c.state, CState::Running { .. }) {
                    *counter = (None, 0.0);
                    complete = false;
                    sample.usage.push((0, 0));
                    continue;
                }
                let total = c.app.cpu_total(now);
                let working_set = apps::memory_bytes(&c.profile, &c.app, now).min(i64::MAX as u64) as i64;
                let used = match *counter {
                    (Some(cgen), before) if cgen == c.cgen => Some(total - before),
                    _ => None,
                };
                // A container new since the last scrape ran all its CPU inside the window.
                node_cpu[node_idx] += used.unwrap_or(total).max(0.0);
                node_memory[node_idx] += working_set;
                memory += working_set;
                match used {
                    Some(used) if window_s > 0.0 => {
                        let rate = used.max(0.0) / window_s;
                        cpu += rate;
                        sample.usage.push((rate.round() as i64, working_set));
                    }
                    _ => {
                        complete = false;
                        sample.usage.push((0, working_set));
                    }
                }
                *counter = (Some(c.cgen), total);
            }
            sample.metrics = match window {
                Some(window) if complete => {
                    Some(PodMetrics { cpu_millis: cpu.round() as i64, memory_bytes: memory, timestamp: now, window })
                }
                _ => None,
            };
            sample.inst = rt.inst;
            sample.at = now;
            sample.scrape = scrape;
        }
        // Pods not in this scrape (gone, or on an unreachable node) have no metrics.
        server.pods.retain(|_, sample| sample.scrape == scrape);
        for (name, agent) in &self.agents {
            if !agent.reachable() {
                server.nodes.remove(name);
                continue;
            }
            let idx = agent.index.min(node_cpu.len() - 1);
            let node = match server.nodes.get_mut(name) {
                Some(node) => node,
                None => {
                    server.nodes.insert(name.clone(), NodeSample { at: now, metrics: None });
                    continue;
                }
            };
            let window = now.since(node.at);
            if window.as_millis() > 0 {
                let cpu = NODE_SYSTEM_CPU_MILLIS + node_cpu[idx] / window.as_secs_f64();
                let memory = NODE_SYSTEM_MEMORY_BYTES + node_memory[idx];
                node.metrics = Some(NodeMetrics { cpu_millis: cpu.round() as i64, memory_bytes: memory, timestamp: now, window });
            }
            node.at = now;
        }
        self.metrics_server = server;
    }
}
