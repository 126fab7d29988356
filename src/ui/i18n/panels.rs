//! The panels' messages (YAML editor, console, events, pods table, load panel, charts), one
//! field per message, English and 简体中文 side by side. Both are struct literals, so a string
//! missing in one language does not compile. Reached as `use_texts().panels`. The rules of
//! mod.rs apply: kubectl output, event reasons, STATUS values and resource kinds stay English.

use crate::chart::{self, ChartText, Panel};
use crate::ui::components::panels::charts::ChartWindow;
use crate::ui::components::panels::templates::Template;

/// The panels' part of the message catalogue.
#[derive(Debug)]
pub struct PanelTexts {
    // ---- YAML editor
    pub editor_heading: &'static str,
    pub editor_label: &'static str,
    pub editor_hint: &'static str,
    /// Said under the editor when the text is too long to colour (the line limit).
    pub editor_plain: fn(usize) -> String,
    pub apply: &'static str,
    pub apply_title: &'static str,
    pub template_menu: &'static str,
    pub template_placeholder: &'static str,
    pub template_label: fn(Template) -> &'static str,
    /// The comment lines above a template's YAML when the menu loads it into the editor.
    pub template_comment: fn(Template) -> &'static str,
    /// "Line 7, column 9" (column optional).
    pub error_at: fn(usize, Option<usize>) -> String,
    pub error_field: &'static str,
    pub go_to_line: fn(usize) -> String,
    pub nothing_applied: &'static str,
    pub line_has_error: &'static str,
    // ---- console
    pub console_heading: &'static str,
    pub console_input_label: &'static str,
    pub console_hint: &'static str,
    pub console_welcome: &'static str,
    /// The note before the lines "Show me" played.
    pub console_played: &'static str,
    pub console_watching: &'static str,
    pub console_stop_watch: &'static str,
    // ---- events
    pub events_heading: &'static str,
    pub events_filter_label: &'static str,
    pub events_filter_all: &'static str,
    pub events_empty: &'static str,
    /// First column of the events table (the rest are kubectl's headers).
    pub events_time: &'static str,
    pub events_count: fn(usize) -> String,
    // ---- get pods -o wide
    pub pods_heading: &'static str,
    pub pods_caption: &'static str,
    // ---- load panel
    pub load_heading: &'static str,
    pub load_service: &'static str,
    pub load_no_service: &'static str,
    pub load_rps: &'static str,
    pub load_start: &'static str,
    pub load_stop: &'static str,
    pub load_presets: &'static str,
    pub load_curl_preset: &'static str,
    pub load_ab_preset: &'static str,
    pub load_success_rate: &'static str,
    pub load_no_traffic: &'static str,
    /// " (39 OK, 1 failed / s)" after the success rate.
    pub load_per_sec: fn(f64, f64) -> String,
    pub load_answers: &'static str,
    pub load_running: fn(&str, u32) -> String,
    pub load_idle: &'static str,
    // ---- charts
    pub charts_heading: &'static str,
    pub chart_window_label: &'static str,
    pub chart_window: fn(ChartWindow) -> String,
    /// The chart's name, first words of its accessible label.
    pub chart_name: fn(Panel) -> &'static str,
    pub chart: &'static ChartText,
    pub chart_empty: &'static str,
}

pub static EN: PanelTexts = PanelTexts {
    editor_heading: "YAML editor",
    editor_label: "Manifest YAML",
    editor_hint: "Ctrl+Enter (⌘+Enter) applies. Tab indents; press Esc, then Tab, to leave the editor.",
    editor_plain: |limit| format!("Texts over {limit} lines are shown without colours."),
    apply: "Apply",
    apply_title: "Apply the manifest (kubectl apply -f)",
    template_menu: "Load a template",
    template_placeholder: "Templates…",
    template_label: |t| match t {
        Template::DeploymentProbes => "Deployment with probes + Service",
        Template::LivenessExec => "Exec liveness probe (busybox, note 004)",
        Template::UnhealthyApp => "App failing after its 5th request (note 003)",
        Template::HpaDemo => "HPA demo: Deployment + Service + HPA (note 001)",
        Template::ReadinessDemo => "Readiness probe demo",
    },
    template_comment: |t| match t {
        Template::DeploymentProbes => "\
            # A Deployment with all three probes, CPU/memory requests and limits, and a Service in front.\n\
            # Try: kill a container (liveness restarts it), or power off its node (readiness and the\n\
            # Service's endpoints follow).\n",
        Template::LivenessExec => "\
            # Note 004: an exec liveness probe. The container creates /tmp/healthy, removes it after\n\
            # 30 s, and the probe (`cat /tmp/healthy`) starts failing: after 3 failures the kubelet\n\
            # kills the container and restarts it (RESTARTS goes up every ~75 s).\n",
        Template::UnhealthyApp => "\
            # Note 003: an app that answers 500 from its 6th request on. The HTTP liveness probe counts\n\
            # as requests too, so after a few probes it fails and the container is restarted; then it\n\
            # answers 200 again, five times. Try `kubectl describe pod k8s-node-demo-unhealth-pod`.\n",
        Template::HpaDemo => "\
            # Note 001: autoscaling. hello-world-flask with CPU requests (the HPA computes utilisation\n\
            # against them), a Service, and an HPA keeping average CPU at 50% with 2 to 10 replicas.\n\
            # Send load to the Service (the load panel's \"ab -c 50 -n 10000\" preset) and watch the\n\
            # replicas rise; after the burst they stay up for the 5-minute stabilization window.\n",
        Template::ReadinessDemo => "\
            # A readiness probe: a pod that fails it keeps running and is never restarted, but READY\n\
            # drops to 0/1 and the pod leaves the Service's endpoints. Make one pod unready with\n\
            #   kubectl exec POD -- rm /tmp/healthy\n\
            # and ready again with\n\
            #   kubectl exec POD -- touch /tmp/healthy\n",
    },
    error_at: |line, column| match column {
        Some(column) => format!("Line {line}, column {column}"),
        None => format!("Line {line}"),
    },
    error_field: "Field",
    go_to_line: |line| format!("Go to line {line}"),
    nothing_applied: "Nothing was applied.",
    line_has_error: "error on this line",
    console_heading: "Console",
    console_input_label: "Command",
    console_hint: "kubectl commands and playground verbs (help lists them). Tab completes, ↑/↓ recall history, clear empties the screen, Ctrl+C stops a watch.",
    console_welcome: "Type a command, e.g. kubectl get pods. Tab completes; help lists every command.",
    console_played: "── Show me: the step's commands, played from the step's start ──",
    console_watching: "watching (Ctrl+C stops)",
    console_stop_watch: "Stop watching",
    events_heading: "Events",
    events_filter_label: "Show events of",
    events_filter_all: "all objects",
    events_empty: "No events yet.",
    events_time: "CLUSTER TIME",
    events_count: |n| if n == 1 { "1 event".to_string() } else { format!("{n} events") },
    pods_heading: "Pods",
    pods_caption: "kubectl get pods -o wide, live",
    load_heading: "Load",
    load_service: "Service",
    load_no_service: "No Service yet: create one (e.g. the HPA demo template) to send it traffic.",
    load_rps: "Requests per second",
    load_start: "Start load",
    load_stop: "Stop load",
    load_presets: "Presets",
    load_curl_preset: "curl every 1 s",
    load_ab_preset: "ab -c 50 -n 10000",
    load_success_rate: "Success rate",
    load_no_traffic: "no traffic",
    load_per_sec: |ok, failed| format!(" ({ok:.0} OK, {failed:.0} failed / s)"),
    load_answers: "Answers",
    load_running: |service, rps| format!("Sending {rps} requests/s to service/{service}"),
    load_idle: "No load running.",
    charts_heading: "Charts",
    chart_window_label: "Time window",
    chart_window: |w| match w {
        ChartWindow::Minutes(m) => format!("last {m} min"),
        ChartWindow::All => "everything".to_string(),
    },
    chart_name: |p| match p {
        Panel::Replicas => "Replicas chart",
        Panel::Requests => "Requests chart",
        Panel::Latency => "Latency chart",
        Panel::Cpu => "CPU chart",
        Panel::Nodes => "Node readiness chart",
        Panel::Restarts => "Restarts chart",
    },
    chart: &chart::EN,
    chart_empty: "No data yet: apply a Deployment to see its charts.",
};

pub static ZH_HANS: PanelTexts = PanelTexts {
    editor_heading: "YAML 编辑器",
    editor_label: "YAML 清单",
    editor_hint: "Ctrl+Enter（⌘+Enter）应用。Tab 键缩进；先按 Esc 再按 Tab 可以离开编辑器。",
    editor_plain: |limit| format!("内容超过 {limit} 行时不再显示语法颜色。"),
    apply: "应用",
    apply_title: "把这份清单应用到集群",
    template_menu: "载入模板",
    template_placeholder: "选择模板…",
    template_label: |t| match t {
        Template::DeploymentProbes => "带探针的 Deployment + Service",
        Template::LivenessExec => "exec 存活探针（笔记 004）",
        Template::UnhealthyApp => "第 5 次请求后出错的应用（笔记 003）",
        Template::HpaDemo => "HPA 演示：Deployment + Service + HPA（笔记 001）",
        Template::ReadinessDemo => "就绪探针演示",
    },
    template_comment: |t| match t {
        Template::DeploymentProbes => {
            "\
            # 一个配齐三种探针的 Deployment：设置了 CPU/内存的 requests 和 limits，前面还有一个 Service。\n\
            # 可以试试：杀掉一个容器（存活探针会让它重启），或者给它所在的节点断电\n\
            # （就绪状态和 Service 的 endpoints 会跟着变化）。\n"
        }
        Template::LivenessExec => {
            "\
            # 笔记 004：exec 存活探针。容器启动后创建 /tmp/healthy，30 秒后把它删掉，\n\
            # 探针（`cat /tmp/healthy`）从此开始失败：连续失败 3 次后，kubelet 杀掉容器\n\
            # 并重启它（RESTARTS 大约每 75 秒加 1）。\n"
        }
        Template::UnhealthyApp => {
            "\
            # 笔记 003：这个应用从第 6 次请求开始返回 500。HTTP 存活探针也算请求，\n\
            # 所以探测几次之后就会失败，容器被重启；重启后它又能正常返回 5 次 200。\n\
            # 可以试试 `kubectl describe pod k8s-node-demo-unhealth-pod`。\n"
        }
        Template::HpaDemo => {
            "\
            # 笔记 001：自动扩缩容。hello-world-flask 设置了 CPU requests（HPA 按它计算使用率），\n\
            # 再加一个 Service，以及一个把平均 CPU 维持在 50%、副本数在 2 到 10 之间的 HPA。\n\
            # 给 Service 加压（流量面板里的“ab -c 50 -n 10000”预设），看副本数涨上去；\n\
            # 压测结束后，副本数还会在 5 分钟的稳定窗口里保持不变。\n"
        }
        Template::ReadinessDemo => {
            "\
            # 就绪探针：探测失败的 Pod 会继续运行，也不会被重启，但 READY 会变成 0/1，\n\
            # 并且会被移出 Service 的 endpoints。用下面的命令让一个 Pod 变成未就绪：\n\
            #   kubectl exec POD -- rm /tmp/healthy\n\
            # 再用这条命令让它恢复就绪：\n\
            #   kubectl exec POD -- touch /tmp/healthy\n"
        }
    },
    error_at: |line, column| match column {
        Some(column) => format!("第 {line} 行，第 {column} 列"),
        None => format!("第 {line} 行"),
    },
    error_field: "字段",
    go_to_line: |line| format!("跳到第 {line} 行"),
    nothing_applied: "这次什么都没有应用，集群保持原样。",
    line_has_error: "这一行有错误",
    console_heading: "命令行",
    console_input_label: "命令",
    console_hint:
        "可以输入 kubectl 命令和演练场命令（输入 help 查看全部）。Tab 补全，↑/↓ 翻历史，clear 清屏，Ctrl+C 停止监视。",
    console_welcome: "输入一条命令试试，比如 kubectl get pods。按 Tab 补全，输入 help 查看所有命令。",
    console_played: "── 演示：从这一步开始时的集群出发，执行这一步的命令 ──",
    console_watching: "正在监视（Ctrl+C 停止）",
    console_stop_watch: "停止监视",
    events_heading: "事件",
    events_filter_label: "只看这个对象的事件",
    events_filter_all: "全部对象",
    events_empty: "还没有事件。",
    events_time: "集群时间",
    events_count: |n| format!("{n} 条事件"),
    pods_heading: "Pod 列表",
    pods_caption: "kubectl get pods -o wide，实时刷新",
    load_heading: "流量",
    load_service: "Service",
    load_no_service: "还没有 Service：先创建一个（比如用 HPA 演示模板），才能给它发请求。",
    load_rps: "每秒请求数",
    load_start: "开始发送",
    load_stop: "停止发送",
    load_presets: "预设",
    load_curl_preset: "每秒 curl 一次",
    load_ab_preset: "ab -c 50 -n 10000",
    load_success_rate: "成功率",
    load_no_traffic: "暂无流量",
    load_per_sec: |ok, failed| format!("（每秒成功 {ok:.0} 个，失败 {failed:.0} 个）"),
    load_answers: "响应",
    load_running: |service, rps| format!("正在向 service/{service} 每秒发送 {rps} 个请求"),
    load_idle: "当前没有发送流量。",
    charts_heading: "图表",
    chart_window_label: "时间范围",
    chart_window: |w| match w {
        ChartWindow::Minutes(m) => format!("最近 {m} 分钟"),
        ChartWindow::All => "全部".to_string(),
    },
    chart_name: |p| match p {
        Panel::Replicas => "副本数图表",
        Panel::Requests => "请求图表",
        Panel::Latency => "延迟图表",
        Panel::Cpu => "CPU 图表",
        Panel::Nodes => "节点就绪图表",
        Panel::Restarts => "重启次数图表",
    },
    chart: &CHART_ZH_HANS,
    chart_empty: "还没有数据：先应用一个 Deployment，这里就会出现它的图表。",
};

/// The charts' words in Chinese. Resource names (deployment/web), kubectl's condition values
/// (Ready, NotReady, Unknown) and "HPA" stay as kubectl writes them.
pub static CHART_ZH_HANS: ChartText = ChartText {
    replicas_title: |name| format!("副本数 — deployment/{name}"),
    replicas_all_title: "各 Deployment 的副本数（实线：就绪，虚线：期望）",
    desired: "期望",
    current: "当前",
    available: "可用",
    ready: "就绪",
    replicas_axis: "副本数",
    requests_title: |name| format!("请求 — service/{name}"),
    requests_all_title: "各 Service 的请求",
    ok_per_sec: "成功 / 秒",
    failed_per_sec: "失败 / 秒",
    requests_axis: "请求 / 秒",
    latency_title: "延迟",
    latency_axis: "毫秒",
    cpu_title: |name, hpa, target| match (hpa, target) {
        (Some(hpa), Some(target)) => format!("CPU 利用率 — deployment/{name}（HPA {hpa}：目标 {target:.0}%）"),
        (Some(hpa), None) => format!("CPU 利用率 — deployment/{name}（HPA {hpa}）"),
        (None, _) => format!("CPU 利用率 — deployment/{name}"),
    },
    cpu_no_data: "CPU 利用率：暂无数据（Pod 需要设置 CPU requests 并有流量）",
    each_pod: "每个 Pod",
    average: "平均",
    hpa_view: "HPA 看到的值（metrics-server）",
    hpa_target: "HPA 目标",
    cpu_axis: "CPU 占 request 的 %",
    nodes_title: "节点 — Ready 状态（API）与机器",
    powered_off: "已关机",
    disconnected: "已断网",
    restarts_title: "容器重启次数",
    its_pods: "它的 Pod",
    restarts_axis: "重启次数",
    time_axis: "集群时间（分:秒）",
    no_data: "还没有数据：集群里还没有可以画图的 Deployment 或节点。",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_has_a_label_in_both_languages() {
        for template in Template::ALL {
            assert!(!(EN.template_label)(template).is_empty());
            let zh = (ZH_HANS.template_label)(template);
            assert!(zh.chars().any(|c| c >= '\u{4e00}'), "{zh}");
        }
    }

    #[test]
    fn charts_draw_in_chinese() {
        let mut cluster = crate::engine::Cluster::new(1);
        let files = std::collections::BTreeMap::new();
        let out = crate::cmd::run(&mut cluster, &files, "kubectl create deployment web --image=nginx --replicas=2");
        assert!(out.ok, "{}", out.text);
        cluster.run_for(crate::engine::time::SimDuration::from_secs(30));
        let options = chart::ChartOptions { text: &CHART_ZH_HANS, ..chart::ChartOptions::default() };
        let svg = chart::series_svg(cluster.series(), 1000, 700, &options);
        for words in ["副本数 — deployment/web", "期望", "就绪", "节点 — Ready 状态（API）与机器", "集群时间（分:秒）"]
        {
            assert!(svg.contains(words), "{words} missing");
        }
        assert!(!svg.contains("Replicas"), "English left in the Chinese chart");
    }

    #[test]
    fn chinese_chart_titles_keep_kubectl_names() {
        assert_eq!((CHART_ZH_HANS.replicas_title)("web"), "副本数 — deployment/web");
        assert!((CHART_ZH_HANS.cpu_title)("web", Some("web"), Some(50.0)).contains("目标 50%"));
    }
}
