//! The role × action matrix, through the same API the app and the CLI call: every strategy
//! command, tried by leadership, the product's owner, another senior PM and a junior PM. A
//! refused command answers `permission_denied` and changes nothing; reads are open to all.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::api;
use crate::roadmap::guardrails::{self, GuardrailKind};
use crate::roadmap::{self, snapshots, Horizon, NewItem};
use crate::workspace::{self, Role};
use crate::{goals, oplog, products, Core, ErrorCode};
use serde_json::{json, Value};

struct World {
    core: Core,
    product: String,
    item: String,
    guardrail: String,
    snapshot: String,
    goal: String,
    /// Member ids by who they are in the matrix.
    people: [(&'static str, String); 4],
}

/// Leadership (this device's member) sets up Owen (senior, owns Checkout), Sue (another
/// senior) and Jo (junior); a theme, an item under an initiative, a guardrail, a snapshot.
fn world() -> World {
    let core = Core::open_in_memory().unwrap();
    workspace::init(&core, "Acme", "Lee", Role::Leadership).unwrap();
    let lee = workspace::me(&core).unwrap();
    let owen = workspace::add_member(&core, &lee, "Owen", Role::Senior, None).unwrap();
    let sue = workspace::add_member(&core, &lee, "Sue", Role::Senior, None).unwrap();
    let jo = workspace::add_member(&core, &lee, "Jo", Role::Junior, None).unwrap();
    let owner = core.read(|c| workspace::actor(c, &owen.id)).unwrap();
    let goal = goals::create(&core, &lee, "Grow", "", "").unwrap().id;
    let more = products::NewProduct { base_year: Some(2027), ..Default::default() };
    let product = products::create_with(&core, &lee, "Checkout", Some(&owen.id), more).unwrap().id;
    let new = |h, period, title, goal_id, parent_id| NewItem {
        product_id: &product,
        horizon: h,
        period,
        title,
        goal_id,
        parent_id,
        status: None,
    };
    let theme = roadmap::create(&core, &owner, new(Horizon::FiveYear, "2030", "Theme", Some(&goal), None)).unwrap().id;
    let init = roadmap::create(&core, &owner, new(Horizon::ThreeYear, "2028", "Init", None, Some(&theme))).unwrap().id;
    let item = roadmap::create(&core, &owner, new(Horizon::OneYear, "2027-Q1", "Item", None, Some(&init))).unwrap().id;
    let guardrail = guardrails::add(&core, &owner, &theme, GuardrailKind::Scope, "Wallets only").unwrap().id;
    let snapshot = snapshots::create(&core, &owner, &product, "Plan").unwrap().id;
    World {
        core,
        product,
        item,
        guardrail,
        snapshot,
        goal,
        people: [("leadership", lee.id), ("owner", owen.id), ("other senior", sue.id), ("junior", jo.id)],
    }
}

/// Runs `command` as `member` by making this device act as them for the call.
fn call_as(w: &World, member: &str, command: &str, req: Value) -> Result<Value, crate::ApiError> {
    w.core
        .transact(|tx| {
            tx.execute("UPDATE local_device SET member_id = ?1", [member])?;
            Ok(())
        })
        .unwrap();
    api::dispatch(&w.core, command, req)
}

#[test]
fn every_role_may_do_exactly_what_the_matrix_says() {
    // (command, request, allowed for [leadership, owner, other senior, junior])
    type Case = (&'static str, fn(&World) -> Value, [bool; 4]);
    let cases: Vec<Case> = vec![
        ("goal_create", |_| json!({"title": "New goal"}), [true, true, true, false]),
        ("goal_update", |w| json!({"id": w.goal, "measure": "ARR"}), [true, true, true, false]),
        ("family_create", |_| json!({"name": "Family"}), [true, true, true, false]),
        ("product_update", |w| json!({"id": w.product, "baseYear": 2028}), [true, true, false, false]),
        (
            "item_create",
            |w| json!({"productId": w.product, "horizon": "five_year", "period": "2029", "title": "T", "goalId": w.goal}),
            [true, true, false, false],
        ),
        ("item_update", |w| json!({"id": w.item, "status": "done", "requirements": "# R"}), [true, true, false, false]),
        ("item_move", |w| json!({"id": w.item, "period": "2027-Q2"}), [true, true, false, false]),
        ("item_delete", |w| json!({"id": w.item}), [true, true, false, false]),
        ("guardrail_add", |w| json!({"itemId": w.item, "kind": "date", "statement": "Q2"}), [true, true, false, false]),
        ("guardrail_update", |w| json!({"id": w.guardrail, "statement": "Cards too"}), [true, true, false, false]),
        ("guardrail_delete", |w| json!({"id": w.guardrail}), [true, true, false, false]),
        ("snapshot_create", |w| json!({"productId": w.product, "name": "Again"}), [true, true, false, false]),
        // Reading is open to everyone.
        ("item_list", |w| json!({"productId": w.product}), [true, true, true, true]),
        ("item_get", |w| json!({"id": w.item}), [true, true, true, true]),
        ("guardrail_list", |w| json!({"itemId": w.item}), [true, true, true, true]),
        ("alignment_get", |_| json!({}), [true, true, true, true]),
        ("snapshot_list", |_| json!({}), [true, true, true, true]),
        ("snapshot_diff", |w| json!({"fromId": w.snapshot}), [true, true, true, true]),
    ];
    let mut cells = 0;
    for (command, req, allowed) in &cases {
        for (i, want) in allowed.iter().enumerate() {
            let w = world();
            let (who, member) = &w.people[i];
            let before = w.core.read(oplog::dump).unwrap();
            let got = call_as(&w, member, command, req(&w));
            match (want, got) {
                (true, Ok(_)) => {}
                (false, Err(e)) => {
                    assert_eq!(e.code, ErrorCode::PermissionDenied, "{who} × {command}: {}", e.message);
                    assert_eq!(w.core.read(oplog::dump).unwrap(), before, "{who} × {command} changed something");
                }
                (true, Err(e)) => panic!("{who} × {command} should be allowed: {}", e.message),
                (false, Ok(v)) => panic!("{who} × {command} should be refused, got {v}"),
            }
            cells += 1;
        }
    }
    assert_eq!(cells, cases.len() * 4);
}
