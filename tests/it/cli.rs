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
