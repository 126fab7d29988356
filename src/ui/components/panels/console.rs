//! The console: type the command language, read kubectl's output. History (↑/↓), tab
//! completion (`complete`), `clear`, `get -w` rows streaming in while the clock runs (Ctrl+C
//! stops), and the prompt of an interactive shell (`kubectl exec -it POD -- sh`) until `exit`.

use std::collections::VecDeque;

use gloo_timers::callback::{Interval, Timeout};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::complete::{complete, Names};
use super::host::Host;
use crate::engine::Cluster;
use crate::ui::i18n::use_texts;

/// Lines the console keeps on screen (older ones scroll away for good).
pub const MAX_LINES: usize = 1000;
/// Commands the history keeps.
pub const MAX_HISTORY: usize = 200;
/// How often running watches are read [ms of wall clock].
const WATCH_POLL_MS: u32 = 200;
/// The prompt before a typed line.
pub const PROMPT: &str = "$";

/// One line on the console's screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    /// What was typed, after its prompt.
    Input { prompt: String, text: String },
    /// What a command printed; `ok` false for an error.
    Output { text: String, ok: bool },
    /// A note of the console itself (completions, `^C`).
    Note(String),
    /// The welcome line, shown in the page's current language (it follows a language switch).
    Welcome,
}

/// The console's screen and history (pure; the component owns one).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Transcript {
    pub lines: VecDeque<Line>,
    history: Vec<String>,
    /// Position while browsing the history with ↑/↓, and the line being typed before.
    browsing: Option<(usize, String)>,
    /// Bumped on every change, so the view knows when to scroll down.
    pub revision: u64,
}

impl Transcript {
    pub fn push(&mut self, line: Line) {
        // Long outputs are split into lines so the bound counts screen lines.
        match line {
            Line::Output { text, ok } => {
                for part in text.trim_end_matches('\n').split('\n') {
                    self.lines.push_back(Line::Output { text: part.to_string(), ok });
                }
            }
            other => self.lines.push_back(other),
        }
        while self.lines.len() > MAX_LINES {
            self.lines.pop_front();
        }
        self.revision += 1;
    }

    pub fn clear(&mut self) {
        self.lines.clear();
        self.revision += 1;
    }

    /// Remembers a typed line (not blank, not a repeat of the last one).
    pub fn remember(&mut self, line: &str) {
        self.browsing = None;
        let line = line.trim();
        if line.is_empty() || self.history.last().is_some_and(|last| last == line) {
            return;
        }
        self.history.push(line.to_string());
        if self.history.len() > MAX_HISTORY {
            self.history.remove(0);
        }
    }

    /// ↑: the previous command (keeping what was being typed for ↓ to bring back).
    pub fn earlier(&mut self, typing: &str) -> Option<String> {
        let idx = match &self.browsing {
            None if self.history.is_empty() => return None,
            None => {
                self.browsing = Some((self.history.len() - 1, typing.to_string()));
                self.history.len() - 1
            }
            Some((idx, draft)) => {
                let idx = idx.saturating_sub(1);
                self.browsing = Some((idx, draft.clone()));
                idx
            }
        };
        self.history.get(idx).cloned()
    }

    /// ↓: the next command, or back to the line being typed.
    pub fn later(&mut self) -> Option<String> {
        let (idx, draft) = self.browsing.take()?;
        if idx + 1 < self.history.len() {
            self.browsing = Some((idx + 1, draft));
            self.history.get(idx + 1).cloned()
        } else {
            Some(draft)
        }
    }
}

/// What typing `line` means to the console itself, before the Session sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Builtin {
    Clear,
    /// Anything else goes to the Session.
    None,
}

pub fn builtin(line: &str) -> Builtin {
    match line.trim() {
        "clear" | "cls" => Builtin::Clear,
        _ => Builtin::None,
    }
}

/// The prompt to show: the shell's (`root@POD:/app#`) inside `kubectl exec -it`, else `$`.
pub fn prompt_of(shell_prompt: Option<String>) -> String {
    shell_prompt.map(|p| p.trim_end().to_string()).unwrap_or_else(|| PROMPT.to_string())
}

/// The names tab completion offers, read from the cluster.
pub fn names_of(cluster: &Cluster) -> Names {
    let store = &cluster.store();
    Names {
        pods: store.pods().keys().cloned().collect(),
        deployments: store.deployments.keys().cloned().collect(),
        replicasets: store.replicasets.keys().cloned().collect(),
        services: store.services.keys().cloned().collect(),
        nodes: store.nodes.keys().cloned().collect(),
        hpas: store.hpas.keys().cloned().collect(),
        files: vec![super::editor::EDITOR_FILE.to_string()],
    }
}

/// What other parts of the page send the console: a command to put in its input (a lesson's
/// clickable code), or lines played for the learner ("Show me"). Provided by the lesson panel;
/// `rev` changes whenever the queue has something new. `run`, when it answers, runs a typed
/// line instead of the host (a lesson runs `sleep` with its checks watching every event).
#[derive(Clone)]
pub struct ConsoleFeed {
    pub queue: std::rc::Rc<std::cell::RefCell<Vec<FeedItem>>>,
    pub rev: u64,
    pub run: Option<std::rc::Rc<LineRunner>>,
}

/// Runs a line, or answers `None` to leave it to the host.
pub type LineRunner = dyn Fn(&str) -> Option<crate::cmd::Output>;

impl PartialEq for ConsoleFeed {
    fn eq(&self, other: &ConsoleFeed) -> bool {
        self.rev == other.rev && std::rc::Rc::ptr_eq(&self.queue, &other.queue)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum FeedItem {
    Prefill(String),
    Played(Vec<(String, crate::cmd::Output)>),
}

#[derive(Properties, PartialEq)]
pub struct ConsoleViewProps {
    pub host: Host,
}

#[component]
pub fn ConsoleView(props: &ConsoleViewProps) -> Html {
    let texts = use_texts().panels;
    let transcript = use_mut_ref(|| {
        let mut t = Transcript::default();
        t.push(Line::Welcome);
        t
    });
    // Re-render when the transcript changes (it lives in a RefCell shared with the timer).
    let revision = use_state(|| 0u64);
    let input = use_state(String::new);
    let watching = use_state(|| props.host.watching());
    let screen = use_node_ref();
    let input_ref = use_node_ref();
    let section = use_node_ref();

    let refresh = {
        let (transcript, revision) = (transcript.clone(), revision.clone());
        Callback::from(move |()| revision.set(transcript.borrow().revision))
    };
    // While a watch runs, its rows stream in.
    {
        let (host, transcript, refresh, watching) =
            (props.host.clone(), transcript.clone(), refresh.clone(), watching.clone());
        use_effect_with((props.host.clone(), *watching), move |(_, on)| {
            let interval = on.then(|| {
                Interval::new(WATCH_POLL_MS, move || {
                    let rows = host.take_watch_rows();
                    if !rows.is_empty() {
                        let mut t = transcript.borrow_mut();
                        for row in rows {
                            t.push(Line::Output { text: row, ok: true });
                        }
                        drop(t);
                        refresh.emit(());
                    }
                    if !host.watching() {
                        watching.set(false);
                    }
                })
            });
            move || drop(interval)
        });
    }
    // Commands and lines sent by the lesson panel. The tabs bring the console to the front
    // in the same render; focus and scrolling wait for that (a hidden input takes no focus).
    {
        let feed = use_context::<ConsoleFeed>();
        let (transcript, refresh, input, input_ref, section) =
            (transcript.clone(), refresh.clone(), input.clone(), input_ref.clone(), section.clone());
        use_effect_with(feed.clone(), move |feed| {
            let items: Vec<FeedItem> =
                feed.as_ref().map(|f| f.queue.borrow_mut().drain(..).collect()).unwrap_or_default();
            for item in items {
                match item {
                    FeedItem::Prefill(line) => {
                        input.set(line);
                        let input_ref = input_ref.clone();
                        Timeout::new(0, move || {
                            if let Some(element) = input_ref.cast::<HtmlInputElement>() {
                                let _ = element.focus();
                            }
                        })
                        .forget();
                    }
                    FeedItem::Played(lines) => {
                        let mut t = transcript.borrow_mut();
                        t.push(Line::Note(texts.console_played.to_string()));
                        for (line, output) in lines {
                            t.push(Line::Input { prompt: PROMPT.to_string(), text: line });
                            if !output.text.is_empty() {
                                t.push(Line::Output { text: output.text, ok: output.ok });
                            }
                        }
                        drop(t);
                        refresh.emit(());
                        let section = section.clone();
                        Timeout::new(0, move || {
                            if let Some(element) = section.cast::<web_sys::Element>() {
                                scroll_into_view(&element);
                            }
                        })
                        .forget();
                    }
                }
            }
        });
    }
    // Keep the newest line in view.
    {
        let screen = screen.clone();
        use_effect_with(*revision, move |_| {
            if let Some(element) = screen.cast::<web_sys::Element>() {
                element.set_scroll_top(element.scroll_height());
            }
        });
    }

    let stop_watch = {
        let (host, transcript, refresh, watching) =
            (props.host.clone(), transcript.clone(), refresh.clone(), watching.clone());
        Callback::from(move |()| {
            host.stop_watches();
            transcript.borrow_mut().push(Line::Note("^C".to_string()));
            watching.set(false);
            refresh.emit(());
        })
    };
    let runner = use_context::<ConsoleFeed>().and_then(|feed| feed.run);
    let submit = {
        let (host, transcript, refresh, input, watching) =
            (props.host.clone(), transcript.clone(), refresh.clone(), input.clone(), watching.clone());
        Callback::from(move |line: String| {
            let prompt = prompt_of(host.shell_prompt());
            input.set(String::new());
            let mut t = transcript.borrow_mut();
            t.remember(&line);
            match builtin(&line) {
                // `clear` clears the screen in the container's shell too.
                Builtin::Clear => t.clear(),
                _ => {
                    t.push(Line::Input { prompt, text: line.clone() });
                    // A new command ends a running watch, as typing in the same terminal would.
                    if host.watching() {
                        host.stop_watches();
                    }
                    let output = runner.as_ref().and_then(|run| run(&line)).unwrap_or_else(|| host.run(&line));
                    if !output.text.is_empty() {
                        t.push(Line::Output { text: output.text, ok: output.ok });
                    }
                    for row in host.take_watch_rows() {
                        t.push(Line::Output { text: row, ok: true });
                    }
                    watching.set(host.watching());
                }
            }
            drop(t);
            refresh.emit(());
        })
    };
    let oninput = {
        let input = input.clone();
        Callback::from(move |event: InputEvent| {
            let element: HtmlInputElement = event.target_unchecked_into();
            input.set(element.value());
        })
    };
    let onkeydown = {
        let (host, transcript, refresh, input, submit, stop_watch) = (
            props.host.clone(),
            transcript.clone(),
            refresh.clone(),
            input.clone(),
            submit.clone(),
            stop_watch.clone(),
        );
        Callback::from(move |event: KeyboardEvent| {
            let element: HtmlInputElement = event.target_unchecked_into();
            let value = element.value();
            match event.key().as_str() {
                "Enter" => {
                    event.prevent_default();
                    submit.emit(value);
                }
                "ArrowUp" => {
                    event.prevent_default();
                    if let Some(line) = transcript.borrow_mut().earlier(&value) {
                        input.set(line);
                    }
                }
                "ArrowDown" => {
                    event.prevent_default();
                    if let Some(line) = transcript.borrow_mut().later() {
                        input.set(line);
                    }
                }
                // Tab completes a started line; on an empty line it moves focus on (no trap).
                "Tab" if !value.trim().is_empty() && !event.shift_key() => {
                    event.prevent_default();
                    let mut names = Names::default();
                    host.with_cluster(&mut |cluster| names = names_of(cluster));
                    if let Some(completion) = complete(&value, &names) {
                        if !completion.candidates.is_empty() {
                            transcript.borrow_mut().push(Line::Note(completion.candidates.join("  ")));
                            refresh.emit(());
                        }
                        input.set(completion.apply(&value));
                    }
                }
                "c" if event.ctrl_key() && host.watching() => {
                    event.prevent_default();
                    stop_watch.emit(());
                }
                "l" if event.ctrl_key() => {
                    event.prevent_default();
                    transcript.borrow_mut().clear();
                    refresh.emit(());
                }
                _ => {}
            }
        })
    };
    let focus_input = {
        let input_ref = input_ref.clone();
        Callback::from(move |_: MouseEvent| {
            // A click on the screen (not a text selection) puts the caret in the input.
            let selecting =
                web_sys::window().and_then(|w| w.get_selection().ok().flatten()).is_some_and(|s| !s.is_collapsed());
            if let (Some(input), false) = (input_ref.cast::<HtmlInputElement>(), selecting) {
                let _ = input.focus();
            }
        })
    };
    let prompt = prompt_of(props.host.shell_prompt());
    let t = transcript.borrow();
    let lines = t.lines.iter().map(|line| match line {
        Line::Input { prompt, text } => html! {
            <div class="con-line con-input"><span class="con-prompt">{ prompt.clone() }{ " " }</span>{ text.clone() }</div>
        },
        Line::Output { text, ok } => html! {
            <div class={classes!("con-line", if *ok { "con-out" } else { "con-err" })}>{ text.clone() }</div>
        },
        Line::Note(text) => html! { <div class="con-line con-note">{ text.clone() }</div> },
        Line::Welcome => html! { <div class="con-line con-note">{ texts.console_welcome }</div> },
    });
    html! {
        <section class="console" aria-label={texts.console_heading} ref={section}>
            <div class="console-screen" ref={screen} role="log" aria-live="polite" aria-label={texts.console_heading}
                translate="no" onclick={focus_input}>
                { for lines }
            </div>
            <div class="console-input-row">
                <label class="con-prompt" for="console-input" translate="no">{ prompt }</label>
                <input id="console-input" ref={input_ref} class="console-input" type="text" spellcheck="false"
                    autocomplete="off" autocapitalize="off" aria-label={texts.console_input_label}
                    aria-describedby="console-hint" value={(*input).clone()} {oninput} {onkeydown} />
                if *watching {
                    <button type="button" class="stop-watch" onclick={stop_watch.reform(|_: MouseEvent| ())}>
                        { texts.console_stop_watch }
                    </button>
                }
            </div>
            <p class="hint" id="console-hint">{ if *watching { texts.console_watching } else { texts.console_hint } }</p>
        </section>
    }
}

/// Scrolls the page just enough to show `element` whole (or its top, if it is taller than the
/// window): the played lines come into view without moving what is already visible further
/// than needed.
fn scroll_into_view(element: &web_sys::Element) {
    let Some(window) = web_sys::window() else { return };
    let rect = element.get_bounding_client_rect();
    let height = window.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
    let by = if rect.bottom() > height { (rect.bottom() - height + 8.0).min(rect.top() - 8.0) } else { 0.0 };
    let by = if rect.top() < 0.0 { rect.top() - 8.0 } else { by };
    if by != 0.0 {
        window.scroll_by_with_x_and_y(0.0, by);
    }
}

/// The console tab's slot.
#[component]
pub fn Console() -> Html {
    let host = super::host::use_panel_host();
    html! { <ConsoleView {host} /> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_walks_back_and_forth_and_keeps_the_draft() {
        let mut t = Transcript::default();
        for line in ["kubectl get pods", "kubectl get pods", "  ", "kubectl get nodes"] {
            t.remember(line);
        }
        assert_eq!(t.earlier("kubectl des").as_deref(), Some("kubectl get nodes"));
        assert_eq!(t.earlier("ignored").as_deref(), Some("kubectl get pods"));
        assert_eq!(t.earlier("ignored").as_deref(), Some("kubectl get pods"), "stays at the oldest");
        assert_eq!(t.later().as_deref(), Some("kubectl get nodes"));
        assert_eq!(t.later().as_deref(), Some("kubectl des"), "the draft comes back");
        assert_eq!(t.later(), None);
        assert_eq!(Transcript::default().earlier("x"), None);
    }

    #[test]
    fn the_screen_is_bounded_and_outputs_are_split_into_lines() {
        let mut t = Transcript::default();
        t.push(Line::Output { text: "a\nb\n".to_string(), ok: true });
        assert_eq!(t.lines.len(), 2);
        for i in 0..MAX_LINES + 10 {
            t.push(Line::Note(i.to_string()));
        }
        assert_eq!(t.lines.len(), MAX_LINES);
        assert_eq!(t.lines.back(), Some(&Line::Note((MAX_LINES + 9).to_string())));
        t.clear();
        assert!(t.lines.is_empty());
    }

    #[test]
    fn builtins() {
        assert_eq!(builtin(" clear "), Builtin::Clear);
        assert_eq!(builtin("kubectl get pods"), Builtin::None);
        assert_eq!(prompt_of(None), "$");
        assert_eq!(prompt_of(Some("root@web-1:/app# ".into())), "root@web-1:/app#");
    }

    #[test]
    fn completion_names_come_from_the_cluster() {
        let mut cluster = Cluster::new(1);
        let files = std::collections::BTreeMap::new();
        let out = crate::cmd::run(&mut cluster, &files, "kubectl create deployment web --image=nginx --replicas=2");
        assert!(out.ok, "{}", out.text);
        let names = names_of(&cluster);
        assert_eq!(names.deployments, ["web"]);
        assert_eq!(names.pods.len(), 2);
        assert_eq!(names.nodes.len(), 3);
    }
}
