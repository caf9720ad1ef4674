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
