//! More kubelet and controller behaviour against the reference: OOM kills, startup probes,
//! scheduling failures, multi-container READY, Recreate, drain.

use crate::support::*;
use kubeplay::engine::Cluster;

/// §2.5: memory growing past the limit: OOMKilled (exit 137), then CrashLoopBackOff.
#[test]
fn memory_leak_is_oom_killed() {
    let mut cluster = Cluster::new(1);
    apply(
        &mut cluster,
        "apiVersion: v1
kind: Pod
metadata:
  name: leaky
  annotations:
    kubeplay.dev/leak-per-second: 10Mi
spec:
  containers:
  - name: app
    image: nginx:1.27
    resources:
      limits:
        memory: 128Mi
",
    );
    run_until(&mut cluster, 60.0);
    let pod = cluster.store().pod("leaky").expect("pod");
    let last = pod.status.as_ref().expect("status").container_statuses[0]
        .last_state
        .terminated
        .clone()
        .expect("an OOM kill by 60 s");
    assert_eq!((last.reason.as_str(), last.exit_code), ("OOMKilled", 137));
    let started = last.started_at.as_millis() as f64 / 1000.0;
    let finished = last.finished_at.as_millis() as f64 / 1000.0;
    assert!(finished - started > 5.0 && finished - started < 14.0, "~(128Mi - base) / 10Mi/s: {}", finished - started);
}

/// §11.6: a slow starter guarded by a startup probe (30 × 10 s) is not killed by liveness;
/// one that never answers is killed after 300 s with "failed startup probe".
#[test]
fn startup_probe_guards_slow_start_and_kills_after_300s() {
    let manifest = |name: &str, delay: &str| {
        format!(
            "apiVersion: v1
kind: Pod
metadata:
  name: {name}
  annotations:
    kubeplay.dev/startup-delay: {delay}
spec:
  containers:
  - name: app
    image: nginx:1.27
    ports:
    - name: liveness-port
      containerPort: 80
    livenessProbe:
      httpGet: {{path: /, port: liveness-port}}
      failureThreshold: 1
      periodSeconds: 10
    startupProbe:
      httpGet: {{path: /, port: liveness-port}}
      failureThreshold: 30
      periodSeconds: 10
"
        )
    };
    let mut cluster = Cluster::new(1);
    apply(&mut cluster, &manifest("slow", "90s"));
    apply(&mut cluster, &manifest("never", "1h"));
    run_until(&mut cluster, 400.0);
    assert_eq!(restarts(&cluster, "slow"), 0);
    assert_eq!(kubeplay::print::pod_ready(cluster.store().pod("slow").expect("pod")), "1/1");
    let killing: Vec<String> = cluster
        .events()
        .stream()
        .iter()
        .filter(|e| e.reason == "Killing" && e.object.name == "never")
        .map(|e| e.message.clone())
        .collect();
    assert_eq!(killing.first().map(String::as_str), Some("Container app failed startup probe, will be restarted"));
    let killed_at = event_times(&cluster, "Killing", "never")[0];
    let started_at = event_times(&cluster, "Started", "never")[0];
    assert_near(killed_at - started_at, 300.0, 10.0, "30 failures 10 s apart");
}

/// §7.4: a pod that fits nowhere stays Pending with the scheduler's exact message.
#[test]
fn failed_scheduling_message() {
    let mut cluster = Cluster::new(1);
    apply(&mut cluster, "apiVersion: v1\nkind: Pod\nmetadata: {name: big}\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    resources:\n      requests: {cpu: '64'}\n");
    advance(&mut cluster, 5);
    assert_eq!(status(&cluster, "big"), "Pending");
    let message = cluster
        .events()
        .stream()
        .iter()
        .find(|e| e.reason == "FailedScheduling")
        .map(|e| e.message.clone())
        .expect("FailedScheduling");
    assert_eq!(message, "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.");
    sh(&mut cluster, "kubectl cordon node-1");
    apply(&mut cluster, "apiVersion: v1\nkind: Pod\nmetadata: {name: pinned}\nspec:\n  nodeSelector: {kubernetes.io/hostname: node-1}\n  containers:\n  - {name: app, image: 'nginx:1.27'}\n");
    advance(&mut cluster, 5);
    let message = cluster
        .events()
        .stream()
        .iter()
        .filter(|e| e.reason == "FailedScheduling" && e.object.name == "pinned")
        .map(|e| e.message.clone())
        .next()
        .expect("FailedScheduling");
    assert_eq!(
        message,
        "0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."
    );
    sh(&mut cluster, "kubectl uncordon node-1");
    advance(&mut cluster, 15);
    assert_eq!(status(&cluster, "pinned"), "Running");
}

/// §2.4: READY counts ready containers; one failing container of two keeps the pod Running.
#[test]
fn multi_container_ready_column() {
    let mut cluster = Cluster::new(1);
    apply(
        &mut cluster,
        "apiVersion: v1
kind: Pod
metadata: {name: duo}
spec:
  containers:
  - name: web
    image: nginx:1.27
  - name: sidecar
    image: busybox:1.36
    command: [sh, -c, 'sleep 20; exit 1']
",
    );
    run_until(&mut cluster, 15.0);
    assert_eq!(kubeplay::print::pod_ready(cluster.store().pod("duo").expect("pod")), "2/2");
    run_until(&mut cluster, 28.0);
    let pod = cluster.store().pod("duo").expect("pod");
    assert_eq!(pod.phase(), "Running");
    assert!(["1/2", "2/2"].contains(&kubeplay::print::pod_ready(pod).as_str()));
    run_until(&mut cluster, 120.0);
    assert!(restarts(&cluster, "duo") >= 2, "the sidecar keeps restarting");
}

/// §5.3 Recreate: all old pods go before any new one starts.
#[test]
fn recreate_strategy_stops_old_pods_first() {
    let mut cluster = Cluster::new(1);
    apply(&mut cluster, &WEB3.replace("spec:\n  replicas: 3", "spec:\n  strategy: {type: Recreate}\n  replicas: 3"));
    run_until(&mut cluster, 30.0);
    sh(&mut cluster, "kubectl set image deployment/web nginx=nginx:1.26");
    let old_hash = cluster.replica_sets_of("web")[0].metadata.name.clone();
    let mut overlap = false;
    for _ in 0..120 {
        advance(&mut cluster, 1);
        let old = cluster.store().pods_owned_by(&old_hash).len();
        let new_running = pods_with_prefix(&cluster, "web-")
            .iter()
            .filter(|p| !p.starts_with(&old_hash) && status(&cluster, p) == "Running")
            .count();
        overlap |= old > 0 && new_running > 0;
    }
    assert!(!overlap, "no new pod runs while an old one exists");
    assert_eq!(cluster.store().deployments["web"].status.as_ref().expect("status").updated_replicas, 3);
}

/// `kubectl drain`: cordon, evict, and the pods come back elsewhere.
#[test]
fn drain_moves_pods_off_the_node() {
    let mut cluster = Cluster::new(7);
    apply(&mut cluster, WEB3);
    run_until(&mut cluster, 30.0);
    let out = sh(&mut cluster, "kubectl drain node-2 --ignore-daemonsets");
    assert!(out.starts_with("node/node-2 cordoned\nevicting pod default/web-"), "{out}");
    assert!(out.ends_with("node/node-2 drained"), "{out}");
    advance(&mut cluster, 60);
    assert!(cluster.store().pods_on_node("node-2").is_empty());
    assert_eq!(cluster.store().deployments["web"].status.as_ref().expect("status").ready_replicas, 3);
    assert_eq!(kubeplay::print::node_status(&cluster.store().nodes["node-2"]), "Ready,SchedulingDisabled");
}

/// §12 "Bad image": ErrImagePull, then ImagePullBackOff with retries 10, 20, 40 s apart; the
/// rollout stalls with the old pods serving, and times out after progressDeadlineSeconds.
#[test]
fn bad_image_backs_off_and_rollout_times_out() {
    let mut cluster = Cluster::new(5);
    apply(&mut cluster, WEB3);
    run_until(&mut cluster, 30.0);
    sh(&mut cluster, "kubectl set image deployment/web nginx=nginx:doesnotexist");
    run_until(&mut cluster, 700.0);
    let pulls = event_times(&cluster, "Pulling", "web-");
    let bad: Vec<f64> = pulls.into_iter().filter(|t| *t >= 30.0).collect();
    let gaps: Vec<f64> = bad.windows(2).map(|w| w[1] - w[0]).collect();
    for (got, want) in gaps.iter().zip([11.0, 21.0, 41.0, 81.0]) {
        assert_near(*got, want, 1.0, "retry after the image back-off (plus the 1 s failed pull)");
    }
    let new_pod = pods_with_prefix(&cluster, "web-")
        .into_iter()
        .find(|p| status(&cluster, p) == "ImagePullBackOff" || status(&cluster, p) == "ErrImagePull");
    assert!(new_pod.is_some(), "the new pod is stuck pulling");
    let d = cluster.store().deployments["web"].status.clone().expect("status");
    assert_eq!((d.available_replicas, d.updated_replicas), (3, 1), "old pods keep serving");
    let progressing = d.conditions.iter().find(|c| c.type_ == "Progressing").expect("condition");
    assert_eq!(
        (progressing.status.as_str(), progressing.reason.as_deref()),
        ("False", Some("ProgressDeadlineExceeded"))
    );
    assert_near(
        progressing.last_transition_time.expect("time").as_millis() as f64 / 1000.0,
        630.0,
        5.5,
        "600 s after the rollout began",
    );
}
