//! Time series the engine records for charts and tools: replicas per Deployment, HPA
//! utilisation, per-pod CPU, Service traffic, node readiness, restarts, plus markers for user
//! actions and timer deadlines. Memory is bounded whatever the run length (see `Track`).
//!
//! Sampling: Service traffic every second while the cluster has Services; Deployments, HPAs
//! and nodes every 5 s and at once after each user action (so a power-off shows at its exact
//! time); pods every 5 s on small clusters, less often on large ones (about 100 pod visits per
//! second of cluster time). Sampling everything every second was measured to triple the
//! classroom benchmark (2.9 -> 8.5 ms per cluster hour); as it is, it costs about 1.2 ms.

use crate::api::Pod;
use crate::engine::time::{SimDuration, SimTime};
use crate::engine::{Cluster, Ev};
use crate::sort::SmallSort;
use std::collections::{BTreeMap, VecDeque};

/// How often Service traffic is sampled (while the cluster has Services).
pub const SAMPLE_PERIOD: SimDuration = SimDuration::from_secs(1);
/// How long after its second a sample runs (see `Cluster::sample_series`).
const SAMPLE_DELAY: SimDuration = SimDuration::from_millis(1);
/// How often Deployments, HPAs, nodes and (on a small cluster) pods are sampled.
pub const STATE_PERIOD: SimDuration = SimDuration::from_secs(5);
/// The pod walk visits about this many pods per sample period before it slows down.
const POD_WALK_BUDGET: usize = 500;
/// Most points a track keeps; on reaching it, neighbouring points are merged in pairs.
pub const TRACK_CAPACITY: usize = 3600;
/// Coarsest point spacing: after about 15 weeks of changes at every sample.
pub const MAX_STRIDE: SimDuration = SimDuration::from_secs(4 * 3600);
/// Most markers kept (oldest dropped first).
pub const MARKER_CAPACITY: usize = 500;
/// Most objects of each kind that get tracks; objects that are gone make room for new ones.
pub const MAX_DEPLOYMENTS: usize = 16;
pub const MAX_HPAS: usize = 16;
pub const MAX_SERVICES: usize = 16;
pub const MAX_NODES: usize = 64;
pub const MAX_PODS: usize = 64;

/// How a track merges samples that fall into one point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reduce {
    /// Rates, utilisation, latency: the average.
    Mean,
    /// Counts and states (replicas, Ready, restarts): the value farthest from the previous
    /// point, so a short dip or spike survives downsampling.
    Extreme,
}

/// One series of `(time, value)` points, at most `TRACK_CAPACITY` of them.
///
/// Samples fold into points `stride` apart (one sample per point at first). A point equal to
/// the one before is not stored, only remembered as the end of the flat run (so both step and
/// straight-line drawing stay exact): a steady value costs nothing however long it lasts. When
/// the track is full anyway, neighbouring points are merged in pairs and the stride doubles, so
/// the whole history stays at a coarser resolution (at worst 1 s points for the first hour, 2 s
/// up to two hours, ..., 32 s after a day). The newest point may still be collecting samples;
/// `points()` includes it.
#[derive(Clone, Debug)]
pub struct Track {
    points: VecDeque<(SimTime, f64)>,
    /// The latest point not stored because it repeats the last stored value.
    held: Option<(SimTime, f64)>,
    open: Option<Bucket>,
    stride_ms: u64,
    reduce: Reduce,
    /// Whether points were ever merged (then samples fold strictly by stride).
    compacted: bool,
}

#[derive(Clone, Copy, Debug)]
struct Bucket {
    start: SimTime,
    value: f64,
    sum: f64,
    count: u32,
}

/// A point in time worth a vertical line on a chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    pub at: SimTime,
    pub kind: MarkerKind,
    /// The node or pod concerned, empty for cluster-wide actions.
    pub subject: String,
    /// Short text for the chart, e.g. `power-off node-2` or `node-2 NotReady (grace period 50s)`.
    pub label: String,
    /// When the timer that ended here started (the last heartbeat for NotReady, the NoExecute
    /// taint for an eviction), so a chart can draw the span.
    pub since: Option<SimTime>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MarkerKind {
    /// Something the user did: kill, power off, apply, scale, load start...
    Action,
    /// The node lifecycle controller marked a node NotReady after the grace period.
    NodeNotReady,
    /// A node got the NoExecute taint: eviction timers start.
    NoExecuteTaint,
    /// The taint-eviction controller deleted pods after their toleration ran out.
    Eviction,
    /// The kubelet backs off restarting a crashed container (CrashLoopBackOff).
    BackOff,
    /// The kubelet kills a container after failed liveness (or startup) probes.
    LivenessKill,
    /// Time the user fast-forwarded (`sleep D --mark`, a lesson's "fast-forward until this
    /// step passes"): `since` is where it started.
    FastForward,
}

#[derive(Clone, Debug)]
pub struct DeploymentSeries {
    /// spec.replicas.
    pub desired: Track,
    /// status.replicas.
    pub current: Track,
    pub ready: Track,
    pub available: Track,
    /// Sum of the RESTARTS of the Deployment's pods (sampled with the pods).
    pub restarts: Track,
    /// Average CPU of its running pods against their requests [%] (engine truth, as
    /// `sum(usage) / sum(requests)`, the way the HPA averages).
    pub cpu_utilization: Track,
    seen: SimTime,
}

#[derive(Clone, Copy, Debug, Default)]
struct PodTotals {
    restarts: f64,
    usage_millis: f64,
    request_millis: f64,
}

#[derive(Clone, Debug)]
pub struct HpaSeries {
    /// The workload it scales (`spec.scaleTargetRef.name`).
    pub target_ref: String,
    /// Target average CPU utilisation [%].
    pub target: Track,
    /// Current average utilisation as the HPA sees it (status), absent while `<unknown>`.
    pub current: Track,
    seen: SimTime,
}

#[derive(Clone, Debug)]
pub struct PodSeries {
    /// The Deployment that owns the pod (through its ReplicaSet), if any.
    pub deployment: Option<String>,
    /// Sum of the containers' CPU requests [millicores], if every container has one.
    pub cpu_request_millis: Option<f64>,
    /// CPU usage [millicores] (engine truth).
    pub cpu_millis: Track,
    /// CPU usage against the request [%]; empty without a request.
    pub cpu_utilization: Track,
    pub restarts: Track,
    seen: SimTime,
}

#[derive(Clone, Debug)]
pub struct ServiceSeries {
    pub ok_per_sec: Track,
    pub failed_per_sec: Track,
    pub latency_p50_ms: Track,
    pub latency_p95_ms: Track,
    pub latency_p99_ms: Track,
    seen: SimTime,
}

#[derive(Clone, Debug)]
pub struct NodeSeries {
    /// Ready condition as the API shows it: 1 True, 0 False, -1 Unknown.
    pub ready: Track,
    /// 1 when the machine is on.
    pub powered: Track,
    /// 1 when the kubelet can reach the control plane.
    pub connected: Track,
    seen: SimTime,
}

/// Node Ready condition values in `NodeSeries::ready`.
pub const READY_TRUE: f64 = 1.0;
pub const READY_FALSE: f64 = 0.0;
pub const READY_UNKNOWN: f64 = -1.0;

/// Everything recorded so far. Read it with `Cluster::series()`.
#[derive(Clone, Debug, Default)]
pub struct Series {
    revision: u64,
    first: Option<SimTime>,
    last: Option<SimTime>,
    // Boxed: one copy of the B-tree's code for all five maps (docs/size.md).
    deployments: BTreeMap<String, Box<DeploymentSeries>>,
    hpas: BTreeMap<String, Box<HpaSeries>>,
    pods: BTreeMap<String, Box<PodSeries>>,
    services: BTreeMap<String, Box<ServiceSeries>>,
    nodes: BTreeMap<String, Box<NodeSeries>>,
    markers: VecDeque<Marker>,
    next_pod_sample: SimTime,
}

// ---------------------------------------------------------------- Track

impl Track {
    pub fn new(reduce: Reduce) -> Track {
        Track {
            points: VecDeque::new(),
            held: None,
            open: None,
            stride_ms: SAMPLE_PERIOD.as_millis(),
            reduce,
            compacted: false,
        }
    }

    fn with_stride(reduce: Reduce, stride: SimDuration) -> Track {
        Track { stride_ms: stride.as_millis().max(1), ..Track::new(reduce) }
    }

    /// Adds a sample. Samples must come in time order. NaN means "no value" (a gap the
    /// charts do not bridge, e.g. an HPA showing `<unknown>`); infinities are ignored.
    #[inline]
    pub fn push(&mut self, at: SimTime, value: f64) {
        if value.is_infinite() {
            return;
        }
        match &mut self.open {
            // Until the track is downsampled, a state change starts a point at its exact time
            // (see `Cluster::mark`), however the samples are spaced.
            Some(bucket)
                if self.reduce == Reduce::Extreme
                    && !self.compacted
                    && !same(bucket.value, value)
                    && at > bucket.start =>
            {
                let done = (bucket.start, bucket.value);
                *bucket = Bucket { start: at, value, sum: value, count: 1 };
                self.commit(done);
            }
            Some(bucket) if at.0 < bucket.start.0 + self.stride_ms && at >= bucket.start => {
                bucket.count += 1;
                bucket.sum += value;
                bucket.value = match self.reduce {
                    Reduce::Mean => bucket.sum / bucket.count as f64,
                    Reduce::Extreme => {
                        let previous = self.points.back().map_or(bucket.value, |p| p.1);
                        farthest(previous, bucket.value, value)
                    }
                };
            }
            Some(bucket) => {
                let done = (bucket.start, bucket.value);
                *bucket = Bucket { start: at, value, sum: value, count: 1 };
                self.commit(done);
            }
            None => self.open = Some(Bucket { start: at, value, sum: value, count: 1 }),
        }
    }

    /// Records a gap: no value at `at`.
    pub fn push_gap(&mut self, at: SimTime) {
        self.push(at, f64::NAN);
    }

    #[inline]
    fn commit(&mut self, point: (SimTime, f64)) {
        if self.points.back().is_some_and(|last| same(last.1, point.1)) {
            self.held = Some(point);
            return;
        }
        if let Some(held) = self.held.take() {
            self.store(held);
        }
        self.store(point);
    }

    fn store(&mut self, point: (SimTime, f64)) {
        self.points.push_back(point);
        if self.points.len() >= TRACK_CAPACITY {
            self.compact();
        }
    }

    /// Merges neighbouring points in pairs and doubles the stride.
    fn compact(&mut self) {
        let old = std::mem::take(&mut self.points);
        let mut previous: Option<f64> = None;
        let mut iter = old.into_iter();
        while let Some((at, a)) = iter.next() {
            let value = match iter.next() {
                None => a,
                Some((_, b)) => match self.reduce {
                    Reduce::Mean => (a + b) / 2.0,
                    Reduce::Extreme => farthest(previous.unwrap_or(a), a, b),
                },
            };
            self.points.push_back((at, value));
            previous = Some(value);
        }
        // Capped so that a track changing at every sample cannot overflow it.
        self.stride_ms = (self.stride_ms * 2).min(MAX_STRIDE.as_millis());
        self.compacted = true;
    }

    /// Every point in time order, the newest (possibly still collecting samples) last. A flat
    /// run shows as its first and last point.
    pub fn points(&self) -> impl DoubleEndedIterator<Item = (SimTime, f64)> + '_ {
        self.points.iter().copied().chain(self.held).chain(self.open.map(|b| (b.start, b.value)))
    }

    pub fn len(&self) -> usize {
        self.points.len() + usize::from(self.held.is_some()) + usize::from(self.open.is_some())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn first(&self) -> Option<(SimTime, f64)> {
        self.points().next()
    }

    pub fn last(&self) -> Option<(SimTime, f64)> {
        self.points().next_back()
    }

    /// The value of the last point at or before `at`; `None` before the first point and in
    /// gaps.
    pub fn value_at(&self, at: SimTime) -> Option<f64> {
        let value = if let Some(bucket) = self.open.filter(|b| b.start <= at) {
            bucket.value
        } else if let Some(held) = self.held.filter(|h| h.0 <= at) {
            held.1
        } else {
            let idx = self.points.partition_point(|p| p.0 <= at);
            self.points[idx.checked_sub(1)?].1
        };
        Some(value).filter(|v| !v.is_nan())
    }

    /// The first time at or after `from` when the value satisfies `cond`.
    pub fn first_time(&self, from: SimTime, mut cond: impl FnMut(f64) -> bool) -> Option<SimTime> {
        self.points().find(|&(at, v)| at >= from && cond(v)).map(|p| p.0)
    }

    /// The largest value, or `None` when there is none.
    pub fn max_value(&self) -> Option<f64> {
        self.points().map(|p| p.1).filter(|v| !v.is_nan()).reduce(f64::max)
    }

    /// Current spacing of the points.
    pub fn stride(&self) -> SimDuration {
        SimDuration(self.stride_ms)
    }

    pub fn reduce(&self) -> Reduce {
        self.reduce
    }

    /// Heap bytes held (for the memory test).
    pub fn heap_bytes(&self) -> usize {
        self.points.capacity() * std::mem::size_of::<(SimTime, f64)>()
    }
}

/// Equal, counting two gaps as equal.
fn same(a: f64, b: f64) -> bool {
    a == b || (a.is_nan() && b.is_nan())
}

/// Whichever of `a` and `b` lies farther from `previous` (`a` on a tie).
fn farthest(previous: f64, a: f64, b: f64) -> f64 {
    if (b - previous).abs() > (a - previous).abs() {
        b
    } else {
        a
    }
}

// ---------------------------------------------------------------- per-object series

impl DeploymentSeries {
    fn new() -> DeploymentSeries {
        DeploymentSeries {
            desired: Track::with_stride(Reduce::Extreme, STATE_PERIOD),
            current: Track::with_stride(Reduce::Extreme, STATE_PERIOD),
            ready: Track::with_stride(Reduce::Extreme, STATE_PERIOD),
            available: Track::with_stride(Reduce::Extreme, STATE_PERIOD),
            restarts: Track::with_stride(Reduce::Extreme, STATE_PERIOD),
            cpu_utilization: Track::with_stride(Reduce::Mean, STATE_PERIOD),
            seen: SimTime::ZERO,
        }
    }

    fn tracks(&self) -> [(&'static str, &Track); 6] {
        [
            ("desired", &self.desired),
            ("current", &self.current),
            ("ready", &self.ready),
            ("available", &self.available),
            ("restarts", &self.restarts),
            ("cpu_utilization", &self.cpu_utilization),
        ]
    }
}

impl HpaSeries {
    fn new(target_ref: String) -> HpaSeries {
        HpaSeries {
            target_ref,
            target: Track::with_stride(Reduce::Extreme, STATE_PERIOD),
            current: Track::with_stride(Reduce::Extreme, STATE_PERIOD),
            seen: SimTime::ZERO,
        }
    }

    fn tracks(&self) -> [(&'static str, &Track); 2] {
        [("target", &self.target), ("current", &self.current)]
    }
}

impl PodSeries {
    fn new(deployment: Option<String>, cpu_request_millis: Option<f64>) -> PodSeries {
        PodSeries {
            deployment,
            cpu_request_millis,
            cpu_millis: Track::with_stride(Reduce::Mean, STATE_PERIOD),
            cpu_utilization: Track::with_stride(Reduce::Mean, STATE_PERIOD),
            restarts: Track::with_stride(Reduce::Extreme, STATE_PERIOD),
            seen: SimTime::ZERO,
        }
    }

    fn tracks(&self) -> [(&'static str, &Track); 3] {
        [("cpu_millis", &self.cpu_millis), ("cpu_utilization", &self.cpu_utilization), ("restarts", &self.restarts)]
    }

    /// Whether the pod existed at the last pod sample.
    pub fn last_seen(&self) -> SimTime {
        self.seen
    }
}

impl ServiceSeries {
    fn new() -> ServiceSeries {
        ServiceSeries {
            ok_per_sec: Track::new(Reduce::Mean),
            failed_per_sec: Track::new(Reduce::Mean),
            latency_p50_ms: Track::new(Reduce::Mean),
            latency_p95_ms: Track::new(Reduce::Mean),
            latency_p99_ms: Track::new(Reduce::Mean),
            seen: SimTime::ZERO,
        }
    }

    fn tracks(&self) -> [(&'static str, &Track); 5] {
        [
            ("ok_per_sec", &self.ok_per_sec),
            ("failed_per_sec", &self.failed_per_sec),
            ("latency_p50_ms", &self.latency_p50_ms),
            ("latency_p95_ms", &self.latency_p95_ms),
            ("latency_p99_ms", &self.latency_p99_ms),
        ]
    }
}

impl NodeSeries {
    fn new() -> NodeSeries {
        NodeSeries {
            ready: Track::with_stride(Reduce::Extreme, STATE_PERIOD),
            powered: Track::with_stride(Reduce::Extreme, STATE_PERIOD),
            connected: Track::with_stride(Reduce::Extreme, STATE_PERIOD),
            seen: SimTime::ZERO,
        }
    }

    fn tracks(&self) -> [(&'static str, &Track); 3] {
        [("ready", &self.ready), ("powered", &self.powered), ("connected", &self.connected)]
    }
}

fn pick<'a, const N: usize>(tracks: [(&'static str, &'a Track); N], field: &str) -> Option<&'a Track> {
    tracks.into_iter().find(|t| t.0 == field).map(|t| t.1)
}

/// Objects that remember when they were last seen, so gone ones can make room.
trait Seen {
    fn seen(&self) -> SimTime;
    fn set_seen(&mut self, now: SimTime);
}

macro_rules! impl_seen {
    ($($t:ty),*) => {
        $(impl Seen for $t {
            fn seen(&self) -> SimTime { self.seen }
            fn set_seen(&mut self, now: SimTime) { self.seen = now; }
        })*
    };
}
impl_seen!(DeploymentSeries, HpaSeries, PodSeries, ServiceSeries, NodeSeries);

// ---------------------------------------------------------------- Series (read API)

impl Series {
    /// Changes whenever data is appended: redraw a chart only when it moved.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Time of the first and the latest sample.
    pub fn time_range(&self) -> Option<(SimTime, SimTime)> {
        Some((self.first?, self.last?))
    }

    pub fn markers(&self) -> impl DoubleEndedIterator<Item = &Marker> + ExactSizeIterator + '_ {
        self.markers.iter()
    }

    pub fn deployments(&self) -> impl Iterator<Item = (&str, &DeploymentSeries)> + '_ {
        self.deployments.iter().map(|(k, v)| (k.as_str(), &**v))
    }
    pub fn deployment(&self, name: &str) -> Option<&DeploymentSeries> {
        self.deployments.get(name).map(|s| &**s)
    }

    pub fn hpas(&self) -> impl Iterator<Item = (&str, &HpaSeries)> + '_ {
        self.hpas.iter().map(|(k, v)| (k.as_str(), &**v))
    }
    pub fn hpa(&self, name: &str) -> Option<&HpaSeries> {
        self.hpas.get(name).map(|s| &**s)
    }
    /// The HPA whose scale target is `deployment`.
    pub fn hpa_for(&self, deployment: &str) -> Option<(&str, &HpaSeries)> {
        self.hpas().find(|(_, h)| h.target_ref == deployment)
    }

    pub fn pods(&self) -> impl Iterator<Item = (&str, &PodSeries)> + '_ {
        self.pods.iter().map(|(k, v)| (k.as_str(), &**v))
    }
    pub fn pod(&self, name: &str) -> Option<&PodSeries> {
        self.pods.get(name).map(|s| &**s)
    }
    /// Pods owned by `deployment`, in name order.
    pub fn pods_of<'a>(&'a self, deployment: &'a str) -> impl Iterator<Item = (&'a str, &'a PodSeries)> + 'a {
        self.pods().filter(move |(_, p)| p.deployment.as_deref() == Some(deployment))
    }

    pub fn services(&self) -> impl Iterator<Item = (&str, &ServiceSeries)> + '_ {
        self.services.iter().map(|(k, v)| (k.as_str(), &**v))
    }
    pub fn service(&self, name: &str) -> Option<&ServiceSeries> {
        self.services.get(name).map(|s| &**s)
    }

    pub fn nodes(&self) -> impl Iterator<Item = (&str, &NodeSeries)> + '_ {
        self.nodes.iter().map(|(k, v)| (k.as_str(), &**v))
    }
    pub fn node(&self, name: &str) -> Option<&NodeSeries> {
        self.nodes.get(name).map(|s| &**s)
    }

    /// A track by path `KIND/NAME/FIELD`, e.g. `deployment/web/ready`, `pod/web-x/restarts`,
    /// `service/web/failed_per_sec`, `node/node-2/ready`, `hpa/web/current`.
    pub fn track(&self, path: &str) -> Option<&Track> {
        let (kind, rest) = path.split_once('/')?;
        let (name, field) = rest.rsplit_once('/')?;
        match kind {
            "deployment" => pick(self.deployments.get(name)?.tracks(), field),
            "hpa" => pick(self.hpas.get(name)?.tracks(), field),
            "pod" => pick(self.pods.get(name)?.tracks(), field),
            "service" => pick(self.services.get(name)?.tracks(), field),
            "node" => pick(self.nodes.get(name)?.tracks(), field),
            _ => None,
        }
    }

    /// Every track path, in order (see `track`).
    pub fn paths(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut add = |kind: &str, name: &str, tracks: &[(&'static str, &Track)]| {
            out.extend(tracks.iter().map(|(field, _)| format!("{kind}/{name}/{field}")));
        };
        self.deployments.iter().for_each(|(n, s)| add("deployment", n, &s.tracks()));
        self.hpas.iter().for_each(|(n, s)| add("hpa", n, &s.tracks()));
        self.pods.iter().for_each(|(n, s)| add("pod", n, &s.tracks()));
        self.services.iter().for_each(|(n, s)| add("service", n, &s.tracks()));
        self.nodes.iter().for_each(|(n, s)| add("node", n, &s.tracks()));
        out
    }

    /// Points held in every track, and heap bytes of tracks and markers (for memory checks).
    pub fn footprint(&self) -> (usize, usize) {
        let mut points = 0;
        let mut bytes = self.markers.capacity() * std::mem::size_of::<Marker>()
            + self.markers.iter().map(|m| m.label.capacity() + m.subject.capacity()).sum::<usize>();
        let mut add = |tracks: &[(&'static str, &Track)]| {
            for (_, t) in tracks {
                points += t.len();
                bytes += t.heap_bytes();
            }
        };
        self.deployments.values().for_each(|s| add(&s.tracks()));
        self.hpas.values().for_each(|s| add(&s.tracks()));
        self.pods.values().for_each(|s| add(&s.tracks()));
        self.services.values().for_each(|s| add(&s.tracks()));
        self.nodes.values().for_each(|s| add(&s.tracks()));
        (points, bytes)
    }

    /// Adds a sample by path (see `track`), creating the object's series: for tests, demos and
    /// chart previews. Pod paths may name the Deployment as `pod/NAME@DEPLOYMENT/FIELD`.
    pub fn record(&mut self, path: &str, at: SimTime, value: f64) -> Result<(), String> {
        let bad = || format!("unknown series path {path:?} (expected KIND/NAME/FIELD)");
        let (kind, rest) = path.split_once('/').ok_or_else(bad)?;
        let (name, field) = rest.rsplit_once('/').ok_or_else(bad)?;
        let track = match kind {
            "deployment" => {
                let s = self.deployments.entry(name.into()).or_insert_with(|| Box::new(DeploymentSeries::new()));
                s.seen = at;
                match field {
                    "desired" => &mut s.desired,
                    "current" => &mut s.current,
                    "ready" => &mut s.ready,
                    "available" => &mut s.available,
                    "restarts" => &mut s.restarts,
                    "cpu_utilization" => &mut s.cpu_utilization,
                    _ => return Err(bad()),
                }
            }
            "hpa" => {
                let (name, target) = name.split_once('@').unwrap_or((name, name));
                let s = self.hpas.entry(name.into()).or_insert_with(|| Box::new(HpaSeries::new(target.into())));
                s.seen = at;
                match field {
                    "target" => &mut s.target,
                    "current" => &mut s.current,
                    _ => return Err(bad()),
                }
            }
            "pod" => {
                let (name, deployment) = match name.split_once('@') {
                    Some((n, d)) => (n, Some(d.to_string())),
                    None => (name, None),
                };
                let s = self.pods.entry(name.into()).or_insert_with(|| Box::new(PodSeries::new(deployment, None)));
                s.seen = at;
                match field {
                    "cpu_millis" => &mut s.cpu_millis,
                    "cpu_utilization" => &mut s.cpu_utilization,
                    "restarts" => &mut s.restarts,
                    _ => return Err(bad()),
                }
            }
            "service" => {
                let s = self.services.entry(name.into()).or_insert_with(|| Box::new(ServiceSeries::new()));
                s.seen = at;
                match field {
                    "ok_per_sec" => &mut s.ok_per_sec,
                    "failed_per_sec" => &mut s.failed_per_sec,
                    "latency_p50_ms" => &mut s.latency_p50_ms,
                    "latency_p95_ms" => &mut s.latency_p95_ms,
                    "latency_p99_ms" => &mut s.latency_p99_ms,
                    _ => return Err(bad()),
                }
            }
            "node" => {
                let s = self.nodes.entry(name.into()).or_insert_with(|| Box::new(NodeSeries::new()));
                s.seen = at;
                match field {
                    "ready" => &mut s.ready,
                    "powered" => &mut s.powered,
                    "connected" => &mut s.connected,
                    _ => return Err(bad()),
                }
            }
            _ => return Err(bad()),
        };
        track.push(at, value);
        self.touch(at);
        Ok(())
    }

    /// Adds a marker (see `Cluster::mark`); for tests, demos and chart previews.
    pub fn add_marker(&mut self, marker: Marker) {
        // Several pods evicted together, or one command repeated, make one marker.
        if self
            .markers
            .iter()
            .rev()
            .take(8)
            .any(|m| m.at == marker.at && m.kind == marker.kind && m.label == marker.label)
        {
            return;
        }
        if self.markers.len() >= MARKER_CAPACITY {
            self.markers.pop_front();
        }
        self.markers.push_back(marker);
        self.revision += 1;
    }

    fn touch(&mut self, at: SimTime) {
        self.first.get_or_insert(at);
        self.last = Some(self.last.map_or(at, |l| l.max(at)));
        self.revision += 1;
    }
}

// ---------------------------------------------------------------- sampling

impl Cluster {
    /// The recorded time series and markers.
    pub fn series(&self) -> &Series {
        &self.series
    }

    /// Records a marker at the current time. A user action also samples Deployments, HPAs
    /// and nodes at once, so its effect (new desired replicas, a node's power) shows at the
    /// exact time rather than at the next 5 s sample.
    pub(crate) fn mark(&mut self, kind: MarkerKind, label: impl Into<String>) {
        self.mark_on(kind, "", label, None);
        if kind == MarkerKind::Action {
            let now = self.now();
            let mut series = std::mem::take(&mut self.series);
            self.sample_objects(&mut series, now);
            series.touch(now);
            self.series = series;
        }
    }

    /// Records a marker about one node or pod, optionally with the start of its timer.
    pub(crate) fn mark_on(
        &mut self,
        kind: MarkerKind,
        subject: &str,
        label: impl Into<String>,
        since: Option<SimTime>,
    ) {
        let marker = Marker { at: self.now(), kind, subject: subject.to_string(), label: label.into(), since };
        self.series.add_marker(marker);
    }

    /// The node lifecycle controller gave up on `node`: the grace period since it last saw the
    /// lease renewed ran out. The span drawn is the grace period ending now; the last renewal
    /// was at or before its start (leases renew every 10 s, the controller looks every 5 s).
    pub(crate) fn mark_node_not_ready(&mut self, node: &str) {
        let grace = self.config.node_monitor_grace;
        let since = SimTime(self.now().0.saturating_sub(grace.as_millis()));
        self.mark_on(
            MarkerKind::NodeNotReady,
            node,
            format!("{node} NotReady (grace period {}s)", grace.whole_secs()),
            Some(since),
        );
    }

    /// The taint-eviction controller deletes `pod`: its toleration of the node's NoExecute
    /// taint ran out. One marker per node and instant, however many pods go.
    pub(crate) fn mark_eviction(&mut self, pod: &str) {
        let now = self.now();
        let node = self.store.pod(pod).and_then(|p| p.spec.node_name.clone()).unwrap_or_default();
        let tainted =
            self.store.nodes.get(&node).and_then(|n| {
                n.spec.taints.iter().filter(|t| t.effect == "NoExecute").filter_map(|t| t.time_added).min()
            });
        let label = match tainted {
            Some(at) => format!("{node} eviction ({}s toleration)", now.since(at).whole_secs()),
            None => format!("{node} eviction"),
        };
        self.mark_on(MarkerKind::Eviction, &node, label, tainted);
    }

    /// `Ev::SeriesSample`: reads the tracked values that are due, then schedules the next
    /// sample: in a second while a Service has load (traffic moves fast), else at the
    /// next multiple of `STATE_PERIOD`. A sample runs 1 ms after its second and is recorded at
    /// the second: it shows the state at the end of that instant, after everything that
    /// happened at it (a node turning NotReady and the Deployment status that follows).
    pub(crate) fn sample_series(&mut self) {
        let now = self.now();
        let at = SimTime(now.0 / 1000 * 1000);
        // Per-second sampling only once some Service has seen load (every cluster has the
        // `kubernetes` Service).
        let has_services = self.store.services.keys().any(|n| self.service_stats(n).is_some());
        let state_due = at.0 % STATE_PERIOD.0 == 0;
        let next =
            if has_services { at + SAMPLE_PERIOD } else { SimTime((at.0 / STATE_PERIOD.0 + 1) * STATE_PERIOD.0) };
        self.schedule(next + SAMPLE_DELAY, Ev::SeriesSample);
        // Taken out so that the engine's read-only queries (`service_stats`, ...) can borrow
        // `self` while the tracks are written.
        let mut series = std::mem::take(&mut self.series);
        if has_services {
            self.sample_services(&mut series, at);
        }
        if state_due {
            self.sample_objects(&mut series, at);
            if at >= series.next_pod_sample {
                self.sample_pods(&mut series, at);
                let stretch = (self.store.pods().len() / POD_WALK_BUDGET) as u64 + 1;
                series.next_pod_sample = at + SimDuration(STATE_PERIOD.as_millis() * stretch);
            }
        }
        series.touch(at);
        self.series = series;
    }

    fn sample_services(&self, series: &mut Series, now: SimTime) {
        let services = self.store.services.keys().filter_map(|n| Some((n.as_str(), self.service_stats(n)?)));
        walk(
            &mut series.services,
            services,
            MAX_SERVICES,
            now,
            |_, _| ServiceSeries::new(),
            |s, stats| {
                s.ok_per_sec.push(now, stats.ok_per_sec);
                s.failed_per_sec.push(now, stats.failed_per_sec);
                s.latency_p50_ms.push(now, stats.latency_p50_ms);
                s.latency_p95_ms.push(now, stats.latency_p95_ms);
                s.latency_p99_ms.push(now, stats.latency_p99_ms);
            },
        );
        // A Service without stats this second (no traffic data): a gap, not a bridge.
        for s in series.services.values_mut().filter(|s| s.seen != now) {
            for track in [
                &mut s.ok_per_sec,
                &mut s.failed_per_sec,
                &mut s.latency_p50_ms,
                &mut s.latency_p95_ms,
                &mut s.latency_p99_ms,
            ] {
                track.push_gap(now);
            }
        }
    }

    fn sample_objects(&self, series: &mut Series, now: SimTime) {
        let deployments = self.store.deployments.iter().map(|(n, d)| (n.as_str(), d));
        walk(
            &mut series.deployments,
            deployments,
            MAX_DEPLOYMENTS,
            now,
            |_, _| DeploymentSeries::new(),
            |s, deployment| {
                let status = deployment.status.as_ref();
                s.desired.push(now, deployment.spec.replicas.unwrap_or(1) as f64);
                s.current.push(now, status.map_or(0, |st| st.replicas) as f64);
                s.ready.push(now, status.map_or(0, |st| st.ready_replicas) as f64);
                s.available.push(now, status.map_or(0, |st| st.available_replicas) as f64);
            },
        );
        let hpas = self.store.hpas.iter().map(|(n, h)| (n.as_str(), h));
        walk(
            &mut series.hpas,
            hpas,
            MAX_HPAS,
            now,
            |_, hpa| HpaSeries::new(hpa.spec.scale_target_ref.name.clone()),
            |s, hpa| {
                let target = hpa
                    .spec
                    .metrics
                    .iter()
                    .filter(|m| m.type_ == "Resource")
                    .filter_map(|m| m.resource.as_ref())
                    .find(|r| r.name == "cpu")
                    .and_then(|r| r.target.average_utilization)
                    .or(hpa.spec.target_cpu_utilization_percentage);
                if let Some(target) = target {
                    s.target.push(now, target as f64);
                }
                match hpa.status.as_ref().and_then(|st| st.current_cpu_utilization) {
                    Some(current) => s.current.push(now, current as f64),
                    None => s.current.push_gap(now),
                }
            },
        );
        // Agents are keyed like the nodes, so one pass pairs them without lookups.
        let mut agents = self.agents.iter().peekable();
        let nodes = self.store.nodes.iter().map(|(name, node)| {
            while agents.next_if(|(a, _)| a.as_str() < name.as_str()).is_some() {}
            let agent = agents.next_if(|(a, _)| *a == name).map(|(_, a)| a);
            (name.as_str(), (node, agent))
        });
        walk(
            &mut series.nodes,
            nodes,
            MAX_NODES,
            now,
            |_, _| NodeSeries::new(),
            |s, (node, agent)| {
                let ready = match node.ready_condition().map(|c| c.status.as_str()) {
                    Some("True") => READY_TRUE,
                    Some("False") => READY_FALSE,
                    _ => READY_UNKNOWN,
                };
                s.ready.push(now, ready);
                s.powered.push(now, if agent.is_some_and(|a| a.powered) { 1.0 } else { 0.0 });
                s.connected.push(now, if agent.is_some_and(|a| a.connected) { 1.0 } else { 0.0 });
            },
        );
    }

    /// One walk over the pods: per-pod CPU and restarts, and the per-Deployment totals.
    fn sample_pods(&self, series: &mut Series, now: SimTime) {
        let deployment_of = |pod: &Pod| -> Option<String> {
            let owner = pod.controller_ref().filter(|o| o.kind == "ReplicaSet")?;
            let rs = self.store.replicasets.get(&owner.name)?;
            rs.metadata.owner_references.iter().find(|o| o.kind == "Deployment").map(|o| o.name.clone())
        };
        let cpu_request = |pod: &Pod| {
            pod.spec
                .containers
                .iter()
                .map(|c| c.cpu_request_millis())
                .sum::<Option<i64>>()
                .filter(|r| *r > 0)
                .map(|r| r as f64)
        };
        // Pods come in name order, so a Deployment's pods mostly come together: totals are
        // summed for a run of pods and added to the Deployment when the run ends.
        let mut totals: Vec<(String, PodTotals)> = Vec::new();
        let pods = self.store.pods().iter().map(|(n, p)| (n.as_str(), p));
        let mut untracked: Vec<&Pod> = Vec::new();
        walk_or_skip(
            &mut series.pods,
            pods,
            MAX_PODS,
            now,
            |_, pod| PodSeries::new(deployment_of(pod), cpu_request(pod)),
            |s, pod| {
                let restarts = pod_restarts(pod);
                let usage = self.pod_cpu_usage_millis(&pod.metadata.name);
                s.restarts.push(now, restarts);
                match usage {
                    Some(usage) => {
                        s.cpu_millis.push(now, usage);
                        if let Some(request) = s.cpu_request_millis {
                            s.cpu_utilization.push(now, usage / request * 100.0);
                        }
                    }
                    // A pod whose usage was known and no longer is (not running): a gap.
                    None if !s.cpu_millis.is_empty() => {
                        s.cpu_millis.push_gap(now);
                        s.cpu_utilization.push_gap(now);
                    }
                    None => {}
                }
                if let Some(deployment) = &s.deployment {
                    add_totals(&mut totals, deployment, restarts, usage, s.cpu_request_millis);
                }
            },
            |pod| untracked.push(pod),
        );
        for pod in untracked {
            if let Some(deployment) = deployment_of(pod) {
                add_totals(
                    &mut totals,
                    &deployment,
                    pod_restarts(pod),
                    self.pod_cpu_usage_millis(&pod.metadata.name),
                    cpu_request(pod),
                );
            }
        }
        totals.sort_small_by(|a, b| a.0.cmp(&b.0));
        let mut totals = totals.into_iter().peekable();
        for (name, s) in series.deployments.iter_mut().filter(|(_, s)| s.seen == now) {
            while totals.next_if(|(d, _)| d < name).is_some() {}
            let mut sum = PodTotals::default();
            while let Some((_, t)) = totals.next_if(|(d, _)| d == name) {
                sum.restarts += t.restarts;
                sum.usage_millis += t.usage_millis;
                sum.request_millis += t.request_millis;
            }
            s.restarts.push(now, sum.restarts);
            if sum.request_millis > 0.0 {
                s.cpu_utilization.push(now, sum.usage_millis / sum.request_millis * 100.0);
            } else if !s.cpu_utilization.is_empty() {
                s.cpu_utilization.push_gap(now);
            }
        }
    }
}

fn pod_restarts(pod: &Pod) -> f64 {
    pod.status.as_ref().map_or(0, |s| s.container_statuses.iter().map(|c| c.restart_count).sum::<i64>()) as f64
}

fn add_totals(
    totals: &mut Vec<(String, PodTotals)>,
    deployment: &str,
    restarts: f64,
    usage: Option<f64>,
    request: Option<f64>,
) {
    if totals.last().is_none_or(|(d, _)| d != deployment) {
        totals.push((deployment.to_string(), PodTotals::default()));
    }
    if let Some((_, t)) = totals.last_mut() {
        t.restarts += restarts;
        if let (Some(usage), Some(request)) = (usage, request) {
            t.usage_millis += usage;
            t.request_millis += request;
        }
    }
}

/// Calls `sample` with the series entry of every object in `objects` (name order), creating
/// entries for new objects while there is room (see `slot`). The entries and the objects are
/// both sorted by name, so one merged pass finds them without lookups.
fn walk<'a, T: Seen, X>(
    map: &mut BTreeMap<String, Box<T>>,
    objects: impl Iterator<Item = (&'a str, X)>,
    cap: usize,
    now: SimTime,
    new: impl FnMut(&str, &X) -> T,
    sample: impl FnMut(&mut T, X),
) {
    walk_or_skip(map, objects, cap, now, new, sample, |_| {});
}

fn walk_or_skip<'a, T: Seen, X>(
    map: &mut BTreeMap<String, Box<T>>,
    objects: impl Iterator<Item = (&'a str, X)>,
    cap: usize,
    now: SimTime,
    mut new: impl FnMut(&str, &X) -> T,
    mut sample: impl FnMut(&mut T, X),
    mut skipped: impl FnMut(X),
) {
    // At most `cap` new objects can get an entry, so on a large cluster the rest are
    // skipped at once rather than collected.
    let mut missing: Vec<(&'a str, X)> = Vec::new();
    let mut entries = map.iter_mut().peekable();
    for (name, object) in objects {
        // Usually the next entry is this object's: one comparison.
        let mut hit = entries.peek().is_some_and(|(k, _)| k.as_str() == name);
        if !hit {
            while entries.next_if(|(k, _)| k.as_str() < name).is_some() {}
            hit = entries.peek().is_some_and(|(k, _)| k.as_str() == name);
        }
        match entries.next_if(|_| hit) {
            Some((_, entry)) => {
                entry.set_seen(now);
                sample(&mut **entry, object);
            }
            None if missing.len() < cap => missing.push((name, object)),
            None => skipped(object),
        }
    }
    if missing.is_empty() {
        return;
    }
    // Entries whose object is gone make room, the longest gone first.
    let mut gone: Vec<(SimTime, String)> =
        map.iter().filter(|(_, v)| v.seen() < now).map(|(k, v)| (v.seen(), k.clone())).collect();
    gone.sort_small();
    gone.reverse();
    for (name, object) in missing {
        if map.len() >= cap {
            match gone.pop() {
                Some((_, key)) => {
                    map.remove(&key);
                }
                None => {
                    skipped(object);
                    continue;
                }
            }
        }
        let mut entry = new(name, &object);
        entry.set_seen(now);
        sample(&mut entry, object);
        map.insert(name.to_string(), Box::new(entry));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: u64) -> SimTime {
        SimTime::from_secs(s)
    }

    fn check(track: &Track, expected: &[(u64, f64)]) {
        let actual: Vec<(u64, f64)> = track.points().map(|(at, v)| (at.0 / 1000, v)).collect();
        assert_eq!(actual, expected);
    }

    #[test]
    fn one_point_per_sample_until_full() {
        let mut track = Track::new(Reduce::Extreme);
        for s in 0..5 {
            track.push(t(s), s as f64);
        }
        check(&track, &[(0, 0.0), (1, 1.0), (2, 2.0), (3, 3.0), (4, 4.0)]);
        assert_eq!(track.value_at(SimTime(2500)), Some(2.0));
        assert_eq!(track.value_at(SimTime(9000)), Some(4.0));
        assert_eq!(track.last(), Some((t(4), 4.0)));
    }

    #[test]
    fn compaction_keeps_history_and_doubles_stride() {
        let mut track = Track::new(Reduce::Mean);
        for s in 0..TRACK_CAPACITY as u64 + 1 {
            track.push(t(s), (s % 2) as f64);
        }
        assert_eq!(track.stride(), SimDuration::from_secs(2));
        assert_eq!(track.len(), TRACK_CAPACITY / 2 + 1);
        assert_eq!(track.first(), Some((t(0), 0.5)));
        // New samples now fold two by two into one point.
        track.push(t(3601), 1.0);
        track.push(t(3602), 0.0);
        let tail: Vec<(SimTime, f64)> = track.points().rev().take(2).collect();
        assert_eq!(tail, vec![(t(3602), 0.0), (t(3600), 0.5)]);
    }

    #[test]
    fn extreme_reduce_keeps_a_short_dip() {
        let mut track = Track::with_stride(Reduce::Extreme, SimDuration::from_secs(4));
        for (s, v) in [(0, 3.0), (1, 3.0), (2, 3.0), (3, 3.0), (4, 3.0), (5, 2.0), (6, 3.0), (7, 3.0), (8, 3.0)] {
            track.push(t(s), v);
        }
        // Before any downsampling a change keeps its exact time...
        check(&track, &[(0, 3.0), (4, 3.0), (5, 2.0), (6, 3.0)]);
        // ...after it, samples fold by stride and a short dip survives as the extreme value.
        let mut track = Track::with_stride(Reduce::Extreme, SimDuration::from_secs(4));
        track.compacted = true;
        for (s, v) in [(0, 3.0), (1, 3.0), (2, 3.0), (3, 3.0), (4, 3.0), (5, 2.0), (6, 3.0), (7, 3.0), (8, 3.0)] {
            track.push(t(s), v);
        }
        check(&track, &[(0, 3.0), (4, 2.0), (8, 3.0)]);
    }

    #[test]
    fn a_steady_value_costs_two_points() {
        let mut track = Track::new(Reduce::Extreme);
        for s in 0..86_400 {
            track.push(t(s), if s == 50_000 { 0.0 } else { 1.0 });
        }
        // The one-second dip in hour 14 is kept exactly, with the ends of the flat runs.
        check(&track, &[(0, 1.0), (49_999, 1.0), (50_000, 0.0), (50_001, 1.0), (86_398, 1.0), (86_399, 1.0)]);
        assert_eq!(track.value_at(t(50_000)), Some(0.0));
        assert_eq!(track.value_at(t(60_000)), Some(1.0));
    }

    #[test]
    fn gaps_are_kept_once_and_read_as_none() {
        let mut track = Track::new(Reduce::Mean);
        track.push(t(0), 5.0);
        track.push_gap(t(1));
        track.push_gap(t(2));
        track.push_gap(t(3));
        track.push(t(4), 6.0);
        let points: Vec<String> = track.points().map(|(at, v)| format!("{}:{v}", at.0 / 1000)).collect();
        assert_eq!(points, ["0:5", "1:NaN", "3:NaN", "4:6"]);
        assert_eq!(track.value_at(t(2)), None);
        assert_eq!(track.value_at(t(4)), Some(6.0));
        assert_eq!(track.max_value(), Some(6.0));
    }

    #[test]
    fn bounded_after_a_day_of_changing_samples() {
        let mut track = Track::new(Reduce::Extreme);
        for s in 0..86_400 {
            track.push(t(s), (s % 3) as f64);
        }
        assert!(track.len() <= TRACK_CAPACITY);
        assert_eq!(track.stride(), SimDuration::from_secs(32));
        assert!(track.heap_bytes() <= 4096 * 16, "{}", track.heap_bytes());
    }

    #[test]
    fn memory_is_flat_once_tracks_are_full() {
        let mut series = Series::default();
        let mut footprints = Vec::new();
        for s in 0..86_400u64 {
            for pod in 0..10 {
                series.record(&format!("pod/p{pod}/cpu_millis"), t(s), ((s * 7 + pod) % 13) as f64).unwrap();
            }
            if s == 3 * 3600 || s == 12 * 3600 || s == 86_399 {
                footprints.push(series.footprint());
            }
        }
        assert_eq!(footprints[0].1, footprints[2].1, "bytes at 3 h and 24 h");
        assert_eq!(footprints[1].1, footprints[2].1, "bytes at 12 h and 24 h");
        assert!(footprints[2].0 <= 10 * TRACK_CAPACITY);
    }

    #[test]
    fn record_and_track_paths() {
        let mut series = Series::default();
        series.record("deployment/web/ready", t(0), 3.0).unwrap();
        series.record("pod/web-1@web/restarts", t(0), 1.0).unwrap();
        assert_eq!(series.track("deployment/web/ready").and_then(|t| t.last()), Some((t(0), 3.0)));
        assert_eq!(series.pod("web-1").and_then(|p| p.deployment.clone()), Some("web".to_string()));
        assert_eq!(
            series.record("deployment/web/bogus", t(0), 1.0),
            Err("unknown series path \"deployment/web/bogus\" (expected KIND/NAME/FIELD)".into())
        );
        assert!(series.track("node/x/ready").is_none());
        assert_eq!(series.paths().len(), 9);
    }

    #[test]
    fn walk_makes_room_by_dropping_the_longest_gone() {
        let mut map: BTreeMap<String, Box<NodeSeries>> = BTreeMap::new();
        let sample = |s: &mut NodeSeries, v: f64| s.ready.push(t(9), v);
        for (name, seen) in [("a", 5), ("b", 3), ("c", 9)] {
            walk(&mut map, [(name, 1.0)].into_iter(), 3, t(seen), |_, _| NodeSeries::new(), sample);
        }
        // "d" is new and the map is full: "b", gone longest, makes room.
        walk(&mut map, [("c", 1.0), ("d", 1.0)].into_iter(), 3, t(9), |_, _| NodeSeries::new(), sample);
        assert_eq!(map.keys().cloned().collect::<Vec<_>>(), vec!["a", "c", "d"]);
        // Everything present now: no room for "e".
        let mut skipped = Vec::new();
        walk_or_skip(
            &mut map,
            [("a", 1.0), ("c", 1.0), ("d", 1.0), ("e", 2.0)].into_iter(),
            3,
            t(10),
            |_, _| NodeSeries::new(),
            sample,
            |v| skipped.push(v),
        );
        assert_eq!(skipped, vec![2.0]);
        assert_eq!(map.len(), 3);
    }

    #[test]
    fn markers_are_deduplicated_and_bounded() {
        let mut series = Series::default();
        let marker = |s: u64, label: &str| Marker {
            at: t(s),
            kind: MarkerKind::Eviction,
            subject: "node-2".into(),
            label: label.into(),
            since: None,
        };
        series.add_marker(marker(1, "a"));
        series.add_marker(marker(1, "a"));
        series.add_marker(marker(1, "b"));
        assert_eq!(series.markers().len(), 2);
        for s in 0..2 * MARKER_CAPACITY as u64 {
            series.add_marker(marker(s + 2, "x"));
        }
        assert_eq!(series.markers().len(), MARKER_CAPACITY);
    }
}
