// Test-only: the real core behind the `Backend` interface. Each RpcBackend runs
// `baton --data-dir <dir> rpc` (crates/cli/src/rpc.rs) and sends the UI's calls to it as JSON
// lines, so component tests exercise Baton's own rules and messages, not a copy of them.

import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { inject } from "vitest";
import type { Backend } from "../backend";
import type { ApiError, CommandName, Commands } from "../bindings/commands";
import type { SyncPassView } from "../bindings/SyncPassView";

type Req<K extends CommandName> = Commands[K]["req"];
type Res<K extends CommandName> = Commands[K]["res"];

/** The `baton` binary the tests run: $BATON_BIN, else the debug build globalSetup made. */
export const BATON_BIN = inject("batonBin");

/** Everything a test opened (processes, temp dirs), closed after each test by `closeAll`. */
const open: { close(): Promise<void> }[] = [];

/** Where temp dirs go: memory when the system has a tmpfs there (SQLite's fsyncs cost
 * nothing), else the system's temp dir. */
const TMP = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();

/** A fresh temporary directory, removed after the test. */
export function tempDir(label = "baton-ui-"): string {
  const dir = mkdtempSync(join(TMP, label));
  open.push({ close: async () => rmSync(dir, { recursive: true, force: true }) });
  return dir;
}

/** The environment every `baton` a test starts runs in: never the real user's data. */
export function batonEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
  delete env.BATON_DATA_DIR;
  return env;
}

/** Ends every backend and removes every temp dir the test made (newest first). */
export async function closeAll(): Promise<void> {
  const all = open.splice(0).reverse();
  for (const o of all) await o.close();
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: ApiError): void;
}

export class RpcBackend implements Backend {
  /** Every call the UI (or the test) made through `call`, in order. */
  readonly calls: { command: CommandName; request: unknown }[] = [];
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, Pending>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly syncedListeners = new Set<(pass: SyncPassView) => void>();
  /** Desktop notifications: none unless a test sets a spy. */
  notify?: (title: string, body: string) => void;
  private nextId = 1;
  private buffered = "";
  private stderr = "";
  private exited: Promise<void>;
  private closed = false;

  /** Serves the workspace in `dataDir` (a fresh empty one when not given). */
  constructor(readonly dataDir: string = tempDir()) {
    this.child = spawn(BATON_BIN, ["--data-dir", dataDir, "rpc"], {
      env: batonEnv(dataDir),
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.child.stdout.setEncoding("utf8");
    this.child.stdout.on("data", (chunk: string) => this.onData(chunk));
    this.child.stderr.setEncoding("utf8");
    this.child.stderr.on("data", (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((done) => {
      this.child.on("error", (e) => {
        this.stderr += `cannot run ${BATON_BIN}: ${e.message}`;
        this.failPending();
        done();
      });
      this.child.on("exit", () => {
        this.failPending();
        done();
      });
    });
    open.push(this);
  }

  async call<K extends CommandName>(command: K, request: Req<K>): Promise<Res<K>> {
    this.calls.push({ command, request });
    return this.send(command, request);
  }

  /** Like `call`, but not recorded in `calls`: what the shell or the test does on its own. */
  send<K extends CommandName>(command: K, request: Req<K>): Promise<Res<K>> {
    if (this.closed) return Promise.reject(this.gone());
    const id = this.nextId++;
    const answer = new Promise<Res<K>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.stdin.write(`${JSON.stringify({ id, command, request })}\n`);
    });
    const settled = answer.then(
      () => {},
      () => {},
    );
    this.inFlight.add(settled);
    void settled.then(() => this.inFlight.delete(settled));
    return answer;
  }

  /** Resolves once every call made so far has been answered and what waited on the answers
   * has run (a macrotask later). In a component test: `await act(() => backend.idle())`. */
  async idle(): Promise<void> {
    do {
      while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
      await new Promise((done) => setTimeout(done, 0));
    } while (this.inFlight.size > 0);
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
    for (const listener of [...this.syncedListeners]) listener(pass);
  }

  get syncedListenerCount(): number {
    return this.syncedListeners.size;
  }

  /**
   * A background pass as the shell's sync thread runs it: `sync_now` (not recorded in `calls`),
   * then `baton://synced` when it received something or met problems. Call inside `act`.
   */
  async syncInBackground(): Promise<SyncPassView> {
    const pass = await this.send("sync_now", {});
    if (pass.received > 0 || pass.problems.length > 0) this.emitSynced(pass);
    return pass;
  }

  /** Ends the process (end of stdin ends its loop); pending calls are rejected. */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.child.stdin.end();
      const timer = setTimeout(() => this.child.kill("SIGKILL"), 5_000);
      await this.exited;
      clearTimeout(timer);
    }
  }

  private onData(chunk: string): void {
    this.buffered += chunk;
    let newline: number;
    while ((newline = this.buffered.indexOf("\n")) >= 0) {
      const line = this.buffered.slice(0, newline);
      this.buffered = this.buffered.slice(newline + 1);
      if (line.trim() !== "") this.answer(line);
    }
  }

  private answer(line: string): void {
    const answer = JSON.parse(line) as { id: number | null; ok?: unknown; error?: ApiError };
    const waiting = answer.id === null ? undefined : this.pending.get(answer.id);
    if (!waiting) throw new Error(`baton rpc answered a call nobody made: ${line}`);
    this.pending.delete(answer.id!);
    if (answer.error) waiting.reject({ code: answer.error.code, message: answer.error.message });
    else waiting.resolve(answer.ok);
  }

  private gone(): ApiError {
    const why = this.stderr.trim();
    return { code: "storage", message: `baton rpc has ended${why ? `: ${why}` : ""}` };
  }

  private failPending(): void {
    this.closed = true;
    for (const p of this.pending.values()) p.reject(this.gone());
    this.pending.clear();
  }
}
