//! The HorizontalPodAutoscaler end to end: `kubectl autoscale`, the 15 s sync, `get hpa` and
//! `describe hpa`, the `<unknown>` trap of pods without CPU requests, pre-checks, behavior
//! versus legacy normalization, and the php-apache / seed 001 timelines
//! (reference kubernetes-behavior.md §9, §11.8).
//!
//! METRICS: until the traffic branch lands, CPU usage comes from the temporary stub in
//! src/engine/metrics.rs (annotation `kubeplay.dev/test-cpu-usage`, metrics after 30 s of
//! running). `offer_cpu` below is the stand-in for load: a total CPU demand shared by the
//! ready pods, each capped at its limit. Tests that call it (or that assert a usage value
//! such as `1%`) depend on the stub and must be moved to `load start` / `load ab` once real
//! traffic and metrics-server are merged; the others do not depend on traffic.

use crate::support::*;
use kubeplay::engine::metrics::TEST_CPU_USAGE;
use kubeplay::engine::Cluster;

const PHP_APACHE: &str = include_str!("../data/k8s-examples/application-php-apache.yaml");

/// The seed 001 JSON patch that gives hello-world-flask its requests.
const SEED_001_PATCH: &str = r#"kubectl patch deployment hello-world-flask --type='json' -p='[{"op": "add", "path": "/spec/template/spec/containers/0/resources", "value": {"requests": {"memory": "100Mi", "cpu": "100m"}}}]'"#;

const SEED_001_AUTOSCALE: &str = "kubectl autoscale deployment hello-world-flask --cpu-percent=50 --min=2 --max=10";
const CPU_PERCENT_WARNING: &str = "Flag --cpu-percent has been deprecated, Use --cpu with percentage or resource quantity format (e.g., '70%' for utilization or '500m' for milliCPU).";

/// STUB LOAD MODEL: `total` millicores of demand shared evenly by the Ready pods whose name
/// starts with `prefix`, each capped at its CPU limit; the others idle at 1m.
fn offer_cpu(cluster: &mut Cluster, prefix: &str, total: i64) {
    let names = pods_with_prefix(cluster, prefix);
    let ready: Vec<String> = names.iter().filter(|n| cluster.store.pod(n).is_some_and(|p| p.is_ready() && !p.is_terminating())).cloned().collect();
    for name in names {
        let Some(pod) = cluster.store.pod_mut(&name) else { continue };
        let limit = pod.spec.containers.iter().map(|c| c.cpu_limit_millis().unwrap_or(i64::MAX)).sum::<i64>();
        let usage = if ready.contains(&name) { (total / ready.len() as i64).min(limit).max(1) } else { 1 };
        pod.metadata.annotations.insert(TEST_CPU_USAGE.into(), format!("{usage}m"));
    }
}

/// Runs `secs` seconds with the stub load re-spread every second (as kube-proxy would
/// spread new connections over the current endpoints).
fn run_with_load(cluster: &mut Cluster, prefix: &str, total: i64, secs: u64) {
    for _ in 0..secs {
        offer_cpu(cluster, prefix, total);
        advance(cluster, 1);
    }
}

/// `(time [s], message)` of the HPA's events with `reason`.
fn hpa_events(cluster: &Cluster, reason: &str) -> Vec<(u64, String)> {
    cluster
        .events
        .stream()
        .iter()
        .filter(|e| e.reason == reason && e.object.kind == "HorizontalPodAutoscaler")
        .map(|e| (e.at.as_millis() / 1000, e.message.clone()))
        .collect()
}

fn replicas(cluster: &Cluster, deployment: &str) -> i64 {
    cluster.store.deployments[deployment].spec.replicas.unwrap_or(1)
}

fn above(n: i64) -> String {
    format!("New size: {n}; reason: cpu resource utilization (percentage of request) above target")
}

fn below(n: i64) -> String {
    format!("New size: {n}; reason: All metrics below target")
}

#[test]
fn first_sync_is_15_s_after_creation() {
    let mut cluster = Cluster::new(1);
    apply(&mut cluster, PHP_APACHE);
    advance(&mut cluster, 3);
    assert_eq!(
        sh(&mut cluster, "kubectl autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10"),
        format!("{CPU_PERCENT_WARNING}\nhorizontalpodautoscaler.autoscaling/php-apache autoscaled")
    );
    let before = "\
NAME         REFERENCE               TARGETS              MINPODS   MAXPODS   REPLICAS   AGE
php-apache   Deployment/php-apache   cpu: <unknown>/50%   1         10        0          11s";
    advance(&mut cluster, 11);
    assert_eq!(sh(&mut cluster, "kubectl get hpa"), before);
    // t = 15 is on the grid but the HPA is only 12 s old; t = 30 is its first sync. The pod
    // has run for 28 s: no metrics yet, so the HPA reports the scale and the failure.
    run_until(&mut cluster, 29.9);
    assert!(hpa_events(&cluster, "FailedGetResourceMetric").is_empty());
    run_until(&mut cluster, 30.0);
    assert_eq!(
        hpa_events(&cluster, "FailedGetResourceMetric"),
        vec![(30, "failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API".to_string())]
    );
    assert_eq!(
        hpa_events(&cluster, "FailedComputeMetricsReplicas"),
        vec![(30, "invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API".to_string())]
    );
    assert!(sh(&mut cluster, "kubectl get hpa").ends_with("cpu: <unknown>/50%   1         10        1          27s"));
    // With metrics (stub: idle 1m of 200m), the next sync finds 0 %: the formula asks for
    // 0, the first sync's recommendation (the current 1) holds it, and min is 1 anyway.
    run_until(&mut cluster, 45.0);
    assert!(sh(&mut cluster, "kubectl get hpa").ends_with("cpu: 0%/50%   1         10        1          42s"), "{}", sh(&mut cluster, "kubectl get hpa"));
    let describe = sh(&mut cluster, "kubectl describe hpa php-apache");
    assert!(
        describe.contains(
            "\
Metrics:                                               ( current / target )
  resource cpu on pods  (as a percentage of request):  0% (1m) / 50%
Min replicas:                                          1
Max replicas:                                          10
Deployment pods:                                       1 current / 1 desired
Conditions:
  Type            Status  Reason               Message
  ----            ------  ------               -------
  AbleToScale     True    ScaleDownStabilized  recent recommendations were higher than current one, applying the highest recent recommendation
  ScalingActive   True    ValidMetricFound     the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)
  ScalingLimited  False   DesiredWithinRange   the desired count is within the acceptable range
"
        ),
        "{describe}"
    );
}

/// Seed 001 without requests: TARGETS stays `<unknown>` and the HPA complains about the
/// missing request until `kubectl patch` adds one; the rollout replaces the pods and the HPA
/// starts working once the new pods have metrics.
#[test]
fn unknown_without_cpu_requests_until_the_seed_001_patch() {
    let mut cluster = Cluster::new(1);
    sh(&mut cluster, "kubectl create deployment hello-world-flask --image=lyzhang1999/hello-world-flask:latest --replicas=2");
    sh(&mut cluster, SEED_001_AUTOSCALE);
    advance(&mut cluster, 60);
    let pod = pods_with_prefix(&cluster, "hello-world-flask-")[0].clone();
    let missing = format!("failed to get cpu utilization: missing request for cpu in container hello-world-flask of Pod {pod}");
    assert_eq!(
        hpa_events(&cluster, "FailedGetResourceMetric"),
        vec![
            (15, "failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API".to_string()),
            (30, "failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API".to_string()),
            (45, missing.clone()),
            (60, missing.clone()),
        ]
    );
    assert_eq!(
        sh(&mut cluster, "kubectl get hpa"),
        "\
NAME                REFERENCE                      TARGETS              MINPODS   MAXPODS   REPLICAS   AGE
hello-world-flask   Deployment/hello-world-flask   cpu: <unknown>/50%   2         10        2          60s"
    );
    let describe = sh(&mut cluster, "kubectl describe hpa hello-world-flask");
    let expected = format!(
        "\
Deployment pods:                                       2 current / 0 desired
Conditions:
  Type           Status  Reason                   Message
  ----           ------  ------                   -------
  AbleToScale    True    SucceededGetScale        the HPA controller was able to get the target's current scale
  ScalingActive  False   FailedGetResourceMetric  the HPA was unable to compute the replica count: {missing}
Events:
  Type     Reason                        Age                From                       Message
  ----     ------                        ----               ----                       -------
  Warning  FailedGetResourceMetric       30s (x2 over 45s)  horizontal-pod-autoscaler  failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API
  Warning  FailedComputeMetricsReplicas  30s (x2 over 45s)  horizontal-pod-autoscaler  invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API
  Warning  FailedGetResourceMetric       0s (x2 over 15s)   horizontal-pod-autoscaler  {missing}
  Warning  FailedComputeMetricsReplicas  0s (x2 over 15s)   horizontal-pod-autoscaler  invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: {missing}
"
    );
    let expected = expected.trim_end();
    assert_eq!(describe.get(describe.len().saturating_sub(expected.len())..), Some(expected), "{describe}");
    assert_eq!(replicas(&cluster, "hello-world-flask"), 2, "an HPA without a valid metric never scales");

    sh(&mut cluster, SEED_001_PATCH);
    // The old pods keep the metric invalid until they are gone, then the new ones need two
    // scrapes; after that the HPA reads an idle 1 % (stub) and holds the minimum of 2.
    advance(&mut cluster, 60);
    let table = sh(&mut cluster, "kubectl get hpa");
    assert!(table.contains("cpu: 1%/50%"), "{table}");
    assert!(hpa_events(&cluster, "SuccessfulRescale").is_empty());
    let describe = sh(&mut cluster, "kubectl describe hpa hello-world-flask");
    assert!(describe.contains("  ScalingActive   True    ValidMetricFound     the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)\n"), "{describe}");
    // Five minutes after the first valid recommendation the minimum is what limits it.
    advance(&mut cluster, 300);
    let describe = sh(&mut cluster, "kubectl describe hpa hello-world-flask");
    assert!(describe.contains("  ScalingLimited  True    TooFewReplicas    the desired replica count is less than the minimum replica count\n"), "{describe}");
    assert_eq!(replicas(&cluster, "hello-world-flask"), 2);
}

#[test]
fn missing_scale_target_fails_get_scale() {
    let mut cluster = Cluster::new(1);
    apply(
        &mut cluster,
        "apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 5
",
    );
    advance(&mut cluster, 30);
    assert_eq!(
        hpa_events(&cluster, "FailedGetScale"),
        vec![(15, "deployments/scale.apps \"web\" not found".to_string()), (30, "deployments/scale.apps \"web\" not found".to_string())]
    );
    let describe = sh(&mut cluster, "kubectl describe hpa web");
    assert!(
        describe.contains(
            "\
Deployment pods:                                       0 current / 0 desired
Conditions:
  Type         Status  Reason          Message
  ----         ------  ------          -------
  AbleToScale  False   FailedGetScale  the HPA controller was unable to get the target's current scale: deployments/scale.apps \"web\" not found
"
        ),
        "{describe}"
    );
    // The default metric is cpu at 80 %.
    assert!(sh(&mut cluster, "kubectl get hpa").contains("cpu: <unknown>/80%   1         5         0"));
}

#[test]
fn replica_bounds_are_enforced_before_metrics() {
    let mut cluster = Cluster::new(1);
    sh(&mut cluster, "kubectl create deployment web --image=nginx --replicas=1");
    sh(&mut cluster, "kubectl autoscale deployment web --cpu=50% --min=3 --max=5");
    advance(&mut cluster, 15);
    assert_eq!(hpa_events(&cluster, "SuccessfulRescale"), vec![(15, "New size: 3; reason: Current number of replicas below Spec.MinReplicas".to_string())]);
    // No metrics were read for that decision, so TARGETS stays unknown until the next sync.
    assert!(sh(&mut cluster, "kubectl get hpa").contains("cpu: <unknown>/50%   3         5         1 "));
    advance(&mut cluster, 15);
    sh(&mut cluster, "kubectl scale deployment web --replicas=8");
    advance(&mut cluster, 15);
    assert_eq!(hpa_events(&cluster, "SuccessfulRescale")[1], (45, "New size: 5; reason: Current number of replicas above Spec.MaxReplicas".to_string()));
    assert_eq!(replicas(&cluster, "web"), 5);
    // Scaled to zero by hand: the HPA stands aside.
    sh(&mut cluster, "kubectl scale deployment web --replicas=0");
    advance(&mut cluster, 15);
    let describe = sh(&mut cluster, "kubectl describe hpa web");
    assert!(describe.contains("  ScalingActive  False   ScalingDisabled    scaling is disabled since the replica count of the target is zero\n"), "{describe}");
    assert!(describe.contains("Deployment pods:                                       0 current / 0 desired\n"), "{describe}");
    advance(&mut cluster, 60);
    assert_eq!(replicas(&cluster, "web"), 0);
}

/// How load reaches the pods in the fidelity tests: through the command language when the
/// traffic simulation is there, else through the stub (the same demand in millicores).
/// FIXME(merge): once traffic lands, `Load::Stub` and the stub-only exact checks go.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Load {
    Real,
    Stub { prefix: &'static str, millis: i64 },
}

impl Load {
    fn start(cluster: &mut Cluster, command: &str, prefix: &'static str, millis: i64) -> Load {
        let out = kubeplay::cmd::run(cluster, &kubeplay::cmd::NoFiles, command);
        if out.ok {
            return Load::Real;
        }
        assert!(out.text.contains("not available yet"), "`{command}` failed:\n{}", out.text);
        Load::Stub { prefix, millis }
    }

    fn stop(&mut self, cluster: &mut Cluster, command: &str) {
        match self {
            Load::Real => {
                sh(cluster, command);
            }
            Load::Stub { millis, .. } => *millis = 0,
        }
    }

    /// Advances `secs` seconds, one at a time; returns the highest spec.replicas seen.
    fn run(&self, cluster: &mut Cluster, deployment: &str, secs: u64) -> i64 {
        let mut highest = replicas(cluster, deployment);
        for _ in 0..secs {
            match *self {
                Load::Real => advance(cluster, 1),
                Load::Stub { prefix, millis } => run_with_load(cluster, prefix, millis, 1),
            }
            highest = highest.max(replicas(cluster, deployment));
        }
        highest
    }
}

/// Rescale properties that hold whatever the load model: every rescale on the HPA's 15 s
/// grid, and no scale-up step beyond the legacy limit max(2 × current, 4).
fn check_legacy_steps(rescales: &[(u64, String)], initial: i64) {
    let mut current = initial;
    for (at, message) in rescales {
        assert_eq!(at % 15, 0, "rescale off the 15 s grid: {rescales:?}");
        let size: i64 = message.strip_prefix("New size: ").and_then(|m| m.split(';').next()).and_then(|n| n.parse().ok()).unwrap_or(-1);
        assert!(size >= 1 && size <= (2 * current).max(4), "step {current} -> {size} beyond the legacy limit: {rescales:?}");
        current = size;
    }
}

/// Fidelity: the official walkthrough (§9.9, §11.8). php-apache (request 200m, limit 500m),
/// `kubectl autoscale --cpu-percent=50 --min=1 --max=10`, and the docs' load generator
/// (`while sleep 0.01; do wget ...`, ~100 requests/s of 7 millicore-seconds = 700m).
///
/// Where the docs differ: they show `305%/50%` on one pod and then 7 replicas. With today's
/// manifest the 500m limit caps one pod at 250 % of its 200m request, so the first
/// evaluation sees at most 250 % and asks for at most 5, and the legacy limit
/// max(2 × 1, 4) makes the first step 4. The formula still settles at ceil(700m / (50 % ×
/// 200m)) = 7, as the docs' `7/7`, but only after the new pods have a full metric window
/// (until then they count as idle on a scale-up).
#[test]
fn php_apache_walkthrough() {
    let mut cluster = Cluster::new(1);
    apply(&mut cluster, PHP_APACHE);
    sh(&mut cluster, "kubectl autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10");
    advance(&mut cluster, 60);
    assert!(sh(&mut cluster, "kubectl get hpa").contains("cpu: 0%/50%   1         10        1 "));
    let mut load = Load::start(&mut cluster, "load start php-apache --rps 100", "php-apache-", 700);
    load.run(&mut cluster, "php-apache", 240);
    let rescales = hpa_events(&cluster, "SuccessfulRescale");
    check_legacy_steps(&rescales, 1);
    assert_eq!(rescales[0].1, above(4), "{rescales:?}");
    assert!(rescales[0].0 <= 60 + 45, "the first step comes within the metrics lag: {rescales:?}");
    assert_eq!(replicas(&cluster, "php-apache"), 7, "{rescales:?}");
    let table = sh(&mut cluster, "kubectl get hpa");
    let utilization: i64 = table.split("cpu: ").nth(1).and_then(|t| t.split('%').next()).and_then(|u| u.parse().ok()).unwrap_or(-1);
    assert!((45..=55).contains(&utilization), "settled within the tolerance of 50 %: {table}");
    assert!(sh(&mut cluster, "kubectl get deployment php-apache").contains("php-apache   7/7     7            7"));
    if let Load::Stub { .. } = load {
        // The stub's exact path. 75 s: 250 % asks for 5, the legacy limit allows 4. The new
        // pods are Ready within seconds and take their share of the load but have no metrics
        // for ~30 s: on a scale-up they count as idle, which would flip the direction, so the
        // proposal stays 4. Legacy stabilization still takes the highest recommendation of the
        // last 5 minutes, the unlimited 5 of 75 s: 90 s scales to 5 with an empty reason, as
        // upstream does (kubernetes/kubernetes#78712). 120 s: four pods with samples at 140m
        // = 70 % and one without, ceil(1.12 × 5) = 6; 165 s: six at 116m = 58 %, ceil(1.16 ×
        // 6) = 7.
        let blank = "New size: 5; reason: ".to_string();
        assert_eq!(rescales, vec![(75, above(4)), (90, blank), (120, above(6)), (165, above(7))]);
        let describe = sh(&mut cluster, "kubectl describe hpa php-apache");
        assert!(describe.contains("  resource cpu on pods  (as a percentage of request):  50% (100m) / 50%\n"), "{describe}");
        assert!(describe.contains("  Normal   SuccessfulRescale             3m30s                  horizontal-pod-autoscaler  New size: 5; reason:\n"), "{describe}");
    }

    // The load stops at T = 300 s. Recommendations drop to 1 at once, but the legacy
    // 5-minute window holds the highest one: no scale-down before T + 300 s, then straight to
    // the minimum within a sync and the metrics lag.
    let stopped = cluster.now().as_millis() / 1000;
    let settled = hpa_events(&cluster, "SuccessfulRescale").len();
    load.stop(&mut cluster, "load stop php-apache");
    load.run(&mut cluster, "php-apache", 299);
    assert_eq!(hpa_events(&cluster, "SuccessfulRescale").len(), settled, "no scale-down inside the window");
    let describe = sh(&mut cluster, "kubectl describe hpa php-apache");
    assert!(describe.contains("  AbleToScale     True    ScaleDownStabilized  recent recommendations were higher than current one, applying the highest recent recommendation\n"), "{describe}");
    load.run(&mut cluster, "php-apache", 46);
    let rescales = hpa_events(&cluster, "SuccessfulRescale");
    assert_eq!(rescales.len(), settled + 1, "{rescales:?}");
    let (at, message) = &rescales[settled];
    assert_eq!(message, &below(1));
    assert!(*at >= stopped + 300 && *at <= stopped + 345, "scale-down at {at}s, load stopped at {stopped}s");
    if let Load::Stub { .. } = load {
        assert_eq!(*at, 615, "the last busy sync (300 s) leaves the window after 600 s");
    }
    advance(&mut cluster, 60);
    assert!(sh(&mut cluster, "kubectl get deployment php-apache").contains("php-apache   1/1     1            1"));
}

/// Fidelity: seed 001. Two hello-world-flask replicas with requests.cpu 100m (the seed's
/// patch), `kubectl autoscale ... --cpu-percent=50 --min=2 --max=10`, then
/// `ab -c 50 -n 10000` against the Service: the Deployment scales out during the burst
/// (within the legacy limits, on the 15 s grid) and returns to 2 about 5 minutes after it.
#[test]
fn seed_001_ab_burst_scales_out_and_back() {
    let mut cluster = Cluster::new(1);
    sh(&mut cluster, "kubectl create deployment hello-world-flask --image=lyzhang1999/hello-world-flask:latest --replicas=2");
    sh(&mut cluster, "kubectl create service clusterip hello-world-flask --tcp=5000:5000");
    sh(&mut cluster, SEED_001_PATCH);
    sh(&mut cluster, SEED_001_AUTOSCALE);
    advance(&mut cluster, 90);
    // Stub: the burst as 90 s of 1200m (600 % of the two pods' requests).
    let mut load = Load::start(&mut cluster, "load ab -c 50 -n 10000 hello-world-flask", "hello-world-flask-", 1200);
    let highest = if let Load::Stub { .. } = load {
        let highest = load.run(&mut cluster, "hello-world-flask", 90);
        load.stop(&mut cluster, "load stop hello-world-flask");
        highest.max(load.run(&mut cluster, "hello-world-flask", 510))
    } else {
        load.run(&mut cluster, "hello-world-flask", 600)
    };
    assert!(highest > 2, "the burst scaled the Deployment out");
    let rescales = hpa_events(&cluster, "SuccessfulRescale");
    assert_eq!(rescales[0].1, above(4), "{rescales:?}");
    check_legacy_steps(&rescales, 2);
    let last = rescales.last().map(|r| r.1.clone()).unwrap_or_default();
    assert_eq!(last, below(2), "{rescales:?}");
    assert_eq!(replicas(&cluster, "hello-world-flask"), 2);
    if let Load::Stub { .. } = load {
        // From 2: 600 % asks for 12, the legacy limit allows 4. At 120 s the two new pods have
        // no samples and count as idle: 150 % over 4 pods asks for 12 again, limited to 8. At
        // 135 s the 5-minute maximum (12) wins over the proposal and max 10 limits it: a
        // rescale with an empty reason, as upstream (kubernetes/kubernetes#78712). The burst
        // ends at 180 s, the last busy sync; legacy keeps a recommendation while it is at most
        // 300 s old, so 480 s still holds 10 and 495 s goes straight to the minimum.
        let blank = "New size: 10; reason: ".to_string();
        assert_eq!(rescales, vec![(105, above(4)), (120, above(8)), (135, blank), (495, below(2))]);
    }
    advance(&mut cluster, 60);
    assert_eq!(pods_with_prefix(&cluster, "hello-world-flask-").len(), 2);
}

/// An explicit (even empty) `behavior` switches to the behavior rules: from 1 replica the
/// default scale-up policy allows 5 at once where `kubectl autoscale`'s legacy rules allow 4.
#[test]
fn behavior_present_uses_the_default_policies() {
    let mut cluster = Cluster::new(1);
    apply(&mut cluster, PHP_APACHE);
    apply(
        &mut cluster,
        "apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: php-apache}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: php-apache}
  minReplicas: 1
  maxReplicas: 10
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
  behavior:
    scaleDown: {stabilizationWindowSeconds: 60}
",
    );
    advance(&mut cluster, 45);
    run_with_load(&mut cluster, "php-apache-", 700, 15);
    assert_eq!(hpa_events(&cluster, "SuccessfulRescale"), vec![(60, above(5))]);
    // 5 pods at 140m (70 %) once the new ones have metrics: ceil(1.4 × 5) = 7.
    run_with_load(&mut cluster, "php-apache-", 700, 60);
    assert_eq!(hpa_events(&cluster, "SuccessfulRescale")[1..], [(105, above(7))]);
    // Load stops after t = 120 s. The 60 s window replaces legacy's 5 minutes: the busy
    // recommendation of t = 120 s stops counting at 180 s. At 135 s the two newest pods had
    // no sample yet and counted as busy (100 % of their request) on the way down, so that
    // sync recommended 4: the count steps 7 → 4 at 180 s and reaches the minimum at 195 s.
    run_with_load(&mut cluster, "php-apache-", 0, 90);
    assert_eq!(hpa_events(&cluster, "SuccessfulRescale")[2..], [(180, below(4)), (195, below(1))]);
    let describe = sh(&mut cluster, "kubectl describe hpa php-apache");
    assert!(describe.contains("Behavior:\n  Scale Up:\n    Stabilization Window: 0 seconds\n    Select Policy: Max\n"), "{describe}");
}

/// `--cpu=500m`: an AverageValue target, shown as a quantity.
#[test]
fn average_value_target() {
    let mut cluster = Cluster::new(1);
    apply(&mut cluster, PHP_APACHE);
    sh(&mut cluster, "kubectl autoscale deployment php-apache --cpu=100m --max=5");
    advance(&mut cluster, 45);
    run_with_load(&mut cluster, "php-apache-", 300, 15);
    assert_eq!(hpa_events(&cluster, "SuccessfulRescale"), vec![(60, "New size: 3; reason: cpu resource above target".to_string())]);
    assert!(sh(&mut cluster, "kubectl get hpa").contains("cpu: 300m/100m"), "{}", sh(&mut cluster, "kubectl get hpa"));
}

#[test]
fn deleting_the_hpa_stops_scaling_and_a_new_one_starts_fresh() {
    let mut cluster = Cluster::new(1);
    apply(&mut cluster, PHP_APACHE);
    sh(&mut cluster, "kubectl autoscale deployment php-apache --cpu=50% --max=10");
    advance(&mut cluster, 45);
    run_with_load(&mut cluster, "php-apache-", 700, 15);
    assert_eq!(replicas(&cluster, "php-apache"), 4);
    sh(&mut cluster, "kubectl delete hpa php-apache");
    run_with_load(&mut cluster, "php-apache-", 0, 60);
    assert_eq!(replicas(&cluster, "php-apache"), 4);
    // The new HPA has no memory of the old recommendations: its first sync records the
    // current size, which then holds for 5 minutes of idle recommendations.
    sh(&mut cluster, "kubectl autoscale deployment php-apache --cpu=50% --max=10");
    run_with_load(&mut cluster, "php-apache-", 0, 300);
    assert_eq!(replicas(&cluster, "php-apache"), 4);
    run_with_load(&mut cluster, "php-apache-", 0, 30);
    assert_eq!(replicas(&cluster, "php-apache"), 1);
}

/// A memory Utilization metric reads the working set against the memory request; the
/// readiness rules of cpu do not apply. (Stub: every pod's working set is 16Mi.)
#[test]
fn memory_utilization_metric() {
    let mut cluster = Cluster::new(1);
    apply(
        &mut cluster,
        "apiVersion: apps/v1
kind: Deployment
metadata: {name: cache}
spec:
  replicas: 2
  selector: {matchLabels: {app: cache}}
  template:
    metadata: {labels: {app: cache}}
    spec:
      containers:
      - name: redis
        image: redis:7
        resources: {requests: {memory: 20Mi, cpu: 100m}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: cache}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: cache}
  minReplicas: 2
  maxReplicas: 6
  metrics:
  - type: Resource
    resource: {name: memory, target: {type: Utilization, averageUtilization: 50}}
  - type: Resource
    resource: {name: memory, target: {type: AverageValue, averageValue: 8Mi}}
",
    );
    advance(&mut cluster, 45);
    // 16Mi of 20Mi is 80 %: ceil(1.6 × 2) = 4; 16Mi against 8Mi asks for the same 4.
    assert_eq!(hpa_events(&cluster, "SuccessfulRescale"), vec![(45, "New size: 4; reason: memory resource utilization (percentage of request) above target".to_string())]);
    assert!(sh(&mut cluster, "kubectl get hpa").contains("memory: 80%/50%, memory: 16777216/8Mi   2         6         2 "), "{}", sh(&mut cluster, "kubectl get hpa"));
}
