//! Roadmap items: list, detail, create, move, update, delete.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{GoalView, GuardrailView, IdReq};
use crate::error::Result;
use crate::roadmap::{self, Confidence, Horizon, Status};
use crate::{workspace, Core};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemView {
    pub id: String,
    pub product_id: Option<String>,
    pub horizon: Horizon,
    /// `2030` (five-year), `2027` or `2027-H2` (three-year), `2027-Q3` (one-year).
    pub period: String,
    pub title: String,
    pub goal_id: Option<String>,
    pub parent_id: Option<String>,
    pub status: Status,
    pub confidence: Confidence,
    /// How success is measured.
    pub metric: String,
    /// Expected revenue or business impact.
    pub impact: String,
    /// Serves a parent or goal that was deleted (perhaps on another laptop).
    pub orphan: bool,
    /// Serves nothing on the next-longer horizon (a theme: no goal). Orphans are unaligned too.
    pub unaligned: bool,
    /// Its period is outside the product's planning window (the base year moved on).
    pub outside_window: bool,
    pub has_requirements: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ItemListReq {
    #[serde(default)]
    #[ts(optional)]
    pub product_id: Option<String>,
    /// Only items with one of these statuses (absent or empty: all).
    #[serde(default)]
    #[ts(optional)]
    pub statuses: Option<Vec<Status>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ItemCreateReq {
    pub product_id: String,
    pub horizon: Horizon,
    pub period: String,
    pub title: String,
    #[serde(default)]
    #[ts(optional)]
    pub goal_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub parent_id: Option<String>,
    /// Defaults to planned.
    #[serde(default)]
    #[ts(optional)]
    pub status: Option<Status>,
}

/// Any of: another period (placed last there unless a neighbour is given), another parent
/// (goal for a theme), a place next to another item of the same period.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ItemMoveReq {
    pub id: String,
    #[serde(default)]
    #[ts(optional)]
    pub period: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub parent_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub goal_id: Option<String>,
    /// Place just before this item (same product, horizon and target period).
    #[serde(default)]
    #[ts(optional)]
    pub before_id: Option<String>,
    /// Place just after this item.
    #[serde(default)]
    #[ts(optional)]
    pub after_id: Option<String>,
}

// `Default` is an update that changes nothing: name the fields to set (`..Default::default()`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ItemUpdateReq {
    pub id: String,
    #[serde(default)]
    #[ts(optional)]
    pub title: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub status: Option<Status>,
    #[serde(default)]
    #[ts(optional)]
    pub confidence: Option<Confidence>,
    #[serde(default)]
    #[ts(optional)]
    pub metric: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub impact: Option<String>,
    /// Markdown.
    #[serde(default)]
    #[ts(optional)]
    pub requirements: Option<String>,
}

impl From<roadmap::Item> for ItemView {
    fn from(i: roadmap::Item) -> Self {
        ItemView {
            id: i.id,
            product_id: i.product_id,
            horizon: i.horizon,
            period: i.period,
            title: i.title,
            goal_id: i.goal_id,
            parent_id: i.parent_id,
            status: i.status,
            confidence: i.confidence,
            metric: i.metric,
            impact: i.impact,
            orphan: i.orphan,
            unaligned: i.unaligned,
            outside_window: i.outside_window,
            has_requirements: i.has_requirements,
        }
    }
}

/// An item with everything its detail view shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemDetailView {
    pub item: ItemView,
    /// Markdown.
    pub requirements: String,
    /// The items it serves, nearest first.
    pub ancestors: Vec<ItemView>,
    /// The goal its theme serves.
    pub goal: Option<GoalView>,
    /// Its own guardrails first, then inherited ones (nearest ancestor first).
    pub guardrails: Vec<GuardrailView>,
    /// Items serving it directly.
    pub children: Vec<ItemView>,
}

impl From<roadmap::Detail> for ItemDetailView {
    fn from(d: roadmap::Detail) -> Self {
        ItemDetailView {
            item: d.item.into(),
            requirements: d.requirements,
            ancestors: d.ancestors.into_iter().map(Into::into).collect(),
            goal: d.goal.map(Into::into),
            guardrails: d.guardrails.into_iter().map(Into::into).collect(),
            children: d.children.into_iter().map(Into::into).collect(),
        }
    }
}

pub fn item_list(core: &Core, req: ItemListReq) -> Result<Vec<ItemView>> {
    workspace::here(core)?;
    let filter = roadmap::Filter { product_id: req.product_id, statuses: req.statuses.unwrap_or_default() };
    Ok(roadmap::list_filtered(core, &filter)?.into_iter().map(Into::into).collect())
}

pub fn item_get(core: &Core, req: IdReq) -> Result<ItemDetailView> {
    workspace::here(core)?;
    Ok(roadmap::detail(core, &req.id)?.into())
}

pub fn item_create(core: &Core, req: ItemCreateReq) -> Result<ItemView> {
    let me = workspace::me(core)?;
    let new = roadmap::NewItem {
        product_id: &req.product_id,
        horizon: req.horizon,
        period: &req.period,
        title: &req.title,
        goal_id: req.goal_id.as_deref(),
        parent_id: req.parent_id.as_deref(),
        status: req.status,
    };
    Ok(roadmap::create(core, &me, new)?.into())
}

pub fn item_move(core: &Core, req: ItemMoveReq) -> Result<ItemView> {
    let me = workspace::me(core)?;
    let mv = roadmap::Move {
        period: req.period.as_deref(),
        parent_id: req.parent_id.as_deref(),
        goal_id: req.goal_id.as_deref(),
        place: match (req.before_id.as_deref(), req.after_id.as_deref()) {
            (Some(_), Some(_)) => return Err(crate::Error::invalid("give beforeId or afterId, not both")),
            (Some(b), None) => Some(roadmap::Place::Before(b)),
            (None, Some(a)) => Some(roadmap::Place::After(a)),
            (None, None) => None,
        },
    };
    Ok(roadmap::move_item(core, &me, &req.id, mv)?.into())
}

pub fn item_update(core: &Core, req: ItemUpdateReq) -> Result<ItemView> {
    let me = workspace::me(core)?;
    let up = roadmap::Update {
        title: req.title.as_deref(),
        status: req.status,
        confidence: req.confidence,
        metric: req.metric.as_deref(),
        impact: req.impact.as_deref(),
        requirements: req.requirements.as_deref(),
    };
    Ok(roadmap::update(core, &me, &req.id, up)?.into())
}

pub fn item_delete(core: &Core, req: IdReq) -> Result<ItemView> {
    let me = workspace::me(core)?;
    Ok(roadmap::delete(core, &me, &req.id)?.into())
}

pub fn item_undelete(core: &Core, req: IdReq) -> Result<ItemView> {
    let me = workspace::me(core)?;
    Ok(roadmap::undelete(core, &me, &req.id)?.into())
}
