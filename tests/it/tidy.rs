//! Architecture invariants as tests (rust-analyzer's tidy style): each greps the sources for
//! what ARCHITECTURE.md says must not be there, and fails naming the file and line.

use std::path::{Path, PathBuf};

fn sources(dir: &str) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(dir).expect("readable dir").filter_map(|e| e.ok()).map(|e| e.path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|x| x == "rs") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir), &mut out);
    out
}

/// The lines of a file before its `#[cfg(test)]` module, without `//` comments.
fn code_lines(path: &Path) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(path).expect("readable source");
    text.lines()
        .enumerate()
        .take_while(|(_, line)| line.trim() != "#[cfg(test)]")
        .map(|(i, line)| (i + 1, line.split("//").next().unwrap_or("").to_string()))
        .collect()
}

fn violations(paths: &[PathBuf], forbidden: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for path in paths {
        for (number, line) in code_lines(path) {
            for word in forbidden {
                if line.contains(word) {
                    let file = path.strip_prefix(root).unwrap_or(path).display();
                    out.push(format!("{file}:{number}: {word}: {}", line.trim()));
                }
            }
        }
    }
    out
}

#[test]
fn the_engine_has_no_io_clock_printing_or_upper_layers() {
    let forbidden = [
        "web_sys",
        "js_sys",
        "yew",
        "wasm_bindgen",
        "std::time",
        "Instant",
        "SystemTime",
        "println!",
        "eprintln!",
        "print!(",
        "std::fs",
        "std::io",
        "std::env",
        "crate::print",
        "crate::cmd",
        "crate::session",
        "crate::ui",
        "crate::lessons",
        "crate::runner",
    ];
    let found = violations(&sources("src/engine"), &forbidden);
    assert!(
        found.is_empty(),
        "ARCHITECTURE.md: engine/ has no IO, clock, printing or upper layers:\n{}",
        found.join("\n")
    );
}

#[test]
fn only_the_session_writes_the_cluster() {
    let forbidden = [
        "Cluster::new",
        "Cluster::with_config",
        "&mut Cluster",
        "cmd::run(",
        "cmd::execute(",
        "exec::run(",
        "exec::execute(",
        ".apply_yaml",
        ".run_until(",
        ".run_for(",
        ".run_until_cond(",
    ];
    let paths: Vec<PathBuf> = sources("src")
        .into_iter()
        .filter(|p| {
            let p = p.to_string_lossy().replace('\\', "/");
            !["/src/engine/", "/src/cmd/", "/src/session/"].iter().any(|dir| p.contains(dir))
        })
        .collect();
    assert!(paths.len() > 20, "found {} files", paths.len());
    let found = violations(&paths, &forbidden);
    assert!(found.is_empty(), "ARCHITECTURE.md: only Session writes the Cluster:\n{}", found.join("\n"));
}

/// The check itself works: it finds what it looks for.
#[test]
fn the_tidy_checks_find_what_they_look_for() {
    let found = violations(&sources("src/session"), &["Cluster::with_config"]);
    assert!(!found.is_empty());
}

/// Nothing outside the crate can write the cluster's state: `Cluster` has no `pub` field (the
/// engine's read accessors `store()`, `events()`, `config()`, ... give `&` references), and
/// inside the crate `&mut Cluster` is limited to engine/, cmd/ and session/ (above).
#[test]
fn the_cluster_has_no_public_fields() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/engine/mod.rs");
    let text = std::fs::read_to_string(&path).expect("readable source");
    let start = text.find("\npub struct Cluster {").expect("the Cluster struct");
    let body = &text[start..start + text[start..].find("\n}\n").expect("its end")];
    let public: Vec<&str> = body
        .lines()
        .map(str::trim)
        .filter(|line| !line.starts_with("pub struct Cluster"))
        .filter(|line| line.starts_with("pub ") || line.starts_with("pub(in") || line.starts_with("pub(super"))
        .collect();
    assert!(body.lines().count() > 10, "{body}");
    assert!(
        public.is_empty(),
        "ARCHITECTURE.md: Cluster's state is written only by the engine:\n{}",
        public.join("\n")
    );
}
