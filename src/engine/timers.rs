//! The cluster's running timers, read-only, so a front-end can say *why* a learner waits:
//! "NotReady in 0:37", "pods evicted in 4:12", "restart in 0:40 (back-off 40s)", "2 of 3
//! failures", "next evaluation in 0:09", "scale-down blocked for 3:20". Each deadline is
//! computed from the same state and constants the controllers use, never guessed by the UI.
//!
//! Also the probe lights: each container's liveness / readiness / startup probe as passing,
//! failing or not run yet.

use crate::api::Taint;
use crate::engine::controllers::hpa::{Behavior, DOWNSCALE_STABILIZATION, SYNC_PERIOD};
use crate::engine::controllers::node_lifecycle::{MONITOR_PERIOD, NOT_READY, UNREACHABLE};
use crate::engine::kubelet::prober::{ProbeKind, ProbeResult};
use crate::engine::kubelet::CState;
use crate::engine::time::{SimDuration, SimTime};
use crate::engine::Cluster;

/// One running timer and when it fires.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Countdown {
    /// The node's kubelet stopped renewing its lease: the node controller marks it NotReady
    /// at its first 5 s pass after the grace period (50 s).
    NodeNotReady { node: String, at: SimTime },
    /// The node is NotReady: its pods are evicted when their toleration (300 s) runs out after
    /// the NoExecute taint. Exact once the taint is there; before, counted from the next pass.
    PodsEvicted { node: String, at: SimTime },
    /// A container in CrashLoopBackOff restarts at `at`; `backoff` is the current back-off.
    ContainerRestart { pod: String, container: String, at: SimTime, backoff: SimDuration },
    /// A probe is failing but has not reached its failure threshold yet.
    ProbeFailing { pod: String, container: String, kind: ProbeKind, failures: i64, threshold: i64 },
    /// The HPA controller's next sync (every 15 s).
    HpaEvaluation { hpa: String, at: SimTime },
    /// The HPA wants fewer replicas, but a higher recommendation inside the scale-down
    /// stabilization window holds the size until `until`.
    HpaScaleDownBlocked { hpa: String, until: SimTime, window: SimDuration },
}

/// A probe's light.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProbeLight {
    /// Not run since the container started (or the container is not running).
    NotRunYet,
    Passing,
    Failing,
}

/// One container's probes, in `ProbeKind::ALL` order (liveness, readiness, startup); `None`
/// where the container has no such probe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerProbes {
    pub container: String,
    pub probes: [Option<ProbeLight>; 3],
}

/// What a node has promised its pods against what it can give (the scheduler's arithmetic,
/// `kubectl describe node`'s "Allocated resources").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NodeRequests {
    /// Sum of the CPU requests of the pods bound here [millicores], and allocatable CPU.
    pub cpu_requested: i64,
    pub cpu_allocatable: i64,
    /// Sum of the memory requests [bytes], and allocatable memory.
    pub memory_requested: i64,
    pub memory_allocatable: i64,
}

/// The first pass of a periodic loop that runs at multiples of `period` strictly after `t`.
fn next_pass_after(t: SimTime, period: SimDuration) -> SimTime {
    let p = period.as_millis().max(1);
    SimTime((t.as_millis() / p + 1) * p)
}

/// The shortest toleration of `pod` for a NoExecute taint `key` (0 when not tolerated, `None`
/// when tolerated forever), as the taint-eviction controller reads it.
fn toleration_secs(pod: &crate::api::Pod, key: &str) -> Option<i64> {
    let taint = Taint { key: key.into(), value: None, effect: "NoExecute".into(), time_added: None };
    let mut matching = pod.spec.tolerations.iter().filter(|t| t.tolerates(&taint)).peekable();
    matching.peek()?;
    let mut min: Option<i64> = None;
    let mut any = false;
    for tol in matching {
        any = true;
        if let Some(secs) = tol.toleration_seconds {
            min = Some(min.map_or(secs, |m| m.min(secs)));
        }
    }
    if any {
        min
    } else {
        Some(0)
    }
}

impl Cluster {
    /// Every running timer, in a stable order: nodes, then pods, then HPAs (each by name).
    pub fn timers(&self) -> Vec<Countdown> {
        let mut out = Vec::new();
        self.node_timers(&mut out);
        self.pod_timers(&mut out);
        self.hpa_timers(&mut out);
        out
    }

    fn node_timers(&self, out: &mut Vec<Countdown>) {
        let now = self.now();
        for (name, node) in &self.store.nodes {
            let Some(agent) = self.agents.get(name) else { continue };
            let ready = node.ready_condition().map(|c| c.status.as_str()).unwrap_or("Unknown");
            if ready == "True" {
                if agent.reachable() {
                    continue;
                }
                // The controller notices a renew at its first pass after it; it counts the
                // grace from then, and turns the node NotReady at the first pass after that.
                let noticed = match self.node_lifecycle.seen(name) {
                    Some((renew, noticed)) if renew == agent.last_renew => noticed,
                    _ => next_pass_after(
                        agent.last_renew.max(SimTime(now.as_millis().saturating_sub(1))),
                        MONITOR_PERIOD,
                    ),
                };
                let at = next_pass_after(noticed + self.config.node_monitor_grace, MONITOR_PERIOD);
                out.push(Countdown::NodeNotReady { node: name.clone(), at });
                continue;
            }
            // NotReady: pods go when their tolerations run out.
            let key = if ready == "Unknown" { UNREACHABLE } else { NOT_READY };
            let tainted = node.spec.taints.iter().find(|t| t.key == key && t.effect == "NoExecute");
            let pods = self.store.pods_on_node(name);
            let at = if tainted.is_some() {
                pods.iter().filter_map(|pod| self.taint_timers.get(pod).map(|b| b.1)).min()
            } else {
                let taint_at = next_pass_after(now, MONITOR_PERIOD);
                pods.iter()
                    .filter_map(|pod| self.store.pod(pod))
                    .filter(|pod| !pod.is_terminating())
                    .filter_map(|pod| toleration_secs(pod, key))
                    .min()
                    .map(|secs| taint_at + SimDuration::from_secs(secs.max(0) as u64))
            };
            if let Some(at) = at {
                out.push(Countdown::PodsEvicted { node: name.clone(), at });
            }
        }
    }

    fn pod_timers(&self, out: &mut Vec<Countdown>) {
        for pod in self.store.pods().keys() {
            let Some(rt) = self.runtimes.get(pod) else { continue };
            if rt.terminating {
                continue;
            }
            for c in &rt.containers {
                if let CState::Waiting { reason, .. } = &c.state {
                    if reason == "CrashLoopBackOff" {
                        if let (Some(term), Some(backoff)) = (&c.last_terminated, c.backoff.current()) {
                            out.push(Countdown::ContainerRestart {
                                pod: pod.clone(),
                                container: c.spec.name.clone(),
                                at: term.finished_at + backoff,
                                backoff,
                            });
                        }
                    }
                    continue;
                }
                if !matches!(c.state, CState::Running { .. }) {
                    continue;
                }
                for worker in c.probes.iter().flatten() {
                    let failures = worker.failures_in_a_row();
                    let threshold = worker.probe.failure_threshold();
                    if failures > 0 && failures < threshold && !worker.on_hold && !worker.dormant {
                        out.push(Countdown::ProbeFailing {
                            pod: pod.clone(),
                            container: c.spec.name.clone(),
                            kind: worker.kind,
                            failures,
                            threshold,
                        });
                    }
                }
            }
        }
    }

    fn hpa_timers(&self, out: &mut Vec<Countdown>) {
        let now = self.now();
        for (name, hpa) in &self.store.hpas {
            // Syncs run at multiples of the period; a new HPA waits one period first.
            let mut at = next_pass_after(now, SYNC_PERIOD);
            if let Some(created) = hpa.metadata.creation_timestamp {
                while at < created + SYNC_PERIOD {
                    at = at + SYNC_PERIOD;
                }
            }
            out.push(Countdown::HpaEvaluation { hpa: name.clone(), at });
            let Some(history) = self.hpa.histories.get(&hpa.metadata.uid) else { continue };
            let Some(current) = hpa.status.as_ref().map(|s| s.current_replicas) else { continue };
            let Some(latest) = history.recommendations.last() else { continue };
            if latest.replicas >= current {
                continue;
            }
            let window = hpa
                .spec
                .behavior
                .as_ref()
                .map(|b| Behavior::from_api(b).scale_down.stabilization_window)
                .unwrap_or(DOWNSCALE_STABILIZATION);
            let until =
                history.recommendations.iter().filter(|rec| rec.replicas >= current).map(|rec| rec.at + window).max();
            if let Some(until) = until.filter(|until| *until > now) {
                out.push(Countdown::HpaScaleDownBlocked { hpa: name.clone(), until, window });
            }
        }
    }

    /// CPU and memory requested on `node` against its allocatable (`None` for an unknown node).
    pub fn node_requests(&self, node: &str) -> Option<NodeRequests> {
        self.agents.get(node).map(|agent| NodeRequests {
            cpu_requested: agent.requested_cpu,
            cpu_allocatable: agent.allocatable_cpu,
            memory_requested: agent.requested_memory,
            memory_allocatable: agent.allocatable_memory,
        })
    }

    /// The probe lights of each container of `pod` (empty for an unknown pod or one no
    /// kubelet runs).
    pub fn probe_lights(&self, pod: &str) -> Vec<ContainerProbes> {
        let Some(rt) = self.runtimes.get(pod) else { return Vec::new() };
        rt.containers
            .iter()
            .map(|c| {
                let running = matches!(c.state, CState::Running { .. });
                let mut probes = [None; 3];
                for worker in c.probes.iter().flatten() {
                    let light = if !running || !worker.has_run() {
                        ProbeLight::NotRunYet
                    } else {
                        match worker.result {
                            ProbeResult::Failure => ProbeLight::Failing,
                            ProbeResult::Success => ProbeLight::Passing,
                            // A startup probe that ran but has not succeeded yet.
                            ProbeResult::Unknown if worker.failures_in_a_row() > 0 => ProbeLight::Failing,
                            ProbeResult::Unknown => ProbeLight::NotRunYet,
                        }
                    };
                    probes[worker.kind.index()] = Some(light);
                }
                ContainerProbes { container: c.spec.name.clone(), probes }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::controllers::hpa::Timed;

    fn secs(s: u64) -> SimDuration {
        SimDuration::from_secs(s)
    }

    fn cluster_with(yaml: &str) -> Cluster {
        let mut cluster = Cluster::new(1);
        cluster.apply_yaml(yaml).expect("valid manifest");
        cluster.run_for(secs(30));
        cluster
    }

    const WEB: &str = "
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: nginx, image: nginx, resources: {requests: {cpu: 100m}}}
";

    /// Runs `cluster` to just before `at`, then to `at`: `before` must hold first, `after` then.
    fn check_fires(cluster: &mut Cluster, at: SimTime, what: &str, holds: impl Fn(&Cluster) -> bool) {
        cluster.run_until(SimTime(at.as_millis() - 1));
        assert!(!holds(cluster), "{what} already at {}", cluster.now());
        cluster.run_until(at);
        assert!(holds(cluster), "{what} not yet at {}", cluster.now());
    }

    fn node_ready(cluster: &Cluster, node: &str) -> bool {
        cluster.store.nodes[node].ready_condition().is_some_and(|c| c.status == "True")
    }

    #[test]
    fn passes_are_strictly_after() {
        assert_eq!(next_pass_after(SimTime::from_secs(0), secs(5)), SimTime::from_secs(5));
        assert_eq!(next_pass_after(SimTime::from_secs(7), secs(5)), SimTime::from_secs(10));
        assert_eq!(next_pass_after(SimTime::from_secs(10), secs(5)), SimTime::from_secs(15));
    }

    /// Power off a node: "NotReady in ..." fires exactly when the node turns NotReady, then
    /// "pods evicted in ..." exactly when its pod is marked for deletion.
    #[test]
    fn node_countdowns_fire_when_they_say() {
        let mut cluster = cluster_with(WEB);
        assert!(cluster.timers().iter().all(|t| !matches!(t, Countdown::NodeNotReady { .. })));
        let victim = cluster.store.pods_on_node("node-2")[0].clone();
        cluster.power_off("node-2").expect("node exists");
        let timers = cluster.timers();
        let Some(Countdown::NodeNotReady { at, .. }) =
            timers.iter().find(|t| matches!(t, Countdown::NodeNotReady { node, .. } if node == "node-2"))
        else {
            panic!("no NotReady countdown in {timers:?}")
        };
        let at = *at;
        assert!(at > cluster.now() + secs(30) && at <= cluster.now() + secs(65), "NotReady at {at}");
        check_fires(&mut cluster, at, "node-2 NotReady", |c| !node_ready(c, "node-2"));

        let evicted_at = cluster
            .timers()
            .iter()
            .find_map(|t| match t {
                Countdown::PodsEvicted { node, at } if node == "node-2" => Some(*at),
                _ => None,
            })
            .expect("an eviction countdown");
        assert!(evicted_at >= cluster.now() + secs(300), "evicted at {evicted_at}");
        // Once the NoExecute taint is there the countdown is exact; check it did not move.
        cluster.run_for(secs(20));
        let exact = cluster.timers().iter().find_map(|t| match t {
            Countdown::PodsEvicted { at, .. } => Some(*at),
            _ => None,
        });
        assert_eq!(exact, Some(evicted_at));
        check_fires(&mut cluster, evicted_at, "eviction", |c| c.store.pod(&victim).is_none_or(|p| p.is_terminating()));
    }

    /// A container that exits at once: "restart in ..." fires when the restart count goes up,
    /// and reports the back-off the kubelet wrote in its message.
    #[test]
    fn crash_loop_countdown_fires_when_it_says() {
        let mut cluster = cluster_with(
            "
apiVersion: v1
kind: Pod
metadata: {name: crash}
spec:
  containers:
  - {name: app, image: busybox, command: [sh, -c, 'exit 1']}
",
        );
        cluster.run_for(secs(30));
        let restarts = |c: &Cluster| {
            c.store.pod("crash").and_then(|p| p.status.as_ref()).map_or(0, |s| s.container_statuses[0].restart_count)
        };
        let (at, backoff) = cluster
            .timers()
            .iter()
            .find_map(|t| match t {
                Countdown::ContainerRestart { pod, container, at, backoff } if pod == "crash" && container == "app" => {
                    Some((*at, *backoff))
                }
                _ => None,
            })
            .expect("a restart countdown while in CrashLoopBackOff");
        assert!(backoff >= secs(10), "back-off {backoff:?}");
        let before = restarts(&cluster);
        cluster.run_until(SimTime(at.as_millis() - 1));
        assert_eq!(restarts(&cluster), before, "restarted before {at}");
        cluster.run_until(at + secs(2));
        assert_eq!(restarts(&cluster), before + 1, "not restarted by {at} + 2s");
    }

    /// Seed 004's exec liveness probe: after the file is removed, the countdown counts the
    /// failures 1 and 2 of 3, the lights show liveness passing then failing, and the third
    /// failure restarts the container.
    #[test]
    fn probe_failures_count_up_to_the_threshold() {
        let mut cluster = cluster_with(
            "
apiVersion: v1
kind: Pod
metadata: {name: liveness-exec}
spec:
  containers:
  - name: liveness
    image: busybox
    args: [/bin/sh, -c, 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600']
    livenessProbe:
      exec: {command: [cat, /tmp/healthy]}
      initialDelaySeconds: 5
      periodSeconds: 5
",
        );
        let lights = cluster.probe_lights("liveness-exec");
        assert_eq!(lights[0].probes, [Some(ProbeLight::Passing), None, None]);
        let mut seen = Vec::new();
        for _ in 0..60 {
            cluster.run_for(secs(1));
            for t in cluster.timers() {
                if let Countdown::ProbeFailing { kind, failures, threshold, .. } = t {
                    assert_eq!((kind, threshold), (ProbeKind::Liveness, 3));
                    if seen.last() != Some(&failures) {
                        seen.push(failures);
                    }
                }
            }
        }
        assert_eq!(seen, [1, 2]);
        let status = cluster.store.pod("liveness-exec").and_then(|p| p.status.clone()).expect("status");
        assert_eq!(status.container_statuses[0].restart_count, 1);
    }

    #[test]
    fn node_requests_add_up_the_pods() {
        let cluster = cluster_with(WEB);
        let requests = cluster.node_requests("node-1").expect("node-1");
        assert_eq!(requests.cpu_requested, 100);
        assert!(requests.cpu_allocatable >= 1000 && requests.memory_allocatable > 0, "{requests:?}");
        assert_eq!(cluster.node_requests("node-9"), None);
    }

    #[test]
    fn a_pod_without_probes_has_no_lights() {
        let cluster = cluster_with(WEB);
        let pod = cluster.store.pods_on_node("node-1")[0].clone();
        assert_eq!(cluster.probe_lights(&pod), [ContainerProbes { container: "nginx".into(), probes: [None; 3] }]);
        assert_eq!(cluster.probe_lights("nope"), []);
    }

    /// The HPA's next sync is the next multiple of 15 s; a higher recommendation in the
    /// window blocks a scale-down until it is 5 minutes old.
    #[test]
    fn hpa_countdowns() {
        let mut cluster = cluster_with(&format!(
            "{WEB}---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {{name: web}}
spec:
  scaleTargetRef: {{apiVersion: apps/v1, kind: Deployment, name: web}}
  minReplicas: 1
  maxReplicas: 5
  metrics:
  - type: Resource
    resource: {{name: cpu, target: {{type: Utilization, averageUtilization: 50}}}}
"
        ));
        cluster.run_until(SimTime::from_secs(37));
        let evaluation = cluster.timers().into_iter().find(|t| matches!(t, Countdown::HpaEvaluation { .. }));
        assert_eq!(evaluation, Some(Countdown::HpaEvaluation { hpa: "web".into(), at: SimTime::from_secs(45) }));

        // The HPA saw 3 replicas at its first sync; pretend an earlier one recommended 5.
        let uid = cluster.store.hpas["web"].metadata.uid.clone();
        let history = cluster.hpa.histories.get_mut(&uid).expect("history after the first sync");
        history.recommendations.insert(0, Timed { at: SimTime::from_secs(20), replicas: 5 });
        history.recommendations.push(Timed { at: SimTime::from_secs(30), replicas: 1 });
        if let Some(status) = cluster.store.hpas.get_mut("web").and_then(|h| h.status.as_mut()) {
            status.current_replicas = 3;
        }
        let blocked = cluster.timers().into_iter().find(|t| matches!(t, Countdown::HpaScaleDownBlocked { .. }));
        assert_eq!(
            blocked,
            Some(Countdown::HpaScaleDownBlocked {
                hpa: "web".into(),
                until: SimTime::from_secs(20) + DOWNSCALE_STABILIZATION,
                window: DOWNSCALE_STABILIZATION,
            })
        );
    }
}
