//! Sprints: a product's time boxes, with dates and a capacity in points. Approved stories of
//! the product's running delegations are planned into an open sprint (by their junior or their
//! delegator) and moved through their stages on the board; closing a sprint says, for each
//! unfinished story, where it goes — another open sprint of the product, or the backlog — so
//! nothing is carried over silently.
//!
//! The burn-up is computed from the op log: for each day of the sprint, the points planned into
//! it and the points done, as the fields stood at the end of that day (last writer wins, in the
//! order every replica agrees on; refused and held ops never count).

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};

use super::clean_day;
use crate::delegation::stories::{self, Stage, Story, StoryStatus, Verdict};
use crate::delegation::{self, now_ms, State};
use crate::error::{Error, Result};
use crate::oplog::judge::require_now;
use crate::oplog::{hlc, new_id, Core};
use crate::products;
use crate::workspace::{clean_name, Actor};

pub(crate) const MAX_NAME: usize = 100;
/// The longest sprint, in days (a quarter).
pub(crate) const MAX_DAYS: i64 = 92;
pub(crate) const MAX_CAPACITY: i64 = 100_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sprint {
    pub(crate) id: String,
    pub(crate) product_id: String,
    pub(crate) product_name: String,
    pub(crate) name: String,
    pub(crate) starts_on: String,
    pub(crate) ends_on: String,
    pub(crate) capacity: i64,
    pub(crate) closed_ms: i64,
    /// Its live stories, their points, and how many of each are done.
    pub(crate) stories: i64,
    pub(crate) points: i64,
    pub(crate) stories_done: i64,
    pub(crate) points_done: i64,
}

impl Sprint {
    pub(crate) fn closed(&self) -> bool {
        self.closed_ms > 0
    }
}

const SELECT: &str =
    "SELECT sp.id, sp.product_id, p.name, sp.name, sp.starts_on, sp.ends_on, sp.capacity, sp.closed_ms,
        count(s.id), coalesce(sum(s.points), 0), count(CASE WHEN s.stage = 'done' THEN 1 END),
        coalesce(sum(CASE WHEN s.stage = 'done' THEN s.points END), 0)
    FROM sprint sp
    JOIN product p ON p.id = sp.product_id
    LEFT JOIN story s ON s.sprint_id = sp.id AND s.deleted = 0";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Sprint> {
    Ok(Sprint {
        id: r.get(0)?,
        product_id: r.get(1)?,
        product_name: r.get(2)?,
        name: r.get(3)?,
        starts_on: r.get(4)?,
        ends_on: r.get(5)?,
        capacity: r.get(6)?,
        closed_ms: r.get(7)?,
        stories: r.get(8)?,
        points: r.get(9)?,
        stories_done: r.get(10)?,
        points_done: r.get(11)?,
    })
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Sprint> {
    conn.prepare_cached(&format!("{SELECT} WHERE sp.id = ?1 AND sp.deleted = 0 GROUP BY sp.id"))?
        .query_row([id], row)
        .optional()?
        .ok_or_else(|| Error::not_found("sprint", id))
}

/// A product's sprints, earliest first.
pub(crate) fn list(conn: &Connection, product_id: &str) -> Result<Vec<Sprint>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE sp.product_id = ?1 AND sp.deleted = 0 GROUP BY sp.id ORDER BY sp.starts_on, sp.name, sp.id"
    ))?;
    let rows = stmt.query_map([product_id], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A sprint by id, or by its exact name (ignoring case) among the live sprints of any product.
pub(crate) fn find(conn: &Connection, id_or_name: &str) -> Result<Sprint> {
    if let Ok(s) = get(conn, id_or_name) {
        return Ok(s);
    }
    let mut stmt = conn.prepare_cached("SELECT id FROM sprint WHERE deleted = 0 AND name = ?1 COLLATE NOCASE")?;
    let ids: Vec<String> = stmt.query_map([id_or_name.trim()], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    match ids.as_slice() {
        [one] => get(conn, one),
        [] => Err(Error::not_found("sprint", id_or_name)),
        _ => Err(Error::invalid(format!("{} sprints are called {id_or_name:?}: name it by its id", ids.len()))),
    }
}

/// A sprint's dates and capacity as written; absent fields stay.
#[derive(Debug, Clone, Default)]
pub(crate) struct Plan<'a> {
    pub(crate) name: Option<&'a str>,
    pub(crate) starts_on: Option<&'a str>,
    pub(crate) ends_on: Option<&'a str>,
    pub(crate) capacity: Option<i64>,
}

fn days_between(from: &str, to: &str) -> Option<i64> {
    let a = chrono::NaiveDate::parse_from_str(from, "%Y-%m-%d").ok()?;
    let b = chrono::NaiveDate::parse_from_str(to, "%Y-%m-%d").ok()?;
    Some((b - a).num_days())
}

fn require_unused(conn: &Connection, product_id: &str, name: &str, except: &str) -> Result<()> {
    let taken: Option<String> = conn
        .prepare_cached(
            "SELECT name FROM sprint WHERE product_id = ?1 AND deleted = 0 AND id <> ?3 AND name = ?2 COLLATE NOCASE",
        )?
        .query_row(params![product_id, name, except], |r| r.get(0))
        .optional()?;
    match taken {
        Some(t) => Err(Error::invalid(format!("this product already has a sprint called {t:?}"))),
        None => Ok(()),
    }
}

/// Makes a sprint of a product (its owner, or leadership).
pub(crate) fn create(core: &Core, actor: &Actor, product_id: &str, plan: &Plan<'_>) -> Result<Sprint> {
    let id = new_id();
    let name = clean_name("sprint name", plan.name.unwrap_or_default(), MAX_NAME)?;
    let starts = clean_day("start date", plan.starts_on.unwrap_or_default())?;
    let ends = clean_day("end date", plan.ends_on.unwrap_or_default())?;
    let capacity = plan.capacity.unwrap_or(0);
    check_shape(&starts, &ends, capacity)?;
    core.write(&actor.id, |w| {
        let product = products::get(w.conn(), product_id)?;
        require_now(w.conn(), &actor.id, "sprint", &id, "product_id", Some(&product.id))?;
        require_unused(w.conn(), &product.id, &name, &id)?;
        w.set("sprint", &id, "product_id", product.id.as_str())?;
        w.set("sprint", &id, "name", name.as_str())?;
        w.set("sprint", &id, "starts_on", starts.as_str())?;
        w.set("sprint", &id, "ends_on", ends.as_str())?;
        w.set("sprint", &id, "capacity", capacity)?;
        get(w.conn(), &id)
    })
}

fn check_shape(starts: &str, ends: &str, capacity: i64) -> Result<()> {
    let days = days_between(starts, ends).unwrap_or(-1);
    if days < 0 {
        return Err(Error::invalid(format!("the sprint ends ({ends}) before it starts ({starts})")));
    }
    if days >= MAX_DAYS {
        return Err(Error::invalid(format!("a sprint lasts at most {MAX_DAYS} days; this one lasts {}", days + 1)));
    }
    if !(0..=MAX_CAPACITY).contains(&capacity) {
        return Err(Error::invalid(format!("a capacity of {capacity} points is not between 0 and {MAX_CAPACITY}")));
    }
    Ok(())
}

/// Renames a sprint, moves its dates or changes its capacity.
pub(crate) fn update(core: &Core, actor: &Actor, id: &str, plan: &Plan<'_>) -> Result<Sprint> {
    core.write(&actor.id, |w| {
        let old = get(w.conn(), id)?;
        require_now(w.conn(), &actor.id, "sprint", id, "name", None)?;
        if old.closed() {
            return Err(Error::invalid(format!("{:?} is closed", old.name)));
        }
        let name = plan.name.map(|n| clean_name("sprint name", n, MAX_NAME)).transpose()?;
        let starts = plan.starts_on.map(|d| clean_day("start date", d)).transpose()?;
        let ends = plan.ends_on.map(|d| clean_day("end date", d)).transpose()?;
        let capacity = plan.capacity.unwrap_or(old.capacity);
        let (s, e) = (starts.as_deref().unwrap_or(&old.starts_on), ends.as_deref().unwrap_or(&old.ends_on));
        check_shape(s, e, capacity)?;
        if let Some(n) = name.filter(|n| *n != old.name) {
            require_unused(w.conn(), &old.product_id, &n, id)?;
            w.set("sprint", id, "name", n)?;
        }
        if s != old.starts_on {
            w.set("sprint", id, "starts_on", s)?;
        }
        if e != old.ends_on {
            w.set("sprint", id, "ends_on", e)?;
        }
        if capacity != old.capacity {
            w.set("sprint", id, "capacity", capacity)?;
        }
        get(w.conn(), id)
    })
}

/// A story leadership approved as it stands (whatever its stage since): what may be planned.
fn approved(s: &Story) -> bool {
    match s.status() {
        StoryStatus::Ready | StoryStatus::InProgress | StoryStatus::InQa | StoryStatus::Done => true,
        StoryStatus::Blocked => s.verdict == Verdict::Approved && !s.changed_since_verdict(),
        _ => false,
    }
}

/// Plans a story into an open sprint of its product, or (`None`) back to the backlog.
pub(crate) fn plan(core: &Core, actor: &Actor, story_id: &str, sprint_id: Option<&str>) -> Result<Story> {
    core.write(&actor.id, |w| {
        let s = stories::get(w.conn(), story_id)?;
        let d = delegation::get(w.conn(), &s.delegation_id)?;
        if let Some(sprint_id) = sprint_id {
            let sprint = get(w.conn(), sprint_id)?;
            if sprint.product_id != d.product_id {
                return Err(Error::invalid(format!(
                    "{:?} is a sprint of {}; the story {:?} is work on {}",
                    sprint.name, sprint.product_name, s.title, d.product_name
                )));
            }
            if sprint.closed() {
                return Err(Error::invalid(format!("{:?} is closed: plan into an open sprint", sprint.name)));
            }
            if d.state != State::Accepted {
                return Err(Error::invalid(format!(
                    "the delegation of {:?} is not running: only its running work is planned",
                    d.item_title
                )));
            }
            if !approved(&s) {
                return Err(Error::invalid(format!(
                    "{:?} is not approved: a story is planned into a sprint once its review approved it as it stands",
                    s.title
                )));
            }
        }
        if s.sprint_id.as_deref() == sprint_id {
            return Ok(s);
        }
        require_now(w.conn(), &actor.id, "story", story_id, "sprint_id", sprint_id)?;
        w.set("story", story_id, "sprint_id", sprint_id.map(str::to_owned))?;
        stories::get(w.conn(), story_id)
    })
}

/// Where one unfinished story goes when its sprint closes (`None`: the backlog).
#[derive(Debug, Clone)]
pub(crate) struct Carry {
    pub(crate) story_id: String,
    pub(crate) to: Option<String>,
}

/// Closes a sprint. Every unfinished story in it must be given a place: another open sprint of
/// the product, or the backlog.
pub(crate) fn close(core: &Core, actor: &Actor, id: &str, carry: &[Carry]) -> Result<Sprint> {
    core.write(&actor.id, |w| {
        let sprint = get(w.conn(), id)?;
        require_now(w.conn(), &actor.id, "sprint", id, "closed_ms", None)?;
        if sprint.closed() {
            return Err(Error::invalid(format!("{:?} is already closed", sprint.name)));
        }
        let open: Vec<Story> =
            stories::in_sprint(w.conn(), id)?.into_iter().filter(|s| s.stage != Stage::Done).collect();
        let mut given: HashMap<&str, Option<&str>> = HashMap::new();
        for c in carry {
            if !open.iter().any(|s| s.id == c.story_id) {
                return Err(Error::invalid(format!(
                    "{} is not an unfinished story of {:?}",
                    story_name(w.conn(), &c.story_id),
                    sprint.name
                )));
            }
            if given.insert(c.story_id.as_str(), c.to.as_deref()).is_some() {
                return Err(Error::invalid("a story is given two places: say once where each goes"));
            }
        }
        let missing: Vec<String> =
            open.iter().filter(|s| !given.contains_key(s.id.as_str())).map(|s| format!("{:?}", s.title)).collect();
        if !missing.is_empty() {
            return Err(Error::invalid(format!(
                "say where each unfinished story goes (another sprint or the backlog): {}",
                missing.join(", ")
            )));
        }
        for s in &open {
            let to = given.get(s.id.as_str()).copied().flatten();
            if let Some(to) = to {
                let next = get(w.conn(), to)?;
                if next.id == sprint.id || next.closed() || next.product_id != sprint.product_id {
                    return Err(Error::invalid(format!(
                        "{:?} can only go to another open sprint of {}",
                        s.title, sprint.product_name
                    )));
                }
            }
            require_now(w.conn(), &actor.id, "story", &s.id, "sprint_id", to)?;
            w.set("story", &s.id, "sprint_id", to.map(str::to_owned))?;
        }
        w.set("sprint", id, "closed_ms", now_ms())?;
        get(w.conn(), id)
    })
}

fn story_name(conn: &Connection, id: &str) -> String {
    stories::get(conn, id).map(|s| format!("{:?}", s.title)).unwrap_or_else(|_| format!("story {id:?}"))
}

/// The stories planned into a sprint, each with its checklist (the board groups them by status).
pub(crate) fn board(conn: &Connection, id: &str) -> Result<(Sprint, Vec<Story>)> {
    let sprint = get(conn, id)?;
    let list = stories::in_sprint(conn, id)?;
    Ok((sprint, list))
}

/// The approved, unfinished stories of a product's running delegations that no open sprint
/// holds: what can be planned. With each story, its delegation's junior.
pub(crate) fn backlog(conn: &Connection, product_id: &str) -> Result<Vec<(Story, String)>> {
    products::get(conn, product_id)?;
    let running: Vec<delegation::Delegation> = delegation::list_where(conn, "i.product_id = ?1", product_id)?
        .into_iter()
        .filter(|d| d.state == State::Accepted)
        .collect();
    let refs: Vec<&delegation::Delegation> = running.iter().collect();
    let mut lists = stories::list_many(conn, &refs)?;
    let open: std::collections::HashSet<String> =
        list(conn, product_id)?.into_iter().filter(|s| !s.closed()).map(|s| s.id).collect();
    let mut out = Vec::new();
    for d in &running {
        for s in lists.remove(&d.id).unwrap_or_default() {
            let planned = s.sprint_id.as_ref().is_some_and(|id| open.contains(id));
            if !planned && s.stage != Stage::Done && approved(&s) {
                out.push((s, d.to_name.clone()));
            }
        }
    }
    Ok(out)
}

/// One day of a burn-up: the points planned into the sprint and the points done at its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BurnDay {
    pub(crate) day: String,
    pub(crate) scope: i64,
    pub(crate) done: i64,
}

/// The sprint's burn-up, day by day from its start to its end (or to today, if it runs), from
/// the op log of its product's stories.
pub(crate) fn burnup(conn: &Connection, id: &str) -> Result<Vec<BurnDay>> {
    let sprint = get(conn, id)?;
    let (Ok(start), Ok(end)) = (
        chrono::NaiveDate::parse_from_str(&sprint.starts_on, "%Y-%m-%d"),
        chrono::NaiveDate::parse_from_str(&sprint.ends_on, "%Y-%m-%d"),
    ) else {
        return Ok(Vec::new());
    };
    let today = chrono::Local::now().date_naive();
    let last = end.min(today);
    // Every op on the fields that decide the burn-up, of every story of the product that was
    // ever planned into this sprint, in the order every replica agrees on; refused ops and held
    // ops never held a field.
    let planned_here = serde_json::to_string(id).map_err(|e| Error::invalid(e.to_string()))?;
    let mut stmt = conn.prepare_cached(
        "WITH ever AS (
             SELECT DISTINCT o.entity_id AS id FROM oplog o
             WHERE o.entity_table = 'story' AND o.field = 'sprint_id' AND o.value = ?2
               AND o.entity_id IN (
                   SELECT s.id FROM story s JOIN delegation d ON d.id = s.delegation_id
                   JOIN roadmap_item i ON i.id = d.item_id WHERE i.product_id = ?1))
         SELECT o.entity_id, o.field, o.value, o.hlc FROM oplog o
         WHERE o.entity_table = 'story' AND o.field IN ('sprint_id', 'stage', 'points', 'deleted')
           AND o.entity_id IN (SELECT id FROM ever)
           AND NOT EXISTS (SELECT 1 FROM op_refused r WHERE r.op = o.n)
           AND NOT EXISTS (SELECT 1 FROM op_held h WHERE h.op = o.n)
         ORDER BY o.hlc, o.device_id, o.op_key",
    )?;
    let ops: Vec<(String, String, String, i64)> = stmt
        .query_map(params![&sprint.product_id, planned_here], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    #[derive(Default, Clone)]
    struct S {
        sprint: Option<String>,
        done: bool,
        points: i64,
        deleted: bool,
    }
    let mut state: HashMap<String, S> = HashMap::new();
    let mut next = 0usize;
    let mut out = Vec::new();
    let mut day = start;
    while day <= last {
        // Ops up to the end of `day` (local midnight after it).
        let cutoff = day
            .succ_opt()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .and_then(|t| t.and_local_timezone(chrono::Local).earliest())
            .map_or(i64::MAX, |t| t.timestamp_millis());
        while let Some((entity, field, value, clock)) = ops.get(next) {
            if hlc::wall_ms(*clock) >= cutoff {
                break;
            }
            let v: serde_json::Value = serde_json::from_str(value).unwrap_or(serde_json::Value::Null);
            let s = state.entry(entity.clone()).or_default();
            match field.as_str() {
                "sprint_id" => s.sprint = v.as_str().map(str::to_owned),
                "stage" => s.done = v.as_str() == Some("done"),
                "points" => s.points = v.as_i64().unwrap_or(0),
                _ => s.deleted = v.as_bool().unwrap_or(false) || v.as_i64().is_some_and(|n| n != 0),
            }
            next += 1;
        }
        let (mut scope, mut done) = (0, 0);
        for s in state.values().filter(|s| !s.deleted && s.sprint.as_deref() == Some(id)) {
            scope += s.points;
            if s.done {
                done += s.points;
            }
        }
        out.push(BurnDay { day: day.format("%Y-%m-%d").to_string(), scope, done });
        day = match day.succ_opt() {
            Some(d) => d,
            None => break,
        };
    }
    Ok(out)
}
