//! Typed decoding from an already parsed YAML tree, with serde_yaml's error paths.
//!
//! Decoding the text straight into each API type makes serde_yaml's event deserializer
//! monomorphised once per struct: the largest part of the web app's download. Here the text is
//! parsed once into a `serde_yaml::Value` (one instance) and the typed structs come from this
//! small tree deserializer. Errors keep what serde_yaml's said: the same message, the field path
//! of the innermost value that failed (`spec.template.spec.containers[0]`), and which node
//! it was, so that `position` can find its line and column in the text.
//!
//! The program's types no longer come through serde's derives here but through `typed` (a
//! hand-written walker over the same nodes, with the same errors: serde's visitors, one per
//! struct, were the largest part of the download); this deserializer stays for the tests that
//! compare the two.

use serde::de::{self, DeserializeSeed, IntoDeserializer, Unexpected, Visitor};
use serde_yaml::Value;
use std::fmt;

/// A typed-decoding error: serde's message, and where it happened.
#[derive(Clone, Debug, PartialEq)]
pub struct TreeError {
    /// serde_yaml's path of the failing value, "" at the root.
    pub path: String,
    /// serde's message: `unknown field `x`, expected ...`, `invalid type: ...`.
    pub message: String,
    /// The node the error belongs to, once known (the innermost value being decoded).
    pub node: Option<NodeRef>,
}

/// A node of the document: the segments leading to it, and whether it is the mapping key of
/// the last segment rather than its value.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeRef {
    pub segments: Vec<Seg>,
    pub key: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

impl fmt::Display for TreeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for TreeError {}

impl de::Error for TreeError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        TreeError { path: String::new(), message: message.to_string(), node: None }
    }
}

/// Decodes `T` from a tree, strictly (as the types' serde attributes say). The tests compare
/// it with `typed`, which decodes the API objects and lessons.
#[cfg(test)]
pub fn from_tree<T: de::DeserializeOwned>(value: &Value) -> Result<T, TreeError> {
    T::deserialize(Node { value, path: &Path::Root, key: None, json: false })
}

/// Decodes `T` from a JSON document, as `serde_json::from_value` would (text fields take only
/// strings), through the same tree decoder (the API types: `typed::from_json`).
#[cfg(test)]
pub fn from_json<T: de::DeserializeOwned>(json: &serde_json::Value) -> Result<T, TreeError> {
    T::deserialize(Node { value: &json_to_tree(json), path: &Path::Root, key: None, json: true })
}

/// Decodes `T` from JSON text as `from_json` does. YAML reads JSON text, so the web app needs
/// no JSON decoder of its own for what it stores as JSON (lesson progress, the run in flight).
#[cfg(test)]
pub fn from_json_text<T: de::DeserializeOwned>(text: &str) -> Result<T, String> {
    let value: Value = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
    T::deserialize(Node { value: &value, path: &Path::Root, key: None, json: true }).map_err(|e| e.to_string())
}

/// A JSON document as a YAML tree (the same values; numbers stay numbers).
pub fn json_to_tree(json: &serde_json::Value) -> Value {
    match json {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(flag) => Value::Bool(*flag),
        serde_json::Value::Number(number) => match (number.as_u64(), number.as_i64()) {
            (Some(n), _) => Value::Number(n.into()),
            (_, Some(n)) => Value::Number(n.into()),
            _ => Value::Number(number.as_f64().unwrap_or(f64::NAN).into()),
        },
        serde_json::Value::String(text) => Value::String(text.clone()),
        serde_json::Value::Array(items) => Value::Sequence(items.iter().map(json_to_tree).collect()),
        serde_json::Value::Object(entries) => Value::Mapping(
            entries.iter().map(|(key, value)| (Value::String(key.clone()), json_to_tree(value))).collect(),
        ),
    }
}

/// A YAML tree as JSON, as deserializing the YAML text into `serde_json::Value` gives it
/// (kubectl reads patches as YAML and converts them to JSON): mapping keys must be scalars,
/// numbers that JSON cannot hold (`.nan`, `.inf`) become null.
pub fn tree_to_json(value: &Value) -> Result<serde_json::Value, TreeError> {
    Ok(match value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(flag) => serde_json::Value::Bool(*flag),
        Value::Number(number) => match (number.as_u64(), number.as_i64(), number.as_f64()) {
            (Some(n), _, _) => n.into(),
            (_, Some(n), _) => n.into(),
            (_, _, Some(n)) => {
                serde_json::Number::from_f64(n).map_or(serde_json::Value::Null, serde_json::Value::Number)
            }
            _ => serde_json::Value::Null,
        },
        Value::String(text) => serde_json::Value::String(text.clone()),
        Value::Sequence(items) => serde_json::Value::Array(items.iter().map(tree_to_json).collect::<Result<_, _>>()?),
        Value::Mapping(entries) => {
            let mut object = serde_json::Map::new();
            for (key, value) in entries {
                let Some(key) = scalar_text(key) else {
                    return Err(de::Error::invalid_type(unexpected(key), &"a string"));
                };
                object.insert(key, tree_to_json(value)?);
            }
            serde_json::Value::Object(object)
        }
        Value::Tagged(_) => return Err(de::Error::invalid_type(Unexpected::Enum, &"any valid JSON value")),
    })
}

/// The path to a node, as a chain of borrowed parents (no allocation while decoding).
pub(crate) enum Path<'p> {
    Root,
    Key(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl Path<'_> {
    fn segments(&self, out: &mut Vec<Seg>) {
        match self {
            Path::Root => {}
            Path::Key(parent, key) => {
                parent.segments(out);
                out.push(Seg::Key((*key).to_string()));
            }
            Path::Index(parent, index) => {
                parent.segments(out);
                out.push(Seg::Index(*index));
            }
        }
    }
}

/// serde_yaml's path text: `spec.containers[0].image`.
fn path_text(segments: &[Seg]) -> String {
    let mut text = String::new();
    for segment in segments {
        match segment {
            Seg::Key(key) => {
                if !text.is_empty() {
                    text.push('.');
                }
                text.push_str(key);
            }
            Seg::Index(index) => text.push_str(&format!("[{index}]")),
        }
    }
    text
}

/// Gives an error its place when it leaves the innermost node that saw it (serde_yaml's
/// `fix_mark`). `key`: the error is about this mapping key of the node at `path`.
#[inline(never)]
pub(crate) fn place(mut error: TreeError, path: &Path<'_>, key: Option<&str>) -> TreeError {
    if error.node.is_none() {
        let mut segments = Vec::new();
        path.segments(&mut segments);
        error.path = path_text(&segments);
        if let Some(key) = key {
            segments.push(Seg::Key(key.to_string()));
        }
        error.node = Some(NodeRef { segments, key: key.is_some() });
    }
    error
}

pub(crate) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(crate::num::yaml_number(number)),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

pub(crate) fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(flag) => Unexpected::Bool(*flag),
        Value::Number(number) => match (number.as_u64(), number.as_i64(), number.as_f64()) {
            (Some(n), _, _) => Unexpected::Unsigned(n),
            (_, Some(n), _) => Unexpected::Signed(n),
            (_, _, Some(n)) => Unexpected::Float(n),
            _ => Unexpected::Other("number"),
        },
        Value::String(text) => Unexpected::Str(text),
        Value::Sequence(_) => Unexpected::Seq,
        Value::Mapping(_) => Unexpected::Map,
        Value::Tagged(_) => Unexpected::Enum,
    }
}

/// One node being decoded: a value, or (`key` set) the key of a mapping entry.
#[derive(Clone, Copy)]
pub(crate) struct Node<'a, 'p> {
    pub(crate) value: &'a Value,
    pub(crate) path: &'p Path<'p>,
    pub(crate) key: Option<&'p str>,
    /// The tree came from JSON: text fields take only strings (`from_json`).
    pub(crate) json: bool,
}

impl<'a> Node<'a, '_> {
    pub(crate) fn untagged(&self) -> &'a Value {
        let mut value = self.value;
        while let Value::Tagged(tagged) = value {
            value = &tagged.value;
        }
        value
    }

    /// Scalars: what serde_yaml's `deserialize_any` visits for them.
    fn any<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        let value = self.untagged();
        let result = match value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(flag) => visitor.visit_bool(*flag),
            Value::Number(number) => match (number.as_u64(), number.as_i64(), number.as_f64()) {
                (Some(n), _, _) => visitor.visit_u64(n),
                (_, Some(n), _) => visitor.visit_i64(n),
                (_, _, Some(n)) => visitor.visit_f64(n),
                _ => return Err(self.mismatch(&visitor)),
            },
            Value::String(text) => visitor.visit_str(text),
            Value::Sequence(_) => return self.seq(visitor),
            Value::Mapping(_) => return self.map(visitor),
            Value::Tagged(_) => return Err(self.mismatch(&visitor)),
        };
        result.map_err(|error| place(error, self.path, self.key))
    }

    /// A list (an empty value is an empty list, as in serde_yaml).
    fn seq<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        let items = match self.untagged() {
            Value::Null => &[][..],
            Value::Sequence(items) => items,
            _ => return Err(self.mismatch(&visitor)),
        };
        visitor
            .visit_seq(Items { items, next: 0, path: self.path, json: self.json })
            .map_err(|error| place(error, self.path, self.key))
    }

    /// An object (an empty value is an empty object, as in serde_yaml).
    fn map<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        let entries = match self.untagged() {
            Value::Null => EMPTY.iter(),
            Value::Mapping(mapping) => mapping.iter(),
            _ => return Err(self.mismatch(&visitor)),
        };
        visitor
            .visit_map(Entries { entries, value: None, path: self.path, json: self.json })
            .map_err(|error| place(error, self.path, self.key))
    }

    #[inline(never)]
    pub(crate) fn mismatch(&self, expected: &dyn de::Expected) -> TreeError {
        place(de::Error::invalid_type(unexpected(self.untagged()), expected), self.path, self.key)
    }
}

pub(crate) static EMPTY: std::sync::LazyLock<serde_yaml::Mapping> = std::sync::LazyLock::new(serde_yaml::Mapping::new);

macro_rules! forward_to_any {
    ($($method:ident)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
            self.any(visitor)
        })*
    };
}

impl<'de> de::Deserializer<'de> for Node<'_, '_> {
    type Error = TreeError;

    forward_to_any! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f32 deserialize_f64
        deserialize_char deserialize_bytes deserialize_byte_buf deserialize_unit deserialize_ignored_any
    }

    /// Any scalar is text, as in serde_yaml (`version: 1.0` gives "1.0").
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        if self.json && !matches!(self.value, Value::String(_)) {
            return Err(self.mismatch(&visitor));
        }
        match scalar_text(self.untagged()) {
            Some(text) => visitor.visit_str(&text).map_err(|error| place(error, self.path, self.key)),
            None => Err(self.mismatch(&visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        self.seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        self.map(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TreeError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, TreeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, TreeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, TreeError> {
        self.any(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, TreeError> {
        visitor.visit_newtype_struct(self)
    }

    /// Unit variants as plain strings (`Always`).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TreeError> {
        match self.untagged() {
            Value::String(text) => {
                let variant: de::value::StrDeserializer<'_, TreeError> = text.as_str().into_deserializer();
                visitor.visit_enum(variant).map_err(|error| place(error, self.path, self.key))
            }
            _ => self.any(visitor),
        }
    }
}

struct Items<'a, 'p> {
    items: &'a [Value],
    next: usize,
    path: &'p Path<'p>,
    json: bool,
}

impl<'de> de::SeqAccess<'de> for Items<'_, '_> {
    type Error = TreeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, TreeError> {
        let Some(value) = self.items.get(self.next) else { return Ok(None) };
        let path = Path::Index(self.path, self.next);
        self.next += 1;
        seed.deserialize(Node { value, path: &path, key: None, json: self.json }).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() - self.next)
    }
}

struct Entries<'a, 'p> {
    entries: serde_yaml::mapping::Iter<'a>,
    value: Option<(&'a Value, Option<String>)>,
    path: &'p Path<'p>,
    json: bool,
}

impl<'de> de::MapAccess<'de> for Entries<'_, '_> {
    type Error = TreeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, TreeError> {
        let Some((key, value)) = self.entries.next() else { return Ok(None) };
        let text = scalar_text(key);
        self.value = Some((value, text.clone()));
        let key_text = text.as_deref().unwrap_or("?");
        seed.deserialize(Node { value: key, path: self.path, key: Some(key_text), json: self.json }).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, TreeError> {
        let (value, key) = self.value.take().ok_or_else(|| de::Error::custom("value without a key"))?;
        let key = key.unwrap_or_else(|| "?".into());
        let path = Path::Key(self.path, &key);
        seed.deserialize(Node { value, path: &path, key: None, json: self.json })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

// ---------------------------------------------------------------------------------------------

/// Line and column (1-based, within `text`) of a node, as serde_yaml reports positions: a
/// mapping key at the key, a value where it starts. None when the path is not in the text.
/// (`manifest::yaml` walks the text's events; `serde_position` below, serde_yaml's deserializer
/// driven by a probe, is what the tests compare it with.)
pub fn position(text: &str, node: &NodeRef) -> Option<(usize, usize)> {
    super::yaml::position(text, &node.segments, node.key)
}

#[cfg(test)]
const FOUND: &str = "kubeplay: node found";

/// `position` through serde_yaml's deserializer, for the tests.
#[cfg(test)]
pub fn serde_position(text: &str, node: &NodeRef) -> Option<(usize, usize)> {
    let probe = Probe { segments: &node.segments, key: node.key };
    match probe.deserialize(serde_yaml::Deserializer::from_str(text)) {
        Ok(()) => None,
        Err(error) if error.to_string().contains(FOUND) => error.location().map(|l| (l.line(), l.column())),
        Err(_) => None,
    }
}

#[cfg(test)]
/// Walks the text along `segments`, failing with FOUND at the node (so serde_yaml puts its
/// position on the error) and with another error where the path leaves the document.
#[derive(Clone, Copy)]
struct Probe<'s> {
    segments: &'s [Seg],
    key: bool,
}

#[cfg(test)]
impl<'de> DeserializeSeed<'de> for Probe<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

#[cfg(test)]
impl Probe<'_> {
    fn leaf<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(if self.segments.is_empty() { FOUND } else { "absent" }))
    }
}

#[cfg(test)]
impl<'de> Visitor<'de> for Probe<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a node")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.leaf()
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.leaf()
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.leaf()
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.leaf()
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.leaf()
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.leaf()
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.leaf()
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        self.leaf()
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        let Some((Seg::Index(index), rest)) = self.segments.split_first() else { return self.leaf() };
        for _ in 0..*index {
            if items.next_element::<de::IgnoredAny>()?.is_none() {
                return Err(de::Error::custom("absent"));
            }
        }
        items.next_element_seed(Probe { segments: rest, key: self.key })?;
        Err(de::Error::custom("absent"))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut entries: A) -> Result<(), A::Error> {
        let Some((Seg::Key(wanted), rest)) = self.segments.split_first() else { return self.leaf() };
        let at_key = rest.is_empty() && self.key;
        while let Some(matched) = entries.next_key_seed(KeyProbe { wanted, fail: at_key })? {
            if matched {
                entries.next_value_seed(Probe { segments: rest, key: self.key })?;
                break;
            }
            entries.next_value::<de::IgnoredAny>()?;
        }
        Err(de::Error::custom("absent"))
    }
}

#[cfg(test)]
/// A mapping key: whether it is the wanted one; `fail`: fail with FOUND on it.
struct KeyProbe<'s> {
    wanted: &'s str,
    fail: bool,
}

#[cfg(test)]
impl<'de> DeserializeSeed<'de> for KeyProbe<'_> {
    type Value = bool;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_any(self)
    }
}

#[cfg(test)]
impl KeyProbe<'_> {
    fn check<E: de::Error>(self, text: &str) -> Result<bool, E> {
        match text == self.wanted {
            true if self.fail => Err(E::custom(FOUND)),
            matched => Ok(matched),
        }
    }
}

#[cfg(test)]
impl<'de> Visitor<'de> for KeyProbe<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<bool, E> {
        self.check(text)
    }

    fn visit_bool<E: de::Error>(self, flag: bool) -> Result<bool, E> {
        self.check(&flag.to_string())
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<bool, E> {
        self.check(&n.to_string())
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<bool, E> {
        self.check(&n.to_string())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut entries: A) -> Result<bool, A::Error> {
        while entries.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
        Ok(false)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut items: A) -> Result<bool, A::Error> {
        while items.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    struct Outer {
        #[serde(default)]
        items: Vec<Inner>,
        #[serde(default)]
        count: i64,
        name: Option<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        port: i32,
    }

    fn decode(text: &str) -> Result<Outer, TreeError> {
        from_tree(&serde_yaml::from_str::<Value>(text).expect("yaml"))
    }

    #[test]
    fn decodes_like_serde_yaml() {
        let text = "items:\n- port: 80\nname: 150\ncount: 3\n";
        assert_eq!(decode(text), Ok(serde_yaml::from_str::<Outer>(text).expect("typed")));
        assert_eq!(decode("items:\n").expect("empty").items, vec![]);
        assert_eq!(decode("name: true\n").expect("bool text").name.as_deref(), Some("true"));
        // The tree keeps numbers, not their text: a float in a text field is written anew
        // (serde_yaml kept "1.50"; the API server refuses a number there anyway).
        assert_eq!(decode("name: 1.50\n").expect("float text").name.as_deref(), Some("1.5"));
    }

    #[test]
    fn errors_keep_path_message_and_node() {
        let text = "items:\n- port: 80\n- {port: 1, prot: 2}\ncount: three\n";
        let error = decode(text).expect_err("unknown field");
        let expected = serde_yaml::from_str::<Outer>(text).expect_err("typed").to_string();
        assert!(expected.starts_with(&error.to_string()), "{expected} / {error}");
        let node = error.node.clone().expect("node");
        assert_eq!(
            node,
            NodeRef { segments: vec![Seg::Key("items".into()), Seg::Index(1), Seg::Key("prot".into())], key: true }
        );
        assert_eq!(position(text, &node), Some((3, 13)));
        let error = decode("count: three\n").expect_err("type");
        assert_eq!(error.to_string(), "count: invalid type: string \"three\", expected i64");
        assert_eq!(position("count: three\n", error.node.as_ref().expect("node")), Some((1, 8)));
        let error = decode("items:\n- {}\n").expect_err("missing");
        assert_eq!(error.to_string(), "items[0]: missing field `port`");
        assert_eq!(position("items:\n- {}\n", error.node.as_ref().expect("node")), Some((2, 3)));
        let absent = NodeRef { segments: vec![Seg::Key("nope".into())], key: false };
        assert_eq!(position("count: 1\n", &absent), None);
    }

    /// `from_json` decodes (and refuses) what `serde_json::from_value` does, with its messages;
    /// except that an object never comes from a list (`[80]` for `{port: 80}`), which the API
    /// server refuses too.
    #[test]
    fn json_decodes_like_serde_json() {
        let cases = [
            r#"{"items": [{"port": 80}], "name": "web", "count": -3}"#,
            r#"{"name": null}"#,
            r#"{"name": 150}"#,
            r#"{"name": true}"#,
            r#"{"count": "3"}"#,
            r#"{"count": 1.5}"#,
            r#"{"items": [{"port": 80, "prot": 1}]}"#,
            r#"{"items": [{}]}"#,
            r#"{"items": {}}"#,
        ];
        for case in cases {
            let json: serde_json::Value = serde_json::from_str(case).expect("json");
            let typed = serde_json::from_value::<Outer>(json.clone()).map_err(|e| e.to_string());
            assert_eq!(from_json::<Outer>(&json).map_err(|e| e.message), typed, "{case}");
        }
        let node = r#"{"metadata": {"name": "n", "labels": {"a": "b"}}, "spec": {"unschedulable": true, "taints": [{"key": "k", "effect": "NoSchedule"}]}}"#;
        let json: serde_json::Value = serde_json::from_str(node).expect("json");
        assert_eq!(
            from_json::<crate::api::Node>(&json).expect("node"),
            serde_json::from_value::<crate::api::Node>(json).expect("typed node")
        );
    }

    /// `tree_to_json` gives what deserializing the YAML text into `serde_json::Value` gave.
    #[test]
    fn tree_to_json_reads_yaml_as_json() {
        let cases = [
            "{\"spec\": {\"replicas\": 3, \"paused\": false}}",
            "spec:\n  replicas: 3\n  ratio: 0.5\n  big: 18446744073709551615\n  neg: -4\n  none: ~\n  list: [a, 1, {b: c}]\n",
            "- op: replace\n  path: /spec/replicas\n  value: 3\n",
            "a: .nan\nb: .inf\n",
            "'quoted': 'yes'\n",
        ];
        for case in cases {
            let typed: serde_json::Value = serde_yaml::from_str(case).expect("typed");
            let tree: Value = serde_yaml::from_str(case).expect("tree");
            assert_eq!(tree_to_json(&tree).expect("json"), typed, "{case}");
        }
        let tree: Value = serde_yaml::from_str("[1, 2]: x\n").expect("tree");
        assert!(tree_to_json(&tree).is_err());
    }

    /// What serde_json writes (compact or pretty), `from_json_text` reads back.
    #[test]
    fn json_text_reads_what_serde_json_writes() {
        #[derive(Clone, Debug, PartialEq, serde::Serialize, Deserialize)]
        struct Saved {
            name: String,
            steps: BTreeMap<String, String>,
            hints: Vec<usize>,
            done: bool,
        }
        let tricky = "a \"quoted\" \\ back/slash, tab\t, line\n, bell\u{7}, 中文, 🙂, yes, ~, 1.0, - x: y";
        let saved = Saved {
            name: tricky.to_string(),
            steps: [(tricky.to_string(), "done".to_string()), ("null".to_string(), "3".to_string())].into(),
            hints: vec![0, 2, 18446744073709551615],
            done: true,
        };
        for text in [serde_json::to_string(&saved).unwrap(), serde_json::to_string_pretty(&saved).unwrap()] {
            assert_eq!(from_json_text::<Saved>(&text), Ok(saved.clone()), "{text}");
        }
        assert_eq!(
            from_json_text::<Vec<String>>(r#"["a\/b", "\u00e9"]"#),
            Ok(vec!["a/b".to_string(), "é".to_string()])
        );
        assert!(from_json_text::<Saved>(r#"{"name": 1, "steps": {}, "hints": [], "done": true}"#).is_err());
    }
}
