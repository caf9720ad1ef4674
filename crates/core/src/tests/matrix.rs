//! What the access matrices share (`ideas_matrix.rs`, `execution_matrix.rs`): an action tried
//! by one actor twice — as a local command through the API (refused in the present tense with
//! `permission_denied`, changing nothing) and as the ops the actor's laptop would make, received
//! by another replica (refused in the past tense, kept in the log, holding no field, surviving a
//! rebuild) — so both verdicts can be compared.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;

use super::delegation_matrix::{laptop, refused};
use crate::oplog::{self, Op};
use crate::{Core, ErrorCode};

/// One op an action writes: (table, entity, field, value).
pub(crate) type Edit = (&'static str, String, &'static str, Value);

/// The ops `edits` make on laptop `device`, written by `author` after every clock up to `after`
/// (ids `<device>-<i>`, sequence from 1): what another replica then receives.
pub(crate) fn made_on_laptop(device: &str, author: &str, after: i64, edits: &[Edit]) -> Vec<Op> {
    edits
        .iter()
        .enumerate()
        .map(|(i, (table, entity, field, value))| Op {
            op_id: format!("{device}-{i}"),
            device_id: device.to_owned(),
            seq: i as i64 + 1,
            hlc: after + 1 + i as i64,
            author_id: author.to_owned(),
            table: (*table).to_owned(),
            entity_id: entity.clone(),
            field: (*field).to_owned(),
            value: value.clone(),
        })
        .collect()
}

/// An action of a matrix over ids `I`, started from state `S`, and who (by relation, in the
/// matrix's order of seven) may take it.
pub(crate) struct Action<I, S> {
    pub(crate) name: &'static str,
    pub(crate) from: S,
    pub(crate) run: fn(&Core, &I, &str) -> crate::Result<()>,
    pub(crate) ops: fn(&Core, &I, &str) -> Vec<Edit>,
    pub(crate) took_effect: fn(&Core, &I) -> bool,
    pub(crate) allowed: [bool; 7],
}

/// A state to start from: the ids, every op that made it, and the laptop that made them.
pub(crate) struct Built<I> {
    pub(crate) ids: I,
    pub(crate) ops: Vec<Op>,
    pub(crate) core: Core,
}

fn dump(core: &Core) -> String {
    core.read(oplog::dump).unwrap()
}

/// The action as a command on the actor's own laptop (holding the state's ops): `None` when
/// it was allowed (and took effect), else the refusal.
pub(crate) fn run_locally<I, S>(
    action: &Action<I, S>,
    built: &Built<I>,
    workspace: &str,
    actor: &str,
    rel: &str,
) -> Option<String> {
    let ids = &built.ids;
    let core = laptop("actors-laptop", actor, workspace, &built.ops);
    assert!(!(action.took_effect)(&core, ids), "{rel} × {}: done already", action.name);
    let before = dump(&core);
    match (action.run)(&core, ids, actor) {
        Ok(()) => {
            assert!((action.took_effect)(&core, ids), "{rel} × {}: allowed but no effect", action.name);
            assert!(refused(&core).is_empty(), "{rel} × {}: its own ops were refused", action.name);
            None
        }
        Err(e) => {
            assert_eq!(e.code(), ErrorCode::PermissionDenied, "{rel} × {}: {e}", action.name);
            assert_eq!(dump(&core), before, "{rel} × {} changed something", action.name);
            Some(e.to_string())
        }
    }
}

/// The ops made on the actor's laptop after the state, received by another replica: `None`
/// when all applied, else the first refused op's reason.
pub(crate) fn run_received<I, S>(action: &Action<I, S>, built: &Built<I>, actor: &str, rel: &str) -> Option<String> {
    let ids = &built.ids;
    let mut log = built.ops.clone();
    let after = log.iter().map(|o| o.hlc).max().unwrap_or(0);
    let made = made_on_laptop(&format!("laptop-of-{actor}"), actor, after, &(action.ops)(&built.core, ids, actor));
    log.extend(made.iter().cloned());
    let replica = Core::open_in_memory().unwrap();
    replica.apply_remote(&log).unwrap();
    let refused = refused(&replica);
    let first = made.iter().find_map(|op| refused.iter().find(|(id, _)| *id == op.op_id).map(|(_, r)| r.clone()));
    match &first {
        None => {
            assert!(refused.is_empty(), "{rel} × {}: allowed, yet refused {refused:?}", action.name);
            assert!((action.took_effect)(&replica, ids), "{rel} × {}: applied but no effect", action.name);
        }
        Some(_) => {
            assert!(!(action.took_effect)(&replica, ids), "{rel} × {}: refused but took effect", action.name);
            let before = dump(&replica);
            replica.transact(|tx| oplog::rebuild(tx)).unwrap();
            assert_eq!(dump(&replica), before, "{rel} × {}: rebuild", action.name);
        }
    }
    first
}

/// The present-tense refusal said in the past tense, as a received op's is.
pub(crate) fn in_the_past(now: &str) -> String {
    if let Some(who) = now.strip_suffix(" has been removed from the workspace and may not change it") {
        return format!("{who} had been removed from the workspace when this change was made");
    }
    // "Kim is a junior PM and may not …"; a state's refusal has no role: "Jo may not … once it is …".
    let said_role = now.contains(" is a ") || now.contains(" is leadership ");
    let now = if said_role { now.replacen(" is ", " was ", 1) } else { now.to_owned() };
    now.replacen(" may not ", " could not ", 1)
}

/// Every action × every relation, both ways: the verdicts must be the expected ones and say the
/// same thing (the received one in the past tense). Returns the matrix as text, one line per
/// action, and the number of cells.
pub(crate) fn check_all<I, S: PartialEq>(
    actions: &[Action<I, S>],
    built: &[(S, Built<I>)],
    relations: &[&str; 7],
    workspace: &str,
    actor: impl Fn(&I, usize) -> String,
) -> (String, usize) {
    let mut cells = 0;
    let mut table = String::new();
    for action in actions {
        let b = &built.iter().find(|(s, _)| *s == action.from).unwrap().1;
        let mut line = format!("{:<26}", action.name);
        for (i, rel) in relations.iter().enumerate() {
            let want = action.allowed[i];
            let who = actor(&b.ids, i);
            let local = run_locally(action, b, workspace, &who, rel);
            let received = run_received(action, b, &who, rel);
            assert_eq!(local.is_none(), want, "{rel} × {} locally: {local:?}", action.name);
            assert_eq!(received.is_none(), want, "{rel} × {} received: {received:?}", action.name);
            if let (Some(now), Some(then)) = (&local, &received) {
                assert!(!now.contains(" could not "), "{rel} × {}: refused mid-command: {now}", action.name);
                assert_eq!(&in_the_past(now), then, "{rel} × {}", action.name);
            }
            line.push_str(if want { " | yes" } else { " |  - " });
            cells += 1;
        }
        table.push_str(&line);
        table.push('\n');
    }
    (table, cells)
}
