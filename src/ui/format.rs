//! Numbers as the page prints them (language-neutral: the catalogue wraps them in words).

use crate::engine::time::{SimDuration, SimTime};

/// Time left until `at`, as `m:ss` (`0:37`, `4:12`, `12:05`); `0:00` once it is due.
pub fn time_left(at: SimTime, now: SimTime) -> String {
    let secs = at.as_millis().saturating_sub(now.as_millis()).div_ceil(1000);
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// A length of cluster time in its two largest units, with the language's unit words and
/// separator: `3d 4h`, `12m 5s`, `30d` in English; `3天4小时` in Chinese.
pub fn span(t: SimTime, units: [&str; 4], separator: &str) -> String {
    let secs = t.as_millis() / 1000;
    let parts = [secs / 86_400, secs / 3600 % 24, secs / 60 % 60, secs % 60];
    let first = parts.iter().position(|&n| n > 0).unwrap_or(3);
    let mut text = format!("{}{}", parts[first], units[first]);
    if first < 3 && parts[first + 1] > 0 {
        text = format!("{text}{separator}{}{}", parts[first + 1], units[first + 1]);
    }
    text
}

/// A back-off or window as Go prints durations (`40s`, `5m0s`), as the kubelet's messages do.
pub fn go_duration(d: SimDuration) -> String {
    crate::engine::time::go_duration(d)
}

/// Millicores as kubectl prints CPU (`250m`, `2`).
pub fn cpu(millis: i64) -> String {
    if millis % 1000 == 0 {
        format!("{}", millis / 1000)
    } else {
        format!("{millis}m")
    }
}

/// Bytes as kubectl prints memory (`128Mi`, `4Gi`, `0`).
pub fn memory(bytes: i64) -> String {
    const MI: i64 = 1 << 20;
    const GI: i64 = 1 << 30;
    match bytes {
        0 => "0".into(),
        b if b % GI == 0 => format!("{}Gi", b / GI),
        b if b % MI == 0 => format!("{}Mi", b / MI),
        b => format!("{}Mi", (b + MI - 1) / MI),
    }
}

/// `part` of `whole` in whole percent (0 when `whole` is 0), capped at 100 for bars.
pub fn percent(part: i64, whole: i64) -> u32 {
    if whole <= 0 {
        return 0;
    }
    ((part.max(0) as f64 / whole as f64) * 100.0).round().min(100.0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_left() {
        let now = SimTime::from_secs(100);
        assert_eq!(time_left(SimTime::from_secs(137), now), "0:37");
        assert_eq!(time_left(SimTime::from_secs(352), now), "4:12");
        assert_eq!(time_left(SimTime(100_001), now), "0:01");
        assert_eq!(time_left(SimTime::from_secs(90), now), "0:00");
    }

    #[test]
    fn spans() {
        let en = |secs: u64| span(SimTime::from_secs(secs), ["d", "h", "m", "s"], " ");
        assert_eq!(en(0), "0s");
        assert_eq!(en(45), "45s");
        assert_eq!(en(725), "12m 5s");
        assert_eq!(en(3 * 86_400 + 4 * 3600 + 59), "3d 4h");
        assert_eq!(en(30 * 86_400), "30d");
        assert_eq!(en(86_400 + 60), "1d");
        assert_eq!(span(SimTime::from_secs(3 * 86_400 + 4 * 3600), ["天", "小时", "分", "秒"], ""), "3天4小时");
    }

    #[test]
    fn quantities() {
        assert_eq!(cpu(250), "250m");
        assert_eq!(cpu(2000), "2");
        assert_eq!(memory(128 << 20), "128Mi");
        assert_eq!(memory(4 << 30), "4Gi");
        assert_eq!(memory(0), "0");
        assert_eq!(percent(250, 2000), 13);
        assert_eq!(percent(1, 0), 0);
        assert_eq!(percent(3000, 2000), 100);
    }
}
