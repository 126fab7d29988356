//! One integration-test binary (a module per topic): reference scenarios with timing
//! tolerances, golden outputs of the scenario files, determinism, properties and fuzzing.

mod cli;
mod determinism;
mod errors;
mod fidelity;
mod fuzz;
mod golden;
mod hostile;
mod hpa;
mod lessons;
mod more_behaviour;
mod properties;
mod seeds;
mod series;
mod session;
mod support;
mod tidy;
mod timing;
mod traffic;
