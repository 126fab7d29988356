//! Pod objects through the API: creation from a template, graceful and forced deletion, and
//! removal (which frees the node's requested resources).

use crate::api::*;
use crate::engine::controllers::scheduler::pod_requests;
use crate::engine::{ApiError, Cluster, Ev};

impl Cluster {
    /// Stores a new pod (already named and defaulted) and queues it for scheduling. `size` is
    /// its size as JSON for the quota, when the caller knows it (a template's).
    pub(crate) fn create_pod_object(&mut self, mut pod: Pod, size: Option<usize>) {
        let now = self.now();
        pod.api_version = "v1".into();
        pod.kind = "Pod".into();
        if pod.metadata.uid.is_empty() {
            pod.metadata.uid = self.new_uid();
        }
        pod.metadata.creation_timestamp = Some(now);
        pod.metadata.namespace = Some("default".into());
        pod.metadata.resource_version = self.store.next_resource_version();
        crate::manifest::defaults::admit_pod(&mut pod);
        let qos = crate::engine::kubelet::qos_class(&pod.spec);
        pod.status = Some(PodStatus { phase: "Pending".into(), qos_class: Some(qos), ..Default::default() });
        let name = pod.metadata.name.clone();
        let bound = pod.spec.node_name.clone();
        pod.spec.node_name = None;
        self.store.insert_pod_sized(pod, size);
        match bound {
            // spec.nodeName set by the user bypasses the scheduler: the kubelet of that node
            // runs the pod.
            Some(node) if self.store.nodes.contains_key(&node) => self.bind(&name, &node, false),
            // No such node: no kubelet will ever run it, and the scheduler leaves it alone.
            Some(node) => self.store.bind_pod(&name, &node),
            None => self.scheduler.enqueue(&name),
        }
        self.pod_changed(&name);
    }

    /// Graceful deletion: sets deletionTimestamp; the kubelet finishes it. `grace` None uses
    /// the pod's terminationGracePeriodSeconds. Unscheduled pods and `force` with grace 0
    /// go at once.
    pub fn delete_pod(&mut self, name: &str, grace: Option<i64>, force: bool) -> Result<(), ApiError> {
        let now = self.now();
        let Some(pod) = self.store.pod(name) else {
            return Err(ApiError::not_found("pods", name));
        };
        let grace = grace.unwrap_or(pod.spec.termination_grace_period_seconds.unwrap_or(30)).max(0);
        let node = pod.spec.node_name.clone();
        let phase = pod.phase().to_string();
        if node.is_none() || (force && grace == 0) || phase == "Succeeded" || phase == "Failed" {
            self.delete_pod_object(name);
            if let Some(inst) = self.runtimes.get(name).map(|rt| rt.inst) {
                self.schedule(now, Ev::KubeletSync { pod: name.into(), inst });
            }
            return Ok(());
        }
        if pod.is_terminating() {
            return Ok(());
        }
        let grace = grace.max(1);
        self.forget_spread(name);
        if let Some(pod) = self.store.pod_mut(name) {
            pod.metadata.deletion_timestamp = Some(now + crate::engine::time::SimDuration::from_secs(grace as u64));
            pod.metadata.deletion_grace_period_seconds = Some(grace);
        }
        if let Some((key, _)) = self.taint_timers.remove(name).map(|b| *b) {
            self.cancel(key);
        }
        self.pod_changed(name);
        if let Some(inst) = self.runtimes.get(name).map(|rt| rt.inst) {
            self.schedule(now, Ev::KubeletSync { pod: name.into(), inst });
        }
        Ok(())
    }

    /// Removes the pod object from the API.
    pub(crate) fn delete_pod_object(&mut self, name: &str) {
        // Mark dependents before the object goes, while its owner is still readable.
        self.pod_changed(name);
        if self.store.pod(name).is_some_and(|p| !p.is_terminating()) {
            self.forget_spread(name);
        }
        if let Some(pod) = self.store.remove_pod(name) {
            if let Some(node) = &pod.spec.node_name {
                let (cpu, mem) = pod_requests(&pod.spec);
                let (score_cpu, score_mem) = crate::engine::controllers::scheduler::pod_requests_for_scoring(&pod.spec);
                if let Some(agent) = self.agents.get_mut(node) {
                    agent.requested_cpu -= cpu;
                    agent.requested_memory -= mem;
                    agent.scoring_cpu -= score_cpu;
                    agent.scoring_memory -= score_mem;
                    agent.pod_count -= 1;
                }
            }
            if let Some((key, _)) = self.taint_timers.remove(name).map(|b| *b) {
                self.cancel(key);
            }
            self.dirty.scheduler = true;
        }
    }

    /// A bound pod stops counting for spreading (it is terminating or gone).
    pub(crate) fn forget_spread(&mut self, name: &str) {
        let Some(pod) = self.store.pod(name) else { return };
        let (Some(node), Some(owner)) = (pod.spec.node_name.clone(), pod.controller_ref().map(|o| o.name.clone()))
        else {
            return;
        };
        if let Some(count) = self.agents.get_mut(&node).and_then(|a| a.owner_pods.get_mut(&owner)) {
            *count = count.saturating_sub(1);
        }
    }
}
