import { type ReactElement, useCallback, useEffect, useMemo, useState } from "react";
import { isTyping } from "../keys";
import { useQuery, useWrite } from "../state";
import type { Command } from "./CommandPalette";

const NO_ARGS = {};
/** How long "Undid …" stays. */
const NOTICE_MS = 6_000;
/** Told to the window after an undo or a redo, so a page's own "Deleted … · Undo" notice closes. */
export const UNDONE_EVENT = "baton:undone";

/**
 * Undo and redo of this laptop's last changes, whatever the page: Ctrl/⌘+Z and Ctrl/⌘+Shift+Z
 * (or Ctrl+Y) when no text field has the focus — in a field they stay the field's own text
 * undo —, two commands for the palette and the Edit menu, and a notice saying what was done.
 * The core does the work (`undo`, `redo`): new changes that sync like any edit, refused in
 * words when someone changed the same thing since.
 */
export function useUndoRedo(): { commands: Command[]; notice: ReactElement | null } {
  const write = useWrite();
  const state = useQuery("undo_state", NO_ARGS);
  const [notice, setNotice] = useState<{ n: number; text: string } | null>(null);

  const run = useCallback(
    async (which: "undo" | "redo") => {
      const done = await write((b) => b.call(which, NO_ARGS));
      if (done) {
        setNotice((n) => ({ n: (n?.n ?? 0) + 1, text: `${which === "undo" ? "Undid" : "Redid"} ${done.done}` }));
        window.dispatchEvent(new Event(UNDONE_EVENT));
      }
    },
    [write],
  );

  useEffect(() => {
    if (notice === null) return;
    const timer = window.setTimeout(() => setNotice(null), NOTICE_MS);
    return () => window.clearTimeout(timer);
  }, [notice]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || !(e.metaKey || e.ctrlKey) || e.altKey || isTyping(e.target)) return;
      const key = e.key.toLowerCase();
      if (key === "z" || key === "y") {
        e.preventDefault();
        void run(key === "y" || e.shiftKey ? "redo" : "undo");
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [run]);

  // The labels stay fixed (the menu bar is rebuilt only when they change); what each would do
  // is the palette's second line.
  const commands = useMemo<Command[]>(
    () => [
      {
        id: "undo",
        label: "Undo",
        group: "Edit",
        shortcut: "Ctrl+Z",
        detail: state?.undo ? `Undo ${state.undo}` : "Nothing to undo",
        run: () => void run("undo"),
      },
      {
        id: "redo",
        label: "Redo",
        group: "Edit",
        shortcut: "Ctrl+Shift+Z",
        detail: state?.redo ? `Redo ${state.redo}` : "Nothing to redo",
        run: () => void run("redo"),
      },
    ],
    [state, run],
  );

  const shown = notice && (
    <div className="toast" data-testid="undo-notice" role="status" key={notice.n}>
      <span>{notice.text}</span>
    </div>
  );
  return { commands, notice: shown };
}
