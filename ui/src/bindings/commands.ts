// Generated from crates/core/src/api/mod.rs by `npm run bindings`. Do not edit.

import type { ApiError } from "./ApiError";
import type { ChangeView } from "./ChangeView";
import type { ConflictListReq } from "./ConflictListReq";
import type { ConflictView } from "./ConflictView";
import type { GoalCreateReq } from "./GoalCreateReq";
import type { GoalView } from "./GoalView";
import type { HistoryReq } from "./HistoryReq";
import type { IdReq } from "./IdReq";
import type { InviteCreateReq } from "./InviteCreateReq";
import type { InviteView } from "./InviteView";
import type { ItemCreateReq } from "./ItemCreateReq";
import type { ItemListReq } from "./ItemListReq";
import type { ItemMoveReq } from "./ItemMoveReq";
import type { ItemUpdateReq } from "./ItemUpdateReq";
import type { ItemView } from "./ItemView";
import type { JoinReq } from "./JoinReq";
import type { MemberCreateReq } from "./MemberCreateReq";
import type { MemberView } from "./MemberView";
import type { NoArgs } from "./NoArgs";
import type { ProductCreateReq } from "./ProductCreateReq";
import type { ProductView } from "./ProductView";
import type { RestoreReq } from "./RestoreReq";
import type { SyncFolderReq } from "./SyncFolderReq";
import type { SyncPassView } from "./SyncPassView";
import type { SyncStatusView } from "./SyncStatusView";
import type { WorkspaceInitReq } from "./WorkspaceInitReq";
import type { WorkspaceView } from "./WorkspaceView";

export type { ApiError };

/** Every command: its request and its answer. */
export type Commands = {
  /** The workspace on this device and who I am, or null before the first run. */
  workspace_get: { req: NoArgs; res: WorkspaceView | null };
  /** First run: create the workspace and its first member, who is "me" on this device. */
  workspace_init: { req: WorkspaceInitReq; res: WorkspaceView };
  member_list: { req: NoArgs; res: Array<MemberView> };
  member_create: { req: MemberCreateReq; res: MemberView };
  goal_list: { req: NoArgs; res: Array<GoalView> };
  goal_create: { req: GoalCreateReq; res: GoalView };
  product_list: { req: NoArgs; res: Array<ProductView> };
  product_create: { req: ProductCreateReq; res: ProductView };
  item_list: { req: ItemListReq; res: Array<ItemView> };
  item_create: { req: ItemCreateReq; res: ItemView };
  /** Move an item to another period and/or under another parent. */
  item_move: { req: ItemMoveReq; res: ItemView };
  item_update: { req: ItemUpdateReq; res: ItemView };
  /** Soft delete: items serving it become orphans; undo with item_undelete. */
  item_delete: { req: IdReq; res: ItemView };
  item_undelete: { req: IdReq; res: ItemView };
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
};

export type CommandName = keyof Commands;

export const COMMAND_NAMES: readonly CommandName[] = [
  "workspace_get",
  "workspace_init",
  "member_list",
  "member_create",
  "goal_list",
  "goal_create",
  "product_list",
  "product_create",
  "item_list",
  "item_create",
  "item_move",
  "item_update",
  "item_delete",
  "item_undelete",
  "sync_status",
  "sync_set_folder",
  "sync_now",
  "invite_create",
  "workspace_join",
  "history_list",
  "history_restore",
  "conflict_list",
  "conflict_mark_seen",
];
