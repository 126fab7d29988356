//! Runs a parsed `Command` against a `Cluster` and renders kubectl's output. The console, the
//! CLI, scenarios, lessons and tests all come through `run`.

use super::verbs;
use super::*;
use crate::engine::Cluster;
use crate::print::table::RenderOptions;
use std::collections::BTreeMap;

/// `kubectl get -w`'s rows (kept here: the runner and the session call `cmd::exec::watch_rows`).
pub use super::verbs::get::watch_rows;

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

pub fn execute(cluster: &mut Cluster, files: &dyn Files, command: &Command) -> Output {
    if let Some(ns) = command.namespace() {
        if ns == "kube-system" {
            if let Some(result) = super::addons::kube_system(cluster, command) {
                return match result {
                    Ok(text) => Output::ok(text),
                    Err(text) => Output::err(text),
                };
            }
        }
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
        Command::Apply { files: names, .. } => verbs::apply::apply(cluster, files, names, false),
        Command::Create { files: names, .. } => verbs::apply::apply(cluster, files, names, true),
        Command::CreateDeployment { name, images, replicas, port, command, dry_run, output, .. } => {
            verbs::create::create_deployment(cluster, name, images, *replicas, *port, command, *dry_run, *output)
        }
        Command::CreateService { service_type, name, ports, cluster_ip, dry_run, output, .. } => {
            verbs::create::create_service(cluster, *service_type, name, ports, cluster_ip.as_deref(), *dry_run, *output)
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
            sort_by,
            ..
        } => {
            let options = RenderOptions {
                wide: *output == OutputFormat::Wide,
                show_labels: *show_labels,
                no_headers: *no_headers,
            };
            verbs::get::get(
                cluster,
                kinds,
                names,
                *output,
                selector.as_deref(),
                field_selector.as_deref(),
                &options,
                *all_namespaces,
                sort_by.as_deref(),
            )
        }
        Command::Describe { kinds, names, selector, .. } => {
            verbs::describe::describe(cluster, kinds, names, selector.as_deref())
        }
        Command::Logs { kind, name, container, previous, tail, .. } => {
            verbs::logs::logs(cluster, *kind, name, container.as_deref(), *previous, *tail)
        }
        Command::Delete { kinds, names, selector, all, grace_period, force, ignore_not_found, .. } => {
            verbs::delete::delete(
                cluster,
                kinds,
                names,
                selector.as_deref(),
                *all,
                *grace_period,
                *force,
                *ignore_not_found,
            )
        }
        Command::DeleteFiles { files: names, grace_period, force, ignore_not_found, .. } => {
            verbs::delete::delete_files(cluster, files, names, *grace_period, *force, *ignore_not_found)
        }
        Command::Scale { kind, name, replicas, .. } => verbs::scale::scale(cluster, *kind, name, *replicas),
        Command::Autoscale { kind, name, min, max, cpu, hpa_name, cpu_percent_flag, .. } => {
            verbs::autoscale::autoscale(
                cluster,
                *kind,
                name,
                *min,
                *max,
                cpu.as_ref(),
                hpa_name.as_deref(),
                *cpu_percent_flag,
            )
        }
        Command::SetImage { name, images, .. } => verbs::set_image::set_image(cluster, name, images),
        Command::Rollout { action, name, revision, watch, timeout, .. } => {
            verbs::rollout::rollout(cluster, *action, name, *revision, *watch, *timeout)
        }
        Command::Patch { kind, name, patch_type, patch, .. } => {
            verbs::patch::patch(cluster, *kind, name, *patch_type, patch)
        }
        Command::Exec { kind, name, container, command, stdin, .. } => {
            match verbs::attachable_pod(cluster, *kind, name) {
                Ok(pod) => verbs::exec::exec(cluster, &pod, container.as_deref(), command, *stdin),
                Err(e) => Err(e),
            }
        }
        Command::Cordon { node } => verbs::cordon::cordon(cluster, node, true),
        Command::Uncordon { node } => verbs::cordon::cordon(cluster, node, false),
        Command::Drain { node, .. } => verbs::cordon::drain(cluster, node),
        Command::Top { kind, name, selector, containers, .. } => {
            verbs::top::top(cluster, *kind, name.as_deref(), selector.as_deref(), *containers)
        }
        Command::Wait { kinds, names, condition, timeout, .. } => {
            verbs::wait::wait(cluster, kinds, names, condition, *timeout)
        }
        Command::ApiResources => Ok(verbs::api_resources::api_resources()),
        Command::Node { action, name } => verbs::node::node(cluster, *action, name),
        Command::Kill { pod, container, reason } => verbs::kill::kill(cluster, pod, container.as_deref(), *reason),
        Command::Health { pod, container, fail } => verbs::health::health(cluster, pod, container.as_deref(), *fail),
        Command::Sleep { duration, mark } => verbs::sleep::sleep(cluster, *duration, *mark),
        Command::LoadStart { service, rps } => verbs::load::load_start(cluster, service, *rps),
        Command::LoadAb { service, concurrency, requests } => {
            verbs::load::load_ab(cluster, service, *concurrency, *requests)
        }
        Command::LoadCurl { service, every } => verbs::load::load_curl(cluster, service, *every),
        Command::LoadStop { service } => verbs::load::load_stop(cluster, service.as_deref()),
        Command::LoadStatus { service } => verbs::load::load_status(cluster, service.as_deref()),
        Command::LoadLogs { service, tail } => verbs::load::load_logs(cluster, service.as_deref(), *tail),
        Command::Label { annotations, kind, names, changes, overwrite, .. } => {
            verbs::label::label(cluster, *annotations, *kind, names, changes, *overwrite)
        }
        Command::Taint { node, changes, overwrite } => verbs::taint::taint(cluster, node, changes, *overwrite),
        Command::PortForward { kind, name, ports, .. } => {
            verbs::port_forward::port_forward(cluster, *kind, name, ports)
        }
        Command::Curl { url, include } => verbs::port_forward::curl(cluster, url, *include),
        Command::Help { topic } => Ok(help(topic.as_deref())),
    };
    finish(cluster, command, result)
}

/// What follows every command that ran: the controllers react at this instant, the chart
/// marker, the output. (A replayed `wait`, run in slices, ends here too.)
pub(crate) fn finish(cluster: &mut Cluster, command: &Command, result: Result<String, String>) -> Output {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_namespaces_are_empty_and_cannot_be_written() {
        let mut cluster = Cluster::new(1);
        let out = run(&mut cluster, &NoFiles, "kubectl get pods -n kube-system");
        assert_eq!(out, Output::ok("No resources found in kube-system namespace."));
        let out = run(&mut cluster, &NoFiles, "kubectl -n prod scale deploy/web --replicas=2");
        assert_eq!(
            out,
            Output::err(
                "Error from server (NotFound): namespaces \"prod\" not found (kubeplay has one namespace, default)"
            )
        );
        let out = run(&mut cluster, &NoFiles, "kubectl -n default scale deploy/web --replicas=2");
        assert_eq!(out, Output::err("Error from server (NotFound): deployments.apps \"web\" not found"));
    }
}
