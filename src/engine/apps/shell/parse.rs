//! Shell syntax: a tokenizer and a recursive-descent parser for the POSIX subset that container
//! commands use (lists, `&&`/`||`, pipes, redirects, `while`/`until`/`if`/`for`, groups, quoting
//! and `$` expansions). Error texts follow busybox ash.

/// One piece of a word, before expansion.
#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    /// Literal text; `quoted` text is never word-split.
    Lit { text: String, quoted: bool },
    /// `$name`, `${name}`, `$?`, `$1`, `${name:-default}`.
    Param { name: String, quoted: bool },
    /// `$(...)` or `` `...` ``: the source text of the command.
    Subst { source: String, quoted: bool },
    /// `$((...))`: the expression text.
    Arith { expr: String, quoted: bool },
}

/// A shell word: the concatenation of its parts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Word {
    pub parts: Vec<Part>,
}

/// What a redirect does with its file descriptor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RedirOp {
    /// `>`: truncate and write.
    Out,
    /// `>>`: append.
    Append,
    /// `<`: read.
    In,
    /// `>&N`: duplicate another descriptor.
    Dup,
    /// `&>` (bash): stdout and stderr to a file.
    Both,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Redirect {
    pub fd: u8,
    pub op: RedirOp,
    pub target: Word,
}

/// A simple command: `A=1 cmd arg >file`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Simple {
    pub assigns: Vec<(String, Word)>,
    pub words: Vec<Word>,
    pub redirects: Vec<Redirect>,
    /// Line of the script the command starts on (for dash/bash error texts).
    pub line: u32,
}

/// The syntax tree of a script.
#[derive(Clone, Debug, PartialEq)]
pub enum Cmd {
    Simple(Simple),
    Pipeline {
        negate: bool,
        stages: Vec<Cmd>,
    },
    /// `first && a || b`: `true` in `rest` means `&&`.
    AndOr {
        first: Box<Cmd>,
        rest: Vec<(bool, Cmd)>,
    },
    List(Vec<Cmd>),
    Background(Box<Cmd>),
    While {
        until: bool,
        cond: Box<Cmd>,
        body: Box<Cmd>,
    },
    If {
        branches: Vec<(Cmd, Cmd)>,
        otherwise: Option<Box<Cmd>>,
    },
    For {
        var: String,
        items: Option<Vec<Word>>,
        body: Box<Cmd>,
    },
    Group(Box<Cmd>),
    Subshell(Box<Cmd>),
    Redirected {
        cmd: Box<Cmd>,
        redirects: Vec<Redirect>,
    },
}

/// Parses a whole script. The error is the text after `sh: `, e.g.
/// `syntax error: unexpected "done"`.
pub fn parse_script(source: &str) -> Result<Cmd, String> {
    let tokens = tokenize(source)?;
    let mut parser = Parser { tokens, pos: 0, depth: 0 };
    let list = parser.list(&[])?;
    match parser.peek() {
        None => Ok(list),
        Some(tok) => Err(unexpected(tok)),
    }
}

impl Word {
    /// A word made of one unquoted literal.
    pub fn literal(text: &str) -> Word {
        Word { parts: vec![Part::Lit { text: text.to_string(), quoted: false }] }
    }
    /// A word made of one quoted literal (no splitting, no globbing).
    pub fn quoted(text: &str) -> Word {
        Word { parts: vec![Part::Lit { text: text.to_string(), quoted: true }] }
    }
    /// The text of a word that is a single unquoted literal (reserved words, names).
    pub fn plain(&self) -> Option<&str> {
        match self.parts.as_slice() {
            [Part::Lit { text, quoted: false }] => Some(text),
            _ => None,
        }
    }
    /// The source-like text of the word, for `ps` and error messages.
    pub fn display(&self) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Lit { text, .. } => out.push_str(text),
                Part::Param { name, .. } => {
                    out.push_str("${");
                    out.push_str(name);
                    out.push('}');
                }
                Part::Subst { source, .. } => {
                    out.push_str("$(");
                    out.push_str(source);
                    out.push(')');
                }
                Part::Arith { expr, .. } => {
                    out.push_str("$((");
                    out.push_str(expr);
                    out.push_str("))");
                }
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Tokenizer

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Word(Word, u32),
    /// `;`, `&`, `&&`, `||`, `|`, `(`, `)`, `;;`, newline (as "\n").
    Op(&'static str, u32),
    Redir(u8, RedirOp, u32),
}

/// Deepest nesting of parentheses/compound commands accepted, so that hostile input cannot
/// exhaust the stack.
const MAX_DEPTH: usize = 64;

fn is_meta(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | ';' | '&' | '|' | '<' | '>' | '(' | ')')
}

fn tokenize(source: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = source.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let mut line: u32 = 1;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' | '\r' => i += 1,
            '\n' => {
                tokens.push(Tok::Op("\n", line));
                line += 1;
                i += 1;
            }
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            ';' => {
                if chars.get(i + 1) == Some(&';') {
                    tokens.push(Tok::Op(";;", line));
                    i += 2;
                } else {
                    tokens.push(Tok::Op(";", line));
                    i += 1;
                }
            }
            '&' => match chars.get(i + 1) {
                Some('&') => {
                    tokens.push(Tok::Op("&&", line));
                    i += 2;
                }
                Some('>') => {
                    tokens.push(Tok::Redir(1, RedirOp::Both, line));
                    i += 2;
                }
                _ => {
                    tokens.push(Tok::Op("&", line));
                    i += 1;
                }
            },
            '|' => {
                if chars.get(i + 1) == Some(&'|') {
                    tokens.push(Tok::Op("||", line));
                    i += 2;
                } else {
                    tokens.push(Tok::Op("|", line));
                    i += 1;
                }
            }
            '(' => {
                tokens.push(Tok::Op("(", line));
                i += 1;
            }
            ')' => {
                tokens.push(Tok::Op(")", line));
                i += 1;
            }
            '<' | '>' => {
                let (tok, used) = redirect_op(&chars[i..], None, line);
                tokens.push(tok);
                i += used;
            }
            _ => {
                let start_line = line;
                let (word, next) = lex_word(&chars, i, &mut line)?;
                i = next;
                // `2>file`: a lone digit glued to a redirect operator is a descriptor number.
                if let (Some(text), Some('<' | '>')) = (word.plain(), chars.get(i)) {
                    if text.len() == 1 && text.as_bytes()[0].is_ascii_digit() {
                        let fd = text.as_bytes()[0] - b'0';
                        let (tok, used) = redirect_op(&chars[i..], Some(fd), line);
                        tokens.push(tok);
                        i += used;
                        continue;
                    }
                }
                tokens.push(Tok::Word(word, start_line));
            }
        }
    }
    Ok(tokens)
}

/// Reads a redirect operator at the start of `chars`; returns the token and chars used.
fn redirect_op(chars: &[char], fd: Option<u8>, line: u32) -> (Tok, usize) {
    let first = chars.first().copied().unwrap_or('>');
    let second = chars.get(1).copied();
    if first == '<' {
        if second == Some('&') {
            return (Tok::Redir(fd.unwrap_or(0), RedirOp::Dup, line), 2);
        }
        return (Tok::Redir(fd.unwrap_or(0), RedirOp::In, line), 1);
    }
    match second {
        Some('>') => (Tok::Redir(fd.unwrap_or(1), RedirOp::Append, line), 2),
        Some('&') => (Tok::Redir(fd.unwrap_or(1), RedirOp::Dup, line), 2),
        Some('|') => (Tok::Redir(fd.unwrap_or(1), RedirOp::Out, line), 2),
        _ => (Tok::Redir(fd.unwrap_or(1), RedirOp::Out, line), 1),
    }
}

fn push_lit(parts: &mut Vec<Part>, c: char, quoted: bool) {
    if let Some(Part::Lit { text, quoted: q }) = parts.last_mut() {
        if *q == quoted {
            text.push(c);
            return;
        }
    }
    parts.push(Part::Lit { text: c.to_string(), quoted });
}

const UNTERMINATED: &str = "syntax error: unterminated quoted string";

/// Lexes one word starting at `i`; returns it and the index after it.
fn lex_word(chars: &[char], mut i: usize, line: &mut u32) -> Result<(Word, usize), String> {
    let mut parts: Vec<Part> = Vec::new();
    while i < chars.len() && !is_meta(chars[i]) {
        let c = chars[i];
        match c {
            '\'' => {
                i += 1;
                let start = i;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                if i >= chars.len() {
                    return Err(UNTERMINATED.into());
                }
                let text: String = chars[start..i].iter().collect();
                *line += text.matches('\n').count() as u32;
                parts.push(Part::Lit { text, quoted: true });
                i += 1;
            }
            '"' => {
                i += 1;
                // An empty "" still makes a (possibly empty) field.
                parts.push(Part::Lit { text: String::new(), quoted: true });
                loop {
                    let Some(&d) = chars.get(i) else {
                        return Err(UNTERMINATED.into());
                    };
                    match d {
                        '"' => {
                            i += 1;
                            break;
                        }
                        '\\' => {
                            match chars.get(i + 1) {
                                Some(&e @ ('$' | '`' | '"' | '\\')) => push_lit(&mut parts, e, true),
                                Some('\n') => *line += 1,
                                Some(&e) => {
                                    push_lit(&mut parts, '\\', true);
                                    push_lit(&mut parts, e, true);
                                }
                                None => return Err(UNTERMINATED.into()),
                            }
                            i += 2;
                        }
                        '$' => i = lex_dollar(chars, i, true, &mut parts)?,
                        '`' => i = lex_backtick(chars, i, true, &mut parts)?,
                        _ => {
                            if d == '\n' {
                                *line += 1;
                            }
                            push_lit(&mut parts, d, true);
                            i += 1;
                        }
                    }
                }
            }
            '\\' => {
                match chars.get(i + 1) {
                    Some('\n') => *line += 1,
                    Some(&e) => push_lit(&mut parts, e, true),
                    None => push_lit(&mut parts, '\\', false),
                }
                i += 2;
            }
            '$' => i = lex_dollar(chars, i, false, &mut parts)?,
            '`' => i = lex_backtick(chars, i, false, &mut parts)?,
            _ => {
                push_lit(&mut parts, c, false);
                i += 1;
            }
        }
    }
    Ok((Word { parts }, i.min(chars.len())))
}

/// Lexes a `$` expansion at `i`; returns the index after it.
fn lex_dollar(chars: &[char], i: usize, quoted: bool, parts: &mut Vec<Part>) -> Result<usize, String> {
    let next = chars.get(i + 1).copied();
    match next {
        Some('(') => {
            if chars.get(i + 2) == Some(&'(') {
                // $(( expr )): find the matching "))".
                let end = matching_paren(chars, i + 2).ok_or_else(|| "syntax error: unterminated $((".to_string())?;
                if chars.get(end + 1) == Some(&')') {
                    let expr: String = chars[i + 3..end].iter().collect();
                    parts.push(Part::Arith { expr, quoted });
                    return Ok(end + 2);
                }
            }
            let end = matching_paren(chars, i + 1).ok_or_else(|| "syntax error: unterminated $(".to_string())?;
            let source: String = chars[i + 2..end].iter().collect();
            parts.push(Part::Subst { source, quoted });
            Ok(end + 1)
        }
        Some('{') => {
            let mut j = i + 2;
            while j < chars.len() && chars[j] != '}' {
                j += 1;
            }
            if j >= chars.len() {
                return Err("syntax error: unterminated ${".into());
            }
            let name: String = chars[i + 2..j].iter().collect();
            parts.push(Part::Param { name, quoted });
            Ok(j + 1)
        }
        Some(c) if c == '?' || c == '$' || c == '#' || c == '!' || c == '@' || c == '*' || c.is_ascii_digit() => {
            parts.push(Part::Param { name: c.to_string(), quoted });
            Ok(i + 2)
        }
        Some(c) if c == '_' || c.is_ascii_alphabetic() => {
            let mut j = i + 1;
            while j < chars.len() && (chars[j] == '_' || chars[j].is_ascii_alphanumeric()) {
                j += 1;
            }
            let name: String = chars[i + 1..j].iter().collect();
            parts.push(Part::Param { name, quoted });
            Ok(j)
        }
        _ => {
            push_lit(parts, '$', quoted);
            Ok(i + 1)
        }
    }
}

fn lex_backtick(chars: &[char], i: usize, quoted: bool, parts: &mut Vec<Part>) -> Result<usize, String> {
    let mut j = i + 1;
    let mut source = String::new();
    while j < chars.len() && chars[j] != '`' {
        if chars[j] == '\\' && matches!(chars.get(j + 1), Some('`' | '\\' | '$')) {
            j += 1;
        }
        if let Some(&c) = chars.get(j) {
            source.push(c);
        }
        j += 1;
    }
    if j >= chars.len() {
        return Err(UNTERMINATED.into());
    }
    parts.push(Part::Subst { source, quoted });
    Ok(j + 1)
}

/// Index of the `)` matching the `(` at `open`, skipping quoted text.
fn matching_paren(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut j = open;
    while j < chars.len() {
        match chars[j] {
            '(' => depth += 1,
            ')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(j);
                }
            }
            '\'' => {
                j += 1;
                while j < chars.len() && chars[j] != '\'' {
                    j += 1;
                }
            }
            '"' => {
                j += 1;
                while j < chars.len() && chars[j] != '"' {
                    if chars[j] == '\\' {
                        j += 1;
                    }
                    j += 1;
                }
            }
            '\\' => j += 1,
            _ => {}
        }
        j += 1;
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Parser

struct Parser {
    tokens: Vec<Tok>,
    pos: usize,
    depth: usize,
}

fn tok_text(tok: &Tok) -> String {
    match tok {
        Tok::Word(w, _) => w.display(),
        Tok::Op("\n", _) => "newline".into(),
        Tok::Op(op, _) => (*op).into(),
        Tok::Redir(_, RedirOp::Out, _) => ">".into(),
        Tok::Redir(_, RedirOp::Append, _) => ">>".into(),
        Tok::Redir(_, RedirOp::In, _) => "<".into(),
        Tok::Redir(_, RedirOp::Dup, _) => ">&".into(),
        Tok::Redir(_, RedirOp::Both, _) => "&>".into(),
    }
}

fn unexpected(tok: &Tok) -> String {
    format!("syntax error: unexpected \"{}\"", tok_text(tok))
}

fn eof_expecting(what: &str) -> String {
    format!("syntax error: unexpected end of file (expecting \"{what}\")")
}

const RESERVED_ENDS: &[&str] = &["do", "done", "then", "elif", "else", "fi", "}", "esac"];

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos)
    }

    fn peek_reserved(&self) -> Option<&str> {
        match self.peek() {
            Some(Tok::Word(w, _)) => w.plain(),
            _ => None,
        }
    }

    fn peek_op(&self) -> Option<&'static str> {
        match self.peek() {
            Some(Tok::Op(op, _)) => Some(op),
            _ => None,
        }
    }

    fn skip_newlines(&mut self) {
        while self.peek_op() == Some("\n") {
            self.pos += 1;
        }
    }

    fn enter(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("syntax error: nesting too deep".into());
        }
        Ok(())
    }

    /// A list of and-or items up to one of `ends` (a reserved word), `)` or end of input.
    fn list(&mut self, ends: &[&str]) -> Result<Cmd, String> {
        self.enter()?;
        let mut items = Vec::new();
        loop {
            self.skip_newlines();
            match self.peek() {
                None => break,
                Some(Tok::Op(")", _)) | Some(Tok::Op(";;", _)) => break,
                Some(Tok::Word(w, _)) if w.plain().is_some_and(|s| ends.contains(&s)) => break,
                _ => {}
            }
            let item = self.and_or()?;
            match self.peek_op() {
                Some(";") | Some("\n") => {
                    self.pos += 1;
                    items.push(item);
                }
                Some("&") => {
                    self.pos += 1;
                    items.push(Cmd::Background(Box::new(item)));
                }
                _ => {
                    items.push(item);
                    break;
                }
            }
        }
        self.depth -= 1;
        Ok(if items.len() == 1 { items.pop().unwrap_or(Cmd::List(Vec::new())) } else { Cmd::List(items) })
    }

    /// A list that must not be empty, ended by the reserved word `end` (consumed).
    fn body(&mut self, ends: &[&str], start_word: &str) -> Result<Cmd, String> {
        let list = self.list(ends)?;
        if matches!(&list, Cmd::List(items) if items.is_empty()) {
            return Err(match self.peek() {
                Some(tok) => unexpected(tok),
                None => eof_expecting(start_word),
            });
        }
        Ok(list)
    }

    fn expect_word(&mut self, word: &str) -> Result<(), String> {
        match self.peek() {
            Some(Tok::Word(w, _)) if w.plain() == Some(word) => {
                self.pos += 1;
                Ok(())
            }
            Some(tok) => Err(unexpected(tok)),
            None => Err(eof_expecting(word)),
        }
    }

    fn and_or(&mut self) -> Result<Cmd, String> {
        let first = self.pipeline()?;
        let mut rest = Vec::new();
        while let Some(op @ ("&&" | "||")) = self.peek_op() {
            self.pos += 1;
            self.skip_newlines();
            rest.push((op == "&&", self.pipeline()?));
        }
        Ok(if rest.is_empty() { first } else { Cmd::AndOr { first: Box::new(first), rest } })
    }

    fn pipeline(&mut self) -> Result<Cmd, String> {
        let mut negate = false;
        if self.peek_reserved() == Some("!") {
            self.pos += 1;
            negate = true;
        }
        let mut stages = vec![self.command()?];
        while self.peek_op() == Some("|") {
            self.pos += 1;
            self.skip_newlines();
            stages.push(self.command()?);
        }
        Ok(if stages.len() == 1 && !negate {
            stages.pop().unwrap_or(Cmd::List(Vec::new()))
        } else {
            Cmd::Pipeline { negate, stages }
        })
    }

    fn command(&mut self) -> Result<Cmd, String> {
        self.enter()?;
        let cmd = match self.peek() {
            None => return Err("syntax error: unexpected end of file".into()),
            Some(Tok::Op("(", _)) => {
                self.pos += 1;
                let inner = self.list(&[])?;
                match self.peek() {
                    Some(Tok::Op(")", _)) => self.pos += 1,
                    Some(tok) => return Err(unexpected(tok)),
                    None => return Err(eof_expecting(")")),
                }
                self.with_redirects(Cmd::Subshell(Box::new(inner)))?
            }
            Some(tok @ Tok::Op(..)) => return Err(unexpected(tok)),
            Some(Tok::Word(w, _)) => match w.plain() {
                Some("while") | Some("until") => {
                    let until = w.plain() == Some("until");
                    self.pos += 1;
                    let cond = self.body(&["do"], "do")?;
                    self.expect_word("do")?;
                    let body = self.body(&["done"], "done")?;
                    self.expect_word("done")?;
                    self.with_redirects(Cmd::While { until, cond: Box::new(cond), body: Box::new(body) })?
                }
                Some("if") => {
                    self.pos += 1;
                    let mut branches = Vec::new();
                    let mut otherwise = None;
                    loop {
                        let cond = self.body(&["then"], "then")?;
                        self.expect_word("then")?;
                        let then = self.body(&["elif", "else", "fi"], "fi")?;
                        branches.push((cond, then));
                        match self.peek_reserved() {
                            Some("elif") => self.pos += 1,
                            Some("else") => {
                                self.pos += 1;
                                otherwise = Some(Box::new(self.body(&["fi"], "fi")?));
                                self.expect_word("fi")?;
                                break;
                            }
                            _ => {
                                self.expect_word("fi")?;
                                break;
                            }
                        }
                    }
                    self.with_redirects(Cmd::If { branches, otherwise })?
                }
                Some("for") => {
                    self.pos += 1;
                    let var = match self.peek() {
                        Some(Tok::Word(w, _)) if w.plain().is_some_and(is_name) => w.plain().unwrap_or("").to_string(),
                        Some(tok) => return Err(unexpected(tok)),
                        None => return Err(eof_expecting("do")),
                    };
                    self.pos += 1;
                    self.skip_newlines();
                    let mut items = None;
                    if self.peek_reserved() == Some("in") {
                        self.pos += 1;
                        let mut words = Vec::new();
                        while let Some(Tok::Word(w, _)) = self.peek() {
                            words.push(w.clone());
                            self.pos += 1;
                        }
                        items = Some(words);
                    }
                    if matches!(self.peek_op(), Some(";") | Some("\n")) {
                        self.pos += 1;
                    }
                    self.skip_newlines();
                    self.expect_word("do")?;
                    let body = self.body(&["done"], "done")?;
                    self.expect_word("done")?;
                    self.with_redirects(Cmd::For { var, items, body: Box::new(body) })?
                }
                Some("{") => {
                    self.pos += 1;
                    let inner = self.body(&["}"], "}")?;
                    self.expect_word("}")?;
                    self.with_redirects(Cmd::Group(Box::new(inner)))?
                }
                Some(s) if RESERVED_ENDS.contains(&s) => return Err(unexpected(&Tok::Word(w.clone(), 0))),
                _ => self.simple()?,
            },
            Some(Tok::Redir(..)) => self.simple()?,
        };
        self.depth -= 1;
        Ok(cmd)
    }

    fn redirect(&mut self) -> Result<Option<Redirect>, String> {
        let Some(Tok::Redir(fd, op, _)) = self.peek().cloned() else {
            return Ok(None);
        };
        self.pos += 1;
        match self.peek() {
            Some(Tok::Word(w, _)) => {
                let target = w.clone();
                self.pos += 1;
                Ok(Some(Redirect { fd, op, target }))
            }
            Some(tok) => Err(unexpected(tok)),
            None => Err("syntax error: unexpected newline".into()),
        }
    }

    fn with_redirects(&mut self, cmd: Cmd) -> Result<Cmd, String> {
        let mut redirects = Vec::new();
        while let Some(r) = self.redirect()? {
            redirects.push(r);
        }
        Ok(if redirects.is_empty() { cmd } else { Cmd::Redirected { cmd: Box::new(cmd), redirects } })
    }

    fn simple(&mut self) -> Result<Cmd, String> {
        let mut simple = Simple::default();
        if let Some(Tok::Word(_, line) | Tok::Redir(_, _, line) | Tok::Op(_, line)) = self.peek() {
            simple.line = *line;
        }
        loop {
            if let Some(r) = self.redirect()? {
                simple.redirects.push(r);
                continue;
            }
            match self.peek() {
                Some(Tok::Word(w, _)) => {
                    let w = w.clone();
                    self.pos += 1;
                    if simple.words.is_empty() {
                        if let Some((name, value)) = split_assignment(&w) {
                            simple.assigns.push((name, value));
                            continue;
                        }
                    }
                    simple.words.push(w);
                }
                Some(Tok::Op("(", _)) if simple.words.len() == 1 => {
                    return Err("syntax error: functions are not supported by kubeplay's shell".into());
                }
                _ => break,
            }
        }
        Ok(Cmd::Simple(simple))
    }
}

/// `NAME=value` at the start of a simple command (the name must be unquoted).
fn split_assignment(word: &Word) -> Option<(String, Word)> {
    let Some(Part::Lit { text, quoted: false }) = word.parts.first() else {
        return None;
    };
    let eq = text.find('=')?;
    let name = &text[..eq];
    if !is_name(name) {
        return None;
    }
    let mut parts = word.parts.clone();
    let rest = text[eq + 1..].to_string();
    if rest.is_empty() {
        parts.remove(0);
    } else {
        parts[0] = Part::Lit { text: rest, quoted: false };
    }
    Some((name.to_string(), Word { parts }))
}

/// A valid variable name.
pub fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_err(input: &str, expected: &str) {
        assert_eq!(parse_script(input).err().as_deref(), Some(expected), "input: {input}");
    }

    fn words(cmd: &Cmd) -> Vec<String> {
        match cmd {
            Cmd::Simple(s) => s.words.iter().map(Word::display).collect(),
            _ => panic!("not simple: {cmd:?}"),
        }
    }

    #[test]
    fn parses_the_exec_liveness_script() {
        let cmd = parse_script("touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600").unwrap();
        let Cmd::List(items) = cmd else { panic!() };
        assert_eq!(items.len(), 4);
        assert_eq!(words(&items[2]), vec!["rm", "-f", "/tmp/healthy"]);
    }

    #[test]
    fn quoting() {
        let cmd = parse_script(r#"echo 'a b' "c $X" d\ e"#).unwrap();
        let Cmd::Simple(s) = cmd else { panic!() };
        assert_eq!(s.words.len(), 4);
        assert_eq!(s.words[1].parts, vec![Part::Lit { text: "a b".into(), quoted: true }]);
        assert_eq!(s.words[3].display(), "d e");
    }

    #[test]
    fn redirects_and_assignments() {
        let cmd = parse_script("X=1 echo hi >> /tmp/log 2>&1").unwrap();
        let Cmd::Simple(s) = cmd else { panic!() };
        assert_eq!(s.assigns.len(), 1);
        assert_eq!(s.redirects.len(), 2);
        assert_eq!(s.redirects[0].op, RedirOp::Append);
        assert_eq!(s.redirects[1].fd, 2);
        assert_eq!(s.redirects[1].op, RedirOp::Dup);
    }

    #[test]
    fn syntax_errors() {
        check_err("echo 'oops", "syntax error: unterminated quoted string");
        check_err("while true; do done", "syntax error: unexpected \"done\"");
        check_err("while true; do echo", "syntax error: unexpected end of file (expecting \"done\")");
        check_err("if true; then echo x", "syntax error: unexpected end of file (expecting \"fi\")");
        check_err("; echo", "syntax error: unexpected \";\"");
        check_err("done", "syntax error: unexpected \"done\"");
        check_err(&"(".repeat(500), "syntax error: nesting too deep");
    }

    #[test]
    fn compound_commands() {
        assert!(matches!(parse_script("while true; do sleep 1; done").unwrap(), Cmd::While { until: false, .. }));
        assert!(matches!(parse_script("for i in 1 2 3; do echo $i; done").unwrap(), Cmd::For { .. }));
        assert!(matches!(parse_script("if [ -f x ]; then a; elif b; then c; else d; fi").unwrap(), Cmd::If { .. }));
        assert!(matches!(parse_script("a && b || c").unwrap(), Cmd::AndOr { .. }));
        assert!(matches!(parse_script("ps | grep x").unwrap(), Cmd::Pipeline { .. }));
        assert!(matches!(parse_script("sleep 600 &").unwrap(), Cmd::Background(_)));
    }
}
