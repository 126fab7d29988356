//! One node: its name and STATUS, and the pods running on it.

use yew::prelude::*;

use super::PodCard;
use crate::session::NodeView;
use crate::ui::i18n::use_texts;
use crate::ui::tone::node_tone;

#[derive(Properties, PartialEq)]
pub struct NodeCardProps {
    pub node: NodeView,
}

#[component]
pub fn NodeCard(props: &NodeCardProps) -> Html {
    let node = &props.node;
    let texts = use_texts();
    let heading_id = format!("node-{}-heading", node.name);
    let n_pods = node.pods.len();
    html! {
        <article class={classes!("node-card", node_tone(&node.status).class())}
            data-node={node.name.clone()} data-status={node.status.clone()}
            data-powered={node.powered.to_string()} data-connected={node.connected.to_string()}
            aria-labelledby={heading_id.clone()}>
            <header class="node-header">
                <h3 class="node-name" id={heading_id} translate="no">{ &node.name }</h3>
                <span class="badge node-status" translate="no">{ &node.status }</span>
            </header>
            if !node.powered {
                <p class="node-note">{ texts.node_powered_off }</p>
            } else if !node.connected {
                <p class="node-note">{ texts.node_disconnected }</p>
            }
            <p class="node-count">{ (texts.pod_count)(n_pods) }</p>
            <ul class="pods">
                { for node.pods.iter().map(|pod| html! { <PodCard key={pod.name.clone()} pod={pod.clone()} /> }) }
            </ul>
        </article>
    }
}
