//! `baton item add|list|show|update|delete|undelete|move`: roadmap items on the five-, three-
//! and one-year horizons.

use std::path::Path;

use baton_core::api::{self, handlers, lookup};
use baton_core::{ApiError, Error};

use super::{item_in, product_id_of, product_names, CliResult, Ctx};
use crate::args::ItemVerb;
use crate::render::{self, flags_note, horizon_label};

pub(crate) fn run(cx: &Ctx, verb: ItemVerb) -> CliResult {
    let core = &cx.core;
    match verb {
        ItemVerb::Add { title, product, horizon, period, parent, goal, status } => {
            let product_id = lookup::product(core, &product)?;
            let parent_id = parent.map(|p| lookup::item(core, Some(&product_id), &p)).transpose()?;
            let goal_id = goal.map(|g| lookup::goal(core, &g)).transpose()?;
            let req = api::ItemCreateReq { product_id, horizon, period, title, goal_id, parent_id, status };
            let i = handlers::item_create(core, req)?;
            cx.out(&i, |i| {
                format!("added {:?} on {} {}{}\t{}", i.title, horizon_label(i.horizon), i.period, flags_note(i), i.id)
            })
        }
        ItemVerb::List { product, statuses } => {
            let product_id = product_id_of(core, product.as_deref())?;
            let items = handlers::item_list(core, api::ItemListReq { product_id, statuses: Some(statuses) })?;
            let names = product_names(core)?;
            cx.out(&items, |is| render::items(is, &names))
        }
        ItemVerb::Show { item, product } => {
            let id = item_in(core, product.as_deref(), &item)?;
            let d = handlers::item_get(core, api::IdReq { id })?;
            let names = product_names(core)?;
            cx.out(&d, |d| render::item_detail(d, &names))
        }
        ItemVerb::Update {
            item,
            product,
            title,
            status,
            confidence,
            metric,
            impact,
            requirements,
            requirements_file,
        } => {
            let id = item_in(core, product.as_deref(), &item)?;
            let requirements = match requirements_file {
                Some(path) => Some(read_text(&path)?),
                None => requirements,
            };
            let req = api::ItemUpdateReq { id, title, status, confidence, metric, impact, requirements };
            let i = handlers::item_update(core, req)?;
            cx.out(&i, |i| {
                format!(
                    "updated {:?}: {} {}, {}, confidence {}{}",
                    i.title,
                    horizon_label(i.horizon),
                    i.period,
                    i.status.as_str(),
                    i.confidence.as_str(),
                    flags_note(i)
                )
            })
        }
        ItemVerb::Delete { item, product } => {
            let id = item_in(core, product.as_deref(), &item)?;
            let i = handlers::item_delete(core, api::IdReq { id })?;
            cx.out(&i, |i| format!("deleted {:?} (undo: baton item undelete {})", i.title, i.id))
        }
        ItemVerb::Undelete { id } => {
            let i = handlers::item_undelete(core, api::IdReq { id })?;
            cx.out(&i, |i| format!("restored {:?}", i.title))
        }
        ItemVerb::Move { item, product, period, parent, goal, before, after } => {
            let id = item_in(core, product.as_deref(), &item)?;
            // Parents and neighbours are looked up in the item's own product.
            let scope = handlers::item_get(core, api::IdReq { id: id.clone() })?.item.product_id;
            let scope = scope.as_deref();
            let parent_id = parent.map(|p| lookup::item(core, scope, &p)).transpose()?;
            let before_id = before.map(|b| lookup::item(core, scope, &b)).transpose()?;
            let after_id = after.map(|a| lookup::item(core, scope, &a)).transpose()?;
            let goal_id = goal.map(|g| lookup::goal(core, &g)).transpose()?;
            let req = api::ItemMoveReq { id, period, parent_id, goal_id, before_id, after_id };
            let i = handlers::item_move(core, req)?;
            cx.out(&i, |i| format!("moved {:?} to {} {}{}", i.title, horizon_label(i.horizon), i.period, flags_note(i)))
        }
    }
}

/// The text of a file, or of standard input for `-`.
fn read_text(path: &Path) -> Result<String, ApiError> {
    let read = if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map(|_| text)
    } else {
        std::fs::read_to_string(path)
    };
    read.map_err(|e| Error::invalid(format!("cannot read {}: {e}", path.display())).into())
}
