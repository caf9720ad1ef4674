import { useState, type FormEvent } from "react";
import type { JournalEntryView } from "../bindings/JournalEntryView";
import type { JournalKind } from "../bindings/JournalKind";
import type { JournalListReq } from "../bindings/JournalListReq";
import type { MemberView } from "../bindings/MemberView";
import { useShownMark } from "../marks";
import { JOURNAL_KIND_LABEL, JOURNAL_KINDS, today } from "../planning";
import { useApp, useDraft, useQuery, useWrite } from "../state";
import { plural } from "../time";
import "../planning.css";
import "../strategy.css";

const NO_ARGS = {};

/** What Share produced: where it was saved, or the Markdown to copy. */
type Shared = { path: string } | { markdown: string };

/**
 * A PM's journal: what they learned, achieved and thought over, day by day; readable by their
 * manager and mentor. Share writes a period of it as a Markdown summary.
 */
export function JournalPage({ me }: { me: MemberView }) {
  const { backend, report } = useApp();
  const members = useQuery("member_list", NO_ARGS);
  const reports = (members ?? []).filter((m) => m.id !== me.id && (m.managerId === me.id || m.mentorId === me.id));
  const [authorId, setAuthorId] = useDraft<string>("journal.author", "");
  const [kind, setKind] = useDraft<JournalKind | "">("journal.kind", "");
  const [from, setFrom] = useDraft<string>("journal.from", "");
  const [to, setTo] = useDraft<string>("journal.to", "");
  const whose = reports.some((m) => m.id === authorId) ? authorId : "";
  const mine = whose === "";
  const req: JournalListReq = {};
  if (whose) req.authorId = whose;
  if (kind) req.kind = kind;
  if (from) req.from = from;
  if (to) req.to = to;
  const entries = useQuery("journal_list", req);
  useShownMark("journal", entries !== undefined);
  const [shared, setShared] = useState<Shared | null>(null);
  const [sharing, setSharing] = useState(false);

  const share = async () => {
    setSharing(true);
    setShared(null);
    try {
      const period = { ...(whose ? { authorId: whose } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
      const summary = await backend.call("journal_export", period);
      let path: string | null = null;
      if (backend.chooseSaveFile) {
        try {
          path = await backend.chooseSaveFile(
            "Save the journal summary",
            `journal-${from || "start"}-to-${to || today()}.md`,
          );
          if (path === null) return; // Cancelled.
        } catch (e) {
          // No dialog here: show the summary to copy instead.
          console.warn("baton: no save dialog", e);
        }
      }
      if (path === null) {
        setShared({ markdown: summary.markdown });
        return;
      }
      const written = await backend.call("journal_export", { ...period, path });
      setShared({ path: written.path ?? path });
    } catch (e) {
      report(e);
    } finally {
      setSharing(false);
    }
  };

  const whoseName = reports.find((m) => m.id === whose)?.name;
  return (
    <div className="planning-page" data-testid="journal-page">
      <header className="page-header">
        <h1>Journal</h1>
        {reports.length > 0 && (
          <label className="field-inline">
            <span>Whose journal</span>
            <select data-testid="journal-whose" value={whose} onChange={(e) => setAuthorId(e.target.value)}>
              <option value="">Mine</option>
              {reports.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <p className="muted">
          {mine
            ? "What you learned, achieved and thought over. Your manager and mentor can read it; Share writes a period of it as a summary."
            : `${whoseName}'s journal: you read it as their manager or mentor.`}
        </p>
      </header>
      {mine && <Composer />}
      <div className="planning-form" role="group" aria-label="Filter the journal">
        <label>
          <span>Kind</span>
          <select data-testid="journal-filter-kind" value={kind} onChange={(e) => setKind(e.target.value as JournalKind | "")}>
            <option value="">All kinds</option>
            {JOURNAL_KINDS.map((k) => (
              <option key={k} value={k}>
                {JOURNAL_KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>From</span>
          <input type="date" data-testid="journal-from" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          <span>To</span>
          <input type="date" data-testid="journal-to" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <span className="spacer" />
        <button
          type="button"
          data-testid="journal-share"
          disabled={sharing || entries === undefined || entries.length === 0}
          title={entries?.length === 0 ? "Nothing in this period to share" : "Write this period as a Markdown summary"}
          onClick={() => void share()}
        >
          Share…
        </button>
      </div>
      {shared && <SharedResult shared={shared} onClose={() => setShared(null)} />}
      {entries !== undefined && entries.length === 0 && (
        <p className="empty">
          {from || to || kind
            ? "Nothing in this period: widen the dates or the kind."
            : mine
              ? "Nothing yet: write down what you learned or achieved today."
              : "Nothing written yet."}
        </p>
      )}
      {entries !== undefined && entries.length > 0 && (
        <>
          <p className="muted">{plural(entries.length, "entry", "entries")}</p>
          <ul className="rows journal-list">
            {entries.map((e) => (
              <Entry key={e.id} entry={e} own={e.authorId === me.id} />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function SharedResult({ shared, onClose }: { shared: Shared; onClose(): void }) {
  const [copied, setCopied] = useState(false);
  if ("path" in shared) {
    return (
      <p className="note" data-testid="journal-shared">
        Saved to <span className="path">{shared.path}</span>{" "}
        <button type="button" className="link-button" onClick={onClose}>
          Dismiss
        </button>
      </p>
    );
  }
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(shared.markdown);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="journal-summary-heading">
      <div className="section-header">
        <h2 id="journal-summary-heading">Summary to share</h2>
        <span className="form-actions">
          <button type="button" data-testid="journal-copy" onClick={() => void copy()}>
            {copied ? "Copied" : "Copy"}
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </span>
      </div>
      <textarea className="journal-markdown" data-testid="journal-markdown" readOnly value={shared.markdown} aria-label="The summary, in Markdown" />
    </section>
  );
}

const ALL_LAUNCHES = {};

/** What an entry can be about: my delegated items and the launches I own ("d:<id>", "l:<id>"). */
function useSubjects(): { value: string; label: string }[] {
  const me = useQuery("workspace_get", NO_ARGS)?.me.id;
  const delegations = useQuery("delegation_list", me ? { toId: me, ended: true } : null);
  const launches = useQuery("launch_list", ALL_LAUNCHES);
  return [
    ...(delegations ?? []).map((d) => ({ value: `d:${d.id}`, label: `Delegation: ${d.itemTitle}` })),
    ...(launches ?? []).filter((l) => l.ownerId === me).map((l) => ({ value: `l:${l.id}`, label: `Launch: ${l.itemTitle}` })),
  ];
}

function Composer() {
  const write = useWrite();
  const [kind, setKind] = useDraft<JournalKind>("journal.new.kind", "learning");
  const [body, setBody] = useDraft<string>("journal.new.body", "");
  const [about, setAbout] = useDraft<string>("journal.new.about", "");
  const [day, setDay] = useState(today);
  const subjects = useSubjects();

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (body.trim() === "") return;
    const link = about.startsWith("d:")
      ? { delegationId: about.slice(2) }
      : about.startsWith("l:")
        ? { launchId: about.slice(2) }
        : {};
    const added = await write((b) => b.call("journal_add", { kind, body: body.trim(), onDay: day || today(), ...link }));
    if (added) {
      setBody("");
      setAbout("");
      setDay(today());
    }
  };
  return (
    <form className="panel journal-composer" onSubmit={submit} aria-label="New journal entry">
      <textarea
        data-testid="journal-body"
        data-shortcut-new
        aria-label="What happened"
        placeholder="What did you learn, achieve or think over?"
        value={body}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void submit();
          }
        }}
      />
      <div className="planning-form">
        <label>
          <span>Kind</span>
          <select data-testid="journal-kind" value={kind} onChange={(e) => setKind(e.target.value as JournalKind)}>
            {JOURNAL_KINDS.map((k) => (
              <option key={k} value={k}>
                {JOURNAL_KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Day</span>
          <input type="date" data-testid="journal-day" value={day} onChange={(e) => setDay(e.target.value)} />
        </label>
        <label>
          <span>About</span>
          <select
            data-testid="journal-about"
            value={about}
            disabled={subjects.length === 0}
            title={subjects.length === 0 ? "Nothing delegated to you or launched by you yet" : "What the entry is about"}
            onChange={(e) => setAbout(e.target.value)}
          >
            <option value="">Nothing in particular</option>
            {subjects.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <button
          type="submit"
          className="primary"
          data-testid="journal-add"
          disabled={body.trim() === ""}
          title={body.trim() === "" ? "Write the entry first" : "Add it (Ctrl+Enter)"}
        >
          Add to journal
        </button>
      </div>
    </form>
  );
}

function Entry({ entry, own }: { entry: JournalEntryView; own: boolean }) {
  const write = useWrite();
  const [editing, setEditing] = useState<{ kind: JournalKind; body: string; onDay: string } | null>(null);
  const link = entry.storyTitle
    ? `Story: ${entry.storyTitle}`
    : entry.launchTitle
      ? `Launch: ${entry.launchTitle}`
      : entry.delegationTitle
        ? `Delegated item: ${entry.delegationTitle}`
        : null;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!editing || editing.body.trim() === "") return;
    const saved = await write((b) =>
      b.call("journal_update", { id: entry.id, kind: editing.kind, body: editing.body.trim(), onDay: editing.onDay }),
    );
    if (saved) setEditing(null);
  };

  return (
    <li className="journal-entry" data-testid="journal-entry">
      <div className="journal-entry-head">
        <span className="mono">{entry.onDay}</span>
        <span className={`tag kind-tag ${entry.kind}`}>{JOURNAL_KIND_LABEL[entry.kind]}</span>
        {link && <span className="muted">{link}</span>}
        <span className="spacer" />
        {own && !editing && (
          <>
            <button
              type="button"
              className="link-button"
              data-testid="journal-edit"
              onClick={() => setEditing({ kind: entry.kind, body: entry.body, onDay: entry.onDay })}
            >
              Edit
            </button>
            <button
              type="button"
              className="link-button"
              data-testid="journal-remove"
              onClick={() => void write((b) => b.call("journal_remove", { id: entry.id }))}
            >
              Remove
            </button>
          </>
        )}
      </div>
      {editing ? (
        <form className="journal-composer" onSubmit={save} aria-label="Edit the entry">
          <textarea
            data-testid="journal-edit-body"
            aria-label="What happened"
            value={editing.body}
            onChange={(e) => setEditing({ ...editing, body: e.target.value })}
          />
          <div className="planning-form">
            <select
              aria-label="Kind"
              value={editing.kind}
              onChange={(e) => setEditing({ ...editing, kind: e.target.value as JournalKind })}
            >
              {JOURNAL_KINDS.map((k) => (
                <option key={k} value={k}>
                  {JOURNAL_KIND_LABEL[k]}
                </option>
              ))}
            </select>
            <input
              type="date"
              aria-label="Day"
              value={editing.onDay}
              onChange={(e) => setEditing({ ...editing, onDay: e.target.value })}
            />
            <button type="submit" className="primary" data-testid="journal-save" disabled={editing.body.trim() === ""}>
              Save
            </button>
            <button type="button" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="journal-entry-body" data-testid="journal-entry-body">
          {entry.body}
        </div>
      )}
    </li>
  );
}
