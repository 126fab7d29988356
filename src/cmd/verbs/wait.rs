//! `kubectl wait --for=condition|delete|jsonpath`: let cluster time run until a condition holds.

use super::*;
use crate::engine::time::SimTime;

pub(super) const VERB: Verb = Verb {
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
};

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

pub(crate) fn wait(
    cluster: &mut Cluster,
    kinds: &[ResourceKind],
    names: &[String],
    condition: &WaitCondition,
    timeout: SimDuration,
) -> Result<String, String> {
    let mut waiting = Waiting::new(cluster, kinds, names, condition, timeout);
    let mut unbounded = usize::MAX;
    loop {
        if let Some(result) = waiting.step(cluster, &mut unbounded) {
            return result;
        }
    }
}

/// A `kubectl wait` in progress: the objects it waits for one after the other, until each
/// holds its condition or the deadline passes. [`Waiting::step`] runs it a bounded number of
/// events at a time (a replayed journal waits this way, so a month-long wait never blocks a
/// page); run to the end it is exactly [`wait`].
pub(crate) struct Waiting {
    kind: ResourceKind,
    names: Vec<String>,
    condition: WaitCondition,
    deadline: SimTime,
    /// The object waited for now (an index into `names`), and whether it was looked up yet.
    next: usize,
    looked_up: bool,
    out: Vec<String>,
}

impl Waiting {
    pub(crate) fn new(
        cluster: &Cluster,
        kinds: &[ResourceKind],
        names: &[String],
        condition: &WaitCondition,
        timeout: SimDuration,
    ) -> Waiting {
        let kind = kinds.first().copied().unwrap_or(ResourceKind::Pod);
        let mut names = names.to_vec();
        if names.is_empty() && matches!(kind, ResourceKind::Pod | ResourceKind::Deployment) {
            names = names_of(cluster, kind, None);
        }
        Waiting {
            kind,
            names,
            condition: condition.clone(),
            deadline: cluster.now() + timeout,
            next: 0,
            looked_up: false,
            out: Vec::new(),
        }
    }

    /// Runs at most `*budget` events; `None` while still waiting, else what `wait` prints.
    pub(crate) fn step(&mut self, cluster: &mut Cluster, budget: &mut usize) -> Option<Result<String, String>> {
        let (kind, condition) = (self.kind, &self.condition);
        while let Some(name) = self.names.get(self.next) {
            let check = |c: &Cluster| condition_holds(c, kind, name, condition);
            if !self.looked_up {
                if check(cluster).is_none() && !matches!(condition, WaitCondition::Delete) {
                    return Some(Err(not_found(kind, name)));
                }
                self.looked_up = true;
            }
            let met = cluster.run_until_cond_step(self.deadline, budget, |c| check(c) == Some(true))?;
            let prefix = print::resource_prefix(kind.kind());
            if !met {
                return Some(Err(format!(
                    "error: timed out waiting for the condition on {}",
                    print::name_line(&prefix, name).replace(&format!("{prefix}/"), &format!("{}/", kind.plural()))
                )));
            }
            let what = match condition {
                WaitCondition::Delete => "deleted".to_string(),
                WaitCondition::Condition { name: c, .. } => {
                    format!("condition met ({c})").replace(&format!(" ({c})"), "")
                }
                WaitCondition::JsonPath { .. } => "condition met".to_string(),
            };
            self.out.push(format!("{} {what}", print::name_line(&prefix, name)));
            self.next += 1;
            self.looked_up = false;
        }
        Some(Ok(self.out.join("\n")))
    }
}

/// Whether object `name` of `kind` holds `condition` now; `None` when it does not exist (or
/// has nothing to compare).
fn condition_holds(c: &Cluster, kind: ResourceKind, name: &str, condition: &WaitCondition) -> Option<bool> {
    match (kind, condition) {
        (ResourceKind::Pod, WaitCondition::Delete) => Some(c.store.pod(name).is_none()),
        (ResourceKind::Pod, WaitCondition::Condition { name: cond, value }) => {
            let pod = c.store.pod(name)?;
            Some(pod.condition(cond).is_some_and(|x| x.status.eq_ignore_ascii_case(value)))
        }
        (ResourceKind::Deployment, WaitCondition::Delete) => Some(!c.store.deployments.contains_key(name)),
        (ResourceKind::Deployment, WaitCondition::Condition { name: cond, value }) => {
            let d = c.store.deployments.get(name)?;
            Some(
                d.status.as_ref().is_some_and(|s| {
                    s.conditions.iter().any(|x| x.type_ == *cond && x.status.eq_ignore_ascii_case(value))
                }),
            )
        }
        (_, WaitCondition::JsonPath { path, value }) => {
            let obj = match kind {
                ResourceKind::Pod | ResourceKind::Deployment => object_json(c, kind, name),
                _ => None,
            }?;
            let pointer = format!("/{}", path.trim_matches(|ch| ch == '{' || ch == '}' || ch == '.').replace('.', "/"));
            let got = obj
                .pointer(&pointer)
                .map(|v| v.as_str().map(str::to_string).unwrap_or_else(|| crate::manifest::emit::to_json_string(v)));
            Some(match value {
                Some(v) => got.as_deref() == Some(v.as_str()),
                None => got.is_some(),
            })
        }
        _ => Some(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::verbs::testing::*;

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
}
