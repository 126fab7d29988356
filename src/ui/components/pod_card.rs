//! One pod, coloured by its STATUS (the text is always there too), with the READY and
//! RESTARTS columns, probe lights and the engine's countdowns. Clicking it (or Enter/Space)
//! opens the pod details.

use yew::prelude::*;

use crate::engine::kubelet::prober::ProbeKind;
use crate::engine::timers::{Countdown, ProbeLight};
use crate::session::PodView;
use crate::ui::format::{go_duration, time_left};
use crate::ui::hooks::{use_selection, use_sim};
use crate::ui::i18n::use_texts;
use crate::ui::tone::pod_tone;

#[derive(Properties, PartialEq)]
pub struct PodCardProps {
    pub pod: PodView,
}

/// The CSS class and glyph of a probe light (the shape differs too, not only the colour).
fn light_look(light: ProbeLight) -> (&'static str, &'static str) {
    match light {
        ProbeLight::Passing => ("light-passing", "●"),
        ProbeLight::Failing => ("light-failing", "✕"),
        ProbeLight::NotRunYet => ("light-not-run", "○"),
    }
}

/// One-letter tag of a probe kind on the light (L / R / S, as kubectl's describe orders them).
fn kind_letter(kind: ProbeKind) -> &'static str {
    match kind {
        ProbeKind::Liveness => "L",
        ProbeKind::Readiness => "R",
        ProbeKind::Startup => "S",
    }
}

#[component]
pub fn PodCard(props: &PodCardProps) -> Html {
    let pod = &props.pod;
    let texts = use_texts();
    let sim = use_sim();
    let selection = use_selection();
    let readout = sim.readout();
    let now = sim.snapshot().now;
    let selected = selection.pod.as_deref() == Some(pod.name.as_str());
    let onclick = {
        let name = AttrValue::from(pod.name.clone());
        let select = selection.select.clone();
        Callback::from(move |_: MouseEvent| select.emit(if selected { None } else { Some(name.clone()) }))
    };
    let lights: Vec<Html> = readout
        .probes
        .get(&pod.name)
        .into_iter()
        .flatten()
        .flat_map(|container| {
            ProbeKind::ALL.into_iter().filter_map(move |kind| {
                let light = container.probes[kind.index()]?;
                let (class, glyph) = light_look(light);
                let label = (texts.probe_light)(kind, light);
                Some(html! {
                    <span class={classes!("light", class)} title={label.clone()} data-probe={kind_letter(kind)}>
                        <span aria-hidden="true">{ glyph }{ kind_letter(kind) }</span>
                        <span class="visually-hidden">{ label }</span>
                    </span>
                })
            })
        })
        .collect();
    let countdowns: Vec<String> = readout
        .timers
        .iter()
        .filter_map(|timer| match timer {
            Countdown::ContainerRestart { pod: name, at, backoff, .. } if *name == pod.name => {
                Some((texts.restart_in)(&time_left(*at, now), &go_duration(*backoff)))
            }
            Countdown::ProbeFailing { pod: name, kind, failures, threshold, .. } if *name == pod.name => {
                Some((texts.probe_failures)(*kind, *failures, *threshold))
            }
            _ => None,
        })
        .collect();
    html! {
        <li class={classes!("pod", pod_tone(&pod.status, &pod.ready).class(), selected.then_some("selected"))}
            data-pod={pod.name.clone()} data-status={pod.status.clone()}
            data-ready={pod.ready.clone()} data-restarts={pod.restarts.to_string()}>
            <button type="button" class="pod-select" aria-pressed={selected.to_string()}
                aria-label={(texts.pod_select_aria)(&pod.name, &pod.status)} aria-controls="pod-details" {onclick}>
                <span class="pod-name" translate="no">{ &pod.name }</span>
                <span class="pod-status" translate="no">{ &pod.status }</span>
                <span class="pod-columns" translate="no">
                    <span class="pod-ready"><abbr title={texts.ready_title}>{ "READY" }</abbr>{ " " }{ &pod.ready }</span>
                    <span class="pod-restarts">{ "RESTARTS " }{ pod.restarts }</span>
                </span>
            </button>
            if !lights.is_empty() {
                <span class="lights">{ for lights }</span>
            }
            if let Some(traffic) = readout.traffic.get(&pod.name) {
                <span class={classes!("pod-traffic", (traffic.failed_per_sec > 0).then_some("failing"))}
                    data-ok={traffic.ok_per_sec.to_string()} data-failed={traffic.failed_per_sec.to_string()}>
                    { (texts.pod_traffic)(traffic.ok_per_sec, traffic.failed_per_sec) }
                </span>
            }
            { for countdowns.into_iter().map(|text| html! { <span class="countdown">{ text }</span> }) }
        </li>
    }
}
