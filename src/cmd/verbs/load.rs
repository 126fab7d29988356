//! `load start|ab|curl|stop|status|logs` (playground): traffic generators aimed at a Service.

use super::*;

pub(super) const START: Verb = Verb {
    name: "load start",
    aliases: &[],
    kubectl: false,
    usage: "load start SERVICE [--rps N]",
    summary: "Send steady traffic to a Service (default 10 requests/s)",
    flags: &[FlagSpec { long: "rps", short: None, kind: FlagKind::Value, help: "requests per second (default 10)" }],
    examples: &["load start php-apache --rps 50"],
    parse: parse_load_start,
};

pub(super) const AB: Verb = Verb {
    name: "load ab",
    aliases: &[],
    kubectl: false,
    usage: "load ab [-c CONCURRENCY] [-n REQUESTS] SERVICE",
    summary: "Send a burst of requests, as ApacheBench does",
    flags: &[
        FlagSpec {
            long: "concurrency",
            short: Some('c'),
            kind: FlagKind::Value,
            help: "requests in flight at once (default 1)",
        },
        FlagSpec { long: "requests", short: Some('n'), kind: FlagKind::Value, help: "total requests (default 1)" },
    ],
    examples: &["load ab -c 50 -n 10000 hello-world-flask"],
    parse: parse_load_ab,
};

pub(super) const CURL: Verb = Verb {
    name: "load curl",
    aliases: &[],
    kubectl: false,
    usage: "load curl SERVICE [--every DURATION]",
    summary: "Send one request per period (default every 1s) and log the answers",
    flags: &[FlagSpec {
        long: "every",
        short: None,
        kind: FlagKind::Value,
        help: "time between requests (default 1s)",
    }],
    examples: &["load curl hello-world-flask --every 1s"],
    parse: parse_load_curl,
};

pub(super) const STOP: Verb = Verb {
    name: "load stop",
    aliases: &[],
    kubectl: false,
    usage: "load stop [SERVICE]",
    summary: "Stop the load on one Service, or all load",
    flags: &[],
    examples: &["load stop", "load stop php-apache"],
    parse: parse_load_stop,
};

pub(super) const STATUS: Verb = Verb {
    name: "load status",
    aliases: &[],
    kubectl: false,
    usage: "load status [SERVICE]",
    summary: "Show the load generators: progress, failures, latency, ab reports",
    flags: &[],
    examples: &["load status", "load status hello-world-flask"],
    parse: parse_load_status,
};

pub(super) const LOGS: Verb = Verb {
    name: "load logs",
    aliases: &["load log"],
    kubectl: false,
    usage: "load logs [SERVICE] [--tail N]",
    summary: "Print the answers `load curl` received, one line per request",
    flags: &[FlagSpec { long: "tail", short: None, kind: FlagKind::Value, help: "only the last N lines" }],
    examples: &["load logs hello-world-flask", "load logs --tail 5"],
    parse: parse_load_logs,
};

/// A positive integer flag of a playground verb, with a default and an upper bound.
fn playground_count(args: &Args, long: &str, default: u64, max: u64) -> Result<u64, ParseError> {
    let Some(value) = args.int(long)? else { return Ok(default) };
    match u64::try_from(value) {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => {
            Err(args
                .playground(Some(args.flag_span(long)), format!("--{long} must be between 1 and {max}, got {value}")))
        }
    }
}

fn parse_load_start(args: &Args) -> Result<Command, ParseError> {
    let service = playground_name(args, "service name")?;
    let rps = playground_count(args, "rps", 10, 100_000)? as u32;
    Ok(Command::LoadStart { service, rps })
}

fn parse_load_ab(args: &Args) -> Result<Command, ParseError> {
    let service = playground_name(args, "service name")?;
    let concurrency = playground_count(args, "concurrency", 1, 20_000)? as u32;
    let requests = playground_count(args, "requests", 1, 10_000_000)?;
    if u64::from(concurrency) > requests {
        return Err(args.playground(
            Some(args.flag_span("concurrency")),
            "Cannot use concurrency level greater than total number of requests",
        ));
    }
    Ok(Command::LoadAb { service, concurrency, requests })
}

fn parse_load_curl(args: &Args) -> Result<Command, ParseError> {
    let service = playground_name(args, "service name")?;
    let every = match args.string("every") {
        None => SimDuration::from_secs(1),
        Some(text) => playground_duration(args, &text, Some(args.flag_span("every")))?,
    };
    if every < SimDuration::from_millis(10) {
        return Err(args.playground(Some(args.flag_span("every")), "--every must be at least 10ms"));
    }
    Ok(Command::LoadCurl { service, every })
}

fn parse_load_stop(args: &Args) -> Result<Command, ParseError> {
    Ok(Command::LoadStop { service: optional_service(args)? })
}

/// The optional SERVICE of `load stop|status|logs`.
fn optional_service(args: &Args) -> Result<Option<String>, ParseError> {
    match args.all_positionals() {
        [] => Ok(None),
        [service] => Ok(Some(service.text.clone())),
        [_, extra, ..] => Err(args
            .playground(Some(extra.span), format!("unexpected argument {:?}: give at most one service", extra.text))),
    }
}

fn parse_load_status(args: &Args) -> Result<Command, ParseError> {
    Ok(Command::LoadStatus { service: optional_service(args)? })
}

fn parse_load_logs(args: &Args) -> Result<Command, ParseError> {
    let tail = match args.int("tail")? {
        None => None,
        Some(n) if n < 0 => None,
        Some(n) => Some(n as u64),
    };
    Ok(Command::LoadLogs { service: optional_service(args)?, tail })
}

pub(crate) fn load_start(cluster: &mut Cluster, service: &str, rps: u32) -> Result<String, String> {
    cluster.load_start(service, rps).map(|status| print::load_start_line(&status)).map_err(api)
}

pub(crate) fn load_ab(cluster: &mut Cluster, service: &str, concurrency: u32, requests: u64) -> Result<String, String> {
    cluster.load_ab(service, concurrency, requests).map(|status| print::load_start_line(&status)).map_err(api)
}

pub(crate) fn load_curl(cluster: &mut Cluster, service: &str, every: SimDuration) -> Result<String, String> {
    cluster.load_curl(service, every).map(|status| print::load_start_line(&status)).map_err(api)
}

pub(crate) fn load_stop(cluster: &mut Cluster, service: Option<&str>) -> Result<String, String> {
    let stopped = cluster.load_stop(service).map_err(api)?;
    Ok(stopped.iter().map(print::load_summary).collect::<Vec<_>>().join("\n"))
}

/// `load status [SERVICE]`: one block per generator, running ones first.
pub(crate) fn load_status(cluster: &Cluster, service: Option<&str>) -> Result<String, String> {
    if let Some(name) = service {
        if !cluster.store.services.contains_key(name) && !cluster.load_status().iter().any(|s| s.service == name) {
            return Err(not_found(ResourceKind::Service, name));
        }
    }
    let blocks: Vec<String> = cluster
        .load_status()
        .into_iter()
        .filter(|s| service.is_none_or(|name| s.service == name))
        .map(|s| print::load_summary(&s))
        .collect();
    if blocks.is_empty() {
        return Ok("No load generators (start one with: load start SERVICE --rps N)".into());
    }
    Ok(blocks.join("\n\n"))
}

/// `load logs [SERVICE]`: the curl answers, as the seed's `while true; do curl ...` printed them.
pub(crate) fn load_logs(cluster: &Cluster, service: Option<&str>, tail: Option<u64>) -> Result<String, String> {
    let lines = cluster.load_lines(service);
    if lines.is_empty() {
        let target = service.map(|s| format!(" for service/{s}")).unwrap_or_default();
        return Err(format!("error: no curl answers{target} (start with: load curl SERVICE --every 1s)"));
    }
    let skip = tail.map(|n| lines.len().saturating_sub(n.min(usize::MAX as u64) as usize)).unwrap_or(0);
    Ok(lines.into_iter().skip(skip).map(|(_, line)| line).collect::<Vec<_>>().join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::verbs::testing::*;

    #[test]
    fn load() {
        check("load start php-apache --rps 50", Command::LoadStart { service: "php-apache".into(), rps: 50 });
        check("load start php-apache", Command::LoadStart { service: "php-apache".into(), rps: 10 });
        check(
            "load ab -c 50 -n 10000 web",
            Command::LoadAb { service: "web".into(), concurrency: 50, requests: 10000 },
        );
        check("load ab web", Command::LoadAb { service: "web".into(), concurrency: 1, requests: 1 });
        check(
            "load curl web --every 1s",
            Command::LoadCurl { service: "web".into(), every: SimDuration::from_secs(1) },
        );
        check(
            "load curl web --every=500ms",
            Command::LoadCurl { service: "web".into(), every: SimDuration::from_millis(500) },
        );
        check("load stop", Command::LoadStop { service: None });
        check("load stop web", Command::LoadStop { service: Some("web".into()) });
        check("load status", Command::LoadStatus { service: None });
        check("load status web", Command::LoadStatus { service: Some("web".into()) });
        check("load logs web", Command::LoadLogs { service: Some("web".into()), tail: None });
        check("load log --tail 5", Command::LoadLogs { service: None, tail: Some(5) });
        check("load logs web --tail=-1", Command::LoadLogs { service: Some("web".into()), tail: None });
        check_error(
            "load status a b",
            "error: unexpected argument \"b\": give at most one service\nUsage: load status [SERVICE]",
        );
        check("load", Command::Help { topic: Some("load".into()) });
        check_error(
            "load start web --rps 0",
            "error: --rps must be between 1 and 100000, got 0\nUsage: load start SERVICE [--rps N]",
        );
        check_error(
            "load ab -c 100 -n 10 web",
            "error: Cannot use concurrency level greater than total number of requests\nUsage: load ab [-c CONCURRENCY] [-n REQUESTS] SERVICE",
        );
        check_error(
            "load start web --rps many",
            "error: invalid argument \"many\" for \"--rps\" flag: strconv.ParseInt: parsing \"many\": invalid syntax",
        );
    }
}
