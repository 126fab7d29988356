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
pub mod panels;
mod zh_hans;

use yew::prelude::*;

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
    /// Accessible name of a language button, e.g. "Switch to English".
    pub language_aria: fn(Lang) -> String,

    // ---- cluster view ----
    pub nodes_heading: &'static str,
    pub unscheduled_heading: fn(usize) -> String,
    pub pod_count: fn(usize) -> String,
    pub node_powered_off: &'static str,
    pub node_disconnected: &'static str,
    /// Tooltip of the READY column: what `1/1` counts.
    pub ready_title: &'static str,

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
        ];
        for (zh_text, en_text) in pairs {
            assert!(has_cjk(zh_text), "untranslated: {zh_text:?} (English: {en_text:?})");
            assert!(!has_cjk(en_text), "Chinese in the English catalogue: {en_text:?}");
        }
        for text in [(zh.speed_aria)(10), (zh.unscheduled_heading)(2), (zh.pod_count)(3), (zh.language_aria)(Lang::En)]
        {
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
    }

    fn has_cjk(text: &str) -> bool {
        text.chars().any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch))
    }
}
