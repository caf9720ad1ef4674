//! How long a planning-cycle snapshot and its diff take on a big product: 10 themes, 50
//! initiatives and 1,000 one-year items with requirements and guardrails (PRODUCT.md's whole
//! workspace has 5,000 one-year items over 40 products; this is one product holding a fifth
//! of them). After the snapshot, 100 items move quarter, 20 change parent, 50 change status,
//! 30 are added and 10 deleted; the diff must list exactly those.
//!
//! `cargo bench -p baton-core --bench snapshot_diff` (release). No target is set by an issue;
//! the figures go in the issue note.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Instant;

use baton_core::roadmap::guardrails::{self, GuardrailKind};
use baton_core::roadmap::snapshots::{self, ChangeKind};
use baton_core::roadmap::{self, Horizon, Move, NewItem, Status, Update};
use baton_core::workspace::{self, Role};
use baton_core::{goals, products, Core};

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open_dir(dir.path()).unwrap();
    workspace::init(&core, "Bench", "Sam", Role::Senior).unwrap();
    let sam = workspace::me(&core).unwrap();
    let goal = goals::create(&core, &sam, "Grow", "", "").unwrap().id;
    let more = products::NewProduct { base_year: Some(2027), ..Default::default() };
    let product = products::create_with(&core, &sam, "Big", None, more).unwrap().id;
    let new = |h, period: String, title: String, goal_id: Option<&str>, parent: Option<&str>| {
        let n = NewItem {
            product_id: &product,
            horizon: h,
            period: &period,
            title: &title,
            goal_id,
            parent_id: parent,
            status: None,
        };
        roadmap::create(&core, &sam, n).unwrap().id
    };
    let t0 = Instant::now();
    let mut inits = Vec::new();
    let mut items = Vec::new();
    for t in 0..10 {
        let theme = new(Horizon::FiveYear, format!("{}", 2027 + t % 5), format!("Theme {t}"), Some(&goal), None);
        guardrails::add(&core, &sam, &theme, GuardrailKind::Scope, &format!("Scope of theme {t}")).unwrap();
        for i in 0..5 {
            let init = new(
                Horizon::ThreeYear,
                format!("{}-H{}", 2027 + i % 3, i % 2 + 1),
                format!("Init {t}.{i}"),
                None,
                Some(&theme),
            );
            for k in 0..20 {
                let item = new(
                    Horizon::OneYear,
                    format!("2027-Q{}", k % 4 + 1),
                    format!("Item {t}.{i}.{k}"),
                    None,
                    Some(&init),
                );
                let req = format!("## Item {t}.{i}.{k}\n\n{}", "Buyers need this because … ".repeat(20));
                roadmap::update(&core, &sam, &item, Update { requirements: Some(&req), ..Update::default() }).unwrap();
                items.push(item);
            }
            inits.push(init);
        }
    }
    println!("built 10 themes, 50 initiatives, 1,000 items in {:.1} s", t0.elapsed().as_secs_f64());

    let t = Instant::now();
    let snap = snapshots::create(&core, &sam, &product, "2027 plan").unwrap();
    let create_ms = t.elapsed().as_secs_f64() * 1e3;
    let size: i64 = core
        .read(|c| Ok(c.query_row("SELECT length(content) FROM snapshot WHERE id = ?1", [&snap.id], |r| r.get(0))?))
        .unwrap();

    for (n, item) in items.iter().enumerate().take(100) {
        let q = format!("2027-Q{}", (n + 1) % 4 + 1);
        roadmap::move_item(&core, &sam, item, Move { period: Some(&q), ..Move::default() }).unwrap();
    }
    for (n, item) in items.iter().enumerate().skip(100).take(20) {
        let other = &inits[(n * 7) % inits.len()];
        let _ = roadmap::move_item(&core, &sam, item, Move { parent_id: Some(other), ..Move::default() });
    }
    for item in items.iter().skip(200).take(50) {
        roadmap::update(&core, &sam, item, Update { status: Some(Status::Done), ..Update::default() }).unwrap();
    }
    for (k, init) in inits.iter().enumerate().take(30) {
        new(Horizon::OneYear, "2027-Q4".into(), format!("New {k}"), None, Some(init));
    }
    for item in items.iter().skip(300).take(10) {
        roadmap::delete(&core, &sam, item).unwrap();
    }

    let runs = 20;
    let t = Instant::now();
    let mut diff = None;
    for _ in 0..runs {
        diff = Some(snapshots::diff(&core, &snap.id, None).unwrap());
    }
    let diff_ms = t.elapsed().as_secs_f64() * 1e3 / f64::from(runs);
    let diff = diff.unwrap();
    let count = |k| diff.entries.iter().filter(|e| e.kind == k).count();
    let (added, removed, moved, reparented, changed) = (
        count(ChangeKind::Added),
        count(ChangeKind::Removed),
        count(ChangeKind::Moved),
        count(ChangeKind::Reparented),
        count(ChangeKind::Changed),
    );
    assert_eq!((added, removed, moved, changed), (30, 10, 100, 50), "the diff lists exactly the changes");
    assert!(reparented > 0 && reparented <= 20);
    println!(
        "snapshot of 1,060 items: created in {create_ms:.0} ms ({:.1} MiB of JSON); diff with now: {diff_ms:.1} ms \
         (mean of {runs}; {added} added, {removed} removed, {moved} moved, {reparented} re-parented, {changed} changed)",
        size as f64 / 1048576.0
    );
}
