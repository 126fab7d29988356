//! v1 Pod: spec (containers, probes, resources, tolerations) and status.

#[cfg(test)]
use super::meta::opt_time;
use super::meta::ObjectMeta;
use super::{IntOrString, Quantity};
use crate::engine::time::SimTime;
#[cfg(test)]
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

type Opaque = Option<serde_yaml::Value>;

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct Pod {
    #[cfg_attr(test, serde(default))]
    pub api_version: String,
    #[cfg_attr(test, serde(default))]
    pub kind: String,
    #[cfg_attr(test, serde(default))]
    pub metadata: ObjectMeta,
    #[cfg_attr(test, serde(default))]
    pub spec: PodSpec,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub status: Option<PodStatus>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct PodTemplateSpec {
    #[cfg_attr(test, serde(default))]
    pub metadata: ObjectMeta,
    #[cfg_attr(test, serde(default))]
    pub spec: PodSpec,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct PodSpec {
    #[cfg_attr(test, serde(default))]
    pub containers: Vec<Container>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub restart_policy: Option<String>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub termination_grace_period_seconds: Option<i64>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub node_name: Option<String>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "BTreeMap::is_empty"))]
    pub node_selector: BTreeMap<String, String>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub tolerations: Vec<Toleration>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub scheduler_name: Option<String>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub dns_policy: Option<String>,
    // Real fields that are accepted and reported as not simulated.
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub init_containers: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub volumes: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub affinity: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub security_context: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub service_account_name: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub service_account: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub automount_service_account_token: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub image_pull_secrets: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub host_network: Opaque,
    #[cfg_attr(test, serde(default, rename = "hostPID", skip_serializing_if = "Option::is_none"))]
    pub host_pid: Opaque,
    #[cfg_attr(test, serde(default, rename = "hostIPC", skip_serializing_if = "Option::is_none"))]
    pub host_ipc: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub hostname: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub subdomain: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub priority_class_name: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub priority: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub topology_spread_constraints: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub dns_config: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub host_aliases: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub readiness_gates: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub runtime_class_name: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub share_process_namespace: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub enable_service_links: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub preemption_policy: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub overhead: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub active_deadline_seconds: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub ephemeral_containers: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub os: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub scheduling_gates: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub resource_claims: Opaque,
    #[cfg_attr(test, serde(default, rename = "setHostnameAsFQDN", skip_serializing_if = "Option::is_none"))]
    pub set_hostname_as_fqdn: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub host_users: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub resources: Opaque,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct Container {
    #[cfg_attr(test, serde(default))]
    pub name: String,
    #[cfg_attr(test, serde(default))]
    pub image: String,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub command: Option<Vec<String>>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub args: Option<Vec<String>>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub ports: Vec<ContainerPort>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub resources: Option<ResourceRequirements>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub liveness_probe: Option<Probe>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub readiness_probe: Option<Probe>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub startup_probe: Option<Probe>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub image_pull_policy: Option<String>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub termination_message_path: Option<String>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub termination_message_policy: Option<String>,
    // Real fields that are accepted and reported as not simulated.
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub env: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub env_from: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub volume_mounts: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub volume_devices: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub security_context: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub working_dir: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub lifecycle: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub stdin: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub stdin_once: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub tty: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub resize_policy: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub restart_policy: Opaque,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub restart_policy_rules: Opaque,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct ContainerPort {
    pub container_port: i64,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub name: Option<String>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub protocol: Option<String>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub host_port: Option<i64>,
    #[cfg_attr(test, serde(default, rename = "hostIP", skip_serializing_if = "Option::is_none"))]
    pub host_ip: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct ResourceRequirements {
    #[cfg_attr(test, serde(default, skip_serializing_if = "BTreeMap::is_empty"))]
    pub requests: BTreeMap<String, Quantity>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "BTreeMap::is_empty"))]
    pub limits: BTreeMap<String, Quantity>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub claims: Opaque,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct Probe {
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub exec: Option<ExecAction>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub http_get: Option<HttpGetAction>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub tcp_socket: Option<TcpSocketAction>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub grpc: Option<GrpcAction>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub initial_delay_seconds: Option<i64>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub period_seconds: Option<i64>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub timeout_seconds: Option<i64>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub success_threshold: Option<i64>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub failure_threshold: Option<i64>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub termination_grace_period_seconds: Option<i64>,
}

impl Probe {
    pub fn initial_delay(&self) -> i64 {
        self.initial_delay_seconds.unwrap_or(0)
    }
    pub fn period(&self) -> i64 {
        self.period_seconds.unwrap_or(10).max(1)
    }
    pub fn timeout(&self) -> i64 {
        self.timeout_seconds.unwrap_or(1).max(1)
    }
    pub fn success_threshold(&self) -> i64 {
        self.success_threshold.unwrap_or(1).max(1)
    }
    pub fn failure_threshold(&self) -> i64 {
        self.failure_threshold.unwrap_or(3).max(1)
    }
    /// Number of handlers set; the API requires exactly one.
    pub fn handler_count(&self) -> usize {
        [self.exec.is_some(), self.http_get.is_some(), self.tcp_socket.is_some(), self.grpc.is_some()]
            .iter()
            .filter(|set| **set)
            .count()
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct ExecAction {
    #[cfg_attr(test, serde(default))]
    pub command: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct HttpGetAction {
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub path: Option<String>,
    pub port: IntOrString,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub host: Option<String>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub scheme: Option<String>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub http_headers: Vec<HttpHeader>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct HttpHeader {
    pub name: String,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct TcpSocketAction {
    pub port: IntOrString,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub host: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct GrpcAction {
    pub port: i64,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub service: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct Toleration {
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub key: Option<String>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub operator: Option<String>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub value: Option<String>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub effect: Option<String>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub toleration_seconds: Option<i64>,
}

impl Toleration {
    /// Whether this toleration matches a taint (upstream `ToleratesTaint`).
    pub fn tolerates(&self, taint: &super::Taint) -> bool {
        if let Some(effect) = self.effect.as_deref() {
            if !effect.is_empty() && effect != taint.effect {
                return false;
            }
        }
        let key = self.key.as_deref().unwrap_or("");
        let exists = self.operator.as_deref() == Some("Exists");
        if key.is_empty() {
            // An empty key with operator Exists matches every taint.
            return exists;
        }
        if key != taint.key {
            return false;
        }
        exists || self.value.as_deref().unwrap_or("") == taint.value.as_deref().unwrap_or("")
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase"))]
pub struct PodStatus {
    pub phase: String,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub conditions: Vec<PodCondition>,
    #[cfg_attr(test, serde(default, rename = "hostIP", skip_serializing_if = "Option::is_none"))]
    pub host_ip: Option<String>,
    #[cfg_attr(test, serde(default, rename = "podIP", skip_serializing_if = "Option::is_none"))]
    pub pod_ip: Option<String>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none", with = "opt_time"))]
    pub start_time: Option<SimTime>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub container_statuses: Vec<ContainerStatus>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub reason: Option<String>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub message: Option<String>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub qos_class: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase"))]
pub struct PodCondition {
    #[cfg_attr(test, serde(rename = "type"))]
    pub type_: String,
    pub status: String,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none", with = "opt_time"))]
    pub last_transition_time: Option<SimTime>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub reason: Option<String>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub message: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase"))]
pub struct ContainerStatus {
    pub name: String,
    pub image: String,
    pub ready: bool,
    pub started: bool,
    pub restart_count: i64,
    pub state: ContainerState,
    #[cfg_attr(test, serde(default, skip_serializing_if = "ContainerState::is_empty"))]
    pub last_state: ContainerState,
    #[cfg_attr(test, serde(default, rename = "containerID", skip_serializing_if = "String::is_empty"))]
    pub container_id: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase"))]
pub struct ContainerState {
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub waiting: Option<StateWaiting>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub running: Option<StateRunning>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub terminated: Option<StateTerminated>,
}

impl ContainerState {
    pub fn is_empty(&self) -> bool {
        self.waiting.is_none() && self.running.is_none() && self.terminated.is_none()
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase"))]
pub struct StateWaiting {
    pub reason: String,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub message: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase"))]
pub struct StateRunning {
    #[cfg_attr(test, serde(with = "super::meta::time_rfc"))]
    pub started_at: SimTime,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase"))]
pub struct StateTerminated {
    pub exit_code: i32,
    pub reason: String,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub message: Option<String>,
    #[cfg_attr(test, serde(with = "super::meta::time_rfc"))]
    pub started_at: SimTime,
    #[cfg_attr(test, serde(with = "super::meta::time_rfc"))]
    pub finished_at: SimTime,
}

impl PodSpec {
    /// The pod's QoS class, as upstream `ComputePodQOS` (pkg/apis/core/helper/qos) computes
    /// it: from the cpu and memory requests and limits of every container, compared as parsed
    /// quantities (`cpu: "1"` equals `1000m`), zero amounts ignored. The one place the kubelet
    /// and `describe` take it from.
    pub fn qos_class(&self) -> &'static str {
        use std::collections::BTreeMap;
        // Boxed amounts: the maps share the B-tree code of the other `BTreeMap<String, Box<_>>`s.
        let mut requests: BTreeMap<String, Box<i64>> = BTreeMap::new();
        let mut limits: BTreeMap<String, Box<i64>> = BTreeMap::new();
        let mut guaranteed = true;
        for container in &self.containers {
            let Some(resources) = &container.resources else {
                guaranteed = false;
                continue;
            };
            // API defaulting sets a missing request to its limit.
            let defaulted = resources.limits.iter().filter(|(name, _)| !resources.requests.contains_key(*name));
            for (name, quantity) in resources.requests.iter().chain(defaulted) {
                let Some(amount) = quantity_amount(name, quantity) else { continue };
                **requests.entry(name.clone()).or_default() += amount;
            }
            let mut found = 0;
            for (name, quantity) in &resources.limits {
                let Some(amount) = quantity_amount(name, quantity) else { continue };
                found += 1;
                **limits.entry(name.clone()).or_default() += amount;
            }
            if found < 2 {
                guaranteed = false;
            }
        }
        if requests.is_empty() && limits.is_empty() {
            return "BestEffort";
        }
        let matching = requests.iter().all(|(name, amount)| limits.get(name) == Some(amount));
        if guaranteed && matching && requests.len() == limits.len() {
            return "Guaranteed";
        }
        "Burstable"
    }
}

/// A positive cpu or memory amount in thousandths of a unit; None for other resources and
/// zero or unparsable amounts (which do not count towards QoS).
fn quantity_amount(name: &str, quantity: &Quantity) -> Option<i64> {
    if name != "cpu" && name != "memory" {
        return None;
    }
    quantity.millis().filter(|m| *m > 0)
}

impl Pod {
    /// A downward-API field (`valueFrom.fieldRef.fieldPath`) as text: what a container's env
    /// gets and `describe` shows; empty for a field kubeplay does not resolve or not set yet.
    pub fn field_text(&self, path: &str) -> String {
        let status = self.status.as_ref();
        match path {
            "metadata.name" => self.metadata.name.clone(),
            "metadata.namespace" => {
                self.metadata.namespace.as_deref().filter(|n| !n.is_empty()).unwrap_or("default").to_string()
            }
            "metadata.uid" => self.metadata.uid.clone(),
            "spec.nodeName" => self.spec.node_name.clone().unwrap_or_default(),
            "spec.serviceAccountName" => "default".into(),
            "status.podIP" => status.and_then(|s| s.pod_ip.clone()).unwrap_or_default(),
            "status.hostIP" => status.and_then(|s| s.host_ip.clone()).unwrap_or_default(),
            _ => String::new(),
        }
    }

    pub fn condition(&self, type_: &str) -> Option<&PodCondition> {
        self.status.as_ref()?.conditions.iter().find(|c| c.type_ == type_)
    }
    /// Pod Ready condition is True.
    pub fn is_ready(&self) -> bool {
        self.condition("Ready").is_some_and(|c| c.status == "True")
    }
    pub fn phase(&self) -> &str {
        self.status.as_ref().map(|s| s.phase.as_str()).unwrap_or("Pending")
    }
    pub fn is_terminating(&self) -> bool {
        self.metadata.deletion_timestamp.is_some()
    }
    /// Active in the ReplicaSet sense (upstream `FilterActivePods`).
    pub fn is_active(&self) -> bool {
        !self.is_terminating() && !matches!(self.phase(), "Succeeded" | "Failed")
    }
    pub fn node_name(&self) -> Option<&str> {
        self.spec.node_name.as_deref()
    }
    pub fn controller_ref(&self) -> Option<&super::OwnerReference> {
        self.metadata.owner_references.iter().find(|o| o.controller == Some(true))
    }
}

impl Container {
    /// CPU request in millicores, if set.
    pub fn cpu_request_millis(&self) -> Option<i64> {
        self.resources.as_ref()?.requests.get("cpu")?.millis()
    }
    pub fn cpu_limit_millis(&self) -> Option<i64> {
        self.resources.as_ref()?.limits.get("cpu")?.millis()
    }
    pub fn memory_request_bytes(&self) -> Option<i64> {
        self.resources.as_ref()?.requests.get("memory")?.bytes()
    }
    pub fn memory_limit_bytes(&self) -> Option<i64> {
        self.resources.as_ref()?.limits.get("memory")?.bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Amounts<'a> = &'a [(&'a str, &'a str)];

    fn spec(containers: &[(Amounts, Amounts)]) -> PodSpec {
        let list = |pairs: &[(&str, &str)]| -> BTreeMap<String, Quantity> {
            pairs.iter().map(|(k, v)| (k.to_string(), Quantity(v.to_string()))).collect()
        };
        PodSpec {
            containers: containers
                .iter()
                .map(|(requests, limits)| Container {
                    name: "c".into(),
                    image: "nginx".into(),
                    resources: Some(ResourceRequirements {
                        requests: list(requests),
                        limits: list(limits),
                        ..Default::default()
                    }),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
    }

    /// Cases from upstream's qos_test.go, with quantities written differently.
    #[test]
    fn qos_from_parsed_quantities() {
        let both = [("cpu", "1"), ("memory", "1Gi")];
        let same = [("cpu", "1000m"), ("memory", "1073741824")];
        assert_eq!(spec(&[(&both, &same)]).qos_class(), "Guaranteed");
        assert_eq!(spec(&[(&both, &same), (&same, &both)]).qos_class(), "Guaranteed");
        assert_eq!(spec(&[(&[("cpu", "500m")], &both)]).qos_class(), "Burstable");
        assert_eq!(spec(&[(&both, &[("cpu", "1")])]).qos_class(), "Burstable");
        assert_eq!(spec(&[(&[], &same)]).qos_class(), "Guaranteed", "requests default to limits");
        assert_eq!(spec(&[(&both, &both), (&[], &[])]).qos_class(), "Burstable");
        assert_eq!(spec(&[(&[], &[])]).qos_class(), "BestEffort");
        // Zero amounts and other resources do not count.
        assert_eq!(spec(&[(&[("cpu", "0")], &[("ephemeral-storage", "1Gi")])]).qos_class(), "BestEffort");
        assert_eq!(PodSpec::default().qos_class(), "BestEffort");
    }
}
