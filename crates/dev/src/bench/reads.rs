//! The reads the app makes, through `api::dispatch` with the requests its pages send: the
//! Roadmap page's `item_list { productId }` (the three lanes), the Alignment page's
//! `alignment_get { productId }` and `alignment_get {}` (the organisation-wide roll-up), and the
//! details panel's `history_list { entityId }`; each against the raw SELECT returning the same
//! rows. They run on the cached main database itself: reads change nothing.

use std::collections::BTreeSet;

use baton_core::api::{self, handlers, AlignNodeView, AlignmentView, ChangeView, Horizon, ItemView, NoArgs};
use serde_json::{json, Value};

use super::cache::db_file;
use super::report::Row;
use super::stats::{self, fmt_ms, int, repeat, Samples};
use super::{baseline, raw, Ctx, Error, Report, Result};

/// Items whose history is read to find the longest one.
const HISTORY_SAMPLE: usize = 100;

pub(crate) fn measure(ctx: &Ctx, report: &mut Report) -> Result<()> {
    ctx.say("reads: roadmap, alignment, history");
    let core = api::open_dir(&ctx.generated.main_dir)?;
    let conn = raw::open_read_only(&db_file(&ctx.generated.main_dir))?;
    let call = |name: &str, req: &Value| -> Result<Value> { Ok(api::dispatch(&core, name, req.clone())?) };

    // The product with the most items: the largest roadmap the page shows.
    let all: Vec<ItemView> = handlers::item_list(&core, api::ItemListReq::default())?;
    let products = handlers::product_list(&core, NoArgs {})?;
    let product = products
        .iter()
        .max_by_key(|p| all.iter().filter(|i| i.product_id.as_deref() == Some(p.id.as_str())).count())
        .ok_or_else(|| Error::new("the workspace has no product"))?;
    let in_product: Vec<&ItemView> = all.iter().filter(|i| i.product_id.as_deref() == Some(&product.id)).collect();

    // Roadmap.
    let req = json!({ "productId": product.id });
    let answer: Vec<ItemView> = serde_json::from_value(call("item_list", &req)?)?;
    let rows = raw::roadmap_rows(&conn, &product.id)?;
    let got: Vec<(&str, &str)> = answer.iter().map(|i| (i.id.as_str(), i.title.as_str())).collect();
    let want: Vec<(&str, &str)> = rows.iter().map(|(i, t)| (i.as_str(), t.as_str())).collect();
    report.check(
        "roadmap: item_list returns the baseline's rows in its order",
        got == want && !got.is_empty(),
        format!("{} rows vs {}", got.len(), want.len()),
    );
    let figure = repeat(&ctx.plan, || call("item_list", &req).map(drop))?;
    let base = repeat(&ctx.plan, || raw::roadmap_rows(&conn, &product.id).map(drop))?;
    report.rows.push(read_row(
        "roadmap",
        format!("A product's roadmap, 3 lanes (item_list, {} items)", answer.len()),
        &figure,
        &base,
        5.0,
    ));

    // Alignment of that product, and of the whole organisation.
    for (key, label, scope, target) in [
        ("alignment_product", "Its alignment tree (alignment_get)", Some(product.id.as_str()), 10.0),
        ("alignment_org", "Org-wide alignment roll-up (alignment_get)", None, 100.0),
    ] {
        let req = scope.map_or_else(|| json!({}), |p| json!({ "productId": p }));
        let view: AlignmentView = serde_json::from_value(call("alignment_get", &req)?)?;
        let (goals, items) = raw::alignment_rows(&conn, scope)?;
        let mut in_tree = Vec::new();
        for g in &view.goals {
            g.themes.iter().for_each(|n| collect(n, &mut in_tree));
        }
        view.unaligned.iter().for_each(|n| collect(n, &mut in_tree));
        let tree_goals: Vec<&str> = view.goals.iter().map(|g| g.goal.id.as_str()).collect();
        let unique: BTreeSet<&str> = in_tree.iter().copied().collect();
        let want: BTreeSet<&str> = items.iter().map(String::as_str).collect();
        report.check(
            &format!("{key}: the tree holds every live item of its scope once, under every goal"),
            unique == want
                && unique.len() == in_tree.len()
                && tree_goals == goals.iter().map(String::as_str).collect::<Vec<_>>(),
            format!(
                "{} nodes ({} distinct) vs {} items; {} goals vs {}",
                in_tree.len(),
                unique.len(),
                want.len(),
                tree_goals.len(),
                goals.len()
            ),
        );
        let figure = repeat(&ctx.plan, || call("alignment_get", &req).map(drop))?;
        let base = repeat(&ctx.plan, || raw::alignment_rows(&conn, scope).map(drop))?;
        report.rows.push(read_row(key, format!("{label}, {} items", int(want.len() as f64)), &figure, &base, target));
    }

    // History: the one-year item with the longest history among a sample of the product's.
    let one_year: Vec<&&ItemView> = in_product.iter().filter(|i| i.horizon == Horizon::OneYear).collect();
    let step = (one_year.len() / HISTORY_SAMPLE).max(1);
    let mut longest: Option<(usize, String)> = None;
    for item in one_year.iter().step_by(step) {
        // Counted with the baseline's statement: history_list itself may be slow.
        let n = baseline::history_rows(&conn, &item.id)?.len();
        if longest.as_ref().is_none_or(|(m, _)| n > *m) {
            longest = Some((n, item.id.clone()));
        }
    }
    let (_, item) = longest.ok_or_else(|| Error::new("the largest product has no one-year item"))?;
    let req = json!({ "entityId": item });
    let changes: Vec<ChangeView> = serde_json::from_value(call("history_list", &req)?)?;
    let ids = baseline::history_rows(&conn, &item)?;
    let got: Vec<&str> = changes.iter().map(|c| c.op_id.as_str()).collect();
    let current = changes.iter().filter(|c| c.current).count();
    let fields: BTreeSet<&str> = changes.iter().map(|c| c.field.as_str()).collect();
    report.check(
        "history: history_list returns the item's changes, newest first, one current per field",
        got == ids.iter().map(String::as_str).collect::<Vec<_>>() && !got.is_empty() && current == fields.len(),
        format!("{} changes vs {} ops; {current} current over {} fields", got.len(), ids.len(), fields.len()),
    );
    let figure = repeat(&ctx.plan, || call("history_list", &req).map(drop))?;
    let base = repeat(&ctx.plan, || baseline::history_rows(&conn, &item).map(drop))?;
    report.rows.push(read_row(
        "history",
        format!("Field history of one item (history_list, {} changes)", changes.len()),
        &figure,
        &base,
        2.0,
    ));
    report.note(format!(
        "reads: through api::dispatch (JSON answer included), median of {}–{} runs after one untimed; product \
         \"{}\" ({} items, the largest); history of the item with the most changes among {} of its one-year items",
        ctx.plan.read_min_runs,
        ctx.plan.read_max_runs,
        product.name,
        in_product.len(),
        one_year.len().div_ceil(step)
    ));
    drop(conn);
    Ok(())
}

fn collect<'a>(n: &'a AlignNodeView, out: &mut Vec<&'a str>) {
    out.push(n.item.id.as_str());
    n.children.iter().for_each(|c| collect(c, out));
}

pub(crate) fn read_row(key: &'static str, measure: String, figure: &Samples, base: &Samples, target_ms: f64) -> Row {
    let (median, p99) = (figure.median(), figure.p99());
    let ratio = median.as_secs_f64() / base.median().as_secs_f64();
    Row::new(key, measure)
        .figure(format!("{} (p99 {})", fmt_ms(median), fmt_ms(p99)))
        .baseline(format!("SELECT {}", fmt_ms(base.median())))
        .ratio(ratio)
        .target(&format!("≤ {target_ms} ms"), &[("median", stats::ms(median) <= target_ms)])
        .value("median_ms", stats::ms(median))
        .value("p99_ms", stats::ms(p99))
        .value("baseline_median_ms", stats::ms(base.median()))
        .value("baseline_p99_ms", stats::ms(base.p99()))
        .value("runs", figure.len() as f64)
}
