//! Ideas (journey 2): a PM proposes an idea — the problem, the proposal, the product it is for —
//! backs it with evidence (customer feedback linked from the inbox, links, metrics, notes) and a
//! RICE score the core computes (and explains), and sends it up. A junior PM's idea goes to
//! their senior, who sponsors it or returns it with a comment; a senior PM's (or a leader's)
//! sponsors itself. Once sponsored it is submitted to leadership — and frozen: its content and
//! evidence are what the decision is about. Leadership decides (`decisions.rs`); a go-ahead is
//! placed on the roadmap as an item of the idea's product, which links back to the idea.
//!
//! The pipeline (draft → sponsored → submitted → decided) is not one field several people
//! write: each step is its own field, written by the person whose step it is (`tables.rs`), and
//! [`Stage`] is computed from them, so two laptops never overwrite each other's step.
//!
//! `feedback.rs` holds the inbox and its triage, `decisions.rs` decisions, the decision log and
//! its full-text search, the revisit list and the queues.

pub(crate) mod decisions;
pub(crate) mod feedback;
pub(crate) mod tables;

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::delegation::{clean_text, now_ms};
use crate::error::{Error, Result};
use crate::oplog::judge::require_now;
use crate::oplog::{new_id, Core, Writer};
use crate::roadmap::{self, Horizon};
use crate::workspace::{clean_name, Actor, Role};

pub(crate) const MAX_TITLE: usize = 200;
pub(crate) const MAX_BODY: usize = 20_000;
pub(crate) const MAX_NOTE: usize = 5_000;
pub(crate) const MAX_URL: usize = 2_000;
/// Reach is people (or events) per quarter: up to a trillion.
pub(crate) const MAX_REACH: i64 = 1_000_000_000_000;
/// Effort in tenths of a person-month: 0.1 to 100,000 person-months.
pub(crate) const MAX_EFFORT: i64 = 1_000_000;

/// RICE impact, on Intercom's scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    Minimal,
    Low,
    Medium,
    High,
    Massive,
}

impl Impact {
    pub const ALL: [Impact; 5] = [Impact::Minimal, Impact::Low, Impact::Medium, Impact::High, Impact::Massive];
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Minimal => "minimal",
            Impact::Low => "low",
            Impact::Medium => "medium",
            Impact::High => "high",
            Impact::Massive => "massive",
        }
    }
    /// The multiplier, in quarters (minimal ¼, low ½, medium 1, high 2, massive 3).
    fn quarters(self) -> i64 {
        match self {
            Impact::Minimal => 1,
            Impact::Low => 2,
            Impact::Medium => 4,
            Impact::High => 8,
            Impact::Massive => 12,
        }
    }
    fn factor_text(self) -> &'static str {
        match self {
            Impact::Minimal => "0.25",
            Impact::Low => "0.5",
            Impact::Medium => "1",
            Impact::High => "2",
            Impact::Massive => "3",
        }
    }
    fn parse(s: &str) -> Option<Impact> {
        Impact::ALL.into_iter().find(|i| i.as_str() == s)
    }
}

/// Where an idea stands, computed from the fields each step writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "IdeaStage")]
pub enum Stage {
    /// Being written by its proposer.
    Draft,
    /// A junior PM's idea sent to their senior for sponsorship.
    AwaitingSponsor,
    /// Returned by the senior with a comment; the proposer revises and sends it again.
    Returned,
    /// Sponsored, not yet submitted to leadership.
    Sponsored,
    /// Submitted: frozen, waiting for leadership's decision.
    Submitted,
    /// Leadership has decided (see the outcome).
    Decided,
}

impl Stage {
    pub const ALL: [Stage; 6] =
        [Stage::Draft, Stage::AwaitingSponsor, Stage::Returned, Stage::Sponsored, Stage::Submitted, Stage::Decided];
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Draft => "draft",
            Stage::AwaitingSponsor => "awaiting_sponsor",
            Stage::Returned => "returned",
            Stage::Sponsored => "sponsored",
            Stage::Submitted => "submitted",
            Stage::Decided => "decided",
        }
    }
}

/// A RICE score's parts; the score exists once impact and effort are set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Rice {
    pub(crate) reach: i64,
    pub(crate) impact: Option<Impact>,
    /// Percent, 0–100.
    pub(crate) confidence: i64,
    /// Tenths of a person-month.
    pub(crate) effort: i64,
}

/// `1234567` → `1,234,567`.
fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// Tenths as a decimal: `35` → `3.5`, `40` → `4`.
pub(crate) fn tenths(t: i64) -> String {
    if t % 10 == 0 {
        grouped(t / 10)
    } else {
        format!("{}.{}", grouped(t / 10), t % 10)
    }
}

impl Rice {
    /// reach × impact × confidence ÷ effort, in tenths (rounded half up); `None` until impact
    /// and effort are set. Integer arithmetic, so every laptop shows the same number.
    pub(crate) fn score_tenths(&self) -> Option<i64> {
        let impact = self.impact?;
        if self.effort <= 0 {
            return None;
        }
        // reach × (quarters / 4) × (confidence / 100) ÷ (effort / 10), × 10 for tenths:
        // = reach × quarters × confidence × 100 / (4 × 100 × effort) = … / (4 × effort).
        let num = i128::from(self.reach) * i128::from(impact.quarters()) * i128::from(self.confidence) * 25;
        let den = i128::from(self.effort) * 100;
        let score = (num * 2 + den) / (den * 2);
        Some(i64::try_from(score).unwrap_or(i64::MAX))
    }

    /// The arithmetic in words, or what is missing.
    pub(crate) fn text(&self) -> String {
        let (Some(impact), Some(score)) = (self.impact, self.score_tenths()) else {
            let mut missing = Vec::new();
            if self.impact.is_none() {
                missing.push("impact");
            }
            if self.effort <= 0 {
                missing.push("effort");
            }
            return format!("not scored yet: set {}", missing.join(" and "));
        };
        format!(
            "reach {} × impact {} ({}) × confidence {}% ÷ effort {} person-month{} = {}",
            grouped(self.reach),
            impact.factor_text(),
            impact.as_str(),
            self.confidence,
            tenths(self.effort),
            if self.effort == 10 { "" } else { "s" },
            tenths(score)
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Idea {
    pub(crate) id: String,
    pub(crate) proposer_id: String,
    pub(crate) proposer_name: String,
    pub(crate) proposer_role: Role,
    /// The proposer's manager (who sponsors a junior's idea), if any.
    pub(crate) manager_id: Option<String>,
    pub(crate) title: String,
    pub(crate) problem: String,
    pub(crate) proposal: String,
    pub(crate) product_id: Option<String>,
    pub(crate) product_name: Option<String>,
    pub(crate) rice: Rice,
    pub(crate) edited_ms: i64,
    pub(crate) asked_ms: i64,
    pub(crate) sponsor_id: Option<String>,
    pub(crate) sponsor_name: Option<String>,
    pub(crate) sponsored_ms: i64,
    pub(crate) returned_ms: i64,
    pub(crate) return_note: String,
    pub(crate) submitted_ms: i64,
    pub(crate) decision_id: Option<String>,
    pub(crate) outcome: Option<decisions::Outcome>,
    pub(crate) revisit: String,
    pub(crate) decided_ms: i64,
    pub(crate) item_id: Option<String>,
    pub(crate) item_title: Option<String>,
    pub(crate) placed_ms: i64,
    /// Feedback linked to it, and the latest date any of it was heard.
    pub(crate) feedback_count: i64,
    pub(crate) last_heard: String,
    pub(crate) evidence_count: i64,
    /// How many decisions it has had (the current one included).
    pub(crate) decisions: i64,
}

impl Idea {
    pub(crate) fn stage(&self) -> Stage {
        if self.outcome.is_some() {
            Stage::Decided
        } else if self.submitted_ms > 0 {
            Stage::Submitted
        } else if self.sponsored_ms > 0 {
            Stage::Sponsored
        } else if self.returned_ms > 0 && self.returned_ms >= self.asked_ms {
            Stage::Returned
        } else if self.asked_ms > 0 {
            Stage::AwaitingSponsor
        } else {
            Stage::Draft
        }
    }
    /// A junior PM's idea needs someone else's sponsorship; others sponsor their own.
    pub(crate) fn needs_sponsor(&self) -> bool {
        self.proposer_role == Role::Junior
    }
    pub(crate) fn approved(&self) -> bool {
        self.outcome.is_some_and(decisions::Outcome::is_go_ahead)
    }
}

const SELECT: &str = "SELECT i.id, i.proposer_id, m.name, m.role, m.manager_id, i.title, i.problem, i.proposal,
        i.product_id, p.name, i.reach, i.impact, i.confidence, i.effort, i.edited_ms, i.asked_ms,
        i.sponsor_id, s.name, i.sponsored_ms, i.returned_ms, i.return_note, i.submitted_ms,
        d.id, d.outcome, d.revisit, d.decided_ms, i.item_id, r.title, i.placed_ms,
        (SELECT count(*) FROM feedback f WHERE f.idea_id = i.id),
        (SELECT max(f.heard_on) FROM feedback f WHERE f.idea_id = i.id),
        (SELECT count(*) FROM evidence e WHERE e.idea_id = i.id AND e.deleted = 0),
        (SELECT count(*) FROM decision x WHERE x.idea_id = i.id AND x.decided_ms > 0)
    FROM idea i
    JOIN member m ON m.id = i.proposer_id
    LEFT JOIN product p ON p.id = i.product_id AND p.deleted = 0
    LEFT JOIN member s ON s.id = i.sponsor_id
    LEFT JOIN decision d ON d.id = i.decision_id AND d.decided_ms > 0
    LEFT JOIN roadmap_item r ON r.id = i.item_id";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Idea> {
    let role: String = r.get(3)?;
    let impact: String = r.get(11)?;
    let outcome: Option<String> = r.get(23)?;
    Ok(Idea {
        id: r.get(0)?,
        proposer_id: r.get(1)?,
        proposer_name: r.get(2)?,
        proposer_role: Role::parse(&role).unwrap_or(Role::Junior),
        manager_id: r.get(4)?,
        title: r.get(5)?,
        problem: r.get(6)?,
        proposal: r.get(7)?,
        product_id: r.get(8)?,
        product_name: r.get(9)?,
        rice: Rice { reach: r.get(10)?, impact: Impact::parse(&impact), confidence: r.get(12)?, effort: r.get(13)? },
        edited_ms: r.get(14)?,
        asked_ms: r.get(15)?,
        sponsor_id: r.get(16)?,
        sponsor_name: r.get(17)?,
        sponsored_ms: r.get(18)?,
        returned_ms: r.get(19)?,
        return_note: r.get(20)?,
        submitted_ms: r.get(21)?,
        decision_id: r.get(22)?,
        outcome: outcome.as_deref().and_then(decisions::Outcome::parse),
        revisit: r.get::<_, Option<String>>(24)?.unwrap_or_default(),
        decided_ms: r.get::<_, Option<i64>>(25)?.unwrap_or(0),
        item_id: r.get(26)?,
        item_title: r.get(27)?,
        placed_ms: r.get(28)?,
        feedback_count: r.get(29)?,
        last_heard: r.get::<_, Option<String>>(30)?.unwrap_or_default(),
        evidence_count: r.get(31)?,
        decisions: r.get(32)?,
    })
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Idea> {
    conn.prepare_cached(&format!("{SELECT} WHERE i.id = ?1"))?
        .query_row([id], row)
        .optional()?
        .ok_or_else(|| Error::not_found("idea", id))
}

/// Ideas matching one filter (one of this module's literals, never user text), in `order`.
pub(crate) fn list_where(
    conn: &Connection,
    filter: &str,
    order: &str,
    args: &[&dyn rusqlite::ToSql],
) -> Result<Vec<Idea>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE {filter} ORDER BY {order}"))?;
    let rows = stmt.query_map(args, row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every idea, newest first; or one product's.
pub(crate) fn list(conn: &Connection, product_id: Option<&str>) -> Result<Vec<Idea>> {
    match product_id {
        Some(p) => list_where(conn, "i.product_id = ?1", "i.edited_ms DESC, i.id", &[&p]),
        None => list_where(conn, "1 = 1", "i.edited_ms DESC, i.id", &[]),
    }
}

/// The idea a roadmap item was placed from, if any.
pub(crate) fn for_item(conn: &Connection, item_id: &str) -> Result<Option<Idea>> {
    Ok(list_where(conn, "i.item_id = ?1", "i.placed_ms, i.id", &[&item_id])?.into_iter().next())
}

/// An idea's evidence other than feedback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Evidence {
    pub(crate) id: String,
    pub(crate) kind: EvidenceKind,
    pub(crate) body: String,
    pub(crate) url: String,
    pub(crate) at_ms: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// A document, a dashboard, a recording.
    Link,
    /// A number, with what it measures ("checkout abandonment 31% on mobile").
    Metric,
    Note,
}

impl EvidenceKind {
    pub const ALL: [EvidenceKind; 3] = [EvidenceKind::Link, EvidenceKind::Metric, EvidenceKind::Note];
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::Link => "link",
            EvidenceKind::Metric => "metric",
            EvidenceKind::Note => "note",
        }
    }
}

pub(crate) fn evidence_of(conn: &Connection, idea_id: &str) -> Result<Vec<Evidence>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, body, url, at_ms FROM evidence WHERE idea_id = ?1 AND deleted = 0 ORDER BY at_ms, id",
    )?;
    let rows = stmt.query_map([idea_id], |r| {
        let kind: String = r.get(1)?;
        Ok(Evidence {
            id: r.get(0)?,
            kind: EvidenceKind::ALL.into_iter().find(|k| k.as_str() == kind).unwrap_or(EvidenceKind::Note),
            body: r.get(2)?,
            url: r.get(3)?,
            at_ms: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The present-tense check of the rule for `table.field`, before a command writes it.
fn check(
    w: &Writer<'_>,
    actor: &Actor,
    table: &'static str,
    entity: &str,
    field: &str,
    value: Option<&str>,
) -> Result<()> {
    require_now(w.conn(), &actor.id, table, entity, field, value)
}

/// Checks a URL: empty, or http(s)/mailto/file, at most [`MAX_URL`] characters, no spaces.
pub(crate) fn clean_url(s: &str) -> Result<String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(String::new());
    }
    if s.chars().count() > MAX_URL {
        return Err(Error::invalid(format!("link is longer than {MAX_URL} characters")));
    }
    let lower = s.to_ascii_lowercase();
    let scheme = ["https://", "http://", "mailto:", "file://"].iter().any(|p| lower.starts_with(p));
    if !scheme || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::invalid(format!("link {s:?} is not a web address like https://example.com/page")));
    }
    Ok(s.to_owned())
}

fn live_product(conn: &Connection, product_id: &str) -> Result<String> {
    Ok(crate::products::get(conn, product_id)?.id)
}

/// What a new idea says; the proposer is the actor.
pub(crate) struct NewIdea<'a> {
    pub(crate) title: &'a str,
    pub(crate) problem: &'a str,
    pub(crate) proposal: &'a str,
    pub(crate) product_id: Option<&'a str>,
}

pub(crate) fn add(core: &Core, actor: &Actor, new: &NewIdea<'_>) -> Result<Idea> {
    let title = clean_name("idea title", new.title, MAX_TITLE)?;
    let problem = clean_text("problem", new.problem, MAX_BODY)?;
    let proposal = clean_text("proposal", new.proposal, MAX_BODY)?;
    let id = new_id();
    core.write(&actor.id, |w| {
        let product = new.product_id.map(|p| live_product(w.conn(), p)).transpose()?;
        check(w, actor, "idea", &id, "proposer_id", Some(&actor.id))?;
        w.set("idea", &id, "proposer_id", actor.id.as_str())?;
        w.set("idea", &id, "title", title.as_str())?;
        w.set("idea", &id, "problem", problem.as_str())?;
        w.set("idea", &id, "proposal", proposal.as_str())?;
        w.set("idea", &id, "product_id", product)?;
        w.set("idea", &id, "edited_ms", now_ms())?;
        get(w.conn(), &id)
    })
}

/// What an edit changes; absent fields stay. `product_id: Some(None)` clears the product.
#[derive(Default)]
pub(crate) struct IdeaEdit<'a> {
    pub(crate) title: Option<&'a str>,
    pub(crate) problem: Option<&'a str>,
    pub(crate) proposal: Option<&'a str>,
    pub(crate) product_id: Option<Option<&'a str>>,
    pub(crate) reach: Option<i64>,
    pub(crate) impact: Option<Impact>,
    /// Percent.
    pub(crate) confidence: Option<i64>,
    /// Tenths of a person-month.
    pub(crate) effort: Option<i64>,
}

impl IdeaEdit<'_> {
    fn is_empty(&self) -> bool {
        self.title.is_none()
            && self.problem.is_none()
            && self.proposal.is_none()
            && self.product_id.is_none()
            && self.reach.is_none()
            && self.impact.is_none()
            && self.confidence.is_none()
            && self.effort.is_none()
    }
}

/// Changes an idea's content or score (its proposer, until it is submitted). A change that
/// changes nothing writes nothing.
pub(crate) fn update(core: &Core, actor: &Actor, id: &str, edit: &IdeaEdit<'_>) -> Result<Idea> {
    if edit.is_empty() {
        return Err(Error::invalid("nothing to change: give a title, problem, proposal, product or score part"));
    }
    let title = edit.title.map(|t| clean_name("idea title", t, MAX_TITLE)).transpose()?;
    let problem = edit.problem.map(|t| clean_text("problem", t, MAX_BODY)).transpose()?;
    let proposal = edit.proposal.map(|t| clean_text("proposal", t, MAX_BODY)).transpose()?;
    if let Some(reach) = edit.reach {
        if !(0..=MAX_REACH).contains(&reach) {
            return Err(Error::invalid(format!("reach {reach} is not between 0 and {}", grouped(MAX_REACH))));
        }
    }
    if let Some(c) = edit.confidence {
        if !(0..=100).contains(&c) {
            return Err(Error::invalid(format!("confidence {c}% is not between 0% and 100%")));
        }
    }
    if let Some(e) = edit.effort {
        if !(1..=MAX_EFFORT).contains(&e) {
            return Err(Error::invalid(format!(
                "effort {} person-months is not between 0.1 and {}",
                tenths(e),
                tenths(MAX_EFFORT)
            )));
        }
    }
    core.write(&actor.id, |w| {
        let old = get(w.conn(), id)?;
        check(w, actor, "idea", id, "title", None)?;
        let product = match edit.product_id {
            Some(Some(p)) => Some(Some(live_product(w.conn(), p)?)),
            Some(None) => Some(None),
            None => None,
        };
        let mut changed = false;
        let texts =
            [("title", title, &old.title), ("problem", problem, &old.problem), ("proposal", proposal, &old.proposal)];
        for (field, new, before) in texts {
            if let Some(new) = new.filter(|n| n != before) {
                w.set("idea", id, field, new)?;
                changed = true;
            }
        }
        if let Some(p) = product.filter(|p| *p != old.product_id) {
            w.set("idea", id, "product_id", p)?;
            changed = true;
        }
        let numbers = [
            ("reach", edit.reach, old.rice.reach),
            ("confidence", edit.confidence, old.rice.confidence),
            ("effort", edit.effort, old.rice.effort),
        ];
        for (field, new, before) in numbers {
            if let Some(new) = new.filter(|n| *n != before) {
                w.set("idea", id, field, new)?;
                changed = true;
            }
        }
        if let Some(i) = edit.impact.filter(|i| Some(*i) != old.rice.impact) {
            w.set("idea", id, "impact", i.as_str())?;
            changed = true;
        }
        if changed {
            w.set("idea", id, "edited_ms", now_ms())?;
        }
        get(w.conn(), id)
    })
}

/// Adds a link, metric or note to an idea's evidence (its proposer, until it is submitted).
pub(crate) fn evidence_add(
    core: &Core,
    actor: &Actor,
    idea_id: &str,
    kind: EvidenceKind,
    body: &str,
    url: &str,
) -> Result<Evidence> {
    let body = clean_text("evidence", body, MAX_NOTE)?;
    let url = clean_url(url)?;
    if kind == EvidenceKind::Link && url.is_empty() {
        return Err(Error::invalid("a link needs its address (https://…)"));
    }
    if kind != EvidenceKind::Link && body.is_empty() {
        return Err(Error::invalid(format!("the {} is empty", kind.as_str())));
    }
    let id = new_id();
    core.write(&actor.id, |w| {
        get(w.conn(), idea_id)?;
        check(w, actor, "evidence", &id, "idea_id", Some(idea_id))?;
        w.set("evidence", &id, "idea_id", idea_id)?;
        w.set("evidence", &id, "kind", kind.as_str())?;
        w.set("evidence", &id, "body", body.as_str())?;
        w.set("evidence", &id, "url", url.as_str())?;
        let at = now_ms();
        w.set("evidence", &id, "at_ms", at)?;
        Ok(Evidence { id: id.clone(), kind, body: body.clone(), url: url.clone(), at_ms: at })
    })
}

/// Removes a piece of evidence (its idea's proposer, until the idea is submitted).
pub(crate) fn evidence_remove(core: &Core, actor: &Actor, evidence_id: &str) -> Result<Idea> {
    core.write(&actor.id, |w| {
        let idea_id: Option<String> = w
            .conn()
            .query_row("SELECT idea_id FROM evidence WHERE id = ?1 AND deleted = 0", [evidence_id], |r| r.get(0))
            .optional()?
            .flatten();
        let idea_id = idea_id.ok_or_else(|| Error::not_found("evidence", evidence_id))?;
        check(w, actor, "evidence", evidence_id, "deleted", None)?;
        w.set("evidence", evidence_id, "deleted", true)?;
        get(w.conn(), &idea_id)
    })
}

/// The sponsor of a junior PM's idea (their manager, or leadership): their sponsorship, after
/// which the idea may be submitted.
pub(crate) fn sponsor(core: &Core, actor: &Actor, id: &str) -> Result<Idea> {
    core.write(&actor.id, |w| {
        let idea = get(w.conn(), id)?;
        check(w, actor, "idea", id, "sponsor_id", Some(&actor.id))?;
        if idea.proposer_id == actor.id && idea.needs_sponsor() {
            return Err(Error::invalid("a junior PM's idea is sponsored by their senior"));
        }
        if idea.sponsored_ms > 0 {
            let by = idea.sponsor_name.unwrap_or_else(|| "someone".to_owned());
            return Err(Error::invalid(format!("{:?} is already sponsored by {by}", idea.title)));
        }
        write_sponsorship(w, actor, id)?;
        get(w.conn(), id)
    })
}

fn write_sponsorship(w: &mut Writer<'_>, actor: &Actor, id: &str) -> Result<()> {
    w.set("idea", id, "sponsor_id", actor.id.as_str())?;
    w.set("idea", id, "sponsored_ms", now_ms())?;
    Ok(())
}

/// Sends an idea back to its proposer with a comment (the proposer's manager, or leadership),
/// before it is submitted; a sponsorship given is withdrawn.
pub(crate) fn send_back(core: &Core, actor: &Actor, id: &str, note: &str) -> Result<Idea> {
    let note = clean_text("comment", note, MAX_NOTE)?;
    if note.is_empty() {
        return Err(Error::invalid("say why the idea goes back: the comment is empty"));
    }
    core.write(&actor.id, |w| {
        let idea = get(w.conn(), id)?;
        check(w, actor, "idea", id, "returned_ms", None)?;
        if idea.proposer_id == actor.id {
            return Err(Error::invalid("an idea is returned to its proposer by their sponsor, not by themselves"));
        }
        if idea.sponsored_ms > 0 {
            w.set("idea", id, "sponsor_id", serde_json::Value::Null)?;
            w.set("idea", id, "sponsored_ms", 0)?;
        }
        w.set("idea", id, "return_note", note.as_str())?;
        w.set("idea", id, "returned_ms", now_ms())?;
        get(w.conn(), id)
    })
}

/// What submitting did: an idea a junior PM sends before it is sponsored goes to their senior.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Submitted {
    /// Submitted to leadership.
    ToLeadership,
    /// Sent to the proposer's senior for sponsorship.
    ForSponsorship,
}

/// Submits an idea to leadership (its proposer, or its sponsor). A senior PM's or a leader's
/// own idea sponsors itself; a junior PM's unsponsored idea is sent to their senior instead.
pub(crate) fn submit(core: &Core, actor: &Actor, id: &str) -> Result<(Idea, Submitted)> {
    core.write(&actor.id, |w| {
        let idea = get(w.conn(), id)?;
        if idea.submitted_ms > 0 {
            check(w, actor, "idea", id, "submitted_ms", None)?;
        }
        if idea.title.trim().is_empty() || idea.problem.is_empty() || idea.proposal.is_empty() {
            return Err(Error::invalid(format!("{:?} needs a problem and a proposal before it goes up", idea.title)));
        }
        if idea.sponsored_ms == 0 && idea.needs_sponsor() && actor.id == idea.proposer_id {
            check(w, actor, "idea", id, "asked_ms", None)?;
            if idea.stage() == Stage::AwaitingSponsor {
                return Err(Error::invalid(format!("{:?} is already waiting for sponsorship", idea.title)));
            }
            w.set("idea", id, "asked_ms", now_ms())?;
            return Ok((get(w.conn(), id)?, Submitted::ForSponsorship));
        }
        if idea.sponsored_ms == 0 && actor.id == idea.proposer_id {
            check(w, actor, "idea", id, "sponsor_id", Some(&actor.id))?;
            write_sponsorship(w, actor, id)?;
        }
        check(w, actor, "idea", id, "submitted_ms", None)?;
        w.set("idea", id, "submitted_ms", now_ms())?;
        Ok((get(w.conn(), id)?, Submitted::ToLeadership))
    })
}

/// Where a go-ahead goes on the roadmap.
pub(crate) struct Placement<'a> {
    pub(crate) horizon: Horizon,
    pub(crate) period: &'a str,
    /// The item it serves on the next-longer horizon (a goal, for a five-year theme).
    pub(crate) parent_id: Option<&'a str>,
    pub(crate) goal_id: Option<&'a str>,
}

/// Places an idea with a go-ahead on its product's roadmap (whoever may edit that roadmap):
/// a new item titled as the idea, its requirements the problem, the proposal and the changes
/// leadership asked for, linked to the idea. Once.
pub(crate) fn place(core: &Core, actor: &Actor, id: &str, at: &Placement<'_>) -> Result<(Idea, roadmap::Item)> {
    core.write(&actor.id, |w| {
        let idea = get(w.conn(), id)?;
        if let (Some(item), true) = (&idea.item_id, idea.placed_ms > 0) {
            let title = idea.item_title.clone().unwrap_or_else(|| item.clone());
            return Err(Error::invalid(format!("{:?} is already on the roadmap as {title:?}", idea.title)));
        }
        if !idea.approved() {
            return Err(Error::invalid(format!(
                "{:?} has no go-ahead from leadership: only a go-ahead is placed on the roadmap",
                idea.title
            )));
        }
        let Some(product_id) = idea.product_id.clone() else {
            return Err(Error::invalid(format!("{:?} names no product: it was decided without one", idea.title)));
        };
        let new = roadmap::NewItem {
            product_id: &product_id,
            horizon: at.horizon,
            period: at.period,
            title: &idea.title,
            goal_id: at.goal_id,
            parent_id: at.parent_id,
            status: None,
        };
        let item = roadmap::create_in(w, actor, &new)?;
        let changes = match &idea.decision_id {
            Some(d) => decisions::get(w.conn(), d)?.changes,
            None => String::new(),
        };
        let mut requirements = format!("## Problem\n\n{}\n\n## Proposal\n\n{}\n", idea.problem, idea.proposal);
        if !changes.is_empty() {
            requirements.push_str(&format!("\n## Changes asked for by leadership\n\n{changes}\n"));
        }
        w.set("roadmap_item", &item.id, "requirements", requirements)?;
        check(w, actor, "idea", id, "item_id", Some(&item.id))?;
        w.set("idea", id, "item_id", item.id.as_str())?;
        w.set("idea", id, "placed_ms", now_ms())?;
        Ok((get(w.conn(), id)?, item))
    })
}
