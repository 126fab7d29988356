//! Rows for `kubectl get <kind>`, one builder per kind, as the apiserver's table convertor
//! prints them (models pkg/printers/internalversion/printers.go). Pure functions of the
//! objects and `now`.

use super::age;
use super::table::Table;
use crate::api::{
    Deployment, EndpointSlice, Event, HorizontalPodAutoscaler, LabelSelector, Labels, Node, Pod,
    ReplicaSet, Service,
};
use crate::api::quantity::format_millis;
use crate::engine::time::SimTime;

/// Seconds between 1970-01-01 and kubeplay's epoch, 2026-01-01T00:00:00Z.
const EPOCH_UNIX_SECS: u64 = 1_767_225_600;

// ---------------------------------------------------------------------------------------
// Pods
// ---------------------------------------------------------------------------------------

/// `kubectl get pods`: NAME READY STATUS RESTARTS AGE, wide: IP NODE NOMINATED NODE
/// READINESS GATES.
pub fn pods_table(pods: &[&Pod], now: SimTime) -> Table {
    let mut table =
        Table::new(&["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP+", "NODE+", "NOMINATED NODE+", "READINESS GATES+"]);
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
        if status.conditions.iter().any(|c| c.type_ == "PodScheduled" && c.reason.as_deref() == Some("SchedulingGated")) {
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
    let last_restart = status
        .container_statuses
        .iter()
        .filter_map(|c| c.last_state.terminated.as_ref().map(|t| t.finished_at))
        .max();
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
    let mut table = Table::new(&["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS+", "IMAGES+", "SELECTOR+"]);
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
    roles.sort_unstable();
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
    for service in services.iter().filter(|s| !s.spec.selector.is_empty()) {
        let own: Vec<&EndpointSlice> = slices.iter().copied().filter(|s| slice_belongs_to(s, service)).collect();
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
    ready.sort_unstable();
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
    let mut views = Vec::new();
    for metric in &hpa.spec.metrics {
        match (&metric.type_[..], &metric.resource) {
            ("Resource", Some(resource)) => {
                let is_cpu = resource.name == "cpu";
                views.push(Ok(MetricView {
                    resource: resource.name.clone(),
                    target_utilization: resource.target.average_utilization,
                    target_value: resource.target.average_value.as_ref().map(|q| q.0.clone()),
                    current_utilization: if is_cpu { cpu_util } else { None },
                    current_average: if is_cpu { cpu_avg.clone() } else { None },
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
            Err(type_) => format!("<{type_} metric: not simulated>"),
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
            object.kind.to_lowercase()
        } else {
            format!("{}/{}", object.kind.to_lowercase(), object.name)
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
    events.sort_by_cached_key(|event| event_name(event));
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
        values.sort();
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
    parts.sort_by(|a, b| a.0.cmp(&b.0));
    parts.into_iter().map(|(_, text)| text).collect::<Vec<_>>().join(",")
}
