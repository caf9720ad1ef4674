import { useCallback, useMemo, useRef, useState, type CSSProperties, type FocusEvent, type ReactNode } from "react";
import type { AlignGoalView } from "../bindings/AlignGoalView";
import type { AlignNodeView } from "../bindings/AlignNodeView";
import type { AlignmentView } from "../bindings/AlignmentView";
import type { ItemView } from "../bindings/ItemView";
import { HORIZON_OPTION } from "../labels";
import { useShownMark } from "../marks";
import { useDraft, useQuery } from "../state";
import { STATUS_LABEL, countsText } from "../strategy";
import "../strategy.css";
import { useShownSpan, windowSlots, type Span } from "../windowing";
import { ItemDetail } from "./ItemDetail";
import { UndoToast } from "./UndoToast";

const NO_ARGS = {};
const ALL = "";

/**
 * Heights in px of the tree's parts. The tree is windowed (only what is near the screen is
 * rendered, see windowing.ts), so every height is fixed here; the stylesheet takes them from
 * these numbers (custom properties set on the tree) and cuts what would not fit.
 */
const ROW = 23; // one item's line
const GOAL_HEAD = 32; // a goal's title line, with the space above it
const GOAL_FOOT = 8; // below a goal's last theme
const GOAL_GAP = 8; // between goals
const UNALIGNED_ROW = 29; // a row of the unaligned list
const TREE_STYLE = {
  "--align-row": `${ROW}px`,
  "--align-goal-head": `${GOAL_HEAD}px`,
  "--align-goal-foot": `${GOAL_FOOT}px`,
  "--align-goal-gap": `${GOAL_GAP}px`,
  "--align-unaligned-row": `${UNALIGNED_ROW}px`,
} as CSSProperties;

/** The alignment answer indexed by item id: each item, what it sits under in the tree (null:
 * a theme or an unaligned item), and how many lines its subtree takes. */
interface TreeIndex {
  items: Map<string, ItemView>;
  parent: Map<string, string | null>;
  lines: Map<string, number>;
}

function indexOf(view: AlignmentView | undefined): TreeIndex {
  const index: TreeIndex = { items: new Map(), parent: new Map(), lines: new Map() };
  const walk = (n: AlignNodeView, parent: string | null): number => {
    index.items.set(n.item.id, n.item);
    index.parent.set(n.item.id, parent);
    const lines = n.children.reduce((sum, c) => sum + walk(c, n.item.id), 1);
    index.lines.set(n.item.id, lines);
    return lines;
  };
  for (const g of view?.goals ?? []) g.themes.forEach((t) => walk(t, null));
  view?.unaligned.forEach((n) => walk(n, null));
  return index;
}

/** `ids` and every item above them in the tree. */
function withAncestors(ids: readonly (string | null)[], index: TreeIndex): Set<string> {
  const out = new Set<string>();
  for (let id of ids) {
    while (id !== null && !out.has(id)) {
      out.add(id);
      id = index.parent.get(id) ?? null;
    }
  }
  return out;
}

/**
 * Alignment: organisation goal → theme → initiative → item with roll-up counts, then what is
 * aligned to nothing and the goals nothing serves. A click on an item opens its details.
 */
export function AlignmentPage() {
  const products = useQuery("product_list", NO_ARGS);
  const [scope, setScope] = useDraft<string>("alignment.product", ALL);
  const productId = products?.some((p) => p.id === scope) ? scope : ALL;
  const view = useQuery("alignment_get", productId === ALL ? NO_ARGS : { productId });
  const [openId, setOpenId] = useDraft<string | null>("alignment.open", null);
  const index = useMemo(() => indexOf(view), [view]);
  const items = index.items;
  const openItem = openId === null ? null : (items.get(openId) ?? null);
  const productName = useMemo(() => {
    const m = new Map<string, string>();
    for (const p of products ?? []) m.set(p.id, p.name);
    return m;
  }, [products]);
  const names = useMemo(() => {
    const m = new Map(productName);
    for (const g of view?.goals ?? []) m.set(g.goal.id, g.goal.title);
    for (const g of view?.unservedGoals ?? []) m.set(g.id, g.title);
    for (const [id, i] of items) m.set(id, i.title);
    return m;
  }, [productName, view, items]);
  // Several products: each theme and unaligned item says which product it belongs to.
  const showProduct = productId === ALL && (products?.length ?? 0) > 1;

  const [deleted, setDeleted] = useState<ItemView | null>(null);
  const forgetDeleted = useCallback(() => setDeleted(null), []);

  const close = useCallback(() => {
    const id = openId;
    setOpenId(null);
    if (id) document.querySelector<HTMLElement>(`[data-open-item="${id}"]`)?.focus();
  }, [openId, setOpenId]);

  useShownMark("alignment", view !== undefined);

  // The row with the keyboard focus stays rendered however far the page scrolls, as does the
  // open one, so neither loses its place.
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const keep = useMemo(() => withAncestors([openItem?.id ?? null, focusedId], index), [openItem, focusedId, index]);
  const onFocus = (e: FocusEvent) => {
    const row = e.target.closest<HTMLElement>("[data-item-id]");
    setFocusedId(row?.dataset.itemId ?? null);
  };
  const onBlur = (e: FocusEvent<HTMLElement>) => {
    if (!(e.relatedTarget instanceof Node && e.currentTarget.contains(e.relatedTarget))) setFocusedId(null);
  };

  const ctx: NodeContext = { openId: openItem?.id ?? null, onOpen: setOpenId, productName, showProduct, index, keep };

  return (
    <div className={openItem ? "strategy-page with-detail" : "strategy-page"}>
      <div className="strategy-main alignment">
        <header className="page-header">
          <h1>Alignment</h1>
          <label>
            <span className="sr-only">Products</span>
            <select
              data-testid="align-product"
              value={productId}
              onChange={(e) => {
                setScope(e.target.value);
                setOpenId(null);
              }}
            >
              <option value={ALL}>All products</option>
              {products?.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <p className="muted">
            What each organisation goal is served by: five-year themes, the three-year initiatives
            serving them, and the one-year items serving those.
          </p>
        </header>

        {view && (
          <>
            <section aria-labelledby="aligned-heading">
              <h2 id="aligned-heading" className="sr-only">
                Goals and what serves them
              </h2>
              {view.goals.length === 0 ? (
                <p className="empty">
                  Nothing serves an organisation goal yet: link a five-year theme to a goal on the Roadmap page.
                </p>
              ) : (
                <AlignTree goals={view.goals} ctx={ctx} onFocus={onFocus} onBlur={onBlur} />
              )}
            </section>

            <section className="panel" aria-labelledby="unaligned-heading">
              <h2 id="unaligned-heading">
                Unaligned <span className="count">{view.unaligned.length}</span>
              </h2>
              {view.unaligned.length === 0 ? (
                <p className="empty">Every item serves a goal or a longer-horizon item.</p>
              ) : (
                <UnalignedList nodes={view.unaligned} ctx={ctx} onFocus={onFocus} onBlur={onBlur} />
              )}
            </section>

            <section className="panel" aria-labelledby="unserved-heading">
              <h2 id="unserved-heading">
                Goals nothing serves <span className="count">{view.unservedGoals.length}</span>
              </h2>
              {view.unservedGoals.length === 0 ? (
                <p className="empty">Every organisation goal is served by at least one theme.</p>
              ) : (
                <ul className="rows">
                  {view.unservedGoals.map((g) => (
                    <li key={g.id} className="row unserved-goal" data-testid="unserved-goal">
                      <span>
                        <span className="align-goal-title">{g.title}</span>
                        {g.measure && <span className="muted"> · measured by: {g.measure}</span>}
                      </span>
                      <span className="why">no five-year theme serves it</span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </>
        )}
      </div>
      {openItem && (
        <ItemDetail
          key={openItem.id}
          item={openItem}
          names={names}
          onClose={close}
          onDeleted={(item) => {
            setOpenId(null);
            setDeleted(item);
          }}
        />
      )}
      {deleted && <UndoToast key={deleted.id} item={deleted} onDone={forgetDeleted} />}
    </div>
  );
}

interface NodeContext {
  openId: string | null;
  onOpen(id: string): void;
  productName: ReadonlyMap<string, string>;
  showProduct: boolean;
  index: TreeIndex;
  /** Items rendered wherever the screen is (the open and the focused one, their ancestors). */
  keep: ReadonlySet<string>;
}

interface FocusHandlers {
  onFocus(e: FocusEvent): void;
  onBlur(e: FocusEvent<HTMLElement>): void;
}

/** The rows of `nodes` near the screen (`span`, px from the top of the windowed list) when
 * the first starts at `start`, and a spacer for each run of the others. */
function windowed(
  nodes: readonly AlignNodeView[],
  heightOf: (n: AlignNodeView) => number,
  start: number,
  span: Span,
  ctx: NodeContext,
  row: (n: AlignNodeView, top: number) => ReactNode,
): ReactNode[] {
  const heights = nodes.map(heightOf);
  return windowSlots(heights, start, span, (i) => ctx.keep.has(nodes[i].item.id)).map((slot) =>
    "row" in slot ? (
      row(nodes[slot.row], slot.top)
    ) : (
      <li key={`gap ${nodes[slot.from].item.id}`} className="align-gap" aria-hidden="true" style={{ height: slot.gap }} />
    ),
  );
}

const subtreeHeight = (ctx: NodeContext) => (n: AlignNodeView) => (ctx.index.lines.get(n.item.id) ?? 1) * ROW;

/** Every goal with the themes, initiatives and items serving it; only the rows near the
 * screen are rendered (every goal's heading is). */
function AlignTree({ goals, ctx, onFocus, onBlur }: { goals: AlignGoalView[]; ctx: NodeContext } & FocusHandlers) {
  const ref = useRef<HTMLUListElement>(null);
  const span = useShownSpan(ref);
  const heightOf = subtreeHeight(ctx);
  let top = 0;
  return (
    <ul className="align-tree" ref={ref} style={TREE_STYLE} onFocus={onFocus} onBlur={onBlur}>
      {goals.map((g) => {
        const themesTop = top + GOAL_HEAD;
        top = themesTop + g.themes.reduce((sum, t) => sum + heightOf(t), 0) + GOAL_FOOT + GOAL_GAP;
        return (
          <li key={g.goal.id} className="align-goal" data-testid="align-goal" data-goal-id={g.goal.id}>
            <div className="align-goal-head">
              <span className="align-goal-title">{g.goal.title}</span>
              {g.goal.measure && <span className="muted align-goal-measure">Measured by: {g.goal.measure}</span>}
              <span className="align-counts" data-testid="align-counts">
                {countsText(g.counts, "goal")}
              </span>
            </div>
            <ul>
              {windowed(g.themes, heightOf, themesTop, span, ctx, (t, y) => (
                <AlignNode key={t.item.id} node={t} top={y} span={span} ctx={ctx} />
              ))}
            </ul>
          </li>
        );
      })}
    </ul>
  );
}

/** Items serving nothing, each on one line; only the rows near the screen are rendered. */
function UnalignedList({ nodes, ctx, onFocus, onBlur }: { nodes: AlignNodeView[]; ctx: NodeContext } & FocusHandlers) {
  const ref = useRef<HTMLUListElement>(null);
  const span = useShownSpan(ref);
  return (
    <ul className="rows unaligned-rows" ref={ref} style={TREE_STYLE} onFocus={onFocus} onBlur={onBlur}>
      {windowed(nodes, () => UNALIGNED_ROW, 0, span, ctx, (n) => (
        <UnalignedRow key={n.item.id} node={n} ctx={ctx} />
      ))}
    </ul>
  );
}

function ItemLink({ item, ctx }: { item: ItemView; ctx: NodeContext }) {
  return (
    <button
      type="button"
      className="item-link"
      data-testid="align-item-open"
      data-open-item={item.id}
      aria-expanded={ctx.openId === item.id}
      title="Open details"
      onClick={() => ctx.onOpen(item.id)}
    >
      {item.title}
    </button>
  );
}

function AlignNode({ node, top, span, ctx }: { node: AlignNodeView; top: number; span: Span; ctx: NodeContext }) {
  const { item } = node;
  const product = item.productId === null ? undefined : ctx.productName.get(item.productId);
  return (
    <li className="align-node" data-testid="align-node" data-horizon={item.horizon} data-item-id={item.id}>
      <div className="align-node-line">
        <span className="horizon-label">{item.period}</span>
        <ItemLink item={item} ctx={ctx} />
        <span className={`tag status status-${item.status}`}>{STATUS_LABEL[item.status]}</span>
        {ctx.showProduct && item.horizon === "five_year" && product && <span className="muted">{product}</span>}
        {item.horizon !== "one_year" && (
          <span className="align-counts" data-testid="align-counts">
            {countsText(node.counts, item.horizon)}
          </span>
        )}
      </div>
      {node.children.length > 0 && (
        <ul>
          {windowed(node.children, subtreeHeight(ctx), top + ROW, span, ctx, (c, y) => (
            <AlignNode key={c.item.id} node={c} top={y} span={span} ctx={ctx} />
          ))}
        </ul>
      )}
    </li>
  );
}

function UnalignedRow({ node, ctx }: { node: AlignNodeView; ctx: NodeContext }) {
  const { item } = node;
  const product = item.productId === null ? undefined : ctx.productName.get(item.productId);
  const why = item.orphan
    ? item.horizon === "five_year"
      ? "serves a deleted goal"
      : "serves a deleted item"
    : "serves nothing";
  const below = item.horizon === "one_year" ? null : countsText(node.counts, item.horizon);
  return (
    <li
      className={item.orphan ? "row unaligned-row orphan" : "row unaligned-row"}
      data-testid="unaligned-item"
      data-horizon={item.horizon}
      data-item-id={item.id}
    >
      <span>
        <ItemLink item={item} ctx={ctx} />
        <span className="muted">
          {" "}
          · {HORIZON_OPTION[item.horizon]} · {item.period}
          {product && ` · ${product}`}
          {below && node.children.length > 0 && ` · with ${below} under it`}
        </span>
      </span>
      <span className="why">{why}</span>
    </li>
  );
}
