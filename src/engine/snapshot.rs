//! `Snapshot`: the view model the UI renders — plain data, cheap to compare, shaped for the
//! screen. The engine produces it; components only read it.

use crate::engine::time::SimTime;
use crate::engine::Cluster;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    pub now: SimTime,
    pub nodes: Vec<NodeView>,
    /// Pods not bound to any node (Pending).
    pub unscheduled: Vec<PodView>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeView {
    pub name: String,
    /// kubectl STATUS column: `Ready`, `NotReady`, `Ready,SchedulingDisabled`.
    pub status: String,
    pub powered: bool,
    pub connected: bool,
    pub pods: Vec<PodView>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodView {
    pub name: String,
    /// READY column, e.g. `1/1`.
    pub ready: String,
    /// STATUS column, e.g. `Running`, `CrashLoopBackOff`, `Terminating`.
    pub status: String,
    pub restarts: i64,
    pub node: Option<String>,
}

impl Cluster {
    pub fn snapshot(&self) -> Snapshot {
        let pod_view = |pod: &crate::api::Pod| PodView {
            name: pod.metadata.name.clone(),
            ready: crate::engine::snapshot::ready_column(pod),
            status: crate::engine::snapshot::status_column(pod),
            restarts: pod
                .status
                .as_ref()
                .map(|s| s.container_statuses.iter().map(|c| c.restart_count).sum())
                .unwrap_or(0),
            node: pod.spec.node_name.clone(),
        };
        let nodes = self
            .store
            .nodes
            .values()
            .map(|node| {
                let name = node.metadata.name.clone();
                let mut status = if node.is_ready() { "Ready".to_string() } else { "NotReady".to_string() };
                if node.spec.unschedulable == Some(true) {
                    status.push_str(",SchedulingDisabled");
                }
                let pods =
                    self.store.pods_on_node(&name).iter().filter_map(|p| self.store.pod(p)).map(pod_view).collect();
                NodeView {
                    powered: self.node_powered(&name),
                    connected: self.node_connected(&name),
                    name,
                    status,
                    pods,
                }
            })
            .collect();
        let unscheduled = self.store.pods().values().filter(|p| p.spec.node_name.is_none()).map(pod_view).collect();
        Snapshot { now: self.now(), nodes, unscheduled }
    }
}

/// READY column: ready and running containers over all containers (reference §2.4).
pub fn ready_column(pod: &crate::api::Pod) -> String {
    let total = pod.spec.containers.len();
    let ready = pod
        .status
        .as_ref()
        .map(|s| s.container_statuses.iter().filter(|c| c.ready && c.state.running.is_some()).count())
        .unwrap_or(0);
    format!("{ready}/{total}")
}

/// STATUS column (printPod, reference §2.3), without init containers.
pub fn status_column(pod: &crate::api::Pod) -> String {
    let Some(status) = &pod.status else { return "Pending".into() };
    let mut reason = status.reason.clone().unwrap_or_else(|| status.phase.clone());
    let mut has_running = false;
    for c in status.container_statuses.iter().rev() {
        if let Some(w) = c.state.waiting.as_ref().filter(|w| !w.reason.is_empty()) {
            reason = w.reason.clone();
        } else if let Some(t) = &c.state.terminated {
            reason = if t.reason.is_empty() { format!("ExitCode:{}", t.exit_code) } else { t.reason.clone() };
        } else if c.ready && c.state.running.is_some() {
            has_running = true;
        }
    }
    if reason == "Completed" && has_running {
        reason = if pod.is_ready() { "Running".into() } else { "NotReady".into() };
    }
    if pod.is_terminating() && status.phase != "Succeeded" && status.phase != "Failed" {
        reason = "Terminating".into();
    }
    reason
}
