//! Launches: one per one-year item (at most one not cancelled), set up by the owner of the
//! item's product, who names its owner — usually the junior the item is delegated to — and a
//! target date. Its checklist starts as a copy of the product's template (which the product's
//! owner keeps) and is edited per launch; entries are mandatory or not. A launch is marked
//! launched only when every mandatory entry is done, or with its owner's reason for launching
//! anyway, which stays on record. The calendar lists launches across products by date.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::clean_day;
use crate::delegation::{clean_text, now_ms, MAX_NOTE};
use crate::error::{Error, Result};
use crate::oplog::judge::require_now;
use crate::oplog::{new_id, Core, Writer};
use crate::roadmap::{self, rank, Horizon};
use crate::workspace::{self, clean_name, Actor};

pub(crate) const MAX_ENTRY: usize = 300;
pub(crate) const MAX_ENTRIES: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LaunchStatus {
    Planned,
    Launched,
    Cancelled,
}

impl LaunchStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            LaunchStatus::Planned => "planned",
            LaunchStatus::Launched => "launched",
            LaunchStatus::Cancelled => "cancelled",
        }
    }
    fn parse(s: &str) -> LaunchStatus {
        match s {
            "launched" => LaunchStatus::Launched,
            "cancelled" => LaunchStatus::Cancelled,
            _ => LaunchStatus::Planned,
        }
    }
}

/// One entry of a launch's checklist, or of a product's template (`done` is then false).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) id: String,
    pub(crate) text: String,
    pub(crate) mandatory: bool,
    pub(crate) done: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Launch {
    pub(crate) id: String,
    pub(crate) item_id: String,
    pub(crate) item_title: String,
    pub(crate) product_id: String,
    pub(crate) product_name: String,
    pub(crate) owner_id: String,
    pub(crate) owner_name: String,
    pub(crate) target_on: String,
    pub(crate) status: LaunchStatus,
    pub(crate) notes: String,
    pub(crate) override_reason: String,
    pub(crate) launched_ms: i64,
    pub(crate) checklist: Vec<Entry>,
}

impl Launch {
    /// The mandatory entries not done yet.
    pub(crate) fn open_mandatory(&self) -> Vec<&Entry> {
        self.checklist.iter().filter(|e| e.mandatory && !e.done).collect()
    }
    /// Planned, its date past (before `today`), with entries of its checklist open.
    pub(crate) fn overdue(&self, today: &str) -> bool {
        self.status == LaunchStatus::Planned
            && !self.target_on.is_empty()
            && self.target_on.as_str() < today
            && self.checklist.iter().any(|e| !e.done)
    }
}

const SELECT: &str = "SELECT l.id, l.item_id, i.title, i.product_id, p.name, l.owner_id, coalesce(m.name, ''),
        l.target_on, l.status, l.notes, l.override, l.launched_ms
    FROM launch l
    JOIN roadmap_item i ON i.id = l.item_id AND i.deleted = 0
    JOIN product p ON p.id = i.product_id
    LEFT JOIN member m ON m.id = l.owner_id";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Launch> {
    Ok(Launch {
        id: r.get(0)?,
        item_id: r.get(1)?,
        item_title: r.get(2)?,
        product_id: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
        product_name: r.get(4)?,
        owner_id: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
        owner_name: r.get(6)?,
        target_on: r.get(7)?,
        status: LaunchStatus::parse(&r.get::<_, String>(8)?),
        notes: r.get(9)?,
        override_reason: r.get(10)?,
        launched_ms: r.get(11)?,
        checklist: Vec::new(),
    })
}

fn checklist(conn: &Connection, launch_id: &str) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, text, mandatory, done FROM launch_check WHERE launch_id = ?1 AND deleted = 0 ORDER BY rank, id",
    )?;
    let rows = stmt.query_map([launch_id], |r| {
        Ok(Entry {
            id: r.get(0)?,
            text: r.get(1)?,
            mandatory: r.get::<_, i64>(2)? != 0,
            done: r.get::<_, i64>(3)? != 0,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Launch> {
    let mut l = conn
        .prepare_cached(&format!("{SELECT} WHERE l.id = ?1 AND l.deleted = 0"))?
        .query_row([id], row)
        .optional()?
        .ok_or_else(|| Error::not_found("launch", id))?;
    l.checklist = checklist(conn, id)?;
    Ok(l)
}

/// The launch of an item that is not cancelled, if any.
pub(crate) fn of_item(conn: &Connection, item_id: &str) -> Result<Option<Launch>> {
    let id: Option<String> = conn
        .prepare_cached(
            "SELECT id FROM launch WHERE item_id = ?1 AND deleted = 0 AND status <> 'cancelled' ORDER BY id LIMIT 1",
        )?
        .query_row([item_id], |r| r.get(0))
        .optional()?;
    id.map(|id| get(conn, &id)).transpose()
}

/// A launch by id, or by its item's exact title (its launch that is not cancelled).
pub(crate) fn find(conn: &Connection, id_or_title: &str) -> Result<Launch> {
    if let Ok(l) = get(conn, id_or_title) {
        return Ok(l);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT l.id FROM launch l JOIN roadmap_item i ON i.id = l.item_id AND i.deleted = 0
         WHERE l.deleted = 0 AND l.status <> 'cancelled' AND i.title = ?1 COLLATE NOCASE",
    )?;
    let ids: Vec<String> = stmt.query_map([id_or_title.trim()], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    match ids.as_slice() {
        [one] => get(conn, one),
        [] => Err(Error::not_found("launch", id_or_title)),
        _ => Err(Error::invalid(format!(
            "{} launches are of items called {id_or_title:?}: name it by its id",
            ids.len()
        ))),
    }
}

/// Launches with a target date in `from..=to` (either bound open when empty), across products,
/// by date: the launch calendar. Cancelled launches are left out.
pub(crate) fn calendar(conn: &Connection, from: &str, to: &str) -> Result<Vec<Launch>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE l.deleted = 0 AND l.status <> 'cancelled'
           AND (?1 = '' OR l.target_on >= ?1) AND (?2 = '' OR l.target_on <= ?2)
         ORDER BY l.target_on, p.name, i.title, l.id"
    ))?;
    let mut out: Vec<Launch> = stmt.query_map(params![from, to], row)?.collect::<rusqlite::Result<_>>()?;
    for l in &mut out {
        l.checklist = checklist(conn, &l.id)?;
    }
    Ok(out)
}

/// A product's launch checklist template, in order.
pub(crate) fn template(conn: &Connection, product_id: &str) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, text, mandatory FROM launch_template WHERE product_id = ?1 AND deleted = 0 ORDER BY rank, id",
    )?;
    let rows = stmt.query_map([product_id], |r| {
        Ok(Entry { id: r.get(0)?, text: r.get(1)?, mandatory: r.get::<_, i64>(2)? != 0, done: false })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn last_rank(conn: &Connection, table: &'static str, parent_field: &'static str, parent: &str) -> Result<String> {
    // `table` and `parent_field` are this module's literals.
    let sql = format!("SELECT max(rank) FROM {table} WHERE {parent_field} = ?1 AND deleted = 0");
    let last: Option<String> = conn.prepare_cached(&sql)?.query_row([parent], |r| r.get(0))?;
    let last = last.filter(|k| rank::is_key(k)).unwrap_or_default();
    rank::between(&last, None).ok_or_else(|| Error::invalid("the checklist's order could not be extended"))
}

fn count_entries(conn: &Connection, table: &'static str, parent_field: &'static str, parent: &str) -> Result<usize> {
    let sql = format!("SELECT count(*) FROM {table} WHERE {parent_field} = ?1 AND deleted = 0");
    let n: i64 = conn.prepare_cached(&sql)?.query_row([parent], |r| r.get(0))?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}

/// Adds an entry to a product's template (its owner).
pub(crate) fn template_add(
    core: &Core,
    actor: &Actor,
    product_id: &str,
    text: &str,
    mandatory: bool,
) -> Result<Vec<Entry>> {
    let text = clean_name("checklist entry", text, MAX_ENTRY)?;
    let id = new_id();
    core.write(&actor.id, |w| {
        let product = crate::products::get(w.conn(), product_id)?;
        require_now(w.conn(), &actor.id, "launch_template", &id, "product_id", Some(&product.id))?;
        if count_entries(w.conn(), "launch_template", "product_id", &product.id)? >= MAX_ENTRIES {
            return Err(Error::invalid(format!("a checklist holds at most {MAX_ENTRIES} entries")));
        }
        let key = last_rank(w.conn(), "launch_template", "product_id", &product.id)?;
        w.set("launch_template", &id, "product_id", product.id.as_str())?;
        w.set("launch_template", &id, "text", text.as_str())?;
        w.set("launch_template", &id, "mandatory", mandatory)?;
        w.set("launch_template", &id, "rank", key)?;
        template(w.conn(), &product.id)
    })
}

/// Removes an entry from a product's template (launches already set up keep their copy).
pub(crate) fn template_remove(core: &Core, actor: &Actor, entry_id: &str) -> Result<Vec<Entry>> {
    core.write(&actor.id, |w| {
        let product_id: Option<String> = w
            .conn()
            .prepare_cached("SELECT product_id FROM launch_template WHERE id = ?1 AND deleted = 0")?
            .query_row([entry_id], |r| r.get(0))
            .optional()?
            .flatten();
        let product_id = product_id.ok_or_else(|| Error::not_found("launch template entry", entry_id))?;
        require_now(w.conn(), &actor.id, "launch_template", entry_id, "deleted", None)?;
        w.set("launch_template", entry_id, "deleted", true)?;
        template(w.conn(), &product_id)
    })
}

/// Sets up the launch of a one-year item: its owner, its target date, and a checklist copied
/// from the product's template.
pub(crate) fn create(core: &Core, actor: &Actor, item_id: &str, owner_id: &str, target_on: &str) -> Result<Launch> {
    let target = clean_day("target date", target_on)?;
    let id = new_id();
    core.write(&actor.id, |w| {
        let item = roadmap::get(w.conn(), item_id)?;
        if item.horizon != Horizon::OneYear {
            return Err(Error::invalid(format!(
                "{:?} is a {} item; launches are of one-year items",
                item.title,
                item.horizon.label()
            )));
        }
        if let Some(l) = of_item(w.conn(), &item.id)? {
            return Err(Error::invalid(format!(
                "{:?} already has a launch (target {}); change that one or cancel it first",
                item.title, l.target_on
            )));
        }
        let owner = workspace::member(w.conn(), owner_id)?;
        require_now(w.conn(), &actor.id, "launch", &id, "item_id", Some(&item.id))?;
        w.set("launch", &id, "item_id", item.id.as_str())?;
        w.set("launch", &id, "owner_id", owner.id.as_str())?;
        w.set("launch", &id, "target_on", target.as_str())?;
        w.set("launch", &id, "status", LaunchStatus::Planned.as_str())?;
        let product_id = item.product_id.clone().unwrap_or_default();
        let entries = template(w.conn(), &product_id)?;
        let keys = rank::spread(entries.len());
        for (e, key) in entries.iter().zip(keys) {
            add_entry(w, &id, &e.text, e.mandatory, key)?;
        }
        get(w.conn(), &id)
    })
}

fn add_entry(w: &mut Writer<'_>, launch_id: &str, text: &str, mandatory: bool, key: String) -> Result<()> {
    let cid = new_id();
    w.set("launch_check", &cid, "launch_id", launch_id)?;
    w.set("launch_check", &cid, "text", text)?;
    w.set("launch_check", &cid, "mandatory", mandatory)?;
    w.set("launch_check", &cid, "rank", key)?;
    Ok(())
}

/// A launch's fields as written; absent fields stay.
#[derive(Debug, Clone, Default)]
pub(crate) struct Change<'a> {
    pub(crate) target_on: Option<&'a str>,
    pub(crate) notes: Option<&'a str>,
    pub(crate) owner_id: Option<&'a str>,
}

fn require_live(l: &Launch) -> Result<()> {
    match l.status {
        LaunchStatus::Planned => Ok(()),
        LaunchStatus::Launched => Err(Error::invalid(format!("{:?} is launched already", l.item_title))),
        LaunchStatus::Cancelled => Err(Error::invalid(format!("the launch of {:?} was cancelled", l.item_title))),
    }
}

/// Changes a launch's target date, notes (also after it launched) or owner.
pub(crate) fn update(core: &Core, actor: &Actor, id: &str, change: &Change<'_>) -> Result<Launch> {
    let target = change.target_on.map(|d| clean_day("target date", d)).transpose()?;
    let notes = change.notes.map(|n| clean_text("the launch notes", n, MAX_NOTE)).transpose()?;
    core.write(&actor.id, |w| {
        let old = get(w.conn(), id)?;
        if let Some(t) = target.filter(|t| *t != old.target_on) {
            require_live(&old)?;
            require_now(w.conn(), &actor.id, "launch", id, "target_on", None)?;
            w.set("launch", id, "target_on", t)?;
        }
        if let Some(n) = notes.filter(|n| *n != old.notes) {
            require_now(w.conn(), &actor.id, "launch", id, "notes", None)?;
            w.set("launch", id, "notes", n)?;
        }
        if let Some(o) = change.owner_id {
            let owner = workspace::member(w.conn(), o)?;
            if owner.id != old.owner_id {
                require_live(&old)?;
                require_now(w.conn(), &actor.id, "launch", id, "owner_id", Some(&owner.id))?;
                w.set("launch", id, "owner_id", owner.id.as_str())?;
            }
        }
        get(w.conn(), id)
    })
}

/// Adds an entry to one launch's checklist.
pub(crate) fn entry_add(core: &Core, actor: &Actor, launch_id: &str, text: &str, mandatory: bool) -> Result<Launch> {
    let text = clean_name("checklist entry", text, MAX_ENTRY)?;
    core.write(&actor.id, |w| {
        let l = get(w.conn(), launch_id)?;
        require_live(&l)?;
        require_now(w.conn(), &actor.id, "launch", launch_id, "notes", None)?;
        if l.checklist.len() >= MAX_ENTRIES {
            return Err(Error::invalid(format!("a checklist holds at most {MAX_ENTRIES} entries")));
        }
        let key = last_rank(w.conn(), "launch_check", "launch_id", launch_id)?;
        add_entry(w, launch_id, &text, mandatory, key)?;
        get(w.conn(), launch_id)
    })
}

fn entry_launch(conn: &Connection, entry_id: &str) -> Result<Launch> {
    let launch_id: Option<String> = conn
        .prepare_cached("SELECT launch_id FROM launch_check WHERE id = ?1 AND deleted = 0")?
        .query_row([entry_id], |r| r.get(0))
        .optional()?
        .flatten();
    get(conn, &launch_id.ok_or_else(|| Error::not_found("checklist entry", entry_id))?)
}

/// Ticks or unticks a checklist entry, or (`remove`) takes it off the launch's list.
pub(crate) fn entry_set(
    core: &Core,
    actor: &Actor,
    entry_id: &str,
    done: Option<bool>,
    remove: bool,
) -> Result<Launch> {
    core.write(&actor.id, |w| {
        let l = entry_launch(w.conn(), entry_id)?;
        require_live(&l)?;
        require_now(w.conn(), &actor.id, "launch_check", entry_id, "done", None)?;
        let e = l
            .checklist
            .iter()
            .find(|e| e.id == entry_id)
            .ok_or_else(|| Error::not_found("checklist entry", entry_id))?;
        if let Some(done) = done.filter(|d| *d != e.done) {
            w.set("launch_check", entry_id, "done", done)?;
        }
        if remove {
            if e.mandatory {
                // Else the launch's owner could drop what the gate asks for, and launch with no
                // reason on record: a mandatory entry goes only by the product's owner.
                require_now(w.conn(), &actor.id, "launch", &l.id, "owner_id", None)?;
            }
            w.set("launch_check", entry_id, "deleted", true)?;
        }
        get(w.conn(), &l.id)
    })
}

/// Marks a launch launched. Open mandatory entries need the owner's reason (`anyway`), kept on
/// record beside the launch.
pub(crate) fn mark_launched(core: &Core, actor: &Actor, id: &str, anyway: Option<&str>) -> Result<Launch> {
    let reason = anyway.map(|r| clean_text("the reason", r, MAX_NOTE)).transpose()?.unwrap_or_default();
    core.write(&actor.id, |w| {
        let l = get(w.conn(), id)?;
        require_live(&l)?;
        require_now(w.conn(), &actor.id, "launch", id, "status", None)?;
        let open = l.open_mandatory();
        if !open.is_empty() && reason.is_empty() {
            let names: Vec<String> = open.iter().map(|e| format!("{:?}", e.text)).collect();
            return Err(Error::invalid(format!(
                "{} mandatory checklist {} open: {}. Finish {} or say why it launches anyway",
                open.len(),
                if open.len() == 1 { "entry is" } else { "entries are" },
                names.join(", "),
                if open.len() == 1 { "it" } else { "them" }
            )));
        }
        if !open.is_empty() {
            w.set("launch", id, "override", reason)?;
        }
        w.set("launch", id, "status", LaunchStatus::Launched.as_str())?;
        w.set("launch", id, "launched_ms", now_ms())?;
        get(w.conn(), id)
    })
}

/// Cancels a planned launch (its item may then get a new one).
pub(crate) fn cancel(core: &Core, actor: &Actor, id: &str) -> Result<Launch> {
    core.write(&actor.id, |w| {
        let l = get(w.conn(), id)?;
        require_live(&l)?;
        require_now(w.conn(), &actor.id, "launch", id, "status", None)?;
        w.set("launch", id, "status", LaunchStatus::Cancelled.as_str())?;
        get(w.conn(), id)
    })
}
