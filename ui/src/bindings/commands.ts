// Generated from crates/core/src/api/mod.rs by `npm run bindings`. Do not edit.

import type { ApiError } from "./ApiError";
import type { GoalCreateReq } from "./GoalCreateReq";
import type { GoalView } from "./GoalView";
import type { ItemCreateReq } from "./ItemCreateReq";
import type { ItemListReq } from "./ItemListReq";
import type { ItemMoveReq } from "./ItemMoveReq";
import type { ItemView } from "./ItemView";
import type { MemberCreateReq } from "./MemberCreateReq";
import type { MemberView } from "./MemberView";
import type { NoArgs } from "./NoArgs";
import type { ProductCreateReq } from "./ProductCreateReq";
import type { ProductView } from "./ProductView";
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
];
