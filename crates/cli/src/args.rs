//! What `baton` accepts on its command line: the clap definitions of every verb, and
//! [`choice`], the value parser that takes `--role`, `--horizon`, `--status`, `--confidence`,
//! `--kind`, `--stage` and `--mark` values from the core's own enums (their `ALL` lists and
//! `as_str` names), so the CLI has no copy of those lists — except for `Stage` and `Mark`, whose
//! lists the core does not export: see [`STAGES`] and [`MARKS`].

use std::ffi::OsStr;
use std::marker::PhantomData;
use std::path::PathBuf;

use baton_core::api::{
    Confidence, FeedbackShow, FeedbackSource, GuardrailKind, Horizon, IdeaStage, Impact, JournalKind, Mark, Outcome,
    Role, Stage, Status,
};
use baton_dev::seed::Scale;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{ArgGroup, Args, Parser, Subcommand};

#[derive(Parser)]
#[command(name = "baton", version, about = "Baton: roadmap delegation, offline-first", propagate_version = true)]
pub(crate) struct Cli {
    /// Workspace data directory [default: $BATON_DATA_DIR, else the app's data directory]
    #[arg(long, value_name = "DIR")]
    pub(crate) data_dir: Option<PathBuf>,
    /// Print machine-readable JSON
    #[arg(long, global = true)]
    pub(crate) json: bool,
    #[command(subcommand)]
    pub(crate) verb: Verb,
}

#[derive(Subcommand)]
pub(crate) enum Verb {
    /// Create the workspace on this device, with you as its first member
    Init {
        /// Your name
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = choice::<Role>())]
        role: Role,
        /// The workspace's name
        #[arg(long, default_value = "My workspace")]
        workspace: String,
    },
    /// Create a ready sample workspace (a senior PM's products and roadmaps)
    Sample,
    /// Show the workspace and who you are on this device
    Whoami,
    /// The workspace: rename
    #[command(subcommand)]
    Workspace(WorkspaceVerb),
    /// People: add, update, remove, list
    #[command(subcommand)]
    Member(MemberVerb),
    /// Organisation goals: add, update, list
    #[command(subcommand)]
    Goal(GoalVerb),
    /// Product families: add, list
    #[command(subcommand)]
    Family(FamilyVerb),
    /// Products: add, update, list
    #[command(subcommand)]
    Product(ProductVerb),
    /// Roadmap items on the five-, three- and one-year horizons: add, list, show, update, move, delete
    #[command(subcommand)]
    Item(ItemVerb),
    /// Guardrails on items (scope, budget, quality, date, must-not): add, list, update, delete
    #[command(subcommand)]
    Guardrail(GuardrailVerb),
    /// What serves each goal: goal → theme → initiative → item, unaligned items, unserved goals
    Alignment {
        /// Only this product (name or id)
        #[arg(long)]
        product: Option<String>,
    },
    /// Named snapshots of a product's roadmap, and what changed since: create, list, diff
    #[command(subcommand)]
    Snapshot(SnapshotVerb),
    /// Hand a one-year item to a junior PM with a brief: offer, amend, ask, answer, accept,
    /// check-in, complete, withdraw, reassign, list, show
    #[command(subcommand)]
    Delegate(DelegateVerb),
    /// Stories under a delegation: add, update, delete, move, status, guardrail-check, list, show
    #[command(subcommand)]
    Story(StoryVerb),
    /// Reviews of stories: request, approve, request-changes, comment, reply, resolve, queue
    #[command(subcommand)]
    Review(ReviewVerb),
    /// What waits on me as a junior PM: offers, changes asked for, answers, comments, check-ins due
    Inbox,
    /// My juniors at a glance: their delegations, stories in flight, reviews waiting, flags
    Board,
    /// Customer feedback: add, list (the inbox), link (to an idea or item), dismiss
    #[command(subcommand)]
    Feedback(FeedbackVerb),
    /// Ideas with evidence: add, update, evidence, score, sponsor, return, submit, place, list,
    /// show, queue, for-item
    #[command(subcommand)]
    Idea(IdeaVerb),
    /// Leadership's decision on a submitted idea, with its rationale
    Decide {
        #[arg(help = IDEA_HELP)]
        idea: String,
        #[arg(long, value_parser = choice::<Outcome>())]
        outcome: Outcome,
        /// Why (required)
        #[arg(long)]
        rationale: String,
        /// The changes asked for (with go_ahead_with_changes)
        #[arg(long)]
        changes: Option<String>,
        /// When to look at it again, YYYY-MM-DD (with not_now)
        #[arg(long, value_name = "DATE")]
        revisit: Option<String>,
    },
    /// The decision log, newest first: search by text, product, outcome, dates
    Decisions {
        /// Words in the idea decided on, the rationale or the changes (each a prefix; all must match)
        #[arg(long)]
        search: Option<String>,
        /// Only this product (name or id)
        #[arg(long)]
        product: Option<String>,
        #[arg(long, value_parser = choice::<Outcome>())]
        outcome: Option<Outcome>,
        /// Decided on or after, YYYY-MM-DD
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Decided on or before, YYYY-MM-DD
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// At most this many (default 200)
        #[arg(long)]
        limit: Option<i64>,
    },
    /// "Not now" ideas whose revisit date has come
    Revisit {
        /// Also those whose date is still ahead
        #[arg(long)]
        upcoming: bool,
    },
    /// Sprints of a product: add, update, list, board, burnup, backlog, plan, unplan, close
    #[command(subcommand)]
    Sprint(SprintVerb),
    /// Launches of one-year items: add, update, show, list (the calendar), check, add-entry,
    /// done (mark launched), cancel, template
    #[command(subcommand)]
    Launch(LaunchVerb),
    /// Progress rolled up from stories to items, initiatives, themes and goals, with risks
    Progress {
        /// Only this goal (id or exact title)
        #[arg(long)]
        goal: Option<String>,
        /// Only this product's work (name or id)
        #[arg(long)]
        product: Option<String>,
        /// The stories counted under this one-year item (id or exact title)
        #[arg(long, conflicts_with_all = ["goal", "product"])]
        item: Option<String>,
    },
    /// Your journal of learnings, achievements and reflections: add, update, remove, list, export
    #[command(subcommand)]
    Journal(JournalVerb),
    /// Undo your last change on this laptop (any command), as new changes that sync
    Undo {
        /// Only say what undo and redo would do
        #[arg(long)]
        status: bool,
    },
    /// Redo the change undone last
    Redo,
    /// Print where the workspace database is
    Where,
    /// Sync through a shared folder: `--folder DIR` once to choose it, then `baton sync`
    Sync {
        /// The shared folder (network share, Syncthing/Dropbox folder, USB stick)
        #[arg(long, value_name = "DIR")]
        folder: Option<PathBuf>,
        /// Only show the sync status; don't run a pass
        #[arg(long)]
        status: bool,
    },
    /// Invitations for teammates' laptops
    #[command(subcommand)]
    Invite(InviteVerb),
    /// On a new laptop: join a workspace from its sync folder with an invite
    Join {
        #[arg(long, value_name = "DIR")]
        folder: PathBuf,
        #[arg(long)]
        invite: String,
    },
    /// Search goals, products, roadmap items (and their requirements), stories, ideas and
    /// decisions; the best matches first
    Search {
        /// Words to look for (each matches the start of a word; all are required)
        #[arg(required = true, num_args = 1..)]
        words: Vec<String>,
        /// How many results (1–100)
        #[arg(long, default_value_t = 12)]
        limit: i64,
    },
    /// Every value an entity's fields have held (newest first)
    History {
        /// The entity's id
        entity: String,
        /// Only this field (e.g. title, period)
        field: Option<String>,
    },
    /// Set a field back to the value of an earlier change (see `baton history`)
    Restore {
        /// The change's id (op id)
        op: String,
    },
    /// Edits that met concurrently in a sync: what won and what was overwritten
    Conflicts {
        /// Also those already looked at
        #[arg(long)]
        all: bool,
    },
    /// Changes received through sync that their author's role did not allow (kept, not applied)
    Refused,
    /// Serve the command list as JSON lines on stdin/stdout (for programs and the UI's tests)
    Rpc,
    /// Developer tools (not part of the app): `dev seed` builds a workspace at organisation scale
    #[command(subcommand)]
    Dev(DevVerb),
}

#[derive(Subcommand)]
pub(crate) enum DevVerb {
    /// Build a generated workspace into an empty data directory: members, products, roadmaps and
    /// their history, made through the real commands on simulated laptops syncing through a folder
    Seed {
        /// small (seconds; ~10,000 changes) or large (the organisation: ~2,000,000 changes)
        #[arg(long, value_parser = scale)]
        scale: Scale,
        /// The same seed builds the same workspace (ids and clocks aside)
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The sync folder the laptops share [default: beside the data directory, <DIR>-sync]
        #[arg(long, value_name = "DIR")]
        folder: Option<PathBuf>,
    },
}

/// `--scale`: the generator's own names, and its own words for a wrong one.
fn scale(s: &str) -> Result<Scale, String> {
    Scale::parse(s).map_err(|e| e.to_string())
}

#[derive(Subcommand)]
pub(crate) enum InviteVerb {
    /// Create an invite for a member; prints the invite id the other laptop joins with
    Create {
        /// The member (name or id)
        #[arg(long)]
        member: String,
        /// The sync folder, if not chosen yet
        #[arg(long, value_name = "DIR")]
        folder: Option<PathBuf>,
        /// How many days the invite lasts
        #[arg(long, value_name = "N", default_value_t = 7)]
        expires_days: u32,
    },
    /// Revoke an invite: no laptop may join with it from now on
    Revoke {
        /// The invite's id
        invite: String,
    },
}

#[derive(Subcommand)]
pub(crate) enum MemberVerb {
    Add {
        name: String,
        #[arg(long, value_parser = choice::<Role>())]
        role: Role,
        /// Their manager (name or id)
        #[arg(long)]
        manager: Option<String>,
    },
    /// Rename a member, change their role or their manager
    Update {
        /// The member (name or id)
        member: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long, value_parser = choice::<Role>())]
        role: Option<Role>,
        /// Their new manager (name or id)
        #[arg(long, conflicts_with = "no_manager")]
        manager: Option<String>,
        /// They report to nobody
        #[arg(long)]
        no_manager: bool,
        /// Their mentor, a senior PM or leadership pairing with them (name or id; "" for none)
        #[arg(long, conflicts_with = "no_mentor")]
        mentor: Option<String>,
        /// They have no mentor
        #[arg(long)]
        no_mentor: bool,
    },
    /// Remove a member from the workspace
    Remove {
        /// The member (name or id)
        member: String,
    },
    List,
}

#[derive(Subcommand)]
pub(crate) enum WorkspaceVerb {
    /// Rename the workspace
    Rename { name: String },
}

#[derive(Subcommand)]
pub(crate) enum GoalVerb {
    Add {
        title: String,
        #[arg(long, default_value = "")]
        description: String,
        /// How progress is measured
        #[arg(long, default_value = "")]
        measure: String,
    },
    /// Change a goal's title, description or measure
    #[command(group(ArgGroup::new("change").required(true).multiple(true)))]
    Update {
        /// Goal id or exact title
        goal: String,
        #[arg(long, group = "change")]
        title: Option<String>,
        #[arg(long, group = "change")]
        description: Option<String>,
        #[arg(long, group = "change")]
        measure: Option<String>,
    },
    List,
}

#[derive(Subcommand)]
pub(crate) enum FamilyVerb {
    Add { name: String },
    List,
}

#[derive(Subcommand)]
pub(crate) enum ProductVerb {
    Add {
        name: String,
        /// The senior PM who owns it (name or id) [default: you]
        #[arg(long)]
        owner: Option<String>,
        /// Its product family (name or id)
        #[arg(long)]
        family: Option<String>,
        /// First year of its planning window [default: this year]
        #[arg(long, value_name = "YEAR")]
        base_year: Option<i32>,
    },
    /// Rename a product, change its family, or move it to another planning cycle
    #[command(group(ArgGroup::new("change").required(true).multiple(true)))]
    Update {
        /// Product id or exact name
        product: String,
        #[arg(long, group = "change")]
        name: Option<String>,
        /// Its product family (name or id)
        #[arg(long, group = "change", conflicts_with = "no_family")]
        family: Option<String>,
        /// Take it out of its family
        #[arg(long, group = "change")]
        no_family: bool,
        /// First year of its planning window; items now outside it are kept and flagged
        #[arg(long, value_name = "YEAR", group = "change")]
        base_year: Option<i32>,
    },
    List,
}

#[derive(Subcommand)]
pub(crate) enum ItemVerb {
    Add {
        title: String,
        /// Product name or id
        #[arg(long)]
        product: String,
        #[arg(long, value_parser = choice::<Horizon>())]
        horizon: Horizon,
        /// 2030 (five-year), 2027 or 2027-H2 (three-year), 2027-Q3 (one-year)
        #[arg(long)]
        period: String,
        /// The longer-horizon item it serves (id or exact title)
        #[arg(long)]
        parent: Option<String>,
        /// The organisation goal a five-year theme serves (id or exact title)
        #[arg(long)]
        goal: Option<String>,
        /// [default: planned]
        #[arg(long, value_parser = choice::<Status>())]
        status: Option<Status>,
    },
    List {
        /// Only this product (name or id)
        #[arg(long)]
        product: Option<String>,
        /// Only items with one of these statuses (repeat, or separate with commas)
        #[arg(long = "status", value_parser = choice::<Status>(), value_delimiter = ',', num_args = 1..)]
        statuses: Vec<Status>,
    },
    /// One item: its fields, what it serves, requirements, guardrails, children
    Show {
        /// Item id or exact title
        item: String,
        /// Look the title up in this product (name or id)
        #[arg(long)]
        product: Option<String>,
    },
    /// Change an item's title, status, confidence, metric, impact or requirements
    #[command(group(ArgGroup::new("change").required(true).multiple(true)))]
    Update {
        /// Item id or exact title
        item: String,
        /// Look the title up in this product (name or id)
        #[arg(long)]
        product: Option<String>,
        #[arg(long, group = "change")]
        title: Option<String>,
        #[arg(long, value_parser = choice::<Status>(), group = "change")]
        status: Option<Status>,
        #[arg(long, value_parser = choice::<Confidence>(), group = "change")]
        confidence: Option<Confidence>,
        /// How success is measured ("" clears it)
        #[arg(long, group = "change")]
        metric: Option<String>,
        /// Expected revenue or business impact ("" clears it)
        #[arg(long, group = "change")]
        impact: Option<String>,
        /// Requirements, in Markdown
        #[arg(long, group = "change", conflicts_with = "requirements_file")]
        requirements: Option<String>,
        /// Read the requirements from a file ('-': standard input)
        #[arg(long, value_name = "PATH", group = "change")]
        requirements_file: Option<PathBuf>,
    },
    /// Delete an item (undo with `baton item undelete ID`)
    Delete {
        /// Item id or exact title
        item: String,
        /// Look the title up in this product (name or id)
        #[arg(long)]
        product: Option<String>,
    },
    /// Bring a deleted item back
    Undelete {
        /// Item id
        id: String,
    },
    /// Move an item to another period, under another parent, and/or next to another item
    Move {
        /// Item id or exact title
        item: String,
        /// Look the title up in this product (name or id)
        #[arg(long)]
        product: Option<String>,
        /// 2030 (five-year), 2027 or 2027-H2 (three-year), 2027-Q3 (one-year); placed last there
        #[arg(long)]
        period: Option<String>,
        /// The longer-horizon item it will serve (id or exact title)
        #[arg(long)]
        parent: Option<String>,
        /// The goal a five-year theme will serve (id or exact title)
        #[arg(long)]
        goal: Option<String>,
        /// Place it just before this item of the same period (id or exact title)
        #[arg(long, value_name = "ITEM", conflicts_with = "after")]
        before: Option<String>,
        /// Place it just after this item of the same period (id or exact title)
        #[arg(long, value_name = "ITEM")]
        after: Option<String>,
    },
}

#[derive(Subcommand)]
pub(crate) enum GuardrailVerb {
    /// Set a limit on an item; everything serving the item inherits it
    Add {
        /// Item id or exact title
        item: String,
        /// Look the title up in this product (name or id)
        #[arg(long)]
        product: Option<String>,
        #[arg(long, value_parser = choice::<GuardrailKind>())]
        kind: GuardrailKind,
        #[arg(long)]
        statement: String,
    },
    /// An item's own guardrails, then those it inherits
    List {
        /// Item id or exact title
        item: String,
        /// Look the title up in this product (name or id)
        #[arg(long)]
        product: Option<String>,
    },
    #[command(group(ArgGroup::new("change").required(true).multiple(true)))]
    Update {
        /// Guardrail id (see `baton guardrail list ITEM`)
        id: String,
        #[arg(long, value_parser = choice::<GuardrailKind>(), group = "change")]
        kind: Option<GuardrailKind>,
        #[arg(long, group = "change")]
        statement: Option<String>,
    },
    Delete {
        /// Guardrail id
        id: String,
    },
}

#[derive(Subcommand)]
pub(crate) enum SnapshotVerb {
    /// Freeze a product's roadmap under a name
    Create {
        /// Product name or id
        #[arg(long)]
        product: String,
        /// Like "2027 plan, approved 2026-12-10"
        #[arg(long)]
        name: String,
    },
    /// Snapshots, newest first
    List {
        /// Only this product (name or id)
        #[arg(long)]
        product: Option<String>,
    },
    /// What changed since a snapshot (or between two)
    Diff {
        /// Snapshot id or exact name
        snapshot: String,
        /// Look names up in this product (name or id)
        #[arg(long)]
        product: Option<String>,
        /// Compare with this later snapshot instead of the roadmap now
        #[arg(long, value_name = "SNAPSHOT")]
        to: Option<String>,
    },
}

/// The brief of a delegation: what it covers, what it does not, who decides what, by when,
/// how often the junior checks in.
#[derive(Args)]
pub(crate) struct BriefArgs {
    /// What is in scope
    #[arg(long)]
    pub(crate) scope: Option<String>,
    /// What is deliberately out of scope
    #[arg(long)]
    pub(crate) non_goals: Option<String>,
    /// What the junior decides alone, and what needs you
    #[arg(long)]
    pub(crate) decisions: Option<String>,
    /// Due date ("" clears it)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub(crate) due: Option<String>,
    /// Days between check-ins (0: none)
    #[arg(long, value_name = "DAYS")]
    pub(crate) cadence: Option<i64>,
}

/// How `IDEA` arguments are written.
const IDEA_HELP: &str = "Idea id, or its exact title";
/// How `FEEDBACK` arguments are written.
const FEEDBACK_HELP: &str = "Feedback id (as `feedback list` shows it)";

#[derive(Subcommand)]
pub(crate) enum FeedbackVerb {
    /// Add a quote or note from a customer to the inbox
    Add {
        /// The quote or note
        text: String,
        #[arg(long, value_parser = choice::<FeedbackSource>())]
        source: FeedbackSource,
        /// The customer or segment
        #[arg(long)]
        customer: Option<String>,
        /// Who said it
        #[arg(long)]
        who: Option<String>,
        /// When it was heard, YYYY-MM-DD [default: today]
        #[arg(long, value_name = "DATE")]
        heard: Option<String>,
        /// Where it is recorded (https://…)
        #[arg(long)]
        link: Option<String>,
    },
    /// Feedback, newest first: the inbox (not triaged) unless --show says otherwise; with
    /// --idea or --item, all that is linked to it
    List {
        #[arg(long, value_parser = choice::<FeedbackShow>())]
        show: Option<FeedbackShow>,
        /// Linked to this idea (id or exact title)
        #[arg(long)]
        idea: Option<String>,
        /// Linked to this roadmap item (id or exact title)
        #[arg(long)]
        item: Option<String>,
        /// At most this many (default 500)
        #[arg(long)]
        limit: Option<i64>,
    },
    /// Link feedback to an idea (as evidence) or a roadmap item
    #[command(group(ArgGroup::new("to").required(true).multiple(false).args(["idea", "item"])))]
    Link {
        #[arg(help = FEEDBACK_HELP)]
        feedback: String,
        /// The idea (id or exact title)
        #[arg(long)]
        idea: Option<String>,
        /// The roadmap item (id or exact title)
        #[arg(long)]
        item: Option<String>,
        /// Look the item's title up in this product (name or id)
        #[arg(long)]
        product: Option<String>,
    },
    /// Dismiss feedback with a reason (it stays findable with --show dismissed)
    Dismiss {
        #[arg(help = FEEDBACK_HELP)]
        feedback: String,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Subcommand)]
pub(crate) enum IdeaVerb {
    /// Propose an idea (a draft)
    Add {
        title: String,
        /// The problem it solves
        #[arg(long)]
        problem: Option<String>,
        /// What to do about it
        #[arg(long)]
        proposal: Option<String>,
        /// The product it is for (name or id)
        #[arg(long)]
        product: Option<String>,
    },
    /// Change a draft's title, problem, proposal or product (the proposer, until submitted)
    #[command(group(ArgGroup::new("change").required(true).multiple(true)
        .args(["title", "problem", "proposal", "product"])))]
    Update {
        #[arg(help = IDEA_HELP)]
        idea: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        problem: Option<String>,
        #[arg(long)]
        proposal: Option<String>,
        /// The product it is for (name or id)
        #[arg(long)]
        product: Option<String>,
    },
    /// Add a link, a metric or a note to an idea's evidence, or remove one
    #[command(group(ArgGroup::new("what").required(true).multiple(false)
        .args(["link", "metric", "note", "remove"])))]
    Evidence {
        #[arg(help = IDEA_HELP)]
        idea: String,
        /// A link (https://…); --text describes it
        #[arg(long, value_name = "URL")]
        link: Option<String>,
        /// What the link is
        #[arg(long, requires = "link")]
        text: Option<String>,
        /// A number and what it measures
        #[arg(long, value_name = "TEXT")]
        metric: Option<String>,
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        /// Remove this piece of evidence (its id, as `idea show` lists it)
        #[arg(long, value_name = "EVIDENCE")]
        remove: Option<String>,
    },
    /// Set RICE parts; the core computes the score and shows the arithmetic
    #[command(group(ArgGroup::new("part").required(true).multiple(true)
        .args(["reach", "impact", "confidence", "effort"])))]
    Score {
        #[arg(help = IDEA_HELP)]
        idea: String,
        /// People or events per quarter
        #[arg(long)]
        reach: Option<i64>,
        #[arg(long, value_parser = choice::<Impact>())]
        impact: Option<Impact>,
        /// Percent, 0–100
        #[arg(long)]
        confidence: Option<i64>,
        /// Person-months (one decimal)
        #[arg(long)]
        effort: Option<f64>,
    },
    /// Sponsor a junior PM's idea (their senior, or leadership)
    Sponsor {
        #[arg(help = IDEA_HELP)]
        idea: String,
    },
    /// Return an idea to its proposer with a comment (their senior, or leadership)
    Return {
        #[arg(help = IDEA_HELP)]
        idea: String,
        #[arg(long)]
        comment: String,
    },
    /// Submit to leadership; a junior PM's unsponsored idea goes to their senior first
    Submit {
        #[arg(help = IDEA_HELP)]
        idea: String,
    },
    /// Place a go-ahead idea on its product's roadmap as a new item
    Place {
        #[arg(help = IDEA_HELP)]
        idea: String,
        #[arg(long, value_parser = choice::<Horizon>())]
        horizon: Horizon,
        /// 2027-Q3 (one-year), 2028 or 2028-H1 (three-year), 2030 (five-year)
        #[arg(long)]
        period: String,
        /// The item it serves on the next-longer horizon (id or exact title)
        #[arg(long)]
        parent: Option<String>,
        /// For a five-year theme: the goal it serves (id or exact title)
        #[arg(long)]
        goal: Option<String>,
    },
    /// Ideas, last edited first
    List {
        /// Only this product (name or id)
        #[arg(long)]
        product: Option<String>,
        #[arg(long, value_parser = choice::<IdeaStage>())]
        stage: Option<IdeaStage>,
    },
    /// An idea: content, score, evidence, feedback, decisions, related past decisions
    Show {
        #[arg(help = IDEA_HELP)]
        idea: String,
    },
    /// What waits on me: decisions, sponsorships, returned ideas, placements, revisits
    Queue,
    /// The idea a roadmap item was placed from: its evidence and decision
    ForItem {
        /// Item id or exact title
        item: String,
        /// Look the title up in this product (name or id)
        #[arg(long)]
        product: Option<String>,
    },
}

/// How `DELEGATION` arguments are written (see `verbs::delegation`).
const DELEGATION_HELP: &str = "Delegation id, or the exact title of its item (its open delegation, else its latest)";
/// How `STORY` arguments are written (see `verbs::story`).
const STORY_HELP: &str = "Story id, or its exact title (when no other story has it)";

#[derive(Subcommand)]
pub(crate) enum DelegateVerb {
    /// Offer a one-year item to a junior PM who reports to you, with a brief
    Offer {
        /// Item id or exact title
        item: String,
        /// Look the title up in this product (name or id)
        #[arg(long)]
        product: Option<String>,
        /// The junior PM (name or id)
        #[arg(long, value_name = "JUNIOR")]
        to: String,
        #[command(flatten)]
        brief: BriefArgs,
    },
    /// Change the brief; the junior sees it was amended
    #[command(group(ArgGroup::new("change").required(true).multiple(true)
        .args(["scope", "non_goals", "decisions", "due", "cadence"])))]
    Amend {
        #[arg(help = DELEGATION_HELP)]
        delegation: String,
        #[command(flatten)]
        brief: BriefArgs,
    },
    /// Ask the delegator a question before accepting (the junior)
    Ask {
        #[arg(help = DELEGATION_HELP)]
        delegation: String,
        question: String,
    },
    /// Answer the junior's question (the delegator)
    Answer {
        #[arg(help = DELEGATION_HELP)]
        delegation: String,
        text: String,
    },
    /// Accept an offered delegation (the junior)
    Accept {
        #[arg(help = DELEGATION_HELP)]
        delegation: String,
    },
    /// Mark a running delegation completed (the delegator)
    Complete {
        #[arg(help = DELEGATION_HELP)]
        delegation: String,
    },
    /// Take a delegation back (the delegator)
    Withdraw {
        #[arg(help = DELEGATION_HELP)]
        delegation: String,
    },
    /// Hand a delegation to another junior PM (their manager, or leadership)
    Reassign {
        #[arg(help = DELEGATION_HELP)]
        delegation: String,
        /// The junior PM (name or id)
        #[arg(long, value_name = "JUNIOR")]
        to: String,
    },
    /// Post a short update on a running delegation (the junior)
    CheckIn {
        #[arg(help = DELEGATION_HELP)]
        delegation: String,
        text: String,
    },
    /// Comment on a delegation itself (comments on a story: `baton review comment`)
    Comment {
        #[arg(help = DELEGATION_HELP)]
        delegation: String,
        text: String,
    },
    /// Delegations, newest offer first: open ones unless --ended; all of them, or one filter's
    #[command(group(ArgGroup::new("filter").multiple(false).args(["to", "from", "mentor", "item"])))]
    List {
        /// Delegated to this member (name or id)
        #[arg(long, value_name = "MEMBER")]
        to: Option<String>,
        /// Delegated by this member (name or id)
        #[arg(long, value_name = "MEMBER")]
        from: Option<String>,
        /// Delegated to the juniors this member mentors (name or id)
        #[arg(long, value_name = "MEMBER")]
        mentor: Option<String>,
        /// Of this item (id or exact title)
        #[arg(long)]
        item: Option<String>,
        /// Also completed and withdrawn ones
        #[arg(long)]
        ended: bool,
    },
    /// A delegation: brief, state, guardrails, stories, comments, check-ins
    Show {
        #[arg(help = DELEGATION_HELP)]
        delegation: String,
    },
}

/// A story's fields as flags; absent ones stay as they are.
#[derive(Args)]
pub(crate) struct StoryArgs {
    /// "As a …" (who wants it)
    #[arg(long)]
    pub(crate) as_a: Option<String>,
    /// "I want …" (what)
    #[arg(long)]
    pub(crate) i_want: Option<String>,
    /// "So that …" (why)
    #[arg(long)]
    pub(crate) so_that: Option<String>,
    /// An acceptance criterion (repeat, in order; on update the list replaces the old one, and a
    /// criterion whose text is unchanged keeps its tick)
    #[arg(long = "criterion", value_name = "TEXT")]
    pub(crate) criteria: Vec<String>,
    /// The developer contact
    #[arg(long)]
    pub(crate) dev: Option<String>,
    /// The QA contact
    #[arg(long)]
    pub(crate) qa: Option<String>,
    /// The estimate, in points
    #[arg(long, value_name = "N")]
    pub(crate) points: Option<i64>,
}

#[derive(Subcommand)]
pub(crate) enum StoryVerb {
    /// Add a story at the end of a delegation's list (the junior)
    Add {
        #[arg(help = DELEGATION_HELP)]
        delegation: String,
        /// A short title
        #[arg(long)]
        title: String,
        #[command(flatten)]
        fields: StoryArgs,
    },
    /// Edit a story; an edit to what was reviewed sends it back to review
    #[command(group(ArgGroup::new("change").required(true).multiple(true)
        .args(["title", "as_a", "i_want", "so_that", "criteria", "no_criteria", "dev", "qa", "points", "tick", "untick"])))]
    Update {
        #[arg(help = STORY_HELP)]
        story: String,
        /// A new title
        #[arg(long)]
        title: Option<String>,
        #[command(flatten)]
        fields: StoryArgs,
        /// Remove every acceptance criterion
        #[arg(long, conflicts_with = "criteria")]
        no_criteria: bool,
        /// Tick acceptance criterion N as met (1 is the first; repeatable)
        #[arg(long, value_name = "N")]
        tick: Vec<usize>,
        /// Untick acceptance criterion N (repeatable)
        #[arg(long, value_name = "N")]
        untick: Vec<usize>,
    },
    Delete {
        #[arg(help = STORY_HELP)]
        story: String,
    },
    /// Move a story before another one of its delegation, or to the end
    Move {
        #[arg(help = STORY_HELP)]
        story: String,
        /// The story it goes before (id or exact title, in the same delegation) [default: the end]
        #[arg(long, value_name = "STORY")]
        before: Option<String>,
    },
    /// Move a story along (once approved), or mark it blocked
    #[command(group(ArgGroup::new("change").required(true).multiple(true).args(["stage", "blocked", "unblock"])))]
    Status {
        #[arg(help = STORY_HELP)]
        story: String,
        /// Where the work is (past draft once its review approved it as it stands)
        #[arg(long, value_parser = choice::<Stage>())]
        stage: Option<Stage>,
        /// Why it is blocked
        #[arg(long, value_name = "REASON", conflicts_with = "unblock")]
        blocked: Option<String>,
        /// It is no longer blocked
        #[arg(long)]
        unblock: bool,
    },
    /// Mark how a story stands against one of its item's guardrails
    GuardrailCheck {
        #[arg(help = STORY_HELP)]
        story: String,
        /// Guardrail id, or its exact statement (see `baton story show STORY`)
        guardrail: String,
        /// How the story stands against it (unchecked: no mark)
        #[arg(long, value_parser = choice::<Mark>())]
        mark: Mark,
        /// How it stands (needed for violated)
        #[arg(long)]
        note: Option<String>,
    },
    /// A delegation's stories, in order
    List {
        #[arg(help = DELEGATION_HELP)]
        delegation: String,
    },
    /// One story: its sentence, criteria, guardrail checks, review, what changed since, comments
    Show {
        #[arg(help = STORY_HELP)]
        story: String,
    },
}

#[derive(Subcommand)]
pub(crate) enum ReviewVerb {
    /// Send stories for review (the junior)
    Request {
        /// Story ids or exact titles
        #[arg(required = true, value_name = "STORY")]
        stories: Vec<String>,
    },
    /// Approve a story as it stands (the delegator)
    Approve {
        #[arg(help = STORY_HELP)]
        story: String,
        /// Why it may go ahead although it violates a guardrail
        #[arg(long, value_name = "REASON")]
        exception: Option<String>,
        /// A comment to go with the approval
        #[arg(long)]
        comment: Option<String>,
    },
    /// Ask for changes to a story, saying what (the delegator)
    RequestChanges {
        #[arg(help = STORY_HELP)]
        story: String,
        #[arg(long)]
        comment: String,
    },
    /// Comment on a story (starts a thread)
    Comment {
        #[arg(help = STORY_HELP)]
        story: String,
        text: String,
    },
    /// Reply in a comment's thread
    Reply {
        /// The comment's id (see `baton story show` or `baton delegate show`)
        comment: String,
        text: String,
    },
    /// Resolve a comment's thread (or open it again)
    Resolve {
        /// The id of a comment of the thread
        comment: String,
        /// Open the thread again
        #[arg(long)]
        reopen: bool,
    },
    /// Stories waiting on my review, oldest first
    Queue,
}

/// A closed value list of the core, as the command line spells it: each value's `as_str`
/// name (the one `--help` lists), plus the shorter or hyphenated spellings also accepted.
pub(crate) trait Choice: Copy + Send + Sync + 'static {
    /// Every value, in the order `--help` lists them.
    fn all() -> &'static [Self];
    /// The name shown and accepted.
    fn name(self) -> &'static str;
    /// Other spellings accepted but not listed.
    fn aliases(self) -> &'static [&'static str] {
        &[]
    }
}

impl Choice for Role {
    fn all() -> &'static [Self] {
        &Role::ALL
    }
    fn name(self) -> &'static str {
        self.as_str()
    }
}

impl Choice for Horizon {
    fn all() -> &'static [Self] {
        &Horizon::ALL
    }
    fn name(self) -> &'static str {
        self.as_str()
    }
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Horizon::FiveYear => &["5y"],
            Horizon::ThreeYear => &["3y"],
            Horizon::OneYear => &["1y"],
        }
    }
}

impl Choice for Status {
    fn all() -> &'static [Self] {
        &Status::ALL
    }
    fn name(self) -> &'static str {
        self.as_str()
    }
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Status::InProgress => &["in-progress"],
            _ => &[],
        }
    }
}

impl Choice for Confidence {
    fn all() -> &'static [Self] {
        &Confidence::ALL
    }
    fn name(self) -> &'static str {
        self.as_str()
    }
}

impl Choice for GuardrailKind {
    fn all() -> &'static [Self] {
        &GuardrailKind::ALL
    }
    fn name(self) -> &'static str {
        self.as_str()
    }
    fn aliases(self) -> &'static [&'static str] {
        match self {
            GuardrailKind::MustNot => &["must-not"],
            _ => &[],
        }
    }
}

/// A story's stages, in the order `--help` lists them. The core has no `Stage::ALL`; the
/// `match` in `aliases` names every value, so a value added to the core stops this build here,
/// and a test checks each name is the core's own (`as_str` and the wire name).
pub(crate) const STAGES: [Stage; 4] = [Stage::Draft, Stage::InProgress, Stage::InQa, Stage::Done];

impl Choice for Stage {
    fn all() -> &'static [Self] {
        &STAGES
    }
    fn name(self) -> &'static str {
        self.as_str()
    }
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Stage::InProgress => &["in-progress"],
            Stage::InQa => &["in-qa"],
            Stage::Draft | Stage::Done => &[],
        }
    }
}

/// A guardrail check's marks (see [`STAGES`] for why the list is here).
pub(crate) const MARKS: [Mark; 4] = [Mark::Respected, Mark::AtRisk, Mark::Violated, Mark::Unchecked];

impl Choice for Mark {
    fn all() -> &'static [Self] {
        &MARKS
    }
    fn name(self) -> &'static str {
        self.as_str()
    }
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Mark::AtRisk => &["at-risk"],
            Mark::Respected | Mark::Violated | Mark::Unchecked => &[],
        }
    }
}

impl Choice for FeedbackSource {
    fn all() -> &'static [Self] {
        &FeedbackSource::ALL
    }
    fn name(self) -> &'static str {
        self.as_str()
    }
}

impl Choice for FeedbackShow {
    fn all() -> &'static [Self] {
        &FeedbackShow::ALL
    }
    fn name(self) -> &'static str {
        self.as_str()
    }
}

impl Choice for Impact {
    fn all() -> &'static [Self] {
        &Impact::ALL
    }
    fn name(self) -> &'static str {
        self.as_str()
    }
}

impl Choice for IdeaStage {
    fn all() -> &'static [Self] {
        &IdeaStage::ALL
    }
    fn name(self) -> &'static str {
        self.as_str()
    }
    fn aliases(self) -> &'static [&'static str] {
        match self {
            IdeaStage::AwaitingSponsor => &["awaiting-sponsor"],
            _ => &[],
        }
    }
}

impl Choice for Outcome {
    fn all() -> &'static [Self] {
        &Outcome::ALL
    }
    fn name(self) -> &'static str {
        self.as_str()
    }
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Outcome::GoAhead => &["go-ahead"],
            Outcome::GoAheadWithChanges => &["go-ahead-with-changes"],
            Outcome::NotNow => &["not-now"],
            Outcome::No => &[],
        }
    }
}

#[derive(Subcommand)]
pub(crate) enum SprintVerb {
    /// Add a sprint to a product (its owner)
    Add {
        /// The sprint's name ("Sprint 14")
        name: String,
        /// The product (name or id)
        #[arg(long)]
        product: String,
        /// First day, YYYY-MM-DD
        #[arg(long, value_name = "DATE")]
        starts: String,
        /// Last day, YYYY-MM-DD
        #[arg(long, value_name = "DATE")]
        ends: String,
        /// Capacity in points
        #[arg(long, default_value_t = 0)]
        capacity: i64,
    },
    /// Rename a sprint, move its dates, change its capacity
    Update {
        #[arg(help = SPRINT_HELP)]
        sprint: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long, value_name = "DATE")]
        starts: Option<String>,
        #[arg(long, value_name = "DATE")]
        ends: Option<String>,
        #[arg(long)]
        capacity: Option<i64>,
    },
    /// A product's sprints with points planned and done
    List {
        /// The product (name or id)
        #[arg(long)]
        product: String,
    },
    /// A sprint's stories by status
    Board {
        #[arg(help = SPRINT_HELP)]
        sprint: String,
    },
    /// A sprint's burn-up: points planned and done at the end of each day
    Burnup {
        #[arg(help = SPRINT_HELP)]
        sprint: String,
    },
    /// A product's approved stories no open sprint holds
    Backlog {
        /// The product (name or id)
        #[arg(long)]
        product: String,
    },
    /// Plan an approved story into an open sprint
    Plan {
        /// The story (id or exact title)
        story: String,
        #[arg(long, help = SPRINT_HELP)]
        sprint: String,
    },
    /// Take a story out of its sprint, back to the backlog
    Unplan {
        /// The story (id or exact title)
        story: String,
    },
    /// Close a sprint, saying where its unfinished stories go
    Close {
        #[arg(help = SPRINT_HELP)]
        sprint: String,
        /// Unfinished stories go to this open sprint (name or id)
        #[arg(long, value_name = "SPRINT", conflicts_with = "backlog")]
        next: Option<String>,
        /// Unfinished stories go back to the backlog
        #[arg(long)]
        backlog: bool,
        /// One story elsewhere: STORY=SPRINT, or STORY=backlog (repeatable; overrides the above)
        #[arg(long = "move", value_name = "STORY=PLACE")]
        moves: Vec<String>,
    },
}

pub(crate) const SPRINT_HELP: &str = "The sprint (id or exact name)";
pub(crate) const LAUNCH_HELP: &str = "The launch (id, or the exact title of its item)";

#[derive(Subcommand)]
pub(crate) enum LaunchVerb {
    /// Set up the launch of a one-year item (the owner of its product)
    Add {
        /// The one-year item (id or exact title)
        item: String,
        /// Who owns the launch (name or id), usually the junior PM it is delegated to
        #[arg(long)]
        owner: String,
        /// Target date, YYYY-MM-DD
        #[arg(long, value_name = "DATE")]
        target: String,
    },
    /// Change the target date, the notes or the owner
    Update {
        #[arg(help = LAUNCH_HELP)]
        launch: String,
        #[arg(long, value_name = "DATE")]
        target: Option<String>,
        /// Launch notes
        #[arg(long)]
        notes: Option<String>,
        #[arg(long)]
        owner: Option<String>,
    },
    /// A launch with its checklist
    Show {
        #[arg(help = LAUNCH_HELP)]
        launch: String,
    },
    /// The launch calendar: launches by date across products
    List {
        /// From this day, YYYY-MM-DD
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Until this day, YYYY-MM-DD
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
    },
    /// Tick (or --undo) a checklist entry, by its number in `launch show` or its exact text
    Check {
        #[arg(help = LAUNCH_HELP)]
        launch: String,
        /// The entry: its number (1, 2, …) or its exact text
        entry: String,
        #[arg(long)]
        undo: bool,
        /// Take the entry off this launch's checklist instead
        #[arg(long, conflicts_with = "undo")]
        remove: bool,
    },
    /// Add an entry to one launch's checklist
    AddEntry {
        #[arg(help = LAUNCH_HELP)]
        launch: String,
        text: String,
        #[arg(long)]
        mandatory: bool,
    },
    /// Mark launched (open mandatory entries need --anyway with the reason)
    Done {
        #[arg(help = LAUNCH_HELP)]
        launch: String,
        /// Why it launches with mandatory entries open
        #[arg(long)]
        anyway: Option<String>,
    },
    /// Cancel a planned launch
    Cancel {
        #[arg(help = LAUNCH_HELP)]
        launch: String,
    },
    /// A product's launch checklist template: list it, add to it, remove from it
    Template {
        /// The product (name or id)
        #[arg(long)]
        product: String,
        /// Add this entry
        #[arg(long)]
        add: Option<String>,
        /// The added entry is mandatory
        #[arg(long, requires = "add")]
        mandatory: bool,
        /// Remove this entry (its number in the list, or its exact text)
        #[arg(long, conflicts_with = "add")]
        remove: Option<String>,
    },
}

#[derive(Subcommand)]
pub(crate) enum JournalVerb {
    /// Write an entry in your journal
    Add {
        /// What you learned, achieved or thought over
        text: String,
        #[arg(long, value_parser = choice::<JournalKind>(), default_value = "learning")]
        kind: JournalKind,
        /// The day, YYYY-MM-DD [default: today]
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        /// Linked to this story (id or exact title)
        #[arg(long)]
        story: Option<String>,
        /// Linked to this launch (id, or its item's exact title)
        #[arg(long)]
        launch: Option<String>,
        /// Linked to this delegation (id, or its item's exact title)
        #[arg(long)]
        delegation: Option<String>,
    },
    /// Change an entry's words, kind or day
    Update {
        /// The entry's id (as `journal list` shows it)
        entry: String,
        #[arg(long)]
        text: Option<String>,
        #[arg(long, value_parser = choice::<JournalKind>())]
        kind: Option<JournalKind>,
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
    /// Remove an entry
    Remove {
        /// The entry's id
        entry: String,
    },
    /// Entries, newest first: yours, or of someone you manage or mentor
    List {
        /// Whose journal (name or id) [default: yours]
        #[arg(long)]
        of: Option<String>,
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        #[arg(long, value_parser = choice::<JournalKind>())]
        kind: Option<JournalKind>,
    },
    /// A period of the journal as Markdown, for the next 1:1 (to a file with --out)
    Export {
        #[arg(long)]
        of: Option<String>,
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// Write it to this file instead of printing it
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

impl Choice for JournalKind {
    fn all() -> &'static [Self] {
        &JournalKind::ALL
    }
    fn name(self) -> &'static str {
        self.as_str()
    }
}

/// The clap value parser for a [`Choice`]: clap's own possible-values parser (its help list,
/// its "invalid value … [possible values: …]" error and suggestions), answering the value.
pub(crate) fn choice<T: Choice>() -> ChoiceParser<T> {
    ChoiceParser(PhantomData)
}

#[derive(Clone)]
pub(crate) struct ChoiceParser<T>(PhantomData<T>);

impl<T: Choice> ChoiceParser<T> {
    fn possible(v: T) -> PossibleValue {
        PossibleValue::new(v.name()).aliases(v.aliases().iter().copied())
    }
}

impl<T: Choice> TypedValueParser for ChoiceParser<T> {
    type Value = T;

    fn parse_ref(&self, cmd: &clap::Command, arg: Option<&clap::Arg>, value: &OsStr) -> Result<T, clap::Error> {
        let values = PossibleValuesParser::new(T::all().iter().map(|v| Self::possible(*v)));
        let text = values.parse_ref(cmd, arg, value)?;
        let ignore_case = arg.is_some_and(clap::Arg::is_ignore_case_set);
        T::all().iter().copied().find(|v| Self::possible(*v).matches(&text, ignore_case)).ok_or_else(|| {
            clap::Error::raw(clap::error::ErrorKind::InvalidValue, format!("unknown value {text:?}\n")).with_cmd(cmd)
        })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(T::all().iter().map(|v| Self::possible(*v))))
    }
}

#[cfg(test)]
mod tests {
    use clap::{Arg, Command, CommandFactory};

    use super::*;

    /// What `--value TEXT` parses to with the choice parser of `T`, or clap's error kind.
    fn parse<T: Choice + std::fmt::Debug>(text: &str) -> Result<T, clap::error::ErrorKind> {
        let cmd = Command::new("t").arg(Arg::new("value").long("value").value_parser(choice::<T>()));
        cmd.try_get_matches_from(["t", "--value", text])
            .map_err(|e| e.kind())
            .and_then(|m| m.get_one::<T>("value").copied().ok_or(clap::error::ErrorKind::MissingRequiredArgument))
    }

    fn listed<T: Choice>() -> Vec<String> {
        let shown = choice::<T>().possible_values().map(|vs| vs.filter(|v| !v.is_hide_set()).collect::<Vec<_>>());
        shown.unwrap_or_default().iter().map(|v| v.get_name().to_owned()).collect()
    }

    #[test]
    fn the_definitions_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_core_value_is_accepted_by_its_name() {
        for v in Role::ALL {
            assert_eq!(parse::<Role>(v.as_str()), Ok(v));
        }
        for v in Horizon::ALL {
            assert_eq!(parse::<Horizon>(v.as_str()), Ok(v));
        }
        for v in Status::ALL {
            assert_eq!(parse::<Status>(v.as_str()), Ok(v));
        }
        for v in Confidence::ALL {
            assert_eq!(parse::<Confidence>(v.as_str()), Ok(v));
        }
        for v in GuardrailKind::ALL {
            assert_eq!(parse::<GuardrailKind>(v.as_str()), Ok(v));
        }
        for v in STAGES {
            assert_eq!(parse::<Stage>(v.as_str()), Ok(v));
        }
        for v in MARKS {
            assert_eq!(parse::<Mark>(v.as_str()), Ok(v));
        }
    }

    #[test]
    fn the_stage_and_mark_names_are_the_cores_wire_names() {
        for v in STAGES {
            assert_eq!(serde_json::to_value(v).ok(), Some(serde_json::Value::from(v.as_str())));
        }
        for v in MARKS {
            assert_eq!(serde_json::to_value(v).ok(), Some(serde_json::Value::from(v.as_str())));
        }
    }

    #[test]
    fn the_short_and_hyphenated_spellings_are_accepted() {
        assert_eq!(parse::<Horizon>("5y"), Ok(Horizon::FiveYear));
        assert_eq!(parse::<Horizon>("3y"), Ok(Horizon::ThreeYear));
        assert_eq!(parse::<Horizon>("1y"), Ok(Horizon::OneYear));
        assert_eq!(parse::<Status>("in-progress"), Ok(Status::InProgress));
        assert_eq!(parse::<GuardrailKind>("must-not"), Ok(GuardrailKind::MustNot));
        assert_eq!(parse::<Stage>("in-qa"), Ok(Stage::InQa));
        assert_eq!(parse::<Mark>("at-risk"), Ok(Mark::AtRisk));
    }

    #[test]
    fn other_spellings_are_usage_errors() {
        use clap::error::ErrorKind::InvalidValue;
        // `Horizon::parse` in the core also takes "5"; the command line keeps its own list.
        for bad in ["5", "five-year", "Five_Year", "5Y", ""] {
            assert_eq!(parse::<Horizon>(bad), Err(InvalidValue), "{bad:?}");
        }
        for bad in ["In_Progress", "inprogress", "in progress", "PLANNED"] {
            assert_eq!(parse::<Status>(bad), Err(InvalidValue), "{bad:?}");
        }
        assert_eq!(parse::<Role>("Leadership"), Err(InvalidValue));
        assert_eq!(parse::<Role>("senior-pm"), Err(InvalidValue));
        assert_eq!(parse::<Confidence>("HIGH"), Err(InvalidValue));
        assert_eq!(parse::<GuardrailKind>("mustnot"), Err(InvalidValue));
    }

    #[test]
    fn help_lists_the_core_names_in_the_core_order() {
        assert_eq!(listed::<Role>(), ["leadership", "senior", "junior"]);
        assert_eq!(listed::<Horizon>(), ["five_year", "three_year", "one_year"]);
        assert_eq!(listed::<Status>(), ["idea", "planned", "in_progress", "done", "dropped"]);
        assert_eq!(listed::<Confidence>(), ["low", "medium", "high"]);
        assert_eq!(listed::<GuardrailKind>(), ["scope", "budget", "quality", "date", "must_not", "other"]);
        assert_eq!(listed::<Stage>(), ["draft", "in_progress", "in_qa", "done"]);
        assert_eq!(listed::<Mark>(), ["respected", "at_risk", "violated", "unchecked"]);
    }
}
