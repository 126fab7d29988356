//! Text to `Command`: finds the verb in `VERBS` (or explains why there is none: unknown,
//! misspelt, playground verb after `kubectl`, not simulated), then hands the words to `Args` and
//! the verb's parse function. Pure: no cluster, no IO, and no panics on any input.

use super::args::{is_close, suggestions, tokenize, unknown_flag_error, Args, Token, Verb};
use super::verbs::{verb_first_words, VERBS};
use super::{Command, ParseError, ParseErrorKind};

/// Parses one command line. `Ok(None)` for a blank line or a comment.
/// `watch [-n SECONDS] [-d] kubectl get ...` (procps `watch`, as seed 000 types it). kubeplay
/// shows it as `kubectl get --watch`: the table once, then a row each time an object changes
/// (scenarios, the web console); the REPL prints the state at that moment. Only `get` can be
/// watched.
fn parse_watch(line: &str, tokens: &[Token]) -> Result<Option<Command>, ParseError> {
    let mut idx = 1;
    while let Some(token) = tokens.get(idx) {
        let text = token.text.as_str();
        if text == "-n" || text == "--interval" {
            idx += 2;
        } else if text.starts_with("--interval=")
            || (text.starts_with("-n") && text.len() > 2)
            || matches!(text, "-d" | "--differences" | "-t" | "--no-title" | "-c" | "--color")
        {
            idx += 1;
        } else {
            break;
        }
    }
    let Some(first) = tokens.get(idx) else {
        let what = "`watch` without a command".to_string();
        let hint = Some("type `watch -n 1 kubectl get pods`".to_string());
        return Err(ParseError::new(line, None, ParseErrorKind::NotSimulated { what, hint }));
    };
    let inner = &line[first.span.0..];
    match parse(inner)? {
        Some(mut get @ Command::Get { .. }) => {
            if let Command::Get { watch, .. } = &mut get {
                *watch = true;
            }
            Ok(Some(get))
        }
        _ => {
            let what = format!("`watch {inner}`");
            let hint = Some("kubeplay's `watch` repeats `kubectl get` (as `kubectl get --watch`)".to_string());
            Err(ParseError::new(line, Some(first.span), ParseErrorKind::NotSimulated { what, hint }))
        }
    }
}

pub fn parse(line: &str) -> Result<Option<Command>, ParseError> {
    let tokens = tokenize(line)?;
    if tokens.is_empty() {
        return Ok(None);
    }
    if tokens[0].text == "watch" {
        return parse_watch(line, &tokens);
    }
    let kubectl = matches!(tokens[0].text.as_str(), "kubectl" | "k");
    let mut idx = usize::from(kubectl);
    let mut global_namespace = None;
    if kubectl {
        // kubectl's root flags may come before the verb: `kubectl -n kube-system get pods`.
        while let Some(token) = tokens.get(idx) {
            let text = token.text.as_str();
            if !text.starts_with('-') || text == "-" {
                break;
            }
            if text == "-h" || text == "--help" {
                return Ok(Some(Command::Help { topic: None }));
            }
            let inline = text
                .strip_prefix("--namespace=")
                .or_else(|| text.strip_prefix("-n="))
                .or_else(|| text.strip_prefix("-n").filter(|rest| !rest.is_empty()));
            if let Some(value) = inline {
                global_namespace = Some(value.to_string());
                idx += 1;
            } else if text == "-n" || text == "--namespace" {
                let Some(value) = tokens.get(idx + 1) else {
                    let what = if text == "-n" { "'n' in -n".to_string() } else { text.to_string() };
                    return Err(ParseError::new(line, Some(token.span), ParseErrorKind::FlagNeedsArgument(what)));
                };
                global_namespace = Some(value.text.clone());
                idx += 2;
            } else {
                return Err(unknown_flag_error(line, token));
            }
        }
        if idx >= tokens.len() {
            return Ok(Some(Command::Help { topic: None }));
        }
    }
    let words = &tokens[idx..];
    if let [create, ingress, ..] = words {
        if create.text == "create" && matches!(ingress.text.as_str(), "ingress" | "ing") {
            let what = "Ingress (`kubectl create ingress`)".to_string();
            let hint = Some(
                "kubeplay has no Ingress controller; traffic reaches pods through a Service: `kubectl create service clusterip NAME --tcp=PORT:TARGET`, then `load curl NAME` or `load ab -c 50 -n 10000 NAME`"
                    .to_string(),
            );
            return Err(ParseError::new(line, Some(ingress.span), ParseErrorKind::NotSimulated { what, hint }));
        }
    }
    let Some((verb, n_words)) = find_verb(words) else {
        // A bare group (`kubectl rollout`, `load`) prints its help, as kubectl does.
        let first = words[0].text.as_str();
        let is_group = VERBS.iter().any(|verb| verb.name.split(' ').next() == Some(first) && verb.name.contains(' '));
        let wants_help = words.get(1).is_none_or(|word| word.text == "-h" || word.text == "--help");
        if is_group && wants_help && (!kubectl || group_is_kubectl(first)) {
            return Ok(Some(Command::Help { topic: Some(first.to_string()) }));
        }
        return Err(unknown_verb(line, kubectl, words));
    };
    if kubectl && !verb.kubectl {
        let first = &words[0];
        return Err(ParseError::new(line, Some(first.span), ParseErrorKind::NotKubectl { verb: first.text.clone() }));
    }
    // `create deploymnet`: a word after a verb that has sub-verbs is a mistyped sub-verb, so say
    // so before its flags are judged against the parent's.
    let prefix = format!("{} ", verb.name);
    let has_children = VERBS.iter().any(|other| other.name.starts_with(&prefix));
    if let Some(next) = words.get(n_words).filter(|next| has_children && !next.text.starts_with('-')) {
        let mut candidates: Vec<&str> = Vec::new();
        for other in VERBS.iter().filter(|other| other.name.starts_with(&prefix)) {
            if let Some(sub) = other.name[prefix.len()..].split(' ').next() {
                if !candidates.contains(&sub) {
                    candidates.push(sub);
                }
            }
        }
        let kind = ParseErrorKind::UnknownCommand {
            name: next.text.clone(),
            parent: format!("kubectl {}", verb.name),
            suggestions: suggestions(&next.text, candidates),
        };
        return Err(ParseError::new(line, Some(next.span), kind));
    }
    let args = Args::parse(line, verb, &words[n_words..], global_namespace)?;
    if args.help {
        return Ok(Some(Command::Help { topic: Some(verb.name.to_string()) }));
    }
    (verb.parse)(&args).map(Some)
}

/// Kubectl verbs and resource types that exist in a real cluster but not in kubeplay, so that
/// they get an honest "not simulated" instead of "unknown".
static NOT_SIMULATED_VERBS: &[(&str, Option<&str>)] = &[
    (
        "run",
        Some(
            "create a Deployment with 'kubectl create deployment', and send traffic with 'load start SERVICE --rps N'",
        ),
    ),
    ("expose", Some("use 'kubectl create service clusterip NAME --tcp=PORT:TARGET'")),
    ("port-forward", Some("send requests to a Service with 'load curl SERVICE'")),
    ("edit", Some("edit the YAML and 'kubectl apply -f' it, or use 'kubectl patch'")),
    ("label", Some("edit the YAML and 'kubectl apply -f' it")),
    ("annotate", Some("edit the YAML and 'kubectl apply -f' it")),
    ("replace", Some("use 'kubectl apply -f'")),
    ("taint", None),
    ("cp", None),
    ("attach", None),
    ("debug", None),
    ("proxy", None),
    ("explain", None),
    ("diff", None),
    ("config", None),
    ("cluster-info", None),
    ("version", None),
    ("api-versions", None),
    ("auth", None),
    ("certificate", None),
    ("kustomize", None),
    ("plugin", None),
    ("completion", None),
    ("events", Some("use 'kubectl get events'")),
];

/// The longest verb name or alias that matches the leading words.
fn find_verb(words: &[Token]) -> Option<(&'static Verb, usize)> {
    let mut best: Option<(&'static Verb, usize)> = None;
    for verb in VERBS {
        for spelling in std::iter::once(&verb.name).chain(verb.aliases) {
            let parts: Vec<&str> = spelling.split(' ').collect();
            let matches = parts.len() <= words.len() && parts.iter().zip(words).all(|(part, word)| *part == word.text);
            if matches && best.is_none_or(|(_, n_best)| parts.len() > n_best) {
                best = Some((verb, parts.len()));
            }
        }
    }
    best
}

/// The error (or help) for words that match no verb.
fn unknown_verb(input: &str, kubectl: bool, words: &[Token]) -> ParseError {
    // `find_verb` only fails on a non-empty slice, but stay total.
    let Some(first) = words.first() else {
        return ParseError::new(input, None, ParseErrorKind::Usage("empty command".to_string()));
    };
    let name = first.text.as_str();
    if let Some((_, hint)) = NOT_SIMULATED_VERBS.iter().find(|(verb, _)| *verb == name) {
        let what = format!("'kubectl {name}'");
        let kind = ParseErrorKind::NotSimulated { what, hint: hint.map(str::to_string) };
        return ParseError::new(input, Some(first.span), kind);
    }
    if name == "watch" {
        let kind = ParseErrorKind::NotSimulated {
            what: "'watch'".to_string(),
            hint: Some("use 'kubectl get pods -w' to follow changes".to_string()),
        };
        return ParseError::new(input, Some(first.span), kind);
    }
    // A group such as `rollout` or `load` with a missing or unknown subcommand.
    let group_members: Vec<&'static Verb> =
        VERBS.iter().filter(|verb| verb.name.split(' ').next() == Some(name) && verb.name.contains(' ')).collect();
    if let Some(member) = group_members.first() {
        if kubectl && !member.kubectl {
            return ParseError::new(input, Some(first.span), ParseErrorKind::NotKubectl { verb: name.to_string() });
        }
        let parent = if member.kubectl { format!("kubectl {name}") } else { name.to_string() };
        let sub = words.get(1);
        let sub_names: Vec<&str> = group_members.iter().filter_map(|verb| verb.name.split(' ').nth(1)).collect();
        // Aliases count as candidates too (`pods` for `top pod`), but suggest the verb's name.
        let mut spellings: Vec<(&str, &str)> = Vec::new();
        for verb in &group_members {
            let canonical = verb.name.split(' ').nth(1).unwrap_or("");
            for spelling in std::iter::once(&verb.name).chain(verb.aliases) {
                if let Some(sub) = spelling.split(' ').nth(1) {
                    spellings.push((sub, canonical));
                }
            }
        }
        let (sub_text, span) = match sub {
            Some(sub) => (sub.text.clone(), Some(sub.span)),
            None => (String::new(), Some(first.span)),
        };
        if sub_text.is_empty() || sub_text.starts_with('-') {
            let message = format!("{parent:?} needs one of: {}", sub_names.join(", "));
            return ParseError::new(input, span, ParseErrorKind::Usage(message));
        }
        let mut suggested: Vec<String> = Vec::new();
        for (spelling, canonical) in spellings {
            if is_close(&sub_text, spelling) && !suggested.iter().any(|seen| seen == canonical) {
                suggested.push(canonical.to_string());
            }
        }
        let suggestions = suggested;
        return ParseError::new(input, span, ParseErrorKind::UnknownCommand { name: sub_text, parent, suggestions });
    }
    let candidates = verb_first_words(kubectl);
    let suggestions = suggestions(name, candidates.iter().copied());
    let parent = if kubectl { "kubectl".to_string() } else { String::new() };
    ParseError::new(
        input,
        Some(first.span),
        ParseErrorKind::UnknownCommand { name: name.to_string(), parent, suggestions },
    )
}

fn group_is_kubectl(group: &str) -> bool {
    VERBS.iter().any(|verb| verb.kubectl && verb.name.split(' ').next() == Some(group))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_error(input: &str, expected: &str) {
        let error = parse(input).expect_err(input);
        assert_eq!(error.to_string(), expected, "input: {input}");
    }

    #[test]
    fn unknown_commands() {
        check_error("kubectl foo", "error: unknown command \"foo\" for \"kubectl\"\nRun 'kubectl --help' for usage.");
        check_error(
            "kubectl gte pods",
            "error: unknown command \"gte\" for \"kubectl\"\n\nDid you mean this?\n\tget\n\nRun 'kubectl --help' for usage.",
        );
        check_error("frobnicate", "error: unknown command \"frobnicate\"\nRun 'help' for a list of commands.");
        check_error(
            "slep 5s",
            "error: unknown command \"slep\"\n\nDid you mean this?\n\tsleep\n\nRun 'help' for a list of commands.",
        );
        check_error(
            "kubectl sleep 5s",
            "error: unknown command \"sleep\" for \"kubectl\"\n'sleep' is a kubeplay command, not a kubectl one: run it without 'kubectl'",
        );
        check_error(
            "kubectl rollout stauts deploy/web",
            "error: unknown command \"stauts\" for \"kubectl rollout\"\n\nDid you mean this?\n\tstatus\n\nRun 'kubectl rollout --help' for usage.",
        );
        check_error(
            "load bogus web",
            "error: unknown command \"bogus\" for \"load\"\n\nDid you mean this?\n\tlogs\n\nRun 'help load' for usage.",
        );
        check_error("load xyzzy web", "error: unknown command \"xyzzy\" for \"load\"\nRun 'help load' for usage.");
        check_error(
            "kubectl run x --image=nginx",
            "error: 'kubectl run' is not simulated by kubeplay; create a Deployment with 'kubectl create deployment', and send traffic with 'load start SERVICE --rps N'",
        );
        check_error("kubectl --bogus get pods", "error: unknown flag: --bogus");
    }

    /// Every prefix and suffix of every example, and thousands of random lines built from
    /// command words, flags and awkward characters, must parse or fail without panicking.
    #[test]
    fn never_panics() {
        let mut lines: Vec<String> = Vec::new();
        for verb in VERBS {
            for example in verb.examples {
                for (pos, _) in example.char_indices() {
                    lines.push(example[..pos].to_string());
                    lines.push(example[pos..].to_string());
                }
            }
        }
        let pieces = [
            "kubectl",
            "k",
            "get",
            "pods",
            "deploy/web",
            "rollout",
            "status",
            "create",
            "deployment",
            "service",
            "clusterip",
            "top",
            "node",
            "load",
            "ab",
            "start",
            "stop",
            "curl",
            "help",
            "sleep",
            "kill",
            "exec",
            "--",
            "-",
            "-o",
            "-oyaml",
            "-o=",
            "--output=",
            "-it",
            "-n",
            "-c",
            "-p",
            "-h",
            "--help",
            "--replicas",
            "=",
            "--for",
            "condition=",
            "jsonpath={",
            "}",
            "'",
            "\"",
            "\\",
            "#",
            "/",
            ",",
            "%",
            "é",
            "日本",
            "\u{0}",
            "\t",
            "\n",
            "-1",
            "99999999999999999999",
            "0",
            "1h",
            "30d",
            "--type=json",
            "-p='[",
            "{",
            "]'",
            "--tcp=:",
            "*=",
            "all",
            "--watch=",
            "-A",
            "--cpu=",
            "--cpu-percent",
            "--max",
            "--min=",
            "--dry-run",
            "--grace-period",
            "--now",
            "--force",
            "--oom",
            "--exit-code",
            "--rps",
            "--every",
            "delete",
            "patch",
        ];
        let mut rng = crate::engine::rng::SimRng::new(7);
        for _ in 0..6_000 {
            let n_pieces = rng.below(8);
            let mut line = String::new();
            for _ in 0..n_pieces {
                line.push_str(pieces[rng.below(pieces.len() as u32) as usize]);
                if rng.below(3) > 0 {
                    line.push(' ');
                }
            }
            lines.push(line);
        }
        for _ in 0..1_000 {
            let line: String = (0..rng.below(24)).filter_map(|_| char::from_u32(rng.below(0x3000))).collect();
            lines.push(line);
        }
        for line in &lines {
            let result = std::panic::catch_unwind(|| parse(line));
            assert!(result.is_ok(), "panicked on {line:?}");
            if let Ok(Err(error)) = result {
                // Display must not panic either, and spans must be valid byte ranges of the input.
                let _ = error.to_string();
                if let Some((start, end)) = error.span {
                    assert!(start <= end && end <= line.len(), "{line:?}: span {start}..{end}");
                }
            }
        }
    }

    #[test]
    fn blank_and_comment_lines() {
        assert_eq!(parse(""), Ok(None));
        assert_eq!(parse("   \t "), Ok(None));
        assert_eq!(parse("# kubectl get pods"), Ok(None));
    }

    #[test]
    fn kubectl_alone_and_root_flags() {
        assert_eq!(parse("kubectl"), Ok(Some(Command::Help { topic: None })));
        assert_eq!(parse("k --help"), Ok(Some(Command::Help { topic: None })));
        assert_eq!(parse("kubectl get --help"), Ok(Some(Command::Help { topic: Some("get".into()) })));
        assert_eq!(parse("rollout status -h"), Ok(Some(Command::Help { topic: Some("rollout status".into()) })));
        let Ok(Some(Command::Get { namespace, .. })) = parse("kubectl -n kube-system get pods") else { panic!() };
        assert_eq!(namespace.as_deref(), Some("kube-system"));
        let Ok(Some(Command::Get { namespace, .. })) = parse("kubectl --namespace=x get pods -n y") else { panic!() };
        assert_eq!(namespace.as_deref(), Some("y"));
        check_error("kubectl -n", "error: flag needs an argument: 'n' in -n");
    }
}
