//! Folder sync: the default transport. Each device writes only its own directory of the shared
//! folder, so any file-sync tool (a network share, Syncthing, Dropbox, a USB stick) can carry
//! it without conflicts of its own:
//!
//! ```text
//! <folder>/baton/<workspace_id>/devices/<device_id>/<first_seq>-<last_seq>.seg   (segment.rs)
//! <folder>/baton/<workspace_id>/devices/<device_id>/device.json                  (state file)
//! <folder>/baton/<workspace_id>/invites/<invite_id>.json
//! ```
//!
//! A pass publishes this device's new ops as segments (temp name, fsync, rename), rewrites its
//! state file, then applies every other device's segments it has not applied yet, in order,
//! each checked (checksum, format, place, hash chain) before any op of it is applied. Problems
//! — an unreadable file, a gap, a vanished folder, a full disk, a clock far off — are reported
//! in words and skipped; nothing from a bad file is applied, and the next good pass carries on
//! from where the last one stopped (progress is recorded per device, in the same transaction
//! as the ops).

use std::collections::BTreeMap;
use std::fs;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use super::segment::{self, Segment};
use crate::error::{Error, Result};
use crate::oplog::store::{self, new_id, Core};
use crate::oplog::{self, hlc, Op};
use crate::workspace::{self, Action, Actor, WorkspaceInfo};

/// A remote clock this far ahead of ours is reported as a problem.
pub const CLOCK_AHEAD_LIMIT_MS: i64 = 5 * 60 * 1000;

const STATE_FILE: &str = "device.json";

#[derive(Debug, Clone, Serialize, Deserialize)]
struct DeviceState {
    format: u32,
    device: String,
    member: String,
    #[serde(default)]
    invite: Option<String>,
    seen: BTreeMap<String, i64>,
    at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Invite {
    pub format: u32,
    pub invite: String,
    pub workspace: String,
    pub workspace_name: String,
    pub member: String,
    pub member_name: String,
    pub created_by: String,
    pub created_ms: i64,
}

/// What one pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PassReport {
    pub published: usize,
    pub received: usize,
    pub conflicts: usize,
    pub problems: Vec<String>,
    /// This device's own changes could not be written to the folder (also in `problems`).
    pub publish_failed: Option<String>,
}

fn workspace_dir(folder: &Path, workspace_id: &str) -> PathBuf {
    folder.join("baton").join(workspace_id)
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Chooses the folder this device syncs through (it must exist: a mounted share, a synced
/// folder, a USB stick) and runs a first pass.
pub fn set_folder(core: &Core, folder: &Path) -> Result<PassReport> {
    if !folder.is_dir() {
        return Err(Error::invalid(format!("sync folder {} does not exist or is not a folder", folder.display())));
    }
    let folder = folder.canonicalize()?;
    let text = folder
        .to_str()
        .ok_or_else(|| Error::invalid(format!("sync folder {} has a name Baton cannot store", folder.display())))?
        .to_owned();
    core.transact(|tx| {
        store::local_device(tx)?.ok_or(Error::NoWorkspace)?;
        tx.execute(
            "INSERT INTO sync_config (singleton, folder) VALUES (1, ?1)
             ON CONFLICT (singleton) DO UPDATE SET folder = excluded.folder",
            [&text],
        )?;
        Ok(())
    })?;
    pass(core)
}

/// The configured sync folder, if any.
pub fn folder(conn: &Connection) -> Result<Option<PathBuf>> {
    Ok(conn.query_row("SELECT folder FROM sync_config", [], |r| r.get::<_, String>(0)).optional()?.map(PathBuf::from))
}

/// One sync pass: publish, then receive. Folder trouble is reported, not raised.
pub fn pass(core: &Core) -> Result<PassReport> {
    core.transact(pass_in)
}

fn pass_in(tx: &Transaction<'_>) -> Result<PassReport> {
    let dev = store::local_device(tx)?.ok_or(Error::NoWorkspace)?;
    let folder = folder(tx)?.ok_or_else(|| Error::invalid("sync is not set up: choose a sync folder first"))?;
    let mut report = PassReport::default();
    // Ops held for a clock far ahead whose time has come apply first, even if nothing arrives
    // and the folder is out of reach.
    oplog::held::release(tx, now_ms())?;
    let root = workspace_dir(&folder, &dev.workspace_id);
    if !folder.is_dir() {
        report.problems.push(format!(
            "the sync folder {} cannot be reached (unplugged or offline?); your changes are kept and will sync later",
            folder.display()
        ));
    } else {
        let mine = root.join("devices").join(&dev.device_id);
        match publish(tx, &dev, &mine) {
            Ok(n) => report.published = n,
            Err(e) => {
                let why = describe_io("could not publish your changes", &e);
                report.problems.push(why.clone());
                report.publish_failed = Some(why);
            }
        }
        receive(tx, &dev, &root, &mut report)?;
        if report.received > 0 {
            // This device's next ops are written knowing everything received so far.
            let vv = serde_json::to_string(&version_vector(tx)?).unwrap_or_else(|_| "{}".into());
            tx.execute(
                "INSERT INTO seen_checkpoint (from_seq, vv) VALUES (?1, ?2)
                 ON CONFLICT (from_seq) DO UPDATE SET vv = excluded.vv",
                params![dev.next_seq_now(tx)?, vv],
            )?;
        }
        if let Err(e) = write_state(tx, &dev, &mine) {
            report.problems.push(describe_io("could not record what this laptop has seen", &e));
        }
    }
    let problems = serde_json::to_string(&report.problems).unwrap_or_else(|_| "[]".into());
    tx.execute("UPDATE sync_config SET last_pass_ms = ?1, last_problems = ?2", params![now_ms(), problems])?;
    Ok(report)
}

fn describe_io(what: &str, e: &std::io::Error) -> String {
    match e.raw_os_error() {
        Some(28) => format!("{what}: the sync folder's disk is full"),
        _ if e.kind() == std::io::ErrorKind::NotFound => {
            format!("{what}: the sync folder disappeared ({e})")
        }
        _ if e.kind() == std::io::ErrorKind::PermissionDenied => {
            format!("{what}: no permission to write there ({e})")
        }
        _ => format!("{what}: {e}"),
    }
}

/// This device's version vector: the highest seq applied from every device.
fn version_vector(conn: &Connection) -> Result<BTreeMap<String, i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, v.seq FROM (SELECT device, max(seq) AS seq FROM op GROUP BY device) v JOIN ident d ON d.n = v.device",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Writes `bytes` to `path` so that readers see the whole file or nothing: a temp name in the
/// same directory, fsync, rename, fsync the directory.
fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".tmp-{}-{name}", new_id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, dir.join(name))?;
        fs::File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// The most `device.json` and an invite may hold: a few hundred bytes each in practice.
const MAX_SMALL_FILE: u64 = 1024 * 1024;

/// Reads a file of the sync folder, refusing what is not a regular file (a symlink — to
/// `/dev/zero`, say —, a FIFO that would block the pass, a device) and anything over `max`
/// bytes, without reading more than that even if the file grows meanwhile.
fn read_capped(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    use std::io::{Error as IoError, ErrorKind};
    let meta = fs::symlink_metadata(path)?;
    if !meta.file_type().is_file() {
        return Err(IoError::new(ErrorKind::InvalidInput, "it is not a regular file (a link, a pipe or a device)"));
    }
    if meta.len() > max {
        return Err(IoError::new(ErrorKind::InvalidInput, format!("it is larger than {} MiB", max >> 20)));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    fs::File::open(path)?.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(IoError::new(ErrorKind::InvalidInput, format!("it is larger than {} MiB", max >> 20)));
    }
    Ok(bytes)
}

/// A name from the folder as it may be shown in a sentence: control characters (a line break,
/// an escape sequence) are written as escapes, never passed to a terminal or a page raw.
pub(crate) fn shown(name: &str) -> String {
    name.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect()
}

/// Removes what interrupted passes left in this device's own directory: only this device
/// writes there and passes do not overlap (each holds the database's write lock), so any
/// temporary file present when a pass starts is a leftover.
fn remove_leftovers(mine: &Path) {
    let Ok(entries) = fs::read_dir(mine) else { return };
    for e in entries.flatten() {
        let is_tmp = e.file_name().to_str().is_some_and(|n| n.starts_with(".tmp-"));
        if is_tmp && e.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Where this device's log really stands in its folder: the end of the run of segment files
/// that continues from seq 1, and the last one's hash. The files are the truth, not the
/// database: a pass that published but was cut off before it committed, or a folder that is new
/// or was emptied, is reconciled here instead of leaving a gap or an overlap for readers.
fn published_end(mine: &Path, recorded: (i64, String)) -> std::io::Result<(i64, String)> {
    let mut files: Vec<(i64, i64, String)> = match fs::read_dir(mine) {
        Ok(entries) => entries
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                segment::parse_name(&name).map(|(a, b)| (a, b, name))
            })
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e),
    };
    files.sort();
    let (mut end, mut last) = (0, None);
    for (first, to, name) in files {
        if first == end + 1 {
            (end, last) = (to, Some(name));
        } else if first > end + 1 {
            break;
        }
    }
    if end == recorded.0 {
        return Ok(recorded);
    }
    match last {
        None => Ok((0, String::new())),
        Some(name) => {
            let (_, hash) = segment::decode(&read_capped(&mine.join(&name), segment::MAX_BYTES)?)
                .map_err(|why| std::io::Error::other(format!("your own file {name} is {why}")))?;
            Ok((end, hash))
        }
    }
}

/// The version vector each of this device's ops was written under (see `seen_checkpoint`).
fn checkpoints(conn: &Connection) -> Result<Vec<(i64, BTreeMap<String, i64>)>> {
    let mut stmt = conn.prepare_cached("SELECT from_seq, vv FROM seen_checkpoint ORDER BY from_seq")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (from, vv) = row?;
        out.push((from, serde_json::from_str(&vv).unwrap_or_default()));
    }
    Ok(out)
}

/// Publishes this device's ops not yet in the folder; returns how many. A segment never mixes
/// ops written under different knowledge of the others, so its `seen` is exact.
fn publish(tx: &Transaction<'_>, dev: &store::LocalDevice, mine: &Path) -> std::io::Result<usize> {
    let db = |e: Error| std::io::Error::other(e.to_string());
    let recorded: (i64, String) = tx
        .query_row("SELECT exported_seq, exported_hash FROM sync_config", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .map_err(|e| db(e.into()))?;
    remove_leftovers(mine);
    let (mut exported, mut hash) = published_end(mine, recorded)?;
    let ops = ops_after(tx, &dev.device_id, exported).map_err(db)?;
    let checkpoints = checkpoints(tx).map_err(db)?;
    let seen_at = |seq: i64| checkpoints.iter().rev().find(|(from, _)| *from <= seq).map(|(_, vv)| vv);
    let mut published = 0;
    let mut rest = ops.as_slice();
    while let Some(head) = rest.first() {
        let seen = seen_at(head.seq);
        let len = rest.iter().take(segment::MAX_OPS).take_while(|op| seen_at(op.seq) == seen).count();
        let (chunk, tail) = rest.split_at(len);
        rest = tail;
        let (first, last) = (chunk[0].seq, chunk[len - 1].seq);
        let seg = Segment {
            format: segment::FORMAT,
            workspace: dev.workspace_id.clone(),
            device: dev.device_id.clone(),
            first_seq: first,
            last_seq: last,
            prev_hash: hash.clone(),
            seen: seen.cloned().unwrap_or_default(),
            ops: chunk.to_vec(),
        };
        let (bytes, new_hash) = segment::encode(&seg).map_err(std::io::Error::other)?;
        write_atomically(mine, &segment::file_name(first, last), &bytes)?;
        exported = last;
        hash = new_hash;
        published += len;
    }
    tx.execute("UPDATE sync_config SET exported_seq = ?1, exported_hash = ?2", params![exported, hash])
        .map_err(|e| db(e.into()))?;
    Ok(published)
}

fn ops_after(conn: &Connection, device: &str, after: i64) -> Result<Vec<Op>> {
    let mut stmt = conn.prepare_cached(
        "SELECT op_id, device_id, seq, hlc, author_id, entity_table, entity_id, field, value
         FROM oplog WHERE device_id = ?1 AND seq > ?2 ORDER BY seq",
    )?;
    let rows = stmt.query_map(params![device, after], oplog::row_to_op)?;
    let mut out = Vec::new();
    for r in rows {
        out.push(r??);
    }
    Ok(out)
}

fn write_state(tx: &Transaction<'_>, dev: &store::LocalDevice, mine: &Path) -> std::io::Result<()> {
    let invite: Option<String> = tx
        .query_row("SELECT joined_invite FROM sync_config", [], |r| r.get(0))
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let state = DeviceState {
        format: segment::FORMAT,
        device: dev.device_id.clone(),
        member: dev.member_id.clone(),
        invite,
        seen: version_vector(tx).map_err(|e| std::io::Error::other(e.to_string()))?,
        at_ms: now_ms(),
    };
    let bytes = serde_json::to_vec_pretty(&state).map_err(std::io::Error::other)?;
    write_atomically(mine, STATE_FILE, &bytes)
}

fn read_state(dir: &Path) -> Option<DeviceState> {
    let bytes = read_capped(&dir.join(STATE_FILE), MAX_SMALL_FILE).ok()?;
    serde_json::from_slice(&bytes).ok()
}

struct Peer {
    applied_seq: i64,
    applied_hash: String,
}

fn peer(tx: &Transaction<'_>, device: &str) -> Result<Peer> {
    tx.execute("INSERT INTO sync_peer (device_id) VALUES (?1) ON CONFLICT (device_id) DO NOTHING", [device])?;
    Ok(tx.query_row("SELECT applied_seq, applied_hash FROM sync_peer WHERE device_id = ?1", [device], |r| {
        Ok(Peer { applied_seq: r.get(0)?, applied_hash: r.get(1)? })
    })?)
}

fn member_label(conn: &Connection, member_id: Option<&str>, device: &str) -> String {
    let name = member_id.and_then(|m| {
        conn.query_row("SELECT name FROM member WHERE id = ?1", [m], |r| r.get::<_, String>(0))
            .optional()
            .ok()
            .flatten()
    });
    match name {
        Some(n) if !n.is_empty() => format!("{n}'s laptop"),
        _ => format!("device {}", shown(&device.chars().take(8).collect::<String>())),
    }
}

fn is_conflict_copy(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower.contains(".sync-conflict-") || lower.contains("conflicted copy") || lower.contains("(conflict")
}

/// Applies every other device's new segments, in order, stopping at the first problem of each.
fn receive(tx: &Transaction<'_>, dev: &store::LocalDevice, root: &Path, report: &mut PassReport) -> Result<()> {
    let devices = root.join("devices");
    let entries = match fs::read_dir(&devices) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            report.problems.push(describe_io("could not read the sync folder", &e));
            return Ok(());
        }
    };
    let mut dirs: Vec<(String, PathBuf)> = entries
        .flatten()
        // Directories only, not links to them: a link could lead anywhere.
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| e.file_name().to_str().map(|n| (n.to_owned(), e.path())))
        .filter(|(n, _)| n != &dev.device_id && !n.starts_with('.'))
        .collect();
    dirs.sort();
    for (device, dir) in dirs {
        if device.len() > 64 || device.contains(char::is_whitespace) {
            report.problems.push(format!("ignored a folder that is not a Baton device: {}", shown(&device)));
            continue;
        }
        let state = read_state(&dir);
        let mut p = peer(tx, &device)?;
        if let Some(s) = &state {
            let seen_of_me = s.seen.get(&dev.device_id).copied().unwrap_or(0);
            tx.execute(
                "UPDATE sync_peer SET member_id = ?2, seen_of_me = ?3, last_seen_ms = max(coalesce(last_seen_ms, 0), ?4)
                 WHERE device_id = ?1",
                params![device, s.member, seen_of_me, s.at_ms],
            )?;
        }
        let who = member_label(tx, state.as_ref().map(|s| s.member.as_str()), &device);
        let mut files: Vec<(i64, i64, String)> = Vec::new();
        match fs::read_dir(&dir) {
            Ok(entries) => {
                for e in entries.flatten() {
                    let name = e.file_name().to_string_lossy().into_owned();
                    match segment::parse_name(&name) {
                        Some((a, b)) => files.push((a, b, name)),
                        None if is_conflict_copy(&name) => report.problems.push(format!(
                            "ignored {} from {who}: a copy made by the file-sync tool; the original is used",
                            shown(&name)
                        )),
                        None => {}
                    }
                }
            }
            Err(e) => {
                report.problems.push(describe_io(&format!("could not read {who}'s changes"), &e));
                continue;
            }
        }
        files.sort();
        for (first, last, name) in files {
            if last <= p.applied_seq || first <= p.applied_seq {
                // Already applied, or a leftover overlapping what was applied (a pass cut off
                // before it recorded its progress, from an older Baton): the run continues
                // with the next file.
                continue;
            }
            if first != p.applied_seq + 1 {
                report.problems.push(format!(
                    "waiting for earlier changes from {who}: {name} starts at {first} but {} is the next one needed",
                    p.applied_seq + 1
                ));
                break;
            }
            let refuse = |why: String| format!("skipped {name} from {who}: {why}");
            let path = dir.join(&name);
            let bytes = match read_capped(&path, segment::MAX_BYTES) {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => {
                    report.problems.push(refuse(e.to_string()));
                    break;
                }
                Err(e) => {
                    report.problems.push(refuse(describe_io("could not read it", &e)));
                    break;
                }
            };
            let (seg, hash) = match segment::decode(&bytes) {
                Ok(x) => x,
                Err(why) => {
                    report.problems.push(refuse(why.to_string()));
                    break;
                }
            };
            if let Err(why) = segment::check(&seg, &dev.workspace_id, &device, first, last) {
                report.problems.push(refuse(why.to_string()));
                break;
            }
            if seg.prev_hash != p.applied_hash {
                report
                    .problems
                    .push(refuse("it does not continue that laptop's log (its chain of changes is broken)".to_owned()));
                break;
            }
            // Each segment in its own savepoint: a bad op inside rolls back only this file.
            let sp = tx.unchecked_transaction_savepoint()?;
            match apply_segment(&sp, &seg) {
                Ok(conflicts) => {
                    sp.execute(
                        "UPDATE sync_peer SET applied_seq = ?2, applied_hash = ?3 WHERE device_id = ?1",
                        params![device, last, hash],
                    )?;
                    sp.commit()?;
                    report.received += seg.ops.len();
                    report.conflicts += conflicts;
                    p = Peer { applied_seq: last, applied_hash: hash };
                }
                Err(Error::InvalidOp(why)) => {
                    drop(sp);
                    report.problems.push(refuse(format!("it holds a change Baton cannot accept ({why})")));
                    break;
                }
                Err(e) => return Err(e),
            }
        }
        let ahead: i64 =
            tx.query_row("SELECT clock_ahead_ms FROM sync_peer WHERE device_id = ?1", [&device], |r| r.get(0))?;
        if ahead > CLOCK_AHEAD_LIMIT_MS {
            report.problems.push(format!(
                "{who}'s clock is about {} minutes ahead; its changes are kept, and the next edit anywhere overrides them",
                ahead / 60_000
            ));
        }
        if let Some((n, first)) = oplog::held::by_device(tx, &device)? {
            let which = if n == 1 { "a change from it is".to_owned() } else { format!("{n} changes from it are") };
            report.problems.push(format!(
                "{who}'s clock is {} ahead: {which} held until this laptop's clock reaches {}",
                oplog::held::about(hlc::wall_ms(first) - now_ms()),
                oplog::held::date(hlc::wall_ms(first) - oplog::held::HOLD_AFTER_MS)
            ));
        }
    }
    Ok(())
}

/// Trait-free savepoint helper: rusqlite's `Savepoint` needs `&mut`, the pass holds `&Transaction`.
trait SavepointExt {
    fn unchecked_transaction_savepoint(&self) -> Result<Savepoint<'_>>;
}

struct Savepoint<'c> {
    conn: &'c Connection,
    done: bool,
}

impl SavepointExt for Transaction<'_> {
    fn unchecked_transaction_savepoint(&self) -> Result<Savepoint<'_>> {
        self.execute_batch("SAVEPOINT segment")?;
        Ok(Savepoint { conn: self, done: false })
    }
}

impl Savepoint<'_> {
    fn commit(mut self) -> Result<()> {
        self.conn.execute_batch("RELEASE segment")?;
        self.done = true;
        Ok(())
    }
}

impl std::ops::Deref for Savepoint<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl Drop for Savepoint<'_> {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.conn.execute_batch("ROLLBACK TO segment; RELEASE segment");
        }
    }
}

/// Applies one checked segment, recording concurrent overwrites; returns how many.
/// Applies a segment through the one receiving path, then notes how far ahead of this laptop's
/// wall clock its author's clock was (shown on the Sync page).
fn apply_segment(conn: &Connection, seg: &Segment) -> Result<usize> {
    let received = oplog::receive(conn, &seg.ops, Some(&seg.seen))?;
    let ahead = hlc::wall_ms(received.max_hlc) - now_ms();
    if ahead > 0 {
        conn.execute(
            "UPDATE sync_peer SET clock_ahead_ms = max(clock_ahead_ms, ?2) WHERE device_id = ?1",
            params![seg.device, ahead],
        )?;
    }
    Ok(received.conflicts)
}

fn valid_invite_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Creates an invite for `member` in the sync folder; the other laptop joins with its id.
pub fn invite_create(core: &Core, actor: &Actor, member_id: &str) -> Result<Invite> {
    let (dev, folder, member) = core.read(|c| {
        let dev = store::local_device(c)?.ok_or(Error::NoWorkspace)?;
        let folder = folder(c)?.ok_or_else(|| Error::invalid("sync is not set up: choose a sync folder first"))?;
        Ok((dev, folder, workspace::member(c, member_id)?))
    })?;
    actor.require(Action::AddMember(member.role), &format!("invite {}", member.role.label()))?;
    if member.id == dev.member_id {
        return Err(Error::invalid(format!("{} is you on this laptop; invite someone else", member.name)));
    }
    // The invitee's laptop needs everything up to now, the member record included.
    let unreachable = || {
        Error::invalid(format!(
            "cannot create the invite: the sync folder {} cannot be reached (unplugged or offline?)",
            folder.display()
        ))
    };
    if !folder.is_dir() {
        return Err(unreachable());
    }
    let report = pass(core)?;
    if !folder.is_dir() {
        return Err(unreachable());
    }
    if let Some(why) = report.publish_failed {
        return Err(Error::invalid(format!("cannot create the invite: {why}")));
    }
    let workspace_name = workspace::info(core)?.map(|w| w.name).unwrap_or_default();
    let invite = Invite {
        format: segment::FORMAT,
        invite: new_id(),
        workspace: dev.workspace_id.clone(),
        workspace_name,
        member: member.id.clone(),
        member_name: member.name.clone(),
        created_by: actor.id.clone(),
        created_ms: now_ms(),
    };
    let bytes = serde_json::to_vec_pretty(&invite).map_err(|e| Error::invalid(e.to_string()))?;
    let dir = workspace_dir(&folder, &dev.workspace_id).join("invites");
    write_atomically(&dir, &format!("{}.json", invite.invite), &bytes)
        .map_err(|e| Error::invalid(describe_io("cannot write the invite", &e)))?;
    Ok(invite)
}

/// Finds an invite in a sync folder.
pub fn find_invite(folder: &Path, invite_id: &str) -> Result<(Invite, PathBuf)> {
    if !valid_invite_id(invite_id) {
        return Err(Error::invalid(format!("{invite_id:?} is not an invite id")));
    }
    let base = folder.join("baton");
    let workspaces = fs::read_dir(&base)
        .map_err(|_| Error::invalid(format!("{} is not a Baton sync folder (no baton/ inside)", folder.display())))?;
    for ws in workspaces.flatten() {
        let path = ws.path().join("invites").join(format!("{invite_id}.json"));
        if let Ok(bytes) = read_capped(&path, MAX_SMALL_FILE) {
            let invite: Invite = serde_json::from_slice(&bytes)
                .map_err(|e| Error::invalid(format!("the invite file {} is unreadable: {e}", path.display())))?;
            if invite.format > segment::FORMAT {
                return Err(Error::invalid("the invite was made by a newer version of Baton; update Baton"));
            }
            if invite.invite != invite_id || ws.file_name().to_str() != Some(invite.workspace.as_str()) {
                return Err(Error::invalid(format!("the invite file {} does not match its name", path.display())));
            }
            return Ok((invite, ws.path()));
        }
    }
    Err(Error::not_found("invite", invite_id))
}

/// Joins a workspace on a fresh device: become the invited member on a new device and pull
/// the whole workspace from the folder, all in one transaction.
pub(crate) fn join(core: &Core, folder: &Path, invite_id: &str) -> Result<WorkspaceInfo> {
    let folder = folder
        .canonicalize()
        .map_err(|e| Error::invalid(format!("sync folder {} cannot be opened: {e}", folder.display())))?;
    let (invite, ws_dir) = find_invite(&folder, invite_id)?;
    if let Ok(devices) = fs::read_dir(ws_dir.join("devices")) {
        for d in devices.flatten() {
            if let Some(state) = read_state(&d.path()) {
                if state.invite.as_deref() == Some(invite_id) {
                    return Err(Error::invalid("this invite was already used by another laptop; ask for a new one"));
                }
            }
        }
    }
    let text = folder.to_str().ok_or_else(|| Error::invalid("the sync folder's name cannot be stored"))?.to_owned();
    let device_id = new_id();
    let joined = core.transact(|tx| {
        if let Some(existing) = store::local_device(tx)? {
            let name: String = tx
                .query_row("SELECT name FROM workspace WHERE id = ?1", [&existing.workspace_id], |r| r.get(0))
                .optional()?
                .unwrap_or_default();
            return Err(Error::AlreadyInitialised(name));
        }
        tx.execute(
            "INSERT INTO local_device (singleton, device_id, workspace_id, member_id, next_seq, hlc)
             VALUES (1, ?1, ?2, ?3, 1, 0)",
            params![device_id, invite.workspace, invite.member],
        )?;
        tx.execute(
            "INSERT INTO sync_config (singleton, folder, joined_invite) VALUES (1, ?1, ?2)",
            params![text, invite_id],
        )?;
        let report = pass_in(tx)?;
        if workspace::member(tx, &invite.member).is_err() {
            let why = report.problems.first().cloned().unwrap_or_else(|| "nothing has been shared yet".into());
            return Err(Error::invalid(format!(
                "the folder does not hold {}'s workspace yet ({why}); sync on the inviting laptop and try again",
                invite.member_name
            )));
        }
        Ok(())
    });
    if joined.is_err() {
        // The pass may have written this would-be device's state file; it never existed.
        let _ = fs::remove_dir_all(ws_dir.join("devices").join(&device_id));
    }
    joined?;
    workspace::info(core)?.ok_or(Error::NoWorkspace)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceSeen {
    pub device_id: String,
    pub member_name: String,
    pub last_seen_ms: Option<i64>,
    pub changes_received: i64,
    pub clock_ahead_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub folder: Option<String>,
    pub last_pass_ms: Option<i64>,
    /// Changes made here that are not in the folder yet.
    pub unpublished: i64,
    /// Changes made here that at least one other laptop has not seen yet.
    pub unseen_by_others: i64,
    pub devices: Vec<DeviceSeen>,
    pub problems: Vec<String>,
    pub unseen_conflicts: i64,
    /// Changes received with a clock more than a day ahead, not applied yet.
    pub held: Vec<oplog::held::Held>,
}

pub fn status(core: &Core) -> Result<Status> {
    core.read(|c| {
        let dev = store::local_device(c)?.ok_or(Error::NoWorkspace)?;
        let mine = dev.next_seq - 1;
        let cfg: Option<(String, i64, Option<i64>, String)> = c
            .query_row("SELECT folder, exported_seq, last_pass_ms, last_problems FROM sync_config", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?;
        let mut stmt = c.prepare(
            "SELECT p.device_id, coalesce(m.name, ''), p.last_seen_ms, p.applied_seq, p.clock_ahead_ms, p.seen_of_me
             FROM sync_peer p LEFT JOIN member m ON m.id = p.member_id
             WHERE p.member_id IS NOT NULL OR p.applied_seq > 0
             ORDER BY m.name COLLATE NOCASE, p.device_id",
        )?;
        let mut min_seen: Option<i64> = None;
        let devices = stmt
            .query_map([], |r| {
                Ok((
                    DeviceSeen {
                        device_id: r.get(0)?,
                        member_name: r.get(1)?,
                        last_seen_ms: r.get(2)?,
                        changes_received: r.get(3)?,
                        clock_ahead_ms: r.get(4)?,
                    },
                    r.get::<_, i64>(5)?,
                ))
            })?
            .map(|row| {
                row.map(|(d, seen)| {
                    min_seen = Some(min_seen.map_or(seen, |m: i64| m.min(seen)));
                    d
                })
            })
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let unseen_conflicts: i64 = c.query_row("SELECT count(*) FROM conflict WHERE seen = 0", [], |r| r.get(0))?;
        let held = oplog::held::list(c, now_ms())?;
        Ok(match cfg {
            None => Status {
                folder: None,
                last_pass_ms: None,
                unpublished: mine,
                unseen_by_others: mine,
                devices,
                problems: Vec::new(),
                unseen_conflicts,
                held,
            },
            Some((folder, exported, last_pass_ms, problems)) => Status {
                folder: Some(folder),
                last_pass_ms,
                unpublished: mine - exported,
                unseen_by_others: mine - min_seen.unwrap_or(0).min(mine),
                devices,
                problems: serde_json::from_str(&problems).unwrap_or_default(),
                unseen_conflicts,
                held,
            },
        })
    })
}
