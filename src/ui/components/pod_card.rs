//! One pod, coloured by its STATUS, with the READY and RESTARTS columns.

use yew::prelude::*;

use crate::session::PodView;
use crate::ui::tone::pod_tone;

#[derive(Properties, PartialEq)]
pub struct PodCardProps {
    pub pod: PodView,
}

#[component]
pub fn PodCard(props: &PodCardProps) -> Html {
    let pod = &props.pod;
    html! {
        <li class={classes!("pod", pod_tone(&pod.status, &pod.ready).class())}
            data-pod={pod.name.clone()} data-status={pod.status.clone()}
            data-ready={pod.ready.clone()} data-restarts={pod.restarts.to_string()}>
            <span class="pod-name">{ &pod.name }</span>
            <span class="pod-status">{ &pod.status }</span>
            <span class="pod-columns">
                <span class="pod-ready"><abbr title="ready containers / containers">{ "READY" }</abbr>{ " " }{ &pod.ready }</span>
                <span class="pod-restarts">{ "RESTARTS " }{ pod.restarts }</span>
            </span>
        </li>
    }
}
