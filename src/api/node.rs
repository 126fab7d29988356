//! v1 Node: taints, capacity and the conditions the node lifecycle controller writes.

use super::apps::Condition;
#[cfg(test)]
use super::meta::opt_time;
use super::meta::ObjectMeta;
use super::Quantity;
use crate::engine::time::SimTime;
#[cfg(test)]
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct Node {
    #[cfg_attr(test, serde(default))]
    pub api_version: String,
    #[cfg_attr(test, serde(default))]
    pub kind: String,
    #[cfg_attr(test, serde(default))]
    pub metadata: ObjectMeta,
    #[cfg_attr(test, serde(default))]
    pub spec: NodeSpec,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub status: Option<NodeStatus>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct NodeSpec {
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub unschedulable: Option<bool>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub taints: Vec<Taint>,
    #[cfg_attr(test, serde(default, rename = "podCIDR", skip_serializing_if = "Option::is_none"))]
    pub pod_cidr: Option<String>,
    /// Accepted, not simulated.
    #[cfg_attr(test, serde(default, rename = "podCIDRs", skip_serializing_if = "Option::is_none"))]
    pub pod_cidrs: Option<serde_yaml::Value>,
    #[cfg_attr(test, serde(default, rename = "providerID", skip_serializing_if = "Option::is_none"))]
    pub provider_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct Taint {
    pub key: String,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub value: Option<String>,
    pub effect: String,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none", with = "opt_time"))]
    pub time_added: Option<SimTime>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase"))]
pub struct NodeStatus {
    #[cfg_attr(test, serde(default))]
    pub capacity: BTreeMap<String, Quantity>,
    #[cfg_attr(test, serde(default))]
    pub allocatable: BTreeMap<String, Quantity>,
    #[cfg_attr(test, serde(default))]
    pub conditions: Vec<Condition>,
    #[cfg_attr(test, serde(default))]
    pub addresses: Vec<NodeAddress>,
    #[cfg_attr(test, serde(default))]
    pub node_info: NodeSystemInfo,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase"))]
pub struct NodeAddress {
    #[cfg_attr(test, serde(rename = "type"))]
    pub type_: String,
    pub address: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase"))]
pub struct NodeSystemInfo {
    pub kubelet_version: String,
    pub os_image: String,
    pub kernel_version: String,
    pub container_runtime_version: String,
    pub operating_system: String,
    pub architecture: String,
}

impl Node {
    pub fn ready_condition(&self) -> Option<&Condition> {
        self.status.as_ref()?.conditions.iter().find(|c| c.type_ == "Ready")
    }
    pub fn is_ready(&self) -> bool {
        self.ready_condition().is_some_and(|c| c.status == "True")
    }
    pub fn allocatable_millis(&self, resource: &str) -> i64 {
        let quantity = self.status.as_ref().and_then(|s| s.allocatable.get(resource));
        match resource {
            "cpu" => quantity.and_then(|q| q.millis()).unwrap_or(0),
            _ => quantity.and_then(|q| q.bytes()).unwrap_or(0),
        }
    }
}
