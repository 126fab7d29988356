//! kubectl's wording for the engine's typed errors (`engine::ApiError`, `ApplyError`): the one
//! place that writes `Error from server (NotFound): ...` and `The Pod "x" is invalid: ...`.
//! `Display` (and `From<_> for String`, so that `?` works in functions that return text) are
//! implemented here, on the printing side, for the same words.

use crate::engine::{ApiError, ApplyError, BadRequest, Forbidden, Invalid};
use std::fmt;

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&api_error(self))
    }
}

impl fmt::Display for ApplyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApplyError::Manifest(error) => error.fmt(f),
            ApplyError::Api(error) => error.fmt(f),
        }
    }
}

impl From<ApiError> for String {
    fn from(error: ApiError) -> String {
        api_error(&error)
    }
}

impl From<ApplyError> for String {
    fn from(error: ApplyError) -> String {
        error.to_string()
    }
}

/// What follows `The KIND "NAME" is invalid: FIELD: ` in the API server's message.
fn invalid_reason(reason: &Invalid) -> String {
    match reason {
        Invalid::Immutable { value } => format!("Invalid value: {value}: field is immutable"),
        Invalid::PodUpdate => "Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)".to_string(),
        Invalid::ClusterIpChanged { ip } => format!("Invalid value: []string{{\"{ip}\"}}: may not change once set"),
        Invalid::ClusterIpOutOfRange { ip, range } => format!(
            "Invalid value: []string{{\"{ip}\"}}: failed to allocate IP {ip}: the provided IP ({ip}) is not in the valid range. The range of valid IPs is {range}"
        ),
        Invalid::ClusterIpAllocated { ip } => {
            format!("Invalid value: []string{{\"{ip}\"}}: failed to allocate IP {ip}: provided IP is already allocated")
        }
    }
}

/// kubectl's client-side check before `logs` (and kubeplay's `kill`): an unknown container is
/// reported without the server's prefix.
pub fn client_error(error: &ApiError) -> String {
    match error {
        ApiError::BadRequest(BadRequest::ContainerNotValid { pod, container }) => {
            format!("error: container {container} is not valid for pod {pod}")
        }
        other => api_error(other),
    }
}

/// The message kubectl prints for a failed request, without a trailing newline.
pub fn api_error(error: &ApiError) -> String {
    match error {
        ApiError::NotFound { resource, name } => {
            format!("Error from server (NotFound): {resource} \"{name}\" not found")
        }
        ApiError::AlreadyExists { resource, name } => {
            format!("Error from server (AlreadyExists): {resource} \"{name}\" already exists")
        }
        ApiError::Invalid { kind, name, field, reason } => {
            format!("The {kind} \"{name}\" is invalid: {field}: {}", invalid_reason(reason))
        }
        ApiError::Forbidden { resource, name, reason } => {
            let why = match reason {
                Forbidden::NodesAreMachines { deleting: true } => {
                    format!("kubeplay nodes are machines; use `node power-off {name}`")
                }
                Forbidden::NodesAreMachines { deleting: false } => {
                    "kubeplay nodes are machines; add them with a scenario's spec.nodes".to_string()
                }
                Forbidden::ExceededQuota(exceeded) => exceeded.detail(),
            };
            format!("Error from server (Forbidden): {resource} \"{name}\" is forbidden: {why}")
        }
        ApiError::BadRequest(BadRequest::NoSuchContainer { container }) => {
            format!("error: unable to find container named \"{container}\"")
        }
        ApiError::BadRequest(BadRequest::NoSuchRevision { revision }) => {
            format!("error: unable to find specified revision {revision} in history")
        }
        ApiError::BadRequest(BadRequest::NoRolloutHistory { deployment }) => {
            format!("error: no rollout history found for deployment \"{deployment}\"")
        }
        ApiError::BadRequest(BadRequest::NoLoadRunning { service: Some(service) }) => {
            format!("error: no load is running on service/{service}")
        }
        ApiError::BadRequest(BadRequest::NoLoadRunning { service: None }) => "error: no load is running".to_string(),
        ApiError::BadRequest(BadRequest::ContainerNotValid { pod, container }) => {
            format!("Error from server (BadRequest): container {container} is not valid for pod {pod}")
        }
        ApiError::BadRequest(BadRequest::ContainerWaiting { pod, container }) => format!(
            "Error from server (BadRequest): container \"{container}\" in pod \"{pod}\" is waiting to start: ContainerCreating"
        ),
        ApiError::BadRequest(BadRequest::NoPreviousContainer { pod, container }) => format!(
            "Error from server (BadRequest): previous terminated container \"{container}\" in pod \"{pod}\" not found"
        ),
        ApiError::BadRequest(BadRequest::PodNotRunning { pod }) => {
            format!("error: pod {pod} has no running containers (its node is down or it has not started)")
        }
        ApiError::BadRequest(BadRequest::ContainerNotRunning { pod, container }) => {
            format!("error: container {container} in pod {pod} is not running")
        }
        ApiError::BadRequest(BadRequest::NoConnection { container: None }) => {
            "error: unable to upgrade connection: container not found".to_string()
        }
        ApiError::BadRequest(BadRequest::NoConnection { container: Some(container) }) => {
            format!("error: unable to upgrade connection: container not found (\"{container}\")")
        }
        ApiError::BadRequest(BadRequest::ExecFailed { cause }) => {
            format!("error: Internal error occurred: error executing command in container: {cause}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_errors_are_worded_as_kubectl_words_them() {
        let check = |error: ApiError, expected: &str| assert_eq!(api_error(&error), expected);
        check(ApiError::not_found("pods", "web-1"), "Error from server (NotFound): pods \"web-1\" not found");
        check(
            ApiError::AlreadyExists { resource: "horizontalpodautoscalers.autoscaling", name: "web".into() },
            "Error from server (AlreadyExists): horizontalpodautoscalers.autoscaling \"web\" already exists",
        );
        check(
            ApiError::Forbidden {
                resource: "nodes",
                name: "node-1".into(),
                reason: Forbidden::NodesAreMachines { deleting: true },
            },
            "Error from server (Forbidden): nodes \"node-1\" is forbidden: kubeplay nodes are machines; use `node power-off node-1`",
        );
        check(
            ApiError::BadRequest(BadRequest::NoSuchRevision { revision: 7 }),
            "error: unable to find specified revision 7 in history",
        );
        check(
            ApiError::BadRequest(BadRequest::NoRolloutHistory { deployment: "web".into() }),
            "error: no rollout history found for deployment \"web\"",
        );
        let invalid = |kind, field, reason| ApiError::Invalid { kind, name: "web".into(), field, reason };
        check(
            invalid("Service", "spec.clusterIPs[0]", Invalid::ClusterIpChanged { ip: "10.96.0.9".into() }),
            "The Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.9\"}: may not change once set",
        );
        check(
            invalid("Deployment", "spec.selector", Invalid::Immutable { value: "v1.LabelSelector{}".into() }),
            "The Deployment \"web\" is invalid: spec.selector: Invalid value: v1.LabelSelector{}: field is immutable",
        );
        let error = ApiError::not_found("pods", "x");
        assert_eq!(error.to_string(), api_error(&error), "Display is the same words");
        assert_eq!(String::from(ApplyError::Api(error.clone())), api_error(&error));
    }
}
