//! Nothing lost: every value a field ever held is in the op log. This module reads it back as
//! history ("changed by Ana at 14:02, replacing …"), lists the concurrent overwrites a sync
//! found ("recent conflicts"), and restores an old value — which is simply a new op.

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

use crate::access::{Actor, Role};
use crate::error::{Error, Result};
use crate::oplog::{self, hlc, judge, Core};
use crate::registry::Restore;
use crate::roadmap::guardrails::{self, GuardrailKind};
use crate::{goals, products, roadmap, workspace};

#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub op_id: String,
    pub entity_table: String,
    pub entity_id: String,
    pub field: String,
    pub value: Value,
    pub author_id: String,
    pub author_name: String,
    pub device_id: String,
    pub at_ms: i64,
    /// This is the value the field holds now.
    pub current: bool,
}

const CHANGE_SELECT: &str = "SELECT o.op_id, o.entity_table, o.entity_id, o.field, o.value, o.author_id,
        coalesce(m.name, ''), o.device_id, o.hlc, (c.op IS NOT NULL)
     FROM oplog o
     LEFT JOIN member m ON m.id = o.author_id
     LEFT JOIN field_clock c ON c.entity = o.entity_n AND c.field = o.field_n AND c.op = o.n";

fn row_to_change(r: &rusqlite::Row<'_>) -> rusqlite::Result<Change> {
    let value: String = r.get(4)?;
    Ok(Change {
        op_id: r.get(0)?,
        entity_table: r.get(1)?,
        entity_id: r.get(2)?,
        field: r.get(3)?,
        value: serde_json::from_str(&value).unwrap_or(Value::Null),
        author_id: r.get(5)?,
        author_name: r.get(6)?,
        device_id: r.get(7)?,
        at_ms: hlc::wall_ms(r.get(8)?),
        current: r.get(9)?,
    })
}

/// Every change to an entity (or one of its fields), newest first.
pub fn history(core: &Core, table: &str, entity_id: &str, field: Option<&str>) -> Result<Vec<Change>> {
    let spec = oplog::table(table).ok_or_else(|| Error::invalid(format!("unknown kind of thing {table:?}")))?;
    if let Some(f) = field {
        oplog::field(spec.name, f).ok_or_else(|| Error::invalid(format!("{table} has no field {f:?}")))?;
    }
    core.read(|c| {
        let mut stmt = c.prepare(&format!(
            "{CHANGE_SELECT} WHERE o.entity_table = ?1 AND o.entity_id = ?2 AND (?3 IS NULL OR o.field = ?3)
             ORDER BY o.hlc DESC, o.device_id DESC, o.op_key DESC"
        ))?;
        let rows = stmt.query_map(params![spec.name, entity_id, field], row_to_change)?;
        let out: Vec<Change> = rows.collect::<rusqlite::Result<_>>()?;
        if out.is_empty() {
            return Err(Error::not_found(spec.label, entity_id));
        }
        Ok(out)
    })
}

fn change(conn: &Connection, op_id: &str) -> Result<Change> {
    conn.query_row(&format!("{CHANGE_SELECT} WHERE o.op_key = baton_op_key(?1)"), [op_id], row_to_change)
        .optional()?
        .ok_or_else(|| Error::not_found("change", op_id))
}

/// May `actor` set `table.field` of this entity to `value` now? Its table's declared rule,
/// answered now ([`judge::check_now`]) — the rule the op will be judged by.
pub fn require_edit(
    conn: &Connection,
    actor: &Actor,
    table: &str,
    entity_id: &str,
    field: &str,
    value: Option<&str>,
) -> Result<()> {
    let spec = oplog::table(table).ok_or_else(|| Error::invalid(format!("unknown kind of thing {table:?}")))?;
    judge::require_now(conn, &actor.id, spec.name, entity_id, field, value)
}

/// Whether [`restore`] accepts an earlier value of `table.field` (its declaration says).
pub fn restorable(table: &str, field: &str) -> bool {
    matches!(restore_policy(table, field), Some(Restore::Set | Restore::Command))
}

fn restore_policy(table: &str, field: &str) -> Option<Restore> {
    oplog::table(table)?.field(field).map(|f| f.restore)
}

/// Sets a field back to the value an earlier change gave it (a new change; nothing is erased).
/// Strategy fields go through the same domain command a person would use, so a restored value
/// obeys today's rules (the planning window, links, text limits); fields fixed at creation or
/// frozen (an item's horizon and product, a guardrail's item, a snapshot's content) are refused.
pub fn restore(core: &Core, actor: &Actor, op_id: &str) -> Result<Change> {
    let old = core.read(|c| change(c, op_id))?;
    if old.current {
        return Err(Error::invalid("that value is already the current one"));
    }
    let (table, id, field) = (old.entity_table.as_str(), old.entity_id.as_str(), old.field.as_str());
    match restore_policy(table, field) {
        None => return Err(Error::invalid(format!("{table} has no field {field:?}"))),
        Some(Restore::Never(reason)) => return Err(Error::invalid(reason)),
        Some(Restore::Command) => by_command(core, actor, table, id, field, &old.value)?,
        Some(Restore::Set) => {
            // Set back as it was, by someone allowed to edit it.
            if let Some(t) = old.value.as_str().filter(|_| field == "name") {
                workspace::clean_name("name", t, workspace::MAX_NAME)?;
            }
            core.write(&actor.id, |w| {
                require_edit(w.conn(), actor, table, id, field, old.value.as_str())?;
                w.set(table, id, field, old.value.clone())
            })?;
        }
    }
    core.read(|c| {
        let now: String = c.query_row(
            "SELECT baton_op_id(o.op_id) FROM field_clock c JOIN op o ON o.n = c.op
             WHERE c.entity = (SELECT n FROM ident WHERE id = ?2)
             AND c.field = (SELECT n FROM field_name WHERE entity_table = ?1 AND field = ?3)",
            params![table, id, field],
            |r| r.get(0),
        )?;
        change(c, &now)
    })
}

/// Restores a field declared [`Restore::Command`] through the feature's own command, so the
/// value obeys today's rules (the planning window, links, text limits). One arm per table.
fn by_command(core: &Core, actor: &Actor, table: &str, id: &str, field: &str, value: &Value) -> Result<()> {
    let text = value.as_str();
    match table {
        "roadmap_item" => roadmap::restore_field(core, actor, id, field, value),
        "goal" => {
            let text = text.unwrap_or_default();
            let up = goals::GoalUpdate {
                title: (field == "title").then_some(text),
                description: (field == "description").then_some(text),
                measure: (field == "measure").then_some(text),
            };
            goals::update(core, actor, id, up).map(drop)
        }
        "product" => {
            let up = products::ProductUpdate {
                name: text.filter(|_| field == "name"),
                family_id: (field == "family_id").then_some(text),
                base_year: value.as_i64().and_then(|y| i32::try_from(y).ok()).filter(|_| field == "base_year"),
            };
            products::update(core, actor, id, up).map(drop)
        }
        "guardrail" => {
            let kind = if field == "kind" { Some(GuardrailKind::parse(text.unwrap_or_default())?) } else { None };
            guardrails::update(core, actor, id, kind, text.filter(|_| field == "statement")).map(drop)
        }
        "member" => {
            let up = workspace::MemberUpdate {
                role: if field == "role" { Some(Role::parse(text.unwrap_or_default())?) } else { None },
                manager_id: (field == "manager_id").then_some(text),
                mentor_id: (field == "mentor_id").then_some(text),
                name: text.filter(|_| field == "name"),
            };
            workspace::update_member(core, actor, id, up).map(drop)
        }
        other => Err(Error::invalid(format!("no command restores a {other}'s {field}"))),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub id: i64,
    pub entity_table: String,
    pub entity_id: String,
    /// The entity's title or name now, for a readable list.
    pub entity_label: String,
    pub field: String,
    pub winner: Change,
    pub loser: Change,
    pub detected_ms: i64,
    pub seen: bool,
}

/// Concurrent overwrites (see `oplog::conflicts`), newest first; `unseen_only` for "since you last looked".
pub fn conflicts(core: &Core, unseen_only: bool) -> Result<Vec<Conflict>> {
    core.read(|c| {
        let mut stmt = c.prepare(
            "SELECT c.id, f.entity_table, e.id, f.field, baton_op_id(w.op_id), baton_op_id(l.op_id), c.detected_ms,
                    c.seen
             FROM conflict c JOIN op w ON w.n = c.winner JOIN op l ON l.n = c.loser
             JOIN ident e ON e.n = w.entity JOIN field_name f ON f.n = w.field
             WHERE (?1 = 0 OR c.seen = 0) ORDER BY c.detected_ms DESC, c.id DESC LIMIT 500",
        )?;
        let rows = stmt.query_map([unseen_only], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, i64>(6)?,
                r.get::<_, bool>(7)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, table, entity_id, field, winner, loser, detected_ms, seen) = row?;
            out.push(Conflict {
                entity_label: label(c, &table, &entity_id)?,
                winner: change(c, &winner)?,
                loser: change(c, &loser)?,
                id,
                entity_table: table,
                entity_id,
                field,
                detected_ms,
                seen,
            });
        }
        Ok(out)
    })
}

/// Marks every conflict as looked at.
pub fn conflicts_mark_seen(core: &Core) -> Result<usize> {
    core.transact(|tx| Ok(tx.execute("UPDATE conflict SET seen = 1 WHERE seen = 0", [])?))
}

fn label(conn: &Connection, table: &str, id: &str) -> Result<String> {
    let spec = oplog::table(table).ok_or_else(|| Error::invalid(format!("unknown kind of thing {table:?}")))?;
    // Both names come from the declaration.
    Ok(conn
        .query_row(&format!("SELECT {} FROM {} WHERE id = ?1", spec.title, spec.name), [id], |r| r.get(0))
        .optional()?
        .unwrap_or_default())
}
