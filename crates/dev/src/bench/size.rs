//! The database's size on disk per logged op, and what takes the room: every table and index
//! by pages (SQLite's `dbstat`), largest first. The baseline is what the same op rows take when
//! raw-inserted into a table with their nine columns and no index (the apply measure's
//! baseline table).

use std::path::Path;

use super::apply::Applied;
use super::cache::{self, db_file};
use super::report::Row;
use super::stats::int;
use super::{baseline, raw, Ctx, Report, Result};

/// Ops in the main laptop's log.
pub(crate) fn op_count(ctx: &Ctx) -> Result<u64> {
    op_count_of(&db_file(&ctx.generated.main_dir))
}

pub(crate) fn op_count_of(db: &Path) -> Result<u64> {
    baseline::op_count(&raw::open_read_only(db)?)
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

pub(crate) fn measure(ctx: &Ctx, applied: &Applied, report: &mut Report) -> Result<()> {
    ctx.say("size: what the file holds");
    let db = db_file(&ctx.generated.main_dir);
    cache::checkpoint(&db)?;
    let bytes = cache::file_len(&db);
    let ops = report.ops.max(1);
    let per_op = bytes as f64 / ops as f64;
    let conn = raw::open_read_only(&db)?;
    let free: i64 = conn.pragma_query_value(None, "freelist_count", |r| r.get(0))?;
    let page: i64 = conn.pragma_query_value(None, "page_size", |r| r.get(0))?;
    let parts = raw::dbstat(&conn)?;
    drop(conn);
    let ratio = per_op / applied.raw_bytes_per_op;
    report.rows.push(
        Row::new("size", format!("Database size on disk ({} ops)", int(ops as f64)))
            .figure(format!("{per_op:.0} B/op ({})", mib(bytes)))
            .baseline(format!("op rows, no index: {:.0} B/op", applied.raw_bytes_per_op))
            .ratio(ratio)
            .target("≤ 150 B/op", &[("bytes", per_op <= 150.0)])
            .value("bytes", bytes as f64)
            .value("bytes_per_op", per_op)
            .value("baseline_bytes_per_op", applied.raw_bytes_per_op),
    );
    match parts {
        Some(parts) => {
            let total: u64 = parts.iter().map(|(_, b)| b).sum::<u64>().max(1);
            let top: Vec<String> = parts
                .iter()
                .take(6)
                .map(|(name, b)| {
                    format!(
                        "{name} {} ({:.0}%, {:.0} B/op)",
                        mib(*b),
                        100.0 * *b as f64 / total as f64,
                        *b as f64 / ops as f64
                    )
                })
                .collect();
            let rest: u64 = parts.iter().skip(6).map(|(_, b)| b).sum();
            report.note(format!(
                "size: largest first (dbstat): {}; the other {} tables and indexes {}; {} free pages of {page} B",
                top.join(", "),
                parts.len().saturating_sub(6),
                mib(rest),
                int(free as f64)
            ));
            report.check(
                "size: dbstat accounts for the whole file (but the lock-byte page)",
                (total + free.max(0) as u64 * page.max(0) as u64).abs_diff(bytes) <= page.max(0) as u64,
                format!("{total} B in tables and indexes + {free} free pages vs {bytes} B"),
            );
        }
        None => report.note("size: this SQLite has no dbstat table: no breakdown per table and index"),
    }
    Ok(())
}
