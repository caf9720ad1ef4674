//! Migration guards. Replicas of one workspace run different Baton versions, so:
//! - a shipped migration is never edited (its text is fingerprinted here);
//! - synced tables only ever gain columns, each with a default (snapshot in
//!   `synced_columns.txt`), so an old client's ops and rows still fit;
//! - the op whitelist (`crate::registry::TABLES`) and the tables name exactly the same fields.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;

use crate::oplog;
use crate::oplog::store::{self, MIGRATIONS};
use crate::registry::Kind;
use crate::workspace::{self, Role};
use crate::{goals, Core, Result};
use rusqlite::Connection;

/// (file, FNV-1a 64 of its text) for every shipped migration, in order. Append the next one
/// when it ships; never change a recorded value.
const FINGERPRINTS: &[(&str, u64)] = &[
    ("0001_init.sql", 0x9b0e_74a7_77e1_95a0),
    ("0002_sync.sql", 0xf0b6_3d3c_5f0c_7bc3),
    ("0003_strategy.sql", 0x3846_b5cd_43f7_a484),
    ("0004_compact_log.sql", 0xc93a_2b18_4758_be38),
    ("0005_moved_from.sql", 0x75cd_71cc_d86c_2e52),
    ("0006_clocks.sql", 0x2fa6_c28d_c31b_9c1b),
    ("0007_conflicts.sql", 0x41d8_62f9_cb84_5ba6),
    ("0008_judge.sql", 0x88a6_2983_e3c9_fbbb),
    ("0009_delegation.sql", 0xc5f6_0d34_2a5c_cec0),
    ("0010_devices.sql", 0x89b3_a965_b4ae_b9f4),
    ("0011_ideas.sql", 0xd4aa_d857_aa6b_3f90),
    ("0012_search.sql", 0xf20b_5c0d_ae36_557a),
    ("0013_execution.sql", 0x5e28_bc47_4035_d487),
    ("0014_undo.sql", 0x5c9a_4f20_9545_2a47),
    ("0015_story_sums.sql", 0x8841_ccaf_138d_245e),
    ("0016_flagged_checks.sql", 0x0a18_1fb3_3acc_51dc),
    ("0017_story_tally.sql", 0x1b28_f6e7_ec3c_7c29),
];

/// 64-bit FNV-1a of the text, with CRLF read as LF so a Windows checkout hashes the same.
fn fnv1a64(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.replace("\r\n", "\n").bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[test]
fn shipped_migrations_are_never_edited() {
    let now: Vec<String> =
        MIGRATIONS.iter().map(|(name, sql)| format!("(\"{name}\", {:#018x})", fnv1a64(sql))).collect();
    assert_eq!(
        FINGERPRINTS.len(),
        MIGRATIONS.len(),
        "every shipped migration must be fingerprinted: FINGERPRINTS should be [{}]",
        now.join(", ")
    );
    for (i, ((name, sql), (recorded_name, recorded))) in MIGRATIONS.iter().zip(FINGERPRINTS).enumerate() {
        assert_eq!(name, recorded_name, "migration {} is not the one fingerprinted", i + 1);
        assert!(
            name.starts_with(&format!("{:04}_", i + 1)) && name.ends_with(".sql"),
            "migration {} is called {name}: number them 0001_, 0002_, … in order",
            i + 1
        );
        let have = fnv1a64(sql);
        assert!(
            have == *recorded,
            "shipped migration {name} was edited: add a new numbered migration instead \
             (recorded {recorded:#018x}, now {have:#018x})"
        );
    }
}

#[test]
fn fnv1a64_matches_the_reference_vectors() {
    // From the FNV reference test suite, so a broken hash cannot hide an edit.
    assert_eq!(fnv1a64(""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(fnv1a64("a"), 0xaf63_dc4c_8601_ec8c);
    assert_eq!(fnv1a64("foobar"), 0x8594_4171_f739_67e8);
    assert_eq!(fnv1a64("a\r\nb"), fnv1a64("a\nb"));
}

/// `table.column` lines of the committed snapshot (comments and blank lines skipped).
fn snapshot() -> Vec<(String, String)> {
    include_str!("synced_columns.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (t, c) = l.split_once('.').unwrap_or_else(|| panic!("synced_columns.txt: {l:?} is not table.column"));
            (t.to_owned(), c.to_owned())
        })
        .collect()
}

struct Column {
    name: String,
    decl_type: String,
    not_null: bool,
    default: Option<String>,
    pk: bool,
}

fn columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<Column>> {
    let mut stmt = conn.prepare("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?1)")?;
    let rows = stmt.query_map([table], |r| {
        Ok(Column {
            name: r.get(0)?,
            decl_type: r.get(1)?,
            not_null: r.get(2)?,
            default: r.get(3)?,
            pk: r.get::<_, i64>(4)? > 0,
        })
    })?;
    rows.collect()
}

#[test]
fn synced_tables_only_ever_gain_columns_with_defaults() -> Result<()> {
    let core = Core::open_in_memory()?;
    let snap = snapshot();
    let mut problems = Vec::new();
    core.read(|c| {
        let synced: BTreeSet<&str> = oplog::TABLES.iter().map(|t| t.name).collect();
        for (t, col) in &snap {
            if !synced.contains(t.as_str()) {
                problems
                    .push(format!("synced table {t} is gone from crate::registry::TABLES: old clients would break"));
            } else if !columns(c, t)?.iter().any(|have| have.name == *col) {
                problems.push(format!("synced column {t}.{col} is gone (dropped or renamed): old clients would break"));
            }
        }
        for t in oplog::TABLES {
            let cols = columns(c, t.name)?;
            if cols.is_empty() {
                problems.push(format!("synced table {} does not exist", t.name));
            }
            for col in &cols {
                if !snap.iter().any(|(st, sc)| st == t.name && *sc == col.name) {
                    problems.push(format!(
                        "{}.{} is not in the snapshot: append it to synced_columns.txt",
                        t.name, col.name
                    ));
                }
                if col.name == "id" {
                    if !(col.pk && col.decl_type == "TEXT") {
                        problems.push(format!("{}.id must be the TEXT primary key", t.name));
                    }
                } else if col.not_null && col.default.is_none() {
                    problems.push(format!(
                        "{}.{} is NOT NULL without a default: a row born from another field's op \
                         (or written by an old client) could not be inserted",
                        t.name, col.name
                    ));
                }
            }
            let mut fks = c.prepare("SELECT count(*) FROM pragma_foreign_key_list(?1)")?;
            let n: i64 = fks.query_row([t.name], |r| r.get(0))?;
            if n > 0 {
                problems.push(format!("{} has SQL foreign keys: references between synced rows must be soft", t.name));
            }
        }
        Ok(())
    })?;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}

#[test]
fn the_op_whitelist_and_the_synced_tables_name_the_same_fields() -> Result<()> {
    let core = Core::open_in_memory()?;
    let mut problems = Vec::new();
    core.read(|c| {
        for t in oplog::TABLES {
            let cols = columns(c, t.name)?;
            for &crate::registry::Field { name: field, kind, .. } in t.fields {
                let Some(col) = cols.iter().find(|col| col.name == *field) else {
                    problems.push(format!("oplog::TABLES names {}.{field}, which is not a column", t.name));
                    continue;
                };
                // The column must hold every value the kind lets an op write.
                let fits = match kind {
                    Kind::Bool | Kind::Int(..) => col.decl_type == "INTEGER",
                    Kind::Text | Kind::LongText | Kind::OneOf(_) => col.decl_type == "TEXT",
                    Kind::OptText => col.decl_type == "TEXT" && !col.not_null,
                };
                if !fits {
                    problems.push(format!(
                        "{}.{field} is {} {}but its field is {kind:?}",
                        t.name,
                        col.decl_type,
                        if col.not_null { "NOT NULL " } else { "" }
                    ));
                }
            }
            for col in cols.iter().filter(|col| col.name != "id") {
                if !t.fields.iter().any(|f| f.name == col.name) {
                    problems.push(format!(
                        "column {}.{} is not a field in crate::registry::TABLES: no op could set it",
                        t.name, col.name
                    ));
                }
            }
            if t.fields.iter().any(|f| f.name == "id") {
                problems.push(format!("{}.id must never be a field ops may set", t.name));
            }
        }
        Ok(())
    })?;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}

fn user_version(core: &Core) -> Result<i64> {
    core.read(|c| Ok(c.pragma_query_value(None, "user_version", |r| r.get(0))?))
}

fn schema_sql(core: &Core) -> Result<Vec<String>> {
    core.read(|c| {
        let mut stmt = c.prepare("SELECT coalesce(sql, '') FROM sqlite_schema ORDER BY type, name")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

#[test]
fn reopening_a_database_file_migrates_once_and_keeps_the_data() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let core = Core::open_dir(dir.path())?;
    assert_eq!(core.path(), Some(dir.path().join(store::DB_FILE).as_path()));
    assert_eq!(user_version(&core)?, MIGRATIONS.len() as i64);
    workspace::init(&core, "Acme", "Sam", Role::Senior)?;
    let me = workspace::me(&core)?;
    goals::create(&core, &me, "Grow", "Twice the users", "")?;
    let (info, dump, ops, ddl) =
        (workspace::info(&core)?, core.read(oplog::dump)?, core.read(oplog::all_ops)?, schema_sql(&core)?);
    drop(core);

    // Re-running a migration would fail (its tables exist) or reset data; neither may happen.
    let core = Core::open_dir(dir.path())?;
    assert_eq!(user_version(&core)?, MIGRATIONS.len() as i64);
    assert_eq!(schema_sql(&core)?, ddl);
    assert_eq!(workspace::info(&core)?, info);
    assert_eq!(core.read(oplog::dump)?, dump);
    assert_eq!(core.read(oplog::all_ops)?, ops);
    assert_eq!(goals::list(&core)?.len(), 1);
    // And it is still writable.
    goals::create(&core, &me, "Keep them", "", "")?;
    drop(core);

    let core = Core::open_dir(dir.path())?;
    assert_eq!(user_version(&core)?, MIGRATIONS.len() as i64);
    assert_eq!(goals::list(&core)?.len(), 2);
    Ok(())
}

/// A database written before role checks existed (schema 2) holds a junior's goal, applied by
/// the old `apply`. Upgrading judges the log as every replica now does: the goal is gone from
/// the tables, its op stays in the log and is listed as refused, the senior's goal stays.
#[test]
fn upgrading_to_role_checks_judges_the_ops_already_logged() -> Result<()> {
    let dir = tempfile::tempdir().map_err(|e| crate::Error::invalid(e.to_string()))?;
    let path = dir.path().join(store::DB_FILE);
    {
        let conn = Connection::open(&path)?;
        for (_, sql) in &MIGRATIONS[..2] {
            conn.execute_batch(sql)?;
        }
        conn.pragma_update(None, "user_version", 2)?;
        // (op id, hlc, author, table, entity, field, value), as the old apply stored them.
        let ops = [
            ("o1", 1, "sam", "member", "sam", "role", "\"senior\""),
            ("o2", 2, "sam", "member", "kim", "role", "\"junior\""),
            ("o3", 3, "sam", "goal", "g-sam", "title", "\"Grow\""),
            ("o4", 4, "kim", "goal", "g-kim", "title", "\"Kim's goal\""),
        ];
        for (seq, (op, hlc, author, table, entity, field, value)) in ops.iter().enumerate() {
            conn.execute(
                "INSERT INTO oplog (op_id, device_id, seq, hlc, author_id, entity_table, entity_id, field, value)
                 VALUES (?1, 'dev', ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                rusqlite::params![op, seq as i64 + 1, hlc, author, table, entity, field, value],
            )?;
            conn.execute(
                "INSERT INTO field_clock (entity_table, entity_id, field, hlc, device_id, op_id)
                 VALUES (?1, ?2, ?3, ?4, 'dev', ?5)",
                rusqlite::params![table, entity, field, hlc, op],
            )?;
        }
        conn.execute_batch(
            "INSERT INTO member (id, role) VALUES ('sam', 'senior'), ('kim', 'junior');
             INSERT INTO goal (id, title) VALUES ('g-sam', 'Grow'), ('g-kim', 'Kim''s goal');",
        )?;
    }
    let core = Core::open(&path)?;
    assert_eq!(user_version(&core)?, MIGRATIONS.len() as i64);
    let titles: Vec<String> = core.read(|c| {
        let mut stmt = c.prepare("SELECT title FROM goal ORDER BY id")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })?;
    assert_eq!(titles, ["Grow"]);
    assert_eq!(core.read(oplog::all_ops)?.len(), 4, "the log keeps every op");
    let refused = oplog::judge::refused(&core)?;
    assert_eq!(refused.iter().map(|r| r.op_id.as_str()).collect::<Vec<_>>(), ["o4"]);
    Ok(())
}
