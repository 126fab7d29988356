//! The cluster view: one card per node, and the pods no node has taken yet.

use yew::prelude::*;

use super::{NodeCard, PodCard, PodDetails};
use crate::engine::timers::Countdown;
use crate::ui::format::time_left;
use crate::ui::hooks::use_sim;
use crate::ui::i18n::use_texts;

#[component]
pub fn ClusterView() -> Html {
    let sim = use_sim();
    let snapshot = sim.snapshot();
    let readout = sim.readout();
    let texts = use_texts();
    // The autoscalers' countdowns, one line per HPA.
    let mut autoscalers: Vec<(String, Vec<String>)> = Vec::new();
    for timer in &readout.timers {
        let (hpa, text) = match timer {
            Countdown::HpaEvaluation { hpa, at } => (hpa, (texts.hpa_next_evaluation)(&time_left(*at, snapshot.now))),
            Countdown::HpaScaleDownBlocked { hpa, until, .. } => {
                (hpa, (texts.hpa_scale_down_blocked)(&time_left(*until, snapshot.now)))
            }
            _ => continue,
        };
        match autoscalers.iter_mut().find(|(name, _)| name == hpa) {
            Some((_, texts)) => texts.push(text),
            None => autoscalers.push((hpa.clone(), vec![text])),
        }
    }
    let unscheduled = &snapshot.unscheduled;
    html! {
        <section class="cluster" id="cluster" aria-labelledby="cluster-heading" tabindex="-1">
            <h2 id="cluster-heading">{ texts.nodes_heading }</h2>
            <ul class="nodes" id="nodes">
                { for snapshot.nodes.iter().map(|node| html! {
                    <li key={node.name.clone()}><NodeCard node={node.clone()} /></li>
                }) }
            </ul>
            <PodDetails />
            if !autoscalers.is_empty() {
                <section class="autoscalers" aria-labelledby="autoscalers-heading">
                    <h3 id="autoscalers-heading">{ texts.autoscalers_heading }</h3>
                    <ul>
                        { for autoscalers.into_iter().map(|(name, lines)| html! {
                            <li data-hpa={name.clone()}>
                                <span class="hpa-name" translate="no">{ format!("horizontalpodautoscaler/{name}") }</span>
                                { for lines.into_iter().map(|line| html! { <span class="countdown">{ line }</span> }) }
                            </li>
                        }) }
                    </ul>
                </section>
            }
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
