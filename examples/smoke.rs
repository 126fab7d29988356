//! Prints how the default failover story looks through `Session::snapshot`, once a second of
//! cluster time, and the events after the power-off.
use kubeplay::engine::{time::SimTime, ClusterConfig};
use kubeplay::session::{EventCursor, Session};
fn main() {
    let mut s = Session::new(ClusterConfig::with_nodes(7, 3));
    let yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - image: nginx:1.27\n        name: nginx\n";
    s.apply_text("web.yaml", yaml);
    s.advance_to(SimTime::from_secs(60));
    let mut cursor = EventCursor::default();
    s.events_since(&mut cursor);
    println!("{}", s.run("node power-off node-2").text);
    let mut last = String::new();
    for t in 60..800 {
        s.advance_to(SimTime::from_secs(t));
        let snap = s.snapshot();
        let line = format!(
            "{:?} | {:?}",
            snap.nodes
                .iter()
                .map(|n| (
                    n.name.clone(),
                    n.status.clone(),
                    n.pods.iter().map(|p| format!("{} {} {}", &p.name[15..], p.status, p.ready)).collect::<Vec<_>>()
                ))
                .collect::<Vec<_>>(),
            s.cluster().store().deployments["web"].status.as_ref().map(|s| (s.ready_replicas, s.available_replicas))
        );
        if line != last {
            println!("t={t} {line}");
            last = line;
        }
        if t == 500 {
            println!("{}", s.run("node power-on node-2").text);
        }
    }
    for e in s.events_since(&mut cursor) {
        println!("{} {} {} {} {}", e.at, e.type_, e.reason, e.object, e.message);
    }
}
