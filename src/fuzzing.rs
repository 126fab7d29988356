//! Fuzz entry points, shared by the `cargo fuzz` targets in `fuzz/` and the short fuzz run
//! in the test suite: any input must give an error value, never a panic.

use crate::engine::time::SimDuration;
use crate::engine::ClusterConfig;
use crate::session::Session;

/// Applies arbitrary bytes as YAML to a fresh cluster, then lets it run for a minute.
pub fn apply_yaml(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut session = Session::new(ClusterConfig::with_nodes(1, 3));
    let _ = session.apply_text("-", &text);
    session.advance_by(SimDuration::from_secs(60));
}

/// Runs arbitrary lines as commands against a cluster with a small Deployment.
pub fn commands(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut session = Session::new(ClusterConfig::with_nodes(1, 3));
    let _ = session.run("kubectl create deployment web --image=nginx --replicas=2");
    for line in text.lines().take(50) {
        let _ = session.run(line);
        session.advance_by(SimDuration::from_secs(1));
    }
}

/// Decodes arbitrary text as a shared journal (`#j=...`), then arbitrary bytes as its
/// decompressed body; a journal that decodes and ends within an hour is replayed.
pub fn journal(data: &[u8]) {
    use crate::session::codec;
    let replay = |journal: Result<crate::session::Journal, codec::CodecError>| {
        if let Ok(journal) = journal {
            if journal.now <= crate::engine::time::SimTime::from_secs(3600) && journal.config.nodes.len() <= 20 {
                let _ = Session::replay(&journal);
            }
        }
    };
    replay(codec::decode(&String::from_utf8_lossy(data)));
    replay(codec::decode_data(data));
    replay(codec::decode_data(&codec::wrap_body(data)));
}
