//! Slot for the charts (plotters on a canvas). A placeholder until the panel is built (ui-panels owns this file).

use yew::prelude::*;

use crate::ui::i18n::use_texts;

#[component]
pub fn Charts() -> Html {
    let texts = use_texts().panels;
    html! {
        <section class="panel charts" aria-labelledby="charts-heading">
            <h2 id="charts-heading">{ texts.charts_heading }</h2>
            <p class="placeholder">{ texts.coming_soon }</p>
        </section>
    }
}
