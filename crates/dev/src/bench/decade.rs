//! The decade case (`--decade`): the same received ops applied to a log ten times larger — a
//! decade of a large organisation's edits.
//!
//! A copy of the main laptop's database is padded with synthetic historical ops through
//! `Core::apply_remote` in batches of 50,000: edits of existing fields (items' titles, periods,
//! statuses, confidence, metrics, impact; goals' titles, descriptions and measures) from 30
//! history devices, authored by leadership, with clocks spread between the time those members
//! became leadership and the main laptop's clock — older than everything the peer sends. No
//! authority field is padded (roles, owners, links), so no op is refused or re-judged. The padded
//! database is cached (`decade-v<D>/`); building it is long and said so.

use std::time::Instant;

use baton_core::api::{self, handlers, Horizon, NoArgs, Role};
use baton_core::oplog::{self, hlc, Op};
use baton_core::registry::{CONFIDENCES, STATUSES};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::apply::{self, Applied};
use super::cache::{self, db_file};
use super::report::Row;
use super::stats::{self, fmt_ms, int, Rng};
use super::{peer, raw, say, Ctx, Error, Report, Result, Step};

/// Bumped when the padding changes.
const VERSION: u32 = 1;
const BATCH: usize = 50_000;
const HISTORY_DEVICES: usize = 30;

#[derive(Serialize, Deserialize)]
struct Marker {
    ops: u64,
    seconds: f64,
    bytes: u64,
    refused: usize,
}

pub(crate) fn not_run(ctx: &Ctx) -> Row {
    Row::new("apply_decade", format!("The same with a {}× log (a decade of a large org)", ctx.plan.decade_factor))
        .figure("not run: add --decade")
        .target("cost per op ≤ 1.5× the first case", &[])
        .met_none()
}

pub(crate) fn measure(ctx: &Ctx, first: &Applied, report: &mut Report) -> Result<()> {
    let (padded_dir, marker, step) = padded(ctx)?;
    report.setup.push(step);
    ctx.say(format!("decade: receiving the peer's ops into the {}-op log", marker.ops));
    let segs = peer::load(&ctx.received)?;
    let dir = ctx.cache.work("decade");
    let copy = Instant::now();
    cache::copy_db(&padded_dir, &dir)?;
    ctx.say(format!("decade: copied the padded database in {:.1} s", copy.elapsed().as_secs_f64()));
    let (took, t) = apply::receive_into(&dir, &segs, apply::Via::Receive)?;
    let raw = raw::insert_ops(&db_file(&dir), segs.iter().flat_map(|s| &s.ops))?;
    cache::remove_dir(&dir)?;
    report.check(
        "decade: every received op is new and allowed in the padded log too",
        t.won + t.lost == first.ops && t.duplicate == 0 && t.refused == 0,
        format!("{} won, {} lost, {} duplicate, {} refused of {}", t.won, t.lost, t.duplicate, t.refused, first.ops),
    );
    let per_op = |d: std::time::Duration| d.as_secs_f64() * 1e6 / first.ops as f64;
    let ratio = took.as_secs_f64() / first.receive.as_secs_f64();
    report.rows.push(
        Row::new(
            "apply_decade",
            format!("The same with a {}-op log (a decade of a large org)", int(marker.ops as f64)),
        )
        .figure(format!(
            "{:.1} µs/op ({} ops/s; raw insert {})",
            per_op(took),
            int(first.ops as f64 / took.as_secs_f64()),
            fmt_ms(raw.took)
        ))
        .baseline(format!("the first case: {:.1} µs/op", per_op(first.receive)))
        .ratio(ratio)
        .target("cost per op ≤ 1.5× the first case", &[("per op", ratio <= 1.5)])
        .value("ms", took.as_secs_f64() * 1e3)
        .value("baseline_ms", first.receive.as_secs_f64() * 1e3)
        .value("raw_insert_ms", raw.took.as_secs_f64() * 1e3),
    );
    report.note(format!(
        "decade: padded log of {} ops, {} on disk ({:.0} B/op); padding took {:.0} s",
        int(marker.ops as f64),
        mib(marker.bytes),
        marker.bytes as f64 / marker.ops.max(1) as f64,
        marker.seconds
    ));
    Ok(())
}

fn mib(bytes: u64) -> String {
    format!("{:.0} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// The padded database's data directory: from the cache, or padded now.
fn padded(ctx: &Ctx) -> Result<(std::path::PathBuf, Marker, Step)> {
    let started = Instant::now();
    let name = format!("pad the log to {}×", ctx.plan.decade_factor);
    let dir = ctx.cache.dir.join(format!("decade-v{VERSION}-x{}", ctx.plan.decade_factor));
    if let Some(m) = cache::read_marker::<Marker>(&dir.join("decade.json")) {
        if db_file(&dir.join("main")).is_file() {
            let step = Step { name, seconds: started.elapsed().as_secs_f64(), cached: true, built_seconds: m.seconds };
            return Ok((dir.join("main"), m, step));
        }
    }
    cache::remove_dir(&dir)?;
    let tmp = ctx.cache.dir.join(format!("decade-v{VERSION}.tmp"));
    cache::remove_dir(&tmp)?;
    cache::copy_db(&ctx.generated.main_dir, &tmp.join("main"))?;
    let (ops, refused) = pad(ctx, &tmp.join("main"))?;
    cache::checkpoint(&db_file(&tmp.join("main")))?;
    let seconds = started.elapsed().as_secs_f64();
    let m = Marker { ops, seconds, bytes: cache::file_len(&db_file(&tmp.join("main"))), refused };
    cache::write_marker(&tmp.join("decade.json"), &m)?;
    std::fs::rename(&tmp, &dir)?;
    Ok((dir.join("main"), m, Step { name, seconds, cached: false, built_seconds: seconds }))
}

/// What padding ops may edit.
enum Target {
    Item(String, Horizon),
    Goal(String),
}

/// Pads the database in `dir` to the plan's factor; returns the ops it then holds and how many
/// padding ops were refused (none expected).
fn pad(ctx: &Ctx, dir: &std::path::Path) -> Result<(u64, usize)> {
    let core = api::open_dir(dir)?;
    let have = super::size::op_count_of(&db_file(dir))?;
    let want = have * ctx.plan.decade_factor;
    let add = want.saturating_sub(have) as usize;

    let items = handlers::item_list(&core, api::ItemListReq::default())?;
    let goals = handlers::goal_list(&core, NoArgs {})?;
    let mut targets: Vec<Target> = items.into_iter().map(|i| Target::Item(i.id, i.horizon)).collect();
    targets.extend(goals.into_iter().map(|g| Target::Goal(g.id)));
    // Leadership authors, from the time their current role was set.
    let mut leaders: Vec<(i64, String)> = Vec::new();
    for m in handlers::member_list(&core, NoArgs {})?.into_iter().filter(|m| m.role == Role::Leadership) {
        let changes =
            handlers::history_list(&core, api::HistoryReq { entity_id: m.id.clone(), field: Some("role".into()) })?;
        if let Some(c) = changes.iter().find(|c| c.current) {
            leaders.push((c.at_ms, m.id));
        }
    }
    leaders.sort();
    leaders.truncate(5);
    let start_ms = leaders.last().map(|(ms, _)| ms + 1).ok_or_else(|| Error::new("the workspace has no leadership"))?;
    let authors: Vec<String> = leaders.into_iter().map(|(_, id)| id).collect();
    let end_ms = core
        .read(oplog::local_device)?
        .map(|d| hlc::wall_ms(d.hlc))
        .ok_or_else(|| Error::new("the main laptop has no device"))?
        .max(start_ms + 1);
    if targets.is_empty() {
        return Err(Error::new("nothing to pad: no item and no goal"));
    }

    say(&ctx.opts, format!("decade: padding {have} ops with {add} historical edits (batches of {BATCH})"));
    let mut rng = Rng::new(ctx.opts.seed.wrapping_add(10));
    let mut devices: Vec<(String, i64)> = (0..HISTORY_DEVICES).map(|_| (rng.uuid_v7(start_ms), 0)).collect();
    let started = Instant::now();
    let mut clock = 0i64;
    let mut refused = 0usize;
    let mut batch: Vec<Op> = Vec::with_capacity(BATCH);
    let mut report_at = add / 20;
    for k in 0..add {
        let ms = start_ms + ((end_ms - start_ms) as f64 * k as f64 / add as f64) as i64;
        clock = hlc::tick(clock, ms);
        let d = rng.below(devices.len());
        devices[d].1 += 1;
        let (table, entity, field, value) = edit(&mut rng, &targets, k);
        batch.push(Op {
            op_id: rng.uuid_v7(ms),
            device_id: devices[d].0.clone(),
            seq: devices[d].1,
            hlc: clock,
            author_id: authors[rng.below(authors.len())].clone(),
            table: table.to_owned(),
            entity_id: entity.to_owned(),
            field: field.to_owned(),
            value,
        });
        if batch.len() == BATCH || k + 1 == add {
            let a = core.apply_remote(&batch)?;
            refused += a.refused;
            if a.duplicate > 0 {
                return Err(Error::new("a padding op was already in the log"));
            }
            batch.clear();
            if k + 1 >= report_at {
                let s = started.elapsed().as_secs_f64();
                say(
                    &ctx.opts,
                    format!("  decade: {} of {add} ops in {s:.0} s ({:.0} ops/s)", k + 1, (k + 1) as f64 / s),
                );
                report_at += add / 20;
            }
        }
    }
    drop(core);
    Ok((super::size::op_count_of(&db_file(dir))?, refused))
}

fn edit<'a>(rng: &mut Rng, targets: &'a [Target], k: usize) -> (&'static str, &'a str, &'static str, Value) {
    let pick = rng.below(targets.len());
    let text = |rng: &mut Rng| Value::from(stats::title(rng, k));
    match &targets[pick] {
        Target::Goal(id) => {
            let field = ["title", "description", "measure"][rng.below(3)];
            ("goal", id, field, text(rng))
        }
        Target::Item(id, horizon) => match rng.below(10) {
            0..=3 => ("roadmap_item", id, "title", text(rng)),
            4 => {
                let year = 2026 + rng.below(5);
                let period = match horizon {
                    Horizon::FiveYear => format!("{year}"),
                    Horizon::ThreeYear => format!("{year}-H{}", 1 + rng.below(2)),
                    Horizon::OneYear => format!("{year}-Q{}", 1 + rng.below(4)),
                };
                ("roadmap_item", id, "period", Value::from(period))
            }
            5 | 6 => ("roadmap_item", id, "status", Value::from(STATUSES[rng.below(STATUSES.len())])),
            7 => ("roadmap_item", id, "confidence", Value::from(CONFIDENCES[rng.below(CONFIDENCES.len())])),
            8 => ("roadmap_item", id, "metric", Value::from(format!("{} weekly active teams", k % 10_000))),
            _ => ("roadmap_item", id, "impact", Value::from(format!("about ${}k ARR", k % 5_000))),
        },
    }
}
