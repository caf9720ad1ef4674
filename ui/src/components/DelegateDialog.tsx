import { useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import type { BriefReq } from "../bindings/BriefReq";
import type { ItemView } from "../bindings/ItemView";
import { DELEGATION_STATE_LABEL, useNav } from "../delegation";
import { useApp, useDraft, useQuery, useWrite } from "../state";
import "../delegation.css";

const NO_ARGS = {};
const EMPTY_BRIEF: BriefValues = { scope: "", nonGoals: "", decisions: "", due: "", cadence: "7" };

/**
 * A one-year item's delegation in its side panel: who has it and how far its stories are
 * ("Jo Chen · 2/5 stories done", with a link to the delegated item), or — for those who may
 * edit the item — "Delegate…", a dialog offering it to a junior PM with a brief.
 */
export function ItemDelegation({ item, canEdit }: { item: ItemView; canEdit: boolean }) {
  const list = useQuery("delegation_list", { itemId: item.id });
  const open = list?.[0] ?? null;
  const detail = useQuery("delegation_get", open ? { id: open.id } : null);
  const nav = useNav();
  const [dialog, setDialog] = useState(false);
  const button = useRef<HTMLButtonElement>(null);

  if (list === undefined) return null;
  if (open) {
    const stories = detail?.stories ?? [];
    const done = stories.filter((s) => s.status === "done").length;
    return (
      <section className="item-delegation" aria-labelledby="item-delegation-heading" data-testid="item-delegation">
        <h3 id="item-delegation-heading">Delegation</h3>
        <p>
          <span data-testid="item-delegated-to">
            {open.toName}
            {detail ? ` · ${done}/${stories.length} stories done` : ""}
          </span>{" "}
          <span className={`tag state-${open.state}`}>{DELEGATION_STATE_LABEL[open.state]}</span>{" "}
          {nav && (
            <button
              type="button"
              className="link-button"
              data-testid="item-delegation-open"
              onClick={() => nav.openDelegation(open.id)}
            >
              Open delegated item
            </button>
          )}
        </p>
      </section>
    );
  }
  if (!canEdit) return null;
  return (
    <section className="item-delegation" aria-label="Delegation">
      {dialog ? (
        <DelegateDialog
          item={item}
          onClose={() => {
            setDialog(false);
            requestAnimationFrame(() => button.current?.focus());
          }}
        />
      ) : (
        <button ref={button} type="button" data-testid="item-delegate" onClick={() => setDialog(true)}>
          Delegate…
        </button>
      )}
    </section>
  );
}

/** Offers the item to a junior PM with a brief (the core says whether I may, and to whom). */
function DelegateDialog({ item, onClose }: { item: ItemView; onClose(): void }) {
  const write = useWrite();
  const { drafts } = useApp();
  const members = useQuery("member_list", NO_ARGS);
  const me = useQuery("workspace_get", NO_ARGS)?.me;
  const juniors = useMemo(
    () =>
      (members ?? [])
        .filter((m) => m.role === "junior")
        // My own reports first; the core decides whom I may delegate to.
        .sort((a, b) => Number(b.managerId === me?.id) - Number(a.managerId === me?.id) || a.name.localeCompare(b.name)),
    [members, me],
  );
  const key = `delegate.${item.id}`;
  const [brief, setBrief] = useDraft<BriefValues>(`${key}.brief`, EMPTY_BRIEF);
  const [chosen, setChosen] = useDraft(`${key}.to`, "");
  const toId = juniors.some((j) => j.id === chosen) ? chosen : (juniors[0]?.id ?? "");

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const req: BriefReq = { scope: brief.scope, nonGoals: brief.nonGoals, decisions: brief.decisions };
    if (brief.due !== "") req.due = brief.due;
    if (brief.cadence.trim() !== "") req.cadenceDays = Number(brief.cadence);
    const offered = await write((b) => b.call("delegate_offer", { itemId: item.id, toId, brief: req }));
    if (offered) {
      drafts.delete(`${key}.brief`);
      drafts.delete(`${key}.to`);
      onClose();
    }
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === "Escape") {
      // Closes the dialog, not the panel around it.
      e.preventDefault();
      onClose();
    }
  };

  return (
    <div
      className="delegate-dialog"
      role="dialog"
      aria-labelledby="delegate-heading"
      data-testid="delegate-dialog"
      onKeyDown={onKey}
    >
      <h3 id="delegate-heading">Delegate {item.title}</h3>
      <form className="brief-form" onSubmit={submit} aria-label={`Delegate ${item.title}`}>
        <label className="delegate-to">
          <span>To</span>
          <select
            data-testid="delegate-to"
            autoFocus
            value={toId}
            onChange={(e) => setChosen(e.target.value)}
          >
            {juniors.length === 0 && <option value="">— no junior PM in the workspace —</option>}
            {juniors.map((j) => (
              <option key={j.id} value={j.id}>
                {j.name}
                {j.managerId === me?.id ? " (reports to you)" : ""}
              </option>
            ))}
          </select>
        </label>
        <BriefFields value={brief} onChange={(next) => setBrief({ ...brief, ...next })} prefix="delegate" />
        <div className="form-actions">
          <button type="submit" className="primary" data-testid="delegate-offer">
            Offer
          </button>
          <button type="button" className="link-button muted" data-testid="delegate-cancel" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}

export interface BriefValues {
  scope: string;
  nonGoals: string;
  decisions: string;
  due: string;
  cadence: string;
}

/** The brief's fields, for the offer (Delegate…) and the amendment. */
export function BriefFields({
  value,
  onChange,
  prefix,
}: {
  value: BriefValues;
  onChange(next: Partial<BriefValues>): void;
  /** The testids' prefix: `${prefix}-scope`, … */
  prefix: string;
}) {
  return (
    <div className="brief-fields">
      <label className="wide">
        <span>Scope</span>
        <textarea
          rows={3}
          data-testid={`${prefix}-scope`}
          placeholder="What the work covers and what done looks like"
          value={value.scope}
          onChange={(e) => onChange({ scope: e.target.value })}
        />
      </label>
      <label className="wide">
        <span>Non-goals</span>
        <textarea
          rows={2}
          data-testid={`${prefix}-non-goals`}
          placeholder="What it does not cover"
          value={value.nonGoals}
          onChange={(e) => onChange({ nonGoals: e.target.value })}
        />
      </label>
      <label className="wide">
        <span>Decision rights</span>
        <textarea
          rows={2}
          data-testid={`${prefix}-decisions`}
          placeholder="What they decide alone, and what needs you"
          value={value.decisions}
          onChange={(e) => onChange({ decisions: e.target.value })}
        />
      </label>
      <label>
        <span>Due</span>
        <input
          type="date"
          data-testid={`${prefix}-due`}
          value={value.due}
          onChange={(e) => onChange({ due: e.target.value })}
        />
      </label>
      <label>
        <span>Check-in every (days; 0 for none)</span>
        <input
          type="number"
          data-testid={`${prefix}-cadence`}
          value={value.cadence}
          onChange={(e) => onChange({ cadence: e.target.value })}
        />
      </label>
    </div>
  );
}

