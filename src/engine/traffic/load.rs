//! Load generators as the user starts them (`load start|ab|curl`): what each one sends per
//! tick, its counters, and the lines its simulated curl answers. What `load` prints about a
//! generator (start line, progress, ApacheBench's report) is worded by `print::load`.

use super::model::NETWORK_MS;
use super::LoadStatus;
use crate::engine::time::{SimDuration, SimTime};
use std::collections::VecDeque;

/// Curl lines kept per generator.
pub const MAX_CURL_LINES: usize = 200;
/// `load curl` behaves as `curl --connect-timeout 10`: a request to a dead node's pod hangs
/// this long [ms].
pub const CURL_CONNECT_TIMEOUT_MS: f64 = 10_000.0;

/// The URL requests to `service` on `port` go to (`http://web/`, `http://web:5000/`).
pub fn url(service: &str, port: i64) -> String {
    if port == 80 {
        format!("http://{service}/")
    } else {
        format!("http://{service}:{port}/")
    }
}

/// The kind of a load generator.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadKind {
    /// Open loop: `rps` requests per second whatever the answers (a traffic generator).
    Steady { rps: u32 },
    /// Closed loop: `concurrency` clients, each sending its next request when the previous one
    /// is answered, until `total` requests are done (ApacheBench).
    Ab { concurrency: u32, total: u64 },
    /// One request, then `every` of sleep, then the next (`while true; do curl ..; sleep 1; done`).
    Curl { every: SimDuration },
}

impl LoadKind {
    pub fn name(&self) -> &'static str {
        match self {
            LoadKind::Steady { .. } => "steady",
            LoadKind::Ab { .. } => "ab",
            LoadKind::Curl { .. } => "curl",
        }
    }

    /// How long a request to a pod on a powered-off node hangs before it fails [ms].
    pub fn dead_node_timeout_ms(&self) -> f64 {
        match self {
            LoadKind::Curl { .. } => CURL_CONNECT_TIMEOUT_MS,
            _ => super::model::QUEUE_TIMEOUT_S * 1000.0,
        }
    }
}

/// How one request ended, for counters and curl lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A 2xx answer.
    Ok,
    /// A 4xx/5xx answer (with this status).
    Http(u16),
    /// Connection refused: no endpoint, container down, not listening yet.
    Refused,
    /// No answer: the pod's node is powered off.
    ConnectTimeout,
    /// The pod's queue was too long: the client gave up.
    Timeout,
    /// The Service does not exist (DNS fails).
    NoHost,
}

/// One running or finished load generator.
#[derive(Clone, Debug)]
pub struct Generator {
    /// Unique per cluster: queued requests name the generator they came from.
    pub id: u64,
    /// The Service the requests go to; for a load from inside a pod (`local`), the pod.
    pub service: String,
    /// The requests go to `127.0.0.1` inside pod `service` (ab typed in its shell), not
    /// through a Service.
    pub local: bool,
    pub kind: LoadKind,
    /// The Service port the requests go to (for texts).
    pub port: i64,
    pub started_at: SimTime,
    pub running: bool,
    /// When it stopped (by `load stop`, or an `ab` run completing) [ms, fractional for ab].
    pub finished_ms: Option<f64>,
    /// Requests sent; `ok + failed` of them are answered (or failed) so far.
    pub sent: u64,
    pub ok: u64,
    /// Failed requests of any kind (connection errors, timeouts and HTTP errors).
    pub failed: u64,
    /// HTTP errors among `failed` (ab's "Non-2xx responses").
    pub non_2xx: u64,
    pub latency_sum_ms: f64,
    /// Fractional requests owed to the next tick.
    pub carry: f64,
    /// Curl: when the next request goes out.
    pub next_at: SimTime,
    /// Curl: the answers, oldest first (bounded).
    pub lines: VecDeque<(SimTime, String)>,
    /// Ab: estimated extra wait of each request at saturated pods this tick [ms].
    pub ab_wait_ms: f64,
    /// Ab: fraction of this tick the remaining requests needed (for the finish time).
    pub ab_tick_fraction: f64,
    /// Ab: mean latency seen last tick [ms].
    pub ab_latency_ms: f64,
    /// Ab: the clients' smoothed request rate [1/s].
    pub ab_rate: f64,
    /// Requests and latency sum of the current tick (ab's pace, curl's next send).
    pub tick_done: u64,
    pub tick_latency_ms: f64,
    pub last_curl_latency_ms: f64,
}

impl Generator {
    pub fn new(id: u64, service: &str, kind: LoadKind, port: i64, now: SimTime) -> Generator {
        Generator {
            id,
            service: service.to_string(),
            local: false,
            kind,
            port,
            started_at: now,
            running: true,
            finished_ms: None,
            sent: 0,
            ok: 0,
            failed: 0,
            non_2xx: 0,
            latency_sum_ms: 0.0,
            carry: 0.0,
            next_at: now,
            lines: VecDeque::new(),
            ab_wait_ms: 0.0,
            ab_tick_fraction: 1.0,
            ab_latency_ms: 0.0,
            ab_rate: 0.0,
            tick_done: 0,
            tick_latency_ms: 0.0,
            last_curl_latency_ms: 0.0,
        }
    }

    /// Counts `n` requests that ended with `outcome` after `latency_ms`.
    pub fn count(&mut self, outcome: Outcome, n: u64, latency_ms: f64) {
        if n == 0 {
            return;
        }
        match outcome {
            Outcome::Ok => self.ok += n,
            Outcome::Http(_) => {
                self.failed += n;
                self.non_2xx += n;
            }
            _ => self.failed += n,
        }
        self.latency_sum_ms += latency_ms * n as f64;
        self.tick_done += n;
        self.tick_latency_ms += latency_ms * n as f64;
    }

    /// Requests answered or failed so far.
    pub fn done(&self) -> u64 {
        self.ok + self.failed
    }

    pub fn mean_latency_ms(&self) -> f64 {
        if self.done() == 0 {
            0.0
        } else {
            self.latency_sum_ms / self.done() as f64
        }
    }

    /// Records the answer to a curl request sent at `at`: its line, and the next request
    /// leaves `every` after it came.
    pub fn answer_curl(&mut self, at: SimTime, latency_ms: f64, line: String) {
        if self.lines.len() >= MAX_CURL_LINES {
            self.lines.pop_front();
        }
        self.lines.push_back((at, line));
        self.last_curl_latency_ms = latency_ms;
        if let LoadKind::Curl { every } = self.kind {
            let answered = at + SimDuration::from_millis(latency_ms.max(0.0).round() as u64);
            self.next_at = self.next_at.max(answered + every);
        }
    }

    /// The URL the requests go to.
    pub fn url(&self) -> String {
        if self.local {
            format!("http://127.0.0.1:{}/", self.port)
        } else {
            url(&self.service, self.port)
        }
    }

    /// Time from start to the end (or to `now` while running) [s].
    pub fn elapsed_s(&self, now: SimTime) -> f64 {
        let end = self.finished_ms.unwrap_or(now.as_millis() as f64);
        ((end - self.started_at.as_millis() as f64) / 1000.0).max(0.0)
    }

    /// What the UI and `load status|stop` show of this generator (`print::load_summary` words it).
    pub fn status(&self, now: SimTime) -> LoadStatus {
        LoadStatus {
            service: self.service.clone(),
            local: self.local,
            kind: self.kind.name().to_string(),
            load: self.kind.clone(),
            port: self.port,
            running: self.running,
            sent: self.sent,
            ok: self.ok,
            failed: self.failed,
            non_2xx: self.non_2xx,
            mean_latency_ms: self.mean_latency_ms(),
            elapsed_s: self.elapsed_s(now),
        }
    }

    /// The `LoadFinished` event's message for an ab run.
    pub fn ab_event_message(&self) -> String {
        let LoadKind::Ab { concurrency, total } = self.kind else {
            return String::new();
        };
        let taken = self.elapsed_s(SimTime(self.finished_ms.unwrap_or(0.0) as u64)).max(0.001);
        let done = self.done().max(1) as f64;
        format!(
            "ab -c {concurrency} -n {total} {} finished in {taken:.3} s: {} complete, {} failed, {:.2} requests/s, {:.3} ms per request (mean)",
            self.url(),
            self.done(),
            self.failed,
            done / taken,
            concurrency as f64 * taken * 1000.0 / done
        )
    }

    /// What curl prints for one request.
    pub fn curl_line(&self, outcome: Outcome, latency_ms: f64, body: &str) -> String {
        let (service, port) = (&self.service, self.port);
        match outcome {
            Outcome::Ok | Outcome::Http(_) => body.trim_end().to_string(),
            Outcome::Refused => {
                let ms = (latency_ms - NETWORK_MS).max(0.0).round();
                format!(
                    "curl: (7) Failed to connect to {service} port {port} after {ms} ms: Couldn't connect to server"
                )
            }
            Outcome::ConnectTimeout => format!(
                "curl: (28) Failed to connect to {service} port {port} after {} ms: Timeout was reached",
                CURL_CONNECT_TIMEOUT_MS as u64
            ),
            Outcome::Timeout => {
                format!(
                    "curl: (28) Operation timed out after {} milliseconds with 0 bytes received",
                    latency_ms.round()
                )
            }
            Outcome::NoHost => format!("curl: (6) Could not resolve host: {service}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generator(kind: LoadKind) -> Generator {
        Generator::new(1, "web", kind, 80, SimTime::from_secs(10))
    }

    #[test]
    fn counters_and_summary() {
        let mut g = generator(LoadKind::Steady { rps: 10 });
        g.sent = 102;
        g.count(Outcome::Ok, 90, 3.0);
        g.count(Outcome::Http(500), 5, 3.0);
        g.count(Outcome::Refused, 5, 1.0);
        assert_eq!((g.sent, g.done(), g.ok, g.failed, g.non_2xx), (102, 100, 90, 10, 5));
        let status = g.status(SimTime::from_secs(20));
        assert_eq!((status.sent, status.ok, status.failed, status.non_2xx), (102, 90, 10, 5));
        assert_eq!((status.elapsed_s, (status.mean_latency_ms * 10.0).round()), (10.0, 29.0));
    }

    #[test]
    fn ab_event_message_reads_like_apachebench() {
        let mut g = generator(LoadKind::Ab { concurrency: 50, total: 1000 });
        g.sent = 1000;
        g.count(Outcome::Ok, 990, 50.0);
        g.count(Outcome::Refused, 10, 1.0);
        g.running = false;
        g.finished_ms = Some(12_500.0);
        assert_eq!(
            g.ab_event_message(),
            "ab -c 50 -n 1000 http://web/ finished in 2.500 s: 1000 complete, 10 failed, 400.00 requests/s, 125.000 ms per request (mean)"
        );
    }

    #[test]
    fn curl_lines() {
        let mut g = generator(LoadKind::Curl { every: SimDuration::from_secs(1) });
        g.port = 5000;
        let check =
            |outcome, latency, expected: &str| assert_eq!(g.curl_line(outcome, latency, "Hello pod-1"), expected);
        check(Outcome::Ok, 3.0, "Hello pod-1");
        check(
            Outcome::Refused,
            1.0,
            "curl: (7) Failed to connect to web port 5000 after 0 ms: Couldn't connect to server",
        );
        check(
            Outcome::ConnectTimeout,
            10_000.0,
            "curl: (28) Failed to connect to web port 5000 after 10000 ms: Timeout was reached",
        );
        check(Outcome::NoHost, 1.0, "curl: (6) Could not resolve host: web");
    }
}
