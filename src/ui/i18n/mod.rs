//! The message catalogue: every string the page shows or speaks (aria labels, live-region
//! announcements), in English and Simplified Chinese.
//!
//! `Texts` has one field per message. `en::EN` and `zh_hans::ZH_HANS` are struct literals, so a
//! message missing from either language is a compile error. Messages with numbers or names are
//! `fn` fields (`speed_label: fn(u32) -> String`), so each language orders its own words.
//!
//! The boundary (as on a real cluster): kubectl's output, column headers, STATUS values, event
//! reasons and messages, and resource kinds are never translated; learners must recognise them.
//! Mark such text in the page with `translate="no"` (the e2e test skips it when it checks that
//! the Chinese page has no English left). The chrome, hints, aria labels and explanations are
//! translated, written as a Chinese teacher would say them, not word for word.

mod en;
pub mod lessons;
pub mod panels;
mod zh_hans;

use yew::prelude::*;

use crate::engine::kubelet::prober::ProbeKind;
use crate::engine::time::SimTime;
use crate::engine::timers::ProbeLight;

pub use en::EN;
pub use panels::PanelTexts;
pub use zh_hans::ZH_HANS;

use super::services::storage;

/// The languages the page speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    ZhHans,
}

/// Where the chosen language is remembered (localStorage key).
pub const LANG_KEY: &str = "kubeplay.lang";

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhHans];

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::En => &EN,
            Lang::ZhHans => &ZH_HANS,
        }
    }

    /// The BCP 47 tag, for `<html lang>` and for storage.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhHans => "zh-Hans",
        }
    }

    /// The language's own name, as the switch shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "EN",
            Lang::ZhHans => "中文",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.tag() == tag)
    }

    /// The page's language for a browser language (`navigator.language`): any Chinese
    /// (`zh`, `zh-CN`, `zh-TW`, `zh-Hans-SG`) reads the Chinese page, everything else English.
    pub fn for_browser(browser_language: &str) -> Lang {
        let primary = browser_language.split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("zh") {
            Lang::ZhHans
        } else {
            Lang::En
        }
    }
}

/// Every message of the page in one language. See the module docs for what is translated.
pub struct Texts {
    // ---- page ----
    /// `<title>` and the top bar's name.
    pub app_title: &'static str,
    /// The skip link, first on the page for keyboard users.
    pub skip_to_cluster: &'static str,

    // ---- top bar ----
    pub clock_label: &'static str,
    pub play: &'static str,
    pub pause: &'static str,
    pub play_aria: &'static str,
    pub pause_aria: &'static str,
    pub speed_group: &'static str,
    pub speed_aria: fn(u32) -> String,
    pub language_group: &'static str,
    /// Tooltip of a language button, e.g. "Switch to English".
    pub language_aria: fn(Lang) -> String,
    pub skip_group: &'static str,
    /// A skip button's text for a number of seconds ("+1 min").
    pub skip_label: fn(u64) -> String,
    /// A skip button's accessible name ("Skip 5 minutes").
    pub skip_aria: fn(u64) -> String,
    /// Shown while a skip runs.
    pub skipping: &'static str,
    pub reset: &'static str,
    pub reset_aria: &'static str,
    /// The keyboard shortcuts, one line.
    pub shortcuts: &'static str,
    pub undo: &'static str,
    pub undo_aria: &'static str,
    pub share: &'static str,
    pub share_aria: &'static str,
    /// Label of the field holding the share link.
    pub share_link_label: &'static str,
    pub dismiss: &'static str,
    pub notice_restored: &'static str,
    pub notice_link_opened: &'static str,
    /// Why a share link was rejected (the reason stays English, like kubectl's errors).
    pub notice_link_rejected: &'static str,
    /// The cluster saved in this browser could not be rebuilt (the reason follows).
    pub notice_stored_rejected: &'static str,
    /// The reason when a link or saved cluster is in the format of an earlier kubeplay.
    pub notice_old_format: &'static str,
    /// The undone line follows.
    pub notice_undone: &'static str,
    /// A cluster saved in this browser is being rebuilt (the progress follows).
    pub rebuilding_stored: &'static str,
    /// A lesson in progress saved in this browser is being rebuilt (the progress follows).
    pub rebuilding_lesson: &'static str,
    /// The cluster of a share link is being rebuilt (the progress follows).
    pub rebuilding_link: &'static str,
    /// How far a rebuild has got: cluster time reached of the journal's end ("3d 4h of 30d").
    pub rebuild_progress: fn(SimTime, SimTime) -> String,
    /// The progress bar's accessible name.
    pub rebuild_progress_aria: &'static str,
    pub rebuild_cancel: &'static str,
    pub rebuild_cancel_aria: &'static str,
    /// The rebuild was cancelled, a fresh cluster started, the cancelled one is kept aside.
    pub notice_rebuild_cancelled: &'static str,
    /// The notice's button that rebuilds the cancelled cluster after all.
    pub rebuild_again: &'static str,
    /// Presentation mode toggle: text and accessible name.
    pub presentation: &'static str,
    pub presentation_aria: &'static str,

    // ---- cluster view ----
    pub nodes_heading: &'static str,
    pub unscheduled_heading: fn(usize) -> String,
    pub pod_count: fn(usize) -> String,
    pub node_powered_off: &'static str,
    pub node_disconnected: &'static str,
    /// Tooltip of the READY column: what `1/1` counts.
    pub ready_title: &'static str,
    /// Countdowns; the argument is the time left as `m:ss`.
    pub node_not_ready_in: fn(&str) -> String,
    pub pods_evicted_in: fn(&str) -> String,
    /// Time left and the current back-off (`40s`).
    pub restart_in: fn(&str, &str) -> String,
    /// Probe kind, failures so far, failure threshold.
    pub probe_failures: fn(ProbeKind, i64, i64) -> String,
    pub hpa_next_evaluation: fn(&str) -> String,
    pub hpa_scale_down_blocked: fn(&str) -> String,
    pub autoscalers_heading: &'static str,
    /// The name of a probe kind ("liveness" / "存活探针").
    pub probe_kind: fn(ProbeKind) -> &'static str,
    /// A probe light's accessible text ("liveness probe: passing").
    pub probe_light: fn(ProbeKind, ProbeLight) -> String,
    pub cpu_requested: &'static str,
    pub memory_requested: &'static str,
    /// Node controls: text, then accessible name with the node's name.
    pub power_off: &'static str,
    pub power_on: &'static str,
    pub power_off_aria: fn(&str) -> String,
    pub power_on_aria: fn(&str) -> String,
    pub disconnect: &'static str,
    pub reconnect: &'static str,
    pub disconnect_aria: fn(&str) -> String,
    pub reconnect_aria: fn(&str) -> String,
    /// A pod card's accessible name ("web-1, Running, show details").
    pub pod_select_aria: fn(&str, &str) -> String,

    // ---- pod details ----
    pub details_label: fn(&str) -> String,
    pub close: &'static str,
    pub close_details_aria: &'static str,
    pub view_describe: &'static str,
    pub view_logs: &'static str,
    pub view_previous_logs: &'static str,
    pub view_events: &'static str,
    pub actions_heading: &'static str,
    pub kill: &'static str,
    /// Container, pod.
    pub kill_aria: fn(&str, &str) -> String,
    pub oom_kill: &'static str,
    pub oom_kill_aria: fn(&str, &str) -> String,
    /// Requests a pod answered and failed in the last second of cluster time (cluster view).
    pub pod_traffic: fn(u64, u64) -> String,
    pub health_fail: &'static str,
    /// Container, pod.
    pub health_fail_aria: fn(&str, &str) -> String,
    pub health_recover: &'static str,
    pub health_recover_aria: fn(&str, &str) -> String,
    /// Label of the container chooser of the describe / logs views (pods with several containers).
    pub view_container_label: &'static str,
    pub exit_with_code: &'static str,
    pub exit_code_label: &'static str,
    pub exit_aria: fn(&str, &str) -> String,
    pub delete_pod: &'static str,
    pub delete_pod_aria: fn(&str) -> String,
    pub exec_label: fn(&str) -> String,
    pub exec_button: &'static str,
    pub pod_gone: &'static str,
    pub no_output: &'static str,

    // ---- live announcements (screen readers) ----
    /// Pod, restart count.
    pub announce_restarted: fn(&str, i64) -> String,
    pub announce_node_not_ready: fn(&str) -> String,
    pub announce_node_ready: fn(&str) -> String,

    // ---- layout: the panel slots ----
    /// Accessible name of the tab list (console, events, pods table).
    pub tabs_label: &'static str,
    pub tab_console: &'static str,
    pub tab_events: &'static str,
    pub tab_pods_wide: &'static str,
    /// Accessible name of the side column (editor, load, charts).
    pub side_label: &'static str,

    /// The panels' own messages (owned by the panels: `panels.rs`).
    pub panels: &'static PanelTexts,
}

/// What `LangProvider` shares: the current language and a way to change it.
#[derive(Clone, PartialEq)]
pub struct LangContext {
    pub lang: Lang,
    pub set_lang: Callback<Lang>,
}

#[derive(Properties, PartialEq)]
pub struct LangProviderProps {
    #[prop_or_default]
    pub children: Html,
}

/// The language chosen before (localStorage), else the browser's.
fn initial_lang() -> Lang {
    if let Some(lang) = storage::get(LANG_KEY).as_deref().and_then(Lang::from_tag) {
        return lang;
    }
    let browser = web_sys::window().and_then(|window| window.navigator().language()).unwrap_or_default();
    Lang::for_browser(&browser)
}

/// Holds the page language: remembers a choice in localStorage and keeps `<html lang>` and
/// the document title in step, so screen readers pronounce the page in its language.
#[component]
pub fn LangProvider(props: &LangProviderProps) -> Html {
    let lang = use_state_eq(initial_lang);
    use_effect_with(*lang, |lang| {
        if let Some(document) = web_sys::window().and_then(|window| window.document()) {
            if let Some(html) = document.document_element() {
                let _ = html.set_attribute("lang", lang.tag());
            }
            document.set_title(lang.texts().app_title);
        }
    });
    let set_lang = {
        let lang = lang.clone();
        Callback::from(move |chosen: Lang| {
            storage::set(LANG_KEY, chosen.tag());
            lang.set(chosen);
        })
    };
    let context = LangContext { lang: *lang, set_lang };
    html! {
        <ContextProvider<LangContext> {context}>
            { props.children.clone() }
        </ContextProvider<LangContext>>
    }
}

/// The language context from the nearest `LangProvider` (English without one).
#[hook]
pub fn use_lang() -> LangContext {
    use_context::<LangContext>().unwrap_or_else(|| LangContext { lang: Lang::En, set_lang: Callback::noop() })
}

/// The messages in the page's current language.
#[hook]
pub fn use_texts() -> &'static Texts {
    use_lang().lang.texts()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_languages_map_to_the_page_language() {
        for tag in ["zh", "zh-CN", "zh-TW", "zh-Hans-SG", "ZH_cn"] {
            assert_eq!(Lang::for_browser(tag), Lang::ZhHans, "{tag}");
        }
        for tag in ["en", "en-US", "de-DE", "", "z", "zha"] {
            assert_eq!(Lang::for_browser(tag), Lang::En, "{tag}");
        }
    }

    #[test]
    fn tags_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
        assert_eq!(Lang::from_tag("fr"), None);
    }

    /// Every Chinese message really is Chinese: it contains a CJK character (numbers and
    /// kubectl words may stay Latin). Catches a string copied over untranslated.
    #[test]
    fn chinese_messages_are_chinese() {
        let zh = Lang::ZhHans.texts();
        let en = Lang::En.texts();
        let pairs = [
            (zh.clock_label, en.clock_label),
            (zh.play, en.play),
            (zh.pause, en.pause),
            (zh.play_aria, en.play_aria),
            (zh.pause_aria, en.pause_aria),
            (zh.speed_group, en.speed_group),
            (zh.language_group, en.language_group),
            (zh.nodes_heading, en.nodes_heading),
            (zh.node_powered_off, en.node_powered_off),
            (zh.node_disconnected, en.node_disconnected),
            (zh.ready_title, en.ready_title),
            (zh.tabs_label, en.tabs_label),
            (zh.tab_console, en.tab_console),
            (zh.tab_events, en.tab_events),
            (zh.tab_pods_wide, en.tab_pods_wide),
            (zh.side_label, en.side_label),
            (zh.skip_to_cluster, en.skip_to_cluster),
            (zh.skip_group, en.skip_group),
            (zh.skipping, en.skipping),
            (zh.reset, en.reset),
            (zh.reset_aria, en.reset_aria),
            (zh.shortcuts, en.shortcuts),
            (zh.presentation, en.presentation),
            (zh.undo, en.undo),
            (zh.undo_aria, en.undo_aria),
            (zh.share, en.share),
            (zh.share_aria, en.share_aria),
            (zh.share_link_label, en.share_link_label),
            (zh.dismiss, en.dismiss),
            (zh.notice_restored, en.notice_restored),
            (zh.notice_link_opened, en.notice_link_opened),
            (zh.notice_link_rejected, en.notice_link_rejected),
            (zh.notice_stored_rejected, en.notice_stored_rejected),
            (zh.notice_old_format, en.notice_old_format),
            (zh.notice_undone, en.notice_undone),
            (zh.rebuilding_stored, en.rebuilding_stored),
            (zh.rebuilding_link, en.rebuilding_link),
            (zh.rebuilding_lesson, en.rebuilding_lesson),
            (zh.rebuild_progress_aria, en.rebuild_progress_aria),
            (zh.rebuild_cancel, en.rebuild_cancel),
            (zh.rebuild_cancel_aria, en.rebuild_cancel_aria),
            (zh.notice_rebuild_cancelled, en.notice_rebuild_cancelled),
            (zh.rebuild_again, en.rebuild_again),
            (zh.presentation_aria, en.presentation_aria),
            (zh.autoscalers_heading, en.autoscalers_heading),
            (zh.cpu_requested, en.cpu_requested),
            (zh.memory_requested, en.memory_requested),
            (zh.power_off, en.power_off),
            (zh.power_on, en.power_on),
            (zh.disconnect, en.disconnect),
            (zh.reconnect, en.reconnect),
            (zh.close, en.close),
            (zh.close_details_aria, en.close_details_aria),
            (zh.view_describe, en.view_describe),
            (zh.view_logs, en.view_logs),
            (zh.view_previous_logs, en.view_previous_logs),
            (zh.view_events, en.view_events),
            (zh.actions_heading, en.actions_heading),
            (zh.kill, en.kill),
            (zh.oom_kill, en.oom_kill),
            (zh.health_fail, en.health_fail),
            (zh.health_recover, en.health_recover),
            (zh.view_container_label, en.view_container_label),
            (zh.exit_with_code, en.exit_with_code),
            (zh.exit_code_label, en.exit_code_label),
            (zh.delete_pod, en.delete_pod),
            (zh.exec_button, en.exec_button),
            (zh.pod_gone, en.pod_gone),
            (zh.no_output, en.no_output),
        ];
        for (zh_text, en_text) in pairs {
            assert!(has_cjk(zh_text), "untranslated: {zh_text:?} (English: {en_text:?})");
            assert!(!has_cjk(en_text), "Chinese in the English catalogue: {en_text:?}");
        }
        for text in [
            (zh.speed_aria)(10),
            (zh.unscheduled_heading)(2),
            (zh.pod_count)(3),
            (zh.language_aria)(Lang::En),
            (zh.skip_label)(60),
            (zh.skip_aria)(300),
            (zh.node_not_ready_in)("0:37"),
            (zh.pods_evicted_in)("4:12"),
            (zh.restart_in)("0:40", "40s"),
            (zh.probe_failures)(ProbeKind::Liveness, 2, 3),
            (zh.hpa_next_evaluation)("0:09"),
            (zh.hpa_scale_down_blocked)("3:20"),
            (zh.probe_light)(ProbeKind::Startup, ProbeLight::NotRunYet),
            (zh.power_off_aria)("node-2"),
            (zh.power_on_aria)("node-2"),
            (zh.disconnect_aria)("node-2"),
            (zh.reconnect_aria)("node-2"),
            (zh.pod_select_aria)("web-1", "Running"),
            (zh.details_label)("web-1"),
            (zh.kill_aria)("nginx", "web-1"),
            (zh.oom_kill_aria)("nginx", "web-1"),
            (zh.exit_aria)("nginx", "web-1"),
            (zh.health_fail_aria)("nginx", "web-1"),
            (zh.pod_traffic)(12, 0),
            (zh.pod_traffic)(9, 3),
            (zh.health_recover_aria)("nginx", "web-1"),
            (zh.delete_pod_aria)("web-1"),
            (zh.exec_label)("nginx"),
            (zh.announce_restarted)("web-1", 1),
            (zh.announce_node_not_ready)("node-2"),
            (zh.announce_node_ready)("node-2"),
            (zh.rebuild_progress)(SimTime::from_secs(3600), SimTime::from_secs(86_400)),
        ] {
            assert!(has_cjk(&text), "untranslated: {text:?}");
        }
    }

    #[test]
    fn formatted_messages() {
        assert_eq!((EN.speed_aria)(300), "Speed 300x");
        assert_eq!((EN.pod_count)(1), "1 pod");
        assert_eq!((EN.pod_count)(0), "0 pods");
        assert_eq!((EN.unscheduled_heading)(2), "Not scheduled (2)");
        assert_eq!((ZH_HANS.pod_count)(3), "3 个 Pod");
        assert_eq!((EN.skip_aria)(60), "Skip 1 minute");
        assert_eq!((EN.skip_aria)(300), "Skip 5 minutes");
        assert_eq!((EN.node_not_ready_in)("0:37"), "NotReady in 0:37");
        assert_eq!((EN.restart_in)("0:40", "40s"), "restart in 0:40 (back-off 40s)");
        assert_eq!((EN.probe_failures)(ProbeKind::Liveness, 2, 3), "liveness probe: 2 of 3 failures");
        assert_eq!((EN.kill_aria)("nginx", "web-1"), "Kill container nginx in pod web-1");
        assert_eq!((EN.power_off_aria)("node-2"), "Power off node-2");
        let (now, end) = (SimTime::from_secs(3 * 86_400 + 4 * 3600), SimTime::from_secs(30 * 86_400));
        assert_eq!((EN.rebuild_progress)(now, end), "3d 4h of 30d");
        assert_eq!((ZH_HANS.rebuild_progress)(now, end), "已到 3天4小时，共 30天");
        assert_eq!((EN.pod_traffic)(12, 0), "12 req/s");
        assert_eq!((EN.pod_traffic)(0, 10), "0 req/s OK, 10 failed");
        assert_eq!((ZH_HANS.pod_traffic)(9, 3), "每秒 9 个请求成功，3 个失败");
    }

    fn has_cjk(text: &str) -> bool {
        text.chars().any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch))
    }
}
