//! The kubelet on each node: admits bound pods, pulls images, starts containers, runs probes,
//! restarts with CrashLoopBackOff, kills with SIGTERM / grace period / SIGKILL, and reports
//! pod status to the API (only while the node is powered and connected).
//!
//! Models pkg/kubelet (kubelet_pods.go getPhase, kuberuntime_manager.go computePodActions /
//! doBackOff, prober/) as of v1.35, simplified to one sync per state change; PLEG's 1 s relist
//! is the delay between a container exiting and the kubelet acting on it.

pub mod backoff;
pub mod log;
pub mod prober;

pub use prober::{ProbeKind, ProbeResult, ProbeWorker};

use super::apps::app_log::{self, Client, LogStyle};
use super::apps::{self, shell, AppProfile, AppState, HttpOutcome};
use super::time::{SimDuration, SimTime};
use super::{ApiError, BadRequest, Cluster, Ev, Killed};
use crate::api::*;
use crate::name_set::NameSet;
use backoff::{Backoff, Decision};
pub use log::{ContainerLog, MAX_LOG_LINES};
use std::rc::Rc;

/// From binding to the kubelet admitting the pod (watch delivery, sandbox set-up start).
pub const ADMIT_DELAY: SimDuration = SimDuration::from_millis(500);
/// How long a pull of an image that does not exist takes to fail.
pub const FAILED_PULL: SimDuration = SimDuration::from_secs(1);
/// Creating the pod sandbox before the first container can be pulled or started.
pub const SANDBOX_DELAY: SimDuration = SimDuration::from_secs(1);
/// The status manager's first readiness probe after a container starts.
pub const READINESS_NUDGE: SimDuration = SimDuration::from_secs(1);
/// PLEG relist period: how long after a container exits the kubelet notices.
pub const PLEG_DELAY: SimDuration = SimDuration::from_secs(1);
/// How long a powered-on node takes to boot before its kubelet runs.
pub const BOOT_TIME: SimDuration = SimDuration::from_secs(10);
/// Lease renew interval (0.25 × 40 s lease).
pub const LEASE_RENEW: SimDuration = SimDuration::from_secs(10);
/// Pull time for an image that is cached but has pull policy Always (a digest check).
pub const CACHED_PULL: SimDuration = SimDuration::from_millis(600);

/// The machine behind a Node: power, network, image cache, kubelet boot generation.
#[derive(Clone, Debug)]
pub struct NodeAgent {
    pub index: usize,
    pub powered: bool,
    pub connected: bool,
    /// Incremented at every power-on, so events of an earlier boot are ignored.
    pub boot: u64,
    pub images: NameSet,
    pub next_ip: u32,
    pub heartbeat_phase: SimDuration,
    /// Last lease renewal the API has seen.
    pub last_renew: SimTime,
    pub powered_off_at: Option<SimTime>,
    /// Sum of CPU requests of pods bound here [millicores], memory [bytes], pod count.
    pub requested_cpu: i64,
    pub requested_memory: i64,
    pub pod_count: i64,
    /// Requests of bound pods with the scheduler's non-zero defaults (100m / 200Mi for a
    /// container without requests), used for scoring only.
    pub scoring_cpu: i64,
    pub scoring_memory: i64,
    /// Allocatable CPU [millicores] and memory [bytes] (the machine's size never changes).
    pub allocatable_cpu: i64,
    pub allocatable_memory: i64,
    /// Bound, not-terminating pods per controlling owner, for the scheduler's spreading.
    pub owner_pods: crate::engine::fxhash::FxHashMap<String, u32>,
}

impl NodeAgent {
    pub fn new(
        index: usize,
        heartbeat_phase: SimDuration,
        now: SimTime,
        allocatable_cpu: i64,
        allocatable_memory: i64,
    ) -> NodeAgent {
        NodeAgent {
            index,
            powered: true,
            connected: true,
            boot: 0,
            images: NameSet::new(),
            next_ip: 2,
            heartbeat_phase,
            last_renew: now,
            powered_off_at: None,
            requested_cpu: 0,
            requested_memory: 0,
            pod_count: 0,
            owner_pods: Default::default(),
            scoring_cpu: 0,
            scoring_memory: 0,
            allocatable_cpu,
            allocatable_memory,
        }
    }

    /// Whether the kubelet's writes reach the API server.
    pub fn reachable(&self) -> bool {
        self.powered && self.connected
    }
}

/// What the container runtime holds for one container.
#[derive(Clone, Debug, PartialEq)]
pub enum CState {
    /// Not started yet, or waiting to restart (`CrashLoopBackOff`).
    Waiting {
        reason: String,
        message: Option<String>,
    },
    Running {
        started_at: SimTime,
    },
    Terminated(StateTerminated),
}

#[derive(Clone, Debug)]
pub struct Kill {
    deadline: super::queue::EventKey,
    /// A liveness/startup kill restarts in the same sync (reference §2.2.4).
    restart_after: bool,
}

/// The network as a command in a container sees it (`curl`/`wget` in `kubectl exec`): the
/// pod's running containers answer on `localhost`/`127.0.0.1`, as they share the pod's
/// network namespace. Simplified: no other name resolves (Services, pod IPs).
struct PodNetwork {
    now: SimTime,
    /// Running containers: (index in the pod, profile, the state `apps::http_get` reads).
    listeners: Vec<(usize, AppProfile, AppState)>,
    /// Requests answered: (container index, path, status, `User-Agent`), for the
    /// apps' access logs.
    answered: Vec<(usize, String, u16, &'static str)>,
}

impl PodNetwork {
    /// What an HTTP answer needs of a container's state, without its files and script.
    fn light_state(app: &AppState) -> AppState {
        AppState {
            fs: shell::Fs { hostname: app.fs.hostname.clone(), ..shell::Fs::default() },
            requests_served: app.requests_served,
            started_at: app.started_at,
            forced_failing: app.forced_failing,
            ..AppState::default()
        }
    }
}

impl shell::Network for PodNetwork {
    fn http_get(&mut self, url: &str, user_agent: &'static str) -> Result<shell::HttpReply, shell::NetError> {
        let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
        let (authority, path) = rest.find('/').map_or((rest, "/"), |at| (&rest[..at], &rest[at..]));
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) => (host, port.parse::<i64>().map_err(|_| shell::NetError::BadAddress)?),
            None => (authority, 80),
        };
        if !matches!(host, "localhost" | "127.0.0.1") {
            return Err(shell::NetError::BadAddress);
        }
        let refused = || shell::NetError::Refused("127.0.0.1".into());
        let (idx, profile, state) = self
            .listeners
            .iter_mut()
            .find(|(_, profile, _)| profile.listen_ports.contains(&port))
            .ok_or_else(refused)?;
        match apps::http_get(profile, state, port, path, self.now) {
            HttpOutcome::Status(status) => {
                self.answered.push((*idx, path.to_string(), status, user_agent));
                Ok(shell::HttpReply { status, body: apps::response_body(profile, state, status) })
            }
            HttpOutcome::ConnectionRefused => Err(refused()),
        }
    }
}

#[derive(Clone, Debug)]
pub struct ContainerRuntime {
    pub spec: Container,
    pub profile: AppProfile,
    pub app: AppState,
    pub state: CState,
    /// Container instance number (the container ID changes at each start).
    pub cgen: u64,
    pub restart_count: i64,
    pub last_terminated: Option<StateTerminated>,
    pub backoff: Backoff,
    pub probes: [Option<ProbeWorker>; 3],
    pub ready: bool,
    pub started: bool,
    pub kill: Option<Kill>,
    pub pulling: bool,
    /// Back-off between failed image pulls (10 s doubling to 300 s, as for restarts).
    pub pull_backoff: Backoff,
    pub pull_failed_at: Option<SimTime>,
    pub ever_started: bool,
    /// Container log lines (bounded), and the previous instance's.
    pub logs: ContainerLog,
    pub previous_logs: ContainerLog,
    /// Bytes the container's shell held after its last run, as counted in
    /// `Cluster::shell_memory_total`.
    pub shell_bytes: u64,
    /// The shell's CPU time already added to `app`'s counter [microseconds at one core].
    pub cpu_seen: u64,
}

/// The container an interactive shell runs in: the shell ends when this container does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellTarget {
    pub pod: String,
    pub container: String,
    /// The pod runtime's instance and the container's instance number when the shell started.
    pub inst: u64,
    pub cgen: u64,
}

/// The kubelet's view of one admitted pod.
#[derive(Clone, Debug)]
pub struct PodRuntime {
    pub inst: u64,
    pub uid: String,
    pub node: String,
    pub admitted_at: SimTime,
    pub ip: Rc<str>,
    pub containers: Vec<ContainerRuntime>,
    pub terminating: bool,
    pub restart_policy: String,
    pub grace_seconds: i64,
    /// The pod sandbox exists (and with it the pod IP).
    pub sandbox_ready: bool,
}

/// Bytes of log kept per container (the kubelet's `containerLogMaxSize` rotation, scaled
/// down): older lines rotate away, as `kubectl logs` then shows only the current file.
pub const MAX_LOG_BYTES: usize = 1 << 20;
/// Bytes of log kept by all containers together: each container's share is at most this
/// divided by the number of pods with a runtime.
pub const CLUSTER_LOG_BYTES: usize = 64 << 20;
/// Real bytes all containers' shells may hold together (variables, arguments, files).
/// kubeplay holds them for real, so past this the growing container is OOMKilled as on a
/// node out of memory, whatever its limit says.
pub const CLUSTER_SHELL_MEMORY: u64 = 256 << 20;

impl ContainerRuntime {
    fn is_running(&self) -> bool {
        matches!(self.state, CState::Running { .. })
    }

    /// PID 1's access-log lines for `count` requests from `client` to `path` at `now`: the first
    /// `ok` answered 200, the rest `error_status`. Their lines are alike, so each status costs
    /// one line and a count (see `ContainerLog`), whatever the number of requests.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn log_requests(
        &mut self,
        client: Client<'_>,
        path: &str,
        count: u64,
        ok: u64,
        error_status: u16,
        now: SimTime,
        max_bytes: usize,
    ) {
        let style = LogStyle::of(&self.profile);
        if style == LogStyle::Silent || count == 0 {
            return;
        }
        let ok = ok.min(count);
        for (status, n) in [(200, ok), (error_status, count - ok)] {
            if n == 0 {
                continue;
            }
            let bytes = apps::response_body(&self.profile, &self.app, status).len();
            if let Some(line) = app_log::request_line(style, client, path, status, bytes, now) {
                self.logs.push_repeated(line, n, max_bytes);
            }
        }
    }
}

/// `Cluster::log_budget` with `pods` pod runtimes.
pub(crate) fn log_budget_for(pods: usize) -> usize {
    MAX_LOG_BYTES.min(CLUSTER_LOG_BYTES / pods.max(1)).max(shell::MAX_LINE)
}

/// Image pull policy after API defaulting: Always for `:latest` or no tag.
pub fn effective_pull_policy(container: &Container) -> String {
    if let Some(policy) = &container.image_pull_policy {
        return policy.clone();
    }
    let last = container.image.rsplit('/').next().unwrap_or("");
    if container.image.contains('@') {
        "IfNotPresent".into()
    } else if let Some((_, tag)) = last.split_once(':') {
        if tag == "latest" {
            "Always".into()
        } else {
            "IfNotPresent".into()
        }
    } else {
        "Always".into()
    }
}

impl Cluster {
    // ---------------------------------------------------------------- admission

    /// A pod was bound to `node`: the kubelet there admits it (if it is running).
    pub(crate) fn kubelet_admit(&mut self, pod_name: &str) {
        let Some(pod) = self.store.pod(pod_name) else { return };
        let Some(node) = pod.spec.node_name.clone() else { return };
        let Some(agent) = self.agents.get_mut(&node) else { return };
        if !agent.powered || self.runtimes.contains_key(pod_name) {
            return;
        }
        let ip = format!("10.244.{}.{}", agent.index, agent.next_ip);
        agent.next_ip = if agent.next_ip >= 254 { 2 } else { agent.next_ip + 1 };
        let powered_off_at = agent.powered_off_at;
        let pod = pod.clone();
        let inst = self.next_inst();
        let annotations = pod.metadata.annotations.clone();
        let previous: Vec<ContainerStatus> =
            pod.status.as_ref().map(|s| s.container_statuses.clone()).unwrap_or_default();
        let mut containers = Vec::new();
        for spec in &pod.spec.containers {
            let profile = apps::profile_for(spec, &annotations);
            if let Some(note) = &profile.note {
                let note = note.clone();
                self.record("Normal", "Simulated", "Pod", pod_name, note.clone(), "kubeplay");
            }
            let mut rt = ContainerRuntime {
                spec: spec.clone(),
                profile,
                app: AppState::default(),
                state: CState::Waiting { reason: "ContainerCreating".into(), message: None },
                cgen: 0,
                restart_count: 0,
                last_terminated: None,
                backoff: Backoff::default(),
                probes: [
                    spec.liveness_probe.clone().map(|p| ProbeWorker::new(ProbeKind::Liveness, p)),
                    spec.readiness_probe.clone().map(|p| ProbeWorker::new(ProbeKind::Readiness, p)),
                    spec.startup_probe.clone().map(|p| ProbeWorker::new(ProbeKind::Startup, p)),
                ],
                ready: false,
                started: false,
                kill: None,
                pulling: false,
                pull_backoff: Backoff::default(),
                pull_failed_at: None,
                ever_started: false,
                logs: ContainerLog::default(),
                previous_logs: ContainerLog::default(),
                shell_bytes: 0,
                cpu_seen: 0,
            };
            // A pod that ran on this node before a power cycle: its containers died with the
            // machine; the runtime remembers them as exited, so they restart (RESTARTS + 1).
            if let Some(status) = previous.iter().find(|s| s.name == spec.name) {
                if status.state.running.is_some() || status.state.terminated.is_some() || status.restart_count > 0 {
                    let started_at = status.state.running.as_ref().map(|r| r.started_at).unwrap_or(self.now());
                    rt.restart_count = status.restart_count;
                    rt.ever_started = true;
                    rt.cgen = status.restart_count as u64 + 1;
                    rt.state = CState::Terminated(StateTerminated {
                        exit_code: 255,
                        reason: "Unknown".into(),
                        message: None,
                        started_at,
                        finished_at: powered_off_at.unwrap_or(self.now()),
                    });
                }
            }
            containers.push(rt);
        }
        let runtime = PodRuntime {
            inst,
            uid: pod.metadata.uid.clone(),
            node,
            admitted_at: self.now(),
            ip: Rc::from(ip.as_str()),
            containers,
            terminating: false,
            restart_policy: pod.spec.restart_policy.clone().unwrap_or_else(|| "Always".into()),
            grace_seconds: pod.spec.termination_grace_period_seconds.unwrap_or(30),
            sandbox_ready: false,
        };
        // Liveness and startup tickers are anchored at admission; the first tick is now.
        for (idx, c) in runtime.containers.iter().enumerate() {
            for kind in [ProbeKind::Liveness, ProbeKind::Startup] {
                if c.probes[kind.index()].is_some() {
                    self.schedule(self.now(), Ev::ProbeTick { pod: Rc::from(pod_name), inst, idx, kind, gen: 0 });
                }
            }
        }
        self.runtimes.insert(pod_name.to_string(), runtime);
        // The pod sandbox (network namespace, IP) comes first; container restarts reuse it.
        self.schedule(self.now() + SANDBOX_DELAY, Ev::KubeletSync { pod: Rc::from(pod_name), inst });
        self.write_pod_status(pod_name);
    }

    /// Whether an event for this pod instance still applies. Powering a node off drops its
    /// runtimes, so a live runtime implies a running kubelet.
    fn runtime_live(&self, pod: &str, inst: u64) -> bool {
        self.runtimes.get(pod).is_some_and(|rt| rt.inst == inst)
    }

    // ---------------------------------------------------------------- sync

    /// computePodActions, simplified: terminate what must stop, start what may start.
    pub(crate) fn kubelet_sync(&mut self, pod_name: &str, inst: u64) {
        if !self.runtime_live(pod_name, inst) {
            return;
        }
        let reachable =
            self.runtimes.get(pod_name).and_then(|rt| self.agents.get(&rt.node)).is_some_and(|a| a.reachable());
        // A pod gone from the API (force-deleted): stop its containers silently.
        if reachable && self.store.pod(pod_name).is_none_or(|p| p.metadata.uid != self.runtimes[pod_name].uid) {
            self.drop_runtime(pod_name);
            return;
        }
        let deleting = reachable && self.store.pod(pod_name).is_some_and(|p| p.is_terminating());
        if deleting {
            self.terminate_pod(pod_name);
            return;
        }
        let Some(rt) = self.runtimes.get_mut(pod_name) else { return };
        rt.sandbox_ready = true;
        if rt.terminating {
            return;
        }
        let phase = self.store.pod(pod_name).map(|p| p.phase().to_string()).unwrap_or_default();
        if phase == "Succeeded" || phase == "Failed" {
            return;
        }
        self.apply_image_changes(pod_name);
        let Some(rt) = self.runtimes.get(pod_name) else { return };
        let policy = rt.restart_policy.clone();
        let n = rt.containers.len();
        for idx in 0..n {
            let c = &self.runtimes[pod_name].containers[idx];
            if c.kill.is_some() || c.pulling {
                if !c.ever_started {
                    break; // containers start in order
                }
                continue;
            }
            match c.state.clone() {
                CState::Waiting { reason, .. } if !c.ever_started && reason == "ContainerCreating" => {
                    self.begin_pull(pod_name, idx);
                    // An image already present starts at once; the next container starts in
                    // the same sync, as SyncPod starts them one after the other.
                    if self.runtimes.get(pod_name).is_some_and(|rt| rt.containers[idx].ever_started) {
                        continue;
                    }
                    break;
                }
                CState::Waiting { reason, .. }
                    if !c.ever_started && (reason == "ErrImagePull" || reason == "ImagePullBackOff") =>
                {
                    self.retry_pull(pod_name, idx);
                    break;
                }
                CState::Running { .. } => {}
                CState::Terminated(term) => {
                    let restart = match policy.as_str() {
                        "Never" => false,
                        "OnFailure" => term.exit_code != 0,
                        _ => true,
                    };
                    if restart {
                        self.restart_with_backoff(pod_name, idx, term.finished_at);
                    }
                }
                CState::Waiting { .. } => {
                    let finished = c.last_terminated.as_ref().map(|t| t.finished_at).unwrap_or(self.now());
                    self.restart_with_backoff(pod_name, idx, finished);
                }
            }
        }
        self.write_pod_status(pod_name);
    }

    /// A pod update changed container images (the only spec change a pod update may make):
    /// a running container is killed and started again with the new image ("definition
    /// changed"); a waiting one starts with it without back-off (the back-off key includes
    /// the container's hash).
    fn apply_image_changes(&mut self, pod_name: &str) {
        let Some(pod) = self.store.pod(pod_name) else { return };
        let annotations = pod.metadata.annotations.clone();
        let grace = pod.spec.termination_grace_period_seconds.unwrap_or(30);
        let images: Vec<String> = pod.spec.containers.iter().map(|c| c.image.clone()).collect();
        for (idx, image) in images.into_iter().enumerate() {
            let Some(c) = self.runtimes.get(pod_name).and_then(|rt| rt.containers.get(idx)) else { break };
            if c.spec.image == image {
                continue;
            }
            if c.is_running() {
                let message = format!("Container {} definition changed, will be restarted", c.spec.name);
                self.kill_container(pod_name, idx, grace, message, true);
            }
            let Some(c) = self.runtimes.get_mut(pod_name).and_then(|rt| rt.containers.get_mut(idx)) else { break };
            c.spec.image = image;
            c.profile = apps::profile_for(&c.spec, &annotations);
            c.backoff = Backoff::default();
            c.pull_backoff = Backoff::default();
        }
    }

    fn restart_with_backoff(&mut self, pod_name: &str, idx: usize, finished_at: SimTime) {
        let now = self.now();
        let Some(rt) = self.runtimes.get_mut(pod_name) else { return };
        let inst = rt.inst;
        let c = &mut rt.containers[idx];
        match c.backoff.decide(finished_at, now) {
            Decision::Start => self.begin_pull(pod_name, idx),
            Decision::Wait { until, backoff } => {
                let name = c.spec.name.clone();
                if let CState::Terminated(term) = &c.state {
                    c.last_terminated = Some(term.clone());
                }
                let uid = rt.uid.clone();
                let message = format!(
                    "back-off {} restarting failed container={name} pod={pod_name}_default({uid})",
                    super::time::go_duration(backoff)
                );
                let c = &mut self.runtimes.get_mut(pod_name).expect("runtime checked above").containers[idx];
                c.state = CState::Waiting { reason: "CrashLoopBackOff".into(), message: Some(message) };
                c.ready = false;
                self.record_container(
                    "Warning",
                    "BackOff",
                    pod_name,
                    &name,
                    format!("Back-off restarting failed container {name} in pod {pod_name}_default({uid})"),
                );
                self.mark_on(
                    crate::engine::series::MarkerKind::BackOff,
                    pod_name,
                    format!("{pod_name} back-off {}", super::time::go_duration(backoff)),
                    None,
                );
                self.schedule(until, Ev::KubeletSync { pod: Rc::from(pod_name), inst });
            }
        }
    }

    /// EnsureImageExists: already present, or pull (with events), then start.
    fn begin_pull(&mut self, pod_name: &str, idx: usize) {
        let Some(rt) = self.runtimes.get(pod_name) else { return };
        let inst = rt.inst;
        let node = rt.node.clone();
        let c = &rt.containers[idx];
        let image = c.spec.image.clone();
        let container = c.spec.name.clone();
        let policy = effective_pull_policy(&c.spec);
        let pull_time = c.profile.pull_time;
        // With `imagePullPolicy: Never` a catalogue image counts as built on the node (seed
        // 003 builds its image with docker on the node); an unknown one is missing.
        let prebuilt = policy == "Never" && c.profile.kind != "generic-web";
        let present = prebuilt || self.agents.get(&node).is_some_and(|a| a.images.contains(&image));
        if present && policy != "Always" {
            self.record_container(
                "Normal",
                "Pulled",
                pod_name,
                &container,
                format!("Container image \"{image}\" already present on machine and can be accessed by the pod"),
            );
            self.start_container(pod_name, idx);
            return;
        }
        if policy == "Never" {
            let c = &mut self.runtimes.get_mut(pod_name).expect("runtime checked above").containers[idx];
            c.state = CState::Waiting {
                reason: "ErrImageNeverPull".into(),
                message: Some(format!("Container image \"{image}\" is not present with pull policy of Never")),
            };
            self.record_container(
                "Warning",
                "ErrImageNeverPull",
                pod_name,
                &container,
                format!("Container image \"{image}\" is not present with pull policy of Never"),
            );
            self.write_pod_status(pod_name);
            return;
        }
        if let Some(reason) = invalid_image_name(&image) {
            let message = format!(
                "Failed to apply default image tag \"{image}\": couldn't parse image name \"{image}\": {reason}"
            );
            let c = &mut self.runtimes.get_mut(pod_name).expect("runtime checked above").containers[idx];
            c.state = CState::Waiting { reason: "InvalidImageName".into(), message: Some(message.clone()) };
            self.record_container("Warning", "InspectFailed", pod_name, &container, message);
            self.record_container("Warning", "Failed", pod_name, &container, "Error: InvalidImageName".into());
            self.write_pod_status(pod_name);
            return;
        }
        self.record_container("Normal", "Pulling", pod_name, &container, format!("Pulling image \"{image}\""));
        // A reference that does not resolve fails fast.
        let took = if image_not_found(&image) {
            FAILED_PULL
        } else if present {
            CACHED_PULL
        } else {
            pull_time
        };
        self.runtimes.get_mut(pod_name).expect("runtime checked above").containers[idx].pulling = true;
        self.schedule_in(took, Ev::PullDone { pod: Rc::from(pod_name), inst, idx });
    }

    /// After a failed pull: wait out the image back-off (ImagePullBackOff), then pull again.
    fn retry_pull(&mut self, pod_name: &str, idx: usize) {
        let now = self.now();
        let Some(rt) = self.runtimes.get_mut(pod_name) else { return };
        let inst = rt.inst;
        let c = &mut rt.containers[idx];
        match c.pull_backoff.ready_at().filter(|at| *at > now) {
            None => self.begin_pull(pod_name, idx),
            Some(until) => {
                let image = c.spec.image.clone();
                let name = c.spec.name.clone();
                c.state = CState::Waiting {
                    reason: "ImagePullBackOff".into(),
                    message: Some(format!("Back-off pulling image \"{image}\"")),
                };
                self.record_container(
                    "Normal",
                    "BackOff",
                    pod_name,
                    &name,
                    format!("Back-off pulling image \"{image}\""),
                );
                self.record_container("Warning", "Failed", pod_name, &name, "Error: ImagePullBackOff".into());
                self.write_pod_status(pod_name);
                self.schedule(until, Ev::KubeletSync { pod: Rc::from(pod_name), inst });
            }
        }
    }

    pub(crate) fn pull_done(&mut self, pod_name: &str, inst: u64, idx: usize) {
        if !self.runtime_live(pod_name, inst) {
            return;
        }
        let now = self.now();
        let rt = self.runtimes.get_mut(pod_name).expect("live runtime");
        let node = rt.node.clone();
        let c = &mut rt.containers[idx];
        c.pulling = false;
        let image = c.spec.image.clone();
        let container = c.spec.name.clone();
        let size = c.profile.image_size;
        let present = self.agents.get(&node).is_some_and(|a| a.images.contains(&image));
        let took = if present { CACHED_PULL } else { c.profile.pull_time };
        if image_not_found(&image) {
            c.state = CState::Waiting { reason: "ErrImagePull".into(), message: Some(pull_error(&image)) };
            c.pull_failed_at = Some(now);
            c.pull_backoff.record_failure(now);
            self.record_container(
                "Warning",
                "Failed",
                pod_name,
                &container,
                format!("Failed to pull image \"{image}\": {}", pull_error(&image)),
            );
            self.record_container("Warning", "Failed", pod_name, &container, "Error: ErrImagePull".into());
            self.write_pod_status(pod_name);
            self.schedule(now + PLEG_DELAY, Ev::KubeletSync { pod: Rc::from(pod_name), inst });
            return;
        }
        if let Some(agent) = self.agents.get_mut(&node) {
            agent.images.insert(image.clone());
        }
        let secs = super::time::go_duration(took);
        self.record_container(
            "Normal",
            "Pulled",
            pod_name,
            &container,
            format!(
                "Successfully pulled image \"{image}\" in {secs} ({secs} including waiting). Image size: {size} bytes."
            ),
        );
        if self.runtimes[pod_name].terminating {
            return;
        }
        self.start_container(pod_name, idx);
        self.schedule(self.now(), Ev::KubeletSync { pod: Rc::from(pod_name), inst });
    }

    /// The environment the kubelet gives container `idx` of `pod_name`: the variables of
    /// every Service that exists when it starts (`enableServiceLinks`, the default), then the
    /// container's own `env` (a `value`, or `valueFrom.fieldRef` for the pod's name,
    /// namespace, IP, node and host IP), which wins over a service variable of the same name.
    fn container_env(&self, pod_name: &str, idx: usize) -> std::collections::BTreeMap<String, String> {
        let mut env = std::collections::BTreeMap::new();
        for svc in self.store.services.values() {
            let Some(ip) = svc.spec.cluster_ip.as_deref().filter(|ip| !ip.is_empty() && *ip != "None") else {
                continue;
            };
            let prefix = svc.metadata.name.to_ascii_uppercase().replace('-', "_");
            let Some(first) = svc.spec.ports.first() else { continue };
            env.insert(format!("{prefix}_SERVICE_HOST"), ip.to_string());
            env.insert(format!("{prefix}_SERVICE_PORT"), first.port.to_string());
            env.insert(format!("{prefix}_PORT"), format!("tcp://{ip}:{}", first.port));
            for port in &svc.spec.ports {
                let protocol = port.protocol.as_deref().unwrap_or("TCP");
                let lower = protocol.to_ascii_lowercase();
                if let Some(name) = port.name.as_deref().filter(|n| !n.is_empty()) {
                    let name = name.to_ascii_uppercase().replace('-', "_");
                    env.insert(format!("{prefix}_SERVICE_PORT_{name}"), port.port.to_string());
                }
                let key = format!("{prefix}_PORT_{}_{protocol}", port.port);
                env.insert(format!("{key}_PROTO"), lower.clone());
                env.insert(format!("{key}_PORT"), port.port.to_string());
                env.insert(format!("{key}_ADDR"), ip.to_string());
                env.insert(key, format!("{lower}://{ip}:{}", port.port));
            }
        }
        let Some(pod) = self.store.pod(pod_name) else { return env };
        let Some(vars) = pod.spec.containers.get(idx).and_then(|c| c.env.as_ref()).and_then(|v| v.as_sequence()) else {
            return env;
        };
        for var in vars {
            let Some(name) = var.get("name").and_then(|n| n.as_str()) else { continue };
            let value = match var.get("value") {
                Some(value) => crate::manifest::tree::scalar_text(value).unwrap_or_default(),
                None => {
                    let path = var.get("valueFrom").and_then(|f| f.get("fieldRef")).and_then(|f| f.get("fieldPath"));
                    path.and_then(|p| p.as_str()).map(|p| pod.field_text(p)).unwrap_or_default()
                }
            };
            env.insert(name.to_string(), value);
        }
        env
    }

    /// Creates and starts a new instance of container `idx`.
    fn start_container(&mut self, pod_name: &str, idx: usize) {
        let now = self.now();
        let env = self.container_env(pod_name, idx);
        let Some(rt) = self.runtimes.get_mut(pod_name) else { return };
        let inst = rt.inst;
        let c = &mut rt.containers[idx];
        if c.ever_started {
            c.restart_count += 1;
            match &c.state {
                CState::Terminated(term) => c.last_terminated = Some(term.clone()),
                CState::Waiting { .. } | CState::Running { .. } => {}
            }
            c.previous_logs = std::mem::take(&mut c.logs);
        }
        let freed = std::mem::take(&mut c.shell_bytes);
        c.cpu_seen = 0;
        self.shell_memory_total = self.shell_memory_total.saturating_sub(freed);
        let rt = self.runtimes.get_mut(pod_name).expect("runtime");
        let c = &mut rt.containers[idx];
        c.ever_started = true;
        c.cgen += 1;
        let cgen = c.cgen;
        let app = AppState::start_with_env(&c.profile, pod_name, env, now);
        let app = match app {
            Ok(app) => app,
            Err(message) => {
                // The runtime could not start PID 1: StartError, exit code 128.
                c.state = CState::Terminated(StateTerminated {
                    exit_code: 128,
                    reason: "StartError".into(),
                    message: Some(message.clone()),
                    started_at: now,
                    finished_at: now,
                });
                c.ready = false;
                c.started = false;
                let name = c.spec.name.clone();
                // The runtime's exec message, as runc reports it at container start.
                let cause =
                    message.rsplit("unable to start container process: ").next().unwrap_or(&message).to_string();
                let message = format!("failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: {cause}");
                if let CState::Terminated(t) = &mut c.state {
                    t.message = Some(message.clone());
                }
                self.record_container("Normal", "Created", pod_name, &name, "Container created".into());
                self.record_container("Warning", "Failed", pod_name, &name, format!("Error: {message}"));
                self.schedule(now + PLEG_DELAY, Ev::KubeletSync { pod: Rc::from(pod_name), inst });
                self.write_pod_status(pod_name);
                return;
            }
        };
        c.state = CState::Running { started_at: now };
        c.app = app;
        let cpus = self.agents.get(&rt.node).map_or(1, |a| (a.allocatable_cpu / 1000).max(1) as u32);
        let lines = app_log::start_lines(&c.profile, &c.spec, &rt.ip, cpus, now);
        if !lines.is_empty() {
            let max_log = self.log_budget();
            let c = &mut self.runtimes.get_mut(pod_name).expect("runtime").containers[idx];
            for line in lines {
                c.logs.push(line, max_log);
            }
        }
        let rt = self.runtimes.get_mut(pod_name).expect("runtime");
        let c = &mut rt.containers[idx];
        c.started = c.probes[ProbeKind::Startup.index()].is_none();
        c.ready = c.started && c.probes[ProbeKind::Readiness.index()].is_none();
        for worker in c.probes.iter_mut().flatten() {
            worker.reset();
        }
        let name = c.spec.name.clone();
        let profile = c.profile.clone();
        self.wake_probes(pod_name, idx);
        self.record_container("Normal", "Created", pod_name, &name, "Container created".into());
        self.record_container("Normal", "Started", pod_name, &name, "Container started".into());
        if self.runtimes[pod_name].containers[idx].started {
            self.trigger_readiness(pod_name, idx);
        }
        // A shell program (busybox-style images, or any command that is a shell utility)
        // runs its script now; servers just listen.
        if profile.runs_shell {
            self.script_wake(pod_name, inst, idx, cgen);
        }
        if let Some((after, code)) = profile.crash_after {
            let reason = if code == 0 { "Completed" } else { "Error" };
            self.schedule(
                now + after,
                Ev::ProcessExit { pod: Rc::from(pod_name), inst, idx, cgen, code, reason: reason.into() },
            );
        }
        if profile.leak_bytes_per_sec > 0 {
            let limit = self.runtimes[pod_name].containers[idx].spec.memory_limit_bytes();
            if let Some(limit) = limit {
                let headroom = (limit as u64).saturating_sub(profile.base_memory);
                let secs = headroom as f64 / profile.leak_bytes_per_sec as f64;
                let after = SimDuration::from_millis((secs * 1000.0).ceil() as u64);
                self.schedule(
                    now + after,
                    Ev::ProcessExit { pod: Rc::from(pod_name), inst, idx, cgen, code: 137, reason: "OOMKilled".into() },
                );
            }
        }
        self.write_pod_status(pod_name);
    }

    /// A shell script continues until it sleeps or exits.
    pub(crate) fn script_wake(&mut self, pod_name: &str, inst: u64, idx: usize, cgen: u64) {
        if !self.runtime_live(pod_name, inst) {
            return;
        }
        let now = self.now();
        let c = &self.runtimes[pod_name].containers[idx];
        if c.cgen != cgen || !c.is_running() {
            return;
        }
        let limits = self.shell_limits(pod_name, idx);
        let max_log = self.log_budget();
        let rt = self.runtimes.get_mut(pod_name).expect("live runtime");
        let c = &mut rt.containers[idx];
        let Some(step) = c.app.resume_script_limited(now, &mut shell::NoNetwork, limits) else { return };
        let logs = c.app.script.as_mut().map(|s| s.take_logs()).unwrap_or_default();
        for line in logs {
            c.logs.push(line, max_log);
        }
        self.account_shell(pod_name, idx);
        match step {
            shell::ScriptStep::Sleep(d) if d == shell::FOREVER => {}
            shell::ScriptStep::Sleep(d) => {
                self.schedule(now + d, Ev::ScriptWake { pod: Rc::from(pod_name), inst, idx, cgen });
            }
            shell::ScriptStep::Exit(code) => {
                let reason = if code == 0 { "Completed" } else { "Error" };
                self.container_exited(pod_name, idx, code, reason);
            }
            shell::ScriptStep::OomKilled => self.container_exited(pod_name, idx, 137, "OOMKilled"),
        }
    }

    /// What container `idx`'s cgroup gives its shell: memory up to its limit (or the node's
    /// allocatable memory) less the program's own, within the cluster's real budget; CPU up
    /// to its limit and one core, shared with the node's other busy shells.
    pub(crate) fn shell_limits(&self, pod_name: &str, idx: usize) -> shell::Limits {
        let rt = &self.runtimes[pod_name];
        let agent = self.agents.get(&rt.node);
        let c = &rt.containers[idx];
        let limit = c.spec.memory_limit_bytes().map(|b| b.max(0) as u64);
        let node_memory = agent.map_or(u64::MAX, |a| a.allocatable_memory.max(0) as u64);
        let mut memory = limit.unwrap_or(node_memory).min(node_memory).saturating_sub(c.profile.base_memory);
        let mine = c.shell_bytes;
        // The cluster's budget for shells binds: the running sum is kept at every change of a
        // container's `shell_bytes` (a test compares it with a count). Counting here instead made
        // every shell of a large cluster cost a walk over all containers.
        let others = self.shell_memory_total.saturating_sub(mine);
        memory = memory.min(CLUSTER_SHELL_MEMORY.saturating_sub(others));
        let rt = &self.runtimes[pod_name];
        let c = &rt.containers[idx];
        let mut cpu = c.spec.cpu_limit_millis().map_or(1000, |m| m.clamp(1, 1000) as u64);
        if c.app.script.as_ref().is_some_and(shell::Script::preempted) {
            // CFS: the node's CPU is shared by the shells that want it.
            let busy = self
                .store
                .pods_on_node(&rt.node)
                .iter()
                .filter_map(|pod| self.runtimes.get(pod))
                .flat_map(|rt| rt.containers.iter())
                .filter(|c| c.is_running() && c.app.script.as_ref().is_some_and(shell::Script::preempted))
                .count()
                .max(1) as u64;
            let node_cpu = agent.map_or(1000, |a| a.allocatable_cpu.max(1) as u64);
            cpu = cpu.min((node_cpu / busy).max(1));
        }
        shell::Limits { memory, cpu_millis: cpu }
    }

    /// Log bytes one container may keep: `MAX_LOG_BYTES`, less when many pods share
    /// `CLUSTER_LOG_BYTES`.
    pub(crate) fn log_budget(&self) -> usize {
        log_budget_for(self.runtimes.len())
    }

    /// After a shell ran in container `idx`: its memory into the cluster's sum, its CPU time
    /// into the container's CPU counter (what metrics-server reports).
    fn account_shell(&mut self, pod_name: &str, idx: usize) {
        let Some(c) = self.runtimes.get_mut(pod_name).map(|rt| &mut rt.containers[idx]) else { return };
        let bytes = c.app.shell_memory();
        let old = std::mem::replace(&mut c.shell_bytes, bytes);
        let cpu = c.app.script.as_ref().map_or(0, shell::Script::cpu_micros);
        let new_cpu = cpu.saturating_sub(c.cpu_seen);
        c.cpu_seen = cpu;
        // [microseconds at one core] = [millicore-milliseconds]; the counter is in millicore-seconds.
        c.app.add_cpu(new_cpu as f64 / 1000.0);
        self.shell_memory_total = self.shell_memory_total.saturating_sub(old).saturating_add(bytes);
    }

    pub(crate) fn process_exit(&mut self, pod_name: &str, inst: u64, idx: usize, cgen: u64, code: i32, reason: &str) {
        if !self.runtime_live(pod_name, inst) {
            return;
        }
        let c = &self.runtimes[pod_name].containers[idx];
        if c.cgen != cgen || !c.is_running() {
            return;
        }
        self.container_exited(pod_name, idx, code, reason);
    }

    pub(crate) fn kill_deadline(&mut self, pod_name: &str, inst: u64, idx: usize, cgen: u64) {
        self.process_exit(pod_name, inst, idx, cgen, 137, "Error");
    }

    /// The main process of a running container ended.
    fn container_exited(&mut self, pod_name: &str, idx: usize, code: i32, reason: &str) {
        let now = self.now();
        let Some(rt) = self.runtimes.get_mut(pod_name) else { return };
        let inst = rt.inst;
        let policy = rt.restart_policy.clone();
        let terminating = rt.terminating;
        let c = &mut rt.containers[idx];
        let CState::Running { started_at } = c.state else { return };
        c.state = CState::Terminated(StateTerminated {
            exit_code: code,
            reason: reason.to_string(),
            message: None,
            started_at,
            finished_at: now,
        });
        // The processes are gone, and their memory with them.
        let freed = std::mem::take(&mut c.shell_bytes);
        c.app.script = None;
        self.shell_memory_total = self.shell_memory_total.saturating_sub(freed);
        let c = &mut self.runtimes.get_mut(pod_name).expect("runtime").containers[idx];
        c.ready = false;
        c.started = false;
        let kill = c.kill.take();
        let previous_exit = c.last_terminated.as_ref().map(|t| t.finished_at);
        if let Some(kill) = &kill {
            self.cancel(kill.deadline);
        }
        self.write_pod_status(pod_name);
        if terminating {
            self.maybe_finish_termination(pod_name);
            return;
        }
        match kill {
            Some(Kill { restart_after: true, .. }) if policy != "Never" => {
                // Kill and restart happen in one sync; the back-off looks at the instance
                // before the one just killed (reference §2.2.4).
                match previous_exit {
                    None => self.begin_pull(pod_name, idx),
                    Some(prev) => {
                        let rt = self.runtimes.get_mut(pod_name).expect("runtime");
                        let decision = rt.containers[idx].backoff.decide(prev, now);
                        match decision {
                            Decision::Start => self.begin_pull(pod_name, idx),
                            Decision::Wait { .. } => {
                                // Undo: the next sync decides against the killed instance.
                                self.schedule(now + PLEG_DELAY, Ev::KubeletSync { pod: Rc::from(pod_name), inst });
                            }
                        }
                    }
                }
            }
            _ => {
                self.schedule(now + PLEG_DELAY, Ev::KubeletSync { pod: Rc::from(pod_name), inst });
            }
        }
    }

    /// killContainer: SIGTERM now, SIGKILL when the grace period runs out.
    fn kill_container(&mut self, pod_name: &str, idx: usize, grace_seconds: i64, message: String, restart_after: bool) {
        let now = self.now();
        let Some(rt) = self.runtimes.get_mut(pod_name) else { return };
        let inst = rt.inst;
        let c = &mut rt.containers[idx];
        if !c.is_running() || c.kill.is_some() {
            return;
        }
        let cgen = c.cgen;
        let name = c.spec.name.clone();
        let grace = SimDuration::from_secs(grace_seconds.max(2) as u64);
        let deadline = self.schedule(now + grace, Ev::KillDeadline { pod: Rc::from(pod_name), inst, idx, cgen });
        let c = &mut self.runtimes.get_mut(pod_name).expect("runtime").containers[idx];
        c.kill = Some(Kill { deadline, restart_after });
        let runs_shell = c.profile.runs_shell;
        let sigterm_exit = c.profile.exit_code_on_signal(15);
        self.record_container("Normal", "Killing", pod_name, &name, message);
        if runs_shell {
            // PID 1 `sh` ignores SIGTERM unless it traps it.
            self.deliver_signal(pod_name, inst, idx, 15);
        } else if let Some(code) = sigterm_exit {
            let reason = if code == 0 { "Completed" } else { "Error" };
            self.schedule(
                now + SimDuration::from_millis(100),
                Ev::ProcessExit { pod: Rc::from(pod_name), inst, idx, cgen, code, reason: reason.into() },
            );
        }
    }

    /// Graceful pod deletion: stop every container, then remove the object.
    fn terminate_pod(&mut self, pod_name: &str) {
        let Some(rt) = self.runtimes.get_mut(pod_name) else { return };
        if rt.terminating {
            self.maybe_finish_termination(pod_name);
            return;
        }
        rt.terminating = true;
        let grace =
            self.store.pod(pod_name).and_then(|p| p.metadata.deletion_grace_period_seconds).unwrap_or(rt.grace_seconds);
        let n = rt.containers.len();
        for idx in 0..n {
            let c = &mut self.runtimes.get_mut(pod_name).expect("runtime").containers[idx];
            c.pulling = false;
            if c.kill.is_some() {
                continue;
            }
            let name = c.spec.name.clone();
            self.kill_container(pod_name, idx, grace, format!("Stopping container {name}"), false);
        }
        self.maybe_finish_termination(pod_name);
    }

    fn maybe_finish_termination(&mut self, pod_name: &str) {
        let Some(rt) = self.runtimes.get(pod_name) else { return };
        if !rt.terminating || rt.containers.iter().any(|c| c.is_running()) {
            return;
        }
        let reachable = self.agents.get(&rt.node).is_some_and(|a| a.reachable());
        if !reachable {
            return;
        }
        self.write_pod_status(pod_name);
        self.drop_runtime(pod_name);
        self.delete_pod_object(pod_name);
    }

    /// Forgets a pod's containers (they are stopped or gone).
    pub(crate) fn drop_runtime(&mut self, pod_name: &str) {
        if let Some(rt) = self.runtimes.remove(pod_name) {
            let freed: u64 = rt.containers.iter().map(|c| c.shell_bytes).sum();
            self.shell_memory_total = self.shell_memory_total.saturating_sub(freed);
        }
    }

    // ---------------------------------------------------------------- probes

    /// The status manager's nudge: probe readiness right away (or right after the initial
    /// delay) when a container has started but is not ready; the ticker restarts from there.
    fn trigger_readiness(&mut self, pod_name: &str, idx: usize) {
        let Some(rt) = self.runtimes.get_mut(pod_name) else { return };
        let inst = rt.inst;
        let c = &mut rt.containers[idx];
        let CState::Running { started_at } = c.state else { return };
        let Some(worker) = c.probes[ProbeKind::Readiness.index()].as_mut() else { return };
        worker.gen += 1;
        let gen = worker.gen;
        // "Within about 1 s after container start, or right after initialDelaySeconds."
        let delay = SimDuration::from_secs(worker.probe.initial_delay().max(0) as u64).max(READINESS_NUDGE);
        let at = (started_at + delay).max(self.now());
        self.schedule(at, Ev::ProbeTick { pod: Rc::from(pod_name), inst, idx, kind: ProbeKind::Readiness, gen });
    }

    pub(crate) fn probe_tick(&mut self, pod: Rc<str>, inst: u64, idx: usize, kind: ProbeKind, gen: u64) {
        let pod_name: &str = &pod;
        if !self.runtime_live(pod_name, inst) {
            return;
        }
        let now = self.now();
        let rt = self.runtimes.get_mut(pod_name).expect("live runtime");
        let terminating = rt.terminating;
        let ip = rt.ip.clone();
        let grace = rt.grace_seconds;
        let restarts = rt.restart_policy != "Never";
        let c = &mut rt.containers[idx];
        let Some(worker) = c.probes[kind.index()].as_ref() else { return };
        if worker.gen != gen || worker.dormant {
            return;
        }
        let period = SimDuration::from_secs(worker.probe.period() as u64);
        if terminating && kind != ProbeKind::Readiness {
            return;
        }
        let next_tick = self.schedule(now + period, Ev::ProbeTick { pod: pod.clone(), inst, idx, kind, gen });
        let limits = self.shell_limits(pod_name, idx);
        let c = &mut self.runtimes.get_mut(pod_name).expect("live runtime").containers[idx];
        let CState::Running { started_at } = c.state else { return };
        let worker = c.probes[kind.index()].as_ref().expect("checked above");
        if worker.on_hold {
            return;
        }
        match kind {
            ProbeKind::Startup if c.started => {
                // Startup probing never resumes for this container instance.
                self.go_dormant(pod_name, idx, kind, next_tick);
                return;
            }
            ProbeKind::Liveness | ProbeKind::Readiness if !c.started => return,
            _ => {}
        }
        if (now.since(started_at).whole_secs() as i64) < worker.probe.initial_delay() {
            return;
        }
        let ContainerRuntime { probes, spec, profile, app, .. } = c;
        let probe = &probes[kind.index()].as_ref().expect("checked above").probe;
        let mut answered = None;
        let (success, output, oom) = run_probe(probe, spec, profile, app, &ip, now, limits, &mut answered);
        let probe_grace = probe.termination_grace_period_seconds;
        if let Some((status, path)) = answered {
            // The app logs the kubelet's request; it comes from the node's bridge (10.244.N.1).
            let gateway = ip.rsplit_once('.').map_or_else(|| ip.to_string(), |(net, _)| format!("{net}.1"));
            let client = Client { ip: &gateway, user_agent: app_log::PROBE_USER_AGENT };
            let ok = u64::from(status == 200);
            let max_log = self.log_budget();
            let c = &mut self.runtimes.get_mut(pod_name).expect("live runtime").containers[idx];
            c.log_requests(client, &path, 1, ok, status, now, max_log);
        }
        let c = &mut self.runtimes.get_mut(pod_name).expect("live runtime").containers[idx];
        if oom {
            // The probe's command ran out of the container's memory: the OOM killer ends it all.
            self.container_exited(pod_name, idx, 137, "OOMKilled");
            return;
        }
        if !success {
            let name = c.spec.name.clone();
            self.record_container(
                "Warning",
                "Unhealthy",
                pod_name,
                &name,
                format!("{} probe failed: {}", kind.title(), output),
            );
        }
        let c = &mut self.runtimes.get_mut(pod_name).expect("live runtime").containers[idx];
        let worker = c.probes[kind.index()].as_mut().expect("checked above");
        let Some(result) = worker.observe(success) else {
            if success && worker.result == ProbeResult::Success && outcome_is_stable(&worker.probe, &c.profile) {
                self.go_dormant(pod_name, idx, kind, next_tick);
            }
            return;
        };
        let name = c.spec.name.clone();
        match (kind, result) {
            (ProbeKind::Readiness, result) => {
                c.ready = result == ProbeResult::Success;
                self.write_pod_status(pod_name);
            }
            (ProbeKind::Startup, ProbeResult::Success) => {
                c.started = true;
                c.ready = c.probes[ProbeKind::Readiness.index()].is_none();
                self.trigger_readiness(pod_name, idx);
                self.write_pod_status(pod_name);
            }
            (ProbeKind::Liveness | ProbeKind::Startup, ProbeResult::Failure) => {
                let which = if kind == ProbeKind::Liveness { "liveness" } else { "startup" };
                let restart = restarts;
                let suffix = if restart { ", will be restarted" } else { "" };
                let grace = probe_grace.unwrap_or(grace);
                self.mark_on(
                    crate::engine::series::MarkerKind::LivenessKill,
                    pod_name,
                    format!("{pod_name} failed {which} probe"),
                    None,
                );
                self.kill_container(
                    pod_name,
                    idx,
                    grace,
                    format!("Container {name} failed {which} probe{suffix}"),
                    restart,
                );
            }
            _ => {}
        }
    }

    /// A worker whose answer cannot change until the container is replaced stops ticking.
    /// Nothing observable is lost: successful probes record nothing. `start_container` wakes
    /// it on its original phase.
    fn go_dormant(&mut self, pod_name: &str, idx: usize, kind: ProbeKind, next_tick: super::queue::EventKey) {
        self.cancel(next_tick);
        if let Some(worker) =
            self.runtimes.get_mut(pod_name).and_then(|rt| rt.containers[idx].probes[kind.index()].as_mut())
        {
            worker.dormant = true;
        }
    }

    /// Re-arms the dormant liveness and startup tickers of a container that just started, on
    /// the phase they had (anchored at pod admission).
    fn wake_probes(&mut self, pod_name: &str, idx: usize) {
        let now = self.now();
        let Some(rt) = self.runtimes.get_mut(pod_name) else { return };
        let (inst, admitted) = (rt.inst, rt.admitted_at);
        let mut wake = Vec::new();
        for kind in [ProbeKind::Liveness, ProbeKind::Startup] {
            if let Some(worker) = rt.containers[idx].probes[kind.index()].as_mut().filter(|w| w.dormant) {
                worker.dormant = false;
                let period = (worker.probe.period() as u64 * 1000).max(1);
                let elapsed = now.since(admitted).as_millis();
                let at = admitted + SimDuration::from_millis(elapsed.div_ceil(period) * period);
                wake.push((kind, worker.gen, at));
            }
        }
        if let Some(worker) = rt.containers[idx].probes[ProbeKind::Readiness.index()].as_mut() {
            worker.dormant = false; // trigger_readiness re-anchors it
        }
        for (kind, gen, at) in wake {
            self.schedule(at, Ev::ProbeTick { pod: Rc::from(pod_name), inst, idx, kind, gen });
        }
    }

    // ---------------------------------------------------------------- status

    /// The status manager: computes the pod status from the runtime and writes it to the API,
    /// if the node can reach it.
    pub(crate) fn write_pod_status(&mut self, pod_name: &str) {
        let Some(rt) = self.runtimes.get(pod_name) else { return };
        if !self.agents.get(&rt.node).is_some_and(|a| a.reachable()) {
            return;
        }
        let now = self.now();
        let Some(pod) = self.store.pod(pod_name) else { return };
        let old = pod.status.clone().unwrap_or_default();
        let status = compute_pod_status(rt, &old, &pod.spec, pod.is_terminating(), now);
        if status != old {
            if let Some(pod) = self.store.pod_mut(pod_name) {
                pod.status = Some(status);
            }
            self.pod_changed(pod_name);
        }
    }

    /// Re-reports every pod on a node (after a reconnect or a boot).
    pub(crate) fn write_node_pod_statuses(&mut self, node: &str) {
        for pod in self.store.pods_on_node(node) {
            self.write_pod_status(&pod);
        }
    }

    /// `kubectl exec`: runs a one-off command in a running container.
    pub fn exec_in_container(
        &mut self,
        pod_name: &str,
        container: Option<&str>,
        argv: &[String],
    ) -> Result<shell::ExecResult, ApiError> {
        let mut net = self.pod_network(pod_name);
        let result = self.run_in_container(pod_name, container, &mut |profile, app, now, limits| {
            app.exec_limited(profile, argv, now, &mut net, limits)
        });
        self.join_pod_network(pod_name, net);
        result
    }

    /// `kubectl exec -it POD -- bash`: starts an interactive shell in a running container.
    /// Returns the shell, the container it runs in (`ShellTarget`, to notice when that
    /// container ends) and the shell's first prompt.
    pub fn open_shell(
        &mut self,
        pod_name: &str,
        container: Option<&str>,
        program: &str,
    ) -> Result<(shell::Session, ShellTarget), ApiError> {
        let mut opened = None;
        self.run_in_container(pod_name, container, &mut |profile, app, _, _| match shell::Session::start(
            program,
            &app.fs,
            &profile.cmdline,
        ) {
            Ok(session) => {
                opened = Some(session);
                shell::ExecResult::default()
            }
            Err(error) => shell::ExecResult { error: Some(error), exit_code: 127, ..Default::default() },
        })?;
        let target = self
            .shell_target(pod_name, container)
            .ok_or(ApiError::BadRequest(BadRequest::NoConnection { container: container.map(str::to_string) }))?;
        opened
            .map(|session| (session, target))
            .ok_or(ApiError::BadRequest(BadRequest::NoConnection { container: None }))
    }

    /// One line typed in a shell `open_shell` started. `Err` when the container is no longer
    /// the one the shell started in (it exited, restarted or its pod is gone).
    pub fn shell_line(
        &mut self,
        session: &mut shell::Session,
        target: &ShellTarget,
        line: &str,
    ) -> Result<shell::ExecResult, ApiError> {
        if self.shell_target(&target.pod, Some(&target.container)).as_ref() != Some(target) {
            return Err(ApiError::BadRequest(BadRequest::NoConnection { container: Some(target.container.clone()) }));
        }
        let mut net = self.pod_network(&target.pod);
        let result = self.run_in_container(&target.pod, Some(&target.container), &mut |_, app, now, limits| {
            app.shell_line_limited(session, line, now, &mut net, limits)
        });
        self.join_pod_network(&target.pod, net);
        result
    }

    /// The network a command in one of `pod_name`'s containers reaches: the pod's own
    /// containers on `localhost`.
    fn pod_network(&self, pod_name: &str) -> PodNetwork {
        let now = self.now();
        let listeners = self.runtimes.get(pod_name).map_or_else(Vec::new, |rt| {
            let running = rt.containers.iter().enumerate().filter(|(_, c)| c.is_running());
            running.map(|(idx, c)| (idx, c.profile.clone(), PodNetwork::light_state(&c.app))).collect()
        });
        PodNetwork { now, listeners, answered: Vec::new() }
    }

    /// Takes back what requests through `net` changed (the apps' request counters).
    fn join_pod_network(&mut self, pod_name: &str, net: PodNetwork) {
        let max_log = self.log_budget();
        let Some(rt) = self.runtimes.get_mut(pod_name) else { return };
        for (idx, _, state) in net.listeners {
            if let Some(c) = rt.containers.get_mut(idx) {
                c.app.requests_served = state.requests_served;
            }
        }
        // The requests came from inside the pod, over its loopback.
        for (idx, path, status, user_agent) in net.answered {
            if let Some(c) = rt.containers.get_mut(idx) {
                let client = Client { ip: "127.0.0.1", user_agent };
                c.log_requests(client, &path, 1, u64::from(status == 200), status, net.now, max_log);
            }
        }
    }

    /// The container a shell would run in now, if it runs and its node is reachable.
    pub fn shell_target(&self, pod_name: &str, container: Option<&str>) -> Option<ShellTarget> {
        let pod = self.store.pod(pod_name)?;
        let name = match container {
            Some(c) => c.to_string(),
            None => pod.spec.containers.first()?.name.clone(),
        };
        let rt = self.runtimes.get(pod_name)?;
        if !self.agents.get(&rt.node).is_some_and(|a| a.reachable()) {
            return None;
        }
        let c = rt.containers.iter().find(|c| c.spec.name == name).filter(|c| c.is_running())?;
        Some(ShellTarget { pod: pod_name.to_string(), container: name, inst: rt.inst, cgen: c.cgen })
    }

    /// Runs `run` against a running container's application state, inside its cgroup, and
    /// applies what the command did to the container (log lines, CPU, OOM, signals to PID 1).
    fn run_in_container(
        &mut self,
        pod_name: &str,
        container: Option<&str>,
        run: &mut dyn FnMut(&AppProfile, &mut AppState, SimTime, shell::Limits) -> shell::ExecResult,
    ) -> Result<shell::ExecResult, ApiError> {
        let Some(pod) = self.store.pod(pod_name) else {
            return Err(ApiError::not_found("pods", pod_name));
        };
        let container_name = match container {
            Some(c) => c.to_string(),
            None => pod.spec.containers.first().map(|c| c.name.clone()).unwrap_or_default(),
        };
        if !pod.spec.containers.iter().any(|c| c.name == container_name) {
            let (pod, container) = (pod_name.to_string(), container_name);
            return Err(ApiError::BadRequest(BadRequest::ContainerNotValid { pod, container }));
        }
        let reachable = pod.spec.node_name.as_ref().and_then(|n| self.agents.get(n)).is_some_and(|a| a.reachable());
        let now = self.now();
        let Some(rt) = self.runtimes.get_mut(pod_name).filter(|_| reachable) else {
            return Err(ApiError::BadRequest(BadRequest::NoConnection { container: None }));
        };
        let inst = rt.inst;
        let Some(idx) = rt.containers.iter().position(|c| c.spec.name == container_name) else {
            let (pod, container) = (pod_name.to_string(), container_name);
            return Err(ApiError::BadRequest(BadRequest::ContainerNotValid { pod, container }));
        };
        if !rt.containers[idx].is_running() {
            return Err(ApiError::BadRequest(BadRequest::NoConnection { container: Some(container_name) }));
        }
        let limits = self.shell_limits(pod_name, idx);
        let max_log = self.log_budget();
        let c = &mut self.runtimes.get_mut(pod_name).expect("runtime").containers[idx];
        let ContainerRuntime { profile, app, .. } = c;
        let result = run(profile, app, now, limits);
        if let Some(error) = &result.error {
            return Err(ApiError::BadRequest(BadRequest::ExecFailed { cause: error.clone() }));
        }
        for line in result.main_log.clone() {
            c.logs.push(line, max_log);
        }
        c.app.add_cpu(result.cpu_micros as f64 / 1000.0);
        if result.oom_killed {
            // The exec'd process is in the container's cgroup: the OOM killer ends it all.
            self.container_exited(pod_name, idx, 137, "OOMKilled");
            return Ok(result);
        }
        self.account_shell(pod_name, idx);
        if let Some(signal) = result.signal_main {
            self.deliver_signal(pod_name, inst, idx, signal);
        }
        Ok(result)
    }

    /// A signal reaches PID 1: a shell may trap or ignore it, a server exits as its
    /// program does.
    fn deliver_signal(&mut self, pod_name: &str, inst: u64, idx: usize, signal: i32) {
        let Some(c) = self.runtimes.get_mut(pod_name).map(|rt| &mut rt.containers[idx]) else { return };
        let cgen = c.cgen;
        if signal == 9 {
            self.schedule(
                self.now(),
                Ev::ProcessExit { pod: Rc::from(pod_name), inst, idx, cgen, code: 137, reason: "Error".into() },
            );
            return;
        }
        if c.profile.runs_shell {
            let effect = c.app.script.as_mut().map(|s| s.signal(signal));
            if effect == Some(shell::SignalEffect::ResumeNow) {
                self.schedule(self.now(), Ev::ScriptWake { pod: Rc::from(pod_name), inst, idx, cgen });
            }
            return;
        }
        if let Some(code) = c.profile.exit_code_on_signal(signal) {
            let reason = if code == 0 { "Completed" } else { "Error" };
            self.schedule(
                self.now(),
                Ev::ProcessExit { pod: Rc::from(pod_name), inst, idx, cgen, code, reason: reason.into() },
            );
        }
    }

    /// Playground `kill`: the container's main process dies now.
    pub fn kill_process(
        &mut self,
        pod_name: &str,
        container: Option<&str>,
        code: i32,
        oom: bool,
    ) -> Result<Killed, ApiError> {
        let Some(pod) = self.store.pod(pod_name) else {
            return Err(ApiError::not_found("pods", pod_name));
        };
        let container_name = container
            .map(str::to_string)
            .unwrap_or_else(|| pod.spec.containers.first().map(|c| c.name.clone()).unwrap_or_default());
        let Some(rt) = self.runtimes.get(pod_name) else {
            return Err(ApiError::BadRequest(BadRequest::PodNotRunning { pod: pod_name.to_string() }));
        };
        let Some(idx) = rt.containers.iter().position(|c| c.spec.name == container_name) else {
            return Err(ApiError::BadRequest(BadRequest::ContainerNotValid {
                pod: pod_name.to_string(),
                container: container_name,
            }));
        };
        if !rt.containers[idx].is_running() {
            return Err(ApiError::BadRequest(BadRequest::ContainerNotRunning {
                pod: pod_name.to_string(),
                container: container_name,
            }));
        }
        let (code, reason) =
            if oom { (137, "OOMKilled") } else { (code, if code == 0 { "Completed" } else { "Error" }) };
        self.container_exited(pod_name, idx, code, reason);
        Ok(Killed { container: container_name, exit_code: code, oom_killed: oom })
    }

    /// Playground `health fail|recover`: a running container's HTTP endpoints answer 500 from
    /// now on (`failing`), or answer as the program normally does. Returns whether the
    /// container's program serves HTTP at all (nothing changes when it does not).
    pub fn set_http_failing(&mut self, pod_name: &str, container: &str, failing: bool) -> Result<bool, ApiError> {
        if self.store.pod(pod_name).is_none() {
            return Err(ApiError::not_found("pods", pod_name));
        }
        let Some(rt) = self.runtimes.get_mut(pod_name) else {
            return Err(ApiError::BadRequest(BadRequest::PodNotRunning { pod: pod_name.to_string() }));
        };
        let Some(idx) = rt.containers.iter().position(|c| c.spec.name == container) else {
            let (pod, container) = (pod_name.to_string(), container.to_string());
            return Err(ApiError::BadRequest(BadRequest::ContainerNotValid { pod, container }));
        };
        let c = &mut rt.containers[idx];
        if !c.is_running() {
            let (pod, container) = (pod_name.to_string(), container.to_string());
            return Err(ApiError::BadRequest(BadRequest::ContainerNotRunning { pod, container }));
        }
        if matches!(c.profile.http, apps::HttpBehaviour::None) {
            return Ok(false);
        }
        c.app.forced_failing = failing;
        // Probes that went quiet on a stable answer must look again, and so must requests.
        self.wake_probes(pod_name, idx);
        self.traffic.http_changed(pod_name);
        Ok(true)
    }

    /// `kubectl logs`.
    pub fn container_logs(
        &self,
        pod_name: &str,
        container: Option<&str>,
        previous: bool,
    ) -> Result<Vec<String>, ApiError> {
        let Some(pod) = self.store.pod(pod_name) else {
            return Err(ApiError::not_found("pods", pod_name));
        };
        let container_name = container
            .map(str::to_string)
            .unwrap_or_else(|| pod.spec.containers.first().map(|c| c.name.clone()).unwrap_or_default());
        let (pod, container) = (pod_name.to_string(), container_name.clone());
        let Some(rt) = self.runtimes.get(pod_name) else {
            return Err(ApiError::BadRequest(BadRequest::ContainerWaiting { pod, container }));
        };
        let Some(c) = rt.containers.iter().find(|c| c.spec.name == container_name) else {
            return Err(ApiError::BadRequest(BadRequest::ContainerNotValid { pod, container }));
        };
        if previous {
            if !c.ever_started || c.restart_count == 0 {
                return Err(ApiError::BadRequest(BadRequest::NoPreviousContainer { pod, container }));
            }
            return Ok(c.previous_logs.lines());
        }
        if !c.ever_started {
            return Err(ApiError::BadRequest(BadRequest::ContainerWaiting { pod, container }));
        }
        Ok(c.logs.lines())
    }
}

/// Image references that do not exist in kubeplay's pretend registries: a tag that says so
/// (`nginx:doesnotexist`, `app:nonexistent`, `x:missing`) or a registry under `.invalid`.
/// Every other image "exists" (unknown ones run as a generic web server).
pub fn image_not_found(image: &str) -> bool {
    let last = image.rsplit('/').next().unwrap_or(image);
    let tag = last.split_once(':').map(|(_, t)| t.to_ascii_lowercase()).unwrap_or_default();
    let registry_invalid =
        image.split('/').next().is_some_and(|host| image.contains('/') && host.ends_with(".invalid"));
    registry_invalid
        || ["doesnotexist", "does-not-exist", "nonexistent", "notexist", "missing", "typo"]
            .iter()
            .any(|m| tag.contains(m))
}

/// containerd's error for an image that is not in the registry.
fn pull_error(image: &str) -> String {
    let full = if image.contains('/') && image.split('/').next().is_some_and(|h| h.contains('.') || h.contains(':')) {
        image.to_string()
    } else if image.contains('/') {
        format!("docker.io/{image}")
    } else {
        format!("docker.io/library/{image}")
    };
    let full = if full.rsplit('/').next().is_some_and(|l| l.contains(':')) { full } else { format!("{full}:latest") };
    format!("rpc error: code = NotFound desc = failed to pull and unpack image \"{full}\": failed to resolve reference \"{full}\": {full}: not found")
}

/// Docker reference grammar, simplified: repositories must be lowercase.
fn invalid_image_name(image: &str) -> Option<String> {
    let repo = image.rsplit_once(':').filter(|(_, tag)| !tag.contains('/')).map(|(r, _)| r).unwrap_or(image);
    let path = repo
        .split_once('/')
        .filter(|(host, _)| host.contains('.') || host.contains(':'))
        .map(|(_, p)| p)
        .unwrap_or(repo);
    if path.chars().any(|c| c.is_ascii_uppercase()) {
        let shown = if path.contains('/') { path.to_string() } else { format!("library/{path}") };
        return Some(format!("invalid reference format: repository name ({shown}) must be lowercase"));
    }
    None
}

/// Whether a probe that just succeeded must keep succeeding while this container instance
/// runs: network probes against a server whose answers never change. Exec probes (files
/// change) and apps that fail after N requests or after a while are never stable.
fn outcome_is_stable(probe: &Probe, profile: &AppProfile) -> bool {
    if probe.exec.is_some() {
        return false;
    }
    if probe.http_get.is_some() {
        return profile.http == apps::HttpBehaviour::Healthy;
    }
    true
}

/// Runs one probe against a container: (success, failure output, the probe's command was
/// OOMKilled). Output is only built for failures: probes run every few seconds for every pod.
/// An httpGet probe the app answered sets `answered` to (status, path), for its access log.
#[allow(clippy::too_many_arguments)]
fn run_probe(
    probe: &Probe,
    spec: &Container,
    profile: &AppProfile,
    app: &mut AppState,
    ip: &str,
    now: SimTime,
    limits: shell::Limits,
    answered: &mut Option<(u16, String)>,
) -> (bool, String, bool) {
    if let Some(exec) = &probe.exec {
        let result = app.exec_limited(profile, &exec.command, now, &mut shell::NoNetwork, limits);
        app.add_cpu(result.cpu_micros as f64 / 1000.0);
        if result.oom_killed {
            return (false, String::new(), true);
        }
        if let Some(error) = result.error {
            return (false, error, false);
        }
        if result.duration > SimDuration::from_secs(probe.timeout() as u64) {
            return (false, format!("command {:?} timed out", exec.command.join(" ")), false);
        }
        return (result.exit_code == 0, result.output.trim_end().to_string(), false);
    }
    let (success, output) = run_network_probe(probe, spec, profile, app, ip, now, answered);
    (success, output, false)
}

/// An httpGet, tcpSocket or grpc probe.
fn run_network_probe(
    probe: &Probe,
    spec: &Container,
    profile: &AppProfile,
    app: &mut AppState,
    ip: &str,
    now: SimTime,
    answered: &mut Option<(u16, String)>,
) -> (bool, String) {
    let named_port = |port: &IntOrString| -> i64 {
        match port {
            IntOrString::Int(n) => *n,
            IntOrString::String(name) => {
                spec.ports.iter().find(|p| p.name.as_deref() == Some(name)).map(|p| p.container_port).unwrap_or(0)
            }
        }
    };
    if let Some(http) = &probe.http_get {
        let port = named_port(&http.port);
        let path = http.path.as_deref().unwrap_or("/");
        let outcome = apps::http_get(profile, app, port, path, now);
        if let HttpOutcome::Status(code) = outcome {
            *answered = Some((code, path.to_string()));
        }
        return match outcome {
            HttpOutcome::Status(code) if (200..400).contains(&code) => (true, String::new()),
            HttpOutcome::Status(code) => (false, format!("HTTP probe failed with statuscode: {code}")),
            HttpOutcome::ConnectionRefused => {
                let scheme = http.scheme.as_deref().unwrap_or("HTTP").to_ascii_lowercase();
                (
                    false,
                    format!("Get \"{scheme}://{ip}:{port}{path}\": dial tcp {ip}:{port}: connect: connection refused"),
                )
            }
        };
    }
    if let Some(tcp) = &probe.tcp_socket {
        let port = named_port(&tcp.port);
        return if apps::tcp_connect(profile, app, port, now) {
            (true, String::new())
        } else {
            (false, format!("dial tcp {ip}:{port}: connect: connection refused"))
        };
    }
    if let Some(grpc) = &probe.grpc {
        return match apps::grpc_check(profile, app, grpc.port, now) {
            apps::GrpcOutcome::Serving => (true, String::new()),
            apps::GrpcOutcome::Unimplemented => {
                (false, "rpc error: code = Unimplemented desc = unknown service grpc.health.v1.Health".into())
            }
            apps::GrpcOutcome::ConnectionRefused => (
                false,
                format!(
                    "timeout: failed to connect service \"{ip}:{}\" within 1s: context deadline exceeded",
                    grpc.port
                ),
            ),
        };
    }
    (false, "no probe handler".into())
}

/// Pod status from the runtime: phase (getPhase), conditions, container statuses.
fn compute_pod_status(rt: &PodRuntime, old: &PodStatus, spec: &PodSpec, deleting: bool, now: SimTime) -> PodStatus {
    let statuses: Vec<ContainerStatus> = rt
        .containers
        .iter()
        .map(|c| {
            let state = match &c.state {
                CState::Waiting { reason, message } => ContainerState {
                    waiting: Some(StateWaiting { reason: reason.clone(), message: message.clone() }),
                    ..Default::default()
                },
                CState::Running { started_at } => {
                    ContainerState { running: Some(StateRunning { started_at: *started_at }), ..Default::default() }
                }
                CState::Terminated(t) => ContainerState { terminated: Some(t.clone()), ..Default::default() },
            };
            let last_state = match (&c.state, &c.last_terminated) {
                (_, Some(t)) => ContainerState { terminated: Some(t.clone()), ..Default::default() },
                _ => ContainerState::default(),
            };
            ContainerStatus {
                name: c.spec.name.clone(),
                image: c.spec.image.clone(),
                ready: c.ready && c.is_running(),
                started: c.started && c.is_running(),
                restart_count: c.restart_count,
                state,
                last_state,
                container_id: if c.ever_started {
                    format!(
                        "containerd://{}{:08x}",
                        &rt.uid.replace('-', "")[..24.min(rt.uid.len().saturating_sub(4))],
                        c.cgen
                    )
                } else {
                    String::new()
                },
            }
        })
        .collect();

    // getPhase (pkg/kubelet/kubelet_pods.go).
    let mut running = 0;
    let mut waiting = 0;
    let mut stopped = 0;
    let mut succeeded = 0;
    for c in &rt.containers {
        match &c.state {
            CState::Running { .. } => running += 1,
            CState::Terminated(t) => {
                stopped += 1;
                if t.exit_code == 0 {
                    succeeded += 1;
                }
            }
            CState::Waiting { .. } if c.ever_started => {
                stopped += 1;
                if c.last_terminated.as_ref().is_some_and(|t| t.exit_code == 0) {
                    succeeded += 1;
                }
            }
            CState::Waiting { .. } => waiting += 1,
        }
    }
    let n = rt.containers.len();
    let phase = if waiting > 0 {
        "Pending"
    } else if running > 0 {
        "Running"
    } else if stopped == n && n > 0 {
        if deleting && rt.terminating {
            if succeeded == n {
                "Succeeded"
            } else {
                "Failed"
            }
        } else {
            match rt.restart_policy.as_str() {
                "Always" => "Running",
                _ if succeeded == n => "Succeeded",
                "Never" => "Failed",
                _ => "Running",
            }
        }
    } else {
        "Pending"
    };
    let terminal = phase == "Succeeded" || phase == "Failed";
    let all_ready = !statuses.is_empty() && statuses.iter().all(|s| s.ready);
    let unready: Vec<&str> = statuses.iter().filter(|s| !s.ready).map(|s| s.name.as_str()).collect();
    let transition = |type_: &str, status: &str| -> Option<SimTime> {
        match old.conditions.iter().find(|c| c.type_ == type_) {
            Some(c) if c.status == status => c.last_transition_time,
            _ => Some(now),
        }
    };
    let ready_status = if all_ready { "True" } else { "False" };
    let (ready_reason, ready_message) = if all_ready {
        (None, None)
    } else if terminal {
        (Some("PodCompleted".to_string()), None)
    } else {
        (
            Some("ContainersNotReady".to_string()),
            Some(format!("containers with unready status: [{}]", unready.join(" "))),
        )
    };
    let sandbox = if terminal { "False" } else { "True" };
    let conditions = vec![
        PodCondition {
            type_: "PodReadyToStartContainers".into(),
            status: sandbox.into(),
            last_transition_time: transition("PodReadyToStartContainers", sandbox),
            reason: None,
            message: None,
        },
        PodCondition {
            type_: "Initialized".into(),
            status: "True".into(),
            last_transition_time: transition("Initialized", "True"),
            reason: None,
            message: None,
        },
        PodCondition {
            type_: "Ready".into(),
            status: ready_status.into(),
            last_transition_time: transition("Ready", ready_status),
            reason: ready_reason.clone(),
            message: ready_message.clone(),
        },
        PodCondition {
            type_: "ContainersReady".into(),
            status: ready_status.into(),
            last_transition_time: transition("ContainersReady", ready_status),
            reason: ready_reason,
            message: ready_message,
        },
        PodCondition {
            type_: "PodScheduled".into(),
            status: "True".into(),
            last_transition_time: transition("PodScheduled", "True"),
            reason: None,
            message: None,
        },
    ];
    let qos = qos_class(spec);
    PodStatus {
        phase: phase.into(),
        conditions,
        host_ip: old.host_ip.clone(),
        pod_ip: rt.sandbox_ready.then(|| rt.ip.to_string()),
        start_time: old.start_time.or(Some(rt.admitted_at)),
        container_statuses: statuses,
        reason: old.reason.clone(),
        message: old.message.clone(),
        qos_class: Some(qos),
    }
}

/// QoS class (Guaranteed / Burstable / BestEffort), from `PodSpec::qos_class`.
pub fn qos_class(spec: &PodSpec) -> String {
    spec.qos_class().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the running sum of shells' memory should be.
    fn counted(cluster: &Cluster) -> u64 {
        cluster.runtimes.values().flat_map(|rt| rt.containers.iter()).map(|c| c.shell_bytes).sum()
    }

    /// The running sum `shell_limits` trusts stays equal to a count while shells grow, are
    /// OOMKilled, restart, and their pods are deleted.
    #[test]
    fn the_running_sum_of_shell_memory_is_exact() {
        let hog = |name: &str, limit: &str| {
            format!(
                "apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}}}\nspec:\n  containers:\n  - name: c\n    image: busybox\n    command: [sh, -c, 'x=a; while true; do x=$x$x; sleep 1; done']\n    resources: {limit}\n"
            )
        };
        let mut cluster = Cluster::new(1);
        for (name, limit) in [("a", "{limits: {memory: 64Mi}}"), ("b", "{}"), ("c", "{limits: {memory: 16Mi}}")] {
            cluster.apply_yaml(&hog(name, limit)).expect("apply");
        }
        let mut seen_bytes = false;
        for step in 1..=120 {
            cluster.run_until(SimTime::from_secs(step * 2));
            assert_eq!(cluster.shell_memory_total, counted(&cluster), "at {}s", step * 2);
            seen_bytes |= cluster.shell_memory_total > 0;
            if step == 60 {
                cluster.delete_pod("b", Some(0), true).expect("delete");
            }
        }
        assert!(seen_bytes, "the shells held memory");
    }

    #[test]
    fn pull_policy_defaults() {
        let c = |image: &str| Container { image: image.into(), ..Default::default() };
        assert_eq!(effective_pull_policy(&c("nginx")), "Always");
        assert_eq!(effective_pull_policy(&c("nginx:latest")), "Always");
        assert_eq!(effective_pull_policy(&c("nginx:1.14.2")), "IfNotPresent");
        assert_eq!(effective_pull_policy(&c("localhost:5000/app")), "Always");
        assert_eq!(effective_pull_policy(&c("registry.k8s.io/busybox:1.27.2")), "IfNotPresent");
    }
}
