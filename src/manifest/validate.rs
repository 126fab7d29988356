//! API-server validation of defaulted objects, with upstream's field paths and messages
//! (`spec.replicas: Invalid value: -1: must be greater than or equal to 0`), plus kubeplay's
//! own size limits, each marked "(kubeplay limit)".

// Models pkg/apis/core/validation/validation.go, pkg/apis/apps/validation/validation.go,
// pkg/apis/autoscaling/validation/validation.go and apimachinery pkg/util/validation.
// Simplified: only the fields kubeplay decodes are checked, and no update rules exist.

use super::Object;
use crate::api::*;
use crate::name_set::NameSet;

/// Most replicas one Deployment, ReplicaSet or HPA may ask for (kubeplay limit, keeps the
/// simulation responsive in a browser tab).
pub const MAX_REPLICAS: i64 = 1000;
/// Most containers in one pod (kubeplay limit).
pub const MAX_CONTAINERS: usize = 20;

/// One validation failure, printed as upstream `field.Error`: `<path>: <type>[: <value>][: <detail>]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// Field path in kubectl's form, `spec.template.spec.containers[0].image`.
    pub path: String,
    /// Everything after `<path>: `, e.g. `Required value` or `Invalid value: -1: must be …`.
    pub body: String,
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.body)
    }
}

/// Validates one defaulted object. `selector_given` says whether the manifest had a
/// `spec.selector` at all (upstream distinguishes a missing selector from an empty one).
pub fn validate_object(object: &Object, selector_given: bool) -> Vec<FieldError> {
    let mut errors = Errors::default();
    match object {
        Object::Pod(pod) => {
            validate_object_meta(&pod.metadata, NameRule::Subdomain, &mut errors);
            validate_pod_spec(&pod.spec, "spec", &mut errors);
        }
        Object::Deployment(deployment) => validate_deployment(deployment, selector_given, &mut errors),
        Object::ReplicaSet(replica_set) => validate_replica_set(replica_set, selector_given, &mut errors),
        Object::Service(service) => validate_service(service, &mut errors),
        Object::Hpa(hpa) => validate_hpa(hpa, &mut errors),
        Object::Node(node) => validate_node(node, &mut errors),
    }
    errors.0
}

/// kubectl's text for a rejected object: `The Deployment "web" is invalid: <error>`, or the
/// errors joined with `, ` inside `[...]` when there are several.
pub fn invalid_message(kind: &str, name: &str, errors: &[FieldError]) -> String {
    let joined: Vec<String> = errors.iter().map(FieldError::to_string).collect();
    let body = match joined.as_slice() {
        [one] => one.clone(),
        many => format!("[{}]", many.join(", ")),
    };
    format!("The {kind} {} is invalid: {body}", go_quote(name))
}

// ---------------------------------------------------------------------------------------------
// Objects

fn validate_deployment(deployment: &Deployment, selector_given: bool, errors: &mut Errors) {
    validate_object_meta(&deployment.metadata, NameRule::Subdomain, errors);
    let spec = &deployment.spec;
    let replicas = spec.replicas.unwrap_or(1);
    validate_replicas(replicas, "spec.replicas", errors);
    validate_workload_selector(&spec.selector, selector_given, errors);
    validate_template_for_replica_set(&spec.template, &spec.selector, selector_given, errors);
    if let Some(strategy) = &spec.strategy {
        validate_strategy(strategy, errors);
    }
    let min_ready_seconds = spec.min_ready_seconds.unwrap_or(0);
    nonnegative(min_ready_seconds, "spec.minReadySeconds", errors);
    if let Some(limit) = spec.revision_history_limit {
        nonnegative(limit, "spec.revisionHistoryLimit", errors);
    }
    if let Some(deadline) = spec.progress_deadline_seconds {
        nonnegative(deadline, "spec.progressDeadlineSeconds", errors);
        if deadline <= min_ready_seconds {
            errors.invalid(
                "spec.progressDeadlineSeconds",
                deadline.to_string(),
                "must be greater than minReadySeconds",
            );
        }
    }
}

fn validate_replica_set(replica_set: &ReplicaSet, selector_given: bool, errors: &mut Errors) {
    validate_object_meta(&replica_set.metadata, NameRule::Subdomain, errors);
    let spec = &replica_set.spec;
    validate_replicas(spec.replicas.unwrap_or(1), "spec.replicas", errors);
    nonnegative(spec.min_ready_seconds.unwrap_or(0), "spec.minReadySeconds", errors);
    validate_workload_selector(&spec.selector, selector_given, errors);
    validate_template_for_replica_set(&spec.template, &spec.selector, selector_given, errors);
}

fn validate_service(service: &Service, errors: &mut Errors) {
    validate_object_meta(&service.metadata, NameRule::Dns1035Label, errors);
    let spec = &service.spec;
    let service_type = spec.type_.as_deref().unwrap_or("ClusterIP");
    if !["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"].contains(&service_type) {
        errors.not_supported("spec.type", service_type, &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]);
    }
    // A headless Service (`clusterIP: None`) may have no ports (upstream isHeadlessService).
    let headless = spec.cluster_ip.as_deref() == Some("None");
    if spec.ports.is_empty() && service_type != "ExternalName" && !headless {
        errors.required("spec.ports", "");
    }
    let mut port_names = NameSet::new();
    for (port_idx, port) in spec.ports.iter().enumerate() {
        let path = format!("spec.ports[{port_idx}]");
        match port.name.as_deref().unwrap_or("") {
            "" if spec.ports.len() > 1 => errors.required(&format!("{path}.name"), ""),
            "" => {}
            name => {
                for message in dns1123_label(name) {
                    errors.invalid(&format!("{path}.name"), go_quote(name), &message);
                }
                if !port_names.insert(name.to_string()) {
                    errors.duplicate(&format!("{path}.name"), go_quote(name));
                }
            }
        }
        port_number(port.port, &format!("{path}.port"), errors);
        protocol(port.protocol.as_deref(), &format!("{path}.protocol"), errors);
        if let Some(target_port) = &port.target_port {
            port_num_or_name(target_port, &format!("{path}.targetPort"), errors);
        }
        if let Some(node_port) = port.node_port {
            if !["NodePort", "LoadBalancer"].contains(&service_type) {
                errors.forbidden(
                    &format!("{path}.nodePort"),
                    &format!("may not be used when `type` is '{service_type}'"),
                );
            } else if !(30000..=32767).contains(&node_port) {
                errors.invalid(
                    &format!("{path}.nodePort"),
                    node_port.to_string(),
                    "provided port is not in the valid range. The range of valid ports is 30000-32767",
                );
            }
        }
    }
    let affinity = spec.session_affinity.as_deref().unwrap_or("None");
    if !["ClientIP", "None"].contains(&affinity) {
        errors.not_supported("spec.sessionAffinity", affinity, &["ClientIP", "None"]);
    }
    validate_labels(&spec.selector, "spec.selector", errors);
}

fn validate_hpa(hpa: &HorizontalPodAutoscaler, errors: &mut Errors) {
    validate_object_meta(&hpa.metadata, NameRule::Subdomain, errors);
    let spec = &hpa.spec;
    if let Some(min) = spec.min_replicas {
        if min < 1 {
            errors.invalid("spec.minReplicas", min.to_string(), "must be greater than or equal to 1");
        }
    }
    if spec.max_replicas < 1 {
        errors.invalid("spec.maxReplicas", spec.max_replicas.to_string(), "must be greater than 0");
    }
    if spec.min_replicas.is_some_and(|min| spec.max_replicas < min) {
        errors.invalid(
            "spec.maxReplicas",
            spec.max_replicas.to_string(),
            "must be greater than or equal to `minReplicas`",
        );
    }
    if spec.max_replicas > MAX_REPLICAS {
        errors.invalid("spec.maxReplicas", spec.max_replicas.to_string(), &kubeplay_replicas_limit());
    }
    // Upstream stops at the first failing part: target reference, then metrics, then behavior.
    let before = errors.0.len();
    let target = &spec.scale_target_ref;
    if target.kind.is_empty() {
        errors.required("spec.scaleTargetRef.kind", "");
    }
    if target.name.is_empty() {
        errors.required("spec.scaleTargetRef.name", "");
    }
    if errors.0.len() > before {
        return;
    }
    for (metric_idx, metric) in spec.metrics.iter().enumerate() {
        validate_metric(metric, &format!("spec.metrics[{metric_idx}]"), errors);
    }
    if errors.0.len() > before {
        return;
    }
    if let Some(behavior) = &spec.behavior {
        for (rules, path) in
            [(&behavior.scale_up, "spec.behavior.scaleUp"), (&behavior.scale_down, "spec.behavior.scaleDown")]
        {
            if let Some(rules) = rules {
                validate_scaling_rules(rules, path, errors);
            }
        }
    }
}

fn validate_node(node: &Node, errors: &mut Errors) {
    validate_object_meta(&node.metadata, NameRule::Subdomain, errors);
    for (taint_idx, taint) in node.spec.taints.iter().enumerate() {
        let path = format!("spec.taints[{taint_idx}]");
        if taint.key.is_empty() {
            errors.required(&format!("{path}.key"), "");
        } else {
            for message in qualified_name(&taint.key) {
                errors.invalid(&format!("{path}.key"), go_quote(&taint.key), &message);
            }
        }
        taint_effect(&taint.effect, &format!("{path}.effect"), errors);
    }
}

// ---------------------------------------------------------------------------------------------
// Shared parts

#[derive(Clone, Copy)]
enum NameRule {
    Subdomain,
    Dns1035Label,
}

fn validate_object_meta(meta: &ObjectMeta, rule: NameRule, errors: &mut Errors) {
    if meta.name.is_empty() {
        if meta.generate_name.as_deref().is_none_or(str::is_empty) {
            errors.required("metadata.name", "name or generateName is required");
        }
    } else {
        let messages = match rule {
            NameRule::Subdomain => dns1123_subdomain(&meta.name),
            NameRule::Dns1035Label => dns1035_label(&meta.name),
        };
        for message in messages {
            errors.invalid("metadata.name", go_quote(&meta.name), &message);
        }
    }
    if let Some(namespace) = meta.namespace.as_deref().filter(|ns| !ns.is_empty()) {
        for message in dns1123_label(namespace) {
            errors.invalid("metadata.namespace", go_quote(namespace), &message);
        }
    }
    validate_labels(&meta.labels, "metadata.labels", errors);
}

fn validate_replicas(replicas: i64, path: &str, errors: &mut Errors) {
    nonnegative(replicas, path, errors);
    if replicas > MAX_REPLICAS {
        errors.invalid(path, replicas.to_string(), &kubeplay_replicas_limit());
    }
}

/// The one text for kubeplay's replica cap, in manifests and in flags (`--replicas`, `--max`).
pub fn kubeplay_replicas_limit() -> String {
    format!("must be less than or equal to {MAX_REPLICAS} (kubeplay limit)")
}

fn validate_workload_selector(selector: &LabelSelector, selector_given: bool, errors: &mut Errors) {
    if !selector_given {
        errors.required("spec.selector", "");
        return;
    }
    validate_label_selector(selector, "spec.selector", errors);
    if selector.is_empty() {
        errors.invalid("spec.selector", go_selector(selector), "empty selector is invalid for deployment");
    }
}

/// Models `ValidatePodTemplateSpecForReplicaSet`: the selector must select the template's
/// labels, and the template's pods must restart Always.
fn validate_template_for_replica_set(
    template: &PodTemplateSpec,
    selector: &LabelSelector,
    selector_given: bool,
    errors: &mut Errors,
) {
    // A missing selector selects nothing (so never matches); an empty one is reported above.
    let selects = selector_given && (selector.is_empty() || selector.matches(&template.metadata.labels));
    if !selects {
        errors.invalid(
            "spec.template.metadata.labels",
            go_string_map(&template.metadata.labels),
            "`selector` does not match template `labels`",
        );
    }
    validate_labels(&template.metadata.labels, "spec.template.metadata.labels", errors);
    validate_pod_spec(&template.spec, "spec.template.spec", errors);
    let restart_policy = template.spec.restart_policy.as_deref().unwrap_or("Always");
    if restart_policy != "Always" {
        errors.not_supported("spec.template.spec.restartPolicy", restart_policy, &["Always"]);
    }
}

fn validate_strategy(strategy: &DeploymentStrategy, errors: &mut Errors) {
    match strategy.type_.as_deref().unwrap_or("RollingUpdate") {
        "Recreate" => {
            if strategy.rolling_update.is_some() {
                errors.forbidden(
                    "spec.strategy.rollingUpdate",
                    "may not be specified when strategy `type` is 'Recreate'",
                );
            }
        }
        "RollingUpdate" => {
            let Some(rolling_update) = &strategy.rolling_update else { return };
            let zero = IntOrString::Int(0);
            let max_unavailable = rolling_update.max_unavailable.as_ref().unwrap_or(&zero);
            let max_surge = rolling_update.max_surge.as_ref().unwrap_or(&zero);
            positive_int_or_percent(max_unavailable, "spec.strategy.rollingUpdate.maxUnavailable", errors);
            positive_int_or_percent(max_surge, "spec.strategy.rollingUpdate.maxSurge", errors);
            if int_or_percent_value(max_unavailable) == 0 && int_or_percent_value(max_surge) == 0 {
                errors.invalid(
                    "spec.strategy.rollingUpdate.maxUnavailable",
                    go_int_or_string(max_unavailable),
                    "may not be 0 when `maxSurge` is 0",
                );
            }
            if matches!(max_unavailable, IntOrString::String(_)) && int_or_percent_value(max_unavailable) > 100 {
                errors.invalid(
                    "spec.strategy.rollingUpdate.maxUnavailable",
                    go_int_or_string(max_unavailable),
                    "must not be greater than 100%",
                );
            }
        }
        other => errors.not_supported("spec.strategy.type", other, &["Recreate", "RollingUpdate"]),
    }
}

fn validate_pod_spec(spec: &PodSpec, path: &str, errors: &mut Errors) {
    let containers_path = format!("{path}.containers");
    if spec.containers.is_empty() {
        errors.required(&containers_path, "");
    }
    if spec.containers.len() > MAX_CONTAINERS {
        errors.push(
            &containers_path,
            format!("Too many: {}: must have at most {MAX_CONTAINERS} items (kubeplay limit)", spec.containers.len()),
        );
    }
    let mut names = NameSet::new();
    for (container_idx, container) in spec.containers.iter().enumerate() {
        let container_path = format!("{containers_path}[{container_idx}]");
        validate_container(container, &container_path, errors);
        if !container.name.is_empty() && !names.insert(container.name.clone()) {
            errors.duplicate(&format!("{container_path}.name"), go_quote(&container.name));
        }
        let port_names: NameSet = container.ports.iter().filter_map(|p| p.name.clone()).collect();
        for (probe, field) in [
            (&container.liveness_probe, "livenessProbe"),
            (&container.readiness_probe, "readinessProbe"),
            (&container.startup_probe, "startupProbe"),
        ] {
            if let Some(probe) = probe {
                validate_probe(probe, field, &format!("{container_path}.{field}"), &port_names, errors);
            }
        }
    }
    if let Some(policy) = spec.restart_policy.as_deref() {
        if !["Always", "OnFailure", "Never"].contains(&policy) {
            errors.not_supported(&format!("{path}.restartPolicy"), policy, &["Always", "OnFailure", "Never"]);
        }
    }
    if let Some(policy) = spec.dns_policy.as_deref() {
        const DNS_POLICIES: &[&str] = &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
        if !DNS_POLICIES.contains(&policy) {
            errors.not_supported(&format!("{path}.dnsPolicy"), policy, DNS_POLICIES);
        }
    }
    if let Some(seconds) = spec.termination_grace_period_seconds {
        nonnegative(seconds, &format!("{path}.terminationGracePeriodSeconds"), errors);
    }
    for (toleration_idx, toleration) in spec.tolerations.iter().enumerate() {
        validate_toleration(toleration, &format!("{path}.tolerations[{toleration_idx}]"), errors);
    }
    validate_labels(&spec.node_selector, &format!("{path}.nodeSelector"), errors);
}

fn validate_container(container: &Container, path: &str, errors: &mut Errors) {
    if container.name.is_empty() {
        errors.required(&format!("{path}.name"), "");
    } else {
        for message in dns1123_label(&container.name) {
            errors.invalid(&format!("{path}.name"), go_quote(&container.name), &message);
        }
    }
    if container.image.trim().is_empty() {
        errors.required(&format!("{path}.image"), "");
    }
    let mut port_names = NameSet::new();
    for (port_idx, port) in container.ports.iter().enumerate() {
        let port_path = format!("{path}.ports[{port_idx}]");
        if let Some(name) = port.name.as_deref() {
            for message in port_name(name) {
                errors.invalid(&format!("{port_path}.name"), go_quote(name), &message);
            }
            if !port_names.insert(name.to_string()) {
                errors.duplicate(&format!("{port_path}.name"), go_quote(name));
            }
        }
        if port.container_port == 0 {
            errors.required(&format!("{port_path}.containerPort"), "");
        } else {
            port_number(port.container_port, &format!("{port_path}.containerPort"), errors);
        }
        if let Some(host_port) = port.host_port.filter(|p| *p != 0) {
            port_number(host_port, &format!("{port_path}.hostPort"), errors);
        }
        protocol(port.protocol.as_deref(), &format!("{port_path}.protocol"), errors);
    }
    if let Some(resources) = &container.resources {
        validate_resources(resources, &format!("{path}.resources"), errors);
    }
}

fn validate_resources(resources: &ResourceRequirements, path: &str, errors: &mut Errors) {
    for (list, field) in [(&resources.limits, "limits"), (&resources.requests, "requests")] {
        for (name, quantity) in list {
            let key_path = format!("{path}.{field}[{name}]");
            for message in resource_name(name) {
                errors.invalid(&key_path, go_quote(name), &message);
            }
            if quantity.0.trim_start().starts_with('-') {
                errors.invalid(&key_path, go_quote(&quantity.0), "must be greater than or equal to 0");
            }
        }
    }
    for (name, request) in &resources.requests {
        let Some(limit) = resources.limits.get(name) else { continue };
        if let (Some(request_value), Some(limit_value)) = (parse_quantity(&request.0), parse_quantity(&limit.0)) {
            if request_value > limit_value {
                errors.invalid(
                    &format!("{path}.requests"),
                    go_quote(&request.0),
                    &format!("must be less than or equal to {name} limit of {}", limit.0),
                );
            }
        }
    }
}

fn validate_probe(probe: &Probe, kind: &str, path: &str, port_names: &NameSet, errors: &mut Errors) {
    // Upstream counts handlers in this order and forbids each one after the first.
    let mut n_handlers = 0;
    for (set, handler) in [
        (probe.exec.is_some(), "exec"),
        (probe.http_get.is_some(), "httpGet"),
        (probe.tcp_socket.is_some(), "tcpSocket"),
        (probe.grpc.is_some(), "grpc"),
    ] {
        if !set {
            continue;
        }
        if n_handlers > 0 {
            errors.forbidden(&format!("{path}.{handler}"), "may not specify more than 1 handler type");
            continue;
        }
        n_handlers += 1;
        match handler {
            "exec" => {
                if probe.exec.as_ref().is_some_and(|exec| exec.command.is_empty()) {
                    errors.required(&format!("{path}.exec.command"), "");
                }
            }
            "httpGet" => {
                if let Some(http_get) = &probe.http_get {
                    probe_port(&http_get.port, &format!("{path}.httpGet.port"), port_names, errors);
                    let scheme = http_get.scheme.as_deref().unwrap_or("HTTP");
                    if !["HTTP", "HTTPS"].contains(&scheme) {
                        errors.not_supported(&format!("{path}.httpGet.scheme"), scheme, &["HTTP", "HTTPS"]);
                    }
                }
            }
            "tcpSocket" => {
                if let Some(tcp_socket) = &probe.tcp_socket {
                    probe_port(&tcp_socket.port, &format!("{path}.tcpSocket.port"), port_names, errors);
                }
            }
            _ => {
                if let Some(grpc) = &probe.grpc {
                    port_number(grpc.port, &format!("{path}.grpc.port"), errors);
                }
            }
        }
    }
    if n_handlers == 0 {
        errors.required(path, "must specify a handler type");
    }
    for (value, field) in [
        (probe.initial_delay_seconds, "initialDelaySeconds"),
        (probe.timeout_seconds, "timeoutSeconds"),
        (probe.period_seconds, "periodSeconds"),
        (probe.success_threshold, "successThreshold"),
        (probe.failure_threshold, "failureThreshold"),
    ] {
        if let Some(value) = value {
            nonnegative(value, &format!("{path}.{field}"), errors);
        }
    }
    if let Some(seconds) = probe.termination_grace_period_seconds {
        if seconds <= 0 {
            errors.invalid(
                &format!("{path}.terminationGracePeriodSeconds"),
                seconds.to_string(),
                "must be greater than 0",
            );
        }
    }
    match kind {
        "readinessProbe" => {
            if let Some(seconds) = probe.termination_grace_period_seconds {
                errors.invalid(
                    &format!("{path}.terminationGracePeriodSeconds"),
                    seconds.to_string(),
                    "must not be set for readinessProbes",
                );
            }
        }
        _ => {
            let success_threshold = probe.success_threshold.unwrap_or(1);
            if success_threshold != 1 {
                errors.invalid(&format!("{path}.successThreshold"), success_threshold.to_string(), "must be 1");
            }
        }
    }
}

/// A probe's int-or-string port. Upstream accepts any well-formed name and lets the kubelet
/// fail the probe at run time when no container port has it; kubeplay rejects it up front.
fn probe_port(port: &IntOrString, path: &str, port_names: &NameSet, errors: &mut Errors) {
    let before = errors.0.len();
    port_num_or_name(port, path, errors);
    if let IntOrString::String(name) = port {
        if errors.0.len() == before && !port_names.contains(name.as_str()) {
            errors.invalid(
                path,
                go_quote(name),
                "must name a containerPort of this container (kubeplay check; Kubernetes would fail the probe at run time)",
            );
        }
    }
}

fn validate_toleration(toleration: &Toleration, path: &str, errors: &mut Errors) {
    let operator = toleration.operator.as_deref().unwrap_or("Equal");
    match operator {
        "Equal" => {}
        "Exists" => {
            if let Some(value) = toleration.value.as_deref().filter(|v| !v.is_empty()) {
                errors.invalid(
                    &format!("{path}.operator"),
                    go_quote(value),
                    "value must be empty when `operator` is 'Exists'",
                );
            }
        }
        other => errors.not_supported(&format!("{path}.operator"), other, &["Equal", "Exists"]),
    }
    if toleration.key.as_deref().is_none_or(str::is_empty) && operator != "Exists" {
        errors.invalid(
            &format!("{path}.operator"),
            go_quote(operator),
            "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
        );
    }
    if let Some(effect) = toleration.effect.as_deref().filter(|e| !e.is_empty()) {
        taint_effect(effect, &format!("{path}.effect"), errors);
        if toleration.toleration_seconds.is_some() && effect != "NoExecute" {
            errors.invalid(
                &format!("{path}.effect"),
                go_quote(effect),
                "effect must be 'NoExecute' when `tolerationSeconds` is set",
            );
        }
    }
}

fn taint_effect(effect: &str, path: &str, errors: &mut Errors) {
    const EFFECTS: &[&str] = &["NoSchedule", "PreferNoSchedule", "NoExecute"];
    if effect.is_empty() {
        errors.required(path, "");
    } else if !EFFECTS.contains(&effect) {
        errors.not_supported(path, effect, EFFECTS);
    }
}

fn validate_metric(metric: &MetricSpec, path: &str, errors: &mut Errors) {
    const TYPES: &[&str] = &["ContainerResource", "External", "Object", "Pods", "Resource"];
    if metric.type_.is_empty() {
        errors.required(&format!("{path}.type"), "must specify a metric source type");
        return;
    }
    if !TYPES.contains(&metric.type_.as_str()) {
        errors.not_supported(&format!("{path}.type"), &metric.type_, TYPES);
        return;
    }
    if metric.type_ != "Resource" {
        // Accepted and reported as not simulated by `notes`.
        return;
    }
    let Some(resource) = &metric.resource else {
        errors.required(&format!("{path}.resource"), "must populate information for the given metric source");
        return;
    };
    let resource_path = format!("{path}.resource");
    if resource.name.is_empty() {
        errors.required(&format!("{resource_path}.name"), "must specify a resource name");
    }
    let target = &resource.target;
    let target_path = format!("{resource_path}.target");
    match target.type_.as_str() {
        "" => errors.required(&format!("{target_path}.type"), "must specify a metric target type"),
        "Utilization" => match target.average_utilization {
            None => errors.required(
                &format!("{target_path}.averageUtilization"),
                "must set averageUtilization when `type` is 'Utilization'",
            ),
            Some(percent) if percent <= 0 => errors.invalid(
                &format!("{target_path}.averageUtilization"),
                percent.to_string(),
                "must be greater than 0",
            ),
            Some(_) => {}
        },
        "AverageValue" => match &target.average_value {
            None => errors.required(
                &format!("{target_path}.averageValue"),
                "must set averageValue when `type` is 'AverageValue'",
            ),
            Some(quantity) if parse_quantity(&quantity.0).is_none_or(|value| value <= 0.0) => {
                errors.invalid(&format!("{target_path}.averageValue"), go_quote(&quantity.0), "must be positive")
            }
            Some(_) => {}
        },
        "Value" => errors.invalid(
            &format!("{target_path}.type"),
            go_quote("Value"),
            "must be either Utilization or AverageValue for a Resource metric",
        ),
        other => errors.not_supported(&format!("{target_path}.type"), other, &["AverageValue", "Utilization", "Value"]),
    }
}

fn validate_scaling_rules(rules: &HpaScalingRules, path: &str, errors: &mut Errors) {
    if let Some(window) = rules.stabilization_window_seconds {
        if window < 0 {
            errors.invalid(
                &format!("{path}.stabilizationWindowSeconds"),
                window.to_string(),
                "must be greater than or equal to zero",
            );
        } else if window > 3600 {
            errors.invalid(
                &format!("{path}.stabilizationWindowSeconds"),
                window.to_string(),
                "must be less than or equal to 3600",
            );
        }
    }
    if let Some(select_policy) = rules.select_policy.as_deref() {
        if !["Disabled", "Max", "Min"].contains(&select_policy) {
            errors.not_supported(&format!("{path}.selectPolicy"), select_policy, &["Disabled", "Max", "Min"]);
        }
    }
    for (policy_idx, policy) in rules.policies.iter().enumerate() {
        let policy_path = format!("{path}.policies[{policy_idx}]");
        if !["Percent", "Pods"].contains(&policy.type_.as_str()) {
            errors.not_supported(&format!("{policy_path}.type"), &policy.type_, &["Percent", "Pods"]);
        }
        if policy.value <= 0 {
            errors.invalid(&format!("{policy_path}.value"), policy.value.to_string(), "must be greater than zero");
        }
        if policy.period_seconds <= 0 {
            errors.invalid(
                &format!("{policy_path}.periodSeconds"),
                policy.period_seconds.to_string(),
                "must be greater than zero",
            );
        } else if policy.period_seconds > 1800 {
            errors.invalid(
                &format!("{policy_path}.periodSeconds"),
                policy.period_seconds.to_string(),
                "must be less than or equal to 1800",
            );
        }
    }
}

fn validate_labels(labels: &Labels, path: &str, errors: &mut Errors) {
    for (key, value) in labels {
        for message in qualified_name(key) {
            errors.invalid(path, go_quote(key), &message);
        }
        for message in label_value(value) {
            errors.invalid(path, go_quote(value), &message);
        }
    }
}

fn validate_label_selector(selector: &LabelSelector, path: &str, errors: &mut Errors) {
    validate_labels(&selector.match_labels, &format!("{path}.matchLabels"), errors);
    for (expression_idx, requirement) in selector.match_expressions.iter().enumerate() {
        let requirement_path = format!("{path}.matchExpressions[{expression_idx}]");
        match requirement.operator.as_str() {
            "In" | "NotIn" => {
                if requirement.values.is_empty() {
                    errors.required(
                        &format!("{requirement_path}.values"),
                        "must be specified when `operator` is 'In' or 'NotIn'",
                    );
                }
            }
            "Exists" | "DoesNotExist" => {
                if !requirement.values.is_empty() {
                    errors.forbidden(
                        &format!("{requirement_path}.values"),
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    );
                }
            }
            other => errors.invalid(
                &format!("{requirement_path}.operator"),
                go_quote(other),
                "not a valid selector operator",
            ),
        }
        for message in qualified_name(&requirement.key) {
            errors.invalid(&format!("{requirement_path}.key"), go_quote(&requirement.key), &message);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Field checks

fn nonnegative(value: i64, path: &str, errors: &mut Errors) {
    if value < 0 {
        errors.invalid(path, value.to_string(), "must be greater than or equal to 0");
    }
}

fn port_number(port: i64, path: &str, errors: &mut Errors) {
    if !(1..=65535).contains(&port) {
        errors.invalid(path, port.to_string(), "must be between 1 and 65535, inclusive");
    }
}

fn port_num_or_name(port: &IntOrString, path: &str, errors: &mut Errors) {
    match port {
        IntOrString::Int(number) => port_number(*number, path, errors),
        IntOrString::String(name) => {
            for message in port_name(name) {
                errors.invalid(path, go_quote(name), &message);
            }
        }
    }
}

fn protocol(protocol: Option<&str>, path: &str, errors: &mut Errors) {
    match protocol {
        None | Some("TCP" | "UDP" | "SCTP") => {}
        Some("") => errors.required(path, ""),
        Some(other) => errors.not_supported(path, other, &["SCTP", "TCP", "UDP"]),
    }
}

fn positive_int_or_percent(value: &IntOrString, path: &str, errors: &mut Errors) {
    match value {
        IntOrString::Int(number) => nonnegative(*number, path, errors),
        IntOrString::String(text) => {
            if !is_percent(text) {
                errors.invalid(
                    path,
                    go_int_or_string(value),
                    "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
                );
            }
        }
    }
}

fn is_percent(text: &str) -> bool {
    text.strip_suffix('%').is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}

/// Upstream `getIntOrPercentValue`: the number, with `%` stripped; 0 when malformed.
fn int_or_percent_value(value: &IntOrString) -> i64 {
    match value {
        IntOrString::Int(number) => *number,
        IntOrString::String(text) => text.strip_suffix('%').unwrap_or(text).parse().unwrap_or(0),
    }
}

fn resource_name(name: &str) -> Vec<String> {
    if name.contains('/') {
        return qualified_name(name);
    }
    let standard = matches!(name, "cpu" | "memory" | "ephemeral-storage") || name.starts_with("hugepages-");
    if standard {
        Vec::new()
    } else {
        vec!["must be a standard resource for containers".into()]
    }
}

// ---------------------------------------------------------------------------------------------
// Name formats (apimachinery pkg/util/validation), hand-written instead of regexes.

const DNS1123_LABEL_MESSAGE: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN_MESSAGE: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_LABEL_MESSAGE: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const QUALIFIED_NAME_MESSAGE: &str = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MESSAGE: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

fn max_length(value: &str, max: usize) -> Option<String> {
    (value.len() > max).then(|| format!("must be no more than {max} characters"))
}

fn is_dns1123_label(value: &str) -> bool {
    let bytes = value.as_bytes();
    let inner_ok = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-';
    let end_ok = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    matches!((bytes.first(), bytes.last()), (Some(first), Some(last)) if end_ok(first) && end_ok(last))
        && bytes.iter().all(inner_ok)
}

/// Container names, port names in Services, namespaces.
pub fn dns1123_label(value: &str) -> Vec<String> {
    let mut messages: Vec<String> = max_length(value, 63).into_iter().collect();
    if !is_dns1123_label(value) {
        messages.push(DNS1123_LABEL_MESSAGE.into());
    }
    messages
}

/// Names of Pods, Deployments, ReplicaSets, HPAs and Nodes.
pub fn dns1123_subdomain(value: &str) -> Vec<String> {
    let mut messages: Vec<String> = max_length(value, 253).into_iter().collect();
    if !value.split('.').all(is_dns1123_label) {
        messages.push(DNS1123_SUBDOMAIN_MESSAGE.into());
    }
    messages
}

/// Service names.
pub fn dns1035_label(value: &str) -> Vec<String> {
    let mut messages: Vec<String> = max_length(value, 63).into_iter().collect();
    if !(is_dns1123_label(value) && value.starts_with(|c: char| c.is_ascii_lowercase())) {
        messages.push(DNS1035_LABEL_MESSAGE.into());
    }
    messages
}

fn is_qualified_name_part(value: &str) -> bool {
    let bytes = value.as_bytes();
    let inner_ok = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.');
    matches!((bytes.first(), bytes.last()), (Some(first), Some(last)) if first.is_ascii_alphanumeric() && last.is_ascii_alphanumeric())
        && bytes.iter().all(inner_ok)
}

/// Label keys: an optional DNS subdomain prefix and `/`, then a name of at most 63 characters.
pub fn qualified_name(value: &str) -> Vec<String> {
    let mut messages = Vec::new();
    let parts: Vec<&str> = value.split('/').collect();
    let name = match parts.as_slice() {
        [name] => *name,
        [prefix, name] => {
            if prefix.is_empty() {
                messages.push("prefix part must be non-empty".to_string());
            } else {
                messages.extend(dns1123_subdomain(prefix).into_iter().map(|m| format!("prefix part {m}")));
            }
            *name
        }
        _ => {
            messages.push(format!(
                "a qualified name {QUALIFIED_NAME_MESSAGE} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            ));
            return messages;
        }
    };
    if name.is_empty() {
        messages.push("name part must be non-empty".into());
    } else if let Some(message) = max_length(name, 63) {
        messages.push(format!("name part {message}"));
    }
    if !is_qualified_name_part(name) {
        messages.push(format!("name part {QUALIFIED_NAME_MESSAGE}"));
    }
    messages
}

pub fn label_value(value: &str) -> Vec<String> {
    let mut messages: Vec<String> = max_length(value, 63).into_iter().collect();
    if !value.is_empty() && !is_qualified_name_part(value) {
        messages.push(LABEL_VALUE_MESSAGE.into());
    }
    messages
}

/// IANA_SVC_NAME: at most 15 lower-case letters, digits and single inner hyphens, with a letter.
pub fn port_name(value: &str) -> Vec<String> {
    let mut messages = Vec::new();
    if value.len() > 15 {
        messages.push("must be no more than 15 characters".to_string());
    }
    if !value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        messages.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".into());
    }
    if value.contains("--") {
        messages.push("must not contain consecutive hyphens".into());
    }
    if !value.bytes().any(|b| b.is_ascii_lowercase()) {
        messages.push("must contain at least one letter (a-z)".into());
    }
    if value.starts_with('-') || value.ends_with('-') {
        messages.push("must not begin or end with a hyphen".into());
    }
    messages
}

// ---------------------------------------------------------------------------------------------
// Go-style value printing, as `field.Error` shows bad values.

/// Go's `%q`: double quotes, with `"`, `\` and control characters escaped.
pub fn go_quote(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            '\r' => quoted.push_str("\\r"),
            c if c.is_control() => quoted.push_str(&format!("\\x{:02x}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// Go's `%#v` of a `map[string]string` (keys sorted); an empty map prints as the nil map.
fn go_string_map(map: &Labels) -> String {
    if map.is_empty() {
        return "map[string]string(nil)".into();
    }
    let entries: Vec<String> = map.iter().map(|(k, v)| format!("{}:{}", go_quote(k), go_quote(v))).collect();
    format!("map[string]string{{{}}}", entries.join(", "))
}

/// Go's `%#v` of an `intstr.IntOrString`, which is how upstream prints maxSurge errors.
fn go_int_or_string(value: &IntOrString) -> String {
    match value {
        IntOrString::Int(number) => format!("intstr.IntOrString{{Type:0, IntVal:{number}, StrVal:\"\"}}"),
        IntOrString::String(text) => format!("intstr.IntOrString{{Type:1, IntVal:0, StrVal:{}}}", go_quote(text)),
    }
}

/// Go's `%#v` of a `*metav1.LabelSelector` is unreadable; print the selector string instead.
fn go_selector(selector: &LabelSelector) -> String {
    format!("\"{}\"", selector.to_selector_string())
}

// ---------------------------------------------------------------------------------------------

#[derive(Default)]
struct Errors(Vec<FieldError>);

impl Errors {
    fn push(&mut self, path: &str, body: String) {
        self.0.push(FieldError { path: path.to_string(), body });
    }
    /// `value` is already printed the Go way (`go_quote`, a number, `go_string_map`).
    fn invalid(&mut self, path: &str, value: String, detail: &str) {
        self.push(path, format!("Invalid value: {value}: {detail}"));
    }
    fn required(&mut self, path: &str, detail: &str) {
        self.push(path, if detail.is_empty() { "Required value".into() } else { format!("Required value: {detail}") });
    }
    fn forbidden(&mut self, path: &str, detail: &str) {
        self.push(path, format!("Forbidden: {detail}"));
    }
    fn duplicate(&mut self, path: &str, value: String) {
        self.push(path, format!("Duplicate value: {value}"));
    }
    fn not_supported(&mut self, path: &str, value: &str, supported: &[&str]) {
        let supported: Vec<String> = supported.iter().map(|s| go_quote(s)).collect();
        self.push(path, format!("Unsupported value: {}: supported values: {}", go_quote(value), supported.join(", ")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::defaults::default_object;

    /// Decodes, defaults and validates one object; returns kubectl's invalid message or "".
    fn check(kind: &str, yaml: &str, expected: &str) {
        let mut object = match kind {
            "Pod" => Object::Pod(serde_yaml::from_str(yaml).expect("yaml")),
            "Deployment" => Object::Deployment(serde_yaml::from_str(yaml).expect("yaml")),
            "ReplicaSet" => Object::ReplicaSet(serde_yaml::from_str(yaml).expect("yaml")),
            "Service" => Object::Service(serde_yaml::from_str(yaml).expect("yaml")),
            "HorizontalPodAutoscaler" => Object::Hpa(serde_yaml::from_str(yaml).expect("yaml")),
            _ => Object::Node(serde_yaml::from_str(yaml).expect("yaml")),
        };
        default_object(&mut object);
        let selector_given = yaml.contains("selector:");
        let errors = validate_object(&object, selector_given);
        let actual = if errors.is_empty() { String::new() } else { invalid_message(kind, object.name(), &errors) };
        assert_eq!(actual, expected);
    }

    const DEPLOYMENT: &str = "metadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx\n";

    fn deployment_with(extra_spec: &str, container_extra: &str) -> String {
        format!("{DEPLOYMENT}{container_extra}").replace("spec:\n  selector", &format!("spec:\n{extra_spec}  selector"))
    }

    #[test]
    fn valid_deployment_passes() {
        check("Deployment", DEPLOYMENT, "");
    }

    #[test]
    fn names() {
        check(
            "Deployment",
            &DEPLOYMENT.replace("name: web", "name: Web_1"),
            r#"The Deployment "Web_1" is invalid: metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"#,
        );
        check(
            "Deployment",
            &DEPLOYMENT.replace("name: nginx", "name: Nginx"),
            r#"The Deployment "web" is invalid: spec.template.spec.containers[0].name: Invalid value: "Nginx": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"#,
        );
        check(
            "Service",
            "metadata: {name: 1web}\nspec:\n  ports: [{port: 80}]\n",
            r#"The Service "1web" is invalid: metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"#,
        );
        check(
            "Deployment",
            &DEPLOYMENT.replace("metadata: {name: web}", "metadata: {}"),
            r#"The Deployment "" is invalid: metadata.name: Required value: name or generateName is required"#,
        );
        let long = "a".repeat(254);
        check(
            "Pod",
            &format!("metadata: {{name: {long}}}\nspec:\n  containers: [{{name: a, image: b}}]\n"),
            &format!(
                r#"The Pod "{long}" is invalid: metadata.name: Invalid value: "{long}": must be no more than 253 characters"#
            ),
        );
        check(
            "Pod",
            &format!("metadata: {{name: -{long}}}\nspec:\n  containers: [{{name: a, image: b}}]\n"),
            &format!(
                r#"The Pod "-{long}" is invalid: [metadata.name: Invalid value: "-{long}": must be no more than 253 characters, metadata.name: Invalid value: "-{long}": {DNS1123_SUBDOMAIN_MESSAGE}]"#
            ),
        );
    }

    #[test]
    fn required_fields_and_duplicates() {
        check(
            "Deployment",
            &format!("{DEPLOYMENT}      - name: nginx\n        image: \"\"\n"),
            r#"The Deployment "web" is invalid: [spec.template.spec.containers[1].image: Required value, spec.template.spec.containers[1].name: Duplicate value: "nginx"]"#,
        );
        check("Pod", "metadata: {name: p}\nspec: {}\n", r#"The Pod "p" is invalid: spec.containers: Required value"#);
    }

    #[test]
    fn selector_must_match_template() {
        check(
            "Deployment",
            &DEPLOYMENT.replace("labels: {app: web}", "labels: {app: x}"),
            r#"The Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`"#,
        );
        check(
            "Deployment",
            &DEPLOYMENT.replace("  selector: {matchLabels: {app: web}}\n", ""),
            r#"The Deployment "web" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`]"#,
        );
        check(
            "ReplicaSet",
            "metadata: {name: rs}\nspec:\n  selector: {matchLabels: {app: a}}\n  template:\n    spec:\n      containers: [{name: a, image: b}]\n",
            r#"The ReplicaSet "rs" is invalid: spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`"#,
        );
        check(
            "Deployment",
            &DEPLOYMENT
                .replace("{matchLabels: {app: web}}", "{matchExpressions: [{key: app, operator: in, values: [web]}]}"),
            r#"The Deployment "web" is invalid: [spec.selector.matchExpressions[0].operator: Invalid value: "in": not a valid selector operator, spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`]"#,
        );
    }

    #[test]
    fn probes() {
        check(
            "Deployment",
            &format!("{DEPLOYMENT}        livenessProbe:\n          httpGet: {{port: 80}}\n          tcpSocket: {{port: 80}}\n"),
            r#"The Deployment "web" is invalid: spec.template.spec.containers[0].livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type"#,
        );
        check(
            "Deployment",
            &format!("{DEPLOYMENT}        readinessProbe:\n          periodSeconds: 5\n"),
            r#"The Deployment "web" is invalid: spec.template.spec.containers[0].readinessProbe: Required value: must specify a handler type"#,
        );
        check(
            "Deployment",
            &format!("{DEPLOYMENT}        livenessProbe:\n          exec: {{command: [true]}}\n          successThreshold: 2\n          initialDelaySeconds: -5\n"),
            r#"The Deployment "web" is invalid: [spec.template.spec.containers[0].livenessProbe.initialDelaySeconds: Invalid value: -5: must be greater than or equal to 0, spec.template.spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1]"#,
        );
        check(
            "Deployment",
            &format!("{DEPLOYMENT}        readinessProbe:\n          tcpSocket: {{port: 80}}\n          successThreshold: 2\n          terminationGracePeriodSeconds: 10\n"),
            r#"The Deployment "web" is invalid: spec.template.spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 10: must not be set for readinessProbes"#,
        );
        check(
            "Deployment",
            &format!("{DEPLOYMENT}        ports: [{{name: http, containerPort: 80}}]\n        readinessProbe:\n          httpGet: {{port: http}}\n        livenessProbe:\n          httpGet: {{port: metrics}}\n"),
            r#"The Deployment "web" is invalid: spec.template.spec.containers[0].livenessProbe.httpGet.port: Invalid value: "metrics": must name a containerPort of this container (kubeplay check; Kubernetes would fail the probe at run time)"#,
        );
        check(
            "Deployment",
            &format!("{DEPLOYMENT}        livenessProbe:\n          httpGet: {{port: 70000}}\n"),
            r#"The Deployment "web" is invalid: spec.template.spec.containers[0].livenessProbe.httpGet.port: Invalid value: 70000: must be between 1 and 65535, inclusive"#,
        );
        check(
            "Deployment",
            &format!("{DEPLOYMENT}        livenessProbe:\n          tcpSocket: {{port: HTTP_port}}\n"),
            r#"The Deployment "web" is invalid: spec.template.spec.containers[0].livenessProbe.tcpSocket.port: Invalid value: "HTTP_port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"#,
        );
    }

    #[test]
    fn resources() {
        check(
            "Deployment",
            &format!(
                "{DEPLOYMENT}        resources:\n          requests: {{cpu: 600m}}\n          limits: {{cpu: 500m}}\n"
            ),
            r#"The Deployment "web" is invalid: spec.template.spec.containers[0].resources.requests: Invalid value: "600m": must be less than or equal to cpu limit of 500m"#,
        );
        check(
            "Deployment",
            &format!("{DEPLOYMENT}        resources:\n          limits: {{cpus: 1}}\n"),
            r#"The Deployment "web" is invalid: [spec.template.spec.containers[0].resources.limits[cpus]: Invalid value: "cpus": must be a standard resource for containers, spec.template.spec.containers[0].resources.requests[cpus]: Invalid value: "cpus": must be a standard resource for containers]"#,
        );
    }

    #[test]
    fn workload_fields() {
        check(
            "Deployment",
            &deployment_with("  replicas: -1\n", ""),
            r#"The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"#,
        );
        check(
            "Deployment",
            &deployment_with("  replicas: 5000\n", ""),
            r#"The Deployment "web" is invalid: spec.replicas: Invalid value: 5000: must be less than or equal to 1000 (kubeplay limit)"#,
        );
        check(
            "Deployment",
            &deployment_with("  strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 0%}}\n", ""),
            r#"The Deployment "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"0%"}: may not be 0 when `maxSurge` is 0"#,
        );
        check(
            "Deployment",
            &deployment_with("  strategy: {rollingUpdate: {maxSurge: 25percent}}\n", ""),
            r#"The Deployment "web" is invalid: spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"25percent"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"#,
        );
        check(
            "Deployment",
            &deployment_with("  strategy: {type: Recreate, rollingUpdate: {maxSurge: 1}}\n", ""),
            r#"The Deployment "web" is invalid: spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"#,
        );
        check(
            "Deployment",
            &DEPLOYMENT.replace(
                "    spec:\n      containers",
                "    spec:\n      restartPolicy: Never\n      terminationGracePeriodSeconds: -1\n      containers",
            ),
            r#"The Deployment "web" is invalid: [spec.template.spec.terminationGracePeriodSeconds: Invalid value: -1: must be greater than or equal to 0, spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"]"#,
        );
        let containers: String = (0..21).map(|i| format!("  - {{name: c{i}, image: nginx}}\n")).collect();
        check(
            "Pod",
            &format!("metadata: {{name: big}}\nspec:\n  containers:\n{containers}"),
            r#"The Pod "big" is invalid: spec.containers: Too many: 21: must have at most 20 items (kubeplay limit)"#,
        );
        check("Pod", "metadata: {name: p}\nspec:\n  restartPolicy: Never\n  containers: [{name: a, image: b}]\n", "");
    }

    #[test]
    fn labels() {
        check(
            "Deployment",
            &DEPLOYMENT.replace("metadata: {name: web}", "metadata: {name: web, labels: {app: \"my app\"}}"),
            r#"The Deployment "web" is invalid: metadata.labels: Invalid value: "my app": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"#,
        );
        assert_eq!(qualified_name("app.kubernetes.io/name"), Vec::<String>::new());
        assert_eq!(qualified_name("a/b/c").len(), 1);
        assert_eq!(qualified_name("/x"), vec!["prefix part must be non-empty".to_string()]);
    }

    #[test]
    fn services() {
        check(
            "Service",
            "metadata: {name: web}\nspec:\n  type: Cluster\n  ports: [{port: 80, protocol: tcp}, {port: 0, name: b}]\n",
            r#"The Service "web" is invalid: [spec.type: Unsupported value: "Cluster": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort", spec.ports[0].name: Required value, spec.ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP", spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[1].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive]"#,
        );
        check(
            "Service",
            "metadata: {name: web}\nspec:\n  ports: [{port: 80, nodePort: 30080}]\n",
            r#"The Service "web" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"#,
        );
        check(
            "Service",
            "metadata: {name: web}\nspec:\n  type: NodePort\n  ports: [{port: 80, nodePort: 30080}]\n",
            "",
        );
    }

    #[test]
    fn hpas() {
        let hpa =
            "metadata: {name: web}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n";
        check("HorizontalPodAutoscaler", &format!("{hpa}  maxReplicas: 5\n"), "");
        check(
            "HorizontalPodAutoscaler",
            &format!("{hpa}  minReplicas: 5\n  maxReplicas: 2\n"),
            r#"The HorizontalPodAutoscaler "web" is invalid: spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`"#,
        );
        check(
            "HorizontalPodAutoscaler",
            hpa,
            r#"The HorizontalPodAutoscaler "web" is invalid: [spec.maxReplicas: Invalid value: 0: must be greater than 0, spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`]"#,
        );
        check(
            "HorizontalPodAutoscaler",
            &format!("{hpa}  maxReplicas: 5\n  metrics: [{{type: Resource, resource: {{name: cpu, target: {{type: Utilization, averageUtilization: 0}}}}}}]\n"),
            r#"The HorizontalPodAutoscaler "web" is invalid: spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0"#,
        );
        check(
            "HorizontalPodAutoscaler",
            &format!("{hpa}  maxReplicas: 5\n  behavior: {{scaleDown: {{selectPolicy: max}}}}\n"),
            r#"The HorizontalPodAutoscaler "web" is invalid: spec.behavior.scaleDown.selectPolicy: Unsupported value: "max": supported values: "Disabled", "Max", "Min""#,
        );
    }

    #[test]
    fn go_values() {
        assert_eq!(go_quote("a\"b\\c\n"), r#""a\"b\\c\n""#);
        let labels: Labels = [("b".to_string(), "2".to_string()), ("a".to_string(), "1".to_string())].into();
        assert_eq!(go_string_map(&labels), r#"map[string]string{"a":"1", "b":"2"}"#);
        assert_eq!(
            port_name("-a--b-"),
            vec!["must not contain consecutive hyphens", "must not begin or end with a hyphen"]
        );
        assert_eq!(port_name("1234"), vec!["must contain at least one letter (a-z)"]);
    }
}
