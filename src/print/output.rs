//! `-o yaml`, `-o json` and `-o name`. Keys come out sorted, as kubectl prints objects
//! that went through a generic map, and lists are wrapped in a `kind: List`.

use crate::manifest::emit::{to_json_pretty, ToJson};
use crate::sort::SmallSort;
use serde_json::{Map, Value};

/// `-o json`: kubectl's indent of 4 spaces, keys sorted, trailing newline.
pub fn to_json<T: ToJson>(obj: &T) -> String {
    json_text(&sorted_value(obj))
}

/// `-o json` for several objects: `{"apiVersion": "v1", "items": [...], "kind": "List",
/// "metadata": {"resourceVersion": ""}}`.
pub fn to_json_list<T: ToJson>(objs: &[T]) -> String {
    json_text(&list_value(objs))
}

/// `-o yaml`: keys sorted, block sequences at the parent's indent (`- image: nginx`), and
/// quoted scalars in double quotes as go-yaml writes them.
pub fn to_yaml<T: ToJson>(obj: &T) -> String {
    yaml_text(&sorted_value(obj))
}

/// `-o yaml` for several objects, wrapped in a `kind: List`.
pub fn to_yaml_list<T: ToJson>(objs: &[T]) -> String {
    yaml_text(&list_value(objs))
}

/// `-o name`: `pod/web-abc`, `deployment.apps/web`.
pub fn name_line(kind_lower_with_group: &str, name: &str) -> String {
    format!("{kind_lower_with_group}/{name}")
}

/// The `-o name` prefix of a kind: `pod`, `deployment.apps`, `horizontalpodautoscaler.autoscaling`.
pub fn resource_prefix(kind: &str) -> String {
    let lower = kind.to_ascii_lowercase();
    let group = match kind {
        "Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet" => Some("apps"),
        "HorizontalPodAutoscaler" => Some("autoscaling"),
        "EndpointSlice" => Some("discovery.k8s.io"),
        _ => None,
    };
    match group {
        Some(group) => format!("{lower}.{group}"),
        None => lower,
    }
}

fn list_value<T: ToJson>(objs: &[T]) -> Value {
    let items: Vec<Value> = objs.iter().map(sorted_value).collect();
    let mut metadata = Map::new();
    metadata.insert("resourceVersion".into(), Value::String(String::new()));
    let mut list = Map::new();
    list.insert("apiVersion".into(), Value::String("v1".into()));
    list.insert("items".into(), Value::Array(items));
    list.insert("kind".into(), Value::String("List".into()));
    list.insert("metadata".into(), Value::Object(metadata));
    Value::Object(list)
}

/// Serializes through `serde_json::Value`, rebuilding every map in key order so the order
/// does not depend on serde_json's `preserve_order` feature.
fn sorted_value<T: ToJson>(obj: &T) -> Value {
    fn sort(value: Value) -> Value {
        match value {
            Value::Object(map) => {
                let mut entries: Vec<(String, Value)> = map.into_iter().collect();
                entries.sort_small_by(|a, b| a.0.cmp(&b.0));
                // Inserted one by one: `collect` would instantiate a sort of its own.
                let mut sorted = Map::new();
                for (k, v) in entries {
                    sorted.insert(k, sort(v));
                }
                Value::Object(sorted)
            }
            Value::Array(items) => Value::Array(items.into_iter().map(sort).collect()),
            other => other,
        }
    }
    // Serializing plain API structs cannot fail: their maps have string keys.
    sort(super::value::to_value(obj).unwrap_or(Value::Null))
}

fn json_text(value: &Value) -> String {
    let mut text = to_json_pretty(value, "    ");
    text.push('\n');
    text
}

fn yaml_text(value: &Value) -> String {
    let text = serde_yaml::to_string(value).unwrap_or_default();
    text.lines().map(requote_line).fold(String::with_capacity(text.len()), |mut out, line| {
        out.push_str(&line);
        out.push('\n');
        out
    })
}

/// serde_yaml single-quotes scalars that would otherwise read as another type (`'1'`,
/// `''`); go-yaml double-quotes them (`"1"`, `""`). Timestamps, which go-yaml also quotes,
/// get double quotes too.
fn requote_line(line: &str) -> String {
    let (prefix, value) = match line.find(": ") {
        Some(idx) if !line[..idx].contains('\'') => (&line[..idx + 2], &line[idx + 2..]),
        _ => match line.trim_start().strip_prefix("- ") {
            Some(rest) => (&line[..line.len() - rest.len()], rest),
            None => return line.to_string(),
        },
    };
    if value.len() >= 2 && value.starts_with('\'') && value.ends_with('\'') {
        let inner = value[1..value.len() - 1].replace("''", "'");
        if !inner.contains('"') && !inner.contains('\\') {
            return format!("{prefix}\"{inner}\"");
        }
    } else if is_timestamp(value) {
        return format!("{prefix}\"{value}\"");
    }
    line.to_string()
}

fn is_timestamp(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() == 20
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes[10] == b'T'
        && bytes[19] == b'Z'
        && value[..4].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Container, ObjectMeta, Pod, PodSpec};
    use crate::engine::time::SimTime;
    use std::collections::BTreeMap;

    fn pod() -> Pod {
        Pod {
            api_version: "v1".into(),
            kind: "Pod".into(),
            metadata: ObjectMeta {
                name: "web".into(),
                namespace: Some("default".into()),
                labels: BTreeMap::from([("app".to_string(), "web".to_string())]),
                annotations: BTreeMap::from([("rev".to_string(), "1".to_string())]),
                creation_timestamp: Some(SimTime::from_secs(5)),
                ..Default::default()
            },
            spec: PodSpec {
                containers: vec![Container { name: "nginx".into(), image: "nginx:1.27".into(), ..Default::default() }],
                ..Default::default()
            },
            status: None,
        }
    }

    #[test]
    fn yaml_is_sorted_and_go_quoted() {
        let expected = "\
apiVersion: v1
kind: Pod
metadata:
  annotations:
    rev: \"1\"
  creationTimestamp: \"2026-01-01T00:00:05Z\"
  labels:
    app: web
  name: web
  namespace: default
spec:
  containers:
  - image: nginx:1.27
    name: nginx
";
        assert_eq!(to_yaml(&pod()), expected);
    }

    #[test]
    fn yaml_list() {
        let mut second = pod();
        second.metadata = ObjectMeta { name: "b".into(), ..Default::default() };
        second.spec.containers.clear();
        let expected = "\
apiVersion: v1
items:
- apiVersion: v1
  kind: Pod
  metadata:
    name: b
  spec:
    containers: []
kind: List
metadata:
  resourceVersion: \"\"
";
        assert_eq!(to_yaml_list(&[second]), expected);
        let empty: [Pod; 0] = [];
        assert_eq!(to_yaml_list(&empty), "apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: \"\"\n");
    }

    #[test]
    fn json_uses_four_spaces() {
        let mut small = pod();
        small.metadata = ObjectMeta { name: "web".into(), ..Default::default() };
        small.spec.containers.clear();
        let expected = "{\n    \"apiVersion\": \"v1\",\n    \"kind\": \"Pod\",\n    \"metadata\": {\n        \"name\": \"web\"\n    },\n    \"spec\": {\n        \"containers\": []\n    }\n}\n";
        assert_eq!(to_json(&small), expected);
        assert!(to_json_list(&[small]).contains("\"kind\": \"List\""));
    }

    #[test]
    fn names() {
        assert_eq!(name_line("pod", "web-abc"), "pod/web-abc");
        assert_eq!(name_line(&resource_prefix("Deployment"), "web"), "deployment.apps/web");
        assert_eq!(resource_prefix("HorizontalPodAutoscaler"), "horizontalpodautoscaler.autoscaling");
        assert_eq!(resource_prefix("Service"), "service");
    }
}
