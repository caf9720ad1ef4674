//! Role checks on ops, the same on every replica (shared/design/SYNC.md, "Trust"): an op is
//! applied only if its author's role allowed it **at that point in the log** — judged against
//! the values that held just before the op's clock, never against whatever arrived since. An
//! op that fails is kept in the log, recorded in `op_refused` with the reason, and not applied.
//!
//! What is checked here: strategy data. Goals need leadership or a senior PM; product families
//! and products need leadership or a senior PM, and a product someone else owns needs
//! leadership; roadmap items, guardrails and snapshots need leadership or the owner of the
//! product they belong to. Workspace and member ops are not judged yet (they need signed
//! segments, a later issue): every replica accepts them alike.
//!
//! Because a verdict depends only on earlier ops, replicas agree once they hold the same ops.
//! When an op that verdicts depend on (a role, a product's owner, an item's product, a
//! guardrail's item, a snapshot's product) arrives *late* — with a clock earlier than ops
//! already judged — the ops after it that it may affect are judged again in clock order, and
//! every entity whose verdicts changed is replayed from its log.

use std::collections::{BTreeSet, HashMap, HashSet};

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

use super::{row_to_op, set_field, validate, Op};
use crate::error::Result;
use crate::workspace::{allowed, Action, Role};

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

/// Fields other verdicts depend on.
pub fn is_authority(table: &str, field: &str) -> bool {
    matches!(
        (table, field),
        ("member", "role")
            | ("product", "owner_id")
            | ("roadmap_item", "product_id")
            | ("guardrail", "item_id")
            | ("snapshot", "product_id")
    )
}

/// The value `entity.field` held just before `op` (the newest applied op earlier in the log).
fn value_before(conn: &Connection, entity_id: &str, field: &str, op: &Op) -> Result<Option<Value>> {
    let text: Option<String> = conn
        .prepare_cached(
            "SELECT value FROM oplog o WHERE entity_id = ?1 AND field = ?2 AND (hlc, device_id, op_id) < (?3, ?4, ?5)
             AND NOT EXISTS (SELECT 1 FROM op_refused r WHERE r.op_id = o.op_id)
             ORDER BY hlc DESC, device_id DESC, op_id DESC LIMIT 1",
        )?
        .query_row(params![entity_id, field, op.hlc, op.device_id, op.op_id], |r| r.get(0))
        .optional()?;
    Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
}

fn text_before(conn: &Connection, entity_id: &str, field: &str, op: &Op) -> Result<Option<String>> {
    Ok(value_before(conn, entity_id, field, op)?.and_then(|v| v.as_str().map(str::to_owned)))
}

/// The entity a link op points to: its own value for the link field, else the link before it.
fn link(conn: &Connection, op: &Op, field: &str) -> Result<Option<String>> {
    if op.field == field {
        return Ok(op.value.as_str().map(str::to_owned));
    }
    text_before(conn, &op.entity_id, field, op)
}

fn name_of(conn: &Connection, table: &'static str, id: &str) -> String {
    // `table` is a literal from this file.
    let sql = format!("SELECT name FROM {table} WHERE id = ?1");
    conn.query_row(&sql, [id], |r| r.get::<_, String>(0))
        .ok()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| id.to_owned())
}

/// Authors' roles looked up while judging a batch. An entry holds the author's newest role op
/// in the whole log and its role, so it answers for any op after that one without a query —
/// every op of a batch newer than its author's last role change, the usual case. An entry is
/// dropped whenever a role op of that member reaches the log.
#[derive(Default)]
pub(crate) struct Roles(HashMap<String, (Key, Option<Role>)>);

impl Roles {
    fn before(&mut self, conn: &Connection, op: &Op) -> Result<Option<Role>> {
        let key = (op.hlc, op.device_id.as_str(), op.op_id.as_str());
        if let Some(((h, d, i), role)) = self.0.get(&op.author_id) {
            if key > (*h, d.as_str(), i.as_str()) {
                return Ok(*role);
            }
        }
        let newest: Option<(i64, String, String, String)> = conn
            .prepare_cached(
                "SELECT hlc, device_id, op_id, value FROM oplog o WHERE entity_id = ?1 AND field = 'role'
                 AND NOT EXISTS (SELECT 1 FROM op_refused r WHERE r.op_id = o.op_id)
                 ORDER BY hlc DESC, device_id DESC, op_id DESC LIMIT 1",
            )?
            .query_row([&op.author_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        let parse = |v: &str| serde_json::from_str::<String>(v).ok().and_then(|r| Role::parse(&r).ok());
        match newest {
            None => {
                // No role at all yet: none before any op.
                self.0.insert(op.author_id.clone(), ((-1, String::new(), String::new()), None));
                Ok(None)
            }
            Some((h, d, i, v)) if key > (h, d.as_str(), i.as_str()) => {
                let role = parse(&v);
                self.0.insert(op.author_id.clone(), ((h, d, i), role));
                Ok(role)
            }
            // The op is older than the author's last role change: look up the role it had then.
            Some(_) => Ok(text_before(conn, &op.author_id, "role", op)?.and_then(|r| Role::parse(&r).ok())),
        }
    }

    /// A role op of `member` reached the log.
    pub(crate) fn forget(&mut self, member: &str) {
        self.0.remove(member);
    }
}

/// Why `op` may not be applied, or `None` when its author was allowed to make it.
pub(crate) fn judge(conn: &Connection, op: &Op, table: &str, roles: &mut Roles) -> Result<Option<String>> {
    if matches!(table, "workspace" | "member") {
        return Ok(None);
    }
    let role = roles.before(conn, op)?;
    let Some(role) = role else {
        return Ok(Some(format!("{} was not a member of the workspace when this change was made", op.author_id)));
    };
    // The action, with whether the author owns the product left open: most verdicts are the
    // same either way (leadership may, a junior PM may not), and then ownership is not looked up.
    let may = |owns: bool| match table {
        "goal" => allowed(role, Action::EditGoals),
        "product_family" => allowed(role, Action::CreateProduct),
        "product" => allowed(role, Action::CreateProduct) && allowed(role, Action::EditRoadmap { owns }),
        _ => allowed(role, Action::EditRoadmap { owns }),
    };
    if !matches!(table, "goal" | "product_family" | "product" | "roadmap_item" | "guardrail" | "snapshot") {
        return Ok(None);
    }
    let (if_owner, if_not) = (may(true), may(false));
    if if_owner && if_not {
        return Ok(None);
    }
    let subject = |conn: &Connection| -> Result<String> {
        Ok(match table {
            "goal" => "edit organisation goals".to_owned(),
            "product_family" => "edit product families".to_owned(),
            "product" => format!("edit the product {}", name_of(conn, "product", &op.entity_id)),
            _ => match product_of(conn, op, table)? {
                Some(p) => format!("edit the roadmap of {}", name_of(conn, "product", &p)),
                None => "edit roadmaps".to_owned(),
            },
        })
    };
    if !if_owner {
        return Ok(Some(denial(conn, op, role, &subject(conn)?)));
    }
    // Allowed only to the owner: of the product itself (a product no one owns yet is being
    // created), or of the product a roadmap item, guardrail or snapshot belongs to.
    let owns = if table == "product" {
        let owner = text_before(conn, &op.entity_id, "owner_id", op)?;
        owner.is_none() || owner.as_deref() == Some(op.author_id.as_str())
    } else {
        let Some(product) = product_of(conn, op, table)? else {
            return Ok(Some(format!("this {} belongs to no known product", table.replace('_', " "))));
        };
        let mut owners = vec![text_before(conn, &product, "owner_id", op)?];
        // Moving something between products (an item, a guardrail to another product's item,
        // a snapshot) needs the right over both.
        let link = if table == "guardrail" { "item_id" } else { "product_id" };
        if op.field == link {
            let old_product = match text_before(conn, &op.entity_id, link, op)? {
                Some(old_item) if table == "guardrail" => text_before(conn, &old_item, "product_id", op)?,
                other => other,
            };
            if let Some(old) = old_product.filter(|o| *o != product) {
                owners.push(text_before(conn, &old, "owner_id", op)?);
            }
        }
        owners.iter().all(|o| o.as_deref() == Some(op.author_id.as_str()))
    };
    if owns {
        Ok(None)
    } else {
        Ok(Some(denial(conn, op, role, &subject(conn)?)))
    }
}

/// The product a roadmap item, guardrail or snapshot op belongs to, as of just before it.
fn product_of(conn: &Connection, op: &Op, table: &str) -> Result<Option<String>> {
    match table {
        "guardrail" => match link(conn, op, "item_id")? {
            Some(item) => text_before(conn, &item, "product_id", op),
            None => Ok(None),
        },
        _ => link(conn, op, "product_id"),
    }
}

fn denial(conn: &Connection, op: &Op, role: Role, what: &str) -> String {
    format!("{} was {} and could not {what}", name_of(conn, "member", &op.author_id), role.label())
}

/// Records a verdict; answers whether it changed.
pub(crate) fn record(conn: &Connection, op_id: &str, verdict: Option<&str>) -> Result<bool> {
    Ok(match verdict {
        Some(reason) => {
            let was: Option<String> = conn
                .prepare_cached("SELECT reason FROM op_refused WHERE op_id = ?1")?
                .query_row([op_id], |r| r.get(0))
                .optional()?;
            if was.as_deref() != Some(reason) {
                // Re-judged and still refused: keep the reason current (the role may differ).
                conn.prepare_cached(
                    "INSERT INTO op_refused (op_id, reason) VALUES (?1, ?2)
                     ON CONFLICT (op_id) DO UPDATE SET reason = excluded.reason",
                )?
                .execute(params![op_id, reason])?;
            }
            was.is_none()
        }
        None => conn.prepare_cached("DELETE FROM op_refused WHERE op_id = ?1")?.execute([op_id])? > 0,
    })
}

type Key = (i64, String, String);

/// Ops whose verdict may depend on `op`: those after it, up to and including the next applied
/// op on the same field (which is judged on `op`'s value, and decides everything after itself).
fn dependents(conn: &Connection, op: &Op, out: &mut BTreeSet<Key>) -> Result<()> {
    let next: Option<Key> = conn
        .prepare_cached(
            "SELECT hlc, device_id, op_id FROM oplog o
             WHERE entity_id = ?1 AND field = ?2 AND (hlc, device_id, op_id) > (?3, ?4, ?5)
             AND NOT EXISTS (SELECT 1 FROM op_refused r WHERE r.op_id = o.op_id)
             ORDER BY hlc, device_id, op_id LIMIT 1",
        )?
        .query_row(params![op.entity_id, op.field, op.hlc, op.device_id, op.op_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    // Past every clock there can be (hlc::MAX < i64::MAX) when nothing follows.
    let (to_hlc, to_device, to_op) = next.unwrap_or((i64::MAX, String::new(), String::new()));
    let window = "hlc >= ?2 AND hlc <= ?5 AND (hlc, device_id, op_id) > (?2, ?3, ?4)
                  AND (hlc, device_id, op_id) <= (?5, ?6, ?7)";
    let mut collect = |sql: &str, key: &str| -> Result<()> {
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params![key, op.hlc, op.device_id, op.op_id, to_hlc, to_device, to_op], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
        for r in rows {
            out.insert(r?);
        }
        Ok(())
    };
    if (op.table.as_str(), op.field.as_str()) == ("member", "role") {
        let sql = format!("SELECT hlc, device_id, op_id FROM oplog WHERE author_id = ?1 AND {window}");
        return collect(&sql, &op.entity_id);
    }
    let by_link = |field: &str, target: &str| -> Result<Vec<String>> {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT DISTINCT entity_id FROM oplog WHERE field = '{field}' AND value = json_quote(?1)"
        ))?;
        let rows = stmt.query_map([target], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let mut entities: Vec<String> = vec![op.entity_id.clone()];
    match (op.table.as_str(), op.field.as_str()) {
        ("product", "owner_id") => {
            for child in by_link("product_id", &op.entity_id)? {
                entities.extend(by_link("item_id", &child)?);
                entities.push(child);
            }
        }
        ("roadmap_item", "product_id") => entities.extend(by_link("item_id", &op.entity_id)?),
        _ => {}
    }
    let sql = format!("SELECT hlc, device_id, op_id FROM oplog WHERE entity_id = ?1 AND {window}");
    for e in entities {
        collect(&sql, &e)?;
    }
    Ok(())
}

fn load(conn: &Connection, op_id: &str) -> Result<Option<Op>> {
    let op = conn
        .prepare_cached(
            "SELECT op_id, device_id, seq, hlc, author_id, entity_table, entity_id, field, value
             FROM oplog WHERE op_id = ?1",
        )?
        .query_row([op_id], row_to_op)
        .optional()?;
    op.transpose()
}

/// After `late` authority ops arrived behind ops already judged: judge their dependents again
/// in clock order (cascading through authority ops whose verdict flips) and replay every
/// entity whose verdicts changed.
pub(crate) fn rejudge_after(conn: &Connection, late: &[Op]) -> Result<()> {
    let mut queue = BTreeSet::new();
    for op in late {
        dependents(conn, op, &mut queue)?;
    }
    let mut touched: HashSet<(String, String)> = HashSet::new();
    let mut roles = Roles::default();
    while let Some((_, _, op_id)) = queue.pop_first() {
        let Some(op) = load(conn, &op_id)? else { continue };
        let (table, ..) = validate(&op)?;
        let verdict = judge(conn, &op, table, &mut roles)?;
        if record(conn, &op.op_id, verdict.as_deref())? {
            touched.insert((table.to_owned(), op.entity_id.clone()));
            if is_authority(&op.table, &op.field) {
                dependents(conn, &op, &mut queue)?;
            }
        }
    }
    for (table, entity) in touched {
        replay_entity(conn, &table, &entity)?;
    }
    Ok(())
}

/// Rewrites one entity from its applied ops, as if they had arrived in clock order.
fn replay_entity(conn: &Connection, table: &str, entity_id: &str) -> Result<()> {
    let Some(spec) = super::schema::table(table) else { return Ok(()) };
    conn.execute(&format!("DELETE FROM {} WHERE id = ?1", spec.name), [entity_id])?;
    conn.execute("DELETE FROM field_clock WHERE entity_table = ?1 AND entity_id = ?2", params![spec.name, entity_id])?;
    let mut stmt = conn.prepare(
        "SELECT op_id, device_id, seq, hlc, author_id, entity_table, entity_id, field, value FROM oplog o
         WHERE entity_id = ?1 AND NOT EXISTS (SELECT 1 FROM op_refused r WHERE r.op_id = o.op_id)
         ORDER BY hlc, device_id, op_id",
    )?;
    let ops = stmt.query_map([entity_id], row_to_op)?;
    for op in ops {
        let op = op??;
        let (t, f, v) = validate(&op)?;
        set_field(conn, &op, t, f, v)?;
    }
    Ok(())
}

/// Every refused op, newest first.
pub fn refused(core: &crate::Core) -> Result<Vec<Refused>> {
    core.read(|c| {
        let mut stmt = c.prepare(
            "SELECT o.op_id, o.author_id, m.name, o.entity_table, o.entity_id, o.field, o.value, r.reason, o.hlc
             FROM op_refused r JOIN oplog o ON o.op_id = r.op_id LEFT JOIN member m ON m.id = o.author_id
             ORDER BY o.hlc DESC, o.device_id DESC, o.op_id DESC",
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
