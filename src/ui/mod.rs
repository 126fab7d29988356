//! The web UI (wasm): yew function components that only read the latest cluster `Snapshot`,
//! and one reducer, `state::SimState`, that owns the `Cluster` and advances it on a wall-clock
//! timer times a speed factor.

pub mod app;
pub mod components;
pub mod hooks;
pub mod state;
pub mod tone;

// PLACEHOLDER: the engine API the UI consumes is being written on `main`; until it lands the UI
// builds against a stand-in with the same names. Swap this line for `pub(crate) use crate::engine;`.
pub(crate) mod engine_stub;
pub(crate) use engine_stub as engine;

pub use app::App;
