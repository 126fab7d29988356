//! `kubectl delete`: by name, label selector, `--all` or `-f FILE`, with kubectl's grace
//! period rules.

use super::*;
use crate::engine::Forbidden;

pub(super) const VERB: Verb = Verb {
    name: "delete",
    aliases: &[],
    kubectl: true,
    usage: "kubectl delete TYPE NAME... [--grace-period=N] [--force] [--now]\nkubectl delete TYPE -l SELECTOR | --all\nkubectl delete -f FILE",
    summary: "Delete objects (pods terminate gracefully)",
    flags: &[
        FlagSpec { long: "filename", short: Some('f'), kind: FlagKind::Value, help: "delete the objects in this file; repeatable" },
        SELECTOR_FLAG,
        FlagSpec { long: "all", short: None, kind: FlagKind::Bool, help: "delete every object of the type" },
        FlagSpec { long: "grace-period", short: None, kind: FlagKind::Value, help: "seconds to wait before SIGKILL (-1: the pod's own)" },
        FlagSpec { long: "force", short: None, kind: FlagKind::Bool, help: "remove at once without waiting for the kubelet" },
        FlagSpec { long: "now", short: None, kind: FlagKind::Bool, help: "same as --grace-period=1" },
        FlagSpec { long: "ignore-not-found", short: None, kind: FlagKind::Bool, help: "no error for missing objects" },
        FlagSpec { long: "wait", short: None, kind: FlagKind::Bool, help: "wait for the objects to be gone (default true)" },
    ],
    examples: &["kubectl delete pod web-5d4c8b7f9-4jw2p", "kubectl delete pods -l app=web --now", "kubectl delete -f web.yaml"],
    parse: parse_delete,
};

fn parse_delete(args: &Args) -> Result<Command, ParseError> {
    let files = filenames(args);
    let grace_period = grace_period(args)?;
    let force = args.bool("force");
    let ignore_not_found = args.bool("ignore-not-found");
    let namespace = args.namespace();
    let positionals = args.all_positionals();
    if !files.is_empty() {
        if let Some(first) = positionals.first() {
            return Err(args.usage(
                Some(first.span),
                "when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well",
            ));
        }
        return Ok(Command::DeleteFiles { files, grace_period, force, ignore_not_found, namespace });
    }
    let (kinds, names) = resource_args(args, positionals)?;
    if kinds.is_empty() {
        return Err(args.usage(
            None,
            "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
        ));
    }
    let selector = args.string("selector");
    let all = args.bool("all");
    if !names.is_empty() && selector.is_some() {
        return Err(
            args.usage(Some(args.flag_span("selector")), "name cannot be provided when a selector is specified")
        );
    }
    if !names.is_empty() && all {
        return Err(args.usage(Some(args.flag_span("all")), "name cannot be provided when --all is specified"));
    }
    if names.is_empty() && selector.is_none() && !all {
        return Err(args.usage(None, "resource(s) were provided, but no name was specified"));
    }
    Ok(Command::Delete { kinds, names, selector, all, grace_period, force, ignore_not_found, namespace })
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn delete(
    cluster: &mut Cluster,
    kinds: &[ResourceKind],
    names: &[String],
    selector: Option<&str>,
    all: bool,
    grace: Option<u64>,
    force: bool,
    ignore_not_found: bool,
) -> Result<String, String> {
    let selector = selector.map(Selector::parse).transpose()?;
    let mut out = Vec::new();
    let mut errors = Vec::new();
    if force && grace == Some(0) {
        out.push("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.".to_string());
    }
    for kind in kinds {
        let targets: Vec<String> = if !names.is_empty() {
            names.to_vec()
        } else {
            let deletable = matches!(
                kind,
                ResourceKind::Pod
                    | ResourceKind::Deployment
                    | ResourceKind::ReplicaSet
                    | ResourceKind::Service
                    | ResourceKind::HorizontalPodAutoscaler
            );
            let v = if deletable { names_of(cluster, *kind, selector.as_ref()) } else { Vec::new() };
            if !all && selector.is_none() {
                return Err("error: resource(s) were provided, but no name was specified".into());
            }
            v
        };
        for name in targets {
            let result = match kind {
                ResourceKind::Pod => cluster.delete_pod(&name, grace.map(|g| g as i64), force),
                ResourceKind::Deployment => cluster.delete_deployment(&name),
                ResourceKind::ReplicaSet => cluster.delete_replica_set(&name),
                ResourceKind::Service => cluster.delete_service(&name),
                ResourceKind::HorizontalPodAutoscaler => cluster.delete_hpa(&name),
                ResourceKind::Node => Err(ApiError::Forbidden {
                    resource: kind.kubectl_name(),
                    name: name.clone(),
                    reason: Forbidden::NodesAreMachines { deleting: true },
                }),
                _ => {
                    errors.push(format!("error: kubeplay cannot delete {}", kind.plural()));
                    continue;
                }
            };
            match result {
                Ok(()) => {
                    let verb = if force && grace == Some(0) { "force deleted" } else { "deleted" };
                    out.push(format!("{} \"{name}\" {verb} from default namespace", kind.kubectl_singular()));
                }
                Err(e) if ignore_not_found && e.is_not_found() => {}
                Err(e) => errors.push(api(e)),
            }
        }
    }
    cluster.run_for(SimDuration::ZERO);
    if !errors.is_empty() {
        out.extend(errors);
        return Err(out.join("\n"));
    }
    if out.is_empty() {
        return Ok("No resources found".into());
    }
    Ok(out.join("\n"))
}

pub(crate) fn delete_files(
    cluster: &mut Cluster,
    files: &dyn Files,
    names: &[String],
    grace: Option<u64>,
    force: bool,
    ignore_not_found: bool,
) -> Result<String, String> {
    let mut out = Vec::new();
    for name in names {
        let text = files.read(name)?;
        let parsed = crate::manifest::parse_manifests(&text, name).map_err(|e| e.to_string())?;
        for p in parsed {
            let kind = match p.object.kind() {
                "Pod" => ResourceKind::Pod,
                "Deployment" => ResourceKind::Deployment,
                "ReplicaSet" => ResourceKind::ReplicaSet,
                "Service" => ResourceKind::Service,
                "HorizontalPodAutoscaler" => ResourceKind::HorizontalPodAutoscaler,
                _ => ResourceKind::Node,
            };
            match delete(cluster, &[kind], &[p.object.name().to_string()], None, false, grace, force, ignore_not_found)
            {
                Ok(t) | Err(t) => out.push(t),
            }
        }
    }
    Ok(out.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::verbs::testing::*;

    #[test]
    fn delete() {
        let delete =
            |kinds: Vec<ResourceKind>, names: &[&str], grace_period: Option<u64>, force: bool| Command::Delete {
                kinds,
                names: names.iter().map(|name| name.to_string()).collect(),
                selector: None,
                all: false,
                grace_period,
                force,
                ignore_not_found: false,
                namespace: None,
            };
        check("kubectl delete pod web-1", delete(vec![ResourceKind::Pod], &["web-1"], None, false));
        check(
            "kubectl delete pod web-1 web-2 --now",
            delete(vec![ResourceKind::Pod], &["web-1", "web-2"], Some(1), false),
        );
        check("kubectl delete pod/web-1 --grace-period=0", delete(vec![ResourceKind::Pod], &["web-1"], Some(1), false));
        check(
            "kubectl delete pod/web-1 --grace-period=0 --force",
            delete(vec![ResourceKind::Pod], &["web-1"], Some(0), true),
        );
        check("kubectl delete pod/web-1 --force", delete(vec![ResourceKind::Pod], &["web-1"], Some(0), true));
        check("kubectl delete pod/web-1 --grace-period 5", delete(vec![ResourceKind::Pod], &["web-1"], Some(5), false));
        let Command::Delete { selector, all, .. } = ok("kubectl delete pods -l app=web") else { panic!() };
        assert_eq!((selector.as_deref(), all), (Some("app=web"), false));
        let Command::Delete { all, .. } = ok("kubectl delete deploy --all") else { panic!() };
        assert!(all);
        check(
            "kubectl delete -f web.yaml",
            Command::DeleteFiles {
                files: vec!["web.yaml".into()],
                grace_period: None,
                force: false,
                ignore_not_found: false,
                namespace: None,
            },
        );
        check_error("kubectl delete pod", "error: resource(s) were provided, but no name was specified");
        check_error(
            "kubectl delete pod x --now --grace-period=3",
            "error: --now and --grace-period cannot be specified together",
        );
        check_error(
            "kubectl delete",
            "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
        );
    }
}
