import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import Markdown from "react-markdown";
import type { BriefReq } from "../bindings/BriefReq";
import type { CommentView } from "../bindings/CommentView";
import type { DelegatedItemView } from "../bindings/DelegatedItemView";
import type { DelegationView } from "../bindings/DelegationView";
import type { StoryView } from "../bindings/StoryView";
import {
  cadenceText,
  DELEGATION_STATE_LABEL,
  MARK_LABEL,
  num,
  STAGE_LABEL,
  STORY_STATUS_LABEL,
  threads,
  waitedFor,
} from "../delegation";
import { useShownMark } from "../marks";
import { useDraft, useQuery, useWrite } from "../state";
import { GUARDRAIL_KIND_LABEL } from "../strategy";
import { plural, relativeTime, useNow } from "../time";
import { BriefFields } from "./DelegateDialog";
import { MARKDOWN_COMPONENTS } from "./ItemDetail";
import { StoryEditor } from "./StoryEditor";
import "../delegation.css";
import "../strategy.css";

const MOVE_HINT_ID = "story-move-hint";
const NO_ARGS = {};

/**
 * A delegated item: the brief (amended by the delegator), the question and its answer, the
 * item's requirements and guardrails, the stories in order (added, reordered, sent for review
 * by the junior PM), one story open at a time (its editor, review and thread), the check-ins,
 * and Complete / Withdraw for the delegator. Who may do what is the core's `canManage`,
 * `canWork`, `canComment` and `canReview`.
 */
export function DelegationPage({
  id,
  request,
  onBack,
}: {
  id: string;
  /** The story to open, with a number that changes on every request to open it. */
  request: { storyId: string | null; n: number };
  onBack(): void;
}) {
  const view = useQuery("delegation_get", { id });
  const [openId, setOpenId] = useDraft<string | null>(`delegation.story.${id}`, request.storyId);
  useShownMark("delegation", view !== undefined);
  // Asked (again) to open a story: open it.
  const asked = useRef(request.n);
  useEffect(() => {
    if (asked.current === request.n) return;
    asked.current = request.n;
    if (request.storyId) setOpenId(request.storyId);
  }, [request, setOpenId]);

  if (view === undefined) {
    return (
      <div className="delegation-page" data-testid="delegation-page">
        <BackButton onBack={onBack} />
      </div>
    );
  }
  const d = view.delegation;
  const open = view.stories.find((s) => s.id === openId) ?? null;
  const done = view.stories.filter((s) => s.status === "done").length;

  return (
    <div className="delegation-page delegated-item" data-testid="delegation-page" data-delegation-id={d.id}>
      <BackButton onBack={onBack} />
      <header className="page-header">
        <h1 data-testid="delegation-title">{d.itemTitle}</h1>
        <span className={`tag state-${d.state}`} data-testid="delegation-state">
          {DELEGATION_STATE_LABEL[d.state]}
        </span>
        <p className="muted" data-testid="delegation-meta">
          {d.productName} · delegated by {d.fromName} to {d.toName} ·{" "}
          {plural(view.stories.length, "story", "stories")}, {done} done · {num(view.pointsDone)}/
          {num(view.pointsTotal)} points done
        </p>
      </header>

      <div className="delegation-columns">
        <div className="delegation-main">
          <Brief delegation={d} />
          <Question delegation={d} />
          {d.canWork && (d.state === "offered" || d.state === "questioned") && <OfferActions delegation={d} />}
          <Stories view={view} openId={open?.id ?? null} onOpen={setOpenId} />
          {open && (
            <StoryPanel
              key={open.id}
              view={view}
              story={open}
              onClose={() => {
                setOpenId(null);
                document.querySelector<HTMLElement>(`[data-story-id="${open.id}"] .story-open`)?.focus();
              }}
              onDeleted={() => {
                // Its row is gone: the keyboard goes to the new story's title.
                setOpenId(null);
                requestAnimationFrame(() => document.querySelector<HTMLElement>("[data-testid=story-new-title]")?.focus());
              }}
            />
          )}
          <section className="panel" aria-labelledby="discussion-heading" data-testid="delegation-discussion">
            <h2 id="discussion-heading">Discussion</h2>
            <Thread
              comments={view.comments.filter((c) => c.storyId === null)}
              target={{ delegationId: d.id }}
              canComment={view.canComment}
            />
          </section>
          {d.canManage && <ManageActions delegation={d} />}
        </div>
        <div className="delegation-side">
          <Checkins view={view} />
          <section className="panel" aria-labelledby="delegated-requirements-heading">
            <h2 id="delegated-requirements-heading">Requirements</h2>
            <div className="markdown" data-testid="delegation-requirements">
              {view.requirements.trim() === "" ? (
                <p className="empty">No requirements written.</p>
              ) : (
                <Markdown components={MARKDOWN_COMPONENTS}>{view.requirements}</Markdown>
              )}
            </div>
          </section>
          <section className="panel" aria-labelledby="delegated-guardrails-heading">
            <h2 id="delegated-guardrails-heading">Guardrails</h2>
            {view.guardrails.length === 0 ? (
              <p className="empty">No guardrails on this item.</p>
            ) : (
              <ul className="rows" data-testid="delegation-guardrails">
                {view.guardrails.map((g) => (
                  <li key={g.id} className="row">
                    <span>
                      <span className={`tag kind kind-${g.kind}`}>{GUARDRAIL_KIND_LABEL[g.kind]}</span> {g.statement}
                      {g.inherited && <span className="muted"> · from {g.itemTitle}</span>}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      </div>
    </div>
  );
}

function BackButton({ onBack }: { onBack(): void }) {
  return (
    <button type="button" className="link-button muted back" data-testid="delegation-back" onClick={onBack}>
      ← Back
    </button>
  );
}

type BriefDraft = { scope?: string; nonGoals?: string; decisions?: string; due?: string; cadence?: string };

/** The brief: read, or amended by the delegator while the delegation is open. */
function Brief({ delegation: d }: { delegation: DelegationView }) {
  const write = useWrite();
  const key = `brief.${d.id}`;
  const [edits, setEdits] = useDraft<BriefDraft>(key, {});
  const [editing, setEditing] = useDraft(`brief.editing.${d.id}`, false);
  const open = d.state === "offered" || d.state === "questioned" || d.state === "accepted";
  const now = useNow();

  const shown = {
    scope: edits.scope ?? d.scope,
    nonGoals: edits.nonGoals ?? d.nonGoals,
    decisions: edits.decisions ?? d.decisions,
    due: edits.due ?? d.due,
    cadence: edits.cadence ?? String(num(d.cadenceDays)),
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const brief: BriefReq = {};
    if (shown.scope !== d.scope) brief.scope = shown.scope;
    if (shown.nonGoals !== d.nonGoals) brief.nonGoals = shown.nonGoals;
    if (shown.decisions !== d.decisions) brief.decisions = shown.decisions;
    if (shown.due !== d.due) brief.due = shown.due;
    if (shown.cadence !== String(num(d.cadenceDays))) brief.cadenceDays = Number(shown.cadence);
    if (Object.keys(brief).length === 0) {
      setEditing(false);
      return;
    }
    const saved = await write((b) => b.call("delegate_amend", { id: d.id, brief }));
    if (saved) {
      setEdits({});
      setEditing(false);
    }
  };

  if (editing && d.canManage && open) {
    return (
      <section className="panel" aria-labelledby="brief-heading" data-testid="delegation-brief">
        <h2 id="brief-heading">Brief</h2>
        <form className="brief-form" onSubmit={save} aria-label="Amend the brief">
          <BriefFields
            value={shown}
            onChange={(next) => setEdits({ ...edits, ...next })}
            prefix="brief"
          />
          <div className="form-actions">
            <button type="submit" className="primary" data-testid="brief-save">
              Save brief
            </button>
            <button
              type="button"
              className="link-button muted"
              data-testid="brief-cancel"
              onClick={() => {
                setEdits({});
                setEditing(false);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      </section>
    );
  }

  return (
    <section className="panel" aria-labelledby="brief-heading" data-testid="delegation-brief">
      <div className="section-header">
        <h2 id="brief-heading">Brief</h2>
        {d.amendedMs > 0 && (
          <span className="muted" data-testid="brief-amended">
            amended {relativeTime(num(d.amendedMs), now)}
          </span>
        )}
        {d.canManage && open && (
          <button type="button" className="link-button muted" data-testid="brief-edit" onClick={() => setEditing(true)}>
            Amend
          </button>
        )}
      </div>
      <dl className="facts brief">
        <dt>Scope</dt>
        <dd data-testid="brief-scope">{d.scope || <span className="muted">—</span>}</dd>
        <dt>Non-goals</dt>
        <dd data-testid="brief-non-goals">{d.nonGoals || <span className="muted">—</span>}</dd>
        <dt>Decides alone</dt>
        <dd data-testid="brief-decisions">{d.decisions || <span className="muted">—</span>}</dd>
        <dt>Due</dt>
        <dd data-testid="brief-due">{d.due || <span className="muted">no date</span>}</dd>
        <dt>Check-ins</dt>
        <dd data-testid="brief-cadence">{cadenceText(num(d.cadenceDays))}</dd>
      </dl>
    </section>
  );
}

/** The junior's question and the delegator's answer (answered here by the delegator). */
function Question({ delegation: d }: { delegation: DelegationView }) {
  const write = useWrite();
  const [answer, setAnswer] = useDraft(`answer.${d.id}`, "");
  if (!d.question) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const done = await write((b) => b.call("delegate_answer", { id: d.id, text: answer }));
    if (done) setAnswer("");
  };
  return (
    <section className="panel qa" aria-labelledby="qa-heading" data-testid="delegation-question">
      <h2 id="qa-heading">Question</h2>
      <p>
        <span className="muted">{d.toName} asked:</span> <span data-testid="question-text">{d.question}</span>
      </p>
      {d.answer && (
        <p>
          <span className="muted">{d.fromName} answered:</span> <span data-testid="answer-text">{d.answer}</span>
        </p>
      )}
      {d.canManage && !d.questionAnswered && (
        <form className="inline-form" onSubmit={submit} aria-label="Answer the question">
          <textarea
            className="grow"
            rows={2}
            data-testid="answer-input"
            aria-label="Your answer"
            value={answer}
            onChange={(e) => setAnswer(e.target.value)}
          />
          <button type="submit" data-testid="answer-send">
            Answer
          </button>
        </form>
      )}
    </section>
  );
}

/** On an offer, for the junior: accept, or ask a question first. */
function OfferActions({ delegation: d }: { delegation: DelegationView }) {
  const write = useWrite();
  const [question, setQuestion] = useDraft(`inbox.question.${d.id}`, "");
  const ask = async (e: FormEvent) => {
    e.preventDefault();
    const asked = await write((b) => b.call("delegate_ask", { id: d.id, text: question }));
    if (asked) setQuestion("");
  };
  return (
    <section className="panel" aria-label="Answer the offer" data-testid="delegation-offer">
      <div className="form-actions">
        <button
          type="button"
          className="primary"
          data-testid="delegation-accept"
          onClick={() => void write((b) => b.call("delegate_accept", { id: d.id }))}
        >
          Accept
        </button>
        <span className="muted">or ask {d.fromName} a question first:</span>
      </div>
      <form className="inline-form" onSubmit={ask} aria-label="Ask a question">
        <textarea
          className="grow"
          rows={2}
          data-testid="delegation-question-input"
          aria-label="Your question"
          value={question}
          onChange={(e) => setQuestion(e.target.value)}
        />
        <button type="submit" data-testid="delegation-question-send">
          Ask
        </button>
      </form>
    </section>
  );
}

/** Complete (once running), Reassign and Withdraw (after a confirmation), for the delegator
 * and leadership (`canManage`); the core judges each. */
function ManageActions({ delegation: d }: { delegation: DelegationView }) {
  const write = useWrite();
  const [confirming, setConfirming] = useState(false);
  const [reassigning, setReassigning] = useState(false);
  const reassignButton = useRef<HTMLButtonElement>(null);
  const open = d.state === "offered" || d.state === "questioned" || d.state === "accepted";
  if (!open) return null;
  if (reassigning) {
    return (
      <div className="detail-actions manage-actions" data-testid="delegation-manage">
        <ReassignForm
          delegation={d}
          onClose={() => {
            setReassigning(false);
            requestAnimationFrame(() => reassignButton.current?.focus());
          }}
        />
      </div>
    );
  }
  return (
    <div className="detail-actions manage-actions" data-testid="delegation-manage">
      <button
        ref={reassignButton}
        type="button"
        data-testid="delegation-reassign"
        onClick={() => {
          setConfirming(false);
          setReassigning(true);
        }}
      >
        Reassign…
      </button>
      {d.state === "accepted" && (
        <button
          type="button"
          data-testid="delegation-complete"
          onClick={() => void write((b) => b.call("delegate_complete", { id: d.id }))}
        >
          Mark completed
        </button>
      )}
      {confirming ? (
        <span className="people-confirm" role="group" aria-label="Withdraw the delegation?">
          <span>
            Withdraw {d.itemTitle} from {d.toName}? Their stories stay, but no more work happens under it.
          </span>
          <span className="form-actions">
            <button
              type="button"
              className="danger"
              data-testid="delegation-withdraw-confirm"
              onClick={() => void write((b) => b.call("delegate_withdraw", { id: d.id })).then(() => setConfirming(false))}
            >
              Withdraw
            </button>
            <button type="button" autoFocus data-testid="delegation-withdraw-cancel" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </span>
        </span>
      ) : (
        <button type="button" className="danger" data-testid="delegation-withdraw" onClick={() => setConfirming(true)}>
          Withdraw…
        </button>
      )}
    </div>
  );
}

/** Hands the delegation to another junior PM (`delegate_reassign`); they answer it afresh. The
 * list is every other junior PM, my own reports first: whom I may hand it to is the core's
 * call, and a refusal (its message in the error banner) leaves the form open and nothing
 * changed. */
function ReassignForm({ delegation: d, onClose }: { delegation: DelegationView; onClose(): void }) {
  const write = useWrite();
  const members = useQuery("member_list", NO_ARGS);
  const me = useQuery("workspace_get", NO_ARGS)?.me;
  const juniors = useMemo(
    () =>
      (members ?? [])
        .filter((m) => m.role === "junior" && m.id !== d.toId)
        .sort((a, b) => Number(b.managerId === me?.id) - Number(a.managerId === me?.id) || a.name.localeCompare(b.name)),
    [members, me, d.toId],
  );
  const [chosen, setChosen] = useState("");
  const toId = juniors.some((j) => j.id === chosen) ? chosen : (juniors[0]?.id ?? "");

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (toId === "") return;
    const moved = await write((b) => b.call("delegate_reassign", { id: d.id, toId }));
    if (moved) onClose();
  };
  return (
    <form
      className="inline-form reassign-form"
      aria-label={`Reassign ${d.itemTitle}`}
      data-testid="reassign-form"
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <label>
        <span>Reassign from {d.toName} to</span>{" "}
        <select
          data-testid="reassign-to"
          autoFocus
          value={toId}
          onChange={(e) => setChosen(e.target.value)}
        >
          {members !== undefined && juniors.length === 0 && <option value="">— no other junior PM —</option>}
          {juniors.map((j) => (
            <option key={j.id} value={j.id}>
              {j.name}
              {j.managerId === me?.id ? " (reports to you)" : ""}
            </option>
          ))}
        </select>
      </label>
      <span className="muted">They answer the offer afresh.</span>
      <button type="submit" className="primary" data-testid="reassign-submit" aria-disabled={toId === ""}>
        Reassign
      </button>
      <button type="button" className="link-button muted" data-testid="reassign-cancel" onClick={onClose}>
        Cancel
      </button>
    </form>
  );
}

/** The stories in order: open one, reorder (Alt+↑/↓), select some and send them for review. */
function Stories({
  view,
  openId,
  onOpen,
}: {
  view: DelegatedItemView;
  openId: string | null;
  onOpen(id: string | null): void;
}) {
  const write = useWrite();
  const d = view.delegation;
  const writable = d.canWork && d.state === "accepted";
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [title, setTitle] = useDraft(`story.new.${d.id}`, "");
  const now = useNow();
  const refocus = useRef<string | null>(null);
  const stories = view.stories;
  const chosen = stories.filter((s) => selected.has(s.id));

  // After a keyboard move the row is re-ordered: keep the keyboard on it.
  useEffect(() => {
    const id = refocus.current;
    if (id === null) return;
    const button = document.querySelector<HTMLElement>(`[data-story-id="${id}"] .story-open`);
    if (button && document.activeElement !== button) button.focus();
  }, [stories]);

  const move = async (s: StoryView, by: -1 | 1) => {
    const at = stories.findIndex((x) => x.id === s.id);
    const to = at + by;
    if (to < 0 || to >= stories.length) return;
    // Before the story above, or before the one after the story below (absent: the end).
    const beforeId = by < 0 ? stories[to].id : stories[to + 1]?.id;
    refocus.current = s.id;
    const moved = await write((b) => b.call("story_move", beforeId ? { id: s.id, beforeId } : { id: s.id }));
    if (!moved) refocus.current = null;
  };

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const story = await write((b) => b.call("story_add", { delegationId: d.id, fields: { title } }));
    if (story) {
      setTitle("");
      onOpen(story.id);
    }
  };

  const requestReview = async () => {
    const ids = chosen.map((s) => s.id);
    const sent = await write((b) => b.call("review_request", { ids }));
    if (sent) setSelected(new Set());
  };

  return (
    <section className="panel" aria-labelledby="stories-heading" data-testid="delegation-stories">
      <div className="section-header">
        <h2 id="stories-heading">Stories</h2>
        {writable && stories.length > 1 && (
          <span className="hint muted" id={MOVE_HINT_ID}>
            Alt+↑ / Alt+↓ on a story moves it
          </span>
        )}
      </div>
      {stories.length === 0 ? (
        <p className="empty">
          {writable ? "No stories yet: add the first one below." : "No stories written yet."}
        </p>
      ) : (
        <ol className="story-list rows" aria-label="Stories">
          {stories.map((s) => (
            <li
              key={s.id}
              className={s.id === openId ? "row story-row open" : "row story-row"}
              data-testid="story-row"
              data-story-id={s.id}
              data-status={s.status}
            >
              {writable && (
                <input
                  type="checkbox"
                  data-testid="story-select"
                  aria-label={`Select ${s.title}`}
                  checked={selected.has(s.id)}
                  onChange={(e) => {
                    const next = new Set(selected);
                    if (e.target.checked) next.add(s.id);
                    else next.delete(s.id);
                    setSelected(next);
                  }}
                />
              )}
              <button
                type="button"
                className="link-button story-open"
                data-testid="story-open"
                aria-expanded={s.id === openId}
                aria-describedby={writable ? MOVE_HINT_ID : undefined}
                aria-keyshortcuts={writable ? "Alt+ArrowUp Alt+ArrowDown" : undefined}
                onClick={() => onOpen(s.id === openId ? null : s.id)}
                onKeyDown={(e: KeyboardEvent<HTMLButtonElement>) => {
                  if (!writable || !e.altKey || e.ctrlKey || e.metaKey) return;
                  if (e.key === "ArrowUp" || e.key === "ArrowDown") {
                    e.preventDefault();
                    void move(s, e.key === "ArrowUp" ? -1 : 1);
                  }
                }}
              >
                {s.title}
              </button>
              <span className="story-facts">
                <span className={`tag story-status status-${s.status}`} data-testid="story-status">
                  {STORY_STATUS_LABEL[s.status]}
                </span>
                <span className="muted" data-testid="story-points">
                  {plural(num(s.points), "pt", "pts")}
                </span>
                {s.waitingSinceMs !== null && (
                  <span className="muted" data-testid="story-waiting">
                    waiting {waitedFor(now - num(s.waitingSinceMs))}
                  </span>
                )}
              </span>
            </li>
          ))}
        </ol>
      )}
      {writable && (
        <div className="story-actions">
          <button
            type="button"
            data-testid="review-request"
            aria-disabled={chosen.length === 0}
            title={chosen.length === 0 ? "Select the stories to send for review" : undefined}
            onClick={() => {
              if (chosen.length > 0) void requestReview();
            }}
          >
            Request review{chosen.length > 0 ? ` (${chosen.length})` : ""}
          </button>
          <form className="inline-form grow" onSubmit={add} aria-label="Add a story">
            <input
              className="grow"
              data-testid="story-new-title"
              data-shortcut-new
              aria-label="New story title"
              placeholder="New story title (N)"
              value={title}
              onChange={(e) => setTitle(e.target.value)}
            />
            <button type="submit" data-testid="story-add">
              Add story
            </button>
          </form>
        </div>
      )}
    </section>
  );
}

/** One story open: its editor (the junior) or its content, what changed since the review, the
 * verdict (the delegator), and its thread. */
function StoryPanel({
  view,
  story,
  onClose,
  onDeleted,
}: {
  view: DelegatedItemView;
  story: StoryView;
  onClose(): void;
  onDeleted(): void;
}) {
  const d = view.delegation;
  const writable = d.canWork && d.state === "accepted";
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    panel.current?.focus();
  }, [story.id]);
  return (
    <section
      className="panel story-panel"
      aria-label={`Story: ${story.title}`}
      data-testid="story-panel"
      data-story-id={story.id}
      ref={panel}
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.key === "Escape" && e.target === e.currentTarget) {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <div className="section-header">
        <h2>{story.title}</h2>
        <span className={`tag story-status status-${story.status}`} data-testid="story-panel-status">
          {STORY_STATUS_LABEL[story.status]}
        </span>
        <button
          type="button"
          className="icon-button"
          data-testid="story-close"
          aria-label="Close story"
          title="Close"
          onClick={onClose}
        >
          ×
        </button>
      </div>
      {writable ? <StoryEditor story={story} onDeleted={onDeleted} /> : <StoryContent story={story} />}
      {story.changesSinceReview.length > 0 && <ChangesSinceReview story={story} reviewer={view.canReview} />}
      {story.exception && (
        <p className="note" data-testid="story-exception">
          <span className="muted">Guardrail exception:</span> {story.exception}
        </p>
      )}
      {view.canReview && story.status === "in_review" && <ReviewBox story={story} />}
      <h3>Review thread</h3>
      <Thread
        comments={view.comments.filter((c) => c.storyId === story.id)}
        target={{ storyId: story.id }}
        canComment={view.canComment}
      />
    </section>
  );
}

/** A story as written, for whoever does not write it. */
function StoryContent({ story: s }: { story: StoryView }) {
  return (
    <div className="story-content" data-testid="story-content">
      <p data-testid="story-sentence">
        <span className="muted">As a</span> {s.asA || "…"} <span className="muted">I want</span> {s.iWant || "…"}{" "}
        <span className="muted">so that</span> {s.soThat || "…"}
      </p>
      <h3>Acceptance criteria</h3>
      {s.criteria.length === 0 ? (
        <p className="empty">None yet.</p>
      ) : (
        <ol className="criteria-read" data-testid="story-criteria">
          {s.criteria.map((c, i) => (
            <li key={i} className={c.done ? "done" : undefined}>
              <span aria-label={c.done ? "done" : "not done"}>{c.done ? "☑" : "☐"}</span> {c.text}
            </li>
          ))}
        </ol>
      )}
      <dl className="facts">
        <dt>Developer</dt>
        <dd>{s.dev || <span className="muted">—</span>}</dd>
        <dt>QA</dt>
        <dd>{s.qa || <span className="muted">—</span>}</dd>
        <dt>Points</dt>
        <dd>{num(s.points)}</dd>
        <dt>Stage</dt>
        <dd>
          {STAGE_LABEL[s.stage]}
          {s.blocked && <span className="warn-text"> · blocked: {s.blocked}</span>}
        </dd>
      </dl>
      {s.checks.length > 0 && (
        <>
          <h3>Guardrails</h3>
          <ul className="rows" data-testid="story-checks">
            {s.checks.map((c) => (
              <li key={c.guardrailId} className="row" data-testid="story-check" data-mark={c.mark}>
                <span>
                  {c.statement}
                  {c.note && <span className="muted"> · {c.note}</span>}
                </span>
                <span className={`tag mark-${c.mark}`}>{MARK_LABEL[c.mark]}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** What changed since the last verdict, field by field. */
function ChangesSinceReview({ story, reviewer }: { story: StoryView; reviewer: boolean }) {
  return (
    <div className="changes-since" data-testid="story-changes">
      <h3>{reviewer ? "Changes since your review" : "Changes since the review"}</h3>
      <ul className="rows">
        {story.changesSinceReview.map((c, i) => (
          <li key={`${c.field} ${i}`} className="row" data-testid="story-change">
            <span>
              <span className="change-field">{c.field}</span>: <del className="muted">{c.before || "—"}</del> →{" "}
              <ins>{c.after || "—"}</ins>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The delegator's verdict: approve (an exception when a guardrail is violated), or ask for
 * changes with a comment. */
function ReviewBox({ story }: { story: StoryView }) {
  const write = useWrite();
  const [comment, setComment] = useDraft(`review.comment.${story.id}`, "");
  const [exception, setException] = useDraft(`review.exception.${story.id}`, "");
  const violated = story.checks.filter((c) => c.mark === "violated");

  const approve = async () => {
    const done = await write((b) =>
      b.call("review_approve", {
        id: story.id,
        ...(exception.trim() !== "" ? { exception } : {}),
        ...(comment.trim() !== "" ? { comment } : {}),
      }),
    );
    if (done) {
      setComment("");
      setException("");
    }
  };
  const requestChanges = async () => {
    const done = await write((b) => b.call("review_request_changes", { id: story.id, comment }));
    if (done) setComment("");
  };

  return (
    <div className="review-box" role="group" aria-label="Review" data-testid="review-box">
      <h3>Your review</h3>
      {violated.length > 0 && (
        <label className="wide">
          <span className="warn-text">
            Violates {violated.map((c) => `“${c.statement}”`).join(", ")}: approving needs an exception
          </span>
          <input
            data-testid="review-exception"
            placeholder="Why it may, this time"
            value={exception}
            onChange={(e) => setException(e.target.value)}
          />
        </label>
      )}
      <label className="wide">
        <span>Comment (needed to ask for changes)</span>
        <textarea
          rows={2}
          data-testid="review-comment"
          placeholder="What to change, or a note with your approval"
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
      </label>
      <div className="form-actions">
        <button type="button" className="primary" data-testid="review-approve" onClick={() => void approve()}>
          Approve
        </button>
        <button type="button" data-testid="review-changes" onClick={() => void requestChanges()}>
          Request changes
        </button>
      </div>
    </div>
  );
}

/** Threads of comments (on a story, or on the delegation): reply, resolve, start one. */
function Thread({
  comments,
  target,
  canComment,
}: {
  comments: CommentView[];
  target: { storyId: string } | { delegationId: string };
  canComment: boolean;
}) {
  const write = useWrite();
  const now = useNow();
  const targetId = "storyId" in target ? target.storyId : target.delegationId;
  const [body, setBody] = useDraft(`comment.new.${targetId}`, "");
  const list = threads(comments);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const added = await write((b) => b.call("comment_add", { ...target, body }));
    if (added) setBody("");
  };
  return (
    <div className="thread" data-testid="thread">
      {list.length === 0 && <p className="empty">No comments yet.</p>}
      {list.map(({ head, replies }) => (
        <CommentThread key={head.id} head={head} replies={replies} canComment={canComment} now={now} />
      ))}
      {canComment && (
        <form className="inline-form" onSubmit={submit} aria-label="New comment">
          <textarea
            className="grow"
            rows={2}
            data-testid="comment-new"
            aria-label="New comment"
            placeholder="Comment…"
            value={body}
            onChange={(e) => setBody(e.target.value)}
          />
          <button type="submit" data-testid="comment-add">
            Comment
          </button>
        </form>
      )}
    </div>
  );
}

function CommentThread({
  head,
  replies,
  canComment,
  now,
}: {
  head: CommentView;
  replies: CommentView[];
  canComment: boolean;
  now: number;
}) {
  const write = useWrite();
  const [replying, setReplying] = useState(false);
  const [reply, setReply] = useDraft(`comment.reply.${head.id}`, "");
  const send = async (e: FormEvent) => {
    e.preventDefault();
    const added = await write((b) => b.call("comment_add", { parentId: head.id, body: reply }));
    if (added) {
      setReply("");
      setReplying(false);
    }
  };
  const line = (c: CommentView) => (
    <div key={c.id} className="comment" data-testid="comment" data-comment-id={c.id}>
      <span className="comment-author">{c.authorName}</span>{" "}
      <span className="muted">· {relativeTime(num(c.atMs), now)}</span>
      <p className="comment-body">{c.body}</p>
    </div>
  );
  return (
    <div className={head.resolved ? "comment-thread resolved" : "comment-thread"} data-testid="comment-thread" data-resolved={head.resolved}>
      {line(head)}
      {replies.length > 0 && <div className="replies">{replies.map(line)}</div>}
      {canComment && (
        <div className="form-actions">
          {!replying && (
            <button type="button" className="link-button muted" data-testid="comment-reply" onClick={() => setReplying(true)}>
              Reply
            </button>
          )}
          <button
            type="button"
            className="link-button muted"
            data-testid="comment-resolve"
            onClick={() => void write((b) => b.call("comment_resolve", { id: head.id, resolved: !head.resolved }))}
          >
            {head.resolved ? "Reopen" : "Resolve"}
          </button>
          {head.resolved && <span className="muted">Resolved</span>}
        </div>
      )}
      {replying && (
        <form className="inline-form" onSubmit={send} aria-label="Reply">
          <input
            className="grow"
            data-testid="comment-reply-input"
            aria-label="Reply"
            autoFocus
            value={reply}
            onChange={(e) => setReply(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape") {
                e.preventDefault();
                setReplying(false);
              }
            }}
          />
          <button type="submit" data-testid="comment-reply-send">
            Reply
          </button>
        </form>
      )}
    </div>
  );
}

/** Check-ins, newest first; the junior posts one while the delegation runs. */
function Checkins({ view }: { view: DelegatedItemView }) {
  const write = useWrite();
  const d = view.delegation;
  const now = useNow();
  const [text, setText] = useDraft(`checkin.${d.id}`, "");
  const list = [...view.checkins].sort((a, b) => num(b.atMs) - num(a.atMs));
  const post = async (e: FormEvent) => {
    e.preventDefault();
    const posted = await write((b) => b.call("delegate_checkin", { id: d.id, text }));
    if (posted) setText("");
  };
  const due = d.checkinDueMs === null ? null : num(d.checkinDueMs);
  return (
    <section className="panel" aria-labelledby="checkins-heading" data-testid="delegation-checkins">
      <div className="section-header">
        <h2 id="checkins-heading">Check-ins</h2>
        {due !== null && (
          <span className={d.checkinOverdue ? "warn-text" : "muted"} data-testid="checkin-due">
            {d.checkinOverdue ? "overdue" : `next ${new Date(due).toLocaleDateString()}`}
          </span>
        )}
      </div>
      {d.canWork && d.state === "accepted" && (
        <form className="inline-form" onSubmit={post} aria-label="Post a check-in">
          <input
            className="grow"
            data-testid="checkin-input"
            aria-label="Check-in"
            placeholder="Where it stands, what is next"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" data-testid="checkin-post">
            Post
          </button>
        </form>
      )}
      {list.length === 0 ? (
        <p className="empty">No check-ins yet.</p>
      ) : (
        <ul className="rows">
          {list.map((c) => (
            <li key={c.id} className="row" data-testid="checkin">
              <span>{c.body}</span>
              <span className="muted">{relativeTime(num(c.atMs), now)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

