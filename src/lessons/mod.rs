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

/// The built-in lessons: `FILES` (file names under `lessons/`, in the order the picker lists
/// them) and, except in the web app, `BUILTIN` (each file's text, compiled in).
macro_rules! builtin_lessons {
    ($($file:literal),* $(,)?) => {
        /// The built-in lessons' file names under `lessons/`, in the order the picker lists them.
        pub const FILES: &[&str] = &[$($file),*];

        /// Every built-in lesson as `(file name, text)`, in `FILES` order. The CLI and the test
        /// suite compile them in; the web app leaves them out of its wasm (101 KB raw, 31 KB
        /// gzipped: docs/size.md) and fetches them after start (`ui::services::lessons`).
        #[cfg(not(all(target_arch = "wasm32", feature = "web")))]
        pub const BUILTIN: &[(&str, &str)] = &[$(($file, include_str!(concat!("../../lessons/", $file)))),*];
    };
}

builtin_lessons![
    "first-deployment.yaml",
    "self-healing.yaml",
    "crashloop-backoff.yaml",
    "restart-policy.yaml",
    "exec-liveness.yaml",
    "http-liveness.yaml",
    "readiness.yaml",
    "startup-probe.yaml",
    "failover.yaml",
    "traffic-during-failure.yaml",
    "hpa.yaml",
    "rolling-update.yaml",
    "debugging.yaml",
];

/// Lesson texts given at run time (`install`): the web app's fetched files.
static INSTALLED: std::sync::OnceLock<Vec<(&'static str, &'static str)>> = std::sync::OnceLock::new();

/// Every built-in lesson as `(file name, text)`, in `FILES` order: the compiled-in texts, or in
/// the web app the fetched ones (none until `install`).
pub fn texts() -> &'static [(&'static str, &'static str)] {
    match INSTALLED.get() {
        Some(texts) => texts,
        #[cfg(not(all(target_arch = "wasm32", feature = "web")))]
        None => BUILTIN,
        #[cfg(all(target_arch = "wasm32", feature = "web"))]
        None => &[],
    }
}

/// Whether the lessons' texts are at hand (always, except in the web app before `install`).
pub fn available() -> bool {
    !texts().is_empty()
}

/// Makes `texts` (one per `FILES` entry, in order) the built-in lessons; the first call wins.
pub fn install(texts: Vec<String>) {
    let texts = FILES.iter().copied().zip(texts.into_iter().map(|text| &*text.leak())).collect();
    let _ = INSTALLED.set(texts);
}

/// Parses every built-in lesson; an error names the file.
pub fn builtin() -> Result<Vec<Lesson>, String> {
    texts().iter().map(|(file, text)| Lesson::parse(text).map_err(|e| format!("lessons/{file}: {e}"))).collect()
}

/// The built-in lesson with this slug.
pub fn find(slug: &str) -> Option<Lesson> {
    texts().iter().filter_map(|(_, text)| Lesson::parse(text).ok()).find(|lesson| lesson.id == slug)
}
