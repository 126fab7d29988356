//! What the playground's `load` verbs print about a generator (`engine::LoadStatus`): the line
//! `load start|ab|curl` answers with, the progress and summary lines of `load status|stop`,
//! and ApacheBench's report for a finished `load ab`.

use crate::engine::time::{go_duration, SimDuration};
use crate::engine::traffic::load::url;
use crate::engine::traffic::{LoadKind, LoadStatus};

/// What `load start|ab|curl` prints.
pub fn load_start_line(status: &LoadStatus) -> String {
    let service = &status.service;
    let url = if status.local { format!("http://127.0.0.1:{}/", status.port) } else { url(service, status.port) };
    match &status.load {
        LoadKind::Steady { rps } => {
            format!("load: {rps} requests/s to service/{service} (stop with: load stop {service})")
        }
        LoadKind::Ab { concurrency, total } => format!(
            "load: ab -c {concurrency} -n {total} {url}: {concurrency} clients, {total} requests (progress: load status {service})"
        ),
        LoadKind::Curl { every } => format!(
            "load: curl {url} every {} (answers: load logs {service}; stop with: load stop {service})",
            go_duration(*every)
        ),
    }
}

/// The one-paragraph summary `load stop` prints and `load status` shows: progress while
/// running, ApacheBench's report once an `ab` run is over.
pub fn load_summary(status: &LoadStatus) -> String {
    let elapsed = status.elapsed_s;
    let took = go_duration(SimDuration::from_secs(elapsed.round() as u64));
    let counts = format!(
        "{} sent, {} ok, {} failed, mean latency {:.1} ms",
        status.sent, status.ok, status.failed, status.mean_latency_ms
    );
    let service = &status.service;
    let object = if status.local { "pod" } else { "service" };
    let state = if status.running { "running" } else { "stopped" };
    let done = status.ok + status.failed;
    match &status.load {
        LoadKind::Steady { rps } => {
            format!("{object}/{service}: steady {rps} requests/s, {state} after {took}: {counts}")
        }
        LoadKind::Curl { every } => {
            format!("{object}/{service}: curl every {}, {state} after {took}: {counts}", go_duration(*every))
        }
        LoadKind::Ab { concurrency, total } if status.running => {
            let rate = if elapsed > 0.0 { done as f64 / elapsed } else { 0.0 };
            format!(
                "{object}/{service}: ab -c {concurrency} -n {total}: {done}/{total} requests done, {} failed, {rate:.1} requests/s",
                status.failed
            )
        }
        LoadKind::Ab { concurrency, .. } => ab_report(status, *concurrency),
    }
}

/// ApacheBench's report (its main lines), for a finished or stopped run.
fn ab_report(status: &LoadStatus, concurrency: u32) -> String {
    let taken = status.elapsed_s.max(0.001);
    let complete = status.ok + status.failed;
    let done = complete.max(1) as f64;
    let mut text = format!(
        "Server Hostname:        {}\nServer Port:            {}\n\nConcurrency Level:      {concurrency}\nTime taken for tests:   {taken:.3} seconds\nComplete requests:      {complete}\nFailed requests:        {}\n",
        if status.local { "127.0.0.1" } else { &status.service },
        status.port,
        status.failed - status.non_2xx
    );
    if status.non_2xx > 0 {
        text.push_str(&format!("Non-2xx responses:      {}\n", status.non_2xx));
    }
    text.push_str(&format!(
        "Requests per second:    {:.2} [#/sec] (mean)\nTime per request:       {:.3} [ms] (mean)\nTime per request:       {:.3} [ms] (mean, across all concurrent requests)",
        done / taken,
        concurrency as f64 * taken * 1000.0 / done,
        taken * 1000.0 / done
    ));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(load: LoadKind) -> LoadStatus {
        LoadStatus {
            service: "web".into(),
            local: false,
            kind: load.name().into(),
            load,
            port: 80,
            running: true,
            sent: 0,
            ok: 0,
            failed: 0,
            non_2xx: 0,
            mean_latency_ms: 0.0,
            elapsed_s: 0.0,
        }
    }

    #[test]
    fn start_lines() {
        let check = |load, expected: &str| assert_eq!(load_start_line(&status(load)), expected);
        check(LoadKind::Steady { rps: 50 }, "load: 50 requests/s to service/web (stop with: load stop web)");
        check(
            LoadKind::Ab { concurrency: 50, total: 10000 },
            "load: ab -c 50 -n 10000 http://web/: 50 clients, 10000 requests (progress: load status web)",
        );
        let mut curl = status(LoadKind::Curl { every: SimDuration::from_secs(1) });
        curl.port = 5000;
        assert_eq!(
            load_start_line(&curl),
            "load: curl http://web:5000/ every 1s (answers: load logs web; stop with: load stop web)",
        );
    }

    #[test]
    fn summaries_while_running_and_after() {
        let mut steady = status(LoadKind::Steady { rps: 10 });
        (steady.sent, steady.ok, steady.failed, steady.non_2xx) = (102, 90, 10, 5);
        (steady.mean_latency_ms, steady.elapsed_s) = (2.9, 10.0);
        assert_eq!(
            load_summary(&steady),
            "service/web: steady 10 requests/s, running after 10s: 102 sent, 90 ok, 10 failed, mean latency 2.9 ms"
        );
        steady.running = false;
        assert!(load_summary(&steady).contains(", stopped after 10s: "));
        let mut ab = status(LoadKind::Ab { concurrency: 50, total: 1000 });
        (ab.sent, ab.ok, ab.failed, ab.elapsed_s) = (600, 500, 100, 2.0);
        assert_eq!(
            load_summary(&ab),
            "service/web: ab -c 50 -n 1000: 600/1000 requests done, 100 failed, 300.0 requests/s"
        );
    }

    #[test]
    fn ab_report_reads_like_apachebench() {
        let mut ab = status(LoadKind::Ab { concurrency: 50, total: 1000 });
        (ab.running, ab.sent, ab.ok, ab.failed, ab.elapsed_s) = (false, 1000, 990, 10, 2.5);
        assert_eq!(
            load_summary(&ab),
            "Server Hostname:        web\nServer Port:            80\n\nConcurrency Level:      50\nTime taken for tests:   2.500 seconds\nComplete requests:      1000\nFailed requests:        10\nRequests per second:    400.00 [#/sec] (mean)\nTime per request:       125.000 [ms] (mean)\nTime per request:       2.500 [ms] (mean, across all concurrent requests)"
        );
        ab.non_2xx = 4;
        assert!(load_summary(&ab).contains("Failed requests:        6\nNon-2xx responses:      4\n"));
    }
}
