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
use std::collections::BTreeMap;

/// The simulated cluster a lesson runs on, with the lesson's files for `apply -f NAME`.
///
/// A small adapter over `Cluster` and `cmd::run`; the Session (undo, journal, checkpoints)
/// takes its place once it lands.
pub struct LessonSim {
    pub cluster: Cluster,
    pub files: BTreeMap<String, String>,
}

impl LessonSim {
    /// The lesson's starting cluster: nodes and seed, manifests applied at t=0, setup commands.
    pub fn new(lesson: &Lesson) -> Result<LessonSim, String> {
        let config = ClusterConfig::with_nodes(lesson.cluster.seed, lesson.cluster.nodes);
        let mut sim = LessonSim { cluster: Cluster::with_config(config), files: lesson.files.clone() };
        for name in &lesson.cluster.manifests {
            let text = lesson.files.get(name).ok_or_else(|| format!("cluster.manifests: no file {name:?}"))?;
            sim.cluster.apply_yaml_from(text, name).map_err(|e| format!("cluster.manifests: {name}: {e}"))?;
        }
        for line in &lesson.cluster.setup {
            let output = cmd::run(&mut sim.cluster, &sim.files, line);
            if !output.ok {
                return Err(format!("cluster.setup: {line}: {}", output.text.trim_end()));
            }
        }
        Ok(sim)
    }

    pub fn now(&self) -> SimTime {
        self.cluster.now()
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
    fn new(step: &Step, cluster: &Cluster) -> StepState {
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
    fn evaluate(&mut self, step: &Step, cluster: &Cluster) -> Vec<usize> {
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

/// A lesson in progress.
pub struct LessonRun {
    pub lesson: Lesson,
    pub sim: LessonSim,
    /// Index of the current step; `lesson.steps.len()` when finished.
    pub current: usize,
    /// One entry per step reached so far.
    pub steps: Vec<StepState>,
    notices: Vec<Notice>,
}

impl LessonRun {
    pub fn start(lesson: Lesson) -> Result<LessonRun, String> {
        let sim = LessonSim::new(&lesson)?;
        let mut run = LessonRun { lesson, sim, current: 0, steps: Vec::new(), notices: Vec::new() };
        run.enter_step();
        Ok(run)
    }

    fn enter_step(&mut self) {
        if let Some(step) = self.lesson.steps.get(self.current) {
            let mut state = StepState::new(step, &self.sim.cluster);
            state.evaluate(step, &self.sim.cluster);
            self.steps.push(state);
        }
    }

    pub fn finished(&self) -> bool {
        self.current >= self.lesson.steps.len()
    }

    pub fn current_step(&self) -> Option<(&Step, &StepState)> {
        Some((self.lesson.steps.get(self.current)?, self.steps.get(self.current)?))
    }

    /// Moves on to the next step (the UI asks the learner first; verify and play do it when the
    /// step is done).
    pub fn next_step(&mut self) {
        if !self.finished() {
            self.current += 1;
            self.enter_step();
        }
    }

    /// Re-evaluates the current step's checks and watch rules.
    pub fn evaluate(&mut self) {
        let LessonRun { lesson, sim, current, steps, notices } = self;
        if let (Some(step), Some(state)) = (lesson.steps.get(*current), steps.get_mut(*current)) {
            for idx in state.evaluate(step, &sim.cluster) {
                let rule = &step.watch[idx];
                notices.push(Notice {
                    step: step.id.clone(),
                    rule: rule.id.clone(),
                    at: sim.cluster.now(),
                    hint: rule.hint.clone(),
                });
            }
        }
    }

    /// Runs one line of the command language, then re-evaluates. `sleep` moves time with the
    /// checks watching.
    pub fn run(&mut self, line: &str) -> Output {
        let output = match cmd::parse(line) {
            Ok(Some(Command::Sleep(d))) => {
                self.advance(d);
                Output::ok("")
            }
            Ok(Some(command)) => cmd::execute(&mut self.sim.cluster, &self.sim.files, &command),
            Ok(None) => Output::ok(""),
            Err(e) => Output::err(e.to_string()),
        };
        self.evaluate();
        output
    }

    /// Lets cluster time run for `d`, evaluating after every event.
    pub fn advance(&mut self, d: SimDuration) {
        self.advance_until(d, |_| false);
    }

    /// Lets time run for at most `limit`, evaluating after every event, until `stop` holds.
    fn advance_until(&mut self, limit: SimDuration, mut stop: impl FnMut(&StepState) -> bool) -> bool {
        let LessonRun { lesson, sim, current, steps, notices } = self;
        let step = lesson.steps.get(*current);
        let mut state = steps.get_mut(*current);
        sim.cluster.run_until_cond(limit, |cluster| match (step, state.as_deref_mut()) {
            (Some(step), Some(state)) => {
                for idx in state.evaluate(step, cluster) {
                    let rule = &step.watch[idx];
                    notices.push(Notice {
                        step: step.id.clone(),
                        rule: rule.id.clone(),
                        at: cluster.now(),
                        hint: rule.hint.clone(),
                    });
                }
                stop(state)
            }
            _ => false,
        })
    }

    /// "Fast-forward until this step passes": runs time until the current step is done, at most
    /// until the end of its budget (counted from when the step started). Returns whether it is
    /// done.
    pub fn fast_forward(&mut self) -> bool {
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
        let step = self.lesson.steps.get(self.current)?;
        let state = self.steps.get_mut(self.current)?;
        let hint = step.hints.get(state.hints_shown)?.clone();
        state.hints_shown += 1;
        Some(hint)
    }

    /// Watch-rule hints fired since the last call.
    pub fn take_notices(&mut self) -> Vec<Notice> {
        std::mem::take(&mut self.notices)
    }
}
