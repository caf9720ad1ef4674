//! Named snapshots of a product's roadmap and what changed since.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ProductScopeReq;
use crate::error::Result;
use crate::roadmap::snapshots::{self, ChangeKind};
use crate::roadmap::Horizon;
use crate::{workspace, Core};

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

pub fn snapshot_create(core: &Core, req: SnapshotCreateReq) -> Result<SnapshotView> {
    let me = workspace::me(core)?;
    Ok(snapshots::create(core, &me, &req.product_id, &req.name)?.into())
}

pub fn snapshot_list(core: &Core, req: ProductScopeReq) -> Result<Vec<SnapshotView>> {
    workspace::here(core)?;
    Ok(snapshots::list(core, req.product_id.as_deref())?.into_iter().map(Into::into).collect())
}

pub fn snapshot_diff(core: &Core, req: SnapshotDiffReq) -> Result<SnapshotDiffView> {
    workspace::here(core)?;
    Ok(snapshots::diff(core, &req.from_id, req.to_id.as_deref())?.into())
}
