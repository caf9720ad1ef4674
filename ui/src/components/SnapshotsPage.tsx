import { useState, type FormEvent } from "react";
import type { ChangeKind } from "../bindings/ChangeKind";
import type { Confidence } from "../bindings/Confidence";
import type { DiffEntryView } from "../bindings/DiffEntryView";
import type { SnapshotDiffReq } from "../bindings/SnapshotDiffReq";
import type { SnapshotView } from "../bindings/SnapshotView";
import type { Status } from "../bindings/Status";
import { HORIZON_OPTION } from "../labels";
import { useShownMark } from "../marks";
import { useDraft, useQuery, useWrite } from "../state";
import {
  CHANGE_KINDS,
  CHANGE_KIND_HEADING,
  CONFIDENCE_LABEL,
  STATUS_LABEL,
  localDateTime,
  truncated,
} from "../strategy";
import "../strategy.css";
import { plural } from "../time";

const NO_ARGS = {};
const NOW = "";
/** Values longer than this (or on several lines) are cut, with "Show all". */
const LONG = 200;

/** Snapshots: freeze a product's roadmap under a name, and see what changed since. */
export function SnapshotsPage() {
  const products = useQuery("product_list", NO_ARGS);
  const [chosenId, setChosenId] = useDraft<string | null>("snapshots.product", null);
  const product = products?.find((p) => p.id === chosenId) ?? products?.[0] ?? null;
  const snapshots = useQuery("snapshot_list", product ? { productId: product.id } : null);
  const [fromId, setFromId] = useDraft<string | null>("snapshots.from", null);
  const [toId, setToId] = useDraft<string>("snapshots.to", NOW);
  const from = snapshots?.find((s) => s.id === fromId) ?? null;
  const to = snapshots?.find((s) => s.id === toId && s.id !== from?.id) ?? null;
  const canEdit = product?.canEdit ?? false;
  useShownMark("snapshots", products?.length === 0 || snapshots !== undefined);

  const compare = (id: string) => {
    setFromId(id);
    setToId(NOW);
  };

  return (
    <div className="strategy-page">
      <div className="strategy-main snapshots">
        <header className="page-header">
          <h1>Snapshots</h1>
          {products && products.length > 0 && product && (
            <label>
              <span className="sr-only">Product</span>
              <select
                data-testid="snapshot-product"
                value={product.id}
                onChange={(e) => {
                  setChosenId(e.target.value);
                  setFromId(null);
                  setToId(NOW);
                }}
              >
                {products.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <p className="muted">
            A snapshot freezes a product&rsquo;s roadmap under a name (the plan as approved), so you can
            later see exactly what moved, appeared, disappeared or changed since.
          </p>
        </header>

        {products?.length === 0 && <p className="empty">No products yet: add one on the Roadmap page.</p>}

        {product && (
          <>
            {canEdit ? (
              <CreateForm productId={product.id} onCreated={(s) => setFromId(s.id)} />
            ) : (
              <p className="note muted">
                {product.ownerName ?? "Nobody"} owns {product.name}; only they and leadership take its snapshots.
              </p>
            )}
            <section className="panel" aria-labelledby="snapshots-heading">
              <h2 id="snapshots-heading">
                Snapshots of {product.name} <span className="count">{snapshots?.length ?? ""}</span>
              </h2>
              {snapshots !== undefined &&
                (snapshots.length === 0 ? (
                  <p className="empty">No snapshots yet: take one when a plan is approved.</p>
                ) : (
                  <ul className="rows">
                    {snapshots.map((s) => (
                      <SnapshotRow key={s.id} snapshot={s} selected={s.id === from?.id} onCompare={compare} />
                    ))}
                  </ul>
                ))}
            </section>
            {from && snapshots && (
              <DiffView
                from={from}
                to={to}
                others={snapshots.filter((s) => s.id !== from.id)}
                onCompareTo={setToId}
              />
            )}
          </>
        )}
      </div>
    </div>
  );
}

function CreateForm({ productId, onCreated }: { productId: string; onCreated(s: SnapshotView): void }) {
  const write = useWrite();
  const [name, setName] = useDraft(`snapshot.name.${productId}`, "");
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const made = await write((b) => b.call("snapshot_create", { productId, name }));
    if (made) {
      setName("");
      onCreated(made);
    }
  };
  return (
    <form className="inline-form snapshot-form" onSubmit={submit} aria-label="Take a snapshot">
      <input
        data-testid="snapshot-name"
        data-shortcut-new
        aria-label="Snapshot name"
        placeholder="2027 plan, approved 2026-12-10"
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <button type="submit" className="primary" data-testid="snapshot-create">
        Take snapshot
      </button>
    </form>
  );
}

function SnapshotRow({
  snapshot: s,
  selected,
  onCompare,
}: {
  snapshot: SnapshotView;
  selected: boolean;
  onCompare(id: string): void;
}) {
  return (
    <li
      className={selected ? "row snapshot-row selected" : "row snapshot-row"}
      data-testid="snapshot-row"
      data-snapshot-id={s.id}
    >
      <span>
        <span className="snapshot-name">{s.name}</span>
        <span className="muted">
          {" "}
          · <time dateTime={s.takenAt}>{localDateTime(s.takenAt)}</time>
          {s.takenBy && ` · by ${s.takenBy}`} · {plural(s.itemCount, "item")}
        </span>
      </span>
      <button type="button" data-testid="snapshot-diff" aria-pressed={selected} onClick={() => onCompare(s.id)}>
        Compare with now
      </button>
    </li>
  );
}

function DiffView({
  from,
  to,
  others,
  onCompareTo,
}: {
  from: SnapshotView;
  to: SnapshotView | null;
  others: SnapshotView[];
  onCompareTo(id: string): void;
}) {
  const req: SnapshotDiffReq = to ? { fromId: from.id, toId: to.id } : { fromId: from.id };
  const diff = useQuery("snapshot_diff", req);
  // An answer for another pair (while the new one loads) is not shown.
  const current = diff && diff.from.id === from.id && (diff.to?.id ?? NOW) === (to?.id ?? NOW) ? diff : undefined;
  const groups = CHANGE_KINDS.map((kind) => [kind, current?.entries.filter((e) => e.kind === kind) ?? []] as const);

  return (
    <section className="panel diff-view" data-testid="snapshot-diff-view" aria-labelledby="diff-heading">
      <div className="section-header">
        <h2 id="diff-heading">
          What changed since &ldquo;{from.name}&rdquo;
        </h2>
        <label>
          <span className="muted">Compared with </span>
          <select data-testid="diff-compare-to" value={to?.id ?? NOW} onChange={(e) => onCompareTo(e.target.value)}>
            <option value={NOW}>Now</option>
            {others.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({localDateTime(s.takenAt)})
              </option>
            ))}
          </select>
        </label>
      </div>
      {current &&
        (current.entries.length === 0 ? (
          <p className="empty" data-testid="diff-empty">
            No changes
          </p>
        ) : (
          <>
            <p className="diff-summary muted" data-testid="diff-summary">
              {groups
                .filter(([, entries]) => entries.length > 0)
                .map(([kind, entries]) => (
                  <span key={kind}>
                    {entries.length} {CHANGE_KIND_HEADING[kind].toLowerCase()}
                  </span>
                ))}
            </p>
            {groups.map(
              ([kind, entries]) =>
                entries.length > 0 && <DiffGroup key={kind} kind={kind} entries={entries} />,
            )}
          </>
        ))}
    </section>
  );
}

function DiffGroup({ kind, entries }: { kind: ChangeKind; entries: readonly DiffEntryView[] }) {
  const id = `diff-group-${kind}`;
  return (
    <section className="diff-group" data-testid="diff-group" data-kind={kind} aria-labelledby={id}>
      <h3 id={id}>
        {CHANGE_KIND_HEADING[kind]} <span className="count">{entries.length}</span>
      </h3>
      <ul className="rows">
        {entries.map((e, i) => (
          <li key={`${e.itemId} ${e.field ?? ""} ${i}`} className="row diff-entry" data-testid="diff-entry" data-kind={e.kind}>
            <span className="diff-what">
              <span className="diff-title">{e.title}</span>{" "}
              <span className="horizon-label">{HORIZON_OPTION[e.horizon]}</span>
            </span>
            <span className="diff-change">
              <EntryChange entry={e} />
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

const FIELD_NAME: Record<string, string> = {
  title: "Title",
  status: "Status",
  confidence: "Confidence",
  metric: "Success metric",
  impact: "Expected impact",
  requirements: "Requirements",
  guardrails: "Guardrails",
};

/** A changed field's value in words. */
function valueOf(field: string | null, value: string | null): string {
  if (value === null || value === "") return "(empty)";
  if (field === "status" && value in STATUS_LABEL) return STATUS_LABEL[value as Status];
  if (field === "confidence" && value in CONFIDENCE_LABEL) return CONFIDENCE_LABEL[value as Confidence];
  return value;
}

function EntryChange({ entry: e }: { entry: DiffEntryView }) {
  switch (e.kind) {
    case "added":
      return <span>in {e.after ?? "?"}</span>;
    case "removed":
      return <span className="muted">was in {e.before ?? "?"}</span>;
    case "moved":
      return <BeforeAfter before={e.before ?? "?"} after={e.after ?? "?"} />;
    case "reparented":
      return <BeforeAfter before={e.before ?? "nothing"} after={e.after ?? "nothing"} />;
    case "changed":
      return (
        <>
          <span className="diff-field">{FIELD_NAME[e.field ?? ""] ?? e.field}</span>
          <BeforeAfter before={valueOf(e.field, e.before)} after={valueOf(e.field, e.after)} />
        </>
      );
  }
}

function BeforeAfter({ before, after }: { before: string; after: string }) {
  const [open, setOpen] = useState(false);
  const long = [...before].length > LONG || [...after].length > LONG || before.includes("\n") || after.includes("\n");
  if (!long) {
    return (
      <span className="diff-values">
        <span className="diff-before">{before}</span>
        <span className="diff-arrow"> → </span>
        <span className="diff-after">{after}</span>
      </span>
    );
  }
  const b = open ? { text: before, cut: false } : truncated(before, LONG);
  const a = open ? { text: after, cut: false } : truncated(after, LONG);
  return (
    <span className="diff-values long">
      <span className="diff-before">{b.text}</span>
      <span className="diff-arrow">→</span>
      <span className="diff-after">{a.text}</span>
      {(open || b.cut || a.cut) && (
        <button
          type="button"
          className="link-button muted"
          data-testid="diff-expand"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
        >
          {open ? "Show less" : "Show all"}
        </button>
      )}
    </span>
  );
}
