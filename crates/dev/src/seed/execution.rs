//! The generator's execution data, made inside the delegation phase's own passes (no sync round
//! of its own but one pass of the main laptop at the end): sprints, launches and journals — every
//! change an `api::handlers` command on the laptop of the member making it.
//!
//! - **Before the offers are published** (`setup`), on the laptop that edits each product (its
//!   owner's, or leadership's main laptop): [`Plan::sprints`](super::Plan) two-week sprints per
//!   product, the last one running over [`Options::today`](super::Options) (earlier ones are
//!   closed at the end), with a capacity near the points the product's juniors will plan; a
//!   launch checklist template of four entries; and launches of [`Plan::launches`](super::Plan)
//!   of the items delegated with stories, owned by their junior — those of completed
//!   delegations launched (a few with a mandatory entry open and the reason on record), those of
//!   running ones planned ahead with entries open, about a quarter of them overdue.
//! - **On the junior's laptop** (`plan`, `journal`), in the passes where it moves its approved
//!   stories along: most approved stories planned before they move — done ones into the earlier
//!   sprints (some into the running one), unfinished ones into the last three sprints — and a
//!   few journal entries per month of the sprints' period (achievements on done stories,
//!   learnings on delegations, reflections on launches).
//! - **At the end** (`close`), on the main laptop after one pass: every sprint but the last closed
//!   in order, each unfinished story carried to the next sprint (one in ten to the backlog).
//!   Leadership closes them all, also for the seniors with a laptop: carrying a story over is
//!   its junior's or its delegator's, and leadership may do both wherever the story comes from
//!   (a senior's laptop would need a pass of its own to hold the juniors' planning).
//!
//! Dates are laid out around `today` (sprints up to it, launches before and after it), so the
//! boards, the burn-up of the running sprint and the overdue launches read as of the day the
//! workspace is generated; everything else is decided by the seed.

use std::time::Instant;

use baton_core::api::{self, handlers, JournalKind};
use baton_core::{Error, Result};

use super::{Gen, Rng};

const SPRINT_DAYS: i64 = 14;

/// The launch checklist templates are four of these (text, mandatory).
const TEMPLATE: &[(&str, bool)] = &[
    ("Release notes written and reviewed", true),
    ("Support team briefed, help articles updated", true),
    ("Rollback plan agreed with engineering", true),
    ("Success metric on the dashboard", false),
    ("Security and privacy review passed", true),
    ("Sales and customer success told the date", false),
    ("Accessibility checked on every new screen", true),
    ("Announcement drafted for the changelog", false),
];

const OVERRIDES: &[&str] = &[
    "The pilot customers asked for it this week; the notes follow on Monday.",
    "Behind a flag for 5% of accounts; support is briefed before the ramp-up.",
    "Launched with the partner's date; the open entry is tracked as a story.",
];

const NOTES: &[&str] = &[
    "Staged roll-out: 5%, 25%, then everyone.",
    "Go/no-go the day before, with support and engineering.",
    "Pilot accounts first; the announcement waits for the metric.",
];

const LEARNINGS: &[&str] = &[
    "Splitting the story by user path made the estimates honest.",
    "Asking support for the top tickets first saved a week of guessing.",
    "A guardrail written as a number is one the team can actually check.",
    "Reviewing acceptance criteria with QA before the sprint avoids rework.",
    "Small stories get reviewed the same day; large ones wait.",
];

const ACHIEVEMENTS: &[&str] = &[
    "Shipped it on time, with every acceptance criterion met.",
    "Closed the story after one review round, no changes asked.",
    "Got the metric moving: the first numbers are above the baseline.",
    "Finished it with the pilot customer watching; they signed off.",
];

const REFLECTIONS: &[&str] = &[
    "The launch date was set before the checklist: next time the other way round.",
    "I should have asked for the rollback plan earlier.",
    "Too much planned into the sprint; carrying over is a signal, not a failure.",
    "The briefing went well; the help articles were late.",
];

/// What the delegation phase says about one delegated item before the offers go out.
pub(super) struct Work {
    pub(super) item: usize,
    /// The member it is delegated to.
    pub(super) junior: usize,
    /// Accepted and left running (false: completed).
    pub(super) running: bool,
    /// Stories planned under it.
    pub(super) stories: usize,
}

/// What the execution phase made, for the progress line.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Made {
    pub(super) sprints: usize,
    pub(super) closed: usize,
    pub(super) planned: usize,
    pub(super) carried: usize,
    pub(super) to_backlog: usize,
    pub(super) template_entries: usize,
    pub(super) launches: usize,
    pub(super) launched: usize,
    pub(super) overdue: usize,
    pub(super) journal: usize,
}

/// The execution phase's own state, beside the generator's.
pub(super) struct State {
    rng: Rng,
    /// Days since 1970-01-01 the data is laid out around.
    today: i64,
    /// Per product: its sprints' ids, oldest first (the last one stays open).
    sprints: Vec<Vec<String>>,
    /// Per product, per sprint: the unfinished stories in it (to carry when it closes).
    unfinished: Vec<Vec<Vec<String>>>,
    /// Launches by item.
    launches: Vec<(usize, String)>,
    /// Launches of running work so far.
    running_launches: usize,
    pub(super) made: Made,
}

impl State {
    pub(super) fn new(rng: Rng, today: i64) -> State {
        State {
            rng,
            today,
            sprints: Vec::new(),
            unfinished: Vec::new(),
            launches: Vec::new(),
            running_launches: 0,
            made: Made::default(),
        }
    }
}

/// Days since 1970-01-01 (UTC) today.
pub(super) fn current_day() -> i64 {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    i64::try_from(secs / 86_400).unwrap_or(0)
}

/// `YYYY-MM-DD` of a day counted from 1970-01-01 (Howard Hinnant's civil_from_days).
pub(super) fn day_text(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

impl Gen<'_, '_> {
    /// The first day of sprint `k` of `n` (the last one's Monday is this week's).
    fn sprint_start(&self, k: usize, n: usize) -> i64 {
        let today = self.exec.today;
        // 1970-01-01 was a Thursday: (day + 3) % 7 is 0 on Mondays.
        let monday = today - (today + 3).rem_euclid(7);
        monday - SPRINT_DAYS * (n.saturating_sub(1 + k)) as i64
    }

    /// Sprints, templates and launches of every product, on the laptop that edits it, before
    /// that laptop publishes the offers (see the module doc).
    pub(super) fn execution_setup(&mut self, works: &[Work]) -> Result<()> {
        let n = self.plan.sprints;
        let products = self.products.len();
        self.exec.sprints = vec![Vec::new(); products];
        self.exec.unfinished = vec![vec![Vec::new(); n]; products];
        // Launches: a share of the items with stories, picked once for all products.
        let mut with_stories: Vec<usize> = (0..works.len()).filter(|w| works[*w].stories > 0).collect();
        self.exec.rng.shuffle(&mut with_stories);
        with_stories.truncate(self.plan.launches);
        with_stories.sort_unstable();
        for p in 0..products {
            let Some((product_id, l)) = self.products.get(p).map(|p| (p.id.clone(), p.laptop)) else { continue };
            let mine: Vec<&Work> =
                works.iter().filter(|w| self.items.get(w.item).is_some_and(|it| it.product == p)).collect();
            // About the points the product's stories will bring, spread over its sprints.
            let stories: usize = mine.iter().map(|w| w.stories).sum();
            if let Some(per_sprint) = (stories * 5 * 9 / 10).checked_div(n) {
                let capacity = per_sprint.div_ceil(5) * 5;
                let capacity = i64::try_from(capacity.clamp(10, 100_000)).unwrap_or(10);
                for k in 0..n {
                    let start = self.sprint_start(k, n);
                    let req = api::SprintCreateReq {
                        product_id: product_id.clone(),
                        name: format!("Sprint {}", k + 1),
                        starts_on: day_text(start),
                        ends_on: day_text(start + SPRINT_DAYS - 1),
                        capacity,
                    };
                    let began = Instant::now();
                    let s = handlers::sprint_create(self.core(l)?, req)?;
                    self.timed("sprint_create", began);
                    if let Some(list) = self.exec.sprints.get_mut(p) {
                        list.push(s.id);
                    }
                    self.exec.made.sprints += 1;
                }
            }
            let mut entries: Vec<usize> = (0..TEMPLATE.len()).collect();
            self.exec.rng.shuffle(&mut entries);
            entries.truncate(4);
            entries.sort_unstable();
            for e in entries {
                let Some((text, mandatory)) = TEMPLATE.get(e).copied() else { continue };
                let req = api::TemplateAddReq { product_id: product_id.clone(), text: text.into(), mandatory };
                let began = Instant::now();
                handlers::launch_template_add(self.core(l)?, req)?;
                self.timed("launch_template_add", began);
                self.exec.made.template_entries += 1;
            }
        }
        for w in with_stories {
            let Some(work) = works.get(w) else { continue };
            self.launch(work)?;
        }
        Ok(())
    }

    /// The launch of a delegated item, on its product's laptop: launched (completed work),
    /// planned ahead, or overdue.
    fn launch(&mut self, work: &Work) -> Result<()> {
        let Some((item_id, p)) = self.items.get(work.item).map(|it| (it.id.clone(), it.product)) else { return Ok(()) };
        let l = self.product_laptop(p);
        let owner_id = self.members.get(work.junior).map(|m| m.id.clone()).unwrap_or_default();
        let today = self.exec.today;
        enum Fate {
            Launched,
            Planned,
            Overdue,
        }
        // A quarter of the running work's launches are overdue, the first one among them.
        let running = self.exec.running_launches;
        let fate = if !work.running {
            Fate::Launched
        } else if running.is_multiple_of(4) {
            Fate::Overdue
        } else {
            Fate::Planned
        };
        self.exec.running_launches += usize::from(work.running);
        let rng = &mut self.exec.rng;
        let target = match fate {
            Fate::Launched => today - 10 - rng.below(110) as i64,
            Fate::Overdue => today - 1 - rng.below(30) as i64,
            Fate::Planned => today + 7 + rng.below(140) as i64,
        };
        let began = Instant::now();
        let req = api::LaunchCreateReq { item_id: item_id.clone(), owner_id, target_on: day_text(target) };
        let view = handlers::launch_create(self.core(l)?, req)?;
        self.timed("launch_create", began);
        self.exec.made.launches += 1;
        self.exec.launches.push((work.item, view.id.clone()));
        let entries: Vec<(String, bool)> = view.checklist.iter().map(|e| (e.id.clone(), e.mandatory)).collect();
        let rng = &mut self.exec.rng;
        // Which entries are ticked, and the reason when one mandatory entry stays open.
        let (ticked, anyway): (Vec<String>, Option<String>) = match fate {
            Fate::Launched => {
                let skip = rng.chance(0.15).then(|| entries.iter().position(|e| e.1)).flatten();
                let reason = skip.and_then(|_| OVERRIDES.get(rng.below(OVERRIDES.len()))).map(|s| (*s).to_owned());
                (
                    entries.iter().enumerate().filter(|(k, _)| Some(*k) != skip).map(|(_, e)| e.0.clone()).collect(),
                    reason,
                )
            }
            // Some done, never all (the checklist is what makes it overdue or still to do).
            Fate::Planned | Fate::Overdue => {
                let n = rng.below(entries.len().max(1));
                (entries.iter().take(n).map(|e| e.0.clone()).collect(), None)
            }
        };
        for id in ticked {
            let began = Instant::now();
            handlers::launch_entry_set(self.core(l)?, api::LaunchEntrySetReq { id, done: Some(true), remove: None })?;
            self.timed("launch_entry_set", began);
        }
        match fate {
            Fate::Launched => {
                handlers::launch_mark(self.core(l)?, api::LaunchMarkReq { id: view.id, anyway })?;
                self.exec.made.launched += 1;
            }
            Fate::Overdue => self.exec.made.overdue += 1,
            Fate::Planned => {
                let notes = NOTES.get(self.exec.rng.below(NOTES.len())).map(|s| (*s).to_owned());
                let req = api::LaunchUpdateReq { id: view.id, target_on: None, notes, owner_id: None };
                handlers::launch_update(self.core(l)?, req)?;
            }
        }
        Ok(())
    }

    /// The junior's laptop plans approved stories of a delegation of `item` into its product's
    /// sprints: `stories` with whether each ends done (completed work: into the earlier sprints)
    /// and whether its delegation stays running.
    pub(super) fn plan(&mut self, lj: usize, item: usize, stories: &[(String, bool)], running: bool) -> Result<()> {
        let Some(p) = self.items.get(item).map(|it| it.product) else { return Ok(()) };
        let n = self.exec.sprints.get(p).map_or(0, Vec::len);
        if n == 0 {
            return Ok(());
        }
        for (story_id, done) in stories {
            let rng = &mut self.exec.rng;
            if rng.chance(0.12) {
                continue;
            }
            let k = if *done {
                if n == 1 || (running && rng.chance(0.4)) {
                    n - 1
                } else {
                    rng.below(n - 1)
                }
            } else {
                match rng.below(10) {
                    0..=5 => n - 1,
                    6..=8 => n.saturating_sub(2),
                    _ => n.saturating_sub(3),
                }
            };
            let sprint_id = self.exec.sprints.get(p).and_then(|s| s.get(k)).cloned();
            let req = api::SprintPlanReq { story_id: story_id.clone(), sprint_id };
            let began = Instant::now();
            handlers::sprint_plan(self.core(lj)?, req)?;
            self.timed("sprint_plan", began);
            self.exec.made.planned += 1;
            if !*done && k + 1 < n {
                if let Some(list) = self.exec.unfinished.get_mut(p).and_then(|s| s.get_mut(k)) {
                    list.push(story_id.clone());
                }
            }
        }
        Ok(())
    }

    /// A few journal entries on the junior's laptop, on days over the sprints' period: on done
    /// stories, delegations, and launches of the items delegated to them.
    pub(super) fn journal(&mut self, lj: usize, done: &[String], delegations: &[(usize, String)]) -> Result<()> {
        let n = self.plan.sprints.max(1) as i64;
        let first = self.sprint_start(0, n as usize);
        let days = (self.exec.today - first + 1).max(1);
        let months = usize::try_from((days / 30).max(1)).unwrap_or(1);
        let count = self.plan.journal_per_month * months;
        let launches: Vec<String> = self
            .exec
            .launches
            .iter()
            .filter(|(i, _)| delegations.iter().any(|(d, _)| d == i))
            .map(|(_, id)| id.clone())
            .collect();
        for k in 0..count {
            let rng = &mut self.exec.rng;
            // Spread over the period, a little jitter within each slot.
            let slot = days * k as i64 / count as i64;
            let day = first + slot + rng.below(usize::try_from(days / count as i64).unwrap_or(1).max(1)) as i64;
            let mut req = api::JournalAddReq {
                kind: JournalKind::Learning,
                body: String::new(),
                on_day: Some(day_text(day.min(self.exec.today))),
                story_id: None,
                launch_id: None,
                delegation_id: None,
            };
            let roll = rng.below(10);
            if roll < 4 && !done.is_empty() {
                req.kind = JournalKind::Achievement;
                req.body = pick(rng, ACHIEVEMENTS).to_owned();
                req.story_id = done.get(rng.below(done.len())).cloned();
            } else if roll < 8 && !delegations.is_empty() {
                req.kind = JournalKind::Learning;
                req.body = pick(rng, LEARNINGS).to_owned();
                req.delegation_id = delegations.get(rng.below(delegations.len())).map(|d| d.1.clone());
            } else {
                req.kind = JournalKind::Reflection;
                req.body = pick(rng, REFLECTIONS).to_owned();
                req.launch_id = launches.get(rng.below(launches.len().max(1))).cloned();
            }
            let began = Instant::now();
            handlers::journal_add(self.core(lj)?, req)?;
            self.timed("journal_add", began);
            self.exec.made.journal += 1;
        }
        Ok(())
    }

    /// The main laptop receives the juniors' planning and closes every sprint but the last, in
    /// order, carrying each unfinished story to the next (one in ten to the backlog).
    pub(super) fn close_sprints(&mut self) -> Result<()> {
        if self.exec.sprints.iter().all(|s| s.len() < 2) {
            return Ok(());
        }
        self.pass(0)?;
        for p in 0..self.exec.sprints.len() {
            let ids = self.exec.sprints.get(p).cloned().unwrap_or_default();
            for k in 0..ids.len().saturating_sub(1) {
                let open =
                    self.exec.unfinished.get_mut(p).and_then(|s| s.get_mut(k)).map(std::mem::take).unwrap_or_default();
                let mut carry = Vec::new();
                let mut next = Vec::new();
                for story_id in open {
                    let to = if self.exec.rng.chance(0.1) { None } else { ids.get(k + 1).cloned() };
                    if to.is_some() {
                        next.push(story_id.clone());
                        self.exec.made.carried += 1;
                    } else {
                        self.exec.made.to_backlog += 1;
                    }
                    carry.push(api::CarryReq { story_id, to_sprint_id: to });
                }
                let id = ids.get(k).cloned().ok_or_else(|| Error::invalid("no such sprint"))?;
                let began = Instant::now();
                handlers::sprint_close(self.core(0)?, api::SprintCloseReq { id, carry })?;
                self.timed("sprint_close", began);
                self.exec.made.closed += 1;
                if let Some(list) = self.exec.unfinished.get_mut(p).and_then(|s| s.get_mut(k + 1)) {
                    list.extend(next);
                }
            }
        }
        Ok(())
    }

    /// The execution ops in the main laptop's log (every one, once `close_sprints` ran): rows of
    /// the execution tables, and stories planned into sprints.
    pub(super) fn execution_ops(&self) -> Result<u64> {
        let n: i64 = self.core(0)?.read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM oplog WHERE entity_table IN
                   ('sprint', 'launch', 'launch_check', 'launch_template', 'journal_entry')
                   OR (entity_table = 'story' AND field = 'sprint_id')",
                [],
                |r| r.get(0),
            )?)
        })?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}

fn pick(rng: &mut Rng, list: &[&'static str]) -> &'static str {
    list.get(rng.below(list.len())).copied().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_print_as_calendar_dates() {
        assert_eq!(day_text(0), "1970-01-01");
        assert_eq!(day_text(-1), "1969-12-31");
        assert_eq!(day_text(19_782), "2024-02-29");
        assert_eq!(day_text(20_454), "2026-01-01");
    }
}
