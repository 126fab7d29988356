//! `kubectl patch --type=json|merge|strategic`; the patch algorithms are in `cmd::patch`.

use super::*;

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
    let yaml = serde_yaml::to_string(&doc).map_err(|e| e.to_string())?;
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
}
