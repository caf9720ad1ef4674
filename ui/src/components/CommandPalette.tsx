import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from "react";
import { fuzzyFilter } from "../fuzzy";

/** One thing the palette can do: its words, where it belongs, its shortcut if it has one. */
export interface Command {
  id: string;
  label: string;
  group: string;
  shortcut?: string;
  run(): void;
}

/** Every shortcut of the app, by where it works (the `?` sheet). */
export const SHORTCUTS: readonly { group: string; keys: string; what: string }[] = [
  { group: "Anywhere", keys: "Ctrl+K / ⌘K", what: "Command palette: every action and page" },
  { group: "Anywhere", keys: "?", what: "This list of shortcuts" },
  {
    group: "Anywhere",
    keys: "1–9",
    what: "Goals, Roadmap, Alignment, Snapshots, People, Sync, Feedback, Ideas, Decision log",
  },
  { group: "Anywhere", keys: "I / B / D", what: "Inbox / Board / Awaiting decision (leadership)" },
  { group: "Anywhere", keys: "N", what: "Jump to the page's “new …” field" },
  { group: "Anywhere", keys: "Esc", what: "Leave a field (so single keys work again), close a dialog" },
  { group: "Anywhere", keys: "Ctrl+Z / ⌘Z", what: "Undo a delete while its notice shows" },
  { group: "Roadmap", keys: "Alt+← / Alt+→", what: "Move the focused card to the previous / next period" },
  { group: "Roadmap", keys: "Alt+↑ / Alt+↓", what: "Move the focused card up / down in its period" },
  { group: "Roadmap", keys: "Enter", what: "Open the focused card" },
  { group: "Delegated item", keys: "Alt+↑ / Alt+↓", what: "Reorder the focused story" },
  { group: "Feedback", keys: "J / K", what: "Next / previous entry" },
  { group: "Feedback", keys: "L", what: "Link the entry to an idea or a roadmap item" },
  { group: "Feedback", keys: "X", what: "Dismiss the entry, with a reason" },
  { group: "Ideas", keys: "Esc", what: "Close the open idea" },
  { group: "Forms", keys: "Ctrl+Enter / ⌘Enter", what: "Save a description" },
];

function Overlay({ labelledBy, onClose, children }: { labelledBy: string; onClose(): void; children: React.ReactNode }) {
  return (
    <div
      className="overlay"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div
        className="overlay-panel"
        role="dialog"
        aria-modal="true"
        aria-labelledby={labelledBy}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            e.stopPropagation();
            onClose();
          }
        }}
      >
        {children}
      </div>
    </div>
  );
}

/** Ctrl/⌘+K: type a few letters of any command, arrows to choose, Enter to run. */
export function CommandPalette({ commands, onClose }: { commands: readonly Command[]; onClose(): void }) {
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const headingId = useId();
  const shown = useMemo(() => fuzzyFilter(commands, query, (c) => `${c.group} ${c.label}`), [commands, query]);
  const current = Math.min(active, Math.max(shown.length - 1, 0));

  useEffect(() => input.current?.focus(), []);

  const run = (c: Command | undefined) => {
    if (!c) return;
    onClose();
    c.run();
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      setActive((current + step + shown.length) % Math.max(shown.length, 1));
    } else if (e.key === "Enter") {
      e.preventDefault();
      run(shown[current]);
    }
  };

  return (
    <Overlay labelledBy={headingId} onClose={onClose}>
      <h2 id={headingId} className="sr-only">
        Command palette
      </h2>
      <input
        ref={input}
        className="palette-input"
        data-testid="palette-input"
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={shown[current] ? `${listId}-${shown[current].id}` : undefined}
        aria-label="Type a command or a page"
        placeholder="Type a command or a page…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKey}
      />
      <ul id={listId} role="listbox" className="palette-list" aria-label="Commands">
        {shown.length === 0 && <li className="empty">No command matches “{query}”.</li>}
        {shown.map((c, i) => (
          <li
            key={c.id}
            id={`${listId}-${c.id}`}
            role="option"
            aria-selected={i === current}
            data-testid="palette-option"
            className={i === current ? "palette-option active" : "palette-option"}
            onMouseMove={() => setActive(i)}
            onClick={() => run(c)}
          >
            <span className="palette-group">{c.group}</span>
            <span className="palette-label">{c.label}</span>
            {c.shortcut && <kbd>{c.shortcut}</kbd>}
          </li>
        ))}
      </ul>
    </Overlay>
  );
}

/** `?`: every shortcut, by where it works. */
export function ShortcutSheet({ onClose }: { onClose(): void }) {
  const headingId = useId();
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  const groups = [...new Set(SHORTCUTS.map((s) => s.group))];
  return (
    <Overlay labelledBy={headingId} onClose={onClose}>
      <div className="sheet-head">
        <h2 id={headingId}>Keyboard shortcuts</h2>
        <button type="button" ref={close} onClick={onClose}>
          Close
        </button>
      </div>
      {groups.map((g) => (
        <section key={g} aria-label={g}>
          <h3>{g}</h3>
          <dl className="shortcuts" data-testid="shortcut-list">
            {SHORTCUTS.filter((s) => s.group === g).map((s) => (
              <div key={s.keys + s.what} className="shortcut">
                <dt>
                  <kbd>{s.keys}</kbd>
                </dt>
                <dd>{s.what}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </Overlay>
  );
}
