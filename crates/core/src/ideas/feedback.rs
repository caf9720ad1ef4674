//! The feedback inbox: raw customer evidence — a quote or a note, where it came from (a call,
//! support, sales, analytics, research), the customer or segment, who said it, when, a link —
//! that anyone adds and anyone triages: link it to an idea (where it counts as evidence, and
//! the counts and recency show which ideas it piles up behind) or to a roadmap item, or dismiss
//! it with a reason. Triage can be changed: linking a dismissed entry brings it back, and
//! dismissing a linked one unlinks it.

use rusqlite::{Connection, OptionalExtension, ToSql};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{clean_url, MAX_NOTE};
use crate::delegation::{clean_text, now_ms};
use crate::error::{Error, Result};
use crate::oplog::judge::require_now;
use crate::oplog::{new_id, Core};
use crate::workspace::{clean_name, Actor};

pub(crate) const MAX_FEEDBACK: usize = 10_000;
pub(crate) const MAX_WHO: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "FeedbackSource")]
pub enum Source {
    /// A customer call or interview.
    Call,
    Support,
    Sales,
    Analytics,
    Research,
    Other,
}

impl Source {
    pub const ALL: [Source; 6] =
        [Source::Call, Source::Support, Source::Sales, Source::Analytics, Source::Research, Source::Other];
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Call => "call",
            Source::Support => "support",
            Source::Sales => "sales",
            Source::Analytics => "analytics",
            Source::Research => "research",
            Source::Other => "other",
        }
    }
    fn parse(s: &str) -> Source {
        Source::ALL.into_iter().find(|x| x.as_str() == s).unwrap_or(Source::Other)
    }
}

/// Where an entry stands in triage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Triage {
    /// Not triaged yet: in the inbox.
    New,
    /// Linked to an idea or a roadmap item.
    Linked,
    Dismissed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Feedback {
    pub(crate) id: String,
    pub(crate) source: Source,
    pub(crate) body: String,
    pub(crate) customer: String,
    pub(crate) who: String,
    pub(crate) heard_on: String,
    pub(crate) link: String,
    pub(crate) by_id: String,
    pub(crate) by_name: String,
    pub(crate) added_ms: i64,
    pub(crate) idea_id: Option<String>,
    pub(crate) idea_title: Option<String>,
    pub(crate) item_id: Option<String>,
    pub(crate) item_title: Option<String>,
    pub(crate) dismissed: String,
    pub(crate) triaged_by_name: Option<String>,
    pub(crate) triaged_ms: i64,
}

impl Feedback {
    pub(crate) fn triage(&self) -> Triage {
        if !self.dismissed.is_empty() {
            Triage::Dismissed
        } else if self.idea_id.is_some() || self.item_id.is_some() {
            Triage::Linked
        } else {
            Triage::New
        }
    }
}

const SELECT: &str =
    "SELECT f.id, f.source, f.body, f.customer, f.who, f.heard_on, f.link, f.by_id, coalesce(b.name, ''),
        f.added_ms, f.idea_id, i.title, f.item_id, r.title, f.dismissed, t.name, f.triaged_ms
    FROM feedback f
    LEFT JOIN member b ON b.id = f.by_id
    LEFT JOIN idea i ON i.id = f.idea_id
    LEFT JOIN roadmap_item r ON r.id = f.item_id
    LEFT JOIN member t ON t.id = f.triaged_by";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Feedback> {
    let source: String = r.get(1)?;
    Ok(Feedback {
        id: r.get(0)?,
        source: Source::parse(&source),
        body: r.get(2)?,
        customer: r.get(3)?,
        who: r.get(4)?,
        heard_on: r.get(5)?,
        link: r.get(6)?,
        by_id: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
        by_name: r.get(8)?,
        added_ms: r.get(9)?,
        idea_id: r.get(10)?,
        idea_title: r.get(11)?,
        item_id: r.get(12)?,
        item_title: r.get(13)?,
        dismissed: r.get(14)?,
        triaged_by_name: r.get(15)?,
        triaged_ms: r.get(16)?,
    })
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Feedback> {
    conn.prepare_cached(&format!("{SELECT} WHERE f.id = ?1 AND f.by_id IS NOT NULL"))?
        .query_row([id], row)
        .optional()?
        .ok_or_else(|| Error::not_found("feedback", id))
}

/// The feedback linked to an idea, most recently heard first.
pub(crate) fn of_idea(conn: &Connection, idea_id: &str) -> Result<Vec<Feedback>> {
    let mut stmt =
        conn.prepare_cached(&format!("{SELECT} WHERE f.idea_id = ?1 ORDER BY f.heard_on DESC, f.added_ms DESC, f.id"))?;
    let rows = stmt.query_map([idea_id], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Which entries a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Show {
    /// Not triaged yet (the inbox).
    #[default]
    New,
    Linked,
    Dismissed,
    All,
}

pub(crate) struct ListFilter<'a> {
    pub(crate) show: Show,
    pub(crate) idea_id: Option<&'a str>,
    pub(crate) item_id: Option<&'a str>,
    pub(crate) limit: i64,
}

/// Feedback, newest added first, filtered.
pub(crate) fn list(conn: &Connection, f: &ListFilter<'_>) -> Result<Vec<Feedback>> {
    if !(1..=10_000).contains(&f.limit) {
        return Err(Error::invalid(format!("a limit of {} is not between 1 and 10000", f.limit)));
    }
    let mut conds = vec!["f.by_id IS NOT NULL"];
    let mut args: Vec<&dyn ToSql> = Vec::new();
    match f.show {
        Show::New => conds.push("f.dismissed = '' AND f.idea_id IS NULL AND f.item_id IS NULL"),
        Show::Linked => conds.push("f.dismissed = '' AND (f.idea_id IS NOT NULL OR f.item_id IS NOT NULL)"),
        Show::Dismissed => conds.push("f.dismissed != ''"),
        Show::All => {}
    }
    // The literals below are this module's; only values are bound.
    let idea;
    if let Some(i) = f.idea_id {
        idea = i;
        args.push(&idea);
        conds.push(if args.len() == 1 { "f.idea_id = ?1" } else { "f.idea_id = ?2" });
    }
    let item;
    if let Some(i) = f.item_id {
        item = i;
        args.push(&item);
        conds.push(if args.len() == 1 { "f.item_id = ?1" } else { "f.item_id = ?2" });
    }
    args.push(&f.limit);
    let limit = format!("?{}", args.len());
    let sql = format!("{SELECT} WHERE {} ORDER BY f.added_ms DESC, f.id LIMIT {limit}", conds.join(" AND "));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(args.as_slice(), row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many entries wait for triage.
pub(crate) fn new_count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM feedback WHERE by_id IS NOT NULL AND dismissed = '' AND idea_id IS NULL AND item_id IS NULL",
        [],
        |r| r.get(0),
    )?)
}

pub(crate) struct NewFeedback<'a> {
    pub(crate) source: Source,
    pub(crate) body: &'a str,
    pub(crate) customer: &'a str,
    pub(crate) who: &'a str,
    /// `YYYY-MM-DD`; today when absent.
    pub(crate) heard_on: Option<&'a str>,
    pub(crate) link: &'a str,
}

pub(crate) fn add(core: &Core, actor: &Actor, new: &NewFeedback<'_>) -> Result<Feedback> {
    let body = clean_text("feedback", new.body, MAX_FEEDBACK)?;
    if body.is_empty() {
        return Err(Error::invalid("the feedback is empty: give the quote or a note"));
    }
    let customer = clean_optional_name("customer or segment", new.customer)?;
    let who = clean_optional_name("who said it", new.who)?;
    let heard_on = match new.heard_on.map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => {
            let date = super::decisions::parse_date("date heard", d)?;
            if date > super::decisions::today() {
                return Err(Error::invalid(format!("date heard {d} is in the future")));
            }
            date
        }
        None => super::decisions::today(),
    }
    .format("%Y-%m-%d")
    .to_string();
    let link = clean_url(new.link)?;
    let id = new_id();
    core.write(&actor.id, |w| {
        require_now(w.conn(), &actor.id, "feedback", &id, "by_id", Some(&actor.id))?;
        w.set("feedback", &id, "by_id", actor.id.as_str())?;
        w.set("feedback", &id, "source", new.source.as_str())?;
        w.set("feedback", &id, "body", body.as_str())?;
        w.set("feedback", &id, "customer", customer.as_str())?;
        w.set("feedback", &id, "who", who.as_str())?;
        w.set("feedback", &id, "heard_on", heard_on.as_str())?;
        w.set("feedback", &id, "link", link.as_str())?;
        w.set("feedback", &id, "added_ms", now_ms())?;
        get(w.conn(), &id)
    })
}

fn clean_optional_name(what: &str, s: &str) -> Result<String> {
    if s.trim().is_empty() {
        return Ok(String::new());
    }
    clean_name(what, s, MAX_WHO)
}

/// What an entry is linked to.
#[derive(Debug, Clone, Copy)]
pub(crate) enum LinkTo<'a> {
    Idea(&'a str),
    Item(&'a str),
}

/// Links an entry to an idea or a roadmap item (anyone): it leaves the inbox.
pub(crate) fn link(core: &Core, actor: &Actor, id: &str, to: LinkTo<'_>) -> Result<Feedback> {
    core.write(&actor.id, |w| {
        let old = get(w.conn(), id)?;
        let (idea, item) = match to {
            LinkTo::Idea(i) => (Some(super::get(w.conn(), i)?.id), None),
            LinkTo::Item(i) => (None, Some(crate::roadmap::get(w.conn(), i)?.id)),
        };
        require_now(w.conn(), &actor.id, "feedback", id, "idea_id", idea.as_deref())?;
        if old.idea_id == idea && old.item_id == item && old.dismissed.is_empty() {
            return Ok(old);
        }
        w.set("feedback", id, "idea_id", idea)?;
        w.set("feedback", id, "item_id", item)?;
        w.set("feedback", id, "dismissed", "")?;
        w.set("feedback", id, "triaged_by", actor.id.as_str())?;
        w.set("feedback", id, "triaged_ms", now_ms())?;
        get(w.conn(), id)
    })
}

/// Dismisses an entry with a reason (anyone): it leaves the inbox, unlinked, and stays findable.
pub(crate) fn dismiss(core: &Core, actor: &Actor, id: &str, reason: &str) -> Result<Feedback> {
    let reason = clean_text("reason", reason, MAX_NOTE)?;
    if reason.is_empty() {
        return Err(Error::invalid("say why it is dismissed: the reason is empty"));
    }
    core.write(&actor.id, |w| {
        get(w.conn(), id)?;
        require_now(w.conn(), &actor.id, "feedback", id, "dismissed", None)?;
        w.set("feedback", id, "idea_id", serde_json::Value::Null)?;
        w.set("feedback", id, "item_id", serde_json::Value::Null)?;
        w.set("feedback", id, "dismissed", reason.as_str())?;
        w.set("feedback", id, "triaged_by", actor.id.as_str())?;
        w.set("feedback", id, "triaged_ms", now_ms())?;
        get(w.conn(), id)
    })
}
