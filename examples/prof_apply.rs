use kubeplay::engine::{Cluster, ClusterConfig};
use std::time::Instant;
fn main() {
    let m = std::fs::read_to_string("/tmp/m2.yaml").unwrap();
    let mut config = ClusterConfig::with_nodes(1, 1000);
    for n in &mut config.nodes {
        n.cpu_millis = 64000;
        n.memory_bytes = 256 << 30;
    }
    let mut c = Cluster::with_config(config);
    let t = Instant::now();
    for d in 0..200 {
        c.apply_yaml(&m.replace("NAME", &format!("app-{d}"))).unwrap();
    }
    println!("apply 20000 pods on 1000 nodes {:?}", t.elapsed());
}
