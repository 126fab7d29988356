//! The leaf of the command language: the shell-like tokenizer (`tokenize`, `Token`), the
//! pflag-compatible flag parser (`Args`, `FlagSpec`, `FlagKind`), the shape of a verb's table row
//! (`Verb`) and the word-level helpers verbs parse with (resource types, Go numbers, "did you
//! mean"). It depends on no verb: `verbs/` and `parse.rs` depend on it.

use super::{Command, ParseError, ParseErrorKind, ResourceKind, Span};
use crate::engine::time::SimDuration;

/// One verb (or `group subverb`, e.g. `rollout status`) of the command language.
pub struct Verb {
    /// Words that select the verb, space-separated (`"create deployment"`).
    pub name: &'static str,
    /// Other spellings of the whole name (`"create svc"`).
    pub aliases: &'static [&'static str],
    /// A kubectl verb (may be prefixed by `kubectl`/`k`) rather than a playground verb.
    pub kubectl: bool,
    /// Usage line(s), newline-separated.
    pub usage: &'static str,
    /// One line for the `help` listing.
    pub summary: &'static str,
    pub flags: &'static [FlagSpec],
    /// Example lines; a test checks that each one parses.
    pub examples: &'static [&'static str],
    pub parse: fn(&Args) -> Result<Command, ParseError>,
}

/// One flag, as pflag declares it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FlagSpec {
    pub long: &'static str,
    pub short: Option<char>,
    pub kind: FlagKind,
    pub help: &'static str,
}

/// How a flag takes its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagKind {
    /// `--watch`, `--watch=false`; never takes the next word.
    Bool,
    /// `--replicas=3`, `--replicas 3`, `-r3`, `-r=3`.
    Value,
    /// A value that may be omitted (pflag `NoOptDefVal`): `--dry-run` means this default.
    OptValue(&'static str),
}

/// One word of the command line after quote removal, with where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub span: Span,
}

/// The words and flags after a verb, as pflag would split them, plus the context that error
/// messages need. Verb parse functions read everything through it.
pub struct Args<'a> {
    input: &'a str,
    verb: &'static Verb,
    /// Positional words, including those after `--`.
    positionals: Vec<Token>,
    /// How many positionals came before `--` (cobra's `ArgsLenAtDash`), if there was a `--`.
    dash_at: Option<usize>,
    values: Vec<FlagValue>,
    global_namespace: Option<String>,
    pub(super) help: bool,
    /// Span of all the verb's arguments, for errors about a missing argument.
    end: Span,
}

struct FlagValue {
    spec: &'static FlagSpec,
    value: String,
    span: Span,
}

/// kubectl's root flag that every kubectl verb accepts.
static NAMESPACE_FLAG: [FlagSpec; 1] =
    [FlagSpec { long: "namespace", short: Some('n'), kind: FlagKind::Value, help: "the namespace of the objects" }];

impl<'a> Args<'a> {
    pub(super) fn parse(
        input: &'a str,
        verb: &'static Verb,
        tokens: &[Token],
        global_namespace: Option<String>,
    ) -> Result<Args<'a>, ParseError> {
        let end = (input.len(), input.len());
        let mut args = Args {
            input,
            verb,
            positionals: Vec::new(),
            dash_at: None,
            values: Vec::new(),
            global_namespace,
            help: false,
            end,
        };
        let globals: &'static [FlagSpec] = if verb.kubectl { &NAMESPACE_FLAG } else { &[] };
        let find_long = |name: &str| verb.flags.iter().chain(globals).find(|spec| spec.long == name);
        let find_short = |c: char| verb.flags.iter().chain(globals).find(|spec| spec.short == Some(c));
        let mut idx = 0;
        while let Some(token) = tokens.get(idx) {
            idx += 1;
            let text = token.text.as_str();
            if args.dash_at.is_some() || text == "-" || !text.starts_with('-') {
                args.positionals.push(token.clone());
            } else if text == "--" {
                args.dash_at = Some(args.positionals.len());
            } else if let Some(body) = text.strip_prefix("--") {
                let (name, inline) = match body.split_once('=') {
                    Some((name, value)) => (name, Some(value)),
                    None => (body, None),
                };
                let Some(spec) = find_long(name) else {
                    if name == "help" {
                        args.help = true;
                        continue;
                    }
                    return Err(ParseError::new(
                        input,
                        Some(token.span),
                        ParseErrorKind::UnknownFlag(format!("--{name}")),
                    ));
                };
                let value = match (spec.kind, inline) {
                    (_, Some(value)) => value.to_string(),
                    (FlagKind::Bool, None) => "true".to_string(),
                    (FlagKind::OptValue(default), None) => default.to_string(),
                    (FlagKind::Value, None) => match tokens.get(idx) {
                        Some(next) => {
                            idx += 1;
                            next.text.clone()
                        }
                        None => {
                            let kind = ParseErrorKind::FlagNeedsArgument(format!("--{name}"));
                            return Err(ParseError::new(input, Some(token.span), kind));
                        }
                    },
                };
                args.push_value(spec, value, token.span)?;
            } else {
                let cluster = &text[1..];
                for (pos, c) in cluster.char_indices() {
                    let rest = &cluster[pos + c.len_utf8()..];
                    let Some(spec) = find_short(c) else {
                        if c == 'h' {
                            args.help = true;
                            continue;
                        }
                        let kind = ParseErrorKind::UnknownShorthand { flag: c, cluster: cluster.to_string() };
                        return Err(ParseError::new(input, Some(token.span), kind));
                    };
                    let inline = rest.strip_prefix('=');
                    match spec.kind {
                        FlagKind::Bool | FlagKind::OptValue(_) => {
                            let default = if let FlagKind::OptValue(default) = spec.kind { default } else { "true" };
                            args.push_value(spec, inline.unwrap_or(default).to_string(), token.span)?;
                            if inline.is_some() {
                                break;
                            }
                        }
                        FlagKind::Value => {
                            let value = if let Some(value) = inline {
                                value.to_string()
                            } else if !rest.is_empty() {
                                rest.to_string()
                            } else if let Some(next) = tokens.get(idx) {
                                idx += 1;
                                next.text.clone()
                            } else {
                                let kind = ParseErrorKind::FlagNeedsArgument(format!("'{c}' in -{cluster}"));
                                return Err(ParseError::new(input, Some(token.span), kind));
                            };
                            args.push_value(spec, value, token.span)?;
                            break;
                        }
                    }
                }
            }
        }
        if let (Some(first), Some(last)) = (tokens.first(), tokens.last()) {
            args.end = (first.span.0, last.span.1);
        }
        Ok(args)
    }

    fn push_value(&mut self, spec: &'static FlagSpec, value: String, span: Span) -> Result<(), ParseError> {
        if spec.kind == FlagKind::Bool && parse_go_bool(&value).is_none() {
            let reason = format!("strconv.ParseBool: parsing {value:?}: invalid syntax");
            return Err(self.invalid_value(spec, &value, span, reason));
        }
        self.values.push(FlagValue { spec, value, span });
        Ok(())
    }

    /// The input line, for building errors.
    pub fn input(&self) -> &str {
        self.input
    }

    /// The verb being parsed.
    pub fn verb(&self) -> &'static Verb {
        self.verb
    }

    /// Positional arguments before `--` (all of them if there was none).
    pub fn positionals(&self) -> &[Token] {
        let n_before = self.dash_at.unwrap_or(self.positionals.len()).min(self.positionals.len());
        &self.positionals[..n_before]
    }

    /// Arguments after `--`, or None when there was no `--`.
    pub fn after_dash(&self) -> Option<&[Token]> {
        let n_before = self.dash_at?.min(self.positionals.len());
        Some(&self.positionals[n_before..])
    }

    /// Every positional, before and after `--`.
    pub fn all_positionals(&self) -> &[Token] {
        &self.positionals
    }

    /// Whether the flag was given at all.
    pub fn has(&self, long: &str) -> bool {
        self.values.iter().any(|value| value.spec.long == long)
    }

    /// A boolean flag's value (false when absent). Values were checked when parsed.
    pub fn bool(&self, long: &str) -> bool {
        self.last(long).is_some_and(|value| parse_go_bool(&value.value) == Some(true))
    }

    /// The last value of a flag.
    pub fn string(&self, long: &str) -> Option<String> {
        self.last(long).map(|value| value.value.clone())
    }

    /// Every value of a repeatable flag, in order.
    pub fn strings(&self, long: &str) -> Vec<String> {
        self.values.iter().filter(|value| value.spec.long == long).map(|value| value.value.clone()).collect()
    }

    /// The span of the flag's last occurrence, else of all arguments.
    pub fn flag_span(&self, long: &str) -> Span {
        self.last(long).map_or(self.end, |value| value.span)
    }

    /// Span covering all arguments (or the end of the line when there are none).
    pub fn end_span(&self) -> Span {
        self.end
    }

    /// An integer flag, parsed as Go's `strconv.ParseInt` with kubectl's error wording.
    pub fn int(&self, long: &str) -> Result<Option<i64>, ParseError> {
        let Some(value) = self.last(long) else { return Ok(None) };
        parse_go_int(&value.value)
            .map(Some)
            .map_err(|reason| self.invalid_value(value.spec, &value.value, value.span, reason))
    }

    /// A duration flag (`--timeout=90s`), with Go's `time.ParseDuration` wording on error.
    pub fn duration(&self, long: &str) -> Result<Option<SimDuration>, ParseError> {
        let Some(value) = self.last(long) else { return Ok(None) };
        match SimDuration::parse(&value.value) {
            Some(duration) => Ok(Some(duration)),
            None => {
                let reason = format!("time: invalid duration {:?}", value.value);
                Err(self.invalid_value(value.spec, &value.value, value.span, reason))
            }
        }
    }

    /// `-n`/`--namespace`, given after or before the verb.
    pub fn namespace(&self) -> Option<String> {
        self.string("namespace").or_else(|| self.global_namespace.clone())
    }

    /// Cobra's check of `MarkFlagRequired` flags.
    pub fn require(&self, longs: &[&str]) -> Result<(), ParseError> {
        let missing: Vec<String> = longs.iter().filter(|long| !self.has(long)).map(|long| long.to_string()).collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(self.error(None, ParseErrorKind::RequiredFlags(missing)))
        }
    }

    /// An error about this line.
    pub fn error(&self, span: Option<Span>, kind: ParseErrorKind) -> ParseError {
        ParseError::new(self.input, span, kind)
    }

    /// A kubectl usage error in kubectl's words.
    pub fn usage(&self, span: Option<Span>, message: impl Into<String>) -> ParseError {
        self.error(span, ParseErrorKind::Usage(message.into()))
    }

    /// A playground usage error: our message plus the verb's usage line.
    pub fn playground(&self, span: Option<Span>, message: impl Into<String>) -> ParseError {
        self.error(span, ParseErrorKind::PlaygroundUsage { message: message.into(), usage: self.verb.usage })
    }

    /// A flag value error in pflag's words; `reason` is the inner Go error.
    pub fn invalid_flag(&self, long: &str, reason: impl Into<String>) -> ParseError {
        match self.last(long) {
            Some(value) => self.invalid_value(value.spec, &value.value, value.span, reason.into()),
            None => self.usage(None, reason),
        }
    }

    fn invalid_value(&self, spec: &FlagSpec, value: &str, span: Span, reason: String) -> ParseError {
        let flag = match spec.short {
            Some(short) => format!("-{short}, --{}", spec.long),
            None => format!("--{}", spec.long),
        };
        self.error(Some(span), ParseErrorKind::InvalidFlagValue { flag, value: value.to_string(), reason })
    }

    fn last(&self, long: &str) -> Option<&FlagValue> {
        self.values.iter().rev().find(|value| value.spec.long == long)
    }
}

/// Resolves one TYPE word, which may be a comma list (`deploy,rs`) or `all`.
pub fn parse_kinds(args: &Args, token: &Token) -> Result<Vec<ResourceKind>, ParseError> {
    let mut kinds = Vec::new();
    for part in token.text.split(',') {
        if part.eq_ignore_ascii_case("all") {
            kinds.extend(ResourceKind::GET_ALL);
            continue;
        }
        kinds.push(parse_kind(args.input(), token.span, part)?);
    }
    // Drop repeats (`all,pods`), keeping the first position of each kind.
    let mut unique: Vec<ResourceKind> = Vec::with_capacity(kinds.len());
    for kind in kinds {
        if !unique.contains(&kind) {
            unique.push(kind);
        }
    }
    Ok(unique)
}

/// Resolves one resource type name, with kubectl's error and a "did you mean".
pub fn parse_kind(input: &str, span: Span, name: &str) -> Result<ResourceKind, ParseError> {
    if let Some(kind) = ResourceKind::from_arg(name) {
        return Ok(kind);
    }
    let lower = name.to_ascii_lowercase();
    if NOT_SIMULATED_TYPES.iter().any(|(names, _)| names.contains(&lower.as_str())) {
        let canonical = NOT_SIMULATED_TYPES
            .iter()
            .find(|(names, _)| names.contains(&lower.as_str()))
            .map_or(name, |(names, _)| names[0]);
        let what = format!("the resource type {canonical:?}");
        return Err(ParseError::new(input, Some(span), ParseErrorKind::NotSimulated { what, hint: None }));
    }
    let mut suggestions = Vec::new();
    for kind in ResourceKind::ALL {
        let close = kind.accepted_names().iter().any(|candidate| is_close(name, candidate));
        if close && !suggestions.contains(&kind.plural().to_string()) {
            suggestions.push(kind.plural().to_string());
        }
    }
    Err(ParseError::new(input, Some(span), ParseErrorKind::UnknownResourceType { name: name.to_string(), suggestions }))
}

/// kubectl's resource builder: `TYPE [NAME...]` or `TYPE/NAME...`. Empty input gives empty
/// lists; the caller words the "missing type" error.
pub fn resource_args(args: &Args, words: &[Token]) -> Result<(Vec<ResourceKind>, Vec<String>), ParseError> {
    let Some(first) = words.first() else { return Ok((Vec::new(), Vec::new())) };
    if !first.text.contains('/') {
        if let Some(slashed) = words.iter().skip(1).find(|word| word.text.contains('/')) {
            return Err(args.usage(
                Some(slashed.span),
                "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
            ));
        }
        let kinds = parse_kinds(args, first)?;
        let names = words[1..].iter().map(|word| word.text.clone()).collect();
        return Ok((kinds, names));
    }
    let mut kind_of_all = None;
    let mut names = Vec::new();
    for word in words {
        let (kind, name) = type_slash_name(args, word)?;
        match kind_of_all {
            None => kind_of_all = Some(kind),
            Some(previous) if previous != kind => {
                return Err(args.usage(
                    Some(word.span),
                    "kubeplay: TYPE/NAME arguments in one command must all have the same TYPE; run one command per type",
                ));
            }
            Some(_) => {}
        }
        names.push(name);
    }
    Ok((kind_of_all.into_iter().collect(), names))
}

/// Splits `TYPE/NAME` (exactly one slash, both parts non-empty).
pub fn type_slash_name(args: &Args, word: &Token) -> Result<(ResourceKind, String), ParseError> {
    let parts: Vec<&str> = word.text.split('/').collect();
    match parts.as_slice() {
        [kind, name] if !kind.is_empty() && !name.is_empty() => {
            Ok((parse_kind(args.input(), word.span, kind)?, name.to_string()))
        }
        _ => Err(args.usage(Some(word.span), "arguments in resource/name form must have a single resource and name")),
    }
}

/// Go's `strconv.ParseInt(s, 10, 64)` with its error texts.
pub fn parse_go_int(text: &str) -> Result<i64, String> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("strconv.ParseInt: parsing {text:?}: invalid syntax"));
    }
    text.parse::<i64>().map_err(|_| format!("strconv.ParseInt: parsing {text:?}: value out of range"))
}

/// Go's `strconv.ParseBool`.
pub fn parse_go_bool(text: &str) -> Option<bool> {
    match text {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// Cobra's "did you mean": candidates within edit distance 2, or that start with what was
/// typed. Unlike cobra, the distance must also be under half the typed length, so that short
/// words (`foo`) do not match unrelated verbs (`top`).
pub fn suggestions<'c>(typed: &str, candidates: impl IntoIterator<Item = &'c str>) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for candidate in candidates {
        if is_close(typed, candidate) && !found.iter().any(|seen| seen == candidate) {
            found.push(candidate.to_string());
        }
    }
    found
}

pub(super) fn is_close(typed: &str, candidate: &str) -> bool {
    let typed = typed.to_ascii_lowercase();
    let candidate = candidate.to_ascii_lowercase();
    if typed.is_empty() || typed == candidate {
        return false;
    }
    let distance = edit_distance(&typed, &candidate);
    (distance <= 2 && 2 * distance < typed.chars().count()) || candidate.starts_with(&typed)
}

/// Edit distance where swapping two neighbouring letters counts as one edit (optimal string
/// alignment), because `gte` for `get` is the most common typo.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // rows[i][j] is the distance between a[..i] and b[..j].
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1).min(rows[i][j - 1] + 1).min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

/// Splits a line into words as a POSIX shell would, without expansions: single quotes are
/// literal, double quotes honour `\"` `\\` `\$` and `` \` ``, a backslash outside quotes escapes
/// the next character, and an unquoted `#` at the start of a word begins a comment.
pub fn tokenize(input: &str) -> Result<Vec<Token>, ParseError> {
    let mut tokens = Vec::new();
    let mut chars = input.char_indices().peekable();
    let mut current: Option<(String, usize)> = None;
    let finish = |current: &mut Option<(String, usize)>, end: usize, tokens: &mut Vec<Token>| {
        if let Some((text, start)) = current.take() {
            tokens.push(Token { text, span: (start, end) });
        }
    };
    while let Some((pos, c)) = chars.next() {
        match c {
            c if c.is_whitespace() => finish(&mut current, pos, &mut tokens),
            '#' if current.is_none() => {
                // A comment runs to the end of the line.
                for (_, c) in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '\'' => {
                let word = &mut current.get_or_insert_with(|| (String::new(), pos)).0;
                loop {
                    match chars.next() {
                        Some((_, '\'')) => break,
                        Some((_, c)) => word.push(c),
                        None => {
                            return Err(ParseError::new(
                                input,
                                Some((pos, input.len())),
                                ParseErrorKind::UnterminatedQuote('\''),
                            ))
                        }
                    }
                }
            }
            '"' => {
                let word = &mut current.get_or_insert_with(|| (String::new(), pos)).0;
                loop {
                    match chars.next() {
                        Some((_, '"')) => break,
                        Some((_, '\\')) => match chars.peek() {
                            Some(&(_, next @ ('"' | '\\' | '$' | '`'))) => {
                                word.push(next);
                                chars.next();
                            }
                            Some(&(_, '\n')) => {
                                chars.next();
                            }
                            _ => word.push('\\'),
                        },
                        Some((_, c)) => word.push(c),
                        None => {
                            return Err(ParseError::new(
                                input,
                                Some((pos, input.len())),
                                ParseErrorKind::UnterminatedQuote('"'),
                            ))
                        }
                    }
                }
            }
            '\\' => match chars.next() {
                // A backslash-newline joins lines.
                Some((_, '\n')) => {}
                Some((_, next)) => current.get_or_insert_with(|| (String::new(), pos)).0.push(next),
                None => {
                    return Err(ParseError::new(input, Some((pos, input.len())), ParseErrorKind::TrailingBackslash))
                }
            },
            '<' => {
                // `kubectl logs <pod-name>` copied from notes: a placeholder, not a redirection.
                let rest = &input[pos..];
                let placeholder = rest
                    .find('>')
                    .map(|end| &rest[..=end])
                    .filter(|text| text.len() > 2 && !text[1..].contains(|c: char| c.is_whitespace() || c == '<'));
                let kind = match placeholder {
                    Some(text) => ParseErrorKind::Placeholder(text.to_string()),
                    None => ParseErrorKind::ShellSyntax('<'),
                };
                let end = pos + placeholder.map_or(1, str::len);
                return Err(ParseError::new(input, Some((pos, end)), kind));
            }
            '|' | '>' | ';' | '&' => {
                return Err(ParseError::new(input, Some((pos, pos + 1)), ParseErrorKind::ShellSyntax(c)));
            }
            c => current.get_or_insert_with(|| (String::new(), pos)).0.push(c),
        }
    }
    finish(&mut current, input.len(), &mut tokens);
    Ok(tokens)
}

static NOT_SIMULATED_TYPES: &[(&[&str], ())] = &[
    (&["configmaps", "configmap", "cm"], ()),
    (&["secrets", "secret"], ()),
    (&["namespaces", "namespace", "ns"], ()),
    (&["ingresses", "ingress", "ing"], ()),
    (&["statefulsets", "statefulset", "sts"], ()),
    (&["daemonsets", "daemonset", "ds"], ()),
    (&["jobs", "job"], ()),
    (&["cronjobs", "cronjob", "cj"], ()),
    (&["persistentvolumes", "persistentvolume", "pv"], ()),
    (&["persistentvolumeclaims", "persistentvolumeclaim", "pvc"], ()),
    (&["serviceaccounts", "serviceaccount", "sa"], ()),
    (&["replicationcontrollers", "replicationcontroller", "rc"], ()),
    (&["networkpolicies", "networkpolicy", "netpol"], ()),
    (&["storageclasses", "storageclass", "sc"], ()),
    (&["poddisruptionbudgets", "poddisruptionbudget", "pdb"], ()),
    (&["resourcequotas", "resourcequota", "quota"], ()),
    (&["limitranges", "limitrange", "limits"], ()),
    (&["customresourcedefinitions", "customresourcedefinition", "crd", "crds"], ()),
    (&["roles", "role"], ()),
    (&["rolebindings", "rolebinding"], ()),
    (&["clusterroles", "clusterrole"], ()),
    (&["clusterrolebindings", "clusterrolebinding"], ()),
];

pub(super) fn unknown_flag_error(input: &str, token: &Token) -> ParseError {
    let text = token.text.as_str();
    let kind = match text.strip_prefix("--") {
        Some(body) => ParseErrorKind::UnknownFlag(format!("--{}", body.split('=').next().unwrap_or(body))),
        None => {
            let cluster = text.get(1..).unwrap_or("");
            let flag = cluster.chars().next().unwrap_or('-');
            ParseErrorKind::UnknownShorthand { flag, cluster: cluster.to_string() }
        }
    };
    ParseError::new(input, Some(token.span), kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::parse;

    fn words(input: &str) -> Vec<String> {
        tokenize(input).unwrap().into_iter().map(|token| token.text).collect()
    }

    fn check_tokens(input: &str, expected: &[&str]) {
        assert_eq!(words(input), expected, "input: {input}");
    }

    fn check_error(input: &str, expected: &str) {
        let error = parse(input).expect_err(input);
        assert_eq!(error.to_string(), expected, "input: {input}");
    }

    #[test]
    fn tokenizer_quotes_and_escapes() {
        check_tokens("kubectl get pods", &["kubectl", "get", "pods"]);
        check_tokens("  a   b\t c  ", &["a", "b", "c"]);
        check_tokens(r#"bash -c "killall python3""#, &["bash", "-c", "killall python3"]);
        check_tokens("--type='json' -p='[{\"op\": 1}]'", &["--type=json", "-p=[{\"op\": 1}]"]);
        check_tokens(r#"a\ b "x\"y" 'it''s' "\d""#, &["a b", "x\"y", "its", "\\d"]);
        check_tokens(r#""" ''"#, &["", ""]);
        check_tokens("a#b # comment", &["a#b"]);
        check_tokens("# only a comment", &[]);
        check_tokens("a \\\nb", &["a", "b"]);
        check_tokens("'a|b' \"c>d\" e\\;f", &["a|b", "c>d", "e;f"]);
    }

    #[test]
    fn tokenizer_spans_are_byte_ranges() {
        let tokens = tokenize("get  'pö ds'").unwrap();
        assert_eq!(tokens[0].span, (0, 3));
        assert_eq!(tokens[1].span, (5, "get  'pö ds'".len()));
    }

    #[test]
    fn tokenizer_errors() {
        check_error("get 'pods", "error: unterminated ' quote");
        check_error("get \"pods", "error: unterminated \" quote");
        check_error("get pods \\", "error: unexpected end of line after '\\'");
        check_error(
            "kubectl logs <pod-name>",
            "error: replace the placeholder <pod-name> with a real name (list them with 'kubectl get pods')",
        );
        assert_eq!(parse("kubectl logs <pod-name>").unwrap_err().span, Some((13, 23)));
        check_error("kubectl logs < x", "error: kubeplay runs one command per line without a shell: '<' (pipes, redirection, ';' and '&') is not supported; quote it if it is part of an argument");
        let error = parse("kubectl get pods | grep web").unwrap_err();
        assert_eq!(error.kind, ParseErrorKind::ShellSyntax('|'));
        assert_eq!(error.span, Some((17, 18)));
    }

    #[test]
    fn go_numbers() {
        assert_eq!(parse_go_int("42"), Ok(42));
        assert_eq!(parse_go_int("-1"), Ok(-1));
        assert_eq!(parse_go_int("+7"), Ok(7));
        assert_eq!(parse_go_int("abc"), Err("strconv.ParseInt: parsing \"abc\": invalid syntax".to_string()));
        assert_eq!(parse_go_int(""), Err("strconv.ParseInt: parsing \"\": invalid syntax".to_string()));
        assert_eq!(
            parse_go_int("99999999999999999999"),
            Err("strconv.ParseInt: parsing \"99999999999999999999\": value out of range".to_string())
        );
    }

    #[test]
    fn did_you_mean() {
        assert_eq!(suggestions("gte", ["apply", "get", "set"]), vec!["get"]);
        assert_eq!(suggestions("foo", ["top", "get"]), Vec::<String>::new());
        assert_eq!(suggestions("stauts", ["status", "history"]), vec!["status"]);
        assert_eq!(suggestions("desc", ["delete", "describe"]), vec!["describe"]);
        assert_eq!(suggestions("x", ["no", "po"]), Vec::<String>::new());
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("ab", "ba"), 1);
    }
}
