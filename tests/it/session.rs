//! Replay, undo and export reproduce the cluster exactly (issue 11): random action sequences
//! (apply, scale, kill, delete, node power-off/on, load, sleep, time passing) are replayed from
//! the journal, undone and redone, and exported as a scenario and run; each must give the same
//! `get pods -o wide`, `get events`, `describe pods` and pod names.

use kubeplay::engine::rng::SimRng;
use kubeplay::engine::time::SimDuration;
use kubeplay::engine::ClusterConfig;
use kubeplay::runner::{run_scenario, RunOptions};
use kubeplay::session::{codec, Input, Session};
use std::collections::BTreeMap;

fn deployment(name: &str, replicas: u32, image: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {name}}}\nspec:\n  replicas: {replicas}\n  selector: {{matchLabels: {{app: {name}}}}}\n  template:\n    metadata: {{labels: {{app: {name}}}}}\n    spec:\n      containers:\n      - {{name: app, image: {image}, ports: [{{containerPort: 80}}], resources: {{requests: {{cpu: 100m}}}}}}\n---\napiVersion: v1\nkind: Service\nmetadata: {{name: {name}}}\nspec:\n  selector: {{app: {name}}}\n  ports: [{{port: 80}}]\n"
    )
}

/// What a learner would compare.
fn state(session: &mut Session) -> String {
    let mut out = format!("now {}\n", session.now());
    for line in ["kubectl get pods -o wide", "kubectl get events", "kubectl describe pods", "kubectl get deploy,rs"] {
        out.push_str(&session.run(line).text);
        out.push('\n');
    }
    let names: Vec<&String> = session.cluster().store().pods().keys().collect();
    out.push_str(&format!("{names:?}\n"));
    out
}

/// One random action; returns nothing, the journal records what mattered.
fn act(session: &mut Session, rng: &mut SimRng) {
    let pods: Vec<String> = session.cluster().store().pods().keys().cloned().collect();
    let pod = |rng: &mut SimRng| pods.get(rng.below(pods.len().max(1) as u32) as usize).cloned().unwrap_or_default();
    let app = ["web", "api"][rng.below(2) as usize];
    let node = format!("node-{}", 1 + rng.below(3));
    match rng.below(11) {
        0 | 1 => {
            let image = ["nginx", "nginx:1.27", "httpd", "registry.k8s.io/hpa-example"][rng.below(4) as usize];
            session.apply_text(&format!("{app}.yaml"), &deployment(app, 1 + rng.below(4), image));
        }
        2 => {
            session.run(&format!("kubectl scale deploy/{app} --replicas={}", rng.below(5)));
        }
        3 => {
            session.run(&format!("kill {}", pod(rng)));
        }
        4 => {
            session.run(&format!("kubectl delete pod {}", pod(rng)));
        }
        5 => {
            session.run(&format!("node power-off {node}"));
        }
        6 => {
            session.run(&format!("node power-on {node}"));
        }
        7 => {
            session.run(&format!("load start {app} --rps {}", 1 + rng.below(30)));
        }
        8 => {
            session.run("load stop");
        }
        9 => {
            session.run(&format!("sleep {}s", 1 + rng.below(40)));
        }
        _ => {
            session.run("kubectl get pods");
        }
    }
    session.advance_by(SimDuration::from_millis(u64::from(rng.below(90_000))));
}

fn random_session(seed: u64) -> Session {
    let mut rng = SimRng::new(seed);
    let mut session = Session::new(ClusterConfig::with_nodes(seed, 3));
    for _ in 0..10 {
        act(&mut session, &mut rng);
    }
    session
}

#[test]
fn replay_undo_redo_and_export_reproduce_random_sessions() {
    for seed in 0..6 {
        let mut original = random_session(seed);
        let expected = state(&mut original);
        let journal = original.journal().clone();

        let mut replayed = Session::replay(&journal).expect("replays");
        assert_eq!(state(&mut replayed), expected, "seed {seed}: replay");

        let decoded = codec::decode(&codec::encode(&journal)).expect("decodes");
        assert_eq!(decoded, journal, "seed {seed}: codec");

        let mut undone = Session::replay(&journal).expect("replays");
        let last = journal.entries.last().expect("some input").clone();
        assert!(undone.undo());
        assert_eq!(undone.now(), last.at);
        match &last.input {
            Input::Line { line, files } => {
                let files: BTreeMap<String, String> =
                    files.iter().filter_map(|f| Some((f.name.clone(), f.content.clone().ok()?))).collect();
                undone.run_with(line, &files);
            }
            Input::Apply { name, text } => {
                undone.apply_text(name, text);
            }
        }
        undone.advance_to(journal.now);
        assert_eq!(state(&mut undone), expected, "seed {seed}: undo then redo");

        let scenario = original.export_scenario();
        let (_, mut played) = run_scenario(&scenario, "exported.yaml", &kubeplay::cmd::NoFiles, &RunOptions::default())
            .unwrap_or_else(|e| panic!("seed {seed}: {e}\n{scenario}"));
        assert_eq!(state(&mut played), expected, "seed {seed}: export then run\n{scenario}");
    }
}

/// The share link of a one-hour classroom session: a learner applies, scales, kills, powers
/// nodes off and on, and runs load, about one input a minute.
#[test]
fn a_one_hour_classroom_journal_is_small() {
    let mut rng = SimRng::new(42);
    let mut session = Session::new(ClusterConfig::with_nodes(1, 3));
    while session.now().as_millis() < 3_600_000 {
        act(&mut session, &mut rng);
    }
    let journal = session.journal();
    let link = codec::encode(journal);
    let raw: usize = journal
        .entries
        .iter()
        .map(|e| match &e.input {
            Input::Line { line, .. } => line.len(),
            Input::Apply { text, .. } => text.len(),
        })
        .sum();
    let data = codec::encode_data(journal);
    let body = codec::unwrap_body(&data).expect("a body");
    eprintln!(
        "one-hour journal: {} inputs, {raw} bytes of input text, {} bytes of body, {} bytes encoded ({} with miniz_oxide at level 9), {} characters in the link",
        journal.entries.len(),
        body.len(),
        data.len(),
        1 + miniz_oxide::deflate::compress_to_vec_zlib(&body, 9).len(),
        link.len()
    );
    assert!(link.len() < 8_000, "{} characters", link.len());
}
