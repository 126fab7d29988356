//! Error texts (issue 9): whatever is typed, applied or played, a message says what is wrong in
//! kubectl's or plain words, never a library's internals (serde's `untagged enum`, Rust type
//! names, paths with `::`).

use crate::fuzz::{corpus_yaml, mutate};
use kubeplay::engine::rng::SimRng;
use kubeplay::engine::ClusterConfig;
use kubeplay::session::Session;

const MARKERS: [&str; 13] = [
    "untagged",
    "struct ",
    "enum ",
    "::",
    "serde",
    "EOF while parsing",
    "Option<",
    "Vec<",
    "i64",
    "u64",
    "i32",
    "u32",
    "usize",
];

fn check(what: &str, input: &str, text: &str, bad: &mut Vec<String>) {
    if let Some(marker) = MARKERS.iter().find(|m| text.contains(*m)) {
        bad.push(format!("{what} {input:?}\n  -> [{marker}] {text}"));
    }
}

/// Hand-written broken manifests: wrong types everywhere a learner might slip.
const BROKEN: &[&str] = &[
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: {name: c}}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: [nginx]}]}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx, ports: {containerPort: 80}}]}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx, ports: [{containerPort: eighty}]}]}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx, command: sh}]}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx, env: [{name: A, value: 1}]}]}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx, env: {A: b}}]}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx, resources: {limits: {cpu: [1]}}}]}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx, resources: {limits: {memory: lots}}}]}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx, livenessProbe: {httpGet: {port: [80]}}}]}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx, livenessProbe: {exec: {command: ls}}}]}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx, readinessProbe: {tcpSocket: {port: {a: 1}}}}]}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: [a]}\nspec: {containers: [{name: c, image: nginx}]}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {a: {b: c}}}\nspec: {containers: [{name: c, image: nginx}]}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: [p]}\nspec: {containers: [{name: c, image: nginx}]}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: p\n",
    "apiVersion: v1\nkind: Pod\n",
    "apiVersion: v1\nkind: [Pod]\n",
    "kind: Pod\nmetadata: {name: p}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx}], tolerations: {key: a}}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx}], nodeSelector: [a]}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx}], affinity: {nodeAffinity: []}}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx}], terminationGracePeriodSeconds: soon}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx}], restartPolicy: [Never]}\n",
    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {replicas: three, selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: nginx}]}}}\n",
    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {replicas: 1, selector: {matchLabels: [a]}, template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: nginx}]}}}\n",
    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {replicas: 1, selector: {matchExpressions: {key: a}}, template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: nginx}]}}}\n",
    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {replicas: 1, strategy: {rollingUpdate: {maxSurge: [1]}}, selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: nginx}]}}}\n",
    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {replicas: 1, strategy: Recreate, selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: nginx}]}}}\n",
    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {replicas: 1, selector: {matchLabels: {a: b}}, template: [x]}\n",
    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: []\n",
    "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: {port: 80}}\n",
    "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80, targetPort: [80]}]}\n",
    "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: eighty}], selector: [a]}\n",
    "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {type: [NodePort], ports: [{port: 80}]}\n",
    "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec: {scaleTargetRef: web, minReplicas: 1, maxReplicas: 3}\n",
    "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec: {scaleTargetRef: {kind: Deployment, name: web}, maxReplicas: 3, metrics: {type: Resource}}\n",
    "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec: {scaleTargetRef: {kind: Deployment, name: web}, maxReplicas: 3, metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: half}}}]}\n",
    "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec: {scaleTargetRef: {kind: Deployment, name: web}, maxReplicas: 3, behavior: {scaleDown: {policies: {type: Pods}}}}\n",
    "apiVersion: v1\nkind: Node\nmetadata: {name: node-1, labels: [a]}\n",
    "apiVersion: v1\nkind: Node\nmetadata: {name: node-1}\nspec: {taints: {key: a}}\n",
    "apiVersion: v1\nkind: Node\nmetadata: {name: node-1}\nspec: {unschedulable: maybe}\n",
    "- a\n- b\n",
    "just text",
    "42",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n   image: nginx\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx, image: busybox}]}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: &a {name: p}\nspec: *b\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: !!binary aGVsbG8=\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx, securityContext: {runAsUser: root}}]}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx, volumeMounts: {name: v}}]}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx}], volumes: {name: v}}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx, lifecycle: {preStop: {exec: {command: ls}}}}]}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx}], topologySpreadConstraints: {maxSkew: 1}}\n",
];

const BROKEN_SCENARIOS: &[&str] = &[
    "apiVersion: kubeplay.dev/v1\nkind: Scenario\nmetadata: {name: s}\nspec: {timeline: {at: 1s, run: x}}\n",
    "apiVersion: kubeplay.dev/v1\nkind: Scenario\nmetadata: {name: s}\nspec: {timeline: [{at: soon, run: x}]}\n",
    "apiVersion: kubeplay.dev/v1\nkind: Scenario\nmetadata: {name: s}\nspec: {timeline: [{at: 1s, run: [x]}]}\n",
    "apiVersion: kubeplay.dev/v1\nkind: Scenario\nmetadata: {name: s}\nspec: {nodes: 3}\n",
    "apiVersion: kubeplay.dev/v1\nkind: Scenario\nmetadata: {name: s}\nspec: {nodes: [{name: [a]}]}\n",
    "apiVersion: kubeplay.dev/v1\nkind: Scenario\nmetadata: {name: s}\nspec: {nodes: [{name: a, cpu: lots}]}\n",
    "apiVersion: kubeplay.dev/v1\nkind: Scenario\nmetadata: {name: s}\nspec: {files: [a]}\n",
    "apiVersion: kubeplay.dev/v1\nkind: Scenario\nmetadata: {name: s}\nspec: {seed: many}\n",
    "apiVersion: kubeplay.dev/v1\nkind: Scenario\nmetadata: {name: s}\nspec: []\n",
];

const BROKEN_COMMANDS: &[&str] = &[
    "kubectl patch deployment web --type=merge -p '{\"spec\":{\"replicas\":\"two\"}}'",
    "kubectl patch deployment web --type=merge -p '{\"spec\":{\"template\":[]}}'",
    "kubectl patch deployment web --type=merge -p '[1,2'",
    "kubectl patch deployment web --type=json -p '{\"op\":\"add\"}'",
    "kubectl patch deployment web --type=json -p '[{\"op\":\"jump\",\"path\":\"/spec\"}]'",
    "kubectl patch deployment web --type=json -p '[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":\"x\"}]'",
    "kubectl patch deployment web --type=strategic -p '{\"spec\":{\"template\":{\"spec\":{\"containers\":{\"name\":\"x\"}}}}}'",
    "kubectl patch deployment web -p 'spec: {replicas: [1]}'",
    "kubectl patch service web -p '{\"spec\":{\"ports\":[{\"port\":\"x\"}]}}'",
    "kubectl patch pod nope -p '{}'",
    "kubectl get pods -o jsonpath='{.items[*'",
    "kubectl get pods -o jsonpath='{range .items[*]}'",
    "kubectl get pods -o custom-columns=NAME",
    "kubectl get pods -o go-template='{{.x'",
    "kubectl get pods -l 'a in (b'",
    "kubectl get pods --field-selector=spec.nodeName",
    "kubectl scale deployment web --replicas=-1",
    "kubectl scale deployment web --replicas=x",
    "kubectl label pod x a=b=c",
    "kubectl set resources deployment web --limits=cpu=lots",
    "kubectl autoscale deployment web --max=x",
    "kubectl create deployment x --image=nginx --replicas=q",
    "kubectl create service clusterip s --tcp=x:y",
    "kubectl wait --for=condition pod/x",
    "kubectl rollout undo deployment/web --to-revision=x",
    "kubectl logs --tail=x deploy/web",
    "kubectl delete pod --grace-period=x web",
    "sleep forever",
    "sleep 1x",
    "node power-off",
    "load start web --rps many",
    "kill web --exit-code x",
    "kubectl exec deploy/web -- sh -c 'echo \"unterminated'",
    "kubectl exec deploy/web -- sh -c 'if true; then'",
    "kubectl exec deploy/web -- sh -c '$((1/0))'",
    "kubectl exec deploy/web -- sh -c 'echo $((2**'",
    "kubectl exec deploy/web -- sh -c 'grep \"[a\" /etc/hostname'",
    "kubectl exec deploy/web -- sh -c 'grep -E \"a{99999}\" /etc/hostname'",
    "kubectl exec deploy/web -- sh -c 'grep \"\\\\(\" /etc/hostname'",
    "kubectl exec deploy/web -- sh -c 'sed s/a/ /etc/hostname'",
    "kubectl exec deploy/web -- sh -c 'sed -e \"s/[/x/\" /etc/hostname'",
    "kubectl exec deploy/web -- sh -c 'awk \"{print\" /etc/hostname'",
    "kubectl exec deploy/web -- sh -c 'cat < /nonexistent'",
    "kubectl exec deploy/web -- sh -c 'for i in; do; done'",
];

fn session() -> Session {
    let mut session = Session::new(ClusterConfig::with_nodes(1, 3));
    session.run("kubectl create deployment web --image=nginx --replicas=1");
    session.run("kubectl create service clusterip web --tcp=80:80");
    session.advance_by(kubeplay::engine::time::SimDuration::from_secs(20));
    session
}

#[test]
fn error_texts_never_show_library_internals() {
    let mut bad = Vec::new();
    for yaml in BROKEN {
        let mut s = session();
        let out = s.apply_text("broken.yaml", yaml);
        check("apply", yaml, &out.text, &mut bad);
        // The same objects inside a scenario file.
        if let Err(e) = Session::from_scenario(yaml, "broken.yaml", None) {
            check("scenario manifests", yaml, &e, &mut bad);
        }
    }
    for yaml in BROKEN_SCENARIOS {
        let text = format!("{yaml}---\napiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec: {{containers: [{{name: c, image: nginx}}]}}\n");
        if let Err(e) = kubeplay::scenario::parse_scenario(&text) {
            check("scenario", yaml, &e.to_string(), &mut bad);
        }
    }
    let mut s = session();
    for line in BROKEN_COMMANDS {
        let out = s.run(line);
        check("command", line, &out.text, &mut bad);
    }
    // Mutated official examples and scenarios.
    let corpus = corpus_yaml();
    let mut rng = SimRng::new(99);
    for i in 0..400 {
        let yaml = String::from_utf8_lossy(&mutate(&mut rng, &corpus[i % corpus.len()])).into_owned();
        let mut s = Session::new(ClusterConfig::with_nodes(1, 1));
        let out = s.apply_text("mutated.yaml", &yaml);
        if !out.ok {
            check("mutated", &yaml.chars().take(60).collect::<String>(), &out.text, &mut bad);
        }
    }
    // Saved clusters and shared links, damaged.
    let mut s = session();
    s.run("kubectl scale deploy/web --replicas=2");
    let link = kubeplay::session::codec::encode(s.journal());
    for i in 0..200 {
        let damaged = String::from_utf8_lossy(&mutate(&mut rng, &link)).into_owned();
        match kubeplay::session::codec::decode(&damaged) {
            Err(e) => check("saved cluster", &format!("mutation {i}"), &e.to_string(), &mut bad),
            Ok(journal) => {
                if let Err(e) = Session::replay(&journal) {
                    check("replay", &format!("mutation {i}"), &e.to_string(), &mut bad);
                }
            }
        }
    }
    assert!(bad.is_empty(), "{} texts show internals:\n{}", bad.len(), bad.join("\n"));
}
