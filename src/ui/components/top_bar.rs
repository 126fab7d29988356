//! The top bar: title, cluster clock, play/pause, the speed buttons and the language switch.

use yew::prelude::*;

use super::LangSwitch;
use crate::ui::hooks::use_sim;
use crate::ui::i18n::use_texts;
use crate::ui::state::SPEEDS;

#[component]
pub fn TopBar() -> Html {
    let sim = use_sim();
    let texts = use_texts();
    let paused = sim.paused();
    let current_speed = sim.speed();
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
    html! {
        <header class="top-bar">
            <h1 class="title" id="title" translate="no">{ texts.app_title }</h1>
            <div class="clock-box">
                <span class="clock-label" id="clock-label">{ texts.clock_label }</span>
                <span class="clock" id="clock" role="timer" aria-labelledby="clock-label" translate="no">
                    { sim.snapshot().now.to_string() }
                </span>
            </div>
            <div class="time-controls">
                <button type="button" id="play-pause" class="play-pause"
                    aria-label={if paused { texts.play_aria } else { texts.pause_aria }}
                    data-paused={paused.to_string()} onclick={on_play_pause}>
                    // Icons are drawn in CSS: the pause glyph is missing from common fonts.
                    <span class={if paused { "icon icon-play" } else { "icon icon-pause" }} aria-hidden="true"></span>
                    { if paused { texts.play } else { texts.pause } }
                </button>
                <div class="speeds" role="group" aria-label={texts.speed_group}>
                    { for SPEEDS.iter().map(|&speed| speed_button(speed)) }
                </div>
                <LangSwitch />
            </div>
        </header>
    }
}
