//! What the panels need from the page's session, in one small trait: send a command line,
//! apply the editor's text, read the cluster, follow watches and events. The provider that
//! owns the `Session` implements it once (see `use_panel_host`); the panels never touch the
//! cluster otherwise, and hold no cluster logic or kubectl formatting of their own.

use std::rc::Rc;

use crate::cmd::Output;
use crate::engine::Cluster;
use crate::session::{EventCursor, EventLine, Session};
use crate::ui::hooks::SimContext;
use crate::ui::state::{SimAction, SimState};

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
    /// Makes `name` readable by `apply -f name` in command lines (the editor's buffer).
    fn set_file(&self, name: &str, text: &str);
    /// Makes more files readable by `apply -f` (a lesson's manifests), beside the editor's.
    fn add_files(&self, _files: &std::collections::BTreeMap<String, String>) {}
    /// The prompt of an interactive shell the console is in (`kubectl exec -it POD -- sh`),
    /// if any.
    fn shell_prompt(&self) -> Option<String>;
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

/// The page's session as a `PanelHost`: commands go through the `Session` in `SimState`, and
/// a command that may have changed the cluster asks the reducer for a fresh snapshot.
struct SessionHost {
    session: Rc<std::cell::RefCell<Session>>,
    dispatcher: yew::UseReducerDispatcher<SimState>,
}

impl PanelHost for SessionHost {
    fn run(&self, line: &str) -> Output {
        let output = self.session.borrow_mut().run(line);
        self.dispatcher.dispatch(SimAction::Refresh);
        output
    }
    fn apply(&self, name: &str, yaml: &str) -> Output {
        let output = self.session.borrow_mut().apply_text(name, yaml);
        self.dispatcher.dispatch(SimAction::Refresh);
        output
    }
    fn with_cluster(&self, read: &mut dyn FnMut(&Cluster)) {
        read(self.session.borrow().cluster());
    }
    fn take_watch_rows(&self) -> Vec<String> {
        self.session.borrow_mut().take_watch_rows().into_iter().map(|row| row.text).collect()
    }
    fn watching(&self) -> bool {
        self.session.borrow().watching()
    }
    fn stop_watches(&self) {
        self.session.borrow_mut().stop_watches();
    }
    fn events_since(&self, cursor: &mut EventCursor) -> Vec<EventLine> {
        self.session.borrow().events_since(cursor)
    }
    fn set_file(&self, name: &str, text: &str) {
        FILES.with(|files| files.borrow_mut().0.insert(name.to_string(), text.to_string()));
        self.install_files();
    }
    fn add_files(&self, more: &std::collections::BTreeMap<String, String>) {
        FILES.with(|files| files.borrow_mut().0.extend(more.clone()));
        self.install_files();
    }
    fn shell_prompt(&self) -> Option<String> {
        self.session.borrow().shell_prompt()
    }
}

thread_local! {
    /// The files `apply -f NAME` reads in the page: the templates (also under the names the
    /// notes give them, so `kubectl apply -f liveness.yaml` works as typed), the editor's
    /// buffer and a lesson's manifests, shared by every host of the page.
    static FILES: std::cell::RefCell<PageFiles> = std::cell::RefCell::new(PageFiles(
        super::templates::files().map(|(name, text)| (name.to_string(), text.to_string())).collect(),
    ));
}

/// The page's files, with a hint in the page's terms when a name is not one of them.
#[derive(Clone)]
pub struct PageFiles(pub std::collections::BTreeMap<String, String>);

impl crate::cmd::Files for PageFiles {
    fn read(&self, name: &str) -> Result<String, String> {
        self.0.get(name).cloned().ok_or_else(|| {
            let hint = if name == "-" {
                "kubeplay: the page has no stdin; put the YAML in the editor and apply the file editor.yaml (or press Apply)".to_string()
            } else {
                let names: Vec<&str> = self.0.keys().map(String::as_str).collect();
                format!("kubeplay: the page's files are {} (editor.yaml is the YAML editor's text)", names.join(", "))
            };
            format!("error: the path \"{name}\" does not exist\n{hint}")
        })
    }
}

impl SessionHost {
    fn install_files(&self) {
        let files = FILES.with(|files| files.borrow().clone());
        self.session.borrow_mut().set_files(Box::new(files));
    }
}

/// The page's session for the panels. Stable across renders (the panels' timers keep it), and
/// new when the session is replaced (reset, a shared link).
#[yew::hook]
pub fn use_panel_host() -> Host {
    let sim = yew::use_context::<SimContext>().expect("the panels need a SimProvider above them");
    let session = sim.session.clone();
    let dispatcher = sim.dispatcher();
    let host =
        yew::use_memo(Rc::as_ptr(&session) as usize, move |_| Host(Rc::new(SessionHost { session, dispatcher })));
    (*host).clone()
}
