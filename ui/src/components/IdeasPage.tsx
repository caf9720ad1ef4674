import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import type { EvidenceKind } from "../bindings/EvidenceKind";
import type { Horizon } from "../bindings/Horizon";
import type { IdeaDetailView } from "../bindings/IdeaDetailView";
import type { IdeaView } from "../bindings/IdeaView";
import type { Impact } from "../bindings/Impact";
import type { ProductView } from "../bindings/ProductView";
import {
  columnOf,
  COLUMNS,
  EVIDENCE_KINDS,
  EVIDENCE_LABEL,
  evidenceTotal,
  IMPACT_LABEL,
  IMPACTS,
  OUTCOME_LABEL,
  STAGE_LABEL,
  type Column,
} from "../ideas";
import { isTyping } from "../keys";
import { HORIZON_OPTION, HORIZONS, PERIOD_PLACEHOLDER } from "../labels";
import { useShownMark } from "../marks";
import { useDraft, useQuery, useWrite } from "../state";
import { plural } from "../time";
import { DecisionRecord, EvidenceLine, FeedbackEvidence, Labelled } from "./IdeaParts";
import "../ideas.css";

const NO_ARGS = {};

const COLUMN_LABEL: Record<Column, string> = {
  draft: "Draft",
  sponsored: "Sponsored",
  submitted: "Submitted",
  decided: "Decided",
};

/**
 * The ideas pipeline: a column per stage (draft → sponsored → submitted → decided), each card
 * with its RICE score and how much evidence backs it. A card opens the idea beside the board:
 * its problem, proposal, evidence, the RICE arithmetic, its decisions, and the steps the core
 * says I may take now.
 */
export function IdeasPage({ openId = null }: { openId?: string | null }) {
  const ideas = useQuery("idea_list", NO_ARGS);
  const queue = useQuery("idea_queue", NO_ARGS);
  const products = useQuery("product_list", NO_ARGS);
  useShownMark("ideas", ideas !== undefined);
  const [open, setOpen] = useState<string | null>(openId);
  useEffect(() => {
    if (openId) setOpen(openId);
  }, [openId]);
  const close = useCallback(() => setOpen(null), []);

  const waiting = queue ? [...queue.toSponsor, ...queue.returned, ...queue.toPlace] : [];

  return (
    <div className={`ideas-page ideas${open ? " with-detail" : ""}`} data-testid="ideas-page">
      <div className="ideas-main">
        <header className="page-header">
          <h1>Ideas</h1>
          <p className="muted">Ideas backed by evidence, from draft to leadership’s decision.</p>
        </header>
        <NewIdea products={products} onAdded={setOpen} />
        {waiting.length > 0 && queue && (
          <section className="panel" aria-labelledby="ideas-waiting-heading" data-testid="ideas-waiting">
            <h2 id="ideas-waiting-heading">Waiting on you</h2>
            <ul className="rows">
              {queue.toSponsor.map((i) => (
                <WaitingRow key={`s${i.id}`} idea={i} why="to sponsor or return" onOpen={setOpen} />
              ))}
              {queue.returned.map((i) => (
                <WaitingRow key={`r${i.id}`} idea={i} why={`returned: “${i.returnNote}”`} onOpen={setOpen} />
              ))}
              {queue.toPlace.map((i) => (
                <WaitingRow key={`p${i.id}`} idea={i} why="go-ahead: place it on the roadmap" onOpen={setOpen} />
              ))}
            </ul>
          </section>
        )}
        {ideas !== undefined && (
          <div className="pipeline" data-testid="pipeline">
            {COLUMNS.map((c) => {
              const inColumn = ideas.filter((i) => columnOf(i.stage) === c);
              return (
                <section key={c} className="pipeline-column" aria-labelledby={`col-${c}`} data-testid={`column-${c}`}>
                  <h2 id={`col-${c}`}>
                    {COLUMN_LABEL[c]} <span className="count">{inColumn.length}</span>
                  </h2>
                  <ul>
                    {inColumn.map((i) => (
                      <IdeaCard key={i.id} idea={i} open={open === i.id} onOpen={setOpen} />
                    ))}
                  </ul>
                </section>
              );
            })}
          </div>
        )}
      </div>
      {open && <IdeaPanel key={open} id={open} products={products} onClose={close} />}
    </div>
  );
}

function WaitingRow({ idea, why, onOpen }: { idea: IdeaView; why: string; onOpen(id: string): void }) {
  return (
    <li className="row" data-testid="ideas-waiting-row">
      <span>
        <button type="button" className="link-button" onClick={() => onOpen(idea.id)}>
          {idea.title}
        </button>
        <span className="muted"> · {why}</span>
      </span>
    </li>
  );
}

function IdeaCard({ idea: i, open, onOpen }: { idea: IdeaView; open: boolean; onOpen(id: string): void }) {
  const evidence = evidenceTotal(i);
  return (
    <li>
      <button
        type="button"
        className={`idea-card${open ? " open" : ""}`}
        data-testid="idea-card"
        data-idea-id={i.id}
        aria-pressed={open}
        onClick={() => onOpen(i.id)}
      >
        <span className="idea-title">{i.title}</span>
        <span className="idea-facts muted">
          {i.productName ?? "No product"} · {i.proposerName}
        </span>
        <span className="idea-facts">
          <span className="score" data-testid="idea-score" title={i.scoreText}>
            RICE {i.score === null ? "—" : i.score}
          </span>
          <span className="muted" data-testid="idea-evidence-count">
            {plural(evidence, "piece of evidence", "pieces of evidence")}
          </span>
        </span>
        {(i.stage === "awaiting_sponsor" || i.stage === "returned") && <span className="tag">{STAGE_LABEL[i.stage]}</span>}
        {i.outcome && (
          <span className={`tag outcome-${i.outcome}`}>
            {OUTCOME_LABEL[i.outcome]}
            {i.itemId ? " · on the roadmap" : ""}
          </span>
        )}
      </button>
    </li>
  );
}

function NewIdea({ products, onAdded }: { products: ProductView[] | undefined; onAdded(id: string): void }) {
  const write = useWrite();
  const [title, setTitle] = useDraft("idea.new.title", "");
  const [productId, setProductId] = useDraft("idea.new.product", "");
  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) return;
    const idea = await write((b) =>
      b.call("idea_add", { title: title.trim(), ...(productId ? { productId } : {}) }),
    );
    if (idea) {
      setTitle("");
      onAdded(idea.id);
    }
  };
  return (
    <form className="inline-form new-idea" onSubmit={add} aria-label="New idea">
      <input
        className="grow"
        data-shortcut-new
        data-testid="idea-new-title"
        aria-label="New idea"
        placeholder="New idea: a short title (N)"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
      />
      <select aria-label="Product" data-testid="idea-new-product" value={productId} onChange={(e) => setProductId(e.target.value)}>
        <option value="">No product yet</option>
        {(products ?? []).map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <button type="submit" className="primary" data-testid="idea-new-add" disabled={!title.trim()}>
        Add idea
      </button>
    </form>
  );
}

/** One idea, beside the board. Escape closes it. */
function IdeaPanel({ id, products, onClose }: { id: string; products: ProductView[] | undefined; onClose(): void }) {
  const detail = useQuery("idea_get", { id });
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== "Escape" || e.defaultPrevented) return;
      if (isTyping(e.target)) return;
      onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  useEffect(() => panel.current?.focus(), []);

  return (
    <aside className="idea-detail" data-testid="idea-detail" aria-label="Idea" ref={panel} tabIndex={-1}>
      <header className="detail-header">
        <h2>{detail ? STAGE_LABEL[detail.idea.stage] : "Idea"}</h2>
        <button type="button" className="icon-button" aria-label="Close idea" title="Close (Esc)" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="detail-body">{detail && <IdeaBody detail={detail} products={products} />}</div>
    </aside>
  );
}

function IdeaBody({ detail, products }: { detail: IdeaDetailView; products: ProductView[] | undefined }) {
  const { idea, can } = detail;
  return (
    <>
      {can.edit ? (
        <TextField id={idea.id} field="title" label="Title" value={idea.title} />
      ) : (
        <h3 className="title-text" data-testid="idea-title">
          {idea.title}
        </h3>
      )}
      <dl className="facts">
        <dt>Product</dt>
        <dd>{can.edit ? <ProductField idea={idea} products={products} /> : (idea.productName ?? "—")}</dd>
        <dt>Proposer</dt>
        <dd>{idea.proposerName}</dd>
        {idea.sponsorName && (
          <>
            <dt>Sponsor</dt>
            <dd>{idea.sponsorName}</dd>
          </>
        )}
        {idea.itemTitle && (
          <>
            <dt>On the roadmap</dt>
            <dd data-testid="idea-placed">{idea.itemTitle}</dd>
          </>
        )}
      </dl>
      {idea.stage === "returned" && idea.returnNote && (
        <p className="note returned-note" data-testid="idea-return-note">
          Returned by {idea.sponsorName ?? "the sponsor"}: “{idea.returnNote}”
        </p>
      )}
      {can.edit ? (
        <>
          <TextField id={idea.id} field="problem" label="Problem" value={idea.problem} multiline />
          <TextField id={idea.id} field="proposal" label="Proposal" value={idea.proposal} multiline />
        </>
      ) : (
        <>
          <Labelled label="Problem" text={idea.problem} />
          <Labelled label="Proposal" text={idea.proposal} />
        </>
      )}
      <Rice idea={idea} canEdit={can.edit} />
      <Evidence detail={detail} />
      <Actions detail={detail} />
      {detail.decisions.length > 0 && (
        <section aria-labelledby="idea-decisions-heading" data-testid="idea-decisions">
          <h3 id="idea-decisions-heading">Decisions</h3>
          {detail.decisions.map((d) => (
            <DecisionRecord key={d.id} decision={d} />
          ))}
        </section>
      )}
      {detail.related.length > 0 && (
        <section aria-labelledby="idea-related-heading" data-testid="idea-related">
          <h3 id="idea-related-heading">Decided before on similar ideas</h3>
          {detail.related.map((d) => (
            <DecisionRecord key={d.id} decision={d} title />
          ))}
        </section>
      )}
    </>
  );
}

/** A text field of the idea, saved when it loses focus. */
function TextField({
  id,
  field,
  label,
  value,
  multiline = false,
}: {
  id: string;
  field: "title" | "problem" | "proposal";
  label: string;
  value: string;
  multiline?: boolean;
}) {
  const write = useWrite();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const save = () => {
    if (text.trim() === value || (field === "title" && !text.trim())) return;
    void write((b) => b.call("idea_update", { id, [field]: text.trim() }));
  };
  return (
    <label className={`idea-field ${field}`}>
      <span className="muted">{label}</span>
      {multiline ? (
        <textarea
          rows={3}
          data-testid={`idea-${field}`}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onBlur={save}
        />
      ) : (
        <input
          data-testid={`idea-${field}`}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onBlur={save}
          onKeyDown={(e) => {
            if (e.key === "Enter") save();
          }}
        />
      )}
    </label>
  );
}

function ProductField({ idea, products }: { idea: IdeaView; products: ProductView[] | undefined }) {
  const write = useWrite();
  return (
    <select
      aria-label="Product"
      data-testid="idea-product"
      value={idea.productId ?? ""}
      onChange={(e) => {
        const productId = e.target.value;
        if (productId) void write((b) => b.call("idea_update", { id: idea.id, productId }));
      }}
    >
      {!idea.productId && <option value="">No product yet</option>}
      {(products ?? []).map((p) => (
        <option key={p.id} value={p.id}>
          {p.name}
        </option>
      ))}
    </select>
  );
}

type RicePart = { reach?: number; impact?: Impact; confidence?: number; effort?: number };

/** RICE: its four inputs and the arithmetic the core computed from them. */
function Rice({ idea, canEdit }: { idea: IdeaView; canEdit: boolean }) {
  return (
    <section className="rice" aria-labelledby="rice-heading" data-testid="idea-rice">
      <h3 id="rice-heading">
        RICE score <span className="score">{idea.score === null ? "—" : idea.score}</span>
      </h3>
      {canEdit && (
        <div className="fields rice-fields">
          <NumberField id={idea.id} label="Reach (per quarter)" testid="rice-reach" value={idea.reach} part={(reach) => ({ reach })} />
          <ImpactField idea={idea} />
          <NumberField
            id={idea.id}
            label="Confidence (%)"
            testid="rice-confidence"
            value={idea.confidence}
            part={(confidence) => ({ confidence })}
          />
          <NumberField
            id={idea.id}
            label="Effort (person-months)"
            testid="rice-effort"
            value={idea.effort}
            step="0.1"
            part={(effort) => ({ effort })}
          />
        </div>
      )}
      <p className="mono rice-arithmetic" data-testid="rice-arithmetic">
        {idea.scoreText}
      </p>
    </section>
  );
}

// Each field writes through its own hook: one field's write in flight never drops the next's.
function ImpactField({ idea }: { idea: IdeaView }) {
  const write = useWrite();
  return (
    <label>
      <span>Impact</span>
      <select
        data-testid="rice-impact"
        value={idea.impact ?? ""}
        onChange={(e) => {
          const impact = e.target.value as Impact | "";
          if (impact) void write((b) => b.call("idea_score", { id: idea.id, impact }));
        }}
      >
        {idea.impact === null && <option value="">Choose…</option>}
        {IMPACTS.map((i) => (
          <option key={i} value={i}>
            {IMPACT_LABEL[i]}
          </option>
        ))}
      </select>
    </label>
  );
}

function NumberField({
  id,
  label,
  testid,
  value,
  step = "1",
  part,
}: {
  id: string;
  label: string;
  testid: string;
  value: number;
  step?: string;
  part(value: number): RicePart;
}) {
  const write = useWrite();
  const [text, setText] = useState(value ? String(value) : "");
  useEffect(() => setText(value ? String(value) : ""), [value]);
  const save = () => {
    const n = Number(text);
    if (text.trim() === "" || Number.isNaN(n) || n === value) return;
    void write((b) => b.call("idea_score", { id, ...part(n) }));
  };
  return (
    <label>
      <span>{label}</span>
      <input
        type="number"
        min="0"
        step={step}
        className="number-input"
        data-testid={testid}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={save}
        onKeyDown={(e) => {
          if (e.key === "Enter") save();
        }}
      />
    </label>
  );
}

/** Linked feedback, then links, metrics and notes; the proposer adds and removes them until submission. */
function Evidence({ detail }: { detail: IdeaDetailView }) {
  const write = useWrite();
  const { idea, can } = detail;
  const none = detail.feedback.length === 0 && detail.evidence.length === 0;
  return (
    <section className="evidence-section" aria-labelledby="evidence-heading" data-testid="idea-evidence">
      <h3 id="evidence-heading">
        Evidence
        <span className="muted">
          {" "}
          · {plural(idea.feedbackCount, "piece of feedback", "pieces of feedback")}
          {idea.lastHeard ? `, last heard ${idea.lastHeard}` : ""}
        </span>
      </h3>
      {none ? (
        <p className="empty">No evidence yet. Link feedback from the Feedback page, or add a link, a metric or a note.</p>
      ) : (
        <ul className="evidence-list">
          {detail.feedback.map((f) => (
            <FeedbackEvidence key={f.id} feedback={f} />
          ))}
          {detail.evidence.map((e) => (
            <li key={e.id} className="evidence">
              <EvidenceLine evidence={e} />
              {can.edit && (
                <button
                  type="button"
                  className="link-button"
                  aria-label={`Remove ${EVIDENCE_LABEL[e.kind].toLowerCase()} ${e.body || e.url}`}
                  onClick={() => void write((b) => b.call("idea_evidence_remove", { id: e.id }))}
                >
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <LinkFeedback ideaId={idea.id} />
      {can.edit && <AddEvidence ideaId={idea.id} />}
    </section>
  );
}

/** Anyone triages: link a piece of open feedback to this idea, from here too. */
function LinkFeedback({ ideaId }: { ideaId: string }) {
  const write = useWrite();
  const open = useQuery("feedback_list", { show: "new" });
  const [chosen, setChosen] = useState("");
  if (!open || open.entries.length === 0) return null;
  const link = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    const done = await write((b) => b.call("feedback_link", { id: chosen, ideaId }));
    if (done) setChosen("");
  };
  return (
    <form className="inline-form link-feedback" onSubmit={link} aria-label="Link feedback">
      <select
        className="grow"
        aria-label="Open feedback"
        data-testid="idea-link-feedback"
        value={chosen}
        onChange={(e) => setChosen(e.target.value)}
      >
        <option value="">Link open feedback ({open.entries.length})…</option>
        {open.entries.map((f) => (
          <option key={f.id} value={f.id}>
            “{f.body}”{f.customer ? ` · ${f.customer}` : ""}
          </option>
        ))}
      </select>
      <button type="submit" data-testid="idea-link-feedback-save" disabled={!chosen}>
        Link
      </button>
    </form>
  );
}

function AddEvidence({ ideaId }: { ideaId: string }) {
  const write = useWrite();
  const [kind, setKind] = useState<EvidenceKind>("note");
  const [body, setBody] = useDraft(`idea.evidence.${ideaId}.body`, "");
  const [url, setUrl] = useDraft(`idea.evidence.${ideaId}.url`, "");
  const ready = kind === "link" ? url.trim() !== "" : body.trim() !== "";
  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    const added = await write((b) =>
      b.call("idea_evidence_add", {
        ideaId,
        kind,
        ...(body.trim() ? { body: body.trim() } : {}),
        ...(kind === "link" ? { url: url.trim() } : {}),
      }),
    );
    if (added) {
      setBody("");
      setUrl("");
    }
  };
  return (
    <form className="inline-form add-evidence" onSubmit={add} aria-label="Add evidence">
      <select aria-label="Kind of evidence" data-testid="evidence-kind" value={kind} onChange={(e) => setKind(e.target.value as EvidenceKind)}>
        {EVIDENCE_KINDS.map((k) => (
          <option key={k} value={k}>
            {EVIDENCE_LABEL[k]}
          </option>
        ))}
      </select>
      {kind === "link" && (
        <input
          className="grow"
          aria-label="Address"
          data-testid="evidence-url"
          placeholder="https://…"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
      )}
      <input
        className="grow"
        aria-label={kind === "link" ? "Description" : kind === "metric" ? "Metric" : "Note"}
        data-testid="evidence-body"
        placeholder={kind === "metric" ? "e.g. 18% of carts abandoned at payment" : kind === "link" ? "What it shows" : "A note"}
        value={body}
        onChange={(e) => setBody(e.target.value)}
      />
      <button type="submit" data-testid="evidence-add" disabled={!ready}>
        Add
      </button>
    </form>
  );
}

/** The steps the core says I may take now. */
function Actions({ detail }: { detail: IdeaDetailView }) {
  const write = useWrite();
  const { idea, can } = detail;
  const [returning, setReturning] = useState(false);
  const [note, setNote] = useDraft(`idea.return.${idea.id}`, "");
  const ws = useQuery("workspace_get", NO_ARGS);
  // A junior PM's own idea goes to their senior first.
  const forSponsor = ws?.me.role === "junior" && idea.proposerId === ws.me.id && !idea.sponsorId;
  if (!can.sponsor && !can.submit && !can.place) return null;
  const sendReturn = async (e: FormEvent) => {
    e.preventDefault();
    if (!note.trim()) return;
    const done = await write((b) => b.call("idea_return", { id: idea.id, note: note.trim() }));
    if (done) {
      setNote("");
      setReturning(false);
    }
  };
  return (
    <section className="idea-actions" aria-label="Next steps" data-testid="idea-actions">
      <div className="form-actions">
        {can.submit && (
          <button
            type="button"
            className="primary"
            data-testid="idea-submit"
            onClick={() => void write((b) => b.call("idea_submit", { id: idea.id }))}
          >
            {forSponsor ? "Send for sponsorship" : "Submit to leadership"}
          </button>
        )}
        {can.sponsor && (
          <>
            <button
              type="button"
              className="primary"
              data-testid="idea-sponsor"
              onClick={() => void write((b) => b.call("idea_sponsor", { id: idea.id }))}
            >
              Sponsor
            </button>
            {!returning && (
              <button type="button" data-testid="idea-return" onClick={() => setReturning(true)}>
                Return with a comment…
              </button>
            )}
          </>
        )}
      </div>
      {can.submit && (
        <p className="hint muted">
          {forSponsor
            ? "Your senior PM sponsors it (or returns it with a comment) before leadership sees it."
            : "Once submitted, the content is frozen: leadership decides on what it sees."}
        </p>
      )}
      {returning && (
        <form className="inline-form" onSubmit={sendReturn} aria-label="Return the idea">
          <input
            className="grow"
            autoFocus
            aria-label="Comment for the proposer"
            data-testid="idea-return-note"
            placeholder={`What ${idea.proposerName} should change`}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape") {
                e.preventDefault();
                setReturning(false);
              }
            }}
          />
          <button type="submit" data-testid="idea-return-send" disabled={!note.trim()}>
            Return
          </button>
        </form>
      )}
      {can.place && <PlaceForm idea={idea} />}
    </section>
  );
}

/** What an item on each horizon serves: an item of the next-longer horizon, or (a theme) a goal. */
const PARENT_HORIZON: Record<Horizon, Horizon | null> = {
  five_year: null,
  three_year: "five_year",
  one_year: "three_year",
};

function PlaceForm({ idea }: { idea: IdeaView }) {
  const write = useWrite();
  const [horizon, setHorizon] = useState<Horizon>("one_year");
  const [period, setPeriod] = useDraft(`idea.place.${idea.id}`, "");
  const [serves, setServes] = useState("");
  const parentHorizon = PARENT_HORIZON[horizon];
  const goals = useQuery("goal_list", parentHorizon === null ? NO_ARGS : null);
  const items = useQuery("item_list", parentHorizon !== null && idea.productId ? { productId: idea.productId } : null);
  const options =
    parentHorizon === null
      ? (goals ?? []).map((g) => ({ id: g.id, label: g.title }))
      : (items ?? []).filter((i) => i.horizon === parentHorizon).map((i) => ({ id: i.id, label: `${i.period} · ${i.title}` }));
  const place = async (e: FormEvent) => {
    e.preventDefault();
    if (!period.trim()) return;
    const link = serves === "" ? {} : parentHorizon === null ? { goalId: serves } : { parentId: serves };
    await write((b) => b.call("idea_place", { id: idea.id, horizon, period: period.trim(), ...link }));
  };
  return (
    <form className="inline-form place-form" onSubmit={place} aria-label="Place on the roadmap" data-testid="idea-place-form">
      <span className="muted">Place on {idea.productName ?? "its product"}’s roadmap as a</span>
      <select
        aria-label="Horizon"
        data-testid="idea-place-horizon"
        value={horizon}
        onChange={(e) => {
          setHorizon(e.target.value as Horizon);
          setServes("");
        }}
      >
        {HORIZONS.map((h) => (
          <option key={h} value={h}>
            {HORIZON_OPTION[h]}
          </option>
        ))}
      </select>
      <input
        className="period-input"
        aria-label="Period"
        data-testid="idea-place-period"
        placeholder={PERIOD_PLACEHOLDER[horizon]}
        value={period}
        onChange={(e) => setPeriod(e.target.value)}
      />
      <select aria-label="Serves" data-testid="idea-place-serves" value={serves} onChange={(e) => setServes(e.target.value)}>
        <option value="">— serves nothing yet —</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
      <button type="submit" className="primary" data-testid="idea-place" disabled={!period.trim()}>
        Place
      </button>
    </form>
  );
}
