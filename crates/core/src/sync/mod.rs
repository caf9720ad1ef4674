//! The one write path (shared/design/SYNC.md): every change, local or remote, is a list of
//! field operations handed to [`apply`], which appends them to the op log and writes each field
//! whose clock is newer than the one it holds — all inside the caller's transaction.
//!
//! Because the winner of each field is simply the op with the greatest
//! `(hlc, device_id, op_id)`, replicas that have seen the same ops hold the same tables, in
//! whatever order and however many times the ops arrived. [`rebuild`] proves the op log is the
//! source of truth by replaying it into empty tables.

pub mod authority;
pub mod folder;
pub mod history;
pub mod hlc;
pub mod schema;
pub mod segment;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};

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
    let mut roles = authority::Roles::default();
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
        if authority::is_authority(table, field) && op.hlc <= frontier {
            late.push(op.clone());
        }
        frontier = frontier.max(op.hlc);
        if (table, field) == ("member", "role") {
            roles.forget(&op.entity_id);
        }
        if let Some(reason) = authority::judge(conn, op, table, &mut roles)? {
            authority::record(conn, &op.op_id, Some(&reason))?;
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
        authority::rejudge_after(conn, &late)?;
    }
    Ok(out)
}

pub(crate) fn validate(op: &Op) -> Result<(&'static str, &'static str, rusqlite::types::Value)> {
    let (table, field, kind) = schema::field(&op.table, &op.field)
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
    let value = schema::to_sql(kind, &op.value)
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
    for t in schema::TABLES {
        conn.execute(&format!("DELETE FROM {}", t.name), [])?;
    }
    conn.execute("DELETE FROM field_clock", [])?;
    conn.execute("DELETE FROM op_refused", [])?;
    let mut stmt = conn.prepare(
        "SELECT op_id, device_id, seq, hlc, author_id, entity_table, entity_id, field, value
         FROM oplog ORDER BY hlc, device_id, op_id",
    )?;
    let ops = stmt.query_map([], row_to_op)?;
    let mut roles = authority::Roles::default();
    for op in ops {
        let op = op??;
        let (table, field, value) = validate(&op)?;
        if (table, field) == ("member", "role") {
            roles.forget(&op.entity_id);
        }
        // In clock order, every op before this one has its final verdict already.
        match authority::judge(conn, &op, table, &mut roles)? {
            Some(reason) => {
                authority::record(conn, &op.op_id, Some(&reason))?;
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
    let names = schema::TABLES
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
