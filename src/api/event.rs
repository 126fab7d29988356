//! v1 Event, aggregated as client-go's event correlator does (identical events bump `count`).

#[cfg(test)]
use super::meta::time_rfc;
use crate::engine::time::SimTime;
#[cfg(test)]
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase"))]
pub struct Event {
    /// `Normal` or `Warning`.
    #[cfg_attr(test, serde(rename = "type"))]
    pub type_: String,
    pub reason: String,
    pub message: String,
    pub involved_object: ObjectReference,
    /// Component that reported it: `kubelet`, `default-scheduler`, `node-controller`, ...
    pub source: String,
    pub count: u32,
    #[cfg_attr(test, serde(with = "time_rfc"))]
    pub first_timestamp: SimTime,
    #[cfg_attr(test, serde(with = "time_rfc"))]
    pub last_timestamp: SimTime,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase"))]
pub struct ObjectReference {
    pub kind: String,
    pub name: String,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub field_path: Option<String>,
}
