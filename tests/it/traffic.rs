//! Traffic through Services, the application model under load, metrics-server and
//! `kubectl top` (issue 5), checked against ../shared/reference/kubernetes-behavior.md §8-§9
//! and seed 001, with explicit tolerances.

use crate::support::*;
use kubeplay::cmd::{self, NoFiles};
use kubeplay::engine::time::{SimDuration, SimTime};
use kubeplay::engine::{Cluster, ClusterConfig, ServiceStats};

const FLASK: &str =
    "kubectl create deployment hello-world-flask --image=lyzhang1999/hello-world-flask:latest --replicas=2";
const FLASK_SERVICE: &str = "kubectl create service clusterip hello-world-flask --tcp=5000:5000";

const PHP_APACHE: &str = include_str!("../data/k8s-examples/application-php-apache.yaml");

fn secs_of(t: SimTime) -> f64 {
    t.as_millis() as f64 / 1000.0
}

/// Runs one command that must fail; returns its text.
fn sh_err(cluster: &mut Cluster, line: &str) -> String {
    let out = cmd::run(cluster, &NoFiles, line);
    assert!(!out.ok, "`{line}` should fail, printed:\n{}", out.text);
    out.text
}

/// Service figures for every second in `from..to` (seconds), read just after each second.
fn stats_per_second(cluster: &mut Cluster, service: &str, from: u64, to: u64) -> Vec<(u64, ServiceStats)> {
    let mut out = Vec::new();
    for s in from..to {
        cluster.run_until(SimTime::from_secs(s + 1) + SimDuration::from_millis(1));
        out.push((s + 1, cluster.service_stats(service).expect("load targeted the service")));
    }
    out
}

/// Seed 001: `killall python3` in one of two pods while a curl loop hits the Service. Only the
/// requests sent in the propagation window (container exit → endpoint not ready → kube-proxy
/// sync, 1-2 s) fail; then every request succeeds on the other pod, and the restarted pod
/// rejoins and answers again.
#[test]
fn seed_001_killall_under_curl_fails_over_and_rejoins() {
    let mut cluster = Cluster::new(1);
    sh(&mut cluster, FLASK);
    sh(&mut cluster, FLASK_SERVICE);
    run_until(&mut cluster, 10.0);
    sh(&mut cluster, "load curl hello-world-flask --every 1s");
    run_until(&mut cluster, 30.0);
    let pods = pods_with_prefix(&cluster, "hello-world-flask-");
    assert_eq!(pods.len(), 2);
    let victim = pods[0].clone();
    let other = pods[1].clone();
    sh(&mut cluster, &format!("kubectl exec {victim} -- bash -c \"killall python3\""));
    run_until(&mut cluster, 90.0);
    let lines = cluster.load_lines(Some("hello-world-flask"));
    assert!(lines.len() >= 75, "one request a second for 80 s, got {}", lines.len());
    let failures: Vec<f64> = lines.iter().filter(|(_, l)| l.starts_with("curl: ")).map(|(t, _)| secs_of(*t)).collect();
    // At most the requests of the propagation window, and none before the kill.
    assert!(failures.len() <= 3, "failures: {failures:?}");
    assert!(failures.iter().all(|t| (30.0..33.0).contains(t)), "failures outside 30-33 s: {failures:?}");
    for (at, line) in &lines {
        if line.starts_with("curl: ") {
            assert_eq!(
                line,
                "curl: (7) Failed to connect to hello-world-flask port 5000 after 0 ms: Couldn't connect to server"
            );
        } else {
            assert!(line.starts_with("Hello, my first docker images! hello-world-flask-"), "{line} at {at:?}");
        }
    }
    // Meanwhile the other pod answers.
    let answered_by = |pod: &str, from: f64, to: f64| {
        lines.iter().filter(|(t, l)| (from..to).contains(&secs_of(*t)) && l.ends_with(pod)).count()
    };
    assert!(answered_by(&other, 30.0, 34.0) >= 2);
    // The restarted pod is ready again, is an endpoint again, and gets requests again.
    assert_eq!(restarts(&cluster, &victim), 1);
    assert_eq!(status(&cluster, &victim), "Running");
    let endpoints = sh(&mut cluster, "kubectl get endpointslices");
    assert!(endpoints.lines().nth(1).is_some_and(|l| l.contains("5000") && l.matches(',').count() == 1), "{endpoints}");
    assert!(answered_by(&victim, 40.0, 90.0) >= 10, "the restarted pod should answer about half the requests");
    let summary = sh(&mut cluster, "load stop");
    assert!(summary.starts_with("service/hello-world-flask: curl every 1s, stopped after 1m20s: "), "{summary}");
}

/// §8.3: a node powered off keeps its pods in the endpoints until the node lifecycle
/// controller marks them not ready (~50 s); requests sent to them time out meanwhile (about a
/// third with 3 replicas), then none fail.
#[test]
fn power_off_under_steady_load_fails_a_third_until_not_ready() {
    let mut cluster = Cluster::new(1);
    sh(&mut cluster, "kubectl create deployment web --image=nginx:1.27 --replicas=3");
    sh(&mut cluster, "kubectl create service clusterip web --tcp=80:80");
    run_until(&mut cluster, 20.0);
    let nodes: Vec<String> = pods_with_prefix(&cluster, "web-")
        .iter()
        .map(|p| cluster.store().pod(p).and_then(|p| p.spec.node_name.clone()).expect("scheduled"))
        .collect();
    assert_eq!(nodes.len(), 3);
    assert_eq!(
        {
            let mut n = nodes.clone();
            n.sort();
            n.dedup();
            n.len()
        },
        3,
        "one replica per node: {nodes:?}"
    );
    sh(&mut cluster, "load start web --rps 30");
    let before = stats_per_second(&mut cluster, "web", 20, 30);
    assert!(before.iter().skip(1).all(|(_, s)| s.failed_per_sec == 0.0 && s.ok_per_sec == 30.0), "{before:?}");
    sh(&mut cluster, &format!("node power-off {}", nodes[0]));
    let after = stats_per_second(&mut cluster, "web", 30, 120);
    let failing: Vec<u64> = after.iter().filter(|(_, s)| s.failed_per_sec > 0.0).map(|(t, _)| *t).collect();
    let first = *failing.first().expect("requests to the dead pod fail");
    let last = *failing.last().expect("requests to the dead pod fail");
    assert!(first <= 31, "failures start at once, first at {first}s");
    // NotReady at ~80 s (grace 50 s), plus 1-2 s until kube-proxy drops the endpoint.
    assert!((80..=84).contains(&last), "last failing second {last}s");
    let window: Vec<f64> = after.iter().filter(|(t, _)| (32..=78).contains(t)).map(|(_, s)| s.failed_per_sec).collect();
    let mean = window.iter().sum::<f64>() / window.len() as f64;
    assert!((8.0..=12.0).contains(&mean), "about a third of 30 requests/s fail, got {mean:.1}/s");
    assert!(after.iter().filter(|(t, _)| *t > last).all(|(_, s)| s.failed_per_sec == 0.0 && s.ok_per_sec == 30.0));
    // Requests to a dead node hang until the client gives up.
    let p99 = after.iter().find(|(t, _)| *t == 50).map(|(_, s)| s.latency_p99_ms).unwrap_or(0.0);
    assert_eq!(p99, 30_000.0);
}

/// §9.8: a pod has metrics only after two scrapes of its containers (15-30 s after start), the
/// CPU is the rate over the last 15 s window, and `kubectl top` shows offered load × cost.
#[test]
fn metrics_arrive_after_two_scrapes_and_top_shows_load_times_cost() {
    let mut cluster = Cluster::new(3);
    assert_eq!(sh(&mut cluster, "kubectl top pods"), "No resources found in default namespace.");
    apply(&mut cluster, PHP_APACHE);
    let pod = pods_with_prefix(&cluster, "php-apache-").pop().expect("a pod");
    assert_eq!(sh_err(&mut cluster, "kubectl top pods"), "error: metrics not available yet");
    assert_eq!(sh_err(&mut cluster, "kubectl top nodes"), "error: metrics not available yet");
    let started = {
        cluster.run_until_cond(SimDuration::from_secs(60), |c| c.pod_cpu_usage_millis(&pod).is_some());
        secs_of(cluster.now())
    };
    cluster.run_until_cond(SimDuration::from_secs(60), |c| c.pod_metrics(&pod).is_some());
    let delay = secs_of(cluster.now()) - started;
    assert!((15.0..=30.0).contains(&delay), "metrics {delay}s after start");
    let metrics = cluster.pod_metrics(&pod).expect("metrics");
    assert_eq!(metrics.window, SimDuration::from_secs(15));
    assert_eq!(metrics.cpu_millis, 1, "idle apache");
    assert_eq!(metrics.memory_bytes, 12 * 1024 * 1024);
    // 50 requests/s at 7 millicore-seconds each: 350m (+1m idle), under the 500m limit.
    sh(&mut cluster, "load start php-apache --rps 50");
    advance(&mut cluster, 35);
    let top = sh(&mut cluster, "kubectl top pods");
    assert_eq!(top, format!("NAME{}CPU(cores)   MEMORY(bytes)\n{pod}   351m         12Mi", " ".repeat(pod.len() - 1)));
    assert_eq!(cluster.pod_cpu_usage_millis(&pod), Some(351.0));
    // 100 requests/s want 700m: the limit holds the pod at 500m and a queue builds.
    sh(&mut cluster, "load start php-apache --rps 100");
    advance(&mut cluster, 35);
    let usage = cluster.pod_metrics(&pod).expect("metrics").cpu_millis;
    assert!((495..=500).contains(&usage), "throttled at the limit, got {usage}m");
    let stats = cluster.service_stats("php-apache").expect("stats");
    assert!((70.0..=72.0).contains(&stats.ok_per_sec), "500m / 7 m·s = 71 answers/s, got {stats:?}");
    assert!(stats.latency_p50_ms > 1000.0, "queueing: {stats:?}");
    // top nodes: the pod plus the node's own daemons.
    let nodes = sh(&mut cluster, "kubectl top nodes");
    assert!(nodes.starts_with("NAME     CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)\n"), "{nodes}");
    assert!(nodes.lines().any(|l| l.contains("   56") && l.contains("m ")), "a node at ~560m:\n{nodes}");
}

/// ApacheBench: C clients, N requests; the report and a LoadFinished event when done.
#[test]
fn ab_burst_is_limited_by_capacity_and_reports() {
    let mut cluster = Cluster::new(1);
    sh(&mut cluster, FLASK);
    sh(&mut cluster, FLASK_SERVICE);
    run_until(&mut cluster, 10.0);
    let start = sh(&mut cluster, "load ab -c 50 -n 10000 hello-world-flask");
    assert_eq!(start, "load: ab -c 50 -n 10000 http://hello-world-flask:5000/: 50 clients, 10000 requests (progress: load status hello-world-flask)");
    run_until(&mut cluster, 12.0);
    let progress = sh(&mut cluster, "load status hello-world-flask");
    assert!(progress.starts_with("service/hello-world-flask: ab -c 50 -n 10000: "), "{progress}");
    run_until(&mut cluster, 70.0);
    let finished: Vec<_> = cluster.events().stream().iter().filter(|e| e.reason == "LoadFinished").cloned().collect();
    assert_eq!(finished.len(), 1);
    assert_eq!(
        (finished[0].type_, finished[0].source, finished[0].object.name.as_str()),
        ("Normal", "kubeplay", "hello-world-flask")
    );
    // Two single-core flask pods at 8 millicore-seconds a request: ~250 requests/s.
    let status = cluster.load_status().into_iter().find(|s| s.kind == "ab").expect("ab status");
    assert!(!status.running);
    assert_eq!((status.sent, status.ok, status.failed), (10000, 10000, 0));
    let report = kubeplay::print::load_summary(&status);
    let rate: f64 = report
        .lines()
        .find_map(|l| l.strip_prefix("Requests per second:"))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("a rate");
    assert!((225.0..=250.0).contains(&rate), "{report}");
    assert!(report.contains("Complete requests:      10000\nFailed requests:        0\n"), "{report}");
    assert!(finished[0].message.contains("10000 complete, 0 failed"), "{}", finished[0].message);
}

/// Apps that break under load: seed 003's image answers 500 after 5 requests, whether they
/// come from probes or from load; 500s count as failed and curl prints the body.
#[test]
fn http_errors_count_as_failed() {
    let mut cluster = Cluster::new(2);
    sh(
        &mut cluster,
        "kubectl create deployment unhealthy --image=k8s-node-demo-unhealth-image --replicas=1 --port=8080",
    );
    sh(&mut cluster, "kubectl create service clusterip unhealthy --tcp=80:8080");
    run_until(&mut cluster, 15.0);
    sh(&mut cluster, "load curl unhealthy --every 1s");
    run_until(&mut cluster, 25.0);
    let lines: Vec<String> = cluster.load_lines(Some("unhealthy")).into_iter().map(|(_, l)| l).collect();
    assert_eq!(lines.iter().filter(|l| l.contains("客户端部署在")).count(), 5, "{lines:?}");
    assert!(lines.iter().skip(5).all(|l| l == "服务端内部错误"), "the app's own 500 body: {lines:?}");
    let status = &cluster.load_status()[0];
    assert_eq!((status.ok, status.failed), (5, status.sent - 5));
}

#[test]
fn load_commands_check_the_service() {
    let mut cluster = Cluster::new(1);
    assert_eq!(
        sh_err(&mut cluster, "load start nope --rps 5"),
        "Error from server (NotFound): services \"nope\" not found"
    );
    assert_eq!(sh_err(&mut cluster, "load stop"), "error: no load is running");
    sh(&mut cluster, "kubectl create service clusterip empty --tcp=80:80");
    assert_eq!(
        sh(&mut cluster, "load start empty --rps 5"),
        "load: 5 requests/s to service/empty (stop with: load stop empty)"
    );
    advance(&mut cluster, 3);
    // No pod behind the Service: kube-proxy rejects the connections.
    let stats = cluster.service_stats("empty").expect("stats");
    assert_eq!((stats.ok_per_sec, stats.failed_per_sec), (0.0, 5.0));
    assert_eq!(cluster.service_stats("kubernetes"), None);
    assert_eq!(
        sh(&mut cluster, "load stop empty"),
        "service/empty: steady 5 requests/s, stopped after 3s: 15 sent, 0 ok, 15 failed, mean latency 1.0 ms"
    );
    advance(&mut cluster, 3);
    assert_eq!(cluster.service_stats("empty"), Some(ServiceStats::default()));
}

/// Same seed, same script: same curl answers and figures; the traffic has its own random
/// stream, so load does not change the names of pods created later.
#[test]
fn traffic_is_deterministic_and_does_not_shift_pod_names() {
    let run = |with_load: bool| {
        let mut cluster = Cluster::new(9);
        sh(&mut cluster, "kubectl create deployment web --image=nginx:1.27 --replicas=3");
        sh(&mut cluster, "kubectl create service clusterip web --tcp=80:80");
        advance(&mut cluster, 10);
        if with_load {
            sh(&mut cluster, "load curl web --every 500ms");
            sh(&mut cluster, "load start web --rps 40");
        }
        advance(&mut cluster, 30);
        sh(&mut cluster, "kubectl scale deployment web --replicas=5");
        advance(&mut cluster, 30);
        (pods_with_prefix(&cluster, "web-"), cluster.load_lines(None), cluster.load_status())
    };
    let (pods_a, lines_a, status_a) = run(true);
    let (pods_b, lines_b, status_b) = run(true);
    let (pods_c, _, _) = run(false);
    assert_eq!((&pods_a, &lines_a, &status_a), (&pods_b, &lines_b, &status_b));
    assert_eq!(pods_a, pods_c);
    assert!(lines_a.len() > 100);
}

/// 24 hours of load (steady, curl, repeated ab runs) on a classroom-sized cluster: the event
/// queue, the event log and the traffic buffers stay bounded.
#[test]
fn memory_stays_flat_over_24_hours_of_load() {
    let mut cluster = Cluster::with_config(ClusterConfig::with_nodes(4, 3));
    sh(&mut cluster, FLASK);
    sh(&mut cluster, FLASK_SERVICE);
    sh(&mut cluster, "kubectl create deployment web --image=nginx:1.27 --replicas=3");
    sh(&mut cluster, "kubectl create service clusterip web --tcp=80:80");
    advance(&mut cluster, 30);
    sh(&mut cluster, "load start web --rps 20");
    sh(&mut cluster, "load curl hello-world-flask --every 1s");
    let mut sizes = Vec::new();
    for hour in 0..24 {
        sh(&mut cluster, "load ab -c 5 -n 2000 hello-world-flask");
        advance(&mut cluster, 3600);
        sizes.push((
            hour,
            cluster.pending_events(),
            cluster.events().stream().len(),
            cluster.traffic_footprint(),
            cluster.metrics_footprint(),
        ));
    }
    let (_, queue_1h, _, traffic_1h, metrics_1h) = sizes[0];
    let (_, queue_24h, stream_24h, traffic_24h, metrics_24h) = sizes[23];
    assert!(queue_24h <= queue_1h + 5, "{sizes:?}");
    assert!(stream_24h <= kubeplay::engine::events::MAX_STREAM, "{sizes:?}");
    assert!(traffic_24h <= traffic_1h + 20 && traffic_24h < 600, "{sizes:?}");
    assert_eq!(metrics_24h, metrics_1h);
    assert_eq!(cluster.load_status().len(), 2 + 16, "running generators plus the bounded history");
    let web = cluster.service_stats("web").expect("stats");
    assert_eq!(web.ok_per_sec, 20.0);
}

/// The cluster view's per-pod figures: requests spread over the endpoints, a pod whose health
/// endpoint fails (`health fail`) answers 500 to the Service's requests too, and traffic
/// leaves a powered-off pod once it is NotReady and kube-proxy dropped it.
#[test]
fn per_pod_traffic_follows_the_endpoints() {
    let mut cluster = Cluster::new(1);
    sh(&mut cluster, "kubectl create deployment web --image=nginx:1.27 --replicas=3");
    sh(&mut cluster, "kubectl create service clusterip web --tcp=80:80");
    run_until(&mut cluster, 20.0);
    let pods = pods_with_prefix(&cluster, "web-");
    assert_eq!(cluster.pod_traffic(&pods[0]), None, "no load yet");
    sh(&mut cluster, "load start web --rps 30");
    run_until(&mut cluster, 30.001);
    let traffic: Vec<_> = pods.iter().map(|p| cluster.pod_traffic(p).expect("under load")).collect();
    assert_eq!(traffic.iter().map(|t| t.ok_per_sec).sum::<u64>(), 30, "{traffic:?}");
    assert!(traffic.iter().all(|t| t.ok_per_sec >= 3 && t.failed_per_sec == 0), "{traffic:?}");

    sh(&mut cluster, &format!("health fail {}", pods[0]));
    let after = stats_per_second(&mut cluster, "web", 30, 40);
    let sick = cluster.pod_traffic(&pods[0]).expect("under load");
    assert!(sick.ok_per_sec == 0 && sick.failed_per_sec >= 3, "{sick:?}");
    assert!(after.iter().skip(1).all(|(_, s)| s.failed_per_sec >= 3.0), "{after:?}");
    sh(&mut cluster, &format!("health recover {}", pods[0]));
    run_until(&mut cluster, 42.001);
    let well = cluster.pod_traffic(&pods[0]).expect("under load");
    assert!(well.ok_per_sec >= 3 && well.failed_per_sec == 0, "{well:?}");

    let node = cluster.store().pod(&pods[1]).and_then(|p| p.spec.node_name.clone()).expect("scheduled");
    sh(&mut cluster, &format!("node power-off {node}"));
    run_until(&mut cluster, 60.001);
    let dying = cluster.pod_traffic(&pods[1]).expect("still an endpoint");
    assert!(dying.ok_per_sec == 0 && dying.failed_per_sec >= 3, "{dying:?}");
    run_until(&mut cluster, 100.001);
    let gone = cluster.pod_traffic(&pods[1]).unwrap_or_default();
    assert_eq!(gone.ok_per_sec + gone.failed_per_sec, 0, "traffic left the NotReady pod: {gone:?}");
    let rest: u64 = pods.iter().filter_map(|p| cluster.pod_traffic(p)).map(|t| t.ok_per_sec).sum();
    assert_eq!(rest, 30);
}
