//! JSON writing by hand: one non-generic writer and each type's field table, giving the bytes
//! serde's derived `Serialize` gave over `serde_json::to_vec` (the pod sizes of the quota and
//! the pod-template hash, which names pods, depend on them to the byte).
//!
//! serde's derives, instantiated over serde_json's serializer, were about 48 KB of the web
//! app's code before wasm-opt (docs/size.md). This writes the same text: fields in declaration
//! order with their wire names, `skip_serializing_if` fields left out, maps in key order,
//! strings escaped as serde_json escapes them, integers in decimal, floats as serde_json
//! writes them (`num::shortest`, `null` for NaN and infinities), and opaque YAML values as serde_yaml's
//! `Serialize` gave them (a tag as a one-entry map, integer, float and boolean keys quoted,
//! other keys an error with serde_json's message). The tests compare both over a cluster's
//! objects, the manifests of the repository and hand-made variants.

use crate::api::*;
use crate::engine::time::{rfc3339, SimTime};
use std::collections::BTreeMap;

/// Why serde_json would refuse a value: a map key it cannot write as a string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonError {
    KeyMustBeAString,
    FloatKeyMustBeFinite,
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            JsonError::KeyMustBeAString => "key must be a string",
            JsonError::FloatKeyMustBeFinite => "float key must be finite (got NaN or +/-inf)",
        })
    }
}

/// Compact JSON text (serde_json's `to_vec`), written value by value.
pub struct JsonWriter {
    out: Vec<u8>,
    /// No member written yet in the innermost object or array.
    first: bool,
    error: Option<JsonError>,
    /// Pretty-printed with this indent when not empty.
    indent: &'static str,
    depth: usize,
}

/// A value written as JSON.
pub trait ToJson {
    fn write_json(&self, w: &mut JsonWriter);
}

/// `serde_json::to_vec(value)`.
pub fn to_json_vec<T: ToJson + ?Sized>(value: &T) -> Result<Vec<u8>, JsonError> {
    let mut w = JsonWriter { out: Vec::new(), first: true, error: None, indent: "", depth: 0 };
    value.write_json(&mut w);
    w.finish()
}

impl JsonWriter {
    fn finish(self) -> Result<Vec<u8>, JsonError> {
        match self.error {
            Some(error) => Err(error),
            None => Ok(self.out),
        }
    }

    #[inline(never)]
    fn separate(&mut self) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        self.newline();
    }

    fn newline(&mut self) {
        if !self.indent.is_empty() {
            self.out.push(b'\n');
            for _ in 0..self.depth {
                self.out.extend_from_slice(self.indent.as_bytes());
            }
        }
    }

    #[inline(never)]
    fn begin(&mut self, bracket: u8) {
        self.out.push(bracket);
        self.first = true;
        self.depth += 1;
    }

    #[inline(never)]
    fn end(&mut self, bracket: u8) {
        self.depth -= 1;
        if !self.first {
            self.newline();
        }
        self.out.push(bracket);
        self.first = false;
    }

    pub fn begin_object(&mut self) {
        self.begin(b'{');
    }

    pub fn end_object(&mut self) {
        self.end(b'}');
    }

    pub fn begin_array(&mut self) {
        self.begin(b'[');
    }

    pub fn end_array(&mut self) {
        self.end(b']');
    }

    /// Before each item of an array.
    pub fn item(&mut self) {
        self.separate();
    }

    /// An object's key, before its value.
    #[inline(never)]
    pub fn key(&mut self, key: &str) {
        self.separate();
        escape(&mut self.out, key);
        self.colon();
    }

    #[inline(never)]
    pub fn string(&mut self, text: &str) {
        escape(&mut self.out, text);
    }

    #[inline(never)]
    pub fn u64(&mut self, n: u64) {
        digits(&mut self.out, n);
    }

    #[inline(never)]
    pub fn i64(&mut self, n: i64) {
        if n < 0 {
            self.out.push(b'-');
        }
        digits(&mut self.out, n.unsigned_abs());
    }

    /// serde_json's `serialize_f64`: the shortest text that reads back (`num::shortest`), `null` for
    /// NaN and the infinities.
    #[inline(never)]
    pub fn f64(&mut self, n: f64) {
        if n.is_finite() {
            self.out.extend_from_slice(crate::num::shortest(n, true).as_bytes())
        } else {
            self.null()
        }
    }

    pub fn bool(&mut self, flag: bool) {
        self.out.extend_from_slice(if flag { b"true" } else { b"false" });
    }

    pub fn null(&mut self) {
        self.out.extend_from_slice(b"null");
    }

    fn colon(&mut self) {
        self.out.extend_from_slice(if self.indent.is_empty() { b":" } else { b": " });
    }

    fn fail(&mut self, error: JsonError) {
        self.error.get_or_insert(error);
    }

    /// A YAML mapping key as serde_json's map-key serializer takes it: strings, and integers,
    /// finite floats and booleans in quotes.
    fn yaml_key(&mut self, key: &serde_yaml::Value) {
        use serde_yaml::Value;
        match key {
            Value::String(text) => self.key(text),
            Value::Bool(flag) => self.key(if *flag { "true" } else { "false" }),
            Value::Number(number) => {
                if let Some(n) = number.as_f64().filter(|_| number.is_f64()) {
                    if !n.is_finite() {
                        return self.fail(JsonError::FloatKeyMustBeFinite);
                    }
                }
                self.separate();
                self.out.push(b'"');
                write_yaml_number(self, number);
                self.out.push(b'"');
                self.colon();
            }
            _ => self.fail(JsonError::KeyMustBeAString),
        }
    }
}

fn write_yaml_number(w: &mut JsonWriter, number: &serde_yaml::Number) {
    if let Some(n) = number.as_u64() {
        w.u64(n)
    } else if let Some(n) = number.as_i64() {
        w.i64(n)
    } else {
        w.f64(number.as_f64().unwrap_or(f64::NAN))
    }
}

/// Decimal digits of `n`.
fn digits(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[at..]);
}

/// A JSON string as serde_json writes it: `"` and `\` escaped, control characters as `\n`,
/// `\t`, `\r`, `\b`, `\f` or `\u00XX` (lowercase hex), everything else (DEL, non-ASCII) as is.
pub(crate) fn escape(out: &mut Vec<u8>, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let bytes = text.as_bytes();
    let mut start = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        let short = match byte {
            b'"' => b'"',
            b'\\' => b'\\',
            b'\n' => b'n',
            b'\t' => b't',
            b'\r' => b'r',
            0x08 => b'b',
            0x0c => b'f',
            0..=0x1f => 0,
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..at]);
        start = at + 1;
        match short {
            0 => {
                out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[(byte >> 4) as usize], HEX[(byte & 15) as usize]])
            }
            _ => out.extend_from_slice(&[b'\\', short]),
        }
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// `serde_json::to_string(value)`: compact JSON text (empty if serde_json would refuse it).
pub fn to_json_string<T: ToJson + ?Sized>(value: &T) -> String {
    to_json_pretty(value, "")
}

/// `serde_json::to_string_pretty(value)` with `indent` (serde_json's `PrettyFormatter`: a
/// member per line, `{}` and `[]` when empty, `": "` after keys), no trailing newline.
pub fn to_json_pretty<T: ToJson + ?Sized>(value: &T, indent: &'static str) -> String {
    let mut w = JsonWriter { out: Vec::new(), first: true, error: None, indent, depth: 0 };
    value.write_json(&mut w);
    w.finish().ok().and_then(|bytes| String::from_utf8(bytes).ok()).unwrap_or_default()
}

/// serde_json's `Value` as its `Serialize` writes it.
impl ToJson for serde_json::Value {
    fn write_json(&self, w: &mut JsonWriter) {
        use serde_json::Value;
        match self {
            Value::Null => w.null(),
            Value::Bool(flag) => w.bool(*flag),
            Value::Number(number) => match (number.as_u64(), number.as_i64()) {
                (Some(n), _) => w.u64(n),
                (_, Some(n)) => w.i64(n),
                _ => w.f64(number.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(text) => w.string(text),
            Value::Array(items) => items.write_json(w),
            Value::Object(map) => {
                w.begin_object();
                for (key, value) in map {
                    w.key(key);
                    value.write_json(w);
                }
                w.end_object();
            }
        }
    }
}

impl ToJson for str {
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(self)
    }
}

impl ToJson for String {
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(self)
    }
}

impl ToJson for bool {
    fn write_json(&self, w: &mut JsonWriter) {
        w.bool(*self)
    }
}

impl ToJson for i64 {
    fn write_json(&self, w: &mut JsonWriter) {
        w.i64(*self)
    }
}

impl ToJson for i32 {
    fn write_json(&self, w: &mut JsonWriter) {
        w.i64((*self).into())
    }
}

impl ToJson for u64 {
    fn write_json(&self, w: &mut JsonWriter) {
        w.u64(*self)
    }
}

impl ToJson for u32 {
    fn write_json(&self, w: &mut JsonWriter) {
        w.u64((*self).into())
    }
}

impl ToJson for usize {
    fn write_json(&self, w: &mut JsonWriter) {
        w.u64(*self as u64)
    }
}

impl ToJson for f64 {
    fn write_json(&self, w: &mut JsonWriter) {
        w.f64(*self)
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, w: &mut JsonWriter) {
        (**self).write_json(w)
    }
}

impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn write_json(&self, w: &mut JsonWriter) {
        (**self).write_json(w)
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, w: &mut JsonWriter) {
        match self {
            Some(value) => value.write_json(w),
            None => w.null(),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_array();
        for item in self {
            w.item();
            item.write_json(w);
        }
        w.end_array();
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, w: &mut JsonWriter) {
        self[..].write_json(w)
    }
}

impl<T: ToJson> ToJson for BTreeMap<String, T> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        for (key, value) in self {
            w.key(key);
            value.write_json(w);
        }
        w.end_object();
    }
}

/// serde_yaml's `Serialize` for its `Value`: a tagged value as `{"!tag": value}`.
impl ToJson for serde_yaml::Value {
    fn write_json(&self, w: &mut JsonWriter) {
        use serde_yaml::Value;
        match self {
            Value::Null => w.null(),
            Value::Bool(flag) => w.bool(*flag),
            Value::Number(number) => write_yaml_number(w, number),
            Value::String(text) => w.string(text),
            Value::Sequence(items) => items.write_json(w),
            Value::Mapping(mapping) => {
                w.begin_object();
                for (key, value) in mapping {
                    w.yaml_key(key);
                    value.write_json(w);
                }
                w.end_object();
            }
            Value::Tagged(tagged) => {
                w.begin_object();
                w.key(&tagged.tag.to_string());
                tagged.value.write_json(w);
                w.end_object();
            }
        }
    }
}

impl ToJson for Quantity {
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(&self.0)
    }
}

/// `#[serde(untagged)]`: the integer or the string.
impl ToJson for IntOrString {
    fn write_json(&self, w: &mut JsonWriter) {
        match self {
            IntOrString::Int(n) => w.i64(*n),
            IntOrString::String(text) => w.string(text),
        }
    }
}

/// `meta::opt_time`: RFC 3339 text, or null.
pub(crate) fn opt_time(time: &Option<SimTime>, w: &mut JsonWriter) {
    match time {
        Some(time) => w.string(&rfc3339(*time)),
        None => w.null(),
    }
}

/// `meta::time_rfc`: RFC 3339 text.
pub(crate) fn time_rfc(time: &SimTime, w: &mut JsonWriter) {
    w.string(&rfc3339(*time))
}

/// `skip_serializing_if`: the predicate each field type's attribute names (`Option::is_none`,
/// `Vec::is_empty`, `BTreeMap::is_empty`, `String::is_empty`, `is_zero`,
/// `ContainerState::is_empty`).
pub trait Skip {
    fn skip(&self) -> bool;
}

impl<T> Skip for Option<T> {
    fn skip(&self) -> bool {
        self.is_none()
    }
}

impl<T> Skip for Vec<T> {
    fn skip(&self) -> bool {
        self.is_empty()
    }
}

impl<K, V> Skip for BTreeMap<K, V> {
    fn skip(&self) -> bool {
        self.is_empty()
    }
}

impl Skip for String {
    fn skip(&self) -> bool {
        self.is_empty()
    }
}

impl Skip for i64 {
    fn skip(&self) -> bool {
        *self == 0
    }
}

impl Skip for ContainerState {
    fn skip(&self) -> bool {
        self.is_empty()
    }
}

/// `encode_struct! { Type; "wireName" field [skip] [=> with_fn], ... }`: an object of the
/// fields in this order; `skip` leaves a field out when `Skip::skip` says so, `with_fn`
/// writes it instead of its `ToJson`.
macro_rules! encode_struct {
    ($ty:ident; $($name:literal $field:ident $($skip:ident)? $(=> $with:path)?),* $(,)?) => {
        impl $crate::manifest::emit::ToJson for $ty {
            fn write_json(&self, w: &mut $crate::manifest::emit::JsonWriter) {
                w.begin_object();
                $($crate::manifest::emit::encode_struct!(@field self w $name $field [$($skip)?] [$($with)?]);)*
                w.end_object();
            }
        }
    };
    (@field $self:ident $w:ident $name:literal $field:ident [] []) => {
        $w.key($name);
        $crate::manifest::emit::ToJson::write_json(&$self.$field, $w);
    };
    (@field $self:ident $w:ident $name:literal $field:ident [skip] []) => {
        if !$crate::manifest::emit::Skip::skip(&$self.$field) {
            $w.key($name);
            $crate::manifest::emit::ToJson::write_json(&$self.$field, $w);
        }
    };
    (@field $self:ident $w:ident $name:literal $field:ident [] [$with:path]) => {
        $w.key($name);
        $with(&$self.$field, $w);
    };
    (@field $self:ident $w:ident $name:literal $field:ident [skip] [$with:path]) => {
        if !$crate::manifest::emit::Skip::skip(&$self.$field) {
            $w.key($name);
            $with(&$self.$field, $w);
        }
    };
}
pub(crate) use encode_struct;

encode_struct! { ObjectMeta;
    "name" name skip,
    "generateName" generate_name skip,
    "namespace" namespace skip,
    "labels" labels skip,
    "annotations" annotations skip,
    "uid" uid skip,
    "creationTimestamp" creation_timestamp skip => opt_time,
    "deletionTimestamp" deletion_timestamp skip => opt_time,
    "deletionGracePeriodSeconds" deletion_grace_period_seconds skip,
    "generation" generation skip,
    "resourceVersion" resource_version skip,
    "ownerReferences" owner_references skip,
    "finalizers" finalizers skip,
    "managedFields" managed_fields skip,
    "selfLink" self_link skip,
}
encode_struct! { OwnerReference;
    "apiVersion" api_version,
    "kind" kind,
    "name" name,
    "uid" uid,
    "controller" controller skip,
    "blockOwnerDeletion" block_owner_deletion skip,
}
encode_struct! { LabelSelector;
    "matchLabels" match_labels skip,
    "matchExpressions" match_expressions skip,
}
encode_struct! { LabelSelectorRequirement;
    "key" key,
    "operator" operator,
    "values" values skip,
}
encode_struct! { Pod;
    "apiVersion" api_version,
    "kind" kind,
    "metadata" metadata,
    "spec" spec,
    "status" status skip,
}
encode_struct! { PodTemplateSpec;
    "metadata" metadata,
    "spec" spec,
}
encode_struct! { PodSpec;
    "containers" containers,
    "restartPolicy" restart_policy skip,
    "terminationGracePeriodSeconds" termination_grace_period_seconds skip,
    "nodeName" node_name skip,
    "nodeSelector" node_selector skip,
    "tolerations" tolerations skip,
    "schedulerName" scheduler_name skip,
    "dnsPolicy" dns_policy skip,
    "initContainers" init_containers skip,
    "volumes" volumes skip,
    "affinity" affinity skip,
    "securityContext" security_context skip,
    "serviceAccountName" service_account_name skip,
    "serviceAccount" service_account skip,
    "automountServiceAccountToken" automount_service_account_token skip,
    "imagePullSecrets" image_pull_secrets skip,
    "hostNetwork" host_network skip,
    "hostPID" host_pid skip,
    "hostIPC" host_ipc skip,
    "hostname" hostname skip,
    "subdomain" subdomain skip,
    "priorityClassName" priority_class_name skip,
    "priority" priority skip,
    "topologySpreadConstraints" topology_spread_constraints skip,
    "dnsConfig" dns_config skip,
    "hostAliases" host_aliases skip,
    "readinessGates" readiness_gates skip,
    "runtimeClassName" runtime_class_name skip,
    "shareProcessNamespace" share_process_namespace skip,
    "enableServiceLinks" enable_service_links skip,
    "preemptionPolicy" preemption_policy skip,
    "overhead" overhead skip,
    "activeDeadlineSeconds" active_deadline_seconds skip,
    "ephemeralContainers" ephemeral_containers skip,
    "os" os skip,
    "schedulingGates" scheduling_gates skip,
    "resourceClaims" resource_claims skip,
    "setHostnameAsFQDN" set_hostname_as_fqdn skip,
    "hostUsers" host_users skip,
    "resources" resources skip,
}
encode_struct! { Container;
    "name" name,
    "image" image,
    "command" command skip,
    "args" args skip,
    "ports" ports skip,
    "resources" resources skip,
    "livenessProbe" liveness_probe skip,
    "readinessProbe" readiness_probe skip,
    "startupProbe" startup_probe skip,
    "imagePullPolicy" image_pull_policy skip,
    "terminationMessagePath" termination_message_path skip,
    "terminationMessagePolicy" termination_message_policy skip,
    "env" env skip,
    "envFrom" env_from skip,
    "volumeMounts" volume_mounts skip,
    "volumeDevices" volume_devices skip,
    "securityContext" security_context skip,
    "workingDir" working_dir skip,
    "lifecycle" lifecycle skip,
    "stdin" stdin skip,
    "stdinOnce" stdin_once skip,
    "tty" tty skip,
    "resizePolicy" resize_policy skip,
    "restartPolicy" restart_policy skip,
    "restartPolicyRules" restart_policy_rules skip,
}
encode_struct! { ContainerPort;
    "containerPort" container_port,
    "name" name skip,
    "protocol" protocol skip,
    "hostPort" host_port skip,
    "hostIP" host_ip skip,
}
encode_struct! { ResourceRequirements;
    "requests" requests skip,
    "limits" limits skip,
    "claims" claims skip,
}
encode_struct! { Probe;
    "exec" exec skip,
    "httpGet" http_get skip,
    "tcpSocket" tcp_socket skip,
    "grpc" grpc skip,
    "initialDelaySeconds" initial_delay_seconds skip,
    "periodSeconds" period_seconds skip,
    "timeoutSeconds" timeout_seconds skip,
    "successThreshold" success_threshold skip,
    "failureThreshold" failure_threshold skip,
    "terminationGracePeriodSeconds" termination_grace_period_seconds skip,
}
encode_struct! { ExecAction;
    "command" command,
}
encode_struct! { HttpGetAction;
    "path" path skip,
    "port" port,
    "host" host skip,
    "scheme" scheme skip,
    "httpHeaders" http_headers skip,
}
encode_struct! { HttpHeader;
    "name" name,
    "value" value,
}
encode_struct! { TcpSocketAction;
    "port" port,
    "host" host skip,
}
encode_struct! { GrpcAction;
    "port" port,
    "service" service skip,
}
encode_struct! { Toleration;
    "key" key skip,
    "operator" operator skip,
    "value" value skip,
    "effect" effect skip,
    "tolerationSeconds" toleration_seconds skip,
}
encode_struct! { PodStatus;
    "phase" phase,
    "conditions" conditions skip,
    "hostIP" host_ip skip,
    "podIP" pod_ip skip,
    "startTime" start_time skip => opt_time,
    "containerStatuses" container_statuses skip,
    "reason" reason skip,
    "message" message skip,
    "qosClass" qos_class skip,
}
encode_struct! { PodCondition;
    "type" type_,
    "status" status,
    "lastTransitionTime" last_transition_time skip => opt_time,
    "reason" reason skip,
    "message" message skip,
}
encode_struct! { ContainerStatus;
    "name" name,
    "image" image,
    "ready" ready,
    "started" started,
    "restartCount" restart_count,
    "state" state,
    "lastState" last_state skip,
    "containerID" container_id skip,
}
encode_struct! { ContainerState;
    "waiting" waiting skip,
    "running" running skip,
    "terminated" terminated skip,
}
encode_struct! { StateWaiting;
    "reason" reason,
    "message" message skip,
}
encode_struct! { StateRunning;
    "startedAt" started_at => time_rfc,
}
encode_struct! { StateTerminated;
    "exitCode" exit_code,
    "reason" reason,
    "message" message skip,
    "startedAt" started_at => time_rfc,
    "finishedAt" finished_at => time_rfc,
}
encode_struct! { Deployment;
    "apiVersion" api_version,
    "kind" kind,
    "metadata" metadata,
    "spec" spec,
    "status" status skip,
}
encode_struct! { DeploymentSpec;
    "replicas" replicas skip,
    "selector" selector,
    "template" template,
    "strategy" strategy skip,
    "minReadySeconds" min_ready_seconds skip,
    "revisionHistoryLimit" revision_history_limit skip,
    "progressDeadlineSeconds" progress_deadline_seconds skip,
    "paused" paused skip,
}
encode_struct! { DeploymentStrategy;
    "type" type_ skip,
    "rollingUpdate" rolling_update skip,
}
encode_struct! { RollingUpdateDeployment;
    "maxSurge" max_surge skip,
    "maxUnavailable" max_unavailable skip,
}
encode_struct! { DeploymentStatus;
    "observedGeneration" observed_generation,
    "replicas" replicas,
    "updatedReplicas" updated_replicas,
    "readyReplicas" ready_replicas,
    "availableReplicas" available_replicas,
    "unavailableReplicas" unavailable_replicas,
    "conditions" conditions skip,
}
encode_struct! { Condition;
    "type" type_,
    "status" status,
    "lastHeartbeatTime" last_heartbeat_time skip => opt_time,
    "lastUpdateTime" last_update_time skip => opt_time,
    "lastTransitionTime" last_transition_time skip => opt_time,
    "reason" reason skip,
    "message" message skip,
}
encode_struct! { ReplicaSet;
    "apiVersion" api_version,
    "kind" kind,
    "metadata" metadata,
    "spec" spec,
    "status" status skip,
}
encode_struct! { ReplicaSetSpec;
    "replicas" replicas skip,
    "selector" selector,
    "template" template,
    "minReadySeconds" min_ready_seconds skip,
}
encode_struct! { ReplicaSetStatus;
    "replicas" replicas,
    "fullyLabeledReplicas" fully_labeled_replicas,
    "readyReplicas" ready_replicas,
    "availableReplicas" available_replicas,
    "observedGeneration" observed_generation,
}
encode_struct! { Service;
    "apiVersion" api_version,
    "kind" kind,
    "metadata" metadata,
    "spec" spec,
    "status" status skip,
}
encode_struct! { ServiceSpec;
    "type" type_ skip,
    "selector" selector skip,
    "ports" ports skip,
    "clusterIP" cluster_ip skip,
    "clusterIPs" cluster_ips skip,
    "sessionAffinity" session_affinity skip,
    "publishNotReadyAddresses" publish_not_ready_addresses skip,
    "externalTrafficPolicy" external_traffic_policy skip,
    "internalTrafficPolicy" internal_traffic_policy skip,
    "loadBalancerIP" load_balancer_ip skip,
    "externalIPs" external_ips skip,
    "ipFamilies" ip_families skip,
    "ipFamilyPolicy" ip_family_policy skip,
    "sessionAffinityConfig" session_affinity_config skip,
    "loadBalancerSourceRanges" load_balancer_source_ranges skip,
    "externalName" external_name skip,
    "allocateLoadBalancerNodePorts" allocate_load_balancer_node_ports skip,
    "loadBalancerClass" load_balancer_class skip,
    "healthCheckNodePort" health_check_node_port skip,
    "trafficDistribution" traffic_distribution skip,
}
encode_struct! { ServicePort;
    "name" name skip,
    "port" port,
    "targetPort" target_port skip,
    "protocol" protocol skip,
    "nodePort" node_port skip,
    "appProtocol" app_protocol skip,
}
encode_struct! { EndpointSlice;
    "apiVersion" api_version,
    "kind" kind,
    "metadata" metadata,
    "addressType" address_type,
    "endpoints" endpoints,
    "ports" ports,
}
encode_struct! { Endpoint;
    "addresses" addresses,
    "conditions" conditions,
    "nodeName" node_name skip,
    "targetRef" target_ref skip,
}
encode_struct! { EndpointConditions;
    "ready" ready,
    "serving" serving,
    "terminating" terminating,
}
encode_struct! { EndpointTargetRef;
    "kind" kind,
    "name" name,
}
encode_struct! { EndpointPort;
    "name" name skip,
    "port" port,
    "protocol" protocol,
}
encode_struct! { Node;
    "apiVersion" api_version,
    "kind" kind,
    "metadata" metadata,
    "spec" spec,
    "status" status skip,
}
encode_struct! { NodeSpec;
    "unschedulable" unschedulable skip,
    "taints" taints skip,
    "podCIDR" pod_cidr skip,
    "podCIDRs" pod_cidrs skip,
    "providerID" provider_id skip,
}
encode_struct! { Taint;
    "key" key,
    "value" value skip,
    "effect" effect,
    "timeAdded" time_added skip => opt_time,
}
encode_struct! { NodeStatus;
    "capacity" capacity,
    "allocatable" allocatable,
    "conditions" conditions,
    "addresses" addresses,
    "nodeInfo" node_info,
}
encode_struct! { NodeAddress;
    "type" type_,
    "address" address,
}
encode_struct! { NodeSystemInfo;
    "kubeletVersion" kubelet_version,
    "osImage" os_image,
    "kernelVersion" kernel_version,
    "containerRuntimeVersion" container_runtime_version,
    "operatingSystem" operating_system,
    "architecture" architecture,
}
encode_struct! { HorizontalPodAutoscaler;
    "apiVersion" api_version,
    "kind" kind,
    "metadata" metadata,
    "spec" spec,
    "status" status skip,
}
encode_struct! { HpaSpec;
    "scaleTargetRef" scale_target_ref,
    "minReplicas" min_replicas skip,
    "maxReplicas" max_replicas,
    "metrics" metrics skip,
    "behavior" behavior skip,
    "targetCPUUtilizationPercentage" target_cpu_utilization_percentage skip,
}
encode_struct! { CrossVersionObjectReference;
    "apiVersion" api_version,
    "kind" kind,
    "name" name,
}
encode_struct! { MetricSpec;
    "type" type_,
    "resource" resource skip,
    "pods" pods skip,
    "object" object skip,
    "external" external skip,
    "containerResource" container_resource skip,
}
encode_struct! { ResourceMetricSource;
    "name" name,
    "target" target,
}
encode_struct! { MetricTarget;
    "type" type_,
    "averageUtilization" average_utilization skip,
    "averageValue" average_value skip,
    "value" value skip,
}
encode_struct! { HpaBehavior;
    "scaleUp" scale_up skip,
    "scaleDown" scale_down skip,
}
encode_struct! { HpaScalingRules;
    "stabilizationWindowSeconds" stabilization_window_seconds skip,
    "selectPolicy" select_policy skip,
    "policies" policies skip,
    "tolerance" tolerance skip,
}
encode_struct! { HpaScalingPolicy;
    "type" type_,
    "value" value,
    "periodSeconds" period_seconds,
}
encode_struct! { Event;
    "type" type_,
    "reason" reason,
    "message" message,
    "involvedObject" involved_object,
    "source" source,
    "count" count,
    "firstTimestamp" first_timestamp => time_rfc,
    "lastTimestamp" last_timestamp => time_rfc,
}
encode_struct! { ObjectReference;
    "kind" kind,
    "name" name,
    "fieldPath" field_path skip,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::typed::tests::{corpus, replacements, tagged, variants, yaml};
    use crate::manifest::typed::{from_tree, Decode};
    use serde::Serialize;
    use serde_yaml::Value;

    /// The writer's bytes are serde_json's, or both fail with the same message.
    fn same<T: ToJson + Serialize + ?Sized>(value: &T) -> bool {
        let old = serde_json::to_vec(value).map_err(|e| e.to_string());
        let new = to_json_vec(value).map_err(|e| e.to_string());
        let text = |r: &Result<Vec<u8>, String>| match r {
            Ok(bytes) => String::from_utf8_lossy(bytes).into_owned(),
            Err(e) => format!("error: {e}"),
        };
        assert_eq!(text(&new), text(&old));
        assert_eq!(new, old);
        true
    }

    fn decoded<T: Decode + ToJson + Serialize>(value: &Value) -> usize {
        from_tree::<T>(value).map_or(0, |object| same(&object) as usize)
    }

    fn all_kinds(value: &Value) -> usize {
        decoded::<Pod>(value)
            + decoded::<Deployment>(value)
            + decoded::<ReplicaSet>(value)
            + decoded::<Service>(value)
            + decoded::<HorizontalPodAutoscaler>(value)
            + decoded::<Node>(value)
            + decoded::<PodTemplateSpec>(value)
    }

    fn as_kind(value: &Value) -> usize {
        match value.get("kind").and_then(Value::as_str) {
            Some("Deployment") => decoded::<Deployment>(value),
            Some("ReplicaSet") => decoded::<ReplicaSet>(value),
            Some("Service") => decoded::<Service>(value),
            Some("HorizontalPodAutoscaler") => decoded::<HorizontalPodAutoscaler>(value),
            Some("Node") => decoded::<Node>(value),
            _ => decoded::<Pod>(value),
        }
    }

    /// Odd values for opaque fields: escapes, non-BMP text, extreme and special numbers, keys
    /// serde_json quotes or refuses, tags.
    fn odd_values() -> Vec<Value> {
        let mut out = replacements();
        out.extend([
            Value::String(odd_text()),
            yaml("[.nan, .inf, -.inf, -0.0, 0.0, 0.1, 1e300, 1.0e-300, 5e-324, 123456789.125, 1e21, 1e15, -1.5]"),
            yaml("[18446744073709551615, -9223372036854775808, 9223372036854775807, 0, -1]"),
            yaml("{0.5: a, -0.0: b, 1e300: c, true: d, false: e, -3: f, 18446744073709551615: g}"),
            yaml("{.nan: x}"),
            yaml("{.inf: x}"),
            yaml("{a: {[1]: x}}"),
            tagged("tag", yaml("{a: [1, !t x]}")),
            tagged("!", Value::Null),
            Value::Mapping([(Value::String(odd_text()), Value::String(odd_text()))].into_iter().collect()),
        ]);
        out
    }

    fn odd_text() -> String {
        let mut text: String = (0u8..0x20).map(char::from).collect();
        text.push_str("quote \" back \\ slash / del \u{7f} é 漢 🚀 \u{2028} \u{feff} \u{10ffff} end");
        text
    }

    /// Every object of the repository's manifests and of a cluster that ran the templates (as
    /// decoded), and variants of three of each kind.
    #[test]
    fn writes_the_corpus_as_serde_json_did() {
        let corpus = corpus();
        assert!(corpus.len() > 30, "{}", corpus.len());
        let replace = odd_values();
        let (mut objects, mut count) = (0, 0);
        let mut per_kind = BTreeMap::new();
        for value in &corpus {
            objects += all_kinds(value);
            let kind = value.get("kind").and_then(Value::as_str).unwrap_or("").to_string();
            let seen = per_kind.entry((kind, value.get("status").is_some())).or_insert(0);
            *seen += 1;
            if *seen > 3 {
                continue;
            }
            for variant in variants(value, &replace) {
                count += as_kind(&variant);
            }
        }
        eprintln!("{objects} objects, {count} variants");
        assert!(objects > 100 && count > 1000, "{objects} {count}");
    }

    fn cluster() -> crate::engine::Cluster {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut cluster = crate::engine::Cluster::new(7);
        for entry in std::fs::read_dir(root.join("static/templates")).expect("templates").flatten() {
            let text = std::fs::read_to_string(entry.path()).expect("template");
            let _ = cluster.apply_yaml(&text);
        }
        cluster.run_for(crate::engine::time::SimDuration::from_secs(600));
        cluster
    }

    /// A cluster's stored objects as they are (times, statuses, owner references, events).
    #[test]
    fn writes_a_clusters_objects_as_serde_json_did() {
        let cluster = cluster();
        let store = &cluster.store;
        let mut count = 0;
        for pod in store.pods().values() {
            count += same(pod) as usize;
            count += same(&pod.status) as usize;
        }
        store.deployments.values().for_each(|o| count += same(o) as usize);
        store.replicasets.values().for_each(|o| count += same(o) as usize);
        store.services.values().for_each(|o| count += same(o) as usize);
        store.endpointslices.values().for_each(|o| count += same(o) as usize);
        store.nodes.values().for_each(|o| count += same(o) as usize);
        store.hpas.values().for_each(|o| count += same(o) as usize);
        cluster.events().events().for_each(|o| count += same(o) as usize);
        assert!(count > 50, "{count}");
        assert!(store.hpas.values().any(|h| h.status.as_ref().is_some_and(|s| s.current_cpu_utilization.is_some())));
        // Every text field written with escapes, every number at its extremes.
        for pod in store.pods().values().take(3) {
            let mut pod = (**pod).clone();
            pod.metadata.name = odd_text();
            pod.metadata.labels.insert(odd_text(), odd_text());
            pod.metadata.generation = i64::MIN;
            pod.metadata.deletion_grace_period_seconds = Some(i64::MAX);
            pod.metadata.finalizers = Some(Value::String(odd_text()));
            pod.spec.containers[0].image = odd_text();
            pod.spec.containers[0].command = Some(vec![odd_text(), String::new()]);
            if let Some(status) = &mut pod.status {
                status.container_statuses.iter_mut().for_each(|s| s.restart_count = i64::MIN);
                status.conditions.iter_mut().for_each(|c| c.message = Some(odd_text()));
            }
            same(&pod);
        }
        let mut event = cluster.events().events().next().expect("event").clone();
        event.message = odd_text();
        event.count = u32::MAX;
        same(&event);
    }

    /// Empty and default objects: every `skip_serializing_if` on its empty side.
    #[test]
    fn writes_defaults_as_serde_json_did() {
        same(&Pod::default());
        same(&Deployment::default());
        same(&ReplicaSet::default());
        same(&Service::default());
        same(&EndpointSlice::default());
        same(&Node::default());
        same(&HorizontalPodAutoscaler::default());
        same(&HpaStatus::default());
        same(&PodStatus::default());
        same(&ContainerStatus::default());
        same(&DeploymentStatus::default());
        same(&NodeStatus::default());
        same(&ObjectMeta { generation: 1, ..Default::default() });
        same(&IntOrString::String(odd_text()));
        same(&IntOrString::Int(i64::MIN));
        same(&Quantity(odd_text()));
        for n in [0.1, 0.1 + 0.2, 3.0, -0.0, 1e300, 1e21, 1e-7, 5e-324, f64::MAX, f64::NAN, f64::INFINITY] {
            same(&n);
            same(&vec![n, -n]);
        }
        same(&vec![u64::MAX, 0]);
        same(&vec![i64::MIN, i64::MAX]);
        same("");
        same(&odd_text());
        same(&BTreeMap::from([(odd_text(), vec![Some(true), None])]));
        for value in odd_values() {
            same(&value);
            same(&Some(vec![value]));
        }
    }

    #[test]
    fn pretty_is_serde_jsons() {
        let mut values: Vec<serde_json::Value> = vec![
            serde_json::json!({}),
            serde_json::json!([]),
            serde_json::json!({"a": [], "b": {}, "c": [1, -2, 0.5, 1e300, u64::MAX, i64::MIN], "d": {"e": [{"f": null, "g": true}]}}),
            serde_json::json!([[[]], [{}], "x", false]),
            serde_json::Value::String(odd_text()),
            serde_json::json!({odd_text(): odd_text()}),
        ];
        let cluster = cluster();
        values.extend(cluster.store.pods().values().map(|p| crate::print::value::to_value(&**p).expect("pod")));
        for value in values {
            assert_eq!(to_json_pretty(&value, "  "), serde_json::to_string_pretty(&value).expect("pretty"));
            let mut out = Vec::new();
            let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
            let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
            value.serialize(&mut serializer).expect("serialize");
            assert_eq!(to_json_pretty(&value, "    ").into_bytes(), out);
        }
        for pod in cluster.store.pods().values() {
            assert_eq!(to_json_pretty(pod, "  "), serde_json::to_string_pretty(pod).expect("pretty"));
        }
    }
}
