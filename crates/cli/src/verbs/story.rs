//! `baton story add|update|delete|move|status|guardrail-check|list|show`: the stories a junior
//! PM writes under a delegation.
//!
//! A `STORY` argument is a story id, or the exact title (any case) of one story: titles are
//! looked up across every delegation, and a title two stories share is refused as ambiguous
//! with their ids, which `story add` prints and `story list` shows. `--before` looks its title
//! up among the stories of the same delegation only.

use baton_core::api::{self, handlers, Criterion, StoryStatus, StoryView};
use baton_core::{ApiError, Core, Error};

use super::delegate::{delegation_of, now};
use super::{CliResult, Ctx};
use crate::args::{StoryArgs, StoryVerb};
use crate::render;

pub(crate) fn run(cx: &Ctx, verb: StoryVerb) -> CliResult {
    let core = &cx.core;
    match verb {
        StoryVerb::Add { delegation, title, fields } => {
            let delegation_id = delegation_of(core, &delegation)?.id;
            let criteria = (!fields.criteria.is_empty())
                .then(|| fields.criteria.iter().map(|t| Criterion { text: t.clone(), done: false }).collect());
            let fields = fields_req(Some(title), fields, criteria);
            let s = handlers::story_add(core, api::StoryAddReq { delegation_id, fields })?;
            cx.out(&s, |s| format!("added story {:?} ({})\t{}", s.title, render::story_status_label(s.status), s.id))
        }
        StoryVerb::Update { story, title, mut fields, no_criteria, tick, untick } => {
            let old = story_of(core, &story)?;
            let texts = std::mem::take(&mut fields.criteria);
            let criteria = criteria_after(&old.criteria, texts, no_criteria, &tick, &untick)?;
            let fields = fields_req(title, fields, criteria);
            let s = handlers::story_update(core, api::StoryUpdateReq { id: old.id, fields })?;
            cx.out(&s, |s| format!("updated story {:?} ({})", s.title, render::story_status_label(s.status)))
        }
        StoryVerb::Delete { story } => {
            let id = story_of(core, &story)?.id;
            let s = handlers::story_delete(core, api::IdReq { id })?;
            cx.out(&s, |s| format!("deleted story {:?} (its history: baton history {})", s.title, s.id))
        }
        StoryVerb::Move { story, before } => {
            let s = story_of(core, &story)?;
            let before_id = match before {
                Some(b) => {
                    let siblings = handlers::delegation_get(core, api::IdReq { id: s.delegation_id.clone() })?.stories;
                    Some(by_id_or_title(&siblings, &b)?.id.clone())
                }
                None => None,
            };
            let moved = handlers::story_move(core, api::StoryMoveReq { id: s.id, before_id })?;
            let order = handlers::delegation_get(core, api::IdReq { id: moved.delegation_id.clone() })?.stories;
            let at = order.iter().position(|o| o.id == moved.id).map_or(0, |p| p + 1);
            cx.out(&moved, |m| format!("moved story {:?} to position {at} of {}", m.title, order.len()))
        }
        StoryVerb::Status { story, stage, blocked, unblock } => {
            let id = story_of(core, &story)?.id;
            let blocked = blocked.or_else(|| unblock.then(String::new));
            let s = handlers::story_stage(core, api::StoryStageReq { id, stage, blocked })?;
            cx.out(&s, |s| {
                let why = if s.status == StoryStatus::Blocked { format!(": {}", s.blocked) } else { String::new() };
                format!("story {:?} is {}{why}", s.title, render::story_status_label(s.status))
            })
        }
        StoryVerb::GuardrailCheck { story, guardrail, mark, note } => {
            let s = story_of(core, &story)?;
            // An id, else the statement of one of the story's checks; the core judges the id.
            let wanted = guardrail.trim().to_lowercase();
            let guardrail_id = s
                .checks
                .iter()
                .find(|c| c.guardrail_id == guardrail)
                .or_else(|| s.checks.iter().find(|c| c.statement.to_lowercase() == wanted))
                .map_or(guardrail, |c| c.guardrail_id.clone());
            let req = api::StoryCheckReq { id: s.id, guardrail_id: guardrail_id.clone(), mark, note };
            let s = handlers::story_check(core, req)?;
            let statement = s
                .checks
                .iter()
                .find(|c| c.guardrail_id == guardrail_id)
                .map(|c| c.statement.clone())
                .unwrap_or_default();
            cx.out(&s, |s| format!("marked {statement:?} {} on {:?}", render::mark_label(mark), s.title))
        }
        StoryVerb::List { delegation } => {
            let id = delegation_of(core, &delegation)?.id;
            let stories = handlers::delegation_get(core, api::IdReq { id })?.stories;
            cx.out(&stories, |ss| render::stories(ss, now()))
        }
        StoryVerb::Show { story } => {
            let s = story_of(core, &story)?;
            let comments = if cx.json {
                Vec::new()
            } else {
                let d = handlers::delegation_get(core, api::IdReq { id: s.delegation_id.clone() })?;
                d.comments.into_iter().filter(|c| c.story_id.as_deref() == Some(s.id.as_str())).collect()
            };
            cx.out(&s, |s| render::story_detail(s, &comments, now()))
        }
    }
}

fn fields_req(title: Option<String>, f: StoryArgs, criteria: Option<Vec<Criterion>>) -> api::StoryFieldsReq {
    api::StoryFieldsReq {
        title,
        as_a: f.as_a,
        i_want: f.i_want,
        so_that: f.so_that,
        criteria,
        dev: f.dev,
        qa: f.qa,
        points: f.points,
    }
}

/// The criteria after an update (`None`: unchanged): `texts` replace the list (a criterion
/// whose text was already there keeps its tick), `none` empties it, then `tick` and `untick`
/// (1-based) set ticks.
fn criteria_after(
    old: &[Criterion],
    texts: Vec<String>,
    none: bool,
    tick: &[usize],
    untick: &[usize],
) -> Result<Option<Vec<Criterion>>, ApiError> {
    let mut list = if none {
        Vec::new()
    } else if !texts.is_empty() {
        let done = |t: &str| old.iter().any(|c| c.done && c.text.trim() == t.trim());
        texts.into_iter().map(|text| Criterion { done: done(&text), text }).collect()
    } else if !tick.is_empty() || !untick.is_empty() {
        old.to_vec()
    } else {
        return Ok(None);
    };
    let len = list.len();
    for (ns, done) in [(tick, true), (untick, false)] {
        for &n in ns {
            let c = n
                .checked_sub(1)
                .and_then(|i| list.get_mut(i))
                .ok_or_else(|| Error::invalid(format!("there is no acceptance criterion {n}: the story has {len}")))?;
            c.done = done;
        }
    }
    Ok(Some(list))
}

/// The story `key` names: its id, or the exact title of one story (see the module doc).
pub(super) fn story_of(core: &Core, key: &str) -> Result<StoryView, ApiError> {
    match handlers::story_get(core, api::IdReq { id: key.to_owned() }) {
        Ok(s) => return Ok(s),
        Err(Error::NotFound { .. }) => {}
        Err(e) => return Err(e.into()),
    }
    let all = handlers::delegation_list(core, api::DelegationListReq { ended: Some(true), ..Default::default() })?;
    let mut stories = Vec::new();
    for d in all {
        stories.extend(handlers::delegation_get(core, api::IdReq { id: d.id })?.stories);
    }
    by_id_or_title(&stories, key).cloned()
}

/// The story of `stories` whose id is `key`, else the one titled `key` (any case); two with
/// that title are refused with their ids.
fn by_id_or_title<'a>(stories: &'a [StoryView], key: &str) -> Result<&'a StoryView, ApiError> {
    if let Some(s) = stories.iter().find(|s| s.id == key) {
        return Ok(s);
    }
    let wanted = key.trim().to_lowercase();
    let hits: Vec<&StoryView> = stories.iter().filter(|s| s.title.to_lowercase() == wanted).collect();
    match hits.as_slice() {
        [one] => Ok(one),
        [] => Err(Error::not_found("story", key).into()),
        _ => {
            let ids: Vec<&str> = hits.iter().map(|s| s.id.as_str()).collect();
            Err(Error::invalid(format!("{} stories are called {key:?}: use the id ({})", hits.len(), ids.join(", ")))
                .into())
        }
    }
}
