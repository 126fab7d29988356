//! English messages. Field docs are in `Texts` (mod.rs).

use super::{panels, Lang, Texts};
use crate::engine::kubelet::prober::ProbeKind;
use crate::engine::timers::ProbeLight;
use crate::ui::format::span;

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
    skip_group: "Skip ahead",
    skip_label: |secs| format!("+{} min", secs / 60),
    skip_aria: |secs| match secs / 60 {
        1 => "Skip 1 minute".to_string(),
        n => format!("Skip {n} minutes"),
    },
    skipping: "skipping…",
    reset: "Reset",
    reset_aria: "Reset the cluster to its starting state",
    shortcuts: "Keys: Space play/pause · [ and ] slower/faster · S skip 1 min · Shift+S skip 5 min",
    undo: "Undo",
    undo_aria: "Undo the last change to the cluster",
    share: "Share",
    share_aria: "Share this cluster as a link",
    share_link_label: "Link to this cluster (copy it):",
    dismiss: "Dismiss",
    notice_restored: "Welcome back: your cluster was rebuilt from what you did before the page reloaded.",
    notice_link_opened: "This is the cluster from the shared link, rebuilt step by step.",
    notice_link_rejected: "The shared link could not be opened, so nothing from it was run. Reason:",
    notice_stored_rejected: "The cluster saved in this browser could not be rebuilt, so a fresh one was started and nothing of the saved one was run. Reason:",
    notice_old_format: "it was saved by an earlier version of kubeplay, whose format this version no longer reads.",
    notice_undone: "Undone:",
    rebuilding_stored: "Rebuilding your cluster from what you did before the page reloaded:",
    rebuilding_lesson: "Rebuilding your lesson's cluster from what you did before the page reloaded:",
    rebuilding_link: "Rebuilding the cluster from the shared link:",
    rebuild_progress: |now, end| {
        let units = ["d", "h", "m", "s"];
        format!("{} of {}", span(now, units, " "), span(end, units, " "))
    },
    rebuild_progress_aria: "Cluster time rebuilt",
    rebuild_cancel: "Cancel",
    rebuild_cancel_aria: "Cancel the rebuild and start a fresh cluster",
    notice_rebuild_cancelled: "The rebuild was cancelled and a fresh cluster started. The cancelled cluster is kept aside in this browser.",
    rebuild_again: "Rebuild it after all",
    presentation: "Present",
    presentation_aria: "Presentation mode: large type, high contrast, fewer panels",

    nodes_heading: "Nodes",
    unscheduled_heading: |n| format!("Not scheduled ({n})"),
    pod_count: |n| match n {
        1 => "1 pod".to_string(),
        n => format!("{n} pods"),
    },
    node_powered_off: "powered off",
    node_disconnected: "cut off from the control plane",
    ready_title: "ready containers / containers",
    node_not_ready_in: |left| format!("NotReady in {left}"),
    pods_evicted_in: |left| format!("pods evicted in {left}"),
    restart_in: |left, backoff| format!("restart in {left} (back-off {backoff})"),
    probe_failures: |kind, n, of| format!("{} probe: {n} of {of} failures", (EN.probe_kind)(kind)),
    hpa_next_evaluation: |left| format!("next evaluation in {left}"),
    hpa_scale_down_blocked: |left| format!("scale-down blocked for {left} (stabilization window)"),
    autoscalers_heading: "Autoscalers",
    probe_kind: |kind| match kind {
        ProbeKind::Liveness => "liveness",
        ProbeKind::Readiness => "readiness",
        ProbeKind::Startup => "startup",
    },
    probe_light: |kind, light| {
        let state = match light {
            ProbeLight::NotRunYet => "not run yet",
            ProbeLight::Passing => "passing",
            ProbeLight::Failing => "failing",
        };
        format!("{} probe: {state}", (EN.probe_kind)(kind))
    },
    cpu_requested: "CPU requested",
    memory_requested: "memory requested",
    power_off: "Power off",
    power_on: "Power on",
    power_off_aria: |node| format!("Power off {node}"),
    power_on_aria: |node| format!("Power on {node}"),
    disconnect: "Disconnect",
    reconnect: "Reconnect",
    disconnect_aria: |node| format!("Cut {node} off the network"),
    reconnect_aria: |node| format!("Reconnect {node} to the network"),
    pod_select_aria: |pod, status| format!("Pod {pod}, {status}: show details"),

    details_label: |pod| format!("Pod {pod}"),
    close: "Close",
    close_details_aria: "Close the pod details",
    view_describe: "Describe",
    view_logs: "Logs",
    view_previous_logs: "Previous logs",
    view_events: "Events",
    actions_heading: "Break it",
    kill: "Kill (SIGKILL)",
    kill_aria: |container, pod| format!("Kill container {container} in pod {pod}"),
    oom_kill: "Out of memory",
    oom_kill_aria: |container, pod| format!("Kill container {container} in pod {pod} as out of memory (OOMKilled)"),
    pod_traffic: |ok, failed| {
        if failed == 0 {
            format!("{ok} req/s")
        } else {
            format!("{ok} req/s OK, {failed} failed")
        }
    },
    health_fail: "Fail health checks",
    health_fail_aria: |container, pod| format!("Make the health endpoint of container {container} in pod {pod} fail"),
    health_recover: "Recover",
    health_recover_aria: |container, pod| format!("Make the health endpoint of container {container} in pod {pod} answer normally again"),
    view_container_label: "container",
    exit_with_code: "Exit",
    exit_code_label: "exit code",
    exit_aria: |container, pod| format!("Make container {container} in pod {pod} exit with this code"),
    delete_pod: "Delete pod",
    delete_pod_aria: |pod| format!("Delete pod {pod}"),
    exec_label: |container| format!("Run a command in container {container}"),
    exec_button: "Run",
    pod_gone: "This pod is gone.",
    no_output: "(nothing printed)",

    announce_restarted: |pod, n| format!("Pod {pod} restarted (restart {n})"),
    announce_node_not_ready: |node| format!("Node {node} is NotReady"),
    announce_node_ready: |node| format!("Node {node} is Ready again"),

    tabs_label: "Console, events and pods table",
    tab_console: "Console",
    tab_events: "Events",
    tab_pods_wide: "Pods table",
    side_label: "Manifest, load and charts",

    panels: &panels::EN,
};
