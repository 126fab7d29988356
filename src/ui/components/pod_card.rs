//! One pod, coloured by its STATUS, with the READY and RESTARTS columns.

use yew::prelude::*;

use crate::session::PodView;
use crate::ui::i18n::use_texts;
use crate::ui::tone::pod_tone;

#[derive(Properties, PartialEq)]
pub struct PodCardProps {
    pub pod: PodView,
}

#[component]
pub fn PodCard(props: &PodCardProps) -> Html {
    let pod = &props.pod;
    let texts = use_texts();
    html! {
        <li class={classes!("pod", pod_tone(&pod.status, &pod.ready).class())}
            data-pod={pod.name.clone()} data-status={pod.status.clone()}
            data-ready={pod.ready.clone()} data-restarts={pod.restarts.to_string()}>
            <span class="pod-name" translate="no">{ &pod.name }</span>
            <span class="pod-status" translate="no">{ &pod.status }</span>
            <span class="pod-columns" translate="no">
                <span class="pod-ready"><abbr title={texts.ready_title}>{ "READY" }</abbr>{ " " }{ &pod.ready }</span>
                <span class="pod-restarts">{ "RESTARTS " }{ pod.restarts }</span>
            </span>
        </li>
    }
}
