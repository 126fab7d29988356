//! v1 Service and discovery.k8s.io/v1 EndpointSlice.

use super::meta::ObjectMeta;
use super::IntOrString;
#[cfg(test)]
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct Service {
    #[cfg_attr(test, serde(default))]
    pub api_version: String,
    #[cfg_attr(test, serde(default))]
    pub kind: String,
    #[cfg_attr(test, serde(default))]
    pub metadata: ObjectMeta,
    #[cfg_attr(test, serde(default))]
    pub spec: ServiceSpec,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub status: Option<serde_yaml::Value>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct ServiceSpec {
    #[cfg_attr(test, serde(default, rename = "type", skip_serializing_if = "Option::is_none"))]
    pub type_: Option<String>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "BTreeMap::is_empty"))]
    pub selector: BTreeMap<String, String>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub ports: Vec<ServicePort>,
    #[cfg_attr(test, serde(default, rename = "clusterIP", skip_serializing_if = "Option::is_none"))]
    pub cluster_ip: Option<String>,
    #[cfg_attr(test, serde(default, rename = "clusterIPs", skip_serializing_if = "Option::is_none"))]
    pub cluster_ips: Option<Vec<String>>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub session_affinity: Option<String>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub publish_not_ready_addresses: Option<bool>,
    // Accepted, not simulated.
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub external_traffic_policy: Option<serde_yaml::Value>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub internal_traffic_policy: Option<serde_yaml::Value>,
    #[cfg_attr(test, serde(default, rename = "loadBalancerIP", skip_serializing_if = "Option::is_none"))]
    pub load_balancer_ip: Option<serde_yaml::Value>,
    #[cfg_attr(test, serde(default, rename = "externalIPs", skip_serializing_if = "Option::is_none"))]
    pub external_ips: Option<serde_yaml::Value>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub ip_families: Option<serde_yaml::Value>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub ip_family_policy: Option<serde_yaml::Value>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub session_affinity_config: Option<serde_yaml::Value>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub load_balancer_source_ranges: Option<serde_yaml::Value>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub external_name: Option<serde_yaml::Value>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub allocate_load_balancer_node_ports: Option<serde_yaml::Value>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub load_balancer_class: Option<serde_yaml::Value>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub health_check_node_port: Option<serde_yaml::Value>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub traffic_distribution: Option<serde_yaml::Value>,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct ServicePort {
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub name: Option<String>,
    pub port: i64,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub target_port: Option<IntOrString>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub protocol: Option<String>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub node_port: Option<i64>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub app_protocol: Option<String>,
}

/// One EndpointSlice per Service (kubeplay clusters stay far below 100 endpoints a slice).
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase"))]
pub struct EndpointSlice {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub address_type: String,
    #[cfg_attr(test, serde(default))]
    pub endpoints: Vec<Endpoint>,
    #[cfg_attr(test, serde(default))]
    pub ports: Vec<EndpointPort>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase"))]
pub struct Endpoint {
    pub addresses: Vec<String>,
    pub conditions: EndpointConditions,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub node_name: Option<String>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub target_ref: Option<EndpointTargetRef>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase"))]
pub struct EndpointConditions {
    pub ready: bool,
    pub serving: bool,
    pub terminating: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase"))]
pub struct EndpointTargetRef {
    pub kind: String,
    pub name: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase"))]
pub struct EndpointPort {
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub name: Option<String>,
    pub port: i64,
    pub protocol: String,
}
