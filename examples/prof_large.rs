use kubeplay::engine::{time::SimDuration, Cluster, ClusterConfig};
use std::time::Instant;
fn main() {
    let nodes: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100);
    let deployments: usize = nodes * 3 / 10;
    let m = std::fs::read_to_string("/tmp/m2.yaml").unwrap();
    let mut config = ClusterConfig::with_nodes(1, nodes);
    for n in &mut config.nodes {
        n.cpu_millis = 64000;
        n.memory_bytes = 256 << 30;
    }
    let mut c = Cluster::with_config(config);
    let t = Instant::now();
    for d in 0..deployments {
        c.apply_yaml(&m.replace("NAME", &format!("app-{d}"))).unwrap();
    }
    let t_apply = t.elapsed();
    c.run_for(SimDuration::from_secs(60));
    let t_start = t.elapsed();
    c.run_for(SimDuration::from_secs(540));
    let mut reasons = std::collections::BTreeMap::new();
    for e in c.events().events() {
        *reasons.entry(e.reason.clone()).or_insert(0u64) += e.count as u64;
    }
    println!("{:?}", reasons);
    println!(
        "nodes {nodes} pods {} apply {:?} first-min {:?} total(10min) {:?}",
        deployments * 100,
        t_apply,
        t_start,
        t.elapsed()
    );
}
#[allow(dead_code)]
fn unused() {}
