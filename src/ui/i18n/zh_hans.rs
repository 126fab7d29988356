//! 简体中文 messages. Written as a Chinese teacher would say them, not word for word; kubectl
//! words (Pod, Node, STATUS values, event reasons) stay English. Field docs are in `Texts`.

use super::{panels, Lang, Texts};

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

    nodes_heading: "节点",
    unscheduled_heading: |n| format!("尚未调度（{n} 个）"),
    pod_count: |n| format!("{n} 个 Pod"),
    node_powered_off: "已断电",
    node_disconnected: "与控制平面失去联系",
    ready_title: "已就绪的容器数 / 容器总数",

    tabs_label: "命令行、事件与 Pod 列表",
    tab_console: "命令行",
    tab_events: "事件",
    tab_pods_wide: "Pod 列表",
    side_label: "清单、负载与图表",

    panels: &panels::ZH_HANS,
};
