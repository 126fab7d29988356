//! `kubectl rollout status|history|undo|restart|pause|resume`.

use super::*;

pub(super) const STATUS: Verb = Verb {
    name: "rollout status",
    aliases: &[],
    kubectl: true,
    usage: "kubectl rollout status deployment/NAME [--watch=false] [--timeout=DURATION]",
    summary: "Follow a rollout until it completes",
    flags: &[
        FlagSpec {
            long: "watch",
            short: Some('w'),
            kind: FlagKind::Bool,
            help: "wait for the rollout to finish (default true)",
        },
        FlagSpec { long: "revision", short: None, kind: FlagKind::Value, help: "pin to a revision" },
        FlagSpec { long: "timeout", short: None, kind: FlagKind::Value, help: "stop waiting after this long" },
    ],
    examples: &["kubectl rollout status deployment/web"],
    parse: parse_rollout_status,
};

pub(super) const HISTORY: Verb = Verb {
    name: "rollout history",
    aliases: &[],
    kubectl: true,
    usage: "kubectl rollout history deployment/NAME [--revision=N]",
    summary: "List the revisions of a Deployment",
    flags: &[FlagSpec {
        long: "revision",
        short: None,
        kind: FlagKind::Value,
        help: "show the details of one revision",
    }],
    examples: &["kubectl rollout history deployment/web"],
    parse: parse_rollout_history,
};

pub(super) const UNDO: Verb = Verb {
    name: "rollout undo",
    aliases: &[],
    kubectl: true,
    usage: "kubectl rollout undo deployment/NAME [--to-revision=N]",
    summary: "Roll back to the previous (or a given) revision",
    flags: &[FlagSpec {
        long: "to-revision",
        short: None,
        kind: FlagKind::Value,
        help: "the revision to roll back to (default: the previous one)",
    }],
    examples: &["kubectl rollout undo deployment/web", "kubectl rollout undo deployment/web --to-revision=1"],
    parse: parse_rollout_undo,
};

pub(super) const RESTART: Verb = Verb {
    name: "rollout restart",
    aliases: &[],
    kubectl: true,
    usage: "kubectl rollout restart deployment/NAME",
    summary: "Replace every pod of a Deployment by a rolling update",
    flags: &[],
    examples: &["kubectl rollout restart deployment/web"],
    parse: parse_rollout_restart,
};

pub(super) const PAUSE: Verb = Verb {
    name: "rollout pause",
    aliases: &[],
    kubectl: true,
    usage: "kubectl rollout pause deployment/NAME",
    summary: "Pause a Deployment's rollouts",
    flags: &[],
    examples: &["kubectl rollout pause deployment/web"],
    parse: parse_rollout_pause,
};

pub(super) const RESUME: Verb = Verb {
    name: "rollout resume",
    aliases: &[],
    kubectl: true,
    usage: "kubectl rollout resume deployment/NAME",
    summary: "Resume a paused Deployment",
    flags: &[],
    examples: &["kubectl rollout resume deployment/web"],
    parse: parse_rollout_resume,
};

fn parse_rollout(args: &Args, action: RolloutAction) -> Result<Command, ParseError> {
    let words = args.all_positionals();
    let Some((kind, name)) = one_target(args, words)? else {
        return Err(args.usage(None, "required resource not specified"));
    };
    let span = words.first().map_or(args.end_span(), |word| word.span);
    require_kind(args, span, kind, &[ResourceKind::Deployment], "roll out")?;
    let revision_flag = if action == RolloutAction::Undo { "to-revision" } else { "revision" };
    let revision = match args.int(revision_flag)? {
        None | Some(0) => None,
        Some(n) => Some(u64::try_from(n).map_err(|_| {
            args.usage(Some(args.flag_span(revision_flag)), format!("revision must be a positive integer: {n}"))
        })?),
    };
    let watch = !args.has("watch") || args.bool("watch");
    Ok(Command::Rollout {
        action,
        kind,
        name,
        revision,
        watch,
        timeout: args.duration("timeout")?,
        namespace: args.namespace(),
    })
}

fn parse_rollout_status(args: &Args) -> Result<Command, ParseError> {
    parse_rollout(args, RolloutAction::Status)
}

fn parse_rollout_history(args: &Args) -> Result<Command, ParseError> {
    parse_rollout(args, RolloutAction::History)
}

fn parse_rollout_undo(args: &Args) -> Result<Command, ParseError> {
    parse_rollout(args, RolloutAction::Undo)
}

fn parse_rollout_restart(args: &Args) -> Result<Command, ParseError> {
    parse_rollout(args, RolloutAction::Restart)
}

fn parse_rollout_pause(args: &Args) -> Result<Command, ParseError> {
    parse_rollout(args, RolloutAction::Pause)
}

fn parse_rollout_resume(args: &Args) -> Result<Command, ParseError> {
    parse_rollout(args, RolloutAction::Resume)
}

pub(crate) fn rollout(
    cluster: &mut Cluster,
    action: RolloutAction,
    name: &str,
    revision: Option<u64>,
    watch: bool,
    timeout: Option<SimDuration>,
) -> Result<String, String> {
    match action {
        RolloutAction::Restart => {
            cluster.rollout_restart(name).map_err(api).map(|_| format!("deployment.apps/{name} restarted"))
        }
        RolloutAction::Pause => {
            cluster.rollout_pause(name, true).map_err(api).map(|_| format!("deployment.apps/{name} paused"))
        }
        RolloutAction::Resume => {
            cluster.rollout_pause(name, false).map_err(api).map(|_| format!("deployment.apps/{name} resumed"))
        }
        RolloutAction::Undo => {
            let before = cluster.store.deployments.get(name).map(|d| d.spec.template.clone());
            cluster.rollout_undo(name, revision.map(|r| r as i64)).map_err(api)?;
            let after = cluster.store.deployments.get(name).map(|d| d.spec.template.clone());
            Ok(if before == after {
                format!(
                    "deployment.apps/{name} skipped rollback (current template already matches revision {})",
                    revision.unwrap_or(0)
                )
            } else {
                format!("deployment.apps/{name} rolled back")
            })
        }
        RolloutAction::History => {
            let revs = cluster.rollout_history(name).map_err(api)?;
            if let Some(rev) = revision {
                let Some(rs) = cluster.replica_sets_of(name).into_iter().find(|rs| {
                    rs.metadata.annotations.get("deployment.kubernetes.io/revision").map(String::as_str)
                        == Some(rev.to_string().as_str())
                }) else {
                    return Err(format!("error: unable to find the specified revision {rev}"));
                };
                let images: Vec<String> = rs
                    .spec
                    .template
                    .spec
                    .containers
                    .iter()
                    .map(|c| format!("   {}:\n    Image:\t{}", c.name, c.image))
                    .collect();
                return Ok(format!(
                    "deployment.apps/{name} with revision #{rev}\nPod Template:\n  Labels:\t{}\n  Containers:\n{}",
                    print::format_labels(&rs.spec.template.metadata.labels),
                    images.join("\n")
                ));
            }
            let mut table = print::Table::new(&["REVISION", "CHANGE-CAUSE"]);
            for (rev, cause) in revs {
                table.push(vec![rev.to_string(), cause], String::new());
            }
            Ok(format!("deployment.apps/{name} \n{}", print::render_table(&table, false).trim_end()))
        }
        RolloutAction::Status => {
            if !cluster.store.deployments.contains_key(name) {
                return Err(not_found(ResourceKind::Deployment, name));
            }
            let deadline = cluster.now() + timeout.unwrap_or(MAX_BLOCKING_WAIT);
            let mut lines: Vec<String> = Vec::new();
            loop {
                let (done, message) = rollout_status_message(cluster, name);
                if lines.last() != Some(&message) {
                    lines.push(message);
                }
                if done || !watch {
                    break;
                }
                if cluster.now() >= deadline {
                    lines.push(format!(
                        "error: timed out waiting for the condition (kubeplay let {} of cluster time pass while waiting; use --timeout to choose, or --watch=false)",
                        crate::engine::time::go_duration(timeout.unwrap_or(MAX_BLOCKING_WAIT))
                    ));
                    return Err(lines.join("\n"));
                }
                cluster.run_for(SimDuration::from_secs(1));
            }
            Ok(lines.join("\n"))
        }
    }
}

/// kubectl's DeploymentStatusViewer (reference §5.4).
pub(crate) fn rollout_status_message(cluster: &Cluster, name: &str) -> (bool, String) {
    let Some(d) = cluster.store.deployments.get(name) else { return (true, not_found(ResourceKind::Deployment, name)) };
    let status = d.status.clone().unwrap_or_default();
    let replicas = d.spec.replicas.unwrap_or(1);
    if status
        .conditions
        .iter()
        .any(|c| c.type_ == "Progressing" && c.reason.as_deref() == Some("ProgressDeadlineExceeded"))
    {
        return (true, format!("error: deployment {name:?} exceeded its progress deadline"));
    }
    if status.observed_generation < d.metadata.generation {
        return (false, "Waiting for deployment spec update to be observed...".into());
    }
    if status.updated_replicas < replicas {
        return (false, format!("Waiting for deployment \"{name}\" rollout to finish: {} out of {replicas} new replicas have been updated...", status.updated_replicas));
    }
    if status.replicas > status.updated_replicas {
        return (
            false,
            format!(
                "Waiting for deployment \"{name}\" rollout to finish: {} old replicas are pending termination...",
                status.replicas - status.updated_replicas
            ),
        );
    }
    if status.available_replicas < status.updated_replicas {
        return (
            false,
            format!(
                "Waiting for deployment \"{name}\" rollout to finish: {} of {} updated replicas are available...",
                status.available_replicas, status.updated_replicas
            ),
        );
    }
    (true, format!("deployment \"{name}\" successfully rolled out"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::verbs::testing::*;

    #[test]
    fn rollout() {
        let rollout = |action, revision| Command::Rollout {
            action,
            kind: ResourceKind::Deployment,
            name: "web".into(),
            revision,
            watch: true,
            timeout: None,
            namespace: None,
        };
        check("kubectl rollout status deployment/web", rollout(RolloutAction::Status, None));
        check("kubectl rollout history deploy/web", rollout(RolloutAction::History, None));
        check("kubectl rollout undo deployment web --to-revision=2", rollout(RolloutAction::Undo, Some(2)));
        check("kubectl rollout restart deployment/web", rollout(RolloutAction::Restart, None));
        check("kubectl rollout pause deployment/web", rollout(RolloutAction::Pause, None));
        check("kubectl rollout resume deployment/web", rollout(RolloutAction::Resume, None));
        let Command::Rollout { watch, timeout, .. } = ok("kubectl rollout status deploy/web -w=false --timeout=2m")
        else {
            panic!()
        };
        assert_eq!((watch, timeout), (false, Some(SimDuration::from_secs(120))));
        check("kubectl rollout", Command::Help { topic: Some("rollout".into()) });
        check_error("kubectl rollout status", "error: required resource not specified");
        check_error("kubectl rollout undo deploy/web --revision=2", "error: unknown flag: --revision");
        check_error("kubectl rollout status pod/x", "error: cannot roll out pods: expected deployments");
    }

    #[test]
    fn rollout_undo_without_history_or_revision_fails_as_kubectl_does() {
        let mut cluster = Cluster::new(1);
        assert!(run(&mut cluster, &NoFiles, "kubectl create deployment web --image=nginx").ok);
        run(&mut cluster, &NoFiles, "sleep 5s");
        check_run(
            &mut cluster,
            "kubectl rollout undo deploy/web",
            "error: no rollout history found for deployment \"web\"",
        );
        check_run(
            &mut cluster,
            "kubectl rollout undo deploy/web --to-revision=7",
            "error: unable to find specified revision 7 in history",
        );
        check_run(
            &mut cluster,
            "kubectl rollout restart deploy/nope",
            "Error from server (NotFound): deployments.apps \"nope\" not found",
        );
    }
}
