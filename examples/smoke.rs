use kubeplay::engine::{time::SimTime, Cluster};
fn main() {
    let mut c = Cluster::new(7);
    let yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - image: nginx:1.27\n        name: nginx\n";
    c.apply_yaml(yaml).unwrap();
    c.run_until(SimTime::from_secs(60));
    println!("{:?}", c.power_off("node-2").unwrap());
    let mut last = String::new();
    for s in 60..800 {
        c.run_until(SimTime::from_secs(s));
        let snap = c.snapshot();
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
            c.store.deployments["web"].status.as_ref().map(|s| (s.ready_replicas, s.available_replicas))
        );
        if line != last {
            println!("t={s} {line}");
            last = line;
        }
        if s == 500 {
            println!("{:?}", c.power_on("node-2").unwrap());
        }
    }
    for e in c.events.stream().iter().filter(|e| e.at > SimTime::from_secs(59)) {
        println!("{} {} {} {}/{} {}", e.at, e.type_, e.reason, e.object.kind, e.object.name, e.message);
    }
}
