// Test-only: the strategy commands (item detail, guardrails, alignment, snapshots, refused
// changes) on top of the in-memory FakeBackend, enforcing the core's rules where component tests
// need them (messages copied from crates/core). Everything else is delegated to FakeBackend.

import type { AlignNodeView } from "../bindings/AlignNodeView";
import type { ApiError, CommandName, Commands } from "../bindings/commands";
import type { CountsView } from "../bindings/CountsView";
import type { DiffEntryView } from "../bindings/DiffEntryView";
import type { GoalView } from "../bindings/GoalView";
import type { GuardrailKind } from "../bindings/GuardrailKind";
import type { GuardrailView } from "../bindings/GuardrailView";
import type { Horizon } from "../bindings/Horizon";
import type { ItemView } from "../bindings/ItemView";
import type { MemberView } from "../bindings/MemberView";
import type { ProductView } from "../bindings/ProductView";
import type { RefusedView } from "../bindings/RefusedView";
import type { Role } from "../bindings/Role";
import type { SnapshotView } from "../bindings/SnapshotView";
import { FakeBackend } from "./fakeBackend";

type Req<K extends CommandName> = Commands[K]["req"];
type Res<K extends CommandName> = Commands[K]["res"];
type Handlers = { [K in CommandName]?: (req: Req<K>) => Res<K> };

class Rejection {
  constructor(readonly error: ApiError) {}
}

function fail(code: ApiError["code"], message: string): never {
  throw new Rejection({ code, message });
}

const invalid = (message: string): never => fail("invalid_input", message);

function cleanText(what: string, s: string, max: number): string {
  const t = s.trim();
  if (t === "") invalid(`${what} is empty`);
  if ([...t].length > max) invalid(`${what} is longer than ${max} characters`);
  return t;
}

const ROLE_IN_SENTENCE: Record<Role, string> = {
  leadership: "leadership",
  senior: "a senior PM",
  junior: "a junior PM",
};

const HORIZON_RANK: Record<Horizon, number> = { five_year: 0, three_year: 1, one_year: 2 };
const KIND_RANK = { added: 0, removed: 1, moved: 2, reparented: 3, changed: 4 } as const;

const byText = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: "base" });

interface StoredGuardrail {
  id: string;
  itemId: string;
  kind: GuardrailKind;
  statement: string;
  deleted: boolean;
}

/** One item as a snapshot freezes it. */
interface Frozen {
  id: string;
  horizon: Horizon;
  period: string;
  title: string;
  parentId: string | null;
  goalId: string | null;
  goalTitle: string | null;
  status: string;
  confidence: string;
  metric: string;
  impact: string;
  requirements: string;
  guardrails: string[];
}

/** The default product base year when the base fake does not set one. */
export const FAKE_BASE_YEAR = 2027;

export class StrategyFake extends FakeBackend {
  /** Requirements (Markdown) by item id. */
  readonly requirements = new Map<string, string>();
  readonly guardrails: StoredGuardrail[] = [];
  readonly snapshots: { view: SnapshotView; items: Frozen[] }[] = [];
  /** What `refused_list` answers; tests set it. */
  readonly refused: RefusedView[] = [];
  private meId: string | null = null;
  private idSeq = 1;
  private snapClock = 0;
  private readonly strategyFailures = new Map<CommandName, ApiError>();

  override async call<K extends CommandName>(command: K, request: Req<K>): Promise<Res<K>> {
    const handler = this.strategyHandlers[command] as ((req: Req<K>) => Res<K>) | undefined;
    if (!handler) {
      this.fillDefaults();
      const answer = await super.call(command, request);
      this.fillDefaults();
      if (command === "workspace_init" || command === "workspace_join") {
        const ws = answer as Res<"workspace_init">;
        this.meId = ws.me.id;
      }
      return this.fillAnswer(answer);
    }
    this.calls.push({ command, request });
    await Promise.resolve();
    const injected = this.strategyFailures.get(command);
    if (injected) {
      this.strategyFailures.delete(command);
      throw injected;
    }
    this.fillDefaults();
    try {
      return structuredClone(handler(request));
    } catch (e) {
      if (e instanceof Rejection) throw e.error;
      throw e;
    }
  }

  override failNext(command: CommandName, error: ApiError): void {
    if (this.strategyHandlers[command]) this.strategyFailures.set(command, error);
    else super.failNext(command, error);
  }

  override actAs(memberId: string): void {
    super.actAs(memberId);
    this.meId = memberId;
  }

  /** Sets an item's fields directly (as if edited before the test). */
  setItem(id: string, fields: Partial<Pick<ItemView, "status" | "confidence" | "metric" | "impact">>): void {
    Object.assign(this.storedItem(id), fields);
  }

  // Fields the base fake may not know yet get the core's defaults.
  private fillDefaults(): void {
    for (const p of this.products as Partial<ProductView>[]) {
      p.familyId ??= null;
      p.familyName ??= null;
      p.baseYear ??= FAKE_BASE_YEAR;
    }
    for (const g of this.goals as Partial<GoalView>[]) g.measure ??= "";
    for (const i of this.items) this.withStrategyFields(i);
  }

  private withStrategyFields(i: ItemView): ItemView {
    const p = i as Partial<ItemView> & ItemView;
    p.status ??= "planned";
    p.confidence ??= "medium";
    p.metric ??= "";
    p.impact ??= "";
    p.outsideWindow ??= false;
    const orphan = this.isOrphan(p);
    p.unaligned = orphan || (p.horizon === "five_year" ? p.goalId === null : p.parentId === null);
    p.hasRequirements = (this.requirements.get(p.id) ?? "").trim() !== "";
    return p;
  }

  private isOrphan(i: ItemView): boolean {
    return (
      i.orphan ||
      (i.parentId !== null && (this.deleted.has(i.parentId) || !this.items.some((x) => x.id === i.parentId))) ||
      (i.goalId !== null && !this.goals.some((g) => g.id === i.goalId))
    );
  }

  /** An item as the core shows it. */
  private viewOf(i: ItemView): ItemView {
    return { ...i, orphan: this.isOrphan(i) };
  }

  /** Answers of delegated commands, with the strategy fields filled in. */
  private fillAnswer<T>(answer: T): T {
    const fill = (v: unknown) => {
      if (typeof v !== "object" || v === null) return;
      const o = v as Record<string, unknown>;
      if ("horizon" in o && "period" in o) {
        const stored = this.items.find((i) => i.id === o.id);
        if (stored) {
          for (const k of ["status", "confidence", "metric", "impact", "outsideWindow", "hasRequirements"] as const) {
            o[k] ??= stored[k];
          }
          o.unaligned = Boolean(o.orphan) || stored.unaligned;
        }
      } else if ("ownerId" in o && "name" in o) {
        o.baseYear ??= FAKE_BASE_YEAR;
        o.familyId ??= null;
        o.familyName ??= null;
      } else if ("title" in o && "description" in o) {
        o.measure ??= "";
      }
    };
    if (Array.isArray(answer)) answer.forEach(fill);
    else fill(answer);
    return answer;
  }

  private freshId(prefix: string): string {
    return `${prefix}-s${this.idSeq++}`;
  }

  private whoAmI(): MemberView {
    const me = this.members.find((m) => m.id === this.meId);
    return me ?? fail("no_workspace", "no workspace here yet: create one first (baton init)");
  }

  private storedItem(id: string): ItemView {
    return this.items.find((i) => i.id === id) ?? fail("not_found", `roadmap item not found: ${id}`);
  }

  private liveItem(id: string): ItemView {
    const item = this.items.find((i) => i.id === id && !this.deleted.has(id));
    return item ?? fail("not_found", `roadmap item not found: ${id}`);
  }

  private productOf(id: string): ProductView {
    return this.products.find((p) => p.id === id) ?? fail("not_found", `product not found: ${id}`);
  }

  private mayEdit(productId: string): ProductView {
    const actor = this.whoAmI();
    const product = this.productOf(productId);
    const allowed = actor.role === "leadership" || (actor.role === "senior" && product.ownerId === actor.id);
    if (!allowed) {
      fail("permission_denied", `${actor.name} is ${ROLE_IN_SENTENCE[actor.role]} and may not edit the roadmap of ${product.name}`);
    }
    return product;
  }

  /** Appends a change to the (base fake's) op log, so the history shows it. */
  private logChange(entityTable: string, entityId: string, field: string, value: string | null): void {
    const me = this.whoAmI();
    for (const op of this.ops) if (op.entityId === entityId && op.field === field) op.current = false;
    this.ops.push({
      opId: this.freshId("op"),
      entityTable,
      entityId,
      field,
      value,
      authorId: me.id,
      authorName: me.name,
      deviceId: "device-here",
      atMs: this.now(),
      current: true,
    });
    this.sync.unpublished += 1;
  }

  private itemsIn(productId?: string): ItemView[] {
    return this.items.filter(
      (i) => !this.deleted.has(i.id) && (productId === undefined || i.productId === productId),
    );
  }

  private ancestorsOf(item: ItemView): ItemView[] {
    const out: ItemView[] = [];
    let at = item;
    while (at.parentId !== null) {
      const parent = this.items.find((i) => i.id === at.parentId && !this.deleted.has(i.id));
      if (!parent || out.includes(parent)) break;
      out.push(parent);
      at = parent;
    }
    return out;
  }

  private guardrailsOfItem(item: ItemView): GuardrailView[] {
    const own = (of: ItemView, inherited: boolean) =>
      this.guardrails
        .filter((g) => g.itemId === of.id && !g.deleted)
        .map((g) => ({ id: g.id, itemId: of.id, itemTitle: of.title, kind: g.kind, statement: g.statement, inherited }));
    return [...own(item, false), ...this.ancestorsOf(item).flatMap((a) => own(a, true))];
  }

  private guardrailById(id: string): StoredGuardrail {
    return this.guardrails.find((g) => g.id === id && !g.deleted) ?? fail("not_found", `guardrail not found: ${id}`);
  }

  private guardrailViewOf(g: StoredGuardrail): GuardrailView {
    const item = this.storedItem(g.itemId);
    return { id: g.id, itemId: item.id, itemTitle: item.title, kind: g.kind, statement: g.statement, inherited: false };
  }

  private alignNode(item: ItemView, scope: ItemView[]): AlignNodeView {
    const children = scope
      .filter((c) => c.parentId === item.id)
      .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : byText(a.title, b.title)))
      .map((c) => this.alignNode(c, scope));
    const counts: CountsView = { themes: 0, initiatives: 0, items: 0, done: 0, inProgress: 0 };
    for (const c of children) {
      add(counts, c.counts);
      count(counts, c.item);
    }
    return { item: this.viewOf(item), counts, children };
  }

  private frozen(productId: string): Frozen[] {
    return this.itemsIn(productId).map((i) => ({
      id: i.id,
      horizon: i.horizon,
      period: i.period,
      title: i.title,
      parentId: i.parentId,
      goalId: i.goalId,
      goalTitle: this.goals.find((g) => g.id === i.goalId)?.title ?? null,
      status: i.status,
      confidence: i.confidence,
      metric: i.metric,
      impact: i.impact,
      requirements: this.requirements.get(i.id) ?? "",
      guardrails: this.guardrails
        .filter((g) => g.itemId === i.id && !g.deleted)
        .map((g) => `${g.kind}: ${g.statement}`),
    }));
  }

  private snapshotById(id: string) {
    return this.snapshots.find((s) => s.view.id === id) ?? fail("not_found", `snapshot not found: ${id}`);
  }

  private readonly strategyHandlers: Handlers = {
    item_get: (req) => {
      this.whoAmI();
      const item = this.liveItem(req.id);
      const ancestors = this.ancestorsOf(item);
      const top = ancestors[ancestors.length - 1] ?? item;
      const goal = top.horizon === "five_year" ? (this.goals.find((g) => g.id === top.goalId) ?? null) : null;
      return {
        item: this.viewOf(item),
        requirements: this.requirements.get(item.id) ?? "",
        ancestors: ancestors.map((a) => this.viewOf(a)),
        goal,
        guardrails: this.guardrailsOfItem(item),
        children: this.itemsIn()
          .filter((c) => c.parentId === item.id)
          .map((c) => this.viewOf(c)),
      };
    },

    item_update: (req) => {
      const item = this.liveItem(req.id);
      this.mayEdit(item.productId ?? "");
      const fields = [
        "title",
        "status",
        "confidence",
        "metric",
        "impact",
        "requirements",
      ] as const;
      if (fields.every((f) => req[f] === undefined)) invalid("nothing to update");
      const title = req.title === undefined ? undefined : cleanText("item title", req.title, 200);
      if (title !== undefined && title !== item.title) {
        item.title = title;
        this.logChange("roadmap_item", item.id, "title", title);
      }
      for (const f of ["status", "confidence", "metric", "impact"] as const) {
        const value = req[f];
        if (value !== undefined && value !== item[f]) {
          Object.assign(item, { [f]: value });
          this.logChange("roadmap_item", item.id, f, value);
        }
      }
      if (req.requirements !== undefined && req.requirements !== (this.requirements.get(item.id) ?? "")) {
        this.requirements.set(item.id, req.requirements);
        this.logChange("roadmap_item", item.id, "requirements", req.requirements);
      }
      return this.viewOf(this.withStrategyFields(item));
    },

    guardrail_list: (req) => this.guardrailsOfItem(this.liveItem(req.itemId)),

    guardrail_add: (req) => {
      const statement = cleanText("guardrail statement", req.statement, 1000);
      const item = this.liveItem(req.itemId);
      this.mayEdit(item.productId ?? "");
      const g: StoredGuardrail = { id: this.freshId("guardrail"), itemId: item.id, kind: req.kind, statement, deleted: false };
      this.guardrails.push(g);
      this.logChange("guardrail", g.id, "statement", statement);
      return this.guardrailViewOf(g);
    },

    guardrail_update: (req) => {
      const g = this.guardrailById(req.id);
      this.mayEdit(this.storedItem(g.itemId).productId ?? "");
      if (req.statement !== undefined) g.statement = cleanText("guardrail statement", req.statement, 1000);
      if (req.kind !== undefined) g.kind = req.kind;
      return this.guardrailViewOf(g);
    },

    guardrail_delete: (req) => {
      const g = this.guardrailById(req.id);
      this.mayEdit(this.storedItem(g.itemId).productId ?? "");
      g.deleted = true;
      return this.guardrailViewOf(g);
    },

    alignment_get: (req) => {
      this.whoAmI();
      if (req.productId !== undefined) this.productOf(req.productId);
      const scope = this.itemsIn(req.productId);
      const everywhere = this.itemsIn();
      const goals = [...this.goals].sort((a, b) => byText(a.title, b.title));
      const aligned = goals
        .map((goal) => {
          const themes = scope
            .filter((i) => i.horizon === "five_year" && i.goalId === goal.id)
            .sort((a, b) => byText(a.title, b.title))
            .map((t) => this.alignNode(t, scope));
          const counts: CountsView = { themes: 0, initiatives: 0, items: 0, done: 0, inProgress: 0 };
          for (const t of themes) {
            add(counts, t.counts);
            count(counts, t.item);
          }
          return { goal: { ...goal }, counts, themes };
        })
        .filter((g) => g.themes.length > 0);
      return {
        goals: aligned,
        unaligned: scope.filter((i) => i.unaligned).map((i) => this.alignNode(i, scope)),
        unservedGoals: goals.filter(
          (g) => !everywhere.some((i) => i.horizon === "five_year" && i.goalId === g.id),
        ),
      };
    },

    snapshot_create: (req) => {
      const name = cleanText("snapshot name", req.name, 200);
      const product = this.mayEdit(req.productId);
      this.snapClock = Math.max(this.snapClock + 1000, this.now());
      const items = this.frozen(product.id);
      const view: SnapshotView = {
        id: this.freshId("snapshot"),
        productId: product.id,
        name,
        takenAt: new Date(this.snapClock).toISOString().replace(/\.\d{3}Z$/, "Z"),
        takenBy: this.whoAmI().name,
        itemCount: items.length,
        baseYear: product.baseYear,
      };
      this.snapshots.push({ view, items });
      return view;
    },

    snapshot_list: (req) =>
      this.snapshots
        .filter((s) => req.productId === undefined || s.view.productId === req.productId)
        .map((s) => s.view)
        .reverse(),

    snapshot_diff: (req) => {
      const from = this.snapshotById(req.fromId);
      const to = req.toId === undefined ? null : this.snapshotById(req.toId);
      if (to && to.view.productId !== from.view.productId) {
        invalid(`${JSON.stringify(from.view.name)} and ${JSON.stringify(to.view.name)} are snapshots of different products`);
      }
      const after = to ? to.items : this.frozen(from.view.productId);
      return { from: from.view, to: to?.view ?? null, entries: compare(from.items, after) };
    },

    refused_list: () => {
      this.whoAmI();
      return [...this.refused].sort((a, b) => b.atMs - a.atMs);
    },
  };
}

function add(into: CountsView, c: CountsView): void {
  into.themes += c.themes;
  into.initiatives += c.initiatives;
  into.items += c.items;
  into.done += c.done;
  into.inProgress += c.inProgress;
}

function count(into: CountsView, item: ItemView): void {
  if (item.horizon === "five_year") into.themes += 1;
  else if (item.horizon === "three_year") into.initiatives += 1;
  else into.items += 1;
  if (item.status === "done") into.done += 1;
  if (item.status === "in_progress") into.inProgress += 1;
}

/** As crates/core/src/roadmap/snapshots.rs `compare`. */
function compare(old: Frozen[], now: Frozen[]): DiffEntryView[] {
  const oldById = new Map(old.map((i) => [i.id, i]));
  const newById = new Map(now.map((i) => [i.id, i]));
  const entry = (
    i: Frozen,
    kind: DiffEntryView["kind"],
    field: string | null,
    before: string | null,
    after: string | null,
  ): DiffEntryView => ({ itemId: i.id, title: i.title, horizon: i.horizon, kind, field, before, after });
  const serves = (i: Frozen, byId: Map<string, Frozen>): string | null => {
    if (i.parentId !== null) return byId.get(i.parentId)?.title ?? "(deleted item)";
    if (i.goalId !== null) return i.goalTitle ?? "(deleted goal)";
    return null;
  };
  const out: DiffEntryView[] = [];
  for (const n of now) {
    const o = oldById.get(n.id);
    if (!o) {
      out.push(entry(n, "added", null, null, n.period));
      continue;
    }
    if (o.period !== n.period) out.push(entry(n, "moved", null, o.period, n.period));
    if (o.parentId !== n.parentId || o.goalId !== n.goalId) {
      out.push(entry(n, "reparented", null, serves(o, oldById), serves(n, newById)));
    }
    for (const f of ["title", "status", "confidence", "metric", "impact", "requirements"] as const) {
      if (o[f] !== n[f]) out.push(entry(n, "changed", f, o[f], n[f]));
    }
    if (o.guardrails.join("\n") !== n.guardrails.join("\n")) {
      out.push(entry(n, "changed", "guardrails", o.guardrails.join("\n"), n.guardrails.join("\n")));
    }
  }
  for (const o of old) if (!newById.has(o.id)) out.push(entry(o, "removed", null, o.period, null));
  return out.sort(
    (a, b) =>
      KIND_RANK[a.kind] - KIND_RANK[b.kind] ||
      HORIZON_RANK[a.horizon] - HORIZON_RANK[b.horizon] ||
      byText(a.title, b.title),
  );
}

/** A fresh strategy fake with a workspace whose "me" is `memberName` in `role`. */
export async function strategyFakeWithWorkspace(
  memberName = "Sam Rivera",
  role: Role = "senior",
  workspaceName = "Acme",
): Promise<{ backend: StrategyFake; me: MemberView }> {
  const backend = new StrategyFake();
  const ws = await backend.call("workspace_init", { workspaceName, memberName, role });
  backend.calls.length = 0;
  return { backend, me: ws.me };
}
