//! `kubectl cordon`, `uncordon` and `drain`: take a node out of scheduling.

use super::*;

pub(super) const CORDON: Verb = Verb {
    name: "cordon",
    aliases: &[],
    kubectl: true,
    usage: "kubectl cordon NODE",
    summary: "Mark a node unschedulable",
    flags: &[],
    examples: &["kubectl cordon node-2"],
    parse: parse_cordon,
};

pub(super) const UNCORDON: Verb = Verb {
    name: "uncordon",
    aliases: &[],
    kubectl: true,
    usage: "kubectl uncordon NODE",
    summary: "Mark a node schedulable again",
    flags: &[],
    examples: &["kubectl uncordon node-2"],
    parse: parse_uncordon,
};

pub(super) const DRAIN: Verb = Verb {
    name: "drain",
    aliases: &[],
    kubectl: true,
    usage: "kubectl drain NODE [--ignore-daemonsets] [--delete-emptydir-data] [--force]",
    summary: "Cordon a node and evict its pods",
    flags: &[
        FlagSpec { long: "ignore-daemonsets", short: None, kind: FlagKind::Bool, help: "leave DaemonSet pods alone" },
        FlagSpec {
            long: "delete-emptydir-data",
            short: None,
            kind: FlagKind::Bool,
            help: "evict pods with emptyDir volumes too",
        },
        FlagSpec {
            long: "delete-local-data",
            short: None,
            kind: FlagKind::Bool,
            help: "old name of --delete-emptydir-data",
        },
        FlagSpec { long: "force", short: None, kind: FlagKind::Bool, help: "also delete pods no controller manages" },
        FlagSpec {
            long: "grace-period",
            short: None,
            kind: FlagKind::Value,
            help: "seconds each pod gets to stop (-1: its own)",
        },
        FlagSpec { long: "timeout", short: None, kind: FlagKind::Value, help: "give up after this long" },
    ],
    examples: &["kubectl drain node-2 --ignore-daemonsets"],
    parse: parse_drain,
};

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

/// `cordon` (`on`) or `uncordon`.
pub(crate) fn cordon(cluster: &mut Cluster, node: &str, on: bool) -> Result<String, String> {
    let changed = cluster.cordon(node, on).map_err(api)?;
    Ok(cordon_line(node, on, changed))
}

fn cordon_line(node: &str, on: bool, changed: bool) -> String {
    let done = if on { "cordoned" } else { "uncordoned" };
    if changed {
        format!("node/{node} {done}")
    } else {
        format!("node/{node} already {done}")
    }
}

/// `drain`: kubectl lists the evictions it starts, then each eviction as it completes.
pub(crate) fn drain(cluster: &mut Cluster, node: &str) -> Result<String, String> {
    let report = cluster.drain(node).map_err(api)?;
    let mut out = cordon_line(node, true, !report.already_cordoned);
    out.push('\n');
    for pod in &report.evicted {
        out.push_str(&format!("evicting pod default/{pod}\n"));
    }
    for pod in &report.evicted {
        out.push_str(&format!("pod/{pod} evicted\n"));
    }
    out.push_str(&format!("node/{node} drained"));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::verbs::testing::*;

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
    fn cordon_twice_says_already_and_drain_lists_evictions() {
        let mut cluster = Cluster::new(1);
        check_run(&mut cluster, "kubectl cordon node-1", "node/node-1 cordoned");
        check_run(&mut cluster, "kubectl cordon node-1", "node/node-1 already cordoned");
        check_run(&mut cluster, "kubectl uncordon node-1", "node/node-1 uncordoned");
        check_run(&mut cluster, "kubectl uncordon node-1", "node/node-1 already uncordoned");
        check_run(&mut cluster, "kubectl drain nope", "Error from server (NotFound): nodes \"nope\" not found");
        assert!(run(&mut cluster, &NoFiles, "kubectl create deployment web --image=nginx --replicas=6").ok);
        run(&mut cluster, &NoFiles, "sleep 30s");
        let on_node: Vec<String> = cluster.store.pods_on_node("node-1");
        assert!(!on_node.is_empty(), "the scheduler spreads 6 pods over the nodes");
        let out = run(&mut cluster, &NoFiles, "kubectl drain node-1 --ignore-daemonsets");
        let mut expected = vec!["node/node-1 cordoned".to_string()];
        expected.extend(on_node.iter().map(|pod| format!("evicting pod default/{pod}")));
        expected.extend(on_node.iter().map(|pod| format!("pod/{pod} evicted")));
        expected.push("node/node-1 drained".to_string());
        assert_eq!(out.text, expected.join("\n"));
        let again = run(&mut cluster, &NoFiles, "kubectl drain node-1");
        assert!(again.text.starts_with("node/node-1 already cordoned\n"), "{}", again.text);
    }
}
