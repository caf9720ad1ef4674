//! The one write path: every change, local or remote, is a list of field operations handed to
//! [`apply`], which appends them to the op log, judges each against its author's rights as the
//! log stood at its clock, and writes each field whose clock is newer than the one it holds —
//! all inside the caller's transaction. [`receive`] is the same for ops from another device,
//! plus what only received ops need: recording concurrent overwrites and observing their clocks.
//! Every transport (the folder today, a relay later) calls [`receive`].
//!
//! Because the winner of each field is simply the op with the greatest
//! `(hlc, device_id, op_id)`, replicas that have seen the same ops hold the same tables, in
//! whatever order and however many times the ops arrived. [`rebuild`] proves the op log is the
//! source of truth by replaying it into empty tables.
//!
//! [`TABLES`] lists every synced table's declaration (each feature's `tables.rs`).

pub mod hlc;
pub mod judge;
pub mod store;

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::registry::{self, Kind, Table};

pub use store::{local_device, new_id, Core, LocalDevice, Writer};

/// Every synced table, declared by the feature that owns it. Adding a table: its declaration
/// in the feature's `tables.rs`, a line here, a migration, and its commands.
pub static TABLES: &[&Table] = &[
    &crate::workspace::tables::WORKSPACE,
    &crate::workspace::tables::MEMBER,
    &crate::goals::tables::GOAL,
    &crate::products::tables::PRODUCT,
    &crate::products::tables::PRODUCT_FAMILY,
    &crate::roadmap::tables::ROADMAP_ITEM,
    &crate::roadmap::tables::GUARDRAIL,
    &crate::roadmap::tables::SNAPSHOT,
];

/// The declaration of a synced table.
pub fn table(name: &str) -> Option<&'static Table> {
    TABLES.iter().copied().find(|t| t.name == name)
}

/// The table and field names as `'static` strs (safe to splice into SQL), and the field's kind.
pub fn field(table_name: &str, field: &str) -> Option<(&'static str, &'static str, Kind)> {
    let t = table(table_name)?;
    t.fields.iter().find(|f| f.name == field).map(|f| (t.name, f.name, f.kind))
}

/// Which synced table holds an entity with this id (ids are UUIDs, unique across tables).
pub fn table_of(conn: &Connection, entity_id: &str) -> Result<&'static str> {
    let found: Option<String> = conn
        .query_row(
            "SELECT entity_table FROM oplog WHERE entity_id = ?1 ORDER BY hlc, device_id, op_id LIMIT 1",
            [entity_id],
            |r| r.get(0),
        )
        .optional()?;
    found.and_then(|t| table(&t)).map(|t| t.name).ok_or_else(|| Error::not_found("entity", entity_id))
}

/// One field set on one entity by one device at one clock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Op {
    pub op_id: String,
    pub device_id: String,
    /// Per-device sequence number, 1, 2, 3, … with no gaps.
    pub seq: i64,
    pub hlc: i64,
    pub author_id: String,
    pub table: String,
    pub entity_id: String,
    pub field: String,
    pub value: Value,
}

/// What [`apply`] did with a batch.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    /// Ops that now hold their field.
    pub won: usize,
    /// New ops that lost to a newer value already held (kept in the log).
    pub lost: usize,
    /// Ops already in the log (duplicates are harmless).
    pub duplicate: usize,
    /// New ops their author's role did not allow: kept in the log, not applied.
    pub refused: usize,
}

/// Appends `ops` to the log and writes every field they win. Call inside a transaction: on
/// error nothing of the batch may be kept, and the caller's rollback guarantees that.
pub fn apply(conn: &Connection, ops: &[Op]) -> Result<Applied> {
    let mut out = Applied::default();
    // The newest clock already judged: an authority op older than it arrived late.
    let start: i64 = conn.query_row("SELECT hlc FROM apply_frontier", [], |r| r.get(0))?;
    let mut frontier = start;
    let mut late = Vec::new();
    let mut roles = judge::Roles::default();
    for op in ops {
        let (table, field, sql_value) = validate(op)?;
        let value_json = op.value.to_string();
        let row: &[&dyn rusqlite::ToSql] =
            &[&op.op_id, &op.device_id, &op.seq, &op.hlc, &op.author_id, &table, &op.entity_id, &field, &value_json];
        let inserted = conn
            .prepare_cached(
                "INSERT INTO oplog (op_id, device_id, seq, hlc, author_id, entity_table, entity_id, field, value)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (op_id) DO NOTHING",
            )?
            .execute(row)
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
                    Error::InvalidOp(format!(
                        "device {} already has an op with seq {} (op {})",
                        op.device_id, op.seq, op.op_id
                    ))
                }
                other => Error::Storage(other),
            })?;
        if inserted == 0 {
            // Already logged: harmless if it is the same op, forged if the content differs.
            let same: bool = conn
                .prepare_cached(
                    "SELECT count(*) FROM oplog WHERE op_id = ?1 AND device_id = ?2 AND seq = ?3 AND hlc = ?4
                     AND author_id = ?5 AND entity_table = ?6 AND entity_id = ?7 AND field = ?8 AND value = ?9",
                )?
                .query_row(row, |r| r.get::<_, i64>(0))?
                > 0;
            if !same {
                return Err(Error::InvalidOp(format!("op {} arrived again with different contents", op.op_id)));
            }
            out.duplicate += 1;
            continue;
        }
        if judge::is_authority(table, field) && op.hlc <= frontier {
            late.push(op.clone());
        }
        frontier = frontier.max(op.hlc);
        if (table, field) == ("member", "role") {
            roles.forget(&op.entity_id);
        }
        if let Some(reason) = judge::judge(conn, op, table, &mut roles)? {
            judge::record(conn, &op.op_id, Some(&reason))?;
            out.refused += 1;
        } else if set_field(conn, op, table, field, sql_value)? {
            out.won += 1;
        } else {
            out.lost += 1;
        }
    }
    if frontier > start {
        conn.prepare_cached("UPDATE apply_frontier SET hlc = ?1")?.execute([frontier])?;
    }
    if !late.is_empty() {
        judge::rejudge_after(conn, &late)?;
    }
    Ok(out)
}

/// What [`receive`] did with ops from another device.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Received {
    pub applied: Applied,
    /// Concurrent overwrites newly recorded for "recent conflicts".
    pub conflicts: usize,
    /// The newest clock among the ops (0 for none).
    pub max_hlc: i64,
}

/// Applies ops received from another device, in the caller's transaction: [`apply`], plus
/// recording each overwrite of a value the sender had not seen (`seen`: the sender's version
/// vector `{device: max seq}` when it wrote them; without one nothing is recorded), and moving
/// this device's clock past theirs so later local edits sort after everything received.
pub fn receive(conn: &Connection, ops: &[Op], seen: Option<&BTreeMap<String, i64>>) -> Result<Received> {
    let mut out = Received::default();
    let now = chrono::Utc::now().timestamp_millis();
    let Some(seen) = seen else {
        // Nothing to compare overwrites with: one batch, so role look-ups are cached across it.
        out.applied = apply(conn, ops)?;
        out.max_hlc = ops.iter().map(|o| o.hlc).max().unwrap_or(0);
        conn.prepare_cached("UPDATE local_device SET hlc = max(hlc, ?1)")?.execute([out.max_hlc])?;
        return Ok(out);
    };
    for op in ops {
        out.max_hlc = out.max_hlc.max(op.hlc);
        let holder: Option<(String, String, i64, i64, String)> = conn
            .prepare_cached(
                "SELECT o.op_id, o.device_id, o.seq, o.hlc, o.value FROM field_clock c JOIN oplog o ON o.op_id = c.op_id
                 WHERE c.entity_table = ?1 AND c.entity_id = ?2 AND c.field = ?3",
            )?
            .query_row(params![op.table, op.entity_id, op.field], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .optional()?;
        let applied = apply(conn, std::slice::from_ref(op))?;
        out.applied.won += applied.won;
        out.applied.lost += applied.lost;
        out.applied.duplicate += applied.duplicate;
        out.applied.refused += applied.refused;
        if applied.duplicate > 0 || applied.refused > 0 {
            continue;
        }
        let Some((h_op, h_device, h_seq, h_hlc, h_value)) = holder else { continue };
        // Concurrent: the writer of `op` had not seen the holder when it wrote.
        let unseen = seen.get(&h_device).copied().unwrap_or(0) < h_seq;
        let differs = serde_json::from_str::<Value>(&h_value).ok().as_ref() != Some(&op.value);
        if h_device != op.device_id && unseen && differs {
            let op_wins =
                (op.hlc, op.device_id.as_str(), op.op_id.as_str()) > (h_hlc, h_device.as_str(), h_op.as_str());
            let (winner, loser) = if op_wins { (&op.op_id, &h_op) } else { (&h_op, &op.op_id) };
            out.conflicts += conn
                .prepare_cached(
                    "INSERT INTO conflict (entity_table, entity_id, field, winner_op, loser_op, detected_ms)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (winner_op, loser_op) DO NOTHING",
                )?
                .execute(params![op.table, op.entity_id, op.field, winner, loser, now])?;
        }
    }
    // Later local edits must sort after everything received.
    conn.prepare_cached("UPDATE local_device SET hlc = max(hlc, ?1)")?.execute([out.max_hlc])?;
    Ok(out)
}

pub(crate) fn validate(op: &Op) -> Result<(&'static str, &'static str, rusqlite::types::Value)> {
    let (table, field, kind) = self::field(&op.table, &op.field)
        .ok_or_else(|| Error::InvalidOp(format!("unknown field {}.{}", op.table, op.field)))?;
    for (what, id) in
        [("entity", &op.entity_id), ("op", &op.op_id), ("device", &op.device_id), ("author", &op.author_id)]
    {
        if id.is_empty() || id.len() > 64 {
            return Err(Error::InvalidOp(format!("bad {what} id {id:?}")));
        }
    }
    if op.seq < 1 || op.hlc < 0 || op.hlc > hlc::MAX {
        return Err(Error::InvalidOp(format!("bad seq {} or clock {} in op {}", op.seq, op.hlc, op.op_id)));
    }
    let value = registry::to_sql(kind, &op.value)
        .map_err(|e| Error::InvalidOp(format!("{table}.{field} of {}: {e}", op.entity_id)))?;
    Ok((table, field, value))
}

/// Last writer wins, per field: write if this op's clock beats the field's current holder.
pub(crate) fn set_field(
    conn: &Connection,
    op: &Op,
    table: &'static str,
    field: &'static str,
    value: rusqlite::types::Value,
) -> Result<bool> {
    let holder: Option<(i64, String, String)> = conn
        .prepare_cached(
            "SELECT hlc, device_id, op_id FROM field_clock
             WHERE entity_table = ?1 AND entity_id = ?2 AND field = ?3",
        )?
        .query_row(params![table, op.entity_id, field], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let wins = match &holder {
        None => true,
        Some((hlc, device, op_id)) => {
            (op.hlc, op.device_id.as_str(), op.op_id.as_str()) > (*hlc, device.as_str(), op_id.as_str())
        }
    };
    if !wins {
        return Ok(false);
    }
    // `table` and `field` come from the schema whitelist, never from the op's text.
    conn.prepare_cached(&format!(
        "INSERT INTO {table} (id, {field}) VALUES (?1, ?2) ON CONFLICT (id) DO UPDATE SET {field} = excluded.{field}"
    ))?
    .execute(params![op.entity_id, value])?;
    conn.prepare_cached(
        "INSERT INTO field_clock (entity_table, entity_id, field, hlc, device_id, op_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (entity_table, entity_id, field)
         DO UPDATE SET hlc = excluded.hlc, device_id = excluded.device_id, op_id = excluded.op_id",
    )?
    .execute(params![table, op.entity_id, field, op.hlc, op.device_id, op.op_id])?;
    Ok(true)
}

/// Empties the synced tables and replays the whole op log into them. Run in a transaction.
pub fn rebuild(conn: &Connection) -> Result<()> {
    for t in TABLES {
        conn.execute(&format!("DELETE FROM {}", t.name), [])?;
    }
    conn.execute("DELETE FROM field_clock", [])?;
    conn.execute("DELETE FROM op_refused", [])?;
    let mut stmt = conn.prepare(
        "SELECT op_id, device_id, seq, hlc, author_id, entity_table, entity_id, field, value
         FROM oplog ORDER BY hlc, device_id, op_id",
    )?;
    let ops = stmt.query_map([], row_to_op)?;
    let mut roles = judge::Roles::default();
    for op in ops {
        let op = op??;
        let (table, field, value) = validate(&op)?;
        if (table, field) == ("member", "role") {
            roles.forget(&op.entity_id);
        }
        // In clock order, every op before this one has its final verdict already.
        match judge::judge(conn, &op, table, &mut roles)? {
            Some(reason) => {
                judge::record(conn, &op.op_id, Some(&reason))?;
            }
            None => {
                set_field(conn, &op, table, field, value)?;
            }
        }
    }
    conn.execute("UPDATE apply_frontier SET hlc = (SELECT coalesce(max(hlc), 0) FROM oplog)", [])?;
    Ok(())
}

type RowOp = std::result::Result<Op, Error>;

pub(crate) fn row_to_op(r: &rusqlite::Row<'_>) -> rusqlite::Result<RowOp> {
    let value: String = r.get(8)?;
    let op = Op {
        op_id: r.get(0)?,
        device_id: r.get(1)?,
        seq: r.get(2)?,
        hlc: r.get(3)?,
        author_id: r.get(4)?,
        table: r.get(5)?,
        entity_id: r.get(6)?,
        field: r.get(7)?,
        value: serde_json::Value::Null,
    };
    Ok(serde_json::from_str(&value)
        .map(|value| Op { value, ..op })
        .map_err(|e| Error::InvalidOp(format!("unreadable value in the op log: {e}"))))
}

/// Every op in the log, in clock order.
pub fn all_ops(conn: &Connection) -> Result<Vec<Op>> {
    let mut stmt = conn.prepare(
        "SELECT op_id, device_id, seq, hlc, author_id, entity_table, entity_id, field, value
         FROM oplog ORDER BY hlc, device_id, op_id",
    )?;
    let rows = stmt.query_map([], row_to_op)?;
    let mut out = Vec::new();
    for r in rows {
        out.push(r??);
    }
    Ok(out)
}

/// A canonical text dump of the synced tables, field clocks and refused ops (their ids: the
/// reason's wording names people as known locally), for comparing replicas.
pub fn dump(conn: &Connection) -> Result<String> {
    use std::fmt::Write as _;
    let mut out = String::new();
    let names = TABLES
        .iter()
        .map(|t| (t.name, "*", "id"))
        .chain([("field_clock", "*", "entity_table, entity_id, field"), ("op_refused", "op_id", "op_id")]);
    for (table, columns, order) in names {
        let _ = writeln!(out, "# {table}");
        let mut stmt = conn.prepare(&format!("SELECT {columns} FROM {table} ORDER BY {order}"))?;
        let cols = stmt.column_count();
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            for i in 0..cols {
                let v: rusqlite::types::Value = row.get(i)?;
                let _ = write!(out, "{v:?}\t");
            }
            out.push('\n');
        }
    }
    Ok(out)
}
