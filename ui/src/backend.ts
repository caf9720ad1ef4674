import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { homeDir, join } from "@tauri-apps/api/path";
import { open, save } from "@tauri-apps/plugin-dialog";
import type { ApiError, CommandName, Commands } from "./bindings/commands";
import type { Progress } from "./bindings/Progress";
import type { SyncPassView } from "./bindings/SyncPassView";
import type { MenuGroup } from "./menu";

/** What the Tauri shell emits after a background sync pass that received changes or met
 * problems (payload: that pass). */
export const SYNCED_EVENT = "baton://synced";

/** What the shell emits while a long sync pass or a join runs (payload: where it stands). */
export const PROGRESS_EVENT = "baton://progress";

/** What the shell emits when an entry of the native menu bar is chosen (payload: its id). */
export const MENU_EVENT = "baton://menu";

/** The one way the UI talks to Baton's core. The app gets it through props/context so
 * component tests can pass an in-memory fake. */
export interface Backend {
  call<K extends CommandName>(command: K, request: Commands[K]["req"]): Promise<Commands[K]["res"]>;
  /** Calls `listener` after each background sync pass that received changes or met problems.
   * Returns the function that stops listening. */
  onSynced(listener: (pass: SyncPassView) => void): () => void;
  /** Calls `listener` while a long sync pass or a join runs (the shell says nothing of short
   * ones), the last time with `finished`. Returns the function that stops listening. Absent
   * where nothing runs long (component tests). */
  onProgress?(listener: (progress: Progress) => void): () => void;
  /** Shows `menus` as the window's native menu bar. Absent where there is no native menu
   * (component tests). */
  setMenu?(menus: MenuGroup[]): void;
  /** Calls `listener` with the id of each entry chosen in the native menu bar. Returns the
   * function that stops listening. */
  onMenu?(listener: (id: string) => void): () => void;
  /** The system's folder picker titled `title`, opening at `start` (else the home folder): the
   * chosen folder, or null when cancelled. Absent where there is none (component tests). */
  chooseFolder?(title: string, start: string): Promise<string | null>;
  /** The system's save dialog for a Markdown file titled `title`, suggesting `defaultName` in
   * the home folder: the chosen path, or null when cancelled. Absent where there is none
   * (component tests). */
  chooseSaveFile?(title: string, defaultName: string): Promise<string | null>;
  /** Shows a desktop notification. Absent where there is none (component tests). */
  notify?(title: string, body: string): void;
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
    // Without the event the app still re-reads on focus and after every write.
    return listenTo<SyncPassView>(SYNCED_EVENT, listener, "sync events");
  },

  onProgress(listener: (progress: Progress) => void): () => void {
    return listenTo<Progress>(PROGRESS_EVENT, listener, "sync progress");
  },

  async chooseFolder(title: string, start: string): Promise<string | null> {
    const defaultPath = start.trim() !== "" ? start.trim() : await homeDir();
    const picked = await open({ directory: true, multiple: false, title, defaultPath });
    return typeof picked === "string" ? picked : null;
  },

  async chooseSaveFile(title: string, defaultName: string): Promise<string | null> {
    const defaultPath = await join(await homeDir(), defaultName);
    const picked = await save({ title, defaultPath, filters: [{ name: "Markdown", extensions: ["md"] }] });
    return typeof picked === "string" ? picked : null;
  },

  notify(title: string, body: string): void {
    invoke("notify", { title, body }).catch((e: unknown) => console.warn("baton: no notification", e));
  },

  setMenu(menus: MenuGroup[]): void {
    invoke("set_menu", { groups: menus }).catch((e: unknown) => console.warn("baton: no native menu", e));
  },

  onMenu(listener: (id: string) => void): () => void {
    return listenTo<string>(MENU_EVENT, listener, "menu choices");
  },
};

/** Listens for the shell's `event`; returns the function that stops. `listen` answers
 * asynchronously; stopping before it has answered still stops. */
function listenTo<T>(event: string, listener: (payload: T) => void, what: string): () => void {
  let stopped = false;
  let unlisten: (() => void) | null = null;
  listen<T>(event, (e) => {
    if (!stopped) listener(e.payload);
  }).then(
    (stop) => {
      if (stopped) stop();
      else unlisten = stop;
    },
    (e: unknown) => console.warn(`baton: cannot listen for ${what}`, e),
  );
  return () => {
    stopped = true;
    unlisten?.();
  };
}
