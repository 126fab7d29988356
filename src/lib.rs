//! kubeplay: a Kubernetes cluster that runs in a browser tab.
//!
//! A deterministic discrete-event simulation (`engine`) of a small control plane and its
//! nodes, driven by one command language (`cmd`) and viewed through kubectl-style printing
//! (`print`), the CLI (`src/main.rs`) and the web UI (`ui`, wasm only).

pub mod api;
pub mod chart;
pub mod cmd;
pub mod engine;
pub mod fuzzing;
pub mod lessons;
pub mod manifest;
pub mod name_set;
pub mod num;
pub mod print;
pub mod runner;
pub mod scenario;
pub mod session;
pub mod small_map;
pub mod sort;
#[cfg(feature = "web")]
pub mod ui;
