//! The page's components, one per file. They read the `Snapshot` through `use_sim` and call
//! its intent methods; none of them touches the `Cluster`.

mod apply_panel;
mod cluster_view;
mod node_card;
mod pod_card;
mod top_bar;

pub use apply_panel::ApplyPanel;
pub use cluster_view::ClusterView;
pub use node_card::{NodeCard, NodeCardProps};
pub use pod_card::{PodCard, PodCardProps};
pub use top_bar::TopBar;
