//! Applying received ops: the peer's segment files received by the main laptop through
//! `oplog::receive`, one transaction per segment — what a sync pass does for each file, minus
//! reading it — against a raw insert of the same rows into a fresh table of the same file.
//! Beside it, the whole sync pass receiving the same files (`sync_set_folder` on a folder
//! holding them: listing, reading, checking, applying, recording progress).

use std::fs;
use std::time::{Duration, Instant};

use baton_core::api::{self, handlers};
use baton_core::oplog;
use baton_core::sync::segment::Segment;

use super::cache::{self, db_file};
use super::peer;
use super::raw::{self, RawInsert};
use super::report::Row;
use super::stats::{fmt_ms, int};
use super::{Ctx, Report, Result};

/// What the measured receive took, for the decade case to compare with.
pub(crate) struct Applied {
    pub(crate) receive: Duration,
    pub(crate) ops: usize,
    /// What the op rows take when raw-inserted into a table without index.
    pub(crate) raw_bytes_per_op: f64,
}

/// Totals of a receive, over every segment.
#[derive(Debug, Default)]
pub(crate) struct Totals {
    pub(crate) won: usize,
    pub(crate) lost: usize,
    pub(crate) duplicate: usize,
    pub(crate) refused: usize,
    pub(crate) conflicts: usize,
    pub(crate) each: Vec<Duration>,
}

/// How received ops are handed to the core.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Via {
    /// `oplog::receive` with the segment's version vector, as a sync pass does.
    Receive,
    /// `Core::apply_remote`: no version vector, so no conflict bookkeeping (one batch).
    ApplyRemote,
}

/// Receives every segment into the database in `dir`, one transaction each; the time of the
/// receive alone (the segments are already read and checked).
pub(crate) fn receive_into(dir: &std::path::Path, segs: &[Segment], via: Via) -> Result<(Duration, Totals)> {
    let core = api::open_dir(dir)?;
    let mut t = Totals::default();
    let started = Instant::now();
    for seg in segs {
        let s = Instant::now();
        let r = match via {
            Via::Receive => core.transact(|tx| oplog::receive(tx, &seg.ops, Some(&seg.seen)))?,
            Via::ApplyRemote => oplog::Received { applied: core.apply_remote(&seg.ops)?, ..Default::default() },
        };
        t.each.push(s.elapsed());
        t.won += r.applied.won;
        t.lost += r.applied.lost;
        t.duplicate += r.applied.duplicate;
        t.refused += r.applied.refused;
        t.conflicts += r.conflicts;
    }
    let took = started.elapsed();
    drop(core);
    Ok((took, t))
}

fn dump_of(dir: &std::path::Path) -> Result<String> {
    Ok(api::open_dir(dir)?.read(oplog::dump)?)
}

pub(crate) fn measure(ctx: &Ctx, report: &mut Report) -> Result<Applied> {
    let n = ctx.received.ops;
    ctx.say(format!("apply: receiving the peer's {n} ops"));
    let read_started = Instant::now();
    let segs = peer::load(&ctx.received)?;
    let read = read_started.elapsed();
    let ops: Vec<&oplog::Op> = segs.iter().flat_map(|s| &s.ops).collect();

    let dir = ctx.cache.work("apply");
    cache::copy_db(&ctx.generated.main_dir, &dir)?;
    let (took, t) = receive_into(&dir, &segs, Via::Receive)?;
    let raw: RawInsert = raw::insert_ops(&db_file(&dir), ops.iter().copied())?;
    let peer_dump = dump_of(&ctx.received.peer_dir)?;
    let main_dump = dump_of(&dir)?;
    cache::remove_dir(&dir)?;

    report.check(
        "apply: every received op is new and allowed",
        t.won + t.lost == n && t.duplicate == 0 && t.refused == 0,
        format!("{} won, {} lost, {} duplicate, {} refused of {n}", t.won, t.lost, t.duplicate, t.refused),
    );
    report.check(
        "apply: the main laptop's data equals the peer's after receiving",
        main_dump == peer_dump && !main_dump.is_empty(),
        format!("dumps of {} and {} bytes", main_dump.len(), peer_dump.len()),
    );

    let ops_per_s = n as f64 / took.as_secs_f64();
    let ratio = took.as_secs_f64() / raw.took.as_secs_f64();
    let (min_seg, max_seg) =
        (t.each.iter().min().copied().unwrap_or_default(), t.each.iter().max().copied().unwrap_or_default());
    report.rows.push(
        Row::new(
            "apply",
            format!(
                "Apply {} received ops (receive, {} segment file{}, 1 tx each)",
                int(n as f64),
                segs.len(),
                if segs.len() == 1 { "" } else { "s" }
            ),
        )
        .figure(format!("{} ops/s ({})", int(ops_per_s), fmt_ms(took)))
        .baseline(format!("INSERT {} ({} ops/s)", fmt_ms(raw.took), int(n as f64 / raw.took.as_secs_f64())))
        .ratio(ratio)
        .target("≥ 100,000 ops/s, ≤ 3× raw", &[("ops/s", ops_per_s >= 100_000.0), ("× raw", ratio <= 3.0)])
        .value("ms", took.as_secs_f64() * 1e3)
        .value("ops_per_s", ops_per_s)
        .value("baseline_ms", raw.took.as_secs_f64() * 1e3),
    );
    report.note(format!(
        "apply: {} ops from {}'s laptop ({}), made through the api: {}; {} won, {} lost, {} conflicts recorded; \
         per segment {}–{}; reading and checking the {} files took {} more",
        int(n as f64),
        ctx.received.peer_member,
        short(&ctx.received.peer_device),
        ctx.received.commands.iter().map(|(c, k)| format!("{k} {c}")).collect::<Vec<_>>().join(", "),
        t.won,
        t.lost,
        t.conflicts,
        fmt_ms(min_seg),
        fmt_ms(max_seg),
        segs.len(),
        fmt_ms(read),
    ));

    // The whole pass, on a fresh copy, from a folder holding the generated files plus the
    // peer's new ones (hard links: the pass only ever renames files into place).
    let dir = ctx.cache.work("pass");
    let folder = ctx.cache.work("pass-folder");
    cache::copy_db(&ctx.generated.main_dir, &dir)?;
    cache::link_tree(&ctx.generated.folder, &folder)?;
    let dest = peer::device_folder(&folder, &ctx.received.workspace_id, &ctx.received.peer_device);
    fs::create_dir_all(&dest)?;
    for seg in &ctx.received.segments {
        if let Some(name) = seg.file_name() {
            let _ = fs::remove_file(dest.join(name));
            if fs::hard_link(seg, dest.join(name)).is_err() {
                fs::copy(seg, dest.join(name))?;
            }
        }
    }
    let core = api::open_dir(&dir)?;
    let folder_text = folder.canonicalize()?.to_string_lossy().into_owned();
    let started = Instant::now();
    let pass = handlers::sync_set_folder(&core, api::SyncFolderReq { folder: folder_text })?;
    let pass_took = started.elapsed();
    drop(core);
    let pass_dump = dump_of(&dir)?;
    cache::remove_dir(&dir)?;
    cache::remove_dir(&folder)?;
    report.check(
        "apply: a whole sync pass receives the same ops, with no problem, to the same data",
        pass.received as usize == n && pass.problems.is_empty() && pass_dump == peer_dump,
        format!("received {}, published {}, problems {:?}", pass.received, pass.published, pass.problems),
    );
    let pass_ratio = pass_took.as_secs_f64() / raw.took.as_secs_f64();
    report.rows.push(
        Row::new("apply_pass", "  the same, as a whole sync pass (sync_set_folder)")
            .figure(format!("{} ops/s ({})", int(n as f64 / pass_took.as_secs_f64()), fmt_ms(pass_took)))
            .baseline(format!("INSERT {}", fmt_ms(raw.took)))
            .ratio(pass_ratio)
            .value("ms", pass_took.as_secs_f64() * 1e3),
    );

    // Without version vectors: the core's batch path (`Core::apply_remote`).
    let dir = ctx.cache.work("apply-remote");
    cache::copy_db(&ctx.generated.main_dir, &dir)?;
    let (batch_took, b) = receive_into(&dir, &segs, Via::ApplyRemote)?;
    let batch_dump = dump_of(&dir)?;
    cache::remove_dir(&dir)?;
    report.check(
        "apply: Core::apply_remote leads to the same data",
        b.won + b.lost == n && batch_dump == peer_dump,
        format!("{} won, {} lost, {} duplicate, {} refused of {n}", b.won, b.lost, b.duplicate, b.refused),
    );
    report.rows.push(
        Row::new("apply_batch", "  the same, without version vectors (Core::apply_remote)")
            .figure(format!("{} ops/s ({})", int(n as f64 / batch_took.as_secs_f64()), fmt_ms(batch_took)))
            .baseline(format!("INSERT {}", fmt_ms(raw.took)))
            .ratio(batch_took.as_secs_f64() / raw.took.as_secs_f64())
            .value("ms", batch_took.as_secs_f64() * 1e3),
    );
    Ok(Applied { receive: took, ops: n, raw_bytes_per_op: raw.bytes_per_op })
}

/// The first 8 characters of an id.
pub(crate) fn short(id: &str) -> String {
    id.chars().take(8).collect()
}
