//! A small POSIX-ish shell for busybox-style images. INTERFACE STUB.

use crate::engine::time::SimDuration;
use std::collections::BTreeMap;

/// A container's file system: path -> contents.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fs {
    pub files: BTreeMap<String, String>,
}

/// A running shell script (PID 1 of a busybox container).
#[derive(Clone, Debug, Default)]
pub struct Script {}

/// What the script wants next.
#[derive(Clone, Debug, PartialEq)]
pub enum ScriptStep {
    /// Sleep, then call `resume` again.
    Sleep(SimDuration),
    /// The script finished with this exit code.
    Exit(i32),
}

/// Result of running a one-off command (exec probe, `kubectl exec`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExecResult {
    pub exit_code: i32,
    pub output: String,
    /// A signal sent to PID 1 (`kill 1`, `killall python3`).
    pub signal_main: Option<i32>,
}

impl Script {
    pub fn from_container(command: Option<&[String]>, args: Option<&[String]>) -> Result<Script, String> {
        let _ = (command, args);
        Ok(Script {})
    }
    pub fn resume(&mut self, fs: &mut Fs) -> ScriptStep {
        let _ = fs;
        ScriptStep::Sleep(SimDuration::from_secs(3600))
    }
    pub fn take_logs(&mut self) -> Vec<String> {
        Vec::new()
    }
}

pub fn exec(argv: &[String], fs: &mut Fs, main_process: &str) -> ExecResult {
    let _ = (argv, fs, main_process);
    ExecResult::default()
}
