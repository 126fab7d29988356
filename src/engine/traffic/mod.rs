//! Traffic through Services. Load generators (`load`) send requests every 1 s tick; each
//! request goes to an endpoint chosen uniformly at random (kube-proxy's iptables mode) among
//! the ready endpoints kube-proxy has programmed, which lag the EndpointSlice by ~1 s; the
//! application model (`model`) turns what each pod receives into CPU, latency and failures.
//! `docs/traffic.md` describes the model for lesson authors.
//!
//! Models pkg/proxy/iptables (random endpoint per connection, minSyncPeriod 1 s), simplified
//! to one Service port (the first) and no session affinity.

pub mod load;
pub mod model;

use crate::api::{Endpoint, EndpointSlice, IntOrString, Service};
use crate::engine::apps::app_log::{self, Client, LogStyle};
use crate::engine::apps::{self, HttpBehaviour};
use crate::engine::events::EventLog;
use crate::engine::kubelet::{CState, NodeAgent, PodRuntime};
use crate::engine::rng::SimRng;
use crate::engine::store::Store;
use crate::engine::time::{SimDuration, SimTime};
use crate::engine::{ApiError, BadRequest, Cluster, ClusterConfig, Ev};
use crate::sort::SmallSort;

type Runtimes = crate::engine::fxhash::FxHashMap<String, PodRuntime>;
pub use load::LoadKind;
use load::{Generator, Outcome};
use model::{Chunk, PodQueue, NETWORK_MS, QUEUE_TIMEOUT_S};
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

/// Traffic tick. One second is kube-proxy's own cadence (minSyncPeriod): a change seen at a
/// tick is programmed at the next one, 1-2 s after it happened, as the 1-3 s from a crash to
/// traffic stopping in a real cluster. It is also the resolution of the per-Service figures,
/// and keeps a loaded classroom cluster cheap. Requests are counted per tick, never scheduled
/// one by one; ab's last tick is prorated for its finish time.
pub const TICK: SimDuration = SimDuration::from_secs(1);
/// kube-proxy applies an EndpointSlice change this long after it sees it (minSyncPeriod).
pub const PROXY_LAG: SimDuration = SimDuration::from_secs(1);
/// What a request to a pod meets is re-checked at once when the Service's slice, kube-proxy's
/// endpoints or a node's power change, every tick while it does not listen yet, and at least
/// this often otherwise.
const RESOLVE_EVERY: SimDuration = SimDuration::from_secs(5);
/// Finished generators kept for `load status`.
const MAX_FINISHED: usize = 16;
/// Latency samples kept per Service per second.
const MAX_SAMPLES: usize = 4096;

/// Traffic one Service saw during one second of cluster time.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServiceStats {
    pub ok_per_sec: f64,
    pub failed_per_sec: f64,
    pub latency_p50_ms: f64,
    pub latency_p95_ms: f64,
    pub latency_p99_ms: f64,
}

/// Requests one pod received during the last completed second of cluster time (the cluster
/// view shows them on the pod, so traffic can be seen leaving a dying pod).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PodTraffic {
    pub ok_per_sec: u64,
    pub failed_per_sec: u64,
}

/// One load generator as the UI's load panel and `load status|stop` show it. The texts
/// (progress line, ApacheBench's report) are worded by `print::load_summary`.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadStatus {
    /// The Service the load goes to, or the pod for a load from inside it (`local`).
    pub service: String,
    /// `ab` typed in a pod's shell: the requests go to `127.0.0.1` in pod `service`.
    pub local: bool,
    /// `steady`, `ab` or `curl`.
    pub kind: String,
    /// What it sends: `rps`, ab's clients and total, curl's period.
    pub load: LoadKind,
    /// The Service port the requests go to.
    pub port: i64,
    pub running: bool,
    pub sent: u64,
    pub ok: u64,
    /// Failed requests of any kind (connection errors, timeouts and HTTP errors).
    pub failed: u64,
    /// HTTP errors among `failed` (ab's "Non-2xx responses").
    pub non_2xx: u64,
    pub mean_latency_ms: f64,
    /// From the start to the end, or to now while running [s].
    pub elapsed_s: f64,
}

/// Traffic state of the cluster: generators, kube-proxy's endpoint views, per-pod queues.
#[derive(Clone, Debug)]
pub struct TrafficState {
    /// Per-request endpoint choices; a stream of its own so that load does not change the
    /// names of pods created later.
    rng: SimRng,
    /// Running generators, in start order.
    generators: Vec<Generator>,
    /// Their Service (index into `services`), parallel to `generators`.
    generator_services: Vec<usize>,
    /// Stopped or completed generators, newest last (bounded).
    finished: VecDeque<Generator>,
    /// Every Service that ever had load (never removed, so indices stay valid).
    services: Vec<ServiceTraffic>,
    /// Pods that receive (or recently received) requests: a slab, with an index by name.
    pods: Vec<PodLoad>,
    pod_index: BTreeMap<String, Box<usize>>,
    free_pods: Vec<usize>,
    tick_scheduled: bool,
    ticks: u64,
    next_generator: u64,
    /// Nodes' power state at the last tick (boot generations summed, powered count).
    power_signature: (u64, usize),
    /// Scratch: requests per endpoint for one generator; wanted CPU per node index.
    counts: Vec<u64>,
    node_wants: Vec<f64>,
    /// Scratch: what a pod answered this tick.
    answered: Vec<(Chunk, f64)>,
}

impl Default for TrafficState {
    fn default() -> TrafficState {
        TrafficState::new(0)
    }
}

/// Which port of the pod a Service sends to.
#[derive(Clone, Debug, PartialEq)]
enum TargetPort {
    Number(i64),
    Named(String),
}

/// kube-proxy's view of one Service, and what the Service saw.
#[derive(Clone, Debug)]
struct ServiceTraffic {
    name: String,
    /// Requests from inside pod `name` to its own `127.0.0.1` (no Service, no kube-proxy).
    local: bool,
    exists: bool,
    target: TargetPort,
    /// Endpoints (pod names) kube-proxy sends to, and their slots in `TrafficState::pods`.
    programmed: Vec<Rc<str>>,
    slots: Vec<usize>,
    /// The slice's endpoints as last seen, and versions waiting for kube-proxy's sync.
    observed: Vec<Rc<str>>,
    /// Address and length of the slice's endpoint list when last compared, and when: the
    /// controller replaces the list on every change, so an unchanged address means unchanged
    /// endpoints (compared in full anyway every `RESOLVE_EVERY`).
    slice_seen: (usize, usize),
    slice_compared_at: SimTime,
    pending: VecDeque<(SimTime, Vec<Rc<str>>)>,
    /// Whether a running generator targets it (kube-proxy is followed only then).
    active: bool,
    /// Whether the slots must be re-resolved now (the slice or the programming changed).
    changed: bool,
    /// The second being counted: start, ok, failed, (latency, count) samples.
    second_start: SimTime,
    ok: u64,
    failed: u64,
    samples: Vec<(f64, u64)>,
    /// The last completed second: its end and its figures.
    last: Option<(SimTime, ServiceStats)>,
}

/// How a request to a pod ends before the application sees it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Reach {
    Serve,
    Refused,
    Timeout,
}

/// Requests of one generator to one pod in this tick.
#[derive(Clone, Copy, Debug)]
struct Arrival {
    generator: usize,
    count: u64,
    /// A curl request: its send time.
    curl_at: Option<SimTime>,
}

/// One pod under load: what a request meets there, its queue, the CPU the requests used.
#[derive(Clone, Debug)]
struct PodLoad {
    name: Rc<str>,
    in_use: bool,
    /// Last tick an active Service had it programmed.
    programmed_tick: u64,
    resolved_at: Option<SimTime>,
    reach: Reach,
    target: TargetPort,
    /// The serving container: (runtime instance, container index, generation). A restart
    /// empties the queue and starts a new CPU account.
    key: (u64, usize, u64),
    /// The container answers every request with 200 (no need to look at it per tick).
    plain_http: bool,
    /// The container writes a line per request to its log (see `apps::app_log`).
    access_log: bool,
    node_idx: usize,
    node_cap: f64,
    /// CPU limit, or one core for interpreters, or unbounded [millicores].
    ceiling: f64,
    idle: f64,
    cost: f64,
    /// CPU the requests may use this tick [millicores], and what follows from it.
    cap: f64,
    capacity: model::Capacity,
    want: f64,
    /// Requests waiting, and the container they wait for (a restart loses them).
    queue: PodQueue,
    queue_key: (u64, usize, u64),
    /// CPU spent on requests last tick [millicores], and not yet added to the container's
    /// counter [millicore-seconds].
    busy_millis: f64,
    busy_unflushed: f64,
    /// Latency last tick, queue wait included [ms] (0: not served yet).
    latency_ms: f64,
    arrivals: Vec<Arrival>,
    /// Requests that reached this pod in the current second: answered with success, failed
    /// (refused, timed out, turned away, lost in a restart, HTTP errors).
    second_ok: u64,
    second_failed: u64,
    /// The last completed second: (its end, ok, failed).
    last_second: Option<(SimTime, u64, u64)>,
}

impl TrafficState {
    pub fn new(seed: u64) -> TrafficState {
        TrafficState {
            rng: SimRng::new(seed ^ 0x7472_6166_6669_6321),
            generators: Vec::new(),
            generator_services: Vec::new(),
            finished: VecDeque::new(),
            services: Vec::new(),
            pods: Vec::new(),
            pod_index: BTreeMap::new(),
            free_pods: Vec::new(),
            tick_scheduled: false,
            ticks: 0,
            next_generator: 1,
            power_signature: (0, 0),
            counts: Vec::new(),
            node_wants: Vec::new(),
            answered: Vec::new(),
        }
    }

    fn finish(&mut self, generator: Generator) {
        if self.finished.len() >= MAX_FINISHED {
            self.finished.pop_front();
        }
        self.finished.push_back(generator);
    }

    fn service_index(&self, name: &str, local: bool) -> Option<usize> {
        self.services.iter().position(|s| s.name == name && s.local == local)
    }

    /// Whether anything still needs ticks: load, queued requests, CPU above idle.
    fn needs_ticks(&self) -> bool {
        !self.generators.is_empty() || self.pods.iter().any(|p| p.in_use && p.is_busy())
    }

    /// The slot of a pod, created if needed.
    fn pod_slot(&mut self, name: &Rc<str>, target: &TargetPort) -> usize {
        if let Some(slot) = self.pod_index.get(&**name) {
            return **slot;
        }
        let load = PodLoad::new(name.clone(), target.clone());
        let slot = match self.free_pods.pop() {
            Some(slot) => {
                self.pods[slot] = load;
                slot
            }
            None => {
                self.pods.push(load);
                self.pods.len() - 1
            }
        };
        self.pod_index.insert(name.to_string(), Box::new(slot));
        slot
    }

    /// Recomputes a Service's slots after its programmed endpoints changed.
    fn program(&mut self, svc: usize) {
        let names = self.services[svc].programmed.clone();
        let target = self.services[svc].target.clone();
        let slots = names.iter().map(|name| self.pod_slot(name, &target)).collect();
        self.services[svc].slots = slots;
        self.services[svc].changed = true;
    }

    /// A container of `pod` changed how it answers HTTP (`health fail|recover`): its requests
    /// must be answered by looking at the container again.
    pub(crate) fn http_changed(&mut self, pod: &str) {
        if let Some(load) = self.pod_index.get(pod).and_then(|slot| self.pods.get_mut(**slot)) {
            load.plain_http = false;
        }
    }

    fn load_of(&self, pod: &str) -> Option<&PodLoad> {
        self.pod_index.get(pod).and_then(|slot| self.pods.get(**slot)).filter(|p| p.in_use)
    }
}

impl ServiceTraffic {
    fn new(name: &str, now: SimTime) -> ServiceTraffic {
        ServiceTraffic {
            name: name.to_string(),
            local: false,
            exists: false,
            target: TargetPort::Number(80),
            programmed: Vec::new(),
            slots: Vec::new(),
            observed: Vec::new(),
            slice_seen: (0, 0),
            slice_compared_at: SimTime::ZERO,
            pending: VecDeque::new(),
            active: false,
            changed: true,
            second_start: second_floor(now),
            ok: 0,
            failed: 0,
            samples: Vec::new(),
            last: None,
        }
    }

    fn record(&mut self, ok: bool, n: u64, latency_ms: f64) {
        if n == 0 {
            return;
        }
        if ok {
            self.ok += n;
        } else {
            self.failed += n;
        }
        match self.samples.last_mut() {
            Some((latency, count)) if *latency == latency_ms => *count += n,
            _ => self.samples.push((latency_ms, n)),
        }
        if self.samples.len() >= MAX_SAMPLES {
            // Many pods: halve the samples by merging neighbours (weighted mean latency).
            sort_by_latency(&mut self.samples);
            let merged: Vec<(f64, u64)> = self
                .samples
                .chunks(2)
                .map(|pair| {
                    let count: u64 = pair.iter().map(|p| p.1).sum();
                    let sum: f64 = pair.iter().map(|p| p.0 * p.1 as f64).sum();
                    (sum / count.max(1) as f64, count)
                })
                .collect();
            self.samples = merged;
        }
    }

    /// Closes the second ending at `end` (a whole second).
    fn close_second(&mut self, end: SimTime) {
        let secs = end.since(self.second_start).as_secs_f64().max(1.0);
        sort_by_latency(&mut self.samples);
        let stats = ServiceStats {
            ok_per_sec: self.ok as f64 / secs,
            failed_per_sec: self.failed as f64 / secs,
            latency_p50_ms: percentile(&self.samples, 0.50),
            latency_p95_ms: percentile(&self.samples, 0.95),
            latency_p99_ms: percentile(&self.samples, 0.99),
        };
        self.last = Some((end, stats));
        self.second_start = end;
        self.ok = 0;
        self.failed = 0;
        self.samples.clear();
    }

    /// Follows the slice: a change seen now is programmed `PROXY_LAG` later. Returns whether
    /// the programmed endpoints changed.
    fn sync_proxy(&mut self, slice: Option<&EndpointSlice>, now: SimTime) -> bool {
        let seen = slice.map(|s| (s.endpoints.as_ptr() as usize, s.endpoints.len())).unwrap_or((0, 0));
        let compare = seen != self.slice_seen || self.slice_compared_at + RESOLVE_EVERY <= now;
        if compare {
            self.slice_seen = seen;
            self.slice_compared_at = now;
        }
        if compare && !same_endpoints(slice, &self.observed) {
            self.observed = proxied_endpoints(slice);
            self.pending.push_back((now, self.observed.clone()));
            self.changed = true;
        }
        let mut programmed = false;
        while self.pending.front().is_some_and(|(seen, _)| *seen + PROXY_LAG <= now) {
            if let Some((_, endpoints)) = self.pending.pop_front() {
                self.programmed = endpoints;
                programmed = true;
            }
        }
        programmed
    }

    /// kube-proxy was in sync all along: program the slice as it is.
    fn sync_now(&mut self, slice: Option<&EndpointSlice>) {
        self.observed = proxied_endpoints(slice);
        self.programmed = self.observed.clone();
        self.pending.clear();
    }

    /// A local target: the pod itself, on `port`, while it exists (no kube-proxy lag).
    fn follow_pod(&mut self, exists: bool, port: i64) {
        self.exists = true;
        let target = TargetPort::Number(port);
        if target != self.target {
            self.target = target;
            self.changed = true;
        }
        let programmed: Vec<Rc<str>> = if exists { vec![Rc::from(self.name.as_str())] } else { Vec::new() };
        if programmed != self.programmed {
            self.observed = programmed.clone();
            self.programmed = programmed;
            self.pending.clear();
            self.changed = true;
        }
    }

    fn read_service(&mut self, service: Option<&Service>) {
        self.exists = service.is_some();
        let Some(port) = service.and_then(|s| s.spec.ports.first()) else {
            return;
        };
        let target = match &port.target_port {
            Some(IntOrString::Int(n)) => TargetPort::Number(*n),
            Some(IntOrString::String(name)) => match name.parse::<i64>() {
                Ok(n) => TargetPort::Number(n),
                Err(_) => TargetPort::Named(name.clone()),
            },
            None => TargetPort::Number(port.port),
        };
        if target != self.target {
            self.target = target;
            self.changed = true;
        }
    }
}

/// The second `t` falls in, as its start.
fn second_floor(t: SimTime) -> SimTime {
    SimTime(t.0 / 1000 * 1000)
}

/// Weighted percentile of sorted (value, count) samples; 0 without samples.
fn percentile(samples: &[(f64, u64)], p: f64) -> f64 {
    let total: u64 = samples.iter().map(|s| s.1).sum();
    if total == 0 {
        return 0.0;
    }
    let rank = (p * total as f64).ceil().max(1.0) as u64;
    let mut seen = 0;
    for (value, count) in samples {
        seen += count;
        if seen >= rank {
            return *value;
        }
    }
    samples.last().map(|s| s.0).unwrap_or(0.0)
}

/// The endpoints kube-proxy uses: the ready ones, or, when there are none, the serving and
/// terminating ones (ProxyTerminatingEndpoints).
fn proxy_filter(slice: &EndpointSlice) -> impl Fn(&&Endpoint) -> bool {
    let any_ready = slice.endpoints.iter().any(|e| e.conditions.ready);
    move |e: &&Endpoint| {
        if any_ready {
            e.conditions.ready
        } else {
            e.conditions.serving && e.conditions.terminating
        }
    }
}

fn proxied_endpoints(slice: Option<&EndpointSlice>) -> Vec<Rc<str>> {
    let Some(slice) = slice else { return Vec::new() };
    let keep = proxy_filter(slice);
    slice
        .endpoints
        .iter()
        .filter(keep)
        .filter_map(|e| e.target_ref.as_ref().map(|r| Rc::from(r.name.as_str())))
        .collect()
}

fn same_endpoints(slice: Option<&EndpointSlice>, observed: &[Rc<str>]) -> bool {
    let Some(slice) = slice else { return observed.is_empty() };
    let keep = proxy_filter(slice);
    let mut names = slice.endpoints.iter().filter(keep).filter_map(|e| e.target_ref.as_ref().map(|r| r.name.as_str()));
    for want in observed {
        if names.next() != Some(&**want) {
            return false;
        }
    }
    names.next().is_none()
}

impl Cluster {
    // ---------------------------------------------------------------- commands

    /// `load start SERVICE --rps N`: steady open-loop load (replaces steady load already
    /// running on that Service).
    pub fn load_start(&mut self, service: &str, rps: u32) -> Result<LoadStatus, ApiError> {
        self.add_generator(service, LoadKind::Steady { rps })
    }

    /// `load ab -c C -n N SERVICE`: an ApacheBench run.
    pub fn load_ab(&mut self, service: &str, concurrency: u32, requests: u64) -> Result<LoadStatus, ApiError> {
        self.add_generator(service, LoadKind::Ab { concurrency: concurrency.max(1), total: requests.max(1) })
    }

    /// `load curl SERVICE --every D`: one request, a pause of D, the next.
    pub fn load_curl(&mut self, service: &str, every: SimDuration) -> Result<LoadStatus, ApiError> {
        self.add_generator(service, LoadKind::Curl { every: every.max(SimDuration::from_millis(10)) })
    }

    /// `load stop [SERVICE]`: stops the load on one Service (or all) and returns what each
    /// stopped generator did.
    pub fn load_stop(&mut self, service: Option<&str>) -> Result<Vec<LoadStatus>, ApiError> {
        let now = self.now();
        let traffic = &mut self.traffic;
        let mut out = Vec::new();
        let mut idx = 0;
        while idx < traffic.generators.len() {
            if service.is_some_and(|s| traffic.generators[idx].service != s) {
                idx += 1;
                continue;
            }
            let mut generator = traffic.generators.remove(idx);
            traffic.generator_services.remove(idx);
            generator.running = false;
            generator.finished_ms = Some(now.as_millis() as f64);
            out.push(generator.status(now));
            traffic.finish(generator);
        }
        if out.is_empty() {
            return Err(ApiError::BadRequest(BadRequest::NoLoadRunning { service: service.map(str::to_string) }));
        }
        Ok(out)
    }

    /// `ab` typed in a pod's shell against `http://127.0.0.1:PORT/`: the requests go to that
    /// pod's own port, without a Service.
    pub fn load_ab_local(
        &mut self,
        pod: &str,
        port: i64,
        concurrency: u32,
        requests: u64,
    ) -> Result<LoadStatus, ApiError> {
        if self.store.pod(pod).is_none() {
            return Err(ApiError::not_found("pods", pod));
        }
        let kind = LoadKind::Ab { concurrency: concurrency.max(1), total: requests.max(1) };
        self.start_generator(pod, true, port, kind)
    }

    fn add_generator(&mut self, service: &str, kind: LoadKind) -> Result<LoadStatus, ApiError> {
        let Some(svc) = self.store.services.get(service) else {
            return Err(ApiError::not_found("services", service));
        };
        let port = svc.spec.ports.first().map(|p| p.port).unwrap_or(80);
        self.start_generator(service, false, port, kind)
    }

    /// Starts a generator towards Service `target`, or towards pod `target`'s own port when
    /// `local`.
    fn start_generator(
        &mut self,
        target: &str,
        local: bool,
        port: i64,
        kind: LoadKind,
    ) -> Result<LoadStatus, ApiError> {
        let now = self.now();
        let svc = if local { None } else { self.store.services.get(target).map(|s| &**s) };
        let slice = if local { None } else { self.store.endpointslices.get(target).map(|s| &**s) };
        let pod_exists = local && self.store.pod(target).is_some();
        let traffic = &mut self.traffic;
        let idx = match traffic.service_index(target, local) {
            Some(idx) => idx,
            None => {
                let mut st = ServiceTraffic::new(target, now);
                st.local = local;
                traffic.services.push(st);
                traffic.services.len() - 1
            }
        };
        if !traffic.generator_services.contains(&idx) {
            let st = &mut traffic.services[idx];
            if local {
                st.follow_pod(pod_exists, port);
            } else {
                st.read_service(svc);
                st.sync_now(slice);
            }
            st.second_start = st.second_start.max(second_floor(now));
            traffic.program(idx);
        }
        // A second generator of the same kind on the same target replaces the first.
        if let Some(pos) = traffic
            .generators
            .iter()
            .position(|g| g.service == target && g.local == local && g.kind.name() == kind.name())
        {
            let mut old = traffic.generators.remove(pos);
            traffic.generator_services.remove(pos);
            old.running = false;
            old.finished_ms = Some(now.as_millis() as f64);
            traffic.finish(old);
        }
        let id = traffic.next_generator;
        traffic.next_generator += 1;
        let mut generator = Generator::new(id, target, kind, port, now);
        generator.local = local;
        let status = generator.status(now);
        traffic.generators.push(generator);
        traffic.generator_services.push(idx);
        self.ensure_traffic_tick();
        Ok(status)
    }

    fn ensure_traffic_tick(&mut self) {
        if self.traffic.tick_scheduled {
            return;
        }
        self.traffic.tick_scheduled = true;
        let tick = TICK.as_millis();
        let next = SimTime((self.now().as_millis() / tick + 1) * tick);
        self.schedule(next, Ev::TrafficTick);
    }

    // ---------------------------------------------------------------- views

    /// Traffic seen by a Service during the last completed second of cluster time (for
    /// charts), None if no load has ever targeted it. The figures of second (T-1, T] are
    /// there from the tick at T on; a second without traffic reads as zeros.
    pub fn service_stats(&self, service: &str) -> Option<ServiceStats> {
        let entry = self.traffic.services.iter().find(|s| s.name == service && !s.local)?;
        let current = second_floor(self.now());
        match &entry.last {
            Some((end, stats)) if end.as_millis() + 1000 >= current.as_millis() => Some(stats.clone()),
            _ => Some(ServiceStats::default()),
        }
    }

    /// Requests pod `pod` received in the last completed second of cluster time; None when no
    /// Service with load sends to it.
    pub fn pod_traffic(&self, pod: &str) -> Option<PodTraffic> {
        let load = self.traffic.load_of(pod)?;
        let current = second_floor(self.now());
        Some(match load.last_second {
            Some((end, ok, failed)) if end.as_millis() + 1000 >= current.as_millis() => {
                PodTraffic { ok_per_sec: ok, failed_per_sec: failed }
            }
            _ => PodTraffic::default(),
        })
    }

    /// The engine's true CPU usage of a pod right now [millicores] (for charts; the HPA must
    /// use `pod_metrics`): idle CPU plus what the requests of the last tick used. None when no
    /// container of it runs.
    pub fn pod_cpu_usage_millis(&self, pod: &str) -> Option<f64> {
        let rt = self.runtimes.get(pod)?;
        let load = self.traffic.load_of(pod);
        let mut running = false;
        let mut total = 0.0;
        for (idx, c) in rt.containers.iter().enumerate() {
            if matches!(c.state, CState::Running { .. }) {
                running = true;
                total += c.app.cpu_rate;
                if let Some(load) = load.filter(|l| l.key == (rt.inst, idx, c.cgen)) {
                    total += load.busy_millis;
                }
            }
        }
        running.then_some(total)
    }

    /// The load generators, running ones first (in start order), then the last finished ones
    /// (newest first), for `load status` and the UI's load panel.
    pub fn load_status(&self) -> Vec<LoadStatus> {
        let now = self.now();
        let status = |g: &Generator| g.status(now);
        self.traffic.generators.iter().map(status).chain(self.traffic.finished.iter().rev().map(status)).collect()
    }

    /// Curl answers (time sent, line) of `load curl` generators, oldest first: of one Service,
    /// or of all.
    pub fn load_lines(&self, service: Option<&str>) -> Vec<(SimTime, String)> {
        let mut lines: Vec<(SimTime, String)> = self
            .traffic
            .finished
            .iter()
            .chain(self.traffic.generators.iter())
            .filter(|g| matches!(g.kind, LoadKind::Curl { .. }) && service.is_none_or(|s| g.service == s))
            .flat_map(|g| g.lines.iter().cloned())
            .collect();
        lines.sort_small_by_key(|(at, _)| *at);
        lines
    }

    /// How many items the traffic state holds (generators and their curl lines, Services and
    /// their samples and pending programming, pods under load), for memory checks: it must
    /// not grow with cluster time.
    pub fn traffic_footprint(&self) -> usize {
        let t = &self.traffic;
        let generators: usize = t.generators.iter().chain(t.finished.iter()).map(|g| 1 + g.lines.len()).sum();
        let services: usize = t
            .services
            .iter()
            .map(|s| 1 + s.samples.len() + s.pending.len() + s.programmed.len() + s.observed.len())
            .sum();
        let pods: usize = t.pods.iter().map(|p| 1 + p.arrivals.len()).sum();
        generators + services + pods + t.pod_index.len() + t.free_pods.len()
    }

    /// Adds the CPU requests used to the containers' cumulative counters (before metrics-server
    /// reads them).
    pub(crate) fn flush_traffic_cpu(&mut self) {
        for load in self.traffic.pods.iter_mut().filter(|p| p.in_use && p.busy_unflushed > 0.0) {
            add_container_cpu(&mut self.runtimes, load);
        }
    }
}

/// What the tick reads of the rest of the cluster.
struct View<'a> {
    runtimes: &'a Runtimes,
    store: &'a Store,
    agents: &'a BTreeMap<String, Box<NodeAgent>>,
    config: &'a ClusterConfig,
}

impl Cluster {
    // ---------------------------------------------------------------- the tick

    /// One traffic tick: kube-proxy follows the slices, generators send, pods answer.
    #[inline(never)]
    pub(crate) fn traffic_tick(&mut self) {
        let now = self.now();
        let Cluster { traffic, runtimes, store, agents, config, events, .. } = self;
        traffic.tick_scheduled = false;
        traffic.ticks += 1;
        follow_services(traffic, &View { runtimes, store, agents, config }, now);
        send_requests(traffic, now);
        serve_requests(traffic, runtimes, now);
        finish_tick(traffic, runtimes, events, now);
        if traffic.needs_ticks() || now.as_millis() % 1000 != 0 {
            self.ensure_traffic_tick();
        }
    }
}

/// kube-proxy: each Service with load follows its slice; endpoints whose situation may have
/// changed are resolved again.
fn follow_services(traffic: &mut TrafficState, view: &View, now: SimTime) {
    let mut power = (0u64, 0usize);
    for agent in view.agents.values() {
        power.0 = power.0.wrapping_add(agent.boot);
        power.1 += agent.powered as usize;
    }
    let power_changed = power != traffic.power_signature;
    traffic.power_signature = power;
    for st in traffic.services.iter_mut() {
        st.active = false;
    }
    for &svc in &traffic.generator_services {
        traffic.services[svc].active = true;
    }
    let tick = traffic.ticks;
    for svc in 0..traffic.services.len() {
        if !traffic.services[svc].active {
            continue;
        }
        let st = &mut traffic.services[svc];
        if st.local {
            let (before, port) = (
                st.programmed.len(),
                match st.target {
                    TargetPort::Number(n) => n,
                    TargetPort::Named(_) => 80,
                },
            );
            st.follow_pod(view.store.pod(&st.name).is_some(), port);
            if st.programmed.len() != before {
                traffic.program(svc);
            }
        } else {
            st.read_service(view.store.services.get(&st.name).map(|s| &**s));
            if st.sync_proxy(view.store.endpointslices.get(&st.name).map(|s| &**s), now) {
                traffic.program(svc);
            }
        }
        let st = &mut traffic.services[svc];
        let force = std::mem::take(&mut st.changed) || power_changed;
        for &slot in &st.slots {
            let load = &mut traffic.pods[slot];
            load.programmed_tick = tick;
            if force || load.resolved_at.is_none_or(|at| at + RESOLVE_EVERY <= now) {
                if load.target != st.target {
                    load.target = st.target.clone();
                }
                resolve_pod(load, view, now);
            }
        }
    }
    // Pods no longer programmed but still busy finish their queue.
    for load in traffic.pods.iter_mut() {
        let busy = load.in_use && load.programmed_tick != tick && load.is_busy();
        if busy && (power_changed || load.resolved_at.is_none_or(|at| at + RESOLVE_EVERY <= now)) {
            resolve_pod(load, view, now);
        }
    }
}

/// What a request to the pod meets now, and the pod's CPU figures.
fn resolve_pod(load: &mut PodLoad, view: &View, now: SimTime) {
    load.resolved_at = Some(now);
    let Some(rt) = view.runtimes.get(&*load.name) else {
        // No containers: refused, unless the node is off (then nothing answers).
        let node_off = view
            .store
            .pod(&load.name)
            .and_then(|p| p.spec.node_name.as_ref())
            .and_then(|n| view.agents.get(n))
            .is_some_and(|a| !a.powered);
        load.reach = if node_off { Reach::Timeout } else { Reach::Refused };
        return;
    };
    let target = match &load.target {
        TargetPort::Number(n) => *n,
        TargetPort::Named(name) => rt
            .containers
            .iter()
            .flat_map(|c| c.spec.ports.iter())
            .find(|p| p.name.as_deref() == Some(name.as_str()))
            .map(|p| p.container_port)
            .unwrap_or(-1),
    };
    let Some(idx) = rt.containers.iter().position(|c| c.profile.listen_ports.contains(&target)) else {
        load.reach = Reach::Refused;
        return;
    };
    let c = &rt.containers[idx];
    let key = (rt.inst, idx, c.cgen);
    if key != load.key {
        load.key = key;
        load.busy_millis = 0.0;
        // CPU not yet counted belonged to the previous container, which is gone.
        load.busy_unflushed = 0.0;
        load.latency_ms = 0.0;
        load.idle = c.profile.idle_cpu;
        load.cost = c.profile.cpu_per_request.max(0.0);
        load.plain_http = c.profile.http == HttpBehaviour::Healthy
            && !c.app.forced_failing
            && c.profile.http_paths.as_ref().is_none_or(|paths| paths.iter().any(|p| p == "/"));
        load.access_log = LogStyle::of(&c.profile) != LogStyle::Silent;
        let limit = c.spec.cpu_limit_millis().map(|m| m as f64).unwrap_or(f64::INFINITY);
        load.ceiling = limit.min(model::max_parallel_millis(&c.profile));
        let agent = view.agents.get(&rt.node);
        load.node_idx = agent.map(|a| a.index).unwrap_or(0);
        load.node_cap = load
            .node_idx
            .checked_sub(1)
            .and_then(|i| view.config.nodes.get(i))
            .map(|n| n.cpu_millis as f64)
            .unwrap_or(4000.0);
        load.cap = (load.ceiling.min(load.node_cap) - load.idle).max(1.0);
    }
    let listening = matches!(c.state, CState::Running { .. })
        && apps::tcp_connect(&c.profile, &c.app, target, now)
        && c.profile.http != HttpBehaviour::None;
    load.reach = if listening { Reach::Serve } else { Reach::Refused };
    if !listening {
        // Not listening yet: look again next tick rather than in a second.
        load.resolved_at = None;
    }
}

/// Each pod answers what reached it: CPU, queue, latency, failures.
fn serve_requests(traffic: &mut TrafficState, runtimes: &mut Runtimes, now: SimTime) {
    let dt = TICK.as_secs_f64();
    let tick = traffic.ticks;
    let TrafficState { generators, generator_services, services, pods, node_wants, answered, .. } = traffic;
    let max_log = crate::engine::kubelet::log_budget_for(runtimes.len());
    let active = |load: &PodLoad| load.in_use && (load.programmed_tick == tick || load.is_busy());
    // What each pod wants, and the node shares when a node is short of CPU.
    node_wants.clear();
    for load in pods.iter_mut() {
        load.want = 0.0;
        if !active(load) || load.reach != Reach::Serve {
            continue;
        }
        let arrivals: u64 = load.arrivals.iter().map(|a| a.count).sum();
        let demand = (arrivals + load.queue.len()) as f64 * load.cost / dt;
        load.want = (load.idle + demand).min(load.ceiling);
        if node_wants.len() <= load.node_idx {
            node_wants.resize(load.node_idx + 1, 0.0);
        }
        node_wants[load.node_idx] += load.want;
    }
    for load in pods.iter_mut() {
        if !active(load) {
            load.arrivals.clear();
            continue;
        }
        // Requests waiting for a container that is gone or restarted are lost (reset).
        if !load.queue.is_empty() && (load.reach != Reach::Serve || load.queue_key != load.key) {
            answered.clear();
            load.queue.drain(answered);
            for (chunk, _) in answered.iter() {
                load.second_failed += chunk.count;
                if let Some(g) = generators.iter_mut().position(|g| g.id == chunk.origin) {
                    fail(
                        &mut generators[g],
                        &mut services[generator_services[g]],
                        Outcome::Refused,
                        chunk.count,
                        NETWORK_MS,
                        chunk.curl_at,
                    );
                }
            }
        }
        load.queue_key = load.key;
        let arrivals = std::mem::take(&mut load.arrivals);
        match load.reach {
            Reach::Refused | Reach::Timeout => {
                for a in &arrivals {
                    load.second_failed += a.count;
                    let g = &mut generators[a.generator];
                    let (outcome, latency) = if load.reach == Reach::Refused {
                        (Outcome::Refused, NETWORK_MS)
                    } else {
                        (Outcome::ConnectTimeout, g.kind.dead_node_timeout_ms())
                    };
                    fail(g, &mut services[generator_services[a.generator]], outcome, a.count, latency, a.curl_at);
                }
                load.busy_millis = 0.0;
                load.latency_ms = 0.0;
            }
            Reach::Serve => {
                let node_total = node_wants.get(load.node_idx).copied().unwrap_or(0.0);
                let share = if node_total > load.node_cap && node_total > 0.0 {
                    load.want * load.node_cap / node_total
                } else {
                    load.ceiling.min(load.node_cap)
                };
                load.cap = (share - load.idle).max(1.0);
                if load.cap != load.capacity.cap_millis || load.cost != load.capacity.cost {
                    load.capacity = model::Capacity::new(load.cost, load.cap, dt);
                }
                load.queue.begin_tick(&load.capacity, arrivals.iter().map(|a| a.count).sum());
                for a in &arrivals {
                    let g = &mut generators[a.generator];
                    let turned_away = load.queue.push(&load.capacity, g.id, a.count, a.curl_at);
                    load.second_failed += turned_away;
                    let timeout_ms = QUEUE_TIMEOUT_S * 1000.0;
                    fail(
                        g,
                        &mut services[generator_services[a.generator]],
                        Outcome::Timeout,
                        turned_away,
                        timeout_ms,
                        a.curl_at,
                    );
                }
                answered.clear();
                serve_pod(load, answered, runtimes, generators, generator_services, services, now, dt, max_log);
            }
        }
        let mut arrivals = arrivals;
        arrivals.clear();
        load.arrivals = arrivals;
    }
}

/// Counts `n` failed requests (and curl's line for a curl request).
fn fail(g: &mut Generator, st: &mut ServiceTraffic, outcome: Outcome, n: u64, latency: f64, curl_at: Option<SimTime>) {
    if n == 0 {
        return;
    }
    g.count(outcome, n, latency);
    st.record(false, n, latency);
    if let Some(at) = curl_at {
        let line = g.curl_line(outcome, latency, "");
        g.answer_curl(at, latency, line);
    }
}

/// One serving pod's tick: the queue answers what the CPU allows; HTTP answers, CPU, and
/// each generator's counts.
#[allow(clippy::too_many_arguments)]
fn serve_pod(
    load: &mut PodLoad,
    answered: &mut Vec<(Chunk, f64)>,
    runtimes: &mut Runtimes,
    generators: &mut [Generator],
    generator_services: &[usize],
    services: &mut [ServiceTraffic],
    now: SimTime,
    dt: f64,
    max_log: usize,
) {
    let (served, _utilisation) = load.queue.serve(&load.capacity, answered);
    load.busy_millis = load.capacity.busy_millis(served);
    load.busy_unflushed += load.busy_millis * dt;
    if answered.is_empty() {
        return;
    }
    let needs_container = !load.plain_http || load.access_log || answered.iter().any(|(c, _)| c.curl_at.is_some());
    let mut container = None;
    if needs_container {
        container = runtimes
            .get_mut(&*load.name)
            .filter(|rt| rt.inst == load.key.0)
            .and_then(|rt| rt.containers.get_mut(load.key.1));
    }
    let error_status = match container.as_ref().and_then(|c| c.profile.http_paths.as_ref()) {
        Some(paths) if !paths.iter().any(|p| p == "/") => 404,
        _ => 500,
    };
    // Requests through a Service reach the pod from its node's bridge (kube-proxy's SNAT).
    let gateway = if load.access_log { format!("10.244.{}.1", load.node_idx) } else { String::new() };
    let mut latency_sum = 0.0;
    for (chunk, latency) in answered.iter() {
        latency_sum += latency * chunk.count as f64;
        let ok = match container.as_mut() {
            Some(c) if !load.plain_http => model::http_batch(&c.profile, &mut c.app, chunk.count, now),
            Some(c) => {
                c.app.requests_served += chunk.count;
                chunk.count
            }
            None => chunk.count,
        };
        let errors = chunk.count - ok;
        let origin = generators.iter().position(|g| g.id == chunk.origin);
        if let Some(c) = container.as_mut().filter(|_| load.access_log) {
            let client = match origin.map(|idx| &generators[idx]) {
                Some(g) => Client { ip: if g.local { "127.0.0.1" } else { &gateway }, user_agent: user_agent(&g.kind) },
                None => Client { ip: &gateway, user_agent: app_log::STEADY_USER_AGENT },
            };
            // A curl request is logged when it was sent; others at the end of the tick.
            c.log_requests(client, "/", chunk.count, ok, error_status, chunk.curl_at.unwrap_or(now), max_log);
        }
        load.second_ok += ok;
        load.second_failed += errors;
        // Requests of a generator stopped meanwhile are not counted.
        let Some(idx) = origin else {
            continue;
        };
        let g = &mut generators[idx];
        let latency = latency + if matches!(g.kind, LoadKind::Ab { .. }) { g.ab_wait_ms } else { 0.0 };
        g.count(Outcome::Ok, ok, latency);
        g.count(Outcome::Http(error_status), errors, latency);
        if let Some(at) = chunk.curl_at {
            let outcome = if ok > 0 { Outcome::Ok } else { Outcome::Http(error_status) };
            let status = if ok > 0 { 200 } else { error_status };
            let body = container.as_ref().map(|c| apps::response_body(&c.profile, &c.app, status)).unwrap_or_default();
            let line = g.curl_line(outcome, latency, &body);
            g.answer_curl(at, latency, line);
        }
        let st = &mut services[generator_services[idx]];
        st.record(true, ok, latency);
        st.record(false, errors, latency);
    }
    load.latency_ms = latency_sum / served.max(1) as f64;
}

/// The `User-Agent` a generator's requests carry.
fn user_agent(kind: &LoadKind) -> &'static str {
    match kind {
        LoadKind::Steady { .. } => app_log::STEADY_USER_AGENT,
        LoadKind::Ab { .. } => app_log::AB_USER_AGENT,
        LoadKind::Curl { .. } => app_log::CURL_USER_AGENT,
    }
}

/// Completed ab runs report; seconds close; pods no longer under load are forgotten.
fn finish_tick(traffic: &mut TrafficState, runtimes: &mut Runtimes, events: &mut EventLog, now: SimTime) {
    let tick_start = now.as_millis() as f64 - TICK.as_millis() as f64;
    let mut idx = 0;
    while idx < traffic.generators.len() {
        let g = &mut traffic.generators[idx];
        if g.tick_done > 0 {
            g.ab_latency_ms = g.tick_latency_ms / g.tick_done as f64;
        }
        let done = matches!(g.kind, LoadKind::Ab { total, .. } if g.done() >= total);
        if !done {
            idx += 1;
            continue;
        }
        let mut g = traffic.generators.remove(idx);
        traffic.generator_services.remove(idx);
        g.running = false;
        let finish = tick_start + g.ab_tick_fraction * TICK.as_millis() as f64 + g.ab_latency_ms;
        g.finished_ms = Some(finish.max(g.started_at.as_millis() as f64));
        let message = g.ab_event_message();
        let service = g.service.clone();
        let kind = if g.local { "Pod" } else { "Service" };
        events.record(now, "Normal", "LoadFinished", kind, &service, None, message, "kubeplay");
        traffic.finish(g);
    }
    if now.as_millis() % 1000 == 0 {
        for st in traffic.services.iter_mut() {
            if now > st.second_start {
                st.close_second(now);
            }
        }
        for load in traffic.pods.iter_mut().filter(|load| load.in_use) {
            load.last_second = Some((now, load.second_ok, load.second_failed));
            load.second_ok = 0;
            load.second_failed = 0;
        }
    }
    // Forget pods that no active Service sends to and that are idle again.
    let tick = traffic.ticks;
    for slot in 0..traffic.pods.len() {
        let load = &mut traffic.pods[slot];
        if !load.in_use || load.programmed_tick == tick || load.is_busy() {
            continue;
        }
        add_container_cpu(runtimes, load);
        load.in_use = false;
        load.arrivals = Vec::new();
        let name = load.name.clone();
        traffic.pod_index.remove(&*name);
        traffic.free_pods.push(slot);
    }
}

/// Adds a pod's request CPU to its container's cumulative counter.
fn add_container_cpu(runtimes: &mut Runtimes, load: &mut PodLoad) {
    let used = std::mem::take(&mut load.busy_unflushed);
    if used <= 0.0 {
        return;
    }
    let (inst, idx, cgen) = load.key;
    if let Some(c) =
        runtimes.get_mut(&*load.name).filter(|rt| rt.inst == inst).and_then(|rt| rt.containers.get_mut(idx))
    {
        if c.cgen == cgen {
            c.app.add_cpu(used);
        }
    }
}

/// Every running generator sends this tick's requests to random programmed endpoints.
fn send_requests(traffic: &mut TrafficState, now: SimTime) {
    let dt = TICK.as_secs_f64();
    let TrafficState { generators, generator_services, services, pods, rng, counts, .. } = traffic;
    // Open-loop generators first, so that ab's clients see the capacity left.
    for pass in [false, true] {
        for (gen_idx, g) in generators.iter_mut().enumerate() {
            if matches!(g.kind, LoadKind::Ab { .. }) != pass {
                continue;
            }
            g.tick_done = 0;
            g.tick_latency_ms = 0.0;
            let st = &mut services[generator_services[gen_idx]];
            let len = st.slots.len();
            if let LoadKind::Curl { every } = g.kind {
                if g.done() < g.sent {
                    // Still waiting for the previous answer (it is queued at a busy pod).
                    continue;
                }
                let mut at = g.next_at;
                while at <= now {
                    g.sent += 1;
                    if !st.exists || len == 0 {
                        let outcome = if st.exists { Outcome::Refused } else { Outcome::NoHost };
                        fail(g, st, outcome, 1, NETWORK_MS, Some(at));
                    } else {
                        let slot = st.slots[rng.below(len as u32) as usize];
                        pods[slot].arrivals.push(Arrival { generator: gen_idx, count: 1, curl_at: Some(at) });
                    }
                    // The next request leaves when this one is answered, plus the pause; the
                    // answer comes later this tick, so the last answer's latency stands in.
                    let latency = SimDuration::from_millis(g.last_curl_latency_ms.round() as u64);
                    at = at + latency + every;
                }
                g.next_at = at;
                continue;
            }
            let n = match g.kind {
                LoadKind::Steady { rps } => {
                    g.carry += rps as f64 * dt;
                    let n = g.carry.floor();
                    g.carry -= n;
                    n as u64
                }
                LoadKind::Ab { concurrency, total } => {
                    let rate = ab_rate(g, concurrency, &st.slots, pods, dt);
                    g.carry += rate * dt;
                    let mut n = g.carry.floor();
                    g.carry -= n;
                    let remaining = total.saturating_sub(g.sent) as f64;
                    g.ab_tick_fraction = 1.0;
                    if n >= remaining {
                        g.ab_tick_fraction = if rate > 0.0 { (remaining / (rate * dt)).clamp(0.0, 1.0) } else { 1.0 };
                        n = remaining;
                    }
                    n as u64
                }
                LoadKind::Curl { .. } => 0,
            };
            if n == 0 {
                continue;
            }
            g.sent += n;
            if !st.exists || len == 0 {
                let outcome = if st.exists { Outcome::Refused } else { Outcome::NoHost };
                fail(g, st, outcome, n, NETWORK_MS, None);
                continue;
            }
            counts.clear();
            counts.resize(len, 0);
            for _ in 0..n {
                counts[rng.below(len as u32) as usize] += 1;
            }
            for (pick, &count) in counts.iter().enumerate() {
                if count > 0 {
                    pods[st.slots[pick]].arrivals.push(Arrival { generator: gen_idx, count, curl_at: None });
                }
            }
        }
    }
}

/// How many requests per second ab's clients send this tick: `concurrency` clients each
/// waiting for its answer (closed loop), but never more than the serving pods can answer;
/// clients of a saturated Service wait at the pods instead (`ab_wait_ms`, Little's law).
fn ab_rate(g: &mut Generator, concurrency: u32, slots: &[usize], pods: &[PodLoad], dt: f64) -> f64 {
    let clients = concurrency as f64;
    if slots.is_empty() {
        g.ab_wait_ms = 0.0;
        return clients * 1000.0 / NETWORK_MS;
    }
    let mut latency_sum = 0.0;
    let mut serving = 0usize;
    let mut spare = 0.0;
    for &slot in slots {
        let load = &pods[slot];
        match load.reach {
            Reach::Serve => {
                serving += 1;
                let estimate =
                    if load.latency_ms > 0.0 { load.latency_ms } else { model::service_ms(load.cost, load.cap) };
                latency_sum += estimate;
                let rate = model::throughput(load.cost, load.cap);
                let queued: u64 = load.arrivals.iter().map(|a| a.count).sum();
                spare += (rate * dt - (load.queue.len() + queued) as f64).max(0.0) / dt;
            }
            Reach::Refused => latency_sum += NETWORK_MS,
            Reach::Timeout => latency_sum += g.kind.dead_node_timeout_ms(),
        }
    }
    let mean_ms = (latency_sum / slots.len() as f64).max(NETWORK_MS);
    let by_clients = clients * 1000.0 / mean_ms;
    // Smoothed, because the latency the clients see depends on the rate they send at.
    let paced = if g.ab_rate > 0.0 { 0.5 * (g.ab_rate + by_clients) } else { by_clients };
    let serving_share = serving as f64 / slots.len() as f64;
    let rate = if serving_share > 0.0 { paced.min(spare / serving_share) } else { paced };
    g.ab_rate = paced;
    g.ab_wait_ms = if rate > 0.0 { (clients * 1000.0 / rate - mean_ms).max(0.0) } else { 0.0 };
    rate.max(0.0)
}

impl PodLoad {
    /// Requests wait, or the CPU rate is above idle.
    fn is_busy(&self) -> bool {
        self.busy_millis > 0.0 || !self.queue.is_empty()
    }

    fn new(name: Rc<str>, target: TargetPort) -> PodLoad {
        PodLoad {
            name,
            in_use: true,
            programmed_tick: 0,
            resolved_at: None,
            reach: Reach::Refused,
            target,
            key: (u64::MAX, 0, 0),
            plain_http: true,
            access_log: false,
            node_idx: 0,
            node_cap: 0.0,
            ceiling: f64::INFINITY,
            idle: 0.0,
            cost: 0.0,
            cap: 1.0,
            capacity: model::Capacity::new(0.0, 1.0, TICK.as_secs_f64()),
            want: 0.0,
            queue: PodQueue::default(),
            queue_key: (u64::MAX, 0, 0),
            busy_millis: 0.0,
            busy_unflushed: 0.0,
            latency_ms: 0.0,
            arrivals: Vec::new(),
            second_ok: 0,
            second_failed: 0,
            last_second: None,
        }
    }
}

/// Latency samples in increasing latency (one copy of the sort for both callers).
fn sort_by_latency(samples: &mut [(f64, u64)]) {
    samples.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_weighted() {
        let samples = vec![(1.0, 90), (10.0, 9), (100.0, 1)];
        assert_eq!(percentile(&samples, 0.5), 1.0);
        assert_eq!(percentile(&samples, 0.95), 10.0);
        assert_eq!(percentile(&samples, 0.99), 10.0);
        assert_eq!(percentile(&samples, 1.0), 100.0);
        assert_eq!(percentile(&[], 0.5), 0.0);
    }

    /// A slice of (pod, ready, serving, terminating) endpoints.
    fn slice(endpoints: &[(&str, bool, bool, bool)]) -> EndpointSlice {
        EndpointSlice {
            endpoints: endpoints
                .iter()
                .map(|&(pod, ready, serving, terminating)| Endpoint {
                    addresses: vec![format!("10.0.0.{}", pod.len())],
                    conditions: crate::api::EndpointConditions { ready, serving, terminating },
                    node_name: None,
                    target_ref: Some(crate::api::EndpointTargetRef { kind: "Pod".into(), name: pod.into() }),
                })
                .collect(),
            ..Default::default()
        }
    }

    fn names(endpoints: &[Rc<str>]) -> Vec<&str> {
        endpoints.iter().map(|e| &**e).collect()
    }

    #[test]
    fn kube_proxy_programs_changes_a_second_later() {
        let mut st = ServiceTraffic::new("web", SimTime::ZERO);
        let both = slice(&[("a", true, true, false), ("b", true, true, false)]);
        st.sync_now(Some(&both));
        assert_eq!(names(&st.programmed), ["a", "b"]);
        // `b` turns not ready; seen at 10 s, programmed from 11 s on.
        let one = slice(&[("a", true, true, false), ("b", false, false, false)]);
        assert!(!st.sync_proxy(Some(&one), SimTime::from_secs(10)));
        assert_eq!(names(&st.programmed), ["a", "b"]);
        assert!(!st.sync_proxy(Some(&one), SimTime(10_500)));
        assert!(st.sync_proxy(Some(&one), SimTime::from_secs(11)));
        assert_eq!(names(&st.programmed), ["a"]);
        // With no ready endpoint left, serving and terminating ones are used.
        let terminating = slice(&[("a", false, false, false), ("b", false, true, true)]);
        st.sync_proxy(Some(&terminating), SimTime::from_secs(20));
        assert!(st.sync_proxy(Some(&terminating), SimTime::from_secs(21)));
        assert_eq!(names(&st.programmed), ["b"]);
        st.sync_proxy(None, SimTime::from_secs(30));
        st.sync_proxy(None, SimTime::from_secs(31));
        assert!(st.programmed.is_empty());
    }

    #[test]
    fn seconds() {
        assert_eq!(second_floor(SimTime(12_750)), SimTime(12_000));
        assert_eq!(second_floor(SimTime(12_000)), SimTime(12_000));
    }
}
