//! Random command sequences (seeded, so failures reproduce) never panic and keep the
//! invariants: unique UIDs; each pod on at most one node and indexed there; no pod on a
//! powered-off node becomes Ready; once every node is back and the cluster is quiet, each
//! Deployment has exactly its replicas, all ready.

use crate::support::*;
use kubeplay::cmd::{self, NoFiles};
use kubeplay::engine::rng::SimRng;
use kubeplay::engine::time::{SimDuration, SimTime};
use kubeplay::engine::Cluster;
use std::collections::{BTreeMap, BTreeSet};

fn random_command(rng: &mut SimRng, cluster: &Cluster) -> String {
    let pods: Vec<String> = cluster.store().pods().keys().cloned().collect();
    let pod = || pods.first().cloned().unwrap_or_else(|| "none".into());
    let pick_pod =
        |rng: &mut SimRng| if pods.is_empty() { pod() } else { pods[rng.below(pods.len() as u32) as usize].clone() };
    let node = format!("node-{}", 1 + rng.below(3));
    match rng.below(14) {
        0 => format!("kubectl scale deploy/web --replicas={}", rng.below(7)),
        1 => format!("kill {}", pick_pod(rng)),
        2 => format!("kill {} --exit-code {}", pick_pod(rng), rng.below(3)),
        3 => format!("kubectl delete pod {}", pick_pod(rng)),
        4 => format!("kubectl delete pod {} --grace-period=0 --force", pick_pod(rng)),
        5 => format!("node power-off {node}"),
        6 => format!("node power-on {node}"),
        7 => format!("node disconnect {node}"),
        8 => format!("node reconnect {node}"),
        9 => format!("kubectl cordon {node}"),
        10 => format!("kubectl uncordon {node}"),
        11 => format!("kubectl set image deployment/web nginx=nginx:1.{}", 20 + rng.below(8)),
        12 => format!("kubectl exec {} -- sh -c 'kill 1'", pick_pod(rng)),
        _ => format!("sleep {}s", 1 + rng.below(120)),
    }
}

fn check_invariants(cluster: &Cluster, powered_off_since: &BTreeMap<String, SimTime>) {
    let mut uids = BTreeSet::new();
    for (name, pod) in cluster.store().pods() {
        assert!(uids.insert(pod.metadata.uid.clone()), "duplicate uid on {name}");
        let indexed: Vec<String> =
            cluster.store().nodes.keys().filter(|n| cluster.store().pods_on_node(n).contains(name)).cloned().collect();
        match &pod.spec.node_name {
            Some(node) => assert_eq!(indexed, vec![node.clone()], "{name} indexed on {indexed:?}"),
            None => assert!(indexed.is_empty(), "unbound {name} indexed on {indexed:?}"),
        }
        if let (Some(node), Some(ready)) = (&pod.spec.node_name, pod.condition("Ready")) {
            if let Some(off) = powered_off_since.get(node) {
                if ready.status == "True" {
                    assert!(
                        ready.last_transition_time.is_none_or(|t| t <= *off),
                        "{name} became Ready on powered-off {node}"
                    );
                }
            }
        }
    }
}

#[test]
fn random_sequences_keep_invariants() {
    for seed in 0..24u64 {
        let mut cluster = Cluster::new(seed);
        let mut rng = SimRng::new(seed * 31 + 5);
        apply(&mut cluster, WEB3);
        let mut powered_off_since: BTreeMap<String, SimTime> = BTreeMap::new();
        for _ in 0..40 {
            let line = random_command(&mut rng, &cluster);
            let _ = cmd::run(&mut cluster, &NoFiles, &line);
            for node in cluster.node_names() {
                if cluster.node_powered(&node) {
                    powered_off_since.remove(&node);
                } else {
                    powered_off_since.entry(node).or_insert(cluster.now());
                }
            }
            cluster.run_for(SimDuration::from_secs(rng.below(20) as u64));
            check_invariants(&cluster, &powered_off_since);
        }
        // Heal everything and wait: the Deployment must converge.
        for node in cluster.node_names() {
            for line in
                [format!("node power-on {node}"), format!("node reconnect {node}"), format!("kubectl uncordon {node}")]
            {
                let _ = cmd::run(&mut cluster, &NoFiles, &line);
            }
        }
        cluster.run_for(SimDuration::from_secs(1200));
        let d = &cluster.store().deployments["web"];
        let want = d.spec.replicas.unwrap_or(1);
        let status = d.status.clone().expect("status");
        let active: Vec<String> = pods_with_prefix(&cluster, "web-")
            .into_iter()
            .filter(|p| cluster.store().pod(p).is_some_and(|p| p.is_active()))
            .collect();
        assert_eq!(active.len() as i64, want, "seed {seed}: active pods {active:?}");
        assert_eq!(
            (status.replicas, status.ready_replicas, status.updated_replicas),
            (want, want, want),
            "seed {seed}: {status:?}"
        );
    }
}
