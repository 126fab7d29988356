//! `kubectl port-forward` and a request through it: one HTTP GET to a pod's container port,
//! answered by the container's app as a probe or a Service request would be (the request
//! counts, so seed 003's app answers 500 after its fifth).

use crate::engine::apps::app_log::{Client, CURL_USER_AGENT};
use crate::engine::apps::{self, HttpOutcome};
use crate::engine::kubelet::CState;
use crate::engine::Cluster;

/// What a forwarded request got.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ForwardOutcome {
    /// The app answered with a status and a body.
    Answered { status: u16, body: String },
    /// The pod has no running container listening on the port.
    Refused,
    /// The pod the forward was set up for is gone.
    PodGone,
}

impl Cluster {
    /// One GET of `path` on `pod`'s container `port` (by curl: the app logs it as a request
    /// from `127.0.0.1`, where the forward enters the pod).
    pub fn pod_http_get(&mut self, pod: &str, port: i64, path: &str) -> ForwardOutcome {
        let now = self.now();
        let max_log = self.log_budget();
        if self.store.pod(pod).is_none() {
            return ForwardOutcome::PodGone;
        }
        let Some(rt) = self.runtimes.get_mut(pod) else { return ForwardOutcome::Refused };
        let listening = rt.containers.iter().position(|c| c.profile.listen_ports.contains(&port));
        let Some(c) = listening.and_then(|idx| rt.containers.get_mut(idx)) else { return ForwardOutcome::Refused };
        if !matches!(c.state, CState::Running { .. }) {
            return ForwardOutcome::Refused;
        }
        match apps::http_get(&c.profile, &mut c.app, port, path, now) {
            HttpOutcome::Status(status) => {
                let client = Client { ip: "127.0.0.1", user_agent: CURL_USER_AGENT };
                c.log_requests(client, path, 1, u64::from(status == 200), status, now, max_log);
                ForwardOutcome::Answered { status, body: apps::response_body(&c.profile, &c.app, status) }
            }
            HttpOutcome::ConnectionRefused => ForwardOutcome::Refused,
        }
    }
}
