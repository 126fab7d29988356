//! The EN / 中文 switch: each language named in itself, the current one pressed.

use yew::prelude::*;

use crate::ui::i18n::{use_lang, Lang};

#[component]
pub fn LangSwitch() -> Html {
    let context = use_lang();
    let texts = context.lang.texts();
    html! {
        <div class="lang-switch" role="group" aria-label={texts.language_group}>
            { for Lang::ALL.into_iter().map(|lang| {
                let pressed = lang == context.lang;
                let onclick = context.set_lang.reform(move |_: MouseEvent| lang);
                html! {
                    // The name is the language's own name, marked with its `lang` so a screen
                    // reader pronounces "中文" as Chinese on the English page (the e2e check for
                    // English left on the Chinese page skips it); the tooltip says what it does.
                    <button type="button" class={classes!("lang", pressed.then_some("active"))}
                        data-lang={lang.tag()} aria-pressed={pressed.to_string()}
                        title={(texts.language_aria)(lang)} {onclick}>
                        <span lang={lang.tag()}>{ lang.native_name() }</span>
                    </button>
                }
            }) }
        </div>
    }
}
