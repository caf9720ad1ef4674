// Test-only: an in-memory Backend that enforces the core's rules where component tests need
// them (messages copied from crates/core). It is not a second implementation of Baton.

import type { Backend } from "../backend";
import type { ChangeView } from "../bindings/ChangeView";
import type { ApiError, CommandName, Commands } from "../bindings/commands";
import type { DeviceSeenView } from "../bindings/DeviceSeenView";
import type { ErrorCode } from "../bindings/ErrorCode";
import type { FamilyView } from "../bindings/FamilyView";
import type { GoalView } from "../bindings/GoalView";
import type { Horizon } from "../bindings/Horizon";
import type { ItemView } from "../bindings/ItemView";
import type { MemberView } from "../bindings/MemberView";
import type { ProductView } from "../bindings/ProductView";
import type { Role } from "../bindings/Role";
import type { Status } from "../bindings/Status";
import type { SyncPassView } from "../bindings/SyncPassView";
import type { WorkspaceView } from "../bindings/WorkspaceView";

type Req<K extends CommandName> = Commands[K]["req"];
type Res<K extends CommandName> = Commands[K]["res"];
/** Commands the fake implements; any other rejects with `unknown_command`. */
type Handlers = { [K in CommandName]?: (req: Req<K>) => Res<K> };

class Rejection {
  constructor(readonly error: ApiError) {}
}

function fail(code: ErrorCode, message: string): never {
  throw new Rejection({ code, message });
}

const invalid = (message: string): never => fail("invalid_input", message);

/** Rust's `{:?}` of a string, near enough. */
const quoted = (s: string) => JSON.stringify(s);

function cleanName(what: string, s: string, max: number): string {
  const t = s.trim();
  if (t === "") invalid(`${what} is empty`);
  if ([...t].length > max) invalid(`${what} is longer than ${max} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(t)) {
    invalid(`${what} contains a line break or control character`);
  }
  return t;
}

const ROLE_IN_SENTENCE: Record<Role, string> = {
  leadership: "leadership",
  senior: "a senior PM",
  junior: "a junior PM",
};

const SPAN: Record<Horizon, number> = { five_year: 5, three_year: 3, one_year: 1 };

/** The horizon an item on this one serves (null: a theme serves a goal). */
const PARENT_HORIZON: Record<Horizon, Horizon | null> = {
  five_year: null,
  three_year: "five_year",
  one_year: "three_year",
};

const HORIZON_WORD: Record<Horizon, string> = {
  five_year: "five-year",
  three_year: "three-year",
  one_year: "one-year",
};

/** The years of a horizon's window for a product planning from `base`. */
function windowOf(horizon: Horizon, base: number): [number, number] {
  return [base, base + SPAN[horizon] - 1];
}

function inWindow(horizon: Horizon, period: string, base: number): boolean {
  const [first, last] = windowOf(horizon, base);
  const year = Number(period.slice(0, 4));
  return year >= first && year <= last;
}

/** A single-line text that may be empty. */
function cleanNameOrEmpty(what: string, s: string, max: number): string {
  return s.trim() === "" ? "" : cleanName(what, s, max);
}

/** A multi-line text, trimmed. */
function cleanText(what: string, s: string, max: number): string {
  const t = s.trim();
  if ([...t].length > max) invalid(`${what} is longer than ${max} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(t)) invalid(`${what} contains a control character`);
  return t;
}

const PERIOD_HINT: Record<Horizon, string> = {
  five_year: "a year, like 2028",
  three_year: "a year or half, like 2027 or 2027-H2",
  one_year: "a quarter, like 2027-Q3",
};

function parsePeriod(horizon: Horizon, period: string): string {
  const p = period.trim().toUpperCase();
  const bad = () =>
    invalid(`period ${quoted(period)} does not fit this horizon: use ${PERIOD_HINT[horizon]}`);
  const m = /^(\d{4})(?:-(H[12]|Q[1-4]))?$/.exec(p);
  if (!m) return bad();
  const year = Number(m[1]);
  if (year < 2000 || year > 2100) invalid(`year ${year} is outside 2000–2100`);
  const rest = m[2];
  const ok =
    (rest === undefined && horizon !== "one_year") ||
    (rest?.startsWith("H") && horizon === "three_year") ||
    (rest?.startsWith("Q") && horizon === "one_year");
  return ok ? p : bad();
}

const byText = (a: string, b: string) =>
  a.localeCompare(b, undefined, { sensitivity: "base" });

/** A conflict as the fake stores it: the two changes by op id, read back as they are now. */
interface StoredConflict {
  id: number;
  entityId: string;
  field: string;
  winnerOp: string;
  loserOp: string;
  detectedMs: number;
  seen: boolean;
}

/** An invite waiting in a (pretend) shared folder, for `workspace_join` on this laptop. */
export interface SeededInvite {
  folder: string;
  invite: string;
  workspaceName: string;
  member: { name: string; role: Role };
  inviter: { name: string; role: Role };
}

/** The sync side of this laptop; tests may set any of it directly. */
export interface FakeSync {
  folder: string | null;
  lastPassMs: number | null;
  unpublished: number;
  unseenByOthers: number;
  devices: DeviceSeenView[];
  problems: string[];
}

export class FakeBackend implements Backend {
  private workspace: { id: string; name: string; deviceId: string; meId: string } | null = null;
  readonly members: MemberView[] = [];
  readonly goals: GoalView[] = [];
  readonly products: ProductView[] = [];
  readonly items: ItemView[] = [];
  readonly families: FamilyView[] = [];
  /** Each item's place within its period (smaller first). */
  readonly order = new Map<string, number>();
  /** Each item's requirements (Markdown). */
  readonly requirements = new Map<string, string>();
  /** The base year of a product created without one. The core uses the current year; the fake
   * a fixed one, so tests never depend on the clock. */
  defaultBaseYear = 2027;
  /** Ids of soft-deleted items (they stay in `items`). */
  readonly deleted = new Set<string>();
  /** Every value ever set, oldest first (the op log). */
  readonly ops: ChangeView[] = [];
  private readonly conflicts: StoredConflict[] = [];
  readonly sync: FakeSync = {
    folder: null,
    lastPassMs: null,
    unpublished: 0,
    unseenByOthers: 0,
    devices: [],
    problems: [],
  };
  /** What the next sync pass reports (once); by default it publishes what is unpublished. */
  nextPass: SyncPassView | null = null;
  private readonly invites: SeededInvite[] = [];
  private readonly syncedListeners = new Set<(pass: SyncPassView) => void>();
  /** The fake's clock; tests may replace it. */
  now: () => number = () => Date.now();
  /** Every call the UI made, in order. */
  readonly calls: { command: CommandName; request: unknown }[] = [];
  private nextId = 1;
  private failures = new Map<CommandName, ApiError>();

  async call<K extends CommandName>(command: K, request: Req<K>): Promise<Res<K>> {
    this.calls.push({ command, request });
    // Answer asynchronously, like IPC does.
    await Promise.resolve();
    const injected = this.failures.get(command);
    if (injected) {
      this.failures.delete(command);
      throw injected;
    }
    const handler = this.handlers[command] as ((req: Req<K>) => Res<K>) | undefined;
    if (!handler) {
      throw { code: "unknown_command", message: `the fake backend does not implement ${command}` } satisfies ApiError;
    }
    try {
      // Return copies so the UI can never mutate the fake's state.
      return structuredClone(handler(request));
    } catch (e) {
      if (e instanceof Rejection) throw e.error;
      throw e;
    }
  }

  /** The next call of `command` rejects with `error` (once), before any rule runs. */
  failNext(command: CommandName, error: ApiError): void {
    this.failures.set(command, error);
  }

  /** Switches who "me" is on this device (as if another member's laptop). */
  actAs(memberId: string): void {
    if (!this.workspace) throw new Error("no workspace yet");
    this.workspace.meId = memberId;
  }

  callsOf(command: CommandName): unknown[] {
    return this.calls.filter((c) => c.command === command).map((c) => c.request);
  }

  onSynced(listener: (pass: SyncPassView) => void): () => void {
    this.syncedListeners.add(listener);
    return () => this.syncedListeners.delete(listener);
  }

  /** As the Tauri shell does after a background pass that received changes or met problems. */
  emitSynced(pass: SyncPassView = { published: 0, received: 1, conflicts: 0, problems: [] }): void {
    for (const listener of this.syncedListeners) listener(pass);
  }

  /** Number of listeners for the synced event (to check the app stops listening). */
  get syncedListenerCount(): number {
    return this.syncedListeners.size;
  }

  /** Puts an invite in a shared folder this (workspace-less) laptop can join with. */
  seedInvite(invite: SeededInvite): void {
    this.invites.push(invite);
  }

  /**
   * As if a sync found that another laptop's member (`loser`, or `winner` when the other one
   * won) set `field` of `entityId` concurrently: both values are in the history, the winner's
   * is current and applied. Returns the conflict's id.
   */
  seedConflict(c: {
    entityId: string;
    field: string;
    winner: { value: string; authorName: string };
    loser: { value: string; authorName: string };
    detectedMs?: number;
    seen?: boolean;
  }): number {
    const author = (name: string) => this.members.find((m) => m.name === name)?.id ?? `member-of-${name}`;
    const table = this.tableOf(c.entityId);
    const loser = this.record(table, c.entityId, c.field, c.loser.value, {
      authorId: author(c.loser.authorName),
      authorName: c.loser.authorName,
      deviceId: "device-elsewhere",
    });
    const winner = this.record(table, c.entityId, c.field, c.winner.value, {
      authorId: author(c.winner.authorName),
      authorName: c.winner.authorName,
      deviceId: "device-elsewhere-2",
    });
    this.apply(table, c.entityId, c.field, c.winner.value);
    const id = this.conflicts.length + 1;
    this.conflicts.push({
      id,
      entityId: c.entityId,
      field: c.field,
      winnerOp: winner.opId,
      loserOp: loser.opId,
      detectedMs: c.detectedMs ?? this.now(),
      seen: c.seen ?? false,
    });
    return id;
  }

  private tableOf(id: string): string {
    if (this.items.some((i) => i.id === id)) return "roadmap_item";
    if (this.goals.some((g) => g.id === id)) return "goal";
    if (this.products.some((p) => p.id === id)) return "product";
    if (this.members.some((m) => m.id === id)) return "member";
    return fail("not_found", `roadmap item not found: ${id}`);
  }

  /** Appends a change to the op log; it becomes the field's current value. */
  protected record(
    table: string,
    entityId: string,
    field: string,
    value: string | null,
    by?: { authorId: string; authorName: string; deviceId: string },
  ): ChangeView {
    const me = by ? null : this.me();
    for (const op of this.ops) {
      if (op.entityId === entityId && op.field === field) op.current = false;
    }
    const change: ChangeView = {
      opId: this.id("op"),
      entityTable: table,
      entityId,
      field,
      value,
      authorId: by?.authorId ?? me!.id,
      authorName: by?.authorName ?? me!.name,
      deviceId: by?.deviceId ?? this.workspace!.deviceId,
      atMs: this.now(),
      current: true,
    };
    this.ops.push(change);
    if (!by) this.sync.unpublished += 1;
    return change;
  }

  /** Sets the entity's field to a recorded value (restores and conflict winners). */
  private apply(table: string, id: string, field: string, value: string | null): void {
    if (table === "roadmap_item") {
      const item = this.item(id, true);
      if (field === "title") item.title = value ?? "";
      else if (field === "period") item.period = value ?? "";
      else if (field === "goal_id") item.goalId = value;
      else if (field === "parent_id") item.parentId = value;
      else if (field === "status") item.status = (value ?? "planned") as Status;
      else if (field === "metric") item.metric = value ?? "";
      else if (field === "impact") item.impact = value ?? "";
      else if (field === "deleted") {
        if (value === "true") this.deleted.add(id);
        else this.deleted.delete(id);
      }
    } else if (table === "goal") {
      const goal = this.goals.find((g) => g.id === id)!;
      if (field === "title") goal.title = value ?? "";
      else if (field === "description") goal.description = value ?? "";
      else if (field === "measure") goal.measure = value ?? "";
    }
  }

  private label(table: string, id: string): string {
    if (table === "roadmap_item") return this.items.find((i) => i.id === id)?.title ?? "";
    if (table === "goal") return this.goals.find((g) => g.id === id)?.title ?? "";
    if (table === "product") return this.products.find((p) => p.id === id)?.name ?? "";
    return this.members.find((m) => m.id === id)?.name ?? "";
  }

  private op(opId: string): ChangeView {
    return this.ops.find((o) => o.opId === opId) ?? fail("not_found", `change not found: ${opId}`);
  }

  private pass(): SyncPassView {
    if (this.sync.folder === null) invalid("sync is not set up: choose a sync folder first");
    const pass = this.nextPass ?? { published: this.sync.unpublished, received: 0, conflicts: 0, problems: [] };
    this.nextPass = null;
    this.sync.unpublished = 0;
    this.sync.lastPassMs = this.now();
    this.sync.problems = [...pass.problems];
    return pass;
  }

  protected id(prefix: string): string {
    return `${prefix}-${this.nextId++}`;
  }

  protected me(): MemberView {
    const ws = this.workspace ?? fail("no_workspace", "no workspace here yet: create one first (baton init)");
    return this.member(ws.meId);
  }

  protected member(id: string): MemberView {
    return this.members.find((m) => m.id === id) ?? fail("not_found", `member not found: ${id}`);
  }

  protected require(actor: MemberView, allowed: boolean, what: string): void {
    if (!allowed) {
      fail("permission_denied", `${actor.name} is ${ROLE_IN_SENTENCE[actor.role]} and may not ${what}`);
    }
  }

  private view(): WorkspaceView | null {
    const ws = this.workspace;
    if (!ws) return null;
    return { id: ws.id, name: ws.name, deviceId: ws.deviceId, me: this.member(ws.meId) };
  }

  protected item(id: string, evenDeleted = false): ItemView {
    const item = this.items.find((i) => i.id === id && (evenDeleted || !this.deleted.has(id)));
    return item ?? fail("not_found", `roadmap item not found: ${id}`);
  }

  /** The item as listed: orphan when what it serves was deleted. */
  protected itemView(item: ItemView): ItemView {
    const parentGone = item.parentId !== null && this.deleted.has(item.parentId);
    const goalGone = item.goalId !== null && !this.goals.some((g) => g.id === item.goalId);
    const orphan = item.orphan || parentGone || (item.horizon === "five_year" && goalGone);
    const parent = item.parentId === null ? undefined : this.items.find((i) => i.id === item.parentId);
    const parentFits =
      parent !== undefined &&
      !this.deleted.has(parent.id) &&
      parent.horizon === PARENT_HORIZON[item.horizon] &&
      parent.productId === item.productId;
    const unaligned = orphan || (item.horizon === "five_year" ? item.goalId === null : !parentFits);
    const product = this.products.find((p) => p.id === item.productId);
    const outsideWindow = !inWindow(item.horizon, item.period, product?.baseYear ?? this.defaultBaseYear);
    const hasRequirements = (this.requirements.get(item.id) ?? "") !== "";
    return { ...item, orphan, unaligned, outsideWindow, hasRequirements };
  }

  protected product(id: string): ProductView {
    return this.products.find((p) => p.id === id) ?? fail("not_found", `product not found: ${id}`);
  }

  protected requireOwner(actor: MemberView, productId: string): ProductView {
    const product = this.product(productId);
    const owns = product.ownerId === actor.id;
    const allowed = actor.role === "leadership" || (actor.role === "senior" && owns);
    this.require(actor, allowed, `edit the roadmap of ${product.name}`);
    return product;
  }

  protected checkLinks(productId: string, horizon: Horizon, goalId?: string, parentId?: string): void {
    if (goalId !== undefined) {
      if (horizon !== "five_year") {
        invalid("only five-year themes serve a goal directly; link this item to a theme or initiative");
      }
      if (!this.goals.some((g) => g.id === goalId)) fail("not_found", `goal not found: ${goalId}`);
    }
    if (parentId !== undefined) {
      if (horizon === "five_year") {
        invalid("a five-year theme has no parent item; link it to an organisation goal");
      }
      const parent = this.item(parentId);
      const wanted = PARENT_HORIZON[horizon]!;
      if (parent.productId !== productId) invalid(`${quoted(parent.title)} belongs to another product`);
      if (parent.horizon !== wanted) {
        invalid(
          `${quoted(parent.title)} is a ${HORIZON_WORD[parent.horizon]} item; a ${HORIZON_WORD[horizon]} item serves a ${HORIZON_WORD[wanted]} item`,
        );
      }
    }
  }

  /** Adds or replaces the fake's handler of `command` (for fakes of further commands). */
  implement<K extends CommandName>(command: K, handler: (req: Req<K>) => Res<K>): void {
    (this.handlers as Record<string, unknown>)[command] = handler;
  }

  /** Refuses a period outside the product's window for the horizon (as the core does). */
  protected requireInWindow(product: ProductView, horizon: Horizon, period: string): void {
    if (inWindow(horizon, period, product.baseYear)) return;
    const [first, last] = windowOf(horizon, product.baseYear);
    const window = first === last ? `the quarters of ${first}` : `${first}–${last}`;
    invalid(
      `${period} is outside the ${HORIZON_WORD[horizon]} window of ${product.name} (${window}, planning from ${product.baseYear}): pick a period in it or move the base year`,
    );
  }

  /** Puts `item` at `at` among the other items of `period` (renumbering them all). */
  protected place(item: ItemView, period: string, at: { before: string } | { after: string } | "last"): void {
    const others = this.items
      .filter(
        (i) =>
          i.id !== item.id &&
          !this.deleted.has(i.id) &&
          i.productId === item.productId &&
          i.horizon === item.horizon &&
          i.period === period,
      )
      .sort((a, b) => (this.order.get(a.id) ?? 0) - (this.order.get(b.id) ?? 0) || byText(a.title, b.title));
    let pos = others.length;
    if (at !== "last") {
      const otherId = "before" in at ? at.before : at.after;
      const i = others.findIndex((o) => o.id === otherId);
      if (i < 0) fail("not_found", `roadmap item not found: ${otherId}`);
      pos = "before" in at ? i : i + 1;
    }
    others.splice(pos, 0, item);
    others.forEach((o, n) => this.order.set(o.id, n + 1));
  }

  protected productView(p: ProductView): ProductView {
    const family = p.familyId === null ? undefined : this.families.find((f) => f.id === p.familyId);
    return { ...p, familyName: family?.name ?? null };
  }

  protected family(id: string): FamilyView {
    return this.families.find((f) => f.id === id) ?? fail("not_found", `product family not found: ${id}`);
  }

  private readonly handlers: Handlers = {
    workspace_get: () => this.view(),

    workspace_init: (req) => {
      const name = cleanName("workspace name", req.workspaceName, 120);
      const memberName = cleanName("your name", req.memberName, 120);
      if (this.workspace) {
        fail("already_exists", `this device already has a workspace: ${this.workspace.name}`);
      }
      const me: MemberView = { id: this.id("member"), name: memberName, role: req.role, managerId: null };
      this.members.push(me);
      this.workspace = { id: this.id("workspace"), name, deviceId: this.id("device"), meId: me.id };
      return this.view()!;
    },

    member_list: () => [...this.members].sort((a, b) => byText(a.name, b.name)),

    member_create: (req) => {
      const name = cleanName("name", req.name, 120);
      const me = this.me();
      const allowed = me.role === "leadership" || (me.role === "senior" && req.role === "junior");
      this.require(me, allowed, `add ${ROLE_IN_SENTENCE[req.role]}`);
      if (this.members.some((m) => byText(m.name, name) === 0)) {
        invalid(`a member called ${quoted(name)} already exists`);
      }
      const managerId = req.managerId ?? (me.role === "senior" ? me.id : null);
      const m: MemberView = { id: this.id("member"), name, role: req.role, managerId };
      this.members.push(m);
      return m;
    },

    goal_list: () => [...this.goals].sort((a, b) => byText(a.title, b.title)),

    goal_create: (req) => {
      const title = cleanName("goal title", req.title, 200);
      const me = this.me();
      this.require(me, me.role !== "junior", "add organisation goals");
      const description = cleanText("goal description", req.description ?? "", 20_000);
      const measure = cleanText("goal measure", req.measure ?? "", 500);
      const goal: GoalView = { id: this.id("goal"), title, description, measure };
      this.goals.push(goal);
      this.record("goal", goal.id, "title", goal.title);
      this.record("goal", goal.id, "description", goal.description);
      this.record("goal", goal.id, "measure", goal.measure);
      return goal;
    },

    goal_update: (req) => {
      const title = req.title === undefined ? undefined : cleanName("goal title", req.title, 200);
      const description =
        req.description === undefined ? undefined : cleanText("goal description", req.description, 20_000);
      const measure = req.measure === undefined ? undefined : cleanText("goal measure", req.measure, 500);
      const me = this.me();
      this.require(me, me.role !== "junior", "edit organisation goals");
      const goal = this.goals.find((g) => g.id === req.id) ?? fail("not_found", `goal not found: ${req.id}`);
      for (const [field, value] of [
        ["title", title],
        ["description", description],
        ["measure", measure],
      ] as const) {
        if (value !== undefined && value !== goal[field]) {
          goal[field] = value;
          this.record("goal", goal.id, field, value);
        }
      }
      return goal;
    },

    family_list: () => [...this.families].sort((a, b) => byText(a.name, b.name)),

    family_create: (req) => {
      const name = cleanName("product family name", req.name, 120);
      const me = this.me();
      this.require(me, me.role !== "junior", "create product families");
      if (this.families.some((f) => byText(f.name, name) === 0)) {
        invalid(`a product family called ${quoted(name)} already exists`);
      }
      const family: FamilyView = { id: this.id("family"), name };
      this.families.push(family);
      return family;
    },

    product_list: () => [...this.products].sort((a, b) => byText(a.name, b.name)).map((p) => this.productView(p)),

    product_create: (req) => {
      const baseYear = req.baseYear ?? this.defaultBaseYear;
      if (baseYear < 2000 || baseYear > 2096) invalid(`base year ${baseYear} is outside 2000–2096`);
      const name = cleanName("product name", req.name, 120);
      const me = this.me();
      this.require(me, me.role !== "junior", "create products");
      const ownerId =
        req.ownerId ?? (me.role === "senior" ? me.id : invalid("choose the senior PM who owns this product"));
      const owner = this.member(ownerId);
      if (owner.role !== "senior") {
        invalid(`${owner.name} is ${ROLE_IN_SENTENCE[owner.role]}; a product is owned by a senior PM`);
      }
      if (this.products.some((p) => byText(p.name, name) === 0)) {
        invalid(`a product called ${quoted(name)} already exists`);
      }
      if (req.familyId !== undefined) this.family(req.familyId);
      const p: ProductView = {
        id: this.id("product"),
        name,
        ownerId,
        ownerName: owner.name,
        familyId: req.familyId ?? null,
        familyName: null,
        baseYear,
      };
      this.products.push(p);
      return this.productView(p);
    },

    product_update: (req) => {
      const name = req.name === undefined ? undefined : cleanName("product name", req.name, 120);
      if (req.baseYear !== undefined && (req.baseYear < 2000 || req.baseYear > 2096)) {
        invalid(`base year ${req.baseYear} is outside 2000–2096`);
      }
      const product = this.product(req.id);
      const me = this.me();
      const owns = product.ownerId === me.id;
      this.require(me, me.role === "leadership" || (me.role === "senior" && owns), `edit the roadmap of ${product.name}`);
      if (name !== undefined && name !== product.name) {
        if (byText(name, product.name) !== 0 && this.products.some((p) => byText(p.name, name) === 0)) {
          invalid(`a product called ${quoted(name)} already exists`);
        }
        product.name = name;
        this.record("product", product.id, "name", name);
      }
      if (req.familyId !== undefined) {
        const familyId = req.familyId === "" ? null : req.familyId;
        if (familyId !== product.familyId) {
          if (familyId !== null) this.family(familyId);
          product.familyId = familyId;
          this.record("product", product.id, "family_id", familyId);
        }
      }
      if (req.baseYear !== undefined && req.baseYear !== product.baseYear) {
        product.baseYear = req.baseYear;
        this.record("product", product.id, "base_year", String(req.baseYear));
      }
      return this.productView(product);
    },

    item_list: (req) =>
      this.items
        .filter((i) => !this.deleted.has(i.id))
        .filter((i) => req.productId === undefined || i.productId === req.productId)
        .filter((i) => !req.statuses?.length || req.statuses.includes(i.status))
        .map((i) => this.itemView(i))
        .sort(
          (a, b) =>
            SPAN[b.horizon] - SPAN[a.horizon] ||
            (a.period < b.period ? -1 : a.period > b.period ? 1 : 0) ||
            (this.order.get(a.id) ?? 0) - (this.order.get(b.id) ?? 0) ||
            byText(a.title, b.title),
        ),

    item_create: (req) => {
      const title = cleanName("item title", req.title, 200);
      const period = parsePeriod(req.horizon, req.period);
      const me = this.me();
      const product = this.requireOwner(me, req.productId);
      this.requireInWindow(product, req.horizon, period);
      this.checkLinks(req.productId, req.horizon, req.goalId, req.parentId);
      const item: ItemView = {
        id: this.id("item"),
        productId: req.productId,
        horizon: req.horizon,
        period,
        title,
        goalId: req.goalId ?? null,
        parentId: req.parentId ?? null,
        status: req.status ?? "planned",
        confidence: "medium",
        metric: "",
        impact: "",
        orphan: false,
        unaligned: false,
        outsideWindow: false,
        hasRequirements: false,
      };
      this.place(item, period, "last");
      this.items.push(item);
      for (const [field, value] of [
        ["product_id", item.productId],
        ["horizon", item.horizon],
        ["period", item.period],
        ["title", item.title],
        ["goal_id", item.goalId],
        ["parent_id", item.parentId],
        ["status", item.status],
        ["confidence", item.confidence],
      ] as const) {
        this.record("roadmap_item", item.id, field, value);
      }
      return this.itemView(item);
    },

    item_move: (req) => {
      const placeAt: { before: string } | { after: string } | null =
        req.beforeId !== undefined ? { before: req.beforeId } : req.afterId !== undefined ? { after: req.afterId } : null;
      if (req.period === undefined && req.parentId === undefined && req.goalId === undefined && placeAt === null) {
        invalid("nothing to move: give a period, a parent, a goal or a place");
      }
      const item = this.item(req.id);
      const productId = item.productId ?? "";
      const product = this.requireOwner(this.me(), productId);
      this.checkLinks(productId, item.horizon, req.goalId, req.parentId);
      const period = req.period === undefined ? item.period : parsePeriod(item.horizon, req.period);
      if (period !== item.period) this.requireInWindow(product, item.horizon, period);
      if (placeAt !== null) {
        const other = this.item("before" in placeAt ? placeAt.before : placeAt.after);
        if (other.id === item.id) invalid("an item cannot be placed next to itself");
        if (other.productId !== item.productId || other.horizon !== item.horizon || other.period !== period) {
          invalid(
            `${quoted(other.title)} is not in ${period} of the same horizon and product: move the item to its period first`,
          );
        }
      }
      if (period !== item.period) this.record("roadmap_item", item.id, "period", period);
      const periodChanged = period !== item.period;
      item.period = period;
      if (req.parentId !== undefined && req.parentId !== item.parentId) {
        item.parentId = req.parentId;
        this.record("roadmap_item", item.id, "parent_id", req.parentId);
      }
      if (req.goalId !== undefined && req.goalId !== item.goalId) {
        item.goalId = req.goalId;
        this.record("roadmap_item", item.id, "goal_id", req.goalId);
      }
      if (placeAt !== null) this.place(item, period, placeAt);
      else if (periodChanged) this.place(item, period, "last");
      return this.itemView(item);
    },

    item_update: (req) => {
      const title = req.title === undefined ? undefined : cleanName("item title", req.title, 200);
      const metric = req.metric === undefined ? undefined : cleanNameOrEmpty("success metric", req.metric, 500);
      const impact = req.impact === undefined ? undefined : cleanNameOrEmpty("expected impact", req.impact, 500);
      const requirements =
        req.requirements === undefined ? undefined : cleanText("requirements", req.requirements, 100_000);
      const item = this.item(req.id);
      this.requireOwner(this.me(), item.productId ?? "");
      const set = <F extends "title" | "status" | "confidence" | "metric" | "impact">(field: F, value: ItemView[F] | undefined) => {
        if (value !== undefined && value !== item[field]) {
          item[field] = value;
          this.record("roadmap_item", item.id, field, value);
        }
      };
      set("title", title);
      set("status", req.status);
      set("confidence", req.confidence);
      set("metric", metric);
      set("impact", impact);
      if (requirements !== undefined && requirements !== (this.requirements.get(item.id) ?? "")) {
        this.requirements.set(item.id, requirements);
        this.record("roadmap_item", item.id, "requirements", requirements);
      }
      return this.itemView(item);
    },

    item_delete: (req) => {
      const item = this.item(req.id);
      this.requireOwner(this.me(), item.productId ?? "");
      this.deleted.add(item.id);
      this.record("roadmap_item", item.id, "deleted", "true");
      return this.itemView(item);
    },

    item_undelete: (req) => {
      const item = this.item(req.id, true);
      this.requireOwner(this.me(), item.productId ?? "");
      if (!this.deleted.has(item.id)) invalid("that item is not deleted");
      this.deleted.delete(item.id);
      this.record("roadmap_item", item.id, "deleted", "false");
      return this.itemView(item);
    },

    history_list: (req) => {
      this.me();
      const table = this.tableOf(req.entityId);
      const changes = this.ops
        .filter((o) => o.entityId === req.entityId && (req.field === undefined || o.field === req.field))
        .reverse();
      if (changes.length === 0) fail("not_found", `${table === "roadmap_item" ? "roadmap item" : table} not found: ${req.entityId}`);
      return changes;
    },

    history_restore: (req) => {
      const me = this.me();
      const old = this.op(req.opId);
      if (old.current) invalid("that value is already the current one");
      if (old.entityTable === "roadmap_item") {
        this.requireOwner(me, this.item(old.entityId, true).productId ?? "");
      } else {
        this.require(me, me.role !== "junior", "edit organisation goals");
      }
      this.apply(old.entityTable, old.entityId, old.field, old.value);
      return this.record(old.entityTable, old.entityId, old.field, old.value);
    },

    conflict_list: (req) => {
      this.me();
      return this.conflicts
        .filter((c) => !req.unseenOnly || !c.seen)
        .sort((a, b) => b.detectedMs - a.detectedMs || b.id - a.id)
        .map((c) => {
          const winner = this.op(c.winnerOp);
          return {
            id: c.id,
            entityTable: winner.entityTable,
            entityId: c.entityId,
            entityLabel: this.label(winner.entityTable, c.entityId),
            field: c.field,
            winner,
            loser: this.op(c.loserOp),
            detectedMs: c.detectedMs,
            seen: c.seen,
          };
        });
    },

    conflict_mark_seen: () => {
      this.me();
      const unseen = this.conflicts.filter((c) => !c.seen);
      for (const c of unseen) c.seen = true;
      return unseen.length;
    },

    sync_status: () => {
      this.me();
      return {
        ...this.sync,
        devices: [...this.sync.devices],
        problems: [...this.sync.problems],
        unseenConflicts: this.conflicts.filter((c) => !c.seen).length,
      };
    },

    sync_set_folder: (req) => {
      this.me();
      const folder = req.folder.trim();
      if (folder === "") invalid("sync folder  does not exist or is not a folder");
      this.sync.folder = folder;
      return this.pass();
    },

    sync_now: () => {
      this.me();
      return this.pass();
    },

    invite_create: (req) => {
      const me = this.me();
      if (this.sync.folder === null) invalid("sync is not set up: choose a sync folder first");
      const member = this.member(req.memberId);
      const allowed = me.role === "leadership" || (me.role === "senior" && member.role === "junior");
      this.require(me, allowed, `invite ${ROLE_IN_SENTENCE[member.role]}`);
      if (member.id === me.id) invalid(`${member.name} is you on this laptop; invite someone else`);
      this.pass();
      return {
        invite: `0197a3c2-${String(this.nextId++).padStart(4, "0")}-7000-8000-00000000beef`,
        memberId: member.id,
        memberName: member.name,
        workspaceName: this.workspace!.name,
      };
    },

    workspace_join: (req) => {
      if (this.workspace) {
        fail("already_exists", `this device already has a workspace: ${this.workspace.name}`);
      }
      const inviteId = req.invite.trim();
      const folder = req.folder.trim();
      const seeded = this.invites.find((i) => i.invite === inviteId);
      if (!seeded) return fail("not_found", `invite not found: ${inviteId}`);
      if (seeded.folder !== folder) invalid(`${folder} is not a Baton sync folder (no baton/ inside)`);
      const inviter: MemberView = { id: this.id("member"), ...seeded.inviter, managerId: null };
      const me: MemberView = { id: this.id("member"), ...seeded.member, managerId: null };
      this.members.push(inviter, me);
      this.workspace = { id: this.id("workspace"), name: seeded.workspaceName, deviceId: this.id("device"), meId: me.id };
      this.sync.folder = folder;
      this.sync.lastPassMs = this.now();
      return this.view()!;
    },
  };
}

/** A fresh fake with a workspace whose "me" is `memberName` in `role`. */
export async function fakeWithWorkspace(
  memberName = "Sam Rivera",
  role: Role = "senior",
  workspaceName = "Acme",
): Promise<{ backend: FakeBackend; me: MemberView }> {
  const backend = new FakeBackend();
  const ws = await backend.call("workspace_init", { workspaceName, memberName, role });
  backend.calls.length = 0;
  return { backend, me: ws.me };
}
