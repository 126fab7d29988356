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
        return Err(format!("error: {}", super::replicas_flag_too_many("replicas", replicas as i64)));
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

    #[test]
    fn replicas_over_the_cap_name_the_one_kubeplay_limit() {
        let limit = "must be less than or equal to 1000 (kubeplay limit)";
        check_error(
            "kubectl scale deploy web --replicas=100000",
            &format!("error: invalid value 100000 for --replicas: {limit}"),
        );
        check_error(
            "kubectl scale deploy web --replicas=10000",
            &format!("error: invalid value 10000 for --replicas: {limit}"),
        );
        check_error(
            "kubectl create deployment web --image=nginx --replicas=1001",
            &format!("error: invalid value 1001 for --replicas: {limit}"),
        );
        check_error(
            "kubectl autoscale deploy web --max=5000",
            &format!("error: invalid value 5000 for --max: {limit}"),
        );
        check(
            "kubectl scale deploy web --replicas=1000",
            Command::Scale { kind: ResourceKind::Deployment, name: "web".into(), replicas: 1000, namespace: None },
        );
        let mut cluster = Cluster::new(1);
        let error = super::scale(&mut cluster, ResourceKind::Deployment, "web", 1001).expect_err("over the cap");
        assert_eq!(error, format!("error: invalid value 1001 for --replicas: {limit}"));
        // A manifest's spec.replicas is refused with the same limit.
        let manifest = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1001\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx\n";
        let files = BTreeMap::from([("web.yaml".to_string(), manifest.to_string())]);
        let output = crate::cmd::run(&mut cluster, &files, "kubectl apply -f web.yaml");
        assert!(!output.ok && output.text.contains(&format!("Invalid value: 1001: {limit}")), "{}", output.text);
    }
}
