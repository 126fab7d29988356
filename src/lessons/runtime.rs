//! Playing a lesson: the cluster it starts from, the current step, latched checks, hints and
//! watch rules. The page's lesson panel drives a [`Tracker`] on its own Session; the CLI
//! (`lesson play`) and `verify` drive a [`LessonRun`], the same tracker with a Session of its own.
//!
//! Checks are evaluated after every engine event while time moves (and after every command),
//! so a state that lasts a moment is not missed by a fast-forward.

use super::check::{Eval, History};
use super::format::{Lesson, Step, Text};
use super::tracker::{Marks, Resume, Tracker};
use crate::cmd::Output;
use crate::engine::time::{SimDuration, SimTime};
use crate::engine::{Cluster, ClusterConfig};
use crate::session::Session;
use serde::Deserialize;
#[cfg(test)]
use serde::Serialize;

/// The lesson's starting cluster as a new Session: nodes and seed, manifests applied at t=0,
/// setup commands (with the lesson's files for `apply -f NAME`).
pub fn starting_session(lesson: &Lesson) -> Result<Session, String> {
    let config = ClusterConfig::with_nodes(lesson.cluster.seed, lesson.cluster.nodes);
    let mut session = Session::new(config);
    for name in &lesson.cluster.manifests {
        let text = lesson.files.get(name).ok_or_else(|| format!("cluster.manifests: no file {name:?}"))?;
        let output = session.apply_text(name, text);
        if !output.ok {
            return Err(format!("cluster.manifests: {name}: {}", output.text.trim_end()));
        }
    }
    for line in &lesson.cluster.setup {
        let output = session.run_with(line, &lesson.files);
        if !output.ok {
            return Err(format!("cluster.setup: {line}: {}", output.text.trim_end()));
        }
    }
    Ok(session)
}

/// Progress through one step.
#[derive(Clone, Debug)]
pub struct StepState {
    pub started_at: SimTime,
    /// When each check was first met (latched), by check index.
    pub met_at: Vec<Option<SimTime>>,
    /// The latest evaluation of each check (for `hold` checks and the "why not yet" text).
    pub last: Vec<Eval>,
    /// How many hints the learner has revealed.
    pub hints_shown: usize,
    /// When each watch rule fired, by rule index (each fires once).
    pub watch_fired: Vec<Option<SimTime>>,
    /// When every check was met (and every `hold` check held) at once.
    pub done_at: Option<SimTime>,
    /// The learner used "Show me".
    pub with_help: bool,
    history: History,
}

impl StepState {
    pub(crate) fn new(step: &Step, cluster: &Cluster) -> StepState {
        StepState {
            started_at: cluster.now(),
            met_at: vec![None; step.checks.len()],
            last: Vec::new(),
            hints_shown: 0,
            watch_fired: vec![None; step.watch.len()],
            done_at: None,
            with_help: false,
            history: History::new(cluster),
        }
    }

    /// Re-evaluates every check and watch rule; returns the indexes of watch rules that fired now.
    pub(crate) fn evaluate(&mut self, step: &Step, cluster: &Cluster) -> Vec<usize> {
        self.history.update(cluster);
        let now = cluster.now();
        self.last = step.checks.iter().map(|check| check.predicate.eval(cluster, &self.history)).collect();
        for (idx, check) in step.checks.iter().enumerate() {
            let gate_open = match &check.after {
                Some(other) => {
                    step.checks.iter().position(|c| &c.id == other).is_some_and(|j| self.met_at[j].is_some())
                }
                None => true,
            };
            if self.met_at[idx].is_none() && gate_open && self.last[idx].met {
                self.met_at[idx] = Some(now);
            }
        }
        let mut fired = Vec::new();
        if self.done_at.is_none() {
            for (idx, rule) in step.watch.iter().enumerate() {
                if self.watch_fired[idx].is_none() && rule.when.eval(cluster, &self.history).met {
                    self.watch_fired[idx] = Some(now);
                    fired.push(idx);
                }
            }
        }
        if self.done_at.is_none() && self.complete(step) {
            self.done_at = Some(now);
        }
        fired
    }

    /// Every check latched, and every `hold` check true right now.
    pub fn complete(&self, step: &Step) -> bool {
        step.checks.iter().enumerate().all(|(idx, check)| {
            self.met_at[idx].is_some() && (!check.hold || self.last.get(idx).is_some_and(|e| e.met))
        })
    }

    /// Whether check `idx` shows as met: latched, or (for `hold`) true now.
    pub fn check_met(&self, step: &Step, idx: usize) -> bool {
        let latched = self.met_at.get(idx).is_some_and(|m| m.is_some());
        match step.checks.get(idx) {
            Some(check) if check.hold => latched && self.last.get(idx).is_some_and(|e| e.met),
            _ => latched,
        }
    }
}

/// A hint fired by a watch rule, for the UI to show once.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub step: String,
    pub rule: String,
    pub at: SimTime,
    pub hint: Text,
}

/// How a step stands, for the lesson picker and the finish summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepStatus {
    NotReached,
    Current,
    Done,
    /// Completed through "Show me".
    DoneWithHelp,
}

/// Saved progress: the Session's journal (`session::codec`) and the tracker's marks beside it,
/// enough to rebuild a run after a reload (with the in-flight cluster), to export and import.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[cfg_attr(test, derive(Serialize))]
pub struct Progress {
    pub marks: Marks,
    pub journal: String,
}

crate::manifest::emit::encode_struct! { Progress;
    "marks" marks,
    "journal" journal,
}

impl Progress {
    pub fn of(tracker: &Tracker, session: &Session) -> Progress {
        Progress { marks: tracker.marks(), journal: crate::session::codec::encode(session.journal()) }
    }

    /// Rebuilds the run in one go (the text is untrusted: decoded with the codec's limits and
    /// checks).
    pub fn resume(&self, lesson: Lesson) -> Result<(Tracker, Session), String> {
        self.start_resume(lesson)?.finish()
    }

    /// The rebuild of the run, not run yet (a page runs it a budget per frame).
    pub fn start_resume(&self, lesson: Lesson) -> Result<Resume, String> {
        let journal = crate::session::codec::decode(&self.journal).map_err(|e| e.to_string())?;
        Resume::new(lesson, journal, &self.marks)
    }
}

/// A lesson in progress with a Session of its own: what `kubeplay lesson play` and `verify`
/// drive. It is the page's [`Tracker`] (read through `Deref`) with the Session beside it, so the
/// CLI, verify and the page run steps, undo, "restart step" and "Show me" with one mechanism:
/// the Session's journal and a checkpoint at every step's start.
pub struct LessonRun {
    pub tracker: Tracker,
    pub session: Session,
}

impl std::ops::Deref for LessonRun {
    type Target = Tracker;
    fn deref(&self) -> &Tracker {
        &self.tracker
    }
}

impl LessonRun {
    pub fn start(lesson: Lesson) -> Result<LessonRun, String> {
        let (tracker, session) = Tracker::start(lesson)?;
        Ok(LessonRun { tracker, session })
    }

    /// Resumes saved progress (the lesson must be the one it was saved for).
    pub fn resume(lesson: Lesson, progress: &Progress) -> Result<LessonRun, String> {
        let (tracker, session) = progress.resume(lesson)?;
        Ok(LessonRun { tracker, session })
    }

    pub fn progress(&self) -> Progress {
        Progress::of(&self.tracker, &self.session)
    }

    pub fn now(&self) -> SimTime {
        self.session.now()
    }

    /// Runs one line of the command language with the lesson's files, then re-evaluates;
    /// `sleep` moves time with the checks watching.
    pub fn run(&mut self, line: &str) -> Output {
        self.tracker.run(&mut self.session, line)
    }

    /// Lets cluster time run for `d` (the clock), evaluating after every event.
    pub fn advance(&mut self, d: SimDuration) {
        self.tracker.advance(&mut self.session, d);
    }

    /// See [`Tracker::fast_forward`].
    pub fn fast_forward(&mut self) -> bool {
        self.tracker.fast_forward(&mut self.session)
    }

    pub fn reveal_hint(&mut self) -> Option<Text> {
        self.tracker.reveal_hint()
    }

    pub fn next_step(&mut self) {
        self.tracker.next_step(&mut self.session);
    }

    /// Takes back the learner's last input in the current step (a command, a `sleep`, a
    /// fast-forward); false when the step has none.
    pub fn undo(&mut self) -> bool {
        self.tracker.undo(&mut self.session)
    }

    pub fn restart_step(&mut self) -> bool {
        self.tracker.restart_step(&mut self.session)
    }

    pub fn show_me(&mut self) -> Vec<(String, Output)> {
        self.tracker.show_me(&mut self.session)
    }

    pub fn back_to_my_attempt(&mut self) -> bool {
        self.tracker.back_to_my_attempt(&mut self.session)
    }

    pub fn take_notices(&mut self) -> Vec<Notice> {
        self.tracker.take_notices()
    }
}

/// A deep link into a lesson: `#lesson=failover&step=power-off&lang=zh-CN`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub lesson: String,
    pub step: Option<String>,
    pub lang: Option<super::format::Lang>,
}

impl Link {
    /// Reads a URL fragment (with or without `#`); None when it names no lesson.
    pub fn parse(fragment: &str) -> Option<Link> {
        let mut link = Link { lesson: String::new(), step: None, lang: None };
        for pair in fragment.trim_start_matches('#').split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let slug = |v: &str| {
                (!v.is_empty() && v.len() <= 64 && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
                    .then(|| v.to_string())
            };
            match key {
                "lesson" => link.lesson = slug(value)?,
                "step" => link.step = slug(value),
                "lang" => link.lang = super::format::Lang::from_code(value),
                _ => {}
            }
        }
        (!link.lesson.is_empty()).then_some(link)
    }

    pub fn fragment(&self) -> String {
        let mut out = format!("#lesson={}", self.lesson);
        if let Some(step) = &self.step {
            out.push_str(&format!("&step={step}"));
        }
        if let Some(lang) = self.lang {
            out.push_str(&format!("&lang={}", lang.code()));
        }
        out
    }
}
