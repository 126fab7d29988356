//! Runs a scenario file through a [`Session`]: applies its manifests at t=0, then plays the
//! timeline, writing each command's output under a header line `[6m0s] $ kubectl get pods -o
//! wide` as it goes. The CLI, the tests and the determinism check all use this, so they print
//! the same bytes.

use crate::cmd::{self, Files};
use crate::engine::time::{SimDuration, SimTime};
use crate::engine::{Cluster, ClusterConfig, NodeConfig};
use crate::scenario::{self, NodesSpec, Scenario};
use crate::session::{EventCursor, Session};
use std::collections::BTreeMap;
use std::fmt;
use std::io::Write;

#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    /// Keep simulating until this cluster time; later timeline entries are skipped. At most
    /// 30 days (`scenario::MAX_AT`), as `at:` and `sleep`.
    pub until: Option<SimDuration>,
    /// Interleave the events recorded since the previous command.
    pub events: bool,
    /// JSON lines instead of text.
    pub json: bool,
    /// Override the scenario's seed.
    pub seed: Option<u64>,
}

/// Why a run stopped early.
#[derive(Debug)]
pub enum RunError {
    /// The scenario is invalid (the message names the file and the line).
    Scenario(String),
    /// Writing the output failed (e.g. the reader of a pipe went away).
    Output(std::io::Error),
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Scenario(message) => f.write_str(message),
            RunError::Output(e) => write!(f, "writing the output: {e}"),
        }
    }
}

impl std::error::Error for RunError {}

/// The cluster configuration a scenario asks for.
pub fn config_for(scenario: &Scenario, seed_override: Option<u64>) -> Result<ClusterConfig, String> {
    let seed = seed_override.or(scenario.seed).unwrap_or(1);
    let mut config = config_nodes(scenario, seed)?;
    config.metrics_server = scenario.metrics_server;
    if let Some(grace) = scenario.node_monitor_grace {
        config.node_monitor_grace = grace;
    }
    Ok(config)
}

fn config_nodes(scenario: &Scenario, seed: u64) -> Result<ClusterConfig, String> {
    Ok(match &scenario.nodes {
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
    })
}

/// Runs scenario text (`name` is the file name shown in the apply header) and returns what it
/// prints, plus the final session for further checks.
pub fn run_scenario(
    text: &str,
    name: &str,
    files: &dyn Files,
    options: &RunOptions,
) -> Result<(String, Session), String> {
    let mut out = Vec::new();
    let session = run_scenario_to(text, name, files, options, &mut out).map_err(|e| e.to_string())?;
    Ok((String::from_utf8_lossy(&out).into_owned(), session))
}

/// [`run_scenario`], writing to `out` as the run goes (each line as soon as it is known), so
/// that a long run shows its progress and a run that is stopped keeps what it printed.
pub fn run_scenario_to(
    text: &str,
    name: &str,
    files: &dyn Files,
    options: &RunOptions,
    out: &mut dyn Write,
) -> Result<Session, RunError> {
    let scenario = scenario::parse_scenario(text).map_err(|e| RunError::Scenario(format!("{name}: {e}")))?;
    if let Some(until) = options.until.filter(|u| *u > scenario::MAX_AT) {
        return Err(RunError::Scenario(format!(
            "invalid argument {:?} for \"--until\" flag: at most 30 days (720h), as for `at:` and `sleep`",
            crate::engine::time::go_duration(until)
        )));
    }
    let config = config_for(&scenario, options.seed).map_err(|e| RunError::Scenario(format!("{name}: {e}")))?;
    let mut session = Session::new(config);
    let files = ScenarioFiles { inline: &scenario.files, disk: files };
    let mut printer = Printer { json: options.json, events: options.events, cursor: EventCursor::default(), out };
    if !scenario.manifests.trim().is_empty() {
        let output = session.apply_text(name, &scenario.manifests);
        printer.command(session.now(), &format!("kubectl apply -f {name}"), &output)?;
    }
    let until = options.until.map(|d| SimTime(d.as_millis()));
    for entry in &scenario.timeline {
        let at = SimTime(entry.at.as_millis());
        if until.is_some_and(|u| at > u) {
            break;
        }
        advance(&mut session, at, &mut printer)?;
        // Blocking commands (`rollout status`, `wait`, `sleep`) advance time; the header shows
        // when the command was typed.
        let typed_at = session.now();
        let output = session.run_with(&entry.run, &files);
        printer.command(typed_at, &entry.run, &output)?;
        for row in session.take_watch_rows() {
            printer.line(&row.text)?;
        }
    }
    if let Some(until) = until {
        advance(&mut session, until, &mut printer)?;
    }
    printer.flush_events(&session)?;
    Ok(session)
}

/// Size of the chart `kubeplay run --svg` writes [px]: a 16:10 page for a projector or print.
pub const CHART_SIZE: (u32, u32) = (1600, 1800);

/// The charts of a finished run as an SVG document (`kubeplay run --svg OUT.svg`).
pub fn chart_svg(cluster: &Cluster) -> String {
    crate::chart::dashboard_svg(cluster, CHART_SIZE.0, CHART_SIZE.1)
}

/// What `apply -f NAME` reads in a scenario: `spec.files`, then the disk; never stdin.
struct ScenarioFiles<'a> {
    inline: &'a BTreeMap<String, String>,
    disk: &'a dyn Files,
}

impl Files for ScenarioFiles<'_> {
    fn read(&self, name: &str) -> Result<String, String> {
        if name == "-" {
            return Err("error: a scenario timeline cannot read stdin (`-f -`): put the manifest in the scenario's spec.files or in a file next to it, and apply -f NAME".into());
        }
        match self.inline.get(name) {
            Some(text) => Ok(text.clone()),
            None => self.disk.read(name),
        }
    }
}

/// Runs the session to `to` and prints what happened on the way. With `get -w` running, one
/// event instant at a time, so that each change is printed after the events that caused it,
/// as kubectl prints every update.
fn advance(session: &mut Session, to: SimTime, printer: &mut Printer) -> Result<(), RunError> {
    if !session.watching() {
        session.advance_to(to);
        return printer.flush_events(session);
    }
    loop {
        let done = session.advance_budgeted(to, 1);
        printer.flush_events(session)?;
        for row in session.take_watch_rows() {
            printer.line(&row.text)?;
        }
        if done {
            return Ok(());
        }
    }
}

struct Printer<'a> {
    json: bool,
    events: bool,
    cursor: EventCursor,
    out: &'a mut dyn Write,
}

impl Printer<'_> {
    fn line(&mut self, text: &str) -> Result<(), RunError> {
        self.out.write_all(text.as_bytes()).map_err(RunError::Output)?;
        self.out.write_all(b"\n").map_err(RunError::Output)
    }

    fn command(&mut self, at: SimTime, run: &str, output: &cmd::Output) -> Result<(), RunError> {
        if self.json {
            let value = serde_json::json!({"type": "command", "at_ms": at.as_millis(), "at": at.to_string(), "run": run, "ok": output.ok, "output": output.text});
            self.line(&value.to_string())?;
        } else {
            self.line(&format!("[{at}] $ {run}"))?;
            if !output.text.is_empty() {
                self.line(&output.text)?;
            }
        }
        self.out.flush().map_err(RunError::Output)
    }

    /// Events recorded since the last call (the stream keeps the most recent 5,000).
    fn flush_events(&mut self, session: &Session) -> Result<(), RunError> {
        if !self.events {
            return Ok(());
        }
        for e in session.events_since(&mut self.cursor) {
            let line = if self.json {
                serde_json::json!({"type": "event", "at_ms": e.at.as_millis(), "at": e.at.to_string(), "event_type": e.type_, "reason": e.reason, "object": e.object, "source": e.source, "message": e.message}).to_string()
            } else {
                format!("  [{}] {} {} {}: {}", e.at, e.type_, e.reason, e.object, e.message)
            };
            self.line(&line)?;
        }
        Ok(())
    }
}
