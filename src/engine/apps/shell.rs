//! A small POSIX-ish shell for busybox-style images. A container's command is compiled to a
//! flat instruction list and run by a resumable interpreter: `sleep` makes the script yield
//! `ScriptStep::Sleep` so the discrete-event engine can call back later, never blocking.
//!
//! Supported: `sh -c`/`bash -c`, `;` `&&` `||` `|` `&`, newlines, quoting, `$VAR`, `$(...)`,
//! `$((...))`, redirects (`>`, `>>`, `<`, `2>&1`, `/dev/null`, `/proc/1/fd/1`), `while`/`until`/
//! `for`/`if`/`{ }`/`( )`, `break`/`continue`, `trap`, `wait`, and the utilities in `commands`.
//! Not supported: functions, `case`, here-documents, job control, real concurrency (a background
//! job runs to completion, or to its first endless loop, before the foreground continues).

mod commands;
pub use commands::{programs, reason_phrase};
mod expand;
pub mod parse;
mod regex;

use crate::engine::time::{SimDuration, SimTime};
use crate::name_set::NameSet;
use crate::small_map::SmallMap;
use parse::{Cmd, RedirOp, Redirect, Simple, Word};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A sleep that never ends (`sleep infinity`, `tail -f`, a hung command). The engine should
/// not schedule a wake-up for it; only a signal or the container's death ends it.
pub const FOREVER: SimDuration = SimDuration(u64::MAX);

/// A container's file system: path -> contents, plus the image facts the shell needs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fs {
    /// Regular files, by absolute path.
    pub files: BTreeMap<String, String>,
    /// Directories, by absolute path (parents of files count as directories too).
    pub dirs: NameSet,
    /// Programs that are not installed in this image (`bash` in busybox, `ps` in nginx).
    /// Empty means every utility the shell knows is available.
    pub missing: NameSet,
    /// Debian-family userland: `/bin/sh` is dash and the utilities are GNU coreutils, which
    /// changes error texts (`cat: /x: No such file or directory` instead of busybox's
    /// `cat: can't open '/x': No such file or directory`).
    pub gnu: bool,
    /// The container's hostname (the pod name), for `hostname` and `$HOSTNAME`.
    pub hostname: String,
    /// The image's WORKDIR: where `kubectl exec` shells start (`/` when empty).
    pub workdir: String,
    /// Environment of the container's processes (the pod's `env`, service variables).
    pub env: BTreeMap<String, String>,
    /// Cluster time as seen inside the container. The engine sets it before `resume`/`exec`
    /// so that `date` is right; it is the only clock the shell reads.
    pub now: SimTime,
}

/// A running shell script (PID 1 of a busybox container, or any command run by the shell).
#[derive(Clone, Debug, Default)]
pub struct Script {
    vm: Vm,
    shell: ShellState,
    /// Complete log lines not yet taken by the engine.
    logs: Vec<String>,
    /// Output after the last newline.
    partial: String,
    /// Set once the script has exited.
    finished: Option<i32>,
    /// The script has ended but its last short sleeps are still being yielded.
    deferred_exit: Option<i32>,
    /// A command substitution or pipeline stage never finishes: the script is stuck forever.
    hung: bool,
    /// The script is blocked in `wait`, which a trapped signal interrupts.
    in_wait: bool,
    /// The process name of PID 1 (`sh`, `sleep`), for `ps` and `killall`.
    process_name: String,
    /// The command line of PID 1, for `ps`.
    cmdline: String,
    /// Bytes the script held after its last run (variables, arguments, files, pending logs).
    memory: u64,
    /// CPU time charged so far [microseconds at one core].
    cpu_micros: u64,
    /// Cluster time owed for CPU work, below one millisecond [microseconds].
    cpu_carry: u64,
    /// The last run used its whole time slice (a busy loop).
    preempted: bool,
}

/// What the script wants next.
#[derive(Clone, Debug, PartialEq)]
pub enum ScriptStep {
    /// Sleep, then call `resume` again. `FOREVER` means: do not wake it up.
    Sleep(SimDuration),
    /// The script finished with this exit code.
    Exit(i32),
    /// The script held more memory than the container may: the kernel killed it (exit code
    /// 137, reason `OOMKilled`).
    OomKilled,
}

/// Result of running a one-off command (exec probe, `kubectl exec`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExecResult {
    pub exit_code: i32,
    /// Combined stdout and stderr, in order (what an exec probe reports on failure).
    pub output: String,
    /// A signal sent to PID 1 (`kill 1`, `killall python3`): 15 for SIGTERM, 9 for SIGKILL.
    pub signal_main: Option<i32>,
    /// Simulated run time (sleeps inside the command). `FOREVER` if it never finishes
    /// (`sleep infinity`, an endless loop): the engine applies the probe's timeout.
    pub duration: SimDuration,
    /// The runtime could not start the command at all (binary not in the image). Probes
    /// report this as an error rather than a failure; `kubectl exec` prints it after
    /// `error: Internal error occurred: error executing command in container: `.
    pub error: Option<String>,
    /// Lines written to PID 1's stdout/stderr (`echo hi > /proc/1/fd/1`): they belong in the
    /// container's log.
    pub main_log: Vec<String>,
    /// The command held more memory than the container may: the container is OOMKilled.
    pub oom_killed: bool,
    /// CPU time the command used [microseconds at one core].
    pub cpu_micros: u64,
}

/// How a trapped or ignored signal affects the script (see `Script::signal`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignalEffect {
    /// Nothing happens now: PID 1 `sh` without a trap ignores SIGTERM, and a trap waits until
    /// the current foreground command (e.g. `sleep 600`) ends, as in a real shell.
    Ignored,
    /// The script was in `wait` and a trap is set: cancel the pending wake-up and call
    /// `resume` now (the trap runs first).
    ResumeNow,
}

/// The pod network as seen from inside a container (for `wget`/`curl`).
pub trait Network {
    /// GET `url` (`http://php-apache`, `http://10.96.0.12:8080/healthz`) with `User-Agent`
    /// `user_agent` (see `app_log`).
    fn http_get(&mut self, url: &str, user_agent: &'static str) -> Result<HttpReply, NetError>;
}

/// An HTTP answer.
#[derive(Clone, Debug, PartialEq)]
pub struct HttpReply {
    pub status: u16,
    pub body: String,
}

/// Why a request did not get an HTTP answer.
#[derive(Clone, Debug, PartialEq)]
pub enum NetError {
    /// The name does not resolve (no such Service).
    BadAddress,
    /// Nothing listens there; the `String` is the IP that refused.
    Refused(String),
    /// No answer (e.g. a Service without ready endpoints behind a ClusterIP).
    Timeout(String),
}

/// A network where no name resolves; what `resume` and `exec` use.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoNetwork;

impl Network for NoNetwork {
    fn http_get(&mut self, _url: &str, _user_agent: &'static str) -> Result<HttpReply, NetError> {
        Err(NetError::BadAddress)
    }
}

/// What the container's cgroup allows its shell: memory it may hold and CPU it may use.
///
/// Shell work is metered in *work units* (one interpreter step, 8 KiB copied, 256 bytes read
/// or split into fields, 16 bytes of script parsed, or 32 bytes matched by a one-character
/// pattern). A unit costs `UNIT_MICROS` of CPU time at one full core, so a busy script is
/// slow in cluster time (it yields for the CPU time its work took at `cpu_millis`), while the
/// engine's real work per simulated second stays bounded whatever the script runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Bytes the container's processes may hold: variables, arguments, files, buffers. Past
    /// it the container is OOMKilled (exit code 137).
    pub memory: u64,
    /// CPU the script gets [millicores]: the container's limit or its share of the node, at
    /// most one core (a shell is one thread).
    pub cpu_millis: u64,
}

impl Limits {
    /// What `resume`/`exec` use when the caller gives no limits (unit tests, tools).
    pub const DEFAULT: Limits = Limits { memory: 256 << 20, cpu_millis: 1000 };
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::DEFAULT
    }
}

/// CPU time of one work unit at one full core [microseconds].
pub const UNIT_MICROS: u64 = 50;
/// Bytes copied per work unit (a copy is cheap next to an interpreter step).
pub const BYTES_PER_UNIT: u64 = 8192;
/// Bytes a program reads and looks at per work unit (its arguments, its input, a file `wc`
/// counts), or an unquoted expansion splits into fields.
pub const SCAN_BYTES_PER_UNIT: u64 = 256;
/// Pattern-size times bytes matched per work unit (`grep`).
pub const MATCH_STEPS_PER_UNIT: u64 = 32;
/// Bytes of script parsed and compiled per work unit (`eval`, `sh -c`, `.`).
pub const SOURCE_BYTES_PER_UNIT: u64 = 16;
/// Work below this much CPU time in one wake-up is not turned into cluster time (the noise of
/// a real shell's sleeps), so light scripts keep their exact timing [microseconds]. Wake-ups
/// are at least `MIN_YIELD` apart, so free work stays bounded per simulated second.
const MIN_CHARGED_MICROS: u64 = 10_000;
/// The most work one command may do at once (a `grep` over a big file with a big pattern):
/// past it the command stops as if it had hit `ulimit -t` [units; 5 s of CPU at one core].
pub const MAX_COMMAND_UNITS: u64 = 100_000;

/// Work units the script may run in one `resume` before it is preempted (100 ms of CPU at
/// one core); a `while true` loop with no sleep yields for the CPU time it used.
const SCRIPT_OPS_PER_RESUME: u64 = 2_000;
/// Work units a one-off command may run (2 s of CPU at one core) before it counts as never
/// finishing.
const EXEC_OPS: u64 = 40_000;
/// Ops a background job (`cmd &`) may run before it is deemed to run forever.
const BACKGROUND_OPS: u64 = 5_000;
/// Log lines kept when the engine does not take them.
const MAX_PENDING_LOGS: usize = 10_000;
/// How long a preempted busy loop yields.
const PREEMPT: SimDuration = SimDuration::from_millis(100);
/// PID 1's sleeps shorter than this are added up and yielded together, so that
/// `while sleep 0.01; do ...; done` wakes the engine 10 times per second, not 100.
const MIN_YIELD: SimDuration = SimDuration::from_millis(100);
/// Deepest nesting of `$(...)`/pipelines, and most frames (`sh -c`, `eval`, `( )`) at once.
const MAX_NESTING: u32 = 16;
const MAX_FRAMES: usize = 64;

impl Script {
    /// Builds PID 1 from the container's command and args. Kubernetes semantics: `command`
    /// replaces the image ENTRYPOINT and `args` replace its CMD; a busybox image has no
    /// ENTRYPOINT and CMD `sh`, which exits 0 at once without a tty.
    /// Every program the shell knows is assumed installed; see `from_container_in`.
    pub fn from_container(command: Option<&[String]>, args: Option<&[String]>) -> Result<Script, String> {
        Script::from_container_in(command, args, &Fs::default())
    }

    /// Like `from_container`, checking that PID 1's program exists in the image `fs`
    /// (`bash` is not in busybox). The error is the runtime's message, which kubelet shows
    /// as the `StartError` reason's message (exit code 128).
    pub fn from_container_in(command: Option<&[String]>, args: Option<&[String]>, fs: &Fs) -> Result<Script, String> {
        let mut argv: Vec<String> = Vec::new();
        if let Some(command) = command {
            argv.extend(command.iter().cloned());
        }
        if let Some(args) = args {
            argv.extend(args.iter().cloned());
        }
        if argv.is_empty() {
            argv.push("sh".into());
        }
        Script::from_argv(argv, fs)
    }

    /// PID 1 running exactly `argv` (already resolved against the image defaults).
    pub fn from_argv(argv: Vec<String>, fs: &Fs) -> Result<Script, String> {
        let program = argv.first().cloned().unwrap_or_default();
        if program.is_empty() {
            return Err(runtime_not_found(""));
        }
        if !commands::exists(&program, fs) {
            return Err(runtime_not_found(&program));
        }
        let process_name = basename(&program).to_string();
        let cmdline = argv.join(" ");
        let code = Arc::new(vec![Instr::RunArgv(argv)]);
        let mut shell = ShellState::new(fs);
        shell.pid = 1;
        Ok(Script {
            vm: Vm { frames: vec![Frame::new(code, FrameKind::Main, 0)] },
            shell,
            process_name,
            cmdline,
            ..Script::default()
        })
    }

    /// Runs until the script sleeps or exits. `fs` is the container file system.
    pub fn resume(&mut self, fs: &mut Fs) -> ScriptStep {
        self.resume_with(fs, &mut NoNetwork)
    }

    /// `resume`, with `net` answering `wget`/`curl`.
    pub fn resume_with(&mut self, fs: &mut Fs, net: &mut dyn Network) -> ScriptStep {
        self.resume_limited(fs, net, Limits::DEFAULT)
    }

    /// `resume_with` inside the container's cgroup: the script's work takes cluster time at
    /// `limits.cpu_millis`, and it is OOMKilled past `limits.memory`.
    pub fn resume_limited(&mut self, fs: &mut Fs, net: &mut dyn Network, limits: Limits) -> ScriptStep {
        if let Some(code) = self.deferred_exit.take() {
            self.finished = Some(code);
        }
        if let Some(code) = self.finished {
            return ScriptStep::Exit(code);
        }
        if self.hung {
            return ScriptStep::Sleep(FOREVER);
        }
        let was_waiting = std::mem::replace(&mut self.in_wait, false);
        let main = MainProc { name: self.process_name.clone(), cmdline: self.cmdline.clone() };
        let mut ctx = Ctx::new(fs, net, Mode::Script, SCRIPT_OPS_PER_RESUME, main);
        let pending_logs: usize = self.logs.iter().map(|l| l.len() + STRING_OVERHEAD).sum();
        ctx.set_limits(limits, (pending_logs + self.partial.len()) as u64, Some(self.memory));
        // Trapped signals run their action before the interrupted program continues.
        let pending = std::mem::take(&mut self.shell.pending_signals);
        if was_waiting && !pending.is_empty() {
            self.shell.status = 128 + pending.first().copied().unwrap_or(15);
        }
        for signal in pending.into_iter().rev() {
            if let Some(action) = self.shell.traps.get(&signal).cloned() {
                if let Ok(code) = compile_source(&action) {
                    let saved = self.shell.status;
                    self.vm.frames.push(Frame::new(code, FrameKind::Trap(saved), self.shell.redirects.len()));
                }
            }
        }
        let stop = self.vm.run(&mut self.shell, &mut ctx);
        self.preempted = stop == Stop::Budget;
        if stop != Stop::Oom {
            self.memory = ctx.measure(&self.shell, self.vm.held_bytes());
        }
        let step = match stop {
            Stop::Sleep(d) => {
                self.in_wait = ctx.waiting;
                let cpu = self.charge_cpu(ctx.ops, limits);
                ScriptStep::Sleep(if d == FOREVER { d } else { d + cpu })
            }
            Stop::Budget => {
                let busy = ctx.elapsed + self.charge_cpu(ctx.ops, limits);
                ScriptStep::Sleep(if busy > PREEMPT { busy } else { PREEMPT })
            }
            Stop::Hang => {
                self.hung = true;
                ScriptStep::Sleep(FOREVER)
            }
            Stop::Oom => {
                // The kernel kills every process of the container at once: no EXIT trap.
                self.finished = Some(137);
                self.memory = 0;
                self.vm.frames.clear();
                self.shell = ShellState::default();
                ScriptStep::OomKilled
            }
            Stop::Exit(code) | Stop::Done(code) => {
                self.run_exit_trap(&mut ctx);
                let took = ctx.elapsed + self.charge_cpu(ctx.ops, limits);
                if took > SimDuration::ZERO {
                    // Short sleeps (and CPU work) before the end still take their time.
                    self.deferred_exit = Some(code);
                    ScriptStep::Sleep(took)
                } else {
                    self.finished = Some(code);
                    ScriptStep::Exit(code)
                }
            }
        };
        let output = std::mem::take(&mut ctx.out) + &std::mem::take(&mut ctx.main_log);
        self.push_output(&output);
        if self.finished.is_some() || self.deferred_exit.is_some() {
            self.flush_partial_line();
        }
        step
    }

    /// Bytes the script held after its last run.
    pub fn memory(&self) -> u64 {
        self.memory
    }

    /// Whether the last run was preempted: the script is busy and competes for the node's CPU.
    pub fn preempted(&self) -> bool {
        self.preempted
    }

    /// CPU time the script has used so far [microseconds at one core].
    pub fn cpu_micros(&self) -> u64 {
        self.cpu_micros
    }

    /// Bytes held by the shell itself (variables, arguments, pending logs), without the file
    /// system: what an exec'd command shares the container's memory with.
    pub fn shell_memory(&self) -> u64 {
        let logs: usize = self.logs.iter().map(|l| l.len() + STRING_OVERHEAD).sum();
        self.shell.bytes() + (logs + self.partial.len()) as u64 + self.vm.held_bytes()
    }

    /// Turns `ops` work units into CPU time used and the cluster time it takes at
    /// `limits.cpu_millis` (light work under `MIN_CHARGED_MICROS` is free).
    fn charge_cpu(&mut self, ops: u64, limits: Limits) -> SimDuration {
        let micros = ops.saturating_mul(UNIT_MICROS);
        if micros < MIN_CHARGED_MICROS {
            return SimDuration::ZERO;
        }
        self.cpu_micros = self.cpu_micros.saturating_add(micros);
        let wall = micros.saturating_mul(1000) / limits.cpu_millis.clamp(1, 1000) + self.cpu_carry;
        self.cpu_carry = wall % 1000;
        SimDuration::from_millis(wall / 1000)
    }

    fn flush_partial_line(&mut self) {
        if !self.partial.is_empty() {
            let last = std::mem::take(&mut self.partial);
            self.logs.push(last);
        }
    }

    /// Log lines written since the last call (stdout and stderr of PID 1, in order).
    pub fn take_logs(&mut self) -> Vec<String> {
        std::mem::take(&mut self.logs)
    }

    /// Delivers a signal to PID 1 (SIGTERM from the kubelet, or `kill`/`killall` from an
    /// exec). SIGKILL is the engine's business (it always kills). A shell PID 1 ignores
    /// signals it does not trap; a trap runs when the current foreground command ends, or
    /// at once if the script is in `wait`.
    pub fn signal(&mut self, signal: i32) -> SignalEffect {
        if self.finished.is_some() || self.deferred_exit.is_some() || !self.shell.traps.contains_key(&signal) {
            return SignalEffect::Ignored;
        }
        if self.shell.traps.get(&signal).is_some_and(|action| action.is_empty()) {
            return SignalEffect::Ignored;
        }
        self.shell.pending_signals.push(signal);
        if self.in_wait {
            SignalEffect::ResumeNow
        } else {
            SignalEffect::Ignored
        }
    }

    /// Whether the script has a handler for `signal` (so SIGTERM may end it before the grace
    /// period runs out).
    pub fn traps(&self, signal: i32) -> bool {
        self.shell.traps.get(&signal).is_some_and(|action| !action.is_empty())
    }

    /// PID 1's process name (`sh`, `sleep`), as `ps` and `killall` see it.
    pub fn process_name(&self) -> &str {
        &self.process_name
    }

    /// PID 1's command line, for `ps` (`sh -c touch /tmp/healthy; sleep 30; ...`).
    pub fn cmdline(&self) -> &str {
        &self.cmdline
    }

    /// Exit code once the script has finished.
    pub fn exit_code(&self) -> Option<i32> {
        self.finished
    }

    /// If the script is the classic load generator
    /// `while sleep 0.01; do wget -q -O- http://php-apache; done` (or `while true; do wget
    /// ...; sleep X; done`, or `curl`), its pause between requests and its URL: the engine
    /// may model it as a request rate instead of stepping every request.
    pub fn load_pattern(&self) -> Option<(SimDuration, String)> {
        let main = self.vm.frames.first()?;
        let Some(Instr::RunArgv(argv)) = main.code.first() else {
            return None;
        };
        let source = shell_c_source(argv)?;
        load_pattern_of(&parse::parse_script(&source).ok()?)
    }

    fn run_exit_trap(&mut self, ctx: &mut Ctx) {
        let Some(action) = self.shell.traps.remove(&0) else {
            return;
        };
        if let Ok(code) = compile_source(&action) {
            let mut vm = Vm { frames: vec![Frame::new(code, FrameKind::Main, 0)] };
            ctx.budget = ctx.ops.saturating_add(BACKGROUND_OPS);
            ctx.mode = Mode::Sync;
            vm.run(&mut self.shell, ctx);
        }
    }

    fn push_output(&mut self, output: &str) {
        if output.is_empty() {
            return;
        }
        self.partial.push_str(output);
        let mut start = 0;
        while let Some(newline) = self.partial[start..].find('\n') {
            self.logs.push(self.partial[start..start + newline].to_string());
            start += newline + 1;
        }
        self.partial.drain(..start);
        // The runtime splits a line without end into pieces (CRI partial lines).
        while self.partial.len() > MAX_LINE {
            let mut cut = MAX_LINE;
            while !self.partial.is_char_boundary(cut) {
                cut -= 1;
            }
            let piece: String = self.partial.drain(..cut).collect();
            self.logs.push(piece);
        }
        if self.logs.len() > MAX_PENDING_LOGS {
            let excess = self.logs.len() - MAX_PENDING_LOGS;
            self.logs.drain(..excess);
        }
    }
}

/// One-off command for exec probes and `kubectl exec POD -- CMD...` (argv as given, e.g.
/// `["cat","/tmp/healthy"]` or `["sh","-c","..."]`). `main_process` is PID 1's name (e.g.
/// `python3`, `sh`, `nginx`) or full command line (`python3 app.py`), so that
/// `killall python3` / `kill 1` / `pkill` can target it.
pub fn exec(argv: &[String], fs: &mut Fs, main_process: &str) -> ExecResult {
    exec_with(argv, fs, main_process, &mut NoNetwork)
}

/// `exec`, with `net` answering `wget`/`curl`.
pub fn exec_with(argv: &[String], fs: &mut Fs, main_process: &str, net: &mut dyn Network) -> ExecResult {
    exec_limited(argv, fs, main_process, net, Limits::DEFAULT)
}

/// `exec_with` inside the container's cgroup: `limits.memory` is what the container's other
/// processes leave free.
pub fn exec_limited(
    argv: &[String],
    fs: &mut Fs,
    main_process: &str,
    net: &mut dyn Network,
    limits: Limits,
) -> ExecResult {
    let main = MainProc::from_cmdline(main_process);
    let program = argv.first().cloned().unwrap_or_default();
    let is_app = commands::is_app_program(basename(&program), &main.name);
    if program.is_empty() || !(commands::exists(&program, fs) || is_app) {
        let message = runtime_not_found(&program);
        return ExecResult { exit_code: 127, output: message.clone(), error: Some(message), ..ExecResult::default() };
    }
    let mut shell = ShellState::new(fs);
    shell.pid = EXEC_PID;
    let mut ctx = Ctx::new(fs, net, Mode::Sync, EXEC_OPS, main);
    ctx.set_limits(limits, 0, None);
    let code = Arc::new(vec![Instr::RunArgv(argv.to_vec())]);
    let mut vm = Vm { frames: vec![Frame::new(code, FrameKind::Main, 0)] };
    let stop = vm.run(&mut shell, &mut ctx);
    sync_result(stop, ctx, limits, 137)
}

/// The `ExecResult` of a synchronous run; `never_ends` is the exit code when it never
/// finishes.
fn sync_result(stop: Stop, ctx: Ctx, limits: Limits, never_ends: i32) -> ExecResult {
    let micros = ctx.ops.saturating_mul(UNIT_MICROS);
    let cpu = if micros < MIN_CHARGED_MICROS {
        SimDuration::ZERO
    } else {
        SimDuration::from_millis(micros / limits.cpu_millis.clamp(1, 1000))
    };
    let (exit_code, duration) = match stop {
        Stop::Exit(code) | Stop::Done(code) => (code, ctx.elapsed + cpu),
        Stop::Oom => (137, ctx.elapsed + cpu),
        // Something that never ends; the caller's timeout decides what it means.
        Stop::Budget | Stop::Hang | Stop::Sleep(_) => (never_ends, FOREVER),
    };
    let main_log = ctx.main_log.lines().map(str::to_string).collect();
    ExecResult {
        exit_code,
        output: ctx.out,
        signal_main: ctx.signal_main,
        duration,
        error: None,
        main_log,
        oom_killed: stop == Stop::Oom,
        cpu_micros: micros,
    }
}

/// An interactive shell (`kubectl exec -it POD -- sh`): variables and the working
/// directory persist from one line to the next.
#[derive(Clone, Debug)]
pub struct Session {
    shell: ShellState,
    main: MainProc,
    closed: bool,
}

impl Session {
    /// Starts `program` (`sh`, `bash`, `/bin/sh`) in a container whose PID 1 is
    /// `main_process`. The error is the runtime's message when the image lacks the shell.
    pub fn start(program: &str, fs: &Fs, main_process: &str) -> Result<Session, String> {
        if !commands::exists(program, fs) || !matches!(basename(program), "sh" | "bash" | "ash" | "dash") {
            return Err(runtime_not_found(program));
        }
        let mut shell = ShellState::new(fs);
        shell.pid = EXEC_PID;
        shell.interactive = true;
        if basename(program) == "bash" {
            shell.dialect = Dialect::Bash;
            shell.params = vec!["bash".into()];
        }
        Ok(Session { shell, main: MainProc::from_cmdline(main_process), closed: false })
    }

    /// The prompt to show before the next line: busybox `/tmp # `, bash
    /// `root@web-7d4b9c:/app# `, dash `# `.
    pub fn prompt(&self, fs: &Fs) -> String {
        let hostname = if fs.hostname.is_empty() { "localhost" } else { &fs.hostname };
        let cwd = if self.shell.cwd == "/root" { "~" } else { &self.shell.cwd };
        match self.shell.dialect {
            Dialect::Ash => format!("{} # ", self.shell.cwd),
            Dialect::Dash => "# ".to_string(),
            Dialect::Bash => format!("root@{hostname}:{cwd}# "),
        }
    }

    /// Runs one typed line.
    pub fn run_line(&mut self, line: &str, fs: &mut Fs, net: &mut dyn Network) -> ExecResult {
        self.run_line_limited(line, fs, net, Limits::DEFAULT)
    }

    /// `run_line` inside the container's cgroup (see `exec_limited`).
    pub fn run_line_limited(&mut self, line: &str, fs: &mut Fs, net: &mut dyn Network, limits: Limits) -> ExecResult {
        if self.closed {
            return ExecResult::default();
        }
        let code = match compile_source(line) {
            Ok(code) => code,
            Err(message) => {
                let name = self.shell.params.first().cloned().unwrap_or_else(|| "sh".into());
                return ExecResult { exit_code: 2, output: format!("{name}: {message}\n"), ..ExecResult::default() };
            }
        };
        let mut ctx = Ctx::new(fs, net, Mode::Sync, EXEC_OPS, self.main.clone());
        ctx.set_limits(limits, 0, None);
        let mut vm = Vm { frames: vec![Frame::new(code, FrameKind::Main, 0)] };
        let stop = vm.run(&mut self.shell, &mut ctx);
        if matches!(stop, Stop::Exit(_) | Stop::Oom) {
            self.closed = true;
        }
        if stop == Stop::Oom {
            self.shell = ShellState::default();
        }
        self.shell.redirects.clear();
        sync_result(stop, ctx, limits, 130)
    }

    /// The user typed `exit`.
    pub fn is_closed(&self) -> bool {
        self.closed
    }
}

/// The message containerd/runc give when a program is not in the image.
pub fn runtime_not_found(program: &str) -> String {
    format!(
        "OCI runtime exec failed: exec failed: unable to start container process: exec: \"{program}\": executable file not found in $PATH: unknown"
    )
}

// ---------------------------------------------------------------------------------------------
// Interpreter

/// PID of the shell started by `kubectl exec` (and of commands it runs), for `ps`.
const EXEC_PID: u32 = 7;

/// Compiled code of one script, shared by frames.
type Code = Arc<Vec<Instr>>;

#[derive(Clone, Debug)]
enum Instr {
    /// Run a simple command (expansion, redirects, dispatch).
    Run(Simple),
    /// Run an argv as given, without expansion (PID 1, exec, `exec cmd`).
    RunArgv(Vec<String>),
    /// A multi-stage pipeline; stages run one after another, each feeding the next.
    Pipeline {
        negate: bool,
        stages: Vec<Cmd>,
    },
    Jump(usize),
    JumpIfFail(usize),
    JumpIfOk(usize),
    Negate,
    SetStatus(i32),
    /// Exit with the current status (after `exec cmd`).
    ExitStatus,
    ForInit {
        slot: usize,
        items: Option<Vec<Word>>,
    },
    ForNext {
        slot: usize,
        var: String,
        end: usize,
    },
    RedirPush(Vec<Redirect>),
    RedirPop,
    /// Push a frame running `code`: a subshell `( )` or a background job `&`.
    Spawn {
        code: Code,
        background: bool,
    },
}

#[derive(Clone, Debug)]
enum FrameKind {
    /// PID 1's program or the exec'd command.
    Main,
    /// Runs in the current shell (`eval`, `.`, `exec`).
    Inline,
    /// Own copy of variables, cwd and traps (`( )`, `sh -c`); `exit` ends only it.
    Subshell(Box<Saved>),
    /// Like a subshell, but sleeps do not block the foreground.
    Background(Box<Saved>),
    /// A trap action; the status before it is restored afterwards.
    Trap(i32),
}

#[derive(Clone, Debug)]
struct Saved {
    vars: BTreeMap<String, String>,
    params: Vec<String>,
    cwd: String,
    traps: SmallMap<i32, String>,
    dialect: Dialect,
}

#[derive(Clone, Debug)]
struct Frame {
    code: Code,
    pc: usize,
    /// `for` loop state by slot: the items and the next index.
    fors: SmallMap<usize, (Vec<String>, usize)>,
    kind: FrameKind,
    /// Redirect stack depth when the frame started, restored when it ends.
    redir_base: usize,
    /// Ops counter when the frame started (background budget).
    ops_at_start: u64,
    /// Time a background frame has slept so far.
    slept: SimDuration,
}

impl Frame {
    fn new(code: Code, kind: FrameKind, redir_base: usize) -> Frame {
        Frame { code, pc: 0, fors: SmallMap::new(), kind, redir_base, ops_at_start: 0, slept: SimDuration::ZERO }
    }
}

#[derive(Clone, Debug, Default)]
struct Vm {
    frames: Vec<Frame>,
}

/// Which shell prints the error messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Dialect {
    /// busybox ash: `sh: foo: not found`.
    #[default]
    Ash,
    /// Debian dash: `sh: 1: foo: not found`.
    Dash,
    /// bash: `bash: line 1: foo: command not found`.
    Bash,
}

/// Where a file descriptor writes.
#[derive(Clone, Debug, PartialEq)]
enum Dest {
    Stdout,
    Stderr,
    File(String),
    Null,
    /// PID 1's stdout (`/proc/1/fd/1`): the container log.
    MainLog,
}

#[derive(Clone, Debug, Default)]
struct ShellState {
    vars: BTreeMap<String, String>,
    /// `$0`, `$1`, ...
    params: Vec<String>,
    cwd: String,
    status: i32,
    /// Signal number -> action (0 is EXIT).
    traps: SmallMap<i32, String>,
    pending_signals: Vec<i32>,
    /// Stack of (stdout, stderr) destinations from compound-command redirects.
    redirects: Vec<(Dest, Dest)>,
    dialect: Dialect,
    pid: u32,
    /// Background work not yet waited for: its remaining sleep, or forever.
    background_sleep: SimDuration,
    /// xorshift state for `$RANDOM`.
    random: u32,
    /// Status of the last command substitution in the current command.
    subst_status: Option<i32>,
    /// Depth of nested synchronous runs (`$(...)` inside `$(...)`).
    nesting: u32,
    /// Lines are typed at a prompt (`Session`): bash's errors then name no line.
    interactive: bool,
}

impl ShellState {
    fn new(fs: &Fs) -> ShellState {
        let mut vars = BTreeMap::new();
        vars.insert("HOME".into(), "/root".into());
        vars.insert("PATH".into(), "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".into());
        let hostname = if fs.hostname.is_empty() { "localhost".to_string() } else { fs.hostname.clone() };
        vars.insert("HOSTNAME".into(), hostname);
        for (name, value) in &fs.env {
            if parse::is_name(name) {
                vars.insert(name.clone(), value.clone());
            }
        }
        ShellState {
            vars,
            params: vec!["sh".into()],
            cwd: if fs.workdir.is_empty() { "/".into() } else { fs.workdir.clone() },
            dialect: if fs.gnu { Dialect::Dash } else { Dialect::Ash },
            random: 0x2545_f491,
            ..ShellState::default()
        }
    }

    /// Bytes held by variables and positional parameters.
    fn bytes(&self) -> u64 {
        let vars: usize = self.vars.iter().map(|(name, value)| name.len() + value.len() + 2 * STRING_OVERHEAD).sum();
        let params: usize = self.params.iter().map(|param| param.len() + STRING_OVERHEAD).sum();
        (vars + params) as u64
    }

    fn fds(&self) -> (Dest, Dest) {
        self.redirects.last().cloned().unwrap_or((Dest::Stdout, Dest::Stderr))
    }

    fn save(&self) -> Box<Saved> {
        Box::new(Saved {
            vars: self.vars.clone(),
            params: self.params.clone(),
            cwd: self.cwd.clone(),
            traps: self.traps.clone(),
            dialect: self.dialect,
        })
    }

    fn restore(&mut self, saved: Saved) {
        self.vars = saved.vars;
        self.params = saved.params;
        self.cwd = saved.cwd;
        self.traps = saved.traps;
        self.dialect = saved.dialect;
    }

    /// Prefix of a shell error message: `sh: `, `sh: 1: `, `bash: line 1: `.
    fn err_prefix(&self, line: u32) -> String {
        let name = self.params.first().map(|s| basename(s).to_string()).unwrap_or_else(|| "sh".into());
        match self.dialect {
            Dialect::Ash => format!("{name}: "),
            Dialect::Dash => format!("{name}: {line}: "),
            Dialect::Bash if self.interactive => format!("{name}: "),
            Dialect::Bash => format!("{name}: line {line}: "),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// PID 1: `sleep` yields to the engine.
    Script,
    /// Exec, command substitution, pipeline stages: sleeps only add to `elapsed`.
    Sync,
}

/// PID 1 as seen by `ps`/`kill` from another process.
#[derive(Clone, Debug, Default)]
struct MainProc {
    name: String,
    cmdline: String,
}

impl MainProc {
    /// From a process name (`python3`) or a command line (`python3 app.py`).
    fn from_cmdline(main_process: &str) -> MainProc {
        let cmdline = main_process.trim().to_string();
        let name = basename(cmdline.split_whitespace().next().unwrap_or("")).to_string();
        MainProc { name, cmdline }
    }
}

/// Everything one run of the interpreter touches besides the shell state.
struct Ctx<'a> {
    fs: &'a mut Fs,
    net: &'a mut dyn Network,
    mode: Mode,
    /// Stdout (and stderr when `err` is `None`).
    out: String,
    err: Option<String>,
    main_log: String,
    ops: u64,
    budget: u64,
    elapsed: SimDuration,
    main: MainProc,
    signal_main: Option<i32>,
    /// The last `Stop::Sleep` came from `wait`.
    waiting: bool,
    /// Bytes the processes may hold in all (the container's memory limit, or what is left).
    mem_limit: u64,
    /// Bytes held outside what `measure` sees (enclosing shells, PID 1's pending logs).
    mem_outer: u64,
    /// Bytes held at the last `measure`.
    mem_known: u64,
    /// Bytes allocated since the last `measure` (an upper bound of the growth).
    mem_new: u64,
    /// The memory limit was hit: the run stops and the container is OOMKilled.
    oom: bool,
}

/// Bytes counted for each string besides its text (header, allocator rounding, map node).
pub(crate) const STRING_OVERHEAD: usize = 32;
/// Longest log line the runtime keeps in one piece (CRI splits longer lines) [bytes].
pub const MAX_LINE: usize = 16 * 1024;
/// Work units that force a fresh `measure` even when no allocation was counted.
const MEASURE_EVERY: u64 = 65_536;

/// Caps that keep a runaway script from eating the browser's memory.
const MAX_OUTPUT: usize = 1 << 20;
const MAX_FILE: usize = 1 << 20;
const MAX_FILES: usize = 10_000;

impl<'a> Ctx<'a> {
    fn new(fs: &'a mut Fs, net: &'a mut dyn Network, mode: Mode, budget: u64, main: MainProc) -> Ctx<'a> {
        Ctx {
            fs,
            net,
            mode,
            out: String::new(),
            err: None,
            main_log: String::new(),
            ops: 0,
            budget,
            elapsed: SimDuration::ZERO,
            main,
            signal_main: None,
            waiting: false,
            mem_limit: Limits::DEFAULT.memory,
            mem_outer: 0,
            mem_known: 0,
            mem_new: 0,
            oom: false,
        }
    }

    /// Starts metering against `limits`, with `outer` bytes held elsewhere and `known` bytes
    /// held in all at the last measure (`None`: unknown, measure first).
    fn set_limits(&mut self, limits: Limits, outer: u64, known: Option<u64>) {
        self.mem_limit = limits.memory;
        self.mem_outer = outer;
        self.mem_known = known.map_or(u64::MAX / 4, |known| known.saturating_add(outer));
        self.mem_new = 0;
    }

    /// Charges `units` of work; false once the current command has done more than
    /// `MAX_COMMAND_UNITS` since `start` (it must stop).
    fn charge(&mut self, units: u64, start: u64) -> bool {
        self.ops = self.ops.saturating_add(units);
        self.ops.saturating_sub(start) <= MAX_COMMAND_UNITS
    }

    /// Counts `bytes` newly held (and copied: that is work too).
    fn hold(&mut self, bytes: usize) {
        self.mem_new = self.mem_new.saturating_add(bytes as u64);
        self.ops = self.ops.saturating_add(bytes as u64 / BYTES_PER_UNIT);
    }

    /// Whether `extra` more bytes fit under the memory limit, measuring again if the running
    /// estimate says no; sets `oom` when they do not.
    fn room_for(&mut self, sh: &ShellState, extra: usize) -> bool {
        if self.oom {
            return false;
        }
        if self.mem_known.saturating_add(self.mem_new).saturating_add(extra as u64) <= self.mem_limit {
            return true;
        }
        self.mem_known = self.measure(sh, 0);
        self.mem_new = 0;
        if self.mem_known.saturating_add(extra as u64) > self.mem_limit {
            self.oom = true;
        }
        !self.oom
    }

    /// Bytes held now: enclosing processes, this shell's variables and arguments, the file
    /// system, the output buffers, and `held` (loop items). Costs work in proportion.
    fn measure(&mut self, sh: &ShellState, held: u64) -> u64 {
        let fs = &*self.fs;
        let files: usize = fs.files.iter().map(|(path, text)| path.len() + text.len() + 2 * STRING_OVERHEAD).sum();
        let dirs: usize = fs.dirs.iter().map(|path| path.len() + STRING_OVERHEAD).sum();
        let entries = fs.files.len() + fs.dirs.len() + sh.vars.len() + sh.params.len();
        self.ops = self.ops.saturating_add(entries as u64 / 4 + 1);
        let buffers = self.out.len() + self.err.as_ref().map_or(0, String::len) + self.main_log.len();
        self.mem_outer + sh.bytes() + (files + dirs + buffers) as u64 + held
    }

    /// A context for a nested synchronous run (command substitution, pipeline stage) that
    /// captures stdout and keeps stderr apart.
    fn child(&mut self) -> Ctx<'_> {
        Ctx {
            fs: &mut *self.fs,
            net: &mut *self.net,
            mode: Mode::Sync,
            out: String::new(),
            err: Some(String::new()),
            main_log: String::new(),
            ops: self.ops,
            budget: self.budget.max(self.ops.saturating_add(BACKGROUND_OPS)),
            elapsed: SimDuration::ZERO,
            main: self.main.clone(),
            signal_main: None,
            waiting: false,
            mem_limit: self.mem_limit,
            mem_outer: self.mem_outer,
            mem_known: self.mem_known,
            mem_new: self.mem_new,
            oom: self.oom,
        }
    }

    /// Takes back what a child run (`child`) counted.
    fn join_child(&mut self, ops: u64, mem_new: u64, oom: bool) {
        self.ops = ops;
        self.mem_new = self.mem_new.max(mem_new);
        self.oom |= oom;
    }

    fn now(&self) -> SimTime {
        self.fs.now + self.elapsed
    }

    fn write(&mut self, dest: &Dest, text: &str) {
        if text.is_empty() {
            return;
        }
        match dest {
            Dest::Stdout => push_capped(&mut self.out, text),
            Dest::Stderr => match &mut self.err {
                Some(err) => push_capped(err, text),
                None => push_capped(&mut self.out, text),
            },
            Dest::MainLog => push_capped(&mut self.main_log, text),
            Dest::Null => {}
            Dest::File(path) => {
                if !self.fs.files.contains_key(path) && self.fs.files.len() >= MAX_FILES {
                    return;
                }
                let file = self.fs.files.entry(path.clone()).or_default();
                if file.len() + text.len() <= MAX_FILE {
                    file.push_str(text);
                    self.hold(text.len());
                }
            }
        }
    }
}

fn push_capped(buffer: &mut String, text: &str) {
    if buffer.len() + text.len() <= MAX_OUTPUT {
        buffer.push_str(text);
    }
}

/// Why the interpreter stopped.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Stop {
    Sleep(SimDuration),
    /// `exit N` in the main program.
    Exit(i32),
    /// Ran off the end; the status of the last command.
    Done(i32),
    /// Op budget used up (preempt in script mode; never finishes in sync mode).
    Budget,
    /// Something that can never finish.
    Hang,
    /// The processes held more memory than the container may.
    Oom,
}

/// What a command asks of the interpreter.
#[derive(Clone, Debug)]
enum Outcome {
    Status(i32),
    /// Succeeded after sleeping this long (status 0).
    Sleep(SimDuration),
    Exit(i32),
    /// Run this code in a new frame (`sh -c`, `eval`, `.`, `exec`).
    Push {
        code: Code,
        kind: PushKind,
        params: Option<Vec<String>>,
        dialect: Option<Dialect>,
    },
    /// `wait` for background jobs.
    Wait,
    Hang,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PushKind {
    Inline,
    Subshell,
}

impl Vm {
    fn run(&mut self, sh: &mut ShellState, ctx: &mut Ctx) -> Stop {
        let mut next_measure = ctx.ops + MEASURE_EVERY;
        loop {
            if ctx.oom {
                return Stop::Oom;
            }
            if ctx.mem_known.saturating_add(ctx.mem_new) > ctx.mem_limit || ctx.ops >= next_measure {
                ctx.mem_known = ctx.measure(sh, self.held_bytes());
                ctx.mem_new = 0;
                next_measure = ctx.ops + MEASURE_EVERY;
                if ctx.mem_known > ctx.mem_limit {
                    ctx.oom = true;
                    return Stop::Oom;
                }
            }
            if ctx.ops >= ctx.budget {
                return Stop::Budget;
            }
            ctx.ops += 1;
            if ctx.ops % 64 == 0 {
                self.abandon_runaway_background(sh, ctx.ops);
            }
            let Some(frame) = self.frames.last_mut() else {
                return Stop::Done(sh.status);
            };
            let Some(instr) = frame.code.get(frame.pc).cloned() else {
                self.pop_frame(sh);
                continue;
            };
            frame.pc += 1;
            match instr {
                Instr::Jump(target) => frame.pc = target,
                Instr::JumpIfFail(target) => {
                    if sh.status != 0 {
                        frame.pc = target;
                    }
                }
                Instr::JumpIfOk(target) => {
                    if sh.status == 0 {
                        frame.pc = target;
                    }
                }
                Instr::Negate => sh.status = i32::from(sh.status == 0),
                Instr::SetStatus(status) => sh.status = status,
                Instr::ExitStatus => {
                    if let Some(stop) = self.exit(sh, sh.status) {
                        return stop;
                    }
                }
                Instr::ForInit { slot, items } => {
                    let values = match items {
                        Some(words) => expand::expand_words(&words, sh, ctx),
                        None => sh.params.iter().skip(1).cloned().collect(),
                    };
                    if let Some(frame) = self.frames.last_mut() {
                        frame.fors.insert(slot, (values, 0));
                    }
                }
                Instr::ForNext { slot, var, end } => {
                    let next = frame.fors.get_mut(&slot).and_then(|(items, index)| {
                        let item = items.get(*index).cloned();
                        *index += 1;
                        item
                    });
                    match next {
                        Some(value) => {
                            sh.vars.insert(var, value);
                        }
                        None => frame.pc = end,
                    }
                }
                Instr::RedirPush(redirects) => {
                    let (fds, _stdin) = match apply_redirects(&redirects, sh, ctx) {
                        Ok(result) => result,
                        Err(message) => {
                            ctx.write(&Dest::Stderr, &message);
                            (sh.fds(), None)
                        }
                    };
                    sh.redirects.push(fds);
                }
                Instr::RedirPop => {
                    sh.redirects.pop();
                }
                Instr::Spawn { code, background } => {
                    if self.frames.len() >= MAX_FRAMES {
                        sh.status = 2;
                        continue;
                    }
                    let saved = sh.save();
                    let kind = if background { FrameKind::Background(saved) } else { FrameKind::Subshell(saved) };
                    let mut new_frame = Frame::new(code, kind, sh.redirects.len());
                    new_frame.ops_at_start = ctx.ops;
                    self.frames.push(new_frame);
                }
                Instr::Pipeline { negate, stages } => {
                    let outcome = run_pipeline(&stages, sh, ctx);
                    let outcome = match outcome {
                        Outcome::Status(status) if negate => Outcome::Status(i32::from(status == 0)),
                        other => other,
                    };
                    if let Some(stop) = self.apply(outcome, sh, ctx) {
                        return stop;
                    }
                }
                Instr::Run(simple) => {
                    let outcome = run_simple(&simple, sh, ctx);
                    if let Some(stop) = self.apply(outcome, sh, ctx) {
                        return stop;
                    }
                }
                Instr::RunArgv(argv) => {
                    let mut io = commands::Io::default();
                    let outcome = commands::dispatch(&argv, &mut io, sh, ctx, 0);
                    charge_output(ctx, &io);
                    let (out, err) = sh.fds();
                    ctx.write(&out, &io.out);
                    ctx.write(&err, &io.err);
                    if let Some(stop) = self.apply(outcome, sh, ctx) {
                        return stop;
                    }
                }
            }
        }
    }

    /// Applies a command's outcome; `Some` stops the run.
    fn apply(&mut self, outcome: Outcome, sh: &mut ShellState, ctx: &mut Ctx) -> Option<Stop> {
        match outcome {
            Outcome::Status(status) => sh.status = status,
            Outcome::Sleep(duration) => {
                sh.status = 0;
                return self.sleep(duration, sh, ctx, false);
            }
            Outcome::Wait => {
                let duration = std::mem::take(&mut sh.background_sleep);
                sh.status = 0;
                if duration > SimDuration::ZERO {
                    return self.sleep(duration, sh, ctx, true);
                }
            }
            Outcome::Exit(code) => return self.exit(sh, code),
            Outcome::Push { code, kind, params, dialect } => {
                if self.frames.len() >= MAX_FRAMES {
                    let (_, err) = sh.fds();
                    let text = format!("{}too many nested shells\n", sh.err_prefix(0));
                    ctx.write(&err, &text);
                    sh.status = 2;
                    return None;
                }
                let kind = match kind {
                    PushKind::Inline => FrameKind::Inline,
                    PushKind::Subshell => FrameKind::Subshell(sh.save()),
                };
                let mut frame = Frame::new(code, kind, sh.redirects.len());
                frame.ops_at_start = ctx.ops;
                self.frames.push(frame);
                if let Some(params) = params {
                    sh.params = params;
                }
                if let Some(dialect) = dialect {
                    sh.dialect = dialect;
                }
            }
            Outcome::Hang => {
                if self.in_background() {
                    sh.background_sleep = FOREVER;
                    self.unwind_background(sh);
                    return None;
                }
                return Some(Stop::Hang);
            }
        }
        None
    }

    fn sleep(&mut self, duration: SimDuration, sh: &mut ShellState, ctx: &mut Ctx, from_wait: bool) -> Option<Stop> {
        if let Some(frame) = self.frames.iter_mut().rev().find(|f| matches!(f.kind, FrameKind::Background(_))) {
            // Background sleeps run "in parallel": remember them for `wait`, do not block.
            frame.slept = frame.slept + duration;
            if frame.slept >= FOREVER {
                sh.background_sleep = FOREVER;
                self.unwind_background(sh);
            }
            return None;
        }
        match ctx.mode {
            Mode::Script => {
                // Short sleeps accumulate in `elapsed` and are yielded together.
                let total = ctx.elapsed + duration;
                if total < MIN_YIELD && !from_wait {
                    ctx.elapsed = total;
                    return None;
                }
                ctx.elapsed = SimDuration::ZERO;
                ctx.waiting = from_wait;
                Some(Stop::Sleep(total))
            }
            Mode::Sync => {
                ctx.elapsed = ctx.elapsed + duration;
                if ctx.elapsed >= FOREVER {
                    return Some(Stop::Hang);
                }
                None
            }
        }
    }

    /// Bytes held by the frames themselves (`for` loop items).
    fn held_bytes(&self) -> u64 {
        let mut total = 0usize;
        for frame in &self.frames {
            for (items, _) in frame.fors.values() {
                total += items.iter().map(|item| item.len() + STRING_OVERHEAD).sum::<usize>();
            }
        }
        total as u64
    }

    fn in_background(&self) -> bool {
        self.frames.iter().any(|f| matches!(f.kind, FrameKind::Background(_)))
    }

    /// `exit`: ends the innermost subshell, or the whole program.
    fn exit(&mut self, sh: &mut ShellState, code: i32) -> Option<Stop> {
        loop {
            if self.run_subshell_exit_trap(sh, code) {
                return None;
            }
            let Some(frame) = self.frames.pop() else { break };
            sh.redirects.truncate(frame.redir_base);
            match frame.kind {
                FrameKind::Subshell(saved) => {
                    sh.restore(*saved);
                    sh.status = code;
                    return None;
                }
                FrameKind::Background(saved) => {
                    sh.restore(*saved);
                    note_background_done(sh, frame.slept);
                    sh.status = 0;
                    return None;
                }
                FrameKind::Main | FrameKind::Inline | FrameKind::Trap(_) => {}
            }
        }
        sh.status = code;
        Some(Stop::Exit(code))
    }

    /// If the top frame is a subshell that set an EXIT trap, ends it by running the trap
    /// (in a frame above it) and returns true; the subshell pops once the trap is done.
    fn run_subshell_exit_trap(&mut self, sh: &mut ShellState, status: i32) -> bool {
        let Some(frame) = self.frames.last_mut() else {
            return false;
        };
        let FrameKind::Subshell(saved) = &frame.kind else {
            return false;
        };
        let Some(action) = sh.traps.get(&0).cloned() else {
            return false;
        };
        if saved.traps.get(&0) == Some(&action) {
            return false;
        }
        sh.traps.remove(&0);
        frame.pc = frame.code.len();
        sh.status = status;
        if let Ok(code) = compile_source(&action) {
            self.frames.push(Frame::new(code, FrameKind::Trap(status), sh.redirects.len()));
        }
        true
    }

    fn pop_frame(&mut self, sh: &mut ShellState) {
        if self.run_subshell_exit_trap(sh, sh.status) {
            return;
        }
        let Some(frame) = self.frames.pop() else {
            return;
        };
        sh.redirects.truncate(frame.redir_base);
        match frame.kind {
            FrameKind::Subshell(saved) => sh.restore(*saved),
            FrameKind::Background(saved) => {
                sh.restore(*saved);
                note_background_done(sh, frame.slept);
                sh.status = 0;
            }
            FrameKind::Trap(status) => sh.status = status,
            FrameKind::Main | FrameKind::Inline => {}
        }
        // The main frame ending leaves no frames: `run` then reports Done.
    }

    /// Pops frames up to and including the innermost background frame.
    fn unwind_background(&mut self, sh: &mut ShellState) {
        while let Some(frame) = self.frames.pop() {
            sh.redirects.truncate(frame.redir_base);
            match frame.kind {
                FrameKind::Background(saved) => {
                    sh.restore(*saved);
                    sh.background_sleep = FOREVER;
                    sh.status = 0;
                    return;
                }
                FrameKind::Subshell(saved) => sh.restore(*saved),
                _ => {}
            }
        }
    }

    /// A background job that loops without end is deemed to run forever (it cannot be
    /// interleaved with the foreground in this model).
    fn abandon_runaway_background(&mut self, sh: &mut ShellState, ops: u64) {
        let runaway = self
            .frames
            .iter()
            .any(|f| matches!(f.kind, FrameKind::Background(_)) && ops.saturating_sub(f.ops_at_start) > BACKGROUND_OPS);
        if runaway {
            self.unwind_background(sh);
        }
    }
}

fn note_background_done(sh: &mut ShellState, slept: SimDuration) {
    if slept > sh.background_sleep {
        sh.background_sleep = slept;
    }
}

/// Runs a simple command: expansion, assignments, redirects, then the command itself.
fn run_simple(simple: &Simple, sh: &mut ShellState, ctx: &mut Ctx) -> Outcome {
    sh.subst_status = None;
    let argv = expand::expand_words(&simple.words, sh, ctx);
    let mut assigns = Vec::new();
    for (name, value) in &simple.assigns {
        assigns.push((name.clone(), expand::expand_single(value, sh, ctx)));
    }
    // A command of only assignments has the status of its last command substitution.
    let subst_status = sh.subst_status.unwrap_or(0);
    let (fds, stdin) = match apply_redirects(&simple.redirects, sh, ctx) {
        Ok(result) => result,
        Err(message) => {
            let (_, err) = sh.fds();
            ctx.write(&err, &message);
            return Outcome::Status(1);
        }
    };
    if argv.is_empty() {
        for (name, value) in assigns {
            sh.vars.insert(name, value);
        }
        return Outcome::Status(subst_status);
    }
    // `VAR=x cmd`: the assignment is for the command's environment only.
    let saved: Vec<(String, Option<String>)> =
        assigns.iter().map(|(name, _)| (name.clone(), sh.vars.get(name).cloned())).collect();
    for (name, value) in assigns {
        sh.vars.insert(name, value);
    }
    let mut io = commands::Io { stdin, ..commands::Io::default() };
    let outcome = commands::dispatch(&argv, &mut io, sh, ctx, simple.line);
    for (name, value) in saved {
        match value {
            Some(value) => sh.vars.insert(name, value),
            None => sh.vars.remove(&name),
        };
    }
    charge_output(ctx, &io);
    ctx.write(&fds.0, &io.out);
    ctx.write(&fds.1, &io.err);
    outcome
}

/// Big outputs cost ops too, so that `while true; do seq 99999; done` stays cheap to stop.
fn charge_output(ctx: &mut Ctx, io: &commands::Io) {
    ctx.ops = ctx.ops.saturating_add((io.out.len() + io.err.len()) as u64 / 64);
}

/// Resolves redirects left to right into (stdout, stderr) destinations and an optional stdin.
fn apply_redirects(
    redirects: &[Redirect],
    sh: &mut ShellState,
    ctx: &mut Ctx,
) -> Result<((Dest, Dest), Option<String>), String> {
    let (mut out, mut err) = sh.fds();
    let mut stdin = None;
    let prefix = sh.err_prefix(0);
    for redirect in redirects {
        let target = expand::expand_single(&redirect.target, sh, ctx);
        match redirect.op {
            RedirOp::In => {
                let path = commands::resolve(&sh.cwd, &target);
                match ctx.fs.files.get(&path) {
                    Some(text) => stdin = Some(text.clone()),
                    None => return Err(format!("{prefix}can't open '{target}': No such file or directory\n")),
                }
            }
            RedirOp::Dup => {
                let dest = match target.as_str() {
                    "1" => out.clone(),
                    "2" => err.clone(),
                    "-" => Dest::Null,
                    _ => continue,
                };
                match redirect.fd {
                    1 => out = dest,
                    2 => err = dest,
                    _ => {}
                }
            }
            RedirOp::Out | RedirOp::Append | RedirOp::Both => {
                let dest = open_for_write(&target, redirect.op != RedirOp::Append, &out, &err, sh, ctx)
                    .map_err(|reason| format!("{prefix}can't create {target}: {reason}\n"))?;
                match (redirect.op, redirect.fd) {
                    (RedirOp::Both, _) => {
                        out = dest.clone();
                        err = dest;
                    }
                    (_, 1) => out = dest,
                    (_, 2) => err = dest,
                    _ => {}
                }
            }
        }
    }
    Ok(((out, err), stdin))
}

fn open_for_write(
    target: &str,
    truncate: bool,
    out: &Dest,
    err: &Dest,
    sh: &ShellState,
    ctx: &mut Ctx,
) -> Result<Dest, &'static str> {
    match target {
        "/dev/null" => return Ok(Dest::Null),
        "/dev/stdout" | "/proc/self/fd/1" => return Ok(out.clone()),
        "/dev/stderr" | "/proc/self/fd/2" => return Ok(err.clone()),
        "/proc/1/fd/1" | "/proc/1/fd/2" => return Ok(Dest::MainLog),
        _ => {}
    }
    let path = commands::resolve(&sh.cwd, target);
    if commands::is_dir(ctx.fs, &path) {
        return Err("Is a directory");
    }
    if !commands::is_dir(ctx.fs, commands::parent(&path)) {
        return Err("nonexistent directory");
    }
    if truncate || !ctx.fs.files.contains_key(&path) {
        if !ctx.fs.files.contains_key(&path) && ctx.fs.files.len() >= MAX_FILES {
            return Err("No space left on device");
        }
        ctx.fs.files.insert(path.clone(), String::new());
    }
    Ok(Dest::File(path))
}

/// Runs pipeline stages one after another, each stage's stdout feeding the next one's stdin.
fn run_pipeline(stages: &[Cmd], sh: &mut ShellState, ctx: &mut Ctx) -> Outcome {
    let mut input: Option<String> = None;
    let mut status = 0;
    let mut slept = SimDuration::ZERO;
    let last = stages.len().saturating_sub(1);
    for (index, stage) in stages.iter().enumerate() {
        let code = compile(stage);
        // The stage is a forked copy of the shell: it holds memory and costs a copy.
        let copy = sh.bytes() as usize + input.as_ref().map_or(0, String::len);
        if !ctx.room_for(sh, copy) {
            return Outcome::Status(137);
        }
        ctx.hold(copy);
        let mut stage_shell = sh.clone();
        stage_shell.redirects.clear();
        let mut child = ctx.child();
        child.mem_outer = child.mem_outer.saturating_add(sh.bytes());
        let stop = run_nested(code, input.take(), &mut stage_shell, &mut child);
        let (out, err, elapsed, ops, signal) =
            (child.out, child.err.unwrap_or_default(), child.elapsed, child.ops, child.signal_main);
        let (main_log, mem_new, oom) = (child.main_log, child.mem_new, child.oom);
        ctx.join_child(ops, mem_new, oom);
        if ctx.oom {
            return Outcome::Status(137);
        }
        ctx.signal_main = ctx.signal_main.or(signal);
        push_capped(&mut ctx.main_log, &main_log);
        let (out_dest, err_dest) = sh.fds();
        ctx.write(&err_dest, &err);
        if elapsed > slept {
            slept = elapsed;
        }
        status = match stop {
            Stop::Exit(code) | Stop::Done(code) => code,
            Stop::Budget | Stop::Hang | Stop::Sleep(_) => return Outcome::Hang,
            Stop::Oom => return Outcome::Status(137),
        };
        if index == last {
            ctx.write(&out_dest, &out);
        } else {
            input = Some(out);
        }
    }
    if slept > SimDuration::ZERO && status == 0 {
        return Outcome::Sleep(slept);
    }
    Outcome::Status(status)
}

/// Runs `code` to completion in `ctx` (a nested, synchronous context), with `stdin` as the
/// input of the commands that read it.
fn run_nested(code: Code, stdin: Option<String>, sh: &mut ShellState, ctx: &mut Ctx) -> Stop {
    // `$(...)` and pipelines recurse on the Rust stack: bound the depth.
    if sh.nesting >= MAX_NESTING {
        let (_, err) = sh.fds();
        let text = format!("{}command substitution nested too deeply\n", sh.err_prefix(0));
        ctx.write(&err, &text);
        return Stop::Done(2);
    }
    sh.nesting += 1;
    if let Some(text) = stdin {
        sh.vars.insert(STDIN_VAR.into(), text);
    }
    let mut vm = Vm { frames: vec![Frame::new(code, FrameKind::Main, 0)] };
    vm.run(sh, ctx)
}

/// Pipeline input travels in a hidden variable that the first reading command consumes.
const STDIN_VAR: &str = "\u{0}stdin";

/// Command substitution: runs `source` in a subshell and returns its stdout without trailing
/// newlines. Stderr goes to the current stderr.
fn command_substitution(source: &str, sh: &mut ShellState, ctx: &mut Ctx) -> String {
    ctx.ops = ctx.ops.saturating_add(parse_cost(source));
    let code = match compile_source(source) {
        Ok(code) => code,
        Err(message) => {
            let (_, err) = sh.fds();
            let text = format!("{}{message}\n", sh.err_prefix(0));
            ctx.write(&err, &text);
            sh.status = 2;
            return String::new();
        }
    };
    let copy = sh.bytes() as usize;
    if !ctx.room_for(sh, copy) {
        return String::new();
    }
    ctx.hold(copy);
    let mut sub_shell = sh.clone();
    sub_shell.redirects.clear();
    let mut child = ctx.child();
    child.mem_outer = child.mem_outer.saturating_add(sh.bytes());
    let stop = run_nested(code, None, &mut sub_shell, &mut child);
    let (mem_new, oom) = (child.mem_new, child.oom);
    let (out, err, elapsed, ops, signal, main_log) =
        (child.out, child.err.unwrap_or_default(), child.elapsed, child.ops, child.signal_main, child.main_log);
    ctx.join_child(ops, mem_new, oom);
    ctx.elapsed = ctx.elapsed + elapsed;
    ctx.signal_main = ctx.signal_main.or(signal);
    push_capped(&mut ctx.main_log, &main_log);
    let (_, err_dest) = sh.fds();
    ctx.write(&err_dest, &err);
    sh.status = match stop {
        Stop::Exit(code) | Stop::Done(code) => code,
        _ => 137,
    };
    sh.subst_status = Some(sh.status);
    out.trim_end_matches('\n').to_string()
}

// ---------------------------------------------------------------------------------------------
// Compiler

/// Parse cost of `source` [work units].
fn parse_cost(source: &str) -> u64 {
    source.len() as u64 / SOURCE_BYTES_PER_UNIT
}

fn compile_source(source: &str) -> Result<Code, String> {
    let cmd = parse::parse_script(source)?;
    Ok(compile(&cmd))
}

fn compile(cmd: &Cmd) -> Code {
    let mut compiler = Compiler::default();
    compiler.cmd(cmd);
    Arc::new(compiler.code)
}

#[derive(Default)]
struct Compiler {
    code: Vec<Instr>,
    loops: Vec<LoopInfo>,
    redir_depth: usize,
    slots: usize,
}

struct LoopInfo {
    continue_at: usize,
    breaks: Vec<usize>,
    redir_depth: usize,
}

impl Compiler {
    fn emit(&mut self, instr: Instr) -> usize {
        self.code.push(instr);
        self.code.len() - 1
    }

    fn patch(&mut self, at: usize, target: usize) {
        if let Some(Instr::Jump(t) | Instr::JumpIfFail(t) | Instr::JumpIfOk(t) | Instr::ForNext { end: t, .. }) =
            self.code.get_mut(at)
        {
            *t = target;
        }
    }

    fn cmd(&mut self, cmd: &Cmd) {
        match cmd {
            Cmd::Simple(simple) => {
                let name = simple.words.first().and_then(Word::plain);
                if simple.assigns.is_empty()
                    && simple.redirects.is_empty()
                    && matches!(name, Some("break" | "continue"))
                {
                    self.break_or_continue(simple);
                } else {
                    self.emit(Instr::Run(simple.clone()));
                }
            }
            Cmd::Pipeline { negate, stages } => {
                if stages.len() == 1 {
                    self.cmd(&stages[0]);
                    if *negate {
                        self.emit(Instr::Negate);
                    }
                } else {
                    self.emit(Instr::Pipeline { negate: *negate, stages: stages.clone() });
                }
            }
            Cmd::AndOr { first, rest } => {
                self.cmd(first);
                for (and, next) in rest {
                    let jump = self.emit(if *and { Instr::JumpIfFail(0) } else { Instr::JumpIfOk(0) });
                    self.cmd(next);
                    let here = self.code.len();
                    self.patch(jump, here);
                }
            }
            Cmd::List(items) => {
                for item in items {
                    self.cmd(item);
                }
            }
            Cmd::Background(inner) => {
                self.emit(Instr::Spawn { code: compile(inner), background: true });
                self.emit(Instr::SetStatus(0));
            }
            Cmd::Subshell(inner) => {
                self.emit(Instr::Spawn { code: compile(inner), background: false });
            }
            Cmd::Group(inner) => self.cmd(inner),
            Cmd::Redirected { cmd, redirects } => {
                self.emit(Instr::RedirPush(redirects.clone()));
                self.redir_depth += 1;
                self.cmd(cmd);
                self.redir_depth -= 1;
                self.emit(Instr::RedirPop);
            }
            Cmd::While { until, cond, body } => {
                let start = self.code.len();
                self.cmd(cond);
                let exit_jump = self.emit(if *until { Instr::JumpIfOk(0) } else { Instr::JumpIfFail(0) });
                self.loops.push(LoopInfo { continue_at: start, breaks: Vec::new(), redir_depth: self.redir_depth });
                self.cmd(body);
                self.emit(Instr::Jump(start));
                let end = self.code.len();
                self.patch(exit_jump, end);
                self.end_loop(end);
            }
            Cmd::For { var, items, body } => {
                let slot = self.slots;
                self.slots += 1;
                self.emit(Instr::ForInit { slot, items: items.clone() });
                let next = self.emit(Instr::ForNext { slot, var: var.clone(), end: 0 });
                self.loops.push(LoopInfo { continue_at: next, breaks: Vec::new(), redir_depth: self.redir_depth });
                self.cmd(body);
                self.emit(Instr::Jump(next));
                let end = self.code.len();
                self.patch(next, end);
                self.end_loop(end);
            }
            Cmd::If { branches, otherwise } => {
                let mut to_end = Vec::new();
                for (cond, then) in branches {
                    self.cmd(cond);
                    let skip = self.emit(Instr::JumpIfFail(0));
                    self.cmd(then);
                    to_end.push(self.emit(Instr::Jump(0)));
                    let here = self.code.len();
                    self.patch(skip, here);
                }
                match otherwise {
                    Some(otherwise) => self.cmd(otherwise),
                    None => {
                        self.emit(Instr::SetStatus(0));
                    }
                }
                let end = self.code.len();
                for jump in to_end {
                    self.patch(jump, end);
                }
            }
        }
    }

    fn end_loop(&mut self, end: usize) {
        // Loops end with status 0 (also after `break`).
        self.emit(Instr::SetStatus(0));
        if let Some(info) = self.loops.pop() {
            for jump in info.breaks {
                self.patch(jump, end);
            }
        }
    }

    fn break_or_continue(&mut self, simple: &Simple) {
        let is_break = simple.words.first().and_then(Word::plain) == Some("break");
        let levels =
            simple.words.get(1).and_then(Word::plain).and_then(|s| s.parse::<usize>().ok()).unwrap_or(1).max(1);
        if self.loops.is_empty() {
            self.emit(Instr::SetStatus(0));
            return;
        }
        let index = self.loops.len().saturating_sub(levels);
        let target_depth = self.loops[index].redir_depth;
        for _ in target_depth..self.redir_depth {
            self.emit(Instr::RedirPop);
        }
        if is_break {
            let jump = self.emit(Instr::Jump(0));
            self.loops[index].breaks.push(jump);
        } else {
            let target = self.loops[index].continue_at;
            self.emit(Instr::Jump(target));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers

pub(crate) fn basename(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The script of `sh -c SCRIPT` / `/bin/sh -c` / `bash -c`.
fn shell_c_source(argv: &[String]) -> Option<String> {
    let program = basename(argv.first()?);
    if !matches!(program, "sh" | "bash" | "ash" | "dash") {
        return None;
    }
    let flag = argv.get(1)?;
    if flag.starts_with('-') && flag.contains('c') {
        return argv.get(2).cloned();
    }
    None
}

fn load_pattern_of(cmd: &Cmd) -> Option<(SimDuration, String)> {
    let Cmd::While { until: false, cond, body } = cmd else {
        return None;
    };
    let mut pause = SimDuration::ZERO;
    let mut url = None;
    let mut visit = |simple: &Simple| -> bool {
        let words: Vec<String> = simple.words.iter().map(Word::display).collect();
        match words.first().map(String::as_str) {
            Some("sleep") => {
                pause = pause + words.get(1).and_then(|s| commands::parse_sleep(s)).unwrap_or(SimDuration::ZERO);
                true
            }
            Some("true") | Some(":") => true,
            Some("wget") | Some("curl") => {
                url = words.iter().skip(1).rev().find(|w| !w.starts_with('-')).cloned();
                true
            }
            _ => false,
        }
    };
    let mut simples = Vec::new();
    collect_simples(cond, &mut simples)?;
    collect_simples(body, &mut simples)?;
    for simple in simples {
        if !visit(&simple) {
            return None;
        }
    }
    url.map(|url| (pause, url))
}

fn collect_simples(cmd: &Cmd, out: &mut Vec<Simple>) -> Option<()> {
    match cmd {
        Cmd::Simple(simple) => out.push(simple.clone()),
        Cmd::List(items) => {
            for item in items {
                collect_simples(item, out)?;
            }
        }
        Cmd::Redirected { cmd, .. } | Cmd::Group(cmd) => collect_simples(cmd, out)?,
        Cmd::Pipeline { stages, .. } => {
            for stage in stages {
                collect_simples(stage, out)?;
            }
        }
        Cmd::AndOr { first, rest } => {
            collect_simples(first, out)?;
            for (_, item) in rest {
                collect_simples(item, out)?;
            }
        }
        _ => return None,
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn secs(s: u64) -> ScriptStep {
        ScriptStep::Sleep(SimDuration::from_secs(s))
    }

    /// Runs `sh -c SCRIPT` as PID 1 and returns its first steps and the logs.
    fn run_script(script: &str, steps: usize) -> (Vec<ScriptStep>, Vec<String>, Fs) {
        let mut fs = Fs::default();
        let mut pid1 = Script::from_container(None, Some(&strings(&["sh", "-c", script]))).unwrap();
        let mut out = Vec::new();
        for _ in 0..steps {
            let step = pid1.resume(&mut fs);
            let done = matches!(step, ScriptStep::Exit(_));
            out.push(step);
            if done {
                break;
            }
        }
        (out, pid1.take_logs(), fs)
    }

    /// Runs a one-off `sh -c SCRIPT` and checks output and exit code.
    fn check(script: &str, expected_output: &str, expected_code: i32) {
        let mut fs = Fs::default();
        let result = exec(&strings(&["sh", "-c", script]), &mut fs, "sh");
        assert_eq!((result.output.as_str(), result.exit_code), (expected_output, expected_code), "script: {script}");
    }

    fn check_exec(
        argv: &[&str],
        fs: &mut Fs,
        main: &str,
        expected_output: &str,
        expected_code: i32,
        signal: Option<i32>,
    ) {
        let result = exec(&strings(argv), fs, main);
        assert_eq!(
            (result.output.as_str(), result.exit_code, result.signal_main),
            (expected_output, expected_code, signal),
            "argv: {argv:?}"
        );
    }

    #[test]
    fn exec_liveness_demo_timeline() {
        // The official exec-liveness pod and the seed's variant with `rm -rf`.
        for remove in ["rm -f", "rm -rf"] {
            let args =
                strings(&["/bin/sh", "-c", &format!("touch /tmp/healthy; sleep 30; {remove} /tmp/healthy; sleep 600")]);
            let mut fs = Fs::default();
            let mut pid1 = Script::from_container(None, Some(&args)).unwrap();
            assert_eq!(pid1.process_name(), "sh");
            let probe = strings(&["cat", "/tmp/healthy"]);
            // t = 0: the file is created, then the script sleeps 30 s.
            assert_eq!(pid1.resume(&mut fs), secs(30));
            let ok = exec(&probe, &mut fs, "sh");
            assert_eq!((ok.exit_code, ok.output.as_str()), (0, ""));
            // t = 30: the file is removed, then the script sleeps 600 s.
            assert_eq!(pid1.resume(&mut fs), secs(600));
            let failed = exec(&probe, &mut fs, "sh");
            assert_eq!(failed.exit_code, 1);
            assert_eq!(failed.output, "cat: can't open '/tmp/healthy': No such file or directory\n");
            assert_eq!(failed.error, None);
            // t = 630: the script ends with the status of `sleep`.
            assert_eq!(pid1.resume(&mut fs), ScriptStep::Exit(0));
            assert!(pid1.take_logs().is_empty());
            // PID 1 `sh` ignores SIGTERM.
            assert_eq!(pid1.signal(15), SignalEffect::Ignored);
        }
    }

    #[test]
    fn cat_error_texts() {
        let mut fs = Fs::default();
        check_exec(
            &["cat", "/tmp/healthy"],
            &mut fs,
            "sh",
            "cat: can't open '/tmp/healthy': No such file or directory\n",
            1,
            None,
        );
        let mut gnu = Fs { gnu: true, ..Fs::default() };
        check_exec(
            &["cat", "/tmp/healthy"],
            &mut gnu,
            "nginx",
            "cat: /tmp/healthy: No such file or directory\n",
            1,
            None,
        );
        fs.files.insert("/tmp/healthy".into(), "ok\n".into());
        check_exec(&["cat", "/tmp/healthy"], &mut fs, "sh", "ok\n", 0, None);
    }

    #[test]
    fn kill_and_killall() {
        let mut fs = Fs::default();
        check_exec(&["bash", "-c", "killall python3"], &mut fs, "python3", "", 0, Some(15));
        check_exec(&["killall", "-9", "python3"], &mut fs, "python3 app.py", "", 0, Some(9));
        check_exec(&["killall", "nginx"], &mut fs, "python3", "killall: nginx: no process killed\n", 1, None);
        check_exec(&["kill", "1"], &mut fs, "nginx", "", 0, Some(15));
        check_exec(&["kill", "-9", "1"], &mut fs, "nginx", "", 0, Some(9));
        check_exec(&["sh", "-c", "kill -KILL 1"], &mut fs, "nginx", "", 0, Some(9));
        check_exec(&["sh", "-c", "kill -s TERM 1"], &mut fs, "nginx", "", 0, Some(15));
        check_exec(&["sh", "-c", "kill 42"], &mut fs, "nginx", "sh: can't kill pid 42: No such process\n", 1, None);
        check_exec(&["kill", "42"], &mut fs, "nginx", "kill: can't kill pid 42: No such process\n", 1, None);
        check_exec(&["pkill", "python"], &mut fs, "python3", "", 0, Some(15));
        check_exec(&["pkill", "-9", "-f", "app.py"], &mut fs, "python3 app.py", "", 0, Some(9));
        check_exec(&["pkill", "java"], &mut fs, "python3", "", 1, None);
        check_exec(&["pgrep", "python"], &mut fs, "python3", "1\n", 0, None);
        let mut gnu = Fs { gnu: true, ..Fs::default() };
        check_exec(&["killall", "node"], &mut gnu, "python3", "node: no process found\n", 1, None);
        check_exec(
            &["bash", "-c", "kill 42"],
            &mut gnu,
            "python3",
            "bash: line 1: kill: (42) - No such process\n",
            1,
            None,
        );
    }

    #[test]
    fn ps_shows_pid_1() {
        let mut fs = Fs::default();
        check_exec(
            &["ps"],
            &mut fs,
            "sh -c touch /tmp/healthy; sleep 30",
            "PID   USER     TIME  COMMAND\n    1 root      0:00 sh -c touch /tmp/healthy; sleep 30\n    7 root      0:00 ps\n",
            0,
            None,
        );
        let mut gnu = Fs { gnu: true, ..Fs::default() };
        check_exec(
            &["ps"],
            &mut gnu,
            "python3 app.py",
            "    PID TTY          TIME CMD\n      1 ?        00:00:00 python3\n      7 ?        00:00:00 ps\n",
            0,
            None,
        );
    }

    #[test]
    fn not_found() {
        check("foo", "sh: foo: not found\n", 127);
        let mut fs = Fs::default();
        let result = exec(&strings(&["foo", "bar"]), &mut fs, "sh");
        assert_eq!(result.exit_code, 127);
        assert_eq!(
            result.error.as_deref(),
            Some("OCI runtime exec failed: exec failed: unable to start container process: exec: \"foo\": executable file not found in $PATH: unknown")
        );
        let mut busybox = Fs { missing: ["bash".to_string()].into_iter().collect(), ..Fs::default() };
        assert!(exec(&strings(&["bash"]), &mut busybox, "sh").error.is_some());
        check_exec(&["sh", "-c", "bash -c true"], &mut busybox, "sh", "sh: bash: not found\n", 127, None);
        let mut gnu = Fs { gnu: true, ..Fs::default() };
        check_exec(&["sh", "-c", "foo"], &mut gnu, "sh", "sh: 1: foo: not found\n", 127, None);
        check_exec(&["bash", "-c", "echo; foo"], &mut gnu, "sh", "\nbash: line 1: foo: command not found\n", 127, None);
        assert!(Script::from_container(Some(&strings(&["nosuchprogram"])), None).is_err());
        assert_eq!(exec(&[], &mut fs, "sh").exit_code, 127);
    }

    #[test]
    fn lists_and_conditionals() {
        check("false && echo a || echo b", "b\n", 0);
        check("true && echo a || echo b", "a\n", 0);
        check("false; echo $?", "1\n", 0);
        check("! false && echo negated", "negated\n", 0);
        check("echo one\necho two", "one\ntwo\n", 0);
        check("touch /tmp/x; if [ -f /tmp/x ]; then echo yes; else echo no; fi", "yes\n", 0);
        check("if test -e /nope; then echo a; elif [ 1 -lt 2 ]; then echo b; else echo c; fi", "b\n", 0);
        check("[ -f /tmp/x", "sh: [: missing ]\n", 2);
        check("[ abc = abc ] && [ -n abc ] && [ -z '' ] && echo all", "all\n", 0);
        check("exit 3; echo no", "", 3);
        check("(exit 4); echo $?", "4\n", 0);
        check("for i in 1 2 3; do echo $i; done", "1\n2\n3\n", 0);
        check("i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i", "3\n", 0);
        check("for i in 1 2 3 4; do if [ $i = 3 ]; then break; fi; echo $i; done", "1\n2\n", 0);
        check("for i in 1 2 3; do [ $i = 2 ] && continue; echo $i; done", "1\n3\n", 0);
        check("until true; do echo never; done; echo out", "out\n", 0);
        check("{ echo a; echo b; } > /tmp/f; cat /tmp/f", "a\nb\n", 0);
        check("X=1; (X=2); echo $X", "1\n", 0);
        check("eval 'echo evaluated'", "evaluated\n", 0);
    }

    #[test]
    fn quoting_and_expansion() {
        check("echo 'a  b' \"c  $HOME\" d\\ e", "a  b c  /root d e\n", 0);
        check("X='1 2'; for w in $X; do echo [$w]; done", "[1]\n[2]\n", 0);
        check("X='1 2'; for w in \"$X\"; do echo [$w]; done", "[1 2]\n", 0);
        check("echo ${UNSET:-default} ${#HOME}", "default 5\n", 0);
        check("echo $(echo inner) `echo back`", "inner back\n", 0);
        check("echo $((2 + 3 * 4)) $((7 / 0))", "sh: arithmetic syntax error: divide by zero\n14 0\n", 0);
        check("echo -n a; echo -e 'b\\tc'", "ab\tc\n", 0);
        check("printf '%s=%d\\n' a 1 b 2", "a=1\nb=2\n", 0);
        check("sh -c 'echo $0 $1' name arg", "name arg\n", 0);
        check("echo 'unterminated", "sh: syntax error: unterminated quoted string\n", 2);
        check("hostname", "localhost\n", 0);
    }

    #[test]
    fn files_and_redirects() {
        check("echo a > /tmp/f; echo b >> /tmp/f; cat /tmp/f", "a\nb\n", 0);
        check("echo hidden > /dev/null; echo err >&2", "err\n", 0);
        check("cat /nope 2>/dev/null || echo failed", "failed\n", 0);
        check("cat /nope > /tmp/out 2>&1; cat /tmp/out", "cat: can't open '/nope': No such file or directory\n", 0);
        check("echo x > /no/dir/f", "sh: can't create /no/dir/f: nonexistent directory\n", 1);
        check("mkdir -p /data/a/b && touch /data/a/b/f && ls /data/a/b", "f\n", 0);
        check("mkdir /data/x/y", "mkdir: can't create directory '/data/x/y': No such file or directory\n", 1);
        check("mkdir /tmp", "mkdir: can't create directory '/tmp': File exists\n", 1);
        check("touch /tmp/a /tmp/b; ls /tmp", "a\nb\n", 0);
        check("touch /tmp/a; rm /tmp/a; rm /tmp/a", "rm: can't remove '/tmp/a': No such file or directory\n", 1);
        check(
            "mkdir /d; touch /d/f; rm /d; rm -rf /d; ls /d",
            "rm: '/d' is a directory\nls: /d: No such file or directory\n",
            1,
        );
        check("ls /nope", "ls: /nope: No such file or directory\n", 1);
        check("cd /tmp && touch rel && ls /tmp && pwd", "rel\n/tmp\n", 0);
        check("touch /tmp/a.log /tmp/b.log /tmp/c.txt; echo /tmp/*.log", "/tmp/a.log /tmp/b.log\n", 0);
        check("echo hello | grep ell", "hello\n", 0);
        check("echo hello | grep -q nope", "", 1);
        check("printf 'a\\nb\\nc\\n' | wc -l", "3\n", 0);
        check("seq 3 | tail -n 1", "3\n", 0);
        check("echo x | tee /tmp/t > /dev/null; cat /tmp/t", "x\n", 0);
    }

    #[test]
    fn date_is_cluster_time() {
        let mut fs = Fs { now: SimTime::from_secs(65), ..Fs::default() };
        check_exec(&["date"], &mut fs, "sh", "Thu Jan  1 00:01:05 UTC 2026\n", 0, None);
        check_exec(&["date", "+%F %T %s"], &mut fs, "sh", "2026-01-01 00:01:05 1767225665\n", 0, None);
        check_exec(&["sh", "-c", "sleep 5; date +%T"], &mut fs, "sh", "00:01:10\n", 0, None);
    }

    #[test]
    fn sleeps() {
        assert_eq!(
            run_script("sleep 0.5", 3).0,
            vec![ScriptStep::Sleep(SimDuration::from_millis(500)), ScriptStep::Exit(0)]
        );
        assert_eq!(run_script("sleep 1m", 1).0, vec![secs(60)]);
        assert_eq!(run_script("sleep infinity", 3).0, vec![ScriptStep::Sleep(FOREVER), ScriptStep::Exit(0)]);
        assert_eq!(run_script("sleep abc", 2).1, vec!["sleep: invalid number 'abc'"]);
        let mut fs = Fs::default();
        let mut pid1 = Script::from_container(Some(&strings(&["sleep", "3600"])), None).unwrap();
        assert_eq!(pid1.process_name(), "sleep");
        assert_eq!(pid1.resume(&mut fs), secs(3600));
        assert_eq!(pid1.resume(&mut fs), ScriptStep::Exit(0));
        let timed = exec(&strings(&["sh", "-c", "sleep 2; echo late"]), &mut fs, "sh");
        assert_eq!((timed.output.as_str(), timed.duration), ("late\n", SimDuration::from_secs(2)));
        assert_eq!(exec(&strings(&["sleep", "infinity"]), &mut fs, "sh").duration, FOREVER);
        assert_eq!(exec(&strings(&["sh", "-c", "while true; do :; done"]), &mut fs, "sh").duration, FOREVER);
    }

    #[test]
    fn logs_and_exit_codes() {
        let (steps, logs, fs) = run_script("echo hello; echo oops >&2; echo kept > /tmp/f; echo -n part; exit 3", 3);
        assert_eq!(steps, vec![ScriptStep::Exit(3)]);
        assert_eq!(logs, vec!["hello", "oops", "part"]);
        assert_eq!(fs.files.get("/tmp/f").map(String::as_str), Some("kept\n"));
        let (steps, logs, _) = run_script("while true; do echo tick; sleep 1; done", 3);
        assert_eq!(steps, vec![secs(1), secs(1), secs(1)]);
        assert_eq!(logs, vec!["tick", "tick", "tick"]);
        let (steps, logs, _) = run_script("while true; do echo spin; done", 2);
        assert_eq!(steps, vec![ScriptStep::Sleep(PREEMPT), ScriptStep::Sleep(PREEMPT)]);
        assert!(logs.len() > 300, "{}", logs.len());
        let (steps, logs, _) =
            run_script("i=0; while sleep 1; do i=$((i+1)); echo $i; [ $i -ge 3 ] && break; done; echo done", 10);
        assert_eq!(steps, vec![secs(1), secs(1), secs(1), ScriptStep::Exit(0)]);
        assert_eq!(logs, vec!["1", "2", "3", "done"]);
        let (steps, logs, _) = run_script("while true; do done", 2);
        assert_eq!(
            (steps, logs),
            (vec![ScriptStep::Exit(2)], vec!["sh: syntax error: unexpected \"done\"".to_string()])
        );
        let mut fs = Fs::default();
        let mut sh = Script::from_container(None, None).unwrap();
        assert_eq!(sh.resume(&mut fs), ScriptStep::Exit(0), "busybox's default `sh` exits at once without a tty");
        let mut echo = Script::from_container(Some(&strings(&["echo", "hello world"])), None).unwrap();
        assert_eq!(echo.resume(&mut fs), ScriptStep::Exit(0));
        assert_eq!(echo.take_logs(), vec!["hello world"]);
    }

    #[test]
    fn exec_can_write_to_the_container_log() {
        let mut fs = Fs::default();
        let result = exec(&strings(&["sh", "-c", "echo hi > /proc/1/fd/1"]), &mut fs, "sh");
        assert_eq!((result.output.as_str(), result.main_log.clone()), ("", vec!["hi".to_string()]));
    }

    #[test]
    fn traps() {
        // A trap interrupts `wait` at once.
        let mut fs = Fs::default();
        let args = strings(&["sh", "-c", "trap 'echo bye; exit 0' TERM; sleep 600 & wait"]);
        let mut pid1 = Script::from_container(None, Some(&args)).unwrap();
        assert_eq!(pid1.resume(&mut fs), secs(600));
        assert!(pid1.traps(15));
        assert_eq!(pid1.signal(15), SignalEffect::ResumeNow);
        assert_eq!(pid1.resume(&mut fs), ScriptStep::Exit(0));
        assert_eq!(pid1.take_logs(), vec!["bye"]);
        // A foreground sleep delays the trap until it ends.
        let args = strings(&["sh", "-c", "trap 'exit 7' TERM; sleep 600"]);
        let mut pid1 = Script::from_container(None, Some(&args)).unwrap();
        assert_eq!(pid1.resume(&mut fs), secs(600));
        assert_eq!(pid1.signal(15), SignalEffect::Ignored);
        assert_eq!(pid1.resume(&mut fs), ScriptStep::Exit(7));
        // An EXIT trap runs when the script ends.
        let (_, logs, _) = run_script("trap 'echo cleanup' EXIT; echo work", 2);
        assert_eq!(logs, vec!["work", "cleanup"]);
    }

    #[test]
    fn network_commands() {
        struct Fake;
        impl Network for Fake {
            fn http_get(&mut self, url: &str, _user_agent: &'static str) -> Result<HttpReply, NetError> {
                match url {
                    "http://php-apache" => Ok(HttpReply { status: 200, body: "OK!".into() }),
                    "http://broken" => Ok(HttpReply { status: 500, body: "boom".into() }),
                    "http://closed" => Err(NetError::Refused("10.96.0.9".into())),
                    _ => Err(NetError::BadAddress),
                }
            }
        }
        let mut fs = Fs::default();
        let run = |argv: &[&str], fs: &mut Fs| {
            let r = exec_with(&strings(argv), fs, "sh", &mut Fake);
            (r.output, r.exit_code)
        };
        assert_eq!(run(&["wget", "-q", "-O-", "http://php-apache"], &mut fs), ("OK!".to_string(), 0));
        assert_eq!(run(&["wget", "-qO-", "http://nope"], &mut fs), ("wget: bad address 'nope'\n".to_string(), 1));
        assert_eq!(
            run(&["wget", "-q", "-O-", "http://broken"], &mut fs),
            ("wget: server returned error: HTTP/1.1 500 Internal Server Error\n".to_string(), 1)
        );
        assert_eq!(
            run(&["wget", "-q", "-O-", "http://closed"], &mut fs),
            ("wget: can't connect to remote host (10.96.0.9): Connection refused\n".to_string(), 1)
        );
        assert_eq!(run(&["curl", "-s", "http://php-apache"], &mut fs), ("OK!".to_string(), 0));
        assert_eq!(run(&["curl", "http://nope"], &mut fs), ("curl: (6) Could not resolve host: nope\n".to_string(), 6));
        assert_eq!(run(&["wget", "-q", "-O-", "http://php-apache"], &mut Fs::default()).1, 0);
        assert_eq!(exec(&strings(&["wget", "-q", "-O-", "http://php-apache"]), &mut fs, "sh").exit_code, 1);
    }

    #[test]
    fn load_generator_pattern() {
        let args = strings(&["/bin/sh", "-c", "while sleep 0.01; do wget -q -O- http://php-apache; done"]);
        let pid1 = Script::from_container(None, Some(&args)).unwrap();
        assert_eq!(pid1.load_pattern(), Some((SimDuration::from_millis(10), "http://php-apache".to_string())));
        let other = Script::from_container(None, Some(&strings(&["sh", "-c", "sleep 5"]))).unwrap();
        assert_eq!(other.load_pattern(), None);
    }

    #[test]
    fn interactive_session() {
        let mut fs = Fs { hostname: "web-1".into(), ..Fs::default() };
        let mut session = Session::start("sh", &fs, "nginx -g daemon off;").unwrap();
        assert_eq!(session.prompt(&fs), "/ # ");
        assert_eq!(session.run_line("cd /tmp; X=42", &mut fs, &mut NoNetwork).exit_code, 0);
        assert_eq!(session.prompt(&fs), "/tmp # ");
        assert_eq!(session.run_line("echo $X; pwd", &mut fs, &mut NoNetwork).output, "42\n/tmp\n");
        assert_eq!(session.run_line("nginx -s reload", &mut fs, &mut NoNetwork).signal_main, Some(1));
        assert_eq!(session.run_line("done", &mut fs, &mut NoNetwork).output, "sh: syntax error: unexpected \"done\"\n");
        assert_eq!(session.run_line("exit 3", &mut fs, &mut NoNetwork).exit_code, 3);
        assert!(session.is_closed());
        let bash = Session::start("bash", &fs, "python3 app.py").unwrap();
        assert_eq!(bash.prompt(&fs), "root@web-1:/# ");
        let busybox = Fs { missing: ["bash".to_string()].into_iter().collect(), ..Fs::default() };
        assert_eq!(Session::start("bash", &busybox, "sh").err(), Some(runtime_not_found("bash")));
    }

    #[test]
    fn the_image_program_itself() {
        let mut fs = Fs::default();
        check_exec(&["nginx", "-v"], &mut fs, "nginx -g daemon off;", "nginx version: nginx/1.27.3\n", 0, None);
        check_exec(&["nginx", "-s", "quit"], &mut fs, "nginx", "", 0, Some(3));
        check_exec(&["python3", "--version"], &mut fs, "python3 app.py", "Python 3.12.3\n", 0, None);
        check_exec(&["redis-cli", "ping"], &mut fs, "redis-server", "PONG\n", 0, None);
        assert!(exec(&strings(&["nginx", "-v"]), &mut fs, "python3").error.is_some());
        let mut with_env =
            Fs { env: [("GREETING".to_string(), "hi".to_string())].into_iter().collect(), ..Fs::default() };
        check_exec(&["sh", "-c", "echo $GREETING"], &mut with_env, "sh", "hi\n", 0, None);
    }

    #[test]
    fn short_sleeps_are_batched() {
        let (steps, logs, _) = run_script("while sleep 0.01; do echo x; done", 2);
        assert_eq!(steps, vec![ScriptStep::Sleep(PREEMPT), ScriptStep::Sleep(PREEMPT)]);
        assert_eq!(logs.len(), 19, "about ten iterations per 100 ms step");
        assert_eq!(
            run_script("sleep 0.05", 3).0,
            vec![ScriptStep::Sleep(SimDuration::from_millis(50)), ScriptStep::Exit(0)]
        );
        let (steps, _, _) = run_script("while true; do sleep 0; done", 2);
        assert_eq!(
            steps,
            vec![ScriptStep::Sleep(PREEMPT), ScriptStep::Sleep(PREEMPT)],
            "`sleep 0` never yields a zero sleep"
        );
    }

    #[test]
    fn hostile_input_is_bounded() {
        let mut fs = Fs::default();
        let regex_bomb = format!("echo {} | grep '{}b'", "a".repeat(200), "a*".repeat(30));
        assert_eq!(exec(&strings(&["sh", "-c", &regex_bomb]), &mut fs, "sh").exit_code, 1);
        // A short pattern whose interval makes a big program is metered by the program's size.
        let interval_bomb = exec(&strings(&["sh", "-c", "seq 2000 | grep -E '(^){30000}x'"]), &mut fs, "sh");
        assert!(interval_bomb.output.contains("Cputime limit exceeded"), "{}", interval_bomb.output);
        let deep_arith = format!("echo $(({}1))", "-".repeat(5000));
        assert_eq!(exec(&strings(&["sh", "-c", &deep_arith]), &mut fs, "sh").exit_code, 0);
        let deep_subst = format!("echo {}x{}", "$(echo ".repeat(40), ")".repeat(40));
        let result = exec(&strings(&["sh", "-c", &deep_subst]), &mut fs, "sh");
        assert!(result.output.contains("nested too deeply"), "{}", result.output);
        let recursion = "echo 'sh /tmp/s' > /tmp/s; sh /tmp/s";
        assert!(exec(&strings(&["sh", "-c", recursion]), &mut fs, "sh").output.contains("too many nested shells"));
        let flood = exec(&strings(&["sh", "-c", "while true; do seq 99999; done"]), &mut fs, "sh");
        assert_eq!(flood.duration, FOREVER);
        assert!(flood.output.len() <= MAX_OUTPUT);
        let grow = exec(
            &strings(&[
                "sh",
                "-c",
                "echo x > /tmp/g; while true; do cat /tmp/g /tmp/g > /tmp/h; cat /tmp/h > /tmp/g; done",
            ]),
            &mut fs,
            "sh",
        );
        assert_eq!(grow.duration, FOREVER);
        assert!(fs.files.get("/tmp/g").map_or(0, String::len) <= MAX_FILE);
    }

    fn limited(memory: u64, cpu_millis: u64) -> Limits {
        Limits { memory, cpu_millis }
    }

    #[test]
    fn runaway_memory_is_oom_killed() {
        const MIB: u64 = 1 << 20;
        for script in [
            "x=a; while true; do x=$x$x; done",
            "set -- a; while true; do set -- \"$@\" \"$@\"; done",
            "x=aaaaaaaaaaaaaaaa; while true; do x=\"$x $x\"; for i in $x; do :; done; done",
            "i=0; while true; do i=$((i+1)); eval \"v$i=$i$i$i$i$i$i$i$i$i$i$i$i$i$i$i$i$i$i$i$i\"; done",
            "echo x > /tmp/f; while true; do cat /tmp/f /tmp/f > /tmp/g; cp /tmp/g /tmp/f; cp /tmp/f /tmp/$RANDOM$RANDOM; done",
            "x=a; while true; do x=$(echo $x$x); done",
            "while true; do mkdir -p /tmp/$RANDOM/$RANDOM/$RANDOM; done",
        ] {
            let mut fs = Fs::default();
            let mut pid1 = Script::from_container(None, Some(&strings(&["sh", "-c", script]))).unwrap();
            let mut oom = false;
            for _ in 0..20_000 {
                match pid1.resume_limited(&mut fs, &mut NoNetwork, limited(4 * MIB, 1000)) {
                    ScriptStep::OomKilled => {
                        oom = true;
                        break;
                    }
                    ScriptStep::Exit(code) => panic!("{script}: exited {code}"),
                    ScriptStep::Sleep(_) => {}
                }
            }
            assert!(oom, "{script}: never OOMKilled");
            assert_eq!(pid1.exit_code(), Some(137));
            assert_eq!(pid1.memory(), 0);
            // Through `kubectl exec` too.
            let mut fs = Fs::default();
            let result = exec_limited(&strings(&["sh", "-c", script]), &mut fs, "sh", &mut NoNetwork, limited(4 * MIB, 1000));
            assert!(result.oom_killed || result.duration == FOREVER, "{script}: {result:?}");
        }
        let mut fs = Fs::default();
        let result = exec_limited(
            &strings(&["sh", "-c", "x=a; while true; do x=$x$x; done"]),
            &mut fs,
            "sh",
            &mut NoNetwork,
            limited(4 * MIB, 1000),
        );
        assert!(result.oom_killed, "{result:?}");
        assert_eq!(result.exit_code, 137);
        // Within the limit nothing happens: 1 MiB of string in a 4 MiB container.
        let mut pid1 = Script::from_container(
            None,
            Some(&strings(&["sh", "-c", "x=a; i=0; while [ $i -lt 20 ]; do x=$x$x; i=$((i+1)); done; echo ${#x}"])),
        )
        .unwrap();
        let mut fs = Fs::default();
        let mut steps = 0;
        while let ScriptStep::Sleep(_) = pid1.resume_limited(&mut fs, &mut NoNetwork, limited(4 * MIB, 1000)) {
            steps += 1;
            assert!(steps < 1000);
        }
        assert_eq!(pid1.exit_code(), Some(0));
        assert_eq!(pid1.take_logs(), vec!["1048576"]);
    }

    #[test]
    fn busy_scripts_are_slow_in_cluster_time() {
        // A busy loop yields for the CPU time it used: 100 ms per slice at one core, twice
        // as long at 500m.
        let mut fs = Fs::default();
        let mut pid1 = Script::from_container(None, Some(&strings(&["sh", "-c", "while true; do :; done"]))).unwrap();
        assert_eq!(pid1.resume_limited(&mut fs, &mut NoNetwork, limited(1 << 24, 1000)), secs_ms(100));
        assert!(pid1.preempted());
        assert_eq!(pid1.resume_limited(&mut fs, &mut NoNetwork, limited(1 << 24, 500)), secs_ms(200));
        assert!((200_000..202_000).contains(&pid1.cpu_micros()), "{}", pid1.cpu_micros());
        // A backtracking-shaped pattern over a 4,000-line file costs in proportion to the
        // bytes matched, not exponentially: it takes cluster time, and little real time.
        let mut fs = Fs::default();
        let line = "a".repeat(100);
        fs.files.insert("/tmp/f".into(), format!("{line}\n").repeat(4000));
        let script = "while true; do grep 'a*a*a*a*a*a*a*a*a*a*a*a*b' /tmp/f; sleep 1; done";
        let mut pid1 = Script::from_container(None, Some(&strings(&["sh", "-c", script]))).unwrap();
        let started = std::time::Instant::now();
        let mut cluster_time = SimDuration::ZERO;
        for _ in 0..4 {
            match pid1.resume_limited(&mut fs, &mut NoNetwork, limited(1 << 24, 500)) {
                ScriptStep::Sleep(d) => cluster_time = cluster_time + d,
                other => panic!("{other:?}"),
            }
        }
        let real = started.elapsed();
        eprintln!("4 greps of 400 KB: {real:?} real, {cluster_time:?} of cluster time");
        assert!(cluster_time > SimDuration::from_secs(4), "{cluster_time:?}");
        assert!(real.as_secs_f64() < cluster_time.as_secs_f64() / 10.0, "{real:?} for {cluster_time:?}");
        // Light scripts keep their exact timing.
        let mut pid1 =
            Script::from_container(None, Some(&strings(&["sh", "-c", "while true; do echo hi; sleep 1; done"])))
                .unwrap();
        for _ in 0..5 {
            assert_eq!(pid1.resume_limited(&mut fs, &mut NoNetwork, limited(1 << 24, 100)), secs(1));
        }
    }

    fn secs_ms(ms: u64) -> ScriptStep {
        ScriptStep::Sleep(SimDuration::from_millis(ms))
    }

    #[test]
    fn grep_patterns() {
        let check_grep = |pattern: &str, flags: &str, expected: &str| {
            let mut fs = Fs::default();
            fs.files.insert("/t".into(), "abc\na+b\nA(b)\nx|y\nfoo bar\n*star\nend$\n".into());
            let script = format!("grep {flags} '{pattern}' /t");
            let result = exec(&strings(&["sh", "-c", &script]), &mut fs, "sh");
            assert_eq!(result.output, expected, "grep {flags} {pattern}");
        };
        check_grep("a+b", "", "a+b\n");
        check_grep("a+b", "-E", "abc\n");
        check_grep("^a.c$", "", "abc\n");
        check_grep("abc\\|x|y", "", "abc\nx|y\n");
        check_grep("(b)", "", "A(b)\n");
        check_grep("(b)", "-E", "abc\na+b\nA(b)\nfoo bar\n");
        check_grep("a(b)", "-i", "A(b)\n");
        check_grep("*star", "", "*star\n");
        check_grep("[[:space:]]", "", "foo bar\n");
        check_grep("d\\$", "", "end$\n");
        check_grep("[a-c]\\{3\\}", "", "abc\n");
        let mut fs = Fs::default();
        let result = exec(&strings(&["sh", "-c", "echo x | grep -E '(x'"]), &mut fs, "sh");
        assert_eq!((result.exit_code, result.output.as_str()), (2, "grep: bad regex '(x'\n"));
    }

    #[test]
    fn garbage_never_panics_or_hangs() {
        const PIECES: &[&str] = &[
            "echo", "sleep", "1", "while", "do", "done", "if", "then", "fi", "for", "in", "{", "}", "(", ")", ";",
            "&&", "||", "|", "&", ">", ">>", "<", "2>&1", "'", "\"", "`", "$", "$(", "$((", "${", "\\", "\n", " ",
            "cat", "/tmp/x", "rm", "-rf", "/", "kill", "-9", "exit", "trap", "wait", "break", "[", "]", "-f", "x=1",
            "$x", "*", "true", "false", "!", "eval", "sh", "-c", "ls", "mkdir", "-p", "touch", "0.001", "infinity",
            "%", "printf", "%s", "seq", "99999", "read", "tail", "-f", "\u{e9}", "\u{0}", "#",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for _ in 0..400 {
            let len = 1 + next(12);
            let mut source = String::new();
            for _ in 0..len {
                source.push_str(PIECES[next(PIECES.len())]);
                if next(2) == 0 {
                    source.push(' ');
                }
            }
            let mut fs = Fs::default();
            let _ = exec(&strings(&["sh", "-c", &source]), &mut fs, "sh");
            let _ = exec(&[source.clone()], &mut fs, "sh");
            let mut pid1 = Script::from_container(None, Some(&strings(&["sh", "-c", &source]))).unwrap();
            for _ in 0..5 {
                if let ScriptStep::Exit(_) = pid1.resume(&mut fs) {
                    break;
                }
                let _ = pid1.signal(15);
            }
            let _ = pid1.take_logs();
        }
    }
}
