import { createContext, useCallback, useContext, useEffect, useRef, useState, useSyncExternalStore } from "react";
import type { Backend } from "./backend";
import type { CommandName, Commands } from "./bindings/commands";

type Req<K extends CommandName> = Commands[K]["req"];
type Res<K extends CommandName> = Commands[K]["res"];

/** What every screen needs: the backend, the error banner, and the data version. */
export interface AppServices {
  backend: Backend;
  /** Bumped after every successful write and whenever the window regains focus; every
   * query re-fetches when it changes. */
  version: number;
  refresh(): void;
  /** Shows a failed call's message in the error banner. */
  report(error: unknown): void;
  dismissError(): void;
  /** Unsaved form input by form field, so it survives switching pages or products. */
  drafts: Map<string, unknown>;
  /** The answers of recent reads, so a page shown again appears at once, already up to date. */
  cache: QueryCache;
}

interface Entry {
  command: CommandName;
  request: unknown;
  /** The latest answer, as a stable object for useSyncExternalStore; undefined before one. */
  answer: { value: unknown } | undefined;
  /** The data version the shown answer was read at: an older read never replaces it. */
  answeredVersion: number;
  /** The data version of the newest read started, so one version is read once. */
  requestedVersion: number;
  listeners: Set<() => void>;
  lastUsed: number;
}

/**
 * Every read's latest answer by command and request. Reads shown on screen re-read themselves
 * on each refresh (useQuery); reads no longer shown are re-read too (`refreshUnused`), so going
 * back to a page shows current data at once instead of an empty frame. The least recently used
 * unused reads are forgotten beyond `limit`.
 */
export class QueryCache {
  private readonly entries = new Map<string, Entry>();
  private uses = 0;

  constructor(private readonly limit = 24) {}

  private entry(key: string, command: CommandName, request: unknown): Entry {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = {
        command,
        request,
        answer: undefined,
        answeredVersion: -1,
        requestedVersion: -1,
        listeners: new Set(),
        lastUsed: 0,
      };
      this.entries.set(key, entry);
    }
    entry.lastUsed = ++this.uses;
    return entry;
  }

  subscribe(key: string, command: CommandName, request: unknown, listener: () => void): () => void {
    const entry = this.entry(key, command, request);
    entry.listeners.add(listener);
    return () => {
      entry.listeners.delete(listener);
      this.forgetUnused();
    };
  }

  answer(key: string): { value: unknown } | undefined {
    return this.entries.get(key)?.answer;
  }

  /** Reads `key` at data version `version` unless that version was already read. */
  load(
    backend: Backend,
    key: string,
    command: CommandName,
    request: unknown,
    version: number,
    report: (e: unknown) => void,
  ): void {
    const entry = this.entry(key, command, request);
    if (entry.requestedVersion >= version) return;
    entry.requestedVersion = version;
    backend.call(command, request as never).then(
      (value) => {
        if (version < entry.answeredVersion) return;
        entry.answeredVersion = version;
        entry.answer = { value };
        for (const listener of [...entry.listeners]) listener();
      },
      (error: unknown) => {
        // Let the next refresh try again; only what is on screen reports its failure.
        if (entry.requestedVersion === version) entry.requestedVersion = -1;
        if (entry.listeners.size > 0) report(error);
      },
    );
  }

  /** Re-reads, at `version`, every remembered read nothing shows right now. */
  refreshUnused(backend: Backend, version: number, report: (e: unknown) => void): void {
    for (const [key, entry] of this.entries) {
      if (entry.listeners.size === 0 && entry.answer !== undefined) {
        this.load(backend, key, entry.command, entry.request, version, report);
      }
    }
  }

  private forgetUnused(): void {
    if (this.entries.size <= this.limit) return;
    const unused = [...this.entries]
      .filter(([, e]) => e.listeners.size === 0)
      .sort(([, a], [, b]) => a.lastUsed - b.lastUsed);
    for (const [key] of unused.slice(0, this.entries.size - this.limit)) this.entries.delete(key);
  }
}

export const AppContext = createContext<AppServices | null>(null);

export function useApp(): AppServices {
  const app = useContext(AppContext);
  if (!app) throw new Error("useApp outside <App>");
  return app;
}

/**
 * Reads `command` with `request` (null: don't read yet). Returns undefined until the first
 * answer for this request arrives (at once when it was read before: the cache keeps it up to
 * date); on a refresh the previous answer stays on screen until the new one replaces it, so
 * nothing flickers. A stale answer never overwrites a newer one.
 */
export function useQuery<K extends CommandName>(command: K, request: Req<K> | null): Res<K> | undefined {
  const { backend, version, report, cache } = useApp();
  const body = request === null ? null : JSON.stringify(request);
  const key = body === null ? null : `${command} ${body}`;
  const subscribe = useCallback(
    (onChange: () => void) =>
      key === null || body === null ? () => {} : cache.subscribe(key, command, JSON.parse(body), onChange),
    [cache, command, key, body],
  );
  const answer = useSyncExternalStore(subscribe, () => (key === null ? undefined : cache.answer(key)));
  useEffect(() => {
    if (key === null || body === null) return;
    cache.load(backend, key, command, JSON.parse(body), version, report);
  }, [backend, cache, command, key, body, version, report]);
  return answer?.value as Res<K> | undefined;
}

/**
 * Runs writes. On success: clears the error banner and re-fetches everything, then resolves to
 * the result. On failure: shows the error and resolves to undefined, so the caller keeps the
 * form as typed. While one write of this hook is in flight, another (a double Enter) is
 * ignored and resolves to undefined.
 */
export function useWrite(): <T>(write: (backend: Backend) => Promise<T>) => Promise<T | undefined> {
  const { backend, report, dismissError, refresh } = useApp();
  const busy = useRef(false);
  return useCallback(
    async <T,>(write: (backend: Backend) => Promise<T>): Promise<T | undefined> => {
      if (busy.current) return undefined;
      busy.current = true;
      try {
        const result = await write(backend);
        dismissError();
        refresh();
        return result;
      } catch (error) {
        report(error);
        return undefined;
      } finally {
        busy.current = false;
      }
    },
    [backend, report, dismissError, refresh],
  );
}

/**
 * Like useState for a form field, but the value outlives the component: leave the page with a
 * half-typed goal, come back, and it is still there. Lost only when the window reloads.
 */
export function useDraft<T>(key: string, initial: T): [T, (value: T) => void] {
  const { drafts } = useApp();
  const [value, setValue] = useState<T>(() => (drafts.has(key) ? (drafts.get(key) as T) : initial));
  const set = useCallback(
    (next: T) => {
      drafts.set(key, next);
      setValue(next);
    },
    [drafts, key],
  );
  return [value, set];
}
