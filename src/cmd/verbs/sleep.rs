//! `sleep DURATION` (playground): let cluster time pass.

use super::*;

pub(super) const VERB: Verb = Verb {
    name: "sleep",
    aliases: &[],
    kubectl: false,
    usage: "sleep DURATION",
    summary: "Advance cluster time (30s, 5m, 1h30m)",
    flags: &[],
    examples: &["sleep 30s", "sleep 5m", "sleep 1h30m"],
    parse: parse_sleep,
};

fn parse_sleep(args: &Args) -> Result<Command, ParseError> {
    let text = playground_name(args, "duration")?;
    let span = args.all_positionals().first().map(|token| token.span);
    Ok(Command::Sleep(playground_duration(args, &text, span)?))
}

pub(crate) fn sleep(cluster: &mut Cluster, duration: SimDuration) -> Result<String, String> {
    cluster.run_for(duration);
    Ok(String::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::verbs::testing::*;

    #[test]
    fn sleep() {
        check("sleep 30s", Command::Sleep(SimDuration::from_secs(30)));
        check("sleep 5m", Command::Sleep(SimDuration::from_secs(300)));
        check("sleep 1h30m", Command::Sleep(SimDuration::from_secs(5400)));
        check("sleep 45", Command::Sleep(SimDuration::from_secs(45)));
        check_error(
            "sleep soon",
            "error: invalid duration \"soon\": use a number and a unit, e.g. 30s, 5m or 1h30m\nUsage: sleep DURATION",
        );
        check_error("sleep 31d", "error: duration \"31d\" is too long: at most 30 days\nUsage: sleep DURATION");
        check_error("sleep", "error: missing duration\nUsage: sleep DURATION");
    }
}
