//! `kubectl patch --type=json|merge|strategic`; the patch algorithms are in `cmd::patch`.

use super::*;
use crate::manifest::{tree, typed};

pub(super) const VERB: Verb = Verb {
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
        r#"kubectl patch node node-1 -p '{"spec":{"unschedulable":true}}'"#,
    ],
    parse: parse_patch,
};

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
    // (Through the one YAML tree decoder of the program: docs/size.md.)
    let patch = crate::manifest::yaml::from_str(&text)
        .map_err(|error| error.to_string())
        .and_then(|tree| tree::tree_to_json(&tree).map_err(|error| error.to_string()))
        .map_err(|error| {
            args.usage(Some(args.flag_span("patch")), format!("unable to parse {text:?}: {}", first_line(&error)))
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

pub(crate) fn patch(
    cluster: &mut Cluster,
    kind: ResourceKind,
    name: &str,
    patch_type: PatchType,
    patch: &serde_json::Value,
) -> Result<String, String> {
    let patchable = matches!(
        kind,
        ResourceKind::Deployment
            | ResourceKind::Service
            | ResourceKind::HorizontalPodAutoscaler
            | ResourceKind::ReplicaSet
            | ResourceKind::Pod
    );
    if kind == ResourceKind::Node {
        return patch_node(cluster, name, patch_type, patch);
    }
    if !patchable {
        return Err(format!("error: kubeplay cannot patch {}", kind.plural()));
    }
    let current = object_json(cluster, kind, name).ok_or_else(|| not_found(kind, name))?;
    let mut doc = current.clone();
    if let Some(obj) = doc.as_object_mut() {
        obj.remove("status");
    }
    match patch_type {
        PatchType::Json => json_patch(&mut doc, patch)?,
        PatchType::Merge => merge_patch(&mut doc, patch, false),
        PatchType::Strategic => merge_patch(&mut doc, patch, true),
    }
    let mut before = current;
    if let Some(obj) = before.as_object_mut() {
        obj.remove("status");
    }
    if doc == before {
        return Ok(format!("{}/{name} patched (no change)", kind.kubectl_singular()));
    }
    // The name is in the URL and in the object: a patch cannot rename (it would fork a copy).
    let patched_name = doc.pointer("/metadata/name").and_then(|v| v.as_str()).unwrap_or_default().to_string();
    if patched_name != name {
        return Err(format!(
            "Error from server (BadRequest): the name of the object ({patched_name}) does not match the name on the URL ({name})"
        ));
    }
    // Strip server-set metadata so the result goes through apply like a manifest.
    if let Some(meta) = doc.get_mut("metadata").and_then(|m| m.as_object_mut()) {
        for key in [
            "uid",
            "creationTimestamp",
            "resourceVersion",
            "generation",
            "namespace",
            "ownerReferences",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
            "generateName",
        ] {
            meta.remove(key);
        }
    }
    let yaml = crate::print::yaml::json_to_yaml(&doc);
    let text = cluster.apply_yaml_from(&yaml, "patch").map_err(|e| {
        e.to_string().replace("error when creating \"patch\"", "error when patching").replace("from \"patch\"", "")
    })?;
    let warnings: Vec<&str> = text.lines().filter(|l| l.starts_with("Warning:")).collect();
    let mut out = warnings.join("\n");
    if !out.is_empty() {
        out.push('\n');
    }
    // Say "patched" only when the stored object changed.
    let unchanged = text.lines().any(|l| l.ends_with(&format!("/{name} unchanged")));
    let suffix = if unchanged { " (no change)" } else { "" };
    out.push_str(&format!("{}/{name} patched{suffix}", kind.kubectl_singular()));
    Ok(out)
}

/// What a user may change on a Node (ValidateNodeUpdate): labels, annotations,
/// `spec.unschedulable` and `spec.taints`; the status is the kubelet's (a patch of it through
/// the main resource changes nothing, as the API server ignores it there).
fn patch_node(
    cluster: &mut Cluster,
    name: &str,
    patch_type: PatchType,
    patch: &serde_json::Value,
) -> Result<String, String> {
    let stored = cluster.store.nodes.get(name).ok_or_else(|| not_found(ResourceKind::Node, name))?;
    let mut doc = crate::print::value::to_value(stored).map_err(|e| e.to_string())?;
    // The node as the client sees it (through JSON), to compare the patched one with.
    let old: crate::api::Node = typed::from_json(&doc).map_err(|e| e.to_string())?;
    match patch_type {
        PatchType::Json => json_patch(&mut doc, patch)?,
        PatchType::Merge => merge_patch(&mut doc, patch, false),
        PatchType::Strategic => merge_patch(&mut doc, patch, true),
    }
    let patched_name = doc.pointer("/metadata/name").and_then(|v| v.as_str()).unwrap_or_default().to_string();
    if patched_name != name {
        return Err(format!(
            "Error from server (BadRequest): the name of the object ({patched_name}) does not match the name on the URL ({name})"
        ));
    }
    if let Some(obj) = doc.as_object_mut() {
        obj.insert("status".into(), crate::print::value::to_value(&old.status).map_err(|e| e.to_string())?);
    }
    let new: crate::api::Node =
        typed::from_json(&doc).map_err(|e| format!("Error from server (BadRequest): json: {}", e.message))?;
    let invalid = |field: &str, reason: &str| format!("The Node \"{name}\" is invalid: {field}: {reason}");
    for (i, taint) in new.spec.taints.iter().enumerate() {
        if !matches!(taint.effect.as_str(), "NoSchedule" | "PreferNoSchedule" | "NoExecute") {
            return Err(invalid(
                &format!("spec.taints[{i}].effect"),
                &format!(
                    "Unsupported value: {:?}: supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"",
                    taint.effect
                ),
            ));
        }
        if taint.key.is_empty() {
            return Err(invalid(&format!("spec.taints[{i}].key"), "Required value"));
        }
    }
    // Everything but the allowed fields must be as it was.
    let mut rest = new.clone();
    rest.metadata.labels = old.metadata.labels.clone();
    rest.metadata.annotations = old.metadata.annotations.clone();
    rest.spec.unschedulable = old.spec.unschedulable;
    rest.spec.taints = old.spec.taints.clone();
    if rest != old {
        return Err(invalid(
            "[]",
            "Forbidden: node updates may only change labels, taints, or capacity (or configSource, if the DynamicKubeletConfig feature gate is enabled)",
        ));
    }
    if new == old {
        return Ok(format!("node/{name} patched (no change)"));
    }
    let api = |e: crate::engine::ApiError| String::from(e);
    if new.metadata.labels != old.metadata.labels || new.metadata.annotations != old.metadata.annotations {
        let labels = (new.metadata.labels != old.metadata.labels).then(|| new.metadata.labels.clone());
        let notes = (new.metadata.annotations != old.metadata.annotations).then(|| new.metadata.annotations.clone());
        cluster.update_node_metadata(name, labels, notes).map_err(api)?;
    }
    if new.spec.taints != old.spec.taints {
        // A new NoExecute taint is stamped with the time it was added, as the API server does.
        let now = cluster.now();
        let mut taints = new.spec.taints.clone();
        for taint in taints.iter_mut() {
            if taint.effect == "NoExecute" && taint.time_added.is_none() {
                taint.time_added = Some(now);
            }
        }
        cluster.update_node_taints(name, taints).map_err(api)?;
    }
    let unschedulable = new.spec.unschedulable.unwrap_or(false);
    if unschedulable != old.spec.unschedulable.unwrap_or(false) {
        cluster.cordon(name, unschedulable).map_err(api)?;
    }
    Ok(format!("node/{name} patched"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::verbs::testing::*;

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

    #[test]
    fn seed_001_json_patch_adds_requests() {
        let mut cluster = Cluster::new(1);
        assert!(
            run(
                &mut cluster,
                &NoFiles,
                "kubectl create deployment hello-world-flask --image=lyzhang1999/hello-world-flask:latest --replicas=2"
            )
            .ok
        );
        let out = run(
            &mut cluster,
            &NoFiles,
            r#"kubectl patch deployment hello-world-flask --type='json' -p='[{"op": "add", "path": "/spec/template/spec/containers/0/resources", "value": {"requests": {"memory": "100Mi", "cpu": "100m"}}}]'"#,
        );
        assert_eq!(out.text, "deployment.apps/hello-world-flask patched");
        let d = &cluster.store.deployments["hello-world-flask"];
        assert_eq!(d.spec.template.spec.containers[0].cpu_request_millis(), Some(100));
    }

    #[test]
    fn patch_node_changes_what_the_api_allows() {
        let mut cluster = Cluster::new(1);
        let mut run = |line: &str| run(&mut cluster, &NoFiles, line);
        let out = run(r#"kubectl patch node node-1 -p '{"spec":{"unschedulable":true}}'"#);
        assert_eq!((out.ok, out.text.as_str()), (true, "node/node-1 patched"));
        let out = run("kubectl get node node-1");
        assert!(out.text.contains("Ready,SchedulingDisabled"), "{}", out.text);
        let out = run(r#"kubectl patch node node-1 -p '{"spec":{"unschedulable":true}}'"#);
        assert_eq!(out.text, "node/node-1 patched (no change)");
        let out = run(r#"kubectl patch node node-1 --type=merge -p '{"spec":{"unschedulable":false}}'"#);
        assert_eq!(out.text, "node/node-1 patched");
        assert!(!run("kubectl get node node-1").text.contains("SchedulingDisabled"));
        // Labels, annotations and taints.
        let out =
            run(r#"kubectl patch node node-2 -p '{"metadata":{"labels":{"disk":"ssd"},"annotations":{"note":"x"}}}'"#);
        assert_eq!(out.text, "node/node-2 patched");
        assert!(run("kubectl get nodes -l disk=ssd").text.contains("node-2"));
        let out = run(
            r#"kubectl patch node node-2 -p '{"spec":{"taints":[{"key":"dedicated","value":"db","effect":"NoSchedule"}]}}'"#,
        );
        assert_eq!(out.text, "node/node-2 patched");
        assert!(run("kubectl describe node node-2").text.contains("Taints:             dedicated=db:NoSchedule"));
        let out = run(r#"kubectl patch node node-2 --type=json -p '[{"op":"remove","path":"/spec/taints"}]'"#);
        assert_eq!(out.text, "node/node-2 patched");
        assert!(run("kubectl describe node node-2").text.contains("Taints:             <none>"));
        // Refused as the API server refuses them.
        let out = run(r#"kubectl patch node node-3 -p '{"spec":{"podCIDR":"10.0.0.0/24"}}'"#);
        assert_eq!(
            (out.ok, out.text.as_str()),
            (false, "The Node \"node-3\" is invalid: []: Forbidden: node updates may only change labels, taints, or capacity (or configSource, if the DynamicKubeletConfig feature gate is enabled)")
        );
        let out = run(r#"kubectl patch node node-3 -p '{"spec":{"taints":[{"key":"a","effect":"Sometimes"}]}}'"#);
        assert_eq!(
            out.text,
            "The Node \"node-3\" is invalid: spec.taints[0].effect: Unsupported value: \"Sometimes\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""
        );
        let out = run(r#"kubectl patch node node-3 -p '{"metadata":{"name":"node-9"}}'"#);
        assert!(!out.ok && out.text.contains("does not match the name on the URL"), "{}", out.text);
        let out = run(r#"kubectl patch node nope -p '{"spec":{"unschedulable":true}}'"#);
        assert_eq!(out.text, "Error from server (NotFound): nodes \"nope\" not found");
        let out = run(r#"kubectl patch node node-3 -p '{"spec":{"unschedulable":"yes"}}'"#);
        assert!(!out.ok && out.text.starts_with("Error from server (BadRequest): json: "), "{}", out.text);
        let out = run(
            r#"kubectl patch node node-3 --type=json -p '[{"op":"add","path":"/status/capacity/example.com~1foo","value":"1"}]'"#,
        );
        assert_eq!(out.text, "node/node-3 patched (no change)", "status is not patched through the node");
    }
}
