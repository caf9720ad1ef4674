//! The native menu bar. Its entries are the command palette's: the window sends them
//! (`set_menu`, again whenever they change — a role's pages, the current theme) and a chosen
//! entry comes back as `baton://menu` with its id, which the window runs as the palette would.
//! One list of actions, two ways to reach it. Only File › Quit and Help › Reveal logs are the
//! shell's own.
//!
//! Shortcuts: entries may carry a Ctrl/⌘ chord (the palette's Ctrl+K). Single-key shortcuts
//! (1–9, N, ?) stay the window's: as native accelerators they would fire while typing in a field.

use serde::Deserialize;
use tauri::menu::{Menu, MenuItemBuilder, PredefinedMenuItem, Submenu, SubmenuBuilder};
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_log::log;

pub(crate) const EVENT: &str = "baton://menu";
const QUIT: &str = "baton.quit";
const REVEAL_LOGS: &str = "baton.reveal-logs";

/// Most entries a menu takes, and most menus: a bound on what the window can ask for.
const MAX_ENTRIES: usize = 60;
const MAX_MENUS: usize = 8;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct MenuGroup {
    /// "File", "Edit", "View", "Go", "Help", … (an `&` before a letter makes it the mnemonic).
    title: String,
    entries: Vec<MenuEntry>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct MenuEntry {
    id: String,
    label: String,
    /// A chord such as "CmdOrCtrl+K"; none for entries reached by a single key in the window.
    accelerator: Option<String>,
    /// A line above this entry.
    #[serde(default)]
    separated: bool,
}

fn submenu<R: Runtime>(app: &AppHandle<R>, group: &MenuGroup) -> tauri::Result<Submenu<R>> {
    let mut builder = SubmenuBuilder::new(app, &group.title);
    let title = group.title.replace('&', "");
    for entry in group.entries.iter().take(MAX_ENTRIES) {
        if entry.separated {
            builder = builder.separator();
        }
        let mut item = MenuItemBuilder::with_id(entry.id.as_str(), &entry.label);
        if let Some(chord) = &entry.accelerator {
            item = item.accelerator(chord);
        }
        builder = builder.item(&item.build(app)?);
    }
    if title == "Help" {
        let reveal = MenuItemBuilder::with_id(REVEAL_LOGS, "Reveal &logs").build(app)?;
        builder = builder.item(&PredefinedMenuItem::separator(app)?).item(&reveal);
    }
    if title == "File" {
        let quit = MenuItemBuilder::with_id(QUIT, "&Quit").accelerator("CmdOrCtrl+Q").build(app)?;
        builder = builder.item(&PredefinedMenuItem::separator(app)?).item(&quit);
    }
    builder.build()
}

/// Replaces the window's menu bar with `groups`.
#[tauri::command]
pub(crate) fn set_menu<R: Runtime>(app: AppHandle<R>, groups: Vec<MenuGroup>) -> Result<(), String> {
    let build = || -> tauri::Result<Menu<R>> {
        let menu = Menu::new(&app)?;
        for group in groups.iter().take(MAX_MENUS) {
            menu.append(&submenu(&app, group)?)?;
        }
        Ok(menu)
    };
    let menu = build().map_err(|e| format!("the menu could not be built: {e}"))?;
    app.set_menu(menu).map_err(|e| format!("the menu could not be shown: {e}"))?;
    Ok(())
}

/// What choosing an entry does: Quit exits (the window's state is saved on the way out),
/// Reveal logs shows the log file; anything else goes to the window.
pub(crate) fn on_event<R: Runtime>(app: &AppHandle<R>, id: &str) {
    if id == QUIT {
        app.exit(0);
    } else if id == REVEAL_LOGS {
        crate::logs::reveal(&app.state::<crate::logs::LogFile>());
    } else if let Err(e) = app.emit(EVENT, id) {
        log::warn!("a menu choice did not reach the window: {e}");
    }
}
