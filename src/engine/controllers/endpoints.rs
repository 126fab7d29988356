//! The EndpointSlice controller: one slice per Service listing the pods its selector matches,
//! with ready / serving / terminating conditions. Models staging endpointslice reconciler and
//! pkg/controller/util/endpoint ShouldPodBeInEndpoints (v1.35).

use crate::api::*;
use crate::engine::Cluster;

impl Cluster {
    pub(crate) fn sync_endpoints(&mut self) {
        if self.store.services.is_empty() {
            return;
        }
        let services: Vec<Service> = self.store.services.values().map(|o| (**o).clone()).collect();
        for svc in services {
            // A Service without a selector has its endpoints managed by someone else (the
            // `kubernetes` Service's by the API server).
            if svc.spec.selector.is_empty() {
                continue;
            }
            let name = svc.metadata.name.clone();
            let publish = svc.spec.publish_not_ready_addresses == Some(true);
            let mut endpoints = Vec::new();
            if !svc.spec.selector.is_empty() {
                for pod in self.store.pods().values() {
                    if !labels_match(&svc.spec.selector, &pod.metadata.labels) {
                        continue;
                    }
                    let Some(ip) = pod.status.as_ref().and_then(|s| s.pod_ip.clone()) else { continue };
                    if matches!(pod.phase(), "Succeeded" | "Failed") {
                        continue;
                    }
                    let terminating = pod.is_terminating();
                    let serving = pod.is_ready();
                    endpoints.push(Endpoint {
                        addresses: vec![ip],
                        conditions: EndpointConditions {
                            ready: publish || (serving && !terminating),
                            serving,
                            terminating,
                        },
                        node_name: pod.spec.node_name.clone(),
                        target_ref: Some(EndpointTargetRef { kind: "Pod".into(), name: pod.metadata.name.clone() }),
                    });
                }
            }
            let ports = svc
                .spec
                .ports
                .iter()
                .map(|p| EndpointPort {
                    name: p.name.clone().or(Some(String::new())).filter(|n| !n.is_empty()),
                    port: match &p.target_port {
                        Some(IntOrString::Int(n)) => *n,
                        _ => p.port,
                    },
                    protocol: p.protocol.clone().unwrap_or_else(|| "TCP".into()),
                })
                .collect();
            let existing = self.store.endpointslices.get(&name).map(|o| (**o).clone());
            let slice_name = match &existing {
                Some(s) => s.metadata.name.clone(),
                None => format!("{name}-{}", self.rng.name_suffix(5)),
            };
            let mut labels = Labels::new();
            labels.insert("kubernetes.io/service-name".into(), name.clone());
            labels.insert("endpointslice.kubernetes.io/managed-by".into(), "endpointslice-controller.k8s.io".into());
            let slice = EndpointSlice {
                api_version: "discovery.k8s.io/v1".into(),
                kind: "EndpointSlice".into(),
                metadata: ObjectMeta {
                    name: slice_name,
                    namespace: Some("default".into()),
                    labels,
                    creation_timestamp: existing
                        .as_ref()
                        .and_then(|e| e.metadata.creation_timestamp)
                        .or(Some(self.now())),
                    ..Default::default()
                },
                address_type: "IPv4".into(),
                endpoints,
                ports,
            };
            if existing.as_ref().map(|e| (&e.endpoints, &e.ports)) != Some((&slice.endpoints, &slice.ports)) {
                self.store.endpointslices.insert(name, Box::new(slice));
            }
        }
        let stale: Vec<String> =
            self.store.endpointslices.keys().filter(|k| !self.store.services.contains_key(*k)).cloned().collect();
        for k in stale {
            self.store.endpointslices.remove(&k);
        }
    }
}
