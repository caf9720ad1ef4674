//! Field history, restore, sync conflicts and refused changes.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::NoArgs;
use crate::error::Result;
use crate::history;
use crate::oplog::{self, judge};
use crate::{workspace, Core};

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HistoryReq {
    pub entity_id: String,
    #[serde(default)]
    #[ts(optional)]
    pub field: Option<String>,
}

/// One value a field held: who set it, when, and whether it is the current one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChangeView {
    pub op_id: String,
    pub entity_table: String,
    pub entity_id: String,
    pub field: String,
    /// The value as text (null when the field was cleared).
    pub value: Option<String>,
    pub author_id: String,
    pub author_name: String,
    pub device_id: String,
    #[ts(type = "number")]
    pub at_ms: i64,
    pub current: bool,
    /// Whether `history_restore` accepts this kind of change, as the field's declaration says
    /// (not: fields fixed at creation, a frozen snapshot's content, a product's owner). Whether
    /// the member asking may make that edit is checked when they restore. A deletion is
    /// restorable; the app offers Undo for it instead.
    pub restorable: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RestoreReq {
    pub op_id: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConflictListReq {
    /// Only those not yet looked at.
    #[serde(default)]
    pub unseen_only: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConflictView {
    #[ts(type = "number")]
    pub id: i64,
    pub entity_table: String,
    pub entity_id: String,
    pub entity_label: String,
    pub field: String,
    pub winner: ChangeView,
    pub loser: ChangeView,
    #[ts(type = "number")]
    pub detected_ms: i64,
    pub seen: bool,
}

impl From<history::Change> for ChangeView {
    fn from(c: history::Change) -> Self {
        let value = match c.value {
            serde_json::Value::Null => None,
            serde_json::Value::String(s) => Some(s),
            other => Some(other.to_string()),
        };
        ChangeView {
            restorable: history::restorable(&c.entity_table, &c.field),
            op_id: c.op_id,
            entity_table: c.entity_table,
            entity_id: c.entity_id,
            field: c.field,
            value,
            author_id: c.author_id,
            author_name: c.author_name,
            device_id: c.device_id,
            at_ms: c.at_ms,
            current: c.current,
        }
    }
}

impl From<history::Conflict> for ConflictView {
    fn from(c: history::Conflict) -> Self {
        ConflictView {
            id: c.id,
            entity_table: c.entity_table,
            entity_id: c.entity_id,
            entity_label: c.entity_label,
            field: c.field,
            winner: c.winner.into(),
            loser: c.loser.into(),
            detected_ms: c.detected_ms,
            seen: c.seen,
        }
    }
}

/// A change received from another laptop that its author's role did not allow: kept in the
/// log, not applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RefusedView {
    pub op_id: String,
    pub author_id: String,
    pub author_name: Option<String>,
    pub entity_table: String,
    pub entity_id: String,
    pub field: String,
    /// The value it would have set, as JSON text.
    pub value: String,
    pub reason: String,
    /// When it was made (ms since 1970, from its clock).
    pub at_ms: f64,
}

impl From<judge::Refused> for RefusedView {
    fn from(r: judge::Refused) -> Self {
        RefusedView {
            op_id: r.op_id,
            author_id: r.author_id,
            author_name: r.author_name,
            entity_table: r.entity_table,
            entity_id: r.entity_id,
            field: r.field,
            value: r.value,
            reason: r.reason,
            at_ms: r.at_ms as f64,
        }
    }
}

pub fn history_list(core: &Core, req: HistoryReq) -> Result<Vec<ChangeView>> {
    workspace::here(core)?;
    let table = core.read(|c| oplog::table_of(c, &req.entity_id))?;
    Ok(history::history(core, table, &req.entity_id, req.field.as_deref())?.into_iter().map(Into::into).collect())
}

pub fn history_restore(core: &Core, req: RestoreReq) -> Result<ChangeView> {
    let me = workspace::me(core)?;
    Ok(history::restore(core, &me, &req.op_id)?.into())
}

pub fn conflict_list(core: &Core, req: ConflictListReq) -> Result<Vec<ConflictView>> {
    workspace::here(core)?;
    Ok(history::conflicts(core, req.unseen_only)?.into_iter().map(Into::into).collect())
}

pub fn conflict_mark_seen(core: &Core, _: NoArgs) -> Result<u32> {
    workspace::here(core)?;
    Ok(u32::try_from(history::conflicts_mark_seen(core)?).unwrap_or(u32::MAX))
}

pub fn refused_list(core: &Core, _: NoArgs) -> Result<Vec<RefusedView>> {
    workspace::here(core)?;
    Ok(judge::refused(core)?.into_iter().map(Into::into).collect())
}

/// What undo and redo would do now ("the change to roadmap item “Apple Pay”"), for the Edit
/// menu; null when the stack is empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UndoStateView {
    pub undo: Option<String>,
    pub redo: Option<String>,
}

/// What an undo or a redo did, and what the stacks offer next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UndoView {
    /// What was undone or redone, in words.
    pub done: String,
    pub next: UndoStateView,
}

fn undo_state_of(core: &Core, me: &workspace::Actor) -> Result<UndoStateView> {
    let s = crate::undo::stacks(core, me)?;
    Ok(UndoStateView { undo: s.undo, redo: s.redo })
}

pub fn undo_state(core: &Core, _: NoArgs) -> Result<UndoStateView> {
    let me = workspace::me_reading(core)?;
    undo_state_of(core, &me)
}

pub fn undo(core: &Core, _: NoArgs) -> Result<UndoView> {
    let me = workspace::me(core)?;
    let done = crate::undo::run(core, &me, false)?;
    Ok(UndoView { done, next: undo_state_of(core, &me)? })
}

pub fn redo(core: &Core, _: NoArgs) -> Result<UndoView> {
    let me = workspace::me(core)?;
    let done = crate::undo::run(core, &me, true)?;
    Ok(UndoView { done, next: undo_state_of(core, &me)? })
}
