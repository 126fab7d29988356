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
}
