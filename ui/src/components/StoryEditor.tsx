import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import type { Criterion } from "../bindings/Criterion";
import type { Mark } from "../bindings/Mark";
import type { Stage } from "../bindings/Stage";
import type { StoryCheckReq } from "../bindings/StoryCheckReq";
import type { StoryFieldsReq } from "../bindings/StoryFieldsReq";
import type { StoryView } from "../bindings/StoryView";
import { MARK_LABEL, MARKS, num, STAGE_LABEL, STAGES } from "../delegation";
import { useApp, useDraft, useWrite } from "../state";

/** How long typing pauses before what was typed is saved. */
export const AUTOSAVE_MS = 500;

type TextField = "title" | "asA" | "iWant" | "soThat" | "dev" | "qa";

/** What is typed and not yet read back from the core; absent fields show the story's value. */
interface StoryDraft {
  title?: string;
  asA?: string;
  iWant?: string;
  soThat?: string;
  dev?: string;
  qa?: string;
  /** As typed (a number once it parses). */
  points?: string;
  /** The whole list, empty rows included (those are not sent). */
  criteria?: Criterion[];
  /** By guardrail id. */
  checks?: Record<string, { mark: Mark; note: string }>;
}

type SaveState = "idle" | "pending" | "saving" | "saved" | "failed";

const TEXT_FIELDS: readonly TextField[] = ["title", "asA", "iWant", "soThat", "dev", "qa"];

function sameCriteria(a: readonly Criterion[], b: readonly Criterion[]): boolean {
  return a.length === b.length && a.every((c, i) => c.text === b[i].text && c.done === b[i].done);
}

/** The writes that bring `story` to what `draft` shows; what cannot be sent yet is left out
 * (an empty title, an empty criterion, a violated mark without a note, points not a number). */
function pendingWrites(story: StoryView, draft: StoryDraft): { fields: StoryFieldsReq; checks: StoryCheckReq[] } {
  const fields: StoryFieldsReq = {};
  for (const f of TEXT_FIELDS) {
    const value = draft[f];
    if (value === undefined || value === story[f]) continue;
    if (f === "title" && value.trim() === "") continue;
    fields[f] = value;
  }
  if (draft.points !== undefined && /^\d+$/.test(draft.points.trim())) {
    const points = Number(draft.points.trim());
    if (points !== num(story.points)) fields.points = points;
  }
  if (draft.criteria !== undefined) {
    const clean = draft.criteria.filter((c) => c.text.trim() !== "");
    if (!sameCriteria(clean, story.criteria)) fields.criteria = clean;
  }
  const checks: StoryCheckReq[] = [];
  for (const [guardrailId, c] of Object.entries(draft.checks ?? {})) {
    const now = story.checks.find((x) => x.guardrailId === guardrailId);
    if (!now || (now.mark === c.mark && now.note === c.note)) continue;
    if (c.mark === "unchecked" || (c.mark === "violated" && c.note.trim() === "")) continue;
    checks.push({ id: story.id, guardrailId, mark: c.mark, note: c.note });
  }
  return { fields, checks };
}

/** `draft` without what `story` already holds (read back from the core). */
function settled(story: StoryView, draft: StoryDraft): StoryDraft {
  const rest: StoryDraft = { ...draft };
  for (const f of TEXT_FIELDS) if (rest[f] === story[f]) delete rest[f];
  if (rest.points !== undefined && rest.points.trim() === String(num(story.points))) delete rest.points;
  if (rest.criteria !== undefined && sameCriteria(rest.criteria, story.criteria)) delete rest.criteria;
  if (rest.checks !== undefined) {
    const checks = { ...rest.checks };
    for (const [id, c] of Object.entries(checks)) {
      const now = story.checks.find((x) => x.guardrailId === id);
      if (now && now.mark === c.mark && now.note === c.note) delete checks[id];
    }
    if (Object.keys(checks).length === 0) delete rest.checks;
    else rest.checks = checks;
  }
  return rest;
}

/**
 * Saves a story as it is typed: each change waits for a pause (`AUTOSAVE_MS`), then one
 * `story_update` (and a `story_check` per changed guardrail mark) sends what differs. What is
 * typed lives in the app's drafts, so leaving the page keeps it (a pending save is sent on the
 * way out, and a draft found on return is saved again).
 */
function useAutosave(story: StoryView) {
  const { backend, drafts, report, dismissError, refresh } = useApp();
  const key = `story.edit.${story.id}`;
  const [draft, setDraft] = useDraft<StoryDraft>(key, {});
  const [state, setState] = useState<SaveState>("idle");
  const timer = useRef<number | undefined>(undefined);
  const saving = useRef(false);
  const again = useRef(false);
  // The newest story known: the query's, or what the last save answered.
  const latest = useRef(story);

  // The read-back story holds what was typed: forget those draft fields.
  useEffect(() => {
    latest.current = story;
    const current = drafts.get(key) as StoryDraft | undefined;
    if (!current || saving.current) return;
    const rest = settled(story, current);
    if (Object.keys(rest).length !== Object.keys(current).length || JSON.stringify(rest) !== JSON.stringify(current)) {
      setDraft(rest);
    }
  }, [story, drafts, key, setDraft]);

  const save = useCallback(async (): Promise<void> => {
    timer.current = undefined;
    if (saving.current) {
      again.current = true;
      return;
    }
    const current = (drafts.get(key) as StoryDraft | undefined) ?? {};
    const { fields, checks } = pendingWrites(latest.current, current);
    if (Object.keys(fields).length === 0 && checks.length === 0) {
      setState((s) => (s === "pending" ? "saved" : s));
      return;
    }
    saving.current = true;
    setState("saving");
    try {
      if (Object.keys(fields).length > 0) {
        latest.current = await backend.call("story_update", { id: story.id, fields });
      }
      for (const check of checks) latest.current = await backend.call("story_check", check);
      dismissError();
      setState("saved");
    } catch (error) {
      report(error);
      setState("failed");
    } finally {
      saving.current = false;
      refresh();
    }
    if (again.current) {
      again.current = false;
      await save();
    }
  }, [backend, drafts, key, story.id, report, dismissError, refresh]);

  const schedule = useCallback(
    (delay = AUTOSAVE_MS) => {
      window.clearTimeout(timer.current);
      setState("pending");
      timer.current = window.setTimeout(() => void save(), delay);
    },
    [save],
  );

  const change = useCallback(
    (next: StoryDraft) => {
      setDraft(next);
      schedule();
    },
    [setDraft, schedule],
  );

  // A draft left from an earlier visit is saved again; one still waiting is sent on the way out.
  useEffect(() => {
    const left = drafts.get(key) as StoryDraft | undefined;
    if (left && Object.keys(left).length > 0) schedule(0);
    return () => {
      if (timer.current !== undefined) {
        window.clearTimeout(timer.current);
        void save();
      }
    };
  }, [drafts, key, schedule, save]);

  // Deleting the story: no save waits while it goes (`pause`); once it is gone its draft goes
  // too (`drop`); if the core refused, what was typed is saved again (`resume`).
  const pause = useCallback(() => {
    window.clearTimeout(timer.current);
    timer.current = undefined;
    again.current = false;
  }, []);
  const drop = useCallback(() => drafts.delete(key), [drafts, key]);
  const resume = useCallback(() => {
    const left = drafts.get(key) as StoryDraft | undefined;
    if (left && Object.keys(left).length > 0) schedule(0);
  }, [drafts, key, schedule]);

  return { draft, change, state, deleting: { pause, drop, resume } };
}

/** The junior's editor of one story: every field saves as it is typed; Delete story (after an
 * inline confirmation) removes it, and `onDeleted` follows. */
export function StoryEditor({ story, onDeleted }: { story: StoryView; onDeleted?(): void }) {
  const { draft, change, state, deleting } = useAutosave(story);
  const text = (f: TextField) => draft[f] ?? story[f];
  const set = (f: TextField) => (value: string) => change({ ...draft, [f]: value });
  const criteria = draft.criteria ?? story.criteria;
  const points = draft.points ?? String(num(story.points));
  const checks = draft.checks ?? {};

  return (
    <div className="story-editor" data-testid="story-editor">
      <div className="save-state" role="status" aria-live="polite" data-testid="story-save-state" data-state={state}>
        {state === "pending" || state === "saving"
          ? "Saving…"
          : state === "saved"
            ? "Saved"
            : state === "failed"
              ? "Not saved"
              : ""}
      </div>
      <label className="wide">
        <span>Title</span>
        <input data-testid="story-title" value={text("title")} onChange={(e) => set("title")(e.target.value)} />
        {text("title").trim() === "" && <span className="warn-text hint">A story needs a title.</span>}
      </label>
      <div className="story-sentence">
        <label>
          <span>As a</span>
          <input data-testid="story-as-a" placeholder="returning shopper" value={text("asA")} onChange={(e) => set("asA")(e.target.value)} />
        </label>
        <label>
          <span>I want</span>
          <input data-testid="story-i-want" placeholder="to pay with a saved card" value={text("iWant")} onChange={(e) => set("iWant")(e.target.value)} />
        </label>
        <label>
          <span>So that</span>
          <input data-testid="story-so-that" placeholder="checkout takes seconds" value={text("soThat")} onChange={(e) => set("soThat")(e.target.value)} />
        </label>
      </div>
      <Criteria criteria={criteria} onChange={(next) => change({ ...draft, criteria: next })} />
      <div className="story-contacts">
        <label>
          <span>Developer</span>
          <input data-testid="story-dev" value={text("dev")} onChange={(e) => set("dev")(e.target.value)} />
        </label>
        <label>
          <span>QA</span>
          <input data-testid="story-qa" value={text("qa")} onChange={(e) => set("qa")(e.target.value)} />
        </label>
        <label>
          <span>Points</span>
          <input
            type="number"
            min={0}
            max={1000}
            className="points-input"
            data-testid="story-points-input"
            value={points}
            onChange={(e) => change({ ...draft, points: e.target.value })}
          />
        </label>
      </div>
      <StageControls story={story} />
      {story.checks.length > 0 && (
        <fieldset className="story-checks" data-testid="story-checks">
          <legend>Guardrails</legend>
          {story.checks.map((c) => {
            const shown = checks[c.guardrailId] ?? { mark: c.mark, note: c.note };
            const setCheck = (next: { mark: Mark; note: string }) =>
              change({ ...draft, checks: { ...checks, [c.guardrailId]: next } });
            const needsNote = shown.mark === "violated" && shown.note.trim() === "";
            return (
              <div key={c.guardrailId} className="story-check" data-testid="story-check" data-guardrail-id={c.guardrailId} data-mark={shown.mark}>
                <span className="check-statement">{c.statement}</span>
                <select
                  data-testid="story-check-mark"
                  aria-label={`How the story stands against: ${c.statement}`}
                  value={shown.mark}
                  className={`mark-${shown.mark}`}
                  onChange={(e) => setCheck({ ...shown, mark: e.target.value as Mark })}
                >
                  {shown.mark === "unchecked" && <option value="unchecked">{MARK_LABEL.unchecked}</option>}
                  {MARKS.map((m) => (
                    <option key={m} value={m}>
                      {MARK_LABEL[m]}
                    </option>
                  ))}
                </select>
                <input
                  className="grow"
                  data-testid="story-check-note"
                  aria-label={`Note on: ${c.statement}`}
                  placeholder={shown.mark === "violated" ? "How it violates it (needed)" : "Note"}
                  aria-invalid={needsNote}
                  value={shown.note}
                  onChange={(e) => setCheck({ ...shown, note: e.target.value })}
                />
                {needsNote && (
                  <span className="warn-text hint wide" data-testid="story-check-needs-note">
                    Say how the story violates it: the mark is saved with a note.
                  </span>
                )}
              </div>
            );
          })}
        </fieldset>
      )}
      <DeleteStory story={story} autosave={deleting} onDeleted={onDeleted} />
    </div>
  );
}

/** "Delete story", confirmed inline: the keyboard lands on Cancel, and Escape cancels. */
function DeleteStory({
  story,
  autosave,
  onDeleted,
}: {
  story: StoryView;
  autosave: { pause(): void; drop(): void; resume(): void };
  onDeleted?(): void;
}) {
  const write = useWrite();
  const [confirming, setConfirming] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const cancel = () => {
    setConfirming(false);
    // Back to the Delete button, unless the focus went somewhere already (a field clicked
    // meanwhile keeps it: stealing it would send the next keys to the page's shortcuts).
    requestAnimationFrame(() => {
      const at = document.activeElement;
      if (at === null || at === document.body) button.current?.focus();
    });
  };
  const remove = async () => {
    autosave.pause();
    const deleted = await write((b) => b.call("story_delete", { id: story.id }));
    if (deleted) {
      autosave.drop();
      onDeleted?.();
    } else {
      autosave.resume();
      setConfirming(false);
    }
  };
  if (!confirming) {
    return (
      <div className="story-delete">
        <button ref={button} type="button" className="danger" data-testid="story-delete" onClick={() => setConfirming(true)}>
          Delete story
        </button>
      </div>
    );
  }
  return (
    <div
      className="people-confirm story-delete"
      role="group"
      aria-label={`Delete ${story.title}?`}
      data-testid="story-delete-confirming"
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          e.stopPropagation();
          cancel();
        }
      }}
    >
      <span>Delete “{story.title}”? There is no undo.</span>
      <span className="form-actions">
        <button type="button" className="danger" data-testid="story-delete-confirm" onClick={() => void remove()}>
          Delete
        </button>
        <button type="button" autoFocus data-testid="story-delete-cancel" onClick={cancel}>
          Cancel
        </button>
      </span>
    </div>
  );
}

/** Acceptance criteria: an ordered checklist (add, remove, reorder with buttons or Alt+↑/↓,
 * tick). */
function Criteria({ criteria, onChange }: { criteria: readonly Criterion[]; onChange(next: Criterion[]): void }) {
  const list = useRef<HTMLOListElement>(null);
  const focusAt = useRef<number | null>(null);
  useEffect(() => {
    if (focusAt.current === null) return;
    const inputs = list.current?.querySelectorAll<HTMLInputElement>("[data-testid=criterion-text]");
    inputs?.[focusAt.current]?.focus();
    focusAt.current = null;
  });
  const update = (i: number, c: Criterion) => onChange(criteria.map((x, j) => (j === i ? c : x)));
  const move = (i: number, by: -1 | 1) => {
    const to = i + by;
    if (to < 0 || to >= criteria.length) return;
    const next = [...criteria];
    [next[i], next[to]] = [next[to], next[i]];
    focusAt.current = to;
    onChange(next);
  };
  const onKey = (i: number) => (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown")) {
      e.preventDefault();
      move(i, e.key === "ArrowUp" ? -1 : 1);
    } else if (e.key === "Enter") {
      e.preventDefault();
      focusAt.current = i + 1;
      onChange([...criteria.slice(0, i + 1), { text: "", done: false }, ...criteria.slice(i + 1)]);
    }
  };
  return (
    <div className="criteria" role="group" aria-labelledby="criteria-heading">
      <h3 id="criteria-heading">Acceptance criteria</h3>
      <ol className="criteria-list" ref={list} data-testid="criteria">
        {criteria.map((c, i) => (
          <li key={i} className="criterion" data-testid="criterion">
            <input
              type="checkbox"
              data-testid="criterion-done"
              aria-label={`Done: ${c.text || `criterion ${i + 1}`}`}
              checked={c.done}
              onChange={(e) => update(i, { ...c, done: e.target.checked })}
            />
            <input
              className="grow"
              data-testid="criterion-text"
              aria-label={`Criterion ${i + 1}`}
              aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown Enter"
              placeholder="Given … when … then …"
              value={c.text}
              onChange={(e) => update(i, { ...c, text: e.target.value })}
              onKeyDown={onKey(i)}
            />
            <button type="button" className="icon-button" aria-label={`Move criterion ${i + 1} up`} disabled={i === 0} onClick={() => move(i, -1)}>
              ↑
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={`Move criterion ${i + 1} down`}
              disabled={i === criteria.length - 1}
              onClick={() => move(i, 1)}
            >
              ↓
            </button>
            <button
              type="button"
              className="icon-button"
              data-testid="criterion-remove"
              aria-label={`Remove criterion ${i + 1}`}
              onClick={() => onChange(criteria.filter((_, j) => j !== i))}
            >
              ×
            </button>
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="link-button muted"
        data-testid="criterion-add"
        onClick={() => {
          focusAt.current = criteria.length;
          onChange([...criteria, { text: "", done: false }]);
        }}
      >
        + Add criterion
      </button>
    </div>
  );
}

/** The stage (the core says when a story may move on) and the blocked reason. */
function StageControls({ story }: { story: StoryView }) {
  const write = useWrite();
  const [reason, setReason] = useDraft(`story.blocked.${story.id}`, "");
  const block = async (e: FormEvent) => {
    e.preventDefault();
    const done = await write((b) => b.call("story_stage", { id: story.id, blocked: reason }));
    if (done) setReason("");
  };
  return (
    <div className="story-stage">
      <label>
        <span>Stage</span>
        <select
          data-testid="story-stage"
          value={story.stage}
          onChange={(e) => void write((b) => b.call("story_stage", { id: story.id, stage: e.target.value as Stage }))}
        >
          {STAGES.map((s) => (
            <option key={s} value={s}>
              {STAGE_LABEL[s]}
            </option>
          ))}
        </select>
      </label>
      {story.blocked ? (
        <span className="blocked" data-testid="story-blocked">
          <span className="warn-text">Blocked: {story.blocked}</span>{" "}
          <button
            type="button"
            data-testid="story-unblock"
            onClick={() => void write((b) => b.call("story_stage", { id: story.id, blocked: "" }))}
          >
            Unblock
          </button>
        </span>
      ) : (
        <form className="inline-form grow" onSubmit={block} aria-label="Mark blocked">
          <input
            className="grow"
            data-testid="story-blocked-reason"
            aria-label="Blocked because"
            placeholder="Blocked because…"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <button type="submit" data-testid="story-block">
            Mark blocked
          </button>
        </form>
      )}
    </div>
  );
}
