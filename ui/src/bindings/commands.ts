// Generated from crates/core/src/api/mod.rs by `npm run bindings`. Do not edit.

import type { AlignmentView } from "./AlignmentView";
import type { ApiError } from "./ApiError";
import type { BoardView } from "./BoardView";
import type { BurnDayView } from "./BurnDayView";
import type { ChangeView } from "./ChangeView";
import type { CheckinView } from "./CheckinView";
import type { ChecklistEntryView } from "./ChecklistEntryView";
import type { CommentAddReq } from "./CommentAddReq";
import type { CommentResolveReq } from "./CommentResolveReq";
import type { CommentView } from "./CommentView";
import type { ConflictListReq } from "./ConflictListReq";
import type { ConflictView } from "./ConflictView";
import type { DecisionListReq } from "./DecisionListReq";
import type { DecisionView } from "./DecisionView";
import type { DelegateAmendReq } from "./DelegateAmendReq";
import type { DelegateOfferReq } from "./DelegateOfferReq";
import type { DelegateReassignReq } from "./DelegateReassignReq";
import type { DelegatedItemView } from "./DelegatedItemView";
import type { DelegationListReq } from "./DelegationListReq";
import type { DelegationView } from "./DelegationView";
import type { EvidenceAddReq } from "./EvidenceAddReq";
import type { EvidenceView } from "./EvidenceView";
import type { FamilyCreateReq } from "./FamilyCreateReq";
import type { FamilyView } from "./FamilyView";
import type { FeedbackAddReq } from "./FeedbackAddReq";
import type { FeedbackDismissReq } from "./FeedbackDismissReq";
import type { FeedbackLinkReq } from "./FeedbackLinkReq";
import type { FeedbackListReq } from "./FeedbackListReq";
import type { FeedbackListView } from "./FeedbackListView";
import type { FeedbackView } from "./FeedbackView";
import type { GoalCreateReq } from "./GoalCreateReq";
import type { GoalUpdateReq } from "./GoalUpdateReq";
import type { GoalView } from "./GoalView";
import type { GuardrailAddReq } from "./GuardrailAddReq";
import type { GuardrailListReq } from "./GuardrailListReq";
import type { GuardrailUpdateReq } from "./GuardrailUpdateReq";
import type { GuardrailView } from "./GuardrailView";
import type { HistoryReq } from "./HistoryReq";
import type { IdReq } from "./IdReq";
import type { IdeaAddReq } from "./IdeaAddReq";
import type { IdeaDecideReq } from "./IdeaDecideReq";
import type { IdeaDetailView } from "./IdeaDetailView";
import type { IdeaListReq } from "./IdeaListReq";
import type { IdeaPlaceReq } from "./IdeaPlaceReq";
import type { IdeaQueueView } from "./IdeaQueueView";
import type { IdeaReturnReq } from "./IdeaReturnReq";
import type { IdeaScoreReq } from "./IdeaScoreReq";
import type { IdeaUpdateReq } from "./IdeaUpdateReq";
import type { IdeaView } from "./IdeaView";
import type { InboxView } from "./InboxView";
import type { InviteCreateReq } from "./InviteCreateReq";
import type { InviteRevokeReq } from "./InviteRevokeReq";
import type { InviteView } from "./InviteView";
import type { ItemCreateReq } from "./ItemCreateReq";
import type { ItemDetailView } from "./ItemDetailView";
import type { ItemListReq } from "./ItemListReq";
import type { ItemMoveReq } from "./ItemMoveReq";
import type { ItemUpdateReq } from "./ItemUpdateReq";
import type { ItemView } from "./ItemView";
import type { JoinReq } from "./JoinReq";
import type { JournalAddReq } from "./JournalAddReq";
import type { JournalEntryView } from "./JournalEntryView";
import type { JournalExportReq } from "./JournalExportReq";
import type { JournalExportView } from "./JournalExportView";
import type { JournalListReq } from "./JournalListReq";
import type { JournalUpdateReq } from "./JournalUpdateReq";
import type { LaunchCreateReq } from "./LaunchCreateReq";
import type { LaunchEntryAddReq } from "./LaunchEntryAddReq";
import type { LaunchEntrySetReq } from "./LaunchEntrySetReq";
import type { LaunchListReq } from "./LaunchListReq";
import type { LaunchMarkReq } from "./LaunchMarkReq";
import type { LaunchUpdateReq } from "./LaunchUpdateReq";
import type { LaunchView } from "./LaunchView";
import type { MemberCreateReq } from "./MemberCreateReq";
import type { MemberUpdateReq } from "./MemberUpdateReq";
import type { MemberView } from "./MemberView";
import type { NoArgs } from "./NoArgs";
import type { PlannedStoryView } from "./PlannedStoryView";
import type { ProductCreateReq } from "./ProductCreateReq";
import type { ProductReq } from "./ProductReq";
import type { ProductScopeReq } from "./ProductScopeReq";
import type { ProductUpdateReq } from "./ProductUpdateReq";
import type { ProductView } from "./ProductView";
import type { ProgressReq } from "./ProgressReq";
import type { ProgressView } from "./ProgressView";
import type { RefusedView } from "./RefusedView";
import type { RestoreReq } from "./RestoreReq";
import type { ReviewDecideReq } from "./ReviewDecideReq";
import type { ReviewRequestReq } from "./ReviewRequestReq";
import type { RevisitReq } from "./RevisitReq";
import type { SearchHitView } from "./SearchHitView";
import type { SearchReq } from "./SearchReq";
import type { SnapshotCreateReq } from "./SnapshotCreateReq";
import type { SnapshotDiffReq } from "./SnapshotDiffReq";
import type { SnapshotDiffView } from "./SnapshotDiffView";
import type { SnapshotView } from "./SnapshotView";
import type { SprintBoardView } from "./SprintBoardView";
import type { SprintCloseReq } from "./SprintCloseReq";
import type { SprintCreateReq } from "./SprintCreateReq";
import type { SprintPlanReq } from "./SprintPlanReq";
import type { SprintUpdateReq } from "./SprintUpdateReq";
import type { SprintView } from "./SprintView";
import type { StoryAddReq } from "./StoryAddReq";
import type { StoryCheckReq } from "./StoryCheckReq";
import type { StoryMoveReq } from "./StoryMoveReq";
import type { StoryStageReq } from "./StoryStageReq";
import type { StoryUpdateReq } from "./StoryUpdateReq";
import type { StoryView } from "./StoryView";
import type { SyncFolderReq } from "./SyncFolderReq";
import type { SyncPassView } from "./SyncPassView";
import type { SyncStatusView } from "./SyncStatusView";
import type { TemplateAddReq } from "./TemplateAddReq";
import type { TextReq } from "./TextReq";
import type { UndoStateView } from "./UndoStateView";
import type { UndoView } from "./UndoView";
import type { WaitingView } from "./WaitingView";
import type { WorkspaceInitReq } from "./WorkspaceInitReq";
import type { WorkspaceRenameReq } from "./WorkspaceRenameReq";
import type { WorkspaceView } from "./WorkspaceView";

export type { ApiError };

/** Every command: its request and its answer. */
export type Commands = {
  /** The workspace on this device and who I am, or null before the first run. */
  workspace_get: { req: NoArgs; res: WorkspaceView | null };
  /** First run: create the workspace and its first member, who is "me" on this device. */
  workspace_init: { req: WorkspaceInitReq; res: WorkspaceView };
  /** Rename the workspace (leadership). */
  workspace_rename: { req: WorkspaceRenameReq; res: WorkspaceView };
  member_list: { req: NoArgs; res: Array<MemberView> };
  member_create: { req: MemberCreateReq; res: MemberView };
  /** Rename a member, change their role or their manager; absent fields stay. */
  member_update: { req: MemberUpdateReq; res: MemberView };
  /** Remove a member from the workspace: their laptop still syncs, their edits are refused. */
  member_remove: { req: IdReq; res: MemberView };
  goal_list: { req: NoArgs; res: Array<GoalView> };
  goal_create: { req: GoalCreateReq; res: GoalView };
  goal_update: { req: GoalUpdateReq; res: GoalView };
  family_list: { req: NoArgs; res: Array<FamilyView> };
  family_create: { req: FamilyCreateReq; res: FamilyView };
  product_list: { req: NoArgs; res: Array<ProductView> };
  product_create: { req: ProductCreateReq; res: ProductView };
  /** Rename, change family, or move to the next planning cycle (base year). */
  product_update: { req: ProductUpdateReq; res: ProductView };
  item_list: { req: ItemListReq; res: Array<ItemView> };
  /** One item with requirements, ancestors, goal, own and inherited guardrails, children. */
  item_get: { req: IdReq; res: ItemDetailView };
  item_create: { req: ItemCreateReq; res: ItemView };
  /** Move an item to another period, under another parent, and/or next to another item. */
  item_move: { req: ItemMoveReq; res: ItemView };
  /** Title, status, confidence, metric, impact, requirements; absent fields stay. */
  item_update: { req: ItemUpdateReq; res: ItemView };
  /** Soft delete: items serving it become orphans; undo with item_undelete. */
  item_delete: { req: IdReq; res: ItemView };
  item_undelete: { req: IdReq; res: ItemView };
  /** An item's own guardrails, then those inherited from its ancestors. */
  guardrail_list: { req: GuardrailListReq; res: Array<GuardrailView> };
  guardrail_add: { req: GuardrailAddReq; res: GuardrailView };
  guardrail_update: { req: GuardrailUpdateReq; res: GuardrailView };
  guardrail_delete: { req: IdReq; res: GuardrailView };
  /** Goal → theme → initiative → item with roll-up counts, unaligned items, unserved goals. */
  alignment_get: { req: ProductScopeReq; res: AlignmentView };
  /** Freeze a product's roadmap under a name. */
  snapshot_create: { req: SnapshotCreateReq; res: SnapshotView };
  /** Snapshots, newest first. */
  snapshot_list: { req: ProductScopeReq; res: Array<SnapshotView> };
  /** What changed from a snapshot to another one or to now. */
  snapshot_diff: { req: SnapshotDiffReq; res: SnapshotDiffView };
  sync_status: { req: NoArgs; res: SyncStatusView };
  /** Choose the sync folder and run a first pass. */
  sync_set_folder: { req: SyncFolderReq; res: SyncPassView };
  sync_now: { req: NoArgs; res: SyncPassView };
  /** Invite a member to join from another laptop through the sync folder. */
  invite_create: { req: InviteCreateReq; res: InviteView };
  /** Revoke an invite: no laptop may join with it from now on. */
  invite_revoke: { req: InviteRevokeReq; res: NoArgs };
  /** First run on another laptop: join a workspace from a sync folder with an invite. */
  workspace_join: { req: JoinReq; res: WorkspaceView };
  /** Search goals, products, roadmap items (and their requirements), stories, ideas and  decisions; the best first. */
  search: { req: SearchReq; res: Array<SearchHitView> };
  /** Every value an entity's fields held, newest first. */
  history_list: { req: HistoryReq; res: Array<ChangeView> };
  /** Set a field back to an earlier value (a new change; nothing is erased). */
  history_restore: { req: RestoreReq; res: ChangeView };
  conflict_list: { req: ConflictListReq; res: Array<ConflictView> };
  /** Mark every conflict as looked at; answers how many were marked. */
  conflict_mark_seen: { req: NoArgs; res: number };
  /** Changes received that their author's role did not allow: kept, flagged, not applied. */
  refused_list: { req: NoArgs; res: Array<RefusedView> };
  /** Offer a one-year item to a junior PM who reports to me, with a brief. */
  delegate_offer: { req: DelegateOfferReq; res: DelegationView };
  /** Change the brief (the delegator); the junior sees it was amended. */
  delegate_amend: { req: DelegateAmendReq; res: DelegationView };
  /** The junior asks a question back before accepting. */
  delegate_ask: { req: TextReq; res: DelegationView };
  /** The delegator answers the junior's question. */
  delegate_answer: { req: TextReq; res: DelegationView };
  delegate_accept: { req: IdReq; res: DelegationView };
  delegate_complete: { req: IdReq; res: DelegationView };
  delegate_withdraw: { req: IdReq; res: DelegationView };
  /** Hand a delegation to another junior PM (their manager, or leadership). */
  delegate_reassign: { req: DelegateReassignReq; res: DelegationView };
  /** The junior posts a short update on a running delegation. */
  delegate_checkin: { req: TextReq; res: CheckinView };
  /** Delegations to, by, or mentored by a member, or of an item (open ones unless `ended`). */
  delegation_list: { req: DelegationListReq; res: Array<DelegationView> };
  /** A delegated item: brief, requirements, guardrails, stories, comments, check-ins. */
  delegation_get: { req: IdReq; res: DelegatedItemView };
  story_add: { req: StoryAddReq; res: StoryView };
  /** Edit a story; absent fields stay. An edit after a verdict returns it to review. */
  story_update: { req: StoryUpdateReq; res: StoryView };
  story_delete: { req: IdReq; res: StoryView };
  story_move: { req: StoryMoveReq; res: StoryView };
  /** Move a story along (in progress, in QA, done) or mark it blocked with a reason. */
  story_stage: { req: StoryStageReq; res: StoryView };
  /** Mark how a story stands against one of its item's guardrails. */
  story_check: { req: StoryCheckReq; res: StoryView };
  story_get: { req: IdReq; res: StoryView };
  /** Send stories for review (one or a batch). */
  review_request: { req: ReviewRequestReq; res: Array<StoryView> };
  /** Approve a story as it stands (an exception is needed when it violates a guardrail). */
  review_approve: { req: ReviewDecideReq; res: StoryView };
  /** Ask for changes, with a comment. */
  review_request_changes: { req: ReviewDecideReq; res: StoryView };
  /** Stories waiting on my review, oldest first. */
  review_queue: { req: NoArgs; res: Array<WaitingView> };
  /** Comment on a story or a delegation, or reply to a comment. */
  comment_add: { req: CommentAddReq; res: CommentView };
  /** Resolve a comment's thread (or open it again). */
  comment_resolve: { req: CommentResolveReq; res: CommentView };
  /** The junior's inbox: offered to me, needs my action, in review, check-ins due. */
  inbox_get: { req: NoArgs; res: InboxView };
  /** The senior's board: per junior, delegations, stories in flight, reviews waiting, flags. */
  board_get: { req: NoArgs; res: BoardView };
  /** Add customer feedback to the inbox (anyone). */
  feedback_add: { req: FeedbackAddReq; res: FeedbackView };
  /** Feedback, newest first: the inbox (not triaged) unless `show` says otherwise. */
  feedback_list: { req: FeedbackListReq; res: FeedbackListView };
  /** Triage: link feedback to an idea (as evidence) or a roadmap item. */
  feedback_link: { req: FeedbackLinkReq; res: FeedbackView };
  /** Triage: dismiss feedback with a reason (it stays findable). */
  feedback_dismiss: { req: FeedbackDismissReq; res: FeedbackView };
  /** Propose an idea (a draft, mine). */
  idea_add: { req: IdeaAddReq; res: IdeaView };
  /** Title, problem, proposal, product; absent fields stay (the proposer, until submitted). */
  idea_update: { req: IdeaUpdateReq; res: IdeaView };
  /** RICE parts; the score and its arithmetic are computed by the core. */
  idea_score: { req: IdeaScoreReq; res: IdeaView };
  /** Add a link, metric or note to an idea's evidence. */
  idea_evidence_add: { req: EvidenceAddReq; res: EvidenceView };
  /** Remove a piece of evidence (by its id). */
  idea_evidence_remove: { req: IdReq; res: IdeaView };
  /** Sponsor a junior PM's idea (their senior, or leadership). */
  idea_sponsor: { req: IdReq; res: IdeaView };
  /** Return an idea to its proposer with a comment (their senior, or leadership). */
  idea_return: { req: IdeaReturnReq; res: IdeaView };
  /** Submit to leadership (a junior PM's unsponsored idea goes to their senior instead). */
  idea_submit: { req: IdReq; res: IdeaView };
  /** Place a go-ahead idea on its product's roadmap as a new item. */
  idea_place: { req: IdeaPlaceReq; res: IdeaView };
  /** Ideas, last edited first; one product's, one stage's. */
  idea_list: { req: IdeaListReq; res: Array<IdeaView> };
  /** One idea with its evidence, feedback, decisions, related past decisions and what I may do. */
  idea_get: { req: IdReq; res: IdeaDetailView };
  /** The idea a roadmap item was placed from (by the item's id), if any. */
  idea_for_item: { req: IdReq; res: IdeaDetailView | null };
  /** What waits on me: decisions, sponsorships, returned ideas, placements, revisits. */
  idea_queue: { req: NoArgs; res: IdeaQueueView };
  /** Leadership's decision on a submitted idea, with its rationale. */
  idea_decide: { req: IdeaDecideReq; res: DecisionView };
  /** The decision log, newest first: by text, product, outcome, date. */
  decision_list: { req: DecisionListReq; res: Array<DecisionView> };
  /** "Not now" ideas whose revisit date has come (or all of them). */
  idea_revisit: { req: RevisitReq; res: Array<IdeaView> };
  /** A product's sprints, earliest first, with their points planned and done. */
  sprint_list: { req: ProductReq; res: Array<SprintView> };
  /** A new sprint of a product (its owner): name, dates, capacity in points. */
  sprint_create: { req: SprintCreateReq; res: SprintView };
  sprint_update: { req: SprintUpdateReq; res: SprintView };
  /** Undo this laptop's last change (any command), as new changes that sync like any edit. */
  undo: { req: NoArgs; res: UndoView };
  /** Redo the change undone last. */
  redo: { req: NoArgs; res: UndoView };
  /** What undo and redo would do now, in words (the Edit menu). */
  undo_state: { req: NoArgs; res: UndoStateView };
  /** A sprint's stories: the board. */
  sprint_board: { req: IdReq; res: SprintBoardView };
  /** A sprint's burn-up, day by day, computed from the op log. */
  sprint_burnup: { req: IdReq; res: Array<BurnDayView> };
  /** A product's approved, unfinished stories that no open sprint holds. */
  sprint_backlog: { req: ProductReq; res: Array<PlannedStoryView> };
  /** Plan a story into an open sprint, or back to the backlog. */
  sprint_plan: { req: SprintPlanReq; res: StoryView };
  /** Close a sprint, saying where each unfinished story goes. */
  sprint_close: { req: SprintCloseReq; res: SprintView };
  /** The launch calendar: launches by date across products (cancelled ones left out). */
  launch_list: { req: LaunchListReq; res: Array<LaunchView> };
  launch_get: { req: IdReq; res: LaunchView };
  /** The launch of a one-year item that is not cancelled, if any. */
  launch_for_item: { req: IdReq; res: LaunchView | null };
  /** Set up a launch (the item's product owner): owner, target date, checklist from the template. */
  launch_create: { req: LaunchCreateReq; res: LaunchView };
  launch_update: { req: LaunchUpdateReq; res: LaunchView };
  launch_entry_add: { req: LaunchEntryAddReq; res: LaunchView };
  /** Tick, untick or remove a checklist entry. */
  launch_entry_set: { req: LaunchEntrySetReq; res: LaunchView };
  /** Mark launched; open mandatory entries need a reason. */
  launch_mark: { req: LaunchMarkReq; res: LaunchView };
  launch_cancel: { req: IdReq; res: LaunchView };
  /** A product's launch checklist template. */
  launch_template_list: { req: ProductReq; res: Array<ChecklistEntryView> };
  launch_template_add: { req: TemplateAddReq; res: Array<ChecklistEntryView> };
  launch_template_remove: { req: IdReq; res: Array<ChecklistEntryView> };
  /** Progress rolled up from stories to goals, with risks and their reasons. */
  progress_get: { req: ProgressReq; res: ProgressView };
  /** The stories counted under a one-year item. */
  progress_item: { req: IdReq; res: Array<PlannedStoryView> };
  /** A journal's entries (mine, or of someone I manage or mentor), newest first. */
  journal_list: { req: JournalListReq; res: Array<JournalEntryView> };
  journal_add: { req: JournalAddReq; res: JournalEntryView };
  journal_update: { req: JournalUpdateReq; res: JournalEntryView };
  journal_remove: { req: IdReq; res: JournalEntryView };
  /** A period of a journal as Markdown, written to a file when a path is given. */
  journal_export: { req: JournalExportReq; res: JournalExportView };
};

export type CommandName = keyof Commands;

export const COMMAND_NAMES: readonly CommandName[] = [
  "workspace_get",
  "workspace_init",
  "workspace_rename",
  "member_list",
  "member_create",
  "member_update",
  "member_remove",
  "goal_list",
  "goal_create",
  "goal_update",
  "family_list",
  "family_create",
  "product_list",
  "product_create",
  "product_update",
  "item_list",
  "item_get",
  "item_create",
  "item_move",
  "item_update",
  "item_delete",
  "item_undelete",
  "guardrail_list",
  "guardrail_add",
  "guardrail_update",
  "guardrail_delete",
  "alignment_get",
  "snapshot_create",
  "snapshot_list",
  "snapshot_diff",
  "sync_status",
  "sync_set_folder",
  "sync_now",
  "invite_create",
  "invite_revoke",
  "workspace_join",
  "search",
  "history_list",
  "history_restore",
  "conflict_list",
  "conflict_mark_seen",
  "refused_list",
  "delegate_offer",
  "delegate_amend",
  "delegate_ask",
  "delegate_answer",
  "delegate_accept",
  "delegate_complete",
  "delegate_withdraw",
  "delegate_reassign",
  "delegate_checkin",
  "delegation_list",
  "delegation_get",
  "story_add",
  "story_update",
  "story_delete",
  "story_move",
  "story_stage",
  "story_check",
  "story_get",
  "review_request",
  "review_approve",
  "review_request_changes",
  "review_queue",
  "comment_add",
  "comment_resolve",
  "inbox_get",
  "board_get",
  "feedback_add",
  "feedback_list",
  "feedback_link",
  "feedback_dismiss",
  "idea_add",
  "idea_update",
  "idea_score",
  "idea_evidence_add",
  "idea_evidence_remove",
  "idea_sponsor",
  "idea_return",
  "idea_submit",
  "idea_place",
  "idea_list",
  "idea_get",
  "idea_for_item",
  "idea_queue",
  "idea_decide",
  "decision_list",
  "idea_revisit",
  "sprint_list",
  "sprint_create",
  "sprint_update",
  "undo",
  "redo",
  "undo_state",
  "sprint_board",
  "sprint_burnup",
  "sprint_backlog",
  "sprint_plan",
  "sprint_close",
  "launch_list",
  "launch_get",
  "launch_for_item",
  "launch_create",
  "launch_update",
  "launch_entry_add",
  "launch_entry_set",
  "launch_mark",
  "launch_cancel",
  "launch_template_list",
  "launch_template_add",
  "launch_template_remove",
  "progress_get",
  "progress_item",
  "journal_list",
  "journal_add",
  "journal_update",
  "journal_remove",
  "journal_export",
];
