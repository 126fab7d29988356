//! The tabbed area under the cluster view: console, events and the pods table, following the
//! WAI-ARIA tabs pattern (arrow keys, Home and End move between tabs; Tab enters the panel).
//! Every panel stays mounted and is only hidden, so a console's scrollback or a `-w` stream
//! survives switching tabs. Whatever a lesson sends the console (a command put in its input,
//! the lines "Show me" played) brings the Console tab to the front.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use super::panels::console::ConsoleFeed;
use super::panels::{Console, Events, PodsWide};
use crate::ui::i18n::{use_texts, Texts};

/// The tabs, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Console,
    Events,
    PodsWide,
}

impl Tab {
    pub const ALL: [Tab; 3] = [Tab::Console, Tab::Events, Tab::PodsWide];

    /// Stable id fragment (`tab-console`, `tabpanel-console`).
    pub fn id(self) -> &'static str {
        match self {
            Tab::Console => "console",
            Tab::Events => "events",
            Tab::PodsWide => "pods-wide",
        }
    }

    fn label(self, texts: &Texts) -> &'static str {
        match self {
            Tab::Console => texts.tab_console,
            Tab::Events => texts.tab_events,
            Tab::PodsWide => texts.tab_pods_wide,
        }
    }

    fn content(self) -> Html {
        match self {
            Tab::Console => html! { <Console /> },
            Tab::Events => html! { <Events /> },
            Tab::PodsWide => html! { <PodsWide /> },
        }
    }

    /// The tab a key press moves to from `self`, if the key is one the pattern uses.
    fn after_key(self, key: &str) -> Option<Tab> {
        let idx = Tab::ALL.iter().position(|&tab| tab == self).unwrap_or(0);
        let n = Tab::ALL.len();
        match key {
            "ArrowRight" => Some(Tab::ALL[(idx + 1) % n]),
            "ArrowLeft" => Some(Tab::ALL[(idx + n - 1) % n]),
            "Home" => Some(Tab::ALL[0]),
            "End" => Some(Tab::ALL[n - 1]),
            _ => None,
        }
    }
}

#[component]
pub fn Tabs() -> Html {
    let texts = use_texts();
    let selected = use_state_eq(|| Tab::Console);
    {
        let selected = selected.clone();
        let fed = use_context::<ConsoleFeed>().map_or(0, |feed| feed.rev);
        use_effect_with(fed, move |fed| {
            if *fed > 0 {
                selected.set(Tab::Console);
            }
        });
    }
    let tab_button = |tab: Tab| {
        let is_selected = *selected == tab;
        let onclick = {
            let selected = selected.clone();
            Callback::from(move |_: MouseEvent| selected.set(tab))
        };
        let onkeydown = {
            let selected = selected.clone();
            Callback::from(move |event: KeyboardEvent| {
                if let Some(next) = tab.after_key(&event.key()) {
                    event.prevent_default();
                    selected.set(next);
                    focus_by_id(&format!("tab-{}", next.id()));
                }
            })
        };
        html! {
            <button type="button" role="tab" id={format!("tab-{}", tab.id())} class="tab"
                aria-selected={is_selected.to_string()} aria-controls={format!("tabpanel-{}", tab.id())}
                tabindex={if is_selected { "0" } else { "-1" }} {onclick} {onkeydown}>
                { tab.label(texts) }
            </button>
        }
    };
    html! {
        <section class="tabs" aria-label={texts.tabs_label}>
            <div class="tab-list" role="tablist" aria-label={texts.tabs_label}>
                { for Tab::ALL.into_iter().map(tab_button) }
            </div>
            { for Tab::ALL.into_iter().map(|tab| html! {
                <div role="tabpanel" class="tab-panel" id={format!("tabpanel-{}", tab.id())}
                    aria-labelledby={format!("tab-{}", tab.id())} tabindex="0" hidden={*selected != tab}>
                    { tab.content() }
                </div>
            }) }
        </section>
    }
}

fn focus_by_id(id: &str) {
    let element =
        web_sys::window().and_then(|window| window.document()).and_then(|document| document.get_element_by_id(id));
    if let Some(element) = element.and_then(|element| element.dyn_into::<HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrow_keys_wrap_around() {
        assert_eq!(Tab::Console.after_key("ArrowRight"), Some(Tab::Events));
        assert_eq!(Tab::PodsWide.after_key("ArrowRight"), Some(Tab::Console));
        assert_eq!(Tab::Console.after_key("ArrowLeft"), Some(Tab::PodsWide));
        assert_eq!(Tab::Events.after_key("Home"), Some(Tab::Console));
        assert_eq!(Tab::Events.after_key("End"), Some(Tab::PodsWide));
        assert_eq!(Tab::Events.after_key("a"), None);
    }
}
