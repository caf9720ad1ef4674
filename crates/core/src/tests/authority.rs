//! Role checks hold for ops arriving through sync: an op the author's role did not allow at
//! that point in the log is kept, flagged and not applied — the same on every replica, even
//! when the op that decides (a promotion, a change of owner) arrives after the ops it decides.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::too_many_arguments)]

use crate::api::{self, NoArgs};
use crate::oplog::{self, Op};
use crate::{Core, Result};
use serde_json::{json, Value};

struct Log {
    ops: Vec<Op>,
}

impl Log {
    /// One op of `device` at clock `hlc`, by `author`.
    fn op(&mut self, device: &str, hlc: i64, author: &str, table: &str, entity: &str, field: &str, value: Value) -> Op {
        let seq = self.ops.iter().filter(|o| o.device_id == device).count() as i64 + 1;
        let op = Op {
            op_id: format!("{device}-{seq}"),
            device_id: device.to_owned(),
            seq,
            hlc,
            author_id: author.to_owned(),
            table: table.to_owned(),
            entity_id: entity.to_owned(),
            field: field.to_owned(),
            value,
        };
        self.ops.push(op.clone());
        op
    }
}

fn title(core: &Core, id: &str) -> Option<String> {
    core.read(|c| Ok(c.query_row("SELECT title FROM roadmap_item WHERE id = ?1", [id], |r| r.get(0)).ok())).unwrap()
}

fn refused(core: &Core) -> Vec<String> {
    core.read(|c| {
        let mut stmt = c.prepare("SELECT o.op_id FROM op_refused r JOIN oplog o ON o.n = r.op ORDER BY 1")?;
        let ids = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    })
    .unwrap()
}

/// Leadership (lee) sets up Sam (senior, owner of Checkout) and Kim (junior); Sam creates a
/// theme. All on the "lee" and "sam" devices.
fn base() -> Log {
    let mut log = Log { ops: Vec::new() };
    log.op("lee", 1, "lee", "member", "lee", "role", json!("leadership"));
    log.op("lee", 2, "lee", "member", "sam", "role", json!("senior"));
    log.op("lee", 3, "lee", "member", "sam", "name", json!("Sam"));
    log.op("lee", 4, "lee", "member", "kim", "role", json!("junior"));
    log.op("lee", 5, "lee", "member", "kim", "name", json!("Kim"));
    log.op("lee", 6, "lee", "product", "checkout", "name", json!("Checkout"));
    log.op("lee", 7, "lee", "product", "checkout", "owner_id", json!("sam"));
    log.op("sam", 10, "sam", "roadmap_item", "theme", "product_id", json!("checkout"));
    log.op("sam", 11, "sam", "roadmap_item", "theme", "horizon", json!("five_year"));
    log.op("sam", 12, "sam", "roadmap_item", "theme", "title", json!("Sam's theme"));
    log
}

fn replica(batches: &[&[Op]]) -> Core {
    let core = Core::open_in_memory().unwrap();
    for b in batches {
        core.apply_remote(b).unwrap();
    }
    core
}

#[test]
fn a_juniors_edit_of_a_seniors_roadmap_is_kept_flagged_and_not_applied() {
    let mut log = base();
    let kim = log.op("kim", 20, "kim", "roadmap_item", "theme", "title", json!("Kim's theme"));
    let goal = log.op("kim", 21, "kim", "goal", "kim-goal", "title", json!("Kim's goal"));
    let core = replica(&[&log.ops]);
    assert_eq!(title(&core, "theme").as_deref(), Some("Sam's theme"));
    assert_eq!(refused(&core), [kim.op_id.clone(), goal.op_id.clone()]);
    let all = core.read(oplog::all_ops).unwrap();
    assert!(all.iter().any(|o| o.op_id == kim.op_id), "the refused op stays in the log");
    let reasons = oplog::judge::refused(&core).unwrap();
    let kim_reason = reasons.iter().find(|r| r.op_id == kim.op_id).map(|r| r.reason.as_str());
    assert_eq!(kim_reason, Some("Kim was a junior PM and could not edit the roadmap of Checkout"));
    assert_eq!(core.read(|c| Ok(c.query_row("SELECT count(*) FROM goal", [], |r| r.get::<_, i64>(0))?)).unwrap(), 0);
    // A rebuild from the log judges the same way.
    let before = core.read(oplog::dump).unwrap();
    core.transact(|tx| oplog::rebuild(tx)).unwrap();
    assert_eq!(core.read(oplog::dump).unwrap(), before);
}

#[test]
fn a_promotion_arriving_after_the_edits_it_allows_applies_them() {
    let mut log = base();
    let promote = log.op("lee", 15, "lee", "member", "kim", "role", json!("senior"));
    let hand_over = log.op("lee", 16, "lee", "product", "checkout", "owner_id", json!("kim"));
    let edit = log.op("kim", 20, "kim", "roadmap_item", "theme", "title", json!("Kim's theme"));
    let (before, lee_late): (Vec<Op>, Vec<Op>) =
        log.ops.iter().cloned().partition(|o| o.op_id != promote.op_id && o.op_id != hand_over.op_id);

    // In clock order: the edit is allowed.
    let in_order = replica(&[&log.ops]);
    assert_eq!(title(&in_order, "theme").as_deref(), Some("Kim's theme"));
    // Kim's edit first, refused; the promotion arrives later and the edit takes effect.
    let late = replica(&[&before]);
    assert_eq!(title(&late, "theme").as_deref(), Some("Sam's theme"));
    assert_eq!(refused(&late), std::slice::from_ref(&edit.op_id));
    late.apply_remote(&lee_late).unwrap();
    assert_eq!(title(&late, "theme").as_deref(), Some("Kim's theme"));
    assert!(refused(&late).is_empty());
    assert_eq!(late.read(oplog::dump).unwrap(), in_order.read(oplog::dump).unwrap());
}

#[test]
fn a_demotion_arriving_late_takes_back_the_edits_made_after_it() {
    let mut log = base();
    // Sam loses the product at 15 (on Lee's laptop, offline), edits at 20 on his own.
    let hand_over = log.op("lee", 15, "lee", "product", "checkout", "owner_id", json!("kim"));
    let edit = log.op("sam", 20, "sam", "roadmap_item", "theme", "title", json!("Sam's late title"));
    let guardrail = log.op("sam", 21, "sam", "guardrail", "g1", "item_id", json!("theme"));
    let before: Vec<Op> = log.ops.iter().filter(|o| o.op_id != hand_over.op_id).cloned().collect();

    let late = replica(&[&before]);
    assert_eq!(title(&late, "theme").as_deref(), Some("Sam's late title"), "allowed as far as it knows");
    late.apply_remote(std::slice::from_ref(&hand_over)).unwrap();
    assert_eq!(title(&late, "theme").as_deref(), Some("Sam's theme"), "the edit after the hand-over is undone");
    assert_eq!(refused(&late), [edit.op_id.clone(), guardrail.op_id.clone()]);
    let in_order = replica(&[&log.ops]);
    assert_eq!(late.read(oplog::dump).unwrap(), in_order.read(oplog::dump).unwrap());
}

#[test]
fn the_refused_list_reaches_the_ui_and_the_cli_through_the_api() -> Result<()> {
    // This laptop is Lee's, joined to the workspace the log founds.
    let core = Core::open_in_memory()?;
    core.transact(|tx| {
        tx.execute(
            "INSERT INTO local_device (singleton, device_id, workspace_id, member_id, next_seq, hlc)
             VALUES (1, 'lee-laptop', 'acme', 'lee', 1, 0)",
            [],
        )?;
        Ok(())
    })?;
    let mut log = base();
    log.op("kim", 20, "kim", "roadmap_item", "theme", "title", json!("Kim's theme"));
    core.apply_remote(&log.ops)?;
    let listed = api::dispatch(&core, "refused_list", serde_json::to_value(NoArgs {}).unwrap_or_default())
        .map_err(|e| crate::Error::invalid(e.message))?;
    assert_eq!(listed[0]["authorName"], json!("Kim"));
    assert_eq!(listed[0]["field"], json!("title"));
    Ok(())
}

#[test]
fn a_senior_edits_only_the_products_and_roadmaps_they_own() {
    let mut log = base();
    log.op("lee", 8, "lee", "member", "sue", "role", json!("senior"));
    log.op("lee", 9, "lee", "member", "sue", "name", json!("Sue"));
    let rename = log.op("sue", 20, "sue", "product", "checkout", "name", json!("Sue's checkout"));
    let item = log.op("sue", 21, "sue", "roadmap_item", "theme", "title", json!("Sue's title"));
    // Her own new product, its first item and a goal are fine.
    log.op("sue", 22, "sue", "product", "search", "name", json!("Search"));
    log.op("sue", 23, "sue", "product", "search", "owner_id", json!("sue"));
    log.op("sue", 24, "sue", "roadmap_item", "s1", "product_id", json!("search"));
    log.op("sue", 25, "sue", "roadmap_item", "s1", "title", json!("Sue's item"));
    log.op("sue", 26, "sue", "goal", "g", "title", json!("Sue's goal"));
    // Moving Sam's theme into her product needs both products: refused.
    let steal = log.op("sue", 27, "sue", "roadmap_item", "theme", "product_id", json!("search"));
    let core = replica(&[&log.ops]);
    let mut want = vec![rename.op_id, item.op_id, steal.op_id];
    want.sort();
    assert_eq!(refused(&core), want);
    assert_eq!(title(&core, "s1").as_deref(), Some("Sue's item"));
    let reasons = oplog::judge::refused(&core).unwrap();
    assert!(
        reasons.iter().any(|r| r.reason == "Sue was a senior PM and could not edit the product Checkout"),
        "{reasons:?}"
    );
}

#[test]
fn a_guardrail_or_snapshot_moved_to_another_product_needs_both_owners() {
    let mut log = base();
    log.op("lee", 8, "lee", "member", "sue", "role", json!("senior"));
    log.op("lee", 9, "lee", "product", "search", "owner_id", json!("sue"));
    log.op("sue", 10, "sue", "roadmap_item", "s1", "product_id", json!("search"));
    log.op("sam", 13, "sam", "guardrail", "g", "item_id", json!("theme"));
    log.op("sam", 14, "sam", "snapshot", "snap", "product_id", json!("checkout"));
    let g = log.op("sue", 20, "sue", "guardrail", "g", "item_id", json!("s1"));
    let s = log.op("sue", 21, "sue", "snapshot", "snap", "product_id", json!("search"));
    let core = replica(&[&log.ops]);
    let mut want = vec![g.op_id, s.op_id];
    want.sort();
    assert_eq!(refused(&core), want);
}

#[test]
fn a_reason_is_kept_current_when_a_refused_op_is_judged_again() {
    let mut log = base();
    let edit = log.op("kim", 20, "kim", "goal", "g", "title", json!("Kim's goal"));
    let role_op = log.ops.iter().find(|o| o.entity_id == "kim" && o.field == "role").cloned().unwrap();
    let rest: Vec<Op> = log.ops.iter().filter(|o| o.op_id != role_op.op_id).cloned().collect();
    let late = replica(&[&rest]);
    late.apply_remote(std::slice::from_ref(&role_op)).unwrap();
    let reasons = oplog::judge::refused(&late).unwrap();
    assert_eq!(reasons.len(), 1);
    assert_eq!(reasons[0].op_id, edit.op_id);
    assert_eq!(reasons[0].reason, "Kim was a junior PM and could not edit organisation goals");
}
