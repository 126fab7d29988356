//! `kubectl get`: tables, `-o yaml|json|name`, selectors, and the rows `get -w` prints.

use super::*;
use crate::sort::SmallSort;

pub(super) const VERB: Verb = Verb {
    name: "get",
    aliases: &[],
    kubectl: true,
    usage: "kubectl get TYPE[,TYPE...] [NAME...] [flags]\nkubectl get TYPE/NAME... [flags]",
    summary: "List objects in a table, or print them as YAML/JSON",
    flags: &[
        OUTPUT_FLAG,
        SELECTOR_FLAG,
        FlagSpec {
            long: "watch",
            short: Some('w'),
            kind: FlagKind::Bool,
            help: "after listing, keep printing changes",
        },
        FlagSpec {
            long: "field-selector",
            short: None,
            kind: FlagKind::Value,
            help: "filter by fields, e.g. status.phase==Running",
        },
        ALL_NAMESPACES_FLAG,
        FlagSpec { long: "show-labels", short: None, kind: FlagKind::Bool, help: "add a LABELS column" },
        FlagSpec { long: "no-headers", short: None, kind: FlagKind::Bool, help: "omit the header row" },
        FlagSpec { long: "sort-by", short: None, kind: FlagKind::Value, help: "sort by a field, e.g. .lastTimestamp" },
    ],
    examples: &[
        "kubectl get pods -o wide",
        "kubectl get pods --watch",
        "watch -n 1 kubectl get pod",
        "kubectl get pod --field-selector=status.phase==Running",
        "kubectl get deploy,rs,pods -l app=web",
        "kubectl get deploy/web -o yaml",
        "kubectl get all",
        "kubectl get events --sort-by=.lastTimestamp",
    ],
    parse: parse_get,
};

fn parse_get(args: &Args) -> Result<Command, ParseError> {
    let (kinds, names) = resource_args(args, args.all_positionals())?;
    if kinds.is_empty() {
        return Err(args.usage(
            None,
            "you must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.",
        ));
    }
    let selector = args.string("selector");
    if selector.is_some() && !names.is_empty() {
        return Err(
            args.usage(Some(args.flag_span("selector")), "name cannot be provided when a selector is specified")
        );
    }
    Ok(Command::Get {
        kinds,
        names,
        output: parse_output(args, &[OutputFormat::Wide, OutputFormat::Yaml, OutputFormat::Json, OutputFormat::Name])?,
        selector,
        field_selector: args.string("field-selector"),
        watch: args.bool("watch"),
        all_namespaces: args.bool("all-namespaces"),
        show_labels: args.bool("show-labels"),
        no_headers: args.bool("no-headers"),
        sort_by: args.string("sort-by"),
        namespace: args.namespace(),
    })
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn get(
    cluster: &Cluster,
    kinds: &[ResourceKind],
    names: &[String],
    output: OutputFormat,
    selector: Option<&str>,
    field_selector: Option<&str>,
    options: &RenderOptions,
    all_namespaces: bool,
    sort_by: Option<&str>,
) -> Result<String, String> {
    let selector = selector.map(Selector::parse).transpose()?;
    let multi = kinds.len() > 1;
    let mut sections: Vec<String> = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    let mut found_any = false;
    for kind in kinds {
        let (mut table, mut serialized, mut names_out) =
            kind_view(cluster, *kind, names, selector.as_ref(), field_selector, &mut errors)?;
        if names_out.is_empty() {
            continue;
        }
        if let Some(path) = sort_by {
            sort_view(*kind, path, &mut table, &mut serialized, &mut names_out)?;
        }
        found_any = true;
        let section = match output {
            OutputFormat::Yaml | OutputFormat::Json => {
                let value = if serialized.len() == 1 && !names.is_empty() && !multi {
                    serialized.into_iter().next().unwrap_or_default()
                } else {
                    serde_json::json!({"apiVersion": "v1", "items": serialized, "kind": "List", "metadata": {"resourceVersion": ""}})
                };
                if output == OutputFormat::Yaml {
                    print::to_yaml(&value).trim_end().to_string()
                } else {
                    print::to_json(&value).trim_end().to_string()
                }
            }
            OutputFormat::Name => {
                let prefix = print::resource_prefix(kind.kind());
                names_out.iter().map(|n| print::name_line(&prefix, n)).collect::<Vec<_>>().join("\n")
            }
            OutputFormat::Default | OutputFormat::Wide => {
                let mut table = table.unwrap_or_else(|| print::Table::new(&["NAME"]));
                if multi {
                    table = table.with_kind_prefix(&print::resource_prefix(kind.kind()));
                }
                if all_namespaces && kind.namespaced() {
                    // kubeplay has one namespace; -A still shows the column kubectl shows.
                    table.headers.insert(0, "NAMESPACE".into());
                    table.wide_only.insert(0, false);
                    for row in &mut table.rows {
                        row.insert(0, "default".into());
                    }
                }
                print::render_table_with(&table, options).trim_end().to_string()
            }
        };
        sections.push(section);
    }
    let mut text =
        sections.join(if matches!(output, OutputFormat::Default | OutputFormat::Wide) { "\n\n" } else { "\n" });
    if kinds.contains(&ResourceKind::Endpoints) {
        text = format!("Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n{text}");
    }
    if !errors.is_empty() {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&errors.join("\n"));
        return Err(text);
    }
    if !found_any {
        let cluster_wide = all_namespaces || kinds.iter().all(|k| *k == ResourceKind::Node);
        return Ok(print::no_resources_found(if cluster_wide { None } else { Some("default") }));
    }
    Ok(text)
}

/// `--sort-by=FIELD`: kubectl's `SortingPrinter`, ascending by the field of each object
/// (numbers by value, timestamps and strings by text), objects without it first. A field no
/// listed object has is an error, as in kubectl. Events have no metadata in kubeplay: their
/// `.metadata.creationTimestamp` is their `firstTimestamp` (when the API server created them).
fn sort_view(
    kind: ResourceKind,
    path: &str,
    table: &mut Option<print::Table>,
    serialized: &mut Vec<serde_json::Value>,
    names: &mut Vec<String>,
) -> Result<(), String> {
    let relaxed = path.trim().trim_start_matches('{').trim_end_matches('}').trim_start_matches('.');
    let field = match (kind, relaxed) {
        (ResourceKind::Event, "metadata.creationTimestamp") => "firstTimestamp",
        _ => relaxed,
    };
    let keys: Vec<Option<&serde_json::Value>> = serialized.iter().map(|item| json_path(item, field)).collect();
    if keys.iter().all(Option::is_none) {
        return Err(format!("error: couldn't find any field with path \"{{.{relaxed}}}\" in the list of objects"));
    }
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_small_by(|&a, &b| compare_json(keys[a], keys[b]));
    if let Some(table) = table {
        reorder(&mut table.rows, &order);
        reorder(&mut table.labels, &order);
    }
    reorder(serialized, &order);
    reorder(names, &order);
    Ok(())
}

/// Puts `items` in `order` (indices into it); lists of another length (none) stay as they are.
fn reorder<T>(items: &mut Vec<T>, order: &[usize]) {
    if items.len() == order.len() {
        let mut taken: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
        items.extend(order.iter().filter_map(|&i| taken[i].take()));
    }
}

/// The value at a dotted path with `[N]` indices (`status.containerStatuses[0].restartCount`).
fn json_path<'a>(value: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    let mut current = value;
    for part in path.split('.').filter(|part| !part.is_empty()) {
        let (name, indices) = part.split_once('[').map_or((part, ""), |(name, rest)| (name, rest));
        if !name.is_empty() {
            current = current.get(name)?;
        }
        for index in indices.split('[').filter(|i| !i.is_empty()) {
            current = current.get(index.trim_end_matches(']').parse::<usize>().ok()?)?;
        }
    }
    Some(current).filter(|value| !value.is_null())
}

/// kubectl's order of sort keys: missing first, numbers by value, everything else by text.
fn compare_json(a: Option<&serde_json::Value>, b: Option<&serde_json::Value>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(serde_json::Value::Number(x)), Some(serde_json::Value::Number(y))) => {
            x.as_f64().unwrap_or(0.0).total_cmp(&y.as_f64().unwrap_or(0.0))
        }
        (Some(x), Some(y)) => {
            let text = |v: &serde_json::Value| v.as_str().map_or_else(|| v.to_string(), str::to_string);
            text(x).cmp(&text(y))
        }
        (a, b) => a.is_some().cmp(&b.is_some()),
    }
}

/// What `get` shows of one kind: the table, the serialized objects (`-o yaml|json`) and the
/// names (`-o name`, the keys of `get -w`).
pub(crate) type View = (Option<print::Table>, Vec<serde_json::Value>, Vec<String>);

/// The objects `get` lists: those named (a missing name is an error in `errors`), or those
/// the label selector accepts.
fn pick<'a, T: ApiObject>(
    map: &'a BTreeMap<String, Box<T>>,
    names: &[String],
    selector: Option<&Selector>,
    kind: ResourceKind,
    errors: &mut Vec<String>,
) -> Vec<&'a T> {
    if names.is_empty() {
        return matching(map, selector);
    }
    let mut objects = Vec::new();
    for name in names {
        match map.get(name) {
            Some(object) => objects.push(&**object),
            None => errors.push(not_found(kind, name)),
        }
    }
    objects
}

fn view<T: ApiObject>(table: print::Table, objects: &[&T]) -> View {
    (Some(table), objects.iter().map(|o| json(*o)).collect(), objects.iter().map(|o| o.meta().name.clone()).collect())
}

/// Table rows, serialized objects and names of one kind, as `get` lists them (by name when
/// names were given; errors for missing names go to `errors`).
pub(crate) fn kind_view(
    cluster: &Cluster,
    kind: ResourceKind,
    names: &[String],
    selector: Option<&Selector>,
    field_selector: Option<&str>,
    errors: &mut Vec<String>,
) -> Result<View, String> {
    let now = cluster.now();
    let store = &cluster.store;
    let view: View = match kind {
        ResourceKind::Pod => {
            let mut pods: Vec<&Pod> = pick(store.pods(), names, selector, kind, errors);
            if let Some(fs) = field_selector {
                let mut kept = Vec::new();
                for p in pods {
                    if field_matches(p, fs)? {
                        kept.push(p);
                    }
                }
                pods = kept;
            }
            view(print::pods_table(&pods, now), &pods)
        }
        ResourceKind::Deployment => {
            let v: Vec<&Deployment> = pick(&store.deployments, names, selector, kind, errors);
            view(print::deployments_table(&v, now), &v)
        }
        ResourceKind::ReplicaSet => {
            let v: Vec<&ReplicaSet> = pick(&store.replicasets, names, selector, kind, errors);
            view(print::replicasets_table(&v, now), &v)
        }
        ResourceKind::Node => {
            let v: Vec<&Node> = pick(&store.nodes, names, selector, kind, errors);
            view(print::nodes_table(&v, now), &v)
        }
        ResourceKind::Service => {
            let v: Vec<&Service> = pick(&store.services, names, selector, kind, errors);
            view(print::services_table(&v, now), &v)
        }
        ResourceKind::Endpoints => {
            let v: Vec<&Service> = pick(&store.services, names, selector, kind, errors);
            let slices: Vec<&EndpointSlice> = store.endpointslices.values().map(|s| &**s).collect();
            (
                Some(print::endpoints_table(&v, &slices, now)),
                v.iter().map(|s| v1_endpoints(s, store.endpointslices.get(&s.metadata.name).map(|e| &**e))).collect(),
                v.iter().map(|o| o.metadata.name.clone()).collect(),
            )
        }
        ResourceKind::EndpointSlice => {
            let v: Vec<&EndpointSlice> = if names.is_empty() {
                matching(&store.endpointslices, selector)
            } else {
                names
                    .iter()
                    .filter_map(|n| {
                        let found = store.endpointslices.values().map(|s| &**s).find(|s| s.metadata.name == *n);
                        if found.is_none() {
                            errors.push(not_found(kind, n));
                        }
                        found
                    })
                    .collect()
            };
            let mut v = v;
            v.sort_small_by(|a, b| a.metadata.name.cmp(&b.metadata.name));
            view(print::endpointslices_table(&v, now), &v)
        }
        ResourceKind::HorizontalPodAutoscaler => {
            let v: Vec<&HorizontalPodAutoscaler> = pick(&store.hpas, names, selector, kind, errors);
            view(print::hpas_table(&v, now), &v)
        }
        ResourceKind::Event => {
            let mut v: Vec<&Event> = Vec::new();
            for event in cluster.events.events() {
                if let Some(fs) = field_selector {
                    if !event_field_matches(event, fs)? {
                        continue;
                    }
                }
                v.push(event);
            }
            print::sort_events_for_list(&mut v);
            (
                Some(print::events_table(&v, now)),
                v.iter().map(|o| json(*o)).collect(),
                v.iter().map(|e| print::event_name(e)).collect(),
            )
        }
    };
    Ok(view)
}

/// `kubectl get -w` after the first listing: the rows of watched objects whose row changed
/// since `seen` (AGE ignored), rendered with the columns of a full table.
pub fn watch_rows(cluster: &Cluster, command: &Command, seen: &mut BTreeMap<String, String>) -> Vec<String> {
    let Command::Get { kinds, names, output, selector, field_selector, .. } = command else { return Vec::new() };
    let Some(kind) = kinds.first() else { return Vec::new() };
    let selector = selector.as_deref().and_then(|s| Selector::parse(s).ok());
    let mut errors = Vec::new();
    let Ok((Some(table), _, keys)) =
        kind_view(cluster, *kind, names, selector.as_ref(), field_selector.as_deref(), &mut errors)
    else {
        return Vec::new();
    };
    // Relative times (AGE, LAST SEEN, FIRST SEEN, `1 (5s ago)`) change every second without
    // anything happening.
    let ages: Vec<bool> =
        table.headers.iter().map(|h| matches!(h.as_str(), "AGE" | "LAST SEEN" | "FIRST SEEN")).collect();
    let count = table.headers.iter().position(|h| h == "COUNT");
    let rendered = print::render_table_with(
        &table,
        &RenderOptions { wide: *output == OutputFormat::Wide, show_labels: false, no_headers: false },
    );
    let mut out = Vec::new();
    for (i, (row, line)) in table.rows.iter().zip(rendered.lines().skip(1)).enumerate() {
        let timeless = |skip_count: bool| -> Vec<&str> {
            row.iter()
                .enumerate()
                .filter(|(i, _)| {
                    let age = ages.get(*i).copied().unwrap_or(false);
                    let dropped = age || (skip_count && Some(*i) == count);
                    !dropped
                })
                .map(|(_, c)| c.split(" (").next().unwrap_or(c))
                .collect()
        };
        let fingerprint = timeless(false).join("\t");
        // Objects are keyed by name; events by their name (which does not age) and what they
        // say, since two events about one object at one instant share a name here. A
        // recurring event keeps its key and changes its COUNT, so it prints again.
        let name = keys.get(i).cloned().unwrap_or_else(|| row.first().cloned().unwrap_or_default());
        let key = match kind {
            ResourceKind::Event => format!("{name}\t{}", timeless(true).join("\t")),
            _ => name,
        };
        if seen.get(&key) != Some(&fingerprint) {
            seen.insert(key, fingerprint);
            out.push(line.trim_end().to_string());
        }
    }
    out
}

/// The legacy v1 Endpoints object mirrored from a Service's EndpointSlice: ready addresses,
/// not-ready ones, and no terminating ones.
pub(crate) fn v1_endpoints(svc: &Service, slice: Option<&EndpointSlice>) -> serde_json::Value {
    let address = |e: &Endpoint| {
        let mut a = serde_json::json!({"ip": e.addresses.first().cloned().unwrap_or_default()});
        if let Some(node) = &e.node_name {
            a["nodeName"] = serde_json::json!(node);
        }
        if let Some(t) = &e.target_ref {
            a["targetRef"] = serde_json::json!({"kind": t.kind, "name": t.name, "namespace": "default"});
        }
        a
    };
    let mut meta = serde_json::json!({"name": svc.metadata.name, "namespace": "default"});
    if !svc.metadata.labels.is_empty() {
        meta["labels"] = json(&svc.metadata.labels);
    }
    let mut value = serde_json::json!({"apiVersion": "v1", "kind": "Endpoints", "metadata": meta});
    if let Some(slice) = slice {
        let ready: Vec<serde_json::Value> =
            slice.endpoints.iter().filter(|e| e.conditions.ready).map(address).collect();
        let not_ready: Vec<serde_json::Value> =
            slice.endpoints.iter().filter(|e| !e.conditions.ready && !e.conditions.terminating).map(address).collect();
        if !ready.is_empty() || !not_ready.is_empty() {
            let mut subset = serde_json::json!({"ports": slice.ports.iter().map(|p| {
                let mut port = serde_json::json!({"port": p.port, "protocol": p.protocol});
                if let Some(name) = &p.name { port["name"] = serde_json::json!(name); }
                port
            }).collect::<Vec<_>>()});
            if !ready.is_empty() {
                subset["addresses"] = serde_json::json!(ready);
            }
            if !not_ready.is_empty() {
                subset["notReadyAddresses"] = serde_json::json!(not_ready);
            }
            value["subsets"] = serde_json::json!([subset]);
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::verbs::testing::*;

    #[test]
    fn get_types_and_aliases() {
        check("kubectl get pods", get_cmd(&[ResourceKind::Pod], &[]));
        check("get po", get_cmd(&[ResourceKind::Pod], &[]));
        check("k get pod web-1 web-2", get_cmd(&[ResourceKind::Pod], &["web-1", "web-2"]));
        check("kubectl get deploy/web", get_cmd(&[ResourceKind::Deployment], &["web"]));
        check("kubectl get deployments.apps web", get_cmd(&[ResourceKind::Deployment], &["web"]));
        check("kubectl get rs", get_cmd(&[ResourceKind::ReplicaSet], &[]));
        check("kubectl get no", get_cmd(&[ResourceKind::Node], &[]));
        check("kubectl get svc", get_cmd(&[ResourceKind::Service], &[]));
        check("kubectl get ep", get_cmd(&[ResourceKind::Endpoints], &[]));
        check("kubectl get endpointslices", get_cmd(&[ResourceKind::EndpointSlice], &[]));
        check("kubectl get hpa", get_cmd(&[ResourceKind::HorizontalPodAutoscaler], &[]));
        check("kubectl get horizontalpodautoscalers", get_cmd(&[ResourceKind::HorizontalPodAutoscaler], &[]));
        check("kubectl get ev", get_cmd(&[ResourceKind::Event], &[]));
        check("kubectl get Pods", get_cmd(&[ResourceKind::Pod], &[]));
        check(
            "kubectl get deploy,rs,po",
            get_cmd(&[ResourceKind::Deployment, ResourceKind::ReplicaSet, ResourceKind::Pod], &[]),
        );
        check("kubectl get all", get_cmd(&ResourceKind::GET_ALL, &[]));
        check("kubectl get all,pods,svc", get_cmd(&ResourceKind::GET_ALL, &[]));
        let Command::Get { sort_by, .. } = ok("kubectl get events --sort-by=.lastTimestamp") else { panic!() };
        assert_eq!(sort_by.as_deref(), Some(".lastTimestamp"));
    }

    #[test]
    fn get_flags() {
        let Command::Get { output, watch, selector, field_selector, all_namespaces, show_labels, .. } =
            ok("kubectl get pods -o wide -l app=web -w --field-selector=status.phase==Running -A --show-labels")
        else {
            panic!()
        };
        assert_eq!(output, OutputFormat::Wide);
        assert!(watch && all_namespaces && show_labels);
        assert_eq!(selector.as_deref(), Some("app=web"));
        assert_eq!(field_selector.as_deref(), Some("status.phase==Running"));
        for spelling in ["-o yaml", "-oyaml", "-o=yaml", "--output yaml", "--output=yaml"] {
            let Command::Get { output, .. } = ok(&format!("get pods {spelling}")) else { panic!() };
            assert_eq!(output, OutputFormat::Yaml, "{spelling}");
        }
        let Command::Get { output, .. } = ok("kubectl get pod -owide") else { panic!() };
        assert_eq!(output, OutputFormat::Wide);
        let Command::Get { watch, .. } = ok("kubectl get pods --watch=false") else { panic!() };
        assert!(!watch);
        let Command::Get { output, watch, .. } = ok("kubectl get pods -wo name") else { panic!() };
        assert_eq!((output, watch), (OutputFormat::Name, true));
    }

    #[test]
    fn get_errors() {
        check_error(
            "kubectl get",
            "error: you must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.",
        );
        check_error(
            "kubectl get podz",
            "error: the server doesn't have a resource type \"podz\"\n\nDid you mean this?\n\tpods",
        );
        check_error("kubectl get blah", "error: the server doesn't have a resource type \"blah\"");
        check_error("kubectl get configmaps", "error: the resource type \"configmaps\" is not simulated by kubeplay");
        check_error("kubectl get pods -x", "error: unknown shorthand flag: 'x' in -x");
        check_error("kubectl get pods -wx", "error: unknown shorthand flag: 'x' in -wx");
        check_error("kubectl get pods -o", "error: flag needs an argument: 'o' in -o");
        check_error("kubectl get pods --output", "error: flag needs an argument: --output");
        check_error(
            "kubectl get pods -o table",
            "error: unable to match a printer suitable for the output format \"table\", allowed formats are: json,name,wide,yaml",
        );
        check_error("kubectl get pods -o jsonpath='{.items}'", "error: -o jsonpath is not simulated by kubeplay");
        check_error(
            "kubectl get pods --watch=maybe",
            "error: invalid argument \"maybe\" for \"-w, --watch\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax",
        );
        check_error("kubectl get pods web -l app=web", "error: name cannot be provided when a selector is specified");
        check_error(
            "kubectl get deploy/web/x",
            "error: arguments in resource/name form must have a single resource and name",
        );
        check_error(
            "kubectl get deploy/web web2",
            "error: arguments in resource/name form must have a single resource and name",
        );
        check_error(
            "kubectl get deploy deploy/web",
            "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
        );
    }

    #[test]
    fn not_found_uses_kubectl_wording() {
        let mut cluster = Cluster::new(1);
        check_run(&mut cluster, "kubectl get pod x", "Error from server (NotFound): pods \"x\" not found");
        check_run(&mut cluster, "kubectl get deploy", "No resources found in default namespace.");
        check_run(
            &mut cluster,
            "kubectl scale deploy/web --replicas=2",
            "Error from server (NotFound): deployments.apps \"web\" not found",
        );
    }

    #[test]
    fn sort_by_orders_events_and_refuses_unknown_fields() {
        let mut cluster = Cluster::new(1);
        assert!(run(&mut cluster, &NoFiles, "kubectl create deployment web --image=nginx").ok);
        cluster.run_for(SimDuration::from_secs(30));
        assert!(run(&mut cluster, &NoFiles, "kubectl create deployment app --image=nginx").ok);
        cluster.run_for(SimDuration::from_secs(30));
        assert!(run(&mut cluster, &NoFiles, "kubectl scale deploy web --replicas=3").ok);
        cluster.run_for(SimDuration::from_secs(30));
        fn column(cluster: &mut Cluster, line: &str, field: &str) -> Vec<String> {
            let out = run(cluster, &NoFiles, line);
            assert!(out.ok, "{line}: {}", out.text);
            let value: serde_json::Value = serde_json::from_str(&out.text).expect("json");
            let items = value["items"].as_array().expect("items").clone();
            items.iter().map(|item| item[field].to_string()).collect()
        }
        let unsorted = column(&mut cluster, "kubectl get events -o json", "lastTimestamp");
        for (path, field) in [
            (".lastTimestamp", "lastTimestamp"),
            ("{.firstTimestamp}", "firstTimestamp"),
            (".metadata.creationTimestamp", "firstTimestamp"),
        ] {
            let times = column(&mut cluster, &format!("kubectl get events --sort-by={path} -o json"), field);
            let mut sorted = times.clone();
            sorted.sort();
            assert_eq!(times, sorted, "{path}");
            assert_eq!(times.len(), unsorted.len());
        }
        let mut sorted = unsorted.clone();
        sorted.sort();
        assert_ne!(unsorted, sorted, "the default order groups events by object");
        let counts: Vec<u64> = column(&mut cluster, "kubectl get events --sort-by=.count -o json", "count")
            .iter()
            .map(|c| c.parse().expect("a number"))
            .collect();
        assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{counts:?}");
        // The table follows the same order: the oldest event first, so AGE goes down.
        let table = run(&mut cluster, &NoFiles, "kubectl get events --sort-by=.lastTimestamp").text;
        let first = table.lines().nth(1).expect("a row").to_string();
        assert!(first.contains("web"), "{table}");
        for line in ["kubectl get events --sort-by=.spec.nothing", "kubectl get pods --sort-by=.nothing"] {
            let out = run(&mut cluster, &NoFiles, line);
            let field = line.rsplit('=').next().unwrap_or_default();
            let expected = format!("error: couldn't find any field with path \"{{{field}}}\" in the list of objects");
            assert_eq!((out.ok, out.text), (false, expected), "{line}");
        }
        let names = run(&mut cluster, &NoFiles, "kubectl get deploy --sort-by=.metadata.creationTimestamp -o name");
        assert_eq!(names.text, "deployment.apps/web\ndeployment.apps/app");
    }
}
