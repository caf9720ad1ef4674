//! Moving an op to another position of the log. An op is its id; `(device, seq)` is only where
//! a device's log holds it. A laptop that found another copy of itself in the sync folder moves
//! its changes to a new device identity (`sync/own.rs`), and readers holding them under the
//! old identity move them the same way, freeing the old positions for the other copy's
//! changes. The order replicas agree on, (hlc, device, op id), names the device, so the
//! entity is replayed afterwards.

use rusqlite::{params, Connection, OptionalExtension};

use super::{judge, Op, OpKey};
use crate::error::Result;

/// Where this log holds op `op_id`: `(device id, seq)`.
pub(crate) fn position(conn: &Connection, op_id: &str) -> Result<Option<(String, i64)>> {
    Ok(conn
        .prepare_cached("SELECT d.id, o.seq FROM op o JOIN ident d ON d.n = o.device WHERE o.op_id = ?1")?
        .query_row([OpKey::of(op_id).to_sql()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Moves the op with `op.op_id` to `(op.device_id, op.seq)` when it is held under device
/// `from_device` (the identity it moved from, never another) with the same contents; returns
/// the seq it left. Anything else is left alone (the caller's receive refuses what clashes).
pub(crate) fn rehome(conn: &Connection, op: &Op, from_device: &str) -> Result<Option<i64>> {
    let Some((device, seq)) = position(conn, &op.op_id)? else { return Ok(None) };
    if device != from_device || device == op.device_id {
        return Ok(None);
    }
    let same: Option<bool> = conn
        .prepare_cached(
            "SELECT o.hlc = ?2 AND a.id = ?3 AND e.id = ?4 AND f.entity_table = ?5 AND f.field = ?6 AND o.value = ?7
             FROM op o JOIN ident a ON a.n = o.author JOIN ident e ON e.n = o.entity JOIN field_name f ON f.n = o.field
             WHERE o.op_id = ?1",
        )?
        .query_row(
            params![
                OpKey::of(&op.op_id).to_sql(),
                op.hlc,
                op.author_id,
                op.entity_id,
                op.table,
                op.field,
                op.value.to_string()
            ],
            |r| r.get(0),
        )
        .optional()?;
    if same != Some(true) {
        return Ok(None);
    }
    conn.execute("INSERT INTO ident (id) VALUES (?1) ON CONFLICT DO NOTHING", [&op.device_id])?;
    conn.execute(
        "UPDATE op SET device = (SELECT n FROM ident WHERE id = ?2), seq = ?3 WHERE op_id = ?1",
        params![OpKey::of(&op.op_id).to_sql(), op.device_id, op.seq],
    )?;
    judge::replay_entity(conn, &op.table, &op.entity_id)?;
    Ok(Some(seq))
}
