//! Runs a parsed `Command` against a `Cluster` and renders kubectl's output. The console, the
//! CLI, scenarios, lessons and tests all come through `run`.

use super::*;
use crate::api::*;
use crate::engine::time::SimDuration;
use crate::engine::Cluster;
use crate::print;
use crate::print::table::RenderOptions;
use std::collections::BTreeMap;

/// What a command printed, and whether it succeeded (kubectl's exit status).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub text: String,
    pub ok: bool,
}

impl Output {
    pub fn ok(text: impl Into<String>) -> Output {
        Output { text: text.into(), ok: true }
    }
    pub fn err(text: impl Into<String>) -> Output {
        Output { text: text.into(), ok: false }
    }
}

/// Where `apply -f NAME` finds NAME: the CLI reads the disk, the browser its editor buffers.
pub trait Files {
    fn read(&self, name: &str) -> Result<String, String>;
}

/// No files at all (`-f -` still reads `stdin`).
pub struct NoFiles;

impl Files for NoFiles {
    fn read(&self, name: &str) -> Result<String, String> {
        Err(format!("error: the path \"{name}\" does not exist"))
    }
}

/// In-memory files by name (the UI's editor, tests).
impl Files for BTreeMap<String, String> {
    fn read(&self, name: &str) -> Result<String, String> {
        self.get(name).cloned().ok_or_else(|| format!("error: the path \"{name}\" does not exist"))
    }
}

/// Parses and runs one line. Blank lines and comments print nothing.
pub fn run(cluster: &mut Cluster, files: &dyn Files, line: &str) -> Output {
    match parse(line) {
        Ok(Some(command)) => execute(cluster, files, &command),
        Ok(None) => Output::ok(""),
        Err(e) => Output::err(e.to_string()),
    }
}

/// Longest `rollout status`/`wait` lets cluster time run when no timeout is given.
const MAX_BLOCKING_WAIT: SimDuration = SimDuration::from_secs(600);

pub fn execute(cluster: &mut Cluster, files: &dyn Files, command: &Command) -> Output {
    if let Some(ns) = command_namespace(command) {
        if ns != "default" {
            return match command {
                Command::Get { .. } | Command::Describe { .. } | Command::Top { .. } => {
                    Output::ok(format!("No resources found in {ns} namespace."))
                }
                _ => Output::err(format!(
                    "Error from server (NotFound): namespaces \"{ns}\" not found (kubeplay has one namespace, default)"
                )),
            };
        }
    }
    let result = match command {
        Command::Apply { files: names, .. } => apply(cluster, files, names, false),
        Command::Create { files: names, .. } => apply(cluster, files, names, true),
        Command::CreateDeployment { name, images, replicas, port, command, dry_run, output, .. } => {
            create_deployment(cluster, name, images, *replicas, *port, command, *dry_run, *output)
        }
        Command::CreateService { service_type, name, ports, cluster_ip, dry_run, output, .. } => {
            create_service(cluster, *service_type, name, ports, cluster_ip.as_deref(), *dry_run, *output)
        }
        Command::Get {
            kinds,
            names,
            output,
            selector,
            field_selector,
            show_labels,
            no_headers,
            all_namespaces,
            ..
        } => {
            let options = RenderOptions {
                wide: *output == OutputFormat::Wide,
                show_labels: *show_labels,
                no_headers: *no_headers,
            };
            get(
                cluster,
                kinds,
                names,
                *output,
                selector.as_deref(),
                field_selector.as_deref(),
                &options,
                *all_namespaces,
            )
        }
        Command::Describe { kinds, names, selector, .. } => describe(cluster, kinds, names, selector.as_deref()),
        Command::Logs { kind, name, container, previous, tail, .. } => {
            logs(cluster, *kind, name, container.as_deref(), *previous, *tail)
        }
        Command::Delete { kinds, names, selector, all, grace_period, force, ignore_not_found, .. } => {
            delete(cluster, kinds, names, selector.as_deref(), *all, *grace_period, *force, *ignore_not_found)
        }
        Command::DeleteFiles { files: names, grace_period, force, ignore_not_found, .. } => {
            delete_files(cluster, files, names, *grace_period, *force, *ignore_not_found)
        }
        Command::Scale { kind, name, replicas, .. } => scale(cluster, *kind, name, *replicas),
        Command::Autoscale { kind, name, min, max, cpu, hpa_name, cpu_percent_flag, .. } => {
            // Cobra warns while parsing flags, so the warning comes first even on failure.
            let warn =
                |text: String| if *cpu_percent_flag { format!("{CPU_PERCENT_DEPRECATED}\n{text}") } else { text };
            autoscale(cluster, *kind, name, *min, *max, cpu.as_ref(), hpa_name.as_deref()).map(warn).map_err(warn)
        }
        Command::SetImage { name, images, .. } => {
            let pairs: Vec<(String, String)> = images.iter().map(|i| (i.container.clone(), i.image.clone())).collect();
            cluster.set_image(name, &pairs).map(|_| format!("deployment.apps/{name} image updated"))
        }
        Command::Rollout { action, name, revision, watch, timeout, .. } => {
            rollout(cluster, *action, name, *revision, *watch, *timeout)
        }
        Command::Patch { kind, name, patch_type, patch, .. } => self::patch(cluster, *kind, name, *patch_type, patch),
        Command::Exec { kind, name, container, command, .. } => match attachable_pod(cluster, *kind, name) {
            Ok(pod) => exec(cluster, &pod, container.as_deref(), command),
            Err(e) => Err(e),
        },
        Command::Cordon { node } => cluster.cordon(node, true),
        Command::Uncordon { node } => cluster.cordon(node, false),
        Command::Drain { node, .. } => cluster.drain(node),
        Command::Top { kind, name, selector, containers, .. } => {
            top(cluster, *kind, name.as_deref(), selector.as_deref(), *containers)
        }
        Command::Wait { kinds, names, condition, timeout, .. } => wait(cluster, kinds, names, condition, *timeout),
        Command::ApiResources => Ok(api_resources()),
        Command::Node { action, name } => match action {
            NodeAction::PowerOff => cluster.power_off(name),
            NodeAction::PowerOn => cluster.power_on(name),
            NodeAction::Disconnect => cluster.disconnect(name),
            NodeAction::Reconnect => cluster.reconnect(name),
        },
        Command::Kill { pod, container, reason } => match reason {
            KillReason::ExitCode(code) => cluster.kill_process(pod, container.as_deref(), *code as i32, false),
            KillReason::OomKilled => cluster.kill_process(pod, container.as_deref(), 137, true),
        },
        Command::Sleep(d) => {
            cluster.run_for(*d);
            Ok(String::new())
        }
        Command::LoadStart { service, rps } => cluster.load_start(service, *rps),
        Command::LoadAb { service, concurrency, requests } => cluster.load_ab(service, *concurrency, *requests),
        Command::LoadCurl { service, every } => cluster.load_curl(service, *every),
        Command::LoadStop { service } => cluster.load_stop(service.as_deref()),
        Command::LoadStatus { service } => load_status(cluster, service.as_deref()),
        Command::LoadLogs { service, tail } => load_logs(cluster, service.as_deref(), *tail),
        Command::Help { topic } => Ok(help(topic.as_deref())),
    };
    // Controllers react within milliseconds of a write: let them run at this instant before
    // the next command looks.
    let now = cluster.now();
    cluster.run_until(now);
    super::marker::mark_action(cluster, command, result.is_ok());
    match result {
        Ok(text) => Output::ok(text),
        Err(text) => Output::err(text),
    }
}

fn command_namespace(command: &Command) -> Option<&str> {
    match command {
        Command::Apply { namespace, .. }
        | Command::Create { namespace, .. }
        | Command::CreateDeployment { namespace, .. }
        | Command::CreateService { namespace, .. }
        | Command::Get { namespace, .. }
        | Command::Describe { namespace, .. }
        | Command::Logs { namespace, .. }
        | Command::Delete { namespace, .. }
        | Command::DeleteFiles { namespace, .. }
        | Command::Scale { namespace, .. }
        | Command::Autoscale { namespace, .. }
        | Command::SetImage { namespace, .. }
        | Command::Rollout { namespace, .. }
        | Command::Patch { namespace, .. }
        | Command::Exec { namespace, .. }
        | Command::Top { namespace, .. }
        | Command::Wait { namespace, .. } => namespace.as_deref(),
        _ => None,
    }
}

fn not_found(kind: ResourceKind, name: &str) -> String {
    format!("Error from server (NotFound): {} \"{name}\" not found", kind.kubectl_name())
}

// ---------------------------------------------------------------- apply / create

/// `apply -f` / `create -f`: every file is read, decoded and checked before anything is
/// written, so a rejected apply changes nothing (kubeplay applies all documents or none;
/// kubectl would apply the valid ones and report the others).
fn apply(cluster: &mut Cluster, files: &dyn Files, names: &[String], create_only: bool) -> Result<String, String> {
    let mut batches = Vec::new();
    for name in names {
        let text = files.read(name)?;
        let source = if name == "-" { "STDIN" } else { name.as_str() };
        let parsed = crate::manifest::parse_manifests(&text, source).map_err(|e| e.to_string())?;
        for p in &parsed {
            let meta = p.object.metadata();
            if create_only {
                if !meta.name.is_empty() && exists(cluster, p.object.kind(), p.object.name()) {
                    return Err(format!(
                        "Error from server (AlreadyExists): error when creating \"{source}\": {} \"{}\" already exists",
                        p.object.kubectl_ref().split('/').next().unwrap_or("").replace(".apps", "s.apps"),
                        p.object.name()
                    ));
                }
            } else if meta.name.is_empty() {
                if let Some(generate) = meta.generate_name.as_deref() {
                    return Err(format!("error: from {generate}: cannot use generate name with apply"));
                }
            }
        }
        cluster.check_apply(&parsed)?;
        batches.push(parsed);
    }
    let mut out = Vec::new();
    for parsed in batches {
        let text = cluster.apply_parsed(parsed)?;
        out.push(if create_only {
            text.replace(" configured", " created").replace(" unchanged", " created")
        } else {
            text
        });
    }
    Ok(out.join("\n"))
}

fn exists(cluster: &Cluster, kind: &str, name: &str) -> bool {
    let store = &cluster.store;
    match kind {
        "Pod" => store.pod(name).is_some(),
        "Deployment" => store.deployments.contains_key(name),
        "ReplicaSet" => store.replicasets.contains_key(name),
        "Service" => store.services.contains_key(name),
        "HorizontalPodAutoscaler" => store.hpas.contains_key(name),
        "Node" => store.nodes.contains_key(name),
        _ => false,
    }
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

fn yaml_scalar(s: &str) -> String {
    serde_yaml::to_string(s).map(|v| v.trim_end().to_string()).unwrap_or_else(|_| format!("{s:?}"))
}

/// Container name from an image: last path segment without tag or digest, as a DNS label.
pub fn container_name_for(image: &str) -> String {
    let last = image.rsplit('/').next().unwrap_or(image);
    let last = last.split('@').next().unwrap_or(last);
    let last = last.split(':').next().unwrap_or(last);
    let mut name: String =
        last.to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    name = name.trim_matches('-').chars().take(63).collect();
    if name.is_empty() {
        "container".into()
    } else {
        name
    }
}

#[allow(clippy::too_many_arguments)]
fn create_deployment(
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
                let value: serde_json::Value = serde_yaml::from_str(&manifest).map_err(|e| e.to_string())?;
                serde_json::to_string_pretty(&value).unwrap_or_default()
            }
            OutputFormat::Name => format!("deployment.apps/{name}"),
            _ => format!("deployment.apps/{name} created (dry run)"),
        });
    }
    if cluster.store.deployments.contains_key(name) {
        return Err(format!("error: failed to create deployment: deployments.apps \"{name}\" already exists"));
    }
    cluster.apply_yaml(&manifest)?;
    let stored = cluster.store.deployments.get(name);
    Ok(match (output, stored) {
        (OutputFormat::Yaml, Some(d)) => print::output::to_yaml(d).trim_end().to_string(),
        (OutputFormat::Json, Some(d)) => print::output::to_json(d).trim_end().to_string(),
        (OutputFormat::Name, _) => format!("deployment.apps/{name}"),
        _ => format!("deployment.apps/{name} created"),
    })
}

fn create_service(
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
            "  - name: {}-{}\n    port: {}\n    protocol: TCP\n    targetPort: {}\n",
            p.port, p.target_port, p.port, p.target_port
        ));
    }
    y.push_str(&format!("  selector:\n    app: {name}\n  type: {type_}\nstatus:\n  loadBalancer: {{}}\n"));
    if dry_run {
        return Ok(match output {
            OutputFormat::Yaml => y.trim_end().to_string(),
            OutputFormat::Json => {
                let value: serde_json::Value = serde_yaml::from_str(&y).map_err(|e| e.to_string())?;
                serde_json::to_string_pretty(&value).unwrap_or_default()
            }
            OutputFormat::Name => format!("service/{name}"),
            _ => format!("service/{name} created (dry run)"),
        });
    }
    if cluster.store.services.contains_key(name) {
        return Err(format!(
            "error: failed to create {} service: services \"{name}\" already exists",
            type_.to_lowercase()
        ));
    }
    cluster.apply_yaml(&y.replace("status:\n  loadBalancer: {}\n", ""))?;
    // `-o` prints the object the API server stored.
    let stored = cluster.store.services.get(name);
    Ok(match (output, stored) {
        (OutputFormat::Yaml, Some(svc)) => print::output::to_yaml(svc).trim_end().to_string(),
        (OutputFormat::Json, Some(svc)) => print::output::to_json(svc).trim_end().to_string(),
        (OutputFormat::Name, _) => format!("service/{name}"),
        _ => format!("service/{name} created"),
    })
}

// ---------------------------------------------------------------- top / load

/// `kubectl top pod|node`, from what metrics-server serves.
fn top(
    cluster: &Cluster,
    kind: TopKind,
    name: Option<&str>,
    selector: Option<&str>,
    containers: bool,
) -> Result<String, String> {
    const NOT_YET: &str = "error: metrics not available yet";
    let selector = selector.map(Selector::parse).transpose()?;
    let table = match kind {
        TopKind::Pods => {
            let pods: Vec<&Pod> = match name {
                Some(name) => vec![cluster
                    .store
                    .pod(name)
                    .ok_or_else(|| format!("Error from server (NotFound): pods \"{name}\" not found"))?],
                None => cluster
                    .store
                    .pods()
                    .values()
                    .filter(|p| selector.as_ref().is_none_or(|s| s.matches(&p.metadata.labels)))
                    .collect(),
            };
            if pods.is_empty() {
                return Ok(print::no_resources_found(Some("default")));
            }
            let mut rows = Vec::new();
            for pod in pods {
                let pod_name = &pod.metadata.name;
                if containers {
                    for c in cluster.pod_container_metrics(pod_name).unwrap_or_default() {
                        rows.push(print::TopPodRow {
                            pod: pod_name.clone(),
                            container: Some(c.name),
                            cpu_millis: c.cpu_millis,
                            memory_bytes: c.memory_bytes,
                        });
                    }
                } else if let Some(m) = cluster.pod_metrics(pod_name) {
                    rows.push(print::TopPodRow {
                        pod: pod_name.clone(),
                        container: None,
                        cpu_millis: m.cpu_millis,
                        memory_bytes: m.memory_bytes,
                    });
                }
            }
            if rows.is_empty() {
                return Err(NOT_YET.into());
            }
            print::top_pods_table(&rows)
        }
        TopKind::Nodes => {
            let nodes: Vec<&Node> = match name {
                Some(name) => vec![cluster
                    .store
                    .nodes
                    .get(name)
                    .ok_or_else(|| format!("Error from server (NotFound): nodes \"{name}\" not found"))?],
                None => cluster
                    .store
                    .nodes
                    .values()
                    .filter(|n| selector.as_ref().is_none_or(|s| s.matches(&n.metadata.labels)))
                    .collect(),
            };
            let rows: Vec<print::TopNodeRow> = nodes
                .iter()
                .map(|node| print::TopNodeRow {
                    node: node.metadata.name.clone(),
                    usage: cluster.node_metrics(&node.metadata.name).map(|m| (m.cpu_millis, m.memory_bytes)),
                    allocatable_cpu_millis: node.allocatable_millis("cpu"),
                    allocatable_memory_bytes: node.allocatable_millis("memory"),
                })
                .collect();
            if rows.iter().all(|r| r.usage.is_none()) {
                return Err(NOT_YET.into());
            }
            print::top_nodes_table(&rows)
        }
    };
    Ok(print::render_table(&table, false).trim_end().to_string())
}

/// `load status [SERVICE]`: one block per generator, running ones first.
fn load_status(cluster: &Cluster, service: Option<&str>) -> Result<String, String> {
    if let Some(name) = service {
        if !cluster.store.services.contains_key(name) && !cluster.load_status().iter().any(|s| s.service == name) {
            return Err(not_found(ResourceKind::Service, name));
        }
    }
    let blocks: Vec<String> = cluster
        .load_status()
        .into_iter()
        .filter(|s| service.is_none_or(|name| s.service == name))
        .map(|s| s.summary)
        .collect();
    if blocks.is_empty() {
        return Ok("No load generators (start one with: load start SERVICE --rps N)".into());
    }
    Ok(blocks.join("\n\n"))
}

/// `load logs [SERVICE]`: the curl answers, as the seed's `while true; do curl ...` printed them.
fn load_logs(cluster: &Cluster, service: Option<&str>, tail: Option<u64>) -> Result<String, String> {
    let lines = cluster.load_lines(service);
    if lines.is_empty() {
        let target = service.map(|s| format!(" for service/{s}")).unwrap_or_default();
        return Err(format!("error: no curl answers{target} (start with: load curl SERVICE --every 1s)"));
    }
    let skip = tail.map(|n| lines.len().saturating_sub(n.min(usize::MAX as u64) as usize)).unwrap_or(0);
    Ok(lines.into_iter().skip(skip).map(|(_, line)| line).collect::<Vec<_>>().join("\n"))
}

// ---------------------------------------------------------------- selectors

/// A parsed `-l` label selector: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`.
#[derive(Clone, Debug, PartialEq)]
pub struct Selector(Vec<(String, String, Vec<String>)>);

impl Selector {
    pub fn parse(text: &str) -> Result<Selector, String> {
        let mut reqs = Vec::new();
        let mut parts = Vec::new();
        let mut depth = 0;
        let mut cur = String::new();
        for c in text.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(std::mem::take(&mut cur));
                    continue;
                }
                _ => {}
            }
            cur.push(c);
        }
        parts.push(cur);
        if depth != 0 {
            return Err(format!("error: unable to parse requirement: found '{text}', expected: ')'"));
        }
        for part in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
            let bad = || {
                format!("error: unable to parse requirement: found '{part}', expected: '=', '!=', '==', 'in', notin'")
            };
            let key_ok = |k: &str| {
                let k = k.trim();
                !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
            };
            let key = part.split(['=', '!', ' ']).find(|k| !k.is_empty()).unwrap_or("");
            if !key_ok(key) || part.starts_with('=') {
                return Err(bad());
            }
            if let Some((k, v)) = part.split_once("!=") {
                reqs.push((k.trim().into(), "!=".into(), vec![v.trim().into()]));
            } else if let Some((k, v)) = part.split_once("==").or_else(|| part.split_once('=')) {
                reqs.push((k.trim().into(), "=".into(), vec![v.trim().into()]));
            } else if let Some(k) = part.strip_prefix('!') {
                reqs.push((k.trim().into(), "!".into(), vec![]));
            } else if let Some((k, rest)) = part.split_once(" notin ").or_else(|| part.split_once(" in ")) {
                let op = if part.contains(" notin ") { "notin" } else { "in" };
                let values = rest
                    .trim()
                    .trim_start_matches('(')
                    .trim_end_matches(')')
                    .split(',')
                    .map(|v| v.trim().to_string())
                    .collect();
                reqs.push((k.trim().into(), op.into(), values));
            } else if part.chars().all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c)) {
                reqs.push((part.into(), "exists".into(), vec![]));
            } else {
                return Err(bad());
            }
        }
        Ok(Selector(reqs))
    }

    pub fn matches(&self, labels: &Labels) -> bool {
        self.0.iter().all(|(k, op, values)| {
            let v = labels.get(k);
            match op.as_str() {
                "=" => v == values.first(),
                "!=" => v != values.first(),
                "in" => v.is_some_and(|v| values.contains(v)),
                "notin" => !v.is_some_and(|v| values.contains(v)),
                "!" => v.is_none(),
                _ => v.is_some(),
            }
        })
    }
}

/// `--field-selector`: `status.phase==Running`, `spec.nodeName=node-1`, `metadata.name!=x`.
fn field_matches(pod: &Pod, selector: &str) -> Result<bool, String> {
    for part in selector.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (field, negate, value) = if let Some((f, v)) = part.split_once("!=") {
            (f, true, v)
        } else if let Some((f, v)) = part.split_once("==").or_else(|| part.split_once('=')) {
            (f, false, v)
        } else {
            return Err(format!("error: invalid field selector: '{part}'"));
        };
        let actual = match field.trim() {
            "status.phase" => pod.phase().to_string(),
            "spec.nodeName" => pod.spec.node_name.clone().unwrap_or_default(),
            "metadata.name" => pod.metadata.name.clone(),
            "metadata.namespace" => "default".into(),
            "spec.restartPolicy" => pod.spec.restart_policy.clone().unwrap_or_default(),
            "status.podIP" => pod.status.as_ref().and_then(|s| s.pod_ip.clone()).unwrap_or_default(),
            other => return Err(format!("Error from server (BadRequest): Unable to find {{\"\" \"v1\" \"pods\"}} that match label selector \"\", field selector \"{selector}\": field label not supported: {other}")),
        };
        if (actual == value.trim()) == negate {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The legacy v1 Endpoints object mirrored from a Service's EndpointSlice: ready addresses,
/// not-ready ones, and no terminating ones.
fn v1_endpoints(svc: &Service, slice: Option<&EndpointSlice>) -> serde_json::Value {
    let address = |e: &Endpoint| {
        let mut a = serde_json::json!({"ip": e.addresses.first().cloned().unwrap_or_default()});
        if let Some(node) = &e.node_name {
            a["nodeName"] = serde_json::json!(node);
        }
        if let Some(t) = &e.target_ref {
            a["targetRef"] = serde_json::json!({"kind": t.kind, "name": t.name, "namespace": "default"});
        }
        a
    };
    let mut meta = serde_json::json!({"name": svc.metadata.name, "namespace": "default"});
    if !svc.metadata.labels.is_empty() {
        meta["labels"] = json(&svc.metadata.labels);
    }
    let mut value = serde_json::json!({"apiVersion": "v1", "kind": "Endpoints", "metadata": meta});
    if let Some(slice) = slice {
        let ready: Vec<serde_json::Value> =
            slice.endpoints.iter().filter(|e| e.conditions.ready).map(address).collect();
        let not_ready: Vec<serde_json::Value> =
            slice.endpoints.iter().filter(|e| !e.conditions.ready && !e.conditions.terminating).map(address).collect();
        if !ready.is_empty() || !not_ready.is_empty() {
            let mut subset = serde_json::json!({"ports": slice.ports.iter().map(|p| {
                let mut port = serde_json::json!({"port": p.port, "protocol": p.protocol});
                if let Some(name) = &p.name { port["name"] = serde_json::json!(name); }
                port
            }).collect::<Vec<_>>()});
            if !ready.is_empty() {
                subset["addresses"] = serde_json::json!(ready);
            }
            if !not_ready.is_empty() {
                subset["notReadyAddresses"] = serde_json::json!(not_ready);
            }
            value["subsets"] = serde_json::json!([subset]);
        }
    }
    value
}

/// `kubectl describe endpoints` of a v1 Endpoints object.
fn describe_endpoints(ep: &serde_json::Value) -> String {
    let name = ep["metadata"]["name"].as_str().unwrap_or("");
    let labels = ep["metadata"]["labels"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
                .collect::<Vec<_>>()
                .join("\n              ")
        })
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| "<none>".into());
    let mut out = format!(
        "Name:         {name}\nNamespace:    default\nLabels:       {labels}\nAnnotations:  <none>\nSubsets:\n"
    );
    let ips = |key: &str, subset: &serde_json::Value| -> String {
        let list: Vec<&str> =
            subset[key].as_array().map(|a| a.iter().filter_map(|x| x["ip"].as_str()).collect()).unwrap_or_default();
        if list.is_empty() {
            "<none>".into()
        } else {
            list.join(",")
        }
    };
    for subset in ep["subsets"].as_array().cloned().unwrap_or_default() {
        out.push_str(&format!(
            "  Addresses:          {}\n  NotReadyAddresses:  {}\n  Ports:\n",
            ips("addresses", &subset),
            ips("notReadyAddresses", &subset)
        ));
        let mut table = print::Table::new(&["Name", "Port", "Protocol"]);
        for p in subset["ports"].as_array().cloned().unwrap_or_default() {
            table.push(
                vec![
                    p["name"].as_str().unwrap_or("<unset>").to_string(),
                    p["port"].to_string(),
                    p["protocol"].as_str().unwrap_or("TCP").to_string(),
                ],
                String::new(),
            );
        }
        let rendered = print::tabwriter::align(
            &std::iter::once("Name\tPort\tProtocol".to_string())
                .chain(std::iter::once("----\t----\t--------".to_string()))
                .chain(table.rows.iter().map(|r| r.join("\t")))
                .collect::<Vec<_>>()
                .join("\n"),
            0,
            2,
        );
        for line in rendered.lines() {
            out.push_str(&format!("    {}\n", line.trim_end()));
        }
        out.push('\n');
    }
    out.push_str("Events:  <none>");
    out
}

/// `--field-selector` on events: involvedObject.kind/name, reason, type, source.
fn event_field_matches(event: &Event, selector: &str) -> Result<bool, String> {
    for part in selector.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (field, negate, value) = if let Some((f, v)) = part.split_once("!=") {
            (f, true, v)
        } else if let Some((f, v)) = part.split_once("==").or_else(|| part.split_once('=')) {
            (f, false, v)
        } else {
            return Err(format!("error: invalid field selector: '{part}'"));
        };
        let actual = match field.trim() {
            "involvedObject.kind" => event.involved_object.kind.clone(),
            "involvedObject.name" => event.involved_object.name.clone(),
            "involvedObject.fieldPath" => event.involved_object.field_path.clone().unwrap_or_default(),
            "involvedObject.namespace" | "metadata.namespace" => "default".into(),
            "reason" => event.reason.clone(),
            "type" => event.type_.clone(),
            "source" | "reportingComponent" => event.source.clone(),
            other => return Err(format!("Error from server (BadRequest): Unable to find {{\"\" \"v1\" \"events\"}} that match label selector \"\", field selector \"{selector}\": field label not supported: {other}")),
        };
        if (actual == value.trim()) == negate {
            return Ok(false);
        }
    }
    Ok(true)
}

// ---------------------------------------------------------------- get

#[allow(clippy::too_many_arguments)]
fn get(
    cluster: &Cluster,
    kinds: &[ResourceKind],
    names: &[String],
    output: OutputFormat,
    selector: Option<&str>,
    field_selector: Option<&str>,
    options: &RenderOptions,
    all_namespaces: bool,
) -> Result<String, String> {
    let selector = selector.map(Selector::parse).transpose()?;
    let multi = kinds.len() > 1;
    let mut sections: Vec<String> = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    let mut found_any = false;
    for kind in kinds {
        let (table, serialized, names_out) =
            kind_view(cluster, *kind, names, selector.as_ref(), field_selector, &mut errors)?;
        if names_out.is_empty() {
            continue;
        }
        found_any = true;
        let section = match output {
            OutputFormat::Yaml | OutputFormat::Json => {
                let value = if serialized.len() == 1 && !names.is_empty() && !multi {
                    serialized.into_iter().next().unwrap_or_default()
                } else {
                    serde_json::json!({"apiVersion": "v1", "items": serialized, "kind": "List", "metadata": {"resourceVersion": ""}})
                };
                if output == OutputFormat::Yaml {
                    print::to_yaml(&value).trim_end().to_string()
                } else {
                    print::to_json(&value).trim_end().to_string()
                }
            }
            OutputFormat::Name => {
                let prefix = print::resource_prefix(kind.kind());
                names_out.iter().map(|n| print::name_line(&prefix, n)).collect::<Vec<_>>().join("\n")
            }
            OutputFormat::Default | OutputFormat::Wide => {
                let mut table = table.unwrap_or_else(|| print::Table::new(&["NAME"]));
                if multi {
                    table = table.with_kind_prefix(&print::resource_prefix(kind.kind()));
                }
                if all_namespaces && kind.namespaced() {
                    // kubeplay has one namespace; -A still shows the column kubectl shows.
                    table.headers.insert(0, "NAMESPACE".into());
                    table.wide_only.insert(0, false);
                    for row in &mut table.rows {
                        row.insert(0, "default".into());
                    }
                }
                print::render_table_with(&table, options).trim_end().to_string()
            }
        };
        sections.push(section);
    }
    let mut text =
        sections.join(if matches!(output, OutputFormat::Default | OutputFormat::Wide) { "\n\n" } else { "\n" });
    if kinds.contains(&ResourceKind::Endpoints) {
        text = format!("Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n{text}");
    }
    if !errors.is_empty() {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&errors.join("\n"));
        return Err(text);
    }
    if !found_any {
        let cluster_wide = all_namespaces || kinds.iter().all(|k| *k == ResourceKind::Node);
        return Ok(print::no_resources_found(if cluster_wide { None } else { Some("default") }));
    }
    Ok(text)
}

/// Table rows, serialized objects and names of one kind, as `get` lists them (by name when
/// names were given; errors for missing names go to `errors`).
#[allow(clippy::type_complexity)]
fn kind_view(
    cluster: &Cluster,
    kind: ResourceKind,
    names: &[String],
    selector: Option<&Selector>,
    field_selector: Option<&str>,
    errors: &mut Vec<String>,
) -> Result<(Option<print::Table>, Vec<serde_json::Value>, Vec<String>), String> {
    let now = cluster.now();
    let store = &cluster.store;
    let label_ok = |labels: &Labels| selector.is_none_or(|s| s.matches(labels));
    let kind = &kind;
    macro_rules! pick {
        ($map:expr) => {{
            let mut v = Vec::new();
            if names.is_empty() {
                v.extend($map.values().filter(|o| label_ok(&o.metadata.labels)));
            } else {
                for n in names {
                    match $map.get(n) {
                        Some(o) => v.push(o),
                        None => errors.push(not_found(*kind, n)),
                    }
                }
            }
            v
        }};
    }
    // Table, serialized objects and names of a list of objects.
    macro_rules! view {
        ($table:expr, $objects:expr) => {
            (
                Some($table),
                $objects.iter().map(|o| json(*o)).collect(),
                $objects.iter().map(|o| o.metadata.name.clone()).collect(),
            )
        };
    }
    let view: (Option<print::Table>, Vec<serde_json::Value>, Vec<String>) = match kind {
        ResourceKind::Pod => {
            let mut pods: Vec<&Pod> = pick!(store.pods());
            if let Some(fs) = field_selector {
                let mut kept = Vec::new();
                for p in pods {
                    if field_matches(p, fs)? {
                        kept.push(p);
                    }
                }
                pods = kept;
            }
            view!(print::pods_table(&pods, now), pods)
        }
        ResourceKind::Deployment => {
            let v: Vec<&Deployment> = pick!(store.deployments);
            view!(print::deployments_table(&v, now), v)
        }
        ResourceKind::ReplicaSet => {
            let v: Vec<&ReplicaSet> = pick!(store.replicasets);
            view!(print::replicasets_table(&v, now), v)
        }
        ResourceKind::Node => {
            let v: Vec<&Node> = pick!(store.nodes);
            view!(print::nodes_table(&v, now), v)
        }
        ResourceKind::Service => {
            let v: Vec<&Service> = pick!(store.services);
            view!(print::services_table(&v, now), v)
        }
        ResourceKind::Endpoints => {
            let v: Vec<&Service> = pick!(store.services);
            let slices: Vec<&EndpointSlice> = store.endpointslices.values().collect();
            (
                Some(print::endpoints_table(&v, &slices, now)),
                v.iter().map(|s| v1_endpoints(s, store.endpointslices.get(&s.metadata.name))).collect(),
                v.iter().map(|o| o.metadata.name.clone()).collect(),
            )
        }
        ResourceKind::EndpointSlice => {
            let v: Vec<&EndpointSlice> = if names.is_empty() {
                store.endpointslices.values().filter(|o| label_ok(&o.metadata.labels)).collect()
            } else {
                names
                    .iter()
                    .filter_map(|n| {
                        let found = store.endpointslices.values().find(|s| s.metadata.name == *n);
                        if found.is_none() {
                            errors.push(not_found(*kind, n));
                        }
                        found
                    })
                    .collect()
            };
            let mut v = v;
            v.sort_by(|a, b| a.metadata.name.cmp(&b.metadata.name));
            view!(print::endpointslices_table(&v, now), v)
        }
        ResourceKind::HorizontalPodAutoscaler => {
            let v: Vec<&HorizontalPodAutoscaler> = pick!(store.hpas);
            view!(print::hpas_table(&v, now), v)
        }
        ResourceKind::Event => {
            let mut v: Vec<&Event> = Vec::new();
            for event in cluster.events.events() {
                if let Some(fs) = field_selector {
                    if !event_field_matches(event, fs)? {
                        continue;
                    }
                }
                v.push(event);
            }
            print::sort_events_for_list(&mut v);
            (
                Some(print::events_table(&v, now)),
                v.iter().map(|o| json(*o)).collect(),
                v.iter().map(|e| print::event_name(e)).collect(),
            )
        }
    };
    Ok(view)
}

/// `kubectl get -w` after the first listing: the rows of watched objects whose row changed
/// since `seen` (AGE ignored), rendered with the columns of a full table.
pub fn watch_rows(cluster: &Cluster, command: &Command, seen: &mut BTreeMap<String, String>) -> Vec<String> {
    let Command::Get { kinds, names, output, selector, field_selector, .. } = command else { return Vec::new() };
    let Some(kind) = kinds.first() else { return Vec::new() };
    let selector = selector.as_deref().and_then(|s| Selector::parse(s).ok());
    let mut errors = Vec::new();
    let Ok((Some(table), _, keys)) =
        kind_view(cluster, *kind, names, selector.as_ref(), field_selector.as_deref(), &mut errors)
    else {
        return Vec::new();
    };
    // Relative times (AGE, LAST SEEN, FIRST SEEN, `1 (5s ago)`) change every second without
    // anything happening.
    let ages: Vec<bool> =
        table.headers.iter().map(|h| matches!(h.as_str(), "AGE" | "LAST SEEN" | "FIRST SEEN")).collect();
    let rendered = print::render_table_with(
        &table,
        &RenderOptions { wide: *output == OutputFormat::Wide, show_labels: false, no_headers: false },
    );
    let mut out = Vec::new();
    for (i, (row, line)) in table.rows.iter().zip(rendered.lines().skip(1)).enumerate() {
        let fingerprint: Vec<&str> = row
            .iter()
            .enumerate()
            .filter(|(i, _)| !ages.get(*i).copied().unwrap_or(false))
            .map(|(_, c)| c.split(" (").next().unwrap_or(c))
            .collect();
        let fingerprint = fingerprint.join("\t");
        // Objects are keyed by name; events by their name (which does not age) and what they
        // say, since two events about one object at one instant share a name here. A
        // recurring event keeps its key and changes its COUNT, so it prints again.
        let name = keys.get(i).cloned().unwrap_or_else(|| row.first().cloned().unwrap_or_default());
        let key = match kind {
            ResourceKind::Event => {
                let count = table.headers.iter().position(|h| h == "COUNT");
                let what: Vec<&str> = row
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| !ages.get(*i).copied().unwrap_or(false) && Some(*i) != count)
                    .map(|(_, c)| c.as_str())
                    .collect();
                format!("{name}\t{}", what.join("\t"))
            }
            _ => name,
        };
        if seen.get(&key) != Some(&fingerprint) {
            seen.insert(key, fingerprint);
            out.push(line.trim_end().to_string());
        }
    }
    out
}

fn json<T: serde::Serialize>(obj: &T) -> serde_json::Value {
    serde_json::to_value(obj).unwrap_or_default()
}

// ---------------------------------------------------------------- describe

fn describe(
    cluster: &Cluster,
    kinds: &[ResourceKind],
    names: &[String],
    selector: Option<&str>,
) -> Result<String, String> {
    let now = cluster.now();
    let store = &cluster.store;
    let selector = selector.map(Selector::parse).transpose()?;
    let mut out: Vec<String> = Vec::new();
    let mut errors = Vec::new();
    for kind in kinds {
        let all_names: Vec<String> = match kind {
            ResourceKind::Pod => store.pods().keys().cloned().collect(),
            ResourceKind::Deployment => store.deployments.keys().cloned().collect(),
            ResourceKind::ReplicaSet => store.replicasets.keys().cloned().collect(),
            ResourceKind::Node => store.nodes.keys().cloned().collect(),
            ResourceKind::Service | ResourceKind::Endpoints => store.services.keys().cloned().collect(),
            ResourceKind::HorizontalPodAutoscaler => store.hpas.keys().cloned().collect(),
            ResourceKind::EndpointSlice | ResourceKind::Event => {
                errors.push(format!(
                    "error: kubeplay cannot describe {} yet; use `kubectl get {}`",
                    kind.plural(),
                    kind.plural()
                ));
                continue;
            }
        };
        let wanted: Vec<String> = if names.is_empty() {
            all_names
        } else {
            // kubectl describe matches names by prefix when no exact match exists.
            let mut v = Vec::new();
            for n in names {
                if all_names.contains(n) {
                    v.push(n.clone());
                } else {
                    let prefixed: Vec<String> =
                        all_names.iter().filter(|a| a.starts_with(n.as_str())).cloned().collect();
                    if prefixed.is_empty() {
                        errors.push(not_found(*kind, n));
                    }
                    v.extend(prefixed);
                }
            }
            v
        };
        for name in wanted {
            let events = |k: &'static str| -> Vec<&Event> { cluster.events.for_object(k, name.as_str()).collect() };
            let text = match kind {
                ResourceKind::Pod => {
                    let Some(pod) = store.pod(&name) else { continue };
                    if selector.as_ref().is_some_and(|s| !s.matches(&pod.metadata.labels)) {
                        continue;
                    }
                    print::describe_pod(pod, &events("Pod"), now)
                }
                ResourceKind::Deployment => {
                    let Some(d) = store.deployments.get(&name) else { continue };
                    if selector.as_ref().is_some_and(|s| !s.matches(&d.metadata.labels)) {
                        continue;
                    }
                    let rss: Vec<&ReplicaSet> = store.replicasets.values().collect();
                    print::describe_deployment(d, &rss, &events("Deployment"), now)
                }
                ResourceKind::ReplicaSet => {
                    let Some(rs) = store.replicasets.get(&name) else { continue };
                    let pods: Vec<&Pod> = store.pods_owned_by(&name).iter().filter_map(|p| store.pod(p)).collect();
                    print::describe_replicaset(rs, &pods, &events("ReplicaSet"), now)
                }
                ResourceKind::Node => {
                    let Some(node) = store.nodes.get(&name) else { continue };
                    let pods: Vec<&Pod> = store.pods_on_node(&name).iter().filter_map(|p| store.pod(p)).collect();
                    print::describe_node(node, &pods, &events("Node"), now)
                }
                ResourceKind::Endpoints => {
                    let Some(svc) = store.services.get(&name) else { continue };
                    describe_endpoints(&v1_endpoints(svc, store.endpointslices.get(&name)))
                }
                ResourceKind::Service => {
                    let Some(svc) = store.services.get(&name) else { continue };
                    let slices: Vec<&EndpointSlice> = store.endpointslices.values().collect();
                    print::describe_service(svc, &slices, &events("Service"), now)
                }
                ResourceKind::HorizontalPodAutoscaler => {
                    let Some(hpa) = store.hpas.get(&name) else { continue };
                    print::describe_hpa(hpa, &events("HorizontalPodAutoscaler"), now)
                }
                _ => continue,
            };
            out.push(text.trim_end().to_string());
        }
    }
    let mut text = out.join("\n\n\n");
    if !errors.is_empty() {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&errors.join("\n"));
        return Err(text);
    }
    if text.is_empty() {
        return Ok("No resources found in default namespace.".into());
    }
    Ok(text)
}

// ---------------------------------------------------------------- logs, exec

/// The pod `kubectl exec|logs TYPE/NAME` talks to: for a Deployment or ReplicaSet, one of its
/// pods, preferring ready, running and older ones (kubectl's `ByLogging` order).
fn attachable_pod(cluster: &Cluster, kind: ResourceKind, name: &str) -> Result<String, String> {
    let owners: Vec<String> = match kind {
        ResourceKind::Pod => return Ok(name.to_string()),
        ResourceKind::Deployment => {
            cluster.store.deployments.get(name).ok_or_else(|| not_found(kind, name))?;
            cluster.replica_sets_of(name).iter().map(|rs| rs.metadata.name.clone()).collect()
        }
        ResourceKind::ReplicaSet => {
            cluster.store.replicasets.get(name).ok_or_else(|| not_found(kind, name))?;
            vec![name.to_string()]
        }
        _ => return Err(format!("error: cannot attach to a {}", kind.kind())),
    };
    let mut pods: Vec<&Pod> =
        owners.iter().flat_map(|rs| cluster.store.pods_owned_by(rs)).filter_map(|p| cluster.store.pod(&p)).collect();
    pods.sort_by_key(|p| {
        (!p.is_ready(), p.phase() != "Running", p.metadata.creation_timestamp, p.metadata.name.clone())
    });
    pods.first()
        .map(|p| p.metadata.name.clone())
        .ok_or_else(|| format!("error: no pods found for {} {name}", kind.kind().to_lowercase()))
}

fn logs(
    cluster: &Cluster,
    kind: ResourceKind,
    name: &str,
    container: Option<&str>,
    previous: bool,
    tail: Option<u64>,
) -> Result<String, String> {
    let pod_name = attachable_pod(cluster, kind, name)?;
    if container.is_none() {
        if let Some(pod) = cluster.store.pod(&pod_name) {
            if pod.spec.containers.len() > 1 {
                let names: Vec<&str> = pod.spec.containers.iter().map(|c| c.name.as_str()).collect();
                return Err(format!(
                    "error: a container name must be specified for pod {pod_name}, choose one of: [{}]",
                    names.join(" ")
                ));
            }
        }
    }
    let lines = cluster.container_logs(&pod_name, container, previous)?;
    let skip = tail.map(|t| lines.len().saturating_sub(t as usize)).unwrap_or(0);
    Ok(lines[skip..].join("\n"))
}

fn exec(cluster: &mut Cluster, pod: &str, container: Option<&str>, command: &[String]) -> Result<String, String> {
    if command.is_empty() {
        return Err("error: you must specify at least one command for the container".into());
    }
    let result = cluster.exec_in_container(pod, container, command)?;
    let mut text = result.output.trim_end().to_string();
    if result.exit_code != 0 {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&format!("command terminated with exit code {}", result.exit_code));
        return Err(text);
    }
    Ok(text)
}

// ---------------------------------------------------------------- delete

#[allow(clippy::too_many_arguments)]
fn delete(
    cluster: &mut Cluster,
    kinds: &[ResourceKind],
    names: &[String],
    selector: Option<&str>,
    all: bool,
    grace: Option<u64>,
    force: bool,
    ignore_not_found: bool,
) -> Result<String, String> {
    let selector = selector.map(Selector::parse).transpose()?;
    let mut out = Vec::new();
    let mut errors = Vec::new();
    if force && grace == Some(0) {
        out.push("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.".to_string());
    }
    for kind in kinds {
        let targets: Vec<String> = if !names.is_empty() {
            names.to_vec()
        } else {
            let labels_of = |l: &Labels| selector.as_ref().is_none_or(|s| s.matches(l));
            let store = &cluster.store;
            // Names of the objects in `map` whose labels match the selector.
            macro_rules! matching {
                ($map:expr) => {
                    $map.values().filter(|o| labels_of(&o.metadata.labels)).map(|o| o.metadata.name.clone()).collect()
                };
            }
            let v: Vec<String> = match kind {
                ResourceKind::Pod => matching!(store.pods()),
                ResourceKind::Deployment => matching!(store.deployments),
                ResourceKind::ReplicaSet => matching!(store.replicasets),
                ResourceKind::Service => matching!(store.services),
                ResourceKind::HorizontalPodAutoscaler => matching!(store.hpas),
                _ => Vec::new(),
            };
            if !all && selector.is_none() {
                return Err("error: resource(s) were provided, but no name was specified".into());
            }
            v
        };
        for name in targets {
            let result = match kind {
                ResourceKind::Pod => cluster.delete_pod(&name, grace.map(|g| g as i64), force),
                ResourceKind::Deployment => cluster.delete_deployment(&name),
                ResourceKind::ReplicaSet => cluster.delete_replica_set(&name),
                ResourceKind::Service => cluster.delete_service(&name),
                ResourceKind::HorizontalPodAutoscaler => cluster.delete_hpa(&name),
                ResourceKind::Node => Err(format!("Error from server (Forbidden): nodes \"{name}\" is forbidden: kubeplay nodes are machines; use `node power-off {name}`")),
                _ => Err(format!("error: kubeplay cannot delete {}", kind.plural())),
            };
            match result {
                Ok(()) => {
                    let verb = if force && grace == Some(0) { "force deleted" } else { "deleted" };
                    out.push(format!("{} \"{name}\" {verb} from default namespace", kind.kubectl_singular()));
                }
                Err(e) if ignore_not_found && e.contains("(NotFound)") => {}
                Err(e) => errors.push(e),
            }
        }
    }
    cluster.run_for(SimDuration::ZERO);
    if !errors.is_empty() {
        out.extend(errors);
        return Err(out.join("\n"));
    }
    if out.is_empty() {
        return Ok("No resources found".into());
    }
    Ok(out.join("\n"))
}

fn delete_files(
    cluster: &mut Cluster,
    files: &dyn Files,
    names: &[String],
    grace: Option<u64>,
    force: bool,
    ignore_not_found: bool,
) -> Result<String, String> {
    let mut out = Vec::new();
    for name in names {
        let text = files.read(name)?;
        let parsed = crate::manifest::parse_manifests(&text, name).map_err(|e| e.to_string())?;
        for p in parsed {
            let kind = match p.object.kind() {
                "Pod" => ResourceKind::Pod,
                "Deployment" => ResourceKind::Deployment,
                "ReplicaSet" => ResourceKind::ReplicaSet,
                "Service" => ResourceKind::Service,
                "HorizontalPodAutoscaler" => ResourceKind::HorizontalPodAutoscaler,
                _ => ResourceKind::Node,
            };
            match delete(cluster, &[kind], &[p.object.name().to_string()], None, false, grace, force, ignore_not_found)
            {
                Ok(t) | Err(t) => out.push(t),
            }
        }
    }
    Ok(out.join("\n"))
}

// ---------------------------------------------------------------- scale, autoscale, rollout, patch

fn scale(cluster: &mut Cluster, kind: ResourceKind, name: &str, replicas: u32) -> Result<String, String> {
    if replicas as i64 > crate::manifest::MAX_REPLICAS {
        return Err(format!("error: kubeplay allows at most {} replicas per object", crate::manifest::MAX_REPLICAS));
    }
    match kind {
        ResourceKind::Deployment => {
            cluster.scale_deployment(name, replicas as i64).map(|_| format!("deployment.apps/{name} scaled"))
        }
        ResourceKind::ReplicaSet => {
            cluster.scale_replica_set_cmd(name, replicas as i64).map(|_| format!("replicaset.apps/{name} scaled"))
        }
        _ => Err(format!("error: cannot scale {}", kind.plural())),
    }
}

/// What kubectl ≥ 1.34 prints (on stderr) when `--cpu-percent` is used.
const CPU_PERCENT_DEPRECATED: &str = "Flag --cpu-percent has been deprecated, Use --cpu with percentage or resource quantity format (e.g., '70%' for utilization or '500m' for milliCPU).";

fn autoscale(
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
        return Err(format!(
            "Error from server (AlreadyExists): horizontalpodautoscalers.autoscaling \"{hpa}\" already exists"
        ));
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

fn rollout(
    cluster: &mut Cluster,
    action: RolloutAction,
    name: &str,
    revision: Option<u64>,
    watch: bool,
    timeout: Option<SimDuration>,
) -> Result<String, String> {
    match action {
        RolloutAction::Restart => cluster.rollout_restart(name).map(|_| format!("deployment.apps/{name} restarted")),
        RolloutAction::Pause => cluster.rollout_pause(name, true).map(|_| format!("deployment.apps/{name} paused")),
        RolloutAction::Resume => cluster.rollout_pause(name, false).map(|_| format!("deployment.apps/{name} resumed")),
        RolloutAction::Undo => {
            let before = cluster.store.deployments.get(name).map(|d| d.spec.template.clone());
            cluster.rollout_undo(name, revision.map(|r| r as i64))?;
            let after = cluster.store.deployments.get(name).map(|d| d.spec.template.clone());
            Ok(if before == after {
                format!(
                    "deployment.apps/{name} skipped rollback (current template already matches revision {})",
                    revision.unwrap_or(0)
                )
            } else {
                format!("deployment.apps/{name} rolled back")
            })
        }
        RolloutAction::History => {
            let revs = cluster.rollout_history(name)?;
            if let Some(rev) = revision {
                let Some(rs) = cluster.replica_sets_of(name).into_iter().find(|rs| {
                    rs.metadata.annotations.get("deployment.kubernetes.io/revision").map(String::as_str)
                        == Some(rev.to_string().as_str())
                }) else {
                    return Err(format!("error: unable to find the specified revision {rev}"));
                };
                let images: Vec<String> = rs
                    .spec
                    .template
                    .spec
                    .containers
                    .iter()
                    .map(|c| format!("   {}:\n    Image:\t{}", c.name, c.image))
                    .collect();
                return Ok(format!(
                    "deployment.apps/{name} with revision #{rev}\nPod Template:\n  Labels:\t{}\n  Containers:\n{}",
                    print::format_labels(&rs.spec.template.metadata.labels),
                    images.join("\n")
                ));
            }
            let mut table = print::Table::new(&["REVISION", "CHANGE-CAUSE"]);
            for (rev, cause) in revs {
                table.push(vec![rev.to_string(), cause], String::new());
            }
            Ok(format!("deployment.apps/{name} \n{}", print::render_table(&table, false).trim_end()))
        }
        RolloutAction::Status => {
            if !cluster.store.deployments.contains_key(name) {
                return Err(not_found(ResourceKind::Deployment, name));
            }
            let deadline = cluster.now() + timeout.unwrap_or(MAX_BLOCKING_WAIT);
            let mut lines: Vec<String> = Vec::new();
            loop {
                let (done, message) = rollout_status_message(cluster, name);
                if lines.last() != Some(&message) {
                    lines.push(message);
                }
                if done || !watch {
                    break;
                }
                if cluster.now() >= deadline {
                    lines.push(format!(
                        "error: timed out waiting for the condition (kubeplay let {} of cluster time pass while waiting; use --timeout to choose, or --watch=false)",
                        crate::engine::time::go_duration(timeout.unwrap_or(MAX_BLOCKING_WAIT))
                    ));
                    return Err(lines.join("\n"));
                }
                cluster.run_for(SimDuration::from_secs(1));
            }
            Ok(lines.join("\n"))
        }
    }
}

/// kubectl's DeploymentStatusViewer (reference §5.4).
fn rollout_status_message(cluster: &Cluster, name: &str) -> (bool, String) {
    let Some(d) = cluster.store.deployments.get(name) else { return (true, not_found(ResourceKind::Deployment, name)) };
    let status = d.status.clone().unwrap_or_default();
    let replicas = d.spec.replicas.unwrap_or(1);
    if status
        .conditions
        .iter()
        .any(|c| c.type_ == "Progressing" && c.reason.as_deref() == Some("ProgressDeadlineExceeded"))
    {
        return (true, format!("error: deployment {name:?} exceeded its progress deadline"));
    }
    if status.observed_generation < d.metadata.generation {
        return (false, "Waiting for deployment spec update to be observed...".into());
    }
    if status.updated_replicas < replicas {
        return (false, format!("Waiting for deployment \"{name}\" rollout to finish: {} out of {replicas} new replicas have been updated...", status.updated_replicas));
    }
    if status.replicas > status.updated_replicas {
        return (
            false,
            format!(
                "Waiting for deployment \"{name}\" rollout to finish: {} old replicas are pending termination...",
                status.replicas - status.updated_replicas
            ),
        );
    }
    if status.available_replicas < status.updated_replicas {
        return (
            false,
            format!(
                "Waiting for deployment \"{name}\" rollout to finish: {} of {} updated replicas are available...",
                status.available_replicas, status.updated_replicas
            ),
        );
    }
    (true, format!("deployment \"{name}\" successfully rolled out"))
}

fn patch(
    cluster: &mut Cluster,
    kind: ResourceKind,
    name: &str,
    patch_type: PatchType,
    patch: &serde_json::Value,
) -> Result<String, String> {
    let current = match kind {
        ResourceKind::Deployment => cluster.store.deployments.get(name).map(json),
        ResourceKind::Service => cluster.store.services.get(name).map(json),
        ResourceKind::HorizontalPodAutoscaler => cluster.store.hpas.get(name).map(json),
        ResourceKind::ReplicaSet => cluster.store.replicasets.get(name).map(json),
        ResourceKind::Pod => cluster.store.pod(name).map(json),
        _ => return Err(format!("error: kubeplay cannot patch {}", kind.plural())),
    }
    .ok_or_else(|| not_found(kind, name))?;
    let mut doc = current.clone();
    if let Some(obj) = doc.as_object_mut() {
        obj.remove("status");
    }
    match patch_type {
        PatchType::Json => json_patch(&mut doc, patch)?,
        PatchType::Merge => merge_patch(&mut doc, patch, false),
        PatchType::Strategic => merge_patch(&mut doc, patch, true),
    }
    let mut before = current;
    if let Some(obj) = before.as_object_mut() {
        obj.remove("status");
    }
    if doc == before {
        return Ok(format!("{}/{name} patched (no change)", kind.kubectl_singular()));
    }
    // The name is in the URL and in the object: a patch cannot rename (it would fork a copy).
    let patched_name = doc.pointer("/metadata/name").and_then(|v| v.as_str()).unwrap_or_default().to_string();
    if patched_name != name {
        return Err(format!(
            "Error from server (BadRequest): the name of the object ({patched_name}) does not match the name on the URL ({name})"
        ));
    }
    // Strip server-set metadata so the result goes through apply like a manifest.
    if let Some(meta) = doc.get_mut("metadata").and_then(|m| m.as_object_mut()) {
        for key in [
            "uid",
            "creationTimestamp",
            "resourceVersion",
            "generation",
            "namespace",
            "ownerReferences",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
            "generateName",
        ] {
            meta.remove(key);
        }
    }
    let yaml = serde_yaml::to_string(&doc).map_err(|e| e.to_string())?;
    let text = cluster
        .apply_yaml_from(&yaml, "patch")
        .map_err(|e| e.replace("error when creating \"patch\"", "error when patching").replace("from \"patch\"", ""))?;
    let warnings: Vec<&str> = text.lines().filter(|l| l.starts_with("Warning:")).collect();
    let mut out = warnings.join("\n");
    if !out.is_empty() {
        out.push('\n');
    }
    // Say "patched" only when the stored object changed.
    let unchanged = text.lines().any(|l| l.ends_with(&format!("/{name} unchanged")));
    let suffix = if unchanged { " (no change)" } else { "" };
    out.push_str(&format!("{}/{name} patched{suffix}", kind.kubectl_singular()));
    Ok(out)
}

/// RFC 6902 JSON patch: add, remove, replace, test, copy, move.
fn json_patch(doc: &mut serde_json::Value, patch: &serde_json::Value) -> Result<(), String> {
    let ops =
        patch.as_array().ok_or("error: unable to parse \"json\" patch: the patch must be a list of operations")?;
    for op in ops {
        let kind = op.get("op").and_then(|v| v.as_str()).ok_or("error: json patch operation is missing \"op\"")?;
        let path = op.get("path").and_then(|v| v.as_str()).ok_or("error: json patch operation is missing \"path\"")?;
        let value = op.get("value").cloned();
        match kind {
            "add" | "replace" => {
                let value = value.ok_or_else(|| format!("error: json patch {kind} operation does not have a value"))?;
                pointer_set(doc, path, value, kind == "add")?;
            }
            "remove" => {
                pointer_remove(doc, path)?;
            }
            "test" => {
                if doc.pointer(path) != value.as_ref() {
                    return Err(format!("error: testing value {path} failed"));
                }
            }
            "copy" | "move" => {
                let from =
                    op.get("from").and_then(|v| v.as_str()).ok_or("error: json patch operation is missing \"from\"")?;
                let v = doc.pointer(from).cloned().ok_or_else(|| format!("error: unable to find {from}"))?;
                if kind == "move" {
                    pointer_remove(doc, from)?;
                }
                pointer_set(doc, path, v, true)?;
            }
            other => return Err(format!("error: Unexpected kind: {other}")),
        }
    }
    Ok(())
}

fn split_pointer(path: &str) -> Result<(String, String), String> {
    let idx = path.rfind('/').ok_or_else(|| format!("error: invalid JSON pointer {path:?}"))?;
    let last = path[idx + 1..].replace("~1", "/").replace("~0", "~");
    Ok((path[..idx].to_string(), last))
}

fn pointer_set(doc: &mut serde_json::Value, path: &str, value: serde_json::Value, add: bool) -> Result<(), String> {
    let (parent, last) = split_pointer(path)?;
    let missing = || format!("error: add operation does not apply: doc is missing path: \"{parent}\": missing value");
    let target = doc.pointer_mut(&parent).ok_or_else(missing)?;
    match target {
        serde_json::Value::Object(map) => {
            if !add && !map.contains_key(&last) {
                return Err(format!(
                    "error: replace operation does not apply: doc is missing key: {path}: missing value"
                ));
            }
            map.insert(last, value);
        }
        serde_json::Value::Array(items) => {
            if last == "-" {
                items.push(value);
            } else {
                let i: usize = last.parse().map_err(|_| format!("error: invalid array index {last:?}"))?;
                if add && i <= items.len() {
                    items.insert(i, value);
                } else if !add && i < items.len() {
                    items[i] = value;
                } else {
                    return Err(format!(
                        "error: add operation does not apply: doc is missing path: \"{path}\": missing value"
                    ));
                }
            }
        }
        _ => return Err(missing()),
    }
    Ok(())
}

fn pointer_remove(doc: &mut serde_json::Value, path: &str) -> Result<(), String> {
    let (parent, last) = split_pointer(path)?;
    let missing = || format!("error: remove operation does not apply: doc is missing path: \"{path}\": missing value");
    match doc.pointer_mut(&parent).ok_or_else(missing)? {
        serde_json::Value::Object(map) => map.remove(&last).map(|_| ()).ok_or_else(missing),
        serde_json::Value::Array(items) => {
            let i: usize = last.parse().map_err(|_| missing())?;
            if i < items.len() {
                items.remove(i);
                Ok(())
            } else {
                Err(missing())
            }
        }
        _ => Err(missing()),
    }
}

/// RFC 7386 merge patch; `strategic` merges lists of named items (containers, ports) by name.
fn merge_patch(doc: &mut serde_json::Value, patch: &serde_json::Value, strategic: bool) {
    match (doc, patch) {
        (serde_json::Value::Object(target), serde_json::Value::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    target.remove(k);
                } else if let Some(existing) = target.get_mut(k) {
                    merge_patch(existing, v, strategic);
                } else {
                    target.insert(k.clone(), v.clone());
                }
            }
        }
        (serde_json::Value::Array(target), serde_json::Value::Array(p))
            if strategic && p.iter().all(|i| i.get("name").is_some() || i.get("containerPort").is_some()) =>
        {
            for item in p {
                let key = if item.get("name").is_some() { "name" } else { "containerPort" };
                match target.iter_mut().find(|t| t.get(key) == item.get(key)) {
                    Some(existing) => merge_patch(existing, item, strategic),
                    None => target.push(item.clone()),
                }
            }
        }
        (doc, patch) => *doc = patch.clone(),
    }
}

// ---------------------------------------------------------------- wait

fn wait(
    cluster: &mut Cluster,
    kinds: &[ResourceKind],
    names: &[String],
    condition: &WaitCondition,
    timeout: SimDuration,
) -> Result<String, String> {
    let kind = kinds.first().copied().unwrap_or(ResourceKind::Pod);
    let deadline = cluster.now() + timeout;
    let mut names = names.to_vec();
    if names.is_empty() {
        names = match kind {
            ResourceKind::Pod => cluster.store.pods().keys().cloned().collect(),
            ResourceKind::Deployment => cluster.store.deployments.keys().cloned().collect(),
            _ => Vec::new(),
        };
    }
    let mut out = Vec::new();
    for name in names {
        let check = |c: &Cluster| -> Option<bool> {
            match (kind, condition) {
                (ResourceKind::Pod, WaitCondition::Delete) => Some(c.store.pod(&name).is_none()),
                (ResourceKind::Pod, WaitCondition::Condition { name: cond, value }) => {
                    let pod = c.store.pod(&name)?;
                    Some(pod.condition(cond).is_some_and(|x| x.status.eq_ignore_ascii_case(value)))
                }
                (ResourceKind::Deployment, WaitCondition::Delete) => Some(!c.store.deployments.contains_key(&name)),
                (ResourceKind::Deployment, WaitCondition::Condition { name: cond, value }) => {
                    let d = c.store.deployments.get(&name)?;
                    Some(d.status.as_ref().is_some_and(|s| {
                        s.conditions.iter().any(|x| x.type_ == *cond && x.status.eq_ignore_ascii_case(value))
                    }))
                }
                (_, WaitCondition::JsonPath { path, value }) => {
                    let obj = match kind {
                        ResourceKind::Pod => c.store.pod(&name).map(json),
                        ResourceKind::Deployment => c.store.deployments.get(&name).map(json),
                        _ => None,
                    }?;
                    let pointer =
                        format!("/{}", path.trim_matches(|ch| ch == '{' || ch == '}' || ch == '.').replace('.', "/"));
                    let got =
                        obj.pointer(&pointer).map(|v| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()));
                    Some(match value {
                        Some(v) => got.as_deref() == Some(v.as_str()),
                        None => got.is_some(),
                    })
                }
                _ => Some(false),
            }
        };
        if check(cluster).is_none() && !matches!(condition, WaitCondition::Delete) {
            return Err(not_found(kind, &name));
        }
        let limit = deadline.since(cluster.now());
        let met = cluster.run_until_cond(limit, |c| check(c) == Some(true));
        let prefix = print::resource_prefix(kind.kind());
        if !met {
            return Err(format!(
                "error: timed out waiting for the condition on {}",
                print::name_line(&prefix, &name).replace(&format!("{prefix}/"), &format!("{}/", kind.plural()))
            ));
        }
        let what = match condition {
            WaitCondition::Delete => "deleted".to_string(),
            WaitCondition::Condition { name: c, .. } => format!("condition met ({c})").replace(&format!(" ({c})"), ""),
            WaitCondition::JsonPath { .. } => "condition met".to_string(),
        };
        out.push(format!("{} {what}", print::name_line(&prefix, &name)));
    }
    Ok(out.join("\n"))
}

fn api_resources() -> String {
    let mut table = print::Table::new(&["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]);
    for kind in ResourceKind::ALL {
        table.push(
            vec![
                kind.plural().to_string(),
                kind.short_names().join(","),
                kind.api_version().to_string(),
                kind.namespaced().to_string(),
                kind.kind().to_string(),
            ],
            String::new(),
        );
    }
    print::render_table(&table, false).trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(cluster: &mut Cluster, line: &str, expected: &str) {
        let out = run(cluster, &NoFiles, line);
        assert_eq!(out.text, expected, "{line}");
    }

    #[test]
    fn create_deployment_dry_run_matches_kubectl() {
        let mut cluster = Cluster::new(1);
        check(
            &mut cluster,
            "kubectl create deployment web --image=nginx --replicas=2 --dry-run=client -o yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n    app: web\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  strategy: {}\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - image: nginx\n        name: nginx\n        resources: {}\nstatus: {}",
        );
        assert_eq!(container_name_for("registry.k8s.io/hpa-example"), "hpa-example");
        assert_eq!(container_name_for("lyzhang1999/hello-world-flask:latest"), "hello-world-flask");
    }

    #[test]
    fn not_found_uses_kubectl_wording() {
        let mut cluster = Cluster::new(1);
        check(&mut cluster, "kubectl get pod x", "Error from server (NotFound): pods \"x\" not found");
        check(&mut cluster, "kubectl get deploy", "No resources found in default namespace.");
        check(
            &mut cluster,
            "kubectl scale deploy/web --replicas=2",
            "Error from server (NotFound): deployments.apps \"web\" not found",
        );
    }

    #[test]
    fn selectors() {
        let labels: Labels = [("app".to_string(), "web".to_string()), ("tier".to_string(), "fe".to_string())].into();
        assert!(Selector::parse("app=web").unwrap().matches(&labels));
        assert!(Selector::parse("app in (web,db),tier").unwrap().matches(&labels));
        assert!(!Selector::parse("app!=web").unwrap().matches(&labels));
        assert!(Selector::parse("!missing").unwrap().matches(&labels));
    }

    #[test]
    fn autoscale_warns_about_cpu_percent() {
        let mut cluster = Cluster::new(1);
        let warning = "Flag --cpu-percent has been deprecated, Use --cpu with percentage or resource quantity format (e.g., '70%' for utilization or '500m' for milliCPU).";
        check(
            &mut cluster,
            "kubectl autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10",
            &format!("{warning}\nError from server (NotFound): deployments.apps \"php-apache\" not found"),
        );
        assert!(
            run(&mut cluster, &NoFiles, "kubectl create deployment php-apache --image=registry.k8s.io/hpa-example").ok
        );
        check(
            &mut cluster,
            "kubectl autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10",
            &format!("{warning}\nhorizontalpodautoscaler.autoscaling/php-apache autoscaled"),
        );
        check(
            &mut cluster,
            "kubectl autoscale deploy/php-apache --cpu=50% --max=10 --name=other",
            "horizontalpodautoscaler.autoscaling/other autoscaled",
        );
        let hpa = &cluster.store.hpas["php-apache"];
        assert_eq!(hpa.spec.behavior, None, "kubectl autoscale sets no behavior: legacy normalization");
        assert_eq!(hpa.spec.min_replicas, Some(1));
    }

    #[test]
    fn seed_001_json_patch_adds_requests() {
        let mut cluster = Cluster::new(1);
        assert!(
            run(
                &mut cluster,
                &NoFiles,
                "kubectl create deployment hello-world-flask --image=lyzhang1999/hello-world-flask:latest --replicas=2"
            )
            .ok
        );
        let out = run(
            &mut cluster,
            &NoFiles,
            r#"kubectl patch deployment hello-world-flask --type='json' -p='[{"op": "add", "path": "/spec/template/spec/containers/0/resources", "value": {"requests": {"memory": "100Mi", "cpu": "100m"}}}]'"#,
        );
        assert_eq!(out.text, "deployment.apps/hello-world-flask patched");
        let d = &cluster.store.deployments["hello-world-flask"];
        assert_eq!(d.spec.template.spec.containers[0].cpu_request_millis(), Some(100));
    }
}
