//! Boundary types: what crosses IPC and the CLI's `--json`. camelCase, exported to TypeScript
//! with ts-rs; the domain types behind them stay free to change.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::roadmap::Horizon;
use crate::workspace::Role;
use crate::{goals, products, roadmap, workspace};

/// For commands that take nothing.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct NoArgs {}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WorkspaceInitReq {
    pub workspace_name: String,
    pub member_name: String,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceView {
    pub id: String,
    pub name: String,
    pub device_id: String,
    /// The member this device acts as.
    pub me: MemberView,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MemberView {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub manager_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MemberCreateReq {
    pub name: String,
    pub role: Role,
    #[serde(default)]
    #[ts(optional)]
    pub manager_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GoalView {
    pub id: String,
    pub title: String,
    pub description: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GoalCreateReq {
    pub title: String,
    #[serde(default)]
    #[ts(optional)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProductView {
    pub id: String,
    pub name: String,
    pub owner_id: Option<String>,
    pub owner_name: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProductCreateReq {
    pub name: String,
    /// Defaults to the acting senior PM.
    #[serde(default)]
    #[ts(optional)]
    pub owner_id: Option<String>,
}

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
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ItemListReq {
    #[serde(default)]
    #[ts(optional)]
    pub product_id: Option<String>,
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
}

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
}

impl From<workspace::Member> for MemberView {
    fn from(m: workspace::Member) -> Self {
        MemberView {
            id: m.id,
            name: m.name,
            role: m.role,
            manager_id: m.manager_id,
        }
    }
}

impl From<workspace::WorkspaceInfo> for WorkspaceView {
    fn from(w: workspace::WorkspaceInfo) -> Self {
        WorkspaceView {
            id: w.id,
            name: w.name,
            device_id: w.device_id,
            me: w.me.into(),
        }
    }
}

impl From<goals::Goal> for GoalView {
    fn from(g: goals::Goal) -> Self {
        GoalView {
            id: g.id,
            title: g.title,
            description: g.description,
        }
    }
}

impl From<products::Product> for ProductView {
    fn from(p: products::Product) -> Self {
        ProductView {
            id: p.id,
            name: p.name,
            owner_id: p.owner_id,
            owner_name: p.owner_name,
        }
    }
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
        }
    }
}
