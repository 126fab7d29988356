//! The one command language: a kubectl subset plus playground verbs, parsed from text into a
//! structured `Command`. Parsing is pure (no cluster); `exec` runs a `Command` against one.
//!
//! - `args.rs`: the leaf: tokenizer, pflag-style `Args`, `FlagSpec`, the `Verb` row type.
//! - `parse.rs`: finds the verb of a line in `VERBS` and calls its parse function.
//! - `verbs/`: one module per verb or verb family (row, parsing, execution, help text, tests);
//!   `verbs::VERBS` is the table that generates `help`. See `verbs` for "Adding a verb".
//! - `exec.rs`: `run`/`execute`, the namespace guard, and the one `match` that sends each
//!   `Command` to its verb's module.
//! - `selector.rs` (label and field selectors), `patch.rs` (JSON/merge/strategic patch),
//!   `marker.rs` (chart markers for actions).

// A `ParseError` carries the input and a rich kind; it is built at most once per typed line,
// so its size does not matter.
#![allow(clippy::result_large_err)]

pub mod addons;
mod args;
pub mod exec;
mod marker;
mod parse;
mod patch;
mod selector;
pub mod shell;
pub mod verbs;

pub use args::{suggestions, Args, FlagKind, FlagSpec, Token, Verb};
pub use exec::{execute, run, Files, NoFiles, Output};
pub use parse::parse;
pub use selector::Selector;
pub use verbs::{help, VERBS};

use crate::engine::time::SimDuration;
use std::fmt;

/// A byte range `[start, end)` into the parsed input line.
pub type Span = (usize, usize);

/// One parsed command. Fields are validated: numbers are in range, durations parsed, resource
/// types resolved. `namespace` is `None` when the user gave no `-n`/`--namespace`.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// `kubectl apply -f FILE...` (`-` is stdin; in the browser FILE may name an in-memory file).
    Apply { files: Vec<String>, namespace: Option<String> },
    /// `kubectl create -f FILE...`: like apply, but fails if an object already exists.
    Create { files: Vec<String>, namespace: Option<String> },
    /// `kubectl create deployment NAME --image=IMG... [-- COMMAND ARGS...]`; one container per
    /// `--image`.
    CreateDeployment {
        name: String,
        images: Vec<String>,
        /// `--replicas`; kubectl writes `replicas: 1` when absent.
        replicas: Option<u32>,
        port: Option<u16>,
        /// `-- COMMAND ARGS...`: the container's command; empty for the image's default.
        command: Vec<String>,
        dry_run: bool,
        output: OutputFormat,
        namespace: Option<String>,
    },
    /// `kubectl create service clusterip|nodeport|loadbalancer NAME --tcp=PORT[:TARGET]...`
    CreateService {
        service_type: ServiceType,
        name: String,
        ports: Vec<ServicePortArg>,
        /// `--clusterip`: an address to ask for, or `None` for a headless Service.
        cluster_ip: Option<String>,
        dry_run: bool,
        output: OutputFormat,
        namespace: Option<String>,
    },
    /// `kubectl get TYPE[,TYPE...] [NAME...]`. `all` is expanded to its kinds, in kubectl's order.
    Get {
        kinds: Vec<ResourceKind>,
        names: Vec<String>,
        output: OutputFormat,
        selector: Option<String>,
        field_selector: Option<String>,
        watch: bool,
        all_namespaces: bool,
        show_labels: bool,
        no_headers: bool,
        /// `--sort-by=.lastTimestamp`: a JSONPath-ish field path, as typed.
        sort_by: Option<String>,
        namespace: Option<String>,
    },
    /// `kubectl describe TYPE [NAME...]`; no names means every object of the kinds.
    Describe {
        kinds: Vec<ResourceKind>,
        names: Vec<String>,
        selector: Option<String>,
        all_namespaces: bool,
        namespace: Option<String>,
    },
    /// `kubectl logs POD [CONTAINER]` or `logs TYPE/NAME` (`kind` is `Pod` unless TYPE/NAME named
    /// another kind, e.g. `deploy/web`).
    Logs {
        kind: ResourceKind,
        name: String,
        container: Option<String>,
        previous: bool,
        /// `--tail N`; `None` for all lines (kubectl's -1).
        tail: Option<u64>,
        follow: bool,
        namespace: Option<String>,
    },
    /// `kubectl delete TYPE NAME...`, `delete TYPE -l SEL` or `delete TYPE --all`.
    Delete {
        kinds: Vec<ResourceKind>,
        names: Vec<String>,
        selector: Option<String>,
        all: bool,
        /// Resolved as kubectl does: `--now` is 1, `--grace-period=0` without `--force` is 1,
        /// `--force` alone is 0. `None` uses the object's own grace period.
        grace_period: Option<u64>,
        force: bool,
        ignore_not_found: bool,
        namespace: Option<String>,
    },
    /// `kubectl delete -f FILE...`
    DeleteFiles {
        files: Vec<String>,
        grace_period: Option<u64>,
        force: bool,
        ignore_not_found: bool,
        namespace: Option<String>,
    },
    /// `kubectl scale deploy/NAME --replicas=N` (deployments and replicasets).
    Scale { kind: ResourceKind, name: String, replicas: u32, namespace: Option<String> },
    /// `kubectl autoscale deployment NAME [--min=N] --max=N [--cpu-percent=N | --cpu=50%|500m]`
    Autoscale {
        kind: ResourceKind,
        name: String,
        /// `None` lets the API default it (1).
        min: Option<u32>,
        max: u32,
        /// `None` lets the API default it (80% utilization).
        cpu: Option<CpuTarget>,
        /// `--name`; defaults to the target's name.
        hpa_name: Option<String>,
        namespace: Option<String>,
        /// `--cpu-percent` was given: kubectl ≥ 1.34 prints its deprecation warning.
        cpu_percent_flag: bool,
    },
    /// `kubectl set image deployment/NAME CONTAINER=IMAGE...` (`*` as CONTAINER means all).
    SetImage { kind: ResourceKind, name: String, images: Vec<ContainerImage>, namespace: Option<String> },
    /// `kubectl rollout status|history|undo|restart|pause|resume deployment/NAME`
    Rollout {
        action: RolloutAction,
        kind: ResourceKind,
        name: String,
        /// `--to-revision` for undo, `--revision` for history and status.
        revision: Option<u64>,
        /// `rollout status --watch` (default true): keep waiting until the rollout completes.
        watch: bool,
        timeout: Option<SimDuration>,
        namespace: Option<String>,
    },
    /// `kubectl patch TYPE NAME --type=json|merge|strategic -p PATCH`; the patch text was parsed
    /// as YAML/JSON (as kubectl does) into a JSON value.
    Patch {
        kind: ResourceKind,
        name: String,
        patch_type: PatchType,
        patch: serde_json::Value,
        namespace: Option<String>,
    },
    /// `kubectl exec [-it] POD [-c C] -- CMD ARGS...`
    Exec {
        kind: ResourceKind,
        name: String,
        container: Option<String>,
        stdin: bool,
        tty: bool,
        command: Vec<String>,
        namespace: Option<String>,
    },
    /// `kubectl cordon NODE`
    Cordon { node: String },
    /// `kubectl uncordon NODE`
    Uncordon { node: String },
    /// `kubectl drain NODE [--ignore-daemonsets] [--delete-emptydir-data] [--force]`
    Drain {
        node: String,
        ignore_daemonsets: bool,
        delete_emptydir_data: bool,
        force: bool,
        grace_period: Option<u64>,
        timeout: Option<SimDuration>,
    },
    /// `kubectl top pods|nodes [NAME]`
    Top {
        kind: TopKind,
        name: Option<String>,
        selector: Option<String>,
        containers: bool,
        all_namespaces: bool,
        namespace: Option<String>,
    },
    /// `kubectl wait TYPE[/NAME] [NAME...] --for=condition=C[=V]|delete|jsonpath=... [--timeout=30s]`
    Wait {
        kinds: Vec<ResourceKind>,
        names: Vec<String>,
        selector: Option<String>,
        all: bool,
        condition: WaitCondition,
        /// kubectl's default is 30s.
        timeout: SimDuration,
        namespace: Option<String>,
    },
    /// `kubectl api-resources`
    ApiResources,
    /// `node power-off|power-on|disconnect|reconnect NAME` (playground).
    Node { action: NodeAction, name: String },
    /// `kill POD [-c CONTAINER] [--exit-code N | --oom]` (playground): the container's main
    /// process dies. Without flags it is SIGKILLed (exit code 137).
    Kill { pod: String, container: Option<String>, reason: KillReason },
    /// `health fail|recover POD [-c C]` (playground).
    Health { pod: String, container: Option<String>, fail: bool },
    /// `sleep DURATION [--mark]` (playground): advance cluster time; with `mark`, the time
    /// slept is drawn on the charts as a fast-forward span.
    Sleep { duration: SimDuration, mark: bool },
    /// `load start SERVICE [--rps N]` (playground): steady load; `rps` defaults to 10.
    LoadStart { service: String, rps: u32 },
    /// `load ab [-c C] [-n N] SERVICE` (playground): ApacheBench-style burst of `requests`
    /// requests, `concurrency` at a time (both default to 1, as in ab).
    LoadAb { service: String, concurrency: u32, requests: u64 },
    /// `load curl SERVICE [--every 1s]` (playground): one request per period.
    LoadCurl { service: String, every: SimDuration },
    /// `load stop [SERVICE]` (playground): stop one service's load, or all load.
    LoadStop { service: Option<String> },
    /// `load status [SERVICE]` (playground): the load generators' progress and summaries.
    LoadStatus { service: Option<String> },
    /// `load logs [SERVICE] [--tail N]` (playground): the answers `load curl` got.
    LoadLogs { service: Option<String>, tail: Option<u64> },
    /// `kubectl label|annotate TYPE NAME... KEY=VALUE... KEY-...` (`annotations` for annotate;
    /// a `None` value removes the key).
    Label {
        annotations: bool,
        kind: ResourceKind,
        names: Vec<String>,
        changes: Vec<(String, Option<String>)>,
        overwrite: bool,
        namespace: Option<String>,
    },
    /// `kubectl port-forward TARGET LOCAL:REMOTE...`
    PortForward { kind: ResourceKind, name: String, ports: Vec<(u16, u16)>, namespace: Option<String> },
    /// `curl [-i] http://localhost:PORT/PATH`: a request to a port-forward.
    Curl { url: String, include: bool },
    /// `kubectl taint nodes NAME KEY[=VALUE]:EFFECT... KEY[:EFFECT]-...`
    Taint { node: String, changes: Vec<TaintChange>, overwrite: bool },
    /// `help [VERB]`, `kubectl`, `kubectl --help`, `VERB --help`. `topic` is a verb name from
    /// `VERBS` (e.g. `"get"`, `"rollout status"`) or a group (`"rollout"`); render with `help`.
    Help { topic: Option<String> },
}

/// Kinds of objects the commands can address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ResourceKind {
    Pod,
    Deployment,
    ReplicaSet,
    Node,
    Service,
    Endpoints,
    EndpointSlice,
    HorizontalPodAutoscaler,
    Event,
}

/// `-o` output formats. `Default` is the plain table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OutputFormat {
    #[default]
    Default,
    Wide,
    Yaml,
    Json,
    Name,
}

/// One change of `kubectl taint`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TaintChange {
    Add {
        key: String,
        value: Option<String>,
        effect: String,
    },
    /// `KEY-` removes every effect of the key; `KEY:EFFECT-` one.
    Remove {
        key: String,
        effect: Option<String>,
    },
}

/// `kubectl create service <type>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServiceType {
    ClusterIP,
    NodePort,
    LoadBalancer,
}

/// One `--tcp=PORT[:TARGET]` of `create service`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServicePortArg {
    /// kubectl's generator names each port after its `--tcp` text, `:` turned into `-`
    /// (`5000:5000` -> `5000-5000`, `80` -> `80`).
    pub name: String,
    pub port: u16,
    /// Same as `port` when the user gave no `:TARGET`.
    pub target_port: u16,
}

/// The CPU target of `kubectl autoscale`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CpuTarget {
    /// `--cpu-percent=50` or `--cpu=50%`: average utilization of the requests [%].
    Utilization(u32),
    /// `--cpu=500m`: average value per pod (a quantity, as typed).
    AverageValue(String),
}

/// One `CONTAINER=IMAGE` of `kubectl set image`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerImage {
    pub container: String,
    pub image: String,
}

/// `kubectl rollout <action>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RolloutAction {
    Status,
    History,
    Undo,
    Restart,
    Pause,
    Resume,
}

/// `kubectl patch --type`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PatchType {
    /// RFC 6902 JSON patch (a list of operations).
    Json,
    /// RFC 7386 JSON merge patch.
    Merge,
    /// Kubernetes strategic merge patch, kubectl's default.
    #[default]
    Strategic,
}

/// `kubectl top pods|nodes`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TopKind {
    Pods,
    Nodes,
}

/// `kubectl wait --for=...`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WaitCondition {
    /// `--for=condition=Available` (value "True") or `--for=condition=Ready=false`.
    Condition { name: String, value: String },
    /// `--for=delete`.
    Delete,
    /// `--for=jsonpath='{.status.phase}'=Running`; `value` is None to wait for existence.
    JsonPath { path: String, value: Option<String> },
}

/// Playground node actions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeAction {
    /// The machine stops: kubelet and containers die, heartbeats stop.
    PowerOff,
    /// The machine boots again.
    PowerOn,
    /// The kubelet can no longer reach the control plane; its containers keep running.
    Disconnect,
    /// The network comes back.
    Reconnect,
}

/// How `kill` ends the container.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KillReason {
    /// The main process exits with this code (0-255); 137 is SIGKILL.
    ExitCode(u8),
    /// The kernel OOM killer: reason `OOMKilled`, exit code 137.
    OomKilled,
}

/// A command line that could not be parsed: what was typed, where, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct ParseError {
    pub input: String,
    /// Byte range of the offending word in `input`, when one word is to blame.
    pub span: Option<Span>,
    pub kind: ParseErrorKind,
}

/// Why a command line could not be parsed. The `Display` of `ParseError` words these as kubectl
/// does (`error: unknown flag: --replica`), or with our own message and usage for playground verbs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseErrorKind {
    /// A quote was opened and never closed.
    UnterminatedQuote(char),
    /// The line ends in a lone backslash.
    TrailingBackslash,
    /// The line uses shell syntax that kubeplay does not run (`|`, `>`, `<`, `;`, `&`).
    ShellSyntax(char),
    /// A placeholder such as `<pod-name>` copied from notes was left in the line.
    Placeholder(String),
    /// The verb is unknown; `parent` is `"kubectl"`, `"kubectl rollout"`, `"load"` or `""` (a
    /// bare word), and `suggestions` are close verbs ("did you mean").
    UnknownCommand { name: String, parent: String, suggestions: Vec<String> },
    /// A playground verb (`sleep`, `node`, `kill`, `load`) was written after `kubectl`.
    NotKubectl { verb: String },
    /// A real kubectl command or resource type that kubeplay does not simulate.
    NotSimulated { what: String, hint: Option<String> },
    /// `get podz`: no such resource type.
    UnknownResourceType { name: String, suggestions: Vec<String> },
    /// `--replica`: no such long flag for this verb.
    UnknownFlag(String),
    /// `-x`: no such short flag; `cluster` is the whole word without its dash.
    UnknownShorthand { flag: char, cluster: String },
    /// A flag that takes a value came last; holds pflag's wording of the flag
    /// (`--replicas` or `'o' in -o`).
    FlagNeedsArgument(String),
    /// A flag value of the wrong type, e.g. `--replicas=abc`; `flag` is `--replicas` or
    /// `-r, --replicas` (pflag names flags that have a shorthand that way).
    InvalidFlagValue { flag: String, value: String, reason: String },
    /// Required flags are missing (cobra's `MarkFlagRequired`).
    RequiredFlags(Vec<String>),
    /// `create deployment` etc. got the wrong number of NAME arguments.
    ExactlyOneName { got: usize },
    /// Other misuse of a kubectl verb, worded as kubectl words it (without `error: `).
    Usage(String),
    /// Misuse of a playground verb: our own message, then the verb's usage line.
    PlaygroundUsage { message: String, usage: &'static str },
}

impl ResourceKind {
    /// Every kind, in `api-resources` order.
    pub const ALL: [ResourceKind; 9] = [
        ResourceKind::Endpoints,
        ResourceKind::Event,
        ResourceKind::Node,
        ResourceKind::Pod,
        ResourceKind::Service,
        ResourceKind::Deployment,
        ResourceKind::ReplicaSet,
        ResourceKind::HorizontalPodAutoscaler,
        ResourceKind::EndpointSlice,
    ];

    /// What `kubectl get all` lists, in kubectl's order.
    pub const GET_ALL: [ResourceKind; 5] = [
        ResourceKind::Pod,
        ResourceKind::Service,
        ResourceKind::Deployment,
        ResourceKind::ReplicaSet,
        ResourceKind::HorizontalPodAutoscaler,
    ];

    /// Resolves a type as kubectl accepts it: plural, singular, short name or `plural.group`,
    /// case-insensitively (`po`, `Pods`, `deploy`, `deployments.apps`, `hpa`).
    pub fn from_arg(arg: &str) -> Option<ResourceKind> {
        let lower = arg.to_ascii_lowercase();
        ResourceKind::ALL.into_iter().find(|kind| kind.accepted_names().contains(&lower.as_str()))
    }

    /// `plural.group` as kubectl prints it in errors: `deployments.apps "web" not found`.
    pub fn kubectl_name(&self) -> &'static str {
        match self {
            ResourceKind::Pod => "pods",
            ResourceKind::Deployment => "deployments.apps",
            ResourceKind::ReplicaSet => "replicasets.apps",
            ResourceKind::Node => "nodes",
            ResourceKind::Service => "services",
            ResourceKind::Endpoints => "endpoints",
            ResourceKind::EndpointSlice => "endpointslices.discovery.k8s.io",
            ResourceKind::HorizontalPodAutoscaler => "horizontalpodautoscalers.autoscaling",
            ResourceKind::Event => "events",
        }
    }

    /// `singular.group` as kubectl prints it before a name: `deployment.apps/web created`,
    /// `pod/web-1 deleted`, and in `-o name`.
    pub fn kubectl_singular(&self) -> &'static str {
        match self {
            ResourceKind::Pod => "pod",
            ResourceKind::Deployment => "deployment.apps",
            ResourceKind::ReplicaSet => "replicaset.apps",
            ResourceKind::Node => "node",
            ResourceKind::Service => "service",
            ResourceKind::Endpoints => "endpoints",
            ResourceKind::EndpointSlice => "endpointslice.discovery.k8s.io",
            ResourceKind::HorizontalPodAutoscaler => "horizontalpodautoscaler.autoscaling",
            ResourceKind::Event => "event",
        }
    }

    /// The plural resource name without group (`deployments`).
    pub fn plural(&self) -> &'static str {
        self.accepted_names()[0]
    }

    /// The API kind (`Deployment`).
    pub fn kind(&self) -> &'static str {
        match self {
            ResourceKind::Pod => "Pod",
            ResourceKind::Deployment => "Deployment",
            ResourceKind::ReplicaSet => "ReplicaSet",
            ResourceKind::Node => "Node",
            ResourceKind::Service => "Service",
            ResourceKind::Endpoints => "Endpoints",
            ResourceKind::EndpointSlice => "EndpointSlice",
            ResourceKind::HorizontalPodAutoscaler => "HorizontalPodAutoscaler",
            ResourceKind::Event => "Event",
        }
    }

    /// The apiVersion (`apps/v1`).
    pub fn api_version(&self) -> &'static str {
        match self {
            ResourceKind::Pod
            | ResourceKind::Node
            | ResourceKind::Service
            | ResourceKind::Endpoints
            | ResourceKind::Event => "v1",
            ResourceKind::Deployment | ResourceKind::ReplicaSet => "apps/v1",
            ResourceKind::EndpointSlice => "discovery.k8s.io/v1",
            ResourceKind::HorizontalPodAutoscaler => "autoscaling/v2",
        }
    }

    /// The short names `api-resources` lists (`po`, `deploy`).
    pub fn short_names(&self) -> &'static [&'static str] {
        match self {
            ResourceKind::Pod => &["po"],
            ResourceKind::Deployment => &["deploy"],
            ResourceKind::ReplicaSet => &["rs"],
            ResourceKind::Node => &["no"],
            ResourceKind::Service => &["svc"],
            ResourceKind::Endpoints => &["ep"],
            ResourceKind::EndpointSlice => &[],
            ResourceKind::HorizontalPodAutoscaler => &["hpa"],
            ResourceKind::Event => &["ev"],
        }
    }

    /// Whether objects of this kind live in a namespace (nodes do not).
    pub fn namespaced(&self) -> bool {
        !matches!(self, ResourceKind::Node)
    }

    /// All lowercase spellings `from_arg` accepts; the plural comes first.
    fn accepted_names(&self) -> &'static [&'static str] {
        match self {
            ResourceKind::Pod => &["pods", "pod", "po"],
            ResourceKind::Deployment => &["deployments", "deployment", "deploy", "deployments.apps", "deployment.apps"],
            ResourceKind::ReplicaSet => &["replicasets", "replicaset", "rs", "replicasets.apps", "replicaset.apps"],
            ResourceKind::Node => &["nodes", "node", "no"],
            ResourceKind::Service => &["services", "service", "svc"],
            ResourceKind::Endpoints => &["endpoints", "ep"],
            ResourceKind::EndpointSlice => &[
                "endpointslices",
                "endpointslice",
                "endpointslices.discovery.k8s.io",
                "endpointslice.discovery.k8s.io",
            ],
            ResourceKind::HorizontalPodAutoscaler => &[
                "horizontalpodautoscalers",
                "horizontalpodautoscaler",
                "hpa",
                "horizontalpodautoscalers.autoscaling",
                "horizontalpodautoscaler.autoscaling",
            ],
            ResourceKind::Event => &["events", "event", "ev", "events.events.k8s.io"],
        }
    }
}

impl OutputFormat {
    /// The `-o` spelling (`""` for the default table).
    pub fn as_str(&self) -> &'static str {
        match self {
            OutputFormat::Default => "",
            OutputFormat::Wide => "wide",
            OutputFormat::Yaml => "yaml",
            OutputFormat::Json => "json",
            OutputFormat::Name => "name",
        }
    }
}

impl ServiceType {
    /// The `spec.type` value (`ClusterIP`).
    pub fn as_str(&self) -> &'static str {
        match self {
            ServiceType::ClusterIP => "ClusterIP",
            ServiceType::NodePort => "NodePort",
            ServiceType::LoadBalancer => "LoadBalancer",
        }
    }
}

impl Command {
    /// The name of the `VERBS` row this command belongs to (`"get"`, `"rollout undo"`,
    /// `"node power-off"`): where its parsing, execution and help live.
    pub fn verb(&self) -> &'static str {
        match self {
            Command::Apply { .. } => "apply",
            Command::Create { .. } => "create",
            Command::CreateDeployment { .. } => "create deployment",
            Command::CreateService { .. } => "create service",
            Command::Get { .. } => "get",
            Command::Describe { .. } => "describe",
            Command::Logs { .. } => "logs",
            Command::Delete { .. } | Command::DeleteFiles { .. } => "delete",
            Command::Scale { .. } => "scale",
            Command::Autoscale { .. } => "autoscale",
            Command::SetImage { .. } => "set image",
            Command::Rollout { action, .. } => match action {
                RolloutAction::Status => "rollout status",
                RolloutAction::History => "rollout history",
                RolloutAction::Undo => "rollout undo",
                RolloutAction::Restart => "rollout restart",
                RolloutAction::Pause => "rollout pause",
                RolloutAction::Resume => "rollout resume",
            },
            Command::Patch { .. } => "patch",
            Command::Exec { .. } => "exec",
            Command::Cordon { .. } => "cordon",
            Command::Uncordon { .. } => "uncordon",
            Command::Drain { .. } => "drain",
            Command::Top { kind: TopKind::Pods, .. } => "top pod",
            Command::Top { kind: TopKind::Nodes, .. } => "top node",
            Command::Wait { .. } => "wait",
            Command::ApiResources => "api-resources",
            Command::Node { action, .. } => match action {
                NodeAction::PowerOff => "node power-off",
                NodeAction::PowerOn => "node power-on",
                NodeAction::Disconnect => "node disconnect",
                NodeAction::Reconnect => "node reconnect",
            },
            Command::Kill { .. } => "kill",
            Command::Health { fail: true, .. } => "health fail",
            Command::Health { fail: false, .. } => "health recover",
            Command::Sleep { .. } => "sleep",
            Command::LoadStart { .. } => "load start",
            Command::LoadAb { .. } => "load ab",
            Command::LoadCurl { .. } => "load curl",
            Command::LoadStop { .. } => "load stop",
            Command::LoadStatus { .. } => "load status",
            Command::LoadLogs { .. } => "load logs",
            Command::Label { annotations: false, .. } => "label",
            Command::Label { annotations: true, .. } => "annotate",
            Command::Taint { .. } => "taint",
            Command::PortForward { .. } => "port-forward",
            Command::Curl { .. } => "curl",
            Command::Help { .. } => "help",
        }
    }

    /// The `-n`/`--namespace` the user gave, for the verbs that take one.
    pub fn namespace(&self) -> Option<&str> {
        match self {
            Command::Apply { namespace, .. }
            | Command::Create { namespace, .. }
            | Command::CreateDeployment { namespace, .. }
            | Command::CreateService { namespace, .. }
            | Command::Get { namespace, .. }
            | Command::Describe { namespace, .. }
            | Command::Logs { namespace, .. }
            | Command::Delete { namespace, .. }
            | Command::DeleteFiles { namespace, .. }
            | Command::Scale { namespace, .. }
            | Command::Autoscale { namespace, .. }
            | Command::SetImage { namespace, .. }
            | Command::Rollout { namespace, .. }
            | Command::Patch { namespace, .. }
            | Command::Exec { namespace, .. }
            | Command::Top { namespace, .. }
            | Command::Wait { namespace, .. }
            | Command::Label { namespace, .. }
            | Command::PortForward { namespace, .. } => namespace.as_deref(),
            Command::Cordon { .. }
            | Command::Uncordon { .. }
            | Command::Drain { .. }
            | Command::ApiResources
            | Command::Node { .. }
            | Command::Kill { .. }
            | Command::Health { .. }
            | Command::Sleep { .. }
            | Command::LoadStart { .. }
            | Command::LoadAb { .. }
            | Command::LoadCurl { .. }
            | Command::LoadStop { .. }
            | Command::LoadStatus { .. }
            | Command::LoadLogs { .. }
            | Command::Taint { .. }
            | Command::Curl { .. }
            | Command::Help { .. } => None,
        }
    }

    /// Whether the command can change the cluster (or its time). Read-only commands are safe to
    /// run from a UI refresh or a lesson check.
    pub fn mutates(&self) -> bool {
        match self {
            Command::Get { .. }
            | Command::Describe { .. }
            | Command::Logs { .. }
            | Command::Top { .. }
            | Command::LoadStatus { .. }
            | Command::LoadLogs { .. }
            | Command::ApiResources
            | Command::Help { .. } => false,
            Command::CreateDeployment { dry_run, .. } | Command::CreateService { dry_run, .. } => !dry_run,
            Command::Rollout { action, .. } => !matches!(action, RolloutAction::Status | RolloutAction::History),
            _ => true,
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ParseErrorKind::UnknownCommand { name, parent, suggestions } => {
                if parent.is_empty() {
                    write!(f, "error: unknown command {name:?}")?;
                } else {
                    write!(f, "error: unknown command {name:?} for {parent:?}")?;
                }
                write_suggestions(f, suggestions)?;
                if !suggestions.is_empty() {
                    writeln!(f)?;
                }
                if parent.starts_with("kubectl") {
                    write!(f, "\nRun '{parent} --help' for usage.")
                } else if parent.is_empty() {
                    write!(f, "\nRun 'help' for a list of commands.")?;
                    match name.as_str() {
                        "docker" | "podman" | "nerdctl" => write!(
                            f,
                            "\nkubeplay: there is no container engine here; the images the notes build (k8s-node-demo-unhealth-image, hello-world-flask, ...) are built in: name them in a manifest as they are"
                        ),
                        "vim" | "vi" | "nano" | "emacs" => write!(
                            f,
                            "\nkubeplay: there is no text editor in this terminal; in the browser, write the YAML in the YAML editor (the file editor.yaml); in the REPL, in a file beside it; then `kubectl apply -f FILE`"
                        ),
                        _ => Ok(()),
                    }
                } else {
                    write!(f, "\nRun 'help {parent}' for usage.")
                }
            }
            ParseErrorKind::UnknownResourceType { name, suggestions } => {
                write!(f, "error: the server doesn't have a resource type {name:?}")?;
                write_suggestions(f, suggestions)
            }
            ParseErrorKind::PlaygroundUsage { message, usage } => write!(f, "error: {message}\nUsage: {usage}"),
            ParseErrorKind::ShellSyntax(c) => {
                write!(f, "error: {}", self.kind)?;
                let input = self.input.trim_start();
                if input.starts_with("while ") && input.contains("curl") {
                    // Seed 001's request loop.
                    write!(f, "\nkubeplay: a curl loop is `load curl SERVICE --every 1s` here (its answers: `load logs SERVICE`); kubeplay has no Ingress on 127.0.0.1")
                } else if *c == '>' && input.starts_with("kubectl") {
                    write!(f, "\nkubeplay: there is no file system to write to; run the command without `> FILE` and read its output here")
                } else {
                    Ok(())
                }
            }
            kind => write!(f, "error: {kind}"),
        }
    }
}

/// Cobra's "did you mean" block: a blank line, the heading, one tab-indented candidate per line.
fn write_suggestions(f: &mut fmt::Formatter<'_>, suggestions: &[String]) -> fmt::Result {
    if suggestions.is_empty() {
        return Ok(());
    }
    write!(f, "\n\nDid you mean this?")?;
    for suggestion in suggestions {
        write!(f, "\n\t{suggestion}")?;
    }
    Ok(())
}

/// The message alone, without `error: ` and without suggestions.
impl fmt::Display for ParseErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseErrorKind::UnterminatedQuote(quote) => write!(f, "unterminated {quote} quote"),
            ParseErrorKind::TrailingBackslash => f.write_str("unexpected end of line after '\\'"),
            ParseErrorKind::ShellSyntax(c) => write!(
                f,
                "kubeplay runs one command per line without a shell: {c:?} (pipes, redirection, ';' and '&') is not supported; quote it if it is part of an argument"
            ),
            ParseErrorKind::Placeholder(text) => {
                write!(f, "replace the placeholder {text} with a real name (list them with 'kubectl get pods')")
            }
            ParseErrorKind::UnknownCommand { name, parent, .. } if parent.is_empty() => {
                write!(f, "unknown command {name:?}")
            }
            ParseErrorKind::UnknownCommand { name, parent, .. } => write!(f, "unknown command {name:?} for {parent:?}"),
            ParseErrorKind::NotKubectl { verb } => write!(
                f,
                "unknown command {verb:?} for \"kubectl\"\n'{verb}' is a kubeplay command, not a kubectl one: run it without 'kubectl'"
            ),
            ParseErrorKind::NotSimulated { what, hint } => {
                write!(f, "{what} is not simulated by kubeplay")?;
                match hint {
                    Some(hint) => write!(f, "; {hint}"),
                    None => Ok(()),
                }
            }
            ParseErrorKind::UnknownResourceType { name, .. } => {
                write!(f, "the server doesn't have a resource type {name:?}")
            }
            ParseErrorKind::UnknownFlag(flag) => write!(f, "unknown flag: {flag}"),
            ParseErrorKind::UnknownShorthand { flag, cluster } => {
                write!(f, "unknown shorthand flag: '{flag}' in -{cluster}")
            }
            ParseErrorKind::FlagNeedsArgument(flag) => write!(f, "flag needs an argument: {flag}"),
            ParseErrorKind::InvalidFlagValue { flag, value, reason } => {
                write!(f, "invalid argument {value:?} for {flag:?} flag: {reason}")
            }
            ParseErrorKind::RequiredFlags(names) => {
                let quoted: Vec<String> = names.iter().map(|name| format!("{name:?}")).collect();
                write!(f, "required flag(s) {} not set", quoted.join(", "))
            }
            ParseErrorKind::ExactlyOneName { got } => write!(f, "exactly one NAME is required, got {got}"),
            ParseErrorKind::Usage(message) => f.write_str(message),
            ParseErrorKind::PlaygroundUsage { message, usage } => write!(f, "{message}\nUsage: {usage}"),
        }
    }
}

impl std::error::Error for ParseError {}

impl ParseError {
    pub fn new(input: &str, span: Option<Span>, kind: ParseErrorKind) -> ParseError {
        ParseError { input: input.to_string(), span, kind }
    }
}
