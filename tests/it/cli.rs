//! The command-line edges (issue 9): `kubeplay run` streams its output, a closed stdout ends
//! quietly, the REPL survives invalid UTF-8, a BOM is accepted, `apply -f -` in a timeline is
//! an error, and `--until` stops at 30 days.

use kubeplay::cmd::NoFiles;
use kubeplay::engine::time::SimDuration;
use kubeplay::runner::{run_scenario, run_scenario_to, RunError, RunOptions};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

const SCENARIO: &str = include_str!("../scenarios/node-failover.yaml");

fn kubeplay() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kubeplay"))
}

/// A writer that takes `limit` bytes and then fails as a closed pipe does.
struct ClosingPipe {
    taken: Vec<u8>,
    limit: usize,
}

impl Write for ClosingPipe {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.taken.len() >= self.limit {
            return Err(std::io::ErrorKind::BrokenPipe.into());
        }
        let n = buf.len().min(self.limit - self.taken.len());
        self.taken.extend_from_slice(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn run_writes_as_it_goes_and_stops_when_the_reader_goes_away() {
    let mut pipe = ClosingPipe { taken: Vec::new(), limit: 200 };
    let result = run_scenario_to(SCENARIO, "node-failover.yaml", &NoFiles, &RunOptions::default(), &mut pipe);
    assert!(matches!(result, Err(RunError::Output(ref e)) if e.kind() == std::io::ErrorKind::BrokenPipe));
    let (full, _) = run_scenario(SCENARIO, "node-failover.yaml", &NoFiles, &RunOptions::default()).expect("runs");
    assert_eq!(String::from_utf8_lossy(&pipe.taken), full[..200], "the first lines came before the end");
}

#[test]
fn run_piped_into_head_ends_quietly() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios/node-failover.yaml");
    let mut child = kubeplay()
        .args(["run", "--events"])
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut first).expect("a line");
    assert!(first.starts_with("[0s] $ kubectl apply -f node-failover.yaml"), "{first}");
    // The reader is gone (dropped above), as `head -1` exits.
    let status = child.wait().expect("exits");
    let mut stderr = String::new();
    child.stderr.take().expect("stderr").read_to_string(&mut stderr).expect("stderr");
    assert!(status.success(), "{status}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn repl_reports_an_invalid_utf8_line_and_goes_on() {
    let mut child = kubeplay().stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().expect("runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"kubectl get nodes\nget \xff\xfe pods\nkubectl get deploy\n")
        .expect("write");
    let output = child.wait_with_output().expect("exits");
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success());
    assert!(out.contains("error: input line 2 is not valid UTF-8 (invalid byte at offset 4); it was ignored"), "{out}");
    assert!(out.contains("[0s] $ kubectl get deploy\nNo resources found in default namespace."), "{out}");
}

#[test]
fn repl_with_a_closed_stdout_ends_quietly() {
    let mut child =
        kubeplay().stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("runs");
    drop(child.stdout.take());
    let mut stdin = child.stdin.take().expect("stdin");
    // The REPL may already have ended, which closes this pipe too.
    let _ = stdin.write_all("kubectl get nodes\n".repeat(2000).as_bytes());
    drop(stdin);
    let output = child.wait_with_output().expect("exits");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_bom_before_the_scenario_is_accepted() {
    let with_bom = format!("\u{feff}{SCENARIO}");
    let (out, _) = run_scenario(&with_bom, "bom.yaml", &NoFiles, &RunOptions::default()).expect("runs");
    let (plain, _) = run_scenario(SCENARIO, "bom.yaml", &NoFiles, &RunOptions::default()).expect("runs");
    assert_eq!(out, plain);
}

#[test]
fn apply_stdin_in_a_timeline_is_an_error_not_a_wait() {
    let scenario = "apiVersion: kubeplay.dev/v1\nkind: Scenario\nmetadata: {name: stdin}\nspec:\n  timeline:\n  - {at: 1s, run: \"kubectl apply -f -\"}\n";
    let (out, _) = run_scenario(scenario, "stdin.yaml", &NoFiles, &RunOptions::default()).expect("runs");
    assert_eq!(
        out,
        "[1s] $ kubectl apply -f -\nerror: a scenario timeline cannot read stdin (`-f -`): put the manifest in the scenario's spec.files or in a file next to it, and apply -f NAME\n"
    );
}

#[test]
fn spec_files_are_read_by_apply() {
    let scenario = "apiVersion: kubeplay.dev/v1\nkind: Scenario\nmetadata: {name: files}\nspec:\n  files:\n    web.yaml: |\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata: {name: web}\n      spec:\n        selector: {matchLabels: {app: web}}\n        template:\n          metadata: {labels: {app: web}}\n          spec: {containers: [{name: nginx, image: nginx}]}\n  timeline:\n  - {at: 1s, run: \"kubectl apply -f web.yaml\"}\n";
    let (out, _) = run_scenario(scenario, "files.yaml", &NoFiles, &RunOptions::default()).expect("runs");
    assert_eq!(out, "[1s] $ kubectl apply -f web.yaml\ndeployment.apps/web created\n");
}

#[test]
fn until_is_bounded_to_30_days() {
    let options = RunOptions { until: Some(SimDuration::from_secs(31 * 24 * 3600)), ..Default::default() };
    let error = run_scenario(SCENARIO, "f.yaml", &NoFiles, &options).err().expect("refused");
    assert_eq!(
        error,
        "invalid argument \"744h0m0s\" for \"--until\" flag: at most 30 days (720h), as for `at:` and `sleep`"
    );
    let output = kubeplay().args(["run", "x.yaml", "--until", "31d"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("at most 30 days (720h)"), "{stderr}");
}

/// Piped input: a `get -w` keeps running while the next lines run (time moves with `sleep`),
/// prints a row for each change as it happens, and stops at an empty line.
#[test]
fn repl_watch_prints_rows_as_sleep_moves_time_and_stops_at_an_empty_line() {
    let mut child = kubeplay().stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().expect("runs");
    let script = "kubectl create deployment web --image=nginx --replicas=1\nkubectl get pods -w\nsleep 30s\n\
                  kubectl scale deployment web --replicas=2\nsleep 10s\n\nsleep 10s\nkubectl get deploy\n";
    child.stdin.take().expect("stdin").write_all(script.as_bytes()).expect("write");
    let output = child.wait_with_output().expect("exits");
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{out}");
    let after = |header: &str| -> Vec<String> {
        let start = out.find(header).unwrap_or_else(|| panic!("{header} in {out}")) + header.len();
        out[start..]
            .lines()
            .skip(1)
            .take_while(|l| !l.starts_with('['))
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    };
    // During the sleep: each phase the pod goes through, at the age it had then.
    let rows = after("[0s] $ sleep 30s");
    assert!(rows.len() >= 2, "{out}");
    assert!(rows[0].contains("0/1 ContainerCreating 0 0s"), "{out}");
    assert!(rows.last().is_some_and(|r| r.contains("1/1 Running 0") && !r.ends_with(" 30s")), "{out}");
    // A change made by a command prints its row after the command's own output.
    let scaled = after("[30s] $ kubectl scale deployment web --replicas=2");
    assert!(scaled[0] == "deployment.apps/web scaled" && scaled[1].contains("0/1 Pending 0 0s"), "{out}");
    assert!(after("[30s] $ sleep 10s").last().is_some_and(|r| r.contains("1/1 Running")), "{out}");
    // The empty line stopped the watch: the next sleep prints nothing.
    assert_eq!(after("[40s] $ sleep 10s"), Vec::<String>::new(), "{out}");
    assert!(out.contains("[50s] $ kubectl get deploy\nNAME "), "{out}");
}

/// In a terminal (here forced with KUBEPLAY_LIVE_WATCH=1), a `get -w` runs cluster time in real
/// time and prints rows as they happen, until Enter.
#[test]
fn repl_watch_in_a_terminal_runs_in_real_time_until_enter() {
    let mut child =
        kubeplay().env("KUBEPLAY_LIVE_WATCH", "1").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().expect("runs");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(b"kubectl create deployment web --image=nginx\nkubectl get pods -w\n").expect("write");
    let stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let (send, receive) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in stdout.lines() {
            let Ok(line) = line else { return };
            if send.send(line).is_err() {
                return;
            }
        }
    });
    let started = std::time::Instant::now();
    let mut seen = Vec::new();
    // nginx is Running about 4 s of cluster time after it is created; at 1x that is 4 s of wall clock.
    while !seen.iter().any(|l: &String| l.starts_with("web-") && l.contains("Running")) {
        let wait = std::time::Duration::from_secs(20).checked_sub(started.elapsed()).expect("Running within 20 s");
        seen.push(receive.recv_timeout(wait).expect("a row before the deadline"));
    }
    assert!(started.elapsed() >= std::time::Duration::from_secs(2), "real time, not a jump: {seen:?}");
    assert!(seen.iter().any(|l| l.starts_with("web-") && l.contains("ContainerCreating")), "{seen:?}");
    stdin.write_all(b"\nkubectl get pods\nexit\n").expect("write");
    drop(stdin);
    let status = child.wait().expect("exits");
    reader.join().expect("reader");
    let rest: Vec<String> = receive.try_iter().collect();
    assert!(status.success());
    let header = rest.iter().find(|l| l.contains("$ kubectl get pods")).unwrap_or_else(|| panic!("{seen:?} {rest:?}"));
    let secs: u64 = header.trim_start_matches('[').split('s').next().and_then(|s| s.parse().ok()).expect("[Ns]");
    assert!(secs >= 2, "{header}");
}
