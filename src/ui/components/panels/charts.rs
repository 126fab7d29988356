//! The charts: one `<canvas>` per chart, drawn by the same plotters code as `kubeplay run
//! --svg` (`crate::chart`), through plotters' canvas backend. Redrawn a few times a second
//! when the series revision or the canvas size changed, never every frame.

use std::rc::Rc;

use gloo_timers::callback::Interval;
use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::chart::{self, ChartOptions, Panel};
use crate::engine::series::Series;
use crate::engine::time::{SimDuration, SimTime};
use crate::ui::i18n::{use_texts, PanelTexts};

/// How often the charts look for new data [ms of wall clock].
pub const REDRAW_MS: u32 = 250;

/// Gives the charts a look at the current series (the provider owns the cluster).
#[derive(Clone)]
pub struct SeriesSource(pub Rc<SeriesReader>);

/// Calls its argument with the series.
pub type SeriesReader = dyn Fn(&mut dyn FnMut(&Series));

impl PartialEq for SeriesSource {
    fn eq(&self, other: &SeriesSource) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The time window the charts show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartWindow {
    Minutes(u64),
    All,
}

impl ChartWindow {
    pub const CHOICES: [ChartWindow; 4] =
        [ChartWindow::Minutes(2), ChartWindow::Minutes(10), ChartWindow::Minutes(30), ChartWindow::All];

    fn value(self) -> String {
        match self {
            ChartWindow::Minutes(m) => m.to_string(),
            ChartWindow::All => "all".to_string(),
        }
    }

    fn parse(value: &str) -> ChartWindow {
        value.parse().map_or(ChartWindow::All, ChartWindow::Minutes)
    }

    /// The window's start for data ending at `last`.
    fn from(self, last: SimTime) -> Option<SimTime> {
        match self {
            ChartWindow::Minutes(m) => {
                let span = SimDuration::from_secs(m * 60);
                Some(if last.as_millis() > span.as_millis() { last - span } else { SimTime::ZERO })
            }
            ChartWindow::All => None,
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct ChartsPanelProps {
    pub source: SeriesSource,
}

/// The charts that have data, stacked, with a time-window choice.
#[component]
pub fn ChartsPanel(props: &ChartsPanelProps) -> Html {
    let texts = use_texts().panels;
    let window = use_state(|| ChartWindow::Minutes(10));
    let container = use_node_ref();
    // Which charts exist changes rarely: the panel re-renders only then.
    let panels = use_state(Vec::<Panel>::new);
    // What the interval compares against (a state handle in a timer closure goes stale).
    let shown = use_mut_ref(Vec::<Panel>::new);
    {
        let (source, container, panels, window) = (props.source.clone(), container.clone(), panels.clone(), *window);
        use_effect_with((props.source.clone(), window, texts as *const PanelTexts), move |_| {
            let mut last_drawn: Option<(u64, Vec<(u32, u32)>)> = None;
            let mut tick = move || {
                if page_hidden() {
                    return;
                }
                source.0(&mut |series: &Series| {
                    let wanted = panels_for(series);
                    if *shown.borrow() != wanted {
                        *shown.borrow_mut() = wanted.clone();
                        panels.set(wanted);
                        last_drawn = None;
                        return;
                    }
                    let canvases = canvases(&container);
                    let sizes: Vec<(u32, u32)> = canvases.iter().map(css_size).collect();
                    let state = (series.revision(), sizes);
                    if last_drawn.as_ref() == Some(&state) {
                        return;
                    }
                    for canvas in &canvases {
                        draw(canvas, series, window, texts);
                    }
                    last_drawn = Some(state);
                });
            };
            tick();
            let interval = Interval::new(REDRAW_MS, tick);
            move || drop(interval)
        });
    }
    let on_window = {
        let window = window.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            window.set(ChartWindow::parse(&select.value()));
        })
    };
    html! {
        <section class="panel charts" aria-labelledby="charts-heading">
            <div class="panel-head">
                <h2 id="charts-heading">{ texts.charts_heading }</h2>
                <select class="chart-window" aria-label={texts.chart_window_label} onchange={on_window}>
                    { for ChartWindow::CHOICES.iter().map(|w| html! {
                        <option value={w.value()} selected={*w == *window}>{ (texts.chart_window)(*w) }</option>
                    }) }
                </select>
            </div>
            <div class="chart-stack" ref={container}>
                if panels.is_empty() {
                    <p class="empty">{ texts.chart_empty }</p>
                }
                { for panels.iter().map(|panel| html! {
                    <canvas class={classes!("chart", panel_class(*panel))} data-panel={panel_class(*panel)}
                        role="img" translate="no" aria-label={(texts.chart_name)(*panel)}></canvas>
                }) }
            </div>
        </section>
    }
}

/// The charts to show for this data: the dashboard's, with latency after requests.
fn panels_for(series: &Series) -> Vec<Panel> {
    let mut panels = chart::dashboard_panels(series, &ChartOptions::default());
    if let Some(at) = panels.iter().position(|p| *p == Panel::Requests) {
        panels.insert(at + 1, Panel::Latency);
    }
    panels
}

/// The CSS class and `data-panel` of a chart.
pub fn panel_class(panel: Panel) -> &'static str {
    match panel {
        Panel::Replicas => "chart-replicas",
        Panel::Requests => "chart-requests",
        Panel::Latency => "chart-latency",
        Panel::Cpu => "chart-cpu",
        Panel::Nodes => "chart-nodes",
        Panel::Restarts => "chart-restarts",
    }
}

fn panel_of(class: &str) -> Option<Panel> {
    [Panel::Replicas, Panel::Requests, Panel::Latency, Panel::Cpu, Panel::Nodes, Panel::Restarts]
        .into_iter()
        .find(|p| panel_class(*p) == class)
}

fn canvases(container: &NodeRef) -> Vec<HtmlCanvasElement> {
    let Some(element) = container.cast::<web_sys::Element>() else { return Vec::new() };
    let Ok(list) = element.query_selector_all("canvas.chart") else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<HtmlCanvasElement>().ok()).collect()
}

fn css_size(canvas: &HtmlCanvasElement) -> (u32, u32) {
    (canvas.client_width().max(0) as u32, canvas.client_height().max(0) as u32)
}

/// Redraws one canvas at the screen's pixel density, and says in its label what it shows.
fn draw(canvas: &HtmlCanvasElement, series: &Series, window: ChartWindow, texts: &'static PanelTexts) {
    let Some(panel) = canvas.get_attribute("data-panel").as_deref().and_then(panel_of) else { return };
    let (width, height) = css_size(canvas);
    if width < 50 || height < 50 {
        return;
    }
    let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio()).clamp(1.0, 3.0);
    let (px_w, px_h) = ((width as f64 * dpr).round() as u32, (height as f64 * dpr).round() as u32);
    if canvas.width() != px_w || canvas.height() != px_h {
        canvas.set_width(px_w);
        canvas.set_height(px_h);
    }
    let last = series.time_range().map_or(SimTime::ZERO, |(_, last)| last);
    let font_px = if width < 500 { 12.0 } else { 13.0 };
    let options = ChartOptions {
        font_px: (font_px * dpr).round() as u32,
        font_scale: 1.0,
        line_px: (2.0 * dpr).round() as u32,
        from: window.from(last),
        to: None,
        time_axis_title: false,
        text: texts.chart,
        ..ChartOptions::default()
    };
    let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) else { return };
    let root = backend.into_drawing_area();
    if let Err(message) = chart::draw_panel(panel, root, series, &options) {
        web_sys::console::log_1(&message.into());
    }
    let _ = canvas.set_attribute("aria-label", &summary(panel, series, texts));
}

/// What a chart shows now, in words, for screen readers (and the tests).
pub fn summary(panel: Panel, series: &Series, texts: &PanelTexts) -> String {
    let t = texts.chart;
    let last = |track: &crate::engine::series::Track| track.last().map_or("–".to_string(), |(_, v)| fmt(v));
    let parts: Vec<String> = match panel {
        Panel::Replicas => series
            .deployments()
            .map(|(name, d)| {
                format!(
                    "deployment/{name}: {} {}, {} {}, {} {}",
                    t.desired,
                    last(&d.desired),
                    t.ready,
                    last(&d.ready),
                    t.available,
                    last(&d.available)
                )
            })
            .collect(),
        Panel::Requests => series
            .services()
            .map(|(name, s)| {
                format!(
                    "service/{name}: {} {}, {} {}",
                    t.ok_per_sec,
                    last(&s.ok_per_sec),
                    t.failed_per_sec,
                    last(&s.failed_per_sec)
                )
            })
            .collect(),
        Panel::Latency => {
            series.services().map(|(name, s)| format!("service/{name}: p95 {} ms", last(&s.latency_p95_ms))).collect()
        }
        Panel::Cpu => series
            .deployments()
            .filter(|(_, d)| d.cpu_utilization.last().is_some())
            .map(|(name, d)| {
                let target = series.hpa_for(name).map(|(_, h)| format!(", {} {}%", t.hpa_target, last(&h.target)));
                format!("deployment/{name}: {} {}%{}", t.average, last(&d.cpu_utilization), target.unwrap_or_default())
            })
            .collect(),
        Panel::Nodes => series
            .nodes()
            .map(|(name, n)| {
                let state = match n.ready.last().map(|(_, v)| v) {
                    Some(v) if v == crate::engine::series::READY_TRUE => "Ready",
                    Some(v) if v == crate::engine::series::READY_FALSE => "NotReady",
                    _ => "Unknown",
                };
                format!("{name} {state}")
            })
            .collect(),
        Panel::Restarts => {
            series.deployments().map(|(name, d)| format!("deployment/{name}: {}", last(&d.restarts))).collect()
        }
    };
    // The latest fast-forward (a lesson's, or `sleep --mark`), drawn as a shaded span.
    let fast_forward =
        series.markers().rev().find(|m| m.kind == crate::engine::series::MarkerKind::FastForward).and_then(|m| {
            let since = m.since?;
            let at = |t: SimTime| crate::engine::time::go_duration(SimDuration::from_millis(t.as_millis()));
            Some(format!(" [{} {}–{}]", m.label, at(since), at(m.at)))
        });
    format!("{}. {}{}", (texts.chart_name)(panel), parts.join("; "), fast_forward.unwrap_or_default())
}

fn fmt(value: f64) -> String {
    if value.is_nan() {
        "–".to_string()
    } else if (value - value.round()).abs() < 1e-9 {
        format!("{}", value.round() as i64)
    } else {
        format!("{value:.1}")
    }
}

fn page_hidden() -> bool {
    web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden())
}

/// The charts' slot: the series come from the page's session.
#[component]
pub fn Charts() -> Html {
    let host = super::host::use_panel_host();
    let source = use_memo(host.clone(), |host| {
        let host = host.clone();
        let read: Rc<SeriesReader> =
            Rc::new(move |f: &mut dyn FnMut(&Series)| host.with_cluster(&mut |c| f(c.series())));
        SeriesSource(read)
    });
    html! { <ChartsPanel source={(*source).clone()} /> }
}
