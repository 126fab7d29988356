//! Hooks over the one `SimState`: `use_sim` hands components the latest snapshot and intent
//! methods; `use_sim_clock` drives the simulation from a wall-clock `Interval`.

use std::cell::Cell;
use std::rc::Rc;

use gloo_timers::callback::Interval;
use yew::prelude::*;

use super::state::{Notice, Origin, Readout, SimAction, SimState, REBUILD_TICK_MS, TICK_MS};
use crate::cmd::Output;
use crate::engine::time::SimDuration;
use crate::session::{ReplayProgress, Snapshot};

/// What `SimProvider` puts in context: the reducer handle over the one `SimState`.
pub type SimContext = UseReducerHandle<SimState>;

/// A component's view of the simulation: read the snapshot, call intent methods.
#[derive(Clone, PartialEq)]
pub struct SimHandle {
    state: SimContext,
}

impl SimHandle {
    pub fn snapshot(&self) -> Rc<Snapshot> {
        self.state.snapshot.clone()
    }
    pub fn readout(&self) -> Rc<Readout> {
        self.state.readout.clone()
    }
    /// Whether a skip is running.
    pub fn skipping(&self) -> bool {
        self.state.skip_to.is_some()
    }
    /// The last action line and what it printed.
    pub fn last_run(&self) -> Option<Rc<(String, Output)>> {
        self.state.last_run.clone()
    }
    /// Runs a read-only line for a view (describe, logs, get events).
    pub fn query(&self, line: &str) -> Output {
        self.state.query(line)
    }
    /// Runs a line of the command language that changes the cluster.
    pub fn run(&self, line: String) {
        self.state.dispatch(SimAction::Run(line));
    }
    pub fn skip(&self, by: SimDuration) {
        self.state.dispatch(SimAction::Skip(by));
    }
    pub fn undo(&self) {
        self.state.dispatch(SimAction::Undo);
    }
    pub fn can_undo(&self) -> bool {
        self.state.can_undo()
    }
    /// The fragment of a share link to this cluster (`#cluster=...`).
    pub fn share_fragment(&self) -> String {
        self.state.fragment()
    }
    pub fn notice(&self) -> Option<Notice> {
        self.state.notice.clone()
    }
    pub fn dismiss_notice(&self) {
        self.state.dispatch(SimAction::DismissNotice);
    }
    pub fn reset(&self) {
        self.state.dispatch(SimAction::Reset);
    }
    pub fn speed(&self) -> u32 {
        self.state.speed
    }
    pub fn paused(&self) -> bool {
        self.state.paused
    }
    pub fn last_apply(&self) -> Option<Result<String, String>> {
        self.state.last_apply.clone()
    }
    pub fn play(&self) {
        self.state.dispatch(SimAction::Play);
    }
    pub fn pause(&self) {
        self.state.dispatch(SimAction::Pause);
    }
    pub fn set_speed(&self, speed: u32) {
        self.state.dispatch(SimAction::SetSpeed(speed));
    }
    pub fn apply(&self, yaml_text: String) {
        self.state.dispatch(SimAction::Apply(yaml_text));
    }
    /// A saved or shared cluster being rebuilt: where it comes from and how far it has got.
    pub fn rebuild(&self) -> Option<(Origin, ReplayProgress)> {
        Some((self.state.rebuild.as_ref()?.origin, self.state.rebuild_progress?))
    }
    /// Stops the rebuild and starts a fresh cluster (the text is kept aside).
    pub fn cancel_rebuild(&self) {
        self.state.dispatch(SimAction::CancelRebuild);
    }
    /// Rebuilds a cancelled cluster after all.
    pub fn reopen(&self, origin: Origin, text: Rc<str>) {
        self.state.dispatch(SimAction::Reopen { origin, text });
    }
}

/// The simulation from the nearest `SimProvider`.
#[hook]
pub fn use_sim() -> SimHandle {
    let state = use_context::<SimContext>().expect("use_sim() needs a SimProvider above it");
    SimHandle { state }
}

/// Ticks `sim` about 10 times a second with the wall-clock time since the last tick. The
/// `Interval` lives as long as the component: dropping it in the cleanup cancels it.
#[hook]
pub fn use_sim_clock(sim: SimContext) {
    use_effect_with((), move |_| {
        let dispatcher = sim.dispatcher();
        let last_wall_ms = Cell::new(js_sys::Date::now());
        let interval = Interval::new(TICK_MS, move || {
            let now_wall_ms = js_sys::Date::now();
            let wall_ms = (now_wall_ms - last_wall_ms.get()).max(0.0);
            last_wall_ms.set(now_wall_ms);
            // A hidden tab pauses the cluster, so a lesson is not over when the learner returns.
            if !page_hidden() {
                dispatcher.dispatch(SimAction::Tick { wall_ms: wall_ms as u64 });
            }
        });
        move || drop(interval)
    });
}

/// While a saved or shared cluster is rebuilt, continues the rebuild every `REBUILD_TICK_MS`
/// (each dispatch works at most `REBUILD_BUDGET_MS`, so the page keeps answering); the
/// `Interval` is dropped when the rebuild ends. It runs in a hidden tab too: the learner
/// comes back to a rebuilt cluster.
#[hook]
pub fn use_rebuild_clock(sim: SimContext) {
    let rebuilding = sim.rebuild.is_some();
    use_effect_with(rebuilding, move |&rebuilding| {
        let interval = rebuilding.then(|| {
            let dispatcher = sim.dispatcher();
            Interval::new(REBUILD_TICK_MS, move || dispatcher.dispatch(SimAction::Rebuild))
        });
        move || drop(interval)
    });
}

fn page_hidden() -> bool {
    web_sys::window().and_then(|window| window.document()).is_some_and(|document| document.hidden())
}

/// Which pod the details panel shows, shared by the pod cards and the panel.
#[derive(Clone, PartialEq)]
pub struct Selection {
    pub pod: Option<AttrValue>,
    pub select: Callback<Option<AttrValue>>,
}

/// The pod selection from the nearest provider (none without one).
#[hook]
pub fn use_selection() -> Selection {
    use_context::<Selection>().unwrap_or_else(|| Selection { pod: None, select: Callback::noop() })
}

/// Presentation mode (large type, high contrast, fewer panels), shared by the top bar's
/// toggle and the layout.
#[derive(Clone, PartialEq)]
pub struct Presentation {
    pub on: bool,
    pub set: Callback<bool>,
}

#[hook]
pub fn use_presentation() -> Presentation {
    use_context::<Presentation>().unwrap_or_else(|| Presentation { on: false, set: Callback::noop() })
}
