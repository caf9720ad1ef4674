import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import type { ChangeView } from "../bindings/ChangeView";
import type { ItemView } from "../bindings/ItemView";
import { authorText, changeText, isRestorable } from "../changes";
import { isTyping } from "../keys";
import { HORIZON_OPTION } from "../labels";
import { useApp, useQuery, useWrite } from "../state";
import { relativeTime, useNow } from "../time";

/**
 * The side panel of one roadmap item: rename it, see what it serves, delete it, and read (and
 * restore) every value its fields held.
 */
export function ItemDetail({
  item,
  served,
  names,
  onClose,
  onDeleted,
}: {
  item: ItemView;
  /** The title of what it serves, or null. */
  served: string | null;
  /** Titles/names by id, for history rows about links. */
  names: ReadonlyMap<string, string>;
  onClose(): void;
  onDeleted(item: ItemView): void;
}) {
  const panel = useRef<HTMLElement>(null);
  const remove = useWrite();

  // Escape closes the panel: from anywhere in it, or when nothing outside it is being typed in.
  // (Escape in a changed title reverts the title instead; see TitleField.)
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== "Escape" || e.defaultPrevented) return;
      const inside = e.target instanceof Node && panel.current?.contains(e.target);
      if (isTyping(e.target) && !inside) return;
      onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);

  // Focus moves into the panel (Tab reaches the title), so single-key shortcuts keep working.
  useEffect(() => {
    panel.current?.focus();
  }, [item.id]);

  const del = async () => {
    const gone = await remove((b) => b.call("item_delete", { id: item.id }));
    if (gone) onDeleted(gone);
  };

  return (
    <aside className="item-detail" data-testid="item-detail" aria-label="Item details" ref={panel} tabIndex={-1}>
      <header className="detail-header">
        <h2>{HORIZON_OPTION[item.horizon]}</h2>
        <button
          type="button"
          className="icon-button"
          data-testid="item-detail-close"
          aria-label="Close details"
          title="Close (Esc)"
          onClick={onClose}
        >
          ×
        </button>
      </header>
      <TitleField item={item} />
      <dl className="facts">
        <dt>Horizon</dt>
        <dd>{HORIZON_OPTION[item.horizon]}</dd>
        <dt>Period</dt>
        <dd>{item.period}</dd>
        <dt>Serves</dt>
        <dd>
          {served ??
            (item.orphan ? (
              <span className="warn-text">something deleted, perhaps on another laptop</span>
            ) : (
              <span className="muted">nothing yet</span>
            ))}
        </dd>
      </dl>
      <div className="detail-actions">
        <button type="button" className="danger" data-testid="item-delete" onClick={del}>
          Delete
        </button>
      </div>
      <History item={item} names={names} />
    </aside>
  );
}

/**
 * The title, edited in place: Enter or leaving the field saves a change, Escape reverts it.
 * What is typed and not saved yet (a refused rename, a panel closed mid-edit) is kept as a draft.
 */
function TitleField({ item }: { item: ItemView }) {
  const { drafts } = useApp();
  const write = useWrite();
  const key = `item.edit.${item.id}`;
  const [text, setText] = useState<string | null>(() => {
    const draft = drafts.get(key);
    return typeof draft === "string" && draft.trim() !== "" ? draft : null;
  });
  const saving = useRef(false);
  const saveAgain = useRef(false);

  // A title changed elsewhere (a teammate's sync, a restore, this save coming back) replaces
  // what is shown, unless something typed here is still unsaved.
  const seenTitle = useRef(item.title);
  useEffect(() => {
    if (seenTitle.current === item.title) return;
    seenTitle.current = item.title;
    if (!drafts.has(key)) setText(null);
  }, [item.title, drafts, key]);

  const change = (value: string) => {
    drafts.set(key, value);
    setText(value);
  };

  /** `explicit`: Enter (an empty title is sent, so the core says why it is refused). */
  const save = async (explicit: boolean): Promise<void> => {
    const value = drafts.get(key);
    if (typeof value !== "string") return;
    if (value === seenTitle.current) {
      drafts.delete(key);
      return;
    }
    if (!explicit && value.trim() === "") return;
    if (saving.current) {
      saveAgain.current = true;
      return;
    }
    saving.current = true;
    try {
      const saved = await write((b) => b.call("item_update", { id: item.id, title: value }));
      if (saved && drafts.get(key) === value) drafts.delete(key);
    } finally {
      saving.current = false;
    }
    if (saveAgain.current) {
      saveAgain.current = false;
      await save(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter") {
      e.preventDefault();
      void save(true);
    } else if (e.key === "Escape" && drafts.has(key) && drafts.get(key) !== seenTitle.current) {
      // Revert, and let nothing else (closing the panel, leaving the field) happen.
      e.preventDefault();
      drafts.delete(key);
      setText(null);
    }
  };

  return (
    <label className="title-field">
      <span className="sr-only">Title</span>
      <input
        data-testid="item-edit-title"
        placeholder="Title"
        value={text ?? item.title}
        onChange={(e) => change(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => void save(false)}
        title="Enter saves · Esc reverts"
      />
    </label>
  );
}

function History({ item, names }: { item: ItemView; names: ReadonlyMap<string, string> }) {
  const history = useQuery("history_list", { entityId: item.id });
  const now = useNow();
  return (
    <section className="history" aria-labelledby="history-heading">
      <h3 id="history-heading">History</h3>
      {history !== undefined && (
        <ul className="rows">
          {history.map((change) => (
            <HistoryRow key={change.opId} change={change} names={names} now={now} />
          ))}
        </ul>
      )}
    </section>
  );
}

function HistoryRow({
  change,
  names,
  now,
}: {
  change: ChangeView;
  names: ReadonlyMap<string, string>;
  now: number;
}) {
  const write = useWrite();
  return (
    <li className={change.current ? "row history-row current" : "row history-row"} data-testid="history-row">
      <span>
        {authorText(change)} {changeText(change, names)}
        <span className="muted"> · {relativeTime(change.atMs, now)}</span>
        {change.current && <span className="muted"> (current)</span>}
      </span>
      {!change.current && isRestorable(change.field) && (
        <button
          type="button"
          data-testid="history-restore"
          title="Set it back to this value (a new change; nothing is erased)"
          onClick={() => void write((b) => b.call("history_restore", { opId: change.opId }))}
        >
          Restore
        </button>
      )}
    </li>
  );
}
