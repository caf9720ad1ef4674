//! `npm run bench`: every performance target of the product, measured on a generated workspace
//! of organisation scale, each next to a raw-SQLite baseline run in the same process on the
//! same database file.
//!
//! The workspace comes from [`crate::seed::generate`] and is cached under
//! `target/baton-bench/<scale>-seed<N>-gen<V>-schema<M>/` (see [`cache`]), together with the
//! ops a peer laptop made through the api and published to the sync folder ([`peer`]); a
//! second run starts measuring at once. Every measure that writes works on its own copy of the
//! main laptop's database, so measures never disturb each other.
//!
//! What is measured, and against what (each module says more):
//! - [`apply`]: receiving the peer's ops — `oplog::receive`, one transaction per segment file,
//!   as a sync pass does — against a raw insert of the same rows into a fresh table; the whole
//!   sync pass beside it; the same receive again on a log padded to ten times its size
//!   ([`decade`], `--decade`);
//! - [`writes`]: one local edit through `api::dispatch`, against a raw UPDATE + INSERT;
//! - [`rebuild`]: every table replayed from the log, against reading the log in clock order and
//!   inserting the final rows;
//! - [`reads`]: the commands the Roadmap, Alignment and History views call, against the raw
//!   SELECT returning the same rows;
//! - [`delegation`]: the junior's inbox, the senior's board and a delegated item with 200
//!   stories (at large scale), against the raw SELECTs returning the rows they are computed from;
//! - [`execution`]: the organisation's progress roll-up (100,000 stories at large scale) and the
//!   busiest open sprint's board, against the raw SELECTs returning the rows they are computed
//!   from;
//! - [`ideas`]: leadership's queue of ideas awaiting a decision (5,000 ideas, 50,000 feedback
//!   entries at large scale) and a text search of the decision log (FTS5), against the raw
//!   SELECTs returning the same rows;
//! - [`search`]: the palette's search everything (a rare word, the most common word, two
//!   letters), against the raw ranked FTS5 statement over the same index;
//! - [`size`]: bytes per logged op, broken down per table and index (`dbstat`).
//!
//! Every measure also checks its results (the received data equals the peer's, the read
//! returns the baseline's rows, a rebuild changes nothing, …): [`Report::checks`]. The
//! debug-build smoke test (`tests/bench_smoke.rs`) runs everything at [`Scale::Small`] and
//! asserts those, never times.
//!
//! Raw SQL over the core's internal tables (`oplog`, `field_clock`) lives in [`baseline`] only.

pub mod baseline;

mod apply;
mod cache;
mod decade;
mod delegation;
mod execution;
mod ideas;
mod peer;
mod raw;
mod reads;
mod rebuild;
mod report;
mod search;
mod size;
mod stats;
mod writes;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::seed::Scale;

pub use report::{Check, Row};

/// Anything that stopped the bench, in words.
#[derive(Debug)]
pub struct Error(String);

impl Error {
    pub fn new(msg: impl Into<String>) -> Error {
        Error(msg.into())
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

macro_rules! from_error {
    ($($t:ty),*) => {$(
        impl From<$t> for Error {
            fn from(e: $t) -> Error {
                Error(e.to_string())
            }
        }
    )*};
}
from_error!(baton_core::Error, baton_core::ApiError, rusqlite::Error, std::io::Error, serde_json::Error);

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Adds what was being done to an error.
pub(crate) trait Context<T> {
    fn context(self, what: impl FnOnce() -> String) -> Result<T>;
}

impl<T, E: std::fmt::Display> Context<T> for std::result::Result<T, E> {
    fn context(self, what: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|e| Error(format!("{}: {e}", what())))
    }
}

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    pub scale: Scale,
    pub seed: u64,
    /// Also pad a copy of the workspace to ten times its log and apply the received ops again
    /// (the "decade of a large org" case; long the first time, cached after).
    pub decade: bool,
    /// Where generated workspaces are cached (`target/baton-bench` by default).
    pub cache_root: PathBuf,
    /// Generate the workspace anew even if one built by another version of the generator is
    /// cached (by default that one is used, and the report says so).
    pub regenerate: bool,
    /// Progress lines on stderr.
    pub verbose: bool,
}

impl Options {
    pub fn new(scale: Scale, seed: u64, cache_root: PathBuf) -> Options {
        Options { scale, seed, decade: false, cache_root, regenerate: false, verbose: false }
    }
}

/// How much each measure does at a scale.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Ops the peer laptop makes through the api and the main laptop receives.
    pub received_ops: usize,
    /// Single local edits timed.
    pub local_writes: usize,
    /// Each read is repeated until this many runs or [`Plan::read_budget`], whichever first
    /// (at least [`Plan::read_min_runs`]).
    pub read_max_runs: usize,
    pub read_min_runs: usize,
    pub read_budget: Duration,
    /// The padded log of the decade case holds this many times the workspace's ops.
    pub decade_factor: u64,
}

impl Plan {
    pub fn of(scale: Scale) -> Plan {
        match scale {
            Scale::Large => Plan {
                received_ops: 100_000,
                local_writes: 1_000,
                read_max_runs: 200,
                read_min_runs: 3,
                read_budget: Duration::from_secs(4),
                decade_factor: 10,
            },
            Scale::Small => Plan {
                received_ops: 600,
                local_writes: 40,
                read_max_runs: 5,
                read_min_runs: 2,
                read_budget: Duration::from_millis(200),
                // Enough to run the padding and the second receive; the ratio means nothing here.
                decade_factor: 2,
            },
        }
    }
}

/// Everything a run measured and checked.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub scale: String,
    pub seed: u64,
    /// Ops in the main laptop's log before the measures.
    pub ops: u64,
    /// One line per measure: figure, baseline, ratio, target, met.
    pub rows: Vec<Row>,
    /// What each measure verified about its results.
    pub checks: Vec<Check>,
    /// What the figures are about (which product, which item, what dominates the size, …).
    pub notes: Vec<String>,
    /// Preparation steps (generating, the peer's edits, padding) and whether they came from the
    /// cache, with seconds.
    pub setup: Vec<Step>,
    /// The whole run, seconds.
    pub elapsed_s: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub name: String,
    /// Seconds this run spent on it.
    pub seconds: f64,
    /// Taken from the cache (then `built_seconds` is what building it took back then).
    pub cached: bool,
    pub built_seconds: f64,
}

impl Report {
    /// The checks that failed.
    pub fn failed_checks(&self) -> Vec<&Check> {
        self.checks.iter().filter(|c| !c.ok).collect()
    }

    pub(crate) fn check(&mut self, name: &str, ok: bool, detail: impl Into<String>) {
        self.checks.push(Check { name: name.to_owned(), ok, detail: detail.into() });
    }

    pub(crate) fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }

    /// The aligned table, the notes and the checks, as `npm run bench` prints them.
    pub fn render(&self) -> String {
        report::render(self)
    }
}

/// What the measures share: the cached workspace and the peer's published ops.
pub(crate) struct Ctx {
    pub(crate) opts: Options,
    pub(crate) plan: Plan,
    pub(crate) cache: cache::Cache,
    pub(crate) generated: crate::seed::Generated,
    pub(crate) received: peer::Received,
}

impl Ctx {
    pub(crate) fn say(&self, msg: impl AsRef<str>) {
        say(&self.opts, msg);
    }
}

pub(crate) fn say(opts: &Options, msg: impl AsRef<str>) {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    let secs = START.get_or_init(Instant::now).elapsed().as_secs_f64();
    if opts.verbose {
        eprintln!("bench [{secs:7.1} s] {}", msg.as_ref());
    }
}

/// Runs every measure (the decade case only with [`Options::decade`]).
pub fn run(opts: &Options) -> Result<Report> {
    let started = Instant::now();
    say(opts, format!("{:?} workspace, seed {}", opts.scale, opts.seed));
    let plan = Plan::of(opts.scale);
    let mut report = Report {
        scale: format!("{:?}", opts.scale).to_lowercase(),
        seed: opts.seed,
        ops: 0,
        rows: Vec::new(),
        checks: Vec::new(),
        notes: Vec::new(),
        setup: Vec::new(),
        elapsed_s: 0.0,
    };
    let load_before = load_average();
    let cache = cache::Cache::new(opts)?;
    let (generated, step) = cache.generated(opts)?;
    report.setup.push(step);
    if let Some(v) = &cache.older_generator {
        report.note(format!(
            "workspace: generated by an earlier version of the generator (gen{v}; this build's is gen{}); \
             --regenerate builds it with this one",
            cache::generator_version()
        ));
    }
    // Only when the upgraded workspace was measured (not generated again after all).
    if let (Some(schema), true) = (cache.upgraded_from, report.setup.last().is_some_and(|s| s.cached)) {
        report.note(format!(
            "workspace: generated at schema {schema} (migrations), upgraded to {} by opening it as a user's laptop \
             would be; --regenerate builds it at this schema",
            baton_core::oplog::store::MIGRATIONS.len()
        ));
    }
    let (received, step) = peer::prepare(opts, &plan, &cache, &generated)?;
    report.setup.push(step);
    let ctx = Ctx { opts: opts.clone(), plan, cache, generated, received };
    ctx.cache.reset_work()?;
    report.ops = size::op_count(&ctx)?;
    say(opts, format!("main laptop's log: {} ops", report.ops));

    let applied = apply::measure(&ctx, &mut report)?;
    if opts.decade {
        decade::measure(&ctx, &applied, &mut report)?;
    } else {
        report.rows.push(decade::not_run(&ctx));
    }
    writes::measure(&ctx, &mut report)?;
    rebuild::measure(&ctx, &mut report)?;
    reads::measure(&ctx, &mut report)?;
    delegation::measure(&ctx, &mut report)?;
    execution::measure(&ctx, &mut report)?;
    ideas::measure(&ctx, &mut report)?;
    search::measure(&ctx, &mut report)?;
    size::measure(&ctx, &applied, &mut report)?;
    ctx.cache.reset_work()?;
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    report.note(format!(
        "machine: {cores} cores; load average {} before the setup, {} after the measures (other work on the \
         machine shows in the p99s)",
        load_before,
        load_average()
    ));
    report.rows.sort_by_key(|r| report::ORDER.iter().position(|k| *k == r.key).unwrap_or(usize::MAX));
    report.elapsed_s = started.elapsed().as_secs_f64();
    Ok(report)
}

/// The 1-minute load average (Linux), or "unknown".
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".into())
}
