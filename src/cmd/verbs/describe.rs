//! `kubectl describe`: one `print::describe_*` page per object.

use super::*;

pub(super) const VERB: Verb = Verb {
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
};

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

pub(crate) fn describe(
    cluster: &Cluster,
    kinds: &[ResourceKind],
    names: &[String],
    selector: Option<&str>,
) -> Result<String, String> {
    let now = cluster.now();
    let store = &cluster.store;
    let selector = selector.map(Selector::parse).transpose()?;
    let mut out: Vec<String> = Vec::new();
    let mut errors = Vec::new();
    for kind in kinds {
        let all_names: Vec<String> = match kind {
            ResourceKind::EndpointSlice | ResourceKind::Event => {
                errors.push(format!(
                    "error: kubeplay cannot describe {} yet; use `kubectl get {}`",
                    kind.plural(),
                    kind.plural()
                ));
                continue;
            }
            kind => names_of(cluster, *kind, None),
        };
        let wanted: Vec<String> = if names.is_empty() {
            all_names
        } else {
            // kubectl describe matches names by prefix when no exact match exists.
            let mut v = Vec::new();
            for n in names {
                if all_names.contains(n) {
                    v.push(n.clone());
                } else {
                    let prefixed: Vec<String> =
                        all_names.iter().filter(|a| a.starts_with(n.as_str())).cloned().collect();
                    if prefixed.is_empty() {
                        errors.push(not_found(*kind, n));
                    }
                    v.extend(prefixed);
                }
            }
            v
        };
        for name in wanted {
            let events = |k: &'static str| -> Vec<&Event> { cluster.events.for_object(k, name.as_str()).collect() };
            let text = match kind {
                ResourceKind::Pod => {
                    let Some(pod) = store.pod(&name) else { continue };
                    if selector.as_ref().is_some_and(|s| !s.matches(&pod.metadata.labels)) {
                        continue;
                    }
                    print::describe_pod(pod, &events("Pod"), now)
                }
                ResourceKind::Deployment => {
                    let Some(d) = store.deployments.get(&name) else { continue };
                    if selector.as_ref().is_some_and(|s| !s.matches(&d.metadata.labels)) {
                        continue;
                    }
                    let rss: Vec<&ReplicaSet> = store.replicasets.values().map(|r| &**r).collect();
                    print::describe_deployment(d, &rss, &events("Deployment"), now)
                }
                ResourceKind::ReplicaSet => {
                    let Some(rs) = store.replicasets.get(&name) else { continue };
                    let pods: Vec<&Pod> = store.pods_owned_by(&name).iter().filter_map(|p| store.pod(p)).collect();
                    print::describe_replicaset(rs, &pods, &events("ReplicaSet"), now)
                }
                ResourceKind::Node => {
                    let Some(node) = store.nodes.get(&name) else { continue };
                    let pods: Vec<&Pod> = store.pods_on_node(&name).iter().filter_map(|p| store.pod(p)).collect();
                    print::describe_node(node, &pods, &events("Node"), now)
                }
                ResourceKind::Endpoints => {
                    let Some(svc) = store.services.get(&name) else { continue };
                    print::describe_endpoints(&super::get::v1_endpoints(
                        svc,
                        store.endpointslices.get(&name).map(|s| &**s),
                    ))
                }
                ResourceKind::Service => {
                    let Some(svc) = store.services.get(&name) else { continue };
                    let slices: Vec<&EndpointSlice> = store.endpointslices.values().map(|s| &**s).collect();
                    print::describe_service(svc, &slices, &events("Service"), now)
                }
                ResourceKind::HorizontalPodAutoscaler => {
                    let Some(hpa) = store.hpas.get(&name) else { continue };
                    print::describe_hpa(hpa, &events("HorizontalPodAutoscaler"), now)
                }
                _ => continue,
            };
            out.push(text.trim_end().to_string());
        }
    }
    let mut text = out.join("\n\n\n");
    if !errors.is_empty() {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&errors.join("\n"));
        return Err(text);
    }
    if text.is_empty() {
        return Ok("No resources found in default namespace.".into());
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::verbs::testing::*;

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
}
