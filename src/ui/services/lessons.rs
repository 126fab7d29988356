//! The built-in lessons' texts in the web app. They are not compiled into the wasm (101 KB
//! raw, 31 KB gzipped: docs/size.md): Trunk copies `lessons/` next to it (index.html's
//! `copy-dir`), and the page fetches the files once, right after it starts, by relative URL
//! (so the site works at `/` and under a sub-path), and keeps them: lessons work offline after
//! the page has loaded. The CLI and native builds compile them in (`lessons::BUILTIN`).

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::lessons;

/// Where the lessons' texts are: on their way, at hand, or not loaded (the console says why).
#[derive(Clone, Debug, PartialEq)]
pub enum Files {
    Loading,
    Ready,
    Failed,
}

/// The lessons' texts as the page sees them, and a way to fetch them again after a failure.
#[derive(Clone, PartialEq)]
pub struct LessonFiles {
    pub state: Files,
    pub retry: Callback<()>,
}

impl LessonFiles {
    pub fn ready(&self) -> bool {
        self.state == Files::Ready
    }
}

/// The lessons' texts. The first call starts fetching them (when they are not compiled in);
/// the component re-renders when they arrive or when the fetch fails, and `retry` fetches
/// them again (a learner who was offline when the page started).
#[hook]
pub fn use_lessons() -> LessonFiles {
    let state = use_state_eq(|| if lessons::available() { Files::Ready } else { Files::Loading });
    let attempt = use_state_eq(|| 0u32);
    {
        let state = state.setter();
        use_effect_with(*attempt, move |_| {
            if !lessons::available() {
                state.set(Files::Loading);
                yew::platform::spawn_local(async move {
                    match fetch_all().await {
                        Ok(texts) => {
                            lessons::install(texts);
                            state.set(Files::Ready);
                        }
                        Err(error) => {
                            web_sys::console::warn_2(&"kubeplay: the lessons could not be loaded:".into(), &error);
                            state.set(Files::Failed);
                        }
                    }
                });
            }
        });
    }
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |()| attempt.set(*attempt + 1))
    };
    LessonFiles { state: (*state).clone(), retry }
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
