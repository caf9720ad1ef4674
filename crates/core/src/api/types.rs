//! Boundary types: what crosses IPC and the CLI's `--json`. camelCase, exported to TypeScript
//! with ts-rs; the domain types behind them stay free to change.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::history;
use crate::roadmap::alignment;
use crate::roadmap::guardrails::{self, GuardrailKind};
use crate::roadmap::snapshots::{self, ChangeKind};
use crate::roadmap::{Confidence, Horizon, Status};
use crate::sync::folder;
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
    /// What `me` may do workspace-wide, decided by the core (the UI never re-derives a rule).
    pub can: CapabilitiesView,
}

/// Workspace-wide permissions of the member this device acts as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CapabilitiesView {
    pub edit_goals: bool,
    /// Create products and product families.
    pub create_products: bool,
    /// The roles of the members `me` may add (empty: none).
    pub add_members: Vec<Role>,
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
    /// How progress is measured.
    pub measure: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GoalCreateReq {
    pub title: String,
    #[serde(default)]
    #[ts(optional)]
    pub description: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub measure: Option<String>,
}

/// Fields left out stay as they are.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GoalUpdateReq {
    pub id: String,
    #[serde(default)]
    #[ts(optional)]
    pub title: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub description: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub measure: Option<String>,
}

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

impl From<workspace::Member> for MemberView {
    fn from(m: workspace::Member) -> Self {
        MemberView { id: m.id, name: m.name, role: m.role, manager_id: m.manager_id }
    }
}

impl From<workspace::WorkspaceInfo> for WorkspaceView {
    fn from(w: workspace::WorkspaceInfo) -> Self {
        let role = w.me.role;
        let can = CapabilitiesView {
            edit_goals: workspace::allowed(role, workspace::Action::EditGoals),
            create_products: workspace::allowed(role, workspace::Action::CreateProduct),
            add_members: Role::ALL
                .into_iter()
                .filter(|r| workspace::allowed(role, workspace::Action::AddMember(*r)))
                .collect(),
        };
        WorkspaceView { id: w.id, name: w.name, device_id: w.device_id, me: w.me.into(), can }
    }
}

impl From<goals::Goal> for GoalView {
    fn from(g: goals::Goal) -> Self {
        GoalView { id: g.id, title: g.title, description: g.description, measure: g.measure }
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GuardrailView {
    pub id: String,
    /// The item that sets it (an ancestor, when inherited).
    pub item_id: String,
    pub item_title: String,
    pub kind: GuardrailKind,
    pub statement: String,
    pub inherited: bool,
}

impl From<guardrails::Guardrail> for GuardrailView {
    fn from(g: guardrails::Guardrail) -> Self {
        GuardrailView {
            id: g.id,
            item_id: g.item_id,
            item_title: g.item_title,
            kind: g.kind,
            statement: g.statement,
            inherited: g.inherited,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GuardrailAddReq {
    pub item_id: String,
    pub kind: GuardrailKind,
    pub statement: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GuardrailUpdateReq {
    pub id: String,
    #[serde(default)]
    #[ts(optional)]
    pub kind: Option<GuardrailKind>,
    #[serde(default)]
    #[ts(optional)]
    pub statement: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GuardrailListReq {
    pub item_id: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProductScopeReq {
    /// One product, or every product when absent.
    #[serde(default)]
    #[ts(optional)]
    pub product_id: Option<String>,
}

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

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SnapshotCreateReq {
    pub product_id: String,
    /// Like "2027 plan, approved 2026-12-10".
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotView {
    pub id: String,
    pub product_id: String,
    pub name: String,
    /// RFC 3339, UTC.
    pub taken_at: String,
    pub taken_by: Option<String>,
    pub item_count: u32,
    pub base_year: i32,
}

impl From<snapshots::Snapshot> for SnapshotView {
    fn from(s: snapshots::Snapshot) -> Self {
        SnapshotView {
            id: s.id,
            product_id: s.product_id,
            name: s.name,
            taken_at: s.taken_at,
            taken_by: s.taken_by,
            item_count: s.item_count,
            base_year: s.base_year,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SnapshotDiffReq {
    pub from_id: String,
    /// Another snapshot of the same product; absent: the roadmap now.
    #[serde(default)]
    #[ts(optional)]
    pub to_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DiffEntryView {
    pub item_id: String,
    pub title: String,
    pub horizon: Horizon,
    pub kind: ChangeKind,
    /// For "changed": title, status, confidence, metric, impact, requirements or guardrails.
    pub field: Option<String>,
    /// Period (added/removed/moved), what it served (reparented), the value (changed).
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotDiffView {
    pub from: SnapshotView,
    /// Null: compared with the roadmap now.
    pub to: Option<SnapshotView>,
    pub entries: Vec<DiffEntryView>,
}

impl From<snapshots::Diff> for SnapshotDiffView {
    fn from(d: snapshots::Diff) -> Self {
        SnapshotDiffView {
            from: d.from.into(),
            to: d.to.map(Into::into),
            entries: d
                .entries
                .into_iter()
                .map(|e| DiffEntryView {
                    item_id: e.item_id,
                    title: e.title,
                    horizon: e.horizon,
                    kind: e.kind,
                    field: e.field,
                    before: e.before,
                    after: e.after,
                })
                .collect(),
        }
    }
}

impl From<products::Family> for FamilyView {
    fn from(f: products::Family) -> Self {
        FamilyView { id: f.id, name: f.name }
    }
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
    /// Whether `history_restore` accepts this kind of change (fields fixed at creation, frozen
    /// snapshots and deletions — which have their own undo — are not restored from history).
    pub restorable: bool,
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
            restorable: history::restorable(&c.entity_table, &c.field),
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

/// A change received from another laptop that its author's role did not allow: kept in the
/// log, not applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RefusedView {
    pub op_id: String,
    pub author_id: String,
    pub author_name: Option<String>,
    pub entity_table: String,
    pub entity_id: String,
    pub field: String,
    /// The value it would have set, as JSON text.
    pub value: String,
    pub reason: String,
    /// When it was made (ms since 1970, from its clock).
    pub at_ms: f64,
}

impl From<crate::oplog::judge::Refused> for RefusedView {
    fn from(r: crate::oplog::judge::Refused) -> Self {
        RefusedView {
            op_id: r.op_id,
            author_id: r.author_id,
            author_name: r.author_name,
            entity_table: r.entity_table,
            entity_id: r.entity_id,
            field: r.field,
            value: r.value,
            reason: r.reason,
            at_ms: r.at_ms as f64,
        }
    }
}
