//! The sync folder: status, passes, invites, and joining from another laptop.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{NoArgs, WorkspaceView};
use crate::error::Result;
use crate::sync::folder;
use crate::{workspace, Core};

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
    /// Another identity of this laptop (same key): one it left when restored from a backup, or
    /// a copy of its data directory.
    pub same_laptop: bool,
    /// Another laptop's identity that it left when it took a new one (restored from a backup,
    /// or a copy): its newest identity speaks for it, so nobody waits for this one.
    pub replaced: bool,
}

/// Changes by one author from one laptop, received with a clock more than a day ahead of this
/// laptop's: kept, not applied until this laptop's clock is within a day of theirs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HeldView {
    pub device_id: String,
    pub author_id: String,
    /// null when the author is not a member known here.
    pub author_name: Option<String>,
    #[ts(type = "number")]
    pub count: i64,
    /// How far the earliest is ahead of this laptop's clock.
    #[ts(type = "number")]
    pub ahead_ms: i64,
    /// When the earliest applies (this laptop's clock).
    #[ts(type = "number")]
    pub applies_at_ms: i64,
    /// When the last applies.
    #[ts(type = "number")]
    pub last_applies_at_ms: i64,
    /// Who, how far ahead, when it applies, and what to do, in one sentence.
    pub sentence: String,
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
    /// Received changes held because their clock is more than a day ahead; soonest first.
    pub held: Vec<HeldView>,
    /// The laptops enrolled in the workspace with their keys, this one included.
    pub enrolled: Vec<EnrolledView>,
}

/// A laptop enrolled in the workspace: whose it is, its key (first 16 hex digits) and how it
/// was let in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EnrolledView {
    pub device_id: String,
    pub member_name: String,
    pub key_prefix: String,
    pub how: String,
    pub this_laptop: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InviteCreateReq {
    pub member_id: String,
    /// How many days the invite lasts (1–365; 7 when left out).
    #[serde(default)]
    #[ts(optional)]
    pub expires_days: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InviteRevokeReq {
    pub invite: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InviteView {
    /// The id the other laptop joins with.
    pub invite: String,
    pub member_id: String,
    pub member_name: String,
    pub workspace_name: String,
    /// After this (ms since the epoch) no laptop may join with it.
    #[ts(type = "number")]
    pub expires_ms: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JoinReq {
    pub folder: String,
    pub invite: String,
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
                    same_laptop: d.same_laptop,
                    replaced: d.replaced,
                })
                .collect(),
            problems: s.problems,
            unseen_conflicts: s.unseen_conflicts,
            enrolled: s
                .enrolled
                .into_iter()
                .map(|e| EnrolledView {
                    device_id: e.device_id,
                    member_name: e.member_name,
                    key_prefix: e.key_prefix,
                    how: e.how,
                    this_laptop: e.this_laptop,
                })
                .collect(),
            held: s
                .held
                .into_iter()
                .map(|h| HeldView {
                    device_id: h.device_id,
                    author_id: h.author_id,
                    author_name: h.author_name,
                    count: h.count,
                    ahead_ms: h.ahead_ms,
                    applies_at_ms: h.applies_at_ms,
                    last_applies_at_ms: h.last_applies_at_ms,
                    sentence: h.sentence,
                })
                .collect(),
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
            expires_ms: i.expires_ms,
        }
    }
}

pub fn sync_status(core: &Core, _: NoArgs) -> Result<SyncStatusView> {
    Ok(folder::status(core)?.into())
}

pub fn sync_set_folder(core: &Core, req: SyncFolderReq) -> Result<SyncPassView> {
    workspace::here(core)?;
    Ok(folder::set_folder(core, std::path::Path::new(req.folder.trim()))?.into())
}

pub fn sync_now(core: &Core, _: NoArgs) -> Result<SyncPassView> {
    workspace::here(core)?;
    Ok(folder::pass(core)?.into())
}

pub fn invite_create(core: &Core, req: InviteCreateReq) -> Result<InviteView> {
    let me = workspace::me(core)?;
    let days = req.expires_days.unwrap_or(folder::INVITE_DAYS);
    Ok(folder::invite_create_for(core, &me, &req.member_id, days)?.into())
}

pub fn invite_revoke(core: &Core, req: InviteRevokeReq) -> Result<NoArgs> {
    let me = workspace::me(core)?;
    folder::invite_revoke(core, &me, req.invite.trim())?;
    Ok(NoArgs {})
}

pub fn workspace_join(core: &Core, req: JoinReq) -> Result<WorkspaceView> {
    Ok(folder::join(core, std::path::Path::new(req.folder.trim()), req.invite.trim())?.into())
}
