//! Resource quantities (`100m`, `0.5`, `128Mi`, `1G`) as the API accepts them.

#[cfg(test)]
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A quantity kept as the user wrote it, parsed on demand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quantity(pub String);

impl Quantity {
    /// Value in thousandths of a unit (CPU millicores), rounded up as the API does.
    pub fn millis(&self) -> Option<i64> {
        parse_quantity(&self.0).map(|v| ceil_exact(v * 1000.0))
    }
    /// Value in whole units (bytes for memory).
    pub fn bytes(&self) -> Option<i64> {
        parse_quantity(&self.0).map(ceil_exact)
    }
    pub fn is_valid(&self) -> bool {
        parse_quantity(&self.0).is_some()
    }
}

/// Rounds up to a whole number as Kubernetes does for a fractional quantity, without letting
/// the float's representation error round up a whole one (`13623m` is 13.623 cores, and
/// 13.623 * 1000 is 13623.000000000002 in binary floating point).
fn ceil_exact(value: f64) -> i64 {
    let nearest = value.round();
    if (value - nearest).abs() <= 1e-9 * nearest.abs().max(1.0) {
        nearest as i64
    } else {
        value.ceil() as i64
    }
}

/// Parses the Kubernetes quantity grammar: a signed decimal number, then an optional binary
/// suffix (Ki Mi Gi Ti Pi Ei), decimal suffix (n u m k M G T P E) or exponent (`1e3`).
pub fn parse_quantity(text: &str) -> Option<f64> {
    let text = text.trim();
    let split = text.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-')).unwrap_or(text.len());
    let (number, suffix) = text.split_at(split);
    if number.is_empty() || number == "." || number.matches('.').count() > 1 {
        return None;
    }
    let value = crate::num::parse_f64(number)?;
    let factor = match suffix {
        "" => 1.0,
        "n" => 1e-9,
        "u" => 1e-6,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024.0,
        "Mi" => 1024.0 * 1024.0,
        "Gi" => 1024.0 * 1024.0 * 1024.0,
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        s if s.starts_with(['e', 'E']) => 10f64.powi(s[1..].parse::<i32>().ok()?),
        _ => return None,
    };
    let v = value * factor;
    (v.is_finite() && v >= 0.0).then_some(v)
}

/// serde's path, kept for the tests that compare it with `manifest::emit` (which writes JSON).
#[cfg(test)]
impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// serde's path, kept for the tests that compare it with `manifest::typed` (which decodes
/// the manifests).
#[cfg(test)]
impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // YAML lets `cpu: 1` and `cpu: 0.5` through as numbers; the API accepts both.
        let value = serde_yaml::Value::deserialize(d)?;
        match value {
            serde_yaml::Value::String(s) => Ok(Quantity(s)),
            serde_yaml::Value::Number(n) => Ok(Quantity(crate::num::yaml_number(&n))),
            _ => Err(serde::de::Error::custom(
                "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
            )),
        }
    }
}

/// Formats millicores as kubectl does: `250m`, `1`, `1500m`.
pub fn format_millis(m: i64) -> String {
    if m % 1000 == 0 {
        format!("{}", m / 1000)
    } else {
        format!("{m}m")
    }
}

/// Formats bytes as `kubectl top` does: `11Mi`.
pub fn format_mebibytes(bytes: i64) -> String {
    format!("{}Mi", bytes / (1024 * 1024))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities() {
        assert_eq!(Quantity("100m".into()).millis(), Some(100));
        assert_eq!(Quantity("0.5".into()).millis(), Some(500));
        assert_eq!(Quantity("2".into()).millis(), Some(2000));
        assert_eq!(Quantity("128Mi".into()).bytes(), Some(128 * 1024 * 1024));
        assert_eq!(Quantity("1G".into()).bytes(), Some(1_000_000_000));
        assert_eq!(Quantity("1e3".into()).bytes(), Some(1000));
        assert_eq!(Quantity("12x".into()).millis(), None);
        // Whole millicores stay whole; a fraction of one rounds up, as the API server does.
        for m in [1, 7, 999, 13623, 16249, 123_456_789] {
            assert_eq!(Quantity(format!("{m}m")).millis(), Some(m), "{m}m");
        }
        assert_eq!(Quantity("0.0001".into()).millis(), Some(1));
        assert_eq!(Quantity("1.5m".into()).millis(), Some(2));
        assert_eq!(Quantity("Mi".into()).millis(), None);
        assert_eq!(format_millis(250), "250m");
        assert_eq!(format_millis(2000), "2");
    }
}
