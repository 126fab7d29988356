//! PLACEHOLDER engine, removed once `main` has the real `engine::Cluster` and
//! `engine::snapshot`: just enough of that API (same names and shapes) for the UI to be built
//! and tested. Pods go Pending -> ContainerCreating -> Running on fixed timings.

use crate::engine::time::{SimDuration, SimTime};

/// Mirrors `kubeplay::engine::Cluster`: three nodes and the pods of applied Deployments.
pub struct Cluster {
    now: SimTime,
    pods: Vec<StubPod>,
}

struct StubPod {
    name: String,
    node: String,
    created: SimTime,
}

impl Cluster {
    pub fn new(_seed: u64) -> Cluster {
        Cluster { now: SimTime::ZERO, pods: Vec::new() }
    }

    /// Accepts a Deployment manifest and creates `spec.replicas` pods spread over the nodes.
    pub fn apply_yaml(&mut self, yaml_text: &str) -> Result<String, String> {
        let doc: serde_yaml::Value = serde_yaml::from_str(yaml_text).map_err(|e| format!("error: {e}"))?;
        let kind = doc.get("kind").and_then(|v| v.as_str()).unwrap_or_default();
        if kind != "Deployment" {
            return Err(format!("error: the placeholder engine only knows Deployments, not {kind:?}"));
        }
        let name = doc
            .get("metadata")
            .and_then(|m| m.get("name"))
            .and_then(|v| v.as_str())
            .ok_or("error: metadata.name is required")?
            .to_string();
        let replicas = doc.get("spec").and_then(|s| s.get("replicas")).and_then(|v| v.as_u64()).unwrap_or(1);
        const SUFFIXES: [&str; 6] = ["x7kq2", "b9mzt", "4fw8d", "p2lrn", "h6vcs", "t5gjk"];
        for idx in 0..replicas {
            let suffix = SUFFIXES[idx as usize % SUFFIXES.len()];
            self.pods.push(StubPod {
                name: format!("{name}-7c5ddbdf54-{suffix}"),
                node: format!("node-{}", idx % 3 + 1),
                created: self.now,
            });
        }
        Ok(format!("deployment.apps/{name} created"))
    }

    pub fn run_for(&mut self, duration: SimDuration) {
        self.now = self.now + duration;
    }

    pub fn snapshot(&self) -> snapshot::Snapshot {
        use snapshot::{NodeView, PodView};
        let pod_view = |pod: &StubPod| {
            let age = self.now.since(pod.created).as_millis();
            let (ready, status) = match age {
                0..=999 => ("0/1", "Pending"),
                1000..=3999 => ("0/1", "ContainerCreating"),
                _ => ("1/1", "Running"),
            };
            PodView {
                name: pod.name.clone(),
                ready: ready.to_string(),
                status: status.to_string(),
                restarts: 0,
                node: (age >= 1000).then(|| pod.node.clone()),
            }
        };
        let nodes = (1..=3)
            .map(|n| {
                let name = format!("node-{n}");
                let pods = self.pods.iter().filter(|p| p.node == name).map(pod_view).filter(|p| p.node.is_some()).collect();
                NodeView { name, status: "Ready".to_string(), pods }
            })
            .collect();
        let unscheduled = self.pods.iter().map(pod_view).filter(|p| p.node.is_none()).collect();
        snapshot::Snapshot { now: self.now, nodes, unscheduled }
    }
}

/// Mirrors `kubeplay::engine::snapshot`.
pub mod snapshot {
    use crate::engine::time::SimTime;

    #[derive(Clone, Debug, PartialEq)]
    pub struct Snapshot {
        pub now: SimTime,
        pub nodes: Vec<NodeView>,
        pub unscheduled: Vec<PodView>,
    }

    #[derive(Clone, Debug, PartialEq)]
    pub struct NodeView {
        pub name: String,
        pub status: String,
        pub pods: Vec<PodView>,
    }

    #[derive(Clone, Debug, PartialEq)]
    pub struct PodView {
        pub name: String,
        pub ready: String,
        pub status: String,
        pub restarts: i64,
        pub node: Option<String>,
    }
}
