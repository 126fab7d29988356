//! Node lifecycle and taint-based eviction, plus the machine-level playground verbs (power,
//! network) that drive them.
//!
//! Models pkg/controller/nodelifecycle/node_lifecycle_controller.go (v1.35): a 5 s monitor pass;
//! a node whose lease was not seen renewed for the grace period (50 s) turns Ready=Unknown,
//! its pods' Ready conditions turn False and it gets `unreachable:NoSchedule`; the NoExecute
//! taint follows on the next pass, rate-limited per zone; and pkg/controller/tainteviction
//! evicts pods when their toleration (300 s by default) runs out.

use crate::api::*;
use crate::engine::kubelet::{BOOT_TIME, LEASE_RENEW};
use crate::engine::time::{SimDuration, SimTime};
use crate::engine::{ApiError, Cluster, DrainReport, Ev, NodeOutcome};
use crate::small_map::SmallMap;
use crate::sort::SmallSort;
use std::collections::BTreeMap;

pub const MONITOR_PERIOD: SimDuration = SimDuration::from_secs(5);
/// Token bucket of `--node-eviction-rate` 0.1/s: one NoExecute taint per zone per 10 s.
pub const EVICTION_INTERVAL: SimDuration = SimDuration::from_secs(10);
pub const UNREACHABLE: &str = "node.kubernetes.io/unreachable";
pub const NOT_READY: &str = "node.kubernetes.io/not-ready";
pub const UNSCHEDULABLE: &str = "node.kubernetes.io/unschedulable";

#[derive(Clone, Debug, Default)]
pub struct NodeLifecycle {
    /// Per node: the lease renew time last seen, and when the controller saw it change
    /// (boxed: one B-tree copy with the other `BTreeMap<String, Box<_>>`s).
    seen: BTreeMap<String, Box<(SimTime, SimTime)>>,
    /// Per zone: earliest time the next NoExecute taint may be added.
    zone_next_taint: SmallMap<String, SimTime>,
}

impl NodeLifecycle {
    pub fn observe(&mut self, node: &str, now: SimTime) {
        self.seen.insert(node.to_string(), Box::new((now, now)));
    }

    /// The lease renew time last seen for `node`, and when the controller saw it change.
    pub fn seen(&self, node: &str) -> Option<(SimTime, SimTime)> {
        self.seen.get(node).map(|seen| **seen)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ZoneState {
    Normal,
    PartialDisruption,
    FullDisruption,
}

fn zone_of(node: &Node) -> String {
    node.metadata.labels.get("topology.kubernetes.io/zone").cloned().unwrap_or_default()
}

fn ready_status(node: &Node) -> &str {
    node.ready_condition().map(|c| c.status.as_str()).unwrap_or("Unknown")
}

impl Cluster {
    // ---------------------------------------------------------------- kubelet side

    pub(crate) fn heartbeat(&mut self, node: &str, boot: u64) {
        let now = self.now();
        let Some(agent) = self.agents.get_mut(node) else { return };
        if agent.boot != boot || !agent.powered {
            return;
        }
        self.schedule(now + LEASE_RENEW, Ev::Heartbeat { node: node.to_string(), boot });
        let agent = self.agents.get_mut(node).expect("checked above");
        if !agent.connected {
            return;
        }
        agent.last_renew = now;
        // tryUpdateNodeStatus: the kubelet posts Ready=True when the API shows otherwise.
        if self.store.nodes.get(node).is_some_and(|n| ready_status(n) != "True") {
            self.post_node_ready(node);
        }
    }

    fn post_node_ready(&mut self, node: &str) {
        let now = self.now();
        if let Some(n) = self.store.nodes.get_mut(node) {
            if let Some(status) = n.status.as_mut() {
                for c in status.conditions.iter_mut() {
                    let (state, reason, message) = match c.type_.as_str() {
                        "MemoryPressure" => {
                            ("False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available")
                        }
                        "DiskPressure" => ("False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                        "PIDPressure" => ("False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                        _ => ("True", "KubeletReady", "kubelet is posting ready status"),
                    };
                    c.status = state.into();
                    c.reason = Some(reason.into());
                    c.message = Some(message.into());
                    c.last_transition_time = Some(now);
                    c.last_heartbeat_time = Some(now);
                }
            }
        }
        self.record("Normal", "NodeReady", "Node", node, format!("Node {node} status is now: NodeReady"), "kubelet");
    }

    /// Playground: cut the power. Containers die with the machine; nothing is reported.
    pub fn power_off(&mut self, node: &str) -> Result<NodeOutcome, ApiError> {
        let now = self.now();
        let agent = self.agents.get_mut(node).ok_or_else(|| ApiError::not_found("nodes", node))?;
        if !agent.powered {
            return Ok(NodeOutcome::AlreadyOff);
        }
        agent.powered = false;
        agent.powered_off_at = Some(now);
        agent.boot += 1;
        let mut pods: Vec<String> =
            self.runtimes.iter().filter(|(_, rt)| rt.node == node).map(|(name, _)| name.clone()).collect();
        pods.sort_small();
        for pod in pods {
            self.drop_runtime(&pod);
        }
        Ok(NodeOutcome::PoweredOff)
    }

    /// Playground: power on; the kubelet comes up after the boot time.
    pub fn power_on(&mut self, node: &str) -> Result<NodeOutcome, ApiError> {
        let agent = self.agents.get_mut(node).ok_or_else(|| ApiError::not_found("nodes", node))?;
        if agent.powered {
            return Ok(NodeOutcome::AlreadyOn);
        }
        agent.powered = true;
        agent.boot += 1;
        let boot = agent.boot;
        self.schedule_in(BOOT_TIME, Ev::NodeBooted { node: node.to_string(), boot });
        Ok(NodeOutcome::PoweringOn { boot: BOOT_TIME })
    }

    pub(crate) fn node_booted(&mut self, node: &str, boot: u64) {
        let now = self.now();
        let Some(agent) = self.agents.get_mut(node) else { return };
        if agent.boot != boot || !agent.powered {
            return;
        }
        let phase = agent.heartbeat_phase;
        self.record("Normal", "Starting", "Node", node, "Starting kubelet.".into(), "kubelet");
        let boot_id = self.new_uid();
        self.record(
            "Warning",
            "Rebooted",
            "Node",
            node,
            format!("Node {node} has been rebooted, boot id: {boot_id}"),
            "kubelet",
        );
        self.heartbeat(node, boot);
        let _ = phase;
        let _ = now;
        // Re-admit the pods the API still binds here: evicted ones finish terminating, the
        // others restart their containers.
        for pod in self.store.pods_on_node(node) {
            self.kubelet_admit(&pod);
        }
        self.write_node_pod_statuses(node);
    }

    /// Playground: the kubelet loses the control plane; containers keep running.
    pub fn disconnect(&mut self, node: &str) -> Result<NodeOutcome, ApiError> {
        let agent = self.agents.get_mut(node).ok_or_else(|| ApiError::not_found("nodes", node))?;
        agent.connected = false;
        Ok(NodeOutcome::Disconnected)
    }

    pub fn reconnect(&mut self, node: &str) -> Result<NodeOutcome, ApiError> {
        let agent = self.agents.get_mut(node).ok_or_else(|| ApiError::not_found("nodes", node))?;
        if agent.connected {
            return Ok(NodeOutcome::AlreadyConnected);
        }
        agent.connected = true;
        let boot = agent.boot;
        let powered = agent.powered;
        if powered {
            self.heartbeat_now(node, boot);
            self.write_node_pod_statuses(node);
            for pod in self.store.pods_on_node(node) {
                if let Some(inst) = self.runtimes.get(&pod).map(|rt| rt.inst) {
                    self.schedule(self.now(), Ev::KubeletSync { pod: pod.as_str().into(), inst });
                } else {
                    self.kubelet_admit(&pod);
                }
            }
        }
        Ok(NodeOutcome::Reconnected)
    }

    fn heartbeat_now(&mut self, node: &str, boot: u64) {
        let now = self.now();
        if let Some(agent) = self.agents.get_mut(node) {
            if agent.boot == boot && agent.reachable() {
                agent.last_renew = now;
            }
        }
        if self.store.nodes.get(node).is_some_and(|n| ready_status(n) != "True") {
            self.post_node_ready(node);
        }
    }

    // ---------------------------------------------------------------- controller side

    /// monitorNodeHealth: one 5 s pass over every node. The common case (every node healthy
    /// and recently renewed) allocates nothing, as it runs 720 times an hour on every node.
    pub(crate) fn node_monitor(&mut self) {
        let now = self.now();
        self.schedule(now + MONITOR_PERIOD, Ev::NodeMonitor);
        let grace = self.config.node_monitor_grace;
        // Conditions as observed at the start of the pass decide NoExecute tainting.
        let mut unhealthy: Vec<(String, bool)> = Vec::new(); // (node, Unknown rather than False)
        let mut stale: Vec<String> = Vec::new();
        let mut recovered: Vec<String> = Vec::new();
        for (name, node) in &self.store.nodes {
            let status = ready_status(node);
            let renew = self.agents.get(name).map(|a| a.last_renew).unwrap_or(now);
            let probe_ts = match self.node_lifecycle.seen.get_mut(name.as_str()) {
                Some(entry) => {
                    if entry.0 != renew {
                        **entry = (renew, now);
                    }
                    entry.1
                }
                None => now,
            };
            match status {
                "True" => {
                    if now > probe_ts + grace {
                        stale.push(name.clone());
                    } else if !node.spec.taints.is_empty()
                        && node.spec.taints.iter().any(|t| t.key == UNREACHABLE || t.key == NOT_READY)
                    {
                        recovered.push(name.clone());
                    }
                }
                other => unhealthy.push((name.clone(), other == "Unknown")),
            }
        }
        for name in &stale {
            self.mark_node_unknown(name);
        }
        for name in &recovered {
            self.remove_node_taint(name, UNREACHABLE, "NoSchedule");
            self.remove_node_taint(name, NOT_READY, "NoSchedule");
            if self.remove_node_taint(name, UNREACHABLE, "NoExecute")
                | self.remove_node_taint(name, NOT_READY, "NoExecute")
            {
                self.taints_removed(name);
            }
        }
        if unhealthy.is_empty() && stale.is_empty() {
            return;
        }
        // Zone states and NoExecute tainting (handleDisruption, processTaintBaseEviction).
        let mut zones: SmallMap<String, (usize, usize)> = SmallMap::new();
        for node in self.store.nodes.values() {
            let entry = zones.get_or_default(zone_of(node));
            entry.0 += 1;
            if ready_status(node) != "True" {
                entry.1 += 1;
            }
        }
        let state_of = |total: usize, not_ready: usize| -> ZoneState {
            if not_ready > 0 && not_ready == total {
                ZoneState::FullDisruption
            } else if not_ready > 2 && not_ready as f64 / total as f64 >= 0.55 {
                ZoneState::PartialDisruption
            } else {
                ZoneState::Normal
            }
        };
        let all_full = zones.values().all(|(t, n)| state_of(*t, *n) == ZoneState::FullDisruption);
        if all_full {
            // "Master disruption mode": assume the control plane is the problem.
            let names: Vec<String> = self.store.nodes.keys().cloned().collect();
            for name in &names {
                if self.remove_node_taint(name, UNREACHABLE, "NoExecute")
                    | self.remove_node_taint(name, NOT_READY, "NoExecute")
                {
                    self.taints_removed(name);
                }
            }
            return;
        }
        for (name, unknown) in unhealthy {
            let Some(node) = self.store.nodes.get(&name) else { continue };
            let key = if unknown { UNREACHABLE } else { NOT_READY };
            if node.spec.taints.iter().any(|t| t.key == key && t.effect == "NoExecute") {
                continue;
            }
            let zone = zone_of(node);
            let (total, not_ready) = zones.get(&zone).copied().unwrap_or((1, 1));
            let state = state_of(total, not_ready);
            if state == ZoneState::PartialDisruption && total <= 50 {
                continue;
            }
            let interval = if state == ZoneState::PartialDisruption {
                EVICTION_INTERVAL.as_millis() * 10
            } else {
                EVICTION_INTERVAL.as_millis()
            };
            let next = self.node_lifecycle.zone_next_taint.get(&zone).copied().unwrap_or(SimTime::ZERO);
            if now < next {
                continue;
            }
            self.node_lifecycle.zone_next_taint.insert(zone, now + SimDuration::from_millis(interval));
            self.add_node_taint(&name, key, "NoExecute");
            self.mark_on(
                crate::engine::series::MarkerKind::NoExecuteTaint,
                &name,
                format!("{name} tainted NoExecute"),
                None,
            );
            self.taint_added(&name);
        }
    }

    fn mark_node_unknown(&mut self, name: &str) {
        let now = self.now();
        if let Some(node) = self.store.nodes.get_mut(name) {
            if let Some(status) = node.status.as_mut() {
                // Ready and the pressure conditions all turn Unknown; lastHeartbeatTime stays
                // at the kubelet's last status post (the controller is not the kubelet).
                for c in status.conditions.iter_mut() {
                    c.status = "Unknown".into();
                    c.reason = Some("NodeStatusUnknown".into());
                    c.message = Some("Kubelet stopped posting node status.".into());
                    c.last_transition_time = Some(now);
                }
            }
        }
        self.record(
            "Normal",
            "NodeNotReady",
            "Node",
            name,
            format!("Node {name} status is now: NodeNotReady"),
            "node-controller",
        );
        self.mark_node_not_ready(name);
        self.add_node_taint(name, UNREACHABLE, "NoSchedule");
        // MarkPodsNotReady: the pod Ready condition only; container statuses stay as they were.
        for pod_name in self.store.pods_on_node(name) {
            let mut changed = false;
            if let Some(pod) = self.store.pod_mut(&pod_name) {
                if let Some(status) = pod.status.as_mut() {
                    for c in status.conditions.iter_mut().filter(|c| c.type_ == "Ready" && c.status != "False") {
                        c.status = "False".into();
                        c.last_transition_time = Some(now);
                        c.reason = None;
                        c.message = None;
                        changed = true;
                    }
                }
            }
            if changed {
                self.record("Warning", "NodeNotReady", "Pod", &pod_name, "Node is not ready".into(), "node-controller");
                self.pod_changed(&pod_name);
            }
        }
        self.dirty.scheduler = true;
    }

    pub(crate) fn add_node_taint(&mut self, node: &str, key: &str, effect: &str) {
        let now = self.now();
        if let Some(n) = self.store.nodes.get_mut(node) {
            if !n.spec.taints.iter().any(|t| t.key == key && t.effect == effect) {
                let time_added = (effect == "NoExecute").then_some(now);
                n.spec.taints.push(Taint { key: key.into(), value: None, effect: effect.into(), time_added });
                self.dirty.scheduler = true;
            }
        }
    }

    /// Removes a taint; returns whether it was there.
    pub(crate) fn remove_node_taint(&mut self, node: &str, key: &str, effect: &str) -> bool {
        let Some(n) = self.store.nodes.get_mut(node) else { return false };
        let before = n.spec.taints.len();
        n.spec.taints.retain(|t| !(t.key == key && t.effect == effect));
        let removed = n.spec.taints.len() != before;
        if removed {
            self.dirty.scheduler = true;
        }
        removed
    }

    // ---------------------------------------------------------------- taint eviction

    /// The taint-eviction controller saw a new NoExecute taint on `node`.
    fn taint_added(&mut self, node: &str) {
        for pod in self.store.pods_on_node(node) {
            self.consider_pod_eviction(&pod);
        }
    }

    /// Schedules (or performs) the eviction of one pod on a NoExecute-tainted node.
    pub(crate) fn consider_pod_eviction(&mut self, pod_name: &str) {
        let now = self.now();
        let Some(pod) = self.store.pod(pod_name) else { return };
        if pod.is_terminating() {
            return;
        }
        let Some(node) = pod.node_name().and_then(|n| self.store.nodes.get(n)) else { return };
        let taints: Vec<&Taint> = node.spec.taints.iter().filter(|t| t.effect == "NoExecute").collect();
        if taints.is_empty() {
            return;
        }
        let mut min_secs: Option<i64> = None;
        for taint in &taints {
            let matching: Vec<&Toleration> = pod.spec.tolerations.iter().filter(|t| t.tolerates(taint)).collect();
            if matching.is_empty() {
                min_secs = Some(0);
                break;
            }
            for tol in matching {
                if let Some(secs) = tol.toleration_seconds {
                    min_secs = Some(min_secs.map_or(secs, |m| m.min(secs)));
                }
            }
        }
        let Some(secs) = min_secs else { return }; // tolerated forever
        let at = now + SimDuration::from_secs(secs.max(0) as u64);
        if let Some((_, existing)) = self.taint_timers.get(pod_name).map(|b| &**b) {
            if *existing <= at {
                return;
            }
        }
        let uid = pod.metadata.uid.clone();
        if let Some((key, _)) = self.taint_timers.remove(pod_name).map(|b| *b) {
            self.cancel(key);
        }
        let key = self.schedule(at, Ev::TaintEviction { pod: pod_name.to_string(), uid });
        self.taint_timers.insert(pod_name.to_string(), Box::new((key, at)));
    }

    fn taints_removed(&mut self, node: &str) {
        for pod in self.store.pods_on_node(node) {
            if let Some((key, _)) = self.taint_timers.remove(&pod).map(|b| *b) {
                self.cancel(key);
                self.record(
                    "Normal",
                    "TaintManagerEviction",
                    "Pod",
                    &pod,
                    format!("Cancelling deletion of Pod default/{pod}"),
                    "taint-eviction-controller",
                );
            }
        }
    }

    pub(crate) fn taint_evict(&mut self, pod_name: &str, uid: &str) {
        self.taint_timers.remove(pod_name);
        let now = self.now();
        let Some(pod) = self.store.pod_mut(pod_name) else { return };
        if pod.metadata.uid != uid || pod.is_terminating() {
            return;
        }
        if let Some(status) = pod.status.as_mut() {
            status.conditions.push(PodCondition {
                type_: "DisruptionTarget".into(),
                status: "True".into(),
                last_transition_time: Some(now),
                reason: Some("DeletionByTaintManager".into()),
                message: Some("Taint manager: deleting due to NoExecute taint".into()),
            });
        }
        self.record(
            "Normal",
            "TaintManagerEviction",
            "Pod",
            pod_name,
            format!("Marking for deletion Pod default/{pod_name}"),
            "taint-eviction-controller",
        );
        self.mark_eviction(pod_name);
        let _ = self.delete_pod(pod_name, None, false);
    }

    // ---------------------------------------------------------------- cordon / drain

    /// `kubectl cordon`/`uncordon`: marks the node (un)schedulable. Returns whether anything
    /// changed (false when it already was).
    pub fn cordon(&mut self, node: &str, on: bool) -> Result<bool, ApiError> {
        let n = self.store.nodes.get_mut(node).ok_or_else(|| ApiError::not_found("nodes", node))?;
        let was = n.spec.unschedulable.unwrap_or(false);
        if was == on {
            return Ok(false);
        }
        n.spec.unschedulable = on.then_some(true);
        if on {
            self.add_node_taint(node, UNSCHEDULABLE, "NoSchedule");
        } else {
            self.remove_node_taint(node, UNSCHEDULABLE, "NoSchedule");
        }
        self.dirty.scheduler = true;
        Ok(true)
    }

    /// `kubectl drain`: cordon, then evict every pod on the node (no PDBs in kubeplay).
    pub fn drain(&mut self, node: &str) -> Result<DrainReport, ApiError> {
        let already_cordoned = !self.cordon(node, true)?;
        let mut evicted = Vec::new();
        for pod in self.store.pods_on_node(node) {
            if self.store.pod(&pod).is_some_and(|p| !p.is_terminating()) {
                let _ = self.delete_pod(&pod, None, false);
                evicted.push(pod);
            }
        }
        Ok(DrainReport { already_cordoned, evicted })
    }

    /// Whether the node's machine is on.
    pub fn node_powered(&self, node: &str) -> bool {
        self.agents.get(node).is_some_and(|a| a.powered)
    }

    pub fn node_connected(&self, node: &str) -> bool {
        self.agents.get(node).is_some_and(|a| a.connected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conditions(cluster: &Cluster, node: &str) -> Vec<Condition> {
        cluster.store.nodes[node].status.as_ref().map(|s| s.conditions.clone()).unwrap_or_default()
    }

    #[test]
    fn unknown_conditions_keep_the_kubelets_last_heartbeat() {
        let mut cluster = Cluster::new(1);
        cluster.run_for(SimDuration::from_secs(60));
        cluster.power_off("node-2").expect("node-2");
        cluster.run_for(SimDuration::from_secs(120));
        cluster.power_on("node-2").expect("node-2");
        cluster.run_for(SimDuration::from_secs(60));
        let ready = conditions(&cluster, "node-2");
        let posted = ready[0].last_heartbeat_time.expect("the kubelet posted status");
        assert!(ready.iter().all(|c| c.status != "Unknown" && c.last_heartbeat_time == Some(posted)), "{ready:?}");
        cluster.power_off("node-2").expect("node-2");
        cluster.run_for(SimDuration::from_secs(120));
        for c in conditions(&cluster, "node-2") {
            assert_eq!((c.status.as_str(), c.last_heartbeat_time), ("Unknown", Some(posted)), "{c:?}");
            assert!(c.last_transition_time.is_some_and(|t| t > posted + SimDuration::from_secs(50)), "{c:?}");
        }
        let now = cluster.now();
        let text = crate::print::describe::describe_node(&cluster.store.nodes["node-2"], &[], &[], now);
        let line = text.lines().find(|l| l.trim_start().starts_with("Ready")).expect("a Ready line");
        let stamps: Vec<&str> = line.split("   ").map(str::trim).filter(|s| s.contains("+0000")).collect();
        assert_eq!(stamps.len(), 2, "{line}");
        assert_ne!(stamps[0], stamps[1], "{line}");
    }
}
