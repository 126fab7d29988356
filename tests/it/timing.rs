//! Reference timelines (../shared/reference/kubernetes-behavior.md) as assertions on cluster
//! time, ±1 s unless the reference gives a range. Each test names the section it checks.

use crate::support::*;
use kubeplay::engine::Cluster;

const EXEC_LIVENESS: &str = include_str!("../scenarios/exec-liveness.yaml");

fn cluster_with(yaml: &str) -> Cluster {
    let mut cluster = Cluster::new(7);
    apply(&mut cluster, yaml);
    cluster
}

/// §2.2.3: killed repeatedly, a container restarts after ~0 s, then 10, 20, 40 s.
#[test]
fn killed_container_backs_off_10_20_40() {
    let mut cluster = cluster_with("apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - {name: nginx, image: 'nginx:1.27'}\n");
    run_until(&mut cluster, 10.0);
    let mut delays = Vec::new();
    for _ in 0..4 {
        let killed_at = cluster.now().as_millis() as f64 / 1000.0;
        sh(&mut cluster, "kill web");
        let before = event_times(&cluster, "Started", "web").len();
        assert_eq!(status(&cluster, "web"), "Error");
        while event_times(&cluster, "Started", "web").len() == before {
            advance(&mut cluster, 1);
            if cluster.now().whole_secs() > 600 {
                panic!("no restart");
            }
        }
        let started = *event_times(&cluster, "Started", "web").last().expect("a start");
        delays.push(started - killed_at);
        advance(&mut cluster, 2);
    }
    for (got, want) in delays.iter().zip([1.0, 10.0, 20.0, 40.0]) {
        assert_near(*got, want, 1.0, "restart delay");
    }
    assert_eq!(restarts(&cluster, "web"), 4);
}

/// §2.3: between restarts the STATUS column shows CrashLoopBackOff, and RESTARTS `N (Xs ago)`.
#[test]
fn crash_loop_back_off_status_between_restarts() {
    let mut cluster = cluster_with("apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - {name: nginx, image: 'nginx:1.27'}\n");
    run_until(&mut cluster, 10.0);
    sh(&mut cluster, "kill web");
    run_until(&mut cluster, 15.0);
    sh(&mut cluster, "kill web");
    run_until(&mut cluster, 20.0);
    assert_eq!(status(&cluster, "web"), "CrashLoopBackOff");
    let pod = cluster.store().pod("web").expect("pod");
    assert_eq!(kubeplay::print::pod_restarts(pod, cluster.now()), "1 (5s ago)");
    let waiting = pod.status.as_ref().expect("status").container_statuses[0].state.waiting.clone().expect("waiting");
    assert!(
        waiting
            .message
            .as_deref()
            .unwrap_or("")
            .starts_with("back-off 10s restarting failed container=nginx pod=web_default("),
        "{waiting:?}"
    );
}

/// §11.2: the exec-liveness example fails its probe at ~35, 40, 45 s, is killed at ~45 s and,
/// with `sh` ignoring SIGTERM, restarts 30 s later with exit code 137.
#[test]
fn exec_liveness_example_timeline() {
    let mut cluster = Cluster::new(1);
    apply(&mut cluster, EXEC_LIVENESS.split("\n---\n").next().expect("pod document"));
    run_until(&mut cluster, 100.0);
    let started = event_times(&cluster, "Started", "liveness-exec");
    let unhealthy = event_times(&cluster, "Unhealthy", "liveness-exec");
    let killing = event_times(&cluster, "Killing", "liveness-exec");
    let t0 = started[0];
    assert!(t0 <= 3.0, "container starts within the pull time, got {t0}");
    assert_eq!(unhealthy.len(), 3, "{unhealthy:?}");
    assert_near(unhealthy[0] - t0, 35.0, 5.0, "first failure (30 s + up to one period)");
    assert_near(unhealthy[2] - unhealthy[0], 10.0, 0.01, "three failures 5 s apart");
    assert_near(killing[0], unhealthy[2], 0.01, "kill at the third failure");
    assert_near(started[1] - killing[0], 30.0, 1.0, "SIGKILL after the 30 s grace period, then restart");
    let pod = cluster.store().pod("liveness-exec").expect("pod");
    let last =
        pod.status.as_ref().expect("status").container_statuses[0].last_state.terminated.clone().expect("terminated");
    assert_eq!((last.exit_code, last.reason.as_str()), (137, "Error"));
    assert_eq!(restarts(&cluster, "liveness-exec"), 1);
}

/// §2.2.4: liveness kills of the exec example do not enter CrashLoopBackOff before about the
/// 5th restart (the back-off must grow past the ~75 s container lifetime first).
#[test]
fn exec_liveness_enters_crash_loop_around_fifth_restart() {
    let mut cluster = Cluster::new(1);
    apply(&mut cluster, EXEC_LIVENESS.split("\n---\n").next().expect("pod document"));
    run_until(&mut cluster, 900.0);
    let backoffs = event_times(&cluster, "BackOff", "liveness-exec");
    let starts = event_times(&cluster, "Started", "liveness-exec");
    let first_backoff = backoffs.first().copied().expect("a BackOff by 15 min");
    let restarts_before = starts.iter().filter(|t| **t < first_backoff).count() - 1;
    assert!((4..=6).contains(&restarts_before), "first CrashLoopBackOff after {restarts_before} restarts");
}

/// §11.3: agnhost liveness answers 500 after 10 s; probes every 3 s from 3 s; three failures
/// then an immediate restart (the Go server exits on SIGTERM).
#[test]
fn http_liveness_agnhost_restarts_after_three_failures() {
    let mut cluster = Cluster::new(1);
    apply(&mut cluster, include_str!("../scenarios/http-liveness.yaml").split("\n---\n").next().expect("pod"));
    run_until(&mut cluster, 30.0);
    let started = event_times(&cluster, "Started", "liveness-http");
    let unhealthy = event_times(&cluster, "Unhealthy", "liveness-http");
    let killing = event_times(&cluster, "Killing", "liveness-http");
    assert_eq!(unhealthy.len(), 3);
    assert_near(unhealthy[0] - started[0], 12.0, 3.0, "first 500 after the 10 s of 200s");
    assert_near(killing[0] - unhealthy[0], 6.0, 0.01, "kill at the third failure, 3 s apart");
    assert_near(started[1] - killing[0], 0.0, 1.0, "prompt restart");
    let messages: Vec<String> =
        cluster.events().stream().iter().filter(|e| e.reason == "Unhealthy").map(|e| e.message.clone()).collect();
    assert_eq!(messages[0], "Liveness probe failed: HTTP probe failed with statuscode: 500");
}

/// Seed 003: 200 for the first five requests, 500 from the sixth: with default probes (every
/// 10 s, failureThreshold 3) the container is killed at the 8th probe, ~70-80 s.
#[test]
fn seed_003_fail_after_five_requests() {
    let mut cluster = Cluster::new(1);
    apply(&mut cluster, include_str!("../scenarios/seed-003-unhealthy-app.yaml").split("\n---\n").next().expect("pod"));
    run_until(&mut cluster, 200.0);
    let unhealthy = event_times(&cluster, "Unhealthy", "k8s-node-demo");
    let killing = event_times(&cluster, "Killing", "k8s-node-demo");
    assert_near(unhealthy[0], 60.0, 10.0, "6th request fails");
    assert_near(killing[0], unhealthy[0] + 20.0, 0.01, "3 failures 10 s apart");
    assert!(restarts(&cluster, "k8s-node-demo-unhealth-pod") >= 1);
}

/// §1.6: a failing readiness probe: Running, READY 0/1, out of endpoints, never restarted.
#[test]
fn readiness_failure_keeps_running_but_leaves_endpoints() {
    let mut cluster = Cluster::new(3);
    let text = include_str!("../scenarios/readiness-failure.yaml");
    let manifests: Vec<&str> = text.split("\n---\n").take(2).collect();
    apply(&mut cluster, &manifests.join("\n---\n"));
    run_until(&mut cluster, 20.0);
    assert_eq!(cluster.store().endpointslices["web"].endpoints.iter().filter(|e| e.conditions.ready).count(), 2);
    sh(&mut cluster, "kubectl exec deploy/web -- rm /tmp/healthy");
    let removed_at = cluster.now().whole_secs() as f64;
    run_until(&mut cluster, 120.0);
    let pods = pods_with_prefix(&cluster, "web-");
    let broken: Vec<&String> =
        pods.iter().filter(|p| kubeplay::print::pod_ready(cluster.store().pod(p).expect("pod")) == "0/1").collect();
    assert_eq!(broken.len(), 1);
    assert_eq!(status(&cluster, broken[0]), "Running");
    assert_eq!(restarts(&cluster, broken[0]), 0);
    let ready_endpoints = cluster.store().endpointslices["web"].endpoints.iter().filter(|e| e.conditions.ready).count();
    assert_eq!(ready_endpoints, 1);
    let fails = event_times(&cluster, "Unhealthy", broken[0]);
    assert_near(fails[2] - removed_at, 15.0, 5.0, "not ready after 3 failures 5 s apart");
    let d = cluster.store().deployments["web"].status.clone().expect("status");
    assert_eq!((d.ready_replicas, d.available_replicas), (1, 1));
}

/// §2.1: restartPolicy Never / OnFailure with exit 0 and 1.
#[test]
fn restart_policy_never_and_on_failure() {
    let mut cluster = Cluster::new(1);
    let text = include_str!("../scenarios/restart-policy.yaml");
    let manifests: Vec<&str> = text.split("\n---\n").filter(|d| !d.contains("kind: Scenario")).collect();
    apply(&mut cluster, &manifests.join("\n---\n"));
    run_until(&mut cluster, 60.0);
    let phase = |n: &str| cluster.store().pod(n).expect("pod").phase().to_string();
    assert_eq!((status(&cluster, "never-exit-0"), phase("never-exit-0")), ("Completed".into(), "Succeeded".into()));
    assert_eq!((status(&cluster, "never-exit-1"), phase("never-exit-1")), ("Error".into(), "Failed".into()));
    assert_eq!(
        (status(&cluster, "onfailure-exit-0"), phase("onfailure-exit-0")),
        ("Completed".into(), "Succeeded".into())
    );
    assert_eq!(phase("onfailure-exit-1"), "Running");
    assert!(restarts(&cluster, "onfailure-exit-1") >= 2);
    assert_eq!(phase("always-exit-0"), "Running");
    assert!(restarts(&cluster, "always-exit-0") >= 2, "Always restarts even after exit 0");
    for name in ["never-exit-0", "never-exit-1", "onfailure-exit-0"] {
        assert_eq!(restarts(&cluster, name), 0, "{name}");
    }
}

/// §4.7: power off the node of one of 3 replicas at t=60: NotReady at ~110 s (grace 50 s), the
/// Deployment shows 2/3 while the pod still shows 1/1 Running; eviction and a replacement at
/// ~415 s (5m55s after the power-off); the old pod stays Terminating until the node is back.
#[test]
fn node_power_off_failover_timeline() {
    let mut cluster = cluster_with(WEB3);
    run_until(&mut cluster, 60.0);
    let victim = cluster.store().pods_on_node("node-2")[0].clone();
    sh(&mut cluster, "node power-off node-2");
    run_until(&mut cluster, 109.0);
    assert!(cluster.store().nodes["node-2"].is_ready(), "still Ready at 49 s");
    run_until(&mut cluster, 111.0);
    let not_ready = event_times(&cluster, "NodeNotReady", "node-2");
    assert_near(not_ready[0], 110.0, 1.0, "NodeNotReady");
    assert_eq!(kubeplay::print::pod_status(cluster.store().pod(&victim).expect("pod")), "Running");
    assert_eq!(kubeplay::print::pod_ready(cluster.store().pod(&victim).expect("pod")), "1/1");
    assert_eq!(cluster.store().deployments["web"].status.as_ref().expect("status").ready_replicas, 2);
    run_until(&mut cluster, 420.0);
    let evicted = event_times(&cluster, "TaintManagerEviction", &victim);
    assert_near(evicted[0], 415.0, 1.0, "eviction 5m55s after power-off");
    let replacement_created = event_times(&cluster, "SuccessfulCreate", "web-");
    assert_near(*replacement_created.last().expect("created"), 415.0, 1.0, "replacement created");
    assert_eq!(status(&cluster, &victim), "Terminating");
    run_until(&mut cluster, 900.0);
    assert_eq!(status(&cluster, &victim), "Terminating", "stays Terminating while the node is off");
    assert_eq!(cluster.store().deployments["web"].status.as_ref().expect("status").ready_replicas, 3);
    sh(&mut cluster, "node power-on node-2");
    advance(&mut cluster, 20);
    assert!(cluster.store().pod(&victim).is_none(), "the old pod goes once the node is back");
    assert!(cluster.store().nodes["node-2"].is_ready());
    assert_eq!(pods_with_prefix(&cluster, "web-").len(), 3);
}

/// §4.3: with the pod's own tolerationSeconds 30 the eviction comes at 50 + 5 + 30 s.
#[test]
fn toleration_seconds_30_evicts_sooner() {
    let mut cluster = Cluster::new(7);
    let text = include_str!("../scenarios/node-failover-toleration-30s.yaml");
    apply(&mut cluster, text.split("\n---\n").next().expect("deployment"));
    run_until(&mut cluster, 60.0);
    let victim = cluster.store().pods_on_node("node-2")[0].clone();
    sh(&mut cluster, "node power-off node-2");
    run_until(&mut cluster, 200.0);
    let evicted = event_times(&cluster, "TaintManagerEviction", &victim);
    assert_near(evicted[0], 145.0, 1.0, "eviction at 60 + 85 s");
}

/// §4.5: powering off 3 of 4 nodes is a partial disruption of a small zone: no evictions.
#[test]
fn partial_zone_disruption_stops_evictions() {
    let mut cluster = Cluster::with_config(kubeplay::engine::ClusterConfig::with_nodes(7, 4));
    apply(&mut cluster, WEB3);
    run_until(&mut cluster, 60.0);
    for node in ["node-1", "node-2", "node-3"] {
        sh(&mut cluster, &format!("node power-off {node}"));
    }
    run_until(&mut cluster, 1200.0);
    assert!(event_times(&cluster, "TaintManagerEviction", "web-").is_empty());
}

/// §5.3: a rolling update of 3 replicas never has more than 4 pods, and the events say
/// "Scaled up replica set X from 0 to 1", "Scaled down ... from 3 to 2", ...
#[test]
fn rolling_update_surge_one() {
    let mut cluster = Cluster::new(11);
    let text = include_str!("../scenarios/rolling-update.yaml");
    apply(&mut cluster, text.split("\n---\n").next().expect("deployment"));
    run_until(&mut cluster, 30.0);
    sh(&mut cluster, "kubectl set image deployment/web nginx=nginx:1.27");
    let mut max_pods = 0;
    for _ in 0..120 {
        cluster.run_for(kubeplay::engine::time::SimDuration::from_millis(500));
        // Terminating pods are not counted against maxSurge (reference §3.2).
        let active = pods_with_prefix(&cluster, "web-")
            .iter()
            .filter(|p| cluster.store().pod(p).is_some_and(|p| p.is_active()))
            .count();
        max_pods = max_pods.max(active);
    }
    assert_eq!(max_pods, 4, "maxSurge 1 over 3 replicas");
    let scaling: Vec<String> = cluster
        .events()
        .stream()
        .iter()
        .filter(|e| e.reason == "ScalingReplicaSet")
        .map(|e| e.message.split(' ').take(2).chain(e.message.split(' ').skip(5)).collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        scaling,
        vec![
            "Scaled up from 0 to 3",
            "Scaled up from 0 to 1",
            "Scaled down from 3 to 2",
            "Scaled up from 1 to 2",
            "Scaled down from 2 to 1",
            "Scaled up from 2 to 3",
            "Scaled down from 1 to 0"
        ]
    );
    let d = cluster.store().deployments["web"].status.clone().expect("status");
    assert_eq!((d.replicas, d.updated_replicas, d.available_replicas), (3, 3, 3));
    sh(&mut cluster, "kubectl rollout undo deployment/web");
    advance(&mut cluster, 120);
    let image = &cluster.store().deployments["web"].spec.template.spec.containers[0].image;
    assert_eq!(image, "nginx:1.26");
}

/// §3.1: `kubectl delete pod` on a Deployment's pod: Terminating at once, a replacement at
/// once, and the old object gone when the container has stopped.
#[test]
fn delete_pod_is_replaced_immediately() {
    let mut cluster = cluster_with(WEB3);
    run_until(&mut cluster, 30.0);
    let victim = pods_with_prefix(&cluster, "web-")[0].clone();
    let out = sh(&mut cluster, &format!("kubectl delete pod {victim}"));
    assert_eq!(out, format!("pod \"{victim}\" deleted from default namespace"));
    assert_eq!(status(&cluster, &victim), "Terminating");
    assert_eq!(pods_with_prefix(&cluster, "web-").len(), 4);
    advance(&mut cluster, 5);
    assert!(cluster.store().pod(&victim).is_none());
    assert_eq!(pods_with_prefix(&cluster, "web-").len(), 3);
}

/// Disconnecting a node: its containers keep running (and the kubelet keeps restarting them),
/// but the control plane sees NotReady after the grace period; reconnecting heals it.
#[test]
fn disconnect_then_reconnect() {
    let mut cluster = cluster_with(WEB3);
    run_until(&mut cluster, 60.0);
    sh(&mut cluster, "node disconnect node-1");
    run_until(&mut cluster, 130.0);
    assert!(!cluster.store().nodes["node-1"].is_ready());
    sh(&mut cluster, "node reconnect node-1");
    advance(&mut cluster, 10);
    assert!(cluster.store().nodes["node-1"].is_ready());
    assert_eq!(cluster.store().deployments["web"].status.as_ref().expect("status").ready_replicas, 3);
}
