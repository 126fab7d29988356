//! `kubectl autoscale`: create a HorizontalPodAutoscaler for a Deployment or ReplicaSet.

use super::*;

pub(super) const VERB: Verb = Verb {
    name: "autoscale",
    aliases: &[],
    kubectl: true,
    usage: "kubectl autoscale deployment NAME [--min=N] --max=N [--cpu-percent=N | --cpu=N%]",
    summary: "Create a HorizontalPodAutoscaler for a Deployment",
    flags: &[
        FlagSpec { long: "min", short: None, kind: FlagKind::Value, help: "lower limit of replicas (default 1)" },
        FlagSpec { long: "max", short: None, kind: FlagKind::Value, help: "upper limit of replicas" },
        FlagSpec {
            long: "cpu-percent",
            short: None,
            kind: FlagKind::Value,
            help: "target average CPU utilization [% of requests] (deprecated: use --cpu)",
        },
        FlagSpec {
            long: "cpu",
            short: None,
            kind: FlagKind::Value,
            help: "target CPU: a utilization (50%) or an average value (500m)",
        },
        FlagSpec {
            long: "name",
            short: None,
            kind: FlagKind::Value,
            help: "name of the autoscaler (default: the deployment's)",
        },
    ],
    examples: &[
        "kubectl autoscale deployment hello-world-flask --cpu-percent=50 --min=2 --max=10",
        "kubectl autoscale deploy/php-apache --cpu=50% --max=10",
    ],
    parse: parse_autoscale,
};

fn parse_autoscale(args: &Args) -> Result<Command, ParseError> {
    let words = args.all_positionals();
    let Some((kind, name)) = one_target(args, words)? else {
        return Err(args.usage(None, "You must provide one or more resources by argument or filename."));
    };
    let span = words.first().map_or(args.end_span(), |word| word.span);
    require_kind(args, span, kind, &[ResourceKind::Deployment, ResourceKind::ReplicaSet], "autoscale")?;
    args.require(&["max"])?;
    let max = args.int("max")?.unwrap_or(-1);
    let min = args.int("min")?.unwrap_or(-1);
    if max < 1 {
        return Err(args.usage(
            Some(args.flag_span("max")),
            format!("--max=MAXPODS is required and must be at least 1, max: {max}"),
        ));
    }
    if max < min {
        return Err(args.usage(
            Some(args.flag_span("min")),
            format!("--max=MAXPODS must be larger or equal to --min=MINPODS, max: {max}, min: {min}"),
        ));
    }
    let max = non_negative(args, "max", max, "--max must be at least 1")?;
    let min = if min < 0 { None } else { Some(non_negative(args, "min", min, "--min must be at least 1")?) };
    if min == Some(0) {
        return Err(args.usage(
            Some(args.flag_span("min")),
            "--min=MINPODS must be at least 1 (kubeplay does not simulate scale to zero)",
        ));
    }
    let cpu = match (args.int("cpu-percent")?, args.string("cpu")) {
        (Some(_), Some(_)) => {
            return Err(args.usage(Some(args.flag_span("cpu")), "--cpu-percent and --cpu cannot be specified together"))
        }
        (Some(percent), None) if percent < 0 => None,
        (Some(percent), None) => Some(CpuTarget::Utilization(u32::try_from(percent).unwrap_or(u32::MAX))),
        (None, Some(cpu)) => Some(parse_cpu_target(args, &cpu)?),
        (None, None) => None,
    };
    let cpu_percent_flag = args.int("cpu-percent")?.is_some();
    Ok(Command::Autoscale {
        kind,
        name,
        min,
        max,
        cpu,
        hpa_name: args.string("name"),
        namespace: args.namespace(),
        cpu_percent_flag,
    })
}

fn parse_cpu_target(args: &Args, text: &str) -> Result<CpuTarget, ParseError> {
    if let Some(percent) = text.strip_suffix('%') {
        if let Ok(percent) = percent.parse::<u32>() {
            if percent > 0 {
                return Ok(CpuTarget::Utilization(percent));
            }
        }
    } else if crate::api::parse_quantity(text).is_some_and(|value| value > 0.0) {
        return Ok(CpuTarget::AverageValue(text.to_string()));
    }
    Err(args.invalid_flag("cpu", "must be a utilization such as 50% or a quantity such as 500m"))
}

/// What kubectl ≥ 1.34 prints (on stderr) when `--cpu-percent` is used.
const CPU_PERCENT_DEPRECATED: &str = "Flag --cpu-percent has been deprecated, Use --cpu with percentage or resource quantity format (e.g., '70%' for utilization or '500m' for milliCPU).";

#[allow(clippy::too_many_arguments)]
pub(crate) fn autoscale(
    cluster: &mut Cluster,
    kind: ResourceKind,
    name: &str,
    min: Option<u32>,
    max: u32,
    cpu: Option<&CpuTarget>,
    hpa_name: Option<&str>,
    cpu_percent_flag: bool,
) -> Result<String, String> {
    // Cobra warns while parsing flags, so the warning comes first even on failure.
    let warn = |text: String| if cpu_percent_flag { format!("{CPU_PERCENT_DEPRECATED}\n{text}") } else { text };
    create_hpa(cluster, kind, name, min, max, cpu, hpa_name).map(warn).map_err(warn)
}

fn create_hpa(
    cluster: &mut Cluster,
    kind: ResourceKind,
    name: &str,
    min: Option<u32>,
    max: u32,
    cpu: Option<&CpuTarget>,
    hpa_name: Option<&str>,
) -> Result<String, String> {
    if kind != ResourceKind::Deployment && kind != ResourceKind::ReplicaSet {
        return Err(format!("error: cannot autoscale a {}", kind.kind()));
    }
    let exists = if kind == ResourceKind::Deployment {
        cluster.store.deployments.contains_key(name)
    } else {
        cluster.store.replicasets.contains_key(name)
    };
    if !exists {
        return Err(not_found(kind, name));
    }
    let hpa = hpa_name.unwrap_or(name);
    if cluster.store.hpas.contains_key(hpa) {
        let resource = ResourceKind::HorizontalPodAutoscaler.kubectl_name();
        return Err(print::api_error(&ApiError::AlreadyExists { resource, name: hpa.to_string() }));
    }
    let mut y = format!(
        "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: {hpa}\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: {}\n    name: {name}\n  maxReplicas: {max}\n",
        kind.kind()
    );
    if let Some(min) = min.filter(|m| *m > 0) {
        y.push_str(&format!("  minReplicas: {min}\n"));
    }
    match cpu {
        Some(CpuTarget::Utilization(pct)) => y.push_str(&format!(
            "  metrics:\n  - type: Resource\n    resource:\n      name: cpu\n      target:\n        type: Utilization\n        averageUtilization: {pct}\n"
        )),
        Some(CpuTarget::AverageValue(q)) => y.push_str(&format!(
            "  metrics:\n  - type: Resource\n    resource:\n      name: cpu\n      target:\n        type: AverageValue\n        averageValue: {q}\n"
        )),
        None => {}
    }
    cluster.apply_yaml(&y)?;
    Ok(format!("horizontalpodautoscaler.autoscaling/{hpa} autoscaled"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::verbs::testing::*;

    #[test]
    fn autoscale() {
        check(
            "kubectl autoscale deployment hello-world-flask --cpu-percent=50 --min=2 --max=10",
            Command::Autoscale {
                kind: ResourceKind::Deployment,
                name: "hello-world-flask".into(),
                min: Some(2),
                max: 10,
                cpu: Some(CpuTarget::Utilization(50)),
                hpa_name: None,
                namespace: None,
                cpu_percent_flag: true,
            },
        );
        let Command::Autoscale { cpu, min, cpu_percent_flag, .. } =
            ok("kubectl autoscale deploy/php-apache --cpu=50% --max=10")
        else {
            panic!()
        };
        assert_eq!((cpu, min, cpu_percent_flag), (Some(CpuTarget::Utilization(50)), None, false));
        // kubectl's default --cpu-percent=-1 typed out still counts as using the flag.
        let Command::Autoscale { cpu, cpu_percent_flag, .. } =
            ok("kubectl autoscale deploy/php-apache --cpu-percent=-1 --max=10")
        else {
            panic!()
        };
        assert_eq!((cpu, cpu_percent_flag), (None, true));
        let Command::Autoscale { cpu, .. } = ok("kubectl autoscale deploy web --cpu=500m --max=3") else { panic!() };
        assert_eq!(cpu, Some(CpuTarget::AverageValue("500m".into())));
        check_error("kubectl autoscale deploy web --min=2", "error: required flag(s) \"max\" not set");
        check_error(
            "kubectl autoscale deploy web --max=0",
            "error: --max=MAXPODS is required and must be at least 1, max: 0",
        );
        check_error(
            "kubectl autoscale deploy web --min=5 --max=2",
            "error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: 2, min: 5",
        );
        check_error(
            "kubectl autoscale deploy web --max=3 --cpu=lots",
            "error: invalid argument \"lots\" for \"--cpu\" flag: must be a utilization such as 50% or a quantity such as 500m",
        );
    }

    #[test]
    fn autoscale_warns_about_cpu_percent() {
        let mut cluster = Cluster::new(1);
        let warning = "Flag --cpu-percent has been deprecated, Use --cpu with percentage or resource quantity format (e.g., '70%' for utilization or '500m' for milliCPU).";
        check_run(
            &mut cluster,
            "kubectl autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10",
            &format!("{warning}\nError from server (NotFound): deployments.apps \"php-apache\" not found"),
        );
        assert!(
            run(&mut cluster, &NoFiles, "kubectl create deployment php-apache --image=registry.k8s.io/hpa-example").ok
        );
        check_run(
            &mut cluster,
            "kubectl autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10",
            &format!("{warning}\nhorizontalpodautoscaler.autoscaling/php-apache autoscaled"),
        );
        check_run(
            &mut cluster,
            "kubectl autoscale deploy/php-apache --cpu=50% --max=10 --name=other",
            "horizontalpodautoscaler.autoscaling/other autoscaled",
        );
        let hpa = &cluster.store.hpas["php-apache"];
        assert_eq!(hpa.spec.behavior, None, "kubectl autoscale sets no behavior: legacy normalization");
        assert_eq!(hpa.spec.min_replicas, Some(1));
    }
}
