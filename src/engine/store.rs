//! The object store: what the API server would hold. One namespace (`default`); objects keyed
//! by name in `BTreeMap`s so every listing is in name order, as kubectl prints it. Pods are
//! indexed by node and by controlling owner so that node- and controller-wide passes stay cheap
//! on large clusters. The objects, the indexes' name sets and the sizes are boxed so that all
//! these maps share one copy of the B-tree's code in the wasm (docs/size.md).

use crate::api::*;
use crate::name_set::NameSet;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default)]
pub struct Store {
    pods: BTreeMap<String, Box<Pod>>,
    pods_by_node: BTreeMap<String, Box<NameSet>>,
    pods_by_owner: BTreeMap<String, Box<NameSet>>,
    pub deployments: BTreeMap<String, Box<Deployment>>,
    pub replicasets: BTreeMap<String, Box<ReplicaSet>>,
    pub services: BTreeMap<String, Box<Service>>,
    pub endpointslices: BTreeMap<String, Box<EndpointSlice>>,
    pub nodes: BTreeMap<String, Box<Node>>,
    pub hpas: BTreeMap<String, Box<HorizontalPodAutoscaler>>,
    resource_version: u64,
    /// Each pod's size as JSON when it was stored, and their sum (the quota's `pod-bytes`).
    pod_sizes: BTreeMap<String, Box<usize>>,
    pod_bytes: usize,
}

/// Bytes of `value` as JSON.
pub fn json_size<T: crate::manifest::emit::ToJson>(value: &T) -> usize {
    crate::manifest::emit::to_json_vec(value).map_or(0, |json| json.len())
}

impl Store {
    pub fn next_resource_version(&mut self) -> String {
        self.resource_version += 1;
        self.resource_version.to_string()
    }

    pub fn pods(&self) -> &BTreeMap<String, Box<Pod>> {
        &self.pods
    }

    pub fn pod(&self, name: &str) -> Option<&Pod> {
        self.pods.get(name).map(|p| &**p)
    }

    /// Mutable access for status and metadata changes. Node binding and ownership must go
    /// through `bind_pod` / `insert_pod` so the indexes stay right.
    pub fn pod_mut(&mut self, name: &str) -> Option<&mut Pod> {
        self.pods.get_mut(name).map(|p| &mut **p)
    }

    /// Stores a pod (replacing one of the same name). Its size for the quota is `size` when
    /// the caller knows it, else the replaced pod's, else measured.
    pub fn insert_pod(&mut self, pod: Pod) {
        self.insert_pod_sized(pod, None);
    }

    pub fn insert_pod_sized(&mut self, pod: Pod, size: Option<usize>) {
        let name = pod.metadata.name.clone();
        let size = size.or_else(|| self.pod_sizes.get(&name).map(|size| **size)).unwrap_or_else(|| json_size(&pod));
        self.remove_pod(&name);
        if let Some(node) = pod.spec.node_name.clone() {
            self.pods_by_node.entry(node).or_default().insert(name.clone());
        }
        if let Some(owner) = pod.controller_ref() {
            self.pods_by_owner.entry(owner.name.clone()).or_default().insert(name.clone());
        }
        self.pod_bytes += size;
        self.pod_sizes.insert(name.clone(), Box::new(size));
        self.pods.insert(name, Box::new(pod));
    }

    /// Bytes of all pods as JSON, as they were stored (the quota's `pod-bytes`).
    pub fn pod_bytes(&self) -> usize {
        self.pod_bytes
    }

    pub fn remove_pod(&mut self, name: &str) -> Option<Pod> {
        let pod = self.pods.remove(name)?;
        if let Some(size) = self.pod_sizes.remove(name) {
            self.pod_bytes = self.pod_bytes.saturating_sub(*size);
        }
        if let Some(node) = &pod.spec.node_name {
            if let Some(set) = self.pods_by_node.get_mut(node) {
                set.remove(name);
            }
        }
        if let Some(owner) = pod.controller_ref() {
            if let Some(set) = self.pods_by_owner.get_mut(&owner.name) {
                set.remove(name);
            }
        }
        Some(*pod)
    }

    pub fn bind_pod(&mut self, name: &str, node: &str) {
        if let Some(pod) = self.pods.get_mut(name) {
            pod.spec.node_name = Some(node.to_string());
            self.pods_by_node.entry(node.to_string()).or_default().insert(name.to_string());
        }
    }

    /// Names of the pods bound to `node`, in name order.
    pub fn pods_on_node(&self, node: &str) -> Vec<String> {
        self.pods_by_node.get(node).map(|s| s.iter().cloned().collect()).unwrap_or_default()
    }

    /// Names of the pods whose controller is the object called `owner`.
    pub fn pods_owned_by(&self, owner: &str) -> Vec<String> {
        self.pods_by_owner.get(owner).map(|s| s.iter().cloned().collect()).unwrap_or_default()
    }

    /// The pods whose controller is `owner`, without copying names.
    pub fn owned_pods<'a>(&'a self, owner: &str) -> impl Iterator<Item = &'a Pod> + 'a {
        self.pods_by_owner.get(owner).into_iter().flat_map(move |set| set.iter().filter_map(move |p| self.pod(p)))
    }

    pub fn pods_owned_by_count(&self, owner: &str) -> usize {
        self.pods_by_owner.get(owner).map(|s| s.len()).unwrap_or(0)
    }
}
