import { describe, expect, it } from "vitest";
import type { ItemView } from "./bindings/ItemView";
import { dropMove, groupByPeriod, laneColumns, servedTitle, shiftPeriod, windowPeriods } from "./roadmap";

const item = (id: string, horizon: ItemView["horizon"], period: string, links: Partial<ItemView> = {}): ItemView => ({
  id,
  productId: "p",
  horizon,
  period,
  title: id,
  goalId: null,
  parentId: null,
  status: "planned",
  confidence: "medium",
  metric: "",
  impact: "",
  orphan: false,
  unaligned: false,
  outsideWindow: false,
  hasRequirements: false,
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
  const goals = [{ id: "g", title: "Grow", description: "", measure: "" }];
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

describe("planning windows", () => {
  it("has five years of themes, three years (and halves) of initiatives, the base year's quarters", () => {
    expect(windowPeriods("five_year", 2027)).toEqual(["2027", "2028", "2029", "2030", "2031"]);
    expect(windowPeriods("three_year", 2027)).toEqual([
      "2027", "2027-H1", "2027-H2", "2028", "2028-H1", "2028-H2", "2029", "2029-H1", "2029-H2",
    ]);
    expect(windowPeriods("one_year", 2027)).toEqual(["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"]);
  });

  it("steps to the next or previous period, stopping at the window's ends", () => {
    expect(shiftPeriod("one_year", 2027, "2027-Q2", 1)).toBe("2027-Q3");
    expect(shiftPeriod("one_year", 2027, "2027-Q4", 1)).toBeNull();
    expect(shiftPeriod("one_year", 2027, "2027-Q1", -1)).toBeNull();
    expect(shiftPeriod("three_year", 2027, "2027-H2", 1)).toBe("2028");
    expect(shiftPeriod("three_year", 2027, "2028", -1)).toBe("2027-H2");
    expect(shiftPeriod("five_year", 2027, "2031", 1)).toBeNull();
    // From outside the window, a step towards it enters it; away from it, nothing.
    expect(shiftPeriod("one_year", 2028, "2027-Q4", 1)).toBe("2028-Q1");
    expect(shiftPeriod("one_year", 2028, "2027-Q4", -1)).toBeNull();
    expect(shiftPeriod("five_year", 2027, "2035", -1)).toBe("2031");
  });

  it("puts each item in its period's column and the rest after the window", () => {
    const items = [
      item("a", "one_year", "2026-Q4", { outsideWindow: true }),
      item("b", "one_year", "2027-Q2"),
      item("c", "one_year", "2027-Q2"),
      item("d", "three_year", "2027"),
    ];
    const { periods, outside } = laneColumns(items, "one_year", 2027);
    expect(periods.map((c) => [c.period, c.items.map((i) => i.id)])).toEqual([
      ["2027-Q1", []],
      ["2027-Q2", ["b", "c"]],
      ["2027-Q3", []],
      ["2027-Q4", []],
    ]);
    expect(outside.map((i) => i.id)).toEqual(["a"]);
  });
});

describe("dropMove", () => {
  const a = item("a", "one_year", "2027-Q1");
  const b = item("b", "one_year", "2027-Q1");
  const c = item("c", "one_year", "2027-Q1");
  const d = item("d", "one_year", "2027-Q3");
  const column = [a, b, c];
  it("reorders within a column: up goes before the card, down after it", () => {
    expect(dropMove(c, { kind: "card", item: a }, column)).toEqual({ id: "c", beforeId: "a" });
    expect(dropMove(a, { kind: "card", item: b }, column)).toEqual({ id: "a", afterId: "b" });
    expect(dropMove(a, { kind: "card", item: a }, column)).toBeNull();
  });
  it("moves to another period: before the card dropped on, or last in a column", () => {
    expect(dropMove(a, { kind: "card", item: d }, column)).toEqual({ id: "a", period: "2027-Q3", beforeId: "d" });
    expect(dropMove(a, { kind: "column", productId: "p", horizon: "one_year", period: "2027-Q4" }, column)).toEqual({
      id: "a",
      period: "2027-Q4",
    });
    // Its own column's free space: last there (already last: nothing).
    expect(dropMove(a, { kind: "column", productId: "p", horizon: "one_year", period: "2027-Q1" }, column)).toEqual({
      id: "a",
      afterId: "c",
    });
    expect(dropMove(c, { kind: "column", productId: "p", horizon: "one_year", period: "2027-Q1" }, column)).toBeNull();
    // Never next to a card outside the window.
    const old = item("o", "one_year", "2026-Q4", { outsideWindow: true });
    expect(dropMove(a, { kind: "card", item: old }, column)).toBeNull();
  });
  it("never moves across horizons or products", () => {
    expect(dropMove(a, { kind: "card", item: item("t", "three_year", "2027") }, column)).toBeNull();
    expect(dropMove(a, { kind: "column", productId: "q", horizon: "one_year", period: "2027-Q2" }, column)).toBeNull();
    expect(dropMove(a, { kind: "card", item: item("x", "one_year", "2027-Q2", { productId: "q" }) }, column)).toBeNull();
  });
});
