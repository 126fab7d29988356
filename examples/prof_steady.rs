use kubeplay::engine::{time::SimDuration, Cluster, ClusterConfig};
use std::time::Instant;
fn main() {
    let m = std::fs::read_to_string("/tmp/m2.yaml").unwrap();
    let mut config = ClusterConfig::with_nodes(1, 1000);
    for n in &mut config.nodes {
        n.cpu_millis = 64000;
        n.memory_bytes = 256 << 30;
    }
    let mut c = Cluster::with_config(config);
    for d in 0..300 {
        c.apply_yaml(&m.replace("NAME", &format!("app-{d}"))).unwrap();
    }
    for step in 0..6 {
        let t = Instant::now();
        c.run_for(SimDuration::from_secs(30));
        let running = c.store().pods().values().filter(|p| p.is_ready()).count();
        let total = c.store().pods().len();
        println!("t={} ready {running}/{total} took {:?} events {}", (step + 1) * 30, t.elapsed(), c.events().total);
    }
}
