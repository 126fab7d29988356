//! The progress line while a saved or shared cluster is rebuilt ("Rebuilding your cluster:
//! 3d 4h of 30d"), with Cancel, which starts a fresh cluster and keeps the text aside. The
//! status is announced once; the bar carries the changing figures for assistive technology.

use yew::prelude::*;

use crate::ui::hooks::use_sim;
use crate::ui::i18n::use_texts;
use crate::ui::state::Origin;

#[component]
pub fn RebuildBar() -> Html {
    let sim = use_sim();
    let texts = use_texts();
    let Some((origin, progress)) = sim.rebuild() else { return html! {} };
    let heading = match origin {
        Origin::Stored => texts.rebuilding_stored,
        Origin::Link => texts.rebuilding_link,
        Origin::Lesson => texts.rebuilding_lesson,
    };
    let line = (texts.rebuild_progress)(progress.now, progress.end);
    // Per mille of cluster time: a month-long journal still moves the bar.
    let end = progress.end.as_millis().max(1);
    let value = (progress.now.as_millis().min(end) * 1000 / end).to_string();
    let cancel = Callback::from(move |_: MouseEvent| sim.cancel_rebuild());
    html! {
        <div class="notice info rebuild" id="rebuild">
            <span role="status">{ heading }</span>
            <progress id="rebuild-progress" max="1000" value={value}
                aria-label={texts.rebuild_progress_aria} aria-valuetext={line.clone()}></progress>
            <span id="rebuild-line" aria-hidden="true">{ line }</span>
            <button type="button" id="rebuild-cancel" aria-label={texts.rebuild_cancel_aria} onclick={cancel}>
                { texts.rebuild_cancel }
            </button>
        </div>
    }
}
