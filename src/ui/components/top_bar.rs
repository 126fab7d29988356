//! The top bar: title, cluster clock, play/pause, speeds, skips, reset, the language switch,
//! and the keyboard shortcuts (Space, [ ], S, Shift+S) anywhere outside a text field.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::LangSwitch;
use crate::engine::time::SimDuration;
use crate::ui::hooks::{use_presentation, use_sim, SimHandle};
use crate::ui::i18n::use_texts;
use crate::ui::state::{SKIPS, SPEEDS};

/// What a key press outside a text field does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    PlayPause,
    Slower,
    Faster,
    Skip(u64),
}

impl Shortcut {
    /// The shortcut for a key (`KeyboardEvent.key`) with Shift, if any.
    pub fn for_key(key: &str, shift: bool) -> Option<Shortcut> {
        match key {
            " " => Some(Shortcut::PlayPause),
            "[" => Some(Shortcut::Slower),
            "]" => Some(Shortcut::Faster),
            "s" | "S" if shift => Some(Shortcut::Skip(SKIPS[1])),
            "s" => Some(Shortcut::Skip(SKIPS[0])),
            _ => None,
        }
    }
}

/// The speed one step slower (`-1`) or faster (`+1`) than `speed`, within `SPEEDS`.
pub fn step_speed(speed: u32, step: i32) -> u32 {
    let idx = SPEEDS.iter().position(|&s| s == speed).unwrap_or(1) as i32;
    SPEEDS[(idx + step).clamp(0, SPEEDS.len() as i32 - 1) as usize]
}

/// Whether a key press in `target` belongs to it (typing), not to the page's shortcuts.
fn typing_in(target: Option<web_sys::EventTarget>) -> bool {
    let Some(element) = target.and_then(|target| target.dyn_into::<web_sys::Element>().ok()) else { return false };
    matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        || element.get_attribute("contenteditable").is_some()
        // Space on a button presses it; do not also toggle play.
        || element.tag_name() == "BUTTON"
}

/// Listens for the shortcuts on the document while the top bar is mounted.
#[hook]
fn use_shortcuts(sim: SimHandle) {
    // The listener outlives renders: read the latest handle through a ref.
    let latest = use_mut_ref(|| sim.clone());
    *latest.borrow_mut() = sim;
    use_effect_with((), move |_| {
        let listener = Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |event: web_sys::KeyboardEvent| {
            if event.ctrl_key() || event.meta_key() || event.alt_key() || typing_in(event.target()) {
                return;
            }
            let Some(shortcut) = Shortcut::for_key(&event.key(), event.shift_key()) else { return };
            event.prevent_default();
            let sim = latest.borrow().clone();
            match shortcut {
                Shortcut::PlayPause if sim.paused() => sim.play(),
                Shortcut::PlayPause => sim.pause(),
                Shortcut::Slower => sim.set_speed(step_speed(sim.speed(), -1)),
                Shortcut::Faster => sim.set_speed(step_speed(sim.speed(), 1)),
                Shortcut::Skip(secs) => sim.skip(SimDuration::from_secs(secs)),
            }
        });
        let document = web_sys::window().and_then(|window| window.document());
        if let Some(document) = &document {
            let _ = document.add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(document) = document {
                let _ = document.remove_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
            }
        }
    });
}

#[component]
pub fn TopBar() -> Html {
    let sim = use_sim();
    let texts = use_texts();
    use_shortcuts(sim.clone());
    let paused = sim.paused();
    let current_speed = sim.speed();
    // While a saved or shared cluster is rebuilt, what needs the cluster waits for it (Reset
    // cancels the rebuild, as its Cancel button does).
    let rebuilding = sim.rebuild().is_some();
    let on_play_pause = {
        let sim = sim.clone();
        Callback::from(move |_: MouseEvent| if paused { sim.play() } else { sim.pause() })
    };
    let speed_button = |speed: u32| {
        let sim = sim.clone();
        let onclick = Callback::from(move |_: MouseEvent| sim.set_speed(speed));
        let pressed = speed == current_speed;
        html! {
            <button type="button" class={classes!("speed", pressed.then_some("active"))}
                data-speed={speed.to_string()} aria-pressed={pressed.to_string()}
                aria-label={(texts.speed_aria)(speed)} {onclick}>
                { format!("{speed}x") }
            </button>
        }
    };
    let skip_button = |secs: u64| {
        let sim = sim.clone();
        let onclick = Callback::from(move |_: MouseEvent| sim.skip(SimDuration::from_secs(secs)));
        html! {
            <button type="button" class="skip" data-skip={secs.to_string()} disabled={rebuilding}
                aria-label={(texts.skip_aria)(secs)} {onclick}>
                { (texts.skip_label)(secs) }
            </button>
        }
    };
    let presentation = use_presentation();
    let on_present = {
        let presentation = presentation.clone();
        Callback::from(move |_: MouseEvent| presentation.set.emit(!presentation.on))
    };
    let share_link = use_state_eq(|| None::<String>);
    let on_share = {
        let sim = sim.clone();
        let share_link = share_link.clone();
        Callback::from(move |_: MouseEvent| {
            let location = web_sys::window().map(|window| window.location());
            let base = location
                .map(|l| l.origin().unwrap_or_default() + &l.pathname().unwrap_or_default())
                .unwrap_or_default();
            share_link.set(Some(base + &sim.share_fragment()));
        })
    };
    // In a lesson, undo stays within the step (the lesson panel's own undo), and Reset and
    // Share are the playground's: they come back when the learner leaves the lesson.
    let lesson = super::lesson::use_lesson();
    let in_lesson = lesson.as_ref().is_some_and(|lesson| lesson.active());
    let lessons_open = lesson.as_ref().is_some_and(|lesson| lesson.model.borrow().picker_open);
    let on_lessons = {
        let lesson = lesson.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(lesson) = &lesson {
                lesson.open_picker(!lessons_open);
            }
        })
    };
    let can_undo = match &lesson {
        Some(lesson) if in_lesson => lesson.can_undo(),
        _ => sim.can_undo(),
    };
    let on_undo = {
        let sim = sim.clone();
        let lesson = lesson.clone().filter(|_| in_lesson);
        Callback::from(move |_: MouseEvent| match &lesson {
            Some(lesson) => lesson.undo(),
            None => sim.undo(),
        })
    };
    let lesson_texts = crate::ui::i18n::lessons::lesson_texts(crate::ui::i18n::use_lang().lang);
    let on_reset = {
        let sim = sim.clone();
        Callback::from(move |_: MouseEvent| sim.reset())
    };
    html! {
        <header class="top-bar">
            <h1 class="title" id="title" translate="no">{ texts.app_title }</h1>
            <div class="clock-box">
                <span class="clock-label" id="clock-label">{ texts.clock_label }</span>
                <span class="clock" id="clock" role="timer" aria-labelledby="clock-label" translate="no">
                    { sim.snapshot().now.to_string() }
                </span>
                if sim.skipping() {
                    <span class="skipping" role="status">{ texts.skipping }</span>
                }
            </div>
            <div class="time-controls">
                <button type="button" id="play-pause" class="play-pause"
                    aria-label={if paused { texts.play_aria } else { texts.pause_aria }}
                    aria-keyshortcuts="Space"
                    data-paused={paused.to_string()} onclick={on_play_pause}>
                    // Icons are drawn in CSS: the pause glyph is missing from common fonts.
                    <span class={if paused { "icon icon-play" } else { "icon icon-pause" }} aria-hidden="true"></span>
                    { if paused { texts.play } else { texts.pause } }
                </button>
                <div class="speeds" role="group" aria-label={texts.speed_group}>
                    { for SPEEDS.iter().map(|&speed| speed_button(speed)) }
                </div>
                <div class="skips" role="group" aria-label={texts.skip_group}>
                    { for SKIPS.iter().map(|&secs| skip_button(secs)) }
                </div>
                <button type="button" class="lessons-entry" id="lessons-entry" title={lesson_texts.lessons_aria}
                    disabled={rebuilding}
                    aria-expanded={lessons_open.to_string()} onclick={on_lessons}>
                    { lesson_texts.lessons }
                </button>
                if !in_lesson {
                    <button type="button" class="reset" id="reset" aria-label={texts.reset_aria} onclick={on_reset}>
                        { texts.reset }
                    </button>
                }
                <button type="button" class="undo" aria-label={texts.undo_aria} disabled={!can_undo} onclick={on_undo}>
                    { texts.undo }
                </button>
                if !in_lesson {
                    <button type="button" class="share" aria-label={texts.share_aria} disabled={rebuilding} onclick={on_share}>
                        { texts.share }
                    </button>
                }
                <button type="button" class="present" aria-label={texts.presentation_aria}
                    aria-pressed={presentation.on.to_string()} onclick={on_present}>
                    { texts.presentation }
                </button>
                <LangSwitch />
            </div>
            if let Some(link) = (*share_link).clone() {
                <label class="share-link">
                    { texts.share_link_label }
                    <input type="text" id="share-link" readonly=true value={link} translate="no"
                        onfocus={Callback::from(|event: FocusEvent| {
                            if let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() { input.select(); }
                        })} />
                </label>
            }
            <p class="shortcuts">{ texts.shortcuts }</p>
        </header>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts() {
        assert_eq!(Shortcut::for_key(" ", false), Some(Shortcut::PlayPause));
        assert_eq!(Shortcut::for_key("s", false), Some(Shortcut::Skip(60)));
        assert_eq!(Shortcut::for_key("S", true), Some(Shortcut::Skip(300)));
        assert_eq!(Shortcut::for_key("x", false), None);
    }

    #[test]
    fn speed_steps_stay_in_range() {
        assert_eq!(step_speed(10, 1), 30);
        assert_eq!(step_speed(300, 1), 300);
        assert_eq!(step_speed(1, -1), 1);
        assert_eq!(step_speed(100, -1), 30);
    }
}
