//! `kubectl exec POD -- CMD`: run a command in a container's simulated shell.

use super::*;

pub(super) const VERB: Verb = Verb {
    name: "exec",
    aliases: &[],
    kubectl: true,
    usage: "kubectl exec [-it] POD [-c CONTAINER] -- COMMAND [ARGS...]\nkubectl exec -it POD -- bash|sh   (the container's shell until `exit`; see docs/shell.md)",
    summary: "Run a command in a container, or open its shell (-it ... -- bash)",
    flags: &[
        CONTAINER_FLAG,
        FlagSpec { long: "stdin", short: Some('i'), kind: FlagKind::Bool, help: "pass standard input" },
        FlagSpec { long: "tty", short: Some('t'), kind: FlagKind::Bool, help: "allocate a terminal" },
        FlagSpec { long: "quiet", short: Some('q'), kind: FlagKind::Bool, help: "print only the command's output" },
    ],
    examples: &[
        r#"kubectl exec -it hello-world-flask-56fbff68c8-2xz7w -- bash -c "killall python3""#,
        "kubectl exec liveness-exec -- rm /tmp/healthy",
        "kubectl exec -it hello-world-flask-64dd645c57-4clbp -- bash",
    ],
    parse: parse_exec,
};

fn parse_exec(args: &Args) -> Result<Command, ParseError> {
    let before = args.positionals();
    let Some(target) = before.first() else {
        return Err(usage_error(args, None, "pod, type/name or --filename must be specified"));
    };
    if before.len() > 1 {
        return Err(usage_error(
            args,
            Some(before[1].span),
            "exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead",
        ));
    }
    let (kind, name) = pod_target(args, target, "exec into")?;
    let command = texts(args.after_dash().unwrap_or(&[]));
    if command.is_empty() {
        return Err(usage_error(args, None, "you must specify at least one command for the container"));
    }
    Ok(Command::Exec {
        kind,
        name,
        container: args.string("container"),
        stdin: args.bool("stdin"),
        tty: args.bool("tty"),
        command,
        namespace: args.namespace(),
    })
}

pub(crate) fn exec(
    cluster: &mut Cluster,
    pod: &str,
    container: Option<&str>,
    command: &[String],
    stdin: bool,
) -> Result<String, String> {
    if command.is_empty() {
        return Err("error: you must specify at least one command for the container".into());
    }
    if let [program] = command {
        if matches!(
            program.as_str(),
            "bash" | "sh" | "/bin/bash" | "/bin/sh" | "ash" | "/bin/ash" | "dash" | "/bin/dash"
        ) {
            if !stdin {
                // Without -i the shell reads no input: it starts, sees the end of input, exits 0.
                cluster.exec_in_container(pod, container, &[program.clone(), "-c".into(), "true".into()])?;
                return Ok(String::new());
            }
            // `Session` opens an interactive shell (`cmd::shell::Shell`) before this point.
            return Err(format!(
                "kubeplay: an interactive shell needs the REPL or the web console; here run one command at a time: kubectl exec {pod} -- {program} -c \"COMMAND\""
            ));
        }
    }
    let result = cluster.exec_in_container(pod, container, command)?;
    let mut text = result.output.trim_end().to_string();
    if result.exit_code != 0 {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&format!("command terminated with exit code {}", result.exit_code));
        return Err(text);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::verbs::testing::*;

    #[test]
    fn exec_seed_001() {
        check(
            r#"kubectl exec -it hello-world-flask-56fbff68c8-2xz7w -- bash -c "killall python3""#,
            Command::Exec {
                kind: ResourceKind::Pod,
                name: "hello-world-flask-56fbff68c8-2xz7w".into(),
                container: None,
                stdin: true,
                tty: true,
                command: vec!["bash".into(), "-c".into(), "killall python3".into()],
                namespace: None,
            },
        );
        let Command::Exec { container, command, stdin, .. } = ok("kubectl exec web-1 -c app -- rm -f /tmp/healthy")
        else {
            panic!()
        };
        assert_eq!((container.as_deref(), stdin), (Some("app"), false));
        assert_eq!(command, vec!["rm", "-f", "/tmp/healthy"]);
        check_error(
            "kubectl exec web-1 ls",
            "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples",
        );
        check_error(
            "kubectl exec web-1",
            "error: you must specify at least one command for the container\nSee 'kubectl exec -h' for help and examples",
        );
        check_error(
            "kubectl exec -- ls",
            "error: pod, type/name or --filename must be specified\nSee 'kubectl exec -h' for help and examples",
        );
    }

    #[test]
    fn exec_errors_are_worded_as_the_api_server_words_them() {
        let mut cluster = Cluster::new(1);
        check_run(&mut cluster, "kubectl exec nope -- ls", "Error from server (NotFound): pods \"nope\" not found");
        assert!(run(&mut cluster, &NoFiles, "kubectl create deployment web --image=nginx").ok);
        run(&mut cluster, &NoFiles, "sleep 30s");
        let pod = cluster.store.pods().keys().next().cloned().expect("a pod");
        check_run(
            &mut cluster,
            &format!("kubectl exec {pod} -c app -- ls"),
            &format!("Error from server (BadRequest): container app is not valid for pod {pod}"),
        );
        let node = cluster.store.pod(&pod).and_then(|p| p.spec.node_name.clone()).expect("scheduled");
        run(&mut cluster, &NoFiles, &format!("node power-off {node}"));
        check_run(
            &mut cluster,
            &format!("kubectl exec {pod} -- ls"),
            "error: unable to upgrade connection: container not found",
        );
    }
}
