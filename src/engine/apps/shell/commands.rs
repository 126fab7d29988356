//! The utilities and shell builtins: busybox applets by default, with GNU coreutils texts when
//! the image's userland is Debian-family (`Fs::gnu`). Each returns an `Outcome` and writes to
//! an `Io`; none of them touches anything but the container's `Fs` and the shell state.

use super::expand::arith;
use super::parse::{is_name, parse_script};
use super::regex::Regex;
use super::{
    basename, compile, parse_cost, Ctx, Dialect, Fs, HttpReply, Instr, MainProc, NetError, Outcome, PushKind,
    ShellState, FOREVER, MATCH_STEPS_PER_UNIT, SCAN_BYTES_PER_UNIT, STDIN_VAR, STRING_OVERHEAD,
};
use crate::engine::time::{SimDuration, SimTime};
use crate::sort::SmallSort;
use std::sync::Arc;

/// A command's standard streams.
#[derive(Clone, Debug, Default)]
pub(super) struct Io {
    pub stdin: Option<String>,
    pub out: String,
    pub err: String,
}

/// Programs installed in a (busybox) image: what `exists` accepts and `which` finds.
const PROGRAMS: &[&str] = &[
    "sh", "ash", "bash", "dash", "sleep", "touch", "rm", "cat", "echo", "printf", "test", "[", "true", "false", "ls",
    "mkdir", "rmdir", "date", "kill", "killall", "pkill", "pgrep", "ps", "hostname", "env", "printenv", "pwd", "wc",
    "grep", "head", "tail", "seq", "whoami", "id", "uname", "wget", "curl", "mv", "cp", "tee", "basename", "dirname",
    "expr", "which", "nproc",
];

/// Builtins of the shell itself: always there when a shell runs them, never exec'able alone.
const BUILTINS: &[&str] = &[
    ":", "cd", "export", "unset", "set", "shift", "exit", "trap", "wait", "eval", ".", "source", "exec", "read",
    "command", "type",
];

/// Every utility the shell implements (for images that have none of them, e.g. distroless).
pub fn programs() -> &'static [&'static str] {
    PROGRAMS
}

/// Whether `program` (a name or a path) can be started in an image with this file system.
pub(super) fn exists(program: &str, fs: &Fs) -> bool {
    if program.contains('/') && fs.files.contains_key(&resolve("/", program)) {
        return true;
    }
    let name = basename(program);
    PROGRAMS.contains(&name) && !fs.missing.contains(name)
}

/// Runs one command with its arguments already expanded. `line` is the script line for
/// error texts (0 when the command was started directly, without a shell).
pub(super) fn dispatch(argv: &[String], io: &mut Io, sh: &mut ShellState, ctx: &mut Ctx, line: u32) -> Outcome {
    let Some(name) = argv.first() else {
        return Outcome::Status(0);
    };
    let args = &argv[1..];
    if io.stdin.is_none() {
        io.stdin = sh.vars.remove(STDIN_VAR);
    }
    // Reading arguments and input is work in proportion to their size.
    let input: usize = argv.iter().map(String::len).sum::<usize>() + io.stdin.as_ref().map_or(0, String::len);
    ctx.ops = ctx.ops.saturating_add(input as u64 / SCAN_BYTES_PER_UNIT);
    let program = basename(name);
    let is_builtin = BUILTINS.contains(&program) && !name.contains('/');
    let is_main_program = !PROGRAMS.contains(&program) && is_app_program(program, &ctx.main.name);
    if is_main_program {
        return app_command(program, args, io, ctx);
    }
    if !is_builtin && !exists(name, ctx.fs) {
        return not_found(name, io, sh, line);
    }
    if name.contains('/') {
        let path = resolve(&sh.cwd, name);
        if let Some(source) = ctx.fs.files.get(&path).cloned() {
            let mut params = vec![name.clone()];
            params.extend(args.iter().cloned());
            ctx.ops = ctx.ops.saturating_add(parse_cost(&source));
            return run_source(&source, name, io, sh, PushKind::Subshell, Some(params));
        }
    }
    let gnu = ctx.fs.gnu;
    let mut run = Run { io, sh, ctx, line, gnu };
    match program {
        ":" | "true" => Outcome::Status(0),
        "false" => Outcome::Status(1),
        "sh" | "ash" | "bash" | "dash" => run.shell(program, args),
        "sleep" => run.sleep(args),
        "echo" => run.echo(args),
        "printf" => run.printf(args),
        "cat" => run.cat(args),
        "touch" => run.touch(args),
        "rm" => run.rm(args),
        "mkdir" => run.mkdir(args),
        "rmdir" => run.rmdir(args),
        "ls" => run.ls(args),
        "test" => run.test(args, false),
        "[" => run.test(args, true),
        "exit" => run.exit(args),
        "date" => run.date(args),
        "kill" => run.kill(args),
        "killall" => run.killall(args),
        "pkill" | "pgrep" => run.pkill(program, args),
        "ps" => run.ps(args),
        "hostname" => run.say(&hostname(run.ctx.fs)),
        "whoami" => run.say("root"),
        "id" => run.say("uid=0(root) gid=0(root) groups=0(root)"),
        "nproc" => run.say("2"),
        "uname" => run.uname(args),
        "pwd" => {
            let cwd = run.sh.cwd.clone();
            run.say(&cwd)
        }
        "cd" => run.cd(args),
        "env" | "printenv" => run.env(args),
        "export" => run.export(args),
        "unset" => {
            for arg in args {
                run.sh.vars.remove(arg);
            }
            Outcome::Status(0)
        }
        "set" => run.set(args),
        "shift" => {
            let n = args.first().and_then(|s| s.parse::<usize>().ok()).unwrap_or(1);
            if run.sh.params.len() > n {
                run.sh.params.drain(1..=n);
            }
            Outcome::Status(0)
        }
        "read" => run.read(args),
        "wc" => run.wc(args),
        "grep" => run.grep(args),
        "head" => run.head_tail(args, true),
        "tail" => run.head_tail(args, false),
        "seq" => run.seq(args),
        "mv" | "cp" => run.mv_cp(program == "mv", args),
        "tee" => run.tee(args),
        "basename" => run.say(args.first().map(|s| basename(s.trim_end_matches('/'))).unwrap_or("")),
        "dirname" => {
            let dir = args.first().map(|s| parent(s).to_string()).unwrap_or_else(|| ".".into());
            run.say(if dir.is_empty() { "." } else { &dir })
        }
        "expr" => run.expr(args),
        "which" | "command" | "type" => run.which(program, args),
        "wget" => run.wget(args),
        "curl" => run.curl(args),
        "trap" => run.trap(args),
        "wait" => Outcome::Wait,
        "eval" => {
            let source = args.join(" ");
            run.ctx.ops = run.ctx.ops.saturating_add(parse_cost(&source));
            run_source(&source, "eval", run.io, run.sh, PushKind::Inline, None)
        }
        "." | "source" => run.source(args),
        "exec" => {
            if args.is_empty() {
                return Outcome::Status(0);
            }
            let code = Arc::new(vec![Instr::RunArgv(args.to_vec()), Instr::ExitStatus]);
            Outcome::Push { code, kind: PushKind::Inline, params: None, dialect: None }
        }
        _ => not_found(name, run.io, run.sh, line),
    }
}

/// Whether `program` is the image's own program (PID 1's binary, or its companion CLI).
pub(super) fn is_app_program(program: &str, main_name: &str) -> bool {
    !main_name.is_empty()
        && (program == main_name
            || (main_name == "redis-server" && program == "redis-cli")
            || (main_name == "etcd" && program == "etcdctl")
            || (main_name == "python3" && program == "python")
            || (main_name == "apache2" && program == "apachectl"))
}

/// The image's own program run again from an exec: version queries and signals work; a
/// second server instance does not start.
fn app_command(program: &str, args: &[String], io: &mut Io, ctx: &mut Ctx) -> Outcome {
    let first = args.first().map(String::as_str).unwrap_or("");
    let say = |io: &mut Io, text: &str, status: i32| {
        io.out.push_str(text);
        io.out.push('\n');
        Outcome::Status(status)
    };
    match (program, first) {
        ("nginx", "-v") => {
            io.err.push_str("nginx version: nginx/1.27.3\n");
            Outcome::Status(0)
        }
        ("nginx", "-t") => {
            io.err.push_str("nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n");
            Outcome::Status(0)
        }
        ("nginx", "-s") => {
            let signal = match args.get(1).map(String::as_str) {
                Some("stop") => 15,
                Some("quit") => 3,
                Some("reload") => 1,
                Some("reopen") => 10,
                _ => {
                    io.err.push_str("nginx: invalid option: \"-s\"\n");
                    return Outcome::Status(1);
                }
            };
            ctx.signal_main = Some(signal);
            if signal == 1 {
                io.err.push_str("2026/01/01 00:00:00 [notice] 1#1: signal process started\n");
            }
            Outcome::Status(0)
        }
        ("nginx", _) => {
            io.err.push_str("nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)\n");
            Outcome::Status(1)
        }
        ("python3" | "python", "--version" | "-V") => say(io, "Python 3.12.3", 0),
        ("node", "--version" | "-v") => say(io, "v20.11.1", 0),
        ("redis-cli", "ping") => say(io, "PONG", 0),
        ("redis-cli", _) => say(io, "(error) ERR kubeplay's redis only answers PING", 1),
        ("etcdctl", "endpoint") => {
            say(io, "127.0.0.1:2379 is healthy: successfully committed proposal: took = 1.2ms", 0)
        }
        _ => {
            io.err.push_str(&format!(
                "{program}: kubeplay does not simulate running {program} a second time inside the container\n"
            ));
            Outcome::Status(1)
        }
    }
}

fn not_found(name: &str, io: &mut Io, sh: &ShellState, line: u32) -> Outcome {
    let prefix = sh.err_prefix(line.max(1));
    let message = if sh.dialect == Dialect::Bash { "command not found" } else { "not found" };
    io.err.push_str(&format!("{prefix}{name}: {message}\n"));
    Outcome::Status(127)
}

/// Parses `source` and runs it in a new frame.
fn run_source(
    source: &str,
    name: &str,
    io: &mut Io,
    sh: &ShellState,
    kind: PushKind,
    params: Option<Vec<String>>,
) -> Outcome {
    match parse_script(source) {
        Ok(cmd) => Outcome::Push { code: compile(&cmd), kind, params, dialect: None },
        Err(message) => {
            let shell = sh.params.first().map(|s| basename(s).to_string()).unwrap_or_else(|| "sh".into());
            let who = if name == "eval" || name == "sh" { shell } else { name.to_string() };
            io.err.push_str(&format!("{who}: {message}\n"));
            Outcome::Status(2)
        }
    }
}

struct Run<'r, 'c> {
    io: &'r mut Io,
    sh: &'r mut ShellState,
    ctx: &'r mut Ctx<'c>,
    line: u32,
    gnu: bool,
}

impl Run<'_, '_> {
    fn say(&mut self, text: &str) -> Outcome {
        self.io.out.push_str(text);
        self.io.out.push('\n');
        Outcome::Status(0)
    }

    fn fail(&mut self, text: &str, status: i32) -> Outcome {
        self.io.err.push_str(text);
        self.io.err.push('\n');
        Outcome::Status(status)
    }

    fn path(&self, arg: &str) -> String {
        resolve(&self.sh.cwd, arg)
    }

    fn stdin(&mut self) -> String {
        self.io.stdin.take().unwrap_or_default()
    }

    /// `sh -c SCRIPT [NAME ARGS...]`, `sh FILE`, or `sh` reading stdin.
    fn shell(&mut self, program: &str, args: &[String]) -> Outcome {
        let dialect = match program {
            "bash" => Dialect::Bash,
            "dash" => Dialect::Dash,
            _ if self.gnu => Dialect::Dash,
            _ => Dialect::Ash,
        };
        let mut index = 0;
        let mut command_mode = false;
        while let Some(arg) = args.get(index) {
            if arg == "--" {
                index += 1;
                break;
            }
            if arg == "-o" || arg == "+o" {
                index += 2;
                continue;
            }
            if (arg.starts_with('-') || arg.starts_with('+')) && arg.len() > 1 {
                command_mode |= arg.contains('c');
                index += 1;
                continue;
            }
            break;
        }
        let operands = &args[index.min(args.len())..];
        let (source, params) = if command_mode {
            let Some(source) = operands.first() else {
                return self.fail(&format!("{program}: -c requires an argument"), 2);
            };
            let mut params: Vec<String> = operands.iter().skip(1).cloned().collect();
            if params.is_empty() {
                params.push(program.to_string());
            }
            (source.clone(), params)
        } else if let Some(file) = operands.first() {
            let path = self.path(file);
            match self.ctx.fs.files.get(&path) {
                Some(source) => (source.clone(), operands.to_vec()),
                None => {
                    let message = match dialect {
                        Dialect::Ash => format!("{program}: can't open '{file}': No such file or directory"),
                        Dialect::Dash => format!("{program}: 0: cannot open {file}: No such file"),
                        Dialect::Bash => format!("{program}: {file}: No such file or directory"),
                    };
                    return self.fail(&message, if dialect == Dialect::Bash { 127 } else { 2 });
                }
            }
        } else {
            // No script and no tty: read commands from stdin, which is empty in a container.
            match self.io.stdin.take() {
                Some(source) => (source, vec![program.to_string()]),
                None => return Outcome::Status(0),
            }
        };
        self.ctx.ops = self.ctx.ops.saturating_add(parse_cost(&source));
        match parse_script(&source) {
            Ok(cmd) => Outcome::Push {
                code: compile(&cmd),
                kind: PushKind::Subshell,
                params: Some(params),
                dialect: Some(dialect),
            },
            Err(message) => self.fail(&format!("{program}: {message}"), 2),
        }
    }

    fn sleep(&mut self, args: &[String]) -> Outcome {
        if args.is_empty() {
            return self.fail("sleep: missing operand", 1);
        }
        let mut total = SimDuration::ZERO;
        for arg in args {
            match parse_sleep(arg) {
                Some(duration) => total = total + duration,
                None => {
                    let message = if self.gnu {
                        format!("sleep: invalid time interval '{arg}'")
                    } else {
                        format!("sleep: invalid number '{arg}'")
                    };
                    return self.fail(&message, 1);
                }
            }
        }
        Outcome::Sleep(total.min(FOREVER))
    }

    fn echo(&mut self, args: &[String]) -> Outcome {
        let mut newline = true;
        // dash's echo always interprets backslash escapes; bash's and busybox's only with -e.
        let mut escapes = self.sh.dialect == Dialect::Dash;
        let mut index = 0;
        while let Some(arg) = args.get(index) {
            if arg.len() < 2 || !arg.starts_with('-') || !arg[1..].chars().all(|c| matches!(c, 'n' | 'e' | 'E')) {
                break;
            }
            for c in arg[1..].chars() {
                match c {
                    'n' => newline = false,
                    'e' => escapes = true,
                    _ => escapes = false,
                }
            }
            index += 1;
        }
        let text = args[index.min(args.len())..].join(" ");
        if escapes {
            let (text, stop) = unescape(&text);
            self.io.out.push_str(&text);
            if stop {
                return Outcome::Status(0);
            }
        } else {
            self.io.out.push_str(&text);
        }
        if newline {
            self.io.out.push('\n');
        }
        Outcome::Status(0)
    }

    fn printf(&mut self, args: &[String]) -> Outcome {
        let Some(format) = args.first() else {
            return self.fail("printf: usage: printf format [arguments]", 2);
        };
        let mut values = args[1..].iter();
        loop {
            let mut consumed = false;
            let chars: Vec<char> = format.chars().collect();
            let mut i = 0;
            let mut out = String::new();
            while i < chars.len() {
                let c = chars[i];
                if c == '\\' {
                    let (text, _) = unescape(&chars[i..(i + 2).min(chars.len())].iter().collect::<String>());
                    out.push_str(&text);
                    i += 2;
                    continue;
                }
                if c != '%' {
                    out.push(c);
                    i += 1;
                    continue;
                }
                // %[flags][width]conv
                let mut j = i + 1;
                while j < chars.len()
                    && (chars[j] == '-' || chars[j] == '0' || chars[j].is_ascii_digit() || chars[j] == '.')
                {
                    j += 1;
                }
                let spec: String = chars[i + 1..j].iter().collect();
                let conv = chars.get(j).copied().unwrap_or('%');
                if conv == '%' {
                    out.push('%');
                } else {
                    let value = values.next().cloned().unwrap_or_default();
                    consumed = true;
                    let text = match conv {
                        'd' | 'i' => value.trim().parse::<i64>().unwrap_or(0).to_string(),
                        'x' => format!("{:x}", value.trim().parse::<i64>().unwrap_or(0)),
                        'c' => value.chars().next().map(String::from).unwrap_or_default(),
                        'b' => unescape(&value).0,
                        _ => value,
                    };
                    let width: usize = spec
                        .trim_start_matches(['-', '0'])
                        .split('.')
                        .next()
                        .and_then(|w| w.parse().ok())
                        .unwrap_or(0)
                        .min(1000);
                    if spec.starts_with('-') {
                        out.push_str(&format!("{text:<width$}"));
                    } else if spec.starts_with('0') && matches!(conv, 'd' | 'i') {
                        out.push_str(&format!("{text:0>width$}"));
                    } else {
                        out.push_str(&format!("{text:>width$}"));
                    }
                }
                i = j + 1;
            }
            self.io.out.push_str(&out);
            if !consumed || values.len() == 0 {
                break;
            }
        }
        Outcome::Status(0)
    }

    fn cat(&mut self, args: &[String]) -> Outcome {
        let files: Vec<&String> = args.iter().filter(|a| !(a.starts_with('-') && a.len() > 1)).collect();
        if files.is_empty() {
            let input = self.stdin();
            self.io.out.push_str(&input);
            return Outcome::Status(0);
        }
        let mut status = 0;
        for file in files {
            if file == "-" {
                let input = self.stdin();
                self.io.out.push_str(&input);
                continue;
            }
            let path = self.path(file);
            if let Some(text) = read_special(&path, self.ctx) {
                self.io.out.push_str(&text);
            } else if let Some(text) = self.ctx.fs.files.get(&path) {
                self.io.out.push_str(text);
            } else if is_dir(self.ctx.fs, &path) {
                let message = if self.gnu {
                    format!("cat: {file}: Is a directory")
                } else {
                    "cat: read error: Is a directory".to_string()
                };
                self.fail(&message, 1);
                status = 1;
            } else {
                let message = if self.gnu {
                    format!("cat: {file}: No such file or directory")
                } else {
                    format!("cat: can't open '{file}': No such file or directory")
                };
                self.fail(&message, 1);
                status = 1;
            }
        }
        Outcome::Status(status)
    }

    fn touch(&mut self, args: &[String]) -> Outcome {
        let files: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
        if files.is_empty() {
            return self.fail("touch: missing operand", 1);
        }
        let mut status = 0;
        for file in files {
            let path = self.path(file);
            if self.ctx.fs.files.contains_key(&path) || is_dir(self.ctx.fs, &path) {
                continue;
            }
            if !is_dir(self.ctx.fs, parent(&path)) {
                let message = if self.gnu {
                    format!("touch: cannot touch '{file}': No such file or directory")
                } else {
                    format!("touch: {file}: No such file or directory")
                };
                self.fail(&message, 1);
                status = 1;
                continue;
            }
            if self.ctx.fs.files.len() < super::MAX_FILES {
                self.ctx.hold(path.len() + 2 * STRING_OVERHEAD);
                self.ctx.fs.files.insert(path, String::new());
            }
        }
        Outcome::Status(status)
    }

    fn rm(&mut self, args: &[String]) -> Outcome {
        let mut force = false;
        let mut recursive = false;
        let mut files = Vec::new();
        let mut options_done = false;
        for arg in args {
            if !options_done && arg == "--" {
                options_done = true;
            } else if !options_done && arg.starts_with('-') && arg.len() > 1 {
                force |= arg.contains('f');
                recursive |= arg.contains('r') || arg.contains('R') || arg == "--recursive";
            } else {
                files.push(arg.clone());
            }
        }
        if files.is_empty() && !force {
            return self.fail("rm: missing operand", 1);
        }
        let mut status = 0;
        for file in files {
            let path = self.path(&file);
            if self.ctx.fs.files.remove(&path).is_some() {
                continue;
            }
            if is_dir(self.ctx.fs, &path) {
                if !recursive {
                    let message = if self.gnu {
                        format!("rm: cannot remove '{file}': Is a directory")
                    } else {
                        format!("rm: '{file}' is a directory")
                    };
                    self.fail(&message, 1);
                    status = 1;
                    continue;
                }
                let prefix = if path == "/" { "/".to_string() } else { format!("{path}/") };
                self.ctx.fs.files.retain(|p, _| !p.starts_with(&prefix));
                self.ctx.fs.dirs.retain(|d| !d.starts_with(&prefix) && *d != path);
                continue;
            }
            if !force {
                let message = if self.gnu {
                    format!("rm: cannot remove '{file}': No such file or directory")
                } else {
                    format!("rm: can't remove '{file}': No such file or directory")
                };
                self.fail(&message, 1);
                status = 1;
            }
        }
        Outcome::Status(status)
    }

    fn mkdir(&mut self, args: &[String]) -> Outcome {
        let parents = args.iter().any(|a| a.starts_with('-') && a.contains('p'));
        let dirs: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
        if dirs.is_empty() {
            return self.fail("mkdir: missing operand", 1);
        }
        let mut status = 0;
        for dir in dirs {
            let path = self.path(dir);
            let failure = if is_dir(self.ctx.fs, &path) || self.ctx.fs.files.contains_key(&path) {
                (!parents || self.ctx.fs.files.contains_key(&path)).then_some("File exists")
            } else if !is_dir(self.ctx.fs, parent(&path)) && !parents {
                Some("No such file or directory")
            } else {
                let mut current = path.clone();
                loop {
                    self.ctx.hold(current.len() + STRING_OVERHEAD);
                    self.ctx.fs.dirs.insert(current.clone());
                    let up = parent(&current).to_string();
                    if up == current || up.is_empty() {
                        break;
                    }
                    current = up;
                }
                None
            };
            if let Some(reason) = failure {
                let message = if self.gnu {
                    format!("mkdir: cannot create directory '{dir}': {reason}")
                } else {
                    format!("mkdir: can't create directory '{dir}': {reason}")
                };
                self.fail(&message, 1);
                status = 1;
            }
        }
        Outcome::Status(status)
    }

    fn rmdir(&mut self, args: &[String]) -> Outcome {
        let mut status = 0;
        for dir in args.iter().filter(|a| !a.starts_with('-')) {
            let path = self.path(dir);
            if !list_dir(self.ctx.fs, &path).is_empty() {
                self.fail(&format!("rmdir: '{dir}': Directory not empty"), 1);
                status = 1;
            } else if !self.ctx.fs.dirs.remove(&path) {
                self.fail(&format!("rmdir: '{dir}': No such file or directory"), 1);
                status = 1;
            }
        }
        Outcome::Status(status)
    }

    fn ls(&mut self, args: &[String]) -> Outcome {
        let long = args.iter().any(|a| a.starts_with('-') && a.contains('l'));
        let all = args.iter().any(|a| a.starts_with('-') && (a.contains('a') || a.contains('A')));
        let mut targets: Vec<String> = args.iter().filter(|a| !a.starts_with('-') || a.len() == 1).cloned().collect();
        let many = targets.len() > 1;
        if targets.is_empty() {
            targets.push(".".into());
        }
        let mut status = 0;
        let now = self.ctx.now();
        let mut first = true;
        for target in targets {
            let path = self.path(&target);
            if let Some(text) = self.ctx.fs.files.get(&path) {
                let line = if long { long_line(false, text.len(), &target, now) } else { target.clone() };
                self.io.out.push_str(&line);
                self.io.out.push('\n');
            } else if is_dir(self.ctx.fs, &path) {
                if many {
                    if !first {
                        self.io.out.push('\n');
                    }
                    self.io.out.push_str(&format!("{target}:\n"));
                }
                for name in list_dir(self.ctx.fs, &path) {
                    if name.starts_with('.') && !all {
                        continue;
                    }
                    let child = if path == "/" { format!("/{name}") } else { format!("{path}/{name}") };
                    let line = if long {
                        let size = self.ctx.fs.files.get(&child).map(String::len);
                        long_line(size.is_none(), size.unwrap_or(4096), &name, now)
                    } else {
                        name
                    };
                    self.io.out.push_str(&line);
                    self.io.out.push('\n');
                }
            } else {
                let message = if self.gnu {
                    format!("ls: cannot access '{target}': No such file or directory")
                } else {
                    format!("ls: {target}: No such file or directory")
                };
                self.fail(&message, 1);
                status = if self.gnu { 2 } else { 1 };
            }
            first = false;
        }
        Outcome::Status(status)
    }

    fn test(&mut self, args: &[String], bracket: bool) -> Outcome {
        let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
        if bracket {
            if args.last() != Some(&"]") {
                let prefix = self.sh.err_prefix(self.line.max(1));
                return self.fail(&format!("{prefix}[: missing ]"), 2);
            }
            args.pop();
        }
        match eval_test(&args, self.ctx.fs, &self.sh.cwd) {
            Ok(true) => Outcome::Status(0),
            Ok(false) => Outcome::Status(1),
            Err(message) => {
                let prefix = self.sh.err_prefix(self.line.max(1));
                self.fail(&format!("{prefix}{}: {message}", if bracket { "[" } else { "test" }), 2)
            }
        }
    }

    fn exit(&mut self, args: &[String]) -> Outcome {
        match args.first() {
            None => Outcome::Exit(self.sh.status),
            Some(arg) => match arg.parse::<i64>() {
                Ok(code) => Outcome::Exit((code & 0xff) as i32),
                Err(_) => {
                    let prefix = self.sh.err_prefix(self.line.max(1));
                    self.fail(&format!("{prefix}exit: Illegal number: {arg}"), 2);
                    Outcome::Exit(2)
                }
            },
        }
    }

    fn date(&mut self, args: &[String]) -> Outcome {
        let now = self.ctx.now();
        let format = args.iter().find_map(|a| a.strip_prefix('+')).unwrap_or("%a %b %e %H:%M:%S %Z %Y");
        let text = format_date(now, format);
        self.say(&text)
    }

    fn kill(&mut self, args: &[String]) -> Outcome {
        let mut signal = 15;
        let mut pids = Vec::new();
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            if arg == "-l" || arg == "-L" {
                return self.say("HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM");
            } else if arg == "-s" || arg == "-n" {
                match iter.next().and_then(|s| signal_number(s)) {
                    Some(n) => signal = n,
                    None => return self.fail("kill: bad signal name", 1),
                }
            } else if let Some(spec) = arg.strip_prefix('-').filter(|s| !s.is_empty()) {
                match signal_number(spec) {
                    Some(n) => signal = n,
                    None => return self.fail(&format!("kill: bad signal name '{spec}'"), 1),
                }
            } else {
                pids.push(arg.clone());
            }
        }
        if pids.is_empty() {
            return self.fail("kill: usage: kill [-s sigspec | -signum | -sigspec] pid ...", 2);
        }
        let mut status = 0;
        let mut exit_self = None;
        for pid in pids {
            let number = pid.parse::<i64>().ok();
            if number == Some(1) || (number == Some(-1) && signal != 0) {
                if signal != 0 {
                    self.ctx.signal_main = Some(signal);
                }
            } else if number.is_some_and(|n| n == i64::from(self.sh.pid)) && self.sh.pid != 1 {
                exit_self = Some(128 + signal);
            } else {
                let message = match (self.line > 0, self.sh.dialect, self.gnu) {
                    (true, Dialect::Ash, _) => {
                        format!("{}can't kill pid {pid}: No such process", self.sh.err_prefix(self.line))
                    }
                    (true, Dialect::Dash, _) => format!("{}kill: No such process", self.sh.err_prefix(self.line)),
                    (true, Dialect::Bash, _) => {
                        format!("{}kill: ({pid}) - No such process", self.sh.err_prefix(self.line))
                    }
                    (false, _, true) => format!("kill: ({pid}): No such process"),
                    (false, _, false) => format!("kill: can't kill pid {pid}: No such process"),
                };
                self.fail(&message, 1);
                status = 1;
            }
        }
        match exit_self {
            Some(code) => Outcome::Exit(code),
            None => Outcome::Status(status),
        }
    }

    fn killall(&mut self, args: &[String]) -> Outcome {
        let (signal, names) = match split_signal_args(args) {
            Ok(result) => result,
            Err(spec) => return self.fail(&format!("killall: bad signal name '{spec}'"), 1),
        };
        if names.is_empty() {
            return self.fail("killall: usage: killall [-l] [-q] [-SIG] PROCESS_NAME...", 1);
        }
        let main_name = self.ctx.main.name.clone();
        let mut status = 0;
        for name in names {
            if name == main_name {
                if signal != 0 {
                    self.ctx.signal_main = Some(signal);
                }
            } else {
                let message = if self.gnu {
                    format!("{name}: no process found")
                } else {
                    format!("killall: {name}: no process killed")
                };
                self.fail(&message, 1);
                status = 1;
            }
        }
        Outcome::Status(status)
    }

    /// `pkill PATTERN` / `pgrep PATTERN` (substring of the name, or of the command line
    /// with `-f`).
    fn pkill(&mut self, program: &str, args: &[String]) -> Outcome {
        let full = args.iter().any(|a| a == "-f");
        let rest: Vec<String> = args.iter().filter(|a| *a != "-f").cloned().collect();
        let (signal, patterns) = match split_signal_args(&rest) {
            Ok(result) => result,
            Err(spec) => return self.fail(&format!("{program}: bad signal name '{spec}'"), 2),
        };
        let Some(pattern) = patterns.first() else {
            return self.fail(&format!("{program}: no matching criteria specified"), 2);
        };
        let MainProc { name, cmdline } = self.ctx.main.clone();
        let haystack = if full { cmdline } else { name };
        if haystack.is_empty() || !haystack.contains(pattern.as_str()) {
            return Outcome::Status(1);
        }
        if program == "pgrep" {
            return self.say("1");
        }
        if signal != 0 {
            self.ctx.signal_main = Some(signal);
        }
        Outcome::Status(0)
    }

    fn ps(&mut self, args: &[String]) -> Outcome {
        let MainProc { name, cmdline } = self.ctx.main.clone();
        let main_cmd = if cmdline.is_empty() { name.clone() } else { cmdline.clone() };
        let own_pid = if self.sh.pid == 1 { 8 } else { self.sh.pid + u32::from(self.line > 0) * 6 };
        if !self.gnu {
            let mut text = String::from("PID   USER     TIME  COMMAND\n");
            text.push_str(&format!("{:>5} {:<8} {:>5} {}\n", 1, "root", "0:00", main_cmd));
            if self.line > 0 && self.sh.pid != 1 {
                text.push_str(&format!("{:>5} {:<8} {:>5} {}\n", self.sh.pid, "root", "0:00", "sh"));
            }
            text.push_str(&format!("{:>5} {:<8} {:>5} {}\n", own_pid, "root", "0:00", "ps"));
            self.io.out.push_str(&text);
            return Outcome::Status(0);
        }
        let wide = args.iter().any(|a| a.contains('e') || a.contains('a') || a.contains('f'));
        let mut text = String::new();
        if wide {
            text.push_str("UID          PID    PPID  C STIME TTY          TIME CMD\n");
            text.push_str(&format!("{:<8} {:>7} {:>7}  0 00:00 ?        00:00:00 {}\n", "root", 1, 0, main_cmd));
            text.push_str(&format!(
                "{:<8} {:>7} {:>7}  0 00:00 ?        00:00:00 ps {}\n",
                "root",
                own_pid,
                0,
                args.join(" ")
            ));
        } else {
            text.push_str("    PID TTY          TIME CMD\n");
            text.push_str(&format!("{:>7} ?        00:00:00 {}\n", 1, name));
            text.push_str(&format!("{:>7} ?        00:00:00 ps\n", own_pid));
        }
        self.io.out.push_str(&text);
        Outcome::Status(0)
    }

    fn uname(&mut self, args: &[String]) -> Outcome {
        let host = hostname(self.ctx.fs);
        let text = match args.first().map(String::as_str) {
            Some("-a") => format!("Linux {host} 6.8.0-kubeplay #1 SMP x86_64 GNU/Linux"),
            Some("-r") => "6.8.0-kubeplay".to_string(),
            Some("-m") => "x86_64".to_string(),
            Some("-n") => host,
            _ => "Linux".to_string(),
        };
        self.say(&text)
    }

    fn cd(&mut self, args: &[String]) -> Outcome {
        let target = args.first().cloned().unwrap_or_else(|| "/root".into());
        let path = self.path(&target);
        if is_dir(self.ctx.fs, &path) {
            self.sh.cwd = path;
            return Outcome::Status(0);
        }
        let prefix = self.sh.err_prefix(self.line.max(1));
        let message = match self.sh.dialect {
            Dialect::Ash => format!("{prefix}cd: can't cd to {target}: No such file or directory"),
            Dialect::Dash => format!("{prefix}cd: can't cd to {target}"),
            Dialect::Bash => format!("{prefix}cd: {target}: No such file or directory"),
        };
        self.fail(&message, if self.sh.dialect == Dialect::Dash { 2 } else { 1 })
    }

    fn env(&mut self, args: &[String]) -> Outcome {
        if let Some(name) = args.first() {
            return match self.sh.vars.get(name).cloned() {
                Some(value) => self.say(&value),
                None => Outcome::Status(1),
            };
        }
        let text: String = self.sh.vars.iter().filter(|(k, _)| is_name(k)).map(|(k, v)| format!("{k}={v}\n")).collect();
        self.io.out.push_str(&text);
        Outcome::Status(0)
    }

    fn export(&mut self, args: &[String]) -> Outcome {
        for arg in args {
            if let Some((name, value)) = arg.split_once('=') {
                if is_name(name) {
                    self.sh.vars.insert(name.to_string(), value.to_string());
                }
            }
        }
        Outcome::Status(0)
    }

    fn set(&mut self, args: &[String]) -> Outcome {
        if let Some(pos) = args.iter().position(|a| a == "--") {
            let mut params = vec![self.sh.params.first().cloned().unwrap_or_else(|| "sh".into())];
            params.extend(args[pos + 1..].iter().cloned());
            self.sh.params = params;
        }
        // Options such as -e, -x, -u are accepted and not simulated.
        Outcome::Status(0)
    }

    fn read(&mut self, args: &[String]) -> Outcome {
        let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
        let Some(input) = self.io.stdin.take() else {
            return Outcome::Status(1);
        };
        let Some((line, rest)) =
            input.split_once('\n').or(if input.is_empty() { None } else { Some((input.as_str(), "")) })
        else {
            return Outcome::Status(1);
        };
        let mut words = line.split_whitespace();
        for (index, name) in names.iter().enumerate() {
            let value = if index + 1 == names.len() {
                words.by_ref().collect::<Vec<_>>().join(" ")
            } else {
                words.next().unwrap_or("").to_string()
            };
            self.sh.vars.insert((*name).clone(), value);
        }
        if names.is_empty() {
            self.sh.vars.insert("REPLY".into(), line.to_string());
        }
        if !rest.is_empty() {
            self.sh.vars.insert(STDIN_VAR.into(), rest.to_string());
        }
        Outcome::Status(0)
    }

    fn wc(&mut self, args: &[String]) -> Outcome {
        let flags: String = args.iter().filter(|a| a.starts_with('-')).map(|a| a.trim_start_matches('-')).collect();
        let files: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
        let count = |text: &str| -> String {
            let lines = text.matches('\n').count();
            let words = text.split_whitespace().count();
            let bytes = text.len();
            let mut parts = Vec::new();
            if flags.is_empty() || flags.contains('l') {
                parts.push(lines.to_string());
            }
            if flags.is_empty() || flags.contains('w') {
                parts.push(words.to_string());
            }
            if flags.is_empty() || flags.contains('c') || flags.contains('m') {
                parts.push(bytes.to_string());
            }
            parts.join(" ")
        };
        if files.is_empty() {
            let input = self.stdin();
            let text = count(&input);
            return self.say(&text);
        }
        let mut status = 0;
        for file in files {
            let path = self.path(file);
            match self.ctx.fs.files.get(&path) {
                Some(text) => {
                    self.ctx.ops = self.ctx.ops.saturating_add(text.len() as u64 / SCAN_BYTES_PER_UNIT);
                    let line = format!("{} {file}", count(text));
                    self.say(&line);
                }
                None => {
                    self.fail(&format!("wc: {file}: No such file or directory"), 1);
                    status = 1;
                }
            }
        }
        Outcome::Status(status)
    }

    fn grep(&mut self, args: &[String]) -> Outcome {
        let mut invert = false;
        let mut quiet = false;
        let mut count = false;
        let mut ignore_case = false;
        let mut numbers = false;
        let mut fixed = false;
        let mut extended = false;
        let mut pattern = None;
        let mut files = Vec::new();
        for arg in args {
            if arg.starts_with('-') && arg.len() > 1 && pattern.is_none() {
                for c in arg[1..].chars() {
                    match c {
                        'v' => invert = true,
                        'q' | 's' => quiet |= c == 'q',
                        'c' => count = true,
                        'i' => ignore_case = true,
                        'n' => numbers = true,
                        'F' => fixed = true,
                        'E' => extended = true,
                        _ => {}
                    }
                }
            } else if pattern.is_none() {
                pattern = Some(arg.clone());
            } else {
                files.push(arg.clone());
            }
        }
        let Some(pattern) = pattern else {
            return self.fail("Usage: grep [-vqcinFE] PATTERN [FILE]...", 2);
        };
        let regex = if fixed {
            None
        } else {
            match Regex::new(&pattern, extended, ignore_case) {
                Ok(regex) => Some(regex),
                Err(()) => {
                    let message = if self.gnu {
                        "grep: Unmatched ( or \\(".to_string()
                    } else {
                        format!("grep: bad regex '{pattern}'")
                    };
                    return self.fail(&message, 2);
                }
            }
        };
        // A linear-time matcher: each line costs its length times the pattern's size (its
        // length, or more when an interval copies part of it: `Regex::size`).
        let per_byte = regex.as_ref().map_or(0, Regex::size).max(pattern.len()) as u64 + 1;
        let pattern = if ignore_case { pattern.to_ascii_lowercase() } else { pattern };
        let start = self.ctx.ops;
        let mut inputs = Vec::new();
        let mut status_error = false;
        if files.is_empty() {
            inputs.push((String::new(), self.stdin()));
        }
        for file in &files {
            match self.ctx.fs.files.get(&self.path(file)) {
                Some(text) => inputs.push((file.clone(), text.clone())),
                None => {
                    self.fail(&format!("grep: {file}: No such file or directory"), 2);
                    status_error = true;
                }
            }
        }
        let mut matched = 0;
        let prefix_names = files.len() > 1;
        for (file, text) in inputs {
            let mut file_matches = 0;
            for (index, line) in text.lines().enumerate() {
                if !self.ctx.charge((line.len() as u64 + 1) * per_byte / MATCH_STEPS_PER_UNIT, start) {
                    // Past what one command may do at once: stopped like `ulimit -t`.
                    self.io.err.push_str("Cputime limit exceeded\n");
                    return Outcome::Status(152);
                }
                let hit = match &regex {
                    None if ignore_case => line.to_ascii_lowercase().contains(&pattern),
                    None => line.contains(&pattern),
                    Some(regex) => regex.is_match(line),
                };
                if hit != invert {
                    file_matches += 1;
                    if !quiet && !count {
                        let mut out = String::new();
                        if prefix_names {
                            out.push_str(&format!("{file}:"));
                        }
                        if numbers {
                            out.push_str(&format!("{}:", index + 1));
                        }
                        out.push_str(line);
                        self.say(&out);
                    }
                }
            }
            if count && !quiet {
                let line = if prefix_names { format!("{file}:{file_matches}") } else { file_matches.to_string() };
                self.say(&line);
            }
            matched += file_matches;
        }
        if matched > 0 {
            Outcome::Status(0)
        } else if status_error {
            Outcome::Status(2)
        } else {
            Outcome::Status(1)
        }
    }

    fn head_tail(&mut self, args: &[String], head: bool) -> Outcome {
        let mut lines = 10usize;
        let mut follow = false;
        let mut files = Vec::new();
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            if arg == "-n" {
                lines = iter.next().and_then(|s| s.trim_start_matches('+').parse().ok()).unwrap_or(10);
            } else if let Some(n) = arg.strip_prefix("-n").filter(|s| !s.is_empty()) {
                lines = n.parse().unwrap_or(10);
            } else if arg == "-f" || arg == "-F" || arg == "--follow" {
                follow = true;
            } else if let Some(n) = arg.strip_prefix('-').and_then(|s| s.parse().ok()) {
                lines = n;
            } else if !arg.starts_with('-') {
                files.push(arg.clone());
            }
        }
        let program = if head { "head" } else { "tail" };
        let mut texts = Vec::new();
        if files.is_empty() {
            texts.push(self.stdin());
        }
        let mut status = 0;
        for file in &files {
            match self.ctx.fs.files.get(&self.path(file)) {
                Some(text) => texts.push(text.clone()),
                None => {
                    let message = if self.gnu {
                        format!("{program}: cannot open '{file}' for reading: No such file or directory")
                    } else {
                        format!("{program}: can't open '{file}': No such file or directory")
                    };
                    self.fail(&message, 1);
                    status = 1;
                }
            }
        }
        for text in texts {
            let all: Vec<&str> = text.lines().collect();
            let chosen = if head { &all[..lines.min(all.len())] } else { &all[all.len().saturating_sub(lines)..] };
            for line in chosen {
                self.io.out.push_str(line);
                self.io.out.push('\n');
            }
        }
        if follow && !head {
            // `tail -f` never ends; what is appended later is not followed in this model.
            return Outcome::Sleep(FOREVER);
        }
        Outcome::Status(status)
    }

    fn seq(&mut self, args: &[String]) -> Outcome {
        let numbers: Vec<i64> = args.iter().filter_map(|a| a.parse().ok()).collect();
        if numbers.len() != args.len() || numbers.is_empty() || numbers.len() > 3 {
            return self.fail("seq: invalid argument", 1);
        }
        let (first, step, last) = match numbers.as_slice() {
            [last] => (1, 1, *last),
            [first, last] => (*first, 1, *last),
            [first, step, last] => (*first, *step, *last),
            _ => (1, 1, 0),
        };
        if step == 0 {
            return self.fail("seq: invalid Zero increment value: '0'", 1);
        }
        let mut value = first;
        let mut emitted = 0;
        while ((step > 0 && value <= last) || (step < 0 && value >= last)) && emitted < 100_000 {
            self.io.out.push_str(&value.to_string());
            self.io.out.push('\n');
            value = value.saturating_add(step);
            emitted += 1;
        }
        Outcome::Status(0)
    }

    fn mv_cp(&mut self, is_move: bool, args: &[String]) -> Outcome {
        let program = if is_move { "mv" } else { "cp" };
        let operands: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
        let [source, target] = operands.as_slice() else {
            return self.fail(&format!("{program}: missing file operand"), 1);
        };
        let from = self.path(source);
        let Some(text) = self.ctx.fs.files.get(&from).cloned() else {
            let message = if self.gnu {
                format!("{program}: cannot stat '{source}': No such file or directory")
            } else {
                format!("{program}: can't stat '{source}': No such file or directory")
            };
            return self.fail(&message, 1);
        };
        let mut to = self.path(target);
        if is_dir(self.ctx.fs, &to) {
            to = resolve(&to, basename(&from));
        }
        if !is_dir(self.ctx.fs, parent(&to)) {
            return self.fail(&format!("{program}: can't create '{target}': No such file or directory"), 1);
        }
        if is_move {
            self.ctx.fs.files.remove(&from);
        } else {
            self.ctx.hold(text.len() + to.len() + 2 * STRING_OVERHEAD);
        }
        self.ctx.fs.files.insert(to, text);
        Outcome::Status(0)
    }

    fn tee(&mut self, args: &[String]) -> Outcome {
        let append = args.iter().any(|a| a == "-a");
        let input = self.stdin();
        for file in args.iter().filter(|a| !a.starts_with('-')) {
            let path = self.path(file);
            if is_dir(self.ctx.fs, parent(&path)) {
                let entry = self.ctx.fs.files.entry(path).or_default();
                if !append {
                    entry.clear();
                }
                if entry.len() + input.len() <= super::MAX_FILE {
                    entry.push_str(&input);
                    self.ctx.hold(input.len());
                }
            }
        }
        self.io.out.push_str(&input);
        Outcome::Status(0)
    }

    fn expr(&mut self, args: &[String]) -> Outcome {
        let expression = args.join(" ").replace('\\', "");
        match arith(&expression, self.sh) {
            Ok(value) => {
                self.say(&value.to_string());
                Outcome::Status(i32::from(value == 0))
            }
            Err(_) => self.fail("expr: syntax error", 2),
        }
    }

    fn which(&mut self, program: &str, args: &[String]) -> Outcome {
        let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
        let mut status = 0;
        for name in names {
            if program != "which" && BUILTINS.contains(&name.as_str()) {
                let line = if program == "type" { format!("{name} is a shell builtin") } else { name.clone() };
                self.say(&line);
            } else if exists(name, self.ctx.fs) {
                let path = if name.contains('/') { name.clone() } else { format!("/bin/{name}") };
                let line = if program == "type" { format!("{name} is {path}") } else { path };
                self.say(&line);
            } else {
                status = 1;
            }
        }
        Outcome::Status(status)
    }

    fn trap(&mut self, args: &[String]) -> Outcome {
        if args.is_empty() {
            let text: String = self
                .sh
                .traps
                .iter()
                .map(|(signal, action)| {
                    format!("trap -- '{}' {}\n", action.replace('\'', "'\\''"), signal_name(*signal))
                })
                .collect();
            self.io.out.push_str(&text);
            return Outcome::Status(0);
        }
        let reset = args[0] == "-" || args[0].parse::<u32>().is_ok();
        let (action, conditions) = if args[0] == "-" {
            (None, &args[1..])
        } else if reset {
            (None, args)
        } else {
            (Some(args[0].clone()), &args[1..])
        };
        let mut status = 0;
        for condition in conditions {
            match signal_number(condition)
                .or_else(|| matches!(condition.to_ascii_uppercase().as_str(), "EXIT").then_some(0))
            {
                Some(signal) => match &action {
                    Some(action) => {
                        self.sh.traps.insert(signal, action.clone());
                    }
                    None => {
                        self.sh.traps.remove(&signal);
                    }
                },
                None => {
                    let prefix = self.sh.err_prefix(self.line.max(1));
                    self.fail(&format!("{prefix}trap: {condition}: bad trap"), 1);
                    status = 1;
                }
            }
        }
        Outcome::Status(status)
    }

    fn source(&mut self, args: &[String]) -> Outcome {
        let Some(file) = args.first() else {
            return Outcome::Status(0);
        };
        let path = self.path(file);
        match self.ctx.fs.files.get(&path).cloned() {
            Some(source) => {
                self.ctx.ops = self.ctx.ops.saturating_add(parse_cost(&source));
                run_source(&source, file, self.io, self.sh, PushKind::Inline, None)
            }
            None => {
                let prefix = self.sh.err_prefix(self.line.max(1));
                self.fail(&format!("{prefix}.: can't open '{file}'"), 2)
            }
        }
    }

    /// busybox `wget`: `-q`, `-O FILE`/`-O-`, `--spider`, `-T`/`--timeout`.
    fn wget(&mut self, args: &[String]) -> Outcome {
        let mut quiet = false;
        let mut spider = false;
        let mut output: Option<String> = None;
        let mut url = None;
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            if arg == "--spider" {
                spider = true;
            } else if let Some(file) = arg.strip_prefix("--output-document=") {
                output = Some(file.to_string());
            } else if arg == "-T" || arg == "--timeout" || arg == "-U" || arg == "--header" {
                iter.next();
            } else if arg.starts_with("--") {
            } else if let Some(flags) = arg.strip_prefix('-').filter(|s| !s.is_empty()) {
                for (index, c) in flags.char_indices() {
                    match c {
                        'q' => quiet = true,
                        'O' => {
                            let rest = &flags[index + 1..];
                            output = Some(if rest.is_empty() {
                                iter.next().cloned().unwrap_or_default()
                            } else {
                                rest.to_string()
                            });
                            break;
                        }
                        'T' => {
                            if flags[index + 1..].is_empty() {
                                iter.next();
                            }
                            break;
                        }
                        _ => {}
                    }
                }
            } else {
                url = Some(arg.clone());
            }
        }
        let Some(url) = url else {
            return self.fail("wget: missing URL", 1);
        };
        let (host, port) = host_port(&url);
        if !quiet {
            self.io.err.push_str(&format!("Connecting to {host} ({host}:{port})\n"));
        }
        match self.ctx.net.http_get(&url, crate::engine::apps::app_log::WGET_USER_AGENT) {
            Err(NetError::BadAddress) => self.fail(&format!("wget: bad address '{host}'"), 1),
            Err(NetError::Refused(ip)) => {
                self.fail(&format!("wget: can't connect to remote host ({ip}): Connection refused"), 1)
            }
            Err(NetError::Timeout(_)) => self.fail("wget: download timed out", 1),
            Ok(HttpReply { status, .. }) if status >= 400 => {
                self.fail(&format!("wget: server returned error: HTTP/1.1 {status} {}", reason_phrase(status)), 1)
            }
            Ok(HttpReply { body, .. }) => {
                if spider {
                    return Outcome::Status(0);
                }
                let target = output.unwrap_or_else(|| {
                    let name = url.split('?').next().unwrap_or("").rsplit('/').next().unwrap_or("");
                    if name.is_empty()
                        || !url.trim_end_matches('/').contains('/')
                        || url.ends_with('/')
                        || name.contains(':')
                        || name == host
                    {
                        "index.html".into()
                    } else {
                        name.to_string()
                    }
                });
                if target == "-" {
                    self.io.out.push_str(&body);
                } else if target != "/dev/null" {
                    let path = self.path(&target);
                    self.ctx.fs.files.insert(path, body);
                    if !quiet {
                        self.io.err.push_str(&format!("saving to '{target}'\n'{target}' saved\n"));
                    }
                }
                Outcome::Status(0)
            }
        }
    }

    /// `curl`: `-s`, `-S`, `-f`, `-o FILE`, `-I`; other options are accepted and ignored.
    fn curl(&mut self, args: &[String]) -> Outcome {
        let mut silent = false;
        let mut show_error = false;
        let mut fail = false;
        let mut head = false;
        let mut output: Option<String> = None;
        let mut url = None;
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            match arg.as_str() {
                "-o" | "--output" => output = iter.next().cloned(),
                "-H" | "--header" | "-X" | "--request" | "-d" | "--data" | "-m" | "--max-time"
                | "--connect-timeout" | "-w" | "--write-out" | "-A" | "-u" => {
                    iter.next();
                }
                "--silent" => silent = true,
                "--fail" => fail = true,
                "--head" => head = true,
                "--show-error" => show_error = true,
                a if a.starts_with("--") => {}
                a if a.starts_with('-') && a.len() > 1 => {
                    silent |= a.contains('s');
                    show_error |= a.contains('S');
                    fail |= a.contains('f');
                    head |= a.contains('I');
                }
                _ => url = Some(arg.clone()),
            }
        }
        let Some(url) = url else {
            return self.fail("curl: try 'curl --help' for more information", 2);
        };
        let (host, port) = host_port(&url);
        let show = !silent || show_error;
        let error = |run: &mut Self, message: String, code: i32| {
            if show {
                run.io.err.push_str(&message);
                run.io.err.push('\n');
            }
            Outcome::Status(code)
        };
        match self.ctx.net.http_get(&url, crate::engine::apps::app_log::CURL_USER_AGENT) {
            Err(NetError::BadAddress) => error(self, format!("curl: (6) Could not resolve host: {host}"), 6),
            Err(NetError::Refused(_)) => error(
                self,
                format!("curl: (7) Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server"),
                7,
            ),
            Err(NetError::Timeout(_)) => error(
                self,
                format!("curl: (28) Failed to connect to {host} port {port} after 10000 ms: Timeout was reached"),
                28,
            ),
            Ok(HttpReply { status, body }) => {
                if fail && status >= 400 {
                    return error(self, format!("curl: (22) The requested URL returned error: {status}"), 22);
                }
                let text = if head { format!("HTTP/1.1 {status} {}\r\n\r\n", reason_phrase(status)) } else { body };
                match output {
                    Some(file) if file != "-" => {
                        if file != "/dev/null" {
                            let path = self.path(&file);
                            self.ctx.fs.files.insert(path, text);
                        }
                    }
                    _ => self.io.out.push_str(&text),
                }
                Outcome::Status(0)
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers shared with the interpreter

/// Parses a `sleep` operand: `30`, `0.5`, `1m`, `2h`, `1d`, `infinity`.
pub(super) fn parse_sleep(text: &str) -> Option<SimDuration> {
    if text.eq_ignore_ascii_case("infinity") || text.eq_ignore_ascii_case("inf") {
        return Some(FOREVER);
    }
    let (number, factor) = match text.char_indices().last() {
        Some((index, 's')) => (&text[..index], 1.0),
        Some((index, 'm')) => (&text[..index], 60.0),
        Some((index, 'h')) => (&text[..index], 3600.0),
        Some((index, 'd')) => (&text[..index], 86_400.0),
        _ => (text, 1.0),
    };
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let value = crate::num::parse_f64(number)?;
    let millis = value * factor * 1000.0;
    if !millis.is_finite() || millis < 0.0 {
        return None;
    }
    Some(if millis >= 1e18 { FOREVER } else { SimDuration(millis.round() as u64) })
}

/// Normalizes `path` against `cwd`: absolute, no `.`/`..`, no trailing slash.
pub(super) fn resolve(cwd: &str, path: &str) -> String {
    let joined = if path.starts_with('/') { path.to_string() } else { format!("{cwd}/{path}") };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    format!("/{}", parts.join("/"))
}

/// The directory part of a path (`/tmp` for `/tmp/x`, `/` for `/tmp`).
pub(super) fn parent(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) => "/",
        Some(index) => &path[..index],
        None => "",
    }
}

/// Whether `path` is a directory: listed, `/`, or a parent of some file or directory.
pub(super) fn is_dir(fs: &Fs, path: &str) -> bool {
    if path == "/" || BASE_DIRS.contains(&path) || fs.dirs.contains(path) {
        return true;
    }
    let prefix = format!("{path}/");
    let under = |key: &String| key.starts_with(&prefix);
    fs.files.range(prefix.clone()..).next().is_some_and(|(k, _)| under(k))
        || fs.dirs.range(prefix.clone()..).next().is_some_and(under)
}

/// Directories every image has, even with an empty `Fs` (`touch /tmp/healthy` must work).
const BASE_DIRS: &[&str] = &["/bin", "/dev", "/etc", "/proc", "/root", "/sys", "/tmp", "/usr", "/var"];

/// Names directly inside directory `dir`, sorted.
pub(super) fn list_dir(fs: &Fs, dir: &str) -> Vec<String> {
    let prefix = if dir == "/" { "/".to_string() } else { format!("{dir}/") };
    let base = BASE_DIRS.iter().map(|d| d.to_string()).collect::<Vec<_>>();
    let mut names: Vec<String> = fs
        .files
        .keys()
        .chain(fs.dirs.iter())
        .chain(base.iter())
        .filter_map(|path| path.strip_prefix(&prefix))
        .filter(|rest| !rest.is_empty())
        .map(|rest| rest.split('/').next().unwrap_or(rest).to_string())
        .collect();
    names.sort_small();
    names.dedup();
    names
}

fn hostname(fs: &Fs) -> String {
    if fs.hostname.is_empty() {
        "localhost".into()
    } else {
        fs.hostname.clone()
    }
}

/// Files the kernel provides rather than the image.
fn read_special(path: &str, ctx: &Ctx) -> Option<String> {
    match path {
        "/dev/null" => Some(String::new()),
        "/etc/hostname" if !ctx.fs.files.contains_key(path) => Some(format!("{}\n", hostname(ctx.fs))),
        "/proc/1/cmdline" => Some(ctx.main.cmdline.replace(' ', "\0")),
        _ => None,
    }
}

/// Interprets backslash escapes; the flag says `\c` stopped output.
fn unescape(text: &str) -> (String, bool) {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('a') => out.push('\u{7}'),
            Some('e') => out.push('\u{1b}'),
            Some('0') => {}
            Some('c') => return (out, true),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    (out, false)
}

/// `test` expressions: unary file and string tests, binary comparisons, `!`, `-a`, `-o`.
fn eval_test(args: &[&str], fs: &Fs, cwd: &str) -> Result<bool, String> {
    if let Some(pos) = args.iter().position(|a| *a == "-o") {
        if pos > 0 {
            return Ok(eval_test(&args[..pos], fs, cwd)? || eval_test(&args[pos + 1..], fs, cwd)?);
        }
    }
    if let Some(pos) = args.iter().position(|a| *a == "-a") {
        if pos > 0 {
            return Ok(eval_test(&args[..pos], fs, cwd)? && eval_test(&args[pos + 1..], fs, cwd)?);
        }
    }
    match args {
        [] => Ok(false),
        ["!", rest @ ..] => Ok(!eval_test(rest, fs, cwd)?),
        ["(", inner @ .., ")"] => eval_test(inner, fs, cwd),
        [single] => Ok(!single.is_empty()),
        [op, operand] => {
            let path = resolve(cwd, operand);
            Ok(match *op {
                "-e" => fs.files.contains_key(&path) || is_dir(fs, &path),
                "-f" => fs.files.contains_key(&path),
                "-d" => is_dir(fs, &path),
                "-s" => fs.files.get(&path).is_some_and(|t| !t.is_empty()) || is_dir(fs, &path),
                "-r" | "-w" | "-x" | "-L" | "-h" => fs.files.contains_key(&path) || is_dir(fs, &path),
                "-z" => operand.is_empty(),
                "-n" => !operand.is_empty(),
                _ => return Err(format!("{op}: unknown operand")),
            })
        }
        [left, op, right] => {
            let number = |s: &str| s.trim().parse::<i64>().map_err(|_| format!("invalid number '{s}'"));
            Ok(match *op {
                "=" | "==" => left == right,
                "!=" => left != right,
                "-eq" => number(left)? == number(right)?,
                "-ne" => number(left)? != number(right)?,
                "-lt" => number(left)? < number(right)?,
                "-le" => number(left)? <= number(right)?,
                "-gt" => number(left)? > number(right)?,
                "-ge" => number(left)? >= number(right)?,
                _ => return Err("syntax error".into()),
            })
        }
        _ => Err("syntax error".into()),
    }
}

/// Splits `-9`, `-KILL`, `-s TERM` from names; the error is the bad signal spec.
fn split_signal_args(args: &[String]) -> Result<(i32, Vec<String>), String> {
    let mut signal = 15;
    let mut names = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == "-s" {
            let spec = iter.next().cloned().unwrap_or_default();
            signal = signal_number(&spec).ok_or(spec)?;
        } else if arg == "-q" || arg == "-e" || arg == "-v" || arg == "-w" || arg == "-x" {
        } else if let Some(spec) = arg.strip_prefix('-').filter(|s| !s.is_empty()) {
            signal = signal_number(spec).ok_or_else(|| spec.to_string())?;
        } else {
            names.push(arg.clone());
        }
    }
    Ok((signal, names))
}

const SIGNALS: &[(&str, i32)] = &[
    ("HUP", 1),
    ("INT", 2),
    ("QUIT", 3),
    ("ILL", 4),
    ("TRAP", 5),
    ("ABRT", 6),
    ("BUS", 7),
    ("FPE", 8),
    ("KILL", 9),
    ("USR1", 10),
    ("SEGV", 11),
    ("USR2", 12),
    ("PIPE", 13),
    ("ALRM", 14),
    ("TERM", 15),
];

/// `9`, `KILL`, `SIGKILL`, `kill` -> 9.
pub(super) fn signal_number(spec: &str) -> Option<i32> {
    if let Ok(number) = spec.parse::<i32>() {
        return (0..=64).contains(&number).then_some(number);
    }
    let upper = spec.to_ascii_uppercase();
    let name = upper.strip_prefix("SIG").unwrap_or(&upper);
    SIGNALS.iter().find(|(n, _)| *n == name).map(|(_, number)| *number)
}

fn signal_name(number: i32) -> String {
    if number == 0 {
        return "EXIT".into();
    }
    SIGNALS
        .iter()
        .find(|(_, n)| *n == number)
        .map(|(name, _)| (*name).to_string())
        .unwrap_or_else(|| number.to_string())
}

fn host_port(url: &str) -> (String, String) {
    let rest = url.split("://").nth(1).unwrap_or(url);
    let authority = rest.split('/').next().unwrap_or(rest);
    let default_port = if url.starts_with("https://") { "443" } else { "80" };
    match authority.rsplit_once(':') {
        Some((host, port)) => (host.to_string(), port.to_string()),
        None => (authority.to_string(), default_port.to_string()),
    }
}

/// The reason phrase servers send with a status code.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// `ls -l` line in busybox layout.
fn long_line(dir: bool, size: usize, name: &str, now: SimTime) -> String {
    let mode = if dir { "drwxr-xr-x" } else { "-rw-r--r--" };
    let links = if dir { 2 } else { 1 };
    let stamp = format_date(now, "%b %e %H:%M");
    format!("{mode} {links:>4} root     root     {size:>9} {stamp} {name}")
}

/// strftime subset on cluster time (epoch 2026-01-01T00:00:00Z, a Thursday).
pub(super) fn format_date(now: SimTime, format: &str) -> String {
    const EPOCH_DAYS: i64 = 20_454;
    const EPOCH_UNIX: i64 = EPOCH_DAYS * 86_400;
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let secs = (now.0 / 1000) as i64;
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let (year, month, day) = civil_from_days(EPOCH_DAYS + days);
    let (hour, minute, second) = (rem / 3600, (rem % 3600) / 60, rem % 60);
    let weekday = DAYS[(days % 7) as usize];
    let month_name = MONTHS[(month as usize).saturating_sub(1).min(11)];
    let mut out = String::new();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('Y') => out.push_str(&year.to_string()),
            Some('m') => out.push_str(&format!("{month:02}")),
            Some('d') => out.push_str(&format!("{day:02}")),
            Some('e') => out.push_str(&format!("{day:>2}")),
            Some('H') => out.push_str(&format!("{hour:02}")),
            Some('M') => out.push_str(&format!("{minute:02}")),
            Some('S') => out.push_str(&format!("{second:02}")),
            Some('T') => out.push_str(&format!("{hour:02}:{minute:02}:{second:02}")),
            Some('F') => out.push_str(&format!("{year}-{month:02}-{day:02}")),
            Some('s') => out.push_str(&(EPOCH_UNIX + secs).to_string()),
            Some('a') => out.push_str(weekday),
            Some('b') => out.push_str(month_name),
            Some('Z') => out.push_str("UTC"),
            Some('%') => out.push('%'),
            Some(other) => {
                out.push('%');
                out.push(other);
            }
            None => out.push('%'),
        }
    }
    out
}

use crate::engine::time::civil_from_days;
