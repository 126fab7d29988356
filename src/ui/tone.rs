//! Colour families for kubectl STATUS values, so the cluster view can tint pods and nodes.
//! The status text is always shown too: colour is never the only signal.

/// How a pod or node status reads at a glance; each maps to one CSS class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Running with every container ready; a Ready node.
    Good,
    /// On its way: Pending, ContainerCreating, PodInitializing, `Init:0/1`.
    Progress,
    /// Up but not right: Running yet not ready, Terminating, Unknown, a cordoned node.
    Warn,
    /// Failing: CrashLoopBackOff, Error, OOMKilled, ErrImagePull, NotReady node, ...
    Bad,
    /// Finished on purpose: Completed, Succeeded.
    Done,
}

impl Tone {
    /// The CSS class for this tone (see static/app.css).
    pub fn class(self) -> &'static str {
        match self {
            Tone::Good => "tone-good",
            Tone::Progress => "tone-progress",
            Tone::Warn => "tone-warn",
            Tone::Bad => "tone-bad",
            Tone::Done => "tone-done",
        }
    }
}

/// The tone of a pod from its STATUS and READY (`1/1`) columns.
pub fn pod_tone(status: &str, ready: &str) -> Tone {
    match status {
        "Running" if all_ready(ready) => Tone::Good,
        "Running" | "Terminating" | "Unknown" | "NotReady" => Tone::Warn,
        "Pending" | "ContainerCreating" | "PodInitializing" => Tone::Progress,
        "Completed" | "Succeeded" => Tone::Done,
        // `Init:1/2` counts progress; `Init:CrashLoopBackOff` and friends are failures.
        init if init.starts_with("Init:") && init[5..].contains('/') => Tone::Progress,
        _ => Tone::Bad,
    }
}

/// The tone of a node from its STATUS column (`Ready`, `NotReady`, `Ready,SchedulingDisabled`).
pub fn node_tone(status: &str) -> Tone {
    match status {
        "Ready" => Tone::Good,
        ready_cordoned if ready_cordoned.starts_with("Ready,") => Tone::Warn,
        _ => Tone::Bad,
    }
}

/// `n/n` with n > 0: every container counted is ready.
fn all_ready(ready: &str) -> bool {
    match ready.split_once('/') {
        Some((n_ready, n_total)) => n_ready == n_total && n_total != "0",
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_pod(status: &str, ready: &str, expected: Tone) {
        assert_eq!(pod_tone(status, ready), expected, "{status} {ready}");
    }

    #[test]
    fn pod_tones() {
        check_pod("Running", "1/1", Tone::Good);
        check_pod("Running", "2/2", Tone::Good);
        check_pod("Running", "0/1", Tone::Warn);
        check_pod("Running", "1/2", Tone::Warn);
        check_pod("Pending", "0/1", Tone::Progress);
        check_pod("ContainerCreating", "0/1", Tone::Progress);
        check_pod("Init:0/2", "0/1", Tone::Progress);
        check_pod("Init:CrashLoopBackOff", "0/1", Tone::Bad);
        check_pod("CrashLoopBackOff", "0/1", Tone::Bad);
        check_pod("OOMKilled", "0/1", Tone::Bad);
        check_pod("ExitCode:3", "0/1", Tone::Bad);
        check_pod("Terminating", "1/1", Tone::Warn);
        check_pod("Completed", "0/1", Tone::Done);
        check_pod("", "", Tone::Bad);
    }

    #[test]
    fn node_tones() {
        assert_eq!(node_tone("Ready"), Tone::Good);
        assert_eq!(node_tone("Ready,SchedulingDisabled"), Tone::Warn);
        assert_eq!(node_tone("NotReady"), Tone::Bad);
        assert_eq!(node_tone("NotReady,SchedulingDisabled"), Tone::Bad);
        assert_eq!(node_tone("Unknown"), Tone::Bad);
    }

    #[test]
    fn classes() {
        assert_eq!(Tone::Good.class(), "tone-good");
        assert_eq!(Tone::Bad.class(), "tone-bad");
    }
}
