//! The page: providers (language, simulation) around the layout. Layout only: every region
//! is a component, and the panels' slots are filled from `components::panels`.
//!
//! ```text
//! +--------------------------------------------------------------+
//! | TopBar: title, clock, play/pause, speeds, language            |
//! +--------------------------------------+-----------------------+
//! | ClusterView (nodes, pods)            | side: Editor          |
//! | Tabs: Console | Events | PodsWide    |       LoadPanel       |
//! | Charts                               |                       |
//! +--------------------------------------+-----------------------+
//! ```
//! Below 900 px the side column stacks under the main one.

use yew::prelude::*;

use super::components::panels::{Charts, Editor, LoadPanel};
use super::components::{Announcer, ClusterView, Tabs, TopBar};
use super::hooks::{use_sim_clock, Presentation, Selection, SimContext};
use super::i18n::{use_texts, LangProvider};
use super::services::storage;
use super::state::SimState;

#[derive(Properties, PartialEq)]
pub struct SimProviderProps {
    #[prop_or_default]
    pub children: Html,
}

/// Owns the one `SimState`, ticks it, and shares it with everything below as `SimContext`.
#[component]
pub fn SimProvider(props: &SimProviderProps) -> Html {
    let sim = use_reducer(SimState::default);
    use_sim_clock(sim.clone());
    html! {
        <ContextProvider<SimContext> context={sim}>
            { props.children.clone() }
        </ContextProvider<SimContext>>
    }
}

/// Where presentation mode is remembered (localStorage key).
pub const PRESENTATION_KEY: &str = "kubeplay.presentation";

/// The layout: top bar, then the main column (cluster view and tabs) beside the side column
/// (editor, load panel, charts).
#[component]
pub fn Layout() -> Html {
    let texts = use_texts();
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
    html! {
        <ContextProvider<Presentation> context={presentation}>
        <ContextProvider<Selection> context={selection}>
        <div class={classes!("app", presenting.then_some("presentation"))} id="app">
            <a class="skip-link" href="#cluster">{ texts.skip_to_cluster }</a>
            <TopBar />
            <main class="workspace">
                <div class="main-column">
                    <ClusterView />
                    if !*presenting {
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
                <Layout />
            </SimProvider>
        </LangProvider>
    }
}
