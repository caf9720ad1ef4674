//! Guardrails: the limits a senior PM sets on an item — scope, budget, quality, dates, things
//! it must not do. Everything serving the item inherits them, so a one-year item shows its own
//! guardrails and those of its initiative and theme.

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{get, require_owner, Item};
use crate::error::{Error, Result};
use crate::oplog::{new_id, Core};
use crate::workspace::{clean_name, Actor};

pub(crate) const MAX_STATEMENT: usize = 1_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum GuardrailKind {
    Scope,
    Budget,
    Quality,
    Date,
    MustNot,
    Other,
}

impl GuardrailKind {
    pub const ALL: [GuardrailKind; 6] = [
        GuardrailKind::Scope,
        GuardrailKind::Budget,
        GuardrailKind::Quality,
        GuardrailKind::Date,
        GuardrailKind::MustNot,
        GuardrailKind::Other,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            GuardrailKind::Scope => "scope",
            GuardrailKind::Budget => "budget",
            GuardrailKind::Quality => "quality",
            GuardrailKind::Date => "date",
            GuardrailKind::MustNot => "must_not",
            GuardrailKind::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Result<GuardrailKind> {
        GuardrailKind::ALL.into_iter().find(|k| k.as_str() == s || k.as_str().replace('_', "-") == s).ok_or_else(|| {
            Error::invalid(format!("unknown guardrail kind {s:?}: use scope, budget, quality, date, must_not or other"))
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Guardrail {
    pub(crate) id: String,
    /// The item that sets it (for an inherited guardrail, an ancestor).
    pub(crate) item_id: String,
    pub(crate) item_title: String,
    pub(crate) kind: GuardrailKind,
    pub(crate) statement: String,
    pub(crate) inherited: bool,
}

fn owner_of_item(conn: &Connection, actor: &Actor, item_id: &str) -> Result<Item> {
    let item = get(conn, item_id)?;
    require_owner(conn, actor, item.product_id.as_deref().unwrap_or_default())?;
    Ok(item)
}

pub(crate) fn add(
    core: &Core,
    actor: &Actor,
    item_id: &str,
    kind: GuardrailKind,
    statement: &str,
) -> Result<Guardrail> {
    let statement = clean_name("guardrail statement", statement, MAX_STATEMENT)?;
    let id = new_id();
    core.write(&actor.id, |w| {
        owner_of_item(w.conn(), actor, item_id)?;
        w.set("guardrail", &id, "item_id", item_id)?;
        w.set("guardrail", &id, "kind", kind.as_str())?;
        w.set("guardrail", &id, "statement", statement.as_str())?;
        one(w.conn(), &id)
    })
}

pub(crate) fn update(
    core: &Core,
    actor: &Actor,
    id: &str,
    kind: Option<GuardrailKind>,
    statement: Option<&str>,
) -> Result<Guardrail> {
    let statement = statement.map(|s| clean_name("guardrail statement", s, MAX_STATEMENT)).transpose()?;
    core.write(&actor.id, |w| {
        let old = one(w.conn(), id)?;
        owner_of_item(w.conn(), actor, &old.item_id)?;
        if let Some(kind) = kind.filter(|k| *k != old.kind) {
            w.set("guardrail", id, "kind", kind.as_str())?;
        }
        if let Some(statement) = statement.filter(|s| *s != old.statement) {
            w.set("guardrail", id, "statement", statement)?;
        }
        one(w.conn(), id)
    })
}

/// Deletes a guardrail (softly: its history keeps it, and `restore` brings it back).
pub(crate) fn delete(core: &Core, actor: &Actor, id: &str) -> Result<Guardrail> {
    core.write(&actor.id, |w| {
        let old = one(w.conn(), id)?;
        owner_of_item(w.conn(), actor, &old.item_id)?;
        w.set("guardrail", id, "deleted", true)?;
        Ok(old)
    })
}

const SELECT: &str = "SELECT g.id, g.item_id, i.title, g.kind, g.statement FROM guardrail g
                      JOIN roadmap_item i ON i.id = g.item_id AND i.deleted = 0";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<Guardrail>> {
    let kind: String = r.get(3)?;
    let g = |kind| -> rusqlite::Result<Guardrail> {
        Ok(Guardrail {
            id: r.get(0)?,
            item_id: r.get(1)?,
            item_title: r.get(2)?,
            kind,
            statement: r.get(4)?,
            inherited: false,
        })
    };
    Ok(match GuardrailKind::parse(&kind) {
        Ok(k) => Ok(g(k)?),
        Err(e) => Err(e),
    })
}

pub(crate) fn one(conn: &Connection, id: &str) -> Result<Guardrail> {
    conn.prepare_cached(&format!("{SELECT} WHERE g.id = ?1 AND g.deleted = 0"))?
        .query_row([id], row)
        .optional()?
        .ok_or_else(|| Error::not_found("guardrail", id))?
}

/// The guardrails an item sets itself, in the order they were added.
pub(crate) fn own(conn: &Connection, item_id: &str) -> Result<Vec<Guardrail>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE g.item_id = ?1 AND g.deleted = 0 AND g.statement <> '' ORDER BY g.id"
    ))?;
    let rows = stmt.query_map([item_id], row)?;
    rows.map(|r| r?).collect()
}

/// The item's own guardrails, then those of each ancestor (nearest first), marked inherited.
pub(crate) fn own_and_inherited(conn: &Connection, item: &Item, ancestors: &[Item]) -> Result<Vec<Guardrail>> {
    let mut out = own(conn, &item.id)?;
    for a in ancestors {
        out.extend(own(conn, &a.id)?.into_iter().map(|g| Guardrail { inherited: true, ..g }));
    }
    Ok(out)
}

/// The guardrails that apply to an item (own and inherited).
pub(crate) fn for_item(core: &Core, item_id: &str) -> Result<Vec<Guardrail>> {
    core.read(|c| {
        let item = get(c, item_id)?;
        let ancestors = super::ancestors(c, &item)?;
        own_and_inherited(c, &item, &ancestors)
    })
}
