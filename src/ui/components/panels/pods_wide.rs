//! A live `kubectl get pods -o wide`: the table `print` builds for kubectl, shown as an HTML
//! table (same columns and cells), refreshed when the cluster changes.

use gloo_timers::callback::Interval;
use yew::prelude::*;

use super::host::Host;
use crate::print::get::pods_table;
use crate::print::table::Table;
use crate::ui::i18n::use_texts;

/// How often the table looks for changes [ms of wall clock].
const POLL_MS: u32 = 500;

#[derive(Properties, PartialEq)]
pub struct PodsWideViewProps {
    pub host: Host,
}

/// Headers and rows of `kubectl get pods -o wide` now.
fn current(host: &Host) -> (Vec<String>, Vec<Vec<String>>) {
    let mut out = (Vec::new(), Vec::new());
    host.with_cluster(&mut |cluster| {
        let pods: Vec<_> = cluster.store().pods().values().map(|p| &**p).collect();
        let Table { headers, rows, .. } = pods_table(&pods, cluster.now());
        out = (headers, rows);
    });
    out
}

#[component]
pub fn PodsWideView(props: &PodsWideViewProps) -> Html {
    let texts = use_texts().panels;
    let table = use_state(|| current(&props.host));
    {
        let (host, table) = (props.host.clone(), table.clone());
        use_effect_with(props.host.clone(), move |_| {
            let last = std::cell::RefCell::new(current(&host));
            let interval = Interval::new(POLL_MS, move || {
                let now = current(&host);
                if *last.borrow() != now {
                    *last.borrow_mut() = now.clone();
                    table.set(now);
                }
            });
            move || drop(interval)
        });
    }
    let (headers, rows) = &*table;
    html! {
        <section class="pods-wide" aria-label={texts.pods_heading}>
            <table class="kubectl-table" aria-describedby="pods-wide-caption">
                <caption id="pods-wide-caption">{ texts.pods_caption }</caption>
                <thead translate="no"><tr>{ for headers.iter().map(|h| html! { <th scope="col">{ h.clone() }</th> }) }</tr></thead>
                <tbody translate="no">
                    { for rows.iter().map(|row| html! {
                        <tr data-name={row.first().cloned()}>
                            { for row.iter().map(|cell| html! { <td>{ cell.clone() }</td> }) }
                        </tr>
                    }) }
                </tbody>
            </table>
            if rows.is_empty() {
                <p class="empty" translate="no">{ crate::print::table::no_resources_found(None) }</p>
            }
        </section>
    }
}

/// The pods tab's slot.
#[component]
pub fn PodsWide() -> Html {
    let host = super::host::use_panel_host();
    html! { <PodsWideView {host} /> }
}
