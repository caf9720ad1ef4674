//! "Recent conflicts" is the same on every laptop, whatever order the edits arrive in
//! (`oplog::conflicts`): the named cases, and the oracle the property tests compare with.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::Connection;
use serde_json::json;

use crate::oplog::conflicts::Vector;
use crate::oplog::{self, Op};
use crate::Core;

/// (winner op id, loser op id) of every listed conflict.
pub(crate) fn listed(conn: &Connection) -> crate::Result<BTreeSet<(String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT baton_op_id(w.op_id), baton_op_id(l.op_id) FROM conflict c
         JOIN op w ON w.n = c.winner JOIN op l ON l.n = c.loser",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The conflicts by the definition, from scratch: per field, the applied ops (not in
/// `refused`) in (hlc, device id, op id) order; each consecutive pair from two devices, with
/// two values, whose writers had not seen each other (`vectors`: by (device, seq); an op
/// without one is never in a conflict here — the property tests give every op one).
pub(crate) fn oracle(
    ops: &[Op],
    vectors: &BTreeMap<(String, i64), Vector>,
    refused: &BTreeSet<String>,
) -> BTreeSet<(String, String)> {
    let mut fields: BTreeMap<(&str, &str, &str), Vec<&Op>> = BTreeMap::new();
    let mut unique: BTreeMap<&str, &Op> = BTreeMap::new();
    for op in ops {
        unique.insert(&op.op_id, op);
    }
    for op in unique.values().filter(|o| !refused.contains(&o.op_id)) {
        fields.entry((&op.table, &op.entity_id, &op.field)).or_default().push(op);
    }
    let saw = |a: &Op, b: &Op| -> Option<bool> {
        let vv = vectors.get(&(a.device_id.clone(), a.seq))?;
        Some(vv.get(&b.device_id).copied().unwrap_or(0) >= b.seq)
    };
    let mut out = BTreeSet::new();
    for list in fields.values_mut() {
        list.sort_by(|a, b| {
            (a.hlc, a.device_id.as_bytes(), oplog::OpKey::of(&a.op_id)).cmp(&(
                b.hlc,
                b.device_id.as_bytes(),
                oplog::OpKey::of(&b.op_id),
            ))
        });
        for w in list.windows(2) {
            let (p, q) = (w[0], w[1]);
            if p.device_id != q.device_id && p.value != q.value && saw(q, p) == Some(false) && saw(p, q) == Some(false)
            {
                out.insert((q.op_id.clone(), p.op_id.clone()));
            }
        }
    }
    out
}

/// An admin founds the workspace (its own role, at clock 1) and makes the members of devices
/// a, b and c seniors (allowed to edit goals), at clock 2.
fn team(core: &Core) -> crate::Result<()> {
    let role = |seq: i64, hlc: i64, member: &str, value: &str| Op {
        op_id: format!("role-{member}"),
        device_id: "dev-admin".to_owned(),
        seq,
        hlc,
        author_id: "admin".to_owned(),
        table: "member".to_owned(),
        entity_id: member.to_owned(),
        field: "role".to_owned(),
        value: json!(value),
    };
    let mut ops = vec![role(1, 1, "admin", "leadership")];
    for (i, d) in ["a", "b", "c"].iter().enumerate() {
        ops.push(role(i as i64 + 2, 2, &format!("member-{d}"), "senior"));
    }
    for op in &ops {
        core.transact(|tx| oplog::receive(tx, std::slice::from_ref(op), Some(&Vector::new())))?;
    }
    Ok(())
}

/// A goal title set on device `d` ("a", "b", "c") as its op `seq`, written having seen `seen`.
struct Edit {
    op: Op,
    seen: Vector,
}

fn edit(d: &str, seq: i64, hlc: i64, title: &str, seen: &[(&str, i64)]) -> Edit {
    Edit {
        op: Op {
            op_id: format!("{d}{seq}"),
            device_id: format!("dev-{d}"),
            seq,
            hlc,
            author_id: format!("member-{d}"),
            table: "goal".to_owned(),
            entity_id: "g1".to_owned(),
            field: "title".to_owned(),
            value: json!(title),
        },
        seen: seen.iter().map(|(d, s)| (format!("dev-{d}"), *s)).collect(),
    }
}

fn permutations(n: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for rest in permutations(n - 1) {
        for at in 0..=rest.len() {
            let mut p = rest.clone();
            p.insert(at, n - 1);
            out.push(p);
        }
    }
    out
}

/// Delivers `edits` (each its own segment) to a fresh laptop in every order, then once more
/// all together as duplicates; every laptop lists exactly `want` ((winner, loser) op ids),
/// and rebuilding lists the same.
fn every_order_lists(edits: &[Edit], want: &[(&str, &str)]) -> crate::Result<()> {
    let want: BTreeSet<(String, String)> = want.iter().map(|(w, l)| ((*w).to_owned(), (*l).to_owned())).collect();
    for order in permutations(edits.len()) {
        let core = Core::open_in_memory()?;
        team(&core)?;
        let mut counted = 0;
        for &i in &order {
            let e = &edits[i];
            counted += core.transact(|tx| oplog::receive(tx, std::slice::from_ref(&e.op), Some(&e.seen)))?.conflicts;
        }
        let got = core.read(listed)?;
        assert_eq!(got, want, "delivered in the order {order:?}");
        assert!(counted >= want.len(), "order {order:?}: {counted} counted as newly listed");
        for e in edits {
            let again = core.transact(|tx| oplog::receive(tx, std::slice::from_ref(&e.op), Some(&e.seen)))?;
            assert_eq!(again.conflicts, 0, "a duplicate lists nothing new");
        }
        core.transact(|tx| oplog::rebuild(tx))?;
        assert_eq!(core.read(listed)?, want, "rebuilt after the order {order:?}");
    }
    Ok(())
}

#[test]
fn an_edit_made_after_seeing_the_other_is_not_a_conflict_in_any_order() -> crate::Result<()> {
    // B overwrites A's title having seen it: with a later clock, and with an earlier one (B's
    // clock behind): either way one writer had seen the other.
    every_order_lists(&[edit("a", 1, 10, "A's", &[]), edit("b", 1, 20, "B's", &[("a", 1)])], &[])?;
    every_order_lists(&[edit("a", 1, 20, "A's", &[]), edit("b", 1, 10, "B's", &[("a", 1)])], &[])?;
    // Concurrent: listed, whichever clock is greater.
    every_order_lists(&[edit("a", 1, 10, "A's", &[]), edit("b", 1, 20, "B's", &[])], &[("b1", "a1")])?;
    every_order_lists(&[edit("a", 1, 20, "A's", &[]), edit("b", 1, 10, "B's", &[])], &[("a1", "b1")])?;
    // Concurrent but equal: nothing was lost.
    every_order_lists(&[edit("a", 1, 10, "Same", &[]), edit("b", 1, 20, "Same", &[])], &[])
}

#[test]
fn an_overwrite_then_an_informed_edit_lists_exactly_the_overwrite_everywhere() -> crate::Result<()> {
    // A1; B1 concurrent with it; then A2 by A's author after seeing B1.
    let edits = [
        edit("a", 1, 10, "A first", &[]),
        edit("b", 1, 20, "B", &[]),
        edit("a", 2, 30, "A after seeing B", &[("a", 1), ("b", 1)]),
    ];
    every_order_lists(&edits, &[("b1", "a1")])?;
    // A supersedes A1 before B's concurrent edit (later clock) arrives: only A2 was overwritten.
    let edits =
        [edit("a", 1, 10, "A first", &[]), edit("a", 2, 20, "A second", &[("a", 1)]), edit("b", 1, 30, "B", &[])];
    every_order_lists(&edits, &[("b1", "a2")])?;
    // Three laptops, none having seen the others: one pair per consecutive overwrite.
    let edits = [edit("a", 1, 10, "A", &[]), edit("b", 1, 20, "B", &[]), edit("c", 1, 30, "C", &[])];
    every_order_lists(&edits, &[("b1", "a1"), ("c1", "b1")])
}

#[test]
fn a_refused_edit_is_never_in_a_conflict() -> crate::Result<()> {
    // C's author has no role yet: C1, between A1 and B1, is refused and the pair skips it.
    let mut c1 = edit("c", 1, 15, "C", &[]);
    c1.op.author_id = "member-x".to_owned();
    let edits = [edit("a", 1, 10, "A", &[]), c1, edit("b", 1, 20, "B", &[])];
    every_order_lists(&edits, &[("b1", "a1")])?;
    let core = Core::open_in_memory()?;
    team(&core)?;
    for e in &edits {
        let r = core.transact(|tx| oplog::receive(tx, std::slice::from_ref(&e.op), Some(&e.seen)))?;
        assert_eq!(r.applied.refused, usize::from(e.op.op_id == "c1"));
    }

    // X becomes a senior by an op that arrives late (clock 2, before C1's): C1 flips to
    // applied wherever the promotion arrives after it, and the pairs go through C1.
    let promote = Edit {
        op: Op {
            op_id: "role-x".to_owned(),
            device_id: "dev-admin".to_owned(),
            seq: 5,
            hlc: 2,
            author_id: "admin".to_owned(),
            table: "member".to_owned(),
            entity_id: "member-x".to_owned(),
            field: "role".to_owned(),
            value: json!("senior"),
        },
        seen: Vector::new(),
    };
    let mut c1 = edit("c", 1, 15, "C", &[]);
    c1.op.author_id = "member-x".to_owned();
    let edits = [edit("a", 1, 10, "A", &[]), c1, edit("b", 1, 20, "B", &[]), promote];
    every_order_lists(&edits, &[("c1", "a1"), ("b1", "c1")])?;

    // A demotion arriving late (A's author a junior from clock 5): A1 flips to refused.
    let demote = Edit {
        op: Op {
            op_id: "demote-a".to_owned(),
            device_id: "dev-admin".to_owned(),
            seq: 5,
            hlc: 5,
            author_id: "admin".to_owned(),
            table: "member".to_owned(),
            entity_id: "member-a".to_owned(),
            field: "role".to_owned(),
            value: json!("junior"),
        },
        seen: Vector::new(),
    };
    let edits = [edit("c", 1, 3, "C", &[]), edit("a", 1, 10, "A", &[]), edit("b", 1, 20, "B", &[]), demote];
    every_order_lists(&edits, &[("b1", "c1")])
}

#[test]
fn a_vector_learned_after_the_op_decides_its_pairs() -> crate::Result<()> {
    // B1 first arrives without its writer's vector (nothing is listed: unknown), then again
    // in its segment: the pair is decided then, as on a laptop that had the segment at once.
    let (a1, b1) = (edit("a", 1, 10, "A", &[]), edit("b", 1, 20, "B", &[]));
    let core = Core::open_in_memory()?;
    team(&core)?;
    core.transact(|tx| oplog::receive(tx, std::slice::from_ref(&a1.op), Some(&a1.seen)))?;
    let r = core.transact(|tx| oplog::receive(tx, std::slice::from_ref(&b1.op), None))?;
    assert_eq!((r.applied.won, r.conflicts), (1, 0));
    assert!(core.read(listed)?.is_empty());
    let r = core.transact(|tx| oplog::receive(tx, std::slice::from_ref(&b1.op), Some(&b1.seen)))?;
    assert_eq!((r.applied.duplicate, r.conflicts), (1, 1));
    let want: BTreeSet<(String, String)> = [("b1".to_owned(), "a1".to_owned())].into();
    assert_eq!(core.read(listed)?, want);
    Ok(())
}

#[test]
fn seen_marks_stay_local_and_survive_an_unrelated_edit() -> crate::Result<()> {
    let core = Core::open_in_memory()?;
    team(&core)?;
    for e in [edit("a", 1, 10, "A", &[]), edit("b", 1, 20, "B", &[])] {
        core.transact(|tx| oplog::receive(tx, std::slice::from_ref(&e.op), Some(&e.seen)))?;
    }
    let dump = core.read(oplog::dump)?;
    assert!(dump.contains("\"b1\")\tText(\"a1\")"), "the dump lists the pair:\n{dump}");
    core.transact(|tx| Ok(tx.execute("UPDATE conflict SET seen = 1", [])?))?;
    assert_eq!(core.read(oplog::dump)?, dump, "whether it was looked at is this laptop's own");
    // An informed edit after both: the listed pair keeps its row, still looked at.
    let c = edit("c", 1, 30, "C", &[("a", 1), ("b", 1)]);
    let r = core.transact(|tx| oplog::receive(tx, std::slice::from_ref(&c.op), Some(&c.seen)))?;
    assert_eq!(r.conflicts, 0);
    let unseen: i64 =
        core.read(|c| Ok(c.query_row("SELECT count(*) FROM conflict WHERE seen = 0", [], |r| r.get(0))?))?;
    assert_eq!((core.read(listed)?.len(), unseen), (1, 0));
    Ok(())
}

#[test]
fn vectors_are_kept_as_runs_however_the_segments_are_cut_and_ordered() -> crate::Result<()> {
    let core = Core::open_in_memory()?;
    let op = |seq: i64| edit("a", seq, seq, "A", &[]).op;
    let ops = |from: i64, to: i64| (from..=to).map(op).collect::<Vec<_>>();
    let x: Vector = [("dev-b".to_owned(), 1)].into();
    let y: Vector = [("dev-b".to_owned(), 2)].into();
    let record = |ops: &[Op], vv: &Vector| {
        core.transact(|tx| {
            let got = oplog::conflicts::record_seen(tx, &mut oplog::Ids::default(), ops, vv)?;
            oplog::apply(tx, ops)?;
            Ok(got)
        })
    };
    let runs = || -> crate::Result<Vec<(i64, i64, String)>> {
        core.read(|c| {
            let mut stmt = c.prepare("SELECT from_seq, to_seq, vv FROM op_seen ORDER BY from_seq")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    };
    let (tx, ty) = (serde_json::to_string(&x).unwrap(), serde_json::to_string(&y).unwrap());
    // Out of order, and cut anywhere: runs of one vector meet and merge.
    assert!(record(&ops(4, 6), &x)?.is_empty());
    assert!(record(&ops(10, 12), &y)?.is_empty());
    assert!(record(&ops(1, 3), &x)?.is_empty());
    assert_eq!(runs()?, [(1, 6, tx.clone()), (10, 12, ty.clone())]);
    assert!(record(&ops(7, 9), &x)?.is_empty());
    assert_eq!(runs()?, [(1, 9, tx.clone()), (10, 12, ty.clone())]);
    // A file overlapping what is known (another vector, as a forged one would claim): the
    // first vector of each op stays, only the uncovered seqs are taken, and ops already in
    // the log that just got theirs are answered.
    core.transact(|tx| oplog::apply(tx, &ops(13, 14)))?;
    let present = record(&ops(8, 15), &y)?;
    assert_eq!(present.len(), 2, "seqs 13 and 14 were in the log without a vector");
    assert_eq!(runs()?, [(1, 9, tx), (10, 15, ty)]);
    Ok(())
}

/// A laptop upgrading from schema 4: the vectors of the ops it holds were never kept. The pair
/// it listed that is still a consecutive pair stays (with its seen mark), the one that is not
/// goes, a pair depending on an old op's vector is not listed anew, and pairs of ops received
/// with their vectors afterwards are decided by the definition.
#[test]
fn an_upgraded_laptop_keeps_what_it_listed_and_decides_new_pairs() -> crate::Result<()> {
    let dir = tempfile::tempdir().map_err(|e| crate::Error::invalid(e.to_string()))?;
    let path = dir.path().join(oplog::store::DB_FILE);
    let core = Core::open(&path)?;
    crate::workspace::init(&core, "Acme", "Lee", crate::workspace::Role::Leadership)?;
    let lee = crate::workspace::me(&core)?.id;
    // After Lee's role (ops are judged as the log stood at their clock).
    let base = core.read(|c| Ok(c.query_row("SELECT hlc FROM local_device", [], |r| r.get::<_, i64>(0))?))?;
    let by_lee = |e: Edit| Edit { op: Op { author_id: lee.clone(), hlc: base + e.op.hlc, ..e.op }, seen: e.seen };
    let old = [edit("a", 1, 10, "A1", &[]), edit("b", 1, 20, "B1", &[]), edit("a", 2, 30, "A2", &[])].map(by_lee);
    for e in &old {
        core.apply_remote(std::slice::from_ref(&e.op))?;
    }
    drop(core);
    {
        // Back to schema 4, with the list the old receive kept: B1 over A1 (looked at), and A2
        // over A1 (what the one-directional check listed; A1 and A2 are not consecutive).
        let conn = Connection::open(&path)?;
        conn.execute_batch(
            "DROP TABLE op_seen; DROP TABLE own_seen_floor; DROP TABLE conflict; DROP TABLE op_held;
             ALTER TABLE sync_config DROP COLUMN moved_from; ALTER TABLE sync_config DROP COLUMN moved_ms;
             ALTER TABLE sync_peer DROP COLUMN retired_ms;
             ALTER TABLE member DROP COLUMN mentor_id; DROP TABLE delegation; DROP TABLE checkin;
             DROP TABLE story; DROP TABLE guardrail_check; DROP TABLE comment;
             DROP TABLE device; DROP TABLE invite; DROP TABLE device_trust;
             DROP TABLE feedback; DROP TABLE idea; DROP TABLE evidence; DROP TABLE decision; DROP TABLE decision_text;
             DROP TABLE search_text; DROP TABLE sprint; DROP TABLE launch; DROP TABLE launch_check;
                 DROP TABLE launch_template; DROP TABLE journal_entry; DROP TABLE undo_step; DROP TABLE story_tally; DROP TRIGGER search_goal_insert; DROP TRIGGER search_goal_update;
             DROP TRIGGER search_goal_delete; DROP TRIGGER search_product_insert;
             DROP TRIGGER search_product_update; DROP TRIGGER search_product_delete;
             DROP TRIGGER search_item_insert; DROP TRIGGER search_item_update; DROP TRIGGER search_item_delete;
             CREATE TABLE conflict (
                 id INTEGER PRIMARY KEY, entity_table TEXT NOT NULL, entity_id TEXT NOT NULL,
                 field TEXT NOT NULL, winner_op TEXT NOT NULL, loser_op TEXT NOT NULL,
                 detected_ms INTEGER NOT NULL, seen INTEGER NOT NULL DEFAULT 0, UNIQUE (winner_op, loser_op)
             ) STRICT;
             INSERT INTO conflict (entity_table, entity_id, field, winner_op, loser_op, detected_ms, seen)
             VALUES ('goal', 'g1', 'title', 'b1', 'a1', 5, 1), ('goal', 'g1', 'title', 'a2', 'a1', 6, 0);
             PRAGMA user_version = 4;",
        )?;
    }
    let core = Core::open(&path)?;
    let pairs = |want: &[(&str, &str)]| -> BTreeSet<(String, String)> {
        want.iter().map(|(w, l)| ((*w).to_owned(), (*l).to_owned())).collect()
    };
    assert_eq!(core.read(listed)?, pairs(&[("b1", "a1")]));
    let seen: bool = core.read(|c| Ok(c.query_row("SELECT seen FROM conflict", [], |r| r.get(0))?))?;
    assert!(seen, "the looked-at mark survives the upgrade");
    let floor: i64 = core.read(|c| Ok(c.query_row("SELECT seq FROM own_seen_floor", [], |r| r.get(0))?))?;
    let next: i64 = core.read(|c| Ok(c.query_row("SELECT next_seq FROM local_device", [], |r| r.get(0))?))?;
    assert_eq!(floor, next, "this laptop's ops written before the upgrade count as unknown");

    // C1 overwrites A2 without having seen it, but A2's vector is unknown: not listed. D1 then
    // overwrites C1 concurrently, both vectors known: listed.
    let new = [edit("c", 1, 40, "C1", &[]), edit("d", 1, 50, "D1", &[])].map(by_lee);
    for e in &new {
        core.transact(|tx| oplog::receive(tx, std::slice::from_ref(&e.op), Some(&e.seen)))?;
    }
    assert_eq!(core.read(listed)?, pairs(&[("b1", "a1"), ("d1", "c1")]));
    core.transact(|tx| oplog::rebuild(tx))?;
    assert_eq!(core.read(listed)?, pairs(&[("b1", "a1"), ("d1", "c1")]), "a rebuild decides the same");
    Ok(())
}
