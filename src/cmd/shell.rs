//! Interactive shells in containers: `kubectl exec -it POD -- bash` (or `sh`) opens a `Shell`,
//! a small state machine any front-end drives line by line (the REPL, the session, the web
//! console): show `prompt()`, feed each typed line to `line()`, leave when it says the shell
//! closed (`exit`, `logout`). Lines run in the container's simulated shell, as
//! `kubectl exec POD -- bash -c LINE` would; `ab` against `127.0.0.1`/`localhost` loads the pod
//! through a Service that selects it, in cluster time (the load keeps running after `ab` returns).

use super::{execute, Command, NoFiles, Output, ResourceKind};
use crate::engine::Cluster;

/// An open interactive shell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shell {
    pub pod: String,
    pub container: Option<String>,
    /// `bash` or `sh`, as typed.
    pub program: String,
    workdir: String,
}

/// What `line()` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellStep {
    pub output: Output,
    /// The shell is still open (false after `exit`).
    pub open: bool,
}

const SHELLS: &[&str] = &["bash", "sh", "/bin/bash", "/bin/sh", "ash", "/bin/ash", "zsh"];

impl Shell {
    /// The shell an `exec -it POD -- bash|sh` opens; `None` when the command is not an
    /// interactive shell (it then runs as a one-off exec).
    pub fn open(cluster: &mut Cluster, command: &Command) -> Option<Result<Shell, String>> {
        let Command::Exec { kind, name, container, stdin: true, command, .. } = command else { return None };
        let [program] = command.as_slice() else { return None };
        if !SHELLS.contains(&program.as_str()) || *kind != ResourceKind::Pod {
            return None;
        }
        // The shell must exist in the image and the container must run: try it once.
        let probe = vec![program.clone(), "-c".into(), "true".into()];
        if let Err(error) = cluster.exec_in_container(name, container.as_deref(), &probe) {
            return Some(Err(error.into()));
        }
        let workdir = cluster
            .runtimes
            .get(name)
            .and_then(|rt| {
                let c = match container {
                    Some(c) => rt.containers.iter().find(|x| x.spec.name == *c),
                    None => rt.containers.first(),
                }?;
                Some(c.profile.workdir.clone())
            })
            .filter(|w| !w.is_empty())
            .unwrap_or_else(|| "/".into());
        Some(Ok(Shell { pod: name.clone(), container: container.clone(), program: program.clone(), workdir }))
    }

    /// The prompt: bash's `root@POD:/app# `, busybox sh's `/ # `.
    pub fn prompt(&self) -> String {
        if self.program.ends_with("bash") {
            format!("root@{}:{}# ", self.pod, self.workdir)
        } else {
            format!("{} # ", self.workdir)
        }
    }

    /// Runs one typed line.
    pub fn line(&mut self, cluster: &mut Cluster, line: &str) -> ShellStep {
        let trimmed = line.trim();
        let open = |output: Output| ShellStep { output, open: true };
        match trimmed.split_whitespace().next() {
            None => return open(Output::ok("")),
            Some("exit") | Some("logout") => return ShellStep { output: Output::ok("exit"), open: false },
            Some("ab") => return open(self.ab(cluster, trimmed)),
            _ => {}
        }
        if cluster.store.pod(&self.pod).is_none() {
            return ShellStep {
                output: Output::err(format!(
                    "command terminated: pod {:?} is gone (the shell ended with its container)",
                    self.pod
                )),
                open: false,
            };
        }
        let command = Command::Exec {
            kind: ResourceKind::Pod,
            name: self.pod.clone(),
            container: self.container.clone(),
            stdin: true,
            tty: true,
            command: vec![self.program.clone(), "-c".into(), trimmed.to_string()],
            namespace: None,
        };
        let mut output = execute(cluster, &NoFiles, &command);
        // At a prompt the exit status is not announced.
        if let Some(at) = output.text.rfind("command terminated with exit code") {
            output.text = output.text[..at].trim_end().to_string();
        }
        open(output)
    }

    /// `ab -c C -n N http://127.0.0.1:PORT/`: the load goes to this pod through a Service that
    /// selects it (kubeplay's load generators send through Services).
    fn ab(&self, cluster: &mut Cluster, line: &str) -> Output {
        let words: Vec<&str> = line.split_whitespace().collect();
        let mut concurrency = 1u32;
        let mut requests = 1u64;
        let mut url = None;
        let mut i = 1;
        while i < words.len() {
            match words[i] {
                "-c" => {
                    concurrency = words.get(i + 1).and_then(|w| w.parse().ok()).unwrap_or(1);
                    i += 1;
                }
                "-n" => {
                    requests = words.get(i + 1).and_then(|w| w.parse().ok()).unwrap_or(1);
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
        let host = url.trim_start_matches("http://").split(['/', ':']).next().unwrap_or("");
        if !matches!(host, "127.0.0.1" | "localhost") {
            return Output::err(format!(
                "kubeplay: inside the pod, ab loads the pod itself (http://127.0.0.1:PORT/); for a Service use `load ab -c {concurrency} -n {requests} SERVICE` outside the shell"
            ));
        }
        let Some(labels) = cluster.store.pod(&self.pod).map(|p| p.metadata.labels.clone()) else {
            return Output::err(format!("pod {:?} is gone", self.pod));
        };
        let service = cluster
            .store
            .services
            .values()
            .find(|s| !s.spec.selector.is_empty() && s.spec.selector.iter().all(|(k, v)| labels.get(k) == Some(v)))
            .map(|s| s.metadata.name.clone());
        let Some(service) = service else {
            return Output::err(format!(
                "kubeplay: ab here needs a Service that selects pod {} (kubeplay sends load through Services); create one with `kubectl create service clusterip NAME --tcp=PORT:PORT`",
                self.pod
            ));
        };
        let command = Command::LoadAb { service: service.clone(), concurrency, requests };
        let out = execute(cluster, &NoFiles, &command);
        if !out.ok {
            return out;
        }
        Output::ok(format!(
            "This is ApacheBench (simulated by kubeplay): {concurrency} clients, {requests} requests to {url}\nkubeplay: the requests go through Service {service}, which selects this pod; they run in cluster time — watch with `kubectl get pods --watch` or `load status {service}` after `exit`"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::{parse, run};
    use crate::engine::time::SimDuration;

    #[test]
    fn bash_in_the_flask_pod_until_exit() {
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
        let command = parse(&format!("kubectl exec -it {pod} -- bash")).expect("parses").expect("command");
        let mut shell = Shell::open(&mut cluster, &command).expect("a shell").expect("opens");
        assert_eq!(shell.prompt(), format!("root@{pod}:/app# "));
        let step = shell.line(&mut cluster, "ab -c 50 -n 10000 http://127.0.0.1:5000/");
        assert!(step.output.ok && step.open, "{}", step.output.text);
        assert!(cluster.load_status().iter().any(|s| s.service == "hello-world-flask" && s.running));
        let step = shell.line(&mut cluster, "exit");
        assert_eq!(step, ShellStep { output: Output::ok("exit"), open: false });
        // Not a shell: a one-off exec.
        let command = parse(&format!("kubectl exec -it {pod} -- bash -c \"echo hi\"")).expect("ok").expect("cmd");
        assert!(Shell::open(&mut cluster, &command).is_none());
        let missing = parse("kubectl exec -it nope -- bash").expect("ok").expect("cmd");
        assert!(Shell::open(&mut cluster, &missing).is_some_and(|r| r.is_err()));
    }
}
