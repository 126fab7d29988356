//! A short, deterministic fuzz run of the `fuzz/` entry points: mutated official examples
//! and scenario manifests for YAML apply, and mutated commands for the command language.

use kubeplay::engine::rng::SimRng;

pub fn corpus_yaml() -> Vec<String> {
    let mut out = Vec::new();
    for dir in ["tests/data/k8s-examples", "tests/scenarios"] {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .expect("corpus dir")
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect();
        paths.sort();
        out.extend(paths.iter().map(|p| std::fs::read_to_string(p).expect("readable")));
    }
    out
}

/// Byte-level mutations: delete, duplicate, flip, insert YAML-significant characters.
pub fn mutate(rng: &mut SimRng, input: &str) -> Vec<u8> {
    let mut bytes = input.as_bytes().to_vec();
    let specials = b":-{}[]\"' \n\t#&*!|>%@`0123456789";
    for _ in 0..(1 + rng.below(6)) {
        if bytes.is_empty() {
            break;
        }
        let at = rng.below(bytes.len() as u32) as usize;
        match rng.below(5) {
            0 => {
                bytes.remove(at);
            }
            1 => {
                let end = (at + rng.below(40) as usize).min(bytes.len());
                let chunk = bytes[at..end].to_vec();
                bytes.splice(at..at, chunk);
            }
            2 => bytes[at] ^= 1 << rng.below(8),
            3 => bytes.insert(at, specials[rng.below(specials.len() as u32) as usize]),
            _ => {
                let end = (at + rng.below(80) as usize).min(bytes.len());
                bytes.drain(at..end);
            }
        }
    }
    bytes
}

#[test]
fn yaml_apply_never_panics() {
    let corpus = corpus_yaml();
    let mut rng = SimRng::new(2026);
    for i in 0..600 {
        let base = &corpus[i % corpus.len()];
        kubeplay::fuzzing::apply_yaml(&mutate(&mut rng, base));
    }
}

#[test]
fn commands_never_panic() {
    let lines = [
        "kubectl get pods -o wide",
        "kubectl scale deploy/web --replicas=5",
        "kubectl set image deployment/web nginx=nginx:1.27",
        "kubectl rollout undo deployment/web",
        "kubectl delete pod web --grace-period=0 --force",
        "node power-off node-2",
        "kill web -c nginx --exit-code 1",
        "kubectl exec deploy/web -- sh -c 'echo hi; exit 3'",
        "kubectl patch deployment web --type=merge -p '{\"spec\":{\"replicas\":2}}'",
        "kubectl describe node node-1",
        "kubectl logs deploy/web --previous",
        "sleep 90s",
    ];
    let mut rng = SimRng::new(7);
    for _ in 0..150 {
        let mut script = String::new();
        for _ in 0..8 {
            let line = lines[rng.below(lines.len() as u32) as usize];
            script.push_str(&String::from_utf8_lossy(&mutate(&mut rng, line)));
            script.push('\n');
        }
        kubeplay::fuzzing::commands(script.as_bytes());
    }
}

/// Shared journals are untrusted: mutated links, mutated compressed data and mutated bodies
/// give a `CodecError` (or a journal that replays), never a panic.
#[test]
fn journal_decoding_never_panics() {
    use kubeplay::session::{codec, Session};
    let mut session = Session::new(kubeplay::engine::ClusterConfig::with_nodes(3, 3));
    let scenario = include_str!("../scenarios/node-failover.yaml");
    session.apply_text("web.yaml", scenario.split("\n---").next().unwrap_or_default());
    session.run("kubectl scale deploy/web --replicas=4");
    session.advance_by(kubeplay::engine::time::SimDuration::from_secs(40));
    session.run("node power-off node-2");
    session.advance_by(kubeplay::engine::time::SimDuration::from_secs(20));
    let text = codec::encode(session.journal());
    let data = codec::encode_data(session.journal());
    let body = codec::unwrap_body(&data).expect("a body");
    let mut rng = SimRng::new(11);
    for _ in 0..300 {
        kubeplay::fuzzing::journal(&mutate(&mut rng, &text));
        let mut bytes = data.clone();
        let at = rng.below(bytes.len() as u32) as usize;
        bytes[at] ^= 1 << rng.below(8);
        kubeplay::fuzzing::journal(&bytes);
        let mut bytes = body.clone();
        for _ in 0..(1 + rng.below(4)) {
            let at = rng.below(bytes.len() as u32) as usize;
            match rng.below(3) {
                0 => bytes[at] ^= 1 << rng.below(8),
                1 => bytes.truncate(at),
                _ => bytes.insert(at, rng.below(256) as u8),
            }
            if bytes.is_empty() {
                break;
            }
        }
        let _ = codec::decode_data(&codec::wrap_body(&bytes));
    }
}

/// The fuzz corpus (`fuzz/corpus/<target>/`: the seeds `cargo fuzz` starts from and the
/// regressions it found, hostile inputs among them) runs through the same entry points in
/// every test run, each within a budget of real time.
#[test]
fn fuzz_corpus_entries_run_quickly() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    type Entry = fn(&[u8]);
    let targets: [(&str, Entry); 3] = [
        ("apply_yaml", kubeplay::fuzzing::apply_yaml),
        ("commands", kubeplay::fuzzing::commands),
        ("journal", kubeplay::fuzzing::journal),
    ];
    let mut ran = 0;
    for (target, entry) in targets {
        let Ok(dir) = std::fs::read_dir(root.join(target)) else { continue };
        let mut paths: Vec<_> = dir.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            let data = std::fs::read(&path).expect("readable");
            let started = std::time::Instant::now();
            entry(&data);
            let took = started.elapsed();
            assert!(took < std::time::Duration::from_secs(20), "{}: {took:?}", path.display());
            ran += 1;
        }
    }
    assert!(ran >= 5, "{ran} corpus entries");
}
