//! `kubectl top pod|node`: usage from what metrics-server serves.

use super::*;

pub(super) const POD: Verb = Verb {
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
};

pub(super) const NODE: Verb = Verb {
    name: "top node",
    aliases: &["top nodes", "top no"],
    kubectl: true,
    usage: "kubectl top nodes [NAME] [-l SELECTOR]",
    summary: "Show CPU and memory use of nodes",
    flags: &[SELECTOR_FLAG],
    examples: &["kubectl top nodes"],
    parse: parse_top_node,
};

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

/// `kubectl top pod|node`, from what metrics-server serves.
pub(crate) fn top(
    cluster: &Cluster,
    kind: TopKind,
    name: Option<&str>,
    selector: Option<&str>,
    containers: bool,
) -> Result<String, String> {
    const NOT_YET: &str = "error: metrics not available yet";
    if !cluster.metrics_api_available() {
        return Err("error: Metrics API not available".into());
    }
    let selector = selector.map(Selector::parse).transpose()?;
    let table = match kind {
        TopKind::Pods => {
            let pods: Vec<&Pod> = match name {
                Some(name) => vec![cluster
                    .store
                    .pod(name)
                    .ok_or_else(|| format!("Error from server (NotFound): pods \"{name}\" not found"))?],
                None => cluster
                    .store
                    .pods()
                    .values()
                    .map(|p| &**p)
                    .filter(|p| selector.as_ref().is_none_or(|s| s.matches(&p.metadata.labels)))
                    .collect(),
            };
            if pods.is_empty() {
                return Ok(print::no_resources_found(Some("default")));
            }
            let mut rows = Vec::new();
            for pod in pods {
                let pod_name = &pod.metadata.name;
                if containers {
                    for c in cluster.pod_container_metrics(pod_name).unwrap_or_default() {
                        rows.push(print::TopPodRow {
                            pod: pod_name.clone(),
                            container: Some(c.name),
                            cpu_millis: c.cpu_millis,
                            memory_bytes: c.memory_bytes,
                        });
                    }
                } else if let Some(m) = cluster.pod_metrics(pod_name) {
                    rows.push(print::TopPodRow {
                        pod: pod_name.clone(),
                        container: None,
                        cpu_millis: m.cpu_millis,
                        memory_bytes: m.memory_bytes,
                    });
                }
            }
            if rows.is_empty() {
                return Err(NOT_YET.into());
            }
            print::top_pods_table(&rows)
        }
        TopKind::Nodes => {
            let nodes: Vec<&Node> = match name {
                Some(name) => vec![cluster
                    .store
                    .nodes
                    .get(name)
                    .ok_or_else(|| format!("Error from server (NotFound): nodes \"{name}\" not found"))?],
                None => cluster
                    .store
                    .nodes
                    .values()
                    .map(|n| &**n)
                    .filter(|n| selector.as_ref().is_none_or(|s| s.matches(&n.metadata.labels)))
                    .collect(),
            };
            let rows: Vec<print::TopNodeRow> = nodes
                .iter()
                .map(|node| print::TopNodeRow {
                    node: node.metadata.name.clone(),
                    usage: cluster.node_metrics(&node.metadata.name).map(|m| (m.cpu_millis, m.memory_bytes)),
                    allocatable_cpu_millis: node.allocatable_millis("cpu"),
                    allocatable_memory_bytes: node.allocatable_millis("memory"),
                })
                .collect();
            if rows.iter().all(|r| r.usage.is_none()) {
                return Err(NOT_YET.into());
            }
            print::top_nodes_table(&rows)
        }
    };
    Ok(print::render_table(&table, false).trim_end().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::verbs::testing::*;

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
}
