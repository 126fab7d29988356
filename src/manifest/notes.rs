//! Notes for real Kubernetes fields that kubeplay accepts but does not simulate (env,
//! volumes, affinity, …), so that a user knows the field was read and then ignored.

use super::Object;
use crate::api::*;

/// One `Warning: <path>: not simulated by kubeplay (accepted and ignored)` line per
/// unsimulated field that the object sets, in manifest order.
pub fn unsimulated_fields(object: &Object) -> Vec<String> {
    let mut paths = Vec::new();
    let mut notes = Vec::new();
    match object {
        Object::Pod(pod) => {
            meta(&pod.metadata, "metadata", &mut paths);
            pod_spec(&pod.spec, "spec", &mut paths);
        }
        Object::Deployment(deployment) => {
            meta(&deployment.metadata, "metadata", &mut paths);
            template(&deployment.spec.template, &mut paths);
        }
        Object::ReplicaSet(replica_set) => {
            meta(&replica_set.metadata, "metadata", &mut paths);
            template(&replica_set.spec.template, &mut paths);
        }
        Object::Service(service) => {
            meta(&service.metadata, "metadata", &mut paths);
            service_spec(&service.spec, &mut paths);
        }
        Object::Hpa(hpa) => {
            meta(&hpa.metadata, "metadata", &mut paths);
            for (metric_idx, metric) in hpa.spec.metrics.iter().enumerate() {
                let path = format!("spec.metrics[{metric_idx}]");
                // The metrics pipeline only models pods' CPU usage.
                if metric.type_ != "Resource" {
                    notes.push(format!(
                        "Warning: {path}.type: only Resource metrics are simulated by kubeplay ({} accepted and ignored)",
                        super::validate::go_quote(&metric.type_)
                    ));
                } else if let Some(resource) = metric.resource.as_ref().filter(|r| r.name != "cpu") {
                    notes.push(format!(
                        "Warning: {path}.resource.name: only cpu is simulated by kubeplay ({} accepted and ignored)",
                        super::validate::go_quote(&resource.name)
                    ));
                }
            }
        }
        Object::Node(node) => meta(&node.metadata, "metadata", &mut paths),
    }
    let mut lines: Vec<String> = paths
        .into_iter()
        .map(|path| format!("Warning: {path}: not simulated by kubeplay (accepted and ignored)"))
        .collect();
    lines.extend(notes);
    lines
}

fn meta(meta: &ObjectMeta, path: &str, paths: &mut Vec<String>) {
    opaque_fields(path, &[("finalizers", &meta.finalizers), ("managedFields", &meta.managed_fields)], paths);
}

fn template(template: &PodTemplateSpec, paths: &mut Vec<String>) {
    meta(&template.metadata, "spec.template.metadata", paths);
    pod_spec(&template.spec, "spec.template.spec", paths);
}

fn pod_spec(spec: &PodSpec, path: &str, paths: &mut Vec<String>) {
    // Containers first: their fields are the ones people most often add (env, volumeMounts).
    for (container_idx, container) in spec.containers.iter().enumerate() {
        container_fields(container, &format!("{path}.containers[{container_idx}]"), paths);
    }
    opaque_fields(
        path,
        &[
            ("initContainers", &spec.init_containers),
            ("volumes", &spec.volumes),
            ("affinity", &spec.affinity),
            ("securityContext", &spec.security_context),
            ("serviceAccountName", &spec.service_account_name),
            ("serviceAccount", &spec.service_account),
            ("automountServiceAccountToken", &spec.automount_service_account_token),
            ("imagePullSecrets", &spec.image_pull_secrets),
            ("hostNetwork", &spec.host_network),
            ("hostPID", &spec.host_pid),
            ("hostIPC", &spec.host_ipc),
            ("hostname", &spec.hostname),
            ("subdomain", &spec.subdomain),
            ("priorityClassName", &spec.priority_class_name),
            ("priority", &spec.priority),
            ("topologySpreadConstraints", &spec.topology_spread_constraints),
            ("dnsConfig", &spec.dns_config),
            ("hostAliases", &spec.host_aliases),
            ("readinessGates", &spec.readiness_gates),
            ("runtimeClassName", &spec.runtime_class_name),
            ("shareProcessNamespace", &spec.share_process_namespace),
            ("enableServiceLinks", &spec.enable_service_links),
            ("preemptionPolicy", &spec.preemption_policy),
            ("overhead", &spec.overhead),
            ("activeDeadlineSeconds", &spec.active_deadline_seconds),
            ("ephemeralContainers", &spec.ephemeral_containers),
            ("os", &spec.os),
            ("schedulingGates", &spec.scheduling_gates),
            ("resourceClaims", &spec.resource_claims),
            ("setHostnameAsFQDN", &spec.set_hostname_as_fqdn),
            ("hostUsers", &spec.host_users),
            ("resources", &spec.resources),
        ],
        paths,
    );
}

fn container_fields(container: &Container, path: &str, paths: &mut Vec<String>) {
    opaque_fields(
        path,
        &[
            ("env", &container.env),
            ("envFrom", &container.env_from),
            ("volumeMounts", &container.volume_mounts),
            ("volumeDevices", &container.volume_devices),
            ("securityContext", &container.security_context),
            ("workingDir", &container.working_dir),
            ("lifecycle", &container.lifecycle),
            ("stdin", &container.stdin),
            ("stdinOnce", &container.stdin_once),
            ("tty", &container.tty),
            ("resizePolicy", &container.resize_policy),
            ("restartPolicy", &container.restart_policy),
            ("restartPolicyRules", &container.restart_policy_rules),
        ],
        paths,
    );
    if let Some(resources) = &container.resources {
        opaque_fields(&format!("{path}.resources"), &[("claims", &resources.claims)], paths);
    }
}

fn service_spec(spec: &ServiceSpec, paths: &mut Vec<String>) {
    opaque_fields(
        "spec",
        &[
            ("externalTrafficPolicy", &spec.external_traffic_policy),
            ("internalTrafficPolicy", &spec.internal_traffic_policy),
            ("loadBalancerIP", &spec.load_balancer_ip),
            ("externalIPs", &spec.external_ips),
            ("ipFamilies", &spec.ip_families),
            ("ipFamilyPolicy", &spec.ip_family_policy),
            ("sessionAffinityConfig", &spec.session_affinity_config),
            ("loadBalancerSourceRanges", &spec.load_balancer_source_ranges),
            ("externalName", &spec.external_name),
            ("allocateLoadBalancerNodePorts", &spec.allocate_load_balancer_node_ports),
            ("loadBalancerClass", &spec.load_balancer_class),
            ("healthCheckNodePort", &spec.health_check_node_port),
            ("trafficDistribution", &spec.traffic_distribution),
        ],
        paths,
    );
}

/// Notes the fields that hold something: `securityContext: {}` or `volumes: []` (as exported
/// manifests carry them) change nothing, so they get no warning.
fn opaque_fields(path: &str, fields: &[(&str, &Option<serde_yaml::Value>)], paths: &mut Vec<String>) {
    for (name, value) in fields {
        let holds_something = match value {
            None | Some(serde_yaml::Value::Null) => false,
            Some(serde_yaml::Value::Mapping(mapping)) => !mapping.is_empty(),
            Some(serde_yaml::Value::Sequence(items)) => !items.is_empty(),
            Some(_) => true,
        };
        if holds_something {
            paths.push(format!("{path}.{name}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(object: Object, expected: &[&str]) {
        assert_eq!(unsimulated_fields(&object), expected);
    }

    #[test]
    fn deployment_notes_use_template_paths() {
        let deployment: Deployment = serde_yaml::from_str(
            "spec:\n  template:\n    spec:\n      volumes: [{name: data, emptyDir: {}}]\n      securityContext: {}\n      containers:\n      - name: a\n        env: [{name: X, value: y}]\n        volumeMounts: [{name: data, mountPath: /data}]\n        tty: false\n",
        )
        .expect("yaml");
        check(
            Object::Deployment(deployment),
            &[
                "Warning: spec.template.spec.containers[0].env: not simulated by kubeplay (accepted and ignored)",
                "Warning: spec.template.spec.containers[0].volumeMounts: not simulated by kubeplay (accepted and ignored)",
                "Warning: spec.template.spec.containers[0].tty: not simulated by kubeplay (accepted and ignored)",
                "Warning: spec.template.spec.volumes: not simulated by kubeplay (accepted and ignored)",
            ],
        );
    }

    #[test]
    fn pod_and_hpa_notes() {
        let pod: Pod = serde_yaml::from_str(
            "spec:\n  affinity: {nodeAffinity: {}}\n  containers: [{name: a, securityContext: {runAsUser: 1000}}]\n",
        )
        .expect("yaml");
        check(
            Object::Pod(pod),
            &[
                "Warning: spec.containers[0].securityContext: not simulated by kubeplay (accepted and ignored)",
                "Warning: spec.affinity: not simulated by kubeplay (accepted and ignored)",
            ],
        );
        let hpa: HorizontalPodAutoscaler =
            serde_yaml::from_str("spec:\n  metrics:\n  - {type: Pods, pods: {}}\n  - {type: Resource, resource: {name: memory, target: {type: Utilization}}}\n")
                .expect("yaml");
        check(
            Object::Hpa(hpa),
            &[
                "Warning: spec.metrics[0].type: only Resource metrics are simulated by kubeplay (\"Pods\" accepted and ignored)",
                "Warning: spec.metrics[1].resource.name: only cpu is simulated by kubeplay (\"memory\" accepted and ignored)",
            ],
        );
    }
}
