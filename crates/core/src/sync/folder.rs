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
//! A pass reconciles this device's own directory with its log (`own.rs`), publishes its new ops
//! as segments (temp name, fsync, rename), then applies every other device's changes it has not
//! applied yet, in order (`peers.rs`), each file read and checked (checksum, format, place)
//! outside any transaction before any op of it is applied (`scan.rs`), and rewrites its state
//! file. Problems
//! — an unreadable file, a gap, a vanished folder, a full disk, a clock far off — are reported
//! in words and skipped; nothing from a bad file is applied, and the next good pass carries on
//! from where the last one stopped (progress is recorded per device, in the same transaction
//! as the ops).

use std::collections::BTreeMap;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use super::scan::{self, read_capped, read_state, DeviceState, Trusts, MAX_SMALL_FILE, STATE_FILE};
use super::segment::{self, Segment};
use super::{own, peers};
use crate::error::{Error, Result};
use crate::oplog::judge::require_now;
use crate::oplog::progress::{Task, Tracker};
use crate::oplog::signing::DeviceKey;
use crate::oplog::store::{self, new_id, Core};
use crate::oplog::{self, Op};
use crate::workspace::{self, Action, Actor, WorkspaceInfo};

/// A remote clock this far ahead of ours is reported as a problem.
pub const CLOCK_AHEAD_LIMIT_MS: i64 = 5 * 60 * 1000;

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
    /// After this (wall clock, ms) no laptop may enrol with it (0: never; invites made before
    /// expiry existed).
    #[serde(default)]
    pub expires_ms: i64,
}

/// How long an invite lasts unless said otherwise.
pub const INVITE_DAYS: u32 = 7;

/// What one pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PassReport {
    pub published: usize,
    pub received: usize,
    pub conflicts: usize,
    pub problems: Vec<String>,
    /// This device's own changes could not be written to the folder (also in `problems`).
    pub publish_failed: Option<String>,
    /// Other devices' files found damaged, by device (written to this device's state file).
    pub(crate) damaged: BTreeMap<String, Vec<String>>,
    /// Devices whose position was moved back this round (their changes moved to a new
    /// identity): read again in the next round.
    pub(crate) rewound: std::collections::BTreeSet<String>,
}

fn workspace_dir(folder: &Path, workspace_id: &str) -> PathBuf {
    folder.join("baton").join(workspace_id)
}

pub(super) fn now_ms() -> i64 {
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
            // Another folder: what was published to the last one says nothing about this one,
            // so the first pass reads this device's whole directory there (see `own.rs`).
            "INSERT INTO sync_config (singleton, folder) VALUES (1, ?1)
             ON CONFLICT (singleton) DO UPDATE SET folder = excluded.folder,
               exported_seq = CASE WHEN folder = excluded.folder THEN exported_seq ELSE 0 END,
               exported_hash = CASE WHEN folder = excluded.folder THEN exported_hash ELSE '' END",
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

/// One sync pass: reconcile this device's own directory, publish, then receive, in rounds.
/// Each round reads the folder outside any transaction (so a slow share or a huge file never
/// holds the database), then applies what it read in one short transaction; a round reads at
/// most [`scan::ROUND_OPS`] changes, and rounds go on while they make progress. Folder trouble
/// is reported, not raised.
/// A pass that runs long tells the core's progress reporter where it stands (see
/// [`crate::oplog::progress`]).
pub fn pass(core: &Core) -> Result<PassReport> {
    let key = core.device_key()?;
    let mut report = PassReport::default();
    let mut own_done = false;
    let mut t = Tracker::new(core, Task::Sync);
    for _ in 0..MAX_ROUNDS {
        let Some(inputs) = core.read(|c| Inputs::load(c, &key))? else {
            return core.transact(|tx| finish(tx, &key, &mut report, false));
        };
        t.round(READING);
        let scanned = Scanned::read(&inputs, !own_done);
        let again = core.transact(|tx| round(tx, &inputs, &scanned, &mut own_done, &mut report, &mut t))?;
        if !again {
            break;
        }
    }
    t.received(report.received, FINISHING);
    core.transact(|tx| finish(tx, &key, &mut report, true))
}

const READING: &str = "reading the sync folder";
const FINISHING: &str = "recording what this laptop has seen";

/// A whole pass inside the caller's transaction (joining: nothing else runs on a device that
/// does not exist yet).
fn pass_in(tx: &Transaction<'_>, key: &DeviceKey, t: &mut Tracker) -> Result<PassReport> {
    let mut report = PassReport::default();
    let mut own_done = false;
    for _ in 0..MAX_ROUNDS {
        let Some(inputs) = Inputs::load(tx, key)? else { return finish(tx, key, &mut report, false) };
        t.round(READING);
        let scanned = Scanned::read(&inputs, !own_done);
        let again = round(tx, &inputs, &scanned, &mut own_done, &mut report, t)?;
        if !again {
            break;
        }
    }
    t.received(report.received, FINISHING);
    t.pass_ended();
    finish(tx, key, &mut report, true)
}

/// Rounds of one pass at most: each reads up to [`scan::ROUND_OPS`] changes per device, so a
/// pass still carries 50 million; a folder that keeps a pass going longer is read again next
/// pass instead.
const MAX_ROUNDS: usize = 1_000;

/// What a round needs to know before it reads the folder.
struct Inputs {
    dev: store::LocalDevice,
    root: PathBuf,
    /// Own changes up to here are in the folder, as far as the log knows.
    exported: i64,
    /// Where this laptop stands with each other device.
    positions: BTreeMap<String, i64>,
    /// This laptop's signing key, and what it knows of the others' keys.
    key: DeviceKey,
    trusts: Trusts,
}

impl Inputs {
    /// `None` when the folder cannot be reached (reported by [`finish`]).
    fn load(conn: &Connection, key: &DeviceKey) -> Result<Option<Inputs>> {
        let dev = store::local_device(conn)?.ok_or(Error::NoWorkspace)?;
        let folder = folder(conn)?.ok_or_else(|| Error::invalid("sync is not set up: choose a sync folder first"))?;
        if !folder.is_dir() {
            return Ok(None);
        }
        let exported: i64 = conn.query_row("SELECT exported_seq FROM sync_config", [], |r| r.get(0))?;
        let mut stmt = conn.prepare_cached("SELECT device_id, applied_seq FROM sync_peer")?;
        let positions = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        let trusts = Trusts::load(conn, &dev.device_id)?;
        Ok(Some(Inputs {
            root: workspace_dir(&folder, &dev.workspace_id),
            dev,
            exported,
            positions,
            key: key.clone(),
            trusts,
        }))
    }

    fn mine(&self) -> PathBuf {
        self.root.join("devices").join(&self.dev.device_id)
    }
}

/// What a round read from the folder.
struct Scanned {
    own: Option<scan::DeviceFiles>,
    peers: Vec<peers::PeerFiles>,
    strangers: Vec<String>,
    unreadable: Option<std::io::Error>,
}

impl Scanned {
    fn read(inputs: &Inputs, own_too: bool) -> Scanned {
        let (dirs, strangers, unreadable) = match scan::devices(&inputs.root, &inputs.dev.device_id) {
            Ok((d, s)) => (d, s, None),
            Err(e) => (Vec::new(), Vec::new(), Some(e)),
        };
        let mut reported: Vec<String> = Vec::new();
        let peers = dirs
            .into_iter()
            .map(|d| {
                let (state, state_forged) = inputs.trusts.state(&d.device, scan::read_state(&d.dir));
                if let Some(names) = state.as_ref().and_then(|s| s.damaged.get(&inputs.dev.device_id)) {
                    reported.extend(names.iter().cloned());
                }
                let from = inputs.positions.get(&d.device).copied().unwrap_or(0);
                let files = scan::device_files(
                    &d.dir,
                    &inputs.dev.workspace_id,
                    &d.device,
                    &inputs.trusts,
                    from,
                    scan::ROUND_OPS,
                );
                peers::PeerFiles { device: d.device, state, state_forged, files }
            })
            .collect();
        let own = own_too.then(|| {
            // Positions both the folder and the log may hold differently: after what was
            // published here, but at most the last `own::CHECKED` (a new folder would
            // otherwise mean reading the whole log back).
            let local_max = inputs.dev.next_seq - 1;
            let from = inputs.exported.min(local_max).max(local_max - own::CHECKED);
            own::scan(&inputs.mine(), &inputs.dev.workspace_id, &inputs.dev.device_id, &inputs.trusts, from, &reported)
        });
        Scanned { own, peers, strangers, unreadable }
    }
}

/// Applies one round's reading; returns whether another round is needed. The first round (and
/// the one after this device took a new identity) also reconciles and publishes this device's
/// own changes; `own_done` records that it did.
fn round(
    tx: &Transaction<'_>,
    inputs: &Inputs,
    scanned: &Scanned,
    own_done: &mut bool,
    report: &mut PassReport,
    t: &mut Tracker,
) -> Result<bool> {
    let dev = store::local_device(tx)?.ok_or(Error::NoWorkspace)?;
    if dev.device_id != inputs.dev.device_id {
        // Another pass changed this device's identity meanwhile: read again.
        return Ok(true);
    }
    let mine = inputs.mine();
    if let Some(own) = &scanned.own {
        // A new identity, or more of this device's changes to read back: another round
        // before publishing.
        if own::reconcile(tx, &mine, own, &inputs.key, report)? {
            return Ok(true);
        }
        let grew = store::local_device(tx)?.is_some_and(|d| d.next_seq > dev.next_seq);
        if own.more && grew {
            return Ok(true);
        }
    }
    if !*own_done {
        *own_done = true;
        enrol_if_needed(tx, &dev, &inputs.key, report)?;
        if let Some(why) = may_not_publish(tx, &dev, &inputs.key)? {
            report.problems.push(why.clone());
            report.publish_failed = Some(why);
        } else {
            match publish(tx, &dev, &mine, &inputs.key) {
                Ok(n) => report.published = n,
                Err(e) => {
                    let why = describe_io("could not publish your changes", &e);
                    report.problems.push(why.clone());
                    report.publish_failed = Some(why);
                }
            }
        }
        for name in &scanned.strangers {
            report.problems.push(format!("ignored a folder that is not a Baton device: {}", scan::shown(name)));
        }
        if let Some(e) = &scanned.unreadable {
            report.problems.push(describe_io("could not read the sync folder", e));
        }
    }
    let before = report.received;
    let mut more = false;
    // Devices whose changes moved to a new identity go first: the old identity is then read
    // again from where they left, in the next round.
    let moved = |p: &&peers::PeerFiles| p.files.good.iter().any(|g| !g.seg.moved_from.is_empty());
    let (first, then): (Vec<&peers::PeerFiles>, Vec<_>) = scanned.peers.iter().partition(moved);
    let count = scanned.peers.len();
    for (n, peer) in first.into_iter().chain(then).enumerate() {
        if report.rewound.contains(&peer.device) {
            continue;
        }
        t.received(report.received, &format!("applying changes from laptop {} of {count}", n + 1));
        more |= peers::receive(tx, &dev, peer, &inputs.trusts, report)?;
    }
    let rewound = !report.rewound.is_empty();
    report.rewound.clear();
    Ok((more && report.received > before) || rewound)
}

/// Ends a pass: what this device has seen, its state file, and the pass's sentences.
fn finish(tx: &Transaction<'_>, key: &DeviceKey, report: &mut PassReport, reachable: bool) -> Result<PassReport> {
    let dev = store::local_device(tx)?.ok_or(Error::NoWorkspace)?;
    // Ops held for a clock far ahead whose time has come apply, even if nothing arrived and
    // the folder is out of reach.
    oplog::held::release(tx, now_ms())?;
    let folder = folder(tx)?.ok_or_else(|| Error::invalid("sync is not set up: choose a sync folder first"))?;
    if !reachable {
        report.problems.push(format!(
            "the sync folder {} cannot be reached (unplugged or offline?); your changes are kept and will sync later",
            folder.display()
        ));
    } else {
        if report.received > 0 {
            // This device's next ops are written knowing everything received so far.
            set_checkpoint(tx, dev.next_seq_now(tx)?, &version_vector(tx)?)?;
        }
        let mine = workspace_dir(&folder, &dev.workspace_id).join("devices").join(&dev.device_id);
        let signs = may_not_publish(tx, &dev, key)?.is_none();
        if let Err(e) = if signs { write_state(tx, &dev, &mine, &report.damaged, key) } else { Ok(()) } {
            report.problems.push(describe_io("could not record what this laptop has seen", &e));
        }
    }
    // A sentence said by several rounds is said once.
    let mut said = std::collections::HashSet::new();
    report.problems.retain(|p| said.insert(p.clone()));
    let problems = serde_json::to_string(&report.problems).unwrap_or_else(|_| "[]".into());
    tx.execute("UPDATE sync_config SET last_pass_ms = ?1, last_problems = ?2", params![now_ms(), problems])?;
    Ok(report.clone())
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
pub(super) fn version_vector(conn: &Connection) -> Result<BTreeMap<String, i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, v.seq FROM (SELECT device, max(seq) AS seq FROM op GROUP BY device) v JOIN ident d ON d.n = v.device",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Writes `bytes` to `path` so that readers see the whole file or nothing: a temp name in the
/// same directory, fsync, rename, fsync the directory.
pub(super) fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
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

/// Records that this device's ops from `from_seq` on are written under `vv` (`seen_checkpoint`).
pub(super) fn set_checkpoint(conn: &Connection, from_seq: i64, vv: &BTreeMap<String, i64>) -> Result<()> {
    let text = serde_json::to_string(vv).unwrap_or_else(|_| "{}".into());
    conn.prepare_cached(
        "INSERT INTO seen_checkpoint (from_seq, vv) VALUES (?1, ?2)
         ON CONFLICT (from_seq) DO UPDATE SET vv = excluded.vv",
    )?
    .execute(params![from_seq, text])?;
    Ok(())
}

/// The version vector each of this device's ops was written under (see `seen_checkpoint`).
pub(super) fn checkpoints(conn: &Connection) -> Result<Vec<(i64, BTreeMap<String, i64>)>> {
    let mut stmt = conn.prepare_cached("SELECT from_seq, vv FROM seen_checkpoint ORDER BY from_seq")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (from, vv) = row?;
        out.push((from, serde_json::from_str(&vv).unwrap_or_default()));
    }
    Ok(out)
}

/// Why this laptop may not publish, if it may not: every other laptop would refuse what it
/// signs. Either its key file is not the key it enrolled with (the file was lost, or replaced
/// by another laptop's), or it acts as another member than the one it is enrolled for (the
/// sample workspace plays all its people on one laptop). Its changes stay in its log.
fn may_not_publish(tx: &Transaction<'_>, dev: &store::LocalDevice, key: &DeviceKey) -> Result<Option<String>> {
    let enrolled: Option<(String, String)> = tx
        .query_row(
            "SELECT public_key, member_id FROM device WHERE id = ?1 AND member_id IS NOT NULL",
            [&dev.device_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((public_key, member)) = enrolled else { return Ok(None) };
    if public_key != key.public_hex() {
        let file = crate::oplog::signing::KEY_FILE;
        return Ok(Some(format!(
            "this laptop's key file ({file}) is not the one it enrolled with: it was lost or replaced, so other \
             laptops would refuse what it publishes. Nothing was published; your changes are kept on this laptop. \
             Put back {file} from a backup of this data directory, or join again with a new invite on a new data \
             directory"
        )));
    }
    if member != dev.member_id {
        let name = |id: &str| workspace::member(tx, id).map_or_else(|_| id.to_owned(), |m| m.name);
        return Ok(Some(format!(
            "this laptop is enrolled for {} but acts as {} (as the sample workspace does, playing all its people on \
             one laptop): other laptops would refuse its changes, so nothing was published. To sync, create a \
             workspace or join one with an invite",
            name(&member),
            name(&dev.member_id)
        )));
    }
    Ok(None)
}

/// Enrols this laptop with its key if it is not enrolled yet (a laptop from before signatures,
/// or one that took a new identity: trusted on first use, see `Rule::Device`), and says once
/// which laptops this one trusted on first use.
fn enrol_if_needed(
    tx: &Transaction<'_>,
    dev: &store::LocalDevice,
    key: &DeviceKey,
    report: &mut PassReport,
) -> Result<()> {
    if workspace::member(tx, &dev.member_id).is_err() {
        // A laptop joining: its invite enrols it once the workspace has arrived.
        return Ok(());
    }
    let enrolled: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM device WHERE id = ?1 AND member_id IS NOT NULL)",
        [&dev.device_id],
        |r| r.get(0),
    )?;
    if !enrolled {
        let refused =
            oplog::judge::check_now(tx, &dev.member_id, "device", &dev.device_id, "member_id", Some(&dev.member_id))?;
        match refused {
            None => {
                let mut w = store::Writer::begin(tx, &dev.member_id, key)?;
                workspace::enrol(&mut w, &key.public_hex(), None, &dev.member_id)?;
                w.finish()?;
                // A new identity (see `own.rs`) was said already; a laptop from before
                // signatures is told once.
                if own::moved_from(tx)?.0.is_empty() {
                    report.problems.push(
                        "this laptop now signs the changes it publishes (enrolled with its own key, trusted on first \
                         use)"
                            .to_owned(),
                    );
                }
            }
            Some(why) => report.problems.push(format!("this laptop could not enrol its key: {why}")),
        }
    }
    let mut stmt = tx.prepare_cached("SELECT device_id FROM device_trust WHERE said = 0 ORDER BY device_id")?;
    let fresh: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    if !fresh.is_empty() {
        let names: Vec<String> = fresh
            .iter()
            .map(|d| {
                let member: Option<String> = tx
                    .query_row(
                        "SELECT a.id FROM op o JOIN ident d ON d.n = o.device JOIN ident a ON a.n = o.author
                         WHERE d.id = ?1 ORDER BY o.seq DESC LIMIT 1",
                        [d],
                        |r| r.get(0),
                    )
                    .optional()
                    .ok()
                    .flatten();
                peers::member_label(tx, member.as_deref(), d)
            })
            .collect();
        report.problems.push(format!(
            "trusted {} laptop{} seen before signatures: {}; their unsigned changes are read until they enrol a key",
            fresh.len(),
            if fresh.len() == 1 { "" } else { "s" },
            names.join(", ")
        ));
        tx.execute("UPDATE device_trust SET said = 1", [])?;
    }
    Ok(())
}

/// Publishes this device's ops not yet in the folder; returns how many. A segment never mixes
/// ops written under different knowledge of the others, so its `seen` is exact.
fn publish(tx: &Transaction<'_>, dev: &store::LocalDevice, mine: &Path, key: &DeviceKey) -> std::io::Result<usize> {
    let db = |e: Error| std::io::Error::other(e.to_string());
    let recorded: (i64, String) = tx
        .query_row("SELECT exported_seq, exported_hash FROM sync_config", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .map_err(|e| db(e.into()))?;
    remove_leftovers(mine);
    let (mut exported, mut hash) = published_end(mine, recorded)?;
    // The folder may name own positions this log does not hold (a restored laptop whose newer
    // files could not be read back): they are not published, so its next edits are.
    let local_max = dev.next_seq_now(tx).map_err(db)? - 1;
    if exported > local_max {
        (exported, hash) = (local_max, String::new());
    }
    let ops = ops_after(tx, &dev.device_id, exported).map_err(db)?;
    let checkpoints = checkpoints(tx).map_err(db)?;
    let moved_from = own::moved_from(tx).map_err(db)?;
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
            moved_from: moved_from.0.clone(),
            moved_ms: moved_from.1,
            key: String::new(),
        };
        let (bytes, new_hash) = segment::encode(&seg, key).map_err(std::io::Error::other)?;
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
    ops_between(conn, device, after + 1, i64::MAX)
}

/// `device`'s ops `first..=last` in this log, in order.
pub(super) fn ops_between(conn: &Connection, device: &str, first: i64, last: i64) -> Result<Vec<Op>> {
    let mut stmt = conn.prepare_cached(
        "SELECT op_id, device_id, seq, hlc, author_id, entity_table, entity_id, field, value
         FROM oplog WHERE device_id = ?1 AND seq BETWEEN ?2 AND ?3 ORDER BY seq",
    )?;
    let rows = stmt.query_map(params![device, first, last], oplog::row_to_op)?;
    let mut out = Vec::new();
    for r in rows {
        out.push(r??);
    }
    Ok(out)
}

fn write_state(
    tx: &Transaction<'_>,
    dev: &store::LocalDevice,
    mine: &Path,
    damaged: &BTreeMap<String, Vec<String>>,
    key: &DeviceKey,
) -> std::io::Result<()> {
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
        damaged: damaged.clone(),
        key: String::new(),
        signature: String::new(),
    };
    let bytes = state.signed(key).map_err(std::io::Error::other)?;
    write_atomically(mine, STATE_FILE, &bytes)
}

fn valid_invite_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Creates an invite for `member` in the sync folder, valid for [`INVITE_DAYS`]; the other
/// laptop joins with its id.
pub fn invite_create(core: &Core, actor: &Actor, member_id: &str) -> Result<Invite> {
    invite_create_for(core, actor, member_id, INVITE_DAYS)
}

/// Revokes an invite: no laptop may enrol with it from now on (a laptop that enrolled with it
/// before stays enrolled). Judged like any op on the `invite` row, and published by a pass.
pub fn invite_revoke(core: &Core, actor: &Actor, invite_id: &str) -> Result<()> {
    // Not an undo step: invites are handed out and revoked on purpose, never undone.
    core.write_as(&actor.id, false, |w| {
        let known: bool =
            w.conn().query_row("SELECT EXISTS (SELECT 1 FROM invite WHERE id = ?1)", [invite_id], |r| r.get(0))?;
        if !known {
            return Err(Error::not_found("invite", invite_id));
        }
        require_now(w.conn(), &actor.id, "invite", invite_id, "revoked", None)?;
        w.set("invite", invite_id, "revoked", true)
    })?;
    // Published at once, so a laptop joining from the folder meets the revoke; if the folder
    // cannot be reached, the next pass publishes it (the pass says why).
    pass(core)?;
    Ok(())
}

/// Creates an invite for `member`, valid for `days` days (see [`invite_create`]). The invite is
/// a synced row written by the inviter (what every laptop judges the enrolment by), and a file
/// in the folder the new laptop finds it by.
pub fn invite_create_for(core: &Core, actor: &Actor, member_id: &str, days: u32) -> Result<Invite> {
    if !(1..=365).contains(&days) {
        return Err(Error::invalid("an invite lasts from 1 to 365 days"));
    }
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
    let invite_id = new_id();
    let created_ms = now_ms();
    let expires_ms = created_ms + i64::from(days) * 24 * 3600 * 1000;
    core.write_as(&actor.id, false, |w| {
        require_now(w.conn(), &actor.id, "invite", &invite_id, "member_id", Some(&member.id))?;
        w.set("invite", &invite_id, "member_id", member.id.as_str())?;
        w.set("invite", &invite_id, "created_by", actor.id.as_str())?;
        w.set("invite", &invite_id, "expires_ms", expires_ms)
    })?;
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
        invite: invite_id,
        workspace: dev.workspace_id.clone(),
        workspace_name,
        member: member.id.clone(),
        member_name: member.name.clone(),
        created_by: actor.id.clone(),
        created_ms,
        expires_ms,
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
    let key = core.device_key()?;
    // Laptops still writing unsigned segments (not upgraded yet): trusted on first use, as the
    // laptops that had synced with them before the upgrade trusted them.
    let mut unsigned = Vec::new();
    if let Ok(devices) = fs::read_dir(ws_dir.join("devices")) {
        for d in devices.flatten() {
            if let Some(state) = read_state(&d.path()) {
                if state.invite.as_deref() == Some(invite_id) {
                    return Err(Error::invalid("this invite was already used by another laptop; ask for a new one"));
                }
                if state.format < segment::FORMAT && state.device == d.file_name().to_string_lossy() {
                    unsigned.push(state.device);
                }
            }
        }
    }
    let text = folder.to_str().ok_or_else(|| Error::invalid("the sync folder's name cannot be stored"))?.to_owned();
    let device_id = new_id();
    let mut t = Tracker::new(core, Task::Join);
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
        for device in &unsigned {
            tx.execute("INSERT INTO device_trust (device_id) VALUES (?1) ON CONFLICT DO NOTHING", [device])?;
        }
        let report = pass_in(tx, &key, &mut t)?;
        if workspace::member(tx, &invite.member).is_err() {
            let why = report.problems.first().cloned().unwrap_or_else(|| "nothing has been shared yet".into());
            return Err(Error::invalid(format!(
                "the folder does not hold {}'s workspace yet ({why}); sync on the inviting laptop and try again",
                invite.member_name
            )));
        }
        // This laptop's enrolment, authorised by the invite (judged like any op: the invite
        // must name this member, not be revoked or expired, nor used by another laptop).
        let mut w = store::Writer::begin(tx, &invite.member, &key)?;
        workspace::enrol(&mut w, &key.public_hex(), Some(invite_id), &invite.created_by).map_err(|e| match e {
            Error::PermissionDenied(why) => {
                Error::denied(format!("cannot join with this invite: {why}; ask for a new one"))
            }
            e => e,
        })?;
        w.finish()?;
        pass_in(tx, &key, &mut t)?;
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
    /// Another identity of this laptop (enrolled with its key): an identity it left when it was
    /// restored from a backup, or a copy of its data directory. Not counted as another laptop
    /// that has yet to see this one's changes.
    pub same_laptop: bool,
    /// Another laptop's identity that it left behind when it took a new one (after a restore
    /// from a backup or as a copy): the laptop's newest identity, enrolled with the same key,
    /// speaks for it, so nobody waits for this one to see their changes.
    pub replaced: bool,
}

/// Identities enrolled with one key are one laptop. This laptop's other identities are marked
/// `same_laptop`; of another laptop's identities only the one seen last speaks for it, the rest
/// are `replaced`. Returns the devices and the fewest of this laptop's changes that a laptop
/// still speaking has seen.
fn one_voice_per_laptop(rows: Vec<(DeviceSeen, i64, String)>, my_key: &str) -> (Vec<DeviceSeen>, Option<i64>) {
    let newest_of = |key: &str| {
        rows.iter()
            .filter(|(_, _, k)| k == key)
            .max_by_key(|(d, _, _)| (d.last_seen_ms, d.changes_received))
            .map(|(d, _, _)| d.device_id.clone())
    };
    let mut min_seen: Option<i64> = None;
    let mut devices = Vec::with_capacity(rows.len());
    for (mut d, seen, key) in rows.iter().cloned() {
        d.same_laptop = !key.is_empty() && key == my_key;
        d.replaced = !d.same_laptop && !key.is_empty() && newest_of(&key).as_deref() != Some(d.device_id.as_str());
        if !d.same_laptop && !d.replaced {
            min_seen = Some(min_seen.map_or(seen, |m| m.min(seen)));
        }
        devices.push(d);
    }
    (devices, min_seen)
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
    /// The laptops enrolled in the workspace with their keys (this one included).
    pub enrolled: Vec<Enrolled>,
}

/// A laptop enrolled in the workspace, for people to see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrolled {
    pub device_id: String,
    pub member_name: String,
    /// The first 16 hex digits of its public key (enough to compare by eye).
    pub key_prefix: String,
    /// How it was let in: "founded the workspace", "invited by Lee", "trusted on first use".
    pub how: String,
    pub this_laptop: bool,
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
            "SELECT p.device_id, coalesce(m.name, ''), p.last_seen_ms, p.applied_seq, p.clock_ahead_ms, p.seen_of_me,
               coalesce(k.public_key, '')
             FROM sync_peer p LEFT JOIN member m ON m.id = p.member_id LEFT JOIN device k ON k.id = p.device_id
             WHERE (p.member_id IS NOT NULL OR p.applied_seq > 0)
               AND NOT (p.retired_ms IS NOT NULL AND p.retired_ms >= coalesce(p.last_seen_ms, 0))
             ORDER BY m.name COLLATE NOCASE, p.device_id",
        )?;
        let my_key: String = c
            .query_row("SELECT public_key FROM device WHERE id = ?1", [&dev.device_id], |r| r.get(0))
            .optional()?
            .unwrap_or_default();
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    DeviceSeen {
                        device_id: r.get(0)?,
                        member_name: r.get(1)?,
                        last_seen_ms: r.get(2)?,
                        changes_received: r.get(3)?,
                        clock_ahead_ms: r.get(4)?,
                        same_laptop: false,
                        replaced: false,
                    },
                    r.get::<_, i64>(5)?,
                    r.get::<_, String>(6)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let (devices, min_seen) = one_voice_per_laptop(rows, &my_key);
        let unseen_conflicts: i64 = c.query_row("SELECT count(*) FROM conflict WHERE seen = 0", [], |r| r.get(0))?;
        let held = oplog::held::list(c, now_ms())?;
        let mut enrolled = Vec::new();
        for e in workspace::enrolled(c)? {
            let name = |id: &str| {
                c.query_row("SELECT name FROM member WHERE id = ?1", [id], |r| r.get::<_, String>(0))
                    .optional()
                    .ok()
                    .flatten()
                    .unwrap_or_else(|| id.to_owned())
            };
            let how = match (&e.invite_id, &e.enrolled_by) {
                (Some(_), Some(by)) => format!("invited by {}", name(by)),
                (Some(_), None) => "joined with an invite".to_owned(),
                (None, _) if e.first => "founded the workspace".to_owned(),
                (None, _) => "trusted on first use (it synced before signatures)".to_owned(),
            };
            enrolled.push(Enrolled {
                member_name: name(&e.member_id),
                key_prefix: e.public_key.chars().take(16).collect(),
                how,
                this_laptop: e.device_id == dev.device_id,
                device_id: e.device_id,
            });
        }
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
                enrolled,
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
                enrolled,
            },
        })
    })
}
