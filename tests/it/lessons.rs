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

fn pods(run: &mut LessonRun) -> String {
    run.session.run("kubectl get pods -o wide").text
}

#[test]
fn progress_round_trips_through_json_with_the_same_cluster() {
    let lesson = lessons::find("self-healing").unwrap();
    let mut run = LessonRun::start(lesson.clone()).unwrap();
    run.reveal_hint();
    run.run(&lesson.steps[0].solution[0]);
    assert!(run.fast_forward());
    run.next_step();
    run.advance(kubeplay::engine::time::SimDuration::from_secs(7));
    let json = kubeplay::manifest::emit::to_json_string(&run.progress());
    let progress: lessons::Progress = serde_json::from_str(&json).unwrap();
    let mut resumed = LessonRun::resume(lesson.clone(), &progress).unwrap();
    assert_eq!(resumed.current, 1);
    assert_eq!(resumed.now(), run.now());
    assert_eq!(pods(&mut resumed), pods(&mut run));
    assert_eq!(resumed.steps[0].met_at, run.steps[0].met_at);
    assert_eq!(resumed.steps[0].hints_shown, 1);
    let other = lessons::find("failover").unwrap();
    assert!(LessonRun::resume(other, &progress).is_err());
}

#[test]
fn undo_and_restart_step_rebuild_the_cluster() {
    let lesson = lessons::find("self-healing").unwrap();
    let mut run = LessonRun::start(lesson.clone()).unwrap();
    let at_start = pods(&mut run);
    run.reveal_hint();
    run.run(&lesson.steps[0].solution[0]);
    run.advance(kubeplay::engine::time::SimDuration::from_secs(5));
    assert!(run.steps[0].done_at.is_some());
    assert!(run.undo(), "undo the kill, and the time that passed after it");
    assert!(!run.undo(), "nothing left but the hint");
    assert_eq!(pods(&mut run), at_start);
    assert!(run.steps[0].done_at.is_none());
    assert_eq!(run.steps[0].hints_shown, 1, "revealed hints stay revealed");
    run.run(&lesson.steps[0].solution[0]);
    run.advance(kubeplay::engine::time::SimDuration::from_secs(5));
    assert!(run.restart_step());
    assert_eq!(pods(&mut run), at_start);
    assert!(run.steps[0].met_at.iter().all(Option::is_none));
}

#[test]
fn show_me_completes_the_step_with_help_and_keeps_the_attempt() {
    use kubeplay::lessons::StepStatus;
    let lesson = lessons::find("failover").unwrap();
    let mut run = LessonRun::start(lesson).unwrap();
    run.run("kubectl get nodes");
    let shown = run.show_me();
    assert_eq!(shown[0].0, "node power-off node-2");
    assert!(shown[0].1.ok);
    assert_eq!(run.statuses()[0].1, StepStatus::DoneWithHelp);
    assert!(run.has_attempt());
    assert!(run.back_to_my_attempt());
    assert_eq!(run.statuses()[0].1, StepStatus::Current);
    assert!(run.steps[0].with_help, "the step stays marked as helped");
    // The helped mark survives a reload.
    let again = LessonRun::resume(run.lesson.clone(), &run.progress()).unwrap();
    assert!(again.steps[0].with_help);
}

#[test]
fn deep_links() {
    use kubeplay::lessons::Link;
    let link = Link::parse("#lesson=failover&step=power-off&lang=zh-CN").unwrap();
    assert_eq!(link.lesson, "failover");
    assert_eq!(link.step.as_deref(), Some("power-off"));
    assert_eq!(link.lang, Some(Lang::ZhCn));
    assert_eq!(link.fragment(), "#lesson=failover&step=power-off&lang=zh-CN");
    assert_eq!(Link::parse("lesson=hpa").unwrap().fragment(), "#lesson=hpa");
    assert!(Link::parse("#step=x").is_none());
    assert!(Link::parse("#lesson=<script>").is_none());
    assert_eq!(Link::parse("#lesson=hpa&step=%3Cx%3E").unwrap().step, None);
}

#[test]
fn truncated_lessons_never_panic_verify() {
    let (_, text) = lessons::BUILTIN[1];
    for cut in (0..text.len()).step_by(211) {
        if text.is_char_boundary(cut) {
            let _ = verify::verify_text(&text[..cut], None);
        }
    }
}

#[test]
fn clock_ticks_share_one_journal_entry_and_replay_the_same() {
    use kubeplay::engine::time::SimDuration;
    let lesson = lessons::find("failover").unwrap();
    let mut ticked = LessonRun::start(lesson.clone()).unwrap();
    ticked.run("node power-off node-2");
    for _ in 0..700 {
        ticked.advance(SimDuration::from_millis(100));
    }
    let journal = &ticked.session.journal().entries;
    assert_eq!(journal.len(), 3, "the manifest, the setup's sleep and the power-off: {journal:?}");
    let mut replayed = LessonRun::resume(lesson, &ticked.progress()).unwrap();
    assert_eq!(replayed.now(), ticked.now());
    assert_eq!(replayed.steps[0].met_at, ticked.steps[0].met_at);
    assert!(ticked.steps[0].done_at.is_some());
    assert_eq!(pods(&mut replayed), pods(&mut ticked));
}

#[test]
fn markdown_and_links_never_panic_on_odd_text() {
    let lesson = lessons::find("first-deployment").unwrap();
    let sources = Sources { lesson: &lesson, step: Some(&lesson.steps[0]) };
    let pieces = [
        "{{",
        "}}",
        "{{solution:",
        "{{try:0}}",
        "{{file:",
        "`",
        "**",
        "*",
        "<",
        "<b>",
        "中文",
        "é",
        "\n",
        "\n\n",
        "- ",
        "1. ",
        "12",
        ". ",
        "### ",
        "#",
        "    ",
        "](",
        "![",
        "kubectl get pods",
        "=",
        "&",
        "lesson",
        "x",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..3000 {
        let mut text = String::new();
        for _ in 0..(state % 23) {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            text.push_str(pieces[(state >> 33) as usize % pieces.len()]);
        }
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let _ = markdown::render(&text, &sources);
        let _ = kubeplay::lessons::Link::parse(&text);
        let _ = Lesson::parse(&text);
    }
}

#[test]
fn a_not_yet_notready_node_explains_the_grace_period() {
    let lesson = lessons::find("failover").unwrap();
    let mut run = LessonRun::start(lesson).unwrap();
    run.run("node power-off node-2");
    run.advance(kubeplay::engine::time::SimDuration::from_secs(20));
    let why = &run.steps[0].last[0].why;
    assert!(why.en.contains("NotReady after 50s"), "{why:?}");
    assert!(why.zh_cn.contains("超过 50 秒没有续约"), "{why:?}");
}
