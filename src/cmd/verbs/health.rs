//! `health fail|recover POD [-c CONTAINER]` (playground): make a container's health endpoint
//! fail, or recover, so a learner can watch its probes react without editing YAML.
//!
//! What "health" means depends on the program, and the command says what it did:
//! - a program that serves HTTP answers 500 on every path from now on (`recover`: answers as it
//!   normally does). A restart starts a fresh, healthy process, as a real app's broken state
//!   would not survive one either;
//! - a program checked by an exec probe that reads a file (`cat /tmp/healthy`, `test -e F`,
//!   `ls F`, also inside `sh -c`) gets that file removed (`recover`: created), exactly as
//!   `kubectl exec POD -- rm -f F` would (seed 004's `liveness-exec`).

use super::*;

pub(super) const FAIL: Verb = Verb {
    name: "health fail",
    aliases: &[],
    kubectl: false,
    usage: "health fail POD [-c CONTAINER]",
    summary: "Make a container's health endpoint fail (HTTP 500, or remove the file its probe reads)",
    flags: &[CONTAINER_FLAG],
    examples: &["health fail web-5d4c8b7f9-4jw2p", "health fail liveness-exec"],
    parse: parse_fail,
};

pub(super) const RECOVER: Verb = Verb {
    name: "health recover",
    aliases: &[],
    kubectl: false,
    usage: "health recover POD [-c CONTAINER]",
    summary: "Make a container's health endpoint answer normally again",
    flags: &[CONTAINER_FLAG],
    examples: &["health recover web-5d4c8b7f9-4jw2p"],
    parse: parse_recover,
};

fn parse_health(args: &Args, fail: bool) -> Result<Command, ParseError> {
    Ok(Command::Health { pod: playground_name(args, "pod name")?, container: args.string("container"), fail })
}

fn parse_fail(args: &Args) -> Result<Command, ParseError> {
    parse_health(args, true)
}

fn parse_recover(args: &Args) -> Result<Command, ParseError> {
    parse_health(args, false)
}

/// The probe of `container` that reads a file, and that file: (probe name, path).
fn file_probe(container: &Container) -> Option<(&'static str, String)> {
    let probes = [
        ("liveness", &container.liveness_probe),
        ("readiness", &container.readiness_probe),
        ("startup", &container.startup_probe),
    ];
    probes.into_iter().find_map(|(name, probe)| {
        let command = &probe.as_ref()?.exec.as_ref()?.command;
        file_read_by(command).map(|path| (name, path))
    })
}

/// The file a probe command tests: `cat F`, `test -e F` / `-f F`, `ls F`, `stat F`, directly
/// or as the only command of `sh -c "..."`.
fn file_read_by(command: &[String]) -> Option<String> {
    let words: Vec<&str> = match command {
        [shell, flag, script] if matches!(shell.as_str(), "sh" | "/bin/sh" | "bash" | "/bin/bash") && flag == "-c" => {
            script.split_whitespace().collect()
        }
        _ => command.iter().map(String::as_str).collect(),
    };
    let path = match words.as_slice() {
        [program, path] if matches!(*program, "cat" | "ls" | "stat" | "/bin/cat") => path,
        [program, flag, path] if matches!(*program, "test" | "[") && matches!(*flag, "-e" | "-f" | "-s") => path,
        [program, flag, path, "]"] if *program == "[" && matches!(*flag, "-e" | "-f" | "-s") => path,
        _ => return None,
    };
    path.starts_with('/').then(|| path.to_string())
}

pub(crate) fn health(cluster: &mut Cluster, pod: &str, container: Option<&str>, fail: bool) -> Result<String, String> {
    let Some(spec) = cluster.store.pod(pod).map(|p| p.spec.clone()) else {
        return Err(print::api_error(&ApiError::not_found("pods", pod)));
    };
    let name = container.map(str::to_string).or_else(|| spec.containers.first().map(|c| c.name.clone()));
    let Some(c) = spec.containers.iter().find(|c| Some(&c.name) == name.as_ref()) else {
        let container = name.unwrap_or_default();
        return Err(format!("error: container {container} is not valid for pod {pod}"));
    };
    if cluster.set_http_failing(pod, &c.name, fail).map_err(|e| print::errors::client_error(&e))? {
        return Ok(if fail {
            format!(
                "container {} in pod {pod}: its HTTP endpoints now answer 500 (until 'health recover {pod}' or a restart)",
                c.name
            )
        } else {
            format!("container {} in pod {pod}: its HTTP endpoints answer normally again", c.name)
        });
    }
    let Some((probe, path)) = file_probe(c) else {
        return Err(format!(
            "error: container {} in pod {pod} has no health endpoint to switch: it serves no HTTP and no probe of it reads a file",
            c.name
        ));
    };
    let argv: Vec<String> =
        if fail { vec!["rm".into(), "-f".into(), path.clone()] } else { vec!["touch".into(), path.clone()] };
    let result = cluster.exec_in_container(pod, Some(&c.name), &argv).map_err(|e| print::errors::client_error(&e))?;
    if result.exit_code != 0 {
        return Err(format!("{}\ncommand terminated with exit code {}", result.output.trim_end(), result.exit_code));
    }
    Ok(format!(
        "container {} in pod {pod}: {} {path}, the file its {probe} probe reads (as: kubectl exec {pod} -c {} -- {})",
        c.name,
        if fail { "removed" } else { "created" },
        c.name,
        argv.join(" ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::verbs::testing::*;

    fn file(manifest: &str) -> BTreeMap<String, String> {
        BTreeMap::from([("pod.yaml".to_string(), manifest.to_string())])
    }

    #[test]
    fn health_parses() {
        check("health fail web-1", Command::Health { pod: "web-1".into(), container: None, fail: true });
        check(
            "health recover web-1 -c app",
            Command::Health { pod: "web-1".into(), container: Some("app".into()), fail: false },
        );
        check_error("health fail", "error: missing pod name\nUsage: health fail POD [-c CONTAINER]");
    }

    #[test]
    fn probe_files_are_found_in_the_usual_forms() {
        let argv = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        assert_eq!(file_read_by(&argv(&["cat", "/tmp/healthy"])).as_deref(), Some("/tmp/healthy"));
        assert_eq!(file_read_by(&argv(&["test", "-e", "/tmp/ready"])).as_deref(), Some("/tmp/ready"));
        assert_eq!(file_read_by(&argv(&["sh", "-c", "cat /tmp/healthy"])).as_deref(), Some("/tmp/healthy"));
        assert_eq!(file_read_by(&argv(&["[", "-f", "/ok", "]"])).as_deref(), Some("/ok"));
        assert_eq!(file_read_by(&argv(&["cat", "relative"])), None);
        assert_eq!(file_read_by(&argv(&["sh", "-c", "cat /a && cat /b"])), None);
    }

    #[test]
    fn an_http_app_answers_500_until_it_recovers_or_restarts() {
        let mut cluster = Cluster::new(1);
        check_run(&mut cluster, "health fail nope", "Error from server (NotFound): pods \"nope\" not found");
        assert!(run(&mut cluster, &NoFiles, "kubectl create deployment web --image=nginx").ok);
        run(&mut cluster, &NoFiles, "sleep 30s");
        let pod = cluster.store.pods().keys().next().cloned().expect("a pod");
        check_run(
            &mut cluster,
            &format!("health fail {pod}"),
            &format!(
                "container nginx in pod {pod}: its HTTP endpoints now answer 500 (until 'health recover {pod}' or a restart)"
            ),
        );
        let state = |cluster: &Cluster| cluster.runtimes[pod.as_str()].containers[0].app.forced_failing;
        assert!(state(&cluster));
        check_run(
            &mut cluster,
            &format!("health recover {pod}"),
            &format!("container nginx in pod {pod}: its HTTP endpoints answer normally again"),
        );
        assert!(!state(&cluster));
        run(&mut cluster, &NoFiles, &format!("health fail {pod}"));
        run(&mut cluster, &NoFiles, &format!("kill {pod}"));
        run(&mut cluster, &NoFiles, "sleep 20s");
        assert!(!state(&cluster), "a restarted process is healthy again");
        check_run(
            &mut cluster,
            &format!("health fail {pod} -c app"),
            &format!("error: container app is not valid for pod {pod}"),
        );
    }

    #[test]
    fn a_failing_http_liveness_probe_restarts_the_container() {
        let mut cluster = Cluster::new(1);
        let manifest = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - name: web\n    image: nginx\n    livenessProbe:\n      httpGet: {path: /, port: 80}\n      periodSeconds: 5\n";
        let out = crate::cmd::run(&mut cluster, &file(manifest), "kubectl apply -f pod.yaml");
        assert!(out.ok, "{}", out.text);
        run(&mut cluster, &NoFiles, "sleep 30s");
        assert!(run(&mut cluster, &NoFiles, "health fail web").ok);
        run(&mut cluster, &NoFiles, "sleep 20s");
        let describe = run(&mut cluster, &NoFiles, "kubectl describe pod web").text;
        assert!(describe.contains("Liveness probe failed: HTTP probe failed with statuscode: 500"), "{describe}");
        assert!(describe.contains("Restart Count:  1"), "{describe}");
    }

    #[test]
    fn an_exec_probe_file_is_removed_and_created() {
        let mut cluster = Cluster::new(1);
        let manifest = "apiVersion: v1\nkind: Pod\nmetadata: {name: liveness-exec}\nspec:\n  containers:\n  - name: liveness\n    image: busybox\n    args: [/bin/sh, -c, touch /tmp/healthy; sleep 3600]\n    livenessProbe:\n      exec: {command: [cat, /tmp/healthy]}\n      periodSeconds: 5\n";
        let out = crate::cmd::run(&mut cluster, &file(manifest), "kubectl apply -f pod.yaml");
        assert!(out.ok, "{}", out.text);
        run(&mut cluster, &NoFiles, "sleep 20s");
        check_run(
            &mut cluster,
            "health fail liveness-exec",
            "container liveness in pod liveness-exec: removed /tmp/healthy, the file its liveness probe reads (as: kubectl exec liveness-exec -c liveness -- rm -f /tmp/healthy)",
        );
        let out = run(&mut cluster, &NoFiles, "kubectl exec liveness-exec -- cat /tmp/healthy");
        assert!(!out.ok, "{}", out.text);
        check_run(
            &mut cluster,
            "health recover liveness-exec",
            "container liveness in pod liveness-exec: created /tmp/healthy, the file its liveness probe reads (as: kubectl exec liveness-exec -c liveness -- touch /tmp/healthy)",
        );
        assert!(run(&mut cluster, &NoFiles, "kubectl exec liveness-exec -- cat /tmp/healthy").ok);
    }

    #[test]
    fn a_program_without_a_health_endpoint_is_explained() {
        let mut cluster = Cluster::new(1);
        let manifest = "apiVersion: v1\nkind: Pod\nmetadata: {name: sleeper}\nspec:\n  containers:\n  - name: main\n    image: busybox\n    args: [sleep, \"3600\"]\n";
        assert!(crate::cmd::run(&mut cluster, &file(manifest), "kubectl apply -f pod.yaml").ok);
        run(&mut cluster, &NoFiles, "sleep 20s");
        check_run(
            &mut cluster,
            "health fail sleeper",
            "error: container main in pod sleeper has no health endpoint to switch: it serves no HTTP and no probe of it reads a file",
        );
    }
}
