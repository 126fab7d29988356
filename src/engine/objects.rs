//! Writes through the API: apply (create or update) per kind, delete with cascading, scale,
//! set image, rollout undo/restart/history. These are what `kubectl` verbs call.

use crate::api::*;
use crate::engine::controllers::deployment::{template_hash, HASH_LABEL, REVISION};
use crate::engine::error::{ApiError, BadRequest};
use crate::engine::time::rfc3339;
use crate::engine::Cluster;

/// Outcome of an apply, as kubectl words it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApplyResult {
    Created,
    Configured,
    Unchanged,
}

impl ApplyResult {
    pub fn word(self) -> &'static str {
        match self {
            ApplyResult::Created => "created",
            ApplyResult::Configured => "configured",
            ApplyResult::Unchanged => "unchanged",
        }
    }
}

impl Cluster {
    fn fresh_meta(&mut self, meta: &ObjectMeta) -> ObjectMeta {
        let mut meta = meta.clone();
        meta.uid = self.new_uid();
        meta.namespace = Some("default".into());
        meta.creation_timestamp = Some(self.now());
        meta.deletion_timestamp = None;
        meta.generation = 1;
        meta.resource_version = self.store.next_resource_version();
        meta
    }

    pub fn apply_deployment(&mut self, mut d: Deployment) -> ApplyResult {
        let name = d.metadata.name.clone();
        d.api_version = "apps/v1".into();
        d.kind = "Deployment".into();
        d.status = None;
        match self.store.deployments.get(&name).cloned() {
            None => {
                d.metadata = self.fresh_meta(&d.metadata);
                d.status = Some(DeploymentStatus::default());
                self.store.deployments.insert(name.clone(), d);
                self.dirty.deployments.insert(name);
                ApplyResult::Created
            }
            Some(old) => {
                if old.spec == d.spec && old.metadata.labels == d.metadata.labels {
                    return ApplyResult::Unchanged;
                }
                let mut updated = old.clone();
                if old.spec.template != d.spec.template
                    || old.spec.replicas != d.spec.replicas
                    || old.spec.strategy != d.spec.strategy
                {
                    updated.metadata.generation += 1;
                }
                updated.spec = d.spec;
                updated.metadata.labels = d.metadata.labels;
                updated.metadata.resource_version = self.store.next_resource_version();
                self.store.deployments.insert(name.clone(), updated);
                self.dirty.deployments.insert(name);
                ApplyResult::Configured
            }
        }
    }

    pub fn apply_replica_set(&mut self, mut rs: ReplicaSet) -> ApplyResult {
        let name = rs.metadata.name.clone();
        rs.api_version = "apps/v1".into();
        rs.kind = "ReplicaSet".into();
        match self.store.replicasets.get(&name).cloned() {
            None => {
                rs.metadata = self.fresh_meta(&rs.metadata);
                rs.status = Some(ReplicaSetStatus::default());
                self.store.replicasets.insert(name.clone(), rs);
                self.rs_changed(&name);
                ApplyResult::Created
            }
            Some(old) => {
                if old.spec == rs.spec {
                    return ApplyResult::Unchanged;
                }
                let mut updated = old;
                updated.spec = rs.spec;
                updated.metadata.generation += 1;
                self.store.replicasets.insert(name.clone(), updated);
                self.rs_changed(&name);
                ApplyResult::Configured
            }
        }
    }

    /// Pods are immutable apart from a few fields; re-applying a changed pod is an error, as
    /// on a real cluster.
    pub fn check_pod_update(&self, pod: &Pod) -> Result<(), String> {
        let name = &pod.metadata.name;
        let Some(old) = self.store.pod(name) else { return Ok(()) };
        let mut new_spec = pod.spec.clone();
        new_spec.node_name = old.spec.node_name.clone();
        let mut admitted = Pod { spec: new_spec, ..Default::default() };
        crate::manifest::defaults::admit_pod(&mut admitted);
        if admitted.spec == old.spec {
            return Ok(());
        }
        Err(format!(
            "The Pod \"{name}\" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"
        ))
    }

    pub fn apply_pod(&mut self, mut pod: Pod) -> Result<ApplyResult, String> {
        self.check_pod_update(&pod)?;
        if self.store.pod(&pod.metadata.name).is_some() {
            return Ok(ApplyResult::Unchanged);
        }
        pod.metadata = self.fresh_meta(&pod.metadata);
        self.create_pod_object(pod);
        Ok(ApplyResult::Created)
    }

    pub fn apply_service(&mut self, mut svc: Service) -> ApplyResult {
        let name = svc.metadata.name.clone();
        svc.api_version = "v1".into();
        svc.kind = "Service".into();
        match self.store.services.get(&name).cloned() {
            None => {
                svc.metadata = self.fresh_meta(&svc.metadata);
                if svc.spec.cluster_ip.is_none() {
                    let n = self.store.services.len() as u32 + 1;
                    let ip = format!("10.96.{}.{}", (n * 37 + 3) % 250 + 1, (n * 91 + 17) % 250 + 2);
                    svc.spec.cluster_ip = Some(ip.clone());
                    svc.spec.cluster_ips = Some(vec![ip]);
                }
                self.store.services.insert(name, svc);
                self.dirty.services = true;
                ApplyResult::Created
            }
            Some(old) => {
                let mut spec = svc.spec.clone();
                spec.cluster_ip = old.spec.cluster_ip.clone();
                spec.cluster_ips = old.spec.cluster_ips.clone();
                if spec == old.spec {
                    return ApplyResult::Unchanged;
                }
                let mut updated = old;
                updated.spec = spec;
                self.store.services.insert(name, updated);
                self.dirty.services = true;
                ApplyResult::Configured
            }
        }
    }

    pub fn apply_hpa(&mut self, mut hpa: HorizontalPodAutoscaler) -> ApplyResult {
        let name = hpa.metadata.name.clone();
        hpa.api_version = "autoscaling/v2".into();
        hpa.kind = "HorizontalPodAutoscaler".into();
        match self.store.hpas.get(&name).cloned() {
            None => {
                hpa.metadata = self.fresh_meta(&hpa.metadata);
                hpa.status = Some(HpaStatus::default());
                self.store.hpas.insert(name, hpa);
                ApplyResult::Created
            }
            Some(old) => {
                if old.spec == hpa.spec {
                    return ApplyResult::Unchanged;
                }
                let mut updated = old;
                updated.spec = hpa.spec;
                self.store.hpas.insert(name, updated);
                ApplyResult::Configured
            }
        }
    }

    /// Deletes a Deployment with its ReplicaSets and their pods (background cascading).
    pub fn delete_deployment(&mut self, name: &str) -> Result<(), ApiError> {
        if self.store.deployments.remove(name).is_none() {
            return Err(ApiError::not_found("deployments.apps", name));
        }
        let rss: Vec<String> = self
            .store
            .replicasets
            .values()
            .filter(|rs| rs.metadata.owner_references.iter().any(|o| o.kind == "Deployment" && o.name == name))
            .map(|rs| rs.metadata.name.clone())
            .collect();
        for rs in rss {
            let _ = self.delete_replica_set(&rs);
        }
        for hpa in self.store.hpas.values_mut() {
            let _ = hpa;
        }
        Ok(())
    }

    pub fn delete_replica_set(&mut self, name: &str) -> Result<(), ApiError> {
        if self.store.replicasets.remove(name).is_none() {
            return Err(ApiError::not_found("replicasets.apps", name));
        }
        for pod in self.store.pods_owned_by(name) {
            let _ = self.delete_pod(&pod, None, false);
        }
        Ok(())
    }

    pub fn delete_service(&mut self, name: &str) -> Result<(), ApiError> {
        if self.store.services.remove(name).is_none() {
            return Err(ApiError::not_found("services", name));
        }
        self.store.endpointslices.remove(name);
        self.dirty.services = true;
        Ok(())
    }

    pub fn delete_hpa(&mut self, name: &str) -> Result<(), ApiError> {
        self.store
            .hpas
            .remove(name)
            .map(|_| ())
            .ok_or_else(|| ApiError::not_found("horizontalpodautoscalers.autoscaling", name))
    }

    pub fn scale_deployment(&mut self, name: &str, replicas: i64) -> Result<(), ApiError> {
        let d = self.store.deployments.get_mut(name).ok_or_else(|| ApiError::not_found("deployments.apps", name))?;
        if d.spec.replicas != Some(replicas) {
            d.spec.replicas = Some(replicas);
            d.metadata.generation += 1;
        }
        self.dirty.deployments.insert(name.to_string());
        Ok(())
    }

    pub fn scale_replica_set_cmd(&mut self, name: &str, replicas: i64) -> Result<(), ApiError> {
        let rs = self.store.replicasets.get_mut(name).ok_or_else(|| ApiError::not_found("replicasets.apps", name))?;
        rs.spec.replicas = Some(replicas);
        self.rs_changed(name);
        Ok(())
    }

    /// `kubectl set image deployment/NAME CONTAINER=IMAGE ...`
    pub fn set_image(&mut self, name: &str, images: &[(String, String)]) -> Result<(), ApiError> {
        let d = self.store.deployments.get_mut(name).ok_or_else(|| ApiError::not_found("deployments.apps", name))?;
        for (container, image) in images {
            let Some(c) = d.spec.template.spec.containers.iter_mut().find(|c| c.name == *container || container == "*")
            else {
                return Err(ApiError::BadRequest(BadRequest::NoSuchContainer { container: container.clone() }));
            };
            c.image = image.clone();
        }
        d.metadata.generation += 1;
        self.dirty.deployments.insert(name.to_string());
        Ok(())
    }

    /// `kubectl rollout restart`: a template annotation change starts a rollout.
    pub fn rollout_restart(&mut self, name: &str) -> Result<(), ApiError> {
        let now = rfc3339(self.now());
        let d = self.store.deployments.get_mut(name).ok_or_else(|| ApiError::not_found("deployments.apps", name))?;
        d.spec.template.metadata.annotations.insert("kubectl.kubernetes.io/restartedAt".into(), now);
        d.metadata.generation += 1;
        self.dirty.deployments.insert(name.to_string());
        Ok(())
    }

    pub fn rollout_pause(&mut self, name: &str, paused: bool) -> Result<(), ApiError> {
        let d = self.store.deployments.get_mut(name).ok_or_else(|| ApiError::not_found("deployments.apps", name))?;
        d.spec.paused = paused.then_some(true);
        self.dirty.deployments.insert(name.to_string());
        Ok(())
    }

    /// `kubectl rollout undo [--to-revision=N]`: copy that revision's template back.
    pub fn rollout_undo(&mut self, name: &str, to_revision: Option<i64>) -> Result<(), ApiError> {
        let d = self.store.deployments.get(name).ok_or_else(|| ApiError::not_found("deployments.apps", name))?.clone();
        let rss = self.replica_sets_of(name);
        let current_hash = template_hash(&d.spec.template, 0);
        let target = match to_revision.filter(|r| *r > 0) {
            Some(rev) => rss
                .iter()
                .find(|rs| rs.metadata.annotations.get(REVISION).and_then(|r| r.parse::<i64>().ok()) == Some(rev))
                .cloned(),
            None => rss.iter().rev().find(|rs| rs.metadata.labels.get(HASH_LABEL) != Some(&current_hash)).cloned(),
        };
        let Some(target) = target else {
            return Err(ApiError::BadRequest(match to_revision {
                Some(revision) => BadRequest::NoSuchRevision { revision },
                None => BadRequest::NoRolloutHistory { deployment: name.to_string() },
            }));
        };
        let mut template = target.spec.template.clone();
        template.metadata.labels.remove(HASH_LABEL);
        if let Some(d) = self.store.deployments.get_mut(name) {
            d.spec.template = template;
            d.metadata.generation += 1;
        }
        self.dirty.deployments.insert(name.to_string());
        Ok(())
    }

    /// `kubectl rollout history`: (revision, change-cause) oldest first.
    pub fn rollout_history(&self, name: &str) -> Result<Vec<(i64, String)>, ApiError> {
        if !self.store.deployments.contains_key(name) {
            return Err(ApiError::not_found("deployments.apps", name));
        }
        let mut revs: Vec<(i64, String)> = self
            .replica_sets_of(name)
            .iter()
            .map(|rs| {
                let rev = rs.metadata.annotations.get(REVISION).and_then(|r| r.parse().ok()).unwrap_or(0);
                let cause = rs
                    .metadata
                    .annotations
                    .get("kubernetes.io/change-cause")
                    .cloned()
                    .unwrap_or_else(|| "<none>".into());
                (rev, cause)
            })
            .collect();
        revs.sort();
        Ok(revs)
    }
}

impl Cluster {
    /// Applies multi-document YAML as `kubectl apply -f` does: every document is decoded,
    /// defaulted and validated first, and nothing changes unless all of them are valid.
    /// Returns the warning lines (not-simulated fields) followed by kubectl's result lines
    /// (`deployment.apps/web created`).
    pub fn apply_yaml(&mut self, text: &str) -> Result<String, String> {
        self.apply_yaml_from(text, "STDIN")
    }

    pub fn apply_yaml_from(&mut self, text: &str, source: &str) -> Result<String, String> {
        let parsed = crate::manifest::parse_manifests(text, source).map_err(|e| e.to_string())?;
        // Pods are immutable: check every pod update before changing anything.
        for p in &parsed {
            if let Object::Pod(pod) = &p.object {
                self.check_pod_update(pod)?;
            }
        }
        let mut lines: Vec<String> = parsed.iter().flat_map(|p| p.notes.iter().cloned()).collect();
        for p in parsed {
            let reference = p.object.kubectl_ref();
            let result = match p.object {
                Object::Deployment(d) => self.apply_deployment(d),
                Object::Pod(pod) => self.apply_pod(pod)?,
                Object::Service(svc) => self.apply_service(svc),
                Object::ReplicaSet(rs) => self.apply_replica_set(rs),
                Object::Hpa(hpa) => self.apply_hpa(hpa),
                Object::Node(node) => self.apply_node(node)?,
            };
            lines.push(format!("{reference} {}", result.word()));
        }
        self.reconcile();
        Ok(lines.join("\n"))
    }

    /// Nodes are the playground's machines: a Node manifest may relabel or taint an existing
    /// node; new machines come from the scenario's `nodes`.
    fn apply_node(&mut self, node: Node) -> Result<ApplyResult, String> {
        let name = node.metadata.name.clone();
        let Some(existing) = self.store.nodes.get_mut(&name) else {
            return Err(format!("Error from server (Forbidden): nodes \"{name}\" is forbidden: kubeplay nodes are machines; add them with a scenario's spec.nodes"));
        };
        let mut labels = existing.metadata.labels.clone();
        labels.extend(node.metadata.labels.clone());
        let changed = labels != existing.metadata.labels
            || existing.spec.taints != node.spec.taints
            || existing.spec.unschedulable != node.spec.unschedulable;
        existing.metadata.labels = labels;
        existing.spec.taints = node.spec.taints;
        existing.spec.unschedulable = node.spec.unschedulable;
        self.dirty.scheduler = true;
        let names = self.store.pods_on_node(&name);
        for pod in names {
            self.consider_pod_eviction(&pod);
        }
        Ok(if changed { ApplyResult::Configured } else { ApplyResult::Unchanged })
    }
}

use crate::manifest::Object;
