//! Tab completion for the console, as kubectl's shell completion does it: verbs, resource
//! types, object names and flags. Fed by the verb table (`cmd::VERBS`: names, aliases, usage
//! lines and flags), so a new verb completes without touching this file. Pure: the names of
//! the objects come in a `Names` the caller fills from the cluster.

use crate::cmd::{FlagKind, ResourceKind, Verb, VERBS};
use crate::sort::SmallSort;

/// The objects that exist, by kind, for completing names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Names {
    pub pods: Vec<String>,
    pub deployments: Vec<String>,
    pub replicasets: Vec<String>,
    pub services: Vec<String>,
    pub nodes: Vec<String>,
    pub hpas: Vec<String>,
    /// Files `apply -f` can read (the editor's buffers).
    pub files: Vec<String>,
}

impl Names {
    fn of(&self, kind: ResourceKind) -> &[String] {
        match kind {
            ResourceKind::Pod => &self.pods,
            ResourceKind::Deployment => &self.deployments,
            ResourceKind::ReplicaSet => &self.replicasets,
            ResourceKind::Service | ResourceKind::Endpoints | ResourceKind::EndpointSlice => &self.services,
            ResourceKind::Node => &self.nodes,
            ResourceKind::HorizontalPodAutoscaler => &self.hpas,
            ResourceKind::Event => &[],
        }
    }
}

/// What pressing Tab does to a line: replace `line[from..]` by `insert`; when several words
/// fit, `candidates` lists them (the console prints them, as a shell does).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completion {
    pub from: usize,
    pub insert: String,
    pub candidates: Vec<String>,
}

impl Completion {
    /// The line after the completion.
    pub fn apply(&self, line: &str) -> String {
        format!("{}{}", &line[..self.from.min(line.len())], self.insert)
    }
}

/// Completes the last word of `line` (the caret is at its end). `None` when nothing fits.
pub fn complete(line: &str, names: &Names) -> Option<Completion> {
    let word_start = line.rfind(char::is_whitespace).map_or(0, |i| i + 1);
    let current = &line[word_start..];
    let mut before: Vec<&str> = line[..word_start].split_whitespace().collect();
    // After `--` the words belong to the container's command.
    if before.contains(&"--") {
        return None;
    }
    let kubectl = matches!(before.first(), Some(&"kubectl") | Some(&"k"));
    if kubectl {
        before.remove(0);
    }
    let (candidates, from) = match find_verb(&before, kubectl) {
        Some((verb, used)) => arguments(verb, &before[used..], current, names, word_start),
        None => (verb_words(&before, current, kubectl, line.is_empty()), word_start),
    };
    finish(line, from, candidates)
}

/// The verb whose whole name (or an alias) starts `words`, the longest first, and how many
/// words it took.
fn find_verb(words: &[&str], kubectl: bool) -> Option<(&'static Verb, usize)> {
    let mut best: Option<(&'static Verb, usize)> = None;
    for verb in VERBS.iter().filter(|v| v.kubectl || !kubectl) {
        for name in std::iter::once(&verb.name).chain(verb.aliases.iter()) {
            let parts: Vec<&str> = name.split(' ').collect();
            if words.len() >= parts.len() && words[..parts.len()] == parts[..] && best.is_none_or(|b| parts.len() > b.1)
            {
                best = Some((verb, parts.len()));
            }
        }
    }
    best
}

/// The next word of a verb name: `ro` completes to `rollout`, `rollout s` to `status`.
fn verb_words(before: &[&str], current: &str, kubectl: bool, empty_line: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for verb in VERBS.iter().filter(|v| v.kubectl || !kubectl) {
        let parts: Vec<&str> = verb.name.split(' ').collect();
        if parts.len() > before.len() && parts[..before.len()] == *before && parts[before.len()].starts_with(current) {
            push_unique(&mut out, parts[before.len()]);
        }
    }
    // On an empty line offer only `kubectl`: the learner mostly types kubectl commands.
    if before.is_empty() && !kubectl && "kubectl".starts_with(current) {
        out.insert(0, "kubectl".to_string());
        if empty_line {
            out.truncate(1);
        }
    }
    if before.is_empty() && !kubectl {
        for word in ["clear", "exit"] {
            if word.starts_with(current) && !current.is_empty() {
                push_unique(&mut out, word);
            }
        }
    }
    out
}

fn push_unique(out: &mut Vec<String>, word: &str) {
    if !out.iter().any(|w| w == word) {
        out.push(word.to_string());
    }
}

/// Completes a flag, a flag's value or a positional argument of `verb`. Returns the
/// candidates and where the replaced text starts.
fn arguments(
    verb: &'static Verb,
    args: &[&str],
    current: &str,
    names: &Names,
    word_start: usize,
) -> (Vec<String>, usize) {
    // `--output=ya`: complete the value after the `=`.
    if let Some((flag, value)) = current.split_once('=').filter(|(f, _)| f.starts_with('-')) {
        let from = word_start + flag.len() + 1;
        let values = flag_values(flag, names, args);
        return (values.into_iter().filter(|v| v.starts_with(value)).collect(), from);
    }
    if current.starts_with('-') {
        return (flags(verb, current), word_start);
    }
    // The word after a flag that takes a value is that value.
    if let Some(last) = args.last().filter(|a| a.starts_with('-') && !a.contains('=')) {
        if flag_kind(verb, last) == Some(FlagKind::Value) {
            let values = flag_values(last, names, args);
            return (values.into_iter().filter(|v| v.starts_with(current)).collect(), word_start);
        }
    }
    let positional = positionals(verb, args);
    let slots = usage_slots(verb);
    let slot = match slots.get(positional.len()) {
        Some(slot) => slot.clone(),
        None => match slots.last() {
            Some(last) if last.ends_with("...") => last.clone(),
            _ => return (Vec::new(), word_start),
        },
    };
    positional_values(&slot, &positional, current, names, word_start)
}

/// The non-flag words typed after the verb (skipping the values of value flags).
fn positionals<'a>(verb: &Verb, args: &[&'a str]) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut skip_next = false;
    for arg in args {
        if skip_next {
            skip_next = false;
        } else if arg.starts_with('-') && arg.len() > 1 {
            skip_next = !arg.contains('=') && flag_kind(verb, arg) == Some(FlagKind::Value);
        } else {
            out.push(*arg);
        }
    }
    out
}

/// The positional placeholders of the verb's first usage line: `get TYPE[,TYPE...] [NAME...]`
/// gives `["TYPE[,TYPE...]", "NAME..."]`.
fn usage_slots(verb: &Verb) -> Vec<String> {
    let first = verb.usage.lines().next().unwrap_or("");
    let after_verb = first.strip_prefix("kubectl ").unwrap_or(first).strip_prefix(verb.name).unwrap_or("");
    let mut slots = Vec::new();
    for word in after_verb.split_whitespace() {
        let word = word.trim_start_matches('[').trim_end_matches(']');
        if word == "--" {
            break;
        }
        if word.starts_with('-') || word == "flags" || word == "|" {
            continue;
        }
        slots.push(word.to_string());
    }
    slots
}

/// Candidates for one positional placeholder.
fn positional_values(
    slot: &str,
    positional: &[&str],
    current: &str,
    names: &Names,
    word_start: usize,
) -> (Vec<String>, usize) {
    let filter = |list: Vec<String>| list.into_iter().filter(|v| v.starts_with(current)).collect::<Vec<_>>();
    let base = slot.trim_end_matches("...");
    // `TYPE/NAME` typed in one word: complete the name after the slash.
    if base.starts_with("TYPE") || base.contains('/') {
        if let Some((kind_word, name)) = current.split_once('/') {
            let from = word_start + kind_word.len() + 1;
            let list = ResourceKind::from_arg(kind_word).map(|k| names.of(k).to_vec()).unwrap_or_default();
            return (list.into_iter().filter(|v| v.starts_with(name)).collect(), from);
        }
    }
    let list = match base {
        s if s.starts_with("TYPE") => {
            // `get pods,deploy`: complete the part after the last comma.
            if let Some(comma) = current.rfind(',') {
                let from = word_start + comma + 1;
                let part = &current[comma + 1..];
                return (resource_types(part), from);
            }
            return (resource_types(current), word_start);
        }
        "NAME" => {
            let kind = positional.first().and_then(|t| ResourceKind::from_arg(t.split(',').next().unwrap_or(t)));
            kind.map(|k| names.of(k).to_vec()).unwrap_or_default()
        }
        "POD" => names.pods.clone(),
        "NODE" => names.nodes.clone(),
        "SERVICE" => names.services.clone(),
        "FILE" => names.files.clone(),
        s if s.starts_with("deployment/") => names.deployments.iter().map(|n| format!("deployment/{n}")).collect(),
        s if s.contains('|') => s.split('|').map(str::to_string).collect(),
        _ => Vec::new(),
    };
    (filter(list), word_start)
}

/// Resource type words starting with `prefix`: the plural names, and a short name only when
/// it is what was typed so far.
fn resource_types(prefix: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for kind in ResourceKind::ALL {
        if kind.plural().starts_with(prefix) {
            push_unique(&mut out, kind.plural());
        }
    }
    if "all".starts_with(prefix) && !prefix.is_empty() {
        push_unique(&mut out, "all");
    }
    if out.is_empty() {
        for kind in ResourceKind::ALL {
            if kind.short_names().iter().any(|s| s.starts_with(prefix)) {
                push_unique(&mut out, kind.plural());
            }
        }
    }
    out.sort_small();
    out
}

/// `--long` flags of the verb (and the global `--namespace`), as `--name` or `--name=` for
/// flags that take a value.
fn flags(verb: &Verb, current: &str) -> Vec<String> {
    let mut out = Vec::new();
    for flag in verb.flags {
        let word = match flag.kind {
            FlagKind::Bool => format!("--{}", flag.long),
            FlagKind::Value | FlagKind::OptValue(_) => format!("--{}=", flag.long),
        };
        if word.starts_with(current) {
            out.push(word);
        }
        if let Some(short) = flag.short {
            let short = format!("-{short}");
            if current == short {
                out.push(short);
            }
        }
    }
    out
}

/// How `flag` (`-o`, `--output`, `--replicas=3`) takes its value, if the verb has it.
fn flag_kind(verb: &Verb, flag: &str) -> Option<FlagKind> {
    let name = flag.split('=').next().unwrap_or(flag);
    verb.flags
        .iter()
        .find(|f| match name.strip_prefix("--") {
            Some(long) => f.long == long,
            None => name.strip_prefix('-').is_some_and(|s| s.chars().eq(f.short)),
        })
        .map(|f| f.kind)
}

/// Values we know for a flag: output formats, container names are unknown here (none).
fn flag_values(flag: &str, names: &Names, args: &[&str]) -> Vec<String> {
    match flag {
        "-o" | "--output" => ["wide", "yaml", "json", "name"].map(str::to_string).to_vec(),
        "-f" | "--filename" => names.files.clone(),
        "--dry-run" => vec!["client".to_string()],
        "--type" if args.first() != Some(&"service") => ["json", "merge", "strategic"].map(str::to_string).to_vec(),
        _ => Vec::new(),
    }
}

/// One candidate: the whole word and a space (unless it ends in `/` or `=`, where more
/// follows); several: their longest common prefix, and the list.
fn finish(line: &str, from: usize, mut candidates: Vec<String>) -> Option<Completion> {
    candidates.dedup();
    match candidates.as_slice() {
        [] => None,
        [only] => {
            let open = only.ends_with('/') || only.ends_with('=');
            let insert = if open { only.clone() } else { format!("{only} ") };
            Some(Completion { from, insert, candidates: Vec::new() })
        }
        many => {
            let typed = &line[from.min(line.len())..];
            let prefix = common_prefix(many);
            let insert = if prefix.len() >= typed.len() { prefix } else { typed.to_string() };
            Some(Completion { from, insert, candidates: many.to_vec() })
        }
    }
}

fn common_prefix(words: &[String]) -> String {
    let first = &words[0];
    let mut end = first.len();
    for word in &words[1..] {
        end = end.min(first.bytes().zip(word.bytes()).take_while(|(a, b)| a == b).count());
    }
    while !first.is_char_boundary(end) {
        end -= 1;
    }
    first[..end].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        Names {
            pods: vec!["web-7d4b9c6f5d-x2k9p".into(), "web-7d4b9c6f5d-zz1aa".into(), "liveness-exec".into()],
            deployments: vec!["web".into(), "php-apache".into()],
            replicasets: vec!["web-7d4b9c6f5d".into()],
            services: vec!["web".into()],
            nodes: vec!["node-1".into(), "node-2".into(), "node-3".into()],
            hpas: vec!["php-apache".into()],
            files: vec!["editor.yaml".into()],
        }
    }

    /// The line after pressing Tab, and the listed candidates.
    fn tab(line: &str) -> (String, Vec<String>) {
        match complete(line, &names()) {
            Some(c) => (c.apply(line), c.candidates),
            None => (line.to_string(), Vec::new()),
        }
    }

    fn check(line: &str, after: &str) {
        assert_eq!(tab(line).0, after, "{line:?}");
    }

    #[test]
    fn verbs() {
        check("kubectl g", "kubectl get ");
        check("kubectl desc", "kubectl describe ");
        check("kubectl ro", "kubectl rollout ");
        check("kubectl rollout u", "kubectl rollout undo ");
        check("kub", "kubectl ");
        check("", "kubectl ");
        check("node p", "node power-o");
        assert_eq!(tab("node power-o").1, ["power-off", "power-on"]);
        check("load c", "load curl ");
        check("cl", "clear ");
        // kubectl has no playground verbs.
        check("kubectl nod", "kubectl nod");
        let (line, listed) = tab("kubectl c");
        assert_eq!(line, "kubectl c");
        assert_eq!(listed, ["create", "cordon"]);
    }

    #[test]
    fn resource_types_and_names() {
        check("kubectl get p", "kubectl get pods ");
        check("kubectl get dep", "kubectl get deployments ");
        check("kubectl get deploy", "kubectl get deployments ");
        check("kubectl get h", "kubectl get horizontalpodautoscalers ");
        check("kubectl get pods,s", "kubectl get pods,services ");
        check("kubectl describe pod l", "kubectl describe pod liveness-exec ");
        check("kubectl describe pod w", "kubectl describe pod web-7d4b9c6f5d-");
        assert_eq!(tab("kubectl describe pod w").1.len(), 2);
        check("kubectl get po/li", "kubectl get po/liveness-exec ");
        check("kubectl delete deploy p", "kubectl delete deploy php-apache ");
        check("kubectl get hpa ", "kubectl get hpa php-apache ");
        check("kubectl logs li", "kubectl logs liveness-exec ");
        check("k exec li", "k exec liveness-exec ");
        check("kubectl cordon node-", "kubectl cordon node-");
        assert_eq!(tab("kubectl cordon node-").1, ["node-1", "node-2", "node-3"]);
        check("node power-off node-2", "node power-off node-2 ");
        check("load curl w", "load curl web ");
        check("kubectl rollout undo d", "kubectl rollout undo deployment/");
        check("kubectl scale deployment/p", "kubectl scale deployment/php-apache ");
        check("kubectl create service c", "kubectl create service clusterip ");
    }

    #[test]
    fn flags_and_their_values() {
        check("kubectl get pods --wat", "kubectl get pods --watch ");
        check("kubectl get pods -o w", "kubectl get pods -o wide ");
        check("kubectl get pods --output=y", "kubectl get pods --output=yaml ");
        check("kubectl apply -f e", "kubectl apply -f editor.yaml ");
        check("kubectl scale deploy web --rep", "kubectl scale deploy web --replicas=");
        // The value of `-o` is not a positional: the name still completes after it.
        check("kubectl get pods -o wide l", "kubectl get pods -o wide liveness-exec ");
        assert!(tab("kubectl get pods --").1.contains(&"--watch".to_string()));
    }

    #[test]
    fn nothing_to_complete() {
        check("kubectl exec web -- ki", "kubectl exec web -- ki");
        check("kubectl get pods zz", "kubectl get pods zz");
        check("kubectl frobnicate x", "kubectl frobnicate x");
        check("kubectl get pods -o wide liveness-exec extra x", "kubectl get pods -o wide liveness-exec extra x");
        // Odd input never panics.
        for line in ["-", "--=", "kubectl get /", "k get ,", "é", "kubectl get pods --output=", " ", "\t"] {
            let _ = tab(line);
        }
    }

    #[test]
    fn every_verb_name_completes_from_its_first_letters() {
        for verb in VERBS.iter() {
            let first = verb.name.split(' ').next().unwrap();
            let (line, listed) = tab(&first[..1]);
            assert!(
                line.starts_with(first) || listed.iter().any(|w| w == first),
                "{} -> {line:?} {listed:?}",
                verb.name
            );
        }
    }
}
