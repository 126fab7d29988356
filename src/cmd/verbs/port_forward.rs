//! `kubectl port-forward POD|pod/NAME|deploy/NAME|svc/NAME LOCAL:REMOTE...` and `curl
//! localhost:LOCAL`: requests from "your machine" to one pod. kubectl blocks while it
//! forwards; kubeplay keeps the forward open in the background (until the pod is gone), so the
//! next line can be the `curl` the seed types in a second terminal.

use super::*;
use crate::engine::port_forward::ForwardOutcome;

pub(super) const VERB: Verb = Verb {
    name: "port-forward",
    aliases: &[],
    kubectl: true,
    usage: "kubectl port-forward POD|TYPE/NAME [LOCAL_PORT:]REMOTE_PORT...",
    summary: "Forward a local port to a pod (then `curl localhost:LOCAL_PORT`)",
    flags: &[],
    examples: &["kubectl port-forward k8s-node-demo-unhealth-pod 8888:8080", "kubectl port-forward svc/web 8080:80"],
    parse: parse_port_forward,
};

pub(super) const CURL: Verb = Verb {
    name: "curl",
    aliases: &[],
    kubectl: false,
    usage: "curl [-s] [-i] http://localhost:PORT[/PATH]",
    summary: "One HTTP request to a port-forward on localhost",
    flags: &[
        FlagSpec { long: "silent", short: Some('s'), kind: FlagKind::Bool, help: "no progress output" },
        FlagSpec { long: "include", short: Some('i'), kind: FlagKind::Bool, help: "print the status line" },
    ],
    examples: &["curl localhost:8888", "curl -i http://127.0.0.1:8888/"],
    parse: parse_curl,
};

fn parse_port_forward(args: &Args) -> Result<Command, ParseError> {
    let words = args.all_positionals();
    let Some((target, specs)) = words.split_first() else {
        return Err(args.usage(None, "TYPE/NAME and list of ports are required for port-forward"));
    };
    let (kind, name) = pod_target(args, target, "port-forward to")?;
    if specs.is_empty() {
        return Err(args.usage(None, "TYPE/NAME and list of ports are required for port-forward"));
    }
    let mut ports = Vec::new();
    for spec in specs {
        let bad = || args.usage(Some(spec.span), format!("Error parsing local port '{}'", spec.text));
        let (local, remote) = match spec.text.split_once(':') {
            Some(("", remote)) => (remote, remote),
            Some((local, remote)) => (local, remote),
            None => (spec.text.as_str(), spec.text.as_str()),
        };
        let local: u16 = local.parse().ok().filter(|p| *p > 0).ok_or_else(bad)?;
        let remote: u16 = remote.parse().ok().filter(|p| *p > 0).ok_or_else(bad)?;
        ports.push((local, remote));
    }
    Ok(Command::PortForward { kind, name, ports, namespace: args.namespace() })
}

fn parse_curl(args: &Args) -> Result<Command, ParseError> {
    let words = args.all_positionals();
    let [url] = words else {
        return Err(args.playground(None, "curl takes one URL, e.g. `curl localhost:8888`"));
    };
    Ok(Command::Curl { url: url.text.clone(), include: args.bool("include") })
}

/// Sets up the forwards: the target resolves to one pod now, as kubectl's does.
pub(crate) fn port_forward(
    cluster: &mut Cluster,
    kind: ResourceKind,
    name: &str,
    ports: &[(u16, u16)],
) -> Result<String, String> {
    let store = &cluster.store;
    let (pod, remote_of): (String, Box<dyn Fn(u16) -> i64>) = match kind {
        ResourceKind::Service => {
            let svc = store
                .services
                .get(name)
                .ok_or_else(|| format!("Error from server (NotFound): services \"{name}\" not found"))?;
            let pod = store
                .pods()
                .values()
                .find(|p| {
                    !svc.spec.selector.is_empty()
                        && svc.spec.selector.iter().all(|(k, v)| p.metadata.labels.get(k) == Some(v))
                        && p.phase() == "Running"
                })
                .map(|p| p.metadata.name.clone())
                .ok_or_else(|| format!("error: no running pods found for service/{name}"))?;
            let svc_ports = svc.spec.ports.clone();
            let remote = move |port: u16| -> i64 {
                svc_ports
                    .iter()
                    .find(|p| p.port == port as i64)
                    .and_then(|p| match &p.target_port {
                        Some(IntOrString::Int(n)) => Some(*n),
                        _ => None,
                    })
                    .unwrap_or(port as i64)
            };
            (pod, Box::new(remote))
        }
        ResourceKind::Pod => {
            store.pod(name).ok_or_else(|| format!("Error from server (NotFound): pods \"{name}\" not found"))?;
            (name.to_string(), Box::new(|port| port as i64))
        }
        _ => {
            let pod = store
                .pods()
                .values()
                .find(|p| {
                    p.controller_ref().is_some_and(|o| o.name == name || o.name.starts_with(&format!("{name}-")))
                        && p.phase() == "Running"
                })
                .map(|p| p.metadata.name.clone())
                .ok_or_else(|| format!("error: no running pods found for {}/{name}", kind.kubectl_singular()))?;
            (pod, Box::new(|port| port as i64))
        }
    };
    if cluster.store.pod(&pod).is_some_and(|p| p.phase() != "Running") {
        return Err(format!(
            "error: unable to forward port because pod is not running. Current status={}",
            cluster.store.pod(&pod).map(|p| p.phase().to_string()).unwrap_or_default()
        ));
    }
    let mut lines = Vec::new();
    for (local, remote) in ports {
        let target = remote_of(*remote);
        cluster.port_forwards.insert(*local, (pod.clone(), target));
        lines.push(format!("Forwarding from 127.0.0.1:{local} -> {target}"));
        lines.push(format!("Forwarding from [::1]:{local} -> {target}"));
    }
    lines.push("(kubeplay keeps forwarding in the background; `curl localhost:PORT` sends a request)".into());
    Ok(lines.join("\n"))
}

/// `curl URL` from the user's machine: only localhost port-forwards are reachable.
pub(crate) fn curl(cluster: &mut Cluster, url: &str, include: bool) -> Result<String, String> {
    let rest = url.strip_prefix("http://").unwrap_or(url);
    let (authority, path) = match rest.find('/') {
        Some(at) => (&rest[..at], &rest[at..]),
        None => (rest, "/"),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) => (
            host,
            port.parse::<u16>().map_err(|_| {
                "curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535".to_string()
            })?,
        ),
        None => (authority, 80),
    };
    if !matches!(host, "localhost" | "127.0.0.1" | "[::1]") {
        return Err(format!(
            "curl: (6) Could not resolve host: {host}\nkubeplay: from your machine only `kubectl port-forward`s on localhost are reachable; inside the cluster use `load curl SERVICE` or `kubectl exec POD -- curl http://{host}`"
        ));
    }
    let Some((pod, target)) = cluster.port_forwards.get(&port).cloned() else {
        return Err(format!(
            "curl: (7) Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server\nkubeplay: nothing listens on localhost:{port}; start `kubectl port-forward POD {port}:CONTAINER_PORT` first"
        ));
    };
    match cluster.pod_http_get(&pod, target, path) {
        ForwardOutcome::Answered { status, body } => {
            let body = body.trim_end().to_string();
            Ok(if include { format!("HTTP/1.1 {status} {}\n\n{body}", crate::engine::apps::shell::reason_phrase(status)) } else { body })
        }
        ForwardOutcome::Refused => Err(format!(
            "curl: (52) Empty reply from server\nE kubeplay port-forward: error forwarding port {target} to pod {pod}: connection refused"
        )),
        ForwardOutcome::PodGone => {
            cluster.port_forwards.remove(&port);
            Err(format!("curl: (52) Empty reply from server\nerror: lost connection to pod {pod} (the port-forward ended)"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::verbs::testing::*;

    #[test]
    fn parse() {
        check(
            "kubectl port-forward k8s-node-demo-unhealth-pod 8888:8080",
            Command::PortForward {
                kind: ResourceKind::Pod,
                name: "k8s-node-demo-unhealth-pod".into(),
                ports: vec![(8888, 8080)],
                namespace: None,
            },
        );
        check("curl localhost:8888", Command::Curl { url: "localhost:8888".into(), include: false });
    }

    /// Seed 003: the app answers 500 after its fifth request; the liveness probe's requests
    /// count too, and the kubelet restarts the container.
    #[test]
    fn seed_003_port_forward_then_curl() {
        let mut cluster = Cluster::new(1);
        let run = |cluster: &mut Cluster, line: &str| crate::cmd::run(cluster, &crate::cmd::NoFiles, line);
        let manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: k8s-node-demo-unhealth-pod\nspec:\n  containers:\n  - image: k8s-node-demo-unhealth-image\n    imagePullPolicy: Never\n    name: k8s-node-demo-unhealth-container\n    livenessProbe:\n      httpGet:\n        path: /\n        port: 8080\n";
        let files: BTreeMap<String, String> = [("demo-liveness-probe.yaml".to_string(), manifest.to_string())].into();
        let out = crate::cmd::run(&mut cluster, &files, "kubectl create -f demo-liveness-probe.yaml");
        assert_eq!(out.text, "pod/k8s-node-demo-unhealth-pod created");
        cluster.run_for(SimDuration::from_secs(5));
        let out = run(&mut cluster, "kubectl port-forward k8s-node-demo-unhealth-pod 8888:8080");
        assert!(out.ok, "{}", out.text);
        assert!(out.text.starts_with("Forwarding from 127.0.0.1:8888 -> 8080"));
        let mut statuses = Vec::new();
        for _ in 0..6 {
            let out = run(&mut cluster, "curl -i localhost:8888");
            statuses.push(out.text.lines().next().unwrap_or_default().to_string());
        }
        assert!(statuses.iter().any(|s| s.starts_with("HTTP/1.1 500")), "{statuses:?}");
        cluster.run_for(SimDuration::from_secs(60));
        let events: Vec<String> =
            cluster.events.stream().iter().map(|e| format!("{} {} {}", e.at, e.reason, e.message)).collect();
        let pod = cluster.store.pod("k8s-node-demo-unhealth-pod").expect("pod");
        let restarts: i64 =
            pod.status.as_ref().map(|s| s.container_statuses.iter().map(|c| c.restart_count).sum()).unwrap_or(0);
        assert!(
            restarts >= 1,
            "the liveness probe saw the 500s and the kubelet restarted the container: {statuses:?}\n{}",
            events.join("\n")
        );
        let out = run(&mut cluster, "curl localhost:9999");
        assert!(!out.ok && out.text.contains("Failed to connect"), "{}", out.text);
    }
}
