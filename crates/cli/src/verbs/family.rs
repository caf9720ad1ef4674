//! `baton family add|list`: product families.

use baton_core::api::{self, handlers};

use super::{CliResult, Ctx};
use crate::args::FamilyVerb;
use crate::render;

pub(crate) fn run(cx: &Ctx, verb: FamilyVerb) -> CliResult {
    let core = &cx.core;
    match verb {
        FamilyVerb::Add { name } => {
            let f = handlers::family_create(core, api::FamilyCreateReq { name })?;
            cx.out(&f, |f| format!("added product family {:?}\t{}", f.name, f.id))
        }
        FamilyVerb::List => cx.out(&handlers::family_list(core, api::NoArgs {})?, |fs| render::families(fs)),
    }
}
