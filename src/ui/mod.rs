//! The web UI (wasm): yew function components that only read the latest cluster `Snapshot`,
//! and one reducer, `state::SimState`, that owns the `Cluster` and advances it on a wall-clock
//! timer times a speed factor. Every string comes from the `i18n` catalogue.

pub mod app;
pub mod components;
pub mod format;
pub mod hooks;
pub mod i18n;
pub mod services;
pub mod state;
pub mod tone;

pub use app::App;
