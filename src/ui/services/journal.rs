//! Where the page keeps its cluster, and the share link's form. There is one format: the
//! Session's journal as [`Session::encode`] writes it (`session::codec`: versioned, deflated,
//! base64url). localStorage holds that text under [`STORAGE_KEY`]; a share link is the page's
//! address with `#cluster=` and the same text. Reading either back goes through
//! [`start_restore`]: decoded with the codec's limits and checks, then replayed by a
//! `session::Replay` that the page runs a frame's budget at a time (`ui::state`); a refused
//! text is explained and never run.
//!
//! For other parts of the page (a lesson saving its cluster in flight): [`encode`] a session,
//! [`restore`] one from text.

use crate::session::{codec, LoadError, Replay, Session};

/// Where the page keeps its cluster (localStorage key).
pub const STORAGE_KEY: &str = "kubeplay.cluster";
/// The same cluster without its last input (localStorage key): the panic panel's "rebuild
/// without my last action", for when that input is what broke the page.
pub const BEFORE_LAST_KEY: &str = "kubeplay.cluster.before-last";
/// A saved or shared cluster whose rebuild the learner cancelled (localStorage key): kept
/// aside rather than lost, and offered again by the notice that says a fresh cluster started.
pub const SET_ASIDE_KEY: &str = "kubeplay.cluster.set-aside";
/// The same for a lesson in progress whose rebuild was cancelled (the lesson panel's saved run).
pub const LESSON_SET_ASIDE_KEY: &str = "kubeplay.lesson.run.set-aside";
/// The URL fragment prefix of a shared cluster: `#cluster=...`.
pub const FRAGMENT_PREFIX: &str = "#cluster=";

/// Why a saved cluster or a share link was not opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejected {
    /// Saved by a kubeplay from before the Session journal (a JSON text); that format is no
    /// longer read. The page says so in the learner's language.
    OldFormat,
    /// The codec or the replay refused it; the message (English, like kubectl's errors) names
    /// what is wrong.
    Invalid(String),
}

/// The text that stands for `session` in storage and in a share link.
pub fn encode(session: &Session) -> String {
    session.encode()
}

/// [`encode`] of `session` without its last input, as `Session::undo` would leave it (the time
/// goes back to when that input was given); `None` when the journal is empty. Nothing replays.
pub fn encode_before_last(session: &Session) -> Option<String> {
    let mut journal = session.journal().clone();
    journal.now = journal.entries.pop()?.at;
    Some(crate::session::codec::encode(&journal))
}

/// The session `text` describes ([`encode`]'s output), rebuilt by replay in one go; or why not.
pub fn restore(text: &str) -> Result<Session, Rejected> {
    start_restore(text)?.finish().map_err(|e| Rejected::Invalid(LoadError::Replay(e).to_string()))
}

/// The replay that rebuilds the session `text` describes, not run yet; or why the text is
/// refused (the codec's checks and what replay can check before running anything).
pub fn start_restore(text: &str) -> Result<Replay, Rejected> {
    let text = text.trim();
    // The format before the Session journal was JSON: `{"version":1,...`, `%7B` in a link.
    if text.starts_with('{') || text.get(..3).is_some_and(|start| start.eq_ignore_ascii_case("%7B")) {
        return Err(Rejected::OldFormat);
    }
    let journal = codec::decode(text).map_err(|e| Rejected::Invalid(LoadError::Codec(e).to_string()))?;
    Replay::new(journal).map_err(|e| Rejected::Invalid(LoadError::Replay(e).to_string()))
}

/// The fragment of a share link for `session`: `#cluster=` and [`encode`]'s text (base64url,
/// nothing to escape).
pub fn fragment(session: &Session) -> String {
    format!("{FRAGMENT_PREFIX}{}", encode(session))
}

/// The session of a share link's fragment (`#cluster=...`); `None` when the fragment is not a
/// shared cluster at all.
pub fn from_fragment(fragment: &str) -> Option<Result<Session, Rejected>> {
    fragment.strip_prefix(FRAGMENT_PREFIX).map(restore)
}

/// [`start_restore`] of a share link's fragment; `None` when it is not a shared cluster.
pub fn start_from_fragment(fragment: &str) -> Option<Result<Replay, Rejected>> {
    fragment.strip_prefix(FRAGMENT_PREFIX).map(start_restore)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ClusterConfig;

    fn session() -> Session {
        let mut session = Session::new(ClusterConfig::with_nodes(1, 3));
        session.apply_text("-", "kind: Pod\napiVersion: v1\nmetadata: {name: a}\nspec:\n  containers: [{name: c, image: nginx}]\n# 100% ü\n");
        session.advance_by(crate::engine::time::SimDuration::from_secs(20));
        session.run("node power-off node-2");
        session.advance_by(crate::engine::time::SimDuration::from_secs(70));
        session
    }

    #[test]
    fn round_trips_through_storage_text_and_links() {
        let mut original = session();
        let mut restored = restore(&encode(&original)).expect("restores");
        let pods = "kubectl get pods -o wide";
        assert_eq!(restored.run(pods).text, original.run(pods).text);
        assert_eq!(restored.journal(), original.journal());
        let link = fragment(&original);
        assert!(
            link.starts_with("#cluster=") && link[9..].chars().all(|c| c.is_ascii_alphanumeric() || "-_".contains(c))
        );
        let mut shared = from_fragment(&link).expect("a shared cluster").expect("opens");
        assert_eq!(shared.run(pods).text, original.run(pods).text);
        assert!(from_fragment("#other").is_none());
    }

    #[test]
    fn before_last_is_the_undone_session() {
        let mut original = session();
        let mut before = restore(&encode_before_last(&original).expect("two inputs")).expect("restores");
        assert!(original.undo());
        assert_eq!(before.journal(), original.journal());
        let nodes = "kubectl get nodes";
        assert_eq!(before.run(nodes).text, original.run(nodes).text);
        assert_eq!(encode_before_last(&Session::new(ClusterConfig::with_nodes(1, 1))), None);
    }

    #[test]
    fn refuses_what_it_cannot_trust_and_says_why() {
        let old = r#"{"version":1,"seed":1,"now":0,"entries":[]}"#;
        assert_eq!(restore(old).err(), Some(Rejected::OldFormat));
        assert_eq!(from_fragment("#cluster=%7B%22version%22").map(Result::err), Some(Some(Rejected::OldFormat)));
        let reason = |text: &str| match restore(text) {
            Err(Rejected::Invalid(reason)) => reason,
            other => panic!("{text}: {:?}", other.map(|s| s.now())),
        };
        assert!(reason("hello!").contains("character '!' at position 6"), "{}", reason("hello!"));
        assert!(reason("").contains("it is empty"));
        // Decodes, but replays to nothing sensible: a read-only line in the journal.
        let mut journal = session().journal().clone();
        journal.entries[1].input = crate::session::Input::Line { line: "kubectl get pods".into(), files: vec![] };
        let replay = reason(&crate::session::codec::encode(&journal));
        assert!(replay.ends_with("journal entry 2: \"kubectl get pods\" does not change the cluster"), "{replay}");
        let text = encode(&session());
        assert!(reason(&text[..text.len() / 2]).contains("damaged"), "{}", reason(&text[..text.len() / 2]));
    }
}
