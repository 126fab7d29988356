//! The one place the UI keeps simulation state: `SimState` owns the `Session` (and through it
//! the `Cluster`) and the latest `Snapshot`, and `SimAction`s are the only way the page changes
//! either (yew reducer).

use std::cell::RefCell;
use std::rc::Rc;

use yew::Reducible;

use crate::engine::time::SimDuration;
use crate::engine::ClusterConfig;
use crate::session::{Session, Snapshot};

/// The speed factors offered in the top bar (cluster seconds per wall-clock second).
pub const SPEEDS: [u32; 3] = [1, 10, 60];
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

/// The simulation as the page sees it. Cloning is cheap: the session is shared, the
/// snapshot is reference-counted.
#[derive(Clone)]
pub struct SimState {
    pub session: Rc<RefCell<Session>>,
    pub snapshot: Rc<Snapshot>,
    /// Cluster seconds per wall-clock second, one of `SPEEDS`.
    pub speed: u32,
    pub paused: bool,
    /// The reply to the last applied manifest: `Ok("deployment.apps/web created")` or an error.
    pub last_apply: Option<Result<String, String>>,
}

/// Everything the page can do to the simulation.
#[derive(Clone, Debug, PartialEq)]
pub enum SimAction {
    /// The timer fired after `wall_ms` of wall clock; advance by that times the speed.
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
}

impl SimState {
    /// A fresh cluster with the starter Deployment applied, at cluster time zero.
    pub fn new(seed: u64) -> SimState {
        let mut session = Session::new(ClusterConfig::with_nodes(seed, 3));
        let last_apply = Some(apply_result(session.apply_text("-", STARTER_MANIFEST)));
        let snapshot = Rc::new(session.snapshot());
        SimState { session: Rc::new(RefCell::new(session)), snapshot, speed: DEFAULT_SPEED, paused: false, last_apply }
    }

    fn with_fresh_snapshot(&self) -> SimState {
        let snapshot = Rc::new(self.session.borrow().snapshot());
        SimState { snapshot, ..self.clone() }
    }
}

/// `apply`'s output as the page shows it.
fn apply_result(output: crate::cmd::Output) -> Result<String, String> {
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
            && (self.speed, self.paused) == (other.speed, other.paused)
            && self.last_apply == other.last_apply
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
        check_clock(&[SimAction::SetSpeed(60), SimAction::Tick { wall_ms: 500 }], "30s");
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
}
