//! The panels that live in the layout's slots (app.rs): the manifest editor and the load
//! panel and charts in the side column, the console, events and pods table in the tabs.
//! One file per panel, each a component without props that reads what it needs through hooks;
//! the panels' messages are in `i18n/panels.rs`.

mod charts;
mod console;
mod editor;
mod events;
mod load;
mod pods_wide;

pub use charts::Charts;
pub use console::Console;
pub use editor::Editor;
pub use events::Events;
pub use load::LoadPanel;
pub use pods_wide::PodsWide;
