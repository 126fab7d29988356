//! Interactive shells in containers: `kubectl exec -it POD -- bash` (or `sh`, `-c CONTAINER`,
//! `deploy/NAME`) opens a `Shell`, a small state machine the `Session` drives line by line for
//! every front-end (the REPL, the web console, scenarios): show `prompt()`, feed each typed
//! line to `line()`, leave when it says the shell closed (`exit`, or the container ended:
//! kubectl then prints `command terminated with exit code 137`).
//!
//! Lines run in the container's simulated shell (`engine::apps::shell::Session`), so the
//! working directory and variables persist from one line to the next, and `killall python3`
//! reaches the container's PID 1 as in a real container. Two programs talk to the pod's own
//! network: `ab ... http://127.0.0.1:PORT/` loads *this* pod on its port (no Service; the load
//! runs on in cluster time, its report in `load status`), and `curl [-s] [-i]
//! http://127.0.0.1:PORT/PATH` (or `localhost`) gets one answer from the app.

use super::{Command, Output};
use crate::engine::apps::shell::Session as ShellSession;
use crate::engine::kubelet::ShellTarget;
use crate::engine::port_forward::ForwardOutcome;
use crate::engine::Cluster;

/// An open interactive shell.
#[derive(Clone, Debug)]
pub struct Shell {
    pub pod: String,
    pub container: Option<String>,
    /// `bash` or `sh`, as typed.
    pub program: String,
    session: ShellSession,
    target: ShellTarget,
    prompt: String,
}

/// What `line()` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellStep {
    pub output: Output,
    /// The shell is still open (false after `exit`, or when its container ended).
    pub open: bool,
}

const SHELLS: &[&str] = &["bash", "sh", "/bin/bash", "/bin/sh", "ash", "/bin/ash", "dash", "/bin/dash"];

/// What kubectl prints when the container under an interactive shell is killed.
pub const TERMINATED: &str = "command terminated with exit code 137";

impl Shell {
    /// The shell an `exec -it POD -- bash|sh` opens; `None` when the command is not an
    /// interactive shell (it then runs as a one-off exec). `Err` has kubectl's message.
    pub fn open(cluster: &mut Cluster, command: &Command) -> Option<Result<Shell, String>> {
        let Command::Exec { kind, name, container, stdin: true, command, .. } = command else { return None };
        let [program] = command.as_slice() else { return None };
        if !SHELLS.contains(&program.as_str()) {
            return None;
        }
        let pod = match super::verbs::attachable_pod(cluster, *kind, name) {
            Ok(pod) => pod,
            Err(e) => return Some(Err(e)),
        };
        let (session, target) = match cluster.open_shell(&pod, container.as_deref(), program) {
            Ok(opened) => opened,
            Err(e) => return Some(Err(String::from(e))),
        };
        let mut shell = Shell {
            pod,
            container: container.clone(),
            program: program.clone(),
            session,
            target,
            prompt: String::new(),
        };
        shell.prompt = shell.read_prompt(cluster);
        Some(Ok(shell))
    }

    /// The prompt: bash's `root@POD:/app# `, busybox sh's `/ # `.
    pub fn prompt(&self) -> String {
        self.prompt.clone()
    }

    fn read_prompt(&self, cluster: &Cluster) -> String {
        let fs = cluster
            .runtimes
            .get(&self.target.pod)
            .and_then(|rt| rt.containers.iter().find(|c| c.spec.name == self.target.container))
            .map(|c| &c.app.fs);
        match fs {
            Some(fs) => self.session.prompt(fs),
            None => self.prompt.clone(),
        }
    }

    /// Whether the container the shell runs in is still the one it started in.
    pub fn alive(&self, cluster: &Cluster) -> bool {
        cluster.shell_target(&self.target.pod, Some(&self.target.container)).as_ref() == Some(&self.target)
    }

    /// Runs one typed line.
    pub fn line(&mut self, cluster: &mut Cluster, line: &str) -> ShellStep {
        if !self.alive(cluster) {
            return ShellStep { output: Output::err(TERMINATED), open: false };
        }
        let trimmed = line.trim();
        let mut words = trimmed.split_whitespace();
        let output = match words.next() {
            None => Output::ok(""),
            Some("ab") => self.ab(cluster, trimmed),
            Some("curl") if local_curl(trimmed).is_some() && self.has("curl", cluster) => {
                let (url, include) = local_curl(trimmed).unwrap_or_default();
                self.curl(cluster, &url, include)
            }
            _ => match cluster.shell_line(&mut self.session, &self.target, trimmed) {
                Ok(result) => {
                    let mut text = result.output.trim_end().to_string();
                    if self.session.is_closed() {
                        // bash and sh print `exit`; kubectl reports a non-zero status.
                        if !text.is_empty() {
                            text.push('\n');
                        }
                        text.push_str("exit");
                        if result.exit_code != 0 {
                            text.push_str(&format!("\ncommand terminated with exit code {}", result.exit_code));
                        }
                    }
                    Output { text, ok: result.exit_code == 0 }
                }
                Err(error) => Output::err(String::from(error)),
            },
        };
        // What the line started (a signal to PID 1) happens at this instant.
        let now = cluster.now();
        cluster.run_until(now);
        if self.session.is_closed() {
            return ShellStep { output, open: false };
        }
        if !self.alive(cluster) {
            let text =
                if output.text.is_empty() { TERMINATED.to_string() } else { format!("{}\n{TERMINATED}", output.text) };
            return ShellStep { output: Output::err(text), open: false };
        }
        self.prompt = self.read_prompt(cluster);
        ShellStep { output, open: true }
    }

    /// Whether the container's image has `program`.
    fn has(&self, program: &str, cluster: &Cluster) -> bool {
        cluster
            .runtimes
            .get(&self.target.pod)
            .and_then(|rt| rt.containers.iter().find(|c| c.spec.name == self.target.container))
            .is_some_and(|c| !c.profile.missing_programs.iter().any(|m| m == program))
    }

    /// `curl http://127.0.0.1:PORT/PATH`: one request to this pod's own port.
    fn curl(&self, cluster: &mut Cluster, url: &str, include: bool) -> Output {
        let Some((host, port, path)) = split_url(url) else {
            return Output::err("curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535");
        };
        match cluster.pod_http_get(&self.target.pod, port, &path) {
            ForwardOutcome::Answered { status, body } => {
                let body = body.trim_end().to_string();
                let text = if include {
                    format!("HTTP/1.1 {status} {}\n\n{body}", crate::engine::apps::shell::reason_phrase(status))
                } else {
                    body
                };
                Output::ok(text)
            }
            ForwardOutcome::Refused | ForwardOutcome::PodGone => Output::err(format!(
                "curl: (7) Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server"
            )),
        }
    }

    /// `ab -c C -n N http://127.0.0.1:PORT/`: the load goes to this pod's own port.
    fn ab(&self, cluster: &mut Cluster, line: &str) -> Output {
        if !self.has("ab", cluster) {
            return Output::err(format!("{}: ab: command not found", self.program.trim_start_matches("/bin/")));
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let mut concurrency = 1u32;
        let mut requests = 1u64;
        let mut url = None;
        let mut i = 1;
        while i < words.len() {
            let value = words.get(i + 1).copied();
            match words[i] {
                "-c" | "-n" => {
                    let Some(n) = value.and_then(|w| w.parse::<u64>().ok()).filter(|n| *n > 0) else {
                        return Output::err(format!(
                            "ab: invalid number of {} for {}\nUsage: ab [options] [http[s]://]hostname[:port]/path",
                            if words[i] == "-c" { "clients" } else { "requests" },
                            words[i]
                        ));
                    };
                    if words[i] == "-c" {
                        concurrency = n.min(20_000) as u32;
                    } else {
                        requests = n;
                    }
                    i += 1;
                }
                word if !word.starts_with('-') => url = Some(word),
                _ => {}
            }
            i += 1;
        }
        let Some(url) = url else {
            return Output::err("ab: wrong number of arguments\nUsage: ab [options] [http[s]://]hostname[:port]/path");
        };
        if concurrency as u64 > requests {
            return Output::err("ab: Cannot use concurrency level greater than total number of requests\nUsage: ab [options] [http[s]://]hostname[:port]/path");
        }
        let Some((host, port, _)) = split_url(url) else {
            return Output::err(format!("ab: invalid URL\n{url}: invalid URL"));
        };
        if !matches!(host.as_str(), "127.0.0.1" | "localhost") {
            return Output::err(format!(
                "apr_sockaddr_info_get() for {host}: Name or service not known (70005)\nkubeplay: inside the pod, ab loads the pod itself (http://127.0.0.1:PORT/); for a Service use `load ab -c {concurrency} -n {requests} SERVICE` outside the shell"
            ));
        }
        match cluster.load_ab_local(&self.target.pod, port, concurrency, requests) {
            Ok(_) => Output::ok(format!(
                "This is ApacheBench, Version 2.3 <$Revision: 1903618 $>\nBenchmarking {host} (be patient)\nkubeplay: {concurrency} clients send {requests} requests to this pod (port {port}) in cluster time; watch with `kubectl get pods --watch` or `kubectl top pods`, and `load status` shows ab's report when it is done"
            )),
            Err(e) => Output::err(String::from(e)),
        }
    }
}

/// `curl [-s] [-i] URL` to `127.0.0.1` or `localhost`: the URL and whether `-i` was given.
fn local_curl(line: &str) -> Option<(String, bool)> {
    let mut url = None;
    let mut include = false;
    for word in line.split_whitespace().skip(1) {
        match word {
            "-s" | "--silent" | "-S" | "-sS" | "-L" => {}
            "-i" | "--include" | "-si" | "-is" => include = true,
            w if w.starts_with('-') => return None,
            w if url.is_none() => url = Some(w.trim_matches(|c| c == '"' || c == '\'').to_string()),
            _ => return None,
        }
    }
    let url = url?;
    let (host, _, _) = split_url(&url)?;
    matches!(host.as_str(), "127.0.0.1" | "localhost").then_some((url, include))
}

/// `http://HOST[:PORT][/PATH]` as (host, port, path); port 80 by default.
fn split_url(url: &str) -> Option<(String, i64, String)> {
    let rest = url.strip_prefix("http://").unwrap_or(url);
    let (authority, path) = match rest.find('/') {
        Some(at) => (&rest[..at], &rest[at..]),
        None => (rest, "/"),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) => (host, port.parse::<u16>().ok().filter(|p| *p > 0)? as i64),
        None => (authority, 80),
    };
    Some((host.to_string(), port, path.to_string()))
}

/// Whether `command` asks for an interactive shell (`exec -it POD -- bash`).
pub fn is_shell(command: &Command) -> bool {
    matches!(command, Command::Exec { stdin: true, command, .. }
        if matches!(command.as_slice(), [program] if SHELLS.contains(&program.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::{parse, run, NoFiles};
    use crate::engine::time::SimDuration;

    fn flask() -> (Cluster, String) {
        let mut cluster = Cluster::new(1);
        let lines = [
            "kubectl create deployment hello-world-flask --image=lyzhang1999/hello-world-flask:latest --replicas=2",
            "kubectl create service clusterip hello-world-flask --tcp=5000:5000",
        ];
        for line in lines {
            assert!(run(&mut cluster, &NoFiles, line).ok, "{line}");
        }
        cluster.run_for(SimDuration::from_secs(30));
        let pod = cluster.store.pods().keys().next().cloned().expect("a pod");
        (cluster, pod)
    }

    fn open(cluster: &mut Cluster, line: &str) -> Shell {
        let command = parse(line).expect("parses").expect("command");
        Shell::open(cluster, &command).expect("a shell").expect("opens")
    }

    #[test]
    fn bash_in_the_flask_pod_until_exit() {
        let (mut cluster, pod) = flask();
        let mut shell = open(&mut cluster, &format!("kubectl exec -it {pod} -- bash"));
        assert_eq!(shell.prompt(), format!("root@{pod}:/app# "));
        // The working directory and variables persist.
        let step = shell.line(&mut cluster, "cd /tmp; X=42");
        assert!(step.open && step.output.ok, "{:?}", step.output);
        assert_eq!(shell.prompt(), format!("root@{pod}:/tmp# "));
        assert_eq!(shell.line(&mut cluster, "echo $X; pwd").output.text, "42\n/tmp");
        // The app answers on localhost.
        let step = shell.line(&mut cluster, "curl 127.0.0.1:5000");
        assert_eq!(step.output.text, format!("Hello, my first docker images! {pod}"));
        let step = shell.line(&mut cluster, "curl -i http://localhost:5000/");
        assert!(step.output.text.starts_with("HTTP/1.1 200 OK"), "{}", step.output.text);
        let step = shell.line(&mut cluster, "curl -s http://127.0.0.1:5001/");
        assert!(!step.output.ok && step.output.text.contains("Failed to connect to 127.0.0.1 port 5001"));
        let step = shell.line(&mut cluster, "exit");
        assert_eq!(step, ShellStep { output: Output::ok("exit"), open: false });
        // Not a shell: a one-off exec.
        let command = parse(&format!("kubectl exec -it {pod} -- bash -c \"echo hi\"")).expect("ok").expect("cmd");
        assert!(Shell::open(&mut cluster, &command).is_none());
        let missing = parse("kubectl exec -it nope -- bash").expect("ok").expect("cmd");
        let error = Shell::open(&mut cluster, &missing).expect("a shell command").expect_err("no pod");
        assert_eq!(error, "Error from server (NotFound): pods \"nope\" not found");
        // A deployment picks one of its pods.
        let shell = open(&mut cluster, "kubectl exec -it deploy/hello-world-flask -- sh");
        assert!(shell.prompt().ends_with("# "), "{}", shell.prompt());
    }

    #[test]
    fn curl_in_a_pipeline_reaches_the_pod_itself() {
        let mut cluster = Cluster::new(1);
        assert!(run(&mut cluster, &NoFiles, "kubectl create deployment web --image=nginx").ok);
        cluster.run_for(SimDuration::from_secs(30));
        let pod = cluster.store.pods().keys().next().cloned().expect("a pod");
        let mut shell = open(&mut cluster, &format!("kubectl exec -it {pod} -- sh"));
        let first_lines = "<!DOCTYPE html>\n<html>\n<head>";
        assert_eq!(shell.line(&mut cluster, "curl localhost | head -3").output.text, first_lines);
        assert_eq!(shell.line(&mut cluster, "curl -s localhost:80 | head -3").output.text, first_lines);
        let step = shell.line(&mut cluster, "curl -s http://127.0.0.1/ > /tmp/page; grep -c nginx /tmp/page");
        assert_eq!(step.output.text, "3");
        let step = shell.line(&mut cluster, "curl localhost:81 | head -1");
        assert!(step.output.text.contains("Failed to connect to localhost port 81"), "{}", step.output.text);
        let step = shell.line(&mut cluster, "curl elsewhere | head -1");
        assert_eq!(step.output.text, "curl: (6) Could not resolve host: elsewhere");
    }

    #[test]
    fn a_container_sees_its_env_and_the_services_that_existed_when_it_started() {
        let mut cluster = Cluster::new(1);
        assert!(run(&mut cluster, &NoFiles, "kubectl create service clusterip my-web --tcp=80:8080").ok);
        let pod = "apiVersion: v1
kind: Pod
metadata: {name: envy}
spec:
  containers:
  - name: app
    image: busybox
    command: [sleep, '3600']
    env:
    - {name: GREETING, value: hello}
    - {name: REPLICAS, value: '3'}
    - name: MY_POD
      valueFrom: {fieldRef: {fieldPath: metadata.name}}
    - name: MY_IP
      valueFrom: {fieldRef: {fieldPath: status.podIP}}
";
        let files = std::collections::BTreeMap::from([("pod.yaml".to_string(), pod.to_string())]);
        assert!(run(&mut cluster, &files, "kubectl apply -f pod.yaml").ok);
        cluster.run_for(SimDuration::from_secs(30));
        assert!(run(&mut cluster, &NoFiles, "kubectl create service clusterip later --tcp=80:80").ok);
        let mut shell = open(&mut cluster, "kubectl exec -it envy -- sh");
        let line = "echo $GREETING $REPLICAS $MY_POD $KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT";
        assert_eq!(shell.line(&mut cluster, line).output.text, "hello 3 envy 10.96.0.1:443");
        let ip = shell.line(&mut cluster, "echo $MY_IP").output.text;
        assert!(ip.starts_with("10.244."), "{ip}");
        let web = shell.line(&mut cluster, "env | grep ^MY_WEB_").output.text;
        let web_ip = cluster.store.services.get("my-web").and_then(|s| s.spec.cluster_ip.clone()).expect("an IP");
        let expected = [
            format!("MY_WEB_PORT=tcp://{web_ip}:80"),
            format!("MY_WEB_PORT_80_TCP=tcp://{web_ip}:80"),
            format!("MY_WEB_PORT_80_TCP_ADDR={web_ip}"),
            "MY_WEB_PORT_80_TCP_PORT=80".to_string(),
            "MY_WEB_PORT_80_TCP_PROTO=tcp".to_string(),
            format!("MY_WEB_SERVICE_HOST={web_ip}"),
            "MY_WEB_SERVICE_PORT=80".to_string(),
            "MY_WEB_SERVICE_PORT_80_8080=80".to_string(),
        ];
        assert_eq!(web, expected.join("\n"));
        // A Service created after the container started is not in its environment.
        assert_eq!(shell.line(&mut cluster, "echo x${LATER_SERVICE_HOST}x").output.text, "xx");
    }

    #[test]
    fn ab_on_localhost_loads_this_pod_only() {
        let (mut cluster, pod) = flask();
        let mut shell = open(&mut cluster, &format!("kubectl exec -it {pod} -- bash"));
        let step = shell.line(&mut cluster, "ab -c 50 -n 10000 http://127.0.0.1:5000/");
        assert!(step.output.ok && step.open, "{}", step.output.text);
        let status = cluster.load_status();
        assert!(status.iter().any(|s| s.service == pod && s.local && s.running), "{status:?}");
        cluster.run_for(SimDuration::from_secs(20));
        let other = cluster.store.pods().keys().find(|p| **p != pod).cloned().expect("a second pod");
        let busy = cluster.pod_cpu_usage_millis(&pod).unwrap_or(0.0);
        let idle = cluster.pod_cpu_usage_millis(&other).unwrap_or(0.0);
        assert!(busy > 500.0 && idle < 50.0, "the loaded pod works, the other idles: {busy} vs {idle}");
        let step = shell.line(&mut cluster, "ab -n 10 http://hello-world-flask:5000/");
        assert!(!step.output.ok && step.output.text.contains("inside the pod"), "{}", step.output.text);
    }

    #[test]
    fn the_shell_ends_with_its_container() {
        let (mut cluster, pod) = flask();
        let mut shell = open(&mut cluster, &format!("kubectl exec -it {pod} -- bash"));
        let step = shell.line(&mut cluster, "killall python3");
        cluster.run_for(SimDuration::from_secs(2));
        let step = if step.open { shell.line(&mut cluster, "ls") } else { step };
        assert_eq!((step.open, step.output.text.ends_with(TERMINATED)), (false, true), "{:?}", step.output);
        // busybox: `/ # `, no bash.
        let mut cluster = Cluster::new(1);
        let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: bb\nspec:\n  containers:\n  - name: bb\n    image: busybox\n    args: [sleep, \"3600\"]\n";
        let files = std::collections::BTreeMap::from([("bb.yaml".to_string(), pod.to_string())]);
        assert!(run(&mut cluster, &files, "kubectl apply -f bb.yaml").ok);
        cluster.run_for(SimDuration::from_secs(10));
        let command = parse("kubectl exec -it bb -- bash").expect("ok").expect("cmd");
        let error = Shell::open(&mut cluster, &command).expect("shell").expect_err("no bash in busybox");
        assert!(error.contains("\"bash\": executable file not found in $PATH"), "{error}");
        let mut shell = open(&mut cluster, "kubectl exec -it bb -- sh");
        assert_eq!(shell.prompt(), "/ # ");
        assert_eq!(shell.line(&mut cluster, "echo hi > /tmp/f; cat /tmp/f").output.text, "hi");
        let step = shell.line(&mut cluster, "exit 3");
        assert_eq!((step.open, step.output.text.as_str()), (false, "exit\ncommand terminated with exit code 3"));
    }
}
