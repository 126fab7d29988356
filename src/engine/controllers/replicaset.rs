//! The ReplicaSet controller: keeps `spec.replicas` active pods, creating from the template and
//! deleting by upstream's ranking, and writes status. Models
//! pkg/controller/replicaset/replica_set.go syncReplicaSet and controller_utils.go
//! ActivePodsWithRanks (v1.35); expectations are unnecessary because writes are instant.

use crate::api::*;
use crate::engine::time::{SimDuration, SimTime};
use crate::engine::{Cluster, Ev, Resync};
use crate::sort::SmallSort;

/// kube-controller-manager's burst limit per sync.
const BURST_REPLICAS: i64 = 500;

impl Cluster {
    pub(crate) fn sync_replica_set(&mut self, name: &str) {
        let now = self.now();
        let Some(rs) = self.store.replicasets.get(name) else { return };
        // Pods relabelled out of the selector are released (ClaimPods): they keep running
        // as orphans and the ReplicaSet replaces them.
        let released: Vec<String> = self
            .store
            .owned_pods(name)
            .filter(|p| !rs.spec.selector.matches(&p.metadata.labels))
            .map(|p| p.metadata.name.clone())
            .collect();
        for pod_name in released {
            self.forget_spread(&pod_name);
            if let Some(mut pod) = self.store.pod(&pod_name).cloned() {
                pod.metadata.owner_references.retain(|o| o.controller != Some(true));
                self.store.insert_pod(pod);
            }
            self.dirty.services = true;
        }
        let Some(rs) = self.store.replicasets.get(name) else { return };
        let wanted = rs.spec.replicas.unwrap_or(1);
        let min_ready_seconds = rs.spec.min_ready_seconds;
        let generation = rs.metadata.generation;
        let active: Vec<&Pod> = self.store.owned_pods(name).filter(|p| p.is_active()).collect();
        let diff = active.len() as i64 - wanted;
        if diff < 0 {
            // Only creation needs the template.
            let Some(rs) = self.store.replicasets.get(name).map(|o| (**o).clone()) else { return };
            let pod_size = self.template_size(&rs);
            for _ in 0..(-diff).min(BURST_REPLICAS) {
                // The quota refuses the create; the controller stops this sync and retries
                // (upstream's slowStartBatch stops at the first error).
                use crate::engine::quota::Counted;
                let admitted =
                    self.quota_check(Counted::Pods, 1).and_then(|()| self.quota_check(Counted::PodBytes, pod_size));
                if let Err(exceeded) = admitted {
                    let prefix: String = format!("{name}-").chars().take(58).collect();
                    let message = format!("Error creating: pods \"{prefix}\" is forbidden: {}", exceeded.detail());
                    self.quota_refused(Resync::ReplicaSet(name.to_string()), message);
                    break;
                }
                let pod_name = self.create_pod_from_rs(&rs, pod_size);
                self.record(
                    "Normal",
                    "SuccessfulCreate",
                    "ReplicaSet",
                    name,
                    format!("Created pod: {pod_name}"),
                    "replicaset-controller",
                );
            }
        } else if diff > 0 {
            let mut ranked: Vec<&Pod> = active.clone();
            let related = |pod: &Pod| -> usize {
                pod.node_name().map(|n| active.iter().filter(|p| p.node_name() == Some(n)).count()).unwrap_or(0)
            };
            ranked.sort_small_by_key(|a| deletion_rank(a, related(a), now));
            let victims: Vec<String> =
                ranked.into_iter().take(diff.min(BURST_REPLICAS) as usize).map(|p| p.metadata.name.clone()).collect();
            for pod_name in victims {
                let _ = self.delete_pod(&pod_name, None, false);
                self.record(
                    "Normal",
                    "SuccessfulDelete",
                    "ReplicaSet",
                    name,
                    format!("Deleted pod: {pod_name}"),
                    "replicaset-controller",
                );
            }
        }
        // Status from the pods as they are now.
        let Some(rs) = self.store.replicasets.get(name) else { return };
        let active: Vec<&Pod> = self.store.owned_pods(name).filter(|p| p.is_active()).collect();
        let min_ready = SimDuration::from_secs(min_ready_seconds.unwrap_or(0).max(0) as u64);
        let ready = active.iter().filter(|p| p.is_ready()).count() as i64;
        let mut available = 0;
        let mut next_check: Option<SimTime> = None;
        for pod in active.iter().filter(|p| p.is_ready()) {
            let since = pod.condition("Ready").and_then(|c| c.last_transition_time).unwrap_or(now);
            if min_ready == SimDuration::ZERO || since + min_ready <= now {
                available += 1;
            } else {
                let at = since + min_ready;
                next_check = Some(next_check.map_or(at, |t: SimTime| t.min(at)));
            }
        }
        let labeled = active
            .iter()
            .filter(|p| rs.spec.template.metadata.labels.iter().all(|(k, v)| p.metadata.labels.get(k) == Some(v)))
            .count() as i64;
        let n_active = active.len() as i64;
        let status = ReplicaSetStatus {
            replicas: n_active,
            fully_labeled_replicas: labeled,
            ready_replicas: ready,
            available_replicas: available,
            observed_generation: generation,
        };
        let changed = rs.status.as_ref() != Some(&status);
        if let Some(at) = next_check {
            self.schedule(at, Ev::Resync { what: Resync::ReplicaSet(name.to_string()) });
        }
        if changed {
            if let Some(rs) = self.store.replicasets.get_mut(name) {
                rs.status = Some(status);
            }
            self.rs_changed_status(name);
        }
    }

    /// Status changes wake the owning Deployment (not the ReplicaSet itself).
    fn rs_changed_status(&mut self, name: &str) {
        if let Some(owner) = self
            .store
            .replicasets
            .get(name)
            .and_then(|rs| rs.metadata.owner_references.iter().find(|o| o.kind == "Deployment"))
        {
            let d = owner.name.clone();
            self.dirty.deployments.insert(d);
        }
    }

    /// A pod from `rs`'s template is about this big as JSON (its name, owner and status add a
    /// little): measured once per template (ReplicaSet uid and generation).
    fn template_size(&mut self, rs: &ReplicaSet) -> usize {
        let key = (rs.metadata.uid.clone(), rs.metadata.generation);
        match self.template_sizes.get(&rs.metadata.name).map(|b| &**b) {
            Some((k, size)) if *k == key => *size,
            _ => {
                let size = crate::engine::store::json_size(&rs.spec.template) + 512;
                self.template_sizes.insert(rs.metadata.name.clone(), Box::new((key, size)));
                size
            }
        }
    }

    fn create_pod_from_rs(&mut self, rs: &ReplicaSet, size: usize) -> String {
        let base: String = format!("{}-", rs.metadata.name).chars().take(58).collect();
        let mut name;
        loop {
            name = format!("{base}{}", self.rng.name_suffix(5));
            if self.store.pod(&name).is_none() {
                break;
            }
        }
        let template = &rs.spec.template;
        let pod = Pod {
            metadata: ObjectMeta {
                name: name.clone(),
                generate_name: Some(base),
                labels: template.metadata.labels.clone(),
                annotations: template.metadata.annotations.clone(),
                owner_references: vec![OwnerReference {
                    api_version: "apps/v1".into(),
                    kind: "ReplicaSet".into(),
                    name: rs.metadata.name.clone(),
                    uid: rs.metadata.uid.clone(),
                    controller: Some(true),
                    block_owner_deletion: Some(true),
                }],
                ..Default::default()
            },
            spec: template.spec.clone(),
            ..Default::default()
        };
        self.create_pod_object(pod, Some(size));
        name
    }
}

/// Sort key for scale-down: the pod that sorts first is deleted first (ActivePodsWithRanks).
fn deletion_rank(pod: &Pod, related_on_node: usize, now: SimTime) -> impl Ord {
    let assigned = pod.node_name().is_some();
    let phase_rank = match pod.phase() {
        "Pending" => 0,
        "Unknown" => 1,
        _ => 2,
    };
    let ready = pod.is_ready();
    let ready_for = pod
        .condition("Ready")
        .filter(|c| c.status == "True")
        .and_then(|c| c.last_transition_time)
        .map(|t| log2_bucket(now.since(t).whole_secs()))
        .unwrap_or(0);
    let restarts: i64 =
        pod.status.as_ref().map(|s| s.container_statuses.iter().map(|c| c.restart_count).sum()).unwrap_or(0);
    let created = pod.metadata.creation_timestamp.map(|t| log2_bucket(now.since(t).whole_secs())).unwrap_or(0);
    let cost: i64 = pod
        .metadata
        .annotations
        .get("controller.kubernetes.io/pod-deletion-cost")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    (
        assigned,
        phase_rank,
        ready,
        cost,
        std::cmp::Reverse(related_on_node),
        ready_for,
        std::cmp::Reverse(restarts),
        created,
        pod.metadata.uid.clone(),
    )
}

/// LogarithmicScaleDown: ages compared in powers of two.
fn log2_bucket(secs: u64) -> u32 {
    64 - secs.leading_zeros()
}
