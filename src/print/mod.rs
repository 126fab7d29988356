//! kubectl-style printing: `get` tables, `describe` text, `-o yaml|json|name`. Every
//! function here is pure: it takes API objects (with the status the engine wrote) and
//! `now`, and returns text. Nothing here reads the engine or a clock.

pub mod age;
pub mod describe;
pub mod errors;
pub mod get;
pub mod load;
pub mod output;
pub mod table;
pub mod tabwriter;
pub mod value;
pub mod yaml;

#[cfg(test)]
pub(crate) mod fixtures;

pub use describe::{
    describe_deployment, describe_endpoints, describe_hpa, describe_node, describe_pod, describe_replicaset,
    describe_service, probe_string, qos_class, split_replica_sets,
};
pub use errors::api_error;
pub use get::{
    deployments_table, endpoints_table, endpointslices_table, event_name, events_table, format_labels, hpa_targets,
    hpas_table, node_roles, node_status, nodes_table, pod_ready, pod_restarts, pod_status, pods_table,
    replicasets_table, selector_string, services_table, slice_belongs_to, sort_events_for_list, top_nodes_table,
    top_pods_table, TopNodeRow, TopPodRow,
};
pub use load::{load_start_line, load_summary};
pub use output::{name_line, resource_prefix, to_json, to_json_list, to_yaml, to_yaml_list};
pub use table::{no_resources_found, render_table, render_table_with, RenderOptions, Table};
