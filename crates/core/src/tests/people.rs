//! Who may add, rename, re-role, manage and remove whom, and rename the workspace: every cell
//! of the role × action matrix is tried twice — as a local command through the API (refused in
//! the present tense with `permission_denied`, changing nothing) and as ops made on the actor's
//! laptop and received by another replica (refused in the past tense, kept in the log, holding
//! no field) — and must get the same verdict both ways. Then the named cases: a junior's
//! removal of a colleague, a removed member's laptop, restoring an old role, a promotion or a
//! removal arriving late, and the workspace's founding.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::api::{self, NoArgs};
use crate::oplog::{self, Op};
use crate::workspace::{self, Role};
use crate::{Core, ErrorCode};
use serde_json::{json, Value};

/// Lee (leadership, the founder) with Sue and Ola (senior PMs) and Jo and Kim (junior PMs who
/// report to Sue), on Lee's laptop.
struct World {
    core: Core,
    workspace: String,
    lee: String,
    sue: String,
    ola: String,
    jo: String,
    kim: String,
}

fn world() -> World {
    let core = Core::open_in_memory().unwrap();
    let info = workspace::init(&core, "Acme", "Lee", Role::Leadership).unwrap();
    let lee = workspace::me(&core).unwrap();
    let add = |name, role, manager: Option<&str>| workspace::add_member(&core, &lee, name, role, manager).unwrap().id;
    let sue = add("Sue", Role::Senior, None);
    let ola = add("Ola", Role::Senior, None);
    let jo = add("Jo", Role::Junior, Some(&sue));
    let kim = add("Kim", Role::Junior, Some(&sue));
    World { workspace: info.id, lee: lee.id, core, sue, ola, jo, kim }
}

/// Makes `core`'s laptop act as `member` (what a laptop joined as them does).
fn act_as(core: &Core, member: &str) {
    core.transact(|tx| {
        tx.execute("UPDATE local_device SET member_id = ?1", [member])?;
        Ok(())
    })
    .unwrap();
}

/// (name, role, manager, removed) of a member by name, removed or not.
fn person(core: &Core, name: &str) -> Option<(String, String, Option<String>, bool)> {
    core.read(|c| {
        Ok(c.query_row("SELECT id, role, manager_id, deleted FROM member WHERE name = ?1", [name], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .ok())
    })
    .unwrap()
}

fn role_of(core: &Core, id: &str) -> String {
    core.read(|c| Ok(c.query_row("SELECT role FROM member WHERE id = ?1", [id], |r| r.get(0))?)).unwrap()
}

fn column(core: &Core, table: &str, id: &str, column: &str) -> Value {
    core.read(|c| {
        let v: rusqlite::types::Value =
            c.query_row(&format!("SELECT {column} FROM {table} WHERE id = ?1"), [id], |r| r.get(0))?;
        Ok(match v {
            rusqlite::types::Value::Text(t) => json!(t),
            rusqlite::types::Value::Integer(i) => json!(i),
            _ => Value::Null,
        })
    })
    .unwrap()
}

/// (op id, reason) of every refused op.
fn refused(core: &Core) -> Vec<(String, String)> {
    let mut out: Vec<_> = oplog::judge::refused(core).unwrap().into_iter().map(|r| (r.op_id, r.reason)).collect();
    out.sort();
    out
}

/// One op an action writes: (table, entity, field, value).
use super::matrix::Edit;
type MakeRequest = fn(&World, &str) -> Value;
type MakeOps = fn(&World, &str) -> Vec<Edit>;

/// One column of the matrix: the command a person runs, the ops that command writes (made by
/// hand on the actor's laptop for the received side, refused or not), which of those decides,
/// and whether the change took effect.
struct Action {
    name: &'static str,
    command: &'static str,
    request: MakeRequest,
    ops: MakeOps,
    /// The op whose verdict is the action's (adding a member: its role op).
    decisive: usize,
    took_effect: fn(&Core, &World, &str) -> bool,
    /// Allowed for [leadership, senior PM, junior PM].
    allowed: [bool; 3],
}

/// The role a member's own role change asks for: another one than theirs.
fn other_role(w: &World, actor: &str) -> &'static str {
    if actor == w.lee {
        "senior"
    } else if actor == w.sue {
        "leadership"
    } else {
        "senior"
    }
}

fn add(role: &'static str) -> (MakeRequest, MakeOps) {
    match role {
        "leadership" => (|_, _| json!({"name": "Newcomer", "role": "leadership"}), |_, _| new_member_ops("leadership")),
        "senior" => (|_, _| json!({"name": "Newcomer", "role": "senior"}), |_, _| new_member_ops("senior")),
        _ => (|_, _| json!({"name": "Newcomer", "role": "junior"}), |_, _| new_member_ops("junior")),
    }
}

fn new_member_ops(role: &str) -> Vec<Edit> {
    vec![
        ("member", "newcomer".into(), "name", json!("Newcomer")),
        ("member", "newcomer".into(), "role", json!(role)),
        ("member", "newcomer".into(), "manager_id", Value::Null),
    ]
}

fn has_newcomer(core: &Core, role: &str) -> bool {
    person(core, "Newcomer").is_some_and(|(_, r, _, _)| r == role)
}

fn actions() -> Vec<Action> {
    let (req_l, ops_l) = add("leadership");
    let (req_s, ops_s) = add("senior");
    let (req_j, ops_j) = add("junior");
    vec![
        Action {
            name: "add leadership",
            command: "member_create",
            request: req_l,
            ops: ops_l,
            decisive: 1,
            took_effect: |c, _, _| has_newcomer(c, "leadership"),
            allowed: [true, false, false],
        },
        Action {
            name: "add a senior PM",
            command: "member_create",
            request: req_s,
            ops: ops_s,
            decisive: 1,
            took_effect: |c, _, _| has_newcomer(c, "senior"),
            allowed: [true, false, false],
        },
        Action {
            name: "add a junior PM",
            command: "member_create",
            request: req_j,
            ops: ops_j,
            decisive: 1,
            took_effect: |c, _, _| has_newcomer(c, "junior"),
            allowed: [true, true, false],
        },
        Action {
            name: "change a junior's role",
            command: "member_update",
            request: |w, _| json!({"id": w.kim, "role": "senior"}),
            ops: |w, _| vec![("member", w.kim.clone(), "role", json!("senior"))],
            decisive: 0,
            took_effect: |c, w, _| role_of(c, &w.kim) == "senior",
            allowed: [true, false, false],
        },
        Action {
            name: "change their own role",
            command: "member_update",
            request: |w, a| json!({"id": a, "role": other_role(w, a)}),
            ops: |w, a| vec![("member", a.to_owned(), "role", json!(other_role(w, a)))],
            decisive: 0,
            took_effect: |c, w, a| role_of(c, a) == other_role(w, a),
            allowed: [false, false, false],
        },
        Action {
            name: "set a junior's manager",
            command: "member_update",
            request: |w, _| json!({"id": w.kim, "managerId": w.ola}),
            ops: |w, _| vec![("member", w.kim.clone(), "manager_id", json!(w.ola))],
            decisive: 0,
            took_effect: |c, w, _| column(c, "member", &w.kim, "manager_id") == json!(w.ola),
            allowed: [true, true, false],
        },
        Action {
            name: "set a senior's manager",
            command: "member_update",
            request: |w, _| json!({"id": w.ola, "managerId": w.lee}),
            ops: |w, _| vec![("member", w.ola.clone(), "manager_id", json!(w.lee))],
            decisive: 0,
            took_effect: |c, w, _| column(c, "member", &w.ola, "manager_id") == json!(w.lee),
            allowed: [true, false, false],
        },
        Action {
            name: "rename a junior",
            command: "member_update",
            request: |w, _| json!({"id": w.kim, "name": "Kimberly"}),
            ops: |w, _| vec![("member", w.kim.clone(), "name", json!("Kimberly"))],
            decisive: 0,
            took_effect: |c, _, _| person(c, "Kimberly").is_some(),
            allowed: [true, true, false],
        },
        Action {
            name: "rename a senior",
            command: "member_update",
            request: |w, _| json!({"id": w.ola, "name": "Olabisi"}),
            ops: |w, _| vec![("member", w.ola.clone(), "name", json!("Olabisi"))],
            decisive: 0,
            took_effect: |c, _, _| person(c, "Olabisi").is_some(),
            allowed: [true, false, false],
        },
        Action {
            name: "rename themselves",
            command: "member_update",
            request: |_, a| json!({"id": a, "name": "Renamed"}),
            ops: |_, a| vec![("member", a.to_owned(), "name", json!("Renamed"))],
            decisive: 0,
            took_effect: |c, _, a| person(c, "Renamed").is_some_and(|p| p.0 == a),
            allowed: [true, true, true],
        },
        Action {
            name: "remove a junior",
            command: "member_remove",
            request: |w, _| json!({"id": w.kim}),
            ops: |w, _| vec![("member", w.kim.clone(), "deleted", json!(true))],
            decisive: 0,
            took_effect: |c, w, _| column(c, "member", &w.kim, "deleted") == json!(1),
            allowed: [true, false, false],
        },
        Action {
            name: "remove themselves",
            command: "member_remove",
            request: |_, a| json!({"id": a}),
            ops: |_, a| vec![("member", a.to_owned(), "deleted", json!(true))],
            decisive: 0,
            took_effect: |c, _, a| column(c, "member", a, "deleted") == json!(1),
            allowed: [false, false, false],
        },
        Action {
            name: "rename the workspace",
            command: "workspace_rename",
            request: |_, _| json!({"name": "Acme Two"}),
            ops: |w, _| vec![("workspace", w.workspace.clone(), "name", json!("Acme Two"))],
            decisive: 0,
            took_effect: |c, w, _| column(c, "workspace", &w.workspace, "name") == json!("Acme Two"),
            allowed: [true, false, false],
        },
    ]
}

/// The local command's verdict: `None` when allowed (and it took effect), else its message.
fn run_locally(action: &Action, who: usize) -> Option<String> {
    let w = world();
    let (who, actor) = actor(&w, who);
    act_as(&w.core, actor);
    let before = w.core.read(oplog::dump).unwrap();
    match api::dispatch(&w.core, action.command, (action.request)(&w, actor)) {
        Ok(_) => {
            assert!((action.took_effect)(&w.core, &w, actor), "{who} × {}: allowed but no effect", action.name);
            assert!(refused(&w.core).is_empty(), "{who} × {}: its own ops were refused", action.name);
            None
        }
        Err(e) => {
            assert_eq!(e.code, ErrorCode::PermissionDenied, "{who} × {}: {}", action.name, e.message);
            assert_eq!(w.core.read(oplog::dump).unwrap(), before, "{who} × {} changed something", action.name);
            Some(e.message)
        }
    }
}

/// The received ops' verdict: the ops are made on the actor's laptop after everything Lee's
/// laptop holds, and another replica receives both. `None` when every op applied.
fn run_received(action: &Action, who: usize) -> Option<String> {
    let w = world();
    let (who, actor) = actor(&w, who);
    let mut log = w.core.read(oplog::all_ops).unwrap();
    let after = log.iter().map(|o| o.hlc).max().unwrap_or(0);
    let made = super::matrix::made_on_laptop(&format!("laptop-of-{who}"), actor, after, &(action.ops)(&w, actor));
    let decisive = made[action.decisive].op_id.clone();
    log.extend(made.iter().cloned());
    let replica = Core::open_in_memory().unwrap();
    replica.apply_remote(&log).unwrap();
    let refused = refused(&replica);
    let reason = refused.iter().find(|(id, _)| *id == decisive).map(|(_, r)| r.clone());
    match &reason {
        None => {
            assert!(refused.is_empty(), "{who} × {}: allowed, yet refused {refused:?}", action.name);
            assert!((action.took_effect)(&replica, &w, actor), "{who} × {}: applied but no effect", action.name);
        }
        Some(_) => {
            assert!(!(action.took_effect)(&replica, &w, actor), "{who} × {}: refused but took effect", action.name);
            let all = replica.read(oplog::all_ops).unwrap();
            assert!(all.iter().any(|o| o.op_id == decisive), "the refused op stays in the log");
            // A rebuild from the log judges the same way.
            let before = replica.read(oplog::dump).unwrap();
            replica.transact(|tx| oplog::rebuild(tx)).unwrap();
            assert_eq!(replica.read(oplog::dump).unwrap(), before, "{who} × {}: rebuild", action.name);
        }
    }
    reason
}

/// The matrix's row `i` in world `w` (each cell gets a world of its own): who, and their id.
fn actor(w: &World, i: usize) -> (&'static str, &str) {
    match i {
        0 => ("leadership", &w.lee),
        1 => ("senior", &w.sue),
        _ => ("junior", &w.jo),
    }
}

#[test]
fn every_member_and_workspace_action_gets_the_same_verdict_locally_and_received() {
    let mut cells = 0;
    for action in actions() {
        for (i, who) in ["leadership", "senior", "junior"].into_iter().enumerate() {
            let want = action.allowed[i];
            let local = run_locally(&action, i);
            let received = run_received(&action, i);
            assert_eq!(local.is_none(), want, "{who} × {} locally: {local:?}", action.name);
            assert_eq!(received.is_none(), want, "{who} × {} received: {received:?}", action.name);
            // Same rule, same words: "is … may not" now, "was … could not" for a received op.
            if let (Some(now), Some(then)) = (&local, &received) {
                let past = now.replacen(" is ", " was ", 1).replacen(" may not ", " could not ", 1);
                assert_eq!(&past, then, "{who} × {}", action.name);
            }
            cells += 1;
        }
    }
    assert_eq!(cells, 13 * 3);
}

/// A replica that is Kim's laptop, holding everything in `ops`.
fn kims_laptop(kim: &str, ops: &[Op]) -> Core {
    let core = Core::open_in_memory().unwrap();
    core.transact(|tx| {
        tx.execute(
            "INSERT INTO local_device (singleton, device_id, workspace_id, member_id, next_seq, hlc)
             VALUES (1, 'kims-laptop', 'acme', ?1, 1, 0)",
            [kim],
        )?;
        Ok(())
    })
    .unwrap();
    core.apply_remote(ops).unwrap();
    core
}

fn forged(author: &str, hlc: i64, table: &str, entity: &str, field: &str, value: Value) -> Op {
    Op {
        op_id: format!("forged-{author}-{hlc}"),
        device_id: format!("laptop-of-{author}"),
        seq: 1,
        hlc,
        author_id: author.to_owned(),
        table: table.to_owned(),
        entity_id: entity.to_owned(),
        field: field.to_owned(),
        value,
    }
}

#[test]
fn a_juniors_received_removal_of_a_colleague_is_refused_and_the_colleague_still_syncs() {
    let w = world();
    let mut log = w.core.read(oplog::all_ops).unwrap();
    let after = log.iter().map(|o| o.hlc).max().unwrap_or(0);
    let removal = forged(&w.jo, after + 1, "member", &w.kim, "deleted", json!(true));
    log.push(removal.clone());
    let kim = kims_laptop(&w.kim, &log);
    assert_eq!(
        refused(&kim),
        [(removal.op_id, "Jo was a junior PM and could not remove Kim from the workspace".into())]
    );
    assert_eq!(column(&kim, "member", &w.kim, "deleted"), json!(0));
    // Kim works as before: her laptop syncs, reads and edits.
    let folder = tempfile::tempdir().unwrap();
    api::dispatch(&kim, "sync_set_folder", json!({"folder": folder.path()})).unwrap();
    api::dispatch(&kim, "sync_now", json!({})).unwrap();
    api::dispatch(&kim, "member_update", json!({"id": w.kim, "name": "Kim L."})).unwrap();
}

#[test]
fn a_removed_members_laptop_still_syncs_and_reads_but_changes_nothing() {
    let w = world();
    let lee = workspace::me(&w.core).unwrap();
    workspace::remove_member(&w.core, &lee, &w.kim).unwrap();
    let log = w.core.read(oplog::all_ops).unwrap();
    let kim = kims_laptop(&w.kim, &log);
    assert_eq!(column(&kim, "member", &w.kim, "deleted"), json!(1));
    let folder = tempfile::tempdir().unwrap();
    api::dispatch(&kim, "sync_set_folder", json!({"folder": folder.path()})).unwrap();
    let pass = api::dispatch(&kim, "sync_now", json!({})).unwrap();
    assert_eq!(pass["problems"], json!([]), "{pass}");
    let me = api::dispatch(&kim, "workspace_get", json!({})).unwrap();
    assert_eq!(me["me"]["name"], json!("Kim"));
    assert_eq!(me["can"], json!({"editGoals": false, "createProducts": false, "addMembers": []}));
    for read in ["member_list", "goal_list", "product_list", "refused_list", "sync_status"] {
        api::dispatch(&kim, read, json!({})).unwrap_or_else(|e| panic!("{read}: {}", e.message));
    }
    let before = kim.read(oplog::dump).unwrap();
    let err = api::dispatch(&kim, "member_update", json!({"id": w.kim, "name": "Still here"})).unwrap_err();
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    assert_eq!(err.message, "Kim has been removed from the workspace and may not change it");
    assert_eq!(kim.read(oplog::dump).unwrap(), before);
    // What her laptop wrote before it heard is refused wherever it arrives after the removal.
    let after = log.iter().map(|o| o.hlc).max().unwrap_or(0);
    let late_edit = forged(&w.kim, after + 1, "goal", "g-kim", "title", json!("Kim's goal"));
    kim.apply_remote(std::slice::from_ref(&late_edit)).unwrap();
    assert_eq!(
        refused(&kim),
        [(late_edit.op_id, "Kim had been removed from the workspace when this change was made".into())]
    );
}

#[test]
fn restoring_an_old_role_is_judged_like_changing_it() {
    let w = world();
    let lee = workspace::me(&w.core).unwrap();
    let promote = workspace::MemberUpdate { role: Some(Role::Senior), ..Default::default() };
    workspace::update_member(&w.core, &lee, &w.kim, promote).unwrap();
    let demote = workspace::MemberUpdate { role: Some(Role::Junior), ..Default::default() };
    workspace::update_member(&w.core, &lee, &w.kim, demote).unwrap();
    let history = crate::history::history(&w.core, "member", &w.kim, Some("role")).unwrap();
    let senior = history.iter().find(|c| c.value == json!("senior")).unwrap().op_id.clone();

    // Sue (a senior PM) may not bring the old role back, nor may Kim herself.
    for (who, member) in [("Sue", &w.sue), ("Kim", &w.kim)] {
        act_as(&w.core, member);
        let before = w.core.read(oplog::dump).unwrap();
        let err = api::dispatch(&w.core, "history_restore", json!({"opId": senior})).unwrap_err();
        assert_eq!(err.code, ErrorCode::PermissionDenied, "{who}: {}", err.message);
        assert_eq!(w.core.read(oplog::dump).unwrap(), before, "{who}'s refused restore changed something");
    }
    assert_eq!(role_of(&w.core, &w.kim), "junior");
    act_as(&w.core, &w.lee);
    api::dispatch(&w.core, "history_restore", json!({"opId": senior})).unwrap();
    assert_eq!(role_of(&w.core, &w.kim), "senior", "leadership may");
}

/// Lee founds the workspace and adds Sue (senior) and Kim (junior), at clocks 1–5.
fn founded() -> Vec<Op> {
    let op = |seq: i64, entity: &str, field: &str, value: Value| Op {
        op_id: format!("lee-{seq}"),
        device_id: "lee".into(),
        seq,
        hlc: seq,
        author_id: "lee".into(),
        table: if entity == "acme" { "workspace".into() } else { "member".into() },
        entity_id: entity.into(),
        field: field.into(),
        value,
    };
    vec![
        op(1, "acme", "name", json!("Acme")),
        op(2, "lee", "role", json!("leadership")),
        op(3, "sue", "role", json!("senior")),
        op(4, "sue", "name", json!("Sue")),
        op(5, "kim", "role", json!("junior")),
        op(6, "kim", "name", json!("Kim")),
    ]
}

fn replica(batches: &[&[Op]]) -> Core {
    let core = Core::open_in_memory().unwrap();
    for b in batches {
        core.apply_remote(b).unwrap();
    }
    core
}

#[test]
fn a_promotion_arriving_late_allows_the_member_ops_it_permits() {
    let mut log = founded();
    let promote = forged("lee", 10, "member", "sue", "role", json!("leadership"));
    let rerole = forged("sue", 20, "member", "kim", "role", json!("senior"));
    let remove = forged("sue", 21, "member", "kim", "deleted", json!(true));
    let remove = Op { op_id: "sue-2".into(), seq: 2, ..remove };
    log.extend([promote.clone(), rerole.clone(), remove.clone()]);
    let without: Vec<Op> = log.iter().filter(|o| o.op_id != promote.op_id).cloned().collect();

    let late = replica(&[&without]);
    assert_eq!(
        refused(&late),
        [
            (rerole.op_id.clone(), "Sue was a senior PM and could not change the role of Kim".into()),
            (remove.op_id.clone(), "Sue was a senior PM and could not remove Kim from the workspace".into()),
        ]
    );
    assert_eq!(role_of(&late, "kim"), "junior");
    late.apply_remote(std::slice::from_ref(&promote)).unwrap();
    assert!(refused(&late).is_empty(), "{:?}", refused(&late));
    assert_eq!(role_of(&late, "kim"), "senior");
    assert_eq!(column(&late, "member", "kim", "deleted"), json!(1));
    let in_order = replica(&[&log]);
    assert_eq!(late.read(oplog::dump).unwrap(), in_order.read(oplog::dump).unwrap());
}

#[test]
fn a_removal_or_demotion_arriving_late_takes_back_what_came_after_it() {
    let mut log = founded();
    let demote = forged("lee", 10, "member", "sue", "role", json!("junior"));
    let remove = Op {
        op_id: "lee-remove".into(),
        seq: 2,
        hlc: 11,
        ..forged("lee", 11, "member", "kim", "deleted", json!(true))
    };
    let sue_renames_kim = forged("sue", 20, "member", "kim", "name", json!("Kimmy"));
    let kim_edits = forged("kim", 21, "goal", "g", "title", json!("Kim's goal"));
    log.extend([demote.clone(), remove.clone(), sue_renames_kim.clone(), kim_edits.clone()]);
    let early: Vec<Op> = log.iter().filter(|o| o.op_id != demote.op_id && o.op_id != remove.op_id).cloned().collect();
    let late = replica(&[&early]);
    assert_eq!(person(&late, "Kimmy").map(|p| p.0).as_deref(), Some("kim"), "allowed as far as it knew");
    assert_eq!(refused(&late).len(), 1, "Kim, a junior PM, never could edit goals");
    late.apply_remote(&[remove.clone(), demote.clone()]).unwrap();
    let reasons = refused(&late);
    assert!(reasons.contains(&(sue_renames_kim.op_id.clone(), "Sue was a junior PM and could not rename Kim".into())));
    assert!(reasons.contains(&(
        kim_edits.op_id.clone(),
        "Kim had been removed from the workspace when this change was made".into()
    )));
    assert_eq!(person(&late, "Kim").map(|p| p.0).as_deref(), Some("kim"));
    let in_order = replica(&[&log]);
    assert_eq!(late.read(oplog::dump).unwrap(), in_order.read(oplog::dump).unwrap());
}

#[test]
fn the_workspace_founding_is_accepted_everywhere_and_ends_with_the_first_member_added() -> crate::Result<()> {
    // A senior PM founds it (the founder's own manager is set after their role) and adds a junior.
    let core = Core::open_in_memory()?;
    let role_index: i64 = core.read(|c| {
        Ok(c.query_row("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name GLOB 'op_role_*'", [], |r| {
            r.get(0)
        })?)
    })?;
    assert_eq!(role_index, 1, "the founding check reads the role ops through their own index");
    workspace::init(&core, "Acme", "Sam", Role::Senior)?;
    let sam = workspace::me(&core)?;
    workspace::add_member(&core, &sam, "Ana", Role::Junior, None)?;
    assert!(refused(&core).is_empty(), "{:?}", refused(&core));
    let before = core.read(oplog::dump)?;
    core.transact(|tx| oplog::rebuild(tx))?;
    assert_eq!(core.read(oplog::dump)?, before, "rebuild accepts the founding");
    let mut log = core.read(oplog::all_ops)?;
    log.reverse();
    let other = replica(&[&log]);
    assert!(refused(&other).is_empty(), "{:?}", refused(&other));
    assert_eq!(other.read(oplog::dump)?, before, "received newest first, the same");

    // Once another member holds a role, nobody founds anything: not a newcomer naming
    // themselves leadership, not Sam renaming the workspace or making herself leadership.
    let after = log.iter().map(|o| o.hlc).max().unwrap_or(0);
    let late_founder = forged("mallory", after + 1, "member", "mallory", "role", json!("leadership"));
    let rename = forged(&sam.id, after + 2, "workspace", &workspace::info(&core)?.unwrap().id, "name", json!("Mine"));
    let promote = forged(&sam.id, after + 3, "member", &sam.id, "role", json!("leadership"));
    let rename = Op { op_id: "sam-rename".into(), seq: 1, device_id: "sams-other".into(), ..rename };
    let promote = Op { op_id: "sam-promote".into(), seq: 2, device_id: "sams-other".into(), ..promote };
    other.apply_remote(&[late_founder.clone(), rename.clone(), promote.clone()])?;
    let mut want = vec![
        (late_founder.op_id, "mallory was not a member of the workspace when this change was made".to_owned()),
        (rename.op_id, "Sam was a senior PM and could not rename the workspace".to_owned()),
        (promote.op_id, "Sam was a senior PM and could not change their own role".to_owned()),
    ];
    want.sort();
    assert_eq!(refused(&other), want);

    // The sample workspace is founded by leadership, who hands the laptop to Sam: all accepted.
    let sample = Core::open_in_memory()?;
    api::sample_create(&sample)?;
    assert!(refused(&sample).is_empty(), "{:?}", refused(&sample));
    let me = api::dispatch(&sample, "workspace_get", serde_json::to_value(NoArgs {}).unwrap_or_default())
        .map_err(|e| crate::Error::invalid(e.message))?;
    assert_eq!(me["me"]["name"], json!("Sam Rivera"));
    assert_eq!(me["me"]["role"], json!("senior"));
    Ok(())
}

#[test]
fn a_row_of_another_table_with_a_members_id_says_nothing_about_the_member() {
    // A goal that happens to carry Kim's id is deleted, and a product with her id has a role-
    // like text in its name: Kim is neither removed nor anything but a junior PM.
    let mut log = founded();
    log.push(forged("lee", 10, "goal", "kim", "deleted", json!(true)));
    log.push(Op { op_id: "lee-p".into(), seq: 2, ..forged("lee", 11, "product", "kim", "name", json!("leadership")) });
    let rename = forged("kim", 20, "member", "kim", "name", json!("Kim L."));
    let rerole = Op { op_id: "kim-2".into(), seq: 2, ..forged("kim", 21, "member", "sue", "role", json!("junior")) };
    log.extend([rename, rerole.clone()]);
    let core = replica(&[&log]);
    assert_eq!(refused(&core), [(rerole.op_id, "Kim L. was a junior PM and could not change the role of Sue".into())]);
    assert!(person(&core, "Kim L.").is_some(), "her own rename applied: she was not removed");
}
