//! The built-in lessons' texts in the web app. They are not compiled into the wasm (101 KB
//! raw, 31 KB gzipped: docs/size.md): Trunk copies `lessons/` next to it (index.html's
//! `copy-dir`), and the page fetches the files once, right after it starts, by relative URL
//! (so the site works at `/` and under a sub-path), and keeps them: lessons work offline after
//! the page has loaded. The CLI and native builds compile them in (`lessons::BUILTIN`).

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::lessons;

/// Whether the lessons' texts are at hand. The first call starts fetching them (when they are
/// not compiled in); the component re-renders when they arrive.
#[hook]
pub fn use_lessons() -> bool {
    let available = use_state_eq(lessons::available);
    {
        let available = available.setter();
        use_effect_with((), move |_| {
            if !lessons::available() {
                yew::platform::spawn_local(async move {
                    match fetch_all().await {
                        Ok(texts) => {
                            lessons::install(texts);
                            available.set(true);
                        }
                        Err(error) => {
                            web_sys::console::error_2(&"kubeplay: the lessons could not be loaded:".into(), &error)
                        }
                    }
                });
            }
        });
    }
    *available
}

/// Fetches every file of `lessons::FILES` (all requests start at once), in order.
async fn fetch_all() -> Result<Vec<String>, JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let requests: Vec<_> =
        lessons::FILES.iter().map(|file| window.fetch_with_str(&format!("lessons/{file}"))).collect();
    let mut texts = Vec::with_capacity(requests.len());
    for (file, request) in lessons::FILES.iter().zip(requests) {
        let response = JsFuture::from(request).await?;
        let field = |name: &str| js_sys::Reflect::get(&response, &name.into());
        if !field("ok")?.is_truthy() {
            return Err(format!("lessons/{file}: HTTP {}", field("status")?.as_f64().unwrap_or(0.0)).into());
        }
        let text: js_sys::Function = field("text")?.dyn_into()?;
        let text = JsFuture::from(js_sys::Promise::from(text.call0(&response)?)).await?;
        texts.push(text.as_string().ok_or("lesson text is not a string")?);
    }
    Ok(texts)
}
