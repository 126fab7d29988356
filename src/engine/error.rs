//! What the cluster answers when a request fails, and what a playground verb did, as values.
//! kubectl's wording for them is produced on the printing side (`print::errors`, which also
//! implements `Display` for `ApiError` and `ApplyError`, and the verb modules of `cmd`):
//! nothing under `src/engine` formats a user-facing message, so the UI can tell outcomes
//! apart and tests can match on them.

use crate::engine::time::SimDuration;

/// A request the simulated API server (or the kubelet behind it) refuses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// No such object. `resource` is the REST resource as kubectl names it in errors
    /// (`pods`, `deployments.apps`, `horizontalpodautoscalers.autoscaling`).
    NotFound { resource: &'static str, name: String },
    /// `create` of an object that exists.
    AlreadyExists { resource: &'static str, name: String },
    /// The server understood the request and refuses it for this object.
    Forbidden { resource: &'static str, name: String, reason: Forbidden },
    /// The request does not fit the object (`kubectl set image` of a container the
    /// Deployment does not have, `rollout undo` to a revision that does not exist).
    BadRequest(BadRequest),
    /// The object fails validation: `field` is the path (`spec.selector`), `reason` why.
    Invalid { kind: &'static str, name: String, field: &'static str, reason: Invalid },
}

/// Why an object is invalid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Invalid {
    /// The field may not change once the object exists; `value` is the new value, as Go's
    /// `%v` prints it.
    Immutable { value: String },
    /// Pods are immutable apart from a few fields (upstream `ValidatePodUpdate`).
    PodUpdate,
    /// A Service's cluster IP may not change once set.
    ClusterIpChanged { ip: String },
    /// The requested cluster IP is outside the Service range.
    ClusterIpOutOfRange { ip: String, range: &'static str },
    /// The requested cluster IP belongs to another Service.
    ClusterIpAllocated { ip: String },
}

/// Why `apply` (or `create -f`) failed: the YAML itself (with its line and column, for an
/// editor), or what the API server says about an object in it.
#[derive(Clone, Debug, PartialEq)]
pub enum ApplyError {
    Manifest(crate::manifest::ManifestError),
    Api(ApiError),
}

impl From<ApiError> for ApplyError {
    fn from(error: ApiError) -> ApplyError {
        ApplyError::Api(error)
    }
}

/// Why a request is forbidden.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Forbidden {
    /// kubeplay's nodes are the playground's machines: they are not created or deleted
    /// through the API. `deleting` tells a delete from a create.
    NodesAreMachines { deleting: bool },
    /// The cluster's quota (`engine::quota`) has no room for the object.
    ExceededQuota(crate::engine::quota::Exceeded),
}

/// A request that does not fit the object it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BadRequest {
    /// `set image`: the Deployment's pod template has no container of this name.
    NoSuchContainer { container: String },
    /// `rollout undo --to-revision=N`: no ReplicaSet of the Deployment carries revision N.
    NoSuchRevision { revision: i64 },
    /// `rollout undo` without a revision: nothing older to go back to.
    NoRolloutHistory { deployment: String },
    /// `load stop [SERVICE]` with no load running (on that Service).
    NoLoadRunning { service: Option<String> },
    /// The pod has no container of this name.
    ContainerNotValid { pod: String, container: String },
    /// The container has not started yet (`ContainerCreating`): it has no logs.
    ContainerWaiting { pod: String, container: String },
    /// `logs --previous` of a container that never restarted.
    NoPreviousContainer { pod: String, container: String },
    /// `kill`: the pod's containers do not run (its node is down, or it has not started).
    PodNotRunning { pod: String },
    /// `kill`: this container does not run right now.
    ContainerNotRunning { pod: String, container: String },
    /// `exec`: no connection to the container: its node is unreachable or it has no runtime
    /// (`container` is None), or it is not running (`container` names it).
    NoConnection { container: Option<String> },
    /// `exec`: the command could not be run in the container; `cause` is the runtime's reason.
    ExecFailed { cause: String },
}

impl ApiError {
    /// `NotFound` for `resource`/`name`.
    pub fn not_found(resource: &'static str, name: &str) -> ApiError {
        ApiError::NotFound { resource, name: name.to_string() }
    }

    /// Whether this is a `NotFound` (what `--ignore-not-found` ignores).
    pub fn is_not_found(&self) -> bool {
        matches!(self, ApiError::NotFound { .. })
    }
}

/// What a playground `node` action did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeOutcome {
    PoweredOff,
    AlreadyOff,
    /// Powered on; its kubelet comes up after `boot`.
    PoweringOn {
        boot: SimDuration,
    },
    AlreadyOn,
    /// Cut from the control plane; its containers keep running.
    Disconnected,
    Reconnected,
    AlreadyConnected,
}

/// What the playground's `kill` did: the container's main process exited with `exit_code`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Killed {
    pub container: String,
    pub exit_code: i32,
    /// The kernel's OOM killer did it (reason `OOMKilled`).
    pub oom_killed: bool,
}

/// What `kubectl drain` did: the node was cordoned (or already was), then each pod evicted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DrainReport {
    /// The node was already unschedulable before the drain.
    pub already_cordoned: bool,
    /// The evicted pods, in name order.
    pub evicted: Vec<String>,
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                out.push(path);
            }
        }
    }

    /// kubectl's wording lives on the printing side: no engine file writes an
    /// `Error from server (...)` or `error: ...` message. The files listed still have boundaries
    /// that return text; the list may only shrink (an entry without such text fails too).
    #[test]
    fn the_engine_does_not_word_kubectl_errors() {
        const NOT_TYPED_YET: &[&str] = &[];
        // Split so that this file does not match itself.
        const NEEDLES: [&str; 2] = [concat!("\"Error from", " server"), concat!("\"error", ": ")];
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/engine");
        let mut files = Vec::new();
        rust_files(&root, &mut files);
        for path in files {
            let relative = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
            let text = std::fs::read_to_string(&path).unwrap();
            let worded: Vec<&str> =
                text.lines().filter(|line| NEEDLES.iter().any(|needle| line.contains(needle))).map(str::trim).collect();
            if NOT_TYPED_YET.contains(&relative.as_str()) {
                assert!(!worded.is_empty(), "{relative} returns typed errors now: remove it from NOT_TYPED_YET");
            } else {
                assert!(worded.is_empty(), "{relative} words kubectl errors (return an ApiError): {worded:#?}");
            }
        }
    }

    /// An editor can underline the line a manifest error is on, and tell an API refusal
    /// from a YAML mistake.
    #[test]
    fn apply_errors_keep_the_manifest_position_and_the_api_reason() {
        use super::*;
        let mut cluster = crate::engine::Cluster::new(1);
        let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: nginx\n    bogus: 1\n";
        let Err(ApplyError::Manifest(error)) = cluster.apply_yaml(yaml) else { panic!("an unknown field is refused") };
        assert_eq!(error.line, Some(9), "{error:?}");
        let node = "apiVersion: v1\nkind: Node\nmetadata:\n  name: node-9\n";
        let refused = cluster.apply_yaml(node).unwrap_err();
        let reason = Forbidden::NodesAreMachines { deleting: false };
        assert_eq!(refused, ApplyError::Api(ApiError::Forbidden { resource: "nodes", name: "node-9".into(), reason }));
    }
}
