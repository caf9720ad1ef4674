//! The one list of commands. Each line `name(Req) -> Res` yields:
//! - a handler call (`handlers::name`, which must exist or the build fails),
//! - a branch of [`dispatch`], the JSON entry the Tauri shell forwards `invoke` calls to,
//! - an entry of the TypeScript command map in `ui/src/bindings/commands.ts`.
//!
//! The CLI calls the same handlers with typed requests, so the app and the CLI cannot drift.
//!
//! Each feature keeps its boundary types, their conversions and its handlers in one file:
//! `workspace` (and members), `goals`, `products` (and families), `roadmap` (items),
//! `guardrails`, `alignment`, `snapshots`, `delegation`, `ideas` (feedback, ideas, decisions),
//! `sync` (and invites, joining), `history` (and conflicts, refused changes), `search`; requests several
//! features share are in `common`. Boundary
//! types are what crosses IPC and the CLI's `--json`: camelCase, exported to TypeScript with
//! ts-rs; the domain types behind them stay free to change.

pub mod lookup;

mod alignment;
mod common;
mod delegation;
mod execution;
mod goals;
mod guardrails;
mod history;
mod ideas;
mod products;
mod roadmap;
mod search;
mod snapshots;
mod sync;
mod workspace;

use std::path::{Path, PathBuf};

use ts_rs::{TypeVisitor, TS};

pub use crate::oplog::progress::{Progress, Reporter as ProgressReporter, Task as ProgressTask};
pub use alignment::{AlignGoalView, AlignNodeView, AlignmentView, CountsView};
pub use common::{IdReq, NoArgs, ProductScopeReq};
pub use delegation::{
    BoardLineView, BoardView, BriefReq, CheckinView, CommentAddReq, CommentResolveReq, CommentView, DelegateAmendReq,
    DelegateOfferReq, DelegateReassignReq, DelegatedItemView, DelegationListReq, DelegationView, InboxActionView,
    InboxKind, InboxView, ReviewDecideReq, ReviewRequestReq, StoryAddReq, StoryCheckReq, StoryFieldsReq, StoryMoveReq,
    StoryStageReq, StoryUpdateReq, StoryView, TextReq, WaitingView,
};
pub use execution::{
    BurnDayView, CarryReq, ChecklistEntryView, GoalProgressView, JournalAddReq, JournalEntryView, JournalExportReq,
    JournalExportView, JournalListReq, JournalUpdateReq, LaunchCreateReq, LaunchEntryAddReq, LaunchEntrySetReq,
    LaunchListReq, LaunchMarkReq, LaunchUpdateReq, LaunchView, PlannedStoryView, ProductReq, ProgressItemView,
    ProgressNodeView, ProgressReq, ProgressView, RiskView, SprintBoardView, SprintCloseReq, SprintCreateReq,
    SprintPlanReq, SprintUpdateReq, SprintView, TallyView, TemplateAddReq, PROGRESS_RULE,
};
pub use goals::{GoalCreateReq, GoalUpdateReq, GoalView};
pub use guardrails::{GuardrailAddReq, GuardrailListReq, GuardrailUpdateReq, GuardrailView};
pub use history::{
    ChangeView, ConflictListReq, ConflictView, HistoryReq, RefusedView, RestoreReq, UndoStateView, UndoView,
};
pub use ideas::{
    DecisionListReq, DecisionView, EvidenceAddReq, EvidenceView, FeedbackAddReq, FeedbackDismissReq, FeedbackLinkReq,
    FeedbackListReq, FeedbackListView, FeedbackShow, FeedbackView, IdeaAddReq, IdeaCanView, IdeaDecideReq,
    IdeaDetailView, IdeaListReq, IdeaPlaceReq, IdeaQueueView, IdeaReturnReq, IdeaScoreReq, IdeaUpdateReq, IdeaView,
    RevisitReq,
};
pub use products::{FamilyCreateReq, FamilyView, ProductCreateReq, ProductUpdateReq, ProductView};
pub use roadmap::{ItemCreateReq, ItemDetailView, ItemListReq, ItemMoveReq, ItemUpdateReq, ItemView};
pub use search::{HitKind, SearchHitView, SearchReq};
pub use snapshots::{DiffEntryView, SnapshotCreateReq, SnapshotDiffReq, SnapshotDiffView, SnapshotView};
pub use sync::{
    DeviceSeenView, EnrolledView, HeldView, InviteCreateReq, InviteRevokeReq, InviteView, JoinReq, SyncFolderReq,
    SyncPassView, SyncStatusView,
};
pub use workspace::{
    CapabilitiesView, MemberCreateReq, MemberUpdateReq, MemberView, WorkspaceInitReq, WorkspaceRenameReq, WorkspaceView,
};

/// One function per command in the `commands!` list below: resolve who is acting, call the domain,
/// convert to boundary types. No rules live here. Every command but `workspace_get`,
/// `workspace_init`, `workspace_join` and `sync_status` needs a workspace on this device
/// (reads too: an empty answer would hide that).
///
/// Each feature file holds its handlers; this module gathers them under one path,
/// `api::handlers::<command>`, which the command list, the CLI and the shell call.
pub mod handlers {
    pub use super::alignment::alignment_get;
    pub use super::delegation::{
        board_get, comment_add, comment_resolve, delegate_accept, delegate_amend, delegate_answer, delegate_ask,
        delegate_checkin, delegate_complete, delegate_offer, delegate_reassign, delegate_withdraw, delegation_get,
        delegation_list, inbox_get, review_approve, review_queue, review_request, review_request_changes, story_add,
        story_check, story_delete, story_get, story_move, story_stage, story_update,
    };
    pub use super::execution::{
        journal_add, journal_export, journal_list, journal_remove, journal_update, launch_cancel, launch_create,
        launch_entry_add, launch_entry_set, launch_for_item, launch_get, launch_list, launch_mark, launch_template_add,
        launch_template_list, launch_template_remove, launch_update, progress_get, progress_item, sprint_backlog,
        sprint_board, sprint_burnup, sprint_close, sprint_create, sprint_list, sprint_plan, sprint_update,
    };
    pub use super::goals::{goal_create, goal_list, goal_update};
    pub use super::guardrails::{guardrail_add, guardrail_delete, guardrail_list, guardrail_update};
    pub use super::history::{
        conflict_list, conflict_mark_seen, history_list, history_restore, redo, refused_list, undo, undo_state,
    };
    pub use super::ideas::{
        decision_list, feedback_add, feedback_dismiss, feedback_link, feedback_list, idea_add, idea_decide,
        idea_evidence_add, idea_evidence_remove, idea_for_item, idea_get, idea_list, idea_place, idea_queue,
        idea_return, idea_revisit, idea_score, idea_sponsor, idea_submit, idea_update,
    };
    pub use super::products::{family_create, family_list, product_create, product_list, product_update};
    pub use super::roadmap::{item_create, item_delete, item_get, item_list, item_move, item_undelete, item_update};
    pub use super::search::search;
    pub use super::snapshots::{snapshot_create, snapshot_diff, snapshot_list};
    pub use super::sync::{invite_create, invite_revoke, sync_now, sync_set_folder, sync_status, workspace_join};
    pub use super::workspace::{
        member_create, member_list, member_remove, member_update, workspace_get, workspace_init, workspace_rename,
    };
}

// The domain's closed value lists, for the shells (the CLI's value parsers, labels).
pub use crate::access::Role;
pub use crate::delegation::stories::{Criterion, FieldChange, Mark, Stage, StoryStatus, Verdict};
pub use crate::delegation::State as DelegationState;
pub use crate::execution::journal::JournalKind;
pub use crate::execution::launches::LaunchStatus;
pub use crate::execution::progress::RiskKind;
pub use crate::ideas::decisions::{Outcome, Pinned, PinnedEvidence, PinnedFeedback};
pub use crate::ideas::feedback::{Source as FeedbackSource, Triage};
pub use crate::ideas::{EvidenceKind, Impact, Stage as IdeaStage};
pub use crate::oplog::store::default_data_dir;
pub use crate::roadmap::guardrails::GuardrailKind;
pub use crate::roadmap::snapshots::ChangeKind;
pub use crate::roadmap::{Confidence, Horizon, Status};

use crate::error::{ApiError, ErrorCode};
use crate::Core;

/// Opens (creating and migrating if needed) the workspace database in the data directory `dir`.
pub fn open_dir(dir: &Path) -> crate::Result<Core> {
    Core::open_dir(dir)
}

/// Creates the ready sample workspace on an empty database.
pub fn sample_create(core: &Core) -> crate::Result<WorkspaceView> {
    Ok(crate::sample::create(core)?.into())
}

/// The sync folder chosen on this device, if any.
pub fn sync_folder(core: &Core) -> crate::Result<Option<PathBuf>> {
    core.read(crate::sync::folder::folder)
}

/// This device's id, once it belongs to a workspace.
pub fn device_id(core: &Core) -> crate::Result<Option<String>> {
    Ok(core.read(crate::oplog::local_device)?.map(|d| d.device_id))
}

macro_rules! commands {
    ($( $(#[doc = $doc:literal])* $name:ident ( $req:ty ) -> $res:ty ; )*) => {
        /// Every command name, in declaration order.
        pub const COMMAND_NAMES: &[&str] = &[$(stringify!($name)),*];

        /// Runs the command `name` with a JSON request; the answer is JSON or an [`ApiError`].
        pub fn dispatch(core: &Core, name: &str, req: serde_json::Value) -> Result<serde_json::Value, ApiError> {
            match name {
                $(stringify!($name) => {
                    let req: $req = serde_json::from_value(req).map_err(|e| ApiError {
                        code: ErrorCode::InvalidInput,
                        message: format!("bad request for {}: {e}", stringify!($name)),
                    })?;
                    let res: $res = handlers::$name(core, req)?;
                    serde_json::to_value(res).map_err(|e| ApiError {
                        code: ErrorCode::Storage,
                        message: format!("cannot encode the answer of {}: {e}", stringify!($name)),
                    })
                })*
                other => Err(ApiError { code: ErrorCode::UnknownCommand, message: format!("unknown command {other:?}") }),
            }
        }

        fn command_signatures(cfg: &ts_rs::Config) -> Vec<(&'static str, String, String, String)> {
            vec![$((
                stringify!($name),
                concat!($($doc, "\n",)*).trim().to_owned(),
                <$req as TS>::name(cfg),
                <$res as TS>::name(cfg),
            )),*]
        }

        fn export_command_types(cfg: &ts_rs::Config) -> Result<(), ts_rs::ExportError> {
            let mut v = Exporter { cfg, error: None };
            $( v.visit::<$req>(); v.visit::<$res>(); )*
            v.visit::<ApiError>();
            // What the shell emits while long work runs (an event, not a command's answer).
            v.visit::<Progress>();
            v.error.map_or(Ok(()), Err)
        }
    };
}

commands! {
    /// The workspace on this device and who I am, or null before the first run.
    workspace_get(NoArgs) -> Option<WorkspaceView>;
    /// First run: create the workspace and its first member, who is "me" on this device.
    workspace_init(WorkspaceInitReq) -> WorkspaceView;
    /// Rename the workspace (leadership).
    workspace_rename(WorkspaceRenameReq) -> WorkspaceView;
    member_list(NoArgs) -> Vec<MemberView>;
    member_create(MemberCreateReq) -> MemberView;
    /// Rename a member, change their role or their manager; absent fields stay.
    member_update(MemberUpdateReq) -> MemberView;
    /// Remove a member from the workspace: their laptop still syncs, their edits are refused.
    member_remove(IdReq) -> MemberView;
    goal_list(NoArgs) -> Vec<GoalView>;
    goal_create(GoalCreateReq) -> GoalView;
    goal_update(GoalUpdateReq) -> GoalView;
    family_list(NoArgs) -> Vec<FamilyView>;
    family_create(FamilyCreateReq) -> FamilyView;
    product_list(NoArgs) -> Vec<ProductView>;
    product_create(ProductCreateReq) -> ProductView;
    /// Rename, change family, or move to the next planning cycle (base year).
    product_update(ProductUpdateReq) -> ProductView;
    item_list(ItemListReq) -> Vec<ItemView>;
    /// One item with requirements, ancestors, goal, own and inherited guardrails, children.
    item_get(IdReq) -> ItemDetailView;
    item_create(ItemCreateReq) -> ItemView;
    /// Move an item to another period, under another parent, and/or next to another item.
    item_move(ItemMoveReq) -> ItemView;
    /// Title, status, confidence, metric, impact, requirements; absent fields stay.
    item_update(ItemUpdateReq) -> ItemView;
    /// Soft delete: items serving it become orphans; undo with item_undelete.
    item_delete(IdReq) -> ItemView;
    item_undelete(IdReq) -> ItemView;
    /// An item's own guardrails, then those inherited from its ancestors.
    guardrail_list(GuardrailListReq) -> Vec<GuardrailView>;
    guardrail_add(GuardrailAddReq) -> GuardrailView;
    guardrail_update(GuardrailUpdateReq) -> GuardrailView;
    guardrail_delete(IdReq) -> GuardrailView;
    /// Goal → theme → initiative → item with roll-up counts, unaligned items, unserved goals.
    alignment_get(ProductScopeReq) -> AlignmentView;
    /// Freeze a product's roadmap under a name.
    snapshot_create(SnapshotCreateReq) -> SnapshotView;
    /// Snapshots, newest first.
    snapshot_list(ProductScopeReq) -> Vec<SnapshotView>;
    /// What changed from a snapshot to another one or to now.
    snapshot_diff(SnapshotDiffReq) -> SnapshotDiffView;
    sync_status(NoArgs) -> SyncStatusView;
    /// Choose the sync folder and run a first pass.
    sync_set_folder(SyncFolderReq) -> SyncPassView;
    sync_now(NoArgs) -> SyncPassView;
    /// Invite a member to join from another laptop through the sync folder.
    invite_create(InviteCreateReq) -> InviteView;
    /// Revoke an invite: no laptop may join with it from now on.
    invite_revoke(InviteRevokeReq) -> NoArgs;
    /// First run on another laptop: join a workspace from a sync folder with an invite.
    workspace_join(JoinReq) -> WorkspaceView;
    /// Search goals, products, roadmap items (and their requirements), stories, ideas and
    /// decisions; the best first.
    search(SearchReq) -> Vec<SearchHitView>;
    /// Every value an entity's fields held, newest first.
    history_list(HistoryReq) -> Vec<ChangeView>;
    /// Set a field back to an earlier value (a new change; nothing is erased).
    history_restore(RestoreReq) -> ChangeView;
    conflict_list(ConflictListReq) -> Vec<ConflictView>;
    /// Mark every conflict as looked at; answers how many were marked.
    conflict_mark_seen(NoArgs) -> u32;
    /// Changes received that their author's role did not allow: kept, flagged, not applied.
    refused_list(NoArgs) -> Vec<RefusedView>;
    /// Offer a one-year item to a junior PM who reports to me, with a brief.
    delegate_offer(DelegateOfferReq) -> DelegationView;
    /// Change the brief (the delegator); the junior sees it was amended.
    delegate_amend(DelegateAmendReq) -> DelegationView;
    /// The junior asks a question back before accepting.
    delegate_ask(TextReq) -> DelegationView;
    /// The delegator answers the junior's question.
    delegate_answer(TextReq) -> DelegationView;
    delegate_accept(IdReq) -> DelegationView;
    delegate_complete(IdReq) -> DelegationView;
    delegate_withdraw(IdReq) -> DelegationView;
    /// Hand a delegation to another junior PM (their manager, or leadership).
    delegate_reassign(DelegateReassignReq) -> DelegationView;
    /// The junior posts a short update on a running delegation.
    delegate_checkin(TextReq) -> CheckinView;
    /// Delegations to, by, or mentored by a member, or of an item (open ones unless `ended`).
    delegation_list(DelegationListReq) -> Vec<DelegationView>;
    /// A delegated item: brief, requirements, guardrails, stories, comments, check-ins.
    delegation_get(IdReq) -> DelegatedItemView;
    story_add(StoryAddReq) -> StoryView;
    /// Edit a story; absent fields stay. An edit after a verdict returns it to review.
    story_update(StoryUpdateReq) -> StoryView;
    story_delete(IdReq) -> StoryView;
    story_move(StoryMoveReq) -> StoryView;
    /// Move a story along (in progress, in QA, done) or mark it blocked with a reason.
    story_stage(StoryStageReq) -> StoryView;
    /// Mark how a story stands against one of its item's guardrails.
    story_check(StoryCheckReq) -> StoryView;
    story_get(IdReq) -> StoryView;
    /// Send stories for review (one or a batch).
    review_request(ReviewRequestReq) -> Vec<StoryView>;
    /// Approve a story as it stands (an exception is needed when it violates a guardrail).
    review_approve(ReviewDecideReq) -> StoryView;
    /// Ask for changes, with a comment.
    review_request_changes(ReviewDecideReq) -> StoryView;
    /// Stories waiting on my review, oldest first.
    review_queue(NoArgs) -> Vec<WaitingView>;
    /// Comment on a story or a delegation, or reply to a comment.
    comment_add(CommentAddReq) -> CommentView;
    /// Resolve a comment's thread (or open it again).
    comment_resolve(CommentResolveReq) -> CommentView;
    /// The junior's inbox: offered to me, needs my action, in review, check-ins due.
    inbox_get(NoArgs) -> InboxView;
    /// The senior's board: per junior, delegations, stories in flight, reviews waiting, flags.
    board_get(NoArgs) -> BoardView;
    /// Add customer feedback to the inbox (anyone).
    feedback_add(FeedbackAddReq) -> FeedbackView;
    /// Feedback, newest first: the inbox (not triaged) unless `show` says otherwise.
    feedback_list(FeedbackListReq) -> FeedbackListView;
    /// Triage: link feedback to an idea (as evidence) or a roadmap item.
    feedback_link(FeedbackLinkReq) -> FeedbackView;
    /// Triage: dismiss feedback with a reason (it stays findable).
    feedback_dismiss(FeedbackDismissReq) -> FeedbackView;
    /// Propose an idea (a draft, mine).
    idea_add(IdeaAddReq) -> IdeaView;
    /// Title, problem, proposal, product; absent fields stay (the proposer, until submitted).
    idea_update(IdeaUpdateReq) -> IdeaView;
    /// RICE parts; the score and its arithmetic are computed by the core.
    idea_score(IdeaScoreReq) -> IdeaView;
    /// Add a link, metric or note to an idea's evidence.
    idea_evidence_add(EvidenceAddReq) -> EvidenceView;
    /// Remove a piece of evidence (by its id).
    idea_evidence_remove(IdReq) -> IdeaView;
    /// Sponsor a junior PM's idea (their senior, or leadership).
    idea_sponsor(IdReq) -> IdeaView;
    /// Return an idea to its proposer with a comment (their senior, or leadership).
    idea_return(IdeaReturnReq) -> IdeaView;
    /// Submit to leadership (a junior PM's unsponsored idea goes to their senior instead).
    idea_submit(IdReq) -> IdeaView;
    /// Place a go-ahead idea on its product's roadmap as a new item.
    idea_place(IdeaPlaceReq) -> IdeaView;
    /// Ideas, last edited first; one product's, one stage's.
    idea_list(IdeaListReq) -> Vec<IdeaView>;
    /// One idea with its evidence, feedback, decisions, related past decisions and what I may do.
    idea_get(IdReq) -> IdeaDetailView;
    /// The idea a roadmap item was placed from (by the item's id), if any.
    idea_for_item(IdReq) -> Option<IdeaDetailView>;
    /// What waits on me: decisions, sponsorships, returned ideas, placements, revisits.
    idea_queue(NoArgs) -> IdeaQueueView;
    /// Leadership's decision on a submitted idea, with its rationale.
    idea_decide(IdeaDecideReq) -> DecisionView;
    /// The decision log, newest first: by text, product, outcome, date.
    decision_list(DecisionListReq) -> Vec<DecisionView>;
    /// "Not now" ideas whose revisit date has come (or all of them).
    idea_revisit(RevisitReq) -> Vec<IdeaView>;
    /// A product's sprints, earliest first, with their points planned and done.
    sprint_list(ProductReq) -> Vec<SprintView>;
    /// A new sprint of a product (its owner): name, dates, capacity in points.
    sprint_create(SprintCreateReq) -> SprintView;
    sprint_update(SprintUpdateReq) -> SprintView;
    /// Undo this laptop's last change (any command), as new changes that sync like any edit.
    undo(NoArgs) -> UndoView;
    /// Redo the change undone last.
    redo(NoArgs) -> UndoView;
    /// What undo and redo would do now, in words (the Edit menu).
    undo_state(NoArgs) -> UndoStateView;
    /// A sprint's stories: the board.
    sprint_board(IdReq) -> SprintBoardView;
    /// A sprint's burn-up, day by day, computed from the op log.
    sprint_burnup(IdReq) -> Vec<BurnDayView>;
    /// A product's approved, unfinished stories that no open sprint holds.
    sprint_backlog(ProductReq) -> Vec<PlannedStoryView>;
    /// Plan a story into an open sprint, or back to the backlog.
    sprint_plan(SprintPlanReq) -> StoryView;
    /// Close a sprint, saying where each unfinished story goes.
    sprint_close(SprintCloseReq) -> SprintView;
    /// The launch calendar: launches by date across products (cancelled ones left out).
    launch_list(LaunchListReq) -> Vec<LaunchView>;
    launch_get(IdReq) -> LaunchView;
    /// The launch of a one-year item that is not cancelled, if any.
    launch_for_item(IdReq) -> Option<LaunchView>;
    /// Set up a launch (the item's product owner): owner, target date, checklist from the template.
    launch_create(LaunchCreateReq) -> LaunchView;
    launch_update(LaunchUpdateReq) -> LaunchView;
    launch_entry_add(LaunchEntryAddReq) -> LaunchView;
    /// Tick, untick or remove a checklist entry.
    launch_entry_set(LaunchEntrySetReq) -> LaunchView;
    /// Mark launched; open mandatory entries need a reason.
    launch_mark(LaunchMarkReq) -> LaunchView;
    launch_cancel(IdReq) -> LaunchView;
    /// A product's launch checklist template.
    launch_template_list(ProductReq) -> Vec<ChecklistEntryView>;
    launch_template_add(TemplateAddReq) -> Vec<ChecklistEntryView>;
    launch_template_remove(IdReq) -> Vec<ChecklistEntryView>;
    /// Progress rolled up from stories to goals, with risks and their reasons.
    progress_get(ProgressReq) -> ProgressView;
    /// The stories counted under a one-year item.
    progress_item(IdReq) -> Vec<PlannedStoryView>;
    /// A journal's entries (mine, or of someone I manage or mentor), newest first.
    journal_list(JournalListReq) -> Vec<JournalEntryView>;
    journal_add(JournalAddReq) -> JournalEntryView;
    journal_update(JournalUpdateReq) -> JournalEntryView;
    journal_remove(IdReq) -> JournalEntryView;
    /// A period of a journal as Markdown, written to a file when a path is given.
    journal_export(JournalExportReq) -> JournalExportView;
}

/// Exports a type with its dependencies; containers (Vec, Option) export what they hold.
struct Exporter<'a> {
    cfg: &'a ts_rs::Config,
    error: Option<ts_rs::ExportError>,
}

impl TypeVisitor for Exporter<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if self.error.is_some() {
            return;
        }
        if T::output_path().is_some() {
            self.error = T::export_all(self.cfg).err();
        } else {
            // Containers: `Vec<T>` names T as a generic, `Option<T>` as a dependency.
            T::visit_dependencies(self);
            T::visit_generics(self);
        }
    }
}

/// Writes the TypeScript bindings into `dir`: one file per boundary type (ts-rs) and
/// `commands.ts`, the typed map `{ name: { req, res } }` the UI's `invoke` wrapper uses.
pub fn write_bindings(dir: &Path) -> std::io::Result<()> {
    let to_io = |e: ts_rs::ExportError| std::io::Error::other(e.to_string());
    if dir.exists() {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "ts") {
                std::fs::remove_file(path)?;
            }
        }
    }
    std::fs::create_dir_all(dir)?;
    let cfg = ts_rs::Config::new().with_out_dir(dir);
    export_command_types(&cfg).map_err(to_io)?;

    let mut types: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        if let Some(stem) = entry?.path().file_stem().and_then(|s| s.to_str()) {
            types.push(stem.to_owned());
        }
    }
    types.sort();
    let sigs = command_signatures(&cfg);
    let mentioned = |t: &str| {
        t == "ApiError"
            || sigs.iter().any(|(_, _, req, res)| {
                [req, res].iter().any(|s| s.split(|c: char| !c.is_alphanumeric()).any(|w| w == t))
            })
    };
    let mut out = String::from("// Generated from crates/core/src/api/mod.rs by `npm run bindings`. Do not edit.\n\n");
    for t in types.iter().filter(|t| mentioned(t)) {
        out.push_str(&format!("import type {{ {t} }} from \"./{t}\";\n"));
    }
    out.push_str(
        "\nexport type { ApiError };\n\n/** Every command: its request and its answer. */\nexport type Commands = {\n",
    );
    for (name, doc, req, res) in &sigs {
        if !doc.is_empty() {
            out.push_str(&format!("  /** {} */\n", doc.replace('\n', " ")));
        }
        out.push_str(&format!("  {name}: {{ req: {req}; res: {res} }};\n"));
    }
    out.push_str(
        "};\n\nexport type CommandName = keyof Commands;\n\nexport const COMMAND_NAMES: readonly CommandName[] = [\n",
    );
    for (name, ..) in &sigs {
        out.push_str(&format!("  \"{name}\",\n"));
    }
    out.push_str("];\n");
    std::fs::write(dir.join("commands.ts"), out)
}
