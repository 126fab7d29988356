//! The events tab: every event occurrence as the cluster records it, newest last, live,
//! filterable by object. Reason, object and message are kubectl's (never translated).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use gloo_timers::callback::Interval;
use yew::prelude::*;

use super::host::Host;
use crate::session::{EventCursor, EventLine};
use crate::ui::i18n::use_texts;

/// Occurrences the tab keeps.
pub const MAX_EVENTS: usize = 500;
/// How often the tab looks for new events [ms of wall clock].
const POLL_MS: u32 = 300;

/// The events seen so far, bounded, and a revision for re-rendering.
#[derive(Default)]
struct Feed {
    events: VecDeque<EventLine>,
    cursor: EventCursor,
    revision: u64,
}

impl Feed {
    fn pull(&mut self, host: &Host) -> bool {
        let new = host.events_since(&mut self.cursor);
        if new.is_empty() {
            return false;
        }
        self.events.extend(new);
        while self.events.len() > MAX_EVENTS {
            self.events.pop_front();
        }
        self.revision += 1;
        true
    }
}

/// The objects events were recorded for, in first-seen order.
pub fn objects(events: &VecDeque<EventLine>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for event in events {
        if !out.contains(&event.object) {
            out.push(event.object.clone());
        }
    }
    out
}

#[derive(Properties, PartialEq)]
pub struct EventsViewProps {
    pub host: Host,
}

#[component]
pub fn EventsView(props: &EventsViewProps) -> Html {
    let texts = use_texts().panels;
    let feed = use_mut_ref(Feed::default);
    let revision = use_state(|| 0u64);
    let filter = use_state(String::new);
    let list = use_node_ref();
    {
        let (host, feed, revision) = (props.host.clone(), feed.clone(), revision.clone());
        use_effect_with(props.host.clone(), move |_| {
            // A new session (reset, a shared link) starts a new event stream.
            *feed.borrow_mut() = Feed::default();
            revision.set(0);
            let pull = move |feed: &Rc<RefCell<Feed>>| {
                let mut f = feed.borrow_mut();
                if f.pull(&host) {
                    revision.set(f.revision);
                }
            };
            pull(&feed);
            let interval = Interval::new(POLL_MS, move || pull(&feed));
            move || drop(interval)
        });
    }
    // Newest last: the bottom stays in view unless the reader scrolled up (checked on every
    // poll too, since a hidden tab cannot scroll).
    let stick = use_mut_ref(|| true);
    {
        let (list, stick) = (list.clone(), stick.clone());
        use_effect_with((*revision, (*filter).clone()), move |_| {
            let scroll = move || {
                if let (Some(element), true) = (list.cast::<web_sys::Element>(), *stick.borrow()) {
                    element.set_scroll_top(element.scroll_height());
                }
            };
            scroll();
            let interval = Interval::new(POLL_MS, scroll);
            move || drop(interval)
        });
    }
    let onscroll = {
        let stick = stick.clone();
        Callback::from(move |event: Event| {
            let element: web_sys::Element = event.target_unchecked_into();
            let height = element.scroll_height();
            if height > 0 {
                *stick.borrow_mut() = element.scroll_top() + element.client_height() >= height - 8;
            }
        })
    };
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            filter.set(select.value());
        })
    };
    let f = feed.borrow();
    let shown: Vec<&EventLine> = f.events.iter().filter(|e| filter.is_empty() || e.object == *filter).collect();
    html! {
        <section class="events" aria-label={texts.events_heading}>
            <div class="events-head">
                <label for="events-filter">{ texts.events_filter_label }</label>
                <select id="events-filter" onchange={on_filter}>
                    <option value="" selected={filter.is_empty()}>{ texts.events_filter_all }</option>
                    { for objects(&f.events).into_iter().map(|o| html! {
                        <option value={o.clone()} selected={*filter == o} translate="no">{ o.clone() }</option>
                    }) }
                </select>
                <span class="events-count" aria-live="off">{ (texts.events_count)(shown.len()) }</span>
            </div>
            <div class="events-list" ref={list} tabindex="0" aria-label={texts.events_heading} {onscroll}>
                if shown.is_empty() {
                    <p class="empty">{ texts.events_empty }</p>
                } else {
                    <table class="kubectl-table">
                        <thead><tr>
                            <th scope="col">{ texts.events_time }</th>
                            <th scope="col" translate="no">{ "TYPE" }</th>
                            <th scope="col" translate="no">{ "REASON" }</th>
                            <th scope="col" translate="no">{ "OBJECT" }</th>
                            <th scope="col" translate="no">{ "MESSAGE" }</th>
                        </tr></thead>
                        <tbody translate="no">
                            { for shown.iter().map(|e| html! {
                                <tr class={classes!((e.type_ == "Warning").then_some("event-warning"))}>
                                    <td>{ e.at.to_string() }</td>
                                    <td>{ e.type_.clone() }</td>
                                    <td>{ e.reason.clone() }</td>
                                    <td>{ e.object.clone() }</td>
                                    <td>{ e.message.clone() }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                }
            </div>
        </section>
    }
}

/// The events tab's slot.
#[component]
pub fn Events() -> Html {
    let host = super::host::use_panel_host();
    html! { <EventsView {host} /> }
}
