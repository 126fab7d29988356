//! YAML syntax colouring for the editor: splits text into lines of classed spans. Pure and
//! line-oriented (it never fails, whatever is typed); the editor draws the spans in a `<pre>`
//! under a transparent textarea, so the spans must reproduce the text exactly.

/// What a span of YAML is; each maps to one CSS class (see static/app.css, `.y-*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// Indentation, spaces between tokens, plain text we do not colour.
    Plain,
    /// A mapping key (`image`, `"app"`).
    Key,
    /// `:` after a key, `-` of a list item, `|`/`>` block indicators, flow brackets.
    Punct,
    /// A quoted or plain string value, and the lines of a block scalar.
    Str,
    /// An integer or decimal number.
    Num,
    /// `true`, `false`, `null`, `~`.
    Literal,
    /// `# ...` to the end of the line.
    Comment,
    /// `---` and `...` between documents.
    Document,
}

impl Class {
    /// The CSS class of the span.
    pub fn css(self) -> &'static str {
        match self {
            Class::Plain => "y-plain",
            Class::Key => "y-key",
            Class::Punct => "y-punct",
            Class::Str => "y-str",
            Class::Num => "y-num",
            Class::Literal => "y-lit",
            Class::Comment => "y-comment",
            Class::Document => "y-doc",
        }
    }
}

/// One coloured piece of a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub class: Class,
    pub text: String,
}

/// The spans of every line of `text` (split at `\n`; a trailing newline gives a last, empty
/// line, as the textarea shows it). Concatenating a line's spans gives the line back.
pub fn highlight(text: &str) -> Vec<Vec<Span>> {
    let mut out = Vec::new();
    // Inside a block scalar (`|`, `>`): the indentation of the key that opened it; lines
    // indented deeper (or blank) belong to the scalar.
    let mut block_parent: Option<usize> = None;
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent) = block_parent {
            if line.trim().is_empty() || indent > parent {
                out.push(vec![span(Class::Str, line)]);
                continue;
            }
            block_parent = None;
        }
        let mut spans = Vec::new();
        if let Some(opens) = highlight_line(line, &mut spans) {
            block_parent = Some(opens);
        }
        out.push(merge(spans));
    }
    out
}

fn span(class: Class, text: &str) -> Span {
    Span { class, text: text.to_string() }
}

/// Joins neighbouring spans of the same class (fewer DOM nodes).
fn merge(spans: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans.into_iter().filter(|s| !s.text.is_empty()) {
        match out.last_mut() {
            Some(last) if last.class == s.class => last.text.push_str(&s.text),
            _ => out.push(s),
        }
    }
    out
}

/// Colours one line into `spans`; returns the indentation of the key when the line opens a
/// block scalar (`key: |`).
fn highlight_line(line: &str, spans: &mut Vec<Span>) -> Option<usize> {
    let trimmed = line.trim_start_matches(' ');
    let indent = line.len() - trimmed.len();
    spans.push(span(Class::Plain, &line[..indent]));
    if is_document_marker(trimmed) {
        let marker_len = 3;
        spans.push(span(Class::Document, &trimmed[..marker_len]));
        rest_of_line(&trimmed[marker_len..], spans);
        return None;
    }
    let mut rest = trimmed;
    let mut key_indent = indent;
    // List items: `- `, possibly several (`- - a`).
    while rest == "-" || rest.starts_with("- ") {
        spans.push(span(Class::Punct, "-"));
        let after = &rest[1..];
        let spaces = after.len() - after.trim_start_matches(' ').len();
        spans.push(span(Class::Plain, &after[..spaces]));
        key_indent = line.len() - after.len() + spaces;
        rest = &after[spaces..];
    }
    if let Some(key_end) = key_length(rest) {
        spans.push(span(Class::Key, &rest[..key_end]));
        spans.push(span(Class::Punct, ":"));
        rest = &rest[key_end + 1..];
        let spaces = rest.len() - rest.trim_start_matches(' ').len();
        spans.push(span(Class::Plain, &rest[..spaces]));
        rest = &rest[spaces..];
        if opens_block_scalar(rest) {
            rest_of_line(rest, spans);
            return Some(key_indent);
        }
    } else if opens_block_scalar(rest) {
        rest_of_line(rest, spans);
        return Some(indent);
    }
    value(rest, spans);
    None
}

fn is_document_marker(trimmed: &str) -> bool {
    ["---", "..."].iter().any(|m| trimmed == *m || trimmed.starts_with(&format!("{m} ")))
}

/// The byte length of a mapping key at the start of `text`: up to a `:` followed by a space
/// or the end, outside quotes and not in a comment.
fn key_length(text: &str) -> Option<usize> {
    if text.starts_with('#') || text.starts_with('{') || text.starts_with('[') {
        return None;
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    if let Some(&quote) = bytes.first().filter(|b| **b == b'"' || **b == b'\'') {
        i = 1;
        while i < bytes.len() && bytes[i] != quote {
            i += if bytes[i] == b'\\' && quote == b'"' { 2 } else { 1 };
        }
        i += 1;
        return (bytes.get(i) == Some(&b':') && matches!(bytes.get(i + 1), None | Some(b' '))).then_some(i);
    }
    while i < bytes.len() {
        match bytes[i] {
            b':' if matches!(bytes.get(i + 1), None | Some(b' ')) => return (i > 0).then_some(i),
            b'#' if i > 0 && bytes[i - 1] == b' ' => return None,
            _ => i += 1,
        }
    }
    None
}

/// `|`, `>`, with chomping/indent indicators, then nothing but a comment.
fn opens_block_scalar(text: &str) -> bool {
    let Some(after) = text.strip_prefix('|').or_else(|| text.strip_prefix('>')) else { return false };
    let after = after.trim_start_matches(['+', '-', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    after.trim().is_empty() || after.trim_start().starts_with('#')
}

/// Punctuation or block indicator, then spaces and an optional comment.
fn rest_of_line(text: &str, spans: &mut Vec<Span>) {
    let (code, comment) = split_comment(text);
    let body = code.trim_end();
    spans.push(span(if body.starts_with(['|', '>']) { Class::Punct } else { Class::Plain }, body));
    spans.push(span(Class::Plain, &code[body.len()..]));
    spans.push(span(Class::Comment, comment));
}

/// A scalar (or flow collection) value, then an optional comment.
fn value(text: &str, spans: &mut Vec<Span>) {
    let (code, comment) = split_comment(text);
    let body = code.trim_end();
    let class = match body {
        "" => Class::Plain,
        "true" | "false" | "True" | "False" | "TRUE" | "FALSE" | "null" | "Null" | "NULL" | "~" => Class::Literal,
        _ if body.starts_with(['{', '[']) => Class::Punct,
        _ if is_number(body) => Class::Num,
        _ => Class::Str,
    };
    if class == Class::Punct {
        flow(body, spans);
    } else {
        spans.push(span(class, body));
    }
    spans.push(span(Class::Plain, &code[body.len()..]));
    spans.push(span(Class::Comment, comment));
}

/// A flow collection (`{}`, `[80, 443]`, `{app: web}`): brackets and commas as punctuation,
/// the rest as strings.
fn flow(text: &str, spans: &mut Vec<Span>) {
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '{' | '}' | '[' | ']' | ',') {
            spans.push(span(Class::Str, &text[start..i]));
            spans.push(span(Class::Punct, &text[i..i + 1]));
            start = i + 1;
        }
    }
    spans.push(span(Class::Str, &text[start..]));
}

/// Splits `text` at a ` #` comment outside quotes (a `#` at the very start is a comment too).
fn split_comment(text: &str) -> (&str, &str) {
    let bytes = text.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == b'\\' && q == b'"' => i += 1,
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'#' && (i == 0 || bytes[i - 1] == b' ') => return (&text[..i], &text[i..]),
            None => {}
        }
        i += 1;
    }
    (text, "")
}

fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|c| *c == '.').count() <= 1
        && digits != "."
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The spans of one line as `class:text` pairs.
    fn classes(line: &str) -> Vec<String> {
        let lines = highlight(line);
        lines[0].iter().map(|s| format!("{}:{}", s.class.css().trim_start_matches("y-"), s.text)).collect()
    }

    #[test]
    fn keys_values_and_comments() {
        assert_eq!(
            classes("  replicas: 3  # three"),
            ["plain:  ", "key:replicas", "punct::", "plain: ", "num:3", "plain:  ", "comment:# three"]
        );
        assert_eq!(classes("image: nginx:1.27"), ["key:image", "punct::", "plain: ", "str:nginx:1.27"]);
        assert_eq!(classes("enabled: true"), ["key:enabled", "punct::", "plain: ", "lit:true"]);
        assert_eq!(classes("# a comment"), ["comment:# a comment"]);
        assert_eq!(classes("url: http://x/#frag"), ["key:url", "punct::", "plain: ", "str:http://x/#frag"]);
    }

    #[test]
    fn list_items_and_documents() {
        assert_eq!(
            classes("- image: busybox"),
            ["punct:-", "plain: ", "key:image", "punct::", "plain: ", "str:busybox"]
        );
        assert_eq!(classes("  - -c"), ["plain:  ", "punct:-", "plain: ", "str:-c"]);
        assert_eq!(classes("---"), ["doc:---"]);
        assert_eq!(classes("--- # next"), ["doc:---", "plain: ", "comment:# next"]);
        assert_eq!(classes("strategy: {}"), ["key:strategy", "punct::", "plain: ", "punct:{}"]);
        assert_eq!(
            classes("ports: [80, 443]"),
            ["key:ports", "punct::", "plain: ", "punct:[", "str:80", "punct:,", "str: 443", "punct:]"]
        );
    }

    #[test]
    fn quoted_keys_and_values() {
        assert_eq!(classes("\"a: b\": 'x # y'"), ["key:\"a: b\"", "punct::", "plain: ", "str:'x # y'"]);
    }

    #[test]
    fn block_scalars_colour_their_lines_as_strings() {
        let text = "args:\n- |\n  touch /tmp/healthy\n  sleep 30: x\nname: web\n";
        let lines = highlight(text);
        assert_eq!(lines.len(), 6);
        assert_eq!(lines[2], vec![span(Class::Str, "  touch /tmp/healthy")]);
        assert_eq!(lines[3], vec![span(Class::Str, "  sleep 30: x")]);
        assert_eq!(lines[4][0], span(Class::Key, "name"));
        assert!(lines[5].is_empty());
    }

    #[test]
    fn spans_reproduce_the_text_exactly() {
        let text = "apiVersion: v1\r\nkind: Pod # c\n  - - 'x'\n\tweird: [\n\"unterminated\n:\n- \n→ ünïcödé: 名字\nk: |+2\n   a\n";
        let rebuilt: Vec<String> =
            highlight(text).iter().map(|line| line.iter().map(|s| s.text.as_str()).collect()).collect();
        let expected: Vec<&str> = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
        assert_eq!(rebuilt, expected);
    }

    #[test]
    fn numbers() {
        for yes in ["3", "-1", "0.5", "+2"] {
            assert!(is_number(yes), "{yes}");
        }
        for no in ["", ".", "1.2.3", "100m", "1e3", "-"] {
            assert!(!is_number(no), "{no}");
        }
    }
}
