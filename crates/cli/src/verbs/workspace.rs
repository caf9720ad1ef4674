//! `baton init`, `sample`, `whoami`, `where`, `workspace rename` and
//! `member add|update|remove|list`: the workspace on this device and the people in it (with
//! their managers and mentors).

use baton_core::api::{self, handlers, lookup, Role};
use baton_core::Error;

use super::{CliResult, Ctx};
use crate::args::{MemberVerb, WorkspaceVerb};
use crate::render::{self, role_label};

pub(crate) fn init(cx: &Ctx, name: String, role: Role, workspace: String) -> CliResult {
    let req = api::WorkspaceInitReq { workspace_name: workspace, member_name: name, role };
    let w = handlers::workspace_init(&cx.core, req)?;
    cx.out(&w, |w| format!("created workspace {:?}; you are {} ({})", w.name, w.me.name, role_label(w.me.role)))
}

pub(crate) fn sample(cx: &Ctx) -> CliResult {
    let w = api::sample_create(&cx.core)?;
    cx.out(&w, |w| format!("created sample workspace {:?}; you are {} ({})", w.name, w.me.name, role_label(w.me.role)))
}

pub(crate) fn whoami(cx: &Ctx) -> CliResult {
    let w = handlers::workspace_get(&cx.core, api::NoArgs {})?.ok_or(Error::NoWorkspace)?;
    cx.out(&w, |w| format!("{} ({}) in {:?}", w.me.name, role_label(w.me.role), w.name))
}

pub(crate) fn where_is(cx: &Ctx) -> CliResult {
    let path = cx.core.path().map(|p| p.display().to_string()).unwrap_or_default();
    cx.out(&serde_json::json!({ "database": path }), |_| path.clone())
}

pub(crate) fn member(cx: &Ctx, verb: MemberVerb) -> CliResult {
    let core = &cx.core;
    match verb {
        MemberVerb::Add { name, role, manager } => {
            let manager_id = manager.map(|m| lookup::member(core, &m)).transpose()?;
            let m = handlers::member_create(core, api::MemberCreateReq { name, role, manager_id })?;
            cx.out(&m, |m| format!("added {} ({})\t{}", m.name, role_label(m.role), m.id))
        }
        MemberVerb::Update { member, name, role, manager, no_manager, mentor, no_mentor } => {
            let id = lookup::member(core, &member)?;
            // A member named, or "" (as `--no-…`): none.
            let link = |named: Option<String>, none: bool| match named {
                Some(m) if !m.trim().is_empty() => lookup::member(core, &m).map(Some),
                Some(_) => Ok(Some(String::new())),
                None => Ok(none.then(String::new)),
            };
            let manager_id = link(manager, no_manager)?;
            let mentor_id = link(mentor, no_mentor)?;
            let m = handlers::member_update(core, api::MemberUpdateReq { id, name, role, manager_id, mentor_id })?;
            cx.out(&m, |m| format!("updated {} ({})\t{}", m.name, role_label(m.role), m.id))
        }
        MemberVerb::Remove { member } => {
            let id = lookup::member(core, &member)?;
            let m = handlers::member_remove(core, api::IdReq { id })?;
            cx.out(&m, |m| format!("removed {} from the workspace\t{}", m.name, m.id))
        }
        MemberVerb::List => cx.out(&handlers::member_list(core, api::NoArgs {})?, |ms| render::members(ms)),
    }
}

pub(crate) fn workspace(cx: &Ctx, verb: WorkspaceVerb) -> CliResult {
    match verb {
        WorkspaceVerb::Rename { name } => {
            let w = handlers::workspace_rename(&cx.core, api::WorkspaceRenameReq { name })?;
            cx.out(&w, |w| format!("renamed the workspace {:?}", w.name))
        }
    }
}
