//! The one place the UI keeps simulation state: `SimState` owns the `Session` (and through it
//! the `Cluster`) and the latest `Snapshot` and `Readout`, and `SimAction`s are the only way
//! the page changes either (yew reducer). Every change to the cluster is a command line (`SimAction::Run`) or a manifest
//! (`SimAction::Apply`): the UI holds no cluster logic.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use yew::Reducible;

use crate::cmd::Output;
use crate::engine::time::{SimDuration, SimTime};
use crate::engine::timers::{ContainerProbes, Countdown, NodeRequests};
use crate::engine::{Cluster, ClusterConfig, PodTraffic};
use crate::session::{Input, Session, Snapshot};
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
/// Seed of the cluster the page starts with.
pub const DEFAULT_SEED: u64 = 1;

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
    pub requests: BTreeMap<String, NodeRequests>,
    /// Requests per second each pod under Service load received (last completed second).
    pub traffic: BTreeMap<String, PodTraffic>,
}

impl Readout {
    fn of(cluster: &Cluster, snapshot: &Snapshot) -> Readout {
        let pods = snapshot.nodes.iter().flat_map(|node| node.pods.iter()).chain(snapshot.unscheduled.iter());
        Readout {
            timers: cluster.timers(),
            probes: pods.clone().map(|pod| (pod.name.clone(), cluster.probe_lights(&pod.name))).collect(),
            traffic: pods.filter_map(|pod| Some((pod.name.clone(), cluster.pod_traffic(&pod.name)?))).collect(),
            requests: snapshot
                .nodes
                .iter()
                .filter_map(|node| Some((node.name.clone(), cluster.node_requests(&node.name)?)))
                .collect(),
        }
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
    pub fn new(seed: u64) -> SimState {
        let mut session = Session::new(ClusterConfig::with_nodes(seed, 3));
        let last_apply = Some(apply_result(session.apply_text("-", STARTER_MANIFEST)));
        SimState { last_apply, ..SimState::of(session) }
    }

    /// The page's state around `session` (a fresh one, or one rebuilt from storage or a link).
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
    pub fn open(fragment: Option<&str>, stored: Option<&str>) -> SimState {
        if let Some(link) = fragment.and_then(journal::from_fragment) {
            return match link {
                Ok(session) => SimState { notice: Some(Notice::LinkOpened), ..SimState::of(session) },
                Err(reason) => SimState { notice: Some(Notice::LinkRejected(reason)), ..SimState::default() },
            };
        }
        let Some(stored) = stored else { return SimState::default() };
        match journal::restore(stored) {
            Ok(session) => {
                let state = SimState::of(session);
                // A cluster nobody touched yet opens as a fresh one, without a welcome back.
                let untouched = state.inputs == state.undo_floor && state.snapshot.now == SimTime::ZERO;
                let notice = (!untouched).then_some(Notice::Restored);
                SimState { notice, ..state }
            }
            Err(reason) => SimState { notice: Some(Notice::StoredRejected(reason)), ..SimState::default() },
        }
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
        match action {
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
}
