//! A journal as a scenario file: `kubeplay run` plays it to the same state, so a teacher can
//! turn what they did into a scenario.
//!
//! - The seed and nodes go to `spec.seed` and `spec.nodes` (a count for the default
//!   `node-1..node-N` machines, else a list with cpu in millicores and memory in bytes); a
//!   cluster without metrics-server or with another node-monitor grace period says so in
//!   `spec.metricsServer` / `spec.nodeMonitorGracePeriod`.
//! - Every input becomes a timeline entry at the cluster time it was given (to the
//!   millisecond). Applied YAML texts and the files a line read go to `spec.files`, which
//!   `apply -f NAME` reads before the disk. A name used for different texts gets a suffix
//!   (`web.yaml`, `web-2.yaml`); `-` (stdin, the editor) becomes `stdin.yaml`. Renaming changes
//!   only the file name in `apply`'s messages and the chart marker, never the cluster.
//! - A last entry `kubectl get pods -o wide` at the journal's end time runs the cluster to it
//!   and shows where it ended.

use super::{Input, Journal};
use crate::engine::time::SimTime;
use crate::engine::ClusterConfig;
use serde_yaml::{Mapping, Value};
use std::collections::BTreeMap;

pub(super) fn scenario(journal: &Journal) -> String {
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    let mut timeline = Vec::new();
    for entry in &journal.entries {
        let run = match &entry.input {
            Input::Line { line, files: reads } => {
                let mut line = line.clone();
                for read in reads {
                    if let Ok(text) = &read.content {
                        let name = file_name(&mut files, &read.name, text);
                        if name != read.name {
                            line = rename_in_line(&line, &read.name, &name);
                        }
                    }
                }
                line
            }
            Input::Apply { name, text } => format!("kubectl apply -f {}", file_name(&mut files, name, text)),
        };
        timeline.push(item(entry.at, &run));
    }
    timeline.push(item(journal.now, "kubectl get pods -o wide"));

    let mut spec = Mapping::new();
    spec.insert("description".into(), "Exported from a kubeplay session.".into());
    spec.insert("seed".into(), journal.config.seed.into());
    spec.insert("nodes".into(), nodes(&journal.config));
    let default = ClusterConfig::with_nodes(journal.config.seed, 0);
    if journal.config.metrics_server != default.metrics_server {
        spec.insert("metricsServer".into(), journal.config.metrics_server.into());
    }
    if journal.config.node_monitor_grace != default.node_monitor_grace {
        let ms = journal.config.node_monitor_grace.as_millis();
        let grace = if ms % 1000 == 0 { format!("{}s", ms / 1000) } else { format!("{ms}ms") };
        spec.insert("nodeMonitorGracePeriod".into(), grace.into());
    }
    if !files.is_empty() {
        let files: Mapping = files.into_iter().map(|(name, text)| (name.into(), text.into())).collect();
        spec.insert("files".into(), Value::Mapping(files));
    }
    spec.insert("timeline".into(), Value::Sequence(timeline));
    let mut doc = Mapping::new();
    doc.insert("apiVersion".into(), crate::scenario::API_VERSION.into());
    doc.insert("kind".into(), "Scenario".into());
    doc.insert("metadata".into(), Value::Mapping(Mapping::from_iter([("name".into(), "exported-session".into())])));
    doc.insert("spec".into(), Value::Mapping(spec));
    let yaml = crate::print::yaml::value_to_yaml(&Value::Mapping(doc)).unwrap_or_default();
    format!("# A kubeplay session exported as a scenario: `kubeplay run FILE` plays it to the same state.\n{yaml}")
}

fn item(at: SimTime, run: &str) -> Value {
    let ms = at.as_millis();
    let at = if ms % 1000 == 0 { format!("{}s", ms / 1000) } else { format!("{ms}ms") };
    Value::Mapping(Mapping::from_iter([("at".into(), at.into()), ("run".into(), run.into())]))
}

/// The `spec.files` name for `text` first read as `name`.
fn file_name(files: &mut BTreeMap<String, String>, name: &str, text: &str) -> String {
    // Names become one word of a command line: keep them to letters, digits and `-_./`.
    let safe: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || "-_./".contains(c) { c } else { '_' }).collect();
    let base = if name == "-" || safe.is_empty() { "stdin.yaml" } else { safe.as_str() };
    for n in 1.. {
        let candidate = if n == 1 { base.to_string() } else { numbered(base, n) };
        match files.get(&candidate) {
            Some(existing) if existing == text => return candidate,
            Some(_) => continue,
            None => {
                files.insert(candidate.clone(), text.to_string());
                return candidate;
            }
        }
    }
    unreachable!("the loop returns")
}

/// `web.yaml`, 2 → `web-2.yaml`.
fn numbered(name: &str, n: usize) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}-{n}.{ext}"),
        _ => format!("{name}-{n}"),
    }
}

/// Replaces the word `from` (a file argument) by `to` in a command line.
fn rename_in_line(line: &str, from: &str, to: &str) -> String {
    let words: Vec<String> = line
        .split(' ')
        .map(|word| {
            if word == from {
                to.to_string()
            } else if let Some(rest) = word.strip_prefix("--filename=").or_else(|| word.strip_prefix("-f=")) {
                if rest == from {
                    format!("{}{to}", &word[..word.len() - rest.len()])
                } else {
                    word.to_string()
                }
            } else {
                word.to_string()
            }
        })
        .collect();
    words.join(" ")
}

fn nodes(config: &ClusterConfig) -> Value {
    let default = ClusterConfig::with_nodes(config.seed, config.nodes.len());
    if config.nodes == default.nodes && !config.nodes.is_empty() {
        return (config.nodes.len() as u64).into();
    }
    let list = config
        .nodes
        .iter()
        .map(|node| {
            let mut m = Mapping::new();
            m.insert("name".into(), node.name.clone().into());
            m.insert("cpu".into(), format!("{}m", node.cpu_millis).into());
            m.insert("memory".into(), node.memory_bytes.to_string().into());
            if let Some(zone) = &node.zone {
                m.insert("zone".into(), zone.clone().into());
            }
            Value::Mapping(m)
        })
        .collect();
    Value::Sequence(list)
}
