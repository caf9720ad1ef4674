import { useState } from "react";
import type { LaunchView } from "../bindings/LaunchView";
import { LAUNCH_STATUS_LABEL } from "../planning";
import { useQuery, useWrite } from "../state";
import { ChecklistEntryForm } from "./ChecklistEntryForm";

const NO_ARGS = {};

/** One launch: its status, date, owner, notes, checklist, and marking it launched. */
export function LaunchDetail({ id, onGone }: { id: string; onGone(): void }) {
  const launch = useQuery("launch_get", { id });
  if (launch === undefined) return <section className="panel launch-detail" data-testid="launch-detail" aria-busy="true" />;
  return <Detail launch={launch} onGone={onGone} />;
}

function Detail({ launch, onGone }: { launch: LaunchView; onGone(): void }) {
  const write = useWrite();
  // Notes save on blur, which comes first when the next click is "Mark launched": a writer of
  // their own, so that click is not dropped while the notes are being saved.
  const writeNotes = useWrite();
  const members = useQuery("member_list", launch.canSetUp ? NO_ARGS : null);
  const planned = launch.status === "planned";
  const canRun = launch.canRun && planned;
  const runWhy = !launch.canRun
    ? "Only the launch's owner or the product's owner may run it"
    : !planned
      ? `The launch is ${LAUNCH_STATUS_LABEL[launch.status].toLowerCase()}`
      : undefined;
  const openMandatory = launch.checklist.filter((e) => e.mandatory && !e.done).length;
  const [notes, setNotes] = useState<string | null>(null);
  const [anyway, setAnyway] = useState("");
  const [cancelling, setCancelling] = useState(false);

  const update = (req: { targetOn?: string; notes?: string; ownerId?: string }) =>
    write((b) => b.call("launch_update", { id: launch.id, ...req }));
  const saveNotes = async () => {
    if (notes === null || notes === launch.notes) return setNotes(null);
    if (await writeNotes((b) => b.call("launch_update", { id: launch.id, notes }))) setNotes(null);
  };
  const mark = async () => {
    const reason = anyway.trim();
    const done = await write((b) =>
      b.call("launch_mark", openMandatory > 0 && reason !== "" ? { id: launch.id, anyway: reason } : { id: launch.id }),
    );
    if (done) setAnyway("");
  };
  const cancel = async () => {
    if (await write((b) => b.call("launch_cancel", { id: launch.id }))) onGone();
  };

  return (
    <section className="panel launch-detail" data-testid="launch-detail" aria-labelledby="launch-heading">
      <div className="section-header">
        <h2 id="launch-heading">{launch.itemTitle}</h2>
        <span className={`tag status-tag ${launch.status}`} data-testid="launch-status">
          {LAUNCH_STATUS_LABEL[launch.status]}
        </span>
      </div>
      <p className="muted">
        {launch.productName}
        {launch.overdue ? " · overdue: its date has passed with entries open" : ""}
      </p>
      <div className="planning-form">
        <label>
          <span>Target date</span>
          <input
            type="date"
            data-testid="launch-target"
            value={launch.targetOn}
            disabled={!launch.canSetUp || !planned}
            title={!launch.canSetUp ? "Only the product's owner may move the date" : undefined}
            onChange={(e) => e.target.value && void update({ targetOn: e.target.value })}
          />
        </label>
        <label>
          <span>Owner</span>
          {launch.canSetUp && members ? (
            <select
              data-testid="launch-owner"
              value={launch.ownerId}
              disabled={!planned}
              onChange={(e) => void update({ ownerId: e.target.value })}
            >
              {members.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          ) : (
            <span className="launch-owner-name">{launch.ownerName}</span>
          )}
        </label>
      </div>
      {launch.status === "launched" && (
        <p>
          Launched on {new Date(launch.launchedMs).toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" })}.
        </p>
      )}
      {launch.overrideReason && (
        <p className="override" data-testid="launch-override">
          Launched with mandatory entries open: {launch.overrideReason}
        </p>
      )}
      <h3>Checklist</h3>
      {launch.checklist.length === 0 && <p className="empty">No entry yet: add what must be done before it goes live.</p>}
      <ul className="checklist">
        {launch.checklist.map((e) => (
          <li key={e.id} data-testid="launch-entry">
            <label>
              <input
                type="checkbox"
                data-testid="launch-entry-check"
                checked={e.done}
                disabled={!canRun}
                title={runWhy}
                onChange={(ev) => void write((b) => b.call("launch_entry_set", { id: e.id, done: ev.target.checked }))}
              />
              <span className={e.done ? "done-text" : undefined}>{e.text}</span>
              {e.mandatory && <span className="muted">(mandatory)</span>}
            </label>
            {canRun && (
              <button
                type="button"
                className="icon-button"
                data-testid="launch-entry-remove"
                aria-label={`Remove “${e.text}”`}
                title="Take it off this launch's checklist"
                onClick={() => void write((b) => b.call("launch_entry_set", { id: e.id, remove: true }))}
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {canRun && (
        <ChecklistEntryForm
          testid="launch-entry"
          what="checklist entry"
          onAdd={(text, mandatory) => write((b) => b.call("launch_entry_add", { launchId: launch.id, text, mandatory }))}
        />
      )}
      <label className="planning-form">
        <span>Notes</span>
        <textarea
          data-testid="launch-notes"
          rows={3}
          value={notes ?? launch.notes}
          disabled={!launch.canRun}
          title={!launch.canRun ? "Only the launch's owner or the product's owner may write its notes" : undefined}
          placeholder={launch.canRun ? "Links, decisions, who to call on the day…" : ""}
          onChange={(e) => setNotes(e.target.value)}
          onBlur={() => void saveNotes()}
        />
      </label>
      {planned && (
        <>
          {openMandatory > 0 && canRun && (
            <label className="anyway">
              <span>Launching anyway? Say why</span>
              <textarea
                data-testid="launch-anyway"
                rows={2}
                value={anyway}
                onChange={(e) => setAnyway(e.target.value)}
              />
            </label>
          )}
          <div className="form-actions">
            <button
              type="button"
              className="primary"
              data-testid="launch-mark"
              disabled={!canRun}
              title={runWhy ?? (openMandatory > 0 ? `${openMandatory} mandatory entries still open` : "Mark it launched")}
              onClick={() => void mark()}
            >
              Mark launched
            </button>
            {launch.canSetUp &&
              (cancelling ? (
                <>
                  <button type="button" className="danger" data-testid="launch-cancel-confirm" onClick={() => void cancel()}>
                    Yes, cancel the launch
                  </button>
                  <button type="button" onClick={() => setCancelling(false)}>
                    Keep it
                  </button>
                </>
              ) : (
                <button type="button" data-testid="launch-cancel" onClick={() => setCancelling(true)}>
                  Cancel launch…
                </button>
              ))}
          </div>
        </>
      )}
    </section>
  );
}
