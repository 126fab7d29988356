//! Slot for the load panel (start/stop load on a Service). A placeholder until the panel is built (ui-panels owns this file).

use yew::prelude::*;

use crate::ui::i18n::use_texts;

#[component]
pub fn LoadPanel() -> Html {
    let texts = use_texts().panels;
    html! {
        <section class="panel load" aria-labelledby="load-heading">
            <h2 id="load-heading">{ texts.load_heading }</h2>
            <p class="placeholder">{ texts.coming_soon }</p>
        </section>
    }
}
