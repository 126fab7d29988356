//! Checks: structured predicates over cluster state and event history (never shell, never the
//! commands a learner typed). Each evaluation says whether the predicate holds and, from the
//! state, why not in both languages ("2/3 pods Ready; web-… is CrashLoopBackOff").

use super::format::{Lang, Text};
use crate::api::{Labels, Pod};
use crate::engine::events::Occurrence;
use crate::engine::time::SimTime;
use crate::engine::Cluster;
use crate::print::get::{pod_ready as ready_column, pod_status as status_column};
use serde::Deserialize;
use std::collections::BTreeMap;

/// One row of a step's checklist.
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "serde_yaml::Mapping")]
pub struct Check {
    /// Stable id within the step.
    pub id: String,
    pub label: Text,
    /// Must still hold when the step ends (otherwise a check latches once met).
    pub hold: bool,
    /// Counts only once the check with this id (same step) has been met.
    pub after: Option<String>,
    pub predicate: Predicate,
}

/// Reads a check as `serde_yaml::from_value` over its mapping did (`manifest::typed`, with
/// `from_value`'s strictness: text takes only strings; errors carry no place of their own).
impl TryFrom<serde_yaml::Mapping> for Check {
    type Error = String;
    fn try_from(mut map: serde_yaml::Mapping) -> Result<Check, String> {
        let mut take = |key: &str| map.remove(serde_yaml::Value::String(key.into()));
        let id: String = match take("id") {
            Some(v) => value(&v).map_err(|e| format!("check id: {e}"))?,
            None => return Err("a check needs an `id`".into()),
        };
        let label: Text = match take("label") {
            Some(v) => value(&v).map_err(|e| format!("check {id}: label: {e}"))?,
            None => return Err(format!("check {id}: needs a `label` in en and zh-CN")),
        };
        let hold = match take("hold") {
            Some(v) => value(&v).map_err(|e| format!("check {id}: hold: {e}"))?,
            None => false,
        };
        let after = match take("after") {
            Some(v) => Some(value(&v).map_err(|e| format!("check {id}: after: {e}"))?),
            None => None,
        };
        if map.len() != 1 {
            let keys: Vec<String> = map.keys().filter_map(|k| k.as_str().map(String::from)).collect();
            return Err(format!(
                "check {id}: needs exactly one predicate (pod, deployment, node, event, hpa, traffic), found {keys:?}"
            ));
        }
        let predicate = predicate_from_mapping(map).map_err(|e| format!("check {id}: {e}"))?;
        Ok(Check { id, label, hold, after, predicate })
    }
}

/// A value decoded as `serde_yaml::from_value` did.
fn value<T: Decode>(value: &serde_yaml::Value) -> Result<T, String> {
    T::decode(In { value, path: &Path::Root, key: None, json: true }).map_err(|error| error.message)
}

const PREDICATES: &[&str] = &["pod", "deployment", "node", "event", "hpa", "traffic"];

/// Reads `{pod: {...}}` as `Predicate::Pod` (as serde_yaml read the tagged form `!pod {...}`).
pub fn predicate_from_mapping(map: serde_yaml::Mapping) -> Result<Predicate, String> {
    let mut entries = map.into_iter();
    let (Some((key, body)), None) = (entries.next(), entries.next()) else {
        return Err("needs exactly one predicate (pod, deployment, node, event, hpa, traffic)".into());
    };
    let Some(tag) = key.as_str().filter(|tag| !tag.is_empty()) else {
        return Err("a predicate is named by its kind (pod, deployment, node, event, hpa, traffic)".into());
    };
    // serde_yaml's `nobang`: `!pod` names `pod` too.
    let name = match tag.strip_prefix('!') {
        Some("") | None => tag,
        Some(unbanged) => unbanged,
    };
    Ok(match PREDICATES.iter().position(|kind| *kind == name) {
        Some(0) => Predicate::Pod(value(&body)?),
        Some(1) => Predicate::Deployment(value(&body)?),
        Some(2) => Predicate::Node(value(&body)?),
        Some(3) => Predicate::Event(value(&body)?),
        Some(4) => Predicate::Hpa(value(&body)?),
        Some(5) => Predicate::Traffic(value(&body)?),
        _ => return Err(TreeError::unknown_variant(name, PREDICATES).message),
    })
}

/// `deserialize_with` for a predicate written as a one-key map.
pub fn deserialize_predicate<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Predicate, D::Error> {
    let map = serde_yaml::Mapping::deserialize(d)?;
    predicate_from_mapping(map).map_err(serde::de::Error::custom)
}

/// What a check (or a watch rule) looks at.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Predicate {
    /// Some pod (or `count` pods, or `all` pods) matching name/selector has every given property.
    Pod(PodCheck),
    Deployment(DeploymentCheck),
    Node(NodeCheck),
    /// An event happened since the step started.
    Event(EventCheck),
    Hpa(HpaCheck),
    /// Requests through a Service (`load curl`) since the step started.
    Traffic(TrafficCheck),
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PodCheck {
    pub name: Option<String>,
    /// Equality selector `key=value[,key=value]`.
    pub selector: Option<String>,
    /// kubectl's STATUS column (`Running`, `CrashLoopBackOff`, `Completed`, `Error`, `Terminating`).
    pub status: Option<String>,
    /// kubectl's READY column (`1/1`, `1/2`).
    pub ready: Option<String>,
    /// `status.phase` (`Running`, `Succeeded`, `Failed`, `Pending`).
    pub phase: Option<String>,
    /// RESTARTS at least this.
    pub restarts: Option<i64>,
    /// RESTARTS at most this (`0`: never restarted).
    pub max_restarts: Option<i64>,
    /// A container terminated (now or as its last state) with this reason (`Completed`, `Error`,
    /// `OOMKilled`).
    pub terminated: Option<String>,
    pub exit_code: Option<i32>,
    pub node: Option<String>,
    pub not_on: Option<String>,
    /// At least this many pods have the properties (default 1).
    pub count: Option<usize>,
    /// Every matching pod that is not terminating has them (and there is one).
    #[serde(default)]
    pub all: bool,
    /// The pods with the properties run on at least this many different nodes.
    pub distinct_nodes: Option<usize>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DeploymentCheck {
    pub name: String,
    /// At least this many ready replicas.
    pub ready: Option<i64>,
    /// Fewer than this many ready replicas.
    pub ready_below: Option<i64>,
    /// `spec.replicas` equals this.
    pub replicas: Option<i64>,
    /// The first container of the template runs this image.
    pub image: Option<String>,
    /// The rollout is complete: every replica updated, ready and available.
    #[serde(default)]
    pub rolled_out: bool,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NodeCheck {
    pub name: String,
    /// The Ready condition is True (`true`) or not (`false`: NotReady/Unknown).
    pub ready: bool,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EventCheck {
    pub reason: String,
    /// Kind of the involved object (default `Pod`).
    pub kind: Option<String>,
    pub name: Option<String>,
    /// For pods: the pod's labels match.
    pub selector: Option<String>,
    /// The message contains this.
    pub message: Option<String>,
    /// At least this many occurrences (default 1).
    pub count: Option<usize>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HpaCheck {
    pub name: String,
    /// Desired replicas at least this.
    pub replicas: Option<i64>,
    /// Desired replicas at most this.
    pub replicas_at_most: Option<i64>,
    /// The CPU utilization is known (`true`) or `<unknown>` (`false`).
    pub cpu_known: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TrafficCheck {
    pub service: String,
    /// At least this many answered requests.
    pub ok: Option<usize>,
    /// At least this many failed requests.
    pub failed: Option<usize>,
    /// A request failed and a later one succeeded.
    #[serde(default)]
    pub recovered: bool,
    /// The last this-many requests were all answered.
    pub ok_streak: Option<usize>,
}

// Decoding (`manifest::typed`: serde's derives over `serde_yaml::Value` gave the same values and errors).
use crate::manifest::tree::{Node as In, Path, TreeError};
use crate::manifest::typed::{decode_struct, Decode};
use serde::de::Error as _;

decode_struct! { PodCheck "struct PodCheck" deny;
    "name" name,
    "selector" selector,
    "status" status,
    "ready" ready,
    "phase" phase,
    "restarts" restarts,
    "max_restarts" max_restarts,
    "terminated" terminated,
    "exit_code" exit_code,
    "node" node,
    "not_on" not_on,
    "count" count,
    "all" all,
    "distinct_nodes" distinct_nodes,
}

decode_struct! { DeploymentCheck "struct DeploymentCheck" deny;
    "name" name required,
    "ready" ready,
    "ready_below" ready_below,
    "replicas" replicas,
    "image" image,
    "rolled_out" rolled_out,
}

decode_struct! { NodeCheck "struct NodeCheck" deny;
    "name" name required,
    "ready" ready required,
}

decode_struct! { EventCheck "struct EventCheck" deny;
    "reason" reason required,
    "kind" kind,
    "name" name,
    "selector" selector,
    "message" message,
    "count" count,
}

decode_struct! { HpaCheck "struct HpaCheck" deny;
    "name" name required,
    "replicas" replicas,
    "replicas_at_most" replicas_at_most,
    "cpu_known" cpu_known,
}

decode_struct! { TrafficCheck "struct TrafficCheck" deny;
    "service" service required,
    "ok" ok,
    "failed" failed,
    "recovered" recovered,
    "ok_streak" ok_streak,
}

/// Why a predicate does (not) hold, in both languages.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Why {
    pub en: String,
    pub zh_cn: String,
}

impl Why {
    fn new(en: impl Into<String>, zh_cn: impl Into<String>) -> Why {
        Why { en: en.into(), zh_cn: zh_cn.into() }
    }
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::ZhCn => &self.zh_cn,
        }
    }
}

/// The result of one evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct Eval {
    pub met: bool,
    pub why: Why,
}

/// What a step has seen since it started: events (with the labels of the pods they were about,
/// remembered even after the pods are gone).
#[derive(Clone, Debug, Default)]
pub struct History {
    pub since: SimTime,
    seen_total: u64,
    pub events: Vec<Occurrence>,
    pod_labels: BTreeMap<String, Labels>,
}

/// Upper bound on remembered events per step (the engine's own log is bounded too).
const MAX_HISTORY: usize = 20_000;

impl History {
    /// Starts watching at the cluster's current time; earlier events do not count.
    pub fn new(cluster: &Cluster) -> History {
        let mut history = History {
            since: cluster.now(),
            seen_total: cluster.events().total,
            events: Vec::new(),
            pod_labels: BTreeMap::new(),
        };
        history.remember_pods(cluster);
        history
    }

    fn remember_pods(&mut self, cluster: &Cluster) {
        for (name, pod) in cluster.store().pods() {
            if !self.pod_labels.contains_key(name) {
                self.pod_labels.insert(name.clone(), pod.metadata.labels.clone());
            }
        }
    }

    /// Takes in what happened since the last update.
    pub fn update(&mut self, cluster: &Cluster) {
        self.remember_pods(cluster);
        let total = cluster.events().total;
        let new = usize::try_from(total.saturating_sub(self.seen_total)).unwrap_or(usize::MAX);
        self.seen_total = total;
        let stream = cluster.events().stream();
        let skip = stream.len().saturating_sub(new);
        for occurrence in stream.iter().skip(skip) {
            if occurrence.at >= self.since && self.events.len() < MAX_HISTORY {
                self.events.push(occurrence.clone());
            }
        }
    }

    fn labels_of(&self, cluster: &Cluster, pod: &str) -> Option<Labels> {
        cluster.store().pod(pod).map(|p| p.metadata.labels.clone()).or_else(|| self.pod_labels.get(pod).cloned())
    }
}

/// Parses an equality selector `a=b,c=d` (`==` also accepted).
pub fn parse_selector(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for part in text.split(',') {
        let part = part.trim();
        let (key, value) = part
            .split_once("==")
            .or_else(|| part.split_once('='))
            .ok_or_else(|| format!("selector {text:?}: {part:?} is not key=value"))?;
        if key.trim().is_empty() {
            return Err(format!("selector {text:?}: empty key"));
        }
        out.push((key.trim().to_string(), value.trim().to_string()));
    }
    Ok(out)
}

fn selector_matches(selector: &str, labels: &Labels) -> bool {
    match parse_selector(selector) {
        Ok(pairs) => pairs.iter().all(|(k, v)| labels.get(k) == Some(v)),
        Err(_) => false,
    }
}

impl Predicate {
    /// Problems an author can fix without running anything (bad selector, empty check).
    pub fn lint(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut selector = |s: &Option<String>| {
            if let Some(s) = s {
                if let Err(e) = parse_selector(s) {
                    problems.push(e);
                }
            }
        };
        match self {
            Predicate::Pod(p) => {
                selector(&p.selector);
                if p.name.is_none() && p.selector.is_none() {
                    problems.push("a pod check needs `name` or `selector`".into());
                }
            }
            Predicate::Event(e) => selector(&e.selector),
            Predicate::Deployment(d) => {
                if d.ready.is_none()
                    && d.ready_below.is_none()
                    && d.replicas.is_none()
                    && d.image.is_none()
                    && !d.rolled_out
                {
                    problems.push(format!("deployment check on {} checks nothing", d.name));
                }
            }
            Predicate::Hpa(h) => {
                if h.replicas.is_none() && h.replicas_at_most.is_none() && h.cpu_known.is_none() {
                    problems.push(format!("hpa check on {} checks nothing", h.name));
                }
            }
            Predicate::Traffic(t) => {
                if t.ok.is_none() && t.failed.is_none() && !t.recovered && t.ok_streak.is_none() {
                    problems.push(format!("traffic check on {} checks nothing", t.service));
                }
            }
            Predicate::Node(_) => {}
        }
        problems
    }

    pub fn eval(&self, cluster: &Cluster, history: &History) -> Eval {
        match self {
            Predicate::Pod(p) => eval_pod(p, cluster),
            Predicate::Deployment(d) => eval_deployment(d, cluster),
            Predicate::Node(n) => eval_node(n, cluster),
            Predicate::Event(e) => eval_event(e, cluster, history),
            Predicate::Hpa(h) => eval_hpa(h, cluster),
            Predicate::Traffic(t) => eval_traffic(t, cluster, history),
        }
    }
}

fn pod_restarts(pod: &Pod) -> i64 {
    pod.status.as_ref().map(|s| s.container_statuses.iter().map(|c| c.restart_count).sum()).unwrap_or(0)
}

fn pod_terminations(pod: &Pod) -> Vec<(&str, i32)> {
    let mut out = Vec::new();
    if let Some(status) = &pod.status {
        for c in &status.container_statuses {
            for state in [&c.state, &c.last_state] {
                if let Some(t) = &state.terminated {
                    out.push((t.reason.as_str(), t.exit_code));
                }
            }
        }
    }
    out
}

/// Whether one pod has every property the check names.
fn pod_has(p: &PodCheck, pod: &Pod) -> bool {
    let node = pod.node_name();
    p.status.as_ref().is_none_or(|s| &status_column(pod) == s)
        && p.ready.as_ref().is_none_or(|r| &ready_column(pod) == r)
        && p.phase.as_ref().is_none_or(|ph| pod.phase() == ph)
        && p.restarts.is_none_or(|n| pod_restarts(pod) >= n)
        && p.max_restarts.is_none_or(|n| pod_restarts(pod) <= n)
        && p.terminated.as_ref().is_none_or(|r| pod_terminations(pod).iter().any(|(reason, _)| reason == r))
        && p.exit_code.is_none_or(|code| pod_terminations(pod).iter().any(|(_, c)| *c == code))
        && p.node.as_ref().is_none_or(|n| node == Some(n.as_str()))
        && p.not_on.as_ref().is_none_or(|n| node.is_some() && node != Some(n.as_str()))
}

fn pod_line(pod: &Pod) -> String {
    format!(
        "{} {} {} RESTARTS {}{}",
        pod.metadata.name,
        ready_column(pod),
        status_column(pod),
        pod_restarts(pod),
        pod.node_name().map(|n| format!(" on {n}")).unwrap_or_default()
    )
}

fn pod_line_zh(pod: &Pod) -> String {
    format!(
        "{} {} {} 重启 {} 次{}",
        pod.metadata.name,
        ready_column(pod),
        status_column(pod),
        pod_restarts(pod),
        pod.node_name().map(|n| format!("，在 {n} 上")).unwrap_or_default()
    )
}

fn eval_pod(p: &PodCheck, cluster: &Cluster) -> Eval {
    let matching: Vec<&Pod> = cluster
        .store
        .pods()
        .values()
        .map(|pod| &**pod)
        .filter(|pod| p.name.as_ref().is_none_or(|n| &pod.metadata.name == n))
        .filter(|pod| p.selector.as_ref().is_none_or(|s| selector_matches(s, &pod.metadata.labels)))
        .collect();
    let what = p.name.clone().or_else(|| p.selector.clone()).unwrap_or_default();
    if matching.is_empty() {
        return Eval {
            met: false,
            why: Why::new(format!("no pod matches {what} yet"), format!("还没有匹配 {what} 的 Pod")),
        };
    }
    let having: Vec<&Pod> = matching.iter().copied().filter(|pod| pod_has(p, pod)).collect();
    let mut met = if p.all {
        let live: Vec<&&Pod> = matching.iter().filter(|pod| !pod.is_terminating()).collect();
        !live.is_empty() && live.iter().all(|pod| pod_has(p, pod))
    } else {
        having.len() >= p.count.unwrap_or(1)
    };
    if let Some(n) = p.distinct_nodes {
        let nodes: crate::name_set::NameSet =
            having.iter().filter_map(|pod| pod.node_name().map(str::to_string)).collect();
        met = met && nodes.len() >= n;
    }
    let shown: Vec<&&Pod> = matching.iter().filter(|pod| !pod_has(p, pod)).take(3).collect();
    let (en, zh) = if shown.is_empty() {
        let list: Vec<String> = matching.iter().take(3).map(|pod| pod_line(pod)).collect();
        let list_zh: Vec<String> = matching.iter().take(3).map(|pod| pod_line_zh(pod)).collect();
        (list.join("; "), list_zh.join("；"))
    } else {
        let list: Vec<String> = shown.iter().map(|pod| pod_line(pod)).collect();
        let list_zh: Vec<String> = shown.iter().map(|pod| pod_line_zh(pod)).collect();
        (list.join("; "), list_zh.join("；"))
    };
    let n_ok = having.len();
    let n = matching.len();
    Eval {
        met,
        why: Why::new(
            format!("{n_ok}/{n} pods of {what} match; {en}"),
            format!("{what} 的 {n} 个 Pod 中有 {n_ok} 个符合；{zh}"),
        ),
    }
}

fn eval_deployment(d: &DeploymentCheck, cluster: &Cluster) -> Eval {
    let Some(dep) = cluster.store().deployments.get(&d.name) else {
        return Eval {
            met: false,
            why: Why::new(
                format!("deployment {} does not exist yet", d.name),
                format!("Deployment {} 还不存在", d.name),
            ),
        };
    };
    let status = dep.status.clone().unwrap_or_default();
    let spec_replicas = dep.spec.replicas.unwrap_or(1);
    let image = dep.spec.template.spec.containers.first().map(|c| c.image.as_str()).unwrap_or("");
    let complete = status.observed_generation >= dep.metadata.generation
        && status.updated_replicas == spec_replicas
        && status.replicas == spec_replicas
        && status.ready_replicas == spec_replicas
        && status.available_replicas == spec_replicas;
    let met = d.ready.is_none_or(|n| status.ready_replicas >= n)
        && d.ready_below.is_none_or(|n| status.ready_replicas < n)
        && d.replicas.is_none_or(|n| spec_replicas == n)
        && d.image.as_ref().is_none_or(|i| image == i)
        && (!d.rolled_out || complete);
    let (ready, upd, avail) = (status.ready_replicas, status.updated_replicas, status.available_replicas);
    Eval {
        met,
        why: Why::new(
            format!(
                "deployment {}: {ready}/{spec_replicas} ready, {upd} up-to-date, {avail} available, image {image}",
                d.name
            ),
            format!(
                "Deployment {}：{ready}/{spec_replicas} 就绪，{upd} 个已更新，{avail} 个可用，镜像 {image}",
                d.name
            ),
        ),
    }
}

fn eval_node(n: &NodeCheck, cluster: &Cluster) -> Eval {
    let Some(node) = cluster.store().nodes.get(&n.name) else {
        return Eval {
            met: false,
            why: Why::new(format!("there is no node {}", n.name), format!("集群里没有节点 {}", n.name)),
        };
    };
    let ready = node.is_ready();
    let (en, zh) = if ready {
        // Teach the timer: how long since the last lease renewal, against the grace period.
        let grace = cluster.config().node_monitor_grace.whole_secs();
        match cluster.agents.get(&n.name) {
            Some(agent) if !agent.powered || !agent.connected => {
                let silent = cluster.now().since(agent.last_renew).whole_secs();
                (
                    format!(
                        "{} is still Ready: its last lease renewal was {silent}s ago; the node controller marks it NotReady after {grace}s without one",
                        n.name
                    ),
                    format!(
                        "{} 仍是 Ready：距上次续约租约已过 {silent} 秒；超过 {grace} 秒没有续约，节点控制器才会把它标记为 NotReady",
                        n.name
                    ),
                )
            }
            _ => (format!("{} is Ready", n.name), format!("{} 仍是 Ready", n.name)),
        }
    } else {
        (format!("{} is NotReady", n.name), format!("{} 是 NotReady", n.name))
    };
    Eval { met: ready == n.ready, why: Why::new(en, zh) }
}

fn eval_event(e: &EventCheck, cluster: &Cluster, history: &History) -> Eval {
    let kind = e.kind.as_deref().unwrap_or("Pod");
    let count = history
        .events
        .iter()
        .filter(|o| o.reason == e.reason && o.object.kind == kind)
        .filter(|o| e.name.as_ref().is_none_or(|n| &o.object.name == n))
        .filter(|o| e.message.as_ref().is_none_or(|m| o.message.contains(m.as_str())))
        .filter(|o| {
            e.selector.as_ref().is_none_or(|s| {
                history.labels_of(cluster, &o.object.name).is_some_and(|labels| selector_matches(s, &labels))
            })
        })
        .count();
    let need = e.count.unwrap_or(1);
    let target = e.name.clone().or_else(|| e.selector.clone()).map(|t| format!(" for {t}")).unwrap_or_default();
    let target_zh = e.name.clone().or_else(|| e.selector.clone()).map(|t| format!("（{t}）")).unwrap_or_default();
    Eval {
        met: count >= need,
        why: Why::new(
            format!("{count}/{need} {} event(s){target} since this step started", e.reason),
            format!("本步骤开始以来{target_zh}出现了 {count}/{need} 次 {} 事件", e.reason),
        ),
    }
}

fn eval_hpa(h: &HpaCheck, cluster: &Cluster) -> Eval {
    let Some(hpa) = cluster.store().hpas.get(&h.name) else {
        return Eval {
            met: false,
            why: Why::new(format!("there is no HPA {} yet", h.name), format!("还没有名为 {} 的 HPA", h.name)),
        };
    };
    let status = hpa.status.clone().unwrap_or_default();
    let desired = status.desired_replicas;
    let cpu = status.current_cpu_utilization;
    let met = h.replicas.is_none_or(|n| desired >= n)
        && h.replicas_at_most.is_none_or(|n| desired <= n && status.current_replicas <= n)
        && h.cpu_known.is_none_or(|known| cpu.is_some() == known);
    let cpu_text = cpu.map(|c| format!("{c}%")).unwrap_or_else(|| "<unknown>".into());
    Eval {
        met,
        why: Why::new(
            format!("hpa {}: cpu {cpu_text}, {} replicas, desired {desired}", h.name, status.current_replicas),
            format!("HPA {}：CPU {cpu_text}，当前 {} 个副本，期望 {desired} 个", h.name, status.current_replicas),
        ),
    }
}

fn eval_traffic(t: &TrafficCheck, cluster: &Cluster, history: &History) -> Eval {
    let lines: Vec<(SimTime, String)> =
        cluster.load_lines(Some(&t.service)).into_iter().filter(|(at, _)| *at >= history.since).collect();
    let failed_at = |line: &str| line.starts_with("curl:");
    let n_failed = lines.iter().filter(|(_, l)| failed_at(l)).count();
    let n_ok = lines.len() - n_failed;
    let first_failure = lines.iter().position(|(_, l)| failed_at(l));
    let recovered = first_failure.is_some_and(|i| lines[i + 1..].iter().any(|(_, l)| !failed_at(l)));
    let streak = lines.iter().rev().take_while(|(_, l)| !failed_at(l)).count();
    let met = t.ok.is_none_or(|n| n_ok >= n)
        && t.failed.is_none_or(|n| n_failed >= n)
        && (!t.recovered || recovered)
        && t.ok_streak.is_none_or(|n| streak >= n);
    Eval {
        met,
        why: Why::new(
            format!(
                "{}: {} requests since this step started, {n_ok} answered, {n_failed} failed; the last {streak} all answered",
                t.service,
                lines.len()
            ),
            format!(
                "{}：本步骤开始以来 {} 个请求，{n_ok} 个成功，{n_failed} 个失败；最近连续 {streak} 个成功",
                t.service,
                lines.len()
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::predicate_from_mapping;

    /// The hand-written decoding reads checks and predicates as `serde_yaml::from_value` (the
    /// decoding before it, kept here) did: every check and watch rule of the lessons, and
    /// variants of them with values changed, keys removed and added.
    #[test]
    fn decodes_checks_as_serde_yaml_from_value_did() {
        use crate::manifest::tree::{Node as In, Path};
        use crate::manifest::typed::tests::{replacements, variants};
        use serde_yaml::{Mapping, Value};

        fn old_check(mut map: Mapping) -> Result<super::Check, String> {
            let mut take = |key: &str| map.remove(Value::String(key.into()));
            let id: String = match take("id") {
                Some(v) => serde_yaml::from_value(v).map_err(|e| format!("check id: {e}"))?,
                None => return Err("a check needs an `id`".into()),
            };
            let label: super::Text = match take("label") {
                Some(v) => serde_yaml::from_value(v).map_err(|e| format!("check {id}: label: {e}"))?,
                None => return Err(format!("check {id}: needs a `label` in en and zh-CN")),
            };
            let hold = match take("hold") {
                Some(v) => serde_yaml::from_value(v).map_err(|e| format!("check {id}: hold: {e}"))?,
                None => false,
            };
            let after = match take("after") {
                Some(v) => Some(serde_yaml::from_value(v).map_err(|e| format!("check {id}: after: {e}"))?),
                None => None,
            };
            if map.len() != 1 {
                let keys: Vec<String> = map.keys().filter_map(|k| k.as_str().map(String::from)).collect();
                return Err(format!(
                    "check {id}: needs exactly one predicate (pod, deployment, node, event, hpa, traffic), found {keys:?}"
                ));
            }
            let predicate = old_predicate(map).map_err(|e| format!("check {id}: {e}"))?;
            Ok(super::Check { id, label, hold, after, predicate })
        }

        fn old_predicate(map: Mapping) -> Result<super::Predicate, String> {
            let mut entries = map.into_iter();
            let (Some((key, value)), None) = (entries.next(), entries.next()) else {
                return Err("needs exactly one predicate (pod, deployment, node, event, hpa, traffic)".into());
            };
            let Some(tag) = key.as_str().filter(|tag| !tag.is_empty()).map(str::to_string) else {
                return Err("a predicate is named by its kind (pod, deployment, node, event, hpa, traffic)".into());
            };
            let tagged = Value::Tagged(Box::new(serde_yaml::value::TaggedValue {
                tag: serde_yaml::value::Tag::new(tag),
                value,
            }));
            serde_yaml::from_value(tagged).map_err(|e| e.to_string())
        }

        // As `format.rs` hands them over: tags dropped, duplicate keys refused.
        fn untagged(value: &Value) -> Option<Mapping> {
            crate::manifest::typed::mapping(In { value, path: &Path::Root, key: None, json: false }).ok()
        }

        let replace = replacements();
        let (mut checks, mut predicates) = (Vec::new(), Vec::new());
        for (_, text) in crate::lessons::BUILTIN {
            let lesson: Value = serde_yaml::from_str(text).expect("yaml");
            for step in lesson["steps"].as_sequence().into_iter().flatten() {
                checks.extend(step["checks"].as_sequence().into_iter().flatten().cloned());
                for rule in step["watch"].as_sequence().into_iter().flatten() {
                    predicates.push(rule["when"].clone());
                }
            }
        }
        for kind in ["!pod", "!", "!!pod", "pods", "Pod"] {
            predicates.push(serde_yaml::from_str(&format!("'{kind}': {{name: web}}")).expect("yaml"));
        }
        assert!(checks.len() > 20 && predicates.len() > 5, "{} checks, {} predicates", checks.len(), predicates.len());
        let mut count = 0;
        for check in &checks {
            for variant in variants(check, &replace) {
                let Some(map) = untagged(&variant) else { continue };
                let old = format!("{:?}", old_check(map.clone()));
                let new = format!("{:?}", super::Check::try_from(map));
                assert_eq!(new, old, "{}", serde_yaml::to_string(&variant).unwrap_or_default());
                count += 1;
            }
        }
        for predicate in &predicates {
            for variant in variants(predicate, &replace) {
                let Some(map) = untagged(&variant) else { continue };
                let old = format!("{:?}", old_predicate(map.clone()));
                let new = format!("{:?}", super::predicate_from_mapping(map));
                assert_eq!(new, old, "{}", serde_yaml::to_string(&variant).unwrap_or_default());
                count += 1;
            }
        }
        eprintln!("{count} check and predicate variants");
    }

    /// A predicate's key that is not a name (a number, an empty text) is refused with a
    /// message: serde_yaml panics on an empty tag.
    #[test]
    fn a_predicate_needs_a_named_kind() {
        for text in ["7: x", "'': {}", "~: {}", "[a]: {}"] {
            let map: serde_yaml::Mapping = serde_yaml::from_str(text).expect("yaml");
            let error = predicate_from_mapping(map).expect_err(text);
            assert!(error.contains("named by its kind"), "{text}: {error}");
        }
        let map: serde_yaml::Mapping = serde_yaml::from_str("nod: {name: node-2}").expect("yaml");
        let error = predicate_from_mapping(map).expect_err("unknown kind");
        assert!(error.contains("nod"), "{error}");
    }
}
