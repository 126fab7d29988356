//! Chart markers for user actions: which commands change the cluster enough to deserve a
//! vertical line on the charts, and the short label it gets (the command, without `kubectl`).

use super::{Command, KillReason, NodeAction, ResourceKind, RolloutAction};
use crate::engine::series::MarkerKind;
use crate::engine::Cluster;

/// Longest marker label; longer commands are cut with an ellipsis.
const MAX_LABEL: usize = 40;

/// Records a marker for `command` if it succeeded and changes the cluster.
pub(crate) fn mark_action(cluster: &mut Cluster, command: &Command, ok: bool) {
    if let Some(label) = ok.then(|| action_label(command)).flatten() {
        cluster.mark(MarkerKind::Action, shorten(label));
    }
}

/// The label of a command that changes the cluster; `None` for reads and waits.
pub fn action_label(command: &Command) -> Option<String> {
    let kind_name = |kind: &ResourceKind| kind.kubectl_singular().split('.').next().unwrap_or("").to_string();
    let label = match command {
        Command::Apply { files, .. } => format!("apply -f {}", files.join(",")),
        Command::Create { files, .. } => format!("create -f {}", files.join(",")),
        Command::CreateDeployment { name, dry_run: false, .. } => format!("create deployment {name}"),
        Command::CreateService { name, dry_run: false, .. } => format!("create service {name}"),
        Command::Delete { kinds, names, selector, all, .. } => {
            let kinds: Vec<String> = kinds.iter().map(kind_name).collect();
            let what = match (selector, all) {
                (Some(selector), _) => format!("-l {selector}"),
                (None, true) => "--all".to_string(),
                (None, false) => names.join(" "),
            };
            format!("delete {} {what}", kinds.join(","))
        }
        Command::DeleteFiles { files, .. } => format!("delete -f {}", files.join(",")),
        Command::Scale { name, replicas, .. } => format!("scale {name} --replicas={replicas}"),
        Command::Autoscale { name, min, max, .. } => format!("autoscale {name} --min={} --max={max}", min.unwrap_or(1)),
        Command::SetImage { name, images, .. } => {
            let images: Vec<&str> = images.iter().map(|i| i.image.as_str()).collect();
            format!("set image {name} {}", images.join(","))
        }
        Command::Rollout { action, name, .. } => match action {
            RolloutAction::Undo => format!("rollout undo {name}"),
            RolloutAction::Restart => format!("rollout restart {name}"),
            RolloutAction::Pause => format!("rollout pause {name}"),
            RolloutAction::Resume => format!("rollout resume {name}"),
            RolloutAction::Status | RolloutAction::History => return None,
        },
        Command::Patch { kind, name, .. } => format!("patch {} {name}", kind_name(kind)),
        // Only an exec that kills something counts (the seed's `pkill python3`).
        Command::Exec { name, command, .. }
            if command.iter().any(|w| matches!(w.as_str(), "kill" | "pkill" | "killall")) =>
        {
            format!("exec {name}: {}", command.join(" "))
        }
        Command::Label { annotations, kind, names, .. } => {
            format!("{} {} {}", if *annotations { "annotate" } else { "label" }, kind_name(kind), names.join(" "))
        }
        Command::Taint { node, .. } => format!("taint {node}"),
        Command::Cordon { node } => format!("cordon {node}"),
        Command::Uncordon { node } => format!("uncordon {node}"),
        Command::Drain { node, .. } => format!("drain {node}"),
        Command::Node { action, name } => {
            let verb = match action {
                NodeAction::PowerOff => "power-off",
                NodeAction::PowerOn => "power-on",
                NodeAction::Disconnect => "disconnect",
                NodeAction::Reconnect => "reconnect",
            };
            format!("{verb} {name}")
        }
        Command::Kill { pod, reason, .. } => match reason {
            KillReason::OomKilled => format!("kill {pod} --oom"),
            KillReason::ExitCode(137) => format!("kill {pod}"),
            KillReason::ExitCode(code) => format!("kill {pod} --exit-code {code}"),
        },
        Command::Health { pod, fail: true, .. } => format!("health fail {pod}"),
        Command::Health { pod, fail: false, .. } => format!("health recover {pod}"),
        Command::LoadStart { service, rps } => format!("load start {service} {rps} rps"),
        Command::LoadAb { service, concurrency, requests } => format!("ab -c {concurrency} -n {requests} {service}"),
        Command::LoadCurl { service, every } => {
            format!("curl {service} every {}", crate::engine::time::go_duration(*every))
        }
        Command::LoadStop { service } => {
            format!("load stop {}", service.as_deref().unwrap_or("")).trim_end().to_string()
        }
        _ => return None,
    };
    Some(label)
}

fn shorten(label: String) -> String {
    if label.chars().count() <= MAX_LABEL {
        return label;
    }
    let mut short: String = label.chars().take(MAX_LABEL - 1).collect();
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(line: &str, expected: Option<&str>) {
        let command = crate::cmd::parse(line).ok().flatten().unwrap_or_else(|| panic!("{line}: does not parse"));
        assert_eq!(action_label(&command).map(shorten).as_deref(), expected, "{line}");
    }

    #[test]
    fn labels() {
        check("node power-off node-2", Some("power-off node-2"));
        check("kubectl scale deploy/web --replicas=5", Some("scale web --replicas=5"));
        check("kubectl delete pod web-1 web-2", Some("delete pod web-1 web-2"));
        check("kubectl exec web-1 -- pkill python3", Some("exec web-1: pkill python3"));
        check("kubectl exec web-1 -- ls", None);
        check("kill web-1", Some("kill web-1"));
        check("kubectl get pods", None);
        check("kubectl rollout status deployment/web", None);
        check(
            "kubectl apply -f a-very-long-file-name-for-the-deployment-manifest.yaml",
            Some("apply -f a-very-long-file-name-for-the-…"),
        );
    }
}
