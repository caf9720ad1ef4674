//! One function per command in [`super`]'s list: resolve who is acting, call the domain,
//! convert to boundary types. No rules live here. Every command but `workspace_get` and
//! `workspace_init` needs a workspace on this device (reads too: an empty answer would hide that).

use super::*;
use crate::error::Result;
use crate::history;
use crate::oplog::{self, judge};
use crate::roadmap::{alignment, guardrails, snapshots};
use crate::sync::folder;
use crate::{goals, products, roadmap, workspace};

pub fn workspace_get(core: &Core, _: NoArgs) -> Result<Option<WorkspaceView>> {
    Ok(workspace::info(core)?.map(Into::into))
}

pub fn workspace_init(core: &Core, req: WorkspaceInitReq) -> Result<WorkspaceView> {
    Ok(workspace::init(core, &req.workspace_name, &req.member_name, req.role)?.into())
}

pub fn member_list(core: &Core, _: NoArgs) -> Result<Vec<MemberView>> {
    workspace::me(core)?;
    Ok(workspace::list_members(core)?.into_iter().map(Into::into).collect())
}

pub fn member_create(core: &Core, req: MemberCreateReq) -> Result<MemberView> {
    let me = workspace::me(core)?;
    Ok(workspace::add_member(core, &me, &req.name, req.role, req.manager_id.as_deref())?.into())
}

pub fn goal_list(core: &Core, _: NoArgs) -> Result<Vec<GoalView>> {
    workspace::me(core)?;
    Ok(goals::list(core)?.into_iter().map(Into::into).collect())
}

pub fn goal_create(core: &Core, req: GoalCreateReq) -> Result<GoalView> {
    let me = workspace::me(core)?;
    let (description, measure) = (req.description.as_deref().unwrap_or(""), req.measure.as_deref().unwrap_or(""));
    Ok(goals::create(core, &me, &req.title, description, measure)?.into())
}

pub fn goal_update(core: &Core, req: GoalUpdateReq) -> Result<GoalView> {
    let me = workspace::me(core)?;
    let up = goals::GoalUpdate {
        title: req.title.as_deref(),
        description: req.description.as_deref(),
        measure: req.measure.as_deref(),
    };
    Ok(goals::update(core, &me, &req.id, up)?.into())
}

pub fn family_list(core: &Core, _: NoArgs) -> Result<Vec<FamilyView>> {
    workspace::me(core)?;
    Ok(products::list_families(core)?.into_iter().map(Into::into).collect())
}

pub fn family_create(core: &Core, req: FamilyCreateReq) -> Result<FamilyView> {
    let me = workspace::me(core)?;
    Ok(products::create_family(core, &me, &req.name)?.into())
}

pub fn product_list(core: &Core, _: NoArgs) -> Result<Vec<ProductView>> {
    let me = workspace::me(core)?;
    Ok(products::list(core)?.into_iter().map(|p| ProductView::of(p, &me)).collect())
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

pub fn item_list(core: &Core, req: ItemListReq) -> Result<Vec<ItemView>> {
    workspace::me(core)?;
    let filter = roadmap::Filter { product_id: req.product_id, statuses: req.statuses.unwrap_or_default() };
    Ok(roadmap::list_filtered(core, &filter)?.into_iter().map(Into::into).collect())
}

pub fn item_get(core: &Core, req: IdReq) -> Result<ItemDetailView> {
    workspace::me(core)?;
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

pub fn guardrail_list(core: &Core, req: GuardrailListReq) -> Result<Vec<GuardrailView>> {
    workspace::me(core)?;
    Ok(guardrails::for_item(core, &req.item_id)?.into_iter().map(Into::into).collect())
}

pub fn guardrail_add(core: &Core, req: GuardrailAddReq) -> Result<GuardrailView> {
    let me = workspace::me(core)?;
    Ok(guardrails::add(core, &me, &req.item_id, req.kind, &req.statement)?.into())
}

pub fn guardrail_update(core: &Core, req: GuardrailUpdateReq) -> Result<GuardrailView> {
    let me = workspace::me(core)?;
    Ok(guardrails::update(core, &me, &req.id, req.kind, req.statement.as_deref())?.into())
}

pub fn guardrail_delete(core: &Core, req: IdReq) -> Result<GuardrailView> {
    let me = workspace::me(core)?;
    Ok(guardrails::delete(core, &me, &req.id)?.into())
}

pub fn alignment_get(core: &Core, req: ProductScopeReq) -> Result<AlignmentView> {
    workspace::me(core)?;
    Ok(alignment::tree(core, req.product_id.as_deref())?.into())
}

pub fn snapshot_create(core: &Core, req: SnapshotCreateReq) -> Result<SnapshotView> {
    let me = workspace::me(core)?;
    Ok(snapshots::create(core, &me, &req.product_id, &req.name)?.into())
}

pub fn snapshot_list(core: &Core, req: ProductScopeReq) -> Result<Vec<SnapshotView>> {
    workspace::me(core)?;
    Ok(snapshots::list(core, req.product_id.as_deref())?.into_iter().map(Into::into).collect())
}

pub fn snapshot_diff(core: &Core, req: SnapshotDiffReq) -> Result<SnapshotDiffView> {
    workspace::me(core)?;
    Ok(snapshots::diff(core, &req.from_id, req.to_id.as_deref())?.into())
}

pub fn sync_status(core: &Core, _: NoArgs) -> Result<SyncStatusView> {
    Ok(folder::status(core)?.into())
}

pub fn sync_set_folder(core: &Core, req: SyncFolderReq) -> Result<SyncPassView> {
    workspace::me(core)?;
    Ok(folder::set_folder(core, std::path::Path::new(req.folder.trim()))?.into())
}

pub fn sync_now(core: &Core, _: NoArgs) -> Result<SyncPassView> {
    workspace::me(core)?;
    Ok(folder::pass(core)?.into())
}

pub fn invite_create(core: &Core, req: InviteCreateReq) -> Result<InviteView> {
    let me = workspace::me(core)?;
    Ok(folder::invite_create(core, &me, &req.member_id)?.into())
}

pub fn workspace_join(core: &Core, req: JoinReq) -> Result<WorkspaceView> {
    Ok(folder::join(core, std::path::Path::new(req.folder.trim()), req.invite.trim())?.into())
}

pub fn history_list(core: &Core, req: HistoryReq) -> Result<Vec<ChangeView>> {
    workspace::me(core)?;
    let table = core.read(|c| oplog::table_of(c, &req.entity_id))?;
    Ok(history::history(core, table, &req.entity_id, req.field.as_deref())?.into_iter().map(Into::into).collect())
}

pub fn history_restore(core: &Core, req: RestoreReq) -> Result<ChangeView> {
    let me = workspace::me(core)?;
    Ok(history::restore(core, &me, &req.op_id)?.into())
}

pub fn conflict_list(core: &Core, req: ConflictListReq) -> Result<Vec<ConflictView>> {
    workspace::me(core)?;
    Ok(history::conflicts(core, req.unseen_only)?.into_iter().map(Into::into).collect())
}

pub fn conflict_mark_seen(core: &Core, _: NoArgs) -> Result<u32> {
    workspace::me(core)?;
    Ok(u32::try_from(history::conflicts_mark_seen(core)?).unwrap_or(u32::MAX))
}

pub fn refused_list(core: &Core, _: NoArgs) -> Result<Vec<RefusedView>> {
    workspace::me(core)?;
    Ok(judge::refused(core)?.into_iter().map(Into::into).collect())
}
