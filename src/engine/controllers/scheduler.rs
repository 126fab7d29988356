//! The default scheduler, reduced to what a playground shows: filters (unschedulable nodes,
//! taints, resource requests, nodeSelector, nodeName) and scores (spreading a controller's
//! pods across nodes, least-allocated, balanced), ties broken by the seeded RNG.
//! Models pkg/scheduler/framework/plugins (v1.35); FailedScheduling messages as FitError.

use crate::api::*;
use crate::engine::time::SimDuration;
use crate::engine::{Cluster, Ev};
use crate::sort::SmallSort;
use std::collections::BTreeMap;

/// Requests assumed for scoring a container without requests (non-zero defaults).
const DEFAULT_CPU_REQUEST: i64 = 100;
const DEFAULT_MEMORY_REQUEST: i64 = 200 * 1024 * 1024;
const MAX_BACKOFF: SimDuration = SimDuration::from_secs(10);

#[derive(Clone, Debug, Default)]
pub struct SchedulerState {
    /// Pending pods by (creation order) -> name.
    /// (Boxed: one B-tree type with the event log's, docs/size.md.)
    pub queue: BTreeMap<u64, Box<String>>,
    /// Failed attempts per pod, for the 1 s .. 10 s back-off.
    pub attempts: BTreeMap<String, Box<u32>>,
    pub retry_pending: bool,
    next_seq: u64,
    /// Where the next search for feasible nodes starts.
    pub next_start_node: usize,
}

impl SchedulerState {
    pub fn enqueue(&mut self, pod: &str) {
        self.queue.insert(self.next_seq, Box::new(pod.to_string()));
        self.next_seq += 1;
    }
}

/// How many feasible nodes to find before scoring (upstream `numFeasibleNodesToFind` with
/// the adaptive `percentageOfNodesToScore`): every node up to 100, then a shrinking share.
pub fn num_feasible_nodes_to_find(total: usize) -> usize {
    const MIN_FEASIBLE: usize = 100;
    if total < MIN_FEASIBLE {
        return total.max(1);
    }
    let percentage = (50i64 - total as i64 / 125).max(5) as usize;
    (total * percentage / 100).max(MIN_FEASIBLE)
}

/// Sum of container requests of a pod: (cpu millicores, memory bytes).
pub fn pod_requests(spec: &PodSpec) -> (i64, i64) {
    spec.containers.iter().fold((0, 0), |(cpu, mem), c| {
        (cpu + c.cpu_request_millis().unwrap_or(0), mem + c.memory_request_bytes().unwrap_or(0))
    })
}

pub fn pod_requests_for_scoring(spec: &PodSpec) -> (i64, i64) {
    spec.containers.iter().fold((0, 0), |(cpu, mem), c| {
        (
            cpu + c.cpu_request_millis().unwrap_or(DEFAULT_CPU_REQUEST),
            mem + c.memory_request_bytes().unwrap_or(DEFAULT_MEMORY_REQUEST),
        )
    })
}

impl Cluster {
    pub(crate) fn schedule_pending(&mut self) {
        let queue: Vec<(u64, String)> = self.scheduler.queue.iter().map(|(k, v)| (*k, String::clone(v))).collect();
        let mut any_failed = false;
        for (seq, pod_name) in queue {
            let Some(pod) = self.store.pod(&pod_name) else {
                self.scheduler.queue.remove(&seq);
                continue;
            };
            if pod.spec.node_name.is_some() || pod.is_terminating() {
                self.scheduler.queue.remove(&seq);
                continue;
            }
            match self.find_node(&pod_name) {
                Ok(node) => {
                    self.scheduler.queue.remove(&seq);
                    self.scheduler.attempts.remove(&pod_name);
                    self.bind(&pod_name, &node, true);
                }
                Err(message) => {
                    any_failed = true;
                    let attempts = self.scheduler.attempts.entry(pod_name.clone()).or_default();
                    **attempts += 1;
                    let now = self.now();
                    if let Some(pod) = self.store.pod_mut(&pod_name) {
                        let status = pod
                            .status
                            .get_or_insert_with(|| PodStatus { phase: "Pending".into(), ..Default::default() });
                        let condition = PodCondition {
                            type_: "PodScheduled".into(),
                            status: "False".into(),
                            last_transition_time: Some(now),
                            reason: Some("Unschedulable".into()),
                            message: Some(message.clone()),
                        };
                        match status.conditions.iter_mut().find(|c| c.type_ == "PodScheduled") {
                            Some(c) => {
                                c.message = Some(message.clone());
                            }
                            None => status.conditions.push(condition),
                        }
                    }
                    self.record("Warning", "FailedScheduling", "Pod", &pod_name, message, "default-scheduler");
                }
            }
        }
        if any_failed && !self.scheduler.retry_pending {
            let max_attempts = self.scheduler.attempts.values().map(|n| **n).min().unwrap_or(1);
            let backoff = SimDuration::from_secs(1u64 << max_attempts.saturating_sub(1).min(4)).min(MAX_BACKOFF);
            self.scheduler.retry_pending = true;
            self.schedule_in(backoff, Ev::ScheduleRetry);
        }
    }

    /// Filters and scores nodes; returns the winner or the FailedScheduling message. On large
    /// clusters only a sample of feasible nodes is scored, starting where the previous pod's
    /// search stopped (upstream `numFeasibleNodesToFind` / `nextStartNodeIndex`).
    fn find_node(&mut self, pod_name: &str) -> Result<String, String> {
        let pod = self.store.pod(pod_name).expect("caller checked").clone();
        let (cpu, mem) = pod_requests(&pod.spec);
        let (score_cpu, score_mem) = pod_requests_for_scoring(&pod.spec);
        let owner = pod.controller_ref().map(|o| o.name.clone());
        let total = self.store.nodes.len();
        let unschedulable_taint = Taint {
            key: "node.kubernetes.io/unschedulable".into(),
            value: None,
            effect: "NoSchedule".into(),
            time_added: None,
        };
        let tolerates_unschedulable = pod.spec.tolerations.iter().any(|t| t.tolerates(&unschedulable_taint));
        let mut reasons: BTreeMap<String, Box<usize>> = BTreeMap::new();
        // node index, spread count, base score, untolerated PreferNoSchedule taints
        let mut feasible: Vec<(usize, i64, i64, i64)> = Vec::new();
        // Nodes and their agents are created together, so both maps hold the same names in
        // the same order.
        let nodes: Vec<(&String, &Node, &crate::engine::kubelet::NodeAgent)> = self
            .store
            .nodes
            .iter()
            .zip(self.agents.values())
            .map(|((name, node), agent)| (name, &**node, &**agent))
            .collect();
        debug_assert!(self.store.nodes.keys().eq(self.agents.keys()));
        let want = num_feasible_nodes_to_find(total);
        let start = if total == 0 { 0 } else { self.scheduler.next_start_node % total };
        let mut processed = 0;
        for i in 0..total {
            let (name, node, agent) = nodes[(start + i) % total];
            processed += 1;
            if let Some(wanted) = &pod.spec.node_name {
                if wanted != name {
                    **reasons.entry("node(s) didn't match the requested node name".into()).or_default() += 1;
                    continue;
                }
            }
            if node.spec.unschedulable == Some(true) && !tolerates_unschedulable {
                **reasons.entry("node(s) were unschedulable".into()).or_default() += 1;
                continue;
            }
            if let Some(taint) = node
                .spec
                .taints
                .iter()
                .filter(|t| t.effect == "NoSchedule" || t.effect == "NoExecute")
                .find(|t| !pod.spec.tolerations.iter().any(|tol| tol.tolerates(t)))
            {
                if taint.key == "node.kubernetes.io/unschedulable" {
                    **reasons.entry("node(s) were unschedulable".into()).or_default() += 1;
                } else {
                    let value = taint.value.clone().unwrap_or_default();
                    **reasons
                        .entry(format!("node(s) had untolerated taint {{{}: {}}}", taint.key, value))
                        .or_default() += 1;
                }
                continue;
            }
            if !pod.spec.node_selector.iter().all(|(k, v)| node.metadata.labels.get(k) == Some(v)) {
                **reasons.entry("node(s) didn't match Pod's node affinity/selector".into()).or_default() += 1;
                continue;
            }
            let (alloc_cpu, alloc_mem) = (agent.allocatable_cpu, agent.allocatable_memory);
            let mut insufficient = false;
            if agent.pod_count + 1 > 110 {
                **reasons.entry("Too many pods".into()).or_default() += 1;
                insufficient = true;
            }
            if cpu > 0 && agent.requested_cpu + cpu > alloc_cpu {
                **reasons.entry("Insufficient cpu".into()).or_default() += 1;
                insufficient = true;
            }
            if mem > 0 && agent.requested_memory + mem > alloc_mem {
                **reasons.entry("Insufficient memory".into()).or_default() += 1;
                insufficient = true;
            }
            if insufficient {
                continue;
            }
            // LeastAllocated (cpu, memory) and BalancedAllocation, 0..100 each.
            let cpu_frac = (agent.scoring_cpu.max(0) + score_cpu) as f64 / alloc_cpu.max(1) as f64;
            let mem_frac = (agent.scoring_memory.max(0) + score_mem) as f64 / alloc_mem.max(1) as f64;
            let least = (((1.0 - cpu_frac).max(0.0) + (1.0 - mem_frac).max(0.0)) * 50.0) as i64;
            let balanced = ((1.0 - (cpu_frac - mem_frac).abs().min(1.0)) * 100.0) as i64;
            let spread = owner.as_ref().and_then(|o| agent.owner_pods.get(o)).copied().unwrap_or(0) as i64;
            // TaintToleration: PreferNoSchedule taints the pod does not tolerate.
            let avoid = node
                .spec
                .taints
                .iter()
                .filter(|t| t.effect == "PreferNoSchedule" && !pod.spec.tolerations.iter().any(|tol| tol.tolerates(t)))
                .count() as i64;
            feasible.push(((start + i) % total, spread, least + balanced, avoid));
            if feasible.len() >= want {
                break;
            }
        }
        self.scheduler.next_start_node = if total == 0 { 0 } else { (start + processed) % total };
        if feasible.is_empty() {
            let mut parts: Vec<String> = reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
            parts.sort_small();
            let mut message = format!("0/{total} nodes are available: {}.", parts.join(", "));
            let helpful = reasons.keys().any(|r| r.starts_with("Insufficient") || r == "Too many pods");
            let n_preempt: usize = reasons
                .iter()
                .filter(|(r, _)| r.starts_with("Insufficient") || *r == "Too many pods")
                .map(|(_, n)| **n)
                .sum();
            let n_not_helpful = total - n_preempt;
            let mut pre = Vec::new();
            if n_not_helpful > 0 {
                pre.push(format!("{n_not_helpful} Preemption is not helpful for scheduling"));
            }
            if helpful {
                pre.push(format!("{n_preempt} No preemption victims found for incoming pod"));
            }
            pre.sort_small();
            message.push_str(&format!(" preemption: 0/{total} nodes are available: {}.", pre.join(", ")));
            if total == 0 {
                message = "no nodes available to schedule pods".into();
            }
            return Err(message);
        }
        // PodTopologySpread (weight 2): fewer pods of the same controller scores higher.
        let max_spread = feasible.iter().map(|f| f.1).max().unwrap_or(0);
        let min_spread = feasible.iter().map(|f| f.1).min().unwrap_or(0);
        let mut best: Vec<usize> = Vec::new();
        let mut best_score = i64::MIN;
        let max_avoid = feasible.iter().map(|f| f.3).max().unwrap_or(0);
        for (idx, spread, base, avoid) in &feasible {
            let spread_score =
                if max_spread == min_spread { 100 } else { 100 * (max_spread - spread) / (max_spread - min_spread) };
            // TaintToleration (weight 3): fewer untolerated PreferNoSchedule taints is better.
            let taint_score = if max_avoid == 0 { 100 } else { 100 * (max_avoid - avoid) / max_avoid };
            let score = 2 * spread_score + 3 * taint_score + base;
            if score > best_score {
                best_score = score;
                best = vec![*idx];
            } else if score == best_score {
                best.push(*idx);
            }
        }
        let pick = self.rng.below(best.len() as u32) as usize;
        let winner = best[pick.min(best.len() - 1)];
        Ok(nodes[winner].0.clone())
    }

    /// Binds a pod to a node. `by_scheduler`: the default-scheduler chose it (and says so in
    /// a `Scheduled` event); a pod created with `spec.nodeName` skips the scheduler.
    pub(crate) fn bind(&mut self, pod_name: &str, node: &str, by_scheduler: bool) {
        let now = self.now();
        self.store.bind_pod(pod_name, node);
        let host_ip = self
            .store
            .nodes
            .get(node)
            .and_then(|n| n.status.as_ref())
            .and_then(|s| s.addresses.first())
            .map(|a| a.address.clone());
        if let Some(pod) = self.store.pod_mut(pod_name) {
            let status = pod.status.get_or_insert_with(|| PodStatus { phase: "Pending".into(), ..Default::default() });
            status.conditions.retain(|c| c.type_ != "PodScheduled");
            status.conditions.push(PodCondition {
                type_: "PodScheduled".into(),
                status: "True".into(),
                last_transition_time: Some(now),
                reason: None,
                message: None,
            });
            status.host_ip = host_ip;
            let (cpu, mem) = pod_requests(&pod.spec);
            let (score_cpu, score_mem) = pod_requests_for_scoring(&pod.spec);
            let owner = pod.controller_ref().map(|o| o.name.clone());
            let terminating = pod.is_terminating();
            if let Some(agent) = self.agents.get_mut(node) {
                agent.requested_cpu += cpu;
                agent.requested_memory += mem;
                agent.scoring_cpu += score_cpu;
                agent.scoring_memory += score_mem;
                agent.pod_count += 1;
                if let (Some(owner), false) = (owner, terminating) {
                    *agent.owner_pods.entry(owner).or_default() += 1;
                }
            }
        }
        if by_scheduler {
            self.record(
                "Normal",
                "Scheduled",
                "Pod",
                pod_name,
                format!("Successfully assigned default/{pod_name} to {node}"),
                "default-scheduler",
            );
        }
        self.pod_changed(pod_name);
        // The kubelet's watch delivers the binding a moment later: the pod shows Pending
        // until then, as on a real cluster.
        self.schedule_in(crate::engine::kubelet::ADMIT_DELAY, Ev::KubeletAdmit { pod: pod_name.into() });
        self.consider_pod_eviction(pod_name);
    }
}
