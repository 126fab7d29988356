//! Regression tests for what real clients and upstream's test tables found (issue 12): pod
//! updates, immutable fields, cluster IPs, generateName, nodeName, QoS, metrics rounding,
//! the HPA's first sync, `get events -w`, all-or-nothing applies, strict decoding and
//! `kubectl create service`.

use crate::support::*;
use kubeplay::cmd::{self, Command, NoFiles};
use kubeplay::engine::Cluster;
use std::collections::BTreeMap;

fn run(cluster: &mut Cluster, line: &str) -> cmd::Output {
    cmd::run(cluster, &NoFiles, line)
}

fn fails(cluster: &mut Cluster, line: &str) -> String {
    let out = run(cluster, line);
    assert!(!out.ok, "`{line}` should fail, printed:\n{}", out.text);
    out.text
}

fn run_with(cluster: &mut Cluster, files: &[(&str, &str)], line: &str) -> cmd::Output {
    let files: BTreeMap<String, String> = files.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
    cmd::run(cluster, &files, line)
}

const POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
  - name: nginx
    image: nginx:1.27
";

fn cluster_with_pod() -> Cluster {
    let mut cluster = Cluster::new(1);
    apply(&mut cluster, POD);
    advance(&mut cluster, 30);
    assert_eq!(status(&cluster, "web"), "Running");
    cluster
}

fn pod_names(cluster: &Cluster) -> Vec<String> {
    cluster.store().pods().keys().cloned().collect()
}

// ------------------------------------------------------------------ pod updates

#[test]
fn patch_pod_stores_labels_and_annotations() {
    let mut cluster = cluster_with_pod();
    let out = sh(
        &mut cluster,
        r#"kubectl patch pod web -p '{"metadata":{"labels":{"tier":"front"},"annotations":{"note":"hi"}}}'"#,
    );
    assert_eq!(out, "pod/web patched");
    let pod = cluster.store().pod("web").expect("pod");
    assert_eq!(pod.metadata.labels.get("tier").map(String::as_str), Some("front"));
    assert_eq!(pod.metadata.labels.get("app").map(String::as_str), Some("web"));
    assert_eq!(pod.metadata.annotations.get("note").map(String::as_str), Some("hi"));
    assert!(sh(&mut cluster, "kubectl get pods --show-labels").contains("app=web,tier=front"));
    // A label removed with null is gone.
    sh(&mut cluster, r#"kubectl patch pod web --type=merge -p '{"metadata":{"labels":{"tier":null}}}'"#);
    assert!(!cluster.store().pod("web").expect("pod").metadata.labels.contains_key("tier"));
    // The same patch again changes nothing and says so.
    let again = sh(&mut cluster, r#"kubectl patch pod web -p '{"metadata":{"annotations":{"note":"hi"}}}'"#);
    assert_eq!(again, "pod/web patched (no change)");
    assert_eq!(pod_names(&cluster), vec!["web"]);
}

#[test]
fn patch_pod_spec_is_forbidden_and_changes_nothing() {
    let mut cluster = cluster_with_pod();
    let before = cluster.store().pod("web").cloned();
    let error = fails(&mut cluster, r#"kubectl patch pod web -p '{"spec":{"restartPolicy":"Never"}}'"#);
    assert!(
        error.starts_with("The Pod \"web\" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`"),
        "{error}"
    );
    assert_eq!(cluster.store().pod("web").cloned(), before);
    let error = fails(
        &mut cluster,
        r#"kubectl patch pod web --type=json -p '[{"op":"add","path":"/spec/containers/0/ports","value":[{"containerPort":80}]}]'"#,
    );
    assert!(error.contains("Forbidden: pod updates may not change fields"), "{error}");
}

#[test]
fn image_change_restarts_the_container_with_the_new_image() {
    let mut cluster = cluster_with_pod();
    let out = sh(
        &mut cluster,
        r#"kubectl patch pod web -p '{"spec":{"containers":[{"name":"nginx","image":"nginx:1.28"}]}}'"#,
    );
    assert_eq!(out, "pod/web patched");
    advance(&mut cluster, 40);
    let pod = cluster.store().pod("web").expect("pod");
    assert_eq!(pod.spec.containers[0].image, "nginx:1.28");
    let statuses = &pod.status.as_ref().expect("status").container_statuses;
    assert_eq!(statuses[0].image, "nginx:1.28");
    assert_eq!(restarts(&cluster, "web"), 1);
    assert_eq!(status(&cluster, "web"), "Running");
    let killing = cluster
        .events()
        .stream()
        .iter()
        .any(|e| e.reason == "Killing" && e.message == "Container nginx definition changed, will be restarted");
    assert!(killing, "the kubelet says why it restarted the container");

    // Re-applying the manifest with only another image works too.
    let out = cluster.apply_yaml(&POD.replace("nginx:1.27", "nginx:1.29")).expect("image-only change applies");
    assert_eq!(out, "pod/web configured");
    advance(&mut cluster, 40);
    assert_eq!(restarts(&cluster, "web"), 2);
    // And re-applying it unchanged is `unchanged`.
    assert_eq!(cluster.apply_yaml(&POD.replace("nginx:1.27", "nginx:1.29")).expect("same"), "pod/web unchanged");
}

#[test]
fn fixing_a_bad_image_by_update_starts_the_pod() {
    let mut cluster = Cluster::new(1);
    apply(&mut cluster, &POD.replace("nginx:1.27", "nginx:typo"));
    advance(&mut cluster, 60);
    assert!(matches!(status(&cluster, "web").as_str(), "ImagePullBackOff" | "ErrImagePull"));
    sh(&mut cluster, "kubectl patch pod web --type=json -p '[{\"op\":\"replace\",\"path\":\"/spec/containers/0/image\",\"value\":\"nginx:1.27\"}]'");
    advance(&mut cluster, 30);
    assert_eq!(status(&cluster, "web"), "Running");
}

#[test]
fn patching_the_name_is_refused_and_forks_nothing() {
    let mut cluster = cluster_with_pod();
    let error = fails(&mut cluster, r#"kubectl patch pod web -p '{"metadata":{"name":"web2"}}'"#);
    assert_eq!(
        error,
        "Error from server (BadRequest): the name of the object (web2) does not match the name on the URL (web)"
    );
    assert_eq!(pod_names(&cluster), vec!["web"]);
    sh(&mut cluster, "kubectl create deployment d --image=nginx");
    fails(&mut cluster, r#"kubectl patch deployment d -p '{"metadata":{"name":"e"}}'"#);
    assert!(!cluster.store().deployments.contains_key("e"));
}

#[test]
fn relabelled_pod_is_released_and_replaced() {
    let mut cluster = Cluster::new(1);
    sh(&mut cluster, "kubectl create deployment web --image=nginx --replicas=2");
    advance(&mut cluster, 30);
    let pods = pods_with_prefix(&cluster, "web-");
    assert_eq!(pods.len(), 2);
    sh(
        &mut cluster,
        &format!("kubectl patch pod {} -p '{{\"metadata\":{{\"labels\":{{\"app\":\"debug\"}}}}}}'", pods[0]),
    );
    advance(&mut cluster, 30);
    let released = cluster.store().pod(&pods[0]).expect("released pod keeps running");
    assert!(released.controller_ref().is_none(), "no longer owned");
    assert_eq!(pods_with_prefix(&cluster, "web-").len(), 3, "the ReplicaSet made a replacement");
}

// ------------------------------------------------------------------ immutable fields

#[test]
fn deployment_selector_is_immutable() {
    let mut cluster = Cluster::new(1);
    apply(&mut cluster, WEB3);
    advance(&mut cluster, 5);
    let changed = WEB3
        .replace("      app: web\n  template", "      app: web2\n  template")
        .replace("      labels:\n        app: web\n", "      labels:\n        app: web2\n");
    assert_ne!(changed, WEB3);
    let error = cluster.apply_yaml(&changed).expect_err("selector change refused").to_string();
    assert_eq!(
        error,
        r#"The Deployment "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"#
    );
    assert_eq!(cluster.store().deployments["web"].spec.selector.match_labels["app"], "web");
}

#[test]
fn services_never_share_a_cluster_ip() {
    let mut cluster = Cluster::new(1);
    for i in 0..30 {
        sh(&mut cluster, &format!("kubectl create service clusterip s{i} --tcp=80"));
        if i % 3 == 0 {
            sh(&mut cluster, &format!("kubectl delete service s{i}"));
        }
    }
    for i in 30..60 {
        sh(&mut cluster, &format!("kubectl create service clusterip s{i} --tcp=80"));
    }
    let ips: Vec<String> =
        cluster.store().services.values().map(|s| s.spec.cluster_ip.clone().expect("allocated")).collect();
    let unique: std::collections::BTreeSet<&String> = ips.iter().collect();
    assert_eq!(unique.len(), ips.len(), "{ips:?}");

    // Asking for an IP in use, out of range, or changing it is refused.
    let taken = ips[1].clone();
    let svc = |name: &str, ip: &str| {
        format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  clusterIP: {ip}\n  selector: {{app: x}}\n  ports: [{{port: 80}}]\n")
    };
    let error = cluster.apply_yaml(&svc("clash", &taken)).expect_err("taken").to_string();
    assert_eq!(
        error,
        format!("The Service \"clash\" is invalid: spec.clusterIPs: Invalid value: []string{{\"{taken}\"}}: failed to allocate IP {taken}: provided IP is already allocated")
    );
    assert!(cluster
        .apply_yaml(&svc("far", "192.168.0.9"))
        .expect_err("range")
        .to_string()
        .contains("is not in the valid range"));
    apply(&mut cluster, &svc("mine", "10.96.200.200"));
    let error = cluster.apply_yaml(&svc("mine", "10.96.200.201")).expect_err("immutable").to_string();
    assert!(error.ends_with("may not change once set"), "{error}");
}

// ------------------------------------------------------------------ names and binding

#[test]
fn generate_name_makes_a_real_name() {
    let mut cluster = Cluster::new(1);
    let manifest =
        "apiVersion: v1\nkind: Pod\nmetadata:\n  generateName: job-\nspec:\n  containers: [{name: a, image: nginx}]\n";
    let out = run_with(&mut cluster, &[("gen.yaml", manifest)], "kubectl create -f gen.yaml");
    assert!(out.ok, "{}", out.text);
    let name = out.text.strip_prefix("pod/").and_then(|t| t.strip_suffix(" created")).expect("pod/NAME created");
    assert!(name.starts_with("job-") && name.len() == 9, "{name}");
    assert!(cluster.store().pod(name).is_some());
    // Twice gives two pods.
    assert!(run_with(&mut cluster, &[("gen.yaml", manifest)], "kubectl create -f gen.yaml").ok);
    assert_eq!(cluster.store().pods().len(), 2);
    // kubectl apply refuses generateName.
    let out = run_with(&mut cluster, &[("gen.yaml", manifest)], "kubectl apply -f gen.yaml");
    assert!(!out.ok);
    assert_eq!(out.text, "error: from job-: cannot use generate name with apply");
}

#[test]
fn null_name_is_an_error() {
    let mut cluster = Cluster::new(1);
    let error = cluster
        .apply_yaml(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: null\nspec:\n  containers: [{name: a, image: nginx}]\n",
        )
        .expect_err("no name")
        .to_string();
    assert_eq!(error, "The Pod \"\" is invalid: metadata.name: Required value: name or generateName is required");
    assert!(cluster.store().pods().is_empty());
}

#[test]
fn node_name_binds_the_pod_without_the_scheduler() {
    let mut cluster = Cluster::new(1);
    apply(&mut cluster, &POD.replace("spec:\n", "spec:\n  nodeName: node-3\n"));
    advance(&mut cluster, 30);
    let pod = cluster.store().pod("web").expect("pod");
    assert_eq!(pod.spec.node_name.as_deref(), Some("node-3"));
    assert_eq!(status(&cluster, "web"), "Running");
    assert!(event_times(&cluster, "Scheduled", "web").is_empty(), "the scheduler was not involved");

    // A node that does not exist: bound, and nothing runs it.
    apply(&mut cluster, &POD.replace("name: web", "name: lost").replace("spec:\n", "spec:\n  nodeName: node-9\n"));
    advance(&mut cluster, 30);
    assert_eq!(cluster.store().pod("lost").and_then(|p| p.spec.node_name.clone()).as_deref(), Some("node-9"));
    assert_eq!(status(&cluster, "lost"), "Pending");
}

// ------------------------------------------------------------------ QoS and metrics

#[test]
fn qos_class_compares_parsed_quantities_in_one_place() {
    let mut cluster = Cluster::new(1);
    let resources = "    resources:\n      requests: {cpu: \"1\", memory: 128Mi}\n      limits: {cpu: 1000m, memory: \"134217728\"}\n";
    apply(&mut cluster, &format!("{POD}{resources}"));
    advance(&mut cluster, 20);
    let pod = cluster.store().pod("web").expect("pod");
    assert_eq!(pod.spec.qos_class(), "Guaranteed");
    assert_eq!(pod.status.as_ref().and_then(|s| s.qos_class.as_deref()), Some("Guaranteed"));
    let described = sh(&mut cluster, "kubectl describe pod web");
    let line = described.lines().find(|l| l.starts_with("QoS Class:")).expect("QoS line");
    assert!(line.ends_with(" Guaranteed"), "{line}");
}

// ------------------------------------------------------------------ HPA

#[test]
fn each_hpa_is_first_synced_15_s_after_it_is_created() {
    let mut cluster = Cluster::new(1);
    sh(&mut cluster, "kubectl create deployment web --image=nginx --replicas=1");
    run_until(&mut cluster, 7.0);
    sh(&mut cluster, "kubectl autoscale deployment web --cpu=50% --min=1 --max=3");
    run_until(&mut cluster, 21.9);
    let hpa = &cluster.store().hpas["web"];
    assert!(hpa.status.as_ref().is_none_or(|s| s.conditions.is_empty()), "not synced before 22 s");
    run_until(&mut cluster, 22.0);
    let synced = |cluster: &Cluster| {
        let status = cluster.store().hpas["web"].status.clone().unwrap_or_default();
        status.conditions.iter().filter_map(|c| c.last_update_time.or(c.last_transition_time)).max()
    };
    assert_eq!(synced(&cluster), Some(secs(22)));
    // A second HPA created later has its own schedule.
    sh(&mut cluster, "kubectl create deployment api --image=nginx --replicas=1");
    run_until(&mut cluster, 30.0);
    sh(&mut cluster, "kubectl autoscale deployment api --cpu=50% --min=1 --max=3");
    run_until(&mut cluster, 44.9);
    assert!(cluster.store().hpas["api"].status.as_ref().is_none_or(|s| s.conditions.is_empty()));
    run_until(&mut cluster, 45.0);
    assert!(cluster.store().hpas["api"].status.as_ref().is_some_and(|s| !s.conditions.is_empty()));
}

// ------------------------------------------------------------------ watch and apply

#[test]
fn get_events_watch_prints_an_event_again_only_when_it_recurs() {
    let mut cluster = Cluster::new(1);
    apply(&mut cluster, &POD.replace("nginx:1.27", "nginx:typo"));
    let command = kubeplay::cmd::parse("kubectl get events -w").expect("parses").expect("a command");
    assert!(matches!(command, Command::Get { watch: true, .. }));
    let mut seen = BTreeMap::new();
    let mut printed: Vec<String> = Vec::new();
    for _ in 0..300 {
        advance(&mut cluster, 1);
        printed.extend(cmd::exec::watch_rows(&cluster, &command, &mut seen));
    }
    let occurrences = cluster.events().stream().len();
    assert!(!printed.is_empty());
    assert!(
        printed.len() <= occurrences,
        "{} rows for {occurrences} occurrences:\n{}",
        printed.len(),
        printed.join("\n")
    );
    // The back-off event recurs, so it is printed more than once, but not every second.
    let backoffs = printed.iter().filter(|l| l.contains("BackOff")).count();
    assert!((2..60).contains(&backoffs), "{backoffs} BackOff rows");
}

#[test]
fn multi_document_apply_is_all_or_nothing() {
    let mut cluster = cluster_with_pod();
    let forbidden_update = POD.replace("  containers:", "  restartPolicy: Never\n  containers:");
    let text = format!("{WEB3}---\n{forbidden_update}");
    let out = run_with(&mut cluster, &[("all.yaml", &text)], "kubectl apply -f all.yaml");
    assert!(!out.ok);
    assert!(out.text.contains("Forbidden"), "{}", out.text);
    assert!(cluster.store().deployments.is_empty(), "the valid document before it was not applied either");

    // Across files too: a bad second file stops the first.
    let out = run_with(
        &mut cluster,
        &[("a.yaml", WEB3), ("b.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {}\n")],
        "kubectl apply -f a.yaml -f b.yaml",
    );
    assert!(!out.ok);
    assert!(cluster.store().deployments.is_empty());
    // Two Services asking for the same IP in one file.
    let svc = |name: &str| {
        format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  clusterIP: 10.96.50.50\n  selector: {{app: x}}\n  ports: [{{port: 80}}]\n")
    };
    let text = format!("{}---\n{}", svc("one"), svc("two"));
    assert!(cluster.apply_yaml(&text).is_err());
    assert!(!cluster.store().services.contains_key("one"));
}

// ------------------------------------------------------------------ decoding and create service

#[test]
fn strict_decoding_lists_every_unknown_field() {
    let mut cluster = Cluster::new(1);
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: nginx\n    imagePolicy: Always\n    foo: 1\n  restartPolice: Never\n";
    let error = cluster.apply_yaml(text).expect_err("unknown fields").to_string();
    assert_eq!(
        error,
        r#"Error from server (BadRequest): error when creating "STDIN": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagePolicy", unknown field "spec.containers[0].foo", unknown field "spec.restartPolice" (did you mean "restartPolicy"?) at line 9, column 5"#
    );
}

#[test]
fn go_yaml_escapes_are_accepted() {
    let mut cluster = Cluster::new(1);
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    say: \"it\\'s \\\"quoted\\\"\"\nspec:\n  containers: [{name: a, image: nginx}]\n";
    cluster.apply_yaml(text).expect("kubectl accepts \\' in double quotes");
    assert_eq!(cluster.store().pod("p").expect("pod").metadata.annotations["say"], "it's \"quoted\"");
    // Other unknown escapes stay errors.
    let error = cluster
        .apply_yaml(&text.replace("\\'", "\\q").replace("name: p", "name: q"))
        .expect_err("bad escape")
        .to_string();
    assert!(error.contains("found unknown escape character"), "{error}");
}

#[test]
fn headless_service_and_create_service_flags() {
    let mut cluster = Cluster::new(1);
    let out = sh(&mut cluster, "kubectl create service clusterip db --clusterip=None");
    assert_eq!(out, "service/db created");
    assert_eq!(cluster.store().services["db"].spec.cluster_ip.as_deref(), Some("None"));
    let listed = sh(&mut cluster, "kubectl get svc db");
    assert!(listed.contains("ClusterIP   None") && listed.contains("<none>"), "{listed}");
    // Its dry-run manifest applies.
    let manifest = sh(&mut cluster, "kubectl create service clusterip db2 --clusterip=None --dry-run=client -o yaml");
    assert!(manifest.contains("clusterIP: None"), "{manifest}");
    apply(&mut cluster, &manifest);
    fails(&mut cluster, "kubectl create service nodeport np --clusterip=None --tcp=80");

    // --tcp lists, -o json honoured.
    let json = sh(&mut cluster, "kubectl create service clusterip web --tcp=80,443:8443 -o json");
    let value: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(value["kind"], "Service");
    assert_eq!(value["spec"]["ports"][1]["port"], 443);
    assert_eq!(value["spec"]["ports"][1]["targetPort"], 8443);
    assert!(value["spec"]["clusterIP"].as_str().is_some_and(|ip| ip.starts_with("10.96.")));
    let name = sh(&mut cluster, "kubectl create service clusterip api --tcp=80 -o name");
    assert_eq!(name, "service/api");
    let yaml = sh(&mut cluster, "kubectl create deployment d --image=nginx -o yaml");
    assert!(yaml.starts_with("apiVersion: apps/v1\nkind: Deployment"), "{yaml}");
}

// ------------------------------------------------------------------ seeds' commands as typed

#[test]
fn watch_is_get_watch_and_only_for_get() {
    let parsed = kubeplay::cmd::parse("watch -n 1 kubectl get pod").expect("parses").expect("command");
    assert!(matches!(parsed, Command::Get { watch: true, .. }), "{parsed:?}");
    let parsed = kubeplay::cmd::parse("watch -n1 -d kubectl get pod -owide").expect("parses").expect("command");
    assert!(matches!(parsed, Command::Get { watch: true, output: kubeplay::cmd::OutputFormat::Wide, .. }));
    let error = kubeplay::cmd::parse("watch -n 1 kubectl delete pod x").expect_err("only get");
    assert!(error.to_string().contains("repeats `kubectl get`"), "{error}");
    let mut cluster = Cluster::new(1);
    sh(&mut cluster, "kubectl create deployment web --image=nginx --replicas=3");
    advance(&mut cluster, 20);
    let table = sh(&mut cluster, "watch -n 1 kubectl get pod");
    assert_eq!(table.lines().count(), 4, "{table}");
}

#[test]
fn create_ingress_is_explained() {
    let mut cluster = Cluster::new(1);
    let error = fails(&mut cluster, r#"kubectl create ingress hello-world-flask --rule="/=hello-world-flask:5000""#);
    assert!(error.contains("Ingress (`kubectl create ingress`) is not simulated by kubeplay"), "{error}");
    assert!(error.contains("load curl"), "{error}");
}

// The seeds typed as written, through a Session: `tests/it/seeds.rs`.
