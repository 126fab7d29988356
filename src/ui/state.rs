//! The one place the UI keeps simulation state: `SimState` owns the `Session` (and through it
//! the `Cluster`) and the latest `Snapshot` and `Readout`, and `SimAction`s are the only way
//! the page changes either (yew reducer). Every change to the cluster is a command line (`SimAction::Run`) or a manifest
//! (`SimAction::Apply`): the UI holds no cluster logic.
//!
//! A cluster saved in this browser or opened from a share link is rebuilt by a
//! `session::Replay` that `SimAction::Rebuild` runs for at most [`REBUILD_BUDGET_MS`] of wall
//! clock per dispatch, so a journal that takes minutes to replay never freezes the page; the
//! learner sees how far it has got and can cancel it for a fresh cluster.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use yew::Reducible;

use crate::cmd::Output;
use crate::engine::time::{SimDuration, SimTime};
use crate::engine::timers::{ContainerProbes, Countdown, NodeRequests};
use crate::engine::{Cluster, ClusterConfig, PodTraffic};
use crate::lessons::tracker::{Resume, Tracker};
use crate::session::{Input, Replay, ReplayError, ReplayProgress, Session, Snapshot};
use crate::ui::services::journal::{self, Rejected};

/// The speed factors offered in the top bar (cluster seconds per wall-clock second).
pub const SPEEDS: [u32; 5] = [1, 10, 30, 100, 300];
/// The skips offered in the top bar [cluster seconds].
pub const SKIPS: [u64; 2] = [60, 300];
/// Wall-clock work one dispatch may spend on a skip [ms]; the rest continues on the next
/// ticks, so a long skip never freezes the page.
pub const SKIP_BUDGET_MS: f64 = 60.0;
/// Cluster time simulated between two looks at the wall clock during a skip.
const SKIP_CHUNK: SimDuration = SimDuration::from_secs(5);
/// The speed the page starts at: fast enough that the starter Deployment is Running within
/// about two seconds of load, slow enough to watch each pod go through its phases.
pub const DEFAULT_SPEED: u32 = 10;
/// Period of the simulation tick [ms of wall clock]: about 10 Hz.
pub const TICK_MS: u32 = 100;
/// The longest wall-clock gap a single tick may cover [ms]. A throttled or suspended tab
/// reports huge gaps; capping them keeps the cluster from jumping minutes ahead at once.
pub const MAX_TICK_WALL_MS: u64 = 500;
/// Wall-clock work one dispatch may spend rebuilding a saved or shared cluster [ms]: well
/// under a 50 ms frame, so that the page answers clicks and keys while a long rebuild runs.
pub const REBUILD_BUDGET_MS: f64 = 25.0;
/// Period of the rebuild's own tick while a rebuild runs [ms of wall clock].
pub const REBUILD_TICK_MS: u32 = 40;
/// Instants per `Replay::step` call, at most: the rebuild adapts the count between 1 and this
/// so that one call takes about [`REBUILD_STEP_MS`]. Small, because the cost of an instant can
/// jump by a thousand times within a journal (a Deployment of 300 probed pods starts after a
/// few cheap instants): a step of this many expensive instants must still fit in a frame.
const REBUILD_MAX_INSTANTS: usize = 32;
/// What one `Replay::step` call should cost [ms of wall clock].
const REBUILD_STEP_MS: f64 = 2.0;
/// Seed of the cluster the page starts with.
pub const DEFAULT_SEED: u64 = 1;

/// The name the starter manifest is applied under (the charts' first marker says
/// `apply -f starter.yaml`; the page's files have it too).
pub const STARTER_FILE: &str = "starter.yaml";

/// What `kubectl create deployment web --image=nginx --replicas=3 --dry-run=client -o yaml`
/// prints (kubectl >= 1.34): the page applies it at load so there is something to watch.
pub const STARTER_MANIFEST: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app: web
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  strategy: {}
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - image: nginx
        name: nginx
        resources: {}
status: {}
";

/// What the engine says beside the snapshot: running timers, probe lights, node requests.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Readout {
    pub timers: Vec<Countdown>,
    /// Probe lights per pod name.
    pub probes: BTreeMap<String, Vec<ContainerProbes>>,
    /// Requests against allocatable per node name.
    pub requests: BTreeMap<String, Box<NodeRequests>>,
    /// Requests per second each pod under Service load received (last completed second).
    pub traffic: BTreeMap<String, Box<PodTraffic>>,
}

impl Readout {
    fn of(cluster: &Cluster, snapshot: &Snapshot) -> Readout {
        let pods = snapshot.nodes.iter().flat_map(|node| node.pods.iter()).chain(snapshot.unscheduled.iter());
        // Maps filled by `insert`: `collect` would instantiate a sort per map type.
        let mut readout = Readout { timers: cluster.timers(), ..Readout::default() };
        for pod in pods {
            readout.probes.insert(pod.name.clone(), cluster.probe_lights(&pod.name));
            if let Some(traffic) = cluster.pod_traffic(&pod.name) {
                readout.traffic.insert(pod.name.clone(), Box::new(traffic));
            }
        }
        for node in &snapshot.nodes {
            if let Some(requests) = cluster.node_requests(&node.name) {
                readout.requests.insert(node.name.clone(), Box::new(requests));
            }
        }
        readout
    }
}

/// The simulation as the page sees it. Cloning is cheap: the session is shared, the
/// snapshot and readout are reference-counted.
#[derive(Clone)]
pub struct SimState {
    pub session: Rc<RefCell<Session>>,
    pub snapshot: Rc<Snapshot>,
    pub readout: Rc<Readout>,
    /// Cluster seconds per wall-clock second, one of `SPEEDS`.
    pub speed: u32,
    pub paused: bool,
    /// A skip in progress: the cluster time it runs to.
    pub skip_to: Option<SimTime>,
    /// The reply to the last applied manifest: `Ok("deployment.apps/web created")` or an error.
    pub last_apply: Option<Result<String, String>>,
    /// The last action line run from the page and what it printed.
    pub last_run: Option<Rc<(String, Output)>>,
    pub seed: u64,
    /// How many inputs the session's journal holds (it changes with every input that can
    /// change the cluster, and with undo): the page saves when it changes.
    pub inputs: usize,
    /// Inputs Undo does not take back: the starter Deployment the page opened with.
    pub undo_floor: usize,
    /// Something to tell the learner about where this cluster came from.
    pub notice: Option<Notice>,
    /// A saved or shared cluster being rebuilt; until it is done, `session` is an empty
    /// stand-in (time does not run, commands are not taken, nothing is saved).
    pub rebuild: Option<Rc<Rebuild>>,
    /// How far the rebuild has got (what the progress line shows).
    pub rebuild_progress: Option<ReplayProgress>,
}

/// Where a cluster being rebuilt comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// This browser's storage, after a reload.
    Stored,
    /// A share link.
    Link,
    /// A lesson in progress, saved in this browser (`SimAction::ResumeLesson`).
    Lesson,
}

/// A saved lesson run for the page to rebuild (`SimAction::ResumeLesson`): the rebuild runs
/// `resume` and leaves the rebuilt tracker in `done` for the lesson panel, which shares it.
#[derive(Clone)]
pub struct LessonResume {
    resume: Rc<RefCell<Option<Resume>>>,
    pub done: Rc<RefCell<Option<Tracker>>>,
    /// The saved run's text, kept aside if the learner cancels.
    pub text: Rc<str>,
}

impl LessonResume {
    pub fn new(resume: Resume, text: &str) -> LessonResume {
        LessonResume {
            resume: Rc::new(RefCell::new(Some(resume))),
            done: Rc::new(RefCell::new(None)),
            text: Rc::from(text),
        }
    }
}

impl PartialEq for LessonResume {
    fn eq(&self, other: &LessonResume) -> bool {
        Rc::ptr_eq(&self.resume, &other.resume)
    }
}

impl std::fmt::Debug for LessonResume {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LessonResume")
    }
}

/// What a rebuild runs.
enum Work {
    /// A saved or shared journal.
    Journal(Box<Replay>),
    /// A saved lesson run: its journal, with the lesson's checks watching.
    Lesson(Box<Resume>, Rc<RefCell<Option<Tracker>>>),
}

impl Work {
    fn step(&mut self, max_instants: usize) -> Result<bool, String> {
        match self {
            Work::Journal(replay) => replay.step(max_instants).map_err(replay_reason),
            Work::Lesson(resume, _) => resume.step(max_instants),
        }
    }

    fn progress(&self) -> ReplayProgress {
        match self {
            Work::Journal(replay) => replay.progress(),
            Work::Lesson(resume, _) => resume.progress(),
        }
    }

    fn config(&self) -> ClusterConfig {
        match self {
            Work::Journal(replay) => replay.journal().config.clone(),
            Work::Lesson(resume, _) => resume.journal().config.clone(),
        }
    }

    /// The rebuilt session (a lesson's tracker goes to the panel's slot).
    fn finish(self) -> Result<Session, String> {
        match self {
            Work::Journal(replay) => replay.finish().map_err(replay_reason),
            Work::Lesson(resume, done) => {
                let (tracker, session) = resume.finish()?;
                *done.borrow_mut() = Some(tracker);
                Ok(session)
            }
        }
    }
}

/// Why a replay stopped, as the notice says it.
fn replay_reason(error: ReplayError) -> String {
    crate::session::LoadError::Replay(error).to_string()
}

/// A saved or shared cluster being rebuilt, a slice at a time.
pub struct Rebuild {
    /// Taken out when done.
    work: RefCell<Option<Work>>,
    pub origin: Origin,
    /// The text it is rebuilt from: kept aside (`journal::SET_ASIDE_KEY`) when the learner
    /// cancels, so a cancelled cluster is not lost.
    pub text: Rc<str>,
    /// Instants per `Replay::step` call, adapted to what the cluster costs.
    instants: Cell<usize>,
}

/// Where the cluster on the page came from, when it is not a fresh one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// Replayed from this browser's storage after a reload.
    Restored,
    /// Opened from a share link.
    LinkOpened,
    /// A share link that was not accepted, and why; nothing from it ran.
    LinkRejected(Rejected),
    /// The cluster saved in this browser could not be rebuilt, and why; a fresh one started.
    StoredRejected(Rejected),
    /// The last action was undone.
    Undone(String),
    /// The learner cancelled the rebuild of a saved or shared cluster: a fresh cluster
    /// started, and the text is kept aside (`journal::SET_ASIDE_KEY`) to try again.
    RebuildCancelled { origin: Origin, text: Rc<str> },
}

/// Everything the page can do to the simulation.
#[derive(Clone, Debug, PartialEq)]
pub enum SimAction {
    /// The timer fired after `wall_ms` of wall clock; advance by that times the speed (or
    /// continue a skip).
    Tick {
        wall_ms: u64,
    },
    Play,
    Pause,
    SetSpeed(u32),
    /// Apply a manifest, as `kubectl apply -f` would.
    Apply(String),
    /// Something changed the cluster outside this reducer (a panel ran a command through the
    /// session): take a fresh snapshot.
    Refresh,
    /// Run one line of the command language (`kill web-1`, `node power-off node-2`).
    Run(String),
    /// Jump this far ahead in cluster time, in budgeted slices.
    Skip(SimDuration),
    /// Start again from the starter cluster.
    Reset,
    /// Take back the last input (replay without it).
    Undo,
    /// Forget the notice.
    DismissNotice,
    /// Continue rebuilding a saved or shared cluster, for at most `REBUILD_BUDGET_MS`.
    Rebuild,
    /// Stop rebuilding and start a fresh cluster (the text is kept aside).
    CancelRebuild,
    /// Rebuild a cluster from text again (a cancelled one, from the notice).
    Reopen {
        origin: Origin,
        text: Rc<str>,
    },
    /// Rebuild a saved lesson run (it replaces any rebuild in progress).
    ResumeLesson(LessonResume),
    /// Drop the rebuild in progress without a word: a lesson is replacing the page's cluster.
    StopRebuild,
}

/// Wall-clock milliseconds, for the skip budget only (never seen by the engine).
fn wall_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::time::{SystemTime, UNIX_EPOCH};
        SystemTime::now().duration_since(UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    }
}

impl SimState {
    /// A fresh cluster with the starter Deployment applied, at cluster time zero.
    #[inline(never)]
    pub fn new(seed: u64) -> SimState {
        let mut session = Session::new(ClusterConfig::with_nodes(seed, 3));
        let last_apply = Some(apply_result(session.apply_text(STARTER_FILE, STARTER_MANIFEST)));
        SimState { last_apply, ..SimState::of(session) }
    }

    /// The clock's setting as the page keeps it across reloads: `10x`, or `10x paused`.
    pub fn clock_setting(&self) -> String {
        format!("{}x{}", self.speed, if self.paused { " paused" } else { "" })
    }

    /// This state with a kept clock setting applied; anything unreadable leaves it as it is.
    pub fn with_clock_setting(self, setting: Option<&str>) -> SimState {
        let Some(setting) = setting else { return self };
        let (speed, paused) = match setting.strip_suffix(" paused") {
            Some(speed) => (speed, true),
            None => (setting, false),
        };
        match speed.strip_suffix('x').and_then(|n| n.parse::<u32>().ok()).filter(|n| SPEEDS.contains(n)) {
            Some(speed) => SimState { speed, paused, ..self },
            None => self,
        }
    }

    /// The page's state around `session` (a fresh one, or one rebuilt from storage or a link).
    // Not inlined: the reducer builds a state from a session in many places.
    #[inline(never)]
    fn of(session: Session) -> SimState {
        let snapshot = Rc::new(session.snapshot());
        let readout = Rc::new(Readout::of(session.cluster(), &snapshot));
        let journal = session.journal();
        let starter = |entry: &crate::session::Entry| {
            entry.at == SimTime::ZERO && matches!(&entry.input, Input::Apply { text, .. } if text == STARTER_MANIFEST)
        };
        SimState {
            seed: journal.config.seed,
            inputs: journal.entries.len(),
            undo_floor: usize::from(journal.entries.first().is_some_and(starter)),
            session: Rc::new(RefCell::new(session)),
            snapshot,
            readout,
            speed: DEFAULT_SPEED,
            paused: false,
            skip_to: None,
            last_apply: None,
            last_run: None,
            notice: None,
            rebuild: None,
            rebuild_progress: None,
        }
    }

    /// The cluster as text for storage and share links (`services::journal`).
    pub fn encode(&self) -> String {
        journal::encode(&self.session.borrow())
    }

    /// The fragment of a share link to this cluster (`#cluster=...`).
    pub fn fragment(&self) -> String {
        journal::fragment(&self.session.borrow())
    }

    /// The state the page opens with: a shared link's cluster (`fragment`), else the one in
    /// storage (`stored`), else a fresh one. A rejected link or saved cluster opens a fresh
    /// cluster and says why; nothing of it runs.
    ///
    /// The rebuild runs here for one budget; a short journal (the usual few minutes of
    /// cluster time) is done by then and the page opens on it, a longer one continues with
    /// `SimAction::Rebuild` behind a progress line.
    pub fn open(fragment: Option<&str>, stored: Option<&str>) -> SimState {
        if let Some(fragment) = fragment.filter(|f| f.starts_with(journal::FRAGMENT_PREFIX)) {
            return SimState::start_rebuild(Origin::Link, Rc::from(&fragment[journal::FRAGMENT_PREFIX.len()..]));
        }
        match stored {
            Some(stored) => SimState::start_rebuild(Origin::Stored, Rc::from(stored)),
            None => SimState::default(),
        }
    }

    /// Starts rebuilding the cluster `text` describes (or says why it is refused) and runs
    /// the first slice.
    fn start_rebuild(origin: Origin, text: Rc<str>) -> SimState {
        match journal::start_restore(&text) {
            Ok(replay) => SimState::rebuild(Work::Journal(Box::new(replay)), origin, text),
            Err(reason) => SimState { notice: Some(rejected(origin, reason)), ..SimState::default() },
        }
    }

    /// The state while `work` rebuilds a cluster, after its first slice.
    fn rebuild(work: Work, origin: Origin, text: Rc<str>) -> SimState {
        let stand_in = Session::new(work.config());
        let progress = work.progress();
        let rebuild = Rebuild { work: RefCell::new(Some(work)), origin, text, instants: Cell::new(1) };
        let state =
            SimState { rebuild_progress: Some(progress), rebuild: Some(Rc::new(rebuild)), ..SimState::of(stand_in) };
        state.continue_rebuild()
    }

    /// Runs the rebuild for at most `REBUILD_BUDGET_MS` of wall clock; when it is done, the
    /// page's state around the rebuilt session (or a fresh cluster and why, if replay stopped).
    fn continue_rebuild(&self) -> SimState {
        let Some(rebuild) = self.rebuild.clone() else { return self.clone() };
        let started = wall_ms();
        let mut slot = rebuild.work.borrow_mut();
        let Some(work) = slot.as_mut() else { return self.clone() };
        let done = loop {
            let step_started = wall_ms();
            match work.step(rebuild.instants.get()) {
                Ok(true) => break Ok(true),
                Ok(false) => {}
                Err(e) => break Err(e),
            }
            // Aim for a few ms per call: a cluster of thousands of probed pods costs about
            // a millisecond per instant, a small one a few microseconds.
            let took = wall_ms() - step_started;
            let instants = rebuild.instants.get();
            if took < REBUILD_STEP_MS / 2.0 {
                rebuild.instants.set((instants * 2).min(REBUILD_MAX_INSTANTS));
            } else if took > REBUILD_STEP_MS * 2.0 {
                rebuild.instants.set((instants / 4).max(1));
            }
            if wall_ms() - started > REBUILD_BUDGET_MS {
                break Ok(false);
            }
        };
        let progress = work.progress();
        let outcome = match done {
            Ok(false) => return SimState { rebuild_progress: Some(progress), ..self.clone() },
            Ok(true) => slot.take().map_or(Err(String::new()), Work::finish),
            Err(reason) => Err(reason),
        };
        match outcome {
            Err(reason) => {
                let notice = rejected(rebuild.origin, Rejected::Invalid(reason));
                SimState { notice: Some(notice), speed: self.speed, paused: self.paused, ..SimState::default() }
            }
            Ok(session) => {
                let state = SimState::of(session);
                let notice = match rebuild.origin {
                    Origin::Link => Some(Notice::LinkOpened),
                    // The lesson panel says it resumed.
                    Origin::Lesson => None,
                    // A cluster nobody touched yet opens as a fresh one, without a welcome back.
                    Origin::Stored if state.inputs == state.undo_floor && state.snapshot.now == SimTime::ZERO => None,
                    Origin::Stored => Some(Notice::Restored),
                };
                SimState { notice, speed: self.speed, paused: self.paused, ..state }
            }
        }
    }

    /// Starts rebuilding a saved lesson run in place of the page's cluster.
    fn resume_lesson(&self, lesson: LessonResume) -> SimState {
        let Some(resume) = lesson.resume.borrow_mut().take() else { return self.clone() };
        let work = Work::Lesson(Box::new(resume), lesson.done.clone());
        let rebuilt = SimState::rebuild(work, Origin::Lesson, lesson.text.clone());
        SimState { speed: self.speed, paused: self.paused, ..rebuilt }
    }

    /// Whether a saved or shared cluster is being rebuilt.
    pub fn rebuilding(&self) -> bool {
        self.rebuild.is_some()
    }

    /// Whether Undo has something to take back.
    pub fn can_undo(&self) -> bool {
        self.inputs > self.undo_floor
    }

    /// The same state with the snapshot and readout rebuilt; each keeps its old `Rc` when
    /// its content did not change, so components reading only it skip their render.
    fn with_fresh_snapshot(&self) -> SimState {
        let session = self.session.borrow();
        let snapshot = session.snapshot();
        let snapshot = if snapshot == *self.snapshot { self.snapshot.clone() } else { Rc::new(snapshot) };
        let readout = Readout::of(session.cluster(), &snapshot);
        let readout = if readout == *self.readout { self.readout.clone() } else { Rc::new(readout) };
        let inputs = session.journal().entries.len();
        SimState { snapshot, readout, inputs, ..self.clone() }
    }

    /// Runs the skip towards `skip_to` for at most `SKIP_BUDGET_MS` of wall clock.
    fn continue_skip(&self) -> SimState {
        let Some(target) = self.skip_to else { return self.clone() };
        let started = wall_ms();
        let mut session = self.session.borrow_mut();
        while session.now() < target {
            let next = (session.now() + SKIP_CHUNK).min(target);
            session.advance_to(next);
            if wall_ms() - started > SKIP_BUDGET_MS {
                break;
            }
        }
        let skip_to = (session.now() < target).then_some(target);
        drop(session);
        SimState { skip_to, ..self.with_fresh_snapshot() }
    }

    /// Runs a read-only line (`kubectl describe pod web-1`, `kubectl logs web-1 --previous`)
    /// for a view; lines that change the cluster go through `SimAction::Run`.
    pub fn query(&self, line: &str) -> Output {
        self.session.borrow_mut().run(line)
    }
}

/// The notice for a link or saved cluster that was refused.
fn rejected(origin: Origin, reason: Rejected) -> Notice {
    match origin {
        Origin::Link => Notice::LinkRejected(reason),
        Origin::Stored | Origin::Lesson => Notice::StoredRejected(reason),
    }
}

/// `apply`'s output as the page shows it.
fn apply_result(output: Output) -> Result<String, String> {
    if output.ok {
        Ok(output.text)
    } else {
        Err(output.text)
    }
}

/// Two states are equal when they show the same snapshot with the same controls; the shared
/// session is compared by identity (it is never copied).
impl PartialEq for SimState {
    fn eq(&self, other: &SimState) -> bool {
        Rc::ptr_eq(&self.session, &other.session)
            && Rc::ptr_eq(&self.snapshot, &other.snapshot)
            && Rc::ptr_eq(&self.readout, &other.readout)
            && (self.speed, self.paused, self.skip_to) == (other.speed, other.paused, other.skip_to)
            && self.last_apply == other.last_apply
            && self.last_run == other.last_run
            && (self.inputs, self.undo_floor) == (other.inputs, other.undo_floor)
            && self.notice == other.notice
            && self.rebuild_progress == other.rebuild_progress
            && match (&self.rebuild, &other.rebuild) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (a, b) => a.is_none() && b.is_none(),
            }
    }
}

impl Default for SimState {
    fn default() -> SimState {
        SimState::new(DEFAULT_SEED)
    }
}

impl Reducible for SimState {
    type Action = SimAction;

    /// Returns the same `Rc` when nothing visible changed, so yew skips the render.
    fn reduce(self: Rc<Self>, action: SimAction) -> Rc<Self> {
        if let Some(rebuild) = &self.rebuild {
            // Until the rebuild is done there is no cluster to run, change or reset: only
            // the rebuild itself, the controls that do not touch the cluster, and Cancel
            // (Reset cancels too, keeping the text aside the same way).
            return match action {
                SimAction::Rebuild => Rc::new(self.continue_rebuild()),
                SimAction::StopRebuild => {
                    Rc::new(SimState { rebuild: None, rebuild_progress: None, ..(*self).clone() })
                }
                SimAction::ResumeLesson(lesson) => Rc::new(self.resume_lesson(lesson)),
                SimAction::CancelRebuild | SimAction::Reset => {
                    let notice = Notice::RebuildCancelled { origin: rebuild.origin, text: rebuild.text.clone() };
                    let fresh = SimState::new(self.seed);
                    Rc::new(SimState { notice: Some(notice), speed: self.speed, paused: self.paused, ..fresh })
                }
                SimAction::Play if self.paused => Rc::new(SimState { paused: false, ..(*self).clone() }),
                SimAction::Pause if !self.paused => Rc::new(SimState { paused: true, ..(*self).clone() }),
                SimAction::SetSpeed(speed) if speed != self.speed && SPEEDS.contains(&speed) => {
                    Rc::new(SimState { speed, ..(*self).clone() })
                }
                _ => self,
            };
        }
        match action {
            SimAction::Rebuild | SimAction::CancelRebuild | SimAction::StopRebuild => self,
            SimAction::ResumeLesson(lesson) => Rc::new(self.resume_lesson(lesson)),
            SimAction::Reopen { origin, text } => {
                let reopened = SimState::start_rebuild(origin, text);
                Rc::new(SimState { speed: self.speed, paused: self.paused, ..reopened })
            }
            SimAction::Tick { .. } if self.skip_to.is_some() => Rc::new(self.continue_skip()),
            SimAction::Tick { wall_ms } => {
                if self.paused || wall_ms == 0 {
                    return self;
                }
                let cluster_ms = wall_ms.min(MAX_TICK_WALL_MS) * u64::from(self.speed);
                self.session.borrow_mut().advance_by(SimDuration::from_millis(cluster_ms));
                Rc::new(self.with_fresh_snapshot())
            }
            SimAction::Play if self.paused => Rc::new(SimState { paused: false, ..(*self).clone() }),
            SimAction::Pause if !self.paused => Rc::new(SimState { paused: true, ..(*self).clone() }),
            SimAction::Play | SimAction::Pause => self,
            SimAction::SetSpeed(speed) if speed != self.speed && SPEEDS.contains(&speed) => {
                Rc::new(SimState { speed, ..(*self).clone() })
            }
            SimAction::SetSpeed(_) => self,
            SimAction::Apply(yaml_text) => {
                let result = apply_result(self.session.borrow_mut().apply_text("-", &yaml_text));
                Rc::new(SimState { last_apply: Some(result), ..self.with_fresh_snapshot() })
            }
            SimAction::Refresh => Rc::new(self.with_fresh_snapshot()),
            SimAction::Run(line) => {
                let output = self.session.borrow_mut().run(&line);
                Rc::new(SimState { last_run: Some(Rc::new((line, output))), ..self.with_fresh_snapshot() })
            }
            SimAction::Undo => {
                if !self.can_undo() {
                    return self;
                }
                let mut session = self.session.borrow_mut();
                let undone = match session.journal().entries.last().map(|entry| &entry.input) {
                    Some(Input::Line { line, .. }) => line.clone(),
                    _ => "kubectl apply".to_string(),
                };
                if !session.undo() {
                    drop(session);
                    return self;
                }
                // A new `Rc` for the rebuilt session, as for a reset: the panels start over on
                // it (their event cursors belong to the cluster before the undo).
                let session = std::mem::replace(&mut *session, Session::new(ClusterConfig::with_nodes(0, 0)));
                Rc::new(SimState {
                    speed: self.speed,
                    paused: self.paused,
                    notice: Some(Notice::Undone(undone)),
                    ..SimState::of(session)
                })
            }
            SimAction::DismissNotice if self.notice.is_some() => Rc::new(SimState { notice: None, ..(*self).clone() }),
            SimAction::DismissNotice => self,
            SimAction::Skip(by) => {
                let from = self.skip_to.unwrap_or_else(|| self.snapshot.now);
                Rc::new(SimState { skip_to: Some(from + by), ..(*self).clone() }.continue_skip())
            }
            SimAction::Reset => {
                let fresh = SimState::new(self.seed);
                Rc::new(SimState { speed: self.speed, paused: self.paused, ..fresh })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `actions` on a fresh state and returns it.
    fn run(actions: &[SimAction]) -> Rc<SimState> {
        actions.iter().fold(Rc::new(SimState::default()), |state, action| state.reduce(action.clone()))
    }

    /// Pod name and STATUS column of every pod, in node order, then the unscheduled ones.
    fn pod_statuses(state: &SimState) -> Vec<String> {
        let on_nodes = state.snapshot.nodes.iter().flat_map(|node| node.pods.iter());
        on_nodes.chain(state.snapshot.unscheduled.iter()).map(|pod| pod.status.clone()).collect()
    }

    fn check_clock(actions: &[SimAction], expected: &str) {
        assert_eq!(run(actions).snapshot.now.to_string(), expected);
    }

    #[test]
    fn starts_with_the_starter_deployment() {
        let state = run(&[]);
        assert_eq!(state.last_apply, Some(Ok("deployment.apps/web created".to_string())));
        assert_eq!(state.snapshot.now.to_string(), "0s");
        assert_eq!(pod_statuses(&state).len(), 3);
        assert_eq!((state.speed, state.paused), (DEFAULT_SPEED, false));
    }

    #[test]
    fn ticks_advance_wall_time_times_speed() {
        check_clock(&[SimAction::Tick { wall_ms: 100 }], "1s");
        check_clock(&[SimAction::SetSpeed(30), SimAction::Tick { wall_ms: 500 }], "15s");
        check_clock(&[SimAction::SetSpeed(300), SimAction::Tick { wall_ms: 200 }], "1m0s");
        check_clock(&[SimAction::SetSpeed(1), SimAction::Tick { wall_ms: 1000 }], "0s");
        let ticks = [400, 300, 299].map(|wall_ms| SimAction::Tick { wall_ms });
        check_clock(&[&[SimAction::SetSpeed(1)], &ticks[..]].concat(), "0s");
        check_clock(&[&[SimAction::SetSpeed(1)], &ticks[..], &[SimAction::Tick { wall_ms: 1 }]].concat(), "1s");
    }

    #[test]
    fn a_long_gap_is_capped() {
        check_clock(&[SimAction::Tick { wall_ms: 3_600_000 }], "5s");
    }

    #[test]
    fn pause_stops_time_and_play_resumes_it() {
        let tick = SimAction::Tick { wall_ms: 200 };
        check_clock(&[SimAction::Pause, tick.clone(), tick.clone()], "0s");
        check_clock(&[SimAction::Pause, tick.clone(), SimAction::Play, tick.clone()], "2s");
    }

    #[test]
    fn no_visible_change_keeps_the_same_state() {
        let state = Rc::new(SimState::default());
        for action in [
            SimAction::Play,
            SimAction::SetSpeed(DEFAULT_SPEED),
            SimAction::SetSpeed(7),
            SimAction::Tick { wall_ms: 0 },
        ] {
            assert!(Rc::ptr_eq(&state, &state.clone().reduce(action.clone())), "{action:?}");
        }
        let paused = state.reduce(SimAction::Pause);
        assert!(Rc::ptr_eq(&paused, &paused.clone().reduce(SimAction::Tick { wall_ms: 100 })));
    }

    #[test]
    fn starter_pods_are_running_after_two_seconds_at_default_speed() {
        let ticks: Vec<SimAction> = (0..20).map(|_| SimAction::Tick { wall_ms: 100 }).collect();
        assert_eq!(pod_statuses(&run(&ticks)), vec!["Running"; 3]);
    }

    #[test]
    fn apply_reports_errors_as_values() {
        let state = run(&[SimAction::Apply("kind: [".to_string())]);
        assert!(
            matches!(&state.last_apply, Some(Err(message)) if message.starts_with("error")),
            "{:?}",
            state.last_apply
        );
        assert_eq!(pod_statuses(&state).len(), 3);
    }

    #[test]
    fn the_clock_setting_is_kept_and_read_back() {
        let state = SimState::new(1);
        assert_eq!(state.clock_setting(), format!("{DEFAULT_SPEED}x"));
        let kept = state.with_clock_setting(Some("100x paused"));
        assert_eq!((kept.speed, kept.paused, kept.clock_setting().as_str()), (100, true, "100x paused"));
        let kept = kept.with_clock_setting(Some("30x"));
        assert_eq!((kept.speed, kept.paused), (30, false));
        for junk in ["7x", "x", "", "100", "100x stopped", "-1x paused"] {
            let same = SimState::new(1).with_clock_setting(Some(junk));
            assert_eq!((same.speed, same.paused), (DEFAULT_SPEED, false), "{junk:?}");
        }
    }

    #[test]
    fn skips_jump_ahead_even_when_paused() {
        check_clock(&[SimAction::Pause, SimAction::Skip(SimDuration::from_secs(300))], "5m0s");
        let state = run(&[SimAction::Skip(SimDuration::from_secs(60)), SimAction::Skip(SimDuration::from_secs(60))]);
        assert_eq!((state.snapshot.now.to_string(), state.skip_to), ("2m0s".to_string(), None));
    }

    #[test]
    fn actions_are_command_lines() {
        let ticks: Vec<SimAction> = (0..20).map(|_| SimAction::Tick { wall_ms: 100 }).collect();
        let state = run(&ticks);
        let pod = state.snapshot.nodes[0].pods[0].name.clone();
        let state = state.reduce(SimAction::Run(format!("kill {pod}")));
        let (line, output) = state.last_run.as_deref().expect("a reply").clone();
        assert_eq!(line, format!("kill {pod}"));
        assert!(output.ok, "{}", output.text);
        let state = state.reduce(SimAction::Skip(SimDuration::from_secs(10)));
        let restarts: i64 = state.snapshot.nodes.iter().flat_map(|n| &n.pods).map(|p| p.restarts).sum();
        assert_eq!(restarts, 1);
        let bad = state.reduce(SimAction::Run("kill nope".into()));
        assert!(!bad.last_run.as_ref().expect("a reply").1.ok);
    }

    #[test]
    fn power_off_shows_countdowns() {
        let state = run(&[SimAction::Skip(SimDuration::from_secs(30)), SimAction::Run("node power-off node-2".into())]);
        assert!(
            state.readout.timers.iter().any(|t| matches!(t, Countdown::NodeNotReady { node, .. } if node == "node-2")),
            "{:?}",
            state.readout.timers
        );
        assert_eq!(state.readout.requests.len(), 3);
        let reset = state.reduce(SimAction::Reset);
        assert_eq!(reset.snapshot.now.to_string(), "0s");
        assert!(reset.readout.timers.iter().all(|t| !matches!(t, Countdown::NodeNotReady { .. })));
    }

    #[test]
    fn the_journal_replays_to_the_same_cluster() {
        let state = run(&[
            SimAction::Skip(SimDuration::from_secs(20)),
            SimAction::Run("kubectl scale deployment web --replicas=5".into()),
            SimAction::Run("kubectl get pods".into()),
            SimAction::Run("kill nope".into()),
            SimAction::Skip(SimDuration::from_secs(30)),
            SimAction::Run("node power-off node-2".into()),
            SimAction::Skip(SimDuration::from_secs(100)),
        ]);
        // The starter, the scale, the `kill` (a verb that changes the cluster, so journaled even
        // when it fails: a failing command may have done part of its work) and the power-off.
        let inputs = state.session.borrow().journal().entries.len();
        assert_eq!((state.inputs, inputs), (4, 4), "`get` is not journaled");
        let text = state.encode();
        let reopened = SimState::open(None, Some(&text));
        assert_eq!(reopened.notice, Some(Notice::Restored));
        assert_eq!(*reopened.snapshot, *state.snapshot);
        assert_eq!(reopened.session.borrow().journal(), state.session.borrow().journal());
        let link = state.fragment();
        let shared = SimState::open(Some(&link), Some("garbage"));
        assert_eq!((shared.notice.clone(), &*shared.snapshot), (Some(Notice::LinkOpened), &*state.snapshot));
        let damaged = SimState::open(Some(&link[..link.len() - 7]), None);
        assert!(
            matches!(&damaged.notice, Some(Notice::LinkRejected(Rejected::Invalid(reason))) if reason.contains("damaged")),
            "{:?}",
            damaged.notice
        );
        assert_eq!(damaged.snapshot.now.to_string(), "0s");
        let old = SimState::open(Some("#cluster=%7B%22version%22%3A1%7D"), None);
        assert_eq!(old.notice, Some(Notice::LinkRejected(Rejected::OldFormat)));
        let stored = SimState::open(None, Some(r#"{"version":1,"seed":1,"now":9000,"entries":[]}"#));
        assert_eq!(
            (stored.notice, stored.snapshot.now),
            (Some(Notice::StoredRejected(Rejected::OldFormat)), SimTime::ZERO)
        );
        assert_eq!(SimState::open(None, None).notice, None);
        assert_eq!(SimState::open(None, Some(&SimState::default().encode())).notice, None, "untouched");
    }

    #[test]
    fn undo_takes_back_the_last_change() {
        let state = run(&[
            SimAction::Skip(SimDuration::from_secs(20)),
            SimAction::Run("kubectl scale deployment web --replicas=5".into()),
            SimAction::Skip(SimDuration::from_secs(10)),
        ]);
        let pods = |s: &SimState| s.snapshot.nodes.iter().map(|n| n.pods.len()).sum::<usize>();
        assert_eq!(pods(&state), 5);
        let undone = state.reduce(SimAction::Undo);
        assert_eq!((pods(&undone), undone.snapshot.now.to_string()), (3, "20s".to_string()));
        assert_eq!(undone.notice, Some(Notice::Undone("kubectl scale deployment web --replicas=5".into())));
        assert_eq!((undone.inputs, undone.can_undo()), (1, false), "the starter Deployment stays");
        let again = undone.clone().reduce(SimAction::Undo);
        assert!(Rc::ptr_eq(&again, &undone));
        // Lines run by a panel through the session are undone the same way.
        let edited = again.reduce(SimAction::Apply(STARTER_MANIFEST.replace("replicas: 3", "replicas: 1")));
        assert!(edited.can_undo());
        assert_eq!(edited.reduce(SimAction::Undo).notice, Some(Notice::Undone("kubectl apply".into())));
    }

    /// A share link to a cluster that takes a while to replay: the starter Deployment with
    /// probes every second, and `hours` of cluster time.
    fn heavy_text(hours: u64) -> String {
        heavy_text_of(hours, 5)
    }

    fn heavy_text_of(hours: u64, replicas: u32) -> String {
        let mut session = Session::new(ClusterConfig::with_nodes(DEFAULT_SEED, 3));
        let probes = "        livenessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 1}\n        readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 1}\n";
        let manifest = STARTER_MANIFEST.replace("        resources: {}\n", probes);
        assert!(session.apply_text("-", &manifest).ok);
        session.run(&format!("kubectl scale deployment web --replicas={replicas}"));
        let mut journal = session.journal().clone();
        journal.now = SimTime::from_secs(hours * 3600);
        crate::session::codec::encode(&journal)
    }

    /// Issue 9: a long replay is spread over dispatches of at most `REBUILD_BUDGET_MS` (plus
    /// one step), behind a progress line, and ends in the cluster one-shot replay gives.
    #[test]
    fn a_long_rebuild_runs_a_budget_at_a_time_and_ends_in_the_same_cluster() {
        let text = heavy_text(48);
        let link = format!("{}{text}", journal::FRAGMENT_PREFIX);
        let mut state = Rc::new(SimState::open(Some(&link), None));
        let first = state.rebuild_progress.expect("still rebuilding after one budget");
        assert!(first.now < first.end && first.end == SimTime::from_secs(48 * 3600), "{first:?}");
        assert_eq!(state.snapshot.nodes.iter().map(|n| n.pods.len()).sum::<usize>(), 0, "an empty stand-in");
        let (mut dispatches, mut slowest) = (1, 0.0f64);
        let mut last = first.now;
        while state.rebuilding() {
            let started = wall_ms();
            state = state.reduce(SimAction::Rebuild);
            slowest = slowest.max(wall_ms() - started);
            dispatches += 1;
            if let Some(progress) = state.rebuild_progress {
                assert!(progress.now >= last);
                last = progress.now;
            }
        }
        // Debug builds are about ten times slower than release; one step adapts to ~4 ms.
        assert!(slowest < REBUILD_BUDGET_MS + 100.0, "slowest dispatch {slowest} ms");
        assert!(dispatches > 2, "{dispatches}");
        eprintln!("48 h of 5 probed pods: {dispatches} dispatches, slowest {slowest:.1} ms");
        assert_eq!(state.notice, Some(Notice::LinkOpened));
        assert_eq!((state.rebuild_progress, state.snapshot.now), (None, SimTime::from_secs(48 * 3600)));
        let one_shot = journal::restore(&text).expect("replays");
        assert_eq!(*state.snapshot, one_shot.snapshot());
        assert_eq!(state.session.borrow().journal(), one_shot.journal());
        assert!(state.can_undo(), "the scale can be undone");
    }

    /// The cost of an instant jumps when 300 probed pods start after a few cheap instants:
    /// the slices stay within the budget (plus one step) all the same.
    #[test]
    fn slices_stay_short_when_instants_get_expensive() {
        let mut state = Rc::new(SimState::open(None, Some(&heavy_text_of(720, 300))));
        let mut slowest = 0.0f64;
        for _ in 0..40 {
            let started = wall_ms();
            state = state.reduce(SimAction::Rebuild);
            slowest = slowest.max(wall_ms() - started);
        }
        assert!(state.rebuilding());
        eprintln!("300 probed pods: slowest dispatch {slowest:.1} ms, at {:?}", state.rebuild_progress);
        assert!(slowest < REBUILD_BUDGET_MS + 100.0, "slowest dispatch {slowest} ms");
    }

    /// While rebuilding, nothing runs on the stand-in; Cancel (or Reset) starts a fresh
    /// cluster and says so, keeping the text to rebuild after all.
    #[test]
    fn cancelling_a_rebuild_starts_a_fresh_cluster_and_keeps_the_text() {
        let text = heavy_text(48);
        let state = Rc::new(SimState::open(None, Some(&text)));
        assert!(state.rebuilding());
        for action in [
            SimAction::Tick { wall_ms: 100 },
            SimAction::Run("kubectl scale deployment web --replicas=1".into()),
            SimAction::Apply(STARTER_MANIFEST.into()),
            SimAction::Skip(SimDuration::from_secs(60)),
            SimAction::Undo,
            SimAction::Refresh,
        ] {
            assert!(Rc::ptr_eq(&state, &state.clone().reduce(action.clone())), "{action:?}");
        }
        let paused = state.clone().reduce(SimAction::Pause);
        assert!(paused.paused && paused.rebuilding());
        for cancel in [SimAction::CancelRebuild, SimAction::Reset] {
            let fresh = paused.clone().reduce(cancel);
            assert!(!fresh.rebuilding() && fresh.paused);
            assert_eq!((fresh.snapshot.now, pod_statuses(&fresh).len()), (SimTime::ZERO, 3), "the starter cluster");
            let Some(Notice::RebuildCancelled { origin, text: kept }) = fresh.notice.clone() else {
                panic!("{:?}", fresh.notice)
            };
            assert_eq!((origin, &*kept), (Origin::Stored, text.as_str()));
            let again = fresh.reduce(SimAction::Reopen { origin, text: kept });
            assert!(again.rebuilding() && again.paused);
        }
    }

    /// A journal that fails part-way through replay opens a fresh cluster and says why.
    #[test]
    fn a_rebuild_that_fails_part_way_says_why() {
        let mut session = Session::new(ClusterConfig::with_nodes(DEFAULT_SEED, 3));
        session.apply_text("-", STARTER_MANIFEST);
        let mut journal = session.journal().clone();
        let line = |line: &str| Input::Line { line: line.into(), files: Vec::new() };
        let wait = "kubectl wait deployment web --for=condition=Nope --timeout=2m";
        journal.entries.push(crate::session::Entry { at: SimTime::from_secs(10), input: line(wait) });
        journal
            .entries
            .push(crate::session::Entry { at: SimTime::from_secs(20), input: line("kubectl delete deployment web") });
        journal.now = SimTime::from_secs(3600);
        let state = SimState::open(None, Some(&crate::session::codec::encode(&journal)));
        let Some(Notice::StoredRejected(Rejected::Invalid(reason))) = &state.notice else {
            panic!("{:?}", state.notice)
        };
        assert!(
            reason.ends_with("journal entry 3 is at 20s, before the cluster time 2m10s replay had reached"),
            "{reason}"
        );
        assert!(!state.rebuilding());
    }

    /// A lesson in progress saved in this browser is rebuilt by the same budgeted rebuild, in
    /// place of the page's cluster; the rebuilt tracker is left for the lesson panel.
    #[test]
    fn a_saved_lesson_run_is_rebuilt_a_budget_at_a_time() {
        use crate::ui::components::lesson::model::SavedRun;
        let lesson = crate::lessons::find("self-healing").expect("a lesson");
        let (mut tracker, mut session) = Tracker::start(lesson).expect("starts");
        session.run("kubectl exec -it deploy/hello-world-flask -- bash -c \"killall python3\"");
        tracker.advance(&mut session, SimDuration::from_secs(3 * 3600));
        let text = SavedRun::of(&tracker, &session, false).encode();
        let resume = || LessonResume::new(SavedRun::start_resume(&text).expect("valid").0, &text);
        let lesson_resume = resume();
        let mut state = Rc::new(SimState::default()).reduce(SimAction::ResumeLesson(lesson_resume.clone()));
        assert!(state.rebuilding(), "three hours of a lesson take more than one slice");
        assert_eq!(state.rebuild.as_ref().map(|r| r.origin), Some(Origin::Lesson));
        while state.rebuilding() {
            state = state.reduce(SimAction::Rebuild);
        }
        let resumed = lesson_resume.done.borrow_mut().take().expect("the tracker, for the panel");
        assert_eq!(resumed.statuses(), tracker.statuses());
        assert_eq!(*state.snapshot, session.snapshot());
        assert_eq!(state.notice, None, "the lesson panel says it resumed");
        // Cancelled: a fresh cluster, no tracker, the run kept aside.
        let cancelled = Rc::new(SimState::default()).reduce(SimAction::ResumeLesson(resume()));
        let fresh = cancelled.reduce(SimAction::CancelRebuild);
        assert!(
            matches!(&fresh.notice, Some(Notice::RebuildCancelled { origin: Origin::Lesson, text: kept }) if **kept == *text)
        );
        // A lesson started over a rebuild in progress stops it without a word.
        let stopped = Rc::new(SimState::open(None, Some(&heavy_text(48)))).reduce(SimAction::StopRebuild);
        assert!(!stopped.rebuilding() && stopped.notice.is_none());
    }
}
