//! The hostile-scenario stress test (issue 9): every scenario in `tests/hostile/` runs through
//! `kubeplay run`'s code (`runner::run_scenario_to`) with a budget of real time and of peak
//! heap, measured by a counting global allocator (this test binary's own, so the scenarios run
//! one after the other in one test). Each checks that the hostile container is OOMKilled or
//! throttled, or the flood is capped, and that the neighbour pod is unaffected.
//!
//! `tests/hostile/measure.sh` measures the same scenarios as processes (peak RSS, real time).

use kubeplay::cmd::NoFiles;
use kubeplay::engine::Cluster;
use kubeplay::runner::{run_scenario_to, RunOptions};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            if new_size > layout.size() {
                let live = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size - layout.size();
                PEAK.fetch_max(live, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MIB: usize = 1 << 20;

/// The last termination of a pod's first container: `REASON EXIT_CODE`.
fn last_reason(cluster: &Cluster, pod: &str) -> String {
    let Some(status) = cluster.store().pod(pod).and_then(|p| p.status.as_ref()) else { return String::new() };
    let Some(c) = status.container_statuses.first() else { return String::new() };
    let terminated = c.last_state.terminated.as_ref().or(c.state.terminated.as_ref());
    terminated.map(|t| format!("{} {}", t.reason, t.exit_code)).unwrap_or_default()
}

fn restarts(cluster: &Cluster, pod: &str) -> i64 {
    cluster
        .store()
        .pod(pod)
        .and_then(|p| p.status.as_ref())
        .map(|s| s.container_statuses.iter().map(|c| c.restart_count).sum())
        .unwrap_or(-1)
}

fn running(cluster: &Cluster, pod: &str) -> bool {
    cluster.store().pod(pod).is_some_and(|p| kubeplay::print::pod_status(p) == "Running")
}

/// The neighbour pod (in the scenarios that have one) runs undisturbed.
fn neighbour_unaffected(cluster: &Cluster, what: &str) {
    if cluster.store().pod("neighbour").is_some() {
        assert!(running(cluster, "neighbour"), "{what}: neighbour not Running");
        assert_eq!(restarts(cluster, "neighbour"), 0, "{what}: neighbour restarted");
    }
}

fn log_bytes(cluster: &Cluster, pod: &str) -> usize {
    cluster.container_logs(pod, None, false).map(|lines| lines.iter().map(String::len).sum()).unwrap_or(0)
}

struct Case {
    file: &'static str,
    /// Real time in a debug build on a loaded machine.
    real: Duration,
    heap: usize,
    check: fn(&Cluster, &str),
}

fn oom_killed(cluster: &Cluster, pod: &str, out: &str) {
    assert_eq!(last_reason(cluster, pod), "OOMKilled 137", "{pod}: {out}");
    assert!(restarts(cluster, pod) >= 1, "{pod}: {out}");
}

const CASES: &[Case] = &[
    Case {
        file: "cpu-grep",
        real: Duration::from_secs(20),
        heap: 64 * MIB,
        check: |c, out| {
            // Throttled to its 500m limit (the real-time budget shows it), never killed.
            assert!(running(c, "grepper") && restarts(c, "grepper") == 0, "{out}");
        },
    },
    Case {
        file: "logs-flood",
        real: Duration::from_secs(20),
        heap: 96 * MIB,
        check: |c, out| {
            let pods: Vec<&String> = c.store().pods().keys().filter(|n| n.starts_with("chatty")).collect();
            assert_eq!(pods.len(), 4, "{out}");
            for pod in pods {
                assert!(log_bytes(c, pod) <= kubeplay::engine::kubelet::MAX_LOG_BYTES + 16 * 1024, "{pod}");
                assert!(running(c, pod), "{pod}: {out}");
            }
        },
    },
    Case {
        file: "log-lines",
        real: Duration::from_secs(20),
        heap: 64 * MIB,
        check: |c, out| {
            assert!(running(c, "shouter") && restarts(c, "shouter") == 0, "{out}");
            assert!(log_bytes(c, "shouter") <= kubeplay::engine::kubelet::MAX_LOG_BYTES + 16 * 1024);
        },
    },
    Case {
        file: "memory-args",
        real: Duration::from_secs(20),
        heap: 384 * MIB,
        check: |c, out| oom_killed(c, "args", out),
    },
    Case {
        file: "memory-doubling",
        real: Duration::from_secs(20),
        heap: 384 * MIB,
        check: |c, out| oom_killed(c, "hog", out),
    },
    Case {
        file: "memory-doubling-nolimit",
        real: Duration::from_secs(20),
        heap: 384 * MIB,
        check: |c, out| oom_killed(c, "hog", out),
    },
    Case {
        file: "memory-exec",
        real: Duration::from_secs(20),
        heap: 384 * MIB,
        check: |c, out| {
            assert!(out.contains("command terminated with exit code 137"), "{out}");
            assert_eq!(last_reason(c, "box"), "OOMKilled 137", "{out}");
        },
    },
    Case {
        file: "memory-replicas",
        real: Duration::from_secs(30),
        heap: 384 * MIB,
        check: |c, out| {
            // 100 replicas of 16 MiB each pass what kubeplay holds for all shells: the growing
            // ones are OOMKilled, as on a node out of memory.
            let killed = c.store().pods().keys().filter(|p| last_reason(c, p) == "OOMKilled 137").count();
            assert!(killed > 0, "{out}");
        },
    },
    Case {
        file: "exec-cpu",
        real: Duration::from_secs(20),
        heap: 384 * MIB,
        check: |c, out| {
            assert_eq!(out.matches("command terminated with exit code 137").count(), 3, "{out}");
            assert!(running(c, "box"), "{out}");
        },
    },
    Case {
        file: "object-flood",
        real: Duration::from_secs(40),
        heap: 256 * MIB,
        check: |c, out| {
            assert_eq!(c.store().pods().len(), kubeplay::engine::quota::MAX_PODS, "{out}");
            assert!(c
                .events()
                .stream()
                .iter()
                .any(|e| e.reason == "FailedCreate" && e.message.contains("exceeded quota")));
        },
    },
    Case {
        file: "template-flood",
        real: Duration::from_secs(40),
        heap: 512 * MIB,
        check: |c, out| {
            assert!(c.store().pod_bytes() <= kubeplay::engine::quota::MAX_POD_BYTES, "{out}");
            assert!(c.store().pods().len() < 500, "{out}");
            assert!(c.events().stream().iter().any(|e| e.reason == "FailedCreate" && e.message.contains("pod-bytes")));
        },
    },
    Case {
        file: "watch-flood",
        real: Duration::from_secs(40),
        heap: 384 * MIB,
        check: |c, out| {
            assert_eq!(c.store().pods().len(), kubeplay::engine::quota::MAX_PODS);
            // After the three initial listings (kubectl prints the whole list first), three
            // watches for 30 s: at most 100 rows (and a dropped-rows line) per second each.
            let lines: Vec<&str> = out.lines().collect();
            let last_get = lines.iter().position(|l| l.ends_with("$ kubectl get deploy -w")).expect("third watch");
            let end = lines.iter().position(|l| l.starts_with("[30s]")).expect("last command");
            let rows = end - (last_get + 22);
            assert!(rows <= 3 * 101 * 31, "{rows} rows");
            assert!(out.contains(&kubeplay::session::watch_dropped_line()));
        },
    },
];

#[test]
fn hostile_scenarios_stay_within_real_time_and_memory() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/hostile")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".yaml").map(str::to_string))
        .collect();
    files.sort();
    let listed: Vec<&str> = CASES.iter().map(|c| c.file).collect();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(files, sorted, "every scenario in tests/hostile has a case");
    let mut report = Vec::new();
    for case in CASES {
        let text = std::fs::read_to_string(dir.join(format!("{}.yaml", case.file))).expect("readable");
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let started = Instant::now();
        let mut out = Vec::new();
        let session = run_scenario_to(&text, case.file, &NoFiles, &RunOptions::default(), &mut out)
            .unwrap_or_else(|e| panic!("{}: {e}", case.file));
        let took = started.elapsed();
        let peak = PEAK.load(Ordering::Relaxed).saturating_sub(before);
        let out = String::from_utf8_lossy(&out).into_owned();
        report.push(format!("{:<26} {:>6} MiB {:>7.2} s", case.file, peak / MIB, took.as_secs_f64()));
        assert!(took < case.real, "{}: {took:?} of real time, budget {:?}", case.file, case.real);
        assert!(peak < case.heap, "{}: {} MiB of heap at peak, budget {} MiB", case.file, peak / MIB, case.heap / MIB);
        let cluster = session.cluster();
        (case.check)(cluster, &out);
        neighbour_unaffected(cluster, case.file);
        drop(session);
    }
    eprintln!("hostile scenarios (peak heap, real time):\n{}", report.join("\n"));
}
