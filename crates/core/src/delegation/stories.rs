//! Stories under a delegated item, written by the junior it is delegated to: "as a … I want …
//! so that …", acceptance criteria (an ordered checklist), developer and QA contacts, an
//! estimate in points, an order (fractional keys, as for roadmap items), a stage the junior
//! moves (draft → in progress → in QA → done), and a blocked reason.
//!
//! Each story carries a checklist of the guardrails its item inherits: every guardrail marked
//! respected, at risk or violated, with a note (`guardrail_check`, one row per story and
//! guardrail, its id derived from both so two laptops marking the same pair merge by field).
//!
//! **What a review pins.** The reviewed content of a story is its title, the three parts of
//! its sentence, the texts of its criteria, its estimate and its guardrail checks ([`Content`]);
//! contacts, stage, ticks on criteria and the blocked reason are not, so running a story
//! through development never reopens its review. A verdict stores that content as JSON
//! (`pinned`); [`status`] compares it with the content now. So an edit after an approval —
//! here, or on another laptop while the senior was approving — returns the story to review by
//! construction, and the senior sees exactly what changed ([`diff`]).

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::{clean_text, get as get_delegation, now_ms, Delegation, State, MAX_BRIEF, MAX_NOTE};
use crate::error::{Error, Result};
use crate::oplog::judge::require_now;
use crate::oplog::{new_id, Core, Writer};
use crate::roadmap::{self, guardrails, rank};
use crate::workspace::{clean_name, Actor};

pub(crate) const MAX_TITLE: usize = 200;
pub(crate) const MAX_CRITERIA: usize = 50;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Criterion {
    pub text: String,
    pub done: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Draft,
    InProgress,
    InQa,
    Done,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Draft => "draft",
            Stage::InProgress => "in_progress",
            Stage::InQa => "in_qa",
            Stage::Done => "done",
        }
    }
    fn parse(s: &str) -> Stage {
        match s {
            "in_progress" => Stage::InProgress,
            "in_qa" => Stage::InQa,
            "done" => Stage::Done,
            _ => Stage::Draft,
        }
    }
}

/// Where a story stands, computed from the junior's stage, the senior's verdict and whether
/// the content still is what was reviewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StoryStatus {
    Draft,
    InReview,
    ChangesRequested,
    Ready,
    InProgress,
    InQa,
    Done,
    Blocked,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    Unchecked,
    Respected,
    AtRisk,
    Violated,
}

impl Mark {
    pub fn as_str(self) -> &'static str {
        match self {
            Mark::Unchecked => "unchecked",
            Mark::Respected => "respected",
            Mark::AtRisk => "at_risk",
            Mark::Violated => "violated",
        }
    }
    fn parse(s: &str) -> Mark {
        match s {
            "respected" => Mark::Respected,
            "at_risk" => Mark::AtRisk,
            "violated" => Mark::Violated,
            _ => Mark::Unchecked,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    None,
    Approved,
    Changes,
}

/// One guardrail of the story's item and how the story stands against it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    pub guardrail_id: String,
    pub statement: String,
    pub mark: Mark,
    pub note: String,
}

/// What a review pins (see the module doc).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Content {
    pub(crate) title: String,
    pub(crate) as_a: String,
    pub(crate) i_want: String,
    pub(crate) so_that: String,
    pub(crate) criteria: Vec<String>,
    pub(crate) points: i64,
    /// (guardrail statement, mark, note), in the guardrails' order.
    pub(crate) checks: Vec<(String, Mark, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Story {
    pub(crate) id: String,
    pub(crate) delegation_id: String,
    pub(crate) title: String,
    pub(crate) as_a: String,
    pub(crate) i_want: String,
    pub(crate) so_that: String,
    pub(crate) criteria: Vec<Criterion>,
    pub(crate) dev: String,
    pub(crate) qa: String,
    pub(crate) points: i64,
    pub(crate) rank: String,
    pub(crate) stage: Stage,
    pub(crate) blocked: String,
    pub(crate) review_asked_ms: i64,
    pub(crate) edited_ms: i64,
    pub(crate) verdict: Verdict,
    pub(crate) verdict_ms: i64,
    pub(crate) pinned: String,
    pub(crate) exception: String,
    /// The sprint it is planned into (none: the backlog).
    pub(crate) sprint_id: Option<String>,
    pub(crate) checks: Vec<Check>,
}

impl Story {
    pub(crate) fn content(&self) -> Content {
        Content {
            title: self.title.clone(),
            as_a: self.as_a.clone(),
            i_want: self.i_want.clone(),
            so_that: self.so_that.clone(),
            criteria: self.criteria.iter().map(|c| c.text.clone()).collect(),
            points: self.points,
            checks: self.checks.iter().map(|c| (c.statement.clone(), c.mark, c.note.clone())).collect(),
        }
    }
    pub(crate) fn pinned_content(&self) -> Option<Content> {
        serde_json::from_str(&self.pinned).ok()
    }
    /// The content differs from what the last verdict saw.
    pub(crate) fn changed_since_verdict(&self) -> bool {
        self.verdict != Verdict::None && !self.pinned_content().is_some_and(|p| self.has_content(&p))
    }
    /// `self.content() == *c`, without building the content (no copy of every text).
    fn has_content(&self, c: &Content) -> bool {
        c.title == self.title
            && c.as_a == self.as_a
            && c.i_want == self.i_want
            && c.so_that == self.so_that
            && c.points == self.points
            && c.criteria.len() == self.criteria.len()
            && c.criteria.iter().zip(&self.criteria).all(|(a, b)| *a == b.text)
            && c.checks.len() == self.checks.len()
            && c.checks.iter().zip(&self.checks).all(|((s, m, n), k)| *s == k.statement && *m == k.mark && *n == k.note)
    }
    pub(crate) fn violated(&self) -> usize {
        self.checks.iter().filter(|c| c.mark == Mark::Violated).count()
    }
    pub(crate) fn at_risk(&self) -> usize {
        self.checks.iter().filter(|c| c.mark == Mark::AtRisk).count()
    }
    pub(crate) fn status(&self) -> StoryStatus {
        status(self)
    }
    /// Since when the story waits for the senior's review (`None`: it does not).
    pub(crate) fn waiting_since(&self) -> Option<i64> {
        self.waiting_since_at(self.status())
    }
    /// [`Story::waiting_since`] given the story's [`status`], already computed.
    pub(crate) fn waiting_since_at(&self, status: StoryStatus) -> Option<i64> {
        if status != StoryStatus::InReview {
            return None;
        }
        // In review with an approval means edited since it ([`status`]): changed.
        if self.verdict == Verdict::Approved {
            return Some(self.edited_ms.max(self.verdict_ms));
        }
        Some(self.review_asked_ms)
    }
}

/// The status of a story (see [`StoryStatus`]): a pure function of its fields.
pub(crate) fn status(s: &Story) -> StoryStatus {
    status_given(s, s.changed_since_verdict())
}

/// [`status`], given [`Story::changed_since_verdict`] already worked out (it reads the pinned
/// content, the costly part when many stories are shown).
pub(crate) fn status_given(s: &Story, changed_since_verdict: bool) -> StoryStatus {
    let approved_as_is = s.verdict == Verdict::Approved && !changed_since_verdict;
    if !s.blocked.is_empty() && s.stage != Stage::Done {
        return StoryStatus::Blocked;
    }
    if s.verdict == Verdict::Approved && !approved_as_is {
        // Edited after the approval: back to review, wherever it was.
        return StoryStatus::InReview;
    }
    match s.stage {
        Stage::InProgress => return StoryStatus::InProgress,
        Stage::InQa => return StoryStatus::InQa,
        Stage::Done => return StoryStatus::Done,
        Stage::Draft => {}
    }
    if approved_as_is {
        StoryStatus::Ready
    } else if s.review_asked_ms > s.verdict_ms {
        StoryStatus::InReview
    } else if s.verdict == Verdict::Changes {
        StoryStatus::ChangesRequested
    } else {
        StoryStatus::Draft
    }
}

const SELECT: &str = "SELECT id, delegation_id, title, as_a, i_want, so_that, criteria, dev, qa, points, rank, stage,
        blocked, review_asked_ms, edited_ms, verdict, verdict_ms, pinned, exception, sprint_id FROM story";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Story> {
    let criteria: String = r.get(6)?;
    let verdict: String = r.get(15)?;
    Ok(Story {
        id: r.get(0)?,
        delegation_id: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
        title: r.get(2)?,
        as_a: r.get(3)?,
        i_want: r.get(4)?,
        so_that: r.get(5)?,
        // A value another laptop wrote that is not a list of criteria reads as none.
        criteria: serde_json::from_str(&criteria).unwrap_or_default(),
        dev: r.get(7)?,
        qa: r.get(8)?,
        points: r.get(9)?,
        rank: r.get(10)?,
        stage: Stage::parse(&r.get::<_, String>(11)?),
        blocked: r.get(12)?,
        review_asked_ms: r.get(13)?,
        edited_ms: r.get(14)?,
        verdict: match verdict.as_str() {
            "approved" => Verdict::Approved,
            "changes" => Verdict::Changes,
            _ => Verdict::None,
        },
        verdict_ms: r.get(16)?,
        pinned: r.get(17)?,
        exception: r.get(18)?,
        sprint_id: r.get(19)?,
        checks: Vec::new(),
    })
}

/// The guardrails a delegation's item sets and inherits: (id, statement).
pub(crate) fn guardrails_of(conn: &Connection, item_id: &str) -> Result<Vec<(String, String)>> {
    let item = roadmap::get(conn, item_id)?;
    let ancestors = roadmap::ancestors(conn, &item)?;
    Ok(guardrails::own_and_inherited(conn, &item, &ancestors)?.into_iter().map(|g| (g.id, g.statement)).collect())
}

fn with_checks(conn: &Connection, s: Story, guards: &[(String, String)]) -> Result<Story> {
    let mut all = with_all_checks(conn, vec![s], guards)?;
    all.pop().ok_or_else(|| Error::invalid("a story went missing while reading its checks"))
}

/// A guardrail an item sets or inherits: (id, statement).
type Guard = (String, String);

/// Stories of one delegation with its item's guardrails, before their checklists are read.
type Unchecked<'g> = (Vec<Story>, &'g [Guard]);

/// Each story's checklist: its check of every guardrail (see [`with_checks_many`]).
fn with_all_checks(conn: &Connection, stories: Vec<Story>, guards: &[(String, String)]) -> Result<Vec<Story>> {
    let mut lists = [(stories, guards)];
    with_checks_many(conn, &mut lists)?;
    let [(stories, _)] = lists;
    Ok(stories)
}

/// The id of the check of `guardrail` on `story`: the same on every laptop
/// (`gc-` and the first 16 bytes of SHA-256 of `story/guardrail`, in hex).
pub(crate) fn check_id(story: &str, guardrail: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut h = Sha256::new();
    h.update(story.as_bytes());
    h.update(b"/");
    h.update(guardrail.as_bytes());
    let hash = h.finalize();
    let mut out = String::with_capacity(3 + 32);
    out.push_str("gc-");
    for b in hash.iter().take(16) {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    out
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Story> {
    let s = conn
        .prepare_cached(&format!("{SELECT} WHERE id = ?1 AND deleted = 0"))?
        .query_row([id], row)
        .optional()?
        .ok_or_else(|| Error::not_found("story", id))?;
    let d = get_delegation(conn, &s.delegation_id)?;
    let guards = guardrails_of(conn, &d.item_id)?;
    with_checks(conn, s, &guards)
}

/// The guardrails each of `items` sets and inherits, as [`guardrails_of`] answers for one, in
/// one statement for all of them (the inbox and the board read many delegations' items).
fn guardrails_of_many(conn: &Connection, items: &[&str]) -> Result<HashMap<String, Vec<(String, String)>>> {
    let json = serde_json::to_string(items).map_err(|e| Error::invalid(e.to_string()))?;
    // The item, then its parents nearest first, stopping at a deleted one, as `ancestors`
    // does (at most 9; a parent met again — a loop two laptops made — adds nothing new).
    let mut stmt = conn.prepare_cached(
        "WITH RECURSIVE chain(start, id, depth) AS (
             SELECT i.id, i.id, 0 FROM roadmap_item i
             WHERE i.id IN (SELECT value FROM json_each(?1)) AND i.deleted = 0
             UNION ALL
             SELECT c.start, p.id, c.depth + 1 FROM chain c
             JOIN roadmap_item cur ON cur.id = c.id
             JOIN roadmap_item p ON p.id = cur.parent_id AND p.deleted = 0
             WHERE c.depth < 9 AND p.id <> c.start
         )
         SELECT c.start, g.id, g.statement FROM chain c
         JOIN guardrail g ON g.item_id = c.id AND g.deleted = 0 AND g.statement <> ''
         ORDER BY c.start, c.depth, g.id",
    )?;
    let rows = stmt.query_map([json], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let mut out: HashMap<String, Vec<(String, String)>> = HashMap::new();
    let mut seen: std::collections::HashSet<(String, String)> = std::collections::HashSet::new();
    for row in rows {
        let (start, gid, statement): (String, String, String) = row?;
        if seen.insert((start.clone(), gid.clone())) {
            out.entry(start).or_default().push((gid, statement));
        }
    }
    Ok(out)
}

/// The stories of each of `delegations` (by delegation id), in their order, each with its
/// checklist: what [`list`] answers for each, in four statements whatever their number.
pub(crate) fn list_many(conn: &Connection, delegations: &[&Delegation]) -> Result<HashMap<String, Vec<Story>>> {
    if delegations.is_empty() {
        return Ok(HashMap::new());
    }
    let items: Vec<&str> = delegations.iter().map(|d| d.item_id.as_str()).collect();
    let guards = guardrails_of_many(conn, &items)?;
    let ids: Vec<&str> = delegations.iter().map(|d| d.id.as_str()).collect();
    let json = serde_json::to_string(&ids).map_err(|e| Error::invalid(e.to_string()))?;
    // Ordered here, not by SQLite: its sorter would copy every row whole (reviewed content
    // included). Byte order on (rank, title, id), as `list`'s ORDER BY.
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE delegation_id IN (SELECT value FROM json_each(?1)) AND deleted = 0"
    ))?;
    let mut by_delegation: HashMap<String, Vec<Story>> = HashMap::new();
    for s in stmt.query_map([json], row)? {
        let s = s?;
        by_delegation.entry(s.delegation_id.clone()).or_default().push(s);
    }
    for list in by_delegation.values_mut() {
        list.sort_by(|a, b| (&a.rank, &a.title, &a.id).cmp(&(&b.rank, &b.title, &b.id)));
    }
    let none = Vec::new();
    let mut lists: Vec<Unchecked<'_>> = delegations
        .iter()
        .filter_map(|d| {
            by_delegation.remove(&d.id).map(|list| (list, guards.get(&d.item_id).unwrap_or(&none).as_slice()))
        })
        .collect();
    with_checks_many(conn, &mut lists)?;
    Ok(lists
        .into_iter()
        .filter_map(|(list, _)| list.first().map(|s| s.delegation_id.clone()).map(|id| (id, list)))
        .collect())
}

/// Each story's checklist, for several lists of stories each with its item's guardrails: its
/// check of every guardrail. The checks are read by story (most pairs have none: looking each
/// pair up by its id cost more than the rest of a list), and a row counts only when its id is
/// the one its story and guardrail derive ([`check_id`]), as a lookup by id would find it.
fn with_checks_many(conn: &Connection, lists: &mut [Unchecked<'_>]) -> Result<()> {
    let stories: Vec<&str> = lists
        .iter()
        .filter(|(_, guards)| !guards.is_empty())
        .flat_map(|(stories, _)| stories.iter().map(|s| s.id.as_str()))
        .collect();
    // story id → guardrail id → (mark, note)
    let mut found: HashMap<String, HashMap<String, (String, String)>> = HashMap::new();
    if !stories.is_empty() {
        let json = serde_json::to_string(&stories).map_err(|e| Error::invalid(e.to_string()))?;
        let mut stmt = conn.prepare_cached(
            "SELECT g.id, g.story_id, g.guardrail_id, g.mark, g.note FROM guardrail_check g
             WHERE g.story_id IN (SELECT value FROM json_each(?1))",
        )?;
        let rows = stmt.query_map([json], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?, r.get(3)?, r.get(4)?))
        })?;
        for row in rows {
            let (id, story, guardrail, mark, note) = row?;
            let Some(guardrail) = guardrail else { continue };
            if id == check_id(&story, &guardrail) {
                found.entry(story).or_default().insert(guardrail, (mark, note));
            }
        }
    }
    for (stories, guards) in lists.iter_mut() {
        for s in stories.iter_mut() {
            let mut theirs = found.remove(&s.id);
            for (gid, statement) in guards.iter() {
                let (mark, note) = match theirs.as_mut().and_then(|t| t.remove(gid)) {
                    Some((m, n)) => (Mark::parse(&m), n),
                    None => (Mark::Unchecked, String::new()),
                };
                s.checks.push(Check { guardrail_id: gid.clone(), statement: statement.clone(), mark, note });
            }
        }
    }
    Ok(())
}

/// The live stories planned into a sprint, in their order, each with its checklist and the
/// delegation it belongs to: the sprint board, in four statements whatever their number.
pub(crate) fn in_sprint(conn: &Connection, sprint_id: &str) -> Result<Vec<Story>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE sprint_id = ?1 AND deleted = 0"))?;
    let found: Vec<Story> = stmt.query_map([sprint_id], row)?.collect::<rusqlite::Result<_>>()?;
    with_checks_by_delegation(conn, found)
}

/// Gives each story its checklist, reading the items of their delegations once.
pub(crate) fn with_checks_by_delegation(conn: &Connection, found: Vec<Story>) -> Result<Vec<Story>> {
    let mut by_delegation: HashMap<String, Vec<Story>> = HashMap::new();
    for s in found {
        by_delegation.entry(s.delegation_id.clone()).or_default().push(s);
    }
    let ids: Vec<&str> = by_delegation.keys().map(String::as_str).collect();
    let json = serde_json::to_string(&ids).map_err(|e| Error::invalid(e.to_string()))?;
    let mut stmt =
        conn.prepare_cached("SELECT id, item_id FROM delegation WHERE id IN (SELECT value FROM json_each(?1))")?;
    let items: HashMap<String, String> = stmt
        .query_map([json], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?.unwrap_or_default())))?
        .collect::<rusqlite::Result<_>>()?;
    let item_ids: Vec<&str> = items.values().map(String::as_str).collect();
    let guards = guardrails_of_many(conn, &item_ids)?;
    let none = Vec::new();
    let mut lists: Vec<Unchecked<'_>> = by_delegation
        .into_iter()
        .map(|(d, list)| {
            let g = items.get(&d).and_then(|item| guards.get(item)).unwrap_or(&none);
            (list, g.as_slice())
        })
        .collect();
    with_checks_many(conn, &mut lists)?;
    let mut out: Vec<Story> = lists.into_iter().flat_map(|(list, _)| list).collect();
    out.sort_by(|a, b| (&a.rank, &a.title, &a.id).cmp(&(&b.rank, &b.title, &b.id)));
    Ok(out)
}

/// A delegation's stories in their order, each with its checklist.
pub(crate) fn list(conn: &Connection, d: &Delegation) -> Result<Vec<Story>> {
    let guards = guardrails_of(conn, &d.item_id)?;
    let mut stmt =
        conn.prepare_cached(&format!("{SELECT} WHERE delegation_id = ?1 AND deleted = 0 ORDER BY rank, title, id"))?;
    let rows: Vec<Story> = stmt.query_map([&d.id], row)?.collect::<rusqlite::Result<_>>()?;
    with_all_checks(conn, rows, &guards)
}

/// A story's fields as the junior writes them; absent fields stay.
#[derive(Debug, Clone, Default)]
pub(crate) struct Draft<'a> {
    pub(crate) title: Option<&'a str>,
    pub(crate) as_a: Option<&'a str>,
    pub(crate) i_want: Option<&'a str>,
    pub(crate) so_that: Option<&'a str>,
    pub(crate) criteria: Option<&'a [Criterion]>,
    pub(crate) dev: Option<&'a str>,
    pub(crate) qa: Option<&'a str>,
    pub(crate) points: Option<i64>,
}

fn require_writer(conn: &Connection, actor: &Actor, d: &Delegation, story_id: &str) -> Result<()> {
    if d.state != State::Accepted {
        return Err(Error::invalid(format!(
            "stories are written once {} has accepted {:?} and while it runs",
            d.to_name, d.item_title
        )));
    }
    // Asked as setting the story's delegation: the rule then follows the link to `d` whether
    // the story exists yet or not.
    require_now(conn, &actor.id, "story", story_id, "delegation_id", Some(&d.id))
}

fn write_draft(w: &mut Writer<'_>, id: &str, old: Option<&Story>, draft: &Draft<'_>) -> Result<bool> {
    let mut changed = false;
    if let Some(t) = draft.title {
        let t = clean_name("story title", t, MAX_TITLE)?;
        if Some(t.as_str()) != old.map(|s| s.title.as_str()) {
            w.set("story", id, "title", t)?;
            changed = true;
        }
    }
    let texts = [
        ("as_a", "\"as a\"", draft.as_a, old.map(|s| s.as_a.as_str())),
        ("i_want", "\"I want\"", draft.i_want, old.map(|s| s.i_want.as_str())),
        ("so_that", "\"so that\"", draft.so_that, old.map(|s| s.so_that.as_str())),
        ("dev", "the developer contact", draft.dev, old.map(|s| s.dev.as_str())),
        ("qa", "the QA contact", draft.qa, old.map(|s| s.qa.as_str())),
    ];
    for (field, what, new, before) in texts {
        let Some(new) = new else { continue };
        let new = clean_text(what, new, MAX_NOTE)?;
        if Some(new.as_str()) != before {
            w.set("story", id, field, new)?;
            changed = true;
        }
    }
    if let Some(criteria) = draft.criteria {
        if criteria.len() > MAX_CRITERIA {
            return Err(Error::invalid(format!("a story has at most {MAX_CRITERIA} acceptance criteria")));
        }
        let mut clean = Vec::with_capacity(criteria.len());
        for c in criteria {
            let text = clean_text("an acceptance criterion", &c.text, MAX_NOTE)?;
            if text.is_empty() {
                return Err(Error::invalid("an acceptance criterion is empty"));
            }
            clean.push(Criterion { text, done: c.done });
        }
        if Some(&clean) != old.map(|s| &s.criteria) {
            let json = serde_json::to_string(&clean).map_err(|e| Error::invalid(e.to_string()))?;
            if json.chars().count() > MAX_BRIEF * 5 {
                return Err(Error::invalid("the acceptance criteria are too long"));
            }
            w.set("story", id, "criteria", json)?;
            changed = true;
        }
    }
    if let Some(points) = draft.points {
        if !(0..=1000).contains(&points) {
            return Err(Error::invalid(format!("an estimate of {points} points is not between 0 and 1000")));
        }
        if Some(points) != old.map(|s| s.points) {
            w.set("story", id, "points", points)?;
            changed = true;
        }
    }
    if changed {
        w.set("story", id, "edited_ms", now_ms())?;
    }
    Ok(changed)
}

/// The junior adds a story at the end of a delegation's list.
pub(crate) fn add(core: &Core, actor: &Actor, delegation_id: &str, draft: &Draft<'_>) -> Result<Story> {
    if draft.title.is_none() {
        return Err(Error::invalid("a story needs a title"));
    }
    let id = new_id();
    core.write(&actor.id, |w| {
        let d = get_delegation(w.conn(), delegation_id)?;
        require_writer(w.conn(), actor, &d, &id)?;
        let last: Option<String> = w
            .conn()
            .prepare_cached("SELECT max(rank) FROM story WHERE delegation_id = ?1 AND deleted = 0")?
            .query_row([delegation_id], |r| r.get(0))?;
        let key = rank::between(last.as_deref().filter(|k| rank::is_key(k)).unwrap_or(""), None)
            .ok_or_else(|| Error::invalid("the stories' order is full; move a story to renumber it"))?;
        w.set("story", &id, "delegation_id", delegation_id)?;
        w.set("story", &id, "rank", key)?;
        write_draft(w, &id, None, draft)?;
        get(w.conn(), &id)
    })
}

/// The junior edits a story (it autosaves: only changed fields are written).
pub(crate) fn update(core: &Core, actor: &Actor, id: &str, draft: &Draft<'_>) -> Result<Story> {
    core.write(&actor.id, |w| {
        let old = get(w.conn(), id)?;
        let d = get_delegation(w.conn(), &old.delegation_id)?;
        require_writer(w.conn(), actor, &d, id)?;
        write_draft(w, id, Some(&old), draft)?;
        get(w.conn(), id)
    })
}

/// Deletes a story (softly).
pub(crate) fn delete(core: &Core, actor: &Actor, id: &str) -> Result<Story> {
    core.write(&actor.id, |w| {
        let old = get(w.conn(), id)?;
        let d = get_delegation(w.conn(), &old.delegation_id)?;
        require_writer(w.conn(), actor, &d, id)?;
        w.set("story", id, "deleted", true)?;
        Ok(old)
    })
}

/// Moves a story before `before` (another story of the same delegation), or to the end.
pub(crate) fn move_story(core: &Core, actor: &Actor, id: &str, before: Option<&str>) -> Result<Story> {
    core.write(&actor.id, |w| {
        let s = get(w.conn(), id)?;
        let d = get_delegation(w.conn(), &s.delegation_id)?;
        require_writer(w.conn(), actor, &d, id)?;
        let all = list(w.conn(), &d)?;
        let others: Vec<&Story> = all.iter().filter(|o| o.id != id).collect();
        let at = match before {
            None => others.len(),
            Some(b) => others
                .iter()
                .position(|o| o.id == b)
                .ok_or_else(|| Error::invalid(format!("story {b} is not another story of this delegation")))?,
        };
        let lo = if at == 0 { "" } else { others[at - 1].rank.as_str() };
        let hi = others.get(at).map(|o| o.rank.as_str());
        match rank::between(lo, hi) {
            Some(key) => w.set("story", id, "rank", key)?,
            None => {
                // Keys ran out or collided (two laptops placing into one gap): renumber.
                let mut order: Vec<&str> = others.iter().map(|o| o.id.as_str()).collect();
                order.insert(at, id);
                for (sid, key) in order.into_iter().zip(rank::spread(others.len() + 1)) {
                    w.set("story", sid, "rank", key)?;
                }
            }
        }
        get(w.conn(), id)
    })
}

/// The junior moves a story along: its stage, or blocked with a reason (empty: unblocked).
pub(crate) fn set_stage(
    core: &Core,
    actor: &Actor,
    id: &str,
    stage: Option<Stage>,
    blocked: Option<&str>,
) -> Result<Story> {
    let blocked = blocked.map(|b| clean_text("the blocked reason", b, MAX_NOTE)).transpose()?;
    core.write(&actor.id, |w| {
        let s = get(w.conn(), id)?;
        let d = get_delegation(w.conn(), &s.delegation_id)?;
        require_writer(w.conn(), actor, &d, id)?;
        if let Some(stage) = stage.filter(|st| *st != s.stage) {
            let status = s.status();
            let ready =
                matches!(status, StoryStatus::Ready | StoryStatus::InProgress | StoryStatus::InQa | StoryStatus::Done)
                    || (status == StoryStatus::Blocked && s.verdict == Verdict::Approved && !s.changed_since_verdict());
            if stage != Stage::Draft && !ready {
                return Err(Error::invalid(format!(
                    "{:?} is not ready: it moves into development once its review approved it as it stands",
                    s.title
                )));
            }
            w.set("story", id, "stage", stage.as_str())?;
        }
        if let Some(reason) = blocked {
            if reason != s.blocked {
                w.set("story", id, "blocked", reason)?;
            }
        }
        get(w.conn(), id)
    })
}

/// The junior marks how the story stands against one of its item's guardrails.
pub(crate) fn check(core: &Core, actor: &Actor, id: &str, guardrail_id: &str, mark: Mark, note: &str) -> Result<Story> {
    let note = clean_text("the note", note, MAX_NOTE)?;
    if mark == Mark::Violated && note.is_empty() {
        return Err(Error::invalid("say how the story violates the guardrail: a violated mark needs a note"));
    }
    core.write(&actor.id, |w| {
        let s = get(w.conn(), id)?;
        let d = get_delegation(w.conn(), &s.delegation_id)?;
        require_writer(w.conn(), actor, &d, id)?;
        let Some(old) = s.checks.iter().find(|c| c.guardrail_id == guardrail_id) else {
            return Err(Error::invalid(format!("guardrail {guardrail_id} does not apply to {:?}", s.title)));
        };
        let cid = check_id(id, guardrail_id);
        let exists: bool =
            w.conn().query_row("SELECT EXISTS (SELECT 1 FROM guardrail_check WHERE id = ?1)", [&cid], |r| r.get(0))?;
        if !exists {
            w.set("guardrail_check", &cid, "story_id", id)?;
            w.set("guardrail_check", &cid, "guardrail_id", guardrail_id)?;
        }
        let mut changed = false;
        if old.mark != mark || !exists {
            w.set("guardrail_check", &cid, "mark", mark.as_str())?;
            changed = true;
        }
        if old.note != note {
            w.set("guardrail_check", &cid, "note", note.as_str())?;
            changed = true;
        }
        if changed {
            w.set("story", id, "edited_ms", now_ms())?;
        }
        get(w.conn(), id)
    })
}

/// One difference between the reviewed content and the content now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldChange {
    /// "title", "as a", "criterion 2", "guardrail: …".
    pub field: String,
    pub before: String,
    pub after: String,
}

/// What changed since the last verdict (empty when nothing did, or there was none).
pub(crate) fn diff(s: &Story) -> Vec<FieldChange> {
    let Some(before) = s.pinned_content() else { return Vec::new() };
    let now = s.content();
    let mut out = Vec::new();
    let mut push = |field: String, b: &str, a: &str| {
        if b != a {
            out.push(FieldChange { field, before: b.to_owned(), after: a.to_owned() });
        }
    };
    push("title".into(), &before.title, &now.title);
    push("as a".into(), &before.as_a, &now.as_a);
    push("I want".into(), &before.i_want, &now.i_want);
    push("so that".into(), &before.so_that, &now.so_that);
    push("estimate".into(), &before.points.to_string(), &now.points.to_string());
    for i in 0..before.criteria.len().max(now.criteria.len()) {
        let b = before.criteria.get(i).map(String::as_str).unwrap_or("");
        let a = now.criteria.get(i).map(String::as_str).unwrap_or("");
        push(format!("criterion {}", i + 1), b, a);
    }
    for (statement, mark, note) in &now.checks {
        let old = before.checks.iter().find(|(s, _, _)| s == statement);
        let show =
            |m: &Mark, n: &str| if n.is_empty() { m.as_str().to_owned() } else { format!("{}: {n}", m.as_str()) };
        let b = old.map(|(_, m, n)| show(m, n)).unwrap_or_else(|| Mark::Unchecked.as_str().to_owned());
        push(format!("guardrail: {statement}"), &b, &show(mark, note));
    }
    out
}
