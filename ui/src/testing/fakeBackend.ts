// Test-only: an in-memory Backend that enforces the core's rules where component tests need
// them (messages copied from crates/core). It is not a second implementation of Baton.

import type { Backend } from "../backend";
import type { ApiError, CommandName, Commands } from "../bindings/commands";
import type { ErrorCode } from "../bindings/ErrorCode";
import type { GoalView } from "../bindings/GoalView";
import type { Horizon } from "../bindings/Horizon";
import type { ItemView } from "../bindings/ItemView";
import type { MemberView } from "../bindings/MemberView";
import type { ProductView } from "../bindings/ProductView";
import type { Role } from "../bindings/Role";
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

export class FakeBackend implements Backend {
  private workspace: { id: string; name: string; deviceId: string; meId: string } | null = null;
  readonly members: MemberView[] = [];
  readonly goals: GoalView[] = [];
  readonly products: ProductView[] = [];
  readonly items: ItemView[] = [];
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

  private id(prefix: string): string {
    return `${prefix}-${this.nextId++}`;
  }

  private me(): MemberView {
    const ws = this.workspace ?? fail("no_workspace", "no workspace here yet: create one first (baton init)");
    return this.member(ws.meId);
  }

  private member(id: string): MemberView {
    return this.members.find((m) => m.id === id) ?? fail("not_found", `member not found: ${id}`);
  }

  private require(actor: MemberView, allowed: boolean, what: string): void {
    if (!allowed) {
      fail("permission_denied", `${actor.name} is ${ROLE_IN_SENTENCE[actor.role]} and may not ${what}`);
    }
  }

  private view(): WorkspaceView | null {
    const ws = this.workspace;
    if (!ws) return null;
    return { id: ws.id, name: ws.name, deviceId: ws.deviceId, me: this.member(ws.meId) };
  }

  private item(id: string): ItemView {
    return this.items.find((i) => i.id === id) ?? fail("not_found", `roadmap item not found: ${id}`);
  }

  private product(id: string): ProductView {
    return this.products.find((p) => p.id === id) ?? fail("not_found", `product not found: ${id}`);
  }

  private requireOwner(actor: MemberView, productId: string): ProductView {
    const product = this.product(productId);
    const owns = product.ownerId === actor.id;
    const allowed = actor.role === "leadership" || (actor.role === "senior" && owns);
    this.require(actor, allowed, `edit the roadmap of ${product.name}`);
    return product;
  }

  private checkLinks(productId: string, horizon: Horizon, goalId?: string, parentId?: string): void {
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
      if (parent.productId !== productId) invalid(`${quoted(parent.title)} belongs to another product`);
      if (SPAN[parent.horizon] <= SPAN[horizon]) {
        invalid(
          `${quoted(parent.title)} is on the ${parent.horizon} horizon; a parent must be on a longer horizon`,
        );
      }
    }
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
      const goal: GoalView = { id: this.id("goal"), title, description: (req.description ?? "").trim() };
      this.goals.push(goal);
      return goal;
    },

    product_list: () => [...this.products].sort((a, b) => byText(a.name, b.name)),

    product_create: (req) => {
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
      const p: ProductView = { id: this.id("product"), name, ownerId, ownerName: owner.name };
      this.products.push(p);
      return p;
    },

    item_list: (req) =>
      this.items
        .filter((i) => req.productId === undefined || i.productId === req.productId)
        .sort(
          (a, b) =>
            SPAN[b.horizon] - SPAN[a.horizon] ||
            (a.period < b.period ? -1 : a.period > b.period ? 1 : 0) ||
            byText(a.title, b.title),
        ),

    item_create: (req) => {
      const title = cleanName("item title", req.title, 200);
      const period = parsePeriod(req.horizon, req.period);
      const me = this.me();
      this.requireOwner(me, req.productId);
      this.checkLinks(req.productId, req.horizon, req.goalId, req.parentId);
      const item: ItemView = {
        id: this.id("item"),
        productId: req.productId,
        horizon: req.horizon,
        period,
        title,
        goalId: req.goalId ?? null,
        parentId: req.parentId ?? null,
        orphan: false,
      };
      this.items.push(item);
      return item;
    },

    item_move: (req) => {
      if (req.period === undefined && req.parentId === undefined && req.goalId === undefined) {
        invalid("nothing to move: give a period, a parent or a goal");
      }
      const item = this.item(req.id);
      const productId = item.productId ?? "";
      this.requireOwner(this.me(), productId);
      this.checkLinks(productId, item.horizon, req.goalId, req.parentId);
      const period = req.period === undefined ? item.period : parsePeriod(item.horizon, req.period);
      item.period = period;
      if (req.parentId !== undefined) item.parentId = req.parentId;
      if (req.goalId !== undefined) item.goalId = req.goalId;
      return item;
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
