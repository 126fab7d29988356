//! Hand-built API objects for the printing tests, shaped like the engine's.

use crate::api::*;
use crate::engine::time::SimTime;
use std::collections::BTreeMap;

pub fn t(secs: u64) -> SimTime {
    SimTime::from_secs(secs)
}

pub fn labels(pairs: &[(&str, &str)]) -> Labels {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

pub fn meta(name: &str, created_secs: u64) -> ObjectMeta {
    ObjectMeta {
        name: name.into(),
        namespace: Some("default".into()),
        creation_timestamp: Some(t(created_secs)),
        ..Default::default()
    }
}

/// A one-container pod created at `created_secs`, not yet scheduled.
pub fn pod(name: &str, created_secs: u64) -> Pod {
    Pod {
        api_version: "v1".into(),
        kind: "Pod".into(),
        metadata: ObjectMeta { labels: labels(&[("app", "web")]), ..meta(name, created_secs) },
        spec: PodSpec {
            containers: vec![Container { name: "nginx".into(), image: "nginx:1.27".into(), ..Default::default() }],
            ..Default::default()
        },
        status: Some(PodStatus {
            phase: "Pending".into(),
            conditions: vec![condition("PodScheduled", "False")],
            ..Default::default()
        }),
    }
}

pub fn condition(type_: &str, status: &str) -> PodCondition {
    PodCondition { type_: type_.into(), status: status.into(), ..Default::default() }
}

/// Binds the pod to `node` with `ip`, started at `start_secs`, with one container status.
pub fn bind(mut pod: Pod, node: &str, ip: &str, start_secs: u64, phase: &str, container: ContainerStatus) -> Pod {
    pod.spec.node_name = Some(node.into());
    let ready = container.ready;
    let status = pod.status.get_or_insert_with(Default::default);
    status.phase = phase.into();
    status.host_ip = Some("10.0.0.11".into());
    status.pod_ip = Some(ip.into());
    status.start_time = Some(t(start_secs));
    let flag = |b: bool| if b { "True" } else { "False" };
    status.conditions = vec![
        condition("PodReadyToStartContainers", "True"),
        condition("Initialized", "True"),
        condition("Ready", flag(ready)),
        condition("ContainersReady", flag(ready)),
        condition("PodScheduled", "True"),
    ];
    status.container_statuses = vec![container];
    pod
}

pub fn status(state: ContainerState, ready: bool, restarts: i64) -> ContainerStatus {
    ContainerStatus {
        name: "nginx".into(),
        image: "nginx:1.27".into(),
        ready,
        started: state.running.is_some(),
        restart_count: restarts,
        container_id: if state.waiting.is_some() && restarts == 0 {
            String::new()
        } else {
            "containerd://0f3a9c".into()
        },
        state,
        last_state: ContainerState::default(),
    }
}

pub fn running(since_secs: u64) -> ContainerState {
    ContainerState { running: Some(StateRunning { started_at: t(since_secs) }), ..Default::default() }
}

pub fn waiting(reason: &str) -> ContainerState {
    ContainerState { waiting: Some(StateWaiting { reason: reason.into(), message: None }), ..Default::default() }
}

pub fn terminated(reason: &str, exit_code: i32, started: u64, finished: u64) -> ContainerState {
    ContainerState {
        terminated: Some(StateTerminated {
            exit_code,
            reason: reason.into(),
            message: None,
            started_at: t(started),
            finished_at: t(finished),
        }),
        ..Default::default()
    }
}

pub fn owner(kind: &str, name: &str) -> OwnerReference {
    OwnerReference {
        api_version: if kind == "Service" { "v1".into() } else { "apps/v1".into() },
        kind: kind.into(),
        name: name.into(),
        uid: String::new(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

pub fn default_tolerations() -> Vec<Toleration> {
    ["not-ready", "unreachable"]
        .iter()
        .map(|key| Toleration {
            key: Some(format!("node.kubernetes.io/{key}")),
            operator: Some("Exists".into()),
            value: None,
            effect: Some("NoExecute".into()),
            toleration_seconds: Some(300),
        })
        .collect()
}

/// An event on `kind/name`; `(first, last, count)` are its first and last seconds and count.
pub fn event(
    kind: &str,
    name: &str,
    type_: &str,
    reason: &str,
    source: &str,
    message: &str,
    timing: (u64, u64, u32),
) -> Event {
    let (first, last, count) = timing;
    Event {
        type_: type_.into(),
        reason: reason.into(),
        message: message.into(),
        involved_object: ObjectReference { kind: kind.into(), name: name.into(), field_path: None },
        source: source.into(),
        count,
        first_timestamp: t(first),
        last_timestamp: t(last),
    }
}

pub fn quantities(pairs: &[(&str, &str)]) -> BTreeMap<String, Quantity> {
    pairs.iter().map(|(k, v)| (k.to_string(), Quantity(v.to_string()))).collect()
}

pub fn node(name: &str, ready: &str, ip: &str) -> Node {
    Node {
        api_version: "v1".into(),
        kind: "Node".into(),
        metadata: ObjectMeta {
            name: name.into(),
            labels: labels(&[("kubernetes.io/hostname", name), ("kubernetes.io/os", "linux")]),
            creation_timestamp: Some(t(0)),
            ..Default::default()
        },
        spec: NodeSpec { pod_cidr: None, ..Default::default() },
        status: Some(NodeStatus {
            capacity: quantities(&[("cpu", "2"), ("memory", "4Gi"), ("pods", "110")]),
            allocatable: quantities(&[("cpu", "2"), ("memory", "4Gi"), ("pods", "110")]),
            conditions: vec![Condition {
                type_: "Ready".into(),
                status: ready.into(),
                last_heartbeat_time: Some(t(0)),
                last_update_time: None,
                last_transition_time: Some(t(0)),
                reason: Some(if ready == "True" { "KubeletReady" } else { "NodeStatusUnknown" }.into()),
                message: Some(
                    if ready == "True" {
                        "kubelet is posting ready status"
                    } else {
                        "Kubelet stopped posting node status."
                    }
                    .into(),
                ),
            }],
            addresses: vec![
                NodeAddress { type_: "InternalIP".into(), address: ip.into() },
                NodeAddress { type_: "Hostname".into(), address: name.into() },
            ],
            node_info: NodeSystemInfo {
                kubelet_version: "v1.33.1".into(),
                os_image: "Debian GNU/Linux 12 (bookworm)".into(),
                kernel_version: "6.8.0-kubeplay".into(),
                container_runtime_version: "containerd://1.7.24".into(),
                operating_system: "linux".into(),
                architecture: "amd64".into(),
            },
        }),
    }
}

/// An HPA on Deployment `name` (what `kubectl autoscale --cpu=50% --max=10` creates), with no
/// status yet.
pub fn hpa_cpu50(name: &str, created_secs: u64, min: Option<i64>) -> HorizontalPodAutoscaler {
    let mut hpa = HorizontalPodAutoscaler { metadata: meta(name, created_secs), ..Default::default() };
    hpa.spec.scale_target_ref =
        CrossVersionObjectReference { api_version: "apps/v1".into(), kind: "Deployment".into(), name: name.into() };
    hpa.spec.min_replicas = min;
    hpa.spec.max_replicas = 10;
    hpa.spec.metrics = vec![MetricSpec {
        type_: "Resource".into(),
        resource: Some(ResourceMetricSource {
            name: "cpu".into(),
            target: MetricTarget { type_: "Utilization".into(), average_utilization: Some(50), ..Default::default() },
        }),
        ..Default::default()
    }];
    hpa
}
