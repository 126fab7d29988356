//! `kubectl apply -f` and `kubectl create -f`: objects from YAML files.

use super::*;

pub(super) const APPLY: Verb = Verb {
    name: "apply",
    aliases: &[],
    kubectl: true,
    usage: "kubectl apply -f FILE",
    summary: "Create or update objects from a YAML file",
    flags: &[FlagSpec {
        long: "filename",
        short: Some('f'),
        kind: FlagKind::Value,
        help: "file with the manifests ('-' for standard input); repeatable",
    }],
    examples: &["kubectl apply -f web.yaml", "apply -f -"],
    parse: parse_apply,
};

pub(super) const CREATE: Verb = Verb {
    name: "create",
    aliases: &[],
    kubectl: true,
    usage: "kubectl create -f FILE",
    summary: "Create objects from a YAML file (fails if they exist)",
    flags: &[FlagSpec {
        long: "filename",
        short: Some('f'),
        kind: FlagKind::Value,
        help: "file with the manifests; repeatable",
    }],
    examples: &["kubectl create -f liveness.yaml"],
    parse: parse_create,
};

fn parse_apply(args: &Args) -> Result<Command, ParseError> {
    let positionals = args.all_positionals();
    if !positionals.is_empty() {
        return Err(usage_error(
            args,
            positionals.first().map(|token| token.span),
            &format!("Unexpected args: {}", go_list(positionals)),
        ));
    }
    let files = filenames(args);
    if files.is_empty() {
        return Err(args.usage(None, "must specify one of -f and -k"));
    }
    Ok(Command::Apply { files, namespace: args.namespace() })
}

fn parse_create(args: &Args) -> Result<Command, ParseError> {
    if let Some(first) = args.all_positionals().first() {
        let subcommands = ["deployment", "service"];
        let suggestions = suggestions(&first.text, subcommands);
        let kind =
            ParseErrorKind::UnknownCommand { name: first.text.clone(), parent: "kubectl create".into(), suggestions };
        return Err(args.error(Some(first.span), kind));
    }
    let files = filenames(args);
    if files.is_empty() {
        return Err(args.usage(None, "must specify one of -f and -k"));
    }
    Ok(Command::Create { files, namespace: args.namespace() })
}

/// `apply -f` / `create -f`: every file is read, decoded and checked before anything is
/// written, so a rejected apply changes nothing (kubeplay applies all documents or none;
/// kubectl would apply the valid ones and report the others).
pub(crate) fn apply(
    cluster: &mut Cluster,
    files: &dyn Files,
    names: &[String],
    create_only: bool,
) -> Result<String, String> {
    if let Some(url) = names.iter().find(|n| crate::cmd::addons::is_url(n)) {
        return crate::cmd::addons::apply_url(cluster, url, create_only);
    }
    let mut batches = Vec::new();
    for name in names {
        let text = files.read(name)?;
        let source = if name == "-" { "STDIN" } else { name.as_str() };
        let parsed = crate::manifest::parse_manifests(&text, source).map_err(|e| e.to_string())?;
        for p in &parsed {
            let meta = p.object.metadata();
            if create_only {
                if !meta.name.is_empty() && exists(cluster, p.object.kind(), p.object.name()) {
                    return Err(format!(
                        "Error from server (AlreadyExists): error when creating \"{source}\": {} \"{}\" already exists",
                        p.object.kubectl_ref().split('/').next().unwrap_or("").replace(".apps", "s.apps"),
                        p.object.name()
                    ));
                }
            } else if meta.name.is_empty() {
                if let Some(generate) = meta.generate_name.as_deref() {
                    return Err(format!("error: from {generate}: cannot use generate name with apply"));
                }
            }
        }
        cluster.check_apply(&parsed)?;
        batches.push(parsed);
    }
    if batches.iter().all(Vec::is_empty) {
        return Err(format!("error: no objects passed to {}", if create_only { "create" } else { "apply" }));
    }
    let mut out = Vec::new();
    for parsed in batches {
        let text = cluster.apply_parsed(parsed)?;
        out.push(if create_only {
            text.replace(" configured", " created").replace(" unchanged", " created")
        } else {
            text
        });
    }
    Ok(out.join("\n"))
}

pub(crate) fn exists(cluster: &Cluster, kind: &str, name: &str) -> bool {
    let store = &cluster.store;
    match kind {
        "Pod" => store.pod(name).is_some(),
        "Deployment" => store.deployments.contains_key(name),
        "ReplicaSet" => store.replicasets.contains_key(name),
        "Service" => store.services.contains_key(name),
        "HorizontalPodAutoscaler" => store.hpas.contains_key(name),
        "Node" => store.nodes.contains_key(name),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::verbs::testing::*;

    #[test]
    fn apply() {
        check("kubectl apply -f web.yaml", Command::Apply { files: vec!["web.yaml".into()], namespace: None });
        check(
            "k apply -f a.yaml --filename=b.yaml",
            Command::Apply { files: vec!["a.yaml".into(), "b.yaml".into()], namespace: None },
        );
        check("apply -f -", Command::Apply { files: vec!["-".into()], namespace: None });
        check_error("kubectl apply", "error: must specify one of -f and -k");
        check_error(
            "kubectl apply web.yaml",
            "error: Unexpected args: [web.yaml]\nSee 'kubectl apply -h' for help and examples",
        );
        check_error("kubectl apply -f", "error: flag needs an argument: 'f' in -f");
        check(
            "kubectl create -f liveness.yaml",
            Command::Create { files: vec!["liveness.yaml".into()], namespace: None },
        );
        check_error(
            "kubectl create deploymnet web --image=nginx",
            "error: unknown command \"deploymnet\" for \"kubectl create\"\n\nDid you mean this?\n\tdeployment\n\nRun 'kubectl create --help' for usage.",
        );
    }

    #[test]
    fn apply_without_objects_is_an_error() {
        let mut cluster = Cluster::new(1);
        for text in ["", "  \n\t\n", "# only a comment\n", "---\n", "---\n# c\n---\n"] {
            let files = BTreeMap::from([("editor.yaml".to_string(), text.to_string())]);
            let out = run(&mut cluster, &files, "kubectl apply -f editor.yaml");
            assert_eq!((out.ok, out.text.as_str()), (false, "error: no objects passed to apply"), "{text:?}");
            let out = run(&mut cluster, &files, "kubectl create -f editor.yaml");
            assert_eq!((out.ok, out.text.as_str()), (false, "error: no objects passed to create"), "{text:?}");
        }
        assert!(cluster.store.deployments.is_empty() && cluster.store.pods().is_empty());
    }
}
