import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type { ApiError, CommandName, Commands } from "./bindings/commands";
import type { SyncPassView } from "./bindings/SyncPassView";

/** What the Tauri shell emits after a background sync pass that received changes or met
 * problems (payload: that pass). */
export const SYNCED_EVENT = "baton://synced";

/** The one way the UI talks to Baton's core. The app gets it through props/context so
 * component tests can pass an in-memory fake. */
export interface Backend {
  call<K extends CommandName>(command: K, request: Commands[K]["req"]): Promise<Commands[K]["res"]>;
  /** Calls `listener` after each background sync pass that received changes or met problems.
   * Returns the function that stops listening. */
  onSynced(listener: (pass: SyncPassView) => void): () => void;
}

/** True for the `{ code, message }` shape the core rejects with. The code is not checked
 * against the known list, so a newer core's code still shows its message. */
export function isApiError(e: unknown): e is ApiError {
  if (typeof e !== "object" || e === null) return false;
  const { code, message } = e as Record<string, unknown>;
  return typeof code === "string" && typeof message === "string";
}

/** Anything thrown becomes an ApiError; what isn't one already is reported as `storage`. */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) return { code: e.code, message: e.message };
  return { code: "storage", message: String(e) };
}

/** The real backend: the Tauri shell's single `baton_call` command. */
export const tauriBackend: Backend = {
  async call<K extends CommandName>(
    command: K,
    request: Commands[K]["req"],
  ): Promise<Commands[K]["res"]> {
    try {
      return await invoke<Commands[K]["res"]>("baton_call", { command, request });
    } catch (e) {
      throw toApiError(e);
    }
  },

  onSynced(listener: (pass: SyncPassView) => void): () => void {
    // `listen` answers asynchronously; stopping before it has answered still stops.
    let stopped = false;
    let unlisten: (() => void) | null = null;
    listen<SyncPassView>(SYNCED_EVENT, (event) => {
      if (!stopped) listener(event.payload);
    }).then(
      (stop) => {
        if (stopped) stop();
        else unlisten = stop;
      },
      // Without the event the app still re-reads on focus and after every write.
      (e: unknown) => console.warn("baton: cannot listen for sync events", e),
    );
    return () => {
      stopped = true;
      unlisten?.();
    };
  },
};
