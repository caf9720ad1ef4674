//! Every command of the core has a `baton` verb or a stated reason not to (src/parity.rs).

#[path = "../src/parity.rs"]
mod parity;

use std::path::Path;

use baton_core::api::COMMAND_NAMES;
use parity::{problems, APP_ONLY};

/// Developer tooling, not a command of the core's list: `baton dev seed` (verbs/dev.rs) drives the
/// generator, whose api calls live in `baton-dev`. Its file is not read, so no handler call
/// there could ever stand in for a verb people use.
const NOT_VERBS: &[&str] = &["dev.rs"];

/// The text of every `.rs` file under `dir`, except parity.rs itself and [`NOT_VERBS`].
fn sources(dir: &Path) -> std::io::Result<String> {
    let mut text = String::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            text.push_str(&sources(&path)?);
        } else if path.extension().is_some_and(|e| e == "rs")
            && !path.ends_with("parity.rs")
            && !NOT_VERBS.iter().any(|n| path.ends_with(Path::new("verbs").join(n)))
        {
            text.push_str(&std::fs::read_to_string(&path)?);
            text.push('\n');
        }
    }
    Ok(text)
}

fn cli_sources() -> String {
    sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src")).unwrap_or_else(|e| format!("unreadable: {e}"))
}

#[test]
fn every_command_has_a_verb_or_a_reason() {
    let src = cli_sources();
    assert!(
        src.contains("fn main()"),
        "the CLI's sources were not read: {}",
        src.chars().take(200).collect::<String>()
    );
    assert!(COMMAND_NAMES.len() > 30, "the core's command list looks empty: {COMMAND_NAMES:?}");
    assert_eq!(problems(COMMAND_NAMES, APP_ONLY, &src), Vec::<String>::new());
}

#[test]
fn the_shell_verbs_map_to_their_commands() {
    let src = cli_sources();
    // The verbs whose command name is not "<noun>_<verb>".
    for call in [
        "handlers::workspace_get(",  // whoami
        "handlers::workspace_init(", // init
        "handlers::workspace_join(", // join
        "handlers::member_create(",  // member add
        "handlers::item_get(",       // item show
        "handlers::alignment_get(",  // alignment
        "handlers::sync_status(",    // sync --status
        "handlers::sync_set_folder(",
        "handlers::conflict_mark_seen(", // conflicts
        "handlers::delegation_list(",    // delegate list
        "handlers::delegation_get(",     // delegate show, story list
        "handlers::delegate_checkin(",   // delegate check-in
        "handlers::story_stage(",        // story status
        "handlers::story_check(",        // story guardrail-check
        "handlers::story_get(",          // story show
        "handlers::comment_add(",        // review comment, review reply, delegate comment
        "handlers::comment_resolve(",    // review resolve
        "handlers::inbox_get(",          // inbox
        "handlers::board_get(",          // board
    ] {
        assert!(src.contains(call), "no {call}");
    }
}

#[test]
fn a_command_added_to_the_core_without_a_verb_is_caught() {
    let src = cli_sources();
    let mut commands = COMMAND_NAMES.to_vec();
    commands.push("roadmap_export");
    let found = problems(&commands, APP_ONLY, &src);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("roadmap_export: no baton verb"), "{found:?}");

    // Listing it as app-only, with a reason, is the other way to pass.
    let mut app_only = APP_ONLY.to_vec();
    app_only.push(("roadmap_export", "the app's print view only"));
    assert_eq!(problems(&commands, &app_only, &src), Vec::<String>::new());
}

#[test]
fn only_calls_count_not_comments_or_longer_names() {
    let commands = ["item_get", "item_list"];
    let src = "// handlers::item_get(&core, req)\n/// handlers::item_list(\nhandlers::item_listing(&core)\n";
    assert_eq!(problems(&commands, &[], src).len(), 2);
    let src = "let d = handlers::item_get(core, api::IdReq { id })?;\napi::handlers::item_list(core, r)?;\n";
    assert_eq!(problems(&commands, &[], src), Vec::<String>::new());
}

#[test]
fn app_only_lines_must_be_needed_and_give_a_reason() {
    let src = "handlers::item_get(core, r)?;\n";
    let found = problems(&["item_get", "item_list"], &[("item_get", "x"), ("item_list", " "), ("gone", "old")], src);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found[0].starts_with("item_get: in APP_ONLY but a verb calls"), "{found:?}");
    assert!(found[1].starts_with("item_list: in APP_ONLY without a reason"), "{found:?}");
    assert!(found[2].starts_with("gone: in APP_ONLY but not a command"), "{found:?}");
}

#[test]
fn developer_tooling_does_not_count_as_verbs() -> std::io::Result<()> {
    let dev = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/verbs/dev.rs"))?;
    let first = dev.lines().next().unwrap_or_default();
    assert!(first.starts_with("//! `baton dev seed`"), "{first}");
    assert!(!cli_sources().contains(first), "verbs/dev.rs was read as verbs");
    Ok(())
}
