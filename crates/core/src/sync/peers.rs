//! Applying what [`super::scan`] read from other devices' directories, inside the pass's
//! transaction: each device's changes in sequence order from where this laptop stands, every
//! run in a savepoint with the device's new position, stopping at that device's first problem
//! with a true sentence about it.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::folder::{now_ms, PassReport, CLOCK_AHEAD_LIMIT_MS};
use super::own::op_id_at;
use super::scan::{self, DeviceFiles, DeviceState, Trusts};
use crate::error::{Error, Result};
use crate::oplog::{self, hlc, store};

/// One other device's directory as read this round.
pub(super) struct PeerFiles {
    pub device: String,
    pub state: Option<DeviceState>,
    /// Its state file was not signed by its enrolled key (ignored).
    pub state_forged: bool,
    pub files: DeviceFiles,
}

/// Where this laptop stands with `device` (created on first sight).
pub(super) fn applied_seq(tx: &Connection, device: &str) -> Result<i64> {
    tx.execute("INSERT INTO sync_peer (device_id) VALUES (?1) ON CONFLICT (device_id) DO NOTHING", [device])?;
    Ok(tx.query_row("SELECT applied_seq FROM sync_peer WHERE device_id = ?1", [device], |r| r.get(0))?)
}

pub(super) fn member_label(conn: &Connection, member_id: Option<&str>, device: &str) -> String {
    let name = member_id.and_then(|m| {
        conn.query_row("SELECT name FROM member WHERE id = ?1", [m], |r| r.get::<_, String>(0))
            .optional()
            .ok()
            .flatten()
    });
    match name {
        Some(n) if !n.is_empty() => format!("{n}'s laptop"),
        // Ids minted together share their first characters (UUIDv7 starts with the time):
        // the last ones tell two devices apart.
        _ if device.chars().count() > 12 => {
            let chars: Vec<char> = device.chars().collect();
            let head: String = chars.iter().take(8).collect();
            let tail: String = chars.iter().skip(chars.len() - 4).collect();
            format!("device {}…{}", scan::shown(&head), scan::shown(&tail))
        }
        _ => format!("device {}", scan::shown(device)),
    }
}

/// Applies one device's changes read this round; returns whether more are waiting to be read.
pub(super) fn receive(
    tx: &Transaction<'_>,
    me: &store::LocalDevice,
    peer: &PeerFiles,
    trusts: &Trusts,
    report: &mut PassReport,
) -> Result<bool> {
    let device = peer.device.as_str();
    let mut at = applied_seq(tx, device)?;
    if peer.state_forged {
        report.problems.push(format!(
            "ignored the state file of {}: {}",
            member_label(tx, None, device),
            super::segment::NOT_SIGNED_BY_ITS_LAPTOP
        ));
    }
    if let Some(s) = &peer.state {
        let seen_of_me = s.seen.get(&me.device_id).copied().unwrap_or(0);
        tx.execute(
            "UPDATE sync_peer SET member_id = ?2, seen_of_me = ?3, last_seen_ms = max(coalesce(last_seen_ms, 0), ?4)
             WHERE device_id = ?1",
            params![device, s.member, seen_of_me, s.at_ms],
        )?;
    }
    // A device whose changes moved to this one is retired as of then (see `status`).
    for g in peer.files.good.iter().filter(|g| !g.seg.moved_from.is_empty()) {
        tx.execute(
            "INSERT INTO sync_peer (device_id, retired_ms) VALUES (?1, ?2)
             ON CONFLICT (device_id) DO UPDATE SET retired_ms = max(coalesce(retired_ms, 0), excluded.retired_ms)",
            params![g.seg.moved_from, g.seg.moved_ms],
        )?;
    }
    let who = member_label(tx, peer.state.as_ref().map(|s| s.member.as_str()), device);
    for copy in &peer.files.copies {
        report.problems.push(format!(
            "ignored {} from {who}: a copy made by the file-sync tool; the original is used",
            scan::shown(copy)
        ));
    }
    if let Some(why) = &peer.files.unreadable {
        report.problems.push(format!("could not read {who}'s changes: {why}"));
        return Ok(false);
    }
    let good = &peer.files.good;
    // Which file gives each change after `at`; two files that disagree are a fork.
    let mut chosen: BTreeMap<i64, usize> = BTreeMap::new();
    let mut fork: Option<(i64, String, String)> = None;
    let mut applied_fork: Option<(i64, String)> = None;
    for (fi, g) in good.iter().enumerate() {
        for op in &g.seg.ops {
            if op.seq <= at {
                if applied_fork.is_none() {
                    if let Some(have) = op_id_at(tx, device, op.seq)? {
                        if have != op.op_id && !moved_on(tx, op)? {
                            applied_fork = Some((op.seq, g.name.clone()));
                        }
                    }
                }
                continue;
            }
            match chosen.entry(op.seq) {
                Entry::Vacant(v) => {
                    v.insert(fi);
                }
                Entry::Occupied(mut o) => {
                    let other = &good[*o.get()];
                    let theirs = other.seg.ops.get((op.seq - other.seg.first_seq) as usize);
                    if theirs.map(|x| &x.op_id) == Some(&op.op_id) {
                        continue;
                    }
                    // One of the two moved on to a new identity already: the other is this
                    // position's.
                    if theirs.map(|x| moved_on(tx, x)).transpose()? == Some(true) {
                        o.insert(fi);
                    } else if !moved_on(tx, op)? && fork.as_ref().is_none_or(|(s, _, _)| op.seq < *s) {
                        fork = Some((op.seq, other.name.clone(), g.name.clone()));
                    }
                }
            }
        }
    }
    if let Some((seq, name)) = applied_fork {
        report.problems.push(format!(
            "{who}'s file {} holds a different change {seq} than the one this laptop applied: two laptops wrote as \
             the same device (a copied data directory, or a laptop restored from a backup); its changes after {at} \
             wait until that laptop syncs and settles it",
            scan::shown(&name)
        ));
        return Ok(false);
    }
    // A laptop neither enrolled nor trusted from before signatures is read only if its log
    // begins with its enrolment (joining with an invite); every later change of it is judged
    // against that enrolment.
    if at == 0 {
        if let Some(first) = chosen.get(&1).and_then(|&fi| good.get(fi)) {
            let enrols = first.seg.ops.first().is_some_and(|op| op.table == "device" && op.entity_id == device);
            if !trusts.known(device, &first.seg) && !enrols {
                report.problems.push(format!(
                    "ignored the changes of {who}: that laptop is not enrolled in the workspace (it did not join \
                     with an invite), so nothing it wrote was applied"
                ));
                return Ok(false);
            }
        }
    }
    let limit = fork.as_ref().map_or(i64::MAX, |(s, _, _)| *s);
    let mut next = at + 1;
    let mut waiting_on_moved = false;
    while next < limit {
        let Some(&fi) = chosen.get(&next) else { break };
        let g = &good[fi];
        let start = (next - g.seg.first_seq) as usize;
        // The run goes on while this file is the one chosen for each position.
        let end = g
            .seg
            .ops
            .iter()
            .position(|op| op.seq >= next && (op.seq >= limit || chosen.get(&op.seq) != Some(&fi)))
            .unwrap_or(g.seg.ops.len());
        let Some(run) = g.seg.ops.get(start..end).filter(|r| !r.is_empty()) else { break };
        let moved_from = Some(g.seg.moved_from.as_str()).filter(|m| !m.is_empty() && *m != me.device_id);
        let mut sp = Savepoint::begin(tx)?;
        // Rewinds count only once their savepoint is kept.
        let mut rewound = BTreeSet::new();
        if let Some(from) = moved_from {
            take_moved(&sp, from, run, &mut rewound)?;
        }
        let mut run = run;
        let mut received = oplog::receive(&sp, run, Some(&g.seg.seen));
        if matches!(received, Err(Error::InvalidOp(_))) {
            // A change here may have moved on to a new identity already (this laptop holds it
            // there): the position is then the other copy's, not arrived yet. Apply up to it.
            drop(sp);
            sp = Savepoint::begin(tx)?;
            rewound.clear();
            if let Some(from) = moved_from {
                take_moved(&sp, from, run, &mut rewound)?;
            }
            match first_moved(&sp, run)? {
                Some(0) => {
                    drop(sp);
                    waiting_on_moved = true;
                    break;
                }
                Some(k) => {
                    run = run.get(..k).unwrap_or(run);
                    received = oplog::receive(&sp, run, Some(&g.seg.seen));
                }
                None => {}
            }
        }
        let last = run.last().map_or(next, |op| op.seq);
        let hash = if last == g.seg.last_seq { g.hash.as_str() } else { "" };
        match received {
            Ok(received) => {
                let ahead = hlc::wall_ms(received.max_hlc) - now_ms();
                sp.execute(
                    "UPDATE sync_peer SET applied_seq = ?2, applied_hash = ?3, clock_ahead_ms = max(clock_ahead_ms, ?4)
                     WHERE device_id = ?1",
                    params![device, last, hash, ahead.max(0)],
                )?;
                sp.commit()?;
                report.rewound.extend(rewound);
                report.received += run.len();
                report.conflicts += received.conflicts;
                at = last;
                next = last + 1;
            }
            Err(Error::InvalidOp(why)) => {
                drop(sp);
                report.problems.push(format!(
                    "skipped {} from {who}: it holds a change Baton cannot accept ({why})",
                    scan::shown(&g.name)
                ));
                break;
            }
            Err(e) => return Err(e),
        }
    }
    // Damaged files after what was applied: said here, and named in this laptop's state file
    // so their author rewrites them.
    let damaged: Vec<&scan::Bad> = peer.files.bad.iter().filter(|b| b.last > at).collect();
    if !damaged.is_empty() {
        report.damaged.insert(device.to_owned(), damaged.iter().map(|b| b.name.clone()).collect());
    }
    if let Some((seq, a, b)) = &fork {
        if next >= *seq {
            report.problems.push(format!(
                "{who}'s folder holds two different versions of its change {seq} ({} and {}): two laptops wrote as \
                 the same device (a copied data directory, or a laptop restored from a backup); its changes from \
                 {seq} on wait until that laptop syncs and settles it",
                scan::shown(a),
                scan::shown(b)
            ));
        }
    } else if waiting_on_moved {
        if !retired(tx, device)? {
            report.problems.push(format!(
                "waiting for change {next} from {who}: the folder holds only a copy of it that moved to a new device \
                 identity; it arrives when that laptop syncs"
            ));
        }
    } else if !chosen.contains_key(&next) {
        let blocking = damaged.iter().find(|b| b.first <= next && next <= b.last);
        if let Some(bad) = blocking.filter(|b| b.forged) {
            report.problems.push(format!(
                "changes {}–{} from {who} are in {}, which is refused ({}); nothing in it was applied, and they \
                 arrive once {who} syncs again, which rewrites it",
                next,
                bad.last,
                scan::shown(&bad.name),
                bad.why
            ));
        } else if let Some(bad) = blocking {
            report.problems.push(format!(
                "changes {}–{} from {who} are in a damaged file {} ({}); they arrive once {who} syncs again, \
                 which rewrites it",
                next,
                bad.last,
                scan::shown(&bad.name),
                bad.why
            ));
        } else if let Some((&later, &fi)) = chosen.range(next..).next() {
            report.problems.push(format!(
                "waiting for changes {next}–{} from {who}: they are not in the sync folder yet \
                 (a file-sync tool may still be copying them); {} and later files wait for them",
                later - 1,
                scan::shown(&good[fi].name)
            ));
        } else if let Some(bad) = damaged.iter().find(|b| b.first > next) {
            report.problems.push(format!(
                "waiting for changes {next}–{} from {who}: they are not in the sync folder yet",
                bad.first - 1
            ));
        }
    }
    for bad in damaged.iter().filter(|b| b.first > next || b.last < next) {
        let nothing = if bad.forged { "; nothing in it was applied" } else { "" };
        report.problems.push(format!("skipped {} from {who}: {}{nothing}", scan::shown(&bad.name), bad.why));
    }
    let ahead: i64 =
        tx.query_row("SELECT clock_ahead_ms FROM sync_peer WHERE device_id = ?1", [device], |r| r.get(0))?;
    if ahead > CLOCK_AHEAD_LIMIT_MS {
        report.problems.push(format!(
            "{who}'s clock is about {} minutes ahead; its changes are kept, and the next edit anywhere overrides them",
            ahead / 60_000
        ));
    }
    if let Some((n, first)) = oplog::held::by_device(tx, device)? {
        let which = if n == 1 { "a change from it is".to_owned() } else { format!("{n} changes from it are") };
        report.problems.push(format!(
            "{who}'s clock is {} ahead: {which} held until this laptop's clock reaches {}",
            oplog::held::about(hlc::wall_ms(first) - now_ms()),
            oplog::held::date(hlc::wall_ms(first) - oplog::held::HOLD_AFTER_MS)
        ));
    }
    Ok(peer.files.more && fork.is_none())
}

/// Moves to this run's positions the ops this log holds under the identity they were moved
/// from (see `oplog::rehome`), and rewinds that identity's position so the changes another
/// copy wrote there are read.
fn take_moved(conn: &Connection, from: &str, run: &[oplog::Op], rewound: &mut BTreeSet<String>) -> Result<()> {
    for op in run {
        let Some(seq) = oplog::rehome(conn, op, from)? else { continue };
        oplog::conflicts::forget_seen(conn, from, seq, seq)?;
        conn.execute(
            "UPDATE sync_peer SET applied_seq = min(applied_seq, ?2), applied_hash = '' WHERE device_id = ?1",
            params![from, seq - 1],
        )?;
        rewound.insert(from.to_owned());
    }
    Ok(())
}

/// Whether `device` is retired: its changes moved to another identity, and nothing it wrote
/// since says it is still in use (see `status`).
fn retired(conn: &Connection, device: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT retired_ms IS NOT NULL AND retired_ms >= coalesce(last_seen_ms, 0) FROM sync_peer WHERE device_id = ?1",
            [device],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(false))
}

/// The index of the first op of `run` this log holds at another position, if any.
fn first_moved(conn: &Connection, run: &[oplog::Op]) -> Result<Option<usize>> {
    for (i, op) in run.iter().enumerate() {
        if moved_on(conn, op)? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

/// Whether this log holds `op` at another position (it moved to a new identity).
fn moved_on(conn: &Connection, op: &oplog::Op) -> Result<bool> {
    Ok(oplog::position(conn, &op.op_id)?.is_some_and(|(d, s)| (d.as_str(), s) != (op.device_id.as_str(), op.seq)))
}

/// A savepoint on the pass's transaction (rusqlite's needs `&mut`; the pass holds `&`).
pub(super) struct Savepoint<'c> {
    conn: &'c Connection,
    done: bool,
}

impl<'c> Savepoint<'c> {
    pub(super) fn begin(conn: &'c Connection) -> Result<Savepoint<'c>> {
        conn.execute_batch("SAVEPOINT segment")?;
        Ok(Savepoint { conn, done: false })
    }

    pub(super) fn commit(mut self) -> Result<()> {
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
