// Test-only: the states component tests start from, built through the real core — `baton rpc`
// calls, or `baton` verbs run as a script would (the same database, the same rules).

import { execFileSync } from "node:child_process";
import { createHash, createPrivateKey, createPublicKey, randomBytes, sign } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { MemberView } from "../bindings/MemberView";
import type { Role } from "../bindings/Role";
import type { WorkspaceView } from "../bindings/WorkspaceView";
import { BATON_BIN, batonEnv, RpcBackend, tempDir } from "./rpcBackend";

/** Runs `baton --data-dir <dataDir> <args…>` and answers its stdout; a refusal throws with
 * the core's message. */
export function baton(dataDir: string, args: string[]): string {
  try {
    return execFileSync(BATON_BIN, ["--data-dir", dataDir, ...args], {
      env: batonEnv(dataDir),
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (e) {
    const stderr = (e as { stderr?: string }).stderr?.trim();
    throw new Error(`baton ${args.join(" ")} failed: ${stderr || String(e)}`);
  }
}

/** `baton … --json`, parsed. */
export function batonJson<T>(dataDir: string, args: string[]): T {
  return JSON.parse(baton(dataDir, ["--json", ...args])) as T;
}

/** A laptop with no workspace yet (Baton's first run). */
export function firstRun(): RpcBackend {
  return new RpcBackend();
}

/** A fresh laptop with a workspace whose "me" is `memberName` in `role`. */
export async function withWorkspace(
  memberName = "Sam Rivera",
  role: Role = "senior",
  workspaceName = "Acme",
): Promise<{ backend: RpcBackend; me: MemberView }> {
  const backend = new RpcBackend();
  const ws = await backend.send("workspace_init", { workspaceName, memberName, role });
  return { backend, me: ws.me };
}

/** `baton sample`: Northwind Commerce, where "me" is Sam Rivera, a senior PM with two
 * products and their roadmaps (crates/core/src/sample.rs). */
export async function sampleWorkspace(): Promise<{ backend: RpcBackend; me: MemberView }> {
  const dir = tempDir();
  baton(dir, ["sample"]);
  const backend = new RpcBackend(dir);
  const ws = await backend.send("workspace_get", {});
  return { backend, me: ws!.me };
}

/**
 * Laptops that meet through one shared folder, as in README "Working with teammates": `home`
 * created the workspace; `laptop()` adds a teammate (`baton member add`), invites them
 * (`baton invite create`) and joins from a fresh data directory (`baton join`).
 */
export class Team {
  readonly folder = tempDir("baton-share-");
  private folderChosen = false;

  constructor(readonly home: RpcBackend) {}

  /** A workspace on a fresh laptop (`home`), whose "me" is `memberName` in `role`. */
  static async create(memberName = "Sam Rivera", role: Role = "senior", workspaceName = "Acme"): Promise<Team> {
    return new Team((await withWorkspace(memberName, role, workspaceName)).backend);
  }

  /** `baton sync --folder` on home, once: it publishes everything home holds. */
  share(): void {
    if (this.folderChosen) return;
    baton(this.home.dataDir, ["sync", "--folder", this.folder]);
    this.folderChosen = true;
  }

  /**
   * `name`'s laptop, joined through the folder: added on home as `role` first unless
   * `role` is null (already a member, e.g. a second laptop of the same person).
   */
  async laptop(name: string, role: Role | null, manager?: string): Promise<RpcBackend> {
    this.share();
    if (role !== null) {
      baton(this.home.dataDir, ["member", "add", name, "--role", role, ...(manager ? ["--manager", manager] : [])]);
    }
    const { invite } = batonJson<{ invite: string }>(this.home.dataDir, [
      "invite",
      "create",
      "--member",
      name,
      "--folder",
      this.folder,
    ]);
    return this.join(invite);
  }

  /** `baton join` from a fresh data directory, then `baton rpc` on it. */
  join(invite: string): RpcBackend {
    const dir = tempDir();
    baton(dir, ["join", "--folder", this.folder, "--invite", invite]);
    return new RpcBackend(dir);
  }

  /** An invite for `name` (added as `role` first), not used yet. */
  invite(name: string, role: Role): string {
    this.share();
    baton(this.home.dataDir, ["member", "add", name, "--role", role]);
    return batonJson<{ invite: string }>(this.home.dataDir, ["invite", "create", "--member", name]).invite;
  }

  /** One `baton sync` pass on each laptop, in this order; answers the last pass. */
  sync(...laptops: RpcBackend[]): SyncPass {
    let pass: SyncPass = { published: 0, received: 0, conflicts: 0, problems: [] };
    for (const l of laptops) pass = batonJson<SyncPass>(l.dataDir, ["sync"]);
    return pass;
  }

  /**
   * `name`'s laptop (added as `role`, invited, joined) running a Baton that skips its own role
   * checks — an old or modified build. `publish` writes the changes it would make straight to
   * its log in the folder, as its first segment after its enrolment, signed with its own key
   * (the laptop's `device.key`): the other laptops judge them on arrival.
   */
  modifiedLaptop(name: string, role: Role): { me: MemberView; publish(changes: Change[], clockAheadMs?: number): void } {
    this.share();
    baton(this.home.dataDir, ["member", "add", name, "--role", role]);
    const { invite } = batonJson<{ invite: string }>(this.home.dataDir, ["invite", "create", "--member", name]);
    const dataDir = tempDir();
    const joined = batonJson<WorkspaceView>(dataDir, ["join", "--folder", this.folder, "--invite", invite]);
    const dir = join(this.folder, "baton", joined.id, "devices", joined.deviceId);
    // Its Ed25519 key: the 32-byte secret in hex, wrapped as PKCS#8 for node's crypto.
    const seed = Buffer.from(readFileSync(join(dataDir, "device.key"), "utf8").trim(), "hex");
    const privateKey = createPrivateKey({
      key: Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]),
      format: "der",
      type: "pkcs8",
    });
    const publicKey = createPublicKey(privateKey).export({ format: "der", type: "spki" }).subarray(-32).toString("hex");
    // What the join already published (its enrolment): the changes follow it.
    const published = readdirSync(dir)
      .map((n) => /^\d{12}-(\d{12})\.seg$/.exec(n))
      .reduce((max, m) => (m ? Math.max(max, Number(m[1])) : max), 0);
    return {
      me: joined.me,
      publish: (changes, clockAheadMs = 0) => {
        // A hybrid logical clock: wall milliseconds above a 16-bit counter (sync/hlc.rs).
        const clock = BigInt(Date.now() + clockAheadMs) << 16n;
        const ops = changes.map((c, i) => ({
          op_id: boundOpId(publicKey),
          device_id: joined.deviceId,
          seq: published + i + 1,
          hlc: `@${clock + BigInt(i)}@`,
          author_id: c.authorId ?? joined.me.id,
          table: c.table,
          entity_id: c.entityId,
          field: c.field,
          value: c.value,
        }));
        const segment = {
          format: 2,
          workspace: joined.id,
          device: joined.deviceId,
          first_seq: published + 1,
          last_seq: published + ops.length,
          prev_hash: "",
          seen: {},
          ops,
          key: publicKey,
        };
        // The clock is a 64-bit integer: written as a JSON number, not a (rounded) double.
        const body = JSON.stringify(segment).replace(/"@(\d+)@"/g, "$1");
        const hash = createHash("sha256").update(body).digest("hex");
        const signature = sign(null, Buffer.from(body), privateKey).toString("hex");
        const first = String(published + 1).padStart(12, "0");
        const name = `${first}-${String(published + ops.length).padStart(12, "0")}.seg`;
        writeFileSync(join(dir, name), `${body}\nsha256:${hash}\ned25519:${signature}\n`);
      },
    };
  }
}

/** An op id bound to the laptop whose public key is `publicKey` (hex), as Baton mints them
 * (oplog/signing.rs): a version 8 UUID of the key's tag (the first 8 bytes of SHA-256 over
 * "baton op id\0" and the key) and 8 random bytes. */
function boundOpId(publicKey: string): string {
  const tag = createHash("sha256")
    .update(Buffer.concat([Buffer.from("baton op id\0"), Buffer.from(publicKey, "hex")]))
    .digest()
    .subarray(0, 8);
  const bytes = Buffer.concat([tag, randomBytes(8)]);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** What one sync pass did (`baton sync --json`). */
export interface SyncPass {
  published: number;
  received: number;
  conflicts: number;
  problems: string[];
}

/** One field set on one entity, as a laptop's log holds it. */
export interface Change {
  table: string;
  entityId: string;
  field: string;
  value: unknown;
  /** Who made it (default: the laptop's member). */
  authorId?: string;
}

/**
 * Delegation between two laptops (README "Working with teammates"): Sam Rivera, a senior PM,
 * owns Checkout and its one-year item "Saved cards" (a must-not guardrail on it); Jo Chen, a
 * junior PM who reports to Sam, has joined on her own laptop. `offer` has Sam offer the item to
 * Jo (and syncs it to her laptop); `accept` has Jo accept it (synced back to Sam's).
 */
export async function delegationTeam({ offer = false, accept = false } = {}) {
  const team = await Team.create("Sam Rivera", "senior");
  const sam = team.home;
  const year = new Date().getFullYear();
  const product = await sam.send("product_create", { name: "Checkout", baseYear: year });
  const item = await sam.send("item_create", {
    productId: product.id,
    horizon: "one_year",
    period: `${year}-Q3`,
    title: "Saved cards",
  });
  const guardrail = await sam.send("guardrail_add", {
    itemId: item.id,
    kind: "must_not",
    statement: "No new payment provider",
  });
  await sam.send("item_update", { id: item.id, requirements: "## Must have\n\n- Cards saved **on consent**" });
  const jo = await team.laptop("Jo Chen", "junior", "Sam Rivera");
  const joId = (await jo.send("workspace_get", {}))!.me.id;
  let delegationId: string | null = null;
  if (offer || accept) {
    const d = await sam.send("delegate_offer", {
      itemId: item.id,
      toId: joId,
      brief: { scope: "Let returning shoppers pay with a saved card", nonGoals: "Wallets", due: `${year}-09-30` },
    });
    delegationId = d.id;
    team.sync(sam, jo);
    if (accept) {
      await jo.send("delegate_accept", { id: d.id });
      team.sync(jo, sam);
    }
  }
  return { team, sam, jo, joId, product, item, guardrail, delegationId };
}

/**
 * Ideas between two laptops (PRODUCT.md journey 2): Lee Park (leadership) made the workspace;
 * Sam Rivera, a senior PM who owns Checkout, has joined on his own laptop. `submitted` has Sam
 * propose "Guest checkout" with a piece of linked feedback, a RICE score and a metric, submit
 * it, and sync it to Lee's laptop.
 */
export async function ideasTeam({ submitted = false } = {}) {
  const team = await Team.create("Lee Park", "leadership");
  const lee = team.home;
  const year = new Date().getFullYear();
  const samMember = await lee.send("member_create", { name: "Sam Rivera", role: "senior" });
  const product = await lee.send("product_create", { name: "Checkout", baseYear: year, ownerId: samMember.id });
  const sam = await team.laptop("Sam Rivera", null);
  let ideaId: string | null = null;
  if (submitted) {
    const idea = await sam.send("idea_add", {
      title: "Guest checkout",
      problem: "First-time buyers leave at the sign-up step",
      proposal: "Let them pay without an account",
      productId: product.id,
    });
    const feedback = await sam.send("feedback_add", {
      source: "call",
      body: "I gave up when it asked me to create an account",
      customer: "Acme Retail",
    });
    await sam.send("feedback_link", { id: feedback.id, ideaId: idea.id });
    await sam.send("idea_score", { id: idea.id, reach: 4000, impact: "high", confidence: 80, effort: 2 });
    await sam.send("idea_evidence_add", { ideaId: idea.id, kind: "metric", body: "38% drop at sign-up" });
    await sam.send("idea_submit", { id: idea.id });
    team.sync(sam, lee);
    ideaId = idea.id;
  }
  return { team, sam, lee, product, ideaId, year };
}
