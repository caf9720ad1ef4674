//! Leadership's decisions on submitted ideas, the decision log, and the lists around them.
//!
//! A decision is a row written once (`tables.rs`): a later decision is a new row, and the
//! idea's `decision_id` names the current one (last writer wins on that one field, so two
//! leaders deciding at once on two laptops agree on which is current everywhere). Every
//! decision pins, as JSON, the idea as it was decided on — its content, score, evidence and
//! the feedback linked to it then — so the log shows what was decided on, whatever happens to
//! the idea later.
//!
//! The log is searched by text through `decision_text`, SQLite's FTS5 index over the pinned
//! title, problem and proposal, the rationale and the changes asked for (`0011_ideas.sql`: a
//! local table kept in step with the synced one by triggers).

use rusqlite::{Connection, OptionalExtension, ToSql};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{evidence_of, feedback, get as get_idea, Idea, Stage, MAX_BODY};
use crate::delegation::{clean_text, now_ms};
use crate::error::{Error, Result};
use crate::oplog::judge::require_now;
use crate::oplog::{new_id, Core};
use crate::workspace::{Actor, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    GoAhead,
    /// A go-ahead on the condition of the changes stated.
    GoAheadWithChanges,
    /// Not now: revisit on a date.
    NotNow,
    No,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [Outcome::GoAhead, Outcome::GoAheadWithChanges, Outcome::NotNow, Outcome::No];
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::GoAhead => "go_ahead",
            Outcome::GoAheadWithChanges => "go_ahead_with_changes",
            Outcome::NotNow => "not_now",
            Outcome::No => "no",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Outcome::GoAhead => "go-ahead",
            Outcome::GoAheadWithChanges => "go-ahead with changes",
            Outcome::NotNow => "not now",
            Outcome::No => "no",
        }
    }
    pub(crate) fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s)
    }
    pub(crate) fn is_go_ahead(self) -> bool {
        matches!(self, Outcome::GoAhead | Outcome::GoAheadWithChanges)
    }
}

/// Evidence as it was when decided on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PinnedEvidence {
    pub kind: super::EvidenceKind,
    pub body: String,
    pub url: String,
}

/// Feedback linked to the idea when it was decided on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PinnedFeedback {
    pub id: String,
    pub source: feedback::Source,
    pub body: String,
    pub customer: String,
    pub who: String,
    pub heard_on: String,
}

/// What a decision was about: the idea as leadership saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Pinned {
    pub title: String,
    pub problem: String,
    pub proposal: String,
    pub product_id: Option<String>,
    pub product_name: Option<String>,
    pub proposer_name: String,
    pub sponsor_name: Option<String>,
    /// The RICE arithmetic as it stood.
    pub score: String,
    pub evidence: Vec<PinnedEvidence>,
    pub feedback: Vec<PinnedFeedback>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decision {
    pub(crate) id: String,
    pub(crate) idea_id: String,
    pub(crate) by_id: String,
    pub(crate) by_name: String,
    pub(crate) outcome: Outcome,
    pub(crate) rationale: String,
    pub(crate) changes: String,
    pub(crate) revisit: String,
    pub(crate) decided_ms: i64,
    pub(crate) pinned: Option<Pinned>,
    /// The idea's current decision (not superseded by a later one).
    pub(crate) current: bool,
}

const SELECT: &str = "SELECT d.id, d.idea_id, d.by_id, coalesce(m.name, ''), d.outcome, d.rationale, d.changes,
        d.revisit, d.decided_ms, d.pinned, coalesce(i.decision_id = d.id, 0)
    FROM decision d
    LEFT JOIN member m ON m.id = d.by_id
    LEFT JOIN idea i ON i.id = d.idea_id";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Decision> {
    let outcome: String = r.get(4)?;
    let pinned: String = r.get(9)?;
    Ok(Decision {
        id: r.get(0)?,
        idea_id: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
        by_id: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
        by_name: r.get(3)?,
        outcome: Outcome::parse(&outcome).unwrap_or(Outcome::No),
        rationale: r.get(5)?,
        changes: r.get(6)?,
        revisit: r.get(7)?,
        decided_ms: r.get(8)?,
        pinned: serde_json::from_str(&pinned).ok(),
        current: r.get(10)?,
    })
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Decision> {
    conn.prepare_cached(&format!("{SELECT} WHERE d.id = ?1 AND d.decided_ms > 0"))?
        .query_row([id], row)
        .optional()?
        .ok_or_else(|| Error::not_found("decision", id))
}

/// An idea's decisions, newest first.
pub(crate) fn of_idea(conn: &Connection, idea_id: &str) -> Result<Vec<Decision>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE d.idea_id = ?1 AND d.decided_ms > 0 ORDER BY d.decided_ms DESC, d.id DESC"
    ))?;
    let rows = stmt.query_map([idea_id], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The idea as it stands, for a decision to pin.
pub(crate) fn pin(conn: &Connection, idea: &Idea) -> Result<Pinned> {
    let evidence = evidence_of(conn, &idea.id)?
        .into_iter()
        .map(|e| PinnedEvidence { kind: e.kind, body: e.body, url: e.url })
        .collect();
    let feedback = feedback::of_idea(conn, &idea.id)?
        .into_iter()
        .map(|f| PinnedFeedback {
            id: f.id,
            source: f.source,
            body: f.body,
            customer: f.customer,
            who: f.who,
            heard_on: f.heard_on,
        })
        .collect();
    Ok(Pinned {
        title: idea.title.clone(),
        problem: idea.problem.clone(),
        proposal: idea.proposal.clone(),
        product_id: idea.product_id.clone(),
        product_name: idea.product_name.clone(),
        proposer_name: idea.proposer_name.clone(),
        sponsor_name: idea.sponsor_name.clone(),
        score: idea.rice.text(),
        evidence,
        feedback,
    })
}

/// Today, on this laptop's calendar.
pub(crate) fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// `YYYY-MM-DD`, checked.
pub(crate) fn parse_date(what: &str, s: &str) -> Result<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| Error::invalid(format!("{what} {s:?} is not a date like 2027-03-31")))
}

/// What a leader decides.
pub(crate) struct Verdict<'a> {
    pub(crate) outcome: Outcome,
    pub(crate) rationale: &'a str,
    /// Required with a go-ahead with changes, refused otherwise.
    pub(crate) changes: Option<&'a str>,
    /// Required with not now (today or later), refused otherwise.
    pub(crate) revisit: Option<&'a str>,
}

/// Records leadership's decision on a submitted idea. A decision on an idea decided before
/// supersedes the earlier one, which stays on record; an idea already placed on the roadmap
/// is not decided again (the item is changed instead).
pub(crate) fn decide(core: &Core, actor: &Actor, idea_id: &str, v: &Verdict<'_>) -> Result<Decision> {
    let rationale = clean_text("rationale", v.rationale, MAX_BODY)?;
    if rationale.is_empty() {
        return Err(Error::invalid("a decision needs its rationale: say why"));
    }
    let changes = v.changes.map(|c| clean_text("changes", c, MAX_BODY)).transpose()?.unwrap_or_default();
    match (v.outcome, changes.is_empty()) {
        (Outcome::GoAheadWithChanges, true) => {
            return Err(Error::invalid("a go-ahead with changes states the changes"));
        }
        (Outcome::GoAhead | Outcome::NotNow | Outcome::No, false) => {
            return Err(Error::invalid(format!(
                "changes are stated with a go-ahead with changes, not with {:?}",
                v.outcome.label()
            )));
        }
        _ => {}
    }
    let revisit = match (v.outcome, v.revisit.map(str::trim).filter(|r| !r.is_empty())) {
        (Outcome::NotNow, None) => return Err(Error::invalid("a \"not now\" says when to revisit: give a date")),
        (Outcome::NotNow, Some(r)) => {
            let date = parse_date("revisit date", r)?;
            if date < today() {
                return Err(Error::invalid(format!("revisit date {r} is in the past")));
            }
            date.format("%Y-%m-%d").to_string()
        }
        (_, Some(_)) => {
            return Err(Error::invalid(format!(
                "a revisit date goes with \"not now\", not with {:?}",
                v.outcome.label()
            )))
        }
        (_, None) => String::new(),
    };
    let id = new_id();
    core.write(&actor.id, |w| {
        let idea = get_idea(w.conn(), idea_id)?;
        require_now(w.conn(), &actor.id, "decision", &id, "idea_id", Some(idea_id))?;
        if let Some(item) = idea.item_title.as_ref().filter(|_| idea.placed_ms > 0) {
            return Err(Error::invalid(format!(
                "{:?} is already on the roadmap as {item:?}: change the item instead",
                idea.title
            )));
        }
        let pinned = serde_json::to_string(&pin(w.conn(), &idea)?)
            .map_err(|e| Error::InvalidOp(format!("cannot record what was decided on: {e}")))?;
        let at = now_ms();
        w.set("decision", &id, "idea_id", idea_id)?;
        w.set("decision", &id, "by_id", actor.id.as_str())?;
        w.set("decision", &id, "outcome", v.outcome.as_str())?;
        w.set("decision", &id, "rationale", rationale.as_str())?;
        w.set("decision", &id, "changes", changes.as_str())?;
        w.set("decision", &id, "revisit", revisit.as_str())?;
        w.set("decision", &id, "pinned", pinned)?;
        w.set("decision", &id, "approved_ms", if v.outcome.is_go_ahead() { at } else { 0 })?;
        w.set("decision", &id, "decided_ms", at)?;
        w.set("idea", idea_id, "decision_id", id.as_str())?;
        get(w.conn(), &id)
    })
}

/// What the decision log is filtered by; absent filters keep everything.
#[derive(Debug, Clone, Default)]
pub(crate) struct LogFilter<'a> {
    /// Words the decision's text contains (each as a prefix).
    pub(crate) search: Option<&'a str>,
    pub(crate) product_id: Option<&'a str>,
    pub(crate) outcome: Option<Outcome>,
    /// Decided on or after / on or before these dates (this laptop's calendar).
    pub(crate) from: Option<&'a str>,
    pub(crate) to: Option<&'a str>,
    /// At most this many, newest first.
    pub(crate) limit: Option<i64>,
}

/// One entry of the log: the decision and the idea's title and product now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) decision: Decision,
    pub(crate) idea_title: String,
    pub(crate) product_name: Option<String>,
}

pub(crate) const MAX_SEARCH: usize = 200;
pub(crate) const DEFAULT_LIMIT: i64 = 200;

/// The words of a search as an FTS5 query: each word quoted (so no word is read as query
/// syntax) and matched as a prefix, all of them required.
pub(crate) fn fts_query(text: &str) -> Result<String> {
    if text.chars().count() > MAX_SEARCH {
        return Err(Error::invalid(format!("search text is longer than {MAX_SEARCH} characters")));
    }
    let words: Vec<String> =
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| format!("\"{w}\"*")).collect();
    if words.is_empty() {
        return Err(Error::invalid(format!("search text {text:?} has no words to look for")));
    }
    Ok(words.join(" "))
}

/// Local midnight of a date, in ms.
fn day_start_ms(d: chrono::NaiveDate) -> i64 {
    use chrono::TimeZone;
    let midnight = d.and_hms_opt(0, 0, 0).unwrap_or_default();
    chrono::Local
        .from_local_datetime(&midnight)
        .earliest()
        .map_or_else(|| midnight.and_utc().timestamp_millis(), |t| t.timestamp_millis())
}

/// The decision log, newest first, filtered.
pub(crate) fn log(conn: &Connection, f: &LogFilter<'_>) -> Result<Vec<Entry>> {
    let limit = f.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=10_000).contains(&limit) {
        return Err(Error::invalid(format!("a limit of {limit} is not between 1 and 10000")));
    }
    let mut from_ms = None;
    let mut to_ms = None;
    if let Some(from) = f.from {
        from_ms = Some(day_start_ms(parse_date("from date", from)?));
    }
    if let Some(to) = f.to {
        let day = parse_date("to date", to)?;
        to_ms = Some(day_start_ms(day.succ_opt().unwrap_or(day)));
    }
    if let (Some(a), Some(b)) = (from_ms, to_ms) {
        if a >= b {
            return Err(Error::invalid("the from date is after the to date"));
        }
    }
    let query = f.search.map(fts_query).transpose()?;
    // One statement per shape of filter (see ARCHITECTURE.md on QPSG); the values are bound.
    let mut sql = String::from(
        "SELECT d.id, d.idea_id, d.by_id, coalesce(m.name, ''), d.outcome, d.rationale, d.changes,
            d.revisit, d.decided_ms, d.pinned, coalesce(i.decision_id = d.id, 0), coalesce(i.title, ''), p.name
         FROM ",
    );
    let mut args: Vec<Box<dyn ToSql>> = Vec::new();
    let mut conds = vec!["d.decided_ms > 0".to_owned()];
    if let Some(q) = query {
        sql.push_str("decision_text t JOIN decision d ON d.rowid = t.rowid");
        args.push(Box::new(q));
        conds.push(format!("decision_text MATCH ?{}", args.len()));
    } else {
        sql.push_str("decision d");
    }
    sql.push_str(
        " LEFT JOIN member m ON m.id = d.by_id LEFT JOIN idea i ON i.id = d.idea_id
          LEFT JOIN product p ON p.id = i.product_id",
    );
    if let Some(p) = f.product_id {
        args.push(Box::new(p.to_owned()));
        conds.push(format!("i.product_id = ?{}", args.len()));
    }
    if let Some(o) = f.outcome {
        args.push(Box::new(o.as_str()));
        conds.push(format!("d.outcome = ?{}", args.len()));
    }
    if let Some(ms) = from_ms {
        args.push(Box::new(ms));
        conds.push(format!("d.decided_ms >= ?{}", args.len()));
    }
    if let Some(ms) = to_ms {
        args.push(Box::new(ms));
        conds.push(format!("d.decided_ms < ?{}", args.len()));
    }
    args.push(Box::new(limit));
    sql.push_str(&format!(
        " WHERE {} ORDER BY d.decided_ms DESC, d.id DESC LIMIT ?{}",
        conds.join(" AND "),
        args.len()
    ));
    let mut stmt = conn.prepare_cached(&sql)?;
    let params: Vec<&dyn ToSql> = args.iter().map(AsRef::as_ref).collect();
    let rows = stmt.query_map(params.as_slice(), |r| {
        Ok(Entry { decision: row(r)?, idea_title: r.get(11)?, product_name: r.get(12)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Ideas decided "not now" (their current decision) whose revisit date has come — or, with
/// `upcoming`, every one of them — soonest first.
pub(crate) fn to_revisit(conn: &Connection, upcoming: bool) -> Result<Vec<Idea>> {
    let today = today().format("%Y-%m-%d").to_string();
    let until = if upcoming { "9999-12-31".to_owned() } else { today };
    super::list_where(conn, "d.outcome = 'not_now' AND d.revisit <= ?1", "d.revisit, i.id", &[&until])
}

/// What waits on one member in the ideas pipeline.
#[derive(Debug, Clone, Default)]
pub(crate) struct Queue {
    /// Leadership: submitted ideas without a decision, oldest submission first.
    pub(crate) awaiting_decision: Vec<Idea>,
    /// Junior PMs' ideas sent to me for sponsorship (my reports'; leadership: theirs who have
    /// no manager), oldest first.
    pub(crate) to_sponsor: Vec<Idea>,
    /// My ideas returned to me with a comment.
    pub(crate) returned: Vec<Idea>,
    /// Go-ahead ideas not yet on the roadmap, of products I own (leadership: all).
    pub(crate) to_place: Vec<Idea>,
    /// Leadership: "not now" ideas whose revisit date has come.
    pub(crate) to_revisit: Vec<Idea>,
}

pub(crate) fn queue(conn: &Connection, me: &Actor) -> Result<Queue> {
    let lead = me.role == Role::Leadership;
    let mut q = Queue::default();
    if lead {
        q.awaiting_decision =
            super::list_where(conn, "i.decision_id IS NULL AND i.submitted_ms > 0", "i.submitted_ms, i.id", &[])?;
        q.to_revisit = to_revisit(conn, false)?;
    }
    let asked = "i.asked_ms > 0 AND i.sponsored_ms = 0 AND i.submitted_ms = 0 AND i.asked_ms > i.returned_ms";
    q.to_sponsor = if lead {
        super::list_where(
            conn,
            &format!("{asked} AND (m.manager_id = ?1 OR m.manager_id IS NULL)"),
            "i.asked_ms, i.id",
            &[&me.id],
        )?
    } else {
        super::list_where(conn, &format!("{asked} AND m.manager_id = ?1"), "i.asked_ms, i.id", &[&me.id])?
    };
    q.returned =
        super::list_where(conn, "i.proposer_id = ?1 AND i.submitted_ms = 0", "i.returned_ms DESC, i.id", &[&me.id])?
            .into_iter()
            .filter(|i| i.stage() == Stage::Returned)
            .collect();
    let approved = "i.placed_ms = 0 AND d.approved_ms > 0";
    q.to_place = if lead {
        super::list_where(conn, approved, "d.decided_ms, i.id", &[])?
    } else {
        super::list_where(conn, &format!("{approved} AND p.owner_id = ?1"), "d.decided_ms, i.id", &[&me.id])?
    };
    Ok(q)
}
