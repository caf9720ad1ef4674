//! The window as a desktop app keeps it: one instance per data directory (a second launch on
//! the same workspace focuses the first window and exits), and the window's size, position and
//! maximised state restored at the next start. Both are the Tauri project's maintained plugins
//! (`tauri-plugin-single-instance`, `tauri-plugin-window-state`); this module only decides
//! what they key on: the data directory, so two workspaces on one laptop (or two laptops
//! simulated on one machine by the tests) stay two windows, each remembered apart.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use tauri::{AppHandle, Manager, Runtime, WindowEvent};
use tauri_plugin_log::log;
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

/// The main window's label (tauri.conf.json).
const MAIN: &str = "main";

/// Where the window's state is kept: beside the workspace it shows.
const STATE_FILE: &str = "window-state.json";

/// The single-instance name for `dir`: the app identifier and a stable hash of the directory's
/// full path (D-Bus name elements may not start with a digit, hence the letter). Stable across
/// builds (FNV-1a, not the std hasher), so an updated Baton still finds an older one running.
pub(crate) fn instance_id(identifier: &str, dir: &Path) -> String {
    let full = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in full.as_os_str().as_encoded_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{identifier}.w{hash:016x}")
}

/// Brings the main window to the front: what a second launch on the same workspace does.
fn focus_main<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window(MAIN) {
        // Each step may fail on a window manager that refuses it; the others still help.
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// How long the window must rest after a move or resize before its state is written.
const SETTLE: Duration = Duration::from_millis(500);

/// Writes the window's state once it rests after a move or resize. The plugin writes only when
/// the app exits normally; a session that ends by signal (logging out, a crash, a test driver
/// closing the app) would otherwise reopen the window where it was a run ago.
pub(crate) fn keep_state_saved<R: Runtime>(app: &AppHandle<R>) {
    let Some(window) = app.get_webview_window(MAIN) else { return };
    let (tx, rx) = mpsc::channel::<()>();
    window.on_window_event(move |event| {
        if matches!(event, WindowEvent::Moved(_) | WindowEvent::Resized(_)) {
            let _ = tx.send(());
        }
    });
    let app = app.clone();
    let spawned = std::thread::Builder::new().name("baton-window-state".into()).spawn(move || {
        while rx.recv().is_ok() {
            while rx.recv_timeout(SETTLE).is_ok() {}
            if let Err(e) = app.save_window_state(StateFlags::all()) {
                log::warn!("the window's place could not be kept: {e}");
            }
        }
    });
    if let Err(e) = spawned {
        log::warn!("the window's place will be kept at exit only: {e}");
    }
}

/// Registers both plugins on `builder`. Single-instance comes first, as its authors ask: a
/// second launch must exit before any other plugin (or the window) starts.
pub(crate) fn plugins<R: Runtime>(
    builder: tauri::Builder<R>,
    identifier: &str,
    data_dir: Option<&Path>,
) -> tauri::Builder<R> {
    let mut single = tauri_plugin_single_instance::Builder::new().callback(|app, _argv, _cwd| focus_main(app));
    let mut state = tauri_plugin_window_state::Builder::new();
    if let Some(dir) = data_dir {
        single = single.dbus_id(instance_id(identifier, dir));
        // An absolute name: the plugin joins it to its config directory, and joining an
        // absolute path yields that path.
        state = state.with_filename(dir.join(STATE_FILE).to_string_lossy());
    }
    builder.plugin(single.build()).plugin(state.build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_data_directory_has_its_own_valid_instance_name() {
        let a = instance_id("app.baton.desktop", Path::new("/tmp/baton-a"));
        let b = instance_id("app.baton.desktop", Path::new("/tmp/baton-b"));
        assert_ne!(a, b);
        assert_eq!(a, instance_id("app.baton.desktop", Path::new("/tmp/baton-a")));
        // A D-Bus well-known name: elements of [A-Za-z0-9_-], none starting with a digit.
        for element in a.split('.') {
            assert!(!element.is_empty() && !element.starts_with(|c: char| c.is_ascii_digit()), "{a}");
            assert!(element.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'), "{a}");
        }
    }
}
