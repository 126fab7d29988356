//! The page: providers (language, simulation) around the layout. Layout only: every region
//! is a component, and the panels' slots are filled from `components::panels`.
//!
//! ```text
//! +--------------------------------------------------------------+
//! | TopBar: title, clock, play/pause, speeds, language, Lessons   |
//! +--------------------------------------+-----------------------+
//! | ClusterView (nodes, pods)            | LessonDock (a lesson) |
//! |                                      | side: Editor          |
//! | Tabs: Console | Events | PodsWide    |       LoadPanel       |
//! | Charts                               |                       |
//! +--------------------------------------+-----------------------+
//! ```
//! Below 900 px the columns stack: the lesson first, then the main column, then the side one.

use std::rc::Rc;

use yew::prelude::*;

use super::components::lesson::{use_lesson, LessonDock, LessonProvider};
use super::components::panels::{Charts, Editor, LoadPanel};
use super::components::{Announcer, ClusterView, NoticeBar, Tabs, TopBar};
use super::hooks::{use_rebuild_clock, use_sim_clock, Presentation, Selection, SimContext};
use super::i18n::{use_texts, LangProvider};
use super::services::{journal, storage};
use super::state::{Notice, Origin, SimState};

#[derive(Properties, PartialEq)]
pub struct SimProviderProps {
    #[prop_or_default]
    pub children: Html,
}

/// Owns the one `SimState`, ticks it, and shares it with everything below as `SimContext`.
#[component]
pub fn SimProvider(props: &SimProviderProps) -> Html {
    let sim = use_reducer(open_cluster);
    use_sim_clock(sim.clone());
    use_rebuild_clock(sim.clone());
    // Save after every change, and every few seconds of cluster time, so a reload loses little.
    // Not while a saved or shared cluster is rebuilt: the page holds an empty stand-in then,
    // and the saved text must stay until the rebuild is done (a reload starts it again).
    {
        let saved_at =
            (Rc::as_ptr(&sim.session) as usize, sim.inputs, sim.snapshot.now.as_millis() / 5000, sim.rebuild.is_some());
        let sim = sim.clone();
        use_effect_with(saved_at, move |_| {
            if sim.rebuild.is_some() {
                return;
            }
            let session = sim.session.borrow();
            storage::set(journal::STORAGE_KEY, &journal::encode(&session));
            match journal::encode_before_last(&session) {
                Some(text) => storage::set(journal::BEFORE_LAST_KEY, &text),
                None => {
                    storage::remove(journal::BEFORE_LAST_KEY);
                    true
                }
            };
        });
    }
    // The clock's speed and pause survive a reload, like the other settings.
    {
        let setting = sim.clock_setting();
        use_effect_with(setting, |setting| {
            storage::set(CLOCK_KEY, setting);
        });
    }
    // A cancelled rebuild's text is kept aside, not lost.
    {
        let notice = sim.notice.clone();
        use_effect_with(notice, |notice| {
            if let Some(Notice::RebuildCancelled { origin, text }) = notice {
                let key = match origin {
                    Origin::Lesson => journal::LESSON_SET_ASIDE_KEY,
                    Origin::Stored | Origin::Link => journal::SET_ASIDE_KEY,
                };
                storage::set(key, text);
            }
        });
    }
    html! {
        <ContextProvider<SimContext> context={sim}>
            { props.children.clone() }
        </ContextProvider<SimContext>>
    }
}

/// The cluster the page opens with: a share link's, else the one saved in this browser, else
/// a fresh one. The link is taken out of the address bar once read, so a reload keeps the
/// learner's own progress instead of reopening the link.
fn open_cluster() -> SimState {
    let window = web_sys::window();
    let fragment = window.as_ref().and_then(|window| window.location().hash().ok()).filter(|hash| !hash.is_empty());
    let state = SimState::open(fragment.as_deref(), storage::get(journal::STORAGE_KEY).as_deref())
        .with_clock_setting(storage::get(CLOCK_KEY).as_deref());
    if fragment.is_some_and(|hash| hash.starts_with(journal::FRAGMENT_PREFIX)) {
        if let Some(window) = &window {
            let path =
                window.location().pathname().unwrap_or_default() + &window.location().search().unwrap_or_default();
            if let Ok(history) = window.history() {
                let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
            }
        }
    }
    state
}

/// Where the clock's speed and pause are remembered (localStorage key).
pub const CLOCK_KEY: &str = "kubeplay.clock";

/// Where presentation mode is remembered (localStorage key).
pub const PRESENTATION_KEY: &str = "kubeplay.presentation";

/// The layout: top bar, then the main column (cluster view and tabs) beside the side column
/// (editor, load panel, charts).
#[component]
pub fn Layout() -> Html {
    let texts = use_texts();
    let rebuilding = super::hooks::use_sim().rebuild().is_some();
    let selected = use_state_eq(|| None::<AttrValue>);
    let presenting = use_state_eq(|| storage::get(PRESENTATION_KEY).as_deref() == Some("on"));
    let presentation = Presentation {
        on: *presenting,
        set: {
            let presenting = presenting.clone();
            Callback::from(move |on: bool| {
                storage::set(PRESENTATION_KEY, if on { "on" } else { "off" });
                presenting.set(on);
            })
        },
    };
    let selection =
        Selection { pod: (*selected).clone(), select: Callback::from(move |pod: Option<AttrValue>| selected.set(pod)) };
    // Presenting a lesson keeps the console: "Show me" plays the solution there for the room.
    let in_lesson = use_lesson().is_some_and(|lesson| lesson.active());
    html! {
        <ContextProvider<Presentation> context={presentation}>
        <ContextProvider<Selection> context={selection}>
        <div class={classes!("app", presenting.then_some("presentation"))} id="app">
            <a class="skip-link" href="#cluster">{ texts.skip_to_cluster }</a>
            <TopBar />
            <NoticeBar />
            // While a saved or shared cluster is rebuilt there is nothing to act on yet.
            <main class="workspace" inert={rebuilding}>
                <LessonDock />
                <div class="main-column">
                    <ClusterView />
                    if !*presenting || in_lesson {
                        <Tabs />
                    }
                    // Charts need the width of the main column to stay readable.
                    <Charts />
                </div>
                <aside class="side-column" aria-label={texts.side_label}>
                    if !*presenting {
                        <Editor />
                    }
                    <LoadPanel />
                </aside>
            </main>
            <Announcer />
        </div>
        </ContextProvider<Selection>>
        </ContextProvider<Presentation>>
    }
}

/// The whole kubeplay page.
#[component]
pub fn App() -> Html {
    html! {
        <LangProvider>
            <SimProvider>
                <LessonProvider>
                    <Layout />
                </LessonProvider>
            </SimProvider>
        </LangProvider>
    }
}
