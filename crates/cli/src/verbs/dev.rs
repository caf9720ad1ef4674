//! `baton dev seed`: developer tooling, not a command of the core's list (so not in the
//! parity check: see `tests/parity.rs`). It builds a generated workspace (`baton_dev::seed`)
//! into this data directory, which must not hold a workspace yet; the other simulated laptops
//! live in a temporary directory beside it, removed afterwards; the sync folder they shared is
//! kept (by default `<data dir>-sync`, beside it), so this laptop's Sync page shows them.

use std::path::{Path, PathBuf};
use std::time::Instant;

use baton_core::api;
use baton_core::{ApiError, Error, ErrorCode};
use baton_dev::seed::{generate_with, Counts, Options, Scale};
use serde::Serialize;

use super::{CliResult, Ctx};
use crate::args::DevVerb;

pub(crate) fn run(cx: &Ctx, verb: DevVerb) -> CliResult {
    match verb {
        DevVerb::Seed { scale, seed, folder } => build(cx, scale, seed, folder),
    }
}

/// What `dev seed` built, for `--json` and the summary.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Seeded {
    scale: &'static str,
    seed: u64,
    data_dir: PathBuf,
    folder: PathBuf,
    ops: u64,
    seconds: f64,
    #[serde(flatten)]
    counts: Counts,
}

fn build(cx: &Ctx, scale: Scale, seed: u64, folder: Option<PathBuf>) -> CliResult {
    let data_dir = cx
        .core
        .path()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .ok_or_else(|| Error::invalid("the workspace is not in a data directory"))?;
    if api::device_id(&cx.core)?.is_some() {
        return Err(ApiError {
            code: ErrorCode::AlreadyExists,
            message: format!(
                "{} already holds a workspace; nothing was changed. dev seed builds into an empty data \
                 directory: pass --data-dir or set BATON_DATA_DIR",
                data_dir.display()
            ),
        });
    }
    let folder = folder.unwrap_or_else(|| beside(&data_dir, "-sync"));
    let parent = data_dir.parent().unwrap_or(&data_dir);
    let peers = tempfile::Builder::new().prefix(".baton-seed-laptops-").tempdir_in(parent).map_err(|e| {
        Error::Io(std::io::Error::new(e.kind(), format!("cannot make a temp directory in {}: {e}", parent.display())))
    })?;
    let progress = |line: &str| eprintln!("baton dev seed: {line}");
    let mut opts = Options::new(peers.path(), scale, seed);
    opts.main_dir = Some(data_dir.clone());
    opts.devices_dir = peers.path().to_path_buf();
    opts.folder = folder.clone();
    opts.progress = Some(&progress);
    eprintln!(
        "baton dev seed: building a {} workspace (seed {seed}) in {}, laptops syncing through {}",
        scale.as_str(),
        data_dir.display(),
        folder.display()
    );
    let started = Instant::now();
    let generated = generate_with(&opts)?;
    let seconds = started.elapsed().as_secs_f64();
    let counts = Counts::of(&api::open_dir(&generated.main_dir)?)?;
    drop(peers);
    let out = Seeded { scale: scale.as_str(), seed, data_dir, folder, ops: generated.ops, seconds, counts };
    cx.out(&out, summary)
}

/// `dir` with `suffix` added to its name, in the same parent: `…/app.baton.desktop-sync`.
fn beside(dir: &Path, suffix: &str) -> PathBuf {
    let mut name = dir.file_name().map(|n| n.to_os_string()).unwrap_or_else(|| "baton".into());
    name.push(suffix);
    dir.with_file_name(name)
}

fn summary(s: &Seeded) -> String {
    let c = &s.counts;
    [
        format!("built a {} workspace (seed {}) in {:.1} s: {} changes in the log", s.scale, s.seed, s.seconds, s.ops),
        format!("  {} members, {} goals, {} product families, {} products", c.members, c.goals, c.families, c.products),
        format!(
            "  items: {} five-year, {} three-year, {} one-year; {} snapshots",
            c.five_year, c.three_year, c.one_year, c.snapshots
        ),
        format!(
            "  delegations: {} ({} open), {} stories, {} comments",
            c.delegations, c.open_delegations, c.stories, c.comments
        ),
        format!("  data directory: {}", s.data_dir.display()),
        format!("  sync folder (the other laptops' changes): {}", s.folder.display()),
    ]
    .join("\n")
}
