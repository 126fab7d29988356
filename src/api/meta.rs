//! ObjectMeta, owner references and label selectors.

use crate::engine::time::SimTime;
#[cfg(test)]
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub type Labels = BTreeMap<String, String>;

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct ObjectMeta {
    #[cfg_attr(test, serde(default, skip_serializing_if = "String::is_empty"))]
    pub name: String,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub generate_name: Option<String>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub namespace: Option<String>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "BTreeMap::is_empty"))]
    pub labels: Labels,
    #[cfg_attr(test, serde(default, skip_serializing_if = "BTreeMap::is_empty"))]
    pub annotations: BTreeMap<String, String>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "String::is_empty"))]
    pub uid: String,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none", with = "opt_time"))]
    pub creation_timestamp: Option<SimTime>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none", with = "opt_time"))]
    pub deletion_timestamp: Option<SimTime>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub deletion_grace_period_seconds: Option<i64>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "is_zero"))]
    pub generation: i64,
    #[cfg_attr(test, serde(default, skip_serializing_if = "String::is_empty"))]
    pub resource_version: String,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub owner_references: Vec<OwnerReference>,
    /// Accepted, not simulated.
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub finalizers: Option<serde_yaml::Value>,
    /// Accepted, not simulated.
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub managed_fields: Option<serde_yaml::Value>,
    /// Deprecated and always empty since 1.20, but present in older exported manifests.
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub self_link: Option<serde_yaml::Value>,
}

#[cfg(test)]
fn is_zero(n: &i64) -> bool {
    *n == 0
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct OwnerReference {
    pub api_version: String,
    pub kind: String,
    pub name: String,
    #[cfg_attr(test, serde(default))]
    pub uid: String,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub controller: Option<bool>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub block_owner_deletion: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct LabelSelector {
    #[cfg_attr(test, serde(default, skip_serializing_if = "BTreeMap::is_empty"))]
    pub match_labels: Labels,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub match_expressions: Vec<LabelSelectorRequirement>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(rename_all = "camelCase", deny_unknown_fields))]
pub struct LabelSelectorRequirement {
    pub key: String,
    pub operator: String,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub values: Vec<String>,
}

impl LabelSelector {
    pub fn matches(&self, labels: &Labels) -> bool {
        self.match_labels.iter().all(|(k, v)| labels.get(k) == Some(v))
            && self.match_expressions.iter().all(|req| {
                let value = labels.get(&req.key);
                match req.operator.as_str() {
                    "In" => value.is_some_and(|v| req.values.contains(v)),
                    "NotIn" => !value.is_some_and(|v| req.values.contains(v)),
                    "Exists" => value.is_some(),
                    "DoesNotExist" => value.is_none(),
                    _ => false,
                }
            })
    }

    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.match_expressions.is_empty()
    }

    /// The `-o wide` SELECTOR column form: `app=web,pod-template-hash=5d4c8b7f9`.
    pub fn to_selector_string(&self) -> String {
        let mut parts: Vec<String> = self.match_labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
        for req in &self.match_expressions {
            match req.operator.as_str() {
                "In" => parts.push(format!("{} in ({})", req.key, req.values.join(","))),
                "NotIn" => parts.push(format!("{} notin ({})", req.key, req.values.join(","))),
                "Exists" => parts.push(req.key.clone()),
                "DoesNotExist" => parts.push(format!("!{}", req.key)),
                _ => {}
            }
        }
        if parts.is_empty() {
            "<none>".into()
        } else {
            parts.join(",")
        }
    }
}

/// Matches a plain equality selector map (Service `spec.selector`).
pub fn labels_match(selector: &Labels, labels: &Labels) -> bool {
    !selector.is_empty() && selector.iter().all(|(k, v)| labels.get(k) == Some(v))
}

/// Timestamps serialize as RFC 3339 on kubeplay's fixed epoch; they deserialize from any
/// string (user manifests may carry `creationTimestamp: null` or a real date), as None.
#[cfg(test)]
pub mod opt_time {
    use crate::engine::time::{rfc3339, SimTime};
    #[cfg(test)]
    use serde::{Deserialize, Deserializer, Serializer};

    #[cfg(test)]
    pub fn serialize<S: Serializer>(t: &Option<SimTime>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&rfc3339(*t)),
            None => s.serialize_none(),
        }
    }

    #[cfg(test)]
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<SimTime>, D::Error> {
        let _ = serde_yaml::Value::deserialize(d)?;
        Ok(None)
    }
}

/// Same as `opt_time` for a required timestamp.
#[cfg(test)]
pub mod time_rfc {
    use crate::engine::time::{rfc3339, SimTime};
    #[cfg(test)]
    use serde::{Deserialize, Deserializer, Serializer};

    #[cfg(test)]
    pub fn serialize<S: Serializer>(t: &SimTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&rfc3339(*t))
    }

    #[cfg(test)]
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<SimTime, D::Error> {
        let _ = serde_yaml::Value::deserialize(d)?;
        Ok(SimTime::ZERO)
    }
}
