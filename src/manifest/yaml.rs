//! YAML text to a `serde_yaml::Value`, by hand.
//!
//! serde_yaml's reader (unsafe-libyaml's scanner and parser under serde_yaml's loader and event
//! deserializer) was the largest YAML code left in the web app. This module gives the same
//! `Value` for every text serde_yaml accepts and refuses what it refuses, with the same error
//! text (problem, context, line and column): libyaml's scanner and parser are kept step for step
//! (token queue, simple keys, indentation stack, the parser's state stack; no recursion, so deep
//! nesting cannot overflow the stack), then serde_yaml's loader (first document only, anchors)
//! and its `Value` construction (scalar resolution, tags as `Value::Tagged`, duplicate keys,
//! 128 levels of nesting, alias expansion limited to 100 events per event of the document).
//!
//! Known difference: libyaml decodes its input 16 KiB at a time and reports a control character
//! when it reaches the chunk that holds it; here a control character past the first 16 KiB is
//! reported when the scanner reaches that chunk, as there, but checked once per token rather than
//! once per character (a syntax error in a token that straddles the chunk boundary may be
//! reported instead of it, or the other way round).

use super::tree::Seg;
use serde_yaml::value::{Tag, TaggedValue};
use serde_yaml::{Mapping, Value};
use std::collections::VecDeque;
use std::fmt;

/// A position in the text: byte index, 0-based line and column (in characters).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Mark {
    index: usize,
    line: usize,
    column: usize,
}

impl Mark {
    fn is_zero(self) -> bool {
        self.line == 0 && self.column == 0
    }
}

impl fmt::Display for Mark {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_zero() {
            write!(f, "position {}", self.index)
        } else {
            write!(f, "line {} column {}", self.line + 1, self.column + 1)
        }
    }
}

/// Where an error is, as serde_yaml's `Location`: 1-based line and column.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Location {
    line: usize,
    column: usize,
}

impl Location {
    pub fn line(&self) -> usize {
        self.line
    }
    pub fn column(&self) -> usize {
        self.column
    }
}

/// A parse error: serde_yaml's text and location.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    text: String,
    mark: Option<Mark>,
}

impl Error {
    pub fn location(&self) -> Option<Location> {
        self.mark.map(|m| Location { line: m.line + 1, column: m.column + 1 })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::error::Error for Error {}

/// libyaml's error: a problem at a mark (or a byte offset for the reader), maybe a context.
#[derive(Clone, Debug)]
struct Problem {
    problem: &'static str,
    mark: Mark,
    offset: usize,
    context: Option<(&'static str, Mark)>,
}

impl Problem {
    fn error(&self) -> Error {
        let mut text = self.problem.to_string();
        if !self.mark.is_zero() {
            text += &format!(" at {}", self.mark);
        } else if self.offset != 0 {
            text += &format!(" at position {}", self.offset);
        }
        if let Some((context, mark)) = self.context {
            text += ", ";
            text += context;
            if !mark.is_zero() && (mark.line != self.mark.line || mark.column != self.mark.column) {
                text += &format!(" at {mark}");
            }
        }
        Error { text, mark: Some(self.mark) }
    }
}

type Res<T> = Result<T, Box<Problem>>;

fn problem<T>(context: Option<(&'static str, Mark)>, problem: &'static str, mark: Mark) -> Res<T> {
    Err(Box::new(Problem { problem, mark, offset: 0, context }))
}

// ---------------------------------------------------------------------------------------------
// Scanner (libyaml's scanner.c)

#[derive(Clone, Copy, Debug, PartialEq)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
    Folded,
}

#[derive(Debug, PartialEq)]
enum Tok {
    StreamStart,
    StreamEnd,
    Version(u32, u32),
    TagDirective(Vec<u8>, Vec<u8>),
    DocumentStart,
    DocumentEnd,
    BlockSequenceStart,
    BlockMappingStart,
    BlockEnd,
    FlowSequenceStart,
    FlowSequenceEnd,
    FlowMappingStart,
    FlowMappingEnd,
    BlockEntry,
    FlowEntry,
    Key,
    Value,
    Alias(Vec<u8>),
    Anchor(Vec<u8>),
    Tag(Vec<u8>, Vec<u8>),
    Scalar(Vec<u8>, Style),
}

struct Token {
    tok: Tok,
    start: Mark,
    end: Mark,
}

#[derive(Clone, Copy, Default)]
struct SimpleKey {
    possible: bool,
    required: bool,
    token_number: usize,
    mark: Mark,
}

/// libyaml decodes (and checks) its input this many bytes at a time.
const READ_CHUNK: usize = 16384;

struct Scanner<'a> {
    buf: &'a [u8],
    mark: Mark,
    /// Start of the 16 KiB chunk holding the first control character, and its offset.
    bad: Option<(usize, usize)>,
    tokens: VecDeque<Token>,
    tokens_parsed: usize,
    token_available: bool,
    stream_start_produced: bool,
    stream_end_produced: bool,
    indent: isize,
    indents: Vec<isize>,
    simple_key_allowed: bool,
    simple_keys: Vec<SimpleKey>,
    /// How many simple keys at the bottom of the stack are known not to be possible (libyaml's
    /// shortcut: without it, deep flow nesting makes scanning quadratic).
    not_simple_keys: usize,
    flow_level: usize,
}

fn allowed_char(c: char) -> bool {
    matches!(c as u32, 0x9 | 0xA | 0xD | 0x20..=0x7E | 0x85 | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

fn is_alpha(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

fn width(c: u8) -> usize {
    if c & 0x80 == 0 {
        1
    } else if c & 0xE0 == 0xC0 {
        2
    } else if c & 0xF0 == 0xE0 {
        3
    } else if c & 0xF8 == 0xF0 {
        4
    } else {
        0
    }
}

fn hex(c: u8) -> u32 {
    (c as char).to_digit(16).unwrap_or(0)
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        let bad =
            text.char_indices().find(|(_, c)| !allowed_char(*c)).map(|(at, _)| (at / READ_CHUNK * READ_CHUNK, at));
        Scanner {
            buf: text.as_bytes(),
            mark: Mark::default(),
            bad,
            tokens: VecDeque::new(),
            tokens_parsed: 0,
            token_available: false,
            stream_start_produced: false,
            stream_end_produced: false,
            indent: -1,
            indents: Vec::new(),
            simple_key_allowed: false,
            simple_keys: Vec::new(),
            not_simple_keys: 0,
            flow_level: 0,
        }
    }

    fn ch(&self, k: usize) -> u8 {
        self.buf.get(self.mark.index + k).copied().unwrap_or(0)
    }
    fn is(&self, k: usize, c: u8) -> bool {
        self.ch(k) == c
    }
    fn is_z(&self, k: usize) -> bool {
        self.ch(k) == 0
    }
    fn is_blank(&self, k: usize) -> bool {
        matches!(self.ch(k), b' ' | b'\t')
    }
    fn is_break(&self, k: usize) -> bool {
        match self.ch(k) {
            b'\r' | b'\n' => true,
            0xC2 => self.ch(k + 1) == 0x85,
            0xE2 => self.ch(k + 1) == 0x80 && matches!(self.ch(k + 2), 0xA8 | 0xA9),
            _ => false,
        }
    }
    fn is_breakz(&self, k: usize) -> bool {
        self.is_break(k) || self.is_z(k)
    }
    fn is_blankz(&self, k: usize) -> bool {
        self.is_blank(k) || self.is_breakz(k)
    }
    fn is_hex(&self, k: usize) -> bool {
        self.ch(k).is_ascii_hexdigit()
    }
    fn col(&self) -> isize {
        self.mark.column as isize
    }

    fn skip(&mut self) {
        self.mark.index += width(self.ch(0)).max(1);
        self.mark.column += 1;
    }
    fn skip_line(&mut self) {
        if self.is(0, b'\r') && self.is(1, b'\n') {
            self.mark.index += 2;
        } else if self.is_break(0) {
            self.mark.index += width(self.ch(0));
        } else {
            return;
        }
        self.mark.column = 0;
        self.mark.line += 1;
    }
    fn read(&mut self, s: &mut Vec<u8>) {
        let w = width(self.ch(0)).max(1);
        let at = self.mark.index;
        s.extend_from_slice(&self.buf[at..(at + w).min(self.buf.len())]);
        self.mark.index += w;
        self.mark.column += 1;
    }
    fn read_line(&mut self, s: &mut Vec<u8>) {
        let w = if self.is(0, b'\r') && self.is(1, b'\n') {
            s.push(b'\n');
            2
        } else if self.is(0, b'\r') || self.is(0, b'\n') {
            s.push(b'\n');
            1
        } else if self.is(0, 0xC2) && self.is(1, 0x85) {
            s.push(b'\n');
            2
        } else if self.is(0, 0xE2) && self.is(1, 0x80) && matches!(self.ch(2), 0xA8 | 0xA9) {
            s.extend_from_slice(&self.buf[self.mark.index..self.mark.index + 3]);
            3
        } else {
            return;
        };
        self.mark.index += w;
        self.mark.column = 0;
        self.mark.line += 1;
    }

    fn error<T>(&self, context: Option<(&'static str, Mark)>, message: &'static str) -> Res<T> {
        problem(context, message, self.mark)
    }

    /// The reader's check: a control character in a chunk the scanner has reached.
    fn cache(&self) -> Res<()> {
        match self.bad {
            Some((chunk, offset)) if self.mark.index + 4 >= chunk => Err(Box::new(Problem {
                problem: "control characters are not allowed",
                mark: Mark::default(),
                offset,
                context: None,
            })),
            _ => Ok(()),
        }
    }

    fn push(&mut self, tok: Tok, start: Mark, end: Mark) {
        self.tokens.push_back(Token { tok, start, end });
    }

    fn fetch_more_tokens(&mut self) -> Res<()> {
        loop {
            let mut need = self.tokens.is_empty();
            if !need {
                self.stale_simple_keys()?;
                need = self.simple_keys[self.not_simple_keys..]
                    .iter()
                    .any(|k| k.possible && k.token_number == self.tokens_parsed);
            }
            if !need {
                break;
            }
            self.fetch_next_token()?;
        }
        self.token_available = true;
        Ok(())
    }

    fn fetch_next_token(&mut self) -> Res<()> {
        self.cache()?;
        if !self.stream_start_produced {
            self.indent = -1;
            self.simple_keys.push(SimpleKey::default());
            self.not_simple_keys = 1;
            self.simple_key_allowed = true;
            self.stream_start_produced = true;
            self.push(Tok::StreamStart, self.mark, self.mark);
            return Ok(());
        }
        self.scan_to_next_token();
        self.cache()?;
        self.stale_simple_keys()?;
        self.unroll_indent(self.col());
        if self.is_z(0) {
            return self.fetch_stream_end();
        }
        let c = self.ch(0);
        if self.mark.column == 0 && c == b'%' {
            return self.fetch_directive();
        }
        if self.mark.column == 0 && self.is_blankz(3) {
            if c == b'-' && self.is(1, b'-') && self.is(2, b'-') {
                return self.fetch_document_indicator(Tok::DocumentStart);
            }
            if c == b'.' && self.is(1, b'.') && self.is(2, b'.') {
                return self.fetch_document_indicator(Tok::DocumentEnd);
            }
        }
        let flow = self.flow_level > 0;
        match c {
            b'[' => return self.fetch_flow_collection_start(Tok::FlowSequenceStart),
            b'{' => return self.fetch_flow_collection_start(Tok::FlowMappingStart),
            b']' => return self.fetch_flow_collection_end(Tok::FlowSequenceEnd),
            b'}' => return self.fetch_flow_collection_end(Tok::FlowMappingEnd),
            b',' => return self.fetch_flow_entry(),
            b'-' if self.is_blankz(1) => return self.fetch_block_entry(),
            b'?' if flow || self.is_blankz(1) => return self.fetch_key(),
            b':' if flow || self.is_blankz(1) => return self.fetch_value(),
            b'*' => return self.fetch_anchor(true),
            b'&' => return self.fetch_anchor(false),
            b'!' => return self.fetch_tag(),
            b'|' if !flow => return self.fetch_block_scalar(true),
            b'>' if !flow => return self.fetch_block_scalar(false),
            b'\'' => return self.fetch_flow_scalar(true),
            b'"' => return self.fetch_flow_scalar(false),
            _ => {}
        }
        if !(self.is_blankz(0) || b"-?:,[]{}#&*!|>'\"%@`".contains(&c))
            || c == b'-' && !self.is_blank(1)
            || !flow && (c == b'?' || c == b':') && !self.is_blankz(1)
        {
            return self.fetch_plain_scalar();
        }
        self.error(
            Some(("while scanning for the next token", self.mark)),
            "found character that cannot start any token",
        )
    }

    fn stale_simple_keys(&mut self) -> Res<()> {
        let mark = self.mark;
        for at in self.not_simple_keys..self.simple_keys.len() {
            let key = &mut self.simple_keys[at];
            if key.possible && (key.mark.line < mark.line || key.mark.index + 1024 < mark.index) {
                if key.required {
                    return problem(
                        Some(("while scanning a simple key", key.mark)),
                        "could not find expected ':'",
                        mark,
                    );
                }
                key.possible = false;
                if at == self.not_simple_keys {
                    self.not_simple_keys += 1;
                }
            }
        }
        Ok(())
    }

    fn save_simple_key(&mut self) -> Res<()> {
        let required = self.flow_level == 0 && self.indent == self.col();
        if self.simple_key_allowed {
            let key = SimpleKey {
                possible: true,
                required,
                token_number: self.tokens_parsed + self.tokens.len(),
                mark: self.mark,
            };
            self.remove_simple_key()?;
            *self.simple_keys.last_mut().expect("stream started") = key;
            if self.not_simple_keys == self.simple_keys.len() {
                self.not_simple_keys -= 1;
            }
        }
        Ok(())
    }

    fn remove_simple_key(&mut self) -> Res<()> {
        let mark = self.mark;
        let key = self.simple_keys.last_mut().expect("stream started");
        if key.possible && key.required {
            return problem(Some(("while scanning a simple key", key.mark)), "could not find expected ':'", mark);
        }
        key.possible = false;
        Ok(())
    }

    fn roll_indent(&mut self, column: isize, number: Option<usize>, tok: Tok, mark: Mark) {
        if self.flow_level > 0 || self.indent >= column {
            return;
        }
        self.indents.push(self.indent);
        self.indent = column;
        let token = Token { tok, start: mark, end: mark };
        match number {
            None => self.tokens.push_back(token),
            Some(n) => self.tokens.insert(n - self.tokens_parsed, token),
        }
    }

    fn unroll_indent(&mut self, column: isize) {
        if self.flow_level > 0 {
            return;
        }
        while self.indent > column {
            self.push(Tok::BlockEnd, self.mark, self.mark);
            self.indent = self.indents.pop().unwrap_or(-1);
        }
    }

    fn fetch_stream_end(&mut self) -> Res<()> {
        if self.mark.column != 0 {
            self.mark.column = 0;
            self.mark.line += 1;
        }
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        self.push(Tok::StreamEnd, self.mark, self.mark);
        Ok(())
    }

    fn fetch_directive(&mut self) -> Res<()> {
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_directive()?;
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_document_indicator(&mut self, tok: Tok) -> Res<()> {
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip();
        self.skip();
        self.skip();
        self.push(tok, start, self.mark);
        Ok(())
    }

    fn fetch_flow_collection_start(&mut self, tok: Tok) -> Res<()> {
        self.save_simple_key()?;
        self.simple_keys.push(SimpleKey::default());
        self.flow_level += 1;
        self.simple_key_allowed = true;
        self.single(tok);
        Ok(())
    }

    fn fetch_flow_collection_end(&mut self, tok: Tok) -> Res<()> {
        self.remove_simple_key()?;
        if self.flow_level > 0 {
            self.flow_level -= 1;
            if self.not_simple_keys == self.simple_keys.len() {
                self.not_simple_keys -= 1;
            }
            self.simple_keys.pop();
        }
        self.simple_key_allowed = false;
        self.single(tok);
        Ok(())
    }

    /// A one-character token at the mark.
    fn single(&mut self, tok: Tok) {
        let start = self.mark;
        self.skip();
        self.push(tok, start, self.mark);
    }

    fn fetch_flow_entry(&mut self) -> Res<()> {
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        self.single(Tok::FlowEntry);
        Ok(())
    }

    fn fetch_block_entry(&mut self) -> Res<()> {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                return self.error(None, "block sequence entries are not allowed in this context");
            }
            self.roll_indent(self.col(), None, Tok::BlockSequenceStart, self.mark);
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        self.single(Tok::BlockEntry);
        Ok(())
    }

    fn fetch_key(&mut self) -> Res<()> {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                return self.error(None, "mapping keys are not allowed in this context");
            }
            self.roll_indent(self.col(), None, Tok::BlockMappingStart, self.mark);
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = self.flow_level == 0;
        self.single(Tok::Key);
        Ok(())
    }

    fn fetch_value(&mut self) -> Res<()> {
        let key = *self.simple_keys.last().expect("stream started");
        if key.possible {
            let token = Token { tok: Tok::Key, start: key.mark, end: key.mark };
            self.tokens.insert(key.token_number - self.tokens_parsed, token);
            self.roll_indent(key.mark.column as isize, Some(key.token_number), Tok::BlockMappingStart, key.mark);
            self.simple_keys.last_mut().expect("stream started").possible = false;
            self.simple_key_allowed = false;
        } else {
            if self.flow_level == 0 {
                if !self.simple_key_allowed {
                    return self.error(None, "mapping values are not allowed in this context");
                }
                self.roll_indent(self.col(), None, Tok::BlockMappingStart, self.mark);
            }
            self.simple_key_allowed = self.flow_level == 0;
        }
        self.single(Tok::Value);
        Ok(())
    }

    fn fetch_anchor(&mut self, alias: bool) -> Res<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip();
        let mut name = Vec::new();
        while is_alpha(self.ch(0)) {
            self.read(&mut name);
        }
        let end = self.mark;
        if name.is_empty() || !(self.is_blankz(0) || b"?:,]}%@`".contains(&self.ch(0))) {
            let context = if alias { "while scanning an alias" } else { "while scanning an anchor" };
            return self.error(Some((context, start)), "did not find expected alphabetic or numeric character");
        }
        self.push(if alias { Tok::Alias(name) } else { Tok::Anchor(name) }, start, end);
        Ok(())
    }

    fn fetch_tag(&mut self) -> Res<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let start = self.mark;
        let context = Some(("while scanning a tag", start));
        let (handle, suffix);
        if self.is(1, b'<') {
            handle = Vec::new();
            self.skip();
            self.skip();
            suffix = self.scan_tag_uri(true, false, None, start)?;
            if !self.is(0, b'>') {
                return self.error(context, "did not find the expected '>'");
            }
            self.skip();
        } else {
            let first = self.scan_tag_handle(false, start)?;
            if first.len() > 1 && first.ends_with(b"!") {
                handle = first;
                suffix = self.scan_tag_uri(false, false, None, start)?;
            } else {
                let uri = self.scan_tag_uri(false, false, Some(&first), start)?;
                if uri.is_empty() {
                    (handle, suffix) = (uri, b"!".to_vec());
                } else {
                    (handle, suffix) = (b"!".to_vec(), uri);
                }
            }
        }
        if !self.is_blankz(0) && (self.flow_level == 0 || !self.is(0, b',')) {
            return self.error(context, "did not find expected whitespace or line break");
        }
        self.push(Tok::Tag(handle, suffix), start, self.mark);
        Ok(())
    }

    fn fetch_block_scalar(&mut self, literal: bool) -> Res<()> {
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let token = self.scan_block_scalar(literal)?;
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_flow_scalar(&mut self, single: bool) -> Res<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_flow_scalar(single)?;
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_plain_scalar(&mut self) -> Res<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_plain_scalar()?;
        self.tokens.push_back(token);
        Ok(())
    }

    fn scan_to_next_token(&mut self) {
        loop {
            if self.mark.column == 0 && self.is(0, 0xEF) && self.is(1, 0xBB) && self.is(2, 0xBF) {
                self.skip();
            }
            while self.is(0, b' ') || (self.flow_level > 0 || !self.simple_key_allowed) && self.is(0, b'\t') {
                self.skip();
            }
            if self.is(0, b'#') {
                while !self.is_breakz(0) {
                    self.skip();
                }
            }
            if !self.is_break(0) {
                break;
            }
            self.skip_line();
            if self.flow_level == 0 {
                self.simple_key_allowed = true;
            }
        }
    }

    fn scan_directive(&mut self) -> Res<Token> {
        let start = self.mark;
        let context = Some(("while scanning a directive", start));
        self.skip();
        let mut name = Vec::new();
        while is_alpha(self.ch(0)) {
            self.read(&mut name);
        }
        if name.is_empty() {
            return self.error(context, "could not find expected directive name");
        }
        if !self.is_blankz(0) {
            return self.error(context, "found unexpected non-alphabetical character");
        }
        let tok = match &name[..] {
            b"YAML" => {
                while self.is_blank(0) {
                    self.skip();
                }
                let major = self.scan_version_number(start)?;
                if !self.is(0, b'.') {
                    return self.error(
                        Some(("while scanning a %YAML directive", start)),
                        "did not find expected digit or '.' character",
                    );
                }
                self.skip();
                Tok::Version(major, self.scan_version_number(start)?)
            }
            b"TAG" => {
                let context = Some(("while scanning a %TAG directive", start));
                while self.is_blank(0) {
                    self.skip();
                }
                let handle = self.scan_tag_handle(true, start)?;
                if !self.is_blank(0) {
                    return self.error(context, "did not find expected whitespace");
                }
                while self.is_blank(0) {
                    self.skip();
                }
                let prefix = self.scan_tag_uri(true, true, None, start)?;
                if !self.is_blankz(0) {
                    return self.error(context, "did not find expected whitespace or line break");
                }
                Tok::TagDirective(handle, prefix)
            }
            _ => return self.error(context, "found unknown directive name"),
        };
        let end = self.mark;
        while self.is_blank(0) {
            self.skip();
        }
        if self.is(0, b'#') {
            while !self.is_breakz(0) {
                self.skip();
            }
        }
        if !self.is_breakz(0) {
            return self.error(context, "did not find expected comment or line break");
        }
        self.skip_line();
        Ok(Token { tok, start, end })
    }

    fn scan_version_number(&mut self, start: Mark) -> Res<u32> {
        let context = Some(("while scanning a %YAML directive", start));
        let (mut value, mut length) = (0u32, 0);
        while self.ch(0).is_ascii_digit() {
            length += 1;
            if length > 9 {
                return self.error(context, "found extremely long version number");
            }
            value = value * 10 + u32::from(self.ch(0) - b'0');
            self.skip();
        }
        if length == 0 {
            return self.error(context, "did not find expected version number");
        }
        Ok(value)
    }

    fn scan_tag_handle(&mut self, directive: bool, start: Mark) -> Res<Vec<u8>> {
        if !self.is(0, b'!') {
            let context = if directive { "while scanning a tag directive" } else { "while scanning a tag" };
            return self.error(Some((context, start)), "did not find expected '!'");
        }
        let mut handle = Vec::new();
        self.read(&mut handle);
        while is_alpha(self.ch(0)) {
            self.read(&mut handle);
        }
        if self.is(0, b'!') {
            self.read(&mut handle);
        } else if directive && handle != b"!" {
            return self.error(Some(("while parsing a tag directive", start)), "did not find expected '!'");
        }
        Ok(handle)
    }

    fn scan_tag_uri(&mut self, uri_char: bool, directive: bool, head: Option<&[u8]>, start: Mark) -> Res<Vec<u8>> {
        let context = if directive { "while parsing a %TAG directive" } else { "while parsing a tag" };
        let mut length = head.map_or(0, <[u8]>::len);
        let mut uri = Vec::new();
        if length > 1 {
            uri.extend_from_slice(&head.unwrap_or_default()[1..]);
        }
        loop {
            let c = self.ch(0);
            if !(is_alpha(c) || b";/?:@&=+$.%!~*'()".contains(&c) || uri_char && b",[]".contains(&c)) {
                break;
            }
            if c == b'%' {
                let mut left = 0;
                loop {
                    if !(self.is(0, b'%') && self.is_hex(1) && self.is_hex(2)) {
                        return self.error(Some((context, start)), "did not find URI escaped octet");
                    }
                    let octet = (hex(self.ch(1)) << 4 | hex(self.ch(2))) as u8;
                    if left == 0 {
                        left = width(octet);
                        if left == 0 {
                            return self.error(Some((context, start)), "found an incorrect leading UTF-8 octet");
                        }
                    } else if octet & 0xC0 != 0x80 {
                        return self.error(Some((context, start)), "found an incorrect trailing UTF-8 octet");
                    }
                    uri.push(octet);
                    self.skip();
                    self.skip();
                    self.skip();
                    left -= 1;
                    if left == 0 {
                        break;
                    }
                }
            } else {
                self.read(&mut uri);
            }
            length += 1;
        }
        if length == 0 {
            return self.error(Some((context, start)), "did not find expected tag URI");
        }
        Ok(uri)
    }

    fn scan_block_scalar(&mut self, literal: bool) -> Res<Token> {
        let start = self.mark;
        let context = Some(("while scanning a block scalar", start));
        self.skip();
        let (mut chomping, mut increment) = (0i8, 0isize);
        if self.is(0, b'+') || self.is(0, b'-') {
            chomping = if self.is(0, b'+') { 1 } else { -1 };
            self.skip();
            if self.ch(0).is_ascii_digit() {
                if self.is(0, b'0') {
                    return self.error(context, "found an indentation indicator equal to 0");
                }
                increment = (self.ch(0) - b'0') as isize;
                self.skip();
            }
        } else if self.ch(0).is_ascii_digit() {
            if self.is(0, b'0') {
                return self.error(context, "found an indentation indicator equal to 0");
            }
            increment = (self.ch(0) - b'0') as isize;
            self.skip();
            if self.is(0, b'+') || self.is(0, b'-') {
                chomping = if self.is(0, b'+') { 1 } else { -1 };
                self.skip();
            }
        }
        while self.is_blank(0) {
            self.skip();
        }
        if self.is(0, b'#') {
            while !self.is_breakz(0) {
                self.skip();
            }
        }
        if !self.is_breakz(0) {
            return self.error(context, "did not find expected comment or line break");
        }
        self.skip_line();
        let mut end = self.mark;
        let mut indent = 0isize;
        if increment != 0 {
            indent = if self.indent >= 0 { self.indent + increment } else { increment };
        }
        let (mut string, mut leading_break, mut trailing_breaks) = (Vec::new(), Vec::new(), Vec::new());
        self.scan_block_scalar_breaks(&mut indent, &mut trailing_breaks, start, &mut end)?;
        let mut leading_blank = false;
        while self.col() == indent && !self.is_z(0) {
            let trailing_blank = self.is_blank(0);
            if !literal && leading_break.first() == Some(&b'\n') && !leading_blank && !trailing_blank {
                if trailing_breaks.is_empty() {
                    string.push(b' ');
                }
                leading_break.clear();
            } else {
                string.append(&mut leading_break);
            }
            string.append(&mut trailing_breaks);
            leading_blank = self.is_blank(0);
            while !self.is_breakz(0) {
                self.read(&mut string);
            }
            self.read_line(&mut leading_break);
            self.scan_block_scalar_breaks(&mut indent, &mut trailing_breaks, start, &mut end)?;
        }
        if chomping != -1 {
            string.append(&mut leading_break);
        }
        if chomping == 1 {
            string.append(&mut trailing_breaks);
        }
        let style = if literal { Style::Literal } else { Style::Folded };
        Ok(Token { tok: Tok::Scalar(string, style), start, end })
    }

    fn scan_block_scalar_breaks(
        &mut self,
        indent: &mut isize,
        breaks: &mut Vec<u8>,
        start: Mark,
        end: &mut Mark,
    ) -> Res<()> {
        let mut max_indent = 0;
        *end = self.mark;
        loop {
            while (*indent == 0 || self.col() < *indent) && self.is(0, b' ') {
                self.skip();
            }
            max_indent = max_indent.max(self.col());
            if (*indent == 0 || self.col() < *indent) && self.is(0, b'\t') {
                return self.error(
                    Some(("while scanning a block scalar", start)),
                    "found a tab character where an indentation space is expected",
                );
            }
            if !self.is_break(0) {
                break;
            }
            self.read_line(breaks);
            *end = self.mark;
        }
        if *indent == 0 {
            *indent = max_indent.max(self.indent + 1).max(1);
        }
        Ok(())
    }

    fn at_document_indicator(&self) -> bool {
        self.mark.column == 0
            && (self.is(0, b'-') && self.is(1, b'-') && self.is(2, b'-')
                || self.is(0, b'.') && self.is(1, b'.') && self.is(2, b'.'))
            && self.is_blankz(3)
    }

    fn scan_flow_scalar(&mut self, single: bool) -> Res<Token> {
        let start = self.mark;
        let quote = if single { b'\'' } else { b'"' };
        self.skip();
        let (mut string, mut leading_break, mut trailing_breaks, mut whitespaces) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        loop {
            if self.at_document_indicator() {
                return self
                    .error(Some(("while scanning a quoted scalar", start)), "found unexpected document indicator");
            }
            if self.is_z(0) {
                return self.error(Some(("while scanning a quoted scalar", start)), "found unexpected end of stream");
            }
            let mut leading_blanks = false;
            while !self.is_blankz(0) {
                if single && self.is(0, b'\'') && self.is(1, b'\'') {
                    string.push(b'\'');
                    self.skip();
                    self.skip();
                    continue;
                }
                if self.is(0, quote) {
                    break;
                }
                if !single && self.is(0, b'\\') && self.is_break(1) {
                    self.skip();
                    self.skip_line();
                    leading_blanks = true;
                    break;
                }
                if single || !self.is(0, b'\\') {
                    self.read(&mut string);
                    continue;
                }
                let context = Some(("while parsing a quoted scalar", start));
                let mut code_length = 0;
                let simple: &[u8] = match self.ch(1) {
                    b'0' => b"\0",
                    b'a' => b"\x07",
                    b'b' => b"\x08",
                    b't' | b'\t' => b"\t",
                    b'n' => b"\n",
                    b'v' => b"\x0b",
                    b'f' => b"\x0c",
                    b'r' => b"\r",
                    b'e' => b"\x1b",
                    b' ' => b" ",
                    b'"' => b"\"",
                    b'/' => b"/",
                    b'\\' => b"\\",
                    b'N' => "\u{85}".as_bytes(),
                    b'_' => "\u{a0}".as_bytes(),
                    b'L' => "\u{2028}".as_bytes(),
                    b'P' => "\u{2029}".as_bytes(),
                    b'x' => {
                        code_length = 2;
                        b""
                    }
                    b'u' => {
                        code_length = 4;
                        b""
                    }
                    b'U' => {
                        code_length = 8;
                        b""
                    }
                    _ => return self.error(context, "found unknown escape character"),
                };
                string.extend_from_slice(simple);
                self.skip();
                self.skip();
                if code_length > 0 {
                    let mut value = 0u32;
                    for k in 0..code_length {
                        if !self.is_hex(k) {
                            return self.error(context, "did not find expected hexadecimal number");
                        }
                        value = value << 4 | hex(self.ch(k));
                    }
                    match char::from_u32(value) {
                        Some(c) => string.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
                        None => return self.error(context, "found invalid Unicode character escape code"),
                    }
                    for _ in 0..code_length {
                        self.skip();
                    }
                }
            }
            if self.is(0, quote) {
                break;
            }
            while self.is_blank(0) || self.is_break(0) {
                if self.is_blank(0) {
                    if leading_blanks {
                        self.skip();
                    } else {
                        self.read(&mut whitespaces);
                    }
                } else if leading_blanks {
                    self.read_line(&mut trailing_breaks);
                } else {
                    whitespaces.clear();
                    self.read_line(&mut leading_break);
                    leading_blanks = true;
                }
            }
            if leading_blanks {
                join_breaks(&mut string, &mut leading_break, &mut trailing_breaks);
            } else {
                string.append(&mut whitespaces);
            }
        }
        self.skip();
        let style = if single { Style::Single } else { Style::Double };
        Ok(Token { tok: Tok::Scalar(string, style), start, end: self.mark })
    }

    fn scan_plain_scalar(&mut self) -> Res<Token> {
        let indent = self.indent + 1;
        let start = self.mark;
        let mut end = self.mark;
        let (mut string, mut leading_break, mut trailing_breaks, mut whitespaces) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut leading_blanks = false;
        let flow = self.flow_level > 0;
        loop {
            if self.at_document_indicator() || self.is(0, b'#') {
                break;
            }
            while !self.is_blankz(0) {
                if flow && self.is(0, b':') && b",?[]{}".contains(&self.ch(1)) {
                    return self.error(Some(("while scanning a plain scalar", start)), "found unexpected ':'");
                }
                if self.is(0, b':') && self.is_blankz(1) || flow && b",[]{}".contains(&self.ch(0)) {
                    break;
                }
                if leading_blanks {
                    join_breaks(&mut string, &mut leading_break, &mut trailing_breaks);
                    leading_blanks = false;
                } else {
                    string.append(&mut whitespaces);
                }
                self.read(&mut string);
                end = self.mark;
            }
            if !(self.is_blank(0) || self.is_break(0)) {
                break;
            }
            while self.is_blank(0) || self.is_break(0) {
                if self.is_blank(0) {
                    if leading_blanks && self.col() < indent && self.is(0, b'\t') {
                        return self.error(
                            Some(("while scanning a plain scalar", start)),
                            "found a tab character that violates indentation",
                        );
                    }
                    if leading_blanks {
                        self.skip();
                    } else {
                        self.read(&mut whitespaces);
                    }
                } else if leading_blanks {
                    self.read_line(&mut trailing_breaks);
                } else {
                    whitespaces.clear();
                    self.read_line(&mut leading_break);
                    leading_blanks = true;
                }
            }
            if !flow && self.col() < indent {
                break;
            }
        }
        if leading_blanks {
            self.simple_key_allowed = true;
        }
        Ok(Token { tok: Tok::Scalar(string, Style::Plain), start, end })
    }
}

/// Line folding in flow and plain scalars: a single line break becomes a space.
fn join_breaks(string: &mut Vec<u8>, leading_break: &mut Vec<u8>, trailing_breaks: &mut Vec<u8>) {
    if leading_break.first() == Some(&b'\n') {
        if trailing_breaks.is_empty() {
            string.push(b' ');
        } else {
            string.append(trailing_breaks);
        }
        leading_break.clear();
    } else {
        string.append(leading_break);
        string.append(trailing_breaks);
    }
}

// ---------------------------------------------------------------------------------------------
// Parser (libyaml's parser.c)

#[derive(Clone, Copy, PartialEq)]
enum State {
    StreamStart,
    ImplicitDocumentStart,
    DocumentStart,
    DocumentContent,
    DocumentEnd,
    BlockNode,
    BlockSequenceFirstEntry,
    BlockSequenceEntry,
    IndentlessSequenceEntry,
    BlockMappingFirstKey,
    BlockMappingKey,
    BlockMappingValue,
    FlowSequenceFirstEntry,
    FlowSequenceEntry,
    FlowSequenceEntryMappingKey,
    FlowSequenceEntryMappingValue,
    FlowSequenceEntryMappingEnd,
    FlowMappingFirstKey,
    FlowMappingKey,
    FlowMappingValue,
    FlowMappingEmptyValue,
    End,
}

/// Node properties: anchor and resolved tag (as C strings: cut at a NUL).
#[derive(Clone, Debug, Default)]
struct Props {
    anchor: Option<Vec<u8>>,
    tag: Option<Vec<u8>>,
}

#[derive(Debug)]
enum Event {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Alias(Vec<u8>),
    Scalar(Props, Vec<u8>, Style),
    SequenceStart(Props),
    SequenceEnd,
    MappingStart(Props),
    MappingEnd,
}

struct Parser<'a> {
    scanner: Scanner<'a>,
    state: State,
    states: Vec<State>,
    marks: Vec<Mark>,
    tag_directives: Vec<(Vec<u8>, Vec<u8>)>,
}

fn cstr(mut bytes: Vec<u8>) -> Vec<u8> {
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        bytes.truncate(nul);
    }
    bytes
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Parser {
            scanner: Scanner::new(text),
            state: State::StreamStart,
            states: Vec::new(),
            marks: Vec::new(),
            tag_directives: Vec::new(),
        }
    }

    fn peek(&mut self) -> Res<&Token> {
        if !self.scanner.token_available {
            self.scanner.fetch_more_tokens()?;
        }
        Ok(self.scanner.tokens.front().expect("a token"))
    }

    fn take(&mut self) -> Token {
        let s = &mut self.scanner;
        s.token_available = false;
        s.tokens_parsed += 1;
        let token = s.tokens.pop_front().expect("a token");
        s.stream_end_produced = token.tok == Tok::StreamEnd;
        token
    }

    fn pop_state(&mut self) -> State {
        self.states.pop().unwrap_or(State::End)
    }

    fn pop_mark(&mut self) -> Mark {
        self.marks.pop().unwrap_or_default()
    }

    /// The next event and its start mark.
    fn next(&mut self) -> Res<(Event, Mark)> {
        match self.state {
            State::StreamStart => {
                let token = self.take_peeked()?;
                self.state = State::ImplicitDocumentStart;
                Ok((Event::StreamStart, token.start))
            }
            State::ImplicitDocumentStart => self.document_start(true),
            State::DocumentStart => self.document_start(false),
            State::DocumentContent => {
                let token = self.peek()?;
                if matches!(
                    token.tok,
                    Tok::Version(..) | Tok::TagDirective(..) | Tok::DocumentStart | Tok::DocumentEnd | Tok::StreamEnd
                ) {
                    let mark = token.start;
                    self.state = self.pop_state();
                    Ok(empty(mark))
                } else {
                    self.node(true, false)
                }
            }
            State::DocumentEnd => {
                let token = self.peek()?;
                let start = token.start;
                if token.tok == Tok::DocumentEnd {
                    self.take();
                }
                self.tag_directives.clear();
                self.state = State::DocumentStart;
                Ok((Event::DocumentEnd, start))
            }
            State::BlockNode => self.node(true, false),
            State::BlockSequenceFirstEntry => self.block_sequence_entry(true),
            State::BlockSequenceEntry => self.block_sequence_entry(false),
            State::IndentlessSequenceEntry => self.indentless_sequence_entry(),
            State::BlockMappingFirstKey => self.block_mapping_key(true),
            State::BlockMappingKey => self.block_mapping_key(false),
            State::BlockMappingValue => self.block_mapping_value(),
            State::FlowSequenceFirstEntry => self.flow_sequence_entry(true),
            State::FlowSequenceEntry => self.flow_sequence_entry(false),
            State::FlowSequenceEntryMappingKey => {
                let token = self.peek()?;
                if !matches!(token.tok, Tok::Value | Tok::FlowEntry | Tok::FlowSequenceEnd) {
                    self.states.push(State::FlowSequenceEntryMappingValue);
                    self.node(false, false)
                } else {
                    let mark = token.end;
                    self.take();
                    self.state = State::FlowSequenceEntryMappingValue;
                    Ok(empty(mark))
                }
            }
            State::FlowSequenceEntryMappingValue => {
                let mut token = self.peek()?;
                if token.tok == Tok::Value {
                    self.take();
                    token = self.peek()?;
                    if !matches!(token.tok, Tok::FlowEntry | Tok::FlowSequenceEnd) {
                        self.states.push(State::FlowSequenceEntryMappingEnd);
                        return self.node(false, false);
                    }
                }
                let mark = token.start;
                self.state = State::FlowSequenceEntryMappingEnd;
                Ok(empty(mark))
            }
            State::FlowSequenceEntryMappingEnd => {
                let mark = self.peek()?.start;
                self.state = State::FlowSequenceEntry;
                Ok((Event::MappingEnd, mark))
            }
            State::FlowMappingFirstKey => self.flow_mapping_key(true),
            State::FlowMappingKey => self.flow_mapping_key(false),
            State::FlowMappingValue => self.flow_mapping_value(false),
            State::FlowMappingEmptyValue => self.flow_mapping_value(true),
            State::End => Ok((Event::StreamEnd, self.scanner.mark)),
        }
    }

    fn take_peeked(&mut self) -> Res<Token> {
        self.peek()?;
        Ok(self.take())
    }

    fn document_start(&mut self, implicit: bool) -> Res<(Event, Mark)> {
        let mut token = self.peek()?;
        if !implicit {
            while token.tok == Tok::DocumentEnd {
                self.take();
                token = self.peek()?;
            }
        }
        let is_directive_or_start = matches!(token.tok, Tok::Version(..) | Tok::TagDirective(..) | Tok::DocumentStart);
        if implicit && !is_directive_or_start && token.tok != Tok::StreamEnd {
            let mark = token.start;
            self.process_directives()?;
            self.states.push(State::DocumentEnd);
            self.state = State::BlockNode;
            Ok((Event::DocumentStart, mark))
        } else if token.tok != Tok::StreamEnd {
            let start = token.start;
            self.process_directives()?;
            let token = self.peek()?;
            if token.tok != Tok::DocumentStart {
                return problem(None, "did not find expected <document start>", token.start);
            }
            self.states.push(State::DocumentEnd);
            self.state = State::DocumentContent;
            self.take();
            Ok((Event::DocumentStart, start))
        } else {
            let start = token.start;
            self.state = State::End;
            self.take();
            Ok((Event::StreamEnd, start))
        }
    }

    fn process_directives(&mut self) -> Res<()> {
        let mut version = false;
        loop {
            let token = self.peek()?;
            let mark = token.start;
            match &token.tok {
                Tok::Version(major, minor) => {
                    if version {
                        return problem(None, "found duplicate %YAML directive", mark);
                    }
                    if *major != 1 || *minor != 1 && *minor != 2 {
                        return problem(None, "found incompatible YAML document", mark);
                    }
                    version = true;
                }
                Tok::TagDirective(handle, prefix) => {
                    let directive = (handle.clone(), prefix.clone());
                    if self.tag_directives.iter().any(|(h, _)| cstr(h.clone()) == cstr(directive.0.clone())) {
                        return problem(None, "found duplicate %TAG directive", mark);
                    }
                    self.tag_directives.push(directive);
                }
                _ => break,
            }
            self.take();
        }
        for (handle, prefix) in [(&b"!"[..], &b"!"[..]), (b"!!", b"tag:yaml.org,2002:")] {
            if !self.tag_directives.iter().any(|(h, _)| cstr(h.clone()) == handle) {
                self.tag_directives.push((handle.to_vec(), prefix.to_vec()));
            }
        }
        Ok(())
    }

    fn node(&mut self, block: bool, indentless_sequence: bool) -> Res<(Event, Mark)> {
        let token = self.peek()?;
        if let Tok::Alias(_) = token.tok {
            self.state = self.pop_state();
            let token = self.take();
            let Tok::Alias(name) = token.tok else { unreachable!() };
            return Ok((Event::Alias(cstr(name)), token.start));
        }
        let mut start = token.start;
        let mut props = Props::default();
        let mut tag: Option<(Vec<u8>, Vec<u8>)> = None;
        let mut tag_mark = Mark::default();
        for round in 0..2 {
            let token = self.peek()?;
            match &token.tok {
                Tok::Anchor(_) if props.anchor.is_none() => {
                    let token = self.take();
                    if round == 0 {
                        start = token.start;
                    }
                    let Tok::Anchor(name) = token.tok else { unreachable!() };
                    props.anchor = Some(cstr(name));
                }
                Tok::Tag(..) if tag.is_none() => {
                    let token = self.take();
                    tag_mark = token.start;
                    if round == 0 {
                        start = token.start;
                    }
                    let Tok::Tag(handle, suffix) = token.tok else { unreachable!() };
                    tag = Some((cstr(handle), cstr(suffix)));
                }
                _ => break,
            }
        }
        if let Some((handle, suffix)) = tag {
            if handle.is_empty() {
                props.tag = Some(suffix);
            } else {
                match self.tag_directives.iter().find(|(h, _)| cstr(h.clone()) == handle) {
                    Some((_, prefix)) => {
                        let mut full = cstr(prefix.clone());
                        full.extend_from_slice(&suffix);
                        props.tag = Some(full);
                    }
                    None => {
                        return problem(Some(("while parsing a node", start)), "found undefined tag handle", tag_mark)
                    }
                }
            }
        }
        let token = self.peek()?;
        let token_start = token.start;
        match token.tok {
            Tok::BlockEntry if indentless_sequence => {
                self.state = State::IndentlessSequenceEntry;
                Ok((Event::SequenceStart(props), start))
            }
            Tok::Scalar(..) => {
                self.state = self.pop_state();
                let Tok::Scalar(value, style) = self.take().tok else { unreachable!() };
                Ok((Event::Scalar(props, value, style), start))
            }
            Tok::FlowSequenceStart => {
                self.state = State::FlowSequenceFirstEntry;
                Ok((Event::SequenceStart(props), start))
            }
            Tok::FlowMappingStart => {
                self.state = State::FlowMappingFirstKey;
                Ok((Event::MappingStart(props), start))
            }
            Tok::BlockSequenceStart if block => {
                self.state = State::BlockSequenceFirstEntry;
                Ok((Event::SequenceStart(props), start))
            }
            Tok::BlockMappingStart if block => {
                self.state = State::BlockMappingFirstKey;
                Ok((Event::MappingStart(props), start))
            }
            _ if props.anchor.is_some() || props.tag.is_some() => {
                self.state = self.pop_state();
                Ok((Event::Scalar(props, Vec::new(), Style::Plain), start))
            }
            _ => {
                let context = if block { "while parsing a block node" } else { "while parsing a flow node" };
                problem(Some((context, start)), "did not find expected node content", token_start)
            }
        }
    }

    /// Pushes the collection's mark and skips its start token.
    fn first(&mut self) -> Res<()> {
        let mark = self.peek()?.start;
        self.marks.push(mark);
        self.take();
        Ok(())
    }

    fn block_sequence_entry(&mut self, first: bool) -> Res<(Event, Mark)> {
        if first {
            self.first()?;
        }
        let token = self.peek()?;
        match token.tok {
            Tok::BlockEntry => {
                let mark = token.end;
                self.take();
                let token = self.peek()?;
                if !matches!(token.tok, Tok::BlockEntry | Tok::BlockEnd) {
                    self.states.push(State::BlockSequenceEntry);
                    self.node(true, false)
                } else {
                    self.state = State::BlockSequenceEntry;
                    Ok(empty(mark))
                }
            }
            Tok::BlockEnd => {
                self.state = self.pop_state();
                self.pop_mark();
                Ok((Event::SequenceEnd, self.take().start))
            }
            _ => {
                let mark = token.start;
                let context = self.pop_mark();
                problem(
                    Some(("while parsing a block collection", context)),
                    "did not find expected '-' indicator",
                    mark,
                )
            }
        }
    }

    fn indentless_sequence_entry(&mut self) -> Res<(Event, Mark)> {
        let token = self.peek()?;
        if token.tok == Tok::BlockEntry {
            let mark = token.end;
            self.take();
            let token = self.peek()?;
            if !matches!(token.tok, Tok::BlockEntry | Tok::Key | Tok::Value | Tok::BlockEnd) {
                self.states.push(State::IndentlessSequenceEntry);
                self.node(true, false)
            } else {
                self.state = State::IndentlessSequenceEntry;
                Ok(empty(mark))
            }
        } else {
            let mark = token.start;
            self.state = self.pop_state();
            Ok((Event::SequenceEnd, mark))
        }
    }

    fn block_mapping_key(&mut self, first: bool) -> Res<(Event, Mark)> {
        if first {
            self.first()?;
        }
        let token = self.peek()?;
        match token.tok {
            Tok::Key => {
                let mark = token.end;
                self.take();
                let token = self.peek()?;
                if !matches!(token.tok, Tok::Key | Tok::Value | Tok::BlockEnd) {
                    self.states.push(State::BlockMappingValue);
                    self.node(true, true)
                } else {
                    self.state = State::BlockMappingValue;
                    Ok(empty(mark))
                }
            }
            Tok::BlockEnd => {
                self.state = self.pop_state();
                self.pop_mark();
                Ok((Event::MappingEnd, self.take().start))
            }
            _ => {
                let mark = token.start;
                let context = self.pop_mark();
                problem(Some(("while parsing a block mapping", context)), "did not find expected key", mark)
            }
        }
    }

    fn block_mapping_value(&mut self) -> Res<(Event, Mark)> {
        let token = self.peek()?;
        if token.tok == Tok::Value {
            let mark = token.end;
            self.take();
            let token = self.peek()?;
            if !matches!(token.tok, Tok::Key | Tok::Value | Tok::BlockEnd) {
                self.states.push(State::BlockMappingKey);
                self.node(true, true)
            } else {
                self.state = State::BlockMappingKey;
                Ok(empty(mark))
            }
        } else {
            let mark = token.start;
            self.state = State::BlockMappingKey;
            Ok(empty(mark))
        }
    }

    fn flow_sequence_entry(&mut self, first: bool) -> Res<(Event, Mark)> {
        if first {
            self.first()?;
        }
        let mut token = self.peek()?;
        if token.tok != Tok::FlowSequenceEnd {
            if !first {
                if token.tok == Tok::FlowEntry {
                    self.take();
                    token = self.peek()?;
                } else {
                    let mark = token.start;
                    let context = self.pop_mark();
                    return problem(
                        Some(("while parsing a flow sequence", context)),
                        "did not find expected ',' or ']'",
                        mark,
                    );
                }
            }
            if token.tok == Tok::Key {
                self.state = State::FlowSequenceEntryMappingKey;
                let start = self.take().start;
                return Ok((Event::MappingStart(Props::default()), start));
            } else if token.tok != Tok::FlowSequenceEnd {
                self.states.push(State::FlowSequenceEntry);
                return self.node(false, false);
            }
        }
        self.state = self.pop_state();
        self.pop_mark();
        Ok((Event::SequenceEnd, self.take().start))
    }

    fn flow_mapping_key(&mut self, first: bool) -> Res<(Event, Mark)> {
        if first {
            self.first()?;
        }
        let mut token = self.peek()?;
        if token.tok != Tok::FlowMappingEnd {
            if !first {
                if token.tok == Tok::FlowEntry {
                    self.take();
                    token = self.peek()?;
                } else {
                    let mark = token.start;
                    let context = self.pop_mark();
                    return problem(
                        Some(("while parsing a flow mapping", context)),
                        "did not find expected ',' or '}'",
                        mark,
                    );
                }
            }
            if token.tok == Tok::Key {
                self.take();
                let token = self.peek()?;
                if !matches!(token.tok, Tok::Value | Tok::FlowEntry | Tok::FlowMappingEnd) {
                    self.states.push(State::FlowMappingValue);
                    return self.node(false, false);
                }
                let mark = token.start;
                self.state = State::FlowMappingValue;
                return Ok(empty(mark));
            } else if token.tok != Tok::FlowMappingEnd {
                self.states.push(State::FlowMappingEmptyValue);
                return self.node(false, false);
            }
        }
        self.state = self.pop_state();
        self.pop_mark();
        Ok((Event::MappingEnd, self.take().start))
    }

    fn flow_mapping_value(&mut self, empty_value: bool) -> Res<(Event, Mark)> {
        let mut token = self.peek()?;
        if !empty_value && token.tok == Tok::Value {
            self.take();
            token = self.peek()?;
            if !matches!(token.tok, Tok::FlowEntry | Tok::FlowMappingEnd) {
                self.states.push(State::FlowMappingKey);
                return self.node(false, false);
            }
        }
        let mark = token.start;
        self.state = State::FlowMappingKey;
        Ok(empty(mark))
    }
}

fn empty(mark: Mark) -> (Event, Mark) {
    (Event::Scalar(Props::default(), Vec::new(), Style::Plain), mark)
}

// ---------------------------------------------------------------------------------------------
// Loader (serde_yaml's loader.rs): the first document's events, anchors resolved.

enum Ev {
    Alias(usize),
    Scalar(Option<Vec<u8>>, String, Style),
    SequenceStart(Option<Vec<u8>>),
    SequenceEnd,
    MappingStart(Option<Vec<u8>>),
    MappingEnd,
    Void,
}

struct Document {
    events: Vec<(Ev, Mark)>,
    error: Option<Error>,
    /// Alias id to the index of its anchored node's first event.
    aliases: Vec<usize>,
}

fn load_first(parser: &mut Parser) -> (Document, bool) {
    // serde_yaml numbers an anchor by the count of distinct names so far (a redefined name can
    // share its number with a later anchor, which then wins: kept as it is).
    let mut anchors: Vec<(Vec<u8>, usize)> = Vec::new();
    let mut doc = Document { events: Vec::new(), error: None, aliases: Vec::new() };
    loop {
        let (event, mark) = match parser.next() {
            Ok(next) => next,
            Err(problem) => {
                doc.error = Some(problem.error());
                return (doc, false);
            }
        };
        let mut anchor = |props: &mut Props, at: usize| {
            if let Some(name) = props.anchor.take() {
                let id = anchors.len();
                match anchors.iter_mut().find(|(n, _)| *n == name) {
                    Some(entry) => entry.1 = id,
                    None => anchors.push((name, id)),
                }
                if id < doc.aliases.len() {
                    doc.aliases[id] = at;
                } else {
                    doc.aliases.push(at);
                }
            }
        };
        let at = doc.events.len();
        let ev = match event {
            Event::StreamStart | Event::DocumentStart => continue,
            Event::StreamEnd => {
                if doc.events.is_empty() {
                    doc.events.push((Ev::Void, mark));
                }
                return (doc, true);
            }
            Event::DocumentEnd => return (doc, false),
            Event::Alias(name) => match anchors.iter().find(|(n, _)| *n == name) {
                Some((_, id)) => Ev::Alias(*id),
                None => {
                    doc.error = Some(Error { text: with_mark("unknown anchor".into(), mark), mark: Some(mark) });
                    return (doc, false);
                }
            },
            Event::Scalar(mut props, value, style) => {
                anchor(&mut props, at);
                let value = String::from_utf8(value).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into());
                Ev::Scalar(props.tag, value, style)
            }
            Event::SequenceStart(mut props) => {
                anchor(&mut props, at);
                Ev::SequenceStart(props.tag)
            }
            Event::SequenceEnd => Ev::SequenceEnd,
            Event::MappingStart(mut props) => {
                anchor(&mut props, at);
                Ev::MappingStart(props.tag)
            }
            Event::MappingEnd => Ev::MappingEnd,
        };
        doc.events.push((ev, mark));
    }
}

fn with_mark(mut text: String, mark: Mark) -> String {
    if !mark.is_zero() {
        text += &format!(" at {mark}");
    }
    text
}

// ---------------------------------------------------------------------------------------------
// Values (serde_yaml's DeserializerFromEvents driving `Value`'s visitor)

/// serde_yaml's path to the current value, for error messages.
#[derive(Clone, Copy)]
enum Path<'p> {
    Root,
    Seq(&'p Path<'p>, usize),
    Map(&'p Path<'p>, &'p str),
    Unknown(&'p Path<'p>),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Parent<'a>(&'a Path<'a>);
        impl fmt::Display for Parent<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.0 {
                    Path::Root => Ok(()),
                    path => write!(f, "{path}."),
                }
            }
        }
        match self {
            Path::Root => f.write_str("."),
            Path::Seq(parent, index) => write!(f, "{parent}[{index}]"),
            Path::Map(parent, key) => write!(f, "{}{key}", Parent(parent)),
            Path::Unknown(parent) => write!(f, "{}?", Parent(parent)),
        }
    }
}

/// An error on the way: a message still waiting for its node's mark and path, or final.
struct Fault {
    error: Error,
    message: bool,
}

impl Fault {
    fn message(text: String) -> Self {
        Fault { error: Error { text, mark: None }, message: true }
    }
    fn fixed(error: Error) -> Self {
        Fault { error, message: false }
    }
    fn fix(mut self, mark: Mark, path: &Path) -> Self {
        if self.message {
            let path = path.to_string();
            let prefix = if path == "." { String::new() } else { format!("{path}: ") };
            self.error = Error { text: with_mark(prefix + &self.error.text, mark), mark: Some(mark) };
            self.message = false;
        }
        self
    }
}

const TAG_NULL: &[u8] = b"tag:yaml.org,2002:null";
const TAG_BOOL: &[u8] = b"tag:yaml.org,2002:bool";
const TAG_INT: &[u8] = b"tag:yaml.org,2002:int";
const TAG_FLOAT: &[u8] = b"tag:yaml.org,2002:float";

/// serde_yaml's `parse_tag`: the tag of a node that becomes `Value::Tagged`.
fn enum_tag(tag: &Option<Vec<u8>>) -> Option<&str> {
    let bytes = tag.as_deref()?;
    let rest = bytes.strip_prefix(b"!")?;
    std::str::from_utf8(if rest.is_empty() { bytes } else { rest }).ok()
}

fn is_null(v: &str) -> bool {
    matches!(v, "null" | "Null" | "NULL" | "~")
}

fn parse_bool(v: &str) -> Option<bool> {
    match v {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

fn digits_but_not_number(v: &str) -> bool {
    let v = v.strip_prefix(['-', '+']).unwrap_or(v);
    v.len() > 1 && v.starts_with('0') && v[1..].bytes().all(|b| b.is_ascii_digit())
}

trait Radix: Sized {
    fn radix(text: &str, radix: u32) -> Option<Self>;
}

macro_rules! radix {
    ($($t:ty),*) => {$(
        impl Radix for $t {
            fn radix(text: &str, radix: u32) -> Option<Self> {
                <$t>::from_str_radix(text, radix).ok()
            }
        }
    )*};
}
radix!(u64, i64, u128, i128);

const PREFIXES: [(&str, u32); 3] = [("0x", 16), ("0o", 8), ("0b", 2)];

fn parse_unsigned<T: Radix>(v: &str) -> Option<T> {
    let unpositive = v.strip_prefix('+').unwrap_or(v);
    for (prefix, radix) in PREFIXES {
        if let Some(rest) = unpositive.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Some(n) = T::radix(rest, radix) {
                return Some(n);
            }
        }
    }
    if unpositive.starts_with(['+', '-']) || digits_but_not_number(v) {
        return None;
    }
    T::radix(unpositive, 10)
}

fn parse_negative<T: Radix>(v: &str) -> Option<T> {
    for (prefix, radix) in PREFIXES {
        if let Some(rest) = v.strip_prefix('-').and_then(|v| v.strip_prefix(prefix)) {
            if let Some(n) = T::radix(&format!("-{rest}"), radix) {
                return Some(n);
            }
        }
    }
    if digits_but_not_number(v) {
        return None;
    }
    T::radix(v, 10)
}

fn parse_f64(v: &str) -> Option<f64> {
    let unpositive = match v.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => v,
    };
    if matches!(unpositive, ".inf" | ".Inf" | ".INF") {
        return Some(f64::INFINITY);
    }
    if matches!(v, "-.inf" | "-.Inf" | "-.INF") {
        return Some(f64::NEG_INFINITY);
    }
    if matches!(v, ".nan" | ".NaN" | ".NAN") {
        return Some(f64::NAN.copysign(1.0));
    }
    crate::num::parse_f64(unpositive).filter(|f| f.is_finite())
}

/// serde_yaml's `visit_int` into `Value`: 128-bit integers are refused by `Value`'s visitor.
fn int(v: &str) -> Option<Result<Value, String>> {
    if let Some(n) = parse_unsigned::<u64>(v) {
        return Some(Ok(Value::Number(n.into())));
    }
    if let Some(n) = parse_negative::<i64>(v) {
        return Some(Ok(Value::Number(n.into())));
    }
    if let Some(n) = parse_unsigned::<u128>(v) {
        return Some(Err(format!("invalid type: integer `{n}` as u128, expected any YAML value")));
    }
    if let Some(n) = parse_negative::<i128>(v) {
        return Some(Err(format!("invalid type: integer `{n}` as i128, expected any YAML value")));
    }
    None
}

fn untagged(v: &str) -> Result<Value, String> {
    if v.is_empty() || is_null(v) {
        return Ok(Value::Null);
    }
    if let Some(flag) = parse_bool(v) {
        return Ok(Value::Bool(flag));
    }
    if let Some(result) = int(v) {
        return result;
    }
    if !digits_but_not_number(v) {
        if let Some(f) = parse_f64(v) {
            return Ok(Value::Number(f.into()));
        }
    }
    Ok(Value::String(v.to_string()))
}

/// serde_yaml's `visit_scalar` into `Value`.
fn scalar(v: &str, style: Style, tag: &Option<Vec<u8>>, tagged_already: bool) -> Result<Value, String> {
    let invalid = |expected: &str| Err(format!("invalid value: string {v:?}, expected {expected}"));
    match tag {
        Some(tag) if !tagged_already => {
            if tag == TAG_BOOL {
                return parse_bool(v).map_or_else(|| invalid("a boolean"), |b| Ok(Value::Bool(b)));
            } else if tag == TAG_INT {
                return int(v).unwrap_or_else(|| invalid("an integer"));
            } else if tag == TAG_FLOAT {
                return parse_f64(v).map_or_else(|| invalid("a float"), |f| Ok(Value::Number(f.into())));
            } else if tag == TAG_NULL {
                return if is_null(v) { Ok(Value::Null) } else { invalid("null") };
            } else if tag.starts_with(b"!") && style == Style::Plain {
                return untagged(v);
            }
        }
        _ if style == Style::Plain => return untagged(v),
        _ => {}
    }
    Ok(Value::String(v.to_string()))
}

fn duplicate(key: &Value) -> String {
    match key {
        Value::Null => "duplicate entry with null key".into(),
        Value::Bool(flag) => format!("duplicate entry with key `{flag}`"),
        Value::Number(number) => format!("duplicate entry with key {}", crate::num::yaml_number(number)),
        Value::String(text) => format!("duplicate entry with key {text:?}"),
        _ => "duplicate entry in YAML map".into(),
    }
}

struct Walk<'d> {
    doc: &'d Document,
    jumps: usize,
}

impl<'d> Walk<'d> {
    fn next(&self, pos: &mut usize) -> Result<(&'d Ev, Mark), Fault> {
        let (ev, mark) = self.peek(*pos)?;
        *pos += 1;
        Ok((ev, mark))
    }

    fn peek(&self, pos: usize) -> Result<(&'d Ev, Mark), Fault> {
        let doc: &'d Document = self.doc;
        match doc.events.get(pos) {
            Some((ev, mark)) => Ok((ev, *mark)),
            None => Err(Fault::fixed(
                self.doc
                    .error
                    .clone()
                    .unwrap_or_else(|| Error { text: "EOF while parsing a value".into(), mark: None }),
            )),
        }
    }

    fn jump(&mut self, id: usize) -> Result<usize, Fault> {
        self.jumps += 1;
        if self.jumps > self.doc.events.len() * 100 {
            return Err(Fault::fixed(Error { text: "repetition limit exceeded".into(), mark: None }));
        }
        Ok(self.doc.aliases[id])
    }

    fn recursion(depth: u8, mark: Mark) -> Result<u8, Fault> {
        depth.checked_sub(1).ok_or_else(|| {
            Fault::fixed(Error { text: with_mark("recursion limit exceeded".into(), mark), mark: Some(mark) })
        })
    }

    fn value(&mut self, pos: &mut usize, path: &Path, depth: u8, tagged_already: bool) -> Result<Value, Fault> {
        let (ev, mark) = self.next(pos)?;
        let result = match ev {
            Ev::Alias(id) => {
                let mut at = self.jump(*id)?;
                self.value(&mut at, path, depth, false)
            }
            Ev::Scalar(tag, _, _) | Ev::SequenceStart(tag) | Ev::MappingStart(tag)
                if !tagged_already && enum_tag(tag).is_some() =>
            {
                let tag = Tag::new(enum_tag(tag).unwrap_or_default());
                *pos -= 1;
                let value = self.value(pos, path, depth, true)?;
                Ok(Value::Tagged(Box::new(TaggedValue { tag, value })))
            }
            Ev::Scalar(tag, value, style) => scalar(value, *style, tag, tagged_already).map_err(Fault::message),
            Ev::SequenceStart(_) => {
                let depth = Self::recursion(depth, mark)?;
                let mut items = Vec::new();
                while !matches!(self.peek(*pos)?.0, Ev::SequenceEnd | Ev::Void) {
                    items.push(self.value(pos, &Path::Seq(path, items.len()), depth, false)?);
                }
                *pos += 1;
                Ok(Value::Sequence(items))
            }
            Ev::MappingStart(_) => {
                let depth = Self::recursion(depth, mark)?;
                let mut mapping = Mapping::new();
                loop {
                    let name = match self.peek(*pos)?.0 {
                        Ev::MappingEnd | Ev::Void => break,
                        Ev::Scalar(_, value, _) => Some(value.as_str()),
                        _ => None,
                    };
                    let key = self.value(pos, path, depth, false)?;
                    if mapping.contains_key(&key) {
                        return Err(Fault::message(duplicate(&key)).fix(mark, path));
                    }
                    let value = match name {
                        Some(name) => self.value(pos, &Path::Map(path, name), depth, false)?,
                        None => self.value(pos, &Path::Unknown(path), depth, false)?,
                    };
                    mapping.insert(key, value);
                }
                *pos += 1;
                Ok(Value::Mapping(mapping))
            }
            Ev::SequenceEnd | Ev::MappingEnd | Ev::Void => Ok(Value::Null),
        };
        result.map_err(|fault| fault.fix(mark, path))
    }
}

/// Parses YAML text into a `Value` as `serde_yaml::from_str::<Value>` does, errors included.
pub fn from_str(text: &str) -> Result<Value, Error> {
    let mut parser = Parser::new(text);
    let (doc, ended) = load_first(&mut parser);
    let mut walk = Walk { doc: &doc, jumps: 0 };
    let value = walk.value(&mut 0, &Path::Root, 128, false).map_err(|fault| fault.error)?;
    if let Some(error) = doc.error {
        return Err(error);
    }
    if !ended && !matches!(parser.next(), Ok((Event::StreamEnd, _))) {
        return Err(Error {
            text: "deserializing from YAML containing more than one document is not supported".into(),
            mark: None,
        });
    }
    Ok(value)
}

// ---------------------------------------------------------------------------------------------
// Positions of nodes (what `manifest::tree::position` asked serde_yaml's deserializer for)

enum Probe {
    Found(Mark),
    Absent,
}

impl Walk<'_> {
    /// Skips one node (serde_yaml's `ignore_any`: aliases are not followed).
    fn skip(&self, pos: &mut usize) -> Result<(), Probe> {
        let mut nesting = 0usize;
        loop {
            let (ev, _) = self.next(pos).map_err(|_| Probe::Absent)?;
            match ev {
                Ev::SequenceStart(_) | Ev::MappingStart(_) => nesting += 1,
                Ev::SequenceEnd | Ev::MappingEnd => nesting = nesting.saturating_sub(1),
                _ => {}
            }
            if nesting == 0 {
                return Ok(());
            }
        }
    }

    /// Follows `segments` from the node at `pos`; Found with the mark of the node (or key).
    fn probe(&mut self, pos: &mut usize, segments: &[Seg], key: bool, depth: u8) -> Result<(), Probe> {
        let (ev, mark) = self.next(pos).map_err(|_| Probe::Absent)?;
        let leaf = if segments.is_empty() { Probe::Found(mark) } else { Probe::Absent };
        match ev {
            Ev::Alias(id) => {
                let mut at = self.jump(*id).map_err(|_| Probe::Absent)?;
                self.probe(&mut at, segments, key, depth)
            }
            Ev::Scalar(tag, _, _) | Ev::SequenceStart(tag) | Ev::MappingStart(tag) if enum_tag(tag).is_some() => {
                Err(leaf)
            }
            Ev::Scalar(tag, value, style) => match scalar(value, *style, tag, false) {
                Ok(_) => Err(leaf),
                Err(_) => Err(Probe::Absent),
            },
            Ev::SequenceStart(_) => {
                let depth = Self::recursion(depth, mark).map_err(|_| Probe::Absent)?;
                let Some((Seg::Index(index), rest)) = segments.split_first() else { return Err(leaf) };
                for _ in 0..*index {
                    if matches!(self.peek(*pos).map_err(|_| Probe::Absent)?.0, Ev::SequenceEnd) {
                        return Err(Probe::Absent);
                    }
                    self.skip(pos)?;
                }
                if matches!(self.peek(*pos).map_err(|_| Probe::Absent)?.0, Ev::SequenceEnd) {
                    return Err(Probe::Absent);
                }
                self.probe(pos, rest, key, depth)?;
                Err(Probe::Absent)
            }
            Ev::MappingStart(_) => {
                let depth = Self::recursion(depth, mark).map_err(|_| Probe::Absent)?;
                let Some((Seg::Key(wanted), rest)) = segments.split_first() else { return Err(leaf) };
                let at_key = rest.is_empty() && key;
                loop {
                    if matches!(self.peek(*pos).map_err(|_| Probe::Absent)?.0, Ev::MappingEnd) {
                        return Err(Probe::Absent);
                    }
                    if self.key_matches(pos, wanted, at_key, depth)? {
                        self.probe(pos, rest, key, depth)?;
                        return Err(Probe::Absent);
                    }
                    self.skip(pos)?;
                }
            }
            Ev::SequenceEnd | Ev::MappingEnd | Ev::Void => Err(leaf),
        }
    }

    /// Whether the key at `pos` reads as `wanted` (Found on it when `fail`).
    fn key_matches(&mut self, pos: &mut usize, wanted: &str, fail: bool, depth: u8) -> Result<bool, Probe> {
        let (ev, mark) = self.next(pos).map_err(|_| Probe::Absent)?;
        let text = match ev {
            Ev::Alias(id) => {
                let mut at = self.jump(*id).map_err(|_| Probe::Absent)?;
                return self.key_matches(&mut at, wanted, fail, depth);
            }
            Ev::Scalar(tag, _, _) | Ev::SequenceStart(tag) | Ev::MappingStart(tag) if enum_tag(tag).is_some() => {
                return Err(Probe::Absent)
            }
            Ev::Scalar(tag, value, style) => match scalar(value, *style, tag, false) {
                Ok(Value::String(text)) => text,
                Ok(Value::Bool(flag)) => flag.to_string(),
                Ok(Value::Number(n)) if !n.is_f64() => crate::num::yaml_number(&n),
                Ok(_) => return Ok(false),
                Err(_) => return Err(Probe::Absent),
            },
            Ev::SequenceStart(_) | Ev::MappingStart(_) => {
                Self::recursion(depth, mark).map_err(|_| Probe::Absent)?;
                *pos -= 1;
                self.skip(pos)?;
                return Ok(false);
            }
            _ => return Err(Probe::Absent),
        };
        match text == wanted {
            true if fail => Err(Probe::Found(mark)),
            matched => Ok(matched),
        }
    }
}

/// Line and column (1-based) of the node at `segments` (its key when `key`), as serde_yaml's
/// deserializer reported them: a mapping key at the key, a value where it starts (its anchor or
/// tag), an alias at its anchored node. None when the path is not in the text.
pub fn position(text: &str, segments: &[Seg], key: bool) -> Option<(usize, usize)> {
    let mut parser = Parser::new(text);
    let (doc, _) = load_first(&mut parser);
    let mut walk = Walk { doc: &doc, jumps: 0 };
    match walk.probe(&mut 0, segments, key, 128) {
        Err(Probe::Found(mark)) => Some((mark.line + 1, mark.column + 1)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// serde_yaml's answer: the value, or the error's text and location.
    fn reference(text: &str) -> Result<Value, (String, Option<(usize, usize)>)> {
        serde_yaml::from_str::<Value>(text).map_err(|e| (e.to_string(), e.location().map(|l| (l.line(), l.column()))))
    }

    fn ours(text: &str) -> Result<Value, (String, Option<(usize, usize)>)> {
        from_str(text).map_err(|e| (e.to_string(), e.location().map(|l| (l.line(), l.column()))))
    }

    /// Values compared through their Debug text, so NaN equals NaN and -0.0 differs from 0.0.
    fn same(text: &str) -> Result<(), String> {
        let (want, got) = (reference(text), ours(text));
        if format!("{want:?}") == format!("{got:?}") {
            Ok(())
        } else {
            Err(format!("{text:?}\n  serde_yaml: {want:?}\n  ours:       {got:?}"))
        }
    }

    fn check_all(texts: &[&str]) {
        let failures: Vec<String> = texts.iter().filter_map(|t| same(t).err()).collect();
        assert!(failures.is_empty(), "{} of {} differ:\n{}", failures.len(), texts.len(), failures.join("\n"));
    }

    /// Every YAML file of the repository.
    fn repository_files() -> Vec<(String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let dirs = [
            "static/templates",
            "lessons",
            "tests/scenarios",
            "tests/data/k8s-examples",
            "tests/data/lessons",
            "tests/hostile",
            "fuzz/corpus/apply_yaml",
        ];
        for dir in dirs {
            let mut entries: Vec<_> =
                std::fs::read_dir(root.join(dir)).expect(dir).flatten().map(|e| e.path()).collect();
            entries.sort();
            for path in entries {
                if let Ok(text) = std::fs::read_to_string(&path) {
                    files.push((path.display().to_string(), text));
                }
            }
        }
        assert!(files.len() > 60, "{} files", files.len());
        files
    }

    /// The texts the program parses from a file: the file, and each document as split by
    /// `manifest::decode::split_documents`.
    fn texts_of(text: &str) -> Vec<String> {
        let mut texts = vec![text.to_string()];
        texts.extend(crate::manifest::decode::split_documents(text).into_iter().map(|d| d.text));
        texts
    }

    #[test]
    fn repository_files_parse_the_same() {
        let mut count = 0;
        let mut failures = Vec::new();
        for (path, text) in repository_files() {
            for t in texts_of(&text) {
                count += 1;
                if let Err(e) = same(&t) {
                    failures.push(format!("{path}: {e}"));
                }
            }
        }
        assert!(failures.is_empty(), "{} of {count} differ:\n{}", failures.len(), failures.join("\n"));
        assert!(count > 200, "{count}");
    }

    pub(super) struct Rng(pub(super) u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    const FRAGMENTS: &[&str] = &[
        "a",
        "b",
        "key",
        ": ",
        ":",
        "- ",
        "-",
        "\n",
        "\n",
        "\n",
        "  ",
        "  ",
        " ",
        "    ",
        "[",
        "]",
        "{",
        "}",
        ", ",
        ",",
        "'x y'",
        "''",
        "'it''s'",
        "\"q\\n\\t\\x41\\u00e9\"",
        "\"\\'\"",
        "\"a\nb\"",
        "|",
        "|-",
        "|+",
        ">",
        ">-",
        "|2",
        "&a ",
        "&b ",
        "*a",
        "*b",
        "!t ",
        "!!str ",
        "!!int ",
        "!!float ",
        "!!bool ",
        "!!null ",
        "!",
        "!<x> ",
        "#c",
        " # c",
        "? ",
        "---",
        "--- ",
        "...",
        "\t",
        "0x1F",
        "0o17",
        "0b101",
        "+12",
        "-7",
        "1e3",
        ".inf",
        "-.inf",
        ".nan",
        "~",
        "null",
        "true",
        "False",
        "007",
        "-0",
        "3.25",
        "123456789012345678901234567890",
        "18446744073709551616",
        "-9223372036854775809",
        "1_000",
        "é",
        "\u{2028}",
        "\r\n",
        "%YAML 1.2\n",
        "%TAG !e! tag:e:\n",
        "!e!x ",
        "@",
        "`",
        "\u{feff}",
        "\\",
        "<<: ",
        "=",
        "k: v",
        "- - x",
        "  - y",
        "    z: 1",
    ];

    pub(super) fn soup(rng: &mut Rng) -> String {
        let n = 1 + rng.below(24);
        (0..n).map(|_| FRAGMENTS[rng.below(FRAGMENTS.len())]).collect()
    }

    #[test]
    fn random_token_soup_parses_the_same() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let texts: Vec<String> = (0..20_000).map(|_| soup(&mut rng)).collect();
        let failures: Vec<String> = texts.iter().filter_map(|t| same(t).err()).take(20).collect();
        assert!(failures.is_empty(), "differ:\n{}", failures.join("\n"));
    }

    /// Every deletion, and every insertion and replacement by a character that matters, at every
    /// `step`-th position of `text`.
    fn mutations(text: &str, step: usize, offset: usize) -> Vec<String> {
        const CHARS: &[char] =
            &[':', '-', ' ', '\t', '\n', '\'', '"', '#', '&', '*', '!', '|', '>', '{', '}', '[', ']', ','];
        let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let mut out = Vec::new();
        for (n, &at) in bounds.iter().enumerate().skip(offset % step.max(1)).step_by(step) {
            if let Some(&next) = bounds.get(n + 1) {
                out.push(format!("{}{}", &text[..at], &text[next..]));
                for c in CHARS {
                    out.push(format!("{}{c}{}", &text[..at], &text[next..]));
                }
            }
            for c in CHARS {
                out.push(format!("{}{c}{}", &text[..at], &text[at..]));
            }
        }
        out
    }

    fn mutation_sample() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let files = [
            "static/templates/deployment-probes.yaml",
            "lessons/first-deployment.yaml",
            "tests/scenarios/rolling-update.yaml",
        ];
        let texts: Vec<String> = files
            .iter()
            .filter_map(|path| std::fs::read_to_string(root.join(path)).ok())
            .flat_map(|text| crate::manifest::decode::split_documents(&text))
            .map(|document| document.text)
            .filter(|text| !text.trim().is_empty())
            .collect();
        assert_eq!(texts.len(), 5);
        texts
    }

    #[test]
    fn mutations_parse_the_same() {
        let files = mutation_sample();
        let mut count = 0;
        for (n, text) in files.iter().enumerate() {
            for t in mutations(text, 61, n) {
                count += 1;
                if let Err(e) = same(&t) {
                    panic!("mutation {count} differs: {e}");
                }
            }
        }
        assert!(count > 4_000, "{count}");
    }

    /// Every mutation at every position of the three files (run with `--ignored`).
    #[test]
    #[ignore]
    fn all_mutations_parse_the_same() {
        let mut count = 0;
        for text in mutation_sample() {
            for t in mutations(&text, 1, 0) {
                count += 1;
                if let Err(e) = same(&t) {
                    panic!("mutation {count} differs: {e}");
                }
            }
        }
        eprintln!("{count} mutations");
    }

    #[test]
    fn targeted_cases() {
        let deep_seq = "[".repeat(200) + &"]".repeat(200);
        let deep_ok = "[".repeat(128) + &"]".repeat(128);
        let deep_map = (0..140).map(|i| format!("{}k{i}:\n", "  ".repeat(i))).collect::<String>();
        let deep_block = (0..130).map(|i| format!("{}-\n", "  ".repeat(i))).collect::<String>() + "x";
        let deep_flow = "{a: ".repeat(5000) + &"}".repeat(5000);
        let laughs = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n";
        let long_key = format!("{}: 1\n", "k".repeat(1100));
        let long_quoted_key = format!("\"{}\": 1\n", "k".repeat(1100));
        let big = "a: b\n".repeat(4000);
        let big_control = format!("{}x: \u{1}\n", "a: b\n".repeat(4000));
        let big_control_early_error = format!("a: b\n  c: d\n{}x: \u{1}\n", "e: f\n".repeat(4000));
        let texts: Vec<&str> = vec![
            // documents
            "",
            " ",
            "\n",
            "# only a comment\n",
            "---\n",
            "---",
            "...\n",
            "--- a\n",
            "a\n...\n",
            "a\n---\nb\n",
            "---\n---\n",
            "--- |\n  x\n",
            "a: 1\n--- \n",
            "---\na: 1\n...\n---\n",
            "a\n...\n...\n",
            "...\n---\n",
            "--- # c\na: 1\n",
            "a: 1\n---\n  - bad: [\n",
            "a: 1\n--- {\n",
            "%YAML 1.2\n---\na\n",
            "%YAML 1.1\n--- a",
            "%YAML 2.0\n--- a",
            "%YAML 1.2\n%YAML 1.2\n--- a",
            "%YAML 1.x\n--- a",
            "%YAML 1234567890.1\n--- a",
            "%TAG !e! tag:e.com,2000:\n--- !e!x a",
            "%TAG !e! tag:e:\n%TAG !e! tag:f:\n--- a",
            "%FOO bar\n--- a",
            "%\n--- a",
            "%YAML 1.2 # c\n--- a",
            "%YAML 1.2 x\n--- a",
            "%TAG ! tag:x:\n--- !y a",
            "%TAG !! tag:x:\n--- !!y a",
            "%TAG x y\n--- a",
            "%TAG !e!tag:x\n--- a",
            "%TAG !e! x y\n--- a",
            "%YAML 1.2\n",
            "a\n%YAML 1.2\n",
            // block collections
            "a: 1\nb: 2\n",
            "a:\n  b:\n    c: d\n",
            "a:\n- 1\n- 2\n",
            "- a\n-\n- c\n",
            "-\n",
            "- - a\n  - b\n- c\n",
            "a: 1\n b: 2\n",
            "a: 1\n  b: 2\n",
            "a:\n  b: 1\n c: 2\n",
            "- a\nb: c\n",
            "a: b: c\n",
            "a: - b\n",
            "? a\n: b\n",
            "? a\n",
            "? [a, b]\n: c\n",
            "? - a\n: b\n",
            ": a\n",
            "a: 1\n: 2\n",
            "?\n",
            "- ? a\n  : b\n",
            "a:\n  - b\n  -\n  - c: d\n    e: f\n",
            "a: |\n  x\nb: >\n  y\n",
            "key: value # comment\n",
            "a:    \n",
            "a: 1\na: 2\n",
            "1: a\n1: b\n",
            "~: a\nnull: b\n",
            "true: a\nTrue: b\n",
            "[1]: a\n[1]: b\n",
            "{a: 1}: x\n",
            "'a': 1\na: 2\n",
            "1.5: a\n1.50: b\n",
            ".nan: a\n.NaN: b\n",
            "!t a: 1\n!t a: 2\n",
            "0x1: a\n1: b\n",
            "- &a x\n- *a\n",
            "a: &x 1\nb: *x\n",
            "*a\n",
            "&a a: *a\n",
            "a: *b\n",
            "a: &a\nb: *a\n",
            "&a [*a]\n",
            "&a {x: *a}\n",
            "a: &a b\na: &a c\nd: *a\n",
            "- &a 1\n- &b 2\n- &a 3\n- &c 4\n- *a\n- *b\n- *c\n",
            "&anchor\n",
            "- &a\n- *a\n",
            "&a !t x\n",
            "!t &a x\n",
            "- &a &b x\n",
            "- !t !u x\n",
            "*a: b\n",
            "&: a\n",
            "*\n",
            "&a: b\n",
            "a: &b* c\n",
            "[*a]\n",
            "{&a a: b, *a: c}\n",
            // flow collections
            "[]",
            "{}",
            "[a, b, c]",
            "[a, [b, c], {d: e}]",
            "{a: 1, b: [2, 3]}",
            "[a,]",
            "[,]",
            "[a b]",
            "{a: 1,}",
            "{,}",
            "{a b}",
            "[a: b]",
            "[? a: b]",
            "[? a]",
            "[? : b]",
            "[a: b, c: d]",
            "{a, b: c}",
            "{? a, ? b: c}",
            "{a: }",
            "{: a}",
            "[",
            "]",
            "{",
            "}",
            "[a",
            "{a: 1",
            "[a]]",
            "{a: 1}}",
            "[a, {b: c]",
            "{a: [b}",
            "[\n a,\n b\n]",
            "{\n  a: 1,\n  b: 2\n}\n",
            "a: [1,\n2]\n",
            "a: {b:\nc}\n",
            "[a:b]",
            "[a:[b]]",
            "{a:b}",
            "{a:1}",
            "[a:,b]",
            "{\"a\":b}",
            "['a':b]",
            "[a:]",
            "[-a]",
            "[- a]",
            "[a, - b]",
            "{a: -1}",
            "{a: - b}",
            "[a #c\n]",
            "[a,#c\n b]",
            "[a\n#c\n]",
            "- [a,\n  b]\n",
            "a: [\n]\n",
            "[a\n]\n",
            // scalars
            "plain text",
            "a b  c",
            "a\n  b\n\n  c\n",
            "a # b",
            "a#b",
            "'single'",
            "'it''s'",
            "'a\n  b\n\n  c'",
            "\"double\"",
            "\"\\n\\t\\\\\\\"\\/\\0\\a\\b\\v\\f\\r\\e\\ \\N\\_\\L\\P\"",
            "\"\\x41\\u00e9\\U0001F600\"",
            "\"\\x4\"",
            "\"\\uD800\"",
            "\"\\U00110000\"",
            "\"\\q\"",
            "\"\\'\"",
            "\"a\\\n  b\"",
            "\"a\n\n  b\"",
            "\"unterminated",
            "'unterminated",
            "\"a\n---\nb\"",
            "'a\n...\n'",
            "\"\\",
            "\"\\x\"",
            "\"a\"b",
            "'a'b",
            "\"a\" # c",
            "\"a\":b",
            "'a': b",
            "\"\t\"",
            "'\t'",
            "\"a  \n  b\"",
            "\" \n \"",
            "\"\\\t\"",
            "|\n  a\n  b\n",
            "|-\n  a\n\n",
            "|+\n  a\n\n",
            ">\n  a\n  b\n\n  c\n",
            ">-\n  a\n   b\n  c\n",
            "|2\n   a\n",
            "|1-\n  a\n",
            "|-1\n  a\n",
            "|0\n a",
            "|-0\n a",
            "|x\n a",
            "| # c\n a\n",
            "|\n\n  a\n",
            "|\n  a\n b\n",
            "a: |\n  x\n   y\n  z\n",
            "a: >\n\n  x\n\n  y\n",
            "- |\n  a\n- b\n",
            "|\n\ta\n",
            "|\n  \ta\n",
            "|\n",
            "a: |\n",
            "a: |\nb: c\n",
            ">\n  a\n\n\n",
            ">+\n  a\n\n",
            "|\n  a\n  ",
            "|2-\n    a\n  b\n",
            "a: >-\n    x\n",
            "|\n \n  a\n",
            "|\n   \n  a\n",
            "- >\n a\n b\n",
            ">\n a\n  b\n c\n",
            "|\r\n  a\r\n  b\r\n",
            // scalar resolution
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
            "yes",
            "no",
            "on",
            "off",
            "0",
            "-0",
            "+0",
            "00",
            "007",
            "-007",
            "+007",
            "08",
            "0x1F",
            "0X1F",
            "0x",
            "0x-1",
            "-0x1F",
            "+0x1F",
            "0o17",
            "0o8",
            "-0o17",
            "0b101",
            "-0b101",
            "0b2",
            "+-1",
            "-+1",
            "++1",
            "--1",
            "1_000",
            "1,000",
            "9223372036854775807",
            "9223372036854775808",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "340282366920938463463374607431768211455",
            "340282366920938463463374607431768211456",
            "-170141183460469231731687303715884105728",
            "-170141183460469231731687303715884105729",
            "0xFFFFFFFFFFFFFFFFFF",
            "123456789012345678901234567890123456789012",
            "1.5",
            "-1.5",
            "+1.5",
            ".5",
            "-.5",
            "+.5",
            "5.",
            "1e3",
            "1E3",
            "1e+3",
            "1e-3",
            "-1e3",
            "1.5e300",
            "1e400",
            "-1e400",
            "1e",
            "e3",
            ".inf",
            ".Inf",
            ".INF",
            "+.inf",
            "-.inf",
            "-.Inf",
            "-.INF",
            ".iNF",
            "inf",
            "-inf",
            "infinity",
            ".nan",
            ".NaN",
            ".NAN",
            "nan",
            "NaN",
            "-.nan",
            "+.nan",
            "0.0",
            "-0.0",
            "00.5",
            "01.5",
            "1.0e",
            "0x1.8p1",
            "1__0",
            "'1'",
            "\"true\"",
            "'~'",
            "\"\"",
            "''",
            "!!str 1",
            "!!int 1",
            "!!int '1'",
            "!!int x",
            "!!int 1.5",
            "!!int 0x1F",
            "!!float 1",
            "!!float x",
            "!!float .inf",
            "!!float '1.5'",
            "!!bool true",
            "!!bool yes",
            "!!bool 'true'",
            "!!null ~",
            "!!null ''",
            "!!null x",
            "!!null",
            "!!str",
            "!!int",
            "!!str ~",
            "!!foo 1",
            "!!map {a: 1}",
            "!!seq [1]",
            "!!int 18446744073709551616",
            "!!int -9223372036854775809",
            "!<tag:yaml.org,2002:int> 1",
            "!<tag:yaml.org,2002:str> 1",
            // tags
            "!t x",
            "!t 1",
            "!t '1'",
            "!t",
            "!t [1, 2]",
            "!t {a: 1}",
            "!t\n- a\n",
            "!t\na: 1\n",
            "a: !t\n",
            "!",
            "! x",
            "! 1",
            "!<x> y",
            "!<!> y",
            "!<> y",
            "!<x y",
            "!e!x y",
            "!!!x y",
            "!x!y z",
            "!%41 x",
            "!%4 x",
            "!%C3%A9 x",
            "!%FF x",
            "!%C3 x",
            "!%C3%41 x",
            "!t!",
            "!t,x",
            "[!t ,a]",
            "[!t,a]",
            "{!t : a}",
            "!a!b!c x",
            "- !t\n  a: 1\n",
            "!t !u x",
            "!t &a x\n",
            "!t #c\n",
            "!t\tx",
            "!t|\n a\n",
            "a: !t\n  b: c\n",
            "!%00 x",
            "!t%00x y",
            "!<a%00b> c",
            // comments, whitespace, breaks, tabs
            "#c\na: 1 #c\n#c\n",
            "a: 1#c\n",
            "a:\t1\n",
            "a:\t\n  b\n",
            "\ta: 1\n",
            "a:\n\tb: 1\n",
            "- \ta\n",
            "-\ta\n",
            "a: b\n\t\n",
            "a:\n  b\n\tc\n",
            "a: b\n  \tc\n",
            "[\ta]",
            "{\ta: 1}",
            "a: 1\r\nb: 2\r\n",
            "a: 1\rb: 2\r",
            "a: 'x\r\n y'\r\n",
            "a: |\r\n  x\r\n",
            "a\u{85}b: c\n",
            "a: b\u{2028}c\n",
            "a\u{2029}",
            "- a\u{85}- b",
            "\u{feff}a: 1\n",
            "\u{feff}a: 1\nb: 2\n",
            "\u{feff}",
            "a: \u{feff}1\n",
            "\u{feff}- a\n- b\n",
            "\u{feff}\u{feff}a",
            "# \u{feff}\na",
            "a: \u{1}\n",
            "\u{0}",
            "a\u{7f}",
            "\u{fffe}",
            "a: \u{9}\u{85}\u{a0}",
            "a: \u{e000}\u{fffd}\u{10000}",
            "a: \u{ffff}",
            "\u{1}a: [",
            "a: b\n\u{1}",
            // plain scalar oddities
            "a:b",
            "a :b",
            "a : b",
            "-a",
            "- a",
            "--a",
            "---a",
            "...a",
            "a...",
            "?a",
            "? a",
            ":a",
            ": a",
            "a?",
            "a:",
            "@a",
            "`a",
            "%a",
            "a%",
            "a@",
            "a,b",
            "[a,b]",
            "{a,b}",
            "a]b",
            "a}b",
            "a[b",
            "a{b",
            "a #b",
            "a#b #c",
            "a\n#b\nc",
            "a\n  #b\n  c",
            "- a\n  b\n",
            "- a\nb\n",
            "a\n- b",
            "a: b\n  c\n",
            "a: b\nc\n",
            "a: 'b'\n  c\n",
            "a: \"b\"c\n",
            "a: 'b' c\n",
            "k: a\n  - b\n",
            "a:\n  - b\n  c: d\n",
            "a:\n- b\nc: d\n",
            "- a: b\n - c\n",
            // lengths and limits
            &deep_seq,
            &deep_ok,
            &deep_map,
            &deep_block,
            &deep_flow,
            laughs,
            &long_key,
            &long_quoted_key,
            &big,
            &big_control,
            &big_control_early_error,
        ];
        check_all(&texts);
    }

    #[test]
    fn a_repetition_bomb_stops_quickly() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for n in 0..20 {
            let prev = if n == 0 { "a".to_string() } else { format!("a{}", n - 1) };
            text += &format!("a{n}: &a{n} [{}]\n", vec![format!("*{prev}"); 10].join(", "));
        }
        let started = std::time::Instant::now();
        let error = from_str(&text).expect_err("bomb");
        assert_eq!(error.to_string(), "repetition limit exceeded");
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        same(&text).unwrap();
    }

    #[test]
    fn deep_nesting_neither_overflows_nor_passes() {
        for text in ["[".repeat(3_000), "{a: ".repeat(3_000), "- ".repeat(10_000), "a:\n ".repeat(3_000)] {
            assert!(from_str(&text).is_err());
            same(&text).unwrap();
        }
        let text = "[".repeat(129) + &"]".repeat(129);
        assert_eq!(from_str(&text).unwrap_err().to_string(), "recursion limit exceeded at line 1 column 129");
    }

    #[test]
    fn errors_carry_serde_yaml_text_and_location() {
        let error = from_str("a: 1\n  b: 2\n").unwrap_err();
        assert_eq!(error.to_string(), "mapping values are not allowed in this context at line 2 column 4");
        assert_eq!(error.location().map(|l| (l.line(), l.column())), Some((2, 4)));
        let error = from_str("metadata:\n  name: a\n  name: b\n").unwrap_err();
        assert_eq!(error.to_string(), "metadata: duplicate entry with key \"name\" at line 2 column 3");
        same("a: \"x\\'y\"\n").unwrap();
    }

    /// Every node's path in a value (keys as `KeyProbe` reads them), and a few absent ones.
    fn paths(value: &Value, prefix: &mut Vec<Seg>, out: &mut Vec<(Vec<Seg>, bool)>) {
        out.push((prefix.clone(), false));
        match value {
            Value::Sequence(items) => {
                for (n, item) in items.iter().enumerate() {
                    prefix.push(Seg::Index(n));
                    paths(item, prefix, out);
                    prefix.pop();
                }
                prefix.push(Seg::Index(items.len()));
                out.push((prefix.clone(), false));
                prefix.pop();
            }
            Value::Mapping(entries) => {
                for (key, item) in entries {
                    let name = match key {
                        Value::String(text) => text.clone(),
                        Value::Bool(flag) => flag.to_string(),
                        Value::Number(n) => n.to_string(),
                        _ => continue,
                    };
                    prefix.push(Seg::Key(name));
                    out.push((prefix.clone(), true));
                    paths(item, prefix, out);
                    prefix.pop();
                }
                prefix.push(Seg::Key("absent".into()));
                out.push((prefix.clone(), true));
                prefix.pop();
            }
            Value::Tagged(tagged) => paths(&tagged.value, prefix, out),
            _ => {}
        }
    }

    #[test]
    fn node_positions_match_serde_yaml() {
        use crate::manifest::tree::{serde_position, NodeRef};
        let mut texts: Vec<String> = repository_files().iter().flat_map(|(_, text)| texts_of(text)).collect();
        texts.extend(
            [
                "a: &x {b: [1, 2]}\nc: *x\n",
                "? [k]\n: v\nk: 1\n",
                "1: a\ntrue: b\n0x10: c\n1.5: d\n~: e\n",
                "a: !t {b: 1}\nc: !t x\n",
                "- !!int 5\n- !!int x\n- 99999999999999999999\n",
                "a:\n  b: 1\n  b: 2\n",
                "*u: 1\n",
                "a: 1\nb: [\n",
                "&k a: 1\n*k : 2\n",
            ]
            .map(String::from),
        );
        let mut count = 0;
        for text in &texts {
            let value = from_str(text).or_else(|_| serde_yaml::from_str::<Value>(text.lines().next().unwrap_or("")));
            let mut out = Vec::new();
            paths(&value.unwrap_or(Value::Null), &mut Vec::new(), &mut out);
            out.push((vec![Seg::Key("b".into())], true));
            out.push((vec![Seg::Key("b".into()), Seg::Index(0)], false));
            out.push((vec![Seg::Key("a".into()), Seg::Key("b".into())], false));
            for (segments, key) in out {
                let node = NodeRef { segments, key };
                count += 1;
                assert_eq!(position(text, &node.segments, node.key), serde_position(text, &node), "{text:?} {node:?}");
            }
        }
        assert!(count > 5_000, "{count}");
    }
}
