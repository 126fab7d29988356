//! A polite live region that tells screen-reader users what changed in the cluster: a pod
//! restarted, a node turned NotReady or Ready again. It compares each snapshot with the last.

use std::collections::BTreeMap;

use yew::prelude::*;

use crate::session::Snapshot;
use crate::ui::hooks::use_sim;
use crate::ui::i18n::{use_lang, use_texts, Texts};

/// What changed between two snapshots, as sentences.
pub fn changes(before: &Snapshot, after: &Snapshot, texts: &Texts) -> Vec<String> {
    let mut out = Vec::new();
    // Inserted one by one: `collect` would instantiate a sort of its own; boxed counts share
    // the B-tree code of the other `BTreeMap<String, Box<_>>`s.
    let mut restarts: BTreeMap<String, Box<i64>> = BTreeMap::new();
    for pod in before.nodes.iter().flat_map(|n| n.pods.iter()) {
        restarts.insert(pod.name.clone(), Box::new(pod.restarts));
    }
    for pod in after.nodes.iter().flat_map(|n| n.pods.iter()) {
        if restarts.get(pod.name.as_str()).is_some_and(|old| pod.restarts > **old) {
            out.push((texts.announce_restarted)(&pod.name, pod.restarts));
        }
    }
    let ready = |status: &str| status.split(',').next() == Some("Ready");
    for node in &after.nodes {
        let Some(old) = before.nodes.iter().find(|n| n.name == node.name) else { continue };
        match (ready(&old.status), ready(&node.status)) {
            (true, false) => out.push((texts.announce_node_not_ready)(&node.name)),
            (false, true) => out.push((texts.announce_node_ready)(&node.name)),
            _ => {}
        }
    }
    out
}

#[component]
pub fn Announcer() -> Html {
    let snapshot = use_sim().snapshot();
    let texts = use_texts();
    let lang = use_lang().lang;
    let previous = use_mut_ref(|| snapshot.clone());
    let message = use_state_eq(String::new);
    // A sentence said in the old language is not left behind after a switch.
    {
        let message = message.clone();
        use_effect_with(lang, move |_| message.set(String::new()));
    }
    {
        let message = message.clone();
        use_effect_with(snapshot, move |snapshot| {
            let said = changes(&previous.borrow(), snapshot, texts);
            *previous.borrow_mut() = snapshot.clone();
            if !said.is_empty() {
                message.set(said.join(". "));
            }
        });
    }
    html! { <div class="visually-hidden" id="announcer" role="status" aria-live="polite">{ (*message).clone() }</div> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{NodeView, PodView};
    use crate::ui::i18n::EN;

    fn snapshot(node_status: &str, restarts: i64) -> Snapshot {
        let pod = PodView { name: "web-1".into(), restarts, ..Default::default() };
        Snapshot {
            nodes: vec![NodeView {
                name: "node-2".into(),
                status: node_status.into(),
                pods: vec![pod],
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn restarts_and_readiness_are_announced() {
        assert_eq!(changes(&snapshot("Ready", 0), &snapshot("Ready", 0), &EN), Vec::<String>::new());
        assert_eq!(changes(&snapshot("Ready", 0), &snapshot("Ready", 1), &EN), ["Pod web-1 restarted (restart 1)"]);
        assert_eq!(changes(&snapshot("Ready", 0), &snapshot("NotReady", 0), &EN), ["Node node-2 is NotReady"]);
        assert_eq!(
            changes(&snapshot("NotReady", 0), &snapshot("Ready,SchedulingDisabled", 0), &EN),
            ["Node node-2 is Ready again"]
        );
    }
}
