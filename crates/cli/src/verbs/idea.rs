//! `baton feedback add|list|link|dismiss`, `baton idea add|update|evidence|score|sponsor|return|
//! submit|place|list|show|queue|for-item`, `baton decide`, `baton decisions` and `baton
//! revisit`: journey 2, from customer feedback to a decision on record and an item on the
//! roadmap.
//!
//! An `IDEA` argument is an idea's id or its exact title; a `FEEDBACK` argument is its id (as
//! `feedback list` shows it: feedback has no title to name it by).

use baton_core::api::{self, handlers, lookup, IdeaStage};

use super::{item_in, product_id_of, CliResult, Ctx};
use crate::args::{FeedbackVerb, IdeaVerb};
use crate::render::ideas as render;

pub(crate) fn feedback(cx: &Ctx, verb: FeedbackVerb) -> CliResult {
    let core = &cx.core;
    match verb {
        FeedbackVerb::Add { text, source, customer, who, heard, link } => {
            let req = api::FeedbackAddReq { source, body: text, customer, who, heard_on: heard, link };
            let f = handlers::feedback_add(core, req)?;
            cx.out(&f, |f| format!("added to the inbox\t{}", f.id))
        }
        FeedbackVerb::List { show, idea, item, limit } => {
            let req = api::FeedbackListReq {
                show,
                idea_id: idea.map(|i| lookup::idea(core, &i)).transpose()?,
                item_id: item.map(|i| lookup::item(core, None, &i)).transpose()?,
                limit,
            };
            let l = handlers::feedback_list(core, req)?;
            cx.out(&l, render::feedback_list)
        }
        FeedbackVerb::Link { feedback, idea, item, product } => {
            let id = feedback;
            let idea_id = idea.map(|i| lookup::idea(core, &i)).transpose()?;
            let item_id = item.map(|i| item_in(core, product.as_deref(), &i)).transpose()?;
            let f = handlers::feedback_link(core, api::FeedbackLinkReq { id, idea_id, item_id })?;
            cx.out(&f, |f| format!("linked {}", render::feedback_line(f)))
        }
        FeedbackVerb::Dismiss { feedback, reason } => {
            let id = feedback;
            let f = handlers::feedback_dismiss(core, api::FeedbackDismissReq { id, reason })?;
            cx.out(&f, |f| format!("dismissed {}", render::feedback_line(f)))
        }
    }
}

pub(crate) fn idea(cx: &Ctx, verb: IdeaVerb) -> CliResult {
    let core = &cx.core;
    let idea_id = |key: &str| lookup::idea(core, key);
    match verb {
        IdeaVerb::Add { title, problem, proposal, product } => {
            let product_id = product_id_of(core, product.as_deref())?;
            let i = handlers::idea_add(core, api::IdeaAddReq { title, problem, proposal, product_id })?;
            cx.out(&i, |i| format!("proposed {:?} (draft)\t{}", i.title, i.id))
        }
        IdeaVerb::Update { idea, title, problem, proposal, product } => {
            let req = api::IdeaUpdateReq {
                id: idea_id(&idea)?,
                title,
                problem,
                proposal,
                product_id: product_id_of(core, product.as_deref())?,
            };
            let i = handlers::idea_update(core, req)?;
            cx.out(&i, |i| format!("updated {:?}", i.title))
        }
        IdeaVerb::Evidence { idea, link, text, metric, note, remove } => {
            let id = idea_id(&idea)?;
            if let Some(evidence) = remove {
                let i = handlers::idea_evidence_remove(core, api::IdReq { id: evidence })?;
                return cx.out(&i, |i| format!("removed the evidence from {:?} ({} left)", i.title, i.evidence_count));
            }
            let (kind, body, url) = match (link, metric, note) {
                (Some(url), _, _) => (api::EvidenceKind::Link, text, Some(url)),
                (None, Some(m), _) => (api::EvidenceKind::Metric, Some(m), None),
                (None, None, note) => (api::EvidenceKind::Note, note, None),
            };
            let e = handlers::idea_evidence_add(core, api::EvidenceAddReq { idea_id: id, kind, body, url })?;
            cx.out(&e, |e| format!("added a {} to the evidence\t{}", e.kind.as_str(), e.id))
        }
        IdeaVerb::Score { idea, reach, impact, confidence, effort } => {
            let req = api::IdeaScoreReq { id: idea_id(&idea)?, reach, impact, confidence, effort };
            let i = handlers::idea_score(core, req)?;
            cx.out(&i, |i| format!("{:?}: {}", i.title, i.score_text))
        }
        IdeaVerb::Sponsor { idea } => {
            let i = handlers::idea_sponsor(core, api::IdReq { id: idea_id(&idea)? })?;
            cx.out(&i, |i| format!("sponsored {:?} by {}; it can be submitted", i.title, i.proposer_name))
        }
        IdeaVerb::Return { idea, comment } => {
            let i = handlers::idea_return(core, api::IdeaReturnReq { id: idea_id(&idea)?, note: comment })?;
            cx.out(&i, |i| format!("returned {:?} to {} with your comment", i.title, i.proposer_name))
        }
        IdeaVerb::Submit { idea } => {
            let i = handlers::idea_submit(core, api::IdReq { id: idea_id(&idea)? })?;
            cx.out(&i, |i| match i.stage {
                IdeaStage::AwaitingSponsor => format!("sent {:?} to your senior for sponsorship", i.title),
                _ => format!("submitted {:?} to leadership; it is frozen until they decide", i.title),
            })
        }
        IdeaVerb::Place { idea, horizon, period, parent, goal } => {
            let id = idea_id(&idea)?;
            let product = handlers::idea_get(core, api::IdReq { id: id.clone() })?.idea.product_id;
            let parent_id = parent.map(|p| lookup::item(core, product.as_deref(), &p)).transpose()?;
            let goal_id = goal.map(|g| lookup::goal(core, &g)).transpose()?;
            let i = handlers::idea_place(core, api::IdeaPlaceReq { id, horizon, period, parent_id, goal_id })?;
            cx.out(&i, |i| {
                format!(
                    "placed {:?} on the roadmap of {}\t{}",
                    i.title,
                    i.product_name.as_deref().unwrap_or("its product"),
                    i.item_id.as_deref().unwrap_or("")
                )
            })
        }
        IdeaVerb::List { product, stage } => {
            let req = api::IdeaListReq { product_id: product_id_of(core, product.as_deref())?, stage };
            let is = handlers::idea_list(core, req)?;
            cx.out(&is, |is| render::ideas(is))
        }
        IdeaVerb::Show { idea } => {
            let d = handlers::idea_get(core, api::IdReq { id: idea_id(&idea)? })?;
            cx.out(&d, render::idea_detail)
        }
        IdeaVerb::Queue => {
            let q = handlers::idea_queue(core, api::NoArgs {})?;
            cx.out(&q, render::queue)
        }
        IdeaVerb::ForItem { item, product } => {
            let id = item_in(core, product.as_deref(), &item)?;
            let d = handlers::idea_for_item(core, api::IdReq { id })?;
            cx.out(&d, |d| match d {
                Some(d) => render::idea_detail(d),
                None => "this item was not placed from an idea".into(),
            })
        }
    }
}

pub(crate) fn decide(
    cx: &Ctx,
    idea: &str,
    outcome: api::Outcome,
    rationale: String,
    changes: Option<String>,
    revisit: Option<String>,
) -> CliResult {
    let core = &cx.core;
    let req = api::IdeaDecideReq { id: lookup::idea(core, idea)?, outcome, rationale, changes, revisit };
    let d = handlers::idea_decide(core, req)?;
    cx.out(&d, |d| format!("decided {:?}: {}\t{}", d.idea_title, render::outcome_label(d.outcome), d.id))
}

pub(crate) struct LogArgs {
    pub(crate) search: Option<String>,
    pub(crate) product: Option<String>,
    pub(crate) outcome: Option<api::Outcome>,
    pub(crate) from: Option<String>,
    pub(crate) to: Option<String>,
    pub(crate) limit: Option<i64>,
}

pub(crate) fn decisions(cx: &Ctx, a: LogArgs) -> CliResult {
    let core = &cx.core;
    let req = api::DecisionListReq {
        search: a.search,
        product_id: product_id_of(core, a.product.as_deref())?,
        outcome: a.outcome,
        from: a.from,
        to: a.to,
        limit: a.limit,
    };
    let ds = handlers::decision_list(core, req)?;
    cx.out(&ds, |ds| render::decisions(ds))
}

pub(crate) fn revisit(cx: &Ctx, upcoming: bool) -> CliResult {
    let is = handlers::idea_revisit(&cx.core, api::RevisitReq { upcoming: Some(upcoming) })?;
    cx.out(&is, |is| if is.is_empty() { "nothing to revisit".into() } else { render::ideas(is) })
}
