//! The simulation: no IO, no wall clock, no browser. Same inputs and seed give the same
//! event log, natively and in wasm.
//!
//! `Cluster` owns the object store, the event queue and one seeded RNG. Time moves only when
//! `run_until` pops events. After every event the controllers reconcile the objects marked
//! dirty (level-triggered, as upstream workqueues), so cause and effect share a timestamp.

pub mod apps;
pub mod controllers;
pub mod error;
pub mod events;
pub mod fxhash;
pub mod kubelet;
pub mod metrics;
pub mod objects;
pub mod pods;
pub mod port_forward;
pub mod queue;
pub mod quota;
pub mod rng;
pub mod series;
pub mod store;
pub mod time;
pub mod timers;
pub mod traffic;

use crate::api::*;
use crate::name_set::NameSet;
use crate::small_map::SmallMap;
use events::EventLog;
use kubelet::{NodeAgent, PodRuntime, ProbeKind};
use queue::{EventKey, EventQueue};
use rng::SimRng;
use std::collections::BTreeMap;
use std::rc::Rc;
use store::Store;
use time::{SimDuration, SimTime};

pub use error::{ApiError, ApplyError, BadRequest, DrainReport, Forbidden, Invalid, Killed, NodeOutcome};
pub use metrics::{ContainerMetrics, NodeMetrics, PodMetrics};
pub use traffic::{LoadStatus, PodTraffic, ServiceStats};

/// The Kubernetes version whose behaviour and texts kubeplay follows.
pub const KUBERNETES_VERSION: &str = "v1.35.0";

/// A worker node as a scenario describes it.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeConfig {
    pub name: String,
    /// Allocatable CPU [millicores].
    pub cpu_millis: i64,
    /// Allocatable memory [bytes].
    pub memory_bytes: i64,
    pub zone: Option<String>,
}

impl NodeConfig {
    pub fn new(name: &str) -> NodeConfig {
        NodeConfig { name: name.into(), cpu_millis: 4000, memory_bytes: 8 * 1024 * 1024 * 1024, zone: None }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ClusterConfig {
    pub seed: u64,
    pub nodes: Vec<NodeConfig>,
    /// kube-controller-manager `--node-monitor-grace-period` (50 s since v1.32; 40 s before).
    pub node_monitor_grace: SimDuration,
    /// metrics-server runs in kube-system from the start (the default). Without it `kubectl
    /// top` says "Metrics API not available" until `kubectl apply -f` of its manifest URL.
    pub metrics_server: bool,
}

impl ClusterConfig {
    /// The default classroom cluster: three workers `node-1`..`node-3`.
    pub fn with_nodes(seed: u64, n: usize) -> ClusterConfig {
        ClusterConfig {
            seed,
            nodes: (1..=n).map(|i| NodeConfig::new(&format!("node-{i}"))).collect(),
            node_monitor_grace: SimDuration::from_secs(50),
            metrics_server: true,
        }
    }
}

/// Everything that can happen at a point in cluster time. A closed set: the queue holds
/// nothing else.
#[derive(Clone, Debug)]
pub enum Ev {
    /// The kubelet on a pod's node notices the binding and admits the pod.
    KubeletAdmit { pod: Rc<str> },
    /// The kubelet (re)evaluates one pod: start, restart, back-off, termination.
    KubeletSync { pod: Rc<str>, inst: u64 },
    /// An image pull for container `idx` finished.
    PullDone { pod: Rc<str>, inst: u64, idx: usize },
    /// A probe worker's ticker fired.
    ProbeTick { pod: Rc<str>, inst: u64, idx: usize, kind: ProbeKind, gen: u64 },
    /// A sleeping shell script wakes up.
    ScriptWake { pod: Rc<str>, inst: u64, idx: usize, cgen: u64 },
    /// A container's main process exits by itself.
    ProcessExit { pod: Rc<str>, inst: u64, idx: usize, cgen: u64, code: i32, reason: String },
    /// The grace period of a kill ran out: SIGKILL.
    KillDeadline { pod: Rc<str>, inst: u64, idx: usize, cgen: u64 },
    /// A kubelet renews its node lease.
    Heartbeat { node: String, boot: u64 },
    /// A powered-on node finished booting: the kubelet starts.
    NodeBooted { node: String, boot: u64 },
    /// The node lifecycle controller's 5 s monitor pass.
    NodeMonitor,
    /// The taint-eviction controller's timer for one pod.
    TaintEviction { pod: String, uid: String },
    /// A controller asked to look at an object again later (minReadySeconds, deadlines).
    Resync { what: Resync },
    /// The scheduler retries pending pods.
    ScheduleRetry,
    /// Time series: read every tracked value (every second).
    SeriesSample,
    /// Load generators send and pods answer (every second while there is load).
    TrafficTick,
    /// metrics-server scrapes the kubelets (every 15 s).
    MetricsScrape,
    /// The HPA controller's sync of one HorizontalPodAutoscaler: 15 s after it was created,
    /// then every 15 s (upstream queues each HPA with a fixed 15 s delay).
    HpaSync { name: String, uid: String },
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Resync {
    ReplicaSet(String),
    Deployment(String),
}

/// Objects whose controllers must run before time moves on.
#[derive(Clone, Debug, Default)]
pub struct Dirty {
    pub deployments: NameSet,
    pub replicasets: NameSet,
    pub services: bool,
    pub scheduler: bool,
}

impl Dirty {
    pub fn is_empty(&self) -> bool {
        self.deployments.is_empty() && self.replicasets.is_empty() && !self.services && !self.scheduler
    }
}

/// A simulated cluster.
pub struct Cluster {
    now: SimTime,
    queue: EventQueue<Ev>,
    pub(crate) rng: SimRng,
    // Read from outside the engine through `store()`, `events()`, `config()` (the fields are
    // not `pub`: only the engine and the command layer, driven by `Session`, write them).
    pub(crate) store: Store,
    pub(crate) events: EventLog,
    pub(crate) config: ClusterConfig,
    /// Values in name-keyed maps are boxed here and in the store, the series and the UI's
    /// readout: every `BTreeMap<String, Box<_>>` shares one copy of the B-tree's code in the
    /// wasm, where each value type would bring its own (docs/size.md).
    pub(crate) agents: BTreeMap<String, Box<NodeAgent>>,
    /// Kubelet state per pod name; lookup only (never iterated in hash order).
    pub(crate) runtimes: fxhash::FxHashMap<String, PodRuntime>,
    pub(crate) dirty: Dirty,
    pub(crate) node_lifecycle: controllers::node_lifecycle::NodeLifecycle,
    pub(crate) taint_timers: BTreeMap<String, Box<(EventKey, SimTime)>>,
    pub(crate) scheduler: controllers::scheduler::SchedulerState,
    /// Pod-template hash per Deployment, keyed by its generation (hashing serializes the template).
    pub(crate) hash_cache: BTreeMap<String, Box<(i64, String)>>,
    pub(crate) hpa: controllers::hpa::HpaController,
    next_inst: u64,
    /// Time series and markers for charts (bounded).
    pub(crate) series: series::Series,
    pub(crate) traffic: traffic::TrafficState,
    pub(crate) metrics_server: metrics::MetricsServer,
    /// Bytes all containers' shells hold (the sum of `ContainerRuntime::shell_bytes`),
    /// bounded by `kubelet::CLUSTER_SHELL_MEMORY`.
    pub(crate) shell_memory_total: u64,
    /// `kubectl port-forward`s in effect: local port to (pod, container port).
    pub(crate) port_forwards: SmallMap<u16, (String, i64)>,
    /// The cluster-wide caps on pods and objects (`engine::quota`).
    pub(crate) quota: quota::Quota,
    /// The pending retry of each controller the quota refused (`Cluster::quota_refused`).
    pub(crate) quota_retries: BTreeMap<Resync, EventKey>,
    /// Each ReplicaSet's pod size for the quota, keyed by its uid and generation.
    pub(crate) template_sizes: BTreeMap<String, Box<TemplateSize>>,
}

/// A ReplicaSet's (uid, generation) and its pod size (`Cluster::template_sizes`).
pub(crate) type TemplateSize = ((String, i64), usize);

impl Cluster {
    /// The default cluster: 3 worker nodes, seeded.
    pub fn new(seed: u64) -> Cluster {
        Cluster::with_config(ClusterConfig::with_nodes(seed, 3))
    }

    pub fn with_config(config: ClusterConfig) -> Cluster {
        let mut cluster = Cluster {
            now: SimTime::ZERO,
            queue: EventQueue::default(),
            rng: SimRng::new(config.seed),
            store: Store::default(),
            events: EventLog::default(),
            config: config.clone(),
            agents: BTreeMap::new(),
            runtimes: Default::default(),
            dirty: Dirty::default(),
            node_lifecycle: Default::default(),
            taint_timers: BTreeMap::new(),
            scheduler: Default::default(),
            hash_cache: BTreeMap::new(),
            hpa: Default::default(),
            next_inst: 1,
            series: Default::default(),
            traffic: traffic::TrafficState::new(config.seed),
            metrics_server: Default::default(),
            shell_memory_total: 0,
            port_forwards: SmallMap::new(),
            quota: Default::default(),
            quota_retries: BTreeMap::new(),
            template_sizes: BTreeMap::new(),
        };
        for (idx, node) in config.nodes.iter().enumerate() {
            cluster.add_node(node, idx);
        }
        cluster.add_kubernetes_service();
        cluster.schedule(SimTime::ZERO, Ev::NodeMonitor);
        cluster.schedule(SimTime::ZERO, Ev::SeriesSample);
        if cluster.config.metrics_server {
            cluster.schedule(SimTime::ZERO + metrics::FIRST_SCRAPE, Ev::MetricsScrape);
        }
        cluster
    }

    pub fn now(&self) -> SimTime {
        self.now
    }

    /// The API objects (pods, deployments, nodes, ...), for reading.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The event log (`kubectl get events`, the event stream), for reading.
    pub fn events(&self) -> &EventLog {
        &self.events
    }

    /// The configuration the cluster started with (nodes, seed, controller settings).
    pub fn config(&self) -> &ClusterConfig {
        &self.config
    }

    /// The `kubectl port-forward`s in effect: local port to (pod, container port).
    pub fn port_forwards(&self) -> &SmallMap<u16, (String, i64)> {
        &self.port_forwards
    }

    /// The cluster-wide caps on pods and objects.
    pub fn quota(&self) -> quota::Quota {
        self.quota
    }

    /// Lowers or raises the cluster-wide caps (tests that reach a cap quickly).
    pub fn set_quota(&mut self, quota: quota::Quota) {
        self.quota = quota;
    }

    /// Schedules an event; a time in the past is treated as now.
    pub(crate) fn schedule(&mut self, at: SimTime, ev: Ev) -> EventKey {
        self.queue.push(at.max(self.now), ev)
    }

    pub(crate) fn schedule_in(&mut self, after: SimDuration, ev: Ev) -> EventKey {
        self.schedule(self.now + after, ev)
    }

    pub(crate) fn cancel(&mut self, key: EventKey) {
        self.queue.cancel(key);
    }

    pub(crate) fn next_inst(&mut self) -> u64 {
        let inst = self.next_inst;
        self.next_inst += 1;
        inst
    }

    /// A UID in the usual 8-4-4-4-12 hex form, from the seeded generator.
    pub(crate) fn new_uid(&mut self) -> String {
        let mut hex = String::with_capacity(36);
        for i in 0..32 {
            if matches!(i, 8 | 12 | 16 | 20) {
                hex.push('-');
            }
            hex.push(char::from_digit(self.rng.below(16), 16).unwrap_or('0'));
        }
        hex
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn record(
        &mut self,
        type_: &'static str,
        reason: &str,
        kind: &str,
        name: &str,
        message: String,
        source: &'static str,
    ) {
        self.events.record(self.now, type_, reason, kind, name, None, message, source);
    }

    pub(crate) fn record_container(
        &mut self,
        type_: &'static str,
        reason: &str,
        pod: &str,
        container: &str,
        message: String,
    ) {
        let path = Some(format!("spec.containers{{{container}}}"));
        self.events.record(self.now, type_, reason, "Pod", pod, path, message, "kubelet");
    }

    /// Advances cluster time by `d`, processing every event on the way.
    pub fn run_for(&mut self, d: SimDuration) {
        self.run_until(self.now + d);
    }

    /// Processes every event up to and including `deadline`, then sets the clock to it.
    pub fn run_until(&mut self, deadline: SimTime) {
        self.reconcile();
        while let Some(at) = self.queue.peek_time() {
            if at > deadline {
                break;
            }
            let Some((at, ev)) = self.queue.pop() else { break };
            self.now = at;
            self.dispatch(ev);
            // Controllers run once all events of this instant are in, as a workqueue
            // collapses repeated keys while its worker is busy.
            if self.queue.peek_time() != Some(at) {
                self.reconcile();
            }
        }
        self.reconcile();
        if deadline > self.now {
            self.now = deadline;
        }
    }

    /// When the next event happens, if any (for callers that look at every change).
    pub fn next_event_time(&mut self) -> Option<SimTime> {
        self.queue.peek_time()
    }

    /// Runs until `cond` holds or `limit` of cluster time has passed; returns whether it held.
    pub fn run_until_cond(&mut self, limit: SimDuration, cond: impl FnMut(&Cluster) -> bool) -> bool {
        let deadline = self.now + limit;
        let mut unbounded = usize::MAX;
        self.run_until_cond_step(deadline, &mut unbounded, cond).unwrap_or(false)
    }

    /// [`Cluster::run_until_cond`] towards `deadline` running at most `*budget` events (each
    /// counts one): `None` when the budget ran out first (call again to go on; the cluster is
    /// the same as if it had run in one go), else whether `cond` holds.
    pub fn run_until_cond_step(
        &mut self,
        deadline: SimTime,
        budget: &mut usize,
        mut cond: impl FnMut(&Cluster) -> bool,
    ) -> Option<bool> {
        self.reconcile();
        if cond(self) {
            return Some(true);
        }
        while let Some(at) = self.queue.peek_time() {
            if at > deadline {
                break;
            }
            if *budget == 0 {
                return None;
            }
            *budget -= 1;
            let Some((at, ev)) = self.queue.pop() else { break };
            self.now = at;
            self.dispatch(ev);
            self.reconcile();
            if cond(self) {
                return Some(true);
            }
        }
        self.now = self.now.max(deadline);
        Some(cond(self))
    }

    #[inline(never)]
    fn dispatch(&mut self, ev: Ev) {
        match ev {
            Ev::KubeletAdmit { pod } => self.kubelet_admit(&pod),
            Ev::KubeletSync { pod, inst } => self.kubelet_sync(&pod, inst),
            Ev::PullDone { pod, inst, idx } => self.pull_done(&pod, inst, idx),
            Ev::ProbeTick { pod, inst, idx, kind, gen } => self.probe_tick(pod, inst, idx, kind, gen),
            Ev::ScriptWake { pod, inst, idx, cgen } => self.script_wake(&pod, inst, idx, cgen),
            Ev::ProcessExit { pod, inst, idx, cgen, code, reason } => {
                self.process_exit(&pod, inst, idx, cgen, code, &reason)
            }
            Ev::KillDeadline { pod, inst, idx, cgen } => self.kill_deadline(&pod, inst, idx, cgen),
            Ev::Heartbeat { node, boot } => self.heartbeat(&node, boot),
            Ev::NodeBooted { node, boot } => self.node_booted(&node, boot),
            Ev::NodeMonitor => self.node_monitor(),
            Ev::TaintEviction { pod, uid } => self.taint_evict(&pod, &uid),
            Ev::Resync { what } => match what {
                Resync::ReplicaSet(name) => {
                    self.dirty.replicasets.insert(name);
                }
                Resync::Deployment(name) => {
                    self.dirty.deployments.insert(name);
                }
            },
            Ev::SeriesSample => self.sample_series(),
            Ev::HpaSync { name, uid } => self.hpa_sync(&name, &uid),
            Ev::ScheduleRetry => {
                self.scheduler.retry_pending = false;
                self.dirty.scheduler = true;
            }
            Ev::TrafficTick => self.traffic_tick(),
            Ev::MetricsScrape => self.metrics_scrape(),
        }
    }

    /// Runs the controllers on everything marked dirty until nothing is. Called after every
    /// event, so the nothing-to-do case is kept tiny and the work lives out of line.
    #[inline]
    pub(crate) fn reconcile(&mut self) {
        if !self.dirty.is_empty() {
            self.reconcile_dirty();
        }
    }

    #[inline(never)]
    fn reconcile_dirty(&mut self) {
        for _round in 0..100_000 {
            if let Some(name) = self.dirty.deployments.pop_first() {
                self.sync_deployment(&name);
                continue;
            }
            if let Some(name) = self.dirty.replicasets.pop_first() {
                self.sync_replica_set(&name);
                continue;
            }
            if self.dirty.scheduler {
                self.dirty.scheduler = false;
                self.schedule_pending();
                continue;
            }
            if self.dirty.services {
                self.dirty.services = false;
                self.sync_endpoints();
                continue;
            }
            return;
        }
        // A controller that keeps dirtying itself would be a bug; keep the rest for the
        // next event rather than spin.
        debug_assert!(false, "reconcile did not settle");
    }

    /// Marks what depends on a pod as dirty: its ReplicaSet (and that RS's Deployment),
    /// Services, and the scheduler when it is unbound.
    pub(crate) fn pod_changed(&mut self, pod_name: &str) {
        self.dirty.services = true;
        if let Some(pod) = self.store.pod(pod_name) {
            if pod.spec.node_name.is_none() {
                self.dirty.scheduler = true;
            }
            if let Some(owner) = pod.controller_ref() {
                if owner.kind == "ReplicaSet" {
                    let rs = owner.name.clone();
                    self.rs_changed(&rs);
                }
            }
        }
    }

    pub(crate) fn rs_changed(&mut self, rs_name: &str) {
        self.dirty.replicasets.insert(rs_name.to_string());
        if let Some(rs) = self.store.replicasets.get(rs_name) {
            if let Some(owner) = rs.metadata.owner_references.iter().find(|o| o.kind == "Deployment") {
                self.dirty.deployments.insert(owner.name.clone());
            }
        }
    }

    fn add_node(&mut self, config: &NodeConfig, idx: usize) {
        let n = idx + 1;
        let mut labels = Labels::new();
        labels.insert("kubernetes.io/hostname".into(), config.name.clone());
        labels.insert("kubernetes.io/os".into(), "linux".into());
        labels.insert("kubernetes.io/arch".into(), "amd64".into());
        if let Some(zone) = &config.zone {
            labels.insert("topology.kubernetes.io/zone".into(), zone.clone());
        }
        let cpu = Quantity(format_millis(config.cpu_millis));
        let memory = Quantity(format!("{}Ki", config.memory_bytes / 1024));
        let resources: std::collections::BTreeMap<String, Quantity> =
            [("cpu".to_string(), cpu), ("memory".to_string(), memory), ("pods".to_string(), Quantity("110".into()))]
                .into();
        let uid = self.new_uid();
        let node = Node {
            api_version: "v1".into(),
            kind: "Node".into(),
            metadata: ObjectMeta {
                name: config.name.clone(),
                labels,
                uid,
                creation_timestamp: Some(self.now),
                ..Default::default()
            },
            spec: NodeSpec { pod_cidr: Some(format!("10.244.{n}.0/24")), ..Default::default() },
            status: Some(NodeStatus {
                capacity: resources.clone(),
                allocatable: resources,
                conditions: [
                    (
                        "MemoryPressure",
                        "False",
                        "KubeletHasSufficientMemory",
                        "kubelet has sufficient memory available",
                    ),
                    ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                    ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                    ("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
                ]
                .iter()
                .map(|(type_, status, reason, message)| Condition {
                    type_: type_.to_string(),
                    status: status.to_string(),
                    last_heartbeat_time: Some(self.now),
                    last_update_time: None,
                    last_transition_time: Some(self.now),
                    reason: Some(reason.to_string()),
                    message: Some(message.to_string()),
                })
                .collect(),
                addresses: vec![
                    NodeAddress { type_: "InternalIP".into(), address: format!("172.18.0.{}", n + 1) },
                    NodeAddress { type_: "Hostname".into(), address: config.name.clone() },
                ],
                node_info: NodeSystemInfo {
                    kubelet_version: KUBERNETES_VERSION.into(),
                    os_image: "Debian GNU/Linux 12 (bookworm)".into(),
                    kernel_version: "6.1.0-28-amd64".into(),
                    container_runtime_version: "containerd://2.1.4".into(),
                    operating_system: "linux".into(),
                    architecture: "amd64".into(),
                },
            }),
        };
        self.store.nodes.insert(config.name.clone(), Box::new(node));
        // Lease renewals every 10 s, phased 2-4.5 s into each period (never on the monitor's
        // 5 s grid) so that a node powered off on a round time is seen NotReady 50 s later.
        let phase = SimDuration::from_millis(2000 + (idx as u64 % 6) * 500);
        self.agents.insert(
            config.name.clone(),
            Box::new(NodeAgent::new(n, phase, self.now, config.cpu_millis, config.memory_bytes / 1024 * 1024)),
        );
        self.node_lifecycle.observe(&config.name, self.now);
        self.schedule(self.now + phase, Ev::Heartbeat { node: config.name.clone(), boot: 0 });
    }

    /// The `default/kubernetes` Service every cluster has, pointing at the API server.
    fn add_kubernetes_service(&mut self) {
        let yaml = "apiVersion: v1
kind: Service
metadata:
  name: kubernetes
  labels: {component: apiserver, provider: kubernetes}
spec:
  clusterIP: 10.96.0.1
  ports:
  - {name: https, port: 443, protocol: TCP, targetPort: 6443}
";
        let Ok(parsed) = crate::manifest::parse_manifests(yaml, "kubernetes") else { return };
        for p in parsed {
            if let crate::manifest::Object::Service(svc) = p.object {
                let _ = self.apply_service(svc);
            }
        }
        let mut labels = Labels::new();
        labels.insert("kubernetes.io/service-name".into(), "kubernetes".into());
        self.store.endpointslices.insert(
            "kubernetes".into(),
            Box::new(EndpointSlice {
                api_version: "discovery.k8s.io/v1".into(),
                kind: "EndpointSlice".into(),
                metadata: ObjectMeta {
                    name: "kubernetes".into(),
                    namespace: Some("default".into()),
                    labels,
                    creation_timestamp: Some(self.now),
                    ..Default::default()
                },
                address_type: "IPv4".into(),
                endpoints: vec![Endpoint {
                    addresses: vec!["172.18.0.1".into()],
                    conditions: EndpointConditions { ready: true, serving: true, terminating: false },
                    node_name: None,
                    target_ref: None,
                }],
                ports: vec![EndpointPort { name: Some("https".into()), port: 6443, protocol: "TCP".into() }],
            }),
        );
    }

    /// Names of the worker nodes, in order.
    pub fn node_names(&self) -> Vec<String> {
        self.store.nodes.keys().cloned().collect()
    }

    /// Number of events waiting in the queue (for benchmarks and memory checks).
    pub fn pending_events(&self) -> usize {
        self.queue.len()
    }
}
