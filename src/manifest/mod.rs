//! Manifests: YAML text in, validated and defaulted API objects out, as `kubectl apply`
//! and the API server would see them. The whole input is checked before anything is returned,
//! so a rejected apply changes nothing.

pub(crate) mod decode;
pub mod defaults;
pub mod emit;
mod notes;
pub mod suggest;
pub(crate) mod tree;
pub(crate) mod typed;
pub mod validate;
pub(crate) mod yaml;

use crate::api::{Deployment, HorizontalPodAutoscaler, Node, ObjectMeta, Pod, ReplicaSet, Service};

pub use decode::SUPPORTED_KINDS;
pub use validate::{kubeplay_replicas_limit, MAX_CONTAINERS, MAX_REPLICAS};

/// Most bytes of manifest text accepted at once (kubeplay limit; the real API server refuses
/// requests over 1.5 MB, and one MiB keeps parsing quick in a browser tab).
pub const MAX_INPUT_BYTES: usize = 1024 * 1024;
/// Most non-empty documents accepted at once (kubeplay limit).
pub const MAX_DOCUMENTS: usize = 100;

/// A decoded API object of one of the kinds kubeplay simulates.
#[derive(Clone, Debug, PartialEq)]
pub enum Object {
    Pod(Pod),
    Deployment(Deployment),
    ReplicaSet(ReplicaSet),
    Service(Service),
    Hpa(HorizontalPodAutoscaler),
    Node(Node),
}

/// One object from the input, defaulted and valid.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    pub object: Object,
    /// File line (1-based) where the object's document starts (its first non-comment line).
    pub line: usize,
    /// `Warning: <path>: not simulated by kubeplay (accepted and ignored)` lines, ready to
    /// print as kubectl prints server warnings.
    pub notes: Vec<String>,
}

/// Why an input was rejected. `Display` gives kubectl's text (possibly several lines).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManifestError {
    /// The whole message, e.g. `The Deployment "web" is invalid: spec.replicas: …`.
    pub message: String,
    /// File line (1-based) of the problem, or of the document it is in.
    pub line: Option<usize>,
    /// Column (1-based), when the exact spot is known.
    pub column: Option<usize>,
    /// Field path of the problem (`spec.template.spec.containers[0].livenessprobe`), if any.
    pub path: Option<String>,
}

impl std::fmt::Display for ManifestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ManifestError {}

impl Object {
    /// `Deployment`, `HorizontalPodAutoscaler`, …
    pub fn kind(&self) -> &str {
        match self {
            Object::Pod(_) => "Pod",
            Object::Deployment(_) => "Deployment",
            Object::ReplicaSet(_) => "ReplicaSet",
            Object::Service(_) => "Service",
            Object::Hpa(_) => "HorizontalPodAutoscaler",
            Object::Node(_) => "Node",
        }
    }

    pub fn metadata(&self) -> &ObjectMeta {
        match self {
            Object::Pod(pod) => &pod.metadata,
            Object::Deployment(deployment) => &deployment.metadata,
            Object::ReplicaSet(replica_set) => &replica_set.metadata,
            Object::Service(service) => &service.metadata,
            Object::Hpa(hpa) => &hpa.metadata,
            Object::Node(node) => &node.metadata,
        }
    }

    pub fn name(&self) -> &str {
        &self.metadata().name
    }

    /// kubectl's `<resource>.<group>/<name>`, as `kubectl apply` prints it: `deployment.apps/web`.
    pub fn kubectl_ref(&self) -> String {
        let resource = match self {
            Object::Pod(_) => "pod",
            Object::Deployment(_) => "deployment.apps",
            Object::ReplicaSet(_) => "replicaset.apps",
            Object::Service(_) => "service",
            Object::Hpa(_) => "horizontalpodautoscaler.autoscaling",
            Object::Node(_) => "node",
        };
        format!("{resource}/{}", self.name())
    }
}

/// Decodes, defaults and validates every document of `text`; `source` names the input in
/// messages (`STDIN` or a file name). Either every object is returned, or the first error.
pub fn parse_manifests(text: &str, source: &str) -> Result<Vec<Parsed>, ManifestError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(limit_error(format!(
            "error: {source} is {} bytes; kubeplay accepts at most {MAX_INPUT_BYTES} bytes (1 MiB) of manifests at once (kubeplay limit; a real API server refuses requests over 1.5 MB)",
            text.len()
        )));
    }
    let documents = decode::split_documents(text);
    if documents.len() > MAX_DOCUMENTS {
        return Err(limit_error(format!(
            "error: {source} has {} documents; kubeplay accepts at most {MAX_DOCUMENTS} at once (kubeplay limit)",
            documents.len()
        )));
    }
    let mut parsed = Vec::new();
    for document in &documents {
        let Some(decoded) = decode::decode_document(document, source)? else { continue };
        let mut object = decoded.object;
        let notes = notes::unsimulated_fields(&object);
        defaults::default_object(&mut object);
        let errors = validate::validate_object(&object, decoded.selector_given);
        let line = document.content_line.unwrap_or(document.start_line);
        if let Some(first) = errors.first() {
            let position = decode::locate(document, &first.path);
            return Err(ManifestError {
                message: validate::invalid_message(object.kind(), object.name(), &errors),
                line: Some(position.map_or(line, |(line, _)| line)),
                column: position.map(|(_, column)| column),
                path: Some(first.path.clone()),
            });
        }
        parsed.push(Parsed { object, line, notes });
    }
    Ok(parsed)
}

fn limit_error(message: String) -> ManifestError {
    ManifestError { message, line: None, column: None, path: None }
}

/// Go's `%q`, which kubectl uses for names in messages.
fn quote(text: &str) -> String {
    validate::go_quote(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::IntOrString;
    use std::path::PathBuf;

    fn parse(text: &str) -> Result<Vec<Parsed>, ManifestError> {
        parse_manifests(text, "STDIN")
    }

    /// Asserts the exact error message, line and (when given) column.
    fn check_error(text: &str, message: &str, line: usize, column: Option<usize>) {
        let error = parse(text).expect_err("the input should be rejected");
        assert_eq!(error.message, message);
        assert_eq!(error.line, Some(line), "line of {message}");
        if column.is_some() {
            assert_eq!(error.column, column, "column of {message}");
        }
    }

    fn examples_dir() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/k8s-examples")
    }

    fn example(name: &str) -> String {
        std::fs::read_to_string(examples_dir().join(name)).expect("example manifest present")
    }

    const WEB: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports:
        - containerPort: 80
        livenessProbe:
          httpGet:
            path: /
            port: 80
          initialDelaySeconds: 5
";

    #[test]
    fn official_examples_apply() {
        let expected: &[(&str, &[&str], usize)] = &[
            ("application-canary-app-v2-deployment.yaml", &["deployment.apps/canary-demo-canary"], 1),
            ("application-deployment-sidecar.yaml", &["deployment.apps/myapp"], 3),
            ("application-guestbook-frontend-deployment.yaml", &["deployment.apps/frontend"], 1),
            ("application-hpa-php-apache.yaml", &["horizontalpodautoscaler.autoscaling/php-apache"], 0),
            ("application-php-apache.yaml", &["deployment.apps/php-apache", "service/php-apache"], 0),
            ("controllers-frontend-replicaset.yaml", &["replicaset.apps/frontend"], 0),
            ("controllers-nginx-deployment.yaml", &["deployment.apps/nginx-deployment"], 0),
            ("pods-probe-exec-liveness.yaml", &["pod/liveness-exec"], 0),
            ("pods-probe-grpc-liveness.yaml", &["pod/etcd-with-grpc"], 0),
            ("pods-probe-http-liveness.yaml", &["pod/liveness-http"], 0),
            ("pods-probe-tcp-liveness-readiness.yaml", &["pod/goproxy"], 0),
        ];
        for (file, refs, n_notes) in expected {
            let parsed = parse_manifests(&example(file), file).unwrap_or_else(|e| panic!("{file}: {e}"));
            let actual: Vec<String> = parsed.iter().map(|p| p.object.kubectl_ref()).collect();
            assert_eq!(&actual, refs, "{file}");
            let notes: usize = parsed.iter().map(|p| p.notes.len()).sum();
            assert_eq!(notes, *n_notes, "{file}: {:?}", parsed.iter().map(|p| &p.notes).collect::<Vec<_>>());
        }
    }

    #[test]
    fn every_example_is_covered() {
        let mut files: Vec<String> = std::fs::read_dir(examples_dir())
            .expect("examples dir")
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .filter(|name| name.ends_with(".yaml"))
            .collect();
        files.sort();
        assert_eq!(files.len(), 12, "{files:?}");
    }

    #[test]
    fn example_notes_and_lines() {
        let parsed = parse(&example("application-deployment-sidecar.yaml")).expect("valid");
        assert_eq!(
            parsed[0].notes,
            vec![
                "Warning: spec.template.spec.containers[0].volumeMounts: not simulated by kubeplay (accepted and ignored)",
                "Warning: spec.template.spec.initContainers: not simulated by kubeplay (accepted and ignored)",
                "Warning: spec.template.spec.volumes: not simulated by kubeplay (accepted and ignored)",
            ]
        );
        let parsed = parse(&example("application-php-apache.yaml")).expect("valid");
        assert_eq!(parsed.iter().map(|p| p.line).collect::<Vec<_>>(), vec![1, 25]);
        let parsed = parse(&example("application-guestbook-frontend-deployment.yaml")).expect("valid");
        assert_eq!(parsed[0].line, 2, "the leading comment is not the document's start");
    }

    #[test]
    fn examples_are_defaulted() {
        let parsed = parse(&example("application-php-apache.yaml")).expect("valid");
        let Object::Deployment(deployment) = &parsed[0].object else { panic!("deployment first") };
        assert_eq!(deployment.spec.replicas, Some(1));
        let container = &deployment.spec.template.spec.containers[0];
        assert_eq!(container.image_pull_policy.as_deref(), Some("Always"));
        assert!(deployment.spec.template.spec.tolerations.is_empty());
        let Object::Service(service) = &parsed[1].object else { panic!("service second") };
        assert_eq!(service.spec.ports[0].target_port, Some(IntOrString::Int(80)));
        assert_eq!(service.spec.type_.as_deref(), Some("ClusterIP"));

        let parsed = parse(&example("pods-probe-exec-liveness.yaml")).expect("valid");
        let Object::Pod(pod) = &parsed[0].object else { panic!("pod") };
        assert_eq!(pod.spec.tolerations.len(), 2, "pods are admitted");
        let probe = pod.spec.containers[0].liveness_probe.as_ref().expect("probe");
        assert_eq!(
            (probe.period_seconds, probe.failure_threshold, probe.initial_delay_seconds),
            (Some(5), Some(3), Some(5))
        );

        let parsed = parse(&example("application-hpa-php-apache.yaml")).expect("valid");
        let Object::Hpa(hpa) = &parsed[0].object else { panic!("hpa") };
        assert_eq!(hpa.spec.metrics, vec![defaults::cpu_utilization_metric(50)]);
    }

    #[test]
    fn daemonset_is_named() {
        check_error(
            &example("controllers-daemonset.yaml"),
            r#"error: DaemonSet "fluentd-elasticsearch" is not simulated by kubeplay (supported kinds: Pod, Deployment, ReplicaSet, Service, HorizontalPodAutoscaler, Node)"#,
            1,
            None,
        );
    }

    #[test]
    fn kubectl_create_deployment_output_applies() {
        let generated = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n    app: web\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  strategy: {}\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - image: nginx\n        name: nginx\n        resources: {}\nstatus: {}\n";
        let older = generated
            .replace("metadata:\n  labels", "metadata:\n  creationTimestamp: null\n  labels")
            .replace("    metadata:\n      labels", "    metadata:\n      creationTimestamp: null\n      labels");
        assert_ne!(generated, older);
        for text in [generated.to_string(), older] {
            let parsed = parse(&text).expect("kubectl's own output applies");
            assert_eq!(parsed.len(), 1);
            assert!(parsed[0].notes.is_empty());
            let Object::Deployment(deployment) = &parsed[0].object else { panic!("deployment") };
            assert_eq!(deployment.spec.replicas, Some(3));
            assert_eq!(deployment.spec.strategy.as_ref().and_then(|s| s.type_.as_deref()), Some("RollingUpdate"));
            assert_eq!(deployment.status, None);
        }
    }

    /// `kubectl get deployment web -o yaml` from a real cluster applies, status and all.
    #[test]
    fn exported_objects_apply() {
        let exported = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    deployment.kubernetes.io/revision: \"1\"
  creationTimestamp: \"2024-05-01T10:00:00Z\"
  generation: 1
  labels:
    app: web
  name: web
  namespace: default
  resourceVersion: \"12345\"
  uid: 0b9f8c52-3f0e-4c38-9d9b-6a4b1e0f7a11
spec:
  progressDeadlineSeconds: 600
  replicas: 3
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      app: web
  strategy:
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 25%
    type: RollingUpdate
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: web
    spec:
      containers:
      - image: nginx
        imagePullPolicy: Always
        name: nginx
        resources: {}
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
      dnsPolicy: ClusterFirst
      restartPolicy: Always
      schedulerName: default-scheduler
      securityContext: {}
      terminationGracePeriodSeconds: 30
status:
  availableReplicas: 3
  conditions:
  - lastTransitionTime: \"2024-05-01T10:00:10Z\"
    lastUpdateTime: \"2024-05-01T10:00:10Z\"
    message: Deployment has minimum availability.
    reason: MinimumReplicasAvailable
    status: \"True\"
    type: Available
  observedGeneration: 1
  readyReplicas: 3
  replicas: 3
  updatedReplicas: 3
";
        let parsed = parse(exported).expect("exported deployment applies");
        assert!(parsed[0].notes.is_empty(), "{:?}", parsed[0].notes);
        let Object::Deployment(deployment) = &parsed[0].object else { panic!("deployment") };
        assert_eq!(deployment.status, None, "status is the controllers' to write");

        // A status kubeplay cannot read is dropped, not an error.
        let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: b}]\nstatus:\n  phase: Running\n  hostIPs: [{ip: 10.0.0.1}]\n  containerStatuses: [{name: a, containerID: x}]\n";
        let parsed = parse(pod).expect("pod with partial status applies");
        let Object::Pod(pod) = &parsed[0].object else { panic!("pod") };
        assert_eq!(pod.status, None);
    }

    #[test]
    fn multi_document_and_empty_documents() {
        let text = format!("---\n# nothing here\n---\n{WEB}---\n---\napiVersion: v1\nkind: Service\nmetadata: {{name: web}}\nspec:\n  selector: {{app: web}}\n  ports: [{{port: 80, targetPort: 80}}]\n...\n");
        let parsed = parse(&text).expect("valid");
        let refs: Vec<(String, usize)> = parsed.iter().map(|p| (p.object.kubectl_ref(), p.line)).collect();
        assert_eq!(refs, vec![("deployment.apps/web".to_string(), 4), ("service/web".to_string(), 30)]);
        assert_eq!(parse("").expect("empty input"), vec![]);
        assert_eq!(parse("# just a comment\n---\n").expect("only comments"), vec![]);
    }

    #[test]
    fn typos_give_path_line_and_suggestion() {
        let cases: &[(&str, &str, &str, usize, usize)] = &[
            (
                "        livenessProbe:",
                "        livenessprobe:",
                r#"Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].livenessprobe" (did you mean "livenessProbe"?) at line 20, column 9"#,
                20,
                9,
            ),
            (
                "          initialDelaySeconds: 5",
                "          initialDelaySecond: 5",
                r#"Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].livenessProbe.initialDelaySecond" (did you mean "initialDelaySeconds"?) at line 24, column 11"#,
                24,
                11,
            ),
            (
                "  replicas: 3",
                "  replica: 3",
                r#"Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica" (did you mean "replicas"?) at line 6, column 3"#,
                6,
                3,
            ),
            (
                "      containers:",
                "      contianers:",
                r#"Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.contianers" (did you mean "containers"?) at line 15, column 7"#,
                15,
                7,
            ),
            (
                "metadata:\n  name: web",
                "metdata:\n  name: web",
                r#"Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "metdata" (did you mean "metadata"?) at line 3, column 1"#,
                3,
                1,
            ),
            (
                "        - containerPort: 80",
                "        - containerport: 80",
                r#"Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].ports[0].containerport" (did you mean "containerPort"?) at line 19, column 11"#,
                19,
                11,
            ),
            (
                "    matchLabels:",
                "    matchLabel:",
                r#"Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.selector.matchLabel" (did you mean "matchLabels"?) at line 8, column 5"#,
                8,
                5,
            ),
        ];
        for (from, to, message, line, column) in cases {
            assert!(WEB.contains(from), "{from}");
            check_error(&WEB.replacen(from, to, 1), message, *line, Some(*column));
        }
        let error = parse(&WEB.replace("      - name: nginx", "      - name: nginx\n        volumeMount: []"))
            .expect_err("typo");
        assert_eq!(error.path.as_deref(), Some("spec.template.spec.containers[0].volumeMount"));
        assert!(error.message.ends_with(r#"(did you mean "volumeMounts"?) at line 17, column 9"#), "{}", error.message);
        // No plausible suggestion: no "did you mean".
        let error = parse(&WEB.replace("  replicas: 3", "  flavour: 3")).expect_err("unknown");
        assert!(error.message.ends_with(r#"unknown field "spec.flavour" at line 6, column 3"#), "{}", error.message);
    }

    #[test]
    fn typos_in_later_documents_report_file_lines() {
        let text = format!("{WEB}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n    targetport: 8080\n");
        check_error(
            &text,
            r#"Error from server (BadRequest): error when creating "STDIN": Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.ports[0].targetport" (did you mean "targetPort"?) at line 33, column 5"#,
            33,
            Some(5),
        );
        // Flow style: the line and column still point at the key.
        let flow = "{\n  apiVersion: \"v1\",\n  kind: \"Pod\",\n  metadata: {name: \"p\"},\n  spec: {containers: [{name: \"a\", imag: \"nginx\"}]},\n}\n";
        check_error(
            flow,
            r#"Error from server (BadRequest): error when creating "STDIN": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imag" (did you mean "image"?) at line 5, column 35"#,
            5,
            Some(35),
        );
    }

    #[test]
    fn wrong_types() {
        check_error(
            &WEB.replace("replicas: 3", "replicas: three"),
            r#"Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: spec.replicas: invalid type: string "three", expected an integer at line 6, column 13"#,
            6,
            Some(13),
        );
        check_error(
            &WEB.replace("port: 80\n", "port: [80]\n"),
            r#"Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: spec.template.spec.containers[0].livenessProbe.httpGet.port: invalid type: expected an integer or a string (like 80, "http" or "25%") at line 23, column 13"#,
            23,
            Some(13),
        );
        check_error(
            "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports:\n  - targetPort: 80\n",
            r#"The Service "web" is invalid: spec.ports[0].port: Required value"#,
            6,
            None,
        );
    }

    #[test]
    fn yaml_syntax_errors_have_file_lines() {
        let text = format!("{WEB}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p: q\n");
        check_error(
            &text,
            "error: error parsing STDIN: error converting YAML to JSON: yaml: line 29, column 10: mapping values are not allowed in this context",
            29,
            Some(10),
        );
        check_error(
            "apiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: a\n",
            "error: error parsing STDIN: error converting YAML to JSON: yaml: line 5, column 1: did not find expected ',' or '}', while parsing a flow mapping at line 4, column 16",
            5,
            Some(1),
        );
        check_error(
            "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: p\n",
            "error: error parsing STDIN: error converting YAML to JSON: yaml: line 4, column 1: found character that cannot start any token, while scanning for the next token",
            4,
            Some(1),
        );
    }

    #[test]
    fn kinds_and_versions() {
        check_error(
            &WEB.replace("apps/v1", "apps/v2"),
            "error: resource mapping not found for name: \"web\" namespace: \"\" from \"STDIN\": no matches for kind \"Deployment\" in version \"apps/v2\"\nensure CRDs are installed first (kubeplay serves Deployment as apiVersion \"apps/v1\")",
            1,
            None,
        );
        check_error(
            &WEB.replace("kind: Deployment", "kind: deployment"),
            "error: resource mapping not found for name: \"web\" namespace: \"\" from \"STDIN\": no matches for kind \"deployment\" in version \"apps/v1\"\nensure CRDs are installed first (did you mean kind \"Deployment\"?)",
            1,
            None,
        );
        check_error(
            &WEB.replace("kind: Deployment", "kind: StatefulSet"),
            r#"error: StatefulSet "web" is not simulated by kubeplay (supported kinds: Pod, Deployment, ReplicaSet, Service, HorizontalPodAutoscaler, Node)"#,
            1,
            None,
        );
        check_error(
            &WEB.replace("kind: Deployment\n", ""),
            r#"error: error validating "STDIN": error validating data: kind not set"#,
            1,
            None,
        );
        check_error(
            "metadata: {name: x}\n",
            r#"error: error validating "STDIN": error validating data: [apiVersion not set, kind not set]"#,
            1,
            None,
        );
        check_error(
            "---\n- a\n- b\n",
            "error: error parsing STDIN: the document at line 2 is not an object (expected a mapping with apiVersion, kind, metadata and spec)",
            2,
            None,
        );
    }

    #[test]
    fn hpa_versions() {
        let v1 = "apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  maxReplicas: 10\n  targetCPUUtilizationPercentage: 50\n";
        let parsed = parse(v1).expect("v1 applies");
        let Object::Hpa(hpa) = &parsed[0].object else { panic!("hpa") };
        assert_eq!(hpa.api_version, "autoscaling/v2");
        assert_eq!(hpa.spec.metrics, vec![defaults::cpu_utilization_metric(50)]);
        assert_eq!(hpa.spec.target_cpu_utilization_percentage, None);
        assert_eq!(hpa.spec.min_replicas, Some(1));
        let parsed = parse(&v1.replace("  targetCPUUtilizationPercentage: 50\n", "")).expect("v1 without target");
        let Object::Hpa(hpa) = &parsed[0].object else { panic!("hpa") };
        assert_eq!(hpa.spec.metrics, vec![defaults::cpu_utilization_metric(80)]);

        check_error(
            &v1.replace("autoscaling/v1", "autoscaling/v2"),
            r#"Error from server (BadRequest): error when creating "STDIN": HorizontalPodAutoscaler in version "v2" cannot be handled as a HorizontalPodAutoscaler: strict decoding error: unknown field "spec.targetCPUUtilizationPercentage" (an autoscaling/v1 field; in autoscaling/v2 use spec.metrics) at line 7, column 3"#,
            7,
            Some(3),
        );
        check_error(
            &format!("{v1}  metrics: []\n"),
            r#"Error from server (BadRequest): error when creating "STDIN": HorizontalPodAutoscaler in version "v1" cannot be handled as a HorizontalPodAutoscaler: strict decoding error: unknown field "spec.metrics" (it is an autoscaling/v2 field) at line 8, column 3"#,
            8,
            Some(3),
        );
    }

    #[test]
    fn validation_errors_point_at_lines() {
        check_error(
            &WEB.replace("image: nginx:1.25", "image: \"\""),
            r#"The Deployment "web" is invalid: spec.template.spec.containers[0].image: Required value"#,
            17,
            Some(9),
        );
        check_error(
            &WEB.replace("      labels:\n        app: web", "      labels:\n        app: x"),
            r#"The Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`"#,
            12,
            Some(7),
        );
        check_error(
            &WEB.replace(
                "          httpGet:\n            path: /\n            port: 80\n",
                "          periodSeconds: 3\n",
            ),
            r#"The Deployment "web" is invalid: spec.template.spec.containers[0].livenessProbe: Required value: must specify a handler type"#,
            20,
            Some(9),
        );
        check_error(
            &WEB.replace("name: web\n", "name: Web_1\n"),
            r#"The Deployment "Web_1" is invalid: metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"#,
            4,
            Some(3),
        );
    }

    #[test]
    fn duplicate_keys_and_merge_keys() {
        check_error(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n",
            "error: error parsing STDIN: error converting YAML to JSON: yaml: line 4, column 3: mapping key \"name\" already defined",
            4,
            Some(3),
        );
        let merged = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - &base {name: a, image: nginx, ports: [{containerPort: 80}]}\n  - <<: *base\n    name: b\n";
        let parsed = parse(merged).expect("merge keys apply");
        let Object::Pod(pod) = &parsed[0].object else { panic!("pod") };
        let containers: Vec<(&str, &str)> =
            pod.spec.containers.iter().map(|c| (c.name.as_str(), c.image.as_str())).collect();
        assert_eq!(containers, vec![("a", "nginx"), ("b", "nginx")]);
        let error = parse(&merged.replace("name: b", "nam: b")).expect_err("typo behind a merge");
        assert_eq!(error.path.as_deref(), Some("spec.containers[1].nam"));
        assert_eq!(error.line, Some(8), "the position comes from the path");
        assert!(error.message.ends_with(r#"(did you mean "name"?) at line 8, column 5"#), "{}", error.message);
    }

    #[test]
    fn quantities_are_checked() {
        let text = WEB.replace(
            "        ports:\n",
            "        resources:\n          limits:\n            memory: 100mb\n        ports:\n",
        );
        check_error(
            &text,
            r#"Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: spec.template.spec.containers[0].resources.limits.memory: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (got "100mb") at line 20, column 13"#,
            20,
            Some(13),
        );
        let good = WEB.replace("        ports:\n", "        resources:\n          requests: {cpu: 100m, memory: 128Mi}\n          limits: {cpu: 1, memory: 0.5Gi}\n        ports:\n");
        parse(&good).expect("valid quantities");
    }

    #[test]
    fn rejected_input_returns_nothing() {
        let text = format!("{WEB}---\n{}", WEB.replace("replicas: 3", "replicas: -3"));
        let error = parse(&text).expect_err("second document invalid");
        assert_eq!(
            error.message,
            r#"The Deployment "web" is invalid: spec.replicas: Invalid value: -3: must be greater than or equal to 0"#
        );
        assert_eq!(error.line, Some(31));
    }

    #[test]
    fn size_limits() {
        let big = format!("{WEB}#{}\n", "x".repeat(MAX_INPUT_BYTES));
        let error = parse(&big).expect_err("too big");
        assert!(error.message.starts_with("error: STDIN is 10489"), "{}", error.message);
        assert!(error.message.contains("at most 1048576 bytes (1 MiB)"));
        let many = format!("{WEB}---\n").repeat(MAX_DOCUMENTS + 1);
        check_limit(&many, "error: STDIN has 101 documents; kubeplay accepts at most 100 at once (kubeplay limit)");
        let exactly = format!("{WEB}---\n").repeat(MAX_DOCUMENTS);
        assert_eq!(parse(&exactly).expect("100 documents are fine").len(), MAX_DOCUMENTS);
    }

    fn check_limit(text: &str, message: &str) {
        assert_eq!(parse(text).expect_err("limit").message, message);
    }

    #[test]
    fn alias_bombs_and_deep_nesting_are_errors() {
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n";
        assert!(parse(bomb).is_err());
        let deep = format!("apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec: {{containers: [{{name: a, image: b, env: {}1{}}}]}}\n", "[".repeat(500), "]".repeat(500));
        assert!(parse(&deep).is_err());
    }

    /// Random deletions, duplications and line swaps of the examples must never panic.
    #[test]
    fn fuzzed_examples_never_panic() {
        let mut rng = crate::engine::rng::SimRng::new(7);
        let mut sources: Vec<String> = std::fs::read_dir(examples_dir())
            .expect("examples dir")
            .filter_map(|entry| entry.ok())
            .filter(|entry| entry.file_name().to_string_lossy().ends_with(".yaml"))
            .filter_map(|entry| std::fs::read_to_string(entry.path()).ok())
            .collect();
        sources.sort();
        sources.push(WEB.to_string());
        let mut n_rejected = 0;
        for round in 0..1500 {
            let source = &sources[round % sources.len()];
            let mut text: Vec<char> = source.chars().collect();
            for _ in 0..1 + rng.below(3) {
                if text.is_empty() {
                    break;
                }
                let at = rng.below(text.len() as u32) as usize;
                match rng.below(4) {
                    0 => {
                        text.remove(at);
                    }
                    1 => text.insert(at, [':', '-', ' ', '\n', '{', '"', '[', 'x', '\t', '#'][rng.below(10) as usize]),
                    2 => {
                        let c = text[at];
                        text.insert(at, c);
                    }
                    _ => {
                        let joined: String = text.iter().collect();
                        let mut lines: Vec<&str> = joined.lines().collect();
                        if lines.len() > 1 {
                            let a = rng.below(lines.len() as u32) as usize;
                            let b = rng.below(lines.len() as u32) as usize;
                            lines.swap(a, b);
                        }
                        text = lines.join("\n").chars().collect();
                    }
                }
            }
            let mutated: String = text.into_iter().collect();
            if let Err(error) = parse(&mutated) {
                n_rejected += 1;
                assert!(!error.message.is_empty());
                assert!(
                    error.line.is_none_or(|line| line >= 1 && line <= mutated.lines().count() + 1),
                    "{error:?}\n{mutated}"
                );
            }
        }
        assert!(n_rejected > 300, "mutations should mostly break things: {n_rejected}");
    }
}
