//! `npm run bench`: prints every performance target of the product, measured on a generated
//! workspace, next to a raw-SQLite baseline, the ratio, the target and whether it is met.
//!
//! ```text
//! baton-bench [--scale small|large] [--seed N] [--decade] [--json] [--regenerate] [--cache DIR]
//! ```
//!
//! `--decade` adds the 20M-op case (long the first time: the padded log is cached).
//! `--regenerate` builds the workspace anew when the cached one was made by an earlier version
//! of the generator (used as it is otherwise, with a note). `--json`
//! prints the report as JSON instead of the table. Exits 1 when a result check fails (a figure
//! measured on wrong results means nothing), 2 on bad arguments; a missed target is reported,
//! not an error.

use std::path::PathBuf;
use std::process::ExitCode;

use baton_dev::bench::{self, Options};
use baton_dev::seed::Scale;

const USAGE: &str =
    "usage: baton-bench [--scale small|large] [--seed N] [--decade] [--json] [--regenerate] [--cache DIR]";

fn parse() -> Result<(Options, bool), String> {
    let default_cache = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/baton-bench");
    let cache = std::env::var_os("CARGO_TARGET_DIR").map_or(default_cache, |t| PathBuf::from(t).join("baton-bench"));
    let mut opts = Options::new(Scale::Large, 1, cache);
    opts.verbose = true;
    let mut json = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--scale" => {
                opts.scale = match value("--scale")?.as_str() {
                    "small" => Scale::Small,
                    "large" => Scale::Large,
                    other => return Err(format!("unknown scale {other:?}: small or large\n{USAGE}")),
                }
            }
            "--seed" => opts.seed = value("--seed")?.parse().map_err(|e| format!("--seed: {e}\n{USAGE}"))?,
            "--cache" => opts.cache_root = PathBuf::from(value("--cache")?),
            "--decade" => opts.decade = true,
            "--regenerate" => opts.regenerate = true,
            "--json" => json = true,
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    Ok((opts, json))
}

fn main() -> ExitCode {
    let (opts, json) = match parse() {
        Ok(x) => x,
        Err(msg) => {
            eprintln!("{msg}");
            return ExitCode::from(2);
        }
    };
    let report = match bench::run(&opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("baton-bench: {e}");
            return ExitCode::FAILURE;
        }
    };
    if json {
        match serde_json::to_string_pretty(&report) {
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("baton-bench: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print!("{}", report.render());
    }
    if report.failed_checks().is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
