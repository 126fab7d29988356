//! `kubectl set image`: change container images of a Deployment (a new rollout).

use super::*;

pub(super) const VERB: Verb = Verb {
    name: "set image",
    aliases: &[],
    kubectl: true,
    usage: "kubectl set image deployment/NAME CONTAINER=IMAGE...",
    summary: "Change container images (starts a rollout)",
    flags: &[],
    examples: &["kubectl set image deployment/web nginx=nginx:1.27", "kubectl set image deployment web *=nginx:1.27"],
    parse: parse_set_image,
};

fn parse_set_image(args: &Args) -> Result<Command, ParseError> {
    let words = args.all_positionals();
    let n_resource_words = words.iter().position(|word| word.text.contains('=')).unwrap_or(words.len());
    let (resource_words, image_words) = words.split_at(n_resource_words);
    let Some((kind, name)) = one_target(args, resource_words)? else {
        return Err(
            args.usage(None, "one or more resources must be specified as <resource> <name> or <resource>/<name>")
        );
    };
    require_kind(
        args,
        resource_words[0].span,
        kind,
        &[ResourceKind::Deployment, ResourceKind::ReplicaSet, ResourceKind::Pod],
        "set image of",
    )?;
    if image_words.is_empty() {
        return Err(args.usage(None, "at least one image update is required"));
    }
    let mut images = Vec::new();
    for word in image_words {
        match word.text.split_once('=') {
            Some((container, image)) if !container.is_empty() && !image.is_empty() => {
                images.push(ContainerImage { container: container.to_string(), image: image.to_string() })
            }
            _ => {
                return Err(args
                    .usage(Some(word.span), format!("invalid image update {:?}: expected CONTAINER=IMAGE", word.text)))
            }
        }
    }
    Ok(Command::SetImage { kind, name, images, namespace: args.namespace() })
}

pub(crate) fn set_image(cluster: &mut Cluster, name: &str, images: &[ContainerImage]) -> Result<String, String> {
    let pairs: Vec<(String, String)> = images.iter().map(|i| (i.container.clone(), i.image.clone())).collect();
    cluster.set_image(name, &pairs).map_err(api)?;
    Ok(format!("deployment.apps/{name} image updated"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::verbs::testing::*;

    #[test]
    fn set_image() {
        check(
            "kubectl set image deployment/web nginx=nginx:1.27 sidecar=busybox",
            Command::SetImage {
                kind: ResourceKind::Deployment,
                name: "web".into(),
                images: vec![
                    ContainerImage { container: "nginx".into(), image: "nginx:1.27".into() },
                    ContainerImage { container: "sidecar".into(), image: "busybox".into() },
                ],
                namespace: None,
            },
        );
        let Command::SetImage { name, images, .. } = ok("kubectl set image deployment web *=nginx") else { panic!() };
        assert_eq!((name.as_str(), images[0].container.as_str()), ("web", "*"));
        check_error("kubectl set image deployment/web", "error: at least one image update is required");
        check_error(
            "kubectl set image nginx=nginx:1.27",
            "error: one or more resources must be specified as <resource> <name> or <resource>/<name>",
        );
    }

    #[test]
    fn set_image_runs_and_names_a_missing_container() {
        let mut cluster = Cluster::new(1);
        check_run(
            &mut cluster,
            "kubectl set image deploy/web nginx=nginx:1.27",
            "Error from server (NotFound): deployments.apps \"web\" not found",
        );
        assert!(run(&mut cluster, &NoFiles, "kubectl create deployment web --image=nginx").ok);
        check_run(&mut cluster, "kubectl set image deploy/web nginx=nginx:1.27", "deployment.apps/web image updated");
        check_run(
            &mut cluster,
            "kubectl set image deploy/web app=nginx:1.27",
            "error: unable to find container named \"app\"",
        );
    }
}
