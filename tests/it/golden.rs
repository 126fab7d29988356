//! Every scenario under tests/scenarios runs with `--events` and must print exactly its `.out`
//! file. The files double as documentation of what kubeplay shows; regenerate them with
//! `UPDATE_GOLDEN=1 cargo test --test it golden` and review the diff.

use kubeplay::runner::{run_scenario, RunOptions};
use std::path::PathBuf;

struct Dir(PathBuf);

impl kubeplay::cmd::Files for Dir {
    fn read(&self, name: &str) -> Result<String, String> {
        std::fs::read_to_string(self.0.join(name)).map_err(|_| format!("error: the path \"{name}\" does not exist"))
    }
}

#[test]
fn scenario_outputs_match_golden_files() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/scenarios")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 8, "expected the reference scenarios, found {}", files.len());
    let update = std::env::var("UPDATE_GOLDEN").is_ok();
    let mut failures = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable scenario");
        let name = file.file_name().expect("file name").to_string_lossy().to_string();
        let (out, _) =
            run_scenario(&text, &name, &Dir(dir.clone()), &RunOptions { events: true, ..Default::default() })
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        let golden = file.with_extension("out");
        if update {
            std::fs::write(&golden, &out).expect("write golden");
            continue;
        }
        let expected = std::fs::read_to_string(&golden).unwrap_or_default();
        if expected != out {
            let first = expected
                .lines()
                .zip(out.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(expected.lines().count().min(out.lines().count()));
            failures.push(format!(
                "{name}: output differs from {} at line {}:\n  expected: {:?}\n  actual:   {:?}",
                golden.display(),
                first + 1,
                expected.lines().nth(first).unwrap_or("<end>"),
                out.lines().nth(first).unwrap_or("<end>")
            ));
        }
    }
    assert!(failures.is_empty(), "{}\n(run with UPDATE_GOLDEN=1 to accept)", failures.join("\n"));
}
