//! A container's log as the runtime keeps it: the newest lines, within a line and a byte bound
//! (the kubelet's `containerLogMaxSize` rotation, scaled down), older lines rotating away.
//!
//! Consecutive identical lines are held once with a count: a server under load writes the same
//! access-log line for every request of a second from one client, so a burst of requests costs
//! a count, not a string per request. `lines` writes them out again, as `kubectl logs` shows
//! them.

use std::collections::VecDeque;

/// Lines of log kept per container (with the byte budget): a busy server's access log keeps
/// its newest lines, so per-request logging holds at most this many lines per container.
pub const MAX_LOG_LINES: usize = 200;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContainerLog {
    /// Runs of identical lines, oldest first: (line, how many times).
    runs: VecDeque<(String, usize)>,
    /// Lines held, repeats counted.
    lines: usize,
    /// Bytes held, repeats counted (without newlines).
    bytes: usize,
}

impl ContainerLog {
    /// Lines held, repeats counted (at most `MAX_LOG_LINES`).
    pub fn len(&self) -> usize {
        self.lines
    }

    pub fn is_empty(&self) -> bool {
        self.lines == 0
    }

    /// Bytes held, as the byte budget counts them.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// Distinct runs held: what the log costs in memory, beside its few strings.
    pub fn runs(&self) -> usize {
        self.runs.len()
    }

    /// The lines, oldest first, as `kubectl logs` prints them.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::with_capacity(self.lines);
        for (line, n) in &self.runs {
            out.extend(std::iter::repeat_n(line, *n).cloned());
        }
        out
    }

    /// The newest line.
    pub fn last(&self) -> Option<&str> {
        self.runs.back().map(|(line, _)| line.as_str())
    }

    /// Appends a line, rotating old lines away past `max_bytes` (a line longer than that is
    /// cut: the runtime splits it into pieces and the oldest rotate away).
    pub fn push(&mut self, line: String, max_bytes: usize) {
        self.push_repeated(line, 1, max_bytes);
    }

    /// Appends `n` copies of `line`; only as many as the bounds keep are counted in.
    pub fn push_repeated(&mut self, mut line: String, n: u64, max_bytes: usize) {
        if n == 0 {
            return;
        }
        let max_bytes = max_bytes.max(1);
        if line.len() > max_bytes {
            let mut cut = line.len() - max_bytes;
            while !line.is_char_boundary(cut) {
                cut += 1;
            }
            line.drain(..cut);
        }
        let fit = max_bytes.checked_div(line.len()).unwrap_or(MAX_LOG_LINES).clamp(1, MAX_LOG_LINES);
        let n = (n.min(fit as u64)) as usize;
        self.lines += n;
        self.bytes += n * line.len();
        match self.runs.back_mut() {
            Some((last, count)) if *last == line => *count += n,
            _ => self.runs.push_back((line, n)),
        }
        // Rotate: the newest `n` always stay (they fit on their own).
        while self.lines > MAX_LOG_LINES || self.bytes > max_bytes {
            let (line, count) = self.runs.front_mut().expect("more lines than the newest run holds");
            let len = line.len();
            let excess_lines = self.lines.saturating_sub(MAX_LOG_LINES);
            let excess_bytes = self.bytes.saturating_sub(max_bytes);
            let by_bytes = if len == 0 { 0 } else { excess_bytes.div_ceil(len) };
            let drop = excess_lines.max(by_bytes).clamp(1, *count);
            *count -= drop;
            self.lines -= drop;
            self.bytes -= drop * len;
            if *count == 0 {
                self.runs.pop_front();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_newest_lines_within_both_bounds() {
        let mut log = ContainerLog::default();
        for i in 0..500 {
            log.push(format!("line {i}"), 1 << 20);
        }
        assert_eq!(log.len(), MAX_LOG_LINES);
        let lines = log.lines();
        assert_eq!((lines[0].as_str(), log.last()), ("line 300", Some("line 499")));
        assert_eq!(log.bytes(), lines.iter().map(String::len).sum::<usize>());
        // The byte budget binds first for long lines; a line longer than it is cut.
        let mut log = ContainerLog::default();
        for i in 0..10 {
            log.push(format!("{i}{}", "x".repeat(99)), 450);
        }
        assert_eq!((log.len(), log.bytes()), (4, 400));
        assert!(log.lines()[0].starts_with('6'));
        log.push("y".repeat(1000), 450);
        assert_eq!((log.len(), log.bytes()), (1, 450));
    }

    #[test]
    fn repeats_cost_a_count() {
        let mut log = ContainerLog::default();
        log.push("start".into(), 1 << 20);
        log.push_repeated("GET / 200".into(), 150, 1 << 20);
        log.push_repeated("GET / 200".into(), 1_000_000, 1 << 20);
        assert_eq!((log.len(), log.runs()), (MAX_LOG_LINES, 1), "the start line rotated away");
        log.push_repeated("GET / 500".into(), 30, 1 << 20);
        let lines = log.lines();
        assert_eq!(lines.len(), MAX_LOG_LINES);
        assert_eq!(lines.iter().filter(|l| *l == "GET / 200").count(), 170);
        assert_eq!(lines.last().map(String::as_str), Some("GET / 500"));
        assert_eq!(log.bytes(), lines.iter().map(String::len).sum::<usize>());
        assert_eq!(log.runs(), 2);
    }
}
