//! Errors. Inside the core: [`Error`], one `thiserror` enum the feature modules share (they
//! fail in the same few ways). At the boundary (IPC, CLI): [`ApiError`], a `{ code, message }`
//! object whose `code` is the small closed [`ErrorCode`] enum the UI branches on.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request itself is wrong: empty title, bad period, unknown role, …
    #[error("{0}")]
    Invalid(String),
    /// A referenced entity does not exist (or is deleted).
    #[error("{kind} not found: {id}")]
    NotFound { kind: &'static str, id: String },
    /// The acting member's role does not allow this.
    #[error("{0}")]
    PermissionDenied(String),
    /// No workspace has been created on this device yet. (Shells add how to make one: the
    /// app shows onboarding, the CLI names `baton init`.)
    #[error("no workspace on this device yet")]
    NoWorkspace,
    /// `init` on a device that already has a workspace.
    #[error("this device already has a workspace: {0}")]
    AlreadyInitialised(String),
    /// An operation (local or from a sync file) that does not fit the schema.
    #[error("invalid operation: {0}")]
    InvalidOp(String),
    #[error("database error: {0}")]
    Storage(#[from] rusqlite::Error),
    /// Reading or writing a file (the data directory, the sync folder, an export).
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    /// The database could not be brought to this build's schema (a failed upgrade, or a file
    /// written by a newer Baton). Nothing was changed.
    #[error("{0}")]
    Migration(String),
}

impl Error {
    pub fn invalid(msg: impl Into<String>) -> Self {
        Error::Invalid(msg.into())
    }
    pub fn not_found(kind: &'static str, id: impl Into<String>) -> Self {
        Error::NotFound { kind, id: id.into() }
    }
    pub fn denied(msg: impl Into<String>) -> Self {
        Error::PermissionDenied(msg.into())
    }
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Invalid(_) | Error::InvalidOp(_) => ErrorCode::InvalidInput,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::PermissionDenied(_) => ErrorCode::PermissionDenied,
            Error::NoWorkspace => ErrorCode::NoWorkspace,
            Error::AlreadyInitialised(_) => ErrorCode::AlreadyExists,
            Error::Storage(_) => ErrorCode::Storage,
            Error::Io(_) => ErrorCode::Io,
            Error::Migration(_) => ErrorCode::Migration,
        }
    }
}

/// What the UI and scripts branch on. Closed: add a code only when a caller needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    InvalidInput,
    NotFound,
    PermissionDenied,
    NoWorkspace,
    AlreadyExists,
    /// The database file could not be read or written (locked, corrupt, disk full).
    Storage,
    /// A file outside the database could not be read or written (sync folder, data directory).
    Io,
    /// The database could not be upgraded to this build, or was written by a newer Baton.
    Migration,
    /// A command name the core does not know (IPC only).
    UnknownCommand,
}

/// The one error shape across IPC and in the CLI's `--json` output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError { code: e.code(), message: e.to_string() }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}
