//! What the cluster answers when a request fails, and what a playground verb did, as values.
//! kubectl's wording for them is produced on the printing side (`print::errors`, the verb
//! modules of `cmd`): nothing under `src/engine` formats a user-facing message, so the UI can
//! tell outcomes apart and tests can match on them.

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
}

/// Why a request is forbidden.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Forbidden {
    /// kubeplay's nodes are the playground's machines: they are not created or deleted
    /// through the API. `deleting` tells a delete from a create.
    NodesAreMachines { deleting: bool },
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

/// What `kubectl drain` did: the node was cordoned (or already was), then each pod evicted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DrainReport {
    /// The node was already unschedulable before the drain.
    pub already_cordoned: bool,
    /// The evicted pods, in name order.
    pub evicted: Vec<String>,
}
