//! `Snapshot`: the view model the UI renders — plain data, cheap to compare, shaped for the
//! screen. Built above `print`, so the STATUS and READY columns are kubectl's own
//! (`print::get::pod_status`, `pod_ready`, `node_status`); components only read it.

use crate::engine::time::SimTime;
use crate::engine::Cluster;
use crate::print::get::{node_status, pod_ready, pod_status};

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

impl Snapshot {
    /// The view of `cluster` at its current time.
    pub fn of(cluster: &Cluster) -> Snapshot {
        let pod_view = |pod: &crate::api::Pod| PodView {
            name: pod.metadata.name.clone(),
            ready: pod_ready(pod),
            status: pod_status(pod),
            restarts: pod
                .status
                .as_ref()
                .map(|s| s.container_statuses.iter().map(|c| c.restart_count).sum())
                .unwrap_or(0),
            node: pod.spec.node_name.clone(),
        };
        let store = &cluster.store;
        let nodes = store
            .nodes
            .values()
            .map(|node| {
                let name = node.metadata.name.clone();
                let pods = store.pods_on_node(&name).iter().filter_map(|p| store.pod(p)).map(pod_view).collect();
                NodeView {
                    powered: cluster.node_powered(&name),
                    connected: cluster.node_connected(&name),
                    status: node_status(node),
                    name,
                    pods,
                }
            })
            .collect();
        let unscheduled = store.pods().values().filter(|p| p.spec.node_name.is_none()).map(|p| pod_view(p)).collect();
        Snapshot { now: cluster.now(), nodes, unscheduled }
    }
}

#[cfg(test)]
mod tests {
    use crate::session::Session;

    #[test]
    fn columns_are_kubectls() {
        let mut session = Session::new(crate::engine::ClusterConfig::with_nodes(1, 2));
        session.run("kubectl cordon node-2");
        assert!(session.run("kubectl create deployment web --image=nginx --replicas=2").ok);
        session.advance_by(crate::engine::time::SimDuration::from_secs(30));
        let snapshot = session.snapshot();
        let statuses: Vec<&str> = snapshot.nodes.iter().map(|n| n.status.as_str()).collect();
        assert_eq!(statuses, ["Ready", "Ready,SchedulingDisabled"]);
        let pods: Vec<(&str, &str)> =
            snapshot.nodes[0].pods.iter().map(|p| (p.ready.as_str(), p.status.as_str())).collect();
        assert_eq!(pods, [("1/1", "Running"), ("1/1", "Running")]);
        assert!(snapshot.unscheduled.is_empty());
    }
}
