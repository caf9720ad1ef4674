//! Boundary types: what crosses IPC and the CLI's `--json`. camelCase, exported to TypeScript
//! with ts-rs; the domain types behind them stay free to change.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::roadmap::Horizon;
use crate::sync::{folder, history};
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
    /// Serves a parent or goal that was deleted (perhaps on another laptop).
    pub orphan: bool,
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
        MemberView { id: m.id, name: m.name, role: m.role, manager_id: m.manager_id }
    }
}

impl From<workspace::WorkspaceInfo> for WorkspaceView {
    fn from(w: workspace::WorkspaceInfo) -> Self {
        WorkspaceView { id: w.id, name: w.name, device_id: w.device_id, me: w.me.into() }
    }
}

impl From<goals::Goal> for GoalView {
    fn from(g: goals::Goal) -> Self {
        GoalView { id: g.id, title: g.title, description: g.description }
    }
}

impl From<products::Product> for ProductView {
    fn from(p: products::Product) -> Self {
        ProductView { id: p.id, name: p.name, owner_id: p.owner_id, owner_name: p.owner_name }
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
            orphan: i.orphan,
        }
    }
}

/// For commands about one entity.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IdReq {
    pub id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ItemUpdateReq {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SyncFolderReq {
    /// An existing folder: a network share, a Syncthing/Dropbox folder, a USB stick.
    pub folder: String,
}

/// What one sync pass did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncPassView {
    pub published: u32,
    pub received: u32,
    pub conflicts: u32,
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeviceSeenView {
    pub device_id: String,
    pub member_name: String,
    #[ts(type = "number | null")]
    pub last_seen_ms: Option<i64>,
    #[ts(type = "number")]
    pub changes_received: i64,
    #[ts(type = "number")]
    pub clock_ahead_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatusView {
    /// null until a sync folder is chosen.
    pub folder: Option<String>,
    #[ts(type = "number | null")]
    pub last_pass_ms: Option<i64>,
    /// Changes made here not yet written to the folder.
    #[ts(type = "number")]
    pub unpublished: i64,
    /// Changes made here that some other laptop has not seen yet.
    #[ts(type = "number")]
    pub unseen_by_others: i64,
    pub devices: Vec<DeviceSeenView>,
    /// Problems of the last pass, in words.
    pub problems: Vec<String>,
    #[ts(type = "number")]
    pub unseen_conflicts: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InviteCreateReq {
    pub member_id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InviteView {
    /// The id the other laptop joins with.
    pub invite: String,
    pub member_id: String,
    pub member_name: String,
    pub workspace_name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JoinReq {
    pub folder: String,
    pub invite: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HistoryReq {
    pub entity_id: String,
    #[serde(default)]
    #[ts(optional)]
    pub field: Option<String>,
}

/// One value a field held: who set it, when, and whether it is the current one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChangeView {
    pub op_id: String,
    pub entity_table: String,
    pub entity_id: String,
    pub field: String,
    /// The value as text (null when the field was cleared).
    pub value: Option<String>,
    pub author_id: String,
    pub author_name: String,
    pub device_id: String,
    #[ts(type = "number")]
    pub at_ms: i64,
    pub current: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RestoreReq {
    pub op_id: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConflictListReq {
    /// Only those not yet looked at.
    #[serde(default)]
    pub unseen_only: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConflictView {
    #[ts(type = "number")]
    pub id: i64,
    pub entity_table: String,
    pub entity_id: String,
    pub entity_label: String,
    pub field: String,
    pub winner: ChangeView,
    pub loser: ChangeView,
    #[ts(type = "number")]
    pub detected_ms: i64,
    pub seen: bool,
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl From<folder::PassReport> for SyncPassView {
    fn from(r: folder::PassReport) -> Self {
        SyncPassView {
            published: count(r.published),
            received: count(r.received),
            conflicts: count(r.conflicts),
            problems: r.problems,
        }
    }
}

impl From<folder::Status> for SyncStatusView {
    fn from(s: folder::Status) -> Self {
        SyncStatusView {
            folder: s.folder,
            last_pass_ms: s.last_pass_ms,
            unpublished: s.unpublished,
            unseen_by_others: s.unseen_by_others,
            devices: s
                .devices
                .into_iter()
                .map(|d| DeviceSeenView {
                    device_id: d.device_id,
                    member_name: d.member_name,
                    last_seen_ms: d.last_seen_ms,
                    changes_received: d.changes_received,
                    clock_ahead_ms: d.clock_ahead_ms,
                })
                .collect(),
            problems: s.problems,
            unseen_conflicts: s.unseen_conflicts,
        }
    }
}

impl From<folder::Invite> for InviteView {
    fn from(i: folder::Invite) -> Self {
        InviteView {
            invite: i.invite,
            member_id: i.member,
            member_name: i.member_name,
            workspace_name: i.workspace_name,
        }
    }
}

impl From<history::Change> for ChangeView {
    fn from(c: history::Change) -> Self {
        let value = match c.value {
            serde_json::Value::Null => None,
            serde_json::Value::String(s) => Some(s),
            other => Some(other.to_string()),
        };
        ChangeView {
            op_id: c.op_id,
            entity_table: c.entity_table,
            entity_id: c.entity_id,
            field: c.field,
            value,
            author_id: c.author_id,
            author_name: c.author_name,
            device_id: c.device_id,
            at_ms: c.at_ms,
            current: c.current,
        }
    }
}

impl From<history::Conflict> for ConflictView {
    fn from(c: history::Conflict) -> Self {
        ConflictView {
            id: c.id,
            entity_table: c.entity_table,
            entity_id: c.entity_id,
            entity_label: c.entity_label,
            field: c.field,
            winner: c.winner.into(),
            loser: c.loser.into(),
            detected_ms: c.detected_ms,
            seen: c.seen,
        }
    }
}
