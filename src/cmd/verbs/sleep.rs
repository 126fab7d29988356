//! `sleep DURATION [--mark]` (playground): let cluster time pass; `--mark` draws the time slept
//! on the charts as a fast-forward span (a lesson's "fast-forward until this step passes" is
//! journaled as such a line, see `Session::sleep_watched`).

use super::*;
use crate::engine::series::MarkerKind;
use crate::engine::time::SimTime;

pub(super) const VERB: Verb = Verb {
    name: "sleep",
    aliases: &[],
    kubectl: false,
    usage: "sleep DURATION [--mark]",
    summary: "Advance cluster time (30s, 5m, 1h30m)",
    flags: &[FlagSpec {
        long: "mark",
        short: None,
        kind: FlagKind::Bool,
        help: "show the time slept on the charts as a fast-forward span",
    }],
    examples: &["sleep 30s", "sleep 5m", "sleep 1h30m --mark"],
    parse: parse_sleep,
};

fn parse_sleep(args: &Args) -> Result<Command, ParseError> {
    let text = playground_name(args, "duration")?;
    let span = args.all_positionals().first().map(|token| token.span);
    Ok(Command::Sleep { duration: playground_duration(args, &text, span)?, mark: args.bool("mark") })
}

pub(crate) fn sleep(cluster: &mut Cluster, duration: SimDuration, mark: bool) -> Result<String, String> {
    let from = cluster.now();
    cluster.run_for(duration);
    if mark {
        mark_fast_forward(cluster, from);
    }
    Ok(String::new())
}

/// The chart marker of time fast-forwarded from `from` to now: a span labelled with its length
/// (whole seconds from 10 s on; the span itself is exact).
pub(crate) fn mark_fast_forward(cluster: &mut Cluster, from: SimTime) {
    let took = cluster.now().since(from);
    let shown = match took.as_millis() {
        ms if ms >= 10_000 => SimDuration::from_secs((ms + 500) / 1000),
        _ => took,
    };
    let label = format!("fast-forward {}", crate::engine::time::go_duration(shown));
    cluster.mark_on(MarkerKind::FastForward, "", label, Some(from));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::verbs::testing::*;

    #[test]
    fn sleep() {
        let sleep = |secs: u64, mark: bool| Command::Sleep { duration: SimDuration::from_secs(secs), mark };
        check("sleep 30s", sleep(30, false));
        check("sleep 5m", sleep(300, false));
        check("sleep 1h30m", sleep(5400, false));
        check("sleep 45", sleep(45, false));
        check("sleep 1m30s --mark", sleep(90, true));
        check("sleep 1m30.25s --mark", Command::Sleep { duration: SimDuration::from_millis(90_250), mark: true });
        check_error(
            "sleep soon",
            "error: invalid duration \"soon\": use a number and a unit, e.g. 30s, 5m or 1h30m\nUsage: sleep DURATION [--mark]",
        );
        check_error(
            "sleep 31d",
            "error: duration \"31d\" is too long: at most 30 days\nUsage: sleep DURATION [--mark]",
        );
        check_error("sleep", "error: missing duration\nUsage: sleep DURATION [--mark]");
    }

    #[test]
    fn a_marked_sleep_draws_a_fast_forward_span() {
        let mut cluster = Cluster::new(1);
        cluster.run_for(SimDuration::from_secs(10));
        super::sleep(&mut cluster, SimDuration::from_millis(90_250), true).unwrap();
        super::sleep(&mut cluster, SimDuration::from_secs(5), false).unwrap();
        let markers: Vec<_> = cluster.series().markers().filter(|m| m.kind == MarkerKind::FastForward).collect();
        assert_eq!(markers.len(), 1);
        assert_eq!(markers[0].label, "fast-forward 1m30s");
        assert_eq!(markers[0].since, Some(SimTime::from_secs(10)));
        assert_eq!(markers[0].at, SimTime(100_250));
    }
}
