//! The `kubeplay` command-line tool: runs scenario files (`kubeplay run FILE`) and offers a
//! REPL on the default cluster. It shares parsing, execution and printing with the web UI;
//! only who advances time differs (here: the timeline, or `sleep`).

use kubeplay::cmd::{self, Files};
use kubeplay::engine::time::SimDuration;
use kubeplay::engine::ClusterConfig;
use kubeplay::runner::{self, RunError};
use kubeplay::session::Session;
use std::cell::RefCell;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::rc::Rc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

const HELP: &str = "kubeplay — a Kubernetes cluster simulation (kubelet, controllers, node failover)

USAGE:
    kubeplay                      start a REPL on the default cluster (3 nodes: node-1..node-3)
    kubeplay run FILE [OPTIONS]   run a scenario file and print each timeline command's output
    kubeplay help [VERB]          list the commands of the command language, or one verb's usage
    kubeplay lesson list|play|verify   guided lessons (kubeplay lesson --help)
    kubeplay --version

RUN OPTIONS:
    --until DURATION   keep simulating until this cluster time (e.g. 10m); later entries are skipped
    --events           interleave the cluster's events (Scheduled, Killing, BackOff, ...) with the output
    --json             write JSON lines instead of text, one object per command or event
    --seed N           override the scenario's seed
    --svg OUT.svg      after the run, write charts of the run to OUT.svg: replicas, requests,
                       CPU against the HPA target, node readiness, restarts, with markers for
                       your actions and the cluster's deadlines (see docs/charts.md)

REPL:
    Type kubectl commands (with or without `kubectl`), playground verbs such as
    `node power-off node-2`, `kill POD`, and `sleep 30s` to advance cluster time.
    `kubectl exec -it POD -- bash` (or `sh`) opens the container's shell: the prompt becomes
    the image's (`root@POD:/app# `) until `exit` or until the container ends.
    `kubectl get pods -w` watches as kubectl does: in a terminal, cluster time runs in real
    time (1 cluster second per second) and a row prints for every change, until you press
    Enter. With input from a file or pipe, time moves only with `sleep`: the watch keeps
    running while the following lines run, prints its rows as they happen, and stops at an
    empty line. (KUBEPLAY_LIVE_WATCH=1 gives the terminal behaviour to piped input.)
    `help` lists every verb; `exit` or Ctrl-D quits.

SCENARIO FILES:
    Kubernetes manifests (applied at t=0) plus one `kind: Scenario` document:

        apiVersion: kubeplay.dev/v1
        kind: Scenario
        metadata: {name: failover}
        spec:
          seed: 7
          nodes: 3              # or a list of {name, cpu, memory, zone}
          timeline:
          - {at: 60s, run: \"node power-off node-2\"}
          - {at: 6m, run: \"kubectl get pods -o wide\"}

    Output for each entry starts with a header line such as `[6m0s] $ kubectl get pods -o wide`.
    The same file and seed always give byte-identical output.

EXAMPLES:
    kubeplay run tests/scenarios/node-failover.yaml --events
    kubeplay run tests/scenarios/crash-loop.yaml --until 5m --json
    kubeplay run tests/scenarios/node-failover.yaml --svg failover.svg
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None => repl(),
        Some("-h" | "--help") => out(HELP),
        Some("-V" | "--version") => out(&format!(
            "kubeplay {} (simulating Kubernetes {})\n",
            env!("CARGO_PKG_VERSION"),
            kubeplay::engine::KUBERNETES_VERSION
        )),
        Some("help") => out(&format!("{}\n", cmd::help(args.get(1).map(String::as_str)))),
        Some("lesson") => {
            let (text, code) = kubeplay::lessons::cli::main(&args[1..]);
            out(&text);
            ExitCode::from(code)
        }
        Some("run") => match RunOptions::parse(&args[1..]) {
            Ok(options) => run_scenario(&options),
            Err(message) => {
                eprintln!("error: {message}\nRun 'kubeplay --help' for usage.");
                ExitCode::from(2)
            }
        },
        Some(other) => {
            eprintln!("error: unknown command {other:?} for \"kubeplay\"\nRun 'kubeplay --help' for usage.");
            ExitCode::from(2)
        }
    }
}

/// Writes `text` to stdout; a closed stdout (`kubeplay help | head -1`) is not an error.
fn out(text: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush());
    ExitCode::SUCCESS
}

struct RunOptions {
    file: PathBuf,
    until: Option<SimDuration>,
    events: bool,
    json: bool,
    seed: Option<u64>,
    svg: Option<PathBuf>,
}

impl RunOptions {
    fn parse(args: &[String]) -> Result<RunOptions, String> {
        let mut file = None;
        let mut options =
            RunOptions { file: PathBuf::new(), until: None, events: false, json: false, seed: None, svg: None };
        let mut i = 0;
        while i < args.len() {
            let arg = &args[i];
            let (flag, inline) = match arg.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
                _ => (arg.as_str(), None),
            };
            let mut value = |name: &str| -> Result<String, String> {
                if let Some(v) = inline.clone() {
                    return Ok(v);
                }
                i += 1;
                args.get(i).cloned().ok_or_else(|| format!("flag needs an argument: {name}"))
            };
            match flag {
                "--events" => options.events = true,
                "--json" => options.json = true,
                "--until" => {
                    let v = value("--until")?;
                    let until = SimDuration::parse(&v).ok_or_else(|| {
                        format!("invalid argument {v:?} for \"--until\" flag: use a duration such as 90s, 6m or 1h30m")
                    })?;
                    if until > kubeplay::scenario::MAX_AT {
                        return Err(format!(
                            "invalid argument {v:?} for \"--until\" flag: at most 30 days (720h), as for `at:` and `sleep`"
                        ));
                    }
                    options.until = Some(until);
                }
                "--svg" => options.svg = Some(PathBuf::from(value("--svg")?)),
                "--seed" => {
                    let v = value("--seed")?;
                    options.seed = Some(v.parse().map_err(|_| {
                        format!("invalid argument {v:?} for \"--seed\" flag: expected a non-negative integer")
                    })?);
                }
                f if f.starts_with('-') && f != "-" => return Err(format!("unknown flag: {f}")),
                _ if file.is_none() => file = Some(PathBuf::from(arg)),
                _ => return Err(format!("unexpected argument {arg:?}: `kubeplay run` takes one scenario file")),
            }
            i += 1;
        }
        options.file =
            file.ok_or("`kubeplay run` needs a scenario file, e.g. kubeplay run tests/scenarios/node-failover.yaml")?;
        Ok(options)
    }
}

/// Reads `apply -f NAME` relative to the scenario's directory (or the working directory); `-`
/// is stdin in the REPL (the rest of the REPL's input; a scenario's timeline refuses it).
struct DiskFiles {
    base: PathBuf,
    /// The REPL's input, when `-` reads from it.
    stdin: Option<Rc<RefCell<Lines>>>,
}

impl Files for DiskFiles {
    fn read(&self, name: &str) -> Result<String, String> {
        if name == "-" {
            let mut text = String::new();
            match &self.stdin {
                Some(lines) => {
                    let mut lines = lines.borrow_mut();
                    while let Some(line) = lines.next().map_err(|e| format!("error: reading stdin: {e}"))? {
                        text.push_str(&String::from_utf8_lossy(&line));
                    }
                }
                None => {
                    std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
                        .map_err(|e| format!("error: reading stdin: {e}"))?;
                }
            }
            return Ok(text);
        }
        let path = if Path::new(name).is_absolute() { PathBuf::from(name) } else { self.base.join(name) };
        std::fs::read_to_string(&path).map_err(|_| format!("error: the path \"{name}\" does not exist"))
    }
}

fn is_broken_pipe(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::BrokenPipe
}

fn run_scenario(options: &RunOptions) -> ExitCode {
    let text = match std::fs::read(&options.file) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                eprintln!("error: {} is not UTF-8 text (invalid byte at offset {at})", options.file.display());
                return ExitCode::from(1);
            }
        },
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", options.file.display());
            return ExitCode::from(1);
        }
    };
    let files = DiskFiles { base: options.file.parent().map(Path::to_path_buf).unwrap_or_default(), stdin: None };
    let name = options.file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let run_options =
        runner::RunOptions { until: options.until, events: options.events, json: options.json, seed: options.seed };
    let mut stdout = std::io::stdout().lock();
    match runner::run_scenario_to(&text, &name, &files, &run_options, &mut stdout) {
        Ok(session) => {
            let _ = stdout.flush();
            if let Some(path) = &options.svg {
                if let Err(e) = std::fs::write(path, runner::chart_svg(session.cluster())) {
                    eprintln!("error: cannot write {}: {e}", path.display());
                    return ExitCode::from(1);
                }
            }
            ExitCode::SUCCESS
        }
        // `kubeplay run FILE | head`: the reader has what it wanted.
        Err(RunError::Output(e)) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn repl() -> ExitCode {
    match repl_loop() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// The REPL's input lines. Read directly; once a live watch has to look at the clock while it
/// waits for Enter, a thread reads them so that the wait can time out.
struct Lines {
    thread: Option<mpsc::Receiver<std::io::Result<Vec<u8>>>>,
    ended: bool,
}

/// What waiting for a line with a timeout gave.
enum Waited {
    Line,
    End,
    Timeout,
}

impl Lines {
    /// The next line with its newline; `None` at the end of the input.
    fn next(&mut self) -> std::io::Result<Option<Vec<u8>>> {
        if self.ended {
            return Ok(None);
        }
        let line = match &self.thread {
            Some(thread) => thread.recv().unwrap_or(Ok(Vec::new()))?,
            None => {
                let mut bytes = Vec::new();
                std::io::stdin().lock().read_until(b'\n', &mut bytes)?;
                bytes
            }
        };
        self.ended = line.is_empty();
        Ok((!line.is_empty()).then_some(line))
    }

    /// The next line if one comes within `wait`.
    fn next_within(&mut self, wait: Duration) -> std::io::Result<Waited> {
        if self.ended {
            return Ok(Waited::End);
        }
        let thread = self.thread.get_or_insert_with(|| {
            let (send, receive) = mpsc::channel();
            std::thread::spawn(move || loop {
                let mut bytes = Vec::new();
                let read = std::io::stdin().lock().read_until(b'\n', &mut bytes);
                let last = !matches!(read, Ok(n) if n > 0);
                if send.send(read.map(|_| bytes)).is_err() || last {
                    return;
                }
            });
            receive
        });
        match thread.recv_timeout(wait) {
            Ok(Ok(line)) if line.is_empty() => {
                self.ended = true;
                Ok(Waited::End)
            }
            Ok(Ok(_)) => Ok(Waited::Line),
            Ok(Err(e)) => Err(e),
            Err(mpsc::RecvTimeoutError::Timeout) => Ok(Waited::Timeout),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                self.ended = true;
                Ok(Waited::End)
            }
        }
    }
}

/// Prints the rows running watches printed since the last look.
fn print_watch_rows(session: &mut Session, stdout: &mut impl Write) -> std::io::Result<()> {
    for row in session.take_watch_rows() {
        writeln!(stdout, "{}", row.text)?;
    }
    Ok(())
}

/// A watch in a terminal: cluster time runs at 1x wall-clock time, rows print as they happen,
/// until a line (Enter) comes or the input ends. Returns false at the end of the input.
fn watch_live(session: &mut Session, lines: &RefCell<Lines>, stdout: &mut impl Write) -> std::io::Result<bool> {
    let (started, from) = (Instant::now(), session.now());
    loop {
        let waited = lines.borrow_mut().next_within(Duration::from_millis(100))?;
        let wall = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        session.advance_to(from + SimDuration::from_millis(wall));
        print_watch_rows(session, stdout)?;
        stdout.flush()?;
        match waited {
            Waited::Timeout => {}
            Waited::Line => {
                session.stop_watches();
                return Ok(true);
            }
            Waited::End => {
                session.stop_watches();
                return Ok(false);
            }
        }
    }
}

/// The REPL on the default cluster; returns when input ends, on `exit`, or when stdout fails.
fn repl_loop() -> std::io::Result<()> {
    let mut session = Session::new(ClusterConfig::with_nodes(1, 3));
    let lines = Rc::new(RefCell::new(Lines { thread: None, ended: false }));
    session.set_files(Box::new(DiskFiles { base: PathBuf::from("."), stdin: Some(lines.clone()) }));
    let interactive = std::io::stdin().is_terminal();
    let live_watch = interactive || std::env::var_os("KUBEPLAY_LIVE_WATCH").is_some_and(|v| v == "1");
    let mut stdout = std::io::stdout().lock();
    if interactive {
        writeln!(
            stdout,
            "kubeplay {} — a simulated cluster with nodes node-1, node-2, node-3.",
            env!("CARGO_PKG_VERSION")
        )?;
        writeln!(stdout, "Type kubectl commands, `sleep 30s` to advance time, `help` for every verb, `exit` to quit.")?;
    }
    for number in 1.. {
        // Inside `kubectl exec -it POD -- bash` the prompt is the container's (`root@POD:/app# `).
        let shell_prompt = session.shell_prompt();
        if interactive {
            match &shell_prompt {
                Some(prompt) => write!(stdout, "{prompt}")?,
                None => write!(stdout, "[{}] $ ", session.now())?,
            }
            stdout.flush()?;
        }
        let next = lines.borrow_mut().next()?;
        let Some(bytes) = next else { break };
        let Ok(line) = std::str::from_utf8(&bytes) else {
            let at = std::str::from_utf8(&bytes).err().map_or(0, |e| e.valid_up_to());
            writeln!(
                stdout,
                "error: input line {number} is not valid UTF-8 (invalid byte at offset {at}); it was ignored"
            )?;
            continue;
        };
        let trimmed = line.trim();
        if shell_prompt.is_none() && (trimmed == "exit" || trimmed == "quit") {
            break;
        }
        // Piped input: an empty line stops the running watches (Enter, as in a terminal).
        if trimmed.is_empty() && session.watching() {
            session.stop_watches();
            continue;
        }
        if !interactive && shell_prompt.is_some() {
            writeln!(stdout, "{}{trimmed}", shell_prompt.as_deref().unwrap_or_default())?;
        } else if !interactive && !trimmed.is_empty() && !trimmed.starts_with('#') {
            writeln!(stdout, "[{}] $ {trimmed}", session.now())?;
        }
        let watching = session.watching();
        let output = session.run(trimmed);
        if !output.text.is_empty() {
            writeln!(stdout, "{}", output.text)?;
        }
        // Rows of a running watch: what the line changed, or what happened during its `sleep`.
        print_watch_rows(&mut session, &mut stdout)?;
        if session.watching() && !watching && live_watch {
            if interactive {
                writeln!(stdout, "(watching in real time; press Enter to stop)")?;
            }
            stdout.flush()?;
            if !watch_live(&mut session, &lines, &mut stdout)? {
                break;
            }
        }
        stdout.flush()?;
    }
    Ok(())
}
