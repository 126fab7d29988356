//! What the page remembers of a cluster: the seed and every input, with the cluster time it
//! was given at, and the time reached. The engine is deterministic, so replaying the inputs
//! rebuilds the same cluster (same pod names, same events). Saved to localStorage after each
//! change and put in the URL fragment by Share; anything read back is validated first and a
//! rejected one is explained, never run.
//!
//! (The Session's journal and codec replace this once the UI drives a `Session`.)

use serde::{Deserialize, Serialize};

use crate::cmd;

/// Format version; a saved cluster of another version is rejected, not misread.
pub const VERSION: u32 = 1;
/// Where the page keeps its cluster (localStorage key).
pub const STORAGE_KEY: &str = "kubeplay.cluster";
/// The URL fragment prefix of a shared cluster: `#cluster=...`.
pub const FRAGMENT_PREFIX: &str = "#cluster=";
/// Limits on what is accepted from storage or a link.
pub const MAX_ENTRIES: usize = 2_000;
pub const MAX_TEXT_BYTES: usize = 512 * 1024;
/// The latest cluster time a saved cluster may have reached (a day), so a replay stays short.
pub const MAX_NOW_MS: u64 = 24 * 3600 * 1000;

/// One thing the learner did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Input {
    /// A line of the command language.
    Run(String),
    /// YAML applied from the editor.
    Apply(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Cluster time the input was given at [ms].
    pub at: u64,
    #[serde(flatten)]
    pub input: Input,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    pub version: u32,
    pub seed: u64,
    /// Cluster time reached [ms].
    pub now: u64,
    pub entries: Vec<Entry>,
}

/// Why a saved cluster was not accepted (shown to the learner; English, like kubectl's own
/// errors, inside a translated sentence).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected(pub String);

impl Saved {
    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Parses and checks a saved cluster: version, sizes, times in order, every line a
    /// command of the language. Nothing is run here.
    pub fn decode(text: &str) -> Result<Saved, Rejected> {
        if text.len() > MAX_TEXT_BYTES {
            return Err(Rejected(format!(
                "it is {} KB, more than the {} KB allowed",
                text.len() / 1024,
                MAX_TEXT_BYTES / 1024
            )));
        }
        let saved: Saved =
            serde_json::from_str(text).map_err(|e| Rejected(format!("it is not a kubeplay cluster ({e})")))?;
        if saved.version != VERSION {
            return Err(Rejected(format!("it was saved by another kubeplay version ({})", saved.version)));
        }
        if saved.entries.len() > MAX_ENTRIES {
            return Err(Rejected(format!("it holds {} actions, more than {MAX_ENTRIES}", saved.entries.len())));
        }
        if saved.now > MAX_NOW_MS {
            return Err(Rejected("its cluster time is more than a day".into()));
        }
        let mut last = 0;
        for (idx, entry) in saved.entries.iter().enumerate() {
            if entry.at < last || entry.at > saved.now {
                return Err(Rejected(format!("action {} is out of time order", idx + 1)));
            }
            last = entry.at;
            if let Input::Run(line) = &entry.input {
                match cmd::parse(line) {
                    Ok(Some(_)) => {}
                    Ok(None) => return Err(Rejected(format!("action {} is empty", idx + 1))),
                    Err(e) => return Err(Rejected(format!("action {} ({line}) does not parse: {e}", idx + 1))),
                }
            }
        }
        Ok(saved)
    }

    /// The fragment for a share link: `#cluster=` and the encoded cluster, URI-escaped.
    pub fn fragment(&self) -> String {
        format!("{FRAGMENT_PREFIX}{}", uri_escape(&self.encode()))
    }

    /// A saved cluster from a URL fragment (`#cluster=...`); `None` when the fragment is not
    /// a shared cluster at all.
    pub fn from_fragment(fragment: &str) -> Option<Result<Saved, Rejected>> {
        let encoded = fragment.strip_prefix(FRAGMENT_PREFIX)?;
        Some(match uri_unescape(encoded) {
            Some(text) => Saved::decode(&text),
            None => Err(Rejected("the link is damaged (bad %-escape)".into())),
        })
    }
}

/// Percent-escapes everything but unreserved characters (RFC 3986).
fn uri_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3 / 2);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn uri_unescape(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut idx = 0;
    while idx < bytes.len() {
        if bytes[idx] == b'%' {
            let hex = std::str::from_utf8(bytes.get(idx + 1..idx + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            idx += 3;
        } else {
            out.push(bytes[idx]);
            idx += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Saved {
        Saved {
            version: VERSION,
            seed: 1,
            now: 90_000,
            entries: vec![
                Entry { at: 10_000, input: Input::Run("node power-off node-2".into()) },
                Entry { at: 20_000, input: Input::Apply("kind: Pod\nmetadata: {name: a}\n# 100% ü".into()) },
            ],
        }
    }

    #[test]
    fn round_trips_through_text_and_fragments() {
        let saved = sample();
        assert_eq!(Saved::decode(&saved.encode()), Ok(saved.clone()));
        let fragment = saved.fragment();
        assert!(fragment.starts_with("#cluster=%7B%22version%22"), "{fragment}");
        assert!(!fragment[1..].contains(['#', ' ', '\n', '&']), "{fragment}");
        assert_eq!(Saved::from_fragment(&fragment), Some(Ok(saved)));
        assert_eq!(Saved::from_fragment("#other"), None);
    }

    #[test]
    fn rejects_what_it_cannot_trust_and_says_why() {
        let reason = |text: &str| Saved::decode(text).expect_err("rejected").0;
        assert!(reason("hello").starts_with("it is not a kubeplay cluster"));
        let mut bad = sample();
        bad.entries[0].input = Input::Run("rm -rf /".into());
        assert!(reason(&bad.encode()).starts_with("action 1 (rm -rf /) does not parse"), "{}", reason(&bad.encode()));
        let mut late = sample();
        late.entries[0].at = 95_000;
        assert_eq!(reason(&late.encode()), "action 1 is out of time order");
        let mut version = sample();
        version.version = 9;
        assert!(reason(&version.encode()).contains("another kubeplay version"));
        assert!(reason(&"x".repeat(MAX_TEXT_BYTES + 1)).contains("KB"));
        assert_eq!(
            Saved::from_fragment("#cluster=%ZZ"),
            Some(Err(Rejected("the link is damaged (bad %-escape)".into())))
        );
    }
}
