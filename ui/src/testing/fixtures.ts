// Test-only: the states component tests start from, built through the real core — `baton rpc`
// calls, or `baton` verbs run as a script would (the same database, the same rules).

import { execFileSync } from "node:child_process";
import type { MemberView } from "../bindings/MemberView";
import type { Role } from "../bindings/Role";
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

  /** One `baton sync` pass on each laptop, in this order. */
  sync(...laptops: RpcBackend[]): void {
    for (const l of laptops) baton(l.dataDir, ["sync"]);
  }
}
