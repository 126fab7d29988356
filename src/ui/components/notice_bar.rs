//! A bar under the top bar saying where the cluster came from: restored after a reload,
//! opened from a share link, a link or saved cluster rejected (and why), an undo, a rebuild
//! cancelled (with a button to rebuild it after all); while a rebuild runs, its progress line.

use yew::prelude::*;

use crate::ui::hooks::use_sim;
use crate::ui::i18n::use_texts;
use crate::ui::services::journal::Rejected;
use crate::ui::state::{Notice, Origin};

#[component]
pub fn NoticeBar() -> Html {
    let sim = use_sim();
    let texts = use_texts();
    if let Some(bar) = super::rebuild_bar::rebuild_bar(&sim, texts) {
        return bar;
    }
    let Some(notice) = sim.notice() else { return html! {} };
    // The detail: a command line or the codec's reason stay as typed (English, like kubectl's
    // errors); an old saved format is said in the page's language.
    let reason = |rejected: &Rejected| match rejected {
        Rejected::OldFormat => html! { <span>{ texts.notice_old_format }</span> },
        Rejected::Invalid(reason) => html! { <code translate="no">{ reason.clone() }</code> },
    };
    let (class, text, detail) = match &notice {
        Notice::Restored => ("info", texts.notice_restored, None),
        Notice::LinkOpened => ("info", texts.notice_link_opened, None),
        Notice::LinkRejected(rejected) => ("error", texts.notice_link_rejected, Some(reason(rejected))),
        Notice::StoredRejected(rejected) => ("error", texts.notice_stored_rejected, Some(reason(rejected))),
        Notice::Undone(line) => {
            ("info", texts.notice_undone, Some(html! { <code translate="no">{ line.clone() }</code> }))
        }
        Notice::RebuildCancelled { origin: Origin::Lesson, .. } => ("info", texts.notice_rebuild_cancelled, None),
        Notice::RebuildCancelled { origin, text } => {
            let (sim, origin, text) = (sim.clone(), *origin, text.clone());
            let again = Callback::from(move |_: MouseEvent| sim.reopen(origin, text.clone()));
            let button = html! {
                <button type="button" id="rebuild-again" onclick={again}>{ texts.rebuild_again }</button>
            };
            ("info", texts.notice_rebuild_cancelled, Some(button))
        }
    };
    let dismiss = Callback::from(move |_: MouseEvent| sim.dismiss_notice());
    html! {
        <div class={classes!("notice", class)} id="notice" role="status">
            <span>{ text }</span>
            if let Some(detail) = detail {
                { " " }{ detail }
            }
            <button type="button" onclick={dismiss}>{ texts.dismiss }</button>
        </div>
    }
}
