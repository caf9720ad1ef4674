import { useCallback, useMemo, useState } from "react";
import type { AlignNodeView } from "../bindings/AlignNodeView";
import type { AlignmentView } from "../bindings/AlignmentView";
import type { ItemView } from "../bindings/ItemView";
import { HORIZON_OPTION } from "../labels";
import { useShownMark } from "../marks";
import { useDraft, useQuery } from "../state";
import { STATUS_LABEL, countsText } from "../strategy";
import "../strategy.css";
import { ItemDetail } from "./ItemDetail";
import { UndoToast } from "./UndoToast";

const NO_ARGS = {};
const ALL = "";

/** Every item of the alignment answer, by id (to open one and to name links). */
function itemsOf(view: AlignmentView | undefined): Map<string, ItemView> {
  const out = new Map<string, ItemView>();
  const walk = (n: AlignNodeView) => {
    out.set(n.item.id, n.item);
    n.children.forEach(walk);
  };
  for (const g of view?.goals ?? []) g.themes.forEach(walk);
  view?.unaligned.forEach(walk);
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
  const items = useMemo(() => itemsOf(view), [view]);
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

  const ctx: NodeContext = { openId: openItem?.id ?? null, onOpen: setOpenId, productName, showProduct };

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
                <ul className="align-tree">
                  {view.goals.map((g) => (
                    <li key={g.goal.id} className="align-goal" data-testid="align-goal" data-goal-id={g.goal.id}>
                      <div className="align-goal-head">
                        <span className="align-goal-title">{g.goal.title}</span>
                        {g.goal.measure && <span className="muted">Measured by: {g.goal.measure}</span>}
                        <span className="align-counts" data-testid="align-counts">
                          {countsText(g.counts, "goal")}
                        </span>
                      </div>
                      <ul>
                        {g.themes.map((t) => (
                          <AlignNode key={t.item.id} node={t} ctx={ctx} />
                        ))}
                      </ul>
                    </li>
                  ))}
                </ul>
              )}
            </section>

            <section className="panel" aria-labelledby="unaligned-heading">
              <h2 id="unaligned-heading">
                Unaligned <span className="count">{view.unaligned.length}</span>
              </h2>
              {view.unaligned.length === 0 ? (
                <p className="empty">Every item serves a goal or a longer-horizon item.</p>
              ) : (
                <ul className="rows">
                  {view.unaligned.map((n) => (
                    <UnalignedRow key={n.item.id} node={n} ctx={ctx} />
                  ))}
                </ul>
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

function AlignNode({ node, ctx }: { node: AlignNodeView; ctx: NodeContext }) {
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
          {node.children.map((c) => (
            <AlignNode key={c.item.id} node={c} ctx={ctx} />
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
