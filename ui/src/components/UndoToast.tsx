import { useCallback, useEffect, useRef } from "react";
import type { ItemView } from "../bindings/ItemView";
import { useWrite } from "../state";
import { UNDONE_EVENT } from "./UndoRedo";

/** How long "Deleted … · Undo" stays. */
const UNDO_MS = 8_000;

/** After a delete: undo with the button (or ⌘/Ctrl+Z, the window's undo), for a few seconds. */
export function UndoToast({ item, onDone }: { item: ItemView; onDone(): void }) {
  const write = useWrite();
  const button = useRef<HTMLButtonElement>(null);
  // The deleted item's panel (and the focus in it) is gone: the keyboard lands on Undo.
  useEffect(() => {
    button.current?.focus();
  }, []);
  const undo = useCallback(async () => {
    const back = await write((b) => b.call("item_undelete", { id: item.id }));
    if (back) onDone();
  }, [write, item.id, onDone]);

  useEffect(() => {
    const timer = window.setTimeout(onDone, UNDO_MS);
    return () => window.clearTimeout(timer);
  }, [onDone]);

  // Ctrl/⌘+Z is the window's undo (UndoRedo.tsx), which undoes this delete when it is the
  // last change; this notice then has nothing left to offer.
  useEffect(() => {
    window.addEventListener(UNDONE_EVENT, onDone);
    return () => window.removeEventListener(UNDONE_EVENT, onDone);
  }, [onDone]);

  return (
    <div className="toast" data-testid="undo" role="status">
      <span>
        Deleted &ldquo;{item.title}&rdquo; ·{" "}
      </span>
      <button
        ref={button}
        type="button"
        className="link-button"
        data-testid="undo-button"
        onClick={() => void undo()}
        title="Undo (⌘Z / Ctrl+Z)"
      >
        Undo
      </button>
    </div>
  );
}
