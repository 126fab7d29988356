//! Replay throughput (issue 9): a Deployment of N pods with liveness and readiness probes,
//! journaled with a late end time, replayed in one go and stepwise. Prints the share-link text
//! to `OUT` when given (the e2e test's heavy link).
//!
//! `cargo run --release --example prof_replay -- PODS DAYS [INSTANTS_PER_STEP] [OUT]`, or
//! `... -- --link FILE [INSTANTS_PER_STEP]` to replay a share link's text (what follows
//! `#cluster=`) instead.
use kubeplay::engine::time::SimTime;
use kubeplay::engine::ClusterConfig;
use kubeplay::session::{Replay, Session};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--link") {
        let text = std::fs::read_to_string(&args[2]).expect("reads the link file");
        let journal = kubeplay::session::codec::decode(text.trim()).expect("a journal");
        let per_step = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(64);
        let days = journal.now.as_millis() as f64 / 86_400_000.0;
        measure(journal, per_step, "the link", days);
        return;
    }
    let pods: u32 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(3);
    let days: f64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(30.0);
    let per_step: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(64);
    let manifest = format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: probed}}\nspec:\n  replicas: {pods}\n  selector: {{matchLabels: {{app: probed}}}}\n  template:\n    metadata: {{labels: {{app: probed}}}}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx\n        resources: {{requests: {{cpu: 1m, memory: 1Mi}}}}\n        livenessProbe: {{httpGet: {{path: /, port: 80}}, periodSeconds: 1}}\n        readinessProbe: {{httpGet: {{path: /, port: 80}}, periodSeconds: 1}}\n"
    );
    let mut config = ClusterConfig::with_nodes(1, 3);
    for node in &mut config.nodes {
        node.cpu_millis = 64_000;
        node.memory_bytes = 256 << 30;
    }
    let mut session = Session::new(config);
    session.apply_text("probed.yaml", &manifest);
    let mut journal = session.journal().clone();
    journal.now = SimTime((days * 24.0 * 3600.0 * 1000.0) as u64);
    let text = kubeplay::session::codec::encode(&journal);
    eprintln!("link text: {} characters", text.len());
    if let Some(out) = args.get(4) {
        std::fs::write(out, &text).expect("writes");
    }
    measure(journal, per_step, &format!("{pods} pods"), days);
}

fn measure(journal: kubeplay::session::Journal, per_step: usize, what: &str, days: f64) {
    let started = Instant::now();
    let mut replay = Replay::new(journal).expect("valid");
    let (mut steps, mut slowest, mut total_instants) = (0u64, 0f64, 0u64);
    let deadline = Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let step_started = Instant::now();
        let done = replay.step(per_step).expect("replays");
        slowest = slowest.max(step_started.elapsed().as_secs_f64() * 1000.0);
        steps += 1;
        total_instants += per_step as u64;
        if done || Instant::now() > deadline {
            break;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let progress = replay.progress();
    let reached_days = progress.now.as_millis() as f64 / 86_400_000.0;
    println!(
        "{what}: {reached_days:.2} of {days} days in {elapsed:.2} s ({:.1} cluster-days/s, about {:.0} instants/s); {steps} steps of {per_step} instants, slowest {slowest:.2} ms",
        reached_days / elapsed,
        total_instants as f64 / elapsed
    );
}
