//! Lessons (issue 10): `lesson verify` over every built-in lesson, and a deliberately broken
//! fixture lesson that verify must reject.

use kubeplay::lessons::markdown::{self, Sources};
use kubeplay::lessons::{self, cli, verify, Lang, Lesson, LessonRun};

#[test]
fn every_builtin_lesson_verifies() {
    let mut failures = Vec::new();
    for (file, text) in lessons::BUILTIN {
        let report = verify::verify_text(text, Some(file));
        if !report.ok() {
            failures.push(format!("{file}:\n  {}", report.problems.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "lessons that fail verify:\n{}", failures.join("\n"));
}

#[test]
fn at_least_thirteen_lessons_with_unique_ids() {
    let all = lessons::builtin().expect("built-in lessons parse");
    assert!(all.len() >= 13, "only {} lessons", all.len());
    let mut ids: Vec<&str> = all.iter().map(|l| l.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "duplicate lesson ids");
}

#[test]
fn broken_fixture_is_rejected_for_each_fault() {
    let text = include_str!("../data/lessons/broken-fixture.yaml");
    let report = verify::verify_text(text, Some("broken-fixture.yaml"));
    assert!(!report.ok(), "the broken fixture passed verify");
    let problems = report.problems.join("\n");
    assert!(problems.contains("step create: hint 2: missing zh-CN"), "missing zh-CN not reported:\n{problems}");
    // The language fault alone stops before simulating; with the hint fixed, the check fault shows.
    let fixed =
        text.replace(r#"- {en: "{{solution:1}}"}"#, r#"- {en: "{{solution:1}}", zh-CN: "输入 {{solution:1}}"}"#);
    assert_ne!(fixed, text);
    let report = verify::verify_text(&fixed, Some("broken-fixture.yaml"));
    let problems = report.problems.join("\n");
    assert!(
        problems.contains("check node-ready is already true when the step starts"),
        "check already true not reported:\n{problems}"
    );
    assert!(!problems.contains("check ready is"), "the good check was reported:\n{problems}");
}

#[test]
fn cli_verify_fails_on_the_fixture_and_passes_on_the_lessons() {
    let (out, code) = cli::main(&["verify".into(), "tests/data/lessons/broken-fixture.yaml".into()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("FAIL  broken-fixture"), "{out}");
    let (out, code) = cli::main(&["verify".into(), "lessons".into()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&format!("lesson verify: {} passed, 0 failed", lessons::BUILTIN.len())), "{out}");
}

#[test]
fn markdown_rejects_html_fences_links_and_unsourced_commands() {
    let lesson: Lesson = lessons::builtin().unwrap().remove(0);
    let step = &lesson.steps[0];
    let sources = Sources { lesson: &lesson, step: Some(step) };
    let bad = |text: &str, needle: &str| {
        let errors = markdown::render(text, &sources).expect_err(text);
        assert!(errors.iter().any(|e| e.contains(needle)), "{text}: {errors:?}");
    };
    bad("Hello <script>alert(1)</script>", "raw HTML");
    bad("```\nkubectl get pods\n```", "fenced code");
    bad("See [the docs](https://example.com)", "links");
    bad("Run `kubectl get pods -o yaml` now", "looks like a command");
    bad("{{solution:9}}", "solution command(s)");
    bad("{{file:nope.yaml}}", "no file");
    // Allowed: code spans with `<unknown>`, syntax templates, placeholders.
    let ok = markdown::render(
        "The HPA shows `<unknown>`; the syntax is `kubectl scale deployment NAME --replicas=N`.\n\n{{solution:1}}",
        &sources,
    )
    .expect("valid markdown");
    assert_eq!(ok.len(), 2);
}

#[test]
fn checks_latch_and_hints_reveal_one_at_a_time() {
    let lesson = lessons::find("first-deployment").expect("lesson");
    let mut run = LessonRun::start(lesson.clone()).expect("start");
    let (step, state) = run.current_step().unwrap();
    assert_eq!(step.id, "create");
    assert!(state.met_at.iter().all(Option::is_none));
    assert!(state.last[0].why.en.contains("does not exist"), "{:?}", state.last[0].why);
    assert!(state.last[0].why.zh_cn.contains("还不存在"), "{:?}", state.last[0].why);
    let solution = step.solution[0].clone();
    let first = run.reveal_hint().expect("hint 1");
    assert!(first.get(Lang::ZhCn).contains("命令"));
    assert!(run.reveal_hint().is_some());
    assert!(run.reveal_hint().is_some());
    assert!(run.reveal_hint().is_none(), "only three hints");
    run.run(&solution);
    assert!(run.fast_forward());
    // Scaling to 1 breaks "3 ready" now, but the check stays latched.
    run.run("kubectl scale deployment web --replicas=1");
    run.advance(kubeplay::engine::time::SimDuration::from_secs(60));
    let state = &run.steps[0];
    assert!(!state.last[0].met);
    assert!(state.met_at[0].is_some() && state.check_met(&lesson.steps[0], 0));
}
