//! Traffic through Services. Load generators (`load`) send requests every 250 ms tick; each
//! request goes to an endpoint chosen uniformly at random (kube-proxy's iptables mode) among
//! the ready endpoints kube-proxy has programmed, which lag the EndpointSlice by ~1 s; the
//! application model (`model`) turns what each pod receives into CPU, latency and failures.
//! `docs/traffic.md` describes the model for lesson authors.
//!
//! Models pkg/proxy/iptables (random endpoint per connection, minSyncPeriod 1 s), simplified
//! to one Service port (the first) and no session affinity.

pub mod load;
pub mod model;

use crate::api::{EndpointSlice, IntOrString, Service};
use crate::engine::apps;
use crate::engine::kubelet::CState;
use crate::engine::rng::SimRng;
use crate::engine::time::{SimDuration, SimTime};
use crate::engine::{Cluster, Ev};
use load::{Generator, LoadKind, Outcome};
use model::{TickWork, NETWORK_MS, QUEUE_TIMEOUT_S};
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

/// Traffic tick. A quarter second resolves kube-proxy's ~1 s lag (a crash costs ~1 s of
/// failures, not 1-2 s), short ab bursts and sub-second curl periods, and still lets the
/// per-second statistics sum four ticks. Requests are counted, never scheduled one by one.
pub const TICK: SimDuration = SimDuration::from_millis(250);
/// kube-proxy applies an EndpointSlice change this long after it sees it (minSyncPeriod).
pub const PROXY_LAG: SimDuration = SimDuration::from_secs(1);
/// Finished generators kept for `load status`.
const MAX_FINISHED: usize = 16;

/// Traffic one Service saw during one second of cluster time.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServiceStats {
    pub ok_per_sec: f64,
    pub failed_per_sec: f64,
    pub latency_p50_ms: f64,
    pub latency_p95_ms: f64,
    pub latency_p99_ms: f64,
}

/// One load generator as the UI's load panel shows it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LoadStatus {
    pub service: String,
    /// `steady`, `ab` or `curl`.
    pub kind: String,
    pub running: bool,
    pub sent: u64,
    pub ok: u64,
    pub failed: u64,
    pub mean_latency_ms: f64,
    /// Progress while running; the final summary (ApacheBench's report for ab) after.
    pub summary: String,
}

/// Traffic state of the cluster: generators, kube-proxy's endpoint views, per-pod queues.
#[derive(Clone, Debug)]
pub struct TrafficState {
    /// Per-request endpoint choices; a stream of its own so that load does not change the
    /// names of pods created later.
    rng: SimRng,
    /// Running generators, in start order.
    generators: Vec<Generator>,
    /// Stopped or completed generators, newest last (bounded).
    finished: VecDeque<Generator>,
    services: BTreeMap<String, ServiceTraffic>,
    pods: BTreeMap<Rc<str>, PodLoad>,
    tick_scheduled: bool,
    /// Ticks run so far (marks which pods a tick resolved).
    ticks: u64,
    /// Scratch: requests per endpoint for one generator.
    counts: Vec<u64>,
    /// Scratch: wanted CPU per node index.
    node_wants: Vec<f64>,
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
    exists: bool,
    port: i64,
    target: TargetPort,
    /// Endpoints (pod names) kube-proxy sends to.
    programmed: Vec<Rc<str>>,
    /// The slice's endpoints as last seen, and versions waiting for kube-proxy's sync.
    observed: Vec<Rc<str>>,
    pending: VecDeque<(SimTime, Vec<Rc<str>>)>,
    /// Whether a running generator targets it (kube-proxy is followed only then).
    active: bool,
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
    slot: usize,
    count: u64,
    /// A curl request: its send time.
    curl_at: Option<SimTime>,
    /// How many of them the pod's queue dropped.
    dropped: u64,
}

/// One pod under load: its queue and what the last resolution found.
#[derive(Clone, Debug)]
struct PodLoad {
    /// Tick that last resolved it (0: never).
    resolved_tick: u64,
    reach: Reach,
    /// Identity of the serving container (runtime instance, container index, generation):
    /// a restart empties the queue.
    key: (u64, usize, u64),
    node_idx: usize,
    node_cap: f64,
    /// CPU limit, or one core for interpreters, or unbounded [millicores].
    ceiling: f64,
    idle: f64,
    cost: f64,
    /// CPU the requests got last tick [millicores].
    cap: f64,
    want: f64,
    backlog: f64,
    /// Whether the container's CPU rate is above idle (must be reset when load ends).
    busy: bool,
    /// Latency last tick, queue wait included [ms] (0: not served yet).
    latency_ms: f64,
    arrivals: Vec<Arrival>,
    target: TargetPort,
}

impl TrafficState {
    pub fn new(seed: u64) -> TrafficState {
        TrafficState {
            rng: SimRng::new(seed ^ 0x7472_6166_6669_6321),
            generators: Vec::new(),
            finished: VecDeque::new(),
            services: BTreeMap::new(),
            pods: BTreeMap::new(),
            tick_scheduled: false,
            ticks: 0,
            counts: Vec::new(),
            node_wants: Vec::new(),
        }
    }

    fn finish(&mut self, generator: Generator) {
        if self.finished.len() >= MAX_FINISHED {
            self.finished.pop_front();
        }
        self.finished.push_back(generator);
    }

    /// Whether anything still needs ticks: load, queued requests, CPU above idle.
    fn needs_ticks(&self) -> bool {
        !self.generators.is_empty() || self.pods.values().any(|p| p.busy || p.backlog > 0.0)
    }
}

impl ServiceTraffic {
    fn new(now: SimTime) -> ServiceTraffic {
        ServiceTraffic {
            exists: false,
            port: 80,
            target: TargetPort::Number(80),
            programmed: Vec::new(),
            observed: Vec::new(),
            pending: VecDeque::new(),
            active: false,
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
    }

    /// Closes the second ending at `end` (a whole second).
    fn close_second(&mut self, end: SimTime) {
        let secs = end.since(self.second_start).as_secs_f64().max(1.0);
        self.samples.sort_by(|a, b| a.0.total_cmp(&b.0));
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

    /// Follows the slice: a change seen now is programmed `PROXY_LAG` later.
    fn sync_proxy(&mut self, slice: Option<&EndpointSlice>, now: SimTime) {
        if !same_endpoints(slice, &self.observed) {
            self.observed = proxied_endpoints(slice);
            self.pending.push_back((now, self.observed.clone()));
        }
        while self.pending.front().is_some_and(|(seen, _)| *seen + PROXY_LAG <= now) {
            if let Some((_, endpoints)) = self.pending.pop_front() {
                self.programmed = endpoints;
            }
        }
    }

    /// kube-proxy was in sync all along: program the slice as it is.
    fn sync_now(&mut self, slice: Option<&EndpointSlice>) {
        self.observed = proxied_endpoints(slice);
        self.programmed = self.observed.clone();
        self.pending.clear();
    }

    fn read_service(&mut self, service: Option<&Service>) {
        self.exists = service.is_some();
        let Some(port) = service.and_then(|s| s.spec.ports.first()) else { return };
        self.port = port.port;
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
fn proxy_filter(slice: &EndpointSlice) -> impl Fn(&&crate::api::Endpoint) -> bool {
    let any_ready = slice.endpoints.iter().any(|e| e.conditions.ready);
    move |e: &&crate::api::Endpoint| {
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
    slice.endpoints.iter().filter(keep).filter_map(|e| e.target_ref.as_ref().map(|r| Rc::from(r.name.as_str()))).collect()
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
    pub fn load_start(&mut self, service: &str, rps: u32) -> Result<String, String> {
        self.add_generator(service, LoadKind::Steady { rps })
    }

    /// `load ab -c C -n N SERVICE`: an ApacheBench run.
    pub fn load_ab(&mut self, service: &str, concurrency: u32, requests: u64) -> Result<String, String> {
        self.add_generator(service, LoadKind::Ab { concurrency: concurrency.max(1), total: requests.max(1) })
    }

    /// `load curl SERVICE --every D`: one request, a pause of D, the next.
    pub fn load_curl(&mut self, service: &str, every: SimDuration) -> Result<String, String> {
        self.add_generator(service, LoadKind::Curl { every: every.max(SimDuration::from_millis(10)) })
    }

    /// `load stop [SERVICE]`: stops the load on one Service (or all) and returns the summaries.
    pub fn load_stop(&mut self, service: Option<&str>) -> Result<String, String> {
        let now = self.now();
        let (stop, keep): (Vec<Generator>, Vec<Generator>) =
            std::mem::take(&mut self.traffic.generators).into_iter().partition(|g| service.is_none_or(|s| g.service == s));
        self.traffic.generators = keep;
        if stop.is_empty() {
            return Err(match service {
                Some(s) => format!("error: no load is running on service/{s}"),
                None => "error: no load is running".to_string(),
            });
        }
        let mut out = Vec::new();
        for mut generator in stop {
            generator.running = false;
            generator.finished_ms = Some(now.as_millis() as f64);
            out.push(generator.summary(now));
            self.traffic.finish(generator);
        }
        Ok(out.join("\n"))
    }

    fn add_generator(&mut self, service: &str, kind: LoadKind) -> Result<String, String> {
        let now = self.now();
        let Some(svc) = self.store.services.get(service) else {
            return Err(format!("Error from server (NotFound): services \"{service}\" not found"));
        };
        let port = svc.spec.ports.first().map(|p| p.port).unwrap_or(80);
        let slice = self.store.endpointslices.get(service);
        let traffic = &mut self.traffic;
        let entry = traffic.services.entry(service.to_string()).or_insert_with(|| ServiceTraffic::new(now));
        if !entry.active {
            entry.sync_now(slice);
            entry.second_start = entry.second_start.max(second_floor(now));
        }
        entry.active = true;
        // A second generator of the same kind on the same Service replaces the first.
        if let Some(pos) = traffic.generators.iter().position(|g| g.service == service && g.kind.name() == kind.name()) {
            let mut old = traffic.generators.remove(pos);
            old.running = false;
            old.finished_ms = Some(now.as_millis() as f64);
            traffic.finish(old);
        }
        let generator = Generator::new(service, kind, port, now);
        let line = generator.start_line();
        traffic.generators.push(generator);
        self.ensure_traffic_tick();
        Ok(line)
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
        let entry = self.traffic.services.get(service)?;
        let current = second_floor(self.now());
        match &entry.last {
            Some((end, stats)) if end.as_millis() + 1000 >= current.as_millis() => Some(stats.clone()),
            _ => Some(ServiceStats::default()),
        }
    }

    /// The engine's true CPU usage of a pod right now [millicores] (for charts; the HPA must
    /// use `pod_metrics`). None when no container of it runs.
    pub fn pod_cpu_usage_millis(&self, pod: &str) -> Option<f64> {
        let rt = self.runtimes.get(pod)?;
        let mut running = false;
        let mut total = 0.0;
        for c in &rt.containers {
            if matches!(c.state, CState::Running { .. }) {
                running = true;
                total += c.app.cpu_rate;
            }
        }
        running.then_some(total)
    }

    /// The load generators, running ones first (in start order), then the last finished ones
    /// (newest first), for `load status` and the UI's load panel.
    pub fn load_status(&self) -> Vec<LoadStatus> {
        let now = self.now();
        let status = |g: &Generator| LoadStatus {
            service: g.service.clone(),
            kind: g.kind.name().to_string(),
            running: g.running,
            sent: g.sent,
            ok: g.ok,
            failed: g.failed,
            mean_latency_ms: g.mean_latency_ms(),
            summary: g.summary(now),
        };
        self.traffic.generators.iter().map(status).chain(self.traffic.finished.iter().rev().map(status)).collect()
    }

    /// Curl answers (time sent, line) of `load curl` generators, oldest first: of one Service,
    /// or of all. The running generator's lines come after a finished one's.
    pub fn load_lines(&self, service: Option<&str>) -> Vec<(SimTime, String)> {
        let mut lines: Vec<(SimTime, String)> = self
            .traffic
            .finished
            .iter()
            .chain(self.traffic.generators.iter())
            .filter(|g| matches!(g.kind, LoadKind::Curl { .. }) && service.is_none_or(|s| g.service == s))
            .flat_map(|g| g.lines.iter().cloned())
            .collect();
        lines.sort_by_key(|(at, _)| *at);
        lines
    }

    // ---------------------------------------------------------------- the tick

    /// One traffic tick: kube-proxy follows the slices, generators send, pods answer.
    pub(crate) fn traffic_tick(&mut self) {
        let mut traffic = std::mem::take(&mut self.traffic);
        traffic.tick_scheduled = false;
        traffic.ticks += 1;
        let now = self.now();
        self.follow_services(&mut traffic, now);
        self.send_requests(&mut traffic, now);
        self.serve_requests(&mut traffic, now);
        self.finish_tick(&mut traffic, now);
        let again = traffic.needs_ticks() || now.as_millis() % 1000 != 0;
        self.traffic = traffic;
        if again {
            self.ensure_traffic_tick();
        }
    }

    /// kube-proxy: each Service with load follows its slice; its endpoints are resolved to
    /// what their pods would do with a request now.
    fn follow_services(&self, traffic: &mut TrafficState, now: SimTime) {
        for st in traffic.services.values_mut() {
            st.active = false;
        }
        for g in &traffic.generators {
            if let Some(st) = traffic.services.get_mut(&g.service) {
                st.active = true;
            }
        }
        let tick = traffic.ticks;
        for (name, st) in traffic.services.iter_mut() {
            if !st.active {
                continue;
            }
            st.read_service(self.store.services.get(name));
            st.sync_proxy(self.store.endpointslices.get(name), now);
            for pod in &st.programmed {
                let load = match traffic.pods.get_mut(pod) {
                    Some(load) => load,
                    None => traffic.pods.entry(pod.clone()).or_insert_with(|| PodLoad::new(st.target.clone())),
                };
                if load.resolved_tick != tick {
                    if load.target != st.target {
                        load.target = st.target.clone();
                    }
                    self.resolve_pod(pod, load, now);
                    load.resolved_tick = tick;
                }
            }
        }
        // Pods no longer programmed but still busy finish their queue.
        for (pod, load) in traffic.pods.iter_mut() {
            if load.resolved_tick != tick && (load.busy || load.backlog > 0.0) {
                self.resolve_pod(pod, load, now);
                load.resolved_tick = tick;
            }
        }
    }

    /// What a request to `pod` meets now, and the pod's CPU figures.
    fn resolve_pod(&self, pod: &str, load: &mut PodLoad, now: SimTime) {
        let Some(rt) = self.runtimes.get(pod) else {
            // No containers: refused, unless the node is off (then nothing answers).
            let node_off = self
                .store
                .pod(pod)
                .and_then(|p| p.spec.node_name.as_ref())
                .and_then(|n| self.agents.get(n))
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
            load.backlog = 0.0;
            load.busy = false;
            load.idle = c.profile.idle_cpu;
            load.cost = c.profile.cpu_per_request.max(0.0);
            let limit = c.spec.cpu_limit_millis().map(|m| m as f64).unwrap_or(f64::INFINITY);
            load.ceiling = limit.min(model::max_parallel_millis(&c.profile));
            let agent = self.agents.get(&rt.node);
            load.node_idx = agent.map(|a| a.index).unwrap_or(0);
            load.node_cap = load
                .node_idx
                .checked_sub(1)
                .and_then(|i| self.config.nodes.get(i))
                .map(|n| n.cpu_millis as f64)
                .unwrap_or(4000.0);
            load.cap = (load.ceiling.min(load.node_cap) - load.idle).max(1.0);
        }
        let listening = matches!(c.state, CState::Running { .. })
            && apps::tcp_connect(&c.profile, &c.app, target, now)
            && c.profile.http != apps::HttpBehaviour::None;
        load.reach = if listening { Reach::Serve } else { Reach::Refused };
    }

    /// Every running generator sends this tick's requests to random programmed endpoints.
    fn send_requests(&self, traffic: &mut TrafficState, now: SimTime) {
        let dt = TICK.as_secs_f64();
        let TrafficState { generators, services, pods, rng, counts, .. } = traffic;
        // Open-loop generators first, so that ab's clients see the capacity left.
        let mut order: Vec<usize> = (0..generators.len()).collect();
        order.sort_by_key(|&i| matches!(generators[i].kind, LoadKind::Ab { .. }));
        for slot in order {
            let g = &mut generators[slot];
            g.tick_done = 0;
            g.tick_latency_ms = 0.0;
            let Some(st) = services.get_mut(&g.service) else { continue };
            let len = st.programmed.len();
            if let LoadKind::Curl { every } = g.kind {
                let mut at = g.next_at;
                while at <= now {
                    if !st.exists || len == 0 {
                        let outcome = if st.exists { Outcome::Refused } else { Outcome::NoHost };
                        g.count(outcome, 1, NETWORK_MS);
                        st.record(false, 1, NETWORK_MS);
                        let line = g.curl_line(outcome, NETWORK_MS, "");
                        g.push_line(at, line);
                        g.last_curl_latency_ms = NETWORK_MS;
                    } else {
                        let pick = rng.below(len as u32) as usize;
                        if let Some(load) = pods.get_mut(&st.programmed[pick]) {
                            load.arrivals.push(Arrival { slot, count: 1, curl_at: Some(at), dropped: 0 });
                        }
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
                    let rate = ab_rate(g, concurrency, &st.programmed, pods, dt);
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
            if !st.exists || len == 0 {
                let outcome = if st.exists { Outcome::Refused } else { Outcome::NoHost };
                g.count(outcome, n, NETWORK_MS);
                st.record(false, n, NETWORK_MS);
                continue;
            }
            counts.clear();
            counts.resize(len, 0);
            for _ in 0..n {
                counts[rng.below(len as u32) as usize] += 1;
            }
            for (pick, &count) in counts.iter().enumerate() {
                if count == 0 {
                    continue;
                }
                if let Some(load) = pods.get_mut(&st.programmed[pick]) {
                    load.arrivals.push(Arrival { slot, count, curl_at: None, dropped: 0 });
                }
            }
        }
    }

    /// Each pod answers what reached it: CPU, queue, latency, failures.
    fn serve_requests(&mut self, traffic: &mut TrafficState, now: SimTime) {
        let dt = TICK.as_secs_f64();
        let tick = traffic.ticks;
        let TrafficState { generators, services, pods, node_wants, .. } = traffic;
        // What each pod wants, and the node shares when a node is short of CPU.
        node_wants.clear();
        for load in pods.values_mut() {
            if load.resolved_tick != tick || load.reach != Reach::Serve {
                load.want = 0.0;
                continue;
            }
            let arrivals: u64 = load.arrivals.iter().map(|a| a.count).sum();
            let demand = (arrivals as f64 + load.backlog) * load.cost / dt;
            load.want = (load.idle + demand).min(load.ceiling);
            if node_wants.len() <= load.node_idx {
                node_wants.resize(load.node_idx + 1, 0.0);
            }
            node_wants[load.node_idx] += load.want;
        }
        for (pod, load) in pods.iter_mut() {
            let mut arrivals = std::mem::take(&mut load.arrivals);
            if load.resolved_tick == tick {
                match load.reach {
                    Reach::Refused | Reach::Timeout => {
                        for a in &arrivals {
                            let g = &mut generators[a.slot];
                            let (outcome, latency) = if load.reach == Reach::Refused {
                                (Outcome::Refused, NETWORK_MS)
                            } else {
                                (Outcome::ConnectTimeout, g.kind.dead_node_timeout_ms())
                            };
                            g.count(outcome, a.count, latency);
                            if let Some(at) = a.curl_at {
                                let line = g.curl_line(outcome, latency, "");
                                g.push_line(at, line);
                                g.last_curl_latency_ms = latency;
                            }
                            if let Some(st) = services.get_mut(&g.service) {
                                st.record(false, a.count, latency);
                            }
                        }
                        load.backlog = 0.0;
                        load.busy = false;
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
                        self.serve_pod(pod, load, &mut arrivals, generators, services, now, dt);
                    }
                }
            }
            arrivals.clear();
            load.arrivals = arrivals;
        }
    }

    /// One serving pod's tick: HTTP answers, the queue, CPU, and each generator's counts.
    #[allow(clippy::too_many_arguments)]
    fn serve_pod(
        &mut self,
        pod: &str,
        load: &mut PodLoad,
        arrivals: &mut [Arrival],
        generators: &mut [Generator],
        services: &mut BTreeMap<String, ServiceTraffic>,
        now: SimTime,
        dt: f64,
    ) {
        let total: u64 = arrivals.iter().map(|a| a.count).sum();
        let Some(c) = self.runtimes.get_mut(pod).and_then(|rt| rt.containers.get_mut(load.key.1)) else { return };
        let mut ok_left = model::http_batch(&c.profile, &mut c.app, total, now);
        let error_status = match &c.profile.http_paths {
            Some(paths) if !paths.iter().any(|p| p == "/") => 404,
            _ => 500,
        };
        let result =
            model::work_tick(TickWork { arrivals: total as f64, backlog: load.backlog, cost: load.cost, cap_millis: load.cap, dt_s: dt });
        load.backlog = result.backlog;
        load.latency_ms = result.latency_ms;
        let rate = load.idle + result.busy_millis;
        c.app.set_cpu_rate(rate, now);
        load.busy = rate != load.idle || load.backlog > 0.0;
        // Requests dropped from the queue are the latest arrivals: take them from the end.
        let mut dropped_left = result.dropped.round() as u64;
        for a in arrivals.iter_mut().rev() {
            a.dropped = dropped_left.min(a.count);
            dropped_left -= a.dropped;
        }
        let timeout_ms = QUEUE_TIMEOUT_S * 1000.0;
        for a in arrivals.iter() {
            let g = &mut generators[a.slot];
            let answered = a.count - a.dropped;
            let ok = ok_left.min(answered);
            ok_left -= ok;
            let errors = answered - ok;
            let latency = result.latency_ms + if matches!(g.kind, LoadKind::Ab { .. }) { g.ab_wait_ms } else { 0.0 };
            g.count(Outcome::Ok, ok, latency);
            g.count(Outcome::Http(error_status), errors, latency);
            g.count(Outcome::Timeout, a.dropped, timeout_ms);
            if let Some(at) = a.curl_at {
                let (outcome, latency) = if a.dropped > 0 {
                    (Outcome::Timeout, timeout_ms)
                } else if ok > 0 {
                    (Outcome::Ok, latency)
                } else {
                    (Outcome::Http(error_status), latency)
                };
                let status = if outcome == Outcome::Ok { 200 } else { error_status };
                let body = apps::response_body(&c.profile, &c.app, status);
                let line = g.curl_line(outcome, latency, &body);
                g.push_line(at, line);
                g.last_curl_latency_ms = latency;
            }
            if let Some(st) = services.get_mut(&g.service) {
                st.record(true, ok, latency);
                st.record(false, errors, latency);
                st.record(false, a.dropped, timeout_ms);
            }
        }
    }

    /// Completed ab runs report; seconds close; pods no longer under load are forgotten.
    fn finish_tick(&mut self, traffic: &mut TrafficState, now: SimTime) {
        let tick_start = now.as_millis() as f64 - TICK.as_millis() as f64;
        let mut idx = 0;
        while idx < traffic.generators.len() {
            let g = &mut traffic.generators[idx];
            if g.tick_done > 0 {
                g.ab_latency_ms = g.tick_latency_ms / g.tick_done as f64;
            }
            let done = matches!(g.kind, LoadKind::Ab { total, .. } if g.sent >= total);
            if !done {
                idx += 1;
                continue;
            }
            let mut g = traffic.generators.remove(idx);
            g.running = false;
            let finish = tick_start + g.ab_tick_fraction * TICK.as_millis() as f64 + g.ab_latency_ms;
            g.finished_ms = Some(finish.max(g.started_at.as_millis() as f64));
            let message = g.ab_event_message();
            let service = g.service.clone();
            self.record("Normal", "LoadFinished", "Service", &service, message, "kubeplay");
            traffic.finish(g);
        }
        if now.as_millis() % 1000 == 0 {
            for st in traffic.services.values_mut() {
                if now > st.second_start {
                    st.close_second(now);
                }
            }
        }
        let tick = traffic.ticks;
        traffic.pods.retain(|_, load| load.busy || load.backlog > 0.0 || load.resolved_tick == tick);
    }
}

/// How many requests per second ab's clients send this tick: `concurrency` clients each
/// waiting for its answer (closed loop), but never more than the serving pods can answer;
/// clients of a saturated Service wait at the pods instead (`ab_wait_ms`, Little's law).
fn ab_rate(g: &mut Generator, concurrency: u32, endpoints: &[Rc<str>], pods: &BTreeMap<Rc<str>, PodLoad>, dt: f64) -> f64 {
    let clients = concurrency as f64;
    if endpoints.is_empty() {
        g.ab_wait_ms = 0.0;
        return clients * 1000.0 / NETWORK_MS;
    }
    let mut latency_sum = 0.0;
    let mut serving = 0usize;
    let mut spare = 0.0;
    for pod in endpoints {
        let Some(load) = pods.get(pod) else { continue };
        match load.reach {
            Reach::Serve => {
                serving += 1;
                let estimate = if load.latency_ms > 0.0 { load.latency_ms } else { model::service_ms(load.cost, load.cap) };
                latency_sum += estimate;
                let rate = model::throughput(load.cost, load.cap);
                let queued: u64 = load.arrivals.iter().map(|a| a.count).sum();
                spare += (rate * dt - load.backlog - queued as f64).max(0.0) / dt;
            }
            Reach::Refused => latency_sum += NETWORK_MS,
            Reach::Timeout => latency_sum += g.kind.dead_node_timeout_ms(),
        }
    }
    let mean_ms = (latency_sum / endpoints.len() as f64).max(NETWORK_MS);
    let by_clients = clients * 1000.0 / mean_ms;
    // Smoothed, because the latency the clients see depends on the rate they send at.
    let paced = if g.ab_rate > 0.0 { 0.5 * (g.ab_rate + by_clients) } else { by_clients };
    let serving_share = serving as f64 / endpoints.len() as f64;
    let rate = if serving_share > 0.0 { paced.min(spare / serving_share) } else { paced };
    g.ab_rate = paced;
    g.ab_wait_ms = if rate > 0.0 { (clients * 1000.0 / rate - mean_ms).max(0.0) } else { 0.0 };
    rate.max(0.0)
}

impl PodLoad {
    fn new(target: TargetPort) -> PodLoad {
        PodLoad {
            resolved_tick: 0,
            reach: Reach::Refused,
            key: (u64::MAX, 0, 0),
            node_idx: 0,
            node_cap: 0.0,
            ceiling: f64::INFINITY,
            idle: 0.0,
            cost: 0.0,
            cap: 1.0,
            want: 0.0,
            backlog: 0.0,
            busy: false,
            latency_ms: 0.0,
            arrivals: Vec::new(),
            target,
        }
    }
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

    #[test]
    fn seconds() {
        assert_eq!(second_floor(SimTime(12_750)), SimTime(12_000));
        assert_eq!(second_floor(SimTime(12_000)), SimTime(12_000));
    }
}
