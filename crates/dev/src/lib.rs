//! Developer tools over the real core: [`seed`] builds a deterministic workspace of
//! organisation scale through the real write path (`baton dev seed`), and [`bench`] measures
//! it against raw SQLite (`npm run bench`, the `baton-bench` binary).

pub mod bench;
pub mod seed;
