import type { DecisionView } from "../bindings/DecisionView";
import type { EvidenceView } from "../bindings/EvidenceView";
import type { FeedbackView } from "../bindings/FeedbackView";
import type { Pinned } from "../bindings/Pinned";
import type { PinnedFeedback } from "../bindings/PinnedFeedback";
import { num } from "../delegation";
import { dayOf, EVIDENCE_LABEL, OUTCOME_LABEL, SOURCE_LABEL } from "../ideas";
import { useQuery } from "../state";
import { plural } from "../time";
import "../ideas.css";

/** A decision as it stands on record: outcome, rationale, the changes or revisit date, who and when. */
export function DecisionRecord({
  decision: d,
  showPinned = true,
  openPinned = false,
  title = false,
}: {
  decision: DecisionView;
  showPinned?: boolean;
  /** Show what was decided on unfolded. */
  openPinned?: boolean;
  /** Lead with the idea's title (in the decision log). */
  title?: boolean;
}) {
  return (
    <article className={`decision${d.current ? "" : " superseded"}`} data-testid="decision" data-outcome={d.outcome}>
      <header className="decision-head">
        <span className={`tag outcome-${d.outcome}`} data-testid="decision-outcome">
          {OUTCOME_LABEL[d.outcome]}
        </span>
        {title && (
          <strong className="decision-title" data-testid="decision-idea">
            {d.pinned?.title ?? d.ideaTitle}
          </strong>
        )}
        <span className="muted">
          {title && d.productName ? `${d.productName} · ` : ""}
          {d.byName} · {dayOf(num(d.decidedMs))}
        </span>
        {!d.current && <span className="tag">superseded</span>}
      </header>
      <p className="rationale" data-testid="decision-rationale">
        {d.rationale}
      </p>
      {d.changes && (
        <p data-testid="decision-changes">
          <span className="muted">Changes asked for:</span> {d.changes}
        </p>
      )}
      {d.revisit && (
        <p data-testid="decision-revisit">
          <span className="muted">Revisit on</span> {d.revisit}
        </p>
      )}
      {showPinned && d.pinned && (
        <details className="pinned" open={openPinned}>
          <summary>What was decided on</summary>
          <PinnedContent pinned={d.pinned} />
        </details>
      )}
    </article>
  );
}

/** The idea as leadership saw it when deciding (frozen). */
export function PinnedContent({ pinned: p }: { pinned: Pinned }) {
  return (
    <div className="pinned-content" data-testid="decision-pinned">
      <h4>{p.title}</h4>
      <p className="muted">
        {p.productName ?? "No product"} · proposed by {p.proposerName}
        {p.sponsorName && p.sponsorName !== p.proposerName ? ` · sponsored by ${p.sponsorName}` : ""}
      </p>
      <Labelled label="Problem" text={p.problem} />
      <Labelled label="Proposal" text={p.proposal} />
      <p>
        <span className="muted">RICE:</span> <span className="mono">{p.score}</span>
      </p>
      {(p.feedback.length > 0 || p.evidence.length > 0) && (
        <ul className="evidence-list">
          {p.feedback.map((f) => (
            <FeedbackEvidence key={f.id} feedback={f} />
          ))}
          {p.evidence.map((e, i) => (
            <li key={i} className="evidence">
              <EvidenceLine evidence={e} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Labelled({ label, text }: { label: string; text: string }) {
  if (!text) return null;
  return (
    <div className="labelled">
      <span className="muted">{label}</span>
      <p>{text}</p>
    </div>
  );
}

/** A piece of linked feedback shown as evidence. */
export function FeedbackEvidence({ feedback: f }: { feedback: FeedbackView | PinnedFeedback }) {
  return (
    <li className="evidence feedback-evidence" data-testid="evidence-feedback">
      <span className="tag">{SOURCE_LABEL[f.source]}</span> “{f.body}”
      <span className="muted"> {[f.customer, f.who, f.heardOn].filter(Boolean).join(" · ")}</span>
    </li>
  );
}

/** A link, metric or note. */
export function EvidenceLine({ evidence: e }: { evidence: Pick<EvidenceView, "kind" | "body" | "url"> }) {
  return (
    <span className="evidence-line" data-testid="evidence-item">
      <span className="tag">{EVIDENCE_LABEL[e.kind]}</span>{" "}
      {e.url ? (
        <a href={e.url} target="_blank" rel="noreferrer">
          {e.body || e.url}
        </a>
      ) : (
        e.body
      )}
    </span>
  );
}

/**
 * On a roadmap item placed from an idea: the idea, the decision that approved it (with what
 * was decided on), and the evidence behind it.
 */
export function ItemIdea({ itemId }: { itemId: string }) {
  const detail = useQuery("idea_for_item", { id: itemId });
  if (!detail) return null;
  const { idea } = detail;
  const current = detail.decisions.find((d) => d.current) ?? detail.decisions[0];
  return (
    <section className="item-idea" aria-labelledby="item-idea-heading" data-testid="item-idea">
      <h3 id="item-idea-heading">From idea</h3>
      <p>
        <strong data-testid="item-idea-title">{idea.title}</strong>
        <span className="muted">
          {" "}
          · proposed by {idea.proposerName}
          {idea.sponsorName && idea.sponsorId !== idea.proposerId ? `, sponsored by ${idea.sponsorName}` : ""} · RICE {idea.score ?? "—"}
        </span>
      </p>
      <Labelled label="Problem" text={idea.problem} />
      <Labelled label="Proposal" text={idea.proposal} />
      {current && (
        <div data-testid="item-idea-decision">
          <DecisionRecord decision={current} />
        </div>
      )}
      <div data-testid="item-idea-evidence">
        <span className="muted">
          Evidence · {plural(detail.feedback.length, "piece of feedback", "pieces of feedback")},{" "}
          {plural(detail.evidence.length, "link, metric or note", "links, metrics and notes")}
        </span>
        {detail.feedback.length + detail.evidence.length > 0 && (
          <ul className="evidence-list">
            {detail.feedback.map((f) => (
              <FeedbackEvidence key={f.id} feedback={f} />
            ))}
            {detail.evidence.map((e) => (
              <li key={e.id} className="evidence">
                <EvidenceLine evidence={e} />
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
