//! Time series and markers recorded by the engine (issue 5): values at the right times in the
//! node-failover story, markers for actions and deadlines, and bounded memory over a day.

use crate::support::*;
use kubeplay::engine::series::{Marker, MarkerKind, MAX_PODS, READY_TRUE, READY_UNKNOWN, TRACK_CAPACITY};
use kubeplay::engine::time::SimTime;
use kubeplay::engine::Cluster;

fn failover() -> Cluster {
    let mut cluster = Cluster::new(7);
    apply(&mut cluster, WEB3);
    run_until(&mut cluster, 60.0);
    sh(&mut cluster, "node power-off node-2");
    run_until(&mut cluster, 900.0);
    cluster
}

fn value(cluster: &Cluster, path: &str, at_secs: u64) -> Option<f64> {
    cluster.series().track(path).unwrap_or_else(|| panic!("no track {path}")).value_at(secs(at_secs))
}

fn marker_line(m: &Marker) -> String {
    let since = m.since.map(|s| format!(" since {}", s.as_millis() / 1000)).unwrap_or_default();
    format!("{} {:?} {}{since}", m.at.as_millis() / 1000, m.kind, m.label)
}

/// Seed 000 failover: ready replicas 3 -> 2 when node-2 turns NotReady at 110 s, back to 3 after
/// the eviction at 415 s (state is sampled every 5 s, so the replacement shows at 420 s).
#[test]
fn failover_ready_replicas_over_time() {
    let cluster = failover();
    assert_eq!(value(&cluster, "deployment/web/ready", 105), Some(3.0));
    assert_eq!(value(&cluster, "deployment/web/ready", 110), Some(2.0));
    assert_eq!(value(&cluster, "deployment/web/desired", 300), Some(3.0));
    let ready = cluster.series().track("deployment/web/ready").expect("track");
    let back = ready.first_time(secs(111), |v| v == 3.0).expect("back to 3");
    assert_near(back.as_millis() as f64 / 1000.0, 416.0, 5.0, "ready replicas back to 3");
    assert_eq!(value(&cluster, "deployment/web/available", 200), Some(2.0));
}

#[test]
fn failover_node_state_over_time() {
    let cluster = failover();
    assert_eq!(value(&cluster, "node/node-2/ready", 105), Some(READY_TRUE), "Ready for 50 s after power-off");
    assert_eq!(value(&cluster, "node/node-2/ready", 110), Some(READY_UNKNOWN));
    assert_eq!(value(&cluster, "node/node-2/powered", 59), Some(1.0));
    assert_eq!(value(&cluster, "node/node-2/powered", 60), Some(0.0), "sampled at the action, not at the next 5 s");
    assert_eq!(value(&cluster, "node/node-2/powered", 65), Some(0.0));
    assert_eq!(value(&cluster, "node/node-1/ready", 900), Some(READY_TRUE));
    assert_eq!(value(&cluster, "node/node-2/connected", 900), Some(1.0));
}

#[test]
fn failover_markers() {
    let cluster = failover();
    let lines: Vec<String> = cluster.series().markers().map(marker_line).collect();
    assert_eq!(
        lines,
        [
            "60 Action power-off node-2",
            "110 NodeNotReady node-2 NotReady (grace period 50s) since 60",
            "115 NoExecuteTaint node-2 tainted NoExecute",
            "415 Eviction node-2 eviction (300s toleration) since 115",
        ]
    );
}

/// Restarts per pod and per Deployment, and the kubelet's markers (kill, back-off).
#[test]
fn restarts_and_back_off_markers() {
    let mut cluster = Cluster::new(7);
    apply(&mut cluster, WEB3);
    run_until(&mut cluster, 30.0);
    let pod = pods_with_prefix(&cluster, "web-")[0].clone();
    sh(&mut cluster, &format!("kill {pod}"));
    run_until(&mut cluster, 31.0);
    sh(&mut cluster, &format!("kill {pod}"));
    run_until(&mut cluster, 60.0);
    assert_eq!(value(&cluster, &format!("pod/{pod}/restarts"), 25), Some(0.0));
    assert_eq!(value(&cluster, &format!("pod/{pod}/restarts"), 60), Some(2.0));
    assert_eq!(value(&cluster, "deployment/web/restarts", 60), Some(2.0));
    let kinds: Vec<(MarkerKind, String)> = cluster.series().markers().map(|m| (m.kind, m.label.clone())).collect();
    assert_eq!(
        kinds,
        [
            (MarkerKind::Action, format!("kill {pod}")),
            (MarkerKind::Action, format!("kill {pod}")),
            (MarkerKind::BackOff, format!("{pod} back-off 10s")),
        ]
    );
}

/// A day of cluster time with churn (scaling up and down every 10 minutes, a killed pod, a node
/// going off and on every two hours) keeps every track, the pod tracks and the marker list
/// bounded. (`Series` unit tests show a track that changes at every sample going flat.)
#[test]
fn histories_stay_bounded_over_24_hours() {
    let mut cluster = Cluster::new(3);
    apply(&mut cluster, WEB3);
    let mut footprints = Vec::new();
    for ten_minutes in 0..144u64 {
        let replicas = if ten_minutes % 2 == 0 { 6 } else { 2 };
        sh(&mut cluster, &format!("kubectl scale deploy/web --replicas={replicas}"));
        if ten_minutes % 12 == 3 {
            sh(&mut cluster, "node power-off node-3");
        }
        if ten_minutes % 12 == 9 {
            sh(&mut cluster, "node power-on node-3");
        }
        if let Some(pod) = pods_with_prefix(&cluster, "web-").first() {
            let pod = pod.clone();
            let _ = kubeplay::cmd::run(&mut cluster, &kubeplay::cmd::NoFiles, &format!("kill {pod}"));
        }
        advance(&mut cluster, 600);
        if ten_minutes == 71 || ten_minutes == 143 {
            footprints.push(cluster.series().footprint());
        }
    }
    let series = cluster.series();
    assert!(series.pods().count() <= MAX_PODS, "{} pod tracks", series.pods().count());
    for path in series.paths() {
        let track = series.track(&path).expect("listed");
        assert!(track.len() <= TRACK_CAPACITY, "{path}: {} points", track.len());
    }
    let (points_12h, bytes_12h) = footprints[0];
    let (points_24h, bytes_24h) = footprints[1];
    // Steady values cost nothing, so most tracks are far from full; whatever happens, no
    // track holds more than TRACK_CAPACITY points (16 bytes each, 4096 allocated at most).
    let n_tracks = series.paths().len();
    let bound = n_tracks * 4096 * 16 + 500 * 200;
    assert!(bytes_24h <= bound, "{bytes_24h} bytes > bound {bound}");
    assert!(points_24h <= n_tracks * TRACK_CAPACITY);
    assert!(
        bytes_24h < 200 * 1024,
        "12 h: {points_12h} points, {bytes_12h} bytes; 24 h: {points_24h} points, {bytes_24h} bytes"
    );
    // The sample of an instant runs 1 ms after it: the run ended just before the last one.
    assert_eq!(series.time_range().map(|r| r.1), Some(SimTime::from_secs(144 * 600 - 5)));
}

/// The revision moves when samples or markers arrive, and only then.
#[test]
fn revision_changes_with_data() {
    let mut cluster = Cluster::new(1);
    apply(&mut cluster, WEB3);
    run_until(&mut cluster, 11.0);
    let before = cluster.series().revision();
    run_until(&mut cluster, 15.0);
    assert_eq!(cluster.series().revision(), before, "no sample between 11 s and 15 s (the next runs at 15.001 s)");
    sh(&mut cluster, "node power-off node-1");
    assert!(cluster.series().revision() > before, "a marker is data");
}

/// `kubeplay run node-failover.yaml --svg OUT.svg` draws the replicas and node charts with
/// the power-off, the 50 s grace period and the 300 s toleration.
#[test]
fn failover_scenario_svg() {
    let text = include_str!("../scenarios/node-failover.yaml");
    let (_, session) =
        kubeplay::runner::run_scenario(text, "node-failover.yaml", &kubeplay::cmd::NoFiles, &Default::default())
            .expect("runs");
    let svg = kubeplay::runner::chart_svg(session.cluster());
    for text in [
        "Replicas — deployment/web",
        "Nodes — Ready condition (API) and machine",
        "power-off node-2",
        "power-on node-2",
        "node-2 NotReady (grace period 50s)",
        "grace period 50s",
        "eviction (300s toleration)",
        ">\n8:00\n<",
    ] {
        assert!(svg.contains(text), "missing {text:?}");
    }
    // No traffic and no restarts in this scenario: two panels.
    assert!(!svg.contains("Requests —") && !svg.contains("Container restarts"));
    assert!(svg.matches("<polyline").count() > 20);
}
