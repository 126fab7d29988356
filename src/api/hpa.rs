//! autoscaling/v2 HorizontalPodAutoscaler (stored and printed; its controller lives in
//! `engine::controllers::hpa`).

use super::apps::Condition;
#[cfg(test)]
use super::meta::opt_time;
use super::meta::ObjectMeta;
use super::Quantity;
use crate::engine::time::SimTime;
#[cfg(test)]
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct HorizontalPodAutoscaler {
    #[cfg_attr(test, serde(default))]
    pub api_version: String,
    #[cfg_attr(test, serde(default))]
    pub kind: String,
    #[cfg_attr(test, serde(default))]
    pub metadata: ObjectMeta,
    #[cfg_attr(test, serde(default))]
    pub spec: HpaSpec,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub status: Option<HpaStatus>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct HpaSpec {
    #[cfg_attr(test, serde(default))]
    pub scale_target_ref: CrossVersionObjectReference,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub min_replicas: Option<i64>,
    #[cfg_attr(test, serde(default))]
    pub max_replicas: i64,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub metrics: Vec<MetricSpec>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub behavior: Option<HpaBehavior>,
    /// autoscaling/v1 field, accepted so v1 manifests apply.
    #[cfg_attr(
        test,
        serde(default, rename = "targetCPUUtilizationPercentage", skip_serializing_if = "Option::is_none")
    )]
    pub target_cpu_utilization_percentage: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct CrossVersionObjectReference {
    #[cfg_attr(test, serde(default))]
    pub api_version: String,
    #[cfg_attr(test, serde(default))]
    pub kind: String,
    #[cfg_attr(test, serde(default))]
    pub name: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct MetricSpec {
    #[cfg_attr(test, serde(rename = "type"))]
    pub type_: String,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub resource: Option<ResourceMetricSource>,
    // Accepted, not simulated.
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub pods: Option<serde_yaml::Value>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub object: Option<serde_yaml::Value>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub external: Option<serde_yaml::Value>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub container_resource: Option<serde_yaml::Value>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct ResourceMetricSource {
    pub name: String,
    pub target: MetricTarget,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct MetricTarget {
    #[cfg_attr(test, serde(rename = "type"))]
    pub type_: String,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub average_utilization: Option<i64>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub average_value: Option<Quantity>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub value: Option<Quantity>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct HpaBehavior {
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub scale_up: Option<HpaScalingRules>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub scale_down: Option<HpaScalingRules>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct HpaScalingRules {
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub stabilization_window_seconds: Option<i64>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub select_policy: Option<String>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub policies: Vec<HpaScalingPolicy>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub tolerance: Option<Quantity>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct HpaScalingPolicy {
    #[cfg_attr(test, serde(rename = "type"))]
    pub type_: String,
    pub value: i64,
    pub period_seconds: i64,
}

/// The HPA status as kubeplay keeps it: the current values of the cpu and memory Resource
/// metrics in plain fields. It serializes as the API's `currentMetrics` list.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(into = "HpaStatusWire", from = "HpaStatusWire"))]
pub struct HpaStatus {
    pub current_replicas: i64,
    pub desired_replicas: i64,
    pub last_scale_time: Option<SimTime>,
    /// Current average utilization [% of request], None while unknown.
    pub current_cpu_utilization: Option<i64>,
    /// Current average usage per pod [millicores].
    pub current_cpu_average_millis: Option<i64>,
    /// Current average memory utilization [% of request], None while unknown.
    pub current_memory_utilization: Option<i64>,
    /// Current average working set per pod [bytes].
    pub current_memory_average_bytes: Option<i64>,
    pub conditions: Vec<Condition>,
}

/// autoscaling/v2 HorizontalPodAutoscalerStatus on the wire.
#[derive(Clone, Debug, Default)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase"))]
struct HpaStatusWire {
    #[cfg_attr(test, serde(default, skip_serializing_if = "Vec::is_empty"))]
    conditions: Vec<Condition>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Vec::is_empty"))]
    current_metrics: Vec<MetricStatusWire>,
    #[cfg_attr(test, serde(default))]
    current_replicas: i64,
    #[cfg_attr(test, serde(default))]
    desired_replicas: i64,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none", with = "opt_time"))]
    last_scale_time: Option<SimTime>,
}

#[derive(Clone, Debug, Default)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase"))]
struct MetricStatusWire {
    #[cfg_attr(test, serde(rename = "type", default))]
    type_: String,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    resource: Option<ResourceMetricStatusWire>,
}

#[derive(Clone, Debug, Default)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase"))]
struct ResourceMetricStatusWire {
    name: String,
    #[cfg_attr(test, serde(default))]
    current: MetricValueStatusWire,
}

#[derive(Clone, Debug, Default)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase"))]
struct MetricValueStatusWire {
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    average_utilization: Option<i64>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    average_value: Option<Quantity>,
}

impl From<HpaStatus> for HpaStatusWire {
    fn from(status: HpaStatus) -> HpaStatusWire {
        let mut current_metrics = Vec::new();
        // Upstream writes averageValue as a milli-quantity: `500m` for cpu, plain bytes for
        // memory.
        let values = [
            ("cpu", status.current_cpu_utilization, status.current_cpu_average_millis.map(super::format_millis)),
            ("memory", status.current_memory_utilization, status.current_memory_average_bytes.map(|b| b.to_string())),
        ];
        for (name, utilization, value) in values {
            if utilization.is_some() || value.is_some() {
                current_metrics.push(MetricStatusWire {
                    type_: "Resource".into(),
                    resource: Some(ResourceMetricStatusWire {
                        name: name.into(),
                        current: MetricValueStatusWire {
                            average_utilization: utilization,
                            average_value: value.map(Quantity),
                        },
                    }),
                });
            }
        }
        HpaStatusWire {
            conditions: status.conditions,
            current_metrics,
            current_replicas: status.current_replicas,
            desired_replicas: status.desired_replicas,
            last_scale_time: status.last_scale_time,
        }
    }
}

impl From<HpaStatusWire> for HpaStatus {
    fn from(wire: HpaStatusWire) -> HpaStatus {
        let mut status = HpaStatus {
            current_replicas: wire.current_replicas,
            desired_replicas: wire.desired_replicas,
            last_scale_time: wire.last_scale_time,
            conditions: wire.conditions,
            ..HpaStatus::default()
        };
        for metric in wire.current_metrics {
            let Some(resource) = metric.resource else { continue };
            let current = resource.current;
            match &resource.name[..] {
                "cpu" => {
                    status.current_cpu_utilization = current.average_utilization;
                    status.current_cpu_average_millis = current.average_value.and_then(|q| q.millis());
                }
                "memory" => {
                    status.current_memory_utilization = current.average_utilization;
                    status.current_memory_average_bytes = current.average_value.and_then(|q| q.bytes());
                }
                _ => {}
            }
        }
        status
    }
}

// Decoding from a manifest's tree (`manifest::typed`): the status comes in its wire form.
use crate::manifest::typed::{decode_struct, no_time, Decode};

decode_struct! { HpaStatusWire "struct HpaStatusWire";
    "conditions" conditions,
    "currentMetrics" current_metrics,
    "currentReplicas" current_replicas,
    "desiredReplicas" desired_replicas,
    "lastScaleTime" last_scale_time => no_time,
}
decode_struct! { MetricStatusWire "struct MetricStatusWire";
    "type" type_,
    "resource" resource,
}
decode_struct! { ResourceMetricStatusWire "struct ResourceMetricStatusWire";
    "name" name required,
    "current" current,
}
decode_struct! { MetricValueStatusWire "struct MetricValueStatusWire";
    "averageUtilization" average_utilization,
    "averageValue" average_value,
}

impl Decode for HpaStatus {
    fn decode(node: crate::manifest::tree::Node<'_, '_>) -> Result<HpaStatus, crate::manifest::tree::TreeError> {
        HpaStatusWire::decode(node).map(HpaStatus::from)
    }
}

// Writing as JSON (`manifest::emit`): the status goes out in its wire form, as serde's
// `into = "HpaStatusWire"` did.
use crate::manifest::emit::{encode_struct, JsonWriter, ToJson};

impl ToJson for HpaStatus {
    fn write_json(&self, w: &mut JsonWriter) {
        HpaStatusWire::from(self.clone()).write_json(w)
    }
}

encode_struct! { HpaStatusWire;
    "conditions" conditions skip,
    "currentMetrics" current_metrics skip,
    "currentReplicas" current_replicas,
    "desiredReplicas" desired_replicas,
    "lastScaleTime" last_scale_time skip => crate::manifest::emit::opt_time,
}
encode_struct! { MetricStatusWire;
    "type" type_,
    "resource" resource skip,
}
encode_struct! { ResourceMetricStatusWire;
    "name" name,
    "current" current,
}
encode_struct! { MetricValueStatusWire;
    "averageUtilization" average_utilization skip,
    "averageValue" average_value skip,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_serializes_as_current_metrics() {
        let status = HpaStatus {
            current_replicas: 1,
            desired_replicas: 4,
            current_cpu_utilization: Some(250),
            current_cpu_average_millis: Some(500),
            ..HpaStatus::default()
        };
        let yaml = serde_yaml::to_string(&status).expect("yaml");
        assert_eq!(
            yaml,
            "currentMetrics:\n- type: Resource\n  resource:\n    name: cpu\n    current:\n      averageUtilization: 250\n      averageValue: 500m\ncurrentReplicas: 1\ndesiredReplicas: 4\n"
        );
        assert_eq!(serde_yaml::from_str::<HpaStatus>(&yaml).expect("parse"), status);
        assert_eq!(
            serde_yaml::to_string(&HpaStatus::default()).expect("yaml"),
            "currentReplicas: 0\ndesiredReplicas: 0\n"
        );
    }
}
