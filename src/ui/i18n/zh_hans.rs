//! 简体中文 messages. Written as a Chinese teacher would say them, not word for word; kubectl
//! words (Pod, Node, STATUS values, event reasons) stay English. Field docs are in `Texts`.

use super::{panels, Lang, Texts};
use crate::engine::kubelet::prober::ProbeKind;
use crate::engine::timers::ProbeLight;
use crate::ui::format::span;

pub static ZH_HANS: Texts = Texts {
    app_title: "kubeplay",
    skip_to_cluster: "跳到集群视图",

    clock_label: "集群时间",
    play: "运行",
    pause: "暂停",
    play_aria: "让模拟继续运行",
    pause_aria: "暂停模拟",
    speed_group: "模拟速度",
    speed_aria: |speed| format!("{speed} 倍速"),
    language_group: "界面语言",
    language_aria: |lang| match lang {
        Lang::En => "切换到英文界面".to_string(),
        Lang::ZhHans => "切换到中文界面".to_string(),
    },
    skip_group: "快进",
    skip_label: |secs| format!("+{} 分钟", secs / 60),
    skip_aria: |secs| format!("快进 {} 分钟", secs / 60),
    skipping: "正在快进…",
    reset: "重置",
    reset_aria: "把集群恢复到最初的样子",
    shortcuts: "快捷键：空格 运行/暂停 · [ 和 ] 减速/加速 · S 快进 1 分钟 · Shift+S 快进 5 分钟",
    undo: "撤销",
    undo_aria: "撤销对集群的上一步操作",
    share: "分享",
    share_aria: "把当前集群做成一个链接分享出去",
    share_link_label: "当前集群的链接（复制后发给别人）：",
    dismiss: "知道了",
    notice_restored: "欢迎回来：页面刷新前你做过的操作已经重新执行，集群恢复原样。",
    notice_link_opened: "这是分享链接里的集群，已经按原来的步骤重新搭建好了。",
    notice_link_rejected: "分享链接打不开，里面的内容一条都没有执行。原因：",
    notice_stored_rejected: "浏览器里保存的集群无法重建，所以换了一个全新的集群，保存的内容一条都没有执行。原因：",
    notice_old_format: "它是旧版 kubeplay 保存的，这个版本已经不再读取那种格式。",
    notice_undone: "已撤销：",
    rebuilding_stored: "正在重建你的集群，把刷新前做过的操作重放一遍：",
    rebuilding_lesson: "正在重建你这节课的集群，把刷新前做过的操作重放一遍：",
    rebuilding_link: "正在按分享链接重建集群：",
    rebuild_progress: |now, end| {
        let units = ["天", "小时", "分", "秒"];
        format!("已到 {}，共 {}", span(now, units, ""), span(end, units, ""))
    },
    rebuild_progress_aria: "已重建的集群时间",
    rebuild_cancel: "取消",
    rebuild_cancel_aria: "取消重建，换一个全新的集群",
    notice_rebuild_cancelled: "重建已取消，已经换成一个全新的集群。取消的那个集群还留在浏览器里，没有丢。",
    rebuild_again: "还是重建它",
    presentation: "演示",
    presentation_aria: "演示模式：大字号、高对比度，只留主要面板",

    nodes_heading: "节点",
    unscheduled_heading: |n| format!("尚未调度（{n} 个）"),
    pod_count: |n| format!("{n} 个 Pod"),
    node_powered_off: "已断电",
    node_disconnected: "与控制平面失去联系",
    ready_title: "已就绪的容器数 / 容器总数",
    node_not_ready_in: |left| format!("{left} 后变为 NotReady"),
    pods_evicted_in: |left| format!("{left} 后驱逐上面的 Pod"),
    restart_in: |left, backoff| format!("{left} 后重启（退避时间 {backoff}）"),
    probe_failures: |kind, n, of| format!("{}：已连续失败 {n} 次，到 {of} 次就判定失败", (ZH_HANS.probe_kind)(kind)),
    hpa_next_evaluation: |left| format!("{left} 后重新评估"),
    hpa_scale_down_blocked: |left| format!("还要等 {left} 才能缩容（稳定窗口）"),
    autoscalers_heading: "自动扩缩容",
    probe_kind: |kind| match kind {
        ProbeKind::Liveness => "存活探针",
        ProbeKind::Readiness => "就绪探针",
        ProbeKind::Startup => "启动探针",
    },
    probe_light: |kind, light| {
        let state = match light {
            ProbeLight::NotRunYet => "还没开始探测",
            ProbeLight::Passing => "通过",
            ProbeLight::Failing => "失败",
        };
        format!("{}：{state}", (ZH_HANS.probe_kind)(kind))
    },
    cpu_requested: "已请求 CPU",
    memory_requested: "已请求内存",
    power_off: "断电",
    power_on: "通电",
    power_off_aria: |node| format!("给 {node} 断电"),
    power_on_aria: |node| format!("给 {node} 通电"),
    disconnect: "断网",
    reconnect: "恢复网络",
    disconnect_aria: |node| format!("让 {node} 断网"),
    reconnect_aria: |node| format!("让 {node} 恢复网络"),
    pod_select_aria: |pod, status| format!("Pod {pod}，{status}：查看详情"),

    details_label: |pod| format!("Pod {pod} 的详情"),
    close: "关闭",
    close_details_aria: "关闭 Pod 详情",
    view_describe: "详细描述",
    view_logs: "日志",
    view_previous_logs: "上一次的日志",
    view_events: "事件",
    actions_heading: "动手破坏一下",
    kill: "杀掉进程（SIGKILL）",
    kill_aria: |container, pod| format!("杀掉 Pod {pod} 里的容器 {container}"),
    oom_kill: "内存耗尽",
    oom_kill_aria: |container, pod| format!("让 Pod {pod} 里的容器 {container} 因内存耗尽被杀（OOMKilled）"),
    pod_traffic: |ok, failed| {
        if failed == 0 {
            format!("每秒 {ok} 个请求")
        } else {
            format!("每秒 {ok} 个请求成功，{failed} 个失败")
        }
    },
    health_fail: "让健康检查失败",
    health_fail_aria: |container, pod| format!("让 Pod {pod} 里容器 {container} 的健康检查接口开始报错"),
    health_recover: "恢复健康",
    health_recover_aria: |container, pod| format!("让 Pod {pod} 里容器 {container} 的健康检查接口恢复正常"),
    view_container_label: "容器",
    exit_with_code: "退出",
    exit_code_label: "退出码",
    exit_aria: |container, pod| format!("让 Pod {pod} 里的容器 {container} 以这个退出码退出"),
    delete_pod: "删除 Pod",
    delete_pod_aria: |pod| format!("删除 Pod {pod}"),
    exec_label: |container| format!("在容器 {container} 里执行命令"),
    exec_button: "执行",
    pod_gone: "这个 Pod 已经不在了。",
    no_output: "（没有输出）",

    announce_restarted: |pod, n| format!("Pod {pod} 重启了（第 {n} 次）"),
    announce_node_not_ready: |node| format!("节点 {node} 变为 NotReady"),
    announce_node_ready: |node| format!("节点 {node} 恢复 Ready"),

    tabs_label: "命令行、事件与 Pod 列表",
    tab_console: "命令行",
    tab_events: "事件",
    tab_pods_wide: "Pod 列表",
    side_label: "清单、负载与图表",

    panels: &panels::ZH_HANS,
};
