//! Stepwise replay: a session rebuilt from its journal a few event instants at a time, so that
//! a front-end can spread a long rebuild (a crafted link that runs thousands of pods to 30
//! days) over many frames and say how far it has got. [`Session::replay`] is this run to the
//! end in one call: there is one replay, and any budget gives the same cluster, byte for byte.

use super::{Entry, FileRead, Input, Journal, Recorded, ReplayError, Session};
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

/// A journal being replayed. [`Replay::new`] checks what can be checked without running
/// anything; [`Replay::step`] runs a bounded amount of it; [`Replay::finish`] hands over the
/// rebuilt session.
pub struct Replay {
    journal: Journal,
    session: Session,
    /// The entry to run next.
    next: usize,
    /// A replayed `sleep` in progress: the cluster time it runs to.
    sleeping_until: Option<SimTime>,
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
        Ok(Replay { journal, session, next: 0, sleeping_until: None, done: false, failed: None })
    }

    /// Runs the replay on for at most `max_instants` event instants (all events at one cluster
    /// time count as one; so does each input; 0 counts as 1). Returns true when the journal's
    /// end is reached and [`Replay::finish`] has nothing left to do.
    pub fn step(&mut self, max_instants: usize) -> Result<bool, ReplayError> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        let mut budget = max_instants.max(1);
        let result = self.run(&mut budget);
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
    pub fn finish(mut self) -> Result<Session, ReplayError> {
        while !self.step(usize::MAX)? {}
        Ok(self.session)
    }

    fn run(&mut self, budget: &mut usize) -> Result<bool, ReplayError> {
        while !self.done {
            if *budget == 0 {
                return Ok(false);
            }
            if let Some(until) = self.sleeping_until {
                if !self.session.advance_counted(until, budget) {
                    return Ok(false);
                }
                self.sleeping_until = None;
                self.check_end()?;
                continue;
            }
            let Some(entry) = self.journal.entries.get(self.next) else {
                if !self.session.advance_counted(self.journal.now, budget) {
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
            if !self.session.advance_counted(entry.at, budget) {
                return Ok(false);
            }
            let entry = self.journal.entries[index].clone();
            self.sleeping_until = run_entry(&mut self.session, index, &entry)?;
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

/// Runs entry `index` at the current cluster time; a `sleep` is journaled here and returns
/// the time it runs to, which the caller reaches in budgeted steps (the same cluster as
/// `sleep` run in one go).
fn run_entry(session: &mut Session, index: usize, entry: &Entry) -> Result<Option<SimTime>, ReplayError> {
    match &entry.input {
        Input::Line { line, .. } if !session.end_dead_shell() && session.shell.is_some() => {
            session.shell_line(line);
        }
        Input::Line { line, files } => {
            let command = parse_journaled(index, line)?;
            if let Command::Sleep(duration) = command {
                let at = session.now();
                session
                    .journal
                    .entries
                    .push(Entry { at, input: Input::Line { line: line.clone(), files: Vec::new() } });
                session.after_input(Some(&command), true);
                return Ok(Some(at + duration));
            }
            let files: &[FileRead] = files;
            session.execute(line, &command, &Recorded(files));
        }
        Input::Apply { name, text } => {
            session.apply_text(name, text);
        }
    }
    Ok(None)
}
