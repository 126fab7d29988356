//! Helpers for the verbs' unit tests.

use super::*;
pub(crate) use crate::cmd::{parse, run, NoFiles};

pub(crate) fn ok(input: &str) -> Command {
    match parse(input) {
        Ok(Some(command)) => command,
        other => panic!("{input:?} gave {other:?}"),
    }
}

pub(crate) fn check(input: &str, expected: Command) {
    assert_eq!(ok(input), expected, "input: {input}");
}

pub(crate) fn check_error(input: &str, expected: &str) {
    match parse(input) {
        Err(error) => assert_eq!(error.to_string(), expected, "input: {input}"),
        other => panic!("{input:?} gave {other:?}"),
    }
}

pub(crate) fn get_cmd(kinds: &[ResourceKind], names: &[&str]) -> Command {
    Command::Get {
        kinds: kinds.to_vec(),
        names: names.iter().map(|name| name.to_string()).collect(),
        output: OutputFormat::Default,
        selector: None,
        field_selector: None,
        watch: false,
        all_namespaces: false,
        show_labels: false,
        no_headers: false,
        sort_by: None,
        namespace: None,
    }
}

pub(crate) fn check_run(cluster: &mut Cluster, line: &str, expected: &str) {
    let out = run(cluster, &NoFiles, line);
    assert_eq!(out.text, expected, "{line}");
}
