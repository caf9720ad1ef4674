import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import type { FeedbackShow } from "../bindings/FeedbackShow";
import type { FeedbackSource } from "../bindings/FeedbackSource";
import type { FeedbackView } from "../bindings/FeedbackView";
import type { IdeaView } from "../bindings/IdeaView";
import type { ItemView } from "../bindings/ItemView";
import { num } from "../delegation";
import { FEEDBACK_SOURCES, SOURCE_LABEL } from "../ideas";
import { useShownMark } from "../marks";
import { useDraft, useQuery, useWrite } from "../state";
import { plural, relativeTime, useNow } from "../time";
import "../ideas.css";

const NO_ARGS = {};

const FILTERS: readonly { show: FeedbackShow; label: string }[] = [
  { show: "new", label: "Open" },
  { show: "linked", label: "Linked" },
  { show: "dismissed", label: "Dismissed" },
  { show: "all", label: "All" },
];

/**
 * The feedback inbox: add what customers said (N), then triage it without leaving the list —
 * J/K (or the arrows) move between entries, L links the one in focus to an idea or a roadmap
 * item, X dismisses it with a reason. Open, linked and dismissed entries each have a filter.
 */
export function FeedbackPage() {
  const [show, setShow] = useDraft<FeedbackShow>("feedback.show", "new");
  const list = useQuery("feedback_list", { show });
  useShownMark("feedback", list !== undefined);
  const listRef = useRef<HTMLUListElement>(null);

  // J/K and the arrows move the focus between rows, as in a mail client.
  const onListKey = (e: KeyboardEvent<HTMLUListElement>) => {
    if (e.target instanceof HTMLElement && e.target.closest("form")) return;
    const down = e.key === "j" || e.key === "ArrowDown";
    const up = e.key === "k" || e.key === "ArrowUp";
    if (!down && !up) return;
    const rows = [...(listRef.current?.querySelectorAll<HTMLElement>("[data-feedback-row]") ?? [])];
    const at = rows.findIndex((r) => r.contains(document.activeElement));
    const next = rows[Math.max(0, Math.min(rows.length - 1, at + (down ? 1 : -1)))];
    if (next) {
      e.preventDefault();
      next.focus();
    }
  };

  return (
    <div className="ideas-page feedback" data-testid="feedback-page">
      <header className="page-header">
        <h1>Feedback</h1>
        <p className="muted">
          What customers said, from calls, support, sales and research. Link each entry to the idea or roadmap item it
          backs, or dismiss it with a reason.
          {list ? ` ${plural(list.newCount, "entry", "entries")} to triage.` : ""}
        </p>
      </header>
      <AddFeedback />
      <div className="filters" role="group" aria-label="Show feedback">
        {FILTERS.map((f) => (
          <button
            key={f.show}
            type="button"
            className="filter"
            aria-pressed={show === f.show}
            data-testid={`feedback-filter-${f.show}`}
            onClick={() => setShow(f.show)}
          >
            {f.label}
            {f.show === "new" && list && list.newCount > 0 && <span className="count"> {list.newCount}</span>}
          </button>
        ))}
        <span className="muted hint keys-hint">
          <kbd>J</kbd>/<kbd>K</kbd> move · <kbd>L</kbd> link · <kbd>X</kbd> dismiss
        </span>
      </div>
      {list !== undefined &&
        (list.entries.length === 0 ? (
          <p className="empty" data-testid="feedback-empty">
            {show === "new" ? "Nothing to triage: every piece of feedback is linked or dismissed." : "No feedback here."}
          </p>
        ) : (
          <ul className="rows feedback-list" ref={listRef} onKeyDown={onListKey} aria-label="Feedback">
            {list.entries.map((f) => (
              <FeedbackRow key={f.id} feedback={f} />
            ))}
          </ul>
        ))}
    </div>
  );
}

function AddFeedback() {
  const write = useWrite();
  const [source, setSource] = useDraft<FeedbackSource>("feedback.new.source", "call");
  const [body, setBody] = useDraft("feedback.new.body", "");
  const [customer, setCustomer] = useDraft("feedback.new.customer", "");
  const [who, setWho] = useDraft("feedback.new.who", "");
  const [heardOn, setHeardOn] = useDraft("feedback.new.heardOn", "");
  const [link, setLink] = useDraft("feedback.new.link", "");
  const bodyRef = useRef<HTMLTextAreaElement>(null);

  const add = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!body.trim()) return;
    const added = await write((b) =>
      b.call("feedback_add", {
        source,
        body: body.trim(),
        ...(customer.trim() ? { customer: customer.trim() } : {}),
        ...(who.trim() ? { who: who.trim() } : {}),
        ...(heardOn ? { heardOn } : {}),
        ...(link.trim() ? { link: link.trim() } : {}),
      }),
    );
    if (added) {
      setBody("");
      setWho("");
      setLink("");
      bodyRef.current?.focus();
    }
  };

  return (
    <form className="panel feedback-form" onSubmit={add} aria-label="Add feedback" data-testid="feedback-form">
      <textarea
        ref={bodyRef}
        rows={2}
        className="wide"
        data-shortcut-new
        data-testid="feedback-body"
        aria-label="Quote or note"
        placeholder="What the customer said, or what you noticed (N) — ⌘/Ctrl+Enter adds it"
        value={body}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
            e.preventDefault();
            void add();
          }
        }}
      />
      <div className="fields">
        <label>
          <span>Source</span>
          <select data-testid="feedback-source" value={source} onChange={(e) => setSource(e.target.value as FeedbackSource)}>
            {FEEDBACK_SOURCES.map((s) => (
              <option key={s} value={s}>
                {SOURCE_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="grow">
          <span>Customer or segment</span>
          <input data-testid="feedback-customer" value={customer} onChange={(e) => setCustomer(e.target.value)} placeholder="Acme Retail, SMB" />
        </label>
        <label className="grow">
          <span>Who said it</span>
          <input data-testid="feedback-who" value={who} onChange={(e) => setWho(e.target.value)} placeholder="Dana, head of ops" />
        </label>
        <label>
          <span>Heard on</span>
          <input type="date" data-testid="feedback-heard-on" value={heardOn} onChange={(e) => setHeardOn(e.target.value)} />
        </label>
        <label className="grow">
          <span>Link</span>
          <input data-testid="feedback-link" value={link} onChange={(e) => setLink(e.target.value)} placeholder="https://…" />
        </label>
        <button type="submit" className="primary" data-testid="feedback-add" disabled={!body.trim()}>
          Add feedback
        </button>
      </div>
    </form>
  );
}

type Mode = "idle" | "link" | "dismiss";

function FeedbackRow({ feedback: f }: { feedback: FeedbackView }) {
  const now = useNow();
  const [mode, setMode] = useState<Mode>("idle");
  const rowRef = useRef<HTMLLIElement>(null);
  const close = () => {
    setMode("idle");
    rowRef.current?.focus();
  };
  // After triage, the next entry (or the one before the last) takes the focus: triage on.
  const triaged = () => {
    setMode("idle");
    const row = rowRef.current;
    const next = (row?.nextElementSibling ?? row?.previousElementSibling) as HTMLElement | null;
    (next ?? row)?.focus();
  };

  const onKey = (e: KeyboardEvent<HTMLLIElement>) => {
    if (e.target !== rowRef.current || e.metaKey || e.ctrlKey || e.altKey) return;
    if (e.key === "l" || e.key === "L") {
      e.preventDefault();
      e.stopPropagation();
      setMode("link");
    } else if ((e.key === "x" || e.key === "X") && f.triage !== "dismissed") {
      e.preventDefault();
      e.stopPropagation();
      setMode("dismiss");
    }
  };

  return (
    <li
      ref={rowRef}
      className="row feedback-row"
      tabIndex={0}
      data-feedback-row
      data-testid="feedback-row"
      data-feedback-id={f.id}
      aria-label={`${SOURCE_LABEL[f.source]}: ${f.body}`}
      onKeyDown={onKey}
    >
      <div className="feedback-main">
        <p className="quote">
          <span className="tag">{SOURCE_LABEL[f.source]}</span> “{f.body}”
        </p>
        <p className="muted feedback-meta">
          {[f.customer, f.who, f.heardOn].filter(Boolean).join(" · ")}
          {f.link && (
            <>
              {" · "}
              <a href={f.link} target="_blank" rel="noreferrer">
                link
              </a>
            </>
          )}
          {` · added by ${f.byName} ${relativeTime(num(f.addedMs), now)}`}
        </p>
        {f.triage === "linked" && (
          <p className="triage" data-testid="feedback-linked">
            Linked to {f.ideaTitle ? `idea “${f.ideaTitle}”` : `roadmap item “${f.itemTitle ?? ""}”`}
            {f.triagedByName ? <span className="muted"> by {f.triagedByName}</span> : null}
          </p>
        )}
        {f.triage === "dismissed" && (
          <p className="triage" data-testid="feedback-dismissed">
            Dismissed: {f.dismissed}
            {f.triagedByName ? <span className="muted"> by {f.triagedByName}</span> : null}
          </p>
        )}
        {mode === "link" && <LinkForm feedback={f} onDone={triaged} onCancel={close} />}
        {mode === "dismiss" && <DismissForm feedback={f} onDone={triaged} onCancel={close} />}
      </div>
      {mode === "idle" && (
        <span className="row-actions">
          <button type="button" data-testid="feedback-link-open" aria-label={`Link “${f.body}”`} onClick={() => setMode("link")}>
            {f.triage === "linked" ? "Relink…" : "Link…"}
          </button>
          {f.triage !== "dismissed" && (
            <button
              type="button"
              data-testid="feedback-dismiss-open"
              aria-label={`Dismiss “${f.body}”`}
              onClick={() => setMode("dismiss")}
            >
              Dismiss…
            </button>
          )}
        </span>
      )}
    </li>
  );
}

function LinkForm({ feedback: f, onDone, onCancel }: { feedback: FeedbackView; onDone(): void; onCancel(): void }) {
  const write = useWrite();
  const ideas = useQuery("idea_list", NO_ARGS);
  const items = useQuery("item_list", NO_ARGS);
  const [target, setTarget] = useState("");
  const selectRef = useRef<HTMLSelectElement>(null);
  useEffect(() => selectRef.current?.focus(), []);

  const link = async (e: FormEvent) => {
    e.preventDefault();
    const [kind, id] = target.split(":");
    if (!id) return;
    const done = await write((b) =>
      b.call("feedback_link", kind === "idea" ? { id: f.id, ideaId: id } : { id: f.id, itemId: id }),
    );
    if (done) onDone();
  };

  return (
    <form
      className="inline-form triage-form"
      onSubmit={link}
      aria-label="Link feedback"
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <select
        ref={selectRef}
        className="grow"
        data-testid="feedback-link-target"
        aria-label="Link to"
        value={target}
        onChange={(e) => setTarget(e.target.value)}
        onKeyDown={(e) => {
          // A select does not submit its form on Enter by itself.
          if (e.key === "Enter" && target) {
            e.preventDefault();
            e.currentTarget.form?.requestSubmit();
          }
        }}
      >
        <option value="">Choose an idea or a roadmap item…</option>
        <IdeaOptions ideas={ideas} />
        <ItemOptions items={items} />
      </select>
      <button type="submit" className="primary" data-testid="feedback-link-save" disabled={!target}>
        Link
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

function IdeaOptions({ ideas }: { ideas: IdeaView[] | undefined }) {
  if (!ideas || ideas.length === 0) return null;
  return (
    <optgroup label="Ideas">
      {ideas.map((i) => (
        <option key={i.id} value={`idea:${i.id}`}>
          {i.title}
          {i.productName ? ` · ${i.productName}` : ""}
        </option>
      ))}
    </optgroup>
  );
}

function ItemOptions({ items }: { items: ItemView[] | undefined }) {
  if (!items || items.length === 0) return null;
  return (
    <optgroup label="Roadmap items">
      {items.map((i) => (
        <option key={i.id} value={`item:${i.id}`}>
          {i.title} · {i.period}
        </option>
      ))}
    </optgroup>
  );
}

function DismissForm({ feedback: f, onDone, onCancel }: { feedback: FeedbackView; onDone(): void; onCancel(): void }) {
  const write = useWrite();
  const [reason, setReason] = useState("");
  const dismiss = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return;
    const done = await write((b) => b.call("feedback_dismiss", { id: f.id, reason: reason.trim() }));
    if (done) onDone();
  };
  return (
    <form className="inline-form triage-form" onSubmit={dismiss} aria-label="Dismiss feedback">
      <input
        className="grow"
        autoFocus
        data-testid="feedback-dismiss-reason"
        aria-label="Why dismiss it"
        placeholder="Why — e.g. already shipped, not our customer, duplicate"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            e.stopPropagation();
            onCancel();
          }
        }}
      />
      <button type="submit" data-testid="feedback-dismiss-save" disabled={!reason.trim()}>
        Dismiss
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
