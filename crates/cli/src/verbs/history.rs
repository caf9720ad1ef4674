//! `baton search`, `history`, `restore`, `conflicts` and `refused`: finding anything by its
//! words, what fields held, setting one back, edits that met in a sync, and received changes
//! their author's role did not allow.

use baton_core::api::{self, handlers};

use super::{CliResult, Ctx};
use crate::render;

pub(crate) fn search(cx: &Ctx, query: String, limit: i64) -> CliResult {
    let hits = handlers::search(&cx.core, api::SearchReq { query, limit: Some(limit) })?;
    cx.out(&hits, |hs| render::search_hits(hs))
}

pub(crate) fn history(cx: &Ctx, entity: String, field: Option<String>) -> CliResult {
    let changes = handlers::history_list(&cx.core, api::HistoryReq { entity_id: entity, field })?;
    cx.out(&changes, |cs| render::changes(cs))
}

pub(crate) fn restore(cx: &Ctx, op: String) -> CliResult {
    let c = handlers::history_restore(&cx.core, api::RestoreReq { op_id: op })?;
    cx.out(&c, |c| format!("{} is {} again", c.field, c.value.as_deref().unwrap_or("empty")))
}

/// Lists the conflicts (only the new ones unless `all`), then marks them all as looked at.
pub(crate) fn conflicts(cx: &Ctx, all: bool) -> CliResult {
    let list = handlers::conflict_list(&cx.core, api::ConflictListReq { unseen_only: !all })?;
    handlers::conflict_mark_seen(&cx.core, api::NoArgs {})?;
    cx.out(&list, |cs| render::conflicts(cs))
}

pub(crate) fn refused(cx: &Ctx) -> CliResult {
    cx.out(&handlers::refused_list(&cx.core, api::NoArgs {})?, |rs| render::refused(rs))
}

pub(super) fn undo(cx: &Ctx, status: bool) -> CliResult {
    if status {
        let s = handlers::undo_state(&cx.core, api::NoArgs {})?;
        return cx.out(&s, |s| {
            let say = |what: &str, step: &Option<String>| match step {
                Some(l) => format!("{what}: {l}"),
                None => format!("nothing to {}", what.to_lowercase()),
            };
            format!("{}\n{}", say("Undo", &s.undo), say("Redo", &s.redo))
        });
    }
    let u = handlers::undo(&cx.core, api::NoArgs {})?;
    cx.out(&u, |u| format!("undid {}", u.done))
}

pub(super) fn redo(cx: &Ctx) -> CliResult {
    let u = handlers::redo(&cx.core, api::NoArgs {})?;
    cx.out(&u, |u| format!("redid {}", u.done))
}
