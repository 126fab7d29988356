//! API-server defaulting: the values `kubectl get -o yaml` shows that nobody wrote.
//! Template defaulting (`default_pod_spec`) is separate from pod admission (`admit_pod`),
//! because tolerations are added to pods when they are created, never to a Deployment's template.

// Models pkg/apis/core/v1/defaults.go, pkg/apis/apps/v1/defaults.go,
// pkg/apis/autoscaling/v2/defaults.go and plugin/pkg/admission/defaulttolerationseconds.

use super::Object;
use crate::api::*;

/// `tolerationSeconds` of the two tolerations the DefaultTolerationSeconds admission plugin adds.
pub const DEFAULT_TOLERATION_SECONDS: i64 = 300;
pub const TAINT_NODE_NOT_READY: &str = "node.kubernetes.io/not-ready";
pub const TAINT_NODE_UNREACHABLE: &str = "node.kubernetes.io/unreachable";

/// Defaults one decoded object in place, as the API server does on create. A Pod is also
/// admitted (`admit_pod`), because a Pod in a manifest is created as it is.
pub fn default_object(object: &mut Object) {
    match object {
        Object::Pod(pod) => admit_pod(pod),
        Object::Deployment(deployment) => default_deployment(deployment),
        Object::ReplicaSet(replica_set) => default_replica_set(replica_set),
        Object::Service(service) => default_service(service),
        Object::Hpa(hpa) => default_hpa(hpa),
        Object::Node(_) => {}
    }
}

/// Defaults a pod spec (also a template's): restart policy, grace period, DNS policy,
/// scheduler, and each container's pull policy, termination message, ports, requests and probes.
/// Idempotent.
pub fn default_pod_spec(spec: &mut PodSpec) {
    spec.restart_policy.get_or_insert_with(|| "Always".into());
    spec.termination_grace_period_seconds.get_or_insert(30);
    spec.dns_policy.get_or_insert_with(|| "ClusterFirst".into());
    spec.scheduler_name.get_or_insert_with(|| "default-scheduler".into());
    for container in &mut spec.containers {
        default_container(container);
    }
}

/// Pod admission: defaults the spec, then adds the `not-ready` and `unreachable` NoExecute
/// tolerations (300 s) unless the pod already tolerates those keys. Call it for every pod the
/// engine creates from a template, and only for pods. Idempotent.
pub fn admit_pod(pod: &mut Pod) {
    default_pod_spec(&mut pod.spec);
    for key in [TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE] {
        // Upstream skips a key when any NoExecute (or effect-less) toleration already matches it.
        let taint = Taint { key: key.into(), value: None, effect: "NoExecute".into(), time_added: None };
        if pod.spec.tolerations.iter().any(|toleration| toleration.tolerates(&taint)) {
            continue;
        }
        pod.spec.tolerations.push(Toleration {
            key: Some(key.into()),
            operator: Some("Exists".into()),
            value: None,
            effect: Some("NoExecute".into()),
            toleration_seconds: Some(DEFAULT_TOLERATION_SECONDS),
        });
    }
}

/// replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600,
/// and the template's pod spec.
pub fn default_deployment(deployment: &mut Deployment) {
    let spec = &mut deployment.spec;
    spec.replicas.get_or_insert(1);
    let strategy = spec.strategy.get_or_insert_with(DeploymentStrategy::default);
    let strategy_type = strategy.type_.get_or_insert_with(|| "RollingUpdate".into());
    if strategy_type == "RollingUpdate" {
        let rolling_update = strategy.rolling_update.get_or_insert_with(RollingUpdateDeployment::default);
        rolling_update.max_unavailable.get_or_insert_with(|| IntOrString::String("25%".into()));
        rolling_update.max_surge.get_or_insert_with(|| IntOrString::String("25%".into()));
    }
    spec.revision_history_limit.get_or_insert(10);
    spec.progress_deadline_seconds.get_or_insert(600);
    default_pod_spec(&mut spec.template.spec);
}

/// replicas 1 and the template's pod spec.
pub fn default_replica_set(replica_set: &mut ReplicaSet) {
    replica_set.spec.replicas.get_or_insert(1);
    default_pod_spec(&mut replica_set.spec.template.spec);
}

/// type ClusterIP, sessionAffinity None, and per port protocol TCP and targetPort = port.
pub fn default_service(service: &mut Service) {
    let spec = &mut service.spec;
    spec.type_.get_or_insert_with(|| "ClusterIP".into());
    spec.session_affinity.get_or_insert_with(|| "None".into());
    for port in &mut spec.ports {
        port.protocol.get_or_insert_with(|| "TCP".into());
        // Upstream: an unset (or zero) targetPort means "the same as port".
        if port.target_port.is_none() || port.target_port == Some(IntOrString::Int(0)) {
            port.target_port = Some(IntOrString::Int(port.port));
        }
    }
}

/// minReplicas 1; no metrics means CPU at 80% utilization; `behavior` is completed only when
/// present (an absent behavior keeps the controller's legacy normalization).
pub fn default_hpa(hpa: &mut HorizontalPodAutoscaler) {
    let spec = &mut hpa.spec;
    spec.min_replicas.get_or_insert(1);
    if spec.metrics.is_empty() {
        spec.metrics.push(cpu_utilization_metric(80));
    }
    if let Some(behavior) = &mut spec.behavior {
        let scale_up = behavior.scale_up.get_or_insert_with(HpaScalingRules::default);
        scale_up.stabilization_window_seconds.get_or_insert(0);
        scale_up.select_policy.get_or_insert_with(|| "Max".into());
        if scale_up.policies.is_empty() {
            scale_up.policies = vec![scaling_policy("Pods", 4, 15), scaling_policy("Percent", 100, 15)];
        }
        // scaleDown's window stays unset: the controller then uses its 300 s default.
        let scale_down = behavior.scale_down.get_or_insert_with(HpaScalingRules::default);
        scale_down.select_policy.get_or_insert_with(|| "Max".into());
        if scale_down.policies.is_empty() {
            scale_down.policies = vec![scaling_policy("Percent", 100, 15)];
        }
    }
}

/// The v2 form of autoscaling/v1 `targetCPUUtilizationPercentage`.
pub fn cpu_utilization_metric(percent: i64) -> MetricSpec {
    MetricSpec {
        type_: "Resource".into(),
        resource: Some(ResourceMetricSource {
            name: "cpu".into(),
            target: MetricTarget {
                type_: "Utilization".into(),
                average_utilization: Some(percent),
                ..MetricTarget::default()
            },
        }),
        ..MetricSpec::default()
    }
}

/// `Always` for `:latest` or an untagged image, else `IfNotPresent` (an image pinned only by
/// digest counts as tagged), as upstream `SetDefaults_Container`.
pub fn image_pull_policy(image: &str) -> &'static str {
    let (name, digest) = match image.split_once('@') {
        Some((name, digest)) => (name, Some(digest)),
        None => (image, None),
    };
    let last_segment = name.rsplit('/').next().unwrap_or(name);
    match last_segment.split_once(':') {
        Some((_, "latest")) => "Always",
        Some(_) => "IfNotPresent",
        None if digest.is_some() => "IfNotPresent",
        None => "Always",
    }
}

fn default_container(container: &mut Container) {
    if container.image_pull_policy.is_none() {
        container.image_pull_policy = Some(image_pull_policy(&container.image).into());
    }
    container.termination_message_path.get_or_insert_with(|| "/dev/termination-log".into());
    container.termination_message_policy.get_or_insert_with(|| "File".into());
    for port in &mut container.ports {
        port.protocol.get_or_insert_with(|| "TCP".into());
    }
    // A limit without a request means a request equal to the limit (so HPA utilization has a base).
    if let Some(resources) = &mut container.resources {
        let limits: Vec<(String, Quantity)> = resources.limits.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        for (name, quantity) in limits {
            resources.requests.entry(name).or_insert(quantity);
        }
    }
    for probe in [&mut container.liveness_probe, &mut container.readiness_probe, &mut container.startup_probe]
        .into_iter()
        .flatten()
    {
        default_probe(probe);
    }
}

/// Zero counts as unset, as in Go where the field is a plain int32.
fn default_probe(probe: &mut Probe) {
    for (field, default) in [
        (&mut probe.timeout_seconds, 1),
        (&mut probe.period_seconds, 10),
        (&mut probe.success_threshold, 1),
        (&mut probe.failure_threshold, 3),
    ] {
        if field.is_none_or(|value| value == 0) {
            *field = Some(default);
        }
    }
    if let Some(http_get) = &mut probe.http_get {
        if http_get.path.as_deref().is_none_or(str::is_empty) {
            http_get.path = Some("/".into());
        }
        http_get.scheme.get_or_insert_with(|| "HTTP".into());
    }
}

fn scaling_policy(type_: &str, value: i64, period_seconds: i64) -> HpaScalingPolicy {
    HpaScalingPolicy { type_: type_.into(), value, period_seconds }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(yaml: &str) -> Pod {
        serde_yaml::from_str(yaml).expect("test yaml")
    }

    #[test]
    fn pull_policy() {
        for (image, expected) in [
            ("nginx", "Always"),
            ("nginx:latest", "Always"),
            ("nginx:1.14.2", "IfNotPresent"),
            ("registry.k8s.io/hpa-example", "Always"),
            ("localhost:5000/app", "Always"),
            ("localhost:5000/app:v2", "IfNotPresent"),
            ("nginx@sha256:abcd", "IfNotPresent"),
            ("nginx:latest@sha256:abcd", "Always"),
        ] {
            assert_eq!(image_pull_policy(image), expected, "image {image}");
        }
    }

    #[test]
    fn pod_spec_and_probe_defaults() {
        let mut pod = pod("spec:\n  containers:\n  - name: a\n    image: nginx:1\n    ports: [{containerPort: 80}]\n    livenessProbe:\n      httpGet: {port: 80}\n      periodSeconds: 0\n    resources:\n      limits: {cpu: 500m}\n");
        default_pod_spec(&mut pod.spec);
        let spec = &pod.spec;
        assert_eq!(spec.restart_policy.as_deref(), Some("Always"));
        assert_eq!(spec.termination_grace_period_seconds, Some(30));
        assert_eq!(spec.dns_policy.as_deref(), Some("ClusterFirst"));
        assert_eq!(spec.scheduler_name.as_deref(), Some("default-scheduler"));
        assert!(spec.tolerations.is_empty(), "templates get no tolerations");
        let container = &spec.containers[0];
        assert_eq!(container.image_pull_policy.as_deref(), Some("IfNotPresent"));
        assert_eq!(container.termination_message_path.as_deref(), Some("/dev/termination-log"));
        assert_eq!(container.termination_message_policy.as_deref(), Some("File"));
        assert_eq!(container.ports[0].protocol.as_deref(), Some("TCP"));
        assert_eq!(container.cpu_request_millis(), Some(500));
        let probe = container.liveness_probe.as_ref().expect("probe");
        assert_eq!(
            (probe.period_seconds, probe.timeout_seconds, probe.success_threshold, probe.failure_threshold),
            (Some(10), Some(1), Some(1), Some(3))
        );
        let http_get = probe.http_get.as_ref().expect("httpGet");
        assert_eq!((http_get.path.as_deref(), http_get.scheme.as_deref()), (Some("/"), Some("HTTP")));
        assert_eq!(probe.initial_delay_seconds, None);
    }

    #[test]
    fn admission_adds_two_tolerations_once() {
        let mut pod = pod("spec:\n  containers: [{name: a, image: b}]\n");
        admit_pod(&mut pod);
        admit_pod(&mut pod);
        let keys: Vec<_> =
            pod.spec.tolerations.iter().map(|t| (t.key.clone().unwrap_or_default(), t.toleration_seconds)).collect();
        assert_eq!(
            keys,
            vec![(TAINT_NODE_NOT_READY.to_string(), Some(300)), (TAINT_NODE_UNREACHABLE.to_string(), Some(300))]
        );
        assert_eq!(pod.spec.tolerations[0].operator.as_deref(), Some("Exists"));
        assert_eq!(pod.spec.tolerations[0].effect.as_deref(), Some("NoExecute"));
    }

    #[test]
    fn admission_respects_existing_tolerations() {
        let mut pod = pod("spec:\n  containers: [{name: a, image: b}]\n  tolerations:\n  - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 10}\n");
        admit_pod(&mut pod);
        let seconds: Vec<_> =
            pod.spec.tolerations.iter().map(|t| (t.key.clone().unwrap_or_default(), t.toleration_seconds)).collect();
        assert_eq!(
            seconds,
            vec![(TAINT_NODE_UNREACHABLE.to_string(), Some(10)), (TAINT_NODE_NOT_READY.to_string(), Some(300))]
        );
        // A tolerate-everything toleration covers both keys.
        let mut pod = pod_with_wildcard();
        admit_pod(&mut pod);
        assert_eq!(pod.spec.tolerations.len(), 1);
    }

    fn pod_with_wildcard() -> Pod {
        pod("spec:\n  containers: [{name: a, image: b}]\n  tolerations: [{operator: Exists}]\n")
    }

    #[test]
    fn deployment_defaults() {
        let mut deployment: Deployment = serde_yaml::from_str("spec:\n  strategy: {}\n").expect("yaml");
        default_deployment(&mut deployment);
        let spec = &deployment.spec;
        assert_eq!(spec.replicas, Some(1));
        let strategy = spec.strategy.as_ref().expect("strategy");
        assert_eq!(strategy.type_.as_deref(), Some("RollingUpdate"));
        let rolling_update = strategy.rolling_update.as_ref().expect("rollingUpdate");
        assert_eq!(rolling_update.max_surge, Some(IntOrString::String("25%".into())));
        assert_eq!(rolling_update.max_unavailable, Some(IntOrString::String("25%".into())));
        assert_eq!((spec.revision_history_limit, spec.progress_deadline_seconds), (Some(10), Some(600)));
        assert_eq!(spec.template.spec.restart_policy.as_deref(), Some("Always"));
        assert!(spec.template.spec.tolerations.is_empty());

        let mut recreate: Deployment = serde_yaml::from_str("spec:\n  strategy: {type: Recreate}\n").expect("yaml");
        default_deployment(&mut recreate);
        assert_eq!(recreate.spec.strategy.and_then(|s| s.rolling_update), None);
    }

    #[test]
    fn service_defaults() {
        let mut service: Service =
            serde_yaml::from_str("spec:\n  ports: [{port: 80}, {port: 443, targetPort: https}]\n").expect("yaml");
        default_service(&mut service);
        assert_eq!(service.spec.type_.as_deref(), Some("ClusterIP"));
        assert_eq!(service.spec.session_affinity.as_deref(), Some("None"));
        assert_eq!(service.spec.ports[0].target_port, Some(IntOrString::Int(80)));
        assert_eq!(service.spec.ports[0].protocol.as_deref(), Some("TCP"));
        assert_eq!(service.spec.ports[1].target_port, Some(IntOrString::String("https".into())));
    }

    #[test]
    fn hpa_defaults() {
        let mut hpa: HorizontalPodAutoscaler = serde_yaml::from_str("spec:\n  maxReplicas: 5\n").expect("yaml");
        default_hpa(&mut hpa);
        assert_eq!(hpa.spec.min_replicas, Some(1));
        assert_eq!(hpa.spec.metrics, vec![cpu_utilization_metric(80)]);
        assert_eq!(hpa.spec.behavior, None);

        let mut hpa: HorizontalPodAutoscaler = serde_yaml::from_str(
            "spec:\n  maxReplicas: 5\n  behavior:\n    scaleDown: {stabilizationWindowSeconds: 60}\n",
        )
        .expect("yaml");
        default_hpa(&mut hpa);
        let behavior = hpa.spec.behavior.expect("behavior");
        let scale_up = behavior.scale_up.expect("scaleUp");
        assert_eq!(scale_up.stabilization_window_seconds, Some(0));
        assert_eq!(scale_up.select_policy.as_deref(), Some("Max"));
        assert_eq!(scale_up.policies, vec![scaling_policy("Pods", 4, 15), scaling_policy("Percent", 100, 15)]);
        let scale_down = behavior.scale_down.expect("scaleDown");
        assert_eq!(scale_down.stabilization_window_seconds, Some(60));
        assert_eq!(scale_down.policies, vec![scaling_policy("Percent", 100, 15)]);
        assert_eq!(scale_down.select_policy.as_deref(), Some("Max"));
    }
}
