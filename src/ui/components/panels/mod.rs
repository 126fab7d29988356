//! The panels that live in the layout's slots (app.rs): the YAML editor, load panel and charts
//! in the side column, the console, events and live pods table in the tabs (issue 8).
//!
//! Each slot component (`Editor`, `Console`, ...) takes no props: it gets the page's session
//! through `host::use_panel_host` and renders a view component (`YamlEditor`, `ConsoleView`,
//! ...) that shows what the session reports and sends it command lines; no panel holds cluster
//! logic or formats kubectl output itself. The logic the panels need is plain Rust in its own
//! module, unit-tested natively: `highlight` (YAML colouring), `complete` (tab completion fed by
//! the verb table), `templates` (the editor's manifests, each tested to apply cleanly). The
//! panels' messages are in `i18n/panels.rs`.

pub mod charts;
pub mod complete;
pub mod console;
pub mod editor;
pub mod events;
pub mod highlight;
pub mod host;
pub mod load;
pub mod pods_wide;
pub mod templates;

pub use charts::Charts;
pub use console::Console;
pub use editor::Editor;
pub use events::Events;
pub use load::LoadPanel;
pub use pods_wide::PodsWide;
