//! Delegation: a senior PM hands a one-year item to a junior PM who reports to them, with a
//! brief (scope, non-goals, decision rights, due date, check-in cadence). The junior accepts it
//! or asks a question first; the senior answers or amends the brief; later the senior marks it
//! completed or withdraws it, and leadership may reassign it. The junior posts check-ins; one
//! is due every `cadence_days` after the last (or after acceptance).
//!
//! A delegation's state is not one field two people write: the senior's side (`ended`) and the
//! junior's (`response`) are separate fields, so concurrent edits on two laptops never
//! overwrite each other's decision, and [`State`] is computed from both.
//!
//! `stories.rs` holds the stories written under a delegation, `reviews.rs` the verdicts and
//! comments, `queues.rs` the junior's inbox and the senior's board.

pub(crate) mod queues;
pub(crate) mod reviews;
pub(crate) mod stories;
pub(crate) mod tables;

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::access::Role;
use crate::error::{Error, Result};
use crate::oplog::judge::require_now;
use crate::oplog::{new_id, Core, Writer};
use crate::roadmap::{self, Horizon};
use crate::workspace::{self, Actor};

pub(crate) const MAX_BRIEF: usize = 20_000;
pub(crate) const MAX_NOTE: usize = 5_000;
pub(crate) const DAY_MS: i64 = 86_400_000;

pub(crate) fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Where a delegation stands, from the senior's side and the junior's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "DelegationState")]
pub enum State {
    /// Offered, not yet answered.
    Offered,
    /// The junior asked a question; `answered` says whether the senior has answered since.
    Questioned,
    Accepted,
    Completed,
    Withdrawn,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Delegation {
    pub(crate) id: String,
    pub(crate) item_id: String,
    pub(crate) item_title: String,
    pub(crate) product_id: String,
    pub(crate) product_name: String,
    pub(crate) from_id: String,
    pub(crate) from_name: String,
    pub(crate) to_id: String,
    pub(crate) to_name: String,
    pub(crate) scope: String,
    pub(crate) non_goals: String,
    pub(crate) decisions: String,
    pub(crate) due: String,
    pub(crate) cadence_days: i64,
    pub(crate) offered_ms: i64,
    pub(crate) amended_ms: i64,
    pub(crate) question: String,
    pub(crate) responded_ms: i64,
    pub(crate) answer: String,
    pub(crate) answered_ms: i64,
    pub(crate) state: State,
    pub(crate) last_checkin_ms: i64,
    pub(crate) assigned_ms: i64,
    /// Its live stories, and how many of them are done.
    pub(crate) stories: i64,
    pub(crate) stories_done: i64,
}

impl Delegation {
    /// When the next check-in is due (`None`: no cadence, or the delegation is not running).
    pub(crate) fn checkin_due_ms(&self) -> Option<i64> {
        if self.cadence_days == 0 || self.state != State::Accepted {
            return None;
        }
        let from = self.last_checkin_ms.max(self.responded_ms);
        Some(from + self.cadence_days * DAY_MS)
    }
    /// The junior asked, and the senior has answered or amended the brief since.
    pub(crate) fn question_answered(&self) -> bool {
        self.state == State::Questioned && self.answered_ms.max(self.amended_ms) >= self.responded_ms
    }
    pub(crate) fn open(&self) -> bool {
        matches!(self.state, State::Offered | State::Questioned | State::Accepted)
    }
}

const SELECT: &str = "SELECT d.id, d.item_id, i.title, i.product_id, p.name, d.from_id, f.name, d.to_id, t.name,
        d.scope, d.non_goals, d.decisions, d.due, d.cadence_days, d.offered_ms, d.amended_ms, d.question,
        d.responded_ms, d.answer, d.answered_ms, d.ended, d.response,
        (SELECT max(c.at_ms) FROM checkin c WHERE c.delegation_id = d.id), d.assigned_ms,
        (SELECT count(*) FROM story s WHERE s.delegation_id = d.id AND s.deleted = 0),
        (SELECT count(*) FROM story s WHERE s.delegation_id = d.id AND s.deleted = 0 AND s.stage = 'done')
    FROM delegation d
    JOIN roadmap_item i ON i.id = d.item_id AND i.deleted = 0
    JOIN product p ON p.id = i.product_id
    JOIN member f ON f.id = d.from_id
    JOIN member t ON t.id = d.to_id";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Delegation> {
    let ended: String = r.get(20)?;
    let response: String = r.get(21)?;
    // An answer given before the delegation was last assigned was another junior's.
    let responded: i64 = r.get(17)?;
    let response = if responded <= r.get::<_, i64>(23)? { "none" } else { response.as_str() };
    let state = match (ended.as_str(), response) {
        ("completed", _) => State::Completed,
        ("withdrawn", _) => State::Withdrawn,
        (_, "accepted") => State::Accepted,
        (_, "question") => State::Questioned,
        _ => State::Offered,
    };
    Ok(Delegation {
        id: r.get(0)?,
        item_id: r.get(1)?,
        item_title: r.get(2)?,
        product_id: r.get(3)?,
        product_name: r.get(4)?,
        from_id: r.get(5)?,
        from_name: r.get(6)?,
        to_id: r.get(7)?,
        to_name: r.get(8)?,
        scope: r.get(9)?,
        non_goals: r.get(10)?,
        decisions: r.get(11)?,
        due: r.get(12)?,
        cadence_days: r.get(13)?,
        offered_ms: r.get(14)?,
        amended_ms: r.get(15)?,
        question: r.get(16)?,
        responded_ms: r.get(17)?,
        answer: r.get(18)?,
        answered_ms: r.get(19)?,
        state,
        last_checkin_ms: r.get::<_, Option<i64>>(22)?.unwrap_or(0),
        assigned_ms: r.get(23)?,
        stories: r.get(24)?,
        stories_done: r.get(25)?,
    })
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Delegation> {
    conn.prepare_cached(&format!("{SELECT} WHERE d.id = ?1"))?
        .query_row([id], row)
        .optional()?
        .ok_or_else(|| Error::not_found("delegation", id))
}

/// Delegations matching one filter, newest offer first.
pub(crate) fn list_where(conn: &Connection, filter: &str, arg: &str) -> Result<Vec<Delegation>> {
    // `filter` is one of this module's literals, never user text.
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE {filter} ORDER BY d.offered_ms DESC, d.id"))?;
    let rows = stmt.query_map([arg], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The delegation of an item that is not ended, if any.
pub(crate) fn open_for_item(conn: &Connection, item_id: &str) -> Result<Option<Delegation>> {
    Ok(list_where(conn, "d.item_id = ?1", item_id)?.into_iter().find(Delegation::open))
}

/// What the brief says; absent fields stay (on amend) or are empty (on offer).
#[derive(Debug, Clone, Default)]
pub(crate) struct Brief<'a> {
    pub(crate) scope: Option<&'a str>,
    pub(crate) non_goals: Option<&'a str>,
    pub(crate) decisions: Option<&'a str>,
    /// `YYYY-MM-DD`, or empty for none.
    pub(crate) due: Option<&'a str>,
    pub(crate) cadence_days: Option<i64>,
}

/// Checks a long text: at most `max` characters (line breaks allowed).
pub(crate) fn clean_text(what: &str, s: &str, max: usize) -> Result<String> {
    let s = s.trim();
    if s.chars().count() > max {
        return Err(Error::invalid(format!("{what} is longer than {max} characters")));
    }
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(Error::invalid(format!("{what} contains a control character")));
    }
    Ok(s.to_owned())
}

fn clean_due(due: &str) -> Result<String> {
    let due = due.trim();
    if due.is_empty() {
        return Ok(String::new());
    }
    chrono::NaiveDate::parse_from_str(due, "%Y-%m-%d")
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|_| Error::invalid(format!("due date {due:?} is not a date like 2027-03-31")))
}

fn write_brief(w: &mut Writer<'_>, id: &str, old: Option<&Delegation>, brief: &Brief<'_>) -> Result<bool> {
    let mut changed = false;
    let texts = [
        ("scope", "scope", brief.scope, old.map(|d| d.scope.as_str())),
        ("non_goals", "non-goals", brief.non_goals, old.map(|d| d.non_goals.as_str())),
        ("decisions", "decision rights", brief.decisions, old.map(|d| d.decisions.as_str())),
    ];
    for (field, what, new, before) in texts {
        let Some(new) = new else { continue };
        let new = clean_text(what, new, MAX_BRIEF)?;
        if Some(new.as_str()) != before {
            w.set("delegation", id, field, new)?;
            changed = true;
        }
    }
    if let Some(due) = brief.due {
        let due = clean_due(due)?;
        if Some(due.as_str()) != old.map(|d| d.due.as_str()) {
            w.set("delegation", id, "due", due)?;
            changed = true;
        }
    }
    if let Some(days) = brief.cadence_days {
        if !(0..=365).contains(&days) {
            return Err(Error::invalid(format!("a check-in cadence of {days} days is not between 0 and 365")));
        }
        if Some(days) != old.map(|d| d.cadence_days) {
            w.set("delegation", id, "cadence_days", days)?;
            changed = true;
        }
    }
    Ok(changed)
}

/// Offers a one-year item to a junior PM who reports to the actor (leadership: to anyone's
/// junior), with a brief.
pub(crate) fn offer(core: &Core, actor: &Actor, item_id: &str, to_id: &str, brief: &Brief<'_>) -> Result<Delegation> {
    let id = new_id();
    core.write(&actor.id, |w| {
        let item = roadmap::get(w.conn(), item_id)?;
        if item.horizon != Horizon::OneYear {
            return Err(Error::invalid(format!(
                "{:?} is a {} item; only one-year items are delegated (break it down first)",
                item.title,
                item.horizon.label()
            )));
        }
        let junior = workspace::member(w.conn(), to_id)?;
        if junior.id == actor.id {
            return Err(Error::invalid("delegate to someone else: this item is already yours"));
        }
        if junior.role != Role::Junior {
            return Err(Error::invalid(format!("{} is not a junior PM: work is delegated to junior PMs", junior.name)));
        }
        if let Some(open) = open_for_item(w.conn(), item_id)? {
            return Err(Error::invalid(format!(
                "{:?} is already delegated to {}; withdraw or reassign that delegation first",
                item.title, open.to_name
            )));
        }
        require_now(w.conn(), &actor.id, "delegation", &id, "item_id", Some(item_id))?;
        require_now(w.conn(), &actor.id, "delegation", &id, "to_id", Some(&junior.id))?;
        w.set("delegation", &id, "from_id", actor.id.as_str())?;
        w.set("delegation", &id, "item_id", item_id)?;
        w.set("delegation", &id, "to_id", junior.id.as_str())?;
        let now = now_ms();
        w.set("delegation", &id, "offered_ms", now)?;
        w.set("delegation", &id, "assigned_ms", now)?;
        write_brief(w, &id, None, brief)?;
        get(w.conn(), &id)
    })
}

/// The delegator (or leadership) changes the brief; the junior sees it was amended.
pub(crate) fn amend(core: &Core, actor: &Actor, id: &str, brief: &Brief<'_>) -> Result<Delegation> {
    core.write(&actor.id, |w| {
        let old = get(w.conn(), id)?;
        require_running(&old)?;
        require_now(w.conn(), &actor.id, "delegation", id, "scope", None)?;
        if write_brief(w, id, Some(&old), brief)? {
            w.set("delegation", id, "amended_ms", now_ms())?;
        }
        get(w.conn(), id)
    })
}

fn require_running(d: &Delegation) -> Result<()> {
    match d.state {
        State::Completed => Err(Error::invalid(format!("the delegation of {:?} is completed", d.item_title))),
        State::Withdrawn => Err(Error::invalid(format!("the delegation of {:?} was withdrawn", d.item_title))),
        _ => Ok(()),
    }
}

/// The junior accepts the delegation.
pub(crate) fn accept(core: &Core, actor: &Actor, id: &str) -> Result<Delegation> {
    respond(core, actor, id, "accepted", None)
}

/// The junior asks a question back before accepting.
pub(crate) fn ask(core: &Core, actor: &Actor, id: &str, question: &str) -> Result<Delegation> {
    let question = clean_text("question", question, MAX_NOTE)?;
    if question.is_empty() {
        return Err(Error::invalid("the question is empty"));
    }
    respond(core, actor, id, "question", Some(&question))
}

fn respond(core: &Core, actor: &Actor, id: &str, response: &str, question: Option<&str>) -> Result<Delegation> {
    core.write(&actor.id, |w| {
        let old = get(w.conn(), id)?;
        require_running(&old)?;
        if old.state == State::Accepted {
            return Err(Error::invalid(format!("{} has already accepted {:?}", old.to_name, old.item_title)));
        }
        require_now(w.conn(), &actor.id, "delegation", id, "response", Some(response))?;
        w.set("delegation", id, "response", response)?;
        if let Some(q) = question {
            w.set("delegation", id, "question", q)?;
        }
        // Strictly after the assignment it answers (see `row`), even within one millisecond.
        w.set("delegation", id, "responded_ms", now_ms().max(old.assigned_ms + 1))?;
        get(w.conn(), id)
    })
}

/// The delegator answers the junior's question.
pub(crate) fn answer(core: &Core, actor: &Actor, id: &str, text: &str) -> Result<Delegation> {
    let text = clean_text("answer", text, MAX_NOTE)?;
    if text.is_empty() {
        return Err(Error::invalid("the answer is empty"));
    }
    core.write(&actor.id, |w| {
        let old = get(w.conn(), id)?;
        require_running(&old)?;
        if old.state != State::Questioned {
            return Err(Error::invalid(format!("{} has asked no question about {:?}", old.to_name, old.item_title)));
        }
        require_now(w.conn(), &actor.id, "delegation", id, "answer", Some(&text))?;
        w.set("delegation", id, "answer", text.as_str())?;
        w.set("delegation", id, "answered_ms", now_ms())?;
        get(w.conn(), id)
    })
}

/// The delegator ends the delegation: completed, or withdrawn.
pub(crate) fn end(core: &Core, actor: &Actor, id: &str, ending: State) -> Result<Delegation> {
    let value = match ending {
        State::Completed => "completed",
        State::Withdrawn => "withdrawn",
        _ => return Err(Error::invalid("a delegation ends completed or withdrawn")),
    };
    core.write(&actor.id, |w| {
        let old = get(w.conn(), id)?;
        require_running(&old)?;
        if ending == State::Completed && old.state != State::Accepted {
            return Err(Error::invalid(format!("{} has not accepted {:?} yet", old.to_name, old.item_title)));
        }
        require_now(w.conn(), &actor.id, "delegation", id, "ended", Some(value))?;
        w.set("delegation", id, "ended", value)?;
        get(w.conn(), id)
    })
}

/// Hands a running delegation to another junior PM (their manager with the old one's, or
/// leadership); the new junior answers it afresh.
pub(crate) fn reassign(core: &Core, actor: &Actor, id: &str, to_id: &str) -> Result<Delegation> {
    core.write(&actor.id, |w| {
        let old = get(w.conn(), id)?;
        require_running(&old)?;
        let junior = workspace::member(w.conn(), to_id)?;
        if junior.role != Role::Junior {
            return Err(Error::invalid(format!("{} is not a junior PM: work is delegated to junior PMs", junior.name)));
        }
        if junior.id == old.to_id {
            return Err(Error::invalid(format!("{:?} is already delegated to {}", old.item_title, junior.name)));
        }
        require_now(w.conn(), &actor.id, "delegation", id, "to_id", Some(&junior.id))?;
        w.set("delegation", id, "to_id", junior.id.as_str())?;
        // The response is the old junior's field: an answer given before this moment does not
        // count (see `row`), so the new junior answers the offer afresh.
        w.set("delegation", id, "assigned_ms", now_ms())?;
        get(w.conn(), id)
    })
}

/// A check-in the junior posted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Checkin {
    pub(crate) id: String,
    pub(crate) body: String,
    pub(crate) at_ms: i64,
}

/// The junior posts a short update on a delegation they accepted.
pub(crate) fn check_in(core: &Core, actor: &Actor, delegation_id: &str, body: &str) -> Result<Checkin> {
    let body = clean_text("check-in", body, MAX_NOTE)?;
    if body.is_empty() {
        return Err(Error::invalid("the check-in is empty"));
    }
    let id = new_id();
    core.write(&actor.id, |w| {
        let d = get(w.conn(), delegation_id)?;
        if d.state != State::Accepted {
            return Err(Error::invalid(format!("check in on {:?} once it is accepted and running", d.item_title)));
        }
        require_now(w.conn(), &actor.id, "checkin", &id, "delegation_id", Some(delegation_id))?;
        let at = now_ms();
        w.set("checkin", &id, "delegation_id", delegation_id)?;
        w.set("checkin", &id, "body", body.as_str())?;
        w.set("checkin", &id, "at_ms", at)?;
        Ok(Checkin { id: id.clone(), body: body.clone(), at_ms: at })
    })
}

pub(crate) fn checkins(conn: &Connection, delegation_id: &str) -> Result<Vec<Checkin>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, body, at_ms FROM checkin WHERE delegation_id = ?1 ORDER BY at_ms DESC, id LIMIT 50",
    )?;
    let rows = stmt.query_map([delegation_id], |r| Ok(Checkin { id: r.get(0)?, body: r.get(1)?, at_ms: r.get(2)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
