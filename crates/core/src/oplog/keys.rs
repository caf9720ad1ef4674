//! How ops are keyed in the database file: op ids stored as their 16 bytes, and the order
//! every replica agrees on.
//!
//! On the wire (segment files) an op id is text: a UUIDv7 minted by its device. In the file a
//! canonical (lowercase, hyphenated) UUID is stored as its 16 bytes and anything else stays
//! text; SQLite sorts every text before every blob, and blobs bytewise, which for canonical
//! UUIDs is the order of their text. [`OpKey`] orders the same way in Rust, so a comparison made
//! in SQL and one made here always agree. Two SQL functions, registered on every connection,
//! convert: `baton_op_key(text)` and `baton_op_id(key)`.

use std::cmp::Ordering;

use rusqlite::functions::FunctionFlags;
use rusqlite::types::{Value, ValueRef};
use rusqlite::Connection;

/// An op id as stored: text sorts before every UUID.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OpKey {
    Text(String),
    Uuid([u8; 16]),
}

impl OpKey {
    pub fn of(op_id: &str) -> OpKey {
        match uuid::Uuid::try_parse(op_id) {
            Ok(u) if u.hyphenated().to_string() == op_id => OpKey::Uuid(*u.as_bytes()),
            _ => OpKey::Text(op_id.to_owned()),
        }
    }

    pub fn to_sql(&self) -> Value {
        match self {
            OpKey::Text(t) => Value::Text(t.clone()),
            OpKey::Uuid(b) => Value::Blob(b.to_vec()),
        }
    }

    pub fn from_sql(v: ValueRef<'_>) -> Option<OpKey> {
        match v {
            ValueRef::Text(t) => std::str::from_utf8(t).ok().map(|t| OpKey::Text(t.to_owned())),
            ValueRef::Blob(b) => <[u8; 16]>::try_from(b).ok().map(OpKey::Uuid),
            _ => None,
        }
    }

    /// The id as it reads on the wire.
    pub fn text(&self) -> String {
        match self {
            OpKey::Text(t) => t.clone(),
            OpKey::Uuid(b) => uuid::Uuid::from_bytes(*b).hyphenated().to_string(),
        }
    }
}

/// An op's place in the order every replica agrees on: clock, then device id, then op id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    pub hlc: i64,
    pub device: String,
    pub op: OpKey,
}

impl Key {
    pub fn of(op: &super::Op) -> Key {
        Key { hlc: op.hlc, device: op.device_id.clone(), op: OpKey::of(&op.op_id) }
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.hlc, self.device.as_bytes(), &self.op).cmp(&(other.hlc, other.device.as_bytes(), &other.op))
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Registers `baton_op_key` and `baton_op_id` on a connection (before migrating: the
/// migration and the `oplog` view use them).
pub(crate) fn register(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC | FunctionFlags::SQLITE_INNOCUOUS;
    conn.create_scalar_function("baton_op_key", 1, flags, |ctx| {
        Ok(match ctx.get_raw(0) {
            ValueRef::Text(t) => match std::str::from_utf8(t) {
                Ok(t) => OpKey::of(t).to_sql(),
                Err(_) => Value::Blob(t.to_vec()),
            },
            other => owned(other),
        })
    })?;
    conn.create_scalar_function("baton_op_id", 1, flags, |ctx| {
        let raw = ctx.get_raw(0);
        Ok(match OpKey::from_sql(raw) {
            Some(k) => Value::Text(k.text()),
            None => owned(raw),
        })
    })?;
    Ok(())
}

fn owned(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Integer(i),
        ValueRef::Real(r) => Value::Real(r),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_keys_order_like_their_text_and_text_ids_come_first() {
        let a = "0192f3a4-5b6c-7d8e-9f00-112233445566";
        let b = "0192f3a4-5b6c-7d8e-9f00-11223344556a";
        let c = "f192f3a4-5b6c-7d8e-9f00-112233445566";
        assert!(OpKey::of(a) < OpKey::of(b) && OpKey::of(b) < OpKey::of(c));
        assert!(matches!(OpKey::of(a), OpKey::Uuid(_)));
        assert_eq!(OpKey::of(a).text(), a);
        // Not canonical (upper case), or not a UUID at all: kept as text, sorted first.
        let upper = a.to_uppercase();
        assert_eq!(OpKey::of(&upper), OpKey::Text(upper.clone()));
        assert!(OpKey::of("zzz") < OpKey::of(a));
    }

    #[test]
    fn sql_sorts_stored_keys_as_rust_does() -> rusqlite::Result<()> {
        let conn = Connection::open_in_memory()?;
        register(&conn)?;
        let ids = ["o2", "0192f3a4-5b6c-7d8e-9f00-11223344556a", "o10", "0192f3a4-5b6c-7d8e-9f00-112233445566", ""];
        conn.execute_batch("CREATE TABLE t (k ANY) STRICT")?;
        for id in ids {
            conn.execute("INSERT INTO t VALUES (baton_op_key(?1))", [id])?;
        }
        let mut stmt = conn.prepare("SELECT baton_op_id(k) FROM t ORDER BY k")?;
        let by_sql: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        let mut by_rust: Vec<OpKey> = ids.iter().map(|i| OpKey::of(i)).collect();
        by_rust.sort();
        assert_eq!(by_sql, by_rust.iter().map(OpKey::text).collect::<Vec<_>>());
        Ok(())
    }
}
