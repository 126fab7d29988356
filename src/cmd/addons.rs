//! What kubeplay does with manifests from the network and with the `kube-system` namespace.
//! There is no network: `apply -f URL` recognises the add-ons the seeds install (metrics-server,
//! which kubeplay has built in and running in `kube-system`; ingress-nginx, which it does not
//! simulate) and says so; any other URL gets a clear "no network" error.

use super::Command;
use crate::engine::Cluster;

/// Whether a `-f` argument is a URL.
pub fn is_url(name: &str) -> bool {
    name.starts_with("http://") || name.starts_with("https://")
}

/// The add-on a manifest URL installs, from its path.
fn addon_of(url: &str) -> Option<&'static str> {
    let lower = url.to_ascii_lowercase();
    if lower.contains("metrics-server") || lower.contains("/metrics/metrics.yaml") || lower.contains("/metrics.yaml") {
        Some("metrics-server")
    } else if lower.contains("ingress-nginx") || lower.contains("ingress_nginx") {
        Some("ingress-nginx")
    } else {
        None
    }
}

/// `kubectl apply|create -f URL`: what kubeplay answers, without downloading anything.
pub fn apply_url(cluster: &mut Cluster, url: &str, create_only: bool) -> Result<String, String> {
    match addon_of(url) {
        Some("metrics-server") => {
            // The objects of metrics-server's components.yaml, which kubeplay already runs.
            let installed = cluster.install_metrics_server();
            if !installed && create_only {
                return Err(format!(
                    "Error from server (AlreadyExists): error when creating \"{url}\": deployments.apps \"metrics-server\" already exists"
                ));
            }
            let word = if installed { "created" } else { "unchanged" };
            let objects = [
                "serviceaccount/metrics-server",
                "clusterrole.rbac.authorization.k8s.io/system:aggregated-metrics-reader",
                "clusterrole.rbac.authorization.k8s.io/system:metrics-server",
                "rolebinding.rbac.authorization.k8s.io/metrics-server-auth-reader",
                "clusterrolebinding.rbac.authorization.k8s.io/metrics-server:system:auth-delegator",
                "clusterrolebinding.rbac.authorization.k8s.io/system:metrics-server",
                "service/metrics-server",
                "deployment.apps/metrics-server",
                "apiservice.apiregistration.k8s.io/v1beta1.metrics.k8s.io",
            ];
            let mut lines: Vec<String> = objects.iter().map(|o| format!("{o} {word}")).collect();
            lines.insert(
                0,
                "kubeplay: metrics-server is built in and runs in the kube-system namespace (nothing downloaded; kubeplay has no network)".into(),
            );
            Ok(lines.join("\n"))
        }
        Some(_) => Err(format!(
            "error: kubeplay has no network and does not simulate ingress-nginx ({url}): Ingress controllers are not modelled. Reach a Service with `load curl SERVICE` or `load ab -c 50 -n 10000 SERVICE` instead"
        )),
        _ => Err(format!(
            "error: kubeplay has no network: cannot download {url}. Save the manifest to a file (or paste it into the editor in the web app) and run `kubectl apply -f FILE`"
        )),
    }
}

/// Commands in `kube-system` that kubeplay can answer: the built-in metrics-server.
/// `None` for everything else (the caller reports the namespace as missing).
pub fn kube_system(cluster: &Cluster, command: &Command) -> Option<Result<String, String>> {
    match command {
        Command::Wait { names, .. }
            if names.iter().all(|n| n == "metrics-server" || n == "deployment/metrics-server") =>
        {
            Some(if cluster.metrics_api_available() {
                Ok("deployment.apps/metrics-server condition met".into())
            } else {
                Err("Error from server (NotFound): deployments.apps \"metrics-server\" not found".into())
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::cmd::{self, NoFiles};
    use crate::engine::Cluster;

    #[test]
    fn seed_001_urls() {
        let mut cluster = Cluster::new(1);
        let run = |cluster: &mut Cluster, line: &str| cmd::run(cluster, &NoFiles, line);
        let metrics = run(&mut cluster, "kubectl apply -f https://ghproxy.com/https://raw.githubusercontent.com/lyzhang1999/resource/main/metrics/metrics.yaml");
        assert!(metrics.ok, "{}", metrics.text);
        assert!(metrics.text.contains("deployment.apps/metrics-server unchanged"));
        let wait = run(
            &mut cluster,
            "kubectl wait deployment -n kube-system metrics-server --for condition=Available=True --timeout=90s",
        );
        assert!(wait.ok, "{}", wait.text);
        assert_eq!(wait.text, "deployment.apps/metrics-server condition met");
        let ingress = run(&mut cluster, "kubectl create -f https://ghproxy.com/https://raw.githubusercontent.com/lyzhang1999/resource/main/ingress-nginx/ingress-nginx.yaml");
        assert!(!ingress.ok);
        assert!(ingress.text.contains("does not simulate ingress-nginx"), "{}", ingress.text);
        let other = run(&mut cluster, "kubectl apply -f https://example.com/app.yaml");
        assert!(!other.ok);
        assert!(other.text.starts_with("error: kubeplay has no network"), "{}", other.text);
        // A cluster without metrics-server: `top` fails until the manifest is applied.
        let mut config = crate::engine::ClusterConfig::with_nodes(1, 3);
        config.metrics_server = false;
        let mut bare = Cluster::with_config(config);
        bare.run_for(crate::engine::time::SimDuration::from_secs(30));
        assert_eq!(run(&mut bare, "kubectl top nodes").text, "error: Metrics API not available");
        let url = "https://github.com/kubernetes-sigs/metrics-server/releases/latest/download/components.yaml";
        let wait = "kubectl wait deployment -n kube-system metrics-server --for condition=Available=True";
        assert!(!run(&mut bare, wait).ok);
        let out = run(&mut bare, &format!("kubectl apply -f {url}"));
        assert!(out.text.contains("deployment.apps/metrics-server created"), "{}", out.text);
        assert!(run(&mut bare, wait).ok);
        bare.run_for(crate::engine::time::SimDuration::from_secs(40));
        assert!(run(&mut bare, "kubectl top nodes").ok);
        // Other kube-system requests still say the namespace is not there.
        assert!(!run(&mut cluster, "kubectl delete pod x -n kube-system").ok);
    }
}
