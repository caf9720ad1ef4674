import { useRef, type FormEvent, type KeyboardEvent } from "react";
import { useDraft, useQuery, useWrite } from "../state";

const NO_ARGS = {};

/** Organisation goals: the broad aims every roadmap must serve. */
export function GoalsPage() {
  const goals = useQuery("goal_list", NO_ARGS);
  const write = useWrite();
  const [title, setTitle] = useDraft("goal.title", "");
  const [description, setDescription] = useDraft("goal.description", "");
  const titleRef = useRef<HTMLInputElement>(null);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    const goal = await write((b) => b.call("goal_create", { title, description }));
    if (goal) {
      setTitle("");
      setDescription("");
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
        <button type="submit" data-testid="goal-add">
          Add goal
        </button>
      </form>

      {goals !== undefined &&
        (goals.length === 0 ? (
          <p className="empty">No goals yet — add the organisation&rsquo;s first goal above.</p>
        ) : (
          <ul className="goal-list" aria-label="Organisation goals">
            {goals.map((g) => (
              <li key={g.id} className="goal-item" data-testid="goal-item">
                <div className="goal-title">{g.title}</div>
                {g.description && <div className="goal-description muted">{g.description}</div>}
              </li>
            ))}
          </ul>
        ))}
    </div>
  );
}
