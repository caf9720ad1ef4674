//! Transports: how ops travel between laptops. Each reads and writes its own medium and hands
//! received ops to [`crate::oplog::receive`], the one function that applies them.
//!
//! - [`segment`]: the file format of a run of one device's ops (checksummed).
//! - [`folder`]: the shared-folder transport — choose a folder, a pass (publish, receive),
//!   invites and joining, status; `scan` reads the folder outside any transaction, `own`
//!   reconciles this device's own directory with its log, `peers` applies other devices'.
//!
//! A PostgreSQL relay would be a sibling of `folder`, reusing everything below it.

pub mod folder;
mod own;
mod peers;
mod scan;
pub mod segment;
