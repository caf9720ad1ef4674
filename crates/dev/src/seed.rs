//! The workspace generator: a whole organisation's workspace, built deterministically from a
//! seed through the real write path — every change is an `api::handlers` command on the laptop
//! of the member making it, and laptops exchange their ops through a real sync folder. No SQL,
//! no crate internals: what the app and the CLI do, many times over.
//!
//! What it builds ([`Scale::Large`] is the organisation the product is designed for):
//! - **People and laptops.** The workspace's creator (leadership) adds every member — other
//!   leaders, senior PMs (each reporting to a leader), junior PMs (each reporting to a senior) —,
//!   the organisation's goals, product families and products (each owned by a senior PM). A few
//!   senior PMs and junior PMs get laptops of their own: the creator invites them through the sync
//!   folder and each joins from a fresh data directory (`invite_create`, `workspace_join`).
//! - **Roadmaps.** Per product, five-year themes serving goals, three-year initiatives serving
//!   themes, one-year items serving initiatives (about 1% left unaligned, as drafts are), with
//!   metrics, expected impact, confidence, requirements (Markdown) and guardrails.
//! - **History.** Rounds of edits until the main laptop's log holds about the scale's op count:
//!   status, confidence, metric, impact, titles and requirements; reorders, moves to another
//!   period, new parents (a theme: another goal); guardrails added, reworded, deleted; items
//!   deleted and brought back; earlier values restored from history (`history_restore`); goals
//!   reworded and products moved between families (rarely); a snapshot of every product every
//!   few rounds.
//! - **Delegation** (`seed/delegation.rs`, after the roadmaps are made, before their history):
//!   one-year items delegated with a brief, the juniors' stories with guardrail checks, review
//!   requests and verdicts, comments, check-ins; open delegations in every state and years of
//!   completed ones. Its ops come on top of [`Plan::ops`] ([`Generated::delegation_ops`]).
//! - **Execution** (`seed/execution.rs`, inside the delegation phase's passes): per product,
//!   two-week sprints up to [`Options::today`] (the earlier ones closed with their unfinished
//!   stories carried over, the last one running), most approved stories planned into them by
//!   their juniors; a launch checklist template and launches of delegated items (launched,
//!   planned, overdue); the juniors' journal entries. Its ops come on top too
//!   ([`Generated::execution_ops`]).
//! - **Ideas** (`seed/ideas.rs`, in the passes the other phases run, the bulk on the main laptop
//!   after its history): [`Plan::ideas`] ideas in every stage — drafts, waiting for or returned
//!   by their sponsor, sponsored, submitted and awaiting leadership's decision, decided (go-ahead,
//!   with changes, not now with a revisit date, no), some go-aheads placed on the roadmap — with
//!   RICE scores and evidence; [`Plan::feedback`] customer feedback entries, most triaged (linked
//!   to ideas or items, or dismissed). Its ops come on top too ([`Generated::ideas_ops`]).
//!
//! Who edits what: a senior PM with a laptop edits the products they own there; leadership, on
//! the main laptop, edits every other product (their owners have no laptop in the simulation)
//! and the goals. So every command is allowed to its author and **no op is refused**; and no two
//! laptops edit the same row, so the result does not depend on which clock won. Junior PMs may
//! not edit roadmaps: their laptops join, read, and write the stories of what is delegated to
//! them (the delegator's side is the owner's laptop, or leadership's for the other owners).
//!
//! Sync: the seniors' laptops work offline and sync once, when their rounds are done (a pass
//! receives everything the others published, so frequent passes on every laptop would cost
//! more than the edits); then the main laptop does its rounds, with a pass after each (the
//! first receives the seniors' work). Juniors' laptops last synced when they joined. So the
//! main laptop ends with every laptop's ops applied; the others hold what they last received
//! (one more `sync_now` on each makes every laptop identical, as the tests check).
//!
//! **Deterministic from the seed**: the same seed gives the same people, products, items,
//! titles, texts, edit sequence, counts and op count. Ids (UUIDv7) and clocks (hybrid logical,
//! from the wall clock) are minted by the core, so they differ from run to run, and so do the
//! snapshots' timestamps. Products plan from the year given in [`Options::base_year`]
//! ([`generate`]: the current year), so periods shift with it. The random numbers come from
//! [`Rng`], a splitmix64 written here: a few lines that can never change under us, where a
//! registry crate's algorithm or range sampling may change with a version.

mod delegation;
mod execution;
mod ideas;
mod text;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use baton_core::api::{self, handlers, Confidence, GuardrailKind, Horizon, Role, Status};
use baton_core::{Core, Error, Result};

/// How big a workspace to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Seconds to build in a debug build: for tests and the CI smoke run.
    Small,
    /// PRODUCT.md's organisation: about 2,000,000 logged ops.
    Large,
}

impl Scale {
    pub const ALL: [Scale; 2] = [Scale::Small, Scale::Large];

    pub fn as_str(self) -> &'static str {
        match self {
            Scale::Small => "small",
            Scale::Large => "large",
        }
    }

    /// `small` or `large`; anything else is refused in words.
    pub fn parse(s: &str) -> Result<Scale> {
        Scale::ALL
            .into_iter()
            .find(|scale| scale.as_str() == s.trim().to_ascii_lowercase())
            .ok_or_else(|| Error::invalid(format!("unknown scale {s:?}: use small or large")))
    }

    /// The sizes of this scale.
    pub fn plan(self) -> Plan {
        match self {
            Scale::Small => Plan {
                leadership: 2,
                seniors: 6,
                juniors: 12,
                goals: 5,
                families: 2,
                products: 4,
                themes: 12,
                initiatives: 48,
                items: 240,
                senior_laptops: 2,
                products_per_laptop: 1,
                junior_laptops: 2,
                rounds: 4,
                snapshot_every: 2,
                ops: 10_000,
                delegations: 40,
                stories: 480,
                largest_delegation: 40,
                open_per_junior: 6,
                sprints: 6,
                launches: 16,
                journal_per_month: 3,
                ideas: 100,
                feedback: 400,
            },
            Scale::Large => Plan {
                leadership: 12,
                seniors: 60,
                juniors: 228,
                goals: 20,
                families: 8,
                products: 40,
                themes: 200,
                initiatives: 1_000,
                items: 5_000,
                senior_laptops: 3,
                products_per_laptop: 1,
                junior_laptops: 4,
                rounds: 8,
                snapshot_every: 2,
                ops: 2_000_000,
                delegations: 4_000,
                stories: 100_000,
                largest_delegation: 200,
                open_per_junior: 16,
                sprints: 26,
                launches: 1_500,
                journal_per_month: 4,
                ideas: 5_000,
                feedback: 50_000,
            },
        }
    }
}

/// The sizes of a [`Scale`]. Members are `leadership + seniors + juniors` (the creator is one
/// of the leaders); themes, initiatives and items are totals over all products.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub leadership: usize,
    pub seniors: usize,
    pub juniors: usize,
    pub goals: usize,
    pub families: usize,
    pub products: usize,
    pub themes: usize,
    pub initiatives: usize,
    pub items: usize,
    /// Senior PMs with a laptop of their own, each owning `products_per_laptop` products.
    pub senior_laptops: usize,
    pub products_per_laptop: usize,
    /// Junior PMs with a laptop of their own: they read roadmaps (they may not edit them) and
    /// do the juniors' side of every delegation with stories (see `seed/delegation.rs`).
    pub junior_laptops: usize,
    pub rounds: usize,
    /// A snapshot of every product after every this many rounds (and after the last).
    pub snapshot_every: usize,
    /// About how many ops the roadmaps' creation and history make (the delegation phase's ops
    /// come on top: [`Generated::delegation_ops`]).
    pub ops: u64,
    /// One-year items delegated to the juniors with a laptop.
    pub delegations: usize,
    /// Stories written under them, in all.
    pub stories: usize,
    /// Stories of the largest delegation (an open one, from a senior's laptop).
    pub largest_delegation: usize,
    /// Open delegations per junior and senior's laptop (half that from leadership); the
    /// others are completed.
    pub open_per_junior: usize,
    /// Two-week sprints per product, up to [`Options::today`]: every one but the last is closed.
    pub sprints: usize,
    /// Launches of delegated items with stories (completed work: launched; running work:
    /// planned, some overdue).
    pub launches: usize,
    /// Journal entries per junior with a laptop and month of the sprints' period.
    pub journal_per_month: usize,
    /// Ideas proposed (a third on the juniors' laptops, nearly a third on the seniors', the rest
    /// leadership's on the main laptop); see `seed/ideas.rs` for their stages.
    pub ideas: usize,
    /// Customer feedback entries (a hundredth on each other laptop, the rest on the main one).
    pub feedback: usize,
}

impl Plan {
    pub fn members(&self) -> usize {
        self.leadership + self.seniors + self.juniors
    }
}

/// What [`generate`] built.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The data directory of the laptop that ends with every device's ops applied.
    pub main_dir: PathBuf,
    /// Every device's data directory, `main_dir` first.
    pub device_dirs: Vec<PathBuf>,
    /// The sync folder holding every device's segments.
    pub folder: PathBuf,
    /// Ops in `main_dir`'s log.
    pub ops: u64,
    /// Of them, the delegation phase's (offers, stories, checks, reviews, comments).
    pub delegation_ops: u64,
    /// Of them, the execution data's (sprints and planning, launches, templates, journals).
    pub execution_ops: u64,
    /// Of them, the ideas data's (feedback, ideas, evidence, decisions, items placed from ideas).
    pub ideas_ops: u64,
}

/// A workspace's contents as the api lists them (deleted rows not counted).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    pub members: usize,
    pub goals: usize,
    pub families: usize,
    pub products: usize,
    pub five_year: usize,
    pub three_year: usize,
    pub one_year: usize,
    pub snapshots: usize,
    /// Every delegation, open or ended.
    pub delegations: usize,
    pub open_delegations: usize,
    pub stories: usize,
    pub comments: usize,
    /// Sprints of every product, open or closed.
    pub sprints: usize,
    pub open_sprints: usize,
    /// Launches that are not cancelled.
    pub launches: usize,
    /// Feedback entries, and of them those not triaged yet.
    pub feedback: usize,
    pub feedback_new: usize,
    pub ideas: usize,
    /// Ideas submitted and awaiting leadership's decision.
    pub awaiting_decision: usize,
    /// Decisions on record (a later decision on the same idea counts too).
    pub decisions: usize,
    /// Ideas placed on the roadmap (each a one-year item, counted in `one_year`).
    pub placed: usize,
}

impl Counts {
    /// Reads the counts of the workspace open in `core` (the feedback entries with one SQL
    /// count: the api lists at most 10,000 at a time).
    pub fn of(core: &Core) -> Result<Counts> {
        let items = handlers::item_list(core, api::ItemListReq::default())?;
        let on = |h: Horizon| items.iter().filter(|i| i.horizon == h).count();
        let all = handlers::delegation_list(core, api::DelegationListReq { ended: Some(true), ..Default::default() })?;
        let delegated = all
            .iter()
            .map(|d| handlers::delegation_get(core, api::IdReq { id: d.id.clone() }))
            .collect::<Result<Vec<_>>>()?;
        let mut sprints = Vec::new();
        for p in handlers::product_list(core, api::NoArgs {})? {
            sprints.extend(handlers::sprint_list(core, api::ProductReq { product_id: p.id })?);
        }
        let ideas = handlers::idea_list(core, api::IdeaListReq::default())?;
        let decisions =
            handlers::decision_list(core, api::DecisionListReq { limit: Some(10_000), ..Default::default() })?;
        let feedback_new =
            handlers::feedback_list(core, api::FeedbackListReq { limit: Some(1), ..Default::default() })?;
        let feedback: i64 =
            core.read(|c| Ok(c.query_row("SELECT count(*) FROM feedback WHERE by_id IS NOT NULL", [], |r| r.get(0))?))?;
        Ok(Counts {
            members: handlers::member_list(core, api::NoArgs {})?.len(),
            goals: handlers::goal_list(core, api::NoArgs {})?.len(),
            families: handlers::family_list(core, api::NoArgs {})?.len(),
            products: handlers::product_list(core, api::NoArgs {})?.len(),
            five_year: on(Horizon::FiveYear),
            three_year: on(Horizon::ThreeYear),
            one_year: on(Horizon::OneYear),
            snapshots: handlers::snapshot_list(core, api::ProductScopeReq::default())?.len(),
            delegations: all.len(),
            open_delegations: all
                .iter()
                .filter(|d| d.state != api::DelegationState::Completed && d.state != api::DelegationState::Withdrawn)
                .count(),
            stories: delegated.iter().map(|d| d.stories.len()).sum(),
            comments: delegated.iter().map(|d| d.comments.len()).sum(),
            sprints: sprints.len(),
            open_sprints: sprints.iter().filter(|s| !s.closed).count(),
            launches: handlers::launch_list(core, api::LaunchListReq::default())?.len(),
            feedback: usize::try_from(feedback).unwrap_or(0),
            feedback_new: usize::try_from(feedback_new.new_count).unwrap_or(0),
            awaiting_decision: ideas.iter().filter(|i| i.stage == api::IdeaStage::Submitted).count(),
            placed: ideas.iter().filter(|i| i.item_id.is_some()).count(),
            ideas: ideas.len(),
            decisions: decisions.len(),
        })
    }
}

/// Where and what to generate.
pub struct Options<'a> {
    /// The sizes: [`Scale::plan`], or your own.
    pub plan: Plan,
    pub seed: u64,
    /// The main laptop's data directory (leadership, the workspace's creator); `None`:
    /// `devices_dir/<creator's name>`.
    pub main_dir: Option<PathBuf>,
    /// The other laptops' data directories go in `devices_dir/<member's name>/`.
    pub devices_dir: PathBuf,
    /// The sync folder (created if missing).
    pub folder: PathBuf,
    /// The year every product plans from.
    pub base_year: i32,
    /// The day execution data is laid out around (the running sprint holds it; launches come
    /// before and after it), in days since 1970-01-01.
    pub today: i64,
    /// Told a line of progress now and then (the CLI prints it to stderr).
    pub progress: Option<&'a dyn Fn(&str)>,
}

impl<'a> Options<'a> {
    /// `out/devices/<name>/` for every laptop, `out/folder/` for the sync folder, products
    /// planning from the current year, no progress lines.
    pub fn new(out: &Path, scale: Scale, seed: u64) -> Options<'a> {
        Options {
            plan: scale.plan(),
            seed,
            main_dir: None,
            devices_dir: out.join("devices"),
            folder: out.join("folder"),
            base_year: current_year(),
            today: execution::current_day(),
            progress: None,
        }
    }
}

/// The current year (UTC).
pub fn current_year() -> i32 {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    // Days to a civil year (Howard Hinnant's algorithm), so no date crate is needed.
    let days = i64::try_from(secs / 86_400).unwrap_or(0) + 719_468;
    let era = days.div_euclid(146_097);
    let doe = days - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let year = yoe + era * 400 + i64::from(mp >= 10);
    i32::try_from(year).unwrap_or(2026)
}

/// Builds a workspace of `scale` under `out` (`out/devices/<name>/`, `out/folder/`),
/// deterministically from `seed`.
pub fn generate(out: &Path, scale: Scale, seed: u64) -> baton_core::Result<Generated> {
    generate_with(&Options::new(out, scale, seed))
}

/// Builds a workspace as `opts` say.
pub fn generate_with(opts: &Options<'_>) -> Result<Generated> {
    let started = Instant::now();
    let mut g = Gen::start(opts, started)?;
    g.structure()?;
    let roadmap_own: u64 = g.laptops.iter().map(|l| l.own).sum();
    let began = Instant::now();
    let before: Vec<u64> = g.laptops.iter().map(|l| l.own).collect();
    let made = g.delegation()?;
    let mut delegation_ops = 0;
    for (laptop, before) in g.laptops.iter_mut().zip(before) {
        delegation_ops += laptop.count_own()?.saturating_sub(before);
    }
    // The execution data was made in the same passes: its ops are told apart by their tables.
    let execution_ops = g.execution_ops()?;
    // So were the juniors' ideas and their sponsors' answers (`seed/ideas.rs`), counted apart.
    let delegation_ops = delegation_ops.saturating_sub(execution_ops).saturating_sub(g.ideas.made.ops_in_delegation);
    g.say(&format!(
        "delegation: {} delegations, {} stories, {} guardrail checks, {} comments; {delegation_ops} ops in {:.1} s",
        made.delegations,
        made.stories,
        made.checks,
        made.comments,
        began.elapsed().as_secs_f64()
    ));
    let x = g.exec.made;
    g.say(&format!(
        "execution: {} sprints ({} closed), {} stories planned, {} carried over, {} to the backlog; {} template \
         entries, {} launches ({} launched, {} overdue); {} journal entries; {execution_ops} ops",
        x.sprints,
        x.closed,
        x.planned,
        x.carried,
        x.to_backlog,
        x.template_entries,
        x.launches,
        x.launched,
        x.overdue,
        x.journal
    ));
    g.history(roadmap_own)?;
    let began = Instant::now();
    g.ideas_on_main()?;
    g.pass(0)?;
    let ideas_ops = g.ideas_ops()?;
    let i = g.ideas.made;
    g.say(&format!(
        "ideas: {} ideas ({} drafts, {} awaiting sponsorship, {} returned, {} sponsored, {} awaiting a decision; \
         decided: {} go-ahead, {} with changes, {} not now, {} no, {} decided again; {} placed), {} pieces of \
         evidence; {} feedback entries ({} linked to ideas, {} to items, {} dismissed); {ideas_ops} ops, {:.1} s on \
         the main laptop",
        i.ideas,
        i.drafts,
        i.awaiting_sponsor,
        i.returned,
        i.sponsored,
        i.undecided,
        i.go_ahead,
        i.with_changes,
        i.not_now,
        i.no,
        i.decided_again,
        i.placed,
        i.evidence,
        i.feedback,
        i.linked_ideas,
        i.linked_items,
        i.dismissed,
        began.elapsed().as_secs_f64()
    ));
    g.finish(delegation_ops, execution_ops, ideas_ops)
}

/// splitmix64: small, fast, good enough for picking words and edits, and fixed here forever.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// A generator for one purpose (a laptop's edits): its numbers do not shift when another
    /// purpose draws more or fewer.
    pub fn fork(&self, stream: u64) -> Rng {
        let mut r = Rng(self.0 ^ stream.wrapping_mul(0xA076_1D64_78BD_642F));
        r.next_u64();
        r
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// An index in `0..n` favouring the first tenth (hot rows): picked 30% of the time, so
    /// each hot row gets about four times the edits of another.
    pub fn skewed(&mut self, n: usize) -> usize {
        let hot = n.div_ceil(10);
        if self.chance(0.3) {
            self.below(hot)
        } else {
            self.below(n)
        }
    }

    pub fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            xs.swap(i, self.below(i + 1));
        }
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> Option<T> {
        xs.get(self.below(xs.len())).copied()
    }
}

/// `total` split over `weights` (largest remainders), each part at least `min`.
fn split(total: usize, weights: &[usize], min: usize) -> Vec<usize> {
    let n = weights.len();
    if n == 0 {
        return Vec::new();
    }
    let spare = total.saturating_sub(min * n);
    let sum: usize = weights.iter().sum::<usize>().max(1);
    let mut parts: Vec<usize> = weights.iter().map(|w| min + spare * w / sum).collect();
    let mut rest: Vec<(usize, usize)> = weights.iter().enumerate().map(|(i, w)| ((spare * w) % sum, i)).collect();
    rest.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut missing = total.saturating_sub(parts.iter().sum());
    for (_, i) in rest.iter().cycle().take(n * 2) {
        if missing == 0 {
            break;
        }
        if let Some(p) = parts.get_mut(*i) {
            *p += 1;
            missing -= 1;
        }
    }
    parts
}

fn slug(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect()
}

fn path_text(p: &Path) -> Result<String> {
    p.to_str().map(str::to_owned).ok_or_else(|| Error::invalid(format!("the path {} is not valid text", p.display())))
}

struct Member {
    id: String,
    manager: Option<usize>,
}

struct Product {
    id: String,
    /// The senior PM who owns it.
    owner: usize,
    family: usize,
    /// The laptop whose member edits it (its owner's, or the main laptop's).
    laptop: usize,
    items: Vec<usize>,
}

struct Item {
    id: String,
    product: usize,
    horizon: Horizon,
    period: String,
    parent: Option<usize>,
    goal: Option<usize>,
    title: String,
    status: Status,
    confidence: Confidence,
    metric: String,
    impact: String,
    musts: Vec<String>,
    deleted: bool,
    /// How many values each of [`RESTORED`] has held, so far as the generator knows.
    changes: [u32; 6],
}

impl Item {
    /// Takes the values of `view`, counting the fields that changed.
    fn note(&mut self, view: &api::ItemView) {
        let changed = [
            self.title != view.title,
            self.status != view.status,
            self.confidence != view.confidence,
            self.metric != view.metric,
            self.impact != view.impact,
        ];
        for (count, changed) in self.changes.iter_mut().zip(changed) {
            *count += u32::from(changed);
        }
        self.title.clone_from(&view.title);
        self.status = view.status;
        self.confidence = view.confidence;
        self.metric.clone_from(&view.metric);
        self.impact.clone_from(&view.impact);
    }
}

struct Guardrail {
    id: String,
    item: usize,
    kind: GuardrailKind,
    statement: String,
    deleted: bool,
}

/// One simulated laptop.
struct Laptop {
    name: String,
    dir: PathBuf,
    core: Core,
    products: Vec<usize>,
    /// The items of its products, in the order edits favour (first = hottest).
    hot: Vec<usize>,
    rng: Rng,
    published: u64,
    received: u64,
    /// Edits made since the last count of its ops.
    since_count: usize,
    /// Its own ops (made on it), as of the last count.
    own: u64,
}

impl Laptop {
    fn sync(&mut self) -> Result<api::SyncPassView> {
        let pass = handlers::sync_now(&self.core, api::NoArgs {})?;
        self.note(pass)
    }

    fn note(&mut self, pass: api::SyncPassView) -> Result<api::SyncPassView> {
        if !pass.problems.is_empty() {
            return Err(Error::invalid(format!(
                "{}'s sync pass reported problems: {}",
                self.name,
                pass.problems.join("; ")
            )));
        }
        self.published += u64::from(pass.published);
        self.received += u64::from(pass.received);
        Ok(pass)
    }

    /// Its own ops: those published plus those not yet published.
    fn count_own(&mut self) -> Result<u64> {
        let status = handlers::sync_status(&self.core, api::NoArgs {})?;
        self.own = self.published + u64::try_from(status.unpublished).unwrap_or(0);
        self.since_count = 0;
        Ok(self.own)
    }
}

/// The kinds of edit, with how often each is picked (per mille).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EditKind {
    Details,
    Status,
    Confidence,
    Title,
    Metric,
    Impact,
    Requirements,
    Reorder,
    MovePeriod,
    Reparent,
    GuardrailAdd,
    GuardrailEdit,
    GuardrailDelete,
    Delete,
    Undelete,
    Restore,
    GoalEdit,
    ProductFamily,
}

/// Most saves are of the details panel, which sends the fields changed together (a review
/// re-plans status, confidence, metric and impact at once); titles and requirements are saved
/// on their own.
const EDITS: &[(EditKind, u32)] = &[
    (EditKind::Details, 377),
    (EditKind::Status, 70),
    (EditKind::Confidence, 40),
    (EditKind::Title, 50),
    (EditKind::Metric, 30),
    (EditKind::Impact, 30),
    (EditKind::Requirements, 110),
    (EditKind::Reorder, 100),
    (EditKind::MovePeriod, 50),
    (EditKind::Reparent, 35),
    (EditKind::GuardrailAdd, 30),
    (EditKind::GuardrailEdit, 30),
    (EditKind::GuardrailDelete, 10),
    (EditKind::Delete, 20),
    (EditKind::Undelete, 10),
    (EditKind::Restore, 3),
    (EditKind::GoalEdit, 4),
    (EditKind::ProductFamily, 1),
];

/// Edits between two counts of a laptop's ops.
const COUNT_EVERY: usize = 100;

/// The fields a restore picks an earlier value of.
const RESTORED: &[&str] = &["title", "status", "confidence", "metric", "impact", "requirements"];

/// Restores pick among fields that have held at most this many values (the generator's count).
const MAX_RESTORED: u32 = 4;

struct Gen<'o, 'p> {
    opts: &'o Options<'p>,
    plan: Plan,
    rng: Rng,
    started: Instant,
    laptops: Vec<Laptop>,
    members: Vec<Member>,
    goals: Vec<(String, usize)>,
    families: Vec<String>,
    products: Vec<Product>,
    items: Vec<Item>,
    guardrails: Vec<Guardrail>,
    /// Per kind of edit: how many, how long in all (for the progress lines).
    timings: Vec<(String, u64, Duration)>,
    /// The execution phase's (`seed/execution.rs`).
    exec: execution::State,
    /// The ideas phase's (`seed/ideas.rs`).
    ideas: ideas::State,
}

impl<'o, 'p> Gen<'o, 'p> {
    fn say(&self, line: &str) {
        if let Some(progress) = self.opts.progress {
            let secs = self.started.elapsed().as_secs_f64();
            progress(&format!("[{secs:7.1} s] {line}"));
        }
    }

    fn main(&self) -> Result<&Laptop> {
        self.laptops.first().ok_or_else(|| Error::invalid("no main laptop"))
    }

    /// The main laptop: the workspace, its people, goals, families and products; the other
    /// laptops invited and joined.
    fn start(opts: &'o Options<'p>, started: Instant) -> Result<Gen<'o, 'p>> {
        let plan = opts.plan;
        let mut rng = Rng::new(opts.seed);
        let names = text::people(&mut rng, plan.members());
        let creator = names.first().cloned().unwrap_or_default();
        let main_dir = opts.main_dir.clone().unwrap_or_else(|| opts.devices_dir.join(slug(&creator)));
        std::fs::create_dir_all(&opts.folder).map_err(|e| {
            Error::Io(std::io::Error::new(e.kind(), format!("cannot create {}: {e}", opts.folder.display())))
        })?;
        let core = api::open_dir(&main_dir)?;
        if handlers::workspace_get(&core, api::NoArgs {})?.is_some() {
            return Err(Error::invalid(format!("{} already holds a workspace", main_dir.display())));
        }
        let me = handlers::workspace_init(
            &core,
            api::WorkspaceInitReq {
                workspace_name: text::WORKSPACE.into(),
                member_name: creator.clone(),
                role: Role::Leadership,
            },
        )?;
        let main = Laptop {
            name: creator,
            dir: main_dir,
            core,
            products: Vec::new(),
            hot: Vec::new(),
            rng: rng.fork(0),
            published: 0,
            received: 0,
            since_count: 0,
            own: 0,
        };
        let exec = execution::State::new(rng.fork(0xE8EC_0710), opts.today);
        let ideas = ideas::State::new(rng.fork(0x1DEA_5EED));
        let mut g = Gen {
            opts,
            plan,
            rng,
            started,
            laptops: vec![main],
            members: vec![Member { id: me.me.id, manager: None }],
            goals: Vec::new(),
            families: Vec::new(),
            products: Vec::new(),
            items: Vec::new(),
            guardrails: Vec::new(),
            timings: Vec::new(),
            exec,
            ideas,
        };
        let folder = path_text(&opts.folder)?;
        let pass = handlers::sync_set_folder(&g.main()?.core, api::SyncFolderReq { folder: folder.clone() })?;
        if let Some(main) = g.laptops.first_mut() {
            main.note(pass)?;
        }
        g.people(&names)?;
        g.goals()?;
        g.products()?;
        g.invite_and_join(&folder)?;
        g.say(&format!(
            "{} members, {} goals, {} products; {} laptops joined",
            g.members.len(),
            g.goals.len(),
            g.products.len(),
            g.laptops.len()
        ));
        Ok(g)
    }

    fn people(&mut self, names: &[String]) -> Result<()> {
        let plan = self.plan;
        let mut leaders = vec![0usize];
        let mut seniors = Vec::new();
        for (i, name) in names.iter().enumerate().skip(1) {
            let (role, manager) = if i < plan.leadership {
                (Role::Leadership, None)
            } else if i < plan.leadership + plan.seniors {
                (Role::Senior, leaders.get((i - plan.leadership) % leaders.len()).copied())
            } else {
                (Role::Junior, seniors.get((i - plan.leadership - plan.seniors) % seniors.len().max(1)).copied())
            };
            let manager_id = manager.and_then(|m| self.members.get(m)).map(|m: &Member| m.id.clone());
            let req = api::MemberCreateReq { name: name.clone(), role, manager_id };
            let m = handlers::member_create(&self.main()?.core, req)?;
            match role {
                Role::Leadership => leaders.push(self.members.len()),
                Role::Senior => seniors.push(self.members.len()),
                Role::Junior => {}
            }
            self.members.push(Member { id: m.id, manager });
        }
        Ok(())
    }

    fn goals(&mut self) -> Result<()> {
        let mut all: Vec<usize> = (0..text::GOALS.len()).collect();
        self.rng.shuffle(&mut all);
        for k in 0..self.plan.goals {
            let i = all.get(k % all.len()).copied().unwrap_or(0);
            let (title, description, measure) = text::GOALS.get(i).copied().unwrap_or_default();
            let title = if k < all.len() { title.to_owned() } else { format!("{title} ({})", k / all.len() + 1) };
            let req =
                api::GoalCreateReq { title, description: Some(description.into()), measure: Some(measure.into()) };
            let goal = handlers::goal_create(&self.main()?.core, req)?;
            self.goals.push((goal.id, i));
        }
        Ok(())
    }

    /// The senior with index `k` among seniors (members are leaders, then seniors, then juniors).
    fn senior(&self, k: usize) -> usize {
        self.plan.leadership + k % self.plan.seniors.max(1)
    }

    fn junior(&self, k: usize) -> usize {
        self.plan.leadership + self.plan.seniors + k % self.plan.juniors.max(1)
    }

    fn products(&mut self) -> Result<()> {
        for name in text::distinct(&mut self.rng, text::FAMILIES, self.plan.families) {
            let f = handlers::family_create(&self.main()?.core, api::FamilyCreateReq { name })?;
            self.families.push(f.id);
        }
        let names = text::distinct(&mut self.rng, text::PRODUCTS, self.plan.products);
        let owned_on_laptops = self.plan.senior_laptops * self.plan.products_per_laptop;
        for (k, name) in names.into_iter().enumerate() {
            // The first products belong to the seniors with laptops (laptops 1..), the others to
            // seniors without one, whose roadmaps leadership keeps on the main laptop.
            let (owner, laptop) = if k < owned_on_laptops {
                let s = k / self.plan.products_per_laptop.max(1);
                (self.senior(s), s + 1)
            } else {
                (self.senior(self.plan.senior_laptops + k - owned_on_laptops), 0)
            };
            let family = self.rng.below(self.families.len());
            let req = api::ProductCreateReq {
                name,
                owner_id: self.members.get(owner).map(|m| m.id.clone()),
                family_id: self.families.get(family).cloned(),
                base_year: Some(self.opts.base_year),
            };
            let p = handlers::product_create(&self.main()?.core, req)?;
            self.products.push(Product { id: p.id, owner, family, laptop, items: Vec::new() });
        }
        Ok(())
    }

    fn invite_and_join(&mut self, folder: &str) -> Result<()> {
        // Publish first, so the passes the invites run publish nothing this count misses.
        if let Some(main) = self.laptops.first_mut() {
            main.sync()?;
        }
        let mut who: Vec<usize> = (0..self.plan.senior_laptops).map(|s| self.senior(s)).collect();
        who.extend((0..self.plan.junior_laptops).map(|j| self.junior(j)));
        let mut invites = Vec::new();
        for m in &who {
            let member_id = self.members.get(*m).map(|m| m.id.clone()).unwrap_or_default();
            invites.push(handlers::invite_create(
                &self.main()?.core,
                api::InviteCreateReq { member_id, expires_days: None },
            )?);
        }
        // Each invite is a synced row its own pass published: the main laptop's published count
        // is all its own changes but those not yet in the folder.
        if let Some(main) = self.laptops.first_mut() {
            let own =
                main.core.read(|c| Ok(baton_core::oplog::store::local_device(c)?.map_or(0, |d| d.next_seq - 1)))?;
            let unpublished = handlers::sync_status(&main.core, api::NoArgs {})?.unpublished;
            main.published = u64::try_from(own - unpublished).unwrap_or(0);
        }
        for (k, invite) in invites.into_iter().enumerate() {
            let name = invite.member_name.clone();
            let dir = self.opts.devices_dir.join(slug(&name));
            let core = api::open_dir(&dir)?;
            handlers::workspace_join(&core, api::JoinReq { folder: folder.to_owned(), invite: invite.invite })?;
            let rng = self.rng.fork(k as u64 + 1);
            self.laptops.push(Laptop {
                name,
                dir,
                core,
                products: Vec::new(),
                hot: Vec::new(),
                rng,
                published: 0,
                received: 0,
                since_count: 0,
                own: 0,
            });
        }
        for (p, product) in self.products.iter().enumerate() {
            if let Some(l) = self.laptops.get_mut(product.laptop) {
                l.products.push(p);
            }
        }
        Ok(())
    }

    fn period(&mut self, horizon: Horizon) -> String {
        let base = self.opts.base_year;
        match horizon {
            Horizon::FiveYear => format!("{}", base + self.rng.below(5) as i32),
            Horizon::ThreeYear => {
                let year = base + self.rng.below(3) as i32;
                match self.rng.below(3) {
                    0 => format!("{year}"),
                    1 => format!("{year}-H1"),
                    _ => format!("{year}-H2"),
                }
            }
            Horizon::OneYear => format!("{base}-Q{}", 1 + self.rng.below(4)),
        }
    }

    /// Every product's roadmap: themes, initiatives, items, their details and guardrails,
    /// created on the laptop that edits the product.
    fn structure(&mut self) -> Result<()> {
        let weights: Vec<usize> = (0..self.products.len()).map(|_| 2 + self.rng.below(4)).collect();
        let themes = split(self.plan.themes, &weights, 1);
        let inits = split(self.plan.initiatives, &weights, 1);
        let items = split(self.plan.items, &weights, 0);
        for p in 0..self.products.len() {
            let counts = [
                (Horizon::FiveYear, themes.get(p).copied().unwrap_or(0)),
                (Horizon::ThreeYear, inits.get(p).copied().unwrap_or(0)),
                (Horizon::OneYear, items.get(p).copied().unwrap_or(0)),
            ];
            for (horizon, n) in counts {
                for _ in 0..n {
                    self.create_item(p, horizon)?;
                }
            }
        }
        for l in 0..self.laptops.len() {
            let mut hot: Vec<usize> = self.laptops.get(l).map_or(Vec::new(), |laptop| {
                laptop
                    .products
                    .iter()
                    .flat_map(|p| self.products.get(*p).map_or(&[][..], |p| &p.items))
                    .copied()
                    .collect()
            });
            if let Some(laptop) = self.laptops.get_mut(l) {
                laptop.rng.shuffle(&mut hot);
                laptop.hot = hot;
                laptop.count_own()?;
            }
        }
        self.say(&format!(
            "roadmaps: {} items, {} guardrails; main laptop {} ops",
            self.items.len(),
            self.guardrails.len(),
            self.main()?.own
        ));
        Ok(())
    }

    fn create_item(&mut self, p: usize, horizon: Horizon) -> Result<()> {
        let (product_id, laptop, siblings) = match self.products.get(p) {
            Some(product) => (product.id.clone(), product.laptop, product.items.clone()),
            None => return Ok(()),
        };
        let period = self.period(horizon);
        let title = match horizon {
            Horizon::FiveYear => text::theme_title(&mut self.rng),
            _ => text::item_title(&mut self.rng),
        };
        let aligned = !self.rng.chance(0.01);
        let (goal, parent) = match horizon.parent() {
            None => (aligned.then(|| self.rng.below(self.goals.len())), None),
            Some(up) => {
                let candidates: Vec<usize> = siblings
                    .iter()
                    .copied()
                    .filter(|i| self.items.get(*i).is_some_and(|it| it.horizon == up))
                    .collect();
                (None, if aligned { self.rng.pick(&candidates) } else { None })
            }
        };
        let status = match self.rng.below(10) {
            0 => Status::Idea,
            1 => Status::InProgress,
            _ => Status::Planned,
        };
        let req = api::ItemCreateReq {
            product_id,
            horizon,
            period: period.clone(),
            title: title.clone(),
            goal_id: goal.and_then(|g| self.goals.get(g)).map(|g| g.0.clone()),
            parent_id: parent.and_then(|i| self.items.get(i)).map(|i| i.id.clone()),
            status: Some(status),
        };
        let view = handlers::item_create(self.core(laptop)?, req)?;
        let index = self.items.len();
        self.items.push(Item {
            id: view.id.clone(),
            product: p,
            horizon,
            period,
            parent,
            goal,
            title: title.clone(),
            status,
            confidence: view.confidence,
            metric: String::new(),
            impact: String::new(),
            musts: Vec::new(),
            deleted: false,
            changes: [1, 1, 1, 0, 0, 0],
        });
        if let Some(product) = self.products.get_mut(p) {
            product.items.push(index);
        }
        // Details filled in when the item is written up.
        let with_requirements = match horizon {
            Horizon::FiveYear => 0.3,
            Horizon::ThreeYear => 0.5,
            Horizon::OneYear => 0.7,
        };
        if self.rng.chance(0.8) {
            let musts: Vec<String> = (0..2 + self.rng.below(4)).map(|_| text::must(&mut self.rng)).collect();
            let requirements =
                self.rng.chance(with_requirements).then(|| text::requirements(&title, &musts, &mut self.rng));
            let req = api::ItemUpdateReq {
                id: view.id,
                title: None,
                status: None,
                confidence: Some(self.pick_confidence()),
                metric: Some(text::metric(&mut self.rng)),
                impact: Some(text::impact(&mut self.rng)),
                requirements: requirements.clone(),
            };
            let view = handlers::item_update(self.core(laptop)?, req)?;
            if let Some(item) = self.items.get_mut(index) {
                item.note(&view);
                if requirements.is_some() {
                    item.musts = musts;
                    item.changes[5] += 1;
                }
            }
        }
        let guardrail = match horizon {
            Horizon::FiveYear => 0.3,
            Horizon::ThreeYear => 0.2,
            Horizon::OneYear => 0.05,
        };
        if self.rng.chance(guardrail) {
            self.add_guardrail(laptop, index)?;
        }
        Ok(())
    }

    fn pick_confidence(&mut self) -> Confidence {
        self.rng.pick(&Confidence::ALL).unwrap_or(Confidence::Medium)
    }

    fn add_guardrail(&mut self, laptop: usize, item: usize) -> Result<()> {
        let Some(item_id) = self.items.get(item).map(|i| i.id.clone()) else { return Ok(()) };
        let rng = &mut self.laptops.get_mut(laptop).ok_or_else(|| Error::invalid("no such laptop"))?.rng;
        let kind = rng.pick(&GuardrailKind::ALL).unwrap_or(GuardrailKind::Other);
        let statement = text::guardrail(rng);
        let core = &self.laptops.get(laptop).ok_or_else(|| Error::invalid("no such laptop"))?.core;
        let g = handlers::guardrail_add(core, api::GuardrailAddReq { item_id, kind, statement })?;
        self.guardrails.push(Guardrail { id: g.id, item, kind: g.kind, statement: g.statement, deleted: false });
        Ok(())
    }

    /// Rounds of edits, each laptop up to its share of the plan's ops (`roadmap_own`: the ops
    /// the roadmaps' creation made; the delegation phase's are not counted).
    fn history(&mut self, roadmap_own: u64) -> Result<()> {
        let rounds = self.plan.rounds.max(1);
        let to_edit = self.plan.ops.saturating_sub(roadmap_own);
        let weights: Vec<usize> = self.laptops.iter().map(|l| l.hot.len()).collect();
        let budgets = split(usize::try_from(to_edit).unwrap_or(usize::MAX), &weights, 0);
        let starts: Vec<u64> = self.laptops.iter().map(|l| l.own).collect();
        let target = |l: usize, r: usize| {
            let budget = budgets.get(l).copied().unwrap_or(0) as u64;
            starts.get(l).copied().unwrap_or(0) + budget * r as u64 / rounds as u64
        };
        // The seniors' laptops work offline and sync once, when done (a pass receives all that
        // others published: frequent passes on every laptop would cost more than the edits);
        // then the main laptop's rounds, each ending with a pass (the first receives theirs).
        for l in (1..self.laptops.len()).chain([0]) {
            let edits = self.laptops.get(l).is_some_and(|laptop| !laptop.hot.is_empty());
            if !edits {
                continue;
            }
            for r in 1..=rounds {
                self.round(l, r, target(l, r))?;
                if l != 0 && r == rounds {
                    // A senior's own ideas go out with its one pass (`seed/ideas.rs`).
                    self.senior_ideas(l)?;
                }
                if l == 0 || r == rounds {
                    self.pass(l)?;
                }
            }
        }
        Ok(())
    }

    fn pass(&mut self, l: usize) -> Result<()> {
        let began = Instant::now();
        if let Some(laptop) = self.laptops.get_mut(l) {
            laptop.sync()?;
        }
        self.timed(if l == 0 { "main laptop's sync pass" } else { "other laptops' sync pass" }, began);
        Ok(())
    }

    /// One laptop's edits of round `r`, until its own ops reach `target`; then the round's
    /// snapshots (after the last round, every deleted item is brought back first).
    fn round(&mut self, l: usize, r: usize, target: u64) -> Result<()> {
        let began = Instant::now();
        let Some(first) = self.laptops.get(l).map(|laptop| laptop.own) else { return Ok(()) };
        let has_items = self.laptops.get(l).is_some_and(|laptop| !laptop.hot.is_empty());
        while has_items && self.own_ops(l)? < target {
            self.edit(l)?;
        }
        let last = r == self.plan.rounds.max(1);
        let products = self.laptops.get(l).map(|laptop| laptop.products.clone()).unwrap_or_default();
        if last {
            let deleted: Vec<usize> = (0..self.items.len())
                .filter(|i| self.items.get(*i).is_some_and(|it| it.deleted && products.contains(&it.product)))
                .collect();
            for i in deleted {
                self.undelete(l, i)?;
            }
        }
        if r.is_multiple_of(self.plan.snapshot_every.max(1)) || last {
            for p in products {
                let Some(product_id) = self.products.get(p).map(|p| p.id.clone()) else { continue };
                let name = format!("{} plan, review {r}", self.opts.base_year);
                let began = Instant::now();
                handlers::snapshot_create(self.core(l)?, api::SnapshotCreateReq { product_id, name })?;
                self.timed("snapshot", began);
            }
        }
        let Some(laptop) = self.laptops.get_mut(l) else { return Ok(()) };
        let own = laptop.count_own()?;
        if own > first {
            let secs = began.elapsed().as_secs_f64().max(1e-9);
            let line = format!(
                "round {r}/{}: {}'s laptop at {own} ops ({:.0} ops/s)",
                self.plan.rounds,
                laptop.name,
                (own - first) as f64 / secs
            );
            self.say(&line);
        }
        Ok(())
    }

    fn own_ops(&mut self, l: usize) -> Result<u64> {
        let laptop = self.laptops.get_mut(l).ok_or_else(|| Error::invalid("no such laptop"))?;
        if laptop.since_count >= COUNT_EVERY {
            laptop.count_own()?;
        }
        Ok(laptop.own)
    }

    fn core(&self, l: usize) -> Result<&Core> {
        Ok(&self.laptops.get(l).ok_or_else(|| Error::invalid("no such laptop"))?.core)
    }

    fn rng(&mut self, l: usize) -> Result<&mut Rng> {
        Ok(&mut self.laptops.get_mut(l).ok_or_else(|| Error::invalid("no such laptop"))?.rng)
    }

    /// One edit on laptop `l`: an item among its products (hot ones more often), an edit kind.
    fn edit(&mut self, l: usize) -> Result<()> {
        let laptop = self.laptops.get_mut(l).ok_or_else(|| Error::invalid("no such laptop"))?;
        laptop.since_count += 1;
        let k = laptop.rng.skewed(laptop.hot.len());
        let i = laptop.hot.get(k).copied().ok_or_else(|| Error::invalid("a laptop without items"))?;
        let mut roll = laptop.rng.below(1000) as u32;
        let mut kind = EditKind::Status;
        for (e, w) in EDITS {
            if roll < *w {
                kind = *e;
                break;
            }
            roll -= w;
        }
        if self.items.get(i).is_some_and(|it| it.deleted) {
            // Someone opens a deleted item from history and brings it back.
            return self.undelete(l, i);
        }
        // A refusal here is the generator's bug: say which edit of which item.
        let began = Instant::now();
        self.edit_as(l, i, kind).map_err(|e| {
            let title = self.items.get(i).map(|it| it.title.as_str()).unwrap_or_default();
            Error::InvalidOp(format!("the generator's {kind:?} edit of {title:?} failed: {e}"))
        })?;
        self.timed(&format!("{kind:?}"), began);
        Ok(())
    }

    /// Counts one `what` that began at `began`, for the progress lines.
    fn timed(&mut self, what: &str, began: Instant) {
        let took = began.elapsed();
        match self.timings.iter_mut().find(|t| t.0 == what) {
            Some(t) => {
                t.1 += 1;
                t.2 += took;
            }
            None => self.timings.push((what.to_owned(), 1, took)),
        }
    }

    fn edit_as(&mut self, l: usize, i: usize, kind: EditKind) -> Result<()> {
        match kind {
            EditKind::Details => self.details(l, i),
            EditKind::Status | EditKind::Confidence | EditKind::Title | EditKind::Metric | EditKind::Impact => {
                self.field(l, i, kind)
            }
            EditKind::Requirements => self.requirements(l, i),
            EditKind::Reorder => self.reorder(l, i),
            EditKind::MovePeriod => self.move_period(l, i),
            EditKind::Reparent => self.reparent(l, i),
            EditKind::GuardrailAdd => self.add_guardrail(l, i),
            EditKind::GuardrailEdit | EditKind::GuardrailDelete => {
                self.guardrail(l, i, kind == EditKind::GuardrailDelete)
            }
            EditKind::Delete => self.delete(l, i),
            EditKind::Undelete => match self.deleted_on(l) {
                Some(d) => self.undelete(l, d),
                None => self.field(l, i, EditKind::Status),
            },
            EditKind::Restore => self.restore(l, i),
            EditKind::GoalEdit if l == 0 => self.goal_edit(l),
            EditKind::ProductFamily => self.product_family(l, i),
            EditKind::GoalEdit => self.details(l, i),
        }
    }

    fn update(&mut self, l: usize, i: usize, req: api::ItemUpdateReq) -> Result<()> {
        let view = handlers::item_update(self.core(l)?, req)?;
        if let Some(item) = self.items.get_mut(i) {
            item.note(&view);
        }
        Ok(())
    }

    fn blank(&self, i: usize) -> api::ItemUpdateReq {
        api::ItemUpdateReq { id: self.items.get(i).map(|it| it.id.clone()).unwrap_or_default(), ..Default::default() }
    }

    fn other_status(&mut self, l: usize, i: usize) -> Result<Status> {
        let now = self.items.get(i).map_or(Status::Planned, |it| it.status);
        let choices: Vec<Status> = Status::ALL.into_iter().filter(|s| *s != now).collect();
        Ok(self.rng(l)?.pick(&choices).unwrap_or(Status::Planned))
    }

    fn other_confidence(&mut self, l: usize, i: usize) -> Result<Confidence> {
        let now = self.items.get(i).map_or(Confidence::Medium, |it| it.confidence);
        let choices: Vec<Confidence> = Confidence::ALL.into_iter().filter(|c| *c != now).collect();
        Ok(self.rng(l)?.pick(&choices).unwrap_or(Confidence::Medium))
    }

    /// An item's details panel saved at once: status, confidence, metric and impact.
    fn details(&mut self, l: usize, i: usize) -> Result<()> {
        let mut req = self.blank(i);
        req.status = Some(self.other_status(l, i)?);
        req.confidence = Some(self.other_confidence(l, i)?);
        let rng = self.rng(l)?;
        req.metric = Some(text::metric(rng));
        if rng.chance(0.7) {
            req.impact = Some(text::impact(rng));
        }
        self.update(l, i, req)
    }

    fn field(&mut self, l: usize, i: usize, kind: EditKind) -> Result<()> {
        let mut req = self.blank(i);
        let theme = self.items.get(i).is_some_and(|it| it.horizon == Horizon::FiveYear);
        match kind {
            EditKind::Status => req.status = Some(self.other_status(l, i)?),
            EditKind::Confidence => req.confidence = Some(self.other_confidence(l, i)?),
            EditKind::Title => {
                let rng = self.rng(l)?;
                req.title = Some(if theme { text::theme_title(rng) } else { text::item_title(rng) });
            }
            EditKind::Metric => req.metric = Some(text::metric(self.rng(l)?)),
            _ => req.impact = Some(text::impact(self.rng(l)?)),
        }
        self.update(l, i, req)
    }

    /// A line of the requirements added, reworded or dropped.
    fn requirements(&mut self, l: usize, i: usize) -> Result<()> {
        let title = self.items.get(i).map(|it| it.title.clone()).unwrap_or_default();
        let mut musts = self.items.get(i).map(|it| it.musts.clone()).unwrap_or_default();
        let rng = self.rng(l)?;
        match rng.below(3) {
            0 if musts.len() > 2 => {
                musts.remove(rng.below(musts.len()));
            }
            1 if !musts.is_empty() => {
                let k = rng.below(musts.len());
                if let Some(m) = musts.get_mut(k) {
                    *m = text::must(rng);
                }
            }
            _ => musts.push(text::must(rng)),
        }
        musts.truncate(8);
        let requirements = text::requirements(&title, &musts, rng);
        let mut req = self.blank(i);
        req.requirements = Some(requirements);
        self.update(l, i, req)?;
        if let Some(item) = self.items.get_mut(i) {
            item.musts = musts;
            item.changes[5] += 1;
        }
        Ok(())
    }

    /// Live items of the same product and horizon (and period, when given), other than `i`.
    fn peers_of(&self, i: usize, horizon: Horizon, period: Option<&str>) -> Vec<usize> {
        let Some(item) = self.items.get(i) else { return Vec::new() };
        let Some(product) = self.products.get(item.product) else { return Vec::new() };
        product
            .items
            .iter()
            .copied()
            .filter(|j| {
                *j != i
                    && self
                        .items
                        .get(*j)
                        .is_some_and(|o| !o.deleted && o.horizon == horizon && period.is_none_or(|p| o.period == p))
            })
            .collect()
    }

    fn move_req(&self, i: usize) -> api::ItemMoveReq {
        api::ItemMoveReq {
            id: self.items.get(i).map(|it| it.id.clone()).unwrap_or_default(),
            period: None,
            parent_id: None,
            goal_id: None,
            before_id: None,
            after_id: None,
        }
    }

    /// Dragged before or after another card of its period.
    fn reorder(&mut self, l: usize, i: usize) -> Result<()> {
        let Some((horizon, period)) = self.items.get(i).map(|it| (it.horizon, it.period.clone())) else {
            return Ok(());
        };
        let siblings = self.peers_of(i, horizon, Some(&period));
        let rng = self.rng(l)?;
        let Some(other) = rng.pick(&siblings) else { return self.move_period(l, i) };
        let before = rng.chance(0.5);
        let other_id = self.items.get(other).map(|o| o.id.clone());
        let mut req = self.move_req(i);
        if before {
            req.before_id = other_id;
        } else {
            req.after_id = other_id;
        }
        handlers::item_move(self.core(l)?, req)?;
        Ok(())
    }

    fn move_period(&mut self, l: usize, i: usize) -> Result<()> {
        let Some((horizon, now)) = self.items.get(i).map(|it| (it.horizon, it.period.clone())) else {
            return Ok(());
        };
        let base = self.opts.base_year;
        let rng = self.rng(l)?;
        let mut period = now.clone();
        for _ in 0..4 {
            period = match horizon {
                Horizon::FiveYear => format!("{}", base + rng.below(5) as i32),
                Horizon::ThreeYear => {
                    let year = base + rng.below(3) as i32;
                    [format!("{year}"), format!("{year}-H1"), format!("{year}-H2")]
                        .get(rng.below(3))
                        .cloned()
                        .unwrap_or_default()
                }
                Horizon::OneYear => format!("{base}-Q{}", 1 + rng.below(4)),
            };
            if period != now {
                break;
            }
        }
        if period == now {
            return self.field(l, i, EditKind::Status);
        }
        let mut req = self.move_req(i);
        req.period = Some(period.clone());
        handlers::item_move(self.core(l)?, req)?;
        if let Some(item) = self.items.get_mut(i) {
            item.period = period;
        }
        Ok(())
    }

    /// Serves another initiative or theme of its product (a theme: another goal).
    fn reparent(&mut self, l: usize, i: usize) -> Result<()> {
        let Some(item) = self.items.get(i) else { return Ok(()) };
        let (horizon, parent, goal) = (item.horizon, item.parent, item.goal);
        if parent.is_none() && goal.is_none() {
            // A draft serving nothing stays one (the alignment page lists them).
            return self.field(l, i, EditKind::Status);
        }
        let mut req = self.move_req(i);
        match horizon.parent() {
            None => {
                let choices: Vec<usize> = (0..self.goals.len()).filter(|g| Some(*g) != goal).collect();
                let Some(g) = self.rng(l)?.pick(&choices) else { return self.field(l, i, EditKind::Status) };
                req.goal_id = self.goals.get(g).map(|g| g.0.clone());
                handlers::item_move(self.core(l)?, req)?;
                if let Some(item) = self.items.get_mut(i) {
                    item.goal = Some(g);
                }
            }
            Some(up) => {
                let choices: Vec<usize> =
                    self.peers_of(i, up, None).into_iter().filter(|p| Some(*p) != parent).collect();
                let Some(p) = self.rng(l)?.pick(&choices) else { return self.field(l, i, EditKind::Status) };
                req.parent_id = self.items.get(p).map(|p| p.id.clone());
                handlers::item_move(self.core(l)?, req)?;
                if let Some(item) = self.items.get_mut(i) {
                    item.parent = Some(p);
                }
            }
        }
        Ok(())
    }

    /// A guardrail of this item (or, when it has none, a new one) reworded, re-kinded or deleted.
    fn guardrail(&mut self, l: usize, i: usize, delete: bool) -> Result<()> {
        let mine: Vec<usize> = (0..self.guardrails.len())
            .filter(|g| self.guardrails.get(*g).is_some_and(|g| g.item == i && !g.deleted))
            .collect();
        let Some(g) = self.rng(l)?.pick(&mine) else { return self.add_guardrail(l, i) };
        let id = self.guardrails.get(g).map(|g| g.id.clone()).unwrap_or_default();
        let rng = self.rng(l)?;
        if delete {
            handlers::guardrail_delete(self.core(l)?, api::IdReq { id })?;
            if let Some(g) = self.guardrails.get_mut(g) {
                g.deleted = true;
            }
            return Ok(());
        }
        let (kind, statement) =
            if rng.chance(0.3) { (rng.pick(&GuardrailKind::ALL), None) } else { (None, Some(text::guardrail(rng))) };
        let view = handlers::guardrail_update(self.core(l)?, api::GuardrailUpdateReq { id, kind, statement })?;
        if let Some(g) = self.guardrails.get_mut(g) {
            g.kind = view.kind;
            g.statement = view.statement;
        }
        Ok(())
    }

    fn delete(&mut self, l: usize, i: usize) -> Result<()> {
        let id = self.items.get(i).map(|it| it.id.clone()).unwrap_or_default();
        handlers::item_delete(self.core(l)?, api::IdReq { id })?;
        if let Some(item) = self.items.get_mut(i) {
            item.deleted = true;
        }
        Ok(())
    }

    fn undelete(&mut self, l: usize, i: usize) -> Result<()> {
        let id = self.items.get(i).map(|it| it.id.clone()).unwrap_or_default();
        handlers::item_undelete(self.core(l)?, api::IdReq { id })?;
        if let Some(item) = self.items.get_mut(i) {
            item.deleted = false;
        }
        Ok(())
    }

    /// A deleted item of laptop `l`'s products, if any.
    fn deleted_on(&self, l: usize) -> Option<usize> {
        let laptop = self.laptops.get(l)?;
        laptop.hot.iter().copied().find(|i| self.items.get(*i).is_some_and(|it| it.deleted))
    }

    /// An earlier value of one of the item's fields, restored from its history: a field with
    /// a short history (an undo soon after the edit, as restores mostly are).
    fn restore(&mut self, l: usize, i: usize) -> Result<()> {
        let Some(item) = self.items.get(i) else { return Ok(()) };
        let fields: Vec<usize> = (0..RESTORED.len())
            .filter(|f| item.changes.get(*f).is_some_and(|n| (2..=MAX_RESTORED).contains(n)))
            .collect();
        let entity_id = item.id.clone();
        let Some(f) = self.rng(l)?.pick(&fields) else { return self.details(l, i) };
        let field = RESTORED.get(f).copied().unwrap_or("status");
        let req = api::HistoryReq { entity_id, field: Some(field.to_owned()) };
        let changes = handlers::history_list(self.core(l)?, req)?;
        let current = changes.iter().find(|c| c.current).and_then(|c| c.value.clone());
        let earlier: Vec<&api::ChangeView> =
            changes.iter().filter(|c| !c.current && c.restorable && c.value.is_some() && c.value != current).collect();
        // The value just before is the usual "undo"; older ones less often.
        let pick = self.rng(l)?.skewed(earlier.len());
        let Some(op_id) = earlier.get(pick).map(|c| c.op_id.clone()) else { return self.details(l, i) };
        let now = handlers::history_restore(self.core(l)?, api::RestoreReq { op_id })?;
        let value = now.value.unwrap_or_default();
        let Some(item) = self.items.get_mut(i) else { return Ok(()) };
        if let Some(n) = item.changes.get_mut(f) {
            *n += 1;
        }
        match field {
            "title" => item.title = value,
            "status" => item.status = Status::parse(&value)?,
            "confidence" => item.confidence = Confidence::parse(&value)?,
            "metric" => item.metric = value,
            "impact" => item.impact = value,
            _ => {
                item.musts = value
                    .lines()
                    .skip_while(|line| *line != "## Must")
                    .skip(1)
                    .map_while(|line| line.strip_prefix("- "))
                    .map(str::to_owned)
                    .collect();
            }
        }
        Ok(())
    }

    /// Leadership rewords a goal's description or measure.
    fn goal_edit(&mut self, l: usize) -> Result<()> {
        let goals = self.goals.len();
        let rng = self.rng(l)?;
        let g = rng.below(goals);
        let tighter = rng.chance(0.5);
        let Some((id, text_index)) = self.goals.get(g).cloned() else { return Ok(()) };
        let (_, description, measure) = text::GOALS.get(text_index).copied().unwrap_or_default();
        let year = self.opts.base_year + 1;
        let req = api::GoalUpdateReq {
            id,
            title: None,
            description: Some(if tighter { format!("{description} Reviewed for {year}.") } else { description.into() }),
            measure: Some(if tighter { format!("{measure}, by the end of {year}") } else { measure.into() }),
        };
        handlers::goal_update(self.core(l)?, req)?;
        Ok(())
    }

    /// The item's product moves to another family.
    fn product_family(&mut self, l: usize, i: usize) -> Result<()> {
        let Some(p) = self.items.get(i).map(|it| it.product) else { return Ok(()) };
        let now = self.products.get(p).map_or(0, |p| p.family);
        let choices: Vec<usize> = (0..self.families.len()).filter(|f| *f != now).collect();
        let Some(f) = self.rng(l)?.pick(&choices) else { return self.details(l, i) };
        let req = api::ProductUpdateReq {
            id: self.products.get(p).map(|p| p.id.clone()).unwrap_or_default(),
            name: None,
            family_id: self.families.get(f).cloned(),
            base_year: None,
        };
        handlers::product_update(self.core(l)?, req)?;
        if let Some(product) = self.products.get_mut(p) {
            product.family = f;
        }
        Ok(())
    }

    /// The main laptop's last pass: it has every laptop's ops.
    fn finish(mut self, delegation_ops: u64, execution_ops: u64, ideas_ops: u64) -> Result<Generated> {
        self.pass(0)?;
        let main = self.main()?;
        let status = handlers::sync_status(&main.core, api::NoArgs {})?;
        if status.unpublished != 0 {
            return Err(Error::invalid(format!("the main laptop kept {} ops unpublished", status.unpublished)));
        }
        let ops = main.published + main.received;
        let mut timings = self.timings.clone();
        timings.sort_by_key(|t| std::cmp::Reverse(t.2));
        let edits: Vec<String> = timings
            .iter()
            .map(|(what, n, d)| format!("{what} {n} × {:.2} ms", d.as_secs_f64() * 1e3 / (*n).max(1) as f64))
            .collect();
        self.say(&format!("time spent: {}", edits.join(", ")));
        let seconds = self.started.elapsed().as_secs_f64();
        self.say(&format!(
            "done: {ops} ops on the main laptop in {seconds:.1} s ({:.0} ops/s)",
            ops as f64 / seconds.max(1e-9)
        ));
        Ok(Generated {
            main_dir: main.dir.clone(),
            device_dirs: self.laptops.iter().map(|l| l.dir.clone()).collect(),
            folder: self.opts.folder.clone(),
            ops,
            delegation_ops,
            execution_ops,
            ideas_ops,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_keeps_the_total_and_the_minimum() {
        let parts = split(200, &[2, 3, 5, 4], 1);
        assert_eq!(parts.iter().sum::<usize>(), 200);
        assert!(parts.iter().all(|p| *p >= 1));
        assert_eq!(split(3, &[1, 1, 1, 1], 1).iter().sum::<usize>(), 4, "the minimum wins over the total");
        assert_eq!(split(7, &[], 0), Vec::<usize>::new());
    }

    #[test]
    fn the_rng_is_the_same_forever() {
        // splitmix64's published first output for seed 0.
        assert_eq!(Rng::new(0).next_u64(), 0xE220_A839_7B1D_CDAF);
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        assert!((0..100).all(|_| a.below(10) == b.below(10)));
        assert!((0..1000).all(|_| a.below(3) < 3 && a.skewed(5) < 5));
    }

    #[test]
    fn the_edit_shares_are_per_mille() {
        assert_eq!(EDITS.iter().map(|e| e.1).sum::<u32>(), 1000);
    }

    #[test]
    fn scales_parse_by_name() -> Result<()> {
        assert_eq!(Scale::parse("small")?, Scale::Small);
        assert_eq!(Scale::parse(" Large ")?, Scale::Large);
        let err = Scale::parse("huge").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("use small or large"), "{err}");
        assert_eq!(Scale::Large.plan().members(), 300);
        Ok(())
    }

    #[test]
    fn the_current_year_is_plausible() {
        assert!((2025..2200).contains(&current_year()));
    }
}
