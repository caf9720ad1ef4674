//! The one write path: every change, local or remote, is a list of field operations handed to
//! [`apply`], which appends them to the op log, judges each against its author's rights as the
//! log stood at its clock, and writes each field whose clock is newer than the one it holds —
//! all inside the caller's transaction, keeping "recent conflicts" ([`conflicts`]) up to date.
//! [`receive`] is the same for ops from another device, plus what only received ops need:
//! keeping the version vector their writer wrote them under, and observing their clocks.
//! Every transport (the folder today, a relay later) calls [`receive`].
//!
//! Because the winner of each field is simply the op with the greatest
//! `(hlc, device_id, op_id)`, replicas that have seen the same ops hold the same tables, in
//! whatever order and however many times the ops arrived. [`rebuild`] proves the op log is the
//! source of truth by replaying it into empty tables.
//!
//! [`TABLES`] lists every synced table's declaration (each feature's `tables.rs`).

pub mod conflicts;
pub mod held;
pub mod hlc;
pub mod judge;
pub mod progress;
pub mod signing;
pub mod store;

pub mod keys;
mod rehome;

use std::collections::{BTreeMap, HashMap};

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::registry::{self, Kind, Table};

pub use keys::{Key, OpKey};
pub(crate) use rehome::{position, rehome};
pub use store::{local_device, new_id, Core, LocalDevice, Writer};

/// Every synced table, declared by the feature that owns it. Adding a table: its declaration
/// in the feature's `tables.rs`, a line here, a migration, and its commands.
pub static TABLES: &[&Table] = &[
    &crate::workspace::tables::WORKSPACE,
    &crate::workspace::tables::MEMBER,
    &crate::workspace::tables::DEVICE,
    &crate::workspace::tables::INVITE,
    &crate::goals::tables::GOAL,
    &crate::products::tables::PRODUCT,
    &crate::products::tables::PRODUCT_FAMILY,
    &crate::roadmap::tables::ROADMAP_ITEM,
    &crate::roadmap::tables::GUARDRAIL,
    &crate::roadmap::tables::SNAPSHOT,
    &crate::delegation::tables::DELEGATION,
    &crate::delegation::tables::CHECKIN,
    &crate::delegation::tables::STORY,
    &crate::delegation::tables::GUARDRAIL_CHECK,
    &crate::delegation::tables::COMMENT,
    &crate::ideas::tables::FEEDBACK,
    &crate::ideas::tables::IDEA,
    &crate::ideas::tables::EVIDENCE,
    &crate::ideas::tables::DECISION,
    &crate::execution::tables::SPRINT,
    &crate::execution::tables::LAUNCH,
    &crate::execution::tables::LAUNCH_CHECK,
    &crate::execution::tables::LAUNCH_TEMPLATE,
    &crate::execution::tables::JOURNAL_ENTRY,
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
            "SELECT entity_table FROM oplog WHERE entity_id = ?1 ORDER BY hlc, device_id, op_key LIMIT 1",
            [entity_id],
            |r| r.get(0),
        )
        .optional()?;
    found.and_then(|t| table(&t)).map(|t| t.name).ok_or_else(|| Error::not_found("entity", entity_id))
}

/// The columns [`row_to_op`] reads, in its order, from the `oplog` view.
pub(crate) const OP_COLUMNS: &str = "op_id, device_id, seq, hlc, author_id, entity_table, entity_id, field, value";

/// The number `ident` gives an id, if the log has mentioned it.
pub(crate) fn ident(conn: &Connection, id: &str) -> Result<Option<i64>> {
    Ok(conn.prepare_cached("SELECT n FROM ident WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()?)
}

/// Interned numbers of ids and (table, field) pairs, cached for one batch.
#[derive(Default)]
pub(crate) struct Ids {
    ids: HashMap<String, i64>,
    fields: HashMap<(&'static str, &'static str), i64>,
}

impl Ids {
    /// The number of `id`, given one if it has none yet.
    pub(crate) fn intern(&mut self, conn: &Connection, id: &str) -> Result<i64> {
        if let Some(n) = self.ids.get(id) {
            return Ok(*n);
        }
        let n = match ident(conn, id)? {
            Some(n) => n,
            None => {
                conn.prepare_cached("INSERT INTO ident (id) VALUES (?1)")?.execute([id])?;
                conn.last_insert_rowid()
            }
        };
        self.ids.insert(id.to_owned(), n);
        Ok(n)
    }

    /// The number of a declared (table, field) pair ([`store::ensure_fields`] numbered them all).
    pub(crate) fn field(&mut self, conn: &Connection, table: &'static str, field: &'static str) -> Result<i64> {
        if let Some(n) = self.fields.get(&(table, field)) {
            return Ok(*n);
        }
        let n: i64 = conn
            .prepare_cached("SELECT n FROM field_name WHERE entity_table = ?1 AND field = ?2")?
            .query_row([table, field], |r| r.get(0))?;
        self.fields.insert((table, field), n);
        Ok(n)
    }
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

/// Where one op sits in the file: its row, and its entity and field numbers.
pub(crate) struct Placed {
    pub n: i64,
    pub entity: i64,
    pub field: i64,
}

/// Appends `ops` to the log and writes every field they win. Call inside a transaction: on
/// error nothing of the batch may be kept, and the caller's rollback guarantees that.
pub fn apply(conn: &Connection, ops: &[Op]) -> Result<Applied> {
    apply_batch(conn, ops)
}

fn apply_batch(conn: &Connection, ops: &[Op]) -> Result<Applied> {
    let ids = &mut Ids::default();
    let mut batch = Judging::begin(conn)?;
    for op in ops {
        let (table, field, sql_value) = validate(op)?;
        let Some(placed) = append(conn, op, table, field, ids)? else {
            batch.out.duplicate += 1;
            continue;
        };
        batch.settle(conn, ids, op, &placed, table, field, sql_value)?;
    }
    batch.finish(conn)
}

/// Judging a batch of ops that are in the log: the judge's cache, the conflict pairs to keep
/// up, and the late authority ops to re-judge after at its end.
pub(crate) struct Judging {
    latest: judge::Latest,
    listed: conflicts::Tracker,
    out: Applied,
    // The newest clock already judged: an authority op older than it arrived late.
    start: i64,
    frontier: i64,
    late: Vec<Op>,
}

impl Judging {
    pub(crate) fn begin(conn: &Connection) -> Result<Judging> {
        let start: i64 = conn.query_row("SELECT hlc FROM apply_frontier", [], |r| r.get(0))?;
        Ok(Judging {
            latest: judge::Latest::default(),
            listed: conflicts::Tracker::new(),
            out: Applied::default(),
            start,
            frontier: start,
            late: Vec::new(),
        })
    }

    /// Judges one op of the log and, if its author was allowed, lets it take its field when
    /// its clock is newer, keeping the conflict pairs around it up to date.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn settle(
        &mut self,
        conn: &Connection,
        ids: &mut Ids,
        op: &Op,
        placed: &Placed,
        table: &'static str,
        field: &'static str,
        sql_value: rusqlite::types::Value,
    ) -> Result<()> {
        if judge::is_authority(table, field) && op.hlc <= self.frontier {
            self.late.push(op.clone());
        }
        self.frontier = self.frontier.max(op.hlc);
        self.latest.forget(table, &op.entity_id, field);
        if let Some(reason) = judge::judge(conn, op, table, &mut self.latest)? {
            judge::record(conn, placed.n, Some(&reason))?;
            self.out.refused += 1;
            return Ok(());
        }
        let (won, holder) = set_field(conn, op, placed, table, field, sql_value)?;
        if won {
            self.out.won += 1;
            if let Some(holder) = holder {
                self.listed.took(conn, ids, op, placed, holder)?;
            }
        } else {
            self.out.lost += 1;
            self.listed.landed(conn, ids, op, placed)?;
        }
        Ok(())
    }

    pub(crate) fn finish(mut self, conn: &Connection) -> Result<Applied> {
        if self.frontier > self.start {
            conn.prepare_cached("UPDATE apply_frontier SET hlc = ?1")?.execute([self.frontier])?;
        }
        if !self.late.is_empty() {
            let flipped = judge::rejudge_after(conn, &self.late)?;
            self.listed.refresh(conn, &flipped)?;
        }
        Ok(self.out)
    }
}

/// Appends one op to the log; `None` when it is already there (a harmless duplicate). The same
/// op id or the same (device, seq) with other contents is refused.
fn append(
    conn: &Connection,
    op: &Op,
    table: &'static str,
    field: &'static str,
    ids: &mut Ids,
) -> Result<Option<Placed>> {
    let key = OpKey::of(&op.op_id).to_sql();
    let device = ids.intern(conn, &op.device_id)?;
    let author = ids.intern(conn, &op.author_id)?;
    let entity = ids.intern(conn, &op.entity_id)?;
    let field_n = ids.field(conn, table, field)?;
    let value = op.value.to_string();
    let inserted = conn
        .prepare_cached(
            "INSERT INTO op (op_id, device, seq, hlc, author, entity, field, value)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING",
        )?
        .execute(params![key, device, op.seq, op.hlc, author, entity, field_n, value])?;
    if inserted == 1 {
        return Ok(Some(Placed { n: conn.last_insert_rowid(), entity, field: field_n }));
    }
    let same: Option<bool> = conn
        .prepare_cached(
            "SELECT device = ?2 AND seq = ?3 AND hlc = ?4 AND author = ?5 AND entity = ?6 AND field = ?7
             AND value = ?8 FROM op WHERE op_id = ?1",
        )?
        .query_row(params![key, device, op.seq, op.hlc, author, entity, field_n, value], |r| r.get(0))
        .optional()?;
    match same {
        Some(true) => Ok(None),
        Some(false) => Err(Error::InvalidOp(format!("op {} arrived again with different contents", op.op_id))),
        None => Err(Error::InvalidOp(format!(
            "device {} already has an op with seq {} (op {})",
            op.device_id, op.seq, op.op_id
        ))),
    }
}

/// What [`receive`] did with ops from another device.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Received {
    pub applied: Applied,
    /// Concurrent overwrites newly listed in "recent conflicts" (see [`conflicts`]).
    pub conflicts: usize,
    /// The newest clock among the ops applied now, not held (0 for none).
    pub max_hlc: i64,
    /// New ops held: dated more than a day ahead of the wall clock ([`held`]).
    pub held: usize,
    /// Ops held earlier whose time had come, applied first.
    pub released: usize,
}

/// Applies ops received from another device, in the caller's transaction: [`apply`], plus
/// keeping the version vector their writer wrote them under (`seen`: `{device: max seq}`;
/// without one their overwrites are never listed as conflicts, see [`conflicts`]), and moving
/// this device's clock past theirs so later local edits sort after everything received. Ops
/// dated more than a day past the wall clock are kept but held, not applied ([`held`]).
pub fn receive(conn: &Connection, ops: &[Op], seen: Option<&BTreeMap<String, i64>>) -> Result<Received> {
    receive_at(conn, ops, seen, chrono::Utc::now().timestamp_millis())
}

/// [`receive`] with the wall clock reading `now` (ms): first releases the held ops whose time
/// has come, then holds the ops dated more than a day past `now` instead of applying them.
pub fn receive_at(conn: &Connection, ops: &[Op], seen: Option<&BTreeMap<String, i64>>, now: i64) -> Result<Received> {
    let all = ops;
    let released = held::release(conn, now)?;
    let (ops, held_ops) = held::split(ops, now);
    let ops: &[Op] = &ops;
    let mut out = Received {
        max_hlc: ops.iter().map(|o| o.hlc).max().unwrap_or(0),
        held: held::hold(conn, &held_ops)?,
        released: released.won + released.lost + released.refused,
        ..Received::default()
    };
    let listed = conflicts::newest(conn)?;
    // Ops already here whose writer's vector arrives only now: their pairs are decided again.
    // Held ops' vectors are kept too, for when they are released.
    let learned = match seen {
        Some(seen) => conflicts::record_seen(conn, &mut Ids::default(), all, seen)?,
        None => Vec::new(),
    };
    // One batch: the judge's caches span it, and late ops are re-judged once, at its end.
    out.applied = apply_batch(conn, ops)?;
    conflicts::Tracker::new().refresh(conn, &learned)?;
    out.conflicts = conflicts::listed_since(conn, listed)?;
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
/// Answers whether it won, and the row of the op that held the field before (if any).
pub(crate) fn set_field(
    conn: &Connection,
    op: &Op,
    placed: &Placed,
    table: &'static str,
    field: &'static str,
    value: rusqlite::types::Value,
) -> Result<(bool, Option<i64>)> {
    let holder: Option<(i64, i64)> = conn
        .prepare_cached("SELECT hlc, op FROM field_clock WHERE entity = ?1 AND field = ?2")?
        .query_row([placed.entity, placed.field], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let wins = match holder {
        None => true,
        Some((hlc, _)) if hlc != op.hlc => op.hlc > hlc,
        // Same clock (two devices, or a misbehaving one): the device id, then the op id decide.
        Some((hlc, n)) => {
            let (device, key): (String, rusqlite::types::Value) = conn
                .prepare_cached("SELECT d.id, o.op_id FROM op o JOIN ident d ON d.n = o.device WHERE o.n = ?1")?
                .query_row([n], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let held = OpKey::from_sql(rusqlite::types::ValueRef::from(&key))
                .ok_or_else(|| Error::InvalidOp(format!("unreadable op id in the log (op {n})")))?;
            Key::of(op) > Key { hlc, device, op: held }
        }
    };
    let holder = holder.map(|(_, n)| n);
    if !wins {
        return Ok((false, holder));
    }
    // `table` and `field` come from the schema whitelist, never from the op's text.
    conn.prepare_cached(&format!(
        "INSERT INTO {table} (id, {field}) VALUES (?1, ?2) ON CONFLICT (id) DO UPDATE SET {field} = excluded.{field}"
    ))?
    .execute(params![op.entity_id, value])?;
    conn.prepare_cached(
        "INSERT INTO field_clock (entity, field, hlc, op) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (entity, field) DO UPDATE SET hlc = excluded.hlc, op = excluded.op",
    )?
    .execute(params![placed.entity, placed.field, op.hlc, placed.n])?;
    Ok((true, holder))
}

/// Empties the synced tables and replays the whole op log into them. Run in a transaction.
pub fn rebuild(conn: &Connection) -> Result<()> {
    rebuild_at(conn, chrono::Utc::now().timestamp_millis())
}

/// [`rebuild`] with the wall clock reading `now` (ms): other devices' ops dated more than a day
/// past it are held, as [`receive`] holds them.
pub fn rebuild_at(conn: &Connection, now: i64) -> Result<()> {
    for t in TABLES {
        conn.execute(&format!("DELETE FROM {}", t.name), [])?;
    }
    conn.execute("DELETE FROM field_clock", [])?;
    conn.execute("DELETE FROM op_refused", [])?;
    conn.execute("DELETE FROM op_held", [])?;
    // This device's own ops are never held: they were applied when made.
    let own: Option<String> = conn.query_row("SELECT device_id FROM local_device", [], |r| r.get(0)).optional()?;
    let mut stmt =
        conn.prepare(&format!("SELECT {OP_COLUMNS}, n, entity_n, field_n FROM oplog ORDER BY hlc, device_id, op_key"))?;
    let mut rows = stmt.query([])?;
    let mut latest = judge::Latest::default();
    let mut frontier = 0;
    while let Some(row) = rows.next()? {
        let op = row_to_op(row)??;
        let placed = Placed { n: row.get(9)?, entity: row.get(10)?, field: row.get(11)? };
        let (table, field, value) = validate(&op)?;
        if held::is_held(op.hlc, now) && own.as_deref() != Some(op.device_id.as_str()) {
            conn.prepare_cached("INSERT INTO op_held (op) VALUES (?1)")?.execute([placed.n])?;
            continue;
        }
        frontier = op.hlc;
        latest.forget(table, &op.entity_id, field);
        // In clock order, every op before this one has its final verdict already.
        match judge::judge(conn, &op, table, &mut latest)? {
            Some(reason) => {
                judge::record(conn, placed.n, Some(&reason))?;
            }
            None => {
                set_field(conn, &op, &placed, table, field, value)?;
            }
        }
    }
    conn.execute("UPDATE apply_frontier SET hlc = ?1", [frontier])?;
    conflicts::recompute_all(conn)?;
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
    let mut stmt = conn.prepare(&format!("SELECT {OP_COLUMNS} FROM oplog ORDER BY hlc, device_id, op_key"))?;
    let rows = stmt.query_map([], row_to_op)?;
    let mut out = Vec::new();
    for r in rows {
        out.push(r??);
    }
    Ok(out)
}

/// A canonical text dump of the synced tables, field clocks, refused ops (their ids: the
/// reason's wording names people as known locally), held ops and conflicts (winner and loser
/// ids), for comparing replicas.
pub fn dump(conn: &Connection) -> Result<String> {
    use std::fmt::Write as _;
    let mut out = String::new();
    // Numbers in `ident` and `field_name` are local to a file: the dump shows what they stand for.
    let sections = TABLES.iter().map(|t| (t.name, format!("SELECT * FROM {} ORDER BY id", t.name))).chain([
        (
            "field_clock",
            "SELECT f.entity_table, e.id, f.field, c.hlc, d.id, baton_op_id(o.op_id) FROM field_clock c
             JOIN op o ON o.n = c.op JOIN ident e ON e.n = c.entity JOIN field_name f ON f.n = c.field
             JOIN ident d ON d.n = o.device ORDER BY 1, 2, 3"
                .to_owned(),
        ),
        ("op_refused", "SELECT baton_op_id(o.op_id) FROM op_refused r JOIN op o ON o.n = r.op ORDER BY 1".to_owned()),
        ("op_held", "SELECT baton_op_id(o.op_id) FROM op_held h JOIN op o ON o.n = h.op ORDER BY 1".to_owned()),
        // The pairs only: when a laptop listed one and whether it was looked at are its own.
        (
            "conflict",
            "SELECT baton_op_id(w.op_id), baton_op_id(l.op_id) FROM conflict c
             JOIN op w ON w.n = c.winner JOIN op l ON l.n = c.loser ORDER BY 1, 2"
                .to_owned(),
        ),
    ]);
    for (table, sql) in sections {
        let _ = writeln!(out, "# {table}");
        let mut stmt = conn.prepare(&sql)?;
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
