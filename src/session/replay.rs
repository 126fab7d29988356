//! Stepwise replay: a session rebuilt from its journal a few event instants at a time, so that
//! a front-end can spread a long rebuild (a crafted link that runs thousands of pods to 30
//! days) over many frames and say how far it has got. [`Session::replay`] is this run to the
//! end in one call: there is one replay, and any budget gives the same cluster, byte for byte.
//! A lesson's run replays through the same code with a [`ReplayWatcher`] that checks the
//! lesson's steps after every event and stops where each step began (`lessons::tracker`).

use super::{Entry, FileRead, Input, Journal, Recorded, ReplayError, Session};
use crate::cmd::verbs::wait::Waiting;
use crate::cmd::{self, Command};
use crate::engine::time::SimTime;

/// How far a [`Replay`] has got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReplayProgress {
    /// The cluster time replay has reached.
    pub now: SimTime,
    /// The cluster time the journal ends at.
    pub end: SimTime,
    /// Inputs replayed so far.
    pub inputs_done: usize,
    /// Inputs in the journal.
    pub inputs: usize,
}

/// What looks on while a journal replays (a lesson's checks): replay stops where the watcher
/// asks, and, with a watcher, moves time one event instant at a time.
pub trait ReplayWatcher {
    /// A cluster time replay must stop at before it runs entry `next` (`next` is the number
    /// of entries in the journal for a stop after the last one); replay runs to it, then
    /// calls [`ReplayWatcher::stopped`], then asks again.
    fn stop_before(&self, next: usize) -> Option<SimTime>;
    /// Replay reached the time `stop_before` asked for.
    fn stopped(&mut self, session: &mut Session);
    /// After every event instant and every input.
    fn looked(&mut self, session: &Session);
    /// Whether to look after every event instant (else time moves in as large steps as the
    /// budget allows and `looked` is not called).
    fn every_instant(&self) -> bool {
        true
    }
}

/// No watcher: time moves as fast as the budget allows.
struct Unwatched;

impl ReplayWatcher for Unwatched {
    fn stop_before(&self, _next: usize) -> Option<SimTime> {
        None
    }
    fn stopped(&mut self, _session: &mut Session) {}
    fn looked(&mut self, _session: &Session) {}
    fn every_instant(&self) -> bool {
        false
    }
}

/// A replayed `sleep` in progress: the cluster time it runs to, and for `sleep --mark` where
/// it started (the fast-forward marker is drawn when it ends, as `sleep` does).
#[derive(Clone, Copy, Debug)]
struct Sleeping {
    until: SimTime,
    mark_since: Option<SimTime>,
}

/// A journal being replayed. [`Replay::new`] checks what can be checked without running
/// anything; [`Replay::step`] runs a bounded amount of it; [`Replay::finish`] hands over the
/// rebuilt session.
pub struct Replay {
    journal: Journal,
    session: Session,
    /// The entry to run next.
    next: usize,
    /// A replayed `sleep` in progress.
    sleeping: Option<Sleeping>,
    /// A replayed `kubectl wait` in progress, and its command.
    waiting: Option<(Waiting, Command)>,
    done: bool,
    /// The error replay stopped at, returned again by later calls.
    failed: Option<ReplayError>,
}

impl Replay {
    /// Starts replaying `journal`. Refuses at once, before anything runs, a journal whose
    /// times go back or past its end, or with a line that does not parse or does not change
    /// the cluster while no container shell can be open (lines typed in a shell are checked
    /// when replay reaches them).
    pub fn new(journal: Journal) -> Result<Replay, ReplayError> {
        let mut latest = SimTime::ZERO;
        let mut shell_may_be_open = false;
        for (index, entry) in journal.entries.iter().enumerate() {
            if entry.at < latest {
                return Err(ReplayError::TimeGoesBack { index, at: entry.at, now: latest });
            }
            if entry.at > journal.now {
                return Err(ReplayError::PastEnd { now: entry.at, end: journal.now });
            }
            latest = entry.at;
            if let (Input::Line { line, .. }, false) = (&entry.input, shell_may_be_open) {
                let command = parse_journaled(index, line)?;
                shell_may_be_open = cmd::shell::is_shell(&command);
            }
        }
        let session = Session::new(journal.config.clone());
        Ok(Replay { journal, session, next: 0, sleeping: None, waiting: None, done: false, failed: None })
    }

    /// Runs the replay on for at most `max_instants` event instants (all events at one cluster
    /// time count as one; so does each input; 0 counts as 1). Returns true when the journal's
    /// end is reached and [`Replay::finish`] has nothing left to do.
    pub fn step(&mut self, max_instants: usize) -> Result<bool, ReplayError> {
        self.step_watched(max_instants, &mut Unwatched)
    }

    /// [`Replay::step`] with `watcher` looking on: time moves one event instant at a time,
    /// `watcher.looked` after each, and replay stops where `watcher.stop_before` says.
    pub fn step_watched(&mut self, max_instants: usize, watcher: &mut dyn ReplayWatcher) -> Result<bool, ReplayError> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        let mut budget = max_instants.max(1);
        let result = self.run(&mut budget, watcher);
        if let Err(error) = &result {
            self.failed = Some(error.clone());
        }
        result
    }

    /// How far the replay has got.
    pub fn progress(&self) -> ReplayProgress {
        ReplayProgress {
            now: self.session.now(),
            end: self.journal.now,
            inputs_done: self.next,
            inputs: self.journal.entries.len(),
        }
    }

    /// The journal being replayed.
    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// Runs whatever is left in one go and returns the rebuilt session.
    pub fn finish(self) -> Result<Session, ReplayError> {
        self.finish_watched(&mut Unwatched)
    }

    /// [`Replay::finish`] with `watcher` looking on.
    pub fn finish_watched(mut self, watcher: &mut dyn ReplayWatcher) -> Result<Session, ReplayError> {
        while !self.step_watched(usize::MAX, watcher)? {}
        Ok(self.session)
    }

    /// Runs the cluster towards `t` within `budget`; true when there.
    fn advance(&mut self, t: SimTime, budget: &mut usize, watcher: &mut dyn ReplayWatcher) -> bool {
        if !watcher.every_instant() {
            return self.session.advance_counted(t, budget);
        }
        while self.session.now() < t {
            if *budget == 0 {
                return false;
            }
            *budget -= 1;
            self.session.advance_budgeted(t, 1);
            watcher.looked(&self.session);
        }
        true
    }

    fn run(&mut self, budget: &mut usize, watcher: &mut dyn ReplayWatcher) -> Result<bool, ReplayError> {
        while !self.done {
            if *budget == 0 {
                return Ok(false);
            }
            if let Some((waiting, command)) = &mut self.waiting {
                let Some(result) = waiting.step(&mut self.session.cluster, budget) else {
                    return Ok(false);
                };
                let ok = cmd::exec::finish(&mut self.session.cluster, command, result).ok;
                self.session.after_input(Some(command), ok);
                self.waiting = None;
                watcher.looked(&self.session);
                self.check_end()?;
                continue;
            }
            if let Some(sleeping) = self.sleeping {
                if !self.advance(sleeping.until, budget, watcher) {
                    return Ok(false);
                }
                if let Some(since) = sleeping.mark_since {
                    cmd::verbs::sleep::mark_fast_forward(&mut self.session.cluster, since);
                }
                self.sleeping = None;
                self.check_end()?;
                continue;
            }
            while let Some(stop) = watcher.stop_before(self.next) {
                if !self.advance(stop, budget, watcher) {
                    return Ok(false);
                }
                watcher.stopped(&mut self.session);
            }
            let Some(entry) = self.journal.entries.get(self.next) else {
                if !self.advance(self.journal.now, budget, watcher) {
                    return Ok(false);
                }
                // A shell whose container ended after the last line is not announced again.
                self.session.end_dead_shell();
                self.done = true;
                break;
            };
            let (index, now) = (self.next, self.session.now());
            if entry.at < now {
                return Err(ReplayError::TimeGoesBack { index, at: entry.at, now });
            }
            if !self.advance(entry.at, budget, watcher) {
                return Ok(false);
            }
            match run_entry(&mut self.session, index, &self.journal.entries[index])? {
                Started::Done => watcher.looked(&self.session),
                Started::Sleeping(sleeping) => {
                    self.sleeping = Some(sleeping);
                    watcher.looked(&self.session);
                }
                // Looked at when the wait ends (a wait in one go is one look).
                Started::Waiting(waiting, command) => self.waiting = Some((*waiting, command)),
            }
            self.next += 1;
            *budget = budget.saturating_sub(1);
            self.check_end()?;
        }
        Ok(true)
    }

    fn check_end(&self) -> Result<(), ReplayError> {
        let (now, end) = (self.session.now(), self.journal.now);
        if now > end {
            return Err(ReplayError::PastEnd { now, end });
        }
        Ok(())
    }
}

/// A journaled line outside a shell: a command that changes the cluster, or why not.
fn parse_journaled(index: usize, line: &str) -> Result<Command, ReplayError> {
    match cmd::parse(line) {
        Ok(Some(command)) if command.mutates() => Ok(command),
        Ok(_) => Err(ReplayError::BadLine { index, message: format!("{line:?} does not change the cluster") }),
        Err(e) => Err(ReplayError::BadLine { index, message: e.to_string() }),
    }
}

/// What running an entry started.
enum Started {
    Done,
    /// A `sleep`, to be run to its end in budgeted steps.
    Sleeping(Sleeping),
    /// A `kubectl wait` in the default namespace, to be run in budgeted steps and finished as
    /// `cmd::execute` finishes a command.
    Waiting(Box<Waiting>, Command),
}

/// Runs entry `index` at the current cluster time. A `sleep` or a `kubectl wait` is journaled
/// here and only started: the caller runs it on in budgeted steps (the same cluster as run in
/// one go, a sleep's fast-forward marker and a wait's chart marker included), so a journal
/// cannot block a page with one month-long input.
fn run_entry(session: &mut Session, index: usize, entry: &Entry) -> Result<Started, ReplayError> {
    match &entry.input {
        Input::Line { line, .. } if !session.end_dead_shell() && session.shell.is_some() => {
            session.shell_line(line);
        }
        Input::Line { line, files } => {
            let command = parse_journaled(index, line)?;
            if let Command::Sleep { duration, mark } = command {
                let at = session.now();
                session
                    .journal
                    .entries
                    .push(Entry { at, input: Input::Line { line: line.clone(), files: Vec::new() } });
                session.after_input(Some(&command), true);
                return Ok(Started::Sleeping(Sleeping { until: at + duration, mark_since: mark.then_some(at) }));
            }
            if let Command::Wait { kinds, names, condition, timeout, .. } = &command {
                if matches!(command.namespace(), None | Some("default")) {
                    let at = session.now();
                    let waiting = Waiting::new(&session.cluster, kinds, names, condition, *timeout);
                    session
                        .journal
                        .entries
                        .push(Entry { at, input: Input::Line { line: line.clone(), files: Vec::new() } });
                    return Ok(Started::Waiting(Box::new(waiting), command));
                }
            }
            let files: &[FileRead] = files;
            session.execute(line, &command, &Recorded(files));
        }
        Input::Apply { name, text } => {
            session.apply_text(name, text);
        }
    }
    Ok(Started::Done)
}
