//! `baton`: every Baton capability from the terminal, over the same core and the same database
//! file as the desktop app. Exit codes: 0 ok, 1 refused by the domain (message on stderr),
//! 2 usage error (clap's own).
//!
//! `args` says what may be typed, `verbs` runs each verb through `baton_core::api::handlers`,
//! `render` turns the answers into text; `rpc` serves the command list as JSON lines.
//! `parity.rs` (the commands with no verb, and why) is not compiled in: `tests/parity.rs` reads it.

mod args;
mod render;
mod rpc;
mod verbs;

use std::path::PathBuf;
use std::process::ExitCode;

use baton_core::{api, ApiError, Core, Error, ErrorCode};
use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let json = cli.json;
    let result = open(cli.data_dir).and_then(|core| verbs::run(&verbs::Ctx { core, json }, cli.verb));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if json {
                eprintln!("{}", serde_json::to_string(&e).unwrap_or_else(|_| e.message.clone()));
            } else if e.code == ErrorCode::NoWorkspace {
                // The core's words name no tool; here the way forward is a verb.
                eprintln!("baton: no workspace here yet: create one first (baton init)");
            } else {
                eprintln!("baton: {}", e.message);
            }
            ExitCode::from(1)
        }
    }
}

/// Opens the workspace in `--data-dir`, else `$BATON_DATA_DIR`, else the app's data directory.
fn open(data_dir: Option<PathBuf>) -> Result<Core, ApiError> {
    let dir = data_dir
        .or_else(api::default_data_dir)
        .ok_or_else(|| ApiError::from(Error::invalid("no data directory: pass --data-dir or set BATON_DATA_DIR")))?;
    Ok(api::open_dir(&dir)?)
}
