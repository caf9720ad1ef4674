//! Nothing lost: every value a field ever held is in the op log. This module reads it back as
//! history ("changed by Ana at 14:02, replacing …"), lists the concurrent overwrites a sync
//! found ("recent conflicts"), and restores an old value — which is simply a new op.

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

use super::{hlc, schema};
use crate::error::{Error, Result};
use crate::roadmap::guardrails::{self, GuardrailKind};
use crate::store::Core;
use crate::workspace::{self, Action, Actor};
use crate::{products, roadmap};

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
        coalesce(m.name, ''), o.device_id, o.hlc, (c.op_id IS NOT NULL)
     FROM oplog o
     LEFT JOIN member m ON m.id = o.author_id
     LEFT JOIN field_clock c ON c.op_id = o.op_id";

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
    let spec = schema::table(table).ok_or_else(|| Error::invalid(format!("unknown kind of thing {table:?}")))?;
    if let Some(f) = field {
        schema::field(spec.name, f).ok_or_else(|| Error::invalid(format!("{table} has no field {f:?}")))?;
    }
    core.read(|c| {
        let mut stmt = c.prepare(&format!(
            "{CHANGE_SELECT} WHERE o.entity_table = ?1 AND o.entity_id = ?2 AND (?3 IS NULL OR o.field = ?3)
             ORDER BY o.hlc DESC, o.device_id DESC, o.op_id DESC"
        ))?;
        let rows = stmt.query_map(params![spec.name, entity_id, field], row_to_change)?;
        let out: Vec<Change> = rows.collect::<rusqlite::Result<_>>()?;
        if out.is_empty() {
            return Err(Error::not_found(table_kind(spec.name), entity_id));
        }
        Ok(out)
    })
}

fn change(conn: &Connection, op_id: &str) -> Result<Change> {
    conn.query_row(&format!("{CHANGE_SELECT} WHERE o.op_id = ?1"), [op_id], row_to_change)
        .optional()?
        .ok_or_else(|| Error::not_found("change", op_id))
}

fn table_kind(table: &str) -> &'static str {
    match table {
        "workspace" => "workspace",
        "member" => "member",
        "goal" => "goal",
        "product" => "product",
        _ => "roadmap item",
    }
}

/// May `actor` edit this entity? The same rules the commands check.
pub fn require_edit(conn: &Connection, actor: &Actor, table: &str, entity_id: &str) -> Result<()> {
    match table {
        "goal" => actor.require(Action::EditGoals, "edit organisation goals"),
        "product" => {
            let p = products::get(conn, entity_id)?;
            let owns = p.owner_id.as_deref() == Some(actor.id.as_str());
            actor.require(Action::EditRoadmap { owns }, &format!("edit {}", p.name))
        }
        "roadmap_item" => {
            let product_id: Option<String> = conn
                .query_row("SELECT product_id FROM roadmap_item WHERE id = ?1", [entity_id], |r| r.get(0))
                .optional()?
                .flatten();
            let p = products::get(conn, &product_id.unwrap_or_default())?;
            let owns = p.owner_id.as_deref() == Some(actor.id.as_str());
            actor.require(Action::EditRoadmap { owns }, &format!("edit the roadmap of {}", p.name))
        }
        "guardrail" | "snapshot" => {
            let sql = if table == "guardrail" {
                "SELECT i.product_id FROM guardrail g JOIN roadmap_item i ON i.id = g.item_id WHERE g.id = ?1"
            } else {
                "SELECT product_id FROM snapshot WHERE id = ?1"
            };
            let product_id: Option<String> = conn.query_row(sql, [entity_id], |r| r.get(0)).optional()?.flatten();
            let p = products::get(conn, &product_id.unwrap_or_default())?;
            let owns = p.owner_id.as_deref() == Some(actor.id.as_str());
            actor.require(Action::EditRoadmap { owns }, &format!("edit the roadmap of {}", p.name))
        }
        "product_family" => actor.require(Action::CreateProduct, "edit product families"),
        "member" => {
            let m = workspace::member(conn, entity_id)?;
            actor.require(Action::AddMember(m.role), &format!("edit {}", m.role.label()))
        }
        _ => actor.require(Action::AddMember(workspace::Role::Leadership), "edit the workspace"),
    }
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
    let text = old.value.as_str();
    let fixed = || Error::invalid(format!("the {field} of a {} is fixed when it is created", table.replace('_', " ")));
    match (table, field) {
        ("roadmap_item", "horizon" | "product_id") | ("guardrail", "item_id") => return Err(fixed()),
        // No command hands a product over yet; restore must not be the way to do it.
        ("product", "owner_id") => return Err(Error::invalid("a product's owner is not changed by restoring")),
        ("member", "role" | "manager_id") => {
            return Err(Error::invalid(format!("a member's {} is not changed by restoring", field.replace("_id", ""))))
        }
        ("snapshot", "product_id" | "content" | "taken_at") => {
            return Err(Error::invalid("a snapshot is frozen: only its name can change"))
        }
        ("roadmap_item", "period" | "parent_id" | "goal_id") => {
            let mv = roadmap::Move {
                period: text.filter(|_| field == "period"),
                parent_id: text.filter(|_| field == "parent_id"),
                goal_id: text.filter(|_| field == "goal_id"),
                place: None,
            };
            if mv.period.is_none() && mv.parent_id.is_none() && mv.goal_id.is_none() {
                return Err(Error::invalid("that earlier value was empty; choose a new link instead"));
            }
            roadmap::move_item(core, actor, id, mv)?;
        }
        ("roadmap_item", "title" | "metric" | "impact" | "requirements" | "status" | "confidence") => {
            let text = text.unwrap_or_default();
            let up = roadmap::Update {
                title: (field == "title").then_some(text),
                metric: (field == "metric").then_some(text),
                impact: (field == "impact").then_some(text),
                requirements: (field == "requirements").then_some(text),
                status: if field == "status" { Some(roadmap::Status::parse(text)?) } else { None },
                confidence: if field == "confidence" { Some(roadmap::Confidence::parse(text)?) } else { None },
            };
            roadmap::update(core, actor, id, up)?;
        }
        ("roadmap_item", "deleted") => {
            if old.value.as_bool() == Some(true) {
                roadmap::delete(core, actor, id)?;
            } else {
                roadmap::undelete(core, actor, id)?;
            }
        }
        ("goal", "title" | "description" | "measure") => {
            let text = text.unwrap_or_default();
            let up = crate::goals::GoalUpdate {
                title: (field == "title").then_some(text),
                description: (field == "description").then_some(text),
                measure: (field == "measure").then_some(text),
            };
            crate::goals::update(core, actor, id, up)?;
        }
        ("product", "name" | "family_id" | "base_year") => {
            let up = products::ProductUpdate {
                name: text.filter(|_| field == "name"),
                family_id: (field == "family_id").then_some(text),
                base_year: old.value.as_i64().and_then(|y| i32::try_from(y).ok()),
            };
            products::update(core, actor, id, up)?;
        }
        ("guardrail", "kind" | "statement") => {
            let kind = if field == "kind" { Some(GuardrailKind::parse(text.unwrap_or_default())?) } else { None };
            guardrails::update(core, actor, id, kind, text.filter(|_| field == "statement"))?;
        }
        _ => {
            // Names, descriptions and deletions of people, goals, families, products,
            // guardrails and snapshots: set back as they were, by someone allowed to edit them.
            if let Some(t) = text.filter(|_| field == "name") {
                workspace::clean_name("name", t, workspace::MAX_NAME)?;
            }
            core.write(&actor.id, |w| {
                require_edit(w.conn(), actor, table, id)?;
                w.set(table, id, field, old.value.clone())
            })?;
        }
    }
    core.read(|c| {
        let now: String = c.query_row(
            "SELECT op_id FROM field_clock WHERE entity_table = ?1 AND entity_id = ?2 AND field = ?3",
            params![table, id, field],
            |r| r.get(0),
        )?;
        change(c, &now)
    })
}

/// Whether [`restore`] accepts a change of `table.field`. Refused: fields fixed at creation or
/// frozen (an item's horizon and product, a guardrail's item, a snapshot's content), and the
/// fields that carry authority (a product's owner, a member's role and manager: restoring an
/// old role would re-promote a demoted member).
pub fn restorable(table: &str, field: &str) -> bool {
    !matches!(
        (table, field),
        ("roadmap_item", "horizon" | "product_id")
            | ("guardrail", "item_id")
            | ("product", "owner_id")
            | ("member", "role" | "manager_id")
            | ("snapshot", "product_id" | "content" | "taken_at")
    )
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

/// Concurrent overwrites found by sync, newest first; `unseen_only` for "since you last looked".
pub fn conflicts(core: &Core, unseen_only: bool) -> Result<Vec<Conflict>> {
    core.read(|c| {
        let mut stmt = c.prepare(
            "SELECT id, entity_table, entity_id, field, winner_op, loser_op, detected_ms, seen FROM conflict
             WHERE (?1 = 0 OR seen = 0) ORDER BY detected_ms DESC, id DESC LIMIT 500",
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
    let column = match table {
        "goal" | "roadmap_item" => "title",
        _ => "name",
    };
    let spec = schema::table(table).ok_or_else(|| Error::invalid(format!("unknown kind of thing {table:?}")))?;
    Ok(conn
        .query_row(&format!("SELECT {column} FROM {} WHERE id = ?1", spec.name), [id], |r| r.get(0))
        .optional()?
        .unwrap_or_default())
}
