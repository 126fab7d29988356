//! `kubectl label` and `kubectl annotate`: set (`KEY=VALUE`, with `--overwrite` to change a
//! value) or remove (`KEY-`) labels or annotations of objects. Pods, Deployments, ReplicaSets,
//! Services and HPAs change through a merge patch, as kubectl sends one; Nodes through the
//! engine's node update. A pod relabelled out of its ReplicaSet's selector is released and
//! replaced.

use super::*;

pub(super) const LABEL: Verb = Verb {
    name: "label",
    aliases: &[],
    kubectl: true,
    usage: "kubectl label TYPE NAME... KEY=VALUE... [KEY-...] [--overwrite]\nkubectl label TYPE/NAME KEY=VALUE",
    summary: "Add, change (--overwrite) or remove (KEY-) labels of objects",
    flags: &[FlagSpec {
        long: "overwrite",
        short: None,
        kind: FlagKind::Bool,
        help: "allow changing a label that already has a value",
    }],
    examples: &[
        "kubectl label pod web-1 tier=frontend",
        "kubectl label pod web-1 app=debug --overwrite",
        "kubectl label node node-1 disktype=ssd",
        "kubectl label pod web-1 tier-",
    ],
    parse: parse_label,
};

pub(super) const ANNOTATE: Verb = Verb {
    name: "annotate",
    aliases: &[],
    kubectl: true,
    usage: "kubectl annotate TYPE NAME... KEY=VALUE... [KEY-...] [--overwrite]",
    summary: "Add, change (--overwrite) or remove (KEY-) annotations of objects",
    flags: &[FlagSpec {
        long: "overwrite",
        short: None,
        kind: FlagKind::Bool,
        help: "allow changing an annotation that already has a value",
    }],
    examples: &[
        "kubectl annotate deployment web kubernetes.io/change-cause=\"image 1.27\"",
        "kubectl annotate pod web-1 note-",
    ],
    parse: parse_annotate,
};

fn parse_label(args: &Args) -> Result<Command, ParseError> {
    parse_metadata(args, false)
}

fn parse_annotate(args: &Args) -> Result<Command, ParseError> {
    parse_metadata(args, true)
}

/// Arguments are resources first, then changes: a word with `=` sets, a word ending in `-`
/// removes.
fn parse_metadata(args: &Args, annotations: bool) -> Result<Command, ParseError> {
    let words = args.all_positionals();
    let is_change = |t: &Token| t.text.contains('=') || (t.text.ends_with('-') && t.text.len() > 1);
    let split = words.iter().position(is_change).unwrap_or(words.len());
    let (resources, changes) = words.split_at(split);
    let what = if annotations { "annotation" } else { "label" };
    let (kinds, names) = resource_args(args, resources)?;
    let Some(kind) = kinds.first().copied() else {
        return Err(
            args.usage(None, "one or more resources must be specified as <resource> <name> or <resource>/<name>")
        );
    };
    if names.is_empty() {
        return Err(
            args.usage(None, "one or more resources must be specified as <resource> <name> or <resource>/<name>")
        );
    }
    if changes.is_empty() {
        return Err(args.usage(None, format!("at least one {what} update is required")));
    }
    let mut pairs = Vec::new();
    for change in changes {
        if !is_change(change) {
            return Err(args.usage(Some(change.span), format!("invalid {what} spec: {}", change.text)));
        }
        match change.text.split_once('=') {
            Some((key, value)) if !key.is_empty() => pairs.push((key.to_string(), Some(value.to_string()))),
            Some(_) => return Err(args.usage(Some(change.span), format!("invalid {what} spec: {}", change.text))),
            None => pairs.push((change.text.trim_end_matches('-').to_string(), None)),
        }
    }
    Ok(Command::Label {
        annotations,
        kind,
        names,
        changes: pairs,
        overwrite: args.bool("overwrite"),
        namespace: args.namespace(),
    })
}

/// Runs `label`/`annotate` on each named object; one result line per object.
pub(crate) fn label(
    cluster: &mut Cluster,
    annotations: bool,
    kind: ResourceKind,
    names: &[String],
    changes: &[(String, Option<String>)],
    overwrite: bool,
) -> Result<String, String> {
    let (done, not_done) = if annotations { ("annotated", "not annotated") } else { ("labeled", "not labeled") };
    let what = if annotations { "annotation" } else { "label" };
    let mut out = Vec::new();
    for name in names {
        let current = current_metadata(cluster, kind, name, annotations).ok_or_else(|| not_found(kind, name))?;
        let mut updated = current.clone();
        for (key, value) in changes {
            match value {
                Some(value) => {
                    if let Some(old) = current.get(key).filter(|old| *old != value) {
                        if !overwrite {
                            return Err(format!(
                                "error: '{key}' already has a value ({old}), and --overwrite is false"
                            ));
                        }
                    }
                    updated.insert(key.clone(), value.clone());
                }
                None => {
                    if updated.remove(key).is_none() {
                        out.push(format!("{what} \"{key}\" not found."));
                    }
                }
            }
        }
        let reference = format!("{}/{name}", kind.kubectl_singular());
        if updated == current {
            out.push(format!("{reference} {not_done}"));
            continue;
        }
        let field = if annotations { "annotations" } else { "labels" };
        if kind == ResourceKind::Node {
            let (labels, notes) = if annotations { (None, Some(updated)) } else { (Some(updated), None) };
            cluster.update_node_metadata(name, labels, notes).map_err(api)?;
        } else {
            // A merge patch that names every key: removed ones as null.
            let mut map = serde_json::Map::new();
            for (key, value) in &updated {
                map.insert(key.clone(), serde_json::Value::String(value.clone()));
            }
            for key in current.keys().filter(|k| !updated.contains_key(*k)) {
                map.insert(key.clone(), serde_json::Value::Null);
            }
            let body = serde_json::json!({ "metadata": { field: map } });
            super::patch::patch(cluster, kind, name, PatchType::Merge, &body)?;
        }
        out.push(format!("{reference} {done}"));
    }
    Ok(out.join("\n"))
}

fn current_metadata(
    cluster: &Cluster,
    kind: ResourceKind,
    name: &str,
    annotations: bool,
) -> Option<BTreeMap<String, String>> {
    let store = &cluster.store;
    let meta = match kind {
        ResourceKind::Pod => &store.pod(name)?.metadata,
        ResourceKind::Deployment => &store.deployments.get(name)?.metadata,
        ResourceKind::ReplicaSet => &store.replicasets.get(name)?.metadata,
        ResourceKind::Service => &store.services.get(name)?.metadata,
        ResourceKind::HorizontalPodAutoscaler => &store.hpas.get(name)?.metadata,
        ResourceKind::Node => &store.nodes.get(name)?.metadata,
        _ => return None,
    };
    Some(if annotations { meta.annotations.clone() } else { meta.labels.clone() })
}

fn not_found(kind: ResourceKind, name: &str) -> String {
    format!("Error from server (NotFound): {} \"{name}\" not found", kind.kubectl_name())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::verbs::testing::*;

    #[test]
    fn parse() {
        check(
            "kubectl label pod web-1 tier=frontend env- --overwrite",
            Command::Label {
                annotations: false,
                kind: ResourceKind::Pod,
                names: vec!["web-1".into()],
                changes: vec![("tier".into(), Some("frontend".into())), ("env".into(), None)],
                overwrite: true,
                namespace: None,
            },
        );
        check(
            "kubectl annotate deploy/web note=hi",
            Command::Label {
                annotations: true,
                kind: ResourceKind::Deployment,
                names: vec!["web".into()],
                changes: vec![("note".into(), Some("hi".into()))],
                overwrite: false,
                namespace: None,
            },
        );
        check_error("kubectl label pod web-1", "error: at least one label update is required");
    }

    #[test]
    fn labels_and_annotations_change_and_say_so() {
        let mut cluster = Cluster::new(1);
        cluster
            .apply_yaml("apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {app: x}}\nspec:\n  containers: [{name: a, image: nginx}]\n")
            .expect("pod");
        let run = |cluster: &mut Cluster, line: &str| crate::cmd::run(cluster, &crate::cmd::NoFiles, line);
        assert_eq!(run(&mut cluster, "kubectl label pod p tier=web").text, "pod/p labeled");
        let out = run(&mut cluster, "kubectl label pod p tier=db");
        assert!(!out.ok);
        assert_eq!(out.text, "error: 'tier' already has a value (web), and --overwrite is false");
        assert_eq!(run(&mut cluster, "kubectl label pod p tier=db --overwrite").text, "pod/p labeled");
        assert_eq!(cluster.store.pod("p").expect("pod").metadata.labels["tier"], "db");
        assert_eq!(run(&mut cluster, "kubectl label pod p tier=db").text, "pod/p not labeled");
        assert_eq!(run(&mut cluster, "kubectl label pod p tier-").text, "pod/p labeled");
        assert!(!cluster.store.pod("p").expect("pod").metadata.labels.contains_key("tier"));
        assert_eq!(run(&mut cluster, "kubectl annotate pod p note=hello").text, "pod/p annotated");
        assert_eq!(cluster.store.pod("p").expect("pod").metadata.annotations["note"], "hello");
        assert_eq!(run(&mut cluster, "kubectl label node node-1 disktype=ssd").text, "node/node-1 labeled");
        assert_eq!(cluster.store.nodes["node-1"].metadata.labels["disktype"], "ssd");
        assert_eq!(run(&mut cluster, "kubectl label node node-1 disktype-").text, "node/node-1 labeled");
        assert!(!cluster.store.nodes["node-1"].metadata.labels.contains_key("disktype"));
        let missing = run(&mut cluster, "kubectl label pod nope a=b");
        assert_eq!(missing.text, "Error from server (NotFound): pods \"nope\" not found");
    }
}
