//! Replicas that have seen the same ops hold the same state (shared/design/SYNC.md): whatever
//! order, batching and duplication the ops arrived in, the synced tables and field clocks are
//! byte-identical, each field holds its greatest `(hlc, device_id, op_id)` op, and replaying
//! the op log into empty tables gives the same state back.
//!
//! `BATON_PROPTEST_CASES=10000 cargo test -p baton-core convergence` runs more cases
//! (default 1000).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};

use crate::oplog::{self, Applied, Op};
use crate::registry::{self, Kind};
use crate::Core;
use proptest::prelude::*;
use proptest::sample::{select, Index};
use proptest::test_runner::Config as ProptestConfig;
use serde_json::{json, Value};

const DEVICES: [&str; 4] = ["dev-a", "dev-b", "dev-c", "dev-d"];
const ENTITIES: [&str; 3] = ["e1", "e2", "e3"];
const TEXTS: [&str; 5] = ["", "alpha", "beta", "Gamma", "ünï ☃ \"q\""];
/// Clocks come from `0..=MAX_HLC`, so two devices often write at the same clock.
const MAX_HLC: i64 = 4;
/// Fields most ops go to, one of each kind, so concurrent writes to one field are common.
/// Authors are entities too, so role, removal and ownership ops decide whether other ops apply;
/// member and workspace ops are judged too (the first author to set their own role founds the
/// workspace, and may then add, re-role, rename and remove the others).
const HOT: [(&str, &str); 11] = [
    ("goal", "title"),
    ("member", "role"),
    ("member", "role"),
    ("member", "deleted"),
    ("member", "name"),
    ("workspace", "name"),
    ("product", "owner_id"),
    ("roadmap_item", "product_id"),
    ("roadmap_item", "title"),
    ("roadmap_item", "deleted"),
    ("guardrail", "item_id"),
];

fn config() -> ProptestConfig {
    let cases = std::env::var("BATON_PROPTEST_CASES").ok().and_then(|s| s.trim().parse().ok()).unwrap_or(1000);
    ProptestConfig { cases, ..ProptestConfig::default() }
}

type Field = (&'static str, &'static str, Kind);

/// Every (table, field, kind) an op may set.
fn all_fields() -> Vec<Field> {
    oplog::TABLES.iter().flat_map(|t| t.fields.iter().map(move |f| (t.name, f.name, f.kind))).collect()
}

fn hot_fields() -> Vec<Field> {
    HOT.iter().map(|(t, f)| oplog::field(t, f).expect("hot field is in the schema")).collect()
}

/// A valid value for a field of `kind`.
fn value_for(kind: Kind) -> BoxedStrategy<Value> {
    let text = select(TEXTS.to_vec()).prop_map(Value::from);
    match kind {
        Kind::Text => text.boxed(),
        // References: usually to one of the entities, so links between them form.
        Kind::OptText => {
            prop_oneof![1 => Just(Value::Null), 1 => text, 3 => select(ENTITIES.to_vec()).prop_map(Value::from)].boxed()
        }
        Kind::OneOf(allowed) => select(allowed.to_vec()).prop_map(Value::from).boxed(),
        Kind::Bool => any::<bool>().prop_map(Value::from).boxed(),
        Kind::Int(min, max) => (min..=max).prop_map(Value::from).boxed(),
        Kind::LongText => text.boxed(),
    }
}

/// One op of one device, before it is given its device, sequence number and id.
#[derive(Debug, Clone)]
struct Draft {
    hlc: i64,
    entity: &'static str,
    table: &'static str,
    field: &'static str,
    value: Value,
}

fn draft() -> impl Strategy<Value = Draft> {
    let field = prop_oneof![3 => select(hot_fields()), 1 => select(all_fields())];
    (0..=MAX_HLC, select(ENTITIES.to_vec()), field).prop_flat_map(|(hlc, entity, (table, field, kind))| {
        value_for(kind).prop_map(move |value| Draft { hlc, entity, table, field, value })
    })
}

/// Usually (3 cases in 4) the workspace is founded first, on device "dev-0" at clock 0 (which
/// sorts before the others' clock-0 ops): e1 makes itself leadership and gives e2 and e3 a role,
/// so most authors are members and the strategy ops are judged by their roles. Otherwise the
/// first author to set their own role founds it. The founding ops are delivered shuffled too.
fn founding() -> impl Strategy<Value = Option<Vec<Op>>> {
    let roles = (select(registry::ROLES.to_vec()), select(registry::ROLES.to_vec()));
    prop::option::weighted(0.75, roles).prop_map(|roles| {
        roles.map(|(e2, e3)| {
            [("e1", "leadership"), ("e2", e2), ("e3", e3)]
                .into_iter()
                .enumerate()
                .map(|(i, (member, role))| Op {
                    op_id: format!("{}@dev-0", i + 1),
                    device_id: "dev-0".to_owned(),
                    seq: i as i64 + 1,
                    hlc: 0,
                    author_id: "e1".to_owned(),
                    table: "member".to_owned(),
                    entity_id: member.to_owned(),
                    field: "role".to_owned(),
                    value: json!(role),
                })
                .collect()
        })
    })
}

/// Ops from 2–4 devices, each numbering its own 1, 2, 3, … with op ids unique across devices,
/// after the founding ops when there are some.
fn ops() -> impl Strategy<Value = Vec<Op>> {
    (founding(), prop::collection::vec(prop::collection::vec(draft(), 1..=8), 2..=4)).prop_map(|(founding, devices)| {
        let mut out = founding.unwrap_or_default();
        for (d, drafts) in devices.into_iter().enumerate() {
            let device = DEVICES[d];
            for (i, dr) in drafts.into_iter().enumerate() {
                let seq = i as i64 + 1;
                out.push(Op {
                    // Not in device order, so a tie-break on the op id alone shows.
                    op_id: format!("{seq}@{device}"),
                    device_id: device.to_owned(),
                    seq,
                    hlc: dr.hlc,
                    author_id: ENTITIES[(d + i) % ENTITIES.len()].to_owned(),
                    table: dr.table.to_owned(),
                    entity_id: dr.entity.to_owned(),
                    field: dr.field.to_owned(),
                    value: dr.value,
                });
            }
        }
        out
    })
}

/// How the ops reach a second replica: shuffled, some sent again, split into batches.
#[derive(Debug, Clone)]
struct Delivery {
    order: Vec<usize>,
    /// (which op to send again, where in the stream to insert it)
    again: Vec<(Index, Index)>,
    cuts: Vec<Index>,
}

fn ops_and_delivery() -> impl Strategy<Value = (Vec<Op>, Delivery)> {
    ops().prop_flat_map(|ops| {
        let n = ops.len();
        let delivery = (
            Just((0..n).collect::<Vec<usize>>()).prop_shuffle(),
            prop::collection::vec((any::<Index>(), any::<Index>()), 0..8),
            prop::collection::vec(any::<Index>(), 0..5),
        )
            .prop_map(|(order, again, cuts)| Delivery { order, again, cuts });
        (Just(ops), delivery)
    })
}

impl Delivery {
    fn batches(&self, ops: &[Op]) -> Vec<Vec<Op>> {
        let mut stream: Vec<Op> = self.order.iter().map(|&i| ops[i].clone()).collect();
        for (which, at) in &self.again {
            let op = ops[which.index(ops.len())].clone();
            let at = at.index(stream.len() + 1);
            stream.insert(at, op);
        }
        let mut cuts: Vec<usize> = self.cuts.iter().map(|c| c.index(stream.len() + 1)).collect();
        cuts.push(stream.len());
        cuts.sort_unstable();
        let mut out = Vec::new();
        let mut start = 0;
        for cut in cuts {
            out.push(stream[start..cut].to_vec());
            start = cut;
        }
        out
    }
}

/// How each device's ops reach replicas as segments with their writer's version vector: the
/// ops of a device cut into runs written under one vector each, the runs cut again into
/// segments (a file can be re-cut anywhere inside a run), delivered shuffled, some again, some
/// first without their vector (a path that carries none), always once with it.
#[derive(Debug, Clone)]
struct Segments {
    /// Per op (in device order): a new vector starts here.
    run_starts: Vec<bool>,
    /// Per op: a new segment starts here.
    seg_starts: Vec<bool>,
    /// Choices of the vectors' entries.
    picks: Vec<Index>,
    /// The order segments are delivered in: sorted by these keys.
    keys: Vec<u32>,
    /// (which segment again, where in the stream, with its vector?)
    again: Vec<(Index, Index, bool)>,
}

/// One segment: some consecutive ops of one device and the vector they were written under.
type Seg = (Vec<Op>, BTreeMap<String, i64>);
/// Every op's vector, by (device, seq).
type Vectors = BTreeMap<(String, i64), BTreeMap<String, i64>>;

impl Segments {
    /// The segments in device order, and every op's vector by (device, seq).
    fn cut(&self, ops: &[Op]) -> (Vec<Seg>, Vectors) {
        let len_of = |d: &str| ops.iter().filter(|o| o.device_id == d).count();
        let mut segs: Vec<Seg> = Vec::new();
        let mut vectors = BTreeMap::new();
        let mut run = 0;
        let mut vv = BTreeMap::new();
        for (i, op) in ops.iter().enumerate() {
            let first_of_device = i == 0 || ops[i - 1].device_id != op.device_id;
            let new_run = first_of_device || self.run_starts[i % self.run_starts.len()];
            if new_run {
                run += 1;
                vv = BTreeMap::new();
                for (j, d) in DEVICES.iter().enumerate() {
                    let n = len_of(d);
                    if n > 0 && *d != op.device_id {
                        // Half the time nothing of that device: concurrent edits are common.
                        let seen = self.picks[(run * DEVICES.len() + j) % self.picks.len()].index(2 * (n + 1));
                        vv.insert((*d).to_owned(), if seen > n { 0 } else { seen as i64 });
                    }
                }
            }
            vectors.insert((op.device_id.clone(), op.seq), vv.clone());
            if new_run || self.seg_starts[i % self.seg_starts.len()] {
                segs.push((Vec::new(), vv.clone()));
            }
            if let Some(last) = segs.last_mut() {
                last.0.push(op.clone());
            }
        }
        (segs, vectors)
    }

    /// The delivery stream: (segment, with its vector?).
    fn stream(&self, segs: usize) -> Vec<(usize, bool)> {
        let mut order: Vec<usize> = (0..segs).collect();
        order.sort_by_key(|&i| (self.keys[i % self.keys.len()], i));
        let mut out: Vec<(usize, bool)> = order.into_iter().map(|i| (i, true)).collect();
        for (which, at, with) in &self.again {
            let at = at.index(out.len() + 1);
            out.insert(at, (which.index(segs), *with));
        }
        out
    }
}

fn ops_and_segments() -> impl Strategy<Value = (Vec<Op>, Segments)> {
    (
        ops(),
        prop::collection::vec(prop::bool::weighted(0.3), 32),
        prop::collection::vec(prop::bool::weighted(0.3), 32),
        prop::collection::vec(any::<Index>(), 1..64),
        prop::collection::vec(any::<u32>(), 32),
        prop::collection::vec((any::<Index>(), any::<Index>(), any::<bool>()), 0..8),
    )
        .prop_map(|(ops, run_starts, seg_starts, picks, keys, again)| {
            (ops, Segments { run_starts, seg_starts, picks, keys, again })
        })
}

fn deliver(core: &Core, batches: &[Vec<Op>]) -> crate::Result<Applied> {
    let mut total = Applied::default();
    for batch in batches {
        let a = core.apply_remote(batch)?;
        total.won += a.won;
        total.lost += a.lost;
        total.duplicate += a.duplicate;
        total.refused += a.refused;
    }
    Ok(total)
}

/// The ops an author's role refused, by the definition: judged one by one in clock order on
/// a replica that never sees an op out of order.
fn refused_in_clock_order(ops: &[Op]) -> crate::Result<BTreeSet<String>> {
    let core = Core::open_in_memory()?;
    for op in sorted_by_clock(ops) {
        core.apply_remote(std::slice::from_ref(&op))?;
    }
    refused_ids(&core)
}

fn refused_ids(core: &Core) -> crate::Result<BTreeSet<String>> {
    core.read(|c| {
        let mut stmt = c.prepare("SELECT o.op_id FROM op_refused r JOIN oplog o ON o.n = r.op")?;
        let ids = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    })
}

fn clock_key(op: &Op) -> (i64, &str, &str) {
    (op.hlc, op.device_id.as_str(), op.op_id.as_str())
}

fn sorted_by_clock(ops: &[Op]) -> Vec<Op> {
    let mut v = ops.to_vec();
    v.sort_by(|a, b| clock_key(a).cmp(&clock_key(b)));
    v
}

proptest! {
    #![proptest_config(config())]

    /// Property 4: "recent conflicts" is a function of the log. Whatever the order, the
    /// batching into segments, duplicates, and deliveries that came first without the
    /// writer's vector, two replicas list the same pairs, and they are the definition's
    /// (computed here from scratch), also after a rebuild.
    #[test]
    fn conflicts_are_the_same_whatever_the_delivery((ops, segments) in ops_and_segments()) {
        let (segs, vectors) = segments.cut(&ops);
        let receive = |core: &Core, seg: &Seg, with: bool| {
            core.transact(|tx| oplog::receive(tx, &seg.0, with.then_some(&seg.1)))
        };
        let a = Core::open_in_memory()?;
        for seg in &segs {
            receive(&a, seg, true)?;
        }
        let b = Core::open_in_memory()?;
        for (i, with) in segments.stream(segs.len()) {
            receive(&b, &segs[i], with)?;
        }
        let want = super::conflicts::oracle(&ops, &vectors, &refused_in_clock_order(&ops)?);
        prop_assert_eq!(&a.read(super::conflicts::listed)?, &want, "in device order");
        prop_assert_eq!(&b.read(super::conflicts::listed)?, &want, "shuffled");
        let (dump_a, dump_b) = (a.read(oplog::dump)?, b.read(oplog::dump)?);
        prop_assert!(dump_a == dump_b, "replicas diverged:\n--- A\n{}\n--- B\n{}", dump_a, dump_b);
        b.transact(|tx| oplog::rebuild(tx))?;
        prop_assert_eq!(&b.read(super::conflicts::listed)?, &want, "rebuilt");
    }

    /// Property 1: order, batching and duplicates make no difference.
    #[test]
    fn replicas_converge_whatever_the_order_batches_and_duplicates(
        (ops, delivery) in ops_and_delivery()
    ) {
        let a = Core::open_in_memory()?;
        let got_a = a.apply_remote(&ops)?;
        prop_assert_eq!(got_a.won + got_a.lost + got_a.refused, ops.len());
        prop_assert_eq!(got_a.duplicate, 0);

        let b = Core::open_in_memory()?;
        let batches = delivery.batches(&ops);
        let got_b = deliver(&b, &batches)?;
        prop_assert_eq!(got_b.won + got_b.lost + got_b.refused, ops.len(), "every new op is judged once");
        prop_assert_eq!(got_b.duplicate, delivery.again.len(), "every resent op is a duplicate");

        let (dump_a, dump_b) = (a.read(oplog::dump)?, b.read(oplog::dump)?);
        prop_assert!(dump_a == dump_b, "replicas diverged:\n--- A\n{}\n--- B\n{}", dump_a, dump_b);

        let (log_a, log_b) = (a.read(oplog::all_ops)?, b.read(oplog::all_ops)?);
        prop_assert_eq!(&log_a, &log_b);
        prop_assert_eq!(&log_a, &sorted_by_clock(&ops), "the log holds exactly the ops sent");
    }

    /// Property 2: the op log is the source of truth — replaying it changes nothing.
    #[test]
    fn rebuilding_from_the_op_log_changes_nothing((ops, delivery) in ops_and_delivery()) {
        let core = Core::open_in_memory()?;
        deliver(&core, &delivery.batches(&ops))?;
        let before = core.read(oplog::dump)?;
        let log_before = core.read(oplog::all_ops)?;
        core.transact(|tx| oplog::rebuild(tx))?;
        let after = core.read(oplog::dump)?;
        prop_assert!(before == after, "rebuild changed the state:\n--- before\n{}\n--- after\n{}", before, after);
        prop_assert_eq!(core.read(oplog::all_ops)?, log_before, "rebuild must not touch the log");
    }

    /// Whatever the order, the ops refused are those refused when judged in clock order; each
    /// field holds the value of its applied op with the greatest (hlc, device_id, op_id), each
    /// entity that got an applied op has exactly one row, and nothing else does.
    #[test]
    fn every_field_holds_its_greatest_op((ops, delivery) in ops_and_delivery()) {
        let core = Core::open_in_memory()?;
        deliver(&core, &delivery.batches(&ops))?;
        let refused = refused_in_clock_order(&ops)?;
        prop_assert_eq!(&refused_ids(&core)?, &refused, "out-of-order delivery judged ops differently");

        let mut winners: BTreeMap<(&str, &str, &str), &Op> = BTreeMap::new();
        for op in ops.iter().filter(|o| !refused.contains(&o.op_id)) {
            let key = (op.table.as_str(), op.entity_id.as_str(), op.field.as_str());
            let w = winners.entry(key).or_insert(op);
            if clock_key(op) > clock_key(w) {
                *w = op;
            }
        }
        core.read(|c| {
            for ((table, entity, field), op) in &winners {
                let (_, _, kind) = oplog::field(table, field).expect("generated from the schema");
                let want = registry::to_sql(kind, &op.value).expect("generated valid");
                let have: rusqlite::types::Value = c.query_row(
                    &format!("SELECT {field} FROM {table} WHERE id = ?1"),
                    [entity],
                    |r| r.get(0),
                )?;
                assert_eq!(have, want, "{table}.{field} of {entity} should hold op {}", op.op_id);
                let holder: String = c.query_row(
                    "SELECT o.op_id FROM field_clock c JOIN oplog o ON o.n = c.op
                     WHERE o.entity_table = ?1 AND o.entity_id = ?2 AND o.field = ?3",
                    [table, entity, field],
                    |r| r.get(0),
                )?;
                assert_eq!(&holder, &op.op_id, "clock of {table}.{field} of {entity}");
            }
            let clocks: i64 = c.query_row("SELECT count(*) FROM field_clock", [], |r| r.get(0))?;
            assert_eq!(clocks as usize, winners.len(), "one clock per field written");
            for t in oplog::TABLES {
                let want: BTreeSet<&str> =
                    winners.keys().filter(|k| k.0 == t.name).map(|k| k.1).collect();
                let mut stmt = c.prepare(&format!("SELECT id FROM {} ORDER BY id", t.name))?;
                let have: BTreeSet<String> =
                    stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
                let have: BTreeSet<&str> = have.iter().map(String::as_str).collect();
                assert_eq!(have, want, "rows of {}", t.name);
            }
            Ok(())
        })?;
    }
}

/// Makes the authors of `title_op`s members allowed to edit goals: "admin" founds the
/// workspace as leadership and makes them senior PMs.
fn seniors(core: &Core) -> crate::Result<()> {
    let role = |seq: i64, member: &str, role: &str| Op {
        op_id: format!("role-{member}"),
        device_id: "dev-admin".to_owned(),
        seq,
        hlc: 0,
        author_id: "admin".to_owned(),
        table: "member".to_owned(),
        entity_id: member.to_owned(),
        field: "role".to_owned(),
        value: json!(role),
    };
    let ops = vec![
        role(1, "admin", "leadership"),
        role(2, "member-of-dev-a", "senior"),
        role(3, "member-of-dev-b", "senior"),
    ];
    core.apply_remote(&ops)?;
    Ok(())
}

fn title_op(op_id: &str, device: &str, seq: i64, hlc: i64, title: &str) -> Op {
    Op {
        op_id: op_id.to_owned(),
        device_id: device.to_owned(),
        seq,
        hlc,
        author_id: format!("member-of-{device}"),
        table: "goal".to_owned(),
        entity_id: "g1".to_owned(),
        field: "title".to_owned(),
        value: json!(title),
    }
}

fn title_and_logged_values(core: &Core) -> crate::Result<(String, Vec<String>)> {
    core.read(|c| {
        let title = c.query_row("SELECT title FROM goal WHERE id = 'g1'", [], |r| r.get(0))?;
        let mut stmt = c.prepare(
            "SELECT value FROM oplog WHERE entity_table = 'goal' AND entity_id = 'g1'
             AND field = 'title' ORDER BY value",
        )?;
        let logged = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
        Ok((title, logged))
    })
}

/// Found by the property test at 10,000 cases: an invite is judged by the invited member's role
/// (a senior PM may not invite leadership). When that role arrived after the invite had been
/// judged, nothing judged the invite again, so it stayed applied on that laptop only.
#[test]
fn an_invite_is_judged_again_when_the_invited_members_role_arrives_late() -> crate::Result<()> {
    let op = |id: &str, dev: &str, seq: i64, hlc: i64, author: &str, table: &str, entity: &str, field: &str, v| Op {
        op_id: id.into(),
        device_id: dev.into(),
        seq,
        hlc,
        author_id: author.into(),
        table: table.into(),
        entity_id: entity.into(),
        field: field.into(),
        value: v,
    };
    let lee = op("1@dev-0", "dev-0", 1, 0, "lee", "member", "lee", "role", json!("leadership"));
    let sam = op("2@dev-0", "dev-0", 2, 0, "lee", "member", "sam", "role", json!("senior"));
    let kim = op("3@dev-0", "dev-0", 3, 0, "lee", "member", "kim", "role", json!("leadership"));
    // Sam (a senior PM) invites Kim (leadership): refused, whatever arrives first.
    let invite = op("1@dev-b", "dev-b", 1, 4, "sam", "invite", "inv", "member_id", json!("kim"));
    for order in [vec![&lee, &sam, &kim, &invite], vec![&lee, &sam, &invite, &kim]] {
        let core = Core::open_in_memory()?;
        for o in &order {
            core.apply_remote(std::slice::from_ref(*o))?;
        }
        let refused: Vec<String> = refused_ids(&core)?.into_iter().collect();
        assert_eq!(refused, ["1@dev-b"], "the invite is refused when Kim's role arrives {}", order.len());
        let before = core.read(oplog::dump)?;
        core.transact(|tx| oplog::rebuild(tx))?;
        assert_eq!(core.read(oplog::dump)?, before, "a rebuild agrees");
    }
    Ok(())
}

#[test]
fn a_concurrent_edit_keeps_the_loser_in_the_log_and_the_greater_clock_wins() -> crate::Result<()> {
    // (ops, the title that must win): equal clocks fall to the greater device id; otherwise
    // the greater clock wins whatever the device. The op ids sort against the device ids, so
    // a tie-break on the op id alone would pick the other value.
    let cases = [
        ([title_op("op-z", "dev-a", 1, 100, "from a"), title_op("op-a", "dev-b", 1, 100, "from b")], "from b"),
        ([title_op("op-z", "dev-a", 1, 101, "from a"), title_op("op-a", "dev-b", 1, 100, "from b")], "from a"),
    ];
    for (ops, winner) in cases {
        let loser = ops.iter().find(|o| o.value != json!(winner)).map(|o| o.value.to_string()).unwrap_or_default();
        for order in [[0, 1], [1, 0]] {
            let core = Core::open_in_memory()?;
            seniors(&core)?;
            let mut applied = Applied::default();
            for i in order {
                let a = core.apply_remote(std::slice::from_ref(&ops[i]))?;
                applied.won += a.won;
                applied.lost += a.lost;
            }
            let winner_first = ops[order[0]].value == json!(winner);
            assert_eq!((applied.won, applied.lost), if winner_first { (1, 1) } else { (2, 0) }, "order {order:?}");
            let (title, logged) = title_and_logged_values(&core)?;
            assert_eq!(title, winner, "order {order:?}");
            let mut want = vec![json!(winner).to_string(), loser.clone()];
            want.sort();
            assert_eq!(logged, want, "both values stay in the op log");
            let holder: String = core.read(|c| {
                Ok(c.query_row(
                    "SELECT o.device_id FROM field_clock c JOIN oplog o ON o.n = c.op
                     WHERE o.entity_table = 'goal' AND o.entity_id = 'g1' AND o.field = 'title'",
                    [],
                    |r| r.get(0),
                )?)
            })?;
            let winning_device =
                ops.iter().find(|o| o.value == json!(winner)).map(|o| o.device_id.clone()).unwrap_or_default();
            assert_eq!(holder, winning_device);
        }
    }
    Ok(())
}
