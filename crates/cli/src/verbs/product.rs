//! `baton product add|update|list`: products, their owner, family and planning base year.

use baton_core::api::{self, handlers, lookup};

use super::{CliResult, Ctx};
use crate::args::ProductVerb;
use crate::render;

pub(crate) fn run(cx: &Ctx, verb: ProductVerb) -> CliResult {
    let core = &cx.core;
    match verb {
        ProductVerb::Add { name, owner, family, base_year } => {
            let owner_id = owner.map(|o| lookup::member(core, &o)).transpose()?;
            let family_id = family.map(|f| lookup::family(core, &f)).transpose()?;
            let p = handlers::product_create(core, api::ProductCreateReq { name, owner_id, family_id, base_year })?;
            cx.out(&p, |p| format!("added product {:?}, planning from {}\t{}", p.name, p.base_year, p.id))
        }
        ProductVerb::Update { product, name, family, no_family, base_year } => {
            let id = lookup::product(core, &product)?;
            let family_id = match family {
                Some(f) => Some(lookup::family(core, &f)?),
                // An empty family id takes the product out of its family.
                None if no_family => Some(String::new()),
                None => None,
            };
            let p = handlers::product_update(core, api::ProductUpdateReq { id, name, family_id, base_year })?;
            cx.out(&p, |p| {
                let family = p.family_name.as_deref().map(|f| format!(", in {f}")).unwrap_or_default();
                format!("updated product {:?}{family}, planning from {}", p.name, p.base_year)
            })
        }
        ProductVerb::List => cx.out(&handlers::product_list(core, api::NoArgs {})?, |ps| render::products(ps)),
    }
}
