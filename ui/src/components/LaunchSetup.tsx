import { useState, type FormEvent } from "react";
import type { LaunchView } from "../bindings/LaunchView";
import type { ProductView } from "../bindings/ProductView";
import { addDays, today } from "../planning";
import { useQuery, useWrite } from "../state";
import { ChecklistEntryForm } from "./ChecklistEntryForm";

const NO_ARGS = {};

/**
 * "Set up a launch" for a product owner: a one-year item of their products with no live launch,
 * its owner (the junior PM it is delegated to, when there is one) and its target date. The
 * checklist starts from the product's template.
 */
export function LaunchSetup({ products, launches }: { products: ProductView[]; launches: LaunchView[] }) {
  const write = useWrite();
  const items = useQuery("item_list", NO_ARGS);
  const members = useQuery("member_list", NO_ARGS);
  const productIds = new Set(products.map((p) => p.id));
  const launched = new Set(launches.map((l) => l.itemId));
  const candidates = (items ?? []).filter(
    (i) => i.horizon === "one_year" && i.productId !== null && productIds.has(i.productId) && !launched.has(i.id),
  );
  const [itemId, setItemId] = useState("");
  const item = candidates.find((i) => i.id === itemId) ?? candidates[0];
  const delegations = useQuery("delegation_list", item ? { itemId: item.id } : null);
  const delegatedTo = delegations?.find((d) => d.state === "accepted")?.toId ?? delegations?.[0]?.toId;
  const [ownerId, setOwnerId] = useState("");
  const juniors = (members ?? []).filter((m) => m.role === "junior");
  const owner = ownerId || delegatedTo || juniors[0]?.id || members?.[0]?.id || "";
  const [target, setTarget] = useState(() => addDays(today(), 28));
  const productName = (id: string | null) => products.find((p) => p.id === id)?.name ?? "";

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!item || !owner) return;
    const created = await write((b) => b.call("launch_create", { itemId: item.id, ownerId: owner, targetOn: target }));
    if (created) {
      setItemId("");
      setOwnerId("");
    }
  };
  const why = !item
    ? "Every one-year item of your products already has a launch"
    : !owner
      ? "Choose who runs the launch"
      : target === ""
        ? "Choose the target date"
        : undefined;

  return (
    <form className="panel planning-form" onSubmit={submit} aria-label="Set up a launch">
      <h2>Set up a launch</h2>
      <label>
        <span>One-year item</span>
        <select
          data-testid="launch-new-item"
          data-shortcut-new
          value={item?.id ?? ""}
          disabled={candidates.length === 0}
          title={candidates.length === 0 ? "Every one-year item of your products already has a launch" : undefined}
          onChange={(e) => {
            setItemId(e.target.value);
            setOwnerId("");
          }}
        >
          {candidates.length === 0 && <option value="">— nothing left to launch —</option>}
          {candidates.map((i) => (
            <option key={i.id} value={i.id}>
              {i.title} · {productName(i.productId)} · {i.period}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Owner</span>
        <select data-testid="launch-new-owner" value={owner} onChange={(e) => setOwnerId(e.target.value)}>
          {(members ?? []).map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
              {m.id === delegatedTo ? " (delegated)" : ""}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Target date</span>
        <input data-testid="launch-new-target" type="date" value={target} onChange={(e) => setTarget(e.target.value)} />
      </label>
      <button type="submit" className="primary" data-testid="launch-create" disabled={why !== undefined} title={why}>
        Set up launch
      </button>
    </form>
  );
}

/** A product's launch checklist template: what every new launch of it starts with. */
export function TemplateEditor({ products }: { products: ProductView[] }) {
  const write = useWrite();
  const [productId, setProductId] = useState("");
  const product = products.find((p) => p.id === productId) ?? products[0]!;
  const template = useQuery("launch_template_list", { productId: product.id });

  return (
    <section className="panel" aria-labelledby="template-heading">
      <div className="section-header">
        <h2 id="template-heading">Launch checklist template</h2>
        <select data-testid="template-product" aria-label="Product" value={product.id} onChange={(e) => setProductId(e.target.value)}>
          {products.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <p className="muted">Every new launch of {product.name} starts with these entries; each launch can change its own.</p>
      {template !== undefined && template.length === 0 && (
        <p className="empty">No entry yet: add what every launch must do, like “Release notes published”.</p>
      )}
      <ul className="checklist">
        {template?.map((e) => (
          <li key={e.id} data-testid="template-entry">
            <span>{e.text}</span>
            {e.mandatory && <span className="muted">(mandatory)</span>}
            <span className="spacer" />
            <button
              type="button"
              className="icon-button"
              data-testid="template-remove"
              aria-label={`Remove “${e.text}” from the template`}
              title="Remove from the template (launches already set up keep it)"
              onClick={() => void write((b) => b.call("launch_template_remove", { id: e.id }))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <ChecklistEntryForm
        testid="template"
        what="template entry"
        onAdd={(text, mandatory) => write((b) => b.call("launch_template_add", { productId: product.id, text, mandatory }))}
      />
    </section>
  );
}
