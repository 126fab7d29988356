//! The editor's template menu: manifests for the seeds' demonstrations, kept as files in
//! `static/templates/` and compiled in; the comment the menu puts above each one is in the
//! catalogue (`PanelTexts::template_comment`), in the page's language. Each one applies
//! cleanly to a fresh cluster and does what its comment says (tests below).

/// Which template; the menu's label comes from the catalogue (`PanelTexts::template_label`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Template {
    DeploymentProbes,
    LivenessExec,
    UnhealthyApp,
    HpaDemo,
    ReadinessDemo,
}

impl Template {
    pub const ALL: [Template; 5] = [
        Template::DeploymentProbes,
        Template::LivenessExec,
        Template::UnhealthyApp,
        Template::HpaDemo,
        Template::ReadinessDemo,
    ];

    /// The file name, as `apply -f` would name it (also the `<option>` value).
    pub fn file(self) -> &'static str {
        match self {
            Template::DeploymentProbes => "deployment-probes.yaml",
            Template::LivenessExec => "liveness-exec.yaml",
            Template::UnhealthyApp => "unhealthy-app.yaml",
            Template::HpaDemo => "hpa-demo.yaml",
            Template::ReadinessDemo => "readiness-demo.yaml",
        }
    }

    /// The manifest text.
    pub fn text(self) -> &'static str {
        match self {
            Template::DeploymentProbes => include_str!("../../../../static/templates/deployment-probes.yaml"),
            Template::LivenessExec => include_str!("../../../../static/templates/liveness-exec.yaml"),
            Template::UnhealthyApp => include_str!("../../../../static/templates/unhealthy-app.yaml"),
            Template::HpaDemo => include_str!("../../../../static/templates/hpa-demo.yaml"),
            Template::ReadinessDemo => include_str!("../../../../static/templates/readiness-demo.yaml"),
        }
    }

    pub fn from_file(file: &str) -> Option<Template> {
        Template::ALL.into_iter().find(|t| t.file() == file)
    }
}

/// The files the page starts with, by name: every template, and the seeds' own names for
/// theirs (`kubectl apply -f liveness.yaml` in note 004, `kubectl create -f
/// demo-liveness-probe.yaml` in note 003), as if the learner had just written them, and the
/// starter manifest the page opens with.
pub fn files() -> impl Iterator<Item = (&'static str, &'static str)> {
    let seeds = [("liveness.yaml", Template::LivenessExec), ("demo-liveness-probe.yaml", Template::UnhealthyApp)];
    let starter = (crate::ui::state::STARTER_FILE, crate::ui::state::STARTER_MANIFEST);
    Template::ALL
        .into_iter()
        .map(|t| (t.file(), t.text()))
        .chain(seeds.into_iter().map(|(name, t)| (name, t.text())))
        .chain(std::iter::once(starter))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd;
    use crate::engine::time::SimDuration;
    use crate::engine::Cluster;
    use std::collections::BTreeMap;

    /// A fresh cluster with `template` applied through `kubectl apply -f`, run for `secs`.
    fn applied(template: Template, secs: u64) -> (Cluster, BTreeMap<String, String>) {
        let mut cluster = Cluster::new(1);
        let files = BTreeMap::from([(template.file().to_string(), template.text().to_string())]);
        let out = cmd::run(&mut cluster, &files, &format!("kubectl apply -f {}", template.file()));
        assert!(out.ok, "{template:?}: {}", out.text);
        assert!(!out.text.contains("Warning") && !out.text.contains("not simulated"), "{template:?}: {}", out.text);
        cluster.run_for(SimDuration::from_secs(secs));
        (cluster, files)
    }

    fn run(cluster: &mut Cluster, files: &BTreeMap<String, String>, line: &str) -> String {
        let out = cmd::run(cluster, files, line);
        assert!(out.ok, "{line}: {}", out.text);
        out.text
    }

    #[test]
    fn the_menu_loads_each_template_under_its_comment_in_the_pages_language() {
        for lang in crate::ui::i18n::Lang::ALL {
            for template in Template::ALL {
                let comment = (lang.texts().panels.template_comment)(template);
                assert!(
                    comment.ends_with('\n') && comment.lines().all(|l| l.starts_with('#')),
                    "{lang:?} {template:?}"
                );
                assert!(!template.text().starts_with('#'), "the comment lives in the catalogue: {template:?}");
                let text = format!("{comment}{}", template.text());
                let files = BTreeMap::from([("editor.yaml".to_string(), text)]);
                let out = cmd::run(&mut Cluster::new(1), &files, "kubectl apply -f editor.yaml");
                assert!(out.ok, "{lang:?} {template:?}: {}", out.text);
            }
        }
    }

    #[test]
    fn the_seeds_file_commands_work_as_typed_with_the_pages_files() {
        let files = super::super::host::PageFiles(files().map(|(n, t)| (n.to_string(), t.to_string())).collect());
        let mut cluster = Cluster::new(1);
        let out = cmd::run(&mut cluster, &files, "kubectl apply -f liveness.yaml");
        assert_eq!((out.ok, out.text.as_str()), (true, "pod/test-liveness-exec created"));
        let out = cmd::run(&mut cluster, &files, "kubectl create -f demo-liveness-probe.yaml");
        assert_eq!((out.ok, out.text.as_str()), (true, "pod/k8s-node-demo-unhealth-pod created"));
        let out = cmd::run(&mut cluster, &files, "kubectl apply -f example.yaml");
        assert!(!out.ok);
        assert!(
            out.text.starts_with("error: the path \"example.yaml\" does not exist\nkubeplay: the page's files are "),
            "{}",
            out.text
        );
        assert!(
            out.text.contains("liveness.yaml") && out.text.contains("editor.yaml is the YAML editor's text"),
            "{}",
            out.text
        );
        let out = cmd::run(&mut cluster, &files, "kubectl apply -f -");
        assert!(!out.ok && out.text.contains("the page has no stdin"), "{}", out.text);
    }

    #[test]
    fn every_template_applies_cleanly_and_reapplies_unchanged() {
        for template in Template::ALL {
            let (mut cluster, files) = applied(template, 1);
            let again = run(&mut cluster, &files, &format!("kubectl apply -f {}", template.file()));
            assert!(again.lines().all(|l| l.ends_with(" unchanged")), "{template:?}: {again}");
            assert_eq!(Template::from_file(template.file()), Some(template));
        }
    }

    #[test]
    fn deployment_with_probes_becomes_ready_with_endpoints() {
        let (mut cluster, files) = applied(Template::DeploymentProbes, 60);
        let deploy = run(&mut cluster, &files, "kubectl get deploy web");
        assert!(deploy.contains("3/3"), "{deploy}");
        let endpoints = run(&mut cluster, &files, "kubectl get endpoints web");
        assert_eq!(endpoints.matches(":80").count(), 3, "{endpoints}");
    }

    #[test]
    fn liveness_exec_restarts_after_its_probe_fails() {
        let (mut cluster, files) = applied(Template::LivenessExec, 30);
        let early = run(&mut cluster, &files, "kubectl get pod test-liveness-exec");
        assert!(early.contains("1/1     Running   0"), "{early}");
        cluster.run_for(SimDuration::from_secs(60));
        let later = run(&mut cluster, &files, "kubectl get pod test-liveness-exec");
        assert!(later.contains("Running   1 ("), "{later}");
    }

    #[test]
    fn unhealthy_app_is_restarted_by_its_http_probe() {
        let (mut cluster, files) = applied(Template::UnhealthyApp, 120);
        let pod = run(&mut cluster, &files, "kubectl get pod k8s-node-demo-unhealth-pod");
        assert!(!pod.contains("Running   0 "), "{pod}");
        let described = run(&mut cluster, &files, "kubectl describe pod k8s-node-demo-unhealth-pod");
        assert!(described.contains("Liveness probe failed: HTTP probe failed with statuscode: 500"), "{described}");
    }

    #[test]
    fn hpa_demo_scales_out_under_load() {
        let (mut cluster, files) = applied(Template::HpaDemo, 60);
        let hpa = run(&mut cluster, &files, "kubectl get hpa hello-world-flask");
        assert!(hpa.contains("cpu: ") && hpa.contains("/50%"), "{hpa}");
        run(&mut cluster, &files, "load ab -c 50 -n 10000 hello-world-flask");
        cluster.run_for(SimDuration::from_secs(60));
        let deploy = run(&mut cluster, &files, "kubectl get deploy hello-world-flask");
        let ready: u32 = deploy
            .lines()
            .nth(1)
            .and_then(|l| l.split_whitespace().nth(1))
            .map_or(0, |r| r.split('/').nth(1).and_then(|n| n.parse().ok()).unwrap_or(0));
        assert!(ready > 2, "{deploy}");
    }

    #[test]
    fn readiness_demo_leaves_the_endpoints_when_unready() {
        let (mut cluster, files) = applied(Template::ReadinessDemo, 20);
        let endpoints = run(&mut cluster, &files, "kubectl get endpoints ready-demo");
        assert_eq!(endpoints.matches(":80").count(), 2, "{endpoints}");
        run(&mut cluster, &files, "kubectl exec deploy/ready-demo -- rm /tmp/healthy");
        cluster.run_for(SimDuration::from_secs(30));
        let endpoints = run(&mut cluster, &files, "kubectl get endpoints ready-demo");
        assert_eq!(endpoints.matches(":80").count(), 1, "{endpoints}");
        let deploy = run(&mut cluster, &files, "kubectl get deploy ready-demo");
        assert!(deploy.contains("1/2"), "{deploy}");
    }
}
