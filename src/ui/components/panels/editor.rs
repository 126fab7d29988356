//! The YAML editor: a transparent textarea over a syntax-coloured `<pre>`, line numbers, a
//! template menu, Apply (button, Ctrl/⌘+Enter) and the engine's errors shown at their line
//! with the field path. Applying goes through the command layer (`on_apply`); when it fails,
//! the manifest decoder locates the problem (`manifest::ManifestError` line, column, path).
//! A failed apply changes nothing: the decoder validates every document first.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::highlight::{highlight, Span};
use super::templates::Template;
use crate::cmd::Output;
use crate::ui::i18n::use_texts;
use crate::ui::services::storage;

/// The editor's file name, as `apply -f` and the messages name it.
pub const EDITOR_FILE: &str = "editor.yaml";
/// Texts longer than this many lines are shown without colouring.
pub const COLOURED_LINES: usize = 2000;
/// Spaces that Tab inserts.
const INDENT: &str = "  ";

#[derive(Properties, PartialEq)]
pub struct YamlEditorProps {
    /// Applies the text (through the Session / command layer) and returns kubectl's reply.
    pub on_apply: Callback<String, Output>,
    /// The text the editor starts with.
    #[prop_or_default]
    pub initial: AttrValue,
    /// Called with the text after every edit (to keep it across reloads).
    #[prop_or_default]
    pub on_change: Callback<String>,
}

/// The reply to the last Apply.
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    pub ok: bool,
    pub message: String,
    /// Where the manifest decoder located the problem: line, column, field path.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub path: Option<String>,
}

impl Reply {
    /// kubectl's reply, located in `text` when it is a manifest error.
    pub fn of(text: &str, output: Output) -> Reply {
        if output.ok {
            return Reply { ok: true, message: output.text, line: None, column: None, path: None };
        }
        match crate::manifest::parse_manifests(text, EDITOR_FILE) {
            Err(error) => {
                Reply { ok: false, message: output.text, line: error.line, column: error.column, path: error.path }
            }
            Ok(_) => Reply { ok: false, message: output.text, line: None, column: None, path: None },
        }
    }
}

#[component]
pub fn YamlEditor(props: &YamlEditorProps) -> Html {
    let texts = use_texts().panels;
    let text = use_state(|| Rc::new(props.initial.to_string()));
    let reply = use_state(|| None::<Reply>);
    // After Esc, the next Tab leaves the editor instead of indenting (no keyboard trap).
    let tab_leaves = use_mut_ref(|| false);
    let textarea = use_node_ref();
    let scroller = use_node_ref();
    let line_count = *use_memo(text.clone(), |text| line_count_of(text));

    let set_text = {
        let (text, on_change) = (text.clone(), props.on_change.clone());
        Callback::from(move |value: String| {
            on_change.emit(value.clone());
            text.set(Rc::new(value));
        })
    };
    let oninput = {
        let set_text = set_text.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            set_text.emit(area.value());
        })
    };
    let apply = {
        let (text, reply, on_apply) = (text.clone(), reply.clone(), props.on_apply.clone());
        Callback::from(move |()| {
            let output = on_apply.emit(text.to_string());
            reply.set(Some(Reply::of(&text, output)));
        })
    };
    let onkeydown = {
        let (apply, set_text, tab_leaves) = (apply.clone(), set_text.clone(), tab_leaves.clone());
        Callback::from(move |event: KeyboardEvent| {
            let key = event.key();
            if key == "Enter" && (event.ctrl_key() || event.meta_key()) {
                event.prevent_default();
                apply.emit(());
            } else if key == "Escape" {
                *tab_leaves.borrow_mut() = true;
            } else if key == "Tab" && !event.ctrl_key() && !event.alt_key() && !event.meta_key() {
                if std::mem::take(&mut *tab_leaves.borrow_mut()) {
                    return;
                }
                event.prevent_default();
                let area: HtmlTextAreaElement = event.target_unchecked_into();
                if event.shift_key() {
                    dedent(&area);
                } else {
                    let _ = area.set_range_text_with_start_and_end_and_mode(
                        INDENT,
                        area.selection_start().ok().flatten().unwrap_or(0),
                        area.selection_end().ok().flatten().unwrap_or(0),
                        "end",
                    );
                }
                set_text.emit(area.value());
            } else {
                *tab_leaves.borrow_mut() = false;
            }
        })
    };
    let onclick = apply.reform(|_: MouseEvent| ());
    let on_template = {
        let (set_text, reply) = (set_text.clone(), reply.clone());
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            if let Some(template) = Template::from_file(&select.value()) {
                set_text.emit(format!("{}{}", (texts.template_comment)(template), template.text()));
                reply.set(None);
            }
            select.set_value("");
        })
    };
    let go_to_line = {
        let (textarea, text) = (textarea.clone(), text.clone());
        Callback::from(move |line: usize| {
            if let Some(area) = textarea.cast::<HtmlTextAreaElement>() {
                let offset = utf16_offset_of_line(&text, line);
                let _ = area.focus();
                let _ = area.set_selection_range(offset, offset);
            }
        })
    };

    let error_line = reply.as_ref().filter(|r| !r.ok).and_then(|r| r.line);
    // A located error scrolls its line into the middle of the editor.
    {
        let scroller = scroller.clone();
        use_effect_with(reply.clone(), move |reply| {
            let line = reply.as_ref().filter(|r| !r.ok).and_then(|r| r.line);
            if let (Some(line), Some(scroll)) = (line, scroller.cast::<web_sys::HtmlElement>()) {
                let selector = format!(".code-line[data-line=\"{line}\"]");
                if let Some(row) = scroll.query_selector(&selector).ok().flatten() {
                    if let Ok(row) = row.dyn_into::<web_sys::HtmlElement>() {
                        let top = row.offset_top() - scroll.client_height() / 2;
                        scroll.set_scroll_top(top.max(0));
                    }
                }
            }
        });
    }
    // One string of markup each for the gutter and the coloured code: a paste of thousands of
    // lines costs one parse of the browser's, not a virtual-DOM node per line and span. Past
    // COLOURED_LINES lines, plain text: colouring a 1 MB paste would cost seconds a keystroke.
    let layers = use_memo(((*text).clone(), error_line, texts.line_has_error), |(text, error_line, title)| {
        let count = line_count_of(text);
        if count > COLOURED_LINES {
            let numbers = (1..=count).map(|n| n.to_string()).collect::<Vec<_>>().join("\n");
            (Html::from(numbers), Html::from(format!("{text}\n")))
        } else {
            let gutter = gutter_markup(count, *error_line, title);
            let code = code_markup(&highlight(text), *error_line);
            (Html::from_html_unchecked(gutter.into()), Html::from_html_unchecked(code.into()))
        }
    });
    let plain = line_count > COLOURED_LINES;
    let reply_view = match &*reply {
        None => html! { <div id="editor-reply" class="reply" role="status"></div> },
        Some(r) if r.ok => html! {
            <div id="editor-reply" class="reply ok" role="status"><pre translate="no">{ r.message.clone() }</pre></div>
        },
        Some(r) => {
            let location = r.line.map(|line| {
                let go = go_to_line.reform(move |_: MouseEvent| line);
                html! {
                    <p class="error-location">
                        <strong>{ (texts.error_at)(line, r.column) }</strong>
                        { for r.path.as_ref().map(|p| html! { <>{ " · " }{ texts.error_field }{ " " }<code translate="no">{ p.clone() }</code></> }) }
                        <button type="button" class="link" onclick={go}>{ (texts.go_to_line)(line) }</button>
                    </p>
                }
            });
            html! {
                <div id="editor-reply" class="reply error" role="alert" data-line={r.line.map(|l| l.to_string())}>
                    { for location }
                    <pre translate="no">{ r.message.clone() }</pre>
                    <p class="nothing-applied">{ texts.nothing_applied }</p>
                </div>
            }
        }
    };
    let n_lines = line_count.max(1);
    html! {
        <section class="panel editor" aria-labelledby="editor-heading">
            <div class="panel-head">
                <h2 id="editor-heading">{ texts.editor_heading }</h2>
                <select class="template-menu" aria-label={texts.template_menu} onchange={on_template}>
                    <option value="" selected=true>{ texts.template_placeholder }</option>
                    { for Template::ALL.iter().map(|t| html! {
                        <option value={t.file()}>{ (texts.template_label)(*t) }</option>
                    }) }
                </select>
                <button type="button" class="primary apply-button" title={texts.apply_title}
                    aria-keyshortcuts="Control+Enter Meta+Enter" {onclick}>{ texts.apply }</button>
            </div>
            <div class="editor-scroll" translate="no" ref={scroller}>
                <pre class="editor-gutter" aria-hidden="true">{ layers.0.clone() }</pre>
                <div class="editor-code" style={format!("--lines: {n_lines}")}>
                    <pre class="editor-highlight" aria-hidden="true">{ layers.1.clone() }</pre>
                    <textarea ref={textarea} class="editor-input" spellcheck="false" autocapitalize="off"
                        autocomplete="off" wrap="off" aria-label={texts.editor_label}
                        aria-describedby="editor-hint editor-reply" aria-invalid={error_line.is_some().to_string()}
                        value={(**text).clone()} {oninput} {onkeydown} />
                </div>
            </div>
            <p class="hint" id="editor-hint">
                { texts.editor_hint }
                if plain { { " " }{ (texts.editor_plain)(COLOURED_LINES) } }
            </p>
            { reply_view }
        </section>
    }
}

fn line_count_of(text: &str) -> usize {
    text.split('\n').count()
}

/// The line numbers, one `.gutter-line` per line; the error's line is marked `● N`, with
/// `title` as its tooltip.
fn gutter_markup(lines: usize, error_line: Option<usize>, title: &str) -> String {
    let mut out = String::with_capacity(lines * 40);
    for number in 1..=lines.max(1) {
        if Some(number) == error_line {
            out.push_str("<span class=\"gutter-line gutter-error\" title=\"");
            escape_into(&mut out, title);
            out.push_str(&format!("\">● {number}\n</span>"));
        } else {
            out.push_str(&format!("<span class=\"gutter-line\">{number}\n</span>"));
        }
    }
    out
}

/// The coloured lines: one `.code-line` (with `data-line`) per line, a span per coloured
/// piece; the error's line is marked `code-error`.
fn code_markup(lines: &[Vec<Span>], error_line: Option<usize>) -> String {
    let mut out =
        String::with_capacity(lines.iter().flatten().map(|s| s.text.len() + 30).sum::<usize>() + 50 * lines.len());
    for (idx, spans) in lines.iter().enumerate() {
        let error = if Some(idx + 1) == error_line { " code-error" } else { "" };
        out.push_str(&format!("<span class=\"code-line{error}\" data-line=\"{}\">", idx + 1));
        for span in spans {
            out.push_str("<span class=\"");
            out.push_str(span.class.css());
            out.push_str("\">");
            escape_into(&mut out, &span.text);
            out.push_str("</span>");
        }
        out.push_str("\n</span>");
    }
    out
}

/// `text` as HTML text or attribute value.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
}

/// Shift+Tab: removes up to two leading spaces from the caret's line.
fn dedent(area: &HtmlTextAreaElement) {
    let value = area.value();
    let caret_utf16 = area.selection_start().ok().flatten().unwrap_or(0) as usize;
    let caret = byte_offset_of_utf16(&value, caret_utf16);
    let line_start = value[..caret].rfind('\n').map_or(0, |i| i + 1);
    let removable = value[line_start..].chars().take(INDENT.len()).take_while(|c| *c == ' ').count();
    if removable == 0 {
        return;
    }
    let start = value[..line_start].encode_utf16().count() as u32;
    let _ = area.set_range_text_with_start_and_end("", start, start + removable as u32);
    let new_caret = (caret_utf16 as u32).saturating_sub(removable as u32).max(start);
    let _ = area.set_selection_range(new_caret, new_caret);
}

/// The UTF-16 offset (what the DOM counts) of the start of 1-based `line`.
pub fn utf16_offset_of_line(text: &str, line: usize) -> u32 {
    let byte = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum::<usize>();
    text[..byte.min(text.len())].encode_utf16().count() as u32
}

fn byte_offset_of_utf16(text: &str, utf16: usize) -> usize {
    let mut count = 0;
    for (idx, c) in text.char_indices() {
        if count >= utf16 {
            return idx;
        }
        count += c.len_utf16();
    }
    text.len()
}

/// Where the editor's text is kept across reloads (localStorage key).
pub const EDITOR_KEY: &str = "kubeplay.editor";

/// The editor's slot: Apply goes to the page's session as `kubectl apply -f editor.yaml`; the
/// text is kept across reloads and is the file `editor.yaml` for the console's `apply -f`.
#[component]
pub fn Editor() -> Html {
    let host = super::host::use_panel_host();
    let initial = use_memo((), |_| {
        AttrValue::from(storage::get(EDITOR_KEY).unwrap_or_else(|| crate::ui::state::STARTER_MANIFEST.to_string()))
    });
    {
        let (host, initial) = (host.clone(), initial.clone());
        use_effect_with(host.clone(), move |_| host.set_file(EDITOR_FILE, &initial));
    }
    let on_apply = use_memo(host.clone(), |host| {
        let host = host.clone();
        Callback::from(move |text: String| host.apply(EDITOR_FILE, &text))
    });
    let on_change = use_memo(host.clone(), |host| {
        let host = host.clone();
        Callback::from(move |text: String| {
            storage::set(EDITOR_KEY, &text);
            host.set_file(EDITOR_FILE, &text);
        })
    });
    html! { <YamlEditor on_apply={(*on_apply).clone()} on_change={(*on_change).clone()} initial={(*initial).clone()} /> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_offsets_count_utf16() {
        let text = "a: 1\n名字: x\nc: 3\n";
        assert_eq!(utf16_offset_of_line(text, 1), 0);
        assert_eq!(utf16_offset_of_line(text, 2), 5);
        assert_eq!(utf16_offset_of_line(text, 3), 11);
        assert_eq!(utf16_offset_of_line(text, 99), text.encode_utf16().count() as u32);
        assert_eq!(byte_offset_of_utf16(text, 6), 8);
    }

    #[test]
    fn the_markup_reproduces_the_text_escaped_with_the_error_line_marked() {
        let text = "a: \"<b> & c\"\n# x\n";
        let code = code_markup(&highlight(text), Some(2));
        assert!(code.starts_with("<span class=\"code-line\" data-line=\"1\"><span class=\"y-key\">a</span>"), "{code}");
        assert!(code.contains("&quot;&lt;b&gt; &amp; c&quot;"), "{code}");
        assert!(
            code.contains("<span class=\"code-line code-error\" data-line=\"2\"><span class=\"y-comment\"># x</span>")
        );
        assert_eq!(code.matches("class=\"code-line").count(), 3, "a trailing newline gives a last, empty line");
        let gutter = gutter_markup(3, Some(2), "an \"error\"");
        assert_eq!(
            gutter,
            "<span class=\"gutter-line\">1\n</span><span class=\"gutter-line gutter-error\" title=\"an &quot;error&quot;\">● 2\n</span><span class=\"gutter-line\">3\n</span>"
        );
        assert_eq!(gutter_markup(0, None, ""), "<span class=\"gutter-line\">1\n</span>");
    }

    #[test]
    fn a_failed_apply_is_located_at_its_line_with_the_field_path() {
        let text = Template::DeploymentProbes.text().replace("  replicas: 3", "  replicas: -3");
        let line = text.lines().position(|l| l.contains("replicas: -3")).unwrap() + 1;
        let reply = Reply::of(&text, Output::err("The Deployment \"web\" is invalid"));
        assert!(!reply.ok);
        assert_eq!(reply.line, Some(line));
        assert_eq!(reply.path.as_deref(), Some("spec.replicas"));
        let typo = Template::LivenessExec.text().replace("livenessProbe", "livenesProbe");
        let line = typo.lines().position(|l| l.contains("livenesProbe")).unwrap() + 1;
        let reply = Reply::of(&typo, Output::err("error"));
        assert_eq!(reply.line, Some(line), "{reply:?}");
        let ok = Reply::of("kind: [", Output::ok("pod/x created"));
        assert!(ok.ok && ok.line.is_none());
    }
}
