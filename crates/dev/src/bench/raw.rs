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

/// The delegation with the most live stories.
pub(crate) fn largest_delegation(conn: &Connection) -> Result<Option<String>> {
    let mut stmt = conn.prepare(
        "SELECT delegation_id FROM story WHERE deleted = 0 AND delegation_id IS NOT NULL
         GROUP BY delegation_id ORDER BY count(*) DESC, delegation_id LIMIT 1",
    )?;
    let mut rows = stmt.query([])?;
    Ok(match rows.next()? {
        Some(r) => Some(r.get(0)?),
        None => None,
    })
}

/// A delegation's row as the views show it: with its item's title, its product's name and
/// the two members' names (the columns the core reads; the last check-in with it).
const DELEGATION_ROW: &str =
    "SELECT d.id, d.item_id, i.title, i.product_id, p.name, d.from_id, f.name, d.to_id, t.name,
        d.scope, d.non_goals, d.decisions, d.due, d.cadence_days, d.offered_ms, d.amended_ms, d.question,
        d.responded_ms, d.answer, d.answered_ms, d.ended, d.response,
        (SELECT max(c.at_ms) FROM checkin c WHERE c.delegation_id = d.id), d.assigned_ms
    FROM delegation d
    JOIN roadmap_item i ON i.id = d.item_id AND i.deleted = 0
    JOIN product p ON p.id = i.product_id
    JOIN member f ON f.id = d.from_id
    JOIN member t ON t.id = d.to_id";

const STORY_COLUMNS: &str = "s.id, s.delegation_id, s.title, s.as_a, s.i_want, s.so_that, s.criteria, s.dev, s.qa,
        s.points, s.rank, s.stage, s.blocked, s.review_asked_ms, s.edited_ms, s.verdict, s.verdict_ms, s.pinned,
        s.exception";

/// Reads every column of every row; returns the first column of each.
fn ids(stmt: &mut rusqlite::CachedStatement<'_>, arg: &str) -> Result<Vec<String>> {
    let n = stmt.column_count();
    let rows = stmt.query_map([arg], |r| {
        for i in 1..n {
            let _ = r.get_ref(i)?;
        }
        r.get(0)
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What the inbox and the board are computed from.
pub(crate) struct QueueRows {
    /// The open delegations' ids.
    pub(crate) delegations: Vec<String>,
    pub(crate) stories: usize,
    pub(crate) checks: usize,
    pub(crate) comments: usize,
}

/// The delegations matching `open` (a literal filter on `d` with `?1` = `me`), their live
/// stories and the stories' guardrail checks: (delegation ids, stories, checks).
fn open_rows(conn: &Connection, open: &str, me: &str) -> Result<(Vec<String>, usize, usize)> {
    let delegations = ids(&mut conn.prepare_cached(&format!("{DELEGATION_ROW} WHERE {open}"))?, me)?;
    let stories = ids(
        &mut conn.prepare_cached(&format!(
            "SELECT {STORY_COLUMNS} FROM delegation d JOIN story s ON s.delegation_id = d.id AND s.deleted = 0
             WHERE {open}"
        ))?,
        me,
    )?;
    let checks = ids(
        &mut conn.prepare_cached(&format!(
            "SELECT g.id, g.story_id, g.guardrail_id, g.mark, g.note FROM delegation d
             JOIN story s ON s.delegation_id = d.id AND s.deleted = 0 JOIN guardrail_check g ON g.story_id = s.id
             WHERE {open}"
        ))?,
        me,
    )?;
    Ok((delegations, stories.len(), checks.len()))
}

/// A junior's open delegations, their live stories, the stories' guardrail checks and the
/// delegations' comments (with their authors' names).
pub(crate) fn inbox_rows(conn: &Connection, me: &str) -> Result<QueueRows> {
    let open = "d.to_id = ?1 AND d.ended = 'open'";
    let (delegations, stories, checks) = open_rows(conn, open, me)?;
    let comments = ids(
        &mut conn.prepare_cached(&format!(
            "SELECT c.id, c.delegation_id, c.story_id, c.parent_id, c.author_id, m.name, c.body, c.at_ms, c.resolved
             FROM delegation d JOIN comment c ON c.delegation_id = d.id AND c.deleted = 0
             JOIN member m ON m.id = c.author_id WHERE {open}"
        ))?,
        me,
    )?;
    Ok(QueueRows { delegations, stories, checks, comments: comments.len() })
}

/// A senior's juniors, the open delegations they made, those delegations' live stories and the
/// stories' guardrail checks.
pub(crate) fn board_rows(conn: &Connection, me: &str) -> Result<QueueRows> {
    ids(
        &mut conn
            .prepare_cached("SELECT id, name FROM member WHERE manager_id = ?1 AND deleted = 0 AND role = 'junior'")?,
        me,
    )?;
    let (delegations, stories, checks) = open_rows(conn, "d.from_id = ?1 AND d.ended = 'open'", me)?;
    Ok(QueueRows { delegations, stories, checks, comments: 0 })
}

/// What a delegated item's view is made of.
pub(crate) struct ItemRows {
    /// The stories' ids, in their order.
    pub(crate) stories: Vec<String>,
    pub(crate) checks: usize,
    pub(crate) comments: usize,
    pub(crate) guardrails: usize,
}

/// A delegation (with names), its item's requirements, the live guardrails of the item and its
/// ancestors, its live stories in order, their checks, its comments and its check-ins.
pub(crate) fn delegation_rows(conn: &Connection, id: &str) -> Result<ItemRows> {
    ids(&mut conn.prepare_cached(&format!("{DELEGATION_ROW} WHERE d.id = ?1"))?, id)?;
    ids(
        &mut conn.prepare_cached(
            "SELECT i.id, i.requirements FROM delegation d JOIN roadmap_item i ON i.id = d.item_id WHERE d.id = ?1",
        )?,
        id,
    )?;
    let guardrails = ids(
        &mut conn.prepare_cached(
            "SELECT g.id, g.item_id, g.kind, g.statement FROM delegation d
             JOIN roadmap_item i ON i.id = d.item_id
             LEFT JOIN roadmap_item a ON a.id = i.parent_id AND a.deleted = 0
             LEFT JOIN roadmap_item b ON b.id = a.parent_id AND b.deleted = 0
             JOIN guardrail g ON g.item_id IN (i.id, a.id, b.id) AND g.deleted = 0
             WHERE d.id = ?1",
        )?,
        id,
    )?;
    let stories = ids(
        &mut conn.prepare_cached(&format!(
            "SELECT {STORY_COLUMNS} FROM story s WHERE s.delegation_id = ?1 AND s.deleted = 0
             ORDER BY s.rank, s.title, s.id"
        ))?,
        id,
    )?;
    let checks = ids(
        &mut conn.prepare_cached(
            "SELECT g.id, g.story_id, g.guardrail_id, g.mark, g.note FROM story s
             JOIN guardrail_check g ON g.story_id = s.id WHERE s.delegation_id = ?1 AND s.deleted = 0",
        )?,
        id,
    )?;
    let comments = ids(
        &mut conn.prepare_cached(
            "SELECT c.id, c.delegation_id, c.story_id, c.parent_id, c.author_id, m.name, c.body, c.at_ms, c.resolved
             FROM comment c JOIN member m ON m.id = c.author_id WHERE c.delegation_id = ?1 AND c.deleted = 0
             ORDER BY c.at_ms, c.id",
        )?,
        id,
    )?;
    ids(
        &mut conn.prepare_cached(
            "SELECT id, body, at_ms FROM checkin WHERE delegation_id = ?1 ORDER BY at_ms DESC, id LIMIT 50",
        )?,
        id,
    )?;
    Ok(ItemRows { stories, checks: checks.len(), comments: comments.len(), guardrails: guardrails.len() })
}

/// What the progress roll-up is computed from, summed.
pub(crate) struct ProgressRows {
    /// Live roadmap items (the tree).
    pub(crate) items: usize,
    /// One-year items with stories.
    pub(crate) counted: usize,
    pub(crate) stories: i64,
    pub(crate) points: i64,
    pub(crate) points_done: i64,
}

/// The live roadmap items (id, parent, goal, horizon) and the story figures per item: the live
/// stories of the delegations not withdrawn, grouped by their delegation's item (of live items).
pub(crate) fn progress_rows(conn: &Connection) -> Result<ProgressRows> {
    let mut items = conn.prepare_cached(
        "SELECT id, parent_id, goal_id, horizon FROM roadmap_item WHERE deleted = 0 AND horizon <> ''",
    )?;
    let items = items
        .query_map([], |r| {
            for i in 1..4 {
                let _ = r.get_ref(i)?;
            }
            r.get::<_, String>(0)
        })?
        .collect::<rusqlite::Result<std::collections::HashSet<String>>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT d.item_id, count(*), sum(s.points), sum(CASE WHEN s.stage = 'done' THEN s.points ELSE 0 END)
         FROM story s JOIN delegation d ON d.id = s.delegation_id
         WHERE s.deleted = 0 AND d.ended <> 'withdrawn' AND d.item_id IS NOT NULL
         GROUP BY d.item_id",
    )?;
    let rows = stmt.query_map([], |r| {
        let sum = |k: usize| r.get::<_, Option<i64>>(k).map(Option::unwrap_or_default);
        Ok((r.get::<_, String>(0)?, sum(1)?, sum(2)?, sum(3)?))
    })?;
    let mut out = ProgressRows { items: items.len(), counted: 0, stories: 0, points: 0, points_done: 0 };
    for row in rows {
        let (item, stories, points, done) = row?;
        if items.contains(&item) {
            out.counted += 1;
            out.stories += stories;
            out.points += points;
            out.points_done += done;
        }
    }
    Ok(out)
}

/// The open sprint with the most live stories: (id, name, stories).
pub(crate) fn busiest_open_sprint(conn: &Connection) -> Result<Option<(String, String, i64)>> {
    let mut stmt = conn.prepare(
        "SELECT sp.id, sp.name, count(*) FROM sprint sp JOIN story s ON s.sprint_id = sp.id AND s.deleted = 0
         WHERE sp.deleted = 0 AND sp.closed_ms = 0
         GROUP BY sp.id ORDER BY count(*) DESC, sp.id LIMIT 1",
    )?;
    let mut rows = stmt.query([])?;
    Ok(match rows.next()? {
        Some(r) => Some((r.get(0)?, r.get(1)?, r.get(2)?)),
        None => None,
    })
}

/// What a sprint's board is made of.
pub(crate) struct SprintRows {
    /// Its live stories' ids.
    pub(crate) stories: Vec<String>,
    pub(crate) points: i64,
    pub(crate) checks: usize,
}

/// A sprint's live stories and their marks on the guardrails their items set or inherit.
pub(crate) fn sprint_rows(conn: &Connection, id: &str) -> Result<SprintRows> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {STORY_COLUMNS}, s.sprint_id FROM story s WHERE s.sprint_id = ?1 AND s.deleted = 0"
    ))?;
    let n = stmt.column_count();
    let rows = stmt.query_map([id], |r| {
        for i in 1..n {
            let _ = r.get_ref(i)?;
        }
        Ok((r.get::<_, String>(0)?, r.get::<_, Option<i64>>(9)?.unwrap_or_default()))
    })?;
    let rows: Vec<(String, i64)> = rows.collect::<rusqlite::Result<_>>()?;
    // The marks on the guardrails each story's item sets or inherits now (live, up two levels).
    let checks = ids(
        &mut conn.prepare_cached(
            "SELECT c.id, c.story_id, c.guardrail_id, c.mark, c.note FROM story s
             JOIN delegation d ON d.id = s.delegation_id
             JOIN roadmap_item i ON i.id = d.item_id
             LEFT JOIN roadmap_item a ON a.id = i.parent_id AND a.deleted = 0
             LEFT JOIN roadmap_item b ON b.id = a.parent_id AND b.deleted = 0
             JOIN guardrail g ON g.item_id IN (i.id, a.id, b.id) AND g.deleted = 0
             JOIN guardrail_check c ON c.story_id = s.id AND c.guardrail_id = g.id AND c.mark <> 'unchecked'
             WHERE s.sprint_id = ?1 AND s.deleted = 0",
        )?,
        id,
    )?;
    Ok(SprintRows {
        points: rows.iter().map(|r| r.1).sum(),
        stories: rows.into_iter().map(|r| r.0).collect(),
        checks: checks.len(),
    })
}
