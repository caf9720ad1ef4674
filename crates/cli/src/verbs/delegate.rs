//! `baton delegate offer|amend|ask|answer|accept|complete|withdraw|reassign|check-in|comment|
//! list|show`, `baton inbox` and `baton board`: handing a one-year item to a junior PM, and the
//! two work lists around it.
//!
//! A `DELEGATION` argument is a delegation id, or the exact title of its item (as item verbs
//! take it): an item has at most one open delegation, so the title names it; when none is open,
//! the title names the item's latest one (completed or withdrawn), for `show` and `list`.

use baton_core::api::{self, handlers, lookup, DelegationState, DelegationView};
use baton_core::{ApiError, Core, Error};

use super::{item_in, CliResult, Ctx};
use crate::args::{BriefArgs, DelegateVerb};
use crate::render;

pub(crate) fn run(cx: &Ctx, verb: DelegateVerb) -> CliResult {
    let core = &cx.core;
    match verb {
        DelegateVerb::Offer { item, product, to, brief } => {
            let item_id = item_in(core, product.as_deref(), &item)?;
            let to_id = lookup::member(core, &to)?;
            let d = handlers::delegate_offer(core, api::DelegateOfferReq { item_id, to_id, brief: brief_req(brief) })?;
            cx.out(&d, |d| format!("offered {:?} to {}\t{}", d.item_title, d.to_name, d.id))
        }
        DelegateVerb::Amend { delegation, brief } => {
            let id = delegation_of(core, &delegation)?.id;
            let d = handlers::delegate_amend(core, api::DelegateAmendReq { id, brief: brief_req(brief) })?;
            cx.out(&d, |d| format!("amended the brief of {:?}; {} sees it was amended", d.item_title, d.to_name))
        }
        DelegateVerb::Ask { delegation, question } => {
            let id = delegation_of(core, &delegation)?.id;
            let d = handlers::delegate_ask(core, api::TextReq { id, text: question })?;
            cx.out(&d, |d| format!("asked {} about {:?}", d.from_name, d.item_title))
        }
        DelegateVerb::Answer { delegation, text } => {
            let id = delegation_of(core, &delegation)?.id;
            let d = handlers::delegate_answer(core, api::TextReq { id, text })?;
            cx.out(&d, |d| format!("answered {}'s question about {:?}", d.to_name, d.item_title))
        }
        DelegateVerb::Accept { delegation } => {
            let id = delegation_of(core, &delegation)?.id;
            let d = handlers::delegate_accept(core, api::IdReq { id })?;
            cx.out(&d, |d| format!("accepted {:?} from {}", d.item_title, d.from_name))
        }
        DelegateVerb::Complete { delegation } => {
            let id = delegation_of(core, &delegation)?.id;
            let d = handlers::delegate_complete(core, api::IdReq { id })?;
            cx.out(&d, |d| format!("marked {:?} completed (delegated to {})", d.item_title, d.to_name))
        }
        DelegateVerb::Withdraw { delegation } => {
            let id = delegation_of(core, &delegation)?.id;
            let d = handlers::delegate_withdraw(core, api::IdReq { id })?;
            cx.out(&d, |d| format!("withdrew {:?} from {}", d.item_title, d.to_name))
        }
        DelegateVerb::Reassign { delegation, to } => {
            let id = delegation_of(core, &delegation)?.id;
            let to_id = lookup::member(core, &to)?;
            let d = handlers::delegate_reassign(core, api::DelegateReassignReq { id, to_id })?;
            cx.out(&d, |d| format!("reassigned {:?} to {}; they answer the offer afresh", d.item_title, d.to_name))
        }
        DelegateVerb::CheckIn { delegation, text } => {
            let d = delegation_of(core, &delegation)?;
            let c = handlers::delegate_checkin(core, api::TextReq { id: d.id, text })?;
            cx.out(&c, |c| format!("checked in on {:?}\t{}", d.item_title, c.id))
        }
        DelegateVerb::Comment { delegation, text } => {
            let d = delegation_of(core, &delegation)?;
            let req = api::CommentAddReq { story_id: None, parent_id: None, delegation_id: Some(d.id), body: text };
            let c = handlers::comment_add(core, req)?;
            cx.out(&c, |c| format!("commented on {:?}\t{}", d.item_title, c.id))
        }
        DelegateVerb::List { to, from, mentor, item, ended } => {
            let member = |m: Option<String>| m.map(|m| lookup::member(core, &m)).transpose();
            let req = api::DelegationListReq {
                to_id: member(to)?,
                from_id: member(from)?,
                mentor_id: member(mentor)?,
                item_id: item.map(|i| lookup::item(core, None, &i)).transpose()?,
                ended: Some(ended),
            };
            let list = handlers::delegation_list(core, req)?;
            cx.out(&list, |ds| render::delegations(ds, now()))
        }
        DelegateVerb::Show { delegation } => {
            let id = delegation_of(core, &delegation)?.id;
            let d = handlers::delegation_get(core, api::IdReq { id })?;
            cx.out(&d, |d| render::delegation_detail(d, now()))
        }
    }
}

pub(crate) fn inbox(cx: &Ctx) -> CliResult {
    let inbox = handlers::inbox_get(&cx.core, api::NoArgs {})?;
    cx.out(&inbox, |i| render::inbox(i, now()))
}

pub(crate) fn board(cx: &Ctx) -> CliResult {
    let board = handlers::board_get(&cx.core, api::NoArgs {})?;
    cx.out(&board, |b| render::board(b, now()))
}

fn brief_req(b: BriefArgs) -> api::BriefReq {
    api::BriefReq {
        scope: b.scope,
        non_goals: b.non_goals,
        decisions: b.decisions,
        due: b.due,
        cadence_days: b.cadence,
    }
}

/// The delegation `key` names: its id, or the exact title of its item (the item's open
/// delegation, else its latest one). See the module doc.
pub(super) fn delegation_of(core: &Core, key: &str) -> Result<DelegationView, ApiError> {
    let all = handlers::delegation_list(core, api::DelegationListReq { ended: Some(true), ..Default::default() })?;
    if let Some(d) = all.iter().find(|d| d.id == key) {
        return Ok(d.clone());
    }
    let item_id = match lookup::item(core, None, key) {
        Ok(id) => id,
        Err(Error::NotFound { .. }) => return Err(Error::not_found("delegation", key).into()),
        Err(e) => return Err(e.into()),
    };
    // Newest offer first: the open one if any, else the latest.
    let of_item: Vec<&DelegationView> = all.iter().filter(|d| d.item_id == item_id).collect();
    let open = of_item.iter().find(|d| {
        matches!(d.state, DelegationState::Offered | DelegationState::Questioned | DelegationState::Accepted)
    });
    open.or(of_item.first())
        .map(|d| (*d).clone())
        .ok_or_else(|| Error::invalid(format!("{key:?} has not been delegated")).into())
}

/// Now, in the core's milliseconds, for "waiting 3 h".
pub(super) fn now() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
