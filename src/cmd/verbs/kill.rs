//! `kill POD [-c C] [--exit-code N | --oom]` (playground): a container's main process dies.

use super::*;

pub(super) const VERB: Verb = Verb {
    name: "kill",
    aliases: &[],
    kubectl: false,
    usage: "kill POD [-c CONTAINER] [--exit-code N | --oom]",
    summary: "Kill a container's main process (default: SIGKILL, exit code 137)",
    flags: &[
        CONTAINER_FLAG,
        FlagSpec {
            long: "exit-code",
            short: None,
            kind: FlagKind::Value,
            help: "the process exits with this code (0-255)",
        },
        FlagSpec {
            long: "oom",
            short: None,
            kind: FlagKind::Bool,
            help: "killed for using too much memory (OOMKilled)",
        },
    ],
    examples: &[
        "kill web-5d4c8b7f9-4jw2p",
        "kill web-5d4c8b7f9-4jw2p --exit-code 1",
        "kill web-5d4c8b7f9-4jw2p -c app --oom",
    ],
    parse: parse_kill,
};

fn parse_kill(args: &Args) -> Result<Command, ParseError> {
    let pod = playground_name(args, "pod name")?;
    let exit_code = args.int("exit-code")?;
    let reason = match (exit_code, args.bool("oom")) {
        (Some(_), true) => {
            return Err(args.playground(Some(args.flag_span("oom")), "--exit-code and --oom cannot be used together"))
        }
        (Some(code), false) => match u8::try_from(code) {
            Ok(code) => KillReason::ExitCode(code),
            Err(_) => {
                return Err(args.playground(
                    Some(args.flag_span("exit-code")),
                    format!("--exit-code must be between 0 and 255, got {code}"),
                ))
            }
        },
        (None, true) => KillReason::OomKilled,
        (None, false) => KillReason::ExitCode(137),
    };
    Ok(Command::Kill { pod, container: args.string("container"), reason })
}

pub(crate) fn kill(
    cluster: &mut Cluster,
    pod: &str,
    container: Option<&str>,
    reason: KillReason,
) -> Result<String, String> {
    let killed = match reason {
        KillReason::ExitCode(code) => cluster.kill_process(pod, container, code as i32, false),
        KillReason::OomKilled => cluster.kill_process(pod, container, 137, true),
    }
    .map_err(|e| print::errors::client_error(&e))?;
    Ok(format!(
        "container {} in pod {pod} killed (exit code {}{})",
        killed.container,
        killed.exit_code,
        if killed.oom_killed { ", OOMKilled" } else { "" }
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::verbs::testing::*;

    #[test]
    fn kill() {
        check("kill web-1", Command::Kill { pod: "web-1".into(), container: None, reason: KillReason::ExitCode(137) });
        check(
            "kill web-1 --exit-code 1",
            Command::Kill { pod: "web-1".into(), container: None, reason: KillReason::ExitCode(1) },
        );
        check(
            "kill web-1 -c app --oom",
            Command::Kill { pod: "web-1".into(), container: Some("app".into()), reason: KillReason::OomKilled },
        );
        check_error(
            "kill web-1 --exit-code 300",
            "error: --exit-code must be between 0 and 255, got 300\nUsage: kill POD [-c CONTAINER] [--exit-code N | --oom]",
        );
        check_error(
            "kill web-1 --exit-code 1 --oom",
            "error: --exit-code and --oom cannot be used together\nUsage: kill POD [-c CONTAINER] [--exit-code N | --oom]",
        );
        check_error("kill", "error: missing pod name\nUsage: kill POD [-c CONTAINER] [--exit-code N | --oom]");
    }

    #[test]
    fn kill_says_what_died_and_why_it_cannot() {
        let mut cluster = Cluster::new(1);
        check_run(&mut cluster, "kill nope", "Error from server (NotFound): pods \"nope\" not found");
        assert!(run(&mut cluster, &NoFiles, "kubectl create deployment web --image=nginx").ok);
        run(&mut cluster, &NoFiles, "sleep 30s");
        let pod = cluster.store.pods().keys().next().cloned().expect("a pod");
        check_run(
            &mut cluster,
            &format!("kill {pod} -c app"),
            &format!("error: container app is not valid for pod {pod}"),
        );
        check_run(
            &mut cluster,
            &format!("kill {pod} --oom"),
            &format!("container nginx in pod {pod} killed (exit code 137, OOMKilled)"),
        );
        check_run(&mut cluster, &format!("kill {pod}"), &format!("error: container nginx in pod {pod} is not running"));
        run(&mut cluster, &NoFiles, "sleep 60s");
        check_run(
            &mut cluster,
            &format!("kill {pod} --exit-code 3"),
            &format!("container nginx in pod {pod} killed (exit code 3)"),
        );
    }
}
