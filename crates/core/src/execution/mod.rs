//! Execution — journeys 5 and 6: the work delegated to junior PMs runs through sprints and
//! launches, its progress rolls up to the organisation's goals, and each PM keeps a journal of
//! what they learned and achieved.
//!
//! - `sprints.rs` — a product's sprints (dates, capacity in points), planning approved stories
//!   into them, the board, closing with an explicit carry-over per unfinished story, and the
//!   burn-up computed from the op log (no second copy of the history).
//! - `launches.rs` — a launch per one-year item: target date, owner, checklist copied from the
//!   product's template (and editable per launch), status, notes; the launch calendar.
//! - `progress.rs` — the roll-up from stories to items, initiatives, themes and goals, with the
//!   at-risk signals and their reasons.
//! - `journal.rs` — learnings, achievements and reflections, private to their author, their
//!   manager and their mentor; the Markdown summary of a period.

pub(crate) mod journal;
pub(crate) mod launches;
pub(crate) mod progress;
pub(crate) mod sprints;
pub(crate) mod tables;

use crate::error::{Error, Result};

/// Checks a calendar day `YYYY-MM-DD` (what is said when it is not one names `what`).
pub(crate) fn clean_day(what: &str, day: &str) -> Result<String> {
    let day = day.trim();
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|_| Error::invalid(format!("{what} {day:?} is not a date like 2027-03-31")))
}

/// Today as `YYYY-MM-DD` on this laptop's calendar (what its user calls today).
pub(crate) fn today() -> String {
    chrono::Local::now().date_naive().format("%Y-%m-%d").to_string()
}
