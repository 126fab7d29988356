//! Slot for the events tab. A placeholder until the panel is built (ui-panels owns this file).

use yew::prelude::*;

use crate::ui::i18n::use_texts;

#[component]
pub fn Events() -> Html {
    let texts = use_texts().panels;
    html! { <p class="placeholder">{ texts.coming_soon }</p> }
}
