// Generated from crates/core/src/api/mod.rs by `npm run bindings`. Do not edit.

import type { AlignmentView } from "./AlignmentView";
import type { ApiError } from "./ApiError";
import type { ChangeView } from "./ChangeView";
import type { ConflictListReq } from "./ConflictListReq";
import type { ConflictView } from "./ConflictView";
import type { FamilyCreateReq } from "./FamilyCreateReq";
import type { FamilyView } from "./FamilyView";
import type { GoalCreateReq } from "./GoalCreateReq";
import type { GoalUpdateReq } from "./GoalUpdateReq";
import type { GoalView } from "./GoalView";
import type { GuardrailAddReq } from "./GuardrailAddReq";
import type { GuardrailListReq } from "./GuardrailListReq";
import type { GuardrailUpdateReq } from "./GuardrailUpdateReq";
import type { GuardrailView } from "./GuardrailView";
import type { HistoryReq } from "./HistoryReq";
import type { IdReq } from "./IdReq";
import type { InviteCreateReq } from "./InviteCreateReq";
import type { InviteView } from "./InviteView";
import type { ItemCreateReq } from "./ItemCreateReq";
import type { ItemDetailView } from "./ItemDetailView";
import type { ItemListReq } from "./ItemListReq";
import type { ItemMoveReq } from "./ItemMoveReq";
import type { ItemUpdateReq } from "./ItemUpdateReq";
import type { ItemView } from "./ItemView";
import type { JoinReq } from "./JoinReq";
import type { MemberCreateReq } from "./MemberCreateReq";
import type { MemberUpdateReq } from "./MemberUpdateReq";
import type { MemberView } from "./MemberView";
import type { NoArgs } from "./NoArgs";
import type { ProductCreateReq } from "./ProductCreateReq";
import type { ProductScopeReq } from "./ProductScopeReq";
import type { ProductUpdateReq } from "./ProductUpdateReq";
import type { ProductView } from "./ProductView";
import type { RefusedView } from "./RefusedView";
import type { RestoreReq } from "./RestoreReq";
import type { SnapshotCreateReq } from "./SnapshotCreateReq";
import type { SnapshotDiffReq } from "./SnapshotDiffReq";
import type { SnapshotDiffView } from "./SnapshotDiffView";
import type { SnapshotView } from "./SnapshotView";
import type { SyncFolderReq } from "./SyncFolderReq";
import type { SyncPassView } from "./SyncPassView";
import type { SyncStatusView } from "./SyncStatusView";
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
  /** First run on another laptop: join a workspace from a sync folder with an invite. */
  workspace_join: { req: JoinReq; res: WorkspaceView };
  /** Every value an entity's fields held, newest first. */
  history_list: { req: HistoryReq; res: Array<ChangeView> };
  /** Set a field back to an earlier value (a new change; nothing is erased). */
  history_restore: { req: RestoreReq; res: ChangeView };
  conflict_list: { req: ConflictListReq; res: Array<ConflictView> };
  /** Mark every conflict as looked at; answers how many were marked. */
  conflict_mark_seen: { req: NoArgs; res: number };
  /** Changes received that their author's role did not allow: kept, flagged, not applied. */
  refused_list: { req: NoArgs; res: Array<RefusedView> };
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
  "workspace_join",
  "history_list",
  "history_restore",
  "conflict_list",
  "conflict_mark_seen",
  "refused_list",
];
