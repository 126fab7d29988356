//! A lesson played on a [`Session`] that someone else owns: the web page's. The cluster part
//! of the lesson is the Session's own journal; the tracker keeps only the lesson's metadata
//! beside it (current step, latched checks, hints revealed, done-with-help), and a Session
//! checkpoint at the start of every step:
//!
//! * "restart step" restores the step's checkpoint;
//! * undo replays the step from its checkpoint without the Session's last input;
//! * "Show me" keeps the learner's journal, restores the checkpoint and plays the solution;
//!   "back to my attempt" replays the kept journal;
//! * a reload rebuilds the run from the Session's journal (saved with `session::codec`) and
//!   [`Marks`], where each step started.
//!
//! Replays evaluate the checks after every engine event, so a latched check stays latched
//! after a rebuild. The CLI and verify use the same tracker (`runtime::LessonRun` owns a
//! Session for it).

use super::format::{Lesson, Step, Text};
use super::runtime::{starting_session, Notice, StepState, StepStatus};
use crate::cmd::{self, Command, Files, Output};
use crate::engine::time::{SimDuration, SimTime};
use crate::engine::Cluster;
use crate::session::{CheckpointId, Entry, FileRead, Input, Journal, Replay, ReplayProgress, ReplayWatcher, Session};
use serde::Deserialize;
#[cfg(test)]
use serde::Serialize;

/// Where a step started in the Session's journal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(Serialize))]
pub struct StepStart {
    /// Journal entries before the step.
    pub entries: usize,
    /// Cluster time the step started at [ms].
    pub at: u64,
}

/// The lesson's metadata beside the Session's journal: enough to rebuild a run after a reload.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[cfg_attr(test, derive(Serialize))]
pub struct Marks {
    pub lesson: String,
    /// One per step reached, in order.
    pub starts: Vec<StepStart>,
    /// Hints revealed, per step reached.
    pub hints: Vec<usize>,
    /// Done with help ("Show me"), per step reached.
    pub helped: Vec<bool>,
    /// Whether the learner moved on past the last step.
    #[serde(default)]
    pub finished: bool,
}

crate::manifest::emit::encode_struct! { StepStart;
    "entries" entries,
    "at" at,
}

crate::manifest::emit::encode_struct! { Marks;
    "lesson" lesson,
    "starts" starts,
    "hints" hints,
    "helped" helped,
    "finished" finished,
}

/// Upper bound on steps a saved run may claim (lessons have a handful).
const MAX_STEPS: usize = 100;

/// A lesson in progress on a borrowed Session.
pub struct Tracker {
    pub lesson: Lesson,
    /// Index of the current step; `lesson.steps.len()` when finished.
    pub current: usize,
    pub steps: Vec<StepState>,
    starts: Vec<StepStart>,
    checkpoints: Vec<CheckpointId>,
    /// The learner's own journal, kept while "Show me" replaced it.
    attempt: Option<Journal>,
    notices: Vec<Notice>,
}

/// Files a journaled line read, as they were (for replaying it).
struct Recorded<'a>(&'a [FileRead]);

impl Files for Recorded<'_> {
    fn read(&self, name: &str) -> Result<String, String> {
        match self.0.iter().find(|r| r.name == name) {
            Some(read) => read.content.clone(),
            None => Err(format!("error: the path \"{name}\" does not exist")),
        }
    }
}

impl Tracker {
    /// A run of `lesson` before its first step.
    fn new(lesson: Lesson) -> Tracker {
        Tracker {
            lesson,
            current: 0,
            steps: Vec::new(),
            starts: Vec::new(),
            checkpoints: Vec::new(),
            attempt: None,
            notices: Vec::new(),
        }
    }

    /// The lesson's starting cluster as a new Session, and the run at its first step.
    pub fn start(lesson: Lesson) -> Result<(Tracker, Session), String> {
        let mut session = starting_session(&lesson)?;
        let mut tracker = Tracker::new(lesson);
        tracker.enter_step(&mut session);
        Ok((tracker, session))
    }

    /// Rebuilds a run from the Session's journal and the marks saved beside it. Replays with
    /// the checks watching, so latched checks come back latched. This is a [`Resume`] run to
    /// the end in one call.
    pub fn resume(lesson: Lesson, journal: &Journal, marks: &Marks) -> Result<(Tracker, Session), String> {
        Resume::new(lesson, journal.clone(), marks)?.finish()
    }

    /// The metadata to save beside the Session's journal.
    pub fn marks(&self) -> Marks {
        Marks {
            lesson: self.lesson.id.clone(),
            starts: self.starts.clone(),
            hints: self.steps.iter().map(|s| s.hints_shown).collect(),
            helped: self.steps.iter().map(|s| s.with_help).collect(),
            finished: self.finished(),
        }
    }

    fn enter_step(&mut self, session: &mut Session) {
        if let Some(step) = self.lesson.steps.get(self.current) {
            let mut state = StepState::new(step, session.cluster());
            state.evaluate(step, session.cluster());
            self.steps.push(state);
            self.starts.push(StepStart { entries: session.journal().entries.len(), at: session.now().as_millis() });
            self.checkpoints.push(session.checkpoint());
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

    /// Re-evaluates the current step against the cluster (after a command, after a tick).
    /// Returns whether anything the panel shows changed.
    pub fn evaluate(&mut self, cluster: &Cluster) -> bool {
        let Tracker { lesson, current, steps, notices, .. } = self;
        let (Some(step), Some(state)) = (lesson.steps.get(*current), steps.get_mut(*current)) else { return false };
        let before = (state.met_at.clone(), state.done_at, state.last.iter().map(|e| e.met).collect::<Vec<_>>());
        for idx in state.evaluate(step, cluster) {
            let rule = &step.watch[idx];
            notices.push(Notice {
                step: step.id.clone(),
                rule: rule.id.clone(),
                at: cluster.now(),
                hint: rule.hint.clone(),
            });
        }
        let after = (state.met_at.clone(), state.done_at, state.last.iter().map(|e| e.met).collect::<Vec<_>>());
        before != after || !notices.is_empty()
    }

    /// Lets time run to `deadline`, evaluating after every event instant, until `stop` holds.
    fn advance_until(&mut self, session: &mut Session, deadline: SimTime, stop: impl Fn(&StepState) -> bool) -> bool {
        loop {
            if self.steps.get(self.current).is_some_and(&stop) {
                return true;
            }
            if session.now() >= deadline {
                return false;
            }
            session.advance_budgeted(deadline, 1);
            self.evaluate(session.cluster());
        }
    }

    /// Lets time run for `d` with the checks watching every event.
    pub fn advance(&mut self, session: &mut Session, d: SimDuration) {
        let deadline = session.now() + d;
        self.advance_until(session, deadline, |_| false);
    }

    /// Replays journal entries (with their times) with the checks watching.
    fn replay_entries(&mut self, session: &mut Session, entries: &[Entry]) {
        for entry in entries {
            self.advance_until(session, entry.at, |_| false);
            match &entry.input {
                Input::Line { line, files } => {
                    self.run_with(session, line, &Recorded(files));
                }
                Input::Apply { name, text } => {
                    session.apply_text(name, text);
                    self.evaluate(session.cluster());
                }
            }
        }
    }

    /// Runs one line with `files`; `sleep` lets time run with the checks watching every event
    /// instant (`Session::sleep_watched`, journaled as the time that passed).
    fn run_with(&mut self, session: &mut Session, line: &str, files: &dyn Files) -> Output {
        let output = match cmd::parse(line) {
            Ok(Some(Command::Sleep { duration, mark })) if !session.in_shell() => {
                session.sleep_watched(duration, mark, |cluster| {
                    self.evaluate(cluster);
                    false
                });
                Output::ok("")
            }
            _ => session.run_with(line, files),
        };
        self.evaluate(session.cluster());
        output
    }

    /// Runs one line with the lesson's files (what "Show me" types).
    pub fn run(&mut self, session: &mut Session, line: &str) -> Output {
        let files = self.lesson.files.clone();
        self.run_with(session, line, &files)
    }

    /// "Fast-forward until this step passes": time runs until the step is done, at most to the
    /// end of its budget (counted from the step's start), with the checks watching every event
    /// instant. The Session journals it as `sleep T --mark`, which the charts draw as a
    /// fast-forward span (undo takes it back). Returns whether the step is done.
    pub fn fast_forward(&mut self, session: &mut Session) -> bool {
        let Some((step, state)) = self.current_step() else { return false };
        if state.done_at.is_some() {
            return true;
        }
        let deadline = state.started_at + step.budget();
        let now = session.now();
        if now >= deadline {
            return false;
        }
        let current = self.current;
        session.sleep_watched(deadline.since(now), true, |cluster| {
            self.evaluate(cluster);
            self.steps.get(current).is_some_and(|state| state.done_at.is_some())
        })
    }

    /// The cluster time the current step's budget ends at.
    pub fn budget_end(&self) -> Option<SimTime> {
        let (step, state) = self.current_step()?;
        Some(state.started_at + step.budget())
    }

    /// Reveals the next hint of the current step, if any is left.
    pub fn reveal_hint(&mut self) -> Option<Text> {
        let step = self.lesson.steps.get(self.current)?;
        let state = self.steps.get_mut(self.current)?;
        let hint = step.hints.get(state.hints_shown)?.clone();
        state.hints_shown += 1;
        Some(hint)
    }

    /// On to the next step (the learner asks; the step need not be done).
    pub fn next_step(&mut self, session: &mut Session) {
        if !self.finished() {
            self.current += 1;
            self.attempt = None;
            self.enter_step(session);
        }
    }

    /// The current step's state, fresh from the cluster as it is now, keeping the hints
    /// revealed and the help marker.
    fn reset_step_state(&mut self, session: &Session) {
        let Some(step) = self.lesson.steps.get(self.current) else { return };
        let Some(old) = self.steps.get(self.current) else { return };
        let (hints, helped) = (old.hints_shown, old.with_help);
        let mut state = StepState::new(step, session.cluster());
        state.hints_shown = hints;
        state.with_help = helped;
        state.evaluate(step, session.cluster());
        self.steps[self.current] = state;
    }

    /// "Restart step": the cluster as it was when the current step started (hints stay).
    pub fn restart_step(&mut self, session: &mut Session) -> bool {
        let Some(&checkpoint) = self.checkpoints.get(self.current) else { return false };
        if !session.restore(checkpoint) {
            return false;
        }
        self.reset_step_state(session);
        true
    }

    /// Replays the current step from its checkpoint up to `target` (a journal that starts with
    /// the step's own start).
    fn rebuild_step(&mut self, session: &mut Session, target: &Journal) -> bool {
        let Some(start) = self.starts.get(self.current).copied() else { return false };
        if target.entries.len() < start.entries || !self.restart_step(session) {
            return false;
        }
        self.replay_entries(session, &target.entries[start.entries..]);
        self.advance_until(session, target.now, |_| false);
        self.notices.clear();
        true
    }

    /// Whether the current step has an input of the learner to undo.
    pub fn can_undo(&self, session: &Session) -> bool {
        self.starts.get(self.current).is_some_and(|start| session.journal().entries.len() > start.entries)
    }

    /// Takes back the learner's last input in the current step (never one of an earlier step):
    /// the step is replayed without it, to the time it was given.
    pub fn undo(&mut self, session: &mut Session) -> bool {
        if !self.can_undo(session) {
            return false;
        }
        let mut target = session.journal().clone();
        let Some(last) = target.entries.pop() else { return false };
        target.now = last.at;
        self.rebuild_step(session, &target)
    }

    /// "Show me": keeps the learner's attempt, restores the step's start, plays the solution
    /// (returned with its output, for the console) and lets time run until the step passes.
    /// The step counts as done with help.
    pub fn show_me(&mut self, session: &mut Session) -> Vec<(String, Output)> {
        let Some(step) = self.lesson.steps.get(self.current) else { return Vec::new() };
        let lines: Vec<String> = step.inspect.iter().chain(&step.solution).cloned().collect();
        let attempt = session.journal().clone();
        if !self.restart_step(session) {
            return Vec::new();
        }
        self.attempt = Some(attempt);
        if let Some(state) = self.steps.get_mut(self.current) {
            state.with_help = true;
        }
        let outputs = lines.into_iter().map(|line| (line.clone(), self.run(session, &line))).collect();
        self.fast_forward(session);
        outputs
    }

    /// After "Show me": back to the learner's own attempt (the step stays marked as done with
    /// help). False when there is none.
    pub fn back_to_my_attempt(&mut self, session: &mut Session) -> bool {
        let Some(attempt) = self.attempt.take() else { return false };
        self.rebuild_step(session, &attempt)
    }

    pub fn has_attempt(&self) -> bool {
        self.attempt.is_some()
    }

    /// Jumps to step `id` (a deep link, teacher mode): every earlier step is completed by its
    /// solution and marked done with help. False for an unknown or earlier step.
    pub fn skip_to(&mut self, session: &mut Session, id: &str) -> bool {
        let Some(target) = self.lesson.steps.iter().position(|s| s.id == id) else { return false };
        if target < self.current {
            return false;
        }
        while self.current < target {
            let Some(step) = self.lesson.steps.get(self.current) else { return false };
            let lines: Vec<String> = step.inspect.iter().chain(&step.solution).cloned().collect();
            for line in lines {
                self.run(session, &line);
            }
            self.fast_forward(session);
            if let Some(state) = self.steps.get_mut(self.current) {
                state.with_help = true;
            }
            self.next_step(session);
        }
        self.notices.clear();
        true
    }

    /// Watch-rule hints fired since the last call.
    pub fn take_notices(&mut self) -> Vec<Notice> {
        std::mem::take(&mut self.notices)
    }
}

/// A run being rebuilt from its journal and marks, a budget at a time: a `session::Replay`
/// with the lesson's checks watching every event instant and stopping where each step began.
pub struct Resume {
    replay: Replay,
    watch: ResumeWatch,
    marks: Marks,
}

/// The tracker being rebuilt beside the replay.
struct ResumeWatch {
    tracker: Tracker,
    starts: Vec<StepStart>,
    /// Step starts reached so far.
    reached: usize,
}

impl ReplayWatcher for ResumeWatch {
    fn stop_before(&self, next: usize) -> Option<SimTime> {
        let start = self.starts.get(self.reached)?;
        (start.entries == next).then_some(SimTime(start.at))
    }

    fn stopped(&mut self, session: &mut Session) {
        if self.reached > 0 {
            self.tracker.current += 1;
        }
        self.tracker.enter_step(session);
        self.reached += 1;
    }

    fn looked(&mut self, session: &Session) {
        self.tracker.evaluate(session.cluster());
    }
}

impl Resume {
    /// Checks the marks against the journal and starts the replay (nothing runs yet).
    pub fn new(lesson: Lesson, journal: Journal, marks: &Marks) -> Result<Resume, String> {
        if marks.lesson != lesson.id {
            return Err(format!("the progress is for lesson {:?}, not {:?}", marks.lesson, lesson.id));
        }
        let steps = marks.starts.len();
        let sane = steps >= 1
            && steps <= lesson.steps.len().min(MAX_STEPS)
            && marks.starts.windows(2).all(|w| w[0].entries <= w[1].entries && w[0].at <= w[1].at)
            && marks
                .starts
                .last()
                .is_some_and(|s| s.entries <= journal.entries.len() && s.at <= journal.now.as_millis());
        if !sane {
            return Err("the saved lesson marks do not fit its cluster".to_string());
        }
        let replay = Replay::new(journal).map_err(|e| e.to_string())?;
        let watch = ResumeWatch { tracker: Tracker::new(lesson), starts: marks.starts.clone(), reached: 0 };
        Ok(Resume { replay, watch, marks: marks.clone() })
    }

    /// Runs the rebuild on for at most `max_instants` event instants (see `Replay::step`);
    /// true when done.
    pub fn step(&mut self, max_instants: usize) -> Result<bool, String> {
        self.replay.step_watched(max_instants, &mut self.watch).map_err(|e| e.to_string())
    }

    /// How far the replay has got.
    pub fn progress(&self) -> ReplayProgress {
        self.replay.progress()
    }

    /// The lesson being resumed.
    pub fn lesson(&self) -> &Lesson {
        &self.watch.tracker.lesson
    }

    /// The journal being replayed.
    pub fn journal(&self) -> &Journal {
        self.replay.journal()
    }

    /// Runs whatever is left and returns the run and its session.
    pub fn finish(self) -> Result<(Tracker, Session), String> {
        let Resume { replay, mut watch, marks } = self;
        let session = replay.finish_watched(&mut watch).map_err(|e| e.to_string())?;
        let mut tracker = watch.tracker;
        if marks.finished && tracker.current + 1 == tracker.lesson.steps.len() {
            tracker.current += 1;
        }
        for (idx, state) in tracker.steps.iter_mut().enumerate() {
            state.hints_shown = marks.hints.get(idx).copied().unwrap_or(0);
            state.with_help = marks.helped.get(idx).copied().unwrap_or(false);
        }
        tracker.notices.clear();
        Ok((tracker, session))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons;

    fn self_healing() -> Lesson {
        lessons::find("self-healing").expect("the self-healing lesson")
    }

    fn met(tracker: &Tracker) -> Vec<bool> {
        let (step, state) = tracker.current_step().expect("a current step");
        (0..step.checks.len()).map(|idx| state.check_met(step, idx)).collect()
    }

    #[test]
    fn a_learner_completes_a_step_by_typing_and_waiting() {
        let (mut tracker, mut session) = Tracker::start(self_healing()).unwrap();
        assert_eq!(met(&tracker), [false, false]);
        let out = session.run("kubectl exec -it deploy/hello-world-flask -- bash -c \"killall python3\"");
        assert!(out.ok, "{}", out.text);
        tracker.evaluate(session.cluster());
        tracker.advance(&mut session, SimDuration::from_secs(30));
        assert_eq!(met(&tracker), [true, true]);
        assert_eq!(tracker.statuses()[0].1, StepStatus::Done);
        tracker.next_step(&mut session);
        assert_eq!(tracker.current, 1);
        assert_eq!(met(&tracker), [false, false]);
    }

    #[test]
    fn undo_and_restart_stay_within_the_step() {
        let (mut tracker, mut session) = Tracker::start(self_healing()).unwrap();
        let start = session.journal().entries.len();
        assert!(!tracker.can_undo(&session));
        session.run("kubectl exec -it deploy/hello-world-flask -- bash -c \"killall python3\"");
        tracker.advance(&mut session, SimDuration::from_secs(20));
        assert!(tracker.current_step().unwrap().1.met_at[0].is_some());
        assert!(tracker.undo(&mut session));
        assert_eq!(session.journal().entries.len(), start);
        assert_eq!(met(&tracker), [false, false], "an undone kill no longer counts");
        assert!(!tracker.undo(&mut session), "the setup is not the learner's to undo");
        session.run("kubectl scale deployment hello-world-flask --replicas=3");
        tracker.reveal_hint();
        tracker.advance(&mut session, SimDuration::from_secs(10));
        assert!(tracker.restart_step(&mut session));
        assert_eq!(session.journal().entries.len(), start);
        assert_eq!(tracker.current_step().unwrap().1.hints_shown, 1, "hints stay revealed");
    }

    #[test]
    fn show_me_completes_the_step_with_help_and_the_attempt_comes_back() {
        let (mut tracker, mut session) = Tracker::start(self_healing()).unwrap();
        session.run("kubectl scale deployment hello-world-flask --replicas=3");
        let mine = session.journal().clone();
        let played = tracker.show_me(&mut session);
        assert_eq!(played.len(), 1);
        assert!(played[0].1.ok, "{}", played[0].1.text);
        assert_eq!(tracker.statuses()[0].1, StepStatus::DoneWithHelp);
        assert!(tracker.has_attempt());
        assert!(tracker.back_to_my_attempt(&mut session));
        assert_eq!(session.journal().entries, mine.entries);
        assert!(tracker.current_step().unwrap().1.with_help);
    }

    #[test]
    fn a_saved_run_resumes_at_the_same_step_with_the_same_cluster() {
        let (mut tracker, mut session) = Tracker::start(self_healing()).unwrap();
        session.run("kubectl exec -it deploy/hello-world-flask -- bash -c \"killall python3\"");
        tracker.advance(&mut session, SimDuration::from_secs(30));
        tracker.reveal_hint();
        tracker.next_step(&mut session);
        tracker.advance(&mut session, SimDuration::from_secs(7));
        let (journal, marks) = (session.journal().clone(), tracker.marks());
        let text = crate::session::codec::encode(&journal);
        let decoded = crate::session::codec::decode(&text).expect("the codec reads its own text");
        let (resumed, again) = Tracker::resume(self_healing(), &decoded, &marks).unwrap();
        assert_eq!(resumed.current, 1);
        assert_eq!(resumed.statuses(), tracker.statuses());
        assert_eq!(resumed.steps[0].hints_shown, 1);
        assert_eq!(again.snapshot(), session.snapshot());
        let wrong = Marks { starts: vec![StepStart { entries: 999, at: 0 }], ..marks.clone() };
        assert!(Tracker::resume(self_healing(), &decoded, &wrong).is_err());
        let other = Marks { lesson: "failover".into(), ..marks };
        assert!(Tracker::resume(self_healing(), &decoded, &other).is_err());
    }

    /// Issue 9: the page resumes a saved run a budget at a time; any budget gives the run and
    /// the cluster the one-shot resume gives, latched checks included.
    #[test]
    fn a_saved_run_resumes_stepwise_with_any_budget() {
        let (mut tracker, mut session) = Tracker::start(self_healing()).unwrap();
        session.run("kubectl exec -it deploy/hello-world-flask -- bash -c \"killall python3\"");
        tracker.advance(&mut session, SimDuration::from_secs(30));
        tracker.next_step(&mut session);
        tracker.advance(&mut session, SimDuration::from_secs(95));
        let (journal, marks) = (session.journal().clone(), tracker.marks());
        let (one_shot, one_shot_session) = Tracker::resume(self_healing(), &journal, &marks).unwrap();
        for budget in [1, 3, 50] {
            let mut resume = Resume::new(self_healing(), journal.clone(), &marks).unwrap();
            let mut steps = 0;
            while !resume.step(budget).unwrap() {
                steps += 1;
            }
            assert!(budget > 10 || steps > 20, "budget {budget}: {steps} steps");
            let (resumed, again) = resume.finish().unwrap();
            assert_eq!(resumed.current, one_shot.current);
            assert_eq!(resumed.statuses(), one_shot.statuses());
            assert_eq!(resumed.marks(), one_shot.marks());
            let met: Vec<_> = resumed.steps.iter().map(|s| (s.met_at.clone(), s.done_at)).collect();
            let one_shot_met: Vec<_> = one_shot.steps.iter().map(|s| (s.met_at.clone(), s.done_at)).collect();
            assert_eq!(met, one_shot_met, "budget {budget}");
            assert_eq!(again.snapshot(), one_shot_session.snapshot());
            assert_eq!(again.journal(), &journal);
        }
        assert_eq!(one_shot.statuses(), tracker.statuses());
    }

    #[test]
    fn a_fast_forward_is_journaled_marked_on_the_charts_and_undone_whole() {
        use crate::engine::series::MarkerKind;
        let (mut tracker, mut session) = Tracker::start(lessons::find("failover").unwrap()).unwrap();
        let started = session.now();
        session.run("node power-off node-2");
        assert!(tracker.fast_forward(&mut session));
        let passed = tracker.current_step().unwrap().1.done_at.expect("the step passed");
        assert_eq!(session.now(), passed, "time stops at the instant the step passes");
        let Input::Line { line, .. } = &session.journal().entries.last().unwrap().input else { panic!() };
        assert_eq!(*line, format!("sleep {} --mark", crate::engine::time::go_duration(passed.since(started))));
        let marker = session.cluster().series().markers().find(|m| m.kind == MarkerKind::FastForward).cloned();
        let marker = marker.expect("a fast-forward marker");
        assert_eq!((marker.since, marker.at), (Some(started), passed));
        // A reload shows the same marker; undo takes the fast-forward back, not the power-off.
        let (_, again) = Tracker::resume(tracker.lesson.clone(), session.journal(), &tracker.marks()).unwrap();
        assert!(again.cluster().series().markers().any(|m| *m == marker));
        assert!(tracker.undo(&mut session));
        assert_eq!(session.now(), started);
        assert!(session.cluster().series().markers().all(|m| m.kind != MarkerKind::FastForward));
        assert!(tracker.current_step().unwrap().1.done_at.is_none());
        assert!(tracker.can_undo(&session), "the power-off is still there");
        // A typed sleep is journaled as the time that passed and is watched event by event.
        tracker.run(&mut session, "sleep 2m");
        assert!(tracker.current_step().unwrap().1.done_at.is_some());
        let Input::Line { line, .. } = &session.journal().entries.last().unwrap().input else { panic!() };
        assert_eq!(line, "sleep 2m0s");
    }

    #[test]
    fn skip_to_a_later_step_plays_the_earlier_solutions() {
        let (mut tracker, mut session) = Tracker::start(lessons::find("failover").unwrap()).unwrap();
        let last = tracker.lesson.steps.last().unwrap().id.clone();
        assert!(tracker.skip_to(&mut session, &last));
        assert_eq!(tracker.current, tracker.lesson.steps.len() - 1);
        assert!(tracker.statuses()[..tracker.current].iter().all(|(_, s)| *s == StepStatus::DoneWithHelp));
        assert!(!tracker.skip_to(&mut session, "no-such-step"));
    }
}
