//! The selected pod: `kubectl describe`, its logs (current and `--previous`), its events, and
//! actions (kill with SIGKILL / out of memory / an exit code, delete, exec). Every view is a
//! read-only command line and every action a command line run through the simulation; the
//! text shown is kubectl's own.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::ui::hooks::{use_selection, use_sim};
use crate::ui::i18n::use_texts;

/// What the details show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Describe,
    Logs,
    PreviousLogs,
    Events,
}

impl View {
    pub const ALL: [View; 4] = [View::Describe, View::Logs, View::PreviousLogs, View::Events];

    /// The read-only line that produces this view of `pod` (logs of `container`, else of the
    /// pod's only container).
    pub fn line(self, pod: &str, container: Option<&str>) -> String {
        let c = container.map(|c| format!(" -c {c}")).unwrap_or_default();
        match self {
            View::Describe => format!("kubectl describe pod {pod}"),
            View::Logs => format!("kubectl logs {pod}{c}"),
            View::PreviousLogs => format!("kubectl logs {pod}{c} --previous"),
            View::Events => format!("kubectl get events --field-selector involvedObject.name={pod}"),
        }
    }
}

/// The action lines for one container of `pod`.
pub fn kill_line(pod: &str, container: &str) -> String {
    format!("kill {pod} -c {container}")
}
pub fn oom_line(pod: &str, container: &str) -> String {
    format!("kill {pod} -c {container} --oom")
}
pub fn exit_line(pod: &str, container: &str, code: &str) -> String {
    format!("kill {pod} -c {container} --exit-code {code}")
}
pub fn health_line(pod: &str, container: &str, fail: bool) -> String {
    format!("health {} {pod} -c {container}", if fail { "fail" } else { "recover" })
}
pub fn exec_line(pod: &str, container: &str, command: &str) -> String {
    format!("kubectl exec {pod} -c {container} -- {command}")
}

/// The select button of pod `name`'s card, if it is on the page.
fn card_button(name: &str) -> Option<web_sys::HtmlElement> {
    let document = web_sys::window()?.document()?;
    let button = document.query_selector(&format!("[data-pod=\"{name}\"] .pod-select")).ok()??;
    wasm_bindgen::JsCast::dyn_into(button).ok()
}

#[component]
pub fn PodDetails() -> Html {
    let sim = use_sim();
    let texts = use_texts();
    let selection = use_selection();
    let view = use_state_eq(|| View::Describe);
    let exit_code = use_state(|| AttrValue::from("1"));
    let exec_text = use_state(|| AttrValue::from("ls /"));
    let view_container = use_state(|| None::<String>);
    let Some(pod) = selection.pod.clone() else { return html! {} };
    let snapshot = sim.snapshot();
    let exists = snapshot
        .nodes
        .iter()
        .flat_map(|node| node.pods.iter())
        .chain(snapshot.unscheduled.iter())
        .any(|p| p.name == *pod);
    let close = {
        let select = selection.select.clone();
        Callback::from(move |_: MouseEvent| select.emit(None))
    };
    // Esc closes the details and gives the focus back to the pod's card.
    let on_key = {
        let (select, pod) = (selection.select.clone(), pod.clone());
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                event.prevent_default();
                select.emit(None);
                if let Some(button) = card_button(&pod) {
                    let _ = button.focus();
                }
            }
        })
    };
    let view_label = |v: View| match v {
        View::Describe => texts.view_describe,
        View::Logs => texts.view_logs,
        View::PreviousLogs => texts.view_previous_logs,
        View::Events => texts.view_events,
    };
    let run = |line: String| {
        let sim = sim.clone();
        Callback::from(move |_: MouseEvent| sim.run(line.clone()))
    };
    let containers: Vec<String> = sim
        .readout()
        .probes
        .get(pod.as_str())
        .map(|cs| cs.iter().map(|c| c.container.clone()).collect())
        .unwrap_or_default();
    // The views show the chosen container (the first one until another is chosen).
    let shown = (*view_container).clone().filter(|c| containers.contains(c)).or_else(|| containers.first().cloned());
    let output = sim.query(&view.line(&pod, shown.as_deref()));
    let on_container_change = {
        let view_container = view_container.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            view_container.set(Some(select.value()));
        })
    };
    let on_exit_input = {
        let exit_code = exit_code.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            exit_code.set(AttrValue::from(input.value()));
        })
    };
    let on_exec_input = {
        let exec_text = exec_text.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            exec_text.set(AttrValue::from(input.value()));
        })
    };
    let reply = sim.last_run().filter(|run| run.0.contains(pod.as_str()));
    html! {
        <section class="pod-details" id="pod-details" aria-label={(texts.details_label)(&pod)} data-details-pod={pod.clone()}
            onkeydown={on_key}>
            <header class="details-header">
                <h3>{ (texts.details_label)(&pod) }</h3>
                <button type="button" class="close" aria-label={texts.close_details_aria} onclick={close}>{ texts.close }</button>
            </header>
            if !exists {
                <p class="pod-gone">{ texts.pod_gone }</p>
            }
            <div class="views" role="group" aria-label={(texts.details_label)(&pod)}>
                { for View::ALL.into_iter().map(|v| {
                    let onclick = { let view = view.clone(); Callback::from(move |_: MouseEvent| view.set(v)) };
                    html! {
                        <button type="button" class="view" aria-pressed={(*view == v).to_string()} {onclick}>{ view_label(v) }</button>
                    }
                }) }
                if containers.len() > 1 {
                    <label class="view-container">
                        { texts.view_container_label }
                        <select translate="no" onchange={on_container_change}>
                            { for containers.iter().map(|c| html! {
                                <option value={c.clone()} selected={shown.as_deref() == Some(c.as_str())}>{ c }</option>
                            }) }
                        </select>
                    </label>
                }
            </div>
            <pre class="kubectl-output details-output" translate="no" tabindex="0" aria-label={view_label(*view)}>
                { if output.text.is_empty() { texts.no_output.to_string() } else { output.text.clone() } }
            </pre>
            if exists {
                <h4>{ texts.actions_heading }</h4>
                <div class="actions">
                    { for containers.iter().map(|c| html! {
                        <div class="container-actions" data-container={c.clone()}>
                            <span class="container-name" translate="no">{ c }</span>
                            <button type="button" class="danger" aria-label={(texts.kill_aria)(c, &pod)} onclick={run(kill_line(&pod, c))}>{ texts.kill }</button>
                            <button type="button" class="danger" aria-label={(texts.oom_kill_aria)(c, &pod)} onclick={run(oom_line(&pod, c))}>{ texts.oom_kill }</button>
                            <button type="button" aria-label={(texts.health_fail_aria)(c, &pod)} onclick={run(health_line(&pod, c, true))}>{ texts.health_fail }</button>
                            <button type="button" aria-label={(texts.health_recover_aria)(c, &pod)} onclick={run(health_line(&pod, c, false))}>{ texts.health_recover }</button>
                            <label class="exit-code">
                                { texts.exit_code_label }
                                <input type="number" min="0" max="255" value={(*exit_code).clone()} oninput={on_exit_input.clone()} />
                            </label>
                            <button type="button" aria-label={(texts.exit_aria)(c, &pod)} onclick={run(exit_line(&pod, c, &exit_code))}>{ texts.exit_with_code }</button>
                            <label class="exec">
                                { (texts.exec_label)(c) }
                                <input type="text" translate="no" spellcheck="false" value={(*exec_text).clone()} oninput={on_exec_input.clone()} />
                            </label>
                            <button type="button" onclick={run(exec_line(&pod, c, &exec_text))} aria-label={(texts.exec_label)(c)}>{ texts.exec_button }</button>
                        </div>
                    }) }
                    <button type="button" class="danger delete" aria-label={(texts.delete_pod_aria)(&pod)}
                        onclick={run(format!("kubectl delete pod {pod}"))}>{ texts.delete_pod }</button>
                </div>
            }
            if let Some(reply) = reply {
                <pre class={classes!("kubectl-output", "action-reply", (!reply.1.ok).then_some("error"))} translate="no" aria-live="polite">
                    { format!("$ {}\n{}", reply.0, reply.1.text) }
                </pre>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd;

    /// Every line the details build parses in the command language.
    #[test]
    fn lines_parse() {
        let lines = View::ALL.iter().flat_map(|v| [v.line("web-1", None), v.line("web-1", Some("nginx"))]).chain([
            kill_line("web-1", "nginx"),
            oom_line("web-1", "nginx"),
            exit_line("web-1", "nginx", "3"),
            exec_line("web-1", "nginx", "rm -f /tmp/healthy"),
            health_line("web-1", "nginx", true),
            health_line("web-1", "nginx", false),
            "kubectl delete pod web-1".to_string(),
        ]);
        for line in lines {
            assert!(matches!(cmd::parse(&line), Ok(Some(_))), "{line}: {:?}", cmd::parse(&line).err());
        }
    }
}
