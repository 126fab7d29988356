//! v1 Event, aggregated as client-go's event correlator does (identical events bump `count`).

use super::meta::time_rfc;
use crate::engine::time::SimTime;
#[cfg(test)]
use serde::Deserialize;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(Deserialize))]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// `Normal` or `Warning`.
    #[serde(rename = "type")]
    pub type_: String,
    pub reason: String,
    pub message: String,
    pub involved_object: ObjectReference,
    /// Component that reported it: `kubelet`, `default-scheduler`, `node-controller`, ...
    pub source: String,
    pub count: u32,
    #[serde(with = "time_rfc")]
    pub first_timestamp: SimTime,
    #[serde(with = "time_rfc")]
    pub last_timestamp: SimTime,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(test, derive(Deserialize))]
#[serde(rename_all = "camelCase")]
pub struct ObjectReference {
    pub kind: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_path: Option<String>,
}
