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
use super::components::{ClusterView, Tabs, TopBar};
use super::hooks::{use_sim_clock, SimContext};
use super::i18n::{use_texts, LangProvider};
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

/// The layout: top bar, then the main column (cluster view and tabs) beside the side column
/// (editor, load panel, charts).
#[component]
pub fn Layout() -> Html {
    let texts = use_texts();
    html! {
        <div class="app" id="app">
            <a class="skip-link" href="#cluster">{ texts.skip_to_cluster }</a>
            <TopBar />
            <main class="workspace">
                <div class="main-column">
                    <ClusterView />
                    <Tabs />
                    // Charts need the width of the main column to stay readable.
                    <Charts />
                </div>
                <aside class="side-column" aria-label={texts.side_label}>
                    <Editor />
                    <LoadPanel />
                </aside>
            </main>
        </div>
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
