import { invoke } from "@tauri-apps/api/core";
import type { ApiError, CommandName, Commands } from "./bindings/commands";

/** The one way the UI talks to Baton's core. The app gets it through props/context so
 * component tests can pass an in-memory fake. */
export interface Backend {
  call<K extends CommandName>(command: K, request: Commands[K]["req"]): Promise<Commands[K]["res"]>;
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
};
