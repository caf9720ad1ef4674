//! The workspace generator (skeleton: being written).

use std::path::{Path, PathBuf};

/// How big a workspace to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Seconds to build in a debug build: for tests and the CI smoke run.
    Small,
    /// PRODUCT.md's organisation: about 2,000,000 logged ops.
    Large,
}

/// What [`generate`] built.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The data directory of the laptop that ends with every device's ops applied.
    pub main_dir: PathBuf,
    /// Every device's data directory, `main_dir` first.
    pub device_dirs: Vec<PathBuf>,
    /// The sync folder holding every device's segments.
    pub folder: PathBuf,
    /// Ops in `main_dir`'s log.
    pub ops: u64,
}

/// Builds a workspace of `scale` under `out` (`out/devices/<name>/`, `out/folder/`),
/// deterministically from `seed`.
pub fn generate(out: &Path, scale: Scale, seed: u64) -> baton_core::Result<Generated> {
    let _ = (out, scale, seed);
    Err(baton_core::Error::InvalidOp("the generator is not written yet".into()))
}
