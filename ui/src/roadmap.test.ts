import { describe, expect, it } from "vitest";
import type { ItemView } from "./bindings/ItemView";
import { groupByPeriod, servedTitle } from "./roadmap";

const item = (id: string, horizon: ItemView["horizon"], period: string, links: Partial<ItemView> = {}): ItemView => ({
  id,
  productId: "p",
  horizon,
  period,
  title: id,
  goalId: null,
  parentId: null,
  orphan: false,
  ...links,
});

describe("groupByPeriod", () => {
  it("groups one horizon's items by period, periods in time order", () => {
    const items = [
      item("a", "three_year", "2028"),
      item("b", "three_year", "2027-H2"),
      item("c", "one_year", "2027-Q1"),
      item("d", "three_year", "2027"),
      item("e", "three_year", "2027-H2"),
    ];
    const groups = groupByPeriod(items, "three_year");
    expect(groups.map(([p, g]) => [p, g.map((i) => i.id)])).toEqual([
      ["2027", ["d"]],
      ["2027-H2", ["b", "e"]],
      ["2028", ["a"]],
    ]);
  });
});

describe("servedTitle", () => {
  const goals = [{ id: "g", title: "Grow", description: "" }];
  const theme = item("Theme", "five_year", "2030", { goalId: "g" });
  it("names the goal of a theme and the parent of other items", () => {
    expect(servedTitle(theme, goals, [theme])).toBe("Grow");
    expect(servedTitle(item("x", "one_year", "2027-Q1", { parentId: "Theme" }), goals, [theme])).toBe("Theme");
  });
  it("is null for an item serving nothing or a link to something gone", () => {
    expect(servedTitle(item("x", "five_year", "2030"), goals, [])).toBeNull();
    expect(servedTitle(item("x", "one_year", "2027-Q1", { parentId: "gone" }), goals, [theme])).toBeNull();
    // The core flags a link to a deleted parent even if a stale copy of it is still listed.
    expect(servedTitle(item("x", "one_year", "2027-Q1", { parentId: "Theme", orphan: true }), goals, [theme])).toBeNull();
  });
});
