import {
  DndContext,
  DragOverlay,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type DragEndEvent,
  type DragStartEvent,
} from "@dnd-kit/core";
import { useState, type FormEvent } from "react";
import type { MemberView } from "../bindings/MemberView";
import type { PlannedStoryView } from "../bindings/PlannedStoryView";
import type { SprintView } from "../bindings/SprintView";
import { useShownMark } from "../marks";
import { addDays, defaultSprint, sprintLabel, today } from "../planning";
import { useDraft, useQuery, useWrite } from "../state";
import { plural } from "../time";
import { SprintBoard } from "./SprintBoard";
import "../planning.css";
import "../strategy.css";

const NO_ARGS = {};
const DEFAULT_CAPACITY = 20;

/** Why a story's Plan button is off, or null when it is on. */
function planBlocker(p: PlannedStoryView, sprint: SprintView | undefined): string | null {
  if (!p.canPlan) return "Only its junior PM or the PM who delegated it may plan it";
  if (!sprint) return "Create a sprint first";
  if (sprint.closed) return "This sprint is closed: choose an open one";
  return null;
}

/**
 * Sprint planning for a product: its approved stories not yet in a sprint (the backlog), planned
 * into the chosen sprint by the Plan button or by dragging; the sprint's capacity, board and
 * burn-up; and closing it, saying where unfinished work goes.
 */
export function SprintsPage({ me }: { me: MemberView }) {
  const products = useQuery("product_list", NO_ARGS);
  const [productId, setProductId] = useDraft<string>("sprints.product", "");
  const product = products?.find((p) => p.id === productId) ?? products?.[0];
  const sprints = useQuery("sprint_list", product ? { productId: product.id } : null);
  const [sprintId, setSprintId] = useDraft<string>("sprints.sprint", "");
  const sprint = sprints?.find((s) => s.id === sprintId) ?? (sprints ? defaultSprint(sprints, today()) : undefined);
  const backlog = useQuery("sprint_backlog", product ? { productId: product.id } : null);
  const board = useQuery("sprint_board", sprint ? { id: sprint.id } : null);
  useShownMark("sprints", backlog !== undefined);
  const write = useWrite();
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }));
  const [dragged, setDragged] = useState<PlannedStoryView | null>(null);

  const mayManage = sprints === undefined ? false : sprints.length > 0 ? sprints.some((s) => s.canManage) : me.role !== "junior";
  const plan = (storyId: string) => {
    if (sprint && !sprint.closed) void write((b) => b.call("sprint_plan", { storyId, sprintId: sprint.id }));
  };
  const onDragEnd = (e: DragEndEvent) => {
    setDragged(null);
    const story = e.active.data.current as PlannedStoryView | undefined;
    if (story && e.over?.id === "sprint-drop" && planBlocker(story, sprint) === null) plan(story.story.id);
  };
  const onDragStart = (e: DragStartEvent) => setDragged((e.active.data.current as PlannedStoryView | undefined) ?? null);

  if (products !== undefined && products.length === 0) {
    return (
      <div className="planning-page" data-testid="sprints-page">
        <header className="page-header">
          <h1>Sprints</h1>
        </header>
        <p className="empty">No products yet: add one on the Roadmap, then plan its sprints here.</p>
      </div>
    );
  }

  return (
    <div className="planning-page" data-testid="sprints-page">
      <header className="page-header">
        <h1>Sprints</h1>
        <label className="field-inline">
          <span>Product</span>
          <select
            data-testid="sprint-product"
            value={product?.id ?? ""}
            onChange={(e) => {
              setProductId(e.target.value);
              setSprintId("");
            }}
          >
            {products?.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          <span>Sprint</span>
          <select
            data-testid="sprint-select"
            value={sprint?.id ?? ""}
            disabled={!sprints || sprints.length === 0}
            title={sprints && sprints.length === 0 ? "No sprint yet: create one below" : undefined}
            onChange={(e) => setSprintId(e.target.value)}
          >
            {sprints?.length === 0 && <option value="">— no sprint yet —</option>}
            {sprints?.map((s) => (
              <option key={s.id} value={s.id}>
                {sprintLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <p className="muted">
          Plan approved stories into a sprint: drag them from the backlog, or use “Plan →”. Stories move across the board
          as their junior PM works on them.
        </p>
      </header>
      {product && mayManage && sprints && (
        <NewSprint productId={product.id} names={sprints.map((s) => s.name)} after={sprints.at(-1)} onCreated={setSprintId} />
      )}
      <DndContext sensors={sensors} onDragStart={onDragStart} onDragEnd={onDragEnd} onDragCancel={() => setDragged(null)}>
        <div className="sprint-planning">
          <section className="panel sprint-backlog" data-testid="sprint-backlog" aria-labelledby="backlog-heading">
            <div className="section-header">
              <h2 id="backlog-heading">Backlog</h2>
              {backlog && (
                <span className="muted">
                  {plural(backlog.length, "story", "stories")} ·{" "}
                  {plural(
                    backlog.reduce((n, p) => n + p.story.points, 0),
                    "point",
                  )}
                </span>
              )}
            </div>
            {backlog !== undefined &&
              (backlog.length === 0 ? (
                <p className="empty">
                  Nothing to plan: stories appear here once their senior PM approves them, until a sprint holds them.
                </p>
              ) : (
                <ul className="rows">
                  {backlog.map((p) => (
                    <BacklogRow key={p.story.id} planned={p} blocker={planBlocker(p, sprint)} onPlan={plan} />
                  ))}
                </ul>
              ))}
          </section>
          <SprintDrop sprint={sprint} open={sprint !== undefined && !sprint.closed}>
            {sprint === undefined ? (
              <p className="empty">
                {sprints === undefined
                  ? ""
                  : mayManage
                    ? "No sprint yet: create the first one above."
                    : "No sprint yet: the product's owner creates them."}
              </p>
            ) : (
              <SprintSummary sprint={board?.sprint ?? sprint} />
            )}
          </SprintDrop>
        </div>
        <DragOverlay dropAnimation={null}>
          {dragged && <div className="backlog-drag">{dragged.story.title}</div>}
        </DragOverlay>
      </DndContext>
      {board && sprints && board.sprint.id === sprint?.id && <SprintBoard board={board} sprints={sprints} />}
    </div>
  );
}

/** The sprint area the backlog's rows are dropped on. */
function SprintDrop({ sprint, open, children }: { sprint: SprintView | undefined; open: boolean; children: React.ReactNode }) {
  const { setNodeRef, isOver } = useDroppable({ id: "sprint-drop", disabled: !open });
  return (
    <section
      ref={setNodeRef}
      className={`panel sprint-area${isOver ? " over" : ""}`}
      data-testid="sprint-area"
      aria-labelledby="sprint-heading"
    >
      <div className="section-header">
        <h2 id="sprint-heading">{sprint ? sprint.name : "Sprint"}</h2>
        {sprint?.closed && <span className="tag closed-tag">closed</span>}
      </div>
      {children}
    </section>
  );
}

/** Dates, the capacity bar ("5 of 20 points planned · 2 done") and counts of a sprint. */
function SprintSummary({ sprint }: { sprint: SprintView }) {
  const over = sprint.points > sprint.capacity;
  const scale = Math.max(sprint.capacity, sprint.points, 1);
  return (
    <>
      <p className="muted">
        {sprint.startsOn} – {sprint.endsOn} · capacity {plural(sprint.capacity, "point")}
      </p>
      <div
        className={`capacity${over ? " over" : ""}`}
        data-testid="capacity-bar"
        title={over ? "More points planned than the sprint's capacity" : undefined}
      >
        <div className="capacity-track" aria-hidden="true">
          <div className="capacity-planned" style={{ width: `${(sprint.points / scale) * 100}%` }} />
          <div className="capacity-done" style={{ width: `${(sprint.pointsDone / scale) * 100}%` }} />
        </div>
        <span className="capacity-text">
          {sprint.points} of {plural(sprint.capacity, "point")} planned · {sprint.pointsDone} done
          {over ? " · over capacity" : ""}
        </span>
      </div>
      <p className="muted">
        {plural(sprint.stories, "story", "stories")}, {sprint.storiesDone} done
        {sprint.closed ? "" : ". Drop a backlog story here to plan it."}
      </p>
    </>
  );
}

function BacklogRow({
  planned,
  blocker,
  onPlan,
}: {
  planned: PlannedStoryView;
  blocker: string | null;
  onPlan(storyId: string): void;
}) {
  const { listeners, setNodeRef, isDragging } = useDraggable({
    id: `backlog ${planned.story.id}`,
    data: planned,
    disabled: blocker !== null,
  });
  // The Plan button is the keyboard's way: the row itself is no focus stop (no drag attributes).
  return (
    <li
      ref={setNodeRef}
      className={`row backlog-row${isDragging ? " dragging" : ""}${blocker === null ? " draggable" : ""}`}
      data-testid="backlog-story"
      {...listeners}
    >
      <span className="backlog-main">
        <span className="story-title">{planned.story.title}</span>
        <span className="muted">
          {" "}
          · {plural(planned.story.points, "pt", "pts")} · {planned.itemTitle} · {planned.juniorName}
        </span>
      </span>
      <button
        type="button"
        data-testid="plan-story"
        disabled={blocker !== null}
        title={blocker ?? "Plan it into this sprint"}
        onClick={() => onPlan(planned.story.id)}
      >
        Plan →
      </button>
    </li>
  );
}

/** "Sprint 15" after "Sprint 14": one more than the largest number ending a sprint's name. */
function nextSprintName(names: readonly string[]): string {
  const numbers = names.map((n) => /(\d+)\s*$/.exec(n)?.[1]).filter((d) => d !== undefined).map(Number);
  return `Sprint ${Math.max(names.length, ...numbers) + 1}`;
}

function NewSprint({
  productId,
  names,
  after,
  onCreated,
}: {
  productId: string;
  names: readonly string[];
  after: SprintView | undefined;
  onCreated(id: string): void;
}) {
  const write = useWrite();
  const start0 = after && after.endsOn >= today() ? addDays(after.endsOn, 1) : today();
  // Empty fields fall back to what they show as a placeholder or default.
  const [name, setName] = useState("");
  const [start, setStart] = useState<string | null>(null);
  const [end, setEnd] = useState<string | null>(null);
  const [capacity, setCapacity] = useState("");
  const shownStart = start ?? start0;
  const shownEnd = end ?? addDays(shownStart, 13);
  const defaultName = nextSprintName(names);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const created = await write((b) =>
      b.call("sprint_create", {
        productId,
        name: name.trim() || defaultName,
        startsOn: shownStart,
        endsOn: shownEnd,
        capacity: capacity.trim() === "" ? DEFAULT_CAPACITY : Number(capacity),
      }),
    );
    if (created) {
      setName("");
      setStart(null);
      setEnd(null);
      setCapacity("");
      onCreated(created.id);
    }
  };
  return (
    <form className="panel new-sprint" onSubmit={submit} aria-label="New sprint">
      <h2>New sprint</h2>
      <label>
        <span>Name</span>
        <input data-testid="sprint-new-name" data-shortcut-new placeholder={defaultName} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        <span>Starts</span>
        <input data-testid="sprint-new-start" type="date" value={shownStart} onChange={(e) => setStart(e.target.value)} />
      </label>
      <label>
        <span>Ends</span>
        <input data-testid="sprint-new-end" type="date" value={shownEnd} onChange={(e) => setEnd(e.target.value)} />
      </label>
      <label>
        <span>Capacity (points)</span>
        <input
          data-testid="sprint-new-capacity"
          type="number"
          min={0}
          placeholder={String(DEFAULT_CAPACITY)}
          value={capacity}
          onChange={(e) => setCapacity(e.target.value)}
        />
      </label>
      <button
        type="submit"
        className="primary"
        data-testid="sprint-create"
        disabled={shownStart === "" || shownEnd === ""}
        title={shownStart === "" || shownEnd === "" ? "Give the sprint its first and last day" : undefined}
      >
        Create sprint
      </button>
    </form>
  );
}
