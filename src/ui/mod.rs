//! The web UI (wasm): yew function components that only read the latest cluster `Snapshot`,
//! and one reducer, `state::SimState`, that owns the `Cluster` and advances it on a wall-clock
//! timer times a speed factor.

pub mod app;
pub mod components;
pub mod hooks;
pub mod panels;
pub mod state;
pub mod tone;

pub use app::App;
