//! Rows for `kubectl get <kind>`, one builder per kind, as the apiserver's table convertor
//! prints them (models pkg/printers/internalversion/printers.go). Pure functions of the
//! objects and `now`.

use super::age;
use super::table::Table;
use crate::api::quantity::format_millis;
use crate::api::{
    Deployment, EndpointSlice, Event, HorizontalPodAutoscaler, LabelSelector, Labels, Node, Pod, ReplicaSet, Service,
};
use crate::engine::time::SimTime;
use crate::sort::SmallSort;

/// Seconds between 1970-01-01 and kubeplay's epoch, 2026-01-01T00:00:00Z.
const EPOCH_UNIX_SECS: u64 = 1_767_225_600;

// ---------------------------------------------------------------------------------------
// Pods
// ---------------------------------------------------------------------------------------

/// `kubectl get pods`: NAME READY STATUS RESTARTS AGE, wide: IP NODE NOMINATED NODE
/// READINESS GATES.
pub fn pods_table(pods: &[&Pod], now: SimTime) -> Table {
    let mut table = Table::new(&[
        "NAME",
        "READY",
        "STATUS",
        "RESTARTS",
        "AGE",
        "IP+",
        "NODE+",
        "NOMINATED NODE+",
        "READINESS GATES+",
    ]);
    for pod in pods {
        let status = pod.status.as_ref();
        let ip = status.and_then(|s| s.pod_ip.as_deref()).filter(|ip| !ip.is_empty()).unwrap_or("<none>");
        let node = pod.spec.node_name.as_deref().filter(|n| !n.is_empty()).unwrap_or("<none>");
        table.push(
            vec![
                pod.metadata.name.clone(),
                pod_ready(pod),
                pod_status(pod),
                pod_restarts(pod, now),
                age_of(pod.metadata.creation_timestamp, now),
                ip.to_string(),
                node.to_string(),
                "<none>".to_string(),
                readiness_gates(pod),
            ],
            format_labels(&pod.metadata.labels),
        );
    }
    table
}

/// The STATUS column (upstream `printPod`): phase or status.reason, overridden by the
/// first container's waiting/terminated reason (statuses are walked last to first), then
/// `Completed` with a running container turns back into `Running`/`NotReady`, and a
/// deletionTimestamp shows `Terminating` unless the phase is terminal.
pub fn pod_status(pod: &Pod) -> String {
    let status = pod.status.as_ref();
    let phase = pod.phase();
    let mut reason = match status.and_then(|s| s.reason.as_deref()) {
        Some(r) if !r.is_empty() => r.to_string(),
        _ => phase.to_string(),
    };
    if let Some(status) = status {
        if status.conditions.iter().any(|c| c.type_ == "PodScheduled" && c.reason.as_deref() == Some("SchedulingGated"))
        {
            reason = "SchedulingGated".into();
        }
        let mut has_running = false;
        for container in status.container_statuses.iter().rev() {
            let state = &container.state;
            if let Some(waiting) = state.waiting.as_ref().filter(|w| !w.reason.is_empty()) {
                reason = waiting.reason.clone();
            } else if let Some(terminated) = &state.terminated {
                reason = if terminated.reason.is_empty() {
                    format!("ExitCode:{}", terminated.exit_code)
                } else {
                    terminated.reason.clone()
                };
            } else if container.ready && state.running.is_some() {
                has_running = true;
            }
        }
        if reason == "Completed" && has_running {
            reason = if pod.is_ready() { "Running".into() } else { "NotReady".into() };
        }
    }
    if pod.metadata.deletion_timestamp.is_some() {
        if status.and_then(|s| s.reason.as_deref()) == Some("NodeLost") {
            reason = "Unknown".into();
        } else if !matches!(phase, "Succeeded" | "Failed") {
            reason = "Terminating".into();
        }
    }
    reason
}

/// The READY column: containers that are ready *and* running, over all containers.
pub fn pod_ready(pod: &Pod) -> String {
    let n_ready = pod
        .status
        .as_ref()
        .map(|s| s.container_statuses.iter().filter(|c| c.ready && c.state.running.is_some()).count())
        .unwrap_or(0);
    format!("{n_ready}/{}", pod.spec.containers.len())
}

/// The RESTARTS column: the sum of restart counts, with `(12s ago)` from the most recent
/// `lastState.terminated.finishedAt` when there were restarts.
pub fn pod_restarts(pod: &Pod, now: SimTime) -> String {
    let Some(status) = pod.status.as_ref() else { return "0".into() };
    let restarts: i64 = status.container_statuses.iter().map(|c| c.restart_count).sum();
    let last_restart =
        status.container_statuses.iter().filter_map(|c| c.last_state.terminated.as_ref().map(|t| t.finished_at)).max();
    match last_restart {
        Some(finished_at) if restarts != 0 => format!("{restarts} ({} ago)", age::since(finished_at, now)),
        _ => restarts.to_string(),
    }
}

/// READINESS GATES: `<none>`, or `1/2` gates whose condition is True.
fn readiness_gates(pod: &Pod) -> String {
    let Some(serde_yaml::Value::Sequence(gates)) = pod.spec.readiness_gates.as_ref() else {
        return "<none>".into();
    };
    if gates.is_empty() {
        return "<none>".into();
    }
    let n_true = gates
        .iter()
        .filter_map(|gate| gate.get("conditionType").and_then(|v| v.as_str()))
        .filter(|condition_type| pod.condition(condition_type).is_some_and(|c| c.status == "True"))
        .count();
    format!("{n_true}/{}", gates.len())
}

// ---------------------------------------------------------------------------------------
// Workloads
// ---------------------------------------------------------------------------------------

/// `kubectl get deployments`: NAME READY UP-TO-DATE AVAILABLE AGE, wide: CONTAINERS IMAGES
/// SELECTOR.
pub fn deployments_table(deployments: &[&Deployment], now: SimTime) -> Table {
    let mut table =
        Table::new(&["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS+", "IMAGES+", "SELECTOR+"]);
    for deployment in deployments {
        let status = deployment.status.clone().unwrap_or_default();
        let desired = deployment.spec.replicas.unwrap_or(1);
        let (containers, images) = container_cells(&deployment.spec.template.spec.containers);
        table.push(
            vec![
                deployment.metadata.name.clone(),
                format!("{}/{desired}", status.ready_replicas),
                status.updated_replicas.to_string(),
                status.available_replicas.to_string(),
                age_of(deployment.metadata.creation_timestamp, now),
                containers,
                images,
                selector_string(&deployment.spec.selector),
            ],
            format_labels(&deployment.metadata.labels),
        );
    }
    table
}

/// `kubectl get replicasets`: NAME DESIRED CURRENT READY AGE, wide: CONTAINERS IMAGES SELECTOR.
pub fn replicasets_table(replica_sets: &[&ReplicaSet], now: SimTime) -> Table {
    let mut table = Table::new(&["NAME", "DESIRED", "CURRENT", "READY", "AGE", "CONTAINERS+", "IMAGES+", "SELECTOR+"]);
    for replica_set in replica_sets {
        let status = replica_set.status.clone().unwrap_or_default();
        let (containers, images) = container_cells(&replica_set.spec.template.spec.containers);
        table.push(
            vec![
                replica_set.metadata.name.clone(),
                replica_set.spec.replicas.unwrap_or(1).to_string(),
                status.replicas.to_string(),
                status.ready_replicas.to_string(),
                age_of(replica_set.metadata.creation_timestamp, now),
                containers,
                images,
                selector_string(&replica_set.spec.selector),
            ],
            format_labels(&replica_set.metadata.labels),
        );
    }
    table
}

fn container_cells(containers: &[crate::api::Container]) -> (String, String) {
    let names: Vec<&str> = containers.iter().map(|c| c.name.as_str()).collect();
    let images: Vec<&str> = containers.iter().map(|c| c.image.as_str()).collect();
    (names.join(","), images.join(","))
}

// ---------------------------------------------------------------------------------------
// Nodes
// ---------------------------------------------------------------------------------------

/// `kubectl get nodes`: NAME STATUS ROLES AGE VERSION, wide: INTERNAL-IP EXTERNAL-IP
/// OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME.
pub fn nodes_table(nodes: &[&Node], now: SimTime) -> Table {
    let mut table = Table::new(&[
        "NAME",
        "STATUS",
        "ROLES",
        "AGE",
        "VERSION",
        "INTERNAL-IP+",
        "EXTERNAL-IP+",
        "OS-IMAGE+",
        "KERNEL-VERSION+",
        "CONTAINER-RUNTIME+",
    ]);
    for node in nodes {
        let info = node.status.as_ref().map(|s| s.node_info.clone()).unwrap_or_default();
        let unknown_if_empty = |s: &str| if s.is_empty() { "<unknown>".to_string() } else { s.to_string() };
        table.push(
            vec![
                node.metadata.name.clone(),
                node_status(node),
                node_roles(node).unwrap_or_else(|| "<none>".into()),
                age_of(node.metadata.creation_timestamp, now),
                info.kubelet_version.clone(),
                node_address(node, "InternalIP"),
                node_address(node, "ExternalIP"),
                unknown_if_empty(&info.os_image),
                unknown_if_empty(&info.kernel_version),
                unknown_if_empty(&info.container_runtime_version),
            ],
            format_labels(&node.metadata.labels),
        );
    }
    table
}

/// Node STATUS: `Ready`, `NotReady` (Ready is False or Unknown), `Unknown` without a Ready
/// condition, with `,SchedulingDisabled` when cordoned.
pub fn node_status(node: &Node) -> String {
    let mut parts = vec![match node.ready_condition() {
        Some(c) if c.status == "True" => "Ready",
        Some(_) => "NotReady",
        None => "Unknown",
    }];
    if node.spec.unschedulable == Some(true) {
        parts.push("SchedulingDisabled");
    }
    parts.join(",")
}

/// Roles from `node-role.kubernetes.io/<role>` and `kubernetes.io/role=<role>` labels,
/// sorted and joined with `,`; None when the node has no role.
pub fn node_roles(node: &Node) -> Option<String> {
    let mut roles: Vec<&str> = node
        .metadata
        .labels
        .iter()
        .filter_map(|(key, value)| match key.strip_prefix("node-role.kubernetes.io/") {
            Some(role) if !role.is_empty() => Some(role),
            _ if key == "kubernetes.io/role" && !value.is_empty() => Some(value.as_str()),
            _ => None,
        })
        .collect();
    roles.sort_small();
    roles.dedup();
    (!roles.is_empty()).then(|| roles.join(","))
}

fn node_address(node: &Node, type_: &str) -> String {
    node.status
        .as_ref()
        .and_then(|s| s.addresses.iter().find(|a| a.type_ == type_))
        .map(|a| a.address.clone())
        .unwrap_or_else(|| "<none>".into())
}

// ---------------------------------------------------------------------------------------
// Services and endpoints
// ---------------------------------------------------------------------------------------

/// `kubectl get services`: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE, wide: SELECTOR.
pub fn services_table(services: &[&Service], now: SimTime) -> Table {
    let mut table = Table::new(&["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE", "SELECTOR+"]);
    for service in services {
        let ports = service_ports(service);
        table.push(
            vec![
                service.metadata.name.clone(),
                service_type(service).to_string(),
                service_cluster_ip(service).unwrap_or_else(|| "<none>".into()),
                service_external_ip(service),
                if ports.is_empty() { "<none>".into() } else { ports },
                age_of(service.metadata.creation_timestamp, now),
                format_labels(&service.spec.selector),
            ],
            format_labels(&service.metadata.labels),
        );
    }
    table
}

pub(crate) fn service_type(service: &Service) -> &str {
    service.spec.type_.as_deref().filter(|t| !t.is_empty()).unwrap_or("ClusterIP")
}

pub(crate) fn service_cluster_ip(service: &Service) -> Option<String> {
    let from_list = service.spec.cluster_ips.as_ref().and_then(|ips| ips.first().cloned());
    from_list.or_else(|| service.spec.cluster_ip.clone()).filter(|ip| !ip.is_empty())
}

fn service_external_ip(service: &Service) -> String {
    let external_ips: Vec<String> = match &service.spec.external_ips {
        Some(serde_yaml::Value::Sequence(ips)) => ips.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    };
    match service_type(service) {
        "ClusterIP" | "NodePort" if !external_ips.is_empty() => external_ips.join(","),
        "ClusterIP" | "NodePort" => "<none>".into(),
        "LoadBalancer" if !external_ips.is_empty() => external_ips.join(","),
        "LoadBalancer" => "<pending>".into(),
        "ExternalName" => service.spec.external_name.as_ref().and_then(|v| v.as_str()).unwrap_or("").to_string(),
        _ => "<unknown>".into(),
    }
}

/// PORT(S): `80/TCP`, `80:31234/TCP` with a node port, joined with `,`.
fn service_ports(service: &Service) -> String {
    let pieces: Vec<String> = service
        .spec
        .ports
        .iter()
        .map(|port| {
            let protocol = port.protocol.as_deref().unwrap_or("TCP");
            match port.node_port.filter(|n| *n > 0) {
                Some(node_port) => format!("{}:{node_port}/{protocol}", port.port),
                None => format!("{}/{protocol}", port.port),
            }
        })
        .collect();
    pieces.join(",")
}

/// Whether an EndpointSlice belongs to a Service: the `kubernetes.io/service-name` label,
/// an owner reference, or (for slices without either) the `<service>-` name prefix.
pub fn slice_belongs_to(slice: &EndpointSlice, service: &Service) -> bool {
    let service_name = &service.metadata.name;
    if let Some(label) = slice.metadata.labels.get("kubernetes.io/service-name") {
        return label == service_name;
    }
    if let Some(owner) = slice.metadata.owner_references.iter().find(|o| o.kind == "Service") {
        return &owner.name == service_name;
    }
    slice.metadata.name.strip_prefix(service_name.as_str()).is_some_and(|rest| rest.starts_with('-'))
}

/// Legacy `kubectl get endpoints`: NAME ENDPOINTS AGE. The v1 Endpoints object is mirrored
/// from the slices: ready endpoints are addresses, non-terminating unready ones are
/// notReadyAddresses (not printed), and a Service without a selector has none.
pub fn endpoints_table(services: &[&Service], slices: &[&EndpointSlice], now: SimTime) -> Table {
    let mut table = Table::new(&["NAME", "ENDPOINTS", "AGE"]);
    // A Service without a selector has Endpoints only if someone wrote them (the API server
    // does for `kubernetes`).
    for service in services {
        let own: Vec<&EndpointSlice> = slices.iter().copied().filter(|s| slice_belongs_to(s, service)).collect();
        if service.spec.selector.is_empty() && own.is_empty() {
            continue;
        }
        table.push(
            vec![
                service.metadata.name.clone(),
                legacy_endpoints(&own),
                age_of(service.metadata.creation_timestamp, now),
            ],
            format_labels(&service.metadata.labels),
        );
    }
    table
}

/// Upstream `formatEndpoints`: `ip:port` for each port and ready address (sorted as the
/// Endpoints controller repacks them), the first 3, then ` + N more...`.
fn legacy_endpoints(slices: &[&EndpointSlice]) -> String {
    let mut ready: Vec<&str> = Vec::new();
    let mut n_not_ready = 0;
    for slice in slices {
        for endpoint in &slice.endpoints {
            let Some(address) = endpoint.addresses.first() else { continue };
            if endpoint.conditions.ready {
                ready.push(address);
            } else if !endpoint.conditions.terminating {
                n_not_ready += 1;
            }
        }
    }
    if ready.is_empty() && n_not_ready == 0 {
        return "<none>".into();
    }
    ready.sort_small();
    ready.dedup();
    let ports: Vec<i64> = slices.iter().flat_map(|s| s.ports.iter().map(|p| p.port)).collect();
    let mut all: Vec<String> = Vec::new();
    if ports.is_empty() {
        all.extend(ready.iter().map(|a| a.to_string()));
    } else {
        for port in &ports {
            all.extend(ready.iter().map(|address| format!("{address}:{port}")));
        }
    }
    list_with_more(&all, 3, "")
}

/// `kubectl get endpointslices`: NAME ADDRESSTYPE PORTS ENDPOINTS AGE.
pub fn endpointslices_table(slices: &[&EndpointSlice], now: SimTime) -> Table {
    let mut table = Table::new(&["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"]);
    for slice in slices {
        let ports: Vec<String> = slice.ports.iter().map(|p| p.port.to_string()).collect();
        let addresses: Vec<String> = slice.endpoints.iter().flat_map(|e| e.addresses.iter().cloned()).collect();
        table.push(
            vec![
                slice.metadata.name.clone(),
                slice.address_type.clone(),
                list_with_more(&ports, 3, "<unset>"),
                list_with_more(&addresses, 3, "<unset>"),
                age_of(slice.metadata.creation_timestamp, now),
            ],
            format_labels(&slice.metadata.labels),
        );
    }
    table
}

/// The first `max` items joined with `,`, then ` + N more...`; `empty` when there are none.
fn list_with_more(items: &[String], max: usize, empty: &str) -> String {
    if items.is_empty() {
        return empty.to_string();
    }
    let shown = items[..items.len().min(max)].join(",");
    if items.len() > max {
        format!("{shown} + {} more...", items.len() - max)
    } else {
        shown
    }
}

// ---------------------------------------------------------------------------------------
// HorizontalPodAutoscalers
// ---------------------------------------------------------------------------------------

/// `kubectl get hpa`: NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE.
pub fn hpas_table(hpas: &[&HorizontalPodAutoscaler], now: SimTime) -> Table {
    let mut table = Table::new(&["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"]);
    for hpa in hpas {
        let target = &hpa.spec.scale_target_ref;
        table.push(
            vec![
                hpa.metadata.name.clone(),
                format!("{}/{}", target.kind, target.name),
                hpa_targets(hpa),
                hpa.spec.min_replicas.map(|n| n.to_string()).unwrap_or_else(|| "<unset>".into()),
                hpa.spec.max_replicas.to_string(),
                hpa.status.as_ref().map(|s| s.current_replicas).unwrap_or(0).to_string(),
                age_of(hpa.metadata.creation_timestamp, now),
            ],
            format_labels(&hpa.metadata.labels),
        );
    }
    table
}

/// One metric of an HPA as TARGETS and `describe` show it: current and target.
pub(crate) struct MetricView {
    pub resource: String,
    /// Utilization target [%], or None for an AverageValue target.
    pub target_utilization: Option<i64>,
    pub target_value: Option<String>,
    pub current_utilization: Option<i64>,
    pub current_average: Option<String>,
}

/// The HPA's Resource metrics, with an autoscaling/v1 `targetCPUUtilizationPercentage`
/// read as a cpu Utilization metric. Only cpu has a current value in kubeplay's status.
pub(crate) fn hpa_metrics(hpa: &HorizontalPodAutoscaler) -> Vec<Result<MetricView, String>> {
    let status = hpa.status.as_ref();
    let cpu_util = status.and_then(|s| s.current_cpu_utilization);
    let cpu_avg = status.and_then(|s| s.current_cpu_average_millis).map(format_millis);
    // The API's averageValue for memory is a milli-quantity of bytes, which prints as plain
    // bytes (`memory: 13635584/500Mi`).
    let memory_util = status.and_then(|s| s.current_memory_utilization);
    let memory_avg = status.and_then(|s| s.current_memory_average_bytes).map(|b| b.to_string());
    let mut views = Vec::new();
    for metric in &hpa.spec.metrics {
        match (&metric.type_[..], &metric.resource) {
            ("Resource", Some(resource)) => {
                let (current_utilization, current_average) = match &resource.name[..] {
                    "cpu" => (cpu_util, cpu_avg.clone()),
                    "memory" => (memory_util, memory_avg.clone()),
                    _ => (None, None),
                };
                views.push(Ok(MetricView {
                    resource: resource.name.clone(),
                    target_utilization: resource.target.average_utilization,
                    target_value: resource.target.average_value.as_ref().map(|q| q.0.clone()),
                    current_utilization,
                    current_average,
                }));
            }
            (other, _) => views.push(Err(other.to_string())),
        }
    }
    if hpa.spec.metrics.is_empty() {
        if let Some(target) = hpa.spec.target_cpu_utilization_percentage {
            views.push(Ok(MetricView {
                resource: "cpu".into(),
                target_utilization: Some(target),
                target_value: None,
                current_utilization: cpu_util,
                current_average: cpu_avg,
            }));
        }
    }
    views
}

/// TARGETS (server-side printing since 1.30): `cpu: 250%/50%`, `cpu: <unknown>/50%`,
/// two metrics then ` + N more...`, or `<none>`.
pub fn hpa_targets(hpa: &HorizontalPodAutoscaler) -> String {
    let views = hpa_metrics(hpa);
    if views.is_empty() {
        return "<none>".into();
    }
    let cells: Vec<String> = views
        .iter()
        .map(|view| match view {
            Ok(view) if view.target_value.is_some() && view.target_utilization.is_none() => format!(
                "{}: {}/{}",
                view.resource,
                view.current_average.as_deref().unwrap_or("<unknown>"),
                view.target_value.as_deref().unwrap_or("")
            ),
            Ok(view) => format!(
                "{}: {}/{}",
                view.resource,
                view.current_utilization.map(|u| format!("{u}%")).unwrap_or_else(|| "<unknown>".into()),
                view.target_utilization.map(|u| format!("{u}%")).unwrap_or_else(|| "<auto>".into())
            ),
            // Pods, Object and External metrics are accepted but never measured.
            Err(_) => "<unknown>".to_string(),
        })
        .collect();
    let shown = cells[..cells.len().min(2)].join(", ");
    if cells.len() > 2 {
        format!("{shown} + {} more...", cells.len() - 2)
    } else {
        shown
    }
}

// ---------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------

/// `kubectl get events`: LAST SEEN TYPE REASON OBJECT MESSAGE, wide adds SUBOBJECT SOURCE
/// FIRST SEEN COUNT NAME in upstream's interleaved order.
pub fn events_table(events: &[&Event], now: SimTime) -> Table {
    let mut table = Table::new(&[
        "LAST SEEN",
        "TYPE",
        "REASON",
        "OBJECT",
        "SUBOBJECT+",
        "SOURCE+",
        "MESSAGE",
        "FIRST SEEN+",
        "COUNT+",
        "NAME+",
    ]);
    for event in events {
        let object = &event.involved_object;
        let target = if object.name.is_empty() {
            object.kind.to_ascii_lowercase()
        } else {
            format!("{}/{}", object.kind.to_ascii_lowercase(), object.name)
        };
        table.push(
            vec![
                age::since(event.last_timestamp, now),
                event.type_.clone(),
                event.reason.clone(),
                target,
                object.field_path.clone().unwrap_or_default(),
                event.source.clone(),
                event.message.trim().to_string(),
                age::since(event.first_timestamp, now),
                event.count.max(1).to_string(),
                event_name(event),
            ],
            "<none>".into(),
        );
    }
    table
}

/// The Event object's name, `<involvedObject.name>.<hex unix nanos>`, as client-go names
/// events when it first records them.
pub fn event_name(event: &Event) -> String {
    let unix_nanos = (EPOCH_UNIX_SECS * 1000 + event.first_timestamp.as_millis()).saturating_mul(1_000_000);
    format!("{}.{unix_nanos:x}", event.involved_object.name)
}

/// Sorts events as `kubectl get events` lists them: by object name (their storage key),
/// which groups each object's events in the order they were first seen.
pub fn sort_events_for_list(events: &mut [&Event]) {
    // `sort_by_cached_key`'s stable order, through the program's one sort (crate::sort).
    let mut keyed: Vec<(String, &Event)> = events.iter().map(|event| (event_name(event), *event)).collect();
    keyed.sort_small_by(|a, b| a.0.cmp(&b.0));
    for (slot, (_, event)) in events.iter_mut().zip(keyed) {
        *slot = event;
    }
}

// ---------------------------------------------------------------------------------------
// Shared cell helpers
// ---------------------------------------------------------------------------------------

/// AGE of an object: HumanDuration since its creationTimestamp, `<unknown>` without one.
pub fn age_of(created: Option<SimTime>, now: SimTime) -> String {
    created.map(|t| age::since(t, now)).unwrap_or_else(|| "<unknown>".into())
}

/// `labels.FormatLabels`: `k=v` pairs sorted by key and joined with `,`, or `<none>`.
pub fn format_labels(labels: &Labels) -> String {
    if labels.is_empty() {
        return "<none>".into();
    }
    labels.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",")
}

/// A label selector as `metav1.LabelSelectorAsSelector(..).String()` prints it: all
/// requirements sorted by key, `app=web,tier in (a,b)`.
pub fn selector_string(selector: &LabelSelector) -> String {
    let mut parts: Vec<(String, String)> =
        selector.match_labels.iter().map(|(k, v)| (k.clone(), format!("{k}={v}"))).collect();
    for requirement in &selector.match_expressions {
        let mut values = requirement.values.clone();
        values.sort_small();
        let key = &requirement.key;
        let text = match requirement.operator.as_str() {
            "In" => format!("{key} in ({})", values.join(",")),
            "NotIn" => format!("{key} notin ({})", values.join(",")),
            "Exists" => key.clone(),
            "DoesNotExist" => format!("!{key}"),
            _ => continue,
        };
        parts.push((key.clone(), text));
    }
    parts.sort_small_by(|a, b| a.0.cmp(&b.0));
    parts.into_iter().map(|(_, text)| text).collect::<Vec<_>>().join(",")
}

// ---------------------------------------------------------------------------------------
// kubectl top
// ---------------------------------------------------------------------------------------

/// One row of `kubectl top pod`: the pod (and container, with `--containers`) and its usage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopPodRow {
    pub pod: String,
    pub container: Option<String>,
    /// CPU [millicores].
    pub cpu_millis: i64,
    /// Working set [bytes].
    pub memory_bytes: i64,
}

/// One row of `kubectl top node`: usage (None prints `<unknown>`) against allocatable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopNodeRow {
    pub node: String,
    /// CPU [millicores] and memory [bytes] in use.
    pub usage: Option<(i64, i64)>,
    pub allocatable_cpu_millis: i64,
    pub allocatable_memory_bytes: i64,
}

/// `kubectl top pod`: NAME CPU(cores) MEMORY(bytes), as `250m  11Mi`; with `--containers`,
/// POD NAME CPU(cores) MEMORY(bytes).
pub fn top_pods_table(rows: &[TopPodRow]) -> Table {
    let containers = rows.iter().any(|r| r.container.is_some());
    let mut table = if containers {
        Table::new(&["POD", "NAME", "CPU(cores)", "MEMORY(bytes)"])
    } else {
        Table::new(&["NAME", "CPU(cores)", "MEMORY(bytes)"])
    };
    for row in rows {
        let mut cells = vec![row.pod.clone()];
        if containers {
            cells.push(row.container.clone().unwrap_or_default());
        }
        cells.push(format!("{}m", row.cpu_millis));
        cells.push(format!("{}Mi", row.memory_bytes / (1024 * 1024)));
        table.push(cells, String::new());
    }
    table
}

/// `kubectl top node`: NAME CPU(cores) CPU(%) MEMORY(bytes) MEMORY(%), percentages of
/// allocatable rounded down as kubectl's integer division does.
pub fn top_nodes_table(rows: &[TopNodeRow]) -> Table {
    let mut table = Table::new(&["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"]);
    for row in rows {
        let cells = match row.usage {
            Some((cpu, memory)) => vec![
                row.node.clone(),
                format!("{cpu}m"),
                format!("{}%", cpu * 100 / row.allocatable_cpu_millis.max(1)),
                format!("{}Mi", memory / (1024 * 1024)),
                format!("{}%", memory * 100 / row.allocatable_memory_bytes.max(1)),
            ],
            None => {
                let unknown = "<unknown>".to_string();
                vec![row.node.clone(), unknown.clone(), unknown.clone(), unknown.clone(), unknown]
            }
        };
        table.push(cells, String::new());
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Container, ContainerState};
    use crate::print::fixtures::*;
    use crate::print::table::render_table;

    const NOW: u64 = 200;

    /// One pod per STATUS case, in name order as `kubectl get pods` lists them.
    fn status_pods() -> Vec<Pod> {
        let mut crash = bind(
            pod("web-crash", 20),
            "worker2",
            "10.244.2.7",
            21,
            "Running",
            status(waiting("CrashLoopBackOff"), false, 4),
        );
        crash.status.as_mut().unwrap().container_statuses[0].last_state = terminated("Error", 1, 180, NOW - 12);
        let mut oom = bind(
            pod("web-oom", 50),
            "worker1",
            "10.244.1.9",
            51,
            "Running",
            status(terminated("OOMKilled", 137, 120, 199), false, 2),
        );
        oom.status.as_mut().unwrap().container_statuses[0].last_state = terminated("OOMKilled", 137, 100, 130);
        let mut terminating =
            bind(pod("web-terminating", 0), "worker1", "10.244.1.3", 1, "Running", status(running(3), true, 0));
        terminating.metadata.deletion_timestamp = Some(t(NOW + 25));
        terminating.metadata.deletion_grace_period_seconds = Some(30);
        let mut evicted = pod("web-evicted", 10);
        evicted.spec.node_name = Some("worker1".into());
        let evicted_status = evicted.status.as_mut().unwrap();
        evicted_status.phase = "Failed".into();
        evicted_status.reason = Some("Evicted".into());
        evicted_status.message = Some("The node was low on resource: memory.".into());
        evicted_status.container_statuses = vec![status(ContainerState::default(), false, 0)];
        vec![
            bind(
                pod("web-completed", 100),
                "worker2",
                "10.244.2.8",
                101,
                "Succeeded",
                status(terminated("Completed", 0, 102, 110), false, 0),
            ),
            bind(
                pod("web-creating", 195),
                "worker1",
                "",
                196,
                "Pending",
                status(waiting("ContainerCreating"), false, 0),
            ),
            crash,
            bind(
                pod("web-error", 140),
                "worker2",
                "10.244.2.9",
                141,
                "Running",
                status(terminated("Error", 1, 142, 198), false, 0),
            ),
            evicted,
            bind(pod("web-notready", 60), "worker2", "10.244.2.5", 61, "Running", status(running(62), false, 0)),
            oom,
            pod("web-pending", 190),
            bind(pod("web-running", 0), "worker1", "10.244.1.4", 1, "Running", status(running(3), true, 0)),
            terminating,
        ]
    }

    fn check(table: Table, wide: bool, expected: &str) {
        let actual = render_table(&table, wide);
        assert_eq!(actual, expected, "\n--- actual ---\n{actual}--- expected ---\n{expected}");
    }

    #[test]
    fn pods_every_status() {
        let pods = status_pods();
        let refs: Vec<&Pod> = pods.iter().collect();
        check(
            pods_table(&refs, t(NOW)),
            false,
            "\
NAME              READY   STATUS              RESTARTS      AGE
web-completed     0/1     Completed           0             100s
web-creating      0/1     ContainerCreating   0             5s
web-crash         0/1     CrashLoopBackOff    4 (12s ago)   3m
web-error         0/1     Error               0             60s
web-evicted       0/1     Evicted             0             3m10s
web-notready      0/1     Running             0             2m20s
web-oom           0/1     OOMKilled           2 (70s ago)   2m30s
web-pending       0/1     Pending             0             10s
web-running       1/1     Running             0             3m20s
web-terminating   1/1     Terminating         0             3m20s
",
        );
    }

    #[test]
    fn pods_wide() {
        let pods = status_pods();
        let refs: Vec<&Pod> = pods
            .iter()
            .filter(|p| ["web-crash", "web-pending", "web-running"].contains(&p.metadata.name.as_str()))
            .collect();
        check(
            pods_table(&refs, t(NOW)),
            true,
            "\
NAME          READY   STATUS             RESTARTS      AGE     IP           NODE      NOMINATED NODE   READINESS GATES
web-crash     0/1     CrashLoopBackOff   4 (12s ago)   3m      10.244.2.7   worker2   <none>           <none>
web-pending   0/1     Pending            0             10s     <none>       <none>    <none>           <none>
web-running   1/1     Running            0             3m20s   10.244.1.4   worker1   <none>           <none>
",
        );
    }

    #[test]
    fn first_container_reason_wins() {
        let mut pod =
            bind(pod("two", 0), "worker1", "10.244.1.4", 1, "Running", status(waiting("CrashLoopBackOff"), false, 3));
        let mut sidecar = status(running(5), true, 0);
        sidecar.name = "sidecar".into();
        let pod_status_mut = pod.status.as_mut().unwrap();
        pod_status_mut.container_statuses.push(sidecar.clone());
        pod.spec.containers.push(Container { name: "sidecar".into(), image: "busybox".into(), ..Default::default() });
        assert_eq!(pod_status(&pod), "CrashLoopBackOff");
        assert_eq!(pod_ready(&pod), "1/2");
        // No lastState.terminated: just the count.
        assert_eq!(pod_restarts(&pod, t(NOW)), "3");

        // A completed first container next to a running, ready one.
        let pod_status_mut = pod.status.as_mut().unwrap();
        pod_status_mut.container_statuses[0].state = terminated("Completed", 0, 1, 2);
        assert_eq!(pod_status(&pod), "NotReady");
        pod.status.as_mut().unwrap().conditions = vec![condition("Ready", "True")];
        assert_eq!(pod_status(&pod), "Running");
    }

    #[test]
    fn terminal_phase_beats_terminating() {
        let mut pod = bind(
            pod("done", 0),
            "worker1",
            "10.244.1.4",
            1,
            "Succeeded",
            status(terminated("Completed", 0, 2, 9), false, 0),
        );
        pod.metadata.deletion_timestamp = Some(t(30));
        assert_eq!(pod_status(&pod), "Completed");
        pod.status.as_mut().unwrap().reason = Some("NodeLost".into());
        pod.status.as_mut().unwrap().phase = "Running".into();
        assert_eq!(pod_status(&pod), "Unknown");
        pod.status.as_mut().unwrap().container_statuses[0].state = terminated("", 137, 2, 9);
        pod.metadata.deletion_timestamp = None;
        assert_eq!(pod_status(&pod), "ExitCode:137");
    }

    fn deployment(name: &str, replicas: i64, ready: i64, updated: i64, available: i64) -> Deployment {
        let mut deployment = Deployment { metadata: meta(name, 0), ..Default::default() };
        deployment.spec.replicas = Some(replicas);
        deployment.spec.selector.match_labels = labels(&[("app", name)]);
        deployment.spec.template.spec.containers =
            vec![Container { name: "nginx".into(), image: "nginx:1.27".into(), ..Default::default() }];
        deployment.status = Some(crate::api::DeploymentStatus {
            replicas,
            ready_replicas: ready,
            updated_replicas: updated,
            available_replicas: available,
            ..Default::default()
        });
        deployment
    }

    #[test]
    fn deployments() {
        let web = deployment("web", 3, 2, 3, 2);
        let api = deployment("php-apache", 1, 1, 1, 1);
        check(
            deployments_table(&[&api, &web], t(720)),
            false,
            "\
NAME         READY   UP-TO-DATE   AVAILABLE   AGE
php-apache   1/1     1            1           12m
web          2/3     3            2           12m
",
        );
        check(
            deployments_table(&[&web], t(720)),
            true,
            "\
NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES       SELECTOR
web    2/3     3            2           12m   nginx        nginx:1.27   app=web
",
        );
    }

    #[test]
    fn replicasets() {
        let mut rs = ReplicaSet { metadata: meta("web-5d4c8b7f9", 0), ..Default::default() };
        rs.spec.replicas = Some(3);
        rs.spec.selector.match_labels = labels(&[("app", "web"), ("pod-template-hash", "5d4c8b7f9")]);
        rs.spec.template.spec.containers =
            vec![Container { name: "nginx".into(), image: "nginx:1.27".into(), ..Default::default() }];
        rs.status = Some(crate::api::ReplicaSetStatus { replicas: 3, ready_replicas: 2, ..Default::default() });
        check(
            replicasets_table(&[&rs], t(720)),
            false,
            "\
NAME            DESIRED   CURRENT   READY   AGE
web-5d4c8b7f9   3         3         2       12m
",
        );
        check(
            replicasets_table(&[&rs], t(720)),
            true,
            "\
NAME            DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES       SELECTOR
web-5d4c8b7f9   3         3         2       12m   nginx        nginx:1.27   app=web,pod-template-hash=5d4c8b7f9
",
        );
    }

    #[test]
    fn nodes() {
        let mut control = node("controlplane", "True", "10.0.0.10");
        control.metadata.labels.insert("node-role.kubernetes.io/control-plane".into(), String::new());
        let worker1 = node("worker1", "Unknown", "10.0.0.11");
        let mut worker2 = node("worker2", "True", "10.0.0.12");
        worker2.spec.unschedulable = Some(true);
        let mut worker3 = node("worker3", "False", "10.0.0.13");
        worker3.status.as_mut().unwrap().conditions.clear();
        let two_days = 2 * 86_400;
        check(
            nodes_table(&[&control, &worker1, &worker2, &worker3], t(two_days)),
            false,
            "\
NAME           STATUS                     ROLES           AGE   VERSION
controlplane   Ready                      control-plane   2d    v1.33.1
worker1        NotReady                   <none>          2d    v1.33.1
worker2        Ready,SchedulingDisabled   <none>          2d    v1.33.1
worker3        Unknown                    <none>          2d    v1.33.1
",
        );
        check(nodes_table(&[&worker1], t(two_days)), true, "\
NAME      STATUS     ROLES    AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION   CONTAINER-RUNTIME
worker1   NotReady   <none>   2d    v1.33.1   10.0.0.11     <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-kubeplay   containerd://1.7.24
");
    }

    fn service(name: &str, type_: &str, ip: &str, ports: &[(i64, Option<i64>)]) -> Service {
        let mut service = Service { metadata: meta(name, 0), ..Default::default() };
        service.spec.type_ = Some(type_.into());
        service.spec.cluster_ip = Some(ip.into());
        service.spec.cluster_ips = Some(vec![ip.into()]);
        service.spec.selector = labels(&[("app", name)]);
        service.spec.ports = ports
            .iter()
            .map(|(port, node_port)| crate::api::ServicePort {
                name: None,
                port: *port,
                target_port: None,
                protocol: Some("TCP".into()),
                node_port: *node_port,
                app_protocol: None,
            })
            .collect();
        service
    }

    fn slice(service: &str, suffix: &str, endpoints: &[(&str, bool, bool)], port: i64) -> EndpointSlice {
        let mut metadata = meta(&format!("{service}-{suffix}"), 0);
        metadata.labels = labels(&[("kubernetes.io/service-name", service)]);
        EndpointSlice {
            api_version: "discovery.k8s.io/v1".into(),
            kind: "EndpointSlice".into(),
            metadata,
            address_type: "IPv4".into(),
            endpoints: endpoints
                .iter()
                .map(|(ip, ready, terminating)| crate::api::Endpoint {
                    addresses: vec![ip.to_string()],
                    conditions: crate::api::EndpointConditions {
                        ready: *ready,
                        serving: *ready,
                        terminating: *terminating,
                    },
                    node_name: None,
                    target_ref: None,
                })
                .collect(),
            ports: vec![crate::api::EndpointPort { name: None, port, protocol: "TCP".into() }],
        }
    }

    #[test]
    fn services() {
        let mut kubernetes = service("kubernetes", "ClusterIP", "10.96.0.1", &[(443, None)]);
        kubernetes.spec.selector.clear();
        let web = service("web", "NodePort", "10.96.45.12", &[(80, Some(31234)), (443, Some(31443))]);
        let lb = service("shop", "LoadBalancer", "10.96.7.7", &[(8080, Some(30080))]);
        check(
            services_table(&[&kubernetes, &lb, &web], t(300)),
            false,
            "\
NAME         TYPE           CLUSTER-IP    EXTERNAL-IP   PORT(S)                      AGE
kubernetes   ClusterIP      10.96.0.1     <none>        443/TCP                      5m
shop         LoadBalancer   10.96.7.7     <pending>     8080:30080/TCP               5m
web          NodePort       10.96.45.12   <none>        80:31234/TCP,443:31443/TCP   5m
",
        );
        check(
            services_table(&[&kubernetes, &web], t(300)),
            true,
            "\
NAME         TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)                      AGE   SELECTOR
kubernetes   ClusterIP   10.96.0.1     <none>        443/TCP                      5m    <none>
web          NodePort    10.96.45.12   <none>        80:31234/TCP,443:31443/TCP   5m    app=web
",
        );
    }

    #[test]
    fn endpoints_and_slices() {
        let web = service("web", "ClusterIP", "10.96.45.12", &[(80, None)]);
        let api = service("api", "ClusterIP", "10.96.45.13", &[(8080, None)]);
        let idle = service("idle", "ClusterIP", "10.96.45.14", &[(80, None)]);
        let web_slice = slice(
            "web",
            "x7k2p",
            &[
                ("10.244.2.7", true, false),
                ("10.244.1.4", true, false),
                ("10.244.3.2", true, false),
                ("10.244.1.9", true, false),
                ("10.244.2.8", false, false),
                ("10.244.1.3", false, true),
            ],
            80,
        );
        let api_slice = slice("api", "q9w8e", &[("10.244.1.5", false, false)], 8080);
        let idle_slice = slice("idle", "a1b2c", &[], 80);
        check(
            endpoints_table(&[&api, &idle, &web], &[&api_slice, &idle_slice, &web_slice], t(90)),
            false,
            "\
NAME   ENDPOINTS                                               AGE
api                                                            90s
idle   <none>                                                  90s
web    10.244.1.4:80,10.244.1.9:80,10.244.2.7:80 + 1 more...   90s
",
        );
        check(
            endpointslices_table(&[&api_slice, &idle_slice, &web_slice], t(90)),
            false,
            "\
NAME         ADDRESSTYPE   PORTS   ENDPOINTS                                      AGE
api-q9w8e    IPv4          8080    10.244.1.5                                     90s
idle-a1b2c   IPv4          80      <unset>                                        90s
web-x7k2p    IPv4          80      10.244.2.7,10.244.1.4,10.244.3.2 + 3 more...   90s
",
        );
    }

    fn hpa(name: &str, min: Option<i64>, current: Option<i64>, replicas: i64) -> HorizontalPodAutoscaler {
        let mut hpa = hpa_cpu50(name, 0, min);
        hpa.status = Some(crate::api::HpaStatus {
            current_replicas: replicas,
            desired_replicas: replicas,
            current_cpu_utilization: current,
            current_cpu_average_millis: current.map(|u| u * 2),
            ..Default::default()
        });
        hpa
    }

    #[test]
    fn hpas() {
        let busy = hpa("php-apache", Some(1), Some(250), 4);
        let fresh = hpa("web", None, None, 0);
        let mut memory = hpa("cache", Some(2), Some(10), 2);
        memory.spec.metrics.push(crate::api::MetricSpec {
            type_: "Resource".into(),
            resource: Some(crate::api::ResourceMetricSource {
                name: "memory".into(),
                target: crate::api::MetricTarget {
                    type_: "AverageValue".into(),
                    average_value: Some(crate::api::Quantity("500Mi".into())),
                    ..Default::default()
                },
            }),
            ..Default::default()
        });
        memory.spec.metrics.push(memory.spec.metrics[0].clone());
        check(hpas_table(&[&memory, &busy, &fresh], t(120)), false, "\
NAME         REFERENCE               TARGETS                                             MINPODS   MAXPODS   REPLICAS   AGE
cache        Deployment/cache        cpu: 10%/50%, memory: <unknown>/500Mi + 1 more...   2         10        2          2m
php-apache   Deployment/php-apache   cpu: 250%/50%                                       1         10        4          2m
web          Deployment/web          cpu: <unknown>/50%                                  <unset>   10        0          2m
");
        if let Some(status) = memory.status.as_mut() {
            status.current_memory_average_bytes = Some(13_635_584);
        }
        assert_eq!(hpa_targets(&memory), "cpu: 10%/50%, memory: 13635584/500Mi + 1 more...");
        let mut none = hpa("none", Some(1), None, 1);
        none.spec.metrics.clear();
        assert_eq!(hpa_targets(&none), "<none>");
        none.spec.target_cpu_utilization_percentage = Some(80);
        assert_eq!(hpa_targets(&none), "cpu: <unknown>/80%");
        let mut pods_metric = hpa("queue", Some(1), Some(40), 1);
        pods_metric.spec.metrics.push(crate::api::MetricSpec { type_: "Pods".into(), ..Default::default() });
        assert_eq!(hpa_targets(&pods_metric), "cpu: 40%/50%, <unknown>");
    }

    #[test]
    fn events() {
        let scheduled = event(
            "Pod",
            "web-abc",
            "Normal",
            "Scheduled",
            "default-scheduler",
            "Successfully assigned default/web-abc to worker1",
            (10, 10, 1),
        );
        let backoff = event(
            "Pod",
            "web-abc",
            "Warning",
            "BackOff",
            "kubelet",
            "Back-off restarting failed container nginx in pod web-abc_default(1)",
            (40, 190, 7),
        );
        let scaled = event(
            "Deployment",
            "web",
            "Normal",
            "ScalingReplicaSet",
            "deployment-controller",
            "Scaled up replica set web-5d4c8b7f9 from 0 to 3",
            (9, 9, 1),
        );
        // Listed by Event name, `<object>.<hex>`: `web-abc.` sorts before `web.`.
        let mut events = vec![&scaled, &backoff, &scheduled];
        sort_events_for_list(&mut events);
        check(events_table(&events, t(200)), false, "\
LAST SEEN   TYPE      REASON              OBJECT           MESSAGE
3m10s       Normal    Scheduled           pod/web-abc      Successfully assigned default/web-abc to worker1
10s         Warning   BackOff             pod/web-abc      Back-off restarting failed container nginx in pod web-abc_default(1)
3m11s       Normal    ScalingReplicaSet   deployment/web   Scaled up replica set web-5d4c8b7f9 from 0 to 3
");
        check(events_table(&[&backoff], t(200)), true, "\
LAST SEEN   TYPE      REASON    OBJECT        SUBOBJECT   SOURCE    MESSAGE                                                                FIRST SEEN   COUNT   NAME
10s         Warning   BackOff   pod/web-abc               kubelet   Back-off restarting failed container nginx in pod web-abc_default(1)   2m40s        7       web-abc.1886725b3e299000
");
    }

    #[test]
    fn top_pods() {
        let row = |pod: &str, container: Option<&str>, cpu, memory| TopPodRow {
            pod: pod.into(),
            container: container.map(str::to_string),
            cpu_millis: cpu,
            memory_bytes: memory,
        };
        let table = top_pods_table(&[
            row("php-apache-5b5f4c7d9-x2x7q", None, 250, 11 * 1024 * 1024 + 5),
            row("web-1", None, 1, 30 * 1024 * 1024),
        ]);
        assert_eq!(
            render_table(&table, false),
            "NAME                         CPU(cores)   MEMORY(bytes)\nphp-apache-5b5f4c7d9-x2x7q   250m         11Mi\nweb-1                        1m           30Mi\n"
        );
        let table = top_pods_table(&[row("web-1", Some("nginx"), 3, 4 * 1024 * 1024)]);
        assert_eq!(
            render_table(&table, false),
            "POD     NAME    CPU(cores)   MEMORY(bytes)\nweb-1   nginx   3m           4Mi\n"
        );
    }

    #[test]
    fn top_nodes() {
        let gib = 1024 * 1024 * 1024;
        let rows = [
            TopNodeRow {
                node: "node-1".into(),
                usage: Some((760, 2 * gib)),
                allocatable_cpu_millis: 4000,
                allocatable_memory_bytes: 8 * gib,
            },
            TopNodeRow {
                node: "node-2".into(),
                usage: None,
                allocatable_cpu_millis: 4000,
                allocatable_memory_bytes: 8 * gib,
            },
        ];
        assert_eq!(
            render_table(&top_nodes_table(&rows), false),
            "NAME     CPU(cores)   CPU(%)      MEMORY(bytes)   MEMORY(%)\nnode-1   760m         19%         2048Mi          25%\nnode-2   <unknown>    <unknown>   <unknown>       <unknown>\n"
        );
    }
}
