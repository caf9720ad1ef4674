//! The core's cross-module tests: the write path, role checks, convergence, migrations and
//! folder sync, through the crate's own modules (feature modules are crate-private).
//! `tests/` beside `src/` keeps only what needs the public API alone (bindings, layering).

mod authority;
mod bad_ops;
mod clocks;
mod conflicts;
mod convergence;
mod delegation;
mod delegation_matrix;
mod execution;
mod execution_matrix;
mod ideas;
mod ideas_matrix;
mod matrix;
mod people;
mod permissions;
mod review_invalidation;
mod schema;
mod search;
mod sync_bad_files;
mod sync_convergence;
mod sync_folder;
mod sync_recovery;
mod sync_trust;
mod undo;
