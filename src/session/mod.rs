//! `Session`: the one door to a simulated cluster, for the REPL, `kubeplay run`, the lessons,
//! the web UI and the tests. Plain Rust (no web dependency), the same natively and in wasm.
//!
//! A session owns the [`Cluster`] and a [`Journal`]: the cluster configuration (with its seed),
//! then every input that can change the cluster, with the cluster time it was typed at.
//! Nothing else writes the cluster; front-ends read it through [`Session::cluster`] and
//! [`Session::snapshot`].
//!
//! # What a front-end does
//! - [`Session::run`] one line of the command language (`kubectl scale deploy/web
//!   --replicas=5`, `node power-off node-2`, `sleep 30s`); [`Session::apply_text`] an editor's
//!   YAML, the same path as `kubectl apply -f`.
//! - [`Session::advance_to`] / [`Session::advance_by`] move cluster time; a UI frame uses
//!   [`Session::advance_budgeted`], which stops after a number of event instants.
//! - [`Session::events_since`] gives the events recorded since a cursor last looked;
//!   [`Session::take_watch_rows`] the rows `kubectl get -w` prints as watched objects change
//!   (every successful `get -w` stays running until [`Session::stop_watches`]).
//! - [`Session::snapshot`] is the view model the UI renders.
//!
//! # The journal, replay, undo, checkpoints
//! The journal holds inputs, not states: `(at, Input)` where an input is a command line (with
//! the files it read, as they were) or an applied YAML text in full. Time advances are implicit:
//! replay runs the cluster to `at` before each input, and to the journal's final `now` at the
//! end, so a UI ticking 60 times a second does not grow it. Read-only commands (`get`,
//! `describe`, `logs`, `top`, ...; `cmd::Command::mutates`) and lines that do not parse are not
//! journaled: they cannot change the cluster. Blocking commands (`sleep`, `rollout status`,
//! `wait`) replay by running again.
//!
//! Because the engine is deterministic, [`Session::replay`] rebuilds a byte-identical cluster
//! (same `get`/`describe` output, same events, same pod names). [`Session::undo`] replays
//! without the last input and goes back to the time it was typed at; [`Session::checkpoint`]
//! and [`Session::restore`] ("restart this step") keep a copy of the journal and replay it.
//! [`Session::export_scenario`] writes a scenario file `kubeplay run` plays to the same state,
//! and [`codec`] turns a journal into a string for a URL fragment or `localStorage`.

pub mod codec;
mod export;
mod replay;
mod snapshot;
mod zlib;

pub use replay::{Replay, ReplayProgress, ReplayWatcher};
pub use snapshot::{NodeView, PodView, Snapshot};

use crate::cmd::{self, Command, Files, Output};
use crate::engine::time::{SimDuration, SimTime};
use crate::engine::{Cluster, ClusterConfig};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;

/// The inputs that made a cluster, enough to rebuild it exactly.
#[derive(Clone, Debug, PartialEq)]
pub struct Journal {
    /// Nodes, seed and controller settings the cluster started with.
    pub config: ClusterConfig,
    /// Inputs in the order they were given; `at` never decreases.
    pub entries: Vec<Entry>,
    /// The cluster time the journal ends at (at least the last entry's `at`).
    pub now: SimTime,
}

/// One input and the cluster time it was given at.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub at: SimTime,
    pub input: Input,
}

/// Something a user did to the cluster.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    /// A line of the command language, with every file it read (`apply -f NAME`) as it was
    /// then, so that replay does not depend on the disk or the editor's buffers.
    Line { line: String, files: Vec<FileRead> },
    /// YAML text applied as `kubectl apply -f NAME` (the editor's Apply, a scenario's
    /// manifests), in full.
    Apply { name: String, text: String },
}

/// What reading one file gave.
#[derive(Clone, Debug, PartialEq)]
pub struct FileRead {
    pub name: String,
    /// The text, or the error message the read produced.
    pub content: Result<String, String>,
}

/// Where a front-end's "events since I last looked" stands. Start with `EventCursor::default()`
/// to get every event still in the stream.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EventCursor {
    seen: u64,
}

/// One event occurrence (`kubeplay run --events` prints these).
#[derive(Clone, Debug, PartialEq)]
pub struct EventLine {
    /// Position in the cluster's event stream (0 is the first event ever recorded).
    pub seq: u64,
    pub at: SimTime,
    /// `Normal` or `Warning`.
    pub type_: String,
    pub reason: String,
    /// `pod/web-5d4f-abcde`, as kubectl names objects.
    pub object: String,
    pub source: String,
    pub message: String,
}

/// A row a running `get -w` printed.
#[derive(Clone, Debug, PartialEq)]
pub struct WatchRow {
    /// When the row changed.
    pub at: SimTime,
    /// How many events the cluster had recorded when the row was printed: events with a
    /// smaller `seq` happened before it.
    pub events_before: u64,
    pub text: String,
}

/// A point in a session to come back to ([`Session::restore`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CheckpointId(usize);

/// Why a journal could not be replayed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplayError {
    /// Entry `index` is timed before the cluster time replay has already reached.
    TimeGoesBack { index: usize, at: SimTime, now: SimTime },
    /// Entry `index` is not a command line kubeplay can parse.
    BadLine { index: usize, message: String },
    /// Replay ran past the journal's end time (a blocking command took longer than recorded).
    PastEnd { now: SimTime, end: SimTime },
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReplayError::TimeGoesBack { index, at, now } => {
                write!(f, "journal entry {} is at {at}, before the cluster time {now} replay had reached", index + 1)
            }
            ReplayError::BadLine { index, message } => write!(f, "journal entry {}: {message}", index + 1),
            ReplayError::PastEnd { now, end } => {
                write!(f, "replay reached {now}, past the journal's end time {end}")
            }
        }
    }
}

impl std::error::Error for ReplayError {}

/// Why [`Session::decode`] could not restore a session from text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// The text is not a journal (see [`codec`]).
    Codec(codec::CodecError),
    /// The journal decoded but does not replay.
    Replay(ReplayError),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Codec(e) => e.fmt(f),
            LoadError::Replay(e) => write!(f, "this saved cluster cannot be loaded: {e}"),
        }
    }
}

impl std::error::Error for LoadError {}

/// A `kubectl get -w` left running, as in a second terminal.
struct Watch {
    command: Command,
    seen: BTreeMap<String, String>,
    /// The second of cluster time the counts below are for.
    second: u64,
    /// Rows printed in `second`; past `WATCH_ROWS_PER_SECOND` the rest are dropped.
    printed: usize,
    /// The second a large watch last looked at the cluster.
    sampled: Option<u64>,
}

impl Watch {
    fn new(command: Command, seen: BTreeMap<String, String>) -> Watch {
        Watch { command, seen, second: 0, printed: 0, sampled: None }
    }
}

/// A running `get -w` prints at most this many rows per second of cluster time; when a flood
/// of changes passes it, one line says so and the rest of that second's changes are dropped.
pub const WATCH_ROWS_PER_SECOND: usize = 100;
/// A watch over more objects than this looks at the cluster once per second of cluster time
/// per this many objects instead of at every instant, so that its real cost per second of
/// cluster time stays bounded.
pub const LARGE_WATCH: usize = 1000;
/// At most this many `get -w` run at once; a new one stops the oldest.
pub const MAX_WATCHES: usize = 8;

/// The line a watch prints when it drops rows.
pub fn watch_dropped_line() -> String {
    format!(
        "(kubeplay: more than {WATCH_ROWS_PER_SECOND} changes in one second of cluster time; the rest of this second's changes are not shown)"
    )
}

/// A simulated cluster with its history. See the module documentation.
pub struct Session {
    cluster: Cluster,
    journal: Journal,
    files: Box<dyn Files>,
    watches: Vec<Watch>,
    watch_rows: Vec<WatchRow>,
    checkpoints: Vec<Journal>,
    /// The interactive shell lines go to (`kubectl exec -it POD -- bash` until `exit`).
    shell: Option<cmd::shell::Shell>,
}

/// A copy of a `get -w` command, for a watch to keep; `None` for any other command. (Copying
/// only this variant keeps the derived `Clone` of every `Command`, 5 KB, out of the web app.)
fn watched(command: &Command) -> Option<Command> {
    let Command::Get {
        kinds,
        names,
        output,
        selector,
        field_selector,
        watch: true,
        all_namespaces,
        show_labels,
        no_headers,
        sort_by,
        namespace,
    } = command
    else {
        return None;
    };
    Some(Command::Get {
        kinds: kinds.clone(),
        names: names.clone(),
        output: *output,
        selector: selector.clone(),
        field_selector: field_selector.clone(),
        watch: true,
        all_namespaces: *all_namespaces,
        show_labels: *show_labels,
        no_headers: *no_headers,
        sort_by: sort_by.clone(),
        namespace: namespace.clone(),
    })
}

impl Session {
    /// A fresh cluster at time zero; the journal starts with `config`.
    pub fn new(config: ClusterConfig) -> Session {
        Session {
            cluster: Cluster::with_config(config.clone()),
            journal: Journal { config, entries: Vec::new(), now: SimTime::ZERO },
            files: Box::new(BTreeMap::<String, String>::new()),
            watches: Vec::new(),
            watch_rows: Vec::new(),
            checkpoints: Vec::new(),
            shell: None,
        }
    }

    /// The cluster a scenario file describes, with its manifests applied at t=0 (its timeline is
    /// not played; `runner::run_scenario` does that). `name` is the file name `apply` reports.
    pub fn from_scenario(text: &str, name: &str, seed: Option<u64>) -> Result<Session, String> {
        let scenario = crate::scenario::parse_scenario(text).map_err(|e| format!("{name}: {e}"))?;
        let config = crate::runner::config_for(&scenario, seed).map_err(|e| format!("{name}: {e}"))?;
        let mut session = Session::new(config);
        if !scenario.manifests.trim().is_empty() {
            let output = session.apply_text(name, &scenario.manifests);
            if !output.ok {
                return Err(output.text);
            }
        }
        Ok(session)
    }

    /// Where `apply -f NAME` reads NAME from when a line comes through [`Session::run`]: the
    /// disk for the CLI, the editor's buffers in the browser. The default has no files.
    pub fn set_files(&mut self, files: Box<dyn Files>) {
        self.files = files;
    }

    /// Runs one line of the command language at the current cluster time. Blank lines and
    /// comments print nothing. Lines that can change the cluster are journaled.
    pub fn run(&mut self, line: &str) -> Output {
        let files = std::mem::replace(&mut self.files, Box::new(cmd::NoFiles));
        let output = self.run_with(line, &*files);
        self.files = files;
        output
    }

    /// [`Session::run`] with `files` instead of the session's own.
    pub fn run_with(&mut self, line: &str, files: &dyn Files) -> Output {
        let ended = self.end_dead_shell();
        if self.shell.is_some() {
            return self.shell_line(line);
        }
        let output = match cmd::parse(line) {
            Ok(Some(command)) => self.execute(line.trim(), &command, files),
            Ok(None) => Output::ok(""),
            Err(e) => Output::err(e.to_string()),
        };
        match ended {
            // The shell had ended before this line: kubectl said so, then the line ran in the
            // terminal the shell was opened from.
            true if output.text.is_empty() => Output { text: cmd::shell::TERMINATED.to_string(), ..output },
            true => Output { text: format!("{}\n{}", cmd::shell::TERMINATED, output.text), ..output },
            false => output,
        }
    }

    /// The prompt of the interactive shell lines go to (`root@POD:/app# `), if one is open.
    pub fn shell_prompt(&self) -> Option<String> {
        self.shell.as_ref().filter(|shell| shell.alive(&self.cluster)).map(|shell| shell.prompt())
    }

    /// Whether lines go to an interactive shell (`kubectl exec -it POD -- bash`) rather than to
    /// kubectl. The shell ends with `exit`, or when its container does.
    pub fn in_shell(&self) -> bool {
        self.shell_prompt().is_some()
    }

    /// Closes a shell whose container has ended; true if there was one.
    fn end_dead_shell(&mut self) -> bool {
        let dead = self.shell.as_ref().is_some_and(|shell| !shell.alive(&self.cluster));
        if dead {
            self.shell = None;
        }
        dead
    }

    /// A line typed in the open shell: journaled as typed (the shell's state, such as its
    /// working directory, depends on every line), blank lines excepted.
    fn shell_line(&mut self, line: &str) -> Output {
        let Some(shell) = self.shell.as_mut() else { return Output::ok("") };
        let at = self.cluster.now();
        let step = shell.line(&mut self.cluster, line);
        if !step.open {
            self.shell = None;
        }
        if !line.trim().is_empty() {
            self.journal
                .entries
                .push(Entry { at, input: Input::Line { line: line.trim().to_string(), files: Vec::new() } });
        }
        self.after_input(None, step.output.ok);
        step.output
    }

    fn execute(&mut self, line: &str, command: &Command, files: &dyn Files) -> Output {
        let at = self.cluster.now();
        if cmd::shell::is_shell(command) {
            // `kubectl exec -it POD -- bash`: lines go to the shell from now on.
            let output = match cmd::shell::Shell::open(&mut self.cluster, command) {
                Some(Ok(shell)) => {
                    self.shell = Some(shell);
                    Output::ok("")
                }
                Some(Err(message)) => Output::err(message),
                None => Output::err("error: not an interactive shell"),
            };
            self.journal.entries.push(Entry { at, input: Input::Line { line: line.to_string(), files: Vec::new() } });
            self.after_input(Some(command), output.ok);
            return output;
        }
        let recorder = Recorder { files, reads: RefCell::new(Vec::new()) };
        let output = match command {
            // With a watch running, `sleep` moves time one event instant at a time so that the
            // watch prints each change when it happens (the cluster ends in the same state).
            Command::Sleep { duration, mark } if !self.watches.is_empty() => {
                let from = self.cluster.now();
                self.advance_by(*duration);
                if *mark {
                    cmd::verbs::sleep::mark_fast_forward(&mut self.cluster, from);
                }
                Output::ok("")
            }
            _ => cmd::execute(&mut self.cluster, &recorder, command),
        };
        if command.mutates() {
            let files = recorder.reads.into_inner();
            self.journal.entries.push(Entry { at, input: Input::Line { line: line.to_string(), files } });
        }
        self.after_input(Some(command), output.ok);
        output
    }

    /// Applies YAML text as `kubectl apply -f NAME` does (the editor's Apply button; `-` shows
    /// as `STDIN` in messages). Journaled with the full text.
    pub fn apply_text(&mut self, name: &str, yaml: &str) -> Output {
        let at = self.cluster.now();
        let command = Command::Apply { files: vec![name.to_string()], namespace: None };
        let files = BTreeMap::from([(name.to_string(), yaml.to_string())]);
        let output = cmd::execute(&mut self.cluster, &files, &command);
        self.journal.entries.push(Entry { at, input: Input::Apply { name: name.to_string(), text: yaml.to_string() } });
        self.after_input(None, output.ok);
        output
    }

    /// After a command: rows of running watches, then a new watch for a successful `get -w`.
    fn after_input(&mut self, command: Option<&Command>, ok: bool) {
        self.journal.now = self.cluster.now();
        self.collect_watch_rows();
        if let Some(command) = command.filter(|_| ok).and_then(watched) {
            let mut seen = BTreeMap::new();
            cmd::exec::watch_rows(&self.cluster, &command, &mut seen);
            if self.watches.len() >= MAX_WATCHES {
                self.watches.remove(0);
            }
            self.watches.push(Watch::new(command, seen));
        }
    }

    fn collect_watch_rows(&mut self) {
        let now = self.cluster.now();
        let second = now.as_millis() / 1000;
        for watch in &mut self.watches {
            if watch.second != second {
                watch.second = second;
                watch.printed = 0;
            }
            // A large watch looks once every second per LARGE_WATCH objects it shows.
            let every = (watch.seen.len() / LARGE_WATCH) as u64;
            let due = every == 0 || watch.sampled.is_none_or(|at| second >= at + every);
            if !due || watch.printed > WATCH_ROWS_PER_SECOND {
                continue;
            }
            watch.sampled = Some(second);
            for text in cmd::exec::watch_rows(&self.cluster, &watch.command, &mut watch.seen) {
                let events_before = self.cluster.events.total;
                if watch.printed == WATCH_ROWS_PER_SECOND {
                    watch.printed += 1;
                    self.watch_rows.push(WatchRow { at: now, events_before, text: watch_dropped_line() });
                    break;
                }
                watch.printed += 1;
                self.watch_rows.push(WatchRow { at: now, events_before, text });
            }
        }
    }

    /// Rows the running watches printed since the last call.
    pub fn take_watch_rows(&mut self) -> Vec<WatchRow> {
        std::mem::take(&mut self.watch_rows)
    }

    /// Whether any `get -w` is running.
    pub fn watching(&self) -> bool {
        !self.watches.is_empty()
    }

    /// Stops every running `get -w` (kubectl's Ctrl-C).
    pub fn stop_watches(&mut self) {
        self.watches.clear();
        self.watch_rows.clear();
    }

    /// Runs the cluster to `t` (nothing happens if `t` is not after now).
    pub fn advance_to(&mut self, t: SimTime) {
        while !self.advance_budgeted(t, usize::MAX) {}
    }

    /// Runs the cluster for `d` of cluster time.
    pub fn advance_by(&mut self, d: SimDuration) {
        self.advance_to(self.now() + d);
    }

    /// Runs the cluster towards `t`, at most `max_instants` event instants (all events at one
    /// cluster time count as one); returns true when `t` is reached. A UI calls this once per
    /// frame so that a busy cluster slows down instead of freezing the page. With watches
    /// running, time moves one instant at a time so that every change gets its row.
    pub fn advance_budgeted(&mut self, t: SimTime, max_instants: usize) -> bool {
        let mut budget = max_instants;
        self.advance_counted(t, &mut budget)
    }

    /// [`Session::advance_budgeted`] that takes the instants it runs from `budget` (replay
    /// shares one budget between advances and inputs).
    fn advance_counted(&mut self, t: SimTime, budget: &mut usize) -> bool {
        if t <= self.cluster.now() {
            return true;
        }
        if self.watches.is_empty() && *budget == usize::MAX {
            self.cluster.run_until(t);
            self.journal.now = self.cluster.now();
            return true;
        }
        while *budget > 0 {
            *budget -= 1;
            let step = match self.cluster.next_event_time() {
                Some(at) if at <= t => at,
                _ => t,
            };
            self.cluster.run_until(step);
            self.collect_watch_rows();
            if step >= t {
                break;
            }
        }
        self.journal.now = self.cluster.now();
        self.cluster.now() >= t
    }

    /// `sleep D` with someone watching: cluster time runs for at most `d`, one event instant at
    /// a time, and `watch` sees the cluster before the first instant and after each; time stops
    /// at the first instant `watch` returns true. Journaled as the line `sleep T` (`sleep T
    /// --mark` with `mark`: the span is drawn on the charts as a fast-forward) at the time it
    /// started, T the time that really passed, so replay, undo, export and a reload do the
    /// same. A lesson's checks watch this way (they must see states that last a moment).
    /// Returns whether `watch` stopped it.
    pub fn sleep_watched(&mut self, d: SimDuration, mark: bool, mut watch: impl FnMut(&Cluster) -> bool) -> bool {
        let start = self.cluster.now();
        let deadline = start + d;
        let mut stopped = watch(&self.cluster);
        while !stopped && self.cluster.now() < deadline {
            self.advance_budgeted(deadline, 1);
            stopped = watch(&self.cluster);
        }
        let passed = self.cluster.now().since(start);
        if passed.as_millis() > 0 {
            let line =
                format!("sleep {}{}", crate::engine::time::go_duration(passed), if mark { " --mark" } else { "" });
            if mark {
                cmd::verbs::sleep::mark_fast_forward(&mut self.cluster, start);
            }
            self.journal.entries.push(Entry { at: start, input: Input::Line { line, files: Vec::new() } });
            self.after_input(None, true);
        }
        stopped
    }

    /// The current cluster time.
    pub fn now(&self) -> SimTime {
        self.cluster.now()
    }

    /// The cluster, for reading (views, lesson checks, charts).
    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }

    /// The view model the UI renders.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot::of(&self.cluster)
    }

    /// Events recorded since `cursor` last looked, oldest first, and moves the cursor to now.
    /// The cluster keeps the most recent 5,000 occurrences; older ones are skipped.
    pub fn events_since(&self, cursor: &mut EventCursor) -> Vec<EventLine> {
        let events = &self.cluster.events;
        let stream = events.stream();
        let total = events.total;
        let new = (total.saturating_sub(cursor.seen)).min(stream.len() as u64) as usize;
        let first = total - new as u64;
        cursor.seen = total;
        stream
            .iter()
            .skip(stream.len() - new)
            .enumerate()
            .map(|(i, e)| EventLine {
                seq: first + i as u64,
                at: e.at,
                type_: e.type_.to_string(),
                reason: e.reason.clone(),
                object: format!("{}/{}", e.object.kind.to_ascii_lowercase(), e.object.name),
                source: e.source.to_string(),
                message: e.message.clone(),
            })
            .collect()
    }

    /// The inputs so far.
    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// Rebuilds the session a journal describes: the same cluster, byte for byte. This is a
    /// [`Replay`] run to the end in one call; a page spreads it over frames instead.
    pub fn replay(journal: &Journal) -> Result<Session, ReplayError> {
        Replay::new(journal.clone())?.finish()
    }

    /// The session as text for `localStorage` or a share link: [`codec::encode`] of its journal
    /// (base64url, safe in a URL fragment). [`Session::decode`] gives the session back.
    pub fn encode(&self) -> String {
        codec::encode(&self.journal)
    }

    /// Restores a session from [`Session::encode`]'s text. The text is untrusted (a link can
    /// come from anyone): it is decoded with [`codec::decode`]'s limits and checks, then
    /// replayed with [`Session::replay`]'s; nothing of a refused text runs. Watches and
    /// checkpoints are not part of the text.
    pub fn decode(text: &str) -> Result<Session, LoadError> {
        let journal = codec::decode(text).map_err(LoadError::Codec)?;
        Session::replay(&journal).map_err(LoadError::Replay)
    }

    /// Replaces the cluster by the one `journal` describes, keeping files, watches (their rows
    /// start from the rebuilt state) and checkpoints.
    fn rebuild(&mut self, journal: &Journal) -> bool {
        let Ok(rebuilt) = Session::replay(journal) else { return false };
        self.cluster = rebuilt.cluster;
        self.journal = rebuilt.journal;
        self.shell = rebuilt.shell;
        self.watch_rows.clear();
        for watch in &mut self.watches {
            watch.seen.clear();
            cmd::exec::watch_rows(&self.cluster, &watch.command, &mut watch.seen);
        }
        true
    }

    /// Takes back the last input: the cluster is rebuilt without it, at the time it was given.
    /// Returns false when there is nothing to undo.
    pub fn undo(&mut self) -> bool {
        let mut journal = self.journal.clone();
        let Some(last) = journal.entries.pop() else { return false };
        journal.now = last.at;
        self.rebuild(&journal)
    }

    /// Marks the current state to come back to with [`Session::restore`].
    pub fn checkpoint(&mut self) -> CheckpointId {
        self.checkpoints.push(self.journal.clone());
        CheckpointId(self.checkpoints.len() - 1)
    }

    /// Goes back to a checkpoint: the cluster as it was then, at that time. The checkpoint stays
    /// valid (restore it again to restart the same step). False for an unknown id.
    pub fn restore(&mut self, id: CheckpointId) -> bool {
        let Some(journal) = self.checkpoints.get(id.0).cloned() else { return false };
        self.rebuild(&journal)
    }

    /// A scenario file that `kubeplay run` plays to the same state (see `export`).
    pub fn export_scenario(&self) -> String {
        export::scenario(&self.journal)
    }
}

/// Files that remember every read, for the journal.
struct Recorder<'a> {
    files: &'a dyn Files,
    reads: RefCell<Vec<FileRead>>,
}

impl Files for Recorder<'_> {
    fn read(&self, name: &str) -> Result<String, String> {
        let content = self.files.read(name);
        let mut reads = self.reads.borrow_mut();
        if !reads.iter().any(|r| r.name == name) {
            reads.push(FileRead { name: name.to_string(), content: content.clone() });
        }
        content
    }
}

/// The files a journaled line read, for replay.
struct Recorded<'a>(&'a [FileRead]);

impl Files for Recorded<'_> {
    fn read(&self, name: &str) -> Result<String, String> {
        match self.0.iter().find(|r| r.name == name) {
            Some(read) => read.content.clone(),
            None => Err(format!("error: the path \"{name}\" does not exist")),
        }
    }
}

#[cfg(test)]
mod tests;
