import type { BoardLineView } from "../bindings/BoardLineView";
import { DELEGATION_STATE_LABEL, num } from "../delegation";
import { useShownMark } from "../marks";
import { useQuery } from "../state";
import { plural, relativeTime, useNow } from "../time";
import { DelegationLink, Waiting } from "./InboxPage";
import "../delegation.css";

const NO_ARGS = {};

/**
 * The senior PM's board: a line per junior PM with work delegated by me — open delegations,
 * stories and points in flight, reviews waiting on me (oldest first, for how long), overdue
 * check-ins, and how many stories violate or risk a guardrail. All counted by the core.
 */
export function BoardPage() {
  const board = useQuery("board_get", NO_ARGS);
  useShownMark("board", board !== undefined);
  return (
    <div className="delegation-page board" data-testid="board-page">
      <header className="page-header">
        <h1>Board</h1>
        <p className="muted">
          The work you delegated, per junior PM
          {board?.lines.some((l) => l.mentee) ? ", and the work of those you mentor" : ""}
          {board && board.reviewsWaiting > 0 ? ` · ${plural(board.reviewsWaiting, "review")} waiting on you` : ""}.
        </p>
      </header>
      {board !== undefined &&
        (board.lines.length === 0 ? (
          <p className="empty">
            Nothing delegated yet: open a one-year item on the Roadmap and choose “Delegate…”.
          </p>
        ) : (
          board.lines.map((line) => <Line key={line.memberId} line={line} />)
        ))}
    </div>
  );
}

function Line({ line }: { line: BoardLineView }) {
  const now = useNow();
  const headingId = `board-line-${line.memberId}`;
  const reviews = [...line.reviews].sort((a, b) => num(a.sinceMs) - num(b.sinceMs));
  return (
    <section className="panel board-line" aria-labelledby={headingId} data-testid="board-line" data-member-id={line.memberId}>
      <div className="section-header">
        <h2 id={headingId}>{line.memberName}</h2>
        {line.mentee && (
          <span className="tag" data-testid="board-mentee" title="Delegated by other senior PMs: you read and comment, they review">
            you mentor
          </span>
        )}
        <span className="board-stats muted" data-testid="board-stats">
          {plural(line.storiesInFlight, "story", "stories")} in flight · {plural(num(line.pointsInFlight), "point")} ·{" "}
          {line.storiesDone} done
        </span>
        {line.violated > 0 && (
          <span className="tag mark-violated" data-testid="board-violated">
            {plural(line.violated, "guardrail violated", "guardrails violated")}
          </span>
        )}
        {line.atRisk > 0 && (
          <span className="tag mark-at_risk" data-testid="board-at-risk">
            {line.atRisk} at risk
          </span>
        )}
      </div>
      {line.delegations.length > 0 && (
        <ul className="rows" aria-label={`Delegated to ${line.memberName}`}>
          {line.delegations.map((d) => (
            <li key={d.id} className="row" data-testid="board-delegation">
              <span>
                <DelegationLink delegation={d} />
                <span className="muted">
                  {" "}
                  · {d.productName}
                  {d.due ? ` · due ${d.due}` : ""}
                </span>
              </span>
              <span className={`tag state-${d.state}`}>{DELEGATION_STATE_LABEL[d.state]}</span>
            </li>
          ))}
        </ul>
      )}
      {reviews.length > 0 && (
        <>
          <h3>{line.mentee ? "Reviews waiting" : "Reviews waiting on you"}</h3>
          <ul className="rows" data-testid="board-reviews">
            {reviews.map((w) => (
              <Waiting key={w.storyId} waiting={w} now={now} on={line.mentee ? "reviewer" : "junior"} />
            ))}
          </ul>
        </>
      )}
      {line.overdueCheckins.length > 0 && (
        <>
          <h3>Check-ins overdue</h3>
          <ul className="rows" data-testid="board-overdue">
            {line.overdueCheckins.map((d) => (
              <li key={d.id} className="row">
                <DelegationLink delegation={d} />
                <span className="warn-text">
                  {d.checkinDueMs === null ? "overdue" : `due ${relativeTime(num(d.checkinDueMs), now)}`}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
