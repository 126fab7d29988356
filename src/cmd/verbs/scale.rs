//! `kubectl scale`: set the replicas of a Deployment or ReplicaSet.

use super::*;

pub(super) const VERB: Verb = Verb {
    name: "scale",
    aliases: &[],
    kubectl: true,
    usage: "kubectl scale deployment/NAME --replicas=N\nkubectl scale deployment NAME --replicas=N",
    summary: "Set the replica count of a Deployment or ReplicaSet",
    flags: &[FlagSpec { long: "replicas", short: None, kind: FlagKind::Value, help: "the new number of replicas" }],
    examples: &["kubectl scale deploy/web --replicas=5", "kubectl scale deployment web --replicas 0"],
    parse: parse_scale,
};

fn parse_scale(args: &Args) -> Result<Command, ParseError> {
    args.require(&["replicas"])?;
    let replicas_flag = args.int("replicas")?.unwrap_or(-1);
    let replicas = non_negative(
        args,
        "replicas",
        replicas_flag,
        "The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0",
    )?;
    let words = args.all_positionals();
    let Some((kind, name)) = one_target(args, words)? else {
        return Err(args.usage(None, "You must provide one or more resources by argument or filename."));
    };
    let span = words.first().map_or(args.end_span(), |word| word.span);
    require_kind(args, span, kind, &[ResourceKind::Deployment, ResourceKind::ReplicaSet], "scale")?;
    Ok(Command::Scale { kind, name, replicas, namespace: args.namespace() })
}

pub(crate) fn scale(cluster: &mut Cluster, kind: ResourceKind, name: &str, replicas: u32) -> Result<String, String> {
    if replicas as i64 > crate::manifest::MAX_REPLICAS {
        return Err(format!("error: kubeplay allows at most {} replicas per object", crate::manifest::MAX_REPLICAS));
    }
    match kind {
        ResourceKind::Deployment => cluster
            .scale_deployment(name, replicas as i64)
            .map(|_| format!("deployment.apps/{name} scaled"))
            .map_err(api),
        ResourceKind::ReplicaSet => cluster
            .scale_replica_set_cmd(name, replicas as i64)
            .map(|_| format!("replicaset.apps/{name} scaled"))
            .map_err(api),
        _ => Err(format!("error: cannot scale {}", kind.plural())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::verbs::testing::*;

    #[test]
    fn scale() {
        let scale = Command::Scale { kind: ResourceKind::Deployment, name: "web".into(), replicas: 3, namespace: None };
        check("kubectl scale deploy/web --replicas=3", scale.clone());
        check("kubectl scale deployment web --replicas 3", scale.clone());
        check("kubectl scale --replicas=3 deployment/web", scale);
        check_error("kubectl scale deploy/web", "error: required flag(s) \"replicas\" not set");
        check_error(
            "kubectl scale deploy/web --replicas=abc",
            "error: invalid argument \"abc\" for \"--replicas\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax",
        );
        check_error(
            "kubectl scale deploy/web --replicas=-2",
            "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0",
        );
        check_error(
            "kubectl scale pod/web-1 --replicas=2",
            "error: cannot scale pods: expected deployments or replicasets",
        );
        check_error(
            "kubectl scale --replicas=2",
            "error: You must provide one or more resources by argument or filename.",
        );
    }
}
