//! Typed decoding of the API objects from a YAML tree, by hand: one struct walker driven by
//! each type's field table, and shared helpers for text, numbers, lists and maps.
//!
//! serde's derived visitors, instantiated over `tree::Node`, were the largest part of the web
//! app's code (one 15-31 KB `Node::map` per struct). This gives the same objects and the same
//! errors as they did: serde's messages (`unknown field `x`, expected one of ...`,
//! `missing field `x``, `invalid type: string "x", expected i64`), serde_yaml's field path and
//! node (`tree::place`: an error is placed by the innermost list, map, object or scalar that
//! saw it), `#[serde(default)]`, the renames, `deny_unknown_fields`, and `from_json`'s
//! strictness (text fields take only strings). The tests compare both decoders.

use super::tree::{json_to_tree, place, scalar_text, unexpected, Node as In, Path, TreeError, EMPTY};
use crate::api::*;
use crate::engine::time::SimTime;
use serde::de::{Error as _, Unexpected};
use serde_yaml::{Mapping, Value};
use std::collections::BTreeMap;

/// A type decoded from a tree node.
pub(crate) trait Decode: Sized {
    fn decode(node: In<'_, '_>) -> Result<Self, TreeError>;
}

/// Decodes `T` from a tree, strictly (as `tree::from_tree` with serde's derives did).
pub(crate) fn from_tree<T: Decode>(value: &Value) -> Result<T, TreeError> {
    T::decode(In { value, path: &Path::Root, key: None, json: false })
}

/// Decodes `T` from a JSON document, as `serde_json::from_value` would (text fields take only
/// strings).
pub(crate) fn from_json<T: Decode>(json: &serde_json::Value) -> Result<T, TreeError> {
    T::decode(In { value: &json_to_tree(json), path: &Path::Root, key: None, json: true })
}

/// Decodes `T` from JSON text as `from_json` does (YAML reads JSON text).
#[cfg(feature = "web")]
pub(crate) fn from_json_text<T: Decode>(text: &str) -> Result<T, String> {
    let value: Value = super::yaml::from_str(text).map_err(|e| e.to_string())?;
    T::decode(In { value: &value, path: &Path::Root, key: None, json: true }).map_err(|e| e.to_string())
}

/// Text: any scalar in YAML (`version: 1.0` gives "1.0"), only a string in JSON.
#[inline(never)]
fn text(node: In<'_, '_>, expected: &'static str) -> Result<String, TreeError> {
    let text = match node.json && !matches!(node.value, Value::String(_)) {
        true => None,
        false => scalar_text(node.untagged()),
    };
    text.ok_or_else(|| node.mismatch(&expected))
}

/// An integer in `min..=max`, with the messages of serde's integer visitors.
#[inline(never)]
fn integer(node: In<'_, '_>, expected: &'static str, min: i64, max: i64) -> Result<i64, TreeError> {
    let value = node.untagged();
    let error = match value {
        Value::Number(number) => match (number.as_u64(), number.as_i64()) {
            (Some(n), _) if n <= max as u64 => return Ok(n as i64),
            (Some(n), _) => TreeError::invalid_value(Unexpected::Unsigned(n), &expected),
            (_, Some(n)) if (min..=max).contains(&n) => return Ok(n),
            (_, Some(n)) => TreeError::invalid_value(Unexpected::Signed(n), &expected),
            _ => TreeError::invalid_type(unexpected(value), &expected),
        },
        _ => TreeError::invalid_type(unexpected(value), &expected),
    };
    Err(place(error, node.path, node.key))
}

/// An unsigned integer up to `max`, with the messages of serde's integer visitors.
#[inline(never)]
fn unsigned(node: In<'_, '_>, expected: &'static str, max: u64) -> Result<u64, TreeError> {
    let value = node.untagged();
    let error = match value {
        Value::Number(number) => match (number.as_u64(), number.as_i64()) {
            (Some(n), _) if n <= max => return Ok(n),
            (Some(n), _) => TreeError::invalid_value(Unexpected::Unsigned(n), &expected),
            (_, Some(n)) => TreeError::invalid_value(Unexpected::Signed(n), &expected),
            _ => TreeError::invalid_type(unexpected(value), &expected),
        },
        _ => TreeError::invalid_type(unexpected(value), &expected),
    };
    Err(place(error, node.path, node.key))
}

impl Decode for u64 {
    fn decode(node: In<'_, '_>) -> Result<u64, TreeError> {
        unsigned(node, "u64", u64::MAX)
    }
}

impl Decode for u32 {
    fn decode(node: In<'_, '_>) -> Result<u32, TreeError> {
        unsigned(node, "u32", u32::MAX.into()).map(|n| n as u32)
    }
}

impl Decode for usize {
    fn decode(node: In<'_, '_>) -> Result<usize, TreeError> {
        unsigned(node, "usize", usize::MAX as u64).map(|n| n as usize)
    }
}

impl Decode for String {
    fn decode(node: In<'_, '_>) -> Result<String, TreeError> {
        text(node, "a string")
    }
}

impl Decode for i64 {
    fn decode(node: In<'_, '_>) -> Result<i64, TreeError> {
        integer(node, "i64", i64::MIN, i64::MAX)
    }
}

impl Decode for i32 {
    fn decode(node: In<'_, '_>) -> Result<i32, TreeError> {
        integer(node, "i32", i32::MIN.into(), i32::MAX.into()).map(|n| n as i32)
    }
}

impl Decode for bool {
    fn decode(node: In<'_, '_>) -> Result<bool, TreeError> {
        match node.untagged() {
            Value::Bool(flag) => Ok(*flag),
            _ => Err(node.mismatch(&"a boolean")),
        }
    }
}

/// An opaque value as serde_yaml's `Value` deserializes it from the tree: tags dropped at
/// every depth (a mapping whose keys then collide is refused, as serde_yaml refuses it).
impl Decode for Value {
    fn decode(node: In<'_, '_>) -> Result<Value, TreeError> {
        Ok(match node.untagged() {
            Value::Sequence(_) => {
                let mut out = Vec::new();
                each_item(node, &mut |item| {
                    out.push(Value::decode(item)?);
                    Ok(())
                })?;
                Value::Sequence(out)
            }
            Value::Mapping(mapping) => {
                let mut out = Mapping::new();
                for (key, value) in mapping {
                    let key_text = scalar_text(key);
                    let key_text = key_text.as_deref().unwrap_or("?");
                    let key = Value::decode(In { value: key, key: Some(key_text), ..node })
                        .map_err(|error| place(error, node.path, node.key))?;
                    if out.contains_key(&key) {
                        let error = TreeError::custom(format_args!("duplicate entry {}", duplicate(&key)));
                        return Err(place(error, node.path, node.key));
                    }
                    let path = Path::Key(node.path, key_text);
                    let value = Value::decode(In { value, path: &path, key: None, json: node.json })
                        .map_err(|error| place(error, node.path, node.key))?;
                    out.insert(key, value);
                }
                Value::Mapping(out)
            }
            scalar => scalar.clone(),
        })
    }
}

/// A mapping as serde_yaml's `Mapping` deserializes it from the tree (an empty value is an
/// empty mapping).
pub(crate) fn mapping(node: In<'_, '_>) -> Result<Mapping, TreeError> {
    match node.untagged() {
        Value::Null => Ok(Mapping::new()),
        Value::Mapping(_) => match Value::decode(node)? {
            Value::Mapping(mapping) => Ok(mapping),
            _ => Ok(Mapping::new()),
        },
        _ => Err(node.mismatch(&"a YAML mapping")),
    }
}

/// serde_yaml's words for a repeated mapping key.
fn duplicate(key: &Value) -> String {
    match key {
        Value::Null => "with null key".into(),
        Value::Bool(flag) => format!("with key `{flag}`"),
        Value::Number(number) => format!("with key {}", crate::num::yaml_number(number)),
        Value::String(text) => format!("with key {text:?}"),
        _ => "in YAML map".into(),
    }
}

impl<T: Decode> Decode for Option<T> {
    fn decode(node: In<'_, '_>) -> Result<Option<T>, TreeError> {
        match node.value {
            Value::Null => Ok(None),
            _ => T::decode(node).map(Some),
        }
    }
}

impl<T: Decode> Decode for Box<T> {
    fn decode(node: In<'_, '_>) -> Result<Box<T>, TreeError> {
        T::decode(node).map(Box::new)
    }
}

/// Each item of a list (an empty value is an empty list, as in serde_yaml).
#[inline(never)]
fn each_item(node: In<'_, '_>, item: &mut dyn FnMut(In<'_, '_>) -> Result<(), TreeError>) -> Result<(), TreeError> {
    let items = match node.untagged() {
        Value::Null => &[][..],
        Value::Sequence(items) => items,
        _ => return Err(node.mismatch(&"a sequence")),
    };
    for (index, value) in items.iter().enumerate() {
        let path = Path::Index(node.path, index);
        item(In { value, path: &path, key: None, json: node.json })
            .map_err(|error| place(error, node.path, node.key))?;
    }
    Ok(())
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(node: In<'_, '_>) -> Result<Vec<T>, TreeError> {
        let mut out = Vec::new();
        each_item(node, &mut |item| {
            out.push(T::decode(item)?);
            Ok(())
        })?;
        Ok(out)
    }
}

/// Each entry of a map with text keys (an empty value is an empty map).
#[inline(never)]
fn each_entry(
    node: In<'_, '_>,
    entry: &mut dyn FnMut(String, In<'_, '_>) -> Result<(), TreeError>,
) -> Result<(), TreeError> {
    let entries = match node.untagged() {
        Value::Null => &*EMPTY,
        Value::Mapping(mapping) => mapping,
        _ => return Err(node.mismatch(&"a map")),
    };
    for (key, value) in entries {
        let key_text = scalar_text(key);
        let key_text = key_text.as_deref().unwrap_or("?");
        let result = text(In { value: key, key: Some(key_text), ..node }, "a string").and_then(|key| {
            let path = Path::Key(node.path, key_text);
            entry(key, In { value, path: &path, key: None, json: node.json })
        });
        result.map_err(|error| place(error, node.path, node.key))?;
    }
    Ok(())
}

impl<T: Decode> Decode for BTreeMap<String, T> {
    fn decode(node: In<'_, '_>) -> Result<BTreeMap<String, T>, TreeError> {
        let mut out = BTreeMap::new();
        each_entry(node, &mut |key, value| {
            out.insert(key, T::decode(value)?);
            Ok(())
        })?;
        Ok(out)
    }
}

/// `#[serde(untagged)]`: an integer, else a string.
impl Decode for IntOrString {
    fn decode(node: In<'_, '_>) -> Result<IntOrString, TreeError> {
        match node.untagged() {
            Value::Number(number) if number.as_i64().is_some() => Ok(IntOrString::Int(number.as_i64().unwrap_or(0))),
            Value::String(text) => Ok(IntOrString::String(text.clone())),
            _ => Err(TreeError::custom("data did not match any variant of untagged enum IntOrString")),
        }
    }
}

/// YAML lets `cpu: 1` and `cpu: 0.5` through as numbers; the API accepts both.
impl Decode for Quantity {
    fn decode(node: In<'_, '_>) -> Result<Quantity, TreeError> {
        match Value::decode(node)? {
            Value::String(text) => Ok(Quantity(text)),
            Value::Number(number) => Ok(Quantity(crate::num::yaml_number(&number))),
            _ => Err(TreeError::custom(
                "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
            )),
        }
    }
}

/// `meta::opt_time`: any value, read as no time.
pub(crate) fn no_time(node: In<'_, '_>) -> Result<Option<SimTime>, TreeError> {
    Value::decode(node).map(|_| None)
}

/// `meta::time_rfc`: any value, read as time zero.
pub(crate) fn zero_time(node: In<'_, '_>) -> Result<SimTime, TreeError> {
    Value::decode(node).map(|_| SimTime::ZERO)
}

/// What a struct's derived visitor knew: its fields (wire names, in declaration order), which
/// are required (neither defaulted nor optional) and whether others are refused.
pub(crate) struct Shape {
    /// `struct Pod`, for `invalid type: ..., expected struct Pod`.
    pub expecting: &'static str,
    pub fields: &'static [&'static str],
    pub required: u64,
    pub deny: bool,
}

pub(crate) const fn required_mask(flags: &[bool]) -> u64 {
    let mut mask = 0;
    let mut index = 0;
    while index < flags.len() {
        if flags[index] {
            mask |= 1 << index;
        }
        index += 1;
    }
    mask
}

/// Walks an object (an empty value is an empty object), giving each known field's value to
/// `set` with the field's index, in the document's order.
#[inline(never)]
pub(crate) fn walk(
    node: In<'_, '_>,
    shape: &Shape,
    set: &mut dyn FnMut(usize, In<'_, '_>) -> Result<(), TreeError>,
) -> Result<(), TreeError> {
    let entries = match node.untagged() {
        Value::Null => &*EMPTY,
        Value::Mapping(mapping) => mapping,
        _ => return Err(node.mismatch(&shape.expecting)),
    };
    walk_entries(node, entries, shape, set).map_err(|error| place(error, node.path, node.key))
}

fn walk_entries(
    node: In<'_, '_>,
    entries: &Mapping,
    shape: &Shape,
    set: &mut dyn FnMut(usize, In<'_, '_>) -> Result<(), TreeError>,
) -> Result<(), TreeError> {
    let mut seen = 0u64;
    for (key, value) in entries {
        let key_text = scalar_text(key);
        let key_text = key_text.as_deref().unwrap_or("?");
        let name = text(In { value: key, key: Some(key_text), ..node }, "field identifier")?;
        let Some(index) = shape.fields.iter().position(|field| *field == name) else {
            if shape.deny {
                let error = TreeError::unknown_field(&name, shape.fields);
                return Err(place(error, node.path, Some(key_text)));
            }
            continue;
        };
        if seen & (1 << index) != 0 {
            return Err(TreeError::duplicate_field(shape.fields[index]));
        }
        seen |= 1 << index;
        let path = Path::Key(node.path, key_text);
        set(index, In { value, path: &path, key: None, json: node.json })?;
    }
    let missing = shape.required & !seen;
    if missing != 0 {
        return Err(TreeError::missing_field(shape.fields[missing.trailing_zeros() as usize]));
    }
    Ok(())
}

/// A field's starting value, before the document sets it.
pub(crate) trait Init {
    fn init() -> Self;
}

impl<T: Default> Init for T {
    fn init() -> T {
        T::default()
    }
}

impl Init for IntOrString {
    fn init() -> IntOrString {
        IntOrString::Int(0)
    }
}

/// `decode_struct! { Type "struct Type" deny; "wireName" field [required] [=> with_fn], ... }`
macro_rules! decode_struct {
    ($ty:ident $expecting:literal $($deny:ident)?; $($name:literal $field:ident $($req:ident)? $(=> $with:path)?),* $(,)?) => {
        impl $crate::manifest::typed::Decode for $ty {
            fn decode(
                node: $crate::manifest::tree::Node<'_, '_>,
            ) -> Result<Self, $crate::manifest::tree::TreeError> {
                static SHAPE: $crate::manifest::typed::Shape = $crate::manifest::typed::Shape {
                    expecting: $expecting,
                    fields: &[$($name),*],
                    required: $crate::manifest::typed::required_mask(&[$($crate::manifest::typed::decode_struct!(@flag $($req)?)),*]),
                    deny: $crate::manifest::typed::decode_struct!(@flag $($deny)?),
                };
                let mut out = $ty { $($field: $crate::manifest::typed::Init::init()),* };
                $crate::manifest::typed::walk(node, &SHAPE, &mut |index, node| {
                    let mut at = 0;
                    $(
                        if index == at {
                            out.$field = $crate::manifest::typed::decode_struct!(@value node $($with)?);
                            return Ok(());
                        }
                        at += 1;
                    )*
                    let _ = at;
                    Ok(())
                })?;
                Ok(out)
            }
        }
    };
    (@flag) => { false };
    (@flag $flag:ident) => { true };
    (@value $node:ident) => { $crate::manifest::typed::Decode::decode($node)? };
    (@value $node:ident $with:path) => { $with($node)? };
}
pub(crate) use decode_struct;

decode_struct! { Deployment "struct Deployment" deny;
    "apiVersion" api_version,
    "kind" kind,
    "metadata" metadata,
    "spec" spec,
    "status" status,
}
decode_struct! { DeploymentSpec "struct DeploymentSpec" deny;
    "replicas" replicas,
    "selector" selector,
    "template" template,
    "strategy" strategy,
    "minReadySeconds" min_ready_seconds,
    "revisionHistoryLimit" revision_history_limit,
    "progressDeadlineSeconds" progress_deadline_seconds,
    "paused" paused,
}
decode_struct! { DeploymentStrategy "struct DeploymentStrategy" deny;
    "type" type_,
    "rollingUpdate" rolling_update,
}
decode_struct! { RollingUpdateDeployment "struct RollingUpdateDeployment" deny;
    "maxSurge" max_surge,
    "maxUnavailable" max_unavailable,
}
decode_struct! { DeploymentStatus "struct DeploymentStatus";
    "observedGeneration" observed_generation,
    "replicas" replicas,
    "updatedReplicas" updated_replicas,
    "readyReplicas" ready_replicas,
    "availableReplicas" available_replicas,
    "unavailableReplicas" unavailable_replicas,
    "conditions" conditions,
}
decode_struct! { Condition "struct Condition";
    "type" type_ required,
    "status" status required,
    "lastHeartbeatTime" last_heartbeat_time => no_time,
    "lastUpdateTime" last_update_time => no_time,
    "lastTransitionTime" last_transition_time => no_time,
    "reason" reason,
    "message" message,
}
decode_struct! { ReplicaSet "struct ReplicaSet" deny;
    "apiVersion" api_version,
    "kind" kind,
    "metadata" metadata,
    "spec" spec,
    "status" status,
}
decode_struct! { ReplicaSetSpec "struct ReplicaSetSpec" deny;
    "replicas" replicas,
    "selector" selector,
    "template" template,
    "minReadySeconds" min_ready_seconds,
}
decode_struct! { ReplicaSetStatus "struct ReplicaSetStatus";
    "replicas" replicas,
    "fullyLabeledReplicas" fully_labeled_replicas,
    "readyReplicas" ready_replicas,
    "availableReplicas" available_replicas,
    "observedGeneration" observed_generation,
}
decode_struct! { HorizontalPodAutoscaler "struct HorizontalPodAutoscaler" deny;
    "apiVersion" api_version,
    "kind" kind,
    "metadata" metadata,
    "spec" spec,
    "status" status,
}
decode_struct! { HpaSpec "struct HpaSpec" deny;
    "scaleTargetRef" scale_target_ref,
    "minReplicas" min_replicas,
    "maxReplicas" max_replicas,
    "metrics" metrics,
    "behavior" behavior,
    "targetCPUUtilizationPercentage" target_cpu_utilization_percentage,
}
decode_struct! { CrossVersionObjectReference "struct CrossVersionObjectReference" deny;
    "apiVersion" api_version,
    "kind" kind,
    "name" name,
}
decode_struct! { MetricSpec "struct MetricSpec" deny;
    "type" type_ required,
    "resource" resource,
    "pods" pods,
    "object" object,
    "external" external,
    "containerResource" container_resource,
}
decode_struct! { ResourceMetricSource "struct ResourceMetricSource" deny;
    "name" name required,
    "target" target required,
}
decode_struct! { MetricTarget "struct MetricTarget" deny;
    "type" type_ required,
    "averageUtilization" average_utilization,
    "averageValue" average_value,
    "value" value,
}
decode_struct! { HpaBehavior "struct HpaBehavior" deny;
    "scaleUp" scale_up,
    "scaleDown" scale_down,
}
decode_struct! { HpaScalingRules "struct HpaScalingRules" deny;
    "stabilizationWindowSeconds" stabilization_window_seconds,
    "selectPolicy" select_policy,
    "policies" policies,
    "tolerance" tolerance,
}
decode_struct! { HpaScalingPolicy "struct HpaScalingPolicy" deny;
    "type" type_ required,
    "value" value required,
    "periodSeconds" period_seconds required,
}
decode_struct! { ObjectMeta "struct ObjectMeta" deny;
    "name" name,
    "generateName" generate_name,
    "namespace" namespace,
    "labels" labels,
    "annotations" annotations,
    "uid" uid,
    "creationTimestamp" creation_timestamp => no_time,
    "deletionTimestamp" deletion_timestamp => no_time,
    "deletionGracePeriodSeconds" deletion_grace_period_seconds,
    "generation" generation,
    "resourceVersion" resource_version,
    "ownerReferences" owner_references,
    "finalizers" finalizers,
    "managedFields" managed_fields,
    "selfLink" self_link,
}
decode_struct! { OwnerReference "struct OwnerReference" deny;
    "apiVersion" api_version required,
    "kind" kind required,
    "name" name required,
    "uid" uid,
    "controller" controller,
    "blockOwnerDeletion" block_owner_deletion,
}
decode_struct! { LabelSelector "struct LabelSelector" deny;
    "matchLabels" match_labels,
    "matchExpressions" match_expressions,
}
decode_struct! { LabelSelectorRequirement "struct LabelSelectorRequirement" deny;
    "key" key required,
    "operator" operator required,
    "values" values,
}
decode_struct! { Node "struct Node" deny;
    "apiVersion" api_version,
    "kind" kind,
    "metadata" metadata,
    "spec" spec,
    "status" status,
}
decode_struct! { NodeSpec "struct NodeSpec" deny;
    "unschedulable" unschedulable,
    "taints" taints,
    "podCIDR" pod_cidr,
    "podCIDRs" pod_cidrs,
    "providerID" provider_id,
}
decode_struct! { Taint "struct Taint" deny;
    "key" key required,
    "value" value,
    "effect" effect required,
    "timeAdded" time_added => no_time,
}
decode_struct! { NodeStatus "struct NodeStatus";
    "capacity" capacity,
    "allocatable" allocatable,
    "conditions" conditions,
    "addresses" addresses,
    "nodeInfo" node_info,
}
decode_struct! { NodeAddress "struct NodeAddress";
    "type" type_ required,
    "address" address required,
}
decode_struct! { NodeSystemInfo "struct NodeSystemInfo";
    "kubeletVersion" kubelet_version required,
    "osImage" os_image required,
    "kernelVersion" kernel_version required,
    "containerRuntimeVersion" container_runtime_version required,
    "operatingSystem" operating_system required,
    "architecture" architecture required,
}
decode_struct! { Pod "struct Pod" deny;
    "apiVersion" api_version,
    "kind" kind,
    "metadata" metadata,
    "spec" spec,
    "status" status,
}
decode_struct! { PodTemplateSpec "struct PodTemplateSpec" deny;
    "metadata" metadata,
    "spec" spec,
}
decode_struct! { PodSpec "struct PodSpec" deny;
    "containers" containers,
    "restartPolicy" restart_policy,
    "terminationGracePeriodSeconds" termination_grace_period_seconds,
    "nodeName" node_name,
    "nodeSelector" node_selector,
    "tolerations" tolerations,
    "schedulerName" scheduler_name,
    "dnsPolicy" dns_policy,
    "initContainers" init_containers,
    "volumes" volumes,
    "affinity" affinity,
    "securityContext" security_context,
    "serviceAccountName" service_account_name,
    "serviceAccount" service_account,
    "automountServiceAccountToken" automount_service_account_token,
    "imagePullSecrets" image_pull_secrets,
    "hostNetwork" host_network,
    "hostPID" host_pid,
    "hostIPC" host_ipc,
    "hostname" hostname,
    "subdomain" subdomain,
    "priorityClassName" priority_class_name,
    "priority" priority,
    "topologySpreadConstraints" topology_spread_constraints,
    "dnsConfig" dns_config,
    "hostAliases" host_aliases,
    "readinessGates" readiness_gates,
    "runtimeClassName" runtime_class_name,
    "shareProcessNamespace" share_process_namespace,
    "enableServiceLinks" enable_service_links,
    "preemptionPolicy" preemption_policy,
    "overhead" overhead,
    "activeDeadlineSeconds" active_deadline_seconds,
    "ephemeralContainers" ephemeral_containers,
    "os" os,
    "schedulingGates" scheduling_gates,
    "resourceClaims" resource_claims,
    "setHostnameAsFQDN" set_hostname_as_fqdn,
    "hostUsers" host_users,
    "resources" resources,
}
decode_struct! { Container "struct Container" deny;
    "name" name,
    "image" image,
    "command" command,
    "args" args,
    "ports" ports,
    "resources" resources,
    "livenessProbe" liveness_probe,
    "readinessProbe" readiness_probe,
    "startupProbe" startup_probe,
    "imagePullPolicy" image_pull_policy,
    "terminationMessagePath" termination_message_path,
    "terminationMessagePolicy" termination_message_policy,
    "env" env,
    "envFrom" env_from,
    "volumeMounts" volume_mounts,
    "volumeDevices" volume_devices,
    "securityContext" security_context,
    "workingDir" working_dir,
    "lifecycle" lifecycle,
    "stdin" stdin,
    "stdinOnce" stdin_once,
    "tty" tty,
    "resizePolicy" resize_policy,
    "restartPolicy" restart_policy,
    "restartPolicyRules" restart_policy_rules,
}
decode_struct! { ContainerPort "struct ContainerPort" deny;
    "containerPort" container_port required,
    "name" name,
    "protocol" protocol,
    "hostPort" host_port,
    "hostIP" host_ip,
}
decode_struct! { ResourceRequirements "struct ResourceRequirements" deny;
    "requests" requests,
    "limits" limits,
    "claims" claims,
}
decode_struct! { Probe "struct Probe" deny;
    "exec" exec,
    "httpGet" http_get,
    "tcpSocket" tcp_socket,
    "grpc" grpc,
    "initialDelaySeconds" initial_delay_seconds,
    "periodSeconds" period_seconds,
    "timeoutSeconds" timeout_seconds,
    "successThreshold" success_threshold,
    "failureThreshold" failure_threshold,
    "terminationGracePeriodSeconds" termination_grace_period_seconds,
}
decode_struct! { ExecAction "struct ExecAction" deny;
    "command" command,
}
decode_struct! { HttpGetAction "struct HttpGetAction" deny;
    "path" path,
    "port" port required,
    "host" host,
    "scheme" scheme,
    "httpHeaders" http_headers,
}
decode_struct! { HttpHeader "struct HttpHeader" deny;
    "name" name required,
    "value" value required,
}
decode_struct! { TcpSocketAction "struct TcpSocketAction" deny;
    "port" port required,
    "host" host,
}
decode_struct! { GrpcAction "struct GrpcAction" deny;
    "port" port required,
    "service" service,
}
decode_struct! { Toleration "struct Toleration" deny;
    "key" key,
    "operator" operator,
    "value" value,
    "effect" effect,
    "tolerationSeconds" toleration_seconds,
}
decode_struct! { PodStatus "struct PodStatus";
    "phase" phase required,
    "conditions" conditions,
    "hostIP" host_ip,
    "podIP" pod_ip,
    "startTime" start_time => no_time,
    "containerStatuses" container_statuses,
    "reason" reason,
    "message" message,
    "qosClass" qos_class,
}
decode_struct! { PodCondition "struct PodCondition";
    "type" type_ required,
    "status" status required,
    "lastTransitionTime" last_transition_time => no_time,
    "reason" reason,
    "message" message,
}
decode_struct! { ContainerStatus "struct ContainerStatus";
    "name" name required,
    "image" image required,
    "ready" ready required,
    "started" started required,
    "restartCount" restart_count required,
    "state" state required,
    "lastState" last_state,
    "containerID" container_id,
}
decode_struct! { ContainerState "struct ContainerState";
    "waiting" waiting,
    "running" running,
    "terminated" terminated,
}
decode_struct! { StateWaiting "struct StateWaiting";
    "reason" reason required,
    "message" message,
}
decode_struct! { StateRunning "struct StateRunning";
    "startedAt" started_at required => zero_time,
}
decode_struct! { StateTerminated "struct StateTerminated";
    "exitCode" exit_code required,
    "reason" reason required,
    "message" message,
    "startedAt" started_at required => zero_time,
    "finishedAt" finished_at required => zero_time,
}
decode_struct! { Service "struct Service" deny;
    "apiVersion" api_version,
    "kind" kind,
    "metadata" metadata,
    "spec" spec,
    "status" status,
}
decode_struct! { ServiceSpec "struct ServiceSpec" deny;
    "type" type_,
    "selector" selector,
    "ports" ports,
    "clusterIP" cluster_ip,
    "clusterIPs" cluster_ips,
    "sessionAffinity" session_affinity,
    "publishNotReadyAddresses" publish_not_ready_addresses,
    "externalTrafficPolicy" external_traffic_policy,
    "internalTrafficPolicy" internal_traffic_policy,
    "loadBalancerIP" load_balancer_ip,
    "externalIPs" external_ips,
    "ipFamilies" ip_families,
    "ipFamilyPolicy" ip_family_policy,
    "sessionAffinityConfig" session_affinity_config,
    "loadBalancerSourceRanges" load_balancer_source_ranges,
    "externalName" external_name,
    "allocateLoadBalancerNodePorts" allocate_load_balancer_node_ports,
    "loadBalancerClass" load_balancer_class,
    "healthCheckNodePort" health_check_node_port,
    "trafficDistribution" traffic_distribution,
}
decode_struct! { ServicePort "struct ServicePort" deny;
    "name" name,
    "port" port required,
    "targetPort" target_port,
    "protocol" protocol,
    "nodePort" node_port,
    "appProtocol" app_protocol,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::manifest::tree;
    use serde::de::DeserializeOwned;
    use serde_yaml::value::{Tag, TaggedValue};
    use std::fmt::Debug;

    /// Both decoders, from YAML and from JSON: same object or same error (message, path, node).
    fn same<T: Decode + DeserializeOwned + PartialEq + Debug>(value: &Value) {
        let old = tree::from_tree::<T>(value);
        let new = from_tree::<T>(value);
        assert_eq!(new, old, "{}", serde_yaml::to_string(value).unwrap_or_default());
        if let Ok(json) = tree::tree_to_json(value) {
            assert_eq!(from_json::<T>(&json), tree::from_json::<T>(&json), "json {json}");
        }
    }

    fn all_kinds(value: &Value) {
        same::<Pod>(value);
        same::<Deployment>(value);
        same::<ReplicaSet>(value);
        same::<Service>(value);
        same::<HorizontalPodAutoscaler>(value);
        same::<Node>(value);
    }

    fn as_kind(value: &Value) {
        match value.get("kind").and_then(Value::as_str) {
            Some("Pod") => same::<Pod>(value),
            Some("Deployment") => same::<Deployment>(value),
            Some("ReplicaSet") => same::<ReplicaSet>(value),
            Some("Service") => same::<Service>(value),
            Some("HorizontalPodAutoscaler") => same::<HorizontalPodAutoscaler>(value),
            Some("Node") => same::<Node>(value),
            _ => same::<Pod>(value),
        }
    }

    pub(crate) fn tagged(tag: &str, value: Value) -> Value {
        Value::Tagged(Box::new(TaggedValue { tag: Tag::new(tag), value }))
    }

    pub(crate) fn yaml(text: &str) -> Value {
        serde_yaml::from_str(text).expect("yaml")
    }

    pub(crate) fn replacements() -> Vec<Value> {
        let mut tagged_keys = Mapping::new();
        tagged_keys.insert(tagged("a", "k".into()), 1.into());
        tagged_keys.insert(tagged("b", "k".into()), 2.into());
        vec![
            Value::Null,
            Value::Bool(false),
            0.into(),
            (-7).into(),
            2.5.into(),
            1.0.into(),
            u64::MAX.into(),
            3_000_000_000u64.into(),
            (-3_000_000_000i64).into(),
            "x".into(),
            "25%".into(),
            "".into(),
            "100m".into(),
            yaml("[]"),
            yaml("[a, ~, 3]"),
            yaml("{}"),
            yaml("{k: v, n: 1}"),
            yaml("{k: ~}"),
            yaml("{[1]: x}"),
            yaml("{~: x}"),
            yaml("{1: x, '1': y}"),
            tagged("x", "y".into()),
            tagged("x", Value::Null),
            tagged("x", yaml("{a: b}")),
            Value::Mapping(tagged_keys),
        ]
    }

    /// Every node replaced by every kind of value, every key removed, odd keys added.
    pub(crate) fn variants(value: &Value, replace: &[Value]) -> Vec<Value> {
        let mut out: Vec<Value> = replace.to_vec();
        match value {
            Value::Mapping(mapping) => {
                for (key, child) in mapping {
                    for sub in variants(child, replace) {
                        let mut copy = mapping.clone();
                        copy.insert(key.clone(), sub);
                        out.push(Value::Mapping(copy));
                    }
                    let mut copy = mapping.clone();
                    copy.remove(key);
                    out.push(Value::Mapping(copy));
                    let mut copy = mapping.clone();
                    copy.insert(tagged("t", key.clone()), 1.into());
                    out.push(Value::Mapping(copy));
                }
                for extra in [yaml("bogusField"), yaml("7"), yaml("~"), yaml("true"), yaml("[a]"), yaml("{a: b}")] {
                    let mut copy = mapping.clone();
                    copy.insert(extra, 1.into());
                    out.push(Value::Mapping(copy));
                }
            }
            Value::Sequence(items) => {
                for (index, child) in items.iter().enumerate() {
                    for sub in variants(child, replace) {
                        let mut copy = items.clone();
                        copy[index] = sub;
                        out.push(Value::Sequence(copy));
                    }
                }
                let mut copy = items.clone();
                copy.push(Value::Null);
                out.push(Value::Sequence(copy));
            }
            Value::Tagged(inner) => {
                for sub in variants(&inner.value, replace) {
                    out.push(tagged("t", sub));
                }
            }
            _ => {}
        }
        out
    }

    /// Objects in a YAML file: documents with a kind, and manifests kept as text in it (lesson
    /// `files`, scenario steps).
    fn objects(text: &str, out: &mut Vec<Value>) {
        for document in crate::manifest::decode::split_documents(text) {
            let Ok(value) = serde_yaml::from_str::<Value>(&document.text) else { continue };
            collect(&value, out);
        }
    }

    fn collect(value: &Value, out: &mut Vec<Value>) {
        match value {
            Value::Mapping(mapping) => {
                if mapping.contains_key("kind") || mapping.contains_key("apiVersion") {
                    out.push(value.clone());
                }
                mapping.values().for_each(|child| collect(child, out));
            }
            Value::Sequence(items) => items.iter().for_each(|child| collect(child, out)),
            Value::String(text) if text.contains("kind:") => objects(text, out),
            _ => {}
        }
    }

    pub(crate) fn corpus() -> Vec<Value> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        let dirs =
            ["static/templates", "fuzz/corpus/apply_yaml", "tests/scenarios", "lessons", "tests/data/k8s-examples"];
        for dir in dirs {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else { continue };
            let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
            paths.sort();
            for path in paths {
                if let Ok(text) = std::fs::read_to_string(&path) {
                    objects(&text, &mut out);
                }
            }
        }
        // Every kind with its status, as the cluster writes them.
        let mut cluster = crate::engine::Cluster::new(7);
        for template in ["hpa-demo", "readiness-demo", "deployment-probes", "unhealthy-app", "liveness-exec"] {
            let text =
                std::fs::read_to_string(root.join(format!("static/templates/{template}.yaml"))).expect("template");
            let _ = cluster.apply_yaml(&text);
        }
        cluster.run_for(crate::engine::time::SimDuration::from_secs(300));
        let store = &cluster.store;
        let mut push = |value: Result<Value, serde_yaml::Error>| out.push(value.expect("serialize"));
        store.pods().values().for_each(|o| push(serde_yaml::to_value(o)));
        store.deployments.values().for_each(|o| push(serde_yaml::to_value(o)));
        store.replicasets.values().for_each(|o| push(serde_yaml::to_value(o)));
        store.services.values().for_each(|o| push(serde_yaml::to_value(o)));
        store.nodes.values().for_each(|o| push(serde_yaml::to_value(o)));
        store.hpas.values().for_each(|o| push(serde_yaml::to_value(o)));
        out
    }

    #[test]
    fn decodes_the_corpus_as_serde_did() {
        let corpus = corpus();
        assert!(corpus.len() > 30, "{}", corpus.len());
        let replace = replacements();
        let mut count = 0;
        let mut per_kind = BTreeMap::new();
        for value in &corpus {
            all_kinds(value);
            // Every node of three objects of each kind (and the status-bearing ones), changed.
            let kind = value.get("kind").and_then(Value::as_str).unwrap_or("").to_string();
            let seen = per_kind.entry((kind, value.get("status").is_some())).or_insert(0);
            *seen += 1;
            if *seen > 3 {
                continue;
            }
            for variant in variants(value, &replace) {
                as_kind(&variant);
                count += 1;
            }
        }
        eprintln!("{} objects, {count} variants", corpus.len());
    }

    fn error<T: Decode + Debug>(text: &str) -> String {
        from_tree::<T>(&yaml(text)).expect_err(text).to_string()
    }

    /// serde's messages at serde_yaml's paths, placed by the innermost list, map or object.
    #[test]
    fn errors_read_as_serde_derives_gave_them() {
        let cases = [
            (
                error::<Pod>("spec: {containers: [{name: a, ports: [{containerPort: '80'}]}]}"),
                "spec.containers[0].ports[0].containerPort: invalid type: string \"80\", expected i64",
            ),
            (error::<Service>("spec: {ports: [{name: http}]}"), "spec.ports[0]: missing field `port`"),
            (error::<Pod>("spec: [1]"), "spec: invalid type: sequence, expected struct PodSpec"),
            (error::<Pod>("metadata: {[a]: 1}"), "metadata: invalid type: sequence, expected field identifier"),
            (error::<Pod>("metadata: {name: a, !t name: b}"), "metadata: duplicate field `name`"),
            (
                error::<Deployment>("spec: {strategy: {rollingUpdate: {maxSurge: 1.5}}}"),
                "spec.strategy.rollingUpdate: data did not match any variant of untagged enum IntOrString",
            ),
            (
                error::<Pod>("spec: {containers: [{resources: {limits: {cpu: [1]}}}]}"),
                "spec.containers[0].resources.limits: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
            ),
            (error::<Pod>("spec: {affinity: {a: {!x k: 1, !y k: 2}}}"), "spec.affinity.a: duplicate entry with key \"k\""),
            (
                error::<StateTerminated>("{exitCode: 3000000000, reason: x, startedAt: a, finishedAt: b}"),
                "exitCode: invalid value: integer `3000000000`, expected i32",
            ),
            (error::<Node>("spec: {taints: [{key: k}]}"), "spec.taints[0]: missing field `effect`"),
            (error::<Node>("spec: {taints: {}}"), "spec.taints: invalid type: map, expected a sequence"),
            (error::<Node>("metadata: {labels: [a]}"), "metadata.labels: invalid type: sequence, expected a map"),
            (error::<Node>("spec: {unschedulable: 'yes'}"), "spec.unschedulable: invalid type: string \"yes\", expected a boolean"),
        ];
        for (actual, expected) in cases {
            assert_eq!(actual, expected);
        }
        let unknown =
            from_tree::<Pod>(&yaml("spec:\n  containers:\n  - name: a\n    imagePolicy: x\n")).expect_err("unknown");
        assert!(
            unknown.message.starts_with("unknown field `imagePolicy`, expected one of `name`, `image`, "),
            "{unknown}"
        );
        assert_eq!(unknown.path, "spec.containers[0]");
        let node = unknown.node.expect("node");
        assert!(node.key);
        assert_eq!(tree::position("spec:\n  containers:\n  - name: a\n    imagePolicy: x\n", &node), Some((4, 5)));
        // YAML scalars are text; JSON text fields take only strings.
        let pod: Pod = from_tree(&yaml("metadata: {name: 150, labels: {a: true}}")).expect("pod");
        assert_eq!((pod.metadata.name.as_str(), pod.metadata.labels["a"].as_str()), ("150", "true"));
        let json = serde_json::json!({"metadata": {"name": 5}});
        let error = from_json::<Node>(&json).expect_err("json");
        assert_eq!(error.to_string(), "metadata.name: invalid type: integer `5`, expected a string");
    }
}
