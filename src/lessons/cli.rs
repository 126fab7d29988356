//! `kubeplay lesson list|play|verify`.

use super::format::{Lang, Lesson};
use super::markdown::{self, Sources};
use super::runtime::LessonRun;
use super::verify;
use crate::engine::time::{go_duration, SimDuration, SimTime};
use crate::sort::SmallSort;
use std::path::Path;

pub const HELP: &str = "kubeplay lesson — guided, self-checking lessons (lessons/README.md)

USAGE:
    kubeplay lesson list [--lang zh-CN]          the built-in lessons
    kubeplay lesson play ID|FILE [--lang zh-CN]  play a lesson's solutions as a transcript: each
                                                 step's text, commands with their output, and when
                                                 each check was met (cluster time)
    kubeplay lesson verify [PATHS...]            check lessons (files or folders; none: every
                                                 built-in lesson): each check false at its step's
                                                 start and true within the budget after the
                                                 solution, watch rules reachable, en and zh-CN
                                                 complete. Exit status 1 if any lesson fails.
";

/// Runs `kubeplay lesson ARGS...`; returns the process exit code (0 ok, 1 failed, 2 usage).
pub fn main(args: &[String]) -> (String, u8) {
    let mut lang = Lang::En;
    let mut rest = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        if let Some(code) = arg.strip_prefix("--lang=") {
            match Lang::from_code(code) {
                Some(l) => lang = l,
                None => return (format!("error: unknown language {code:?} (en or zh-CN)\n"), 2),
            }
        } else if arg == "--lang" {
            i += 1;
            match args.get(i).and_then(|c| Lang::from_code(c)) {
                Some(l) => lang = l,
                None => return ("error: --lang needs en or zh-CN\n".into(), 2),
            }
        } else if arg == "-h" || arg == "--help" {
            return (HELP.to_string(), 0);
        } else {
            rest.push(arg.to_string());
        }
        i += 1;
    }
    match rest.first().map(String::as_str) {
        Some("list") => list(lang),
        Some("play") => match rest.get(1) {
            Some(which) => play(which, lang),
            None => ("error: `kubeplay lesson play` needs a lesson id, e.g. self-healing\n".into(), 2),
        },
        Some("verify") => verify_paths(&rest[1..]),
        Some(other) => (format!("error: unknown lesson command {other:?}\n\n{HELP}"), 2),
        None => (HELP.to_string(), 2),
    }
}

fn list(lang: Lang) -> (String, u8) {
    match super::builtin() {
        Ok(lessons) => {
            let mut out = String::new();
            let width = lessons.iter().map(|l| l.id.len()).max().unwrap_or(2).max(2);
            for lesson in &lessons {
                out.push_str(&format!(
                    "{:<width$}   {} ({}, {} steps)\n",
                    lesson.id,
                    lesson.title.get(lang),
                    lesson.estimate.get(lang),
                    lesson.steps.len()
                ));
            }
            (out, 0)
        }
        Err(e) => (format!("error: {e}\n"), 1),
    }
}

fn load(which: &str) -> Result<Lesson, String> {
    if which.ends_with(".yaml") || which.contains('/') {
        let text = std::fs::read_to_string(which).map_err(|e| format!("{which}: {e}"))?;
        Lesson::parse(&text).map_err(|e| format!("{which}: {e}"))
    } else {
        super::find(which).ok_or_else(|| format!("no lesson {which:?}; `kubeplay lesson list` shows them"))
    }
}

/// The transcript of a lesson played by its solutions.
pub fn transcript(lesson: &Lesson, lang: Lang) -> Result<String, String> {
    let mut out = String::new();
    let mut run = LessonRun::start(lesson.clone())?;
    out.push_str(&format!("# {}\n{}\n", lesson.title.get(lang), lesson.summary.get(lang)));
    for (idx, step) in lesson.steps.iter().enumerate() {
        let started = run.now();
        out.push_str(&format!("\n## [{}] {}\n\n", clock(started), step.title.get(lang)));
        let sources = Sources { lesson, step: Some(step) };
        match markdown::render(step.text.get(lang), &sources) {
            Ok(blocks) => out.push_str(&markdown::to_plain(&blocks)),
            Err(errors) => out.push_str(&errors.join("\n")),
        }
        out.push('\n');
        for line in step.inspect.iter().chain(&step.solution) {
            command(&mut run, line, &mut out);
        }
        let done = run.fast_forward();
        let state = &run.steps[idx];
        out.push('\n');
        for (c, check) in step.checks.iter().enumerate() {
            match state.met_at[c] {
                Some(at) if state.check_met(step, c) => out.push_str(&format!(
                    "  [x] {} (+{})\n",
                    check.label.get(lang),
                    go_duration(at.since(state.started_at))
                )),
                _ => out.push_str(&format!(
                    "  [ ] {}: {}\n",
                    check.label.get(lang),
                    state.last.get(c).map(|e| e.why.get(lang)).unwrap_or("")
                )),
            }
        }
        if !done {
            return Err(format!("{out}\nstep {} did not pass within its budget", step.id));
        }
        for line in &step.try_commands {
            command(&mut run, line, &mut out);
        }
        run.next_step();
    }
    if let Some(finish) = &lesson.finish {
        out.push_str(&format!("\n{}\n", finish.get(lang)));
    }
    Ok(out)
}

/// Runs one command and appends `[time] $ line` and its output.
fn command(run: &mut LessonRun, line: &str, out: &mut String) {
    let at = run.now();
    let output = run.run(line);
    out.push_str(&format!("\n[{}] $ {line}\n", clock(at)));
    out.push_str(&output.text);
    if !output.text.is_empty() && !output.text.ends_with('\n') {
        out.push('\n');
    }
}

/// Cluster time as the scenario runner prints it (`1m50s`; whole seconds).
fn clock(at: SimTime) -> String {
    go_duration(SimDuration::from_secs(at.whole_secs()))
}

fn play(which: &str, lang: Lang) -> (String, u8) {
    match load(which).and_then(|lesson| transcript(&lesson, lang)) {
        Ok(text) => (text, 0),
        Err(e) => (format!("{e}\n"), 1),
    }
}

/// Lesson files under `paths` (files, or the `.yaml` files of folders, README excluded).
fn collect(paths: &[String]) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for path in paths {
        let p = Path::new(path);
        if p.is_dir() {
            let mut entries: Vec<_> = std::fs::read_dir(p)
                .map_err(|e| format!("{path}: {e}"))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|e| e.extension().is_some_and(|x| x == "yaml"))
                .collect();
            entries.sort_small();
            for entry in entries {
                let text = std::fs::read_to_string(&entry).map_err(|e| format!("{}: {e}", entry.display()))?;
                out.push((entry.display().to_string(), text));
            }
        } else {
            let text = std::fs::read_to_string(p).map_err(|e| format!("{path}: {e}"))?;
            out.push((path.clone(), text));
        }
    }
    Ok(out)
}

fn verify_paths(paths: &[String]) -> (String, u8) {
    let files: Vec<(String, String)> = if paths.is_empty() {
        super::texts().iter().map(|(f, t)| (format!("lessons/{f}"), t.to_string())).collect()
    } else {
        match collect(paths) {
            Ok(files) => files,
            Err(e) => return (format!("error: {e}\n"), 2),
        }
    };
    let mut out = String::new();
    let mut failed = 0;
    for (file, text) in &files {
        let report = verify::verify_text(text, Some(file));
        if report.ok() {
            out.push_str(&format!("ok    {} ({file}): {}\n", report.lesson, report.notes.join("; ")));
        } else {
            failed += 1;
            out.push_str(&format!("FAIL  {} ({file})\n", report.lesson));
            for problem in &report.problems {
                out.push_str(&format!("      - {problem}\n"));
            }
        }
    }
    out.push_str(&format!("lesson verify: {} passed, {failed} failed\n", files.len() - failed));
    (out, u8::from(failed > 0))
}
