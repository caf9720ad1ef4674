//! A desktop notification, which the window asks for when a sync pass brought something that
//! needs its user (and the user has not turned them off on the Sync page): through
//! `tauri-plugin-notification` (the freedesktop notification service on Linux). Without a
//! notification service the request fails quietly, logged: nothing else depends on it.

use tauri_plugin_log::log;
use tauri_plugin_notification::NotificationExt;

/// The longest title and body shown; the window's texts are short, this guards the call.
const MAX: usize = 500;

fn clip(s: &str) -> String {
    s.chars().take(MAX).collect()
}

#[tauri::command]
pub(crate) fn notify(app: tauri::AppHandle, title: String, body: String) {
    if let Err(e) = app.notification().builder().title(clip(&title)).body(clip(&body)).show() {
        log::warn!("no desktop notification ({e}): {title}");
    }
}
