//! Human-readable ages and timestamps: kubectl's HumanDuration (`5m40s`, `2d3h`, `<invalid>`)
//! and the RFC 1123 dates `kubectl describe` prints, on kubeplay's fixed epoch.

use crate::engine::time::{rfc3339, SimDuration, SimTime};

/// HumanDuration for a non-negative span, as in the AGE column.
pub fn human(d: SimDuration) -> String {
    human_ms(i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Age of `t` at `now`, as `translateTimestampSince` computes it: API timestamps have whole
/// second resolution, so `t` is truncated first, and a `t` in the future gives `<invalid>`
/// (the usual case for a deletionTimestamp during the grace period).
pub fn since(t: SimTime, now: SimTime) -> String {
    let stored_ms = (t.as_millis() / 1000 * 1000) as i128;
    let elapsed = now.as_millis() as i128 - stored_ms;
    human_ms(elapsed.clamp(i64::MIN as i128, i64::MAX as i128) as i64)
}

/// HumanDuration for a signed span [ms]: apimachinery `pkg/util/duration.HumanDuration`.
pub fn human_ms(ms: i64) -> String {
    // Integer division truncates toward zero, as Go's int(d.Seconds()) does.
    let seconds = ms / 1000;
    if seconds < -1 {
        return "<invalid>".into();
    }
    if seconds < 0 {
        return "0s".into();
    }
    if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        let s = seconds % 60;
        return if s == 0 { format!("{minutes}m") } else { format!("{minutes}m{s}s") };
    }
    if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = seconds / 3600;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 { format!("{hours}h") } else { format!("{hours}h{m}m") };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        return if h == 0 { format!("{}d", hours / 24) } else { format!("{}d{h}h", hours / 24) };
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let days = (hours / 24) % 365;
        let years = hours / 24 / 365;
        return if days == 0 { format!("{years}y") } else { format!("{years}y{days}d") };
    }
    format!("{}y", hours / 24 / 365)
}

/// Go's `time.RFC1123Z` layout, `Thu, 01 Jan 2026 00:00:05 +0000`, for a cluster time.
pub fn rfc1123z(t: SimTime) -> String {
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    // Reuse the engine's calendar: `YYYY-MM-DDTHH:MM:SSZ`, fixed width.
    let stamp = rfc3339(t);
    let (year, month, day, clock) = (&stamp[0..4], &stamp[5..7], &stamp[8..10], &stamp[11..19]);
    let month_idx = month.parse::<usize>().unwrap_or(1).clamp(1, 12) - 1;
    // The epoch, 2026-01-01, is a Thursday.
    let weekday = WEEKDAYS[((t.whole_secs() / 86_400) % 7) as usize];
    format!("{weekday}, {day} {} {year} {clock} +0000", MONTHS[month_idx])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(seconds: i64, expected: &str) {
        assert_eq!(human_ms(seconds * 1000), expected, "for {seconds}s");
    }

    #[test]
    fn human_duration_table() {
        // d < -1s
        check(-2, "<invalid>");
        check(-30, "<invalid>");
        // -1s <= d < 0
        assert_eq!(human_ms(-1500), "0s");
        assert_eq!(human_ms(-1), "0s");
        // d < 120s
        check(0, "0s");
        check(45, "45s");
        check(119, "119s");
        // d < 10m
        check(120, "2m");
        check(340, "5m40s");
        check(599, "9m59s");
        // d < 3h
        check(600, "10m");
        check(179 * 60 + 59, "179m");
        // d < 8h
        check(3 * 3600, "3h");
        check(7 * 3600 + 59 * 60, "7h59m");
        // d < 48h
        check(8 * 3600, "8h");
        check(47 * 3600 + 3599, "47h");
        // d < 8d
        check(2 * 86_400 + 3 * 3600, "2d3h");
        check(7 * 86_400, "7d");
        // d < 2y
        check(8 * 86_400, "8d");
        check(364 * 86_400, "364d");
        check(729 * 86_400, "729d");
        // d < 8y
        check(730 * 86_400, "2y");
        check(740 * 86_400, "2y10d");
        // otherwise
        check(8 * 365 * 86_400, "8y");
        check(9 * 365 * 86_400 + 5 * 86_400, "9y");
    }

    #[test]
    fn human_of_sim_duration() {
        assert_eq!(human(SimDuration::from_millis(999)), "0s");
        assert_eq!(human(SimDuration::from_secs(340)), "5m40s");
    }

    #[test]
    fn since_truncates_the_stored_timestamp() {
        // Created at 5.9s: stored as 5s, so at 10.2s the age is 5s.
        assert_eq!(since(SimTime(5_900), SimTime(10_200)), "5s");
        // A deletionTimestamp 30s in the future.
        assert_eq!(since(SimTime::from_secs(40), SimTime::from_secs(10)), "<invalid>");
        assert_eq!(since(SimTime::from_secs(11), SimTime::from_secs(10)), "0s");
    }

    #[test]
    fn rfc1123z_dates() {
        assert_eq!(rfc1123z(SimTime::ZERO), "Thu, 01 Jan 2026 00:00:00 +0000");
        assert_eq!(rfc1123z(SimTime(5_700)), "Thu, 01 Jan 2026 00:00:05 +0000");
        assert_eq!(rfc1123z(SimTime::from_secs(86_400 * 3 + 3661)), "Sun, 04 Jan 2026 01:01:01 +0000");
        assert_eq!(rfc1123z(SimTime::from_secs(86_400 * 31)), "Sun, 01 Feb 2026 00:00:00 +0000");
    }
}
