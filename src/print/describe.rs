//! `kubectl describe` for pods, deployments, replica sets, nodes, services and HPAs
//! (models kubectl pkg/describe/describe.go). Text is written with two-space indent levels
//! and tab-separated cells, then aligned by the describe tabwriter (minwidth 0, padding 2).

use super::age;
use super::get::{
    format_labels, hpa_metrics, node_roles, selector_string, service_cluster_ip, service_type, slice_belongs_to,
};
use super::tabwriter;
use crate::api::quantity::format_millis;
use crate::api::{
    Container, ContainerState, ContainerStatus, Deployment, EndpointSlice, Event, HorizontalPodAutoscaler,
    HpaScalingRules, IntOrString, Node, Pod, PodTemplateSpec, Probe, ReplicaSet, Service, Taint, Toleration,
};
use crate::engine::time::SimTime;
use crate::sort::SmallSort;
use std::collections::BTreeMap;

/// `kubectl describe pod`.
pub fn describe_pod(pod: &Pod, events: &[&Event], now: SimTime) -> String {
    let mut doc = Doc::default();
    let status = pod.status.clone().unwrap_or_default();
    let spec = &pod.spec;
    doc.line(0, &format!("Name:\t{}", pod.metadata.name));
    doc.line(0, &format!("Namespace:\t{}", namespace_of(&pod.metadata)));
    doc.line(0, &format!("Priority:\t{}", spec.priority.as_ref().and_then(|v| v.as_i64()).unwrap_or(0)));
    if let Some(class) = spec.priority_class_name.as_ref().and_then(|v| v.as_str()) {
        doc.line(0, &format!("Priority Class Name:\t{class}"));
    }
    let service_account = spec
        .service_account_name
        .as_ref()
        .or(spec.service_account.as_ref())
        .and_then(|v| v.as_str())
        .unwrap_or("default");
    doc.line(0, &format!("Service Account:\t{service_account}"));
    match spec.node_name.as_deref().filter(|n| !n.is_empty()) {
        Some(node) => doc.line(0, &format!("Node:\t{node}/{}", status.host_ip.as_deref().unwrap_or(""))),
        None => doc.line(0, "Node:\t<none>"),
    }
    if let Some(start) = status.start_time {
        doc.line(0, &format!("Start Time:\t{}", age::rfc1123z(start)));
    }
    labels_multiline(&mut doc, "Labels", &pod.metadata.labels);
    annotations_multiline(&mut doc, "Annotations", &pod.metadata.annotations);
    let phase = pod.phase();
    match pod.metadata.deletion_timestamp {
        Some(deleted) if !matches!(phase, "Succeeded" | "Failed") => {
            doc.line(0, &format!("Status:\tTerminating (lasts {})", age::since(deleted, now)));
            let grace = pod.metadata.deletion_grace_period_seconds.unwrap_or(30);
            doc.line(0, &format!("Termination Grace Period:\t{grace}s"));
        }
        _ => doc.line(0, &format!("Status:\t{phase}")),
    }
    if let Some(reason) = status.reason.as_deref().filter(|r| !r.is_empty()) {
        doc.line(0, &format!("Reason:\t{reason}"));
    }
    if let Some(message) = status.message.as_deref().filter(|m| !m.is_empty()) {
        doc.line(0, &format!("Message:\t{message}"));
    }
    let pod_ip = status.pod_ip.clone().filter(|ip| !ip.is_empty());
    doc.line(0, &format!("IP:\t{}", pod_ip.as_deref().unwrap_or("")));
    match &pod_ip {
        Some(ip) => {
            doc.line(0, "IPs:");
            doc.line(1, &format!("IP:\t{ip}"));
        }
        None => doc.line(0, "IPs:\t<none>"),
    }
    if let Some(owner) = pod.controller_ref() {
        doc.line(0, &format!("Controlled By:\t{}/{}", owner.kind, owner.name));
    }
    describe_containers(&mut doc, "Containers", &spec.containers, Some((&status.container_statuses, pod)), "");
    if !status.conditions.is_empty() {
        doc.line(0, "Conditions:\n  Type\tStatus");
        for condition in &status.conditions {
            doc.line(1, &format!("{} \t{} ", condition.type_, condition.status));
        }
    }
    doc.line(0, "Volumes:\t<none>");
    let qos = status.qos_class.clone().unwrap_or_else(|| qos_class(pod).to_string());
    doc.line(0, &format!("QoS Class:\t{qos}"));
    labels_multiline(&mut doc, "Node-Selectors", &spec.node_selector);
    tolerations_multiline(&mut doc, "Tolerations", &spec.tolerations);
    describe_events(&mut doc, events, now);
    doc.finish()
}

/// `kubectl describe deployment`. `replica_sets` may hold any ReplicaSets: those the
/// Deployment controls are split into the new one and the old ones.
pub fn describe_deployment(
    deployment: &Deployment,
    replica_sets: &[&ReplicaSet],
    events: &[&Event],
    now: SimTime,
) -> String {
    let mut doc = Doc::default();
    let meta = &deployment.metadata;
    let spec = &deployment.spec;
    let status = deployment.status.clone().unwrap_or_default();
    doc.line(0, &format!("Name:\t{}", meta.name));
    doc.line(0, &format!("Namespace:\t{}", namespace_of(meta)));
    doc.line(0, &format!("CreationTimestamp:\t{}", timestamp(meta.creation_timestamp)));
    labels_multiline(&mut doc, "Labels", &meta.labels);
    annotations_multiline(&mut doc, "Annotations", &meta.annotations);
    doc.line(0, &format!("Selector:\t{}", selector_string(&spec.selector)));
    doc.line(
        0,
        &format!(
            "Replicas:\t{} desired | {} updated | {} total | {} available | {} unavailable",
            spec.replicas.unwrap_or(1),
            status.updated_replicas,
            status.replicas,
            status.available_replicas,
            status.unavailable_replicas
        ),
    );
    let strategy = spec.strategy.clone().unwrap_or_default();
    let strategy_type = strategy.type_.clone().unwrap_or_else(|| "RollingUpdate".into());
    doc.line(0, &format!("StrategyType:\t{strategy_type}"));
    doc.line(0, &format!("MinReadySeconds:\t{}", spec.min_ready_seconds.unwrap_or(0)));
    if strategy_type == "RollingUpdate" {
        let rolling = strategy.rolling_update.clone().unwrap_or_default();
        let default = IntOrString::String("25%".into());
        doc.line(
            0,
            &format!(
                "RollingUpdateStrategy:\t{} max unavailable, {} max surge",
                rolling.max_unavailable.as_ref().unwrap_or(&default),
                rolling.max_surge.as_ref().unwrap_or(&default)
            ),
        );
    }
    describe_pod_template(&mut doc, &spec.template);
    if !status.conditions.is_empty() {
        doc.line(0, "Conditions:\n  Type\tStatus\tReason");
        doc.line(1, "----\t------\t------");
        for condition in &status.conditions {
            doc.line(
                1,
                &format!("{} \t{}\t{}", condition.type_, condition.status, condition.reason.as_deref().unwrap_or("")),
            );
        }
    }
    let (new_rs, old_rss) = split_replica_sets(deployment, replica_sets);
    if new_rs.is_some() || !old_rss.is_empty() {
        doc.line(0, &format!("OldReplicaSets:\t{}", replica_sets_summary(&old_rss)));
        doc.line(0, &format!("NewReplicaSet:\t{}", replica_sets_summary(&new_rs.into_iter().collect::<Vec<_>>())));
    }
    describe_events(&mut doc, events, now);
    doc.finish()
}

/// The ReplicaSets a Deployment controls, split into the new one (the revision annotation
/// matches the Deployment's, or else the pod template matches ignoring pod-template-hash)
/// and the old ones, each in name order.
pub fn split_replica_sets<'a>(
    deployment: &Deployment,
    replica_sets: &[&'a ReplicaSet],
) -> (Option<&'a ReplicaSet>, Vec<&'a ReplicaSet>) {
    const REVISION: &str = "deployment.kubernetes.io/revision";
    let mut owned: Vec<&'a ReplicaSet> = replica_sets
        .iter()
        .copied()
        .filter(|rs| {
            rs.metadata.owner_references.iter().any(|o| {
                o.kind == "Deployment"
                    && o.name == deployment.metadata.name
                    && (deployment.metadata.uid.is_empty() || o.uid.is_empty() || o.uid == deployment.metadata.uid)
            })
        })
        .collect();
    owned.sort_small_by(|a, b| a.metadata.name.cmp(&b.metadata.name));
    let by_revision = deployment
        .metadata
        .annotations
        .get(REVISION)
        .and_then(|revision| owned.iter().position(|rs| rs.metadata.annotations.get(REVISION) == Some(revision)));
    let new_idx = by_revision.or_else(|| {
        owned.iter().position(|rs| templates_equal_ignoring_hash(&rs.spec.template, &deployment.spec.template))
    });
    let new_rs = new_idx.map(|idx| owned.remove(idx));
    (new_rs, owned)
}

fn templates_equal_ignoring_hash(a: &PodTemplateSpec, b: &PodTemplateSpec) -> bool {
    let strip = |template: &PodTemplateSpec| {
        let mut template = template.clone();
        template.metadata.labels.remove("pod-template-hash");
        template
    };
    strip(a) == strip(b)
}

fn replica_sets_summary(replica_sets: &[&ReplicaSet]) -> String {
    if replica_sets.is_empty() {
        return "<none>".into();
    }
    replica_sets
        .iter()
        .map(|rs| {
            let current = rs.status.as_ref().map(|s| s.replicas).unwrap_or(0);
            format!("{} ({current}/{} replicas created)", rs.metadata.name, rs.spec.replicas.unwrap_or(1))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `kubectl describe replicaset`. `pods` may hold any pods: those the ReplicaSet controls
/// are counted by phase.
pub fn describe_replicaset(replica_set: &ReplicaSet, pods: &[&Pod], events: &[&Event], now: SimTime) -> String {
    let mut doc = Doc::default();
    let meta = &replica_set.metadata;
    doc.line(0, &format!("Name:\t{}", meta.name));
    doc.line(0, &format!("Namespace:\t{}", namespace_of(meta)));
    doc.line(0, &format!("Selector:\t{}", selector_string(&replica_set.spec.selector)));
    labels_multiline(&mut doc, "Labels", &meta.labels);
    annotations_multiline(&mut doc, "Annotations", &meta.annotations);
    if let Some(owner) = meta.owner_references.iter().find(|o| o.controller == Some(true)) {
        doc.line(0, &format!("Controlled By:\t{}/{}", owner.kind, owner.name));
    }
    let current = replica_set.status.as_ref().map(|s| s.replicas).unwrap_or(0);
    doc.line(0, &format!("Replicas:\t{current} current / {} desired", replica_set.spec.replicas.unwrap_or(1)));
    let mut counts = [0usize; 4];
    for pod in pods.iter().filter(|pod| {
        pod.controller_ref()
            .is_some_and(|o| o.name == meta.name && (o.uid.is_empty() || meta.uid.is_empty() || o.uid == meta.uid))
    }) {
        match pod.phase() {
            "Running" => counts[0] += 1,
            "Pending" => counts[1] += 1,
            "Succeeded" => counts[2] += 1,
            "Failed" => counts[3] += 1,
            _ => {}
        }
    }
    doc.write(0, "Pods Status:\t");
    doc.line(
        0,
        &format!("{} Running / {} Waiting / {} Succeeded / {} Failed", counts[0], counts[1], counts[2], counts[3]),
    );
    describe_pod_template(&mut doc, &replica_set.spec.template);
    describe_events(&mut doc, events, now);
    doc.finish()
}

/// `kubectl describe node`. `pods` may hold any pods: those bound to this node and not in
/// a terminal phase make the Non-terminated Pods table and the allocated totals.
pub fn describe_node(node: &Node, pods: &[&Pod], events: &[&Event], now: SimTime) -> String {
    let mut doc = Doc::default();
    let meta = &node.metadata;
    let status = node.status.clone().unwrap_or_default();
    doc.line(0, &format!("Name:\t{}", meta.name));
    doc.line(0, &format!("Roles:\t{}", node_roles(node).unwrap_or_else(|| "<none>".into())));
    labels_multiline(&mut doc, "Labels", &meta.labels);
    annotations_multiline(&mut doc, "Annotations", &meta.annotations);
    doc.line(0, &format!("CreationTimestamp:\t{}", timestamp(meta.creation_timestamp)));
    taints_multiline(&mut doc, "Taints", &node.spec.taints);
    doc.line(0, &format!("Unschedulable:\t{}", node.spec.unschedulable.unwrap_or(false)));
    if !status.conditions.is_empty() {
        doc.line(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage");
        doc.line(1, "----\t------\t-----------------\t------------------\t------\t-------");
        for condition in &status.conditions {
            doc.line(
                1,
                &format!(
                    "{} \t{} \t{} \t{} \t{} \t{}",
                    condition.type_,
                    condition.status,
                    timestamp(condition.last_heartbeat_time.or(condition.last_transition_time)),
                    timestamp(condition.last_transition_time),
                    condition.reason.as_deref().unwrap_or(""),
                    condition.message.as_deref().unwrap_or("")
                ),
            );
        }
    }
    doc.line(0, "Addresses:");
    for address in &status.addresses {
        doc.line(1, &format!("{}:\t{}", address.type_, address.address));
    }
    for (title, list) in [("Capacity", &status.capacity), ("Allocatable", &status.allocatable)] {
        if !list.is_empty() {
            doc.line(0, &format!("{title}:"));
            for (resource, quantity) in list {
                doc.line(0, &format!("  {resource}:\t{}", canonical_quantity(resource, quantity)));
            }
        }
    }
    let info = &status.node_info;
    doc.line(0, "System Info:");
    for (label, value) in [
        ("Machine ID", ""),
        ("System UUID", ""),
        ("Boot ID", ""),
        ("Kernel Version", info.kernel_version.as_str()),
        ("OS Image", info.os_image.as_str()),
        ("Operating System", info.operating_system.as_str()),
        ("Architecture", info.architecture.as_str()),
        ("Container Runtime Version", info.container_runtime_version.as_str()),
        ("Kubelet Version", info.kubelet_version.as_str()),
        ("Kube-Proxy Version", ""),
    ] {
        doc.line(0, &format!("  {label}:\t{value}"));
    }
    if let Some(cidr) = node.spec.pod_cidr.as_deref().filter(|c| !c.is_empty()) {
        doc.line(0, &format!("PodCIDR:\t{cidr}"));
        doc.line(0, &format!("PodCIDRs:\t{cidr}"));
    }
    if let Some(provider) = node.spec.provider_id.as_deref().filter(|p| !p.is_empty()) {
        doc.line(0, &format!("ProviderID:\t{provider}"));
    }
    let mut on_node: Vec<&Pod> = pods
        .iter()
        .copied()
        .filter(|p| p.node_name() == Some(meta.name.as_str()) && !matches!(p.phase(), "Succeeded" | "Failed"))
        .collect();
    on_node.sort_small_by(|a, b| {
        (namespace_of(&a.metadata), &a.metadata.name).cmp(&(namespace_of(&b.metadata), &b.metadata.name))
    });
    describe_node_resources(&mut doc, node, &on_node, now);
    describe_events(&mut doc, events, now);
    doc.finish()
}

/// The Non-terminated Pods table and the Allocated resources totals of `describe node`.
fn describe_node_resources(doc: &mut Doc, node: &Node, pods: &[&Pod], now: SimTime) {
    let status = node.status.clone().unwrap_or_default();
    let allocatable = if status.allocatable.is_empty() { &status.capacity } else { &status.allocatable };
    let alloc_cpu = allocatable.get("cpu").and_then(|q| q.millis()).unwrap_or(0);
    let alloc_mem = allocatable.get("memory").and_then(|q| q.bytes()).unwrap_or(0);
    // Upstream truncates the float percentage toward zero.
    let percent = |used: i64, total: i64| if total == 0 { 0 } else { (used as f64 / total as f64 * 100.0) as i64 };
    doc.line(0, &format!("Non-terminated Pods:\t({} in total)", pods.len()));
    doc.line(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge");
    doc.line(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---");
    let mut totals = [0i64; 4];
    for pod in pods {
        let sums = pod_requests_and_limits(pod);
        for (total, value) in totals.iter_mut().zip(sums) {
            *total += value;
        }
        let [cpu_req, cpu_lim, mem_req, mem_lim] = sums;
        doc.line(
            1,
            &format!(
                "{}\t{}\t\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{}",
                namespace_of(&pod.metadata),
                pod.metadata.name,
                format_millis(cpu_req),
                percent(cpu_req, alloc_cpu),
                format_millis(cpu_lim),
                percent(cpu_lim, alloc_cpu),
                format_bytes(mem_req),
                percent(mem_req, alloc_mem),
                format_bytes(mem_lim),
                percent(mem_lim, alloc_mem),
                super::get::age_of(pod.metadata.creation_timestamp, now)
            ),
        );
    }
    doc.line(0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)");
    doc.line(1, "Resource\tRequests\tLimits");
    doc.line(1, "--------\t--------\t------");
    let [cpu_req, cpu_lim, mem_req, mem_lim] = totals;
    doc.line(
        1,
        &format!(
            "cpu\t{} ({}%)\t{} ({}%)",
            format_millis(cpu_req),
            percent(cpu_req, alloc_cpu),
            format_millis(cpu_lim),
            percent(cpu_lim, alloc_cpu)
        ),
    );
    doc.line(
        1,
        &format!(
            "memory\t{} ({}%)\t{} ({}%)",
            format_bytes(mem_req),
            percent(mem_req, alloc_mem),
            format_bytes(mem_lim),
            percent(mem_lim, alloc_mem)
        ),
    );
    doc.line(1, "ephemeral-storage\t0 (0%)\t0 (0%)");
}

/// Sums of the containers' [cpu request, cpu limit] in millicores and [memory request,
/// memory limit] in bytes. An unset request defaults to the limit, as the API does.
fn pod_requests_and_limits(pod: &Pod) -> [i64; 4] {
    let mut sums = [0i64; 4];
    for container in &pod.spec.containers {
        let cpu_lim = container.cpu_limit_millis();
        let mem_lim = container.memory_limit_bytes();
        sums[0] += container.cpu_request_millis().or(cpu_lim).unwrap_or(0);
        sums[1] += cpu_lim.unwrap_or(0);
        sums[2] += container.memory_request_bytes().or(mem_lim).unwrap_or(0);
        sums[3] += mem_lim.unwrap_or(0);
    }
    sums
}

/// A cpu or memory quantity in the canonical form `Quantity.String()` prints (`0.5` is
/// `500m`, `1000m` is `1`, `0.5Gi` is `512Mi`); other resources as written.
pub fn canonical_quantity(resource: &str, quantity: &crate::api::Quantity) -> String {
    match resource {
        "cpu" => quantity.millis().map(format_millis),
        "memory" | "ephemeral-storage" => quantity.bytes().map(format_bytes),
        _ => None,
    }
    .unwrap_or_else(|| quantity.0.clone())
}

/// Bytes as a canonical quantity: the largest binary suffix that divides exactly
/// (`128Mi`), else the largest decimal one (`1G`), else plain bytes.
pub fn format_bytes(bytes: i64) -> String {
    if bytes == 0 {
        return "0".into();
    }
    const BINARY: [(&str, i64); 6] =
        [("Ei", 1 << 60), ("Pi", 1 << 50), ("Ti", 1 << 40), ("Gi", 1 << 30), ("Mi", 1 << 20), ("Ki", 1 << 10)];
    const DECIMAL: [(&str, i64); 6] = [
        ("E", 1_000_000_000_000_000_000),
        ("P", 1_000_000_000_000_000),
        ("T", 1_000_000_000_000),
        ("G", 1_000_000_000),
        ("M", 1_000_000),
        ("k", 1_000),
    ];
    for (suffix, factor) in BINARY.iter().chain(DECIMAL.iter()) {
        if bytes % factor == 0 {
            return format!("{}{suffix}", bytes / factor);
        }
    }
    bytes.to_string()
}

/// `kubectl describe service`, with the Endpoints line built from the Service's slices.
pub fn describe_service(service: &Service, slices: &[&EndpointSlice], events: &[&Event], now: SimTime) -> String {
    let mut doc = Doc::default();
    let meta = &service.metadata;
    let spec = &service.spec;
    let own: Vec<&EndpointSlice> = slices.iter().copied().filter(|s| slice_belongs_to(s, service)).collect();
    doc.line(0, &format!("Name:\t{}", meta.name));
    doc.line(0, &format!("Namespace:\t{}", namespace_of(meta)));
    labels_multiline(&mut doc, "Labels", &meta.labels);
    annotations_multiline(&mut doc, "Annotations", &meta.annotations);
    doc.line(0, &format!("Selector:\t{}", format_labels(&spec.selector)));
    let type_ = service_type(service);
    doc.line(0, &format!("Type:\t{type_}"));
    let cluster_ip = service_cluster_ip(service);
    if type_ != "ExternalName" {
        let policy = spec.ip_family_policy.as_ref().and_then(|v| v.as_str()).unwrap_or("SingleStack");
        doc.line(0, &format!("IP Family Policy:\t{policy}"));
        doc.line(0, "IP Families:\tIPv4");
    }
    doc.line(0, &format!("IP:\t{}", cluster_ip.as_deref().unwrap_or("")));
    let ips = spec.cluster_ips.clone().filter(|ips| !ips.is_empty()).or_else(|| cluster_ip.clone().map(|ip| vec![ip]));
    doc.line(0, &format!("IPs:\t{}", ips.map(|ips| ips.join(",")).unwrap_or_else(|| "<none>".into())));
    for port in &spec.ports {
        let name = port.name.as_deref().filter(|n| !n.is_empty()).unwrap_or("<unset>");
        let protocol = port.protocol.as_deref().unwrap_or("TCP");
        doc.line(0, &format!("Port:\t{name}\t{}/{protocol}", port.port));
        let target = port.target_port.clone().unwrap_or(IntOrString::Int(port.port));
        doc.line(0, &format!("TargetPort:\t{target}/{protocol}"));
        if let Some(node_port) = port.node_port.filter(|n| *n != 0) {
            doc.line(0, &format!("NodePort:\t{name}\t{node_port}/{protocol}"));
        }
        doc.line(0, &format!("Endpoints:\t{}", service_endpoints(&own, port.name.as_deref().unwrap_or(""))));
    }
    doc.line(0, &format!("Session Affinity:\t{}", spec.session_affinity.as_deref().unwrap_or("None")));
    if matches!(type_, "NodePort" | "LoadBalancer") {
        let policy = spec.external_traffic_policy.as_ref().and_then(|v| v.as_str()).unwrap_or("Cluster");
        doc.line(0, &format!("External Traffic Policy:\t{policy}"));
    }
    if type_ != "ExternalName" {
        let policy = spec.internal_traffic_policy.as_ref().and_then(|v| v.as_str()).unwrap_or("Cluster");
        doc.line(0, &format!("Internal Traffic Policy:\t{policy}"));
    }
    describe_events(&mut doc, events, now);
    doc.finish()
}

/// Upstream `formatEndpointSlices` for one service port: ready `ip:port` endpoints, the
/// first 3 then ` + N more...`; `<none>` without slices. The check for "more" runs before
/// the readiness check, as upstream's does.
fn service_endpoints(slices: &[&EndpointSlice], port_name: &str) -> String {
    if slices.is_empty() {
        return "<none>".into();
    }
    const MAX: usize = 3;
    let mut list: Vec<String> = Vec::new();
    let mut more = false;
    let mut count = 0usize;
    for slice in slices {
        if slice.ports.is_empty() {
            for endpoint in &slice.endpoints {
                if list.len() == MAX {
                    more = true;
                }
                if !endpoint.conditions.ready {
                    continue;
                }
                if !more {
                    list.push(endpoint.addresses.first().cloned().unwrap_or_default());
                }
                count += 1;
            }
        } else {
            for port in slice.ports.iter().filter(|p| p.name.as_deref().unwrap_or("") == port_name) {
                for endpoint in &slice.endpoints {
                    if list.len() == MAX {
                        more = true;
                    }
                    if !endpoint.conditions.ready {
                        continue;
                    }
                    if !more {
                        let address = endpoint.addresses.first().map(String::as_str).unwrap_or("");
                        list.push(format!("{address}:{}", port.port));
                    }
                    count += 1;
                }
            }
        }
    }
    let joined = list.join(",");
    if more {
        format!("{joined} + {} more...", count.saturating_sub(MAX))
    } else {
        joined
    }
}

/// `kubectl describe hpa` (the autoscaling/v2 describer).
pub fn describe_hpa(hpa: &HorizontalPodAutoscaler, events: &[&Event], now: SimTime) -> String {
    let mut doc = Doc::default();
    let meta = &hpa.metadata;
    let spec = &hpa.spec;
    doc.line(0, &format!("Name:\t{}", meta.name));
    doc.line(0, &format!("Namespace:\t{}", namespace_of(meta)));
    labels_multiline(&mut doc, "Labels", &meta.labels);
    annotations_multiline(&mut doc, "Annotations", &meta.annotations);
    doc.line(0, &format!("CreationTimestamp:\t{}", timestamp(meta.creation_timestamp)));
    doc.line(0, &format!("Reference:\t{}/{}", spec.scale_target_ref.kind, spec.scale_target_ref.name));
    doc.line(0, "Metrics:\t( current / target )");
    for view in hpa_metrics(hpa) {
        match view {
            Ok(view) if view.target_value.is_some() && view.target_utilization.is_none() => {
                doc.write(1, &format!("resource {} on pods", view.resource));
                doc.line(
                    0,
                    &format!(
                        ":\t{} / {}",
                        view.current_average.as_deref().unwrap_or("<unknown>"),
                        view.target_value.as_deref().unwrap_or("")
                    ),
                );
            }
            Ok(view) => {
                let current = match view.current_utilization {
                    Some(utilization) => {
                        format!("{utilization}% ({})", view.current_average.as_deref().unwrap_or("0"))
                    }
                    None => "<unknown>".into(),
                };
                let target = view.target_utilization.map(|u| format!("{u}%")).unwrap_or_else(|| "<auto>".into());
                doc.write(1, &format!("resource {} on pods", view.resource));
                doc.line(1, &format!("(as a percentage of request):\t{current} / {target}"));
            }
            Err(type_) => doc.line(1, &format!("<unknown metric type \"{type_}\">")),
        }
    }
    let min = spec.min_replicas.map(|n| n.to_string()).unwrap_or_else(|| "<unset>".into());
    doc.line(0, &format!("Min replicas:\t{min}"));
    doc.line(0, &format!("Max replicas:\t{}", spec.max_replicas));
    if let Some(behavior) = &spec.behavior {
        doc.line(0, "Behavior:");
        for (direction, rules) in [("Scale Up", &behavior.scale_up), ("Scale Down", &behavior.scale_down)] {
            if let Some(rules) = rules {
                direction_behavior(&mut doc, direction, rules);
            }
        }
    }
    let status = hpa.status.clone().unwrap_or_default();
    doc.write(0, &format!("{} pods:\t", spec.scale_target_ref.kind));
    doc.line(0, &format!("{} current / {} desired", status.current_replicas, status.desired_replicas));
    if !status.conditions.is_empty() {
        doc.line(0, "Conditions:");
        doc.line(1, "Type\tStatus\tReason\tMessage");
        doc.line(1, "----\t------\t------\t-------");
        for condition in &status.conditions {
            doc.line(
                1,
                &format!(
                    "{}\t{}\t{}\t{}",
                    condition.type_,
                    condition.status,
                    condition.reason.as_deref().unwrap_or(""),
                    condition.message.as_deref().unwrap_or("")
                ),
            );
        }
    }
    describe_events(&mut doc, events, now);
    doc.finish()
}

fn direction_behavior(doc: &mut Doc, direction: &str, rules: &HpaScalingRules) {
    doc.line(1, &format!("{direction}:"));
    if let Some(window) = rules.stabilization_window_seconds {
        doc.line(2, &format!("Stabilization Window: {window} seconds"));
    }
    if !rules.policies.is_empty() {
        doc.line(2, &format!("Select Policy: {}", rules.select_policy.as_deref().unwrap_or("Max")));
        doc.line(2, "Policies:");
        for policy in &rules.policies {
            doc.line(
                3,
                &format!(
                    "- Type: {}\tValue: {}\tPeriod: {} seconds",
                    policy.type_, policy.value, policy.period_seconds
                ),
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// Shared blocks
// ---------------------------------------------------------------------------------------

/// The `Pod Template:` block of Deployments and ReplicaSets.
fn describe_pod_template(doc: &mut Doc, template: &PodTemplateSpec) {
    doc.line(0, "Pod Template:");
    labels_multiline(doc, "  Labels", &template.metadata.labels);
    if !template.metadata.annotations.is_empty() {
        annotations_multiline(doc, "  Annotations", &template.metadata.annotations);
    }
    if let Some(account) = template.spec.service_account_name.as_ref().and_then(|v| v.as_str()) {
        doc.line(1, &format!("Service Account:\t{account}"));
    }
    describe_containers(doc, "Containers", &template.spec.containers, None, "  ");
    doc.line(0, "  Volumes:\t<none>");
    labels_multiline(doc, "  Node-Selectors", &template.spec.node_selector);
    tolerations_multiline(doc, "  Tolerations", &template.spec.tolerations);
}

/// Containers with, for a pod, their statuses (matched by name).
fn describe_containers(
    doc: &mut Doc,
    label: &str,
    containers: &[Container],
    statuses: Option<(&[ContainerStatus], &Pod)>,
    space: &str,
) {
    let none = if containers.is_empty() { " <none>" } else { "" };
    doc.line(0, &format!("{space}{label}:{none}"));
    let name_indent = if space.is_empty() { "" } else { " " };
    for container in containers {
        let status = statuses.and_then(|(list, _)| list.iter().find(|s| s.name == container.name));
        doc.line(1, &format!("{name_indent}{}:", container.name));
        if let Some(status) = status {
            doc.line(2, &format!("Container ID:\t{}", status.container_id));
        }
        doc.line(2, &format!("Image:\t{}", container.image));
        if status.is_some() {
            doc.line(2, "Image ID:\t");
        }
        let ports: Vec<String> = container
            .ports
            .iter()
            .map(|p| format!("{}/{}", p.container_port, p.protocol.as_deref().unwrap_or("TCP")))
            .collect();
        let host_ports: Vec<String> = container
            .ports
            .iter()
            .map(|p| format!("{}/{}", p.host_port.unwrap_or(0), p.protocol.as_deref().unwrap_or("TCP")))
            .collect();
        for (single, plural, list) in [("Port", "Ports", &ports), ("Host Port", "Host Ports", &host_ports)] {
            let joined = list.join(", ");
            if list.len() > 1 {
                doc.line(2, &format!("{plural}:\t{joined}"));
            } else {
                doc.line(2, &format!("{single}:\t{}", if joined.is_empty() { "<none>" } else { &joined }));
            }
        }
        for (title, lines) in [("Command", &container.command), ("Args", &container.args)] {
            if let Some(lines) = lines.as_ref().filter(|l| !l.is_empty()) {
                doc.line(2, &format!("{title}:"));
                for line in lines.iter().flat_map(|l| l.split('\n')) {
                    doc.line(3, line);
                }
            }
        }
        if let Some(status) = status {
            container_state(doc, "State", &status.state);
            if status.last_state.terminated.is_some() {
                container_state(doc, "Last State", &status.last_state);
            }
            doc.line(2, &format!("Ready:\t{}", if status.ready { "True" } else { "False" }));
            doc.line(2, &format!("Restart Count:\t{}", status.restart_count));
        }
        if let Some(resources) = &container.resources {
            for (title, list) in [("Limits", &resources.limits), ("Requests", &resources.requests)] {
                if !list.is_empty() {
                    doc.line(2, &format!("{title}:"));
                    for (name, quantity) in list {
                        doc.line(3, &format!("{name}:\t{}", canonical_quantity(name, quantity)));
                    }
                }
            }
        }
        for (title, probe) in [
            ("Liveness", &container.liveness_probe),
            ("Readiness", &container.readiness_probe),
            ("Startup", &container.startup_probe),
        ] {
            if let Some(probe) = probe {
                doc.line(2, &format!("{title}:\t{}", probe_string(probe)));
            }
        }
        container_env(doc, container, statuses.map(|(_, pod)| pod));
        doc.line(2, "Mounts:\t<none>");
    }
}

fn container_state(doc: &mut Doc, title: &str, state: &ContainerState) {
    if let Some(running) = &state.running {
        doc.line(2, &format!("{title}:\tRunning"));
        doc.line(3, &format!("Started:\t{}", age::rfc1123z(running.started_at)));
    } else if let Some(waiting) = &state.waiting {
        doc.line(2, &format!("{title}:\tWaiting"));
        if !waiting.reason.is_empty() {
            doc.line(3, &format!("Reason:\t{}", waiting.reason));
        }
    } else if let Some(terminated) = &state.terminated {
        doc.line(2, &format!("{title}:\tTerminated"));
        if !terminated.reason.is_empty() {
            doc.line(3, &format!("Reason:\t{}", terminated.reason));
        }
        if let Some(message) = terminated.message.as_deref().filter(|m| !m.is_empty()) {
            doc.line(3, &format!("Message:\t{message}"));
        }
        doc.line(3, &format!("Exit Code:\t{}", terminated.exit_code));
        doc.line(3, &format!("Started:\t{}", age::rfc1123z(terminated.started_at)));
        doc.line(3, &format!("Finished:\t{}", age::rfc1123z(terminated.finished_at)));
    } else {
        doc.line(2, &format!("{title}:\tWaiting"));
    }
}

/// `Environment:` from the (unsimulated) `env` list: plain values, field references
/// resolved against the pod, and secret/config map references described.
fn container_env(doc: &mut Doc, container: &Container, pod: Option<&Pod>) {
    let entries = match &container.env {
        Some(serde_yaml::Value::Sequence(entries)) if !entries.is_empty() => entries,
        _ => {
            doc.line(2, "Environment:\t<none>");
            return;
        }
    };
    doc.line(2, "Environment:");
    for entry in entries {
        let name = entry.get("name").and_then(|v| v.as_str()).unwrap_or("");
        let Some(value_from) = entry.get("valueFrom") else {
            let value = yaml_scalar(entry.get("value"));
            for (idx, line) in value.split('\n').enumerate() {
                if idx == 0 {
                    doc.line(3, &format!("{name}:\t{line}"));
                } else {
                    doc.line(3, &format!("\t{line}"));
                }
            }
            continue;
        };
        let text = if let Some(field_ref) = value_from.get("fieldRef") {
            let path = field_ref.get("fieldPath").and_then(|v| v.as_str()).unwrap_or("");
            let version = field_ref.get("apiVersion").and_then(|v| v.as_str()).unwrap_or("v1");
            format!("{} ({version}:{path})", pod.map(|p| p.field_text(path)).unwrap_or_default())
        } else if let Some(resource_ref) = value_from.get("resourceFieldRef") {
            format!(" ({})", resource_ref.get("resource").and_then(|v| v.as_str()).unwrap_or(""))
        } else if let Some(secret) = value_from.get("secretKeyRef") {
            format!(
                "<set to the key '{}' in secret '{}'>\tOptional: {}",
                yaml_scalar(secret.get("key")),
                yaml_scalar(secret.get("name")),
                secret.get("optional").and_then(|v| v.as_bool()).unwrap_or(false)
            )
        } else if let Some(config_map) = value_from.get("configMapKeyRef") {
            format!(
                "<set to the key '{}' of config map '{}'>\tOptional: {}",
                yaml_scalar(config_map.get("key")),
                yaml_scalar(config_map.get("name")),
                config_map.get("optional").and_then(|v| v.as_bool()).unwrap_or(false)
            )
        } else {
            String::new()
        };
        doc.line(3, &format!("{name}:\t{text}"));
    }
}

fn yaml_scalar(value: Option<&serde_yaml::Value>) -> String {
    match value {
        Some(serde_yaml::Value::String(s)) => s.clone(),
        Some(serde_yaml::Value::Number(n)) => crate::num::yaml_number(n),
        Some(serde_yaml::Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// `DescribeProbe`: `http-get http://:8080/healthz delay=3s timeout=1s period=3s
/// #success=1 #failure=3`, with the API defaults filled in.
pub fn probe_string(probe: &Probe) -> String {
    let attrs = format!(
        "delay={}s timeout={}s period={}s #success={} #failure={}",
        probe.initial_delay(),
        probe.timeout(),
        probe.period(),
        probe.success_threshold(),
        probe.failure_threshold()
    );
    if let Some(exec) = &probe.exec {
        return format!("exec [{}] {attrs}", exec.command.join(" "));
    }
    if let Some(http) = &probe.http_get {
        let scheme = http.scheme.as_deref().unwrap_or("HTTP").to_ascii_lowercase();
        let host = join_host_port(http.host.as_deref().unwrap_or(""), &http.port.to_string());
        let path = match http.path.as_deref().unwrap_or("") {
            "" => "/".to_string(),
            p if p.starts_with('/') => p.to_string(),
            p => format!("/{p}"),
        };
        return format!("http-get {scheme}://{host}{path} {attrs}");
    }
    if let Some(tcp) = &probe.tcp_socket {
        return format!("tcp-socket {}:{} {attrs}", tcp.host.as_deref().unwrap_or(""), tcp.port);
    }
    if let Some(grpc) = &probe.grpc {
        return format!("grpc <pod>:{} {} {attrs}", grpc.port, grpc.service.as_deref().unwrap_or(""));
    }
    format!("unknown {attrs}")
}

fn join_host_port(host: &str, port: &str) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// The pod's QoS class (upstream `ComputePodQOS`), from `PodSpec::qos_class`.
pub fn qos_class(pod: &Pod) -> &'static str {
    pod.spec.qos_class()
}

/// The Events block: `Events:  <none>`, or a table (flushed so it aligns on its own) of
/// `Type Reason Age From Message` sorted by last occurrence, with `10s (x3 over 20s)`.
fn describe_events(doc: &mut Doc, events: &[&Event], now: SimTime) {
    if events.is_empty() {
        doc.line(0, "Events:\t<none>");
        return;
    }
    doc.flush();
    let mut sorted: Vec<&Event> = events.to_vec();
    sorted.sort_small_by_key(|e| e.last_timestamp);
    doc.line(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage");
    doc.line(1, "----\t------\t----\t----\t-------");
    for event in sorted {
        let first = age::since(event.first_timestamp, now);
        let interval = if event.count > 1 {
            format!("{} (x{} over {first})", age::since(event.last_timestamp, now), event.count)
        } else {
            first
        };
        // kubectl ≥ 1.35 prefixes container-scoped events with their field path.
        let message = match &event.involved_object.field_path {
            Some(path) => format!("{path}: {}", event.message.trim()),
            None => event.message.trim().to_string(),
        };
        doc.line(1, &format!("{}\t{}\t{interval}\t{}\t{}", event.type_, event.reason, event.source, message));
    }
}

/// `printLabelsMultiline`: `Title:\tk=v`, later pairs on their own lines in the value
/// column, `<none>` when empty.
fn labels_multiline(doc: &mut Doc, title: &str, labels: &BTreeMap<String, String>) {
    doc.write(0, &format!("{title}:\t"));
    if labels.is_empty() {
        doc.line(0, "<none>");
        return;
    }
    for (idx, (key, value)) in labels.iter().enumerate() {
        if idx != 0 {
            doc.write(0, "\t");
        }
        doc.line(0, &format!("{key}={value}"));
    }
}

/// `printAnnotationsMultiline`: like labels as `key: value`; long or multi-line values go
/// on their own indented lines, and kubectl's last-applied-configuration is skipped.
fn annotations_multiline(doc: &mut Doc, title: &str, annotations: &BTreeMap<String, String>) {
    const MAX_LEN: usize = 140;
    doc.write(0, &format!("{title}:\t"));
    let keys: Vec<&String> =
        annotations.keys().filter(|k| k.as_str() != "kubectl.kubernetes.io/last-applied-configuration").collect();
    if keys.is_empty() {
        doc.line(0, "<none>");
        return;
    }
    for (idx, key) in keys.into_iter().enumerate() {
        if idx != 0 {
            doc.write(0, "\t");
        }
        let value = annotations[key].strip_suffix('\n').unwrap_or(&annotations[key]);
        if value.len() + key.len() + 2 > MAX_LEN || value.contains('\n') {
            doc.line(0, &format!("{key}:"));
            for line in value.split('\n') {
                let shortened = match line.char_indices().nth(MAX_LEN - 2) {
                    Some((cut, _)) => format!("{}...", &line[..cut]),
                    None => line.to_string(),
                };
                doc.line(0, &format!("\t  {shortened}"));
            }
        } else {
            doc.line(0, &format!("{key}: {value}"));
        }
    }
}

/// `printTolerationsMultiline`: `key=value:Effect op=Exists for 300s`, sorted by key.
fn tolerations_multiline(doc: &mut Doc, title: &str, tolerations: &[Toleration]) {
    doc.write(0, &format!("{title}:\t"));
    if tolerations.is_empty() {
        doc.line(0, "<none>");
        return;
    }
    let mut sorted: Vec<&Toleration> = tolerations.iter().collect();
    sorted.sort_small_by(|a, b| a.key.cmp(&b.key));
    for (idx, toleration) in sorted.into_iter().enumerate() {
        if idx != 0 {
            doc.write(0, "\t");
        }
        doc.line(0, &toleration_string(toleration));
    }
}

/// One toleration as `describe` shows it.
pub fn toleration_string(toleration: &Toleration) -> String {
    let key = toleration.key.as_deref().unwrap_or("");
    let value = toleration.value.as_deref().unwrap_or("");
    let effect = toleration.effect.as_deref().unwrap_or("");
    let mut text = key.to_string();
    if !value.is_empty() {
        text.push('=');
        text.push_str(value);
    }
    if !effect.is_empty() {
        text.push(':');
        text.push_str(effect);
    }
    if toleration.operator.as_deref() == Some("Exists") && value.is_empty() {
        text.push_str(if key.is_empty() && effect.is_empty() { "op=Exists" } else { " op=Exists" });
    }
    if let Some(seconds) = toleration.toleration_seconds {
        text.push_str(&format!(" for {seconds}s"));
    }
    text
}

/// `printNodeTaintsMultiline`: taints sorted by effect then key.
fn taints_multiline(doc: &mut Doc, title: &str, taints: &[Taint]) {
    doc.write(0, &format!("{title}:\t"));
    if taints.is_empty() {
        doc.line(0, "<none>");
        return;
    }
    let mut sorted: Vec<&Taint> = taints.iter().collect();
    sorted.sort_small_by(|a, b| (&a.effect, &a.key).cmp(&(&b.effect, &b.key)));
    for (idx, taint) in sorted.into_iter().enumerate() {
        if idx != 0 {
            doc.write(0, "\t");
        }
        doc.line(0, &taint_string(taint));
    }
}

/// A taint as `key=value:Effect` (upstream `Taint.ToString`).
pub fn taint_string(taint: &Taint) -> String {
    let value = taint.value.as_deref().unwrap_or("");
    match (value.is_empty(), taint.effect.is_empty()) {
        (true, true) => taint.key.clone(),
        (false, true) => format!("{}={value}:", taint.key),
        (true, false) => format!("{}:{}", taint.key, taint.effect),
        (false, false) => format!("{}={value}:{}", taint.key, taint.effect),
    }
}

fn namespace_of(meta: &crate::api::ObjectMeta) -> &str {
    meta.namespace.as_deref().filter(|n| !n.is_empty()).unwrap_or("default")
}

fn timestamp(t: Option<SimTime>) -> String {
    t.map(age::rfc1123z).unwrap_or_else(|| "<unknown>".into())
}

/// kubectl's PrefixWriter over a tabwriter: text accumulates until a flush aligns it.
#[derive(Default)]
struct Doc {
    out: String,
    pending: String,
}

impl Doc {
    /// Writes `text` after `level` two-space indents, without ending the line.
    fn write(&mut self, level: usize, text: &str) {
        for _ in 0..level {
            self.pending.push_str("  ");
        }
        self.pending.push_str(text);
    }

    fn line(&mut self, level: usize, text: &str) {
        self.write(level, text);
        self.pending.push('\n');
    }

    fn flush(&mut self) {
        self.out.push_str(&tabwriter::align(&self.pending, 0, 2));
        self.pending.clear();
    }

    fn finish(mut self) -> String {
        self.flush();
        self.out
    }
}

/// `kubectl describe endpoints` of a v1 Endpoints object.
pub fn describe_endpoints(ep: &serde_json::Value) -> String {
    let name = ep["metadata"]["name"].as_str().unwrap_or("");
    let labels = ep["metadata"]["labels"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
                .collect::<Vec<_>>()
                .join("\n              ")
        })
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| "<none>".into());
    let mut out = format!(
        "Name:         {name}\nNamespace:    default\nLabels:       {labels}\nAnnotations:  <none>\nSubsets:\n"
    );
    let ips = |key: &str, subset: &serde_json::Value| -> String {
        let list: Vec<&str> =
            subset[key].as_array().map(|a| a.iter().filter_map(|x| x["ip"].as_str()).collect()).unwrap_or_default();
        if list.is_empty() {
            "<none>".into()
        } else {
            list.join(",")
        }
    };
    for subset in ep["subsets"].as_array().cloned().unwrap_or_default() {
        out.push_str(&format!(
            "  Addresses:          {}\n  NotReadyAddresses:  {}\n  Ports:\n",
            ips("addresses", &subset),
            ips("notReadyAddresses", &subset)
        ));
        let mut table = crate::print::Table::new(&["Name", "Port", "Protocol"]);
        for p in subset["ports"].as_array().cloned().unwrap_or_default() {
            table.push(
                vec![
                    p["name"].as_str().unwrap_or("<unset>").to_string(),
                    crate::manifest::emit::to_json_string(&p["port"]),
                    p["protocol"].as_str().unwrap_or("TCP").to_string(),
                ],
                String::new(),
            );
        }
        let rendered = crate::print::tabwriter::align(
            &std::iter::once("Name\tPort\tProtocol".to_string())
                .chain(std::iter::once("----\t----\t--------".to_string()))
                .chain(table.rows.iter().map(|r| r.join("\t")))
                .collect::<Vec<_>>()
                .join("\n"),
            0,
            2,
        );
        for line in rendered.lines() {
            out.push_str(&format!("    {}\n", line.trim_end()));
        }
        out.push('\n');
    }
    out.push_str("Events:  <none>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{ContainerPort, HttpGetAction, ResourceRequirements};
    use crate::print::fixtures::*;

    fn web_pod() -> Pod {
        let mut status = status(running(40), true, 4);
        status.last_state = terminated("Error", 1, 20, 38);
        let mut pod = bind(pod("web-5d4c8b7f9-x2kq7", 5), "node-1", "10.244.1.4", 5, "Running", status);
        pod.metadata.labels.insert("pod-template-hash".into(), "5d4c8b7f9".into());
        pod.metadata.owner_references = vec![owner("ReplicaSet", "web-5d4c8b7f9")];
        pod.spec.tolerations = default_tolerations();
        let container = &mut pod.spec.containers[0];
        container.ports =
            vec![ContainerPort { container_port: 80, protocol: Some("TCP".into()), ..Default::default() }];
        container.resources = Some(ResourceRequirements {
            requests: quantities(&[("cpu", "100m"), ("memory", "64Mi")]),
            limits: quantities(&[("cpu", "500m"), ("memory", "128Mi")]),
            claims: None,
        });
        container.liveness_probe = Some(Probe {
            http_get: Some(HttpGetAction {
                path: Some("/healthz".into()),
                port: IntOrString::Int(8080),
                host: None,
                scheme: None,
                http_headers: vec![],
            }),
            initial_delay_seconds: Some(3),
            period_seconds: Some(3),
            ..Default::default()
        });
        container.readiness_probe = Some(Probe {
            exec: Some(crate::api::ExecAction { command: vec!["cat".into(), "/tmp/healthy".into()] }),
            initial_delay_seconds: Some(5),
            ..Default::default()
        });
        pod
    }

    fn web_deployment() -> (Deployment, ReplicaSet, ReplicaSet) {
        let mut deployment = Deployment { metadata: meta("web", 1), ..Default::default() };
        deployment.metadata.labels = labels(&[("app", "web")]);
        deployment.metadata.annotations = labels(&[("deployment.kubernetes.io/revision", "2")]);
        deployment.spec.replicas = Some(3);
        deployment.spec.selector.match_labels = labels(&[("app", "web")]);
        deployment.spec.template.metadata.labels = labels(&[("app", "web")]);
        deployment.spec.template.spec.containers = vec![crate::api::Container {
            name: "nginx".into(),
            image: "nginx:1.27".into(),
            ports: vec![ContainerPort { container_port: 80, ..Default::default() }],
            ..Default::default()
        }];
        deployment.status = Some(crate::api::DeploymentStatus {
            replicas: 3,
            updated_replicas: 3,
            ready_replicas: 3,
            available_replicas: 3,
            conditions: vec![
                crate::api::Condition {
                    type_: "Available".into(),
                    status: "True".into(),
                    reason: Some("MinimumReplicasAvailable".into()),
                    ..Default::default()
                },
                crate::api::Condition {
                    type_: "Progressing".into(),
                    status: "True".into(),
                    reason: Some("NewReplicaSetAvailable".into()),
                    ..Default::default()
                },
            ],
            ..Default::default()
        });
        let replica_set = |name: &str, hash: &str, revision: &str, replicas: i64| {
            let mut rs = ReplicaSet { metadata: meta(name, 2), ..Default::default() };
            rs.metadata.labels = labels(&[("app", "web"), ("pod-template-hash", hash)]);
            rs.metadata.annotations = labels(&[
                ("deployment.kubernetes.io/desired-replicas", "3"),
                ("deployment.kubernetes.io/max-replicas", "4"),
                ("deployment.kubernetes.io/revision", revision),
            ]);
            rs.metadata.owner_references = vec![owner("Deployment", "web")];
            rs.spec.replicas = Some(replicas);
            rs.spec.selector.match_labels = rs.metadata.labels.clone();
            rs.spec.template = deployment.spec.template.clone();
            rs.spec.template.metadata.labels = rs.metadata.labels.clone();
            rs.status = Some(crate::api::ReplicaSetStatus {
                replicas,
                ready_replicas: replicas,
                available_replicas: replicas,
                ..Default::default()
            });
            rs
        };
        let new_rs = replica_set("web-5d4c8b7f9", "5d4c8b7f9", "2", 3);
        let mut old_rs = replica_set("web-7c6d9f8b5", "7c6d9f8b5", "1", 0);
        old_rs.spec.template.spec.containers[0].image = "nginx:1.26".into();
        (deployment, new_rs, old_rs)
    }

    fn web_service() -> (Service, EndpointSlice) {
        let mut service = Service { metadata: meta("web", 1), ..Default::default() };
        service.metadata.labels = labels(&[("app", "web")]);
        service.spec.selector = labels(&[("app", "web")]);
        service.spec.cluster_ip = Some("10.96.45.12".into());
        service.spec.cluster_ips = Some(vec!["10.96.45.12".into()]);
        service.spec.ports = vec![crate::api::ServicePort {
            name: None,
            port: 80,
            target_port: Some(IntOrString::Int(8080)),
            protocol: Some("TCP".into()),
            node_port: None,
            app_protocol: None,
        }];
        let mut slice_meta = meta("web-x7k2p", 1);
        slice_meta.labels = labels(&[("kubernetes.io/service-name", "web")]);
        let endpoint = |ip: &str, ready: bool| crate::api::Endpoint {
            addresses: vec![ip.into()],
            conditions: crate::api::EndpointConditions { ready, serving: ready, terminating: false },
            node_name: None,
            target_ref: None,
        };
        let slice = EndpointSlice {
            api_version: "discovery.k8s.io/v1".into(),
            kind: "EndpointSlice".into(),
            metadata: slice_meta,
            address_type: "IPv4".into(),
            endpoints: vec![endpoint("10.244.1.4", true), endpoint("10.244.2.7", true), endpoint("10.244.2.9", false)],
            ports: vec![crate::api::EndpointPort { name: None, port: 8080, protocol: "TCP".into() }],
        };
        (service, slice)
    }

    fn php_hpa() -> HorizontalPodAutoscaler {
        let mut hpa = hpa_cpu50("php-apache", 1, Some(1));
        hpa.status = Some(crate::api::HpaStatus {
            current_replicas: 1,
            desired_replicas: 4,
            current_cpu_utilization: Some(250),
            current_cpu_average_millis: Some(500),
            conditions: vec![
                crate::api::Condition {
                    type_: "AbleToScale".into(),
                    status: "True".into(),
                    reason: Some("SucceededRescale".into()),
                    message: Some("the HPA controller was able to update the target scale to 4".into()),
                    ..Default::default()
                },
                crate::api::Condition {
                    type_: "ScalingLimited".into(),
                    status: "True".into(),
                    reason: Some("ScaleUpLimit".into()),
                    message: Some("the desired replica count is increasing faster than the maximum scale rate".into()),
                    ..Default::default()
                },
            ],
            ..Default::default()
        });
        hpa
    }

    fn check(actual: String, expected: &str) {
        assert_eq!(actual, expected, "\n--- actual ---\n{actual}--- expected ---\n{expected}");
    }

    fn pod_events(pod: &Pod) -> (Event, Event) {
        let name = &pod.metadata.name;
        (
            event(
                "Pod",
                name,
                "Normal",
                "Scheduled",
                "default-scheduler",
                "Successfully assigned default/web-5d4c8b7f9-x2kq7 to node-1",
                (5, 5, 1),
            ),
            event(
                "Pod",
                name,
                "Warning",
                "BackOff",
                "kubelet",
                "Back-off restarting failed container nginx in pod web-5d4c8b7f9-x2kq7_default(0)",
                (30, 39, 3),
            ),
        )
    }

    #[test]
    fn pod_running_with_restarts_and_events() {
        let pod = web_pod();
        let (scheduled, backoff) = pod_events(&pod);
        check(describe_pod(&pod, &[&backoff, &scheduled], t(52)), "\
Name:             web-5d4c8b7f9-x2kq7
Namespace:        default
Priority:         0
Service Account:  default
Node:             node-1/10.0.0.11
Start Time:       Thu, 01 Jan 2026 00:00:05 +0000
Labels:           app=web
                  pod-template-hash=5d4c8b7f9
Annotations:      <none>
Status:           Running
IP:               10.244.1.4
IPs:
  IP:           10.244.1.4
Controlled By:  ReplicaSet/web-5d4c8b7f9
Containers:
  nginx:
    Container ID:   containerd://0f3a9c
    Image:          nginx:1.27
    Image ID:       
    Port:           80/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Thu, 01 Jan 2026 00:00:40 +0000
    Last State:     Terminated
      Reason:       Error
      Exit Code:    1
      Started:      Thu, 01 Jan 2026 00:00:20 +0000
      Finished:     Thu, 01 Jan 2026 00:00:38 +0000
    Ready:          True
    Restart Count:  4
    Limits:
      cpu:     500m
      memory:  128Mi
    Requests:
      cpu:        100m
      memory:     64Mi
    Liveness:     http-get http://:8080/healthz delay=3s timeout=1s period=3s #success=1 #failure=3
    Readiness:    exec [cat /tmp/healthy] delay=5s timeout=1s period=10s #success=1 #failure=3
    Environment:  <none>
    Mounts:       <none>
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:                      <none>
QoS Class:                    Burstable
Node-Selectors:               <none>
Tolerations:                  node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                              node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type     Reason     Age                From               Message
  ----     ------     ----               ----               -------
  Normal   Scheduled  47s                default-scheduler  Successfully assigned default/web-5d4c8b7f9-x2kq7 to node-1
  Warning  BackOff    13s (x3 over 22s)  kubelet            Back-off restarting failed container nginx in pod web-5d4c8b7f9-x2kq7_default(0)
");
    }

    #[test]
    fn pod_pending() {
        check(
            describe_pod(&crate::print::fixtures::pod("web-pending", 1), &[], t(52)),
            "\
Name:             web-pending
Namespace:        default
Priority:         0
Service Account:  default
Node:             <none>
Labels:           app=web
Annotations:      <none>
Status:           Pending
IP:               
IPs:              <none>
Containers:
  nginx:
    Image:        nginx:1.27
    Port:         <none>
    Host Port:    <none>
    Environment:  <none>
    Mounts:       <none>
Conditions:
  Type           Status
  PodScheduled   False 
Volumes:         <none>
QoS Class:       BestEffort
Node-Selectors:  <none>
Tolerations:     <none>
Events:          <none>
",
        );
    }

    #[test]
    fn pod_terminating_and_evicted() {
        let mut pod = web_pod();
        pod.metadata.deletion_timestamp = Some(t(80));
        pod.metadata.deletion_grace_period_seconds = Some(30);
        let text = describe_pod(&pod, &[], t(52));
        assert!(
            text.contains(
                "\nStatus:                    Terminating (lasts <invalid>)\nTermination Grace Period:  30s\nIP:"
            ),
            "{text}"
        );
        let text = describe_pod(&pod, &[], t(81));
        assert!(text.contains("Terminating (lasts 1s)"), "{text}");

        let mut evicted = crate::print::fixtures::pod("web-evicted", 1);
        let status = evicted.status.as_mut().unwrap();
        status.phase = "Failed".into();
        status.reason = Some("Evicted".into());
        status.message = Some("The node was low on resource: memory.".into());
        let text = describe_pod(&evicted, &[], t(52));
        assert!(text.contains("\nStatus:           Failed\nReason:           Evicted\nMessage:          The node was low on resource: memory.\n"), "{text}");
    }

    #[test]
    fn node_with_pods() {
        let pod = web_pod();
        let mut finished = crate::print::fixtures::pod("done", 1);
        finished.spec.node_name = Some("node-1".into());
        finished.status.as_mut().unwrap().phase = "Succeeded".into();
        let elsewhere = bind(
            crate::print::fixtures::pod("elsewhere", 1),
            "node-2",
            "10.244.2.3",
            1,
            "Running",
            status(running(2), true, 0),
        );
        check(describe_node(&node("node-1", "True", "10.0.0.11"), &[&pod, &finished, &elsewhere], &[], t(52)), "\
Name:               node-1
Roles:              <none>
Labels:             kubernetes.io/hostname=node-1
                    kubernetes.io/os=linux
Annotations:        <none>
CreationTimestamp:  Thu, 01 Jan 2026 00:00:00 +0000
Taints:             <none>
Unschedulable:      false
Conditions:
  Type    Status  LastHeartbeatTime                 LastTransitionTime                Reason         Message
  ----    ------  -----------------                 ------------------                ------         -------
  Ready   True    Thu, 01 Jan 2026 00:00:00 +0000   Thu, 01 Jan 2026 00:00:00 +0000   KubeletReady   kubelet is posting ready status
Addresses:
  InternalIP:  10.0.0.11
  Hostname:    node-1
Capacity:
  cpu:     2
  memory:  4Gi
  pods:    110
Allocatable:
  cpu:     2
  memory:  4Gi
  pods:    110
System Info:
  Machine ID:                 
  System UUID:                
  Boot ID:                    
  Kernel Version:             6.8.0-kubeplay
  OS Image:                   Debian GNU/Linux 12 (bookworm)
  Operating System:           linux
  Architecture:               amd64
  Container Runtime Version:  containerd://1.7.24
  Kubelet Version:            v1.33.1
  Kube-Proxy Version:         
Non-terminated Pods:          (1 in total)
  Namespace                   Name                   CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
  ---------                   ----                   ------------  ----------  ---------------  -------------  ---
  default                     web-5d4c8b7f9-x2kq7    100m (5%)     500m (25%)  64Mi (1%)        128Mi (3%)     47s
Allocated resources:
  (Total limits may be over 100 percent, i.e., overcommitted.)
  Resource           Requests   Limits
  --------           --------   ------
  cpu                100m (5%)  500m (25%)
  memory             64Mi (1%)  128Mi (3%)
  ephemeral-storage  0 (0%)     0 (0%)
Events:              <none>
");
    }

    #[test]
    fn node_cordoned_and_tainted() {
        let mut node = node("node-2", "Unknown", "10.0.0.12");
        node.spec.unschedulable = Some(true);
        node.spec.taints = vec![
            Taint {
                key: "node.kubernetes.io/unreachable".into(),
                value: None,
                effect: "NoSchedule".into(),
                time_added: None,
            },
            Taint {
                key: "node.kubernetes.io/unreachable".into(),
                value: None,
                effect: "NoExecute".into(),
                time_added: Some(t(55)),
            },
            Taint {
                key: "node.kubernetes.io/unschedulable".into(),
                value: None,
                effect: "NoSchedule".into(),
                time_added: None,
            },
        ];
        let text = describe_node(&node, &[], &[], t(60));
        let expected_head = "\
Name:               node-2
Roles:              <none>
Labels:             kubernetes.io/hostname=node-2
                    kubernetes.io/os=linux
Annotations:        <none>
CreationTimestamp:  Thu, 01 Jan 2026 00:00:00 +0000
Taints:             node.kubernetes.io/unreachable:NoExecute
                    node.kubernetes.io/unreachable:NoSchedule
                    node.kubernetes.io/unschedulable:NoSchedule
Unschedulable:      true
Conditions:
  Type    Status    LastHeartbeatTime                 LastTransitionTime                Reason              Message
  ----    ------    -----------------                 ------------------                ------              -------
  Ready   Unknown   Thu, 01 Jan 2026 00:00:00 +0000   Thu, 01 Jan 2026 00:00:00 +0000   NodeStatusUnknown   Kubelet stopped posting node status.
";
        assert!(text.starts_with(expected_head), "\n--- actual ---\n{text}");
        assert!(text.contains("Non-terminated Pods:          (0 in total)\n"), "{text}");
    }

    #[test]
    fn deployment_with_old_and_new_replica_sets() {
        let (deployment, rs_new, rs_old) = web_deployment();
        let scaled = event(
            "Deployment",
            "web",
            "Normal",
            "ScalingReplicaSet",
            "deployment-controller",
            "Scaled up replica set web-5d4c8b7f9 from 0 to 3",
            (2, 2, 1),
        );
        check(
            describe_deployment(&deployment, &[&rs_old, &rs_new], &[&scaled], t(52)),
            "\
Name:                   web
Namespace:              default
CreationTimestamp:      Thu, 01 Jan 2026 00:00:01 +0000
Labels:                 app=web
Annotations:            deployment.kubernetes.io/revision: 2
Selector:               app=web
Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  25% max unavailable, 25% max surge
Pod Template:
  Labels:  app=web
  Containers:
   nginx:
    Image:         nginx:1.27
    Port:          80/TCP
    Host Port:     0/TCP
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Conditions:
  Type           Status  Reason
  ----           ------  ------
  Available      True    MinimumReplicasAvailable
  Progressing    True    NewReplicaSetAvailable
OldReplicaSets:  web-7c6d9f8b5 (0/0 replicas created)
NewReplicaSet:   web-5d4c8b7f9 (3/3 replicas created)
Events:
  Type    Reason             Age   From                   Message
  ----    ------             ----  ----                   -------
  Normal  ScalingReplicaSet  50s   deployment-controller  Scaled up replica set web-5d4c8b7f9 from 0 to 3
",
        );
    }

    #[test]
    fn replica_set_counts_its_pods() {
        let (_, rs_new, _) = web_deployment();
        let mut pod = web_pod();
        pod.metadata.owner_references = vec![owner("ReplicaSet", "web-5d4c8b7f9")];
        let mut pending = crate::print::fixtures::pod("web-5d4c8b7f9-p2", 1);
        pending.metadata.owner_references = vec![owner("ReplicaSet", "web-5d4c8b7f9")];
        let mut other = web_pod();
        other.metadata.owner_references = vec![owner("ReplicaSet", "api-1")];
        let text = describe_replicaset(&rs_new, &[&pod, &pending, &other], &[], t(52));
        assert!(text.contains("Pods Status:    1 Running / 1 Waiting / 0 Succeeded / 0 Failed\n"), "{text}");
        check(
            describe_replicaset(&rs_new, &[&pod], &[], t(52)),
            "\
Name:           web-5d4c8b7f9
Namespace:      default
Selector:       app=web,pod-template-hash=5d4c8b7f9
Labels:         app=web
                pod-template-hash=5d4c8b7f9
Annotations:    deployment.kubernetes.io/desired-replicas: 3
                deployment.kubernetes.io/max-replicas: 4
                deployment.kubernetes.io/revision: 2
Controlled By:  Deployment/web
Replicas:       3 current / 3 desired
Pods Status:    1 Running / 0 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:  app=web
           pod-template-hash=5d4c8b7f9
  Containers:
   nginx:
    Image:         nginx:1.27
    Port:          80/TCP
    Host Port:     0/TCP
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Events:            <none>
",
        );
    }

    #[test]
    fn service_with_ready_endpoints() {
        let (service, slice) = web_service();
        check(
            describe_service(&service, &[&slice], &[], t(52)),
            "\
Name:                     web
Namespace:                default
Labels:                   app=web
Annotations:              <none>
Selector:                 app=web
Type:                     ClusterIP
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.96.45.12
IPs:                      10.96.45.12
Port:                     <unset>  80/TCP
TargetPort:               8080/TCP
Endpoints:                10.244.1.4:8080,10.244.2.7:8080
Session Affinity:         None
Internal Traffic Policy:  Cluster
Events:                   <none>
",
        );
        // No slices at all: `<none>`; a slice with no ready endpoint: an empty cell.
        assert!(describe_service(&service, &[], &[], t(52)).contains("\nEndpoints:                <none>\n"));
        let mut unready = slice.clone();
        unready.endpoints.retain(|e| !e.conditions.ready);
        assert!(describe_service(&service, &[&unready], &[], t(52)).contains("\nEndpoints:                \n"));
    }

    #[test]
    fn service_endpoints_more() {
        let (_, mut slice) = web_service();
        let template = slice.endpoints[0].clone();
        slice.endpoints = (1..=5)
            .map(|n| {
                let mut endpoint = template.clone();
                endpoint.addresses = vec![format!("10.244.1.{n}")];
                endpoint
            })
            .collect();
        assert_eq!(service_endpoints(&[&slice], ""), "10.244.1.1:8080,10.244.1.2:8080,10.244.1.3:8080 + 2 more...");
        assert_eq!(service_endpoints(&[&slice], "http"), "");
    }

    #[test]
    fn hpa_scaling_up() {
        check(
            describe_hpa(&php_hpa(), &[], t(52)),
            "\
Name:                                                  php-apache
Namespace:                                             default
Labels:                                                <none>
Annotations:                                           <none>
CreationTimestamp:                                     Thu, 01 Jan 2026 00:00:01 +0000
Reference:                                             Deployment/php-apache
Metrics:                                               ( current / target )
  resource cpu on pods  (as a percentage of request):  250% (500m) / 50%
Min replicas:                                          1
Max replicas:                                          10
Deployment pods:                                       1 current / 4 desired
Conditions:
  Type            Status  Reason            Message
  ----            ------  ------            -------
  AbleToScale     True    SucceededRescale  the HPA controller was able to update the target scale to 4
  ScalingLimited  True    ScaleUpLimit      the desired replica count is increasing faster than the maximum scale rate
Events:           <none>
",
        );
        let mut fresh = php_hpa();
        fresh.status = None;
        let text = describe_hpa(&fresh, &[], t(52));
        assert!(text.contains("  resource cpu on pods  (as a percentage of request):  <unknown> / 50%\n"), "{text}");
        assert!(
            text.contains("Deployment pods:                                       0 current / 0 desired\n"),
            "{text}"
        );
    }

    #[test]
    fn probes() {
        let attrs = "delay=0s timeout=1s period=10s #success=1 #failure=3";
        let tcp = Probe {
            tcp_socket: Some(crate::api::TcpSocketAction { port: IntOrString::Int(8080), host: None }),
            ..Default::default()
        };
        assert_eq!(probe_string(&tcp), format!("tcp-socket :8080 {attrs}"));
        let http = Probe {
            http_get: Some(HttpGetAction {
                path: Some("healthz".into()),
                port: IntOrString::String("liveness-port".into()),
                host: Some("10.0.0.1".into()),
                scheme: Some("HTTPS".into()),
                http_headers: vec![],
            }),
            ..Default::default()
        };
        assert_eq!(probe_string(&http), format!("http-get https://10.0.0.1:liveness-port/healthz {attrs}"));
        let grpc = Probe { grpc: Some(crate::api::GrpcAction { port: 2379, service: None }), ..Default::default() };
        assert_eq!(probe_string(&grpc), format!("grpc <pod>:2379  {attrs}"));
        assert_eq!(probe_string(&Probe::default()), format!("unknown {attrs}"));
    }

    #[test]
    fn tolerations_taints_qos() {
        let tolerations = default_tolerations();
        assert_eq!(toleration_string(&tolerations[0]), "node.kubernetes.io/not-ready:NoExecute op=Exists for 300s");
        let everything = Toleration { operator: Some("Exists".into()), ..Default::default() };
        assert_eq!(toleration_string(&everything), "op=Exists");
        let equal = Toleration {
            key: Some("dedicated".into()),
            operator: Some("Equal".into()),
            value: Some("gpu".into()),
            effect: Some("NoSchedule".into()),
            toleration_seconds: None,
        };
        assert_eq!(toleration_string(&equal), "dedicated=gpu:NoSchedule");
        let taint =
            Taint { key: "dedicated".into(), value: Some("gpu".into()), effect: "NoSchedule".into(), time_added: None };
        assert_eq!(taint_string(&taint), "dedicated=gpu:NoSchedule");

        let mut pod = web_pod();
        assert_eq!(qos_class(&pod), "Burstable");
        pod.spec.containers[0].resources.as_mut().unwrap().requests.clear();
        assert_eq!(qos_class(&pod), "Guaranteed");
        pod.spec.containers[0].resources = None;
        assert_eq!(qos_class(&pod), "BestEffort");
        assert_eq!(format_bytes(128 * 1024 * 1024), "128Mi");
        assert_eq!(format_bytes(1_000_000_000), "1G");
        assert_eq!(format_bytes(1536 * 1024 * 1024), "1536Mi");
        let q = |text: &str| crate::api::Quantity(text.into());
        assert_eq!(canonical_quantity("cpu", &q("0.5")), "500m");
        assert_eq!(canonical_quantity("cpu", &q("1000m")), "1");
        assert_eq!(canonical_quantity("memory", &q("0.5Gi")), "512Mi");
        assert_eq!(canonical_quantity("pods", &q("110")), "110");
    }

    #[test]
    fn new_replica_set_by_template_without_revisions() {
        let (mut deployment, mut rs_new, mut rs_old) = web_deployment();
        deployment.metadata.annotations.clear();
        rs_new.metadata.annotations.clear();
        rs_old.metadata.annotations.clear();
        let (new_rs, old_rss) = split_replica_sets(&deployment, &[&rs_old, &rs_new]);
        assert_eq!(new_rs.map(|rs| rs.metadata.name.as_str()), Some("web-5d4c8b7f9"));
        assert_eq!(old_rss.len(), 1);
    }
}
