//! Ideas: the feedback inbox and its triage, ideas with evidence and a RICE score, sponsorship
//! and submission, leadership's decisions, the decision log, the revisit list, the queues, and
//! placing a go-ahead on the roadmap.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{IdReq, NoArgs};
use crate::error::{Error, Result};
use crate::ideas::decisions::{self, Decision, Entry, Outcome, Pinned};
use crate::ideas::feedback::{self, Feedback, Source, Triage};
use crate::ideas::{self, Evidence, EvidenceKind, Idea, IdeaEdit, Impact, Stage};
use crate::oplog::judge::check_now;
use crate::roadmap::Horizon;
use crate::{workspace, Core};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FeedbackView {
    pub id: String,
    pub source: Source,
    /// The quote or note.
    pub body: String,
    pub customer: String,
    /// Who said it (free text: a contact's name and role).
    pub who: String,
    /// When it was heard, `YYYY-MM-DD`.
    pub heard_on: String,
    pub link: String,
    /// The member who added it.
    pub by_id: String,
    pub by_name: String,
    #[ts(type = "number")]
    pub added_ms: i64,
    pub triage: Triage,
    pub idea_id: Option<String>,
    pub idea_title: Option<String>,
    pub item_id: Option<String>,
    pub item_title: Option<String>,
    /// Why it was dismissed (empty unless dismissed).
    pub dismissed: String,
    pub triaged_by_name: Option<String>,
    #[ts(type = "number")]
    pub triaged_ms: i64,
}

impl From<Feedback> for FeedbackView {
    fn from(f: Feedback) -> Self {
        FeedbackView {
            triage: f.triage(),
            id: f.id,
            source: f.source,
            body: f.body,
            customer: f.customer,
            who: f.who,
            heard_on: f.heard_on,
            link: f.link,
            by_id: f.by_id,
            by_name: f.by_name,
            added_ms: f.added_ms,
            idea_id: f.idea_id,
            idea_title: f.idea_title,
            item_id: f.item_id,
            item_title: f.item_title,
            dismissed: f.dismissed,
            triaged_by_name: f.triaged_by_name,
            triaged_ms: f.triaged_ms,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IdeaView {
    pub id: String,
    pub title: String,
    pub problem: String,
    pub proposal: String,
    pub product_id: Option<String>,
    pub product_name: Option<String>,
    pub proposer_id: String,
    pub proposer_name: String,
    pub sponsor_id: Option<String>,
    pub sponsor_name: Option<String>,
    pub stage: Stage,
    /// The current decision's outcome (null: not decided).
    pub outcome: Option<Outcome>,
    /// With "not now": when to revisit, `YYYY-MM-DD`.
    pub revisit: String,
    pub decision_id: Option<String>,
    #[ts(type = "number")]
    pub decided_ms: i64,
    /// How many decisions it has had, the current one included.
    #[ts(type = "number")]
    pub decisions: i64,
    /// RICE: reach (people or events per quarter), impact, confidence (%), effort
    /// (person-months, one decimal).
    #[ts(type = "number")]
    pub reach: i64,
    pub impact: Option<Impact>,
    #[ts(type = "number")]
    pub confidence: i64,
    pub effort: f64,
    /// reach × impact × confidence ÷ effort, one decimal (null until impact and effort are set).
    pub score: Option<f64>,
    /// The arithmetic, or what is missing.
    pub score_text: String,
    /// Feedback linked to it, and the latest date any of it was heard (empty: none).
    #[ts(type = "number")]
    pub feedback_count: i64,
    pub last_heard: String,
    /// Links, metrics and notes.
    #[ts(type = "number")]
    pub evidence_count: i64,
    #[ts(type = "number")]
    pub edited_ms: i64,
    #[ts(type = "number")]
    pub asked_ms: i64,
    #[ts(type = "number")]
    pub sponsored_ms: i64,
    #[ts(type = "number")]
    pub returned_ms: i64,
    /// The sponsor's comment when they returned it.
    pub return_note: String,
    #[ts(type = "number")]
    pub submitted_ms: i64,
    /// The roadmap item it was placed as.
    pub item_id: Option<String>,
    pub item_title: Option<String>,
    #[ts(type = "number")]
    pub placed_ms: i64,
}

impl From<Idea> for IdeaView {
    fn from(i: Idea) -> Self {
        IdeaView {
            stage: i.stage(),
            score: i.rice.score_tenths().map(|s| s as f64 / 10.0),
            score_text: i.rice.text(),
            reach: i.rice.reach,
            impact: i.rice.impact,
            confidence: i.rice.confidence,
            effort: i.rice.effort as f64 / 10.0,
            id: i.id,
            title: i.title,
            problem: i.problem,
            proposal: i.proposal,
            product_id: i.product_id,
            product_name: i.product_name,
            proposer_id: i.proposer_id,
            proposer_name: i.proposer_name,
            sponsor_id: i.sponsor_id,
            sponsor_name: i.sponsor_name,
            outcome: i.outcome,
            revisit: i.revisit,
            decision_id: i.decision_id,
            decided_ms: i.decided_ms,
            decisions: i.decisions,
            feedback_count: i.feedback_count,
            last_heard: i.last_heard,
            evidence_count: i.evidence_count,
            edited_ms: i.edited_ms,
            asked_ms: i.asked_ms,
            sponsored_ms: i.sponsored_ms,
            returned_ms: i.returned_ms,
            return_note: i.return_note,
            submitted_ms: i.submitted_ms,
            item_id: i.item_id,
            item_title: i.item_title,
            placed_ms: i.placed_ms,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EvidenceView {
    pub id: String,
    pub kind: EvidenceKind,
    pub body: String,
    pub url: String,
    #[ts(type = "number")]
    pub at_ms: i64,
}

impl From<Evidence> for EvidenceView {
    fn from(e: Evidence) -> Self {
        EvidenceView { id: e.id, kind: e.kind, body: e.body, url: e.url, at_ms: e.at_ms }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DecisionView {
    pub id: String,
    pub idea_id: String,
    /// The idea's title now (what was decided on is `pinned.title`).
    pub idea_title: String,
    pub product_name: Option<String>,
    pub by_id: String,
    pub by_name: String,
    pub outcome: Outcome,
    pub rationale: String,
    /// With a go-ahead with changes: the changes asked for.
    pub changes: String,
    /// With "not now": `YYYY-MM-DD`.
    pub revisit: String,
    #[ts(type = "number")]
    pub decided_ms: i64,
    /// Not superseded by a later decision on the same idea.
    pub current: bool,
    /// The idea as it was decided on (null only for a record this build cannot read).
    pub pinned: Option<Pinned>,
}

fn decision_view(d: Decision, idea_title: String, product_name: Option<String>) -> DecisionView {
    DecisionView {
        id: d.id,
        idea_id: d.idea_id,
        idea_title,
        product_name,
        by_id: d.by_id,
        by_name: d.by_name,
        outcome: d.outcome,
        rationale: d.rationale,
        changes: d.changes,
        revisit: d.revisit,
        decided_ms: d.decided_ms,
        current: d.current,
        pinned: d.pinned,
    }
}

impl From<Entry> for DecisionView {
    fn from(e: Entry) -> Self {
        decision_view(e.decision, e.idea_title, e.product_name)
    }
}

/// What the acting member may do with an idea now, decided by the core.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IdeaCanView {
    /// Edit its content, score and evidence (the proposer, until submitted).
    pub edit: bool,
    /// Sponsor it, or return it with a comment.
    pub sponsor: bool,
    /// Submit it (or, a junior PM's own unsponsored idea, send it for sponsorship).
    pub submit: bool,
    pub decide: bool,
    /// Place it on the roadmap (a go-ahead not placed yet, by the product's owner).
    pub place: bool,
}

/// One idea with everything behind it: evidence, feedback, its decisions (newest first), and
/// past decisions on ideas whose title shares its words (the same idea proposed again).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IdeaDetailView {
    pub idea: IdeaView,
    pub evidence: Vec<EvidenceView>,
    pub feedback: Vec<FeedbackView>,
    pub decisions: Vec<DecisionView>,
    pub related: Vec<DecisionView>,
    pub can: IdeaCanView,
}

/// What waits on me in the ideas pipeline, and the counts for the sidebar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IdeaQueueView {
    /// Leadership: submitted ideas awaiting a decision, oldest first.
    pub awaiting_decision: Vec<IdeaView>,
    /// Junior PMs' ideas sent to me for sponsorship.
    pub to_sponsor: Vec<IdeaView>,
    /// My ideas returned to me with a comment.
    pub returned: Vec<IdeaView>,
    /// Go-ahead ideas of products I own (leadership: any) not yet on the roadmap.
    pub to_place: Vec<IdeaView>,
    /// Leadership: "not now" ideas whose revisit date has come.
    pub to_revisit: Vec<IdeaView>,
    /// Feedback not triaged yet (anyone's).
    #[ts(type = "number")]
    pub feedback_new: i64,
    /// What needs my action: the sum of the lists above (not the feedback).
    #[ts(type = "number")]
    pub count: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FeedbackAddReq {
    pub source: Source,
    pub body: String,
    #[serde(default)]
    #[ts(optional)]
    pub customer: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub who: Option<String>,
    /// `YYYY-MM-DD`, not in the future; today when absent.
    #[serde(default)]
    #[ts(optional)]
    pub heard_on: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub link: Option<String>,
}

/// Which feedback to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackShow {
    /// Not triaged yet (the inbox).
    New,
    Linked,
    Dismissed,
    All,
}

impl FeedbackShow {
    pub const ALL: [FeedbackShow; 4] =
        [FeedbackShow::New, FeedbackShow::Linked, FeedbackShow::Dismissed, FeedbackShow::All];
    pub fn as_str(self) -> &'static str {
        match self {
            FeedbackShow::New => "new",
            FeedbackShow::Linked => "linked",
            FeedbackShow::Dismissed => "dismissed",
            FeedbackShow::All => "all",
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FeedbackListReq {
    /// Default: new; with `ideaId` or `itemId`, all.
    #[serde(default)]
    #[ts(optional)]
    pub show: Option<FeedbackShow>,
    /// Only what is linked to this idea.
    #[serde(default)]
    #[ts(optional)]
    pub idea_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub item_id: Option<String>,
    /// Default 500, at most 10,000; newest first.
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub limit: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FeedbackListView {
    pub entries: Vec<FeedbackView>,
    /// How many wait for triage, whatever the filter.
    #[ts(type = "number")]
    pub new_count: i64,
}

/// Link to exactly one of an idea or a roadmap item.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FeedbackLinkReq {
    pub id: String,
    #[serde(default)]
    #[ts(optional)]
    pub idea_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub item_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FeedbackDismissReq {
    pub id: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IdeaAddReq {
    pub title: String,
    #[serde(default)]
    #[ts(optional)]
    pub problem: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub proposal: Option<String>,
    /// The product it is for (needed before it is placed on a roadmap).
    #[serde(default)]
    #[ts(optional)]
    pub product_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IdeaUpdateReq {
    pub id: String,
    #[serde(default)]
    #[ts(optional)]
    pub title: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub problem: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub proposal: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub product_id: Option<String>,
}

/// RICE parts; absent ones stay.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IdeaScoreReq {
    pub id: String,
    /// People or events per quarter.
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub reach: Option<i64>,
    #[serde(default)]
    #[ts(optional)]
    pub impact: Option<Impact>,
    /// Percent, 0–100.
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub confidence: Option<i64>,
    /// Person-months, 0.1 to 100,000 (kept to one decimal).
    #[serde(default)]
    #[ts(optional)]
    pub effort: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EvidenceAddReq {
    pub idea_id: String,
    pub kind: EvidenceKind,
    /// The note, the metric, or a link's description.
    #[serde(default)]
    #[ts(optional)]
    pub body: Option<String>,
    /// A link's address (http, https, mailto or file).
    #[serde(default)]
    #[ts(optional)]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IdeaReturnReq {
    pub id: String,
    /// Why it goes back, for the proposer.
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IdeaPlaceReq {
    pub id: String,
    pub horizon: Horizon,
    /// Inside the product's window for the horizon (`2027-Q3`, `2028-H1`, `2029`).
    pub period: String,
    /// The item it serves on the next-longer horizon.
    #[serde(default)]
    #[ts(optional)]
    pub parent_id: Option<String>,
    /// For a five-year theme: the goal it serves.
    #[serde(default)]
    #[ts(optional)]
    pub goal_id: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IdeaListReq {
    #[serde(default)]
    #[ts(optional)]
    pub product_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub stage: Option<Stage>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IdeaDecideReq {
    pub id: String,
    pub outcome: Outcome,
    pub rationale: String,
    /// Required with go_ahead_with_changes, refused otherwise.
    #[serde(default)]
    #[ts(optional)]
    pub changes: Option<String>,
    /// Required with not_now (`YYYY-MM-DD`, today or later), refused otherwise.
    #[serde(default)]
    #[ts(optional)]
    pub revisit: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DecisionListReq {
    /// Words in the title, problem or proposal decided on, the rationale or the changes (each
    /// word matches as a prefix; all must match).
    #[serde(default)]
    #[ts(optional)]
    pub search: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub product_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub outcome: Option<Outcome>,
    /// Decided on or after, `YYYY-MM-DD` (this laptop's calendar).
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<String>,
    /// Decided on or before, `YYYY-MM-DD`.
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
    /// Default 200, at most 10,000; newest first.
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub limit: Option<i64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RevisitReq {
    /// Also those whose date has not come yet.
    #[serde(default)]
    #[ts(optional)]
    pub upcoming: Option<bool>,
}

pub fn feedback_add(core: &Core, req: FeedbackAddReq) -> Result<FeedbackView> {
    let me = workspace::me(core)?;
    let new = feedback::NewFeedback {
        source: req.source,
        body: &req.body,
        customer: req.customer.as_deref().unwrap_or(""),
        who: req.who.as_deref().unwrap_or(""),
        heard_on: req.heard_on.as_deref(),
        link: req.link.as_deref().unwrap_or(""),
    };
    Ok(feedback::add(core, &me, &new)?.into())
}

pub fn feedback_list(core: &Core, req: FeedbackListReq) -> Result<FeedbackListView> {
    workspace::here(core)?;
    let filtered = req.idea_id.is_some() || req.item_id.is_some();
    let show = match req.show {
        // What is linked to one idea or item is not new: all of it, unless asked otherwise.
        None if filtered => feedback::Show::All,
        None | Some(FeedbackShow::New) => feedback::Show::New,
        Some(FeedbackShow::Linked) => feedback::Show::Linked,
        Some(FeedbackShow::Dismissed) => feedback::Show::Dismissed,
        Some(FeedbackShow::All) => feedback::Show::All,
    };
    let filter = feedback::ListFilter {
        show,
        idea_id: req.idea_id.as_deref(),
        item_id: req.item_id.as_deref(),
        limit: req.limit.unwrap_or(500),
    };
    core.read(|c| {
        Ok(FeedbackListView {
            entries: feedback::list(c, &filter)?.into_iter().map(Into::into).collect(),
            new_count: feedback::new_count(c)?,
        })
    })
}

pub fn feedback_link(core: &Core, req: FeedbackLinkReq) -> Result<FeedbackView> {
    let me = workspace::me(core)?;
    let to = match (&req.idea_id, &req.item_id) {
        (Some(i), None) => feedback::LinkTo::Idea(i),
        (None, Some(i)) => feedback::LinkTo::Item(i),
        _ => return Err(Error::invalid("link feedback to one idea or one roadmap item")),
    };
    Ok(feedback::link(core, &me, &req.id, to)?.into())
}

pub fn feedback_dismiss(core: &Core, req: FeedbackDismissReq) -> Result<FeedbackView> {
    let me = workspace::me(core)?;
    Ok(feedback::dismiss(core, &me, &req.id, &req.reason)?.into())
}

pub fn idea_add(core: &Core, req: IdeaAddReq) -> Result<IdeaView> {
    let me = workspace::me(core)?;
    let new = ideas::NewIdea {
        title: &req.title,
        problem: req.problem.as_deref().unwrap_or(""),
        proposal: req.proposal.as_deref().unwrap_or(""),
        product_id: req.product_id.as_deref(),
    };
    Ok(ideas::add(core, &me, &new)?.into())
}

pub fn idea_update(core: &Core, req: IdeaUpdateReq) -> Result<IdeaView> {
    let me = workspace::me(core)?;
    let edit = IdeaEdit {
        title: req.title.as_deref(),
        problem: req.problem.as_deref(),
        proposal: req.proposal.as_deref(),
        product_id: req.product_id.as_deref().map(Some),
        ..IdeaEdit::default()
    };
    Ok(ideas::update(core, &me, &req.id, &edit)?.into())
}

/// Person-months with one decimal, as tenths.
fn effort_tenths(effort: f64) -> Result<i64> {
    if !effort.is_finite() || effort < 0.1 || effort > ideas::MAX_EFFORT as f64 / 10.0 {
        return Err(Error::invalid(format!("effort {effort} person-months is not between 0.1 and 100,000")));
    }
    Ok((effort * 10.0).round() as i64)
}

pub fn idea_score(core: &Core, req: IdeaScoreReq) -> Result<IdeaView> {
    let me = workspace::me(core)?;
    let edit = IdeaEdit {
        reach: req.reach,
        impact: req.impact,
        confidence: req.confidence,
        effort: req.effort.map(effort_tenths).transpose()?,
        ..IdeaEdit::default()
    };
    Ok(ideas::update(core, &me, &req.id, &edit)?.into())
}

pub fn idea_evidence_add(core: &Core, req: EvidenceAddReq) -> Result<EvidenceView> {
    let me = workspace::me(core)?;
    let body = req.body.as_deref().unwrap_or("");
    let url = req.url.as_deref().unwrap_or("");
    Ok(ideas::evidence_add(core, &me, &req.idea_id, req.kind, body, url)?.into())
}

pub fn idea_evidence_remove(core: &Core, req: IdReq) -> Result<IdeaView> {
    let me = workspace::me(core)?;
    Ok(ideas::evidence_remove(core, &me, &req.id)?.into())
}

pub fn idea_sponsor(core: &Core, req: IdReq) -> Result<IdeaView> {
    let me = workspace::me(core)?;
    Ok(ideas::sponsor(core, &me, &req.id)?.into())
}

pub fn idea_return(core: &Core, req: IdeaReturnReq) -> Result<IdeaView> {
    let me = workspace::me(core)?;
    Ok(ideas::send_back(core, &me, &req.id, &req.note)?.into())
}

pub fn idea_submit(core: &Core, req: IdReq) -> Result<IdeaView> {
    let me = workspace::me(core)?;
    Ok(ideas::submit(core, &me, &req.id)?.0.into())
}

pub fn idea_place(core: &Core, req: IdeaPlaceReq) -> Result<IdeaView> {
    let me = workspace::me(core)?;
    let at = ideas::Placement {
        horizon: req.horizon,
        period: &req.period,
        parent_id: req.parent_id.as_deref(),
        goal_id: req.goal_id.as_deref(),
    };
    Ok(ideas::place(core, &me, &req.id, &at)?.0.into())
}

pub fn idea_list(core: &Core, req: IdeaListReq) -> Result<Vec<IdeaView>> {
    workspace::here(core)?;
    let ideas = core.read(|c| ideas::list(c, req.product_id.as_deref()))?;
    Ok(ideas.into_iter().filter(|i| req.stage.is_none_or(|s| i.stage() == s)).map(Into::into).collect())
}

fn detail(c: &rusqlite::Connection, me: &workspace::Actor, idea: Idea) -> Result<IdeaDetailView> {
    let id = idea.id.clone();
    let may = |table: &'static str, entity: &str, field: &str, value: Option<&str>| -> Result<bool> {
        Ok(check_now(c, &me.id, table, entity, field, value)?.is_none())
    };
    let stage = idea.stage();
    let open = idea.submitted_ms == 0;
    let sponsor_field = may("idea", &id, "sponsor_id", Some(&me.id))?;
    let can = IdeaCanView {
        edit: open && may("idea", &id, "title", None)?,
        sponsor: open && idea.proposer_id != me.id && sponsor_field,
        submit: open
            && match (idea.sponsored_ms > 0, idea.proposer_id == me.id) {
                (true, _) => may("idea", &id, "submitted_ms", None)?,
                (false, true) if idea.needs_sponsor() => stage != Stage::AwaitingSponsor,
                (false, true) => sponsor_field,
                (false, false) => false,
            },
        decide: idea.submitted_ms > 0
            && idea.placed_ms == 0
            && may("decision", "probe-new-decision", "idea_id", Some(&id))?,
        place: idea.approved()
            && idea.placed_ms == 0
            && match &idea.product_id {
                Some(p) => may("roadmap_item", "", "product_id", Some(p))?,
                None => false,
            },
    };
    // Any longer word of the title: the same idea proposed again rarely has the same title.
    let words: Vec<String> = idea
        .title
        .split(|ch: char| !ch.is_alphanumeric())
        .filter(|w| w.chars().count() > 3)
        .map(|w| format!("title : \"{w}\""))
        .collect();
    let related = if words.is_empty() {
        Vec::new()
    } else {
        related_decisions(c, &words.join(" OR "), &id)?.into_iter().map(Into::into).collect()
    };
    Ok(IdeaDetailView {
        evidence: ideas::evidence_of(c, &id)?.into_iter().map(Into::into).collect(),
        feedback: feedback::of_idea(c, &id)?.into_iter().map(Into::into).collect(),
        decisions: decisions::of_idea(c, &id)?
            .into_iter()
            .map(|d| decision_view(d, idea.title.clone(), idea.product_name.clone()))
            .collect(),
        related,
        can,
        idea: idea.into(),
    })
}

/// Decisions on other ideas whose decided title matches `query` (FTS5, quoted words only),
/// newest first, at most ten.
fn related_decisions(c: &rusqlite::Connection, query: &str, idea_id: &str) -> Result<Vec<Entry>> {
    let mut stmt = c.prepare_cached(
        "SELECT d.id FROM decision_text t JOIN decision d ON d.rowid = t.rowid
         WHERE decision_text MATCH ?1 AND d.idea_id != ?2 AND d.decided_ms > 0
         ORDER BY d.decided_ms DESC LIMIT 10",
    )?;
    let ids: Vec<String> = stmt.query_map([query, idea_id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for id in ids {
        let d = decisions::get(c, &id)?;
        let (title, product) = match ideas::get(c, &d.idea_id) {
            Ok(i) => (i.title, i.product_name),
            Err(_) => (String::new(), None),
        };
        out.push(Entry { decision: d, idea_title: title, product_name: product });
    }
    Ok(out)
}

pub fn idea_get(core: &Core, req: IdReq) -> Result<IdeaDetailView> {
    let me = workspace::me_reading(core)?;
    core.read(|c| {
        let idea = ideas::get(c, &req.id)?;
        detail(c, &me, idea)
    })
}

pub fn idea_for_item(core: &Core, req: IdReq) -> Result<Option<IdeaDetailView>> {
    let me = workspace::me_reading(core)?;
    core.read(|c| match ideas::for_item(c, &req.id)? {
        Some(idea) => Ok(Some(detail(c, &me, idea)?)),
        None => Ok(None),
    })
}

pub fn idea_queue(core: &Core, _: NoArgs) -> Result<IdeaQueueView> {
    let me = workspace::me_reading(core)?;
    core.read(|c| {
        let q = decisions::queue(c, &me)?;
        let views = |v: Vec<Idea>| v.into_iter().map(IdeaView::from).collect::<Vec<_>>();
        let count =
            (q.awaiting_decision.len() + q.to_sponsor.len() + q.returned.len() + q.to_place.len() + q.to_revisit.len())
                as i64;
        Ok(IdeaQueueView {
            awaiting_decision: views(q.awaiting_decision),
            to_sponsor: views(q.to_sponsor),
            returned: views(q.returned),
            to_place: views(q.to_place),
            to_revisit: views(q.to_revisit),
            feedback_new: feedback::new_count(c)?,
            count,
        })
    })
}

pub fn idea_decide(core: &Core, req: IdeaDecideReq) -> Result<DecisionView> {
    let me = workspace::me(core)?;
    let v = decisions::Verdict {
        outcome: req.outcome,
        rationale: &req.rationale,
        changes: req.changes.as_deref(),
        revisit: req.revisit.as_deref(),
    };
    let d = decisions::decide(core, &me, &req.id, &v)?;
    core.read(|c| {
        let idea = ideas::get(c, &d.idea_id)?;
        Ok(decision_view(d, idea.title, idea.product_name))
    })
}

pub fn decision_list(core: &Core, req: DecisionListReq) -> Result<Vec<DecisionView>> {
    workspace::here(core)?;
    let f = decisions::LogFilter {
        search: req.search.as_deref().map(str::trim).filter(|s| !s.is_empty()),
        product_id: req.product_id.as_deref(),
        outcome: req.outcome,
        from: req.from.as_deref(),
        to: req.to.as_deref(),
        limit: req.limit,
    };
    Ok(core.read(|c| decisions::log(c, &f))?.into_iter().map(Into::into).collect())
}

pub fn idea_revisit(core: &Core, req: RevisitReq) -> Result<Vec<IdeaView>> {
    workspace::here(core)?;
    Ok(core.read(|c| decisions::to_revisit(c, req.upcoming.unwrap_or(false)))?.into_iter().map(Into::into).collect())
}
