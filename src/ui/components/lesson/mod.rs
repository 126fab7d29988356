//! Lessons in the page (issue 10): the "Lessons" entry in the top bar opens the picker; a
//! lesson replaces the page's cluster by its starting cluster (asking first when the learner
//! has work) and the panel shows the current step, the live checklist, hints, fast-forward,
//! "Show me", undo and "restart step", and a finish summary.
//!
//! The lesson runs on the page's own `Session` (the cluster part is the Session's journal and
//! checkpoints, see `lessons::tracker`); `LessonProvider` keeps the tracker beside it, checks
//! the cluster after every tick and command, saves the run and the progress book in
//! localStorage, and keeps the address bar's deep link (`#lesson=failover&step=power-off`)
//! following the learner. Leaving a lesson keeps its cluster for free play.

pub mod model;
mod view;

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

pub use view::LessonDock;

use self::model::{Message, ProgressBook, SavedRun, BOOK_KEY, RUN_KEY, TEACHER_KEY};
use super::panels::console::{ConsoleFeed, FeedItem, LineRunner};
use super::panels::host::use_panel_host;
use crate::cmd::Output;
use crate::lessons::tracker::Tracker;
use crate::lessons::{self, Link};
use crate::session::Session;
use crate::ui::hooks::SimContext;
use crate::ui::i18n::{lessons::lesson_lang, use_lang, Lang};
use crate::ui::services::storage;
use crate::ui::state::{LessonResume, SimAction};

/// The lesson side of the page.
#[derive(Default)]
pub struct LessonModel {
    pub tracker: Option<Tracker>,
    pub picker_open: bool,
    /// The lesson's introduction is showing (before step 1; teacher mode skips it).
    pub intro: bool,
    pub teacher: bool,
    pub book: ProgressBook,
    pub message: Option<Message>,
    /// The element (by id) to focus after the next render: where a keyboard user continues.
    pub focus: Option<&'static str>,
    /// The element (by id) to scroll into view after the next render (a hint just revealed).
    pub reveal: Option<&'static str>,
}

/// Ids of the elements focus moves to (see `LessonModel::focus`).
pub mod focus {
    /// The top bar's Lessons button.
    pub const ENTRY: &str = "lessons-entry";
    pub const PICKER: &str = "lesson-picker-heading";
    pub const BEGIN: &str = "lesson-begin";
    pub const STEP: &str = "lesson-step-title";
    pub const NEXT: &str = "lesson-next";
    pub const HINT: &str = "lesson-hint-button";
    /// The hints revealed: `lesson-hint-1`, `lesson-hint-2`, ...
    pub const HINTS: [&str; 3] = ["lesson-hint-1", "lesson-hint-2", "lesson-hint-3"];
    pub const SUMMARY: &str = "lesson-summary-heading";
}

/// What `LessonProvider` shares. Equal while nothing of the lesson changed (`rev`).
#[derive(Clone)]
pub struct LessonCtx {
    pub model: Rc<RefCell<LessonModel>>,
    rev: u64,
    bump: Callback<()>,
    sim: SimContext,
    feed: Rc<RefCell<Vec<FeedItem>>>,
    feed_bump: Callback<()>,
    host: super::panels::host::Host,
    /// Whether the lessons' texts are at hand (the web app fetches them).
    pub files: crate::ui::services::lessons::LessonFiles,
}

impl PartialEq for LessonCtx {
    fn eq(&self, other: &LessonCtx) -> bool {
        self.rev == other.rev && Rc::ptr_eq(&self.model, &other.model) && self.files == other.files
    }
}

impl LessonCtx {
    pub fn active(&self) -> bool {
        self.model.borrow().tracker.is_some()
    }

    fn changed(&self) {
        self.bump.emit(());
    }

    /// Runs `act` on the tracker and the page's session, then saves and re-renders.
    fn with_run<R>(&self, act: impl FnOnce(&mut Tracker, &mut Session, &mut LessonModel) -> R) -> Option<R> {
        let result = {
            let mut model = self.model.borrow_mut();
            let mut tracker = model.tracker.take()?;
            let result = {
                let mut session = self.sim.session.borrow_mut();
                act(&mut tracker, &mut session, &mut model)
            };
            model.book.record(&tracker);
            model.tracker = Some(tracker);
            result
        };
        self.save();
        self.sim.dispatch(SimAction::Refresh);
        self.changed();
        Some(result)
    }

    /// Saves the run and the progress book.
    fn save(&self) {
        let model = self.model.borrow();
        storage::set(BOOK_KEY, &model.book.encode());
        match &model.tracker {
            Some(tracker) => {
                storage::set(RUN_KEY, &SavedRun::of(tracker, &self.sim.session.borrow(), model.intro).encode());
            }
            None => storage::remove(RUN_KEY),
        }
    }

    fn feed(&self, item: FeedItem) {
        self.feed.borrow_mut().push(item);
        self.feed_bump.emit(());
    }

    /// A `sleep` typed in the console during a lesson: time runs with the checks watching every
    /// event instant (`Tracker::run`), as in `lesson play`. None for any other line (the console
    /// runs it) or outside a lesson.
    pub fn run_watched(&self, line: &str) -> Option<Output> {
        let sleep = matches!(crate::cmd::parse(line), Ok(Some(crate::cmd::Command::Sleep { .. })));
        if !sleep || !self.active() || self.sim.session.borrow().in_shell() {
            return None;
        }
        self.with_run(|tracker, session, _| tracker.run(session, line))
    }

    /// Puts a command in the console's input (the learner presses Enter).
    pub fn put_in_console(&self, line: &str) {
        self.feed(FeedItem::Prefill(line.to_string()));
    }

    pub fn open_picker(&self, open: bool) {
        {
            let mut model = self.model.borrow_mut();
            model.picker_open = open;
            model.focus = Some(if open { focus::PICKER } else { focus::ENTRY });
        }
        self.changed();
    }

    /// Back from the picker to the lesson in progress.
    pub fn continue_lesson(&self) {
        {
            let mut model = self.model.borrow_mut();
            model.picker_open = false;
            model.focus = Some(if model.intro { focus::BEGIN } else { focus::STEP });
        }
        self.changed();
    }

    /// Starts `slug` on its own starting cluster (the caller asked the learner first).
    pub fn start(&self, slug: &str) {
        let Some(lesson) = lessons::find(slug) else {
            self.model.borrow_mut().message = Some(Message::UnknownLesson(slug.to_string()));
            self.changed();
            return;
        };
        let Ok((tracker, session)) = Tracker::start(lesson) else { return };
        self.install(tracker, session);
        {
            let mut model = self.model.borrow_mut();
            model.intro = !model.teacher;
            model.picker_open = false;
            model.message = None;
            model.focus = Some(if model.intro { focus::BEGIN } else { focus::STEP });
        }
        self.save();
        self.changed();
    }

    /// Makes `session` the page's and `tracker` the lesson in progress (a rebuild of the
    /// page's saved cluster still running is dropped: the lesson replaces that cluster).
    fn install(&self, tracker: Tracker, session: Session) {
        self.sim.dispatch(SimAction::StopRebuild);
        *self.sim.session.borrow_mut() = session;
        self.adopt(tracker);
    }

    /// Makes `tracker` the lesson in progress on the page's session as it is (a resumed run
    /// the page has just rebuilt).
    fn adopt(&self, tracker: Tracker) {
        self.host.add_files(&tracker.lesson.files);
        self.model.borrow_mut().tracker = Some(tracker);
        self.sim.dispatch(SimAction::Refresh);
    }

    /// The end of loading: follow a deep link's step, save, show.
    fn finish_load(&self, link: Option<&Link>) {
        if let Some(step) = link.and_then(|l| l.step.clone()) {
            let behind = self.model.borrow().tracker.as_ref().is_some_and(|t| {
                t.lesson.steps.iter().position(|s| s.id == step).is_some_and(|target| target > t.current)
            });
            if behind {
                self.jump_to(&step);
            }
        }
        self.save();
        self.changed();
    }

    /// Whether the page's cluster holds work of the learner that a lesson would replace.
    pub fn has_work(&self) -> bool {
        self.active() || self.sim.session.borrow().journal().entries.len() > 1
    }

    /// Leaves the lesson; the cluster stays for free play.
    pub fn leave(&self) {
        {
            let mut model = self.model.borrow_mut();
            if let Some(tracker) = model.tracker.take() {
                model.book.record(&tracker);
            }
            model.message = None;
            model.focus = Some(focus::ENTRY);
        }
        self.save();
        set_fragment(None);
        self.changed();
    }

    pub fn begin(&self) {
        {
            let mut model = self.model.borrow_mut();
            model.intro = false;
            model.focus = Some(focus::STEP);
        }
        self.save();
        self.changed();
    }

    pub fn set_teacher(&self, on: bool) {
        self.model.borrow_mut().teacher = on;
        storage::set(TEACHER_KEY, if on { "on" } else { "off" });
        self.changed();
    }

    /// Reveals the next hint; focus stays on the Hint button while hints are left, else moves
    /// to the last hint (focusing brings it into view either way, see `LessonDock`).
    pub fn hint(&self) {
        self.with_run(|tracker, _, model| {
            tracker.reveal_hint();
            let Some((step, state)) = tracker.current_step() else { return };
            let newest = focus::HINTS.get(state.hints_shown.saturating_sub(1)).copied();
            model.focus = if state.hints_shown < step.hints.len() { Some(focus::HINT) } else { newest };
            model.reveal = newest;
        });
    }

    pub fn fast_forward(&self) {
        self.with_run(|tracker, session, model| {
            let passed = tracker.fast_forward(session);
            model.message = (!passed).then_some(Message::FastForwardFailed);
        });
    }

    pub fn show_me(&self) {
        let played = self.with_run(|tracker, session, model| {
            model.message = None;
            tracker.show_me(session)
        });
        if let Some(played) = played {
            self.feed(FeedItem::Played(played));
        }
    }

    pub fn back_to_attempt(&self) {
        self.with_run(|tracker, session, _| tracker.back_to_my_attempt(session));
    }

    pub fn undo(&self) {
        self.with_run(|tracker, session, model| {
            model.message = None;
            tracker.undo(session)
        });
    }

    pub fn restart_step(&self) {
        self.with_run(|tracker, session, model| {
            model.message = None;
            tracker.restart_step(session)
        });
    }

    pub fn next_step(&self) {
        self.with_run(|tracker, session, model| {
            model.message = None;
            tracker.next_step(session);
            model.focus = Some(if tracker.finished() { focus::SUMMARY } else { focus::STEP });
        });
    }

    /// Teacher mode: jump to a later step.
    pub fn jump_to(&self, step: &str) {
        self.with_run(|tracker, session, model| {
            model.intro = false;
            model.focus = Some(focus::STEP);
            tracker.skip_to(session, step)
        });
    }

    pub fn can_undo(&self) -> bool {
        let model = self.model.borrow();
        model.tracker.as_ref().is_some_and(|tracker| tracker.can_undo(&self.sim.session.borrow()))
    }

    pub fn dismiss_message(&self) {
        self.model.borrow_mut().message = None;
        self.changed();
    }

    pub fn import(&self, text: &str) {
        let message = match ProgressBook::decode(text) {
            Ok(book) => Message::Imported(self.model.borrow_mut().book.merge(book)),
            Err(_) => Message::ImportFailed,
        };
        self.model.borrow_mut().message = Some(message);
        self.save();
        self.changed();
    }

    /// The page's cluster time, for the summary.
    pub fn now(&self) -> crate::engine::time::SimTime {
        self.sim.snapshot.now
    }

    /// The cluster the lesson runs on (read-only).
    pub fn session(&self) -> std::cell::Ref<'_, Session> {
        self.sim.session.borrow()
    }
}

/// The lesson context from the nearest provider (none outside one).
#[hook]
pub fn use_lesson() -> Option<LessonCtx> {
    use_context::<LessonCtx>()
}

/// The progress book saved in this browser (only the lessons at hand).
fn load_book() -> ProgressBook {
    storage::get(BOOK_KEY).and_then(|text| ProgressBook::decode(&text).ok()).unwrap_or_default()
}

/// Writes the deep link of where the learner is into the address bar (or clears it).
fn set_fragment(link: Option<&Link>) {
    let Some(window) = web_sys::window() else { return };
    let location = window.location();
    let path = location.pathname().unwrap_or_default() + &location.search().unwrap_or_default();
    let url = match link {
        Some(link) => path + &link.fragment(),
        None => path,
    };
    let current = location.pathname().unwrap_or_default()
        + &location.search().unwrap_or_default()
        + &location.hash().unwrap_or_default();
    if current != url {
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct LessonProviderProps {
    #[prop_or_default]
    pub children: Html,
}

/// Owns the lesson side of the page; must sit inside `SimProvider` and `LangProvider`.
#[component]
pub fn LessonProvider(props: &LessonProviderProps) -> Html {
    let sim = use_context::<SimContext>().expect("LessonProvider needs a SimProvider above it");
    let host = use_panel_host();
    let lang = use_lang();
    let model = use_mut_ref(|| LessonModel {
        teacher: storage::get(TEACHER_KEY).as_deref() == Some("on"),
        book: load_book(),
        ..LessonModel::default()
    });
    let rev = use_state(|| 0u64);
    let feed = use_mut_ref(Vec::new);
    let feed_rev = use_state(|| 0u64);
    let bump = {
        let rev = rev.setter();
        let counter = use_mut_ref(|| 0u64);
        Callback::from(move |()| {
            *counter.borrow_mut() += 1;
            rev.set(*counter.borrow());
        })
    };
    let feed_bump = {
        let feed_rev = feed_rev.setter();
        let counter = use_mut_ref(|| 0u64);
        Callback::from(move |()| {
            *counter.borrow_mut() += 1;
            feed_rev.set(*counter.borrow());
        })
    };
    let files = crate::ui::services::lessons::use_lessons();
    let lessons_ready = files.ready();
    let ctx = LessonCtx {
        files,
        model: model.clone(),
        rev: *rev,
        bump,
        sim: sim.clone(),
        feed: feed.clone(),
        feed_bump,
        host: host.clone(),
    };

    // The lessons' texts could not be fetched while a deep link or a saved lesson waits for
    // them: open the picker, which says so and offers to try again, rather than show nothing.
    {
        let ctx = ctx.clone();
        let failed = ctx.files.state == crate::ui::services::lessons::Files::Failed;
        use_effect_with(failed, move |&failed| {
            let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
            if failed && (Link::parse(&hash).is_some() || storage::get(RUN_KEY).is_some()) {
                ctx.open_picker(true);
            }
        });
    }
    // At load, once the lessons' texts are at hand (the web app fetches them,
    // `services::lessons`): a deep link, else the lesson saved in this browser. A saved run is
    // rebuilt by the page's rebuild (a budget per frame, behind its progress line, in place of
    // the page's own saved cluster); the tracker is taken over when it is done.
    {
        let ctx = ctx.clone();
        let set_lang = lang.set_lang.clone();
        let started = use_mut_ref(|| false);
        let pending = use_mut_ref(|| None::<(LessonResume, bool, Option<Link>)>);
        let key = (Rc::as_ptr(&sim.session) as usize, sim.rebuild.is_some(), lessons_ready);
        use_effect_with(key, move |&(_, rebuilding, ready)| {
            if !ready {
                return;
            }
            if !std::mem::replace(&mut *started.borrow_mut(), true) {
                // Read again: before the lessons arrived, it kept none of them.
                ctx.model.borrow_mut().book = load_book();
                let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
                let link = Link::parse(&hash);
                if let Some(lang) = link.as_ref().and_then(|l| l.lang) {
                    set_lang.emit(match lang {
                        lessons::Lang::En => Lang::En,
                        lessons::Lang::ZhCn => Lang::ZhHans,
                    });
                }
                let saved = storage::get(RUN_KEY).map(|text| (SavedRun::start_resume(&text), text));
                match saved {
                    Some((Ok((resume, intro)), text))
                        if link.as_ref().is_none_or(|link| link.lesson == resume.lesson().id) =>
                    {
                        let lesson_resume = LessonResume::new(resume, &text);
                        *pending.borrow_mut() = Some((lesson_resume.clone(), intro, link));
                        ctx.sim.dispatch(SimAction::ResumeLesson(lesson_resume));
                        return;
                    }
                    Some((Err(_), _)) => storage::remove(RUN_KEY),
                    _ => {
                        if let Some(link) = &link {
                            ctx.start(&link.lesson);
                        }
                    }
                }
                ctx.finish_load(link.as_ref());
                return;
            }
            if rebuilding {
                return;
            }
            let Some((lesson_resume, intro, link)) = pending.borrow_mut().take() else { return };
            if let Some(tracker) = lesson_resume.done.borrow_mut().take() {
                ctx.adopt(tracker);
                let mut model = ctx.model.borrow_mut();
                model.intro = intro;
                model.message = Some(Message::Resumed);
            }
            ctx.finish_load(link.as_ref());
        });
    }

    // After every tick and command: check the cluster.
    {
        let ctx = ctx.clone();
        let snapshot_id = Rc::as_ptr(&sim.snapshot) as usize;
        use_effect_with(snapshot_id, move |_| {
            let changed = {
                let mut model = ctx.model.borrow_mut();
                let model = &mut *model;
                match model.tracker.as_mut() {
                    Some(tracker) => {
                        let changed = tracker.evaluate(ctx.sim.session.borrow().cluster());
                        if let Some(notice) = tracker.take_notices().pop() {
                            model.message = Some(Message::Watch(notice.hint));
                        }
                        if changed {
                            model.book.record(tracker);
                        }
                        changed
                    }
                    None => false,
                }
            };
            if changed {
                ctx.save();
                ctx.changed();
            }
        });
    }

    // Save the in-flight cluster every second of cluster time, and when the clock stops.
    {
        let ctx = ctx.clone();
        use_effect_with((sim.snapshot.now.as_millis() / 1000, sim.paused), move |_| {
            if ctx.active() {
                ctx.save();
            }
        });
    }

    // The address bar follows the learner.
    {
        let link = model.borrow().tracker.as_ref().map(|tracker| Link {
            lesson: tracker.lesson.id.clone(),
            step: tracker.lesson.steps.get(tracker.current).map(|s| s.id.clone()),
            lang: Some(lesson_lang(lang.lang)),
        });
        use_effect_with(link, move |link| {
            if link.is_some() {
                set_fragment(link.as_ref());
            }
        });
    }

    // The console keeps the runner across renders: it reads the context of the latest one.
    let latest = use_mut_ref(|| None::<LessonCtx>);
    *latest.borrow_mut() = Some(ctx.clone());
    let run: Rc<LineRunner> = Rc::new(move |line: &str| {
        let ctx = latest.borrow().clone();
        ctx.and_then(|ctx| ctx.run_watched(line))
    });
    let console_feed = ConsoleFeed { queue: feed, rev: *feed_rev, run: Some(run) };
    html! {
        <ContextProvider<LessonCtx> context={ctx}>
            <ContextProvider<ConsoleFeed> context={console_feed}>
                { props.children.clone() }
            </ContextProvider<ConsoleFeed>>
        </ContextProvider<LessonCtx>>
    }
}

/// The lines "Show me" played, as the console prints them.
pub type Played = Vec<(String, Output)>;
