//! The verbs of the command language, one module per verb or verb family. A module holds the
//! verb's table row (`Verb`: name, usage, summary, flags, examples), its parse function
//! (`Args` to `Command`), its execution against a `Cluster`, and its unit tests. `VERBS` lists
//! the rows in the order `help` shows them; `help` and the parse dispatch (`cmd::parse`) are
//! generated from it.
//!
//! # Adding a verb
//!
//! 1. Add its `Command` variant in `cmd/mod.rs`. The enum stays closed, so the compiler shows
//!    every `match` that must learn it: `Command::verb` (the row's name), `Command::namespace`,
//!    and the dispatch in `cmd::exec::execute`; check `Command::mutates` and
//!    `marker::action_label` (a chart marker for actions that change the cluster).
//! 2. Write `cmd/verbs/<verb>.rs`: `pub(super) const VERB: Verb`, the parse function the row
//!    names, a `pub(crate)` function that runs the command, and `#[cfg(test)] mod tests` (parse
//!    checks with `verbs::testing::{check, check_error}`, runs with `check_run`).
//! 3. Declare the module below and put `<verb>::VERB` into `VERBS` where `help` should list it.
//! 4. The arm in `cmd::exec::execute` calls the module's run function.
//!
//! `scale.rs` is the smallest complete example. The shape of a module:
//!
//! ```text
//! //! `kubectl label`: set labels on objects.
//! use super::*;
//!
//! pub(super) const VERB: Verb = Verb {
//!     name: "label",
//!     aliases: &[],
//!     kubectl: true,
//!     usage: "kubectl label TYPE NAME KEY=VALUE...",
//!     summary: "Add or change labels of an object",
//!     flags: &[FlagSpec { long: "overwrite", short: None, kind: FlagKind::Bool, help: "..." }],
//!     examples: &["kubectl label pod web-1 tier=frontend"],
//!     parse: parse_label,
//! };
//!
//! fn parse_label(args: &Args) -> Result<Command, ParseError> { /* Args to Command::Label */ }
//!
//! pub(crate) fn label(cluster: &mut Cluster, /* fields */) -> Result<String, String> {
//!     /* call the engine; word its typed result (`print::api_error` for an `ApiError`) */
//! }
//!
//! #[cfg(test)]
//! mod tests {
//!     use super::*;
//!     use crate::cmd::verbs::testing::*;
//!     /* check("kubectl label ...", Command::Label { .. }); check_run(&mut cluster, line, text); */
//! }
//! ```
//!
//! The tests below check that every row has examples and each parses to a command of that
//! very verb (`Command::verb`), that `help` lists every verb with its usage, and that each row
//! is defined in exactly one module file, with its parse function and tests beside it.

pub(crate) mod api_resources;
pub(crate) mod apply;
pub(crate) mod autoscale;
pub(crate) mod cordon;
pub(crate) mod create;
pub(crate) mod delete;
pub(crate) mod describe;
pub(crate) mod exec;
pub(crate) mod get;
pub(crate) mod health;
pub(crate) mod help;
pub(crate) mod kill;
pub(crate) mod label;
pub(crate) mod load;
pub(crate) mod logs;
pub(crate) mod node;
pub(crate) mod patch;
pub(crate) mod port_forward;
pub(crate) mod rollout;
pub(crate) mod scale;
pub(crate) mod set_image;
pub(crate) mod sleep;
pub(crate) mod taint;
#[cfg(test)]
mod testing;
pub(crate) mod top;
pub(crate) mod wait;

use super::args::{
    parse_go_int, parse_kind, resource_args, suggestions, type_slash_name, Args, FlagKind, FlagSpec, Token, Verb,
};
use super::patch::{json_patch, merge_patch};
use super::selector::{event_field_matches, field_matches, Selector};
use super::{
    Command, ContainerImage, CpuTarget, Files, KillReason, NodeAction, OutputFormat, ParseError, ParseErrorKind,
    PatchType, ResourceKind, RolloutAction, ServicePortArg, ServiceType, TaintChange, TopKind, WaitCondition,
};
use crate::api::*;
use crate::engine::time::SimDuration;
use crate::engine::{ApiError, Cluster, NodeOutcome};
use crate::print;
use crate::print::table::RenderOptions;
use crate::sort::SmallSort;
use std::collections::BTreeMap;

/// Every verb, in the order `help` lists them.
pub static VERBS: &[Verb] = &[
    apply::APPLY,
    apply::CREATE,
    create::DEPLOYMENT,
    create::SERVICE,
    get::VERB,
    describe::VERB,
    logs::VERB,
    delete::VERB,
    scale::VERB,
    autoscale::VERB,
    set_image::VERB,
    rollout::STATUS,
    rollout::HISTORY,
    rollout::UNDO,
    rollout::RESTART,
    rollout::PAUSE,
    rollout::RESUME,
    patch::VERB,
    label::LABEL,
    label::ANNOTATE,
    exec::VERB,
    port_forward::VERB,
    port_forward::CURL,
    cordon::CORDON,
    cordon::UNCORDON,
    cordon::DRAIN,
    taint::VERB,
    top::POD,
    top::NODE,
    wait::VERB,
    api_resources::VERB,
    help::VERB,
    node::POWER_OFF,
    node::POWER_ON,
    node::DISCONNECT,
    node::RECONNECT,
    kill::VERB,
    health::FAIL,
    health::RECOVER,
    sleep::VERB,
    load::START,
    load::AB,
    load::CURL,
    load::STOP,
    load::STATUS,
    load::LOGS,
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

// ---------------------------------------------------------------------------------------------
// Shared by the verbs' parse functions.

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

/// kubeplay's caps on numbers, so that one typo cannot ask for a billion pods (replicas:
/// the same cap the API server's validation enforces on manifests).
use crate::manifest::{kubeplay_replicas_limit, MAX_REPLICAS};

const MAX_SLEEP: SimDuration = SimDuration::from_secs(30 * 24 * 3600);

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
            names.sort_small();
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

/// The target of a verb that reaches a pod: `POD`, or `TYPE/NAME` for a pod, Deployment,
/// ReplicaSet or Service (kubectl picks one of its pods). `action` completes "cannot ... services".
fn pod_target(args: &Args, target: &Token, action: &str) -> Result<(ResourceKind, String), ParseError> {
    if !target.text.contains('/') {
        return Ok((ResourceKind::Pod, target.text.clone()));
    }
    let (kind, name) = type_slash_name(args, target)?;
    require_kind(
        args,
        target.span,
        kind,
        &[ResourceKind::Pod, ResourceKind::Deployment, ResourceKind::ReplicaSet, ResourceKind::Service],
        action,
    )?;
    Ok((kind, name))
}

/// Checks a count against kubeplay's cap, with `message` for negatives.
fn non_negative(args: &Args, long: &str, value: i64, negative_message: &str) -> Result<u32, ParseError> {
    if value < 0 {
        return Err(args.usage(Some(args.flag_span(long)), negative_message));
    }
    if value > MAX_REPLICAS {
        return Err(args.usage(Some(args.flag_span(long)), replicas_flag_too_many(long, value)));
    }
    Ok(value as u32)
}

/// The error (after `error: `) for a count flag over kubeplay's replica cap, at parse time
/// and at execute time.
pub(crate) fn replicas_flag_too_many(long: &str, value: i64) -> String {
    format!("invalid value {value} for --{long}: {}", kubeplay_replicas_limit())
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

fn playground_name(args: &Args, what: &str) -> Result<String, ParseError> {
    match args.all_positionals() {
        [name] => Ok(name.text.clone()),
        [] => Err(args.playground(None, format!("missing {what}"))),
        [_, extra, ..] => {
            Err(args.playground(Some(extra.span), format!("unexpected argument {:?}: give one {what}", extra.text)))
        }
    }
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

/// The distinct first words of verbs, sorted (cobra lists suggestions alphabetically).
pub fn verb_first_words(kubectl_only: bool) -> Vec<&'static str> {
    let mut words: Vec<&'static str> = VERBS
        .iter()
        .filter(|verb| verb.kubectl || !kubectl_only)
        .filter_map(|verb| verb.name.split(' ').next())
        .collect();
    words.sort_small();
    words.dedup();
    words
}

// ---------------------------------------------------------------------------------------------
// Shared by the verbs' execution.

/// Longest `rollout status`/`wait` lets cluster time run when no timeout is given.
const MAX_BLOCKING_WAIT: SimDuration = SimDuration::from_secs(600);

fn not_found(kind: ResourceKind, name: &str) -> String {
    api(ApiError::not_found(kind.kubectl_name(), name))
}

/// kubectl's words for an engine error (`print::api_error`), for `map_err`.
fn api(error: ApiError) -> String {
    print::api_error(&error)
}

fn json<T: crate::manifest::emit::ToJson>(obj: &T) -> serde_json::Value {
    crate::print::value::to_value(obj).unwrap_or_default()
}

/// An API object as the verbs see it: metadata to select it by, a body to serialize.
trait ApiObject: crate::manifest::emit::ToJson {
    fn meta(&self) -> &ObjectMeta;
}

macro_rules! api_objects {
    ($($type:ty),*) => {
        $(impl ApiObject for $type {
            fn meta(&self) -> &ObjectMeta {
                &self.metadata
            }
        })*
    };
}
api_objects!(Pod, Deployment, ReplicaSet, Node, Service, HorizontalPodAutoscaler, EndpointSlice);

/// The objects of `map` that `selector` accepts (all of them without one), in name order.
fn matching<'a, T: ApiObject>(map: &'a BTreeMap<String, Box<T>>, selector: Option<&Selector>) -> Vec<&'a T> {
    map.values().map(|o| &**o).filter(|o| selector.is_none_or(|s| s.matches(&o.meta().labels))).collect()
}

/// The names of the objects of `kind` that `selector` accepts, in name order: what `--all`,
/// `-l` and "no name given" select. v1 Endpoints mirror the Services; events have none.
fn names_of(cluster: &Cluster, kind: ResourceKind, selector: Option<&Selector>) -> Vec<String> {
    fn names<T: ApiObject>(objects: Vec<&T>) -> Vec<String> {
        objects.iter().map(|o| o.meta().name.clone()).collect()
    }
    let store = &cluster.store;
    match kind {
        ResourceKind::Pod => names(matching(store.pods(), selector)),
        ResourceKind::Deployment => names(matching(&store.deployments, selector)),
        ResourceKind::ReplicaSet => names(matching(&store.replicasets, selector)),
        ResourceKind::Node => names(matching(&store.nodes, selector)),
        ResourceKind::Service | ResourceKind::Endpoints => names(matching(&store.services, selector)),
        ResourceKind::HorizontalPodAutoscaler => names(matching(&store.hpas, selector)),
        ResourceKind::EndpointSlice => {
            let mut names = names(matching(&store.endpointslices, selector));
            names.sort_small();
            names
        }
        ResourceKind::Event => Vec::new(),
    }
}

/// One object of `kind` as the API serves it (`-o json`, patches, `wait --for=jsonpath`).
fn object_json(cluster: &Cluster, kind: ResourceKind, name: &str) -> Option<serde_json::Value> {
    let store = &cluster.store;
    match kind {
        ResourceKind::Pod => store.pod(name).map(json),
        ResourceKind::Deployment => store.deployments.get(name).map(json),
        ResourceKind::ReplicaSet => store.replicasets.get(name).map(json),
        ResourceKind::Node => store.nodes.get(name).map(json),
        ResourceKind::Service => store.services.get(name).map(json),
        ResourceKind::HorizontalPodAutoscaler => store.hpas.get(name).map(json),
        ResourceKind::Endpoints | ResourceKind::EndpointSlice | ResourceKind::Event => None,
    }
}

/// The pod `kubectl exec|logs TYPE/NAME` talks to: for a Deployment or ReplicaSet, one of its
/// pods, preferring ready, running and older ones (kubectl's `ByLogging` order).
pub(crate) fn attachable_pod(cluster: &Cluster, kind: ResourceKind, name: &str) -> Result<String, String> {
    let owners: Vec<String> = match kind {
        ResourceKind::Pod => return Ok(name.to_string()),
        ResourceKind::Deployment => {
            cluster.store.deployments.get(name).ok_or_else(|| not_found(kind, name))?;
            cluster.replica_sets_of(name).iter().map(|rs| rs.metadata.name.clone()).collect()
        }
        ResourceKind::ReplicaSet => {
            cluster.store.replicasets.get(name).ok_or_else(|| not_found(kind, name))?;
            vec![name.to_string()]
        }
        _ => return Err(format!("error: cannot attach to a {}", kind.kind())),
    };
    let mut pods: Vec<&Pod> =
        owners.iter().flat_map(|rs| cluster.store.pods_owned_by(rs)).filter_map(|p| cluster.store.pod(&p)).collect();
    pods.sort_small_by_key(|p| {
        (!p.is_ready(), p.phase() != "Running", p.metadata.creation_timestamp, p.metadata.name.clone())
    });
    pods.first()
        .map(|p| p.metadata.name.clone())
        .ok_or_else(|| format!("error: no pods found for {} {name}", kind.kind().to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::parse;

    #[test]
    fn every_example_parses_to_its_own_verb() {
        for verb in VERBS {
            assert!(!verb.examples.is_empty(), "{} has no example", verb.name);
            for example in verb.examples {
                let command = parse(example).unwrap_or_else(|error| panic!("{example}: {error}"));
                let command = command.unwrap_or_else(|| panic!("{example} parses to nothing"));
                assert_eq!(command.verb(), verb.name, "{example}");
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
        names.sort_small();
        names.dedup();
        assert_eq!(names.len(), n_names);
    }

    #[test]
    fn help_lists_every_verb_with_its_summary_and_usage() {
        let listing = help(None);
        for verb in VERBS {
            let line = listing.lines().find(|line| line.trim_start().starts_with(&format!("{}  ", verb.name)));
            let line = line.unwrap_or_else(|| panic!("help does not list {:?}", verb.name));
            assert!(line.ends_with(verb.summary), "{line:?}");
            let page = help(Some(verb.name));
            assert!(page.starts_with(&format!("{} - {}\n", verb.name, verb.summary)), "{page}");
            for usage in verb.usage.lines() {
                assert!(page.contains(usage), "help {} lacks its usage {usage:?}", verb.name);
            }
        }
    }

    /// One verb, one place: each row is defined in exactly one `verbs/*.rs` file, and that file
    /// also holds the verb's tests. Every file here is a declared module.
    #[test]
    fn each_verb_row_lives_in_one_module_with_its_tests() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cmd/verbs");
        let mod_rs = std::fs::read_to_string(dir.join("mod.rs")).unwrap();
        let mut files: Vec<(String, String)> = Vec::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let stem = path.file_stem().unwrap().to_string_lossy().to_string();
            if stem == "mod" || stem == "testing" {
                continue;
            }
            assert!(mod_rs.contains(&format!("mod {stem};")), "{stem}.rs is not declared in verbs/mod.rs");
            files.push((stem, std::fs::read_to_string(&path).unwrap()));
        }
        for verb in VERBS {
            let row = format!("name: {:?},", verb.name);
            let homes: Vec<&str> =
                files.iter().filter(|(_, text)| text.contains(&row)).map(|(stem, _)| stem.as_str()).collect();
            assert_eq!(homes.len(), 1, "{:?} is defined in {homes:?}", verb.name);
            let (_, text) = files.iter().find(|(stem, _)| stem == homes[0]).unwrap();
            let parse_fn = text.lines().find_map(|line| line.trim().strip_prefix("parse: ")).unwrap();
            assert!(text.contains(&format!("fn {}(", parse_fn.trim_end_matches(','))), "{}", verb.name);
            assert!(text.contains("mod tests {"), "{}.rs has no tests", homes[0]);
        }
        for (stem, text) in &files {
            assert!(text.contains("Verb = Verb {"), "{stem}.rs defines no verb");
        }
    }

    #[test]
    fn names_of_a_kind_follow_the_selector_and_json_is_the_api_object() {
        let mut cluster = Cluster::new(1);
        let files = BTreeMap::new();
        for line in [
            "kubectl create deployment web --image=nginx --replicas=2",
            "kubectl create deployment db --image=redis",
            "kubectl create service clusterip web --tcp=80:80",
        ] {
            assert!(crate::cmd::run(&mut cluster, &files, line).ok, "{line}");
        }
        let web = Selector::parse("app=web").unwrap();
        assert_eq!(names_of(&cluster, ResourceKind::Deployment, None), ["db", "web"]);
        assert_eq!(names_of(&cluster, ResourceKind::Deployment, Some(&web)), ["web"]);
        assert_eq!(names_of(&cluster, ResourceKind::Pod, Some(&web)).len(), 2);
        assert_eq!(names_of(&cluster, ResourceKind::Endpoints, None), names_of(&cluster, ResourceKind::Service, None));
        assert_eq!(names_of(&cluster, ResourceKind::Node, None), ["node-1", "node-2", "node-3"]);
        assert!(names_of(&cluster, ResourceKind::Event, None).is_empty());
        let deployment = object_json(&cluster, ResourceKind::Deployment, "web").unwrap();
        assert_eq!(
            (deployment["kind"].as_str(), deployment["spec"]["replicas"].as_i64()),
            (Some("Deployment"), Some(2))
        );
        assert_eq!(object_json(&cluster, ResourceKind::Deployment, "nope"), None);
    }
}
