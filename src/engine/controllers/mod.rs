//! Control-plane controllers, each an `impl Cluster` block that re-reads current state
//! (level-triggered) for the keys marked dirty.

pub mod deployment;
pub mod endpoints;
pub mod hpa;
pub mod node_lifecycle;
pub mod replicaset;
pub mod scheduler;
