//! `kubectl create deployment` and `kubectl create service`: objects from flags, as kubectl
//! generates them (also printed with `--dry-run=client -o yaml`).

use super::*;
use crate::manifest::tree::tree_to_json;

pub(super) const DEPLOYMENT: Verb = Verb {
    name: "create deployment",
    aliases: &["create deploy"],
    kubectl: true,
    usage: "kubectl create deployment NAME --image=IMAGE [--replicas=N] [--port=N] [--dry-run=client -o yaml] [-- COMMAND ARGS...]",
    summary: "Create a Deployment running an image",
    flags: &[
        FlagSpec { long: "image", short: None, kind: FlagKind::Value, help: "container image; repeat for more containers" },
        FlagSpec { long: "replicas", short: Some('r'), kind: FlagKind::Value, help: "number of replicas (default 1)" },
        FlagSpec { long: "port", short: None, kind: FlagKind::Value, help: "container port to expose" },
        DRY_RUN_FLAG,
        OUTPUT_FLAG,
    ],
    examples: &[
        "kubectl create deployment web --image=nginx --replicas=3",
        "kubectl create deployment hello-world-flask --image lyzhang1999/hello-world-flask:latest --replicas=2 --dry-run=client -o yaml",
    ],
    parse: parse_create_deployment,
};

pub(super) const SERVICE: Verb = Verb {
    name: "create service",
    aliases: &["create svc"],
    kubectl: true,
    usage:
        "kubectl create service clusterip|nodeport|loadbalancer NAME --tcp=PORT[:TARGET_PORT][,...] [--clusterip=None]",
    summary: "Create a Service selecting pods labelled app=NAME",
    flags: &[
        FlagSpec {
            long: "tcp",
            short: None,
            kind: FlagKind::Value,
            help: "PORT[:TARGET_PORT]; repeatable or comma-separated",
        },
        FlagSpec {
            long: "clusterip",
            short: None,
            kind: FlagKind::Value,
            help: "the ClusterIP to ask for, or None for a headless Service",
        },
        DRY_RUN_FLAG,
        OUTPUT_FLAG,
    ],
    examples: &["kubectl create service clusterip hello-world-flask --tcp=5000:5000"],
    parse: parse_create_service,
};

fn parse_create_deployment(args: &Args) -> Result<Command, ParseError> {
    let name = match args.positionals() {
        [name] => name.text.clone(),
        words => {
            let span = words.get(1).map_or(args.end_span(), |word| word.span);
            return Err(args.error(Some(span), ParseErrorKind::ExactlyOneName { got: words.len() }));
        }
    };
    let command = texts(args.after_dash().unwrap_or(&[]));
    if !command.is_empty() && args.strings("image").len() > 1 {
        return Err(args.usage(None, "cannot specify multiple --image options and command"));
    }
    args.require(&["image"])?;
    let replicas = match args.int("replicas")? {
        None => None,
        Some(n) => Some(non_negative(
            args,
            "replicas",
            n,
            &format!("The Deployment {name:?} is invalid: spec.replicas: Invalid value: {n}: must be greater than or equal to 0"),
        )?),
    };
    let port = match args.int("port")? {
        None | Some(-1) => None,
        Some(n) => match u16::try_from(n) {
            Ok(port) if port > 0 => Some(port),
            _ => {
                return Err(args.usage(
                    Some(args.flag_span("port")),
                    format!("The Deployment {name:?} is invalid: spec.template.spec.containers[0].ports[0].containerPort: Invalid value: {n}: must be between 1 and 65535, inclusive"),
                ))
            }
        },
    };
    Ok(Command::CreateDeployment {
        name,
        images: args.strings("image"),
        replicas,
        port,
        command,
        dry_run: parse_dry_run(args)?,
        output: parse_output(args, &[OutputFormat::Yaml, OutputFormat::Json, OutputFormat::Name])?,
        namespace: args.namespace(),
    })
}

fn parse_create_service(args: &Args) -> Result<Command, ParseError> {
    let positionals = args.all_positionals();
    let Some(type_word) = positionals.first() else {
        return Err(args.usage(None, "\"kubectl create service\" needs one of: clusterip, nodeport, loadbalancer"));
    };
    let service_type = match type_word.text.as_str() {
        "clusterip" => ServiceType::ClusterIP,
        "nodeport" => ServiceType::NodePort,
        "loadbalancer" => ServiceType::LoadBalancer,
        "externalname" => {
            let what = "'kubectl create service externalname'".to_string();
            return Err(args.error(Some(type_word.span), ParseErrorKind::NotSimulated { what, hint: None }));
        }
        other => {
            let suggestions = suggestions(other, ["clusterip", "externalname", "loadbalancer", "nodeport"]);
            let kind = ParseErrorKind::UnknownCommand {
                name: other.to_string(),
                parent: "kubectl create service".into(),
                suggestions,
            };
            return Err(args.error(Some(type_word.span), kind));
        }
    };
    let name = match &positionals[1..] {
        [name] => name.text.clone(),
        rest => {
            let span = rest.get(1).map_or(args.end_span(), |word| word.span);
            return Err(args.error(Some(span), ParseErrorKind::ExactlyOneName { got: rest.len() }));
        }
    };
    // `--tcp` is a string slice: repeatable and comma-separated.
    let specs: Vec<String> =
        args.strings("tcp").iter().flat_map(|s| s.split(',')).map(str::to_string).filter(|s| !s.is_empty()).collect();
    let cluster_ip = args.strings("clusterip").last().cloned();
    let headless = cluster_ip.as_deref() == Some("None");
    if headless && service_type != ServiceType::ClusterIP {
        return Err(args.usage(None, "ClusterIP=None can only be used with ClusterIP service type"));
    }
    if specs.is_empty() && !headless {
        return Err(args.usage(None, "at least one tcp port specifier must be provided"));
    }
    let mut ports = Vec::new();
    for spec in &specs {
        let parse_port = |text: &str| -> Result<u16, ParseError> {
            let number = parse_go_int(text).map_err(|reason| {
                args.usage(Some(args.flag_span("tcp")), reason.replace("strconv.ParseInt", "strconv.Atoi"))
            })?;
            u16::try_from(number).ok().filter(|port| *port > 0).ok_or_else(|| {
                args.usage(
                    Some(args.flag_span("tcp")),
                    format!("The Service {name:?} is invalid: spec.ports[0].port: Invalid value: {number}: must be between 1 and 65535, inclusive"),
                )
            })
        };
        let (port, target_port) = match spec.split_once(':') {
            Some((port, target)) => (parse_port(port)?, parse_port(target)?),
            None => {
                let port = parse_port(spec)?;
                (port, port)
            }
        };
        ports.push(ServicePortArg { name: spec.replace(':', "-"), port, target_port });
    }
    Ok(Command::CreateService {
        service_type,
        name,
        ports,
        cluster_ip,
        dry_run: parse_dry_run(args)?,
        output: parse_output(args, &[OutputFormat::Yaml, OutputFormat::Json, OutputFormat::Name])?,
        namespace: args.namespace(),
    })
}

/// The manifest `kubectl create deployment` generates (reference §10.5, kubectl ≥ 1.34).
pub fn deployment_manifest(
    name: &str,
    images: &[String],
    replicas: Option<u32>,
    port: Option<u16>,
    command: &[String],
) -> String {
    let mut y = format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n    app: {name}\n  name: {name}\nspec:\n  replicas: {}\n  selector:\n    matchLabels:\n      app: {name}\n  strategy: {{}}\n  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n      containers:\n",
        replicas.unwrap_or(1)
    );
    for image in images {
        let container = container_name_for(image);
        if !command.is_empty() {
            y.push_str("      - command:\n");
            for arg in command {
                y.push_str(&format!("        - {}\n", yaml_scalar(arg)));
            }
            y.push_str(&format!("        image: {image}\n"));
        } else {
            y.push_str(&format!("      - image: {image}\n"));
        }
        y.push_str(&format!("        name: {container}\n"));
        if let Some(port) = port {
            y.push_str(&format!("        ports:\n        - containerPort: {port}\n"));
        }
        y.push_str("        resources: {}\n");
    }
    y.push_str("status: {}\n");
    y
}

pub(crate) fn yaml_scalar(s: &str) -> String {
    crate::print::yaml::scalar(s)
}

/// Container name from an image: last path segment without tag or digest, as a DNS label.
pub fn container_name_for(image: &str) -> String {
    let last = image.rsplit('/').next().unwrap_or(image);
    let last = last.split('@').next().unwrap_or(last);
    let last = last.split(':').next().unwrap_or(last);
    let mut name: String =
        last.to_ascii_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    name = name.trim_matches('-').chars().take(63).collect();
    if name.is_empty() {
        "container".into()
    } else {
        name
    }
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn create_deployment(
    cluster: &mut Cluster,
    name: &str,
    images: &[String],
    replicas: Option<u32>,
    port: Option<u16>,
    command: &[String],
    dry_run: bool,
    output: OutputFormat,
) -> Result<String, String> {
    let manifest = deployment_manifest(name, images, replicas, port, command);
    if dry_run {
        return Ok(match output {
            OutputFormat::Yaml => manifest.trim_end().to_string(),
            OutputFormat::Json => {
                let value = tree_to_json(&crate::manifest::yaml::from_str(&manifest).map_err(|e| e.to_string())?)
                    .map_err(|e| e.to_string())?;
                crate::manifest::emit::to_json_pretty(&value, "  ")
            }
            OutputFormat::Name => format!("deployment.apps/{name}"),
            _ => format!("deployment.apps/{name} created (dry run)"),
        });
    }
    if cluster.store.deployments.contains_key(name) {
        return Err(format!("error: failed to create deployment: deployments.apps \"{name}\" already exists"));
    }
    cluster.apply_yaml(&manifest)?;
    // `-o` prints the object the API server stored.
    let stored = cluster.store.deployments.get(name);
    Ok(match (output, stored) {
        (OutputFormat::Yaml, Some(d)) => crate::print::output::to_yaml(d).trim_end().to_string(),
        (OutputFormat::Json, Some(d)) => crate::print::output::to_json(d).trim_end().to_string(),
        (OutputFormat::Name, _) => format!("deployment.apps/{name}"),
        _ => format!("deployment.apps/{name} created"),
    })
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn create_service(
    cluster: &mut Cluster,
    service_type: ServiceType,
    name: &str,
    ports: &[ServicePortArg],
    cluster_ip: Option<&str>,
    dry_run: bool,
    output: OutputFormat,
) -> Result<String, String> {
    let type_ = match service_type {
        ServiceType::ClusterIP => "ClusterIP",
        ServiceType::NodePort => "NodePort",
        ServiceType::LoadBalancer => "LoadBalancer",
    };
    let mut y =
        format!("apiVersion: v1\nkind: Service\nmetadata:\n  labels:\n    app: {name}\n  name: {name}\nspec:\n");
    if let Some(ip) = cluster_ip {
        y.push_str(&format!("  clusterIP: {}\n", yaml_scalar(ip)));
    }
    if !ports.is_empty() {
        y.push_str("  ports:\n");
    }
    for p in ports {
        y.push_str(&format!(
            "  - name: {}\n    port: {}\n    protocol: TCP\n    targetPort: {}\n",
            // go-yaml quotes a name that would read as a number.
            if p.name.parse::<u64>().is_ok() { format!("\"{}\"", p.name) } else { yaml_scalar(&p.name) },
            p.port,
            p.target_port
        ));
    }
    y.push_str(&format!("  selector:\n    app: {name}\n  type: {type_}\nstatus:\n  loadBalancer: {{}}\n"));
    if dry_run {
        return Ok(match output {
            OutputFormat::Yaml => y.trim_end().to_string(),
            OutputFormat::Json => {
                let value = tree_to_json(&crate::manifest::yaml::from_str(&y).map_err(|e| e.to_string())?)
                    .map_err(|e| e.to_string())?;
                crate::manifest::emit::to_json_pretty(&value, "  ")
            }
            OutputFormat::Name => format!("service/{name}"),
            _ => format!("service/{name} created (dry run)"),
        });
    }
    if cluster.store.services.contains_key(name) {
        return Err(format!(
            "error: failed to create {} service: services \"{name}\" already exists",
            type_.to_ascii_lowercase()
        ));
    }
    cluster.apply_yaml(&y.replace("status:\n  loadBalancer: {}\n", ""))?;
    // `-o` prints the object the API server stored.
    let stored = cluster.store.services.get(name);
    Ok(match (output, stored) {
        (OutputFormat::Yaml, Some(svc)) => crate::print::output::to_yaml(svc).trim_end().to_string(),
        (OutputFormat::Json, Some(svc)) => crate::print::output::to_json(svc).trim_end().to_string(),
        (OutputFormat::Name, _) => format!("service/{name}"),
        _ => format!("service/{name} created"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::verbs::testing::*;

    #[test]
    fn create_deployment() {
        check(
            "kubectl create deployment hello-world-flask --image=lyzhang1999/hello-world-flask:latest --replicas=2",
            Command::CreateDeployment {
                name: "hello-world-flask".into(),
                images: vec!["lyzhang1999/hello-world-flask:latest".into()],
                replicas: Some(2),
                port: None,
                command: vec![],
                dry_run: false,
                output: OutputFormat::Default,
                namespace: None,
            },
        );
        check(
            "kubectl create deployment web --image nginx --port=80 --dry-run=client -o yaml",
            Command::CreateDeployment {
                name: "web".into(),
                images: vec!["nginx".into()],
                replicas: None,
                port: Some(80),
                command: vec![],
                dry_run: true,
                output: OutputFormat::Yaml,
                namespace: None,
            },
        );
        let Command::CreateDeployment { dry_run, output, .. } = ok("create deploy web --image=nginx --dry-run -oyaml")
        else {
            panic!()
        };
        assert!(dry_run);
        assert_eq!(output, OutputFormat::Yaml);
        let Command::CreateDeployment { command, .. } =
            ok("kubectl create deployment bb --image=busybox -- sleep 3600")
        else {
            panic!()
        };
        assert_eq!(command, vec!["sleep", "3600"]);
        check_error(
            "kubectl create deployment bb --image=a --image=b -- sleep 1",
            "error: cannot specify multiple --image options and command",
        );
        check_error("kubectl create deployment web", "error: required flag(s) \"image\" not set");
        check_error("kubectl create deployment --image=nginx", "error: exactly one NAME is required, got 0");
        check_error("kubectl create deployment a b --image=nginx", "error: exactly one NAME is required, got 2");
        check_error("kubectl create deployment web --image=nginx --replica=2", "error: unknown flag: --replica");
        check_error(
            "kubectl create deployment web --image=nginx --replicas=abc",
            "error: invalid argument \"abc\" for \"-r, --replicas\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax",
        );
        check_error(
            "kubectl create deployment web --image=nginx --replicas=-1",
            "error: The Deployment \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0",
        );
        check_error(
            "kubectl create deployment web --image=nginx --dry-run=maybe",
            "error: Invalid dry-run value (maybe). Must be \"none\", \"server\", or \"client\".",
        );
        check_error(
            "kubectl create deployment web --image=nginx -o wide",
            "error: unable to match a printer suitable for the output format \"wide\", allowed formats are: json,name,yaml",
        );
    }

    #[test]
    fn create_service() {
        check(
            "kubectl create service clusterip hello-world-flask --tcp=5000:5000",
            Command::CreateService {
                service_type: ServiceType::ClusterIP,
                name: "hello-world-flask".into(),
                ports: vec![ServicePortArg { name: "5000-5000".into(), port: 5000, target_port: 5000 }],
                cluster_ip: None,
                dry_run: false,
                output: OutputFormat::Default,
                namespace: None,
            },
        );
        let Command::CreateService { service_type, ports, .. } = ok("create svc nodeport web --tcp=80:8080 --tcp 443")
        else {
            panic!()
        };
        assert_eq!(service_type, ServiceType::NodePort);
        assert_eq!(
            ports,
            vec![
                ServicePortArg { name: "80-8080".into(), port: 80, target_port: 8080 },
                ServicePortArg { name: "443".into(), port: 443, target_port: 443 }
            ]
        );
        check_error("kubectl create service clusterip web", "error: at least one tcp port specifier must be provided");
        check_error(
            "kubectl create service clusterp web --tcp=80",
            "error: unknown command \"clusterp\" for \"kubectl create service\"\n\nDid you mean this?\n\tclusterip\n\nRun 'kubectl create service --help' for usage.",
        );
        check_error(
            "kubectl create service clusterip web --tcp=x:80",
            "error: strconv.Atoi: parsing \"x\": invalid syntax",
        );
    }

    #[test]
    fn create_deployment_dry_run_matches_kubectl() {
        let mut cluster = Cluster::new(1);
        check_run(
            &mut cluster,
            "kubectl create deployment web --image=nginx --replicas=2 --dry-run=client -o yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n    app: web\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  strategy: {}\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - image: nginx\n        name: nginx\n        resources: {}\nstatus: {}",
        );
        assert_eq!(container_name_for("registry.k8s.io/hpa-example"), "hpa-example");
        assert_eq!(container_name_for("lyzhang1999/hello-world-flask:latest"), "hello-world-flask");
    }

    #[test]
    fn service_ports_are_named_after_the_tcp_text() {
        let mut cluster = Cluster::new(1);
        let out = run(&mut cluster, &NoFiles, "kubectl create service clusterip one --tcp=80:80");
        assert!(out.ok, "{}", out.text);
        let names = |cluster: &Cluster, svc: &str| -> Vec<String> {
            cluster.store.services[svc].spec.ports.iter().map(|p| p.name.clone().unwrap_or_default()).collect()
        };
        assert_eq!(names(&cluster, "one"), ["80-80"]);
        assert!(run(&mut cluster, &NoFiles, "kubectl create service clusterip two --tcp=80,443 --tcp=5000:8080").ok);
        assert_eq!(names(&cluster, "two"), ["80", "443", "5000-8080"]);
        let out =
            run(&mut cluster, &NoFiles, "kubectl create service clusterip three --tcp=80 --dry-run=client -o yaml");
        assert!(out.text.contains("  - name: \"80\"\n    port: 80\n"), "{}", out.text);
        let out = run(&mut cluster, &NoFiles, "kubectl describe svc two");
        assert!(out.text.contains("Port:                     5000-8080  5000/TCP"), "{}", out.text);
    }
}
