//! A small manifest editor: edit YAML, apply it (button or Ctrl+Enter), read the reply.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::ui::hooks::use_sim;
use crate::ui::state::STARTER_MANIFEST;

#[component]
pub fn ApplyPanel() -> Html {
    let sim = use_sim();
    let editor = use_node_ref();
    let apply = {
        let sim = sim.clone();
        let editor = editor.clone();
        Callback::from(move |()| {
            if let Some(textarea) = editor.cast::<HtmlTextAreaElement>() {
                sim.apply(textarea.value());
            }
        })
    };
    let onclick = apply.reform(|_: MouseEvent| ());
    let onkeydown = Callback::from(move |event: KeyboardEvent| {
        if event.key() == "Enter" && (event.ctrl_key() || event.meta_key()) {
            event.prevent_default();
            apply.emit(());
        }
    });
    let (reply_class, reply_text) = match sim.last_apply() {
        Some(Ok(text)) => ("reply ok", text),
        Some(Err(text)) => ("reply error", text),
        None => ("reply", String::new()),
    };
    html! {
        <section class="apply" aria-labelledby="apply-heading">
            <h2 id="apply-heading">{ "Apply a manifest" }</h2>
            <label for="manifest" class="hint">{ "YAML (Ctrl+Enter applies)" }</label>
            <textarea id="manifest" ref={editor} spellcheck="false" rows="16"
                value={STARTER_MANIFEST} {onkeydown} />
            <div class="apply-row">
                <button type="button" id="apply" {onclick}>{ "Apply" }</button>
                <output id="apply-output" class={reply_class} for="manifest" aria-live="polite">{ reply_text }</output>
            </div>
        </section>
    }
}
