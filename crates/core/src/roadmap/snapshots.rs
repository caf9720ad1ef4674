//! Planning-cycle snapshots: a product's roadmap frozen under a name ("2027 plan, approved
//! 2026-12-10"), and the difference between any snapshot and another one or the roadmap now.
//!
//! A snapshot is one synced row whose `content` (JSON, written once) holds every live item of
//! the product with its fields, links and guardrails, so it stays the same on every laptop
//! whatever is edited afterwards. Comparing is a hash join on item ids: linear in the items.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{guardrails, list_in, require_owner, requirements_of, Filter, Horizon};
use crate::error::{Error, Result};
use crate::oplog::{new_id, Core};
use crate::registry::MAX_LONG_TEXT;
use crate::workspace::{clean_name, Actor};
use crate::{goals, products};

pub(crate) const MAX_NAME: usize = 200;
const FORMAT: u32 = 1;

/// One item as frozen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FrozenItem {
    pub(crate) id: String,
    pub(crate) horizon: Horizon,
    pub(crate) period: String,
    pub(crate) title: String,
    pub(crate) parent_id: Option<String>,
    pub(crate) goal_id: Option<String>,
    #[serde(default)]
    pub(crate) goal_title: Option<String>,
    pub(crate) status: String,
    pub(crate) confidence: String,
    pub(crate) metric: String,
    pub(crate) impact: String,
    pub(crate) requirements: String,
    /// "kind: statement", in order.
    pub(crate) guardrails: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Content {
    format: u32,
    base_year: i32,
    items: Vec<FrozenItem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Snapshot {
    pub(crate) id: String,
    pub(crate) product_id: String,
    pub(crate) name: String,
    /// RFC 3339, UTC.
    pub(crate) taken_at: String,
    pub(crate) taken_by: Option<String>,
    pub(crate) item_count: u32,
    pub(crate) base_year: i32,
}

/// The roadmap of a product as it is now, in snapshot form.
fn freeze(conn: &Connection, product: &products::Product) -> Result<Content> {
    let filter = Filter { product_id: Some(product.id.clone()), statuses: Vec::new() };
    let goal_titles: HashMap<String, String> = goals::list_in(conn)?.into_iter().map(|g| (g.id, g.title)).collect();
    let mut items = Vec::new();
    for i in list_in(conn, &filter)? {
        let guardrails = guardrails::own(conn, &i.id)?
            .into_iter()
            .map(|g| format!("{}: {}", g.kind.as_str(), g.statement))
            .collect();
        items.push(FrozenItem {
            requirements: requirements_of(conn, &i.id)?,
            goal_title: i.goal_id.as_ref().and_then(|g| goal_titles.get(g).cloned()),
            id: i.id,
            horizon: i.horizon,
            period: i.period,
            title: i.title,
            parent_id: i.parent_id,
            goal_id: i.goal_id,
            status: i.status.as_str().to_owned(),
            confidence: i.confidence.as_str().to_owned(),
            metric: i.metric,
            impact: i.impact,
            guardrails,
        });
    }
    Ok(Content { format: FORMAT, base_year: product.base_year, items })
}

pub(crate) fn create(core: &Core, actor: &Actor, product_id: &str, name: &str) -> Result<Snapshot> {
    let name = clean_name("snapshot name", name, MAX_NAME)?;
    let id = new_id();
    let taken_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    core.write(&actor.id, |w| {
        let product = require_owner(w.conn(), actor, product_id)?;
        let content = serde_json::to_string(&freeze(w.conn(), &product)?)
            .map_err(|e| Error::invalid(format!("cannot write the snapshot: {e}")))?;
        if content.chars().count() > MAX_LONG_TEXT {
            return Err(Error::invalid(format!(
                "the roadmap of {} is too big to snapshot ({} characters; at most {MAX_LONG_TEXT})",
                product.name,
                content.len()
            )));
        }
        w.set("snapshot", &id, "product_id", product_id)?;
        w.set("snapshot", &id, "name", name.as_str())?;
        w.set("snapshot", &id, "taken_at", taken_at.as_str())?;
        w.set("snapshot", &id, "content", content)?;
        get(w.conn(), &id)
    })
}

fn content_of(conn: &Connection, id: &str) -> Result<(Snapshot, Content)> {
    let snap = get(conn, id)?;
    let text: String = conn.query_row("SELECT content FROM snapshot WHERE id = ?1", [id], |r| r.get(0))?;
    let content: Content = serde_json::from_str(&text)
        .map_err(|e| Error::invalid(format!("snapshot {:?} cannot be read: {e}", snap.name)))?;
    if content.format != FORMAT {
        return Err(Error::invalid(format!(
            "snapshot {:?} was written by a newer Baton (format {}): update Baton",
            snap.name, content.format
        )));
    }
    Ok((snap, content))
}

const SELECT: &str = "SELECT s.id, s.product_id, s.name, s.taken_at,
        json_array_length(s.content, '$.items'), s.content ->> '$.baseYear',
        (SELECT m.name FROM field_clock c JOIN op o ON o.n = c.op JOIN ident a ON a.n = o.author
         JOIN member m ON m.id = a.id
         WHERE c.entity = (SELECT n FROM ident WHERE id = s.id)
         AND c.field = (SELECT n FROM field_name WHERE entity_table = 'snapshot' AND field = 'content'))
    FROM snapshot s";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Snapshot> {
    let count: Option<i64> = r.get(4)?;
    let base: Option<i64> = r.get(5)?;
    Ok(Snapshot {
        id: r.get(0)?,
        product_id: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
        name: r.get(2)?,
        taken_at: r.get(3)?,
        item_count: count.and_then(|c| u32::try_from(c).ok()).unwrap_or(0),
        base_year: base.and_then(|b| i32::try_from(b).ok()).unwrap_or(0),
        taken_by: r.get(6)?,
    })
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Snapshot> {
    conn.query_row(
        &format!("{SELECT} WHERE s.id = ?1 AND s.deleted = 0 AND s.product_id IS NOT NULL AND json_valid(s.content)"),
        [id],
        row,
    )
    .optional()?
    .ok_or_else(|| Error::not_found("snapshot", id))
}

/// Snapshots of one product (or all), newest first.
pub(crate) fn list(core: &Core, product_id: Option<&str>) -> Result<Vec<Snapshot>> {
    core.read(|c| {
        let mut stmt = c.prepare_cached(&format!(
            "{SELECT} WHERE s.deleted = 0 AND s.product_id IS NOT NULL AND json_valid(s.content)
             AND (?1 IS NULL OR s.product_id = ?1) ORDER BY s.taken_at DESC, s.id DESC"
        ))?;
        let rows = stmt.query_map([product_id], row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

/// Finds a snapshot by id or exact name (case-insensitive), within a product when given.
pub(crate) fn find(core: &Core, product_id: Option<&str>, id_or_name: &str) -> Result<Snapshot> {
    let all = list(core, product_id)?;
    crate::lookup::by_id_or_name(&all, "snapshot", id_or_name, |s| &s.id, |s| &s.name).cloned()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    Moved,
    Reparented,
    Changed,
}

/// One difference between two states of a roadmap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DiffEntry {
    pub(crate) item_id: String,
    pub(crate) title: String,
    pub(crate) horizon: Horizon,
    pub(crate) kind: ChangeKind,
    /// For `Changed`: which field (title, status, confidence, metric, impact, requirements,
    /// guardrails).
    pub(crate) field: Option<String>,
    /// Period for added/removed/moved, parent title for reparented, the value for changed.
    pub(crate) before: Option<String>,
    pub(crate) after: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Diff {
    pub(crate) from: Snapshot,
    /// `None`: compared with the roadmap now.
    pub(crate) to: Option<Snapshot>,
    pub(crate) entries: Vec<DiffEntry>,
}

/// What changed from snapshot `from` to snapshot `to`, or to the roadmap now.
pub(crate) fn diff(core: &Core, from: &str, to: Option<&str>) -> Result<Diff> {
    core.read(|c| {
        let (from_snap, old) = content_of(c, from)?;
        let (to_snap, new) = match to {
            Some(to) => {
                let (snap, content) = content_of(c, to)?;
                if snap.product_id != from_snap.product_id {
                    return Err(Error::invalid(format!(
                        "{:?} and {:?} are snapshots of different products",
                        from_snap.name, snap.name
                    )));
                }
                (Some(snap), content)
            }
            None => (None, freeze(c, &products::get(c, &from_snap.product_id)?)?),
        };
        Ok(Diff { from: from_snap, to: to_snap, entries: compare(&old.items, &new.items) })
    })
}

/// The differences between two frozen roadmaps, grouped by kind, then by horizon and title.
pub(crate) fn compare(old: &[FrozenItem], new: &[FrozenItem]) -> Vec<DiffEntry> {
    let old_by_id: HashMap<&str, &FrozenItem> = old.iter().map(|i| (i.id.as_str(), i)).collect();
    let new_by_id: HashMap<&str, &FrozenItem> = new.iter().map(|i| (i.id.as_str(), i)).collect();
    let entry = |i: &FrozenItem, kind, field: Option<&str>, before: Option<String>, after: Option<String>| DiffEntry {
        item_id: i.id.clone(),
        title: i.title.clone(),
        horizon: i.horizon,
        kind,
        field: field.map(str::to_owned),
        before,
        after,
    };
    // What an item serves, in words: its parent's title in that state, or its goal.
    let serves = |i: &FrozenItem, by_id: &HashMap<&str, &FrozenItem>| -> Option<String> {
        match (&i.parent_id, &i.goal_id) {
            (Some(p), _) => {
                Some(by_id.get(p.as_str()).map_or_else(|| "(deleted item)".to_owned(), |p| p.title.clone()))
            }
            (None, Some(_)) => Some(i.goal_title.clone().unwrap_or_else(|| "(deleted goal)".to_owned())),
            (None, None) => None,
        }
    };
    let mut out = Vec::new();
    for n in new {
        let Some(o) = old_by_id.get(n.id.as_str()) else {
            out.push(entry(n, ChangeKind::Added, None, None, Some(n.period.clone())));
            continue;
        };
        if o.period != n.period {
            out.push(entry(n, ChangeKind::Moved, None, Some(o.period.clone()), Some(n.period.clone())));
        }
        if o.parent_id != n.parent_id || o.goal_id != n.goal_id {
            out.push(entry(n, ChangeKind::Reparented, None, serves(o, &old_by_id), serves(n, &new_by_id)));
        }
        let fields: [(&str, &String, &String); 6] = [
            ("title", &o.title, &n.title),
            ("status", &o.status, &n.status),
            ("confidence", &o.confidence, &n.confidence),
            ("metric", &o.metric, &n.metric),
            ("impact", &o.impact, &n.impact),
            ("requirements", &o.requirements, &n.requirements),
        ];
        for (field, before, after) in fields {
            if before != after {
                out.push(entry(n, ChangeKind::Changed, Some(field), Some(before.clone()), Some(after.clone())));
            }
        }
        if o.guardrails != n.guardrails {
            out.push(entry(
                n,
                ChangeKind::Changed,
                Some("guardrails"),
                Some(o.guardrails.join("\n")),
                Some(n.guardrails.join("\n")),
            ));
        }
    }
    for o in old.iter().filter(|o| !new_by_id.contains_key(o.id.as_str())) {
        out.push(entry(o, ChangeKind::Removed, None, Some(o.period.clone()), None));
    }
    out.sort_by(|a, b| {
        (a.kind, a.horizon, a.title.to_lowercase(), &a.item_id).cmp(&(
            b.kind,
            b.horizon,
            b.title.to_lowercase(),
            &b.item_id,
        ))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roadmap::guardrails::{self, GuardrailKind};
    use crate::roadmap::tests::fixture;
    use crate::roadmap::{self, Horizon, Move, NewItem, Status, Update};

    /// The diff's entries as (kind, title, field, before, after), in the diff's order.
    type Row = (ChangeKind, String, Option<String>, Option<String>, Option<String>);

    fn rows(d: &Diff) -> Vec<Row> {
        d.entries
            .iter()
            .map(|e| (e.kind, e.title.clone(), e.field.clone(), e.before.clone(), e.after.clone()))
            .collect()
    }

    fn s(v: &str) -> Option<String> {
        Some(v.to_owned())
    }

    #[test]
    fn a_diff_lists_each_kind_of_change_with_before_and_after() -> Result<()> {
        let f = fixture()?;
        let new = |h, period, title, parent: Option<&str>| -> Result<String> {
            let goal_id = (h == Horizon::FiveYear).then_some(f.goal.as_str());
            let n =
                NewItem { product_id: &f.product, horizon: h, period, title, goal_id, parent_id: parent, status: None };
            Ok(roadmap::create(&f.core, &f.sam, n)?.id)
        };
        let theme = new(Horizon::FiveYear, "2030", "Checkout everywhere", None)?;
        let wallets = new(Horizon::ThreeYear, "2027-H2", "Wallets", Some(&theme))?;
        let cards = new(Horizon::ThreeYear, "2028", "Saved cards", Some(&theme))?;
        let apple = new(Horizon::OneYear, "2027-Q1", "Apple Pay", Some(&wallets))?;
        let gpay = new(Horizon::OneYear, "2027-Q2", "Google Pay", Some(&wallets))?;
        let old = new(Horizon::OneYear, "2027-Q3", "Legacy form", Some(&cards))?;
        let snap = create(&f.core, &f.sam, &f.product, "2027 plan")?;
        let nothing = diff(&f.core, &snap.id, None)?;
        assert_eq!(rows(&nothing), Vec::<Row>::new(), "nothing changed yet");

        // One change of each kind after the snapshot.
        let added = new(Horizon::OneYear, "2027-Q4", "Link", Some(&cards))?;
        roadmap::delete(&f.core, &f.sam, &old)?;
        roadmap::move_item(&f.core, &f.sam, &apple, Move { period: Some("2027-Q2"), ..Move::default() })?;
        roadmap::move_item(&f.core, &f.sam, &gpay, Move { parent_id: Some(&cards), ..Move::default() })?;
        let up = Update { status: Some(Status::InProgress), title: Some("Checkout, everywhere"), ..Update::default() };
        roadmap::update(&f.core, &f.sam, &theme, up)?;
        guardrails::add(&f.core, &f.sam, &wallets, GuardrailKind::Budget, "Two engineers")?;

        let d = diff(&f.core, &snap.id, None)?;
        assert_eq!(d.to, None, "compared with now");
        let (t, ch) = (ChangeKind::Changed, |v: &str| Some(v.to_owned()));
        assert_eq!(
            rows(&d),
            vec![
                (ChangeKind::Added, "Link".to_owned(), None, None, s("2027-Q4")),
                (ChangeKind::Removed, "Legacy form".to_owned(), None, s("2027-Q3"), None),
                (ChangeKind::Moved, "Apple Pay".to_owned(), None, s("2027-Q1"), s("2027-Q2")),
                (ChangeKind::Reparented, "Google Pay".to_owned(), None, s("Wallets"), s("Saved cards")),
                (
                    t,
                    "Checkout, everywhere".to_owned(),
                    ch("title"),
                    s("Checkout everywhere"),
                    s("Checkout, everywhere")
                ),
                (t, "Checkout, everywhere".to_owned(), ch("status"), s("planned"), s("in_progress")),
                (t, "Wallets".to_owned(), ch("guardrails"), s(""), s("budget: Two engineers")),
            ]
        );
        assert_eq!(
            d.entries.iter().find(|e| e.kind == ChangeKind::Added).map(|e| e.item_id.as_str()),
            Some(added.as_str())
        );

        // Between two snapshots: the second one holds exactly the state the diff with now read.
        let later = create(&f.core, &f.sam, &f.product, "after review")?;
        assert_eq!(rows(&diff(&f.core, &snap.id, Some(&later.id))?), rows(&d));
        assert_eq!(rows(&diff(&f.core, &later.id, None)?), Vec::<Row>::new());
        Ok(())
    }
}
