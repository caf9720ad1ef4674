//! The cache of generated workspaces, and copies of databases for the measures that write.
//!
//! ```text
//! <root>/<scale>-seed<N>-gen<V>-schema<M>/
//!   gen/ gen.json           the generated workspace (devices/, folder/) and what it holds
//!   received-v<R>/          the peer's new segment files and its database after the edits
//!   decade-v<D>/            the main laptop's database padded to ten times its log
//!   work/                   copies the measures write to (emptied before and after a run)
//! ```
//!
//! A directory counts only once its marker file (`gen.json`, `received.json`, `decade.json`)
//! is written, last: an interrupted build is thrown away and made again. The key names the
//! generator's version and the schema (number of migrations), so a change of either builds a
//! fresh workspace instead of measuring a stale one.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use baton_core::oplog::store::{DB_FILE, MIGRATIONS};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{say, Context as _, Error, Options, Result, Step};
use crate::seed::{Generated, Scale};

/// The generator's version: a hash of its source, so any change to it builds a fresh
/// workspace instead of measuring one it would no longer make (a comment edit too: cheap
/// insurance next to measuring a stale workspace).
pub(crate) fn generator_version() -> String {
    const SOURCES: &[&str] = &[
        include_str!("../seed.rs"),
        include_str!("../seed/text.rs"),
        include_str!("../seed/delegation.rs"),
        include_str!("../seed/execution.rs"),
        include_str!("../seed/ideas.rs"),
    ];
    // FNV-1a, 32 bits: stable across Rust versions, unlike `DefaultHasher`.
    let mut h: u32 = 0x811c_9dc5;
    for b in SOURCES.iter().flat_map(|s| s.bytes()) {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    format!("{h:08x}")
}

pub(crate) struct Cache {
    pub(crate) dir: PathBuf,
    /// Set when the cached workspace was built by another version of the generator (named):
    /// it is used all the same unless `--regenerate` (a valid workspace of the scale is worth
    /// more than forty minutes of generating after each edit of the generator).
    pub(crate) older_generator: Option<String>,
    /// Set when the cached workspace was generated at an older schema (its number of
    /// migrations) and upgraded by opening it.
    pub(crate) upgraded_from: Option<usize>,
    /// The other versions' directories, removed when this one is generated.
    siblings: Vec<PathBuf>,
}

#[derive(Serialize, Deserialize)]
struct GenMarker {
    main_dir: PathBuf,
    device_dirs: Vec<PathBuf>,
    folder: PathBuf,
    ops: u64,
    #[serde(default)]
    delegation_ops: u64,
    #[serde(default)]
    execution_ops: u64,
    #[serde(default)]
    ideas_ops: u64,
    seconds: f64,
}

impl Cache {
    pub(crate) fn new(opts: &Options) -> Result<Cache> {
        let scale = match opts.scale {
            Scale::Small => "small",
            Scale::Large => "large",
        };
        let (prefix, suffix) = (format!("{scale}-seed{}-gen", opts.seed), format!("-schema{}", MIGRATIONS.len()));
        let version = generator_version();
        let dir = opts.cache_root.join(format!("{prefix}{version}{suffix}"));
        // Other generator versions and schemas of the same scale and seed, oldest first.
        let mut others: Vec<(std::time::SystemTime, Option<String>, PathBuf)> = Vec::new();
        if let Ok(entries) = fs::read_dir(&opts.cache_root) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let Some(rest) = name.strip_prefix(&prefix) else { continue };
                if rest == format!("{version}{suffix}") {
                    continue;
                }
                let built = fs::metadata(e.path().join("gen.json")).and_then(|m| m.modified()).ok();
                // Another schema's workspace is of no use to this build (and would be migrated
                // by opening it): only removed, when this one is generated.
                let usable = rest.strip_suffix(&suffix).map(str::to_owned).filter(|_| built.is_some());
                others.push((built.unwrap_or(std::time::UNIX_EPOCH), usable, e.path()));
            }
        }
        others.sort();
        // A workspace of this generator at an older schema is upgraded, as a user's would be:
        // moved under this schema's key and opened (which runs the new migrations), instead of
        // forty minutes of generating for an index or a derived table.
        let older_schema = others.iter().rev().find_map(|(built, _, p)| {
            let name = p.file_name()?.to_string_lossy().into_owned();
            let schema: usize = name.strip_prefix(&format!("{prefix}{version}-schema"))?.parse().ok()?;
            (schema < MIGRATIONS.len() && *built != std::time::UNIX_EPOCH).then(|| (schema, p.clone()))
        });
        if let (false, false, Some((schema, path))) = (opts.regenerate, dir.join("gen.json").is_file(), older_schema) {
            say(
                opts,
                format!("upgrading the workspace of schema {schema} to {}: {}", MIGRATIONS.len(), path.display()),
            );
            fs::rename(&path, &dir).context(|| format!("moving {} to {}", path.display(), dir.display()))?;
            relocate_markers(&path, &dir)?;
            let upgraded = Some(schema);
            let siblings = others.into_iter().map(|(_, _, p)| p).filter(|p| *p != path).collect();
            return Ok(Cache { dir, older_generator: None, upgraded_from: upgraded, siblings });
        }
        let usable = others.iter().rev().find_map(|(_, v, p)| v.as_ref().map(|v| (v, p)));
        if let (false, false, Some((v, path))) = (opts.regenerate, dir.join("gen.json").is_file(), usable) {
            return Ok(Cache {
                dir: path.clone(),
                older_generator: Some(v.clone()),
                upgraded_from: None,
                siblings: Vec::new(),
            });
        }
        fs::create_dir_all(&dir).context(|| format!("creating the bench cache {}", dir.display()))?;
        Ok(Cache {
            dir,
            older_generator: None,
            upgraded_from: None,
            siblings: others.into_iter().map(|(_, _, p)| p).collect(),
        })
    }

    /// Scratch space for the measures' copies.
    pub(crate) fn work(&self, name: &str) -> PathBuf {
        self.dir.join("work").join(name)
    }

    pub(crate) fn reset_work(&self) -> Result<()> {
        remove_dir(&self.dir.join("work"))?;
        fs::create_dir_all(self.dir.join("work"))?;
        Ok(())
    }

    /// The generated workspace: from the cache, or generated now.
    pub(crate) fn generated(&self, opts: &Options) -> Result<(Generated, Step)> {
        let started = Instant::now();
        let marker = self.dir.join("gen.json");
        let out = self.dir.join("gen");
        if let Some(m) = read_marker::<GenMarker>(&marker) {
            if db_file(&m.main_dir).is_file() {
                say(opts, format!("workspace from the cache: {}", out.display()));
                if self.upgraded_from.is_some() {
                    // Every laptop's database runs the new migrations once, here, not in a timing.
                    for dir in m.device_dirs.iter().chain([&m.main_dir]) {
                        baton_core::Core::open(&db_file(dir)).context(|| format!("upgrading {}", dir.display()))?;
                        checkpoint(&db_file(dir))?;
                    }
                }
                let g = Generated {
                    main_dir: m.main_dir,
                    device_dirs: m.device_dirs,
                    folder: m.folder,
                    ops: m.ops,
                    delegation_ops: m.delegation_ops,
                    execution_ops: m.execution_ops,
                    ideas_ops: m.ideas_ops,
                };
                let step = Step {
                    name: "generate the workspace".into(),
                    seconds: started.elapsed().as_secs_f64(),
                    cached: true,
                    built_seconds: m.seconds,
                };
                return Ok((g, step));
            }
        }
        // A new workspace: whatever was derived from an earlier one goes too, and so do the
        // workspaces of other generator versions and schemas (gigabytes each at large scale).
        remove_dir(&self.dir)?;
        for old in &self.siblings {
            say(opts, format!("removing the workspace of another generator or schema: {}", old.display()));
            remove_dir(old)?;
        }
        fs::create_dir_all(&self.dir)?;
        say(opts, format!("generating the {:?} workspace (seed {}) in {}", opts.scale, opts.seed, out.display()));
        let progress = |line: &str| say(opts, format!("  seed: {line}"));
        let mut seed_opts = crate::seed::Options::new(&out, opts.scale, opts.seed);
        seed_opts.progress = Some(&progress);
        let g = crate::seed::generate_with(&seed_opts)?;
        for dir in &g.device_dirs {
            checkpoint(&db_file(dir))?;
        }
        let seconds = started.elapsed().as_secs_f64();
        say(opts, format!("generated {} ops in {seconds:.1} s", g.ops));
        write_marker(
            &marker,
            &GenMarker {
                main_dir: g.main_dir.clone(),
                device_dirs: g.device_dirs.clone(),
                folder: g.folder.clone(),
                ops: g.ops,
                delegation_ops: g.delegation_ops,
                execution_ops: g.execution_ops,
                ideas_ops: g.ideas_ops,
                seconds,
            },
        )?;
        Ok((g, Step { name: "generate the workspace".into(), seconds, cached: false, built_seconds: seconds }))
    }
}

/// The markers name the directories they describe by their full path: after moving a cache
/// directory from `from` to `to`, those paths are moved along (else the workspace would look
/// absent and be generated again over the moved one).
fn relocate_markers(from: &Path, to: &Path) -> Result<()> {
    let (from, to) = (from.to_string_lossy().into_owned(), to.to_string_lossy().into_owned());
    // The paths as they appear inside JSON strings.
    let quoted = |p: &str| serde_json::to_string(p).map(|q| q.trim_matches('"').to_owned());
    let (old, new) = (quoted(&from)?, quoted(&to)?);
    let mut markers = vec![PathBuf::from(&to).join("gen.json")];
    for entry in fs::read_dir(&to)?.flatten() {
        for name in ["received.json", "decade.json"] {
            markers.push(entry.path().join(name));
        }
    }
    for marker in markers.into_iter().filter(|m| m.is_file()) {
        let text = fs::read_to_string(&marker)?;
        fs::write(&marker, text.replace(&old, &new))?;
    }
    Ok(())
}

/// The database file of a data directory.
pub(crate) fn db_file(data_dir: &Path) -> PathBuf {
    data_dir.join(DB_FILE)
}

/// Writes everything the WAL holds back into the database file and empties the WAL, so the
/// file alone is the whole database.
pub(crate) fn checkpoint(db: &Path) -> Result<()> {
    let conn = rusqlite::Connection::open(db).context(|| format!("opening {}", db.display()))?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get::<_, i64>(0))
        .context(|| format!("checkpointing {}", db.display()))?;
    Ok(())
}

/// Copies a data directory's database into a fresh data directory `to` (checkpointed first,
/// flushed to disk after, so the copy's writeback does not land in a timing).
pub(crate) fn copy_db(from_dir: &Path, to_dir: &Path) -> Result<()> {
    let from = db_file(from_dir);
    checkpoint(&from)?;
    remove_dir(to_dir)?;
    fs::create_dir_all(to_dir)?;
    let to = db_file(to_dir);
    fs::copy(&from, &to).context(|| format!("copying {} to {}", from.display(), to.display()))?;
    fs::File::open(&to)?.sync_all()?;
    // The laptop's signing key belongs with its database: without it the copy could not
    // publish (see `sync::folder`, a lost key file).
    let key = from_dir.join(baton_core::oplog::signing::KEY_FILE);
    if key.is_file() {
        fs::copy(&key, to_dir.join(baton_core::oplog::signing::KEY_FILE))
            .context(|| format!("copying {}", key.display()))?;
    }
    Ok(())
}

/// Recreates the tree `from` at `to` with hard links to its files (a copy where links are not
/// possible). Baton replaces files by renaming, never rewrites one in place, so writing in the
/// linked tree never changes the original.
pub(crate) fn link_tree(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from).context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type()?;
        if kind.is_dir() {
            link_tree(&src, &dst)?;
        } else if kind.is_file() && fs::hard_link(&src, &dst).is_err() {
            fs::copy(&src, &dst).context(|| format!("copying {}", src.display()))?;
        }
    }
    Ok(())
}

pub(crate) fn remove_dir(dir: &Path) -> Result<()> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(Error::new(format!("removing {}: {e}", dir.display())))
        }
        _ => Ok(()),
    }
}

pub(crate) fn read_marker<T: DeserializeOwned>(path: &Path) -> Option<T> {
    serde_json::from_slice(&fs::read(path).ok()?).ok()
}

pub(crate) fn write_marker<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let tmp = path.with_extension("tmp");
    fs::write(&tmp, serde_json::to_vec_pretty(value)?)?;
    fs::rename(&tmp, path)?;
    Ok(())
}

/// Bytes of a file (0 when missing).
pub(crate) fn file_len(path: &Path) -> u64 {
    fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_moved_cache_directory_takes_its_markers_paths_along() {
        let root = tempfile::tempdir().unwrap();
        let (from, to) = (root.path().join("large-seed1-genx-schema16"), root.path().join("large-seed1-genx-schema17"));
        fs::create_dir_all(from.join("received-v3")).unwrap();
        let marker = GenMarker {
            main_dir: from.join("gen/devices/ben"),
            device_dirs: vec![from.join("gen/devices/ben"), from.join("gen/devices/ana")],
            folder: from.join("gen/folder"),
            ops: 7,
            delegation_ops: 0,
            execution_ops: 0,
            ideas_ops: 0,
            seconds: 1.0,
        };
        write_marker(&from.join("gen.json"), &marker).unwrap();
        fs::write(from.join("received-v3/received.json"), format!("{{\"dir\":{:?}}}", from.join("received-v3")))
            .unwrap();
        fs::rename(&from, &to).unwrap();
        relocate_markers(&from, &to).unwrap();
        let moved: GenMarker = read_marker(&to.join("gen.json")).unwrap();
        assert_eq!(moved.main_dir, to.join("gen/devices/ben"));
        assert_eq!(moved.device_dirs, vec![to.join("gen/devices/ben"), to.join("gen/devices/ana")]);
        assert_eq!(moved.folder, to.join("gen/folder"));
        let received = fs::read_to_string(to.join("received-v3/received.json")).unwrap();
        assert_eq!(received, format!("{{\"dir\":{:?}}}", to.join("received-v3")));
    }
}
