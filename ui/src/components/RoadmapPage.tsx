import { useState, type FormEvent } from "react";
import type { GoalView } from "../bindings/GoalView";
import type { Horizon } from "../bindings/Horizon";
import type { ItemCreateReq } from "../bindings/ItemCreateReq";
import type { ItemView } from "../bindings/ItemView";
import type { MemberView } from "../bindings/MemberView";
import type { ProductView } from "../bindings/ProductView";
import { HORIZON_LANE, HORIZON_OPTION, HORIZONS, PERIOD_PLACEHOLDER, isLongerHorizon } from "../labels";
import { groupByPeriod, servedTitle } from "../roadmap";
import { useDraft, useQuery, useWrite } from "../state";

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

  return (
    <div className="roadmap">
      <header className="page-header roadmap-header">
        <h1>Roadmap</h1>
        {products && products.length > 0 && selected && (
          <label className="product-picker">
            <span className="sr-only">Product</span>
            <select
              data-testid="product-select"
              value={selected.id}
              onChange={(e) => setChosenId(e.target.value)}
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
          {items && goals && <Lanes items={items} goals={goals} />}
          {/* Always mounted, so a half-typed item survives switching products. */}
          <AddItemForm product={selected} items={items ?? NONE} goals={goals ?? NONE} />
        </>
      )}
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

function Lanes({ items, goals }: { items: ItemView[]; goals: GoalView[] }) {
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
                        <Card key={item.id} item={item} served={servedTitle(item, goals, items)} />
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

function Card({ item, served }: { item: ItemView; served: string | null }) {
  return (
    <li className="item-card" data-testid="item-card" data-period={item.period} data-horizon={item.horizon}>
      <div className="item-title">{item.title}</div>
      {served === null ? (
        <span
          className="tag unaligned"
          title={
            item.orphan
              ? "What it served was deleted: link it again"
              : "Serves nothing: link it to a goal or a longer-horizon item"
          }
        >
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
