//! Simulated applications. Images are not pulled from anywhere: each image name maps to a
//! program with behaviour (an `AppProfile`), and busybox-style images run their command in a
//! small shell (`shell`) against a per-container file system.
//!
//! INTERFACE STUB: the engine codes against the types below; the catalogue and shell fill them.

pub mod shell;

use crate::api::Container;
use crate::engine::time::{SimDuration, SimTime};
use std::collections::BTreeMap;

/// What a container's main process is and how it behaves.
#[derive(Clone, Debug, PartialEq)]
pub struct AppProfile {
    /// Catalogue entry name, e.g. `nginx`, `busybox`, `generic-web`.
    pub kind: String,
    /// Name of PID 1 as `ps`/`killall` see it (`nginx`, `python3`, `sh`, `node`).
    pub process_name: String,
    /// Simulated image pull time on a node that does not have the image yet.
    pub pull_time: SimDuration,
    /// Image size in bytes, for the `Pulled` event.
    pub image_size: u64,
    /// Time from process start until it listens on its ports.
    pub startup_delay: SimDuration,
    /// Ports it listens on once started (empty: no server, e.g. busybox sleep).
    pub listen_ports: Vec<i64>,
    /// Whether PID 1 exits promptly on SIGTERM (and with which code); `None`: it ignores
    /// SIGTERM (a `sh -c` PID 1) and dies by SIGKILL at the end of the grace period.
    pub sigterm_exit: Option<i32>,
    /// The HTTP behaviour of the server.
    pub http: HttpBehaviour,
    /// Exit after this long with this code (annotation `kubeplay.dev/crash-after`).
    pub crash_after: Option<(SimDuration, i32)>,
    /// Memory growth [bytes/s] (annotation `kubeplay.dev/leak-per-second`).
    pub leak_bytes_per_sec: u64,
    /// Resident memory at start [bytes].
    pub base_memory: u64,
    /// CPU cost of one request [millicore-seconds] (annotation `kubeplay.dev/cpu-per-request`).
    pub cpu_per_request: f64,
    /// Note shown in an event when the image is not in the catalogue.
    pub note: Option<String>,
}

/// How a web server answers HTTP requests (probes and load alike).
#[derive(Clone, Debug, PartialEq)]
pub enum HttpBehaviour {
    /// Always 200.
    Healthy,
    /// 200 for the first N requests, then 500 (seed 003, annotation `kubeplay.dev/fail-after-requests`).
    FailAfterRequests(u64),
    /// 200 for this long after start, then 500 (agnhost `liveness`).
    FailAfterTime(SimDuration),
    /// Not an HTTP server (connection refused on every port).
    None,
}

/// Looks up the behaviour of a container's image (and the pod's annotations).
pub fn profile_for(container: &Container, annotations: &BTreeMap<String, String>) -> AppProfile {
    let _ = (container, annotations);
    AppProfile {
        kind: "generic-web".into(),
        process_name: "app".into(),
        pull_time: SimDuration::from_secs(2),
        image_size: 50_000_000,
        startup_delay: SimDuration::ZERO,
        listen_ports: vec![80],
        sigterm_exit: Some(143),
        http: HttpBehaviour::Healthy,
        crash_after: None,
        leak_bytes_per_sec: 0,
        base_memory: 20 * 1024 * 1024,
        cpu_per_request: 1.0,
        note: None,
    }
}

/// Result of a probe or a request against a running container.
#[derive(Clone, Debug, PartialEq)]
pub enum HttpOutcome {
    Status(u16),
    ConnectionRefused,
}

/// Per-container mutable state of the simulated program: its file system, request counter,
/// and, for shell images, the running script.
#[derive(Clone, Debug, Default)]
pub struct AppState {
    pub fs: shell::Fs,
    pub requests_served: u64,
    pub started_at: SimTime,
    pub script: Option<shell::Script>,
}

pub fn http_get(profile: &AppProfile, state: &mut AppState, port: i64, path: &str, now: SimTime) -> HttpOutcome {
    let _ = (path, now);
    state.requests_served += 1;
    if profile.listen_ports.contains(&port) { HttpOutcome::Status(200) } else { HttpOutcome::ConnectionRefused }
}

pub fn tcp_connect(profile: &AppProfile, state: &AppState, port: i64, now: SimTime) -> bool {
    let _ = (state, now);
    profile.listen_ports.contains(&port)
}
