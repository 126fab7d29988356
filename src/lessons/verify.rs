//! `kubeplay lesson verify`: proves that a lesson can be completed and is complete.
//!
//! On a fresh cluster, for every step: no check is met when the step starts, the solution
//! commands succeed, every check is met within the step's cluster-time budget (and `hold`
//! checks still hold), no watch rule fires on the solution's path, and checks stay latched
//! through the later steps. Every watch rule's trigger, played from the step's start instead of
//! the solution, fires the rule within the budget (or the rule says `untested`). Every text is
//! present in `en` and `zh-CN` (the Chinese one in Chinese) and uses only the safe Markdown
//! subset, with every command and manifest coming from a placeholder.

use super::format::{Lang, Lesson, Text};
use super::markdown::{self, Sources};
use super::runtime::LessonRun;
use crate::cmd;
use crate::engine::time::{go_duration, SimDuration};
use std::collections::BTreeSet;

/// What verify found for one lesson.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// The lesson id, or the file name when it did not parse.
    pub lesson: String,
    pub problems: Vec<String>,
    /// Facts worth printing: cluster time per step, untested watch rules.
    pub notes: Vec<String>,
    /// Cluster time from each step's start until it was done, by step id.
    pub step_times: Vec<(String, SimDuration)>,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c))
}

/// The text without its `code spans` (English text may quote Chinese program output there).
fn outside_code(text: &str) -> String {
    text.split('`').step_by(2).collect()
}

/// Verifies lesson text; `file` (e.g. `self-healing.yaml`) must match the id when given.
pub fn verify_text(text: &str, file: Option<&str>) -> Report {
    let mut report = Report { lesson: file.unwrap_or("<lesson>").to_string(), ..Report::default() };
    let lesson = match Lesson::parse(text) {
        Ok(lesson) => lesson,
        Err(e) => {
            report.problems.push(format!("does not parse: {e}"));
            return report;
        }
    };
    report.lesson = lesson.id.clone();
    if let Some(file) = file {
        let stem = file.rsplit('/').next().unwrap_or(file).trim_end_matches(".yaml");
        if stem != lesson.id {
            report.problems.push(format!("id {:?} must equal the file name {stem:?}", lesson.id));
        }
    }
    check_structure(&lesson, &mut report);
    check_words(&lesson, &mut report);
    if report.problems.is_empty() {
        simulate(&lesson, &mut report);
    }
    report
}

fn check_structure(lesson: &Lesson, report: &mut Report) {
    let p = &mut report.problems;
    if !is_slug(&lesson.id) {
        p.push(format!("lesson id {:?} is not a slug (a-z, 0-9, -)", lesson.id));
    }
    if lesson.steps.is_empty() {
        p.push("a lesson needs at least one step".into());
    }
    for name in &lesson.cluster.manifests {
        if !lesson.files.contains_key(name) {
            p.push(format!("cluster.manifests names {name:?}, which is not in files"));
        }
    }
    let parses = |where_: &str, line: &str, p: &mut Vec<String>| match cmd::parse(line) {
        Ok(Some(_)) => {}
        Ok(None) => p.push(format!("{where_}: {line:?} is empty")),
        Err(e) => p.push(format!("{where_}: {line:?} does not parse: {e}")),
    };
    for line in &lesson.cluster.setup {
        parses("cluster.setup", line, p);
    }
    let mut step_ids = BTreeSet::new();
    for step in &lesson.steps {
        let at = format!("step {}", step.id);
        if !is_slug(&step.id) {
            p.push(format!("{at}: id is not a slug"));
        }
        if !step_ids.insert(step.id.clone()) {
            p.push(format!("{at}: duplicate step id"));
        }
        if SimDuration::parse(&step.budget).is_none() {
            p.push(format!("{at}: budget {:?} is not a duration such as 90s or 7m", step.budget));
        }
        if step.solution.is_empty() {
            p.push(format!("{at}: needs a solution"));
        }
        if step.checks.is_empty() {
            p.push(format!("{at}: needs at least one check"));
        }
        if !(2..=3).contains(&step.hints.len()) {
            p.push(format!("{at}: has {} hints; give two or three", step.hints.len()));
        }
        for line in &step.solution {
            parses(&format!("{at}: solution"), line, p);
        }
        for line in &step.try_commands {
            parses(&format!("{at}: try"), line, p);
        }
        for line in &step.inspect {
            parses(&format!("{at}: inspect"), line, p);
        }
        let mut check_ids = BTreeSet::new();
        for check in &step.checks {
            if !is_slug(&check.id) || !check_ids.insert(check.id.clone()) {
                p.push(format!("{at}: check id {:?} is not a unique slug", check.id));
            }
            if let Some(after) = &check.after {
                if !step.checks.iter().any(|c| &c.id == after && c.id != check.id) {
                    p.push(format!(
                        "{at}: check {} is after {after:?}, which is not another check of the step",
                        check.id
                    ));
                }
            }
            for problem in check.predicate.lint() {
                p.push(format!("{at}: check {}: {problem}", check.id));
            }
        }
        let mut rule_ids = BTreeSet::new();
        for rule in &step.watch {
            if !is_slug(&rule.id) || !rule_ids.insert(rule.id.clone()) {
                p.push(format!("{at}: watch id {:?} is not a unique slug", rule.id));
            }
            if rule.trigger.is_empty() && !rule.untested {
                p.push(format!("{at}: watch {} needs a trigger (or `untested: true`)", rule.id));
            }
            for line in &rule.trigger {
                parses(&format!("{at}: watch {} trigger", rule.id), line, p);
            }
            for problem in rule.when.lint() {
                p.push(format!("{at}: watch {}: {problem}", rule.id));
            }
        }
    }
}

/// Both languages present, Chinese in Chinese, safe Markdown with placeholders only.
fn check_words(lesson: &Lesson, report: &mut Report) {
    let mut texts: Vec<(String, &Text, Option<usize>)> = vec![
        ("title".into(), &lesson.title, None),
        ("summary".into(), &lesson.summary, None),
        ("estimate".into(), &lesson.estimate, None),
    ];
    if let Some(finish) = &lesson.finish {
        texts.push(("finish".into(), finish, None));
    }
    for (idx, step) in lesson.steps.iter().enumerate() {
        texts.push((format!("step {}: title", step.id), &step.title, Some(idx)));
        texts.push((format!("step {}: text", step.id), &step.text, Some(idx)));
        for check in &step.checks {
            texts.push((format!("step {}: check {} label", step.id, check.id), &check.label, Some(idx)));
        }
        for (n, hint) in step.hints.iter().enumerate() {
            texts.push((format!("step {}: hint {}", step.id, n + 1), hint, Some(idx)));
        }
        for rule in &step.watch {
            texts.push((format!("step {}: watch {} hint", step.id, rule.id), &rule.hint, Some(idx)));
        }
    }
    for (what, text, step) in texts {
        for lang in Lang::ALL {
            let Some(words) = text.exact(lang) else {
                report.problems.push(format!("{what}: missing {}", lang.code()));
                continue;
            };
            if lang == Lang::ZhCn && !has_cjk(words) {
                report.problems.push(format!("{what}: the zh-CN text is not in Chinese: {words:?}"));
            }
            if lang == Lang::En && has_cjk(&outside_code(words)) {
                report.problems.push(format!("{what}: the en text contains Chinese: {words:?}"));
            }
            let sources = Sources { lesson, step: step.map(|i| &lesson.steps[i]) };
            if let Err(errors) = markdown::render(words, &sources) {
                for e in errors {
                    report.problems.push(format!("{what} ({}): {e}", lang.code()));
                }
            }
        }
    }
}

fn simulate(lesson: &Lesson, report: &mut Report) {
    let mut run = match LessonRun::start(lesson.clone()) {
        Ok(run) => run,
        Err(e) => {
            report.problems.push(format!("the starting cluster fails: {e}"));
            return;
        }
    };
    for (idx, step) in lesson.steps.iter().enumerate() {
        let at = format!("step {}", step.id);
        {
            let state = &run.steps[idx];
            for (c, check) in step.checks.iter().enumerate() {
                if state.met_at[c].is_some() {
                    report.problems.push(format!(
                        "{at}: check {} is already true when the step starts ({})",
                        check.id, state.last[c].why.en
                    ));
                }
            }
            for (r, rule) in step.watch.iter().enumerate() {
                if state.watch_fired[r].is_some() {
                    report.problems.push(format!("{at}: watch {} fires as soon as the step starts", rule.id));
                }
            }
        }
        for line in &step.inspect {
            let output = run.run(line);
            if !output.ok {
                report.problems.push(format!("{at}: inspect command {line:?} failed: {}", output.text.trim_end()));
            }
        }
        for line in &step.solution {
            let output = run.run(line);
            if !output.ok {
                report.problems.push(format!("{at}: solution command {line:?} failed: {}", output.text.trim_end()));
            }
        }
        let done = run.fast_forward();
        let state = &run.steps[idx];
        if done {
            if let Some(done_at) = state.done_at {
                let took = done_at.since(state.started_at);
                report.step_times.push((step.id.clone(), took));
            }
        } else {
            for (c, check) in step.checks.iter().enumerate() {
                if !state.check_met(step, c) {
                    report.problems.push(format!(
                        "{at}: check {} is not met {} after the step started: {}",
                        check.id,
                        go_duration(step.budget()),
                        state.last.get(c).map(|e| e.why.en.as_str()).unwrap_or("")
                    ));
                }
            }
        }
        for (r, rule) in step.watch.iter().enumerate() {
            if state.watch_fired[r].is_some() {
                report.problems.push(format!("{at}: watch {} fires while the solution is played", rule.id));
            }
        }
        for line in &step.try_commands {
            let output = run.run(line);
            if !output.ok {
                report.problems.push(format!("{at}: try command {line:?} failed: {}", output.text.trim_end()));
            }
        }
        if !done {
            return;
        }
        run.next_step();
    }
    // Latched checks stay latched through the later steps.
    for (idx, step) in lesson.steps.iter().enumerate() {
        for (c, check) in step.checks.iter().enumerate() {
            if run.steps[idx].met_at[c].is_none() {
                report.problems.push(format!("step {}: check {} lost its latch in a later step", step.id, check.id));
            }
        }
    }
    verify_watch_rules(lesson, report);
    let total: u64 = report.step_times.iter().map(|(_, d)| d.as_millis()).sum();
    report.notes.push(format!(
        "{} steps, {} of cluster time ({})",
        lesson.steps.len(),
        go_duration(SimDuration::from_millis(total)),
        report.step_times.iter().map(|(id, d)| format!("{id} {}", go_duration(*d))).collect::<Vec<_>>().join(", ")
    ));
}

/// Plays each watch rule's trigger from its step's start and checks that the rule fires.
fn verify_watch_rules(lesson: &Lesson, report: &mut Report) {
    for (idx, step) in lesson.steps.iter().enumerate() {
        for (r, rule) in step.watch.iter().enumerate() {
            if rule.trigger.is_empty() {
                report.notes.push(format!("step {}: watch {} is untested", step.id, rule.id));
                continue;
            }
            let Some(mut run) = replay_to(lesson, idx) else {
                report.problems.push(format!("step {}: could not replay to the step for watch {}", step.id, rule.id));
                continue;
            };
            for line in &rule.trigger {
                let output = run.run(line);
                if !output.ok {
                    report.problems.push(format!(
                        "step {}: watch {} trigger {line:?} failed: {}",
                        step.id,
                        rule.id,
                        output.text.trim_end()
                    ));
                }
            }
            let started = run.steps[idx].started_at;
            let deadline = started + step.budget();
            while run.steps[idx].watch_fired[r].is_none() && run.now() < deadline {
                let left = deadline.as_millis() - run.now().as_millis();
                run.advance(SimDuration::from_millis(left.min(1000)));
            }
            if run.steps[idx].watch_fired[r].is_none() {
                report.problems.push(format!(
                    "step {}: watch {} does not fire within {} of its trigger",
                    step.id,
                    rule.id,
                    go_duration(step.budget())
                ));
            }
        }
    }
}

/// A run of `lesson` at the start of step `idx`, every earlier step completed by its solution.
pub fn replay_to(lesson: &Lesson, idx: usize) -> Option<LessonRun> {
    let mut run = LessonRun::start(lesson.clone()).ok()?;
    for step in lesson.steps.iter().take(idx) {
        for line in step.inspect.iter().chain(&step.solution) {
            run.run(line);
        }
        if !run.fast_forward() {
            return None;
        }
        for line in &step.try_commands {
            run.run(line);
        }
        run.next_step();
    }
    Some(run)
}
