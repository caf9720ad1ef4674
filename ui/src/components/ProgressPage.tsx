import { useState } from "react";
import type { GoalProgressView } from "../bindings/GoalProgressView";
import type { ProgressNodeView } from "../bindings/ProgressNodeView";
import type { ProgressReq } from "../bindings/ProgressReq";
import type { RiskView } from "../bindings/RiskView";
import type { TallyView } from "../bindings/TallyView";
import { STORY_STATUS_LABEL } from "../delegation";
import { HORIZON_OPTION } from "../labels";
import { useShownMark } from "../marks";
import { percentText, RISK_LABEL } from "../planning";
import { useDraft, useQuery } from "../state";
import { plural } from "../time";
import "../planning.css";
import "../strategy.css";

const NO_ARGS = {};

/**
 * Where the roadmap stands against the goals: per goal, points done of points planned in the
 * stories of the one-year items serving it (rolled up through themes and initiatives), the
 * items with no story yet (not counted) and the risks; down to each item's stories.
 */
export function ProgressPage() {
  const products = useQuery("product_list", NO_ARGS);
  const goals = useQuery("goal_list", NO_ARGS);
  const [productId, setProductId] = useDraft<string>("progress.product", "");
  const [goalId, setGoalId] = useDraft<string>("progress.goal", "");
  const req: ProgressReq = {};
  if (productId) req.productId = productId;
  if (goalId) req.goalId = goalId;
  const progress = useQuery("progress_get", req);
  useShownMark("progress", progress !== undefined);

  return (
    <div className="planning-page" data-testid="progress-page">
      <header className="page-header">
        <h1>Progress</h1>
        <label className="field-inline">
          <span>Product</span>
          <select data-testid="progress-product" value={productId} onChange={(e) => setProductId(e.target.value)}>
            <option value="">All products</option>
            {products?.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          <span>Goal</span>
          <select data-testid="progress-goal-filter" value={goalId} onChange={(e) => setGoalId(e.target.value)}>
            <option value="">All goals</option>
            {goals?.map((g) => (
              <option key={g.id} value={g.id}>
                {g.title}
              </option>
            ))}
          </select>
        </label>
      </header>
      {progress && (
        <>
          <p className="progress-rule" data-testid="progress-rule">
            {progress.rule}
          </p>
          <div className="panel" data-testid="progress-total">
            <div className="section-header">
              <h2>Total</h2>
              <span className="muted">as of {progress.today}</span>
            </div>
            <Figures tally={progress.total} />
          </div>
          {progress.goals.length === 0 && (
            <p className="empty">No goal yet: set the company's goals on the Goals page, then align the roadmap to them.</p>
          )}
          {progress.goals.map((g) => (
            <GoalCard key={g.goalId} goal={g} />
          ))}
          {progress.unaligned.length > 0 && (
            <section className="panel" aria-labelledby="unaligned-heading" data-testid="progress-unaligned">
              <h2 id="unaligned-heading">Serving no goal</h2>
              <p className="muted">Work on the roadmap that no goal is served by: align it on the Alignment page.</p>
              <ul className="progress-tree">
                {progress.unaligned.map((n) => (
                  <Node key={n.item.id} node={n} />
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </div>
  );
}

/** The bar, the percentage, points and stories, and what is left out of the figure. */
function Figures({ tally, risks }: { tally: TallyView; risks?: number }) {
  return (
    <>
      <div
        className="progress-bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={tally.percent ?? undefined}
        aria-valuetext={percentText(tally)}
      >
        <div style={{ width: `${tally.percent ?? 0}%` }} />
      </div>
      <div className="progress-figures">
        <span className="progress-percent" data-testid="progress-percent">
          {percentText(tally)}
        </span>
        <span className="muted">
          {tally.pointsDone} of {plural(tally.points, "point")} done · {tally.storiesDone} of{" "}
          {plural(tally.stories, "story", "stories")}
        </span>
        {tally.itemsWithoutStories > 0 && (
          <span className="warn-text" data-testid="progress-uncounted">
            {plural(tally.itemsWithoutStories, "item")} without stories not counted
          </span>
        )}
        {risks !== undefined && risks > 0 && (
          <span className="tag risk-tag" data-testid="progress-risk-count">
            {plural(risks, "risk")}
          </span>
        )}
      </div>
    </>
  );
}

function GoalCard({ goal }: { goal: GoalProgressView }) {
  const [open, setOpen] = useState(false);
  const headingId = `progress-goal-${goal.goalId}`;
  return (
    <section className="panel" data-testid="progress-goal" aria-labelledby={headingId}>
      <div className="section-header">
        <h2 id={headingId}>{goal.title}</h2>
        <button
          type="button"
          data-testid="progress-expand"
          aria-expanded={open}
          disabled={goal.themes.length === 0}
          title={goal.themes.length === 0 ? "No theme serves this goal yet" : undefined}
          onClick={() => setOpen(!open)}
        >
          {open ? "Hide the roadmap" : "Show the roadmap"}
        </button>
      </div>
      {goal.measure && <p className="muted">Measured by: {goal.measure}</p>}
      <Figures tally={goal.tally} risks={goal.risks.length} />
      {open && (
        <ul className="progress-tree">
          {goal.themes.map((n) => (
            <Node key={n.item.id} node={n} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** A theme, initiative or item with its figures; a one-year item with its risks and stories. */
function Node({ node }: { node: ProgressNodeView }) {
  const [stories, setStories] = useState(false);
  const oneYear = node.item.horizon === "one_year";
  return (
    <li className="progress-node" data-testid="progress-node">
      <div className="progress-node-head">
        <span className="story-title">{node.item.title}</span>
        <span className="muted">
          {HORIZON_OPTION[node.item.horizon]} · {node.item.period}
        </span>
        {oneYear && (
          <button
            type="button"
            className="link-button"
            data-testid="progress-stories-toggle"
            aria-expanded={stories}
            onClick={() => setStories(!stories)}
          >
            {stories ? "Hide stories" : "Stories"}
          </button>
        )}
      </div>
      <Figures tally={node.tally} risks={oneYear ? undefined : node.risks.length} />
      {oneYear && node.risks.length > 0 && <Risks risks={node.risks} />}
      {stories && <ItemStories itemId={node.item.id} />}
      {node.children.length > 0 && (
        <ul className="progress-tree">
          {node.children.map((c) => (
            <Node key={c.item.id} node={c} />
          ))}
        </ul>
      )}
    </li>
  );
}

function Risks({ risks }: { risks: RiskView[] }) {
  return (
    <ul className="risk-list">
      {risks.map((r, i) => (
        <li key={`${r.kind} ${i}`} data-testid="progress-risk">
          <span className="tag risk-tag">{RISK_LABEL[r.kind]}</span> {r.reason}
        </li>
      ))}
    </ul>
  );
}

function ItemStories({ itemId }: { itemId: string }) {
  const stories = useQuery("progress_item", { id: itemId });
  if (stories === undefined) return null;
  if (stories.length === 0) return <p className="empty">No story yet: the junior PM it is delegated to writes them.</p>;
  return (
    <ul className="rows">
      {stories.map((p) => (
        <li key={p.story.id} className="row" data-testid="progress-story">
          <span>
            {p.story.title}
            <span className="muted"> · {plural(p.story.points, "pt", "pts")} · {p.juniorName}</span>
          </span>
          <span className="tag status-tag">{STORY_STATUS_LABEL[p.story.status]}</span>
        </li>
      ))}
    </ul>
  );
}
