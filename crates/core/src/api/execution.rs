//! Execution: sprints (planning, the board, closing with carry-over, the burn-up), launches
//! (checklists, the template, the calendar), progress rolled up to the goals, and the journal.

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::delegation::StoryView;
use super::IdReq;
use crate::delegation::{self, stories};
use crate::error::{Error, Result};
use crate::execution::journal::{self, JournalKind};
use crate::execution::launches::{self, Launch, LaunchStatus};
use crate::execution::progress::{self, PNode, Risk, RiskKind, Tally};
use crate::execution::sprints::{self, BurnDay, Sprint};
use crate::goals::Goal;
use crate::oplog::judge::check_now;
use crate::{workspace, Core};

// ---------------------------------------------------------------- sprints

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SprintView {
    pub id: String,
    pub product_id: String,
    pub product_name: String,
    pub name: String,
    /// `YYYY-MM-DD`, both days included.
    pub starts_on: String,
    pub ends_on: String,
    /// In points.
    #[ts(type = "number")]
    pub capacity: i64,
    pub closed: bool,
    #[ts(type = "number")]
    pub stories: i64,
    #[ts(type = "number")]
    pub points: i64,
    #[ts(type = "number")]
    pub stories_done: i64,
    #[ts(type = "number")]
    pub points_done: i64,
    /// I may change, close or carry over this sprint (its product's owner, or leadership).
    pub can_manage: bool,
}

fn sprint_view(c: &rusqlite::Connection, me: &str, s: Sprint) -> Result<SprintView> {
    let can_manage = check_now(c, me, "sprint", &s.id, "name", None)?.is_none();
    Ok(SprintView {
        id: s.id,
        product_id: s.product_id,
        product_name: s.product_name,
        name: s.name,
        starts_on: s.starts_on,
        ends_on: s.ends_on,
        capacity: s.capacity,
        closed: s.closed_ms > 0,
        stories: s.stories,
        points: s.points,
        stories_done: s.stories_done,
        points_done: s.points_done,
        can_manage,
    })
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProductReq {
    pub product_id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SprintCreateReq {
    pub product_id: String,
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
    #[ts(type = "number")]
    pub capacity: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SprintUpdateReq {
    pub id: String,
    #[serde(default)]
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub starts_on: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub ends_on: Option<String>,
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub capacity: Option<i64>,
}

/// A story as planning and the board show it: with its item and its junior.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlannedStoryView {
    pub story: StoryView,
    pub item_id: String,
    pub item_title: String,
    pub junior_name: String,
    /// I may plan it (into a sprint or back to the backlog): its junior or its delegator.
    pub can_plan: bool,
    /// I may move it through its stages: its junior.
    pub can_work: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BurnDayView {
    pub day: String,
    /// Points planned into the sprint at the end of the day.
    #[ts(type = "number")]
    pub scope: i64,
    /// Of those, points done.
    #[ts(type = "number")]
    pub done: i64,
}

impl From<BurnDay> for BurnDayView {
    fn from(b: BurnDay) -> Self {
        BurnDayView { day: b.day, scope: b.scope, done: b.done }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SprintBoardView {
    pub sprint: SprintView,
    /// Its stories in order (the board groups them by status).
    pub stories: Vec<PlannedStoryView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SprintPlanReq {
    pub story_id: String,
    /// The sprint; absent or null: back to the backlog.
    #[serde(default)]
    #[ts(optional)]
    pub sprint_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CarryReq {
    pub story_id: String,
    /// Another open sprint of the product; absent or null: the backlog.
    #[serde(default)]
    #[ts(optional)]
    pub to_sprint_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SprintCloseReq {
    pub id: String,
    /// Where each unfinished story goes; every one must be named.
    pub carry: Vec<CarryReq>,
}

fn planned_views(c: &rusqlite::Connection, me: &str, list: Vec<stories::Story>) -> Result<Vec<PlannedStoryView>> {
    // A story's rules follow its delegation (to its delegator or its junior): asked once per
    // delegation, with its first story, and the delegation read once.
    let mut cache: std::collections::HashMap<String, (delegation::Delegation, bool, bool)> =
        std::collections::HashMap::new();
    let mut out = Vec::with_capacity(list.len());
    for s in list {
        if !cache.contains_key(&s.delegation_id) {
            let d = delegation::get(c, &s.delegation_id)?;
            let can_plan = check_now(c, me, "story", &s.id, "sprint_id", None)?.is_none();
            let can_work = check_now(c, me, "story", &s.id, "stage", None)?.is_none();
            cache.insert(s.delegation_id.clone(), (d, can_plan, can_work));
        }
        let Some((d, can_plan, can_work)) = cache.get(&s.delegation_id) else { continue };
        let (can_plan, can_work) = (*can_plan, *can_work);
        out.push(PlannedStoryView {
            can_work,
            item_id: d.item_id.clone(),
            item_title: d.item_title.clone(),
            junior_name: d.to_name.clone(),
            can_plan,
            story: s.into(),
        });
    }
    Ok(out)
}

pub fn sprint_list(core: &Core, req: ProductReq) -> Result<Vec<SprintView>> {
    let me = workspace::me_reading(core)?;
    core.read(|c| {
        crate::products::get(c, &req.product_id)?;
        sprints::list(c, &req.product_id)?.into_iter().map(|s| sprint_view(c, &me.id, s)).collect()
    })
}

pub fn sprint_create(core: &Core, req: SprintCreateReq) -> Result<SprintView> {
    let me = workspace::me(core)?;
    let plan = sprints::Plan {
        name: Some(&req.name),
        starts_on: Some(&req.starts_on),
        ends_on: Some(&req.ends_on),
        capacity: Some(req.capacity),
    };
    let s = sprints::create(core, &me, &req.product_id, &plan)?;
    core.read(|c| sprint_view(c, &me.id, s))
}

pub fn sprint_update(core: &Core, req: SprintUpdateReq) -> Result<SprintView> {
    let me = workspace::me(core)?;
    let plan = sprints::Plan {
        name: req.name.as_deref(),
        starts_on: req.starts_on.as_deref(),
        ends_on: req.ends_on.as_deref(),
        capacity: req.capacity,
    };
    let s = sprints::update(core, &me, &req.id, &plan)?;
    core.read(|c| sprint_view(c, &me.id, s))
}

pub fn sprint_board(core: &Core, req: IdReq) -> Result<SprintBoardView> {
    let me = workspace::me_reading(core)?;
    core.read(|c| {
        let (sprint, list) = sprints::board(c, &req.id)?;
        Ok(SprintBoardView { sprint: sprint_view(c, &me.id, sprint)?, stories: planned_views(c, &me.id, list)? })
    })
}

pub fn sprint_burnup(core: &Core, req: IdReq) -> Result<Vec<BurnDayView>> {
    workspace::here(core)?;
    core.read(|c| Ok(sprints::burnup(c, &req.id)?.into_iter().map(BurnDayView::from).collect()))
}

pub fn sprint_backlog(core: &Core, req: ProductReq) -> Result<Vec<PlannedStoryView>> {
    let me = workspace::me_reading(core)?;
    core.read(|c| {
        let list = sprints::backlog(c, &req.product_id)?.into_iter().map(|(s, _)| s).collect();
        planned_views(c, &me.id, list)
    })
}

pub fn sprint_plan(core: &Core, req: SprintPlanReq) -> Result<StoryView> {
    let me = workspace::me(core)?;
    Ok(sprints::plan(core, &me, &req.story_id, req.sprint_id.as_deref())?.into())
}

pub fn sprint_close(core: &Core, req: SprintCloseReq) -> Result<SprintView> {
    let me = workspace::me(core)?;
    let carry: Vec<sprints::Carry> =
        req.carry.into_iter().map(|c| sprints::Carry { story_id: c.story_id, to: c.to_sprint_id }).collect();
    let s = sprints::close(core, &me, &req.id, &carry)?;
    core.read(|c| sprint_view(c, &me.id, s))
}

// ---------------------------------------------------------------- launches

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChecklistEntryView {
    pub id: String,
    pub text: String,
    pub mandatory: bool,
    pub done: bool,
}

impl From<launches::Entry> for ChecklistEntryView {
    fn from(e: launches::Entry) -> Self {
        ChecklistEntryView { id: e.id, text: e.text, mandatory: e.mandatory, done: e.done }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LaunchView {
    pub id: String,
    pub item_id: String,
    pub item_title: String,
    pub product_id: String,
    pub product_name: String,
    pub owner_id: String,
    pub owner_name: String,
    /// `YYYY-MM-DD`.
    pub target_on: String,
    pub status: LaunchStatus,
    pub notes: String,
    /// Why it launched with mandatory entries open (empty: it did not).
    pub override_reason: String,
    #[ts(type = "number")]
    pub launched_ms: i64,
    pub checklist: Vec<ChecklistEntryView>,
    /// Planned, its date past, with entries open.
    pub overdue: bool,
    /// I may run it (tick entries, write notes, mark it launched): its owner or the product's.
    pub can_run: bool,
    /// I may set it up (change its owner, cancel it): the owner of the item's product.
    pub can_set_up: bool,
}

fn launch_view(c: &rusqlite::Connection, me: &str, l: Launch, today: &str) -> Result<LaunchView> {
    let can_run = check_now(c, me, "launch", &l.id, "notes", None)?.is_none();
    let can_set_up = check_now(c, me, "launch", &l.id, "owner_id", None)?.is_none();
    Ok(LaunchView {
        overdue: l.overdue(today),
        id: l.id,
        item_id: l.item_id,
        item_title: l.item_title,
        product_id: l.product_id,
        product_name: l.product_name,
        owner_id: l.owner_id,
        owner_name: l.owner_name,
        target_on: l.target_on,
        status: l.status,
        notes: l.notes,
        override_reason: l.override_reason,
        launched_ms: l.launched_ms,
        checklist: l.checklist.into_iter().map(ChecklistEntryView::from).collect(),
        can_run,
        can_set_up,
    })
}

fn one_launch(core: &Core, me: &str, l: Launch) -> Result<LaunchView> {
    let today = crate::execution::today();
    core.read(|c| launch_view(c, me, l, &today))
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LaunchListReq {
    /// First day (`YYYY-MM-DD`); absent: no bound.
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LaunchCreateReq {
    pub item_id: String,
    pub owner_id: String,
    pub target_on: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LaunchUpdateReq {
    pub id: String,
    #[serde(default)]
    #[ts(optional)]
    pub target_on: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub notes: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub owner_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LaunchEntryAddReq {
    pub launch_id: String,
    pub text: String,
    pub mandatory: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LaunchEntrySetReq {
    pub id: String,
    #[serde(default)]
    #[ts(optional)]
    pub done: Option<bool>,
    /// Take the entry off this launch's checklist.
    #[serde(default)]
    #[ts(optional)]
    pub remove: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LaunchMarkReq {
    pub id: String,
    /// Why it launches with mandatory entries open (needed only then).
    #[serde(default)]
    #[ts(optional)]
    pub anyway: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TemplateAddReq {
    pub product_id: String,
    pub text: String,
    pub mandatory: bool,
}

pub fn launch_list(core: &Core, req: LaunchListReq) -> Result<Vec<LaunchView>> {
    let me = workspace::me_reading(core)?;
    let today = crate::execution::today();
    let from = req.from.as_deref().map(|d| crate::execution::clean_day("the first day", d)).transpose()?;
    let to = req.to.as_deref().map(|d| crate::execution::clean_day("the last day", d)).transpose()?;
    core.read(|c| {
        launches::calendar(c, from.as_deref().unwrap_or(""), to.as_deref().unwrap_or(""))?
            .into_iter()
            .map(|l| launch_view(c, &me.id, l, &today))
            .collect()
    })
}

pub fn launch_get(core: &Core, req: IdReq) -> Result<LaunchView> {
    let me = workspace::me_reading(core)?;
    let l = core.read(|c| launches::get(c, &req.id))?;
    one_launch(core, &me.id, l)
}

/// The launch of an item that is not cancelled, if any.
pub fn launch_for_item(core: &Core, req: IdReq) -> Result<Option<LaunchView>> {
    let me = workspace::me_reading(core)?;
    match core.read(|c| launches::of_item(c, &req.id))? {
        Some(l) => Ok(Some(one_launch(core, &me.id, l)?)),
        None => Ok(None),
    }
}

pub fn launch_create(core: &Core, req: LaunchCreateReq) -> Result<LaunchView> {
    let me = workspace::me(core)?;
    let l = launches::create(core, &me, &req.item_id, &req.owner_id, &req.target_on)?;
    one_launch(core, &me.id, l)
}

pub fn launch_update(core: &Core, req: LaunchUpdateReq) -> Result<LaunchView> {
    let me = workspace::me(core)?;
    let change = launches::Change {
        target_on: req.target_on.as_deref(),
        notes: req.notes.as_deref(),
        owner_id: req.owner_id.as_deref(),
    };
    let l = launches::update(core, &me, &req.id, &change)?;
    one_launch(core, &me.id, l)
}

pub fn launch_entry_add(core: &Core, req: LaunchEntryAddReq) -> Result<LaunchView> {
    let me = workspace::me(core)?;
    let l = launches::entry_add(core, &me, &req.launch_id, &req.text, req.mandatory)?;
    one_launch(core, &me.id, l)
}

pub fn launch_entry_set(core: &Core, req: LaunchEntrySetReq) -> Result<LaunchView> {
    let me = workspace::me(core)?;
    let l = launches::entry_set(core, &me, &req.id, req.done, req.remove.unwrap_or(false))?;
    one_launch(core, &me.id, l)
}

pub fn launch_mark(core: &Core, req: LaunchMarkReq) -> Result<LaunchView> {
    let me = workspace::me(core)?;
    let l = launches::mark_launched(core, &me, &req.id, req.anyway.as_deref())?;
    one_launch(core, &me.id, l)
}

pub fn launch_cancel(core: &Core, req: IdReq) -> Result<LaunchView> {
    let me = workspace::me(core)?;
    let l = launches::cancel(core, &me, &req.id)?;
    one_launch(core, &me.id, l)
}

pub fn launch_template_list(core: &Core, req: ProductReq) -> Result<Vec<ChecklistEntryView>> {
    workspace::here(core)?;
    core.read(|c| {
        crate::products::get(c, &req.product_id)?;
        Ok(launches::template(c, &req.product_id)?.into_iter().map(ChecklistEntryView::from).collect())
    })
}

pub fn launch_template_add(core: &Core, req: TemplateAddReq) -> Result<Vec<ChecklistEntryView>> {
    let me = workspace::me(core)?;
    Ok(launches::template_add(core, &me, &req.product_id, &req.text, req.mandatory)?
        .into_iter()
        .map(ChecklistEntryView::from)
        .collect())
}

pub fn launch_template_remove(core: &Core, req: IdReq) -> Result<Vec<ChecklistEntryView>> {
    let me = workspace::me(core)?;
    Ok(launches::template_remove(core, &me, &req.id)?.into_iter().map(ChecklistEntryView::from).collect())
}

// ---------------------------------------------------------------- progress

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TallyView {
    #[ts(type = "number")]
    pub points: i64,
    #[ts(type = "number")]
    pub points_done: i64,
    #[ts(type = "number")]
    pub stories: i64,
    #[ts(type = "number")]
    pub stories_done: i64,
    /// Whole percent of points done (null: no points to count by).
    #[ts(type = "number | null")]
    pub percent: Option<i64>,
    /// One-year items below with stories (in the figure) and without (not in it).
    #[ts(type = "number")]
    pub items_counted: i64,
    #[ts(type = "number")]
    pub items_without_stories: i64,
}

impl From<Tally> for TallyView {
    fn from(t: Tally) -> Self {
        TallyView {
            percent: t.percent(),
            points: t.points,
            points_done: t.points_done,
            stories: t.stories,
            stories_done: t.stories_done,
            items_counted: t.items_counted,
            items_without_stories: t.items_without_stories,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RiskView {
    pub kind: RiskKind,
    pub item_id: String,
    pub item_title: String,
    pub reason: String,
}

impl From<Risk> for RiskView {
    fn from(r: Risk) -> Self {
        RiskView { kind: r.kind, item_id: r.item_id, item_title: r.item_title, reason: r.reason }
    }
}

/// What the roll-up shows of a roadmap item (the tree holds thousands: no more than this).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProgressItemView {
    pub id: String,
    pub product_id: Option<String>,
    pub horizon: crate::roadmap::Horizon,
    /// `2030` (five-year), `2027` or `2027-H2` (three-year), `2027-Q3` (one-year).
    pub period: String,
    pub title: String,
    pub status: crate::roadmap::Status,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProgressNodeView {
    pub item: ProgressItemView,
    pub tally: TallyView,
    /// Its own risks (a one-year item) and every risk below it.
    pub risks: Vec<RiskView>,
    pub children: Vec<ProgressNodeView>,
}

impl From<PNode> for ProgressNodeView {
    fn from(n: PNode) -> Self {
        ProgressNodeView {
            item: ProgressItemView {
                id: n.item.id,
                product_id: n.item.product_id,
                horizon: n.item.horizon,
                period: n.item.period,
                title: n.item.title,
                status: n.item.status,
            },
            tally: n.tally.into(),
            risks: n.risks.into_iter().map(RiskView::from).collect(),
            children: n.children.into_iter().map(ProgressNodeView::from).collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GoalProgressView {
    pub goal_id: String,
    pub title: String,
    pub measure: String,
    pub tally: TallyView,
    pub risks: Vec<RiskView>,
    pub themes: Vec<ProgressNodeView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProgressView {
    pub goals: Vec<GoalProgressView>,
    /// Work that serves no goal, rolled up the same way.
    pub unaligned: Vec<ProgressNodeView>,
    pub total: TallyView,
    /// The day the figures are for (`YYYY-MM-DD`).
    pub today: String,
    /// How the figures are counted, in a sentence (shown where they appear).
    pub rule: String,
}

/// The counting rule, as the progress screens and `baton progress` say it.
pub const PROGRESS_RULE: &str = "Progress counts story points: done points over all points of live stories \
(withdrawn delegations' stories are dropped). One-year items without stories yet are not in the figure.";

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProgressReq {
    #[serde(default)]
    #[ts(optional)]
    pub product_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub goal_id: Option<String>,
}

fn goal_view(g: Goal, tally: Tally, risks: Vec<Risk>, themes: Vec<PNode>) -> GoalProgressView {
    GoalProgressView {
        goal_id: g.id,
        title: g.title,
        measure: g.measure,
        tally: tally.into(),
        risks: risks.into_iter().map(RiskView::from).collect(),
        themes: themes.into_iter().map(ProgressNodeView::from).collect(),
    }
}

pub fn progress_get(core: &Core, req: ProgressReq) -> Result<ProgressView> {
    workspace::here(core)?;
    if let Some(g) = &req.goal_id {
        core.read(|c| crate::goals::get(c, g))?;
    }
    if let Some(p) = &req.product_id {
        core.read(|c| crate::products::get(c, p))?;
    }
    let scope = progress::Scope { product_id: req.product_id.as_deref(), goal_id: req.goal_id.as_deref() };
    let o = progress::overview(core, scope)?;
    Ok(ProgressView {
        goals: o.goals.into_iter().map(|g| goal_view(g.goal, g.tally, g.risks, g.themes)).collect(),
        unaligned: o.unaligned.into_iter().map(ProgressNodeView::from).collect(),
        total: o.total.into(),
        today: o.today,
        rule: PROGRESS_RULE.to_owned(),
    })
}

/// The stories counted under a one-year item (its delegations' that were not withdrawn): the
/// roll-up's last level.
pub fn progress_item(core: &Core, req: IdReq) -> Result<Vec<PlannedStoryView>> {
    let me = workspace::me_reading(core)?;
    core.read(|c| {
        crate::roadmap::get(c, &req.id)?;
        let ds: Vec<delegation::Delegation> = delegation::list_where(c, "d.item_id = ?1", &req.id)?
            .into_iter()
            .filter(|d| d.state != delegation::State::Withdrawn)
            .collect();
        let refs: Vec<&delegation::Delegation> = ds.iter().collect();
        let mut lists = stories::list_many(c, &refs)?;
        let list: Vec<stories::Story> = ds.iter().flat_map(|d| lists.remove(&d.id).unwrap_or_default()).collect();
        planned_views(c, &me.id, list)
    })
}

// ---------------------------------------------------------------- journal

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JournalEntryView {
    pub id: String,
    pub author_id: String,
    pub author_name: String,
    pub kind: JournalKind,
    pub body: String,
    /// `YYYY-MM-DD`.
    pub on_day: String,
    pub story_id: Option<String>,
    pub story_title: Option<String>,
    pub launch_id: Option<String>,
    pub launch_title: Option<String>,
    pub delegation_id: Option<String>,
    pub delegation_title: Option<String>,
    #[ts(type = "number")]
    pub at_ms: i64,
}

impl From<journal::Entry> for JournalEntryView {
    fn from(e: journal::Entry) -> Self {
        JournalEntryView {
            id: e.id,
            author_id: e.author_id,
            author_name: e.author_name,
            kind: e.kind,
            body: e.body,
            on_day: e.on_day,
            story_id: e.story_id,
            story_title: e.story_title,
            launch_id: e.launch_id,
            launch_title: e.launch_title,
            delegation_id: e.delegation_id,
            delegation_title: e.delegation_title,
            at_ms: e.at_ms,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JournalListReq {
    /// Whose journal (absent: mine). Readable by its author, their manager and their mentor.
    #[serde(default)]
    #[ts(optional)]
    pub author_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub kind: Option<JournalKind>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JournalAddReq {
    pub kind: JournalKind,
    pub body: String,
    /// `YYYY-MM-DD`; absent: today.
    #[serde(default)]
    #[ts(optional)]
    pub on_day: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub story_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub launch_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub delegation_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JournalUpdateReq {
    pub id: String,
    #[serde(default)]
    #[ts(optional)]
    pub kind: Option<JournalKind>,
    #[serde(default)]
    #[ts(optional)]
    pub body: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub on_day: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JournalExportReq {
    #[serde(default)]
    #[ts(optional)]
    pub author_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
    /// Write the summary to this file (replacing it whole, or leaving it untouched on error).
    #[serde(default)]
    #[ts(optional)]
    pub path: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JournalExportView {
    pub markdown: String,
    /// Where it was written, if a path was given.
    pub path: Option<String>,
}

fn filter<'a>(me: &'a str, author: Option<&'a str>, from: Option<&'a str>, to: Option<&'a str>) -> journal::Filter<'a> {
    journal::Filter { author_id: author.unwrap_or(me), from: from.unwrap_or(""), to: to.unwrap_or(""), kind: None }
}

pub fn journal_list(core: &Core, req: JournalListReq) -> Result<Vec<JournalEntryView>> {
    let me = workspace::me_reading(core)?;
    let mut f = filter(&me.id, req.author_id.as_deref(), req.from.as_deref(), req.to.as_deref());
    f.kind = req.kind;
    core.read(|c| Ok(journal::list(c, &me, &f)?.into_iter().map(JournalEntryView::from).collect()))
}

pub fn journal_add(core: &Core, req: JournalAddReq) -> Result<JournalEntryView> {
    let me = workspace::me(core)?;
    let draft = journal::Draft {
        kind: Some(req.kind),
        body: Some(&req.body),
        on_day: req.on_day.as_deref(),
        story_id: req.story_id.as_deref(),
        launch_id: req.launch_id.as_deref(),
        delegation_id: req.delegation_id.as_deref(),
    };
    Ok(journal::add(core, &me, &draft)?.into())
}

pub fn journal_update(core: &Core, req: JournalUpdateReq) -> Result<JournalEntryView> {
    let me = workspace::me(core)?;
    let draft = journal::Draft {
        kind: req.kind,
        body: req.body.as_deref(),
        on_day: req.on_day.as_deref(),
        ..journal::Draft::default()
    };
    Ok(journal::update(core, &me, &req.id, &draft)?.into())
}

pub fn journal_remove(core: &Core, req: IdReq) -> Result<JournalEntryView> {
    let me = workspace::me(core)?;
    Ok(journal::remove(core, &me, &req.id)?.into())
}

pub fn journal_export(core: &Core, req: JournalExportReq) -> Result<JournalExportView> {
    let me = workspace::me_reading(core)?;
    let f = filter(&me.id, req.author_id.as_deref(), req.from.as_deref(), req.to.as_deref());
    let markdown = core.read(|c| journal::summary(c, &me, &f))?;
    let path = match req.path.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => {
            write_whole(Path::new(p), &markdown)?;
            Some(p.to_owned())
        }
        None => None,
    };
    Ok(JournalExportView { markdown, path })
}

/// Writes a file whole: to a temporary file beside it, synced, then renamed over it — so a
/// full disk or a failure leaves the old file (or none) rather than half of the new one.
fn write_whole(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    let fail = |e: std::io::Error| Error::invalid(format!("could not write {}: {e}", path.display()));
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if path.is_dir() {
        return Err(Error::invalid(format!("{} is a folder: give a file name", path.display())));
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.baton-tmp"));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(e));
    }
    Ok(())
}
