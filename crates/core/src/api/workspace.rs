//! The workspace on this device, who "me" is, and its members.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{IdReq, NoArgs};
use crate::error::Result;
use crate::workspace::{self, Role};
use crate::Core;

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
    pub mentor_id: Option<String>,
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

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MemberUpdateReq {
    pub id: String,
    #[serde(default)]
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub role: Option<Role>,
    /// Their manager's id; an empty string clears it.
    #[serde(default)]
    #[ts(optional)]
    pub manager_id: Option<String>,
    /// Their mentor's id (a senior PM pairing with them); an empty string clears it.
    #[serde(default)]
    #[ts(optional)]
    pub mentor_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WorkspaceRenameReq {
    pub name: String,
}

impl From<workspace::Member> for MemberView {
    fn from(m: workspace::Member) -> Self {
        MemberView { id: m.id, name: m.name, role: m.role, manager_id: m.manager_id, mentor_id: m.mentor_id }
    }
}

impl From<workspace::WorkspaceInfo> for WorkspaceView {
    fn from(w: workspace::WorkspaceInfo) -> Self {
        let role = w.me.role;
        // A removed member's laptop still syncs and reads, and may change nothing.
        let may = |action| !w.removed && workspace::allowed(role, action);
        let can = CapabilitiesView {
            edit_goals: may(workspace::Action::EditGoals),
            create_products: may(workspace::Action::CreateProduct),
            add_members: Role::ALL.into_iter().filter(|r| may(workspace::Action::AddMember(*r))).collect(),
        };
        WorkspaceView { id: w.id, name: w.name, device_id: w.device_id, me: w.me.into(), can }
    }
}

pub fn workspace_get(core: &Core, _: NoArgs) -> Result<Option<WorkspaceView>> {
    Ok(workspace::info(core)?.map(Into::into))
}

pub fn workspace_init(core: &Core, req: WorkspaceInitReq) -> Result<WorkspaceView> {
    Ok(workspace::init(core, &req.workspace_name, &req.member_name, req.role)?.into())
}

pub fn member_list(core: &Core, _: NoArgs) -> Result<Vec<MemberView>> {
    workspace::here(core)?;
    Ok(workspace::list_members(core)?.into_iter().map(Into::into).collect())
}

pub fn member_create(core: &Core, req: MemberCreateReq) -> Result<MemberView> {
    let me = workspace::me(core)?;
    Ok(workspace::add_member(core, &me, &req.name, req.role, req.manager_id.as_deref())?.into())
}

pub fn member_update(core: &Core, req: MemberUpdateReq) -> Result<MemberView> {
    let me = workspace::me(core)?;
    let up = workspace::MemberUpdate {
        name: req.name.as_deref(),
        role: req.role,
        manager_id: req.manager_id.as_deref().map(|m| Some(m.trim()).filter(|m| !m.is_empty())),
        mentor_id: req.mentor_id.as_deref().map(|m| Some(m.trim()).filter(|m| !m.is_empty())),
    };
    Ok(workspace::update_member(core, &me, &req.id, up)?.into())
}

pub fn member_remove(core: &Core, req: IdReq) -> Result<MemberView> {
    let me = workspace::me(core)?;
    Ok(workspace::remove_member(core, &me, &req.id)?.into())
}

pub fn workspace_rename(core: &Core, req: WorkspaceRenameReq) -> Result<WorkspaceView> {
    let me = workspace::me(core)?;
    workspace::rename_workspace(core, &me, &req.name)?;
    workspace::info(core)?.map(Into::into).ok_or(crate::Error::NoWorkspace)
}
