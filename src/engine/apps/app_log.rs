//! What the catalogue's servers write to their container log (PID 1's stdout and stderr, which
//! `kubectl logs` prints): their start-up lines, then one line per HTTP request they answer.
//! Shell programs write their own (`echo`); the other servers stay silent.
//!
//! Models nginx's `docker-entrypoint.sh` and `log_format combined`, Werkzeug's development
//! server and the `app.js` of note 003. Simplified: every request is a `GET` over HTTP/1.1,
//! and timestamps are cluster time.

use super::AppProfile;
use crate::api::Container;
use crate::engine::time::{civil_from_days, SimTime};

/// The access-log format of a catalogued server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogStyle {
    /// Writes nothing to its log (or, for a shell program, what its script echoes).
    Silent,
    /// nginx's `combined` format on stdout (and images whose PID 1 is nginx).
    Nginx,
    /// Werkzeug's development server (the course's `hello-world-flask`).
    Flask,
    /// Note 003's `app.js`: `console.log(request.connection.remoteAddress)`.
    NodeDemo,
}

/// Who sent a request, as the server's access log shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Client<'a> {
    pub ip: &'a str,
    pub user_agent: &'a str,
}

/// `User-Agent` of the kubelet's HTTP probes, `kube-probe/<major>.<minor>` of `KUBERNETES_VERSION`.
pub const PROBE_USER_AGENT: &str = "kube-probe/1.35";
pub const CURL_USER_AGENT: &str = "curl/8.5.0";
/// busybox `wget` sends this `User-Agent`.
pub const WGET_USER_AGENT: &str = "Wget";
pub const AB_USER_AGENT: &str = "ApacheBench/2.3";
/// The playground's open-loop generator (`load start`), a Go program like `hey`.
pub const STEADY_USER_AGENT: &str = "Go-http-client/1.1";

/// nginx version of the image tags that do not name one (`latest`, `alpine`, none).
const NGINX_LATEST: &str = "1.27.3";

impl LogStyle {
    /// The log format of `profile`'s PID 1.
    pub fn of(profile: &AppProfile) -> LogStyle {
        if profile.runs_shell || profile.listen_ports.is_empty() {
            return LogStyle::Silent;
        }
        match (profile.kind.as_str(), profile.process_name.as_str()) {
            (_, "nginx") => LogStyle::Nginx,
            ("hello-world-flask", _) => LogStyle::Flask,
            ("node-unhealthy", _) => LogStyle::NodeDemo,
            _ => LogStyle::Silent,
        }
    }
}

/// What PID 1 prints when it starts at `now` in a pod with address `pod_ip`, on a node with
/// `cpus` CPUs (nginx starts one worker per CPU).
pub fn start_lines(profile: &AppProfile, spec: &Container, pod_ip: &str, cpus: u32, now: SimTime) -> Vec<String> {
    match LogStyle::of(profile) {
        LogStyle::Silent => Vec::new(),
        LogStyle::Nginx if profile.kind == "nginx" => nginx_start(spec, cpus, now),
        LogStyle::Nginx => Vec::new(),
        LogStyle::Flask => {
            let port = profile.listen_ports.first().copied().unwrap_or(5000);
            vec![
                " * Serving Flask app 'app'".into(),
                " * Debug mode: off".into(),
                "WARNING: This is a development server. Do not use it in a production deployment. Use a production WSGI server instead.".into(),
                " * Running on all addresses (0.0.0.0)".into(),
                format!(" * Running on http://127.0.0.1:{port}"),
                format!(" * Running on http://{pod_ip}:{port}"),
                "Press CTRL+C to quit".into(),
            ]
        }
        LogStyle::NodeDemo => vec!["server starting".into()],
    }
}

/// `nginx:<tag>` at start: the entrypoint's configuration steps (images from 1.19 on), then
/// the `notice` lines the error log shows (its level is `notice` from then on).
fn nginx_start(spec: &Container, cpus: u32, now: SimTime) -> Vec<String> {
    let version = nginx_version(&spec.image);
    let mut numbers = version.split('.').map(|n| n.parse::<u32>().unwrap_or(0));
    let (major, minor) = (numbers.next().unwrap_or(1), numbers.next().unwrap_or(0));
    if (major, minor) < (1, 19) {
        return Vec::new();
    }
    let mut lines = Vec::new();
    // `command` replaces the ENTRYPOINT: docker-entrypoint.sh does not run.
    if spec.command.is_none() {
        const ENTRYPOINT: &str = "/docker-entrypoint.sh";
        const DEFAULT_CONF: &str = "/etc/nginx/conf.d/default.conf";
        const IPV6: &str = "10-listen-on-ipv6-by-default.sh";
        lines.extend([
            format!("{ENTRYPOINT}: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"),
            format!("{ENTRYPOINT}: Looking for shell scripts in /docker-entrypoint.d/"),
            format!("{ENTRYPOINT}: Launching /docker-entrypoint.d/{IPV6}"),
            format!("{IPV6}: info: Getting the checksum of {DEFAULT_CONF}"),
            format!("{IPV6}: info: Enabled listen on IPv6 in {DEFAULT_CONF}"),
            format!("{ENTRYPOINT}: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh"),
            format!("{ENTRYPOINT}: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh"),
            format!("{ENTRYPOINT}: Launching /docker-entrypoint.d/30-tune-worker-processes.sh"),
            format!("{ENTRYPOINT}: Configuration complete; ready for start up"),
        ]);
    }
    let stamp = nginx_error_time(now);
    let notice = |text: &str| format!("{stamp} [notice] 1#1: {text}");
    lines.extend([
        notice("using the \"epoll\" event method"),
        notice(&format!("nginx/{version}")),
        notice("built by gcc 12.2.0 (Debian 12.2.0-14)"),
        notice("OS: Linux 6.8.0-49-generic"),
        notice("getrlimit(RLIMIT_NOFILE): 1048576:1048576"),
        notice("start worker processes"),
    ]);
    // The entrypoint's scripts ran as processes before nginx: its workers' PIDs follow theirs.
    let first_pid = if spec.command.is_none() { 29 } else { 7 };
    for worker in 0..cpus.clamp(1, 64) {
        lines.push(notice(&format!("start worker process {}", first_pid + worker)));
    }
    lines
}

/// The nginx version an image reference names (`nginx:1.14.2`), or the latest.
fn nginx_version(image: &str) -> String {
    let without_digest = image.split('@').next().unwrap_or(image);
    let last = without_digest.rsplit('/').next().unwrap_or(without_digest);
    let tag = last.split_once(':').map_or("", |(_, tag)| tag);
    let version = tag.split('-').next().unwrap_or("");
    let numeric =
        !version.is_empty() && version.split('.').all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if !numeric {
        return NGINX_LATEST.into();
    }
    match version.split('.').count() {
        // `nginx:1` or `nginx:1.27`: that line's newest release.
        1 | 2 if version.starts_with("1.27") || version == "1" => NGINX_LATEST.into(),
        1 | 2 => format!("{version}.0"),
        _ => version.into(),
    }
}

/// The line the server writes for one answered request (`None`: it writes none).
/// `body_bytes` is the size of the answer's body (nginx's `$body_bytes_sent`).
pub fn request_line(
    style: LogStyle,
    client: Client<'_>,
    path: &str,
    status: u16,
    body_bytes: usize,
    now: SimTime,
) -> Option<String> {
    let Client { ip, user_agent } = client;
    match style {
        LogStyle::Silent => None,
        LogStyle::Nginx => Some(format!(
            "{ip} - - [{}] \"GET {path} HTTP/1.1\" {status} {body_bytes} \"-\" \"{user_agent}\" \"-\"",
            nginx_access_time(now)
        )),
        LogStyle::Flask => Some(format!("{ip} - - [{}] \"GET {path} HTTP/1.1\" {status} -", flask_time(now))),
        LogStyle::NodeDemo => Some(format!("::ffff:{ip}")),
    }
}

/// (year, month, day, hour, minute, second) of a cluster time (epoch 2026-01-01T00:00:00Z).
fn civil(now: SimTime) -> (i64, u32, u32, u64, u64, u64) {
    const EPOCH_DAYS: i64 = 20_454;
    let secs = now.as_millis() / 1000;
    let (y, mo, d) = civil_from_days(EPOCH_DAYS + (secs / 86_400) as i64);
    let rem = secs % 86_400;
    (y, mo, d, rem / 3600, rem % 3600 / 60, rem % 60)
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// nginx's error-log time, `2026/01/01 00:00:05`.
fn nginx_error_time(now: SimTime) -> String {
    let (y, mo, d, h, mi, s) = civil(now);
    format!("{y}/{mo:02}/{d:02} {h:02}:{mi:02}:{s:02}")
}

/// nginx's `$time_local`, `01/Jan/2026:00:00:07 +0000`.
fn nginx_access_time(now: SimTime) -> String {
    let (y, mo, d, h, mi, s) = civil(now);
    let month = MONTHS[(mo as usize).saturating_sub(1).min(11)];
    format!("{d:02}/{month}/{y}:{h:02}:{mi:02}:{s:02} +0000")
}

/// Werkzeug's request time, `01/Jan/2026 00:00:07`.
fn flask_time(now: SimTime) -> String {
    let (y, mo, d, h, mi, s) = civil(now);
    let month = MONTHS[(mo as usize).saturating_sub(1).min(11)];
    format!("{d:02}/{month}/{y} {h:02}:{mi:02}:{s:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn profile(image: &str) -> (AppProfile, Container) {
        let container = Container { name: "c".into(), image: image.into(), ..Default::default() };
        (super::super::profile_for(&container, &BTreeMap::new()), container)
    }

    #[test]
    fn probe_agent_matches_the_cluster_version() {
        let version = PROBE_USER_AGENT.trim_start_matches("kube-probe/");
        assert!(crate::engine::KUBERNETES_VERSION.starts_with(&format!("v{version}.")));
    }

    #[test]
    fn styles_of_the_catalogue() {
        let style = |image: &str| LogStyle::of(&profile(image).0);
        assert_eq!(style("nginx:1.27"), LogStyle::Nginx);
        assert_eq!(style("registry.k8s.io/echoserver:1.10"), LogStyle::Nginx);
        assert_eq!(style("lyzhang1999/hello-world-flask:latest"), LogStyle::Flask);
        assert_eq!(style("k8s-node-demo-unhealth-image"), LogStyle::NodeDemo);
        assert_eq!(style("busybox"), LogStyle::Silent);
        assert_eq!(style("redis"), LogStyle::Silent);
    }

    #[test]
    fn nginx_versions_and_start_lines() {
        assert_eq!(nginx_version("nginx"), NGINX_LATEST);
        assert_eq!(nginx_version("nginx:latest"), NGINX_LATEST);
        assert_eq!(nginx_version("nginx:1.14.2"), "1.14.2");
        assert_eq!(nginx_version("docker.io/library/nginx:1.25.3-alpine"), "1.25.3");
        let (p, c) = profile("nginx:1.14.2");
        assert!(start_lines(&p, &c, "10.244.1.2", 2, SimTime::ZERO).is_empty(), "error_log at warn before 1.19");
        let (p, c) = profile("nginx");
        let lines = start_lines(&p, &c, "10.244.1.2", 2, SimTime::from_secs(5));
        assert_eq!(lines.len(), 9 + 6 + 2);
        assert_eq!(
            lines[0],
            "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"
        );
        assert_eq!(lines[8], "/docker-entrypoint.sh: Configuration complete; ready for start up");
        assert_eq!(lines[9], "2026/01/01 00:00:05 [notice] 1#1: using the \"epoll\" event method");
        assert_eq!(lines[10], "2026/01/01 00:00:05 [notice] 1#1: nginx/1.27.3");
        assert_eq!(lines[16], "2026/01/01 00:00:05 [notice] 1#1: start worker process 30");
    }

    #[test]
    fn request_lines() {
        let client = Client { ip: "10.244.1.1", user_agent: CURL_USER_AGENT };
        let at = SimTime::from_secs(86_400 * 40 + 7);
        assert_eq!(
            request_line(LogStyle::Nginx, client, "/", 200, 615, at).unwrap(),
            "10.244.1.1 - - [10/Feb/2026:00:00:07 +0000] \"GET / HTTP/1.1\" 200 615 \"-\" \"curl/8.5.0\" \"-\""
        );
        assert_eq!(
            request_line(LogStyle::Flask, client, "/", 200, 0, at).unwrap(),
            "10.244.1.1 - - [10/Feb/2026 00:00:07] \"GET / HTTP/1.1\" 200 -"
        );
        assert_eq!(request_line(LogStyle::NodeDemo, client, "/", 500, 0, at).unwrap(), "::ffff:10.244.1.1");
        assert_eq!(request_line(LogStyle::Silent, client, "/", 200, 0, at), None);
    }

    // ------------------------------------------------ `kubectl logs` of a running cluster

    use crate::cmd::{run, NoFiles};
    use crate::engine::kubelet::{MAX_LOG_BYTES, MAX_LOG_LINES};
    use crate::engine::time::SimDuration;
    use crate::engine::Cluster;

    fn sh(cluster: &mut Cluster, line: &str) -> String {
        let out = run(cluster, &NoFiles, line);
        assert!(out.ok, "{line}: {}", out.text);
        out.text
    }

    fn first_pod(cluster: &Cluster, prefix: &str) -> String {
        cluster.store.pods().keys().find(|name| name.starts_with(prefix)).cloned().expect("a pod")
    }

    fn pod_ip(cluster: &Cluster, pod: &str) -> String {
        cluster.runtimes[pod].ip.to_string()
    }

    /// `10.244.N.1`: the bridge of the pod's node, where probes and Service traffic come from.
    fn gateway(ip: &str) -> String {
        format!("{}.1", ip.rsplit_once('.').expect("an IPv4").0)
    }

    #[test]
    fn nginx_logs_its_start_then_probes_curl_and_ab() {
        let mut cluster = Cluster::new(1);
        let manifest = "apiVersion: v1\nkind: Pod\nmetadata: {name: web, labels: {app: web}}\nspec:\n  containers:\n  - name: nginx\n    image: nginx\n    readinessProbe:\n      httpGet: {path: /, port: 80}\n      periodSeconds: 10\n";
        cluster.apply_yaml(manifest).expect("apply");
        sh(&mut cluster, "kubectl create service clusterip web --tcp=80:80");
        cluster.run_for(SimDuration::from_secs(20));
        let logs = sh(&mut cluster, "kubectl logs web");
        let lines: Vec<&str> = logs.lines().collect();
        assert_eq!(
            lines[0],
            "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"
        );
        assert!(lines.contains(
            &"10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf"
        ));
        assert!(lines.contains(&"/docker-entrypoint.sh: Configuration complete; ready for start up"));
        let started = match cluster.runtimes["web"].containers[0].state {
            crate::engine::kubelet::CState::Running { started_at } => started_at,
            ref other => panic!("{other:?}"),
        };
        let notice = format!("{} [notice] 1#1: ", nginx_error_time(started));
        assert!(lines.contains(&format!("{notice}using the \"epoll\" event method").as_str()), "{logs}");
        assert!(lines.contains(&format!("{notice}nginx/1.27.3").as_str()), "{logs}");
        assert!(lines.contains(&format!("{notice}start worker processes").as_str()), "{logs}");
        let ip = pod_ip(&cluster, "web");
        let probe = format!("{} - - [", gateway(&ip));
        let probes: Vec<&&str> = lines.iter().filter(|l| l.starts_with(&probe)).collect();
        assert!(!probes.is_empty(), "{logs}");
        assert!(probes[0].ends_with("] \"GET / HTTP/1.1\" 200 245 \"-\" \"kube-probe/1.35\" \"-\""), "{}", probes[0]);

        // curl from a shell in the pod comes from its loopback.
        let exec = cluster.exec_in_container("web", None, &["curl".into(), "-s".into(), "localhost/nope".into()]);
        assert_eq!(exec.expect("exec").exit_code, 0);
        let logs = sh(&mut cluster, "kubectl logs web --tail 1");
        assert!(logs.starts_with("127.0.0.1 - - [01/Jan/2026:00:00:20 +0000] \"GET /nope HTTP/1.1\" 404 "), "{logs}");
        assert!(logs.ends_with(" \"-\" \"curl/8.5.0\" \"-\""), "{logs}");

        // ab through the Service: one line per request.
        sh(&mut cluster, "load ab -c 2 -n 5 web");
        cluster.run_for(SimDuration::from_secs(3));
        let logs = sh(&mut cluster, "kubectl logs web");
        let ab: Vec<&str> = logs.lines().filter(|l| l.contains("ApacheBench/2.3")).collect();
        assert_eq!(ab.len(), 5, "{logs}");
        assert!(ab[0].starts_with(&format!("{} - - [01/Jan/2026:00:00:2", gateway(&ip))), "{}", ab[0]);
        assert!(ab[0].contains("] \"GET / HTTP/1.1\" 200 245 \"-\" \"ApacheBench/2.3\" \"-\""), "{}", ab[0]);
    }

    #[test]
    fn flask_logs_werkzeug_start_and_requests() {
        let mut cluster = Cluster::new(1);
        sh(&mut cluster, "kubectl create deployment hello-world-flask --image=lyzhang1999/hello-world-flask:latest");
        sh(&mut cluster, "kubectl create service clusterip hello-world-flask --tcp=5000:5000");
        cluster.run_for(SimDuration::from_secs(30));
        let pod = first_pod(&cluster, "hello-world-flask-");
        let ip = pod_ip(&cluster, &pod);
        let start = format!(
            " * Serving Flask app 'app'\n * Debug mode: off\nWARNING: This is a development server. Do not use it in a production deployment. Use a production WSGI server instead.\n * Running on all addresses (0.0.0.0)\n * Running on http://127.0.0.1:5000\n * Running on http://{ip}:5000\nPress CTRL+C to quit"
        );
        assert_eq!(sh(&mut cluster, &format!("kubectl logs {pod}")), start);
        sh(&mut cluster, "load curl hello-world-flask --every 1s");
        cluster.run_for(SimDuration::from_millis(2500));
        sh(&mut cluster, "load stop");
        let logs = sh(&mut cluster, &format!("kubectl logs {pod}"));
        let requests: Vec<&str> = logs.strip_prefix(&start).expect("start lines first").lines().skip(1).collect();
        let gw = gateway(&ip);
        assert_eq!(
            requests,
            [
                format!("{gw} - - [01/Jan/2026 00:00:30] \"GET / HTTP/1.1\" 200 -"),
                format!("{gw} - - [01/Jan/2026 00:00:31] \"GET / HTTP/1.1\" 200 -"),
            ],
            "{logs}"
        );
    }

    #[test]
    fn node_demo_logs_remote_addresses_and_previous_keeps_them() {
        // Note 003: the liveness probe's 6th answer is a 500; three failures restart the app.
        let manifest = "apiVersion: v1\nkind: Pod\nmetadata: {name: k8s-node-demo-unhealth-pod}\nspec:\n  containers:\n  - image: k8s-node-demo-unhealth-image\n    imagePullPolicy: Never\n    name: k8s-node-demo-unhealth-container\n    livenessProbe:\n      httpGet: {path: /, port: 8080}\n";
        let mut cluster = Cluster::new(1);
        cluster.apply_yaml(manifest).expect("apply");
        cluster.run_for(SimDuration::from_secs(5));
        let pod = "k8s-node-demo-unhealth-pod";
        assert_eq!(sh(&mut cluster, &format!("kubectl logs {pod}")), "server starting");
        let gw = gateway(&pod_ip(&cluster, pod));
        let restarted = cluster.run_until_cond(SimDuration::from_secs(300), |c| {
            c.runtimes.get(pod).is_some_and(|rt| rt.containers[0].restart_count == 1 && rt.containers[0].ready)
        });
        assert!(restarted);
        let previous = sh(&mut cluster, &format!("kubectl logs {pod} --previous"));
        let probe = format!("::ffff:{gw}");
        let mut expected = vec!["server starting"];
        expected.extend(std::iter::repeat_n(probe.as_str(), 8));
        assert_eq!(previous.lines().collect::<Vec<_>>(), expected, "5 answers of 200, then three 500s");
        let current = sh(&mut cluster, &format!("kubectl logs {pod}"));
        assert_eq!(current.lines().next(), Some("server starting"), "{current}");
        // A request from a shell in the pod comes over the loopback.
        cluster.run_for(SimDuration::from_secs(1));
        let exec = cluster.exec_in_container(pod, None, &["curl".into(), "-s".into(), "localhost:8080".into()]);
        assert_eq!(exec.expect("exec").exit_code, 0);
        let current = sh(&mut cluster, &format!("kubectl logs {pod} --tail 1"));
        assert_eq!(current, "::ffff:127.0.0.1");
    }

    /// An `ab -c 50 -n 10000` burst at 50 nginx pods: each container keeps only its newest
    /// `MAX_LOG_LINES` lines, so the logs stay small whatever the request count.
    #[test]
    fn access_logs_stay_bounded_under_an_ab_burst() {
        let mut cluster = Cluster::new(1);
        sh(&mut cluster, "kubectl create deployment web --image=nginx --replicas=50");
        sh(&mut cluster, "kubectl create service clusterip web --tcp=80:80");
        cluster.run_for(SimDuration::from_secs(60));
        sh(&mut cluster, "load ab -c 50 -n 10000 web");
        let done = cluster.run_until_cond(SimDuration::from_secs(600), |c| c.load_status().iter().all(|s| !s.running));
        assert!(done);
        let status = cluster.load_status();
        assert_eq!(status[0].ok, 10_000, "{status:?}");
        let containers: Vec<_> = cluster.runtimes.values().flat_map(|rt| rt.containers.iter()).collect();
        assert_eq!(containers.len(), 50);
        let mut ab_lines = 0;
        let mut bytes = 0;
        let mut runs = 0;
        for c in &containers {
            assert!(c.logs.len() <= MAX_LOG_LINES, "{}", c.logs.len());
            assert!(c.logs.bytes() <= MAX_LOG_BYTES);
            bytes += c.logs.bytes();
            runs += c.logs.runs();
            ab_lines += c.logs.lines().iter().filter(|l| l.contains("ApacheBench/2.3")).count();
            assert!(c.logs.last().expect("a line").contains("ApacheBench/2.3"));
        }
        // 10 000 requests over 50 pods (~200 each): the pods that served more than fit kept
        // their newest lines; the lines of one second are held once with a count.
        assert!(ab_lines > 9_000 && ab_lines < 10_000, "{ab_lines}");
        assert!(runs < 50 * 40, "{runs} runs");
        assert!(bytes < 50 * MAX_LOG_LINES * 120, "{bytes} bytes");
    }
}
