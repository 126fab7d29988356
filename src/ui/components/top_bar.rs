//! The top bar: title, cluster clock, play/pause and the speed buttons.

use yew::prelude::*;

use crate::ui::hooks::use_sim;
use crate::ui::state::SPEEDS;

#[component]
pub fn TopBar() -> Html {
    let sim = use_sim();
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
                aria-label={format!("Speed {speed}x")} {onclick}>
                { format!("{speed}x") }
            </button>
        }
    };
    html! {
        <header class="top-bar">
            <h1 class="title" id="title">{ "kubeplay" }</h1>
            <div class="clock-box">
                <span class="clock-label" id="clock-label">{ "cluster time" }</span>
                <span class="clock" id="clock" role="timer" aria-labelledby="clock-label">
                    { sim.snapshot().now.to_string() }
                </span>
            </div>
            <div class="time-controls">
                <button type="button" id="play-pause" class="play-pause"
                    aria-label={if paused { "Play simulation" } else { "Pause simulation" }}
                    data-paused={paused.to_string()} onclick={on_play_pause}>
                    // Icons are drawn in CSS: the pause glyph is missing from common fonts.
                    <span class={if paused { "icon icon-play" } else { "icon icon-pause" }} aria-hidden="true"></span>
                    { if paused { "Play" } else { "Pause" } }
                </button>
                <div class="speeds" role="group" aria-label="Simulation speed">
                    { for SPEEDS.iter().map(|&speed| speed_button(speed)) }
                </div>
            </div>
        </header>
    }
}
