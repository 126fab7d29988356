//! The progress line while a saved or shared cluster is rebuilt ("Rebuilding your cluster:
//! 3d 4h of 30d"), with Cancel, which starts a fresh cluster and keeps the text aside. The
//! status is announced once; the bar carries the changing figures for assistive technology.
//! `NoticeBar` shows it in its place (a rebuild has no notice yet): a function, not a
//! component of its own, which would cost about 2 KB of the download.

use yew::prelude::*;

use crate::ui::hooks::SimHandle;
use crate::ui::i18n::Texts;
use crate::ui::state::Origin;

/// The progress line, when a rebuild is running.
pub fn rebuild_bar(sim: &SimHandle, texts: &Texts) -> Option<Html> {
    let (origin, progress) = sim.rebuild()?;
    let heading = match origin {
        Origin::Stored => texts.rebuilding_stored,
        Origin::Link => texts.rebuilding_link,
        Origin::Lesson => texts.rebuilding_lesson,
    };
    let line = (texts.rebuild_progress)(progress.now, progress.end);
    // Per mille of cluster time: a month-long journal still moves the bar.
    let end = progress.end.as_millis().max(1);
    let value = (progress.now.as_millis().min(end) * 1000 / end).to_string();
    let sim = sim.clone();
    let cancel = Callback::from(move |_: MouseEvent| sim.cancel_rebuild());
    Some(html! {
        <div class="notice info rebuild" id="rebuild">
            <span role="status">{ heading }</span>
            <progress id="rebuild-progress" max="1000" value={value}
                aria-label={texts.rebuild_progress_aria} aria-valuetext={line.clone()}></progress>
            <span id="rebuild-line" aria-hidden="true">{ line }</span>
            <button type="button" id="rebuild-cancel" aria-label={texts.rebuild_cancel_aria} onclick={cancel}>
                { texts.rebuild_cancel }
            </button>
        </div>
    })
}
