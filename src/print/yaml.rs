//! YAML text for a value, exactly as `serde_yaml::to_string` writes it (serde_yaml 0.9 over
//! unsafe-libyaml 0.2.11's emitter, unlimited width), without their serializer and emitter
//! in the download (docs/size.md). The layout and quoting rules below follow libyaml's
//! `emitter.c` (`analyze_scalar`, `select_scalar_style`, the `write_*` functions): the
//! state machine is replaced by recursion over the value, the rest is kept step for step.
//! `-o yaml` then rewrites the quoting into go-yaml's (`print::output`).

use std::borrow::Cow;

/// `serde_yaml::to_string(value)` for a JSON value (which always succeeds).
pub fn json_to_yaml(value: &serde_json::Value) -> String {
    emit(&json_node(value)).unwrap_or_default()
}

/// `serde_yaml::to_string(value)`; `None` where serde_yaml fails (a tag inside a tag, an empty
/// tag, a tagged key of a one-entry mapping, which serde_yaml cannot write either).
pub fn value_to_yaml(value: &serde_yaml::Value) -> Option<String> {
    emit(&yaml_node(value)?)
}

/// `serde_yaml::to_string(text)` without its line break: a string as one YAML scalar
/// (`nginx`, `'80'`, `'a: b'`, a `|-` block for several lines).
pub fn scalar(text: &str) -> String {
    let mut yaml = emit(&Node::Str(text)).unwrap_or_default();
    yaml.truncate(yaml.trim_end().len());
    yaml
}

/// A value as the events serde_yaml's serializer sends to the emitter.
enum Node<'a> {
    /// Null, booleans and numbers, which serde_yaml asks to be written plain.
    Plain(Cow<'a, str>),
    /// A string: serde_yaml asks for a literal block when it has a line feed, single quotes
    /// when it would read back as another type, and leaves the choice to the emitter otherwise.
    Str(&'a str),
    Seq(Vec<Node<'a>>),
    Map(Vec<(Node<'a>, Node<'a>)>),
    /// `!tag value`: the tag as written (`!foo`), never around another tag.
    Tagged(String, Box<Node<'a>>),
}

fn json_node(value: &serde_json::Value) -> Node<'_> {
    use serde_json::Value;
    match value {
        Value::Null => Node::Plain("null".into()),
        Value::Bool(b) => Node::Plain(if *b { "true" } else { "false" }.into()),
        Value::Number(n) => Node::Plain(number(n).into()),
        Value::String(s) => Node::Str(s),
        Value::Array(items) => Node::Seq(items.iter().map(json_node).collect()),
        Value::Object(map) => Node::Map(map.iter().map(|(k, v)| (Node::Str(k), json_node(v))).collect()),
    }
}

/// A JSON number as serde_yaml writes it: floats in ryu's shortest form, which is serde_json's
/// (zmij's) but for the exponent's sign (`1e16`, not `1e+16`; a test compares them).
fn number(n: &serde_json::Number) -> String {
    match n.as_f64() {
        Some(f) if n.is_f64() => crate::num::shortest(f, false),
        _ => crate::num::json_number(n),
    }
}

fn yaml_node(value: &serde_yaml::Value) -> Option<Node<'_>> {
    use serde_yaml::Value;
    Some(match value {
        Value::Null => Node::Plain("null".into()),
        Value::Bool(b) => Node::Plain(if *b { "true" } else { "false" }.into()),
        Value::Number(n) => Node::Plain(crate::num::yaml_number(n).into()),
        Value::String(s) => Node::Str(s),
        Value::Sequence(items) => Node::Seq(items.iter().map(yaml_node).collect::<Option<_>>()?),
        Value::Mapping(map) => {
            let entries = map.iter().map(|(k, v)| Some((yaml_node(k)?, yaml_node(v)?))).collect::<Option<Vec<_>>>()?;
            // serde_yaml takes a one-entry mapping for a possible `!tag value` and loses track
            // of it when its key is a tag or a one-entry mapping itself.
            if let [(Node::Tagged(..), _)] | [(Node::Map(_), _)] = entries.as_slice() {
                if !matches!(&entries[0].0, Node::Map(inner) if inner.len() != 1) {
                    return None;
                }
            }
            Node::Map(entries)
        }
        Value::Tagged(tagged) => {
            // serde_yaml writes `!` and the tag without its own leading `!` (`!!x` keeps one).
            let shown = tagged.tag.to_string();
            let bare = &shown[1..];
            if bare.is_empty() || matches!(tagged.value, Value::Tagged(_)) {
                return None;
            }
            let tag = if bare.starts_with('!') { bare.to_string() } else { shown };
            Node::Tagged(tag, Box::new(yaml_node(&tagged.value)?))
        }
    })
}

/// What `serde_yaml::ser::serialize_str` asks for: `'…'` for text that reads back as null, a
/// boolean or a number (serde_yaml's `visit_untagged_scalar`), `|` for text with a line feed.
#[derive(Clone, Copy, PartialEq)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

fn requested_style(node: &Node) -> Style {
    match node {
        Node::Str(text) if text.contains('\n') => Style::Literal,
        Node::Str(text) if reads_as_other_type(text) => Style::Single,
        _ => Style::Plain,
    }
}

fn reads_as_other_type(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE")
        || digits_but_not_number(text)
        || unsigned_int(text)
        || negative_int(text)
        || float(text)
}

/// serde_yaml's `digits_but_not_number`: a leading zero and digits (`007`) is a string in YAML
/// 1.2, which serde_yaml quotes so that YAML 1.1 readers do not take it for octal.
fn digits_but_not_number(text: &str) -> bool {
    let text = text.strip_prefix(['-', '+']).unwrap_or(text);
    text.len() > 1 && text.starts_with('0') && text[1..].bytes().all(|b| b.is_ascii_digit())
}

/// serde_yaml's `parse_unsigned_int` for `u128` (which reads all that `u64` reads).
fn unsigned_int(text: &str) -> bool {
    let unpositive = text.strip_prefix('+').unwrap_or(text);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unpositive.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return false;
            }
            if u128::from_str_radix(rest, radix).is_ok() {
                return true;
            }
        }
    }
    !unpositive.starts_with(['+', '-']) && !digits_but_not_number(text) && unpositive.parse::<u128>().is_ok()
}

/// serde_yaml's `parse_negative_int` for `i128`.
fn negative_int(text: &str) -> bool {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = text.strip_prefix(prefix) {
            if i128::from_str_radix(&format!("-{rest}"), radix).is_ok() {
                return true;
            }
        }
    }
    !digits_but_not_number(text) && text.parse::<i128>().is_ok()
}

/// serde_yaml's `parse_f64`, finite values and `.inf`/`.nan` spellings.
fn float(text: &str) -> bool {
    let unpositive = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return false,
        Some(rest) => rest,
        None => text,
    };
    matches!(unpositive, ".inf" | ".Inf" | ".INF")
        || matches!(text, "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN" | ".NAN")
        || crate::num::parse_f64(unpositive).is_some_and(f64::is_finite)
}

/// libyaml's `IS_PRINTABLE` (as code points).
fn printable(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..) && c != '\u{FEFF}'
}

/// libyaml's `IS_BREAK`.
fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// libyaml's `IS_BLANKZ` (`None` is the end of the text; libyaml sees its NUL terminator).
fn blankz(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => matches!(c, ' ' | '\t' | '\0') || is_break(c),
    }
}

/// libyaml's `scalar_data` after `analyze_scalar`.
struct Analysis {
    multiline: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

fn analyze(text: &str) -> Analysis {
    if text.is_empty() {
        return Analysis {
            multiline: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    // Flow indicators only matter inside flow collections, which serde_yaml never writes with
    // content (empty collections are the only flow ones): only block indicators are tracked.
    let mut block_indicators = text.starts_with("---") || text.starts_with("...");
    let (mut line_breaks, mut special_characters) = (false, false);
    let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) = (false, false, false, false);
    let (mut break_space, mut space_break, mut previous_space, mut previous_break) = (false, false, false, false);
    let mut preceded_by_whitespace = true;
    let chars: Vec<char> = text.chars().collect();
    for (idx, &c) in chars.iter().enumerate() {
        let followed_by_whitespace = blankz(chars.get(idx + 1).copied());
        let first = idx == 0;
        let last = idx + 1 == chars.len();
        if first {
            if "#,[]{}&*!|>'\"%@`".contains(c) || (matches!(c, '?' | ':' | '-') && followed_by_whitespace) {
                block_indicators = true;
            }
        } else if (c == ':' && followed_by_whitespace) || (c == '#' && preceded_by_whitespace) {
            block_indicators = true;
        }
        // `unicode` is on: only unprintable characters are special.
        if !printable(c) {
            special_characters = true;
        }
        if is_break(c) {
            line_breaks = true;
        }
        if c == ' ' {
            leading_space |= first;
            trailing_space |= last;
            break_space |= previous_break;
            (previous_space, previous_break) = (true, false);
        } else if is_break(c) {
            leading_break |= first;
            trailing_break |= last;
            space_break |= previous_space;
            (previous_space, previous_break) = (false, true);
        } else {
            (previous_space, previous_break) = (false, false);
        }
        preceded_by_whitespace = blankz(Some(c));
    }
    let mut analysis = Analysis {
        multiline: line_breaks,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break || line_breaks || block_indicators {
        analysis.block_plain_allowed = false;
    }
    if trailing_space {
        analysis.block_allowed = false;
    }
    if break_space {
        analysis.block_plain_allowed = false;
        analysis.single_quoted_allowed = false;
    }
    if space_break || special_characters {
        analysis.block_plain_allowed = false;
        analysis.single_quoted_allowed = false;
        analysis.block_allowed = false;
    }
    analysis
}

/// A tag as libyaml splits it: the `!` handle and the rest, or the whole tag verbatim (`!<!>`).
fn tag_parts(tag: &str) -> (Option<&str>, &str) {
    if tag.len() > 1 {
        (Some("!"), &tag[1..])
    } else {
        (None, tag)
    }
}

fn emit(root: &Node) -> Option<String> {
    let mut emitter =
        Emitter { out: String::new(), column: 0, indent: -1, indents: Vec::new(), whitespace: true, indention: true };
    emitter.node(root, None, false, false)?;
    // The document's end (implicit): a line break unless the text already ends at the margin.
    emitter.write_indent();
    Some(emitter.out)
}

/// The part of libyaml's `yaml_emitter_t` that block output uses (no flow collections with
/// content, no width limit, so no folding).
struct Emitter {
    out: String,
    column: i32,
    indent: i32,
    indents: Vec<i32>,
    whitespace: bool,
    indention: bool,
}

impl Emitter {
    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
        }
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { 2 } else { 0 };
        } else if !indentless {
            self.indent += 2;
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(&mut self, indicator: &str, need_whitespace: bool, is_whitespace: bool, is_indention: bool) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        indicator.chars().for_each(|c| self.put(c));
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    fn write_tag(&mut self, tag: &str) {
        let (handle, suffix) = tag_parts(tag);
        match handle {
            Some(handle) => {
                if !self.whitespace {
                    self.put(' ');
                }
                handle.chars().for_each(|c| self.put(c));
            }
            None => self.write_indicator("!<", true, false, false),
        }
        for c in suffix.chars() {
            if c.is_ascii_alphanumeric() || "-;/?:@&=+$,_.~*'()[]".contains(c) {
                self.put(c);
            } else {
                let mut bytes = [0; 4];
                for byte in c.encode_utf8(&mut bytes).bytes() {
                    self.put('%');
                    self.put(char::from(b"0123456789ABCDEF"[usize::from(byte >> 4)]));
                    self.put(char::from(b"0123456789ABCDEF"[usize::from(byte & 0xF)]));
                }
            }
        }
        if handle.is_none() {
            self.write_indicator(">", false, false, false);
        }
        self.whitespace = false;
        self.indention = false;
    }

    /// libyaml's `check_simple_key`: short one-line scalars and empty collections.
    fn simple_key(key: &Node, tag: Option<&str>) -> bool {
        // The handle and the suffix, or the verbatim tag: the tag's length either way.
        let tag_length = tag.map_or(0, str::len);
        let length = match key {
            Node::Tagged(tag, inner) => return Self::simple_key(inner, Some(tag)),
            Node::Plain(text) => text.len(),
            Node::Str(text) if analyze(text).multiline => return false,
            Node::Str(text) => text.len(),
            Node::Seq(items) if items.is_empty() => 0,
            Node::Map(entries) if entries.is_empty() => 0,
            Node::Seq(_) | Node::Map(_) => return false,
        };
        length + tag_length <= 128
    }

    /// libyaml's `emit_node` with its `sequence`, `mapping` and `simple_key` contexts.
    fn node(&mut self, node: &Node, tag: Option<&str>, mapping: bool, simple_key: bool) -> Option<()> {
        match node {
            Node::Tagged(inner_tag, inner) => {
                if tag.is_some() {
                    return None;
                }
                self.node(inner, Some(inner_tag), mapping, simple_key)
            }
            Node::Plain(text) => {
                self.scalar(text, Style::Plain, tag, simple_key);
                Some(())
            }
            Node::Str(text) => {
                self.scalar(text, requested_style(node), tag, simple_key);
                Some(())
            }
            Node::Seq(items) => {
                if let Some(tag) = tag {
                    self.write_tag(tag);
                }
                if items.is_empty() {
                    self.empty("[", "]");
                    return Some(());
                }
                self.increase_indent(false, mapping && !self.indention);
                for item in items {
                    self.write_indent();
                    self.write_indicator("-", true, false, true);
                    self.node(item, None, false, false)?;
                }
                self.pop_indent();
                Some(())
            }
            Node::Map(entries) => {
                if let Some(tag) = tag {
                    self.write_tag(tag);
                }
                if entries.is_empty() {
                    self.empty("{", "}");
                    return Some(());
                }
                self.increase_indent(false, false);
                for (key, value) in entries {
                    self.write_indent();
                    if Self::simple_key(key, None) {
                        self.node(key, None, true, true)?;
                        self.write_indicator(":", false, false, false);
                    } else {
                        self.write_indicator("?", true, false, true);
                        self.node(key, None, true, false)?;
                        self.write_indent();
                        self.write_indicator(":", true, false, true);
                    }
                    self.node(value, None, true, false)?;
                }
                self.pop_indent();
                Some(())
            }
        }
    }

    /// An empty collection, which libyaml writes in flow style.
    fn empty(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        self.increase_indent(true, false);
        self.pop_indent();
        self.write_indicator(close, false, false, false);
    }

    /// libyaml's `emit_scalar`: `select_scalar_style`, the tag, then the text.
    fn scalar(&mut self, text: &str, requested: Style, tag: Option<&str>, simple_key: bool) {
        let analysis = analyze(text);
        let mut style = requested;
        if simple_key && analysis.multiline {
            style = Style::Double;
        }
        if style == Style::Plain && (!analysis.block_plain_allowed || (text.is_empty() && simple_key)) {
            style = Style::Single;
        }
        if style == Style::Single && !analysis.single_quoted_allowed {
            style = Style::Double;
        }
        if style == Style::Literal && (!analysis.block_allowed || simple_key) {
            style = Style::Double;
        }
        if let Some(tag) = tag {
            self.write_tag(tag);
        }
        self.increase_indent(true, false);
        match style {
            Style::Plain => self.write_plain(text),
            Style::Single => self.write_single_quoted(text),
            Style::Double => self.write_double_quoted(text),
            Style::Literal => self.write_literal(text),
        }
        self.pop_indent();
    }

    fn write_plain(&mut self, text: &str) {
        if !self.whitespace && !text.is_empty() {
            self.put(' ');
        }
        // A plain scalar has no line breaks, and no width means no folding at spaces.
        text.chars().for_each(|c| self.put(c));
        self.whitespace = false;
        self.indention = false;
    }

    fn write_single_quoted(&mut self, text: &str) {
        self.write_indicator("'", true, false, false);
        let mut breaks = false;
        for c in text.chars() {
            if is_break(c) {
                // libyaml doubles a first line feed; `'\n'` never comes here (it makes a
                // literal or double-quoted scalar), other breaks do (U+2028).
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
        if breaks {
            self.write_indent();
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted(&mut self, text: &str) {
        self.write_indicator("\"", true, false, false);
        for c in text.chars() {
            if !printable(c) || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                let short = match c {
                    '\0' => Some('0'),
                    '\u{7}' => Some('a'),
                    '\u{8}' => Some('b'),
                    '\t' => Some('t'),
                    '\n' => Some('n'),
                    '\u{B}' => Some('v'),
                    '\u{C}' => Some('f'),
                    '\r' => Some('r'),
                    '\u{1B}' => Some('e'),
                    '"' => Some('"'),
                    '\\' => Some('\\'),
                    '\u{85}' => Some('N'),
                    '\u{A0}' => Some('_'),
                    '\u{2028}' => Some('L'),
                    '\u{2029}' => Some('P'),
                    _ => None,
                };
                match short {
                    Some(short) => self.put(short),
                    None => {
                        let code = u32::from(c);
                        let (letter, digits) = match code {
                            0..=0xFF => ('x', 2),
                            0x100..=0xFFFF => ('u', 4),
                            _ => ('U', 8),
                        };
                        self.put(letter);
                        for k in (0..digits).rev() {
                            self.put(char::from(b"0123456789ABCDEF"[((code >> (4 * k)) & 0xF) as usize]));
                        }
                    }
                }
            } else {
                self.put(c);
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_literal(&mut self, text: &str) {
        self.write_indicator("|", true, false, false);
        // Block scalar hints: an indent for text that starts with a space or break, then the
        // chomping: `-` without a final break, `+` with two (or only one break), none with one.
        if text.starts_with(|c: char| c == ' ' || is_break(c)) {
            self.write_indicator("2", false, false, false);
        }
        let mut from_end = text.chars().rev();
        let chomp = match (from_end.next(), from_end.next()) {
            (None, _) => Some("-"),
            (Some(last), _) if !is_break(last) => Some("-"),
            (Some(_), None) => Some("+"),
            (Some(_), Some(before)) if is_break(before) => Some("+"),
            _ => None,
        };
        if let Some(chomp) = chomp {
            self.write_indicator(chomp, false, false, false);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for c in text.chars() {
            if is_break(c) {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Characters worth trying in every position: all of ASCII, breaks, spaces and
    /// unprintables outside it, letters and signs from other scripts.
    fn characters() -> Vec<char> {
        let mut chars: Vec<char> = (0u8..128).map(char::from).collect();
        chars.extend([
            '\u{80}',
            '\u{85}',
            '\u{9F}',
            '\u{A0}',
            '\u{BF}',
            '\u{C0}',
            'é',
            'ß',
            '\u{2028}',
            '\u{2029}',
            '\u{D7FF}',
            '\u{E000}',
            '\u{FEFF}',
            '\u{FFFD}',
            '\u{FFFE}',
            '\u{FFFF}',
            '→',
            '日',
            '😀',
            '\u{10FFFF}',
        ]);
        chars
    }

    fn words() -> Vec<String> {
        let mut words: Vec<String> = [
            "",
            " ",
            "  ",
            "~",
            "null",
            "Null",
            "NULL",
            "nULL",
            "true",
            "True",
            "TRUE",
            "tRUE",
            "false",
            "False",
            "FALSE",
            "yes",
            "no",
            "on",
            "off",
            "y",
            "n",
            "Yes",
            "NO",
            "0",
            "1",
            "-1",
            "+1",
            "++1",
            "+-1",
            "007",
            "-007",
            "+007",
            "08",
            "0.5",
            ".5",
            "5.",
            "1e3",
            "1E3",
            "1e+3",
            "1e-3",
            "-1.5e-3",
            "1_000",
            "0x1F",
            "0X1F",
            "0xG",
            "-0x1F",
            "+0x1F",
            "0x-1",
            "0o17",
            "-0o17",
            "0o8",
            "0b101",
            "-0b101",
            "0b2",
            "0x",
            "0o",
            "0b",
            ".inf",
            ".Inf",
            ".INF",
            "-.inf",
            "+.inf",
            "inf",
            "-inf",
            "infinity",
            "nan",
            "NaN",
            ".nan",
            ".NaN",
            ".NAN",
            "-.nan",
            "1e400",
            "-1e400",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "340282366920938463463374607431768211455",
            "340282366920938463463374607431768211456",
            "-170141183460469231731687303715884105729",
            "123456789012345678901234567890123456789012345678901234567890",
            "1.2.3",
            "1:2",
            "1:20:30",
            "2026-01-01",
            "2026-01-01T00:00:05Z",
            "2026-01-01 00:00:05",
            "12:30",
            "0:0",
            "---",
            "--- a",
            "...",
            "... a",
            "----",
            "-",
            "- a",
            "-a",
            "a -",
            "?",
            "? a",
            "?a",
            ":",
            ": a",
            ":a",
            "a:",
            "a: b",
            "a:b",
            "a :b",
            "a #b",
            "a#b",
            "#a",
            "a #",
            "!a",
            "&a",
            "*a",
            "|",
            ">",
            "'",
            "\"",
            "%",
            "@",
            "`",
            "a'b",
            "a\"b",
            "a\\b",
            "a,b",
            "[a]",
            "{a}",
            "a]",
            "a}",
            "a\tb",
            "\ta",
            "a\t",
            "\t",
            "a b",
            " a",
            "a ",
            " a ",
            "a  b",
            "=",
            "<<",
            "nginx:1.27",
            "10.0.0.1",
            "10.0.0.1:80",
            "http://web:80/x?y=1#z",
            "100m",
            "128Mi",
            "0.5Gi",
            "1e3m",
            "app=web",
            "app in (web)",
            "$(POD_IP)",
            "${x}",
            "a/b",
            "/healthz",
            "C:\\x",
        ]
        .map(String::from)
        .to_vec();
        for text in
            ["a\nb", "a\n", "a\n\n", "a\n\n\n", "\n", "\n\n", "\na", "\n a", " a\nb", "a \nb", "a\n b", "a\r\nb"]
        {
            words.push(text.into());
        }
        for text in ["a\n\nb", "a\n \nb", "  a\n  b\n", "\ta\nb", "a\nb\t", "a\nb ", "a\u{2028}b", "a\u{85}b", "a\rb"] {
            words.push(text.into());
        }
        words.push("x".repeat(500));
        words.push("word ".repeat(100));
        words.push("k".repeat(128));
        words.push("k".repeat(129));
        words.push(format!("{}\n", "long line ".repeat(40)));
        words
    }

    /// Every character at the start, in the middle and at the end, next to spaces and breaks.
    fn generated() -> Vec<String> {
        let mut texts = words();
        for c in characters() {
            for text in [
                format!("{c}"),
                format!("{c}{c}"),
                format!("{c}a"),
                format!("a{c}"),
                format!("a{c}b"),
                format!("{c} a"),
                format!("a {c}"),
                format!("a {c}b"),
                format!("a{c} b"),
                format!(" {c}"),
                format!("{c} "),
                format!("{c}\na"),
                format!("a\n{c}"),
                format!("a{c}\nb"),
                format!("-{c}"),
                format!(":{c}"),
                format!("?{c}"),
                format!("1{c}"),
            ] {
                texts.push(text);
            }
        }
        texts
    }

    /// Random text from the characters above (a fixed LCG, so the test is the same each run).
    fn random_texts(count: usize) -> Vec<String> {
        let chars = characters();
        let alphabet: Vec<char> = chars.iter().copied().chain(" \n :#-ab01.".chars()).collect();
        let mut state: u64 = 0x5eed;
        let mut next = move || {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        (0..count).map(|_| (0..next() % 7).map(|_| alphabet[next() % alphabet.len()]).collect()).collect()
    }

    /// The text in every place a string goes: the document, a value, a key, an item, nested.
    fn placements(text: &str) -> Vec<serde_json::Value> {
        vec![
            json!(text),
            json!({ "k": text }),
            json!({ text: "v" }),
            json!({ text: text, "z": 1 }),
            json!([text]),
            json!([text, [text], { text: [text] }]),
            json!({ "a": { "b": [text, { "c": text }] }, "d": [[text]] }),
            json!({ "a": [{ text: { text: [] } }], "b": {} }),
        ]
    }

    fn check_json(value: &serde_json::Value) {
        let expected = serde_yaml::to_string(value).expect("serde_yaml");
        assert_eq!(json_to_yaml(value), expected, "{value}");
        let tree: serde_yaml::Value = serde_yaml::to_value(value).expect("to_value");
        assert_eq!(value_to_yaml(&tree).as_deref(), Some(expected.as_str()), "{value}");
    }

    #[test]
    fn strings_as_serde_yaml_writes_them() {
        let texts = generated();
        assert!(texts.len() > 2500, "{}", texts.len());
        for text in texts.iter().chain(&random_texts(20_000)) {
            for value in placements(text) {
                check_json(&value);
            }
            assert_eq!(scalar(text), serde_yaml::to_string(text).expect("yaml").trim_end(), "{text:?}");
        }
    }

    #[test]
    fn numbers_as_serde_yaml_writes_them() {
        let mut values = vec![json!(0), json!(-1), json!(u64::MAX), json!(i64::MIN), json!(i64::MAX)];
        for f in [0.0, -0.0, 0.1, 1.0, -1.5, 1e15, 1e16, 1e17, 1e21, 1e22, 1e-5, 1e-7, 5e-324, f64::MAX, f64::MIN] {
            values.push(json!(f));
        }
        let mut state: u64 = 7;
        for _ in 0..50_000 {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let f = f64::from_bits(state);
            if f.is_finite() {
                values.push(json!(f));
            }
            values.push(json!((state >> 11) as f64 / 1e6));
        }
        for value in &values {
            check_json(value);
            check_json(&json!({ "n": value, "l": [value] }));
        }
        // serde_yaml's own non-finite floats.
        for f in [f64::INFINITY, f64::NEG_INFINITY, f64::NAN, -f64::NAN] {
            let value = serde_yaml::Value::from(f);
            assert_eq!(value_to_yaml(&value), serde_yaml::to_string(&value).ok());
        }
    }

    #[test]
    fn other_values_and_keys_as_serde_yaml_writes_them() {
        use serde_yaml::Value;
        let texts: Vec<&str> = vec![
            "null",
            "1",
            "[]",
            "{}",
            "[a, 1]",
            "{a: 1}",
            "{1: a, true: b, ~: c, 1.5: d, -2: e}",
            "{[a, b]: c, x: y}",
            "{{a: 1}: b, c: d}",
            "{[]: a, {}: b}",
            "? [a]\n: b",
            "? {a: {b: c}}\n: d",
            "!t a",
            "!t {a: b}",
            "!t [a]",
            "!t []",
            "!t {}",
            "{a: !t b, c: !t [d], e: !t {f: g}}",
            "[!t a, !t [b], !t {c: d}]",
            "{!t a: b, c: d}",
            "!!t a",
            "!t/x%25y a",
            "!t~x(y) a",
            "- !t\n  - a",
            "a: !t\n  - b",
            "{a: !t , b: c}",
            "!t ''",
            "{\"a\\nb\": c}",
            "{\"a\\u2028b\": c, d: e}",
            "[[[a]], [[]], [{}]]",
            "{a: [[b]], c: [{d: [e]}]}",
            "{{a: b}: c}",
            "{{a: [b]}: c}",
            "{{a: b, c: d}: e}",
            "{{}: a}",
            "{[{a: b}]: c}",
            "{{a: {b: c}}: d, e: f}",
        ];
        for text in texts {
            let value: Value = serde_yaml::from_str(text).expect(text);
            let expected = serde_yaml::to_string(&value).ok();
            assert_eq!(value_to_yaml(&value), expected, "{text}");
            let key =
                Value::Mapping([(value.clone(), Value::from("v")), ("z".into(), Value::Null)].into_iter().collect());
            assert_eq!(value_to_yaml(&key), serde_yaml::to_string(&key).ok(), "key {text}");
        }
        for tag in ["é", "a b", "!", "!!x", "x!y", "%", "<x>", "a\nb"] {
            let inner = Value::Mapping([("a".into(), "b".into())].into_iter().collect());
            for inner in [Value::from("v"), Value::Sequence(vec![]), inner] {
                let tagged = Value::Tagged(Box::new(serde_yaml::value::TaggedValue {
                    tag: serde_yaml::value::Tag::new(tag),
                    value: inner,
                }));
                let in_map =
                    Value::Mapping([("k".into(), tagged.clone()), ("z".into(), Value::Null)].into_iter().collect());
                for value in [tagged, in_map] {
                    assert_eq!(value_to_yaml(&value), serde_yaml::to_string(&value).ok(), "{tag}");
                }
            }
        }
        let long = "k".repeat(126);
        for tag in ["t", "tt", "ttt"] {
            let value: Value = serde_yaml::from_str(&format!("{{!{tag} {long}: v, z: 1}}")).expect("yaml");
            assert_eq!(value_to_yaml(&value), serde_yaml::to_string(&value).ok(), "{tag}");
        }
    }

    /// Objects in YAML files: the templates, lessons, scenarios, the fuzz corpus and the
    /// official examples.
    fn manifests() -> Vec<serde_yaml::Value> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        let dirs =
            ["static/templates", "fuzz/corpus/apply_yaml", "tests/scenarios", "lessons", "tests/data/k8s-examples"];
        for dir in dirs {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else { continue };
            for path in entries.flatten().map(|e| e.path()) {
                let Ok(text) = std::fs::read_to_string(&path) else { continue };
                for document in crate::manifest::decode::split_documents(&text) {
                    if let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(&document.text) {
                        out.push(value);
                    }
                }
            }
        }
        out
    }

    #[test]
    fn manifests_as_serde_yaml_writes_them() {
        let manifests = manifests();
        assert!(manifests.len() > 50, "{}", manifests.len());
        for value in &manifests {
            assert_eq!(value_to_yaml(value), serde_yaml::to_string(value).ok(), "{value:?}");
            if let Ok(json) = crate::manifest::tree::tree_to_json(value) {
                assert_eq!(json_to_yaml(&json), serde_yaml::to_string(&json).expect("yaml"));
            }
        }
    }

    struct DiskFiles;

    impl crate::cmd::exec::Files for DiskFiles {
        fn read(&self, name: &str) -> Result<String, String> {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
            ["tests/scenarios", "static/templates", "."]
                .iter()
                .find_map(|dir| std::fs::read_to_string(root.join(dir).join(name)).ok())
                .ok_or_else(|| format!("{name}: not found"))
        }
    }

    /// What `get -o yaml` writes for every kind after each golden scenario.
    #[test]
    fn cluster_objects_as_serde_yaml_writes_them() {
        use crate::cmd::ResourceKind;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
        let mut paths: Vec<_> = std::fs::read_dir(&root).expect("scenarios").flatten().map(|e| e.path()).collect();
        paths.retain(|path| path.extension().is_some_and(|ext| ext == "yaml"));
        paths.sort();
        let mut objects = 0;
        for path in paths {
            let text = std::fs::read_to_string(&path).expect("scenario");
            let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
            let Ok((_, session)) = crate::runner::run_scenario(&text, &name, &DiskFiles, &Default::default()) else {
                continue;
            };
            for kind in ResourceKind::ALL {
                let mut errors = Vec::new();
                let view = crate::cmd::verbs::get::kind_view(session.cluster(), kind, &[], None, None, &mut errors);
                let Ok((_, serialized, _)) = view else { continue };
                for value in &serialized {
                    objects += 1;
                    check_json(value);
                }
                let list = json!({"apiVersion": "v1", "items": serialized, "kind": "List", "metadata": {"resourceVersion": ""}});
                check_json(&list);
            }
        }
        assert!(objects > 200, "{objects}");
    }
}
