//! The manifest editor slot (ui-panels replaces this with the full YAML editor): edit YAML,
//! apply it (button or Ctrl+Enter), read the reply.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::ui::hooks::use_sim;
use crate::ui::i18n::use_texts;
use crate::ui::state::STARTER_MANIFEST;

#[component]
pub fn Editor() -> Html {
    let sim = use_sim();
    let texts = use_texts().panels;
    // The editor is controlled: yew writes `value` back on every render (10 per second while
    // the clock runs), so the text must live in state, not only in the DOM.
    let yaml_text = use_state(|| AttrValue::from(STARTER_MANIFEST));
    let oninput = {
        let yaml_text = yaml_text.clone();
        Callback::from(move |event: InputEvent| {
            let textarea: HtmlTextAreaElement = event.target_unchecked_into();
            yaml_text.set(AttrValue::from(textarea.value()));
        })
    };
    let apply = {
        let sim = sim.clone();
        let yaml_text = yaml_text.clone();
        Callback::from(move |()| sim.apply(yaml_text.to_string()))
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
            <h2 id="apply-heading">{ texts.editor_heading }</h2>
            <label for="manifest" class="hint">{ texts.editor_hint }</label>
            <textarea id="manifest" spellcheck="false" rows="16" translate="no"
                value={(*yaml_text).clone()} {oninput} {onkeydown} />
            <div class="apply-row">
                <button type="button" id="apply" {onclick}>{ texts.apply_button }</button>
                <output id="apply-output" class={reply_class} for="manifest" aria-live="polite" translate="no">{ reply_text }</output>
            </div>
        </section>
    }
}
