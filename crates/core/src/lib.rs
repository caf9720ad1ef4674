//! Baton's core: the domain (workspace, people, goals, products, roadmaps), its storage in
//! one SQLite file, and the field-operation log every change goes through.
//!
//! Nothing here knows about Tauri or the terminal: the desktop shell (`src-tauri`) and the
//! `baton` CLI are thin adapters over [`api`], which is the one list of commands.

pub mod api;
pub mod error;
pub mod goals;
pub mod lookup;
pub mod products;
pub mod roadmap;
pub mod sample;
pub mod store;
pub mod sync;
pub mod workspace;

pub use error::{ApiError, Error, ErrorCode, Result};
pub use store::Core;
