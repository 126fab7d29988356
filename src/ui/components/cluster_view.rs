//! The cluster view: one card per node, and the pods no node has taken yet.

use yew::prelude::*;

use super::{NodeCard, PodCard};
use crate::ui::hooks::use_sim;
use crate::ui::i18n::use_texts;

#[component]
pub fn ClusterView() -> Html {
    let snapshot = use_sim().snapshot();
    let texts = use_texts();
    let unscheduled = &snapshot.unscheduled;
    html! {
        <section class="cluster" id="cluster" aria-labelledby="cluster-heading" tabindex="-1">
            <h2 id="cluster-heading">{ texts.nodes_heading }</h2>
            <ul class="nodes" id="nodes">
                { for snapshot.nodes.iter().map(|node| html! {
                    <li key={node.name.clone()}><NodeCard node={node.clone()} /></li>
                }) }
            </ul>
            if !unscheduled.is_empty() {
                <section class="unscheduled" id="unscheduled" aria-labelledby="unscheduled-heading">
                    <h3 id="unscheduled-heading">{ (texts.unscheduled_heading)(unscheduled.len()) }</h3>
                    <ul class="pods">
                        { for unscheduled.iter().map(|pod| html! { <PodCard key={pod.name.clone()} pod={pod.clone()} /> }) }
                    </ul>
                </section>
            }
        </section>
    }
}
