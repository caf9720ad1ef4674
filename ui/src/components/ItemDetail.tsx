import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import Markdown, { type Components } from "react-markdown";
import type { ChangeView } from "../bindings/ChangeView";
import type { Confidence } from "../bindings/Confidence";
import type { GuardrailKind } from "../bindings/GuardrailKind";
import type { GuardrailView } from "../bindings/GuardrailView";
import type { Horizon } from "../bindings/Horizon";
import type { ItemDetailView } from "../bindings/ItemDetailView";
import type { ItemUpdateReq } from "../bindings/ItemUpdateReq";
import type { ItemView } from "../bindings/ItemView";
import type { Status } from "../bindings/Status";
import { authorText, changeText } from "../changes";
import { ItemDelegation } from "./DelegateDialog";
import { isTyping } from "../keys";
import { HORIZON_OPTION } from "../labels";
import { useApp, useDraft, useQuery, useWrite } from "../state";
import {
  CONFIDENCES,
  CONFIDENCE_LABEL,
  GUARDRAIL_KINDS,
  GUARDRAIL_KIND_LABEL,
  STATUSES,
  STATUS_LABEL,
  periodsFor,
} from "../strategy";
import "../strategy.css";
import { relativeTime, useNow } from "../time";
import { ItemIdea } from "./IdeaParts";

const NO_ARGS = {};
const NO_NAMES: ReadonlyMap<string, string> = new Map();

/**
 * The side panel of one roadmap item: rename it, see what it serves and what serves it, set its
 * status, confidence, metric and impact, move it to another period, write its requirements, set
 * its guardrails (and read those it inherits), delete it, and read (and restore) every value its
 * fields held. Everything but the title is read with `item_get` when the panel opens.
 */
export function ItemDetail({
  item: listed,
  served = null,
  names = NO_NAMES,
  onClose,
  onDeleted,
}: {
  /** The item as listed by the page that opens the panel (shown until item_get answers). */
  item: ItemView;
  /** The title of what it serves as the page knows it, shown until item_get answers. */
  served?: string | null;
  /** Titles/names by id, for history rows about links. */
  names?: ReadonlyMap<string, string>;
  onClose(): void;
  onDeleted(item: ItemView): void;
}) {
  const panel = useRef<HTMLElement>(null);
  const remove = useWrite();
  const detail = useQuery("item_get", { id: listed.id });
  const products = useQuery("product_list", NO_ARGS);
  const item = detail?.item ?? listed;
  const product = products?.find((p) => p.id === item.productId);
  const canEdit = product?.canEdit ?? false;

  // History rows name links by title: what the page knows, plus this item's neighbours.
  const allNames = useMemo(() => {
    if (!detail) return names;
    const m = new Map(names);
    for (const a of detail.ancestors) m.set(a.id, a.title);
    for (const c of detail.children) m.set(c.id, c.title);
    if (detail.goal) m.set(detail.goal.id, detail.goal.title);
    for (const p of products ?? []) m.set(p.id, p.name);
    return m;
  }, [names, detail, products]);

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
  }, [listed.id]);

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
      {/* Only the body scrolls: WebKitGTK's overlay scrollbar takes clicks in a band along the
          scroller's edge, which would swallow the close button if the header scrolled too. */}
      <div className="detail-body">
      {canEdit ? (
        <TitleField item={item} />
      ) : (
        <h3 className="title-text" data-testid="item-detail-title">
          {item.title}
        </h3>
      )}
      <dl className="facts">
        <dt>Product</dt>
        <dd>{product?.name ?? <span className="muted">—</span>}</dd>
        <dt>Period</dt>
        <dd>
          {canEdit && product ? (
            <PeriodField item={item} baseYear={product.baseYear} />
          ) : (
            <>
              {item.period}
              {item.outsideWindow && <span className="warn-text"> (outside the planning window)</span>}
            </>
          )}
        </dd>
        <dt>Serves</dt>
        <dd data-testid="item-serves">
          <Serves item={item} detail={detail} served={served} />
        </dd>
        {canEdit && (
          <dd className="serves-move">
            <ServesField item={item} names={allNames} />
          </dd>
        )}
      </dl>
      <FieldsForm item={item} canEdit={canEdit} />
      {item.horizon === "one_year" && <ItemDelegation item={item} canEdit={canEdit} />}
      {detail && <Guardrails item={item} guardrails={detail.guardrails} canEdit={canEdit} />}
      {detail && <Requirements item={item} saved={detail.requirements} canEdit={canEdit} />}
      {detail && detail.children.length > 0 && <Children items={detail.children} />}
      <ItemIdea itemId={item.id} />
      {canEdit && (
        <div className="detail-actions">
          <button type="button" className="danger" data-testid="item-delete" onClick={del}>
            Delete
          </button>
        </div>
      )}
      <History item={item} names={allNames} canEdit={canEdit} />
      </div>
    </aside>
  );
}

/** What the item serves, nearest first, up to the organisation goal. */
function Serves({
  item,
  detail,
  served,
}: {
  item: ItemView;
  detail: ItemDetailView | undefined;
  served: string | null;
}) {
  if (item.orphan) {
    return <span className="warn-text">something deleted, perhaps on another laptop</span>;
  }
  if (!detail) return served === null ? <span className="muted">…</span> : <>{served}</>;
  if (detail.ancestors.length === 0 && detail.goal === null) {
    return (
      <span className="muted">
        nothing yet <span className="tag unaligned">unaligned</span>
      </span>
    );
  }
  return (
    <ol className="serves-chain">
      {detail.ancestors.map((a) => (
        <li key={a.id}>
          {a.title} <span className="muted">· {HORIZON_OPTION[a.horizon]}</span>
        </li>
      ))}
      {detail.goal && (
        <li className="serves-goal">
          <span className="muted">goal:</span> {detail.goal.title}
        </li>
      )}
    </ol>
  );
}

/**
 * A value just written and not read back yet: shown instead of `current` until `current` moves
 * off the value it had when the write started (the refreshed read arrived), so the old value
 * never flashes back in between. `hold` starts it; `release` drops it (a refused write).
 */
function usePending<T>(current: T): { shown: T; hold(to: T): void; release(): void } {
  const [pending, setPending] = useState<{ to: T; from: T } | null>(null);
  useEffect(() => {
    if (pending !== null && current !== pending.from) setPending(null);
  }, [current, pending]);
  const hold = useCallback((to: T) => setPending({ to, from: current }), [current]);
  const release = useCallback(() => setPending(null), []);
  const shown = pending !== null && current === pending.from ? pending.to : current;
  return { shown, hold, release };
}

/** The item's period: picking another moves it there (item_move). */
function PeriodField({ item, baseYear }: { item: ItemView; baseYear: number }) {
  const write = useWrite();
  const pending = usePending(item.period);
  const periods = periodsFor(item.horizon, baseYear);
  const move = async (period: string) => {
    if (period === item.period) return;
    pending.hold(period);
    const moved = await write((b) => b.call("item_move", { id: item.id, period }));
    if (!moved || moved.period === item.period) pending.release();
  };
  return (
    <label className="period-move">
      <span className="sr-only">Period</span>
      <select data-testid="item-period-move" value={pending.shown} onChange={(e) => void move(e.target.value)}>
        {!periods.includes(item.period) && (
          <option value={item.period}>{item.period} (outside the planning window)</option>
        )}
        {periods.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
      </select>
    </label>
  );
}

/** What an item on each horizon serves: a goal (themes) or an item of the next-longer horizon. */
const PARENT_HORIZON: Record<Horizon, Horizon | null> = {
  five_year: null,
  three_year: "five_year",
  one_year: "three_year",
};

/**
 * Re-links the item: a theme to another organisation goal, anything else to another item of the
 * next-longer horizon of its product (item_move). How an unaligned or orphaned item is fixed.
 */
function ServesField({ item, names }: { item: ItemView; names: ReadonlyMap<string, string> }) {
  const write = useWrite();
  const parentHorizon = PARENT_HORIZON[item.horizon];
  const goals = useQuery("goal_list", parentHorizon === null ? NO_ARGS : null);
  const items = useQuery(
    "item_list",
    parentHorizon !== null && item.productId !== null ? { productId: item.productId } : null,
  );
  const current = parentHorizon === null ? item.goalId : item.parentId;
  const pending = usePending(current ?? "");
  const options =
    parentHorizon === null
      ? (goals ?? []).map((g) => ({ id: g.id, label: g.title }))
      : (items ?? [])
          .filter((i) => i.horizon === parentHorizon && i.id !== item.id)
          .map((i) => ({ id: i.id, label: `${i.period} · ${i.title}` }));
  const listed = current !== null && options.some((o) => o.id === current);

  const link = async (to: string) => {
    if (to === "" || to === (current ?? "")) return;
    pending.hold(to);
    const moved = await write((b) =>
      b.call("item_move", parentHorizon === null ? { id: item.id, goalId: to } : { id: item.id, parentId: to }),
    );
    if (!moved || (parentHorizon === null ? moved.goalId : moved.parentId) === current) pending.release();
  };

  return (
    <label className="serves-move">
      <span className="sr-only">Change what it serves</span>
      <select
        data-testid="item-serves-select"
        title={parentHorizon === null ? "The organisation goal this theme serves" : "What this item serves"}
        value={pending.shown}
        onChange={(e) => void link(e.target.value)}
      >
        {current === null && (
          <option value="" disabled>
            — link it to {parentHorizon === null ? "a goal" : `a ${HORIZON_OPTION[parentHorizon]}`} —
          </option>
        )}
        {current !== null && !listed && (
          <option value={current} disabled>
            {item.orphan ? "something deleted" : (names.get(current) ?? "something not listed")}
          </option>
        )}
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

type Fields = { status?: Status; confidence?: Confidence; metric?: string; impact?: string };

/** Status, confidence, success metric and expected impact, saved together with one update. */
function FieldsForm({ item, canEdit }: { item: ItemView; canEdit: boolean }) {
  const write = useWrite();
  const { drafts } = useApp();
  const draftKey = `item.fields.${item.id}`;
  const [edits, setEdits] = useDraft<Fields>(draftKey, {});
  // A save that succeeded but whose refreshed item has not arrived yet: the edits stay shown
  // until then, so the old values never flash back.
  const [settling, setSettling] = useState<{ saved: Fields; before: Fields } | null>(null);
  useEffect(() => {
    if (settling === null) return;
    const keys = Object.keys(settling.saved) as (keyof Fields)[];
    // Still the values from before the save: the refreshed read is yet to come.
    if (keys.some((k) => item[k] === settling.before[k])) return;
    setSettling(null);
    // Forget what was saved; keep anything typed since.
    const rest: Fields = { ...edits };
    for (const k of keys) if (rest[k] === settling.saved[k]) delete rest[k];
    setEdits(rest);
  }, [item, settling, edits, setEdits]);
  const shown = {
    status: edits.status ?? item.status,
    confidence: edits.confidence ?? item.confidence,
    metric: edits.metric ?? item.metric,
    impact: edits.impact ?? item.impact,
  };
  const changed: Fields = {};
  if (shown.status !== item.status) changed.status = shown.status;
  if (shown.confidence !== item.confidence) changed.confidence = shown.confidence;
  if (shown.metric !== item.metric) changed.metric = shown.metric;
  if (shown.impact !== item.impact) changed.impact = shown.impact;
  const dirty = settling === null && Object.keys(changed).length > 0;

  if (!canEdit) {
    return (
      <dl className="facts" data-testid="item-fields">
        <dt>Status</dt>
        <dd>{STATUS_LABEL[item.status]}</dd>
        <dt>Confidence</dt>
        <dd>{CONFIDENCE_LABEL[item.confidence]}</dd>
        <dt>Metric</dt>
        <dd>{item.metric || <span className="muted">—</span>}</dd>
        <dt>Impact</dt>
        <dd>{item.impact || <span className="muted">—</span>}</dd>
      </dl>
    );
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!dirty) return;
    const req: ItemUpdateReq = { id: item.id, ...changed };
    const before: Fields = {
      status: item.status,
      confidence: item.confidence,
      metric: item.metric,
      impact: item.impact,
    };
    const saved = await write((b) => b.call("item_update", req));
    if (saved) {
      // Saved: nothing to keep should the panel close before the refreshed item arrives.
      drafts.delete(draftKey);
      setSettling({ saved: changed, before });
    }
  };

  return (
    <form className="item-fields" data-testid="item-fields" onSubmit={submit} aria-label="Status and measures">
      <label>
        <span>Status</span>
        <select
          data-testid="item-status"
          value={shown.status}
          onChange={(e) => setEdits({ ...edits, status: e.target.value as Status })}
        >
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABEL[s]}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Confidence</span>
        <select
          data-testid="item-confidence"
          value={shown.confidence}
          onChange={(e) => setEdits({ ...edits, confidence: e.target.value as Confidence })}
        >
          {CONFIDENCES.map((c) => (
            <option key={c} value={c}>
              {CONFIDENCE_LABEL[c]}
            </option>
          ))}
        </select>
      </label>
      <label className="wide">
        <span>Success metric</span>
        <input
          data-testid="item-metric"
          placeholder="How success is measured, e.g. 30% of checkouts use a wallet"
          value={shown.metric}
          onChange={(e) => setEdits({ ...edits, metric: e.target.value })}
        />
      </label>
      <label className="wide">
        <span>Expected impact</span>
        <input
          data-testid="item-impact"
          placeholder="Revenue or business impact, e.g. +2% conversion"
          value={shown.impact}
          onChange={(e) => setEdits({ ...edits, impact: e.target.value })}
        />
      </label>
      <div className="wide form-actions">
        <button type="submit" data-testid="item-fields-save" disabled={!dirty}>
          Save
        </button>
        {dirty && (
          <button type="button" className="link-button muted" onClick={() => setEdits({})}>
            Revert
          </button>
        )}
      </div>
    </form>
  );
}

/** Links would navigate the app's window away and images would load from outside: neither. */
export const MARKDOWN_COMPONENTS: Components = {
  // The preview sits under the panel's own headings (h2 title, h3 sections): its headings start
  // at h4, so `# x` does not outrank the panel it is shown in.
  h1: ({ children }) => <h4>{children}</h4>,
  h2: ({ children }) => <h5>{children}</h5>,
  h3: ({ children }) => <h6>{children}</h6>,
  h4: ({ children }) => <h6>{children}</h6>,
  h5: ({ children }) => <h6>{children}</h6>,
  h6: ({ children }) => <h6>{children}</h6>,
  a: ({ href, children }) => (
    <span className="md-link" title={href}>
      {children}
    </span>
  ),
  img: ({ alt }) => <span className="muted">[image{alt ? `: ${alt}` : ""}]</span>,
};

/** One Markdown document per item: written in Edit, read in Preview. */
function Requirements({ item, saved, canEdit }: { item: ItemView; saved: string; canEdit: boolean }) {
  const write = useWrite();
  const [draft, setDraft] = useDraft<string | null>(`item.requirements.${item.id}`, null);
  const [tab, setTab] = useState<"edit" | "preview" | null>(null);
  // Saved, until the refreshed requirements arrive: the draft stays shown meanwhile.
  const [settling, setSettling] = useState<string | null>(null);
  useEffect(() => {
    if (settling === null || saved === settling) return;
    setSettling(null);
    setDraft(null);
  }, [saved, settling, setDraft]);
  const text = draft ?? saved;
  const dirty = settling === null && draft !== null && draft !== saved;
  const shown = !canEdit ? "preview" : (tab ?? (saved.trim() !== "" ? "preview" : "edit"));

  const save = async () => {
    if (draft === null) return;
    const before = saved;
    const done = await write((b) => b.call("item_update", { id: item.id, requirements: draft }));
    if (done) {
      if (draft.trim() === before.trim()) setDraft(null);
      else setSettling(before);
      if (draft.trim() !== "") setTab("preview");
    }
  };

  return (
    <section className="requirements" aria-labelledby="requirements-heading">
      <div className="section-header">
        <h3 id="requirements-heading">Requirements</h3>
        {canEdit && (
          <div className="tabs" role="group" aria-label="Requirements view">
            <button
              type="button"
              data-testid="requirements-tab-edit"
              aria-pressed={shown === "edit"}
              onClick={() => setTab("edit")}
            >
              Edit
            </button>
            <button
              type="button"
              data-testid="requirements-tab-preview"
              aria-pressed={shown === "preview"}
              onClick={() => setTab("preview")}
            >
              Preview
            </button>
          </div>
        )}
      </div>
      {shown === "edit" ? (
        <label className="requirements-field">
          <span className="sr-only">Requirements (Markdown)</span>
          <textarea
            data-testid="requirements-edit"
            rows={10}
            spellCheck
            placeholder={"# Problem\n\nWho needs this and why.\n\n## Must have\n- …"}
            value={text}
            onChange={(e) => setDraft(e.target.value)}
          />
        </label>
      ) : (
        <div className="markdown" data-testid="requirements-preview">
          {text.trim() === "" ? (
            <p className="empty">No requirements written yet.</p>
          ) : (
            <Markdown components={MARKDOWN_COMPONENTS}>{text}</Markdown>
          )}
        </div>
      )}
      {canEdit && (
        <div className="form-actions">
          <button type="button" data-testid="requirements-save" disabled={!dirty} onClick={() => void save()}>
            Save requirements
          </button>
          {dirty && <span className="muted">Unsaved changes · Markdown</span>}
          {dirty && (
            <button type="button" className="link-button muted" onClick={() => setDraft(null)}>
              Revert
            </button>
          )}
        </div>
      )}
    </section>
  );
}

/** Own guardrails (editable) and those inherited from every ancestor, with where they come from. */
function Guardrails({
  item,
  guardrails,
  canEdit,
}: {
  item: ItemView;
  guardrails: GuardrailView[];
  canEdit: boolean;
}) {
  return (
    <section className="guardrails" aria-labelledby="guardrails-heading">
      <h3 id="guardrails-heading">Guardrails</h3>
      {guardrails.length === 0 ? (
        <p className="empty">No guardrails{canEdit ? " yet: add the limits this work must respect" : ""}.</p>
      ) : (
        <ul className="rows">
          {guardrails.map((g) => (
            <GuardrailRow key={g.id} guardrail={g} canEdit={canEdit && !g.inherited} />
          ))}
        </ul>
      )}
      {canEdit && <AddGuardrailForm itemId={item.id} />}
    </section>
  );
}

function GuardrailRow({ guardrail: g, canEdit }: { guardrail: GuardrailView; canEdit: boolean }) {
  const write = useWrite();
  const [editing, setEditing] = useState(false);
  const [kind, setKind] = useState<GuardrailKind>(g.kind);
  const [statement, setStatement] = useState(g.statement);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const req: { id: string; kind?: GuardrailKind; statement?: string } = { id: g.id };
    if (kind !== g.kind) req.kind = kind;
    if (statement !== g.statement) req.statement = statement;
    if (req.kind === undefined && req.statement === undefined) {
      setEditing(false);
      return;
    }
    const done = await write((b) => b.call("guardrail_update", req));
    if (done) setEditing(false);
  };

  if (editing) {
    return (
      <li className="row guardrail-row editing" data-testid="guardrail-row" data-inherited="false">
        <form className="guardrail-form" onSubmit={save} aria-label="Edit guardrail">
          <KindSelect testid="guardrail-edit-kind" value={kind} onChange={setKind} />
          <input
            data-testid="guardrail-edit-statement"
            aria-label="Guardrail statement"
            className="grow"
            value={statement}
            onChange={(e) => setStatement(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape") {
                e.preventDefault();
                setEditing(false);
              }
            }}
          />
          <button type="submit" data-testid="guardrail-edit-save">
            Save
          </button>
          <button type="button" className="link-button muted" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      </li>
    );
  }

  return (
    <li
      className={g.inherited ? "row guardrail-row inherited" : "row guardrail-row"}
      data-testid="guardrail-row"
      data-inherited={g.inherited ? "true" : "false"}
    >
      <span className="guardrail-text">
        <span className={`tag kind kind-${g.kind}`}>{GUARDRAIL_KIND_LABEL[g.kind]}</span> {g.statement}
        {g.inherited && (
          <span className="muted guardrail-source" data-testid="guardrail-source">
            {" "}
            from {g.itemTitle}
          </span>
        )}
      </span>
      {canEdit && (
        <span className="row-actions">
          <button
            type="button"
            className="link-button muted"
            data-testid="guardrail-edit"
            onClick={() => {
              setKind(g.kind);
              setStatement(g.statement);
              setEditing(true);
            }}
          >
            Edit
          </button>
          <button
            type="button"
            className="icon-button"
            data-testid="guardrail-delete"
            aria-label={`Delete guardrail: ${g.statement}`}
            title="Delete guardrail"
            onClick={() => void write((b) => b.call("guardrail_delete", { id: g.id }))}
          >
            ×
          </button>
        </span>
      )}
    </li>
  );
}

function KindSelect({
  testid,
  value,
  onChange,
}: {
  testid: string;
  value: GuardrailKind;
  onChange(kind: GuardrailKind): void;
}) {
  return (
    <select
      data-testid={testid}
      aria-label="Guardrail kind"
      value={value}
      onChange={(e) => onChange(e.target.value as GuardrailKind)}
    >
      {GUARDRAIL_KINDS.map((k) => (
        <option key={k} value={k}>
          {GUARDRAIL_KIND_LABEL[k]}
        </option>
      ))}
    </select>
  );
}

function AddGuardrailForm({ itemId }: { itemId: string }) {
  const write = useWrite();
  const [kind, setKind] = useDraft<GuardrailKind>(`guardrail.kind.${itemId}`, "scope");
  const [statement, setStatement] = useDraft(`guardrail.statement.${itemId}`, "");
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const added = await write((b) => b.call("guardrail_add", { itemId, kind, statement }));
    if (added) setStatement("");
  };
  return (
    <form className="guardrail-form" onSubmit={submit} aria-label="Add guardrail">
      <KindSelect testid="guardrail-kind" value={kind} onChange={setKind} />
      <input
        data-testid="guardrail-statement"
        aria-label="New guardrail"
        className="grow"
        placeholder="e.g. No new payment provider contracts"
        value={statement}
        onChange={(e) => setStatement(e.target.value)}
      />
      <button type="submit" data-testid="guardrail-add">
        Add
      </button>
    </form>
  );
}

/** The items serving this one directly. */
function Children({ items }: { items: ItemView[] }) {
  return (
    <section className="children" aria-labelledby="children-heading">
      <h3 id="children-heading">Served by</h3>
      <ul className="rows">
        {items.map((c) => (
          <li key={c.id} className="row" data-testid="item-child">
            <span>
              {c.title} <span className="muted">· {c.period} · {STATUS_LABEL[c.status] ?? c.status}</span>
            </span>
          </li>
        ))}
      </ul>
    </section>
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

function History({
  item,
  names,
  canEdit,
}: {
  item: ItemView;
  names: ReadonlyMap<string, string>;
  /** Restoring is an edit: readers see the history without Restore. */
  canEdit: boolean;
}) {
  const history = useQuery("history_list", { entityId: item.id });
  const now = useNow();
  return (
    <section className="history" aria-labelledby="history-heading">
      <h3 id="history-heading">History</h3>
      {history !== undefined && (
        <ul className="rows">
          {history.map((change) => (
            <HistoryRow key={change.opId} change={change} names={names} now={now} canEdit={canEdit} />
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
  canEdit,
}: {
  change: ChangeView;
  names: ReadonlyMap<string, string>;
  now: number;
  canEdit: boolean;
}) {
  const write = useWrite();
  return (
    <li className={change.current ? "row history-row current" : "row history-row"} data-testid="history-row">
      <span>
        {authorText(change)} {changeText(change, names)}
        <span className="muted"> · {relativeTime(change.atMs, now)}</span>
        {change.current && <span className="muted"> (current)</span>}
      </span>
      {/* The core says what may be restored; a deletion is undone with its own Undo instead. */}
      {canEdit && !change.current && change.restorable && change.field !== "deleted" && (
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
