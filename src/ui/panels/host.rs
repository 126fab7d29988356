//! What the panels need from the page's session, in one small trait: send a command line,
//! apply the editor's text, read the cluster, follow watches and events. The provider that
//! owns the `Session` implements it once (see `use_panel_host`); the panels never touch the
//! cluster otherwise, and hold no cluster logic or kubectl formatting of their own.

use std::rc::Rc;

use crate::cmd::Output;
use crate::engine::Cluster;
use crate::session::{EventCursor, EventLine};

pub trait PanelHost {
    /// Runs one line of the command language through the Session (journaled if it mutates)
    /// and lets the page re-render.
    fn run(&self, line: &str) -> Output;
    /// Applies YAML text as `kubectl apply -f NAME` (the editor's Apply).
    fn apply(&self, name: &str, yaml: &str) -> Output;
    /// Reads the cluster (charts, load figures, completion names).
    fn with_cluster(&self, read: &mut dyn FnMut(&Cluster));
    /// Rows printed by running `get -w` since the last call.
    fn take_watch_rows(&self) -> Vec<String>;
    /// Whether a `get -w` is running.
    fn watching(&self) -> bool;
    /// Stops every running `get -w` (Ctrl+C).
    fn stop_watches(&self);
    /// Events recorded since `cursor` last looked.
    fn events_since(&self, cursor: &mut EventCursor) -> Vec<EventLine>;
    /// The prompt of an interactive shell the console is in (`kubectl exec -it POD -- sh`),
    /// if any.
    fn shell_prompt(&self) -> Option<String> {
        None
    }
}

/// A shared host, compared by identity (yew props and contexts need `PartialEq`).
#[derive(Clone)]
pub struct Host(pub Rc<dyn PanelHost>);

impl PartialEq for Host {
    fn eq(&self, other: &Host) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for Host {
    type Target = dyn PanelHost;
    fn deref(&self) -> &Self::Target {
        &*self.0
    }
}
