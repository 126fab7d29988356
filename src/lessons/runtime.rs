//! Playing a lesson: the cluster it starts from, the current step, latched checks, hints and
//! watch rules. The CLI (`lesson play`), `verify` and the UI's lesson panel all use `LessonRun`.
//!
//! Checks are evaluated after every engine event while time moves (and after every command),
//! so a state that lasts a moment is not missed by a fast-forward.

use super::check::{Eval, History};
use super::format::{Lesson, Step, Text};
use crate::cmd::{self, Command, Output};
use crate::engine::time::{SimDuration, SimTime};
use crate::engine::{Cluster, ClusterConfig};
use crate::session::Session;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The simulated cluster a lesson runs on: a `Session` (the one door to a cluster), with the
/// lesson's files for `apply -f NAME`.
pub struct LessonSim {
    pub session: Session,
    pub files: BTreeMap<String, String>,
}

impl LessonSim {
    /// The lesson's starting cluster: nodes and seed, manifests applied at t=0, setup commands.
    pub fn new(lesson: &Lesson) -> Result<LessonSim, String> {
        let config = ClusterConfig::with_nodes(lesson.cluster.seed, lesson.cluster.nodes);
        let mut sim = LessonSim { session: Session::new(config), files: lesson.files.clone() };
        for name in &lesson.cluster.manifests {
            let text = lesson.files.get(name).ok_or_else(|| format!("cluster.manifests: no file {name:?}"))?;
            let output = sim.session.apply_text(name, text);
            if !output.ok {
                return Err(format!("cluster.manifests: {name}: {}", output.text.trim_end()));
            }
        }
        for line in &lesson.cluster.setup {
            let output = sim.run(line);
            if !output.ok {
                return Err(format!("cluster.setup: {line}: {}", output.text.trim_end()));
            }
        }
        Ok(sim)
    }

    /// Runs one line through the session, with the lesson's files.
    pub fn run(&mut self, line: &str) -> Output {
        self.session.run_with(line, &self.files)
    }

    pub fn cluster(&self) -> &Cluster {
        self.session.cluster()
    }

    pub fn now(&self) -> SimTime {
        self.session.now()
    }
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

/// One thing the learner did. The journal of these, replayed on the lesson's starting cluster,
/// rebuilds a run exactly (the engine is deterministic): that is how undo, "restart step",
/// "Show me" and resuming after a reload work.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// A line of the command language.
    Run(String),
    /// Cluster time ran for this many milliseconds (the clock, a skip button).
    Advance(u64),
    /// "Fast-forward until this step passes".
    FastForward,
    /// A hint was revealed.
    Hint,
    /// "Show me": the step's solution was played from the step's start.
    ShowMe,
    /// The step was completed with help, then the learner went back to their own attempt.
    Helped,
    /// On to the next step.
    Next,
}

/// A lesson in progress.
pub struct LessonRun {
    pub lesson: Lesson,
    pub sim: LessonSim,
    /// Index of the current step; `lesson.steps.len()` when finished.
    pub current: usize,
    /// One entry per step reached so far.
    pub steps: Vec<StepState>,
    /// Everything the learner did since the lesson started.
    pub journal: Vec<Action>,
    /// The learner's own attempt at the current step, kept while "Show me" replaced it.
    attempt: Option<Vec<Action>>,
    notices: Vec<Notice>,
}

/// Saved progress: enough to rebuild a run after a reload (with the in-flight cluster), to
/// export it and import it elsewhere.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub lesson: String,
    pub journal: Vec<Action>,
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

impl LessonRun {
    pub fn start(lesson: Lesson) -> Result<LessonRun, String> {
        let sim = LessonSim::new(&lesson)?;
        let mut run = LessonRun {
            lesson,
            sim,
            current: 0,
            steps: Vec::new(),
            journal: Vec::new(),
            attempt: None,
            notices: Vec::new(),
        };
        run.enter_step();
        Ok(run)
    }

    /// Rebuilds a run from its journal.
    pub fn replay(lesson: Lesson, journal: &[Action]) -> Result<LessonRun, String> {
        let mut run = LessonRun::start(lesson)?;
        for action in journal {
            run.apply(action);
        }
        run.notices.clear();
        Ok(run)
    }

    /// Resumes saved progress (the lesson must be the one it was saved for).
    pub fn resume(lesson: Lesson, progress: &Progress) -> Result<LessonRun, String> {
        if progress.lesson != lesson.id {
            return Err(format!("the progress is for lesson {:?}, not {:?}", progress.lesson, lesson.id));
        }
        LessonRun::replay(lesson, &progress.journal)
    }

    pub fn progress(&self) -> Progress {
        Progress { lesson: self.lesson.id.clone(), journal: self.journal.clone() }
    }

    /// Performs and records one action.
    fn apply(&mut self, action: &Action) {
        match action {
            Action::Run(line) => {
                self.run_line(line);
            }
            Action::Advance(ms) => {
                self.advance_until(SimDuration::from_millis(*ms), |_| false);
            }
            Action::FastForward => {
                self.fast_forward_inner();
            }
            Action::Hint => {
                self.reveal_hint_inner();
            }
            Action::ShowMe => {
                self.play_solution();
            }
            Action::Helped => {
                if let Some(state) = self.steps.get_mut(self.current) {
                    state.with_help = true;
                }
            }
            Action::Next => self.next_step_inner(),
        }
        self.journal.push(action.clone());
    }

    fn enter_step(&mut self) {
        if let Some(step) = self.lesson.steps.get(self.current) {
            let mut state = StepState::new(step, self.sim.cluster());
            state.evaluate(step, self.sim.cluster());
            self.steps.push(state);
        }
    }

    pub fn finished(&self) -> bool {
        self.current >= self.lesson.steps.len()
    }

    pub fn current_step(&self) -> Option<(&Step, &StepState)> {
        Some((self.lesson.steps.get(self.current)?, self.steps.get(self.current)?))
    }

    /// Every step's status, in order.
    pub fn statuses(&self) -> Vec<(String, StepStatus)> {
        self.lesson
            .steps
            .iter()
            .enumerate()
            .map(|(idx, step)| {
                let status = match self.steps.get(idx) {
                    None => StepStatus::NotReached,
                    Some(state) if state.done_at.is_some() && state.with_help => StepStatus::DoneWithHelp,
                    Some(state) if state.done_at.is_some() => StepStatus::Done,
                    Some(_) => StepStatus::Current,
                };
                (step.id.clone(), status)
            })
            .collect()
    }

    /// Moves on to the next step (the UI asks the learner first; verify and play do it when the
    /// step is done).
    pub fn next_step(&mut self) {
        if !self.finished() {
            self.apply(&Action::Next);
        }
    }

    fn next_step_inner(&mut self) {
        if !self.finished() {
            self.current += 1;
            self.attempt = None;
            self.enter_step();
        }
    }

    /// Re-evaluates the current step's checks and watch rules.
    pub fn evaluate(&mut self) {
        let LessonRun { lesson, sim, current, steps, notices, .. } = self;
        if let (Some(step), Some(state)) = (lesson.steps.get(*current), steps.get_mut(*current)) {
            for idx in state.evaluate(step, sim.cluster()) {
                let rule = &step.watch[idx];
                notices.push(Notice {
                    step: step.id.clone(),
                    rule: rule.id.clone(),
                    at: sim.now(),
                    hint: rule.hint.clone(),
                });
            }
        }
    }

    /// Runs one line of the command language, then re-evaluates. `sleep` moves time with the
    /// checks watching.
    pub fn run(&mut self, line: &str) -> Output {
        self.journal.push(Action::Run(line.to_string()));
        self.run_line(line)
    }

    fn run_line(&mut self, line: &str) -> Output {
        // Inside `kubectl exec -it POD -- sh` lines go to the container's shell.
        let in_shell = self.sim.session.in_shell();
        let output = match cmd::parse(line) {
            _ if in_shell => self.sim.run(line),
            Ok(Some(Command::Sleep(d))) => {
                self.advance_until(d, |_| false);
                Output::ok("")
            }
            Ok(Some(_)) => self.sim.run(line),
            Ok(None) => Output::ok(""),
            Err(e) => Output::err(e.to_string()),
        };
        self.evaluate();
        output
    }

    /// Lets cluster time run for `d`, evaluating after every event. Consecutive advances share
    /// one journal entry (the UI's clock ticks ten times a second).
    pub fn advance(&mut self, d: SimDuration) {
        self.advance_until(d, |_| false);
        match self.journal.last_mut() {
            Some(Action::Advance(ms)) => *ms += d.as_millis(),
            _ => self.journal.push(Action::Advance(d.as_millis())),
        }
    }

    /// Lets time run for at most `limit`, evaluating after every event instant, until `stop`
    /// holds. Returns whether it did.
    fn advance_until(&mut self, limit: SimDuration, mut stop: impl FnMut(&StepState) -> bool) -> bool {
        let deadline = self.sim.now() + limit;
        loop {
            if let Some(state) = self.steps.get(self.current) {
                if stop(state) {
                    return true;
                }
            }
            if self.sim.now() >= deadline {
                return false;
            }
            self.sim.session.advance_budgeted(deadline, 1);
            self.evaluate();
        }
    }

    /// "Fast-forward until this step passes": runs time until the current step is done, at most
    /// until the end of its budget (counted from when the step started). Returns whether it is
    /// done.
    pub fn fast_forward(&mut self) -> bool {
        self.journal.push(Action::FastForward);
        self.fast_forward_inner()
    }

    fn fast_forward_inner(&mut self) -> bool {
        let Some((step, state)) = self.current_step() else { return false };
        if state.done_at.is_some() {
            return true;
        }
        let deadline = state.started_at + step.budget();
        let now = self.sim.now();
        if now >= deadline {
            return false;
        }
        let limit = SimDuration::from_millis(deadline.as_millis() - now.as_millis());
        self.advance_until(limit, |state| state.done_at.is_some())
    }

    /// Reveals the next hint of the current step, if any is left.
    pub fn reveal_hint(&mut self) -> Option<Text> {
        let hint = self.reveal_hint_inner()?;
        self.journal.push(Action::Hint);
        Some(hint)
    }

    fn reveal_hint_inner(&mut self) -> Option<Text> {
        let step = self.lesson.steps.get(self.current)?;
        let state = self.steps.get_mut(self.current)?;
        let hint = step.hints.get(state.hints_shown)?.clone();
        state.hints_shown += 1;
        Some(hint)
    }

    /// Where the current step's actions start in the journal.
    fn step_start(&self) -> usize {
        self.journal.iter().rposition(|a| *a == Action::Next).map_or(0, |i| i + 1)
    }

    /// Rebuilds this run from `prefix` followed by `suffix` (keeping the notices already shown).
    fn rebuild(&mut self, prefix: &[Action], suffix: &[Action]) {
        let journal: Vec<Action> = prefix.iter().chain(suffix).cloned().collect();
        if let Ok(run) = LessonRun::replay(self.lesson.clone(), &journal) {
            let attempt = self.attempt.take();
            *self = LessonRun { attempt, ..run };
        }
    }

    /// The current step's hints and help markers, which survive a restart.
    fn kept_actions(&self) -> Vec<Action> {
        self.journal[self.step_start()..]
            .iter()
            .filter(|a| matches!(a, Action::Hint | Action::Helped))
            .cloned()
            .collect()
    }

    /// "Restart step": back to the cluster as it was when the current step started (revealed
    /// hints stay revealed).
    pub fn restart_step(&mut self) {
        let start = self.step_start();
        let prefix = self.journal[..start].to_vec();
        let kept = self.kept_actions();
        self.rebuild(&prefix, &kept);
    }

    /// Undoes the learner's last action in the current step (a command, a wait, a fast-forward
    /// or "Show me"). Returns false when there is nothing to undo.
    pub fn undo(&mut self) -> bool {
        let start = self.step_start();
        let mut suffix = self.journal[start..].to_vec();
        let Some(last) = suffix.iter().rposition(|a| !matches!(a, Action::Hint | Action::Helped)) else {
            return false;
        };
        suffix.remove(last);
        let prefix = self.journal[..start].to_vec();
        self.rebuild(&prefix, &suffix);
        true
    }

    /// "Show me": keeps the learner's attempt, restores the step's starting point, plays the
    /// solution (with its output, for the console) and lets time run until the step passes. The
    /// step counts as done with help.
    pub fn show_me(&mut self) -> Vec<(String, Output)> {
        let start = self.step_start();
        let attempt: Vec<Action> = self.journal[start..].to_vec();
        self.restart_step();
        self.attempt = Some(attempt);
        self.journal.push(Action::ShowMe);
        self.play_solution()
    }

    fn play_solution(&mut self) -> Vec<(String, Output)> {
        let Some(step) = self.lesson.steps.get(self.current) else { return Vec::new() };
        let lines: Vec<String> = step.inspect.iter().chain(&step.solution).cloned().collect();
        let outputs = lines.into_iter().map(|line| (line.clone(), self.run_line(&line))).collect();
        self.fast_forward_inner();
        if let Some(state) = self.steps.get_mut(self.current) {
            state.with_help = true;
        }
        outputs
    }

    /// After "Show me": back to the learner's own attempt at the step (which stays marked as
    /// done with help). Returns false when there is no attempt to go back to.
    pub fn back_to_my_attempt(&mut self) -> bool {
        let Some(attempt) = self.attempt.take() else { return false };
        let start = self.step_start();
        let prefix = self.journal[..start].to_vec();
        let mut suffix = vec![Action::Helped];
        suffix.extend(attempt.into_iter().filter(|a| *a != Action::Helped));
        self.rebuild(&prefix, &suffix);
        true
    }

    /// Whether "back to my attempt" is available.
    pub fn has_attempt(&self) -> bool {
        self.attempt.is_some()
    }

    /// Watch-rule hints fired since the last call.
    pub fn take_notices(&mut self) -> Vec<Notice> {
        std::mem::take(&mut self.notices)
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
