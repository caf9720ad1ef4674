import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from "react";
import type { HitKind } from "../bindings/HitKind";
import type { SearchHitView } from "../bindings/SearchHitView";
import { fuzzyFilter } from "../fuzzy";
import { useQuery } from "../state";

/** One thing the palette can do: its words, where it belongs, its shortcut if it has one. */
export interface Command {
  id: string;
  label: string;
  group: string;
  shortcut?: string;
  /** A second line: where a found thing sits and the words around the match. */
  detail?: string;
  run(): void;
}

const KIND_LABEL: Record<HitKind, string> = {
  goal: "Goal",
  product: "Product",
  item: "Roadmap item",
  story: "Story",
  idea: "Idea",
  decision: "Decision",
};

/** The longest search the core takes (characters). */
const MAX_SEARCH = 200;
const SHOWN_HITS = 12;

/** Whether the text holds a word of two letters or more: shorter searches would match everything. */
function searchable(text: string): boolean {
  return text.split(/[^\p{L}\p{N}]+/u).some((w) => w.length >= 2);
}

/**
 * Search everything (the core's full-text index) for the palette's text. While the next answer
 * is on its way the last one stays, so the list does not flicker as one types.
 */
function useSearch(text: string): SearchHitView[] {
  const query = text.trim().slice(0, MAX_SEARCH);
  const on = searchable(query);
  const found = useQuery("search", on ? { query, limit: SHOWN_HITS } : null);
  const [kept, setKept] = useState<SearchHitView[]>([]);
  if (found !== undefined && found !== kept) setKept(found);
  return on ? (found ?? kept) : [];
}

/** Every shortcut of the app, by where it works (the `?` sheet). */
export const SHORTCUTS: readonly { group: string; keys: string; what: string }[] = [
  { group: "Anywhere", keys: "Ctrl+K / ⌘K", what: "Command palette: every action and page, and search everything" },
  { group: "Anywhere", keys: "?", what: "This list of shortcuts" },
  {
    group: "Anywhere",
    keys: "1–9",
    what: "Goals, Roadmap, Alignment, Snapshots, People, Sync, Feedback, Ideas, Decision log",
  },
  { group: "Anywhere", keys: "I / B / D", what: "Inbox / Board / Awaiting decision (leadership)" },
  { group: "Anywhere", keys: "S / L / P / J", what: "Sprints / Launches / Progress / Journal" },
  { group: "Anywhere", keys: "N", what: "Jump to the page's “new …” field" },
  { group: "Anywhere", keys: "Esc", what: "Leave a field (so single keys work again), close a dialog" },
  { group: "Anywhere", keys: "Ctrl+Z / ⌘Z", what: "Undo your last change (outside a text field)" },
  { group: "Anywhere", keys: "Ctrl+Shift+Z / Ctrl+Y", what: "Redo what you undid" },
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

/**
 * Ctrl/⌘+K: type a few letters of any command, arrows to choose, Enter to run. Below the
 * commands, what the words find in the workspace (goals, products, roadmap items and their
 * requirements, stories, ideas, decisions), best first; Enter opens it where it lives.
 */
export function CommandPalette({
  commands,
  onClose,
  onOpenHit,
}: {
  commands: readonly Command[];
  onClose(): void;
  onOpenHit(hit: SearchHitView): void;
}) {
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const headingId = useId();
  const hits = useSearch(query);
  const shown = useMemo(() => {
    const matching = fuzzyFilter(commands, query, (c) => `${c.group} ${c.label}`);
    const found: Command[] = hits.map((h) => ({
      id: `hit-${h.kind}-${h.id}`,
      label: h.title || "(untitled)",
      group: KIND_LABEL[h.kind],
      detail: h.snippet ? `${h.context} — ${h.snippet}` : h.context,
      run: () => onOpenHit(h),
    }));
    return [...matching, ...found];
  }, [commands, query, hits, onOpenHit]);
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
        aria-label="Type a command, a page, or words to search for"
        placeholder="Type a command, a page, or words to find…"
        maxLength={MAX_SEARCH}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKey}
      />
      <ul id={listId} role="listbox" className="palette-list" aria-label="Commands">
        {shown.length === 0 && <li className="empty">Nothing matches “{query}”.</li>}
        {shown.map((c, i) => (
          <li
            key={c.id}
            id={`${listId}-${c.id}`}
            role="option"
            aria-selected={i === current}
            data-testid={c.id.startsWith("hit-") ? "palette-hit" : "palette-option"}
            className={i === current ? "palette-option active" : "palette-option"}
            onMouseMove={() => setActive(i)}
            onClick={() => run(c)}
          >
            <span className="palette-group">{c.group}</span>
            <span className="palette-label">
              {c.label}
              {c.detail && <span className="palette-detail">{c.detail}</span>}
            </span>
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
