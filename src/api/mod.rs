//! Kubernetes API objects as kubeplay stores them: the real field names of v1, apps/v1 and
//! autoscaling/v2 (serde camelCase), plus the status fields the controllers write.
//!
//! Spec types deny unknown fields, so a typo is an error with its path (kubectl's strict
//! decoding). Real fields that the simulation does not model are kept as opaque values and
//! reported as "not simulated" by `manifest`.

pub mod apps;
pub mod event;
pub mod hpa;
pub mod meta;
pub mod node;
pub mod pod;
pub mod quantity;
pub mod service;

pub use apps::*;
pub use event::*;
pub use hpa::*;
pub use meta::*;
pub use node::*;
pub use pod::*;
pub use quantity::*;
pub use service::*;

#[cfg(test)]
use serde::{Deserialize, Serialize};

/// An int-or-string field (`port: 8080` or `port: http`, `maxSurge: 25%` or `1`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
#[cfg_attr(test, serde(untagged))]
pub enum IntOrString {
    Int(i64),
    String(String),
}

impl IntOrString {
    /// Resolves a percentage or absolute value against `total`, rounding up or down as
    /// upstream `GetScaledValueFromIntOrPercent` does. None for a malformed value.
    pub fn scaled(&self, total: i64, round_up: bool) -> Option<i64> {
        match self {
            IntOrString::Int(n) => Some(*n),
            IntOrString::String(s) => {
                let pct: i64 = s.strip_suffix('%')?.parse().ok()?;
                let num = pct * total;
                Some(if round_up { (num + 99).div_euclid(100) } else { num.div_euclid(100) })
            }
        }
    }
}

impl std::fmt::Display for IntOrString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IntOrString::Int(n) => write!(f, "{n}"),
            IntOrString::String(s) => f.write_str(s),
        }
    }
}
