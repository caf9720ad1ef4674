//! This laptop's own directory of the sync folder, reconciled with its log before it publishes.
//! The folder can know more than the database, or something else:
//!
//! - **Ahead** — the folder holds this device's changes after the last one in its log: the
//!   database was restored from a backup, or a power cut lost commits that had reached the
//!   folder. They are read back as this device's own, and the next edit continues after them.
//! - **Diverged** — the folder holds, at a position this log also uses, a *different* change:
//!   another copy of this data directory (a copied laptop image) or the laptop before its
//!   restore published it. This laptop then takes a new device identity and moves its changes
//!   from that position on to it (same ids, same clocks, so last-writer-wins decides as before);
//!   its own files among them leave the old directory, and the old identity's changes in the
//!   folder are received like any other laptop's. Nothing is lost on either side.
//! - **Damaged or foreign files** — a file in this directory that is not a valid segment of this
//!   device (a partial copy, a bad USB stick, a file another device wrote here): a foreign file
//!   is set aside as `.refused-<name>`, and the range is rewritten from the log when the log
//!   holds it. Readers name the damaged files they meet in their `device.json`; the author
//!   rereads those and repairs them the same way.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::folder::{checkpoints, ops_between, set_checkpoint, version_vector, write_atomically, PassReport};
use super::peers::Savepoint;
use super::scan::{self, Bad, DeviceFiles, Good, Trusts};
use super::segment::{self, Segment};
use crate::error::Result;
use crate::oplog::signing::DeviceKey;
use crate::oplog::store::{self, new_id};
use crate::oplog::{self, Op};

/// How many of its last positions a pass compares with the folder when it has no better
/// bound (a new folder): a copy of this laptop, or a restored one, that made more edits than
/// this before its first pass is not noticed there.
pub(super) const CHECKED: i64 = 10_000;

/// The op id this log holds at `(device, seq)`.
pub(super) fn op_id_at(conn: &Connection, device: &str, seq: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT baton_op_id(o.op_id) FROM op o JOIN ident d ON d.n = o.device WHERE d.id = ?1 AND o.seq = ?2",
        )?
        .query_row(params![device, seq], |r| r.get(0))
        .optional()?)
}

/// The identity this device's changes were moved from, if any, and when (stamped on its
/// segments).
pub(super) fn moved_from(conn: &Connection) -> Result<(String, i64)> {
    Ok(conn
        .query_row("SELECT moved_from, moved_ms FROM sync_config", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or_default())
}

/// What the own directory holds that needs looking at: files after what the log says was
/// published, and files readers reported damaged.
pub(super) fn scan(
    mine: &Path,
    workspace: &str,
    device: &str,
    trusts: &Trusts,
    from: i64,
    reported: &[String],
) -> DeviceFiles {
    let mut files = scan::device_files(mine, workspace, device, trusts, from, scan::ROUND_OPS);
    // A file-sync tool's copy of a file of this directory (two copies of this laptop wrote the
    // same name): its changes are compared like any file's, so the fork is noticed.
    for name in std::mem::take(&mut files.copies) {
        let Ok(bytes) = scan::read_capped(&mine.join(&name), segment::MAX_BYTES) else { continue };
        let Ok((seg, hash)) = segment::decode(&bytes) else { continue };
        let fits = segment::check(&seg, workspace, device, seg.first_seq, seg.last_seq).is_ok()
            && trusts.refuse(device, &seg).is_none();
        if fits {
            files.good.push(Good { name, hash, seg });
        }
    }
    let Ok((all, _)) = scan::list(mine) else { return files };
    for f in all.iter().filter(|(_, last, name)| *last <= from && reported.contains(name)) {
        match scan::read_one(mine, workspace, device, trusts, f) {
            Ok(good) => files.good.push(good),
            Err(bad) => files.bad.push(bad),
        }
    }
    files
}

/// Reconciles the own directory (see the module's comment). Returns whether this device took a
/// new identity (the caller then starts a new round: the old one is a peer now).
pub(super) fn reconcile(
    tx: &Transaction<'_>,
    mine: &Path,
    files: &DeviceFiles,
    key: &DeviceKey,
    report: &mut PassReport,
) -> Result<bool> {
    let dev = store::local_device(tx)?.ok_or(crate::error::Error::NoWorkspace)?;
    let local_max = dev.next_seq - 1;
    let mut diverged: Option<i64> = None;
    for g in &files.good {
        for op in g.seg.ops.iter().filter(|op| op.seq <= local_max) {
            if op_id_at(tx, &dev.device_id, op.seq)?.as_deref() != Some(op.op_id.as_str()) {
                diverged = Some(diverged.map_or(op.seq, |d| d.min(op.seq)));
                break;
            }
        }
    }
    if let Some(from) = diverged {
        split_identity(tx, &dev, mine, from, &files.good, key, report)?;
        return Ok(true);
    }
    let read_back = read_back(tx, &dev, &files.good, report)?;
    if read_back > 0 {
        report.problems.push(format!(
            "read back {read_back} of this laptop's own changes from the sync folder that its database did not hold \
             (restored from a backup, or cut off by a power loss); nothing was lost, and new edits continue after them"
        ));
    }
    // A sync tool's copy whose every change this log holds (at any position) has nothing left
    // to tell: it goes, so readers stop mentioning it.
    for g in files.good.iter().filter(|g| segment::parse_name(&g.name).is_none()) {
        let mut held = true;
        for op in &g.seg.ops {
            if oplog::position(tx, &op.op_id)?.is_none() {
                held = false;
                break;
            }
        }
        if held {
            let _ = fs::remove_file(mine.join(&g.name));
        }
    }
    let local_max = store::local_device(tx)?.map_or(local_max, |d| d.next_seq - 1);
    for bad in &files.bad {
        repair(tx, &dev, mine, bad, local_max, key, report)?;
    }
    Ok(false)
}

/// Applies the folder's changes of this device after the end of its log, in order; returns how
/// many.
fn read_back(tx: &Transaction<'_>, dev: &store::LocalDevice, good: &[Good], report: &mut PassReport) -> Result<usize> {
    let mut next = dev.next_seq;
    let mut count = 0;
    let mut refused = None;
    while let Some(g) = good.iter().find(|g| g.seg.first_seq <= next && next <= g.seg.last_seq) {
        let Some(run) = g.seg.ops.get((next - g.seg.first_seq) as usize..) else { break };
        let sp = Savepoint::begin(tx)?;
        // These ops were written under the segment's version vector, and the conflict pairs
        // they make as they apply read it: it is this device's checkpoint from here on.
        set_checkpoint(&sp, next, &g.seg.seen)?;
        match oplog::receive(&sp, run, None) {
            Ok(_) => sp.commit()?,
            Err(crate::error::Error::InvalidOp(why)) => {
                drop(sp);
                refused = Some(format!(
                    "could not read back this laptop's own file {}: it holds a change Baton cannot accept ({why})",
                    scan::shown(&g.name)
                ));
                break;
            }
            Err(e) => return Err(e),
        }
        count += run.len();
        next = g.seg.last_seq + 1;
        tx.execute("UPDATE local_device SET next_seq = max(next_seq, ?1)", [next])?;
    }
    if count > 0 {
        // The next edits are written knowing everything this laptop holds now.
        set_checkpoint(tx, next, &version_vector(tx)?)?;
    }
    report.problems.extend(refused);
    Ok(count)
}

/// Moves this device's changes from `from` on to a new device identity (see the module's
/// comment).
fn split_identity(
    tx: &Transaction<'_>,
    dev: &store::LocalDevice,
    mine: &Path,
    from: i64,
    good: &[Good],
    key: &DeviceKey,
    report: &mut PassReport,
) -> Result<()> {
    // Files this device published whose changes from `from` on are its own: they move with
    // the changes (kept up to `from - 1` when they start earlier).
    // Every such file of the directory, not only those this round read.
    let mut all: Vec<Good> = Vec::new();
    let trusts = Trusts::load(tx, &dev.device_id)?;
    if let Ok((files, _)) = scan::list(mine) {
        for f in files.iter().filter(|(_, last, _)| *last >= from) {
            if !good.iter().any(|g| g.name == f.2) {
                if let Ok(g) = scan::read_one(mine, &dev.workspace_id, &dev.device_id, &trusts, f) {
                    all.push(g);
                }
            }
        }
    }
    let mut own_files: Vec<&Good> = Vec::new();
    for g in good.iter().chain(all.iter()).filter(|g| g.seg.last_seq >= from) {
        let mut all_mine = true;
        for op in g.seg.ops.iter().filter(|op| op.seq >= from) {
            if op_id_at(tx, &dev.device_id, op.seq)?.as_deref() != Some(op.op_id.as_str()) {
                all_mine = false;
                break;
            }
        }
        if all_mine {
            own_files.push(g);
        }
    }
    let new_device = new_id();
    let moved: i64 = tx.query_row(
        "SELECT count(*) FROM op o JOIN ident d ON d.n = o.device WHERE d.id = ?1 AND o.seq >= ?2",
        params![dev.device_id, from],
        |r| r.get(0),
    )?;
    tx.execute("INSERT INTO ident (id) VALUES (?1) ON CONFLICT DO NOTHING", [&new_device])?;
    tx.execute(
        "UPDATE op SET device = (SELECT n FROM ident WHERE id = ?1), seq = seq - ?3 + 1
         WHERE device = (SELECT n FROM ident WHERE id = ?2) AND seq >= ?3",
        params![new_device, dev.device_id, from],
    )?;
    // The ops staying behind keep their version vectors as a remote device's: the checkpoint in
    // force at each, and the empty vector before the first checkpoint — what `publish` put in
    // their segments and what every other laptop recorded for them (left out, they would count
    // as unknown here alone, and a pair they make would be listed everywhere but here).
    let cps = checkpoints(tx)?;
    let floor: i64 = tx.query_row("SELECT seq FROM own_seen_floor", [], |r| r.get(0)).optional()?.unwrap_or(1);
    let mut runs: Vec<(i64, BTreeMap<String, i64>)> = Vec::with_capacity(cps.len() + 1);
    if cps.first().is_none_or(|(f, _)| *f > 1) {
        runs.push((1, BTreeMap::new()));
    }
    runs.extend(cps.iter().cloned());
    let ids = &mut oplog::Ids::default();
    for (i, (f, vv)) in runs.iter().enumerate() {
        let end = runs.get(i + 1).map_or(from, |(next, _)| *next).min(from) - 1;
        let start = (*f).max(floor);
        if start <= end {
            oplog::conflicts::record_seen(tx, ids, &ops_between(tx, &dev.device_id, start, end)?, vv)?;
        }
    }
    // The vectors the moved ops were written under, renumbered with them. A moved op saw the
    // old identity exactly up to `from - 1`: what a checkpoint counted of this device from
    // `from` on were its own moved changes (the new identity's now), and the old identity's
    // positions from there are the other copy's, which this laptop never saw (no laptop
    // receives its own device's files). Left as it was, a checkpoint taken after an edit at
    // `from` would claim the other copy's changes as seen and hide their conflicts.
    let renumbered = |vv: &BTreeMap<String, i64>| {
        let mut vv = vv.clone();
        let own = vv.remove(&dev.device_id).unwrap_or(0);
        vv.insert(dev.device_id.clone(), from - 1);
        if own >= from {
            vv.insert(new_device.clone(), own - from + 1);
        }
        vv
    };
    let at_from = renumbered(&cps.iter().rev().find(|(f, _)| *f <= from).map(|(_, vv)| vv.clone()).unwrap_or_default());
    tx.execute("DELETE FROM seen_checkpoint", [])?;
    set_checkpoint(tx, 1, &at_from)?;
    for (f, vv) in cps.iter().filter(|(f, _)| *f > from) {
        set_checkpoint(tx, f - from + 1, &renumbered(vv))?;
    }
    tx.execute("UPDATE local_device SET device_id = ?1, next_seq = ?2", params![new_device, moved + 1])?;
    // Own ops written before vectors were kept stay "unknown" under their new numbers.
    tx.execute("UPDATE own_seen_floor SET seq = max(1, seq - ?1 + 1)", [from])?;
    let now = super::folder::now_ms();
    tx.execute(
        "UPDATE sync_config SET exported_seq = 0, exported_hash = '', moved_from = ?1, moved_ms = ?2",
        params![dev.device_id, now],
    )?;
    // The old identity is a peer now, known up to where both copies agreed.
    tx.execute(
        "INSERT INTO sync_peer (device_id, member_id, applied_seq, retired_ms) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (device_id) DO UPDATE SET applied_seq = excluded.applied_seq, applied_hash = '',
           retired_ms = excluded.retired_ms",
        params![dev.device_id, dev.member_id, from - 1, now],
    )?;
    for g in own_files {
        let path = mine.join(&g.name);
        if g.seg.first_seq < from {
            let ops: Vec<Op> = g.seg.ops.iter().filter(|op| op.seq < from).cloned().collect();
            let seg = Segment { last_seq: from - 1, ops, ..g.seg.clone() };
            if let Ok((bytes, _)) = segment::encode(&seg, key) {
                let _ = write_atomically(mine, &segment::file_name(seg.first_seq, seg.last_seq), &bytes);
            }
        }
        let _ = fs::remove_file(path);
    }
    report.problems.push(format!(
        "another copy of this laptop's data (a copied laptop, or this laptop before it was restored from a backup) \
         published different changes under the same device; this laptop now syncs as a new device and keeps all \
         {moved} of its changes from that point, and the other copy's changes arrive as well"
    ));
    Ok(())
}

/// Rewrites a damaged or foreign file of this directory from the log, or says why it can't.
fn repair(
    tx: &Transaction<'_>,
    dev: &store::LocalDevice,
    mine: &Path,
    bad: &Bad,
    local_max: i64,
    key: &DeviceKey,
    report: &mut PassReport,
) -> Result<()> {
    let name = scan::shown(&bad.name);
    if bad.foreign {
        let aside = mine.join(format!(".refused-{}", bad.name));
        if fs::rename(mine.join(&bad.name), &aside).is_err() {
            report
                .problems
                .push(format!("could not set aside {name}, which another device wrote into this laptop's folder"));
            return Ok(());
        }
        report.problems.push(format!(
            "{name} in this laptop's folder was not written by it ({}); it was set aside as .refused-{name}",
            bad.why
        ));
    }
    if bad.last > local_max || bad.first < 1 {
        if !bad.foreign {
            report.problems.push(format!(
                "this laptop's own file {name} is damaged ({}) and holds changes {}–{} this laptop does not hold; \
                 laptops that applied them still have them",
                bad.why, bad.first, bad.last
            ));
        }
        return Ok(());
    }
    let ops = ops_between(tx, &dev.device_id, bad.first, bad.last)?;
    let cps = checkpoints(tx)?;
    let seen_at = |seq: i64| cps.iter().rev().find(|(f, _)| *f <= seq).map(|(_, vv)| vv.clone()).unwrap_or_default();
    let one_vector = ops.iter().all(|op| seen_at(op.seq) == seen_at(bad.first));
    if ops.len() as i64 != bad.last - bad.first + 1 || !one_vector {
        // Not one segment's worth: publish everything after it again instead.
        let _ = fs::remove_file(mine.join(&bad.name));
        tx.execute("UPDATE sync_config SET exported_seq = min(exported_seq, ?1), exported_hash = ''", [bad.first - 1])?;
        return Ok(());
    }
    let moved = moved_from(tx)?;
    let seg = Segment {
        format: segment::FORMAT,
        workspace: dev.workspace_id.clone(),
        device: dev.device_id.clone(),
        first_seq: bad.first,
        last_seq: bad.last,
        prev_hash: String::new(),
        seen: seen_at(bad.first),
        ops,
        moved_from: moved.0,
        moved_ms: moved.1,
        key: String::new(),
    };
    match segment::encode(&seg, key).map(|(bytes, _)| write_atomically(mine, &bad.name, &bytes)) {
        Ok(Ok(())) => {
            if !bad.foreign {
                report.problems.push(format!("rewrote this laptop's damaged file {name} ({}) from its log", bad.why));
            }
        }
        Ok(Err(e)) => report.problems.push(format!("could not rewrite this laptop's damaged file {name}: {e}")),
        Err(e) => report.problems.push(format!("could not rewrite this laptop's damaged file {name}: {e}")),
    }
    Ok(())
}
