//! The alignment tree: goal → theme → initiative → item, with roll-up counts.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{GoalView, ItemView, ProductScopeReq};
use crate::error::Result;
use crate::roadmap::alignment;
use crate::{workspace, Core};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CountsView {
    pub themes: u32,
    pub initiatives: u32,
    pub items: u32,
    pub done: u32,
    pub in_progress: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AlignNodeView {
    pub item: ItemView,
    /// Everything below this item.
    pub counts: CountsView,
    pub children: Vec<AlignNodeView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AlignGoalView {
    pub goal: GoalView,
    pub counts: CountsView,
    pub themes: Vec<AlignNodeView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AlignmentView {
    pub goals: Vec<AlignGoalView>,
    /// Items serving nothing (with what serves them).
    pub unaligned: Vec<AlignNodeView>,
    /// Goals no theme of any product serves.
    pub unserved_goals: Vec<GoalView>,
}

impl From<alignment::Counts> for CountsView {
    fn from(c: alignment::Counts) -> Self {
        CountsView {
            themes: c.themes,
            initiatives: c.initiatives,
            items: c.items,
            done: c.done,
            in_progress: c.in_progress,
        }
    }
}

impl From<alignment::Node> for AlignNodeView {
    fn from(n: alignment::Node) -> Self {
        AlignNodeView {
            item: n.item.into(),
            counts: n.counts.into(),
            children: n.children.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<alignment::Alignment> for AlignmentView {
    fn from(a: alignment::Alignment) -> Self {
        AlignmentView {
            goals: a
                .goals
                .into_iter()
                .map(|g| AlignGoalView {
                    goal: g.goal.into(),
                    counts: g.counts.into(),
                    themes: g.themes.into_iter().map(Into::into).collect(),
                })
                .collect(),
            unaligned: a.unaligned.into_iter().map(Into::into).collect(),
            unserved_goals: a.unserved_goals.into_iter().map(Into::into).collect(),
        }
    }
}

pub fn alignment_get(core: &Core, req: ProductScopeReq) -> Result<AlignmentView> {
    workspace::here(core)?;
    Ok(alignment::tree(core, req.product_id.as_deref())?.into())
}
