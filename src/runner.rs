//! Runs a scenario file: applies its manifests at t=0, then plays the timeline, printing each
//! command's output under a header line `[6m0s] $ kubectl get pods -o wide`. The CLI, the
//! tests and the determinism check all use this, so they print the same bytes.

use crate::cmd::{self, Files};
use crate::engine::time::{SimDuration, SimTime};
use crate::engine::{Cluster, ClusterConfig, NodeConfig};
use crate::scenario::{self, NodesSpec, Scenario};

#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    /// Keep simulating until this cluster time; later timeline entries are skipped.
    pub until: Option<SimDuration>,
    /// Interleave the events recorded since the previous command.
    pub events: bool,
    /// JSON lines instead of text.
    pub json: bool,
    /// Override the scenario's seed.
    pub seed: Option<u64>,
}

/// Builds the cluster a scenario asks for.
pub fn cluster_for(scenario: &Scenario, seed_override: Option<u64>) -> Result<Cluster, String> {
    let seed = seed_override.or(scenario.seed).unwrap_or(1);
    let config = match &scenario.nodes {
        NodesSpec::Count(n) => ClusterConfig::with_nodes(seed, *n as usize),
        NodesSpec::List(nodes) => {
            let mut config = ClusterConfig::with_nodes(seed, 0);
            for node in nodes {
                let mut c = NodeConfig::new(&node.name);
                if let Some(cpu) = &node.cpu {
                    c.cpu_millis = crate::api::Quantity(cpu.clone())
                        .millis()
                        .ok_or_else(|| format!("node {}: invalid cpu {cpu:?}", node.name))?;
                }
                if let Some(memory) = &node.memory {
                    c.memory_bytes = crate::api::Quantity(memory.clone())
                        .bytes()
                        .ok_or_else(|| format!("node {}: invalid memory {memory:?}", node.name))?;
                }
                c.zone = node.zone.clone();
                config.nodes.push(c);
            }
            config
        }
    };
    Ok(Cluster::with_config(config))
}

/// Runs scenario text (`name` is the file name shown in the apply header) and returns what it
/// prints, plus the final cluster for further checks.
pub fn run_scenario(
    text: &str,
    name: &str,
    files: &dyn Files,
    options: &RunOptions,
) -> Result<(String, Cluster), String> {
    let scenario = scenario::parse_scenario(text).map_err(|e| format!("{name}: {e}"))?;
    let mut cluster = cluster_for(&scenario, options.seed).map_err(|e| format!("{name}: {e}"))?;
    let mut printer = Printer { json: options.json, events: options.events, events_printed: 0, out: String::new() };
    if !scenario.manifests.trim().is_empty() {
        let output = match cluster.apply_yaml_from(&scenario.manifests, name) {
            Ok(text) => cmd::Output::ok(text),
            Err(text) => cmd::Output::err(text),
        };
        printer.command(cluster.now(), &format!("kubectl apply -f {name}"), &output);
    }
    let until = options.until.map(|d| SimTime(d.as_millis()));
    let mut watches: Vec<Watch> = Vec::new();
    for entry in &scenario.timeline {
        let at = SimTime(entry.at.as_millis());
        if until.is_some_and(|u| at > u) {
            break;
        }
        advance(&mut cluster, at, &mut watches, &mut printer);
        printer.flush_events(&cluster);
        // Blocking commands (`rollout status`, `wait`, `sleep`) advance time; the header shows
        // when the command was typed.
        let typed_at = cluster.now();
        let output = cmd::execute(&mut cluster, files, &entry.command);
        printer.command(typed_at, &entry.run, &output);
        print_watch_rows(&cluster, &mut watches, &mut printer);
        if output.ok && matches!(entry.command, cmd::Command::Get { watch: true, .. }) {
            let mut seen = Default::default();
            cmd::exec::watch_rows(&cluster, &entry.command, &mut seen);
            watches.push(Watch { command: entry.command.clone(), seen });
        }
    }
    if let Some(until) = until {
        advance(&mut cluster, until, &mut watches, &mut printer);
    }
    printer.flush_events(&cluster);
    Ok((printer.out, cluster))
}

/// Size of the chart `kubeplay run --svg` writes [px]: a 16:10 page for a projector or print.
pub const CHART_SIZE: (u32, u32) = (1600, 1800);

/// The charts of a finished run as an SVG document (`kubeplay run --svg OUT.svg`).
pub fn chart_svg(cluster: &Cluster) -> String {
    crate::chart::dashboard_svg(cluster, CHART_SIZE.0, CHART_SIZE.1)
}

/// A `kubectl get -w` left running, as in a second terminal: it prints a row whenever a
/// watched object's row changes, until the scenario ends.
struct Watch {
    command: cmd::Command,
    seen: std::collections::BTreeMap<String, String>,
}

/// Runs the cluster to `to`; with watches active, one event instant at a time so that each
/// change is printed, as kubectl prints every update.
fn advance(cluster: &mut Cluster, to: SimTime, watches: &mut [Watch], printer: &mut Printer) {
    if watches.is_empty() {
        cluster.run_until(to);
        return;
    }
    loop {
        let step = match cluster.next_event_time() {
            Some(at) if at <= to => at,
            _ => to,
        };
        cluster.run_until(step);
        printer.flush_events(cluster);
        print_watch_rows(cluster, watches, printer);
        if step >= to {
            return;
        }
    }
}

fn print_watch_rows(cluster: &Cluster, watches: &mut [Watch], printer: &mut Printer) {
    for watch in watches.iter_mut() {
        for row in cmd::exec::watch_rows(cluster, &watch.command, &mut watch.seen) {
            printer.line(&row);
        }
    }
}

struct Printer {
    json: bool,
    events: bool,
    events_printed: u64,
    out: String,
}

impl Printer {
    fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn command(&mut self, at: SimTime, run: &str, output: &cmd::Output) {
        if self.json {
            let value = serde_json::json!({"type": "command", "at_ms": at.as_millis(), "at": at.to_string(), "run": run, "ok": output.ok, "output": output.text});
            self.line(&value.to_string());
        } else {
            self.line(&format!("[{at}] $ {run}"));
            if !output.text.is_empty() {
                let text = output.text.clone();
                self.line(&text);
            }
        }
    }

    /// Events recorded since the last call (the stream keeps the most recent 5,000).
    fn flush_events(&mut self, cluster: &Cluster) {
        if !self.events {
            return;
        }
        let stream = cluster.events.stream();
        let total = cluster.events.total;
        let new = (total - self.events_printed).min(stream.len() as u64) as usize;
        let lines: Vec<String> = stream
            .iter()
            .skip(stream.len() - new)
            .map(|e| {
                let object = format!("{}/{}", e.object.kind.to_lowercase(), e.object.name);
                if self.json {
                    serde_json::json!({"type": "event", "at_ms": e.at.as_millis(), "at": e.at.to_string(), "event_type": e.type_, "reason": e.reason, "object": object, "source": e.source, "message": e.message}).to_string()
                } else {
                    format!("  [{}] {} {} {}: {}", e.at, e.type_, e.reason, object, e.message)
                }
            })
            .collect();
        for line in lines {
            self.line(&line);
        }
        self.events_printed = total;
    }
}
