import { useDeferredValue } from "react";
import type { DecisionListReq } from "../bindings/DecisionListReq";
import type { Outcome } from "../bindings/Outcome";
import { OUTCOME_LABEL, OUTCOMES } from "../ideas";
import { useShownMark } from "../marks";
import { useDraft, useQuery } from "../state";
import { plural } from "../time";
import { DecisionRecord } from "./IdeaParts";
import "../ideas.css";

const NO_ARGS = {};

/**
 * The decision log: every decision leadership made, newest first, superseded ones included —
 * a "no" stays findable. Searchable by words (in what was decided on, the rationale and the
 * changes), product, outcome and date; each shows what was decided on.
 */
export function DecisionsPage() {
  const products = useQuery("product_list", NO_ARGS);
  const [search, setSearch] = useDraft("decisions.search", "");
  const [productId, setProductId] = useDraft("decisions.product", "");
  const [outcome, setOutcome] = useDraft<Outcome | "">("decisions.outcome", "");
  const [from, setFrom] = useDraft("decisions.from", "");
  const [to, setTo] = useDraft("decisions.to", "");
  const words = useDeferredValue(search.trim());
  const request: DecisionListReq = {
    ...(words ? { search: words } : {}),
    ...(productId ? { productId } : {}),
    ...(outcome ? { outcome } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
  const decisions = useQuery("decision_list", request);
  useShownMark("decisions", decisions !== undefined);
  const filtered = Boolean(words || productId || outcome || from || to);

  return (
    <div className="ideas-page decisions" data-testid="decisions-page">
      <header className="page-header">
        <h1>Decision log</h1>
        <p className="muted">Every decision on record with its rationale and what was decided on. Nothing is erased: later decisions supersede.</p>
      </header>
      <form className="fields decision-filters" role="search" aria-label="Search decisions" onSubmit={(e) => e.preventDefault()}>
        <label className="grow">
          <span>Search</span>
          <input
            type="search"
            data-shortcut-new
            data-testid="decisions-search"
            placeholder="Words in the idea, rationale or changes (N)"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
        <label>
          <span>Product</span>
          <select data-testid="decisions-product" value={productId} onChange={(e) => setProductId(e.target.value)}>
            <option value="">Any product</option>
            {(products ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Outcome</span>
          <select data-testid="decisions-outcome" value={outcome} onChange={(e) => setOutcome(e.target.value as Outcome | "")}>
            <option value="">Any outcome</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {OUTCOME_LABEL[o]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>From</span>
          <input type="date" data-testid="decisions-from" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          <span>To</span>
          <input type="date" data-testid="decisions-to" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </form>
      {decisions !== undefined && (
        <>
          <p className="muted" data-testid="decisions-count" aria-live="polite">
            {plural(decisions.length, "decision")}
            {filtered ? " match" : ""}
          </p>
          {decisions.length === 0 ? (
            <p className="empty">{filtered ? "No decision matches." : "No decisions yet."}</p>
          ) : (
            <ul className="decision-log" aria-label="Decisions">
              {decisions.map((d) => (
                <li key={d.id}>
                  <DecisionRecord decision={d} title />
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
