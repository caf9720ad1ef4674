//! Undo and redo of this laptop's own commands: edits, creations and deletions go back and
//! forth as new ops (so another replica converges on the same tables); an undo never
//! overwrites a later change by someone else, never touches what only its own command may
//! change, and a new command clears the redo stack.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::json;

use super::delegation::{act_as, world};
use crate::api::{self, handlers as h, IdReq, NoArgs};
use crate::oplog;
use crate::{Core, ErrorCode};

fn dump(core: &Core) -> String {
    core.read(oplog::dump).unwrap()
}

fn title(c: &Core, id: &str) -> String {
    h::item_get(c, IdReq { id: id.into() }).unwrap().item.title
}

fn rename(c: &Core, id: &str, to: &str) {
    let req = json!({"id": id, "title": to});
    h::item_update(c, serde_json::from_value(req).unwrap()).unwrap();
}

/// A replica that received every op of `c` holds the same tables.
fn converges(c: &Core) {
    let replica = Core::open_in_memory().unwrap();
    replica.apply_remote(&c.read(oplog::all_ops).unwrap()).unwrap();
    assert_eq!(replica.read(oplog::dump).unwrap(), dump(c));
}

#[test]
fn edits_creations_and_deletions_undo_and_redo_in_order() {
    let w = world();
    let c = &w.core;
    act_as(c, &w.sue);
    rename(c, &w.item, "Apple Pay everywhere");
    rename(c, &w.item, "Apple Pay on the web");
    let product = h::item_get(c, IdReq { id: w.item.clone() }).unwrap().item.product_id.unwrap();
    let req = json!({"productId": product, "horizon": "one_year", "period": "2027-Q3", "title": "Google Pay"});
    let made = h::item_create(c, serde_json::from_value(req).unwrap()).unwrap().id;
    let state = h::undo_state(c, NoArgs {}).unwrap();
    assert_eq!(state.undo.as_deref(), Some("adding roadmap item “Google Pay”"));
    assert_eq!(state.redo, None);

    // Undo the creation: the item is gone (deleted, as a new op), and comes back on redo.
    let u = h::undo(c, NoArgs {}).unwrap();
    assert_eq!(u.done, "adding roadmap item “Google Pay”");
    assert!(h::item_get(c, IdReq { id: made.clone() }).is_err());
    assert_eq!(u.next.redo.as_deref(), Some("adding roadmap item “Google Pay”"));
    assert_eq!(u.next.undo.as_deref(), Some("the change to roadmap item “Apple Pay on the web”"));
    h::redo(c, NoArgs {}).unwrap();
    assert_eq!(title(c, &made), "Google Pay");
    h::undo(c, NoArgs {}).unwrap();

    // Two renames back, one forward again.
    h::undo(c, NoArgs {}).unwrap();
    assert_eq!(title(c, &w.item), "Apple Pay everywhere");
    h::undo(c, NoArgs {}).unwrap();
    assert_eq!(title(c, &w.item), "Apple Pay");
    h::redo(c, NoArgs {}).unwrap();
    assert_eq!(title(c, &w.item), "Apple Pay everywhere");
    converges(c);

    // A new command clears what could be redone.
    rename(c, &w.item, "Wallet payments");
    assert_eq!(h::undo_state(c, NoArgs {}).unwrap().redo, None);
    assert_eq!(h::redo(c, NoArgs {}).unwrap_err().to_string(), "there is nothing to redo");

    // Deleting an item, undone.
    h::item_delete(c, IdReq { id: w.item.clone() }).unwrap();
    assert_eq!(h::undo_state(c, NoArgs {}).unwrap().undo.as_deref(), Some("deleting roadmap item “Wallet payments”"));
    h::undo(c, NoArgs {}).unwrap();
    assert_eq!(title(c, &w.item), "Wallet payments");
    converges(c);
}

#[test]
fn an_undo_never_overwrites_a_later_change_by_someone_else() {
    let w = world();
    let c = &w.core;
    act_as(c, &w.sue);
    rename(c, &w.item, "Apple Pay everywhere");
    act_as(c, &w.lee);
    rename(c, &w.item, "Apple Pay, web first");
    act_as(c, &w.sue);
    let before = dump(c);
    let refused = h::undo(c, NoArgs {}).unwrap_err();
    assert_eq!(refused.code(), ErrorCode::InvalidInput);
    assert_eq!(
        refused.to_string(),
        "the title of roadmap item “Apple Pay, web first” was changed since by Lee: undoing would overwrite that change"
    );
    assert_eq!(dump(c), before, "nothing changed");
    assert_eq!(title(c, &w.item), "Apple Pay, web first");
}

#[test]
fn what_only_its_own_command_changes_is_not_undone() {
    let w = world();
    let c = &w.core;
    act_as(c, &w.sue);
    let d = h::delegate_offer(
        c,
        api::DelegateOfferReq { item_id: w.item.clone(), to_id: w.jo.clone(), brief: super::delegation::brief("x") },
    )
    .unwrap();
    // Offering made a delegation: it is withdrawn, not undone.
    let before = dump(c);
    let offered = h::undo(c, NoArgs {}).unwrap_err();
    assert_eq!(offered.to_string(), "adding a delegation cannot be undone: it stays once made");
    assert_eq!(dump(c), before);
    act_as(c, &w.jo);
    h::delegate_accept(c, IdReq { id: d.id.clone() }).unwrap();
    let accepted = h::undo(c, NoArgs {}).unwrap_err();
    assert!(accepted.to_string().starts_with("this change cannot be undone: "), "{accepted}");
    assert_eq!(h::delegation_get(c, IdReq { id: d.id }).unwrap().delegation.state, crate::delegation::State::Accepted);
}

#[test]
fn undoing_a_creation_never_removes_what_others_wrote_on_the_row_since() {
    let w = world();
    let c = &w.core;
    act_as(c, &w.sue);
    let product = h::item_get(c, IdReq { id: w.item.clone() }).unwrap().item.product_id.unwrap();
    let req = json!({"productId": product, "horizon": "one_year", "period": "2027-Q3", "title": "Google Pay"});
    let made = h::item_create(c, serde_json::from_value(req).unwrap()).unwrap().id;
    act_as(c, &w.lee);
    h::item_update(c, serde_json::from_value(json!({"id": made, "metric": "Share of wallet payments"})).unwrap())
        .unwrap();
    act_as(c, &w.sue);
    let before = dump(c);
    let refused = h::undo(c, NoArgs {}).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "roadmap item “Google Pay” was changed since by Lee: undoing would remove that change"
    );
    assert_eq!(dump(c), before);
    assert_eq!(title(c, &made), "Google Pay");
}

#[test]
fn a_story_is_not_undone_back_into_a_closed_sprint() {
    let w = world();
    let c = &w.core;
    let product = super::execution::product_of(&w);
    let d = super::execution::running(&w, &w.item, &w.jo);
    let story = super::execution::approved(&w, &d, &w.jo, "Pay with one tap", 3);
    act_as(c, &w.sue);
    let sprint = |name: &str, from: i64, to: i64| {
        let req = api::SprintCreateReq {
            product_id: product.clone(),
            name: name.into(),
            starts_on: super::execution::day(from),
            ends_on: super::execution::day(to),
            capacity: 10,
        };
        h::sprint_create(c, req).unwrap().id
    };
    let (a, b) = (sprint("Sprint 1", -3, 3), sprint("Sprint 2", 4, 10));
    act_as(c, &w.jo);
    let plan = |to: &str| h::sprint_plan(c, api::SprintPlanReq { story_id: story.clone(), sprint_id: Some(to.into()) });
    plan(&a).unwrap();
    plan(&b).unwrap();
    act_as(c, &w.sue);
    h::sprint_close(c, api::SprintCloseReq { id: a.clone(), carry: vec![] }).unwrap();
    act_as(c, &w.jo);
    let before = dump(c);
    let refused = h::undo(c, NoArgs {}).unwrap_err();
    assert!(refused.to_string().contains("is closed"), "{refused}");
    assert_eq!(dump(c), before);
}
