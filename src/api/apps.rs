//! apps/v1 Deployment and ReplicaSet.

#[cfg(test)]
use super::meta::opt_time;
use super::meta::{LabelSelector, ObjectMeta};
use super::pod::PodTemplateSpec;
use super::IntOrString;
use crate::engine::time::SimTime;
#[cfg(test)]
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct Deployment {
    #[cfg_attr(test, serde(default))]
    pub api_version: String,
    #[cfg_attr(test, serde(default))]
    pub kind: String,
    #[cfg_attr(test, serde(default))]
    pub metadata: ObjectMeta,
    #[cfg_attr(test, serde(default))]
    pub spec: DeploymentSpec,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub status: Option<DeploymentStatus>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct DeploymentSpec {
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub replicas: Option<i64>,
    #[cfg_attr(test, serde(default))]
    pub selector: LabelSelector,
    #[cfg_attr(test, serde(default))]
    pub template: PodTemplateSpec,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub strategy: Option<DeploymentStrategy>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub min_ready_seconds: Option<i64>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub revision_history_limit: Option<i64>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub progress_deadline_seconds: Option<i64>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub paused: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct DeploymentStrategy {
    #[cfg_attr(test, serde(default, rename = "type", skip_serializing_if = "Option::is_none"))]
    pub type_: Option<String>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub rolling_update: Option<RollingUpdateDeployment>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct RollingUpdateDeployment {
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub max_surge: Option<IntOrString>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub max_unavailable: Option<IntOrString>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase"))]
pub struct DeploymentStatus {
    #[cfg_attr(test, serde(default))]
    pub observed_generation: i64,
    #[cfg_attr(test, serde(default))]
    pub replicas: i64,
    #[cfg_attr(test, serde(default))]
    pub updated_replicas: i64,
    #[cfg_attr(test, serde(default))]
    pub ready_replicas: i64,
    #[cfg_attr(test, serde(default))]
    pub available_replicas: i64,
    #[cfg_attr(test, serde(default))]
    pub unavailable_replicas: i64,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub conditions: Vec<Condition>,
}

/// A generic status condition (Deployment, HPA, Node use the same shape).
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase"))]
pub struct Condition {
    #[cfg_attr(test, serde(rename = "type"))]
    pub type_: String,
    pub status: String,
    /// Node conditions only: the kubelet's last status post that carried this condition.
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none", with = "opt_time"))]
    pub last_heartbeat_time: Option<SimTime>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none", with = "opt_time"))]
    pub last_update_time: Option<SimTime>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none", with = "opt_time"))]
    pub last_transition_time: Option<SimTime>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub reason: Option<String>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub message: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct ReplicaSet {
    #[cfg_attr(test, serde(default))]
    pub api_version: String,
    #[cfg_attr(test, serde(default))]
    pub kind: String,
    #[cfg_attr(test, serde(default))]
    pub metadata: ObjectMeta,
    #[cfg_attr(test, serde(default))]
    pub spec: ReplicaSetSpec,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub status: Option<ReplicaSetStatus>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct ReplicaSetSpec {
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub replicas: Option<i64>,
    #[cfg_attr(test, serde(default))]
    pub selector: LabelSelector,
    #[cfg_attr(test, serde(default))]
    pub template: PodTemplateSpec,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub min_ready_seconds: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase"))]
pub struct ReplicaSetStatus {
    #[cfg_attr(test, serde(default))]
    pub replicas: i64,
    #[cfg_attr(test, serde(default))]
    pub fully_labeled_replicas: i64,
    #[cfg_attr(test, serde(default))]
    pub ready_replicas: i64,
    #[cfg_attr(test, serde(default))]
    pub available_replicas: i64,
    #[cfg_attr(test, serde(default))]
    pub observed_generation: i64,
}
