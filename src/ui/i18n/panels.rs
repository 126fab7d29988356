//! The panels' messages (YAML editor, console, events, pods table, load panel, charts), one
//! field per message, English and 简体中文 side by side. Reached as `use_texts().panels`.
//! Owned by the panels; the rules of mod.rs apply (kubectl output stays English).

pub struct PanelTexts {
    // ---- manifest editor ----
    pub editor_heading: &'static str,
    pub editor_hint: &'static str,
    pub apply_button: &'static str,
    // ---- side panels ----
    pub load_heading: &'static str,
    pub charts_heading: &'static str,
    /// What an empty slot says until its panel is built.
    pub coming_soon: &'static str,
}

pub static EN: PanelTexts = PanelTexts {
    editor_heading: "Apply a manifest",
    editor_hint: "YAML (Ctrl+Enter applies)",
    apply_button: "Apply",
    load_heading: "Load",
    charts_heading: "Charts",
    coming_soon: "This panel is on its way.",
};

pub static ZH_HANS: PanelTexts = PanelTexts {
    editor_heading: "应用清单",
    editor_hint: "YAML 清单（按 Ctrl+Enter 应用）",
    apply_button: "应用",
    load_heading: "访问负载",
    charts_heading: "图表",
    coming_soon: "这个面板马上就来。",
};
