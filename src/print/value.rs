//! `serde_json::to_value` through the JSON writer: one JSON serializer for the program.
//!
//! The engine needs the JSON text of objects (pod sizes, the template hash), which
//! `manifest::emit` writes, so the objects `get`, `patch` and `-o yaml|json` work with are
//! written as JSON text and read back by the small reader below. The result is
//! `serde_json::to_value`'s exactly: the same keys, strings and numbers (integers stay
//! `u64`/`i64`, floats round-trip through their shortest text), and an error where `to_value`
//! would fail (a map key that is not a string, number or boolean).

use crate::manifest::emit::{to_json_vec, JsonError, ToJson};
use serde_json::{Map, Number, Value};

/// `serde_json::to_value(obj)`.
pub fn to_value<T: ToJson + ?Sized>(obj: &T) -> Result<Value, JsonError> {
    Ok(read(&to_json_vec(obj)?))
}

/// The value of JSON text the writer wrote (one valid JSON value).
fn read(bytes: &[u8]) -> Value {
    let mut reader = Reader { text: bytes, at: 0 };
    reader.value().unwrap_or(Value::Null)
}

struct Reader<'a> {
    text: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }

    fn value(&mut self) -> Option<Value> {
        Some(match self.peek()? {
            b'{' => {
                self.at += 1;
                let mut map = Map::new();
                if !self.eat(b'}') {
                    loop {
                        let key = self.string()?;
                        if !self.eat(b':') {
                            return None;
                        }
                        let value = self.value()?;
                        map.insert(key, value);
                        if self.eat(b'}') {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                    }
                }
                Value::Object(map)
            }
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value()?);
                        if self.eat(b']') {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                    }
                }
                Value::Array(items)
            }
            b'"' => Value::String(self.string()?),
            b't' => self.word("true", Value::Bool(true))?,
            b'f' => self.word("false", Value::Bool(false))?,
            b'n' => self.word("null", Value::Null)?,
            _ => Value::Number(self.number()?),
        })
    }

    fn word(&mut self, word: &str, value: Value) -> Option<Value> {
        let end = self.at + word.len();
        (self.text.get(self.at..end)? == word.as_bytes()).then(|| {
            self.at = end;
            value
        })
    }

    fn number(&mut self) -> Option<Number> {
        let start = self.at;
        let mut float = false;
        while let Some(byte) = self.peek() {
            match byte {
                b'0'..=b'9' | b'-' | b'+' => {}
                b'.' | b'e' | b'E' => float = true,
                _ => break,
            }
            self.at += 1;
        }
        let text = std::str::from_utf8(&self.text[start..self.at]).ok()?;
        if float {
            Number::from_f64(crate::num::parse_f64(text)?)
        } else if text.starts_with('-') {
            Some(text.parse::<i64>().ok()?.into())
        } else {
            Some(text.parse::<u64>().ok()?.into())
        }
    }

    fn string(&mut self) -> Option<String> {
        if !self.eat(b'"') {
            return None;
        }
        let mut out: Vec<u8> = Vec::new();
        loop {
            let start = self.at;
            while !matches!(self.peek()?, b'"' | b'\\') {
                self.at += 1;
            }
            out.extend_from_slice(&self.text[start..self.at]);
            if self.eat(b'"') {
                return String::from_utf8(out).ok();
            }
            self.at += 1;
            let escaped = self.peek()?;
            self.at += 1;
            let byte = match escaped {
                b'b' => 8,
                b'f' => 12,
                b'n' => b'\n',
                b'r' => b'\r',
                b't' => b'\t',
                b'u' => {
                    let mut code = self.hex4()?;
                    if (0xD800..0xDC00).contains(&code) {
                        // A surrogate pair: serde_json writes characters as UTF-8, so only a
                        // hand-made string could hold one; decode it all the same.
                        if !(self.eat(b'\\') && self.eat(b'u')) {
                            return None;
                        }
                        let low = self.hex4()?;
                        code = 0x10000 + ((code - 0xD800) << 10) + (low.checked_sub(0xDC00)? & 0x3FF);
                    }
                    let mut buf = [0; 4];
                    out.extend_from_slice(char::from_u32(code)?.encode_utf8(&mut buf).as_bytes());
                    continue;
                }
                other => other,
            };
            out.push(byte);
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = std::str::from_utf8(self.text.get(self.at..self.at + 4)?).ok()?;
        self.at += 4;
        u32::from_str_radix(digits, 16).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use std::collections::BTreeMap;

    /// What the reader makes of serde_json's text of `value`.
    fn via_text<T: Serialize + ?Sized>(value: &T) -> Result<Value, serde_json::Error> {
        serde_json::to_vec(value).map(|bytes| read(&bytes))
    }

    #[derive(Serialize)]
    struct Sample {
        name: String,
        count: u64,
        delta: i64,
        ratio: f64,
        whole: f64,
        nan: f64,
        big: f64,
        tiny: f64,
        flag: bool,
        none: Option<String>,
        list: Vec<i32>,
        keyed: BTreeMap<i32, String>,
        empty: BTreeMap<String, String>,
        nested: Vec<Vec<BTreeMap<String, Option<bool>>>>,
    }

    #[test]
    fn equals_serde_json_to_value() {
        let text = "quote \" back \\ slash / nl \n tab \t cr \r bell \u{7} del \u{7f} é 漢 🚀 \u{1f}".to_string();
        let sample = Sample {
            name: text.clone(),
            count: u64::MAX,
            delta: i64::MIN,
            ratio: 0.1 + 0.2,
            whole: 3.0,
            nan: f64::NAN,
            big: 1e300,
            tiny: -5e-324,
            flag: true,
            none: None,
            list: vec![-1, 0, 1],
            keyed: BTreeMap::from([(-3, text.clone()), (7, String::new())]),
            empty: BTreeMap::new(),
            nested: vec![vec![], vec![BTreeMap::from([("a".to_string(), Some(false)), ("b".to_string(), None)])]],
        };
        assert_eq!(via_text(&sample).unwrap(), serde_json::to_value(&sample).unwrap());
        for value in [0i64, -0, 42, i64::MAX] {
            assert_eq!(to_value(&value).unwrap(), serde_json::to_value(value).unwrap());
        }
        for value in [0.5f64, -0.0, 1e21, 123456789.125, f64::INFINITY, f64::MIN_POSITIVE] {
            assert_eq!(to_value(&value).unwrap(), serde_json::to_value(value).unwrap());
        }
        assert_eq!(to_value("").unwrap(), Value::String(String::new()));
        assert_eq!(to_value(&text).unwrap(), serde_json::to_value(&text).unwrap());
    }

    #[test]
    fn api_objects_equal_serde_json_to_value() {
        use crate::print::fixtures::{bind, pod, running, status};
        let pod = bind(pod("web-1", 10), "node-1", "10.0.0.5", 12, "Running", status(running(12), true, 2));
        assert_eq!(to_value(&pod).unwrap(), serde_json::to_value(&pod).unwrap());
    }

    #[test]
    fn non_string_keys_fail_as_to_value_does() {
        for text in ["{[1, 2]: x}", "{~: x}", "{.nan: x}", "{a: {{b: c}: x}}"] {
            let value: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
            assert_eq!(
                to_value(&value).unwrap_err().to_string(),
                serde_json::to_value(&value).unwrap_err().to_string()
            );
        }
        let keyed: serde_yaml::Value = serde_yaml::from_str("{1: a, -2: b, 0.5: c, true: d}").unwrap();
        assert_eq!(to_value(&keyed).unwrap(), serde_json::to_value(&keyed).unwrap());
    }
}
