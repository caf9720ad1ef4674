//! "Recent conflicts", the same on every laptop: the set of conflicts is a function of the op
//! log, kept up to date as ops arrive.
//!
//! **Definition.** For each field, take its applied (not refused) ops in the order every replica
//! agrees on, `(hlc, device id, op id)`. Two consecutive ones, `p` then `q`, are a conflict
//! (`q` the winner, `p` the loser) when they come from different devices, hold different
//! values, and neither writer had seen the other's op: `q` was written under a version vector
//! `seen` with `seen[p.device] < p.seq`, and `p` under one with `seen[q.device] < q.seq`.
//! Nothing else is a conflict: an overwrite by someone who had seen the value, an edit its own
//! author later superseded (then it is not the last before the other device's), equal values.
//!
//! **Vectors.** Each op's vector is its writer's: a segment's `seen` holds for all its ops
//! (`publish` never mixes vectors in one file, however files are cut), so `record_seen` keeps
//! them per device as runs of seqs in `op_seen`; this device's own come from `seen_checkpoint`,
//! which `publish` reads for the same purpose (an op before the first checkpoint was written
//! under the empty vector, as its segment says). The first vector learned for an op is kept.
//!
//! **Unknown vectors.** Ops received before this version (or through a path without vectors,
//! `Core::apply_remote`), and this device's own ops written before it (`own_seen_floor`: the
//! laptops that received them then do not know their vectors either), have no known vector.
//! A pair whose verdict depends on one is never listed anew, and a pair the laptop listed
//! before the upgrade stays listed while it remains a consecutive pair: neither a flood of
//! old overwrites nor a list emptied by the upgrade. Such pairs may differ between laptops,
//! as they did before; every pair of ops written after the whole team upgraded is exact.
//!
//! **Upkeep.** Every change to a field's applied ops is local to a window: a new op lands
//! between its predecessor and successor (the pair those two made, if any, goes; the new op's
//! pairs with each come); a verdict that flips on re-judging adds or removes an op the same
//! way; a vector learned late changes only the op's own pairs. `Tracker::window` rewrites the
//! pairs of that window, each neighbour found through the index `op (entity, field, hlc)`;
//! a new op that takes its field has no successor and its predecessor is the field's previous
//! holder, so the common case costs one read of that op's row (its device and value). A pair that stays listed keeps its row
//! (when it was found, whether it was looked at: both local). `recompute_all` derives the set
//! from scratch (`rebuild`, the upgrade).

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use rusqlite::types::Value as SqlValue;
use rusqlite::{params, Connection, OptionalExtension};

use super::{Ids, Op, OpKey, Placed};
use crate::error::Result;

/// A version vector: `{device id: max seq}`.
pub type Vector = BTreeMap<String, i64>;

/// One op as the definition looks at it.
#[derive(Debug, Clone)]
struct Row {
    n: i64,
    device: i64,
    seq: i64,
    value: String,
}

/// An op whose window is decided again, with its place in its field's order.
struct Subject {
    row: Row,
    entity: i64,
    field: i64,
    hlc: i64,
    device_id: String,
    key: SqlValue,
    applied: bool,
}

/// A run of one device's seqs written under one vector (`None`: a run whose vector this
/// replica does not know).
struct Run {
    to: i64,
    vv: Option<Rc<Vector>>,
}

/// A run as looked up: first and last seq, and its vector if known.
type Found = (i64, i64, Option<Vector>);

/// Keeps the conflict list of one batch: caches the vectors and device ids it looked up.
pub(crate) struct Tracker {
    now: i64,
    /// This device's number in `ident` (looked up once; `None` inside: no local device).
    own: Option<Option<i64>>,
    runs: HashMap<i64, BTreeMap<i64, Run>>,
    names: HashMap<i64, String>,
}

impl Tracker {
    pub(crate) fn new() -> Tracker {
        Tracker { now: chrono::Utc::now().timestamp_millis(), own: None, runs: HashMap::new(), names: HashMap::new() }
    }

    /// A new op took its field from `holder` (the field's previous holder: its predecessor,
    /// and it has no successor): the pair they make, if it is a conflict.
    pub(crate) fn took(
        &mut self,
        conn: &Connection,
        ids: &mut Ids,
        op: &Op,
        placed: &Placed,
        holder: i64,
    ) -> Result<()> {
        let Some(p) = row(conn, holder)? else { return Ok(()) };
        let q = Row { n: placed.n, device: ids.intern(conn, &op.device_id)?, seq: op.seq, value: op.value.to_string() };
        if self.verdict(conn, &p, &q)? == Some(true) {
            insert(conn, &p, &q, self.now)?;
        }
        Ok(())
    }

    /// A new op was applied without taking its field: it lands between two applied ops.
    pub(crate) fn landed(&mut self, conn: &Connection, ids: &mut Ids, op: &Op, placed: &Placed) -> Result<()> {
        let subject = Subject {
            row: Row {
                n: placed.n,
                device: ids.intern(conn, &op.device_id)?,
                seq: op.seq,
                value: op.value.to_string(),
            },
            entity: placed.entity,
            field: placed.field,
            hlc: op.hlc,
            device_id: op.device_id.clone(),
            key: OpKey::of(&op.op_id).to_sql(),
            applied: true,
        };
        self.window(conn, &subject)
    }

    /// Decides again the pairs around each op in `rows` (their verdict flipped, or their
    /// vector became known), one after the other.
    pub(crate) fn refresh(&mut self, conn: &Connection, rows: &[i64]) -> Result<()> {
        for &n in rows {
            if let Some(subject) = subject(conn, n)? {
                self.window(conn, &subject)?;
            }
        }
        Ok(())
    }

    /// Makes the listed pairs around `x` what the definition gives: with its applied
    /// neighbours `pred` and `succ`, the pairs (pred, x) and (x, succ) if `x` is applied, else
    /// (pred, succ). Every listed pair that may have changed has `x` or `pred` as its loser, or
    /// `x` or `succ` as its winner.
    fn window(&mut self, conn: &Connection, x: &Subject) -> Result<()> {
        let pred = neighbour(conn, x, Side::Before)?;
        let succ = neighbour(conn, x, Side::After)?;
        // Pairs to list, and pairs kept as they are if listed (a vector unknown: see the top).
        let mut want: Vec<(i64, i64)> = Vec::new();
        let mut keep: Vec<(i64, i64)> = Vec::new();
        let mut consider = |this: &mut Self, p: Option<&Row>, q: Option<&Row>| -> Result<()> {
            if let (Some(p), Some(q)) = (p, q) {
                match this.verdict(conn, p, q)? {
                    Some(true) => want.push((p.n, q.n)),
                    Some(false) => {}
                    None => keep.push((p.n, q.n)),
                }
            }
            Ok(())
        };
        if x.applied {
            consider(self, pred.as_ref(), Some(&x.row))?;
            consider(self, Some(&x.row), succ.as_ref())?;
        } else {
            consider(self, pred.as_ref(), succ.as_ref())?;
        }
        let none = -1;
        let have: Vec<(i64, i64, i64)> = conn
            .prepare_cached(
                "SELECT id, loser, winner FROM conflict WHERE loser = ?1 OR loser = ?2 OR winner = ?1 OR winner = ?3",
            )?
            .query_map(
                params![x.row.n, pred.as_ref().map_or(none, |r| r.n), succ.as_ref().map_or(none, |r| r.n)],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?
            .collect::<rusqlite::Result<_>>()?;
        for (id, loser, winner) in &have {
            if !want.contains(&(*loser, *winner)) && !keep.contains(&(*loser, *winner)) {
                conn.prepare_cached("DELETE FROM conflict WHERE id = ?1")?.execute([id])?;
            }
        }
        for (loser, winner) in want {
            if !have.iter().any(|(_, l, w)| (*l, *w) == (loser, winner)) {
                conn.prepare_cached(
                    "INSERT INTO conflict (winner, loser, detected_ms) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                )?
                .execute(params![winner, loser, self.now])?;
            }
        }
        Ok(())
    }

    /// Whether `q`, next after `p` among its field's applied ops, overwrote `p` concurrently;
    /// `None` when that depends on a vector this replica does not know.
    fn verdict(&mut self, conn: &Connection, p: &Row, q: &Row) -> Result<Option<bool>> {
        if p.device == q.device || p.value == q.value {
            return Ok(Some(false));
        }
        let q_saw_p = self.saw(conn, q, p)?;
        let p_saw_q = self.saw(conn, p, q)?;
        Ok(match (q_saw_p, p_saw_q) {
            (Some(true), _) | (_, Some(true)) => Some(false),
            (Some(false), Some(false)) => Some(true),
            _ => None,
        })
    }

    /// Whether the writer of `a` had seen `b` when it wrote `a`, if `a`'s vector is known.
    fn saw(&mut self, conn: &Connection, a: &Row, b: &Row) -> Result<Option<bool>> {
        let Some(vv) = self.vector(conn, a.device, a.seq)? else { return Ok(None) };
        Ok(Some(vv.get(self.name(conn, b.device)?).copied().unwrap_or(0) >= b.seq))
    }

    fn name(&mut self, conn: &Connection, device: i64) -> Result<&str> {
        Ok(match self.names.entry(device) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => {
                e.insert(conn.prepare_cached("SELECT id FROM ident WHERE n = ?1")?.query_row([device], |r| r.get(0))?)
            }
        })
    }

    fn own(&mut self, conn: &Connection) -> Result<Option<i64>> {
        if let Some(own) = self.own {
            return Ok(own);
        }
        let own = conn
            .prepare_cached("SELECT i.n FROM local_device l JOIN ident i ON i.id = l.device_id")?
            .query_row([], |r| r.get(0))
            .optional()?;
        self.own = Some(own);
        Ok(own)
    }

    /// The vector op `seq` of `device` was written under, if this replica knows it.
    fn vector(&mut self, conn: &Connection, device: i64, seq: i64) -> Result<Option<Rc<Vector>>> {
        if let Some((_, run)) = self.runs.get(&device).and_then(|r| r.range(..=seq).next_back()) {
            if run.to >= seq {
                return Ok(run.vv.clone());
            }
        }
        let (from, to, vv) =
            if self.own(conn)? == Some(device) { own_run(conn, seq)? } else { remote_run(conn, device, seq)? };
        let vv = vv.map(Rc::new);
        self.runs.entry(device).or_default().insert(from, Run { to, vv: vv.clone() });
        Ok(vv)
    }
}

/// This device's own ops: the checkpoint in force at `seq` (as `publish` puts it in the
/// segment), the empty vector before the first one; unknown for ops written before this
/// version (`own_seen_floor`), as they are on the laptops that received them then.
fn own_run(conn: &Connection, seq: i64) -> Result<Found> {
    let floor: Option<i64> =
        conn.prepare_cached("SELECT seq FROM own_seen_floor")?.query_row([], |r| r.get(0)).optional()?;
    if let Some(floor) = floor.filter(|f| seq < *f) {
        return Ok((i64::MIN, floor - 1, None));
    }
    let at: Option<(i64, String)> = conn
        .prepare_cached("SELECT from_seq, vv FROM seen_checkpoint WHERE from_seq <= ?1 ORDER BY from_seq DESC LIMIT 1")?
        .query_row([seq], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let next: Option<i64> = conn
        .prepare_cached("SELECT min(from_seq) FROM seen_checkpoint WHERE from_seq > ?1")?
        .query_row([seq], |r| r.get(0))?;
    let to = next.map_or(i64::MAX, |n| n - 1);
    // The run as cached never reaches below the floor.
    let floor = floor.unwrap_or(i64::MIN);
    Ok(match at {
        // Unreadable counts as empty, as `publish` sends it.
        Some((from, vv)) => (from.max(floor), to, Some(serde_json::from_str(&vv).unwrap_or_default())),
        None => (floor, to, Some(Vector::new())),
    })
}

/// Another device's op: the run of `op_seen` holding `seq`, or the gap between runs it falls in.
fn remote_run(conn: &Connection, device: i64, seq: i64) -> Result<Found> {
    let run: Option<(i64, i64, String)> = conn
        .prepare_cached(
            "SELECT from_seq, to_seq, vv FROM op_seen WHERE device = ?1 AND from_seq <= ?2
             ORDER BY from_seq DESC LIMIT 1",
        )?
        .query_row([device, seq], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let gap_from = match run {
        Some((from, to, vv)) if to >= seq => return Ok((from, to, serde_json::from_str(&vv).ok())),
        Some((_, to, _)) => to.saturating_add(1),
        None => i64::MIN,
    };
    let next: Option<i64> = conn
        .prepare_cached("SELECT min(from_seq) FROM op_seen WHERE device = ?1 AND from_seq > ?2")?
        .query_row([device, seq], |r| r.get(0))?;
    Ok((gap_from, next.map_or(i64::MAX, |n| n - 1), None))
}

fn row(conn: &Connection, n: i64) -> Result<Option<Row>> {
    Ok(conn
        .prepare_cached("SELECT device, seq, value FROM op WHERE n = ?1")?
        .query_row([n], |r| Ok(Row { n, device: r.get(0)?, seq: r.get(1)?, value: r.get(2)? }))
        .optional()?)
}

fn subject(conn: &Connection, n: i64) -> Result<Option<Subject>> {
    Ok(conn
        .prepare_cached(
            "SELECT o.device, o.seq, o.value, o.entity, o.field, o.hlc, d.id, o.op_id,
                    NOT EXISTS (SELECT 1 FROM op_refused r WHERE r.op = o.n)
                    AND NOT EXISTS (SELECT 1 FROM op_held h WHERE h.op = o.n)
             FROM op o JOIN ident d ON d.n = o.device WHERE o.n = ?1",
        )?
        .query_row([n], |r| {
            Ok(Subject {
                row: Row { n, device: r.get(0)?, seq: r.get(1)?, value: r.get(2)? },
                entity: r.get(3)?,
                field: r.get(4)?,
                hlc: r.get(5)?,
                device_id: r.get(6)?,
                key: r.get(7)?,
                applied: r.get(8)?,
            })
        })
        .optional()?)
}

enum Side {
    Before,
    After,
}

/// The applied op just before (or after) `x` on its field.
fn neighbour(conn: &Connection, x: &Subject, side: Side) -> Result<Option<Row>> {
    let sql = match side {
        Side::Before => {
            "SELECT o.n, o.device, o.seq, o.value FROM op o JOIN ident d ON d.n = o.device
             WHERE o.entity = ?1 AND o.field = ?2 AND o.hlc <= ?3 AND (o.hlc, d.id, o.op_id) < (?3, ?4, ?5)
             AND NOT EXISTS (SELECT 1 FROM op_refused r WHERE r.op = o.n)
             AND NOT EXISTS (SELECT 1 FROM op_held h WHERE h.op = o.n)
             ORDER BY o.hlc DESC, d.id DESC, o.op_id DESC LIMIT 1"
        }
        Side::After => {
            "SELECT o.n, o.device, o.seq, o.value FROM op o JOIN ident d ON d.n = o.device
             WHERE o.entity = ?1 AND o.field = ?2 AND o.hlc >= ?3 AND (o.hlc, d.id, o.op_id) > (?3, ?4, ?5)
             AND NOT EXISTS (SELECT 1 FROM op_refused r WHERE r.op = o.n)
             AND NOT EXISTS (SELECT 1 FROM op_held h WHERE h.op = o.n)
             ORDER BY o.hlc, d.id, o.op_id LIMIT 1"
        }
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row(params![x.entity, x.field, x.hlc, x.device_id, x.key], |r| {
            Ok(Row { n: r.get(0)?, device: r.get(1)?, seq: r.get(2)?, value: r.get(3)? })
        })
        .optional()?)
}

fn insert(conn: &Connection, p: &Row, q: &Row, now: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO conflict (winner, loser, detected_ms) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
    )?
    .execute(params![q.n, p.n, now])?;
    Ok(())
}

/// Records that `ops` were written under `seen` (their writer's vector, as a segment carries
/// it), for the ops whose vector is not known yet. Answers the rows of those ops that are
/// already in the log: their pairs are to be decided again once the batch is applied.
pub(crate) fn record_seen(conn: &Connection, ids: &mut Ids, ops: &[Op], seen: &Vector) -> Result<Vec<i64>> {
    let vv =
        serde_json::to_string(seen).map_err(|e| crate::Error::InvalidOp(format!("unreadable version vector: {e}")))?;
    let mut seqs: Vec<(i64, i64)> = Vec::with_capacity(ops.len());
    // A seq below 1 makes `apply` refuse the whole batch: nothing to record for it.
    for op in ops.iter().filter(|op| op.seq >= 1) {
        seqs.push((ids.intern(conn, &op.device_id)?, op.seq));
    }
    seqs.sort_unstable();
    seqs.dedup();
    let mut present = Vec::new();
    let mut i = 0;
    while i < seqs.len() {
        let (device, from) = seqs[i];
        let mut to = from;
        while i + 1 < seqs.len() && Some(seqs[i + 1]) == to.checked_add(1).map(|next| (device, next)) {
            i += 1;
            to += 1;
        }
        i += 1;
        for (a, b) in gaps(conn, device, from, to)? {
            cover(conn, device, a, b, &vv)?;
            let mut stmt = conn.prepare_cached("SELECT n FROM op WHERE device = ?1 AND seq >= ?2 AND seq <= ?3")?;
            let rows = stmt.query_map([device, a, b], |r| r.get::<_, i64>(0))?;
            for n in rows {
                present.push(n?);
            }
        }
    }
    Ok(present)
}

/// The parts of `from..=to` of `device` no run of `op_seen` covers yet.
fn gaps(conn: &Connection, device: i64, from: i64, to: i64) -> Result<Vec<(i64, i64)>> {
    let mut runs: Vec<(i64, i64)> = Vec::new();
    let before: Option<(i64, i64)> = conn
        .prepare_cached(
            "SELECT from_seq, to_seq FROM op_seen WHERE device = ?1 AND from_seq <= ?2 ORDER BY from_seq DESC LIMIT 1",
        )?
        .query_row([device, from], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    runs.extend(before);
    let mut stmt = conn.prepare_cached(
        "SELECT from_seq, to_seq FROM op_seen WHERE device = ?1 AND from_seq > ?2 AND from_seq <= ?3 ORDER BY from_seq",
    )?;
    for r in stmt.query_map([device, from, to], |r| Ok((r.get(0)?, r.get(1)?)))? {
        runs.push(r?);
    }
    let mut out = Vec::new();
    let mut at = from;
    for (a, b) in runs {
        if at > to {
            break;
        }
        if b < at {
            continue;
        }
        if a > at {
            out.push((at, (a - 1).min(to)));
        }
        at = at.max(b.saturating_add(1));
    }
    if at <= to {
        out.push((at, to));
    }
    Ok(out)
}

/// Adds the run `from..=to` (uncovered so far), merged with a neighbouring run of the same vector.
fn cover(conn: &Connection, device: i64, from: i64, to: i64, vv: &str) -> Result<()> {
    // The run just before: one step back on the key, then its end and vector checked.
    let left: Option<(i64, i64, String)> = conn
        .prepare_cached(
            "SELECT from_seq, to_seq, vv FROM op_seen WHERE device = ?1 AND from_seq < ?2
             ORDER BY from_seq DESC LIMIT 1",
        )?
        .query_row(params![device, from], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let left = left.filter(|(_, end, v)| *end == from - 1 && v == vv).map(|(start, _, _)| start);
    let right: Option<i64> = conn
        .prepare_cached("SELECT to_seq FROM op_seen WHERE device = ?1 AND from_seq = ?2 AND vv = ?3")?
        .query_row(params![device, to.saturating_add(1), vv], |r| r.get(0))
        .optional()?;
    if right.is_some() {
        conn.prepare_cached("DELETE FROM op_seen WHERE device = ?1 AND from_seq = ?2")?
            .execute([device, to.saturating_add(1)])?;
    }
    let end = right.unwrap_or(to);
    match left {
        Some(start) => {
            conn.prepare_cached("UPDATE op_seen SET to_seq = ?3 WHERE device = ?1 AND from_seq = ?2")?
                .execute([device, start, end])?;
        }
        None => {
            conn.prepare_cached("INSERT INTO op_seen (device, from_seq, to_seq, vv) VALUES (?1, ?2, ?3, ?4)")?
                .execute(params![device, from, end, vv])?;
        }
    }
    Ok(())
}

/// The highest conflict row now, to count what a batch lists anew.
pub(crate) fn newest(conn: &Connection) -> Result<i64> {
    Ok(conn.prepare_cached("SELECT coalesce(max(id), 0) FROM conflict")?.query_row([], |r| r.get(0))?)
}

/// Pairs listed after row `since` and still listed.
pub(crate) fn listed_since(conn: &Connection, since: i64) -> Result<usize> {
    let n: i64 =
        conn.prepare_cached("SELECT count(*) FROM conflict WHERE id > ?1")?.query_row([since], |r| r.get(0))?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// Derives the whole set from the log: one pass over every field's applied ops in order. Pairs
/// already listed keep their row; the others are removed or added.
pub(crate) fn recompute_all(conn: &Connection) -> Result<()> {
    let mut tracker = Tracker::new();
    let have: Vec<(i64, i64, i64)> = conn
        .prepare("SELECT id, loser, winner FROM conflict")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let listed: HashSet<(i64, i64)> = have.iter().map(|(_, l, w)| (*l, *w)).collect();
    let mut want: HashSet<(i64, i64)> = HashSet::new();
    let mut keep: HashSet<(i64, i64)> = HashSet::new();
    let mut stmt = conn.prepare(
        "SELECT o.n, o.device, o.seq, o.value, o.entity, o.field FROM op o JOIN ident d ON d.n = o.device
         WHERE NOT EXISTS (SELECT 1 FROM op_refused r WHERE r.op = o.n)
         AND NOT EXISTS (SELECT 1 FROM op_held h WHERE h.op = o.n)
         ORDER BY o.entity, o.field, o.hlc, d.id, o.op_id",
    )?;
    let mut rows = stmt.query([])?;
    let mut prev: Option<((i64, i64), Row)> = None;
    while let Some(r) = rows.next()? {
        let q = Row { n: r.get(0)?, device: r.get(1)?, seq: r.get(2)?, value: r.get(3)? };
        let at: (i64, i64) = (r.get(4)?, r.get(5)?);
        if let Some((prev_at, p)) = &prev {
            if *prev_at == at {
                match tracker.verdict(conn, p, &q)? {
                    Some(true) => {
                        want.insert((p.n, q.n));
                    }
                    Some(false) => {}
                    None if listed.contains(&(p.n, q.n)) => {
                        keep.insert((p.n, q.n));
                    }
                    None => {}
                }
            }
        }
        prev = Some((at, q));
    }
    for (id, loser, winner) in &have {
        if !want.remove(&(*loser, *winner)) && !keep.contains(&(*loser, *winner)) {
            conn.prepare_cached("DELETE FROM conflict WHERE id = ?1")?.execute([id])?;
        }
    }
    let mut add: Vec<(i64, i64)> = want.into_iter().collect();
    add.sort_unstable();
    for (loser, winner) in add {
        conn.prepare_cached("INSERT INTO conflict (winner, loser, detected_ms) VALUES (?1, ?2, ?3)")?
            .execute(params![winner, loser, tracker.now])?;
    }
    Ok(())
}

/// Forgets the vectors kept for `device`'s positions `from..=to`: the changes there moved to a
/// new identity (`sync/own.rs`), and what arrives at those positions next was written by
/// another copy, under its own vectors.
pub(crate) fn forget_seen(conn: &Connection, device: &str, from: i64, to: i64) -> Result<()> {
    let Some(device) = super::ident(conn, device)? else { return Ok(()) };
    let runs: Vec<(i64, i64, String)> = conn
        .prepare_cached(
            "SELECT from_seq, to_seq, vv FROM op_seen WHERE device = ?1 AND from_seq <= ?3 AND to_seq >= ?2",
        )?
        .query_map([device, from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (a, b, vv) in runs {
        conn.prepare_cached("DELETE FROM op_seen WHERE device = ?1 AND from_seq = ?2")?.execute([device, a])?;
        let insert = "INSERT INTO op_seen (device, from_seq, to_seq, vv) VALUES (?1, ?2, ?3, ?4)";
        if a < from {
            conn.prepare_cached(insert)?.execute(params![device, a, from - 1, vv])?;
        }
        if b > to {
            conn.prepare_cached(insert)?.execute(params![device, to + 1, b, vv])?;
        }
    }
    Ok(())
}
