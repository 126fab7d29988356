//! Lessons: guided, self-checking, bilingual walks through the seeds' demonstrations.
//!
//! A lesson is one YAML file under `lessons/` (format in `lessons/README.md`): the starting
//! cluster, steps with their solutions, checks over cluster state and event history, hints
//! and watch rules, written once; only the words come in `en` and `zh-CN`. `runtime` plays a
//! lesson against a cluster and latches checks, `verify` proves a lesson can be completed,
//! `cli` is `kubeplay lesson ...`.

pub mod check;
pub mod cli;
pub mod format;
pub mod markdown;
pub mod runtime;
pub mod tracker;
pub mod verify;

pub use check::{Check, Predicate, Why};
pub use format::{Lang, Lesson, Step, Text, WatchRule};
pub use runtime::{LessonRun, Link, Progress, StepState, StepStatus};

/// Every built-in lesson as `(file name, text)`, in the order the picker lists them. The web
/// app embeds them; `kubeplay lesson verify` and the test suite check all of them.
pub const BUILTIN: &[(&str, &str)] = &[
    ("first-deployment.yaml", include_str!("../../lessons/first-deployment.yaml")),
    ("self-healing.yaml", include_str!("../../lessons/self-healing.yaml")),
    ("crashloop-backoff.yaml", include_str!("../../lessons/crashloop-backoff.yaml")),
    ("restart-policy.yaml", include_str!("../../lessons/restart-policy.yaml")),
    ("exec-liveness.yaml", include_str!("../../lessons/exec-liveness.yaml")),
    ("http-liveness.yaml", include_str!("../../lessons/http-liveness.yaml")),
    ("readiness.yaml", include_str!("../../lessons/readiness.yaml")),
    ("startup-probe.yaml", include_str!("../../lessons/startup-probe.yaml")),
    ("failover.yaml", include_str!("../../lessons/failover.yaml")),
    ("traffic-during-failure.yaml", include_str!("../../lessons/traffic-during-failure.yaml")),
    ("hpa.yaml", include_str!("../../lessons/hpa.yaml")),
    ("rolling-update.yaml", include_str!("../../lessons/rolling-update.yaml")),
    ("debugging.yaml", include_str!("../../lessons/debugging.yaml")),
];

/// Parses every built-in lesson; an error names the file.
pub fn builtin() -> Result<Vec<Lesson>, String> {
    BUILTIN.iter().map(|(file, text)| Lesson::parse(text).map_err(|e| format!("lessons/{file}: {e}"))).collect()
}

/// The built-in lesson with this slug.
pub fn find(slug: &str) -> Option<Lesson> {
    BUILTIN.iter().filter_map(|(_, text)| Lesson::parse(text).ok()).find(|lesson| lesson.id == slug)
}
