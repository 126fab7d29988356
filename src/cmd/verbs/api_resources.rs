//! `kubectl api-resources`: the kinds kubeplay simulates.

use super::*;

pub(super) const VERB: Verb = Verb {
    name: "api-resources",
    aliases: &[],
    kubectl: true,
    usage: "kubectl api-resources",
    summary: "List the resource types and their short names",
    flags: &[],
    examples: &["kubectl api-resources"],
    parse: parse_api_resources,
};

fn parse_api_resources(args: &Args) -> Result<Command, ParseError> {
    if let Some(extra) = args.all_positionals().first() {
        return Err(usage_error(
            args,
            Some(extra.span),
            &format!("Unexpected args: {}", go_list(args.all_positionals())),
        ));
    }
    Ok(Command::ApiResources)
}

pub(crate) fn api_resources() -> String {
    let mut table = print::Table::new(&["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]);
    for kind in ResourceKind::ALL {
        table.push(
            vec![
                kind.plural().to_string(),
                kind.short_names().join(","),
                kind.api_version().to_string(),
                kind.namespaced().to_string(),
                kind.kind().to_string(),
            ],
            String::new(),
        );
    }
    print::render_table(&table, false).trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::verbs::testing::*;

    #[test]
    fn api_resources_lists_every_kind_as_kubectl_does() {
        check("kubectl api-resources", Command::ApiResources);
        let out = run(&mut Cluster::new(1), &NoFiles, "k api-resources");
        assert!(out.ok);
        let rows: Vec<Vec<&str>> = out.text.lines().map(|line| line.split_whitespace().collect()).collect();
        assert_eq!(rows[0], ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]);
        assert_eq!(rows.len(), 1 + ResourceKind::ALL.len());
        assert!(rows.contains(&vec!["deployments", "deploy", "apps/v1", "true", "Deployment"]));
        assert!(rows.contains(&vec!["nodes", "no", "v1", "false", "Node"]));
    }
}
