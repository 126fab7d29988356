use kubeplay::engine::{time::SimDuration, Cluster, ClusterConfig};
use std::time::Instant;
fn main() {
    let m = std::fs::read_to_string("/tmp/m.yaml").unwrap();
    let mut c = Cluster::with_config(ClusterConfig::with_nodes(1, 5));
    let t = Instant::now();
    for d in 0..3 {
        c.apply_yaml(&m.replace("NAME", &format!("app-{d}"))).unwrap();
    }
    c.run_for(SimDuration::from_secs(10));
    let t1 = t.elapsed();
    c.run_for(SimDuration::from_secs(3590 * 20));
    println!("setup {:?} total {:?} events {} queue {}", t1, t.elapsed(), c.events().total, c.pending_events());
}
