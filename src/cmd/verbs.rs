//! The table of verbs (`VERBS`): for each one its name, usage, summary, flags, examples and
//! parse function. `help` is generated from it, so adding a verb is adding one row.

use super::parse::{
    parse_go_int, parse_kind, resource_args, suggestions, type_slash_name, verb_first_words, Args, Token,
};
use super::{
    Command, ContainerImage, CpuTarget, KillReason, NodeAction, OutputFormat, ParseError, ParseErrorKind, PatchType,
    ResourceKind, RolloutAction, ServicePortArg, ServiceType, TopKind, WaitCondition,
};
use crate::engine::time::SimDuration;

/// One verb (or `group subverb`, e.g. `rollout status`) of the command language.
pub struct Verb {
    /// Words that select the verb, space-separated (`"create deployment"`).
    pub name: &'static str,
    /// Other spellings of the whole name (`"create svc"`).
    pub aliases: &'static [&'static str],
    /// A kubectl verb (may be prefixed by `kubectl`/`k`) rather than a playground verb.
    pub kubectl: bool,
    /// Usage line(s), newline-separated.
    pub usage: &'static str,
    /// One line for the `help` listing.
    pub summary: &'static str,
    pub flags: &'static [FlagSpec],
    /// Example lines; a test checks that each one parses.
    pub examples: &'static [&'static str],
    pub parse: fn(&Args) -> Result<Command, ParseError>,
}

/// One flag, as pflag declares it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FlagSpec {
    pub long: &'static str,
    pub short: Option<char>,
    pub kind: FlagKind,
    pub help: &'static str,
}

/// How a flag takes its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagKind {
    /// `--watch`, `--watch=false`; never takes the next word.
    Bool,
    /// `--replicas=3`, `--replicas 3`, `-r3`, `-r=3`.
    Value,
    /// A value that may be omitted (pflag `NoOptDefVal`): `--dry-run` means this default.
    OptValue(&'static str),
}

/// Every verb, in the order `help` lists them.
pub static VERBS: &[Verb] = &[
    Verb {
        name: "apply",
        aliases: &[],
        kubectl: true,
        usage: "kubectl apply -f FILE",
        summary: "Create or update objects from a YAML file",
        flags: &[FlagSpec { long: "filename", short: Some('f'), kind: FlagKind::Value, help: "file with the manifests ('-' for standard input); repeatable" }],
        examples: &["kubectl apply -f web.yaml", "apply -f -"],
        parse: parse_apply,
    },
    Verb {
        name: "create",
        aliases: &[],
        kubectl: true,
        usage: "kubectl create -f FILE",
        summary: "Create objects from a YAML file (fails if they exist)",
        flags: &[FlagSpec { long: "filename", short: Some('f'), kind: FlagKind::Value, help: "file with the manifests; repeatable" }],
        examples: &["kubectl create -f liveness.yaml"],
        parse: parse_create,
    },
    Verb {
        name: "create deployment",
        aliases: &["create deploy"],
        kubectl: true,
        usage: "kubectl create deployment NAME --image=IMAGE [--replicas=N] [--port=N] [--dry-run=client -o yaml] [-- COMMAND ARGS...]",
        summary: "Create a Deployment running an image",
        flags: &[
            FlagSpec { long: "image", short: None, kind: FlagKind::Value, help: "container image; repeat for more containers" },
            FlagSpec { long: "replicas", short: Some('r'), kind: FlagKind::Value, help: "number of replicas (default 1)" },
            FlagSpec { long: "port", short: None, kind: FlagKind::Value, help: "container port to expose" },
            DRY_RUN_FLAG,
            OUTPUT_FLAG,
        ],
        examples: &[
            "kubectl create deployment web --image=nginx --replicas=3",
            "kubectl create deployment hello-world-flask --image lyzhang1999/hello-world-flask:latest --replicas=2 --dry-run=client -o yaml",
        ],
        parse: parse_create_deployment,
    },
    Verb {
        name: "create service",
        aliases: &["create svc"],
        kubectl: true,
        usage: "kubectl create service clusterip|nodeport|loadbalancer NAME --tcp=PORT[:TARGET_PORT][,...] [--clusterip=None]",
        summary: "Create a Service selecting pods labelled app=NAME",
        flags: &[
            FlagSpec {
                long: "tcp",
                short: None,
                kind: FlagKind::Value,
                help: "PORT[:TARGET_PORT]; repeatable or comma-separated",
            },
            FlagSpec {
                long: "clusterip",
                short: None,
                kind: FlagKind::Value,
                help: "the ClusterIP to ask for, or None for a headless Service",
            },
            DRY_RUN_FLAG,
            OUTPUT_FLAG,
        ],
        examples: &["kubectl create service clusterip hello-world-flask --tcp=5000:5000"],
        parse: parse_create_service,
    },
    Verb {
        name: "get",
        aliases: &[],
        kubectl: true,
        usage: "kubectl get TYPE[,TYPE...] [NAME...] [flags]\nkubectl get TYPE/NAME... [flags]",
        summary: "List objects in a table, or print them as YAML/JSON",
        flags: &[
            OUTPUT_FLAG,
            SELECTOR_FLAG,
            FlagSpec { long: "watch", short: Some('w'), kind: FlagKind::Bool, help: "after listing, keep printing changes" },
            FlagSpec { long: "field-selector", short: None, kind: FlagKind::Value, help: "filter by fields, e.g. status.phase==Running" },
            ALL_NAMESPACES_FLAG,
            FlagSpec { long: "show-labels", short: None, kind: FlagKind::Bool, help: "add a LABELS column" },
            FlagSpec { long: "no-headers", short: None, kind: FlagKind::Bool, help: "omit the header row" },
            FlagSpec { long: "sort-by", short: None, kind: FlagKind::Value, help: "sort by a field, e.g. .lastTimestamp" },
        ],
        examples: &[
            "kubectl get pods -o wide",
            "kubectl get pods --watch",
            "kubectl get pod --field-selector=status.phase==Running",
            "kubectl get deploy,rs,pods -l app=web",
            "kubectl get deploy/web -o yaml",
            "kubectl get all",
            "kubectl get events --sort-by=.lastTimestamp",
        ],
        parse: parse_get,
    },
    Verb {
        name: "describe",
        aliases: &[],
        kubectl: true,
        usage: "kubectl describe TYPE [NAME...]\nkubectl describe TYPE/NAME",
        summary: "Show details of objects, with their events",
        flags: &[
            SELECTOR_FLAG,
            ALL_NAMESPACES_FLAG,
            FlagSpec { long: "show-events", short: None, kind: FlagKind::Bool, help: "show events (default true)" },
        ],
        examples: &["kubectl describe pod liveness-exec", "kubectl describe deploy/web", "kubectl describe nodes"],
        parse: parse_describe,
    },
    Verb {
        name: "logs",
        aliases: &[],
        kubectl: true,
        usage: "kubectl logs POD [-c CONTAINER] [--previous] [--tail N]\nkubectl logs TYPE/NAME",
        summary: "Print a container's log",
        flags: &[
            CONTAINER_FLAG,
            FlagSpec { long: "previous", short: Some('p'), kind: FlagKind::Bool, help: "the log of the previous (crashed) container" },
            FlagSpec { long: "tail", short: None, kind: FlagKind::Value, help: "only the last N lines (-1 for all)" },
            FlagSpec { long: "follow", short: Some('f'), kind: FlagKind::Bool, help: "keep printing new lines" },
        ],
        examples: &["kubectl logs web-5d4c8b7f9-4jw2p", "kubectl logs web-5d4c8b7f9-4jw2p -p --tail 20", "kubectl logs deploy/web"],
        parse: parse_logs,
    },
    Verb {
        name: "delete",
        aliases: &[],
        kubectl: true,
        usage: "kubectl delete TYPE NAME... [--grace-period=N] [--force] [--now]\nkubectl delete TYPE -l SELECTOR | --all\nkubectl delete -f FILE",
        summary: "Delete objects (pods terminate gracefully)",
        flags: &[
            FlagSpec { long: "filename", short: Some('f'), kind: FlagKind::Value, help: "delete the objects in this file; repeatable" },
            SELECTOR_FLAG,
            FlagSpec { long: "all", short: None, kind: FlagKind::Bool, help: "delete every object of the type" },
            FlagSpec { long: "grace-period", short: None, kind: FlagKind::Value, help: "seconds to wait before SIGKILL (-1: the pod's own)" },
            FlagSpec { long: "force", short: None, kind: FlagKind::Bool, help: "remove at once without waiting for the kubelet" },
            FlagSpec { long: "now", short: None, kind: FlagKind::Bool, help: "same as --grace-period=1" },
            FlagSpec { long: "ignore-not-found", short: None, kind: FlagKind::Bool, help: "no error for missing objects" },
            FlagSpec { long: "wait", short: None, kind: FlagKind::Bool, help: "wait for the objects to be gone (default true)" },
        ],
        examples: &["kubectl delete pod web-5d4c8b7f9-4jw2p", "kubectl delete pods -l app=web --now", "kubectl delete -f web.yaml"],
        parse: parse_delete,
    },
    Verb {
        name: "scale",
        aliases: &[],
        kubectl: true,
        usage: "kubectl scale deployment/NAME --replicas=N\nkubectl scale deployment NAME --replicas=N",
        summary: "Set the replica count of a Deployment or ReplicaSet",
        flags: &[FlagSpec { long: "replicas", short: None, kind: FlagKind::Value, help: "the new number of replicas" }],
        examples: &["kubectl scale deploy/web --replicas=5", "kubectl scale deployment web --replicas 0"],
        parse: parse_scale,
    },
    Verb {
        name: "autoscale",
        aliases: &[],
        kubectl: true,
        usage: "kubectl autoscale deployment NAME [--min=N] --max=N [--cpu-percent=N | --cpu=N%]",
        summary: "Create a HorizontalPodAutoscaler for a Deployment",
        flags: &[
            FlagSpec { long: "min", short: None, kind: FlagKind::Value, help: "lower limit of replicas (default 1)" },
            FlagSpec { long: "max", short: None, kind: FlagKind::Value, help: "upper limit of replicas" },
            FlagSpec { long: "cpu-percent", short: None, kind: FlagKind::Value, help: "target average CPU utilization [% of requests] (deprecated: use --cpu)" },
            FlagSpec { long: "cpu", short: None, kind: FlagKind::Value, help: "target CPU: a utilization (50%) or an average value (500m)" },
            FlagSpec { long: "name", short: None, kind: FlagKind::Value, help: "name of the autoscaler (default: the deployment's)" },
        ],
        examples: &["kubectl autoscale deployment hello-world-flask --cpu-percent=50 --min=2 --max=10", "kubectl autoscale deploy/php-apache --cpu=50% --max=10"],
        parse: parse_autoscale,
    },
    Verb {
        name: "set image",
        aliases: &[],
        kubectl: true,
        usage: "kubectl set image deployment/NAME CONTAINER=IMAGE...",
        summary: "Change container images (starts a rollout)",
        flags: &[],
        examples: &["kubectl set image deployment/web nginx=nginx:1.27", "kubectl set image deployment web *=nginx:1.27"],
        parse: parse_set_image,
    },
    Verb {
        name: "rollout status",
        aliases: &[],
        kubectl: true,
        usage: "kubectl rollout status deployment/NAME [--watch=false] [--timeout=DURATION]",
        summary: "Follow a rollout until it completes",
        flags: &[
            FlagSpec { long: "watch", short: Some('w'), kind: FlagKind::Bool, help: "wait for the rollout to finish (default true)" },
            FlagSpec { long: "revision", short: None, kind: FlagKind::Value, help: "pin to a revision" },
            FlagSpec { long: "timeout", short: None, kind: FlagKind::Value, help: "stop waiting after this long" },
        ],
        examples: &["kubectl rollout status deployment/web"],
        parse: parse_rollout_status,
    },
    Verb {
        name: "rollout history",
        aliases: &[],
        kubectl: true,
        usage: "kubectl rollout history deployment/NAME [--revision=N]",
        summary: "List the revisions of a Deployment",
        flags: &[FlagSpec { long: "revision", short: None, kind: FlagKind::Value, help: "show the details of one revision" }],
        examples: &["kubectl rollout history deployment/web"],
        parse: parse_rollout_history,
    },
    Verb {
        name: "rollout undo",
        aliases: &[],
        kubectl: true,
        usage: "kubectl rollout undo deployment/NAME [--to-revision=N]",
        summary: "Roll back to the previous (or a given) revision",
        flags: &[FlagSpec { long: "to-revision", short: None, kind: FlagKind::Value, help: "the revision to roll back to (default: the previous one)" }],
        examples: &["kubectl rollout undo deployment/web", "kubectl rollout undo deployment/web --to-revision=1"],
        parse: parse_rollout_undo,
    },
    Verb {
        name: "rollout restart",
        aliases: &[],
        kubectl: true,
        usage: "kubectl rollout restart deployment/NAME",
        summary: "Replace every pod of a Deployment by a rolling update",
        flags: &[],
        examples: &["kubectl rollout restart deployment/web"],
        parse: parse_rollout_restart,
    },
    Verb {
        name: "rollout pause",
        aliases: &[],
        kubectl: true,
        usage: "kubectl rollout pause deployment/NAME",
        summary: "Pause a Deployment's rollouts",
        flags: &[],
        examples: &["kubectl rollout pause deployment/web"],
        parse: parse_rollout_pause,
    },
    Verb {
        name: "rollout resume",
        aliases: &[],
        kubectl: true,
        usage: "kubectl rollout resume deployment/NAME",
        summary: "Resume a paused Deployment",
        flags: &[],
        examples: &["kubectl rollout resume deployment/web"],
        parse: parse_rollout_resume,
    },
    Verb {
        name: "patch",
        aliases: &[],
        kubectl: true,
        usage: "kubectl patch TYPE NAME [--type=json|merge|strategic] -p PATCH",
        summary: "Change fields of an object with a JSON/merge/strategic patch",
        flags: &[
            FlagSpec { long: "patch", short: Some('p'), kind: FlagKind::Value, help: "the patch, as JSON or YAML" },
            FlagSpec { long: "type", short: None, kind: FlagKind::Value, help: "json, merge or strategic (default)" },
        ],
        examples: &[
            r#"kubectl patch deployment hello-world-flask --type='json' -p='[{"op": "add", "path": "/spec/template/spec/containers/0/resources", "value": {"requests": {"memory": "100Mi", "cpu": "100m"}}}]'"#,
            r#"kubectl patch deploy/web -p '{"spec":{"replicas":2}}'"#,
        ],
        parse: parse_patch,
    },
    Verb {
        name: "exec",
        aliases: &[],
        kubectl: true,
        usage: "kubectl exec [-it] POD [-c CONTAINER] -- COMMAND [ARGS...]",
        summary: "Run a command in a container",
        flags: &[
            CONTAINER_FLAG,
            FlagSpec { long: "stdin", short: Some('i'), kind: FlagKind::Bool, help: "pass standard input" },
            FlagSpec { long: "tty", short: Some('t'), kind: FlagKind::Bool, help: "allocate a terminal" },
            FlagSpec { long: "quiet", short: Some('q'), kind: FlagKind::Bool, help: "print only the command's output" },
        ],
        examples: &[
            r#"kubectl exec -it hello-world-flask-56fbff68c8-2xz7w -- bash -c "killall python3""#,
            "kubectl exec liveness-exec -- rm /tmp/healthy",
        ],
        parse: parse_exec,
    },
    Verb {
        name: "cordon",
        aliases: &[],
        kubectl: true,
        usage: "kubectl cordon NODE",
        summary: "Mark a node unschedulable",
        flags: &[],
        examples: &["kubectl cordon node-2"],
        parse: parse_cordon,
    },
    Verb {
        name: "uncordon",
        aliases: &[],
        kubectl: true,
        usage: "kubectl uncordon NODE",
        summary: "Mark a node schedulable again",
        flags: &[],
        examples: &["kubectl uncordon node-2"],
        parse: parse_uncordon,
    },
    Verb {
        name: "drain",
        aliases: &[],
        kubectl: true,
        usage: "kubectl drain NODE [--ignore-daemonsets] [--delete-emptydir-data] [--force]",
        summary: "Cordon a node and evict its pods",
        flags: &[
            FlagSpec { long: "ignore-daemonsets", short: None, kind: FlagKind::Bool, help: "leave DaemonSet pods alone" },
            FlagSpec { long: "delete-emptydir-data", short: None, kind: FlagKind::Bool, help: "evict pods with emptyDir volumes too" },
            FlagSpec { long: "delete-local-data", short: None, kind: FlagKind::Bool, help: "old name of --delete-emptydir-data" },
            FlagSpec { long: "force", short: None, kind: FlagKind::Bool, help: "also delete pods no controller manages" },
            FlagSpec { long: "grace-period", short: None, kind: FlagKind::Value, help: "seconds each pod gets to stop (-1: its own)" },
            FlagSpec { long: "timeout", short: None, kind: FlagKind::Value, help: "give up after this long" },
        ],
        examples: &["kubectl drain node-2 --ignore-daemonsets"],
        parse: parse_drain,
    },
    Verb {
        name: "top pod",
        aliases: &["top pods", "top po"],
        kubectl: true,
        usage: "kubectl top pods [NAME] [-l SELECTOR] [--containers]",
        summary: "Show CPU and memory use of pods",
        flags: &[
            SELECTOR_FLAG,
            ALL_NAMESPACES_FLAG,
            FlagSpec { long: "containers", short: None, kind: FlagKind::Bool, help: "one line per container" },
        ],
        examples: &["kubectl top pods", "kubectl top pod -l app=php-apache --containers"],
        parse: parse_top_pod,
    },
    Verb {
        name: "top node",
        aliases: &["top nodes", "top no"],
        kubectl: true,
        usage: "kubectl top nodes [NAME] [-l SELECTOR]",
        summary: "Show CPU and memory use of nodes",
        flags: &[SELECTOR_FLAG],
        examples: &["kubectl top nodes"],
        parse: parse_top_node,
    },
    Verb {
        name: "wait",
        aliases: &[],
        kubectl: true,
        usage: "kubectl wait TYPE[/NAME] [NAME...] --for=condition=COND[=VALUE] | --for=delete | --for=jsonpath='{PATH}'=VALUE [--timeout=30s]",
        summary: "Advance time until a condition holds (or the timeout)",
        flags: &[
            FlagSpec { long: "for", short: None, kind: FlagKind::Value, help: "condition=NAME[=VALUE], delete, or jsonpath='{PATH}'[=VALUE]" },
            FlagSpec { long: "timeout", short: None, kind: FlagKind::Value, help: "give up after this long (default 30s)" },
            SELECTOR_FLAG,
            FlagSpec { long: "all", short: None, kind: FlagKind::Bool, help: "every object of the type" },
        ],
        examples: &[
            "kubectl wait deployment -n kube-system metrics-server --for condition=Available=True --timeout=90s",
            "kubectl wait pod/web-1 --for=delete",
            "kubectl wait pods -l app=web --for=condition=Ready --timeout=2m",
        ],
        parse: parse_wait,
    },
    Verb {
        name: "api-resources",
        aliases: &[],
        kubectl: true,
        usage: "kubectl api-resources",
        summary: "List the resource types and their short names",
        flags: &[],
        examples: &["kubectl api-resources"],
        parse: parse_api_resources,
    },
    Verb {
        name: "help",
        aliases: &[],
        kubectl: true,
        usage: "help [VERB]",
        summary: "List the commands, or show how to use one",
        flags: &[],
        examples: &["help", "help get", "help rollout", "help load start"],
        parse: parse_help,
    },
    Verb {
        name: "node power-off",
        aliases: &["node poweroff"],
        kubectl: false,
        usage: "node power-off NODE",
        summary: "Cut a node's power: its kubelet and containers stop",
        flags: &[],
        examples: &["node power-off node-2"],
        parse: parse_node_power_off,
    },
    Verb {
        name: "node power-on",
        aliases: &["node poweron"],
        kubectl: false,
        usage: "node power-on NODE",
        summary: "Boot a powered-off node",
        flags: &[],
        examples: &["node power-on node-2"],
        parse: parse_node_power_on,
    },
    Verb {
        name: "node disconnect",
        aliases: &[],
        kubectl: false,
        usage: "node disconnect NODE",
        summary: "Cut a node off the control plane; its containers keep running",
        flags: &[],
        examples: &["node disconnect node-3"],
        parse: parse_node_disconnect,
    },
    Verb {
        name: "node reconnect",
        aliases: &[],
        kubectl: false,
        usage: "node reconnect NODE",
        summary: "Restore a disconnected node's network",
        flags: &[],
        examples: &["node reconnect node-3"],
        parse: parse_node_reconnect,
    },
    Verb {
        name: "kill",
        aliases: &[],
        kubectl: false,
        usage: "kill POD [-c CONTAINER] [--exit-code N | --oom]",
        summary: "Kill a container's main process (default: SIGKILL, exit code 137)",
        flags: &[
            CONTAINER_FLAG,
            FlagSpec { long: "exit-code", short: None, kind: FlagKind::Value, help: "the process exits with this code (0-255)" },
            FlagSpec { long: "oom", short: None, kind: FlagKind::Bool, help: "killed for using too much memory (OOMKilled)" },
        ],
        examples: &["kill web-5d4c8b7f9-4jw2p", "kill web-5d4c8b7f9-4jw2p --exit-code 1", "kill web-5d4c8b7f9-4jw2p -c app --oom"],
        parse: parse_kill,
    },
    Verb {
        name: "sleep",
        aliases: &[],
        kubectl: false,
        usage: "sleep DURATION",
        summary: "Advance cluster time (30s, 5m, 1h30m)",
        flags: &[],
        examples: &["sleep 30s", "sleep 5m", "sleep 1h30m"],
        parse: parse_sleep,
    },
    Verb {
        name: "load start",
        aliases: &[],
        kubectl: false,
        usage: "load start SERVICE [--rps N]",
        summary: "Send steady traffic to a Service (default 10 requests/s)",
        flags: &[FlagSpec { long: "rps", short: None, kind: FlagKind::Value, help: "requests per second (default 10)" }],
        examples: &["load start php-apache --rps 50"],
        parse: parse_load_start,
    },
    Verb {
        name: "load ab",
        aliases: &[],
        kubectl: false,
        usage: "load ab [-c CONCURRENCY] [-n REQUESTS] SERVICE",
        summary: "Send a burst of requests, as ApacheBench does",
        flags: &[
            FlagSpec { long: "concurrency", short: Some('c'), kind: FlagKind::Value, help: "requests in flight at once (default 1)" },
            FlagSpec { long: "requests", short: Some('n'), kind: FlagKind::Value, help: "total requests (default 1)" },
        ],
        examples: &["load ab -c 50 -n 10000 hello-world-flask"],
        parse: parse_load_ab,
    },
    Verb {
        name: "load curl",
        aliases: &[],
        kubectl: false,
        usage: "load curl SERVICE [--every DURATION]",
        summary: "Send one request per period (default every 1s) and log the answers",
        flags: &[FlagSpec { long: "every", short: None, kind: FlagKind::Value, help: "time between requests (default 1s)" }],
        examples: &["load curl hello-world-flask --every 1s"],
        parse: parse_load_curl,
    },
    Verb {
        name: "load stop",
        aliases: &[],
        kubectl: false,
        usage: "load stop [SERVICE]",
        summary: "Stop the load on one Service, or all load",
        flags: &[],
        examples: &["load stop", "load stop php-apache"],
        parse: parse_load_stop,
    },
    Verb {
        name: "load status",
        aliases: &[],
        kubectl: false,
        usage: "load status [SERVICE]",
        summary: "Show the load generators: progress, failures, latency, ab reports",
        flags: &[],
        examples: &["load status", "load status hello-world-flask"],
        parse: parse_load_status,
    },
    Verb {
        name: "load logs",
        aliases: &["load log"],
        kubectl: false,
        usage: "load logs [SERVICE] [--tail N]",
        summary: "Print the answers `load curl` received, one line per request",
        flags: &[FlagSpec { long: "tail", short: None, kind: FlagKind::Value, help: "only the last N lines" }],
        examples: &["load logs hello-world-flask", "load logs --tail 5"],
        parse: parse_load_logs,
    },
];

/// The text of `help` (no topic) or `help TOPIC`, where TOPIC is a verb name or alias
/// (`get`, `rollout status`, `top pods`) or a group (`rollout`, `load`). An unknown topic gives
/// the full listing.
pub fn help(topic: Option<&str>) -> String {
    let topic = topic.map(str::trim).unwrap_or("");
    let topic = topic.strip_prefix("kubectl ").unwrap_or(topic);
    if let Some(verb) = VERBS.iter().find(|verb| verb.name == topic || verb.aliases.contains(&topic)) {
        return verb_help(verb);
    }
    let members: Vec<&Verb> =
        VERBS.iter().filter(|verb| !topic.is_empty() && verb.name.split(' ').next() == Some(topic)).collect();
    if !members.is_empty() {
        let mut out = String::new();
        for verb in members {
            out.push_str(&verb_help(verb));
            out.push('\n');
        }
        return out.trim_end().to_string() + "\n";
    }
    let width = VERBS.iter().map(|verb| verb.name.len()).max().unwrap_or(0) + 3;
    let mut out = String::from("kubeplay commands. 'help VERB' shows one in detail, e.g. 'help get'.\n");
    out.push_str("\nkubectl commands ('kubectl' or 'k' in front is optional):\n");
    for verb in VERBS.iter().filter(|verb| verb.kubectl && verb.name != "help") {
        out.push_str(&format!("  {:width$}{}\n", verb.name, verb.summary));
    }
    out.push_str("\nPlayground commands (what kubectl cannot do):\n");
    for verb in VERBS.iter().filter(|verb| !verb.kubectl || verb.name == "help") {
        out.push_str(&format!("  {:width$}{}\n", verb.name, verb.summary));
    }
    out.push_str("\nLines starting with '#' are comments.\n");
    out
}

fn verb_help(verb: &Verb) -> String {
    let mut out = format!("{} - {}\n\nUsage:\n", verb.name, verb.summary);
    for line in verb.usage.lines() {
        out.push_str(&format!("  {line}\n"));
    }
    if !verb.aliases.is_empty() {
        out.push_str(&format!("\nAliases: {}\n", verb.aliases.join(", ")));
    }
    if !verb.flags.is_empty() {
        out.push_str("\nFlags:\n");
        let rendered: Vec<(String, &str)> = verb
            .flags
            .iter()
            .map(|flag| {
                let short = flag.short.map_or("    ".to_string(), |c| format!("-{c}, "));
                let value = if flag.kind == FlagKind::Value { "=..." } else { "" };
                (format!("{short}--{}{value}", flag.long), flag.help)
            })
            .collect();
        let width = rendered.iter().map(|(left, _)| left.len()).max().unwrap_or(0) + 3;
        for (left, help) in rendered {
            out.push_str(&format!("  {left:width$}{help}\n"));
        }
    }
    if !verb.examples.is_empty() {
        out.push_str("\nExamples:\n");
        for example in verb.examples {
            out.push_str(&format!("  {example}\n"));
        }
    }
    out
}

const OUTPUT_FLAG: FlagSpec = FlagSpec {
    long: "output",
    short: Some('o'),
    kind: FlagKind::Value,
    help: "output format: wide, yaml, json or name",
};
const SELECTOR_FLAG: FlagSpec =
    FlagSpec { long: "selector", short: Some('l'), kind: FlagKind::Value, help: "label selector, e.g. app=web" };
const ALL_NAMESPACES_FLAG: FlagSpec =
    FlagSpec { long: "all-namespaces", short: Some('A'), kind: FlagKind::Bool, help: "objects in every namespace" };
const CONTAINER_FLAG: FlagSpec =
    FlagSpec { long: "container", short: Some('c'), kind: FlagKind::Value, help: "the container (default: the first)" };
const DRY_RUN_FLAG: FlagSpec = FlagSpec {
    long: "dry-run",
    short: None,
    kind: FlagKind::OptValue("unchanged"),
    help: "client or server: print the object without creating it",
};

/// kubeplay's caps on numbers, so that one typo cannot ask for a billion pods.
const MAX_REPLICAS: i64 = 10_000;
const MAX_SLEEP: SimDuration = SimDuration::from_secs(30 * 24 * 3600);

// ---------------------------------------------------------------------------------------------
// Shared helpers.

const SEE_HELP: &str = "See 'kubectl {verb} -h' for help and examples";

/// kubectl's `UsageErrorf`: the message, then where to find help.
fn usage_error(args: &Args, span: Option<super::Span>, message: &str) -> ParseError {
    let see = SEE_HELP.replace("{verb}", args.verb().name);
    args.usage(span, format!("{message}\n{see}"))
}

fn texts(tokens: &[Token]) -> Vec<String> {
    tokens.iter().map(|token| token.text.clone()).collect()
}

/// Go's `%v` of a string slice: `[a b]`.
fn go_list(tokens: &[Token]) -> String {
    format!("[{}]", texts(tokens).join(" "))
}

fn parse_output(args: &Args, allowed: &[OutputFormat]) -> Result<OutputFormat, ParseError> {
    let Some(value) = args.string("output") else { return Ok(OutputFormat::Default) };
    let format = match value.as_str() {
        "" => Some(OutputFormat::Default),
        "wide" => Some(OutputFormat::Wide),
        "yaml" => Some(OutputFormat::Yaml),
        "json" => Some(OutputFormat::Json),
        "name" => Some(OutputFormat::Name),
        _ => None,
    };
    match format {
        Some(format) if format == OutputFormat::Default || allowed.contains(&format) => Ok(format),
        _ => {
            let base = value.split('=').next().unwrap_or("");
            if ["jsonpath", "custom-columns", "go-template", "template", "jsonpath-as-json", "custom-columns-file"]
                .contains(&base)
            {
                let what = format!("-o {base}");
                return Err(
                    args.error(Some(args.flag_span("output")), ParseErrorKind::NotSimulated { what, hint: None })
                );
            }
            let mut names: Vec<&str> = allowed.iter().map(OutputFormat::as_str).collect();
            names.sort_unstable();
            let message = format!(
                "unable to match a printer suitable for the output format {value:?}, allowed formats are: {}",
                names.join(",")
            );
            Err(args.usage(Some(args.flag_span("output")), message))
        }
    }
}

/// `--dry-run[=client|server|none]`: true when nothing should be persisted.
fn parse_dry_run(args: &Args) -> Result<bool, ParseError> {
    match args.string("dry-run").as_deref() {
        None | Some("none") => Ok(false),
        Some("client" | "server" | "unchanged") => Ok(true),
        Some(other) => Err(args.usage(
            Some(args.flag_span("dry-run")),
            format!("Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\"."),
        )),
    }
}

/// The `-f` files of apply/create/delete.
fn filenames(args: &Args) -> Vec<String> {
    args.strings("filename")
}

/// `TYPE/NAME` or `TYPE NAME` for verbs that act on exactly one object.
fn one_target(args: &Args, words: &[Token]) -> Result<Option<(ResourceKind, String)>, ParseError> {
    match words {
        [] => Ok(None),
        [single] if single.text.contains('/') => type_slash_name(args, single).map(Some),
        [kind, name] if !kind.text.contains('/') => {
            Ok(Some((parse_kind(args.input(), kind.span, &kind.text)?, name.text.clone())))
        }
        [single] => {
            // A TYPE alone: check that the type exists before complaining about the name.
            parse_kind(args.input(), single.span, &single.text)?;
            Err(usage_error(args, Some(single.span), "you must specify a NAME (as TYPE NAME or TYPE/NAME)"))
        }
        [_, extra, ..] => Err(usage_error(
            args,
            Some(extra.span),
            &format!("kubeplay: '{}' acts on one object at a time; got {}", args.verb().name, go_list(words)),
        )),
    }
}

fn require_kind(
    args: &Args,
    span: super::Span,
    kind: ResourceKind,
    allowed: &[ResourceKind],
    action: &str,
) -> Result<(), ParseError> {
    if allowed.contains(&kind) {
        return Ok(());
    }
    let names: Vec<&str> = allowed.iter().map(ResourceKind::plural).collect();
    Err(args.usage(Some(span), format!("cannot {action} {}: expected {}", kind.plural(), names.join(" or "))))
}

/// Checks a count against kubeplay's cap, with `message` for negatives.
fn non_negative(args: &Args, long: &str, value: i64, negative_message: &str) -> Result<u32, ParseError> {
    if value < 0 {
        return Err(args.usage(Some(args.flag_span(long)), negative_message));
    }
    if value > MAX_REPLICAS {
        return Err(args.usage(
            Some(args.flag_span(long)),
            format!("kubeplay: --{long}={value} is too many (at most {MAX_REPLICAS})"),
        ));
    }
    Ok(value as u32)
}

/// Resolves `--grace-period`, `--now` and `--force` as kubectl's delete does.
fn grace_period(args: &Args) -> Result<Option<u64>, ParseError> {
    let force = args.bool("force");
    let now = args.bool("now");
    let explicit = args.int("grace-period")?;
    if now && explicit.is_some() {
        return Err(args.usage(Some(args.flag_span("now")), "--now and --grace-period cannot be specified together"));
    }
    let mut seconds = explicit.unwrap_or(-1);
    if now {
        seconds = 1;
    }
    if seconds == 0 && !force {
        // kubectl turns 0 into 1 so that a typo cannot force-delete; --force bypasses this.
        seconds = 1;
    }
    if force && seconds < 0 {
        seconds = 0;
    }
    Ok(u64::try_from(seconds).ok())
}

// ---------------------------------------------------------------------------------------------
// kubectl verbs.

fn parse_apply(args: &Args) -> Result<Command, ParseError> {
    let positionals = args.all_positionals();
    if !positionals.is_empty() {
        return Err(usage_error(
            args,
            positionals.first().map(|token| token.span),
            &format!("Unexpected args: {}", go_list(positionals)),
        ));
    }
    let files = filenames(args);
    if files.is_empty() {
        return Err(args.usage(None, "must specify one of -f and -k"));
    }
    Ok(Command::Apply { files, namespace: args.namespace() })
}

fn parse_create(args: &Args) -> Result<Command, ParseError> {
    if let Some(first) = args.all_positionals().first() {
        let subcommands = ["deployment", "service"];
        let suggestions = suggestions(&first.text, subcommands);
        let kind =
            ParseErrorKind::UnknownCommand { name: first.text.clone(), parent: "kubectl create".into(), suggestions };
        return Err(args.error(Some(first.span), kind));
    }
    let files = filenames(args);
    if files.is_empty() {
        return Err(args.usage(None, "must specify one of -f and -k"));
    }
    Ok(Command::Create { files, namespace: args.namespace() })
}

fn parse_create_deployment(args: &Args) -> Result<Command, ParseError> {
    let name = match args.positionals() {
        [name] => name.text.clone(),
        words => {
            let span = words.get(1).map_or(args.end_span(), |word| word.span);
            return Err(args.error(Some(span), ParseErrorKind::ExactlyOneName { got: words.len() }));
        }
    };
    let command = texts(args.after_dash().unwrap_or(&[]));
    if !command.is_empty() && args.strings("image").len() > 1 {
        return Err(args.usage(None, "cannot specify multiple --image options and command"));
    }
    args.require(&["image"])?;
    let replicas = match args.int("replicas")? {
        None => None,
        Some(n) => Some(non_negative(
            args,
            "replicas",
            n,
            &format!("The Deployment {name:?} is invalid: spec.replicas: Invalid value: {n}: must be greater than or equal to 0"),
        )?),
    };
    let port = match args.int("port")? {
        None | Some(-1) => None,
        Some(n) => match u16::try_from(n) {
            Ok(port) if port > 0 => Some(port),
            _ => {
                return Err(args.usage(
                    Some(args.flag_span("port")),
                    format!("The Deployment {name:?} is invalid: spec.template.spec.containers[0].ports[0].containerPort: Invalid value: {n}: must be between 1 and 65535, inclusive"),
                ))
            }
        },
    };
    Ok(Command::CreateDeployment {
        name,
        images: args.strings("image"),
        replicas,
        port,
        command,
        dry_run: parse_dry_run(args)?,
        output: parse_output(args, &[OutputFormat::Yaml, OutputFormat::Json, OutputFormat::Name])?,
        namespace: args.namespace(),
    })
}

fn parse_create_service(args: &Args) -> Result<Command, ParseError> {
    let positionals = args.all_positionals();
    let Some(type_word) = positionals.first() else {
        return Err(args.usage(None, "\"kubectl create service\" needs one of: clusterip, nodeport, loadbalancer"));
    };
    let service_type = match type_word.text.as_str() {
        "clusterip" => ServiceType::ClusterIP,
        "nodeport" => ServiceType::NodePort,
        "loadbalancer" => ServiceType::LoadBalancer,
        "externalname" => {
            let what = "'kubectl create service externalname'".to_string();
            return Err(args.error(Some(type_word.span), ParseErrorKind::NotSimulated { what, hint: None }));
        }
        other => {
            let suggestions = suggestions(other, ["clusterip", "externalname", "loadbalancer", "nodeport"]);
            let kind = ParseErrorKind::UnknownCommand {
                name: other.to_string(),
                parent: "kubectl create service".into(),
                suggestions,
            };
            return Err(args.error(Some(type_word.span), kind));
        }
    };
    let name = match &positionals[1..] {
        [name] => name.text.clone(),
        rest => {
            let span = rest.get(1).map_or(args.end_span(), |word| word.span);
            return Err(args.error(Some(span), ParseErrorKind::ExactlyOneName { got: rest.len() }));
        }
    };
    // `--tcp` is a string slice: repeatable and comma-separated.
    let specs: Vec<String> =
        args.strings("tcp").iter().flat_map(|s| s.split(',')).map(str::to_string).filter(|s| !s.is_empty()).collect();
    let cluster_ip = args.strings("clusterip").last().cloned();
    let headless = cluster_ip.as_deref() == Some("None");
    if headless && service_type != ServiceType::ClusterIP {
        return Err(args.usage(None, "ClusterIP=None can only be used with ClusterIP service type"));
    }
    if specs.is_empty() && !headless {
        return Err(args.usage(None, "at least one tcp port specifier must be provided"));
    }
    let mut ports = Vec::new();
    for spec in &specs {
        let parse_port = |text: &str| -> Result<u16, ParseError> {
            let number = parse_go_int(text).map_err(|reason| {
                args.usage(Some(args.flag_span("tcp")), reason.replace("strconv.ParseInt", "strconv.Atoi"))
            })?;
            u16::try_from(number).ok().filter(|port| *port > 0).ok_or_else(|| {
                args.usage(
                    Some(args.flag_span("tcp")),
                    format!("The Service {name:?} is invalid: spec.ports[0].port: Invalid value: {number}: must be between 1 and 65535, inclusive"),
                )
            })
        };
        let (port, target_port) = match spec.split_once(':') {
            Some((port, target)) => (parse_port(port)?, parse_port(target)?),
            None => {
                let port = parse_port(spec)?;
                (port, port)
            }
        };
        ports.push(ServicePortArg { port, target_port });
    }
    Ok(Command::CreateService {
        service_type,
        name,
        ports,
        cluster_ip,
        dry_run: parse_dry_run(args)?,
        output: parse_output(args, &[OutputFormat::Yaml, OutputFormat::Json, OutputFormat::Name])?,
        namespace: args.namespace(),
    })
}

fn parse_get(args: &Args) -> Result<Command, ParseError> {
    let (kinds, names) = resource_args(args, args.all_positionals())?;
    if kinds.is_empty() {
        return Err(args.usage(
            None,
            "you must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.",
        ));
    }
    let selector = args.string("selector");
    if selector.is_some() && !names.is_empty() {
        return Err(
            args.usage(Some(args.flag_span("selector")), "name cannot be provided when a selector is specified")
        );
    }
    Ok(Command::Get {
        kinds,
        names,
        output: parse_output(args, &[OutputFormat::Wide, OutputFormat::Yaml, OutputFormat::Json, OutputFormat::Name])?,
        selector,
        field_selector: args.string("field-selector"),
        watch: args.bool("watch"),
        all_namespaces: args.bool("all-namespaces"),
        show_labels: args.bool("show-labels"),
        no_headers: args.bool("no-headers"),
        sort_by: args.string("sort-by"),
        namespace: args.namespace(),
    })
}

fn parse_describe(args: &Args) -> Result<Command, ParseError> {
    let (kinds, names) = resource_args(args, args.all_positionals())?;
    if kinds.is_empty() {
        return Err(args.usage(
            None,
            "You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.",
        ));
    }
    let selector = args.string("selector");
    if selector.is_some() && !names.is_empty() {
        return Err(
            args.usage(Some(args.flag_span("selector")), "name cannot be provided when a selector is specified")
        );
    }
    Ok(Command::Describe {
        kinds,
        names,
        selector,
        all_namespaces: args.bool("all-namespaces"),
        namespace: args.namespace(),
    })
}

fn parse_logs(args: &Args) -> Result<Command, ParseError> {
    let expected = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples";
    let words = args.all_positionals();
    let (target, inline_container) = match words {
        [target] => (target, None),
        [target, container] => (target, Some(container)),
        [] => return Err(args.usage(None, expected)),
        [_, _, extra, ..] => return Err(args.usage(Some(extra.span), expected)),
    };
    let (kind, name) = if target.text.contains('/') {
        let (kind, name) = type_slash_name(args, target)?;
        let allowed = [ResourceKind::Pod, ResourceKind::Deployment, ResourceKind::ReplicaSet, ResourceKind::Service];
        require_kind(args, target.span, kind, &allowed, "read logs of")?;
        (kind, name)
    } else {
        (ResourceKind::Pod, target.text.clone())
    };
    let container = match (inline_container, args.string("container")) {
        (Some(_), Some(_)) => {
            return Err(
                args.usage(Some(args.flag_span("container")), "only one of -c or an inline [CONTAINER] arg is allowed")
            )
        }
        (Some(inline), None) => Some(inline.text.clone()),
        (None, flag) => flag,
    };
    let tail = args.int("tail")?.and_then(|n| u64::try_from(n).ok());
    Ok(Command::Logs {
        kind,
        name,
        container,
        previous: args.bool("previous"),
        tail,
        follow: args.bool("follow"),
        namespace: args.namespace(),
    })
}

fn parse_delete(args: &Args) -> Result<Command, ParseError> {
    let files = filenames(args);
    let grace_period = grace_period(args)?;
    let force = args.bool("force");
    let ignore_not_found = args.bool("ignore-not-found");
    let namespace = args.namespace();
    let positionals = args.all_positionals();
    if !files.is_empty() {
        if let Some(first) = positionals.first() {
            return Err(args.usage(
                Some(first.span),
                "when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well",
            ));
        }
        return Ok(Command::DeleteFiles { files, grace_period, force, ignore_not_found, namespace });
    }
    let (kinds, names) = resource_args(args, positionals)?;
    if kinds.is_empty() {
        return Err(args.usage(
            None,
            "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
        ));
    }
    let selector = args.string("selector");
    let all = args.bool("all");
    if !names.is_empty() && selector.is_some() {
        return Err(
            args.usage(Some(args.flag_span("selector")), "name cannot be provided when a selector is specified")
        );
    }
    if !names.is_empty() && all {
        return Err(args.usage(Some(args.flag_span("all")), "name cannot be provided when --all is specified"));
    }
    if names.is_empty() && selector.is_none() && !all {
        return Err(args.usage(None, "resource(s) were provided, but no name was specified"));
    }
    Ok(Command::Delete { kinds, names, selector, all, grace_period, force, ignore_not_found, namespace })
}

fn parse_scale(args: &Args) -> Result<Command, ParseError> {
    args.require(&["replicas"])?;
    let replicas_flag = args.int("replicas")?.unwrap_or(-1);
    let replicas = non_negative(
        args,
        "replicas",
        replicas_flag,
        "The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0",
    )?;
    let words = args.all_positionals();
    let Some((kind, name)) = one_target(args, words)? else {
        return Err(args.usage(None, "You must provide one or more resources by argument or filename."));
    };
    let span = words.first().map_or(args.end_span(), |word| word.span);
    require_kind(args, span, kind, &[ResourceKind::Deployment, ResourceKind::ReplicaSet], "scale")?;
    Ok(Command::Scale { kind, name, replicas, namespace: args.namespace() })
}

fn parse_autoscale(args: &Args) -> Result<Command, ParseError> {
    let words = args.all_positionals();
    let Some((kind, name)) = one_target(args, words)? else {
        return Err(args.usage(None, "You must provide one or more resources by argument or filename."));
    };
    let span = words.first().map_or(args.end_span(), |word| word.span);
    require_kind(args, span, kind, &[ResourceKind::Deployment, ResourceKind::ReplicaSet], "autoscale")?;
    args.require(&["max"])?;
    let max = args.int("max")?.unwrap_or(-1);
    let min = args.int("min")?.unwrap_or(-1);
    if max < 1 {
        return Err(args.usage(
            Some(args.flag_span("max")),
            format!("--max=MAXPODS is required and must be at least 1, max: {max}"),
        ));
    }
    if max < min {
        return Err(args.usage(
            Some(args.flag_span("min")),
            format!("--max=MAXPODS must be larger or equal to --min=MINPODS, max: {max}, min: {min}"),
        ));
    }
    let max = non_negative(args, "max", max, "--max must be at least 1")?;
    let min = if min < 0 { None } else { Some(non_negative(args, "min", min, "--min must be at least 1")?) };
    if min == Some(0) {
        return Err(args.usage(
            Some(args.flag_span("min")),
            "--min=MINPODS must be at least 1 (kubeplay does not simulate scale to zero)",
        ));
    }
    let cpu = match (args.int("cpu-percent")?, args.string("cpu")) {
        (Some(_), Some(_)) => {
            return Err(args.usage(Some(args.flag_span("cpu")), "--cpu-percent and --cpu cannot be specified together"))
        }
        (Some(percent), None) if percent < 0 => None,
        (Some(percent), None) => Some(CpuTarget::Utilization(u32::try_from(percent).unwrap_or(u32::MAX))),
        (None, Some(cpu)) => Some(parse_cpu_target(args, &cpu)?),
        (None, None) => None,
    };
    let cpu_percent_flag = args.int("cpu-percent")?.is_some();
    Ok(Command::Autoscale {
        kind,
        name,
        min,
        max,
        cpu,
        hpa_name: args.string("name"),
        namespace: args.namespace(),
        cpu_percent_flag,
    })
}

fn parse_cpu_target(args: &Args, text: &str) -> Result<CpuTarget, ParseError> {
    if let Some(percent) = text.strip_suffix('%') {
        if let Ok(percent) = percent.parse::<u32>() {
            if percent > 0 {
                return Ok(CpuTarget::Utilization(percent));
            }
        }
    } else if crate::api::parse_quantity(text).is_some_and(|value| value > 0.0) {
        return Ok(CpuTarget::AverageValue(text.to_string()));
    }
    Err(args.invalid_flag("cpu", "must be a utilization such as 50% or a quantity such as 500m"))
}

fn parse_set_image(args: &Args) -> Result<Command, ParseError> {
    let words = args.all_positionals();
    let n_resource_words = words.iter().position(|word| word.text.contains('=')).unwrap_or(words.len());
    let (resource_words, image_words) = words.split_at(n_resource_words);
    let Some((kind, name)) = one_target(args, resource_words)? else {
        return Err(
            args.usage(None, "one or more resources must be specified as <resource> <name> or <resource>/<name>")
        );
    };
    require_kind(
        args,
        resource_words[0].span,
        kind,
        &[ResourceKind::Deployment, ResourceKind::ReplicaSet, ResourceKind::Pod],
        "set image of",
    )?;
    if image_words.is_empty() {
        return Err(args.usage(None, "at least one image update is required"));
    }
    let mut images = Vec::new();
    for word in image_words {
        match word.text.split_once('=') {
            Some((container, image)) if !container.is_empty() && !image.is_empty() => {
                images.push(ContainerImage { container: container.to_string(), image: image.to_string() })
            }
            _ => {
                return Err(args
                    .usage(Some(word.span), format!("invalid image update {:?}: expected CONTAINER=IMAGE", word.text)))
            }
        }
    }
    Ok(Command::SetImage { kind, name, images, namespace: args.namespace() })
}

fn parse_rollout(args: &Args, action: RolloutAction) -> Result<Command, ParseError> {
    let words = args.all_positionals();
    let Some((kind, name)) = one_target(args, words)? else {
        return Err(args.usage(None, "required resource not specified"));
    };
    let span = words.first().map_or(args.end_span(), |word| word.span);
    require_kind(args, span, kind, &[ResourceKind::Deployment], "roll out")?;
    let revision_flag = if action == RolloutAction::Undo { "to-revision" } else { "revision" };
    let revision = match args.int(revision_flag)? {
        None | Some(0) => None,
        Some(n) => Some(u64::try_from(n).map_err(|_| {
            args.usage(Some(args.flag_span(revision_flag)), format!("revision must be a positive integer: {n}"))
        })?),
    };
    let watch = !args.has("watch") || args.bool("watch");
    Ok(Command::Rollout {
        action,
        kind,
        name,
        revision,
        watch,
        timeout: args.duration("timeout")?,
        namespace: args.namespace(),
    })
}

fn parse_rollout_status(args: &Args) -> Result<Command, ParseError> {
    parse_rollout(args, RolloutAction::Status)
}
fn parse_rollout_history(args: &Args) -> Result<Command, ParseError> {
    parse_rollout(args, RolloutAction::History)
}
fn parse_rollout_undo(args: &Args) -> Result<Command, ParseError> {
    parse_rollout(args, RolloutAction::Undo)
}
fn parse_rollout_restart(args: &Args) -> Result<Command, ParseError> {
    parse_rollout(args, RolloutAction::Restart)
}
fn parse_rollout_pause(args: &Args) -> Result<Command, ParseError> {
    parse_rollout(args, RolloutAction::Pause)
}
fn parse_rollout_resume(args: &Args) -> Result<Command, ParseError> {
    parse_rollout(args, RolloutAction::Resume)
}

fn parse_patch(args: &Args) -> Result<Command, ParseError> {
    let Some((kind, name)) = one_target(args, args.all_positionals())? else {
        return Err(args.usage(None, "You must provide one or more resources by argument or filename."));
    };
    let patch_type = match args.string("type").as_deref() {
        None | Some("strategic") => PatchType::Strategic,
        Some("json") => PatchType::Json,
        Some("merge") => PatchType::Merge,
        Some(other) => {
            return Err(args.usage(
                Some(args.flag_span("type")),
                format!("--type must be one of [json merge strategic], not {other:?}"),
            ))
        }
    };
    let Some(text) = args.string("patch").filter(|text| !text.is_empty()) else {
        return Err(args.usage(None, "must specify --patch or --patch-file containing the contents of the patch"));
    };
    // kubectl reads the patch as YAML (a superset of JSON) and converts it to JSON.
    let patch: serde_json::Value = serde_yaml::from_str(&text).map_err(|error| {
        args.usage(
            Some(args.flag_span("patch")),
            format!("unable to parse {text:?}: {}", first_line(&error.to_string())),
        )
    })?;
    if patch_type == PatchType::Json && !patch.is_array() {
        return Err(args.usage(
            Some(args.flag_span("patch")),
            "unable to parse the patch: a JSON patch (--type=json) must be a list of operations, e.g. [{\"op\": \"replace\", \"path\": \"/spec/replicas\", \"value\": 3}]",
        ));
    }
    if patch_type != PatchType::Json && !patch.is_object() {
        return Err(args.usage(
            Some(args.flag_span("patch")),
            format!("unable to parse {text:?}: a merge patch must be an object"),
        ));
    }
    Ok(Command::Patch { kind, name, patch_type, patch, namespace: args.namespace() })
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
}

fn parse_exec(args: &Args) -> Result<Command, ParseError> {
    let before = args.positionals();
    let Some(target) = before.first() else {
        return Err(usage_error(args, None, "pod, type/name or --filename must be specified"));
    };
    if before.len() > 1 {
        return Err(usage_error(
            args,
            Some(before[1].span),
            "exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead",
        ));
    }
    let (kind, name) = if target.text.contains('/') {
        let (kind, name) = type_slash_name(args, target)?;
        require_kind(
            args,
            target.span,
            kind,
            &[ResourceKind::Pod, ResourceKind::Deployment, ResourceKind::ReplicaSet, ResourceKind::Service],
            "exec into",
        )?;
        (kind, name)
    } else {
        (ResourceKind::Pod, target.text.clone())
    };
    let command = texts(args.after_dash().unwrap_or(&[]));
    if command.is_empty() {
        return Err(usage_error(args, None, "you must specify at least one command for the container"));
    }
    Ok(Command::Exec {
        kind,
        name,
        container: args.string("container"),
        stdin: args.bool("stdin"),
        tty: args.bool("tty"),
        command,
        namespace: args.namespace(),
    })
}

fn node_name(args: &Args) -> Result<String, ParseError> {
    match args.all_positionals() {
        [node] => Ok(node.text.clone()),
        [] => Err(usage_error(args, None, &format!("USAGE: {} NODE [flags]", args.verb().name))),
        [_, extra, ..] => {
            Err(usage_error(args, Some(extra.span), &format!("kubeplay: {} one node at a time", args.verb().name)))
        }
    }
}

fn parse_cordon(args: &Args) -> Result<Command, ParseError> {
    Ok(Command::Cordon { node: node_name(args)? })
}

fn parse_uncordon(args: &Args) -> Result<Command, ParseError> {
    Ok(Command::Uncordon { node: node_name(args)? })
}

fn parse_drain(args: &Args) -> Result<Command, ParseError> {
    Ok(Command::Drain {
        node: node_name(args)?,
        ignore_daemonsets: args.bool("ignore-daemonsets"),
        delete_emptydir_data: args.bool("delete-emptydir-data") || args.bool("delete-local-data"),
        force: args.bool("force"),
        grace_period: args.int("grace-period")?.and_then(|n| u64::try_from(n).ok()),
        timeout: args.duration("timeout")?,
    })
}

fn parse_top(args: &Args, kind: TopKind) -> Result<Command, ParseError> {
    let name = match args.all_positionals() {
        [] => None,
        [name] => Some(name.text.clone()),
        [_, extra, ..] => return Err(usage_error(args, Some(extra.span), "kubeplay: top takes at most one NAME")),
    };
    Ok(Command::Top {
        kind,
        name,
        selector: args.string("selector"),
        containers: args.bool("containers"),
        all_namespaces: args.bool("all-namespaces"),
        namespace: args.namespace(),
    })
}

fn parse_top_pod(args: &Args) -> Result<Command, ParseError> {
    parse_top(args, TopKind::Pods)
}

fn parse_top_node(args: &Args) -> Result<Command, ParseError> {
    parse_top(args, TopKind::Nodes)
}

fn parse_wait(args: &Args) -> Result<Command, ParseError> {
    let (kinds, names) = resource_args(args, args.all_positionals())?;
    if kinds.is_empty() {
        return Err(args.usage(None, "You must provide one or more resources by argument or filename."));
    }
    let selector = args.string("selector");
    let all = args.bool("all");
    if names.is_empty() && selector.is_none() && !all {
        return Err(args.usage(None, "resource(s) were provided, but no name was specified"));
    }
    let Some(condition_text) = args.string("for") else {
        return Err(args.usage(
            None,
            "--for must be specified: --for=condition=Available, --for=delete or --for=jsonpath='{.status.phase}'=Running",
        ));
    };
    let condition = parse_wait_for(&condition_text).ok_or_else(|| {
        args.usage(Some(args.flag_span("for")), format!("unrecognized condition: {condition_text:?}"))
    })?;
    let timeout = args.duration("timeout")?.unwrap_or(SimDuration::from_secs(30));
    if timeout > MAX_SLEEP {
        return Err(args.invalid_flag("timeout", "kubeplay: at most 30 days"));
    }
    Ok(Command::Wait { kinds, names, selector, all, condition, timeout, namespace: args.namespace() })
}

/// `delete`, `condition=NAME[=VALUE]` (case-insensitive prefix, as kubectl), or
/// `jsonpath={PATH}[=VALUE]`.
fn parse_wait_for(text: &str) -> Option<WaitCondition> {
    if text.eq_ignore_ascii_case("delete") {
        return Some(WaitCondition::Delete);
    }
    if let Some(rest) = strip_prefix_ignore_case(text, "condition=") {
        let (name, value) = match rest.split_once('=') {
            Some((name, value)) => (name, value),
            None => (rest, "True"),
        };
        if name.is_empty() || value.is_empty() {
            return None;
        }
        return Some(WaitCondition::Condition { name: name.to_string(), value: value.to_string() });
    }
    if let Some(rest) = strip_prefix_ignore_case(text, "jsonpath=") {
        // The value follows the `=` after the closing brace: `{.status.phase}=Running`.
        let close = rest.rfind('}').map_or(0, |pos| pos + 1);
        let (path, value) = match rest[close..].split_once('=') {
            Some((tail, value)) => (format!("{}{tail}", &rest[..close]), Some(value.to_string())),
            None => (rest.to_string(), None),
        };
        if path.is_empty() {
            return None;
        }
        return Some(WaitCondition::JsonPath { path, value });
    }
    None
}

fn strip_prefix_ignore_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

fn parse_api_resources(args: &Args) -> Result<Command, ParseError> {
    if let Some(extra) = args.all_positionals().first() {
        return Err(usage_error(
            args,
            Some(extra.span),
            &format!("Unexpected args: {}", go_list(args.all_positionals())),
        ));
    }
    Ok(Command::ApiResources)
}

fn parse_help(args: &Args) -> Result<Command, ParseError> {
    let mut words = args.all_positionals();
    if words.first().is_some_and(|word| word.text == "kubectl" || word.text == "k") {
        words = &words[1..];
    }
    let Some(first) = words.first() else { return Ok(Command::Help { topic: None }) };
    let topic = texts(words).join(" ");
    let known = VERBS.iter().find(|verb| verb.name == topic || verb.aliases.contains(&topic.as_str()));
    if let Some(verb) = known {
        return Ok(Command::Help { topic: Some(verb.name.to_string()) });
    }
    if words.len() == 1 && VERBS.iter().any(|verb| verb.name.split(' ').next() == Some(topic.as_str())) {
        return Ok(Command::Help { topic: Some(topic) });
    }
    let suggestions = suggestions(&first.text, verb_first_words(false));
    Err(args
        .error(Some(first.span), ParseErrorKind::UnknownCommand { name: topic, parent: String::new(), suggestions }))
}

// ---------------------------------------------------------------------------------------------
// Playground verbs.

fn playground_name(args: &Args, what: &str) -> Result<String, ParseError> {
    match args.all_positionals() {
        [name] => Ok(name.text.clone()),
        [] => Err(args.playground(None, format!("missing {what}"))),
        [_, extra, ..] => {
            Err(args.playground(Some(extra.span), format!("unexpected argument {:?}: give one {what}", extra.text)))
        }
    }
}

fn parse_node(args: &Args, action: NodeAction) -> Result<Command, ParseError> {
    Ok(Command::Node { action, name: playground_name(args, "node name")? })
}

fn parse_node_power_off(args: &Args) -> Result<Command, ParseError> {
    parse_node(args, NodeAction::PowerOff)
}
fn parse_node_power_on(args: &Args) -> Result<Command, ParseError> {
    parse_node(args, NodeAction::PowerOn)
}
fn parse_node_disconnect(args: &Args) -> Result<Command, ParseError> {
    parse_node(args, NodeAction::Disconnect)
}
fn parse_node_reconnect(args: &Args) -> Result<Command, ParseError> {
    parse_node(args, NodeAction::Reconnect)
}

fn parse_kill(args: &Args) -> Result<Command, ParseError> {
    let pod = playground_name(args, "pod name")?;
    let exit_code = args.int("exit-code")?;
    let reason = match (exit_code, args.bool("oom")) {
        (Some(_), true) => {
            return Err(args.playground(Some(args.flag_span("oom")), "--exit-code and --oom cannot be used together"))
        }
        (Some(code), false) => match u8::try_from(code) {
            Ok(code) => KillReason::ExitCode(code),
            Err(_) => {
                return Err(args.playground(
                    Some(args.flag_span("exit-code")),
                    format!("--exit-code must be between 0 and 255, got {code}"),
                ))
            }
        },
        (None, true) => KillReason::OomKilled,
        (None, false) => KillReason::ExitCode(137),
    };
    Ok(Command::Kill { pod, container: args.string("container"), reason })
}

/// Parses a playground duration with a clear message and the 30-day cap.
fn playground_duration(args: &Args, text: &str, span: Option<super::Span>) -> Result<SimDuration, ParseError> {
    let Some(duration) = SimDuration::parse(text) else {
        return Err(
            args.playground(span, format!("invalid duration {text:?}: use a number and a unit, e.g. 30s, 5m or 1h30m"))
        );
    };
    if duration > MAX_SLEEP {
        return Err(args.playground(span, format!("duration {text:?} is too long: at most 30 days")));
    }
    Ok(duration)
}

fn parse_sleep(args: &Args) -> Result<Command, ParseError> {
    let text = playground_name(args, "duration")?;
    let span = args.all_positionals().first().map(|token| token.span);
    Ok(Command::Sleep(playground_duration(args, &text, span)?))
}

/// A positive integer flag of a playground verb, with a default and an upper bound.
fn playground_count(args: &Args, long: &str, default: u64, max: u64) -> Result<u64, ParseError> {
    let Some(value) = args.int(long)? else { return Ok(default) };
    match u64::try_from(value) {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => {
            Err(args
                .playground(Some(args.flag_span(long)), format!("--{long} must be between 1 and {max}, got {value}")))
        }
    }
}

fn parse_load_start(args: &Args) -> Result<Command, ParseError> {
    let service = playground_name(args, "service name")?;
    let rps = playground_count(args, "rps", 10, 100_000)? as u32;
    Ok(Command::LoadStart { service, rps })
}

fn parse_load_ab(args: &Args) -> Result<Command, ParseError> {
    let service = playground_name(args, "service name")?;
    let concurrency = playground_count(args, "concurrency", 1, 20_000)? as u32;
    let requests = playground_count(args, "requests", 1, 10_000_000)?;
    if u64::from(concurrency) > requests {
        return Err(args.playground(
            Some(args.flag_span("concurrency")),
            "Cannot use concurrency level greater than total number of requests",
        ));
    }
    Ok(Command::LoadAb { service, concurrency, requests })
}

fn parse_load_curl(args: &Args) -> Result<Command, ParseError> {
    let service = playground_name(args, "service name")?;
    let every = match args.string("every") {
        None => SimDuration::from_secs(1),
        Some(text) => playground_duration(args, &text, Some(args.flag_span("every")))?,
    };
    if every < SimDuration::from_millis(10) {
        return Err(args.playground(Some(args.flag_span("every")), "--every must be at least 10ms"));
    }
    Ok(Command::LoadCurl { service, every })
}

fn parse_load_stop(args: &Args) -> Result<Command, ParseError> {
    Ok(Command::LoadStop { service: optional_service(args)? })
}

/// The optional SERVICE of `load stop|status|logs`.
fn optional_service(args: &Args) -> Result<Option<String>, ParseError> {
    match args.all_positionals() {
        [] => Ok(None),
        [service] => Ok(Some(service.text.clone())),
        [_, extra, ..] => Err(args
            .playground(Some(extra.span), format!("unexpected argument {:?}: give at most one service", extra.text))),
    }
}

fn parse_load_status(args: &Args) -> Result<Command, ParseError> {
    Ok(Command::LoadStatus { service: optional_service(args)? })
}

fn parse_load_logs(args: &Args) -> Result<Command, ParseError> {
    let tail = match args.int("tail")? {
        None => None,
        Some(n) if n < 0 => None,
        Some(n) => Some(n as u64),
    };
    Ok(Command::LoadLogs { service: optional_service(args)?, tail })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::parse;

    fn ok(input: &str) -> Command {
        match parse(input) {
            Ok(Some(command)) => command,
            other => panic!("{input:?} gave {other:?}"),
        }
    }

    fn check(input: &str, expected: Command) {
        assert_eq!(ok(input), expected, "input: {input}");
    }

    fn check_error(input: &str, expected: &str) {
        match parse(input) {
            Err(error) => assert_eq!(error.to_string(), expected, "input: {input}"),
            other => panic!("{input:?} gave {other:?}"),
        }
    }

    fn get(kinds: &[ResourceKind], names: &[&str]) -> Command {
        Command::Get {
            kinds: kinds.to_vec(),
            names: names.iter().map(|name| name.to_string()).collect(),
            output: OutputFormat::Default,
            selector: None,
            field_selector: None,
            watch: false,
            all_namespaces: false,
            show_labels: false,
            no_headers: false,
            sort_by: None,
            namespace: None,
        }
    }

    #[test]
    fn every_example_parses_to_its_own_verb() {
        for verb in VERBS {
            for example in verb.examples {
                let command = parse(example).unwrap_or_else(|error| panic!("{example}: {error}"));
                assert!(command.is_some(), "{example}");
                let help = parse(&format!("help {}", verb.name)).unwrap();
                assert_eq!(help, Some(Command::Help { topic: Some(verb.name.to_string()) }));
            }
        }
    }

    #[test]
    fn verb_names_are_unique() {
        let mut names: Vec<&str> =
            VERBS.iter().flat_map(|verb| std::iter::once(verb.name).chain(verb.aliases.iter().copied())).collect();
        let n_names = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n_names);
    }

    // --- apply / create -f

    #[test]
    fn apply() {
        check("kubectl apply -f web.yaml", Command::Apply { files: vec!["web.yaml".into()], namespace: None });
        check(
            "k apply -f a.yaml --filename=b.yaml",
            Command::Apply { files: vec!["a.yaml".into(), "b.yaml".into()], namespace: None },
        );
        check("apply -f -", Command::Apply { files: vec!["-".into()], namespace: None });
        check_error("kubectl apply", "error: must specify one of -f and -k");
        check_error(
            "kubectl apply web.yaml",
            "error: Unexpected args: [web.yaml]\nSee 'kubectl apply -h' for help and examples",
        );
        check_error("kubectl apply -f", "error: flag needs an argument: 'f' in -f");
        check(
            "kubectl create -f liveness.yaml",
            Command::Create { files: vec!["liveness.yaml".into()], namespace: None },
        );
        check_error(
            "kubectl create deploymnet web --image=nginx",
            "error: unknown command \"deploymnet\" for \"kubectl create\"\n\nDid you mean this?\n\tdeployment\n\nRun 'kubectl create --help' for usage.",
        );
    }

    // --- create deployment / service

    #[test]
    fn create_deployment() {
        check(
            "kubectl create deployment hello-world-flask --image=lyzhang1999/hello-world-flask:latest --replicas=2",
            Command::CreateDeployment {
                name: "hello-world-flask".into(),
                images: vec!["lyzhang1999/hello-world-flask:latest".into()],
                replicas: Some(2),
                port: None,
                command: vec![],
                dry_run: false,
                output: OutputFormat::Default,
                namespace: None,
            },
        );
        check(
            "kubectl create deployment web --image nginx --port=80 --dry-run=client -o yaml",
            Command::CreateDeployment {
                name: "web".into(),
                images: vec!["nginx".into()],
                replicas: None,
                port: Some(80),
                command: vec![],
                dry_run: true,
                output: OutputFormat::Yaml,
                namespace: None,
            },
        );
        let Command::CreateDeployment { dry_run, output, .. } = ok("create deploy web --image=nginx --dry-run -oyaml")
        else {
            panic!()
        };
        assert!(dry_run);
        assert_eq!(output, OutputFormat::Yaml);
        let Command::CreateDeployment { command, .. } =
            ok("kubectl create deployment bb --image=busybox -- sleep 3600")
        else {
            panic!()
        };
        assert_eq!(command, vec!["sleep", "3600"]);
        check_error(
            "kubectl create deployment bb --image=a --image=b -- sleep 1",
            "error: cannot specify multiple --image options and command",
        );
        check_error("kubectl create deployment web", "error: required flag(s) \"image\" not set");
        check_error("kubectl create deployment --image=nginx", "error: exactly one NAME is required, got 0");
        check_error("kubectl create deployment a b --image=nginx", "error: exactly one NAME is required, got 2");
        check_error("kubectl create deployment web --image=nginx --replica=2", "error: unknown flag: --replica");
        check_error(
            "kubectl create deployment web --image=nginx --replicas=abc",
            "error: invalid argument \"abc\" for \"-r, --replicas\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax",
        );
        check_error(
            "kubectl create deployment web --image=nginx --replicas=-1",
            "error: The Deployment \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0",
        );
        check_error(
            "kubectl create deployment web --image=nginx --dry-run=maybe",
            "error: Invalid dry-run value (maybe). Must be \"none\", \"server\", or \"client\".",
        );
        check_error(
            "kubectl create deployment web --image=nginx -o wide",
            "error: unable to match a printer suitable for the output format \"wide\", allowed formats are: json,name,yaml",
        );
    }

    #[test]
    fn create_service() {
        check(
            "kubectl create service clusterip hello-world-flask --tcp=5000:5000",
            Command::CreateService {
                service_type: ServiceType::ClusterIP,
                name: "hello-world-flask".into(),
                ports: vec![ServicePortArg { port: 5000, target_port: 5000 }],
                cluster_ip: None,
                dry_run: false,
                output: OutputFormat::Default,
                namespace: None,
            },
        );
        let Command::CreateService { service_type, ports, .. } = ok("create svc nodeport web --tcp=80:8080 --tcp 443")
        else {
            panic!()
        };
        assert_eq!(service_type, ServiceType::NodePort);
        assert_eq!(
            ports,
            vec![ServicePortArg { port: 80, target_port: 8080 }, ServicePortArg { port: 443, target_port: 443 }]
        );
        check_error("kubectl create service clusterip web", "error: at least one tcp port specifier must be provided");
        check_error(
            "kubectl create service clusterp web --tcp=80",
            "error: unknown command \"clusterp\" for \"kubectl create service\"\n\nDid you mean this?\n\tclusterip\n\nRun 'kubectl create service --help' for usage.",
        );
        check_error(
            "kubectl create service clusterip web --tcp=x:80",
            "error: strconv.Atoi: parsing \"x\": invalid syntax",
        );
    }

    // --- get

    #[test]
    fn get_types_and_aliases() {
        check("kubectl get pods", get(&[ResourceKind::Pod], &[]));
        check("get po", get(&[ResourceKind::Pod], &[]));
        check("k get pod web-1 web-2", get(&[ResourceKind::Pod], &["web-1", "web-2"]));
        check("kubectl get deploy/web", get(&[ResourceKind::Deployment], &["web"]));
        check("kubectl get deployments.apps web", get(&[ResourceKind::Deployment], &["web"]));
        check("kubectl get rs", get(&[ResourceKind::ReplicaSet], &[]));
        check("kubectl get no", get(&[ResourceKind::Node], &[]));
        check("kubectl get svc", get(&[ResourceKind::Service], &[]));
        check("kubectl get ep", get(&[ResourceKind::Endpoints], &[]));
        check("kubectl get endpointslices", get(&[ResourceKind::EndpointSlice], &[]));
        check("kubectl get hpa", get(&[ResourceKind::HorizontalPodAutoscaler], &[]));
        check("kubectl get horizontalpodautoscalers", get(&[ResourceKind::HorizontalPodAutoscaler], &[]));
        check("kubectl get ev", get(&[ResourceKind::Event], &[]));
        check("kubectl get Pods", get(&[ResourceKind::Pod], &[]));
        check(
            "kubectl get deploy,rs,po",
            get(&[ResourceKind::Deployment, ResourceKind::ReplicaSet, ResourceKind::Pod], &[]),
        );
        check("kubectl get all", get(&ResourceKind::GET_ALL, &[]));
        check("kubectl get all,pods,svc", get(&ResourceKind::GET_ALL, &[]));
        let Command::Get { sort_by, .. } = ok("kubectl get events --sort-by=.lastTimestamp") else { panic!() };
        assert_eq!(sort_by.as_deref(), Some(".lastTimestamp"));
    }

    #[test]
    fn get_flags() {
        let Command::Get { output, watch, selector, field_selector, all_namespaces, show_labels, .. } =
            ok("kubectl get pods -o wide -l app=web -w --field-selector=status.phase==Running -A --show-labels")
        else {
            panic!()
        };
        assert_eq!(output, OutputFormat::Wide);
        assert!(watch && all_namespaces && show_labels);
        assert_eq!(selector.as_deref(), Some("app=web"));
        assert_eq!(field_selector.as_deref(), Some("status.phase==Running"));
        for spelling in ["-o yaml", "-oyaml", "-o=yaml", "--output yaml", "--output=yaml"] {
            let Command::Get { output, .. } = ok(&format!("get pods {spelling}")) else { panic!() };
            assert_eq!(output, OutputFormat::Yaml, "{spelling}");
        }
        let Command::Get { output, .. } = ok("kubectl get pod -owide") else { panic!() };
        assert_eq!(output, OutputFormat::Wide);
        let Command::Get { watch, .. } = ok("kubectl get pods --watch=false") else { panic!() };
        assert!(!watch);
        let Command::Get { output, watch, .. } = ok("kubectl get pods -wo name") else { panic!() };
        assert_eq!((output, watch), (OutputFormat::Name, true));
    }

    #[test]
    fn get_errors() {
        check_error(
            "kubectl get",
            "error: you must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.",
        );
        check_error(
            "kubectl get podz",
            "error: the server doesn't have a resource type \"podz\"\n\nDid you mean this?\n\tpods",
        );
        check_error("kubectl get blah", "error: the server doesn't have a resource type \"blah\"");
        check_error("kubectl get configmaps", "error: the resource type \"configmaps\" is not simulated by kubeplay");
        check_error("kubectl get pods -x", "error: unknown shorthand flag: 'x' in -x");
        check_error("kubectl get pods -wx", "error: unknown shorthand flag: 'x' in -wx");
        check_error("kubectl get pods -o", "error: flag needs an argument: 'o' in -o");
        check_error("kubectl get pods --output", "error: flag needs an argument: --output");
        check_error(
            "kubectl get pods -o table",
            "error: unable to match a printer suitable for the output format \"table\", allowed formats are: json,name,wide,yaml",
        );
        check_error("kubectl get pods -o jsonpath='{.items}'", "error: -o jsonpath is not simulated by kubeplay");
        check_error(
            "kubectl get pods --watch=maybe",
            "error: invalid argument \"maybe\" for \"-w, --watch\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax",
        );
        check_error("kubectl get pods web -l app=web", "error: name cannot be provided when a selector is specified");
        check_error(
            "kubectl get deploy/web/x",
            "error: arguments in resource/name form must have a single resource and name",
        );
        check_error(
            "kubectl get deploy/web web2",
            "error: arguments in resource/name form must have a single resource and name",
        );
        check_error(
            "kubectl get deploy deploy/web",
            "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
        );
    }

    // --- describe / logs

    #[test]
    fn describe() {
        check(
            "kubectl describe pod liveness-exec",
            Command::Describe {
                kinds: vec![ResourceKind::Pod],
                names: vec!["liveness-exec".into()],
                selector: None,
                all_namespaces: false,
                namespace: None,
            },
        );
        check(
            "kubectl describe deploy/web",
            Command::Describe {
                kinds: vec![ResourceKind::Deployment],
                names: vec!["web".into()],
                selector: None,
                all_namespaces: false,
                namespace: None,
            },
        );
        check_error(
            "kubectl describe",
            "error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.",
        );
    }

    #[test]
    fn logs() {
        let logs = |name: &str, container: Option<&str>, previous: bool, tail: Option<u64>| Command::Logs {
            kind: ResourceKind::Pod,
            name: name.into(),
            container: container.map(str::to_string),
            previous,
            tail,
            follow: false,
            namespace: None,
        };
        check("kubectl logs web-1", logs("web-1", None, false, None));
        check("kubectl logs web-1 -c app --previous --tail 20", logs("web-1", Some("app"), true, Some(20)));
        check("kubectl logs -p web-1 app", logs("web-1", Some("app"), true, None));
        check("kubectl logs pod/web-1 --tail=-1", logs("web-1", None, false, None));
        let Command::Logs { kind, name, .. } = ok("kubectl logs deploy/web") else { panic!() };
        assert_eq!((kind, name.as_str()), (ResourceKind::Deployment, "web"));
        check_error(
            "kubectl logs",
            "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples",
        );
        check_error("kubectl logs web-1 app -c app", "error: only one of -c or an inline [CONTAINER] arg is allowed");
        check_error(
            "kubectl logs web-1 --tail x",
            "error: invalid argument \"x\" for \"--tail\" flag: strconv.ParseInt: parsing \"x\": invalid syntax",
        );
    }

    // --- delete

    #[test]
    fn delete() {
        let delete =
            |kinds: Vec<ResourceKind>, names: &[&str], grace_period: Option<u64>, force: bool| Command::Delete {
                kinds,
                names: names.iter().map(|name| name.to_string()).collect(),
                selector: None,
                all: false,
                grace_period,
                force,
                ignore_not_found: false,
                namespace: None,
            };
        check("kubectl delete pod web-1", delete(vec![ResourceKind::Pod], &["web-1"], None, false));
        check(
            "kubectl delete pod web-1 web-2 --now",
            delete(vec![ResourceKind::Pod], &["web-1", "web-2"], Some(1), false),
        );
        check("kubectl delete pod/web-1 --grace-period=0", delete(vec![ResourceKind::Pod], &["web-1"], Some(1), false));
        check(
            "kubectl delete pod/web-1 --grace-period=0 --force",
            delete(vec![ResourceKind::Pod], &["web-1"], Some(0), true),
        );
        check("kubectl delete pod/web-1 --force", delete(vec![ResourceKind::Pod], &["web-1"], Some(0), true));
        check("kubectl delete pod/web-1 --grace-period 5", delete(vec![ResourceKind::Pod], &["web-1"], Some(5), false));
        let Command::Delete { selector, all, .. } = ok("kubectl delete pods -l app=web") else { panic!() };
        assert_eq!((selector.as_deref(), all), (Some("app=web"), false));
        let Command::Delete { all, .. } = ok("kubectl delete deploy --all") else { panic!() };
        assert!(all);
        check(
            "kubectl delete -f web.yaml",
            Command::DeleteFiles {
                files: vec!["web.yaml".into()],
                grace_period: None,
                force: false,
                ignore_not_found: false,
                namespace: None,
            },
        );
        check_error("kubectl delete pod", "error: resource(s) were provided, but no name was specified");
        check_error(
            "kubectl delete pod x --now --grace-period=3",
            "error: --now and --grace-period cannot be specified together",
        );
        check_error(
            "kubectl delete",
            "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
        );
    }

    // --- scale / autoscale / set image

    #[test]
    fn scale() {
        let scale = Command::Scale { kind: ResourceKind::Deployment, name: "web".into(), replicas: 3, namespace: None };
        check("kubectl scale deploy/web --replicas=3", scale.clone());
        check("kubectl scale deployment web --replicas 3", scale.clone());
        check("kubectl scale --replicas=3 deployment/web", scale);
        check_error("kubectl scale deploy/web", "error: required flag(s) \"replicas\" not set");
        check_error(
            "kubectl scale deploy/web --replicas=abc",
            "error: invalid argument \"abc\" for \"--replicas\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax",
        );
        check_error(
            "kubectl scale deploy/web --replicas=-2",
            "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0",
        );
        check_error(
            "kubectl scale pod/web-1 --replicas=2",
            "error: cannot scale pods: expected deployments or replicasets",
        );
        check_error(
            "kubectl scale --replicas=2",
            "error: You must provide one or more resources by argument or filename.",
        );
    }

    #[test]
    fn autoscale() {
        check(
            "kubectl autoscale deployment hello-world-flask --cpu-percent=50 --min=2 --max=10",
            Command::Autoscale {
                kind: ResourceKind::Deployment,
                name: "hello-world-flask".into(),
                min: Some(2),
                max: 10,
                cpu: Some(CpuTarget::Utilization(50)),
                hpa_name: None,
                namespace: None,
                cpu_percent_flag: true,
            },
        );
        let Command::Autoscale { cpu, min, cpu_percent_flag, .. } =
            ok("kubectl autoscale deploy/php-apache --cpu=50% --max=10")
        else {
            panic!()
        };
        assert_eq!((cpu, min, cpu_percent_flag), (Some(CpuTarget::Utilization(50)), None, false));
        // kubectl's default --cpu-percent=-1 typed out still counts as using the flag.
        let Command::Autoscale { cpu, cpu_percent_flag, .. } =
            ok("kubectl autoscale deploy/php-apache --cpu-percent=-1 --max=10")
        else {
            panic!()
        };
        assert_eq!((cpu, cpu_percent_flag), (None, true));
        let Command::Autoscale { cpu, .. } = ok("kubectl autoscale deploy web --cpu=500m --max=3") else { panic!() };
        assert_eq!(cpu, Some(CpuTarget::AverageValue("500m".into())));
        check_error("kubectl autoscale deploy web --min=2", "error: required flag(s) \"max\" not set");
        check_error(
            "kubectl autoscale deploy web --max=0",
            "error: --max=MAXPODS is required and must be at least 1, max: 0",
        );
        check_error(
            "kubectl autoscale deploy web --min=5 --max=2",
            "error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: 2, min: 5",
        );
        check_error(
            "kubectl autoscale deploy web --max=3 --cpu=lots",
            "error: invalid argument \"lots\" for \"--cpu\" flag: must be a utilization such as 50% or a quantity such as 500m",
        );
    }

    #[test]
    fn set_image() {
        check(
            "kubectl set image deployment/web nginx=nginx:1.27 sidecar=busybox",
            Command::SetImage {
                kind: ResourceKind::Deployment,
                name: "web".into(),
                images: vec![
                    ContainerImage { container: "nginx".into(), image: "nginx:1.27".into() },
                    ContainerImage { container: "sidecar".into(), image: "busybox".into() },
                ],
                namespace: None,
            },
        );
        let Command::SetImage { name, images, .. } = ok("kubectl set image deployment web *=nginx") else { panic!() };
        assert_eq!((name.as_str(), images[0].container.as_str()), ("web", "*"));
        check_error("kubectl set image deployment/web", "error: at least one image update is required");
        check_error(
            "kubectl set image nginx=nginx:1.27",
            "error: one or more resources must be specified as <resource> <name> or <resource>/<name>",
        );
    }

    // --- rollout

    #[test]
    fn rollout() {
        let rollout = |action, revision| Command::Rollout {
            action,
            kind: ResourceKind::Deployment,
            name: "web".into(),
            revision,
            watch: true,
            timeout: None,
            namespace: None,
        };
        check("kubectl rollout status deployment/web", rollout(RolloutAction::Status, None));
        check("kubectl rollout history deploy/web", rollout(RolloutAction::History, None));
        check("kubectl rollout undo deployment web --to-revision=2", rollout(RolloutAction::Undo, Some(2)));
        check("kubectl rollout restart deployment/web", rollout(RolloutAction::Restart, None));
        check("kubectl rollout pause deployment/web", rollout(RolloutAction::Pause, None));
        check("kubectl rollout resume deployment/web", rollout(RolloutAction::Resume, None));
        let Command::Rollout { watch, timeout, .. } = ok("kubectl rollout status deploy/web -w=false --timeout=2m")
        else {
            panic!()
        };
        assert_eq!((watch, timeout), (false, Some(SimDuration::from_secs(120))));
        check("kubectl rollout", Command::Help { topic: Some("rollout".into()) });
        check_error("kubectl rollout status", "error: required resource not specified");
        check_error("kubectl rollout undo deploy/web --revision=2", "error: unknown flag: --revision");
        check_error("kubectl rollout status pod/x", "error: cannot roll out pods: expected deployments");
    }

    // --- patch

    #[test]
    fn patch_seed_001() {
        let line = r#"kubectl patch deployment hello-world-flask --type='json' -p='[{"op": "add", "path": "/spec/template/spec/containers/0/resources", "value": {"requests": {"memory": "100Mi", "cpu": "100m"}}}]'"#;
        let expected = serde_json::json!([{
            "op": "add",
            "path": "/spec/template/spec/containers/0/resources",
            "value": {"requests": {"memory": "100Mi", "cpu": "100m"}}
        }]);
        check(
            line,
            Command::Patch {
                kind: ResourceKind::Deployment,
                name: "hello-world-flask".into(),
                patch_type: PatchType::Json,
                patch: expected,
                namespace: None,
            },
        );
    }

    #[test]
    fn patch_other_forms() {
        let Command::Patch { patch_type, patch, .. } = ok(r#"kubectl patch deploy/web -p '{"spec":{"replicas":2}}'"#)
        else {
            panic!()
        };
        assert_eq!(patch_type, PatchType::Strategic);
        assert_eq!(patch, serde_json::json!({"spec": {"replicas": 2}}));
        let Command::Patch { patch, .. } = ok("kubectl patch deploy web --type merge -p 'spec: {replicas: 4}'") else {
            panic!()
        };
        assert_eq!(patch, serde_json::json!({"spec": {"replicas": 4}}));
        check_error(
            "kubectl patch deploy web",
            "error: must specify --patch or --patch-file containing the contents of the patch",
        );
        check_error(
            "kubectl patch deploy web --type=xml -p '{}'",
            "error: --type must be one of [json merge strategic], not \"xml\"",
        );
        let error = parse("kubectl patch deploy web -p '{\"spec\": '").unwrap_err();
        assert!(error.to_string().starts_with("error: unable to parse \"{\\\"spec\\\": \": "), "{error}");
    }

    // --- exec

    #[test]
    fn exec_seed_001() {
        check(
            r#"kubectl exec -it hello-world-flask-56fbff68c8-2xz7w -- bash -c "killall python3""#,
            Command::Exec {
                kind: ResourceKind::Pod,
                name: "hello-world-flask-56fbff68c8-2xz7w".into(),
                container: None,
                stdin: true,
                tty: true,
                command: vec!["bash".into(), "-c".into(), "killall python3".into()],
                namespace: None,
            },
        );
        let Command::Exec { container, command, stdin, .. } = ok("kubectl exec web-1 -c app -- rm -f /tmp/healthy")
        else {
            panic!()
        };
        assert_eq!((container.as_deref(), stdin), (Some("app"), false));
        assert_eq!(command, vec!["rm", "-f", "/tmp/healthy"]);
        check_error(
            "kubectl exec web-1 ls",
            "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples",
        );
        check_error(
            "kubectl exec web-1",
            "error: you must specify at least one command for the container\nSee 'kubectl exec -h' for help and examples",
        );
        check_error(
            "kubectl exec -- ls",
            "error: pod, type/name or --filename must be specified\nSee 'kubectl exec -h' for help and examples",
        );
    }

    // --- nodes

    #[test]
    fn cordon_drain() {
        check("kubectl cordon node-2", Command::Cordon { node: "node-2".into() });
        check("kubectl uncordon node-2", Command::Uncordon { node: "node-2".into() });
        check(
            "kubectl drain node-2 --ignore-daemonsets --delete-emptydir-data --force",
            Command::Drain {
                node: "node-2".into(),
                ignore_daemonsets: true,
                delete_emptydir_data: true,
                force: true,
                grace_period: None,
                timeout: None,
            },
        );
        check_error(
            "kubectl cordon",
            "error: USAGE: cordon NODE [flags]\nSee 'kubectl cordon -h' for help and examples",
        );
    }

    #[test]
    fn top() {
        let top = |kind| Command::Top {
            kind,
            name: None,
            selector: None,
            containers: false,
            all_namespaces: false,
            namespace: None,
        };
        check("kubectl top pods", top(TopKind::Pods));
        check("kubectl top pod", top(TopKind::Pods));
        check("kubectl top po", top(TopKind::Pods));
        check("kubectl top nodes", top(TopKind::Nodes));
        check("kubectl top node", top(TopKind::Nodes));
        check("kubectl top", Command::Help { topic: Some("top".into()) });
        check_error(
            "kubectl top pds",
            "error: unknown command \"pds\" for \"kubectl top\"\n\nDid you mean this?\n\tpod\n\nRun 'kubectl top --help' for usage.",
        );
    }

    // --- wait

    #[test]
    fn wait_seed_003() {
        check(
            "kubectl wait deployment -n kube-system metrics-server --for condition=Available=True --timeout=90s",
            Command::Wait {
                kinds: vec![ResourceKind::Deployment],
                names: vec!["metrics-server".into()],
                selector: None,
                all: false,
                condition: WaitCondition::Condition { name: "Available".into(), value: "True".into() },
                timeout: SimDuration::from_secs(90),
                namespace: Some("kube-system".into()),
            },
        );
    }

    #[test]
    fn wait_conditions() {
        assert_eq!(parse_wait_for("delete"), Some(WaitCondition::Delete));
        assert_eq!(
            parse_wait_for("condition=Ready"),
            Some(WaitCondition::Condition { name: "Ready".into(), value: "True".into() })
        );
        assert_eq!(
            parse_wait_for("jsonpath={.status.phase}=Running"),
            Some(WaitCondition::JsonPath { path: "{.status.phase}".into(), value: Some("Running".into()) })
        );
        assert_eq!(
            parse_wait_for("jsonpath={.a=b}"),
            Some(WaitCondition::JsonPath { path: "{.a=b}".into(), value: None })
        );
        assert_eq!(parse_wait_for("ready"), None);
        assert_eq!(parse_wait_for("condition="), None);
        let Command::Wait { timeout, .. } = ok("kubectl wait pod/x --for=delete") else { panic!() };
        assert_eq!(timeout, SimDuration::from_secs(30));
        check_error("kubectl wait pod/x --for=ready", "error: unrecognized condition: \"ready\"");
        check_error(
            "kubectl wait pod/x --for=delete --timeout=soon",
            "error: invalid argument \"soon\" for \"--timeout\" flag: time: invalid duration \"soon\"",
        );
    }

    // --- help

    #[test]
    fn help_command_and_text() {
        check("help", Command::Help { topic: None });
        check("kubectl help get", Command::Help { topic: Some("get".into()) });
        check("help top pods", Command::Help { topic: Some("top pod".into()) });
        check("help load", Command::Help { topic: Some("load".into()) });
        check_error(
            "help gett",
            "error: unknown command \"gett\"\n\nDid you mean this?\n\tget\n\nRun 'help' for a list of commands.",
        );
        let listing = help(None);
        for verb in VERBS {
            assert!(listing.contains(&format!("  {}", verb.name)), "{}", verb.name);
        }
        let scale = help(Some("scale"));
        assert_eq!(
            scale,
            "scale - Set the replica count of a Deployment or ReplicaSet\n\nUsage:\n  kubectl scale deployment/NAME --replicas=N\n  kubectl scale deployment NAME --replicas=N\n\nFlags:\n      --replicas=...   the new number of replicas\n\nExamples:\n  kubectl scale deploy/web --replicas=5\n  kubectl scale deployment web --replicas 0\n"
        );
        let load = help(Some("load"));
        assert!(load.contains("load start - ") && load.contains("load stop - "), "{load}");
    }

    // --- playground

    #[test]
    fn node_actions() {
        check("node power-off node-2", Command::Node { action: NodeAction::PowerOff, name: "node-2".into() });
        check("node poweron node-2", Command::Node { action: NodeAction::PowerOn, name: "node-2".into() });
        check("node disconnect node-3", Command::Node { action: NodeAction::Disconnect, name: "node-3".into() });
        check("node reconnect node-3", Command::Node { action: NodeAction::Reconnect, name: "node-3".into() });
        check("node", Command::Help { topic: Some("node".into()) });
        check_error("node power-off", "error: missing node name\nUsage: node power-off NODE");
        check_error(
            "node power-off a b",
            "error: unexpected argument \"b\": give one node name\nUsage: node power-off NODE",
        );
        check_error(
            "node poweroof x",
            "error: unknown command \"poweroof\" for \"node\"\n\nDid you mean this?\n\tpower-off\n\tpower-on\n\nRun 'help node' for usage.",
        );
        check_error("kubectl node power-off x", "error: unknown command \"node\" for \"kubectl\"\n'node' is a kubeplay command, not a kubectl one: run it without 'kubectl'");
    }

    #[test]
    fn kill() {
        check("kill web-1", Command::Kill { pod: "web-1".into(), container: None, reason: KillReason::ExitCode(137) });
        check(
            "kill web-1 --exit-code 1",
            Command::Kill { pod: "web-1".into(), container: None, reason: KillReason::ExitCode(1) },
        );
        check(
            "kill web-1 -c app --oom",
            Command::Kill { pod: "web-1".into(), container: Some("app".into()), reason: KillReason::OomKilled },
        );
        check_error(
            "kill web-1 --exit-code 300",
            "error: --exit-code must be between 0 and 255, got 300\nUsage: kill POD [-c CONTAINER] [--exit-code N | --oom]",
        );
        check_error(
            "kill web-1 --exit-code 1 --oom",
            "error: --exit-code and --oom cannot be used together\nUsage: kill POD [-c CONTAINER] [--exit-code N | --oom]",
        );
        check_error("kill", "error: missing pod name\nUsage: kill POD [-c CONTAINER] [--exit-code N | --oom]");
    }

    #[test]
    fn sleep() {
        check("sleep 30s", Command::Sleep(SimDuration::from_secs(30)));
        check("sleep 5m", Command::Sleep(SimDuration::from_secs(300)));
        check("sleep 1h30m", Command::Sleep(SimDuration::from_secs(5400)));
        check("sleep 45", Command::Sleep(SimDuration::from_secs(45)));
        check_error(
            "sleep soon",
            "error: invalid duration \"soon\": use a number and a unit, e.g. 30s, 5m or 1h30m\nUsage: sleep DURATION",
        );
        check_error("sleep 31d", "error: duration \"31d\" is too long: at most 30 days\nUsage: sleep DURATION");
        check_error("sleep", "error: missing duration\nUsage: sleep DURATION");
    }

    #[test]
    fn load() {
        check("load start php-apache --rps 50", Command::LoadStart { service: "php-apache".into(), rps: 50 });
        check("load start php-apache", Command::LoadStart { service: "php-apache".into(), rps: 10 });
        check(
            "load ab -c 50 -n 10000 web",
            Command::LoadAb { service: "web".into(), concurrency: 50, requests: 10000 },
        );
        check("load ab web", Command::LoadAb { service: "web".into(), concurrency: 1, requests: 1 });
        check(
            "load curl web --every 1s",
            Command::LoadCurl { service: "web".into(), every: SimDuration::from_secs(1) },
        );
        check(
            "load curl web --every=500ms",
            Command::LoadCurl { service: "web".into(), every: SimDuration::from_millis(500) },
        );
        check("load stop", Command::LoadStop { service: None });
        check("load stop web", Command::LoadStop { service: Some("web".into()) });
        check("load status", Command::LoadStatus { service: None });
        check("load status web", Command::LoadStatus { service: Some("web".into()) });
        check("load logs web", Command::LoadLogs { service: Some("web".into()), tail: None });
        check("load log --tail 5", Command::LoadLogs { service: None, tail: Some(5) });
        check("load logs web --tail=-1", Command::LoadLogs { service: Some("web".into()), tail: None });
        check_error(
            "load status a b",
            "error: unexpected argument \"b\": give at most one service\nUsage: load status [SERVICE]",
        );
        check("load", Command::Help { topic: Some("load".into()) });
        check_error(
            "load start web --rps 0",
            "error: --rps must be between 1 and 100000, got 0\nUsage: load start SERVICE [--rps N]",
        );
        check_error(
            "load ab -c 100 -n 10 web",
            "error: Cannot use concurrency level greater than total number of requests\nUsage: load ab [-c CONCURRENCY] [-n REQUESTS] SERVICE",
        );
        check_error(
            "load start web --rps many",
            "error: invalid argument \"many\" for \"--rps\" flag: strconv.ParseInt: parsing \"many\": invalid syntax",
        );
    }
}
