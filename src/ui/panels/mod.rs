//! The playground's panels (issue 8): YAML editor, console, events, live `get pods -o wide`,
//! load panel and charts. Components render what the cluster reports and send command lines;
//! the logic they need (syntax colouring, tab completion, templates) is plain Rust in its own
//! module, unit-tested natively.

pub mod charts;
pub mod complete;
//TMP pub mod console;
pub mod editor;
//TMP pub mod events;
pub mod highlight;
//TMP pub mod host;
//TMP pub mod load;
//TMP pub mod pods_wide;
pub mod templates;
pub mod texts;
