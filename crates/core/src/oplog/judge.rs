//! Role checks on ops, the same on every replica: an op is applied only if its author was
//! allowed to make it **at that point in the log** — judged against the values that held just
//! before the op's clock, never against whatever arrived since. An op that fails is kept in the
//! log, recorded in `op_refused` with the reason, and not applied.
//!
//! The rules are the tables' declarations ([`crate::access::Rule`], read from
//! [`super::TABLES`]); [`LogFacts`] answers the judge's questions from the log. Every op is
//! judged, the workspace's and its members' too (who may add, rename, re-role or remove whom).
//!
//! Because a verdict depends only on earlier ops, replicas agree once they hold the same ops.
//! When an op that verdicts depend on (a member's role or removal, or any field on a rule's
//! path: a product's owner, an item's product, a guardrail's item, a snapshot's product) arrives
//! *late* — with a clock earlier than ops already judged — the ops after it that it may affect
//! are judged again in clock order, and every entity whose verdicts changed is replayed from its
//! log.
//!
//! Held ops (`op_held`, dated far ahead: `held.rs`) are absent here until released: they are
//! not judged, hold no field and decide no verdict.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::OnceLock;

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

use super::{row_to_op, set_field, validate, Key, Op, OpKey, Placed, OP_COLUMNS, TABLES};
use crate::access::{self, Facts, Role, Rule, Target, Tense};
use crate::error::Result;

/// A kept, unapplied op, for people to see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub op_id: String,
    pub author_id: String,
    pub author_name: Option<String>,
    pub entity_table: String,
    pub entity_id: String,
    pub field: String,
    pub value: String,
    pub reason: String,
    pub at_ms: i64,
}

/// Fields other verdicts depend on: what every verdict reads about its author (a member's role
/// and removal, [`access::AUTHOR_FIELDS`]), and what each table's rule reads.
pub fn is_authority(table: &str, field: &str) -> bool {
    static FIELDS: OnceLock<HashSet<(&'static str, &'static str)>> = OnceLock::new();
    FIELDS
        .get_or_init(|| {
            let mut all: HashSet<_> = TABLES.iter().flat_map(|t| t.rule.authority_fields(t.name)).collect();
            all.extend(access::AUTHOR_FIELDS);
            all
        })
        .contains(&(table, field))
}

/// The value `table.entity.field` held just before `op` (the newest applied op earlier in the log).
pub(crate) fn value_before(
    conn: &Connection,
    table: &str,
    entity_id: &str,
    field: &str,
    op: &Op,
) -> Result<Option<Value>> {
    let text: Option<String> = conn
        .prepare_cached(
            "SELECT o.value FROM op o JOIN ident d ON d.n = o.device
             WHERE o.entity = (SELECT n FROM ident WHERE id = ?1)
             AND o.field = (SELECT n FROM field_name WHERE entity_table = ?6 AND field = ?2)
             AND o.hlc <= ?3 AND (o.hlc, d.id, o.op_id) < (?3, ?4, ?5)
             AND NOT EXISTS (SELECT 1 FROM op_refused r WHERE r.op = o.n)
             AND NOT EXISTS (SELECT 1 FROM op_held h WHERE h.op = o.n)
             ORDER BY o.hlc DESC, d.id DESC, o.op_id DESC LIMIT 1",
        )?
        .query_row(params![entity_id, field, op.hlc, op.device_id, OpKey::of(&op.op_id).to_sql(), table], |r| r.get(0))
        .optional()?;
    Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
}

/// A row's name or title now, for messages; its id when it has none.
fn name_of(conn: &Connection, table: &str, id: &str) -> String {
    let Some(spec) = super::table(table) else { return id.to_owned() };
    // Both names come from the declarations, never from the op.
    let sql = format!("SELECT {} FROM {} WHERE id = ?1", spec.title, spec.name);
    conn.query_row(&sql, [id], |r| r.get::<_, String>(0))
        .ok()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| id.to_owned())
}

/// The newest applied value of each field the judge asked about while judging a batch. An
/// entry holds the newest applied op on that field in the whole log and its value, so it
/// answers for any op after that one without a query — every op of a batch newer than the
/// field's last change, the usual case (an author's role, an item's product, a product's
/// owner). An entry is dropped whenever an op on that field reaches the log.
#[derive(Default)]
pub(crate) struct Latest(
    HashMap<(&'static str, String, &'static str), (Key, Option<Value>)>,
    /// This laptop's device id, once asked (see [`judge`]).
    Option<Option<String>>,
);

impl Latest {
    fn before(&mut self, conn: &Connection, table: &str, entity: &str, field: &str, op: &Op) -> Result<Option<Value>> {
        // Only declared fields are cached (the names are then `'static`).
        let Some((table, field, _)) = super::field(table, field) else {
            return value_before(conn, table, entity, field, op);
        };
        let key = Key::of(op);
        if let Some((newest, value)) = self.0.get(&(table, entity.to_owned(), field)) {
            if key > *newest {
                return Ok(value.clone());
            }
        }
        let newest: Option<(i64, String, rusqlite::types::Value, String)> = conn
            .prepare_cached(
                "SELECT o.hlc, d.id, o.op_id, o.value FROM op o JOIN ident d ON d.n = o.device
                 WHERE o.entity = (SELECT n FROM ident WHERE id = ?1)
                 AND o.field = (SELECT n FROM field_name WHERE entity_table = ?2 AND field = ?3)
                 AND NOT EXISTS (SELECT 1 FROM op_refused r WHERE r.op = o.n)
             AND NOT EXISTS (SELECT 1 FROM op_held h WHERE h.op = o.n)
                 ORDER BY o.hlc DESC, d.id DESC, o.op_id DESC LIMIT 1",
            )?
            .query_row(params![entity, table, field], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        let newest = newest.and_then(|(hlc, device, k, v)| {
            OpKey::from_sql(rusqlite::types::ValueRef::from(&k)).map(|op| (Key { hlc, device, op }, v))
        });
        match newest {
            None => {
                // Never set: nothing before any op.
                let before_all = Key { hlc: -1, device: String::new(), op: OpKey::Text(String::new()) };
                self.0.insert((table, entity.to_owned(), field), (before_all, None));
                Ok(None)
            }
            Some((newest, v)) if key > newest => {
                let value: Option<Value> = serde_json::from_str(&v).ok();
                self.0.insert((table, entity.to_owned(), field), (newest, value.clone()));
                Ok(value)
            }
            // The op is older than the field's last change: look up the value it had then.
            Some(_) => value_before(conn, table, entity, field, op),
        }
    }

    fn text(&mut self, conn: &Connection, table: &str, entity: &str, field: &str, op: &Op) -> Result<Option<String>> {
        Ok(self.before(conn, table, entity, field, op)?.and_then(|v| v.as_str().map(str::to_owned)))
    }

    /// An op on `table.field` of `entity` reached the log, or its verdict changed.
    pub(crate) fn forget(&mut self, table: &'static str, entity: &str, field: &'static str) {
        if !self.0.is_empty() {
            self.0.remove(&(table, entity.to_owned(), field));
        }
    }
}

/// The judge's facts as the log stood just before one op.
pub(crate) struct LogFacts<'a> {
    conn: &'a Connection,
    op: &'a Op,
    latest: &'a mut Latest,
}

impl Facts for LogFacts<'_> {
    fn role(&mut self, member: &str) -> Result<Option<Role>> {
        let role = self.latest.text(self.conn, "member", member, "role", self.op)?;
        Ok(role.and_then(|r| Role::parse(&r).ok()))
    }
    fn text(&mut self, table: &str, entity: &str, field: &str) -> Result<Option<String>> {
        self.latest.text(self.conn, table, entity, field, self.op)
    }
    fn flag(&mut self, table: &str, entity: &str, field: &str) -> Result<bool> {
        Ok(self.latest.before(self.conn, table, entity, field, self.op)?.and_then(|v| v.as_bool()).unwrap_or(false))
    }
    fn founding(&mut self, author: &str) -> Result<bool> {
        // Any op setting a role before this one, other than the author's own by the author.
        let author_n = super::ident(self.conn, author)?.unwrap_or(-1);
        // The field's number as a literal, so SQLite reads the role ops' own index (`op_role_n`).
        let role = super::store::role_field(self.conn)?;
        let other: bool = self
            .conn
            .prepare_cached(&format!(
                "SELECT EXISTS (SELECT 1 FROM op o JOIN ident d ON d.n = o.device
                 WHERE o.field = {role} AND (o.author != ?1 OR o.entity != ?1)
                 AND o.hlc <= ?2 AND (o.hlc, d.id, o.op_id) < (?2, ?3, ?4))"
            ))?
            .query_row(params![author_n, self.op.hlc, self.op.device_id, OpKey::of(&self.op.op_id).to_sql()], |r| {
                r.get(0)
            })?;
        Ok(!other)
    }
    fn name(&mut self, table: &str, id: &str) -> String {
        name_of(self.conn, table, id)
    }
    fn number(&mut self, table: &str, entity: &str, field: &str) -> Result<Option<i64>> {
        Ok(self.latest.before(self.conn, table, entity, field, self.op)?.and_then(|v| v.as_i64()))
    }
    fn at_ms(&mut self) -> i64 {
        if self.op.hlc == i64::MAX {
            chrono::Utc::now().timestamp_millis()
        } else {
            super::hlc::wall_ms(self.op.hlc)
        }
    }
    fn invite_used(&mut self, invite: &str, device: &str) -> Result<bool> {
        let device_n = super::ident(self.conn, device)?.unwrap_or(-1);
        Ok(self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM op o JOIN ident d ON d.n = o.device
                 WHERE o.field = (SELECT n FROM field_name WHERE entity_table = 'device' AND field = 'invite_id')
                 AND o.value = json_quote(?1) AND o.entity != ?2
                 AND o.hlc <= ?3 AND (o.hlc, d.id, o.op_id) < (?3, ?4, ?5)
                 AND NOT EXISTS (SELECT 1 FROM op_refused r WHERE r.op = o.n)
                 AND NOT EXISTS (SELECT 1 FROM op_held h WHERE h.op = o.n))",
            )?
            .query_row(
                params![invite, device_n, self.op.hlc, self.op.device_id, OpKey::of(&self.op.op_id).to_sql()],
                |r| r.get(0),
            )?)
    }
    fn ever_set(&mut self, table: &str, entity: &str, field: &str) -> Result<bool> {
        let Some(entity_n) = super::ident(self.conn, entity)? else { return Ok(false) };
        Ok(self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM op o JOIN ident d ON d.n = o.device
                 WHERE o.entity = ?1
                 AND o.field = (SELECT n FROM field_name WHERE entity_table = ?5 AND field = ?6)
                 AND o.hlc <= ?2 AND (o.hlc, d.id, o.op_id) < (?2, ?3, ?4)
                 AND NOT EXISTS (SELECT 1 FROM op_held h WHERE h.op = o.n))",
            )?
            .query_row(
                params![entity_n, self.op.hlc, self.op.device_id, OpKey::of(&self.op.op_id).to_sql(), table, field],
                |r| r.get(0),
            )?)
    }
    fn wrote_before(&mut self, device: &str, author: &str) -> Result<bool> {
        let (Some(device_n), Some(author_n)) = (super::ident(self.conn, device)?, super::ident(self.conn, author)?)
        else {
            return Ok(false);
        };
        Ok(self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM op o WHERE o.device = ?1 AND o.author = ?2 AND o.entity != ?1
                 AND (o.hlc < ?3 OR (o.hlc = ?3 AND o.seq < ?4)))",
            )?
            .query_row(params![device_n, author_n, self.op.hlc, self.op.seq], |r| r.get(0))?)
    }
}

impl<'a> LogFacts<'a> {
    /// Facts as they stand now (after every op in the log), for checking a local edit before it
    /// is made: `sentinel` must be an op past every clock (see [`now_sentinel`]).
    pub(crate) fn now(conn: &'a Connection, sentinel: &'a Op, latest: &'a mut Latest) -> Self {
        LogFacts { conn, op: sentinel, latest }
    }
}

/// An op after every clock there can be, to ask [`LogFacts`] about now.
pub(crate) fn now_sentinel(author: &str) -> Op {
    Op {
        op_id: String::new(),
        device_id: String::new(),
        seq: 0,
        hlc: i64::MAX,
        author_id: author.to_owned(),
        table: String::new(),
        entity_id: String::new(),
        field: String::new(),
        value: Value::Null,
    }
}

/// Why `actor` may not set `table.field` of `entity` now, under the table's declared rule, in
/// the present tense ("Ana is a junior PM and may not …"): the check a local command makes
/// before writing, answered by the same rule and the same facts as the judge of received ops.
pub(crate) fn check_now(
    conn: &Connection,
    actor: &str,
    table: &'static str,
    entity: &str,
    field: &str,
    value: Option<&str>,
) -> Result<Option<String>> {
    let Some(spec) = super::table(table) else { return Ok(None) };
    let sentinel = now_sentinel(actor);
    let mut latest = Latest::default();
    let target = Target { author: actor, table: spec.name, entity, field, value, device: "" };
    access::judge(&mut LogFacts::now(conn, &sentinel, &mut latest), target, &spec.rule, Tense::Present)
}

/// Refuses, in the present tense, what [`check_now`] refuses.
pub(crate) fn require_now(
    conn: &Connection,
    actor: &str,
    table: &'static str,
    entity: &str,
    field: &str,
    value: Option<&str>,
) -> Result<()> {
    match check_now(conn, actor, table, entity, field, value)? {
        Some(reason) => Err(crate::Error::denied(reason)),
        None => Ok(()),
    }
}

/// Why `op` may not be applied, or `None` when its author was allowed to make it.
pub(crate) fn judge(conn: &Connection, op: &Op, table: &'static str, latest: &mut Latest) -> Result<Option<String>> {
    let Some(spec) = super::table(table) else { return Ok(None) };
    // Which laptop made an op is checked against its enrolment for every other laptop's ops;
    // this laptop's own are what its commands wrote as whom they act for (a laptop handed from
    // one member to another, tests acting as several members), so they are not.
    if latest.1.is_none() {
        latest.1 = Some(conn.query_row("SELECT device_id FROM local_device", [], |r| r.get(0)).optional()?);
    }
    let own = latest.1.as_ref().and_then(Option::as_deref) == Some(op.device_id.as_str());
    let target = Target {
        author: &op.author_id,
        table: spec.name,
        entity: &op.entity_id,
        field: &op.field,
        value: op.value.as_str(),
        device: if own && table != "device" { "" } else { &op.device_id },
    };
    access::judge(&mut LogFacts { conn, op, latest }, target, &spec.rule, Tense::Past)
}

/// Records a verdict on the op in row `n`; answers whether it changed.
pub(crate) fn record(conn: &Connection, n: i64, verdict: Option<&str>) -> Result<bool> {
    Ok(match verdict {
        Some(reason) => {
            let was: Option<String> = conn
                .prepare_cached("SELECT reason FROM op_refused WHERE op = ?1")?
                .query_row([n], |r| r.get(0))
                .optional()?;
            if was.as_deref() != Some(reason) {
                // Re-judged and still refused: keep the reason current (the role may differ).
                conn.prepare_cached(
                    "INSERT INTO op_refused (op, reason) VALUES (?1, ?2)
                     ON CONFLICT (op) DO UPDATE SET reason = excluded.reason",
                )?
                .execute(params![n, reason])?;
            }
            was.is_none()
        }
        None => conn.prepare_cached("DELETE FROM op_refused WHERE op = ?1")?.execute([n])? > 0,
    })
}

/// An op queued for judging again: its place in the order, and its row.
type Queued = (Key, i64);

/// Ops whose verdict may depend on `op`: those after it, up to and including the next applied
/// op on the same field (which is judged on `op`'s value, and decides everything after itself).
fn dependents(conn: &Connection, op: &Op, out: &mut BTreeSet<Queued>) -> Result<()> {
    let from = Key::of(op);
    let next: Option<Key> = {
        let mut stmt = conn.prepare_cached(
            "SELECT o.hlc, d.id, o.op_id FROM op o JOIN ident d ON d.n = o.device
             WHERE o.entity = (SELECT n FROM ident WHERE id = ?1)
             AND o.field = (SELECT n FROM field_name WHERE entity_table = ?6 AND field = ?2)
             AND o.hlc >= ?3 AND (o.hlc, d.id, o.op_id) > (?3, ?4, ?5)
             AND NOT EXISTS (SELECT 1 FROM op_refused r WHERE r.op = o.n)
             AND NOT EXISTS (SELECT 1 FROM op_held h WHERE h.op = o.n)
             ORDER BY o.hlc, d.id, o.op_id LIMIT 1",
        )?;
        let mut rows = stmt.query(params![op.entity_id, op.field, op.hlc, op.device_id, from.op.to_sql(), op.table])?;
        match rows.next()? {
            Some(r) => Some(key_at(r, 0)?),
            None => None,
        }
    };
    let window = "o.hlc >= ?2 AND o.hlc <= ?5 AND NOT EXISTS (SELECT 1 FROM op_held h WHERE h.op = o.n)";
    // Ops in the window, or (`to_end`) in the whole rest of the log.
    let mut collect = |sql: &str, n: i64, to_end: bool| -> Result<()> {
        let mut stmt = conn.prepare_cached(sql)?;
        let to = if to_end { None } else { next.as_ref() };
        // Past every clock there can be (hlc::MAX < i64::MAX) when nothing follows.
        let to_hlc = to.map_or(i64::MAX, |k| k.hlc);
        let mut rows = stmt.query(params![n, op.hlc, 0, 0, to_hlc])?;
        while let Some(r) = rows.next()? {
            let key = key_at(r, 0)?;
            // The clock window is exact only up to ties: the rest is decided by the whole key.
            if key > from && to.is_none_or(|to| key <= *to) {
                out.insert((key, r.get(3)?));
            }
        }
        Ok(())
    };
    // Held ops are not judged until released (`held.rs`).
    let select = "SELECT o.hlc, d.id, o.op_id, o.n FROM op o JOIN ident d ON d.n = o.device";
    let by_entity = format!("{select} WHERE o.entity = ?1 AND {window}");
    if op.table == "member" && access::AUTHOR_FIELDS.contains(&("member", op.field.as_str())) {
        let Some(member) = super::ident(conn, &op.entity_id)? else { return Ok(()) };
        // The member's own ops (their role and removal decide them), and the ops on their row
        // (their role decides who may edit it).
        collect(&format!("{select} WHERE o.author = ?1 AND {window}"), member, false)?;
        collect(&by_entity, member, false)?;
        if op.field == "role" {
            // The invites naming the member (applied, or refused): their role decides who may
            // invite them (`Rule::Invite`).
            let rows: Vec<String> = conn
                .prepare_cached(
                    "SELECT id FROM invite WHERE member_id = ?1
                     UNION SELECT e.id FROM op_refused r JOIN op o ON o.n = r.op JOIN ident e ON e.n = o.entity
                     WHERE o.field = (SELECT n FROM field_name WHERE entity_table = 'invite' AND field = 'member_id')
                     AND o.value = json_quote(?1)",
                )?
                .query_map([&op.entity_id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for id in rows {
                if let Some(n) = super::ident(conn, &id)? {
                    collect(&by_entity, n, false)?;
                }
            }
        }
        if op.field == "role" && founding_may_end(conn, op)? {
            // The workspace's founding ends at the first role op of a second member: every later
            // op on the workspace row or a member row may have been judged as founding it (ops
            // judged that way were applied, so their rows exist).
            let rows: Vec<String> = conn
                .prepare_cached("SELECT id FROM workspace UNION SELECT id FROM member")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for id in rows {
                if let Some(n) = super::ident(conn, &id)? {
                    collect(&by_entity, n, true)?;
                }
            }
        }
        return Ok(());
    }
    if op.table == "device" && op.field == "member_id" {
        // Every later op of the laptop is judged against whom it is enrolled for.
        if let Some(device) = super::ident(conn, &op.entity_id)? {
            collect(&format!("{select} WHERE o.device = ?1 AND {window}"), device, true)?;
        }
    }
    let invite = match (op.table.as_str(), op.field.as_str()) {
        ("invite", _) => Some(op.entity_id.clone()),
        ("device", "invite_id") => op.value.as_str().map(str::to_owned),
        _ => None,
    };
    if let Some(invite) = invite {
        // The enrolments naming the invite: it decides them, and the first in clock order
        // decides the later ones.
        let rows: Vec<String> = conn
            .prepare_cached(
                "SELECT DISTINCT e.id FROM op o JOIN ident e ON e.n = o.entity
                 WHERE o.field = (SELECT n FROM field_name WHERE entity_table = 'device' AND field = 'invite_id')
                 AND o.value = json_quote(?1)",
            )?
            .query_map([&invite], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for id in rows {
            if let Some(n) = super::ident(conn, &id)? {
                collect(&by_entity, n, true)?;
            }
        }
    }
    let mut entities: Vec<String> = vec![op.entity_id.clone()];
    let mut seen: HashSet<(&'static str, String)> = HashSet::new();
    below(conn, &op.table, &op.entity_id, &mut entities, &mut seen)?;
    for e in entities {
        if let Some(n) = super::ident(conn, &e)? {
            collect(&by_entity, n, false)?;
        }
    }
    Ok(())
}

/// Whether the late role op `op` may end the workspace's founding for ops judged before it
/// arrived: only while every role op before it was one member's own, by them (at most one such
/// (author, member) pair, with author = member). Usually answered by the first two role ops.
fn founding_may_end(conn: &Connection, op: &Op) -> Result<bool> {
    let role = super::store::role_field(conn)?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT DISTINCT o.author, o.entity FROM op o JOIN ident d ON d.n = o.device
         WHERE o.field = {role} AND o.hlc <= ?1 AND (o.hlc, d.id, o.op_id) < (?1, ?2, ?3) LIMIT 2"
    ))?;
    let pairs: Vec<(i64, i64)> = stmt
        .query_map(params![op.hlc, op.device_id, OpKey::of(&op.op_id).to_sql()], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(match pairs.as_slice() {
        [] => true,
        [(author, member)] => author == member,
        _ => false,
    })
}

/// The [`Key`] in columns `at` (hlc), `at + 1` (device id) and `at + 2` (stored op id).
fn key_at(r: &rusqlite::Row<'_>, at: usize) -> Result<Key> {
    let raw = r.get_ref(at + 2)?;
    let op = OpKey::from_sql(raw).ok_or_else(|| crate::Error::InvalidOp("unreadable op id in the log".into()))?;
    Ok(Key { hlc: r.get(at)?, device: r.get(at + 1)?, op })
}

/// Every row whose rule reaches `table`'s row `id` through a link (a product's items, their
/// guardrails, its snapshots), transitively: their verdicts may change with it. One query per
/// link field (a product's items and snapshots both link by `product_id`).
fn below(
    conn: &Connection,
    table: &str,
    id: &str,
    out: &mut Vec<String>,
    seen: &mut HashSet<(&'static str, String)>,
) -> Result<()> {
    // The link fields that point at `table`, each with the tables whose rows use it.
    let mut links: Vec<(&'static str, Vec<&'static str>)> = Vec::new();
    for spec in TABLES {
        for rule in spec.rule.holds() {
            let Rule::Holds { path, .. } = rule else { continue };
            let mut at = spec.name;
            for link in *path {
                if link.to == table {
                    match links.iter_mut().find(|(f, _)| *f == link.field) {
                        Some((_, tables)) if !tables.contains(&at) => tables.push(at),
                        Some(_) => {}
                        None => links.push((link.field, vec![at])),
                    }
                }
                at = link.to;
            }
        }
    }
    for (field, tables) in links {
        for child_table in tables {
            let n: Option<i64> = conn
                .prepare_cached("SELECT n FROM field_name WHERE entity_table = ?1 AND field = ?2")?
                .query_row([child_table, field], |r| r.get(0))
                .optional()?;
            let Some(n) = n else { continue };
            // `n` is this file's number for the link field; the literal lets SQLite use its
            // partial index on values (`store::ensure_fields`).
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT DISTINCT e.id FROM op o JOIN ident e ON e.n = o.entity
                 WHERE o.field = {n} AND o.value = json_quote(?1)"
            ))?;
            let rows: Vec<String> = stmt.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            for child in rows {
                // Keyed by table too: a row is visited once, whatever other table shares its id.
                if seen.insert((child_table, child.clone())) {
                    out.push(child.clone());
                    below(conn, child_table, &child, out, seen)?;
                }
            }
        }
    }
    Ok(())
}

fn load(conn: &Connection, n: i64) -> Result<Option<Op>> {
    let op = conn
        .prepare_cached(&format!("SELECT {OP_COLUMNS} FROM oplog WHERE n = ?1"))?
        .query_row([n], row_to_op)
        .optional()?;
    op.transpose()
}

/// After `late` authority ops arrived behind ops already judged: judge their dependents again
/// in clock order (cascading through authority ops whose verdict flips) and replay every
/// entity whose verdicts changed. Answers the rows whose verdict flipped.
pub(crate) fn rejudge_after(conn: &Connection, late: &[Op]) -> Result<Vec<i64>> {
    let mut flipped = Vec::new();
    let mut queue = BTreeSet::new();
    for op in late {
        dependents(conn, op, &mut queue)?;
    }
    let mut touched: HashSet<(String, String)> = HashSet::new();
    let mut latest = Latest::default();
    while let Some((_, n)) = queue.pop_first() {
        let Some(op) = load(conn, n)? else { continue };
        let (table, field, _) = validate(&op)?;
        let verdict = judge(conn, &op, table, &mut latest)?;
        if record(conn, n, verdict.as_deref())? {
            flipped.push(n);
            latest.forget(table, &op.entity_id, field);
            touched.insert((table.to_owned(), op.entity_id.clone()));
            if is_authority(&op.table, &op.field) {
                dependents(conn, &op, &mut queue)?;
            }
        }
    }
    for (table, entity) in touched {
        replay_entity(conn, &table, &entity)?;
    }
    Ok(flipped)
}

/// Rewrites one entity from its applied ops, as if they had arrived in clock order.
pub(crate) fn replay_entity(conn: &Connection, table: &str, entity_id: &str) -> Result<()> {
    let Some(spec) = super::table(table) else { return Ok(()) };
    conn.execute(&format!("DELETE FROM {} WHERE id = ?1", spec.name), [entity_id])?;
    let Some(entity) = super::ident(conn, entity_id)? else { return Ok(()) };
    conn.execute(
        "DELETE FROM field_clock WHERE entity = ?1 AND field IN (SELECT n FROM field_name WHERE entity_table = ?2)",
        params![entity, spec.name],
    )?;
    let mut stmt = conn.prepare(&format!(
        "SELECT {OP_COLUMNS}, n, entity_n, field_n FROM oplog o
         WHERE o.entity_n = ?1 AND o.entity_table = ?2 AND NOT EXISTS (SELECT 1 FROM op_refused r WHERE r.op = o.n)
             AND NOT EXISTS (SELECT 1 FROM op_held h WHERE h.op = o.n)
         ORDER BY hlc, device_id, op_key"
    ))?;
    let mut rows = stmt.query(params![entity, spec.name])?;
    while let Some(row) = rows.next()? {
        let op = row_to_op(row)??;
        let placed = Placed { n: row.get(9)?, entity: row.get(10)?, field: row.get(11)? };
        let (t, f, v) = validate(&op)?;
        set_field(conn, &op, &placed, t, f, v)?;
    }
    Ok(())
}

/// Every refused op, newest first.
pub fn refused(core: &crate::Core) -> Result<Vec<Refused>> {
    core.read(|c| {
        let mut stmt = c.prepare(
            // From the refused ops outwards (CROSS JOIN fixes the order): led by the ORDER BY,
            // SQLite would otherwise walk the whole log to find none (0.45 s at 2M ops).
            "SELECT baton_op_id(o.op_id), a.id, m.name, f.entity_table, e.id, f.field, o.value, r.reason, o.hlc
             FROM op_refused r CROSS JOIN op o ON o.n = r.op
             JOIN ident a ON a.n = o.author JOIN ident e ON e.n = o.entity JOIN ident d ON d.n = o.device
             JOIN field_name f ON f.n = o.field LEFT JOIN member m ON m.id = a.id
             ORDER BY o.hlc DESC, d.id DESC, o.op_id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Refused {
                op_id: r.get(0)?,
                author_id: r.get(1)?,
                author_name: r.get(2)?,
                entity_table: r.get(3)?,
                entity_id: r.get(4)?,
                field: r.get(5)?,
                value: r.get(6)?,
                reason: r.get(7)?,
                at_ms: super::hlc::wall_ms(r.get(8)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}
