import { useCallback, useEffect, useRef } from "react";
import type { ItemView } from "../bindings/ItemView";
import { isTyping } from "../keys";
import { useWrite } from "../state";

/** How long "Deleted … · Undo" stays. */
const UNDO_MS = 8_000;

/** After a delete: undo with the button or ⌘/Ctrl+Z, for a few seconds. */
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

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.defaultPrevented || isTyping(e.target)) return;
      if ((e.metaKey || e.ctrlKey) && !e.shiftKey && (e.key === "z" || e.key === "Z")) {
        e.preventDefault();
        void undo();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [undo]);

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
