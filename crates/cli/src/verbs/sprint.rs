//! `baton sprint add|update|list|board|burnup|backlog|plan|unplan|close`: a product's sprints, planning
//! approved stories into them, the board with its burn-up, and closing with the unfinished
//! stories carried over where the closer says.
//!
//! A `SPRINT` argument is a sprint's id or its exact name (any case); a `STORY` argument is a
//! story's id or exact title, as for `baton story`.

use baton_core::api::{self, handlers, lookup, PlannedStoryView, SprintBoardView, SprintView};
use baton_core::{ApiError, Error};

use super::story::story_of;
use super::{CliResult, Ctx};
use crate::args::SprintVerb;
use crate::render;

pub(crate) fn run(cx: &Ctx, verb: SprintVerb) -> CliResult {
    let core = &cx.core;
    match verb {
        SprintVerb::Add { name, product, starts, ends, capacity } => {
            let product_id = lookup::product(core, &product)?;
            let req = api::SprintCreateReq { product_id, name, starts_on: starts, ends_on: ends, capacity };
            let s = handlers::sprint_create(core, req)?;
            cx.out(&s, |s| format!("added {}\t{}", sprint_line(s), s.id))
        }
        SprintVerb::Update { sprint, name, starts, ends, capacity } => {
            let id = lookup::sprint(core, &sprint)?;
            let req = api::SprintUpdateReq { id, name, starts_on: starts, ends_on: ends, capacity };
            let s = handlers::sprint_update(core, req)?;
            cx.out(&s, |s| format!("updated {}", sprint_line(s)))
        }
        SprintVerb::List { product } => {
            let product_id = lookup::product(core, &product)?;
            let list = handlers::sprint_list(core, api::ProductReq { product_id })?;
            cx.out(&list, |l| {
                if l.is_empty() {
                    return "no sprints yet: baton sprint add NAME --product P --starts DATE --ends DATE".to_owned();
                }
                l.iter().map(|s| format!("{}\t{}", sprint_line(s), s.id)).collect::<Vec<_>>().join("\n")
            })
        }
        SprintVerb::Board { sprint } => {
            let id = lookup::sprint(core, &sprint)?;
            let b = handlers::sprint_board(core, api::IdReq { id })?;
            cx.out(&b, board_text)
        }
        SprintVerb::Burnup { sprint } => {
            let id = lookup::sprint(core, &sprint)?;
            let days = handlers::sprint_burnup(core, api::IdReq { id })?;
            cx.out(&days, |d| {
                if d.is_empty() {
                    return "the sprint has not started yet".to_owned();
                }
                d.iter()
                    .map(|b| format!("{}\tscope {}\tdone {}", b.day, b.scope, b.done))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        }
        SprintVerb::Backlog { product } => {
            let product_id = lookup::product(core, &product)?;
            let list = handlers::sprint_backlog(core, api::ProductReq { product_id })?;
            cx.out(&list, |l| {
                if l.is_empty() {
                    return "nothing to plan: no approved story is waiting outside a sprint".to_owned();
                }
                l.iter().map(planned_line).collect::<Vec<_>>().join("\n")
            })
        }
        SprintVerb::Plan { story, sprint } => {
            let story_id = story_of(core, &story)?.id;
            let sprint_id = lookup::sprint(core, &sprint)?;
            let s = handlers::sprint_plan(core, api::SprintPlanReq { story_id, sprint_id: Some(sprint_id) })?;
            cx.out(&s, |s| format!("planned {:?} into {sprint:?}", s.title))
        }
        SprintVerb::Unplan { story } => {
            let story_id = story_of(core, &story)?.id;
            let s = handlers::sprint_plan(core, api::SprintPlanReq { story_id, sprint_id: None })?;
            cx.out(&s, |s| format!("{:?} is back in the backlog", s.title))
        }
        SprintVerb::Close { sprint, next, backlog, moves } => {
            let id = lookup::sprint(core, &sprint)?;
            let board = handlers::sprint_board(core, api::IdReq { id: id.clone() })?;
            let default_to = match (next, backlog) {
                (Some(n), _) => Some(Some(lookup::sprint(core, &n)?)),
                (None, true) => Some(None),
                (None, false) => None,
            };
            let mut carry = Vec::new();
            let mut given: Vec<(String, Option<String>)> = Vec::new();
            for m in &moves {
                let (story, place) = m.split_once('=').ok_or_else(|| {
                    ApiError::from(Error::invalid(format!("--move {m:?}: write STORY=SPRINT or STORY=backlog")))
                })?;
                let story_id = story_of(core, story.trim())?.id;
                let to = if place.trim().eq_ignore_ascii_case("backlog") {
                    None
                } else {
                    Some(lookup::sprint(core, place.trim())?)
                };
                given.push((story_id, to));
            }
            for p in board.stories.iter().filter(|p| p.story.stage != api::Stage::Done) {
                let to = match given.iter().find(|(s, _)| *s == p.story.id) {
                    Some((_, to)) => to.clone(),
                    None => match &default_to {
                        Some(to) => to.clone(),
                        // Left out: the core names every story without a place.
                        None => continue,
                    },
                };
                carry.push(api::CarryReq { story_id: p.story.id.clone(), to_sprint_id: to });
            }
            let s = handlers::sprint_close(core, api::SprintCloseReq { id, carry })?;
            cx.out(&s, |s| format!("closed {}", sprint_line(s)))
        }
    }
}

fn sprint_line(s: &SprintView) -> String {
    format!(
        "{:?} of {} ({} – {}): {} of {} points done, capacity {}{}",
        s.name,
        s.product_name,
        s.starts_on,
        s.ends_on,
        s.points_done,
        s.points,
        s.capacity,
        if s.closed { ", closed" } else { "" }
    )
}

fn planned_line(p: &PlannedStoryView) -> String {
    format!(
        "{:?} ({} pts, {}) — {} for {}\t{}",
        p.story.title,
        p.story.points,
        render::story_status_label(p.story.status),
        p.item_title,
        p.junior_name,
        p.story.id
    )
}

fn board_text(b: &SprintBoardView) -> String {
    let mut out = vec![sprint_line(&b.sprint)];
    for status in [
        api::StoryStatus::Ready,
        api::StoryStatus::InProgress,
        api::StoryStatus::Blocked,
        api::StoryStatus::InQa,
        api::StoryStatus::Done,
        api::StoryStatus::InReview,
        api::StoryStatus::ChangesRequested,
        api::StoryStatus::Draft,
    ] {
        let of: Vec<&PlannedStoryView> = b.stories.iter().filter(|p| p.story.status == status).collect();
        if of.is_empty() {
            continue;
        }
        out.push(format!("\n{} ({})", render::story_status_label(status), of.len()));
        out.extend(of.iter().map(|p| format!("  {}", planned_line(p))));
    }
    out.join("\n")
}
