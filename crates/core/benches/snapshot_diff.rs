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

use baton_core::api::{self, ChangeKind};
use serde_json::{json, Value};

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let core = api::open_dir(dir.path()).unwrap();
    // Through the command list, as the app and the CLI call it.
    let call = |name: &str, req: Value| -> Value {
        api::dispatch(&core, name, req).unwrap_or_else(|e| panic!("{name}: {}", e.message))
    };
    let id = |v: Value| v["id"].as_str().unwrap().to_owned();
    call("workspace_init", json!({ "workspaceName": "Bench", "memberName": "Sam", "role": "senior" }));
    let goal = id(call("goal_create", json!({ "title": "Grow" })));
    let product = id(call("product_create", json!({ "name": "Big", "baseYear": 2027 })));
    let new = |h: &str, period: String, title: String, goal_id: Option<&str>, parent: Option<&str>| {
        id(call(
            "item_create",
            json!({ "productId": product, "horizon": h, "period": period, "title": title, "goalId": goal_id, "parentId": parent }),
        ))
    };
    let t0 = Instant::now();
    let mut inits = Vec::new();
    let mut items = Vec::new();
    for t in 0..10 {
        let theme = new("five_year", format!("{}", 2027 + t % 5), format!("Theme {t}"), Some(&goal), None);
        call("guardrail_add", json!({ "itemId": theme, "kind": "scope", "statement": format!("Scope of theme {t}") }));
        for i in 0..5 {
            let init = new(
                "three_year",
                format!("{}-H{}", 2027 + i % 3, i % 2 + 1),
                format!("Init {t}.{i}"),
                None,
                Some(&theme),
            );
            for k in 0..20 {
                let item =
                    new("one_year", format!("2027-Q{}", k % 4 + 1), format!("Item {t}.{i}.{k}"), None, Some(&init));
                let req = format!("## Item {t}.{i}.{k}\n\n{}", "Buyers need this because … ".repeat(20));
                call("item_update", json!({ "id": item, "requirements": req }));
                items.push(item);
            }
            inits.push(init);
        }
    }
    println!("built 10 themes, 50 initiatives, 1,000 items in {:.1} s", t0.elapsed().as_secs_f64());

    let t = Instant::now();
    let snap = id(call("snapshot_create", json!({ "productId": product, "name": "2027 plan" })));
    let create_ms = t.elapsed().as_secs_f64() * 1e3;
    let size: i64 = core
        .read(|c| Ok(c.query_row("SELECT length(content) FROM snapshot WHERE id = ?1", [&snap], |r| r.get(0))?))
        .unwrap();

    for (n, item) in items.iter().enumerate().take(100) {
        let q = format!("2027-Q{}", (n + 1) % 4 + 1);
        call("item_move", json!({ "id": item, "period": q }));
    }
    for (n, item) in items.iter().enumerate().skip(100).take(20) {
        let other = &inits[(n * 7) % inits.len()];
        let _ = api::dispatch(&core, "item_move", json!({ "id": item, "parentId": other }));
    }
    for item in items.iter().skip(200).take(50) {
        call("item_update", json!({ "id": item, "status": "done" }));
    }
    for (k, init) in inits.iter().enumerate().take(30) {
        new("one_year", "2027-Q4".into(), format!("New {k}"), None, Some(init));
    }
    for item in items.iter().skip(300).take(10) {
        call("item_delete", json!({ "id": item }));
    }

    let runs = 20;
    let t = Instant::now();
    let mut diff = None;
    for _ in 0..runs {
        diff = Some(
            api::handlers::snapshot_diff(&core, api::SnapshotDiffReq { from_id: snap.clone(), to_id: None }).unwrap(),
        );
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
