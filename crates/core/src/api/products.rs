//! Product families and products.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::NoArgs;
use crate::error::Result;
use crate::{products, workspace, Core};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FamilyView {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FamilyCreateReq {
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProductView {
    pub id: String,
    pub name: String,
    pub owner_id: Option<String>,
    pub owner_name: Option<String>,
    pub family_id: Option<String>,
    pub family_name: Option<String>,
    /// First year of the planning window: one-year items on its quarters, three-year
    /// initiatives on base…base+2, five-year themes on base…base+4.
    pub base_year: i32,
    /// Whether the member this device acts as may edit this product and its roadmap.
    pub can_edit: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProductCreateReq {
    pub name: String,
    /// Defaults to the acting senior PM.
    #[serde(default)]
    #[ts(optional)]
    pub owner_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub family_id: Option<String>,
    /// Defaults to the current year.
    #[serde(default)]
    #[ts(optional)]
    pub base_year: Option<i32>,
}

/// Fields left out stay as they are.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProductUpdateReq {
    pub id: String,
    #[serde(default)]
    #[ts(optional)]
    pub name: Option<String>,
    /// A family id, or "" to take the product out of its family.
    #[serde(default)]
    #[ts(optional)]
    pub family_id: Option<String>,
    /// The next planning cycle: items are kept; those now outside a window are flagged.
    #[serde(default)]
    #[ts(optional)]
    pub base_year: Option<i32>,
}

impl From<products::Family> for FamilyView {
    fn from(f: products::Family) -> Self {
        FamilyView { id: f.id, name: f.name }
    }
}

impl ProductView {
    /// The view of `p` for `me`, who may or may not edit it.
    pub(crate) fn of(p: products::Product, me: &workspace::Actor) -> Self {
        let owns = p.owner_id.as_deref() == Some(me.id.as_str());
        let can_edit = workspace::allowed(me.role, workspace::Action::EditRoadmap { owns });
        ProductView {
            can_edit,
            id: p.id,
            name: p.name,
            owner_id: p.owner_id,
            owner_name: p.owner_name,
            family_id: p.family_id,
            family_name: p.family_name,
            base_year: p.base_year,
        }
    }
}

pub fn family_list(core: &Core, _: NoArgs) -> Result<Vec<FamilyView>> {
    workspace::here(core)?;
    Ok(products::list_families(core)?.into_iter().map(Into::into).collect())
}

pub fn family_create(core: &Core, req: FamilyCreateReq) -> Result<FamilyView> {
    let me = workspace::me(core)?;
    Ok(products::create_family(core, &me, &req.name)?.into())
}

pub fn product_list(core: &Core, _: NoArgs) -> Result<Vec<ProductView>> {
    // A removed member still reads the products, and may edit none.
    let info = workspace::info(core)?.ok_or(crate::Error::NoWorkspace)?;
    let me = workspace::Actor { id: info.me.id, name: info.me.name, role: info.me.role };
    let view = |p| ProductView { can_edit: false, ..ProductView::of(p, &me) };
    Ok(products::list(core)?
        .into_iter()
        .map(|p| if info.removed { view(p) } else { ProductView::of(p, &me) })
        .collect())
}

pub fn product_create(core: &Core, req: ProductCreateReq) -> Result<ProductView> {
    let me = workspace::me(core)?;
    let more = products::NewProduct { family_id: req.family_id.as_deref(), base_year: req.base_year };
    Ok(ProductView::of(products::create_with(core, &me, &req.name, req.owner_id.as_deref(), more)?, &me))
}

pub fn product_update(core: &Core, req: ProductUpdateReq) -> Result<ProductView> {
    let me = workspace::me(core)?;
    let up = products::ProductUpdate {
        name: req.name.as_deref(),
        family_id: req.family_id.as_deref().map(|f| Some(f.trim()).filter(|f| !f.is_empty())),
        base_year: req.base_year,
    };
    Ok(ProductView::of(products::update(core, &me, &req.id, up)?, &me))
}
