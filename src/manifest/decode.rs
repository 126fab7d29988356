//! From text to typed objects: split the stream into documents (keeping file line numbers),
//! check `apiVersion`/`kind`, then decode strictly, turning serde_yaml's errors into kubectl's
//! wording with the field path, the file line and a "did you mean" for typos.

use super::suggest::did_you_mean;
use super::tree::{position, TreeError};
use super::typed::{from_tree, Decode};
use super::{ManifestError, Object};
use crate::api::*;
use serde_yaml::Value;

/// One `---`-separated document of the input.
#[derive(Clone, Debug)]
pub struct Document {
    /// The document's text, with its `---` marker blanked so that columns stay right.
    pub text: String,
    /// File line (1-based) of the document's first line in `text`.
    pub start_line: usize,
    /// File line of the first line that is neither blank nor a comment, if any.
    pub content_line: Option<usize>,
}

impl Document {
    /// File line of a line of `text` (both 1-based).
    pub fn file_line(&self, line: usize) -> usize {
        self.start_line + line.saturating_sub(1)
    }
}

/// A decoded object with what the later stages need to know about its manifest.
pub struct Decoded {
    pub object: Object,
    /// Whether the manifest had a `spec.selector` (a missing and an empty selector differ).
    pub selector_given: bool,
}

/// Splits a YAML stream at `---` (and `...`) marker lines. A marker at column 0 always ends a
/// document in YAML, even inside a block scalar, so a line-based split is exact.
pub fn split_documents(text: &str) -> Vec<Document> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut documents = Vec::new();
    let mut current = Document { text: String::new(), start_line: 1, content_line: None };
    for (line_idx, line) in text.split_inclusive('\n').enumerate() {
        let line_number = line_idx + 1;
        let marker = ["---", "..."].into_iter().find(|marker| {
            line.strip_prefix(marker).is_some_and(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace))
        });
        let line = match marker {
            Some(_) => {
                let finished = std::mem::replace(
                    &mut current,
                    Document { text: String::new(), start_line: line_number, content_line: None },
                );
                documents.push(finished);
                format!("   {}", &line[3..])
            }
            None => line.to_string(),
        };
        let content = line.trim();
        if current.content_line.is_none() && !content.is_empty() && !content.starts_with('#') {
            current.content_line = Some(line_number);
        }
        current.text.push_str(&line);
    }
    documents.push(current);
    documents.retain(|document| document.content_line.is_some());
    documents
}

/// Kinds kubeplay simulates, with the API versions it serves them in (first = stored).
pub const SUPPORTED_KINDS: &[(&str, &[&str])] = &[
    ("Pod", &["v1"]),
    ("Deployment", &["apps/v1"]),
    ("ReplicaSet", &["apps/v1"]),
    ("Service", &["v1"]),
    ("HorizontalPodAutoscaler", &["autoscaling/v2", "autoscaling/v1"]),
    ("Node", &["v1"]),
];

/// Real Kubernetes kinds that kubeplay recognizes but does not simulate.
const UNSIMULATED_KINDS: &[&str] = &[
    "DaemonSet",
    "StatefulSet",
    "ControllerRevision",
    "Job",
    "CronJob",
    "ConfigMap",
    "Secret",
    "Namespace",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "ServiceAccount",
    "Endpoints",
    "EndpointSlice",
    "LimitRange",
    "ResourceQuota",
    "ReplicationController",
    "PodTemplate",
    "Event",
    "List",
    "Ingress",
    "IngressClass",
    "NetworkPolicy",
    "PodDisruptionBudget",
    "Role",
    "RoleBinding",
    "ClusterRole",
    "ClusterRoleBinding",
    "StorageClass",
    "CustomResourceDefinition",
    "PriorityClass",
    "RuntimeClass",
    "Lease",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
    "CertificateSigningRequest",
    "VolumeAttachment",
    "CSIDriver",
];

/// Decodes one document. `Ok(None)` for an empty document (only comments or `null`).
pub fn decode_document(document: &Document, source: &str) -> Result<Option<Decoded>, ManifestError> {
    let mut fixed = None;
    let value: Value = loop {
        let current = fixed.as_ref().unwrap_or(document);
        match super::yaml::from_str(&current.text) {
            Ok(value) => break value,
            Err(error) => match go_yaml_escape(current, &error) {
                // Bounded: each round removes one backslash.
                Some(better) => fixed = Some(better),
                None => return Err(syntax_error(&error, document, source)),
            },
        }
    };
    let document = fixed.as_ref().unwrap_or(document);
    let mapping = match &value {
        Value::Null => return Ok(None),
        Value::Mapping(mapping) => mapping,
        _ => {
            return Err(ManifestError {
                message: format!(
                    "error: error parsing {source}: the document at line {} is not an object (expected a mapping with apiVersion, kind, metadata and spec)",
                    document.content_line.unwrap_or(document.start_line)
                ),
                line: document.content_line,
                column: None,
                path: None,
            })
        }
    };
    let text_of = |key: &str| mapping.get(key).and_then(Value::as_str).unwrap_or("").to_string();
    let api_version = text_of("apiVersion");
    let kind = text_of("kind");
    let metadata = mapping.get("metadata");
    let name = metadata.and_then(|m| m.get("name")).and_then(Value::as_str).unwrap_or("").to_string();
    let namespace = metadata.and_then(|m| m.get("namespace")).and_then(Value::as_str).unwrap_or("").to_string();

    let missing: Vec<&str> = [("apiVersion", &api_version), ("kind", &kind)]
        .into_iter()
        .filter(|(_, value)| value.is_empty())
        .map(|(field, _)| field)
        .collect();
    if !missing.is_empty() {
        let list: Vec<String> = missing.iter().map(|field| format!("{field} not set")).collect();
        let list = if list.len() == 1 { list.join("") } else { format!("[{}]", list.join(", ")) };
        return Err(ManifestError {
            message: format!("error: error validating {}: error validating data: {list}", super::quote(source)),
            line: document.content_line,
            column: None,
            path: Some(missing[0].to_string()),
        });
    }

    let context =
        DecodeContext { document, source, kind: &kind, api_version: &api_version, name: &name, value: &value };
    let served = SUPPORTED_KINDS.iter().find(|(supported, _)| *supported == kind);
    match served {
        Some((_, versions)) if versions.contains(&api_version.as_str()) => {}
        _ if UNSIMULATED_KINDS.contains(&kind.as_str()) => {
            let supported: Vec<&str> = SUPPORTED_KINDS.iter().map(|(kind, _)| *kind).collect();
            return Err(ManifestError {
                message: format!(
                    "error: {kind} {} is not simulated by kubeplay (supported kinds: {})",
                    super::quote(&name),
                    supported.join(", ")
                ),
                line: document.content_line,
                column: None,
                path: Some("kind".into()),
            });
        }
        _ => {
            let hint = match served {
                Some((_, versions)) => {
                    let stored = versions.first().copied().unwrap_or_default();
                    format!("kubeplay serves {kind} as apiVersion {}", super::quote(stored))
                }
                None => {
                    let known = SUPPORTED_KINDS.iter().map(|(kind, _)| *kind).chain(UNSIMULATED_KINDS.iter().copied());
                    match did_you_mean(&kind, known) {
                        Some(suggestion) => format!("did you mean kind {}?", super::quote(suggestion)),
                        None => "kubeplay knows no such kind".into(),
                    }
                }
            };
            return Err(ManifestError {
                message: format!(
                    "error: resource mapping not found for name: {} namespace: {} from {}: no matches for kind {} in version {}\nensure CRDs are installed first ({hint})",
                    super::quote(&name),
                    super::quote(&namespace),
                    super::quote(source),
                    super::quote(&kind),
                    super::quote(&api_version),
                ),
                line: document.content_line,
                column: None,
                path: Some(if served.is_some() { "apiVersion" } else { "kind" }.into()),
            });
        }
    }

    let spec = mapping.get("spec");
    let selector_given = spec.and_then(|s| s.get("selector")).is_some_and(|s| !s.is_null());
    let mut object = match kind.as_str() {
        "Pod" => Object::Pod(context.typed::<Pod>()?),
        "Deployment" => Object::Deployment(context.typed::<Deployment>()?),
        "ReplicaSet" => Object::ReplicaSet(context.typed::<ReplicaSet>()?),
        "Service" => Object::Service(context.typed::<Service>()?),
        "HorizontalPodAutoscaler" => Object::Hpa(context.hpa(spec)?),
        _ => Object::Node(context.typed::<Node>()?),
    };
    context.check_quantities(&object)?;
    // Status is the controllers' to write; the API server ignores it on create.
    match &mut object {
        Object::Pod(pod) => pod.status = None,
        Object::Deployment(deployment) => deployment.status = None,
        Object::ReplicaSet(replica_set) => replica_set.status = None,
        Object::Service(service) => service.status = None,
        Object::Hpa(hpa) => hpa.status = None,
        Object::Node(_) => {}
    }
    Ok(Some(Decoded { object, selector_given }))
}

/// File line and column of a field path (`spec.template.spec.containers[0].image`) in a
/// block-style document; for a path that is only partly present, of its deepest present
/// part. None for flow style (`{...}`), where lines do not follow the structure.
pub fn locate(document: &Document, path: &str) -> Option<(usize, usize)> {
    locate_deepest(document, path).map(|(position, _)| position)
}

/// Like `locate`, but only when the whole path is present.
pub fn locate_exact(document: &Document, path: &str) -> Option<(usize, usize)> {
    locate_deepest(document, path).and_then(|(position, exact)| exact.then_some(position))
}

/// The position of the deepest present part of `path`, and whether that is all of it.
fn locate_deepest(document: &Document, path: &str) -> Option<((usize, usize), bool)> {
    let lines: Vec<&str> = document.text.lines().collect();
    let mut range = 0..lines.len();
    let mut parent_col: Option<usize> = None;
    let mut found = None;
    let segments = path_segments(path);
    let n_segments = segments.len();
    for (segment_idx, segment) in segments.into_iter().enumerate() {
        let entries: Vec<(usize, Entry)> = range
            .clone()
            .filter_map(|line_idx| lines.get(line_idx).and_then(|line| entry(line)).map(|e| (line_idx, e)))
            .collect();
        let after_parent = |col: usize| parent_col.is_none_or(|parent| col > parent);
        let step = match segment {
            Segment::Key(key) => entries
                .iter()
                .filter_map(|(_, e)| e.key.as_ref().map(|(col, _)| *col))
                .filter(|c| after_parent(*c))
                .min()
                .and_then(|child_col| {
                    entries
                        .iter()
                        .find(|(_, e)| e.key.as_ref().is_some_and(|(col, k)| *col == child_col && k == key))
                        .map(|(line_idx, _)| (*line_idx, child_col))
                }),
            Segment::Index(index) => {
                entries.iter().filter_map(|(_, e)| e.dash).filter(|c| after_parent(*c + 1)).min().and_then(|dash_col| {
                    // The item's own keys start after "- ", so they are children of the dash.
                    entries
                        .iter()
                        .filter(|(_, e)| e.dash == Some(dash_col))
                        .nth(index)
                        .map(|(line_idx, _)| (*line_idx, dash_col))
                })
            }
        };
        let Some((line_idx, col)) = step else { break };
        found = Some(((document.file_line(line_idx + 1), col + 1), segment_idx + 1 == n_segments));
        // The value ends at the next line indented at or left of this one, except the items
        // of a sequence written at the key's own indentation.
        let end = entries
            .iter()
            .filter(|(idx, _)| *idx > line_idx)
            .find(|(_, e)| {
                e.indent < col || (e.indent == col && !(matches!(segment, Segment::Key(_)) && e.dash == Some(col)))
            })
            .map(|(idx, _)| *idx)
            .unwrap_or(range.end);
        range = match segment {
            Segment::Key(_) => line_idx + 1..end,
            Segment::Index(_) => line_idx..end,
        };
        parent_col = Some(col);
    }
    found
}

// ---------------------------------------------------------------------------------------------

struct DecodeContext<'a> {
    document: &'a Document,
    source: &'a str,
    kind: &'a str,
    api_version: &'a str,
    name: &'a str,
    /// The untyped document, to find what a typed error does not say.
    value: &'a Value,
}

impl DecodeContext<'_> {
    /// Strict typed decoding from the document's tree (parsed once), with serde_yaml's error
    /// paths and, unless merge keys rewrote the tree, serde_yaml's positions.
    fn typed<T: Decode>(&self) -> Result<T, ManifestError> {
        let mut object = None;
        self.decode(&mut |value| from_tree::<T>(value).map(|decoded| object = Some(decoded)))?;
        // `decode` is `Ok` only when the closure kept an object.
        object.ok_or_else(|| self.bad_request("nothing decoded".into(), None, None))
    }

    /// `typed`'s work for any type: `decode` decodes a tree and keeps the object. One copy for
    /// every kind (a generic copy per kind was 5 KB of the web app).
    fn decode(&self, decode: &mut dyn FnMut(&Value) -> Result<(), TreeError>) -> Result<(), ManifestError> {
        let mut value = self.value.clone();
        // `<<: *defaults` (YAML merge keys, which kubectl's YAML reader applies) only exists
        // in the untyped tree; positions then come from the field paths.
        let positioned = !has_merge_keys(self.value);
        if !positioned {
            value.apply_merge().map_err(|error| self.decode_error(&yaml_tree_error(&error), false))?;
        }
        // JSON `null` is the field's zero value for the API server (`name: null` is no name).
        strip_nulls(&mut value);
        let error = match decode(&value) {
            Ok(()) => return Ok(()),
            Err(error) => error,
        };
        // Status is ignored on create, so a status kubeplay cannot read (exported from a real
        // cluster, say) must not block the apply: decode again without it.
        let path = &error.path;
        if path == "status" || path.starts_with("status.") || path.starts_with("status[") {
            if let Value::Mapping(mapping) = &mut value {
                mapping.remove("status");
            }
            return decode(&value).map_err(|error| self.with_all_unknown_fields(value, &error, positioned, decode));
        }
        Err(self.with_all_unknown_fields(value, &error, positioned, decode))
    }

    /// Strict decoding lists every unknown field, as the API server does
    /// (`unknown field "a", unknown field "b"`); serde stops at the first, so each is
    /// dropped in turn and the rest decoded again. The position is the first one's.
    fn with_all_unknown_fields(
        &self,
        mut value: Value,
        error: &TreeError,
        positioned: bool,
        decode: &mut dyn FnMut(&Value) -> Result<(), TreeError>,
    ) -> ManifestError {
        let first = self.decode_error(error, positioned);
        let Some((parent, field, expected)) = unknown_field(error) else { return first };
        let mut details = vec![unknown_field_detail(&parent, &field, &expected).0];
        let mut next = (parent, field);
        for _ in 0..100 {
            let (parent, field) = &next;
            let removed = match value_at_mut(&mut value, parent) {
                Some(Value::Mapping(mapping)) => mapping.remove(field.as_str()).is_some(),
                _ => false,
            };
            if !removed {
                break;
            }
            let Err(error) = decode(&value) else { break };
            let Some((parent, field, expected)) = unknown_field(&error) else { break };
            details.push(unknown_field_detail(&parent, &field, &expected).0);
            next = (parent, field);
        }
        if details.len() == 1 {
            return first;
        }
        let (line, column) = (first.line, first.column);
        let position = line.zip(column);
        let mut error =
            self.bad_request(format!("strict decoding error: {}", details.join(", ")), position, first.path.clone());
        error.line = line;
        error
    }

    /// HPAs come as autoscaling/v2 or v1; v1's `targetCPUUtilizationPercentage` becomes a v2
    /// CPU metric and the object is stored as v2, as the API server converts it.
    fn hpa(&self, spec: Option<&Value>) -> Result<HorizontalPodAutoscaler, ManifestError> {
        let mut hpa: HorizontalPodAutoscaler = self.typed()?;
        let has = |field: &str| spec.and_then(|s| s.get(field)).is_some();
        let v1 = self.api_version == "autoscaling/v1";
        let v1_fields = ["scaleTargetRef", "minReplicas", "maxReplicas", "targetCPUUtilizationPercentage"];
        for field in ["metrics", "behavior"] {
            if v1 && has(field) {
                return Err(self.unknown_field(
                    "spec",
                    field,
                    did_you_mean(field, v1_fields),
                    "(it is an autoscaling/v2 field)",
                ));
            }
        }
        if !v1 && has("targetCPUUtilizationPercentage") {
            return Err(self.unknown_field(
                "spec",
                "targetCPUUtilizationPercentage",
                None,
                "(an autoscaling/v1 field; in autoscaling/v2 use spec.metrics)",
            ));
        }
        if v1 {
            if let Some(percent) = hpa.spec.target_cpu_utilization_percentage.take() {
                hpa.spec.metrics = vec![super::defaults::cpu_utilization_metric(percent)];
            }
            hpa.api_version = "autoscaling/v2".into();
        }
        Ok(hpa)
    }

    /// Quantities are decoded as text, so malformed ones (`100mb`) are caught here, with the
    /// API server's decoding message.
    fn check_quantities(&self, object: &Object) -> Result<(), ManifestError> {
        let (spec, path) = match object {
            Object::Pod(pod) => (&pod.spec, "spec"),
            Object::Deployment(deployment) => (&deployment.spec.template.spec, "spec.template.spec"),
            Object::ReplicaSet(replica_set) => (&replica_set.spec.template.spec, "spec.template.spec"),
            _ => return Ok(()),
        };
        for (container_idx, container) in spec.containers.iter().enumerate() {
            let Some(resources) = &container.resources else { continue };
            for (list, field) in [(&resources.limits, "limits"), (&resources.requests, "requests")] {
                for (name, quantity) in list {
                    let text = quantity.0.trim();
                    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
                    if parse_quantity(unsigned).is_none() {
                        let field_path = format!("{path}.containers[{container_idx}].resources.{field}.{name}");
                        let position = locate_exact(self.document, &field_path);
                        return Err(self.bad_request(
                            format!(
                                "{field_path}: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (got {})",
                                super::validate::go_quote(&quantity.0)
                            ),
                            position,
                            Some(field_path.clone()),
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    fn unknown_field(&self, parent: &str, field: &str, suggestion: Option<&str>, hint: &str) -> ManifestError {
        let field_path = format!("{parent}.{field}");
        let position = locate_exact(self.document, &field_path);
        let suggestion = match suggestion {
            Some(suggestion) => format!(" (did you mean {}?)", super::quote(suggestion)),
            None if !hint.is_empty() => format!(" {hint}"),
            None => String::new(),
        };
        self.bad_request(
            format!("strict decoding error: unknown field {}{suggestion}", super::quote(&field_path)),
            position,
            Some(field_path.clone()),
        )
    }

    /// `Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1"
    /// cannot be handled as a Deployment: <detail>[ at line L, column C]`.
    fn bad_request(&self, detail: String, position: Option<(usize, usize)>, path: Option<String>) -> ManifestError {
        let version = self.api_version.rsplit('/').next().unwrap_or(self.api_version);
        let at = position.map(|(line, column)| format!(" at line {line}, column {column}")).unwrap_or_default();
        ManifestError {
            message: format!(
                "Error from server (BadRequest): error when creating {}: {kind} in version {} cannot be handled as a {kind}: {detail}{at}",
                super::quote(self.source),
                super::quote(version),
                kind = self.kind,
            ),
            line: position.map(|(line, _)| line).or(self.document.content_line),
            column: position.map(|(_, column)| column),
            path,
        }
    }

    /// `positioned`: whether the error's position is in the document's own text; if not,
    /// positions come from the field path.
    fn decode_error(&self, parts: &TreeError, positioned: bool) -> ManifestError {
        let serde_position = parts
            .node
            .as_ref()
            .filter(|_| positioned)
            .and_then(|node| position(&self.document.text, node))
            .map(|(line, column)| (self.document.file_line(line), column));
        let position_of = |field_path: &str| serde_position.or_else(|| locate_exact(self.document, field_path));
        let at_path =
            |field: &str| if parts.path.is_empty() { field.to_string() } else { format!("{}.{field}", parts.path) };
        if let Some((parent, field, expected)) = unknown_field(parts) {
            let (detail, field_path) = unknown_field_detail(&parent, &field, &expected);
            let detail = format!("strict decoding error: {detail}");
            return self.bad_request(detail, position_of(&field_path), Some(field_path));
        }
        if let Some(rest) = parts.message.strip_prefix("missing field `") {
            // Upstream decodes a missing required field as its zero value, which validation
            // then reports; say what that validation says, at the field's parent.
            let field = rest.split('`').next().unwrap_or(rest);
            let field_path = at_path(field);
            let position = position_of(&parts.path);
            let error = super::validate::FieldError { path: field_path.clone(), body: "Required value".into() };
            return ManifestError {
                message: super::validate::invalid_message(self.kind, self.name, &[error]),
                line: position.map(|(line, _)| line).or(self.document.content_line),
                column: position.map(|(_, column)| column),
                path: Some(field_path),
            };
        }
        if let Some(rest) = parts.message.strip_prefix("duplicate field `") {
            let field = rest.split('`').next().unwrap_or(rest);
            let field_path = at_path(field);
            let position = position_of(&field_path);
            let at = position.map(|(line, column)| format!("line {line}, column {column}: ")).unwrap_or_default();
            return ManifestError {
                message: format!(
                    "error: error parsing {}: error converting YAML to JSON: yaml: {at}mapping key {} already defined",
                    self.source,
                    super::quote(&field_path)
                ),
                line: position.map(|(line, _)| line).or(self.document.content_line),
                column: position.map(|(_, column)| column),
                path: Some(field_path),
            };
        }
        if parts.message.starts_with("data did not match any variant of untagged enum IntOrString") {
            // The path and position stop at the parent mapping; find the offending child.
            let parent = value_at(self.value, &parts.path);
            let key = ["port", "targetPort", "maxSurge", "maxUnavailable"].into_iter().find(|key| {
                parent.and_then(|p| p.get(*key)).is_some_and(|v| !(v.is_i64() || v.is_u64() || v.is_string()))
            });
            let field_path = match key {
                Some(key) => at_path(key),
                None => parts.path.clone(),
            };
            let position = locate_exact(self.document, &field_path).or(serde_position);
            return self.bad_request(
                format!("{field_path}: invalid type: expected an integer or a string (like 80, \"http\" or \"25%\")"),
                position,
                Some(field_path),
            );
        }
        let message = friendly_type_names(&parts.message);
        let detail = if parts.path.is_empty() { message } else { format!("{}: {message}", parts.path) };
        self.bad_request(detail, position_of(&parts.path), (!parts.path.is_empty()).then(|| parts.path.clone()))
    }
}

/// go-yaml (kubectl's parser) accepts `\'` in a double-quoted scalar as `'`; libyaml calls it
/// an unknown escape. The document with that one backslash removed, if that is the error.
fn go_yaml_escape(document: &Document, error: &super::yaml::Error) -> Option<Document> {
    if !error.to_string().contains("found unknown escape character") {
        return None;
    }
    let location = error.location()?;
    let mut offset = 0;
    for (idx, line) in document.text.split_inclusive('\n').enumerate() {
        if idx + 1 == location.line() {
            let at = offset + line.char_indices().nth(location.column().checked_sub(1)?)?.0;
            if !document.text[at..].starts_with("\\'") {
                return None;
            }
            let mut text = document.text.clone();
            text.remove(at);
            return Some(Document { text, ..document.clone() });
        }
        offset += line.len();
    }
    None
}

/// A YAML syntax error in kubectl's words, with the file's line and column.
fn syntax_error(error: &super::yaml::Error, document: &Document, source: &str) -> ManifestError {
    let offset = document.start_line - 1;
    let text = error.to_string();
    let location = error.location();
    let (problem, rest) = match &location {
        Some(l) => {
            let mark = format!(" at line {} column {}", l.line(), l.column());
            match text.find(&mark) {
                Some(at) => (text[..at].to_string(), text[at + mark.len()..].to_string()),
                None => (text.clone(), String::new()),
            }
        }
        None => (text.clone(), String::new()),
    };
    let line = location.as_ref().map(|l| l.line() + offset);
    let column = location.as_ref().map(|l| l.column());
    let at = match (line, column) {
        (Some(line), Some(column)) => format!("line {line}, column {column}: "),
        _ => String::new(),
    };
    // serde_yaml says `metadata: duplicate entry with key "name"`; go-yaml's words are kubectl's.
    let problem = match problem.split_once("duplicate entry with key ") {
        Some((_, key)) => format!("mapping key {key} already defined"),
        None => problem,
    };
    ManifestError {
        message: format!(
            "error: error parsing {source}: error converting YAML to JSON: yaml: {at}{problem}{}",
            shift_marks(&rest, offset)
        ),
        line,
        column,
        path: None,
    }
}

/// Splits `<path>: <message> at line L column C` as serde_yaml prints it (for the errors of
/// `apply_merge`); the node is unknown, so positions come from the path.
fn yaml_tree_error(error: &serde_yaml::Error) -> TreeError {
    let parts = |path: String, message: String| TreeError { path, message, node: None };
    let mut text = error.to_string();
    if let Some(location) = error.location() {
        let mark = format!(" at line {} column {}", location.line(), location.column());
        if let Some(stripped) = text.strip_suffix(&mark) {
            text = stripped.to_string();
        }
    }
    const MESSAGE_STARTS: &[&str] = &[
        "unknown field `",
        "missing field `",
        "duplicate field `",
        "invalid type: ",
        "invalid value: ",
        "invalid length ",
        "data did not match",
        "unknown variant `",
        "quantities must match",
    ];
    let start = MESSAGE_STARTS
        .iter()
        .filter_map(|pattern| {
            if text.starts_with(pattern) {
                Some(0)
            } else {
                text.find(&format!(": {pattern}")).map(|at| at + 2)
            }
        })
        .min();
    match start {
        Some(0) => parts(String::new(), text),
        Some(at) => parts(text[..at - 2].to_string(), text[at..].to_string()),
        None => match text.split_once(": ") {
            Some((path, message)) if !path.contains(' ') => parts(path.to_string(), message.to_string()),
            _ => parts(String::new(), text),
        },
    }
}

/// `expected one of `a`, `b`` → [a, b].
fn backticked(text: &str) -> Vec<String> {
    text.split('`').skip(1).step_by(2).map(str::to_string).collect()
}

/// serde's Rust type names in words a manifest author knows.
fn friendly_type_names(message: &str) -> String {
    let mut message = message.to_string();
    for (rust, words) in [
        ("expected i64", "expected an integer"),
        ("expected i32", "expected an integer"),
        ("expected u32", "expected an integer"),
        ("expected a sequence", "expected a list"),
        ("expected a map", "expected an object"),
        ("expected a boolean", "expected true or false"),
    ] {
        message = message.replace(rust, words);
    }
    if let Some(at) = message.find("expected struct ") {
        message.replace_range(at.., "expected an object");
    }
    message
}

/// Rewrites every `line N column M` in a libyaml context to file lines: `line N+offset, column M`.
fn shift_marks(text: &str, offset: usize) -> String {
    let mut shifted = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("line ") {
        shifted.push_str(&rest[..at]);
        let after = &rest[at + 5..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        match (after[..digits].parse::<usize>(), after[digits..].strip_prefix(" column ")) {
            (Ok(line), Some(tail)) => {
                shifted.push_str(&format!("line {}, column ", line + offset));
                rest = tail;
            }
            _ => {
                shifted.push_str("line ");
                rest = after;
            }
        }
    }
    shifted.push_str(rest);
    shifted
}

fn has_merge_keys(value: &Value) -> bool {
    match value {
        Value::Mapping(mapping) => {
            mapping.iter().any(|(key, value)| key.as_str() == Some("<<") || has_merge_keys(value))
        }
        Value::Sequence(items) => items.iter().any(has_merge_keys),
        Value::Tagged(tagged) => has_merge_keys(&tagged.value),
        _ => false,
    }
}

/// The value at a field path (`spec.ports[0]`) of an untyped document.
fn value_at<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    let mut current = value;
    for segment in path_segments(path) {
        current = match segment {
            Segment::Key(key) => current.get(key)?,
            Segment::Index(index) => current.get(index)?,
        };
    }
    Some(current)
}

fn value_at_mut<'v>(value: &'v mut Value, path: &str) -> Option<&'v mut Value> {
    let mut current = value;
    for segment in path_segments(path) {
        current = match segment {
            Segment::Key(key) => current.get_mut(key)?,
            Segment::Index(index) => current.get_mut(index)?,
        };
    }
    Some(current)
}

/// JSON `null` is the field's zero value for the API server (`name: null` is no name):
/// drops every null-valued key.
fn strip_nulls(value: &mut Value) {
    match value {
        Value::Mapping(mapping) => {
            mapping.retain(|_, value| !value.is_null());
            for (_, value) in mapping.iter_mut() {
                strip_nulls(value);
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(strip_nulls),
        Value::Tagged(tagged) => strip_nulls(&mut tagged.value),
        _ => {}
    }
}

/// `(parent path, field, expected names)` of serde's "unknown field" error.
fn unknown_field(parts: &TreeError) -> Option<(String, String, Vec<String>)> {
    let rest = parts.message.strip_prefix("unknown field `")?;
    let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
    Some((parts.path.clone(), field.to_string(), backticked(expected)))
}

/// `unknown field "spec.replica" (did you mean "replicas"?)`, and the field's path.
fn unknown_field_detail(parent: &str, field: &str, expected: &[String]) -> (String, String) {
    let suggestion = did_you_mean(field, expected.iter().map(String::as_str))
        .map(|s| format!(" (did you mean {}?)", super::quote(s)))
        .unwrap_or_default();
    let path = if parent.is_empty() { field.to_string() } else { format!("{parent}.{field}") };
    (format!("unknown field {}{suggestion}", super::quote(&path)), path)
}

enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

/// `spec.containers[0].resources.limits[cpu]` → spec, containers, 0, resources, limits, cpu.
fn path_segments(path: &str) -> Vec<Segment<'_>> {
    let mut segments = Vec::new();
    for part in path.split('.') {
        let mut pieces = part.split('[');
        if let Some(key) = pieces.next().filter(|k| !k.is_empty()) {
            segments.push(Segment::Key(key));
        }
        for piece in pieces {
            let inner = piece.trim_end_matches(']');
            match inner.parse::<usize>() {
                Ok(index) => segments.push(Segment::Index(index)),
                Err(_) => segments.push(Segment::Key(inner)),
            }
        }
    }
    segments
}

/// What a block-style line holds, for `locate`.
struct Entry {
    /// Column (0-based) of the first non-space character.
    indent: usize,
    /// Column of the innermost `- ` sequence dash, if the line starts an item.
    dash: Option<usize>,
    /// Column and text of the mapping key on this line, if any.
    key: Option<(usize, String)>,
}

fn entry(line: &str) -> Option<Entry> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let mut col = indent;
    let mut rest = &line[indent..];
    if rest.is_empty() || rest.starts_with('#') || rest.trim().is_empty() {
        return None;
    }
    let mut dash = None;
    while rest == "-" || rest.starts_with("- ") {
        dash = Some(col);
        let after = rest[1..].trim_start_matches(' ');
        col += rest.len() - after.len();
        rest = after;
    }
    let key = rest.find(':').and_then(|colon| {
        let after = &rest[colon + 1..];
        if !(after.is_empty() || after.starts_with([' ', '\r', '\n'])) {
            return None;
        }
        let key = rest[..colon].trim().trim_matches(['"', '\'']);
        let plain = !key.is_empty() && !key.contains(['{', '[', ' ', ',']);
        plain.then(|| (col, key.to_string()))
    });
    Some(Entry { indent, dash, key })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn documents(text: &str) -> Vec<(usize, Option<usize>)> {
        split_documents(text).iter().map(|d| (d.start_line, d.content_line)).collect()
    }

    #[test]
    fn splits_documents_keeping_lines() {
        assert_eq!(documents("a: 1\n---\nb: 2\n"), vec![(1, Some(1)), (2, Some(3))]);
        assert_eq!(documents("---\n# only a comment\n---\n\n---\nc: 3\n"), vec![(5, Some(6))]);
        assert_eq!(documents("--- {a: 1}\n----\n"), vec![(1, Some(1))]);
        assert_eq!(documents(""), vec![]);
        let docs = split_documents("a: 1\n--- # next\nb: 2\n...\n");
        assert_eq!(docs[1].text, "    # next\nb: 2\n");
    }

    #[test]
    fn locates_block_paths() {
        let text = "x: 0\n---\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        image: b\n      - name: c\n        resources:\n          limits:\n            memory: 1\n";
        let docs = split_documents(text);
        let doc = &docs[1];
        assert_eq!(locate(doc, "spec.template.spec.containers[1].resources.limits.memory"), Some((12, 13)));
        assert_eq!(locate(doc, "spec.template.spec.containers[0].image"), Some((8, 9)));
        assert_eq!(locate(doc, "spec.template.spec.containers[1].name"), Some((9, 9)));
        assert_eq!(locate(doc, "spec.template.spec.containers[1].resources.limits[memory]"), Some((12, 13)));
        // A missing leaf points at its deepest present parent.
        assert_eq!(locate(doc, "spec.template.spec.containers[0].ports"), Some((7, 7)));
        assert_eq!(locate_exact(doc, "spec.template.spec.containers[0].ports"), None);
        assert_eq!(locate_exact(doc, "spec.template.spec.containers[0]"), Some((7, 7)));
        assert_eq!(locate(doc, "status"), None);
    }

    #[test]
    fn locates_sequences_at_key_indent() {
        let text = "spec:\n  containers:\n  - name: a\n    image: b\n  - name: c\n  restartPolicy: Never\n";
        let docs = split_documents(text);
        assert_eq!(locate(&docs[0], "spec.containers[1].name"), Some((5, 5)));
        assert_eq!(locate(&docs[0], "spec.restartPolicy"), Some((6, 3)));
    }

    #[test]
    fn shifts_context_marks() {
        assert_eq!(
            shift_marks(", while parsing a flow sequence at line 1 column 4", 10),
            ", while parsing a flow sequence at line 11, column 4"
        );
        assert_eq!(shift_marks("no marks, line x", 3), "no marks, line x");
    }

    #[test]
    fn friendly_types() {
        assert_eq!(
            friendly_type_names("invalid type: string \"three\", expected i64"),
            "invalid type: string \"three\", expected an integer"
        );
        assert_eq!(
            friendly_type_names("invalid type: sequence, expected struct DeploymentSpec"),
            "invalid type: sequence, expected an object"
        );
    }
}
