//! Raw-SQLite baselines over the synced tables and over fresh tables the bench creates: the
//! least SQLite itself must do for the same rows. (Those reading the core's internal tables are
//! in [`super::baseline`].)

use std::path::Path;
use std::time::{Duration, Instant};

use baton_core::oplog::Op;
use rusqlite::{params, Connection, OpenFlags};

use super::stats::Samples;
use super::Result;

/// A connection set up as `Core::open` sets up the app's (WAL, synchronous=NORMAL, 64 MiB page
/// cache, checkpoint every 10,000 pages), so the baseline writes as durably as the core.
pub(crate) fn open(db: &Path) -> Result<Connection> {
    let conn = Connection::open(db)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "cache_size", -65_536)?;
    conn.pragma_update(None, "wal_autocheckpoint", 10_000)?;
    Ok(conn)
}

pub(crate) fn open_read_only(db: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.pragma_update(None, "cache_size", -65_536)?;
    Ok(conn)
}

/// The op's nine columns, for a fresh table.
const OP_COLUMNS: &str = "op_id TEXT NOT NULL, device_id TEXT NOT NULL, seq INTEGER NOT NULL, hlc INTEGER NOT NULL,
    author_id TEXT NOT NULL, entity_table TEXT NOT NULL, entity_id TEXT NOT NULL, field TEXT NOT NULL,
    value TEXT NOT NULL";
const INSERT_OP: &str = "INSERT INTO {t} (op_id, device_id, seq, hlc, author_id, entity_table, entity_id, field, value)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

pub(crate) struct RawInsert {
    pub(crate) took: Duration,
    /// Bytes the rows take in the file (pages added / rows).
    pub(crate) bytes_per_op: f64,
}

/// Inserts `ops` as plain rows (value as JSON text) into a fresh table with the op's columns
/// and no index, with one prepared statement in one transaction, in the database file `db`.
pub(crate) fn insert_ops<'a>(db: &Path, ops: impl Iterator<Item = &'a Op>) -> Result<RawInsert> {
    let mut conn = open(db)?;
    conn.execute_batch(&format!(
        "DROP TABLE IF EXISTS bench_raw_ops; CREATE TABLE bench_raw_ops ({OP_COLUMNS}) STRICT"
    ))?;
    let pages_before = pages(&conn)?;
    let started = Instant::now();
    let tx = conn.transaction()?;
    let mut n = 0u64;
    {
        let mut stmt = tx.prepare(&INSERT_OP.replace("{t}", "bench_raw_ops"))?;
        for op in ops {
            stmt.execute(params![
                op.op_id,
                op.device_id,
                op.seq,
                op.hlc,
                op.author_id,
                op.table,
                op.entity_id,
                op.field,
                op.value.to_string()
            ])?;
            n += 1;
        }
    }
    tx.commit()?;
    let took = started.elapsed();
    let added = pages(&conn)?.saturating_sub(pages_before);
    let page_size: i64 = conn.pragma_query_value(None, "page_size", |r| r.get(0))?;
    Ok(RawInsert { took, bytes_per_op: (added * page_size.max(0) as u64) as f64 / n.max(1) as f64 })
}

fn pages(conn: &Connection) -> Result<u64> {
    let count: i64 = conn.pragma_query_value(None, "page_count", |r| r.get(0))?;
    let free: i64 = conn.pragma_query_value(None, "freelist_count", |r| r.get(0))?;
    Ok((count - free).max(0) as u64)
}

/// One raw local write per `(item id, title)`: in one transaction each, an UPDATE of the
/// item's row and an INSERT of one op-shaped row into a fresh table. Times each.
pub(crate) fn write_each(db: &Path, edits: &[(String, String)]) -> Result<Samples> {
    let conn = open(db)?;
    conn.execute_batch(&format!(
        "DROP TABLE IF EXISTS bench_raw_writes; CREATE TABLE bench_raw_writes ({OP_COLUMNS}) STRICT"
    ))?;
    let mut samples = Samples::default();
    let now = chrono_free_now_ms();
    for (k, (id, title)) in edits.iter().enumerate() {
        let started = Instant::now();
        conn.execute_batch("BEGIN IMMEDIATE")?;
        conn.prepare_cached("UPDATE roadmap_item SET title = ?1 WHERE id = ?2")?.execute(params![title, id])?;
        conn.prepare_cached(&INSERT_OP.replace("{t}", "bench_raw_writes"))?.execute(params![
            format!("bench-{k}"),
            "bench-device",
            k as i64 + 1,
            (now + k as i64) << 16,
            "bench-author",
            "roadmap_item",
            id,
            "title",
            serde_json::Value::from(title.as_str()).to_string()
        ])?;
        conn.execute_batch("COMMIT")?;
        samples.push(started.elapsed());
    }
    Ok(samples)
}

fn chrono_free_now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

/// A product's roadmap as the Roadmap page lists it: its live items on the three lanes, in
/// lane, period and rank order. Returns `(id, title)` per row.
pub(crate) fn roadmap_rows(conn: &Connection, product_id: &str) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, product_id, horizon, period, goal_id, parent_id, status, confidence, metric, impact, rank,
                requirements <> ''
         FROM roadmap_item WHERE deleted = 0 AND horizon <> '' AND product_id = ?1
         ORDER BY CASE horizon WHEN 'five_year' THEN 0 WHEN 'three_year' THEN 1 ELSE 2 END,
                  period, rank, title COLLATE NOCASE, id",
    )?;
    let rows = stmt.query_map([product_id], |r| {
        for i in 2..13 {
            let _ = r.get_ref(i)?;
        }
        Ok((r.get(0)?, r.get(1)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What an alignment tree is made of: the live goals, and the live items of one product (or of
/// every product). Returns the goal ids (in the page's order) and the item ids.
pub(crate) fn alignment_rows(conn: &Connection, product_id: Option<&str>) -> Result<(Vec<String>, Vec<String>)> {
    let mut goals = conn.prepare_cached(
        "SELECT id, title, description, measure FROM goal WHERE deleted = 0 ORDER BY title COLLATE NOCASE, id",
    )?;
    let goal_ids = goals
        .query_map([], |r| {
            let _: (String, String, String) = (r.get(1)?, r.get(2)?, r.get(3)?);
            r.get(0)
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut items = conn.prepare_cached(
        "SELECT id, product_id, horizon, period, title, goal_id, parent_id, status FROM roadmap_item
         WHERE deleted = 0 AND horizon <> '' AND (?1 IS NULL OR product_id = ?1)",
    )?;
    let item_ids = items
        .query_map([product_id], |r| {
            for i in 1..8 {
                let _ = r.get_ref(i)?;
            }
            r.get(0)
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok((goal_ids, item_ids))
}

/// Pages per table and index (`dbstat`), largest first; `None` when this SQLite was built
/// without the `dbstat` virtual table.
pub(crate) fn dbstat(conn: &Connection) -> Result<Option<Vec<(String, u64)>>> {
    let mut stmt = match conn.prepare("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC") {
        Ok(s) => s,
        Err(e) if e.to_string().contains("no such table") => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?.max(0) as u64)))?;
    Ok(Some(rows.collect::<rusqlite::Result<_>>()?))
}
