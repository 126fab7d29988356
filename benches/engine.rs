//! `cargo bench`: one hour of cluster time for (a) a classroom cluster (5 nodes, 30 pods with
//! liveness + readiness probes), (b) the same with a Service under 100 requests/s of steady
//! load (traffic ticks, metrics-server) and (c) 1,000 nodes and 30,000 pods with probes.
//! Prints the median wall time of several runs. The wall clock is read here, outside the engine.

use kubeplay::engine::time::SimDuration;
use kubeplay::engine::{Cluster, ClusterConfig};
use std::time::Instant;

fn manifest(name: &str, replicas: usize) -> String {
    format!(
        "apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app: {name}
  template:
    metadata:
      labels:
        app: {name}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
        resources:
          requests:
            cpu: 10m
            memory: 16Mi
        livenessProbe:
          httpGet:
            path: /
            port: 80
        readinessProbe:
          httpGet:
            path: /
            port: 80
          periodSeconds: 5
"
    )
}

fn run(nodes: usize, deployments: usize, replicas: usize) -> (f64, u64) {
    let mut config = ClusterConfig::with_nodes(1, nodes);
    for node in &mut config.nodes {
        node.cpu_millis = 64_000;
        node.memory_bytes = 256 * 1024 * 1024 * 1024;
    }
    let mut cluster = Cluster::with_config(config);
    // The large cluster holds more pods than kubeplay's quota allows a user (engine::quota).
    cluster.set_quota(kubeplay::engine::quota::Quota {
        pods: cluster.quota().pods.max(deployments * replicas),
        ..cluster.quota()
    });
    let start = Instant::now();
    for d in 0..deployments {
        cluster.apply_yaml(&manifest(&format!("app-{d}"), replicas)).expect("valid manifest");
    }
    cluster.run_for(SimDuration::from_secs(3600));
    let secs = start.elapsed().as_secs_f64();
    (secs, cluster.events().total)
}

/// The classroom cluster with a Service in front of `app-0` (10 pods), steady load on it, and
/// an HPA (`kubectl autoscale ... --cpu=50%`) on that Deployment.
fn run_with_load() -> f64 {
    let mut config = ClusterConfig::with_nodes(1, 5);
    for node in &mut config.nodes {
        node.cpu_millis = 64_000;
        node.memory_bytes = 256 * 1024 * 1024 * 1024;
    }
    let mut cluster = Cluster::with_config(config);
    let start = Instant::now();
    for d in 0..3 {
        cluster.apply_yaml(&manifest(&format!("app-{d}"), 10)).expect("valid manifest");
    }
    cluster
        .apply_yaml("apiVersion: v1\nkind: Service\nmetadata:\n  name: app-0\nspec:\n  selector:\n    app: app-0\n  ports:\n  - port: 80\n")
        .expect("valid service");
    let autoscale = kubeplay::cmd::run(
        &mut cluster,
        &kubeplay::cmd::NoFiles,
        "kubectl autoscale deployment app-0 --cpu=50% --min=2 --max=10",
    );
    assert!(autoscale.ok, "{}", autoscale.text);
    cluster.load_start("app-0", 100).expect("service exists");
    cluster.run_for(SimDuration::from_secs(3600));
    assert!(cluster.store().hpas["app-0"].status.as_ref().is_some_and(|s| s.current_replicas > 0), "the HPA ran");
    let secs = start.elapsed().as_secs_f64();
    assert!(cluster.service_stats("app-0").is_some_and(|s| s.ok_per_sec > 50.0), "load reached the pods");
    secs
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-')).unwrap_or_default();
    if "classroom".contains(filter.as_str()) || filter.is_empty() {
        let times: Vec<f64> = (0..11).map(|_| run(5, 3, 10).0).collect();
        println!(
            "classroom: 5 nodes, 30 pods, probes, 1 h of cluster time: median {:.2} ms (budget 20 ms)",
            median(times) * 1000.0
        );
    }
    if "classroom-load".contains(filter.as_str()) || filter.is_empty() {
        let times: Vec<f64> = (0..11).map(|_| run_with_load()).collect();
        println!(
            "classroom-load: 5 nodes, 30 pods, probes, Service with 100 requests/s and an HPA, 1 h of cluster time: median {:.2} ms (budget 30 ms)",
            median(times) * 1000.0
        );
    }
    if "large".contains(filter.as_str()) || filter.is_empty() {
        let runs = if std::env::var("KUBEPLAY_BENCH_QUICK").is_ok() { 1 } else { 3 };
        let results: Vec<(f64, u64)> = (0..runs).map(|_| run(1000, 300, 100)).collect();
        let events = results[0].1;
        println!(
            "large: 1,000 nodes, 30,000 pods, probes, 1 h of cluster time: median {:.2} s (budget 10 s), {events} event occurrences",
            median(results.into_iter().map(|r| r.0).collect())
        );
    }
}
