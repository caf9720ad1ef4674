//! Baton's desktop shell. Everything Baton does lives in `baton-core`; this crate opens the
//! workspace, forwards the UI's calls to the core off the UI thread, and owns the window.

mod app;
mod logs;
mod menu;
mod notify;
mod rendering;
mod sync;
mod window;

pub use app::run;
