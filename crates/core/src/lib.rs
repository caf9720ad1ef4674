//! Baton's core: the domain (workspace, people, goals, products, roadmaps, delegation, ideas),
//! its storage in one SQLite file, and the field-operation log every change goes through.
//!
//! Nothing here knows about Tauri or the terminal: the desktop shell (`src-tauri`) and the
//! `baton` CLI are thin adapters over [`api`], which is the one list of commands.
//!
//! Layers, lowest first; a module imports only from its own layer or those below
//! (`tests/layers.rs` fails otherwise):
//! 1. [`error`], [`access`] — roles, actions, per-table rules and the judge (reads no store);
//! 2. [`registry`] and each feature's `tables.rs` — the declarations of the synced tables;
//! 3. [`oplog`] — ops, clocks, the store, `apply`/`receive`/`rebuild`/`dump`, the judge's facts;
//! 4. feature modules — `workspace`, `goals`, `products`, `roadmap`, `delegation`, `ideas`
//!    (crate-private);
//! 5. [`history`] — field history, restore, conflicts; `search` — search everything;
//! 6. [`sync`] — transports (the folder);
//! 7. [`api`] (and `sample`, `lookup`'s callers) — what the shells call.

pub mod access;
pub mod api;
pub mod error;
pub mod history;
pub mod oplog;
pub mod registry;
pub mod sync;

pub(crate) mod delegation;
pub(crate) mod execution;
pub(crate) mod goals;
pub(crate) mod ideas;
pub(crate) mod lookup;
pub(crate) mod products;
pub(crate) mod roadmap;
pub(crate) mod sample;
pub(crate) mod search;
pub(crate) mod undo;
pub(crate) mod workspace;

#[cfg(test)]
mod tests;

pub use error::{ApiError, Error, ErrorCode, Result};
pub use oplog::Core;
