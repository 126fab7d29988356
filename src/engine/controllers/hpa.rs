//! The HorizontalPodAutoscaler controller (autoscaling/v2). Every 15 s it reads each HPA's
//! scale target, turns metrics-server samples into a replica count, normalizes that count
//! (the legacy rules when `spec.behavior` is absent, the behavior rules otherwise) and writes
//! the target's `spec.replicas`, the HPA status, its conditions and events.
//!
//! The arithmetic lives in pure functions (`resource_replicas`, `normalize_legacy`,
//! `normalize_with_behavior`) with `now` as a parameter; `impl Cluster` only gathers inputs
//! and applies the outcome.

// Models pkg/controller/podautoscaler/horizontal.go (reconcileAutoscaler,
// computeReplicasForMetrics, normalizeDesiredReplicas[WithBehaviors]) and
// replica_calculator.go (GetResourceReplicas, GetRawResourceReplicas, groupPods).
// Simplified: one namespace, Resource metrics only (Pods/Object/External metrics are
// accepted by the API but have no metrics source here, so they are reported invalid), and
// each HPA is synced 15 s after creation and every 15 s after (the queue's fixed delay).

use crate::api::{
    Condition, HorizontalPodAutoscaler, HpaBehavior, HpaScalingRules, HpaStatus, LabelSelector, MetricSpec, Pod,
};
use crate::engine::time::{SimDuration, SimTime};
use crate::engine::{Cluster, Ev};
use std::collections::BTreeMap;

/// `--horizontal-pod-autoscaler-sync-period`.
pub const SYNC_PERIOD: SimDuration = SimDuration::from_secs(15);
/// `--horizontal-pod-autoscaler-tolerance`.
pub const DEFAULT_TOLERANCE: f64 = 0.1;
/// `--horizontal-pod-autoscaler-cpu-initialization-period`.
pub const CPU_INITIALIZATION_PERIOD: SimDuration = SimDuration::from_secs(300);
/// `--horizontal-pod-autoscaler-initial-readiness-delay`.
pub const INITIAL_READINESS_DELAY: SimDuration = SimDuration::from_secs(30);
/// `--horizontal-pod-autoscaler-downscale-stabilization`.
pub const DOWNSCALE_STABILIZATION: SimDuration = SimDuration::from_secs(300);
/// The event source of everything this controller records.
pub const SOURCE: &str = "horizontal-pod-autoscaler";

/// Legacy scale-up limit per evaluation: max(2 × current, 4).
const SCALE_UP_LIMIT_FACTOR: i64 = 2;
const SCALE_UP_LIMIT_MINIMUM: i64 = 4;

// ---------------------------------------------------------------------------------------
// Replica calculation (replica_calculator.go)
// ---------------------------------------------------------------------------------------

/// One pod as the replica calculator sees it: the pod lister's view plus the metrics API's
/// sample, for one resource.
#[derive(Clone, Debug, PartialEq)]
pub struct PodInfo {
    pub name: String,
    pub phase: String,
    /// Has a deletionTimestamp.
    pub deleting: bool,
    /// The Ready condition, if the pod has one.
    pub ready: Option<ReadyCondition>,
    pub start_time: Option<SimTime>,
    /// Each container with its request for the resource [milli-units for cpu, bytes for
    /// memory], None when it has none.
    pub requests: Vec<(String, Option<i64>)>,
    /// The metrics API's sample for the pod, if it has one.
    pub metric: Option<MetricSample>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadyCondition {
    /// `True`, `False` or `Unknown`.
    pub status: String,
    pub last_transition_time: SimTime,
}

/// A pod's usage from `metrics.k8s.io` [same units as the requests].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MetricSample {
    pub value: i64,
    pub timestamp: SimTime,
    pub window: SimDuration,
}

/// How a pod counts in the calculation (upstream `groupPods`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PodGroup {
    /// Counted with its sample.
    Ready,
    /// Pending, or (cpu only) not ready or without a full sample since it became ready: left
    /// out, or counted at 0 on a scale-up.
    Unready,
    /// No sample: counted at 0 on a scale-up, at max(100 %, target) of its request on a
    /// scale-down.
    Missing,
    /// Being deleted or Failed: left out.
    Ignored,
}

/// Scale-up and scale-down tolerances around a usage ratio of 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tolerances {
    pub scale_down: f64,
    pub scale_up: f64,
}

impl Default for Tolerances {
    fn default() -> Tolerances {
        Tolerances { scale_down: DEFAULT_TOLERANCE, scale_up: DEFAULT_TOLERANCE }
    }
}

impl Tolerances {
    /// Inclusive on both sides, as upstream: a ratio of exactly 1.1 is within 0.1.
    pub fn is_within(&self, ratio: f64) -> bool {
        (1.0 - self.scale_down) <= ratio && ratio <= (1.0 + self.scale_up)
    }
}

/// The controller flags the calculator depends on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CalcParams {
    pub tolerances: Tolerances,
    pub cpu_initialization_period: SimDuration,
    pub initial_readiness_delay: SimDuration,
}

impl Default for CalcParams {
    fn default() -> CalcParams {
        CalcParams {
            tolerances: Tolerances::default(),
            cpu_initialization_period: CPU_INITIALIZATION_PERIOD,
            initial_readiness_delay: INITIAL_READINESS_DELAY,
        }
    }
}

/// A Resource metric's target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResourceTarget {
    /// Average utilization of the requests [%].
    Utilization(i64),
    /// Average usage per pod [milli-units for cpu, bytes for memory].
    AverageValue(i64),
}

/// What one Resource metric proposes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Proposal {
    pub replicas: i64,
    /// Utilization of the ready pods' requests [%] (Utilization targets only).
    pub utilization: Option<i64>,
    /// Average usage per ready pod with a sample.
    pub average: i64,
}

/// Classifies one pod (upstream `groupPods`). The cpu-only rules keep the burst of a
/// starting container, and samples that partly predate readiness, out of the average.
pub fn group_pod(pod: &PodInfo, is_cpu: bool, now: SimTime, params: &CalcParams) -> PodGroup {
    if pod.deleting || pod.phase == "Failed" {
        return PodGroup::Ignored;
    }
    if pod.phase == "Pending" {
        return PodGroup::Unready;
    }
    let Some(metric) = pod.metric else { return PodGroup::Missing };
    if !is_cpu {
        return PodGroup::Ready;
    }
    let (Some(ready), Some(start)) = (&pod.ready, pod.start_time) else { return PodGroup::Unready };
    let unready = if start + params.cpu_initialization_period > now {
        ready.status == "False" || metric.timestamp < ready.last_transition_time + metric.window
    } else {
        // Past the initialization period only a pod that has never been ready is left out.
        ready.status == "False" && start + params.initial_readiness_delay > ready.last_transition_time
    };
    if unready {
        PodGroup::Unready
    } else {
        PodGroup::Ready
    }
}

/// The replica count one Resource metric asks for (upstream `GetResourceReplicas` for a
/// Utilization target, `GetRawResourceReplicas` for an AverageValue target). Errors are the
/// calculator's own texts; the controller prefixes `failed to get cpu utilization: `.
pub fn resource_replicas(
    pods: &[PodInfo],
    current: i64,
    resource: &str,
    target: ResourceTarget,
    now: SimTime,
    params: &CalcParams,
) -> Result<Proposal, String> {
    // The metrics API is asked first; with no pods it has nothing either, so upstream's
    // later `no pods returned by selector while calculating replica count` cannot happen
    // here (the samples and the pod list come from the same store).
    if pods.iter().all(|pod| pod.metric.is_none()) {
        return Err(format!(
            "unable to get metrics for resource {resource}: no metrics returned from resource metrics API"
        ));
    }
    let is_cpu = resource == "cpu";
    // Samples that count, and the pods to rebalance, in pod-name order.
    let mut metrics: ByPod = BTreeMap::new();
    let mut unready: Vec<&str> = Vec::new();
    let mut missing: Vec<&str> = Vec::new();
    let mut n_ready = 0i64;
    for pod in pods {
        match group_pod(pod, is_cpu, now, params) {
            PodGroup::Ready => {
                n_ready += 1;
                if let Some(metric) = pod.metric {
                    metrics.insert(pod.name.clone(), Box::new(metric.value));
                }
            }
            PodGroup::Unready => unready.push(&pod.name),
            PodGroup::Missing => missing.push(&pod.name),
            PodGroup::Ignored => {}
        }
    }
    match target {
        ResourceTarget::Utilization(target_utilization) => {
            let requests = pod_requests(pods, resource)?;
            if metrics.is_empty() {
                return Err("did not receive metrics for targeted pods (pods might be unready)".into());
            }
            if target_utilization <= 0 {
                return Err(format!("invalid target utilization {target_utilization}"));
            }
            let (utilization, average) = utilization_of(&metrics, &requests)?;
            let ratio = utilization as f64 / target_utilization as f64;
            let scale_up_with_unready = !unready.is_empty() && ratio > 1.0;
            let proposal = |replicas| Proposal { replicas, utilization: Some(utilization), average };
            if !scale_up_with_unready && missing.is_empty() {
                if params.tolerances.is_within(ratio) {
                    return Ok(proposal(current));
                }
                return Ok(proposal(ceil_replicas(ratio, n_ready)));
            }
            // On a scale-down a pod without a sample is assumed busy (100 % of its request,
            // or the target when that is higher); on a scale-up it is assumed idle.
            for name in &missing {
                let assumed = if ratio < 1.0 {
                    requests.get(*name).map_or(0, |request| **request) * target_utilization.max(100) / 100
                } else {
                    0
                };
                if ratio != 1.0 {
                    metrics.insert(name.to_string(), Box::new(assumed));
                }
            }
            if scale_up_with_unready {
                for name in &unready {
                    metrics.insert(name.to_string(), Box::new(0));
                }
            }
            let (new_utilization, _) = utilization_of(&metrics, &requests)?;
            let new_ratio = new_utilization as f64 / target_utilization as f64;
            Ok(proposal(rebalanced(current, ratio, new_ratio, metrics.len() as i64, &params.tolerances)))
        }
        ResourceTarget::AverageValue(target_value) => {
            if metrics.is_empty() {
                return Err("did not receive metrics for targeted pods (pods might be unready)".into());
            }
            if target_value <= 0 {
                return Err(format!("invalid target value {target_value}"));
            }
            let average = metrics.values().map(|value| **value).sum::<i64>() / metrics.len() as i64;
            let ratio = average as f64 / target_value as f64;
            let scale_up_with_unready = !unready.is_empty() && ratio > 1.0;
            let proposal = |replicas| Proposal { replicas, utilization: None, average };
            if !scale_up_with_unready && missing.is_empty() {
                if params.tolerances.is_within(ratio) {
                    return Ok(proposal(current));
                }
                return Ok(proposal(ceil_replicas(ratio, n_ready)));
            }
            // Here a missing pod on a scale-down is assumed to use exactly the target.
            for name in &missing {
                metrics.insert(name.to_string(), Box::new(if ratio < 1.0 { target_value } else { 0 }));
            }
            if scale_up_with_unready {
                for name in &unready {
                    metrics.insert(name.to_string(), Box::new(0));
                }
            }
            let new_average = metrics.values().map(|value| **value).sum::<i64>() / metrics.len() as i64;
            let new_ratio = new_average as f64 / target_value as f64;
            Ok(proposal(rebalanced(current, ratio, new_ratio, metrics.len() as i64, &params.tolerances)))
        }
    }
}

/// A value per pod name. Boxed, so that the map shares the B-tree code of the other
/// `BTreeMap<String, Box<_>>`s (docs/size.md).
type ByPod = BTreeMap<String, Box<i64>>;

/// Every pod's summed request, or the first container without one (upstream
/// `calculatePodRequests`, which checks all pods, ignored ones included).
fn pod_requests(pods: &[PodInfo], resource: &str) -> Result<ByPod, String> {
    let mut requests = BTreeMap::new();
    for pod in pods {
        let mut sum = 0;
        for (container, request) in &pod.requests {
            match request {
                Some(request) => sum += request,
                None => {
                    return Err(format!("missing request for {resource} in container {container} of Pod {}", pod.name))
                }
            }
        }
        requests.insert(pod.name.clone(), Box::new(sum));
    }
    Ok(requests)
}

/// (floor(Σ usage × 100 / Σ requests), Σ usage / n) over the samples (upstream
/// `GetResourceUtilizationRatio`: the ratio uses the integer percent).
fn utilization_of(metrics: &ByPod, requests: &ByPod) -> Result<(i64, i64), String> {
    let (mut usage, mut requested, mut n) = (0i64, 0i64, 0i64);
    for (name, value) in metrics {
        // A sample for a pod the lister does not know is extraneous.
        let Some(request) = requests.get(name) else { continue };
        usage += **value;
        requested += **request;
        n += 1;
    }
    if requested == 0 || n == 0 {
        return Err("no metrics returned matched known pods".into());
    }
    Ok((usage * 100 / requested, usage / n))
}

fn ceil_replicas(ratio: f64, n: i64) -> i64 {
    (ratio * n as f64).ceil() as i64
}

/// The second pass over the rebalanced samples: keep the current count when the change is
/// within tolerance or would flip direction.
fn rebalanced(current: i64, ratio: f64, new_ratio: f64, n: i64, tolerances: &Tolerances) -> i64 {
    if tolerances.is_within(new_ratio) || (ratio < 1.0 && new_ratio > 1.0) || (ratio > 1.0 && new_ratio < 1.0) {
        return current;
    }
    let replicas = ceil_replicas(new_ratio, n);
    if (new_ratio < 1.0 && replicas > current) || (new_ratio > 1.0 && replicas < current) {
        return current;
    }
    replicas
}

// ---------------------------------------------------------------------------------------
// Normalization (horizontal.go)
// ---------------------------------------------------------------------------------------

/// A replica count at a point in time: a recommendation, or a scale event's change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timed {
    pub at: SimTime,
    pub replicas: i64,
}

/// What the controller remembers about one HPA between syncs (upstream keeps the same in
/// memory, keyed by namespace/name; kubeplay keys by uid so a re-created HPA starts fresh).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HpaHistory {
    /// Unnormalized recommendations, for the stabilization windows.
    pub recommendations: Vec<Timed>,
    /// Replicas added / removed by each rescale (behavior != nil only), for the policies.
    pub scale_up_events: Vec<Timed>,
    pub scale_down_events: Vec<Timed>,
}

impl HpaHistory {
    /// The first sync records the current size as a recommendation
    /// (`recordInitialRecommendation`), so a fresh HPA does not scale down at once.
    pub fn new(now: SimTime, current: i64) -> HpaHistory {
        HpaHistory { recommendations: vec![Timed { at: now, replicas: current }], ..Default::default() }
    }
}

/// A condition as the controller sets it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CondUpdate {
    pub status: bool,
    pub reason: &'static str,
    pub message: &'static str,
}

const fn cond(status: bool, reason: &'static str, message: &'static str) -> CondUpdate {
    CondUpdate { status, reason, message }
}

const READY_FOR_NEW_SCALE: CondUpdate = cond(true, "ReadyForNewScale", "recommended size matches current size");
const SCALE_DOWN_STABILIZED: CondUpdate = cond(
    true,
    "ScaleDownStabilized",
    "recent recommendations were higher than current one, applying the highest recent recommendation",
);
const SCALE_UP_STABILIZED: CondUpdate = cond(
    true,
    "ScaleUpStabilized",
    "recent recommendations were lower than current one, applying the lowest recent recommendation",
);
const SCALE_UP_LIMIT: (&str, &str) =
    ("ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate");
const SCALE_DOWN_LIMIT: (&str, &str) =
    ("ScaleDownLimit", "the desired replica count is decreasing faster than the maximum scale rate");
const TOO_MANY_REPLICAS: (&str, &str) =
    ("TooManyReplicas", "the desired replica count is more than the maximum replica count");
const TOO_FEW_REPLICAS: (&str, &str) =
    ("TooFewReplicas", "the desired replica count is less than the minimum replica count");
const DESIRED_WITHIN_RANGE: (&str, &str) = ("DesiredWithinRange", "the desired count is within the acceptable range");

/// The outcome of normalization: the count to apply and the AbleToScale and ScalingLimited
/// conditions that explain it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Normalized {
    pub replicas: i64,
    pub able_to_scale: CondUpdate,
    pub scaling_limited: CondUpdate,
}

/// `at` lies strictly after `now - window` (signed, so early times do not saturate).
fn after_cutoff(at: SimTime, now: SimTime, window: SimDuration) -> bool {
    at.as_millis() as i128 > now.as_millis() as i128 - window.as_millis() as i128
}

/// Legacy normalization for `behavior == nil`, which is what `kubectl autoscale` creates
/// (upstream `normalizeDesiredReplicas`): the highest recommendation of the last 5 minutes,
/// then clamped to [min, min(max, max(2 × current, 4))].
pub fn normalize_legacy(
    history: &mut HpaHistory,
    now: SimTime,
    current: i64,
    desired: i64,
    min: i64,
    max: i64,
) -> Normalized {
    // Samples older than the window no longer count (upstream: `Before(cutoff)`, so one
    // exactly 5 minutes old still does).
    history.recommendations.retain(|rec| !before_cutoff(rec.at, now, DOWNSCALE_STABILIZATION));
    let stabilized = history.recommendations.iter().map(|rec| rec.replicas).fold(desired, i64::max);
    history.recommendations.push(Timed { at: now, replicas: desired });
    let able_to_scale = if stabilized != desired { SCALE_DOWN_STABILIZED } else { READY_FOR_NEW_SCALE };

    let scale_up_limit = (SCALE_UP_LIMIT_FACTOR * current).max(SCALE_UP_LIMIT_MINIMUM);
    let (maximum_allowed, mut limiting) =
        if max > scale_up_limit { (scale_up_limit, SCALE_UP_LIMIT) } else { (max, TOO_MANY_REPLICAS) };
    let replicas = if stabilized < min {
        limiting = TOO_FEW_REPLICAS;
        min
    } else if stabilized > maximum_allowed {
        maximum_allowed
    } else {
        limiting = DESIRED_WITHIN_RANGE;
        stabilized
    };
    Normalized { replicas, able_to_scale, scaling_limited: cond(replicas != stabilized, limiting.0, limiting.1) }
}

fn before_cutoff(at: SimTime, now: SimTime, window: SimDuration) -> bool {
    (at.as_millis() as i128) < now.as_millis() as i128 - window.as_millis() as i128
}

/// `selectPolicy`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SelectPolicy {
    Max,
    Min,
    Disabled,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyKind {
    Pods,
    Percent,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScalingPolicy {
    pub kind: PolicyKind,
    pub value: i64,
    pub period: SimDuration,
}

/// One direction of `spec.behavior`, with the API defaults filled in.
#[derive(Clone, Debug, PartialEq)]
pub struct ScalingRules {
    pub stabilization_window: SimDuration,
    pub select_policy: SelectPolicy,
    pub policies: Vec<ScalingPolicy>,
    /// Per-direction tolerance (HPAConfigurableTolerance), None for the global 0.1.
    pub tolerance: Option<f64>,
}

/// `spec.behavior` resolved: both directions, defaults applied (§9.2), scaleDown's unset
/// window read as the controller's 300 s.
#[derive(Clone, Debug, PartialEq)]
pub struct Behavior {
    pub scale_up: ScalingRules,
    pub scale_down: ScalingRules,
}

impl Behavior {
    pub fn from_api(behavior: &HpaBehavior) -> Behavior {
        Behavior {
            scale_up: ScalingRules::from_api(
                behavior.scale_up.as_ref(),
                0,
                &[(PolicyKind::Pods, 4), (PolicyKind::Percent, 100)],
            ),
            scale_down: ScalingRules::from_api(
                behavior.scale_down.as_ref(),
                DOWNSCALE_STABILIZATION.whole_secs() as i64,
                &[(PolicyKind::Percent, 100)],
            ),
        }
    }

    /// The tolerances the calculator uses: per direction when set, else the global one.
    pub fn tolerances(&self) -> Tolerances {
        Tolerances {
            scale_down: self.scale_down.tolerance.unwrap_or(DEFAULT_TOLERANCE),
            scale_up: self.scale_up.tolerance.unwrap_or(DEFAULT_TOLERANCE),
        }
    }

    /// The longest policy period of either direction: scale events older than this no
    /// longer limit anything.
    fn longest_period(&self) -> SimDuration {
        self.scale_up
            .policies
            .iter()
            .chain(&self.scale_down.policies)
            .map(|p| p.period)
            .max()
            .unwrap_or(SimDuration::ZERO)
    }
}

impl ScalingRules {
    fn from_api(
        rules: Option<&HpaScalingRules>,
        default_window: i64,
        default_policies: &[(PolicyKind, i64)],
    ) -> ScalingRules {
        let window = rules.and_then(|r| r.stabilization_window_seconds).unwrap_or(default_window).max(0);
        let select_policy = match rules.and_then(|r| r.select_policy.as_deref()) {
            Some("Min") => SelectPolicy::Min,
            Some("Disabled") => SelectPolicy::Disabled,
            _ => SelectPolicy::Max,
        };
        let mut policies: Vec<ScalingPolicy> = rules
            .map(|r| &r.policies[..])
            .unwrap_or(&[])
            .iter()
            .map(|p| ScalingPolicy {
                kind: if p.type_ == "Pods" { PolicyKind::Pods } else { PolicyKind::Percent },
                value: p.value,
                period: SimDuration::from_secs(p.period_seconds.max(0) as u64),
            })
            .collect();
        if policies.is_empty() {
            policies = default_policies
                .iter()
                .map(|&(kind, value)| ScalingPolicy { kind, value, period: SimDuration::from_secs(15) })
                .collect();
        }
        let tolerance = rules
            .and_then(|r| r.tolerance.as_ref())
            .and_then(|q| crate::api::parse_quantity(&q.0))
            .filter(|t| t.is_finite() && *t >= 0.0);
        ScalingRules { stabilization_window: SimDuration::from_secs(window as u64), select_policy, policies, tolerance }
    }
}

/// Net replicas changed by the events within `period` before `now`.
fn change_within(events: &[Timed], now: SimTime, period: SimDuration) -> i64 {
    events.iter().filter(|e| after_cutoff(e.at, now, period)).map(|e| e.replicas).sum()
}

/// The highest count the scale-up policies allow now (`calculateScaleUpLimitWithScalingRules`).
pub fn scale_up_limit(history: &HpaHistory, rules: &ScalingRules, now: SimTime, current: i64) -> i64 {
    let select: fn(i64, i64) -> i64 = match rules.select_policy {
        SelectPolicy::Disabled => return current,
        SelectPolicy::Min => i64::min,
        SelectPolicy::Max => i64::max,
    };
    let mut result: Option<i64> = None;
    for policy in &rules.policies {
        let period_start = current - change_within(&history.scale_up_events, now, policy.period)
            + change_within(&history.scale_down_events, now, policy.period);
        let proposed = match policy.kind {
            PolicyKind::Pods => period_start + policy.value,
            // Rounded up, or a small Percent policy could never add a pod.
            PolicyKind::Percent => (period_start as f64 * (1.0 + policy.value as f64 / 100.0)).ceil() as i64,
        };
        result = Some(result.map_or(proposed, |r| select(r, proposed)));
    }
    result.unwrap_or(current)
}

/// The lowest count the scale-down policies allow now (`calculateScaleDownLimitWithBehaviors`).
pub fn scale_down_limit(history: &HpaHistory, rules: &ScalingRules, now: SimTime, current: i64) -> i64 {
    // Scaling down, the policy that changes least ("Min") gives the highest limit.
    let select: fn(i64, i64) -> i64 = match rules.select_policy {
        SelectPolicy::Disabled => return current,
        SelectPolicy::Min => i64::max,
        SelectPolicy::Max => i64::min,
    };
    let mut result: Option<i64> = None;
    for policy in &rules.policies {
        let period_start = current - change_within(&history.scale_up_events, now, policy.period)
            + change_within(&history.scale_down_events, now, policy.period);
        let proposed = match policy.kind {
            PolicyKind::Pods => period_start - policy.value,
            PolicyKind::Percent => (period_start as f64 * (1.0 - policy.value as f64 / 100.0)) as i64,
        };
        result = Some(result.map_or(proposed, |r| select(r, proposed)));
    }
    result.unwrap_or(current)
}

/// Normalization for `behavior != nil` (upstream `normalizeDesiredReplicasWithBehaviors`):
/// stabilize within each direction's window, then apply the rate policies.
pub fn normalize_with_behavior(
    history: &mut HpaHistory,
    behavior: &Behavior,
    now: SimTime,
    current: i64,
    desired: i64,
    min: i64,
    max: i64,
) -> Normalized {
    let up_window = behavior.scale_up.stabilization_window;
    let down_window = behavior.scale_down.stabilization_window;
    let mut up_recommendation = desired;
    let mut down_recommendation = desired;
    for rec in &history.recommendations {
        if after_cutoff(rec.at, now, up_window) {
            up_recommendation = up_recommendation.min(rec.replicas);
        }
        if after_cutoff(rec.at, now, down_window) {
            down_recommendation = down_recommendation.max(rec.replicas);
        }
    }
    let stabilized = current.max(up_recommendation).min(down_recommendation);
    let oldest_window = up_window.max(down_window);
    history.recommendations.retain(|rec| after_cutoff(rec.at, now, oldest_window));
    history.recommendations.push(Timed { at: now, replicas: desired });
    let able_to_scale = if stabilized == desired {
        READY_FOR_NEW_SCALE
    } else if desired >= current {
        SCALE_UP_STABILIZED
    } else {
        SCALE_DOWN_STABILIZED
    };

    let (replicas, limiting) = if stabilized > current {
        let limit = scale_up_limit(history, &behavior.scale_up, now, current).max(current);
        let (maximum_allowed, limiting) = if max > limit { (limit, SCALE_UP_LIMIT) } else { (max, TOO_MANY_REPLICAS) };
        if stabilized > maximum_allowed {
            (maximum_allowed, limiting)
        } else {
            (stabilized, DESIRED_WITHIN_RANGE)
        }
    } else if stabilized < current {
        let limit = scale_down_limit(history, &behavior.scale_down, now, current).min(current);
        let (minimum_allowed, limiting) = if min < limit { (limit, SCALE_DOWN_LIMIT) } else { (min, TOO_FEW_REPLICAS) };
        if stabilized < minimum_allowed {
            (minimum_allowed, limiting)
        } else {
            (stabilized, DESIRED_WITHIN_RANGE)
        }
    } else {
        (stabilized, DESIRED_WITHIN_RANGE)
    };
    Normalized { replicas, able_to_scale, scaling_limited: cond(replicas != stabilized, limiting.0, limiting.1) }
}

/// Remembers a rescale for the rate policies (upstream `storeScaleEvent`); events older
/// than the longest policy period are dropped, which keeps the history bounded.
pub fn record_scale_event(history: &mut HpaHistory, behavior: &Behavior, now: SimTime, previous: i64, new: i64) {
    let keep = behavior.longest_period();
    history.scale_up_events.retain(|e| after_cutoff(e.at, now, keep));
    history.scale_down_events.retain(|e| after_cutoff(e.at, now, keep));
    if new > previous {
        history.scale_up_events.push(Timed { at: now, replicas: new - previous });
    } else if new < previous {
        history.scale_down_events.push(Timed { at: now, replicas: previous - new });
    }
}

// ---------------------------------------------------------------------------------------
// The controller
// ---------------------------------------------------------------------------------------

/// The controller's memory, keyed by HPA uid.
#[derive(Clone, Debug, Default)]
pub struct HpaController {
    pub histories: BTreeMap<String, Box<HpaHistory>>,
}

/// The scale subresource of a target.
struct Scale {
    replicas: i64,
    selector: LabelSelector,
}

/// One metric's failure: the reason of its event and ScalingActive condition, and the text.
struct MetricError {
    reason: &'static str,
    message: String,
}

/// The current values of the first cpu and memory metrics, for the status (kubeplay's
/// status keeps these two rather than upstream's `currentMetrics` list).
#[derive(Clone, Copy, Debug, Default)]
struct CurrentMetrics {
    cpu: Option<Proposal>,
    memory: Option<Proposal>,
}

impl CurrentMetrics {
    fn write_to(&self, status: &mut HpaStatus) {
        status.current_cpu_utilization = self.cpu.and_then(|p| p.utilization);
        status.current_cpu_average_millis = self.cpu.map(|p| p.average);
        status.current_memory_utilization = self.memory.and_then(|p| p.utilization);
        status.current_memory_average_bytes = self.memory.map(|p| p.average);
    }
}

impl Cluster {
    /// One HPA's turn in the controller's queue: reconcile it and queue it again 15 s later
    /// (upstream's FixedItemIntervalRateLimiter). A deleted or replaced HPA drops out.
    pub(crate) fn hpa_sync(&mut self, name: &str, uid: &str) {
        if self.store.hpas.get(name).is_none_or(|hpa| hpa.metadata.uid != uid) {
            self.hpa.histories.remove(uid);
            return;
        }
        self.reconcile_autoscaler(name);
        self.schedule_in(SYNC_PERIOD, Ev::HpaSync { name: name.to_string(), uid: uid.to_string() });
    }

    /// One HPA's sync (upstream `reconcileAutoscaler`).
    fn reconcile_autoscaler(&mut self, name: &str) {
        let Some(hpa) = self.store.hpas.get(name).map(|o| (**o).clone()) else { return };
        let now = self.now();
        let mut status = hpa.status.clone().unwrap_or_default();
        let target = &hpa.spec.scale_target_ref;
        let scale = match self.get_scale(&target.api_version, &target.kind, &target.name) {
            Ok(scale) => scale,
            Err(error) => {
                self.hpa_event("Warning", "FailedGetScale", name, error.clone());
                let message = format!("the HPA controller was unable to get the target's current scale: {error}");
                set_condition(&mut status.conditions, "AbleToScale", false, "FailedGetScale", message, now);
                self.write_hpa_status(name, status);
                return;
            }
        };
        set_condition(
            &mut status.conditions,
            "AbleToScale",
            true,
            "SucceededGetScale",
            "the HPA controller was able to get the target's current scale".into(),
            now,
        );
        let current = scale.replicas;
        let uid = hpa.metadata.uid.clone();
        self.hpa.histories.entry(uid.clone()).or_insert_with(|| Box::new(HpaHistory::new(now, current)));
        let min = hpa.spec.min_replicas.unwrap_or(1);
        let max = hpa.spec.max_replicas;
        let behavior = hpa.spec.behavior.as_ref().map(Behavior::from_api);

        let mut current_metrics = CurrentMetrics::default();
        let (desired, reason) = if current == 0 && min != 0 {
            set_condition(
                &mut status.conditions,
                "ScalingActive",
                false,
                "ScalingDisabled",
                "scaling is disabled since the replica count of the target is zero".into(),
                now,
            );
            (0, String::new())
        } else if current > max {
            (max, "Current number of replicas above Spec.MaxReplicas".to_string())
        } else if current < min {
            (min, "Current number of replicas below Spec.MinReplicas".to_string())
        } else {
            let tolerances = behavior.as_ref().map(Behavior::tolerances).unwrap_or_default();
            let params = CalcParams { tolerances, ..CalcParams::default() };
            match self.compute_replicas_for_metrics(&hpa, &scale, &params, &mut status, &mut current_metrics) {
                Err(error) => {
                    // Upstream records the current size and the (empty) metrics, keeps the old
                    // desiredReplicas, and gives up until the next sync.
                    status.current_replicas = current;
                    current_metrics.write_to(&mut status);
                    self.write_hpa_status(name, status);
                    self.hpa_event("Warning", "FailedComputeMetricsReplicas", name, error);
                    return;
                }
                Ok((proposal, metric_name)) => {
                    let reason = if proposal > current {
                        format!("{metric_name} above target")
                    } else if proposal < current {
                        "All metrics below target".to_string()
                    } else {
                        String::new()
                    };
                    let history = self.hpa.histories.entry(uid.clone()).or_default();
                    let normalized = match &behavior {
                        None => normalize_legacy(history, now, current, proposal, min, max),
                        Some(behavior) => normalize_with_behavior(history, behavior, now, current, proposal, min, max),
                    };
                    let conditions = &mut status.conditions;
                    let able = normalized.able_to_scale;
                    set_condition(conditions, "AbleToScale", able.status, able.reason, able.message.into(), now);
                    let limited = normalized.scaling_limited;
                    set_condition(
                        conditions,
                        "ScalingLimited",
                        limited.status,
                        limited.reason,
                        limited.message.into(),
                        now,
                    );
                    (normalized.replicas, reason)
                }
            }
        };

        let rescale = desired != current;
        let desired = if rescale {
            self.write_scale(&target.kind, &target.name, desired);
            set_condition(
                &mut status.conditions,
                "AbleToScale",
                true,
                "SucceededRescale",
                format!("the HPA controller was able to update the target scale to {desired}"),
                now,
            );
            self.hpa_event("Normal", "SuccessfulRescale", name, format!("New size: {desired}; reason: {reason}"));
            if let (Some(behavior), Some(history)) = (&behavior, self.hpa.histories.get_mut(&uid)) {
                record_scale_event(history, behavior, now, current, desired);
            }
            status.last_scale_time = Some(now);
            desired
        } else {
            current
        };
        status.current_replicas = current;
        status.desired_replicas = desired;
        current_metrics.write_to(&mut status);
        self.write_hpa_status(name, status);
    }

    /// The highest proposal over the valid metrics, and the name of the metric that made it
    /// (upstream `computeReplicasForMetrics`). Sets ScalingActive; Err carries the
    /// FailedComputeMetricsReplicas text.
    fn compute_replicas_for_metrics(
        &mut self,
        hpa: &HorizontalPodAutoscaler,
        scale: &Scale,
        params: &CalcParams,
        status: &mut HpaStatus,
        current_metrics: &mut CurrentMetrics,
    ) -> Result<(i64, String), String> {
        let now = self.now();
        let default_metric = [crate::manifest::defaults::cpu_utilization_metric(80)];
        let metrics: &[MetricSpec] = if hpa.spec.metrics.is_empty() { &default_metric } else { &hpa.spec.metrics };
        let mut replicas = 0i64;
        let mut metric_name = String::new();
        let mut n_invalid = 0;
        let mut first_error: Option<(MetricError, String)> = None;
        for metric in metrics {
            match self.compute_replicas_for_metric(metric, scale, params, now, current_metrics) {
                Ok((proposal, name)) => {
                    if replicas == 0 || proposal > replicas {
                        replicas = proposal;
                        metric_name = name;
                    }
                }
                Err((error, wrapped)) => {
                    // Each failing metric records its own warning, as upstream does.
                    self.hpa_event("Warning", error.reason, &hpa.metadata.name, error.message.clone());
                    n_invalid += 1;
                    if first_error.is_none() {
                        first_error = Some((error, wrapped));
                    }
                }
            }
        }
        if let Some((error, wrapped)) = first_error {
            // All metrics invalid, or some invalid and the valid ones would scale down: give up.
            if n_invalid >= metrics.len() || replicas < scale.replicas {
                let message = format!("the HPA was unable to compute the replica count: {}", error.message);
                set_condition(&mut status.conditions, "ScalingActive", false, error.reason, message, now);
                return Err(format!(
                    "invalid metrics ({n_invalid} invalid out of {}), first error is: {wrapped}",
                    metrics.len()
                ));
            }
        }
        set_condition(
            &mut status.conditions,
            "ScalingActive",
            true,
            "ValidMetricFound",
            format!("the HPA was able to successfully calculate a replica count from {metric_name}"),
            now,
        );
        Ok((replicas, metric_name))
    }

    /// One metric's proposal and name, or its error and the text it contributes to
    /// `invalid metrics (...)`.
    fn compute_replicas_for_metric(
        &self,
        metric: &MetricSpec,
        scale: &Scale,
        params: &CalcParams,
        now: SimTime,
        current_metrics: &mut CurrentMetrics,
    ) -> Result<(i64, String), (MetricError, String)> {
        let resource = match (&metric.type_[..], &metric.resource) {
            ("Resource", Some(resource)) => resource,
            (type_, _) => {
                // kubeplay has no custom or external metrics API.
                let (reason, what) = match type_ {
                    "Pods" => ("FailedGetPodsMetric", "pods"),
                    "Object" => ("FailedGetObjectMetric", "object"),
                    "External" => ("FailedGetExternalMetric", "external"),
                    "ContainerResource" => ("FailedGetContainerResourceMetric", "container resource"),
                    _ => ("InvalidMetricSourceType", "unknown"),
                };
                let message = format!("unable to get {what} metric: kubeplay has no metrics API for {type_} metrics");
                let wrapped = format!("failed to get {what} metric value: {message}");
                return Err((MetricError { reason, message }, wrapped));
            }
        };
        let name = resource.name.as_str();
        let target = &resource.target;
        let (target, kind) = if let Some(value) = &target.average_value {
            let value = if name == "cpu" { value.millis() } else { value.bytes() };
            (ResourceTarget::AverageValue(value.unwrap_or(0)), "usage")
        } else if let Some(utilization) = target.average_utilization {
            (ResourceTarget::Utilization(utilization), "utilization")
        } else {
            let message = "invalid resource metric source: neither an average utilization target nor an average value (usage) target was set".to_string();
            let wrapped = format!("failed to get {name} resource metric value: {message}");
            return Err((MetricError { reason: "FailedGetResourceMetric", message }, wrapped));
        };
        let pods = self.hpa_pod_infos(&scale.selector, name);
        match resource_replicas(&pods, scale.replicas, name, target, now, params) {
            Ok(proposal) => {
                let slot = match name {
                    "cpu" => &mut current_metrics.cpu,
                    "memory" => &mut current_metrics.memory,
                    _ => &mut None,
                };
                slot.get_or_insert(proposal);
                let metric_name = match target {
                    ResourceTarget::Utilization(_) => format!("{name} resource utilization (percentage of request)"),
                    ResourceTarget::AverageValue(_) => format!("{name} resource"),
                };
                Ok((proposal.replicas, metric_name))
            }
            Err(error) => {
                let message = format!("failed to get {name} {kind}: {error}");
                let wrapped = format!("failed to get {name} resource metric value: {message}");
                Err((MetricError { reason: "FailedGetResourceMetric", message }, wrapped))
            }
        }
    }

    /// The pods the target's selector matches, as the calculator needs them for `resource`.
    fn hpa_pod_infos(&self, selector: &LabelSelector, resource: &str) -> Vec<PodInfo> {
        self.store
            .pods()
            .values()
            .filter(|pod| selector.matches(&pod.metadata.labels))
            .map(|pod| self.pod_info(pod, resource))
            .collect()
    }

    fn pod_info(&self, pod: &Pod, resource: &str) -> PodInfo {
        let is_cpu = resource == "cpu";
        let requests = pod
            .spec
            .containers
            .iter()
            .map(|c| {
                let request = if is_cpu { c.cpu_request_millis() } else { c.memory_request_bytes() };
                (c.name.clone(), request)
            })
            .collect();
        let metric = self.pod_metrics(&pod.metadata.name).map(|m| MetricSample {
            value: if is_cpu { m.cpu_millis } else { m.memory_bytes },
            timestamp: m.timestamp,
            window: m.window,
        });
        PodInfo {
            name: pod.metadata.name.clone(),
            phase: pod.phase().to_string(),
            deleting: pod.is_terminating(),
            ready: pod.condition("Ready").map(|c| ReadyCondition {
                status: c.status.clone(),
                last_transition_time: c.last_transition_time.unwrap_or(SimTime::ZERO),
            }),
            start_time: pod.status.as_ref().and_then(|s| s.start_time),
            requests,
            metric,
        }
    }

    /// The target's scale subresource, or the API error a GET of it would give.
    fn get_scale(&self, api_version: &str, kind: &str, name: &str) -> Result<Scale, String> {
        let (replicas, selector) = match kind {
            "Deployment" => {
                let d = self
                    .store
                    .deployments
                    .get(name)
                    .ok_or_else(|| format!("deployments/scale.apps \"{name}\" not found"))?;
                (d.spec.replicas.unwrap_or(1), d.spec.selector.clone())
            }
            "ReplicaSet" => {
                let rs = self
                    .store
                    .replicasets
                    .get(name)
                    .ok_or_else(|| format!("replicasets/scale.apps \"{name}\" not found"))?;
                (rs.spec.replicas.unwrap_or(1), rs.spec.selector.clone())
            }
            _ => {
                let group = api_version.rsplit_once('/').map_or("", |(group, _)| group);
                return Err(format!("no matches for kind \"{kind}\" in group \"{group}\""));
            }
        };
        Ok(Scale { replicas, selector })
    }

    /// Updates the target's scale subresource: its spec.replicas, which its own controller
    /// then acts on.
    fn write_scale(&mut self, kind: &str, name: &str, replicas: i64) {
        let result = match kind {
            "Deployment" => self.scale_deployment(name, replicas),
            _ => self.scale_replica_set_cmd(name, replicas),
        };
        debug_assert!(result.is_ok(), "the scale target was read in the same sync");
    }

    fn write_hpa_status(&mut self, name: &str, status: HpaStatus) {
        if let Some(hpa) = self.store.hpas.get_mut(name) {
            hpa.status = Some(status);
        }
    }

    fn hpa_event(&mut self, type_: &'static str, reason: &str, hpa: &str, message: String) {
        self.record(type_, reason, "HorizontalPodAutoscaler", hpa, message, SOURCE);
    }
}

/// Sets an HPA condition; the transition time moves only when the status flips (upstream
/// `setConditionInList`). New condition types go at the end, hence AbleToScale,
/// ScalingActive, ScalingLimited.
fn set_condition(
    conditions: &mut Vec<Condition>,
    type_: &str,
    status: bool,
    reason: &str,
    message: String,
    now: SimTime,
) {
    let status = if status { "True" } else { "False" };
    if let Some(existing) = conditions.iter_mut().find(|c| c.type_ == type_) {
        if existing.status != status {
            existing.last_transition_time = Some(now);
        }
        existing.status = status.into();
        existing.reason = Some(reason.into());
        existing.message = Some(message);
        return;
    }
    conditions.push(Condition {
        type_: type_.into(),
        status: status.into(),
        last_heartbeat_time: None,
        last_update_time: None,
        last_transition_time: Some(now),
        reason: Some(reason.into()),
        message: Some(message),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(secs: u64) -> SimTime {
        SimTime::from_secs(secs)
    }

    /// A running pod, ready since it started at t = 0, with a 200m cpu request and (if
    /// `usage` is Some) a sample taken at `at`.
    fn pod(name: &str, usage: Option<i64>, at: SimTime) -> PodInfo {
        PodInfo {
            name: name.into(),
            phase: "Running".into(),
            deleting: false,
            ready: Some(ReadyCondition { status: "True".into(), last_transition_time: t(1) }),
            start_time: Some(t(0)),
            requests: vec![("php-apache".into(), Some(200))],
            metric: usage.map(|value| MetricSample { value, timestamp: at, window: SimDuration::from_secs(15) }),
        }
    }

    fn pending(name: &str) -> PodInfo {
        PodInfo { phase: "Pending".into(), ready: None, start_time: None, ..pod(name, None, t(0)) }
    }

    /// Pods past the cpu initialization period, evaluated at t = 600 s.
    fn check(pods: &[PodInfo], current: i64, target: ResourceTarget, expected: Result<Proposal, &str>) {
        let actual = resource_replicas(pods, current, "cpu", target, t(600), &CalcParams::default());
        assert_eq!(actual, expected.map_err(String::from));
    }

    fn util(replicas: i64, utilization: i64, average: i64) -> Result<Proposal, &'static str> {
        Ok(Proposal { replicas, utilization: Some(utilization), average })
    }

    #[test]
    fn worked_examples() {
        let now = t(600);
        // 1 pod at 500m of 200m: 250 %, ratio 5, desired 5 (before the rate limits).
        check(&[pod("a", Some(500), now)], 1, ResourceTarget::Utilization(50), util(5, 250, 500));
        // 4 pods averaging 61m: 30 %, ratio 0.6, desired ceil(2.4) = 3.
        let four: Vec<PodInfo> = ["a", "b", "c", "d"].iter().map(|n| pod(n, Some(61), now)).collect();
        check(&four, 4, ResourceTarget::Utilization(50), util(3, 30, 61));
    }

    #[test]
    fn tolerance_is_inclusive() {
        let now = t(600);
        let two = |usage: i64| vec![pod("a", Some(usage), now), pod("b", Some(usage), now)];
        // 108m of 200m = 54 %: ratio 1.08, no change.
        check(&two(108), 2, ResourceTarget::Utilization(50), util(2, 54, 108));
        // 55 %: ratio 1.10 is still within the tolerance.
        check(&two(110), 2, ResourceTarget::Utilization(50), util(2, 55, 110));
        // 56 %: ratio 1.12, ceil(2.24) = 3.
        check(&two(112), 2, ResourceTarget::Utilization(50), util(3, 56, 112));
        // 45 % (ratio 0.9) stays; 44 % goes to ceil(0.88 × 2) = 2 anyway, 10 % to 1.
        check(&two(90), 2, ResourceTarget::Utilization(50), util(2, 45, 90));
        check(&two(20), 2, ResourceTarget::Utilization(50), util(1, 10, 20));
        // The percent is floored before the ratio: 111m is 55.5 %, read as 55 %.
        check(&two(111), 2, ResourceTarget::Utilization(50), util(2, 55, 111));
    }

    #[test]
    fn errors() {
        let now = t(600);
        check(
            &[pod("a", None, now)],
            1,
            ResourceTarget::Utilization(50),
            Err("unable to get metrics for resource cpu: no metrics returned from resource metrics API"),
        );
        check(
            &[],
            1,
            ResourceTarget::Utilization(50),
            Err("unable to get metrics for resource cpu: no metrics returned from resource metrics API"),
        );
        let mut no_request = pod("hello-world-flask-5d4c8b7f9-abcde", Some(3), now);
        no_request.requests = vec![("hello-world-flask".into(), None)];
        check(
            &[no_request.clone()],
            2,
            ResourceTarget::Utilization(50),
            Err("missing request for cpu in container hello-world-flask of Pod hello-world-flask-5d4c8b7f9-abcde"),
        );
        // An AverageValue target does not need requests.
        check(
            &[no_request],
            2,
            ResourceTarget::AverageValue(500),
            Ok(Proposal { replicas: 1, utilization: None, average: 3 }),
        );
        // Only a pod that never became ready has a sample.
        let mut never_ready = pod("a", Some(100), now);
        never_ready.ready = Some(ReadyCondition { status: "False".into(), last_transition_time: t(2) });
        check(
            &[never_ready, pending("b")],
            2,
            ResourceTarget::Utilization(50),
            Err("did not receive metrics for targeted pods (pods might be unready)"),
        );
    }

    #[test]
    fn unready_pods_count_as_idle_on_scale_up() {
        let now = t(600);
        // §9.9: 1 ready pod at 250 % and 3 new pods still Pending: 500m / 800m = 62 %,
        // ratio 1.24, ceil(4.96) = 5 (and not ceil(5 × 1)).
        let pods = [pod("a", Some(500), now), pending("b"), pending("c"), pending("d")];
        check(&pods, 4, ResourceTarget::Utilization(50), util(5, 250, 500));
        // On a scale-down unready pods are simply left out.
        let pods = [pod("a", Some(20), now), pending("b")];
        check(&pods, 2, ResourceTarget::Utilization(50), util(1, 10, 20));
    }

    #[test]
    fn missing_pods_are_assumed_busy_on_scale_down_and_idle_on_scale_up() {
        let now = t(600);
        // 3 idle pods and one without a sample: it counts as 100 % of its request, so
        // 200m / 800m = 25 %, ratio 0.5, desired 2 (not 0 or 1).
        let pods = [pod("a", Some(0), now), pod("b", Some(0), now), pod("c", Some(0), now), pod("d", None, now)];
        check(&pods, 4, ResourceTarget::Utilization(50), util(2, 0, 0));
        // With a target above 100 % the missing pod is assumed at the target: 400m / 800m
        // = 50 %, ratio 0.25, ceil(1) = 1.
        check(&pods, 4, ResourceTarget::Utilization(200), util(1, 0, 0));
        // Scale-up: the missing pod counts as idle. 2 × 300m / 600m = 100 %, ratio 2,
        // ceil(2 × 3) = 6 (without it, ceil(3 × 2) = 6 as well) ...
        let pods = [pod("a", Some(300), now), pod("b", Some(300), now), pod("c", None, now)];
        check(&pods, 3, ResourceTarget::Utilization(50), util(6, 150, 300));
        // ... and a missing pod that would flip the direction keeps the current count:
        // 60 % alone (ratio 1.2), 40 % with the idle pod (ratio 0.8).
        let pods = [pod("a", Some(120), now), pod("b", Some(120), now), pod("c", None, now)];
        check(&pods, 3, ResourceTarget::Utilization(50), util(3, 60, 120));
    }

    #[test]
    fn deleting_and_failed_pods_are_ignored() {
        let now = t(600);
        let mut deleting = pod("b", Some(0), now);
        deleting.deleting = true;
        let mut failed = pod("c", Some(0), now);
        failed.phase = "Failed".into();
        check(&[pod("a", Some(200), now), deleting, failed], 3, ResourceTarget::Utilization(50), util(2, 100, 200));
    }

    #[test]
    fn cpu_initialization_rules() {
        let params = CalcParams::default();
        let group = |pod: &PodInfo, now: u64| group_pod(pod, true, t(now), &params);
        // Started at 0, ready at 20 s: a sample at 30 s covers 15-30 s, partly before
        // readiness, so it is left out during the first 5 minutes; at 45 s it counts.
        let mut young = pod("a", Some(300), t(30));
        young.ready = Some(ReadyCondition { status: "True".into(), last_transition_time: t(20) });
        assert_eq!(group(&young, 30), PodGroup::Unready);
        young.metric = Some(MetricSample { value: 300, timestamp: t(45), window: SimDuration::from_secs(15) });
        assert_eq!(group(&young, 45), PodGroup::Ready);
        // Within the period a not-ready pod is unready whatever its history.
        young.ready = Some(ReadyCondition { status: "False".into(), last_transition_time: t(20) });
        assert_eq!(group(&young, 45), PodGroup::Unready);
        // After it, only a pod that has never been ready (its Ready condition last changed
        // within 30 s of the start) is left out; one that was ready and lost it counts.
        let mut old = pod("b", Some(300), t(600));
        old.ready = Some(ReadyCondition { status: "False".into(), last_transition_time: t(10) });
        assert_eq!(group(&old, 600), PodGroup::Unready);
        old.ready = Some(ReadyCondition { status: "False".into(), last_transition_time: t(400) });
        assert_eq!(group(&old, 600), PodGroup::Ready);
        // No Ready condition, or no start time: unready. Memory ignores readiness.
        old.ready = None;
        assert_eq!(group(&old, 600), PodGroup::Unready);
        assert_eq!(group_pod(&old, false, t(600), &params), PodGroup::Ready);
        assert_eq!(group(&pod("c", None, t(600)), 600), PodGroup::Missing);
        assert_eq!(group(&pending("d"), 600), PodGroup::Unready);
    }

    #[test]
    fn average_value_targets() {
        let now = t(600);
        let avg = |replicas, average| Ok(Proposal { replicas, utilization: None, average });
        // 600m per pod against 500m: ratio 1.2, ceil(2.4) = 3.
        check(&[pod("a", Some(600), now), pod("b", Some(600), now)], 2, ResourceTarget::AverageValue(500), avg(3, 600));
        // A missing pod on a scale-down counts as exactly the target: (100 + 500) / 2 =
        // 300m, ratio 0.6, ceil(1.2) = 2.
        check(&[pod("a", Some(100), now), pod("b", None, now)], 2, ResourceTarget::AverageValue(500), avg(2, 100));
        check(&[pod("a", Some(500), now), pending("b")], 2, ResourceTarget::AverageValue(500), avg(2, 500));
    }

    // --- normalization

    fn legacy(
        history: &mut HpaHistory,
        now: u64,
        current: i64,
        desired: i64,
        min: i64,
        max: i64,
    ) -> (i64, &'static str, bool, &'static str) {
        let n = normalize_legacy(history, t(now), current, desired, min, max);
        (n.replicas, n.able_to_scale.reason, n.scaling_limited.status, n.scaling_limited.reason)
    }

    fn behavior(yaml: &str) -> Behavior {
        let api: HpaBehavior = serde_yaml::from_str(yaml).expect("behavior yaml");
        Behavior::from_api(&api)
    }

    fn with(
        history: &mut HpaHistory,
        rules: &Behavior,
        now: u64,
        current: i64,
        desired: i64,
        min: i64,
        max: i64,
    ) -> (i64, &'static str, bool, &'static str) {
        let n = normalize_with_behavior(history, rules, t(now), current, desired, min, max);
        if n.replicas != current {
            record_scale_event(history, rules, t(now), current, n.replicas);
        }
        (n.replicas, n.able_to_scale.reason, n.scaling_limited.status, n.scaling_limited.reason)
    }

    #[test]
    fn from_one_replica_default_behavior_allows_5_legacy_allows_4() {
        let mut history = HpaHistory::new(t(0), 1);
        assert_eq!(legacy(&mut history, 15, 1, 5, 1, 10), (4, "ReadyForNewScale", true, "ScaleUpLimit"));
        let mut history = HpaHistory::new(t(0), 1);
        assert_eq!(
            with(&mut history, &behavior("{}"), 15, 1, 5, 1, 10),
            (5, "ReadyForNewScale", false, "DesiredWithinRange")
        );
        // Then ×2 (legacy: max(2 × 4, 4) = 8; default behavior: max(5 + 4, 2 × 5) = 10).
        let mut history = HpaHistory::new(t(0), 1);
        assert_eq!(legacy(&mut history, 15, 4, 20, 1, 20), (8, "ReadyForNewScale", true, "ScaleUpLimit"));
    }

    /// §9.9 with a load that saturates every pod at its 500m limit (250 %), every new pod
    /// measured by the next sync: legacy climbs 1 → 4 → 8 → 10 on consecutive 15 s syncs.
    #[test]
    fn saturating_load_climbs_by_legacy_steps() {
        let mut history = HpaHistory::new(t(0), 1);
        let mut current = 1;
        let mut sizes = Vec::new();
        for step in 1..=4 {
            let now = t(15 * step);
            let pods: Vec<PodInfo> = (0..current).map(|i| pod(&format!("p{i}"), Some(500), now)).collect();
            let params = CalcParams { cpu_initialization_period: SimDuration::ZERO, ..CalcParams::default() };
            let proposal = resource_replicas(&pods, current, "cpu", ResourceTarget::Utilization(50), now, &params)
                .expect("metrics");
            assert_eq!(proposal.utilization, Some(250));
            current = normalize_legacy(&mut history, now, current, proposal.replicas, 1, 10).replicas;
            sizes.push(current);
        }
        assert_eq!(sizes, [4, 8, 10, 10]);
    }

    #[test]
    fn legacy_clamps_to_min_and_max() {
        let mut history = HpaHistory::new(t(0), 8);
        assert_eq!(legacy(&mut history, 15, 8, 20, 1, 10), (10, "ReadyForNewScale", true, "TooManyReplicas"));
        let mut history = HpaHistory::new(t(0), 2);
        assert_eq!(legacy(&mut history, 15, 2, 3, 2, 10), (3, "ReadyForNewScale", false, "DesiredWithinRange"));
        // An idle HPA at its minimum: the recommendation (1) is below min (2).
        let mut history = HpaHistory { recommendations: vec![], ..Default::default() };
        assert_eq!(legacy(&mut history, 15, 2, 1, 2, 10), (2, "ReadyForNewScale", true, "TooFewReplicas"));
    }

    #[test]
    fn legacy_scale_down_waits_five_minutes() {
        let mut history = HpaHistory::new(t(0), 1);
        assert_eq!(legacy(&mut history, 15, 1, 4, 1, 10).0, 4);
        assert_eq!(legacy(&mut history, 30, 4, 7, 1, 10).0, 7);
        // Load stops: recommendations of 1 are held at the highest of the last 5 minutes,
        // a sample exactly 300 s old included.
        assert_eq!(legacy(&mut history, 45, 7, 1, 1, 10), (7, "ScaleDownStabilized", false, "DesiredWithinRange"));
        assert_eq!(legacy(&mut history, 330, 7, 1, 1, 10).0, 7);
        assert_eq!(legacy(&mut history, 345, 7, 1, 1, 10), (1, "ReadyForNewScale", false, "DesiredWithinRange"));
        // The history stays bounded by the window.
        assert!(history.recommendations.len() <= 22, "{}", history.recommendations.len());
    }

    #[test]
    fn behavior_stabilization_windows() {
        let rules = behavior("{}");
        let mut history = HpaHistory::new(t(0), 1);
        assert_eq!(with(&mut history, &rules, 15, 1, 6, 1, 10).0, 5);
        // Down: the default 300 s window holds the current size while a higher
        // recommendation (6 at 15 s) is in it; the window excludes its edge (unlike legacy).
        assert_eq!(
            with(&mut history, &rules, 30, 5, 2, 1, 10),
            (5, "ScaleDownStabilized", false, "DesiredWithinRange")
        );
        assert_eq!(with(&mut history, &rules, 300, 5, 2, 1, 10).0, 5);
        assert_eq!(with(&mut history, &rules, 315, 5, 2, 1, 10), (2, "ReadyForNewScale", false, "DesiredWithinRange"));
        // Up: a 60 s window applies the lowest recommendation of the last minute.
        let rules = behavior("{scaleUp: {stabilizationWindowSeconds: 60}}");
        let mut history = HpaHistory::new(t(0), 2);
        assert_eq!(with(&mut history, &rules, 15, 2, 8, 1, 10), (2, "ScaleUpStabilized", false, "DesiredWithinRange"));
        assert_eq!(with(&mut history, &rules, 45, 2, 8, 1, 10).0, 2);
        // Then the rate policies still apply: max(2 + 4, 2 × 2) = 6.
        assert_eq!(with(&mut history, &rules, 75, 2, 8, 1, 10), (6, "ReadyForNewScale", true, "ScaleUpLimit"));
    }

    #[test]
    fn behavior_policies() {
        // Scale down at most 50 % per minute, from 10 to a recommendation of 1.
        let rules = behavior(
            "{scaleDown: {stabilizationWindowSeconds: 0, policies: [{type: Percent, value: 50, periodSeconds: 60}]}}",
        );
        let mut history = HpaHistory::new(t(0), 10);
        assert_eq!(with(&mut history, &rules, 15, 10, 1, 1, 10), (5, "ReadyForNewScale", true, "ScaleDownLimit"));
        assert_eq!(with(&mut history, &rules, 30, 5, 1, 1, 10), (5, "ReadyForNewScale", true, "ScaleDownLimit"));
        // The period excludes its start: the event at 15 s no longer counts at 75 s.
        assert_eq!(with(&mut history, &rules, 60, 5, 1, 1, 10), (5, "ReadyForNewScale", true, "ScaleDownLimit"));
        assert_eq!(with(&mut history, &rules, 75, 5, 1, 1, 10), (2, "ReadyForNewScale", true, "ScaleDownLimit"));
        // Min of {4 pods, 100 %} per 15 s: from 2, +2; from 4, +4.
        let rules = behavior("{scaleUp: {selectPolicy: Min}}");
        let mut history = HpaHistory::new(t(0), 2);
        assert_eq!(with(&mut history, &rules, 15, 2, 10, 1, 10), (4, "ReadyForNewScale", true, "ScaleUpLimit"));
        assert_eq!(with(&mut history, &rules, 30, 4, 10, 1, 10), (8, "ReadyForNewScale", true, "ScaleUpLimit"));
        assert_eq!(with(&mut history, &rules, 45, 8, 10, 1, 10), (10, "ReadyForNewScale", false, "DesiredWithinRange"));
        // One pod per minute: the event of 15 s ago still counts.
        let rules = behavior("{scaleUp: {policies: [{type: Pods, value: 1, periodSeconds: 60}]}}");
        let mut history = HpaHistory::new(t(0), 1);
        assert_eq!(with(&mut history, &rules, 15, 1, 3, 1, 10).0, 2);
        assert_eq!(with(&mut history, &rules, 30, 2, 3, 1, 10), (2, "ReadyForNewScale", true, "ScaleUpLimit"));
        assert_eq!(with(&mut history, &rules, 60, 2, 3, 1, 10).0, 2);
        assert_eq!(with(&mut history, &rules, 75, 2, 3, 1, 10).0, 3);
        // Disabled: never in that direction.
        let rules = behavior("{scaleDown: {selectPolicy: Disabled}}");
        let mut history = HpaHistory::new(t(0), 5);
        assert_eq!(with(&mut history, &rules, 400, 5, 1, 1, 10), (5, "ReadyForNewScale", true, "ScaleDownLimit"));
        // The max still caps a policy that would allow more.
        let rules = behavior("{}");
        let mut history = HpaHistory::new(t(0), 8);
        assert_eq!(with(&mut history, &rules, 15, 8, 30, 1, 10), (10, "ReadyForNewScale", true, "TooManyReplicas"));
        assert!(history.scale_up_events.len() == 1 && history.scale_down_events.is_empty());
    }

    /// A day of syncs that scale up and down all the time keeps the memory bounded.
    #[test]
    fn history_stays_bounded() {
        let rules = behavior(
            "{scaleDown: {stabilizationWindowSeconds: 60, policies: [{type: Pods, value: 1, periodSeconds: 600}]}}",
        );
        let mut history = HpaHistory::new(t(0), 1);
        let mut legacy_history = HpaHistory::new(t(0), 1);
        let mut current = 1;
        for step in 1..=(24 * 3600 / 15) {
            let desired = if step % 40 < 20 { 10 } else { 1 };
            current = with(&mut history, &rules, 15 * step, current, desired, 1, 10).0;
            normalize_legacy(&mut legacy_history, t(15 * step), current, desired, 1, 10);
        }
        // Windows of 60 s (recommendations) and 600 s (scale events) at 15 s per sync.
        assert!(history.recommendations.len() <= 5, "{}", history.recommendations.len());
        assert!(history.scale_up_events.len() + history.scale_down_events.len() <= 41);
        assert!(legacy_history.recommendations.len() <= 21, "{}", legacy_history.recommendations.len());
    }

    #[test]
    fn behavior_defaults_and_tolerances() {
        let rules = behavior("{scaleDown: {stabilizationWindowSeconds: 60}}");
        let fifteen = SimDuration::from_secs(15);
        assert_eq!(
            rules.scale_up,
            ScalingRules {
                stabilization_window: SimDuration::ZERO,
                select_policy: SelectPolicy::Max,
                policies: vec![
                    ScalingPolicy { kind: PolicyKind::Pods, value: 4, period: fifteen },
                    ScalingPolicy { kind: PolicyKind::Percent, value: 100, period: fifteen }
                ],
                tolerance: None,
            }
        );
        assert_eq!(rules.scale_down.stabilization_window, SimDuration::from_secs(60));
        assert_eq!(
            rules.scale_down.policies,
            vec![ScalingPolicy { kind: PolicyKind::Percent, value: 100, period: fifteen }]
        );
        assert_eq!(behavior("{scaleUp: {}}").scale_down.stabilization_window, DOWNSCALE_STABILIZATION);
        assert_eq!(rules.tolerances(), Tolerances::default());
        // Per-direction tolerance: scale up only above +50 %, down below -5 %.
        let rules = behavior("{scaleUp: {tolerance: 0.5}, scaleDown: {tolerance: 50m}}");
        let tolerances = rules.tolerances();
        assert_eq!(tolerances, Tolerances { scale_down: 0.05, scale_up: 0.5 });
        assert!(tolerances.is_within(1.4) && tolerances.is_within(0.96) && !tolerances.is_within(0.94));
        let now = t(600);
        let params = CalcParams { tolerances, ..CalcParams::default() };
        let two = [pod("a", Some(140), now), pod("b", Some(140), now)];
        assert_eq!(
            resource_replicas(&two, 2, "cpu", ResourceTarget::Utilization(50), now, &params).map(|p| p.replicas),
            Ok(2)
        );
    }

    #[test]
    fn conditions_keep_their_transition_time_while_the_status_holds() {
        let mut conditions = Vec::new();
        set_condition(&mut conditions, "AbleToScale", true, "SucceededGetScale", "a".into(), t(15));
        set_condition(&mut conditions, "ScalingActive", false, "FailedGetResourceMetric", "b".into(), t(15));
        set_condition(&mut conditions, "AbleToScale", true, "ReadyForNewScale", "c".into(), t(30));
        set_condition(&mut conditions, "ScalingActive", true, "ValidMetricFound", "d".into(), t(30));
        let summary: Vec<(String, String, Option<SimTime>)> = conditions
            .iter()
            .map(|c| (c.type_.clone(), c.reason.clone().unwrap_or_default(), c.last_transition_time))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("AbleToScale".into(), "ReadyForNewScale".into(), Some(t(15))),
                ("ScalingActive".into(), "ValidMetricFound".into(), Some(t(30)))
            ]
        );
    }
}
