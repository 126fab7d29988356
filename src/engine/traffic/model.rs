//! The application model under load, as pure functions of one pod and one traffic tick: how
//! much CPU requests want, how much the pod gets (limit, one core for interpreters, a share of
//! the node), how long requests take, how a queue builds and when requests time out.
//! `docs/traffic.md` states the same model for lesson authors.

use crate::engine::apps::{AppProfile, AppState, HttpBehaviour};
use crate::engine::time::SimTime;

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

/// One pod's work during one tick.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TickWork {
    /// Requests that reached the program this tick.
    pub arrivals: f64,
    /// Requests still queued from earlier ticks.
    pub backlog: f64,
    /// CPU cost of one request [millicore-seconds].
    pub cost: f64,
    /// CPU the requests may use [millicores] (limit / one core / node share, minus idle).
    pub cap_millis: f64,
    /// Tick length [s].
    pub dt_s: f64,
}

/// What the pod did with it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TickResult {
    /// Requests answered this tick.
    pub served: f64,
    /// Requests left queued.
    pub backlog: f64,
    /// Requests dropped because they would wait longer than `QUEUE_TIMEOUT_S`.
    pub dropped: f64,
    /// CPU spent on requests [millicores], on top of the idle CPU.
    pub busy_millis: f64,
    /// Fraction of the capacity in use, 0..=1.
    pub utilisation: f64,
    /// Latency of the requests answered this tick [ms], queue wait included.
    pub latency_ms: f64,
    /// The queue wait part of `latency_ms` [ms].
    pub wait_ms: f64,
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

/// One tick of a pod's FIFO queue: it answers what its CPU allows, queues the rest, and drops
/// what would wait longer than `QUEUE_TIMEOUT_S`.
pub fn work_tick(work: TickWork) -> TickResult {
    Capacity::new(work.cost, work.cap_millis, work.dt_s).tick(work.arrivals, work.backlog)
}

/// A pod's figures for one CPU allowance, computed once and reused while it holds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Capacity {
    pub cost: f64,
    pub cap_millis: f64,
    pub dt_s: f64,
    /// Requests answered per tick at full use.
    per_tick: f64,
    /// Milliseconds of queue per queued request.
    ms_per_request: f64,
    max_backlog: f64,
    service_ms: f64,
    cores: u32,
    /// CPU per answered request per second [millicores].
    millis_per_request: f64,
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
            max_backlog: rate * QUEUE_TIMEOUT_S,
            service_ms: if cost > 0.0 { service_ms(cost, cap_millis) } else { NETWORK_MS },
            cores: whole_cores(cap_millis),
            millis_per_request: if dt_s > 0.0 { cost / dt_s } else { 0.0 },
        }
    }

    /// Requests per second at full use.
    pub fn throughput(&self) -> f64 {
        throughput(self.cost, self.cap_millis)
    }

    /// See `work_tick`.
    pub fn tick(&self, arrivals: f64, backlog: f64) -> TickResult {
        let total = arrivals.max(0.0) + backlog.max(0.0);
        if self.cost <= 0.0 {
            return TickResult {
                served: total,
                backlog: 0.0,
                dropped: 0.0,
                busy_millis: 0.0,
                utilisation: 0.0,
                latency_ms: NETWORK_MS,
                wait_ms: 0.0,
            };
        }
        let served = total.min(self.per_tick);
        let mut left = total - served;
        let dropped = (left - self.max_backlog).max(0.0);
        left -= dropped;
        let utilisation = if self.per_tick > 0.0 { (served / self.per_tick).min(1.0) } else { 1.0 };
        let wait_ms = left * self.ms_per_request;
        let latency_ms = self.service_ms * busy_factor_cores(utilisation, self.cores) + wait_ms;
        TickResult {
            served,
            backlog: left,
            dropped,
            busy_millis: served * self.millis_per_request,
            utilisation,
            latency_ms,
            wait_ms,
        }
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

    fn work(arrivals: f64, backlog: f64, cost: f64, cap: f64) -> TickResult {
        work_tick(TickWork { arrivals, backlog, cost, cap_millis: cap, dt_s: 1.0 })
    }

    fn round(x: f64) -> f64 {
        (x * 100.0).round() / 100.0
    }

    fn profile(image: &str) -> AppProfile {
        let container = Container { name: "c".into(), image: image.into(), ..Default::default() };
        crate::engine::apps::profile_for(&container, &BTreeMap::new())
    }

    #[test]
    fn idle_pod_answers_at_service_time() {
        // php-apache: 7 millicore-seconds per request on a 500m limit runs at half speed.
        let r = work(1.0, 0.0, 7.0, 500.0);
        assert_eq!(r.served, 1.0);
        assert_eq!(r.backlog, 0.0);
        assert_eq!(round(r.busy_millis), 7.0);
        assert_eq!(round(service_ms(7.0, 500.0)), 15.0);
        assert_eq!(round(service_ms(7.0, 4000.0)), 8.0);
    }

    #[test]
    fn latency_grows_with_utilisation() {
        let light = work(10.0, 0.0, 7.0, 500.0);
        let half = work(35.0, 0.0, 7.0, 500.0);
        let full = work(71.0, 0.0, 7.0, 500.0);
        assert!(light.latency_ms < half.latency_ms && half.latency_ms < full.latency_ms);
        assert_eq!(round(busy_factor(0.0, 500.0)), 1.0);
        assert_eq!(round(busy_factor(0.5, 500.0)), 1.82);
        assert_eq!(round(busy_factor(1.0, 500.0)), 10.0);
        // Four cores stay fast at half load.
        assert_eq!(round(busy_factor(0.5, 4000.0)), 1.06);
        assert_eq!(busy_factor(1e-4, 64_000.0), 1.0);
        assert_eq!(round(busy_factor(0.99, 64_000.0)), 1.9);
    }

    #[test]
    fn overload_builds_a_queue_then_drops() {
        // 100 req/s at 7 m·s each on 500m: 71.4 answered per second, 28.6 queue up.
        let r = work(100.0, 0.0, 7.0, 500.0);
        assert_eq!(round(r.served), 71.43);
        assert_eq!(round(r.backlog), 28.57);
        assert_eq!(r.dropped, 0.0);
        assert_eq!(round(r.busy_millis), 500.0);
        assert_eq!(r.utilisation, 1.0);
        // 0.4 s of queue on top of 10 × 15 ms.
        assert_eq!(round(r.latency_ms), 550.0);
        assert_eq!(round(r.wait_ms), 400.0);
        // The queue holds at most 30 s of work: 2142.9 requests.
        let r = work(100.0, 2142.0, 7.0, 500.0);
        assert_eq!(round(r.backlog), 2142.86);
        assert_eq!(round(r.dropped), 27.71);
    }

    #[test]
    fn free_requests_never_queue() {
        let r = work(1000.0, 5.0, 0.0, 100.0);
        assert_eq!((r.served, r.backlog, r.busy_millis, r.latency_ms, r.wait_ms), (1005.0, 0.0, 0.0, NETWORK_MS, 0.0));
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
