//! Clocks far ahead. A received op whose clock is more than [`HOLD_AFTER_MS`] (a day) ahead of
//! this laptop's wall clock is **held**: appended to the log like any op (nothing is lost, and
//! it syncs on), listed in `op_held`, but not judged and not applied — it holds no field, grants
//! nothing to the judge, and does not move this laptop's clock. Without this, one op at the
//! latest clock there is dragged every laptop's clock there, and each laptop's next edit failed.
//!
//! Every [`super::receive`] (and so every sync pass) first [`release`]s the held ops whose time
//! has come, in clock order and through the same judge as any op; releasing an authority op
//! older than ops already judged re-judges them, as any late authority op does.
//! [`super::rebuild`] holds by the same rule. Laptops whose wall clocks differ can disagree
//! about an op for as long as one holds it and another does not; once every wall clock is
//! within a day of it, they agree again.
//!
//! The wall clock is a parameter here (`now_ms`), so tests can move it.

use std::borrow::Cow;

use rusqlite::{params, Connection};

use super::{hlc, row_to_op, validate, Applied, Ids, Op, Placed, OP_COLUMNS};
use crate::error::Result;

/// How far ahead of the wall clock a received op may be and still apply at once.
pub const HOLD_AFTER_MS: i64 = 24 * 60 * 60 * 1000;

/// The first clock held when the wall clock reads `now_ms`: anything of a later millisecond
/// than `now_ms + HOLD_AFTER_MS`.
pub fn first_held(now_ms: i64) -> i64 {
    now_ms.saturating_add(HOLD_AFTER_MS).saturating_add(1).max(0).saturating_mul(1 << 16)
}

/// Whether an op with clock `op_hlc` is held when the wall clock reads `now_ms`.
pub fn is_held(op_hlc: i64, now_ms: i64) -> bool {
    op_hlc >= first_held(now_ms)
}

/// The ops of a batch to apply now, and those to hold.
pub(crate) fn split(ops: &[Op], now_ms: i64) -> (Cow<'_, [Op]>, Vec<&Op>) {
    let held: Vec<&Op> = ops.iter().filter(|o| is_held(o.hlc, now_ms)).collect();
    if held.is_empty() {
        return (Cow::Borrowed(ops), held);
    }
    (Cow::Owned(ops.iter().filter(|o| !is_held(o.hlc, now_ms)).cloned().collect()), held)
}

/// Appends `ops` to the log without applying them, and marks them held; answers how many were
/// new. Checked like any op: one the whitelist refuses fails the caller's batch.
pub(crate) fn hold(conn: &Connection, ops: &[&Op]) -> Result<usize> {
    let ids = &mut Ids::default();
    let mut held = 0;
    for op in ops {
        let (table, field, _) = validate(op)?;
        if let Some(placed) = super::append(conn, op, table, field, ids)? {
            conn.prepare_cached("INSERT INTO op_held (op) VALUES (?1) ON CONFLICT DO NOTHING")?.execute([placed.n])?;
            held += 1;
        }
    }
    Ok(held)
}

/// Applies the held ops whose clock is no longer more than a day ahead of `now_ms`, in clock
/// order, through the judge; moves this laptop's clock past them. In the caller's transaction.
pub fn release(conn: &Connection, now_ms: i64) -> Result<Applied> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {OP_COLUMNS}, n, entity_n, field_n FROM op_held h CROSS JOIN oplog o ON o.n = h.op
         WHERE o.hlc < ?1 ORDER BY o.hlc, o.device_id, o.op_key"
    ))?;
    let mut rows = stmt.query([first_held(now_ms)])?;
    let mut due = Vec::new();
    while let Some(row) = rows.next()? {
        let op = row_to_op(row)??;
        due.push((op, Placed { n: row.get(9)?, entity: row.get(10)?, field: row.get(11)? }));
    }
    drop(rows);
    if due.is_empty() {
        return Ok(Applied::default());
    }
    for (_, placed) in &due {
        conn.prepare_cached("DELETE FROM op_held WHERE op = ?1")?.execute([placed.n])?;
    }
    let mut batch = super::Judging::begin(conn)?;
    let ids = &mut super::Ids::default();
    let mut newest = 0;
    for (op, placed) in &due {
        let (table, field, value) = validate(op)?;
        batch.settle(conn, ids, op, placed, table, field, value)?;
        newest = newest.max(op.hlc);
    }
    let applied = batch.finish(conn)?;
    // As for any op received within a day of the wall clock: later local edits sort after it.
    conn.prepare_cached("UPDATE local_device SET hlc = max(hlc, ?1)")?.execute([newest])?;
    Ok(applied)
}

/// Held ops of one author from one laptop, for people to see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub device_id: String,
    pub author_id: String,
    pub author_name: Option<String>,
    /// How many ops are held.
    pub count: i64,
    /// How far the earliest of them is ahead of the wall clock, in milliseconds.
    pub ahead_ms: i64,
    /// When the earliest will apply (this laptop's wall clock, ms since the epoch).
    pub applies_at_ms: i64,
    /// When the last will apply.
    pub last_applies_at_ms: i64,
    /// All of it in one sentence.
    pub sentence: String,
}

/// Every held op, grouped by laptop and author, the soonest to apply first.
pub fn list(conn: &Connection, now_ms: i64) -> Result<Vec<Held>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, a.id, m.name, count(*), min(o.hlc), max(o.hlc)
         FROM op_held h CROSS JOIN op o ON o.n = h.op
         JOIN ident d ON d.n = o.device JOIN ident a ON a.n = o.author LEFT JOIN member m ON m.id = a.id
         GROUP BY o.device, o.author ORDER BY min(o.hlc), d.id, a.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, i64>(4)?,
            r.get::<_, i64>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (device_id, author_id, author_name, count, first, last) = row?;
        let first_ms = hlc::wall_ms(first);
        let mut held = Held {
            device_id,
            author_id,
            author_name: author_name.filter(|n| !n.is_empty()),
            count,
            ahead_ms: first_ms - now_ms,
            applies_at_ms: first_ms - HOLD_AFTER_MS,
            last_applies_at_ms: hlc::wall_ms(last) - HOLD_AFTER_MS,
            sentence: String::new(),
        };
        held.sentence = sentence(&held);
        out.push(held);
    }
    Ok(out)
}

/// "3 changes by Kim are held: the clock of Kim's laptop is about 73 years ahead of this
/// laptop's. They will apply when this laptop's clock reaches 2098-12-31 09:00 UTC; if that
/// laptop's clock is wrong, fix it there."
fn sentence(h: &Held) -> String {
    let who = match &h.author_name {
        Some(name) => name.clone(),
        None => format!("someone not known here ({})", short(&h.author_id)),
    };
    let (what, they, verb) = if h.count == 1 {
        ("A change".to_owned(), "It", "is")
    } else {
        (format!("{} changes", h.count), "They", "are")
    };
    let when = if date(h.last_applies_at_ms) == date(h.applies_at_ms) {
        format!("when this laptop's clock reaches {}", date(h.applies_at_ms))
    } else {
        format!("as this laptop's clock reaches {} (the last at {})", date(h.applies_at_ms), date(h.last_applies_at_ms))
    };
    format!(
        "{what} by {who} {verb} held: the clock of {who}'s laptop is {} ahead of this laptop's. \
         {they} will apply {when}; if that laptop's clock is wrong, fix it there.",
        about(h.ahead_ms)
    )
}

/// The start of an id from a file, control characters escaped.
fn short(id: &str) -> String {
    id.chars().take(8).map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect()
}

/// A wall-clock time in words: `2098-12-31 09:00 UTC`.
pub fn date(ms: i64) -> String {
    match chrono::DateTime::from_timestamp_millis(ms) {
        Some(t) => t.format("%Y-%m-%d %H:%M UTC").to_string(),
        None => format!("{ms} ms after 1970"),
    }
}

/// How far ahead, in words: "about 30 hours", "about 3 days", "about 73 years".
pub fn about(ms: i64) -> String {
    const HOUR: i64 = 60 * 60 * 1000;
    const DAY: i64 = 24 * HOUR;
    let round = |unit: i64| (ms + unit / 2) / unit;
    match ms {
        // Due, not released yet (no receive since): the next pass applies it.
        ms if ms < HOUR => "less than an hour".to_owned(),
        ms if ms < 2 * DAY => format!("about {} hours", round(HOUR)),
        ms if ms < 365 * DAY => format!("about {} days", round(DAY)),
        _ => match round(365 * DAY + DAY / 4) {
            1 => "about a year".to_owned(),
            n => format!("about {n} years"),
        },
    }
}

/// The number of held ops, and the earliest one's clock, per laptop.
pub fn by_device(conn: &Connection, device_id: &str) -> Result<Option<(i64, i64)>> {
    let found: (i64, Option<i64>) = conn
        .prepare_cached(
            "SELECT count(*), min(o.hlc) FROM op_held h CROSS JOIN op o ON o.n = h.op
             WHERE o.device = (SELECT n FROM ident WHERE id = ?1)",
        )?
        .query_row(params![device_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(match found {
        (n, Some(first)) if n > 0 => Some((n, first)),
        _ => None,
    })
}
