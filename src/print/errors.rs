//! kubectl's wording for the engine's typed errors (`engine::ApiError`): the one place that
//! writes `Error from server (NotFound): ...`.

use crate::engine::{ApiError, BadRequest, Forbidden};

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
        ApiError::Forbidden { resource, name, reason } => {
            let why = match reason {
                Forbidden::NodesAreMachines { deleting: true } => {
                    format!("kubeplay nodes are machines; use `node power-off {name}`")
                }
                Forbidden::NodesAreMachines { deleting: false } => {
                    "kubeplay nodes are machines; add them with a scenario's spec.nodes".to_string()
                }
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
    }
}
