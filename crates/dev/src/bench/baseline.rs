//! The raw-SQL baselines that read the core's internal tables (`op`, `ident`, `field_clock`,
//! `op_refused`): the only place the bench names them, so a change of the op log's storage
//! means updating the statements here and nothing else. They read the physical tables, not the
//! `oplog` view (which needs the SQL functions the core registers on its own connections).
//!
//! Each is the minimal SQL doing the same work as the measured command, run on the same file.

use std::time::{Duration, Instant};

use baton_core::oplog::{OpKey, TABLES};
use rusqlite::Connection;

use super::Result;

/// Ops in the log.
pub fn op_count(conn: &Connection) -> Result<u64> {
    Ok(conn.query_row("SELECT count(*) FROM op", [], |r| r.get::<_, i64>(0))?.max(0) as u64)
}

/// History of one entity: its ops, newest first (what `history_list` returns, without the
/// author's name and the "current" flag). Returns their op ids, as text (the file stores a
/// UUID's 16 bytes; the device's text breaks ties on the clock, as the core's order does).
pub fn history_rows(conn: &Connection, entity_id: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.op_id, o.field, o.value, o.author, d.id, o.hlc FROM op o JOIN ident d ON d.n = o.device
         WHERE o.entity = (SELECT n FROM ident WHERE id = ?1)
         ORDER BY o.hlc DESC, d.id DESC, o.op_id DESC",
    )?;
    let rows = stmt.query_map([entity_id], |r| {
        let _: (i64, String, i64, String, i64) = (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?);
        Ok(OpKey::from_sql(r.get_ref(0)?).map(|k| k.text()).unwrap_or_default())
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What a minimal rebuild costs: every op read in clock order (each column fetched), then
/// every final row — the synced tables, the field clocks and the refused ops — inserted into
/// fresh tables (`INSERT … SELECT`), in one transaction.
pub struct MinimalRebuild {
    pub read: Duration,
    pub ops: u64,
    pub insert: Duration,
    pub rows: u64,
}

pub fn minimal_rebuild(conn: &Connection) -> Result<MinimalRebuild> {
    let started = Instant::now();
    let mut ops = 0u64;
    {
        let mut stmt = conn.prepare(
            "SELECT op_id, device, seq, hlc, author, entity, field, value FROM op ORDER BY hlc, device, op_id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            for i in 0..8 {
                let _ = r.get_ref(i)?;
            }
            ops += 1;
        }
    }
    let read = started.elapsed();
    let tables: Vec<&str> = TABLES.iter().map(|t| t.name).chain(["field_clock", "op_refused"]).collect();
    for t in &tables {
        conn.execute_batch(&format!(
            "DROP TABLE IF EXISTS bench_final_{t}; CREATE TABLE bench_final_{t} AS SELECT * FROM {t} WHERE 0"
        ))?;
    }
    let started = Instant::now();
    let mut rows = 0u64;
    conn.execute_batch("BEGIN")?;
    for t in &tables {
        rows += conn.execute(&format!("INSERT INTO bench_final_{t} SELECT * FROM {t}"), [])? as u64;
    }
    conn.execute_batch("COMMIT")?;
    Ok(MinimalRebuild { read, ops, insert: started.elapsed(), rows })
}

/// Makes the database's device act as `member_id` (its local identity row): the commands that
/// answer for "me" then answer for that member, on the same tables.
pub fn act_as(db: &std::path::Path, member_id: &str) -> Result<()> {
    let conn = Connection::open(db)?;
    conn.execute("UPDATE local_device SET member_id = ?1", [member_id])?;
    Ok(())
}
