//! grep's matcher: POSIX basic patterns (with GNU's `\|`, `\+`, `\?`) and extended ones (`-E`),
//! compiled to a Thompson NFA and run as a Pike VM over the line's characters. No pattern makes
//! a line cost more than its length times the program's size (issue 9): nothing backtracks.
//! Hand-written rather than `regex-lite` for the download's size (docs/size.md), so it has only
//! what grep needs: a yes or no per line, ASCII classes and ASCII case folding.

/// The most instructions a pattern compiles to: `a{30000}` fits, `a{50000}` is refused.
const MAX_PROGRAM: u64 = 1 << 16;
/// How deep groups may nest.
const MAX_NEST: usize = 64;

/// A compiled pattern.
#[derive(Debug)]
pub struct Regex {
    program: Vec<Inst>,
    /// The bracket expressions' and `\w`/`\s` classes' ranges, which `Inst::Class` points into.
    ranges: Vec<(char, char)>,
    ignore_case: bool,
}

/// One NFA state. Jumps are relative, so a fragment can be copied (`a{3}`) as it is; the
/// program's end is the match.
#[derive(Clone, Copy, Debug)]
enum Inst {
    Char(char),
    /// `.`: any character (grep's lines hold no newline).
    Any,
    /// `ranges[from..to]`, or everything but them.
    Class(u32, u32, bool),
    Look(Look),
    /// Goes on at both offsets.
    Split(i32, i32),
    Jump(i32),
}

/// The zero-width assertions; a word character is ASCII `[0-9A-Za-z_]`.
#[derive(Clone, Copy, Debug)]
enum Look {
    /// `^`
    Start,
    /// `$`
    End,
    /// `\b`
    Boundary,
    /// `\B`
    NotBoundary,
    /// `\<`
    WordStart,
    /// `\>`
    WordEnd,
}

impl Regex {
    /// Compiles `pattern`, basic or `extended`. An error is a pattern that does not parse
    /// (an unclosed group or bracket, a bad interval or range, an unknown `[:class:]`) or one
    /// too big (`MAX_PROGRAM`) or nested too deep (`MAX_NEST`).
    pub fn new(pattern: &str, extended: bool, ignore_case: bool) -> Result<Regex, ()> {
        let mut parser = Parser { chars: pattern.chars().collect(), pos: 0, extended, ranges: Vec::new() };
        let program = parser.alternation(0)?;
        Ok(Regex { program, ranges: parser.ranges, ignore_case })
    }

    /// Half the program's instructions: one character of a line visits each at most once, and
    /// the pattern's length is at least this unless an interval copies part of it (grep meters
    /// its matching by the larger of the two).
    pub fn size(&self) -> usize {
        self.program.len() / 2
    }

    /// Whether the pattern matches anywhere in `line`.
    pub fn is_match(&self, line: &str) -> bool {
        let end = self.program.len();
        // `seen[pc] == step`: the state is already in the list for position `step`.
        let mut seen = vec![usize::MAX; end + 1];
        let (mut current, mut next, mut stack) = (Vec::new(), Vec::new(), Vec::new());
        let mut chars = line.chars();
        let (mut before, mut at) = (None, chars.next());
        let mut step = 0;
        loop {
            // A match may start at any position.
            self.add(&mut current, &mut seen, &mut stack, (step, 0), before, at);
            if seen[end] == step {
                return true;
            }
            let Some(c) = at else { return false };
            let after = chars.next();
            for &pc in &current {
                if self.accepts(pc, c) {
                    self.add(&mut next, &mut seen, &mut stack, (step + 1, pc + 1), Some(c), after);
                }
            }
            current.clear();
            std::mem::swap(&mut current, &mut next);
            (before, at, step) = (at, after, step + 1);
        }
    }

    /// Adds the state `pc` and all the states it reaches without a character, between
    /// `before` and `at`, to `list`.
    fn add(
        &self,
        list: &mut Vec<usize>,
        seen: &mut [usize],
        stack: &mut Vec<usize>,
        (step, pc): (usize, usize),
        before: Option<char>,
        at: Option<char>,
    ) {
        stack.push(pc);
        while let Some(pc) = stack.pop() {
            if seen[pc] == step {
                continue;
            }
            seen[pc] = step;
            let to = |offset: i32| pc.wrapping_add_signed(offset as isize);
            match self.program.get(pc) {
                Some(&Inst::Jump(offset)) => stack.push(to(offset)),
                Some(&Inst::Split(first, second)) => stack.extend([to(second), to(first)]),
                Some(&Inst::Look(look)) => {
                    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
                    let (left, right) = (word(before), word(at));
                    if match look {
                        Look::Start => before.is_none(),
                        Look::End => at.is_none(),
                        Look::Boundary => left != right,
                        Look::NotBoundary => left == right,
                        Look::WordStart => !left && right,
                        Look::WordEnd => left && !right,
                    } {
                        stack.push(pc + 1);
                    }
                }
                // Character tests, and the end of the program.
                _ => list.push(pc),
            }
        }
    }

    /// Whether the state `pc` takes the character `c`.
    fn accepts(&self, pc: usize, c: char) -> bool {
        match self.program[pc] {
            Inst::Char(want) => want == c || self.ignore_case && want.eq_ignore_ascii_case(&c),
            Inst::Any => true,
            Inst::Class(from, to, negated) => {
                let ranges = &self.ranges[from as usize..to as usize];
                let has = |c: char| ranges.iter().any(|&(low, high)| low <= c && c <= high);
                // ASCII case folding: `c` or its other case is in the class.
                let hit =
                    if self.ignore_case { has(c.to_ascii_lowercase()) || has(c.to_ascii_uppercase()) } else { has(c) };
                hit != negated
            }
            _ => false,
        }
    }
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    extended: bool,
    ranges: Vec<(char, char)>,
}

impl Parser {
    /// Parses branches separated by `|` up to the end, or to the `)` that closes the group
    /// `depth` is in.
    fn alternation(&mut self, depth: usize) -> Result<Vec<Inst>, ()> {
        if depth > MAX_NEST {
            return Err(());
        }
        // The branches before the current one: each starts with a `Split` to the next
        // and ends with a `Jump` to the end, patched at the end.
        let mut done = Vec::new();
        let mut jumps = Vec::new();
        let mut branch = Vec::new();
        // Where the last atom starts in `branch`: what `*` and friends repeat.
        let mut last = None;
        loop {
            let Some(&c) = self.chars.get(self.pos) else {
                if depth > 0 {
                    return Err(());
                }
                break;
            };
            self.pos += 1;
            // A trailing `\` is a literal backslash.
            let escaped = c == '\\' && self.pos < self.chars.len();
            let c = if escaped { self.next() } else { c };
            // `*` and the anchors are bare in both syntaxes; the other operators are bare in
            // ERE and escaped in BRE; `\w` and friends are escaped in both.
            let special = match c {
                '*' | '^' | '$' | '.' | '[' => !escaped,
                '(' | ')' | '|' | '+' | '?' | '{' => escaped != self.extended,
                _ => escaped && "wWsSbB<>".contains(c),
            };
            let start = branch.len();
            let inst = match c {
                ')' if special => {
                    if depth == 0 {
                        return Err(());
                    }
                    break;
                }
                '|' if special => {
                    done.push(Inst::Split(1, branch.len() as i32 + 2));
                    done.append(&mut branch);
                    jumps.push(done.len());
                    done.push(Inst::Jump(0));
                    last = None;
                    continue;
                }
                // With nothing before them (at the start, after `(` or `|`) these are literal.
                '*' | '+' | '?' | '{' if special && last.is_some() => {
                    let (min, max) = match c {
                        '{' => self.interval()?,
                        '*' => (0, None),
                        '+' => (1, None),
                        _ => (0, Some(1)),
                    };
                    let atom = branch.split_off(last.unwrap_or_default());
                    branch.extend(repeat(&atom, min, max)?);
                    continue;
                }
                '(' if special => {
                    branch.extend(self.alternation(depth + 1)?);
                    None
                }
                // In BRE `^` anchors at the start of a branch and `$` at the end of one (GNU);
                // elsewhere they are literal.
                '^' if special && (self.extended || last.is_none()) => Some(Inst::Look(Look::Start)),
                '$' if special && (self.extended || self.at_branch_end()) => Some(Inst::Look(Look::End)),
                '.' if special => Some(Inst::Any),
                '[' if special => Some(self.bracket()?),
                'w' | 'W' | 's' | 'S' if special => {
                    let from = self.ranges.len() as u32;
                    self.posix(if c.eq_ignore_ascii_case(&'w') { "word" } else { "space" }, false)?;
                    Some(Inst::Class(from, self.ranges.len() as u32, c.is_ascii_uppercase()))
                }
                'b' if special => Some(Inst::Look(Look::Boundary)),
                'B' if special => Some(Inst::Look(Look::NotBoundary)),
                '<' if special => Some(Inst::Look(Look::WordStart)),
                '>' if special => Some(Inst::Look(Look::WordEnd)),
                _ => Some(Inst::Char(c)),
            };
            branch.extend(inst);
            last = Some(start);
            if (done.len() + branch.len()) as u64 > MAX_PROGRAM {
                return Err(());
            }
        }
        done.append(&mut branch);
        for jump in jumps {
            done[jump] = Inst::Jump((done.len() - jump) as i32);
        }
        Ok(done)
    }

    fn next(&mut self) -> char {
        self.pos += 1;
        self.chars[self.pos - 1]
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.chars.get(self.pos) == Some(&c);
        self.pos += usize::from(found);
        found
    }

    /// Whether a BRE branch ends here: at the end, `\)` or `\|`.
    fn at_branch_end(&self) -> bool {
        match self.chars.get(self.pos..self.pos + 2) {
            Some(['\\', c]) => matches!(c, ')' | '|'),
            _ => self.pos == self.chars.len(),
        }
    }

    /// `{m}`, `{m,}`, `{m,n}` or `{,n}` after the `{` (`\{m,n\}` in BRE).
    fn interval(&mut self) -> Result<(u32, Option<u32>), ()> {
        let min = self.number();
        let max = if self.eat(',') { self.number() } else { Some(min.ok_or(())?) };
        let min = min.unwrap_or(0);
        let closed = (self.extended || self.eat('\\')) && self.eat('}');
        if !closed || max.is_some_and(|max| max < min) {
            return Err(());
        }
        Ok((min, max))
    }

    fn number(&mut self) -> Option<u32> {
        let mut number = None;
        while let Some(digit) = self.chars.get(self.pos).and_then(|c| c.to_digit(10)) {
            number = Some(number.unwrap_or(0u32).saturating_mul(10).saturating_add(digit));
            self.pos += 1;
        }
        number
    }

    /// A bracket expression after its `[`: characters, ranges and `[:class:]`es, maybe
    /// negated with `^`; a `]` first is literal, a backslash is literal.
    fn bracket(&mut self) -> Result<Inst, ()> {
        let from = self.ranges.len() as u32;
        let negated = self.eat('^');
        let mut first = true;
        loop {
            let c = *self.chars.get(self.pos).ok_or(())?;
            self.pos += 1;
            if c == ']' && !first {
                return Ok(Inst::Class(from, self.ranges.len() as u32, negated));
            }
            first = false;
            if c == '[' && self.eat(':') {
                let negated = self.eat('^');
                let start = self.pos;
                while !(self.eat(':') && self.eat(']')) {
                    self.chars.get(self.pos).ok_or(())?;
                    self.pos += 1;
                }
                let name: String = self.chars[start..self.pos - 2].iter().collect();
                self.posix(&name, negated)?;
                continue;
            }
            let high = match self.chars.get(self.pos..self.pos + 2) {
                Some(&['-', high]) if high != ']' => {
                    self.pos += 2;
                    high
                }
                _ => c,
            };
            if high < c {
                return Err(());
            }
            self.ranges.push((c, high));
        }
    }

    /// Adds a POSIX class's ranges (ASCII, as in the C locale), or those of everything else.
    fn posix(&mut self, name: &str, negated: bool) -> Result<(), ()> {
        let pairs: &[u8] = match name {
            "alnum" => b"09AZaz",
            "alpha" => b"AZaz",
            "ascii" => b"\0\x7f",
            "blank" => b"\t\t  ",
            "cntrl" => b"\0\x1f\x7f\x7f",
            "digit" => b"09",
            "graph" => b"!~",
            "lower" => b"az",
            "print" => b" ~",
            "punct" => b"!/:@[`{~",
            "space" => b"\t\r  ",
            "upper" => b"AZ",
            "word" => b"09AZ__az",
            "xdigit" => b"09AFaf",
            _ => return Err(()),
        };
        let mut low = '\0';
        for pair in pairs.chunks(2) {
            let (start, end) = (char::from(pair[0]), char::from(pair[1]));
            if !negated {
                self.ranges.push((start, end));
            } else if start > low {
                self.ranges.push((low, char::from(pair[0] - 1)));
            }
            low = char::from(pair[1] + 1);
        }
        if negated {
            self.ranges.push((low, char::MAX));
        }
        Ok(())
    }
}

/// `atom` repeated `min` to `max` (unbounded: `None`) times.
fn repeat(atom: &[Inst], min: u32, max: Option<u32>) -> Result<Vec<Inst>, ()> {
    let copies = u64::from(max.unwrap_or(min)) + 1;
    if (atom.len() as u64 + 1).saturating_mul(copies) > MAX_PROGRAM {
        return Err(());
    }
    let len = atom.len() as i32;
    let mut out = Vec::new();
    for _ in 1..min {
        out.extend_from_slice(atom);
    }
    match max {
        None if min == 0 => {
            out.push(Inst::Split(1, len + 2));
            out.extend_from_slice(atom);
            out.push(Inst::Jump(-len - 1));
        }
        None => {
            out.extend_from_slice(atom);
            out.push(Inst::Split(-len, 1));
        }
        Some(max) => {
            if min > 0 {
                out.extend_from_slice(atom);
            }
            for _ in min..max {
                out.push(Inst::Split(1, len + 1));
                out.extend_from_slice(atom);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::Regex;

    /// What grep used before this module: the pattern translated into `regex_lite`'s syntax
    /// (kept as the reference the matcher is tested against).
    fn reference(pattern: &str, extended: bool, ignore_case: bool) -> Result<regex_lite::Regex, ()> {
        let mut out = String::with_capacity(pattern.len() + 8);
        let mut chars = pattern.chars().peekable();
        let mut in_class = false;
        let mut class_start = false;
        let mut at_start = true;
        while let Some(c) = chars.next() {
            if in_class {
                match c {
                    ']' if !class_start => in_class = false,
                    '[' if chars.peek() == Some(&':') => {
                        out.push('[');
                        for d in chars.by_ref() {
                            out.push(d);
                            if d == ']' {
                                break;
                            }
                        }
                        class_start = false;
                        continue;
                    }
                    '\\' | '[' | '&' | '~' | '-' if class_start || c != '-' => {
                        out.push('\\');
                    }
                    _ => {}
                }
                class_start = false;
                out.push(c);
                continue;
            }
            let first = at_start;
            at_start = false;
            match c {
                '[' => {
                    in_class = true;
                    class_start = true;
                    out.push('[');
                    if chars.peek() == Some(&'^') {
                        chars.next();
                        out.push('^');
                    }
                    if chars.peek() == Some(&']') {
                        chars.next();
                        out.push_str("\\]");
                    }
                }
                '\\' => match chars.next() {
                    Some(d) if !extended && matches!(d, '(' | ')' | '{' | '}' | '|' | '+' | '?') => out.push(d),
                    Some(d) if d.is_ascii_alphanumeric() && !matches!(d, 'w' | 'W' | 's' | 'S' | 'b' | 'B') => {
                        out.push(d)
                    }
                    Some(d) => {
                        out.push('\\');
                        out.push(d);
                    }
                    None => out.push_str("\\\\"),
                },
                '*' if first => out.push_str("\\*"),
                '(' | ')' | '{' | '}' | '|' | '+' | '?' if !extended => {
                    out.push('\\');
                    out.push(c);
                }
                '^' if !first && !extended => out.push_str("\\^"),
                '$' if !extended && chars.peek().is_some() => out.push_str("\\$"),
                _ => out.push(c),
            }
            if c == '|' && extended {
                at_start = true;
            }
        }
        regex_lite::RegexBuilder::new(&out)
            .case_insensitive(ignore_case)
            .size_limit(1 << 20)
            .nest_limit(64)
            .build()
            .map_err(|_| ())
    }

    /// A small deterministic generator (xorshift).
    struct Rng(u64);

    impl Rng {
        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            items[(self.0 % items.len() as u64) as usize]
        }
    }

    const BRE: &[&str] = &[
        "a",
        "b",
        "c",
        "A",
        "x",
        "1",
        " ",
        "-",
        "_",
        "é",
        ".",
        "*",
        "^",
        "$",
        "\\(",
        "\\)",
        "\\|",
        "\\+",
        "\\?",
        "\\{2\\}",
        "\\{1,2\\}",
        "\\{0,\\}",
        "\\{0,1\\}",
        "(",
        ")",
        "|",
        "+",
        "?",
        "{",
        "}",
        "[ab]",
        "[^a]",
        "[a-c]",
        "[]a]",
        "[^]b]",
        "[a-]",
        "[-b]",
        "[.*]",
        "[[:alpha:]]",
        "[[:digit:][:space:]]",
        "[^[:upper:]]",
        "[[:^lower:]]",
        "[[:punct:]]",
        "[\\]",
        "[é-ü]",
        "\\w",
        "\\W",
        "\\s",
        "\\S",
        "\\b",
        "\\B",
        "\\<",
        "\\>",
        "\\.",
        "\\*",
        "\\[",
        "\\d",
        "\\n",
        "\\/",
        "\\^",
        "\\$",
        "\\",
    ];
    const ERE: &[&str] = &[
        "a",
        "b",
        "c",
        "A",
        "x",
        "1",
        " ",
        "-",
        "_",
        "é",
        ".",
        "*",
        "+",
        "?",
        "^",
        "$",
        "(",
        ")",
        "|",
        "{2}",
        "{1,2}",
        "{0,}",
        "{0,1}",
        "{",
        "}",
        "[ab]",
        "[^a]",
        "[a-c]",
        "[]a]",
        "[a-]",
        "[[:alnum:]]",
        "[^[:space:]x]",
        "[[:^alpha:]]",
        "[[:xdigit:]]",
        "[\\]",
        "\\w",
        "\\W",
        "\\s",
        "\\S",
        "\\b",
        "\\B",
        "\\<",
        "\\>",
        "\\(",
        "\\)",
        "\\|",
        "\\{",
        "\\.",
        "\\+",
        "\\d",
        "\\",
    ];
    const LINE: &[&str] = &[
        "a", "b", "c", "A", "B", "x", "1", " ", "\t", "-", "_", "é", "Ü", ".", "*", "(", ")", "|", "{", "}", "[", "]",
        "^", "$", "\\", "+", "?",
    ];

    /// Constructs where the matcher follows GNU grep rather than what `regex-lite` made of
    /// the translated pattern: BRE anchors inside groups and alternatives, `+?` and `{m,n}?` (not
    /// lazy but optional), ERE `(?flags)` (a literal `?`), `\b{...}`.
    fn follows_gnu(pattern: &str, extended: bool) -> bool {
        let bre = ["\\(^", "\\|^", "$\\)", "$\\|", "\\}\\?", "\\+\\?"];
        let ere = ["}?", "+?", "(?", "\\b{"];
        (if extended { &ere[..] } else { &bre[..] }).iter().any(|part| pattern.contains(part))
    }

    #[test]
    fn agrees_with_regex_lite() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let lines: Vec<String> = (0..60).map(|n| (0..n % 12).map(|_| rng.pick(LINE)).collect::<String>()).collect();
        let (mut compared, mut only_here) = (0, Vec::new());
        for round in 0..6000 {
            let extended = round % 2 == 1;
            let ignore_case = round % 3 == 0;
            let tokens = if extended { ERE } else { BRE };
            let pattern: String = (0..1 + round % 7).map(|_| rng.pick(tokens)).collect();
            if follows_gnu(&pattern, extended) {
                continue;
            }
            let mine = Regex::new(&pattern, extended, ignore_case);
            let Ok(reference) = reference(&pattern, extended, ignore_case) else {
                if mine.is_ok() {
                    only_here.push(pattern);
                }
                continue;
            };
            let Ok(mine) = mine else { panic!("{pattern:?} (extended: {extended}) is refused") };
            compared += 1;
            for line in &lines {
                assert_eq!(
                    mine.is_match(line),
                    reference.is_match(line),
                    "{pattern:?} on {line:?} (extended: {extended}, ignore case: {ignore_case})"
                );
            }
        }
        eprintln!("{compared} patterns compared; accepted here, refused by regex-lite: {only_here:?}");
        assert!(compared > 3000, "{compared}");
    }

    #[test]
    fn follows_gnu_where_the_translation_did_not() {
        let matches =
            |pattern: &str, extended: bool, line: &str| Regex::new(pattern, extended, false).unwrap().is_match(line);
        // BRE anchors at the start and end of groups and alternatives.
        assert!(matches("\\(^a\\)", false, "ab") && !matches("\\(^a\\)", false, "ba"));
        assert!(matches("x\\|^a", false, "ab") && !matches("x\\|^a", false, "ba"));
        assert!(matches("\\(a$\\)", false, "ba") && !matches("a$\\|x", false, "ab"));
        // An operator with nothing to repeat is literal.
        assert!(matches("\\(*a\\)", false, "*a") && !matches("\\(*a\\)", false, "a"));
        assert!(matches("(+a)", true, "+a") && matches("b|*a", true, "*a") && matches("{1}", true, "{1}"));
        // `+?` and `{m,n}?` are optional, not lazy; `{,n}` is `{0,n}`.
        assert!(matches("xa{2}?y", true, "xy") && matches("xa+?y", true, "xy"));
        assert!(matches("^a{,2}$", true, "aa") && !matches("^a{,2}$", true, "aaa"));
    }

    #[test]
    fn refuses_what_does_not_parse_or_is_too_big() {
        let bad = [
            ("(x", true),
            ("x)", true),
            ("\\(x", false),
            ("[a", false),
            ("[z-a]", false),
            ("[[:foo:]]", false),
            ("a{2,1}", true),
            ("a{1", true),
            ("a\\{1", false),
            ("a{99999}", true),
            ("(a{30000}){3}", true),
        ];
        for (pattern, extended) in bad {
            assert!(Regex::new(pattern, extended, false).is_err(), "{pattern}");
        }
        assert!(Regex::new("a{30000}", true, false).is_ok());
        let nested = |depth: usize| format!("{}a{}", "(".repeat(depth), ")".repeat(depth));
        assert!(Regex::new(&nested(64), true, false).is_ok());
        assert!(Regex::new(&nested(65), true, false).is_err());
        // What grep meters a line by: no more than the pattern's length without an interval.
        let bomb = "a*a*a*a*a*a*a*a*a*a*a*a*b";
        assert_eq!(Regex::new(bomb, false, false).unwrap().size(), 18);
        assert_eq!(Regex::new("(^){100}", true, false).unwrap().size(), 50);
    }
}
