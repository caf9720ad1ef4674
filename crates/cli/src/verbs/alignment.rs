//! `baton alignment`: what serves each goal, what serves nothing, and goals nothing serves.

use baton_core::api::{self, handlers};

use super::{product_id_of, CliResult, Ctx};
use crate::render;

pub(crate) fn run(cx: &Ctx, product: Option<String>) -> CliResult {
    let product_id = product_id_of(&cx.core, product.as_deref())?;
    let scoped = product_id.is_some();
    let a = handlers::alignment_get(&cx.core, api::ProductScopeReq { product_id })?;
    cx.out(&a, |a| render::alignment(a, scoped))
}
