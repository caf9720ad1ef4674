//! The SQLite file: opening it, migrating it, and the transaction every command runs in.
//!
//! [`Core`] owns one connection behind a mutex; callers (the Tauri shell, the CLI) keep it off
//! their UI thread. Writes go through [`Core::write`], which hands a [`Writer`] to the command:
//! the command reads and validates inside the transaction, emits field ops, and `write` applies
//! them with [`super::apply`], advances this device's sequence and clock, and commits —
//! or, on any error, rolls everything back.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock};

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde_json::Value;

use super::{hlc, Op};
use crate::error::{Error, Result};

/// The folder name under the OS data directory, shared by the app and the CLI.
pub const APP_ID: &str = "app.baton.desktop";
/// The database file inside a data directory.
pub const DB_FILE: &str = "baton.sqlite3";
/// Overrides the data directory for the app and the CLI alike.
pub const DATA_DIR_ENV: &str = "BATON_DATA_DIR";

/// How long a statement waits for another connection's write (the app, a CLI run, a sync pass
/// in another process) before failing as busy.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Forward-only migrations, embedded. Never edit a shipped one: add the next number.
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_init.sql", include_str!("../../migrations/0001_init.sql")),
    ("0002_sync.sql", include_str!("../../migrations/0002_sync.sql")),
    ("0003_strategy.sql", include_str!("../../migrations/0003_strategy.sql")),
    ("0004_compact_log.sql", include_str!("../../migrations/0004_compact_log.sql")),
    ("0005_moved_from.sql", include_str!("../../migrations/0005_moved_from.sql")),
    ("0006_clocks.sql", include_str!("../../migrations/0006_clocks.sql")),
    ("0007_conflicts.sql", include_str!("../../migrations/0007_conflicts.sql")),
    ("0008_judge.sql", include_str!("../../migrations/0008_judge.sql")),
    ("0009_delegation.sql", include_str!("../../migrations/0009_delegation.sql")),
    ("0010_devices.sql", include_str!("../../migrations/0010_devices.sql")),
    ("0011_ideas.sql", include_str!("../../migrations/0011_ideas.sql")),
    ("0012_search.sql", include_str!("../../migrations/0012_search.sql")),
    ("0013_execution.sql", include_str!("../../migrations/0013_execution.sql")),
    ("0014_undo.sql", include_str!("../../migrations/0014_undo.sql")),
    ("0015_story_sums.sql", include_str!("../../migrations/0015_story_sums.sql")),
    ("0016_flagged_checks.sql", include_str!("../../migrations/0016_flagged_checks.sql")),
    ("0017_story_tally.sql", include_str!("../../migrations/0017_story_tally.sql")),
];

/// `$BATON_DATA_DIR`, else the OS app-data directory (`~/.local/share/app.baton.desktop`).
pub fn default_data_dir() -> Option<PathBuf> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => dirs::data_dir().map(|d| d.join(APP_ID)),
    }
}

pub struct Core {
    conn: Mutex<Connection>,
    path: Option<PathBuf>,
    /// This device's signing key, once needed (see [`super::signing`]).
    key: OnceLock<super::signing::DeviceKey>,
    /// Who is told how long work goes (see [`super::progress`]).
    progress: std::sync::RwLock<Option<super::progress::Listener>>,
}

/// This device's identity and where its sequence and clock stand (table `local_device`).
#[derive(Debug, Clone)]
pub struct LocalDevice {
    pub device_id: String,
    pub workspace_id: String,
    pub member_id: String,
    pub next_seq: i64,
    pub hlc: i64,
}

impl Core {
    /// Opens (creating if needed) the workspace database in `dir`.
    pub fn open_dir(dir: &Path) -> Result<Core> {
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::Io(std::io::Error::new(e.kind(), format!("cannot create data directory {}: {e}", dir.display())))
        })?;
        Core::open(&dir.join(DB_FILE))
    }

    pub fn open(path: &Path) -> Result<Core> {
        let conn = Connection::open(path)?;
        // Before anything touches the file: switching a new file to WAL takes a lock that a
        // second process opening it at the same moment must wait for, not fail on.
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // Measured on a 2M-op workspace (the apply bench that preceded `npm run bench`): SQLite's default 2 MB
        // page cache re-reads pages from disk all through a large sync, and checkpointing every
        // 1,000 pages copies each 10,000-op segment back into the file before the next one.
        conn.pragma_update(None, "cache_size", -65_536)?;
        conn.pragma_update(None, "wal_autocheckpoint", 10_000)?;
        Core::setup(conn, Some(path.to_path_buf()))
    }

    pub fn open_in_memory() -> Result<Core> {
        Core::setup(Connection::open_in_memory()?, None)
    }

    fn setup(mut conn: Connection, path: Option<PathBuf>) -> Result<Core> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Synced tables carry soft references only (SYNC.md): an op may arrive before its parent.
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        conn.set_prepared_statement_cache_capacity(128);
        // The query planner stability guarantee: a cached statement keeps its plan whatever
        // values are bound. Without it the bundled SQLite re-prepares a statement whose
        // `col = ?` terms could use statistics on every new binding, and the statement cache
        // saves nothing (measured: sync passes twice as slow at a 400k-op log).
        conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        super::keys::register(&conn)?;
        migrate(&mut conn)?;
        ensure_fields(&mut conn)?;
        Ok(Core { conn: Mutex::new(conn), path, key: OnceLock::new(), progress: std::sync::RwLock::new(None) })
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// This device's signing key: from the key file beside the database (created owner-only on
    /// first need), or, for a database in memory, one kept in memory while it is open.
    pub fn device_key(&self) -> Result<super::signing::DeviceKey> {
        if let Some(key) = self.key.get() {
            return Ok(key.clone());
        }
        let key = match self.path.as_deref().and_then(Path::parent) {
            Some(dir) => super::signing::DeviceKey::load_or_create(dir)?,
            None => super::signing::DeviceKey::generate()?,
        };
        Ok(self.key.get_or_init(|| key).clone())
    }

    /// Tells `reporter` how long work (a sync pass, a join) goes, once it has run `show_after`;
    /// `None` stops telling.
    pub fn set_progress_reporter(&self, reporter: Option<super::progress::Reporter>, show_after: std::time::Duration) {
        let listener = reporter.map(|reporter| super::progress::Listener { reporter, show_after });
        *self.progress.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = listener;
    }

    pub(crate) fn progress_listener(&self) -> Option<super::progress::Listener> {
        self.progress.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic elsewhere while holding the lock left no transaction open (rusqlite rolls back
        // on drop), so the connection is still sound.
        self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `f` with a read-only view (inside a deferred transaction for a consistent snapshot).
    pub fn read<R>(&self, f: impl FnOnce(&Connection) -> Result<R>) -> Result<R> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        let out = f(&tx)?;
        tx.finish()?;
        Ok(out)
    }

    /// Runs `f` in one immediate transaction; commits only if `f` succeeds.
    pub fn transact<R>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<R>) -> Result<R> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Runs a command as `author`: `f` validates and emits field ops, which are applied and
    /// committed together with this device's new sequence and clock — and, when it wrote any,
    /// as the newest step of the undo stack (clearing the redo stack), in the same transaction.
    pub fn write<R>(&self, author: &str, f: impl FnOnce(&mut Writer<'_>) -> Result<R>) -> Result<R> {
        self.write_as(author, true, f)
    }

    /// [`Core::write`], recording the command as an undo step or not (undo and redo themselves).
    pub fn write_as<R>(&self, author: &str, step: bool, f: impl FnOnce(&mut Writer<'_>) -> Result<R>) -> Result<R> {
        let key = self.device_key()?;
        self.transact(|tx| {
            let mut w = Writer::begin(tx, author, &key)?;
            let out = f(&mut w)?;
            let ops = w.finish()?;
            if let (true, Some(first), Some(last)) = (step, ops.first(), ops.last()) {
                record_step(tx, author, first.seq, last.seq)?;
            }
            Ok(out)
        })
    }

    /// Applies ops that came from another device, in one transaction.
    pub fn apply_remote(&self, ops: &[Op]) -> Result<super::Applied> {
        self.transact(|tx| Ok(super::receive(tx, ops, None)?.applied))
    }
}

/// How many undo steps a laptop keeps.
pub const UNDO_DEPTH: i64 = 100;

/// Pushes a command's ops (`first..=last` of this device) on the undo stack, clearing the redo
/// stack and keeping the newest [`UNDO_DEPTH`] steps.
fn record_step(tx: &Connection, author: &str, first: i64, last: i64) -> Result<()> {
    tx.execute("DELETE FROM undo_step WHERE undone = 1 AND member_id = ?1", [author])?;
    tx.execute(
        "INSERT INTO undo_step (member_id, first_seq, last_seq) VALUES (?1, ?2, ?3)",
        params![author, first, last],
    )?;
    tx.execute("DELETE FROM undo_step WHERE n <= (SELECT max(n) FROM undo_step) - ?1", [UNDO_DEPTH])?;
    Ok(())
}

impl LocalDevice {
    /// The seq this device's next op will get, read afresh (a pass may run after other writes).
    pub fn next_seq_now(&self, conn: &Connection) -> Result<i64> {
        Ok(conn.query_row("SELECT next_seq FROM local_device", [], |r| r.get(0))?)
    }
}

pub fn local_device(conn: &Connection) -> Result<Option<LocalDevice>> {
    Ok(conn
        .query_row("SELECT device_id, workspace_id, member_id, next_seq, hlc FROM local_device", [], |r| {
            Ok(LocalDevice {
                device_id: r.get(0)?,
                workspace_id: r.get(1)?,
                member_id: r.get(2)?,
                next_seq: r.get(3)?,
                hlc: r.get(4)?,
            })
        })
        .optional()?)
}

/// Collects the field ops of one command.
pub struct Writer<'t> {
    tx: &'t Transaction<'t>,
    device: LocalDevice,
    author: String,
    ops: Vec<Op>,
    /// This laptop's op ids are bound to its key (see [`super::signing::OpIds`]).
    ids: super::signing::OpIds,
}

impl<'t> Writer<'t> {
    pub fn begin(tx: &'t Transaction<'t>, author: &str, key: &super::signing::DeviceKey) -> Result<Writer<'t>> {
        let device = local_device(tx)?.ok_or(Error::NoWorkspace)?;
        // Bound to the key this laptop is enrolled with, which its ids must carry even while
        // its key file is missing (see `sync::folder::key_replaced`).
        let enrolled: Option<String> = tx
            .prepare_cached("SELECT public_key FROM device WHERE id = ?1 AND member_id IS NOT NULL")?
            .query_row([&device.device_id], |r| r.get(0))
            .optional()?;
        let ids = enrolled.as_deref().and_then(super::signing::OpIds::of_public).unwrap_or_else(|| key.op_ids());
        Ok(Writer { tx, device, author: author.to_owned(), ops: Vec::new(), ids })
    }

    /// The transaction, for the reads a command validates against.
    pub fn conn(&self) -> &Connection {
        self.tx
    }

    pub fn device(&self) -> &LocalDevice {
        &self.device
    }

    /// Emits one field op and applies it at once, so the command's later reads see it.
    pub fn set(&mut self, table: &str, entity_id: &str, field: &str, value: impl Into<Value>) -> Result<()> {
        let now = chrono::Utc::now().timestamp_millis();
        self.device.hlc = hlc::tick(self.device.hlc, now);
        let seq = self.device.next_seq;
        self.device.next_seq += 1;
        let op = Op {
            op_id: self.ids.mint()?,
            device_id: self.device.device_id.clone(),
            seq,
            hlc: self.device.hlc,
            author_id: self.author.clone(),
            table: table.to_owned(),
            entity_id: entity_id.to_owned(),
            field: field.to_owned(),
            value: value.into(),
        };
        let applied = super::apply(self.tx, std::slice::from_ref(&op))?;
        if applied.refused > 0 {
            let reason: String = self.tx.query_row(
                "SELECT reason FROM op_refused r JOIN op o ON o.n = r.op WHERE o.op_id = baton_op_key(?1)",
                [&op.op_id],
                |r| r.get(0),
            )?;
            return Err(Error::denied(reason));
        }
        if applied.won != 1 {
            // The clock is ahead of everything seen, so this cannot happen; if it ever did, the
            // user's edit would vanish silently, so refuse the whole command instead.
            return Err(Error::InvalidOp(format!("the edit of {table}.{field} would not take effect")));
        }
        self.ops.push(op);
        Ok(())
    }

    /// Persists this device's sequence and clock after the command's ops.
    pub(crate) fn finish(self) -> Result<Vec<Op>> {
        self.tx.execute(
            "UPDATE local_device SET next_seq = ?1, hlc = ?2",
            params![self.device.next_seq, self.device.hlc],
        )?;
        Ok(self.ops)
    }
}

/// A new UUIDv7 (time-ordered, minted on this device).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

fn migrate(conn: &mut Connection) -> Result<()> {
    let known = MIGRATIONS.len() as i64;
    let newer = |current: i64| {
        Error::Migration(format!(
            "this database was written by a newer Baton (schema {current}; this build knows {known}): update Baton"
        ))
    };
    let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if current > known {
        return Err(newer(current));
    }
    if current == known {
        return Ok(());
    }
    // The whole upgrade is one immediate transaction with the version read again inside it: a
    // second process opening the file at the same moment (the app and the CLI, a first start
    // or the first start after an update) waits for the upgrade, then finds it done — rather
    // than running the same migrations again and failing on what the first one created.
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let current: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if current > known {
        return Err(newer(current));
    }
    let mut rebuild = false;
    let mut compact = false;
    let mut conflicts = false;
    for (i, (name, sql)) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        tx.execute_batch(sql).map_err(|e| Error::Migration(format!("upgrading the database failed at {name}: {e}")))?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        // Ops logged before role checks existed are judged, as every replica judges them when
        // it receives them (tables rebuilt from the log in clock order) — once the log has
        // reached today's shape, which is the only one `rebuild` reads.
        rebuild |= *name == "0003_strategy.sql";
        // Workspace and member ops, accepted unjudged before, are judged from this one on.
        rebuild |= *name == "0008_judge.sql";
        compact |= *name == "0004_compact_log.sql" && current > 0;
        // Conflicts are derived from the log now: the old list is checked against the
        // definition (remote ops received before have no known vector: never listed).
        conflicts |= *name == "0007_conflicts.sql" && current > 0;
    }
    if rebuild {
        ensure_fields_in(&tx)?;
        super::rebuild(&tx)?;
    } else if conflicts {
        super::conflicts::recompute_all(&tx)?;
    }
    tx.commit()?;
    if compact {
        // The old log's pages are free but still in the file (at 2M ops: 1.4 GB, of which 380 MB
        // in use): give them back once, so an upgraded laptop gets the smaller file too.
        conn.execute_batch("VACUUM")
            .map_err(|e| Error::Migration(format!("compacting the upgraded database failed: {e}")))?;
    }
    Ok(())
}

/// Numbers every declared (table, field) in `field_name`, and gives each link field on a
/// rule's path its partial index on values (re-judging finds a product's items through it).
/// A no-op read once done; a build that declares a new field adds it on first open.
fn ensure_fields(conn: &mut Connection) -> Result<()> {
    let declared: usize = super::TABLES.iter().map(|t| t.fields.len()).sum();
    let (have, indexed): (i64, i64) = conn.query_row(
        "SELECT (SELECT count(*) FROM field_name),
                (SELECT count(*) FROM sqlite_schema WHERE type = 'index'
                 AND (name GLOB 'op_link_*' OR name GLOB 'op_role_*'))",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if have as usize >= declared && indexed as usize > link_fields().len() {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    ensure_fields_in(&tx)?;
    tx.commit()?;
    Ok(())
}

fn ensure_fields_in(conn: &Connection) -> Result<()> {
    for t in super::TABLES {
        for f in t.fields {
            conn.execute(
                "INSERT INTO field_name (entity_table, field) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                [t.name, f.name],
            )?;
        }
    }
    for (table, field) in link_fields() {
        let n: i64 =
            conn.query_row("SELECT n FROM field_name WHERE entity_table = ?1 AND field = ?2", [table, field], |r| {
                r.get(0)
            })?;
        // `n` is a number this file assigned; the literal lets SQLite use the partial index.
        conn.execute_batch(&format!("CREATE INDEX IF NOT EXISTS op_link_{n} ON op (value) WHERE field = {n}"))?;
    }
    // The role ops by clock: whether the workspace was still being founded before an op
    // (`judge`'s founding check) reads them alone, not the whole log.
    let n = role_field(conn)?;
    conn.execute_batch(&format!("CREATE INDEX IF NOT EXISTS op_role_{n} ON op (hlc) WHERE field = {n}"))?;
    Ok(())
}

/// This file's number for `member.role` (every declared field is numbered on open).
pub(crate) fn role_field(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT n FROM field_name WHERE entity_table = 'member' AND field = 'role'")?
        .query_row([], |r| r.get(0))?)
}

/// Every (table, link field) on a rule's path.
pub(crate) fn link_fields() -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    for spec in super::TABLES {
        for rule in spec.rule.holds() {
            let crate::access::Rule::Holds { path, .. } = rule else { continue };
            let mut at = spec.name;
            for link in *path {
                if !out.contains(&(at, link.field)) {
                    out.push((at, link.field));
                }
                at = link.to;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_from_a_newer_baton_is_refused_not_damaged() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join(DB_FILE);
        drop(Core::open(&path)?);
        let conn = Connection::open(&path)?;
        conn.pragma_update(None, "user_version", 99)?;
        drop(conn);
        let err = Core::open(&path).err();
        assert_eq!(err.as_ref().map(Error::code), Some(crate::ErrorCode::Migration));
        let err = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("newer Baton (schema 99"), "{err}");
        Ok(())
    }

    #[test]
    fn reopening_keeps_the_clock_and_sequence() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let core = Core::open_dir(dir.path())?;
        crate::workspace::init(&core, "Acme", "Sam", crate::workspace::Role::Senior)?;
        let before = core.read(local_device)?.ok_or(Error::NoWorkspace)?;
        drop(core);
        let core = Core::open_dir(dir.path())?;
        let me = crate::workspace::me(&core)?;
        crate::goals::create(&core, &me, "Grow", "", "")?;
        let after = core.read(local_device)?.ok_or(Error::NoWorkspace)?;
        assert!(after.hlc > before.hlc, "clock ran backwards: {} -> {}", before.hlc, after.hlc);
        assert_eq!(after.next_seq, before.next_seq + 3, "goal create writes title, description and measure");
        Ok(())
    }
}
