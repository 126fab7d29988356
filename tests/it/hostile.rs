//! Hostile containers (issue 9): runaway memory, CPU and logs are the container's problem. Each
//! case runs within a fixed budget of real time, the container is OOMKilled or throttled, and
//! the neighbour pod is unaffected.

use crate::support::{apply, restarts, run_until, sh, status};
use kubeplay::cmd::{self, NoFiles};
use kubeplay::engine::Cluster;
use std::time::{Duration, Instant};

const NEIGHBOUR: &str = "
apiVersion: v1
kind: Pod
metadata: {name: neighbour}
spec:
  containers:
  - {name: web, image: nginx}
";

fn hog(name: &str, command: &str, resources: &str) -> String {
    format!(
        "
apiVersion: v1
kind: Pod
metadata: {{name: {name}}}
spec:
  containers:
  - name: {name}
    image: busybox
    command: [\"sh\", \"-c\", {command:?}]
    resources: {resources}
"
    )
}

fn last_reason(cluster: &Cluster, pod: &str) -> String {
    let pod = cluster.store().pod(pod).expect("pod");
    let status = &pod.status.as_ref().expect("status").container_statuses[0];
    let terminated = status.last_state.terminated.as_ref().or(status.state.terminated.as_ref());
    terminated.map(|t| format!("{} {}", t.reason, t.exit_code)).unwrap_or_default()
}

fn within(budget: Duration, what: &str, run: impl FnOnce()) {
    let started = Instant::now();
    run();
    let took = started.elapsed();
    assert!(took < budget, "{what}: {took:?} of real time, budget {budget:?}");
}

#[test]
fn runaway_memory_is_oom_killed_and_the_neighbour_is_unaffected() {
    for (command, resources) in [
        ("x=a; while true; do x=$x$x; done", "{limits: {memory: 64Mi}}"),
        ("set -- a; while true; do set -- \"$@\" \"$@\"; done", "{limits: {memory: 64Mi}}"),
        // No limit: the cluster's real budget for shells ends it.
        ("x=a; while true; do x=$x$x; done", "{}"),
    ] {
        let mut cluster = Cluster::new(1);
        apply(&mut cluster, &hog("hog", command, resources));
        apply(&mut cluster, NEIGHBOUR);
        within(Duration::from_secs(60), command, || run_until(&mut cluster, 120.0));
        assert!(restarts(&cluster, "hog") >= 1, "{command}: {}", status(&cluster, "hog"));
        assert_eq!(last_reason(&cluster, "hog"), "OOMKilled 137", "{command}");
        assert_eq!(status(&cluster, "neighbour"), "Running");
        assert_eq!(restarts(&cluster, "neighbour"), 0);
        let describe = sh(&mut cluster, "kubectl describe pod hog");
        assert!(describe.contains("Reason:       OOMKilled"), "{describe}");
    }
}

#[test]
fn runaway_memory_through_kubectl_exec() {
    let mut cluster = Cluster::new(1);
    apply(&mut cluster, &hog("box", "sleep infinity", "{limits: {memory: 64Mi}}"));
    apply(&mut cluster, NEIGHBOUR);
    run_until(&mut cluster, 10.0);
    within(Duration::from_secs(30), "exec", || {
        let out = cmd::run(&mut cluster, &NoFiles, "kubectl exec box -- sh -c 'x=a; while true; do x=$x$x; done'");
        assert!(out.text.contains("command terminated with exit code 137"), "{}", out.text);
    });
    run_until(&mut cluster, 30.0);
    assert_eq!(last_reason(&cluster, "box"), "OOMKilled 137");
    assert_eq!(restarts(&cluster, "neighbour"), 0);
}

#[test]
fn busy_containers_are_slow_in_cluster_time_not_real_time() {
    let mut cluster = Cluster::new(1);
    let grep = "for i in $(seq 4000); do echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa >> /tmp/f; done; \
                while true; do grep 'a*a*a*a*a*a*a*a*a*a*a*a*b' /tmp/f; sleep 1; done";
    apply(&mut cluster, &hog("grepper", grep, "{limits: {cpu: 500m}}"));
    apply(&mut cluster, &hog("spinner", "while true; do :; done", "{}"));
    apply(&mut cluster, NEIGHBOUR);
    within(Duration::from_secs(60), "two busy containers for 5 minutes", || run_until(&mut cluster, 300.0));
    for pod in ["grepper", "spinner", "neighbour"] {
        assert_eq!(status(&cluster, pod), "Running", "{pod}");
        assert_eq!(restarts(&cluster, pod), 0, "{pod}");
    }
}

#[test]
fn log_floods_are_bounded() {
    let mut cluster = Cluster::new(1);
    let chatty = "x=a; i=0; while [ $i -lt 19 ]; do x=$x$x; i=$((i+1)); done; while true; do echo $x; sleep 1; done";
    apply(&mut cluster, &hog("chatty", chatty, "{}"));
    within(Duration::from_secs(120), "1 MB log lines for 60 s", || run_until(&mut cluster, 60.0));
    let logs = cluster.container_logs("chatty", None, false).expect("logs");
    let bytes: usize = logs.iter().map(String::len).sum();
    assert!(bytes <= kubeplay::engine::kubelet::MAX_LOG_BYTES + 16 * 1024, "{bytes} bytes of log");
    assert!(!logs.is_empty());
}

const EXTRA: &str =
    "apiVersion: v1\nkind: Pod\nmetadata: {name: extra}\nspec: {containers: [{name: c, image: nginx}]}\n";

/// The cluster-wide quota (`engine::quota`), lowered so that the test is quick: creates past it
/// are refused with the API server's words, controllers record `FailedCreate` and retry.
#[test]
fn the_cluster_quota_refuses_pods_and_objects_past_it() {
    let mut cluster = Cluster::new(1);
    cluster.set_quota(kubeplay::engine::quota::Quota { pods: 8, objects: 6, ..cluster.quota() });
    sh(&mut cluster, "kubectl create deployment web --image=nginx --replicas=5");
    sh(&mut cluster, "kubectl scale deployment web --replicas=12");
    run_until(&mut cluster, 30.0);
    assert_eq!(cluster.store().pods().len(), 8);
    let events = sh(&mut cluster, "kubectl get events");
    assert!(
        events.contains("FailedCreate")
            && events
                .contains("is forbidden: exceeded quota: kubeplay, requested: pods=1, used: pods=8, limited: pods=8"),
        "{events}"
    );
    let refused = cluster.apply_yaml(EXTRA).expect_err("over quota").to_string();
    assert_eq!(
        refused,
        "Error from server (Forbidden): pods \"extra\" is forbidden: exceeded quota: kubeplay, requested: pods=1, used: pods=8, limited: pods=8"
    );
    // Room again: the ReplicaSet's retry fills it.
    sh(&mut cluster, "kubectl scale deployment web --replicas=6");
    run_until(&mut cluster, 60.0);
    apply(&mut cluster, EXTRA);
    // Objects: the kubernetes Service, web's Deployment and ReplicaSet are 3 of 6.
    assert_eq!(cluster.object_count(), 3);
    let out = cmd::run(&mut cluster, &NoFiles, "kubectl create deployment a --image=nginx --replicas=0");
    assert!(out.ok, "{}", out.text);
    let out = cmd::run(&mut cluster, &NoFiles, "kubectl create service clusterip web --tcp=80:80");
    assert!(out.ok, "{}", out.text);
    run_until(&mut cluster, 70.0);
    assert_eq!(cluster.object_count(), 6, "a's ReplicaSet fits");
    let out = cmd::run(&mut cluster, &NoFiles, "kubectl create deployment b --image=nginx");
    assert_eq!(
        out.text.trim(),
        "Error from server (Forbidden): deployments.apps \"b\" is forbidden: exceeded quota: kubeplay, requested: count/objects=1, used: count/objects=6, limited: count/objects=6"
    );
    // An apply is all or nothing: three new pods where one fits creates none.
    cluster.set_quota(kubeplay::engine::quota::Quota { pods: cluster.store().pods().len() + 1, ..cluster.quota() });
    let three = "apiVersion: v1\nkind: Pod\nmetadata: {name: p1}\nspec: {containers: [{name: c, image: nginx}]}\n---\n\
                 apiVersion: v1\nkind: Pod\nmetadata: {name: p2}\nspec: {containers: [{name: c, image: nginx}]}\n---\n\
                 apiVersion: v1\nkind: Pod\nmetadata: {name: p3}\nspec: {containers: [{name: c, image: nginx}]}\n";
    let refused = cluster.apply_yaml(three).expect_err("over quota").to_string();
    assert!(refused.contains("pods \"p1\" is forbidden: exceeded quota: kubeplay, requested: pods=3"), "{refused}");
    assert!(cluster.store().pod("p1").is_none());
    // A Deployment whose new ReplicaSet does not fit says so on the Deployment.
    cluster.set_quota(kubeplay::engine::quota::Quota { objects: cluster.object_count(), ..cluster.quota() });
    sh(&mut cluster, "kubectl set image deployment/web nginx=nginx:1.27");
    run_until(&mut cluster, 80.0);
    let describe = sh(&mut cluster, "kubectl describe deployment web");
    assert!(describe.contains("Failed to create new replica set"), "{describe}");
    assert!(describe.contains("exceeded quota: kubeplay"), "{describe}");
}

/// A flood of changes under `get -w` prints a bounded number of rows per second of cluster
/// time, and a line saying the rest were dropped; the next second prints again.
#[test]
fn watches_print_a_bounded_number_of_rows_per_second() {
    use kubeplay::engine::time::SimTime;
    use kubeplay::engine::ClusterConfig;
    use kubeplay::session::{watch_dropped_line, Session, WATCH_ROWS_PER_SECOND};
    for watch in ["kubectl get pods -w", "kubectl get events -w"] {
        let mut session = Session::new(ClusterConfig::with_nodes(1, 3));
        assert!(session.run(watch).ok);
        assert!(session.run("kubectl create deployment flood --image=nginx --replicas=400").ok);
        let mut rows = Vec::new();
        within(Duration::from_secs(30), watch, || {
            let mut t = 0;
            while t < 60_000 {
                t += 1000;
                session.advance_to(SimTime(t));
                rows.extend(session.take_watch_rows());
            }
        });
        let mut per_second = std::collections::BTreeMap::<u64, usize>::new();
        for row in &rows {
            *per_second.entry(row.at.as_millis() / 1000).or_default() += 1;
        }
        let busiest = per_second.values().max().copied().unwrap_or(0);
        assert!(busiest <= WATCH_ROWS_PER_SECOND + 1, "{watch}: {busiest} rows in one second");
        assert!(rows.iter().any(|r| r.text == watch_dropped_line()), "{watch}: a flood drops rows");
        assert!(per_second.len() >= 3, "{watch}: rows in {per_second:?}");
    }
}

/// Many copies of a big template stop at the quota's bytes of pods.
#[test]
fn the_cluster_quota_counts_the_bytes_of_pods() {
    let mut cluster = Cluster::new(1);
    cluster.set_quota(kubeplay::engine::quota::Quota { pod_bytes: 200_000, ..cluster.quota() });
    let ballast = "x".repeat(30_000);
    let fat = format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: fat}}\nspec:\n  replicas: 20\n  selector: {{matchLabels: {{app: fat}}}}\n  template:\n    metadata: {{labels: {{app: fat}}, annotations: {{ballast: {ballast}}}}}\n    spec: {{containers: [{{name: c, image: nginx}}]}}\n"
    );
    apply(&mut cluster, &fat);
    run_until(&mut cluster, 30.0);
    let pods = cluster.store().pods().len();
    assert!((5..=6).contains(&pods), "{pods} pods of 30 KB in 200 KB");
    assert!(cluster.store().pod_bytes() <= 200_000);
    let events = sh(&mut cluster, "kubectl get events");
    assert!(events.contains("exceeded quota: kubeplay, requested: kubeplay.dev/pod-bytes="), "{events}");
    let pod = format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: big, annotations: {{ballast: {ballast}}}}}\nspec: {{containers: [{{name: c, image: nginx}}]}}\n"
    );
    let refused = cluster.apply_yaml(&pod).expect_err("over quota").to_string();
    assert!(refused.starts_with("Error from server (Forbidden): pods \"big\" is forbidden: exceeded quota: kubeplay, requested: kubeplay.dev/pod-bytes="), "{refused}");
    // Deleting the Deployment gives the bytes back.
    sh(&mut cluster, "kubectl delete deployment fat");
    run_until(&mut cluster, 90.0);
    assert_eq!(cluster.store().pod_bytes(), 0);
    apply(&mut cluster, &pod);
}
