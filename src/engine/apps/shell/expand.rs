//! Word expansion: parameters (`$X`, `${X:-d}`, `$?`, `$1`), command substitution, arithmetic,
//! field splitting of unquoted results, and `*`/`?` globbing against the container file system.

use super::parse::{Part, Word};
use super::{command_substitution, commands, Ctx, ShellState, STRING_OVERHEAD};
use crate::sort::SmallSort;

/// Expands words into fields (the argv of a command). The fields count toward the
/// container's memory: an expansion that does not fit stops, with `ctx.oom` set.
pub(super) fn expand_words(words: &[Word], sh: &mut ShellState, ctx: &mut Ctx) -> Vec<String> {
    let mut fields = Vec::new();
    let mut size = 0;
    for word in words {
        expand_word(word, sh, ctx, &mut fields, &mut size);
        if ctx.oom {
            fields.clear();
            break;
        }
    }
    ctx.hold(size);
    fields
}

/// Expands one word without field splitting or globbing (assignments, redirect targets).
pub(super) fn expand_single(word: &Word, sh: &mut ShellState, ctx: &mut Ctx) -> String {
    let mut text = String::new();
    for part in &word.parts {
        let value = match part {
            Part::Lit { text: lit, .. } => lit.clone(),
            Part::Param { name, .. } => param(name, sh, ctx),
            Part::Subst { source, .. } => command_substitution(source, sh, ctx),
            Part::Arith { expr, .. } => arith_text(expr, sh, ctx),
        };
        if !ctx.room_for(sh, text.len() + value.len()) {
            return String::new();
        }
        text.push_str(&value);
    }
    ctx.hold(text.len());
    text
}

/// One field being built.
#[derive(Default)]
struct Field {
    text: String,
    /// Something (even an empty quoted string) was put in it.
    started: bool,
    /// It contains an unquoted `*` or `?` to glob.
    glob: bool,
}

/// `size` is the bytes of the fields expanded so far (text plus `STRING_OVERHEAD` each).
fn expand_word(word: &Word, sh: &mut ShellState, ctx: &mut Ctx, fields: &mut Vec<String>, size: &mut usize) {
    let mut done: Vec<Field> = Vec::new();
    let mut current = Field::default();
    for part in &word.parts {
        if ctx.oom {
            return;
        }
        let (value, quoted) = match part {
            Part::Lit { text, quoted } => {
                if !quoted && text.contains(['*', '?']) {
                    current.glob = true;
                }
                current.text.push_str(text);
                current.started |= *quoted || !text.is_empty();
                continue;
            }
            Part::Param { name, quoted: true } if name == "@" => {
                // "$@": one field per positional parameter.
                let bytes: usize = sh.params.iter().skip(1).map(|p| p.len() + STRING_OVERHEAD).sum();
                if !ctx.room_for(sh, *size + bytes) {
                    return;
                }
                *size += bytes;
                let params: Vec<String> = sh.params.iter().skip(1).cloned().collect();
                for (index, value) in params.iter().enumerate() {
                    if index > 0 {
                        done.push(std::mem::take(&mut current));
                    }
                    current.text.push_str(value);
                    current.started = true;
                }
                continue;
            }
            Part::Param { name, quoted } => (param(name, sh, ctx), *quoted),
            Part::Subst { source, quoted } => (command_substitution(source, sh, ctx), *quoted),
            Part::Arith { expr, quoted } => (arith_text(expr, sh, ctx), *quoted),
        };
        // Every split field costs its header too: count the worst case (one field per two
        // bytes) only when the text is big enough to matter.
        let fields_bound = if quoted || value.len() < 4096 { 1 } else { value.len() / 2 + 1 };
        if !ctx.room_for(sh, *size + value.len() + fields_bound * STRING_OVERHEAD) {
            return;
        }
        *size += value.len() + STRING_OVERHEAD;
        if quoted {
            current.text.push_str(&value);
            current.started = true;
            continue;
        }
        // Unquoted expansion results are split on blanks, byte by byte: work in proportion.
        ctx.ops = ctx.ops.saturating_add(value.len() as u64 / super::SCAN_BYTES_PER_UNIT);
        let starts_blank = value.starts_with([' ', '\t', '\n']);
        let ends_blank = value.ends_with([' ', '\t', '\n']);
        if starts_blank && current.started {
            done.push(std::mem::take(&mut current));
        }
        // One-character searches (memchr) first: a multi-character pattern walks the text
        // character by character, many times slower on a big value.
        let globby = value.contains('*') || value.contains('?');
        let pieces: Vec<&str> = if value.contains('\t') || value.contains('\n') {
            value.split([' ', '\t', '\n']).filter(|s| !s.is_empty()).collect()
        } else {
            value.split(' ').filter(|s| !s.is_empty()).collect()
        };
        let mut pieces = pieces.into_iter().peekable();
        while let Some(piece) = pieces.next() {
            if globby && piece.contains(['*', '?']) {
                current.glob = true;
            }
            current.text.push_str(piece);
            current.started = true;
            if pieces.peek().is_some() || ends_blank {
                *size += STRING_OVERHEAD;
                done.push(std::mem::take(&mut current));
            }
        }
    }
    if current.started {
        done.push(current);
    }
    for field in done {
        if field.glob {
            // Listing a directory walks the whole file system.
            let entries = ctx.fs.files.len() + ctx.fs.dirs.len();
            ctx.ops = ctx.ops.saturating_add(entries as u64 / 16 + field.text.len() as u64 / 16);
            let matches = glob(&field.text, &sh.cwd, ctx);
            *size += matches.iter().map(|m| m.len() + STRING_OVERHEAD).sum::<usize>();
            if !matches.is_empty() {
                fields.extend(matches);
                continue;
            }
        }
        fields.push(field.text);
    }
}

fn param(name: &str, sh: &mut ShellState, ctx: &mut Ctx) -> String {
    // ${#X}: length.
    if let Some(inner) = name.strip_prefix('#') {
        if !inner.is_empty() {
            return param(inner, sh, ctx).chars().count().to_string();
        }
    }
    // ${X:-default}, ${X-default}, ${X:=default}, ${X:+alt}.
    for op in [":-", ":=", ":+", "-", "=", "+"] {
        if let Some(pos) = name.find(op) {
            let (var, rest) = name.split_at(pos);
            if !(super::parse::is_name(var) || (var.len() == 1 && var.as_bytes()[0].is_ascii_digit())) {
                continue;
            }
            let word = &rest[op.len()..];
            let value = lookup(var, sh, ctx);
            let unset_or_empty =
                if op.starts_with(':') { value.as_deref().is_none_or(str::is_empty) } else { value.is_none() };
            return match op.trim_start_matches(':') {
                "-" => {
                    if unset_or_empty {
                        word.to_string()
                    } else {
                        value.unwrap_or_default()
                    }
                }
                "=" => {
                    if unset_or_empty {
                        sh.vars.insert(var.to_string(), word.to_string());
                        word.to_string()
                    } else {
                        value.unwrap_or_default()
                    }
                }
                _ => {
                    if unset_or_empty {
                        String::new()
                    } else {
                        word.to_string()
                    }
                }
            };
        }
    }
    lookup(name, sh, ctx).unwrap_or_default()
}

fn lookup(name: &str, sh: &mut ShellState, ctx: &mut Ctx) -> Option<String> {
    match name {
        "?" => Some(sh.status.to_string()),
        "$" => Some(sh.pid.max(1).to_string()),
        "!" => Some((sh.pid.max(1) + 1).to_string()),
        "#" => Some(sh.params.len().saturating_sub(1).to_string()),
        "@" | "*" => Some(sh.params.iter().skip(1).cloned().collect::<Vec<_>>().join(" ")),
        "PWD" => Some(sh.cwd.clone()),
        "RANDOM" => {
            // xorshift32: deterministic, different on each use.
            let mut x = sh.random.max(1);
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            sh.random = x;
            Some((x % 32768).to_string())
        }
        "SECONDS" => Some(ctx.now().whole_secs().to_string()),
        _ => {
            if let Ok(index) = name.parse::<usize>() {
                return sh.params.get(index).cloned();
            }
            sh.vars.get(name).cloned()
        }
    }
}

fn arith_text(expr: &str, sh: &mut ShellState, ctx: &mut Ctx) -> String {
    // Expand $X inside the expression first; bare names are read by `arith` itself.
    let word = Word { parts: lex_arith_parts(expr) };
    let expanded = expand_single(&word, sh, ctx);
    match arith(&expanded, sh) {
        Ok(value) => value.to_string(),
        Err(message) => {
            let (_, err) = sh.fds();
            let text = format!("{}arithmetic syntax error: {message}\n", sh.err_prefix(0));
            ctx.write(&err, &text);
            sh.status = 2;
            "0".into()
        }
    }
}

/// Splits an arithmetic expression into literal text and `$NAME` parameters.
fn lex_arith_parts(expr: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let chars: Vec<char> = expr.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '$' {
            let mut j = i + 1;
            let braced = chars.get(j) == Some(&'{');
            if braced {
                j += 1;
            }
            let start = j;
            while j < chars.len()
                && (chars[j] == '_' || chars[j].is_ascii_alphanumeric() || (j == start && "?#$".contains(chars[j])))
            {
                j += 1;
            }
            if j > start {
                parts.push(Part::Lit { text: std::mem::take(&mut literal), quoted: true });
                parts.push(Part::Param { name: chars[start..j].iter().collect(), quoted: true });
                i = if braced && chars.get(j) == Some(&'}') { j + 1 } else { j };
                continue;
            }
        }
        literal.push(chars[i]);
        i += 1;
    }
    parts.push(Part::Lit { text: literal, quoted: true });
    parts
}

/// Evaluates shell arithmetic: integers, variables, `+ - * / %`, comparisons, `&& || !`,
/// parentheses. Errors are messages for `arithmetic syntax error: ...`.
pub(super) fn arith(expr: &str, sh: &ShellState) -> Result<i64, String> {
    let tokens = arith_tokens(expr, sh)?;
    let mut parser = ArithParser { tokens, pos: 0, depth: 0 };
    let value = parser.expr(0)?;
    if parser.pos < parser.tokens.len() {
        return Err(expr.trim().to_string());
    }
    Ok(value)
}

#[derive(Clone, Debug, PartialEq)]
enum ArithTok {
    Num(i64),
    Op(&'static str),
}

fn arith_tokens(expr: &str, sh: &ShellState) -> Result<Vec<ArithTok>, String> {
    const OPS: [&str; 19] =
        ["<=", ">=", "==", "!=", "&&", "||", "<<", ">>", "+", "-", "*", "/", "%", "<", ">", "!", "(", ")", "~"];
    let mut tokens = Vec::new();
    let mut rest = expr.trim_start();
    while !rest.is_empty() {
        let first = rest.chars().next().unwrap_or(' ');
        if first.is_ascii_digit() {
            let end = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
            let digits = &rest[..end];
            let value = if let Some(hex) = digits.strip_prefix("0x") {
                i64::from_str_radix(hex, 16)
            } else {
                digits.parse::<i64>()
            };
            tokens.push(ArithTok::Num(value.map_err(|_| expr.trim().to_string())?));
            rest = &rest[end..];
        } else if first == '_' || first.is_ascii_alphabetic() {
            let end = rest.find(|c: char| !(c == '_' || c.is_ascii_alphanumeric())).unwrap_or(rest.len());
            let value = sh.vars.get(&rest[..end]).and_then(|v| v.trim().parse::<i64>().ok()).unwrap_or(0);
            tokens.push(ArithTok::Num(value));
            rest = &rest[end..];
        } else if let Some(op) = OPS.iter().find(|op| rest.starts_with(**op)) {
            tokens.push(ArithTok::Op(op));
            rest = &rest[op.len()..];
        } else {
            return Err(expr.trim().to_string());
        }
        rest = rest.trim_start();
    }
    Ok(tokens)
}

struct ArithParser {
    tokens: Vec<ArithTok>,
    pos: usize,
    depth: usize,
}

fn binding_power(op: &str) -> Option<u8> {
    Some(match op {
        "||" => 1,
        "&&" => 2,
        "==" | "!=" => 3,
        "<" | ">" | "<=" | ">=" => 4,
        "<<" | ">>" => 5,
        "+" | "-" => 6,
        "*" | "/" | "%" => 7,
        _ => return None,
    })
}

impl ArithParser {
    fn expr(&mut self, min_power: u8) -> Result<i64, String> {
        self.depth += 1;
        if self.depth > 200 {
            return Err("expression too deep".into());
        }
        let mut left = self.unary()?;
        while let Some(ArithTok::Op(op)) = self.tokens.get(self.pos).cloned() {
            let Some(power) = binding_power(op) else { break };
            if power <= min_power {
                break;
            }
            self.pos += 1;
            let right = self.expr(power)?;
            left = match op {
                "||" => i64::from(left != 0 || right != 0),
                "&&" => i64::from(left != 0 && right != 0),
                "==" => i64::from(left == right),
                "!=" => i64::from(left != right),
                "<" => i64::from(left < right),
                ">" => i64::from(left > right),
                "<=" => i64::from(left <= right),
                ">=" => i64::from(left >= right),
                "<<" => left.wrapping_shl((right & 63) as u32),
                ">>" => left.wrapping_shr((right & 63) as u32),
                "+" => left.wrapping_add(right),
                "-" => left.wrapping_sub(right),
                "*" => left.wrapping_mul(right),
                "/" | "%" => {
                    if right == 0 {
                        return Err("divide by zero".into());
                    }
                    if op == "/" {
                        left.wrapping_div(right)
                    } else {
                        left.wrapping_rem(right)
                    }
                }
                _ => left,
            };
        }
        self.depth -= 1;
        Ok(left)
    }

    fn unary(&mut self) -> Result<i64, String> {
        self.depth += 1;
        if self.depth > 200 {
            return Err("expression too deep".into());
        }
        let value = self.unary_inner();
        self.depth -= 1;
        value
    }

    fn unary_inner(&mut self) -> Result<i64, String> {
        let token = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        match token {
            Some(ArithTok::Num(value)) => Ok(value),
            Some(ArithTok::Op("-")) => Ok(self.unary()?.wrapping_neg()),
            Some(ArithTok::Op("+")) => self.unary(),
            Some(ArithTok::Op("!")) => Ok(i64::from(self.unary()? == 0)),
            Some(ArithTok::Op("~")) => Ok(!self.unary()?),
            Some(ArithTok::Op("(")) => {
                let value = self.expr(0)?;
                match self.tokens.get(self.pos) {
                    Some(ArithTok::Op(")")) => {
                        self.pos += 1;
                        Ok(value)
                    }
                    _ => Err("missing )".into()),
                }
            }
            _ => Err("syntax error".into()),
        }
    }
}

/// Expands a glob pattern whose wildcards are in the last path component.
fn glob(pattern: &str, cwd: &str, ctx: &Ctx) -> Vec<String> {
    let (dir_part, name_pattern) = match pattern.rfind('/') {
        Some(pos) => (&pattern[..=pos], &pattern[pos + 1..]),
        None => ("", pattern),
    };
    if dir_part.contains(['*', '?']) {
        return Vec::new();
    }
    let dir = commands::resolve(cwd, if dir_part.is_empty() { "." } else { dir_part });
    let mut matches: Vec<String> = commands::list_dir(ctx.fs, &dir)
        .into_iter()
        .filter(|name| !name.starts_with('.') || name_pattern.starts_with('.'))
        .filter(|name| wildcard_match(name_pattern, name))
        .map(|name| format!("{dir_part}{name}"))
        .collect();
    matches.sort_small();
    matches
}

/// `*` and `?` matching (no character classes).
pub(super) fn wildcard_match(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == '?' || pattern[p] == text[t]) {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == '*' {
            star = Some((p, t));
            p += 1;
        } else if let Some((sp, st)) = star {
            p = sp + 1;
            t = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    while p < pattern.len() && pattern[p] == '*' {
        p += 1;
    }
    p == pattern.len()
}
