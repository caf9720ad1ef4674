//! `baton sync`, `invite create` and `join`: folder sync between teammates' laptops.

use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use baton_core::api::{self, handlers, lookup};

use super::{path_text, CliResult, Ctx};
use crate::args::InviteVerb;
use crate::render::{self, role_label};

/// `--status` shows where sync stands; otherwise one pass, through `folder` when given.
pub(crate) fn sync(cx: &Ctx, folder: Option<PathBuf>, status: bool) -> CliResult {
    let core = &cx.core;
    if status {
        let s = handlers::sync_status(core, api::NoArgs {})?;
        return cx.out(&s, render::sync_status);
    }
    progress_on_terminal(core);
    let report = match folder {
        Some(f) => handlers::sync_set_folder(core, api::SyncFolderReq { folder: path_text(&f)? })?,
        None => handlers::sync_now(core, api::NoArgs {})?,
    };
    cx.out(&report, render::sync_pass)
}

pub(crate) fn invite(cx: &Ctx, verb: InviteVerb) -> CliResult {
    let core = &cx.core;
    match verb {
        InviteVerb::Create { member, folder, expires_days } => {
            if let Some(f) = folder {
                handlers::sync_set_folder(core, api::SyncFolderReq { folder: path_text(&f)? })?;
            }
            let member_id = lookup::member(core, &member)?;
            let req = api::InviteCreateReq { member_id, expires_days: Some(expires_days) };
            let invite = handlers::invite_create(core, req)?;
            cx.out(&invite, |i| {
                format!(
                    "invite for {} (valid {expires_days} days): {}\non their laptop: baton join --folder <the shared \
                     folder> --invite {}",
                    i.member_name, i.invite, i.invite
                )
            })
        }
        InviteVerb::Revoke { invite } => {
            let done = handlers::invite_revoke(core, api::InviteRevokeReq { invite: invite.clone() })?;
            cx.out(&done, |_| format!("revoked invite {invite}: no laptop may join with it now"))
        }
    }
}

pub(crate) fn join(cx: &Ctx, folder: &Path, invite: String) -> CliResult {
    progress_on_terminal(&cx.core);
    let w = handlers::workspace_join(&cx.core, api::JoinReq { folder: path_text(folder)?, invite })?;
    cx.out(&w, |w| format!("joined {:?} as {} ({})", w.name, w.me.name, role_label(w.me.role)))
}

/// On a terminal, a pass that runs over a second (a large first join, a long catch-up) keeps one
/// line of stderr up to date with where it stands; scripts and cron (no terminal) see nothing.
fn progress_on_terminal(core: &baton_core::Core) {
    if !std::io::stderr().is_terminal() {
        return;
    }
    let reporter: api::ProgressReporter = Arc::new(|p: &api::Progress| {
        let mut err = std::io::stderr().lock();
        let line = if p.finished {
            format!(
                "\r\x1b[2K{} changes received in {:.1} s\n",
                render::thousands(p.received),
                p.elapsed_ms as f64 / 1000.0
            )
        } else {
            format!("\r\x1b[2Kround {}: {} changes received, {}…", p.round, render::thousands(p.received), p.doing)
        };
        let _ = err.write_all(line.as_bytes());
        let _ = err.flush();
    });
    core.set_progress_reporter(Some(reporter), Duration::from_secs(1));
}
