//! The page's components, one per file. They read the `Snapshot` through `use_sim` and call
//! its intent methods; none of them touches the `Cluster`. `panels/` holds the panels that
//! fill the layout's slots (editor, console, events, pods table, load, charts).

mod announcer;
mod cluster_view;
mod lang_switch;
pub mod lesson;
mod node_card;
mod notice_bar;
pub mod panels;
mod pod_card;
mod pod_details;
mod rebuild_bar;
mod tabs;
mod top_bar;

pub use announcer::Announcer;
pub use cluster_view::ClusterView;
pub use lang_switch::LangSwitch;
pub use node_card::{NodeCard, NodeCardProps};
pub use notice_bar::NoticeBar;
pub use pod_card::{PodCard, PodCardProps};
pub use pod_details::PodDetails;
pub use tabs::{Tab, Tabs};
pub use top_bar::TopBar;
