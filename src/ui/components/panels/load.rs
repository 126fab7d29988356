//! The load panel: start and stop traffic on a Service, requests per second, the seeds'
//! presets (`curl` every second with its answers scrolling, `ab -c 50 -n 10000` with its
//! report), and the live success rate. Every action is a command line (`load start ...`);
//! the figures and texts are the engine's (`Cluster::load_status`, `load_lines`,
//! `service_stats`).

use gloo_timers::callback::Interval;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::host::Host;
use crate::engine::traffic::{LoadKind, LoadStatus};
use crate::engine::Cluster;
use crate::print::load::load_summary;
use crate::ui::i18n::use_texts;

/// How often the panel reads the figures [ms of wall clock].
const POLL_MS: u32 = 300;
/// Curl answers shown (the newest).
const MAX_ANSWERS: usize = 30;
/// The requests/s the panel starts with (`load start`'s default).
const DEFAULT_RPS: u32 = 10;
/// The most the rps control allows.
const MAX_RPS: u32 = 2000;

/// What the panel shows, read from the cluster.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LoadView {
    /// Services that can take traffic (not `kubernetes`).
    pub services: Vec<String>,
    pub generators: Vec<LoadStatus>,
    /// The chosen Service's curl answers, newest last: (cluster time, line).
    pub answers: Vec<(String, String)>,
    /// OK and failed requests during the last second through the chosen Service.
    pub last_second: Option<(f64, f64)>,
}

impl LoadView {
    pub fn read(cluster: &Cluster, chosen: &str) -> LoadView {
        let services: Vec<String> = cluster.store().services.keys().filter(|s| *s != "kubernetes").cloned().collect();
        let service = if services.iter().any(|s| s == chosen) { chosen } else { services.first().map_or("", |s| s) };
        let lines = cluster.load_lines(Some(service));
        let answers = lines[lines.len().saturating_sub(MAX_ANSWERS)..]
            .iter()
            .map(|(at, line)| (at.to_string(), line.clone()))
            .collect();
        let last_second = cluster.service_stats(service).map(|s| (s.ok_per_sec, s.failed_per_sec));
        LoadView { services, generators: cluster.load_status(), answers, last_second }
    }

    /// The Service the panel acts on: the chosen one if it exists, else the first.
    pub fn service<'a>(&'a self, chosen: &'a str) -> Option<&'a str> {
        if self.services.iter().any(|s| s == chosen) {
            Some(chosen)
        } else {
            self.services.first().map(String::as_str)
        }
    }

    /// Success rate [%] of the last second, None without traffic.
    pub fn success_rate(&self) -> Option<f64> {
        let (ok, failed) = self.last_second?;
        (ok + failed > 0.0).then(|| 100.0 * ok / (ok + failed))
    }

    /// The running steady load on `service`, if any: its requests/s.
    pub fn running_steady(&self, service: &str) -> Option<&LoadStatus> {
        self.generators.iter().find(|g| g.running && g.service == service && g.kind == "steady")
    }
}

#[derive(Properties, PartialEq)]
pub struct LoadViewProps {
    pub host: Host,
}

#[component]
pub fn LoadPanelView(props: &LoadViewProps) -> Html {
    let texts = use_texts().panels;
    let chosen = use_state(String::new);
    let rps = use_state(|| DEFAULT_RPS);
    let read = {
        let host = props.host.clone();
        move |chosen: &str| {
            let mut view = LoadView::default();
            host.with_cluster(&mut |cluster| view = LoadView::read(cluster, chosen));
            view
        }
    };
    let view = use_state({
        let read = read.clone();
        let chosen = (*chosen).clone();
        move || read(&chosen)
    });
    let reply = use_state(|| None::<(bool, String)>);
    {
        let (view, read) = (view.clone(), read.clone());
        use_effect_with((props.host.clone(), (*chosen).clone()), move |(_, chosen)| {
            let chosen = chosen.clone();
            let last = std::cell::RefCell::new(read(&chosen));
            view.set(last.borrow().clone());
            let interval = Interval::new(POLL_MS, move || {
                let now = read(&chosen);
                if *last.borrow() != now {
                    *last.borrow_mut() = now.clone();
                    view.set(now);
                }
            });
            move || drop(interval)
        });
    }
    let run = {
        let (host, view, reply, read, chosen) =
            (props.host.clone(), view.clone(), reply.clone(), read.clone(), chosen.clone());
        Callback::from(move |line: String| {
            let output = host.run(&line);
            reply.set(Some((output.ok, format!("$ {line}\n{}", output.text))));
            view.set(read(&chosen));
        })
    };
    let service = view.service(&chosen).map(str::to_string);
    let on_service = {
        let chosen = chosen.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            chosen.set(select.value());
        })
    };
    let on_rps = {
        let rps = rps.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if let Ok(value) = input.value().trim().parse::<u32>() {
                rps.set(value.clamp(1, MAX_RPS));
            }
        })
    };
    let Some(service) = service else {
        return html! {
            <section class="panel load" aria-labelledby="load-heading">
                <h2 id="load-heading">{ texts.load_heading }</h2>
                <p class="empty">{ texts.load_no_service }</p>
            </section>
        };
    };
    let steady = view.running_steady(&service).cloned();
    let command = |line: String| run.reform(move |_: MouseEvent| line.clone());
    let start = command(format!("load start {service} --rps {}", *rps));
    let stop = command(format!("load stop {service}"));
    let curl = command(format!("load curl {service} --every 1s"));
    let ab = command(format!("load ab -c 50 -n 10000 {service}"));
    let rate = view.success_rate();
    let generators: Vec<&LoadStatus> = view.generators.iter().filter(|g| g.service == service).take(3).collect();
    html! {
        <section class="panel load" aria-labelledby="load-heading">
            <div class="panel-head">
                <h2 id="load-heading">{ texts.load_heading }</h2>
                <label class="inline">{ texts.load_service }{ " " }
                    <select class="load-service" onchange={on_service}>
                        { for view.services.iter().map(|s| html! {
                            <option value={s.clone()} selected={*s == service} translate="no">{ s.clone() }</option>
                        }) }
                    </select>
                </label>
            </div>
            <div class="load-controls">
                <label class="inline">{ texts.load_rps }{ " " }
                    <input type="number" class="load-rps" min="1" max={MAX_RPS.to_string()} step="1"
                        value={rps.to_string()} onchange={on_rps} />
                </label>
                <button type="button" class="primary" onclick={start}
                    aria-label={format!("{} — service/{service}", texts.load_start)}>{ texts.load_start }</button>
                <button type="button" onclick={stop}
                    aria-label={format!("{} — service/{service}", texts.load_stop)}>{ texts.load_stop }</button>
            </div>
            <div class="load-presets" role="group" aria-label={texts.load_presets}>
                <span class="muted">{ texts.load_presets }{ ":" }</span>
                <button type="button" onclick={curl}>{ texts.load_curl_preset }</button>
                <button type="button" onclick={ab}>{ texts.load_ab_preset }</button>
            </div>
            <p class="load-state" aria-live="polite">
                { match &steady {
                    Some(_) => (texts.load_running)(&service, rps_of(steady.as_ref()).unwrap_or(0)),
                    None if generators.iter().any(|g| g.running) => String::new(),
                    None => texts.load_idle.to_string(),
                } }
            </p>
            <div class="success-rate" role="status" aria-label={texts.load_success_rate}>
                <span class="muted">{ texts.load_success_rate }{ ": " }</span>
                <strong class={classes!("rate", rate.map(rate_class))} data-rate={rate.map(|r| format!("{r:.0}"))}>
                    { rate.map_or(texts.load_no_traffic.to_string(), |r| format!("{r:.0}%")) }
                </strong>
                { for view.last_second.filter(|(ok, failed)| ok + failed > 0.0).map(|(ok, failed)| html! {
                    <span class="muted">{ (texts.load_per_sec)(ok, failed) }</span>
                }) }
            </div>
            { for generators.iter().map(|g| html! {
                <pre class={classes!("load-summary", g.running.then_some("running"))} translate="no">{ load_summary(g) }</pre>
            }) }
            if !view.answers.is_empty() {
                <div class="curl-answers" role="log" aria-label={texts.load_answers} translate="no">
                    { for view.answers.iter().map(|(at, line)| html! {
                        <div class={classes!("answer", line.starts_with("curl:").then_some("answer-failed"))}>
                            <span class="answer-time">{ format!("[{at}] ") }</span>{ line.clone() }
                        </div>
                    }) }
                </div>
            }
            if let Some((ok, text)) = &*reply {
                <pre class={classes!("reply", if *ok { "ok" } else { "error" })} translate="no">{ text.clone() }</pre>
            }
        </section>
    }
}

/// The requests/s of a steady load.
fn rps_of(status: Option<&LoadStatus>) -> Option<u32> {
    match status?.load {
        LoadKind::Steady { rps } => Some(rps),
        _ => None,
    }
}

fn rate_class(rate: f64) -> &'static str {
    if rate >= 99.5 {
        "rate-good"
    } else if rate >= 90.0 {
        "rate-warn"
    } else {
        "rate-bad"
    }
}

/// The load panel's slot.
#[component]
pub fn LoadPanel() -> Html {
    let host = super::host::use_panel_host();
    html! { <LoadPanelView {host} /> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::time::SimDuration;

    #[test]
    fn reads_generators_answers_and_success_rate_from_the_cluster() {
        let mut cluster = Cluster::new(1);
        let files = std::collections::BTreeMap::new();
        for line in [
            "kubectl create deployment hello-world-flask --image=lyzhang1999/hello-world-flask:latest --replicas=2",
            "kubectl create service clusterip hello-world-flask --tcp=5000:5000",
        ] {
            assert!(crate::cmd::run(&mut cluster, &files, line).ok);
        }
        cluster.run_for(SimDuration::from_secs(20));
        let idle = LoadView::read(&cluster, "");
        assert_eq!(idle.services, ["hello-world-flask"]);
        assert_eq!(idle.service(""), Some("hello-world-flask"));
        assert_eq!(idle.success_rate(), None);
        assert!(crate::cmd::run(&mut cluster, &files, "load curl hello-world-flask --every 1s").ok);
        assert!(crate::cmd::run(&mut cluster, &files, "load start hello-world-flask --rps 20").ok);
        cluster.run_for(SimDuration::from_secs(10));
        let busy = LoadView::read(&cluster, "hello-world-flask");
        assert_eq!(busy.success_rate(), Some(100.0));
        assert!(busy.answers.len() >= 9, "{:?}", busy.answers);
        assert!(busy.answers[0].1.starts_with("Hello"), "{:?}", busy.answers);
        assert_eq!(rps_of(busy.running_steady("hello-world-flask")), Some(20));
    }
}
