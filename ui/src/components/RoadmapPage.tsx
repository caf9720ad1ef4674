import { useCallback, useEffect, useMemo, useState, type FormEvent, type KeyboardEvent } from "react";
import type { GoalView } from "../bindings/GoalView";
import type { Horizon } from "../bindings/Horizon";
import type { ItemCreateReq } from "../bindings/ItemCreateReq";
import type { ItemView } from "../bindings/ItemView";
import type { MemberView } from "../bindings/MemberView";
import type { ProductView } from "../bindings/ProductView";
import { HORIZON_LANE, HORIZON_OPTION, HORIZONS, PERIOD_PLACEHOLDER, isLongerHorizon } from "../labels";
import { groupByPeriod, servedTitle } from "../roadmap";
import { isTyping } from "../keys";
import { useDraft, useQuery, useWrite } from "../state";
import { ItemDetail } from "./ItemDetail";

const NO_ARGS = {};
const NONE: never[] = [];

/** A product's 5/3/1-year roadmap, with the product picker and the add forms. */
export function RoadmapPage({ me }: { me: MemberView }) {
  const listed = useQuery("product_list", NO_ARGS);
  const goals = useQuery("goal_list", NO_ARGS);
  // Kept as a draft so the choice survives a visit to another page.
  const [chosenId, setChosenId] = useDraft<string | null>("roadmap.product", null);
  // A product just created is selected at once, before the re-fetched list includes it.
  const [created, setCreated] = useState<ProductView | null>(null);
  const products =
    listed && created && !listed.some((p) => p.id === created.id) ? [...listed, created] : listed;
  const selected = products?.find((p) => p.id === chosenId) ?? products?.[0] ?? null;
  const items = useQuery("item_list", selected ? { productId: selected.id } : null);
  // The item whose details are open (kept across a visit to another page).
  const [openId, setOpenId] = useDraft<string | null>("roadmap.open", null);
  const openItem = items?.find((i) => i.id === openId) ?? null;
  const [deleted, setDeleted] = useState<ItemView | null>(null);

  const names = useMemo(() => {
    const m = new Map<string, string>();
    for (const g of goals ?? []) m.set(g.id, g.title);
    for (const p of [...(listed ?? []), ...(created ? [created] : [])]) m.set(p.id, p.name);
    for (const i of items ?? []) m.set(i.id, i.title);
    return m;
  }, [goals, listed, created, items]);
  const forgetDeleted = useCallback(() => setDeleted(null), []);

  const close = useCallback(() => {
    const id = openId;
    setOpenId(null);
    // Back to the card the panel was opened from, for the keyboard.
    if (id) document.querySelector<HTMLElement>(`[data-item-id="${id}"]`)?.focus();
  }, [openId, setOpenId]);

  return (
    <div className={openItem ? "roadmap with-detail" : "roadmap"}>
      <div className="roadmap-main">
        <header className="page-header roadmap-header">
          <h1>Roadmap</h1>
          {products && products.length > 0 && selected && (
            <label className="product-picker">
              <span className="sr-only">Product</span>
              <select
                data-testid="product-select"
                value={selected.id}
                onChange={(e) => {
                  setChosenId(e.target.value);
                  setOpenId(null);
                }}
              >
                {products.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name} · {p.ownerName ?? "no owner"}
                  </option>
                ))}
              </select>
            </label>
          )}
          <NewProductForm
            onCreated={(p) => {
              setCreated(p);
              setChosenId(p.id);
            }}
          />
        </header>

        {products?.length === 0 && (
          <p className="empty">No products yet — add the first one with &ldquo;Add product&rdquo; above.</p>
        )}

        {selected && (
          <>
            {selected.ownerId !== me.id && me.role !== "leadership" && (
              <p className="note muted">
                {selected.ownerName ?? "Nobody"} owns {selected.name}; only they and leadership edit its
                roadmap.
              </p>
            )}
            {items && goals && (
              <Lanes items={items} goals={goals} openId={openItem?.id ?? null} onOpen={setOpenId} />
            )}
            {/* Always mounted, so a half-typed item survives switching products. */}
            <AddItemForm product={selected} items={items ?? NONE} goals={goals ?? NONE} />
          </>
        )}
      </div>
      {openItem && (
        <ItemDetail
          key={openItem.id}
          item={openItem}
          served={servedTitle(openItem, goals ?? NONE, items ?? NONE)}
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

/** How long "Deleted … · Undo" stays. */
const UNDO_MS = 8_000;

/** After a delete: undo with the button or ⌘/Ctrl+Z, for a few seconds. */
function UndoToast({ item, onDone }: { item: ItemView; onDone(): void }) {
  const write = useWrite();
  const undo = useCallback(async () => {
    const back = await write((b) => b.call("item_undelete", { id: item.id }));
    if (back) onDone();
  }, [write, item.id, onDone]);

  useEffect(() => {
    const timer = window.setTimeout(onDone, UNDO_MS);
    return () => window.clearTimeout(timer);
  }, [onDone]);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.defaultPrevented || isTyping(e.target)) return;
      if ((e.metaKey || e.ctrlKey) && !e.shiftKey && (e.key === "z" || e.key === "Z")) {
        e.preventDefault();
        void undo();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [undo]);

  return (
    <div className="toast" data-testid="undo" role="status">
      <span>
        Deleted &ldquo;{item.title}&rdquo; ·{" "}
      </span>
      <button
        type="button"
        className="link-button"
        data-testid="undo-button"
        onClick={() => void undo()}
        title="Undo (⌘Z / Ctrl+Z)"
      >
        Undo
      </button>
    </div>
  );
}

function NewProductForm({ onCreated }: { onCreated(p: ProductView): void }) {
  const write = useWrite();
  const [name, setName] = useDraft("product.name", "");
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const product = await write((b) => b.call("product_create", { name }));
    if (product) {
      setName("");
      onCreated(product);
    }
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label="New product">
      <input
        data-testid="product-name"
        aria-label="New product name"
        placeholder="New product"
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <button type="submit" data-testid="product-add">
        Add product
      </button>
    </form>
  );
}

const EMPTY_LANE: Record<Horizon, string> = {
  five_year: "No 5-year themes yet — add one below and link it to an organisation goal.",
  three_year: "No 3-year initiatives yet — add one below to serve a theme.",
  one_year: "No 1-year items yet — add one below to serve an initiative.",
};

function Lanes({
  items,
  goals,
  openId,
  onOpen,
}: {
  items: ItemView[];
  goals: GoalView[];
  openId: string | null;
  onOpen(id: string): void;
}) {
  return (
    <div className="lanes">
      {HORIZONS.map((horizon) => {
        const groups = groupByPeriod(items, horizon);
        const count = groups.reduce((n, [, g]) => n + g.length, 0);
        const headingId = `lane-heading-${horizon}`;
        return (
          <section key={horizon} className="lane" data-testid={`lane-${horizon}`} aria-labelledby={headingId}>
            <h2 id={headingId}>
              {HORIZON_LANE[horizon]} <span className="count">{count}</span>
            </h2>
            {groups.length === 0 ? (
              <p className="empty">{EMPTY_LANE[horizon]}</p>
            ) : (
              <div className="periods">
                {groups.map(([period, cards]) => (
                  <div key={period} className="period" role="group" aria-label={period}>
                    <h3>{period}</h3>
                    <ul>
                      {cards.map((item) => (
                        <Card
                          key={item.id}
                          item={item}
                          served={servedTitle(item, goals, items)}
                          open={item.id === openId}
                          onOpen={onOpen}
                        />
                      ))}
                    </ul>
                  </div>
                ))}
              </div>
            )}
          </section>
        );
      })}
    </div>
  );
}

function Card({
  item,
  served,
  open,
  onOpen,
}: {
  item: ItemView;
  served: string | null;
  open: boolean;
  onOpen(id: string): void;
}) {
  const onKeyDown = (e: KeyboardEvent<HTMLLIElement>) => {
    if (e.target === e.currentTarget && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      onOpen(item.id);
    }
  };
  return (
    <li
      className={open ? "item-card open" : "item-card"}
      data-testid="item-card"
      data-period={item.period}
      data-horizon={item.horizon}
      data-item-id={item.id}
      role="button"
      tabIndex={0}
      aria-expanded={open}
      onClick={() => onOpen(item.id)}
      onKeyDown={onKeyDown}
    >
      <div className="item-title">{item.title}</div>
      {item.orphan ? (
        <span className="tag orphan" title="What it served was deleted, perhaps on another laptop">
          orphan
        </span>
      ) : served === null ? (
        <span className="tag unaligned" title="Serves nothing: link it to a goal or a longer-horizon item">
          unaligned
        </span>
      ) : (
        <div className="serves muted">serves: {served}</div>
      )}
    </li>
  );
}

function AddItemForm({
  product,
  items,
  goals,
}: {
  product: ProductView;
  items: ItemView[];
  goals: GoalView[];
}) {
  const write = useWrite();
  const [horizon, setHorizon] = useDraft<Horizon>("item.horizon", "five_year");
  const [period, setPeriod] = useDraft("item.period", "");
  const [title, setTitle] = useDraft("item.title", "");
  const [serves, setServes] = useDraft("item.serves", "");

  // Themes serve a goal; everything else serves an item of this product on a longer horizon.
  const parents = items.filter((i) => isLongerHorizon(i.horizon, horizon));
  const options = horizon === "five_year" ? goals.map((g) => g.id) : parents.map((i) => i.id);
  // A choice that no longer fits (another horizon or product) counts as none.
  const servesId = options.includes(serves) ? serves : "";

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const req: ItemCreateReq = { productId: product.id, horizon, period, title };
    if (servesId) {
      if (horizon === "five_year") req.goalId = servesId;
      else req.parentId = servesId;
    }
    const item = await write((b) => b.call("item_create", req));
    if (item) {
      setTitle("");
      setPeriod("");
    }
  };

  return (
    <form className="add-form item-form" onSubmit={submit} aria-label="Add item">
      <h2>Add item</h2>
      <div className="fields">
        <label>
          <span>Horizon</span>
          <select
            data-testid="item-horizon"
            value={horizon}
            onChange={(e) => {
              setHorizon(e.target.value as Horizon);
              setServes("");
            }}
          >
            {HORIZONS.map((h) => (
              <option key={h} value={h}>
                {HORIZON_OPTION[h]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Period</span>
          <input
            data-testid="item-period"
            className="period-input"
            placeholder={PERIOD_PLACEHOLDER[horizon]}
            value={period}
            onChange={(e) => setPeriod(e.target.value)}
          />
        </label>
        <label className="grow">
          <span>Title</span>
          <input
            data-testid="item-title"
            data-shortcut-new
            placeholder="What it is (N)"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
        </label>
        <label className="grow">
          <span>Serves</span>
          <select data-testid="item-parent" value={servesId} onChange={(e) => setServes(e.target.value)}>
            <option value="">— nothing yet —</option>
            {horizon === "five_year"
              ? goals.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.title}
                  </option>
                ))
              : HORIZONS.filter((h) => isLongerHorizon(h, horizon)).map((h) => {
                  const group = parents.filter((i) => i.horizon === h);
                  return (
                    group.length > 0 && (
                      <optgroup key={h} label={HORIZON_LANE[h]}>
                        {group.map((i) => (
                          <option key={i.id} value={i.id}>
                            {i.period} · {i.title}
                          </option>
                        ))}
                      </optgroup>
                    )
                  );
                })}
          </select>
        </label>
        <button type="submit" data-testid="item-add">
          Add item
        </button>
      </div>
      {horizon === "five_year" && goals.length === 0 && (
        <p className="hint muted">No organisation goals yet: add them on the Goals page (1) so themes can serve one.</p>
      )}
    </form>
  );
}
