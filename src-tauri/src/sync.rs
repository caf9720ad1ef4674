//! Sync runs by itself while the app is open: a pass every 15 seconds (the first 3 seconds after
//! start, once the window has read its first page), and one soon after anything changes in the
//! sync folder (file watching), on a background thread — never the UI thread. After a pass that received changes or met problems, the window is told
//! (`baton://synced`) so it re-reads what it shows. A pass that runs long (a large first join)
//! tells the window where it stands while it runs (`baton://progress`).

use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::time::Duration;

use baton_core::api::{self, SyncPassView};
use baton_core::Core;
use notify::{RecursiveMode, Watcher};
use tauri::{AppHandle, Emitter};
use tauri_plugin_log::log;

const PERIOD: Duration = Duration::from_secs(15);
const SETTLE: Duration = Duration::from_millis(400);
/// The first pass waits this long after the app starts: the core has one connection, and a
/// pass holds it (0.2–0.7 s with nothing to exchange on a large workspace), so a pass at once
/// made the first page's reads wait behind it.
const FIRST_PASS_AFTER: Duration = Duration::from_secs(3);
pub(crate) const EVENT: &str = "baton://synced";
/// Where a long pass stands (a large first join, a big catch-up), while it runs.
pub(crate) const PROGRESS_EVENT: &str = "baton://progress";
/// A pass tells the window nothing until it has run this long: most passes end well before.
const PROGRESS_AFTER: Duration = Duration::from_millis(500);

/// Long passes — the background ones, "Sync now", joining — tell the window where they stand.
pub(crate) fn forward_progress(app: AppHandle, core: &Core) {
    let reporter: api::ProgressReporter = Arc::new(move |p: &api::Progress| {
        let _ = app.emit(PROGRESS_EVENT, p);
    });
    core.set_progress_reporter(Some(reporter), PROGRESS_AFTER);
}

pub(crate) fn start(app: AppHandle, core: Arc<Core>) {
    let spawned = std::thread::Builder::new().name("baton-sync".into()).spawn(move || run(app, core));
    if let Err(e) = spawned {
        log::error!("background sync could not start: {e}");
    }
}

fn run(app: AppHandle, core: Arc<Core>) {
    std::thread::sleep(FIRST_PASS_AFTER);
    let (tx, rx) = mpsc::channel::<()>();
    let mut watched: Option<(PathBuf, notify::RecommendedWatcher)> = None;
    loop {
        // A folder that went away (USB stick pulled, share offline) is watched again when it
        // comes back: its old watch died with it.
        let configured = api::sync_folder(&core).ok().flatten();
        let folder = configured.clone().filter(|f| f.is_dir());
        let own_dir = api::device_id(&core).ok().flatten();
        if folder.as_ref() != watched.as_ref().map(|(f, _)| f) {
            watched = folder.and_then(|f| watch(&f, own_dir, tx.clone()).map(|w| (f, w)));
        }
        if configured.is_some() {
            match api::handlers::sync_now(&core, api::NoArgs {}) {
                Ok(report) => {
                    let report: SyncPassView = report;
                    if report.received > 0 || !report.problems.is_empty() {
                        log::info!("sync: received {} changes, published {}", report.received, report.published);
                        for problem in &report.problems {
                            log::warn!("sync: {problem}");
                        }
                        let _ = app.emit(EVENT, report);
                    }
                }
                Err(e) => log::warn!("sync: the pass failed: {e}"),
            }
        }
        match rx.recv_timeout(PERIOD) {
            Ok(()) => {
                // Let a burst of file events (a sync tool writing several files) settle.
                std::thread::sleep(SETTLE);
                while rx.try_recv().is_ok() {}
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// Watches the folder for other laptops' files; this laptop's own writes are ignored, or every
/// pass would trigger the next.
fn watch(
    folder: &std::path::Path,
    own_device: Option<String>,
    tx: mpsc::Sender<()>,
) -> Option<notify::RecommendedWatcher> {
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        let foreign = event
            .paths
            .iter()
            .any(|p| own_device.as_ref().is_none_or(|d| !p.components().any(|c| c.as_os_str() == d.as_str())));
        if foreign && !event.kind.is_access() {
            let _ = tx.send(());
        }
    })
    .ok()?;
    watcher.watch(folder, RecursiveMode::Recursive).ok()?;
    Some(watcher)
}
