import {
  DndContext,
  DragOverlay,
  PointerSensor,
  pointerWithin,
  useDroppable,
  useSensor,
  useSensors,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
} from "@dnd-kit/core";
import { SortableContext, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
  type ReactNode,
} from "react";
import type { CapabilitiesView } from "../bindings/CapabilitiesView";
import type { DelegationView } from "../bindings/DelegationView";
import type { FamilyView } from "../bindings/FamilyView";
import type { GoalView } from "../bindings/GoalView";
import type { Horizon } from "../bindings/Horizon";
import type { ItemCreateReq } from "../bindings/ItemCreateReq";
import type { ItemMoveReq } from "../bindings/ItemMoveReq";
import type { ItemView } from "../bindings/ItemView";
import type { MemberView } from "../bindings/MemberView";
import type { ProductView } from "../bindings/ProductView";
import type { Status } from "../bindings/Status";
import { CONFIDENCE_LABEL, HORIZON_LANE, HORIZON_OPTION, HORIZONS, STATUS_LABEL, STATUSES } from "../labels";
import { useShownMark } from "../marks";
import {
  dropMove,
  laneColumns,
  servedTitle,
  shiftPeriod,
  windowPeriods,
  windowSummary,
  type DropTarget,
} from "../roadmap";
import { useDraft, useQuery, useWrite } from "../state";
import { useShownOnce } from "../windowing";
import { ItemDetail } from "./ItemDetail";
import { Modal } from "./Modal";
import { UndoToast } from "./UndoToast";
import "../roadmap.css";

const NO_ARGS = {};
const NONE: never[] = [];

/** The open delegation of each delegated item, by item id (one `delegation_list` for the page). */
const DelegatedContext = createContext<ReadonlyMap<string, DelegationView>>(new Map());

/** Reads the open delegations for the cards. The read is its own component, so its answer
 * re-renders only the cards (and only when the delegations changed), not the page. */
function DelegatedProvider({ children }: { children: ReactNode }) {
  const list = useQuery("delegation_list", NO_ARGS);
  const body = JSON.stringify(list ?? NONE);
  const delegated = useMemo(
    () => new Map((JSON.parse(body) as DelegationView[]).map((d) => [d.itemId, d])),
    [body],
  );
  return <DelegatedContext.Provider value={delegated}>{children}</DelegatedContext.Provider>;
}

const KEYS_HINT_ID = "roadmap-keys-hint";
const KEYS_HINT =
  "Drag a card to another period or place, or focus it and press Alt+← / Alt+→ to move it a period, " +
  "Alt+↑ / Alt+↓ to move it up or down, Enter to open it.";

/** A product's 5/3/1-year roadmap (or its whole family's), with the product picker and the add forms. */
export function RoadmapPage({ me, can }: { me: MemberView; can: CapabilitiesView }) {
  const listed = useQuery("product_list", NO_ARGS);
  const goals = useQuery("goal_list", NO_ARGS);
  const families = useQuery("family_list", NO_ARGS);
  // Kept as a draft so the choice survives a visit to another page.
  const [chosenId, setChosenId] = useDraft<string | null>("roadmap.product", null);
  // A product just created is selected at once, before the re-fetched list includes it.
  const [created, setCreated] = useState<ProductView | null>(null);
  const products = useMemo(
    () => (listed && created && !listed.some((p) => p.id === created.id) ? [...listed, created] : listed),
    [listed, created],
  );
  const selected = products?.find((p) => p.id === chosenId) ?? products?.[0] ?? null;
  const [creating, setCreating] = useState<"product" | "family" | null>(null);
  const productCreated = (p: ProductView) => {
    setCreated(p);
    setChosenId(p.id);
  };
  const [familyView, setFamilyView] = useDraft("roadmap.familyView", false);
  const [shownStatuses, setShownStatuses] = useDraft<readonly Status[]>("roadmap.statuses", STATUSES);

  const inFamily = familyView && selected !== null && selected.familyId !== null;
  const blocks = useMemo(
    () =>
      inFamily && selected && products
        ? products.filter((p) => p.familyId === selected.familyId)
        : selected
          ? [selected]
          : [],
    [inFamily, selected, products],
  );
  const items = useQuery("item_list", selected ? { productId: selected.id } : null);
  const everything = useQuery("item_list", inFamily ? {} : null);
  const listedItems = inFamily ? everything : items;

  // The item whose details are open (kept across a visit to another page).
  const [openId, setOpenId] = useDraft<string | null>("roadmap.open", null);
  const openItem = listedItems?.find((i) => i.id === openId) ?? null;
  const [deleted, setDeleted] = useState<ItemView | null>(null);

  const names = useMemo(() => {
    const m = new Map<string, string>();
    for (const g of goals ?? []) m.set(g.id, g.title);
    for (const p of products ?? []) m.set(p.id, p.name);
    for (const i of listedItems ?? []) m.set(i.id, i.title);
    return m;
  }, [goals, products, listedItems]);
  const forgetDeleted = useCallback(() => setDeleted(null), []);

  const close = useCallback(() => {
    const id = openId;
    setOpenId(null);
    // Back to the card the panel was opened from, for the keyboard.
    if (id) document.querySelector<HTMLElement>(`[data-item-id="${id}"]`)?.focus();
  }, [openId, setOpenId]);

  const shown = useMemo(
    () => (listedItems ?? NONE).filter((i) => shownStatuses.includes(i.status)),
    [listedItems, shownStatuses],
  );
  // Shown: the board of the selected product, or the note that there are no products yet.
  useShownMark("roadmap", products?.length === 0 || (listedItems !== undefined && goals !== undefined));

  return (
    <DelegatedProvider>
    <div className={openItem ? "roadmap with-detail" : "roadmap"}>
      <div className="roadmap-main">
        <header className="page-header roadmap-header">
          <h1>Roadmap</h1>
          {products && products.length > 0 && selected && (
            <ProductPicker
              products={products}
              selected={selected}
              onChoose={(id) => {
                setChosenId(id);
                setOpenId(null);
              }}
            />
          )}
          {can.createProducts && products !== undefined && products.length > 0 && (
            <span className="header-actions">
              <button type="button" data-testid="product-new-open" onClick={() => setCreating("product")}>
                New product…
              </button>
              <button type="button" data-testid="family-new-open" onClick={() => setCreating("family")}>
                New family…
              </button>
            </span>
          )}
          {selected && (
            <label className="family-toggle" title={selected.familyId ? undefined : "This product is in no family"}>
              <input
                type="checkbox"
                data-testid="view-family"
                checked={inFamily}
                disabled={selected.familyId === null}
                onChange={(e) => setFamilyView(e.target.checked)}
              />
              <span>Whole family{selected.familyName ? ` (${selected.familyName})` : ""}</span>
            </label>
          )}
        </header>

        {/* The core says who may create products and families (it refuses the others). The
            first product is made right here; later ones in a dialog, so the roadmap keeps the
            window. */}
        {can.createProducts && products?.length === 0 && (
          <div className="roadmap-setup">
            <NewProductForm me={me} families={families ?? NONE} onCreated={productCreated} />
            <NewFamilyForm />
          </div>
        )}
        {creating === "product" && (
          <Modal title="New product" testid="product-new-dialog" onClose={() => setCreating(null)}>
            <NewProductForm
              me={me}
              families={families ?? NONE}
              onCreated={(p) => {
                productCreated(p);
                setCreating(null);
              }}
            />
          </Modal>
        )}
        {creating === "family" && (
          <Modal title="New product family" testid="family-new-dialog" onClose={() => setCreating(null)}>
            <NewFamilyForm onCreated={() => setCreating(null)} />
          </Modal>
        )}

        {products?.length === 0 && (
          <p className="empty">
            {!can.createProducts
              ? "No products yet — a senior PM or leadership adds them."
              : "No products yet — add the first one with \u201cAdd product\u201d above."}
          </p>
        )}

        {selected && (
          <>
            <ProductSettings
              key={selected.id}
              product={selected}
              families={families ?? NONE}
              editable={selected.canEdit}
            />
            {!selected.canEdit && (
              <p className="note muted">
                {selected.ownerName ?? "Nobody"} owns {selected.name}; only they and leadership edit its
                roadmap.
              </p>
            )}
            <div className="roadmap-tools">
              <StatusFilter shown={shownStatuses} onChange={setShownStatuses} />
              {blocks.some((p) => p.canEdit) && (
                // Said to screen readers with each card; shown in the ? sheet (CommandPalette.tsx).
                <p className="sr-only" id={KEYS_HINT_ID} data-testid="roadmap-keys-hint">
                  {KEYS_HINT}
                </p>
              )}
            </div>
            {listedItems && goals && (
              <Board
                products={blocks}
                stacked={inFamily}
                items={shown}
                all={listedItems}
                goals={goals}
                openId={openItem?.id ?? null}
                onOpen={setOpenId}
              />
            )}
            {/* Always mounted, so a half-typed item survives switching products. */}
            {selected.canEdit && <AddItemForm product={selected} items={items ?? NONE} goals={goals ?? NONE} />}
          </>
        )}
      </div>
      {openItem && (
        <ItemDetail
          key={openItem.id}
          item={openItem}
          served={servedTitle(openItem, goals ?? NONE, listedItems ?? NONE)}
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
    </DelegatedProvider>
  );
}

/** The product picker, products grouped by family (those in none last). */
function ProductPicker({
  products,
  selected,
  onChoose,
}: {
  products: ProductView[];
  selected: ProductView;
  onChoose(id: string): void;
}) {
  const option = (p: ProductView) => (
    <option key={p.id} value={p.id}>
      {p.name} · {p.ownerName ?? "no owner"}
    </option>
  );
  const groups = new Map<string, ProductView[]>();
  for (const p of products) {
    if (p.familyId === null) continue;
    const key = p.familyName ?? "Family";
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const loose = products.filter((p) => p.familyId === null);
  return (
    <label className="product-picker">
      <span className="sr-only">Product</span>
      <select data-testid="product-select" value={selected.id} onChange={(e) => onChoose(e.target.value)}>
        {groups.size === 0
          ? products.map(option)
          : [
              ...[...groups.entries()]
                .sort(([a], [b]) => a.localeCompare(b))
                .map(([family, members]) => (
                  <optgroup key={family} label={family}>
                    {members.map(option)}
                  </optgroup>
                )),
              loose.length > 0 && (
                <optgroup key="" label="No family">
                  {loose.map(option)}
                </optgroup>
              ),
            ]}
      </select>
    </label>
  );
}

/** The planning window (base year) and family of a product: editable by its owner. */
function ProductSettings({
  product,
  families,
  editable,
}: {
  product: ProductView;
  families: FamilyView[];
  editable: boolean;
}) {
  const write = useWrite();
  const [year, setYear] = useState(String(product.baseYear));
  // The window moved (here or elsewhere): show the new base year. The form stays mounted, so
  // the focus stays on "Move window".
  useEffect(() => {
    setYear(String(product.baseYear));
  }, [product.baseYear]);
  const unchanged = year === String(product.baseYear);
  const save = (e: FormEvent) => {
    e.preventDefault();
    if (unchanged) return;
    void write((b) => b.call("product_update", { id: product.id, baseYear: Number(year) }));
  };
  if (!editable) {
    return (
      <p className="product-settings muted" data-testid="product-window">
        Planning from {product.baseYear}: {windowSummary(product.baseYear)}
        {product.familyName ? ` · family ${product.familyName}` : ""}
      </p>
    );
  }
  return (
    <div className="product-settings">
      <form className="inline-form" onSubmit={save} aria-label="Planning window">
        <label className="inline-label">
          <span>Planning from</span>
          <input
            type="number"
            data-testid="product-base-year"
            className="year-input"
            min={2000}
            max={2096}
            value={year}
            onChange={(e) => setYear(e.target.value)}
          />
        </label>
        {/* aria-disabled, not disabled: a disabled button drops the focus once the move is done. */}
        <button type="submit" data-testid="product-base-year-save" aria-disabled={unchanged}>
          Move window
        </button>
      </form>
      <label className="inline-label">
        <span>Family</span>
        <select
          data-testid="product-family"
          value={product.familyId ?? ""}
          onChange={(e) => void write((b) => b.call("product_update", { id: product.id, familyId: e.target.value }))}
        >
          <option value="">— no family —</option>
          {families.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </select>
      </label>
      <p className="hint muted" data-testid="product-window">
        {windowSummary(product.baseYear)}. Moving the base year keeps every item; those outside the new
        window are flagged, to move or drop.
      </p>
    </div>
  );
}

/** Which statuses are shown (all by default). */
function StatusFilter({ shown, onChange }: { shown: readonly Status[]; onChange(s: Status[]): void }) {
  return (
    <fieldset className="status-filter" data-testid="status-filter">
      <legend className="sr-only">Show items with status</legend>
      {STATUSES.map((s) => (
        <label key={s} className={`status-toggle status-${s}`}>
          <input
            type="checkbox"
            data-testid={`status-filter-${s}`}
            checked={shown.includes(s)}
            onChange={(e) =>
              onChange(STATUSES.filter((x) => (x === s ? e.target.checked : shown.includes(x))))
            }
          />
          <span>{STATUS_LABEL[s]}</span>
        </label>
      ))}
    </fieldset>
  );
}

/**
 * Adds a product. A senior PM owns what they add; leadership names the senior PM who owns it.
 */
function NewProductForm({
  me,
  families,
  onCreated,
}: {
  me: MemberView;
  families: FamilyView[];
  onCreated(p: ProductView): void;
}) {
  const write = useWrite();
  const leadership = me.role === "leadership";
  const members = useQuery("member_list", leadership ? NO_ARGS : null);
  const seniors = useMemo(() => (members ?? NONE).filter((m) => m.role === "senior"), [members]);
  const [name, setName] = useDraft("product.name", "");
  const [familyId, setFamilyId] = useDraft("product.family", "");
  const [chosenOwner, setOwnerId] = useDraft("product.owner", "");
  const [baseYear, setBaseYear] = useDraft("product.baseYear", String(new Date().getFullYear()));
  const family = families.some((f) => f.id === familyId) ? familyId : "";
  // A choice that is no longer a senior PM counts as none (the core then says to choose one).
  const ownerId = seniors.some((m) => m.id === chosenOwner) ? chosenOwner : "";
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const product = await write((b) =>
      b.call("product_create", {
        name,
        baseYear: Number(baseYear),
        ...(family === "" ? {} : { familyId: family }),
        ...(leadership && ownerId !== "" ? { ownerId } : {}),
      }),
    );
    if (product) {
      setName("");
      onCreated(product);
    }
  };
  return (
    <form className="inline-form new-product" onSubmit={submit} aria-label="New product">
      <input
        data-testid="product-name"
        aria-label="New product name"
        placeholder="New product"
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <select
        data-testid="product-family-new"
        aria-label="Family of the new product"
        value={family}
        onChange={(e) => setFamilyId(e.target.value)}
      >
        <option value="">— no family —</option>
        {families.map((f) => (
          <option key={f.id} value={f.id}>
            {f.name}
          </option>
        ))}
      </select>
      <input
        type="number"
        data-testid="product-base-year-new"
        className="year-input"
        aria-label="Base year of the new product"
        title="Base year: the first year of its planning window"
        min={2000}
        max={2096}
        value={baseYear}
        onChange={(e) => setBaseYear(e.target.value)}
      />
      {leadership && (
        <select
          data-testid="product-owner-new"
          aria-label="Senior PM who owns the new product"
          value={ownerId}
          onChange={(e) => setOwnerId(e.target.value)}
        >
          <option value="">— owner (a senior PM) —</option>
          {seniors.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      )}
      <button type="submit" data-testid="product-add">
        Add product
      </button>
      {leadership && members !== undefined && seniors.length === 0 && (
        <p className="hint muted" data-testid="product-owner-hint">
          A product is owned by a senior PM: add one on the Sync page first.
        </p>
      )}
    </form>
  );
}

function NewFamilyForm({ onCreated }: { onCreated?(): void }) {
  const write = useWrite();
  const [name, setName] = useDraft("family.name", "");
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const family = await write((b) => b.call("family_create", { name }));
    if (family) {
      setName("");
      onCreated?.();
    }
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label="New product family">
      <input
        data-testid="family-name"
        aria-label="New product family name"
        placeholder="New family"
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <button type="submit" data-testid="family-add">
        Add family
      </button>
    </form>
  );
}

const EMPTY_LANE: Record<Horizon, string> = {
  five_year: "No 5-year themes yet — add one below and link it to an organisation goal.",
  three_year: "No 3-year initiatives yet — add one below to serve a theme.",
  one_year: "No 1-year items yet — add one below to serve an initiative.",
};

/** What a draggable card and a droppable column carry, for the drop. */
type CardData = { type: "card"; item: ItemView; column: ItemView[] };
type ColumnData = { type: "column"; productId: string; horizon: Horizon; period: string };

/** Cards under the pointer win; otherwise the column under it (its free space). */
const collision: CollisionDetection = (args) => {
  // The dragged card follows the pointer, so it is always "under" it: leave it out, or a drop
  // on an empty column would land on the card itself and do nothing.
  const hits = pointerWithin(args).filter((h) => h.id !== args.active.id);
  const cards = hits.filter((h) => h.data?.droppableContainer.data.current?.type === "card");
  return cards.length > 0 ? cards : hits;
};

/** Every shown product's lanes, with drag and drop and the keyboard moves. */
function Board({
  products,
  stacked,
  items,
  all,
  goals,
  openId,
  onOpen,
}: {
  products: ProductView[];
  /** A block per product with its name as header (the family view). */
  stacked: boolean;
  /** The items shown (status filter applied). */
  items: ItemView[];
  /** Every listed item, to name what one serves. */
  all: ItemView[];
  goals: GoalView[];
  openId: string | null;
  onOpen(id: string): void;
}) {
  const write = useWrite();
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }));
  const [dragged, setDragged] = useState<ItemView | null>(null);
  // After a keyboard move the card is re-created in its new column: focus it again there.
  const refocus = useRef<{ id: string; period: string } | null>(null);

  useEffect(() => {
    const want = refocus.current;
    if (!want) return;
    const card = document.querySelector<HTMLElement>(`[data-item-id="${want.id}"]`);
    if (card && card.dataset.period === want.period) {
      refocus.current = null;
      if (document.activeElement !== card) card.focus();
    }
  }, [items]);

  const move = useCallback(
    async (req: ItemMoveReq, item: ItemView, keepFocus: boolean) => {
      if (keepFocus) refocus.current = { id: item.id, period: req.period ?? item.period };
      const moved = await write((b) => b.call("item_move", req));
      if (!moved) refocus.current = null;
    },
    [write],
  );

  const onDragStart = (e: DragStartEvent) => {
    const data = e.active.data.current as CardData | undefined;
    setDragged(data?.item ?? null);
  };
  const onDragEnd = (e: DragEndEvent) => {
    setDragged(null);
    const from = e.active.data.current as CardData | undefined;
    const to = e.over?.data.current as CardData | ColumnData | undefined;
    if (!from || !to) return;
    const target: DropTarget =
      to.type === "card"
        ? { kind: "card", item: to.item }
        : { kind: "column", productId: to.productId, horizon: to.horizon, period: to.period };
    const req = dropMove(from.item, target, from.column);
    if (req) void move(req, from.item, false);
  };

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collision}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setDragged(null)}
      // Scroll only when the pointer is really at an edge (dnd-kit's default is the outer 20%,
      // which scrolls the page away under a card dropped on the lowest lane).
      autoScroll={{ threshold: { x: 0.1, y: 0.06 } }}
      accessibility={{ screenReaderInstructions: { draggable: KEYS_HINT } }}
    >
      <div className={stacked ? "product-blocks stacked" : "product-blocks"}>
        {products.map((product, i) => (
          <ProductBoard
            key={product.id}
            product={product}
            stacked={stacked}
            eager={!stacked || i === 0}
            items={items}
            all={all}
            goals={goals}
            openId={openId}
            onOpen={onOpen}
            onMove={move}
          />
        ))}
      </div>
      <DragOverlay dropAnimation={null}>
        {dragged && (
          <div className="item-card dragging">
            <div className="item-title">{dragged.title}</div>
          </div>
        )}
      </DragOverlay>
    </DndContext>
  );
}

// About what a lane takes besides its cards, and a card with the gap below it (px).
const LANE_CHROME = 72;
const CARD_HEIGHT = 84;

/** Roughly how tall a product's board is (its tallest column per lane), for the room it takes
 * before it is rendered. */
function boardHeight(product: ProductView, items: ItemView[]): number {
  return HORIZONS.reduce((height, horizon) => {
    const { periods, outside } = laneColumns(items, horizon, product.baseYear);
    const tallest = Math.max(outside.length, ...periods.map((c) => c.items.length));
    return height + LANE_CHROME + tallest * CARD_HEIGHT;
  }, 0);
}

/**
 * One product's board: its three lanes. In a family's view (a board per product, ~155 cards
 * each at organisation scale) a board after the first is rendered once it comes near the
 * screen, and stays; until then its room is kept empty.
 */
function ProductBoard({
  product,
  stacked,
  eager,
  items,
  all,
  goals,
  openId,
  onOpen,
  onMove,
}: {
  product: ProductView;
  stacked: boolean;
  /** Rendered at once, wherever it is (a product's own board, a family's first). */
  eager: boolean;
  items: ItemView[];
  all: ItemView[];
  goals: GoalView[];
  openId: string | null;
  onOpen(id: string): void;
  onMove(req: ItemMoveReq, item: ItemView, keepFocus: boolean): Promise<void>;
}) {
  const ref = useRef<HTMLElement>(null);
  const near = useShownOnce(ref);
  const own = useMemo(() => items.filter((i) => i.productId === product.id), [items, product.id]);
  return (
    <section
      ref={ref}
      className="product-block"
      data-testid="product-block"
      data-product-id={product.id}
      aria-label={product.name}
    >
      {stacked && (
        <h2 className="product-block-name" data-testid="product-block-name">
          {product.name}{" "}
          <span className="muted">
            · {product.ownerName ?? "no owner"} · from {product.baseYear}
          </span>
        </h2>
      )}
      {near || eager ? (
        <div className="lanes">
          {HORIZONS.map((horizon) => (
            <Lane
              key={horizon}
              product={product}
              horizon={horizon}
              items={own}
              all={all}
              goals={goals}
              editable={product.canEdit}
              openId={openId}
              onOpen={onOpen}
              onMove={onMove}
            />
          ))}
        </div>
      ) : (
        <div className="lanes-pending" aria-busy="true" style={{ height: boardHeight(product, own) }} />
      )}
    </section>
  );
}

function Lane({
  product,
  horizon,
  items,
  all,
  goals,
  editable,
  openId,
  onOpen,
  onMove,
}: {
  product: ProductView;
  horizon: Horizon;
  items: ItemView[];
  all: ItemView[];
  goals: GoalView[];
  editable: boolean;
  openId: string | null;
  onOpen(id: string): void;
  onMove(req: ItemMoveReq, item: ItemView, keepFocus: boolean): Promise<void>;
}) {
  const { periods, outside } = laneColumns(items, horizon, product.baseYear);
  const count = periods.reduce((n, c) => n + c.items.length, outside.length);
  // The lane's items whatever the status filter: an empty-looking lane may only be filtered.
  const total = all.filter((i) => i.productId === product.id && i.horizon === horizon).length;
  const hidden = Math.max(0, total - count);
  const headingId = `lane-heading-${product.id}-${horizon}`;

  const keyMove = (item: ItemView, column: ItemView[], key: string) => {
    if (key === "ArrowRight" || key === "ArrowLeft") {
      const period = shiftPeriod(horizon, product.baseYear, item.period, key === "ArrowRight" ? 1 : -1);
      if (period) void onMove({ id: item.id, period }, item, true);
      return;
    }
    // Neighbours in the same period (the outside column mixes periods).
    const same = column.filter((i) => i.period === item.period);
    const at = same.findIndex((i) => i.id === item.id);
    if (key === "ArrowUp" && at > 0) void onMove({ id: item.id, beforeId: same[at - 1].id }, item, true);
    if (key === "ArrowDown" && at >= 0 && at < same.length - 1) {
      void onMove({ id: item.id, afterId: same[at + 1].id }, item, true);
    }
  };

  const card = (item: ItemView, column: ItemView[]) => (
    <Card
      key={item.id}
      item={item}
      column={column}
      served={servedTitle(item, goals, all)}
      open={item.id === openId}
      editable={editable}
      onOpen={onOpen}
      onKeyMove={(key) => keyMove(item, column, key)}
    />
  );

  return (
    <section className={`lane lane-${horizon}`} data-testid={`lane-${horizon}`} aria-labelledby={headingId}>
      <h2 id={headingId}>
        {HORIZON_LANE[horizon]} <span className="count">{count}</span>
      </h2>
      {total === 0 && (
        <p className="empty">{editable ? EMPTY_LANE[horizon] : `No ${HORIZON_LANE[horizon].toLowerCase()} yet.`}</p>
      )}
      {hidden > 0 && (
        <p className="hint muted filtered-note" data-testid="lane-hidden">
          {hidden} hidden by the status filter
        </p>
      )}
      <div className="periods">
        {periods.map(({ period, items: cards }) => (
          <Column key={period} product={product} horizon={horizon} period={period} cards={cards} editable={editable}>
            {cards.map((item) => card(item, cards))}
          </Column>
        ))}
        {outside.length > 0 && (
          <div
            className="period outside"
            data-testid="period-outside-window"
            role="group"
            aria-label="Outside the window"
            title={`Periods outside the window planned from ${product.baseYear}: move these into it or drop them`}
          >
            <h3>Outside the window</h3>
            <SortableContext
              id={`outside ${product.id} ${horizon}`}
              items={outside.map((i) => i.id)}
              strategy={verticalListSortingStrategy}
            >
              <ul>{outside.map((item) => card(item, outside))}</ul>
            </SortableContext>
          </div>
        )}
      </div>
    </section>
  );
}

function Column({
  product,
  horizon,
  period,
  cards,
  editable,
  children,
}: {
  product: ProductView;
  horizon: Horizon;
  period: string;
  cards: ItemView[];
  editable: boolean;
  children: ReactNode;
}) {
  const data: ColumnData = { type: "column", productId: product.id, horizon, period };
  const { setNodeRef, isOver } = useDroppable({
    id: `column ${product.id} ${horizon} ${period}`,
    data,
    disabled: !editable,
  });
  const half = /-H[12]$/.test(period);
  const kind = horizon === "three_year" ? (half ? " half" : " year") : "";
  return (
    <div
      ref={setNodeRef}
      className={`period${kind}${isOver ? " over" : ""}`}
      data-testid="period"
      data-period={period}
      role="group"
      aria-label={period}
    >
      <h3>
        {period}
        {horizon === "three_year" && !half && <span className="period-note"> whole year</span>}
      </h3>
      <SortableContext
        id={`sort ${product.id} ${horizon} ${period}`}
        items={cards.map((i) => i.id)}
        strategy={verticalListSortingStrategy}
      >
        <ul>{children}</ul>
      </SortableContext>
    </div>
  );
}

const ARROWS = new Set(["ArrowRight", "ArrowLeft", "ArrowUp", "ArrowDown"]);

function Card({
  item,
  column,
  served,
  open,
  editable,
  onOpen,
  onKeyMove,
}: {
  item: ItemView;
  column: ItemView[];
  served: string | null;
  open: boolean;
  editable: boolean;
  onOpen(id: string): void;
  onKeyMove(key: string): void;
}) {
  const data: CardData = { type: "card", item, column };
  const delegation = useContext(DelegatedContext).get(item.id);
  const { setNodeRef, listeners, transform, transition, isDragging } = useSortable({
    id: item.id,
    data,
    disabled: !editable,
  });
  const onKeyDown = (e: KeyboardEvent<HTMLLIElement>) => {
    if (e.target !== e.currentTarget) return;
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      onOpen(item.id);
    } else if (editable && e.altKey && !e.metaKey && !e.ctrlKey && ARROWS.has(e.key)) {
      e.preventDefault();
      onKeyMove(e.key);
    }
  };
  const classes = ["item-card"];
  if (open) classes.push("open");
  if (isDragging) classes.push("placeholder");
  if (item.unaligned) classes.push("is-unaligned");
  if (item.outsideWindow) classes.push("is-outside");
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={classes.join(" ")}
      data-testid="item-card"
      data-period={item.period}
      data-horizon={item.horizon}
      data-status={item.status}
      data-unaligned={item.unaligned ? "true" : undefined}
      data-outside-window={item.outsideWindow ? "true" : undefined}
      data-item-id={item.id}
      role="button"
      tabIndex={0}
      aria-expanded={open}
      aria-describedby={editable ? KEYS_HINT_ID : undefined}
      aria-keyshortcuts={editable ? "Alt+ArrowLeft Alt+ArrowRight Alt+ArrowUp Alt+ArrowDown Enter" : "Enter"}
      {...listeners}
      onClick={() => onOpen(item.id)}
      onKeyDown={onKeyDown}
    >
      <div className="item-title">{item.title}</div>
      <div className="card-meta">
        <span className={`status-badge status-${item.status}`} data-testid="card-status">
          {STATUS_LABEL[item.status]}
        </span>
        <span className={`confidence confidence-${item.confidence}`} data-testid="card-confidence" title="Confidence">
          {CONFIDENCE_LABEL[item.confidence]} confidence
        </span>
      </div>
      {(item.unaligned || item.outsideWindow) && (
        <div className="card-flags">
          {item.unaligned && (
            <span
              className="tag unaligned"
              data-testid="flag-unaligned"
              title={
                item.orphan
                  ? "What it served was deleted, perhaps on another laptop"
                  : item.horizon === "five_year"
                    ? "Serves no organisation goal: link it to one"
                    : "Serves nothing on the next-longer horizon: link it to one"
              }
            >
              {item.orphan ? "Unaligned · orphan" : "Unaligned"}
            </span>
          )}
          {item.outsideWindow && (
            <span
              className="tag outside"
              data-testid="flag-outside-window"
              title="Its period is outside the product's planning window: move it into the window or drop it"
            >
              Outside window
            </span>
          )}
        </div>
      )}
      {!item.unaligned && served !== null && <div className="serves muted">serves: {served}</div>}
      {delegation && (
        <div className="delegated-to muted" data-testid="card-delegated" title={`Delegated to ${delegation.toName}`}>
          → {delegation.toName}
          {delegation.state !== "accepted"
            ? " (offered)"
            : delegation.stories > 0
              ? ` · ${delegation.storiesDone}/${delegation.stories} stories done`
              : ""}
        </div>
      )}
    </li>
  );
}

/** Items that an item on `horizon` may serve: the next-longer horizon's (themes serve goals). */
const PARENT_HORIZON: Record<Horizon, Horizon | null> = {
  five_year: null,
  three_year: "five_year",
  one_year: "three_year",
};

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
  const [chosenPeriod, setPeriod] = useDraft("item.period", "");
  const [title, setTitle] = useDraft("item.title", "");
  const [serves, setServes] = useDraft("item.serves", "");
  const [status, setStatus] = useDraft<Status>("item.status", "planned");

  const periods = windowPeriods(horizon, product.baseYear);
  // A period that no longer fits (another horizon or window) counts as the window's first.
  const period = periods.includes(chosenPeriod) ? chosenPeriod : periods[0];
  const parentHorizon = PARENT_HORIZON[horizon];
  const parents = parentHorizon === null ? [] : items.filter((i) => i.horizon === parentHorizon);
  const options = parentHorizon === null ? goals.map((g) => g.id) : parents.map((i) => i.id);
  // A choice that no longer fits (another horizon or product) counts as none.
  const servesId = options.includes(serves) ? serves : "";

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const req: ItemCreateReq = { productId: product.id, horizon, period, title, status };
    if (servesId) {
      if (horizon === "five_year") req.goalId = servesId;
      else req.parentId = servesId;
    }
    const item = await write((b) => b.call("item_create", req));
    if (item) setTitle("");
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
              setPeriod("");
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
          <select
            data-testid="item-period"
            className="period-input"
            value={period}
            onChange={(e) => setPeriod(e.target.value)}
          >
            {periods.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
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
            <option value="">— none (unaligned) —</option>
            {parentHorizon === null
              ? goals.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.title}
                  </option>
                ))
              : parents.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.period} · {i.title}
                  </option>
                ))}
          </select>
        </label>
        <label>
          <span>Status</span>
          <select data-testid="item-status-new" value={status} onChange={(e) => setStatus(e.target.value as Status)}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" data-testid="item-add">
          Add item
        </button>
      </div>
      {horizon === "five_year" && goals.length === 0 && (
        <p className="hint muted">No organisation goals yet: add them on the Goals page (1) so themes can serve one.</p>
      )}
      {parentHorizon !== null && parents.length === 0 && (
        <p className="hint muted">
          No {HORIZON_LANE[parentHorizon].toLowerCase()} in {product.name} yet: this one would be unaligned.
        </p>
      )}
    </form>
  );
}
