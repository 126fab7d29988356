//! English messages. Field docs are in `Texts` (mod.rs).

use super::{panels, Lang, Texts};

pub static EN: Texts = Texts {
    app_title: "kubeplay",
    skip_to_cluster: "Skip to the cluster view",

    clock_label: "cluster time",
    play: "Play",
    pause: "Pause",
    play_aria: "Play simulation",
    pause_aria: "Pause simulation",
    speed_group: "Simulation speed",
    speed_aria: |speed| format!("Speed {speed}x"),
    language_group: "Language",
    language_aria: |lang| match lang {
        Lang::En => "Switch to English".to_string(),
        Lang::ZhHans => "Switch to Chinese".to_string(),
    },

    nodes_heading: "Nodes",
    unscheduled_heading: |n| format!("Not scheduled ({n})"),
    pod_count: |n| match n {
        1 => "1 pod".to_string(),
        n => format!("{n} pods"),
    },
    node_powered_off: "powered off",
    node_disconnected: "cut off from the control plane",
    ready_title: "ready containers / containers",

    tabs_label: "Console, events and pods table",
    tab_console: "Console",
    tab_events: "Events",
    tab_pods_wide: "Pods table",
    side_label: "Manifest, load and charts",

    panels: &panels::EN,
};
