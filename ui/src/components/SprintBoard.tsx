import { useState } from "react";
import type { BurnDayView } from "../bindings/BurnDayView";
import type { PlannedStoryView } from "../bindings/PlannedStoryView";
import type { SprintBoardView } from "../bindings/SprintBoardView";
import type { SprintView } from "../bindings/SprintView";
import type { Stage } from "../bindings/Stage";
import { STORY_STATUS_LABEL } from "../delegation";
import { BOARD_COLUMNS, boardColumn, daysFromTo, sprintLabel } from "../planning";
import { useQuery, useWrite } from "../state";
import { plural } from "../time";

const CARD_STAGES: readonly { stage: Stage; label: string }[] = [
  { stage: "in_progress", label: "In progress" },
  { stage: "in_qa", label: "In QA" },
  { stage: "done", label: "Done" },
];

/** A sprint's board (a column per status), its burn-up, and — for its manager — closing it. */
export function SprintBoard({ board, sprints }: { board: SprintBoardView; sprints: readonly SprintView[] }) {
  const { sprint } = board;
  const [closing, setClosing] = useState(false);
  return (
    <section className="sprint-board-section" aria-labelledby="board-heading">
      <div className="section-header">
        <h2 id="board-heading">Board</h2>
        {sprint.canManage && !sprint.closed && (
          <button type="button" data-testid="sprint-close" onClick={() => setClosing(true)}>
            Close sprint…
          </button>
        )}
      </div>
      {board.stories.length === 0 && (
        <p className="empty">No story in this sprint yet: plan some from the backlog.</p>
      )}
      <div className="sprint-board">
        {BOARD_COLUMNS.map((column) => {
          const cards = board.stories.filter((p) => boardColumn(p.story.status) === column);
          return (
            <div key={column} className="board-column" data-testid={`board-column-${column}`} role="group" aria-label={STORY_STATUS_LABEL[column]}>
              <h3>
                {STORY_STATUS_LABEL[column]} <span className="count">{cards.length}</span>
              </h3>
              <ul className="board-cards">
                {cards.map((p) => (
                  <BoardCard key={p.story.id} planned={p} closed={sprint.closed} />
                ))}
              </ul>
            </div>
          );
        })}
      </div>
      <Burnup sprint={sprint} />
      {closing && <CloseSprint board={board} sprints={sprints} onClose={() => setClosing(false)} />}
    </section>
  );
}

function BoardCard({ planned, closed }: { planned: PlannedStoryView; closed: boolean }) {
  const write = useWrite();
  const { story } = planned;
  const closedWhy = closed ? "The sprint is closed" : null;
  const stageWhy = !planned.canWork ? "Only the junior PM it is delegated to moves it along" : closedWhy;
  const planWhy = !planned.canPlan ? "Only its junior PM or the PM who delegated it may unplan it" : closedWhy;
  return (
    <li className="board-card" data-testid="board-card" data-story-id={story.id}>
      <div className="story-title">{story.title}</div>
      <div className="muted">
        {plural(story.points, "pt", "pts")} · {planned.juniorName}
      </div>
      {story.status === "blocked" && story.blocked && <div className="warn-text">Blocked: {story.blocked}</div>}
      {boardColumn(story.status) === "ready" && story.status !== "ready" && (
        <span className="tag">{STORY_STATUS_LABEL[story.status]}</span>
      )}
      <div className="card-actions">
        <select
          data-testid="card-stage"
          aria-label={`Stage of ${story.title}`}
          value={story.stage}
          disabled={stageWhy !== null}
          title={stageWhy ?? "Move it along"}
          onChange={(e) => void write((b) => b.call("story_stage", { id: story.id, stage: e.target.value as Stage }))}
        >
          {story.stage === "draft" && <option value="draft">To do</option>}
          {CARD_STAGES.map((s) => (
            <option key={s.stage} value={s.stage}>
              {s.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          data-testid="card-unplan"
          disabled={planWhy !== null}
          title={planWhy ?? "Back to the backlog"}
          onClick={() => void write((b) => b.call("sprint_plan", { storyId: story.id }))}
        >
          Unplan
        </button>
      </div>
    </li>
  );
}

const W = 600;
const H = 120;

/** Scope and done, day by day, as two lines across the sprint's length; with the last day's
 * figures in words. Read apart from the board: it replays the op log. */
function Burnup({ sprint }: { sprint: SprintView }) {
  const days = useQuery("sprint_burnup", { id: sprint.id });
  if (days === undefined) return <div className="burnup" data-testid="burnup" aria-busy="true" />;
  const capacity = sprint.capacity;
  const length = Math.max(daysFromTo(sprint.startsOn, sprint.endsOn), days.length, 1);
  if (days.length === 0) {
    return (
      <div className="burnup" data-testid="burnup">
        <p className="muted">The burn-up starts on the sprint's first day.</p>
      </div>
    );
  }
  const top = Math.max(capacity, ...days.map((d) => d.scope), 1);
  const x = (i: number) => (length === 1 ? W / 2 : (i / (length - 1)) * W);
  const y = (v: number) => H - (v / top) * H;
  const line = (f: (d: BurnDayView) => number) => days.map((d, i) => `${x(i).toFixed(1)},${y(f(d)).toFixed(1)}`).join(" ");
  const last = days[days.length - 1]!;
  return (
    <figure className="burnup" data-testid="burnup">
      <svg viewBox={`-4 -4 ${W + 8} ${H + 8}`} preserveAspectRatio="none" role="img" aria-label="Burn-up: scope and done by day">
        <line className="burnup-axis" x1={0} y1={H} x2={W} y2={H} />
        <line className="burnup-capacity" x1={0} y1={y(capacity)} x2={W} y2={y(capacity)} />
        <polyline className="burnup-scope" points={line((d) => d.scope)} />
        <polyline className="burnup-done" points={line((d) => d.done)} />
      </svg>
      <figcaption className="muted">
        <span className="legend-scope">Scope</span> and <span className="legend-done">done</span>, day by day: on{" "}
        {last.day}, {last.done} of {plural(last.scope, "point")} done ({plural(days.length, "day")} so far).
      </figcaption>
    </figure>
  );
}

/** Closing a sprint: where each unfinished story goes (another open sprint, or the backlog). */
function CloseSprint({
  board,
  sprints,
  onClose,
}: {
  board: SprintBoardView;
  sprints: readonly SprintView[];
  onClose(): void;
}) {
  const write = useWrite();
  const { sprint } = board;
  const others = sprints
    .filter((s) => !s.closed && s.id !== sprint.id)
    .sort((a, b) => a.startsOn.localeCompare(b.startsOn));
  const next = others.find((s) => s.startsOn > sprint.startsOn)?.id ?? "";
  const unfinished = board.stories.filter((p) => p.story.status !== "done");
  const [carry, setCarry] = useState<Record<string, string>>({});

  const confirm = async () => {
    const closed = await write((b) =>
      b.call("sprint_close", {
        id: sprint.id,
        carry: unfinished.map((p) => {
          const to = carry[p.story.id] ?? next;
          return to ? { storyId: p.story.id, toSprintId: to } : { storyId: p.story.id };
        }),
      }),
    );
    if (closed) onClose();
  };

  return (
    <div
      className="overlay"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div
        className="overlay-panel close-sprint"
        role="dialog"
        aria-modal="true"
        aria-labelledby="close-sprint-heading"
        data-testid="sprint-close-dialog"
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <h2 id="close-sprint-heading">Close {sprint.name}</h2>
        {unfinished.length === 0 ? (
          <p>Every story is done: nothing to carry over.</p>
        ) : (
          <>
            <p className="muted">Say where each unfinished story goes.</p>
            <ul className="rows">
              {unfinished.map((p) => (
                <li key={p.story.id} className="row">
                  <span>
                    {p.story.title} <span className="muted">· {plural(p.story.points, "pt", "pts")}</span>
                  </span>
                  <select
                    data-testid="carry-to"
                    aria-label={`Where “${p.story.title}” goes`}
                    value={carry[p.story.id] ?? next}
                    onChange={(e) => setCarry({ ...carry, [p.story.id]: e.target.value })}
                  >
                    {others.map((s) => (
                      <option key={s.id} value={s.id}>
                        {sprintLabel(s)}
                      </option>
                    ))}
                    <option value="">Backlog</option>
                  </select>
                </li>
              ))}
            </ul>
          </>
        )}
        <div className="form-actions">
          <button type="button" className="primary" data-testid="sprint-close-confirm" autoFocus onClick={() => void confirm()}>
            Close sprint
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
