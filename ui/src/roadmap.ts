import type { GoalView } from "./bindings/GoalView";
import type { Horizon } from "./bindings/Horizon";
import type { ItemView } from "./bindings/ItemView";

/** Items of one horizon grouped by period, periods in order ("2027" < "2027-H1" < "2027-Q3" < "2028"). */
export function groupByPeriod(items: readonly ItemView[], horizon: Horizon): [string, ItemView[]][] {
  const groups = new Map<string, ItemView[]>();
  for (const item of items) {
    if (item.horizon !== horizon) continue;
    const group = groups.get(item.period);
    if (group) group.push(item);
    else groups.set(item.period, [item]);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The title of what an item serves: its goal (five-year themes) or its parent item; null when
 * it serves nothing, or what it points at was deleted (`orphan`) or is not listed. */
export function servedTitle(
  item: ItemView,
  goals: readonly GoalView[],
  items: readonly ItemView[],
): string | null {
  if (item.orphan) return null;
  if (item.horizon === "five_year") {
    return item.goalId === null ? null : (goals.find((g) => g.id === item.goalId)?.title ?? null);
  }
  return item.parentId === null ? null : (items.find((i) => i.id === item.parentId)?.title ?? null);
}

/** The periods of a horizon's window for a product planning from `baseYear`, in order: the five
 * years of themes, the three years of initiatives each followed by its halves ("2027",
 * "2027-H1", "2027-H2", "2028", …), the four quarters of the base year. */
export function windowPeriods(horizon: Horizon, baseYear: number): string[] {
  const years = (n: number) => Array.from({ length: n }, (_, i) => baseYear + i);
  switch (horizon) {
    case "five_year":
      return years(5).map(String);
    case "three_year":
      return years(3).flatMap((y) => [`${y}`, `${y}-H1`, `${y}-H2`]);
    case "one_year":
      return [1, 2, 3, 4].map((q) => `${baseYear}-Q${q}`);
  }
}

/** A short account of a product's planning window ("themes 2027–2031 · …"). */
export function windowSummary(baseYear: number): string {
  return `themes ${baseYear}–${baseYear + 4} · initiatives ${baseYear}–${baseYear + 2} · items on the quarters of ${baseYear}`;
}

/**
 * The period `step` places after (positive) or before (negative) `period` in its horizon's
 * window; null past either end. From outside the window, a step towards it enters it.
 */
export function shiftPeriod(horizon: Horizon, baseYear: number, period: string, step: 1 | -1): string | null {
  const periods = windowPeriods(horizon, baseYear);
  const at = periods.indexOf(period);
  if (at < 0) {
    if (step > 0 && period < periods[0]) return periods[0];
    if (step < 0 && period > periods[periods.length - 1]) return periods[periods.length - 1];
    return null;
  }
  return periods[at + step] ?? null;
}

/** One lane's columns: every period of the window with its items (in list order), then the
 * items whose period is outside the window (the base year moved on), in period order. */
export function laneColumns(
  items: readonly ItemView[],
  horizon: Horizon,
  baseYear: number,
): { periods: { period: string; items: ItemView[] }[]; outside: ItemView[] } {
  const periods = windowPeriods(horizon, baseYear).map((period) => ({ period, items: [] as ItemView[] }));
  const outside: ItemView[] = [];
  for (const item of items) {
    if (item.horizon !== horizon) continue;
    const column = periods.find((c) => c.period === item.period);
    if (column && !item.outsideWindow) column.items.push(item);
    else outside.push(item);
  }
  outside.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
  return { periods, outside };
}

/** What a drag ended on: a card, or a period column (for an empty spot). */
export type DropTarget =
  | { kind: "card"; item: ItemView }
  | { kind: "column"; productId: string; horizon: Horizon; period: string };

/**
 * The item_move a drop asks for, or null when it changes nothing or cannot be (another horizon
 * or product, or onto a card outside the window). Dropped on a card: in its column, before it —
 * or after it when the card was dragged down its own column. Dropped on a column's free space:
 * last in that period.
 * `column` is the dragged card's column as shown (to know whether it went down).
 */
export function dropMove(
  dragged: ItemView,
  target: DropTarget,
  column: readonly ItemView[],
): { id: string; period?: string; beforeId?: string; afterId?: string } | null {
  if (target.kind === "column") {
    if (target.productId !== dragged.productId || target.horizon !== dragged.horizon) return null;
    if (target.period !== dragged.period) return { id: dragged.id, period: target.period };
    // Below the cards of its own column: last there.
    const last = column[column.length - 1];
    return last && last.id !== dragged.id ? { id: dragged.id, afterId: last.id } : null;
  }
  const over = target.item;
  if (
    over.id === dragged.id ||
    over.outsideWindow ||
    over.productId !== dragged.productId ||
    over.horizon !== dragged.horizon
  ) {
    return null;
  }
  if (over.period !== dragged.period) return { id: dragged.id, period: over.period, beforeId: over.id };
  const from = column.findIndex((i) => i.id === dragged.id);
  const to = column.findIndex((i) => i.id === over.id);
  return from >= 0 && to > from ? { id: dragged.id, afterId: over.id } : { id: dragged.id, beforeId: over.id };
}
