//! The Deployment controller: finds or creates the ReplicaSet for the current template, rolls
//! from old to new (RollingUpdate with maxSurge / maxUnavailable, or Recreate), keeps
//! revisions, and writes status and conditions. Models pkg/controller/deployment/{sync.go,
//! rolling.go, recreate.go, progress.go} (v1.35), without proportional scaling of several
//! ReplicaSets mid-rollout.

use crate::api::*;
use crate::engine::time::SimDuration;
use crate::engine::{Cluster, Ev, Resync};
use crate::sort::SmallSort;

pub const REVISION: &str = "deployment.kubernetes.io/revision";
pub const HASH_LABEL: &str = "pod-template-hash";

/// ResolveFenceposts: maxSurge rounds up, maxUnavailable down; both 0 -> unavailable 1.
pub fn resolve_fenceposts(strategy: Option<&DeploymentStrategy>, replicas: i64) -> (i64, i64) {
    let rolling = strategy.and_then(|s| s.rolling_update.as_ref());
    let pct25 = IntOrString::String("25%".into());
    let surge = rolling.and_then(|r| r.max_surge.as_ref()).unwrap_or(&pct25).scaled(replicas, true).unwrap_or(1).max(0);
    let unavailable =
        rolling.and_then(|r| r.max_unavailable.as_ref()).unwrap_or(&pct25).scaled(replicas, false).unwrap_or(0).max(0);
    if surge == 0 && unavailable == 0 {
        (0, 1)
    } else {
        (surge, unavailable)
    }
}

/// FNV-32a of the template, written in decimal and mapped through the name alphabet as
/// upstream's ComputeHash + SafeEncodeString do (the bytes hashed differ from Go's).
pub fn template_hash(template: &PodTemplateSpec, collision_count: u32) -> String {
    let mut t = template.clone();
    t.metadata.labels.remove(HASH_LABEL);
    let bytes = crate::manifest::emit::to_json_vec(&t).unwrap_or_default();
    let mut hash: u32 = 0x811c_9dc5;
    for b in bytes.iter().chain(collision_count.to_le_bytes().iter().filter(|_| collision_count > 0)) {
        hash ^= *b as u32;
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash.to_string()
        .bytes()
        .map(|b| crate::engine::rng::NAME_ALPHABET[b as usize % crate::engine::rng::NAME_ALPHABET.len()] as char)
        .collect()
}

fn owned_by(rs: &ReplicaSet, deployment: &str) -> bool {
    rs.metadata.owner_references.iter().any(|o| o.kind == "Deployment" && o.name == deployment)
}

fn revision_of(rs: &ReplicaSet) -> i64 {
    rs.metadata.annotations.get(REVISION).and_then(|r| r.parse().ok()).unwrap_or(0)
}

fn spec_replicas(rs: &ReplicaSet) -> i64 {
    rs.spec.replicas.unwrap_or(0)
}

fn status_of(rs: &ReplicaSet) -> ReplicaSetStatus {
    rs.status.clone().unwrap_or_default()
}

impl Cluster {
    /// ReplicaSets controlled by a Deployment, oldest revision first.
    pub fn replica_sets_of(&self, deployment: &str) -> Vec<ReplicaSet> {
        let mut rss: Vec<ReplicaSet> =
            self.store.replicasets.values().filter(|rs| owned_by(rs, deployment)).map(|rs| (**rs).clone()).collect();
        rss.sort_small_by_key(|rs| (revision_of(rs), rs.metadata.creation_timestamp, rs.metadata.name.clone()));
        rss
    }

    /// The current template's hash, cached per generation (every template change bumps it).
    fn deployment_hash(&mut self, d: &Deployment) -> String {
        let generation = d.metadata.generation;
        match self.hash_cache.get(&d.metadata.name).map(|b| &**b) {
            Some((g, hash)) if *g == generation => hash.clone(),
            _ => {
                let hash = template_hash(&d.spec.template, 0);
                self.hash_cache.insert(d.metadata.name.clone(), Box::new((generation, hash.clone())));
                hash
            }
        }
    }

    pub(crate) fn sync_deployment(&mut self, name: &str) {
        let now = self.now();
        let Some(d) = self.store.deployments.get(name).map(|o| (**o).clone()) else { return };
        let replicas = d.spec.replicas.unwrap_or(1);
        let hash = self.deployment_hash(&d);
        let rss = self.replica_sets_of(name);
        let max_revision = rss.iter().map(revision_of).max().unwrap_or(0);
        let recreate = d.spec.strategy.as_ref().and_then(|s| s.type_.as_deref()) == Some("Recreate");
        let (surge, max_unavailable) =
            if recreate { (0, 0) } else { resolve_fenceposts(d.spec.strategy.as_ref(), replicas) };
        let paused = d.spec.paused == Some(true);
        let mut new_rs = rss.iter().find(|rs| rs.metadata.labels.get(HASH_LABEL) == Some(&hash)).cloned();

        if new_rs.is_none() && !paused {
            let old_total: i64 = rss.iter().map(spec_replicas).sum();
            let initial = if recreate {
                0
            } else if old_total == 0 {
                replicas
            } else {
                (replicas + surge - old_total).clamp(0, replicas)
            };
            let rs_name = format!("{}-{}", d.metadata.name, hash);
            if let Err(exceeded) = self.quota_check(crate::engine::quota::Counted::Objects, 1) {
                let message = format!(
                    "Failed to create new replica set \"{rs_name}\": replicasets.apps \"{rs_name}\" is forbidden: {}",
                    exceeded.detail()
                );
                self.quota_refused(Resync::Deployment(name.to_string()), message);
                self.update_deployment_status(name, None, replicas, max_unavailable);
                return;
            }
            let rs_name = self.create_replica_set(&d, &hash, initial, max_revision + 1, surge);
            if initial > 0 {
                self.record(
                    "Normal",
                    "ScalingReplicaSet",
                    "Deployment",
                    name,
                    format!("Scaled up replica set {rs_name} from 0 to {initial}"),
                    "deployment-controller",
                );
            }
            self.set_progressing(
                name,
                "True",
                "NewReplicaSetCreated",
                format!("Created new replica set \"{rs_name}\""),
            );
            new_rs = self.store.replicasets.get(&rs_name).map(|o| (**o).clone());
        } else if let Some(rs) = &new_rs {
            // Rolling back to an old template makes that ReplicaSet the newest revision.
            if revision_of(rs) < max_revision {
                if let Some(r) = self.store.replicasets.get_mut(&rs.metadata.name) {
                    r.metadata.annotations.insert(REVISION.into(), (max_revision + 1).to_string());
                }
            }
        }
        let Some(new_rs) = new_rs else {
            self.update_deployment_status(name, None, replicas, max_unavailable);
            return;
        };
        let new_name = new_rs.metadata.name.clone();
        let revision = self.store.replicasets.get(&new_name).map(|rs| revision_of(rs)).unwrap_or(0).to_string();
        if let Some(d) = self.store.deployments.get_mut(name) {
            if d.metadata.annotations.get(REVISION) != Some(&revision) {
                d.metadata.annotations.insert(REVISION.into(), revision);
            }
        }
        let olds: Vec<ReplicaSet> =
            self.replica_sets_of(name).into_iter().filter(|rs| rs.metadata.name != new_name).collect();

        if !paused {
            if recreate {
                let mut scaled_old = false;
                for old in &olds {
                    if spec_replicas(old) > 0 {
                        self.scale_replica_set(name, &old.metadata.name, 0);
                        scaled_old = true;
                    }
                }
                let old_pods: usize = olds.iter().map(|rs| self.store.pods_owned_by_count(&rs.metadata.name)).sum();
                if !scaled_old && old_pods == 0 && spec_replicas(&new_rs) != replicas {
                    self.scale_replica_set(name, &new_name, replicas);
                }
            } else {
                self.rolling_update(name, &new_name, &olds, replicas, surge, max_unavailable);
            }
            self.cleanup_old_replica_sets(name, &d);
        }
        self.update_deployment_status(name, Some(&new_name), replicas, max_unavailable);
        let _ = now;
    }

    /// rolling.go: scale the new ReplicaSet up within maxSurge, old ones down within
    /// maxUnavailable.
    fn rolling_update(
        &mut self,
        deployment: &str,
        new_name: &str,
        olds: &[ReplicaSet],
        replicas: i64,
        surge: i64,
        max_unavailable: i64,
    ) {
        let Some(new_rs) = self.store.replicasets.get(new_name).map(|o| (**o).clone()) else { return };
        let new_spec = spec_replicas(&new_rs);
        let all_spec: i64 = olds.iter().map(spec_replicas).sum::<i64>() + new_spec;
        // 1. Scale up the new ReplicaSet (NewRSNewReplicas).
        if new_spec < replicas {
            let max_total = replicas + surge;
            if all_spec < max_total {
                let target = new_spec + (max_total - all_spec).min(replicas - new_spec);
                if target != new_spec {
                    self.scale_replica_set(deployment, new_name, target);
                }
            }
        } else if new_spec > replicas {
            self.scale_replica_set(deployment, new_name, replicas);
        }
        // 2. Scale down old ReplicaSets (reconcileOldReplicaSets).
        let new_rs = self.store.replicasets.get(new_name).map(|o| (**o).clone()).unwrap_or(new_rs);
        let olds: Vec<ReplicaSet> =
            olds.iter().filter_map(|o| self.store.replicasets.get(&o.metadata.name).map(|o| (**o).clone())).collect();
        let old_spec: i64 = olds.iter().map(spec_replicas).sum();
        if old_spec == 0 {
            return;
        }
        let all_spec = old_spec + spec_replicas(&new_rs);
        let min_available = replicas - max_unavailable;
        let new_unavailable = spec_replicas(&new_rs) - status_of(&new_rs).available_replicas;
        let mut max_scaled_down = all_spec - min_available - new_unavailable;
        if max_scaled_down <= 0 {
            return;
        }
        // cleanupUnhealthyReplicas: first the old pods that are not available anyway.
        for old in &olds {
            if max_scaled_down <= 0 {
                break;
            }
            let spec = spec_replicas(old);
            let unhealthy = spec - status_of(old).available_replicas;
            if spec == 0 || unhealthy <= 0 {
                continue;
            }
            let down = unhealthy.min(max_scaled_down);
            self.scale_replica_set(deployment, &old.metadata.name, spec - down);
            max_scaled_down -= down;
        }
        // scaleDownOldReplicaSetsForRollingUpdate: then by availability.
        let olds: Vec<ReplicaSet> =
            olds.iter().filter_map(|o| self.store.replicasets.get(&o.metadata.name).map(|o| (**o).clone())).collect();
        let all_available: i64 =
            olds.iter().map(|rs| status_of(rs).available_replicas).sum::<i64>() + status_of(&new_rs).available_replicas;
        let mut total_down = all_available - min_available;
        for old in &olds {
            if total_down <= 0 {
                break;
            }
            let spec = spec_replicas(old);
            if spec == 0 {
                continue;
            }
            let down = spec.min(total_down);
            self.scale_replica_set(deployment, &old.metadata.name, spec - down);
            total_down -= down;
        }
    }

    fn create_replica_set(&mut self, d: &Deployment, hash: &str, replicas: i64, revision: i64, surge: i64) -> String {
        let name = format!("{}-{}", d.metadata.name, hash);
        let mut template = d.spec.template.clone();
        template.metadata.labels.insert(HASH_LABEL.into(), hash.into());
        let mut selector = d.spec.selector.clone();
        selector.match_labels.insert(HASH_LABEL.into(), hash.into());
        let mut labels = template.metadata.labels.clone();
        labels.insert(HASH_LABEL.into(), hash.into());
        let d_replicas = d.spec.replicas.unwrap_or(1);
        let annotations = [
            (REVISION.to_string(), revision.to_string()),
            ("deployment.kubernetes.io/desired-replicas".to_string(), d_replicas.to_string()),
            ("deployment.kubernetes.io/max-replicas".to_string(), (d_replicas + surge).to_string()),
        ]
        .into();
        let uid = self.new_uid();
        let rs = ReplicaSet {
            api_version: "apps/v1".into(),
            kind: "ReplicaSet".into(),
            metadata: ObjectMeta {
                name: name.clone(),
                namespace: Some("default".into()),
                labels,
                annotations,
                uid,
                creation_timestamp: Some(self.now()),
                generation: 1,
                resource_version: self.store.next_resource_version(),
                owner_references: vec![OwnerReference {
                    api_version: "apps/v1".into(),
                    kind: "Deployment".into(),
                    name: d.metadata.name.clone(),
                    uid: d.metadata.uid.clone(),
                    controller: Some(true),
                    block_owner_deletion: Some(true),
                }],
                ..Default::default()
            },
            spec: ReplicaSetSpec {
                replicas: Some(replicas),
                selector,
                template,
                min_ready_seconds: d.spec.min_ready_seconds,
            },
            status: Some(ReplicaSetStatus::default()),
        };
        self.store.replicasets.insert(name.clone(), Box::new(rs));
        self.dirty.replicasets.insert(name.clone());
        name
    }

    fn scale_replica_set(&mut self, deployment: &str, rs_name: &str, to: i64) {
        let d_replicas = self.store.deployments.get(deployment).and_then(|d| d.spec.replicas).unwrap_or(1);
        let Some(rs) = self.store.replicasets.get_mut(rs_name) else { return };
        let from = rs.spec.replicas.unwrap_or(0);
        if from == to {
            return;
        }
        rs.spec.replicas = Some(to);
        rs.metadata.generation += 1;
        rs.metadata.annotations.insert("deployment.kubernetes.io/desired-replicas".into(), d_replicas.to_string());
        let direction = if to > from { "up" } else { "down" };
        self.record(
            "Normal",
            "ScalingReplicaSet",
            "Deployment",
            deployment,
            format!("Scaled {direction} replica set {rs_name} from {from} to {to}"),
            "deployment-controller",
        );
        self.dirty.replicasets.insert(rs_name.to_string());
    }

    fn cleanup_old_replica_sets(&mut self, deployment: &str, d: &Deployment) {
        let limit = d.spec.revision_history_limit.unwrap_or(10).max(0) as usize;
        // Cheap count first: this runs on every sync.
        if self.store.replicasets.values().filter(|rs| owned_by(rs, deployment)).count() <= limit + 1 {
            return;
        }
        let hash = self.deployment_hash(d);
        let olds: Vec<ReplicaSet> = self
            .replica_sets_of(deployment)
            .into_iter()
            .filter(|rs| rs.metadata.labels.get(HASH_LABEL) != Some(&hash))
            .collect();
        if olds.len() <= limit {
            return;
        }
        let mut excess = olds.len() - limit;
        for rs in olds {
            if excess == 0 {
                break;
            }
            let name = rs.metadata.name.clone();
            if spec_replicas(&rs) == 0 && self.store.pods_owned_by_count(&name) == 0 {
                self.store.replicasets.remove(&name);
                self.template_sizes.remove(&name);
                excess -= 1;
            }
        }
    }

    fn set_progressing(&mut self, name: &str, status: &str, reason: &str, message: String) {
        let now = self.now();
        let Some(d) = self.store.deployments.get_mut(name) else { return };
        let st = d.status.get_or_insert_with(Default::default);
        let existing = st.conditions.iter_mut().find(|c| c.type_ == "Progressing");
        match existing {
            Some(c) => {
                if c.status != status {
                    c.last_transition_time = Some(now);
                }
                if c.reason.as_deref() != Some(reason) || c.message.as_deref() != Some(message.as_str()) {
                    c.last_update_time = Some(now);
                }
                c.status = status.into();
                c.reason = Some(reason.into());
                c.message = Some(message);
            }
            None => st.conditions.push(Condition {
                type_: "Progressing".into(),
                status: status.into(),
                last_heartbeat_time: None,
                last_update_time: Some(now),
                last_transition_time: Some(now),
                reason: Some(reason.into()),
                message: Some(message),
            }),
        }
    }

    fn update_deployment_status(&mut self, name: &str, new_rs: Option<&str>, replicas: i64, max_unavailable: i64) {
        let now = self.now();
        let (mut total, mut ready, mut available) = (0, 0, 0);
        for rs in self.store.replicasets.values().filter(|rs| owned_by(rs, name)) {
            if let Some(st) = &rs.status {
                total += st.replicas;
                ready += st.ready_replicas;
                available += st.available_replicas;
            }
        }
        let new_status = new_rs.and_then(|n| self.store.replicasets.get(n)).map(|rs| status_of(rs)).unwrap_or_default();
        let updated = new_status.replicas;
        let complete =
            new_rs.is_some() && updated == replicas && new_status.available_replicas == replicas && total == replicas;
        let Some(d) = self.store.deployments.get(name).map(|o| (**o).clone()) else { return };
        let old_status = d.status.clone().unwrap_or_default();
        // Available condition.
        let (a_status, a_reason, a_msg) = if available >= replicas - max_unavailable {
            ("True", "MinimumReplicasAvailable", "Deployment has minimum availability.")
        } else {
            ("False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.")
        };
        let mut status = DeploymentStatus {
            observed_generation: d.metadata.generation,
            replicas: total,
            updated_replicas: updated,
            ready_replicas: ready,
            available_replicas: available,
            unavailable_replicas: (replicas - available).max(0),
            conditions: old_status.conditions.clone(),
        };
        match status.conditions.iter_mut().find(|c| c.type_ == "Available") {
            Some(c) => {
                if c.status != a_status {
                    c.last_transition_time = Some(now);
                    c.last_update_time = Some(now);
                }
                c.status = a_status.into();
                c.reason = Some(a_reason.into());
                c.message = Some(a_msg.into());
            }
            None => status.conditions.insert(
                0,
                Condition {
                    type_: "Available".into(),
                    status: a_status.into(),
                    last_heartbeat_time: None,
                    last_update_time: Some(now),
                    last_transition_time: Some(now),
                    reason: Some(a_reason.into()),
                    message: Some(a_msg.into()),
                },
            ),
        }
        // Progress is only ever more new, ready or available replicas, or fewer old ones
        // (deployment_util.go DeploymentProgressing); losing pods is not progress.
        let progressed = status.updated_replicas > old_status.updated_replicas
            || status.ready_replicas > old_status.ready_replicas
            || status.available_replicas > old_status.available_replicas
            || status.replicas - status.updated_replicas < old_status.replicas - old_status.updated_replicas;
        if let Some(d) = self.store.deployments.get_mut(name) {
            d.status = Some(status);
        }
        // Progressing condition and the progress deadline.
        if let Some(rs) = new_rs {
            let paused = d.spec.paused == Some(true);
            let current = self
                .store
                .deployments
                .get(name)
                .and_then(|d| d.status.as_ref())
                .and_then(|s| s.conditions.iter().find(|c| c.type_ == "Progressing").cloned());
            if complete {
                self.set_progressing(
                    name,
                    "True",
                    "NewReplicaSetAvailable",
                    format!("ReplicaSet \"{rs}\" has successfully progressed."),
                );
            } else if paused {
                self.set_progressing(name, "Unknown", "DeploymentPaused", "Deployment is paused".into());
            } else if current.as_ref().and_then(|c| c.reason.as_deref()) == Some("NewReplicaSetAvailable")
                && !progressed
            {
                // A finished rollout stays finished when pods later fail (DeploymentTimedOut
                // never fires for NewReplicaSetAvailable).
            } else if progressed || current.is_none() {
                self.set_progressing(name, "True", "ReplicaSetUpdated", format!("ReplicaSet \"{rs}\" is progressing."));
                let deadline = SimDuration::from_secs(d.spec.progress_deadline_seconds.unwrap_or(600).max(0) as u64);
                self.schedule(now + deadline, Ev::Resync { what: Resync::Deployment(name.to_string()) });
            } else if let Some(c) = current {
                let deadline = SimDuration::from_secs(d.spec.progress_deadline_seconds.unwrap_or(600).max(0) as u64);
                let last = c.last_update_time.unwrap_or(now);
                if c.reason.as_deref() != Some("ProgressDeadlineExceeded")
                    && c.reason.as_deref() != Some("NewReplicaSetAvailable")
                    && now >= last + deadline
                {
                    self.set_progressing(
                        name,
                        "False",
                        "ProgressDeadlineExceeded",
                        format!("ReplicaSet \"{rs}\" has timed out progressing."),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rolling(surge: &str, unavailable: &str) -> DeploymentStrategy {
        let v = |s: &str| if let Ok(n) = s.parse() { IntOrString::Int(n) } else { IntOrString::String(s.into()) };
        DeploymentStrategy {
            type_: Some("RollingUpdate".into()),
            rolling_update: Some(RollingUpdateDeployment {
                max_surge: Some(v(surge)),
                max_unavailable: Some(v(unavailable)),
            }),
        }
    }

    #[test]
    fn fenceposts_match_reference_table() {
        for (replicas, surge, unavailable) in [(1, 1, 0), (2, 1, 0), (3, 1, 0), (4, 1, 1), (10, 3, 2)] {
            assert_eq!(resolve_fenceposts(None, replicas), (surge, unavailable), "replicas {replicas}");
        }
        assert_eq!(resolve_fenceposts(Some(&rolling("0", "0")), 3), (0, 1));
        assert_eq!(resolve_fenceposts(Some(&rolling("50%", "1")), 3), (2, 1));
    }

    #[test]
    fn hash_uses_safe_alphabet() {
        let hash = template_hash(&PodTemplateSpec::default(), 0);
        assert!(!hash.is_empty() && hash.len() <= 10);
        assert!(hash.chars().all(|c| "456789bcdf".contains(c)), "{hash}");
    }
}
