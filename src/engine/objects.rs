//! Writes through the API: apply (create or update) per kind, delete with cascading, scale,
//! set image, rollout undo/restart/history. These are what `kubectl` verbs call.

use crate::api::*;
use crate::engine::controllers::deployment::{template_hash, HASH_LABEL, REVISION};
use crate::engine::error::{ApiError, ApplyError, BadRequest, Forbidden, Invalid};
use crate::engine::time::rfc3339;
use crate::engine::Cluster;
use crate::sort::SmallSort;

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

/// The annotations after an update: the new ones, plus those the system wrote
/// (`deployment.kubernetes.io/revision`, ...) that the manifest does not mention.
fn merged_annotations(
    old: &std::collections::BTreeMap<String, String>,
    new: std::collections::BTreeMap<String, String>,
) -> std::collections::BTreeMap<String, String> {
    let mut merged = new;
    for (key, value) in old {
        if key.contains("kubernetes.io/") && !merged.contains_key(key) {
            merged.insert(key.clone(), value.clone());
        }
    }
    merged
}

/// A label selector as Go's `%#v` prints it in "field is immutable" messages.
pub fn go_selector(selector: &LabelSelector) -> String {
    let labels: Vec<String> = selector.match_labels.iter().map(|(k, v)| format!("{k:?}:{v:?}")).collect();
    let labels = if labels.is_empty() {
        "map[string]string(nil)".to_string()
    } else {
        format!("map[string]string{{{}}}", labels.join(", "))
    };
    let expressions = if selector.match_expressions.is_empty() {
        "[]v1.LabelSelectorRequirement(nil)".to_string()
    } else {
        let items: Vec<String> = selector
            .match_expressions
            .iter()
            .map(|r| {
                let values: Vec<String> = r.values.iter().map(|v| format!("{v:?}")).collect();
                format!(
                    "v1.LabelSelectorRequirement{{Key:{:?}, Operator:{:?}, Values:[]string{{{}}}}}",
                    r.key,
                    r.operator,
                    values.join(", ")
                )
            })
            .collect();
        format!("[]v1.LabelSelectorRequirement{{{}}}", items.join(", "))
    };
    format!("v1.LabelSelector{{MatchLabels:{labels}, MatchExpressions:{expressions}}}")
}

fn node_forbidden(name: &str) -> ApiError {
    ApiError::Forbidden {
        resource: "nodes",
        name: name.to_string(),
        reason: Forbidden::NodesAreMachines { deleting: false },
    }
}

fn invalid(kind: &'static str, name: &str, field: &'static str, reason: Invalid) -> ApiError {
    ApiError::Invalid { kind, name: name.to_string(), field, reason }
}

/// The Service cluster IP range (kube-apiserver `--service-cluster-ip-range`).
pub const SERVICE_CIDR: &str = "10.96.0.0/12";

fn in_service_cidr(ip: &str) -> bool {
    let octets: Vec<u8> = ip.split('.').filter_map(|o| o.parse().ok()).collect();
    octets.len() == 4 && ip.split('.').count() == 4 && octets[0] == 10 && (96..112).contains(&octets[1])
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

    /// apps/v1 Deployments and ReplicaSets: `spec.selector` is immutable once created.
    pub fn check_selector_update(&self, object: &crate::manifest::Object) -> Result<(), ApiError> {
        use crate::manifest::Object;
        let (kind, name, new, old) = match object {
            Object::Deployment(d) => (
                "Deployment",
                &d.metadata.name,
                &d.spec.selector,
                self.store.deployments.get(&d.metadata.name).map(|o| &o.spec.selector),
            ),
            Object::ReplicaSet(rs) => (
                "ReplicaSet",
                &rs.metadata.name,
                &rs.spec.selector,
                self.store.replicasets.get(&rs.metadata.name).map(|o| &o.spec.selector),
            ),
            _ => return Ok(()),
        };
        match old {
            Some(old) if old != new => {
                Err(invalid(kind, name, "spec.selector", Invalid::Immutable { value: go_selector(new) }))
            }
            _ => Ok(()),
        }
    }

    pub fn apply_deployment(&mut self, mut d: Deployment) -> ApplyResult {
        let name = d.metadata.name.clone();
        d.api_version = "apps/v1".into();
        d.kind = "Deployment".into();
        d.status = None;
        match self.store.deployments.get(&name).map(|o| (**o).clone()) {
            None => {
                d.metadata = self.fresh_meta(&d.metadata);
                d.status = Some(DeploymentStatus::default());
                self.store.deployments.insert(name.clone(), Box::new(d));
                self.dirty.deployments.insert(name);
                ApplyResult::Created
            }
            Some(old) => {
                let annotations = merged_annotations(&old.metadata.annotations, d.metadata.annotations);
                if old.spec == d.spec
                    && old.metadata.labels == d.metadata.labels
                    && old.metadata.annotations == annotations
                {
                    return ApplyResult::Unchanged;
                }
                let mut updated = old.clone();
                if old.spec != d.spec {
                    // Every spec change is a new generation (the controller's observedGeneration
                    // follows it).
                    updated.metadata.generation += 1;
                }
                updated.spec = d.spec;
                updated.metadata.labels = d.metadata.labels;
                updated.metadata.annotations = annotations;
                updated.metadata.resource_version = self.store.next_resource_version();
                self.store.deployments.insert(name.clone(), Box::new(updated));
                self.dirty.deployments.insert(name);
                ApplyResult::Configured
            }
        }
    }

    pub fn apply_replica_set(&mut self, mut rs: ReplicaSet) -> ApplyResult {
        let name = rs.metadata.name.clone();
        rs.api_version = "apps/v1".into();
        rs.kind = "ReplicaSet".into();
        match self.store.replicasets.get(&name).map(|o| (**o).clone()) {
            None => {
                rs.metadata = self.fresh_meta(&rs.metadata);
                rs.status = Some(ReplicaSetStatus::default());
                self.store.replicasets.insert(name.clone(), Box::new(rs));
                self.rs_changed(&name);
                ApplyResult::Created
            }
            Some(old) => {
                let annotations = merged_annotations(&old.metadata.annotations, rs.metadata.annotations);
                if old.spec == rs.spec
                    && old.metadata.labels == rs.metadata.labels
                    && old.metadata.annotations == annotations
                {
                    return ApplyResult::Unchanged;
                }
                let mut updated = old.clone();
                if old.spec != rs.spec {
                    updated.metadata.generation += 1;
                }
                updated.spec = rs.spec;
                updated.metadata.labels = rs.metadata.labels;
                updated.metadata.annotations = annotations;
                updated.metadata.resource_version = self.store.next_resource_version();
                self.store.replicasets.insert(name.clone(), Box::new(updated));
                self.rs_changed(&name);
                ApplyResult::Configured
            }
        }
    }

    /// Pods are immutable apart from a few fields (upstream `ValidatePodUpdate`): metadata,
    /// container images, `activeDeadlineSeconds` and additions to the tolerations may change;
    /// anything else in the spec is refused with the API server's message.
    pub fn check_pod_update(&self, pod: &Pod) -> Result<(), ApiError> {
        let name = &pod.metadata.name;
        let Some(old) = self.store.pod(name) else { return Ok(()) };
        let mut admitted = Pod { spec: pod.spec.clone(), ..Default::default() };
        if admitted.spec.node_name.is_none() {
            admitted.spec.node_name = old.spec.node_name.clone();
        }
        crate::manifest::defaults::admit_pod(&mut admitted);
        let mut spec = admitted.spec;
        // The mutable fields take their old values, so that only the others are compared.
        if spec.containers.len() == old.spec.containers.len() {
            for (new, old) in spec.containers.iter_mut().zip(&old.spec.containers) {
                new.image = old.image.clone();
            }
        }
        spec.active_deadline_seconds = old.spec.active_deadline_seconds.clone();
        if old.spec.tolerations.iter().all(|t| spec.tolerations.contains(t)) {
            spec.tolerations = old.spec.tolerations.clone();
        }
        if spec == old.spec {
            return Ok(());
        }
        Err(invalid("Pod", name, "spec", Invalid::PodUpdate))
    }

    /// Creates a pod, or updates what an update may change (labels, annotations, images,
    /// tolerations, activeDeadlineSeconds). The kubelet restarts a container whose image
    /// changed.
    pub fn apply_pod(&mut self, mut pod: Pod) -> Result<ApplyResult, ApiError> {
        self.check_pod_update(&pod)?;
        let name = pod.metadata.name.clone();
        let Some(old) = self.store.pod(&name).cloned() else {
            pod.metadata = self.fresh_meta(&pod.metadata);
            self.create_pod_object(pod, None);
            return Ok(ApplyResult::Created);
        };
        let mut updated = old.clone();
        updated.metadata.labels = pod.metadata.labels;
        updated.metadata.annotations = merged_annotations(&old.metadata.annotations, pod.metadata.annotations);
        let mut images_changed = false;
        for (stored, new) in updated.spec.containers.iter_mut().zip(&pod.spec.containers) {
            if stored.image != new.image {
                stored.image = new.image.clone();
                images_changed = true;
            }
        }
        // Defaulted as on creation; the check above allowed only additions.
        let mut admitted = Pod { spec: pod.spec.clone(), ..Default::default() };
        crate::manifest::defaults::admit_pod(&mut admitted);
        updated.spec.tolerations = admitted.spec.tolerations;
        if pod.spec.active_deadline_seconds.is_some() {
            updated.spec.active_deadline_seconds = pod.spec.active_deadline_seconds;
        }
        if updated == old {
            return Ok(ApplyResult::Unchanged);
        }
        updated.metadata.resource_version = self.store.next_resource_version();
        if let Some(stored) = self.store.pod_mut(&name) {
            *stored = updated;
        }
        self.pod_changed(&name);
        if images_changed {
            // The kubelet sees the change through its watch a moment later.
            if let Some(inst) = self.runtimes.get(&name).map(|rt| rt.inst) {
                self.schedule_in(
                    crate::engine::kubelet::ADMIT_DELAY,
                    crate::engine::Ev::KubeletSync { pod: name.as_str().into(), inst },
                );
            }
        }
        Ok(ApplyResult::Configured)
    }

    /// A Service update may not change its cluster IP, and a new one may not take an IP
    /// another Service holds. `claimed` are IPs taken earlier in the same apply.
    pub fn check_service_update(&self, svc: &Service, claimed: &[String]) -> Result<(), ApiError> {
        let name = &svc.metadata.name;
        let wanted = svc.spec.cluster_ip.as_deref().filter(|ip| !ip.is_empty());
        if let Some(old) = self.store.services.get(name) {
            if let Some(ip) = wanted {
                if old.spec.cluster_ip.as_deref() != Some(ip) {
                    let reason = Invalid::ClusterIpChanged { ip: ip.to_string() };
                    return Err(invalid("Service", name, "spec.clusterIPs[0]", reason));
                }
            }
            return Ok(());
        }
        let Some(ip) = wanted.filter(|ip| *ip != "None") else { return Ok(()) };
        if !in_service_cidr(ip) {
            let reason = Invalid::ClusterIpOutOfRange { ip: ip.to_string(), range: SERVICE_CIDR };
            return Err(invalid("Service", name, "spec.clusterIPs", reason));
        }
        let taken = claimed.iter().any(|c| c == ip)
            || self.store.services.values().any(|s| s.spec.cluster_ip.as_deref() == Some(ip));
        if taken {
            let reason = Invalid::ClusterIpAllocated { ip: ip.to_string() };
            return Err(invalid("Service", name, "spec.clusterIPs", reason));
        }
        Ok(())
    }

    /// A free cluster IP, deterministic (a spread of the service count), never one in use.
    fn allocate_cluster_ip(&self) -> String {
        let mut n = self.store.services.len() as u32 + 1;
        loop {
            let ip = format!("10.96.{}.{}", (n * 37 + 3) % 250 + 1, (n * 91 + 17) % 250 + 2);
            if !self.store.services.values().any(|s| s.spec.cluster_ip.as_deref() == Some(ip.as_str())) {
                return ip;
            }
            n += 1;
        }
    }

    pub fn apply_service(&mut self, mut svc: Service) -> Result<ApplyResult, ApiError> {
        self.check_service_update(&svc, &[])?;
        let name = svc.metadata.name.clone();
        svc.api_version = "v1".into();
        svc.kind = "Service".into();
        match self.store.services.get(&name).map(|o| (**o).clone()) {
            None => {
                svc.metadata = self.fresh_meta(&svc.metadata);
                match svc.spec.cluster_ip.as_deref() {
                    None | Some("") => {
                        let ip = self.allocate_cluster_ip();
                        svc.spec.cluster_ip = Some(ip.clone());
                        svc.spec.cluster_ips = Some(vec![ip]);
                    }
                    Some(ip) => svc.spec.cluster_ips = Some(vec![ip.to_string()]),
                }
                self.store.services.insert(name, Box::new(svc));
                self.dirty.services = true;
                Ok(ApplyResult::Created)
            }
            Some(old) => {
                let mut spec = svc.spec.clone();
                spec.cluster_ip = old.spec.cluster_ip.clone();
                spec.cluster_ips = old.spec.cluster_ips.clone();
                let labels_same = old.metadata.labels == svc.metadata.labels;
                if spec == old.spec && labels_same {
                    return Ok(ApplyResult::Unchanged);
                }
                let mut updated = old;
                updated.spec = spec;
                updated.metadata.labels = svc.metadata.labels;
                updated.metadata.annotations =
                    merged_annotations(&updated.metadata.annotations, svc.metadata.annotations);
                updated.metadata.resource_version = self.store.next_resource_version();
                self.store.services.insert(name, Box::new(updated));
                self.dirty.services = true;
                Ok(ApplyResult::Configured)
            }
        }
    }

    pub fn apply_hpa(&mut self, mut hpa: HorizontalPodAutoscaler) -> ApplyResult {
        let name = hpa.metadata.name.clone();
        hpa.api_version = "autoscaling/v2".into();
        hpa.kind = "HorizontalPodAutoscaler".into();
        match self.store.hpas.get(&name).map(|o| (**o).clone()) {
            None => {
                hpa.metadata = self.fresh_meta(&hpa.metadata);
                hpa.status = Some(HpaStatus::default());
                let uid = hpa.metadata.uid.clone();
                self.store.hpas.insert(name.clone(), Box::new(hpa));
                self.schedule_in(
                    crate::engine::controllers::hpa::SYNC_PERIOD,
                    crate::engine::Ev::HpaSync { name, uid },
                );
                ApplyResult::Created
            }
            Some(old) => {
                if old.spec == hpa.spec {
                    return ApplyResult::Unchanged;
                }
                let mut updated = old;
                updated.spec = hpa.spec;
                self.store.hpas.insert(name, Box::new(updated));
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
        self.template_sizes.remove(name);
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
        revs.sort_small();
        Ok(revs)
    }
}

impl Cluster {
    /// Applies multi-document YAML as `kubectl apply -f` does: every document is decoded,
    /// defaulted and validated first, and nothing changes unless all of them are valid.
    /// Returns the warning lines (not-simulated fields) followed by kubectl's result lines
    /// (`deployment.apps/web created`).
    pub fn apply_yaml(&mut self, text: &str) -> Result<String, ApplyError> {
        self.apply_yaml_from(text, "STDIN")
    }

    pub fn apply_yaml_from(&mut self, text: &str, source: &str) -> Result<String, ApplyError> {
        let parsed = crate::manifest::parse_manifests(text, source).map_err(ApplyError::Manifest)?;
        Ok(self.apply_parsed(parsed)?)
    }

    /// Checks that every object of an apply may be written (pod updates, immutable
    /// selectors and cluster IPs, nodes), so that a rejected apply changes nothing.
    pub fn check_apply(&self, parsed: &[crate::manifest::Parsed]) -> Result<(), ApiError> {
        self.check_apply_quota(parsed)?;
        let mut claimed: Vec<String> = Vec::new();
        for p in parsed {
            match &p.object {
                Object::Pod(pod) => self.check_pod_update(pod)?,
                Object::Service(svc) => {
                    self.check_service_update(svc, &claimed)?;
                    claimed.extend(svc.spec.cluster_ip.clone().filter(|ip| !ip.is_empty() && ip != "None"));
                }
                Object::Node(node) if !self.store.nodes.contains_key(&node.metadata.name) => {
                    return Err(node_forbidden(&node.metadata.name));
                }
                object => self.check_selector_update(object)?,
            }
        }
        Ok(())
    }

    /// The objects an apply would create must fit the cluster's quota (`engine::quota`): the
    /// first new pod (or other object) past it names the refusal, `requested` counts all of
    /// them (an apply is all or nothing).
    fn check_apply_quota(&self, parsed: &[crate::manifest::Parsed]) -> Result<(), ApiError> {
        use crate::engine::quota::Counted;
        use std::collections::BTreeSet;
        let mut new_pods: Vec<(&'static str, &str)> = Vec::new();
        let mut new_pod_bytes = 0;
        let mut new_objects: Vec<(&'static str, &str)> = Vec::new();
        let mut seen: BTreeSet<(&'static str, &str)> = BTreeSet::new();
        for p in parsed {
            let store = &self.store;
            let (resource, meta, exists) = match &p.object {
                Object::Pod(o) => ("pods", &o.metadata, store.pod(&o.metadata.name).is_some()),
                Object::Deployment(o) => {
                    ("deployments.apps", &o.metadata, store.deployments.contains_key(&o.metadata.name))
                }
                Object::ReplicaSet(o) => {
                    ("replicasets.apps", &o.metadata, store.replicasets.contains_key(&o.metadata.name))
                }
                Object::Service(o) => ("services", &o.metadata, store.services.contains_key(&o.metadata.name)),
                Object::Hpa(o) => {
                    ("horizontalpodautoscalers.autoscaling", &o.metadata, store.hpas.contains_key(&o.metadata.name))
                }
                Object::Node(_) => continue,
            };
            let name = if meta.name.is_empty() { meta.generate_name.as_deref().unwrap_or("") } else { &meta.name };
            if exists || (!meta.name.is_empty() && !seen.insert((resource, name))) {
                continue;
            }
            if let Object::Pod(pod) = &p.object {
                new_pod_bytes += crate::engine::store::json_size(pod);
                new_pods.push((resource, name));
            } else {
                new_objects.push((resource, name));
            }
        }
        for (counted, new) in [(Counted::Pods, &new_pods), (Counted::Objects, &new_objects)] {
            if let Some((resource, name)) = new.first() {
                self.quota_admit(counted, new.len(), resource, name)?;
            }
        }
        if let Some((resource, name)) = new_pods.first() {
            self.quota_admit(Counted::PodBytes, new_pod_bytes, resource, name)?;
        }
        Ok(())
    }

    /// Applies objects that `check_apply` accepted; returns the warning lines (not-simulated
    /// fields) followed by kubectl's result lines (`deployment.apps/web created`). Objects
    /// with only a `generateName` get a generated name (`kubectl create`).
    pub fn apply_parsed(&mut self, parsed: Vec<crate::manifest::Parsed>) -> Result<String, ApiError> {
        self.check_apply(&parsed)?;
        let mut lines: Vec<String> = parsed.iter().flat_map(|p| p.notes.iter().cloned()).collect();
        for mut p in parsed {
            self.generate_name(&mut p.object);
            let reference = p.object.kubectl_ref();
            let result = match p.object {
                Object::Deployment(d) => self.apply_deployment(d),
                Object::Pod(pod) => self.apply_pod(pod)?,
                Object::Service(svc) => self.apply_service(svc)?,
                Object::ReplicaSet(rs) => self.apply_replica_set(rs),
                Object::Hpa(hpa) => self.apply_hpa(hpa),
                Object::Node(node) => self.apply_node(node)?,
            };
            lines.push(format!("{reference} {}", result.word()));
        }
        self.reconcile();
        Ok(lines.join("\n"))
    }

    /// `metadata.generateName` without a name: the API server appends five random
    /// characters (and retries on a clash).
    fn generate_name(&mut self, object: &mut Object) {
        let meta = match object {
            Object::Pod(o) => &mut o.metadata,
            Object::Deployment(o) => &mut o.metadata,
            Object::ReplicaSet(o) => &mut o.metadata,
            Object::Service(o) => &mut o.metadata,
            Object::Hpa(o) => &mut o.metadata,
            Object::Node(o) => &mut o.metadata,
        };
        let Some(prefix) = meta.generate_name.clone().filter(|_| meta.name.is_empty()) else { return };
        let prefix: String = prefix.chars().take(58).collect();
        loop {
            let name = format!("{prefix}{}", self.rng.name_suffix(5));
            let store = &self.store;
            let taken = store.pod(&name).is_some()
                || store.deployments.contains_key(&name)
                || store.replicasets.contains_key(&name)
                || store.services.contains_key(&name)
                || store.hpas.contains_key(&name);
            if !taken {
                meta.name = name;
                return;
            }
        }
    }

    /// `kubectl label|annotate node`: new labels and/or annotations of a node.
    pub fn update_node_metadata(
        &mut self,
        name: &str,
        labels: Option<Labels>,
        annotations: Option<std::collections::BTreeMap<String, String>>,
    ) -> Result<(), ApiError> {
        if !self.store.nodes.contains_key(name) {
            return Err(ApiError::not_found("nodes", name));
        }
        let version = self.store.next_resource_version();
        let Some(node) = self.store.nodes.get_mut(name) else { return Ok(()) };
        if let Some(labels) = labels {
            node.metadata.labels = labels;
        }
        if let Some(annotations) = annotations {
            node.metadata.annotations = annotations;
        }
        node.metadata.resource_version = version;
        self.dirty.scheduler = true;
        Ok(())
    }

    /// `kubectl taint nodes`: the node's new taints. Pending pods are scheduled again and
    /// running ones that do not tolerate a NoExecute taint are evicted.
    pub fn update_node_taints(&mut self, name: &str, taints: Vec<Taint>) -> Result<(), ApiError> {
        if !self.store.nodes.contains_key(name) {
            return Err(ApiError::not_found("nodes", name));
        }
        let version = self.store.next_resource_version();
        let Some(node) = self.store.nodes.get_mut(name) else { return Ok(()) };
        node.spec.taints = taints;
        node.metadata.resource_version = version;
        self.dirty.scheduler = true;
        for pod in self.store.pods_on_node(name) {
            self.consider_pod_eviction(&pod);
        }
        Ok(())
    }

    /// Nodes are the playground's machines: a Node manifest may relabel or taint an existing
    /// node; new machines come from the scenario's `nodes`.
    fn apply_node(&mut self, node: Node) -> Result<ApplyResult, ApiError> {
        let name = node.metadata.name.clone();
        let Some(existing) = self.store.nodes.get_mut(&name) else {
            return Err(node_forbidden(&name));
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
