//! The application model under load, as pure functions of one pod and one traffic tick: how
//! much CPU requests want, how much the pod gets (limit, one core for interpreters, a share of
//! the node), how long requests take, how a queue builds and when requests time out.
//! `docs/traffic.md` states the same model for lesson authors.

use crate::engine::apps::{AppProfile, AppState, HttpBehaviour};
use crate::engine::time::SimTime;
use std::collections::VecDeque;

/// Round trip through the pod network and the Service's DNAT [ms].
pub const NETWORK_MS: f64 = 1.0;
/// A request waits in a pod's queue at most this long [s]; later arrivals time out. It is
/// ApacheBench's default timeout (`-s 30`), and ends an open-loop client's wait too.
pub const QUEUE_TIMEOUT_S: f64 = 30.0;
/// One core [millicores]: a single request runs on one core at most.
pub const CORE_MILLIS: f64 = 1000.0;
/// Latency multiplier at full utilisation (see `busy_factor`).
pub const MAX_BUSY_FACTOR: f64 = 10.0;

/// Most CPU the program can use at once [millicores]: interpreters with a global lock
/// (CPython, Node.js's single event loop) use one core; servers with worker processes
/// (nginx, apache, Go programs) can use every core.
pub fn max_parallel_millis(profile: &AppProfile) -> f64 {
    match profile.process_name.as_str() {
        "python3" | "python" | "node" => CORE_MILLIS,
        _ => f64::INFINITY,
    }
}

/// Time to answer one request on an otherwise idle pod [ms]: the network round trip plus the
/// request's CPU at the speed of at most one core.
pub fn service_ms(cost: f64, cap_millis: f64) -> f64 {
    NETWORK_MS + cost * 1000.0 / cap_millis.clamp(1.0, CORE_MILLIS)
}

/// How much a busy pod stretches latency: 1 when idle, rising with utilisation `u` to
/// `MAX_BUSY_FACTOR` at full use, `1 / (1 - 0.9 u^c)` with `c` the whole cores available (a
/// single-core server queues like M/M/1; a multi-core one stays fast longer).
pub fn busy_factor(u: f64, cap_millis: f64) -> f64 {
    busy_factor_cores(u, whole_cores(cap_millis))
}

/// Whole cores in `cap_millis`, 1 to 64.
fn whole_cores(cap_millis: f64) -> u32 {
    (cap_millis / CORE_MILLIS).round().clamp(1.0, 64.0) as u32
}

fn busy_factor_cores(u: f64, cores: u32) -> f64 {
    // u^cores by squaring (this runs for every pod in every tick), stopping before the
    // numbers turn subnormal: those make a multiplication a hundred times slower.
    let (mut base, mut power, mut exp) = (u.clamp(0.0, 1.0), 1.0, cores);
    while exp > 0 {
        if exp & 1 == 1 {
            power *= base;
        }
        base *= base;
        exp >>= 1;
        if base < 1e-100 || power < 1e-100 {
            power = if exp == 0 { power } else { 0.0 };
            break;
        }
    }
    1.0 / (1.0 - 0.9 * power)
}

/// Requests per second the pod can answer with `cap_millis` of CPU (infinite for free requests).
pub fn throughput(cost: f64, cap_millis: f64) -> f64 {
    if cost <= 0.0 {
        f64::INFINITY
    } else {
        cap_millis.max(1.0) / cost
    }
}

/// A pod's figures for one CPU allowance, computed once and reused while it holds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Capacity {
    /// CPU cost of one request [millicore-seconds].
    pub cost: f64,
    /// CPU the requests may use [millicores].
    pub cap_millis: f64,
    /// Tick length [s].
    pub dt_s: f64,
    /// Requests answered per tick at full use.
    per_tick: f64,
    /// Queue wait per request ahead [ms].
    ms_per_request: f64,
    /// Most requests that can wait without waiting longer than `QUEUE_TIMEOUT_S`.
    max_queue: f64,
    service_ms: f64,
    cores: u32,
}

impl Capacity {
    pub fn new(cost: f64, cap_millis: f64, dt_s: f64) -> Capacity {
        let rate = throughput(cost, cap_millis);
        Capacity {
            cost,
            cap_millis,
            dt_s,
            per_tick: rate * dt_s,
            ms_per_request: if cost > 0.0 { 1000.0 / rate } else { 0.0 },
            max_queue: rate * QUEUE_TIMEOUT_S,
            service_ms: if cost > 0.0 { service_ms(cost, cap_millis) } else { NETWORK_MS },
            cores: whole_cores(cap_millis),
        }
    }

    /// Requests per second at full use.
    pub fn throughput(&self) -> f64 {
        throughput(self.cost, self.cap_millis)
    }

    /// CPU for answering `n` requests in one tick [millicores].
    pub fn busy_millis(&self, n: u64) -> f64 {
        if self.dt_s > 0.0 {
            n as f64 * self.cost / self.dt_s
        } else {
            0.0
        }
    }
}

/// Requests from one origin (a load generator) that arrived at a pod together.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Chunk {
    pub origin: u64,
    pub count: u64,
    /// Expected wait in the queue [ms]: the requests ahead of it at arrival, at full speed.
    pub wait_ms: f64,
    /// A curl request: when it was sent.
    pub curl_at: Option<SimTime>,
}

/// A pod's first-in first-out queue of requests.
#[derive(Clone, Debug, Default)]
pub struct PodQueue {
    chunks: VecDeque<Chunk>,
    queued: u64,
    /// Fraction of a request's capacity left over while requests wait (so that 71.4 answers a
    /// second come out as 71 or 72, averaging 71.4).
    credit: f64,
    /// Queue wait of the requests arriving this tick [ms] (see `begin_tick`).
    tick_wait_ms: f64,
}

impl PodQueue {
    /// Requests waiting.
    pub fn len(&self) -> u64 {
        self.queued
    }

    pub fn is_empty(&self) -> bool {
        self.queued == 0
    }

    /// Starts a tick in which `arrivals` requests come, spread over the tick: they wait for
    /// the queue as it is on average meanwhile, `max(0, waiting + (arrivals - capacity) / 2)`.
    pub fn begin_tick(&mut self, capacity: &Capacity, arrivals: u64) {
        let mean_queue = (self.queued as f64 + (arrivals as f64 - capacity.per_tick) / 2.0).max(0.0);
        self.tick_wait_ms = if mean_queue.is_finite() { mean_queue * capacity.ms_per_request } else { 0.0 };
    }

    /// Queues `count` requests (after `begin_tick`); those that would wait longer than
    /// `QUEUE_TIMEOUT_S` are turned away (the client times out). Returns how many.
    pub fn push(&mut self, capacity: &Capacity, origin: u64, count: u64, curl_at: Option<SimTime>) -> u64 {
        let room = (capacity.max_queue.floor() - self.queued as f64).max(0.0);
        let accepted = if room >= count as f64 { count } else { room as u64 };
        if accepted > 0 {
            self.chunks.push_back(Chunk { origin, count: accepted, wait_ms: self.tick_wait_ms, curl_at });
            self.queued += accepted;
        }
        count - accepted
    }

    /// One tick of work: answers what the CPU allows, oldest first, into `answered` as (chunk
    /// part, latency [ms]). Returns the number answered and the utilisation (0..=1).
    pub fn serve(&mut self, capacity: &Capacity, answered: &mut Vec<(Chunk, f64)>) -> (u64, f64) {
        let budget = capacity.per_tick + self.credit;
        let served = if budget >= self.queued as f64 { self.queued } else { budget.max(0.0) as u64 };
        self.credit = if served < self.queued { budget - served as f64 } else { 0.0 };
        let utilisation = if capacity.per_tick.is_finite() && capacity.per_tick > 0.0 {
            (served as f64 / capacity.per_tick).min(1.0)
        } else {
            0.0
        };
        let answer_ms = capacity.service_ms * busy_factor_cores(utilisation, capacity.cores);
        let mut left = served;
        while left > 0 {
            let Some(front) = self.chunks.front_mut() else { break };
            let take = front.count.min(left);
            answered.push((Chunk { count: take, ..*front }, front.wait_ms + answer_ms));
            front.count -= take;
            left -= take;
            if front.count == 0 {
                self.chunks.pop_front();
            }
        }
        self.queued -= served - left;
        (served - left, utilisation)
    }

    /// Empties the queue (the container went away), returning what waited.
    pub fn drain(&mut self, into: &mut Vec<(Chunk, f64)>) {
        into.extend(self.chunks.drain(..).map(|c| (c, NETWORK_MS)));
        self.queued = 0;
        self.credit = 0.0;
    }
}

/// Shares a node's CPU among the pods that want more than it has, in proportion to what each
/// wants (`wants` [millicores] is scaled in place). A simplification of CFS weights.
pub fn fair_share(node_cap: f64, wants: &mut [f64]) {
    let sum: f64 = wants.iter().sum();
    if sum > node_cap && sum > 0.0 {
        let scale = node_cap.max(0.0) / sum;
        for want in wants.iter_mut() {
            *want *= scale;
        }
    }
}

/// HTTP answers to `n` requests for `/` that reach a running server: how many are 2xx (the
/// others are 500, or 404 where `/` does not exist). Counts the requests, so apps that break
/// after N requests break under load too.
pub fn http_batch(profile: &AppProfile, state: &mut AppState, n: u64, now: SimTime) -> u64 {
    let before = state.requests_served;
    state.requests_served = state.requests_served.saturating_add(n);
    if state.forced_failing {
        return 0;
    }
    if let Some(paths) = &profile.http_paths {
        if !paths.iter().any(|p| p == "/") {
            return 0;
        }
    }
    match &profile.http {
        HttpBehaviour::Healthy => n,
        HttpBehaviour::FailAfterRequests(limit) => n.min(limit.saturating_sub(before)),
        HttpBehaviour::FailAfterTime(d) => {
            if now.since(state.started_at) > *d {
                0
            } else {
                n
            }
        }
        HttpBehaviour::None => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Container;
    use crate::engine::time::SimDuration;
    use std::collections::BTreeMap;

    fn round(x: f64) -> f64 {
        (x * 100.0).round() / 100.0
    }

    fn profile(image: &str) -> AppProfile {
        let container = Container { name: "c".into(), image: image.into(), ..Default::default() };
        crate::engine::apps::profile_for(&container, &BTreeMap::new())
    }

    /// One second of a pod's queue: `arrivals` new requests on top of what waits; returns
    /// (answered, waiting, turned away, latency of the last answered [ms], utilisation).
    fn second(queue: &mut PodQueue, capacity: &Capacity, arrivals: u64) -> (u64, u64, u64, f64, f64) {
        queue.begin_tick(capacity, arrivals);
        let dropped = queue.push(capacity, 1, arrivals, None);
        let mut answered = Vec::new();
        let (served, utilisation) = queue.serve(capacity, &mut answered);
        let latency = answered.last().map(|a| round(a.1)).unwrap_or(0.0);
        (served, queue.len(), dropped, latency, round(utilisation))
    }

    #[test]
    fn idle_pod_answers_at_service_time() {
        // php-apache: 7 millicore-seconds per request on a 500m limit runs at half speed.
        assert_eq!(round(service_ms(7.0, 500.0)), 15.0);
        assert_eq!(round(service_ms(7.0, 4000.0)), 8.0);
        let capacity = Capacity::new(7.0, 500.0, 1.0);
        assert_eq!(round(capacity.throughput()), 71.43);
        assert_eq!(second(&mut PodQueue::default(), &capacity, 1), (1, 0, 0, 15.19, 0.01));
        assert_eq!(capacity.busy_millis(50), 350.0);
    }

    #[test]
    fn latency_grows_with_utilisation() {
        let capacity = Capacity::new(7.0, 500.0, 1.0);
        let light = second(&mut PodQueue::default(), &capacity, 10).3;
        let half = second(&mut PodQueue::default(), &capacity, 35).3;
        let full = second(&mut PodQueue::default(), &capacity, 71).3;
        assert!(light < half && half < full, "{light} {half} {full}");
        assert_eq!(round(busy_factor(0.0, 500.0)), 1.0);
        assert_eq!(round(busy_factor(0.5, 500.0)), 1.82);
        assert_eq!(round(busy_factor(1.0, 500.0)), 10.0);
        // Four cores stay fast at half load.
        assert_eq!(round(busy_factor(0.5, 4000.0)), 1.06);
        assert_eq!(busy_factor(1e-4, 64_000.0), 1.0);
        assert_eq!(round(busy_factor(0.99, 64_000.0)), 1.9);
    }

    #[test]
    fn overload_builds_a_queue_then_turns_requests_away() {
        // 100 req/s at 7 m·s each on 500m: 71.4 answered per second, the rest wait.
        let capacity = Capacity::new(7.0, 500.0, 1.0);
        let mut queue = PodQueue::default();
        // The wait grows by 28.6 × 14 ms a second, on top of 10 × 15 ms at full use.
        let seconds: Vec<_> = (0..3).map(|_| second(&mut queue, &capacity, 100)).collect();
        assert_eq!(seconds, vec![(71, 29, 0, 342.31, 0.99), (71, 58, 0, 748.31, 0.99), (72, 86, 0, 1162.0, 1.0)]);
        // The queue holds 30 s of work (2142 requests); later arrivals time out.
        let mut answered = 0;
        let mut dropped = 0;
        for _ in 0..100 {
            let (a, _, d, _, _) = second(&mut queue, &capacity, 100);
            answered += a;
            dropped += d;
        }
        // 10,300 sent: 7,357 answered, 2,070 still waiting, 873 timed out.
        assert_eq!((answered, dropped, queue.len()), (7143, 873, 2070));
        let mut rest = Vec::new();
        queue.drain(&mut rest);
        assert_eq!(rest.iter().map(|c| c.0.count).sum::<u64>(), 2070);
        assert!(queue.is_empty());
    }

    #[test]
    fn free_requests_never_queue() {
        let capacity = Capacity::new(0.0, 100.0, 1.0);
        assert_eq!(second(&mut PodQueue::default(), &capacity, 1000), (1000, 0, 0, NETWORK_MS, 0.0));
    }

    #[test]
    fn fair_share_scales_only_when_the_node_is_full() {
        let mut wants = vec![1000.0, 3000.0];
        fair_share(4000.0, &mut wants);
        assert_eq!(wants, vec![1000.0, 3000.0]);
        let mut wants = vec![2000.0, 6000.0];
        fair_share(4000.0, &mut wants);
        assert_eq!(wants, vec![1000.0, 3000.0]);
    }

    #[test]
    fn interpreters_use_one_core() {
        assert_eq!(max_parallel_millis(&profile("lyzhang1999/hello-world-flask:latest")), 1000.0);
        assert_eq!(max_parallel_millis(&profile("nginx")), f64::INFINITY);
    }

    #[test]
    fn http_batches_count_requests() {
        // Seed 003's app: 5 good answers, then 500s, whether from probes or load.
        let p = profile("k8s-node-demo-unhealth-image");
        let mut state = AppState::start(&p, "pod", SimTime::ZERO).unwrap();
        assert_eq!(http_batch(&p, &mut state, 3, SimTime::ZERO), 3);
        assert_eq!(http_batch(&p, &mut state, 4, SimTime::ZERO), 2);
        assert_eq!(http_batch(&p, &mut state, 4, SimTime::ZERO), 0);
        assert_eq!(state.requests_served, 11);
        let p = profile("nginx");
        let mut state = AppState::start(&p, "pod", SimTime::ZERO).unwrap();
        assert_eq!(http_batch(&p, &mut state, 10, SimTime::ZERO), 10);
        let mut p = profile("nginx");
        p.http = HttpBehaviour::FailAfterTime(SimDuration::from_secs(10));
        assert_eq!(http_batch(&p, &mut state, 10, SimTime::from_secs(10)), 10);
        assert_eq!(http_batch(&p, &mut state, 10, SimTime::from_secs(11)), 0);
    }
}
