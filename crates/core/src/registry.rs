//! The shape of a synced table's declaration, and the kinds of value a field accepts.
//!
//! Each feature declares its tables once, with these types, in its own `tables.rs`;
//! [`crate::oplog::TABLES`] lists them all. That list is the whitelist for every op, local or
//! from a sync file: a table or field not named there is refused before any SQL is built, so op
//! contents never reach SQL as text.

use serde_json::Value;

use crate::access::Rule;

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

/// One synced table, declared once by the feature that owns it (its `tables.rs`): the
/// whitelist of fields ops may set, who may write its rows, and how history names and restores
/// them. The write path, the judge, re-judging, history and restore all read this.
pub struct Table {
    pub name: &'static str,
    /// What one row is called in sentences ("roadmap item").
    pub label: &'static str,
    /// The column that names a row in lists (conflicts, messages).
    pub title: &'static str,
    pub fields: &'static [Field],
    /// Who may write its rows, judged for every op (see [`crate::access::Rule`]).
    pub rule: Rule,
}

pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    /// How history and conflicts name it ("parent", "planning base year").
    pub label: &'static str,
    pub restore: Restore,
}

/// What restoring an earlier value of a field does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Restore {
    /// Sets the value back as it was, judged like any edit.
    Set,
    /// Goes through the feature's own command, so the value obeys today's rules (a period must
    /// fit the window, a link must not close a cycle).
    Command,
    /// Not restored from history; the reason is said.
    Never(&'static str),
}

/// Shorthand for declarations: a field restored as it was.
pub const fn field(name: &'static str, kind: Kind, label: &'static str) -> Field {
    Field { name, kind, label, restore: Restore::Set }
}

impl Field {
    pub const fn restore(self, restore: Restore) -> Field {
        Field { restore, ..self }
    }
}

impl Table {
    /// The declaration of one of its fields.
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

pub const ROLES: &[&str] = &["leadership", "senior", "junior"];
pub const HORIZONS: &[&str] = &["five_year", "three_year", "one_year"];
pub const STATUSES: &[&str] = &["idea", "planned", "in_progress", "done", "dropped"];
pub const CONFIDENCES: &[&str] = &["low", "medium", "high"];
pub const GUARDRAIL_KINDS: &[&str] = &["scope", "budget", "quality", "date", "must_not", "other"];

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
