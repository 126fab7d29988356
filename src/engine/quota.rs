//! kubeplay's cluster-wide quota: at most `MAX_PODS` pods of `MAX_POD_BYTES` together and
//! `MAX_OBJECTS` other objects (Deployments, ReplicaSets, Services, HorizontalPodAutoscalers
//! together), so that a small file cannot create 100,000 pods, nor 1,000 copies of a big
//! template. It works like a ResourceQuota named `kubeplay` that every
//! cluster has: a create past it is refused with the API server's `exceeded quota` message
//! (`kubectl apply`, `create`, `run`, `expose`, ...), and a controller that cannot create a pod
//! (or a Deployment's new ReplicaSet) records a `FailedCreate` warning event and retries later,
//! as the ReplicaSet controller does when a real quota is full.

use crate::engine::error::{ApiError, Forbidden};
use crate::engine::time::SimDuration;
use crate::engine::{Cluster, Ev, Resync};

/// Pods in the cluster, whatever their phase. A classroom cluster holds tens; the largest
/// benchmark 30,000 (it raises the quota).
pub const MAX_PODS: usize = 10_000;
/// Deployments, ReplicaSets, Services and HorizontalPodAutoscalers together.
pub const MAX_OBJECTS: usize = 10_000;
/// All pods together as JSON (`pod-bytes`): 10,000 pods of 25 KB, or 1,000 of 250 KB. A
/// classroom pod is 1 to 3 KB; this stops a big template times many replicas.
pub const MAX_POD_BYTES: usize = 256 << 20;
/// The quota's name in messages (`exceeded quota: kubeplay, ...`).
pub const QUOTA_NAME: &str = "kubeplay";
/// A controller refused by the quota tries again after this long (its work queue's back-off).
pub const RETRY_AFTER: SimDuration = SimDuration::from_secs(10);

/// The limits in effect; `Cluster::quota` can raise them (benchmarks of very large clusters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quota {
    pub pods: usize,
    pub objects: usize,
    pub pod_bytes: usize,
}

impl Default for Quota {
    fn default() -> Quota {
        Quota { pods: MAX_PODS, objects: MAX_OBJECTS, pod_bytes: MAX_POD_BYTES }
    }
}

/// What the quota counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counted {
    /// `pods`
    Pods,
    /// `count/objects`: Deployments, ReplicaSets, Services and HorizontalPodAutoscalers.
    Objects,
    /// `kubeplay.dev/pod-bytes`: the size of all pods as JSON.
    PodBytes,
}

impl Counted {
    /// The resource name as a ResourceQuota status spells it.
    pub fn resource(self) -> &'static str {
        match self {
            Counted::Pods => "pods",
            Counted::Objects => "count/objects",
            Counted::PodBytes => "kubeplay.dev/pod-bytes",
        }
    }
}

/// Why a create was refused: `used` + `requested` would pass `limited`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Exceeded {
    pub counted: Counted,
    pub requested: usize,
    pub used: usize,
    pub limited: usize,
}

impl Exceeded {
    /// The API server's words after `... is forbidden: `.
    pub fn detail(&self) -> String {
        let r = self.counted.resource();
        format!(
            "exceeded quota: {QUOTA_NAME}, requested: {r}={}, used: {r}={}, limited: {r}={}",
            self.requested, self.used, self.limited
        )
    }
}

impl Cluster {
    /// Objects the quota counts as `count/objects`.
    pub fn object_count(&self) -> usize {
        let s = &self.store;
        s.deployments.len() + s.replicasets.len() + s.services.len() + s.hpas.len()
    }

    /// Whether `requested` more of `counted` fit the quota.
    pub fn quota_check(&self, counted: Counted, requested: usize) -> Result<(), Exceeded> {
        let (used, limited) = match counted {
            Counted::Pods => (self.store.pods().len(), self.quota.pods),
            Counted::Objects => (self.object_count(), self.quota.objects),
            Counted::PodBytes => (self.store.pod_bytes(), self.quota.pod_bytes),
        };
        if used.saturating_add(requested) > limited {
            return Err(Exceeded { counted, requested, used, limited });
        }
        Ok(())
    }

    /// `quota_check` as the API server's refusal of creating `resource` `name`.
    pub(crate) fn quota_admit(
        &self,
        counted: Counted,
        requested: usize,
        resource: &'static str,
        name: &str,
    ) -> Result<(), ApiError> {
        self.quota_check(counted, requested).map_err(|exceeded| ApiError::Forbidden {
            resource,
            name: name.to_string(),
            reason: Forbidden::ExceededQuota(exceeded),
        })
    }
}

impl Cluster {
    /// A controller refused by the quota: a `FailedCreate` warning on `kind`/`name`, and one
    /// retry after `RETRY_AFTER` (a later refusal replaces the pending retry, so a blocked
    /// controller keeps one timer, however often it syncs).
    pub(crate) fn quota_refused(&mut self, what: Resync, message: String) {
        let (kind, name, source) = match &what {
            Resync::ReplicaSet(name) => ("ReplicaSet", name.clone(), "replicaset-controller"),
            Resync::Deployment(name) => ("Deployment", name.clone(), "deployment-controller"),
        };
        self.record("Warning", "FailedCreate", kind, &name, message, source);
        let key = self.schedule_in(RETRY_AFTER, Ev::Resync { what: what.clone() });
        if let Some(previous) = self.quota_retries.insert(what, key) {
            self.cancel(previous);
        }
    }
}
