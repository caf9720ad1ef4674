//! Undo and redo of this laptop's own commands, for any feature, through the same write path:
//! an undo is new field ops putting back the values from before the command (so it syncs like
//! any edit and is judged like one), and a redo is the undo of that undo.
//!
//! Every command [`Core::write`] runs is a step (its run of this device's ops, `undo_step`,
//! local). Undoing the newest step, for each field it wrote:
//! - the field must still hold what the step wrote — if anyone changed it since (here or on
//!   another laptop), nothing is undone and the message says what changed and who changed it:
//!   undo never overwrites someone's later edit;
//! - a row the step created is removed (its `deleted` field set) — a table without one (a
//!   check-in, a delegation, a decision) is refused with what to do instead;
//! - a field declared never restorable (a verdict, a delegation's state) is refused with its
//!   declared reason: those change through their own commands;
//! - otherwise the field gets the value it had just before the step (its column's default when
//!   it had none), judged by the table's rule like any edit.
//!
//! All of it in one transaction: a step is undone whole or not at all.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::oplog::judge::{require_now, value_before};
use crate::oplog::{self, Core, Op};
use crate::registry::{Kind, Restore};
use crate::workspace::Actor;

/// What the top of each stack would do, in words ("editing roadmap item “Apple Pay”").
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Stacks {
    pub(crate) undo: Option<String>,
    pub(crate) redo: Option<String>,
}

struct Step {
    n: i64,
    first_seq: i64,
    last_seq: i64,
    /// Set once undone: what the undo did, which its redo does again.
    label: String,
}

/// One op of a step, with the local numbers that find its field's current holder.
struct StepOp {
    op: Op,
    n: i64,
    entity_n: i64,
    field_n: i64,
}

fn step(conn: &Connection, member: &str, undone: bool) -> Result<Option<Step>> {
    // Undo takes the newest step still done; redo the one undone last (the oldest undone).
    let sql = if undone {
        "SELECT n, first_seq, last_seq, label FROM undo_step WHERE member_id = ?1 AND undone = 1 ORDER BY n LIMIT 1"
    } else {
        "SELECT n, first_seq, last_seq, label FROM undo_step WHERE member_id = ?1 AND undone = 0 ORDER BY n DESC LIMIT 1"
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row([member], |r| Ok(Step { n: r.get(0)?, first_seq: r.get(1)?, last_seq: r.get(2)?, label: r.get(3)? }))
        .optional()?)
}

fn step_ops(conn: &Connection, s: &Step) -> Result<Vec<StepOp>> {
    let device = oplog::local_device(conn)?.ok_or(Error::NoWorkspace)?.device_id;
    let mut stmt = conn.prepare_cached(
        "SELECT op_id, device_id, seq, hlc, author_id, entity_table, entity_id, field, value, n, entity_n, field_n
         FROM oplog WHERE device_id = ?1 AND seq BETWEEN ?2 AND ?3 ORDER BY seq",
    )?;
    let rows = stmt.query_map(params![device, s.first_seq, s.last_seq], |r| {
        let value: String = r.get(8)?;
        Ok(StepOp {
            op: Op {
                op_id: r.get(0)?,
                device_id: r.get(1)?,
                seq: r.get(2)?,
                hlc: r.get(3)?,
                author_id: r.get(4)?,
                table: r.get(5)?,
                entity_id: r.get(6)?,
                field: r.get(7)?,
                value: serde_json::from_str(&value).unwrap_or(Value::Null),
            },
            n: r.get(9)?,
            entity_n: r.get(10)?,
            field_n: r.get(11)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A row's name now, for messages.
fn title_of(conn: &Connection, table: &str, id: &str) -> String {
    let Some(spec) = oplog::table(table) else { return id.to_owned() };
    // Both names come from the declarations, never from an op.
    let sql = format!("SELECT {} FROM {} WHERE id = ?1", spec.title, spec.name);
    conn.query_row(&sql, [id], |r| r.get::<_, String>(0))
        .ok()
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| id.to_owned())
}

/// Whether the entity had any op before the step's first op on it (else the step made it).
fn existed_before(conn: &Connection, entity_n: i64, hlc: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM op WHERE entity = ?1 AND hlc < ?2 LIMIT 1")?
        .query_row(params![entity_n, hlc], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Who (by name; empty when unknown) holds a field of the entity with an op outside the step —
/// a change made since on a row the step created.
fn changed_by_others(conn: &Connection, entity_n: i64, device: &str, s: &Step) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT coalesce(m.name, '') FROM field_clock c JOIN op o ON o.n = c.op JOIN ident d ON d.n = o.device
             JOIN ident a ON a.n = o.author LEFT JOIN member m ON m.id = a.id
             WHERE c.entity = ?1 AND NOT (d.id = ?2 AND o.seq BETWEEN ?3 AND ?4) LIMIT 1",
        )?
        .query_row(params![entity_n, device, s.first_seq, s.last_seq], |r| r.get(0))
        .optional()?)
}

/// The value a column holds when no op set it: its declared SQL default, as the field's kind.
fn column_default(conn: &Connection, table: &str, field: &str, kind: Kind) -> Result<Value> {
    let dflt: Option<String> = conn
        .prepare_cached("SELECT dflt_value FROM pragma_table_info(?1) WHERE name = ?2")?
        .query_row([table, field], |r| r.get(0))
        .optional()?
        .flatten();
    let text = dflt.unwrap_or_default();
    let unquoted = text.trim_matches('\'').to_owned();
    Ok(match kind {
        Kind::OptText => Value::Null,
        Kind::Bool => Value::Bool(unquoted == "1"),
        Kind::Int(..) => Value::from(unquoted.parse::<i64>().unwrap_or(0)),
        _ => Value::String(unquoted),
    })
}

/// One write of an undo: (table, entity, field, value).
type Write = (String, String, String, Value);

/// What undoing `s` would write, field by field, or why it cannot be undone; with its label.
fn plan(conn: &Connection, actor: &Actor, s: &Step) -> Result<(Vec<Write>, String)> {
    let ops = step_ops(conn, s)?;
    if ops.is_empty() {
        return Err(Error::invalid("there is nothing to undo: the change is no longer in this laptop's log"));
    }
    // Per (entity, field): the step's first op (the value before it) and its last (which must
    // still hold the field).
    let mut fields: BTreeMap<(String, String), (usize, usize)> = BTreeMap::new();
    for (i, o) in ops.iter().enumerate() {
        fields.entry((o.op.entity_id.clone(), o.op.field.clone())).and_modify(|e| e.1 = i).or_insert((i, i));
    }
    // Each entity's first op in the step: whether anything came before it says whether the step
    // made the row.
    let mut first_clock: BTreeMap<&str, i64> = BTreeMap::new();
    for o in &ops {
        first_clock.entry(o.op.entity_id.as_str()).or_insert(o.op.hlc);
    }
    let mut created: BTreeSet<String> = BTreeSet::new();
    let mut existing: BTreeSet<String> = BTreeSet::new();
    let mut writes = Vec::new();
    for ((entity, field), (i_first, i_last)) in &fields {
        let (f, l) = (&ops[*i_first], &ops[*i_last]);
        let table = f.op.table.as_str();
        let spec = oplog::table(table).ok_or_else(|| Error::invalid(format!("unknown kind of thing {table:?}")))?;
        // The field still holds what the step wrote: that op, or a later one (an undo and its
        // redo) writing the same value. Anything else is someone's change, never overwritten.
        let now: Option<(i64, String)> = conn
            .prepare_cached(
                "SELECT o.n, o.value FROM field_clock c JOIN op o ON o.n = c.op WHERE c.entity = ?1 AND c.field = ?2",
            )?
            .query_row(params![l.entity_n, l.field_n], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let holds = now
            .is_some_and(|(n, text)| n == l.n || serde_json::from_str::<Value>(&text).is_ok_and(|v| v == l.op.value));
        if !holds {
            let who: Option<String> = conn
                .prepare_cached(
                    "SELECT m.name FROM field_clock c JOIN op o ON o.n = c.op JOIN ident a ON a.n = o.author
                     JOIN member m ON m.id = a.id WHERE c.entity = ?1 AND c.field = ?2",
                )?
                .query_row(params![l.entity_n, l.field_n], |r| r.get(0))
                .optional()?;
            let label = spec.field(field).map_or(field.as_str(), |f| f.label);
            return Err(Error::invalid(format!(
                "the {label} of {} “{}” was changed since{}: undoing would overwrite that change",
                spec.label,
                title_of(conn, table, entity),
                who.map(|w| format!(" by {w}")).unwrap_or_default()
            )));
        }
        let made_here = created.contains(entity)
            || (!existing.contains(entity)
                && !existed_before(conn, f.entity_n, first_clock.get(entity.as_str()).copied().unwrap_or(f.op.hlc))?);
        if made_here {
            if created.insert(entity.clone()) {
                // Removing the row would take with it what others wrote on it since.
                if let Some(who) = changed_by_others(conn, f.entity_n, &f.op.device_id, s)? {
                    return Err(Error::invalid(format!(
                        "{} “{}” was changed since{}: undoing would remove that change",
                        spec.label,
                        title_of(conn, table, entity),
                        if who.is_empty() { String::new() } else { format!(" by {who}") }
                    )));
                }
                if spec.field("deleted").is_none() {
                    return Err(Error::invalid(format!(
                        "adding a {} cannot be undone: it stays once made",
                        spec.label
                    )));
                }
                require_now(conn, &actor.id, spec.name, entity, "deleted", None)?;
                writes.push((spec.name.to_owned(), entity.clone(), "deleted".to_owned(), Value::Bool(true)));
            }
            continue;
        }
        existing.insert(entity.clone());
        let decl = spec.field(field).ok_or_else(|| Error::invalid(format!("{table} has no field {field:?}")))?;
        if let Restore::Never(reason) = decl.restore {
            return Err(Error::invalid(format!("this change cannot be undone: {reason}")));
        }
        let before = match value_before(conn, table, entity, field, &f.op)? {
            Some(v) => v,
            None => column_default(conn, spec.name, field, decl.kind)?,
        };
        // A story goes back only into a sprint that still takes stories.
        if (spec.name, field.as_str()) == ("story", "sprint_id") {
            if let Some(sprint) = before.as_str() {
                let open = crate::execution::sprints::get(conn, sprint).ok().filter(|sp| !sp.closed());
                if open.is_none() {
                    return Err(Error::invalid(
                        "the story's sprint before that change is closed (or gone): plan the story again instead",
                    ));
                }
            }
        }
        require_now(conn, &actor.id, spec.name, entity, field, before.as_str())?;
        writes.push((spec.name.to_owned(), entity.clone(), field.clone(), before));
    }
    let label = describe(conn, s, &ops)?;
    Ok((writes, label))
}

/// What a step does, in words ("adding roadmap item “Google Pay”"): the label kept once it was
/// undone, else read from its first op — without planning the undo (the Edit menu asks after
/// every change).
fn describe(conn: &Connection, s: &Step, ops: &[StepOp]) -> Result<String> {
    if !s.label.is_empty() {
        return Ok(s.label.clone());
    }
    let Some(first) = ops.first() else { return Ok("the last change".into()) };
    let what = oplog::table(&first.op.table).map_or("change", |t| t.label);
    let verb = if !existed_before(conn, first.entity_n, first.op.hlc)? {
        "adding"
    } else if first.op.field == "deleted" && first.op.value == Value::Bool(true) {
        "deleting"
    } else {
        "the change to"
    };
    let more = ops.iter().map(|o| o.op.entity_id.as_str()).collect::<BTreeSet<_>>().len() - 1;
    Ok(format!(
        "{verb} {what} “{}”{}",
        title_of(conn, &first.op.table, &first.op.entity_id),
        if more > 0 { format!(" and {more} more") } else { String::new() }
    ))
}

/// What undo and redo would do now, for the Edit menu.
pub(crate) fn stacks(core: &Core, actor: &Actor) -> Result<Stacks> {
    core.read(|c| {
        let label = |undone: bool| -> Result<Option<String>> {
            match step(c, &actor.id, undone)? {
                Some(s) => Ok(Some(describe(c, &s, &step_ops(c, &s)?)?)),
                None => Ok(None),
            }
        };
        Ok(Stacks { undo: label(false)?, redo: label(true)? })
    })
}

/// Undoes (`redo`: redoes) the step on top of its stack, whole; answers what it did.
pub(crate) fn run(core: &Core, actor: &Actor, redo: bool) -> Result<String> {
    core.write_as(&actor.id, false, |w| {
        let s = step(w.conn(), &actor.id, redo)?.ok_or_else(|| {
            Error::invalid(if redo { "there is nothing to redo" } else { "there is nothing to undo" })
        })?;
        let (writes, label) = plan(w.conn(), actor, &s)?;
        let first = w.device().next_seq;
        for (table, entity, field, value) in writes {
            w.set(&table, &entity, &field, value)?;
        }
        let last = w.device().next_seq - 1;
        w.conn().execute(
            "UPDATE undo_step SET undone = ?2, first_seq = ?3, last_seq = ?4, label = ?5 WHERE n = ?1",
            params![s.n, !redo, first, last, label],
        )?;
        Ok(label)
    })
}
