//! If the wasm code panics, the page is dead to yew; instead of a frozen screen the learner
//! gets a panel (plain DOM, built by the panic hook) that explains and offers to rebuild the
//! cluster from its saved journal (a reload replays it), to rebuild it without the last action
//! (when that action is what broke the page, a plain rebuild would break again), or to start a
//! fresh cluster. The journal (`journal::STORAGE_KEY`, the Session codec's text; the same
//! without its last input under `journal::BEFORE_LAST_KEY`) and the editor's YAML live in
//! localStorage, so nothing typed into the cluster is lost.
//! The buttons are plain JavaScript (inline handlers): after a panic the wasm instance must not
//! be called again.

use wasm_bindgen::JsCast;

use super::{journal, storage};
use crate::ui::i18n::{Lang, LANG_KEY};

/// The panel's words: the panic happened, so the catalogue's context is gone; read the
/// language the page was in from storage.
fn words(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::En => [
            "Something went wrong inside kubeplay.",
            "Your cluster is saved in this browser. Rebuilding it replays what you did, step by step.",
            "Rebuild my cluster",
            "Rebuild it without my last action",
            "Start a fresh cluster",
        ],
        Lang::ZhHans => [
            "kubeplay 内部出错了。",
            "你的集群已经保存在浏览器里。重新搭建时，会把你做过的操作一步步重放。",
            "重新搭建我的集群",
            "重新搭建，但去掉我最后一步操作",
            "换一个全新的集群",
        ],
    }
}

/// Installs the hook: log the panic to the console, then show the panel.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("kubeplay panicked: {info}").into());
        show_panel(&info.to_string());
    }));
}

/// Shows the panel as the hook does after a panic, with `detail` as the panic message (public
/// for the browser tests: a real panic would end the test).
pub fn show_panel(detail: &str) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else { return };
    let Some(body) = document.body() else { return };
    if document.get_element_by_id("panic-panel").is_some() {
        return;
    }
    let lang = storage::get(LANG_KEY).as_deref().and_then(Lang::from_tag).unwrap_or(Lang::En);
    let [title, text, rebuild, without_last, fresh] = words(lang);
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let (key, before_last) = (journal::STORAGE_KEY, journal::BEFORE_LAST_KEY);
    let without_last = if storage::get(before_last).is_some() {
        format!(
            "<button type=\"button\" id=\"panic-without-last\" onclick=\"try {{ \
             localStorage.setItem('{key}', localStorage.getItem('{before_last}')); \
             localStorage.removeItem('{before_last}') }} catch (e) {{}} location.reload()\">{}</button> ",
            escape(without_last)
        )
    } else {
        String::new()
    };
    let Ok(panel) = document.create_element("div") else { return };
    panel.set_id("panic-panel");
    let _ = panel.set_attribute("role", "alertdialog");
    let _ = panel.set_attribute("aria-labelledby", "panic-title");
    let _ = panel.set_attribute("class", "panic-panel");
    panel.set_inner_html(&format!(
        "<div class=\"panic-box\"><h2 id=\"panic-title\">{}</h2><p>{}</p>\
         <button type=\"button\" id=\"panic-rebuild\" onclick=\"location.reload()\">{}</button> {}\
         <button type=\"button\" id=\"panic-fresh\" onclick=\"try {{ localStorage.removeItem('{key}'); \
         localStorage.removeItem('{before_last}') }} catch (e) {{}} location.reload()\">{}</button>\
         <pre translate=\"no\">{}</pre></div>",
        escape(title),
        escape(text),
        escape(rebuild),
        without_last,
        escape(fresh),
        escape(detail)
    ));
    let _ = body.append_child(&panel);
    if let Some(button) =
        document.get_element_by_id("panic-rebuild").and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = button.focus();
    }
}
