//! Roadmap items on three horizons: five-year themes (on years, serving an organisation goal),
//! three-year initiatives (on years or halves, serving a theme) and one-year items (on quarters
//! of the base year, serving an initiative), all of one product and placed in the window its
//! planning base year sets.
//!
//! A horizon is fixed when the item is created, and a parent must sit on the next-longer
//! horizon, so the hierarchy cannot form a cycle — not even from concurrent moves on two laptops.

pub(crate) mod alignment;
pub(crate) mod guardrails;
pub(crate) mod rank;
pub(crate) mod snapshots;
pub(crate) mod tables;

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::goals::clean_text;
use crate::oplog::judge;
use crate::oplog::{new_id, Core, Writer};
use crate::workspace::{clean_name, Actor};
use crate::{goals, products};

pub(crate) const MAX_TITLE: usize = 200;
pub(crate) const MAX_METRIC: usize = 500;
pub(crate) const MAX_IMPACT: usize = 500;
pub(crate) const MAX_REQUIREMENTS: usize = 100_000;
pub(crate) const FIRST_YEAR: i32 = 2000;
pub(crate) const LAST_YEAR: i32 = 2100;

// The horizons are named by their span; "Year" is part of the name, not a redundant postfix.
#[allow(clippy::enum_variant_names)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Horizon {
    FiveYear,
    ThreeYear,
    OneYear,
}

impl Horizon {
    pub const ALL: [Horizon; 3] = [Horizon::FiveYear, Horizon::ThreeYear, Horizon::OneYear];
    pub fn as_str(self) -> &'static str {
        match self {
            Horizon::FiveYear => "five_year",
            Horizon::ThreeYear => "three_year",
            Horizon::OneYear => "one_year",
        }
    }
    pub fn parse(s: &str) -> Result<Horizon> {
        match s {
            "five_year" | "5y" | "5" => Ok(Horizon::FiveYear),
            "three_year" | "3y" | "3" => Ok(Horizon::ThreeYear),
            "one_year" | "1y" | "1" => Ok(Horizon::OneYear),
            other => Err(Error::invalid(format!("unknown horizon {other:?}: use five_year, three_year or one_year"))),
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Horizon::FiveYear => "five-year",
            Horizon::ThreeYear => "three-year",
            Horizon::OneYear => "one-year",
        }
    }
    /// The horizon an item on this one serves (`None`: a theme serves a goal).
    pub fn parent(self) -> Option<Horizon> {
        match self {
            Horizon::FiveYear => None,
            Horizon::ThreeYear => Some(Horizon::FiveYear),
            Horizon::OneYear => Some(Horizon::ThreeYear),
        }
    }
    fn period_hint(self) -> &'static str {
        match self {
            Horizon::FiveYear => "a year, like 2028",
            Horizon::ThreeYear => "a year or half, like 2027 or 2027-H2",
            Horizon::OneYear => "a quarter, like 2027-Q3",
        }
    }
    /// The years of this horizon's window for a product planning from `base`.
    pub fn window(self, base: i32) -> (i32, i32) {
        match self {
            Horizon::FiveYear => (base, base + 4),
            Horizon::ThreeYear => (base, base + 2),
            Horizon::OneYear => (base, base),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Idea,
    Planned,
    InProgress,
    Done,
    Dropped,
}

impl Status {
    pub const ALL: [Status; 5] = [Status::Idea, Status::Planned, Status::InProgress, Status::Done, Status::Dropped];
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Idea => "idea",
            Status::Planned => "planned",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::Dropped => "dropped",
        }
    }
    pub fn parse(s: &str) -> Result<Status> {
        Status::ALL.into_iter().find(|v| v.as_str() == s || v.as_str().replace('_', "-") == s).ok_or_else(|| {
            Error::invalid(format!("unknown status {s:?}: use idea, planned, in_progress, done or dropped"))
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub const ALL: [Confidence; 3] = [Confidence::Low, Confidence::Medium, Confidence::High];
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
    pub fn parse(s: &str) -> Result<Confidence> {
        match s {
            "low" => Ok(Confidence::Low),
            "medium" => Ok(Confidence::Medium),
            "high" => Ok(Confidence::High),
            other => Err(Error::invalid(format!("unknown confidence {other:?}: use low, medium or high"))),
        }
    }
}

/// Checks a period against its horizon and returns it in canonical form (`2027-Q3`).
pub(crate) fn parse_period(horizon: Horizon, period: &str) -> Result<String> {
    let p = period.trim().to_ascii_uppercase();
    let bad = || Error::invalid(format!("period {period:?} does not fit this horizon: use {}", horizon.period_hint()));
    let (year, rest) = match p.split_once('-') {
        Some((y, r)) => (y, Some(r)),
        None => (p.as_str(), None),
    };
    let year: i32 = if year.len() == 4 {
        year.parse().map_err(|_| bad())?
    } else {
        return Err(bad());
    };
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Err(Error::invalid(format!("year {year} is outside {FIRST_YEAR}–{LAST_YEAR}")));
    }
    let ok = match (horizon, rest) {
        (Horizon::FiveYear, None) | (Horizon::ThreeYear, None) => true,
        (Horizon::ThreeYear, Some(h)) => matches!(h, "H1" | "H2"),
        (Horizon::OneYear, Some(q)) => matches!(q, "Q1" | "Q2" | "Q3" | "Q4"),
        _ => false,
    };
    if ok {
        Ok(p)
    } else {
        Err(bad())
    }
}

/// The year a (canonical) period falls in.
pub(crate) fn period_year(period: &str) -> Option<i32> {
    period.get(..4)?.parse().ok()
}

/// Whether a period lies in the horizon's window for a product planning from `base`.
pub(crate) fn in_window(horizon: Horizon, period: &str, base: i32) -> bool {
    let (first, last) = horizon.window(base);
    period_year(period).is_some_and(|y| (first..=last).contains(&y))
}

/// Refuses a period outside the product's window for the horizon.
fn require_in_window(product: &products::Product, horizon: Horizon, period: &str) -> Result<()> {
    if in_window(horizon, period, product.base_year) {
        return Ok(());
    }
    let (first, last) = horizon.window(product.base_year);
    let window = if first == last { format!("the quarters of {first}") } else { format!("{first}–{last}") };
    Err(Error::invalid(format!(
        "{period} is outside the {} window of {} ({window}, planning from {}): pick a period in it or move the base year",
        horizon.label(),
        product.name,
        product.base_year
    )))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Item {
    pub(crate) id: String,
    pub(crate) product_id: Option<String>,
    pub(crate) horizon: Horizon,
    pub(crate) period: String,
    pub(crate) title: String,
    pub(crate) goal_id: Option<String>,
    pub(crate) parent_id: Option<String>,
    pub(crate) status: Status,
    pub(crate) confidence: Confidence,
    pub(crate) metric: String,
    pub(crate) impact: String,
    pub(crate) rank: String,
    /// It serves a parent (or goal) that was deleted, perhaps on another laptop: shown, flagged.
    pub(crate) orphan: bool,
    /// Serves nothing on the next-longer horizon of its product (or no goal, for a theme).
    pub(crate) unaligned: bool,
    /// Its period is outside its product's current planning window (the base year moved).
    pub(crate) outside_window: bool,
    pub(crate) has_requirements: bool,
}

pub(crate) struct NewItem<'a> {
    pub(crate) product_id: &'a str,
    pub(crate) horizon: Horizon,
    pub(crate) period: &'a str,
    pub(crate) title: &'a str,
    /// Five-year themes serve an organisation goal.
    pub(crate) goal_id: Option<&'a str>,
    /// Three-year initiatives serve a theme, one-year items an initiative.
    pub(crate) parent_id: Option<&'a str>,
    /// Defaults to planned.
    pub(crate) status: Option<Status>,
}

/// The roadmap's owner (or leadership) only: the rule the roadmap item table declares, asked
/// now for an item of `product_id`.
pub(crate) fn require_owner(conn: &Connection, actor: &Actor, product_id: &str) -> Result<products::Product> {
    let product = products::get(conn, product_id)?;
    judge::require_now(conn, &actor.id, tables::ROADMAP_ITEM.name, "", "product_id", Some(&product.id))?;
    Ok(product)
}

/// Checks that `goal_id` / `parent_id` are valid links for item `id` (`None` when new) on
/// `horizon` in `product_id`.
fn check_links(
    conn: &Connection,
    id: Option<&str>,
    product_id: &str,
    horizon: Horizon,
    goal_id: Option<&str>,
    parent_id: Option<&str>,
) -> Result<()> {
    if let Some(goal_id) = goal_id {
        if horizon != Horizon::FiveYear {
            return Err(Error::invalid(
                "only five-year themes serve a goal directly; link this item to a theme or initiative",
            ));
        }
        goals::get(conn, goal_id)?;
    }
    if let Some(parent_id) = parent_id {
        let parent = get(conn, parent_id)?;
        if let Some(id) = id {
            if parent.id == id || ancestors(conn, &parent)?.iter().any(|a| a.id == id) {
                return Err(Error::invalid(format!(
                    "{:?} already serves this item: linking them would make a cycle",
                    parent.title
                )));
            }
        }
        let Some(wanted) = horizon.parent() else {
            return Err(Error::invalid("a five-year theme has no parent item; link it to an organisation goal"));
        };
        if parent.product_id.as_deref() != Some(product_id) {
            return Err(Error::invalid(format!("{:?} belongs to another product", parent.title)));
        }
        if parent.horizon != wanted {
            return Err(Error::invalid(format!(
                "{:?} is a {} item; a {} item serves a {} item",
                parent.title,
                parent.horizon.label(),
                horizon.label(),
                wanted.label()
            )));
        }
    }
    Ok(())
}

pub(crate) fn create(core: &Core, actor: &Actor, new: NewItem<'_>) -> Result<Item> {
    core.write(&actor.id, |w| create_in(w, actor, &new))
}

/// [`create`] inside a command that does more in the same transaction (placing an idea).
pub(crate) fn create_in(w: &mut Writer<'_>, actor: &Actor, new: &NewItem<'_>) -> Result<Item> {
    let title = clean_name("item title", new.title, MAX_TITLE)?;
    let period = parse_period(new.horizon, new.period)?;
    let id = new_id();
    let product = require_owner(w.conn(), actor, new.product_id)?;
    require_in_window(&product, new.horizon, &period)?;
    check_links(w.conn(), None, new.product_id, new.horizon, new.goal_id, new.parent_id)?;
    w.set("roadmap_item", &id, "product_id", new.product_id)?;
    w.set("roadmap_item", &id, "horizon", new.horizon.as_str())?;
    w.set("roadmap_item", &id, "period", period.as_str())?;
    w.set("roadmap_item", &id, "title", title.as_str())?;
    w.set("roadmap_item", &id, "goal_id", new.goal_id)?;
    w.set("roadmap_item", &id, "parent_id", new.parent_id)?;
    w.set("roadmap_item", &id, "status", new.status.unwrap_or(Status::Planned).as_str())?;
    w.set("roadmap_item", &id, "confidence", Confidence::Medium.as_str())?;
    place(w, &id, new.product_id, new.horizon, &period, Place::Last)?;
    get(w.conn(), &id)
}

/// Where an item goes within its period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place<'a> {
    Before(&'a str),
    After(&'a str),
    Last,
}

/// A move: to another period, under another parent (goal for a theme), and/or to another
/// place within the period.
#[derive(Default)]
pub(crate) struct Move<'a> {
    pub(crate) period: Option<&'a str>,
    pub(crate) parent_id: Option<&'a str>,
    pub(crate) goal_id: Option<&'a str>,
    pub(crate) place: Option<Place<'a>>,
}

/// Sets a field of an item back to an earlier value through the command a person would use,
/// so it obeys today's rules (history's restore; the fields are declared `Restore::Command`).
pub(crate) fn restore_field(
    core: &Core,
    actor: &Actor,
    id: &str,
    field: &str,
    value: &serde_json::Value,
) -> Result<()> {
    let text = value.as_str();
    match field {
        "period" | "parent_id" | "goal_id" => {
            let mv = Move {
                period: text.filter(|_| field == "period"),
                parent_id: text.filter(|_| field == "parent_id"),
                goal_id: text.filter(|_| field == "goal_id"),
                place: None,
            };
            if mv.period.is_none() && mv.parent_id.is_none() && mv.goal_id.is_none() {
                return Err(Error::invalid("that earlier value was empty; choose a new link instead"));
            }
            move_item(core, actor, id, mv)?;
        }
        "deleted" => {
            if value.as_bool() == Some(true) {
                delete(core, actor, id)?;
            } else {
                undelete(core, actor, id)?;
            }
        }
        _ => {
            let text = text.unwrap_or_default();
            let up = Update {
                title: (field == "title").then_some(text),
                metric: (field == "metric").then_some(text),
                impact: (field == "impact").then_some(text),
                requirements: (field == "requirements").then_some(text),
                status: if field == "status" { Some(Status::parse(text)?) } else { None },
                confidence: if field == "confidence" { Some(Confidence::parse(text)?) } else { None },
            };
            update(core, actor, id, up)?;
        }
    }
    Ok(())
}

pub(crate) fn move_item(core: &Core, actor: &Actor, id: &str, mv: Move<'_>) -> Result<Item> {
    if mv.period.is_none() && mv.parent_id.is_none() && mv.goal_id.is_none() && mv.place.is_none() {
        return Err(Error::invalid("nothing to move: give a period, a parent, a goal or a place"));
    }
    core.write(&actor.id, |w| {
        let item = get(w.conn(), id)?;
        let product_id = item.product_id.clone().unwrap_or_default();
        let product = require_owner(w.conn(), actor, &product_id)?;
        check_links(w.conn(), Some(id), &product_id, item.horizon, mv.goal_id, mv.parent_id)?;
        let mut period = item.period.clone();
        if let Some(p) = mv.period {
            period = parse_period(item.horizon, p)?;
            if period != item.period {
                require_in_window(&product, item.horizon, &period)?;
                w.set("roadmap_item", id, "period", period.as_str())?;
            }
        }
        if let Some(parent) = mv.parent_id.filter(|p| Some(*p) != item.parent_id.as_deref()) {
            w.set("roadmap_item", id, "parent_id", parent)?;
        }
        if let Some(goal) = mv.goal_id.filter(|g| Some(*g) != item.goal_id.as_deref()) {
            w.set("roadmap_item", id, "goal_id", goal)?;
        }
        match mv.place {
            Some(place) => place_checked(w, &item, &period, place)?,
            None if period != item.period => place(w, id, &product_id, item.horizon, &period, Place::Last)?,
            None => {}
        }
        get(w.conn(), id)
    })
}

fn place_checked(w: &mut Writer<'_>, item: &Item, period: &str, place_at: Place<'_>) -> Result<()> {
    if let Place::Before(other) | Place::After(other) = place_at {
        let other = get(w.conn(), other)?;
        if other.id == item.id {
            return Err(Error::invalid("an item cannot be placed next to itself"));
        }
        if other.product_id != item.product_id || other.horizon != item.horizon || other.period != period {
            return Err(Error::invalid(format!(
                "{:?} is not in {period} of the same horizon and product: move the item to its period first",
                other.title
            )));
        }
    }
    place(w, &item.id, item.product_id.as_deref().unwrap_or_default(), item.horizon, period, place_at)
}

/// Gives `id` an order key that puts it at `place_at` among the other items of its period,
/// renumbering the period when its keys leave no room (equal keys from two laptops, old items).
fn place(w: &mut Writer<'_>, id: &str, product_id: &str, horizon: Horizon, period: &str, at: Place<'_>) -> Result<()> {
    let mut others: Vec<(String, String)> = {
        let mut stmt = w.conn().prepare(
            "SELECT id, rank FROM roadmap_item WHERE product_id = ?1 AND horizon = ?2 AND period = ?3
             AND deleted = 0 AND id <> ?4 ORDER BY rank, title COLLATE NOCASE, id",
        )?;
        let rows = stmt.query_map([product_id, horizon.as_str(), period, id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let pos = match at {
        Place::Last => others.len(),
        Place::Before(o) | Place::After(o) => {
            let i = others.iter().position(|(oid, _)| oid == o).ok_or_else(|| Error::not_found("roadmap item", o))?;
            if matches!(at, Place::After(_)) {
                i + 1
            } else {
                i
            }
        }
    };
    let lo = pos.checked_sub(1).and_then(|i| others.get(i)).map_or("", |(_, r)| r.as_str());
    let hi = others.get(pos).map(|(_, r)| r.as_str());
    let current: String = w
        .conn()
        .query_row("SELECT rank FROM roadmap_item WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .unwrap_or_default();
    // Already in place with room on both sides: nothing to write.
    if rank::is_key(&current) && current.as_str() > lo && hi.is_none_or(|h| current.as_str() < h) {
        return Ok(());
    }
    if let Some(key) = rank::between(lo, hi).filter(|k| k.len() <= rank::MAX_LEN) {
        return w.set("roadmap_item", id, "rank", key);
    }
    others.insert(pos, (id.to_owned(), current));
    for ((oid, old), key) in others.iter().zip(rank::spread(others.len())) {
        if *old != key {
            w.set("roadmap_item", oid, "rank", key)?;
        }
    }
    Ok(())
}

/// What to change on an item; `None` leaves a field as it is.
#[derive(Debug, Default)]
pub(crate) struct Update<'a> {
    pub(crate) title: Option<&'a str>,
    pub(crate) status: Option<Status>,
    pub(crate) confidence: Option<Confidence>,
    pub(crate) metric: Option<&'a str>,
    pub(crate) impact: Option<&'a str>,
    /// Markdown.
    pub(crate) requirements: Option<&'a str>,
}

pub(crate) fn update(core: &Core, actor: &Actor, id: &str, up: Update<'_>) -> Result<Item> {
    let title = up.title.map(|t| clean_name("item title", t, MAX_TITLE)).transpose()?;
    let metric = up.metric.map(|m| clean_name_or_empty("success metric", m, MAX_METRIC)).transpose()?;
    let impact = up.impact.map(|m| clean_name_or_empty("expected impact", m, MAX_IMPACT)).transpose()?;
    let requirements = up.requirements.map(|r| clean_text("requirements", r, MAX_REQUIREMENTS)).transpose()?;
    core.write(&actor.id, |w| {
        let item = get(w.conn(), id)?;
        require_owner(w.conn(), actor, item.product_id.as_deref().unwrap_or_default())?;
        let old_requirements = requirements_of(w.conn(), id)?;
        let changes = [
            ("title", title, item.title.as_str()),
            ("status", up.status.map(|s| s.as_str().to_owned()), item.status.as_str()),
            ("confidence", up.confidence.map(|c| c.as_str().to_owned()), item.confidence.as_str()),
            ("metric", metric, item.metric.as_str()),
            ("impact", impact, item.impact.as_str()),
            ("requirements", requirements, old_requirements.as_str()),
        ];
        for (field, new, old) in changes {
            if let Some(new) = new.filter(|n| n != old) {
                w.set("roadmap_item", id, field, new)?;
            }
        }
        get(w.conn(), id)
    })
}

#[cfg(test)]
/// Renames an item.
pub(crate) fn rename(core: &Core, actor: &Actor, id: &str, title: &str) -> Result<Item> {
    update(core, actor, id, Update { title: Some(title), ..Update::default() })
}

/// A single-line text that may be empty.
fn clean_name_or_empty(what: &str, s: &str, max: usize) -> Result<String> {
    if s.trim().is_empty() {
        Ok(String::new())
    } else {
        clean_name(what, s, max)
    }
}

/// Deletes (softly: undo with [`undelete`]; items serving it become orphans, never vanish).
pub(crate) fn delete(core: &Core, actor: &Actor, id: &str) -> Result<Item> {
    core.write(&actor.id, |w| {
        let item = get(w.conn(), id)?;
        require_owner(w.conn(), actor, item.product_id.as_deref().unwrap_or_default())?;
        w.set("roadmap_item", id, "deleted", true)?;
        Ok(item)
    })
}

/// Brings a deleted item back.
pub(crate) fn undelete(core: &Core, actor: &Actor, id: &str) -> Result<Item> {
    core.write(&actor.id, |w| {
        let (product_id, deleted): (Option<String>, bool) = w
            .conn()
            .query_row("SELECT product_id, deleted FROM roadmap_item WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?
            .ok_or_else(|| Error::not_found("roadmap item", id))?;
        // Only its deletion has reached this laptop (a teammate's, before the item itself):
        // there is nothing here to bring back yet.
        let product_id = product_id.filter(|p| !p.is_empty()).ok_or_else(|| Error::not_found("roadmap item", id))?;
        require_owner(w.conn(), actor, &product_id)?;
        if !deleted {
            return Err(Error::invalid("that item is not deleted"));
        }
        w.set("roadmap_item", id, "deleted", false)?;
        get(w.conn(), id)
    })
}

const SELECT: &str = "SELECT i.id, i.product_id, i.horizon, i.period, i.title, i.goal_id, i.parent_id,
        (i.parent_id IS NOT NULL AND p.id IS NULL) OR (i.goal_id IS NOT NULL AND g.id IS NULL),
        i.status, i.confidence, i.metric, i.impact, i.rank, i.requirements <> '',
        p.horizon, p.product_id, pr.base_year
    FROM roadmap_item i
    LEFT JOIN roadmap_item p ON p.id = i.parent_id AND p.deleted = 0
    LEFT JOIN goal g ON g.id = i.goal_id AND g.deleted = 0
    LEFT JOIN product pr ON pr.id = i.product_id";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<Item>> {
    let (horizon, status, confidence): (String, String, String) = (r.get(2)?, r.get(8)?, r.get(9)?);
    let (horizon, status, confidence) =
        match (Horizon::parse(&horizon), Status::parse(&status), Confidence::parse(&confidence)) {
            (Ok(h), Ok(s), Ok(c)) => (h, s, c),
            (Err(e), ..) | (_, Err(e), _) | (.., Err(e)) => return Ok(Err(e)),
        };
    let product_id: Option<String> = r.get(1)?;
    let (goal_id, parent_id): (Option<String>, Option<String>) = (r.get(5)?, r.get(6)?);
    let orphan: bool = r.get(7)?;
    let parent_horizon: Option<String> = r.get(14)?;
    let parent_product: Option<String> = r.get(15)?;
    let parent_fits = parent_horizon.as_deref() == horizon.parent().map(Horizon::as_str)
        && parent_product.is_some()
        && parent_product == product_id;
    let unaligned = orphan
        || match horizon {
            Horizon::FiveYear => goal_id.is_none(),
            _ => parent_id.is_none() || !parent_fits,
        };
    let base: Option<i32> = r.get(16)?;
    let base = base.filter(|b| *b != 0).unwrap_or_else(products::current_year);
    let period: String = r.get(3)?;
    Ok(Ok(Item {
        id: r.get(0)?,
        product_id,
        horizon,
        outside_window: !in_window(horizon, &period, base),
        period,
        title: r.get(4)?,
        goal_id,
        parent_id,
        status,
        confidence,
        metric: r.get(10)?,
        impact: r.get(11)?,
        rank: r.get(12)?,
        has_requirements: r.get(13)?,
        orphan,
        unaligned,
    }))
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Item> {
    conn.prepare_cached(&format!("{SELECT} WHERE i.id = ?1 AND i.deleted = 0"))?
        .query_row([id], row)
        .optional()?
        .ok_or_else(|| Error::not_found("roadmap item", id))?
}

pub(crate) fn requirements_of(conn: &Connection, id: &str) -> Result<String> {
    Ok(conn
        .query_row("SELECT requirements FROM roadmap_item WHERE id = ?1 AND deleted = 0", [id], |r| r.get(0))
        .optional()?
        .unwrap_or_default())
}

/// The chain of items `item` serves, nearest first (stops at a missing or repeated link).
pub(crate) fn ancestors(conn: &Connection, item: &Item) -> Result<Vec<Item>> {
    let mut out: Vec<Item> = Vec::new();
    let mut next = item.parent_id.clone();
    while let Some(pid) = next {
        if pid == item.id || out.iter().any(|a| a.id == pid) || out.len() > 8 {
            break;
        }
        let Ok(parent) = get(conn, &pid) else { break };
        next = parent.parent_id.clone();
        out.push(parent);
    }
    Ok(out)
}

/// Which items a list shows.
#[derive(Debug, Default, Clone)]
pub(crate) struct Filter {
    pub(crate) product_id: Option<String>,
    /// Only items with one of these statuses (empty: all).
    pub(crate) statuses: Vec<Status>,
}

/// Items of one product (or all), longest horizon first, then by period and order.
pub(crate) fn list(core: &Core, product_id: Option<&str>) -> Result<Vec<Item>> {
    core.read(|c| list_in(c, &Filter { product_id: product_id.map(str::to_owned), statuses: Vec::new() }))
}

pub(crate) fn list_in(c: &Connection, filter: &Filter) -> Result<Vec<Item>> {
    let order = "ORDER BY CASE i.horizon WHEN 'five_year' THEN 0 WHEN 'three_year' THEN 1 ELSE 2 END,
                 i.period, i.rank, i.title COLLATE NOCASE, i.id";
    // Rows without a horizon (created by ops of which only some have arrived yet) wait. One
    // statement per shape, so the product's rows come from its index (a cached plan is fixed:
    // `?1 IS NULL OR product_id = ?1` would read every item).
    let where_ = match filter.product_id {
        Some(_) => "i.deleted = 0 AND i.horizon <> '' AND i.product_id = ?1",
        None => "i.deleted = 0 AND i.horizon <> '' AND ?1 IS NULL",
    };
    let mut stmt = c.prepare_cached(&format!("{SELECT} WHERE {where_} {order}"))?;
    let rows = stmt.query_map([filter.product_id.as_deref()], row)?;
    let mut out = Vec::new();
    for r in rows {
        let item = r??;
        if filter.statuses.is_empty() || filter.statuses.contains(&item.status) {
            out.push(item);
        }
    }
    Ok(out)
}

pub(crate) fn list_filtered(core: &Core, filter: &Filter) -> Result<Vec<Item>> {
    core.read(|c| list_in(c, filter))
}

/// Everything the item detail shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Detail {
    pub(crate) item: Item,
    pub(crate) requirements: String,
    /// The items it serves, nearest first.
    pub(crate) ancestors: Vec<Item>,
    pub(crate) goal: Option<goals::Goal>,
    /// Its own guardrails, then those of every ancestor.
    pub(crate) guardrails: Vec<guardrails::Guardrail>,
    /// Items serving it directly.
    pub(crate) children: Vec<Item>,
}

pub(crate) fn detail(core: &Core, id: &str) -> Result<Detail> {
    core.read(|c| {
        let item = get(c, id)?;
        let ancestors = ancestors(c, &item)?;
        let goal_id = ancestors.last().unwrap_or(&item).goal_id.clone();
        let goal = goal_id.and_then(|g| goals::get(c, &g).ok());
        let guardrails = guardrails::own_and_inherited(c, &item, &ancestors)?;
        let mut stmt = c.prepare_cached(&format!(
            "{SELECT} WHERE i.parent_id = ?1 AND i.deleted = 0 ORDER BY i.period, i.rank, i.id"
        ))?;
        let children = stmt.query_map([id], row)?.map(|r| r?).collect::<Result<Vec<_>>>()?;
        Ok(Detail { requirements: requirements_of(c, id)?, item, ancestors, goal, guardrails, children })
    })
}

/// Finds an item by id or exact title (case-insensitive), within a product when given.
pub(crate) fn find(core: &Core, product_id: Option<&str>, id_or_title: &str) -> Result<Item> {
    let all = list(core, product_id)?;
    crate::lookup::by_id_or_name(&all, "roadmap item", id_or_title, |i| &i.id, |i| &i.title).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::{self, Role};
    use crate::ErrorCode;

    #[test]
    fn periods_must_fit_their_horizon() {
        use Horizon::*;
        assert_eq!(parse_period(OneYear, " 2027-q3 ").ok().as_deref(), Some("2027-Q3"));
        assert_eq!(parse_period(ThreeYear, "2027-H2").ok().as_deref(), Some("2027-H2"));
        assert_eq!(parse_period(ThreeYear, "2028").ok().as_deref(), Some("2028"));
        assert_eq!(parse_period(FiveYear, "2030").ok().as_deref(), Some("2030"));
        for (h, p) in [
            (OneYear, "2027"),
            (OneYear, "2027-Q5"),
            (OneYear, "2027-H1"),
            (ThreeYear, "2027-Q1"),
            (FiveYear, "2027-H1"),
            (FiveYear, "27"),
            (FiveYear, "abcd"),
            (FiveYear, ""),
            (FiveYear, "1999"),
            (OneYear, "2101-Q1"),
        ] {
            assert!(parse_period(h, p).is_err(), "{h:?} {p:?} should be refused");
        }
    }

    #[test]
    fn windows_follow_the_base_year() {
        use Horizon::*;
        assert_eq!(FiveYear.window(2027), (2027, 2031));
        assert_eq!(ThreeYear.window(2027), (2027, 2029));
        assert_eq!(OneYear.window(2027), (2027, 2027));
        assert!(in_window(OneYear, "2027-Q4", 2027) && !in_window(OneYear, "2028-Q1", 2027));
        assert!(in_window(ThreeYear, "2029-H2", 2027) && !in_window(ThreeYear, "2030", 2027));
        assert!(in_window(FiveYear, "2031", 2027) && !in_window(FiveYear, "2026", 2027));
    }

    pub(crate) struct Fixture {
        pub core: Core,
        pub sam: Actor,
        pub product: String,
        pub goal: String,
    }

    pub(crate) fn fixture() -> Result<Fixture> {
        let core = Core::open_in_memory()?;
        workspace::init(&core, "Acme", "Sam", Role::Senior)?;
        let sam = workspace::me(&core)?;
        let goal = goals::create(&core, &sam, "Grow", "", "")?.id;
        let more = products::NewProduct { base_year: Some(2027), ..products::NewProduct::default() };
        let product = products::create_with(&core, &sam, "Checkout", None, more)?.id;
        Ok(Fixture { core, sam, product, goal })
    }

    fn item<'a>(f: &'a Fixture, h: Horizon, period: &'a str, title: &'a str, parent: Option<&'a str>) -> NewItem<'a> {
        let goal_id = (h == Horizon::FiveYear).then_some(f.goal.as_str());
        NewItem { product_id: &f.product, horizon: h, period, title, goal_id, parent_id: parent, status: None }
    }

    fn code<T>(r: Result<T>) -> Option<ErrorCode> {
        r.err().map(|e| e.code())
    }

    fn dump(f: &Fixture) -> Result<String> {
        f.core.read(crate::oplog::dump)
    }

    #[test]
    fn each_item_serves_the_next_longer_horizon_of_its_product() -> Result<()> {
        let f = fixture()?;
        let theme = create(&f.core, &f.sam, item(&f, Horizon::FiveYear, "2030", "One-click everywhere", None))?;
        let init = create(&f.core, &f.sam, item(&f, Horizon::ThreeYear, "2027-H2", "Wallets", Some(&theme.id)))?;
        let one = create(&f.core, &f.sam, item(&f, Horizon::OneYear, "2027-Q1", "Apple Pay", Some(&init.id)))?;
        assert!(!theme.unaligned && !init.unaligned && !one.unaligned);
        assert_eq!(one.status, Status::Planned);
        let titles: Vec<String> = list(&f.core, Some(&f.product))?.into_iter().map(|i| i.title).collect();
        assert_eq!(titles, ["One-click everywhere", "Wallets", "Apple Pay"]);
        let before = dump(&f)?;

        // Skipping a horizon, serving a shorter or equal one, a theme with a parent, an item
        // with a goal, another product's parent, an unknown parent: all refused.
        let err = create(&f.core, &f.sam, item(&f, Horizon::OneYear, "2027-Q2", "X", Some(&theme.id))).err();
        assert_eq!(
            err.map(|e| e.to_string()).as_deref(),
            Some("\"One-click everywhere\" is a five-year item; a one-year item serves a three-year item")
        );
        assert_eq!(
            code(create(&f.core, &f.sam, item(&f, Horizon::OneYear, "2027-Q1", "X", Some(&one.id)))),
            Some(ErrorCode::InvalidInput)
        );
        let theme_with_parent = NewItem { parent_id: Some(&init.id), ..item(&f, Horizon::FiveYear, "2030", "T", None) };
        assert_eq!(code(create(&f.core, &f.sam, theme_with_parent)), Some(ErrorCode::InvalidInput));
        let item_with_goal = NewItem { goal_id: Some(&f.goal), ..item(&f, Horizon::OneYear, "2027-Q1", "X", None) };
        assert_eq!(code(create(&f.core, &f.sam, item_with_goal)), Some(ErrorCode::InvalidInput));
        let other = products::create(&f.core, &f.sam, "Other", None)?;
        let foreign = NewItem { product_id: &other.id, ..item(&f, Horizon::ThreeYear, "2027", "X", Some(&theme.id)) };
        let err = create(&f.core, &f.sam, foreign).err().map(|e| e.to_string());
        assert_eq!(err.as_deref(), Some("\"One-click everywhere\" belongs to another product"));
        let err = create(&f.core, &f.sam, item(&f, Horizon::OneYear, "2027-Q1", "X", Some("no-such-id"))).err();
        assert_eq!(err.map(|e| e.to_string()).as_deref(), Some("roadmap item not found: no-such-id"));
        // Products differ only by the one just created above.
        assert_eq!(list(&f.core, Some(&f.product))?.len(), 3, "refused creates changed nothing");
        assert!(before.len() < dump(&f)?.len());
        Ok(())
    }

    #[test]
    fn a_cycle_is_refused_with_a_clear_error() -> Result<()> {
        let f = fixture()?;
        let theme = create(&f.core, &f.sam, item(&f, Horizon::FiveYear, "2030", "Theme", None))?;
        let init = create(&f.core, &f.sam, item(&f, Horizon::ThreeYear, "2028", "Init", Some(&theme.id)))?;
        let one = create(&f.core, &f.sam, item(&f, Horizon::OneYear, "2027-Q1", "One", Some(&init.id)))?;
        let before = dump(&f)?;
        let err = move_item(&f.core, &f.sam, &init.id, Move { parent_id: Some(&one.id), ..Move::default() }).err();
        assert_eq!(
            err.map(|e| e.to_string()).as_deref(),
            Some("\"One\" already serves this item: linking them would make a cycle")
        );
        let err = move_item(&f.core, &f.sam, &init.id, Move { parent_id: Some(&init.id), ..Move::default() });
        assert_eq!(code(err), Some(ErrorCode::InvalidInput));
        assert_eq!(dump(&f)?, before);
        Ok(())
    }

    #[test]
    fn periods_outside_the_window_are_refused_and_moving_the_base_year_flags_items() -> Result<()> {
        let f = fixture()?;
        let before = dump(&f)?;
        for (h, p) in [
            (Horizon::OneYear, "2028-Q1"),
            (Horizon::ThreeYear, "2030"),
            (Horizon::FiveYear, "2032"),
            (Horizon::FiveYear, "2026"),
        ] {
            assert_eq!(
                code(create(&f.core, &f.sam, item(&f, h, p, "Late", None))),
                Some(ErrorCode::InvalidInput),
                "{p}"
            );
        }
        let err =
            create(&f.core, &f.sam, item(&f, Horizon::OneYear, "2028-Q1", "Late", None)).err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("2028-Q1 is outside the one-year window of Checkout (the quarters of 2027, planning from 2027): pick a period in it or move the base year")
        );
        assert_eq!(dump(&f)?, before);
        let q1 = create(&f.core, &f.sam, item(&f, Horizon::OneYear, "2027-Q1", "Q1", None))?;
        let theme = create(&f.core, &f.sam, item(&f, Horizon::FiveYear, "2031", "Far", None))?;
        assert!(q1.unaligned && !q1.outside_window);
        products::update(
            &f.core,
            &f.sam,
            &f.product,
            products::ProductUpdate { base_year: Some(2028), ..Default::default() },
        )?;
        let q1 = f.core.read(|c| get(c, &q1.id))?;
        let theme = f.core.read(|c| get(c, &theme.id))?;
        assert!(q1.outside_window, "last cycle's quarter is kept and flagged");
        assert!(!theme.outside_window, "2031 is still in 2028–2032");
        let err = move_item(&f.core, &f.sam, &q1.id, Move { period: Some("2027-Q2"), ..Move::default() });
        assert_eq!(code(err), Some(ErrorCode::InvalidInput), "moving within the old window is refused");
        let moved = move_item(&f.core, &f.sam, &q1.id, Move { period: Some("2028-Q2"), ..Move::default() })?;
        assert!(!moved.outside_window);
        Ok(())
    }

    #[test]
    fn items_keep_their_order_within_a_period_and_move_before_or_after_others() -> Result<()> {
        let f = fixture()?;
        let titles = |f: &Fixture| -> Result<Vec<String>> {
            Ok(list(&f.core, Some(&f.product))?
                .into_iter()
                .filter(|i| i.period == "2027-Q1")
                .map(|i| i.title)
                .collect())
        };
        let mut ids = Vec::new();
        for t in ["c", "a", "b"] {
            ids.push(create(&f.core, &f.sam, item(&f, Horizon::OneYear, "2027-Q1", t, None))?.id);
        }
        assert_eq!(titles(&f)?, ["c", "a", "b"], "new items go last, not alphabetically");
        move_item(&f.core, &f.sam, &ids[2], Move { place: Some(Place::Before(&ids[0])), ..Move::default() })?;
        assert_eq!(titles(&f)?, ["b", "c", "a"]);
        move_item(&f.core, &f.sam, &ids[2], Move { place: Some(Place::After(&ids[1])), ..Move::default() })?;
        assert_eq!(titles(&f)?, ["c", "a", "b"]);
        let q2 = create(&f.core, &f.sam, item(&f, Horizon::OneYear, "2027-Q2", "d", None))?;
        let err = move_item(&f.core, &f.sam, &ids[0], Move { place: Some(Place::Before(&q2.id)), ..Move::default() });
        assert_eq!(code(err), Some(ErrorCode::InvalidInput), "a neighbour in another period is refused");
        let err = move_item(&f.core, &f.sam, &ids[0], Move { place: Some(Place::After(&ids[0])), ..Move::default() });
        assert_eq!(code(err), Some(ErrorCode::InvalidInput));
        // Moving to another period next to an item there.
        move_item(
            &f.core,
            &f.sam,
            &ids[0],
            Move { period: Some("2027-Q2"), place: Some(Place::Before(&q2.id)), ..Move::default() },
        )?;
        let q2_titles: Vec<String> =
            list(&f.core, Some(&f.product))?.into_iter().filter(|i| i.period == "2027-Q2").map(|i| i.title).collect();
        assert_eq!(q2_titles, ["c", "d"]);
        Ok(())
    }

    #[test]
    fn equal_order_keys_from_two_laptops_are_renumbered_by_the_next_move() -> Result<()> {
        let f = fixture()?;
        let a = create(&f.core, &f.sam, item(&f, Horizon::OneYear, "2027-Q1", "a", None))?;
        let b = create(&f.core, &f.sam, item(&f, Horizon::OneYear, "2027-Q1", "b", None))?;
        let c = create(&f.core, &f.sam, item(&f, Horizon::OneYear, "2027-Q1", "c", None))?;
        // As if two laptops had placed a and b into the same gap.
        f.core.write(&f.sam.id, |w| {
            w.set("roadmap_item", &a.id, "rank", "V")?;
            w.set("roadmap_item", &b.id, "rank", "V")
        })?;
        move_item(&f.core, &f.sam, &c.id, Move { place: Some(Place::After(&a.id)), ..Move::default() })?;
        let items = list(&f.core, Some(&f.product))?;
        let order: Vec<&str> = items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(order, ["a", "c", "b"]);
        let ranks: Vec<&str> = items.iter().map(|i| i.rank.as_str()).collect();
        assert!(ranks.windows(2).all(|w| w[0] < w[1]), "renumbered: {ranks:?}");
        Ok(())
    }

    #[test]
    fn fields_are_updated_and_bad_text_changes_nothing() -> Result<()> {
        let f = fixture()?;
        let one = create(&f.core, &f.sam, item(&f, Horizon::OneYear, "2027-Q1", "One", None))?;
        let up = Update {
            status: Some(Status::InProgress),
            confidence: Some(Confidence::High),
            metric: Some(" wallet share "),
            impact: Some("$1M ARR"),
            requirements: Some("## Must\n- Apple Pay\n"),
            ..Update::default()
        };
        let one = update(&f.core, &f.sam, &one.id, up)?;
        assert_eq!(
            (one.status, one.confidence, one.metric.as_str(), one.impact.as_str()),
            (Status::InProgress, Confidence::High, "wallet share", "$1M ARR")
        );
        assert!(one.has_requirements);
        assert_eq!(f.core.read(|c| requirements_of(c, &one.id))?, "## Must\n- Apple Pay");
        let before = dump(&f)?;
        let huge = "x".repeat(MAX_REQUIREMENTS + 1);
        let long_metric = "m".repeat(MAX_METRIC + 1);
        for bad in [
            Update { title: Some("  "), ..Update::default() },
            Update { title: Some("two\nlines"), ..Update::default() },
            Update { metric: Some(&long_metric), ..Update::default() },
            Update { requirements: Some(&huge), ..Update::default() },
            Update { requirements: Some("nul \u{0}"), ..Update::default() },
        ] {
            assert_eq!(code(update(&f.core, &f.sam, &one.id, bad)), Some(ErrorCode::InvalidInput));
        }
        assert_eq!(code(update(&f.core, &f.sam, "nope", Update::default())), Some(ErrorCode::NotFound));
        assert_eq!(dump(&f)?, before, "refused updates changed nothing");
        Ok(())
    }

    #[test]
    fn deleting_a_parent_leaves_its_children_as_orphans_and_undo_restores_it() -> Result<()> {
        let f = fixture()?;
        let theme = create(&f.core, &f.sam, item(&f, Horizon::FiveYear, "2030", "Theme", None))?;
        let child = create(&f.core, &f.sam, item(&f, Horizon::ThreeYear, "2027", "Child", Some(&theme.id)))?;
        assert!(!child.orphan);
        delete(&f.core, &f.sam, &theme.id)?;
        let left = list(&f.core, None)?;
        assert_eq!(left.len(), 1);
        assert!(left[0].orphan && left[0].unaligned, "the child shows, flagged as an orphan");
        assert!(f.core.read(|c| get(c, &theme.id)).is_err());
        undelete(&f.core, &f.sam, &theme.id)?;
        assert!(list(&f.core, None)?.iter().all(|i| !i.orphan && !i.unaligned));
        Ok(())
    }

    #[test]
    fn only_the_owner_or_leadership_edits_a_roadmap() -> Result<()> {
        let f = fixture()?;
        let kim = workspace::add_member(&f.core, &f.sam, "Kim", Role::Junior, None)?;
        let kim = f.core.read(|c| workspace::actor(c, &kim.id))?;
        let err = create(&f.core, &kim, item(&f, Horizon::FiveYear, "2030", "Mine", None)).err();
        assert_eq!(
            err.map(|e| e.to_string()).as_deref(),
            Some("Kim is a junior PM and may not edit the roadmap of Checkout")
        );
        assert!(list(&f.core, None)?.is_empty());
        Ok(())
    }

    #[test]
    fn the_detail_shows_own_and_inherited_guardrails_and_the_chain_served() -> Result<()> {
        use guardrails::GuardrailKind;
        let f = fixture()?;
        let theme = create(&f.core, &f.sam, item(&f, Horizon::FiveYear, "2030", "Theme", None))?;
        let init = create(&f.core, &f.sam, item(&f, Horizon::ThreeYear, "2028", "Init", Some(&theme.id)))?;
        let one = create(&f.core, &f.sam, item(&f, Horizon::OneYear, "2027-Q1", "One", Some(&init.id)))?;
        guardrails::add(&f.core, &f.sam, &theme.id, GuardrailKind::MustNot, "Never store card numbers")?;
        guardrails::add(&f.core, &f.sam, &init.id, GuardrailKind::Budget, "Two squads at most")?;
        let own = guardrails::add(&f.core, &f.sam, &one.id, GuardrailKind::Date, "Before the freeze")?;
        let d = detail(&f.core, &one.id)?;
        let rails: Vec<(&str, bool, &str)> =
            d.guardrails.iter().map(|g| (g.statement.as_str(), g.inherited, g.item_title.as_str())).collect();
        assert_eq!(
            rails,
            [
                ("Before the freeze", false, "One"),
                ("Two squads at most", true, "Init"),
                ("Never store card numbers", true, "Theme")
            ]
        );
        let chain: Vec<&str> = d.ancestors.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(chain, ["Init", "Theme"]);
        assert_eq!(d.goal.map(|g| g.title).as_deref(), Some("Grow"));
        assert_eq!(detail(&f.core, &init.id)?.children.len(), 1);

        let before = dump(&f)?;
        assert_eq!(
            code(guardrails::add(&f.core, &f.sam, &one.id, GuardrailKind::Other, " ")),
            Some(ErrorCode::InvalidInput)
        );
        let long = "s".repeat(guardrails::MAX_STATEMENT + 1);
        assert_eq!(
            code(guardrails::add(&f.core, &f.sam, &one.id, GuardrailKind::Other, &long)),
            Some(ErrorCode::InvalidInput)
        );
        assert_eq!(
            code(guardrails::add(&f.core, &f.sam, "nope", GuardrailKind::Other, "x")),
            Some(ErrorCode::NotFound)
        );
        let kim = workspace::add_member(&f.core, &f.sam, "Kim", Role::Junior, None)?;
        let kim = f.core.read(|c| workspace::actor(c, &kim.id))?;
        let after_kim = dump(&f)?;
        assert!(before.len() < after_kim.len());
        assert_eq!(code(guardrails::delete(&f.core, &kim, &own.id)), Some(ErrorCode::PermissionDenied));
        assert_eq!(dump(&f)?, after_kim);
        guardrails::update(&f.core, &f.sam, &own.id, Some(GuardrailKind::Scope), Some("Only wallets"))?;
        guardrails::delete(&f.core, &f.sam, &own.id)?;
        assert_eq!(guardrails::for_item(&f.core, &one.id)?.len(), 2);
        Ok(())
    }

    #[test]
    fn restoring_an_old_value_obeys_todays_rules() -> Result<()> {
        use crate::history;
        let f = fixture()?;
        let one = create(&f.core, &f.sam, item(&f, Horizon::OneYear, "2027-Q1", "One", None))?;
        move_item(&f.core, &f.sam, &one.id, Move { period: Some("2027-Q3"), ..Move::default() })?;
        let old_period = history::history(&f.core, "roadmap_item", &one.id, Some("period"))?
            .into_iter()
            .find(|c| c.value == serde_json::json!("2027-Q1"))
            .map(|c| c.op_id)
            .unwrap_or_default();
        products::update(
            &f.core,
            &f.sam,
            &f.product,
            products::ProductUpdate { base_year: Some(2028), ..Default::default() },
        )?;
        let before = dump(&f)?;
        let err = history::restore(&f.core, &f.sam, &old_period).err().map(|e| e.to_string());
        assert!(err.as_deref().is_some_and(|e| e.contains("outside the one-year window")), "{err:?}");
        let horizon = history::history(&f.core, "roadmap_item", &one.id, Some("horizon"))?;
        let err = history::restore(&f.core, &f.sam, &horizon[0].op_id).err().map(|e| e.to_string());
        assert_eq!(err.as_deref(), Some("that value is already the current one"));
        assert_eq!(dump(&f)?, before, "refused restores changed nothing");
        // Within the rules, an old value comes back.
        products::update(
            &f.core,
            &f.sam,
            &f.product,
            products::ProductUpdate { base_year: Some(2027), ..Default::default() },
        )?;
        history::restore(&f.core, &f.sam, &old_period)?;
        assert_eq!(f.core.read(|c| get(c, &one.id))?.period, "2027-Q1");
        // An owner once held is not brought back by restore (no command hands products over).
        let ana = workspace::add_member(&f.core, &f.sam, "Ana", Role::Junior, None)?;
        f.core.write(&f.sam.id, |w| w.set("product", &f.product, "owner_id", ana.id.as_str()))?;
        let owners = history::history(&f.core, "product", &f.product, Some("owner_id"))?;
        let sams = owners.iter().find(|c| !c.current).map(|c| c.op_id.clone()).unwrap_or_default();
        let err = history::restore(&f.core, &f.sam, &sams).err().map(|e| e.to_string());
        assert_eq!(err.as_deref(), Some("a product's owner is not changed by restoring"));
        Ok(())
    }

    #[test]
    fn alignment_rolls_up_counts_scopes_to_a_product_and_calls_out_gaps() -> Result<()> {
        let f = fixture()?;
        let idle = goals::create(&f.core, &f.sam, "Idle goal", "", "")?;
        let theme = create(&f.core, &f.sam, item(&f, Horizon::FiveYear, "2030", "Theme", None))?;
        let init = create(&f.core, &f.sam, item(&f, Horizon::ThreeYear, "2028", "Init", Some(&theme.id)))?;
        let done = create(&f.core, &f.sam, item(&f, Horizon::OneYear, "2027-Q1", "Done", Some(&init.id)))?;
        update(&f.core, &f.sam, &done.id, Update { status: Some(Status::Done), ..Update::default() })?;
        create(&f.core, &f.sam, item(&f, Horizon::OneYear, "2027-Q2", "Loose", None))?;
        let more = products::NewProduct { base_year: Some(2027), ..Default::default() };
        let other = products::create_with(&f.core, &f.sam, "Other", None, more)?;

        let a = alignment::tree(&f.core, Some(&f.product))?;
        let grow = a.goals.iter().find(|g| g.goal.id == f.goal).map(|g| g.counts);
        assert_eq!(grow, Some(alignment::Counts { themes: 1, initiatives: 1, items: 1, done: 1, in_progress: 0 }));
        assert_eq!(a.unaligned.iter().map(|n| n.item.title.as_str()).collect::<Vec<_>>(), ["Loose"]);
        assert_eq!(a.unserved_goals.iter().map(|g| g.id.as_str()).collect::<Vec<_>>(), [idle.id.as_str()]);
        // Another product's view holds none of these items, but the goals served are the same.
        let b = alignment::tree(&f.core, Some(&other.id))?;
        assert!(b.goals.iter().all(|g| g.themes.is_empty()) && b.unaligned.is_empty());
        assert_eq!(b.unserved_goals.len(), 1);
        Ok(())
    }
}
