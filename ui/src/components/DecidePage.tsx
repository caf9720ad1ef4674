import { useState, type FormEvent } from "react";
import type { IdeaView } from "../bindings/IdeaView";
import type { Outcome } from "../bindings/Outcome";
import { num } from "../delegation";
import { dayOf, evidenceTotal, OUTCOME_LABEL, OUTCOMES } from "../ideas";
import { useShownMark } from "../marks";
import { useDraft, useQuery, useWrite } from "../state";
import { plural, relativeTime, useNow } from "../time";
import { DecisionRecord, EvidenceLine, FeedbackEvidence, Labelled } from "./IdeaParts";
import "../ideas.css";

const NO_ARGS = {};

/**
 * Leadership's queue: submitted ideas awaiting my decision, oldest first, and "not now" ideas
 * whose revisit date has come. Opening one shows exactly what was submitted (frozen) beside
 * the decision form: outcome, the changes or revisit date it needs, and a rationale.
 */
export function DecidePage() {
  const queue = useQuery("idea_queue", NO_ARGS);
  useShownMark("decide", queue !== undefined);
  const [open, setOpen] = useState<string | null>(null);
  const now = useNow();
  const awaiting = queue?.awaitingDecision ?? [];
  const revisit = queue?.toRevisit ?? [];
  // The first idea in the queue is open unless another is chosen.
  const shown = [...awaiting, ...revisit].find((i) => i.id === open) ?? awaiting[0] ?? null;

  return (
    <div className="ideas-page decide" data-testid="decide-page">
      <header className="page-header">
        <h1>Awaiting my decision</h1>
        <p className="muted">
          {queue === undefined
            ? "Ideas submitted to leadership."
            : awaiting.length === 0
              ? "Nothing awaits your decision."
              : `${plural(awaiting.length, "idea")} submitted to leadership, oldest first.`}
        </p>
      </header>
      {queue !== undefined && (
        <div className="decide-columns">
          <div className="decide-list">
            <ul className="rows" aria-label="Awaiting decision" data-testid="decide-queue">
              {awaiting.map((i) => (
                <QueueRow key={i.id} idea={i} open={shown?.id === i.id} onOpen={setOpen} since={`submitted ${relativeTime(num(i.submittedMs), now)}`} />
              ))}
            </ul>
            {revisit.length > 0 && (
              <section aria-labelledby="revisit-heading" data-testid="decide-to-revisit">
                <h2 id="revisit-heading">To revisit</h2>
                <ul className="rows">
                  {revisit.map((i) => (
                    <QueueRow key={i.id} idea={i} open={shown?.id === i.id} onOpen={setOpen} since={`not now, revisit ${i.revisit}`} />
                  ))}
                </ul>
              </section>
            )}
          </div>
          {shown && <DecideOn key={shown.id} id={shown.id} />}
        </div>
      )}
    </div>
  );
}

function QueueRow({ idea: i, open, onOpen, since }: { idea: IdeaView; open: boolean; onOpen(id: string): void; since: string }) {
  return (
    <li className={`row queue-row${open ? " open" : ""}`} data-testid="decide-row" data-idea-id={i.id}>
      <button type="button" className="link-button" aria-current={open ? "true" : undefined} onClick={() => onOpen(i.id)}>
        {i.title}
      </button>
      <span className="muted">
        {i.productName ?? "No product"} · {i.proposerName}
        {i.sponsorName && i.sponsorId !== i.proposerId ? `, sponsored by ${i.sponsorName}` : ""} · RICE {i.score ?? "—"} ·{" "}
        {plural(evidenceTotal(i), "piece of evidence", "pieces of evidence")} · {since}
      </span>
    </li>
  );
}

/** What was submitted, beside the decision form. */
function DecideOn({ id }: { id: string }) {
  const detail = useQuery("idea_get", { id });
  if (!detail) return <section className="panel decide-on" />;
  const { idea } = detail;
  return (
    <section className="panel decide-on" aria-labelledby="decide-on-heading" data-testid="decide-on">
      <div className="decided-on" data-testid="decide-content">
        <h2 id="decide-on-heading">{idea.title}</h2>
        <p className="muted">
          {idea.productName ?? "No product"} · proposed by {idea.proposerName}
          {idea.sponsorName && idea.sponsorId !== idea.proposerId ? ` · sponsored by ${idea.sponsorName}` : ""}
          {idea.submittedMs ? ` · submitted ${dayOf(num(idea.submittedMs))}` : ""}
        </p>
        <Labelled label="Problem" text={idea.problem} />
        <Labelled label="Proposal" text={idea.proposal} />
        <p>
          <span className="muted">RICE:</span> <span className="mono">{idea.scoreText}</span>
        </p>
        <h3>Evidence</h3>
        {detail.feedback.length + detail.evidence.length === 0 ? (
          <p className="empty">No evidence.</p>
        ) : (
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
        {detail.decisions.length > 0 && (
          <>
            <h3>Decided before</h3>
            {detail.decisions.map((d) => (
              <DecisionRecord key={d.id} decision={d} />
            ))}
          </>
        )}
        {detail.related.length > 0 && (
          <>
            <h3>Decided before on similar ideas</h3>
            {detail.related.map((d) => (
              <DecisionRecord key={d.id} decision={d} title />
            ))}
          </>
        )}
      </div>
      {detail.can.decide && <DecideForm id={idea.id} title={idea.title} />}
    </section>
  );
}

function DecideForm({ id, title }: { id: string; title: string }) {
  const write = useWrite();
  const [outcome, setOutcome] = useDraft<Outcome | "">(`decide.${id}.outcome`, "");
  const [rationale, setRationale] = useDraft(`decide.${id}.rationale`, "");
  const [changes, setChanges] = useDraft(`decide.${id}.changes`, "");
  const [revisit, setRevisit] = useDraft(`decide.${id}.revisit`, "");
  const ready =
    outcome !== "" &&
    rationale.trim() !== "" &&
    (outcome !== "go_ahead_with_changes" || changes.trim() !== "") &&
    (outcome !== "not_now" || revisit !== "");

  const decide = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    const done = await write((b) =>
      b.call("idea_decide", {
        id,
        outcome,
        rationale: rationale.trim(),
        ...(outcome === "go_ahead_with_changes" ? { changes: changes.trim() } : {}),
        ...(outcome === "not_now" ? { revisit } : {}),
      }),
    );
    if (done) {
      setOutcome("");
      setRationale("");
      setChanges("");
      setRevisit("");
    }
  };

  return (
    <form className="decide-form" onSubmit={decide} aria-label={`Decide on ${title}`} data-testid="decide-form">
      <h3>Your decision</h3>
      <fieldset className="outcomes">
        <legend className="sr-only">Outcome</legend>
        {OUTCOMES.map((o) => (
          <label key={o} className={`outcome-choice${outcome === o ? " chosen" : ""}`}>
            <input type="radio" name={`outcome-${id}`} data-testid={`decide-outcome-${o}`} value={o} checked={outcome === o} onChange={() => setOutcome(o)} />
            {OUTCOME_LABEL[o]}
          </label>
        ))}
      </fieldset>
      {outcome === "go_ahead_with_changes" && (
        <label className="wide">
          <span>Changes asked for</span>
          <textarea rows={2} data-testid="decide-changes" value={changes} onChange={(e) => setChanges(e.target.value)} />
        </label>
      )}
      {outcome === "not_now" && (
        <label>
          <span>Revisit on</span>
          <input type="date" data-testid="decide-revisit" value={revisit} onChange={(e) => setRevisit(e.target.value)} />
        </label>
      )}
      <label className="wide">
        <span>Rationale (required)</span>
        <textarea
          rows={3}
          data-testid="decide-rationale"
          placeholder="Why — it stays on record with what you decided on"
          value={rationale}
          onChange={(e) => setRationale(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) void decide(e);
          }}
        />
      </label>
      <div className="form-actions">
        <button type="submit" className="primary" data-testid="decide-save" disabled={!ready}>
          Record decision
        </button>
      </div>
    </form>
  );
}
