//! A bar under the top bar saying where the cluster came from: restored after a reload,
//! opened from a share link, a link rejected (and why), an undo.

use yew::prelude::*;

use crate::ui::hooks::use_sim;
use crate::ui::i18n::use_texts;
use crate::ui::state::Notice;

#[component]
pub fn NoticeBar() -> Html {
    let sim = use_sim();
    let texts = use_texts();
    let Some(notice) = sim.notice() else { return html! {} };
    let (class, text, detail) = match &notice {
        Notice::Restored => ("info", texts.notice_restored, None),
        Notice::LinkOpened => ("info", texts.notice_link_opened, None),
        Notice::LinkRejected(reason) => ("error", texts.notice_link_rejected, Some(reason.clone())),
        Notice::Undone(line) => ("info", texts.notice_undone, Some(line.clone())),
    };
    let dismiss = Callback::from(move |_: MouseEvent| sim.dismiss_notice());
    html! {
        <div class={classes!("notice", class)} id="notice" role="status">
            <span>{ text }</span>
            if let Some(detail) = detail {
                { " " }<code translate="no">{ detail }</code>
            }
            <button type="button" onclick={dismiss}>{ texts.dismiss }</button>
        </div>
    }
}
