//! The app's log: what the shell did and what went wrong, in `<data dir>/logs/baton.log` (the
//! maintained `tauri-plugin-log`), and on stderr as before. The file rotates at 1 MB and the
//! last five are kept, so a laptop never fills with logs. Help › Reveal logs shows the file in
//! the file manager (`tauri-plugin-opener`), for attaching to a bug report.

use std::path::{Path, PathBuf};

use tauri::plugin::TauriPlugin;
use tauri::Runtime;
use tauri_plugin_log::log::LevelFilter;
use tauri_plugin_log::{Builder, RotationStrategy, Target, TargetKind};

const FOLDER: &str = "logs";
const NAME: &str = "baton";
const MAX_BYTES: u128 = 1_000_000;
const KEEP: usize = 5;

/// Where the log is written, for Reveal logs.
pub(crate) struct LogFile(pub(crate) Option<PathBuf>);

pub(crate) fn file(data_dir: Option<&Path>) -> LogFile {
    LogFile(data_dir.map(|dir| dir.join(FOLDER).join(format!("{NAME}.log"))))
}

/// The logger: Baton's own lines from `info` up, the libraries' warnings and errors.
pub(crate) fn plugin<R: Runtime>(data_dir: Option<&Path>) -> TauriPlugin<R> {
    let to_file = match data_dir {
        Some(dir) => TargetKind::Folder { path: dir.join(FOLDER), file_name: Some(NAME.to_owned()) },
        None => TargetKind::LogDir { file_name: Some(NAME.to_owned()) },
    };
    Builder::new()
        .clear_targets()
        .targets([Target::new(TargetKind::Stderr), Target::new(to_file)])
        .max_file_size(MAX_BYTES)
        .rotation_strategy(RotationStrategy::KeepSome(KEEP))
        .level(LevelFilter::Warn)
        .level_for("baton_app", LevelFilter::Info)
        .build()
}

/// Shows the log file in the file manager; says why not in the log when it cannot.
pub(crate) fn reveal(file: &LogFile) {
    let Some(path) = &file.0 else {
        tauri_plugin_log::log::warn!("there is no log file to reveal: no data directory");
        return;
    };
    if let Err(e) = tauri_plugin_opener::reveal_item_in_dir(path) {
        tauri_plugin_log::log::warn!("the log file {} could not be shown: {e}", path.display());
    }
}
