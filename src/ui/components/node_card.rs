//! One node: its name and STATUS, the engine's countdowns for it, CPU and memory requested
//! against allocatable, power and network controls, and the pods bound to it.

use yew::prelude::*;

use super::PodCard;
use crate::engine::timers::Countdown;
use crate::session::NodeView;
use crate::ui::format::{cpu, memory, percent, time_left};
use crate::ui::hooks::use_sim;
use crate::ui::i18n::use_texts;
use crate::ui::tone::node_tone;

#[derive(Properties, PartialEq)]
pub struct NodeCardProps {
    pub node: NodeView,
}

/// A labelled bar: `label  used / total`, with a meter for the eye.
fn requests_bar(label: &str, used: String, total: String, pct: u32, class: &'static str) -> Html {
    html! {
        <div class={classes!("requests", class)}>
            <span class="requests-label">{ label }</span>
            <span class="requests-value" translate="no">{ format!("{used} / {total} ({pct}%)") }</span>
            <span class="bar" aria-hidden="true"><span class="bar-fill" style={format!("width: {pct}%")}></span></span>
        </div>
    }
}

#[component]
pub fn NodeCard(props: &NodeCardProps) -> Html {
    let node = &props.node;
    let sim = use_sim();
    let texts = use_texts();
    let readout = sim.readout();
    let now = sim.snapshot().now;
    let heading_id = format!("node-{}-heading", node.name);
    let n_pods = node.pods.len();
    let countdowns: Vec<(String, &'static str)> = readout
        .timers
        .iter()
        .filter_map(|timer| match timer {
            Countdown::NodeNotReady { node: name, at } if *name == node.name => {
                Some(((texts.node_not_ready_in)(&time_left(*at, now)), "not-ready-in"))
            }
            Countdown::PodsEvicted { node: name, at } if *name == node.name => {
                Some(((texts.pods_evicted_in)(&time_left(*at, now)), "evicted-in"))
            }
            _ => None,
        })
        .collect();
    let action = |line: String| {
        let sim = sim.clone();
        Callback::from(move |_: MouseEvent| sim.run(line.clone()))
    };
    let (power_text, power_aria, power_line) = if node.powered {
        (texts.power_off, (texts.power_off_aria)(&node.name), format!("node power-off {}", node.name))
    } else {
        (texts.power_on, (texts.power_on_aria)(&node.name), format!("node power-on {}", node.name))
    };
    let (net_text, net_aria, net_line) = if node.connected {
        (texts.disconnect, (texts.disconnect_aria)(&node.name), format!("node disconnect {}", node.name))
    } else {
        (texts.reconnect, (texts.reconnect_aria)(&node.name), format!("node reconnect {}", node.name))
    };
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
            { for countdowns.into_iter().map(|(text, class)| html! {
                <p class={classes!("countdown", class)}>{ text }</p>
            }) }
            if let Some(requests) = readout.requests.get(&node.name) {
                { requests_bar(texts.cpu_requested, cpu(requests.cpu_requested), cpu(requests.cpu_allocatable),
                    percent(requests.cpu_requested, requests.cpu_allocatable), "cpu") }
                { requests_bar(texts.memory_requested, memory(requests.memory_requested), memory(requests.memory_allocatable),
                    percent(requests.memory_requested, requests.memory_allocatable), "memory") }
            }
            <div class="node-actions">
                <button type="button" class="node-power" aria-label={power_aria} onclick={action(power_line)}>{ power_text }</button>
                <button type="button" class="node-network" aria-label={net_aria} onclick={action(net_line)}>{ net_text }</button>
            </div>
            <p class="node-count">{ (texts.pod_count)(n_pods) }</p>
            <ul class="pods">
                { for node.pods.iter().map(|pod| html! { <PodCard key={pod.name.clone()} pod={pod.clone()} /> }) }
            </ul>
        </article>
    }
}
