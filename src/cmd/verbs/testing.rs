//! Helpers for the verbs' unit tests.

use super::*;
pub(crate) use crate::cmd::{parse, run, NoFiles};

/// The command `input` parses to; panics on an error or a blank line.
pub(crate) fn ok(input: &str) -> Command {
    match parse(input) {
        Ok(Some(command)) => command,
        other => panic!("{input:?} gave {other:?}"),
    }
}

/// `input` parses to `expected`.
pub(crate) fn check(input: &str, expected: Command) {
    assert_eq!(ok(input), expected, "input: {input}");
}

/// `input` fails to parse, with this message.
pub(crate) fn check_error(input: &str, expected: &str) {
    match parse(input) {
        Err(error) => assert_eq!(error.to_string(), expected, "input: {input}"),
        other => panic!("{input:?} gave {other:?}"),
    }
}

/// A plain `kubectl get KINDS NAMES` command, without flags.
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

/// Running `line` against `cluster` prints `expected` (success or not).
pub(crate) fn check_run(cluster: &mut Cluster, line: &str, expected: &str) {
    let out = run(cluster, &NoFiles, line);
    assert_eq!(out.text, expected, "{line}");
}
