//! Browser tests: mount the kubeplay page in headless Chromium (wasm-bindgen-test-runner via
//! chromedriver) and check what it renders. Run by scripts/test.sh.
#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use kubeplay::ui::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the App on a fresh `<div>` and lets yew render once. The page keeps its cluster in
/// localStorage (and replays it on load), so each test starts from an empty storage: otherwise a
/// test would open the cluster an earlier test left behind.
async fn mount() -> (Element, yew::AppHandle<App>) {
    let window = web_sys::window().expect("window");
    if let Some(storage) = window.local_storage().ok().flatten() {
        storage.clear().expect("clear localStorage");
    }
    let document = window.document().expect("document");
    let root = document.create_element("div").expect("create div");
    document.body().expect("body").append_child(&root).expect("append root");
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    TimeoutFuture::new(50).await;
    (root, handle)
}

fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector).ok().flatten().and_then(|el| el.text_content()).unwrap_or_default()
}

fn attr_all(root: &Element, selector: &str, attr: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).expect("valid selector");
    (0..nodes.length()).filter_map(|idx| nodes.item(idx)?.dyn_into::<Element>().ok()?.get_attribute(attr)).collect()
}

fn click(root: &Element, selector: &str) {
    let element = root.query_selector(selector).ok().flatten().unwrap_or_else(|| panic!("no {selector}"));
    element.dyn_into::<HtmlElement>().expect("an HTML element").click();
}

#[wasm_bindgen_test]
async fn renders_the_top_bar_and_three_nodes() {
    let (root, handle) = mount().await;
    assert_eq!(text(&root, "#title"), "kubeplay");
    assert_eq!(attr_all(&root, ".node-card", "data-node"), vec!["node-1", "node-2", "node-3"]);
    assert_eq!(attr_all(&root, ".node-card", "data-status"), vec!["Ready"; 3]);
    assert_eq!(
        attr_all(&root, "[data-speed]", "aria-label"),
        vec!["Speed 1x", "Speed 10x", "Speed 30x", "Speed 100x", "Speed 300x"]
    );
    assert_eq!(attr_all(&root, "[data-speed]", "aria-pressed"), vec!["false", "true", "false", "false", "false"]);
    // The YAML editor opens on the starter Deployment, with an empty reply region for Apply's answer.
    let editor: web_sys::HtmlTextAreaElement =
        root.query_selector(".editor-input").ok().flatten().expect("the YAML editor").dyn_into().expect("a textarea");
    assert!(editor.value().contains("kind: Deployment"), "editor text: {}", editor.value());
    assert_eq!(attr_all(&root, "#editor-reply", "role"), vec!["status"]);
    handle.destroy();
}

#[wasm_bindgen_test]
async fn starter_pods_reach_running_within_two_seconds() {
    let (root, handle) = mount().await;
    let mut statuses = Vec::new();
    for _ in 0..25 {
        statuses = attr_all(&root, "[data-pod]", "data-status");
        if statuses == vec!["Running"; 3] {
            break;
        }
        TimeoutFuture::new(100).await;
    }
    assert_eq!(statuses, vec!["Running"; 3]);
    assert_eq!(attr_all(&root, "[data-pod]", "data-ready"), vec!["1/1"; 3]);
    assert_eq!(attr_all(&root, "[data-pod]", "data-restarts"), vec!["0"; 3]);
    handle.destroy();
}

#[wasm_bindgen_test]
async fn pause_stops_the_clock_and_speed_buttons_switch() {
    let (root, handle) = mount().await;
    click(&root, "#play-pause");
    TimeoutFuture::new(50).await;
    assert_eq!(attr_all(&root, "#play-pause", "aria-label"), vec!["Play simulation"]);
    let clock_when_paused = text(&root, "#clock");
    TimeoutFuture::new(400).await;
    assert_eq!(text(&root, "#clock"), clock_when_paused);

    click(&root, "[data-speed='300']");
    click(&root, "#play-pause");
    TimeoutFuture::new(50).await;
    assert_eq!(attr_all(&root, "[data-speed]", "aria-pressed"), vec!["false", "false", "false", "false", "true"]);
    assert_eq!(attr_all(&root, "#play-pause", "aria-label"), vec!["Pause simulation"]);
    handle.destroy();
}

/// The panic panel (a panic leaves yew dead, so it is plain DOM): in the page's language, with
/// "rebuild", "rebuild without my last action" (only when that copy exists) and "fresh", the
/// first one focused, the panic message escaped.
#[wasm_bindgen_test]
async fn the_panic_panel_offers_rebuild_without_the_last_action_in_the_pages_language() {
    let window = web_sys::window().expect("window");
    let document = window.document().expect("document");
    let storage = window.local_storage().ok().flatten().expect("localStorage");
    storage.clear().expect("clear");
    storage.set_item(kubeplay::ui::i18n::LANG_KEY, kubeplay::ui::i18n::Lang::ZhHans.tag()).expect("language");
    storage.set_item(kubeplay::ui::services::journal::BEFORE_LAST_KEY, "AQ").expect("before-last copy");
    kubeplay::ui::services::panic::show_panel("index out of bounds <script>");
    let panel = document.get_element_by_id("panic-panel").expect("the panel");
    assert_eq!(panel.get_attribute("role").as_deref(), Some("alertdialog"));
    let body = document.body().expect("body");
    assert_eq!(text(&body, "#panic-title"), "kubeplay 内部出错了。");
    assert_eq!(text(&body, "#panic-rebuild"), "重新搭建我的集群");
    assert_eq!(text(&body, "#panic-without-last"), "重新搭建，但去掉我最后一步操作");
    assert_eq!(text(&body, "#panic-fresh"), "换一个全新的集群");
    assert!(panel.inner_html().contains("&lt;script&gt;"), "the message is escaped: {}", panel.inner_html());
    assert_eq!(document.active_element().map(|e| e.id()).as_deref(), Some("panic-rebuild"));
    // Shown once, however many panics follow.
    kubeplay::ui::services::panic::show_panel("again");
    assert_eq!(document.query_selector_all("#panic-panel").expect("selector").length(), 1);
    panel.remove();
    // Without the copy there is nothing to rebuild without.
    storage.clear().expect("clear");
    kubeplay::ui::services::panic::show_panel("boom");
    assert!(document.get_element_by_id("panic-without-last").is_none());
    assert_eq!(text(&body, "#panic-rebuild"), "Rebuild my cluster");
    document.get_element_by_id("panic-panel").expect("the panel").remove();
}
