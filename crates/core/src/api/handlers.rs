//! One function per command in [`super`]'s list: resolve who is acting, call the domain,
//! convert to boundary types. No rules live here. Every command but `workspace_get` and
//! `workspace_init` needs a workspace on this device (reads too: an empty answer would hide that).

use super::*;
use crate::error::Result;
use crate::sync::{folder, history, schema};
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
    Ok(goals::create(core, &me, &req.title, req.description.as_deref().unwrap_or(""))?.into())
}

pub fn product_list(core: &Core, _: NoArgs) -> Result<Vec<ProductView>> {
    workspace::me(core)?;
    Ok(products::list(core)?.into_iter().map(Into::into).collect())
}

pub fn product_create(core: &Core, req: ProductCreateReq) -> Result<ProductView> {
    let me = workspace::me(core)?;
    Ok(products::create(core, &me, &req.name, req.owner_id.as_deref())?.into())
}

pub fn item_list(core: &Core, req: ItemListReq) -> Result<Vec<ItemView>> {
    workspace::me(core)?;
    Ok(roadmap::list(core, req.product_id.as_deref())?.into_iter().map(Into::into).collect())
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
    };
    Ok(roadmap::create(core, &me, new)?.into())
}

pub fn item_move(core: &Core, req: ItemMoveReq) -> Result<ItemView> {
    let me = workspace::me(core)?;
    let mv = roadmap::Move {
        period: req.period.as_deref(),
        parent_id: req.parent_id.as_deref(),
        goal_id: req.goal_id.as_deref(),
    };
    Ok(roadmap::move_item(core, &me, &req.id, mv)?.into())
}

pub fn item_update(core: &Core, req: ItemUpdateReq) -> Result<ItemView> {
    let me = workspace::me(core)?;
    Ok(roadmap::update(core, &me, &req.id, &req.title)?.into())
}

pub fn item_delete(core: &Core, req: IdReq) -> Result<ItemView> {
    let me = workspace::me(core)?;
    Ok(roadmap::delete(core, &me, &req.id)?.into())
}

pub fn item_undelete(core: &Core, req: IdReq) -> Result<ItemView> {
    let me = workspace::me(core)?;
    Ok(roadmap::undelete(core, &me, &req.id)?.into())
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
    let table = core.read(|c| schema::table_of(c, &req.entity_id))?;
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
