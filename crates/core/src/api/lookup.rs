//! What a person typed — an id, or an exact name or title (case-insensitive) — resolved to an
//! id, for the CLI's "name or id" arguments. Two matches by name are refused as ambiguous.

use crate::error::Result;
use crate::{goals, ideas, products, roadmap, workspace, Core};

/// The member whose id or name is `key`.
pub fn member(core: &Core, key: &str) -> Result<String> {
    Ok(workspace::find_member(core, key)?.id)
}

/// The goal whose id or title is `key`.
pub fn goal(core: &Core, key: &str) -> Result<String> {
    Ok(goals::find(core, key)?.id)
}

/// The product whose id or name is `key`.
pub fn product(core: &Core, key: &str) -> Result<String> {
    Ok(products::find(core, key)?.id)
}

/// The product family whose id or name is `key`.
pub fn family(core: &Core, key: &str) -> Result<String> {
    Ok(products::find_family(core, key)?.id)
}

/// The roadmap item whose id or title is `key`, within `product_id` when given.
pub fn item(core: &Core, product_id: Option<&str>, key: &str) -> Result<String> {
    Ok(roadmap::find(core, product_id, key)?.id)
}

/// The snapshot whose id or name is `key`, within `product_id` when given.
pub fn snapshot(core: &Core, product_id: Option<&str>, key: &str) -> Result<String> {
    Ok(roadmap::snapshots::find(core, product_id, key)?.id)
}

/// The idea whose id or title is `key`.
pub fn idea(core: &Core, key: &str) -> Result<String> {
    let all = core.read(|c| ideas::list(c, None))?;
    Ok(crate::lookup::by_id_or_name(&all, "idea", key, |i| &i.id, |i| &i.title)?.id.clone())
}

/// The sprint whose id or exact name is `key`.
pub fn sprint(core: &Core, key: &str) -> Result<String> {
    Ok(core.read(|c| crate::execution::sprints::find(c, key))?.id)
}

/// The launch whose id is `key`, or the live launch of the item titled `key`.
pub fn launch(core: &Core, key: &str) -> Result<String> {
    Ok(core.read(|c| crate::execution::launches::find(c, key))?.id)
}
