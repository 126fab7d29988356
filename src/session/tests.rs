use super::*;

const WEB: &str = "apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: nginx, image: nginx}
";

fn session() -> Session {
    Session::new(ClusterConfig::with_nodes(7, 3))
}

/// What a learner sees: pods, events, describe output.
fn state(session: &mut Session) -> String {
    let mut out = String::new();
    for line in ["kubectl get pods -o wide", "kubectl get events", "kubectl describe deploy", "kubectl get rs"] {
        out.push_str(&session.run(line).text);
        out.push('\n');
    }
    format!("{}\n{out}", session.now())
}

fn secs(s: u64) -> SimTime {
    SimTime::from_secs(s)
}

fn story(session: &mut Session) {
    session.apply_text("web.yaml", WEB);
    session.advance_to(secs(40));
    session.run("kubectl get pods");
    session.run("node power-off node-2");
    session.advance_to(secs(130));
    session.run("kubectl scale deploy/web --replicas=5");
    session.run("sleep 20s");
    session.advance_to(secs(200));
}

#[test]
fn replay_rebuilds_the_same_cluster() {
    let mut original = session();
    story(&mut original);
    let journal = original.journal().clone();
    assert_eq!(journal.entries.len(), 4, "get is not journaled: {journal:?}");
    assert_eq!(journal.now, secs(200));
    let mut replayed = Session::replay(&journal).expect("replays");
    assert_eq!(state(&mut replayed), state(&mut original));
}

#[test]
fn undo_takes_back_the_last_input_and_redo_gives_the_same_state() {
    let mut s = session();
    s.apply_text("web.yaml", WEB);
    s.advance_to(secs(30));
    let before = state(&mut s);
    s.run("kubectl scale deploy/web --replicas=1");
    s.advance_to(secs(60));
    let after = state(&mut s);
    assert!(s.undo());
    assert_eq!(s.now(), secs(30));
    assert_eq!(state(&mut s), before);
    s.run("kubectl scale deploy/web --replicas=1");
    s.advance_to(secs(60));
    assert_eq!(state(&mut s), after);
    assert!(s.undo() && s.undo());
    assert!(!s.undo(), "nothing left");
    assert_eq!(s.now(), SimTime::ZERO);
}

#[test]
fn restore_goes_back_to_a_checkpoint_again_and_again() {
    let mut s = session();
    s.apply_text("web.yaml", WEB);
    s.advance_to(secs(30));
    let mark = s.checkpoint();
    let at_mark = state(&mut s);
    s.run("kubectl delete deploy web");
    s.advance_to(secs(90));
    assert!(s.restore(mark));
    assert_eq!(state(&mut s), at_mark);
    s.run("node power-off node-1");
    assert!(s.restore(mark));
    assert_eq!(state(&mut s), at_mark);
    assert!(!s.restore(CheckpointId(9)));
}

#[test]
fn exported_scenario_runs_to_the_same_state() {
    let mut s = session();
    story(&mut s);
    s.apply_text("-", &WEB.replace("replicas: 3", "replicas: 2"));
    s.advance_to(secs(230));
    let scenario = s.export_scenario();
    let (_, mut played) =
        crate::runner::run_scenario(&scenario, "exported.yaml", &cmd::NoFiles, &Default::default()).expect("runs");
    assert_eq!(state(&mut played), state(&mut s), "{scenario}");
    assert!(scenario.contains("web.yaml: |"), "{scenario}");
}

#[test]
fn file_reads_are_journaled_with_their_text() {
    let mut s = session();
    let files = BTreeMap::from([("web.yaml".to_string(), WEB.to_string())]);
    assert!(s.run_with("kubectl apply -f web.yaml", &files).ok);
    let Input::Line { files, .. } = &s.journal().entries[0].input else { panic!("a line") };
    assert_eq!(files, &[FileRead { name: "web.yaml".into(), content: Ok(WEB.into()) }]);
    s.advance_to(secs(10));
    let mut replayed = Session::replay(s.journal()).expect("replays without the file");
    assert_eq!(state(&mut replayed), state(&mut s));
}

#[test]
fn events_since_returns_each_event_once() {
    let mut s = session();
    let mut cursor = EventCursor::default();
    s.apply_text("web.yaml", WEB);
    s.advance_to(secs(5));
    let first = s.events_since(&mut cursor);
    assert!(first.iter().any(|e| e.reason == "Scheduled" && e.object.starts_with("pod/web-")), "{first:?}");
    assert!(first.windows(2).all(|w| w[1].seq == w[0].seq + 1));
    assert!(s.events_since(&mut cursor).is_empty());
    s.run("kubectl scale deploy/web --replicas=4");
    let next = s.events_since(&mut cursor);
    assert_eq!(next.first().map(|e| e.seq), first.last().map(|e| e.seq + 1));
    assert!(next.iter().any(|e| e.reason == "ScalingReplicaSet"), "{next:?}");
}

#[test]
fn a_watch_prints_rows_as_they_change() {
    let mut s = session();
    s.apply_text("web.yaml", WEB);
    s.advance_to(secs(30));
    assert!(s.run("kubectl get deploy -w").ok);
    assert!(s.watching());
    assert!(s.take_watch_rows().is_empty(), "the listing is the command's output");
    s.run("kubectl scale deploy/web --replicas=4");
    s.advance_to(secs(60));
    let rows: Vec<String> = s.take_watch_rows().into_iter().map(|r| r.text).collect();
    assert!(rows.iter().any(|r| r.starts_with("web") && r.contains("4/4")), "{rows:?}");
    s.stop_watches();
    s.run("kubectl scale deploy/web --replicas=1");
    s.advance_to(secs(90));
    assert!(s.take_watch_rows().is_empty());
}

#[test]
fn budgeted_advance_stops_after_the_budget_and_gets_there() {
    let mut s = session();
    s.apply_text("web.yaml", WEB);
    assert!(!s.advance_budgeted(secs(60), 3));
    assert!(s.now() < secs(60));
    let mut frames = 1;
    while !s.advance_budgeted(secs(60), 3) {
        frames += 1;
    }
    assert!(frames > 3);
    assert_eq!(s.now(), secs(60));
    let mut direct = session();
    direct.apply_text("web.yaml", WEB);
    direct.advance_to(secs(60));
    assert_eq!(state(&mut s), state(&mut direct));
}

#[test]
fn replay_refuses_a_journal_that_goes_back_in_time() {
    let mut journal = session().journal().clone();
    let line = |line: &str| Input::Line { line: line.into(), files: Vec::new() };
    journal.entries.push(Entry { at: secs(20), input: line("node power-off node-1") });
    journal.entries.push(Entry { at: secs(10), input: line("node power-on node-1") });
    journal.now = secs(30);
    let error = Session::replay(&journal).err().expect("an error");
    assert_eq!(error.to_string(), "journal entry 2 is at 10s, before the cluster time 20s replay had reached");
    journal.entries.truncate(1);
    journal.entries.push(Entry { at: secs(25), input: line("sleep 1m") });
    let error = Session::replay(&journal).err().expect("an error");
    assert_eq!(error.to_string(), "replay reached 1m25s, past the journal's end time 30s");
    journal.entries[1].input = line("kubectl get pods");
    assert!(matches!(Session::replay(&journal), Err(ReplayError::BadLine { index: 1, .. })));
}

/// `kubectl exec -it POD -- bash`: the prompt, lines in the container, `exit`, the shell ending
/// with its container, and a journal that replays (and undoes) lines typed inside.
#[test]
fn an_interactive_shell_is_part_of_the_session_and_its_journal() {
    let mut s = session();
    let flask = "kubectl create deployment hello-world-flask --image=lyzhang1999/hello-world-flask:latest --replicas=2";
    assert!(s.run(flask).ok);
    assert!(s.run("kubectl create service clusterip hello-world-flask --tcp=5000:5000").ok);
    s.advance_to(secs(30));
    let pod = s.cluster().store.pods().keys().next().cloned().expect("a pod");
    assert_eq!(s.shell_prompt(), None);
    let out = s.run(&format!("kubectl exec -it {pod} -- bash"));
    assert_eq!(out, Output::ok(""));
    assert_eq!(s.shell_prompt(), Some(format!("root@{pod}:/app# ")));
    assert!(s.in_shell());
    // `ls` is a shell line, not `kubectl ls`; `cd` persists.
    assert_eq!(s.run("ls").text, "app.py");
    s.run("cd /tmp && echo saved > note");
    assert_eq!(s.shell_prompt(), Some(format!("root@{pod}:/tmp# ")));
    let out = s.run("ab -c 50 -n 10000 http://127.0.0.1:5000/");
    assert!(out.ok, "{}", out.text);
    s.advance_to(secs(45));
    // Replay and undo rebuild the shell with its state.
    let journal = s.journal().clone();
    let mut replayed = Session::replay(&journal).expect("replays");
    assert_eq!(replayed.shell_prompt(), s.shell_prompt());
    assert_eq!(replayed.run("cat note").text, "saved");
    assert_eq!(replayed.run("kubectl get pods").text, "bash: kubectl: command not found", "inside the pod");
    assert_eq!(replayed.cluster().load_status(), s.cluster().load_status());
    let decoded = codec::decode(&codec::encode(&journal)).expect("decodes");
    assert_eq!(Session::replay(&decoded).expect("replays").shell_prompt(), s.shell_prompt());
    assert!(s.undo(), "takes back `ab`");
    assert!(s.undo(), "takes back `cd /tmp`");
    assert_eq!(s.shell_prompt(), Some(format!("root@{pod}:/app# ")));
    assert_eq!(s.run("exit"), Output::ok("exit"));
    assert_eq!(s.shell_prompt(), None);
    assert!(s.run("kubectl get pods").text.contains(&pod), "back at kubectl");
    // The shell ends when its container does; the next line runs in the terminal again.
    s.run(&format!("kubectl exec -it {pod} -- bash"));
    let out = s.run("kill 1");
    assert_eq!((out.ok, out.text.as_str()), (false, "command terminated with exit code 137"));
    assert_eq!(s.shell_prompt(), None);
    // A container that ends while nobody types: the next line says so, then runs in kubectl.
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: bb}\nspec:\n  containers:\n  - {name: bb, image: busybox, args: [sleep, \"20\"]}\n";
    s.apply_text("bb.yaml", pod);
    s.advance_by(SimDuration::from_secs(10));
    assert!(s.run("kubectl exec -it bb -- sh").ok);
    assert_eq!(s.shell_prompt().as_deref(), Some("/ # "));
    s.advance_by(SimDuration::from_secs(20));
    assert_eq!(s.shell_prompt(), None);
    let out = s.run("kubectl get pod bb");
    assert!(out.text.starts_with("command terminated with exit code 137\nNAME"), "{}", out.text);
    let journal = s.journal().clone();
    let mut replayed = Session::replay(&journal).expect("replays");
    assert_eq!(state(&mut replayed), state(&mut s));
}

/// An exported session with lines typed in a container's shell runs as a scenario to the same
/// state.
#[test]
fn an_exported_shell_session_runs_as_a_scenario() {
    let mut s = session();
    s.apply_text("web.yaml", WEB);
    s.advance_to(secs(30));
    let pod = s.cluster().store.pods().keys().next().cloned().expect("a pod");
    s.run(&format!("kubectl exec -it {pod} -- bash"));
    s.run("cd /usr/share/nginx/html && echo changed > index.html");
    s.run("cat index.html");
    s.run("exit");
    s.advance_to(secs(40));
    let scenario = s.export_scenario();
    let mut out = Vec::new();
    let options = crate::runner::RunOptions::default();
    let played = crate::runner::run_scenario_to(&scenario, "x.yaml", &cmd::NoFiles, &options, &mut out)
        .unwrap_or_else(|e| panic!("{e}\n{scenario}"));
    let out = String::from_utf8(out).expect("utf-8");
    assert!(out.contains("[30s] $ cat index.html\nchanged\n"), "{out}");
    let mut played_session = Session::replay(played.journal()).expect("replays");
    assert_eq!(state(&mut played_session), state(&mut s));
}

/// `sleep` with a watch running moves time an instant at a time (the watch prints each change
/// when it happens) and ends in the same cluster as without the watch, which replay checks.
#[test]
fn sleep_under_a_watch_streams_rows_and_replays_to_the_same_state() {
    let mut watched = session();
    watched.apply_text("web.yaml", WEB);
    assert!(watched.run("kubectl get pods -w").ok);
    watched.run("sleep 30s");
    let rows = watched.take_watch_rows();
    let creating = rows.iter().filter(|r| r.text.contains("ContainerCreating")).count();
    let running = rows.iter().filter(|r| r.text.contains("Running")).count();
    assert!(creating >= 3 && running == 3, "{rows:?}");
    assert!(rows.iter().any(|r| r.at < secs(30)), "rows at the time of their change: {rows:?}");
    let mut plain = session();
    plain.apply_text("web.yaml", WEB);
    plain.run("sleep 30s");
    let mut replayed = Session::replay(watched.journal()).expect("replays");
    assert_eq!(state(&mut watched), state(&mut plain));
    assert_eq!(state(&mut replayed), state(&mut plain));
}

#[test]
fn a_watched_sleep_stops_when_asked_is_journaled_and_replays_with_its_marker() {
    let mut live = session();
    live.apply_text("web.yaml", WEB);
    live.run("node power-off node-2");
    let stopped = live.sleep_watched(SimDuration::from_secs(600), true, |cluster| {
        cluster.store().nodes.get("node-2").is_some_and(|node| !node.is_ready())
    });
    assert!(stopped, "node-2 went NotReady within 10 minutes");
    let at = live.now();
    assert!(at > secs(40) && at < secs(120), "{at}");
    let last = live.journal().entries.last().unwrap().clone();
    let Input::Line { line, .. } = &last.input else { panic!("{last:?}") };
    assert_eq!(*line, format!("sleep {} --mark", crate::engine::time::go_duration(at.since(last.at))));
    let markers = |s: &Session| {
        s.cluster()
            .series()
            .markers()
            .filter(|m| m.kind == crate::engine::series::MarkerKind::FastForward)
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(markers(&live).len(), 1);
    assert_eq!(markers(&live)[0].at, at);
    live.advance_by(SimDuration::from_secs(3));
    let mut replayed = Session::replay(live.journal()).unwrap();
    assert_eq!(markers(&replayed), markers(&live));
    assert_eq!(state(&mut replayed), state(&mut live));
    // A page's stepwise rebuild, one instant at a time, draws the same span.
    let mut stepwise = Replay::new(live.journal().clone()).unwrap();
    while !stepwise.step(1).unwrap() {}
    assert_eq!(markers(&stepwise.finish().unwrap()), markers(&live));
    // Undo takes the whole fast-forward back.
    assert!(live.undo());
    assert_eq!(live.now(), last.at);
    assert!(markers(&live).is_empty());
    // Nothing passes, nothing is journaled.
    let entries = live.journal().entries.len();
    assert!(live.sleep_watched(SimDuration::from_secs(60), true, |_| true));
    assert_eq!(live.journal().entries.len(), entries);
}

const PROBED: &str = "apiVersion: apps/v1
kind: Deployment
metadata: {name: probed}
spec:
  replicas: 3
  selector: {matchLabels: {app: probed}}
  template:
    metadata: {labels: {app: probed}}
    spec:
      containers:
      - name: nginx
        image: nginx
        livenessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 5}
        readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 3}
";

/// A journal with probes, a shell, a `sleep`, a node going away and a long quiet end.
fn busy_journal() -> Journal {
    let mut s = session();
    story(&mut s);
    s.apply_text("probed.yaml", PROBED);
    s.advance_to(secs(260));
    let pod = s.cluster().store.pods().keys().next().cloned().expect("a pod");
    s.run(&format!("kubectl exec -it {pod} -- bash"));
    s.run("cd /tmp && echo saved > note");
    s.run("exit");
    s.run("sleep 2m");
    s.run("kubectl delete pod --all");
    s.advance_to(secs(3600));
    s.journal().clone()
}

/// Issue 9: a page replays a journal a few instants per frame. Any budget rebuilds the same
/// cluster as one-shot replay, and progress only moves forward.
#[test]
fn stepwise_replay_with_any_budget_gives_the_same_cluster() {
    let journal = busy_journal();
    let mut one_shot = Session::replay(&journal).expect("replays");
    let expected = state(&mut one_shot);
    for budget in [0, 1, 2, 7, 100, 10_000] {
        let mut replay = Replay::new(journal.clone()).expect("valid");
        let mut last = replay.progress();
        assert_eq!(
            (last.now, last.end, last.inputs_done, last.inputs),
            (SimTime::ZERO, secs(3600), 0, journal.entries.len())
        );
        let mut steps = 0;
        while !replay.step(budget).expect("replays") {
            let progress = replay.progress();
            assert!(progress.now >= last.now && progress.inputs_done >= last.inputs_done, "{progress:?}");
            last = progress;
            steps += 1;
        }
        assert_eq!(replay.progress().inputs_done, journal.entries.len());
        assert!(budget > 1000 || steps > 10, "budget {budget}: {steps} steps");
        assert!(replay.step(budget).expect("done stays done"));
        let mut stepped = replay.finish().expect("done");
        assert_eq!(state(&mut stepped), expected, "budget {budget}");
        assert_eq!(stepped.journal(), &journal, "budget {budget}");
    }
}

/// A long `sleep` in a journal is replayed a budget at a time, not in one go.
#[test]
fn a_replayed_sleep_is_budgeted() {
    let mut s = session();
    s.apply_text("probed.yaml", PROBED);
    s.run("sleep 1h");
    let mut replay = Replay::new(s.journal().clone()).expect("valid");
    assert!(!replay.step(50).expect("runs"));
    let progress = replay.progress();
    assert_eq!(progress.inputs_done, 2, "the sleep has started");
    assert!(progress.now < secs(600), "{progress:?}");
    let mut replayed = replay.finish().expect("replays");
    assert_eq!(state(&mut replayed), state(&mut s));
}

/// Stepwise and one-shot replay refuse the same journals with the same errors; what can be
/// seen without running is refused before anything runs.
#[test]
fn stepwise_replay_refuses_what_one_shot_replay_refuses() {
    let line = |line: &str| Input::Line { line: line.into(), files: Vec::new() };
    let base = {
        let mut s = session();
        s.apply_text("probed.yaml", PROBED);
        s.journal().clone()
    };
    let with = |entries: &[(u64, &str)], now: u64| {
        let mut journal = base.clone();
        journal.entries.extend(entries.iter().map(|(at, text)| Entry { at: secs(*at), input: line(text) }));
        journal.now = secs(now);
        journal
    };
    let cases = [
        with(&[(20, "node power-off node-1"), (10, "node power-on node-1")], 30),
        with(&[(25, "sleep 1m")], 30),
        with(&[(25, "kubectl get pods")], 30),
        with(&[(25, "kubectl frobnicate")], 30),
        with(&[(40, "node power-off node-1")], 30),
        with(&[(5, "kubectl wait deploy/probed --for=condition=Nope --timeout=1m"), (20, "node power-off node-1")], 30),
    ];
    for journal in cases {
        let one_shot = Session::replay(&journal).err().expect("refused");
        let stepped = Replay::new(journal.clone()).and_then(|mut replay| {
            while !replay.step(1)? {}
            Ok(())
        });
        assert_eq!(stepped.err(), Some(one_shot), "{journal:?}");
    }
    // Refused up front: a bad line at the end of a month-long journal costs nothing.
    let late = with(&[(3600, "kubectl get pods")], 30 * 24 * 3600);
    assert!(matches!(Replay::new(late).err(), Some(ReplayError::BadLine { index: 1, .. })));
    // Lines after a shell opened are checked when replay reaches them (they may be shell lines).
    let shell = with(&[(5, "kubectl exec -it nope -- bash"), (6, "ls")], 30);
    assert!(Replay::new(shell).is_ok());
}

/// Any cluster configuration survives export: seed, node list (names, cpu, memory, zones),
/// metrics-server on or off and the node-monitor grace period. Random configurations from a
/// fixed-seed generator, each with a failover story, played back to the same state.
#[test]
fn exported_scenarios_keep_any_cluster_configuration() {
    let mut rng = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move |n: u64| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng % n
    };
    for case in 0..12 {
        let mut config = if next(2) == 0 {
            ClusterConfig::with_nodes(next(u64::MAX), 1 + next(5) as usize)
        } else {
            let mut config = ClusterConfig::with_nodes(next(1000), 0);
            for i in 0..1 + next(4) {
                let mut node = crate::engine::NodeConfig::new(&format!("worker-{i}.lab"));
                node.cpu_millis = 250 + next(16_000) as i64;
                node.memory_bytes = (256 << 20) + next(32 << 30) as i64;
                node.zone = (next(2) == 0).then(|| format!("zone-{}", next(3)));
                config.nodes.push(node);
            }
            config
        };
        config.metrics_server = next(2) == 0;
        config.node_monitor_grace = match next(3) {
            0 => config.node_monitor_grace,
            1 => SimDuration::from_secs(40),
            _ => SimDuration::from_millis(1000 + next(3_599_000)),
        };
        let mut s = Session::new(config.clone());
        s.apply_text("web.yaml", WEB);
        s.advance_to(secs(20 + next(40)));
        let node = config.nodes[next(config.nodes.len() as u64) as usize].name.clone();
        s.run(&format!("node power-off {node}"));
        s.advance_to(secs(120 + next(300)));
        let scenario = s.export_scenario();
        let (_, mut played) =
            crate::runner::run_scenario(&scenario, "exported.yaml", &cmd::NoFiles, &Default::default())
                .unwrap_or_else(|e| panic!("case {case}: {e}\n{scenario}"));
        assert_eq!(played.journal().config, config, "case {case}: {scenario}");
        assert_eq!(state(&mut played), state(&mut s), "case {case}: {scenario}");
    }
}
