//! Simulated applications. Images are not pulled from anywhere: each image name maps to a
//! program with behaviour (an `AppProfile`), and shell programs (busybox images, or any
//! `command` that starts `sh`/`sleep`/...) run in a small shell (`shell`) against a
//! per-container file system.
//!
//! # The catalogue
//!
//! The image is matched on its repository's last path segment (registry, `library/`, tag and
//! digest stripped: `registry.k8s.io/busybox:1.27.2` -> `busybox`). Sizes are compressed
//! bytes (the `Pulled` event's `Image size`); pull time is 0.9 s + size at 40 MB/s.
//! "SIGTERM" is the exit code when PID 1 gets SIGTERM; "ignores" means it dies by SIGKILL
//! at the end of the grace period (exit 137). Go programs without a handler exit 2, because
//! the Go runtime cannot die from a signal as PID 1. Node, and a shell, as PID 1 ignore
//! SIGTERM.
//!
//! | image (last segment) | kind | PID 1 | ports | HTTP | SIGTERM | size | notes |
//! |---|---|---|---|---|---|---|---|
//! | `nginx` | nginx | `nginx` | 80 | 200 on `/`, `/index.html`, `/50x.html`; 404 elsewhere (no `/healthz`!) | 0 | 72 MB | Debian userland, no `ps`/`killall` |
//! | `busybox`, `busyboxplus` | busybox | `sh` (runs command/args) | - | - | ignores | 2.2 MB | no `bash`, no `curl` |
//! | `alpine` | busybox | `sh` | - | - | ignores | 3.6 MB | busybox userland |
//! | `ubuntu`, `debian` | busybox | `bash` (default CMD exits 0 at once) | - | - | ignores | 30 / 49 MB | GNU texts, no `ps` |
//! | `curl` (curlimages) | busybox | `curl` | - | - | ignores | 11 MB | |
//! | `hello-world-flask` (seed) | hello-world-flask | `python3` | 5000 | 200 | 143 | 48 MB | has `bash`, `ps`, `killall`; WORKDIR `/app` |
//! | `k8s-node-demo-unhealth-image` (seed 003), `kubia-unhealthy` | node-unhealthy | `node` | 8080 | requests 1-5: 200, 6th on: 500 | ignores | 398 MB | |
//! | `kubia` | kubia | `node` | 8080 | 200 | ignores | 250 MB | |
//! | `agnhost` with args `liveness` | agnhost-liveness | `agnhost` | 8080 | 200 for 10 s after start, then 500 | 2 | 51 MB | |
//! | `agnhost` `netexec` / `serve-hostname` / other | agnhost | `agnhost` | 8080 (`--http-port`) / 9376 / 8080 | 200 | 2 | 51 MB | |
//! | `liveness` (k8s.gcr.io, `/server`) | agnhost-liveness | `server` | 8080 | 200 for 10 s, then 500 | 2 | 4.9 MB | |
//! | `goproxy` | goproxy | `goproxy` | 8080 | 200 | 2 | 3 MB | |
//! | `hpa-example`, `php-apache` | php-apache | `apache2` | 80 | 200 `OK!` | 0 | 139 MB | CPU-heavy: 7 millicore-seconds/request |
//! | `etcd` | etcd | `etcd` | 2379 (gRPC health SERVING), 2380 | 200 (`/health`) | 0 | 99 MB | distroless: no shell at all |
//! | `redis` | redis | `redis-server` | 6379 (TCP) | none (HTTP refused) | 0 | 45 MB | `redis-cli ping` answers `PONG` |
//! | `httpd` | httpd | `httpd` | 80 | 200 | 0 | 58 MB | |
//! | `php` | php | `apache2` | 80 | 200 | 0 | 180 MB | |
//! | `echoserver` | echoserver | `nginx` | 8080 | 200 | 0 | 46 MB | |
//! | `gb-frontend` (guestbook) | guestbook | `apache2` | 80 | 200 | 0 | 160 MB | |
//! | `hello-app` | hello-app | `hello-app` | 8080 | 200 | 2 | 11 MB | |
//! | `node` | node | `node` | declared ports or 3000 | 200 | ignores | 398 MB | no args: the REPL exits 0 at once |
//! | `python` | python | `python3` | declared ports or 8000 | 200 | 143 | 370 MB | no args: the REPL exits 0 at once |
//! | anything else | generic-web | `app` | declared containerPorts, or 80 | 200 | 143 | 50 MB | with a `note` saying it is not in the catalogue |
//! | anything else, with a shell `command` | generic-shell | `sh`/... | - | - | ignores | 50 MB | busybox userland, with a `note` |
//!
//! Declaring a `containerPort` does not make a catalogued app listen there (as in reality:
//! nginx with `containerPort: 8080` still listens on 80). Replacing the program with
//! `command`/`args` that start a shell utility (`sh -c ...`, `sleep 3600`) turns any image
//! into a shell program (`runs_shell`), with the image's userland.
//!
//! CPU per request is chosen so that the HPA walkthrough reproduces the docs: the load
//! generator `while sleep 0.01; do wget -q -O- http://php-apache; done` sends ~100 req/s,
//! i.e. 700m of demand: one pod saturates at its 500m limit (250% of its 200m request), and
//! the HPA settles at ceil(700 / 100) = 7 replicas, as the docs' `7/7`.
//!
//! # Annotations (on the pod) that override behaviour
//!
//! | annotation | example | effect |
//! |---|---|---|
//! | `kubeplay.dev/startup-delay` | `"20s"` | listens (and answers probes) only this long after start |
//! | `kubeplay.dev/crash-after` | `"30s"` | exits this long after start, with `kubeplay.dev/exit-code` (default 1) |
//! | `kubeplay.dev/exit-code` | `"1"` | exit code for `crash-after` |
//! | `kubeplay.dev/leak-per-second` | `"10Mi"` | memory grows this much per second (OOMKilled at the limit) |
//! | `kubeplay.dev/fail-after-requests` | `"5"` | HTTP 200 for N requests, then 500 |
//! | `kubeplay.dev/fail-after` | `"10s"` | HTTP 200 for this long after start, then 500 |
//! | `kubeplay.dev/cpu-per-request` | `"50m"` | CPU cost of one request (a CPU quantity, read as core-seconds: `50m` = 50 millicore-seconds) |
//! | `kubeplay.dev/pull-time` | `"5s"` | image pull time |
//!
//! A bad value is ignored and explained in `AppProfile::warnings`.

pub mod app_log;
pub mod shell;

use crate::api::quantity::parse_quantity;
use crate::api::Container;
use crate::engine::time::{SimDuration, SimTime};
use crate::name_set::NameSet;
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
    /// For `runs_shell` programs, a `trap` may change that: see `shell::Script::signal`.
    pub sigterm_exit: Option<i32>,
    /// The HTTP behaviour of the server.
    pub http: HttpBehaviour,
    /// Exit after this long with this code (annotation `kubeplay.dev/crash-after`; also
    /// `(0, 0)` for a REPL image started without a program, which exits at once).
    pub crash_after: Option<(SimDuration, i32)>,
    /// Memory growth [bytes/s] (annotation `kubeplay.dev/leak-per-second`).
    pub leak_bytes_per_sec: u64,
    /// Resident memory at start [bytes].
    pub base_memory: u64,
    /// CPU cost of one request [millicore-seconds] (annotation `kubeplay.dev/cpu-per-request`).
    pub cpu_per_request: f64,
    /// Note shown in an event when the image is not in the catalogue.
    pub note: Option<String>,
    /// PID 1 is a shell program: the engine runs `shell::Script` (from `argv`) and takes the
    /// container's exit from it.
    pub runs_shell: bool,
    /// PID 1's argv after applying `command`/`args` to the image's ENTRYPOINT/CMD.
    pub argv: Vec<String>,
    /// PID 1's command line as `ps` shows it (pass it to `shell::exec` as `main_process`).
    pub cmdline: String,
    /// Paths the server has; others answer 404. `None`: every path exists.
    pub http_paths: Option<Vec<String>>,
    /// Body of a 200 answer (`{hostname}` is replaced by the pod name).
    pub body: String,
    /// Ports answering the gRPC health protocol with SERVING.
    pub grpc_ports: Vec<i64>,
    /// CPU used while idle [millicores].
    pub idle_cpu: f64,
    /// Programs missing from the image (see `shell::Fs::missing`).
    pub missing_programs: Vec<String>,
    /// Debian-family userland (dash, GNU coreutils error texts).
    pub gnu_userland: bool,
    /// The image's WORKDIR.
    pub workdir: String,
    /// Problems with `kubeplay.dev/*` annotations (each ignored), for a warning event.
    pub warnings: Vec<String>,
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
    /// Not an HTTP server: HTTP requests are refused (its `listen_ports`, if any, still accept
    /// TCP connections, e.g. redis).
    None,
}

/// Result of a probe or a request against a running container.
#[derive(Clone, Debug, PartialEq)]
pub enum HttpOutcome {
    Status(u16),
    ConnectionRefused,
}

/// Result of a gRPC health check (`grpc` probe).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GrpcOutcome {
    Serving,
    /// The port is open but does not implement `grpc.health.v1.Health`.
    Unimplemented,
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
    /// CPU used since start up to `cpu_since` [millicore-seconds] (cAdvisor's cumulative
    /// counter, which metrics-server turns into a rate; see `engine::traffic`).
    pub cpu_used: f64,
    /// CPU in use from `cpu_since` on [millicores]: `idle_cpu` (requests add theirs with
    /// `add_cpu`).
    pub cpu_rate: f64,
    pub cpu_since: SimTime,
    /// metrics-server's last two scrapes of this container, older first: (scrape number,
    /// cumulative CPU then) (see `engine::metrics`).
    pub scrapes: [Option<(u64, f64)>; 2],
    /// Working set at the last scrape [bytes].
    pub scraped_memory: i64,
    /// The playground's `health POD fail`: the program's HTTP endpoints answer 500 until
    /// `health POD recover` or until the process restarts (a fresh process is healthy again).
    pub forced_failing: bool,
}

/// Looks up the behaviour of a container's image (and the pod's annotations).
pub fn profile_for(container: &Container, annotations: &BTreeMap<String, String>) -> AppProfile {
    let repository = repository_name(&container.image);
    let declared_ports: Vec<i64> = container.ports.iter().map(|p| p.container_port).collect();
    let entry = ENTRIES.iter().find(|entry| entry.names.contains(&repository.as_str()));
    let mut profile = match entry {
        Some(entry) => from_entry(entry, container, &declared_ports),
        None => generic(&container.image, container, &declared_ports),
    };
    apply_annotations(&mut profile, annotations);
    profile
}

/// The repository's last path segment: registry, `library/`, tag and digest stripped.
pub fn repository_name(image: &str) -> String {
    let without_digest = image.split('@').next().unwrap_or(image);
    let last = without_digest.rsplit('/').next().unwrap_or(without_digest);
    let name = last.split(':').next().unwrap_or(last);
    name.trim().to_ascii_lowercase()
}

/// Answer to an HTTP GET on `port`/`path` by a running container (probe or request). `now`
/// is cluster time. Counts requests for `FailAfterRequests`.
pub fn http_get(profile: &AppProfile, state: &mut AppState, port: i64, path: &str, now: SimTime) -> HttpOutcome {
    if !tcp_connect(profile, state, port, now) {
        return HttpOutcome::ConnectionRefused;
    }
    let path = path.split('?').next().unwrap_or(path);
    match &profile.http {
        HttpBehaviour::None => HttpOutcome::ConnectionRefused,
        behaviour => {
            state.requests_served += 1;
            let failing = match behaviour {
                HttpBehaviour::FailAfterRequests(n) => state.requests_served > *n,
                // agnhost: `time.Since(started) > 10s` answers 500.
                HttpBehaviour::FailAfterTime(d) => now.since(state.started_at) > *d,
                _ => false,
            } || state.forced_failing;
            if failing {
                return HttpOutcome::Status(500);
            }
            let known = match &profile.http_paths {
                Some(paths) => paths.iter().any(|p| p == path || (path.is_empty() && p == "/")),
                None => true,
            };
            HttpOutcome::Status(if known { 200 } else { 404 })
        }
    }
}

/// Whether a TCP connection to `port` succeeds (tcpSocket probe).
pub fn tcp_connect(profile: &AppProfile, state: &AppState, port: i64, now: SimTime) -> bool {
    profile.listen_ports.contains(&port) && now >= state.started_at + profile.startup_delay
}

/// gRPC health check on `port` (grpc probe).
pub fn grpc_check(profile: &AppProfile, state: &AppState, port: i64, now: SimTime) -> GrpcOutcome {
    if !tcp_connect(profile, state, port, now) {
        GrpcOutcome::ConnectionRefused
    } else if profile.grpc_ports.contains(&port) {
        GrpcOutcome::Serving
    } else {
        GrpcOutcome::Unimplemented
    }
}

/// The body of a response with `status` (for `curl`/`wget` and `kubectl port-forward`).
pub fn response_body(profile: &AppProfile, state: &AppState, status: u16) -> String {
    let host = if state.fs.hostname.is_empty() { "localhost" } else { &state.fs.hostname };
    match status {
        200 => profile.body.replace("{hostname}", host),
        404 if profile.kind == "nginx" => NGINX_404.to_string(),
        // Seed 003's app.js: `response.end(`服务端内部错误`)` with its 500.
        500 if profile.kind == "node-unhealthy" => "服务端内部错误".to_string(),
        _ => format!("{status} {}\n", shell::reason_phrase(status)),
    }
}

/// Resident memory at `now` [bytes]: base plus the leak since start, plus what a shell
/// program holds (strings, files).
pub fn memory_bytes(profile: &AppProfile, state: &AppState, now: SimTime) -> u64 {
    let secs = now.since(state.started_at).as_secs_f64();
    let leaked = (profile.leak_bytes_per_sec as f64 * secs).min(u64::MAX as f64 / 2.0) as u64;
    profile.base_memory.saturating_add(leaked).saturating_add(state.shell_memory())
}

impl AppProfile {
    /// Exit code when PID 1 receives `signal` (from the kubelet or a `kill` in an exec), or
    /// `None` if it keeps running (ignored signal; for shell programs ask the `Script`).
    /// SIGKILL always ends it with 137.
    pub fn exit_code_on_signal(&self, signal: i32) -> Option<i32> {
        match signal {
            9 => Some(137),
            0 => None,
            _ if self.runs_shell => None,
            // nginx and apache reload their configuration on SIGHUP.
            1 if matches!(self.process_name.as_str(), "nginx" | "apache2" | "httpd") => None,
            15 => self.sigterm_exit,
            _ => self.sigterm_exit.map(|code| if code == 143 { 128 + signal } else { code }),
        }
    }
}

impl AppState {
    /// Cumulative CPU at `now` [millicore-seconds]: the CPU rate is piecewise constant, so
    /// the counter is integrated lazily.
    pub fn cpu_total(&self, now: SimTime) -> f64 {
        self.cpu_used + self.cpu_rate * now.since(self.cpu_since).as_secs_f64()
    }

    /// Adds CPU spent on requests [millicore-seconds] (the traffic model's account).
    pub fn add_cpu(&mut self, used: f64) {
        self.cpu_used += used.max(0.0);
    }

    /// Fresh state for a container started at `now`: the image's file system (hostname =
    /// pod name) and, for shell programs, PID 1's script. The error is the runtime's
    /// message when PID 1's program is not in the image (a `StartError`, exit code 128).
    pub fn start(profile: &AppProfile, hostname: &str, now: SimTime) -> Result<AppState, String> {
        AppState::start_with_env(profile, hostname, BTreeMap::new(), now)
    }

    /// `start` with the environment the kubelet gives the container's processes.
    pub fn start_with_env(
        profile: &AppProfile,
        hostname: &str,
        env: BTreeMap<String, String>,
        now: SimTime,
    ) -> Result<AppState, String> {
        let mut fs = image_fs(profile, hostname);
        fs.now = now;
        fs.env = env;
        let script = if profile.runs_shell { Some(shell::Script::from_argv(profile.argv.clone(), &fs)?) } else { None };
        Ok(AppState {
            fs,
            requests_served: 0,
            started_at: now,
            script,
            cpu_used: 0.0,
            cpu_rate: profile.idle_cpu,
            cpu_since: now,
            scrapes: [None, None],
            scraped_memory: 0,
            forced_failing: false,
        })
    }

    /// Runs PID 1's script at cluster time `now` (shell programs only; `None` otherwise).
    pub fn resume_script(&mut self, now: SimTime, net: &mut dyn shell::Network) -> Option<shell::ScriptStep> {
        self.resume_script_limited(now, net, shell::Limits::DEFAULT)
    }

    /// `resume_script` inside the container's cgroup (`limits`).
    pub fn resume_script_limited(
        &mut self,
        now: SimTime,
        net: &mut dyn shell::Network,
        limits: shell::Limits,
    ) -> Option<shell::ScriptStep> {
        self.fs.now = now;
        let script = self.script.as_mut()?;
        Some(script.resume_limited(&mut self.fs, net, limits))
    }

    /// Bytes the container's shell processes hold (PID 1's script with its files), as the
    /// last run measured them.
    pub fn shell_memory(&self) -> u64 {
        self.script.as_ref().map_or(0, shell::Script::memory)
    }

    /// An exec probe or `kubectl exec` at cluster time `now`.
    pub fn exec(
        &mut self,
        profile: &AppProfile,
        argv: &[String],
        now: SimTime,
        net: &mut dyn shell::Network,
    ) -> shell::ExecResult {
        self.exec_limited(profile, argv, now, net, shell::Limits::DEFAULT)
    }

    /// One line typed in an interactive shell (`kubectl exec -it POD -- bash`) at cluster time
    /// `now`, inside the container's cgroup as `exec_limited`.
    pub fn shell_line_limited(
        &mut self,
        session: &mut shell::Session,
        line: &str,
        now: SimTime,
        net: &mut dyn shell::Network,
        limits: shell::Limits,
    ) -> shell::ExecResult {
        self.fs.now = now;
        let held = self.script.as_ref().map_or(0, shell::Script::shell_memory);
        let limits = shell::Limits { memory: limits.memory.saturating_sub(held), ..limits };
        session.run_line_limited(line, &mut self.fs, net, limits)
    }

    /// `exec` inside the container's cgroup: the command shares `limits.memory` with PID 1.
    pub fn exec_limited(
        &mut self,
        profile: &AppProfile,
        argv: &[String],
        now: SimTime,
        net: &mut dyn shell::Network,
        limits: shell::Limits,
    ) -> shell::ExecResult {
        self.fs.now = now;
        let held = self.script.as_ref().map_or(0, shell::Script::shell_memory);
        let limits = shell::Limits { memory: limits.memory.saturating_sub(held), ..limits };
        shell::exec_limited(argv, &mut self.fs, &profile.cmdline, net, limits)
    }
}

/// The file system an image starts with.
pub fn image_fs(profile: &AppProfile, hostname: &str) -> shell::Fs {
    let mut fs = shell::Fs {
        hostname: hostname.to_string(),
        gnu: profile.gnu_userland,
        workdir: profile.workdir.clone(),
        missing: profile.missing_programs.iter().cloned().collect::<NameSet>(),
        ..shell::Fs::default()
    };
    for dir in [
        "/bin",
        "/dev",
        "/etc",
        "/home",
        "/lib",
        "/proc",
        "/root",
        "/sys",
        "/tmp",
        "/usr",
        "/usr/bin",
        "/usr/local/bin",
        "/var",
    ] {
        fs.dirs.insert(dir.to_string());
    }
    if !profile.workdir.is_empty() && profile.workdir != "/" {
        fs.dirs.insert(profile.workdir.clone());
    }
    fs.files.insert("/etc/hostname".into(), format!("{hostname}\n"));
    match profile.kind.as_str() {
        "nginx" => {
            fs.files.insert("/usr/share/nginx/html/index.html".into(), NGINX_INDEX.into());
            fs.files.insert("/usr/share/nginx/html/50x.html".into(), "<h1>An error occurred.</h1>\n".into());
            fs.files.insert("/etc/nginx/nginx.conf".into(), "user  nginx;\nworker_processes  auto;\n".into());
            fs.dirs.insert("/var/log/nginx".into());
        }
        "hello-world-flask" => {
            fs.files.insert("/app/app.py".into(), FLASK_APP.into());
        }
        _ => {}
    }
    fs
}

// ---------------------------------------------------------------------------------------------
// Catalogue data

/// How an image's default process behaves; `profile_for` turns it into an `AppProfile`.
struct Entry {
    names: &'static [&'static str],
    kind: &'static str,
    process: &'static str,
    /// Program names (argv[0] basenames) that are this app itself.
    programs: &'static [&'static str],
    entrypoint: &'static [&'static str],
    cmd: &'static [&'static str],
    /// The ENTRYPOINT is a `docker-entrypoint.sh` that runs `args` if they are a program.
    passthrough: bool,
    ports: &'static [i64],
    http: HttpKind,
    sigterm_exit: Option<i32>,
    image_size: u64,
    base_memory: u64,
    idle_cpu: f64,
    cpu_per_request: f64,
    startup_ms: u64,
    userland: Userland,
    workdir: &'static str,
    paths: Option<&'static [&'static str]>,
    body: &'static str,
    grpc_ports: &'static [i64],
}

#[derive(Clone, Copy)]
enum HttpKind {
    Healthy,
    NoServer,
    NotHttp,
    FailAfterRequests(u64),
    FailAfterSecs(u64),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Userland {
    /// busybox or alpine: no bash, no curl.
    Busybox,
    /// Alpine with curl.
    BusyboxCurl,
    /// Debian/Ubuntu base: bash, GNU coreutils, no procps, no curl/wget.
    DebianMin,
    /// nginx: Debian base with curl.
    DebianCurl,
    /// Full Debian (buildpack-deps): procps, curl, wget; no killall.
    DebianFull,
    /// The seed's flask image: bash, ps and killall.
    DebianProcps,
    /// No shell and no utilities at all.
    Distroless,
}

const MB: u64 = 1_000_000;
const MIB: u64 = 1024 * 1024;

const fn entry(names: &'static [&'static str], kind: &'static str, process: &'static str) -> Entry {
    Entry {
        names,
        kind,
        process,
        programs: &[],
        entrypoint: &[],
        cmd: &[],
        passthrough: false,
        ports: &[],
        http: HttpKind::Healthy,
        sigterm_exit: Some(0),
        image_size: 50 * MB,
        base_memory: 20 * MIB,
        idle_cpu: 1.0,
        cpu_per_request: 1.0,
        startup_ms: 200,
        userland: Userland::DebianMin,
        workdir: "",
        paths: None,
        body: "OK\n",
        grpc_ports: &[],
    }
}

static ENTRIES: &[Entry] = &[
    Entry {
        programs: &["nginx", "nginx-debug"],
        entrypoint: &["/docker-entrypoint.sh"],
        cmd: &["nginx", "-g", "daemon off;"],
        passthrough: true,
        ports: &[80],
        image_size: 72_223_946,
        base_memory: 4 * MIB,
        cpu_per_request: 0.2,
        startup_ms: 100,
        userland: Userland::DebianCurl,
        paths: Some(&["/", "/index.html", "/50x.html"]),
        body: NGINX_INDEX,
        ..entry(&["nginx"], "nginx", "nginx")
    },
    Entry {
        cmd: &["sh"],
        sigterm_exit: None,
        image_size: 2_155_593,
        base_memory: MIB / 2,
        idle_cpu: 0.0,
        userland: Userland::Busybox,
        http: HttpKind::NoServer,
        ..entry(&["busybox"], "busybox", "sh")
    },
    Entry {
        cmd: &["sh"],
        sigterm_exit: None,
        image_size: 4_481_212,
        base_memory: MIB / 2,
        idle_cpu: 0.0,
        userland: Userland::BusyboxCurl,
        http: HttpKind::NoServer,
        ..entry(&["busyboxplus"], "busybox", "sh")
    },
    Entry {
        cmd: &["/bin/sh"],
        sigterm_exit: None,
        image_size: 3_624_160,
        base_memory: MIB / 2,
        idle_cpu: 0.0,
        userland: Userland::Busybox,
        http: HttpKind::NoServer,
        ..entry(&["alpine"], "busybox", "sh")
    },
    Entry {
        cmd: &["/bin/bash"],
        sigterm_exit: None,
        image_size: 29_754_286,
        base_memory: MIB,
        idle_cpu: 0.0,
        http: HttpKind::NoServer,
        ..entry(&["ubuntu"], "busybox", "bash")
    },
    Entry {
        cmd: &["bash"],
        sigterm_exit: None,
        image_size: 48_493_990,
        base_memory: MIB,
        idle_cpu: 0.0,
        http: HttpKind::NoServer,
        ..entry(&["debian"], "busybox", "bash")
    },
    Entry {
        entrypoint: &["/entrypoint.sh"],
        cmd: &["curl"],
        passthrough: true,
        sigterm_exit: None,
        image_size: 11_012_530,
        base_memory: MIB,
        idle_cpu: 0.0,
        userland: Userland::BusyboxCurl,
        http: HttpKind::NoServer,
        ..entry(&["curl"], "busybox", "curl")
    },
    Entry {
        programs: &["python3", "python", "flask"],
        cmd: &["python3", "app.py"],
        ports: &[5000],
        sigterm_exit: Some(143),
        image_size: 48_312_004,
        base_memory: 30 * MIB,
        // Werkzeug's development server: ~125 answers/s per core, so seed 001's
        // `ab -c 50 -n 10000` lasts long enough (~40 s) for the HPA to scale out during it.
        cpu_per_request: 8.0,
        startup_ms: 1000,
        userland: Userland::DebianProcps,
        workdir: "/app",
        body: "Hello, my first docker images! {hostname}",
        ..entry(&["hello-world-flask"], "hello-world-flask", "python3")
    },
    Entry {
        programs: &["node"],
        entrypoint: &["node", "app.js"],
        ports: &[8080],
        http: HttpKind::FailAfterRequests(5),
        sigterm_exit: None,
        image_size: 398_217_003,
        base_memory: 40 * MIB,
        startup_ms: 500,
        userland: Userland::DebianFull,
        body: "客户端部署在{hostname}之上",
        ..entry(&["k8s-node-demo-unhealth-image", "kubia-unhealthy"], "node-unhealthy", "node")
    },
    Entry {
        programs: &["node"],
        entrypoint: &["node", "app.js"],
        ports: &[8080],
        sigterm_exit: None,
        image_size: 250_436_811,
        base_memory: 40 * MIB,
        startup_ms: 500,
        userland: Userland::DebianFull,
        body: "You've hit {hostname}\n",
        ..entry(&["kubia"], "kubia", "node")
    },
    Entry {
        programs: &["agnhost"],
        entrypoint: &["/agnhost"],
        ports: &[8080],
        sigterm_exit: Some(2),
        image_size: 51_230_112,
        base_memory: 8 * MIB,
        cpu_per_request: 0.5,
        startup_ms: 0,
        userland: Userland::Busybox,
        body: "NOW: 2026-01-01 00:00:00 +0000 UTC",
        ..entry(&["agnhost"], "agnhost", "agnhost")
    },
    Entry {
        programs: &["server"],
        cmd: &["/server"],
        ports: &[8080],
        http: HttpKind::FailAfterSecs(10),
        sigterm_exit: Some(2),
        image_size: 4_897_136,
        base_memory: 4 * MIB,
        startup_ms: 0,
        userland: Userland::Busybox,
        ..entry(&["liveness"], "agnhost-liveness", "server")
    },
    Entry {
        programs: &["goproxy"],
        cmd: &["/goproxy"],
        ports: &[8080],
        sigterm_exit: Some(2),
        image_size: 2_994_573,
        base_memory: 3 * MIB,
        startup_ms: 0,
        userland: Userland::Distroless,
        ..entry(&["goproxy"], "goproxy", "goproxy")
    },
    Entry {
        programs: &["apache2-foreground", "apache2"],
        cmd: &["apache2-foreground"],
        ports: &[80],
        image_size: 138_524_883,
        base_memory: 12 * MIB,
        cpu_per_request: 7.0,
        startup_ms: 1000,
        workdir: "/var/www/html",
        paths: Some(&["/", "/index.php"]),
        body: "OK!",
        ..entry(&["hpa-example", "php-apache"], "php-apache", "apache2")
    },
    Entry {
        programs: &["etcd"],
        cmd: &["/usr/local/bin/etcd"],
        ports: &[2379, 2380],
        image_size: 98_882_128,
        base_memory: 35 * MIB,
        idle_cpu: 5.0,
        startup_ms: 2000,
        userland: Userland::Distroless,
        body: "{\"health\":\"true\",\"reason\":\"\"}",
        grpc_ports: &[2379],
        ..entry(&["etcd"], "etcd", "etcd")
    },
    Entry {
        programs: &["redis-server"],
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["redis-server"],
        passthrough: true,
        ports: &[6379],
        http: HttpKind::NotHttp,
        image_size: 45_123_877,
        base_memory: 3 * MIB,
        startup_ms: 100,
        workdir: "/data",
        ..entry(&["redis"], "redis", "redis-server")
    },
    Entry {
        programs: &["httpd-foreground", "httpd"],
        cmd: &["httpd-foreground"],
        ports: &[80],
        image_size: 58_341_502,
        base_memory: 5 * MIB,
        cpu_per_request: 0.3,
        workdir: "/usr/local/apache2",
        body: "<html><body><h1>It works!</h1></body></html>\n",
        ..entry(&["httpd"], "httpd", "httpd")
    },
    Entry {
        programs: &["apache2-foreground", "apache2"],
        entrypoint: &["docker-php-entrypoint"],
        cmd: &["apache2-foreground"],
        passthrough: true,
        ports: &[80],
        image_size: 180_412_305,
        base_memory: 12 * MIB,
        workdir: "/var/www/html",
        ..entry(&["php"], "php", "apache2")
    },
    Entry {
        programs: &["nginx"],
        cmd: &["nginx", "-g", "daemon off;"],
        ports: &[8080],
        image_size: 46_134_572,
        base_memory: 5 * MIB,
        cpu_per_request: 0.3,
        body: "CLIENT VALUES:\nclient_address={hostname}\nmethod=GET\n",
        ..entry(&["echoserver"], "echoserver", "nginx")
    },
    Entry {
        programs: &["apache2-foreground", "apache2"],
        cmd: &["apache2-foreground"],
        ports: &[80],
        image_size: 160_233_718,
        base_memory: 20 * MIB,
        workdir: "/var/www/html",
        body: "<html ng-app=\"redis\"><head><title>Guestbook</title></head></html>\n",
        ..entry(&["gb-frontend"], "guestbook", "apache2")
    },
    Entry {
        programs: &["hello-app"],
        cmd: &["./hello-app"],
        ports: &[8080],
        sigterm_exit: Some(2),
        image_size: 11_094_720,
        base_memory: 3 * MIB,
        startup_ms: 0,
        userland: Userland::Distroless,
        body: "Hello, world!\nVersion: 1.0.0\nHostname: {hostname}\n",
        ..entry(&["hello-app"], "hello-app", "hello-app")
    },
    Entry {
        programs: &["node", "npm"],
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["node"],
        passthrough: true,
        ports: &[3000],
        sigterm_exit: None,
        image_size: 398_217_003,
        base_memory: 40 * MIB,
        startup_ms: 500,
        userland: Userland::DebianFull,
        ..entry(&["node"], "node", "node")
    },
    Entry {
        programs: &["python3", "python"],
        cmd: &["python3"],
        ports: &[8000],
        sigterm_exit: Some(143),
        image_size: 370_512_990,
        base_memory: 10 * MIB,
        startup_ms: 300,
        userland: Userland::DebianFull,
        ..entry(&["python"], "python", "python3")
    },
];

const NGINX_INDEX: &str = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n</body>\n</html>\n";

const NGINX_404: &str = "<html>\n<head><title>404 Not Found</title></head>\n<body>\n<center><h1>404 Not Found</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n";

const FLASK_APP: &str = "from flask import Flask\nimport os\napp = Flask(__name__)\n\n@app.route('/')\ndef hello_world():\n    return 'Hello, my first docker images! ' + os.getenv('HOSTNAME', '')\n\nif __name__ == '__main__':\n    app.run(host='0.0.0.0', port=5000)\n";

/// Programs a userland lacks.
fn missing_programs(userland: Userland) -> Vec<String> {
    let names: &[&str] = match userland {
        Userland::Busybox => &["bash", "dash", "curl", "ab"],
        Userland::BusyboxCurl => &["bash", "dash", "ab"],
        Userland::DebianMin => &["ash", "ps", "pkill", "pgrep", "killall", "curl", "wget", "ab"],
        Userland::DebianCurl => &["ash", "ps", "pkill", "pgrep", "killall", "wget", "ab"],
        Userland::DebianFull => &["ash", "killall", "ab"],
        // The seed's image has curl (`curl 127.0.0.1:5000` in its shell) and ab (apache2-utils).
        Userland::DebianProcps => &["ash", "wget"],
        Userland::Distroless => shell::programs(),
    };
    names.iter().map(|s| s.to_string()).collect()
}

/// Pull time: registry round trips plus download at 40 MB/s.
fn pull_time_for(size: u64) -> SimDuration {
    SimDuration::from_millis(900 + size / 40_000)
}

/// Kubernetes semantics: `command` replaces ENTRYPOINT (and drops CMD), `args` replace CMD.
/// A pass-through entrypoint script is dropped when it would just run `args`.
fn effective_argv(entry: &Entry, container: &Container) -> Vec<String> {
    let owned = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let mut argv = match (&container.command, &container.args) {
        (Some(command), args) => {
            let mut argv = command.clone();
            argv.extend(args.clone().unwrap_or_default());
            argv
        }
        (None, Some(args)) => {
            let mut argv = owned(entry.entrypoint);
            argv.extend(args.iter().cloned());
            argv
        }
        (None, None) => {
            let mut argv = owned(entry.entrypoint);
            argv.extend(owned(entry.cmd));
            argv
        }
    };
    if entry.passthrough
        && !entry.entrypoint.is_empty()
        && argv.len() > entry.entrypoint.len()
        && argv[..entry.entrypoint.len()] == owned(entry.entrypoint)[..]
    {
        let rest = &argv[entry.entrypoint.len()..];
        if rest.first().is_some_and(|first| !first.starts_with('-')) {
            argv = rest.to_vec();
        } else {
            // `args: ["--port", "7000"]`: the entrypoint script prepends the default program.
            let mut with_program = owned(&entry.cmd[..entry.cmd.len().min(1)]);
            with_program.extend(rest.iter().cloned());
            argv = with_program;
        }
    }
    argv
}

fn from_entry(entry: &Entry, container: &Container, declared_ports: &[i64]) -> AppProfile {
    let argv = effective_argv(entry, container);
    let program = argv.first().map(|s| shell::basename(s).to_string()).unwrap_or_default();
    let mut profile = AppProfile {
        kind: entry.kind.to_string(),
        process_name: entry.process.to_string(),
        pull_time: pull_time_for(entry.image_size),
        image_size: entry.image_size,
        startup_delay: SimDuration::from_millis(entry.startup_ms),
        listen_ports: entry.ports.to_vec(),
        sigterm_exit: entry.sigterm_exit,
        http: match entry.http {
            HttpKind::Healthy => HttpBehaviour::Healthy,
            HttpKind::NoServer => HttpBehaviour::None,
            HttpKind::NotHttp => HttpBehaviour::None,
            HttpKind::FailAfterRequests(n) => HttpBehaviour::FailAfterRequests(n),
            HttpKind::FailAfterSecs(s) => HttpBehaviour::FailAfterTime(SimDuration::from_secs(s)),
        },
        crash_after: None,
        leak_bytes_per_sec: 0,
        base_memory: entry.base_memory,
        cpu_per_request: entry.cpu_per_request,
        note: None,
        runs_shell: false,
        cmdline: argv.join(" "),
        argv: argv.clone(),
        http_paths: entry.paths.map(|paths| paths.iter().map(|p| p.to_string()).collect()),
        body: entry.body.to_string(),
        grpc_ports: entry.grpc_ports.to_vec(),
        idle_cpu: entry.idle_cpu,
        missing_programs: missing_programs(entry.userland),
        gnu_userland: matches!(
            entry.userland,
            Userland::DebianMin | Userland::DebianCurl | Userland::DebianFull | Userland::DebianProcps
        ),
        workdir: entry.workdir.to_string(),
        warnings: Vec::new(),
    };
    let is_app = entry.programs.contains(&program.as_str()) || (entry.programs.is_empty() && entry.http.is_server());
    if !is_app {
        // A shell program (the busybox family, or `command: [sh, -c, ...]` on any image),
        // or a program this image lacks, which fails to start like on a real node.
        make_shell(&mut profile, &program);
        return profile;
    }
    match entry.kind {
        "agnhost" => agnhost(&mut profile, &argv),
        "node" | "python" => {
            // A bare REPL without a tty reads EOF and exits 0 at once (CrashLoopBackOff).
            if argv.len() <= 1 {
                profile.crash_after = Some((SimDuration::ZERO, 0));
                profile.listen_ports.clear();
                profile.http = HttpBehaviour::None;
            } else if !declared_ports.is_empty() {
                profile.listen_ports = declared_ports.to_vec();
            } else if let Some(port) = argv.iter().rev().find_map(|a| a.parse::<i64>().ok()) {
                profile.listen_ports = vec![port];
            }
            profile.process_name = program;
        }
        _ => {}
    }
    profile
}

impl HttpKind {
    fn is_server(self) -> bool {
        !matches!(self, HttpKind::NoServer)
    }
}

fn make_shell(profile: &mut AppProfile, program: &str) {
    profile.runs_shell = true;
    profile.process_name = if program.is_empty() { "sh".into() } else { program.to_string() };
    profile.listen_ports.clear();
    profile.grpc_ports.clear();
    profile.http = HttpBehaviour::None;
    profile.sigterm_exit = None;
    profile.cpu_per_request = 0.0;
    profile.idle_cpu = 0.0;
    profile.base_memory = profile.base_memory.min(MIB);
}

/// agnhost's subcommands: `liveness` fails after 10 s; `netexec`, `serve-hostname` and the
/// rest serve 200.
fn agnhost(profile: &mut AppProfile, argv: &[String]) {
    let subcommand = argv.iter().skip(1).find(|a| !a.starts_with('-')).map(String::as_str).unwrap_or("");
    let flag_port = argv
        .iter()
        .find_map(|a| a.strip_prefix("--http-port=").or_else(|| a.strip_prefix("--port=")))
        .and_then(|p| p.parse::<i64>().ok());
    match subcommand {
        "liveness" => {
            profile.kind = "agnhost-liveness".into();
            profile.http = HttpBehaviour::FailAfterTime(SimDuration::from_secs(10));
            profile.listen_ports = vec![8080];
        }
        "serve-hostname" => {
            profile.listen_ports = vec![flag_port.unwrap_or(9376)];
            profile.body = "{hostname}".into();
        }
        "pause" => {
            profile.listen_ports.clear();
            profile.http = HttpBehaviour::None;
        }
        _ => {
            profile.listen_ports = vec![flag_port.unwrap_or(8080)];
        }
    }
}

fn generic(image: &str, container: &Container, declared_ports: &[i64]) -> AppProfile {
    let base = entry(&[], "generic-web", "app");
    let mut profile = from_entry(
        &Entry { ports: &[80], sigterm_exit: Some(143), ..base },
        &Container { command: None, args: None, ..container.clone() },
        declared_ports,
    );
    profile.kind = "generic-web".into();
    profile.process_name = "app".into();
    if !declared_ports.is_empty() {
        profile.listen_ports = declared_ports.to_vec();
    }
    profile.note = Some(format!("image \"{image}\" is not in kubeplay's catalogue; it runs as a generic web server"));
    // Nothing is known about its userland: every utility is there, with busybox texts.
    profile.missing_programs.clear();
    profile.gnu_userland = false;
    // An explicit shell command still runs in the shell (with a busybox-like userland).
    let argv: Vec<String> =
        container.command.iter().flatten().chain(container.args.iter().flatten()).cloned().collect();
    if let Some(first) = argv.first() {
        let program = shell::basename(first).to_string();
        if shell::programs().contains(&program.as_str()) {
            profile.argv = argv.clone();
            profile.cmdline = argv.join(" ");
            profile.kind = "generic-shell".into();
            profile.note = Some(format!(
                "image \"{image}\" is not in kubeplay's catalogue; its command runs in kubeplay's busybox shell"
            ));
            make_shell(&mut profile, &program);
        } else {
            profile.cmdline = argv.join(" ");
            profile.argv = argv;
        }
    }
    profile
}

fn apply_annotations(profile: &mut AppProfile, annotations: &BTreeMap<String, String>) {
    let mut warnings = Vec::new();
    let duration = |key: &str, warnings: &mut Vec<String>| -> Option<SimDuration> {
        let value = annotations.get(key)?;
        let parsed = SimDuration::parse(value);
        if parsed.is_none() {
            warnings.push(profile_warning(key, value, "a duration such as \"20s\" or \"1m\""));
        }
        parsed
    };
    if let Some(d) = duration("kubeplay.dev/startup-delay", &mut warnings) {
        profile.startup_delay = d;
    }
    if let Some(d) = duration("kubeplay.dev/pull-time", &mut warnings) {
        profile.pull_time = d;
    }
    if let Some(d) = duration("kubeplay.dev/fail-after", &mut warnings) {
        profile.http = HttpBehaviour::FailAfterTime(d);
    }
    let exit_code = match annotations.get("kubeplay.dev/exit-code") {
        Some(value) => match value.trim().parse::<i32>() {
            Ok(code) if (0..=255).contains(&code) => Some(code),
            _ => {
                warnings.push(profile_warning("kubeplay.dev/exit-code", value, "an integer from 0 to 255"));
                None
            }
        },
        None => None,
    };
    if let Some(d) = duration("kubeplay.dev/crash-after", &mut warnings) {
        profile.crash_after = Some((d, exit_code.unwrap_or(1)));
    } else if exit_code.is_some() && !annotations.contains_key("kubeplay.dev/crash-after") {
        warnings.push("annotation kubeplay.dev/exit-code has no effect without kubeplay.dev/crash-after".into());
    }
    if let Some(value) = annotations.get("kubeplay.dev/leak-per-second") {
        match parse_quantity(value) {
            Some(bytes) if bytes < 1e15 => profile.leak_bytes_per_sec = bytes.round() as u64,
            _ => warnings.push(profile_warning(
                "kubeplay.dev/leak-per-second",
                value,
                "a memory quantity such as \"10Mi\"",
            )),
        }
    }
    if let Some(value) = annotations.get("kubeplay.dev/fail-after-requests") {
        match value.trim().parse::<u64>() {
            Ok(n) => profile.http = HttpBehaviour::FailAfterRequests(n),
            Err(_) => warnings.push(profile_warning(
                "kubeplay.dev/fail-after-requests",
                value,
                "a whole number such as \"5\"",
            )),
        }
    }
    if let Some(value) = annotations.get("kubeplay.dev/cpu-per-request") {
        match parse_quantity(value) {
            Some(cores) if cores < 1e9 => profile.cpu_per_request = cores * 1000.0,
            _ => {
                warnings.push(profile_warning("kubeplay.dev/cpu-per-request", value, "a CPU quantity such as \"50m\""))
            }
        }
    }
    profile.warnings.extend(warnings);
}

fn profile_warning(key: &str, value: &str, what: &str) -> String {
    format!("annotation {key}: \"{value}\" is not {what}; ignored")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ContainerPort;

    fn container(image: &str, command: Option<&[&str]>, args: Option<&[&str]>) -> Container {
        Container {
            name: "c".into(),
            image: image.into(),
            command: command.map(|c| c.iter().map(|s| s.to_string()).collect()),
            args: args.map(|a| a.iter().map(|s| s.to_string()).collect()),
            ..Container::default()
        }
    }

    fn profile(image: &str) -> AppProfile {
        profile_for(&container(image, None, None), &BTreeMap::new())
    }

    fn annotated(image: &str, pairs: &[(&str, &str)]) -> AppProfile {
        let annotations = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        profile_for(&container(image, None, None), &annotations)
    }

    fn started(profile: &AppProfile) -> AppState {
        AppState::start(profile, "pod-1", SimTime::ZERO).unwrap()
    }

    fn get(profile: &AppProfile, state: &mut AppState, port: i64, path: &str, at_secs: u64) -> HttpOutcome {
        http_get(profile, state, port, path, SimTime::from_secs(at_secs))
    }

    #[test]
    fn repository_names() {
        assert_eq!(repository_name("nginx:1.14.2"), "nginx");
        assert_eq!(repository_name("docker.io/library/nginx@sha256:abc"), "nginx");
        assert_eq!(repository_name("registry.k8s.io/busybox:1.27.2"), "busybox");
        assert_eq!(repository_name("registry.k8s.io/e2e-test-images/agnhost:2.40"), "agnhost");
        assert_eq!(repository_name("localhost:5000/team/app:v1"), "app");
        assert_eq!(repository_name(""), "");
    }

    #[test]
    fn nginx() {
        let p = profile("nginx:1.14.2");
        assert_eq!((p.kind.as_str(), p.process_name.as_str()), ("nginx", "nginx"));
        assert_eq!(p.listen_ports, vec![80]);
        assert_eq!(p.sigterm_exit, Some(0));
        assert_eq!(p.image_size, 72_223_946);
        assert_eq!(p.pull_time, SimDuration::from_millis(2705));
        assert!(!p.runs_shell);
        assert_eq!(p.cmdline, "nginx -g daemon off;");
        let mut s = started(&p);
        assert_eq!(
            get(&p, &mut s, 80, "/", 0),
            HttpOutcome::ConnectionRefused,
            "not listening before the startup delay"
        );
        assert_eq!(get(&p, &mut s, 80, "/", 1), HttpOutcome::Status(200));
        assert_eq!(get(&p, &mut s, 80, "/healthz", 1), HttpOutcome::Status(404));
        assert_eq!(get(&p, &mut s, 8080, "/", 1), HttpOutcome::ConnectionRefused);
        assert!(response_body(&p, &s, 200).contains("Welcome to nginx!"));
    }

    #[test]
    fn seed_flask_app() {
        let p = profile("lyzhang1999/hello-world-flask:latest");
        assert_eq!(p.process_name, "python3");
        assert_eq!(p.listen_ports, vec![5000]);
        assert_eq!(p.sigterm_exit, Some(143));
        assert_eq!(p.exit_code_on_signal(15), Some(143));
        assert_eq!(p.exit_code_on_signal(9), Some(137));
        let mut s = started(&p);
        assert_eq!(get(&p, &mut s, 5000, "/", 2), HttpOutcome::Status(200));
        let argv: Vec<String> = ["bash", "-c", "killall python3"].iter().map(|s| s.to_string()).collect();
        let result = shell::exec(&argv, &mut s.fs, &p.cmdline);
        assert_eq!((result.exit_code, result.signal_main), (0, Some(15)));
        let argv: Vec<String> = ["bash", "-c", "killall -9 python3"].iter().map(|s| s.to_string()).collect();
        assert_eq!(shell::exec(&argv, &mut s.fs, &p.cmdline).signal_main, Some(9));
    }

    #[test]
    fn busybox_family_runs_the_shell() {
        for image in ["busybox", "registry.k8s.io/busybox:1.27.2", "alpine:3.19", "ubuntu", "debian:bookworm"] {
            let p = profile(image);
            assert_eq!(p.kind, "busybox", "{image}");
            assert!(p.runs_shell, "{image}");
            assert!(p.listen_ports.is_empty());
            assert_eq!(p.sigterm_exit, None);
            assert_eq!(p.exit_code_on_signal(15), None);
        }
        assert_eq!(profile("busybox").process_name, "sh");
        assert_eq!(profile("ubuntu").process_name, "bash");
        // With no command, busybox's `sh` exits 0 at once.
        let p = profile("busybox");
        let mut s = started(&p);
        let script = s.script.as_mut().unwrap();
        assert_eq!(script.resume(&mut s.fs), shell::ScriptStep::Exit(0));
    }

    #[test]
    fn busybox_has_no_bash() {
        let p = profile_for(&container("busybox", Some(&["bash", "-c", "sleep 1"]), None), &BTreeMap::new());
        let error = AppState::start(&p, "pod", SimTime::ZERO).unwrap_err();
        assert_eq!(error, shell::runtime_not_found("bash"));
    }

    #[test]
    fn shell_command_on_a_server_image() {
        let p = profile_for(&container("nginx", None, Some(&["sleep", "3600"])), &BTreeMap::new());
        assert!(p.runs_shell);
        assert_eq!(p.process_name, "sleep");
        assert_eq!(p.argv, vec!["sleep", "3600"]);
        assert!(p.listen_ports.is_empty());
        let p = profile_for(&container("nginx", Some(&["sh", "-c", "echo hi"]), None), &BTreeMap::new());
        assert!(p.runs_shell);
        assert_eq!(p.kind, "nginx");
    }

    #[test]
    fn seed_003_fails_from_the_sixth_request() {
        for image in ["k8s-node-demo-unhealth-image", "luksa/kubia-unhealthy"] {
            let p = profile(image);
            assert_eq!((p.process_name.as_str(), p.listen_ports.clone()), ("node", vec![8080]));
            let mut s = started(&p);
            let answers: Vec<HttpOutcome> = (0..7).map(|_| get(&p, &mut s, 8080, "/", 5)).collect();
            let ok = HttpOutcome::Status(200);
            let bad = HttpOutcome::Status(500);
            assert_eq!(answers, vec![ok.clone(), ok.clone(), ok.clone(), ok.clone(), ok, bad.clone(), bad]);
        }
    }

    #[test]
    fn agnhost_liveness_fails_after_ten_seconds() {
        let p = profile_for(
            &container("registry.k8s.io/e2e-test-images/agnhost:2.40", None, Some(&["liveness"])),
            &BTreeMap::new(),
        );
        assert_eq!(p.kind, "agnhost-liveness");
        assert_eq!(p.sigterm_exit, Some(2));
        let mut s = started(&p);
        let codes: Vec<HttpOutcome> =
            [3, 6, 9, 10, 12, 15].iter().map(|t| get(&p, &mut s, 8080, "/healthz", *t)).collect();
        let ok = HttpOutcome::Status(200);
        let bad = HttpOutcome::Status(500);
        assert_eq!(codes, vec![ok.clone(), ok.clone(), ok.clone(), ok, bad.clone(), bad]);
        let legacy = profile_for(&container("k8s.gcr.io/liveness", None, Some(&["/server"])), &BTreeMap::new());
        assert_eq!(legacy.http, HttpBehaviour::FailAfterTime(SimDuration::from_secs(10)));
        assert_eq!(legacy.process_name, "server");
        let netexec = profile_for(
            &container("registry.k8s.io/e2e-test-images/agnhost:2.40", None, Some(&["netexec", "--http-port=8081"])),
            &BTreeMap::new(),
        );
        assert_eq!((netexec.http.clone(), netexec.listen_ports.clone()), (HttpBehaviour::Healthy, vec![8081]));
        let hostname = profile_for(
            &container("registry.k8s.io/e2e-test-images/agnhost:2.40", None, Some(&["serve-hostname"])),
            &BTreeMap::new(),
        );
        assert_eq!(hostname.listen_ports, vec![9376]);
    }

    #[test]
    fn goproxy_tcp_and_etcd_grpc() {
        let p = profile("registry.k8s.io/goproxy:0.1");
        let s = started(&p);
        assert!(tcp_connect(&p, &s, 8080, SimTime::from_secs(15)));
        assert!(!tcp_connect(&p, &s, 8081, SimTime::from_secs(15)));
        let e = profile("registry.k8s.io/etcd:3.5.1-0");
        let s = started(&e);
        assert_eq!(grpc_check(&e, &s, 2379, SimTime::from_secs(1)), GrpcOutcome::ConnectionRefused);
        assert_eq!(grpc_check(&e, &s, 2379, SimTime::from_secs(10)), GrpcOutcome::Serving);
        assert_eq!(grpc_check(&e, &s, 2380, SimTime::from_secs(10)), GrpcOutcome::Unimplemented);
        assert!(e.missing_programs.contains(&"sh".to_string()), "distroless etcd has no shell");
    }

    #[test]
    fn hpa_example_is_cpu_heavy() {
        let p = profile("registry.k8s.io/hpa-example");
        assert_eq!((p.kind.as_str(), p.process_name.as_str(), p.cpu_per_request), ("php-apache", "apache2", 7.0));
        let mut s = started(&p);
        assert_eq!(get(&p, &mut s, 80, "/", 5), HttpOutcome::Status(200));
        assert_eq!(response_body(&p, &s, 200), "OK!");
        // ~100 req/s of the walkthrough's load generator is 700m of demand.
        assert_eq!(100.0 * p.cpu_per_request, 700.0);
    }

    #[test]
    fn redis_is_not_http() {
        let p = profile("redis:7");
        let mut s = started(&p);
        assert!(tcp_connect(&p, &s, 6379, SimTime::from_secs(1)));
        assert_eq!(get(&p, &mut s, 6379, "/", 1), HttpOutcome::ConnectionRefused);
    }

    #[test]
    fn entrypoint_scripts_pass_args_through() {
        let p = profile_for(&container("redis", None, Some(&["--port", "7000"])), &BTreeMap::new());
        assert_eq!(p.argv, vec!["redis-server", "--port", "7000"]);
        assert!(!p.runs_shell);
        let p = profile_for(&container("nginx", None, Some(&["nginx-debug", "-g", "daemon off;"])), &BTreeMap::new());
        assert_eq!((p.argv[0].as_str(), p.runs_shell), ("nginx-debug", false));
        let p = profile_for(&container("nginx", Some(&["/myserver"]), None), &BTreeMap::new());
        assert_eq!(AppState::start(&p, "pod", SimTime::ZERO).err(), Some(shell::runtime_not_found("/myserver")));
    }

    #[test]
    fn repl_images_exit_at_once() {
        assert_eq!(profile("python:3.12").crash_after, Some((SimDuration::ZERO, 0)));
        assert_eq!(profile("node:20").crash_after, Some((SimDuration::ZERO, 0)));
        let p = profile_for(
            &container("python:3.12", Some(&["python3", "-m", "http.server", "8000"]), None),
            &BTreeMap::new(),
        );
        assert_eq!((p.crash_after, p.listen_ports.clone()), (None, vec![8000]));
    }

    #[test]
    fn unknown_image_is_a_generic_web_server() {
        let mut c = container("example-image", None, None);
        c.ports = vec![ContainerPort { container_port: 8080, ..ContainerPort::default() }];
        let p = profile_for(&c, &BTreeMap::new());
        assert_eq!(p.kind, "generic-web");
        assert_eq!(p.listen_ports, vec![8080]);
        assert_eq!(
            p.note.as_deref(),
            Some("image \"example-image\" is not in kubeplay's catalogue; it runs as a generic web server")
        );
        assert_eq!(profile("example-image").listen_ports, vec![80]);
        let shelled = profile_for(&container("example-image", Some(&["sh", "-c", "sleep 5"]), None), &BTreeMap::new());
        assert!(shelled.runs_shell);
    }

    #[test]
    fn annotations_override() {
        let p = annotated(
            "nginx",
            &[
                ("kubeplay.dev/startup-delay", "20s"),
                ("kubeplay.dev/crash-after", "30s"),
                ("kubeplay.dev/exit-code", "3"),
                ("kubeplay.dev/leak-per-second", "10Mi"),
                ("kubeplay.dev/fail-after-requests", "5"),
                ("kubeplay.dev/cpu-per-request", "50m"),
                ("kubeplay.dev/pull-time", "5s"),
            ],
        );
        assert_eq!(p.startup_delay, SimDuration::from_secs(20));
        assert_eq!(p.crash_after, Some((SimDuration::from_secs(30), 3)));
        assert_eq!(p.leak_bytes_per_sec, 10 * MIB);
        assert_eq!(p.http, HttpBehaviour::FailAfterRequests(5));
        assert!((p.cpu_per_request - 50.0).abs() < 1e-9);
        assert_eq!(p.pull_time, SimDuration::from_secs(5));
        assert!(p.warnings.is_empty());
        let s = started(&p);
        assert!(!tcp_connect(&p, &s, 80, SimTime::from_secs(19)));
        assert!(tcp_connect(&p, &s, 80, SimTime::from_secs(20)));
        assert_eq!(memory_bytes(&p, &s, SimTime::from_secs(2)), 4 * MIB + 20 * MIB);
        assert_eq!(
            annotated("nginx", &[("kubeplay.dev/crash-after", "1m")]).crash_after,
            Some((SimDuration::from_secs(60), 1))
        );
        assert_eq!(
            annotated("nginx", &[("kubeplay.dev/fail-after", "10s")]).http,
            HttpBehaviour::FailAfterTime(SimDuration::from_secs(10))
        );
    }

    #[test]
    fn bad_annotations_are_ignored_with_a_warning() {
        let p = annotated(
            "nginx",
            &[
                ("kubeplay.dev/startup-delay", "soon"),
                ("kubeplay.dev/exit-code", "-4"),
                ("kubeplay.dev/leak-per-second", "lots"),
                ("kubeplay.dev/fail-after-requests", "-1"),
                ("kubeplay.dev/cpu-per-request", "\u{0}"),
            ],
        );
        assert_eq!(p, profile_with_warnings(p.warnings.clone()));
        assert_eq!(
            p.warnings,
            vec![
                "annotation kubeplay.dev/startup-delay: \"soon\" is not a duration such as \"20s\" or \"1m\"; ignored",
                "annotation kubeplay.dev/exit-code: \"-4\" is not an integer from 0 to 255; ignored",
                "annotation kubeplay.dev/leak-per-second: \"lots\" is not a memory quantity such as \"10Mi\"; ignored",
                "annotation kubeplay.dev/fail-after-requests: \"-1\" is not a whole number such as \"5\"; ignored",
                "annotation kubeplay.dev/cpu-per-request: \"\u{0}\" is not a CPU quantity such as \"50m\"; ignored",
            ]
        );
    }

    fn profile_with_warnings(warnings: Vec<String>) -> AppProfile {
        AppProfile { warnings, ..profile("nginx") }
    }

    #[test]
    fn every_entry_has_a_sane_profile() {
        for entry in ENTRIES {
            for name in entry.names {
                let p = profile(name);
                assert!(p.image_size > 1_000_000, "{name}");
                assert!(p.pull_time >= SimDuration::from_millis(900), "{name}");
                assert!(!p.process_name.is_empty(), "{name}");
                assert!(AppState::start(&p, "pod", SimTime::ZERO).is_ok() || p.runs_shell, "{name}");
            }
        }
    }
}
