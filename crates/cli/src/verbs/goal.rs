//! `baton goal add|update|list`: the organisation's goals.

use baton_core::api::{self, handlers, lookup};

use super::{CliResult, Ctx};
use crate::args::GoalVerb;
use crate::render::{self, labelled};

pub(crate) fn run(cx: &Ctx, verb: GoalVerb) -> CliResult {
    let core = &cx.core;
    match verb {
        GoalVerb::Add { title, description, measure } => {
            let req = api::GoalCreateReq { title, description: Some(description), measure: Some(measure) };
            let g = handlers::goal_create(core, req)?;
            cx.out(&g, |g| format!("added goal {:?}\t{}", g.title, g.id))
        }
        GoalVerb::Update { goal, title, description, measure } => {
            let id = lookup::goal(core, &goal)?;
            let g = handlers::goal_update(core, api::GoalUpdateReq { id, title, description, measure })?;
            cx.out(&g, |g| format!("updated goal {:?}{}", g.title, labelled("measure", &g.measure)))
        }
        GoalVerb::List => cx.out(&handlers::goal_list(core, api::NoArgs {})?, |gs| render::goals(gs)),
    }
}
