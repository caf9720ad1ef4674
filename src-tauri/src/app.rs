//! The Tauri app: one IPC command for the core, `baton_call`, forwards `{ command, request }` to
//! `baton_core::api::dispatch` on a blocking worker and answers with the result or an
//! `ApiError { code, message }`. The typed command map on the UI side is generated from the
//! same list (ui/src/bindings/commands.ts). The others are the menu bar's (`set_menu`, menu.rs)
//! and the desktop notification's (`notify`, notify.rs).

use std::path::Path;
use std::sync::Arc;

use baton_core::{api, ApiError, Core, Error, ErrorCode};
use tauri_plugin_log::log;

fn shown(dir: Option<&Path>) -> String {
    dir.map_or_else(|| "no data directory".to_owned(), |d| d.display().to_string())
}

/// The workspace, or why it could not be opened (shown in the UI on every call).
struct Workspace(Result<Arc<Core>, ApiError>);

fn open_workspace(dir: Option<&Path>) -> Result<Arc<Core>, ApiError> {
    let dir = dir.ok_or_else(|| ApiError::from(Error::invalid("no data directory: set BATON_DATA_DIR")))?;
    Ok(Arc::new(api::open_dir(dir)?))
}

#[tauri::command]
async fn baton_call(
    workspace: tauri::State<'_, Workspace>,
    command: String,
    request: serde_json::Value,
) -> Result<serde_json::Value, ApiError> {
    let core = workspace.0.clone()?;
    tauri::async_runtime::spawn_blocking(move || api::dispatch(&core, &command, request))
        .await
        .map_err(|e| ApiError { code: ErrorCode::Storage, message: format!("the command stopped unexpectedly: {e}") })?
}

pub fn run() {
    crate::rendering::choose();
    let dir = api::default_data_dir();
    let workspace = Workspace(open_workspace(dir.as_deref()));
    let core = workspace.0.clone().ok();
    let opened = workspace.0.as_ref().map(|_| ()).map_err(|e| e.message.clone());
    let context = tauri::generate_context!();
    let identifier = context.config().identifier.clone();
    let result = crate::window::plugins(tauri::Builder::default(), &identifier, dir.as_deref())
        .plugin(crate::logs::plugin(dir.as_deref()))
        // Folder pickers where a path is asked for (the window calls the plugin's `open`).
        .plugin(tauri_plugin_dialog::init())
        // Desktop notifications when a sync brings something that needs me (notify.rs).
        .plugin(tauri_plugin_notification::init())
        .manage(crate::logs::file(dir.as_deref()))
        .setup(move |app| {
            let version = &app.package_info().version;
            match &opened {
                Ok(()) => log::info!("Baton {version} started on {}", shown(dir.as_deref())),
                Err(message) => log::error!("Baton {version} cannot open the workspace: {message}"),
            }
            crate::window::keep_state_saved(app.handle());
            if let Some(core) = core {
                crate::sync::forward_progress(app.handle().clone(), &core);
                crate::sync::start(app.handle().clone(), core);
            }
            Ok(())
        })
        .manage(workspace)
        .on_menu_event(|app, event| crate::menu::on_event(app, event.id().as_ref()))
        .invoke_handler(tauri::generate_handler![baton_call, crate::menu::set_menu, crate::notify::notify])
        .run(context);
    if let Err(e) = result {
        eprintln!("baton: the window could not start: {e}");
        std::process::exit(1);
    }
}
