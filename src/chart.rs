//! Charts of the engine's time series (`engine::series`), drawn with plotters on any
//! `DrawingBackend`: an SVG string natively (`kubeplay run --svg`, tests), a canvas in the web
//! UI. Every `draw_*` is a full, stateless redraw of one area.
//!
//! Made for a projector: large type, thick lines, the Okabe–Ito colour-blind-safe palette, and
//! shapes (dashes, bands with words in them) that carry meaning without colour.

use crate::engine::series::{Marker, MarkerKind, Series, Track, READY_FALSE, READY_TRUE};
use crate::engine::time::SimTime;
use crate::engine::Cluster;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The words a chart writes, in one language. kubectl's words (Ready, NotReady, Unknown),
/// kinds, object names and the engine's marker labels stay English, as on a real cluster.
#[derive(Debug)]
pub struct ChartText {
    /// `Replicas — deployment/{name}`.
    pub replicas_title: fn(&str) -> String,
    pub replicas_all_title: &'static str,
    pub desired: &'static str,
    pub current: &'static str,
    pub available: &'static str,
    pub ready: &'static str,
    pub replicas_axis: &'static str,
    /// `Requests — service/{name}`.
    pub requests_title: fn(&str) -> String,
    pub requests_all_title: &'static str,
    pub ok_per_sec: &'static str,
    pub failed_per_sec: &'static str,
    pub requests_axis: &'static str,
    pub latency_title: &'static str,
    pub latency_axis: &'static str,
    /// CPU chart title from the Deployment, and the HPA's name and target when there is one.
    pub cpu_title: fn(&str, Option<&str>, Option<f64>) -> String,
    pub cpu_no_data: &'static str,
    pub each_pod: &'static str,
    pub average: &'static str,
    pub hpa_view: &'static str,
    pub hpa_target: &'static str,
    pub cpu_axis: &'static str,
    pub nodes_title: &'static str,
    pub powered_off: &'static str,
    pub disconnected: &'static str,
    pub restarts_title: &'static str,
    pub its_pods: &'static str,
    pub restarts_axis: &'static str,
    pub time_axis: &'static str,
    pub no_data: &'static str,
}

/// The charts' words in English (`kubeplay run --svg` and the English UI).
pub static EN: ChartText = ChartText {
    replicas_title: |name| format!("Replicas — deployment/{name}"),
    replicas_all_title: "Replicas per Deployment (ready: solid, desired: dashed)",
    desired: "desired",
    current: "current",
    available: "available",
    ready: "ready",
    replicas_axis: "replicas",
    requests_title: |name| format!("Requests — service/{name}"),
    requests_all_title: "Requests per Service",
    ok_per_sec: "OK / s",
    failed_per_sec: "failed / s",
    requests_axis: "requests / s",
    latency_title: "Latency",
    latency_axis: "ms",
    cpu_title: |name, hpa, target| match (hpa, target) {
        (Some(hpa), Some(target)) => format!("CPU utilisation — deployment/{name} (HPA {hpa}: target {target:.0}%)"),
        (Some(hpa), None) => format!("CPU utilisation — deployment/{name} (HPA {hpa})"),
        (None, _) => format!("CPU utilisation — deployment/{name}"),
    },
    cpu_no_data: "CPU utilisation: no data (pods need CPU requests and load)",
    each_pod: "each pod",
    average: "average",
    hpa_view: "HPA view (metrics-server)",
    hpa_target: "HPA target",
    cpu_axis: "CPU % of request",
    nodes_title: "Nodes — Ready condition (API) and machine",
    powered_off: "powered off",
    disconnected: "disconnected",
    restarts_title: "Container restarts",
    its_pods: "its pods",
    restarts_axis: "restarts",
    time_axis: "cluster time (m:ss)",
    no_data: "No data yet: the cluster has no Deployments or nodes to chart.",
};

/// How charts are drawn. `Default` suits a 1600 px wide image on a projector.
#[derive(Clone, Debug)]
pub struct ChartOptions {
    /// Tick labels and legends [px]; titles are 1.2 times this, marker labels 0.8 times.
    pub font_px: u32,
    /// Width of the main lines [px].
    pub line_px: u32,
    /// Start of the time window; `None` for the first sample.
    pub from: Option<SimTime>,
    /// End of the time window; `None` for the latest sample.
    pub to: Option<SimTime>,
    /// Chart only this Deployment (replicas, CPU, restarts); `None` for all of them (the CPU
    /// chart then takes the first Deployment with an HPA or CPU data).
    pub deployment: Option<String>,
    /// Chart only this Service; `None` for all.
    pub service: Option<String>,
    /// Write marker labels (vertical lines are drawn either way).
    pub marker_labels: bool,
    /// Write the time axis title under the chart.
    pub time_axis_title: bool,
    /// The words, in the reader's language.
    pub text: &'static ChartText,
    /// Font size asked of the backend per pixel of text wanted: plotters' SVG backend writes
    /// `size / 1.24` into the SVG, so 1.24 there; a canvas takes the size as is (1.0).
    pub font_scale: f64,
}

impl PartialEq for ChartOptions {
    fn eq(&self, other: &ChartOptions) -> bool {
        (self.font_px, self.line_px, self.from, self.to, &self.deployment, &self.service)
            == (other.font_px, other.line_px, other.from, other.to, &other.deployment, &other.service)
            && (self.marker_labels, self.time_axis_title) == (other.marker_labels, other.time_axis_title)
            && std::ptr::eq(self.text, other.text)
            && self.font_scale == other.font_scale
    }
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            font_px: 24,
            line_px: 3,
            from: None,
            to: None,
            deployment: None,
            service: None,
            marker_labels: true,
            time_axis_title: true,
            text: &EN,
            font_scale: 1.24,
        }
    }
}

/// The Okabe–Ito palette (distinguishable with every common colour-vision deficiency).
pub mod palette {
    use plotters::style::RGBColor;
    pub const INK: RGBColor = RGBColor(0, 0, 0);
    pub const ORANGE: RGBColor = RGBColor(230, 159, 0);
    pub const SKY_BLUE: RGBColor = RGBColor(86, 180, 233);
    pub const BLUISH_GREEN: RGBColor = RGBColor(0, 158, 115);
    pub const SUN_YELLOW: RGBColor = RGBColor(240, 228, 66);
    pub const DEEP_BLUE: RGBColor = RGBColor(0, 114, 178);
    pub const VERMILLION: RGBColor = RGBColor(213, 94, 0);
    pub const REDDISH_PURPLE: RGBColor = RGBColor(204, 121, 167);
    pub const GREY: RGBColor = RGBColor(110, 110, 110);
    pub const LIGHT_GREY: RGBColor = RGBColor(200, 200, 200);
    /// Colours for several objects in one chart, in order.
    pub const SERIES: [RGBColor; 6] = [DEEP_BLUE, VERMILLION, BLUISH_GREEN, REDDISH_PURPLE, ORANGE, SKY_BLUE];
}

use palette::*;

/// The whole dashboard as an SVG document (for `kubeplay run --svg` and tests).
pub fn dashboard_svg(cluster: &Cluster, width: u32, height: u32) -> String {
    series_svg(cluster.series(), width, height, &ChartOptions::default())
}

/// The dashboard of any `Series` as an SVG document. A drawing error is written into the
/// image rather than lost.
pub fn series_svg(series: &Series, width: u32, height: u32, options: &ChartOptions) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        if let Err(message) = draw_dashboard(root.clone(), series, options) {
            let _ = root.draw(&Text::new(message, (20, 20), sans(20.0, options).color(&VERMILLION)));
        }
        let _ = root.present();
    }
    svg
}

/// Which panels the dashboard shows for this data, top to bottom.
pub fn dashboard_panels(series: &Series, options: &ChartOptions) -> Vec<Panel> {
    let mut panels = Vec::new();
    if deployments(series, options).next().is_some() {
        panels.push(Panel::Replicas);
    }
    if services(series, options)
        .any(|(_, s)| s.ok_per_sec.max_value().is_some() || s.failed_per_sec.max_value().is_some())
    {
        panels.push(Panel::Requests);
    }
    if cpu_subject(series, options).is_some() {
        panels.push(Panel::Cpu);
    }
    if series.nodes().next().is_some() {
        panels.push(Panel::Nodes);
    }
    if deployments(series, options).any(|(_, d)| d.restarts.max_value().unwrap_or(0.0) > 0.0)
        || series.pods().any(|(_, p)| p.restarts.max_value().unwrap_or(0.0) > 0.0)
    {
        panels.push(Panel::Restarts);
    }
    panels
}

/// One chart of the dashboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    Replicas,
    Requests,
    /// Latency percentiles (not in the SVG dashboard; the web UI shows it).
    Latency,
    Cpu,
    Nodes,
    Restarts,
}

/// Draws one chart of `panel` into the whole of `root` (a full, stateless redraw).
pub fn draw_panel<DB: DrawingBackend>(
    panel: Panel,
    root: DrawingArea<DB, Shift>,
    data: &Series,
    options: &ChartOptions,
) -> Result<(), String> {
    match panel {
        Panel::Replicas => draw_replicas(root, data, options),
        Panel::Requests => draw_requests(root, data, options),
        Panel::Latency => draw_latency(root, data, options),
        Panel::Cpu => draw_cpu(root, data, options),
        Panel::Nodes => draw_nodes(root, data, options),
        Panel::Restarts => draw_restarts(root, data, options),
    }
}

/// Every chart that has data, stacked; marker labels on the top chart only, the time axis
/// title under the bottom one.
pub fn draw_dashboard<DB: DrawingBackend>(
    root: DrawingArea<DB, Shift>,
    data: &Series,
    options: &ChartOptions,
) -> Result<(), String> {
    root.fill(&WHITE).map_err(err)?;
    let panels = dashboard_panels(data, options);
    if panels.is_empty() {
        let style = sans(options.font_px as f64 * 1.2, options).color(&GREY);
        root.draw(&Text::new(options.text.no_data, (20, 20), style)).map_err(err)?;
        return Ok(());
    }
    let n_nodes = data.nodes().count() as f64;
    let weight = |panel: &Panel| match panel {
        Panel::Replicas | Panel::Requests | Panel::Latency | Panel::Cpu => 3.0,
        Panel::Nodes => (1.2 + 0.5 * n_nodes).clamp(2.0, 4.0),
        Panel::Restarts => 2.0,
    };
    let total: f64 = panels.iter().map(weight).sum();
    // Marker labels once, on the first chart that writes them (the node chart draws brackets).
    let labelled = panels.iter().position(|p| *p != Panel::Nodes);
    let height = root.dim_in_pixel().1 as f64;
    let mut rest = root;
    for (idx, panel) in panels.iter().enumerate() {
        let last = idx + 1 == panels.len();
        let (area, below) = if last {
            (rest.clone(), rest.clone())
        } else {
            let h = (height * weight(panel) / total).round() as i32;
            rest.split_vertically(h)
        };
        let panel_options = ChartOptions {
            marker_labels: options.marker_labels && labelled == Some(idx),
            time_axis_title: options.time_axis_title && last,
            ..options.clone()
        };
        draw_panel(*panel, area, data, &panel_options)?;
        rest = below;
    }
    Ok(())
}

/// Replicas per Deployment: desired (dashed), current, ready and available as steps, with the
/// markers of user actions and timer deadlines.
pub fn draw_replicas<DB: DrawingBackend>(
    root: DrawingArea<DB, Shift>,
    data: &Series,
    options: &ChartOptions,
) -> Result<(), String> {
    let window = Window::of(data, options);
    let list: Vec<_> = deployments(data, options).collect();
    let max = list
        .iter()
        .flat_map(|(_, d)| [&d.desired, &d.current, &d.ready, &d.available])
        .filter_map(|t| t.max_value())
        .fold(1.0, f64::max);
    let kinds = [
        MarkerKind::Action,
        MarkerKind::NodeNotReady,
        MarkerKind::NoExecuteTaint,
        MarkerKind::Eviction,
        MarkerKind::LivenessKill,
        MarkerKind::FastForward,
    ];
    let w = options.line_px;
    let text = options.text;
    let single = list.len() == 1;
    let (title, key) = if let [(name, _)] = list.as_slice() {
        let key = vec![
            Key::line(text.desired, INK, 2, true),
            Key::line(text.current, LIGHT_GREY, w * 4, false),
            Key::line(text.available, BLUISH_GREEN.mix(0.55), w * 3, false),
            Key::line(text.ready, DEEP_BLUE, w, false),
        ];
        ((text.replicas_title)(name), key)
    } else {
        let mut key = vec![Key::line(text.desired, INK, 2, true), Key::line(text.ready, INK, w, false)];
        key.extend(list.iter().enumerate().map(|(idx, (name, _))| Key::boxed(name, SERIES[idx % SERIES.len()])));
        (text.replicas_all_title.to_string(), key)
    };
    let top = headroom(&root, max + 0.5, label_rows(data, &window, &kinds, options), options).ceil();
    let mut chart =
        frame(&root, &title, &key, &window, 0.0..top, integer_ticks(top), text.replicas_axis, &number, options)?;
    if single {
        let d = list[0].1;
        // Wide pale lines under narrow dark ones, so equal values stay visible.
        draw_track(&mut chart, &d.current, &window, true, LIGHT_GREY.stroke_width(w * 4))?;
        draw_track(&mut chart, &d.available, &window, true, BLUISH_GREEN.mix(0.55).stroke_width(w * 3))?;
        draw_track(&mut chart, &d.ready, &window, true, DEEP_BLUE.stroke_width(w))?;
        draw_dashed(&mut chart, &d.desired, &window, true, INK.stroke_width(2), options)?;
    } else {
        for (idx, (_, d)) in list.iter().enumerate() {
            let color = SERIES[idx % SERIES.len()];
            draw_track(&mut chart, &d.ready, &window, true, color.stroke_width(w))?;
            draw_dashed(&mut chart, &d.desired, &window, true, color.stroke_width(2), options)?;
        }
    }
    draw_markers(&mut chart, data, &window, &kinds, options)
}

/// Requests per second through each Service: succeeded and failed.
pub fn draw_requests<DB: DrawingBackend>(
    root: DrawingArea<DB, Shift>,
    data: &Series,
    options: &ChartOptions,
) -> Result<(), String> {
    let window = Window::of(data, options);
    let list: Vec<_> = services(data, options).collect();
    let max = list
        .iter()
        .flat_map(|(_, s)| [&s.ok_per_sec, &s.failed_per_sec])
        .filter_map(|t| t.max_value())
        .fold(1.0, f64::max);
    let kinds = [MarkerKind::Action, MarkerKind::NodeNotReady, MarkerKind::Eviction, MarkerKind::FastForward];
    let w = options.line_px;
    let colors = |idx: usize| {
        if idx == 0 {
            (BLUISH_GREEN, VERMILLION)
        } else {
            (SERIES[(idx * 2) % SERIES.len()], SERIES[(idx * 2 + 1) % SERIES.len()])
        }
    };
    let mut key = Vec::new();
    for (idx, (name, _)) in list.iter().enumerate() {
        let prefix = if list.len() > 1 { format!("{name} ") } else { String::new() };
        let (ok, failed) = colors(idx);
        key.push(Key::line(&format!("{prefix}{}", options.text.ok_per_sec), ok, w, false));
        key.push(Key::line(&format!("{prefix}{}", options.text.failed_per_sec), failed, w + 1, false));
    }
    let title = match list.as_slice() {
        [(name, _)] => (options.text.requests_title)(name),
        _ => options.text.requests_all_title.to_string(),
    };
    let top = headroom(&root, max * 1.1, label_rows(data, &window, &kinds, options), options);
    let mut chart = frame(
        &root,
        &title,
        &key,
        &window,
        0.0..top,
        nice_ticks(top, 5),
        options.text.requests_axis,
        &number,
        options,
    )?;
    for (idx, (_, s)) in list.iter().enumerate() {
        let (ok, failed) = colors(idx);
        draw_track(&mut chart, &s.ok_per_sec, &window, false, ok.stroke_width(w))?;
        draw_track(&mut chart, &s.failed_per_sec, &window, false, failed.stroke_width(w + 1))?;
    }
    draw_markers(&mut chart, data, &window, &kinds, options)
}

/// Latency percentiles per Service [ms]: p50 thin, p95 thick, p99 dashed.
pub fn draw_latency<DB: DrawingBackend>(
    root: DrawingArea<DB, Shift>,
    data: &Series,
    options: &ChartOptions,
) -> Result<(), String> {
    let window = Window::of(data, options);
    let list: Vec<_> = services(data, options).collect();
    let max = list
        .iter()
        .flat_map(|(_, s)| [&s.latency_p50_ms, &s.latency_p95_ms, &s.latency_p99_ms])
        .filter_map(|t| t.max_value())
        .fold(1.0, f64::max);
    let kinds = [MarkerKind::Action, MarkerKind::FastForward];
    let mut key = vec![
        Key::line("p50", INK, 1, false),
        Key::line("p95", INK, options.line_px, false),
        Key::line("p99", INK, 2, true),
    ];
    if list.len() > 1 {
        key.extend(list.iter().enumerate().map(|(idx, (name, _))| Key::boxed(name, SERIES[idx % SERIES.len()])));
    }
    let top = headroom(&root, max * 1.1, label_rows(data, &window, &kinds, options), options);
    let mut chart = frame(
        &root,
        options.text.latency_title,
        &key,
        &window,
        0.0..top,
        nice_ticks(top, 5),
        options.text.latency_axis,
        &number,
        options,
    )?;
    for (idx, (_, s)) in list.iter().enumerate() {
        let color = SERIES[idx % SERIES.len()];
        draw_track(&mut chart, &s.latency_p50_ms, &window, false, color.stroke_width(1))?;
        draw_track(&mut chart, &s.latency_p95_ms, &window, false, color.stroke_width(options.line_px))?;
        draw_dashed(&mut chart, &s.latency_p99_ms, &window, false, color.stroke_width(2), options)?;
    }
    draw_markers(&mut chart, data, &window, &kinds, options)
}

/// CPU utilisation of one Deployment's pods against their requests: each pod (thin), the
/// average (thick), what the HPA sees (steps) and its target (dashed).
pub fn draw_cpu<DB: DrawingBackend>(
    root: DrawingArea<DB, Shift>,
    data: &Series,
    options: &ChartOptions,
) -> Result<(), String> {
    let window = Window::of(data, options);
    let Some(name) = cpu_subject(data, options) else {
        return draw_empty(&root, options.text.cpu_no_data, options);
    };
    let deployment = data.deployment(name);
    let hpa = data.hpa_for(name);
    let pods: Vec<_> = data.pods_of(name).filter(|(_, p)| p.cpu_utilization.max_value().is_some()).collect();
    let mut max: f64 = 100.0;
    for track in pods
        .iter()
        .map(|(_, p)| &p.cpu_utilization)
        .chain(deployment.map(|d| &d.cpu_utilization))
        .chain(hpa.map(|(_, h)| &h.current))
    {
        max = max.max(track.max_value().unwrap_or(0.0));
    }
    if let Some(target) = hpa.and_then(|(_, h)| h.target.max_value()) {
        max = max.max(target * 1.5);
    }
    let title = (options.text.cpu_title)(
        name,
        hpa.map(|(hpa_name, _)| hpa_name),
        hpa.and_then(|(_, h)| h.target.last()).map(|(_, target)| target),
    );
    let w = options.line_px;
    let text = options.text;
    let mut key = vec![Key::line(text.each_pod, SKY_BLUE, 2, false), Key::line(text.average, DEEP_BLUE, w + 2, false)];
    if hpa.is_some() {
        key.push(Key::line(text.hpa_view, ORANGE, w, false));
        key.push(Key::line(text.hpa_target, VERMILLION, w, true));
    }
    let kinds = [MarkerKind::Action, MarkerKind::FastForward];
    let top = headroom(&root, max * 1.05, label_rows(data, &window, &kinds, options), options);
    let mut chart = frame(&root, &title, &key, &window, 0.0..top, nice_ticks(top, 5), text.cpu_axis, &number, options)?;
    for (_, pod) in &pods {
        draw_track(&mut chart, &pod.cpu_utilization, &window, false, SKY_BLUE.stroke_width(2))?;
    }
    if let Some(d) = deployment {
        draw_track(&mut chart, &d.cpu_utilization, &window, false, DEEP_BLUE.stroke_width(w + 2))?;
    }
    if let Some((_, h)) = hpa {
        draw_track(&mut chart, &h.current, &window, true, ORANGE.stroke_width(w))?;
        draw_dashed(&mut chart, &h.target, &window, true, VERMILLION.stroke_width(w), options)?;
    }
    draw_markers(&mut chart, data, &window, &kinds, options)
}

/// Node readiness as the API shows it, one band per node (Ready / NotReady / Unknown), with the
/// machine's power and network underneath, and brackets for the node grace period and the
/// eviction toleration when a node fails.
pub fn draw_nodes<DB: DrawingBackend>(
    root: DrawingArea<DB, Shift>,
    data: &Series,
    options: &ChartOptions,
) -> Result<(), String> {
    let window = Window::of(data, options);
    let nodes: Vec<_> = data.nodes().collect();
    let n = nodes.len().max(1) as f64;
    // Node i (in name order) is drawn from the top: its band spans y = n - i - 1 .. n - i.
    let centres: Vec<f64> = (0..nodes.len()).map(|i| n - i as f64 - 0.5).rev().collect();
    let names: Vec<&str> = nodes.iter().map(|(name, _)| *name).collect();
    let name_at =
        |y: &f64| names.get((n - y - 0.5).round().max(0.0) as usize).map(|s| s.to_string()).unwrap_or_default();
    let key = [
        Key::boxed("Ready", BLUISH_GREEN),
        Key::boxed("NotReady", ORANGE),
        Key::boxed("Unknown", VERMILLION),
        Key::boxed(options.text.powered_off, INK),
        Key::boxed(options.text.disconnected, GREY),
    ];
    let mut chart = frame(&root, options.text.nodes_title, &key, &window, 0.0..n, centres, "", &name_at, options)?;
    let y_of = |idx: usize| n - idx as f64 - 1.0;
    let label_px = options.font_px as f64 * 0.8;
    let px_per_sec = chart_px_per_sec(&chart, &window);
    for (idx, (_, node)) in nodes.iter().enumerate() {
        let base = y_of(idx);
        for (from, to, value) in runs(&node.ready, &window) {
            let (color, word) = if value == READY_TRUE {
                (BLUISH_GREEN, "Ready")
            } else if value == READY_FALSE {
                (ORANGE, "NotReady")
            } else {
                (VERMILLION, "Unknown")
            };
            chart
                .draw_series(std::iter::once(Rectangle::new([(from, base + 0.3), (to, base + 0.8)], color.filled())))
                .map_err(err)?;
            if (to - from) * px_per_sec > word.len() as f64 * label_px * 0.6 + 10.0 {
                let style = text_style(
                    label_px,
                    if value == READY_TRUE { WHITE } else { INK },
                    HPos::Left,
                    VPos::Center,
                    options,
                );
                chart
                    .draw_series(std::iter::once(
                        EmptyElement::at((from, base + 0.55)) + Text::new(word, (6, 0), style),
                    ))
                    .map_err(err)?;
            }
        }
        // The machine underneath: black while powered off, grey while disconnected.
        for (from, to, _) in runs(&node.powered, &window).into_iter().filter(|r| r.2 < 0.5) {
            chart
                .draw_series(std::iter::once(Rectangle::new([(from, base + 0.08), (to, base + 0.24)], INK.filled())))
                .map_err(err)?;
        }
        for (from, to, _) in runs(&node.connected, &window).into_iter().filter(|r| r.2 < 0.5) {
            chart
                .draw_series(std::iter::once(Rectangle::new([(from, base + 0.08), (to, base + 0.24)], GREY.filled())))
                .map_err(err)?;
        }
    }
    // Brackets: the grace period ending at NotReady, the toleration ending at the eviction.
    for marker in data.markers().filter(|m| matches!(m.kind, MarkerKind::NodeNotReady | MarkerKind::Eviction)) {
        let (Some(since), Some(idx)) = (marker.since, names.iter().position(|n| *n == marker.subject)) else {
            continue;
        };
        let (from, to) = (secs(since), secs(marker.at));
        if to < window.from || from > window.to {
            continue;
        }
        let y = y_of(idx) + 0.9;
        let color = if marker.kind == MarkerKind::NodeNotReady { INK } else { darker(REDDISH_PURPLE) };
        let style = color.stroke_width(2);
        chart.draw_series(std::iter::once(PathElement::new(vec![(from, y), (to, y)], style))).map_err(err)?;
        for x in [from, to] {
            chart
                .draw_series(std::iter::once(PathElement::new(vec![(x, y - 0.08), (x, y + 0.05)], style)))
                .map_err(err)?;
        }
        let text = short_label(marker);
        let text = match marker.kind {
            MarkerKind::NodeNotReady => {
                text.strip_prefix("NotReady (").and_then(|t| t.strip_suffix(')')).unwrap_or(&text).to_string()
            }
            _ => text,
        };
        // Inside the bracket when it is wide enough, else after it, or before it when the
        // plot ends too soon after.
        let width = text_width(&text, label_px);
        let (pos, x, dx) = if (to - from) * px_per_sec > width {
            (HPos::Center, (from + to) / 2.0, 0)
        } else if (window.to - to) * px_per_sec >= width + 6.0 {
            (HPos::Left, to, 6)
        } else {
            (HPos::Right, from, -6)
        };
        let style = text_style(label_px, color, pos, VPos::Bottom, options);
        chart.draw_series(std::iter::once(EmptyElement::at((x, y)) + Text::new(text, (dx, -3), style))).map_err(err)?;
    }
    let kinds = [
        MarkerKind::Action,
        MarkerKind::NodeNotReady,
        MarkerKind::NoExecuteTaint,
        MarkerKind::Eviction,
        MarkerKind::FastForward,
    ];
    draw_markers(&mut chart, data, &window, &kinds, &ChartOptions { marker_labels: false, ..options.clone() })
}

/// Container restarts: per Deployment (thick) and per pod (thin), with back-off and liveness
/// markers.
pub fn draw_restarts<DB: DrawingBackend>(
    root: DrawingArea<DB, Shift>,
    data: &Series,
    options: &ChartOptions,
) -> Result<(), String> {
    let window = Window::of(data, options);
    let list: Vec<_> =
        deployments(data, options).filter(|(_, d)| d.restarts.max_value().unwrap_or(0.0) > 0.0).collect();
    let pods: Vec<_> = data
        .pods()
        .filter(|(_, p)| p.restarts.max_value().unwrap_or(0.0) > 0.0)
        .filter(|(_, p)| options.deployment.is_none() || p.deployment == options.deployment)
        .collect();
    let max = list
        .iter()
        .map(|(_, d)| &d.restarts)
        .chain(pods.iter().map(|(_, p)| &p.restarts))
        .filter_map(Track::max_value)
        .fold(1.0, f64::max);
    let kinds = [MarkerKind::BackOff, MarkerKind::LivenessKill, MarkerKind::Action, MarkerKind::FastForward];
    let color_of = |idx: usize, deployment: &Option<String>| match deployment {
        Some(d) => SERIES[list.iter().position(|(n, _)| n == d).unwrap_or(idx) % SERIES.len()],
        None => SERIES[idx % SERIES.len()],
    };
    let mut key: Vec<Key> = list
        .iter()
        .enumerate()
        .map(|(idx, (name, _))| {
            Key::line(&format!("deployment/{name}"), SERIES[idx % SERIES.len()], options.line_px + 1, false)
        })
        .collect();
    if !list.is_empty() && pods.iter().any(|(_, p)| p.deployment.is_some()) {
        key.push(Key::line(options.text.its_pods, GREY, 2, false));
    }
    for (idx, (name, pod)) in pods.iter().enumerate().filter(|(_, (_, p))| p.deployment.is_none()).take(6) {
        key.push(Key::line(&format!("pod/{name}"), color_of(idx, &pod.deployment), options.line_px, false));
    }
    let top = headroom(&root, max + 0.5, label_rows(data, &window, &kinds, options), options).ceil();
    let mut chart = frame(
        &root,
        options.text.restarts_title,
        &key,
        &window,
        0.0..top,
        integer_ticks(top),
        options.text.restarts_axis,
        &number,
        options,
    )?;
    for (idx, (_, pod)) in pods.iter().enumerate().take(12) {
        // A Deployment's pods are thin and pale under its total; a bare pod is a main line.
        let style = match pod.deployment {
            Some(_) => color_of(idx, &pod.deployment).mix(0.6).stroke_width(2),
            None => color_of(idx, &pod.deployment).stroke_width(options.line_px),
        };
        draw_track(&mut chart, &pod.restarts, &window, true, style)?;
    }
    for (idx, (_, d)) in list.iter().enumerate() {
        draw_track(
            &mut chart,
            &d.restarts,
            &window,
            true,
            SERIES[idx % SERIES.len()].stroke_width(options.line_px + 1),
        )?;
    }
    draw_markers(&mut chart, data, &window, &kinds, options)
}

/// `m:ss` under an hour, `h:mm:ss` above: cluster time as the charts print it.
pub fn clock(secs: f64) -> String {
    let total = secs.max(0.0).round() as u64;
    let (h, m, s) = (total / 3600, (total % 3600) / 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

// ---------------------------------------------------------------- frame and helpers

type TimeChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<Axis, Axis>>;

/// A linear axis with the ticks we choose (round times, integer replicas, node bands).
#[derive(Clone, Debug)]
struct Axis {
    range: std::ops::Range<f64>,
    ticks: Vec<f64>,
}

impl Ranged for Axis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let span = self.range.end - self.range.start;
        let fraction = if span > 0.0 { (value - self.range.start) / span } else { 0.0 };
        limit.0 + ((limit.1 - limit.0) as f64 * fraction).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.range.clone()
    }
}

/// The time window a chart shows [s].
#[derive(Clone, Copy, Debug, PartialEq)]
struct Window {
    from: f64,
    to: f64,
}

impl Window {
    fn of(series: &Series, options: &ChartOptions) -> Window {
        let (first, last) = series.time_range().unwrap_or((SimTime::ZERO, SimTime::ZERO));
        let from = secs(options.from.unwrap_or(first));
        let to = secs(options.to.unwrap_or(last));
        // At least a minute, so a fresh cluster still gets a readable axis.
        Window { from, to: to.max(from + 60.0) }
    }
}

fn secs(at: SimTime) -> f64 {
    at.as_millis() as f64 / 1000.0
}

fn err<E: std::fmt::Display>(e: E) -> String {
    format!("chart: {e}")
}

/// A sans-serif font of `px` pixels on the options' backend (see `ChartOptions::font_scale`).
fn sans(px: f64, options: &ChartOptions) -> FontDesc<'static> {
    // The family as plotters' enum, not the text "sans-serif": parsing a family name lowercases
    // it with Unicode's tables (12 KB of the web download, docs/size.md).
    (FontFamily::SansSerif, px * options.font_scale).into_font()
}

fn text_style(px: f64, color: RGBColor, h: HPos, v: VPos, options: &ChartOptions) -> TextStyle<'static> {
    sans(px, options).color(&color).pos(Pos::new(h, v))
}

fn deployments<'a>(
    series: &'a Series,
    options: &'a ChartOptions,
) -> impl Iterator<Item = (&'a str, &'a crate::engine::series::DeploymentSeries)> + 'a {
    series.deployments().filter(move |(name, _)| options.deployment.as_deref().is_none_or(|d| d == *name))
}

fn services<'a>(
    series: &'a Series,
    options: &'a ChartOptions,
) -> impl Iterator<Item = (&'a str, &'a crate::engine::series::ServiceSeries)> + 'a {
    series.services().filter(move |(name, _)| options.service.as_deref().is_none_or(|s| s == *name))
}

/// The Deployment the CPU chart shows: the chosen one, else the first with an HPA, else the
/// first whose pods have CPU data.
fn cpu_subject<'a>(series: &'a Series, options: &'a ChartOptions) -> Option<&'a str> {
    let has_cpu = |name: &str| {
        series.deployment(name).is_some_and(|d| d.cpu_utilization.max_value().is_some())
            || series.hpa_for(name).is_some()
    };
    if let Some(name) = options.deployment.as_deref() {
        return has_cpu(name).then_some(name);
    }
    series
        .hpas()
        .map(|(_, h)| h.target_ref.as_str())
        .find(|d| series.deployment(d).is_some())
        .or_else(|| series.deployments().map(|(n, _)| n).find(|n| has_cpu(n)))
}

/// One entry of a chart's key: a line sample (solid or dashed) or a colour box, then a word.
#[derive(Clone, Debug)]
struct Key {
    label: String,
    color: RGBAColor,
    width: u32,
    dashed: bool,
    boxed: bool,
}

impl Key {
    fn line(label: &str, color: impl Color, width: u32, dashed: bool) -> Key {
        Key { label: label.to_string(), color: color.to_rgba(), width, dashed, boxed: false }
    }
    fn boxed(label: &str, color: impl Color) -> Key {
        Key { label: label.to_string(), color: color.to_rgba(), width: 0, dashed: false, boxed: true }
    }
}

/// Rough text width [px] for a sans-serif font (SVG has no font metrics to ask): CJK
/// characters are a full em wide.
fn text_width(text: &str, px: f64) -> f64 {
    text.chars().map(|c| if c >= '\u{2e80}' { px } else { px * 0.62 }).sum()
}

/// The title as it fits in `available` px: at `px`, else in a smaller font (down to 80 %),
/// else cut with "…" at that size. Bold text is about 5 % wider than `text_width` guesses.
fn fit_title(title: &str, px: f64, available: f64) -> (String, f64) {
    let wide = |text: &str, px: f64| text_width(text, px) * 1.05;
    let full = wide(title, px);
    if full <= available {
        return (title.to_string(), px);
    }
    let smaller = (px * available / full).max(px * 0.8);
    if wide(title, smaller) <= available {
        return (title.to_string(), smaller);
    }
    let mut cut: String = String::new();
    for c in title.chars() {
        let next = format!("{cut}{c}…");
        if wide(&next, smaller) > available {
            break;
        }
        cut.push(c);
    }
    (format!("{}…", cut.trim_end()), smaller)
}

/// Title height and key layout: the key goes right of the title when both fit on one line,
/// else on lines of their own under it (as many as a narrow chart needs). Returns the header
/// height, whether the key shares the title's line, and the key's rows (indexes into `key`).
fn header_layout(title: &str, key: &[Key], width: f64, options: &ChartOptions) -> (f64, bool, Vec<Vec<usize>>) {
    let font = options.font_px as f64;
    let key_px = font * 0.85;
    let title_w = text_width(title, font * 1.2) + font * 5.0;
    let key_w: f64 = key.iter().map(|k| key_entry_width(k, key_px)).sum();
    let one_line = title_w + key_w + font < width;
    if one_line || key.is_empty() {
        return (font * 1.9, true, vec![(0..key.len()).collect()]);
    }
    // Rows as wide as the plot (the y-axis area and margins taken off).
    let available = (width - font * 4.6 - font * 1.2 - 16.0).max(key_px * 6.0);
    let mut rows: Vec<Vec<usize>> = vec![Vec::new()];
    let mut used = 0.0;
    for (idx, entry) in key.iter().enumerate() {
        let w = key_entry_width(entry, key_px);
        if used + w > available && !rows.last().is_some_and(Vec::is_empty) {
            rows.push(Vec::new());
            used = 0.0;
        }
        used += w;
        if let Some(row) = rows.last_mut() {
            row.push(idx);
        }
    }
    (font * 1.9 + font * 1.2 * rows.len() as f64, false, rows)
}

fn key_entry_width(key: &Key, px: f64) -> f64 {
    let sample = if key.boxed { px * 0.9 } else { px * 1.8 };
    sample + 6.0 + text_width(&key.label, px) + px * 1.2
}

/// Draws the title (left), the key (right), axes (time ticks as m:ss) and grid; returns the
/// chart to draw into.
#[allow(clippy::too_many_arguments)]
fn frame<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    title: &str,
    key: &[Key],
    window: &Window,
    y: std::ops::Range<f64>,
    y_ticks: Vec<f64>,
    y_desc: &str,
    y_format: &dyn Fn(&f64) -> String,
    options: &ChartOptions,
) -> Result<TimeChart<'a, DB>, String> {
    root.fill(&WHITE).map_err(err)?;
    let font = options.font_px as f64;
    let width = root.dim_in_pixel().0 as f64;
    let (header, one_line, key_rows) = header_layout(title, key, width, options);
    let x_ticks = time_ticks(window, ((width - font * 6.0) / (font * 4.5)).max(2.0) as usize);
    let x_area = if options.time_axis_title { font * 3.2 } else { font * 1.7 };
    let y_area = font * 4.6;
    let mut chart = ChartBuilder::on(root)
        .margin(8)
        .margin_top(header as u32)
        .margin_right((font * 1.2) as u32)
        .x_label_area_size(x_area as u32)
        .y_label_area_size(y_area as u32)
        .build_cartesian_2d(Axis { range: window.from..window.to, ticks: x_ticks }, Axis { range: y, ticks: y_ticks })
        .map_err(err)?;
    let label_style = sans(font, options).color(&INK);
    let mut mesh = chart.configure_mesh();
    mesh.x_label_formatter(&|x| clock(*x))
        .x_label_style(label_style.clone())
        .y_label_style(label_style)
        .axis_desc_style(sans(font, options).color(&INK))
        .bold_line_style(RGBColor(225, 225, 225).stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(INK.stroke_width(2));
    if options.time_axis_title {
        mesh.x_desc(options.text.time_axis);
    }
    if !y_desc.is_empty() {
        mesh.y_desc(y_desc);
    }
    mesh.y_label_formatter(y_format).draw().map_err(err)?;
    // Title at the plot's left edge, the key right-aligned on the same or the next line.
    let left = 8 + y_area as i32;
    let (title, title_px) = fit_title(title, font * 1.2, width - left as f64 - font * 1.2 - 8.0);
    let title_style = sans(title_px, options).style(FontStyle::Bold).color(&INK).pos(Pos::new(HPos::Left, VPos::Top));
    root.draw(&Text::new(title, (left, 6), title_style)).map_err(err)?;
    let key_px = font * 0.85;
    let right = width as i32 - (font * 1.2) as i32 - 8;
    for (row_idx, row) in key_rows.iter().enumerate() {
        let key_y = if one_line { 6.0 + font * 0.6 } else { 6.0 + font * 1.75 + font * 1.2 * row_idx as f64 } as i32;
        let mut x = right - row.iter().map(|&i| key_entry_width(&key[i], key_px)).sum::<f64>() as i32;
        for entry in row.iter().map(|&i| &key[i]) {
            let sample_w = if entry.boxed { key_px * 0.9 } else { key_px * 1.8 } as i32;
            if entry.boxed {
                let side = (key_px * 0.9) as i32;
                root.draw(&Rectangle::new([(x, key_y - side / 2), (x + side, key_y + side / 2)], entry.color.filled()))
                    .map_err(err)?;
            } else if entry.dashed {
                let style = entry.color.stroke_width(entry.width);
                let third = sample_w / 3;
                root.draw(&PathElement::new(vec![(x, key_y), (x + third, key_y)], style)).map_err(err)?;
                root.draw(&PathElement::new(vec![(x + 2 * third, key_y), (x + sample_w, key_y)], style))
                    .map_err(err)?;
            } else {
                root.draw(&PathElement::new(
                    vec![(x, key_y), (x + sample_w, key_y)],
                    entry.color.stroke_width(entry.width),
                ))
                .map_err(err)?;
            }
            let text_style = sans(key_px, options).color(&INK).pos(Pos::new(HPos::Left, VPos::Center));
            root.draw(&Text::new(entry.label.clone(), (x + sample_w + 6, key_y), text_style)).map_err(err)?;
            x += key_entry_width(entry, key_px) as i32;
        }
    }
    Ok(chart)
}

/// Rows of marker labels the chart will need (at most three).
fn label_rows(data: &Series, window: &Window, kinds: &[MarkerKind], options: &ChartOptions) -> usize {
    if !options.marker_labels {
        return 0;
    }
    data.markers()
        .filter(|m| {
            kinds.contains(&m.kind) && m.kind != MarkerKind::BackOff && (window.from..=window.to).contains(&secs(m.at))
        })
        .count()
        .min(3)
}

/// The top of the value axis so that data up to `data_top` stays below `rows` lines of marker
/// labels.
fn headroom<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data_top: f64,
    rows: usize,
    options: &ChartOptions,
) -> f64 {
    let font = options.font_px as f64;
    let plot_h = root.dim_in_pixel().1 as f64 - font * 5.5;
    let rows_px = rows as f64 * (font * 0.8 * 1.3).round() + if rows > 0 { 8.0 } else { 0.0 };
    data_top * plot_h.max(1.0) / (plot_h - rows_px).max(plot_h * 0.5).max(1.0)
}

fn number(y: &f64) -> String {
    format_number(*y)
}

fn format_number(y: f64) -> String {
    if (y - y.round()).abs() < 1e-9 {
        format!("{}", y.round() as i64)
    } else {
        format!("{y:.1}")
    }
}

/// Tick times at a round step (10 s, 30 s, 1 min, 5 min, ...), at most `max_ticks`.
fn time_ticks(window: &Window, max_ticks: usize) -> Vec<f64> {
    const STEPS: [f64; 16] = [
        5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0, 7200.0, 10800.0, 21600.0, 43200.0,
        86400.0,
    ];
    let span = window.to - window.from;
    let step = STEPS.iter().copied().find(|s| span / s <= max_ticks as f64).unwrap_or(86400.0);
    let mut ticks = Vec::new();
    let mut t = (window.from / step).ceil() * step;
    while t <= window.to + 1e-9 {
        ticks.push(t);
        t += step;
    }
    ticks
}

/// 0, 1, 2, ... (or every 2nd, 5th, ...) up to `top`.
fn integer_ticks(top: f64) -> Vec<f64> {
    let step = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0].into_iter().find(|s| top / s <= 8.0).unwrap_or(200.0);
    (0..).map(|i| i as f64 * step).take_while(|t| *t <= top + 1e-9).collect()
}

/// Round ticks (1, 2, 5 times a power of ten) from 0 to `top`, about `n` of them.
fn nice_ticks(top: f64, n: usize) -> Vec<f64> {
    let raw = (top / n.max(1) as f64).max(1e-9);
    let magnitude = 10f64.powf(raw.log10().floor());
    let step =
        [1.0, 2.0, 2.5, 5.0, 10.0].into_iter().map(|m| m * magnitude).find(|s| *s >= raw).unwrap_or(10.0 * magnitude);
    (0..).map(|i| i as f64 * step).take_while(|t| *t <= top + 1e-9).collect()
}

fn chart_px_per_sec<'a, DB: DrawingBackend + 'a>(chart: &TimeChart<'a, DB>, window: &Window) -> f64 {
    let (x_range, _) = chart.plotting_area().get_pixel_range();
    (x_range.end - x_range.start) as f64 / (window.to - window.from).max(1.0)
}

/// The track's points inside the window as line segments: split at gaps, clipped to the
/// window, as steps (a value holds until the next point) or straight lines.
fn segments(track: &Track, window: &Window, steps: bool) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    let mut before: Option<(f64, f64)> = None;
    for (at, value) in track.points() {
        let t = secs(at);
        if t < window.from {
            before = Some((t, value));
            continue;
        }
        if t > window.to {
            break;
        }
        if current.is_empty() {
            if let Some((_, v)) = before.take().filter(|(_, v)| !v.is_nan()) {
                current.push((window.from, v));
            }
        }
        if value.is_nan() {
            if let (true, Some(&(_, last))) = (steps, current.last()) {
                current.push((t, last));
            }
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        if let (true, Some(&(_, last))) = (steps, current.last()) {
            if last != value {
                current.push((t, last));
            }
        }
        if current.last() != Some(&(t, value)) {
            current.push((t, value));
        }
    }
    if current.is_empty() {
        if let Some((_, v)) = before.filter(|(_, v)| !v.is_nan()) {
            current.push((window.from, v));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Runs of equal values inside the window: `(from, to, value)`, the last run ending at the
/// track's last point.
fn runs(track: &Track, window: &Window) -> Vec<(f64, f64, f64)> {
    let mut out: Vec<(f64, f64, f64)> = Vec::new();
    let mut open: Option<(f64, f64)> = None;
    for (at, value) in track.points() {
        let t = secs(at).clamp(window.from, window.to);
        match open {
            Some((_, v)) if v == value => {}
            Some((start, v)) => {
                if !v.is_nan() && t > start {
                    out.push((start, t, v));
                }
                open = Some((t, value));
            }
            None => open = Some((t, value)),
        }
        if secs(at) > window.to {
            break;
        }
    }
    if let (Some((start, v)), Some((last, _))) = (open, track.last()) {
        let end = secs(last).clamp(window.from, window.to);
        if !v.is_nan() && end > start {
            out.push((start, end, v));
        }
    }
    out
}

fn draw_track<'a, DB: DrawingBackend + 'a>(
    chart: &mut TimeChart<'a, DB>,
    track: &Track,
    window: &Window,
    steps: bool,
    style: ShapeStyle,
) -> Result<(), String> {
    for segment in segments(track, window, steps) {
        chart.draw_series(LineSeries::new(segment, style)).map_err(err)?;
    }
    Ok(())
}

fn draw_dashed<'a, DB: DrawingBackend + 'a>(
    chart: &mut TimeChart<'a, DB>,
    track: &Track,
    window: &Window,
    steps: bool,
    style: ShapeStyle,
    options: &ChartOptions,
) -> Result<(), String> {
    let dash = options.line_px as i32 * 4;
    for segment in segments(track, window, steps) {
        chart.draw_series(DashedLineSeries::new(segment, dash, dash, style)).map_err(err)?;
    }
    Ok(())
}

fn draw_empty<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    options: &ChartOptions,
) -> Result<(), String> {
    root.fill(&WHITE).map_err(err)?;
    let style = sans(options.font_px as f64 * 1.2, options).color(&GREY);
    root.draw(&Text::new(text.to_string(), (20, 20), style)).map_err(err)
}

/// The marker text without its subject when the chart already shows it.
fn short_label(marker: &Marker) -> String {
    match marker.label.strip_prefix(marker.subject.as_str()) {
        Some(rest) if !marker.subject.is_empty() => rest.trim_start_matches([' ', ':']).to_string(),
        _ => marker.label.clone(),
    }
}

fn darker(color: RGBColor) -> RGBColor {
    RGBColor(color.0 / 10 * 6, color.1 / 10 * 6, color.2 / 10 * 6)
}

fn marker_style(kind: MarkerKind) -> (RGBColor, u32, bool) {
    match kind {
        MarkerKind::Action => (INK, 2, false),
        MarkerKind::NodeNotReady => (VERMILLION, 2, true),
        MarkerKind::NoExecuteTaint => (REDDISH_PURPLE, 2, true),
        MarkerKind::Eviction => (REDDISH_PURPLE, 2, true),
        MarkerKind::BackOff => (ORANGE, 1, true),
        MarkerKind::LivenessKill => (VERMILLION, 1, true),
        MarkerKind::FastForward => (GREY, 2, true),
    }
}

/// Vertical lines for the markers of `kinds` inside the window, labelled at the top in up to
/// three staggered rows; a label that fits nowhere is left out (its line stays).
fn draw_markers<'a, DB: DrawingBackend + 'a>(
    chart: &mut TimeChart<'a, DB>,
    data: &Series,
    window: &Window,
    kinds: &[MarkerKind],
    options: &ChartOptions,
) -> Result<(), String> {
    let (x_px, _) = chart.plotting_area().get_pixel_range();
    let (y_min, y_max) = {
        let y = chart.y_range();
        (y.start, y.end)
    };
    let label_px = options.font_px as f64 * 0.8;
    let row_h = (label_px * 1.3) as i32;
    let px_per_sec = (x_px.end - x_px.start) as f64 / (window.to - window.from).max(1.0);
    let markers: Vec<&Marker> = data
        .markers()
        .filter(|m| kinds.contains(&m.kind))
        .filter(|m| (window.from..=window.to).contains(&secs(m.at)))
        .collect();
    let mut row_ends = [i32::MIN; 3];
    for marker in markers {
        let t = secs(marker.at);
        let (color, width, dashed) = marker_style(marker.kind);
        let style = color.stroke_width(width);
        // A fast-forward is a span: shaded from where it started, a thin line at its start.
        if let (MarkerKind::FastForward, Some(since)) = (marker.kind, marker.since) {
            let from = secs(since).max(window.from);
            let shade = Rectangle::new([(from, y_min), (t, y_max)], GREY.mix(0.12).filled());
            chart.draw_series(std::iter::once(shade)).map_err(err)?;
            if secs(since) >= window.from {
                let start = vec![(from, y_min), (from, y_max)];
                chart.draw_series(DashedLineSeries::new(start, 4, 4, GREY.stroke_width(1))).map_err(err)?;
            }
        }
        let line = vec![(t, y_min), (t, y_max)];
        if dashed {
            chart.draw_series(DashedLineSeries::new(line, 8, 6, style)).map_err(err)?;
        } else {
            chart.draw_series(LineSeries::new(line, style)).map_err(err)?;
        }
        if !options.marker_labels || matches!(marker.kind, MarkerKind::BackOff) {
            continue;
        }
        let text = marker.label.clone();
        let text_w = text_width(&text, label_px) as i32 + 8;
        let x = x_px.start + ((t - window.from) * px_per_sec) as i32;
        // Right of the line if it fits inside the plot, else left of it.
        let right = x + 6 + text_w <= x_px.end;
        let (left_edge, right_edge) = if right { (x + 4, x + 6 + text_w) } else { (x - 6 - text_w, x - 4) };
        let Some(row) = row_ends.iter().position(|end| *end < left_edge) else { continue };
        row_ends[row] = right_edge + 6;
        let dy = 4 + row as i32 * row_h;
        let (dx, h_pos) = if right { (6, HPos::Left) } else { (-6, HPos::Right) };
        let background = if right {
            Rectangle::new([(dx - 3, dy - 1), (dx + text_w - 3, dy + row_h - 2)], WHITE.mix(0.85).filled())
        } else {
            Rectangle::new([(dx - text_w + 3, dy - 1), (dx + 3, dy + row_h - 2)], WHITE.mix(0.85).filled())
        };
        // Dark text reads on a projector; the line keeps the colour.
        let text_color = if marker.kind == MarkerKind::Action { INK } else { darker(color) };
        let element = EmptyElement::at((t, y_max))
            + background
            + Text::new(text, (dx, dy), text_style(label_px, text_color, h_pos, VPos::Top, options));
        chart.draw_series(std::iter::once(element)).map_err(err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: u64) -> SimTime {
        SimTime::from_secs(s)
    }

    fn check(actual: impl std::fmt::Debug, expected: &str) {
        assert_eq!(format!("{actual:?}"), expected);
    }

    #[test]
    fn a_long_title_shrinks_then_is_cut_to_fit() {
        let title = "Replicas per Deployment (ready: solid, desired: dashed)";
        let full = text_width(title, 16.0) * 1.05;
        assert_eq!(fit_title(title, 16.0, full + 1.0), (title.to_string(), 16.0));
        let (same, px) = fit_title(title, 16.0, full * 0.9);
        assert_eq!(same, title);
        assert!((px - 14.4).abs() < 0.01, "{px}");
        let (cut, px) = fit_title(title, 16.0, full * 0.5);
        assert!(cut.ends_with('…') && cut.starts_with("Replicas per") && px == 16.0 * 0.8, "{cut} {px}");
        assert!(text_width(&cut, px) * 1.05 <= full * 0.5);
        let (zh, _) = fit_title("各 Deployment 的副本数（实线：就绪，虚线：期望）", 16.0, 150.0);
        assert!(zh.ends_with('…') && text_width(&zh, 12.8) * 1.05 <= 150.0, "{zh}");
    }

    #[test]
    fn clock_format() {
        check(
            [clock(0.0), clock(59.4), clock(110.0), clock(3599.0), clock(3600.0), clock(86_399.0)],
            r#"["0:00", "0:59", "1:50", "59:59", "1:00:00", "23:59:59"]"#,
        );
    }

    #[test]
    fn ticks() {
        check(
            time_ticks(&Window { from: 0.0, to: 900.0 }, 10),
            "[0.0, 120.0, 240.0, 360.0, 480.0, 600.0, 720.0, 840.0]",
        );
        check(time_ticks(&Window { from: 30.0, to: 90.0 }, 10), "[30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0]");
        check(integer_ticks(4.0), "[0.0, 1.0, 2.0, 3.0, 4.0]");
        check(integer_ticks(11.0), "[0.0, 2.0, 4.0, 6.0, 8.0, 10.0]");
        check(nice_ticks(330.0, 5), "[0.0, 100.0, 200.0, 300.0]");
    }

    #[test]
    fn segments_as_steps_split_at_gaps() {
        let mut track = Track::new(crate::engine::series::Reduce::Extreme);
        for (s, v) in [(0, 3.0), (1, 3.0), (2, 2.0), (3, f64::NAN), (4, 3.0), (5, 3.0)] {
            track.push(t(s), v);
        }
        let window = Window { from: 1.0, to: 10.0 };
        check(
            segments(&track, &window, true),
            "[[(1.0, 3.0), (2.0, 3.0), (2.0, 2.0), (3.0, 2.0)], [(4.0, 3.0), (5.0, 3.0)]]",
        );
        check(runs(&track, &window), "[(1.0, 2.0, 3.0), (2.0, 3.0, 2.0), (4.0, 5.0, 3.0)]");
    }

    fn demo_series() -> Series {
        let mut series = Series::default();
        for s in (0..=600).step_by(5) {
            let ready = if (110..420).contains(&s) { 2.0 } else { 3.0 };
            for (path, value) in [
                ("deployment/web/desired", 3.0),
                ("deployment/web/current", 3.0),
                ("deployment/web/ready", ready),
                ("deployment/web/available", ready),
                ("deployment/web/cpu_utilization", if (100..400).contains(&s) { 80.0 } else { 5.0 }),
                ("pod/web-1@web/cpu_utilization", 70.0),
                ("pod/web-2@web/cpu_utilization", 90.0),
                ("pod/web-1@web/restarts", if s > 300 { 1.0 } else { 0.0 }),
                ("deployment/web/restarts", if s > 300 { 1.0 } else { 0.0 }),
                ("hpa/web@web/target", 50.0),
                ("hpa/web@web/current", if s < 30 { f64::NAN } else { 75.0 }),
                ("service/web/ok_per_sec", 40.0),
                ("service/web/failed_per_sec", if (60..110).contains(&s) { 13.0 } else { 0.0 }),
                ("node/node-1/ready", 1.0),
                ("node/node-2/ready", if s >= 110 { -1.0 } else { 1.0 }),
                ("node/node-2/powered", if s >= 60 { 0.0 } else { 1.0 }),
            ] {
                series.record(path, t(s), value).unwrap();
            }
        }
        let marker = |at: u64, kind, subject: &str, label: &str, since: Option<u64>| Marker {
            at: t(at),
            kind,
            subject: subject.into(),
            label: label.into(),
            since: since.map(t),
        };
        series.add_marker(marker(60, MarkerKind::Action, "", "power-off node-2", None));
        series.add_marker(marker(
            110,
            MarkerKind::NodeNotReady,
            "node-2",
            "node-2 NotReady (grace period 50s)",
            Some(60),
        ));
        series.add_marker(marker(415, MarkerKind::Eviction, "node-2", "node-2 eviction (300s toleration)", Some(115)));
        series
    }

    #[test]
    fn dashboard_svg_has_every_panel_title_and_marker() {
        let series = demo_series();
        let svg = series_svg(&series, 1600, 1800, &ChartOptions::default());
        assert!(svg.starts_with("<svg"), "{}", &svg[..40]);
        for text in [
            "Replicas — deployment/web",
            "Requests — service/web",
            "CPU utilisation — deployment/web (HPA web: target 50%)",
            "Nodes — Ready condition (API) and machine",
            "Container restarts",
            "power-off node-2",
            "node-2 NotReady (grace period 50s)",
            "grace period 50s",
            "eviction (300s toleration)",
            "HPA view (metrics-server)",
            "cluster time (m:ss)",
            ">\n10:00\n<",
        ] {
            assert!(svg.contains(text), "missing {text:?}");
        }
        check(dashboard_panels(&series, &ChartOptions::default()), "[Replicas, Requests, Cpu, Nodes, Restarts]");
    }

    #[test]
    fn a_bracket_label_near_the_plots_end_goes_before_the_bracket() {
        let mut series = demo_series();
        let end = series.time_range().expect("samples").1.as_millis() / 1000;
        series.add_marker(Marker {
            at: t(end - 1),
            kind: MarkerKind::NodeNotReady,
            subject: "node-1".into(),
            label: "node-1 NotReady (grace period 2s)".into(),
            since: Some(t(end - 3)),
        });
        let svg = series_svg(&series, 1600, 1800, &ChartOptions::default());
        let at = svg.find(">\ngrace period 2s\n<").expect("the label is drawn");
        let element = &svg[svg[..at].rfind("<text").expect("a text element")..at];
        assert!(element.contains("text-anchor=\"end\""), "{element}");
        // With room after the plot's end, a label too wide for its bracket follows it.
        let at = svg.find(">\ngrace period 50s\n<").expect("node-2's grace period label");
        let element = &svg[svg[..at].rfind("<text").expect("a text element")..at];
        assert!(element.contains("text-anchor=\"start\""), "{element}");
    }

    /// One polyline per solid series segment: replicas (current, available, ready), requests
    /// (OK, failed), CPU (2 pods, average, HPA view split by its <unknown> gap: 2), restarts
    /// (pod, Deployment); plus axes, ticks, markers and dashes.
    #[test]
    fn a_polyline_per_series() {
        let series = demo_series();
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (1200, 500)).into_drawing_area();
            draw_requests(root, &series, &ChartOptions { marker_labels: false, ..ChartOptions::default() }).unwrap();
        }
        let count = |color: &str, width: u32| {
            svg.matches(&format!("<polyline fill=\"none\" opacity=\"1\" stroke=\"{color}\" stroke-width=\"{width}\""))
                .count()
        };
        // Each line once in the chart and once in the key.
        assert_eq!((count("#009E73", 3), count("#D55E00", 4)), (2, 2), "OK/s and failed/s");
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (1200, 500)).into_drawing_area();
            draw_cpu(root, &series, &ChartOptions::default()).unwrap();
        }
        let orange = svg.matches("stroke=\"#E69F00\"").count();
        assert_eq!(orange, 2, "the HPA view: one line (no gap drawn before its first value) plus its key sample");
    }

    #[test]
    fn empty_series_says_so() {
        let svg = series_svg(&Series::default(), 800, 400, &ChartOptions::default());
        assert!(svg.contains("No data yet"), "{svg}");
    }

    #[test]
    fn short_labels_drop_the_subject() {
        let marker = Marker {
            at: t(1),
            kind: MarkerKind::Eviction,
            subject: "node-2".into(),
            label: "node-2 eviction (300s toleration)".into(),
            since: None,
        };
        assert_eq!(short_label(&marker), "eviction (300s toleration)");
    }
}
