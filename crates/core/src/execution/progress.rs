//! Progress rolled up from stories to one-year items, three-year initiatives, five-year themes
//! and the organisation's goals, with the signals that put work at risk and why.
//!
//! **The rule.** Progress is counted in story points: a node's figure is the points of the
//! done stories below it over the points of all the stories below it. A story counts while it
//! is live (not deleted) and its delegation was not withdrawn (withdrawn work is dropped);
//! completed delegations keep counting. A story counts under the item its delegation is of, as
//! the roadmap stands now: an item moved under another initiative takes its points along.
//! **One-year items without stories yet are not in the figure**: they have nothing to count
//! by, and guessing would mislead. Each node says how many such items sit below it, and every
//! screen that shows a figure says so beside it.
//!
//! **At risk**, on a one-year item, each with its reason:
//! - behind plan: more than a quarter of the item's quarter has passed beyond the share of its
//!   points done (or the quarter is over and points are open);
//! - blocked stories (not done);
//! - guardrails marked violated or at risk on stories not done;
//! - a check-in overdue on its running delegation;
//! - its launch date passed with checklist entries open.
//!
//! The tree is the alignment tree (`roadmap::alignment`); the stories' sums come from the
//! per-delegation tally the story triggers keep (`story_tally`, migration 0017), and the checks,
//! check-ins and launches are read in one statement each, whatever their number.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::today;
use crate::delegation::DAY_MS;
use crate::error::Result;
use crate::goals::Goal;
use crate::oplog::Core;
use crate::roadmap::alignment::{self, Node};
use crate::roadmap::{Horizon, Item};

/// What is counted below a node.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    pub(crate) points: i64,
    pub(crate) points_done: i64,
    pub(crate) stories: i64,
    pub(crate) stories_done: i64,
    /// One-year items with no live story yet (not in the figure).
    pub(crate) items_without_stories: i64,
    /// One-year items with stories.
    pub(crate) items_counted: i64,
}

impl Tally {
    fn add(&mut self, o: Tally) {
        self.points += o.points;
        self.points_done += o.points_done;
        self.stories += o.stories;
        self.stories_done += o.stories_done;
        self.items_without_stories += o.items_without_stories;
        self.items_counted += o.items_counted;
    }
    /// Whole percent of points done, rounded down (none: no points to count by).
    pub(crate) fn percent(&self) -> Option<i64> {
        (self.points > 0).then(|| self.points_done * 100 / self.points)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RiskKind {
    BehindPlan,
    Blocked,
    Guardrail,
    CheckinOverdue,
    LaunchOverdue,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Risk {
    pub(crate) kind: RiskKind,
    pub(crate) item_id: String,
    pub(crate) item_title: String,
    /// The reason in a sentence.
    pub(crate) reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PNode {
    pub(crate) item: Item,
    pub(crate) tally: Tally,
    /// This node's own risks (one-year items) and every risk below it.
    pub(crate) risks: Vec<Risk>,
    pub(crate) children: Vec<PNode>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GoalProgress {
    pub(crate) goal: Goal,
    pub(crate) tally: Tally,
    pub(crate) risks: Vec<Risk>,
    pub(crate) themes: Vec<PNode>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Overview {
    pub(crate) goals: Vec<GoalProgress>,
    /// Work that serves no goal, rolled up the same way.
    pub(crate) unaligned: Vec<PNode>,
    pub(crate) total: Tally,
    pub(crate) today: String,
}

/// Story figures per item.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    stories: i64,
    points: i64,
    points_done: i64,
    stories_done: i64,
    blocked: i64,
    violated: i64,
    at_risk: i64,
}

/// What the roll-up reads besides the tree: per item.
#[derive(Default)]
struct Facts {
    counts: HashMap<String, Counts>,
    /// Overdue check-in: days late.
    overdue_checkin: HashMap<String, i64>,
    /// Launch past its date with entries open: (target date, open entries).
    overdue_launch: HashMap<String, (String, i64)>,
}

fn facts(c: &rusqlite::Connection, today: &str, now_ms: i64) -> Result<Facts> {
    let mut f = Facts::default();
    let mut stmt = c.prepare_cached(
        "SELECT d.item_id, sum(t.stories), sum(t.points), sum(t.points_done), sum(t.stories_done), sum(t.blocked)
         FROM delegation d JOIN story_tally t ON t.delegation_id = d.id
         WHERE d.ended <> 'withdrawn' AND d.item_id IS NOT NULL
         GROUP BY d.item_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Counts {
                stories: r.get(1)?,
                points: r.get(2)?,
                points_done: r.get(3)?,
                stories_done: r.get(4)?,
                blocked: r.get(5)?,
                violated: 0,
                at_risk: 0,
            },
        ))
    })?;
    for row in rows {
        let (item, counts) = row?;
        f.counts.insert(item, counts);
    }
    let mut stmt = c.prepare_cached(
        "SELECT d.item_id, count(CASE WHEN g.mark = 'violated' THEN 1 END), count(CASE WHEN g.mark = 'at_risk' THEN 1 END)
         FROM guardrail_check g INDEXED BY guardrail_check_flagged
         JOIN story s INDEXED BY story_state ON s.id = g.story_id AND s.deleted = 0 AND s.stage <> 'done'
         JOIN delegation d ON d.id = s.delegation_id AND d.ended <> 'withdrawn'
         JOIN guardrail gr ON gr.id = g.guardrail_id AND gr.deleted = 0
         WHERE g.mark IN ('violated', 'at_risk') AND d.item_id IS NOT NULL
         GROUP BY d.item_id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)))?;
    for row in rows {
        let (item, violated, at_risk) = row?;
        let e = f.counts.entry(item).or_default();
        e.violated = violated;
        e.at_risk = at_risk;
    }
    // Running delegations with a cadence: the last check-in (or the acceptance) and the cadence.
    let mut stmt = c.prepare_cached(
        "SELECT d.item_id, d.cadence_days,
                max(d.responded_ms, coalesce((SELECT max(k.at_ms) FROM checkin k WHERE k.delegation_id = d.id), 0))
         FROM delegation d
         WHERE d.ended = 'open' AND d.response = 'accepted' AND d.responded_ms > d.assigned_ms
           AND d.cadence_days > 0 AND d.item_id IS NOT NULL",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)))?;
    for row in rows {
        let (item, cadence, last) = row?;
        let due = last + cadence * DAY_MS;
        if due <= now_ms {
            f.overdue_checkin.insert(item, (now_ms - due) / DAY_MS);
        }
    }
    let mut stmt = c.prepare_cached(
        "SELECT l.item_id, l.target_on,
                (SELECT count(*) FROM launch_check k WHERE k.launch_id = l.id AND k.deleted = 0 AND k.done = 0)
         FROM launch l
         WHERE l.deleted = 0 AND l.status = 'planned' AND l.target_on <> '' AND l.target_on < ?1
           AND l.item_id IS NOT NULL",
    )?;
    let rows =
        stmt.query_map([today], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?)))?;
    for row in rows {
        let (item, target, open) = row?;
        if open > 0 {
            f.overdue_launch.insert(item, (target, open));
        }
    }
    Ok(f)
}

/// The first and last day of a one-year item's quarter ("2027-Q2").
fn quarter_bounds(period: &str) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
    let (year, q) = period.split_once("-Q")?;
    let year: i32 = year.parse().ok()?;
    let q: u32 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
    let start = chrono::NaiveDate::from_ymd_opt(year, (q - 1) * 3 + 1, 1)?;
    let end = if q == 4 {
        chrono::NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        chrono::NaiveDate::from_ymd_opt(year, q * 3 + 1, 1)?
    }
    .pred_opt()?;
    Some((start, end))
}

/// Behind plan: the share of the quarter passed exceeds the share of points done by more than
/// a quarter, or the quarter is over with points open. The reason says both figures.
pub(crate) fn behind_plan(period: &str, points: i64, done: i64, today: &str) -> Option<String> {
    if points <= 0 || done >= points {
        return None;
    }
    let (start, end) = quarter_bounds(period)?;
    let today = chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d").ok()?;
    if today < start {
        return None;
    }
    let pct_done = done * 100 / points;
    if today > end {
        return Some(format!("{period} is over and {pct_done} % of its points are done"));
    }
    let length = (end - start).num_days() + 1;
    let passed = (today - start).num_days() + 1;
    let pct_passed = passed * 100 / length;
    (pct_passed - pct_done > 25)
        .then(|| format!("{pct_passed} % of {period} has passed and {pct_done} % of its points are done"))
}

fn item_risks(item: &Item, c: &Counts, f: &Facts, today: &str) -> Vec<Risk> {
    let mut out = Vec::new();
    let mut add = |kind: RiskKind, reason: String| {
        out.push(Risk { kind, item_id: item.id.clone(), item_title: item.title.clone(), reason });
    };
    if let Some(r) = behind_plan(&item.period, c.points, c.points_done, today) {
        add(RiskKind::BehindPlan, r);
    }
    if c.blocked > 0 {
        add(RiskKind::Blocked, format!("{} {} blocked", c.blocked, plural(c.blocked, "story is", "stories are")));
    }
    if c.violated > 0 || c.at_risk > 0 {
        let mut parts = Vec::new();
        if c.violated > 0 {
            parts.push(format!("{} violated", c.violated));
        }
        if c.at_risk > 0 {
            parts.push(format!("{} at risk", c.at_risk));
        }
        add(RiskKind::Guardrail, format!("guardrail checks {}", parts.join(", ")));
    }
    if let Some(days) = f.overdue_checkin.get(&item.id) {
        add(
            RiskKind::CheckinOverdue,
            if *days == 0 {
                "a check-in is due today".to_owned()
            } else {
                format!("a check-in is {days} {} late", plural(*days, "day", "days"))
            },
        );
    }
    if let Some((target, open)) = f.overdue_launch.get(&item.id) {
        add(
            RiskKind::LaunchOverdue,
            format!(
                "the launch date {target} has passed with {open} checklist {} open",
                plural(*open, "entry", "entries")
            ),
        );
    }
    out
}

fn plural(n: i64, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

fn roll(node: Node, f: &Facts, today: &str) -> PNode {
    let children: Vec<PNode> = node.children.into_iter().map(|k| roll(k, f, today)).collect();
    let mut tally = Tally::default();
    let mut risks = Vec::new();
    if node.item.horizon == Horizon::OneYear {
        let c = f.counts.get(&node.item.id).copied().unwrap_or_default();
        if c.stories == 0 {
            tally.items_without_stories = 1;
        } else {
            tally.items_counted = 1;
            tally.stories = c.stories;
            tally.stories_done = c.stories_done;
            tally.points = c.points;
            tally.points_done = c.points_done;
        }
        risks = item_risks(&node.item, &c, f, today);
    }
    for k in &children {
        tally.add(k.tally);
        risks.extend(k.risks.iter().cloned());
    }
    PNode { item: node.item, tally, risks, children }
}

/// Which part of the organisation to roll up.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Scope<'a> {
    pub(crate) product_id: Option<&'a str>,
    pub(crate) goal_id: Option<&'a str>,
}

/// The roll-up of every goal (or one goal, or one product's work), with the unaligned work.
pub(crate) fn overview(core: &Core, scope: Scope<'_>) -> Result<Overview> {
    let tree = alignment::tree(core, scope.product_id)?;
    let today = today();
    let now = crate::delegation::now_ms();
    let f = core.read(|c| facts(c, &today, now))?;
    Ok(build(tree, &f, scope, today))
}

fn build(tree: alignment::Alignment, f: &Facts, scope: Scope<'_>, today: String) -> Overview {
    let mut total = Tally::default();
    let goals: Vec<GoalProgress> = tree
        .goals
        .into_iter()
        .filter(|g| scope.goal_id.is_none_or(|id| g.goal.id == id))
        .filter(|g| scope.product_id.is_none() || !g.themes.is_empty())
        .map(|g| {
            let themes: Vec<PNode> = g.themes.into_iter().map(|t| roll(t, f, &today)).collect();
            let mut tally = Tally::default();
            let mut risks = Vec::new();
            for t in &themes {
                tally.add(t.tally);
                risks.extend(t.risks.iter().cloned());
            }
            total.add(tally);
            GoalProgress { goal: g.goal, tally, risks, themes }
        })
        .collect();
    let unaligned: Vec<PNode> = if scope.goal_id.is_some() {
        Vec::new()
    } else {
        tree.unaligned.into_iter().map(|n| roll(n, f, &today)).collect()
    };
    for n in &unaligned {
        total.add(n.tally);
    }
    Overview { goals, unaligned, total, today }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behind_plan_compares_the_quarter_passed_with_the_points_done() {
        // 2027-Q1 has 90 days; on 2027-02-15 46 days (51 %) have passed.
        assert_eq!(
            behind_plan("2027-Q1", 10, 2, "2027-02-15").as_deref(),
            Some("51 % of 2027-Q1 has passed and 20 % of its points are done")
        );
        assert_eq!(behind_plan("2027-Q1", 10, 3, "2027-02-15"), None, "26 % done: within a quarter of the plan");
        assert_eq!(behind_plan("2027-Q1", 10, 0, "2026-12-31"), None, "not started yet");
        assert_eq!(
            behind_plan("2027-Q1", 10, 9, "2027-04-01").as_deref(),
            Some("2027-Q1 is over and 90 % of its points are done")
        );
        assert_eq!(behind_plan("2027-Q1", 10, 10, "2027-06-01"), None, "all done");
        assert_eq!(behind_plan("2027-Q1", 0, 0, "2027-06-01"), None, "nothing to count by");
        assert_eq!(behind_plan("2027", 10, 0, "2027-06-01"), None, "not a quarter");
    }

    #[test]
    fn quarters_have_their_calendar_bounds() {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert_eq!(quarter_bounds("2028-Q1").map(|b| b.1), d("2028-03-31"));
        assert_eq!(quarter_bounds("2027-Q4"), d("2027-10-01").zip(d("2027-12-31")));
        assert_eq!(quarter_bounds("2027-Q5"), None);
    }
}
