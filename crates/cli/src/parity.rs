//! The CLI's side of "the app and the CLI cannot drift": every command of
//! `baton_core::api::COMMAND_NAMES` has a `baton` verb — some file under `crates/cli/src`
//! calls `handlers::<command>(` — unless [`APP_ONLY`] names it with the reason.
//!
//! `baton dev …` (developer tooling over `baton-dev`, `verbs/dev.rs`) is no command of the list
//! and its file is not read: a call there is not a verb.
//!
//! Not part of the binary: `tests/parity.rs` includes this file and runs [`problems`] over the
//! real command list and sources, so adding a command to the core without a verb (or a line
//! here) fails `cargo test -p baton-cli`.

/// Commands the CLI deliberately has no verb for, each with why. Empty today: every command
/// is reachable from the terminal (`conflict_mark_seen` through `baton conflicts`, which
/// marks what it lists as looked at).
pub(crate) const APP_ONLY: &[(&str, &str)] = &[];

/// What is wrong with the CLI's coverage of `commands`, given its Rust `sources`; empty when
/// every command has a verb or an `app_only` reason and every `app_only` line is still needed.
pub(crate) fn problems(commands: &[&str], app_only: &[(&str, &str)], sources: &str) -> Vec<String> {
    // Comment lines don't count as calls.
    let code: String =
        sources.lines().filter(|l| !l.trim_start().starts_with("//")).map(|l| format!("{l}\n")).collect();
    let has_verb = |name: &str| code.contains(&format!("handlers::{name}("));
    let mut out = Vec::new();
    for name in commands {
        let listed = app_only.iter().any(|(n, _)| n == name);
        if !has_verb(name) && !listed {
            out.push(format!(
                "{name}: no baton verb calls handlers::{name}( — add one, or list it in APP_ONLY \
                 (crates/cli/src/parity.rs) with the reason"
            ));
        }
    }
    for (name, reason) in app_only {
        if !commands.contains(name) {
            out.push(format!("{name}: in APP_ONLY but not a command of the core (remove the line)"));
        } else if has_verb(name) {
            out.push(format!("{name}: in APP_ONLY but a verb calls handlers::{name}( (remove the line)"));
        }
        if reason.trim().is_empty() {
            out.push(format!("{name}: in APP_ONLY without a reason"));
        }
    }
    out
}
