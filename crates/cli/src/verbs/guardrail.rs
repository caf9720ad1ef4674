//! `baton guardrail add|list|update|delete`: limits set on an item, inherited by everything
//! serving it.

use baton_core::api::{self, handlers};

use super::{item_in, CliResult, Ctx};
use crate::args::GuardrailVerb;
use crate::render;

pub(crate) fn run(cx: &Ctx, verb: GuardrailVerb) -> CliResult {
    let core = &cx.core;
    match verb {
        GuardrailVerb::Add { item, product, kind, statement } => {
            let item_id = item_in(core, product.as_deref(), &item)?;
            let g = handlers::guardrail_add(core, api::GuardrailAddReq { item_id, kind, statement })?;
            cx.out(&g, |g| format!("added {} guardrail on {:?}\t{}", g.kind.as_str(), g.item_title, g.id))
        }
        GuardrailVerb::List { item, product } => {
            let item_id = item_in(core, product.as_deref(), &item)?;
            let list = handlers::guardrail_list(core, api::GuardrailListReq { item_id })?;
            cx.out(&list, |gs| render::guardrails(gs))
        }
        GuardrailVerb::Update { id, kind, statement } => {
            let g = handlers::guardrail_update(core, api::GuardrailUpdateReq { id, kind, statement })?;
            cx.out(&g, |g| format!("updated guardrail on {:?}: {}: {}", g.item_title, g.kind.as_str(), g.statement))
        }
        GuardrailVerb::Delete { id } => {
            let g = handlers::guardrail_delete(core, api::IdReq { id })?;
            cx.out(&g, |g| {
                format!(
                    "deleted guardrail on {:?}: {}: {} (its history: baton history {})",
                    g.item_title,
                    g.kind.as_str(),
                    g.statement,
                    g.id
                )
            })
        }
    }
}
