//! Same scenario and seed: byte-identical output, event log included. Another seed may differ.

use kubeplay::cmd::NoFiles;
use kubeplay::runner::{run_scenario, RunOptions};

const SCENARIO: &str = include_str!("../scenarios/node-failover.yaml");

fn run(seed: Option<u64>) -> String {
    let options = RunOptions { events: true, seed, ..Default::default() };
    run_scenario(SCENARIO, "node-failover.yaml", &NoFiles, &options).expect("scenario runs").0
}

#[test]
fn same_seed_same_bytes() {
    let a = run(None);
    let b = run(None);
    assert!(a.len() > 1000);
    assert_eq!(a, b);
}

#[test]
fn other_seed_other_names() {
    assert_ne!(run(Some(1)), run(Some(2)));
}

#[test]
fn json_lines_are_valid_json() {
    let options = RunOptions { events: true, json: true, ..Default::default() };
    let (out, _) = run_scenario(SCENARIO, "node-failover.yaml", &NoFiles, &options).expect("runs");
    for line in out.lines() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(value.get("at_ms").is_some());
    }
}
