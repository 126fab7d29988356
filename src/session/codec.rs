//! A [`Journal`] as a short string for a share link (`#j=...`) or `localStorage`, and back.
//!
//! # Format (version 1)
//! `base64url( VERSION ‖ zlib( body ) )`, without padding. The body is a compact binary record:
//! unsigned LEB128 integers, strings as a length and UTF-8 bytes:
//!
//! ```text
//! seed, node_monitor_grace_ms, metrics_server (0|1), node count, per node: name, cpu_millis, memory_bytes, zone?
//! now_ms, entry count, per entry: at_ms − previous at_ms, kind (0 line, 1 apply),
//!   line: text, file count, per file: name, 0 ok | 1 error, content
//!   apply: name, text
//! ```
//!
//! Time advances cost nothing (they are implicit in `at`), so the size grows with what the user
//! typed and applied, and deflate shrinks the repetitive YAML further.
//!
//! # Decoding is untrusted
//! A link can come from anyone. [`decode`] never panics and refuses, with a message naming what
//! is wrong:
//! - text longer than [`MAX_ENCODED_CHARS`], or with characters outside base64url;
//! - another version than [`VERSION`] (checked before decompressing);
//! - a zlib stream that is damaged, fails its checksum, or would expand beyond
//!   [`MAX_DECODED_BYTES`] (decompression stops at the limit);
//! - a body that is truncated, has bytes left over, invalid UTF-8, integers that overflow, or
//!   values out of range: more than [`MAX_ENTRIES`] entries, a node count outside
//!   1..=`scenario::MAX_NODES`, an empty or duplicate node name, non-positive cpu or memory,
//!   times that go back or beyond [`MAX_TIME`] (30 days, as `sleep` and `--until`), texts over
//!   `manifest::MAX_INPUT_BYTES`.
//!
//! A journal that decodes can still fail [`Session::replay`](super::Session::replay), which
//! checks that every input replays at its time.

use super::{zlib, Entry, FileRead, Input, Journal};
use crate::engine::time::{SimDuration, SimTime};
use crate::engine::{ClusterConfig, NodeConfig};
use std::fmt;

/// The format version, the first byte of the decoded data.
pub const VERSION: u8 = 1;
/// Longest text [`decode`] reads [characters]: 2 MiB, far beyond a URL's practical length.
pub const MAX_ENCODED_CHARS: usize = 2 * 1024 * 1024;
/// Largest body after decompression [bytes].
pub const MAX_DECODED_BYTES: usize = 16 * 1024 * 1024;
/// Most inputs a journal may hold.
pub const MAX_ENTRIES: usize = 100_000;
/// Latest cluster time a journal may reach: 30 days.
pub const MAX_TIME: SimTime = SimTime(30 * 24 * 3600 * 1000);
/// Longest command line [bytes].
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// Why a text is not a journal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodecError {
    /// The text is empty.
    Empty,
    /// The text is longer than [`MAX_ENCODED_CHARS`].
    TooLong { chars: usize },
    /// A character outside base64url (`A-Z a-z 0-9 - _`) at this position.
    BadCharacter { position: usize, character: char },
    /// The version byte is not [`VERSION`].
    WrongVersion { found: u8 },
    /// The compressed data is damaged (truncated, tampered with, checksum mismatch).
    Corrupt,
    /// The data expands beyond [`MAX_DECODED_BYTES`].
    TooLarge,
    /// The body ends in the middle of `what`.
    Truncated { what: String },
    /// A value is out of range or malformed.
    Invalid { what: String, reason: String },
    /// The body has bytes after the last entry.
    TrailingBytes { count: usize },
}

impl fmt::Display for CodecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("this saved cluster cannot be loaded: ")?;
        match self {
            CodecError::Empty => f.write_str("it is empty"),
            CodecError::TooLong { chars } => {
                write!(f, "it is {chars} characters long; at most {MAX_ENCODED_CHARS}")
            }
            CodecError::BadCharacter { position, character } => write!(
                f,
                "character {character:?} at position {} is not part of a saved cluster (was the link cut or edited?)",
                position + 1
            ),
            CodecError::WrongVersion { found } => {
                write!(f, "it was saved in format version {found}; this kubeplay reads version {VERSION}")
            }
            CodecError::Corrupt => f.write_str("the data is damaged (was the link cut or edited?)"),
            CodecError::TooLarge => write!(f, "it expands to more than {MAX_DECODED_BYTES} bytes"),
            CodecError::Truncated { what } => write!(f, "the data ends in the middle of {what}"),
            CodecError::Invalid { what, reason } => write!(f, "{what}: {reason}"),
            CodecError::TrailingBytes { count } => write!(f, "{count} unexpected bytes after the last input"),
        }
    }
}

impl std::error::Error for CodecError {}

/// The journal as base64url text (no padding), safe in a URL fragment.
pub fn encode(journal: &Journal) -> String {
    base64url_encode(&encode_data(journal))
}

/// [`encode`] before base64url: the version byte and the zlib stream.
pub fn encode_data(journal: &Journal) -> Vec<u8> {
    let mut body = Vec::new();
    let config = &journal.config;
    put_uint(&mut body, config.seed);
    put_uint(&mut body, config.node_monitor_grace.as_millis());
    body.push(u8::from(config.metrics_server));
    put_uint(&mut body, config.nodes.len() as u64);
    for node in &config.nodes {
        put_str(&mut body, &node.name);
        put_uint(&mut body, node.cpu_millis.max(0) as u64);
        put_uint(&mut body, node.memory_bytes.max(0) as u64);
        match &node.zone {
            Some(zone) => {
                body.push(1);
                put_str(&mut body, zone);
            }
            None => body.push(0),
        }
    }
    put_uint(&mut body, journal.now.as_millis());
    put_uint(&mut body, journal.entries.len() as u64);
    let mut previous = 0;
    for entry in &journal.entries {
        put_uint(&mut body, entry.at.as_millis().saturating_sub(previous));
        previous = entry.at.as_millis();
        match &entry.input {
            Input::Line { line, files } => {
                body.push(0);
                put_str(&mut body, line);
                put_uint(&mut body, files.len() as u64);
                for file in files {
                    put_str(&mut body, &file.name);
                    let (tag, content) = match &file.content {
                        Ok(text) => (0, text),
                        Err(message) => (1, message),
                    };
                    body.push(tag);
                    put_str(&mut body, content);
                }
            }
            Input::Apply { name, text } => {
                body.push(1);
                put_str(&mut body, name);
                put_str(&mut body, text);
            }
        }
    }
    wrap_body(&body)
}

/// The version byte and `body` compressed, as [`encode_data`] writes them (for tests and fuzzing
/// of the body's validation).
pub fn wrap_body(body: &[u8]) -> Vec<u8> {
    let mut data = vec![VERSION];
    data.extend(zlib::compress(body));
    data
}

/// The uncompressed body of [`encode_data`]'s output, if it is one.
pub fn unwrap_body(data: &[u8]) -> Option<Vec<u8>> {
    zlib::decompress(data.get(1..)?, MAX_DECODED_BYTES).ok()
}

/// Reads a journal written by [`encode`]; see the module documentation for what is refused.
pub fn decode(text: &str) -> Result<Journal, CodecError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(CodecError::Empty);
    }
    if text.len() > MAX_ENCODED_CHARS {
        return Err(CodecError::TooLong { chars: text.chars().count() });
    }
    decode_data(&base64url_decode(text)?)
}

/// [`decode`] after base64url: the version byte and the zlib stream.
pub fn decode_data(data: &[u8]) -> Result<Journal, CodecError> {
    let (&version, compressed) = data.split_first().ok_or(CodecError::Empty)?;
    if version != VERSION {
        return Err(CodecError::WrongVersion { found: version });
    }
    let body = zlib::decompress(compressed, MAX_DECODED_BYTES).map_err(|e| match e {
        zlib::InflateError::TooLarge => CodecError::TooLarge,
        zlib::InflateError::Corrupt => CodecError::Corrupt,
    })?;
    let mut reader = Reader { data: &body, pos: 0 };
    let journal = read_journal(&mut reader)?;
    if reader.pos != body.len() {
        return Err(CodecError::TrailingBytes { count: body.len() - reader.pos });
    }
    Ok(journal)
}

fn read_journal(r: &mut Reader) -> Result<Journal, CodecError> {
    let seed = r.uint("the seed")?;
    let grace = r.uint("the node monitor grace period")?;
    if grace == 0 || grace > crate::scenario::MAX_AT.as_millis() {
        return Err(invalid("the node monitor grace period", format!("{grace} ms is not between 1 ms and 30 days")));
    }
    let metrics_server = match r.byte("the metrics-server flag")? {
        0 => false,
        1 => true,
        tag => return Err(invalid("the metrics-server flag", format!("unknown value {tag}"))),
    };
    let count = r.uint("the node count")?;
    let max_nodes = u64::from(crate::scenario::MAX_NODES);
    if count == 0 || count > max_nodes {
        return Err(invalid("the node count", format!("{count} is not between 1 and {max_nodes}")));
    }
    let mut nodes: Vec<NodeConfig> = Vec::with_capacity(count as usize);
    for i in 0..count {
        let what = format!("node {}", i + 1);
        let name = r.string(&format!("{what}'s name"), 253)?;
        if name.is_empty()
            || !name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        {
            return Err(invalid(&what, format!("{name:?} is not a valid node name")));
        }
        if nodes.iter().any(|n| n.name == name) {
            return Err(invalid(&what, format!("duplicate node name {name:?}")));
        }
        let mut node = NodeConfig::new(&name);
        node.cpu_millis = positive(r.uint(&format!("{what}'s cpu"))?, &format!("{what}'s cpu"))?;
        node.memory_bytes = positive(r.uint(&format!("{what}'s memory"))?, &format!("{what}'s memory"))?;
        node.zone = match r.byte(&format!("{what}'s zone"))? {
            0 => None,
            1 => Some(r.string(&format!("{what}'s zone"), 253)?),
            tag => return Err(invalid(&format!("{what}'s zone"), format!("unknown tag {tag}"))),
        };
        nodes.push(node);
    }
    let config = ClusterConfig { seed, nodes, node_monitor_grace: SimDuration::from_millis(grace), metrics_server };
    let now = r.uint("the end time")?;
    if now > MAX_TIME.as_millis() {
        return Err(invalid("the end time", format!("{} is later than 30 days", SimTime(now))));
    }
    let count = r.uint("the number of inputs")?;
    if count > MAX_ENTRIES as u64 {
        return Err(invalid("the number of inputs", format!("{count} is more than {MAX_ENTRIES}")));
    }
    let mut entries = Vec::new();
    let mut at = 0u64;
    for i in 0..count {
        let what = format!("input {}", i + 1);
        let delta = r.uint(&format!("{what}'s time"))?;
        at = at
            .checked_add(delta)
            .filter(|t| *t <= now)
            .ok_or_else(|| invalid(&format!("{what}'s time"), format!("it is after the end time {}", SimTime(now))))?;
        let input = match r.byte(&what)? {
            0 => {
                let line = r.string(&format!("{what}'s command line"), MAX_LINE_BYTES)?;
                let files = r.uint(&format!("{what}'s file count"))?;
                if files > 64 {
                    return Err(invalid(&what, format!("{files} files read by one command; at most 64")));
                }
                let mut reads = Vec::new();
                for _ in 0..files {
                    let name = r.string(&format!("{what}'s file name"), 4096)?;
                    let ok = match r.byte(&format!("{what}'s file {name:?}"))? {
                        0 => true,
                        1 => false,
                        tag => return Err(invalid(&format!("{what}'s file {name:?}"), format!("unknown tag {tag}"))),
                    };
                    let content = r.string(&format!("{what}'s file {name:?}"), crate::manifest::MAX_INPUT_BYTES)?;
                    reads.push(FileRead { name, content: if ok { Ok(content) } else { Err(content) } });
                }
                Input::Line { line, files: reads }
            }
            1 => {
                let name = r.string(&format!("{what}'s file name"), 4096)?;
                let text = r.string(&format!("{what}'s YAML"), crate::manifest::MAX_INPUT_BYTES)?;
                Input::Apply { name, text }
            }
            tag => return Err(invalid(&what, format!("unknown kind of input {tag}"))),
        };
        entries.push(Entry { at: SimTime(at), input });
    }
    Ok(Journal { config, entries, now: SimTime(now) })
}

fn invalid(what: &str, reason: String) -> CodecError {
    CodecError::Invalid { what: what.to_string(), reason }
}

fn positive(value: u64, what: &str) -> Result<i64, CodecError> {
    match i64::try_from(value) {
        Ok(v) if v > 0 => Ok(v),
        _ => Err(invalid(what, format!("{value} is not a positive number"))),
    }
}

fn put_uint(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn put_str(out: &mut Vec<u8>, text: &str) {
    put_uint(out, text.len() as u64);
    out.extend_from_slice(text.as_bytes());
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn byte(&mut self, what: &str) -> Result<u8, CodecError> {
        let byte = *self.data.get(self.pos).ok_or_else(|| CodecError::Truncated { what: what.to_string() })?;
        self.pos += 1;
        Ok(byte)
    }

    fn uint(&mut self, what: &str) -> Result<u64, CodecError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte(what)?;
            let bits = u64::from(byte & 0x7f);
            if shift == 63 && bits > 1 {
                break;
            }
            value |= bits << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(invalid(what, "the number is too large".to_string()))
    }

    fn string(&mut self, what: &str, max: usize) -> Result<String, CodecError> {
        let len = self.uint(what)?;
        if len > max as u64 {
            return Err(invalid(what, format!("{len} bytes; at most {max}")));
        }
        let len = len as usize;
        let end = self.pos.checked_add(len).filter(|end| *end <= self.data.len());
        let end = end.ok_or_else(|| CodecError::Truncated { what: what.to_string() })?;
        let text = std::str::from_utf8(&self.data[self.pos..end])
            .map_err(|_| invalid(what, "not valid UTF-8 text".to_string()))?;
        self.pos = end;
        Ok(text.to_string())
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

fn base64url_decode(text: &str) -> Result<Vec<u8>, CodecError> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    let mut acc = 0u32;
    let mut bits = 0;
    for (position, character) in text.chars().enumerate() {
        let value = match character {
            'A'..='Z' => character as u32 - 'A' as u32,
            'a'..='z' => character as u32 - 'a' as u32 + 26,
            '0'..='9' => character as u32 - '0' as u32 + 52,
            '-' => 62,
            '_' => 63,
            _ => return Err(CodecError::BadCharacter { position, character }),
        };
        acc = (acc << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // A length of 4k+1 characters cannot come from whole bytes.
    // Left-over bits are zero in what `encode` writes.
    if text.len() % 4 == 1 || acc != 0 {
        return Err(CodecError::Corrupt);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Session;

    fn journal() -> Journal {
        let mut s = Session::new(ClusterConfig::with_nodes(7, 3));
        s.apply_text("-", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: nginx, image: nginx}]\n");
        s.advance_by(SimDuration::from_secs(30));
        s.run("node power-off node-2");
        s.advance_by(SimDuration::from_millis(1500));
        s.journal().clone()
    }

    #[test]
    fn round_trip() {
        let journal = journal();
        let text = encode(&journal);
        assert!(text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'), "{text}");
        assert_eq!(decode(&text), Ok(journal));
    }

    #[test]
    fn base64url_round_trips_every_length() {
        for len in 0..20 {
            let data: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(base64url_decode(&base64url_encode(&data)), Ok(data));
        }
    }

    #[test]
    fn truncated_text_is_refused() {
        let text = encode(&journal());
        for cut in [1, 2, 5, text.len() / 2, text.len() - 1] {
            let error = decode(&text[..cut]).expect_err("truncated");
            assert!(matches!(error, CodecError::Corrupt | CodecError::Empty), "{cut}: {error}");
        }
    }

    #[test]
    fn tampered_text_is_refused() {
        let text = encode(&journal());
        for position in [3, 10, text.len() / 2, text.len() - 3] {
            let mut bytes = text.clone().into_bytes();
            bytes[position] = if bytes[position] == b'A' { b'B' } else { b'A' };
            let tampered = String::from_utf8(bytes).expect("ascii");
            assert!(decode(&tampered).is_err(), "{position}");
        }
        let error = decode(&format!("{}!", &text[..8])).expect_err("bad character");
        assert_eq!(error, CodecError::BadCharacter { position: 8, character: '!' });
        assert!(error.to_string().contains("position 9"), "{error}");
    }

    #[test]
    fn another_version_is_named() {
        let mut data = base64url_decode(&encode(&journal())).expect("valid");
        data[0] = 2;
        let error = decode(&base64url_encode(&data)).expect_err("version 2");
        assert_eq!(error, CodecError::WrongVersion { found: 2 });
        assert_eq!(
            error.to_string(),
            "this saved cluster cannot be loaded: it was saved in format version 2; this kubeplay reads version 1"
        );
    }

    #[test]
    fn oversized_input_is_refused_before_and_after_decompression() {
        let long = "A".repeat(MAX_ENCODED_CHARS + 4);
        assert!(matches!(decode(&long), Err(CodecError::TooLong { .. })));
        // A zlib bomb: a small text that expands past the limit.
        let bomb = base64url_encode(&wrap_body(&vec![0u8; MAX_DECODED_BYTES + 1]));
        assert!(bomb.len() < 100_000, "{}", bomb.len());
        assert_eq!(decode(&bomb), Err(CodecError::TooLarge));
    }

    /// Bodies that decompress fine but say something impossible.
    #[test]
    fn invalid_bodies_name_what_is_wrong() {
        let wrap = |body: &[u8]| decode(&base64url_encode(&wrap_body(body))).expect_err("invalid").to_string();
        assert!(wrap(&[]).ends_with("the data ends in the middle of the seed"), "{}", wrap(&[]));
        assert!(wrap(&[1, 0xd0, 0x86, 0x03, 1, 0]).contains("the node count: 0 is not between 1 and 5000"));
        let valid = unwrap_body(&encode_data(&journal())).expect("valid");
        let mut trailing = valid.clone();
        trailing.push(0);
        assert!(wrap(&trailing).ends_with("1 unexpected bytes after the last input"));
        for cut in 1..valid.len() {
            let message = wrap(&valid[..cut]);
            assert!(message.contains("ends in the middle of") || message.contains(':'), "{cut}: {message}");
        }
        let mut overflow = vec![0xff; 11];
        overflow.push(0);
        assert!(wrap(&overflow).contains("the seed: the number is too large"), "{}", wrap(&overflow));
    }

    /// [`journal`]'s link as main at 46b6559 wrote it (`miniz_oxide` 0.8.9, level 9).
    const OLD_LINK: &str = "AXjabZAxTgMxEEXXRALJPTVzAFYooXNNSU2DKCbeSbCwx9baIqBoJSoqDsERcpScIAfIAVJnVptIiZTpnubPnz9zs_4dqdE1x4bq8f_djxRUA07O8fGIfzt1VSlVbxQm90JtdpENYEr54XOsPxw3Bp4o-fgdiIsOVLDBggaWjIEMLGja6ZzIGg3QitBZzAYmQpk82RJb0QYs9v0Zp-SltxT3YbATVaGQPBbq5wFO_P1FudgelvVlIxd0LLENvB4S8dzx1z24gPMjdW96tVXVbX86pLigto6zGQyPqfb_ZGaV";

    /// Before `session::zlib`, `encode` compressed with `miniz_oxide` at level 9: those links and
    /// saved clusters still open.
    #[test]
    fn links_compressed_by_miniz_still_open() {
        let body = unwrap_body(&encode_data(&journal())).expect("valid");
        let mut data = vec![VERSION];
        data.extend(miniz_oxide::deflate::compress_to_vec_zlib(&body, 9));
        assert_eq!(base64url_encode(&data), OLD_LINK);
        assert_eq!(decode(OLD_LINK), Ok(journal()));
        assert!(encode(&journal()).len() <= OLD_LINK.len(), "{}", encode(&journal()));
        assert_eq!(decode(OLD_LINK), Ok(journal()));
    }

    #[test]
    fn decoded_journal_replays() {
        let journal = journal();
        let decoded = decode(&encode(&journal)).expect("decodes");
        let mut a = Session::replay(&journal).expect("replays");
        let mut b = Session::replay(&decoded).expect("replays");
        assert_eq!(a.run("kubectl get pods -o wide").text, b.run("kubectl get pods -o wide").text);
    }
}
