//! The cluster view: one card per node, and the pods no node has taken yet.

use yew::prelude::*;

use super::{NodeCard, PodCard};
use crate::ui::hooks::use_sim;

#[component]
pub fn ClusterView() -> Html {
    let snapshot = use_sim().snapshot();
    let unscheduled = &snapshot.unscheduled;
    html! {
        <section class="cluster" aria-labelledby="cluster-heading">
            <h2 id="cluster-heading">{ "Nodes" }</h2>
            <ul class="nodes" id="nodes">
                { for snapshot.nodes.iter().map(|node| html! {
                    <li key={node.name.clone()}><NodeCard node={node.clone()} /></li>
                }) }
            </ul>
            if !unscheduled.is_empty() {
                <section class="unscheduled" id="unscheduled" aria-labelledby="unscheduled-heading">
                    <h3 id="unscheduled-heading">{ format!("Not scheduled ({})", unscheduled.len()) }</h3>
                    <ul class="pods">
                        { for unscheduled.iter().map(|pod| html! { <PodCard key={pod.name.clone()} pod={pod.clone()} /> }) }
                    </ul>
                </section>
            }
        </section>
    }
}
