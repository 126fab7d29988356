//! The five seed notes (`../shared/seeds/`), each typed as the note types it, in order, through
//! a `Session` (the REPL's and the web console's door), with the note's observations checked.
//! Lines kubeplay cannot run as typed (a shell loop, `> FILE`, `docker build`, `vim`) must say
//! so and name the kubeplay way, which the test then types.

use kubeplay::cmd::Output;
use kubeplay::engine::time::SimDuration;
use kubeplay::engine::ClusterConfig;
use kubeplay::session::Session;
use std::collections::BTreeMap;

fn session(files: &[(&str, &str)]) -> Session {
    let mut s = Session::new(ClusterConfig::with_nodes(1, 3));
    let files: BTreeMap<String, String> = files.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
    s.set_files(Box::new(files));
    s
}

/// Types a line that must succeed.
fn ok(s: &mut Session, line: &str) -> String {
    let out = s.run(line);
    assert!(out.ok, "`{line}` failed:\n{}", out.text);
    out.text
}

/// Types a line that must fail.
fn refused(s: &mut Session, line: &str) -> String {
    let out = s.run(line);
    assert!(!out.ok, "`{line}` should fail, printed:\n{}", out.text);
    out.text
}

fn wait(s: &mut Session, secs: u64) {
    s.advance_by(SimDuration::from_secs(secs));
}

/// `kubectl get pod` rows as (name, ready, status, restarts).
fn rows(s: &mut Session, line: &str) -> Vec<(String, String, String, String)> {
    ok(s, line)
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f[0].to_string(), f[1].to_string(), f[2].to_string(), f[3].to_string())
        })
        .collect()
}

fn replicas(s: &Session, deployment: &str) -> i64 {
    s.cluster().store().deployments[deployment].spec.replicas.unwrap_or(0)
}

/// Seed 000: watch the pods, see their nodes, crash a container (it is restarted: Completed,
/// then Running with RESTARTS 1), power a node off (after the 5 min threshold its pods are
/// Terminating and replaced elsewhere).
#[test]
fn seed_000_as_typed() {
    let mut s = session(&[]);
    ok(&mut s, "kubectl create deployment web --image=nginx --replicas=3");
    wait(&mut s, 30);
    let table = ok(&mut s, "watch -n 1 kubectl get pod");
    assert_eq!(table.lines().count(), 4, "3 pods:\n{table}");
    assert!(s.watching(), "watch keeps printing");
    s.stop_watches();
    let wide = ok(&mut s, "kubectl get pod -owide");
    assert!(wide.lines().next().is_some_and(|h| h.contains("NODE")), "{wide}");
    // `docker stop` on the node: kubeplay's way is `kill POD --exit-code 0`.
    let error = refused(&mut s, "docker stop k8s_nginx_web");
    assert!(error.contains("no container engine"), "{error}");
    let (pod, ..) = rows(&mut s, "kubectl get pod")[0].clone();
    ok(&mut s, &format!("kill {pod} --exit-code 0"));
    let after = rows(&mut s, "kubectl get pod");
    assert!(after.iter().any(|r| r.0 == pod && r.2 == "Completed"), "{after:?}");
    wait(&mut s, 15);
    let after = rows(&mut s, "kubectl get pod");
    assert!(after.iter().any(|r| r.0 == pod && r.2 == "Running" && r.3.starts_with('1')), "{after:?}");
    // The node goes down: nothing for 5 minutes, then Terminating and a replacement.
    let node = s.cluster().store().pod(&pod).and_then(|p| p.spec.node_name.clone()).expect("bound");
    let victims = s.cluster().store().pods_on_node(&node);
    ok(&mut s, &format!("node power-off {node}"));
    wait(&mut s, 60);
    assert!(rows(&mut s, "kubectl get pod").iter().all(|r| r.2 == "Running"), "nothing yet after 1 min");
    // Eviction comes 40 s (NotReady) + 300 s (tolerations) after the power-off; the
    // replacement then goes through Pending and ContainerCreating to Running.
    wait(&mut s, 320);
    let after = rows(&mut s, "kubectl get pod -owide");
    assert!(after.iter().any(|r| victims.contains(&r.0) && r.2 == "Terminating"), "{after:?}");
    let running = after.iter().filter(|r| r.2 == "Running").count();
    assert_eq!(running, 3, "the Deployment keeps its 3 replicas: {after:?}");
}

/// Seed 001, every command in order: the Deployment, Service, Ingress (explained), the curl
/// loop (explained; `load curl` instead), `killall python3` (fail-over, then RESTARTS 1),
/// metrics-server, the HPA, the resource patch, and `ab` typed inside the pod's bash, which
/// loads that pod until the HPA scales out.
#[test]
fn seed_001_as_typed() {
    let mut s = session(&[]);
    let out = ok(
        &mut s,
        "kubectl create deployment hello-world-flask --image=lyzhang1999/hello-world-flask:latest --replicas=2",
    );
    assert_eq!(out, "deployment.apps/hello-world-flask created");
    let yaml = ok(&mut s, "kubectl create deployment hello-world-flask --image lyzhang1999/hello-world-flask:latest --replicas=2 --dry-run=client -o yaml");
    assert!(yaml.contains("kind: Deployment") && yaml.contains("replicas: 2"), "{yaml}");
    assert_eq!(
        ok(&mut s, "kubectl create service clusterip hello-world-flask --tcp=5000:5000"),
        "service/hello-world-flask created"
    );
    let error = refused(&mut s, r#"kubectl create ingress hello-world-flask --rule="/=hello-world-flask:5000""#);
    assert!(error.contains("not simulated"), "{error}");
    let error = refused(&mut s, "kubectl create -f https://ghproxy.com/https://raw.githubusercontent.com/lyzhang1999/resource/main/ingress-nginx/ingress-nginx.yaml");
    assert!(error.contains("ingress-nginx"), "{error}");
    wait(&mut s, 20);
    assert_eq!(rows(&mut s, "kubectl get pods").len(), 2);
    let error = refused(&mut s, r#"while true; do sleep 1; curl http://127.0.0.1; echo -e '\n'$(date);done"#);
    assert!(error.contains("load curl SERVICE --every 1s"), "{error}");
    ok(&mut s, "load curl hello-world-flask --every 1s");
    let pods = rows(&mut s, "kubectl get pods");
    let (victim, ..) = pods[0].clone();
    let (survivor, ..) = pods[1].clone();
    wait(&mut s, 3);
    let seen = ok(&mut s, "load logs hello-world-flask").lines().count();
    let out = s.run(&format!(r#"kubectl exec -it {victim} -- bash -c "killall python3""#));
    assert!(!s.in_shell(), "`bash -c` is one command, not an interactive shell: {out:?}");
    wait(&mut s, 3);
    let answers = ok(&mut s, "load logs hello-world-flask");
    let since: Vec<&str> = answers.lines().skip(seen).collect();
    assert!(
        !since.is_empty() && since.iter().all(|l| !l.contains(&victim)),
        "requests go to the healthy pod {survivor}: {since:?}"
    );
    wait(&mut s, 30);
    let pods = rows(&mut s, "kubectl get pods");
    assert!(pods.iter().any(|r| r.0 == victim && r.3.starts_with('1')), "RESTARTS is 1: {pods:?}");
    let answers = ok(&mut s, "load logs hello-world-flask");
    assert!(answers.lines().rev().take(10).any(|l| l.contains(&victim)), "the pod rejoins: {answers}");
    ok(&mut s, "load stop");
    ok(&mut s, "kubectl apply -f https://ghproxy.com/https://raw.githubusercontent.com/lyzhang1999/resource/main/metrics/metrics.yaml");
    ok(&mut s, "kubectl wait deployment -n kube-system metrics-server --for condition=Available=True --timeout=90s");
    ok(&mut s, "kubectl autoscale deployment hello-world-flask --cpu-percent=50 --min=2 --max=10");
    ok(
        &mut s,
        r#"kubectl patch deployment hello-world-flask --type='json' -p='[{"op": "add", "path": "/spec/template/spec/containers/0/resources", "value": {"requests": {"memory": "100Mi", "cpu": "100m"}}}]'"#,
    );
    wait(&mut s, 60);
    let running = rows(&mut s, "kubectl get pod --field-selector=status.phase==Running");
    assert_eq!(running.len(), 2, "two new pods: {running:?}");
    let (pod, ..) = running[0].clone();
    assert_eq!(ok(&mut s, &format!("kubectl exec -it {pod} -- bash")), "");
    assert_eq!(s.shell_prompt(), Some(format!("root@{pod}:/app# ")), "the note's prompt");
    let out = ok(&mut s, "ab -c 50 -n 10000 http://127.0.0.1:5000/");
    assert!(out.starts_with("This is ApacheBench"), "{out}");
    // While ab runs (the note watches from a second terminal), new replicas appear.
    wait(&mut s, 30);
    let top = s.cluster().pod_cpu_usage_millis(&pod).unwrap_or(0.0);
    assert!(top > 500.0, "ab loads the pod it runs in: {top}m");
    wait(&mut s, 30);
    assert!(replicas(&s, "hello-world-flask") > 2, "the HPA scaled out during ab");
    assert_eq!(s.run("exit"), Output::ok("exit"));
    let watched = rows(&mut s, "kubectl get pods --watch");
    assert!(watched.len() > 2, "{watched:?}");
    s.stop_watches();
    // The whole session replays to the same cluster (the shell lines included).
    let replayed = Session::replay(s.journal()).expect("replays");
    assert_eq!(replayed.snapshot(), s.snapshot());
}

const EXAMPLE_LIVENESS: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: example-deployment
spec:
  replicas: 3
  selector:
    matchLabels:
      app: example
  template:
    metadata:
      labels:
        app: example
    spec:
      containers:
      - name: example-container
        image: example-image
        ports:
        - containerPort: 80
        livenessProbe:
          httpGet:
            path: /healthz
            port: 80
          periodSeconds: 5
          initialDelaySeconds: 15
";

/// The note's autoscaling example puts an `autoscaler` block inside the container.
const EXAMPLE_AUTOSCALER: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: example-deployment
spec:
  replicas: 3
  selector:
    matchLabels:
      app: example
  template:
    metadata:
      labels:
        app: example
    spec:
      containers:
      - name: example-container
        image: example-image
        ports:
        - containerPort: 80
        resources:
          limits:
            cpu: \"500m\"
          requests:
            cpu: \"200m\"
        autoscaler:
          targetCPUUtilizationPercentage: 80
          minReplicas: 3
          maxReplicas: 10
";

const GRAY: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: old-app
spec:
  replicas: 3
  selector:
    matchLabels:
      app: old-app
  template:
    metadata:
      labels:
        app: old-app
    spec:
      containers:
      - name: old-app-container
        image: old-app-image
        ports:
        - containerPort: 80
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: new-app
spec:
  replicas: 1
  selector:
    matchLabels:
      app: new-app
  template:
    metadata:
      labels:
        app: new-app
    spec:
      containers:
      - name: new-app-container
        image: new-app-image
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: app-service
spec:
  type: LoadBalancer
  selector:
    app: old-app
  ports:
  - name: http
    port: 80
    targetPort: 80
";

const NEW_SERVICE: &str = "apiVersion: v1
kind: Service
metadata:
  name: app-service
spec:
  type: LoadBalancer
  selector:
    app: new-app
  ports:
  - name: http
    port: 80
    targetPort: 80
";

const APP_CONFIG: &str = "apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  app.properties: |
    database.url=jdbc:mysql://localhost/mydb
    database.username=admin
    database.password=secret
";

/// Seed 002: an essay whose commands are the everyday ones: apply a Deployment with an HTTP
/// liveness probe, `get pods`, `get events`, `logs`, `exec`, the autoscaling example (its
/// misplaced `autoscaler` block is refused as the API server refuses it), a gray release by
/// switching a Service's selector, and ConfigMap/StorageClass (not simulated: said so).
#[test]
fn seed_002_as_typed() {
    let mut s = session(&[
        ("example-deployment.yaml", EXAMPLE_LIVENESS),
        ("autoscale-deployment.yaml", EXAMPLE_AUTOSCALER),
        ("gray.yaml", GRAY),
        ("new-service.yaml", NEW_SERVICE),
        ("app-config.yaml", APP_CONFIG),
    ]);
    assert_eq!(ok(&mut s, "kubectl apply -f example-deployment.yaml"), "deployment.apps/example-deployment created");
    wait(&mut s, 60);
    let pods = rows(&mut s, "kubectl get pods");
    assert_eq!(pods.len(), 3, "{pods:?}");
    assert!(pods.iter().all(|r| r.1 == "1/1" && r.2 == "Running" && r.3 == "0"), "the probe passes: {pods:?}");
    let events = ok(&mut s, "kubectl get events");
    assert!(events.contains("Scheduled") && events.contains("Started"), "{events}");
    // The note's placeholders and redirections say what to do instead.
    let error = refused(&mut s, "kubectl logs <pod-name>");
    assert!(error.contains("replace the placeholder <pod-name>"), "{error}");
    let pod = pods[0].0.clone();
    ok(&mut s, &format!("kubectl logs {pod}"));
    let error = refused(&mut s, &format!("kubectl logs {pod}> pod.log"));
    assert!(error.contains("without `> FILE`"), "{error}");
    let error = refused(&mut s, "kubectl exec <pod-name> <container-name>-- <command>");
    assert!(error.contains("placeholder"), "{error}");
    assert_eq!(ok(&mut s, &format!("kubectl exec {pod} -c example-container -- echo hello")), "hello");
    // Re-applying the same file changes nothing.
    assert_eq!(ok(&mut s, "kubectl apply -f example-deployment.yaml"), "deployment.apps/example-deployment unchanged");
    // The autoscaling example: `autoscaler` is not a container field.
    let error = refused(&mut s, "kubectl apply -f autoscale-deployment.yaml");
    assert!(error.contains("unknown field \"spec.template.spec.containers[0].autoscaler\""), "{error}");
    // Gray release: the Service first selects old-app, then new-app.
    let out = ok(&mut s, "kubectl apply -f gray.yaml");
    assert!(out.contains("service/app-service created"), "{out}");
    wait(&mut s, 30);
    let endpoints = |s: &mut Session| ok(s, "kubectl describe service app-service");
    let before = endpoints(&mut s);
    assert_eq!(before.matches(":80,").count() + before.matches(":80\n").count(), 3, "old-app's 3 pods:\n{before}");
    assert_eq!(ok(&mut s, "kubectl apply -f new-service.yaml"), "service/app-service configured");
    wait(&mut s, 5);
    let after = ok(&mut s, "kubectl get endpointslices");
    let new_pod = s.cluster().store().pods().keys().find(|p| p.starts_with("new-app-")).cloned().expect("new-app pod");
    let ip = s.cluster().store().pod(&new_pod).and_then(|p| p.status.as_ref()?.pod_ip.clone()).expect("an IP");
    assert!(after.contains(&ip), "the Service now sends to new-app ({ip}):\n{after}");
    // ConfigMaps and storage are not simulated: said clearly.
    let error = refused(&mut s, "kubectl get configmaps app-config -o yaml > app-config.yaml");
    assert!(error.contains("without `> FILE`"), "{error}");
    let error = refused(&mut s, "kubectl apply -f app-config.yaml");
    assert!(error.contains("ConfigMap \"app-config\" is not simulated by kubeplay"), "{error}");
}

const UNHEALTHY: &str = "apiVersion: v1
kind: Pod
metadata:
  name: k8s-node-demo-unhealth-pod
spec:
  containers:
  - image: k8s-node-demo-unhealth-image
    imagePullPolicy: Never
    name: k8s-node-demo-unhealth-container
    livenessProbe:
      httpGet:
        path: /
        port: 8080
";

/// Seed 003: the app answers 500 after its 5th request; `port-forward` and `curl` trigger it
/// by hand, and the liveness probe restarts the container.
#[test]
fn seed_003_as_typed() {
    let mut s = session(&[("demo-liveness-probe.yaml", UNHEALTHY)]);
    let error = refused(&mut s, "docker build -t k8s-node-demo-unhealth-image .");
    assert!(error.contains("built in"), "{error}");
    assert_eq!(ok(&mut s, "kubectl create -f demo-liveness-probe.yaml"), "pod/k8s-node-demo-unhealth-pod created");
    wait(&mut s, 3);
    let out = ok(&mut s, "kubectl port-forward k8s-node-demo-unhealth-pod 8888:8080");
    assert!(out.starts_with("Forwarding from 127.0.0.1:8888 -> 8080"), "{out}");
    let mut answers = Vec::new();
    for _ in 0..6 {
        answers.push(s.run("curl localhost:8888").text);
    }
    assert!(answers[0].starts_with("客户端部署在k8s-node-demo-unhealth-pod之上"), "{answers:?}");
    assert!(answers.iter().any(|a| a.contains("服务端内部错误")), "500 after the 5th request: {answers:?}");
    wait(&mut s, 60);
    let pods = rows(&mut s, "kubectl get pod");
    assert!(pods[0].3 != "0", "RESTARTS went up: {pods:?}");
}

const LIVENESS: &str = "apiVersion: v1
kind: Pod
metadata:
  labels:
    test: liveness
  name: test-liveness-exec
spec:
  containers:
  - name: liveness
    image: busybox
    args:
    - /bin/sh
    - -c
    - touch /tmp/healthy; sleep 30; rm -rf /tmp/healthy; sleep 600
    livenessProbe:
      exec:
        command:
        - cat
        - /tmp/healthy
      initialDelaySeconds: 5
      periodSeconds: 5
";

/// Seed 004: an exec liveness probe fails once /tmp/healthy is gone; the container is
/// restarted in place and the pod stays Running. Inside its busybox shell the file can be
/// watched disappear.
#[test]
fn seed_004_as_typed() {
    let mut s = session(&[("liveness.yaml", LIVENESS)]);
    let error = refused(&mut s, "vim liveness.yaml");
    assert!(error.contains("no text editor"), "{error}");
    assert_eq!(ok(&mut s, "kubectl apply -f liveness.yaml"), "pod/test-liveness-exec created");
    wait(&mut s, 8);
    let table = ok(&mut s, "kubectl get pod");
    assert!(table.contains("test-liveness-exec   1/1     Running   0"), "{table}");
    ok(&mut s, "kubectl exec -it test-liveness-exec -- sh");
    assert_eq!(s.shell_prompt().as_deref(), Some("/ # "), "busybox's prompt");
    assert_eq!(ok(&mut s, "ls /tmp"), "healthy");
    assert_eq!(s.run("exit"), Output::ok("exit"));
    wait(&mut s, 40);
    let described = ok(&mut s, "kubectl describe pod test-liveness-exec");
    assert!(
        described.contains("Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory"),
        "{described}"
    );
    wait(&mut s, 180);
    let pods = rows(&mut s, "kubectl get pod");
    assert_eq!((pods[0].1.as_str(), pods[0].2.as_str()), ("1/1", "Running"), "{pods:?}");
    assert!(pods[0].3 != "0", "RESTARTS went up: {pods:?}");
}
