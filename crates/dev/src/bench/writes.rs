//! One local write: renaming an item through `api::dispatch("item_update", …)`, as the app's
//! details panel does (JSON in and out, permission check, the command's own reads, the op
//! logged and applied, the device's clock and sequence saved, one transaction), timed one by
//! one; against a raw transaction of one UPDATE of the item's row and one INSERT of an
//! op-shaped row, on the same file.

use std::collections::HashMap;
use std::time::Instant;

use baton_core::api::{self, handlers, Horizon, NoArgs};
use serde_json::json;

use super::cache::{self, db_file};
use super::raw;
use super::report::Row;
use super::stats::{self, fmt_ms, Rng, Samples};
use super::{Ctx, Error, Report, Result};

/// Untimed edits first: statements prepared, pages cached, as in an app that is already open.
const WARM_UP: usize = 10;

pub(crate) fn measure(ctx: &Ctx, report: &mut Report) -> Result<()> {
    let n = ctx.plan.local_writes;
    ctx.say(format!("local write: {n} renames"));
    let dir = ctx.cache.work("write");
    cache::copy_db(&ctx.generated.main_dir, &dir)?;
    let core = api::open_dir(&dir)?;
    let me =
        handlers::workspace_get(&core, NoArgs {})?.ok_or_else(|| Error::new("the main laptop has no workspace"))?;
    let mut items: Vec<String> = Vec::new();
    for p in handlers::product_list(&core, NoArgs {})?.into_iter().filter(|p| p.can_edit) {
        let req = api::ItemListReq { product_id: Some(p.id), statuses: None };
        items.extend(
            handlers::item_list(&core, req)?.into_iter().filter(|i| i.horizon == Horizon::OneYear).map(|i| i.id),
        );
    }
    if items.is_empty() {
        return Err(Error::new(format!("{} may edit no one-year item on the main laptop", me.me.name)));
    }
    let mut rng = Rng::new(ctx.opts.seed.wrapping_add(1));
    let edits: Vec<(String, String)> = (0..WARM_UP + n)
        .map(|k| (items[rng.below(items.len())].clone(), stats::title(&mut rng, 1_000_000 + k)))
        .collect();
    let mut samples = Samples::default();
    for (k, (id, title)) in edits.iter().enumerate() {
        let req = json!({ "id": id, "title": title });
        let started = Instant::now();
        api::dispatch(&core, "item_update", req)?;
        if k >= WARM_UP {
            samples.push(started.elapsed());
        }
    }
    // Every rename took: the list shows the last title given to each item.
    let last: HashMap<&str, &str> = edits.iter().map(|(id, t)| (id.as_str(), t.as_str())).collect();
    let listed = handlers::item_list(&core, api::ItemListReq::default())?;
    let wrong = listed.iter().filter(|i| last.get(i.id.as_str()).is_some_and(|t| *t != i.title)).count();
    let seen = listed.iter().filter(|i| last.contains_key(i.id.as_str())).count();
    report.check(
        "local write: every rename shows in the item list",
        wrong == 0 && seen == last.len(),
        format!("{seen} of {} renamed items listed, {wrong} with another title", last.len()),
    );
    drop(core);
    let raw = raw::write_each(&db_file(&dir), &edits[WARM_UP..])?;
    cache::remove_dir(&dir)?;

    let (median, p99) = (samples.median(), samples.p99());
    let (raw_median, raw_p99) = (raw.median(), raw.p99());
    let ratio = median.as_secs_f64() / raw_median.as_secs_f64();
    let ratio99 = p99.as_secs_f64() / raw_p99.as_secs_f64();
    report.rows.push(
        Row::new("local_write", format!("One local write (item_update), {n} runs: median / p99"))
            .figure(format!("{} / {}", fmt_ms(median), fmt_ms(p99)))
            .baseline(format!("UPDATE + INSERT: {} / {}", fmt_ms(raw_median), fmt_ms(raw_p99)))
            .ratio(ratio)
            .ratio_text(format!("{ratio:.1}× / {ratio99:.1}×"))
            .target("≤ 1 ms / ≤ 5 ms", &[("median", stats::ms(median) <= 1.0), ("p99", stats::ms(p99) <= 5.0)])
            .value("median_ms", stats::ms(median))
            .value("p99_ms", stats::ms(p99))
            .value("baseline_median_ms", stats::ms(raw_median))
            .value("baseline_p99_ms", stats::ms(raw_p99)),
    );
    report.note(format!(
        "local write: {n} renames of one-year items {} may edit, picked at random (after {WARM_UP} untimed); \
         max {}",
        me.me.name,
        fmt_ms(samples.quantile(1.0))
    ));
    Ok(())
}
