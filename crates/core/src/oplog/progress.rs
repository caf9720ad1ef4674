//! Progress of long work — a large sync pass, a first join that pulls a whole workspace — told to
//! whoever opened the core: the desktop shell forwards it to the window (`baton://progress`), the
//! CLI prints it on a terminal. Short work says nothing: a report is made only once the work has
//! run [`Core::set_progress_reporter`]'s `show_after`, then at each step, then once when it ends.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Core;

/// What long work runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "ProgressTask")]
pub enum Task {
    /// A sync pass: publish this laptop's changes, receive the others'.
    Sync,
    /// Joining a workspace: the whole workspace comes from the sync folder.
    Join,
}

/// Where long work stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    pub task: Task,
    /// What it is doing now, in words ("reading the sync folder", "applying changes from laptop 2
    /// of 8"); empty once finished.
    pub doing: String,
    /// Changes received so far.
    #[ts(type = "number")]
    pub received: u64,
    /// The pass reads the folder in rounds of a bounded size; this is the round it is in.
    pub round: u32,
    /// Milliseconds since the work started.
    #[ts(type = "number")]
    pub elapsed_ms: u64,
    /// The last report of this work: it has ended (successfully or not).
    pub finished: bool,
}

/// Told each report; called on the thread doing the work, so it must be quick (hand the report
/// to another thread or the window, nothing more).
pub type Reporter = Arc<dyn Fn(&Progress) + Send + Sync>;

/// The reporter with when to start reporting.
#[derive(Clone)]
pub(crate) struct Listener {
    pub(crate) reporter: Reporter,
    pub(crate) show_after: Duration,
}

/// Follows one piece of long work and reports it to the core's reporter, if any.
pub(crate) struct Tracker {
    listener: Option<Listener>,
    task: Task,
    started: Instant,
    shown: bool,
    round: u32,
    received: u64,
    /// Received by the passes before this one (a join runs two).
    before: u64,
}

impl Tracker {
    pub(crate) fn new(core: &Core, task: Task) -> Tracker {
        Tracker {
            listener: core.progress_listener(),
            task,
            started: Instant::now(),
            shown: false,
            round: 0,
            received: 0,
            before: 0,
        }
    }

    /// A new round begins.
    pub(crate) fn round(&mut self, doing: &str) {
        self.round += 1;
        self.say(doing);
    }

    /// Changes received so far (the pass's running total).
    pub(crate) fn received(&mut self, received: usize, doing: &str) {
        self.received = self.before.saturating_add(u64::try_from(received).unwrap_or(u64::MAX));
        self.say(doing);
    }

    /// A pass of the work ended; the next one counts on from what it received.
    pub(crate) fn pass_ended(&mut self) {
        self.before = self.received;
    }

    fn say(&mut self, doing: &str) {
        let Some(l) = &self.listener else { return };
        if !self.shown && self.started.elapsed() < l.show_after {
            return;
        }
        self.shown = true;
        (l.reporter)(&self.progress(doing.to_owned(), false));
    }

    fn progress(&self, doing: String, finished: bool) -> Progress {
        Progress {
            task: self.task,
            doing,
            received: self.received,
            round: self.round,
            elapsed_ms: u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX),
            finished,
        }
    }
}

impl Drop for Tracker {
    /// The work ended, however: if it was shown, say so.
    fn drop(&mut self) {
        if let (true, Some(l)) = (self.shown, &self.listener) {
            (l.reporter)(&self.progress(String::new(), true));
        }
    }
}
