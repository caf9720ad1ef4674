import type { ErrorCode } from "./bindings/ErrorCode";

/** How the UI presents a refusal or a failure, by the core's error code (never by its text). */
export interface ErrorPresentation {
  /** A short heading said before the core's message. */
  title: string;
  /** `notice`: the request was refused and nothing changed; `trouble`: Baton itself failed. */
  tone: "notice" | "trouble";
  /** What the person can do next, when the message alone does not say it. */
  hint: string | null;
}

export function presentError(code: ErrorCode | string): ErrorPresentation {
  switch (code) {
    case "permission_denied":
      return { title: "Not allowed", tone: "notice", hint: null };
    case "invalid_input":
    case "not_found":
    case "already_exists":
    case "unknown_command":
      return { title: "Not done", tone: "notice", hint: null };
    case "no_workspace":
      return { title: "No workspace", tone: "notice", hint: "Create or join a workspace first." };
    case "migration":
      return {
        title: "This workspace needs another version of Baton",
        tone: "trouble",
        hint: "Nothing was changed. Update Baton, then open it again.",
      };
    case "io":
      return {
        title: "A file could not be read or written",
        tone: "trouble",
        hint: "Nothing was changed. Check that the folder is reachable and the disk has room, then try again.",
      };
    case "storage":
    default:
      return {
        title: "Baton could not read or write its data",
        tone: "trouble",
        hint: "Nothing was changed. Check that the disk has room, then try again.",
      };
  }
}
