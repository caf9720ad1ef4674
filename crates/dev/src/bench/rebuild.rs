//! Rebuilding every table from the log (`oplog::rebuild`: empty the synced tables, replay every
//! op in clock order, judging each), in one transaction, on a copy; against reading the log in
//! clock order and inserting the final rows into fresh tables ([`super::baseline`]).

use std::time::Instant;

use baton_core::{api, oplog};

use super::cache::{self, db_file};
use super::report::Row;
use super::stats::{fmt_ms, int};
use super::{baseline, raw, Ctx, Report, Result};

pub(crate) fn measure(ctx: &Ctx, report: &mut Report) -> Result<()> {
    ctx.say("rebuild: replaying the whole log");
    let dir = ctx.cache.work("rebuild");
    cache::copy_db(&ctx.generated.main_dir, &dir)?;
    let core = api::open_dir(&dir)?;
    let before = core.read(oplog::dump)?;
    let started = Instant::now();
    core.transact(|tx| oplog::rebuild(tx))?;
    let took = started.elapsed();
    let after = core.read(oplog::dump)?;
    drop(core);
    report.check(
        "rebuild: the tables are the same after a rebuild",
        before == after && !before.is_empty(),
        format!("dumps of {} and {} bytes", before.len(), after.len()),
    );
    let conn = raw::open(&db_file(&dir))?;
    let min = baseline::minimal_rebuild(&conn)?;
    drop(conn);
    cache::remove_dir(&dir)?;
    let base = min.read + min.insert;
    let ratio = took.as_secs_f64() / base.as_secs_f64();
    report.rows.push(
        Row::new("rebuild", format!("Rebuild every table from the {}-op log", int(min.ops as f64)))
            .figure(format!("{} ({} ops/s)", fmt_ms(took), int(min.ops as f64 / took.as_secs_f64())))
            .baseline(format!("read in clock order {} + insert final rows {}", fmt_ms(min.read), fmt_ms(min.insert)))
            .ratio(ratio)
            .target("≤ 30 s", &[("time", took.as_secs_f64() <= 30.0)])
            .value("ms", took.as_secs_f64() * 1e3)
            .value("baseline_ms", base.as_secs_f64() * 1e3),
    );
    Ok(())
}
