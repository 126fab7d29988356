//! The safe Markdown subset of step texts and hints, and its placeholders.
//!
//! Allowed: paragraphs, `- ` and `1. ` lists, `### ` headings, `` `code` ``, `**strong**`,
//! `*emphasis*`. Not allowed: raw HTML, links, images and fenced code blocks. Every command or
//! manifest a text shows comes from a placeholder, so text and solution cannot drift:
//!
//! * `{{solution}}`: the step's solution commands, as a code block (alone on a line);
//! * `{{solution:N}}`, `{{inspect:N}}`, `{{try:N}}`: the Nth (from 1) solution, `inspect` or `try`
//!   command, inline or alone
//!   on a line as a code block;
//! * `{{file:NAME}}`: the lesson file NAME as a YAML code block (alone on a line).

use super::format::{Lesson, Step};

#[derive(Clone, Debug, PartialEq)]
pub enum Inline {
    Text(String),
    Code(String),
    Strong(String),
    Em(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Heading(Vec<Inline>),
    Paragraph(Vec<Inline>),
    List {
        ordered: bool,
        items: Vec<Vec<Inline>>,
    },
    /// `lang` is `shell` for commands, `yaml` for manifests.
    Code {
        lang: String,
        text: String,
    },
}

/// What placeholders may refer to.
pub struct Sources<'a> {
    pub lesson: &'a Lesson,
    pub step: Option<&'a Step>,
}

/// Words that start a command of the command language: inline code starting with one of these
/// must come from a placeholder.
const COMMAND_WORDS: &[&str] = &["kubectl ", "load ", "node ", "kill ", "sleep "];

/// Parses and renders `text`; errors list every rule broken (for `lesson verify`).
pub fn render(text: &str, sources: &Sources) -> Result<Vec<Block>, Vec<String>> {
    let mut errors = Vec::new();
    let mut blocks = Vec::new();
    let mut paragraph: Vec<String> = Vec::new();
    let mut list: Option<(bool, Vec<Vec<Inline>>)> = None;

    fn flush_paragraph(
        paragraph: &mut Vec<String>,
        blocks: &mut Vec<Block>,
        sources: &Sources,
        errors: &mut Vec<String>,
    ) {
        if !paragraph.is_empty() {
            let joined = join_lines(paragraph);
            blocks.push(Block::Paragraph(inlines(&joined, sources, errors)));
            paragraph.clear();
        }
    }
    fn flush_list(list: &mut Option<(bool, Vec<Vec<Inline>>)>, blocks: &mut Vec<Block>) {
        if let Some((ordered, items)) = list.take() {
            blocks.push(Block::List { ordered, items });
        }
    }

    for raw in text.lines() {
        let line = raw.trim();
        if line.starts_with("```") || line.starts_with("~~~") {
            errors.push("fenced code blocks are not allowed: show commands with {{solution}} / {{solution:N}} and manifests with {{file:NAME}}".into());
            continue;
        }
        if raw.starts_with("    ") && !line.is_empty() && paragraph.is_empty() && list.is_none() {
            errors.push(format!("indented code blocks are not allowed: {line:?}"));
            continue;
        }
        if line.is_empty() {
            flush_paragraph(&mut paragraph, &mut blocks, sources, &mut errors);
            flush_list(&mut list, &mut blocks);
            continue;
        }
        if let Some(block) = block_placeholder(line, sources, &mut errors) {
            flush_paragraph(&mut paragraph, &mut blocks, sources, &mut errors);
            flush_list(&mut list, &mut blocks);
            if let Some(block) = block {
                blocks.push(block);
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix("### ") {
            flush_paragraph(&mut paragraph, &mut blocks, sources, &mut errors);
            flush_list(&mut list, &mut blocks);
            blocks.push(Block::Heading(inlines(rest, sources, &mut errors)));
            continue;
        }
        if line.starts_with('#') {
            errors.push(format!("only ### headings are allowed: {line:?}"));
            continue;
        }
        let item = if let Some(rest) = line.strip_prefix("- ") {
            Some((false, rest))
        } else {
            let digits = line.chars().take_while(|c| c.is_ascii_digit()).count();
            (digits > 0 && line[digits..].starts_with(". ")).then(|| (true, &line[digits + 2..]))
        };
        if let Some((ordered, rest)) = item {
            flush_paragraph(&mut paragraph, &mut blocks, sources, &mut errors);
            match &mut list {
                Some((o, items)) if *o == ordered => items.push(inlines(rest, sources, &mut errors)),
                _ => {
                    flush_list(&mut list, &mut blocks);
                    list = Some((ordered, vec![inlines(rest, sources, &mut errors)]));
                }
            }
            continue;
        }
        if let Some((_, items)) = &mut list {
            // A continuation line of the last list item.
            if raw.starts_with("  ") {
                if let Some(last) = items.last_mut() {
                    if !line.starts_with(|c: char| !c.is_ascii()) {
                        last.push(Inline::Text(" ".into()));
                    }
                    last.extend(inlines(line, sources, &mut errors));
                }
                continue;
            }
            flush_list(&mut list, &mut blocks);
        }
        paragraph.push(line.to_string());
    }
    flush_paragraph(&mut paragraph, &mut blocks, sources, &mut errors);
    flush_list(&mut list, &mut blocks);
    if errors.is_empty() {
        Ok(blocks)
    } else {
        Err(errors)
    }
}

/// Joins the lines of a paragraph: with a space, except between Chinese text (which has none).
fn join_lines(lines: &[String]) -> String {
    let mut out = String::new();
    for line in lines {
        let cjk_joint = out.chars().last().is_some_and(|c| !c.is_ascii()) || line.starts_with(|c: char| !c.is_ascii());
        if !out.is_empty() && !cjk_joint {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// A line that is only a placeholder: `Some(block)` (or `Some(None)` after an error).
fn block_placeholder(line: &str, sources: &Sources, errors: &mut Vec<String>) -> Option<Option<Block>> {
    let inner = line.strip_prefix("{{")?.strip_suffix("}}")?;
    if inner.contains("{{") || inner.contains("}}") {
        return None;
    }
    let step_commands = |which: &str| -> Option<&Vec<String>> {
        let step = sources.step?;
        Some(if which == "solution" { &step.solution } else { &step.try_commands })
    };
    if inner == "solution" {
        return Some(match step_commands("solution") {
            Some(commands) if !commands.is_empty() => {
                Some(Block::Code { lang: "shell".into(), text: commands.join("\n") })
            }
            _ => {
                errors.push("{{solution}} needs a step with a solution".into());
                None
            }
        });
    }
    if let Some(name) = inner.strip_prefix("file:") {
        return Some(match sources.lesson.files.get(name) {
            Some(text) => Some(Block::Code { lang: "yaml".into(), text: text.trim_end().to_string() }),
            None => {
                errors.push(format!("{{{{file:{name}}}}}: the lesson has no file {name:?}"));
                None
            }
        });
    }
    if inner.starts_with("solution:") || inner.starts_with("try:") || inner.starts_with("inspect:") {
        return Some(
            command_placeholder(inner, sources, errors).map(|text| Block::Code { lang: "shell".into(), text }),
        );
    }
    None
}

fn command_placeholder(inner: &str, sources: &Sources, errors: &mut Vec<String>) -> Option<String> {
    let (which, n) = inner.split_once(':')?;
    let commands = match (which, sources.step) {
        ("solution", Some(step)) => &step.solution,
        ("try", Some(step)) => &step.try_commands,
        ("inspect", Some(step)) => &step.inspect,
        _ => {
            errors.push(format!("{{{{{inner}}}}}: unknown placeholder here"));
            return None;
        }
    };
    match n.parse::<usize>().ok().and_then(|n| n.checked_sub(1)).and_then(|i| commands.get(i)) {
        Some(command) => Some(command.clone()),
        None => {
            errors.push(format!("{{{{{inner}}}}}: the step has {} {which} command(s)", commands.len()));
            None
        }
    }
}

/// Parses inline markup of one paragraph or item.
fn inlines(text: &str, sources: &Sources, errors: &mut Vec<String>) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let flush = |plain: &mut String, out: &mut Vec<Inline>, errors: &mut Vec<String>| {
        if !plain.is_empty() {
            check_plain(plain, errors);
            out.push(Inline::Text(std::mem::take(plain)));
        }
    };
    while i < chars.len() {
        let rest: String = chars[i..].iter().collect();
        if rest.starts_with("{{") {
            if let Some(end) = rest.find("}}") {
                let inner = &rest[2..end];
                flush(&mut plain, &mut out, errors);
                if let Some(command) = command_placeholder(inner, sources, errors) {
                    out.push(Inline::Code(command));
                } else if !inner.starts_with("solution:")
                    && !inner.starts_with("try:")
                    && !inner.starts_with("inspect:")
                {
                    errors.push(format!("{{{{{inner}}}}} must stand alone on its line (or is unknown)"));
                }
                i += rest[..end + 2].chars().count();
                continue;
            }
        }
        let delimited = |delim: &str| -> Option<(String, usize)> {
            let body = rest.strip_prefix(delim)?;
            let end = body.find(delim)?;
            (end > 0).then(|| (body[..end].to_string(), delim.chars().count() * 2 + body[..end].chars().count()))
        };
        if let Some((code, len)) = delimited("`") {
            flush(&mut plain, &mut out, errors);
            if unsourced_command(&code, sources) {
                errors.push(format!(
                    "`{code}` looks like a command: put it in the step's solution or try list and use a placeholder"
                ));
            }
            out.push(Inline::Code(code));
            i += len;
            continue;
        }
        if let Some((strong, len)) = delimited("**") {
            flush(&mut plain, &mut out, errors);
            check_plain(&strong, errors);
            out.push(Inline::Strong(strong));
            i += len;
            continue;
        }
        if let Some((em, len)) = delimited("*") {
            flush(&mut plain, &mut out, errors);
            check_plain(&em, errors);
            out.push(Inline::Em(em));
            i += len;
            continue;
        }
        plain.push(chars[i]);
        i += 1;
    }
    flush(&mut plain, &mut out, errors);
    out
}

/// Inline code that is a complete command not taken from the step (a syntax template with
/// upper-case or Chinese placeholder words, such as `kubectl scale deployment NAME --replicas=N`,
/// is fine).
fn unsourced_command(code: &str, sources: &Sources) -> bool {
    if !COMMAND_WORDS.iter().any(|w| code.starts_with(w)) {
        return false;
    }
    let template = code
        // Any non-ASCII character is a word character here: such a word is a template word anyway
        // (and `char::is_alphanumeric` would link Unicode's tables into the web app).
        .split(|c: char| !(c.is_ascii_alphanumeric() || !c.is_ascii() || c == '_'))
        .any(|word| (!word.is_empty() && word.chars().all(|c| c.is_ascii_uppercase() || c == '_')) || !word.is_ascii());
    let from_step = sources
        .step
        .is_some_and(|step| step.solution.iter().chain(&step.try_commands).chain(&step.inspect).any(|c| c == code));
    !template && !from_step && matches!(crate::cmd::parse(code), Ok(Some(_)))
}

/// Raw HTML and links are not allowed outside code spans.
fn check_plain(text: &str, errors: &mut Vec<String>) {
    let bytes: Vec<char> = text.chars().collect();
    for (i, c) in bytes.iter().enumerate() {
        if *c == '<' && bytes.get(i + 1).is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')) {
            errors.push(format!("raw HTML is not allowed (put it in `code` if it is text): {text:?}"));
            return;
        }
    }
    if text.contains("](") || text.contains("![") {
        errors.push(format!("links and images are not allowed: {text:?}"));
    }
    if text.contains('`') {
        errors.push(format!("unbalanced `: {text:?}"));
    }
}

/// Plain text for a terminal: inline markup dropped, code blocks indented.
pub fn to_plain(blocks: &[Block]) -> String {
    let inline_text = |inlines: &[Inline]| -> String {
        inlines
            .iter()
            .map(|i| match i {
                Inline::Text(t) | Inline::Strong(t) | Inline::Em(t) => t.clone(),
                Inline::Code(c) => format!("`{c}`"),
            })
            .collect()
    };
    let mut out = Vec::new();
    for block in blocks {
        out.push(match block {
            Block::Heading(i) => inline_text(i).to_ascii_uppercase(),
            Block::Paragraph(i) => inline_text(i),
            Block::List { ordered, items } => items
                .iter()
                .enumerate()
                .map(|(n, item)| {
                    if *ordered {
                        format!("{}. {}", n + 1, inline_text(item))
                    } else {
                        format!("- {}", inline_text(item))
                    }
                })
                .collect::<Vec<_>>()
                .join("\n"),
            Block::Code { lang, text } => text
                .lines()
                .map(|l| if lang == "shell" { format!("    $ {l}") } else { format!("    {l}") })
                .collect::<Vec<_>>()
                .join("\n"),
        });
    }
    out.join("\n\n")
}
