//! `baton snapshot create|list|diff`: a product's roadmap frozen under a name, and what
//! changed since.

use baton_core::api::{self, handlers, lookup};
use baton_core::Error;

use super::{product_id_of, product_names, CliResult, Ctx};
use crate::args::SnapshotVerb;
use crate::render;

pub(crate) fn run(cx: &Ctx, verb: SnapshotVerb) -> CliResult {
    let core = &cx.core;
    match verb {
        SnapshotVerb::Create { product, name } => {
            let product_id = lookup::product(core, &product)?;
            let s = handlers::snapshot_create(core, api::SnapshotCreateReq { product_id, name })?;
            cx.out(&s, |s| format!("took snapshot {:?} of {} items\t{}", s.name, s.item_count, s.id))
        }
        SnapshotVerb::List { product } => {
            let product_id = product_id_of(core, product.as_deref())?;
            let list = handlers::snapshot_list(core, api::ProductScopeReq { product_id })?;
            let names = product_names(core)?;
            cx.out(&list, |ss| render::snapshots(ss, &names))
        }
        SnapshotVerb::Diff { snapshot, product, to } => {
            let product_id = product_id_of(core, product.as_deref())?;
            let from_id = lookup::snapshot(core, product_id.as_deref(), &snapshot)?;
            // The later snapshot is looked up in the first one's product.
            let to_id = match to {
                Some(t) => {
                    let from = handlers::snapshot_list(core, api::ProductScopeReq { product_id: product_id.clone() })?;
                    let scope = from
                        .into_iter()
                        .find(|s| s.id == from_id)
                        .map(|s| s.product_id)
                        .ok_or_else(|| Error::not_found("snapshot", snapshot.as_str()))?;
                    Some(lookup::snapshot(core, Some(&scope), &t)?)
                }
                None => None,
            };
            let d = handlers::snapshot_diff(core, api::SnapshotDiffReq { from_id, to_id })?;
            cx.out(&d, render::snapshot_diff)
        }
    }
}
