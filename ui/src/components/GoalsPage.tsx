import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import type { GoalUpdateReq } from "../bindings/GoalUpdateReq";
import type { GoalView } from "../bindings/GoalView";
import { useShownMark } from "../marks";
import { useDraft, useQuery, useWrite } from "../state";
import "../roadmap.css";

const NO_ARGS = {};

/** Organisation goals: the broad aims every roadmap must serve. `show`: a goal to bring into view (from search). */
export function GoalsPage({ show = null }: { show?: string | null }) {
  const goals = useQuery("goal_list", NO_ARGS);
  const write = useWrite();
  const [title, setTitle] = useDraft("goal.title", "");
  const [description, setDescription] = useDraft("goal.description", "");
  const [measure, setMeasure] = useDraft("goal.measure", "");
  const workspace = useQuery("workspace_get", NO_ARGS);
  // The core says whether I may edit goals (juniors read them). Nothing is editable before it
  // has answered, so a reader never sees the form flash.
  const editable = workspace?.can.editGoals ?? false;
  useShownMark("goals", goals !== undefined);
  const titleRef = useRef<HTMLInputElement>(null);
  // A goal opened from search: scrolled into view and focused once the list is there.
  const listed = goals !== undefined;
  useEffect(() => {
    if (!show || !listed) return;
    const row = document.querySelector<HTMLElement>(`[data-goal-id="${CSS.escape(show)}"]`);
    row?.scrollIntoView?.({ block: "center" });
    row?.focus();
  }, [show, listed]);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    const goal = await write((b) => b.call("goal_create", { title, description, measure }));
    if (goal) {
      setTitle("");
      setDescription("");
      setMeasure("");
      titleRef.current?.focus();
    }
  };

  // ⌘/Ctrl+Enter in the description submits too.
  const onDescriptionKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
      e.preventDefault();
      void submit();
    }
  };

  return (
    <div className="goals">
      <header className="page-header">
        <h1>Goals</h1>
        <p className="muted">The organisation&rsquo;s broad goals. Every 5-year theme serves one.</p>
      </header>

      {editable && (
        <form className="add-form goal-form" onSubmit={submit} aria-label="Add goal">
          <input
            ref={titleRef}
            data-testid="goal-title"
            data-shortcut-new
            aria-label="Goal title"
            placeholder="New goal title (N)"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
          <textarea
            data-testid="goal-description"
            aria-label="Goal description"
            placeholder="Description (optional)"
            rows={2}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            onKeyDown={onDescriptionKey}
          />
          <input
            data-testid="goal-measure"
            className="goal-measure-input"
            aria-label="How progress is measured"
            placeholder="How progress is measured (optional), e.g. net new self-serve ARR"
            value={measure}
            onChange={(e) => setMeasure(e.target.value)}
          />
          <button type="submit" data-testid="goal-add">
            Add goal
          </button>
        </form>
      )}

      {goals !== undefined &&
        (goals.length === 0 ? (
          <p className="empty">
            {editable
              ? "No goals yet — add the organisation\u2019s first goal above."
              : "No goals yet — a senior PM or leadership adds them."}
          </p>
        ) : (
          <ul className="goal-list" aria-label="Organisation goals">
            {goals.map((g) => (
              <GoalRow key={g.id} goal={g} editable={editable} found={g.id === show} />
            ))}
          </ul>
        ))}
    </div>
  );
}

interface GoalEdit {
  title: string;
  description: string;
  measure: string;
}

/** One goal: title, description and measure, all editable in place with one Edit form. */
function GoalRow({ goal: listed, editable, found }: { goal: GoalView; editable: boolean; found: boolean }) {
  const write = useWrite();
  const [editing, setEditing] = useState<GoalEdit | null>(null);
  // What was just saved shows until the re-read list answers: no flash of the old values.
  const [justSaved, setJustSaved] = useState<{ edit: GoalEdit; over: GoalView } | null>(null);
  const goal = justSaved !== null && justSaved.over === listed ? { ...listed, ...justSaved.edit } : listed;
  const editButton = useRef<HTMLButtonElement>(null);
  // Set on save or cancel: once the form is gone, the keyboard lands back on the row's Edit.
  const refocus = useRef(false);
  useEffect(() => {
    if (editing !== null || !refocus.current) return;
    refocus.current = false;
    editButton.current?.focus();
  }, [editing]);

  const close = () => {
    refocus.current = true;
    setEditing(null);
  };

  const save = async (e?: FormEvent) => {
    e?.preventDefault();
    if (editing === null) return;
    // Only what changed is sent; an untouched form just closes.
    const req: GoalUpdateReq = { id: goal.id };
    if (editing.title !== goal.title) req.title = editing.title;
    if (editing.description !== goal.description) req.description = editing.description;
    if (editing.measure !== goal.measure) req.measure = editing.measure;
    if (Object.keys(req).length === 1) {
      close();
      return;
    }
    // A refusal (an empty title) shows in the banner and keeps what was typed.
    const saved = await write((b) => b.call("goal_update", req));
    if (saved) {
      setJustSaved({ edit: editing, over: listed });
      close();
    }
  };

  const onKey = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === "Escape") {
      e.preventDefault();
      close();
    } else if (e.key === "Enter" && (e.metaKey || e.ctrlKey) && e.target instanceof HTMLTextAreaElement) {
      // ⌘/Ctrl+Enter in the description saves, as when adding a goal.
      e.preventDefault();
      void save();
    }
  };

  if (editing !== null) {
    return (
      <li className="goal-item" data-testid="goal-item" data-goal-id={goal.id}>
        <form className="goal-edit-form" onSubmit={save} onKeyDown={onKey} aria-label={`Edit ${goal.title}`}>
          <input
            data-testid="goal-title-input"
            aria-label="Goal title"
            autoFocus
            value={editing.title}
            onChange={(e) => setEditing({ ...editing, title: e.target.value })}
          />
          <textarea
            data-testid="goal-description-input"
            aria-label="Goal description"
            placeholder="Description (optional)"
            rows={2}
            value={editing.description}
            onChange={(e) => setEditing({ ...editing, description: e.target.value })}
          />
          <input
            data-testid="goal-measure-input"
            aria-label={`Measure of ${goal.title}`}
            placeholder="How progress is measured (optional)"
            value={editing.measure}
            onChange={(e) => setEditing({ ...editing, measure: e.target.value })}
          />
          <div className="form-actions">
            <button type="submit" data-testid="goal-measure-save">
              Save
            </button>
            <button type="button" onClick={close}>
              Cancel
            </button>
          </div>
        </form>
      </li>
    );
  }

  return (
    <li
      className={found ? "goal-item found" : "goal-item"}
      data-testid="goal-item"
      data-goal-id={goal.id}
      tabIndex={found ? -1 : undefined}
    >
      <div className="goal-title">{goal.title}</div>
      {goal.description && <div className="goal-description muted">{goal.description}</div>}
      {(goal.measure !== "" || editable) && (
        <div className="goal-measure">
          {goal.measure !== "" && (
            <>
              <span className="muted">Measured by </span>
              <span data-testid="goal-measure-text">{goal.measure}</span>
            </>
          )}
          {editable && (
            <button
              ref={editButton}
              type="button"
              className="link-button muted"
              data-testid="goal-measure-edit"
              aria-label={`Edit ${goal.title}`}
              onClick={() => setEditing({ title: goal.title, description: goal.description, measure: goal.measure })}
            >
              Edit
            </button>
          )}
        </div>
      )}
    </li>
  );
}
