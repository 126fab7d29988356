//! Scenario files: manifests plus a timeline of commands.
