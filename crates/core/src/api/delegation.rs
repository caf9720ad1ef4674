//! Delegation, stories, reviews and comments; the junior's inbox and the senior's board.

use std::rc::Rc;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::guardrails::GuardrailView;
use super::{IdReq, NoArgs};
use crate::delegation::reviews::{self, Comment};
use crate::delegation::stories::{self, Check, Criterion, FieldChange, Mark, Stage, Story, StoryStatus, Verdict};
use crate::delegation::{self, now_ms, queues, Brief, Delegation, State};
use crate::error::Result;
use crate::oplog::judge::check_now;
use crate::roadmap::{self, guardrails};
use crate::{workspace, Core};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DelegationView {
    pub id: String,
    pub item_id: String,
    pub item_title: String,
    pub product_id: String,
    pub product_name: String,
    pub from_id: String,
    pub from_name: String,
    pub to_id: String,
    pub to_name: String,
    pub scope: String,
    pub non_goals: String,
    pub decisions: String,
    /// `YYYY-MM-DD`, or empty.
    pub due: String,
    #[ts(type = "number")]
    pub cadence_days: i64,
    pub state: State,
    #[ts(type = "number")]
    pub offered_ms: i64,
    /// When the brief was last changed after the offer (0: never).
    #[ts(type = "number")]
    pub amended_ms: i64,
    pub question: String,
    pub answer: String,
    /// The junior's question has been answered (or the brief amended) since it was asked.
    pub question_answered: bool,
    #[ts(type = "number")]
    pub last_checkin_ms: i64,
    /// When the next check-in is due (null: no cadence, or not running).
    #[ts(type = "number | null")]
    pub checkin_due_ms: Option<i64>,
    pub checkin_overdue: bool,
    /// Its stories, and how many are done (the roadmap card's progress).
    #[ts(type = "number")]
    pub stories: i64,
    #[ts(type = "number")]
    pub stories_done: i64,
    /// What `me` may do with it, decided by the core.
    pub can_manage: bool,
    pub can_work: bool,
}

fn view(d: Delegation, me: &str, role: workspace::Role, now: i64) -> DelegationView {
    let due = d.checkin_due_ms();
    let lead = role == workspace::Role::Leadership;
    DelegationView {
        can_manage: lead || d.from_id == me,
        can_work: d.to_id == me,
        question_answered: d.question_answered(),
        checkin_due_ms: due,
        checkin_overdue: due.is_some_and(|t| t <= now),
        id: d.id,
        item_id: d.item_id,
        item_title: d.item_title,
        product_id: d.product_id,
        product_name: d.product_name,
        from_id: d.from_id,
        from_name: d.from_name,
        to_id: d.to_id,
        to_name: d.to_name,
        scope: d.scope,
        non_goals: d.non_goals,
        decisions: d.decisions,
        due: d.due,
        cadence_days: d.cadence_days,
        state: d.state,
        offered_ms: d.offered_ms,
        amended_ms: d.amended_ms,
        question: d.question,
        answer: d.answer,
        last_checkin_ms: d.last_checkin_ms,
        stories: d.stories,
        stories_done: d.stories_done,
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StoryView {
    pub id: String,
    pub delegation_id: String,
    pub title: String,
    pub as_a: String,
    pub i_want: String,
    pub so_that: String,
    pub criteria: Vec<Criterion>,
    pub dev: String,
    pub qa: String,
    #[ts(type = "number")]
    pub points: i64,
    pub stage: Stage,
    pub status: StoryStatus,
    pub blocked: String,
    pub verdict: Verdict,
    #[ts(type = "number")]
    pub verdict_ms: i64,
    pub exception: String,
    pub checks: Vec<Check>,
    /// Since when it waits for review (null: it does not).
    #[ts(type = "number | null")]
    pub waiting_since_ms: Option<i64>,
    /// What changed since the last verdict (approval or request for changes).
    pub changes_since_review: Vec<FieldChange>,
    /// The sprint it is planned into (null: the backlog).
    pub sprint_id: Option<String>,
}

impl From<Story> for StoryView {
    fn from(s: Story) -> Self {
        // The pinned content is read once (twice when it changed): lists show hundreds of stories.
        let changed = s.changed_since_verdict();
        let status = stories::status_given(&s, changed);
        StoryView {
            status,
            waiting_since_ms: s.waiting_since_at(status),
            changes_since_review: if changed { stories::diff(&s) } else { Vec::new() },
            id: s.id,
            delegation_id: s.delegation_id,
            title: s.title,
            as_a: s.as_a,
            i_want: s.i_want,
            so_that: s.so_that,
            criteria: s.criteria,
            dev: s.dev,
            qa: s.qa,
            points: s.points,
            stage: s.stage,
            blocked: s.blocked,
            verdict: s.verdict,
            verdict_ms: s.verdict_ms,
            exception: s.exception,
            checks: s.checks,
            sprint_id: s.sprint_id,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CommentView {
    pub id: String,
    pub delegation_id: String,
    pub story_id: Option<String>,
    /// The thread's first comment (null: this one starts a thread).
    pub parent_id: Option<String>,
    pub author_id: String,
    pub author_name: String,
    pub body: String,
    #[ts(type = "number")]
    pub at_ms: i64,
    pub resolved: bool,
}

impl From<Comment> for CommentView {
    fn from(c: Comment) -> Self {
        CommentView {
            id: c.id,
            delegation_id: c.delegation_id,
            story_id: c.story_id,
            parent_id: c.parent_id,
            author_id: c.author_id,
            author_name: c.author_name,
            body: c.body,
            at_ms: c.at_ms,
            resolved: c.resolved,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CheckinView {
    pub id: String,
    pub body: String,
    #[ts(type = "number")]
    pub at_ms: i64,
}

/// A delegated item: the brief, the item's requirements and guardrails, the stories in order,
/// every comment, the check-ins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DelegatedItemView {
    pub delegation: DelegationView,
    pub requirements: String,
    pub guardrails: Vec<GuardrailView>,
    pub stories: Vec<StoryView>,
    pub comments: Vec<CommentView>,
    pub checkins: Vec<CheckinView>,
    /// `me` may comment (the delegator, the junior, the junior's mentor, leadership).
    pub can_comment: bool,
    /// `me` may give verdicts (the delegator, leadership).
    pub can_review: bool,
    #[ts(type = "number")]
    pub points_total: i64,
    #[ts(type = "number")]
    pub points_done: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BriefReq {
    #[serde(default)]
    #[ts(optional)]
    pub scope: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub non_goals: Option<String>,
    /// What the junior decides alone and what needs the senior.
    #[serde(default)]
    #[ts(optional)]
    pub decisions: Option<String>,
    /// `YYYY-MM-DD`; empty clears it.
    #[serde(default)]
    #[ts(optional)]
    pub due: Option<String>,
    /// Days between check-ins; 0 for none.
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub cadence_days: Option<i64>,
}

impl BriefReq {
    fn brief(&self) -> Brief<'_> {
        Brief {
            scope: self.scope.as_deref(),
            non_goals: self.non_goals.as_deref(),
            decisions: self.decisions.as_deref(),
            due: self.due.as_deref(),
            cadence_days: self.cadence_days,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DelegateOfferReq {
    pub item_id: String,
    /// The junior PM's member id.
    pub to_id: String,
    pub brief: BriefReq,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DelegateAmendReq {
    pub id: String,
    pub brief: BriefReq,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TextReq {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DelegateReassignReq {
    pub id: String,
    pub to_id: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DelegationListReq {
    /// Delegated to this member.
    #[serde(default)]
    #[ts(optional)]
    pub to_id: Option<String>,
    /// Delegated by this member.
    #[serde(default)]
    #[ts(optional)]
    pub from_id: Option<String>,
    /// Delegated to the juniors this member mentors.
    #[serde(default)]
    #[ts(optional)]
    pub mentor_id: Option<String>,
    /// Of this roadmap item.
    #[serde(default)]
    #[ts(optional)]
    pub item_id: Option<String>,
    /// Include completed and withdrawn ones.
    #[serde(default)]
    #[ts(optional)]
    pub ended: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StoryFieldsReq {
    #[serde(default)]
    #[ts(optional)]
    pub title: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub as_a: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub i_want: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub so_that: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub criteria: Option<Vec<Criterion>>,
    #[serde(default)]
    #[ts(optional)]
    pub dev: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub qa: Option<String>,
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub points: Option<i64>,
}

impl StoryFieldsReq {
    fn draft(&self) -> stories::Draft<'_> {
        stories::Draft {
            title: self.title.as_deref(),
            as_a: self.as_a.as_deref(),
            i_want: self.i_want.as_deref(),
            so_that: self.so_that.as_deref(),
            criteria: self.criteria.as_deref(),
            dev: self.dev.as_deref(),
            qa: self.qa.as_deref(),
            points: self.points,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StoryAddReq {
    pub delegation_id: String,
    pub fields: StoryFieldsReq,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StoryUpdateReq {
    pub id: String,
    pub fields: StoryFieldsReq,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StoryMoveReq {
    pub id: String,
    /// Place it before this story of the same delegation; absent: at the end.
    #[serde(default)]
    #[ts(optional)]
    pub before_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StoryStageReq {
    pub id: String,
    #[serde(default)]
    #[ts(optional)]
    pub stage: Option<Stage>,
    /// Why it is blocked; empty unblocks it.
    #[serde(default)]
    #[ts(optional)]
    pub blocked: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StoryCheckReq {
    pub id: String,
    pub guardrail_id: String,
    pub mark: Mark,
    #[serde(default)]
    #[ts(optional)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReviewRequestReq {
    pub ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReviewDecideReq {
    pub id: String,
    /// Needed to approve a story that violates a guardrail: why it may.
    #[serde(default)]
    #[ts(optional)]
    pub exception: Option<String>,
    /// Required when asking for changes.
    #[serde(default)]
    #[ts(optional)]
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CommentAddReq {
    #[serde(default)]
    #[ts(optional)]
    pub story_id: Option<String>,
    /// Reply to this comment (its thread).
    #[serde(default)]
    #[ts(optional)]
    pub parent_id: Option<String>,
    /// On the delegation itself.
    #[serde(default)]
    #[ts(optional)]
    pub delegation_id: Option<String>,
    pub body: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CommentResolveReq {
    pub id: String,
    /// False opens the thread again.
    #[serde(default)]
    #[ts(optional)]
    pub resolved: Option<bool>,
}

/// A story waiting for review, with its delegation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WaitingView {
    pub delegation_id: String,
    pub item_title: String,
    pub story_id: String,
    pub story_title: String,
    /// Who it waits on (the delegator).
    pub reviewer_name: String,
    pub junior_name: String,
    #[ts(type = "number")]
    pub since_ms: i64,
}

fn waiting((d, s, since): queues::Waiting) -> WaitingView {
    WaitingView {
        delegation_id: d.id.clone(),
        item_title: d.item_title.clone(),
        story_id: s.id,
        story_title: s.title,
        reviewer_name: d.from_name.clone(),
        junior_name: d.to_name.clone(),
        since_ms: since,
    }
}

/// A delegation listed under several entries, as a view of its own.
fn shared(d: Rc<Delegation>, me: &workspace::Actor, now: i64) -> DelegationView {
    view(Rc::unwrap_or_clone(d), &me.id, me.role, now)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum InboxKind {
    ChangesRequested,
    QuestionAnswered,
    Comments,
}

/// Something that waits on the junior.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InboxActionView {
    pub kind: InboxKind,
    pub delegation_id: String,
    pub item_title: String,
    pub story_id: Option<String>,
    pub story_title: Option<String>,
    /// The newest words: the comment, the answer.
    pub text: String,
    pub from_name: String,
    #[ts(type = "number")]
    pub at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InboxView {
    pub offered: Vec<DelegationView>,
    pub actions: Vec<InboxActionView>,
    pub in_review: Vec<WaitingView>,
    pub checkins_due: Vec<DelegationView>,
    /// Everything that waits on me: offers, actions, check-ins due (the sidebar's badge).
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BoardLineView {
    pub member_id: String,
    pub member_name: String,
    pub delegations: Vec<DelegationView>,
    pub stories_in_flight: u32,
    #[ts(type = "number")]
    pub points_in_flight: i64,
    pub stories_done: u32,
    pub reviews: Vec<WaitingView>,
    pub overdue_checkins: Vec<DelegationView>,
    pub violated: u32,
    pub at_risk: u32,
    /// A junior I mentor: their work was delegated by others (I read and comment, not review).
    pub mentee: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BoardView {
    pub lines: Vec<BoardLineView>,
    /// Reviews waiting on me across juniors (the sidebar's badge; not my mentees', which wait
    /// on their delegators).
    pub reviews_waiting: u32,
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

pub fn delegate_offer(core: &Core, req: DelegateOfferReq) -> Result<DelegationView> {
    let me = workspace::me(core)?;
    let d = delegation::offer(core, &me, &req.item_id, &req.to_id, &req.brief.brief())?;
    Ok(view(d, &me.id, me.role, now_ms()))
}

pub fn delegate_amend(core: &Core, req: DelegateAmendReq) -> Result<DelegationView> {
    let me = workspace::me(core)?;
    Ok(view(delegation::amend(core, &me, &req.id, &req.brief.brief())?, &me.id, me.role, now_ms()))
}

pub fn delegate_ask(core: &Core, req: TextReq) -> Result<DelegationView> {
    let me = workspace::me(core)?;
    Ok(view(delegation::ask(core, &me, &req.id, &req.text)?, &me.id, me.role, now_ms()))
}

pub fn delegate_answer(core: &Core, req: TextReq) -> Result<DelegationView> {
    let me = workspace::me(core)?;
    Ok(view(delegation::answer(core, &me, &req.id, &req.text)?, &me.id, me.role, now_ms()))
}

pub fn delegate_accept(core: &Core, req: IdReq) -> Result<DelegationView> {
    let me = workspace::me(core)?;
    Ok(view(delegation::accept(core, &me, &req.id)?, &me.id, me.role, now_ms()))
}

pub fn delegate_complete(core: &Core, req: IdReq) -> Result<DelegationView> {
    let me = workspace::me(core)?;
    Ok(view(delegation::end(core, &me, &req.id, State::Completed)?, &me.id, me.role, now_ms()))
}

pub fn delegate_withdraw(core: &Core, req: IdReq) -> Result<DelegationView> {
    let me = workspace::me(core)?;
    Ok(view(delegation::end(core, &me, &req.id, State::Withdrawn)?, &me.id, me.role, now_ms()))
}

pub fn delegate_reassign(core: &Core, req: DelegateReassignReq) -> Result<DelegationView> {
    let me = workspace::me(core)?;
    Ok(view(delegation::reassign(core, &me, &req.id, &req.to_id)?, &me.id, me.role, now_ms()))
}

pub fn delegate_checkin(core: &Core, req: TextReq) -> Result<CheckinView> {
    let me = workspace::me(core)?;
    let c = delegation::check_in(core, &me, &req.id, &req.text)?;
    Ok(CheckinView { id: c.id, body: c.body, at_ms: c.at_ms })
}

pub fn delegation_list(core: &Core, req: DelegationListReq) -> Result<Vec<DelegationView>> {
    let me = workspace::me_reading(core)?;
    let now = now_ms();
    core.read(|c| {
        let (filter, arg) = match (&req.to_id, &req.from_id, &req.mentor_id, &req.item_id) {
            (Some(to), _, _, _) => ("d.to_id = ?1", to.as_str()),
            (None, Some(from), _, _) => ("d.from_id = ?1", from.as_str()),
            (None, None, Some(m), _) => ("t.mentor_id = ?1", m.as_str()),
            (None, None, None, Some(i)) => ("d.item_id = ?1", i.as_str()),
            (None, None, None, None) => ("?1 = ?1", ""),
        };
        let all = delegation::list_where(c, filter, arg)?;
        Ok(all
            .into_iter()
            .filter(|d| req.ended.unwrap_or(false) || d.open())
            .map(|d| view(d, &me.id, me.role, now))
            .collect())
    })
}

pub fn delegation_get(core: &Core, req: IdReq) -> Result<DelegatedItemView> {
    let me = workspace::me_reading(core)?;
    let now = now_ms();
    core.read(|c| {
        let d = delegation::get(c, &req.id)?;
        let item = roadmap::get(c, &d.item_id)?;
        let ancestors = roadmap::ancestors(c, &item)?;
        let guards = guardrails::own_and_inherited(c, &item, &ancestors)?;
        let list = delegation::stories::list(c, &d)?;
        let points_total = list.iter().map(|s| s.points).sum();
        let points_done = list.iter().filter(|s| s.stage == Stage::Done).map(|s| s.points).sum();
        let probe = crate::oplog::new_id();
        let can_comment = check_now(c, &me.id, "comment", &probe, "delegation_id", Some(&d.id))?.is_none();
        // The verdict fields' rule: the delegator, or leadership (`can_comment` asks the judge
        // because three relations decide it).
        let can_review = can_comment && (me.role == workspace::Role::Leadership || d.from_id == me.id);
        Ok(DelegatedItemView {
            requirements: roadmap::requirements_of(c, &d.item_id)?,
            guardrails: guards.into_iter().map(Into::into).collect(),
            stories: list.into_iter().map(Into::into).collect(),
            comments: reviews::for_delegation(c, &d.id)?.into_iter().map(Into::into).collect(),
            checkins: delegation::checkins(c, &d.id)?
                .into_iter()
                .map(|k| CheckinView { id: k.id, body: k.body, at_ms: k.at_ms })
                .collect(),
            can_comment,
            can_review,
            points_total,
            points_done,
            delegation: view(d, &me.id, me.role, now),
        })
    })
}

pub fn story_add(core: &Core, req: StoryAddReq) -> Result<StoryView> {
    let me = workspace::me(core)?;
    Ok(stories::add(core, &me, &req.delegation_id, &req.fields.draft())?.into())
}

pub fn story_update(core: &Core, req: StoryUpdateReq) -> Result<StoryView> {
    let me = workspace::me(core)?;
    Ok(stories::update(core, &me, &req.id, &req.fields.draft())?.into())
}

pub fn story_delete(core: &Core, req: IdReq) -> Result<StoryView> {
    let me = workspace::me(core)?;
    Ok(stories::delete(core, &me, &req.id)?.into())
}

pub fn story_move(core: &Core, req: StoryMoveReq) -> Result<StoryView> {
    let me = workspace::me(core)?;
    Ok(stories::move_story(core, &me, &req.id, req.before_id.as_deref())?.into())
}

pub fn story_stage(core: &Core, req: StoryStageReq) -> Result<StoryView> {
    let me = workspace::me(core)?;
    Ok(stories::set_stage(core, &me, &req.id, req.stage, req.blocked.as_deref())?.into())
}

pub fn story_check(core: &Core, req: StoryCheckReq) -> Result<StoryView> {
    let me = workspace::me(core)?;
    Ok(stories::check(core, &me, &req.id, &req.guardrail_id, req.mark, req.note.as_deref().unwrap_or(""))?.into())
}

pub fn story_get(core: &Core, req: IdReq) -> Result<StoryView> {
    workspace::here(core)?;
    Ok(core.read(|c| stories::get(c, &req.id))?.into())
}

pub fn review_request(core: &Core, req: ReviewRequestReq) -> Result<Vec<StoryView>> {
    let me = workspace::me(core)?;
    Ok(reviews::request(core, &me, &req.ids)?.into_iter().map(Into::into).collect())
}

pub fn review_approve(core: &Core, req: ReviewDecideReq) -> Result<StoryView> {
    let me = workspace::me(core)?;
    let s = reviews::decide(core, &me, &req.id, Verdict::Approved, req.exception.as_deref(), req.comment.as_deref())?;
    Ok(s.into())
}

pub fn review_request_changes(core: &Core, req: ReviewDecideReq) -> Result<StoryView> {
    let me = workspace::me(core)?;
    let s = reviews::decide(core, &me, &req.id, Verdict::Changes, req.exception.as_deref(), req.comment.as_deref())?;
    Ok(s.into())
}

pub fn review_queue(core: &Core, _req: NoArgs) -> Result<Vec<WaitingView>> {
    let me = workspace::me_reading(core)?;
    Ok(core.read(|c| queues::review_queue(c, &me.id))?.into_iter().map(waiting).collect())
}

pub fn comment_add(core: &Core, req: CommentAddReq) -> Result<CommentView> {
    let me = workspace::me(core)?;
    let c = reviews::comment(
        core,
        &me,
        req.delegation_id.as_deref(),
        req.story_id.as_deref(),
        req.parent_id.as_deref(),
        &req.body,
    )?;
    Ok(c.into())
}

pub fn comment_resolve(core: &Core, req: CommentResolveReq) -> Result<CommentView> {
    let me = workspace::me(core)?;
    Ok(reviews::resolve(core, &me, &req.id, req.resolved.unwrap_or(true))?.into())
}

pub fn inbox_get(core: &Core, _req: NoArgs) -> Result<InboxView> {
    let me = workspace::me_reading(core)?;
    let now = now_ms();
    let inbox = core.read(|c| queues::inbox(c, &me.id, now))?;
    let v = |d: Rc<Delegation>| shared(d, &me, now);
    let actions: Vec<InboxActionView> = inbox
        .actions
        .into_iter()
        .map(|(d, a)| match a {
            queues::Action::ChangesRequested(s) => InboxActionView {
                kind: InboxKind::ChangesRequested,
                delegation_id: d.id.clone(),
                item_title: d.item_title.clone(),
                story_id: Some(s.id.clone()),
                story_title: Some(s.title.clone()),
                text: String::new(),
                from_name: d.from_name.clone(),
                at_ms: s.verdict_ms,
            },
            queues::Action::QuestionAnswered => InboxActionView {
                kind: InboxKind::QuestionAnswered,
                delegation_id: d.id.clone(),
                item_title: d.item_title.clone(),
                story_id: None,
                story_title: None,
                text: if d.answer.is_empty() { "The brief was amended".to_owned() } else { d.answer.clone() },
                from_name: d.from_name.clone(),
                at_ms: d.answered_ms.max(d.amended_ms),
            },
            queues::Action::Comments(s, list) => {
                let newest = list.last().cloned();
                InboxActionView {
                    kind: InboxKind::Comments,
                    delegation_id: d.id.clone(),
                    item_title: d.item_title.clone(),
                    story_id: s.as_ref().map(|s| s.id.clone()),
                    story_title: s.map(|s| s.title),
                    text: newest.as_ref().map(|c| c.body.clone()).unwrap_or_default(),
                    from_name: newest.as_ref().map(|c| c.author_name.clone()).unwrap_or_default(),
                    at_ms: newest.map(|c| c.at_ms).unwrap_or(0),
                }
            }
        })
        .collect();
    let offered: Vec<DelegationView> = inbox.offered.into_iter().map(v).collect();
    let checkins_due: Vec<DelegationView> = inbox.checkins_due.into_iter().map(|(d, _)| v(d)).collect();
    let pending_offers = offered.iter().filter(|d| d.state == State::Offered).count();
    Ok(InboxView {
        count: count(pending_offers + actions.len() + checkins_due.len()),
        offered,
        actions,
        in_review: inbox.in_review.into_iter().map(waiting).collect(),
        checkins_due,
    })
}

pub fn board_get(core: &Core, _req: NoArgs) -> Result<BoardView> {
    let me = workspace::me_reading(core)?;
    let now = now_ms();
    let lines = core.read(|c| queues::board(c, &me.id, now))?;
    let v = |d: Rc<Delegation>| shared(d, &me, now);
    let lines: Vec<BoardLineView> = lines
        .into_iter()
        .map(|l| BoardLineView {
            member_id: l.member_id,
            member_name: l.member_name,
            delegations: l.delegations.into_iter().map(v).collect(),
            stories_in_flight: count(l.stories_in_flight),
            points_in_flight: l.points_in_flight,
            stories_done: count(l.stories_done),
            reviews: l.reviews.into_iter().map(waiting).collect(),
            overdue_checkins: l.overdue_checkins.into_iter().map(|(d, _)| v(d)).collect(),
            violated: count(l.violated),
            at_risk: count(l.at_risk),
            mentee: l.mentee,
        })
        .collect();
    let reviews_waiting = count(lines.iter().filter(|l| !l.mentee).map(|l| l.reviews.len()).sum());
    Ok(BoardView { lines, reviews_waiting })
}
