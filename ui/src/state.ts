import { createContext, useCallback, useContext, useEffect, useRef, useState } from "react";
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
}

export const AppContext = createContext<AppServices | null>(null);

export function useApp(): AppServices {
  const app = useContext(AppContext);
  if (!app) throw new Error("useApp outside <App>");
  return app;
}

/**
 * Reads `command` with `request` (null: don't read yet). Returns undefined until the first
 * answer for this request arrives; on a refresh the previous answer stays on screen until the
 * new one replaces it, so nothing flickers. A stale answer never overwrites a newer one.
 */
export function useQuery<K extends CommandName>(command: K, request: Req<K> | null): Res<K> | undefined {
  const { backend, version, report } = useApp();
  const key = request === null ? null : JSON.stringify(request);
  const [answer, setAnswer] = useState<{ key: string; value: Res<K> } | null>(null);
  useEffect(() => {
    if (key === null) return;
    let live = true;
    backend.call(command, JSON.parse(key) as Req<K>).then(
      (value) => {
        if (live) setAnswer({ key, value });
      },
      (error: unknown) => {
        if (live) report(error);
      },
    );
    return () => {
      live = false;
    };
  }, [backend, command, key, version, report]);
  return answer !== null && answer.key === key ? answer.value : undefined;
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
