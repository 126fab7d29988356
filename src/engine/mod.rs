//! The simulation: no IO, no wall clock, no browser. Same inputs and seed give the same
//! event log, natively and in wasm.

pub mod apps;
pub mod rng;
pub mod time;
