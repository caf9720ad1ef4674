import { useState, type FormEvent, type ReactNode } from "react";
import type { DelegationView } from "../bindings/DelegationView";
import type { InboxActionView } from "../bindings/InboxActionView";
import type { MemberView } from "../bindings/MemberView";
import type { WaitingView } from "../bindings/WaitingView";
import { cadenceText, DELEGATION_STATE_LABEL, INBOX_KIND_LABEL, num, useNav, waitedFor } from "../delegation";
import { useShownMark } from "../marks";
import { useDraft, useQuery, useWrite } from "../state";
import { relativeTime, useNow } from "../time";
import "../delegation.css";

const NO_ARGS = {};

/**
 * The inbox: what waits on me as the junior PM of a delegation — work offered to me (accept it
 * or ask a question first), what needs my action (changes requested, questions answered,
 * comments), my stories in review and on whom they wait, and check-ins due (posted inline).
 * Then the delegated items I am working on, to open any of them.
 */
export function InboxPage({ me }: { me: MemberView }) {
  const inbox = useQuery("inbox_get", NO_ARGS);
  const mine = useQuery("delegation_list", { toId: me.id });
  const now = useNow();
  useShownMark("inbox", inbox !== undefined);
  const running = (mine ?? []).filter((d) => d.state === "accepted");

  return (
    <div className="delegation-page inbox" data-testid="inbox-page">
      <header className="page-header">
        <h1>Inbox</h1>
        <p className="muted">What waits on you: work offered to you, what needs your action, your stories in review.</p>
      </header>
      {inbox !== undefined && (
        <>
          <section className="panel" aria-labelledby="inbox-offered-heading" data-testid="inbox-offered">
            <h2 id="inbox-offered-heading">Offered to me</h2>
            {inbox.offered.length === 0 ? (
              <p className="empty">Nothing offered to you right now.</p>
            ) : (
              <ul className="rows">
                {inbox.offered.map((d) => (
                  <Offer key={d.id} delegation={d} />
                ))}
              </ul>
            )}
          </section>

          <section className="panel" aria-labelledby="inbox-actions-heading" data-testid="inbox-actions">
            <h2 id="inbox-actions-heading">Needs my action</h2>
            {inbox.actions.length === 0 ? (
              <p className="empty">Nothing needs your action.</p>
            ) : (
              <ul className="rows">
                {inbox.actions.map((a, i) => (
                  <Action key={`${a.delegationId} ${a.storyId ?? ""} ${a.kind} ${i}`} action={a} now={now} />
                ))}
              </ul>
            )}
          </section>

          <section className="panel" aria-labelledby="inbox-review-heading" data-testid="inbox-in-review">
            <h2 id="inbox-review-heading">In review</h2>
            {inbox.inReview.length === 0 ? (
              <p className="empty">None of your stories waits for review.</p>
            ) : (
              <ul className="rows">
                {inbox.inReview.map((w) => (
                  <Waiting key={w.storyId} waiting={w} now={now} />
                ))}
              </ul>
            )}
          </section>

          <section className="panel" aria-labelledby="inbox-checkins-heading" data-testid="inbox-checkins">
            <h2 id="inbox-checkins-heading">Check-ins due</h2>
            {inbox.checkinsDue.length === 0 ? (
              <p className="empty">No check-in due.</p>
            ) : (
              <ul className="rows">
                {inbox.checkinsDue.map((d) => (
                  <CheckinDue key={d.id} delegation={d} now={now} />
                ))}
              </ul>
            )}
          </section>

          {running.length > 0 && (
            <section className="panel" aria-labelledby="inbox-mine-heading" data-testid="inbox-mine">
              <h2 id="inbox-mine-heading">My delegated items</h2>
              <ul className="rows">
                {running.map((d) => (
                  <li key={d.id} className="row" data-testid="inbox-mine-row">
                    <span>
                      <DelegationLink delegation={d} />
                      <span className="muted">
                        {" "}
                        · {d.productName} · from {d.fromName}
                        {d.due ? ` · due ${d.due}` : ""}
                      </span>
                    </span>
                    <span className="tag">{DELEGATION_STATE_LABEL[d.state]}</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </div>
  );
}

/** The item's title as a link to the delegated item (and to one story in it). */
export function DelegationLink({
  delegation,
  storyId = null,
  children,
  testid = "delegation-link",
}: {
  delegation: { id: string; itemTitle: string };
  storyId?: string | null;
  children?: ReactNode;
  testid?: string;
}) {
  const nav = useNav();
  return (
    <button
      type="button"
      className="link-button"
      data-testid={testid}
      data-delegation-id={delegation.id}
      onClick={() => nav?.openDelegation(delegation.id, storyId)}
    >
      {children ?? delegation.itemTitle}
    </button>
  );
}

/** An offer: the brief in short, Accept, or a question back first. */
function Offer({ delegation: d }: { delegation: DelegationView }) {
  const write = useWrite();
  const [asking, setAsking] = useState(false);
  const [question, setQuestion] = useDraft(`inbox.question.${d.id}`, "");

  const ask = async (e: FormEvent) => {
    e.preventDefault();
    const asked = await write((b) => b.call("delegate_ask", { id: d.id, text: question }));
    if (asked) {
      setQuestion("");
      setAsking(false);
    }
  };

  return (
    <li className="row offer" data-testid="inbox-offer" data-delegation-id={d.id}>
      <div className="offer-body">
        <div>
          <DelegationLink delegation={d} />
          <span className="muted">
            {" "}
            · {d.productName} · offered by {d.fromName}
          </span>
        </div>
        <p className="brief-summary" data-testid="offer-brief">
          {d.scope || <span className="muted">No scope written.</span>}
          <span className="muted">
            {d.due ? ` · due ${d.due}` : ""} · check-ins {cadenceText(num(d.cadenceDays))}
          </span>
        </p>
        {d.question && (
          <p className="qa" data-testid="offer-question">
            <span className="muted">You asked:</span> {d.question}
            {d.answer && (
              <>
                <br />
                <span className="muted">{d.fromName} answered:</span> {d.answer}
              </>
            )}
          </p>
        )}
        {asking && (
          <form className="inline-form" onSubmit={ask} aria-label={`Ask ${d.fromName} about ${d.itemTitle}`}>
            <textarea
              className="grow"
              rows={2}
              data-testid="offer-question-input"
              aria-label="Your question"
              placeholder={`Ask ${d.fromName} before accepting…`}
              autoFocus
              value={question}
              onChange={(e) => setQuestion(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Escape") {
                  e.preventDefault();
                  setAsking(false);
                }
              }}
            />
            <button type="submit" data-testid="offer-question-send">
              Send question
            </button>
          </form>
        )}
      </div>
      <span className="row-actions">
        <button
          type="button"
          className="primary"
          data-testid="offer-accept"
          aria-label={`Accept ${d.itemTitle}`}
          onClick={() => void write((b) => b.call("delegate_accept", { id: d.id }))}
        >
          Accept
        </button>
        {!asking && (
          <button type="button" data-testid="offer-ask" onClick={() => setAsking(true)}>
            Ask a question
          </button>
        )}
      </span>
    </li>
  );
}

function Action({ action: a, now }: { action: InboxActionView; now: number }) {
  return (
    <li className="row" data-testid="inbox-action" data-kind={a.kind}>
      <span>
        <span className={`tag action-${a.kind}`}>{INBOX_KIND_LABEL[a.kind]}</span>{" "}
        <DelegationLink delegation={{ id: a.delegationId, itemTitle: a.itemTitle }} storyId={a.storyId}>
          {a.storyTitle ? `${a.storyTitle} · ${a.itemTitle}` : a.itemTitle}
        </DelegationLink>
        {a.text && <span className="action-text"> “{a.text}”</span>}
        <span className="muted">
          {" "}
          · {a.fromName} · {relativeTime(num(a.atMs), now)}
        </span>
      </span>
    </li>
  );
}

/** A story of mine waiting for review: on whom, for how long. */
export function Waiting({ waiting: w, now, on = "reviewer" }: { waiting: WaitingView; now: number; on?: "reviewer" | "junior" }) {
  return (
    <li className="row" data-testid="waiting-row" data-story-id={w.storyId}>
      <span>
        <DelegationLink delegation={{ id: w.delegationId, itemTitle: w.itemTitle }} storyId={w.storyId}>
          {w.storyTitle}
        </DelegationLink>
        <span className="muted"> · {w.itemTitle}</span>
      </span>
      <span className="muted waited" data-testid="waiting-for">
        {on === "reviewer"
          ? `waiting ${waitedFor(now - num(w.sinceMs))} on ${w.reviewerName}`
          : `${w.juniorName} · waiting ${waitedFor(now - num(w.sinceMs))}`}
      </span>
    </li>
  );
}

function CheckinDue({ delegation: d, now }: { delegation: DelegationView; now: number }) {
  const write = useWrite();
  const [text, setText] = useDraft(`checkin.${d.id}`, "");
  const due = d.checkinDueMs === null ? null : num(d.checkinDueMs);
  const post = async (e: FormEvent) => {
    e.preventDefault();
    const posted = await write((b) => b.call("delegate_checkin", { id: d.id, text }));
    if (posted) setText("");
  };
  return (
    <li className="row checkin-due" data-testid="inbox-checkin" data-delegation-id={d.id}>
      <div className="offer-body">
        <div>
          <DelegationLink delegation={d} />
          <span className={d.checkinOverdue ? "warn-text" : "muted"}>
            {" "}
            · {due === null ? "due" : due <= now ? `due since ${relativeTime(due, now)}` : "due soon"}
          </span>
        </div>
        <form className="inline-form" onSubmit={post} aria-label={`Check in on ${d.itemTitle}`}>
          <input
            className="grow"
            data-testid="checkin-input"
            aria-label={`Check-in on ${d.itemTitle}`}
            placeholder="Where it stands, what is next, what blocks you"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" data-testid="checkin-post">
            Post check-in
          </button>
        </form>
      </div>
    </li>
  );
}
