//! `kubectl logs`: a container's log lines, `--previous` and `--tail`.

use super::*;

pub(super) const VERB: Verb = Verb {
    name: "logs",
    aliases: &[],
    kubectl: true,
    usage: "kubectl logs POD [-c CONTAINER] [--previous] [--tail N]\nkubectl logs TYPE/NAME",
    summary: "Print a container's log",
    flags: &[
        CONTAINER_FLAG,
        FlagSpec {
            long: "previous",
            short: Some('p'),
            kind: FlagKind::Bool,
            help: "the log of the previous (crashed) container",
        },
        FlagSpec { long: "tail", short: None, kind: FlagKind::Value, help: "only the last N lines (-1 for all)" },
        FlagSpec { long: "follow", short: Some('f'), kind: FlagKind::Bool, help: "keep printing new lines" },
    ],
    examples: &[
        "kubectl logs web-5d4c8b7f9-4jw2p",
        "kubectl logs web-5d4c8b7f9-4jw2p -p --tail 20",
        "kubectl logs deploy/web",
    ],
    parse: parse_logs,
};

fn parse_logs(args: &Args) -> Result<Command, ParseError> {
    let expected = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples";
    let words = args.all_positionals();
    let (target, inline_container) = match words {
        [target] => (target, None),
        [target, container] => (target, Some(container)),
        [] => return Err(args.usage(None, expected)),
        [_, _, extra, ..] => return Err(args.usage(Some(extra.span), expected)),
    };
    let (kind, name) = if target.text.contains('/') {
        let (kind, name) = type_slash_name(args, target)?;
        let allowed = [ResourceKind::Pod, ResourceKind::Deployment, ResourceKind::ReplicaSet, ResourceKind::Service];
        require_kind(args, target.span, kind, &allowed, "read logs of")?;
        (kind, name)
    } else {
        (ResourceKind::Pod, target.text.clone())
    };
    let container = match (inline_container, args.string("container")) {
        (Some(_), Some(_)) => {
            return Err(
                args.usage(Some(args.flag_span("container")), "only one of -c or an inline [CONTAINER] arg is allowed")
            )
        }
        (Some(inline), None) => Some(inline.text.clone()),
        (None, flag) => flag,
    };
    let tail = args.int("tail")?.and_then(|n| u64::try_from(n).ok());
    Ok(Command::Logs {
        kind,
        name,
        container,
        previous: args.bool("previous"),
        tail,
        follow: args.bool("follow"),
        namespace: args.namespace(),
    })
}

pub(crate) fn logs(
    cluster: &Cluster,
    kind: ResourceKind,
    name: &str,
    container: Option<&str>,
    previous: bool,
    tail: Option<u64>,
) -> Result<String, String> {
    let pod_name = attachable_pod(cluster, kind, name)?;
    if container.is_none() {
        if let Some(pod) = cluster.store.pod(&pod_name) {
            if pod.spec.containers.len() > 1 {
                let names: Vec<&str> = pod.spec.containers.iter().map(|c| c.name.as_str()).collect();
                return Err(format!(
                    "error: a container name must be specified for pod {pod_name}, choose one of: [{}]",
                    names.join(" ")
                ));
            }
        }
    }
    let lines = cluster.container_logs(&pod_name, container, previous).map_err(|e| print::errors::client_error(&e))?;
    let skip = tail.map(|t| lines.len().saturating_sub(t as usize)).unwrap_or(0);
    Ok(lines[skip..].join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::verbs::testing::*;

    #[test]
    fn logs() {
        let logs = |name: &str, container: Option<&str>, previous: bool, tail: Option<u64>| Command::Logs {
            kind: ResourceKind::Pod,
            name: name.into(),
            container: container.map(str::to_string),
            previous,
            tail,
            follow: false,
            namespace: None,
        };
        check("kubectl logs web-1", logs("web-1", None, false, None));
        check("kubectl logs web-1 -c app --previous --tail 20", logs("web-1", Some("app"), true, Some(20)));
        check("kubectl logs -p web-1 app", logs("web-1", Some("app"), true, None));
        check("kubectl logs pod/web-1 --tail=-1", logs("web-1", None, false, None));
        let Command::Logs { kind, name, .. } = ok("kubectl logs deploy/web") else { panic!() };
        assert_eq!((kind, name.as_str()), (ResourceKind::Deployment, "web"));
        check_error(
            "kubectl logs",
            "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples",
        );
        check_error("kubectl logs web-1 app -c app", "error: only one of -c or an inline [CONTAINER] arg is allowed");
        check_error(
            "kubectl logs web-1 --tail x",
            "error: invalid argument \"x\" for \"--tail\" flag: strconv.ParseInt: parsing \"x\": invalid syntax",
        );
    }

    #[test]
    fn logs_errors_name_the_container_and_pod() {
        let mut cluster = Cluster::new(1);
        check_run(&mut cluster, "kubectl logs nope", "Error from server (NotFound): pods \"nope\" not found");
        assert!(run(&mut cluster, &NoFiles, "kubectl create deployment web --image=nginx").ok);
        run(&mut cluster, &NoFiles, "sleep 30s");
        let pod = cluster.store.pods().keys().next().cloned().expect("a pod");
        check_run(
            &mut cluster,
            &format!("kubectl logs {pod} -c app"),
            &format!("error: container app is not valid for pod {pod}"),
        );
        check_run(
            &mut cluster,
            &format!("kubectl logs {pod} --previous"),
            &format!(
                "Error from server (BadRequest): previous terminated container \"nginx\" in pod \"{pod}\" not found"
            ),
        );
        assert!(run(&mut cluster, &NoFiles, &format!("kubectl logs {pod}")).ok);
    }
}
