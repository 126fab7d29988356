//! `kubectl taint nodes NAME KEY[=VALUE]:EFFECT` and `KEY[:EFFECT]-`: a node's taints, with
//! their effects: NoSchedule keeps new pods off, PreferNoSchedule makes the scheduler avoid
//! the node, NoExecute also evicts the running pods that do not tolerate it.

use super::*;

pub(super) const VERB: Verb = Verb {
    name: "taint",
    aliases: &[],
    kubectl: true,
    usage: "kubectl taint nodes NAME KEY[=VALUE]:EFFECT... [KEY[:EFFECT]-...] [--overwrite]",
    summary: "Add or remove node taints (NoSchedule, PreferNoSchedule, NoExecute)",
    flags: &[FlagSpec {
        long: "overwrite",
        short: None,
        kind: FlagKind::Bool,
        help: "allow replacing a taint with the same key and effect",
    }],
    examples: &[
        "kubectl taint nodes node-1 dedicated=gpu:NoSchedule",
        "kubectl taint nodes node-2 maintenance:NoExecute",
        "kubectl taint nodes node-1 dedicated=gpu:NoSchedule-",
        "kubectl taint node node-2 maintenance-",
    ],
    parse: parse_taint,
};

const EFFECTS: &[&str] = &["NoSchedule", "PreferNoSchedule", "NoExecute"];

fn parse_taint(args: &Args) -> Result<Command, ParseError> {
    let words = args.all_positionals();
    let (node, specs) = match words {
        [first, rest @ ..] if first.text.contains('/') => {
            let (kind, name) = type_slash_name(args, first)?;
            (Some((kind, first.span, name)), rest)
        }
        [kind, name, rest @ ..] => {
            (Some((parse_kind(args.input(), kind.span, &kind.text)?, kind.span, name.text.clone())), rest)
        }
        _ => (None, &[][..]),
    };
    let Some((kind, span, node)) = node else {
        return Err(args.usage(None, "at least one taint update is required"));
    };
    if kind != ResourceKind::Node {
        return Err(
            args.usage(Some(span), format!("invalid resource type {}, only node types are supported", kind.plural()))
        );
    }
    if specs.is_empty() {
        return Err(args.usage(None, "at least one taint update is required"));
    }
    let mut changes = Vec::new();
    for spec in specs {
        let text = spec.text.as_str();
        let bad = |reason: &str| args.usage(Some(spec.span), format!("invalid taint spec: {text}, {reason}"));
        if let Some(removal) = text.strip_suffix('-') {
            let (key, effect) = match removal.split_once(':') {
                Some((key, effect)) => (key, Some(effect)),
                None => (removal, None),
            };
            let key = key.split('=').next().unwrap_or(key);
            if let Some(effect) = effect.filter(|e| !EFFECTS.contains(e)) {
                return Err(bad(&format!("invalid taint effect: {effect}, unsupported taint effect")));
            }
            changes.push(TaintChange::Remove { key: key.to_string(), effect: effect.map(str::to_string) });
            continue;
        }
        let Some((key_value, effect)) = text.split_once(':') else {
            return Err(bad("unknown taint spec"));
        };
        if !EFFECTS.contains(&effect) {
            return Err(bad(&format!("invalid taint effect: {effect}, unsupported taint effect")));
        }
        let (key, value) = match key_value.split_once('=') {
            Some((key, value)) => (key, Some(value.to_string())),
            None => (key_value, None),
        };
        if key.is_empty() {
            return Err(bad("the taint key is empty"));
        }
        changes.push(TaintChange::Add { key: key.to_string(), value, effect: effect.to_string() });
    }
    Ok(Command::Taint { node, changes, overwrite: args.bool("overwrite") })
}

pub(crate) fn taint(
    cluster: &mut Cluster,
    node: &str,
    changes: &[TaintChange],
    overwrite: bool,
) -> Result<String, String> {
    let Some(current) = cluster.store.nodes.get(node).map(|n| n.spec.taints.clone()) else {
        return Err(format!("Error from server (NotFound): nodes \"{node}\" not found"));
    };
    let now = cluster.now();
    let mut taints = current.clone();
    let mut removed_any = false;
    for change in changes {
        match change {
            TaintChange::Add { key, value, effect } => {
                let same = taints.iter().position(|t| t.key == *key && t.effect == *effect);
                if let Some(idx) = same {
                    if !overwrite {
                        return Err(format!(
                            "error: node {node} already has {key} taint(s) with same effect(s) and --overwrite is false"
                        ));
                    }
                    taints.remove(idx);
                }
                let time_added = (effect == "NoExecute").then_some(now);
                taints.push(Taint { key: key.clone(), value: value.clone(), effect: effect.clone(), time_added });
            }
            TaintChange::Remove { key, effect } => {
                let before = taints.len();
                taints.retain(|t| !(t.key == *key && effect.as_ref().is_none_or(|e| *e == t.effect)));
                if taints.len() == before {
                    let what = match effect {
                        Some(effect) => format!("{key}:{effect}"),
                        None => key.clone(),
                    };
                    return Err(format!("error: taint {what:?} not found"));
                }
                removed_any = true;
            }
        }
    }
    cluster.update_node_taints(node, taints).map_err(api)?;
    let adds = changes.iter().any(|c| matches!(c, TaintChange::Add { .. }));
    Ok(match (adds, removed_any) {
        (true, true) => format!("node/{node} modified"),
        (false, _) => format!("node/{node} untainted"),
        _ => format!("node/{node} tainted"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::verbs::testing::*;

    #[test]
    fn parse() {
        check(
            "kubectl taint nodes node-1 dedicated=gpu:NoSchedule",
            Command::Taint {
                node: "node-1".into(),
                changes: vec![TaintChange::Add {
                    key: "dedicated".into(),
                    value: Some("gpu".into()),
                    effect: "NoSchedule".into(),
                }],
                overwrite: false,
            },
        );
        check(
            "kubectl taint node/node-2 maintenance:NoExecute- x-",
            Command::Taint {
                node: "node-2".into(),
                changes: vec![
                    TaintChange::Remove { key: "maintenance".into(), effect: Some("NoExecute".into()) },
                    TaintChange::Remove { key: "x".into(), effect: None },
                ],
                overwrite: false,
            },
        );
        check_error(
            "kubectl taint nodes node-1 a=b:Sometimes",
            "error: invalid taint spec: a=b:Sometimes, invalid taint effect: Sometimes, unsupported taint effect",
        );
        check_error("kubectl taint nodes node-1", "error: at least one taint update is required");
    }

    #[test]
    fn no_execute_evicts_and_no_schedule_keeps_new_pods_off() {
        let mut cluster = Cluster::new(1);
        let run = |cluster: &mut Cluster, line: &str| crate::cmd::run(cluster, &crate::cmd::NoFiles, line);
        assert!(run(&mut cluster, "kubectl create deployment web --image=nginx --replicas=3").ok);
        cluster.run_for(SimDuration::from_secs(30));
        for node in ["node-1", "node-2"] {
            let out = run(&mut cluster, &format!("kubectl taint nodes {node} dedicated=gpu:NoSchedule"));
            assert_eq!(out.text, format!("node/{node} tainted"));
        }
        let again = run(&mut cluster, "kubectl taint nodes node-1 dedicated=gpu:NoSchedule");
        assert!(!again.ok && again.text.contains("--overwrite is false"), "{}", again.text);
        // NoExecute on node-3 evicts its pods; they can only go back to... nowhere: Pending.
        assert_eq!(run(&mut cluster, "kubectl taint nodes node-3 maintenance:NoExecute").text, "node/node-3 tainted");
        cluster.run_for(SimDuration::from_secs(60));
        let on_node_3 = cluster.store.pods_on_node("node-3");
        assert!(on_node_3.is_empty(), "{on_node_3:?}");
        let pending = cluster.store.pods().values().filter(|p| p.phase() == "Pending").count();
        assert!(pending >= 1, "replacements cannot be scheduled on tainted nodes");
        // Removing the taints lets them run.
        for line in [
            "kubectl taint nodes node-1 dedicated=gpu:NoSchedule-",
            "kubectl taint nodes node-2 dedicated-",
            "kubectl taint nodes node-3 maintenance-",
        ] {
            let out = run(&mut cluster, line);
            assert!(out.ok && out.text.ends_with("untainted"), "{line}: {}", out.text);
        }
        cluster.run_for(SimDuration::from_secs(60));
        let running = cluster.store.pods().values().filter(|p| p.phase() == "Running").count();
        assert_eq!(running, 3);
        let missing = run(&mut cluster, "kubectl taint nodes node-1 nope-");
        assert_eq!(missing.text, "error: taint \"nope\" not found");
    }

    #[test]
    fn prefer_no_schedule_steers_new_pods_away() {
        let mut cluster = Cluster::new(1);
        let run = |cluster: &mut Cluster, line: &str| crate::cmd::run(cluster, &crate::cmd::NoFiles, line);
        for node in ["node-1", "node-2"] {
            assert!(run(&mut cluster, &format!("kubectl taint nodes {node} spot=true:PreferNoSchedule")).ok);
        }
        assert!(run(&mut cluster, "kubectl create deployment web --image=nginx --replicas=3").ok);
        cluster.run_for(SimDuration::from_secs(20));
        assert_eq!(cluster.store.pods_on_node("node-3").len(), 3, "all on the untainted node while it fits");
    }
}
