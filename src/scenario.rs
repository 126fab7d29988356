//! Scenario files: a multi-document YAML file of Kubernetes manifests (applied at t=0) plus at
//! most one `kind: Scenario` document with the seed, the nodes and a timeline of commands.
//! Errors carry the line of the file they are about.

// Errors are built at most once per file; their size does not matter.
#![allow(clippy::result_large_err)]

use crate::cmd::{self, Command, ParseError};
use crate::engine::time::SimDuration;
use crate::sort::SmallSort;
use serde_yaml::{Mapping, Value};
use std::fmt;

/// The `apiVersion` of the Scenario document.
pub const API_VERSION: &str = "kubeplay.dev/v1";
/// Nodes when the Scenario says nothing (or there is no Scenario document).
pub const DEFAULT_NODE_COUNT: u32 = 3;
/// Caps that keep a shared scenario from exhausting the browser.
pub const MAX_TIMELINE_ENTRIES: usize = 10_000;
pub const MAX_AT: SimDuration = SimDuration::from_secs(30 * 24 * 3600);
pub const MAX_NODES: u32 = 5_000;
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

/// A parsed scenario file.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// `metadata.name`; empty for a plain manifests file.
    pub name: String,
    /// `spec.description`, free text for the scenario picker.
    pub description: Option<String>,
    pub seed: Option<u64>,
    pub nodes: NodesSpec,
    /// `spec.metricsServer` (default true): whether metrics-server runs from the start.
    pub metrics_server: bool,
    /// `spec.nodeMonitorGracePeriod` (default 50 s, kube-controller-manager's
    /// `--node-monitor-grace-period` since v1.32): how long a node may miss lease renewals
    /// before it is marked NotReady / Unknown.
    pub node_monitor_grace: Option<SimDuration>,
    /// Sorted by `at`; entries with the same `at` keep file order.
    pub timeline: Vec<TimelineEntry>,
    /// Every other document, re-joined with `---`, to apply at t=0.
    pub manifests: String,
    /// `spec.files`: files by name that `apply -f NAME` (and `create -f`, `delete -f`) in the
    /// timeline read before looking on disk; sessions export what they applied this way.
    pub files: std::collections::BTreeMap<String, String>,
    /// The same documents one by one, with the file line each starts on, so that manifest
    /// errors can point at the right line of the file.
    pub manifest_docs: Vec<ManifestDoc>,
}

/// `spec.nodes`: a count (`node-1` ... `node-N`) or an explicit list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodesSpec {
    Count(u32),
    List(Vec<NodeSpec>),
}

/// One node of `spec.nodes` in list form. Quantities are kept as written (`4`, `8Gi`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeSpec {
    pub name: String,
    pub cpu: Option<String>,
    pub memory: Option<String>,
    pub zone: Option<String>,
}

/// One `{at, run}` of `spec.timeline`.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineEntry {
    /// Cluster time since the scenario started.
    pub at: SimDuration,
    /// The command as written.
    pub run: String,
    /// `run` parsed with `cmd::parse`; `None` for a line typed in a container's shell (after
    /// an entry `kubectl exec -it POD -- bash`, until `exit`), which the shell runs.
    pub command: Option<Command>,
    /// 1-based line of the file where the entry's `run` is.
    pub line: usize,
}

/// One manifest document of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManifestDoc {
    pub text: String,
    /// 1-based file line of the document's first line.
    pub line: usize,
}

/// Why a scenario file was rejected, and where.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioError {
    /// 1-based file line, when known.
    pub line: Option<usize>,
    pub kind: ScenarioErrorKind,
}

/// The cases of `ScenarioError`.
#[derive(Clone, Debug, PartialEq)]
pub enum ScenarioErrorKind {
    /// The file is larger than `MAX_FILE_BYTES`.
    TooLarge { bytes: usize },
    /// A document is not valid YAML; `message` is the parser's, without its position.
    Yaml { message: String },
    /// More than one `kind: Scenario` document.
    DuplicateScenario,
    /// `kind: Scenario` with another apiVersion, or a `kubeplay.dev/v1` document of another kind.
    WrongType { api_version: String, kind: String },
    /// A field kubeplay does not know, e.g. `spec.seeds`; `suggestions` are close known fields.
    UnknownField { path: String, suggestions: Vec<String> },
    /// A required field is absent.
    MissingField { path: String },
    /// A field has a value of the wrong type or out of range.
    InvalidValue { path: String, message: String },
    /// A timeline `run` is not a valid command.
    Command { path: String, run: String, error: ParseError },
    /// More than `MAX_TIMELINE_ENTRIES` timeline entries.
    TooManyEntries { count: usize },
}

/// Parses a scenario file. A file without a Scenario document is a plain manifests file: three
/// nodes, no seed, an empty timeline. The Scenario document looks like this:
///
/// ```yaml
/// apiVersion: kubeplay.dev/v1
/// kind: Scenario
/// metadata: {name: failover}
/// spec:
///   description: Power off a node and watch the pods move.   # optional
///   seed: 7                                                 # optional
///   nodes: 3              # or a list of {name, cpu, memory, zone}
///   metricsServer: false  # optional: start without metrics-server (`kubectl top` fails
///                         # until `kubectl apply -f` of its manifest URL)
///   nodeMonitorGracePeriod: 40s   # optional (default 50s, 1s to 1h): how long a silent
///                         # node stays Ready (kube-controller-manager's flag of that name)
///   files:                # optional: files `apply -f NAME` reads before the disk
///     web.yaml: |
///       apiVersion: apps/v1
///       ...
///   timeline:
///   - {at: 60s, run: "node power-off node-2"}
///   - {at: 6m, run: "kubectl get pods -o wide"}
/// ```
///
/// `at` is a duration (`90s`, `5m`, `1h30m`) or a number of seconds; every `run` must parse
/// with `cmd::parse`, except the lines typed in a container's shell (after an entry
/// `kubectl exec -it POD -- bash`, up to its `exit`).
pub fn parse_scenario(text: &str) -> Result<Scenario, ScenarioError> {
    // Editors on Windows save UTF-8 with a byte order mark; it is not part of the YAML.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() > MAX_FILE_BYTES {
        return Err(ScenarioError { line: None, kind: ScenarioErrorKind::TooLarge { bytes: text.len() } });
    }
    let mut scenario = Scenario {
        name: String::new(),
        description: None,
        seed: None,
        nodes: NodesSpec::Count(DEFAULT_NODE_COUNT),
        metrics_server: true,
        node_monitor_grace: None,
        timeline: Vec::new(),
        manifests: String::new(),
        files: Default::default(),
        manifest_docs: Vec::new(),
    };
    let mut scenario_doc: Option<(Doc, Mapping)> = None;
    for doc in split_documents(text) {
        if doc.is_blank() {
            continue;
        }
        let value: Value = crate::manifest::yaml::from_str(&doc.text).map_err(|error| yaml_error(&doc, &error))?;
        let api_version = value.get("apiVersion").and_then(Value::as_str).unwrap_or("");
        let kind = value.get("kind").and_then(Value::as_str).unwrap_or("");
        if kind == "Scenario" || api_version == API_VERSION {
            if kind != "Scenario" || api_version != API_VERSION {
                let line = doc.key_line(if kind == "Scenario" { "apiVersion" } else { "kind" }, 0).or(Some(doc.line));
                let kind =
                    ScenarioErrorKind::WrongType { api_version: api_version.to_string(), kind: kind.to_string() };
                return Err(ScenarioError { line, kind });
            }
            if scenario_doc.is_some() {
                return Err(ScenarioError { line: Some(doc.line), kind: ScenarioErrorKind::DuplicateScenario });
            }
            // `kind: Scenario` was found, so the document is a mapping.
            let mapping = value.as_mapping().cloned().unwrap_or_default();
            scenario_doc = Some((doc, mapping));
        } else {
            scenario.manifest_docs.push(ManifestDoc { text: doc.text.clone(), line: doc.line });
        }
    }
    scenario.manifests =
        scenario.manifest_docs.iter().map(|doc| doc.text.as_str()).collect::<Vec<&str>>().join("---\n");
    if let Some((doc, mapping)) = scenario_doc {
        read_scenario_doc(&doc, &mapping, &mut scenario)?;
    }
    Ok(scenario)
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        match &self.kind {
            ScenarioErrorKind::TooLarge { bytes } => {
                write!(f, "the file is too large ({bytes} bytes; at most {MAX_FILE_BYTES})")
            }
            ScenarioErrorKind::Yaml { message } => write!(f, "invalid YAML: {message}"),
            ScenarioErrorKind::DuplicateScenario => f.write_str("a file may hold only one Scenario document"),
            ScenarioErrorKind::WrongType { api_version, kind } => write!(
                f,
                "unknown document type apiVersion: {api_version:?}, kind: {kind:?}; a scenario is apiVersion: {API_VERSION}, kind: Scenario"
            ),
            ScenarioErrorKind::UnknownField { path, suggestions } => {
                write!(f, "unknown field {path:?}")?;
                if !suggestions.is_empty() {
                    write!(f, "\n\nDid you mean this?")?;
                    for suggestion in suggestions {
                        write!(f, "\n\t{suggestion}")?;
                    }
                }
                Ok(())
            }
            ScenarioErrorKind::MissingField { path } => write!(f, "missing required field {path:?}"),
            ScenarioErrorKind::InvalidValue { path, message } => write!(f, "{path}: {message}"),
            ScenarioErrorKind::Command { path, run, error } => write!(f, "{path}: {run:?}: {error}"),
            ScenarioErrorKind::TooManyEntries { count } => {
                write!(f, "spec.timeline has {count} entries; at most {MAX_TIMELINE_ENTRIES}")
            }
        }
    }
}

impl std::error::Error for ScenarioError {}

/// One YAML document of the file and where it starts.
#[derive(Clone, Debug)]
struct Doc {
    text: String,
    /// 1-based file line of the document's first line.
    line: usize,
}

/// Splits on lines that are exactly `---`, optionally followed by spaces or a comment.
fn split_documents(text: &str) -> Vec<Doc> {
    let mut docs = Vec::new();
    let mut current = Doc { text: String::new(), line: 1 };
    for (line_idx, line) in text.lines().enumerate() {
        let is_separator = line.strip_prefix("---").is_some_and(|rest| {
            let rest = rest.trim_start();
            rest.is_empty() || rest.starts_with('#')
        });
        if is_separator {
            docs.push(std::mem::replace(&mut current, Doc { text: String::new(), line: line_idx + 2 }));
        } else {
            current.text.push_str(line);
            current.text.push('\n');
        }
    }
    docs.push(current);
    docs
}

impl Doc {
    fn is_blank(&self) -> bool {
        self.text.lines().all(|line| {
            let line = line.trim();
            line.is_empty() || line.starts_with('#')
        })
    }

    /// The file line of the first line at or after document line `from` (0-based) that holds
    /// `key:` as a mapping key, block (`key: x`) or flow (`{key: x}`) style.
    fn key_line(&self, key: &str, from: usize) -> Option<usize> {
        let pattern = format!("{key}:");
        self.text.lines().enumerate().skip(from).find_map(|(idx, line)| {
            let content = line.split(" #").next().unwrap_or(line);
            let found = content.match_indices(&pattern).any(|(pos, _)| {
                let before = content[..pos].chars().next_back();
                matches!(before, None | Some(' ' | '{' | ',' | '-' | '\t' | '"' | '\''))
            });
            found.then_some(self.line + idx)
        })
    }

    /// File lines of the items of the block sequence under `key:` (one per `- ` item at the
    /// items' indentation), or None when the sequence is in flow style or not found.
    fn sequence_item_lines(&self, key: &str) -> Option<Vec<usize>> {
        let key_file_line = self.key_line(key, 0)?;
        let key_idx = key_file_line - self.line;
        let lines: Vec<&str> = self.text.lines().collect();
        let key_text = lines.get(key_idx)?;
        let after_colon = key_text.split_once(&format!("{key}:"))?.1.trim();
        if !after_colon.is_empty() && !after_colon.starts_with('#') {
            return None;
        }
        let key_indent = indent_of(key_text);
        let mut item_indent = None;
        let mut items = Vec::new();
        for (idx, line) in lines.iter().enumerate().skip(key_idx + 1) {
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let indent = indent_of(line);
            let is_item = trimmed == "-" || trimmed.starts_with("- ");
            match item_indent {
                None if is_item && indent >= key_indent => item_indent = Some(indent),
                None => return None,
                Some(_) => {}
            }
            let item_indent = item_indent?;
            if indent < item_indent || (indent == item_indent && !is_item) {
                break;
            }
            if indent == item_indent && is_item {
                items.push(self.line + idx);
            }
        }
        Some(items)
    }
}

/// The file lines `[first, end)` of item `idx`, given the first line of every item.
fn item_range(item_lines: Option<&[usize]>, idx: usize) -> Option<(usize, Option<usize>)> {
    let lines = item_lines?;
    Some((*lines.get(idx)?, lines.get(idx + 1).copied()))
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn yaml_error(doc: &Doc, error: &crate::manifest::yaml::Error) -> ScenarioError {
    let message = error.to_string();
    // serde_yaml appends the position in the document; we report the file line instead.
    let message = match message.rfind(" at line ") {
        Some(pos) => message[..pos].to_string(),
        None => message,
    };
    let line = error.location().map(|location| doc.line + location.line().saturating_sub(1)).or(Some(doc.line));
    ScenarioError { line, kind: ScenarioErrorKind::Yaml { message } }
}

/// Reads the Scenario document's fields into `scenario`.
fn read_scenario_doc(doc: &Doc, mapping: &Mapping, scenario: &mut Scenario) -> Result<(), ScenarioError> {
    let fields = Fields { doc, path: "", within: None };
    fields.check_keys(mapping, &["apiVersion", "kind", "metadata", "spec"])?;
    let metadata = fields.mapping(mapping, "metadata")?.ok_or_else(|| fields.missing("metadata.name"))?;
    let metadata_fields = Fields { doc, path: "metadata", within: None };
    metadata_fields.check_keys(&metadata, &["name", "labels", "annotations"])?;
    scenario.name = metadata_fields.string(&metadata, "name")?.ok_or_else(|| fields.missing("metadata.name"))?;
    let Some(spec) = fields.mapping(mapping, "spec")? else { return Ok(()) };
    let spec_fields = Fields { doc, path: "spec", within: None };
    spec_fields.check_keys(
        &spec,
        &["description", "seed", "nodes", "metricsServer", "nodeMonitorGracePeriod", "files", "timeline"],
    )?;
    if let Some(value) = spec.get("metricsServer") {
        scenario.metrics_server =
            value.as_bool().ok_or_else(|| spec_fields.invalid("metricsServer", "must be true or false"))?;
    }
    if let Some(value) = spec.get("nodeMonitorGracePeriod") {
        let invalid = || spec_fields.invalid("nodeMonitorGracePeriod", "must be a duration from 1s to 1h, such as 40s");
        let grace = value.as_str().and_then(SimDuration::parse).ok_or_else(invalid)?;
        if grace < SimDuration::from_secs(1) || grace > SimDuration::from_secs(3600) {
            return Err(invalid());
        }
        scenario.node_monitor_grace = Some(grace);
    }
    scenario.description = spec_fields.string(&spec, "description")?;
    if let Some(seed) = spec.get("seed") {
        let seed = seed
            .as_u64()
            .ok_or_else(|| spec_fields.invalid("seed", "must be a whole number from 0 to 18446744073709551615"))?;
        scenario.seed = Some(seed);
    }
    if let Some(nodes) = spec.get("nodes") {
        scenario.nodes = read_nodes(&spec_fields, nodes)?;
    }
    if let Some(files) = spec.get("files") {
        let Some(files) = files.as_mapping() else {
            return Err(spec_fields.invalid("files", "must be a mapping of file names to their text"));
        };
        for (name, text) in files {
            match (name.as_str(), text.as_str()) {
                (Some(name), Some(text)) if !name.is_empty() && name != "-" => {
                    scenario.files.insert(name.to_string(), text.to_string());
                }
                _ => {
                    let message = "each entry must map a file name (not empty, not \"-\") to its text as a string";
                    return Err(spec_fields.invalid("files", message));
                }
            }
        }
    }
    if let Some(timeline) = spec.get("timeline") {
        scenario.timeline = read_timeline(&spec_fields, timeline)?;
    }
    Ok(())
}

fn read_nodes(fields: &Fields, nodes: &Value) -> Result<NodesSpec, ScenarioError> {
    if let Some(count) = nodes.as_u64() {
        return match u32::try_from(count) {
            Ok(count) if (1..=MAX_NODES).contains(&count) => Ok(NodesSpec::Count(count)),
            _ => Err(fields.invalid("nodes", &format!("must be between 1 and {MAX_NODES}, got {count}"))),
        };
    }
    let Some(items) = nodes.as_sequence() else {
        return Err(fields.invalid("nodes", "must be a number of nodes or a list of {name, cpu, memory, zone}"));
    };
    if items.is_empty() || items.len() > MAX_NODES as usize {
        return Err(fields.invalid("nodes", &format!("must list between 1 and {MAX_NODES} nodes")));
    }
    let item_lines = fields.doc.sequence_item_lines("nodes").filter(|lines| lines.len() == items.len());
    let mut list: Vec<NodeSpec> = Vec::new();
    for (idx, item) in items.iter().enumerate() {
        let path = format!("spec.nodes[{idx}]");
        let item_fields = Fields { doc: fields.doc, path: &path, within: item_range(item_lines.as_deref(), idx) };
        let Some(mapping) = item.as_mapping() else {
            return Err(item_fields.invalid("", "must be a mapping {name, cpu, memory, zone}"));
        };
        item_fields.check_keys(mapping, &["name", "cpu", "memory", "zone"])?;
        let name = item_fields.string(mapping, "name")?.ok_or_else(|| item_fields.missing("name"))?;
        if !is_dns_subdomain(&name) {
            let message = format!(
                "{name:?} is not a valid node name: use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit"
            );
            return Err(item_fields.invalid("name", &message));
        }
        if list.iter().any(|node| node.name == name) {
            return Err(item_fields.invalid("name", &format!("duplicate node name {name:?}")));
        }
        let quantity = |key: &str| -> Result<Option<String>, ScenarioError> {
            let Some(text) = item_fields.string(mapping, key)? else { return Ok(None) };
            if crate::api::parse_quantity(&text).is_some_and(|value| value > 0.0) {
                Ok(Some(text))
            } else {
                Err(item_fields.invalid(key, &format!("{text:?} is not a positive quantity (e.g. 4, 500m, 8Gi)")))
            }
        };
        let cpu = quantity("cpu")?;
        let memory = quantity("memory")?;
        let zone = item_fields.string(mapping, "zone")?;
        list.push(NodeSpec { name, cpu, memory, zone });
    }
    Ok(NodesSpec::List(list))
}

fn read_timeline(fields: &Fields, timeline: &Value) -> Result<Vec<TimelineEntry>, ScenarioError> {
    let Some(items) = timeline.as_sequence() else {
        return Err(fields.invalid("timeline", "must be a list of {at, run}"));
    };
    if items.len() > MAX_TIMELINE_ENTRIES {
        let line = fields.doc.key_line("timeline", 0);
        return Err(ScenarioError { line, kind: ScenarioErrorKind::TooManyEntries { count: items.len() } });
    }
    let item_lines = fields.doc.sequence_item_lines("timeline").filter(|lines| lines.len() == items.len());
    let timeline_line = fields.doc.key_line("timeline", 0).unwrap_or(fields.doc.line);
    let mut entries = Vec::with_capacity(items.len());
    // Entries after `kubectl exec -it POD -- bash` (in file order) are shell lines until `exit`.
    let mut in_shell = false;
    for (idx, item) in items.iter().enumerate() {
        let path = format!("spec.timeline[{idx}]");
        // Without item lines (flow style), every entry is reported at the `timeline:` line.
        let within = item_range(item_lines.as_deref(), idx).or(Some((timeline_line, Some(timeline_line + 1))));
        let item_fields = Fields { doc: fields.doc, path: &path, within };
        let Some(mapping) = item.as_mapping() else {
            return Err(item_fields.invalid("", "must be a mapping {at, run}"));
        };
        item_fields.check_keys(mapping, &["at", "run"])?;
        let at = match mapping.get("at") {
            None => return Err(item_fields.missing("at")),
            Some(Value::Number(number)) => match number.as_u64() {
                Some(secs) if secs <= MAX_AT.whole_secs() => SimDuration::from_secs(secs),
                _ => return Err(item_fields.invalid("at", &format!("{number} is not a time from 0s to 30d"))),
            },
            Some(Value::String(text)) => match SimDuration::parse(text) {
                Some(at) if at <= MAX_AT => at,
                Some(_) => return Err(item_fields.invalid("at", &format!("{text:?} is later than 30 days"))),
                None => {
                    let message = format!("{text:?} is not a duration (e.g. 90s, 5m, 1h30m)");
                    return Err(item_fields.invalid("at", &message));
                }
            },
            Some(_) => return Err(item_fields.invalid("at", "must be a duration such as 60s or 5m")),
        };
        let run = item_fields.string(mapping, "run")?.ok_or_else(|| item_fields.missing("run"))?;
        let line = item_fields.line_of("run").unwrap_or(timeline_line);
        if in_shell {
            let first = run.split_whitespace().next().unwrap_or_default();
            in_shell = !matches!(first, "exit" | "logout");
            entries.push(TimelineEntry { at, run, command: None, line });
            continue;
        }
        let command = match cmd::parse(&run) {
            Ok(Some(command)) => {
                in_shell = cmd::shell::is_shell(&command);
                command
            }
            Ok(None) => return Err(item_fields.invalid("run", "is empty: give a command such as \"kubectl get pods\"")),
            Err(error) => {
                let kind = ScenarioErrorKind::Command { path: format!("{path}.run"), run: run.clone(), error };
                return Err(ScenarioError { line: Some(line), kind });
            }
        };
        entries.push(TimelineEntry { at, run, command: Some(command), line });
    }
    entries.sort_small_by_key(|entry| entry.at);
    Ok(entries)
}

/// Field access for one mapping of the Scenario document, with errors that name the path and
/// the line.
struct Fields<'d> {
    doc: &'d Doc,
    /// Path of the mapping (`spec`, `spec.nodes[2]`), or empty for the document itself.
    path: &'d str,
    /// For a list item: its file lines `[first, end)`, to find its keys' lines.
    within: Option<(usize, Option<usize>)>,
}

impl Fields<'_> {
    fn full_path(&self, key: &str) -> String {
        match (self.path.is_empty(), key.is_empty()) {
            (true, _) => key.to_string(),
            (false, true) => self.path.to_string(),
            (false, false) => format!("{}.{key}", self.path),
        }
    }

    fn line_of(&self, key: &str) -> Option<usize> {
        match self.within {
            Some((first, end)) => {
                let found =
                    self.doc.key_line(key, first - self.doc.line).filter(|line| end.is_none_or(|end| *line < end));
                Some(found.unwrap_or(first))
            }
            None => self.doc.key_line(key, 0).or(Some(self.doc.line)),
        }
    }

    fn check_keys(&self, mapping: &Mapping, known: &[&str]) -> Result<(), ScenarioError> {
        for key in mapping.keys() {
            let key_text = match key {
                Value::String(text) => text.clone(),
                other => crate::print::yaml::value_to_yaml(other).unwrap_or_default().trim().to_string(),
            };
            if !known.contains(&key_text.as_str()) {
                let suggestions = cmd_suggestions(&key_text, known);
                let kind = ScenarioErrorKind::UnknownField { path: self.full_path(&key_text), suggestions };
                return Err(ScenarioError { line: self.line_of(&key_text), kind });
            }
        }
        Ok(())
    }

    fn mapping(&self, mapping: &Mapping, key: &str) -> Result<Option<Mapping>, ScenarioError> {
        match mapping.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Mapping(inner)) => Ok(Some(inner.clone())),
            Some(_) => Err(self.invalid(key, "must be a mapping")),
        }
    }

    /// A scalar as a string; numbers and booleans are accepted as written (`cpu: 4`).
    fn string(&self, mapping: &Mapping, key: &str) -> Result<Option<String>, ScenarioError> {
        match mapping.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(Value::Number(number)) => Ok(Some(number.to_string())),
            Some(Value::Bool(flag)) => Ok(Some(flag.to_string())),
            Some(_) => Err(self.invalid(key, "must be a string")),
        }
    }

    /// A missing field is reported at its parent's key (`metadata:`), else at `kind:`.
    fn missing(&self, key: &str) -> ScenarioError {
        if let Some((first, _)) = self.within {
            return ScenarioError {
                line: Some(first),
                kind: ScenarioErrorKind::MissingField { path: self.full_path(key) },
            };
        }
        let parent = if self.path.is_empty() { key.split('.').next().unwrap_or(key) } else { self.path };
        let parent_key = parent.rsplit('.').next().unwrap_or(parent);
        let line = self.doc.key_line(parent_key, 0).or_else(|| self.doc.key_line("kind", 0)).or(Some(self.doc.line));
        ScenarioError { line, kind: ScenarioErrorKind::MissingField { path: self.full_path(key) } }
    }

    fn invalid(&self, key: &str, message: &str) -> ScenarioError {
        let line = match (key.is_empty(), self.within) {
            (true, Some((first, _))) => Some(first),
            (true, None) => Some(self.doc.line),
            (false, _) => self.line_of(key),
        };
        ScenarioError {
            line,
            kind: ScenarioErrorKind::InvalidValue { path: self.full_path(key), message: message.to_string() },
        }
    }
}

fn cmd_suggestions(typed: &str, known: &[&str]) -> Vec<String> {
    cmd::suggestions(typed, known.iter().copied())
}

/// RFC 1123 subdomain, as node names must be.
fn is_dns_subdomain(name: &str) -> bool {
    let bytes = name.as_bytes();
    let edge_ok = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    name.len() <= 253
        && edge_ok(bytes.first())
        && edge_ok(bytes.last())
        && bytes.iter().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-' || *b == b'.')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::NodeAction;

    fn check_error(text: &str, expected: &str) {
        match parse_scenario(text) {
            Err(error) => assert_eq!(error.to_string(), expected),
            Ok(scenario) => panic!("expected an error, got {scenario:?}"),
        }
    }

    #[test]
    fn node_monitor_grace_period() {
        assert_eq!(parse_scenario(FAILOVER).expect("parses").node_monitor_grace, None);
        let grace = FAILOVER.replace("  nodes: 3", "  nodes: 3\n  nodeMonitorGracePeriod: 40s");
        assert_eq!(parse_scenario(&grace).expect("parses").node_monitor_grace, Some(SimDuration::from_secs(40)));
        let expected = "line 15: spec.nodeMonitorGracePeriod: must be a duration from 1s to 1h, such as 40s";
        check_error(&grace.replace("40s", "0s"), expected);
        check_error(&grace.replace("40s", "2h"), expected);
        check_error(&grace.replace("40s", "soon"), expected);
    }

    const FAILOVER: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
---
# The scenario itself.
apiVersion: kubeplay.dev/v1
kind: Scenario
metadata: {name: failover}
spec:
  seed: 7
  nodes: 3
  timeline:
  - {at: 6m, run: \"kubectl get pods -o wide\"}
  - {at: 60s, run: \"node power-off node-2\"}
  - at: 60s
    run: kubectl get nodes
--- # a service
apiVersion: v1
kind: Service
metadata:
  name: web
";

    #[test]
    fn parses_the_failover_example() {
        let scenario = parse_scenario(FAILOVER).unwrap();
        assert_eq!(scenario.name, "failover");
        assert_eq!(scenario.seed, Some(7));
        assert_eq!(scenario.nodes, NodesSpec::Count(3));
        let timeline: Vec<(u64, &str, usize)> =
            scenario.timeline.iter().map(|entry| (entry.at.whole_secs(), entry.run.as_str(), entry.line)).collect();
        assert_eq!(
            timeline,
            vec![
                (60, "node power-off node-2", 17),
                (60, "kubectl get nodes", 19),
                (360, "kubectl get pods -o wide", 16)
            ]
        );
        assert_eq!(
            scenario.timeline[0].command,
            Some(Command::Node { action: NodeAction::PowerOff, name: "node-2".into() })
        );
        assert_eq!(
            scenario.manifests,
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n"
        );
        let lines: Vec<usize> = scenario.manifest_docs.iter().map(|doc| doc.line).collect();
        assert_eq!(lines, vec![1, 21]);
    }

    #[test]
    fn plain_manifests_file() {
        let scenario = parse_scenario("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n").unwrap();
        assert_eq!(scenario.name, "");
        assert_eq!(scenario.nodes, NodesSpec::Count(DEFAULT_NODE_COUNT));
        assert!(scenario.timeline.is_empty());
        assert_eq!(scenario.manifests, "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n");
        let empty = parse_scenario("---\n# nothing\n---\n").unwrap();
        assert_eq!(empty.manifests, "");
        assert!(empty.manifest_docs.is_empty());
    }

    #[test]
    fn node_list() {
        let text = "\
apiVersion: kubeplay.dev/v1
kind: Scenario
metadata:
  name: zones
spec:
  nodes:
  - {name: node-a, cpu: 4, memory: 8Gi, zone: z1}
  - name: node-b
    cpu: 500m
";
        let scenario = parse_scenario(text).unwrap();
        assert_eq!(
            scenario.nodes,
            NodesSpec::List(vec![
                NodeSpec {
                    name: "node-a".into(),
                    cpu: Some("4".into()),
                    memory: Some("8Gi".into()),
                    zone: Some("z1".into())
                },
                NodeSpec { name: "node-b".into(), cpu: Some("500m".into()), memory: None, zone: None },
            ])
        );
        check_error(
            &text.replace("cpu: 500m", "cpu: lots"),
            "line 9: spec.nodes[1].cpu: \"lots\" is not a positive quantity (e.g. 4, 500m, 8Gi)",
        );
        check_error(&text.replace("node-b", "node-a"), "line 8: spec.nodes[1].name: duplicate node name \"node-a\"");
        check_error(
            &text.replace("zone: z1", "zones: z1"),
            "line 7: unknown field \"spec.nodes[0].zones\"\n\nDid you mean this?\n\tzone",
        );
        check_error(&text.replace("name: node-b", "name: Node_B"), "line 8: spec.nodes[1].name: \"Node_B\" is not a valid node name: use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit");
    }

    #[test]
    fn errors_point_at_the_file_line() {
        check_error(
            &FAILOVER.replace("node power-off node-2", "node power-of node-2"),
            "line 17: spec.timeline[1].run: \"node power-of node-2\": error: unknown command \"power-of\" for \"node\"\n\nDid you mean this?\n\tpower-off\n\tpower-on\n\nRun 'help node' for usage.",
        );
        check_error(
            &FAILOVER.replace("run: kubectl get nodes", "run: kubectl get nodez"),
            "line 19: spec.timeline[2].run: \"kubectl get nodez\": error: the server doesn't have a resource type \"nodez\"\n\nDid you mean this?\n\tnodes",
        );
        check_error(
            &FAILOVER.replace("seed: 7", "seeds: 7"),
            "line 13: unknown field \"spec.seeds\"\n\nDid you mean this?\n\tseed",
        );
        check_error(
            &FAILOVER.replace("seed: 7", "seed: -1"),
            "line 13: spec.seed: must be a whole number from 0 to 18446744073709551615",
        );
        check_error(
            &FAILOVER.replace("at: 6m", "at: 6 minutes"),
            "line 16: spec.timeline[0].at: \"6 minutes\" is not a duration (e.g. 90s, 5m, 1h30m)",
        );
        check_error(
            &FAILOVER.replace("- at: 60s", "- at: soon"),
            "line 18: spec.timeline[2].at: \"soon\" is not a duration (e.g. 90s, 5m, 1h30m)",
        );
        check_error(
            &FAILOVER.replace("    run: kubectl get nodes", "    runs: kubectl get nodes"),
            "line 19: unknown field \"spec.timeline[2].runs\"\n\nDid you mean this?\n\trun",
        );
        check_error(
            &FAILOVER.replace("- {at: 60s, run", "- {at: 60s, rnu"),
            "line 17: unknown field \"spec.timeline[1].rnu\"\n\nDid you mean this?\n\trun",
        );
        check_error(
            &FAILOVER.replace("  - {at: 6m, run: \"kubectl get pods -o wide\"}", "  - just a string"),
            "line 16: spec.timeline[0]: must be a mapping {at, run}",
        );
        check_error(
            &FAILOVER.replace("at: 6m", "at: 31d"),
            "line 16: spec.timeline[0].at: \"31d\" is later than 30 days",
        );
        check_error(&FAILOVER.replace("{at: 6m, ", "{"), "line 16: missing required field \"spec.timeline[0].at\"");
        check_error(
            &FAILOVER.replace("run: \"kubectl get pods -o wide\"", "run: \"# nothing\""),
            "line 16: spec.timeline[0].run: is empty: give a command such as \"kubectl get pods\"",
        );
        check_error(
            &FAILOVER.replace("nodes: 3", "nodes: 0"),
            "line 14: spec.nodes: must be between 1 and 5000, got 0",
        );
        check_error(
            &FAILOVER.replace("metadata: {name: failover}", "metadata: {}"),
            "line 11: missing required field \"metadata.name\"",
        );
        check_error(&FAILOVER.replace("kubeplay.dev/v1", "kubeplay.dev/v2"), "line 9: unknown document type apiVersion: \"kubeplay.dev/v2\", kind: \"Scenario\"; a scenario is apiVersion: kubeplay.dev/v1, kind: Scenario");
        check_error(
            &format!("{FAILOVER}---\n{}", &FAILOVER[FAILOVER.find("apiVersion: kubeplay").unwrap()..]),
            "line 26: a file may hold only one Scenario document",
        );
    }

    #[test]
    fn yaml_syntax_errors_use_file_lines() {
        let text = "apiVersion: v1\nkind: Pod\n---\napiVersion: v1\nkind: [Service\n";
        let error = parse_scenario(text).unwrap_err();
        assert!(matches!(error.kind, ScenarioErrorKind::Yaml { .. }), "{error}");
        assert_eq!(error.line, Some(6));
        let error = parse_scenario("a: 1\n---\nb: 1\nb: 2\n").unwrap_err();
        assert_eq!(error.line, Some(3));
        assert!(error.to_string().starts_with("line 3: invalid YAML: "), "{error}");
    }

    #[test]
    fn separators() {
        let docs = split_documents("a: 1\n---   \nb: 2\n--- # c\nc: 3\n----\nd: 4\n");
        let summary: Vec<(usize, &str)> = docs.iter().map(|doc| (doc.line, doc.text.as_str())).collect();
        assert_eq!(summary, vec![(1, "a: 1\n"), (3, "b: 2\n"), (5, "c: 3\n----\nd: 4\n")]);
    }

    #[test]
    fn timeline_limits_and_order() {
        let mut text =
            String::from("apiVersion: kubeplay.dev/v1\nkind: Scenario\nmetadata: {name: big}\nspec:\n  timeline:\n");
        for idx in 0..=MAX_TIMELINE_ENTRIES {
            text.push_str(&format!("  - {{at: {}s, run: sleep 1s}}\n", idx % 7));
        }
        check_error(&text, "line 5: spec.timeline has 10001 entries; at most 10000");
        let text = "apiVersion: kubeplay.dev/v1\nkind: Scenario\nmetadata: {name: order}\nspec:\n  timeline: [{at: 2m, run: sleep 1s}, {at: 30, run: sleep 2s}, {at: 30s, run: sleep 3s}]\n";
        let scenario = parse_scenario(text).unwrap();
        let order: Vec<(&str, usize)> =
            scenario.timeline.iter().map(|entry| (entry.run.as_str(), entry.line)).collect();
        assert_eq!(order, vec![("sleep 2s", 5), ("sleep 3s", 5), ("sleep 1s", 5)]);
    }

    #[test]
    fn never_panics_on_truncated_files() {
        for (pos, _) in FAILOVER.char_indices() {
            let _ = parse_scenario(&FAILOVER[..pos]).map_err(|error| error.to_string());
        }
    }
}
