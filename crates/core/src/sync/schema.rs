//! The synced tables and the fields an operation may set, with the values each accepts.
//!
//! This list is the whitelist for every op, local or from a sync file: a table or field not
//! named here is refused before any SQL is built, so op contents never reach SQL as text.

use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A string, at most [`MAX_TEXT`] characters.
    Text,
    /// A string or null (soft references to other entities).
    OptText,
    /// One of a closed set of strings.
    OneOf(&'static [&'static str]),
    /// true / false, stored as 1 / 0.
    Bool,
    /// An integer in `min..=max`.
    Int(i64, i64),
    /// A string of at most [`MAX_LONG_TEXT`] characters (frozen snapshots).
    LongText,
}

pub const MAX_TEXT: usize = 100_000;
pub const MAX_LONG_TEXT: usize = 8_000_000;

pub struct TableSpec {
    pub name: &'static str,
    pub fields: &'static [(&'static str, Kind)],
}

pub const ROLES: &[&str] = &["leadership", "senior", "junior"];
pub const HORIZONS: &[&str] = &["five_year", "three_year", "one_year"];
pub const STATUSES: &[&str] = &["idea", "planned", "in_progress", "done", "dropped"];
pub const CONFIDENCES: &[&str] = &["low", "medium", "high"];
pub const GUARDRAIL_KINDS: &[&str] = &["scope", "budget", "quality", "date", "must_not", "other"];

pub const TABLES: &[TableSpec] = &[
    TableSpec { name: "workspace", fields: &[("name", Kind::Text), ("deleted", Kind::Bool)] },
    TableSpec {
        name: "member",
        fields: &[
            ("name", Kind::Text),
            ("role", Kind::OneOf(ROLES)),
            ("manager_id", Kind::OptText),
            ("deleted", Kind::Bool),
        ],
    },
    TableSpec {
        name: "goal",
        fields: &[("title", Kind::Text), ("description", Kind::Text), ("deleted", Kind::Bool), ("measure", Kind::Text)],
    },
    TableSpec {
        name: "product",
        fields: &[
            ("name", Kind::Text),
            ("owner_id", Kind::OptText),
            ("deleted", Kind::Bool),
            ("family_id", Kind::OptText),
            ("base_year", Kind::Int(2000, 2100)),
        ],
    },
    TableSpec { name: "product_family", fields: &[("name", Kind::Text), ("deleted", Kind::Bool)] },
    TableSpec {
        name: "roadmap_item",
        fields: &[
            ("product_id", Kind::OptText),
            ("horizon", Kind::OneOf(HORIZONS)),
            ("period", Kind::Text),
            ("title", Kind::Text),
            ("goal_id", Kind::OptText),
            ("parent_id", Kind::OptText),
            ("deleted", Kind::Bool),
            ("status", Kind::OneOf(STATUSES)),
            ("confidence", Kind::OneOf(CONFIDENCES)),
            ("metric", Kind::Text),
            ("impact", Kind::Text),
            ("rank", Kind::Text),
            ("requirements", Kind::Text),
        ],
    },
    TableSpec {
        name: "guardrail",
        fields: &[
            ("item_id", Kind::OptText),
            ("kind", Kind::OneOf(GUARDRAIL_KINDS)),
            ("statement", Kind::Text),
            ("deleted", Kind::Bool),
        ],
    },
    TableSpec {
        name: "snapshot",
        fields: &[
            ("product_id", Kind::OptText),
            ("name", Kind::Text),
            ("taken_at", Kind::Text),
            ("content", Kind::LongText),
            ("deleted", Kind::Bool),
        ],
    },
];

pub fn table(name: &str) -> Option<&'static TableSpec> {
    TABLES.iter().find(|t| t.name == name)
}

/// The table and field names as `'static` strs (safe to splice into SQL), and the field's kind.
pub fn field(table_name: &str, field: &str) -> Option<(&'static str, &'static str, Kind)> {
    let t = table(table_name)?;
    t.fields.iter().find(|(f, _)| *f == field).map(|(f, k)| (t.name, *f, *k))
}

/// The SQLite value an op's JSON value is stored as, or why it does not fit the field.
pub fn to_sql(kind: Kind, value: &Value) -> Result<rusqlite::types::Value, String> {
    use rusqlite::types::Value as Sql;
    let text_max = |s: &str, max: usize| {
        if s.chars().count() > max {
            Err(format!("text longer than {max} characters"))
        } else {
            Ok(Sql::Text(s.to_owned()))
        }
    };
    let text = |s: &str| text_max(s, MAX_TEXT);
    match (kind, value) {
        (Kind::Text | Kind::OptText, Value::String(s)) => text(s),
        (Kind::LongText, Value::String(s)) => text_max(s, MAX_LONG_TEXT),
        (Kind::Int(min, max), Value::Number(n)) => match n.as_i64() {
            Some(i) if (min..=max).contains(&i) => Ok(Sql::Integer(i)),
            _ => Err(format!("value {n} is not an integer in {min}..={max}")),
        },
        (Kind::OptText, Value::Null) => Ok(Sql::Null),
        (Kind::OneOf(allowed), Value::String(s)) if allowed.contains(&s.as_str()) => text(s),
        (Kind::Bool, Value::Bool(b)) => Ok(Sql::Integer(i64::from(*b))),
        (kind, v) => Err(format!("value {v} does not fit a field of kind {kind:?}")),
    }
}

/// Which synced table holds an entity with this id (ids are UUIDs, unique across tables).
pub fn table_of(conn: &rusqlite::Connection, entity_id: &str) -> crate::Result<&'static str> {
    use rusqlite::OptionalExtension;
    let found: Option<String> = conn
        .query_row(
            "SELECT entity_table FROM oplog WHERE entity_id = ?1 ORDER BY hlc, device_id, op_id LIMIT 1",
            [entity_id],
            |r| r.get(0),
        )
        .optional()?;
    found.and_then(|t| table(&t)).map(|t| t.name).ok_or_else(|| crate::Error::not_found("entity", entity_id))
}
