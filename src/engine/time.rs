//! Cluster time. The engine never reads a wall clock: time is a value that only moves when
//! the event queue pops the next event.

use std::fmt;
use std::ops::{Add, Sub};

/// A point in cluster time [ms since the scenario started].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SimTime(pub u64);

/// A span of cluster time [ms].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SimDuration(pub u64);

impl SimTime {
    pub const ZERO: SimTime = SimTime(0);
    pub fn from_secs(s: u64) -> SimTime {
        SimTime(s * 1000)
    }
    pub fn as_millis(self) -> u64 {
        self.0
    }
    /// Time since `earlier`, saturating at zero.
    pub fn since(self, earlier: SimTime) -> SimDuration {
        SimDuration(self.0.saturating_sub(earlier.0))
    }
    /// Whole seconds, as Kubernetes timestamps have 1 s resolution.
    pub fn whole_secs(self) -> u64 {
        self.0 / 1000
    }
}

impl SimDuration {
    pub const ZERO: SimDuration = SimDuration(0);
    pub const fn from_secs(s: u64) -> SimDuration {
        SimDuration(s * 1000)
    }
    pub const fn from_millis(ms: u64) -> SimDuration {
        SimDuration(ms)
    }
    pub fn as_millis(self) -> u64 {
        self.0
    }
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / 1000.0
    }
    pub fn whole_secs(self) -> u64 {
        self.0 / 1000
    }
    /// Parses a Go/kubectl-style duration: `90s`, `5m`, `1h30m`, `1.5s`, `500ms`, or a bare
    /// number of seconds.
    pub fn parse(text: &str) -> Option<SimDuration> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        if let Ok(secs) = text.parse::<u64>() {
            return secs.checked_mul(1000).map(SimDuration);
        }
        let mut total_ms: f64 = 0.0;
        let mut rest = text;
        while !rest.is_empty() {
            let num_len = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
            if num_len == 0 {
                return None;
            }
            let value = crate::num::parse_f64(&rest[..num_len])?;
            rest = &rest[num_len..];
            let unit_len = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
            let factor = match &rest[..unit_len] {
                "ms" => 1.0,
                "s" => 1000.0,
                "m" => 60_000.0,
                "h" => 3_600_000.0,
                "d" => 86_400_000.0,
                _ => return None,
            };
            rest = &rest[unit_len..];
            total_ms += value * factor;
        }
        if !total_ms.is_finite() || !(0.0..=1e15).contains(&total_ms) {
            return None;
        }
        Some(SimDuration(total_ms.round() as u64))
    }
}

impl Add<SimDuration> for SimTime {
    type Output = SimTime;
    fn add(self, rhs: SimDuration) -> SimTime {
        SimTime(self.0.saturating_add(rhs.0))
    }
}

impl Sub<SimDuration> for SimTime {
    type Output = SimTime;
    fn sub(self, rhs: SimDuration) -> SimTime {
        SimTime(self.0.saturating_sub(rhs.0))
    }
}

impl Add for SimDuration {
    type Output = SimDuration;
    fn add(self, rhs: SimDuration) -> SimDuration {
        SimDuration(self.0.saturating_add(rhs.0))
    }
}

/// Go's `time.Duration.String()` for whole-second durations: `10s`, `1m20s`, `5m0s`, `1h0m0s`.
/// kubelet puts this in CrashLoopBackOff messages.
pub fn go_duration(d: SimDuration) -> String {
    let ms = d.0;
    if ms % 1000 != 0 && ms < 1000 {
        return format!("{ms}ms");
    }
    let total = ms / 1000;
    let frac = ms % 1000;
    let (h, m, s) = (total / 3600, (total % 3600) / 60, total % 60);
    let secs = if frac == 0 {
        format!("{s}s")
    } else {
        let digits = format!("{frac:03}");
        format!("{s}.{}s", digits.trim_end_matches('0'))
    };
    if h > 0 {
        format!("{h}h{m}m{secs}")
    } else if m > 0 {
        format!("{m}m{secs}")
    } else {
        secs
    }
}

/// The header clock `[6m0s]` used by `kubeplay run`: Go duration style, at 1 s resolution.
impl fmt::Display for SimTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&go_duration(SimDuration(self.0 / 1000 * 1000)))
    }
}

/// RFC 3339 timestamp for a cluster time, on a fixed epoch (2026-01-01T00:00:00Z) so that
/// `-o yaml` looks like a real cluster's and stays deterministic.
pub fn rfc3339(t: SimTime) -> String {
    const EPOCH_DAYS: i64 = 20454; // 2026-01-01 as days since 1970-01-01
    let secs = (t.0 / 1000) as i64;
    let days = EPOCH_DAYS + secs / 86_400;
    let rem = secs % 86_400;
    let (y, mo, d) = civil_from_days(days);
    format!("{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, (rem % 3600) / 60, rem % 60)
}

/// Howard Hinnant's days-to-civil algorithm: (year, month, day) of a day count from 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_durations() {
        assert_eq!(SimDuration::parse("90s"), Some(SimDuration::from_secs(90)));
        assert_eq!(SimDuration::parse("6m"), Some(SimDuration::from_secs(360)));
        assert_eq!(SimDuration::parse("1h30m"), Some(SimDuration::from_secs(5400)));
        assert_eq!(SimDuration::parse("500ms"), Some(SimDuration::from_millis(500)));
        assert_eq!(SimDuration::parse("1.5s"), Some(SimDuration::from_millis(1500)));
        assert_eq!(SimDuration::parse("30"), Some(SimDuration::from_secs(30)));
        assert_eq!(SimDuration::parse("x"), None);
        assert_eq!(SimDuration::parse("5q"), None);
        assert_eq!(SimDuration::parse(""), None);
    }

    #[test]
    fn go_duration_strings() {
        assert_eq!(go_duration(SimDuration::from_secs(10)), "10s");
        assert_eq!(go_duration(SimDuration::from_secs(80)), "1m20s");
        assert_eq!(go_duration(SimDuration::from_secs(300)), "5m0s");
        assert_eq!(go_duration(SimDuration::from_secs(3600)), "1h0m0s");
        assert_eq!(go_duration(SimDuration::from_millis(2100)), "2.1s");
        assert_eq!(go_duration(SimDuration::from_millis(2705)), "2.705s");
        assert_eq!(go_duration(SimDuration::from_millis(953)), "953ms");
        assert_eq!(SimTime::from_secs(360).to_string(), "6m0s");
    }

    #[test]
    fn timestamps() {
        assert_eq!(rfc3339(SimTime::ZERO), "2026-01-01T00:00:00Z");
        assert_eq!(rfc3339(SimTime::from_secs(86_400 * 31 + 61)), "2026-02-01T00:01:01Z");
    }
}
