//! The lesson dock in the side column: the picker (with progress, teacher mode, progress
//! export/import) or the panel of the lesson in progress (intro, step text, checklist, hints,
//! fast-forward, "Show me", undo, restart step, next, finish summary).

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::model::Message;
use super::{focus, use_lesson, LessonCtx};
use crate::lessons::markdown::{self, Block, Inline, Sources};
use crate::lessons::runtime::StepStatus;
use crate::lessons::{Lang as LessonLang, Lesson, Step, Text};
use crate::ui::i18n::lessons::{lesson_lang, lesson_texts, LessonTexts};
use crate::ui::i18n::use_lang;

/// Words that start a line of the command language: inline code starting with one is a
/// command the learner can put in the console.
const COMMAND_WORDS: &[&str] = &["kubectl ", "load ", "node ", "kill ", "sleep "];

fn is_command(code: &str) -> bool {
    COMMAND_WORDS.iter().any(|w| code.starts_with(w))
}

/// A command as a button that puts it in the console.
fn command_button(ctx: &LessonCtx, texts: &LessonTexts, line: &str, block: bool) -> Html {
    let onclick = {
        let (ctx, line) = (ctx.clone(), line.to_string());
        Callback::from(move |_: MouseEvent| ctx.put_in_console(&line))
    };
    html! {
        <button type="button" class={classes!("lesson-cmd", block.then_some("block"))} translate="no"
            aria-label={(texts.put_in_console)(line)} title={(texts.put_in_console)(line)} {onclick}>
            <code>{ line.to_string() }</code>
        </button>
    }
}

fn inline_html(ctx: &LessonCtx, texts: &LessonTexts, inline: &Inline) -> Html {
    match inline {
        Inline::Text(text) => html! { { text.clone() } },
        Inline::Code(code) if is_command(code) => command_button(ctx, texts, code, false),
        Inline::Code(code) => html! { <code translate="no">{ code.clone() }</code> },
        Inline::Strong(text) => html! { <strong>{ text.clone() }</strong> },
        Inline::Em(text) => html! { <em>{ text.clone() }</em> },
    }
}

fn inlines_html(ctx: &LessonCtx, texts: &LessonTexts, inlines: &[Inline]) -> Html {
    html! { <>{ for inlines.iter().map(|inline| inline_html(ctx, texts, inline)) }</> }
}

/// The safe Markdown subset as HTML (never raw HTML: every piece is a text node).
fn markdown_html(ctx: &LessonCtx, texts: &LessonTexts, text: &str, lesson: &Lesson, step: Option<&Step>) -> Html {
    let blocks = match markdown::render(text, &Sources { lesson, step }) {
        Ok(blocks) => blocks,
        Err(_) => vec![Block::Paragraph(vec![Inline::Text(text.to_string())])],
    };
    let block_html = |block: &Block| match block {
        Block::Heading(inlines) => html! { <h4>{ inlines_html(ctx, texts, inlines) }</h4> },
        Block::Paragraph(inlines) => html! { <p>{ inlines_html(ctx, texts, inlines) }</p> },
        Block::List { ordered: true, items } => html! {
            <ol>{ for items.iter().map(|item| html! { <li>{ inlines_html(ctx, texts, item) }</li> }) }</ol>
        },
        Block::List { ordered: false, items } => html! {
            <ul>{ for items.iter().map(|item| html! { <li>{ inlines_html(ctx, texts, item) }</li> }) }</ul>
        },
        Block::Code { lang, text } if lang == "shell" => html! {
            <div class="lesson-cmds">
                { for text.lines().filter(|l| !l.trim().is_empty()).map(|line| command_button(ctx, texts, line, true)) }
            </div>
        },
        Block::Code { text, .. } => {
            html! { <pre class="lesson-file" translate="no"><code>{ text.clone() }</code></pre> }
        }
    };
    html! { <>{ for blocks.iter().map(block_html) }</> }
}

/// A check label or hint: one line of the safe subset, without the paragraph around it.
fn short_html(ctx: &LessonCtx, texts: &LessonTexts, text: &str, lesson: &Lesson, step: Option<&Step>) -> Html {
    match markdown::render(text, &Sources { lesson, step }) {
        Ok(blocks) if blocks.len() == 1 => match &blocks[0] {
            Block::Paragraph(inlines) => inlines_html(ctx, texts, inlines),
            _ => markdown_html(ctx, texts, text, lesson, step),
        },
        _ => markdown_html(ctx, texts, text, lesson, step),
    }
}

fn confirm(question: &str) -> bool {
    web_sys::window().and_then(|w| w.confirm_with_message(question).ok()).unwrap_or(false)
}

fn element_by_id(id: &str) -> Option<web_sys::Element> {
    web_sys::window()?.document()?.get_element_by_id(id)
}

fn focus_by_id(id: &str) {
    if let Some(element) = element_by_id(id).and_then(|element| element.dyn_into::<HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

/// Whether keyboard focus is nowhere (on the page's body, e.g. after the focused button went
/// away) or inside the lesson panel: then it may move on without taking the learner away from
/// what they were doing (typing in the console, say).
fn focus_is_free() -> bool {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else { return false };
    match document.active_element() {
        None => true,
        Some(element) => {
            element.tag_name().eq_ignore_ascii_case("body") || element.closest("#lesson-panel").ok().flatten().is_some()
        }
    }
}

/// The side column's lesson area: the picker when open, else the lesson in progress. After a
/// render it moves keyboard focus where the learner continues: the picker when it opens, the
/// Lessons button when it closes, Begin when a lesson opens, the step's title on a new step,
/// Next step when the step passes (unless focus is elsewhere, e.g. in the console).
#[component]
pub fn LessonDock() -> Html {
    let ctx = use_lesson();
    let passed = ctx.as_ref().and_then(|ctx| {
        let model = ctx.model.borrow();
        let tracker = model.tracker.as_ref()?;
        let (_, state) = tracker.current_step()?;
        Some((tracker.lesson.id.clone(), tracker.current, state.done_at.is_some(), model.intro))
    });
    let last_passed = use_mut_ref(|| None::<(String, usize, bool, bool)>);
    {
        let ctx = ctx.clone();
        use_effect(move || {
            let (requested, reveal) = ctx
                .as_ref()
                .map(|ctx| {
                    let mut model = ctx.model.borrow_mut();
                    (model.focus.take(), model.reveal.take())
                })
                .unwrap_or_default();
            if let Some(element) = reveal.and_then(element_by_id) {
                element.scroll_into_view_with_bool(false);
            }
            let before = last_passed.replace(passed.clone());
            if let Some(id) = requested {
                focus_by_id(id);
            } else if let (Some((lesson, step, false, _)), Some((now_lesson, now_step, true, false))) = (before, passed)
            {
                if lesson == now_lesson && step == now_step && focus_is_free() {
                    focus_by_id(focus::NEXT);
                }
            }
        });
    }
    let Some(ctx) = ctx else { return html! {} };
    let (open, active) = {
        let model = ctx.model.borrow();
        (model.picker_open, model.tracker.is_some())
    };
    if !open && !active {
        return html! {};
    }
    html! {
        <div class="lesson-dock">
            if open { <Picker /> }
            if active { <LessonPanel /> }
        </div>
    }
}

#[component]
fn Picker() -> Html {
    let Some(ctx) = use_lesson() else { return html! {} };
    let lang = use_lang().lang;
    let texts = lesson_texts(lang);
    let ll = lesson_lang(lang);
    let import_ref = use_node_ref();
    let export_open = use_state_eq(|| false);
    let all = crate::lessons::builtin().unwrap_or_default();
    if all.is_empty() {
        // The lessons' texts are still on their way (`services::lessons`): the picker opens
        // (its heading takes the focus) and lists them when they come. If they could not be
        // fetched (offline since the page started), it says so and offers to try again.
        let failed = ctx.files.state == crate::ui::services::lessons::Files::Failed;
        let retry = {
            let retry = ctx.files.retry.clone();
            Callback::from(move |_: MouseEvent| retry.emit(()))
        };
        let close = {
            let ctx = ctx.clone();
            Callback::from(move |_: MouseEvent| ctx.open_picker(false))
        };
        let on_key = {
            let ctx = ctx.clone();
            Callback::from(move |event: KeyboardEvent| {
                if event.key() == "Escape" {
                    event.prevent_default();
                    ctx.open_picker(false);
                }
            })
        };
        return html! {
            <section class="panel lesson-picker" aria-labelledby="lesson-picker-heading" aria-busy={(!failed).to_string()} onkeydown={on_key}>
                <div class="lesson-head">
                    <h2 id="lesson-picker-heading" tabindex="-1">{ texts.picker_heading }</h2>
                    <button type="button" class="lesson-close" onclick={close}>{ texts.close }</button>
                </div>
                if failed {
                    <p class="hint" role="alert">{ texts.load_failed }</p>
                    <button type="button" onclick={retry}>{ texts.try_again }</button>
                } else {
                    <p class="hint" role="status">{ texts.loading }</p>
                }
            </section>
        };
    }
    let model = ctx.model.borrow();
    let current = model.tracker.as_ref().map(|t| t.lesson.id.clone());
    let row = |lesson: &Lesson| {
        let done = model.book.done(lesson);
        let total = lesson.steps.len();
        let status = if model.book.finished(&lesson.id) {
            texts.finished.to_string()
        } else if done == 0 {
            texts.not_started.to_string()
        } else {
            (texts.progress)(done, total)
        };
        let title = lesson.title.get(ll).to_string();
        let is_current = current.as_deref() == Some(lesson.id.as_str());
        let onclick = {
            let (ctx, slug) = (ctx.clone(), lesson.id.clone());
            Callback::from(move |_: MouseEvent| {
                if is_current {
                    ctx.continue_lesson();
                } else if !ctx.has_work() || confirm(texts.replace_confirm) {
                    ctx.start(&slug);
                }
            })
        };
        html! {
            <li class="lesson-row" data-lesson={lesson.id.clone()}>
                <div class="lesson-row-text">
                    <span class="lesson-row-title">{ title.clone() }</span>
                    <span class="lesson-row-meta">{ lesson.estimate.get(ll).to_string() }{ " · " }{ status }</span>
                    <progress max={total.to_string()} value={done.to_string()} aria-label={(texts.progress)(done, total)}></progress>
                </div>
                <button type="button" class="lesson-start" aria-label={(texts.start_aria)(&title)} {onclick}>
                    { if is_current { texts.continue_lesson } else { texts.start } }
                </button>
            </li>
        }
    };
    let on_close = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.open_picker(false))
    };
    let on_teacher = {
        let ctx = ctx.clone();
        let on = model.teacher;
        Callback::from(move |_: Event| ctx.set_teacher(!on))
    };
    let on_export = {
        let export_open = export_open.clone();
        Callback::from(move |_: MouseEvent| export_open.set(!*export_open))
    };
    let on_import = {
        let (ctx, import_ref) = (ctx.clone(), import_ref.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(area) = import_ref.cast::<HtmlTextAreaElement>() {
                ctx.import(&area.value());
                area.set_value("");
            }
        })
    };
    let message = match &model.message {
        Some(Message::Imported(n)) => Some((texts.import_done)(*n)),
        Some(Message::ImportFailed) => Some(texts.import_failed.to_string()),
        Some(Message::UnknownLesson(slug)) => Some((texts.unknown_lesson)(slug)),
        _ => None,
    };
    let export_text = model.book.encode();
    let export_href =
        format!("data:application/json;charset=utf-8,{}", String::from(js_sys::encode_uri_component(&export_text)));
    // Escape closes the picker (focus goes back to the Lessons button).
    let on_key = {
        let ctx = ctx.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                event.prevent_default();
                ctx.open_picker(false);
            }
        })
    };
    html! {
        <section class="panel lesson-picker" aria-labelledby="lesson-picker-heading" onkeydown={on_key}>
            <div class="lesson-head">
                <h2 id="lesson-picker-heading" tabindex="-1">{ texts.picker_heading }</h2>
                <button type="button" class="lesson-close" onclick={on_close}>{ texts.close }</button>
            </div>
            <p class="hint">{ texts.picker_intro }</p>
            if let Some(message) = message {
                <p class="lesson-message" role="status">{ message }</p>
            }
            <ul class="lesson-list">{ for all.iter().map(row) }</ul>
            <label class="lesson-teacher">
                <input type="checkbox" checked={model.teacher} onchange={on_teacher} />
                { texts.teacher_mode }
                <span class="hint">{ " — " }{ texts.teacher_mode_hint }</span>
            </label>
            <details class="lesson-progress-io">
                <summary>{ texts.export }{ " / " }{ texts.import }</summary>
                <button type="button" onclick={on_export} aria-expanded={export_open.to_string()}>{ texts.export }</button>
                if *export_open {
                    <p class="hint">{ texts.export_hint }</p>
                    <textarea readonly=true class="lesson-export" aria-label={texts.export} value={export_text} translate="no" />
                    <a href={export_href} download="kubeplay-progress.json">{ "kubeplay-progress.json" }</a>
                }
                <label for="lesson-import">{ texts.import_label }</label>
                <textarea id="lesson-import" ref={import_ref} class="lesson-import" translate="no" />
                <button type="button" onclick={on_import}>{ texts.import }</button>
            </details>
        </section>
    }
}

fn status_label(texts: &LessonTexts, status: StepStatus) -> &'static str {
    match status {
        StepStatus::Done => texts.status_done,
        StepStatus::DoneWithHelp => texts.status_help,
        StepStatus::Current => texts.status_current,
        StepStatus::NotReached => texts.status_not_reached,
    }
}

fn status_mark(status: StepStatus) -> &'static str {
    match status {
        StepStatus::Done => "✓",
        StepStatus::DoneWithHelp => "✓",
        StepStatus::Current => "●",
        StepStatus::NotReached => "○",
    }
}

fn text_of(text: &Text, lang: LessonLang) -> String {
    text.get(lang).to_string()
}

#[component]
fn LessonPanel() -> Html {
    let Some(ctx) = use_lesson() else { return html! {} };
    let lang = use_lang().lang;
    let texts = lesson_texts(lang);
    let ll = lesson_lang(lang);
    let model = ctx.model.borrow();
    let Some(tracker) = model.tracker.as_ref() else { return html! {} };
    let lesson = &tracker.lesson;
    let total = lesson.steps.len();
    let statuses = tracker.statuses();
    let teacher = model.teacher;

    let on_leave = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.leave())
    };
    let steps_nav = html! {
        <nav class="lesson-steps" aria-label={texts.steps_nav}>
            <ol>
                { for statuses.iter().enumerate().map(|(idx, (id, status))| {
                    let title = text_of(&lesson.steps[idx].title, ll);
                    let label = format!("{} — {}", title, status_label(texts, *status));
                    let jump = (teacher && idx > tracker.current).then(|| {
                        let (ctx, id) = (ctx.clone(), id.clone());
                        Callback::from(move |_: MouseEvent| ctx.jump_to(&id))
                    });
                    html! {
                        <li class={classes!("lesson-step-item", format!("status-{status:?}").to_ascii_lowercase())}
                            aria-current={(idx == tracker.current).then_some("step")}>
                            <span class="mark" aria-hidden="true">{ status_mark(*status) }</span>
                            if let Some(onclick) = jump {
                                <button type="button" class="linklike" {onclick}>{ label }</button>
                            } else {
                                <span>{ label }</span>
                            }
                        </li>
                    }
                }) }
            </ol>
        </nav>
    };

    let body = if model.intro {
        let on_begin = {
            let ctx = ctx.clone();
            Callback::from(move |_: MouseEvent| ctx.begin())
        };
        let seeds = lesson.seeds.join(", ");
        html! {
            <div class="lesson-intro">
                <p>{ text_of(&lesson.summary, ll) }</p>
                <p class="hint">{ texts.estimate }{ " " }{ text_of(&lesson.estimate, ll) }
                    if !seeds.is_empty() { { " " }{ (texts.seeds)(&seeds) } }
                </p>
                { steps_nav.clone() }
                <button type="button" class="primary" id={focus::BEGIN} onclick={on_begin}>{ texts.begin }</button>
            </div>
        }
    } else if let Some((step, state)) = tracker.current_step() {
        step_html(&ctx, texts, ll, tracker, step, state, &model.message, steps_nav.clone())
    } else {
        // Finished: the summary.
        let alone = statuses.iter().filter(|(_, s)| *s == StepStatus::Done).count();
        let help = statuses.iter().filter(|(_, s)| *s == StepStatus::DoneWithHelp).count();
        let took = ctx.now().to_string();
        html! {
            <div class="lesson-summary" role="status">
                <h3 id={focus::SUMMARY} tabindex="-1">{ texts.summary_heading }</h3>
                <p>{ (texts.summary)(alone, help, &took) }</p>
                if let Some(finish) = &lesson.finish {
                    { markdown_html(&ctx, texts, finish.get(ll), lesson, None) }
                }
                { steps_nav.clone() }
            </div>
        }
    };
    let step_line =
        if tracker.finished() || model.intro { String::new() } else { (texts.step_of)(tracker.current + 1, total) };
    html! {
        <section class="panel lesson-panel" aria-labelledby="lesson-title" id="lesson-panel">
            <h2 id="lesson-title" class="lesson-title">{ text_of(&lesson.title, ll) }</h2>
            <div class="lesson-head">
                <p class="lesson-step-of">{ step_line }</p>
                <button type="button" class="lesson-leave" aria-label={texts.leave_aria} onclick={on_leave}>
                    { texts.leave }
                </button>
            </div>
            if model.message == Some(Message::Resumed) {
                <p class="lesson-message" role="status">{ texts.resumed }</p>
            }
            { body }
        </section>
    }
}

#[allow(clippy::too_many_arguments)]
fn step_html(
    ctx: &LessonCtx,
    texts: &'static LessonTexts,
    ll: LessonLang,
    tracker: &crate::lessons::tracker::Tracker,
    step: &Step,
    state: &crate::lessons::StepState,
    message: &Option<Message>,
    steps_nav: Html,
) -> Html {
    let lesson = &tracker.lesson;
    let done = state.done_at.is_some();
    let checks = step.checks.iter().enumerate().map(|(idx, check)| {
        let met = state.check_met(step, idx);
        let why = state.last.get(idx).filter(|_| !met).map(|eval| match ll {
            LessonLang::En => eval.why.en.clone(),
            LessonLang::ZhCn => eval.why.zh_cn.clone(),
        });
        html! {
            <li class={classes!("lesson-check", met.then_some("met"))} data-check={check.id.clone()}>
                <span class="mark" aria-hidden="true">{ if met { "✓" } else { "○" } }</span>
                <span class="visually-hidden">{ if met { texts.check_met } else { texts.check_not_met } }{ ": " }</span>
                <span class="lesson-check-label">{ short_html(ctx, texts, check.label.get(ll), lesson, Some(step)) }</span>
                if let Some(why) = why.filter(|w| !w.is_empty()) {
                    <span class="lesson-why">{ texts.why_not_yet }{ " " }<span translate="no">{ why }</span></span>
                }
            </li>
        }
    });
    let hints = step.hints.iter().take(state.hints_shown).enumerate().map(|(idx, hint)| {
        html! {
            <li class="lesson-hint" id={format!("lesson-hint-{}", idx + 1)} tabindex="-1">
                <strong>{ (texts.hint_n)(idx + 1, step.hints.len()) }{ " " }</strong>
                { short_html(ctx, texts, hint.get(ll), lesson, Some(step)) }
            </li>
        }
    });
    let more_hints = state.hints_shown < step.hints.len();
    let on = |act: fn(&LessonCtx)| {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| act(&ctx))
    };
    let on_show_me = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| {
            if confirm(texts.show_me_confirm) {
                ctx.show_me();
            }
        })
    };
    let last = tracker.current + 1 == lesson.steps.len();
    let notice = match message {
        Some(Message::FastForwardFailed) => {
            Some(html! { <p class="lesson-message warn" role="alert">{ texts.fast_forward_failed }</p> })
        }
        Some(Message::Watch(hint)) => Some(html! {
            <p class="lesson-message warn" role="alert">
                <strong>{ texts.watch_hint }{ " " }</strong>{ short_html(ctx, texts, hint.get(ll), lesson, Some(step)) }
            </p>
        }),
        _ => None,
    };
    let can_undo = ctx.can_undo();
    // The step's words scroll; the checklist and the buttons stay in view below them.
    html! {
        <div class="lesson-step" data-step={step.id.clone()}>
            <div class="lesson-scroll">
                <h3 class="lesson-step-title" id={focus::STEP} tabindex="-1">{ text_of(&step.title, ll) }</h3>
                <div class="lesson-text">{ markdown_html(ctx, texts, step.text.get(ll), lesson, Some(step)) }</div>
                if state.hints_shown > 0 {
                    <ol class="lesson-hints">{ for hints }</ol>
                }
                if !more_hints && !done && state.hints_shown > 0 {
                    <p class="hint">{ texts.no_more_hints }</p>
                }
                { steps_nav }
            </div>
            <div class="lesson-footer">
                <h4 id="lesson-checks-heading">{ texts.checks_heading }</h4>
                <ul class="lesson-checks" aria-labelledby="lesson-checks-heading" aria-live="polite">{ for checks }</ul>
                if done {
                    <p class="lesson-passed" role="status">
                        { if state.with_help { texts.step_passed_with_help } else { texts.step_passed } }
                    </p>
                }
                { notice.unwrap_or_default() }
                <div class="lesson-actions">
                    if done {
                        <button type="button" class="primary" id={focus::NEXT} onclick={on(LessonCtx::next_step)}>
                            { if last { texts.finish } else { texts.next_step } }
                        </button>
                    }
                    if more_hints {
                        <button type="button" id={focus::HINT} onclick={on(LessonCtx::hint)}>{ texts.hint }</button>
                    }
                    if !done {
                        <button type="button" aria-label={(texts.fast_forward_aria)(&step.budget)} onclick={on(LessonCtx::fast_forward)}>
                            { texts.fast_forward }
                        </button>
                        <button type="button" onclick={on_show_me}>{ texts.show_me }</button>
                    }
                    if tracker.has_attempt() {
                        <button type="button" onclick={on(LessonCtx::back_to_attempt)}>{ texts.back_to_attempt }</button>
                    }
                    <button type="button" aria-label={texts.undo_aria} disabled={!can_undo} onclick={on(LessonCtx::undo)}>{ texts.undo }</button>
                    <button type="button" aria-label={texts.restart_step_aria} onclick={on(LessonCtx::restart_step)}>{ texts.restart_step }</button>
                </div>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_recognised() {
        assert!(is_command("kubectl get pods"));
        assert!(is_command("node power-off node-2"));
        assert!(!is_command("restartPolicy"));
    }
}
