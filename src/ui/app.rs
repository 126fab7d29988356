//! The page: the simulation provider around the top bar and the cluster view.

use yew::prelude::*;

use super::components::{ApplyPanel, ClusterView, TopBar};
use super::hooks::{use_sim_clock, SimContext};
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

/// The whole kubeplay page.
#[component]
pub fn App() -> Html {
    html! {
        <SimProvider>
            <div class="app" id="app">
                <TopBar />
                <main class="workspace">
                    <ClusterView />
                    <ApplyPanel />
                </main>
            </div>
        </SimProvider>
    }
}
