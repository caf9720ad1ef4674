// Labels and small helpers for the strategy screens: item detail, alignment, snapshots.

import type { ChangeKind } from "./bindings/ChangeKind";
import type { CountsView } from "./bindings/CountsView";
import type { GuardrailKind } from "./bindings/GuardrailKind";
import type { Horizon } from "./bindings/Horizon";

// Status and confidence labels live with the other labels.
export { CONFIDENCES, CONFIDENCE_LABEL, STATUSES, STATUS_LABEL } from "./labels";

export const GUARDRAIL_KINDS: readonly GuardrailKind[] = ["scope", "budget", "quality", "date", "must_not", "other"];

export const GUARDRAIL_KIND_LABEL: Record<GuardrailKind, string> = {
  scope: "Scope",
  budget: "Budget",
  quality: "Quality",
  date: "Date",
  must_not: "Must not",
  other: "Other",
};

/** The order and headings of a snapshot diff's groups. */
export const CHANGE_KINDS: readonly ChangeKind[] = ["added", "removed", "moved", "reparented", "changed"];

export const CHANGE_KIND_HEADING: Record<ChangeKind, string> = {
  added: "Added",
  removed: "Removed",
  moved: "Moved",
  reparented: "Re-parented",
  changed: "Changed",
};

/**
 * The periods an item of `horizon` may be placed on, for a product planning from `base`:
 * one-year: the quarters of the base year; three-year: base…base+2 and their halves; five-year:
 * base…base+4.
 */
export function periodsFor(horizon: Horizon, base: number): string[] {
  if (horizon === "one_year") return [1, 2, 3, 4].map((q) => `${base}-Q${q}`);
  if (horizon === "three_year") {
    return [0, 1, 2].flatMap((d) => [`${base + d}`, `${base + d}-H1`, `${base + d}-H2`]);
  }
  return [0, 1, 2, 3, 4].map((d) => `${base + d}`);
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Roll-up counts in words, from the level below `horizon` down (a goal: from themes):
 * "2 themes · 3 initiatives · 5 items · 1 done", then " · 2 in progress" when any are.
 */
export function countsText(c: CountsView, horizon: Horizon | "goal"): string {
  const parts: string[] = [];
  if (horizon === "goal") parts.push(count(c.themes, "theme", "themes"));
  if (horizon === "goal" || horizon === "five_year") parts.push(count(c.initiatives, "initiative", "initiatives"));
  parts.push(count(c.items, "item", "items"));
  parts.push(`${c.done} done`);
  if (c.inProgress > 0) parts.push(`${c.inProgress} in progress`);
  return parts.join(" · ");
}

/** A long text cut at about `max` characters (on a word boundary when one is near). */
export function truncated(text: string, max = 200): { text: string; cut: boolean } {
  const chars = [...text];
  if (chars.length <= max) return { text, cut: false };
  const head = chars.slice(0, max).join("");
  const space = head.lastIndexOf(" ");
  return { text: `${(space > max * 0.7 ? head.slice(0, space) : head).trimEnd()}…`, cut: true };
}

/** A snapshot's time in the reader's local time: "10 Dec 2026, 14:05". */
export function localDateTime(rfc3339: string): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  return d.toLocaleString(undefined, {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
}
